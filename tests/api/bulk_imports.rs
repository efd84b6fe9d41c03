//! The bulk path of part imports (`domain::parts::bulk`): files larger than one batch register
//! exactly what one record at a time would — duplicates inside a batch, across batches and
//! against the library, accessions in file order, revisions, audit events and the sequence index —
//! and a file with a problem anywhere stores nothing.

use serde_json::{json, Value};

use crate::common::{random, TestApp};
use bioreg::db::Backend;
use bioreg::domain::accounts::Role;

/// More records than one batch holds (1,000), so the file is written in three batches.
const ROWS: usize = 2_500;

/// A parts CSV of `ROWS` rows; `sequence_of(i)` gives row `i`'s sequence.
fn csv(sequence_of: impl Fn(usize) -> String) -> &'static [u8] {
    let mut file = String::from("name,role,sequence,aliases,tags,description\n");
    for i in 0..ROWS {
        file.push_str(&format!(
            "bulk-{i},promoter,{},alias-{i},bulk;batch-{},row {i}\n",
            sequence_of(i),
            i / 1000
        ));
    }
    Box::leak(file.into_bytes().into_boxed_slice())
}

fn number(accession: &str) -> i64 {
    accession
        .trim_start_matches(|c: char| c.is_ascii_alphabetic())
        .parse()
        .unwrap()
}

#[actix_web::test]
async fn a_file_of_several_batches_registers_what_one_record_at_a_time_would() {
    let app = TestApp::new().await;
    let token = app.user("lab", Role::Submitter, None);
    let admin = app.admin();
    let library = random(300, 999_999);
    let first = app
        .post(
            "/api/v1/parts",
            Some(&token),
            json!({"name": "in the library", "role": "promoter", "sequence": library}),
        )
        .await
        .ok(201);
    let first_accession = first["accession"].as_str().unwrap().to_string();

    // Three kinds of duplicate: inside one batch (row 10 repeats row 5), inside a later batch
    // (row 1,200 repeats row 1,100) and against the library (row 2,400).
    let with_duplicates = csv(|i| match i {
        10 => random(200, 5),
        1200 => random(200, 1100),
        2400 => library.clone(),
        i => random(200, i as u64),
    });
    let problem = app
        .post_raw("/api/v1/imports?format=csv", Some(&token), "text/csv", with_duplicates)
        .await
        .problem(422);
    let errors = problem["errors"].as_array().unwrap();
    let fields: Vec<&str> = errors.iter().map(|e| e["field"].as_str().unwrap()).collect();
    assert_eq!(fields, ["records[10]", "records[1200]", "records[2400]"], "{problem}");
    let report = &problem["report"];
    let accession_of = |i: usize| report["records"][i]["accession"].as_str().unwrap().to_string();
    assert!(
        errors[0]["message"].as_str().unwrap().contains(&accession_of(5)),
        "{problem}"
    );
    assert!(
        errors[1]["message"].as_str().unwrap().contains(&accession_of(1100)),
        "{problem}"
    );
    assert!(
        errors[2]["message"].as_str().unwrap().contains(&first_accession),
        "{problem}"
    );
    assert_eq!(report["records"].as_array().unwrap().len(), ROWS);
    assert_eq!(report["records"][10]["status"], "invalid");
    assert_eq!(report["records"][11]["status"], "would_create");
    assert_eq!(report["stored"], false);
    let listed = app.get("/api/v1/parts?limit=500", Some(&token)).await.ok(200);
    assert_eq!(listed["items"].as_array().unwrap().len(), 1, "nothing stored: {listed}");
    if app.db.backend() == Backend::Sqlite {
        // The failed import's accessions went back with it (SQLite numbers are gapless).
        let next = app
            .post(
                "/api/v1/parts",
                Some(&token),
                json!({"name": "after", "role": "promoter", "sequence": random(120, 77)}),
            )
            .await
            .ok(201);
        assert_eq!(
            number(next["accession"].as_str().unwrap()),
            number(&first_accession) + 1
        );
    }

    // The same file with twins allowed: every row registered, the twins declared.
    let report = app
        .post_raw(
            "/api/v1/imports?format=csv&allow_duplicate=true",
            Some(&token),
            "text/csv",
            with_duplicates,
        )
        .await
        .ok(201);
    let records = report["records"].as_array().unwrap();
    assert_eq!(records.len(), ROWS);
    // Accessions follow the file's order, without gaps inside the import.
    let numbers: Vec<i64> = records
        .iter()
        .map(|r| number(r["accession"].as_str().unwrap()))
        .collect();
    assert!(numbers.windows(2).all(|w| w[1] == w[0] + 1), "{:?}", &numbers[..5]);
    let twin = app
        .get(
            &format!("/api/v1/parts/{}", records[1200]["accession"].as_str().unwrap()),
            Some(&token),
        )
        .await
        .ok(200);
    assert!(
        twin["duplicate_reason"].as_str().unwrap().starts_with("imported from"),
        "{twin}"
    );
    let single = app
        .get(
            &format!("/api/v1/parts/{}", records[11]["accession"].as_str().unwrap()),
            Some(&token),
        )
        .await
        .ok(200);
    assert!(single["duplicate_reason"].is_null(), "{single}");

    // Rows of the first, a middle and the last batch read as they were written, with their first
    // revision (the same record) and audit event.
    for i in [0, 999, 1000, 1999, 2000, ROWS - 1] {
        let accession = records[i]["accession"].as_str().unwrap();
        let part = app
            .get(&format!("/api/v1/parts/{accession}"), Some(&token))
            .await
            .ok(200);
        assert_eq!(part["name"], format!("bulk-{i}"));
        assert_eq!(part["aliases"], json!([format!("alias-{i}")]));
        assert_eq!(part["tags"], json!([format!("batch-{}", i / 1000), "bulk"]));
        assert_eq!(part["description"], format!("row {i}"));
        assert_eq!(part["revision"], 1);
        assert_eq!(part["curation_state"], "draft");
        let revision = app
            .get(&format!("/api/v1/parts/{accession}/revisions/1"), Some(&token))
            .await
            .ok(200);
        assert_eq!(revision["snapshot"]["accession"], accession);
        assert_eq!(revision["snapshot"]["sequence"], part["sequence"]);
        assert_eq!(revision["snapshot"]["tags"], part["tags"]);
        assert!(
            revision["comment"].as_str().unwrap().starts_with("import "),
            "{revision}"
        );
        let events = app
            .get(&format!("/api/v1/audit?record={accession}"), Some(&admin))
            .await
            .ok(200);
        let actions: Vec<&str> = events["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["action"].as_str().unwrap())
            .collect();
        assert_eq!(actions, ["part.created"], "{events}");
    }
    // A tag of the second batch lists exactly its rows.
    let mut tagged = 0;
    let mut cursor: Option<String> = None;
    loop {
        let path = match &cursor {
            Some(c) => format!("/api/v1/parts?tag=batch-1&limit=500&cursor={c}"),
            None => "/api/v1/parts?tag=batch-1&limit=500".into(),
        };
        let page = app.get(&path, Some(&token)).await.ok(200);
        tagged += page["items"].as_array().unwrap().len();
        match page["next_cursor"].as_str() {
            Some(next) => cursor = Some(next.to_string()),
            None => break,
        }
    }
    assert_eq!(tagged, 1000);

    // The sequence index caught up with every batch.
    let found = app
        .post(
            "/api/v1/search/sequence",
            Some(&token),
            json!({"sequence": random(200, (ROWS - 2) as u64), "mode": "exact"}),
        )
        .await
        .ok(200);
    let hits: Vec<&Value> = found["hits"].as_array().unwrap().iter().collect();
    assert_eq!(hits.len(), 1, "{found}");
    assert_eq!(hits[0]["part"]["accession"], records[ROWS - 2]["accession"]);
}
