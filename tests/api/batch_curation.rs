//! Curation at scale (issue 22) through HTTP: an import's drafts submitted in one call; one
//! decision on a whole import or on a list of records, each record getting its own review entry,
//! audit event and publication as a single review gives it; four eyes refusals listed; the cap and
//! `remaining`; all or nothing; the queue filtered by import and counted per organisation.

use actix_web::test::TestRequest;
use serde_json::{json, Value};

use crate::common::TestApp;
use bioreg::config::Settings;
use bioreg::db::Backend;
use bioreg::domain::accounts::Role;

/// A random ACGT sequence of `n` bases from `seed` (mixed, so nearby seeds start apart).
fn sequence(seed: u64, n: usize) -> String {
    crate::common::random(n, seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
}

/// Imports `n` parts as a CSV file (sequences from `seed`); the import's id and the accessions.
pub(crate) async fn import_parts(app: &TestApp, token: &str, n: usize, seed: u64) -> (String, Vec<String>) {
    let mut csv = String::from("name,role,sequence\n");
    for i in 0..n {
        csv.push_str(&format!(
            "batch-{seed}-{i},promoter,{}\n",
            sequence(seed * 1000 + i as u64, 60)
        ));
    }
    let request = TestRequest::post()
        .uri("/api/v1/imports?format=csv&file_name=batch.csv")
        .insert_header(("Authorization", format!("Bearer {token}")))
        .insert_header(("Content-Type", "text/csv"))
        .set_payload(csv);
    let report = app.send(request).await.ok(201);
    let accessions = report["records"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["accession"].as_str().unwrap().to_string())
        .collect();
    (report["id"].as_str().unwrap().to_string(), accessions)
}

async fn submit_import(app: &TestApp, token: &str, import: &str) -> Value {
    app.post(
        &format!("/api/v1/imports/{import}/submit"),
        Some(token),
        json!({"comment": "the whole batch"}),
    )
    .await
    .ok(200)
}

async fn batch(app: &TestApp, token: &str, body: Value) -> Value {
    app.post("/api/v1/reviews/batch", Some(token), body).await.ok(200)
}

async fn queue(app: &TestApp, token: &str, query: &str) -> Vec<String> {
    app.get(&format!("/api/v1/reviews/queue?{query}"), Some(token))
        .await
        .ok(200)["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|item| item["accession"].as_str().unwrap().to_string())
        .collect()
}

#[actix_web::test]
async fn a_whole_import_is_submitted_and_approved_in_one_call_each_and_every_record_is_published() {
    let app = TestApp::new().await;
    app.organization("lab-a");
    let sub = app.user("sam", Role::Submitter, Some("lab-a"));
    let curator = app.user("cora", Role::Curator, None);
    let admin = app.admin();
    let (import, accessions) = import_parts(&app, &sub, 5, 1).await;

    // Before submission nothing of the import waits; submitting is one call.
    assert!(queue(&app, &curator, &format!("import={import}")).await.is_empty());
    let submitted = submit_import(&app, &sub, &import).await;
    assert_eq!(submitted["action"], "submit");
    assert_eq!(submitted["curation_state"], "submitted");
    assert_eq!(submitted["counts"], json!({"done": 5, "refused": 0, "skipped": 0}));
    assert_eq!(submitted["remaining"], 0);
    assert_eq!(queue(&app, &curator, &format!("import={import}")).await, accessions);
    // A second submission finds no drafts left.
    assert_eq!(submit_import(&app, &sub, &import).await["counts"]["done"], 0);

    let decided = batch(
        &app,
        &curator,
        json!({"decision": "approve", "comment": "checked the batch", "import": import}),
    )
    .await;
    assert_eq!(decided["action"], "approve");
    assert_eq!(decided["curation_state"], "approved");
    assert_eq!(decided["import"], import.as_str());
    assert_eq!(decided["counts"], json!({"done": 5, "refused": 0, "skipped": 0}));
    assert_eq!(decided["remaining"], 0);
    assert_eq!(decided["max_records"], 10_000);
    assert!(queue(&app, &curator, &format!("import={import}")).await.is_empty());

    for accession in &accessions {
        // Anonymous readers see it, published at revision 1, exactly as a single approval leaves it.
        let part = app.get(&format!("/api/v1/parts/{accession}"), None).await.ok(200);
        assert_eq!(part["curation_state"], "approved");
        assert_eq!(part["published_revision"], 1);
        // Its own review thread: the submission and the decision, with the one comment.
        let thread = app
            .get(&format!("/api/v1/parts/{accession}/reviews"), None)
            .await
            .ok(200)["items"]
            .clone();
        let actions: Vec<&str> = thread
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["action"].as_str().unwrap())
            .collect();
        assert_eq!(actions, ["submit", "approve"], "{thread}");
        assert_eq!(thread[1]["comment"], "checked the batch");
        assert_eq!(thread[0]["comment"], "the whole batch");
        // Its own audit events.
        let events = app
            .get(&format!("/api/v1/audit?record={accession}"), Some(&admin))
            .await
            .ok(200)["items"]
            .clone();
        let names: Vec<&str> = events
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["action"].as_str().unwrap())
            .collect();
        assert!(
            names.contains(&"part.submitted") && names.contains(&"part.reviewed"),
            "{names:?}"
        );
        // Its revisions are what a single review leaves: the one revision the import made.
        let revisions = app
            .get(&format!("/api/v1/parts/{accession}/revisions"), None)
            .await
            .ok(200)["items"]
            .as_array()
            .unwrap()
            .len();
        assert_eq!(revisions, 1);
    }
    // Sequence search finds the approved parts for anonymous callers (the change feed moved).
    let fragment = &sequence(1000 + 3, 60)[5..45];
    let hits = app
        .post("/api/v1/search/sequence", None, json!({"sequence": fragment}))
        .await
        .ok(200)["hits"]
        .clone();
    assert_eq!(hits[0]["part"]["accession"], accessions[3].as_str(), "{hits}");
}

#[actix_web::test]
async fn a_selection_is_sent_back_or_rejected_with_one_reason_and_the_rest_is_listed() {
    let app = TestApp::new().await;
    app.organization("lab-a");
    let sub = app.user("sam", Role::Submitter, Some("lab-a"));
    let curator = app.user("cora", Role::Curator, None);
    let (import, accessions) = import_parts(&app, &sub, 4, 2).await;
    submit_import(&app, &sub, &import).await;

    // Sending back needs its reason, as a single review does.
    let problem = app
        .post(
            "/api/v1/reviews/batch",
            Some(&curator),
            json!({"decision": "request_changes", "records": [{"id": accessions[0]}]}),
        )
        .await
        .problem(422);
    assert_eq!(problem["errors"][0]["field"], "reason_code");
    // Neither or both selections are refused.
    app.post("/api/v1/reviews/batch", Some(&curator), json!({"decision": "approve"}))
        .await
        .problem(422);
    app.post(
        "/api/v1/reviews/batch",
        Some(&curator),
        json!({"decision": "approve", "import": import, "records": [{"id": accessions[0]}]}),
    )
    .await
    .problem(422);
    // Only curators decide.
    let forbidden = app
        .post(
            "/api/v1/reviews/batch",
            Some(&sub),
            json!({"decision": "approve", "import": import}),
        )
        .await;
    forbidden.problem(403);

    let sent_back = batch(
        &app,
        &curator,
        json!({"decision": "request_changes", "reason_code": "missing_metadata", "comment": "add hosts",
               "records": [{"kind": "part", "id": accessions[0]}, {"id": accessions[1]}, {"id": accessions[1]}]}),
    )
    .await;
    assert_eq!(sent_back["counts"], json!({"done": 2, "refused": 0, "skipped": 0}));
    assert_eq!(sent_back["curation_state"], "changes_requested");
    let rejected = batch(
        &app,
        &curator,
        json!({"decision": "reject", "reason_code": "out_of_scope",
               "records": [{"id": accessions[2]}, {"id": accessions[0]}, {"id": "BRP999999"}]}),
    )
    .await;
    assert_eq!(rejected["counts"], json!({"done": 1, "refused": 0, "skipped": 2}));
    let skipped: Vec<(&str, &str)> = rejected["skipped"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| (s["accession"].as_str().unwrap(), s["reason"].as_str().unwrap()))
        .collect();
    assert!(
        skipped.contains(&(accessions[0].as_str(), "not_submitted")),
        "{rejected}"
    );
    assert!(skipped.contains(&("BRP999999", "not_found")), "{rejected}");
    for (accession, state, reason) in [
        (&accessions[0], "changes_requested", "missing_metadata"),
        (&accessions[1], "changes_requested", "missing_metadata"),
        (&accessions[2], "rejected", "out_of_scope"),
        (&accessions[3], "submitted", ""),
    ] {
        let part = app.get(&format!("/api/v1/parts/{accession}"), Some(&sub)).await.ok(200);
        assert_eq!(part["curation_state"], state, "{accession}");
        let thread = app
            .get(&format!("/api/v1/parts/{accession}/reviews"), Some(&sub))
            .await
            .ok(200)["items"]
            .clone();
        if !reason.is_empty() {
            assert_eq!(thread.as_array().unwrap().len(), 2, "one decision each: {thread}");
            assert_eq!(thread[1]["reason_code"], reason);
        }
    }
    // A record sent back and edited is submitted again with the import's other drafts.
    app.patch(
        &format!("/api/v1/parts/{}", accessions[0]),
        &sub,
        None,
        json!({"tags": ["x"]}),
    )
    .await
    .ok(200);
    let again = submit_import(&app, &sub, &import).await;
    assert_eq!(again["counts"]["done"], 2, "{again}");
}

#[actix_web::test]
async fn four_eyes_refusals_are_listed_and_the_records_stay_in_the_queue() {
    let app = TestApp::new().await;
    app.organization("lab-a");
    // A curator of the lab imports and submits its own records.
    let cora = app.user("cora", Role::Curator, Some("lab-a"));
    let carl = app.user("carl", Role::Curator, None);
    let (import, accessions) = import_parts(&app, &cora, 3, 3).await;
    submit_import(&app, &cora, &import).await;
    let refused = batch(&app, &cora, json!({"decision": "approve", "import": import})).await;
    assert_eq!(refused["counts"], json!({"done": 0, "refused": 3, "skipped": 0}));
    assert_eq!(refused["remaining"], 0);
    let notes = refused["refused"].as_array().unwrap();
    assert_eq!(notes.len(), 3);
    assert!(notes.iter().all(|n| n["reason"] == "four_eyes"), "{refused}");
    assert!(notes[0]["detail"].as_str().unwrap().contains("four eyes"));
    assert_eq!(notes[0]["accession"], accessions[0].as_str());
    assert_eq!(queue(&app, &carl, &format!("import={import}")).await, accessions);
    // Another curator decides them.
    let done = batch(&app, &carl, json!({"decision": "approve", "import": import})).await;
    assert_eq!(done["counts"], json!({"done": 3, "refused": 0, "skipped": 0}));
}

#[actix_web::test]
async fn the_cap_leaves_the_rest_of_an_import_for_the_next_call() {
    let settings = Settings {
        batch_max_records: 3,
        ..Settings::default()
    };
    let app = TestApp::with_settings(settings).await;
    app.organization("lab-a");
    let sub = app.user("sam", Role::Submitter, Some("lab-a"));
    let curator = app.user("cora", Role::Curator, None);
    let (import, accessions) = import_parts(&app, &sub, 7, 4).await;
    let mut remaining = Vec::new();
    for _ in 0..3 {
        let answer = submit_import(&app, &sub, &import).await;
        remaining.push((
            answer["counts"]["done"].as_u64().unwrap(),
            answer["remaining"].as_u64().unwrap(),
        ));
    }
    assert_eq!(remaining, [(3, 4), (3, 1), (1, 0)]);
    let mut decided = Vec::new();
    for _ in 0..3 {
        let answer = batch(&app, &curator, json!({"decision": "approve", "import": import})).await;
        assert_eq!(answer["max_records"], 3);
        decided.push((
            answer["counts"]["done"].as_u64().unwrap(),
            answer["remaining"].as_u64().unwrap(),
        ));
    }
    assert_eq!(decided, [(3, 4), (3, 1), (1, 0)]);
    for accession in &accessions {
        let part = app.get(&format!("/api/v1/parts/{accession}"), None).await.ok(200);
        assert_eq!(part["curation_state"], "approved");
    }
    // A list longer than 1,000 is refused whole.
    let many: Vec<Value> = (0..1001).map(|i| json!({"id": format!("BRP{i:06}")})).collect();
    app.post(
        "/api/v1/reviews/batch",
        Some(&curator),
        json!({"decision": "approve", "records": many}),
    )
    .await
    .problem(422);
}

#[actix_web::test]
async fn a_batch_that_fails_part_way_decides_nothing() {
    use diesel::connection::SimpleConnection;
    let app = TestApp::new().await;
    app.organization("lab-a");
    let sub = app.user("sam", Role::Submitter, Some("lab-a"));
    let curator = app.user("cora", Role::Curator, None);
    let (import, accessions) = import_parts(&app, &sub, 5, 5).await;
    submit_import(&app, &sub, &import).await;
    // The third decision's review entry cannot be written.
    let mut conn = app.db.connect();
    match app.db.backend() {
        Backend::Sqlite => conn
            .batch_execute(
                "CREATE TRIGGER third_fails BEFORE INSERT ON reviews \
                 WHEN (SELECT count(*) FROM reviews WHERE action = 'approve') >= 2 \
                 BEGIN SELECT RAISE(ABORT, 'injected failure'); END;",
            )
            .unwrap(),
        Backend::Postgres => conn
            .batch_execute(
                "CREATE FUNCTION third_fails() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN \
                 IF (SELECT count(*) FROM reviews WHERE action = 'approve') >= 2 THEN \
                 RAISE EXCEPTION 'injected failure'; END IF; RETURN NEW; END $$; \
                 CREATE TRIGGER third_fails BEFORE INSERT ON reviews FOR EACH ROW EXECUTE FUNCTION third_fails();",
            )
            .unwrap(),
    }
    let failed = app
        .post(
            "/api/v1/reviews/batch",
            Some(&curator),
            json!({"decision": "approve", "import": import}),
        )
        .await;
    assert!(failed.status.is_server_error(), "{}", failed.text());
    for accession in &accessions {
        let part = app.get(&format!("/api/v1/parts/{accession}"), Some(&sub)).await.ok(200);
        assert_eq!(part["curation_state"], "submitted", "{accession}");
        assert!(part["published_revision"].is_null());
    }
    app.get(&format!("/api/v1/parts/{}", accessions[0]), None)
        .await
        .problem(404);
    conn.batch_execute("DROP TRIGGER third_fails ON reviews")
        .or_else(|_| conn.batch_execute("DROP TRIGGER third_fails"))
        .unwrap();
    let done = batch(&app, &curator, json!({"decision": "approve", "import": import})).await;
    assert_eq!(done["counts"]["done"], 5);
}

#[actix_web::test]
async fn the_queue_filters_by_import_and_organisation_and_counts_per_organisation() {
    let app = TestApp::new().await;
    app.organization("lab-a");
    app.organization("lab-b");
    let sam = app.user("sam", Role::Submitter, Some("lab-a"));
    let bea = app.user("bea", Role::Submitter, Some("lab-b"));
    let curator = app.user("cora", Role::Curator, None);
    let (import_a, parts_a) = import_parts(&app, &sam, 3, 6).await;
    let (import_b, parts_b) = import_parts(&app, &bea, 2, 7).await;
    let (import_c, _) = import_parts(&app, &sam, 2, 8).await;
    submit_import(&app, &sam, &import_a).await;
    submit_import(&app, &bea, &import_b).await;

    assert_eq!(queue(&app, &curator, &format!("import={import_a}")).await, parts_a);
    assert_eq!(queue(&app, &curator, &format!("import={import_b}")).await, parts_b);
    assert!(queue(&app, &curator, &format!("import={import_c}")).await.is_empty());
    assert_eq!(queue(&app, &curator, "organization=lab-b").await, parts_b);
    assert_eq!(
        queue(
            &app,
            &curator,
            &format!("organization=lab-a&import={import_a}&kind=part")
        )
        .await,
        parts_a
    );
    assert!(queue(&app, &curator, &format!("import={import_a}&kind=strain"))
        .await
        .is_empty());
    app.get("/api/v1/reviews/queue?import=not-an-id", Some(&curator))
        .await
        .problem(422);
    // Paged by import, in order.
    let first = app
        .get(
            &format!("/api/v1/reviews/queue?import={import_a}&limit=2"),
            Some(&curator),
        )
        .await
        .ok(200);
    let cursor = first["next_cursor"].as_str().unwrap();
    let second = app
        .get(
            &format!("/api/v1/reviews/queue?import={import_a}&limit=2&cursor={cursor}"),
            Some(&curator),
        )
        .await
        .ok(200);
    assert_eq!(second["items"][0]["accession"], parts_a[2].as_str());

    let counts = app.get("/api/v1/reviews/queue/counts", Some(&curator)).await.ok(200);
    assert_eq!(counts["truncated"], false);
    let rows: Vec<(String, i64, i64)> = counts["organizations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["organization"]["slug"].as_str().unwrap().to_string(),
                c["parts"].as_i64().unwrap(),
                c["strains"].as_i64().unwrap(),
            )
        })
        .collect();
    assert_eq!(rows, [("lab-a".to_string(), 3, 0), ("lab-b".to_string(), 2, 0)]);
    assert_eq!(counts["organizations"][0]["organization"]["name"], "Lab lab-a");
    app.get("/api/v1/reviews/queue/counts", Some(&sam)).await.problem(403);
}

#[actix_web::test]
async fn only_the_import_s_organisation_submits_it_under_the_single_submission_rules() {
    let app = TestApp::new().await;
    app.organization("lab-a");
    app.organization("lab-b");
    let sam = app.user("sam", Role::Submitter, Some("lab-a"));
    let bea = app.user("bea", Role::Submitter, Some("lab-b"));
    let curator = app.user("cora", Role::Curator, None);
    let (import, _) = import_parts(&app, &sam, 2, 9).await;
    // Another lab does not see the import; a curator sees it but submits nothing of another lab.
    app.post(&format!("/api/v1/imports/{import}/submit"), Some(&bea), json!({}))
        .await
        .problem(404);
    app.post(&format!("/api/v1/imports/{import}/submit"), Some(&curator), json!({}))
        .await
        .problem(403);
    app.post(
        "/api/v1/imports/00000000-0000-0000-0000-000000000000/submit",
        Some(&sam),
        json!({}),
    )
    .await
    .problem(404);
    // A bare POST works, as a single submit does.
    let bare = app
        .send(
            TestRequest::post()
                .uri(&format!("/api/v1/imports/{import}/submit"))
                .insert_header(("Authorization", format!("Bearer {sam}"))),
        )
        .await
        .ok(200);
    assert_eq!(bare["counts"]["done"], 2);

    // Strains without the MIRRI-IS fields are refused and listed, as a single submission refuses them.
    let csv =
        "name,organism_type,taxon_name,risk_group\nBS1,bacteria,Escherichia coli,1\nBS2,bacteria,Escherichia coli,1\n";
    let request = TestRequest::post()
        .uri("/api/v1/imports?kind=strains&format=csv")
        .insert_header(("Authorization", format!("Bearer {sam}")))
        .insert_header(("Content-Type", "text/csv"))
        .set_payload(csv);
    let strains = app.send(request).await.ok(201);
    let strain_import = strains["id"].as_str().unwrap();
    let answer = submit_import(&app, &sam, strain_import).await;
    assert_eq!(answer["counts"], json!({"done": 0, "refused": 2, "skipped": 0}));
    assert_eq!(answer["refused"][0]["reason"], "missing_fields");
    assert_eq!(answer["refused"][0]["kind"], "strain");
}

#[actix_web::test]
async fn records_imported_before_migration_21_are_matched_to_their_import() {
    let app = TestApp::new().await;
    app.organization("lab-a");
    let sub = app.user("sam", Role::Submitter, Some("lab-a"));
    let (import, accessions) = import_parts(&app, &sub, 3, 11).await;
    // Back to the schema before records knew their import, and forward again: the migration reads
    // each record's import from its source.
    let mut conn = app.db.connect();
    let digits = |v: &str| v.chars().filter(char::is_ascii_digit).collect::<String>();
    for version in ["20261209000023", "20261208000022", "20261208000021"] {
        assert_eq!(digits(&conn.revert_last_migration().unwrap()), version);
    }
    conn.run_migrations().unwrap();
    drop(conn);
    // A fresh instance (its connections hold no statements prepared against the old schema).
    let upgraded = app.another_instance(Settings::default()).await;
    let curator = upgraded.user("cora", Role::Curator, None);
    let submitted = submit_import(&upgraded, &sub, &import).await;
    assert_eq!(submitted["counts"]["done"], 3, "{submitted}");
    assert_eq!(
        queue(&upgraded, &curator, &format!("import={import}")).await,
        accessions
    );
}
