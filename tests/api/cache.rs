//! The read cache (src/cache.rs): answers and tokens are served from memory until a write, never
//! stale on the instance that wrote, and stale on another instance sharing the database for at
//! most one change-follower interval (`search_refresh`) plus one poll.

use std::time::{Duration, Instant};

use actix_web::test::TestRequest;
use bioreg::config::Settings;
use bioreg::domain::accounts::Role;
use serde_json::json;

use crate::common::TestApp;

/// `bioreg_read_cache_lookups_total` for one cache and outcome, from `/metrics`.
async fn lookups(app: &TestApp, cache: &str, outcome: &str) -> u64 {
    let metrics = app.get("/metrics", None).await.text();
    let prefix = format!("bioreg_read_cache_lookups_total{{cache=\"{cache}\",outcome=\"{outcome}\"}} ");
    metrics
        .lines()
        .find_map(|line| line.strip_prefix(&prefix))
        .map_or(0, |n| n.trim().parse().unwrap())
}

/// Brings the instance's cache up to the database's change generation, as its follower would:
/// after this, the follower drops nothing until the next write (so hits can be counted).
fn settle(app: &TestApp) {
    let mut conn = app.db.connect();
    app.state
        .cache
        .observe_generation(bioreg::db::generation(&mut conn).unwrap());
}

/// Polls `check` on `app` until `fresh` holds of its answer; fails once `bound` has passed.
async fn fresh_within(bound: Duration, what: &str, mut check: impl AsyncFnMut() -> bool) -> Duration {
    let started = Instant::now();
    loop {
        if check().await {
            return started.elapsed();
        }
        assert!(started.elapsed() < bound, "{what}: still stale after {bound:?}");
        actix_web::rt::time::sleep(Duration::from_millis(10)).await;
    }
}

#[actix_web::test]
async fn reads_are_served_from_the_cache_until_a_write_on_the_same_instance() {
    let app = TestApp::new().await;
    let owner = app.user("lab", Role::Submitter, None);
    let body = json!({"name": "pCache", "role": "promoter", "sequence": "ACGTACGTTTGACAGGCTAGCTCAGTCCT", "description": "first"});
    let created = app.post("/api/v1/parts", Some(&owner), body).await.ok(201);
    let path = format!("/api/v1/parts/{}", created["accession"].as_str().unwrap());

    settle(&app);
    let hits = lookups(&app, "answers", "hit").await;
    let first = app.get(&path, Some(&owner)).await;
    let again = app.get(&path, Some(&owner)).await;
    assert_eq!(first.body, again.body);
    assert_eq!(first.header("etag"), again.header("etag"));
    assert_eq!(
        lookups(&app, "answers", "hit").await,
        hits + 1,
        "the second read was not a hit"
    );
    // Another viewer class does not share the owner's answer: a reader sees nothing of a draft.
    app.get(&path, None).await.problem(404);
    let listed = app.get("/api/v1/parts?q=pCache", Some(&owner)).await.ok(200);
    assert_eq!(listed["items"].as_array().unwrap().len(), 1);
    assert_eq!(
        app.get("/api/v1/parts?q=pCache", None).await.ok(200)["items"],
        json!([])
    );

    // The writer's own instance serves the write at once, in the record and in lists.
    app.patch(
        &path,
        &owner,
        None,
        json!({"description": "second", "name": "pCacheTwo"}),
    )
    .await
    .ok(200);
    assert_eq!(app.get(&path, Some(&owner)).await.ok(200)["description"], "second");
    assert_eq!(
        app.get("/api/v1/parts?q=pCache", Some(&owner)).await.ok(200)["items"][0]["name"],
        "pCacheTwo"
    );
    // A revoked token is refused at once on the instance that revoked it.
    let me = app.get("/api/v1/me", Some(&owner)).await.ok(200);
    app.get("/api/v1/me", Some(&owner)).await.ok(200);
    let admin = app.admin();
    app.delete(
        &format!("/api/v1/tokens/{}", me["token_id"].as_str().unwrap()),
        Some(&admin),
    )
    .await
    .ok(204);
    app.get(&path, Some(&owner)).await.problem(401);
}

#[actix_web::test]
async fn another_instance_serves_a_write_stale_for_at_most_one_refresh() {
    let first = TestApp::new().await;
    let refresh = Duration::from_millis(100);
    let second = first
        .another_instance(Settings {
            search_refresh: refresh,
            ..Settings::default()
        })
        .await;
    // The documented bound is one refresh plus one poll; the slack is for a loaded test machine.
    let bound = refresh + Duration::from_secs(3);
    let owner = first.user("lab", Role::Submitter, None);
    let body = json!({"name": "pShared", "role": "promoter", "sequence": "TTGACAGGCTAGCTCAGTCCTAGGTATAATGCTAGC", "description": "first"});
    let created = first.post("/api/v1/parts", Some(&owner), body).await.ok(201);
    let accession = created["accession"].as_str().unwrap().to_string();
    let path = format!("/api/v1/parts/{accession}");
    first.publish(&owner, "parts", &accession).await;

    // The second instance reads (and caches) the record, a list and the token.
    settle(&second);
    let hits = lookups(&second, "answers", "hit").await;
    let token_hits = lookups(&second, "tokens", "hit").await;
    for _ in 0..2 {
        assert_eq!(second.get(&path, Some(&owner)).await.ok(200)["description"], "first");
        assert_eq!(second.get(&path, None).await.ok(200)["description"], "first");
        let listed = second.get("/api/v1/parts?q=pShared", None).await.ok(200);
        assert_eq!(listed["items"][0]["name"], "pShared");
    }
    assert_eq!(
        lookups(&second, "answers", "hit").await,
        hits + 3,
        "the second round was not cached"
    );
    assert!(lookups(&second, "tokens", "hit").await > token_hits);

    // An edit on the first instance: the second serves it within the bound.
    first
        .patch(&path, &owner, None, json!({"description": "second"}))
        .await
        .ok(200);
    assert_eq!(first.get(&path, Some(&owner)).await.ok(200)["description"], "second");
    let waited = fresh_within(bound, "an edit", async || {
        second.get(&path, Some(&owner)).await.ok(200)["description"] == "second"
    })
    .await;
    eprintln!("the edit reached the other instance after {waited:?}");

    // The edit is pending review: anonymous readers still see the published revision, on both
    // instances. Once a curator approves it (on the first), the second serves it within the bound,
    // to anonymous readers of the record and of lists.
    assert_eq!(second.get(&path, None).await.ok(200)["description"], "first");
    first.publish(&owner, "parts", &accession).await;
    // A client that must see it at once asks the second instance for a fresh answer.
    let fresh = second
        .send(
            TestRequest::get()
                .uri(&path)
                .insert_header(("Cache-Control", "no-cache")),
        )
        .await;
    assert_eq!(fresh.ok(200)["description"], "second");
    fresh_within(bound, "an approval", async || {
        second.get(&path, None).await.ok(200)["description"] == "second"
    })
    .await;
    fresh_within(bound, "an approval, in a list", async || {
        second.get("/api/v1/parts?q=pShared&include=record", None).await.ok(200)["items"][0]["description"] == "second"
    })
    .await;

    // A revoked token stops working on the second instance within the bound.
    let me = first.get("/api/v1/me", Some(&owner)).await.ok(200);
    second.get("/api/v1/me", Some(&owner)).await.ok(200);
    let admin = first.admin();
    first
        .delete(
            &format!("/api/v1/tokens/{}", me["token_id"].as_str().unwrap()),
            Some(&admin),
        )
        .await
        .ok(204);
    first.get("/api/v1/me", Some(&owner)).await.problem(401);
    fresh_within(bound, "a revocation", async || {
        second.get("/api/v1/me", Some(&owner)).await.status.as_u16() == 401
    })
    .await;
}

#[actix_web::test]
async fn with_the_cache_off_every_read_goes_to_the_database() {
    let app = TestApp::with_settings(Settings {
        read_cache_bytes: 0,
        ..Settings::default()
    })
    .await;
    let owner = app.user("lab", Role::Submitter, None);
    let body = json!({"name": "pNoCache", "role": "promoter", "sequence": "TTGACAGGCTAGCTCAGTCCTAGG"});
    let created = app.post("/api/v1/parts", Some(&owner), body).await.ok(201);
    let path = format!("/api/v1/parts/{}", created["accession"].as_str().unwrap());
    for _ in 0..3 {
        app.get(&path, Some(&owner)).await.ok(200);
    }
    assert_eq!(lookups(&app, "answers", "hit").await, 0);
    assert_eq!(lookups(&app, "tokens", "hit").await, 0);
}
