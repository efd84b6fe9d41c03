//! The `bioreg` binary itself: token output, clear one-line errors, serving, graceful shutdown.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::common::{TestApp, TestDb};

fn bioreg(db: &TestDb) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_bioreg"));
    command
        .env("DATABASE_URL", &db.raw_url)
        .env("BIOREG_LOG", "warn")
        .env_remove("RUST_BACKTRACE");
    command
}

fn last_line(stdout: &[u8]) -> String {
    String::from_utf8_lossy(stdout)
        .lines()
        .last()
        .unwrap_or_default()
        .to_string()
}

#[actix_web::test]
async fn user_create_prints_a_token_that_me_accepts() {
    let app = TestApp::new().await;
    let output = bioreg(&app.db)
        .args(["user", "create", "--name", "alice", "--role", "admin"])
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let token = last_line(&output.stdout);
    assert!(token.starts_with("bioreg_"), "token alone on the last line: {token:?}");
    let me = app.get("/api/v1/me", Some(&token)).await.ok(200);
    assert_eq!(me["user"]["name"], "alice");
    assert_eq!(me["user"]["role"], "admin");
    assert_eq!(me["user"]["organization"]["slug"], "registry");

    let output = bioreg(&app.db)
        .args([
            "token",
            "create",
            "--user",
            "alice",
            "--label",
            "laptop",
            "--expires-in-days",
            "7",
        ])
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let second = last_line(&output.stdout);
    assert_ne!(second, token);
    let me = app.get("/api/v1/me", Some(&second)).await.ok(200);
    assert!(me["token_expires_at"].is_string());

    let output = bioreg(&app.db)
        .args(["org", "create", "--slug", "lab-b", "--name", "Lab B"])
        .output()
        .unwrap();
    assert!(output.status.success());
    let output = bioreg(&app.db)
        .args([
            "user",
            "create",
            "--name",
            "bo",
            "--role",
            "submitter",
            "--org",
            "lab-b",
        ])
        .output()
        .unwrap();
    let me = app.get("/api/v1/me", Some(&last_line(&output.stdout))).await.ok(200);
    assert_eq!(me["user"]["organization"]["slug"], "lab-b");
}

fn assert_one_line_error(output: &std::process::Output, needle: &str) {
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    let lines: Vec<_> = stderr.lines().filter(|l| !l.trim().is_empty()).collect();
    assert_eq!(lines.len(), 1, "one error line, got: {stderr}");
    assert!(lines[0].starts_with("error: ") && lines[0].contains(needle), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
}

#[test]
fn bad_database_urls_and_bad_input_fail_with_one_clear_line() {
    let db = TestDb::new();
    let output = bioreg(&db)
        .env("DATABASE_URL", "mysql://root@localhost/x")
        .arg("migrate")
        .output()
        .unwrap();
    assert_one_line_error(&output, "`mysql`");
    let output = bioreg(&db)
        .env("DATABASE_URL", "postgres://postgres@127.0.0.1:1/nothing")
        .arg("migrate")
        .output()
        .unwrap();
    assert_one_line_error(&output, "cannot connect");
    let output = bioreg(&db)
        .env("DATABASE_URL", "sqlite:///no/such/dir/x.db")
        .arg("migrate")
        .output()
        .unwrap();
    assert_one_line_error(&output, "cannot connect");
    let output = bioreg(&db)
        .args(["user", "create", "--name", "x", "--role", "admin", "--org", "ghost"])
        .output()
        .unwrap();
    assert_one_line_error(&output, "ghost");
    let output = bioreg(&db)
        .args(["token", "create", "--user", "ghost"])
        .output()
        .unwrap();
    assert_one_line_error(&output, "ghost");
}

#[test]
fn migrate_is_idempotent() {
    let db = TestDb::new();
    for _ in 0..2 {
        let output = bioreg(&db).arg("migrate").output().unwrap();
        assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    }
    let output = bioreg(&db).arg("migrate").output().unwrap();
    assert!(String::from_utf8_lossy(&output.stdout).contains("0 migrations applied"));
}

fn http_get(port: u16, path: &str) -> Option<String> {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).ok()?;
    stream.set_read_timeout(Some(Duration::from_secs(5))).ok()?;
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
    )
    .ok()?;
    let mut response = String::new();
    stream.read_to_string(&mut response).ok()?;
    Some(response)
}

/// `bioreg serve` on a free port of this database; the answer of its first `/health`.
fn spawn_server(db: &TestDb) -> (std::process::Child, u16, String) {
    let port = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let child = bioreg(db)
        .arg("serve")
        .env("BIOREG_BIND", format!("127.0.0.1:{port}"))
        .env("BIOREG_WORKERS", "1")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let started = Instant::now();
    let health = loop {
        if let Some(response) = http_get(port, "/health") {
            break response;
        }
        assert!(started.elapsed() < Duration::from_secs(30), "server did not start");
        std::thread::sleep(Duration::from_millis(100));
    };
    (child, port, health)
}

#[test]
fn serve_answers_over_tcp_and_stops_cleanly_on_sigterm() {
    let db = TestDb::new();
    let (mut child, port, health) = spawn_server(&db);
    assert!(health.starts_with("HTTP/1.1 200"), "{health}");
    assert!(health.to_ascii_lowercase().contains("x-request-id:"), "{health}");
    let ready = http_get(port, "/ready").unwrap();
    assert!(ready.starts_with("HTTP/1.1 200"), "{ready}");
    let docs = http_get(port, "/docs/").unwrap();
    assert!(docs.starts_with("HTTP/1.1 200"), "{docs}");
    let missing = http_get(port, "/nope").unwrap();
    assert!(
        missing.starts_with("HTTP/1.1 404") && missing.contains("application/problem+json"),
        "{missing}"
    );

    let status = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let deadline = Instant::now() + Duration::from_secs(30);
    let exit = loop {
        if let Some(exit) = child.try_wait().unwrap() {
            break exit;
        }
        assert!(Instant::now() < deadline, "server did not stop after SIGTERM");
        std::thread::sleep(Duration::from_millis(50));
    };
    let mut stderr = String::new();
    child.stderr.take().unwrap().read_to_string(&mut stderr).unwrap();
    assert!(exit.success(), "exit {exit:?}; stderr: {stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
}

#[actix_web::test]
async fn import_reads_a_file_into_the_database_as_the_token_holder() {
    let app = TestApp::new().await;
    let token = app.user("lab", bioreg::domain::accounts::Role::Submitter, None);
    let fixture = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/genbank/pydna/pUC19_M77789.gb"
    );
    let dry = bioreg(&app.db)
        .args(["import", fixture, "--dry-run"])
        .env("BIOREG_TOKEN", &token)
        .output()
        .unwrap();
    assert!(dry.status.success(), "{}", String::from_utf8_lossy(&dry.stderr));
    let report: serde_json::Value = serde_json::from_slice(&dry.stdout).unwrap();
    assert_eq!(report["records"][0]["status"], "would_create");
    assert_eq!(
        app.get("/api/v1/parts", Some(&token)).await.ok(200)["items"],
        serde_json::json!([])
    );

    let done = bioreg(&app.db)
        .args(["import", fixture, "--format", "genbank"])
        .env("BIOREG_TOKEN", &token)
        .output()
        .unwrap();
    assert!(done.status.success(), "{}", String::from_utf8_lossy(&done.stderr));
    let report: serde_json::Value = serde_json::from_slice(&done.stdout).unwrap();
    let accession = report["records"][0]["accession"].as_str().unwrap();
    let part = app
        .get(&format!("/api/v1/parts/{accession}"), Some(&token))
        .await
        .ok(200);
    assert_eq!(part["source"]["file_name"], "pUC19_M77789.gb");

    // The same file again is a duplicate: the import fails with the reason, and stores nothing.
    let again = bioreg(&app.db)
        .args(["import", fixture])
        .env("BIOREG_TOKEN", &token)
        .output()
        .unwrap();
    assert!(!again.status.success());
    assert!(String::from_utf8_lossy(&again.stderr).contains("records[0]"));
    let bad_token = bioreg(&app.db)
        .args(["import", fixture, "--token", "bioreg_nope"])
        .output()
        .unwrap();
    assert!(!bad_token.status.success());
}

#[actix_web::test]
async fn import_sends_a_file_to_a_server_url_and_prints_its_report() {
    let app = TestApp::new().await;
    let token = app.user("lab", bioreg::domain::accounts::Role::Submitter, None);
    let (mut server, port, _) = spawn_server(&app.db);
    let fixture = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/genbank/pydna/pUC19_M77789.gb"
    );
    let url = format!("http://127.0.0.1:{port}");
    let done = bioreg(&app.db)
        .args(["import", fixture, "--server", &url])
        .env("BIOREG_TOKEN", &token)
        .output()
        .unwrap();
    assert!(done.status.success(), "{}", String::from_utf8_lossy(&done.stderr));
    let report: serde_json::Value = serde_json::from_slice(&done.stdout).unwrap();
    assert_eq!(report["stored"], true, "{report}");
    assert_eq!(report["file_name"], "pUC19_M77789.gb");
    let accession = report["records"][0]["accession"].as_str().unwrap();
    app.get(&format!("/api/v1/parts/{accession}"), Some(&token))
        .await
        .ok(200);
    // The server's problem comes back whole: the same file again is a duplicate.
    let again = bioreg(&app.db)
        .args(["import", fixture, "--server", &url])
        .env("BIOREG_TOKEN", &token)
        .output()
        .unwrap();
    assert!(!again.status.success());
    let stderr = String::from_utf8_lossy(&again.stderr);
    // It ran as a job (the CLI asks for one and follows it), which failed with the problem a
    // synchronous import answers.
    assert!(
        stderr.contains("records[0]") && stderr.contains("failed with 422"),
        "{stderr}"
    );
    let failed: serde_json::Value = serde_json::from_slice(&again.stdout).unwrap();
    assert_eq!(failed["state"], "failed", "{failed}");
    assert_eq!(failed["stored"], false);
    server.kill().unwrap();
    server.wait().unwrap();
}

#[actix_web::test]
async fn seed_loads_the_reference_library_published_and_a_second_run_changes_nothing() {
    let app = TestApp::new().await;
    // Two instances seeding at once (as containers started together with --seed would): one
    // loads everything, the other waits and finds it all present.
    let first = bioreg(&app.db).arg("seed").stdout(Stdio::piped()).spawn().unwrap();
    let second = bioreg(&app.db).arg("seed").output().unwrap();
    let first = first.wait_with_output().unwrap();
    let mut said = Vec::new();
    for output in [&first, &second] {
        assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
        said.push(last_line(&output.stdout));
    }
    said.sort_by_key(|line| !line.contains(": 772 change(s)"));
    assert!(
        said[0].contains(": 772 change(s): 764 part(s) created, 9 already present; 8 strain(s) created"),
        "{said:?}"
    );
    assert!(said[1].contains(": 0 change(s)"), "{said:?}");

    // Published: anonymous readers see them, owned by the registry organisation.
    let strains: serde_json::Value = app.get("/api/v1/exports?kind=strains", None).await.json();
    let names: Vec<&str> = strains
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    for expected in [
        "MG1655",
        "DH5alpha",
        "BL21(DE3)",
        "168",
        "S288C",
        "ATCC 13032",
        "KT2440",
        "CLIB122",
    ] {
        assert!(names.contains(&expected), "{expected} missing from {names:?}");
    }
    let mg1655 = app.get("/api/v1/strains?q=DSM%2018039", None).await.ok(200);
    let mg1655 = &mg1655["items"][0];
    assert_eq!(mg1655["name"], "MG1655");
    assert_eq!(mg1655["taxon"]["ncbi_taxid"], 511145);
    assert_eq!(mg1655["owner_org"]["slug"], "registry");
    assert_eq!(mg1655["curation_state"], "approved");
    let found = app
        .get("/api/v1/parts?q=BBa_J428091&include=record", None)
        .await
        .ok(200);
    let part = &found["items"][0];
    assert_eq!(part["name"], "BBa_J428091");
    assert_eq!(part["role"]["label"], "terminator");
    assert_eq!(part["license"], "CC-BY-4.0");
    assert_eq!(part["aliases"], serde_json::json!(["BBa_B0012"]));
    // iGEM 2022: each part in its backbone is a composite of the package's parts.
    let composites = app
        .get("/api/v1/parts?tag=chromoproteins&limit=200&include=record", None)
        .await
        .ok(200);
    let composite = composites["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["components"].as_array().is_some_and(|c| !c.is_empty()))
        .unwrap_or_else(|| panic!("no composite among {composites}"));
    assert!(composite["tags"]
        .as_array()
        .unwrap()
        .contains(&serde_json::json!("igem-2022-distribution")));
    assert_eq!(composite["license"], "CC-BY-4.0");

    let output = bioreg(&app.db).arg("seed").output().unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let said = last_line(&output.stdout);
    assert!(
        said.contains(": 0 change(s): 0 part(s) created, 773 already present; 0 strain(s) created, 8 already present"),
        "{said}"
    );
}

/// `bioreg import` (straight into the database) marks the records as the import's, `bioreg submit
/// --import` submits them on a server and `bioreg review --import` decides on them all; `--accessions`
/// decides on a list.
#[actix_web::test]
async fn submit_and_review_an_import_against_a_server() {
    let app = TestApp::new().await;
    app.organization("lab-a");
    let token = app.user("sam", bioreg::domain::accounts::Role::Submitter, Some("lab-a"));
    let curator = app.user("cora", bioreg::domain::accounts::Role::Curator, None);
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("rbs.csv");
    std::fs::write(
        &file,
        "name,role,sequence\nR1,RBS,TCACACAGGAGGTAAAACAT\nR2,RBS,TCACACAGAAGGTAATACAT\nR3,RBS,AAAGAGGAGAAATTTACTAG\n",
    )
    .unwrap();
    let imported = bioreg(&app.db)
        .args(["import", file.to_str().unwrap()])
        .env("BIOREG_TOKEN", &token)
        .output()
        .unwrap();
    assert!(
        imported.status.success(),
        "{}",
        String::from_utf8_lossy(&imported.stderr)
    );
    let report: serde_json::Value = serde_json::from_slice(&imported.stdout).unwrap();
    let import = report["id"].as_str().unwrap().to_string();
    let accessions: Vec<String> = report["records"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["accession"].as_str().unwrap().to_string())
        .collect();

    let (mut server, port, _) = spawn_server(&app.db);
    let url = format!("http://127.0.0.1:{port}");
    let submitted = bioreg(&app.db)
        .args([
            "submit",
            "--server",
            &url,
            "--import",
            &import,
            "--comment",
            "all three",
        ])
        .env("BIOREG_TOKEN", &token)
        .output()
        .unwrap();
    assert!(
        submitted.status.success(),
        "{}",
        String::from_utf8_lossy(&submitted.stderr)
    );
    let answers: serde_json::Value = serde_json::from_slice(&submitted.stdout).unwrap();
    assert_eq!(answers[0]["counts"]["done"], 3, "{answers}");

    // One record rejected by accession, the rest approved as the import.
    let rejected = bioreg(&app.db)
        .args([
            "review",
            "--server",
            &url,
            "--token",
            &curator,
            "--accessions",
            &accessions[0],
        ])
        .args([
            "--decision",
            "reject",
            "--reason",
            "duplicate",
            "--comment",
            "same as R2",
        ])
        .output()
        .unwrap();
    assert!(
        rejected.status.success(),
        "{}",
        String::from_utf8_lossy(&rejected.stderr)
    );
    let approved = bioreg(&app.db)
        .args([
            "review",
            "--server",
            &url,
            "--token",
            &curator,
            "--import",
            &import,
            "--decision",
            "approve",
        ])
        .output()
        .unwrap();
    assert!(
        approved.status.success(),
        "{}",
        String::from_utf8_lossy(&approved.stderr)
    );
    let answers: serde_json::Value = serde_json::from_slice(&approved.stdout).unwrap();
    assert_eq!(answers[0]["counts"]["done"], 2, "{answers}");
    assert!(String::from_utf8_lossy(&approved.stderr).contains("2 record(s) decided"));
    // A decision the server refuses is a one-line error.
    let refused = bioreg(&app.db)
        .args([
            "review",
            "--server",
            &url,
            "--token",
            &curator,
            "--import",
            &import,
            "--decision",
            "reject",
        ])
        .output()
        .unwrap();
    assert!(!refused.status.success());
    assert!(String::from_utf8_lossy(&refused.stderr).contains("reason_code"));
    server.kill().unwrap();
    server.wait().unwrap();
    let states: Vec<String> = {
        let mut out = Vec::new();
        for accession in &accessions {
            let part = app.get(&format!("/api/v1/parts/{accession}"), None).await;
            out.push(if part.status == 200 {
                part.json()["curation_state"].as_str().unwrap().to_string()
            } else {
                part.status.to_string()
            });
        }
        out
    };
    assert_eq!(states, ["404 Not Found", "approved", "approved"]);
}
