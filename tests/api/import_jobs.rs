//! Imports as jobs: `Prefer: respond-async` (and files over `BIOREG_ASYNC_IMPORT_BYTES`) answer 202
//! with a job that runs in the background; the job's state, progress and report; the list of
//! imports with its filters and cursor; `Idempotency-Key`; visibility; the lease that fails a job
//! whose server stopped (the kill itself is `tests/interop/import_job_restart.py`).

use std::time::{Duration, Instant};

use actix_web::test::TestRequest;
use serde_json::Value;

use crate::common::{TestApp, TestDb, TestResponse};
use bioreg::config::Settings;
use bioreg::db::types::ImportId;
use bioreg::db::{Backend, DbConnection};
use bioreg::domain::accounts::{self, Principal, Role};
use bioreg::domain::formats::Defaults;
use bioreg::domain::import_jobs::{self, JobState, LiveProgress};
use bioreg::domain::imports::{ImportFormat, ImportKind, ImportRequest};

const PUC19: &[u8] = include_bytes!("../fixtures/genbank/pydna/pUC19_M77789.gb");

/// A FASTA file of `n` distinct random sequences of `length` bases, named `<prefix>0001`….
fn fasta(prefix: &str, n: usize, length: usize, seed: u64) -> Vec<u8> {
    let mut state = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
    let mut file = String::new();
    for i in 0..n {
        file.push_str(&format!(">{prefix}{:04} test record {i}\n", i + 1));
        let sequence: String = (0..length)
            .map(|_| {
                state = state
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                b"ACGT"[(state >> 62) as usize] as char
            })
            .collect();
        for line in sequence.as_bytes().chunks(70) {
            file.push_str(std::str::from_utf8(line).unwrap());
            file.push('\n');
        }
    }
    file.into_bytes()
}

impl TestApp {
    /// `POST /api/v1/imports?<query>` of `file`, with extra headers.
    async fn upload(&self, token: &str, query: &str, file: &[u8], headers: &[(&str, &str)]) -> TestResponse {
        let mut request = TestRequest::post()
            .uri(&format!("/api/v1/imports?{query}"))
            .insert_header(("authorization", format!("Bearer {token}")))
            .insert_header(("content-type", "application/octet-stream"));
        for (name, value) in headers {
            request = request.insert_header((*name, *value));
        }
        self.send(request.set_payload(file.to_vec())).await
    }

    /// Polls an import until it has ended; the import then.
    async fn ended(&self, token: &str, id: &str) -> Value {
        let started = Instant::now();
        loop {
            let job = self.get(&format!("/api/v1/imports/{id}"), Some(token)).await.ok(200);
            if job["state"] == "succeeded" || job["state"] == "failed" {
                return job;
            }
            assert!(
                started.elapsed() < Duration::from_secs(60),
                "the job never ended: {job}"
            );
            actix_web::rt::time::sleep(Duration::from_millis(20)).await;
        }
    }

    async fn parts_named(&self, token: &str, prefix: &str) -> usize {
        let list = self
            .get(&format!("/api/v1/parts?q={prefix}&limit=500"), Some(token))
            .await
            .ok(200);
        list["items"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|p| p["name"].as_str().unwrap().starts_with(prefix))
            .count()
    }
}

const ASYNC: (&str, &str) = ("prefer", "respond-async");

#[actix_web::test]
async fn a_job_answers_202_runs_in_the_background_and_stores_its_records() {
    let app = TestApp::new().await;
    let token = app.user("lab", Role::Submitter, None);
    let file = fasta("JOBA", 25, 300, 1);
    let accepted = app
        .upload(&token, "format=fasta&role=promoter&file_name=a.fasta", &file, &[ASYNC])
        .await;
    let job = accepted.ok(202);
    let id = job["id"].as_str().unwrap().to_string();
    assert_eq!(accepted.header("location"), Some(format!("/api/v1/imports/{id}")));
    assert_eq!(accepted.header("preference-applied").as_deref(), Some("respond-async"));
    assert!(["queued", "running"].contains(&job["state"].as_str().unwrap()), "{job}");
    assert_eq!(job["stored"], false);
    assert_eq!(job["created_by"]["name"], "lab");
    assert_eq!(job["file_name"], "a.fasta");
    assert_eq!(job["progress"]["stored"], 0);
    assert_eq!(job["records"], serde_json::json!([]));

    let done = app.ended(&token, &id).await;
    assert_eq!(done["state"], "succeeded", "{done}");
    assert_eq!(done["stored"], true);
    assert_eq!(
        done["progress"],
        serde_json::json!({"total": 25, "checked": 25, "stored": 25})
    );
    assert!(
        done["started_at"].is_string() && done["finished_at"].is_string(),
        "{done}"
    );
    assert!(done["error"].is_null());
    // The report's fields, as a synchronous import gives them.
    assert_eq!(done["imported_by"], "lab");
    let records = done["records"].as_array().unwrap();
    assert_eq!(records.len(), 25);
    assert!(records.iter().all(|r| r["status"] == "created"), "{done}");
    let accession = records[0]["accession"].as_str().unwrap();
    let part = app
        .get(&format!("/api/v1/parts/{accession}"), Some(&token))
        .await
        .ok(200);
    assert_eq!(
        part["source"]["import_id"],
        id.as_str(),
        "records name the job as their import"
    );
    assert_eq!(app.parts_named(&token, "JOBA").await, 25);
    // The sequence index has them: a search finds the first.
    let sequence = part["sequence"].as_str().unwrap().to_string();
    let hits = app
        .post(
            "/api/v1/search/sequence",
            Some(&token),
            serde_json::json!({"sequence": &sequence[..60]}),
        )
        .await
        .ok(200);
    assert!(
        hits["hits"]
            .as_array()
            .unwrap()
            .iter()
            .any(|h| h["part"]["accession"] == accession),
        "{hits}"
    );
    // The file is gone once the job ended.
    let mut conn = app.db.connect();
    assert_eq!(import_files(&mut conn), 0);
}

fn import_files(conn: &mut DbConnection) -> i64 {
    use diesel::prelude::*;
    #[derive(QueryableByName)]
    struct Count {
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        n: i64,
    }
    diesel::sql_query("SELECT count(*) AS n FROM import_files")
        .get_result::<Count>(conn)
        .unwrap()
        .n
}

#[actix_web::test]
async fn files_over_the_threshold_always_become_jobs_and_smaller_ones_run_in_the_request() {
    let app = TestApp::with_settings(Settings {
        async_import_bytes: 2_000,
        ..Settings::default()
    })
    .await;
    let token = app.user("lab", Role::Submitter, None);
    let small = fasta("SMALL", 2, 200, 2);
    assert!(small.len() < 2_000);
    let stored = app.upload(&token, "format=fasta", &small, &[]).await;
    let body = stored.ok(201);
    assert_eq!(
        body["state"], "succeeded",
        "a synchronous import reads as a finished job"
    );
    assert_eq!(
        stored.header("location"),
        Some(format!("/api/v1/imports/{}", body["id"].as_str().unwrap()))
    );

    let large = fasta("LARGE", 10, 400, 3);
    assert!(large.len() > 2_000);
    let accepted = app.upload(&token, "format=fasta", &large, &[]).await;
    let job = accepted.ok(202);
    assert_eq!(
        accepted.header("preference-applied"),
        None,
        "the client did not ask for it"
    );
    let done = app.ended(&token, job["id"].as_str().unwrap()).await;
    assert_eq!(done["state"], "succeeded", "{done}");
    assert_eq!(app.parts_named(&token, "LARGE").await, 10);
}

#[actix_web::test]
async fn a_dry_run_job_reports_what_it_would_store_and_stores_nothing() {
    let app = TestApp::new().await;
    let token = app.user("lab", Role::Submitter, None);
    let job = app
        .upload(&token, "format=genbank&dry_run=true", PUC19, &[ASYNC])
        .await
        .ok(202);
    assert_eq!(job["dry_run"], true);
    let done = app.ended(&token, job["id"].as_str().unwrap()).await;
    assert_eq!(done["state"], "succeeded", "{done}");
    assert_eq!(done["stored"], false);
    assert_eq!(done["progress"]["stored"], 0);
    assert_eq!(done["records"][0]["status"], "would_create");
    assert!(done["records"][0]["accession"].is_string());
    assert_eq!(
        app.get("/api/v1/parts", Some(&token)).await.ok(200)["items"],
        serde_json::json!([])
    );
}

#[actix_web::test]
async fn a_job_with_problems_fails_with_every_problem_and_stores_nothing() {
    let app = TestApp::new().await;
    let token = app.user("lab", Role::Submitter, None);
    let mut file = fasta("BAD", 3, 100, 4);
    file.extend_from_slice(b">BAD0004 not DNA\nACGTJJJJ\n");
    let job = app.upload(&token, "format=fasta", &file, &[ASYNC]).await.ok(202);
    let done = app.ended(&token, job["id"].as_str().unwrap()).await;
    assert_eq!(done["state"], "failed", "{done}");
    assert_eq!(done["stored"], false);
    assert_eq!(done["error"]["type"], "urn:bioreg:problem:validation", "{done}");
    assert_eq!(done["error"]["status"], 422);
    assert!(
        done["error"]["errors"][0]["field"]
            .as_str()
            .unwrap()
            .starts_with("records[3]"),
        "{done}"
    );
    assert!(done["error"]["report"].is_null(), "the report is the job's own");
    let errors = done["errors"].as_array().unwrap();
    assert_eq!(errors.len(), 1, "{done}");
    assert_eq!(errors[0]["record"], 3);
    assert_eq!(done["records"].as_array().unwrap().len(), 4);
    assert_eq!(done["progress"]["stored"], 0);
    assert_eq!(app.parts_named(&token, "BAD").await, 0);
}

#[actix_web::test]
async fn imports_are_listed_newest_first_with_filters_and_a_cursor_for_those_who_may_see_them() {
    let app = TestApp::new().await;
    app.organization("other-lab");
    let token = app.user("lab", Role::Submitter, None);
    let outsider = app.user("outsider", Role::Submitter, Some("other-lab"));
    let curator = app.user("curator", Role::Curator, Some("other-lab"));
    let mut ids = Vec::new();
    for i in 0..3 {
        let job = app
            .upload(
                &token,
                "format=fasta",
                &fasta(&format!("L{i}X"), 2, 100, 10 + i),
                &[ASYNC],
            )
            .await
            .ok(202);
        let id = job["id"].as_str().unwrap().to_string();
        app.ended(&token, &id).await;
        ids.push(id);
    }
    let strains = b"name,organism_type,taxon_name,risk_group\nlisted strain,bacteria,Escherichia coli,1\n";
    let stored = app
        .upload(&token, "kind=strains&format=csv", strains, &[])
        .await
        .ok(201);
    ids.push(stored["id"].as_str().unwrap().to_string());
    let failed = app
        .upload(&token, "format=fasta", b">bad\nJJJJ\n", &[ASYNC])
        .await
        .ok(202);
    let failed_id = failed["id"].as_str().unwrap().to_string();
    app.ended(&token, &failed_id).await;
    ids.push(failed_id.clone());
    ids.reverse(); // newest first

    let listed = |page: &Value| -> Vec<String> {
        page["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i["id"].as_str().unwrap().to_string())
            .collect()
    };
    let all = app.get("/api/v1/imports", Some(&token)).await.ok(200);
    assert_eq!(listed(&all), ids);
    assert!(all["next_cursor"].is_null());
    assert!(all["items"][0]["records"].is_null(), "list items leave the records out");
    assert_eq!(all["items"][0]["state"], "failed");

    // Pages of two, through the cursor.
    let mut seen = Vec::new();
    let mut path = "/api/v1/imports?limit=2".to_string();
    loop {
        let page = app.get(&path, Some(&token)).await.ok(200);
        seen.extend(listed(&page));
        match page["next_cursor"].as_str() {
            Some(cursor) => path = format!("/api/v1/imports?limit=2&cursor={}", urlencode(cursor)),
            None => break,
        }
    }
    assert_eq!(seen, ids);

    let only = |query: &str| {
        let app = &app;
        let token = &token;
        let query = query.to_string();
        async move { listed(&app.get(&format!("/api/v1/imports?{query}"), Some(token)).await.ok(200)) }
    };
    assert_eq!(only("state=failed").await, vec![failed_id.clone()]);
    assert_eq!(only("kind=strains").await, [ids[1].clone()]);
    assert_eq!(only("state=succeeded&kind=parts").await, ids[2..].to_vec());
    let middle = app
        .get(&format!("/api/v1/imports/{}", ids[2]), Some(&token))
        .await
        .ok(200);
    let at = middle["created_at"].as_str().unwrap();
    assert_eq!(
        only(&format!("created_before={}", urlencode(at))).await,
        ids[3..].to_vec()
    );
    assert_eq!(
        only(&format!("created_after={}", urlencode(at))).await,
        ids[..2].to_vec()
    );

    // Another organisation's submitter sees none of them, and cannot read one; a curator sees all.
    assert_eq!(
        listed(&app.get("/api/v1/imports", Some(&outsider)).await.ok(200)),
        Vec::<String>::new()
    );
    app.get(&format!("/api/v1/imports/{}", ids[0]), Some(&outsider))
        .await
        .problem(404);
    assert_eq!(listed(&app.get("/api/v1/imports", Some(&curator)).await.ok(200)), ids);

    for bad in [
        "state=done",
        "kind=plasmids",
        "limit=0",
        "limit=501",
        "cursor=nonsense",
        "created_after=yesterday",
        "sort=name",
    ] {
        app.get(&format!("/api/v1/imports?{bad}"), Some(&token))
            .await
            .problem(422);
    }
    app.get("/api/v1/imports", None).await.problem(401);
}

fn urlencode(value: &str) -> String {
    url::form_urlencoded::byte_serialize(value.as_bytes()).collect()
}

#[actix_web::test]
async fn an_idempotency_key_makes_a_retried_upload_safe() {
    let app = TestApp::new().await;
    let token = app.user("lab", Role::Submitter, None);
    let other = app.user("lab-2", Role::Submitter, None);
    let file = fasta("IDEM", 3, 150, 20);
    let key = ("idempotency-key", "upload-2026-12-07 #1");
    let first = app.upload(&token, "format=fasta", &file, &[ASYNC, key]).await.ok(202);
    let id = first["id"].as_str().unwrap().to_string();
    let again = app.upload(&token, "format=fasta", &file, &[ASYNC, key]).await;
    assert!([200, 202].contains(&again.status.as_u16()), "{}", again.text());
    assert_eq!(again.json()["id"], id.as_str(), "the same job, not a new import");
    app.ended(&token, &id).await;
    // Once it has ended, the same request answers 200 with it — also without Prefer.
    let ended = app.upload(&token, "format=fasta", &file, &[key]).await.ok(200);
    assert_eq!(ended["id"], id.as_str());
    assert_eq!(ended["state"], "succeeded");
    assert_eq!(app.parts_named(&token, "IDEM").await, 3);
    // Another file, or other options, under the same key: 409 naming the header.
    let conflict = app
        .upload(&token, "format=fasta", &fasta("IDEM", 3, 150, 21), &[ASYNC, key])
        .await
        .problem(409);
    assert!(
        conflict["detail"].as_str().unwrap().contains("Idempotency-Key"),
        "{conflict}"
    );
    app.upload(&token, "format=fasta&dry_run=true", &file, &[ASYNC, key])
        .await
        .problem(409);
    // Keys are per caller: another user's same key is another import.
    let theirs = app
        .upload(&other, "format=fasta&duplicates=allow", &file, &[ASYNC, key])
        .await
        .ok(202);
    assert_ne!(theirs["id"], id.as_str());

    // A synchronous import: a retry after it stored gives back the stored import, not a duplicate
    // error.
    let sync_key = ("idempotency-key", "sync-1");
    let sync_file = fasta("SYNC", 2, 150, 22);
    let stored = app
        .upload(&token, "format=fasta", &sync_file, &[sync_key])
        .await
        .ok(201);
    let retried = app
        .upload(&token, "format=fasta", &sync_file, &[sync_key])
        .await
        .ok(200);
    assert_eq!(retried["id"], stored["id"]);
    assert_eq!(retried["records"], stored["records"]);
    assert_eq!(app.parts_named(&token, "SYNC").await, 2);

    for bad in ["", &"k".repeat(256), "tab\there"] {
        let problem = app
            .upload(&token, "format=fasta", &sync_file, &[("idempotency-key", bad)])
            .await
            .problem(422);
        assert_eq!(problem["errors"][0]["field"], "Idempotency-Key", "{problem}");
    }
    app.upload(
        &token,
        "format=fasta",
        &sync_file,
        &[("idempotency-key", &"k".repeat(255))],
    )
    .await
    .problem(422); // a fine key; the records are duplicates now
}

#[actix_web::test]
async fn readers_may_not_queue_jobs_and_strain_files_must_be_csv() {
    let app = TestApp::new().await;
    let reader = app.user("reader", Role::Reader, None);
    app.upload(&reader, "format=fasta", &fasta("R", 1, 100, 30), &[ASYNC])
        .await
        .problem(403);
    let token = app.user("lab", Role::Submitter, None);
    app.upload(&token, "kind=strains&format=fasta", &fasta("R", 1, 100, 30), &[ASYNC])
        .await
        .problem(400);
    let none = app.get("/api/v1/imports", Some(&token)).await.ok(200);
    assert_eq!(none["items"], serde_json::json!([]), "nothing was queued");
}

/// A database with the schema and a submitter, without any server (so no runner claims jobs).
fn database() -> (TestDb, DbConnection, Principal, String) {
    let db = TestDb::new();
    drop(bioreg::prepare_database(&db.url).unwrap());
    let mut conn = db.connect();
    let (user, _) = accounts::create_user(
        &mut conn,
        accounts::NewUser {
            name: "lab".into(),
            role: Role::Submitter,
            organization: None,
        },
        None,
    )
    .unwrap();
    let secret = accounts::issue_token(&mut conn, &user.id.to_string(), None, None, None)
        .unwrap()
        .secret;
    let principal = accounts::authenticate(&mut conn, &secret).unwrap();
    (db, conn, principal, secret)
}

fn fasta_request() -> ImportRequest {
    ImportRequest {
        kind: ImportKind::Parts,
        format: ImportFormat::Fasta,
        dry_run: false,
        allow_duplicates: false,
        file_name: None,
        defaults: Defaults::default(),
        job: None,
        idempotency_key: None,
    }
}

fn set_running(conn: &mut DbConnection, id: ImportId, heartbeat_seconds_ago: i64) {
    use bioreg::db::schema::imports;
    use diesel::prelude::*;
    let at = bioreg::db::now() - chrono::Duration::seconds(heartbeat_seconds_ago);
    diesel::update(imports::table.find(id))
        .set((
            imports::state.eq("running"),
            imports::started_at.eq(Some(at)),
            imports::heartbeat_at.eq(Some(at)),
        ))
        .execute(conn)
        .unwrap();
}

#[test]
fn a_running_job_whose_lease_expired_is_failed_and_one_still_renewed_is_not() {
    let (db, mut conn, principal, _) = database();
    let submit = |conn: &mut DbConnection, seed| {
        import_jobs::submit(conn, &principal, fasta_request(), &fasta("LEASE", 2, 100, seed), 10)
            .unwrap()
            .job
            .job
            .id
    };
    let dead = submit(&mut conn, 40);
    let alive = submit(&mut conn, 41);
    let queued = submit(&mut conn, 42);
    set_running(&mut conn, dead, 31);
    set_running(&mut conn, alive, 5);
    let failed = import_jobs::recover(&mut conn, Duration::from_secs(30)).unwrap();
    assert_eq!(failed, [dead]);
    let job = import_jobs::get(&mut conn, &principal, &dead.to_string()).unwrap();
    assert_eq!(job.job.state, JobState::Failed);
    let error = job.job.error.unwrap();
    assert_eq!(error["type"], "urn:bioreg:problem:interrupted", "{error}");
    assert!(error["detail"].as_str().unwrap().contains("nothing was stored"));
    assert!(job.job.finished_at.is_some());
    assert_eq!(
        import_files(&mut conn),
        2,
        "the failed job's file is deleted, the others kept"
    );
    for id in [alive, queued] {
        let job = import_jobs::get(&mut conn, &principal, &id.to_string()).unwrap();
        assert_ne!(job.job.state, JobState::Failed);
    }
    // Recovering again changes nothing; the queued job is still there to be claimed.
    assert!(import_jobs::recover(&mut conn, Duration::from_secs(30))
        .unwrap()
        .is_empty());
    let claimed = import_jobs::claim_next(&mut conn).unwrap().unwrap();
    assert_eq!(claimed.row.id, queued);
    assert!(
        import_jobs::claim_next(&mut conn).unwrap().is_none(),
        "a job is claimed once"
    );
    drop(db);
}

#[test]
fn a_job_taken_away_after_its_lease_expired_rolls_its_import_back() {
    let (_db, mut conn, principal, _) = database();
    let id = import_jobs::submit(&mut conn, &principal, fasta_request(), &fasta("GONE", 3, 100, 50), 10)
        .unwrap()
        .job
        .job
        .id;
    let claimed = import_jobs::claim_next(&mut conn).unwrap().unwrap();
    // Another instance decided this one was dead and failed the job while it ran.
    {
        use bioreg::db::schema::imports;
        use diesel::prelude::*;
        diesel::update(imports::table.find(id))
            .set(imports::state.eq("failed"))
            .execute(&mut conn)
            .unwrap();
    }
    let ended = import_jobs::run_claimed(
        &mut conn,
        &claimed,
        &bioreg::config::Settings::default().import_rules(),
        &LiveProgress::default(),
    );
    // It could not end a job that is not running: the import rolled back, the job stays failed.
    assert_eq!(ended.unwrap(), JobState::Failed);
    let job = import_jobs::get(&mut conn, &principal, &id.to_string()).unwrap();
    assert_eq!(job.job.state, JobState::Failed);
    assert_eq!(job.job.progress.stored, 0);
    use diesel::prelude::*;
    let parts: i64 = bioreg::db::schema::parts::table.count().get_result(&mut conn).unwrap();
    assert_eq!(parts, 0, "nothing of a failed job is stored");
}

#[test]
fn a_job_whose_token_was_revoked_before_it_ran_fails_without_importing() {
    let (_db, mut conn, principal, _) = database();
    let id = import_jobs::submit(&mut conn, &principal, fasta_request(), &fasta("REV", 1, 100, 60), 10)
        .unwrap()
        .job
        .job
        .id;
    accounts::revoke_token(&mut conn, principal.token_id, None).unwrap();
    let claimed = import_jobs::claim_next(&mut conn).unwrap().unwrap();
    let state = import_jobs::run_claimed(
        &mut conn,
        &claimed,
        &bioreg::config::Settings::default().import_rules(),
        &LiveProgress::default(),
    )
    .unwrap();
    assert_eq!(state, JobState::Failed);
    let job = import_jobs::get(&mut conn, &principal, &id.to_string()).unwrap();
    assert_eq!(job.job.error.unwrap()["status"], 401);
    assert_eq!(import_files(&mut conn), 0);
}

#[test]
fn one_user_may_have_only_so_many_jobs_pending() {
    let (_db, mut conn, principal, _) = database();
    for seed in 0..2 {
        import_jobs::submit(&mut conn, &principal, fasta_request(), &fasta("PEND", 1, 100, seed), 2).unwrap();
    }
    let refused =
        import_jobs::submit(&mut conn, &principal, fasta_request(), &fasta("PEND", 1, 100, 9), 2).unwrap_err();
    assert_eq!(refused.status.as_u16(), 429);
    assert!(refused.retry_after.is_some());
}

#[actix_web::test]
async fn a_job_queued_while_no_instance_ran_it_is_run_by_the_next_one_to_start() {
    let app = TestApp::new().await;
    let token = app.user("lab", Role::Submitter, None);
    // Queued straight in the database (as by an instance that stopped before running it): no
    // instance was told, the runner finds it on its own.
    let mut conn = app.db.connect();
    let principal = accounts::authenticate(&mut conn, &token).unwrap();
    let id = import_jobs::submit(&mut conn, &principal, fasta_request(), &fasta("LATE", 2, 100, 70), 10)
        .unwrap()
        .job
        .job
        .id;
    let done = app.ended(&token, &id.to_string()).await;
    assert_eq!(done["state"], "succeeded", "{done}");
    assert_eq!(app.parts_named(&token, "LATE").await, 2);
}

#[actix_web::test]
async fn two_instances_share_the_queue_and_run_each_job_once() {
    let app = TestApp::new().await;
    let second = app.another_instance(Settings::default()).await;
    let token = app.user("lab", Role::Submitter, None);
    let mut ids = Vec::new();
    for i in 0..4 {
        let instance = if i % 2 == 0 { &app } else { &second };
        let job = instance
            .upload(
                &token,
                "format=fasta",
                &fasta(&format!("TWO{i}X"), 3, 120, 80 + i),
                &[ASYNC],
            )
            .await
            .ok(202);
        ids.push(job["id"].as_str().unwrap().to_string());
    }
    for id in &ids {
        // Either instance answers for any job.
        let done = second.ended(&token, id).await;
        assert_eq!(done["state"], "succeeded", "{done}");
        assert_eq!(
            app.get(&format!("/api/v1/imports/{id}"), Some(&token)).await.ok(200)["state"],
            "succeeded"
        );
    }
    for i in 0..4 {
        assert_eq!(app.parts_named(&token, &format!("TWO{i}X")).await, 3);
    }
}

#[test]
fn stored_imports_written_before_jobs_read_as_succeeded_jobs_after_the_upgrade() {
    use diesel::connection::SimpleConnection;
    let db = TestDb::new();
    let mut conn = db.connect();
    conn.run_migrations_through("2026-12-07-000018").unwrap();
    bioreg::domain::seeds::load(&mut conn).unwrap();
    let (user, organization) = accounts::create_user(
        &mut conn,
        accounts::NewUser {
            name: "old-lab".into(),
            role: Role::Submitter,
            organization: None,
        },
        None,
    )
    .unwrap();
    let secret = accounts::issue_token(&mut conn, &user.id.to_string(), None, None, None)
        .unwrap()
        .secret;
    let id = uuid::Uuid::new_v4();
    let report = serde_json::json!({
        "id": id, "imported_by": "old-lab", "imported_at": "2026-12-01T10:00:00Z", "kind": "parts",
        "format": "fasta", "dry_run": false, "stored": true, "file_name": "old.fa", "sha256": "sha256:00",
        "records": [{"index": 0, "line": 1, "name": "old", "status": "created", "accession": "BRP000001"}],
        "errors": []
    });
    conn.batch_execute(&format!(
        "INSERT INTO imports (id, kind, format, file_name, sha256, created_by, owner_org_id, created_at, \
         record_count, report) VALUES ('{id}', 'parts', 'fasta', 'old.fa', 'sha256:00', '{}', '{}', \
         '2026-12-01 10:00:00', 1, '{}')",
        user.id, organization.id, report
    ))
    .unwrap();
    let applied = conn.run_migrations().unwrap();
    // 000019 (import jobs), then the later ones.
    assert!(applied[0].contains("20261207000019"), "{applied:?}");
    let principal = accounts::authenticate(&mut conn, &secret).unwrap();
    let job = import_jobs::get(&mut conn, &principal, &id.to_string()).unwrap();
    assert_eq!(job.job.state, JobState::Succeeded);
    assert!(job.job.stored);
    assert_eq!(job.job.progress.total, Some(1));
    assert_eq!(job.job.progress.stored, 1);
    assert_eq!(job.job.created_by.as_ref().map(|u| u.name.as_str()), Some("old-lab"));
    assert_eq!(job.records[0].accession.as_deref(), Some("BRP000001"));
    let listed = import_jobs::list(&mut conn, &principal, &Default::default(), None, 10).unwrap();
    assert_eq!(listed.0.len(), 1);
    // And back: the down migration keeps stored imports only.
    import_jobs::submit(&mut conn, &principal, fasta_request(), &fasta("DOWN", 1, 100, 90), 10).unwrap();
    for _ in 1..applied.len() {
        conn.revert_last_migration().unwrap();
    }
    conn.revert_last_migration().unwrap();
    use diesel::prelude::*;
    #[derive(QueryableByName)]
    struct Count {
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        n: i64,
    }
    let kept = diesel::sql_query("SELECT count(*) AS n FROM imports WHERE record_count = 1")
        .get_result::<Count>(&mut conn)
        .unwrap()
        .n;
    assert_eq!(kept, 1);
    let all = diesel::sql_query("SELECT count(*) AS n FROM imports")
        .get_result::<Count>(&mut conn)
        .unwrap()
        .n;
    assert_eq!(all, 1, "the queued job went");
}

/// Every list of imports the API can build reads an index, in its order (`db::explain`).
#[test]
fn every_import_list_query_is_served_by_an_index() {
    use bioreg::db::explain::plan;
    use bioreg::db::imports::{list_query, ImportFilter};
    use diesel::connection::SimpleConnection;
    let db = TestDb::new();
    drop(bioreg::prepare_database(&db.url).unwrap());
    let mut conn = db.connect();
    let sqlite = db.backend() == Backend::Sqlite;
    if !sqlite {
        conn.batch_execute("SET enable_seqscan = off").unwrap();
    }
    let at = chrono::NaiveDate::from_ymd_opt(2026, 12, 1)
        .unwrap()
        .and_hms_opt(0, 0, 0)
        .unwrap();
    let cursor = Some((at, ImportId(uuid::Uuid::new_v4())));
    let mut failures = Vec::new();
    let mut shapes = 0;
    for org in [None, Some(bioreg::db::types::OrganizationId(uuid::Uuid::new_v4()))] {
        for state in [None, Some("running".to_string())] {
            for kind in [None, Some("strains".to_string())] {
                for range in [None, Some(at)] {
                    for after in [None, cursor] {
                        let filter = ImportFilter {
                            owner_org_id: org,
                            state: state.clone(),
                            kind: kind.clone(),
                            created_after: range.map(|t| t - chrono::Duration::days(30)),
                            created_before: range,
                        };
                        let lines = plan(&mut conn, list_query(&filter, after, 101)).unwrap();
                        shapes += 1;
                        let scan = lines.iter().any(|l| {
                            let l = l.trim();
                            l == "SCAN imports" || l.contains("Seq Scan on imports")
                        });
                        let sorts = sqlite && lines.iter().any(|l| l.contains("TEMP B-TREE"));
                        if scan || sorts {
                            failures.push(format!("{filter:?} after={after:?}\n    {}", lines.join("\n    ")));
                        }
                    }
                }
            }
        }
    }
    assert_eq!(shapes, 32);
    assert!(
        failures.is_empty(),
        "{} shapes scan or sort:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
