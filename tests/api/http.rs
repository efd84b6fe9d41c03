//! HTTP done fully (issue 21): `Vary: Accept` and an ETag per representation, `If-None-Match` → 304
//! on every read, q-values and 406, `Location` on every 201, the `RateLimit-*` headers, and action
//! endpoints that take an empty body.

use actix_web::http::Method;
use actix_web::test::TestRequest;
use serde_json::json;

use crate::common::{TestApp, TestResponse};
use bioreg::config::Settings;
use bioreg::domain::accounts::Role;

async fn get_with(app: &TestApp, path: &str, token: Option<&str>, headers: &[(&str, &str)]) -> TestResponse {
    let mut request = TestRequest::default().method(Method::GET).uri(path);
    if let Some(token) = token {
        request = request.insert_header(("Authorization", format!("Bearer {token}")));
    }
    for (name, value) in headers {
        request = request.insert_header((*name, *value));
    }
    app.send(request).await
}

#[actix_web::test]
async fn each_representation_has_its_own_etag_and_a_matching_if_none_match_is_304() {
    let app = TestApp::new().await;
    app.organization("lab");
    let token = app.user("sam", Role::Submitter, Some("lab"));
    let part = app
        .create_part(&token, json!({"name": "p", "role": "CDS", "sequence": "ATGAAATAA"}))
        .await
        .ok(201);
    let path = format!("/api/v1/parts/{}", part["accession"].as_str().unwrap());

    let as_json = get_with(&app, &path, Some(&token), &[]).await;
    assert_eq!(as_json.header("etag").as_deref(), Some("\"r1\""));
    assert_eq!(as_json.header("vary").as_deref(), Some("Accept, Authorization"));
    let as_genbank = get_with(&app, &path, Some(&token), &[("Accept", "text/x-genbank")]).await;
    assert_eq!(as_genbank.status, 200);
    assert_eq!(as_genbank.header("etag").as_deref(), Some("\"r1-gb\""));
    assert_eq!(as_genbank.header("vary").as_deref(), Some("Accept, Authorization"));
    let by_parameter = get_with(&app, &format!("{path}?format=fasta"), Some(&token), &[]).await;
    assert_eq!(by_parameter.header("etag").as_deref(), Some("\"r1-fasta\""));

    // Revalidation: the same representation is 304 without a body; another one is not.
    let not_modified = get_with(&app, &path, Some(&token), &[("If-None-Match", "\"r1\"")]).await;
    assert_eq!(not_modified.status, 304);
    assert!(not_modified.body.is_empty());
    assert_eq!(not_modified.header("etag").as_deref(), Some("\"r1\""));
    assert_eq!(not_modified.header("vary").as_deref(), Some("Accept, Authorization"));
    let weak = get_with(&app, &path, Some(&token), &[("If-None-Match", "W/\"r1\"")]).await;
    assert_eq!(weak.status, 304);
    let other = get_with(&app, &path, Some(&token), &[("If-None-Match", "\"r1-gb\"")]).await;
    assert_eq!(other.status, 200);

    // Any representation's tag of the current revision serves as If-Match; a stale one is 412.
    app.patch(&path, &token, Some("\"r1-gb\""), json!({"description": "edited"}))
        .await
        .ok(200);
    app.patch(&path, &token, Some("\"r1\""), json!({"description": "again"}))
        .await
        .problem(412);
    let after_edit = get_with(&app, &path, Some(&token), &[("If-None-Match", "\"r1\"")]).await;
    assert_eq!(after_edit.status, 200);
    assert_eq!(after_edit.header("etag").as_deref(), Some("\"r2\""));

    // A list is tagged by its content: unchanged, 304; after a new part, a new tag.
    let list = get_with(&app, "/api/v1/parts", Some(&token), &[]).await;
    let tag = list.header("etag").unwrap();
    assert!(tag.starts_with("\"h"), "{tag}");
    let same = get_with(&app, "/api/v1/parts", Some(&token), &[("If-None-Match", tag.as_str())]).await;
    assert_eq!(same.status, 304);
    app.create_part(&token, json!({"name": "q", "role": "CDS", "sequence": "ATGCCCTAA"}))
        .await
        .ok(201);
    let changed = get_with(&app, "/api/v1/parts", Some(&token), &[("If-None-Match", tag.as_str())]).await;
    assert_eq!(changed.status, 200);
    assert_ne!(changed.header("etag").unwrap(), tag);
    // Errors are never tagged or revalidated.
    let missing = get_with(&app, "/api/v1/parts/BRP999999", Some(&token), &[("If-None-Match", "*")]).await;
    assert_eq!(missing.status, 404);
    assert!(missing.header("etag").is_none());
}

#[actix_web::test]
async fn accept_is_negotiated_by_q_value_and_what_cannot_be_served_is_406() {
    let app = TestApp::new().await;
    app.organization("lab");
    let token = app.user("sam", Role::Submitter, Some("lab"));
    let part = app
        .create_part(&token, json!({"name": "p", "role": "CDS", "sequence": "ATGAAATAA"}))
        .await
        .ok(201);
    let path = format!("/api/v1/parts/{}", part["accession"].as_str().unwrap());
    let fasta = get_with(
        &app,
        &path,
        Some(&token),
        &[("Accept", "application/json;q=0.5, text/x-fasta;q=0.9")],
    )
    .await;
    assert!(fasta.header("content-type").unwrap().starts_with("text/x-fasta"));
    let browser = get_with(&app, &path, Some(&token), &[("Accept", "text/html,*/*;q=0.8")]).await;
    assert_eq!(browser.header("content-type").as_deref(), Some("application/json"));
    let refused = get_with(&app, &path, Some(&token), &[("Accept", "application/xml")]).await;
    let problem = refused.problem(406);
    let detail = problem["detail"].as_str().unwrap();
    assert!(
        detail.contains("text/x-genbank") && detail.contains("application/json"),
        "{detail}"
    );
    let nothing = get_with(&app, &path, Some(&token), &[("Accept", "application/json;q=0")]).await;
    nothing.problem(406);
    // An unknown `format` is a 422 naming the parameter, as the document says.
    let problem = get_with(&app, &format!("{path}?format=xml"), Some(&token), &[])
        .await
        .problem(422);
    assert_eq!(problem["errors"][0]["field"], "format", "{problem}");

    let strain = app.strain(&token, "s", json!([])).await;
    let strain_path = format!("/api/v1/strains/{}", strain["accession"].as_str().unwrap());
    let csv = get_with(&app, &strain_path, Some(&token), &[("Accept", "text/csv")]).await;
    assert_eq!(csv.status, 200);
    assert_eq!(csv.header("etag").as_deref(), Some("\"r1-csv\""));
    get_with(&app, &strain_path, Some(&token), &[("Accept", "text/x-genbank")])
        .await
        .problem(406);
}

#[actix_web::test]
async fn every_201_names_what_it_created_in_location() {
    let app = TestApp::new().await;
    let admin = app.admin();
    let created = app
        .post(
            "/api/v1/organizations",
            Some(&admin),
            json!({"slug": "lab", "name": "Lab", "kind": "lab"}),
        )
        .await;
    let location = created.header("location").unwrap();
    created.ok(201);
    app.get(&location, Some(&admin)).await.ok(200);
    let created = app
        .post(
            "/api/v1/users",
            Some(&admin),
            json!({"name": "sam", "role": "submitter", "organization": "lab"}),
        )
        .await;
    let location = created.header("location").unwrap();
    let user = created.ok(201);
    app.get(&location, Some(&admin)).await.ok(200);
    let user_id = user["id"].as_str().unwrap();
    let created = app
        .post(&format!("/api/v1/users/{user_id}/tokens"), Some(&admin), json!({}))
        .await;
    let location = created.header("location").unwrap();
    let token = created.ok(201)["token"].as_str().unwrap().to_string();
    assert!(location.starts_with("/api/v1/tokens/"), "{location}");

    let created = app
        .create_part(&token, json!({"name": "p", "role": "CDS", "sequence": "ATGAAATAA"}))
        .await;
    let location = created.header("location").unwrap();
    created.ok(201);
    app.get(&location, Some(&token)).await.ok(200);
    let strain = app.strain(&token, "s", json!([])).await;
    let samples = format!("/api/v1/strains/{}/samples", strain["accession"].as_str().unwrap());
    let created = app
        .post(
            &samples,
            Some(&token),
            json!({"location": {"site": "A", "freezer": "F1", "rack": "R1", "box": "B1", "position": "A1"},
                   "preservation_method": "glycerol -80 °C"}),
        )
        .await;
    let location = created.header("location").unwrap();
    created.ok(201);
    // The sample's own URL: removing it there works.
    app.delete(&location, Some(&token)).await.ok(204);
}

#[actix_web::test]
async fn limited_answers_say_where_the_caller_stands() {
    let app = TestApp::with_settings(Settings {
        rate_limit_per_token: 2,
        ..Settings::default()
    })
    .await;
    app.organization("lab");
    let token = app.user("sam", Role::Reader, Some("lab"));
    let first = app.get("/api/v1/parts", Some(&token)).await;
    assert_eq!(first.status, 200);
    assert_eq!(first.header("ratelimit-limit").as_deref(), Some("4"));
    assert_eq!(first.header("ratelimit-remaining").as_deref(), Some("3"));
    assert_eq!(first.header("ratelimit-reset").as_deref(), Some("1"));
    let mut last = first;
    for _ in 0..6 {
        last = app.get("/api/v1/parts", Some(&token)).await;
        if last.status == 429 {
            break;
        }
    }
    assert_eq!(last.status, 429);
    assert!(last.header("retry-after").is_some());
    assert_eq!(last.header("ratelimit-remaining").as_deref(), Some("0"));
    assert_eq!(last.header("ratelimit-limit").as_deref(), Some("4"));
    // Liveness is never limited, so it says nothing about limits.
    assert!(app.get("/health", None).await.header("ratelimit-limit").is_none());
}

#[actix_web::test]
async fn actions_take_an_empty_body() {
    let app = TestApp::new().await;
    app.organization("lab");
    let token = app.user("sam", Role::Submitter, Some("lab"));
    let part = app
        .create_part(&token, json!({"name": "p", "role": "CDS", "sequence": "ATGAAATAA"}))
        .await
        .ok(201);
    let base = format!("/api/v1/parts/{}", part["accession"].as_str().unwrap());
    // `curl -X POST …/submit`: no body, no Content-Type.
    let bare = TestRequest::default()
        .method(Method::POST)
        .uri(&format!("{base}/submit"))
        .insert_header(("Authorization", format!("Bearer {token}")));
    let submitted = app.send(bare).await.ok(200);
    assert_eq!(submitted["curation_state"], "submitted");
    let curator = app.user("cora", Role::Curator, None);
    app.post(
        &format!("{base}/review"),
        Some(&curator),
        json!({"decision": "approve"}),
    )
    .await
    .ok(200);
    // A bare withdrawal lacks its reason, and says so (422, not 415).
    let bare = TestRequest::default()
        .method(Method::POST)
        .uri(&format!("{base}/withdraw"))
        .insert_header(("Authorization", format!("Bearer {curator}")));
    let problem = app.send(bare).await.problem(422);
    assert_eq!(problem["errors"][0]["field"], "reason_code", "{problem}");
    // A body that is there must still be JSON.
    let text = TestRequest::default()
        .method(Method::POST)
        .uri(&format!("{base}/withdraw"))
        .insert_header(("Authorization", format!("Bearer {curator}")))
        .insert_header(("Content-Type", "text/plain"))
        .set_payload("why");
    app.send(text).await.problem(415);
}

#[actix_web::test]
async fn an_owner_withdraws_with_the_reason_codes_curators_use() {
    let app = TestApp::new().await;
    app.organization("lab");
    let token = app.user("sam", Role::Submitter, Some("lab"));
    let part = app
        .create_part(&token, json!({"name": "p", "role": "CDS", "sequence": "ATGAAATAA"}))
        .await
        .ok(201);
    let path = format!("/api/v1/parts/{}", part["accession"].as_str().unwrap());
    let problem = app
        .withdraw(&format!("{path}?reason_code=bored"), &token)
        .await
        .problem(422);
    assert_eq!(problem["errors"][0]["field"], "reason_code", "{problem}");
    let withdrawn = app
        .withdraw(
            &format!("{path}?reason_code=superseded&reason=replaced%20by%20p2"),
            &token,
        )
        .await
        .ok(200);
    assert_eq!(withdrawn["withdrawal_reason"], "superseded: replaced by p2");
    let strain = app.strain(&token, "s", json!([])).await;
    let strain_path = format!("/api/v1/strains/{}", strain["accession"].as_str().unwrap());
    let withdrawn = app
        .withdraw(&format!("{strain_path}?reason_code=duplicate"), &token)
        .await
        .ok(200);
    assert_eq!(withdrawn["withdrawal_reason"], "duplicate");
}
