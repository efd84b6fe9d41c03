//! Revisions, field-level diffs and the append-only audit log.

use diesel::connection::SimpleConnection;
use serde_json::{json, Value};

use crate::common::TestApp;
use bioreg::domain::accounts::Role;

fn changed_fields(diff: &Value) -> Vec<String> {
    diff["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["field"].as_str().unwrap().to_string())
        .collect()
}

#[actix_web::test]
async fn a_part_edited_three_times_has_four_revisions_and_exact_diffs() {
    let app = TestApp::new().await;
    let token = app.user("sub", Role::Submitter, None);
    let created = app
        .post(
            "/api/v1/parts?comment=first%20entry",
            Some(&token),
            json!({"name": "B0034", "role": "RBS", "sequence": "AAAGAGGAGAAA", "description": "v1"}),
        )
        .await
        .ok(201);
    let path = format!("/api/v1/parts/{}", created["accession"].as_str().unwrap());
    app.patch(
        &format!("{path}?comment=typo"),
        &token,
        Some("\"r1\""),
        json!({"description": "v2"}),
    )
    .await
    .ok(200);
    app.patch(
        &path,
        &token,
        Some("\"r2\""),
        json!({"tags": ["rbs"], "license": "CC-BY-4.0"}),
    )
    .await
    .ok(200);
    app.patch(
        &path,
        &token,
        Some("\"r3\""),
        json!({"sequence": "AAAGAGGAGAAATG", "description": "v4"}),
    )
    .await
    .ok(200);

    let revisions = app.get(&format!("{path}/revisions"), Some(&token)).await.ok(200);
    let numbers: Vec<i64> = revisions["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["revision"].as_i64().unwrap())
        .collect();
    assert_eq!(numbers, [1, 2, 3, 4]);
    assert_eq!(revisions["items"][0]["comment"], "first entry");
    assert_eq!(revisions["items"][1]["comment"], "typo");
    assert!(revisions["items"][1]["request_id"].is_string());

    let second = app.get(&format!("{path}/revisions/2"), Some(&token)).await.ok(200);
    assert_eq!(second["snapshot"]["description"], "v2");
    assert_eq!(second["snapshot"]["revision"], 2);
    assert_eq!(second["snapshot"]["sequence"], "AAAGAGGAGAAA");

    let d12 = app
        .get(&format!("{path}/revisions/1/diff/2"), Some(&token))
        .await
        .ok(200);
    assert_eq!(changed_fields(&d12), ["description"]);
    assert_eq!(d12["changes"][0]["before"], "v1");
    assert_eq!(d12["changes"][0]["after"], "v2");
    let d23 = app
        .get(&format!("{path}/revisions/2/diff/3"), Some(&token))
        .await
        .ok(200);
    assert_eq!(changed_fields(&d23), ["license", "tags"]);
    let d34 = app
        .get(&format!("{path}/revisions/3/diff/4"), Some(&token))
        .await
        .ok(200);
    let fields = changed_fields(&d34);
    for field in ["description", "sequence", "length", "seqhash", "gc_content"] {
        assert!(fields.contains(&field.to_string()), "{field} missing from {fields:?}");
    }
    assert!(!fields.contains(&"name".to_string()));
    let d14 = app
        .get(&format!("{path}/revisions/1/diff/4"), Some(&token))
        .await
        .ok(200);
    assert!(changed_fields(&d14).len() >= changed_fields(&d34).len() + 2);
    app.get(&format!("{path}/revisions/9"), Some(&token)).await.problem(404);
    app.get(&format!("{path}/revisions/x"), Some(&token)).await.problem(404);
    app.get("/api/v1/parts/BRP999999/revisions", None).await.problem(404);
}

#[actix_web::test]
async fn strains_keep_revisions_and_samples_do_not_add_any() {
    let app = TestApp::new().await;
    let token = app.user("sub", Role::Submitter, None);
    let strain = app.strain(&token, "MG1655", json!([])).await;
    let path = format!("/api/v1/strains/{}", strain["accession"].as_str().unwrap());
    app.patch(&path, &token, None, json!({"genotype": "F- lambda-"}))
        .await
        .ok(200);
    app.post(
        &format!("{path}/samples"),
        Some(&token),
        json!({"location": {"site": "S", "freezer": "F", "rack": "R", "box": "B", "position": "1"}, "preservation_method": "glycerol"}),
    )
    .await
    .ok(201);
    let revisions = app.get(&format!("{path}/revisions"), Some(&token)).await.ok(200);
    assert_eq!(revisions["items"].as_array().unwrap().len(), 2);
    let diff = app
        .get(&format!("{path}/revisions/1/diff/2"), Some(&token))
        .await
        .ok(200);
    assert_eq!(changed_fields(&diff), ["genotype"]);
}

#[actix_web::test]
async fn the_audit_log_holds_every_event_and_cannot_be_changed() {
    let app = TestApp::new().await;
    let admin = app.admin();
    let curator = app.user("cora", Role::Curator, None);
    let user = app
        .post(
            "/api/v1/users",
            Some(&admin),
            json!({"name": "sam", "role": "submitter"}),
        )
        .await
        .ok(201);
    let issued = app
        .post("/api/v1/users/sam/tokens", Some(&admin), json!({"label": "lab"}))
        .await
        .ok(201);
    let token = issued["token"].as_str().unwrap().to_string();
    let part = app
        .create_part(
            &token,
            json!({"name": "B0034", "role": "RBS", "sequence": "AAAGAGGAGAAA"}),
        )
        .await
        .ok(201);
    let accession = part["accession"].as_str().unwrap().to_string();
    app.patch(
        &format!("/api/v1/parts/{accession}"),
        &token,
        None,
        json!({"description": "x"}),
    )
    .await
    .ok(200);
    app.withdraw(&format!("/api/v1/parts/{accession}"), &token)
        .await
        .ok(200);
    let strain = app.strain(&token, "MG1655", json!([])).await;
    let samples = format!("/api/v1/strains/{}/samples", strain["accession"].as_str().unwrap());
    let sample = app
        .post(&samples, Some(&token), json!({"location": {"site": "S", "freezer": "F", "rack": "R", "box": "B", "position": "1"}, "preservation_method": "glycerol"}))
        .await
        .ok(201);
    app.delete(&format!("{samples}/{}", sample["id"].as_str().unwrap()), Some(&token))
        .await
        .ok(204);
    let failed = app.get("/api/v1/me", Some("bioreg_wrong")).await;
    failed.problem(401);
    let failed_request = failed.header("x-request-id").unwrap();
    app.delete(
        &format!("/api/v1/tokens/{}", issued["id"].as_str().unwrap()),
        Some(&admin),
    )
    .await
    .ok(204);

    app.get("/api/v1/audit", Some(&curator)).await.problem(403);
    app.get("/api/v1/audit", None).await.problem(401);
    let log = app.get("/api/v1/audit?limit=500", Some(&admin)).await.ok(200);
    let actions: Vec<&str> = log["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    for expected in [
        "user.created",
        "token.created",
        "part.created",
        "part.edited",
        "part.withdrawn",
        "strain.created",
        "sample.added",
        "sample.removed",
        "auth.failed",
        "token.revoked",
    ] {
        assert!(actions.contains(&expected), "{expected} missing from {actions:?}");
    }
    let failure = log["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["action"] == "auth.failed")
        .unwrap();
    assert_eq!(failure["request_id"], failed_request.as_str());
    assert!(failure["actor_id"].is_null());

    let by_record = app
        .get(&format!("/api/v1/audit?record={accession}"), Some(&admin))
        .await
        .ok(200);
    let actions: Vec<&str> = by_record["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    assert_eq!(actions, ["part.created", "part.edited", "part.withdrawn"]);
    assert!(by_record["items"]
        .as_array()
        .unwrap()
        .iter()
        .all(|e| e["actor_name"] == "sam" && e["request_id"].is_string()));
    let by_actor = app
        .get("/api/v1/audit?actor=sam&action=sample.added", Some(&admin))
        .await
        .ok(200);
    assert_eq!(by_actor["items"].as_array().unwrap().len(), 1);
    let created_at = user["created_at"].as_str().unwrap().replace('+', "%2B");
    let before = app
        .get(
            &format!("/api/v1/audit?to={created_at}&action=user.created"),
            Some(&admin),
        )
        .await
        .ok(200);
    let names: Vec<&str> = before["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["record_accession"].as_str().unwrap())
        .collect();
    assert!(!names.contains(&"sam"), "{names:?}");
    app.get("/api/v1/audit?actor=ghost", Some(&admin)).await.problem(422);
    let page = app.get("/api/v1/audit?limit=2", Some(&admin)).await.ok(200);
    let next = page["next_cursor"].as_str().unwrap();
    let rest = app
        .get(&format!("/api/v1/audit?limit=500&cursor={next}"), Some(&admin))
        .await
        .ok(200);
    assert_eq!(
        rest["items"].as_array().unwrap().len() + 2,
        log["items"].as_array().unwrap().len()
    );

    // The database itself refuses to rewrite history.
    let mut conn = app.db.connect();
    assert!(conn
        .batch_execute("UPDATE audit_events SET action = 'nothing'")
        .is_err());
    assert!(conn.batch_execute("DELETE FROM audit_events").is_err());
    assert!(conn.batch_execute("DELETE FROM record_revisions").is_err());
    let after = app.get("/api/v1/audit?limit=500", Some(&admin)).await.ok(200);
    assert_eq!(
        after["items"].as_array().unwrap().len(),
        log["items"].as_array().unwrap().len()
    );
}

#[actix_web::test]
async fn every_field_says_who_asserted_it_when_and_from_what_source() {
    let app = TestApp::new().await;
    let token = app.user("sam", Role::Submitter, None);
    let admin = app.admin();
    let part = app
        .create_part(
            &token,
            json!({"name": "B0034", "role": "RBS", "sequence": "AAAGAGGAGAAA",
                   "provenance": {"sequence": "iGEM Registry BBa_B0034", "role": "iGEM part type"}}),
        )
        .await
        .ok(201);
    let provenance = &part["provenance"];
    assert_eq!(provenance["sequence"]["source"], "iGEM Registry BBa_B0034");
    assert_eq!(provenance["sequence"]["asserted_by_name"], "sam");
    assert_eq!(provenance["role"]["source"], "iGEM part type");
    assert!(
        provenance["name"]["source"].is_null(),
        "asserted without a named source"
    );
    assert!(
        provenance.get("description").is_none(),
        "empty fields carry no assertion"
    );

    let path = format!("/api/v1/parts/{}", part["accession"].as_str().unwrap());
    let edited = app
        .patch(
            &path,
            &admin,
            None,
            json!({"description": "strong RBS", "provenance": {"description": "doi:10.1038/35002125"}}),
        )
        .await
        .ok(200);
    assert_eq!(edited["provenance"]["description"]["source"], "doi:10.1038/35002125");
    assert_eq!(edited["provenance"]["description"]["asserted_by_name"], "root-admin");
    assert_eq!(
        edited["provenance"]["sequence"], provenance["sequence"],
        "unchanged values keep their provenance"
    );
    assert_eq!(edited["provenance"]["name"], provenance["name"]);
    let renamed = app
        .patch(&path, &admin, None, json!({"name": "BBa_B0034"}))
        .await
        .ok(200);
    assert_eq!(renamed["provenance"]["name"]["asserted_by_name"], "root-admin");
    assert!(renamed["provenance"]["name"]["source"].is_null());

    let body = app
        .patch(&path, &admin, None, json!({"provenance": {"colour": "x"}}))
        .await
        .problem(422);
    assert_eq!(body["errors"][0]["field"], "provenance.colour");

    let strain = app
        .create_strain(
            &token,
            json!({"name": "MG1655", "organism_type": "bacteria", "taxon": {"name": "Escherichia coli"}, "risk_group": 1,
                   "genotype": "F- lambda- ilvG- rfb-50 rph-1", "provenance": {"genotype": "DSMZ catalogue DSM 18039"}}),
        )
        .await
        .ok(201);
    assert_eq!(strain["provenance"]["genotype"]["source"], "DSMZ catalogue DSM 18039");
    assert_eq!(strain["provenance"]["taxon"]["asserted_by_name"], "sam");
}
