//! Hardening through HTTP: If-Match required on writes to versioned records (428), many
//! concurrent writers on one record losing no update, concurrent writes never answered 500 or
//! "database is locked", rate limits (429 with Retry-After), the request timeout, security
//! headers and CORS.

use actix_web::test::TestRequest;
use futures_util::future::join_all;
use serde_json::{json, Value};

use crate::common::TestApp;
use bioreg::config::Settings;
use bioreg::domain::accounts::Role;

/// A random 1 kbp DNA sequence (distinct per call with overwhelming probability).
fn random_dna(length: usize) -> String {
    (0..length).map(|_| b"ACGT"[rand::random_range(0..4)] as char).collect()
}

#[actix_web::test]
async fn writes_to_parts_and_strains_need_if_match() {
    let app = TestApp::new().await;
    let token = app.user("sub", Role::Submitter, None);
    let part = app
        .create_part(
            &token,
            json!({"name": "p", "role": "promoter", "sequence": random_dna(60)}),
        )
        .await
        .ok(201);
    let path = format!("/api/v1/parts/{}", part["accession"].as_str().unwrap());
    let missing = app.patch_raw(&path, &token, None, json!({"description": "x"})).await;
    let problem = missing.problem(428);
    assert_eq!(problem["type"], "urn:bioreg:problem:precondition-required");
    assert!(problem["detail"].as_str().unwrap().contains("If-Match"), "{problem}");
    app.delete(&path, Some(&token)).await.problem(428);
    // `*` says "whatever is current" openly; a stale tag is 412; the current one works.
    app.patch_raw(&path, &token, Some("*"), json!({"description": "star"}))
        .await
        .ok(200);
    app.patch_raw(&path, &token, Some("\"r1\""), json!({"description": "stale"}))
        .await
        .problem(412);
    let edited = app
        .patch_raw(&path, &token, Some("\"r2\""), json!({"description": "current"}))
        .await;
    assert_eq!(edited.header("etag").as_deref(), Some("\"r3\""));
    // Nothing was changed by the refused writes.
    let read = app.get(&path, Some(&token)).await.ok(200);
    assert_eq!(read["description"], "current");
    assert_eq!(read["revision"], 3);

    let strain = app.strain(&token, "MG1655", json!([])).await;
    let strain_path = format!("/api/v1/strains/{}", strain["accession"].as_str().unwrap());
    app.patch_raw(&strain_path, &token, None, json!({"phenotype": "x"}))
        .await
        .problem(428);
    app.delete(&strain_path, Some(&token)).await.problem(428);
    app.withdraw(&strain_path, &token).await.ok(200);
}

#[actix_web::test]
async fn a_review_with_a_stale_if_match_is_refused() {
    let app = TestApp::new().await;
    let token = app.user("sub", Role::Submitter, None);
    let curator = app.user("cur", Role::Curator, None);
    let part = app
        .create_part(
            &token,
            json!({"name": "p", "role": "promoter", "sequence": random_dna(60)}),
        )
        .await
        .ok(201);
    let path = format!("/api/v1/parts/{}", part["accession"].as_str().unwrap());
    app.post(&format!("{path}/submit"), Some(&token), json!({}))
        .await
        .ok(200);
    let seen = app.current_etag(&path, &curator).await.unwrap();
    let review = |tag: String| {
        TestRequest::post()
            .uri(&format!("{path}/review"))
            .insert_header(("Authorization", format!("Bearer {curator}")))
            .insert_header(("If-Match", tag))
            .set_json(json!({"decision": "approve"}))
    };
    app.send(review("\"r7\"".into())).await.problem(412);
    let approved = app.send(review(seen)).await.ok(200);
    assert_eq!(approved["curation_state"], "approved");
}

/// Many clients edit one part at once, each reading it, appending its own mark and writing it
/// back with `If-Match`, retrying on 412: every mark must be in the final record (no lost
/// update), and no request may be answered anything but 200 or 412.
#[actix_web::test]
async fn concurrent_writers_on_one_record_lose_no_update() {
    const WRITERS: usize = 12;
    const EDITS: usize = 4;
    let app = TestApp::new().await;
    let token = app.user("sub", Role::Submitter, None);
    let part = app
        .create_part(
            &token,
            json!({"name": "p", "role": "promoter", "sequence": random_dna(80), "tags": []}),
        )
        .await
        .ok(201);
    let path = format!("/api/v1/parts/{}", part["accession"].as_str().unwrap());
    let writer = |w: usize| {
        let (app, path, token) = (&app, &path, &token);
        async move {
            let (mut conflicts, mut unexpected) = (0, Vec::new());
            for e in 0..EDITS {
                loop {
                    let read = app.get(path, Some(token)).await;
                    let tag = read.header("etag").unwrap();
                    let mut tags: Vec<Value> = read.ok(200)["tags"].as_array().unwrap().clone();
                    tags.push(json!(format!("w{w}e{e}")));
                    let written = app.patch_raw(path, token, Some(&tag), json!({"tags": tags})).await;
                    match written.status.as_u16() {
                        200 => break,
                        412 => conflicts += 1,
                        other => {
                            unexpected.push((other, written.text()));
                            break;
                        }
                    }
                }
            }
            (conflicts, unexpected)
        }
    };
    let outcomes = join_all((0..WRITERS).map(writer)).await;
    let unexpected: Vec<_> = outcomes.iter().flat_map(|(_, u)| u.clone()).collect();
    assert!(unexpected.is_empty(), "statuses other than 200/412: {unexpected:?}");
    let conflicts: usize = outcomes.iter().map(|(c, _)| c).sum();
    let last = app.get(&path, Some(&token)).await.ok(200);
    let mut tags: Vec<String> = last["tags"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t.as_str().unwrap().to_string())
        .collect();
    tags.sort();
    let mut expected: Vec<String> = (0..WRITERS)
        .flat_map(|w| (0..EDITS).map(move |e| format!("w{w}e{e}")))
        .collect();
    expected.sort();
    assert_eq!(tags, expected, "lost updates ({conflicts} conflicts were retried)");
    assert_eq!(last["revision"], (1 + WRITERS * EDITS) as i64);
}

/// Concurrent registrations, edits and imports on different records: every one succeeds; on
/// SQLite none waits into "database is locked" or a 500.
#[actix_web::test]
async fn concurrent_writes_are_all_answered_success() {
    const CLIENTS: usize = 24;
    // One user sends all 24 imports at once: let them all queue for the bulk pool (the per-user
    // share is tested in fair.rs and bounds.rs).
    let mut settings = Settings::default();
    settings.fair.per_user = CLIENTS as u32;
    let app = TestApp::with_settings(settings).await;
    let token = app.user("sub", Role::Submitter, None);
    let client = |i: usize| {
        let (app, token) = (&app, &token);
        async move {
            let mut statuses = Vec::new();
            let created = app
                .create_part(
                    token,
                    json!({"name": format!("c{i}"), "role": "cds", "sequence": random_dna(1000)}),
                )
                .await;
            statuses.push((created.status.as_u16(), created.text()));
            if created.status == 201 {
                let accession = created.json()["accession"].as_str().unwrap().to_string();
                let path = format!("/api/v1/parts/{accession}");
                let edited = app
                    .patch(&path, token, None, json!({"description": format!("edit {i}")}))
                    .await;
                statuses.push((edited.status.as_u16(), edited.text()));
            }
            let fasta = format!(">imp{i}a\n{}\n>imp{i}b\n{}\n", random_dna(500), random_dna(500));
            let imported = app
                .send(
                    TestRequest::post()
                        .uri("/api/v1/imports?format=fasta&role=cds&file_name=c.fa")
                        .insert_header(("Authorization", format!("Bearer {token}")))
                        .insert_header(("content-type", "text/plain"))
                        .set_payload(fasta),
                )
                .await;
            statuses.push((imported.status.as_u16(), imported.text()));
            statuses
        }
    };
    let outcomes = join_all((0..CLIENTS).map(client)).await;
    let failures: Vec<_> = outcomes
        .iter()
        .flatten()
        .filter(|(status, _)| !(200..300).contains(status))
        .collect();
    assert!(failures.is_empty(), "failed writes: {failures:?}");
    let listed = app.get("/api/v1/parts?limit=500", Some(&token)).await.ok(200);
    assert_eq!(listed["items"].as_array().unwrap().len(), CLIENTS * 3);
}

#[actix_web::test]
async fn rate_limits_answer_429_with_retry_after_per_address_and_per_token() {
    let settings = Settings {
        rate_limit_per_ip: 1,
        rate_limit_per_token: 2,
        ..Settings::default()
    };
    let app = TestApp::with_settings(settings).await;
    let token = app.user("sub", Role::Submitter, None);
    let other = app.user("sub2", Role::Submitter, None);
    // Anonymous: one per second, two in a burst.
    app.get("/api/v1/parts", None).await.ok(200);
    app.get("/api/v1/parts", None).await.ok(200);
    let limited = app.get("/api/v1/parts", None).await;
    let problem = limited.problem(429);
    assert_eq!(problem["type"], "urn:bioreg:problem:too-many-requests");
    assert!(problem["detail"].as_str().unwrap().contains("BIOREG_RATE_LIMIT_PER_IP"));
    let wait: u64 = limited.header("retry-after").unwrap().parse().unwrap();
    assert!((1..=2).contains(&wait), "{wait}");
    // A bad token counts against the address too, and is not even looked up.
    app.get("/api/v1/me", Some("bioreg_nope")).await.problem(429);
    // Liveness, readiness and the document are not limited.
    app.get("/health", None).await.ok(200);
    // Authenticated requests count against their token, not the address.
    for _ in 0..4 {
        app.get("/api/v1/me", Some(&token)).await.ok(200);
    }
    let limited = app.get("/api/v1/me", Some(&token)).await;
    assert!(limited.problem(429)["detail"]
        .as_str()
        .unwrap()
        .contains("BIOREG_RATE_LIMIT_PER_TOKEN"));
    assert!(limited.header("retry-after").is_some());
    app.get("/api/v1/me", Some(&other)).await.ok(200);
}

#[actix_web::test]
async fn a_request_over_the_timeout_is_answered_503() {
    let settings = Settings {
        request_timeout: std::time::Duration::from_millis(1),
        ..Settings::default()
    };
    let app = TestApp::with_settings(settings).await;
    let token = app.user("sub", Role::Submitter, None);
    let fasta: String = (0..3000).map(|i| format!(">t{i}\n{}\n", random_dna(300))).collect();
    let response = app
        .send(
            TestRequest::post()
                .uri("/api/v1/imports?format=fasta&role=cds&dry_run=true")
                .insert_header(("Authorization", format!("Bearer {token}")))
                .insert_header(("content-type", "text/plain"))
                .set_payload(fasta),
        )
        .await;
    let problem = response.problem(503);
    assert_eq!(problem["type"], "urn:bioreg:problem:timeout");
    assert!(problem["detail"].as_str().unwrap().contains("BIOREG_REQUEST_TIMEOUT"));
    assert!(response.header("retry-after").is_some());
}

#[actix_web::test]
async fn responses_carry_security_headers_and_no_cors_by_default() {
    let app = TestApp::new().await;
    for path in ["/health", "/api/v1/parts", "/api/v1/nowhere"] {
        let response = app
            .send(
                TestRequest::get()
                    .uri(path)
                    .insert_header(("Origin", "https://elsewhere.example")),
            )
            .await;
        assert_eq!(response.header("x-content-type-options").as_deref(), Some("nosniff"));
        assert_eq!(response.header("x-frame-options").as_deref(), Some("DENY"));
        assert_eq!(response.header("referrer-policy").as_deref(), Some("no-referrer"));
        assert_eq!(
            response.header("content-security-policy").as_deref(),
            Some("default-src 'none'; frame-ancestors 'none'")
        );
        assert!(response.header("access-control-allow-origin").is_none(), "{path}");
        assert!(response.header("strict-transport-security").is_none());
    }
    let docs = app.get("/docs/", None).await;
    assert_eq!(docs.status, 200);
    assert!(docs
        .header("content-security-policy")
        .unwrap()
        .contains("script-src 'self'"));
    let preflight = app
        .send(
            TestRequest::default()
                .method(actix_web::http::Method::OPTIONS)
                .uri("/api/v1/parts")
                .insert_header(("Origin", "https://elsewhere.example"))
                .insert_header(("Access-Control-Request-Method", "POST")),
        )
        .await;
    assert!(preflight.header("access-control-allow-origin").is_none());
}

#[actix_web::test]
async fn cors_allows_only_the_configured_origins() {
    let settings = Settings {
        cors_origins: vec!["https://lab.example.org".into()],
        public_url: "https://registry.example.org".into(),
        ..Settings::default()
    };
    let app = TestApp::with_settings(settings).await;
    let allowed = app
        .send(
            TestRequest::get()
                .uri("/api/v1/parts")
                .insert_header(("Origin", "https://lab.example.org")),
        )
        .await;
    assert_eq!(allowed.status, 200);
    assert_eq!(
        allowed.header("access-control-allow-origin").as_deref(),
        Some("https://lab.example.org")
    );
    assert!(allowed
        .header("access-control-expose-headers")
        .unwrap()
        .to_ascii_lowercase()
        .contains("etag"));
    assert_eq!(
        allowed.header("strict-transport-security").as_deref(),
        Some("max-age=31536000")
    );
    let preflight = app
        .send(
            TestRequest::default()
                .method(actix_web::http::Method::OPTIONS)
                .uri("/api/v1/parts/BRP000001")
                .insert_header(("Origin", "https://lab.example.org"))
                .insert_header(("Access-Control-Request-Method", "PATCH"))
                .insert_header((
                    "Access-Control-Request-Headers",
                    "authorization, if-match, content-type",
                )),
        )
        .await;
    assert_eq!(preflight.status, 200, "{}", preflight.text());
    assert!(preflight
        .header("access-control-allow-methods")
        .unwrap()
        .contains("PATCH"));
    let refused = app
        .send(
            TestRequest::get()
                .uri("/api/v1/parts")
                .insert_header(("Origin", "https://elsewhere.example")),
        )
        .await;
    assert!(refused.header("access-control-allow-origin").is_none());
    if !refused.status.is_success() {
        refused.problem(refused.status.as_u16());
    }
}

#[actix_web::test]
async fn text_with_nul_is_a_422_naming_the_field_on_both_backends() {
    // PostgreSQL cannot store or compare text holding U+0000; it used to answer 500.
    let app = TestApp::new().await;
    let token = app.user("sub", Role::Submitter, None);
    let field_of = |problem: &serde_json::Value| problem["errors"][0]["field"].as_str().unwrap_or("").to_string();
    let problem = app
        .post(
            "/api/v1/parts",
            Some(&token),
            json!({"name": "a\u{0}b", "role": "promoter", "sequence": "ACGT"}),
        )
        .await
        .problem(422);
    assert_eq!(field_of(&problem), "name", "{problem}");
    let problem = app
        .post(
            "/api/v1/parts",
            Some(&token),
            json!({"name": "x", "role": "promoter", "sequence": "ACGTA", "derived_from": ["ok", "a\u{0}b"]}),
        )
        .await
        .problem(422);
    assert_eq!(field_of(&problem), "derived_from[1]", "{problem}");
    let problem = app
        .post(
            "/api/v1/parts",
            Some(&token),
            json!({"name": "y", "role": "promoter", "sequence": "ACGTAA", "components": [{"part": "a\u{0}b"}]}),
        )
        .await
        .problem(422);
    assert_eq!(field_of(&problem), "components[0].part", "{problem}");
    let problem = app.get("/api/v1/parts?tag=a%00b", Some(&token)).await.problem(422);
    assert_eq!(field_of(&problem), "tag", "{problem}");
    app.get("/api/v1/parts/a%00b", Some(&token)).await.problem(404);
    app.get("/api/v1/strains/a%00b", Some(&token)).await.problem(404);
    // Nothing was stored.
    assert_eq!(app.get("/api/v1/parts", Some(&token)).await.ok(200)["items"], json!([]));
}
