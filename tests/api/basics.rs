//! Operational endpoints, the problem+json shape of every kind of error, request ids, metrics and
//! the OpenAPI document.

use actix_web::test::TestRequest;
use serde_json::json;

use std::time::Duration;

use crate::common::TestApp;
use bioreg::config::Settings;
use bioreg::db::DatabaseUrl;
use bioreg::AppState;

#[actix_web::test]
async fn health_and_ready_answer_with_the_backend_named() {
    let app = TestApp::new().await;
    let health = app.get("/health", None).await;
    assert_eq!(health.ok(200)["status"], "ok");
    let ready = app.get("/ready", None).await.ok(200);
    assert_eq!(ready["status"], "ready");
    assert_eq!(ready["database"], app.db.backend().name());
}

#[actix_web::test]
async fn ready_is_a_503_problem_when_the_database_does_not_answer() {
    let app = TestApp::new().await;
    // A pool whose connections cannot be opened: a directory in place of the SQLite file, or a
    // PostgreSQL database that does not exist.
    let broken = match &app.db.url {
        DatabaseUrl::Sqlite { path } => {
            let dir = std::path::Path::new(path).with_extension("dir");
            std::fs::create_dir_all(&dir).unwrap();
            DatabaseUrl::Sqlite {
                path: dir.display().to_string(),
            }
        }
        DatabaseUrl::Postgres { url } => DatabaseUrl::Postgres {
            url: format!("{url}_missing"),
        },
    };
    let pool = bioreg::db::pool(&broken, 1, Duration::from_millis(300));
    let state = AppState::new(pool, broken.backend(), Settings::default());
    let service = actix_web::test::init_service(bioreg::build_app(state)).await;
    let response = actix_web::test::call_service(&service, TestRequest::get().uri("/ready").to_request()).await;
    assert_eq!(response.status(), 503);
    assert_eq!(
        response.headers().get("content-type").unwrap(),
        "application/problem+json"
    );
    // Liveness does not depend on the database.
    let response = actix_web::test::call_service(&service, TestRequest::get().uri("/health").to_request()).await;
    assert_eq!(response.status(), 200);
}

#[actix_web::test]
async fn every_response_carries_a_request_id_and_a_good_incoming_one_is_kept() {
    let app = TestApp::new().await;
    let generated = app.get("/health", None).await.header("x-request-id").unwrap();
    assert_eq!(uuid::Uuid::parse_str(&generated).unwrap().get_version_num(), 4);
    let kept = app
        .send(
            TestRequest::get()
                .uri("/health")
                .insert_header(("x-request-id", "trace-42")),
        )
        .await;
    assert_eq!(kept.header("x-request-id").as_deref(), Some("trace-42"));
    let replaced = app
        .send(
            TestRequest::get()
                .uri("/health")
                .insert_header(("x-request-id", "bad id!")),
        )
        .await;
    assert_ne!(replaced.header("x-request-id").as_deref(), Some("bad id!"));
    let error = app.get("/no/such/route", None).await;
    assert!(error.header("x-request-id").is_some());
}

#[actix_web::test]
async fn unknown_routes_and_methods_are_problems() {
    let app = TestApp::new().await;
    let missing = app.get("/api/v1/nothing-here", None).await.problem(404);
    assert!(
        missing["detail"].as_str().unwrap().contains("/api/v1/nothing-here"),
        "{missing}"
    );
    let token = app.admin();
    let wrong_method = app.send(TestRequest::put().uri("/api/v1/users")).await.problem(405);
    assert!(
        wrong_method["detail"].as_str().unwrap().contains("PUT"),
        "{wrong_method}"
    );
    let _ = token;
}

#[actix_web::test]
async fn malformed_and_mistyped_json_name_the_problem() {
    let app = TestApp::new().await;
    let token = app.admin();
    let body = app
        .post_raw(
            "/api/v1/organizations",
            Some(&token),
            "application/json",
            b"{\"slug\": \"lab\",",
        )
        .await
        .problem(400);
    assert!(body["detail"].as_str().unwrap().contains("line 1 column"), "{body}");

    let body = app
        .post(
            "/api/v1/organizations",
            Some(&token),
            json!({"slug": "lab", "name": "Lab", "kind": 7}),
        )
        .await
        .problem(422);
    assert_eq!(body["errors"][0]["field"], "kind");

    let body = app
        .post(
            "/api/v1/organizations",
            Some(&token),
            json!({"slug": "lab", "kind": "lab"}),
        )
        .await
        .problem(422);
    assert!(
        body["detail"].as_str().unwrap().contains("missing field `name`"),
        "{body}"
    );

    let body = app
        .post(
            "/api/v1/organizations",
            Some(&token),
            json!({"slug": "lab", "name": "Lab", "kind": "lab", "colour": 1}),
        )
        .await
        .problem(422);
    assert!(body["detail"].as_str().unwrap().contains("colour"), "{body}");

    let body = app
        .post_raw("/api/v1/organizations", Some(&token), "text/plain", b"slug=lab")
        .await
        .problem(415);
    assert!(body["detail"].as_str().unwrap().contains("text/plain"), "{body}");
}

#[actix_web::test]
async fn bodies_over_the_limit_are_413_problems() {
    let app = TestApp::with_settings(Settings {
        max_body_bytes: 64,
        ..Settings::default()
    })
    .await;
    let token = app.admin();
    let big = json!({"slug": "lab", "name": "x".repeat(200), "kind": "lab"});
    let body = app.post("/api/v1/organizations", Some(&token), big).await.problem(413);
    assert!(body["detail"].as_str().unwrap().contains("64 bytes"), "{body}");
}

#[actix_web::test]
async fn bad_query_parameters_are_named() {
    let app = TestApp::new().await;
    let token = app.admin();
    let body = app.get("/api/v1/users?limit=lots", Some(&token)).await.problem(422);
    assert_eq!(body["errors"][0]["field"], "limit");
    let body = app.get("/api/v1/users?limit=0", Some(&token)).await.problem(422);
    assert_eq!(body["errors"][0]["field"], "limit");
    let body = app.get("/api/v1/users?role=boss", Some(&token)).await.problem(422);
    assert_eq!(body["errors"][0]["field"], "role");
    let body = app.get("/api/v1/users?colour=red", Some(&token)).await.problem(422);
    assert!(body["detail"].as_str().unwrap().contains("colour"), "{body}");
}

#[actix_web::test]
async fn metrics_count_requests_by_route_pattern_and_status() {
    let app = TestApp::new().await;
    let token = app.admin();
    app.get("/health", None).await.ok(200);
    app.get("/health", None).await.ok(200);
    let user_id = app.get("/api/v1/me", Some(&token)).await.ok(200)["user"]["id"]
        .as_str()
        .unwrap()
        .to_string();
    app.get(&format!("/api/v1/users/{user_id}"), Some(&token)).await.ok(200);
    app.get("/api/v1/me", Some("bioreg_wrong")).await.problem(401);
    let text = app.get("/metrics", None).await.text();
    assert!(
        text.contains(r#"bioreg_http_requests_total{method="GET",route="/health",status="200"} 2"#),
        "{text}"
    );
    assert!(
        text.contains(r#"bioreg_http_requests_total{method="GET",route="/api/v1/me",status="401"} 1"#),
        "{text}"
    );
    assert!(text.contains(r#"route="/api/v1/users/{id}",status="200""#), "{text}");
    assert!(text.contains("bioreg_http_request_duration_seconds_bucket"), "{text}");
    assert!(!text.contains(&user_id), "raw paths must not become labels");
}

#[actix_web::test]
async fn openapi_document_and_swagger_ui_are_served() {
    let app = TestApp::new().await;
    let document = app.get("/openapi.json", None).await.ok(200);
    assert_eq!(document["info"]["title"], "bioreg");
    assert!(document["paths"]["/api/v1/me"]["get"].is_object());
    assert_eq!(document["components"]["securitySchemes"]["bearer"]["scheme"], "bearer");
    let ui = app.get("/docs/", None).await;
    assert_eq!(ui.status, 200);
    assert!(ui.text().contains("swagger"), "{}", ui.text());
}
