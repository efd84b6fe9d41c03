//! Start-up without waiting for the sequence index: `/ready` and sequence search answer 503 while
//! it loads and records are served meanwhile; the saved index file is read back and caught up
//! from the change feed on restart; a damaged, truncated, foreign or stale file is refused and
//! rebuilt. Both backends (the file's place is configured, as for PostgreSQL instances).

use std::path::{Path, PathBuf};

use serde_json::{json, Value};

use crate::common::{random, TestApp};
use bioreg::config::Settings;
use bioreg::domain::accounts::Role;

fn with_file(path: &Path) -> Settings {
    Settings {
        index_file: Some(path.to_path_buf()),
        ..Settings::default()
    }
}

impl TestApp {
    async fn add_part(&self, token: &str, name: &str, sequence: &str) -> String {
        let body = json!({"name": name, "role": "CDS", "sequence": sequence});
        self.post("/api/v1/parts", Some(token), body).await.ok(201)["accession"]
            .as_str()
            .unwrap()
            .to_string()
    }

    /// Accessions found by an exact search for `query`.
    async fn hits(&self, token: &str, query: &str) -> Vec<String> {
        let found = self
            .post("/api/v1/search/sequence", Some(token), json!({"sequence": query}))
            .await
            .ok(200);
        let mut accessions: Vec<String> = found["hits"]
            .as_array()
            .unwrap()
            .iter()
            .map(|h| h["part"]["accession"].as_str().unwrap().to_string())
            .collect();
        accessions.sort();
        accessions
    }

    /// A new instance on this database that loads its index from `file` (or the database), once it
    /// has saved what it built.
    async fn restarted(&self, file: &Path) -> (TestApp, Value) {
        let app = self.another_instance(with_file(file)).await;
        let ready = app.get("/ready", None).await.ok(200);
        app.wait_start_up();
        (app, ready["sequence_index"].clone())
    }

    /// Waits until the instance's start-up is over, the save that follows a start-up build included
    /// (it runs after the index is ready, on the loading thread), so that no save of this instance
    /// lands after the test's next step.
    fn wait_start_up(&self) {
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(120);
        // Polled from the test's thread: the start-up runs on its own thread.
        while !self.state.search.start_up_finished() {
            assert!(
                std::time::Instant::now() < deadline,
                "start-up did not finish within 120 s"
            );
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
    }
}

fn index_path(dir: &tempfile::TempDir) -> PathBuf {
    dir.path().join("registry.seqindex")
}

#[actix_web::test]
async fn search_answers_503_until_the_index_is_loaded_while_records_are_read_and_written() {
    let app = TestApp::with_index_unloaded(Settings::default()).await;
    let token = app.user("lab", Role::Submitter, None);
    assert_eq!(app.get("/health", None).await.status, 200);
    let ready = app.get("/ready", None).await;
    let problem = ready.problem(503);
    assert!(
        problem["detail"]
            .as_str()
            .unwrap()
            .contains("sequence index is loading"),
        "{problem}"
    );
    assert!(ready.header("retry-after").is_some());

    let sequence = random(800, 1);
    let accession = app.add_part(&token, "written-while-loading", &sequence).await;
    app.get(&format!("/api/v1/parts/{accession}"), Some(&token))
        .await
        .ok(200);
    assert_eq!(
        app.get("/api/v1/parts", Some(&token)).await.ok(200)["items"][0]["accession"],
        accession.as_str()
    );
    let search = app
        .post(
            "/api/v1/search/sequence",
            Some(&token),
            json!({"sequence": &sequence[100..160]}),
        )
        .await;
    let problem = search.problem(503);
    assert!(problem["type"].as_str().unwrap().ends_with("not-ready"), "{problem}");
    let retry: u64 = search.header("retry-after").unwrap().parse().unwrap();
    assert!((1..=60).contains(&retry));
    // Bad input is still refused as such while loading.
    app.post("/api/v1/search/sequence", Some(&token), json!({"sequence": "ACGT"}))
        .await
        .problem(422);
    let metrics = app.get("/metrics", None).await.text();
    assert!(metrics.contains("bioreg_sequence_index_ready 0"), "{metrics}");

    bioreg::start_search(&app.state).unwrap();
    assert!(app.state.search.wait_ready(std::time::Duration::from_secs(60)));
    let ready = app.get("/ready", None).await.ok(200);
    assert_eq!(ready["status"], "ready");
    assert_eq!(ready["sequence_index"]["loaded"]["source"], "database");
    assert_eq!(ready["sequence_index"]["sequences"], 1);
    assert_eq!(app.hits(&token, &sequence[100..160]).await, vec![accession]);
    let metrics = app.get("/metrics", None).await.text();
    assert!(metrics.contains("bioreg_sequence_index_ready 1"), "{metrics}");
}

#[actix_web::test]
async fn a_restart_reads_the_saved_index_and_catches_up_from_the_change_feed() {
    let dir = tempfile::tempdir().unwrap();
    let file = index_path(&dir);
    let app = TestApp::with_settings(with_file(&file)).await;
    // Built from the (empty) database at start and saved.
    let ready = app.get("/ready", None).await.ok(200);
    assert_eq!(ready["sequence_index"]["loaded"]["source"], "database");
    app.wait_start_up();
    assert!(file.exists());
    let token = app.user("lab", Role::Submitter, None);
    let (a, b, c) = (random(900, 11), random(900, 12), random(900, 13));
    let part_a = app.add_part(&token, "a", &a).await;
    let part_b = app.add_part(&token, "b", &b).await;
    bioreg::save_search_index(&app.state);

    // Changes after the save: a new part, an edited sequence, a withdrawal.
    let part_c = app.add_part(&token, "c", &c).await;
    let edited = random(900, 14);
    app.patch(
        &format!("/api/v1/parts/{part_a}"),
        &token,
        None,
        json!({"sequence": edited}),
    )
    .await
    .ok(200);
    app.withdraw(&format!("/api/v1/parts/{part_b}"), &token).await;

    let (second, loaded) = app.restarted(&file).await;
    assert_eq!(loaded["loaded"]["source"], "file", "{loaded}");
    assert_eq!(loaded["loaded"]["caught_up"], 3, "{loaded}");
    assert_eq!(loaded["sequences"], 2, "{loaded}");
    assert_eq!(second.hits(&token, &c[200..260]).await, vec![part_c.clone()]);
    assert_eq!(second.hits(&token, &edited[200..260]).await, vec![part_a.clone()]);
    assert!(
        second.hits(&token, &a[200..260]).await.is_empty(),
        "the old sequence is gone"
    );
    assert!(
        second.hits(&token, &b[200..260]).await.is_empty(),
        "the withdrawn part is gone"
    );

    // Saved again at shutdown: the next start has nothing to catch up and answers the same.
    bioreg::save_search_index(&second.state);
    let (third, loaded) = app.restarted(&file).await;
    assert_eq!(loaded["loaded"]["source"], "file");
    assert_eq!(loaded["loaded"]["caught_up"], 0);
    assert_eq!(third.hits(&token, &c[200..260]).await, vec![part_c]);
    assert_eq!(third.hits(&token, &edited[200..260]).await, vec![part_a]);
}

/// Starts an instance on `app`'s database with `file` as it is now; the index must come from the
/// database, say why the file was refused, and leave a good file behind.
async fn refused_and_rebuilt(app: &TestApp, file: &Path, token: &str, query: &str, expected: &str, why: &str) {
    let (restarted, loaded) = app.restarted(file).await;
    assert_eq!(loaded["loaded"]["source"], "database", "{loaded}");
    let refused = loaded["loaded"]["file_refused"].as_str().unwrap_or_default();
    assert!(refused.contains(why), "expected `{why}` in: {loaded}");
    assert_eq!(restarted.hits(token, query).await, vec![expected.to_string()]);
    let (_, loaded) = app.restarted(file).await;
    assert_eq!(
        loaded["loaded"]["source"], "file",
        "rewritten after the rebuild: {loaded}"
    );
}

#[actix_web::test]
async fn a_damaged_or_truncated_index_file_is_refused_and_rebuilt() {
    let dir = tempfile::tempdir().unwrap();
    let file = index_path(&dir);
    let app = TestApp::with_settings(with_file(&file)).await;
    app.wait_start_up();
    let token = app.user("lab", Role::Submitter, None);
    let sequence = random(1200, 21);
    let accession = app.add_part(&token, "kept", &sequence).await;
    bioreg::save_search_index(&app.state);
    let query = &sequence[300..360];

    let mut bytes = std::fs::read(&file).unwrap();
    let middle = bytes.len() / 2;
    bytes[middle] ^= 0x40;
    std::fs::write(&file, &bytes).unwrap();
    refused_and_rebuilt(&app, &file, &token, query, &accession, "damaged").await;

    let bytes = std::fs::read(&file).unwrap();
    std::fs::write(&file, &bytes[..bytes.len() - 17]).unwrap();
    refused_and_rebuilt(&app, &file, &token, query, &accession, "damaged").await;

    std::fs::write(&file, b"something else entirely").unwrap();
    refused_and_rebuilt(&app, &file, &token, query, &accession, "not a bioreg index").await;
}

#[actix_web::test]
async fn an_index_file_of_another_database_or_of_a_feed_it_no_longer_has_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let file = index_path(&dir);
    let app = TestApp::with_settings(with_file(&file)).await;
    app.wait_start_up();
    let token = app.user("lab", Role::Submitter, None);
    let sequence = random(1000, 31);
    let accession = app.add_part(&token, "ours", &sequence).await;
    bioreg::save_search_index(&app.state);
    let query = &sequence[300..360];

    // Foreign: another registry's file in this one's place.
    let other_dir = tempfile::tempdir().unwrap();
    let other_file = index_path(&other_dir);
    let other = TestApp::with_settings(with_file(&other_file)).await;
    other.wait_start_up();
    let other_token = other.user("lab", Role::Submitter, None);
    other.add_part(&other_token, "theirs", &random(1000, 32)).await;
    bioreg::save_search_index(&other.state);
    std::fs::copy(&other_file, &file).unwrap();
    refused_and_rebuilt(&app, &file, &token, query, &accession, "another database").await;

    // Stale: the database was put back to a state whose feed holds that position differently
    // (restored from an older backup).
    let mut conn = app.db.connect();
    use diesel::connection::SimpleConnection;
    conn.batch_execute("UPDATE sequence_changes SET changed_at = '2001-01-01 00:00:00'")
        .unwrap();
    refused_and_rebuilt(&app, &file, &token, query, &accession, "does not hold that change").await;

    // Or whose feed ends before it.
    let another = app.add_part(&token, "later", &random(1000, 33)).await;
    bioreg::save_search_index(&app.state);
    conn.batch_execute("DELETE FROM sequence_changes WHERE id = (SELECT max(id) FROM sequence_changes)")
        .unwrap();
    let (restarted, loaded) = app.restarted(&file).await;
    assert_eq!(loaded["loaded"]["source"], "database", "{loaded}");
    assert!(loaded["loaded"]["file_refused"]
        .as_str()
        .unwrap()
        .contains("does not hold that change"));
    assert_eq!(restarted.hits(&token, query).await, vec![accession]);
    assert!(!another.is_empty());
}

#[actix_web::test]
async fn saves_asked_for_at_once_write_one_good_file() {
    // A shutdown can ask for a save while the one after the start-up build is still writing.
    let dir = tempfile::tempdir().unwrap();
    let file = index_path(&dir);
    let app = TestApp::with_settings(with_file(&file)).await;
    app.wait_start_up();
    let token = app.user("lab", Role::Submitter, None);
    let sequence = random(5000, 41);
    let accession = app.add_part(&token, "saved-twice", &sequence).await;
    std::thread::scope(|scope| {
        for _ in 0..4 {
            scope.spawn(|| bioreg::save_search_index(&app.state));
        }
    });
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|name| name.ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
    let (restarted, loaded) = app.restarted(&file).await;
    assert_eq!(loaded["loaded"]["source"], "file", "{loaded}");
    assert_eq!(loaded["loaded"]["caught_up"], 0, "{loaded}");
    assert_eq!(restarted.hits(&token, &sequence[1000..1060]).await, vec![accession]);
}
