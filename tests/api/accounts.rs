//! Accounts through HTTP: `/me`, organisations, users, tokens, and who may do what.

use chrono::{Duration, Utc};
use futures_util::future::join_all;
use serde_json::json;

use crate::common::TestApp;
use bioreg::db::accounts as rows;
use bioreg::db::types::TokenId;
use bioreg::domain::accounts::{self, Role};

#[actix_web::test]
async fn me_answers_with_the_tokens_user_and_organization() {
    let app = TestApp::new().await;
    app.organization("lab-a");
    let token = app.user("Alice", Role::Submitter, Some("lab-a"));
    let me = app.get("/api/v1/me", Some(&token)).await.ok(200);
    assert_eq!(me["user"]["name"], "Alice");
    assert_eq!(me["user"]["role"], "submitter");
    assert_eq!(me["user"]["organization"]["slug"], "lab-a");
    assert!(
        me["user"]["created_at"].as_str().unwrap().ends_with('Z'),
        "RFC 3339 UTC: {me}"
    );
    assert!(me["token_id"].is_string());
}

#[actix_web::test]
async fn missing_malformed_and_unknown_tokens_are_401_problems() {
    let app = TestApp::new().await;
    let none = app.get("/api/v1/me", None).await;
    let body = none.problem(401);
    assert!(body["detail"].as_str().unwrap().contains("Bearer"), "{body}");
    assert_eq!(
        none.header("www-authenticate").as_deref(),
        Some("Bearer realm=\"bioreg\"")
    );

    app.get("/api/v1/me", Some("bioreg_0000")).await.problem(401);
    app.get("/api/v1/me", Some("not-even-ours")).await.problem(401);
    let basic = app
        .send(
            actix_web::test::TestRequest::get()
                .uri("/api/v1/me")
                .insert_header(("Authorization", "Basic YTpi")),
        )
        .await;
    basic.problem(401);
}

#[actix_web::test]
async fn a_bad_token_is_401_even_when_the_body_is_bad_too() {
    let app = TestApp::new().await;
    for _ in 0..10 {
        app.post_raw("/api/v1/users", Some("bioreg_wrong"), "text/plain", b"not json")
            .await
            .problem(401);
        app.post_raw("/api/v1/users", None, "application/json", b"{")
            .await
            .problem(401);
    }
}

#[actix_web::test]
async fn admin_routes_refuse_other_roles_with_403_and_anonymous_with_401() {
    let app = TestApp::new().await;
    let admin = app.admin();
    let reader = app.user("rita", Role::Reader, None);
    let submitter = app.user("sam", Role::Submitter, None);
    let curator = app.user("cora", Role::Curator, None);
    let me = app.get("/api/v1/me", Some(&admin)).await.ok(200);
    let admin_id = me["user"]["id"].as_str().unwrap().to_string();
    let token_id = me["token_id"].as_str().unwrap().to_string();

    let org = json!({"slug": "lab-x", "name": "Lab X", "kind": "lab"});
    let user = json!({"name": "newbie", "role": "reader"});
    let cases: Vec<(&str, String, Option<serde_json::Value>)> = vec![
        ("GET", "/api/v1/organizations".into(), None),
        ("POST", "/api/v1/organizations".into(), Some(org.clone())),
        ("GET", "/api/v1/organizations/registry".into(), None),
        ("GET", "/api/v1/users".into(), None),
        ("POST", "/api/v1/users".into(), Some(user.clone())),
        ("GET", format!("/api/v1/users/{admin_id}"), None),
        ("GET", format!("/api/v1/users/{admin_id}/tokens"), None),
        ("POST", format!("/api/v1/users/{admin_id}/tokens"), Some(json!({}))),
        ("DELETE", format!("/api/v1/tokens/{token_id}"), None),
    ];
    for (method, path, body) in &cases {
        for (who, token, status) in [
            ("anonymous", None, 401),
            ("reader", Some(&reader), 403),
            ("submitter", Some(&submitter), 403),
            ("curator", Some(&curator), 403),
        ] {
            let token = token.map(String::as_str);
            let response = match (*method, body) {
                ("GET", _) => app.get(path, token).await,
                ("DELETE", _) => app.delete(path, token).await,
                (_, Some(body)) => app.post(path, token, body.clone()).await,
                _ => unreachable!(),
            };
            assert_eq!(
                response.status.as_u16(),
                status,
                "{who} {method} {path}: {}",
                response.text()
            );
            response.problem(status);
        }
    }
    // Nothing was changed by the refused calls.
    let users = app.get("/api/v1/users", Some(&admin)).await.ok(200);
    assert_eq!(users["items"].as_array().unwrap().len(), 4);
    app.get("/api/v1/me", Some(&admin)).await.ok(200);
}

#[actix_web::test]
async fn organizations_are_created_listed_and_found_by_id_or_slug() {
    let app = TestApp::new().await;
    let admin = app.admin();
    let created = app
        .post(
            "/api/v1/organizations",
            Some(&admin),
            json!({"slug": "jbei", "name": "  JBEI  ", "kind": "lab"}),
        )
        .await;
    let location = created.header("location").unwrap();
    let body = created.ok(201);
    assert_eq!(body["name"], "JBEI");
    assert_eq!(
        location,
        format!("/api/v1/organizations/{}", body["id"].as_str().unwrap())
    );
    assert_eq!(app.get(&location, Some(&admin)).await.ok(200)["slug"], "jbei");
    assert_eq!(
        app.get("/api/v1/organizations/jbei", Some(&admin)).await.ok(200)["id"],
        body["id"]
    );
    app.get("/api/v1/organizations/nobody", Some(&admin)).await.problem(404);

    let duplicate = app
        .post(
            "/api/v1/organizations",
            Some(&admin),
            json!({"slug": "jbei", "name": "Other", "kind": "company"}),
        )
        .await
        .problem(409);
    assert!(duplicate["detail"].as_str().unwrap().contains("jbei"), "{duplicate}");

    let invalid = app
        .post(
            "/api/v1/organizations",
            Some(&admin),
            json!({"slug": "Bad Slug", "name": " ", "kind": "lab"}),
        )
        .await
        .problem(422);
    let fields: Vec<_> = invalid["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, ["slug", "name"], "every invalid field at once: {invalid}");

    for slug in ["a-lab", "b-lab", "c-lab"] {
        app.post(
            "/api/v1/organizations",
            Some(&admin),
            json!({"slug": slug, "name": slug, "kind": "company"}),
        )
        .await
        .ok(201);
    }
    // registry (seeded), jbei, a-lab, b-lab, c-lab — two per page, by slug.
    let mut slugs = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let path = match &cursor {
            Some(c) => format!("/api/v1/organizations?limit=2&cursor={c}"),
            None => "/api/v1/organizations?limit=2".to_string(),
        };
        let page = app.get(&path, Some(&admin)).await.ok(200);
        slugs.extend(
            page["items"]
                .as_array()
                .unwrap()
                .iter()
                .map(|o| o["slug"].as_str().unwrap().to_string()),
        );
        match page["next_cursor"].as_str() {
            Some(next) => cursor = Some(next.to_string()),
            None => break,
        }
    }
    assert_eq!(slugs, ["a-lab", "b-lab", "c-lab", "jbei", "registry"]);
}

#[actix_web::test]
async fn users_are_created_in_organizations_with_unique_names() {
    let app = TestApp::new().await;
    let admin = app.admin();
    app.organization("lab-a");
    let created = app
        .post(
            "/api/v1/users",
            Some(&admin),
            json!({"name": "Bob", "role": "curator", "organization": "lab-a"}),
        )
        .await;
    let location = created.header("location").unwrap();
    let bob = created.ok(201);
    assert_eq!(bob["organization"]["slug"], "lab-a");
    assert_eq!(app.get(&location, Some(&admin)).await.ok(200)["name"], "Bob");
    assert_eq!(
        app.get("/api/v1/users/bob", Some(&admin)).await.ok(200)["id"],
        bob["id"]
    );

    let default_org = app
        .post(
            "/api/v1/users",
            Some(&admin),
            json!({"name": "carol", "role": "reader"}),
        )
        .await
        .ok(201);
    assert_eq!(default_org["organization"]["slug"], "registry");

    let taken = app
        .post("/api/v1/users", Some(&admin), json!({"name": "BOB", "role": "reader"}))
        .await
        .problem(409);
    assert!(taken["detail"].as_str().unwrap().contains("BOB"), "{taken}");
    let unknown_org = app
        .post(
            "/api/v1/users",
            Some(&admin),
            json!({"name": "dan", "role": "reader", "organization": "nowhere"}),
        )
        .await
        .problem(422);
    assert_eq!(unknown_org["errors"][0]["field"], "organization");
    let bad_name = app
        .post(
            "/api/v1/users",
            Some(&admin),
            json!({"name": "d a n", "role": "reader"}),
        )
        .await
        .problem(422);
    assert_eq!(bad_name["errors"][0]["field"], "name");
    let bad_role = app
        .post("/api/v1/users", Some(&admin), json!({"name": "dan", "role": "boss"}))
        .await
        .problem(422);
    assert_eq!(bad_role["errors"][0]["field"], "role");

    let in_lab = app.get("/api/v1/users?organization=lab-a", Some(&admin)).await.ok(200);
    let names: Vec<_> = in_lab["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["Bob"]);
    let readers = app.get("/api/v1/users?role=reader", Some(&admin)).await.ok(200);
    let names: Vec<_> = readers["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["carol"]);
    app.get("/api/v1/users?organization=nowhere", Some(&admin))
        .await
        .problem(422);

    let page = app.get("/api/v1/users?limit=2", Some(&admin)).await.ok(200);
    assert_eq!(page["items"].as_array().unwrap().len(), 2);
    let next = page["next_cursor"].as_str().unwrap();
    let rest = app
        .get(&format!("/api/v1/users?limit=2&cursor={next}"), Some(&admin))
        .await
        .ok(200);
    assert_eq!(rest["items"].as_array().unwrap().len(), 1);
    assert!(rest["next_cursor"].is_null());
}

#[actix_web::test]
async fn tokens_are_shown_once_work_until_revoked_and_never_listed_with_secrets() {
    let app = TestApp::new().await;
    let admin = app.admin();
    let user = app
        .post(
            "/api/v1/users",
            Some(&admin),
            json!({"name": "erin", "role": "submitter"}),
        )
        .await
        .ok(201);
    let user_id = user["id"].as_str().unwrap();
    let expires = (Utc::now() + Duration::days(30)).to_rfc3339();
    let issued = app
        .post(
            &format!("/api/v1/users/{user_id}/tokens"),
            Some(&admin),
            json!({"label": "ci", "expires_at": expires}),
        )
        .await
        .ok(201);
    let secret = issued["token"].as_str().unwrap().to_string();
    assert!(
        secret.starts_with("bioreg_") && secret.len() >= 7 + 32,
        "at least 128 random bits: {secret}"
    );
    assert_eq!(issued["label"], "ci");
    assert!(issued["expires_at"].is_string());

    let me = app.get("/api/v1/me", Some(&secret)).await.ok(200);
    assert_eq!(me["user"]["name"], "erin");
    assert_eq!(me["token_id"], issued["id"]);

    // The secret is stored only as a hash.
    let mut conn = app.db.connect();
    let stored = rows::list_tokens_of_user(
        &mut conn,
        serde_json::from_value(user["id"].clone()).unwrap(),
        None,
        1000,
    )
    .unwrap();
    assert_eq!(stored.len(), 1);
    assert_ne!(stored[0].token_hash, secret);
    assert_eq!(stored[0].token_hash, accounts::hash_token(&secret));

    let listed = app.get(&format!("/api/v1/users/{user_id}/tokens"), Some(&admin)).await;
    assert!(!listed.text().contains(&secret) && !listed.text().contains(&stored[0].token_hash));
    assert_eq!(listed.ok(200)["items"].as_array().unwrap().len(), 1);

    let token_id = issued["id"].as_str().unwrap();
    app.delete(&format!("/api/v1/tokens/{token_id}"), Some(&admin))
        .await
        .ok(204);
    let revoked = app.get("/api/v1/me", Some(&secret)).await.problem(401);
    assert!(revoked["detail"].as_str().unwrap().contains("revoked"), "{revoked}");
    app.delete(&format!("/api/v1/tokens/{token_id}"), Some(&admin))
        .await
        .problem(409);
    app.delete(&format!("/api/v1/tokens/{}", uuid::Uuid::new_v4()), Some(&admin))
        .await
        .problem(404);
    app.delete("/api/v1/tokens/not-a-uuid", Some(&admin)).await.problem(404);
    let listed = app
        .get(&format!("/api/v1/users/{user_id}/tokens"), Some(&admin))
        .await
        .ok(200);
    assert!(listed["items"][0]["revoked_at"].is_string());

    let past = (Utc::now() - Duration::hours(1)).to_rfc3339();
    let refused = app
        .post(
            &format!("/api/v1/users/{user_id}/tokens"),
            Some(&admin),
            json!({"expires_at": past}),
        )
        .await
        .problem(422);
    assert_eq!(refused["errors"][0]["field"], "expires_at");
    app.post("/api/v1/users/nobody/tokens", Some(&admin), json!({}))
        .await
        .problem(404);
}

#[actix_web::test]
async fn expired_tokens_are_refused() {
    let app = TestApp::new().await;
    let secret = app.user("frank", Role::Reader, None);
    app.get("/api/v1/me", Some(&secret)).await.ok(200);
    // Age the token: move its expiry into the past directly in the database.
    let mut conn = app.db.connect();
    let hash = accounts::hash_token(&secret);
    let (token, _, _) = rows::find_token_by_hash(&mut conn, &hash).unwrap().unwrap();
    {
        use bioreg::db::schema::api_tokens;
        use diesel::prelude::*;
        let id: TokenId = token.id;
        diesel::update(api_tokens::table.find(id))
            .set(api_tokens::expires_at.eq(Some((Utc::now() - Duration::minutes(1)).naive_utc())))
            .execute(&mut conn)
            .unwrap();
    }
    // Edited behind bioreg's back, so no write transaction told the read cache: tell it as the
    // change follower would after any write (the token's cached answer is dropped).
    bioreg::db::connection::DbConnection::write_transaction(&mut conn, |_| Ok::<_, diesel::result::Error>(())).unwrap();
    app.state
        .cache
        .observe_generation(bioreg::db::generation(&mut conn).unwrap());
    let body = app.get("/api/v1/me", Some(&secret)).await.problem(401);
    assert!(body["detail"].as_str().unwrap().contains("expired"), "{body}");
}

#[actix_web::test]
async fn concurrent_writes_all_succeed() {
    let app = TestApp::new().await;
    let admin = app.admin();
    let requests = (0..24).map(|i| {
        let body = json!({"slug": format!("lab-{i:02}"), "name": format!("Lab {i}"), "kind": "lab"});
        app.post("/api/v1/organizations", Some(&admin), body)
    });
    for response in join_all(requests).await {
        response.ok(201);
    }
    let users = (0..24).map(|i| {
        app.post(
            "/api/v1/users",
            Some(&admin),
            json!({"name": format!("u{i}"), "role": "reader", "organization": format!("lab-{i:02}")}),
        )
    });
    for response in join_all(users).await {
        response.ok(201);
    }
    let page = app.get("/api/v1/organizations?limit=500", Some(&admin)).await.ok(200);
    assert_eq!(page["items"].as_array().unwrap().len(), 25);
}

#[actix_web::test]
async fn users_create_list_and_revoke_their_own_tokens_which_always_expire() {
    use bioreg::config::Settings;
    let app = TestApp::with_settings(Settings {
        self_token_days: 30,
        self_token_max_days: 60,
        ..Settings::default()
    })
    .await;
    app.organization("lab-a");
    let reader = app.user("Rita", Role::Reader, Some("lab-a"));
    let other = app.user("Otto", Role::Submitter, Some("lab-a"));

    // No expiry named: BIOREG_SELF_TOKEN_DAYS from now; the secret works at once.
    let created = app
        .post("/api/v1/me/tokens", Some(&reader), json!({"label": "notebook"}))
        .await;
    let location = created.header("location").unwrap();
    let created = created.ok(201);
    assert_eq!(
        location,
        format!("/api/v1/me/tokens/{}", created["id"].as_str().unwrap())
    );
    let secret = created["token"].as_str().unwrap().to_string();
    let expires: chrono::DateTime<Utc> = created["expires_at"].as_str().unwrap().parse().unwrap();
    let days = (expires - Utc::now()).num_hours() as f64 / 24.0;
    assert!((29.9..=30.0).contains(&days), "{days}");
    assert_eq!(
        app.get("/api/v1/me", Some(&secret)).await.ok(200)["user"]["name"],
        "Rita"
    );

    // A named expiry within BIOREG_SELF_TOKEN_MAX_DAYS is kept; further away, or past, is refused.
    let soon = (Utc::now() + Duration::days(7)).to_rfc3339();
    let second = app
        .post("/api/v1/me/tokens", Some(&reader), json!({"expires_at": soon}))
        .await
        .ok(201);
    let far = (Utc::now() + Duration::days(61)).to_rfc3339();
    let problem = app
        .post("/api/v1/me/tokens", Some(&reader), json!({"expires_at": far}))
        .await
        .problem(422);
    assert_eq!(problem["errors"][0]["field"], "expires_at");
    assert!(
        problem["errors"][0]["message"].as_str().unwrap().contains("60 days"),
        "{problem}"
    );
    let past = (Utc::now() - Duration::hours(1)).to_rfc3339();
    app.post("/api/v1/me/tokens", Some(&reader), json!({"expires_at": past}))
        .await
        .problem(422);

    // Listed a page at a time, never with secrets; only the caller's own.
    let first_page = app.get("/api/v1/me/tokens?limit=2", Some(&reader)).await;
    assert!(!first_page.text().contains(&secret));
    let first_page = first_page.ok(200);
    assert_eq!(first_page["items"].as_array().unwrap().len(), 2);
    let cursor = first_page["next_cursor"].as_str().unwrap();
    let rest = app
        .get(&format!("/api/v1/me/tokens?limit=2&cursor={cursor}"), Some(&reader))
        .await
        .ok(200);
    assert_eq!(rest["items"].as_array().unwrap().len(), 1);
    assert!(rest["next_cursor"].is_null());
    let others = app.get("/api/v1/me/tokens", Some(&other)).await.ok(200);
    assert_eq!(others["items"].as_array().unwrap().len(), 1);

    // Revoking: one's own only (another's is 404, as a token that does not exist), once.
    let id = second["id"].as_str().unwrap();
    app.delete(&format!("/api/v1/me/tokens/{id}"), Some(&other))
        .await
        .problem(404);
    app.delete(&format!("/api/v1/me/tokens/{id}"), Some(&reader))
        .await
        .ok(204);
    app.delete(&format!("/api/v1/me/tokens/{id}"), Some(&reader))
        .await
        .problem(409);
    let created_id = created["id"].as_str().unwrap();
    app.delete(&format!("/api/v1/me/tokens/{created_id}"), Some(&secret))
        .await
        .ok(204);
    app.get("/api/v1/me", Some(&secret)).await.problem(401);

    // The revocations are audited with the user as actor.
    let admin = app.admin();
    let audit = app
        .get("/api/v1/audit?action=token.revoked&limit=10", Some(&admin))
        .await
        .ok(200);
    assert_eq!(audit["items"].as_array().unwrap().len(), 2, "{audit}");

    // A user cannot grow the token table without bound.
    let live = 1; // the token `reader` itself, issued by `app.user`
    for _ in live..accounts::MAX_OWN_TOKENS {
        app.post("/api/v1/me/tokens", Some(&reader), json!({})).await.ok(201);
    }
    let problem = app
        .post("/api/v1/me/tokens", Some(&reader), json!({}))
        .await
        .problem(409);
    assert!(problem["detail"].as_str().unwrap().contains("revoke one"), "{problem}");
    // Anonymous callers have no tokens.
    app.get("/api/v1/me/tokens", None).await.problem(401);
}
