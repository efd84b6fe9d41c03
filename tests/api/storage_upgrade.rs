//! Upgrade test of stored data: a database written by the previous release (commit c65d88d, whose
//! newest migration is `2026-12-08-000022_registry_identity`) must read exactly the same after the
//! migrations that came later, on both backends, and again after those migrations are reverted and
//! applied once more.
//!
//! The fixtures in `tests/fixtures/upgrade/` were made by `make.py` there: it drove a scenario
//! through the old binary's HTTP API (parts of every molecule type and topology, twins, per-field
//! provenance, sequence edits, imports, curation, strains), saved the database (`sqlite.sqlite3`, or
//! `postgres.sql` from `pg_dump`) and every answer the old server gave afterwards
//! (`expected-<backend>.json`) with the API tokens of its users (`tokens-<backend>.json`). The test
//! loads the database, upgrades it, replays every request and compares status and body. A third
//! test writes through the upgraded release (data in the new storage only), records what it
//! answers, reverts the newer migrations, applies them again and replays those answers.

use std::collections::BTreeMap;
use std::path::PathBuf;

use actix_web::http::Method;
use actix_web::test::TestRequest;
use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use serde::Deserialize;
use serde_json::{json, Value};

use bioreg::config::Settings;
use bioreg::db::{Backend, DatabaseUrl, DbConnection};

use crate::common::{random, TestApp, TestDb};

/// The newest migration of the release that wrote the fixtures (as diesel stores versions).
const FIXTURE_MIGRATION: &str = "20261208000022";

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/upgrade")
        .join(name)
}

fn backend_name(backend: Backend) -> &'static str {
    match backend {
        Backend::Sqlite => "sqlite",
        Backend::Postgres => "postgres",
    }
}

/// One request of the old server's session and its answer.
#[derive(Deserialize)]
struct Expected {
    method: String,
    path: String,
    /// The token's user (a key of the tokens file), or null for an anonymous request.
    #[serde(rename = "as")]
    who: Option<String>,
    status: u16,
    /// The JSON sent (sequence searches).
    body: Option<Value>,
    /// The answer, when it was JSON …
    json: Option<Value>,
    /// … or its text (FASTA, GenBank, CSV, SBOL3 exports).
    text: Option<String>,
}

fn expected(backend: Backend) -> (Vec<Expected>, BTreeMap<String, String>) {
    let name = backend_name(backend);
    let read = |file: String| std::fs::read_to_string(fixture(&file)).unwrap_or_else(|e| panic!("reading {file}: {e}"));
    let answers: Vec<Expected> = serde_json::from_str(&read(format!("expected-{name}.json"))).unwrap();
    let tokens = serde_json::from_str(&read(format!("tokens-{name}.json"))).unwrap();
    (answers, tokens)
}

/// Puts the fixture database of `db`'s backend into `db` (still at the old schema).
fn load_fixture(db: &TestDb) {
    match &db.url {
        DatabaseUrl::Sqlite { path } => {
            std::fs::copy(fixture("sqlite.sqlite3"), path).expect("copy the SQLite fixture");
        }
        DatabaseUrl::Postgres { .. } => {
            let dump = std::fs::read_to_string(fixture("postgres.sql")).unwrap();
            // A connection of its own: the dump empties `search_path` for the session.
            let mut conn = db.connect();
            conn.batch_execute(&dump).expect("load postgres.sql");
        }
    }
}

/// Every applied migration's version, oldest first.
fn applied_migrations(conn: &mut DbConnection) -> Vec<String> {
    #[derive(QueryableByName)]
    struct Version {
        #[diesel(sql_type = diesel::sql_types::Text)]
        version: String,
    }
    diesel::sql_query("SELECT version FROM __diesel_schema_migrations ORDER BY version")
        .load::<Version>(conn)
        .unwrap()
        .into_iter()
        .map(|v| v.version)
        .collect()
}

/// A fresh test database holding the fixture, checked to be at the fixture's schema.
fn fixture_database() -> TestDb {
    let db = TestDb::new();
    load_fixture(&db);
    let applied = applied_migrations(&mut db.connect());
    assert_eq!(
        applied.last().map(String::as_str),
        Some(FIXTURE_MIGRATION),
        "the {} fixture is not at the schema of the release that wrote it: {applied:?}",
        backend_name(db.backend())
    );
    db
}

/// The application over the fixture database, upgraded; the migrations the upgrade applied.
async fn upgraded(db: TestDb) -> (TestApp, Vec<String>) {
    let backend = backend_name(db.backend());
    let app = TestApp::on_database(db, Settings::default()).await;
    let newer: Vec<String> = applied_migrations(&mut app.db.connect())
        .into_iter()
        .filter(|version| version.as_str() > FIXTURE_MIGRATION)
        .collect();
    eprintln!("{backend}: the fixture was upgraded through {newer:?}");
    (app, newer)
}

/// The first place where `actual` differs from `expected`, as a JSON pointer, with both values.
fn first_difference(expected: &Value, actual: &Value, pointer: &str) -> Option<(String, String, String)> {
    match (expected, actual) {
        (Value::Object(a), Value::Object(b)) => {
            let keys: std::collections::BTreeSet<&String> = a.keys().chain(b.keys()).collect();
            keys.into_iter().find_map(|key| {
                let here = format!("{pointer}/{}", key.replace('~', "~0").replace('/', "~1"));
                match (a.get(key), b.get(key)) {
                    (Some(x), Some(y)) => first_difference(x, y, &here),
                    (x, y) => Some((here, shown(x), shown(y))),
                }
            })
        }
        (Value::Array(a), Value::Array(b)) => a
            .iter()
            .zip(b)
            .enumerate()
            .find_map(|(i, (x, y))| first_difference(x, y, &format!("{pointer}/{i}")))
            .or_else(|| {
                (a.len() != b.len()).then(|| (format!("{pointer} (length)"), a.len().to_string(), b.len().to_string()))
            }),
        (a, b) if a == b => None,
        (a, b) => Some((pointer.to_string(), shown(Some(a)), shown(Some(b)))),
    }
}

fn shown(value: Option<&Value>) -> String {
    let text = value.map_or_else(|| "(absent)".to_string(), Value::to_string);
    clip(&text)
}

fn clip(text: &str) -> String {
    const MAX: usize = 160;
    if text.chars().count() <= MAX {
        text.to_string()
    } else {
        format!(
            "{}… ({} chars)",
            text.chars().take(MAX).collect::<String>(),
            text.chars().count()
        )
    }
}

/// Where two texts first differ: line and column, with each side's line.
fn first_text_difference(expected: &str, actual: &str) -> String {
    let (mut e, mut a) = (expected.lines(), actual.lines());
    for line in 1.. {
        match (e.next(), a.next()) {
            (None, None) => return "line endings differ".into(),
            (x, y) if x == y => continue,
            (x, y) => {
                let column = match (x, y) {
                    (Some(x), Some(y)) => x.chars().zip(y.chars()).take_while(|(p, q)| p == q).count() + 1,
                    _ => 1,
                };
                return format!(
                    "line {line}, column {column}: expected {}, got {}",
                    clip(&format!("{x:?}")),
                    clip(&format!("{y:?}"))
                );
            }
        }
    }
    unreachable!()
}

/// The request of `expected`, with the token of its user.
fn request_of(expected: &Expected, tokens: &BTreeMap<String, String>) -> TestRequest {
    let method = Method::from_bytes(expected.method.as_bytes()).unwrap();
    let mut request = TestRequest::default().method(method).uri(&expected.path);
    if let Some(who) = &expected.who {
        let token = tokens
            .get(who)
            .unwrap_or_else(|| panic!("no token for `{who}` in the fixture"));
        request = request.insert_header(("Authorization", format!("Bearer {token}")));
    }
    if let Some(body) = &expected.body {
        request = request.set_json(body);
    }
    request
}

/// Sends every request of the fixture's session to `app`; returns every answer that differs from
/// the recorded one, one line each.
async fn replay(app: &TestApp, answers: &[Expected], tokens: &BTreeMap<String, String>) -> Vec<String> {
    let mut differences = Vec::new();
    for (index, expected) in answers.iter().enumerate() {
        let response = app.send(request_of(expected, tokens)).await;
        let what = format!(
            "#{index} {} {} as {}",
            expected.method,
            expected.path,
            expected.who.as_deref().unwrap_or("anonymous")
        );
        if response.status.as_u16() != expected.status {
            differences.push(format!(
                "{what}: status {} instead of {}: {}",
                response.status.as_u16(),
                expected.status,
                clip(&response.text())
            ));
            continue;
        }
        match (&expected.json, &expected.text) {
            (Some(json), _) => match serde_json::from_slice::<Value>(&response.body) {
                Ok(actual) => {
                    if let Some((pointer, was, now)) = first_difference(json, &actual, "") {
                        differences.push(format!("{what}: at `{pointer}` expected {was}, got {now}"));
                    }
                }
                Err(e) => differences.push(format!("{what}: not JSON ({e}): {}", clip(&response.text()))),
            },
            (None, Some(text)) => {
                let actual = response.text();
                if &actual != text {
                    differences.push(format!("{what}: {}", first_text_difference(text, &actual)));
                }
            }
            (None, None) => panic!("{what}: the fixture has neither `json` nor `text`"),
        }
    }
    differences
}

fn assert_same(differences: &[String], answers: usize, when: &str) {
    assert!(
        differences.is_empty(),
        "{when}: {} of {answers} answers differ from the recorded ones:\n{}",
        differences.len(),
        differences.join("\n")
    );
}

/// A database written by the old release reads exactly as it did, after the newer migrations.
#[actix_web::test]
async fn a_database_written_by_the_previous_release_reads_the_same_after_the_upgrade() {
    let db = fixture_database();
    let backend = db.backend();
    let (answers, tokens) = expected(backend);
    let (app, newer) = upgraded(db).await;
    assert_sequences_stored_once(&mut app.db.connect(), "after the upgrade");
    let differences = replay(&app, &answers, &tokens).await;
    assert_same(
        &differences,
        answers.len(),
        &format!("{} after the upgrade through {newer:?}", backend_name(backend)),
    );
}

/// Reverts every migration newer than the fixture's, newest first, and checks the database is back
/// at the fixture's schema.
fn revert_to_the_fixture_schema(conn: &mut DbConnection, newer: &[String]) {
    for expected in newer.iter().rev() {
        let reverted = conn.revert_last_migration().unwrap();
        assert_eq!(&reverted, expected, "migrations are reverted newest first");
    }
    assert_eq!(
        applied_migrations(conn).last().map(String::as_str),
        Some(FIXTURE_MIGRATION),
        "reverting every newer migration brings the database back to the fixture's schema"
    );
}

/// The migrations after the fixture's are reversible without losing what it holds: reverted one by
/// one and applied again, the database still reads the same.
#[actix_web::test]
async fn the_upgrade_reverted_and_applied_again_keeps_the_old_data() {
    let db = fixture_database();
    let backend = db.backend();
    let (answers, tokens) = expected(backend);
    let (app, newer) = upgraded(db).await;
    let differences = replay(&app, &answers, &tokens).await;
    assert_same(
        &differences,
        answers.len(),
        &format!("{} after the upgrade through {newer:?}", backend_name(backend)),
    );

    let mut conn = app.db.connect();
    revert_to_the_fixture_schema(&mut conn, &newer);
    let reapplied = conn.run_migrations().unwrap();
    assert_eq!(reapplied, newer, "the same migrations apply again");
    drop(conn);

    // A new instance: its read cache and sequence index start from the database as it is now.
    let again = app.another_instance(Settings::default()).await;
    let differences = replay(&again, &answers, &tokens).await;
    assert_same(
        &differences,
        answers.len(),
        &format!(
            "{} after reverting {} migration(s) {newer:?} and applying them again",
            backend_name(backend),
            newer.len()
        ),
    );
}

// ---------------------------------------------------------------------------------------------
// Records written by the upgraded release, taken back to the old schema and upgraded again

/// A GET of `path` as `who` (a user of the tokens file, or anonymous), its answer not recorded yet.
fn get(path: impl Into<String>, who: Option<&str>) -> Expected {
    Expected {
        method: "GET".into(),
        path: path.into(),
        who: who.map(str::to_string),
        status: 0,
        body: None,
        json: None,
        text: None,
    }
}

/// `requests` with `app`'s answers, recorded as `make.py` records them: the status, and the body
/// as JSON when it is JSON, as text otherwise.
async fn record(app: &TestApp, requests: Vec<Expected>, tokens: &BTreeMap<String, String>) -> Vec<Expected> {
    let mut recorded = Vec::with_capacity(requests.len());
    for request in requests {
        let response = app.send(request_of(&request, tokens)).await;
        let json = response.header("content-type").is_some_and(|t| t.contains("json")) && !response.body.is_empty();
        recorded.push(Expected {
            status: response.status.as_u16(),
            json: json.then(|| response.json()),
            text: (!json).then(|| response.text()),
            ..request
        });
    }
    recorded
}

/// The GETs that read the part or strain at `base` back: as its `owner`, the admin and the public
/// see it, its revision list, every revision, the diff of each revision with the next (and of the
/// first with the last, when there are more than two), and `base` followed by each of `more`
/// (exports, twins, lineage) as the owner.
async fn read_back(
    app: &TestApp,
    tokens: &BTreeMap<String, String>,
    base: &str,
    owner: &str,
    more: &[&str],
) -> Vec<Expected> {
    let list = app
        .get(&format!("{base}/revisions"), Some(&tokens[owner]))
        .await
        .ok(200);
    assert!(
        list["next_cursor"].is_null(),
        "{base} has one page of revisions: {list}"
    );
    let numbers: Vec<i64> = list["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|item| item["revision"].as_i64().unwrap())
        .collect();
    let owner = Some(owner);
    let mut requests = vec![
        get(base, owner),
        get(base, Some("alice")),
        get(base, None),
        get(format!("{base}/revisions"), owner),
        get(format!("{base}/revisions"), None),
    ];
    requests.extend(numbers.iter().map(|n| get(format!("{base}/revisions/{n}"), owner)));
    requests.extend(
        numbers
            .windows(2)
            .map(|w| get(format!("{base}/revisions/{}/diff/{}", w[0], w[1]), owner)),
    );
    if let [first, _, .., last] = numbers[..] {
        requests.push(get(format!("{base}/revisions/{first}/diff/{last}"), owner));
    }
    requests.extend(more.iter().map(|more| get(format!("{base}{more}"), owner)));
    requests
}

/// Writes through the upgraded `app` what only the new storage holds: revision snapshots deflated
/// into `body` without their sequence, a sequence shared by twins, provenance grouped by
/// assertion; new records and edits of the fixture's. Returns the GETs that read it all back.
async fn write_after_the_upgrade(app: &TestApp, tokens: &BTreeMap<String, String>) -> Vec<Expected> {
    let (sam, sue, tess, cora) = (&tokens["sam"], &tokens["sue"], &tokens["tess"], &tokens["cora"]);
    let accession = |view: Value| view["accession"].as_str().unwrap().to_string();

    // A part with a sequence no fixture part has, its source stated; then its sequence edited,
    // with another source, and the part published.
    let fresh = app
        .create_part(
            sam,
            json!({"name": "SL-N1", "role": "CDS", "sequence": random(900, 23), "tags": ["after-upgrade"],
                   "description": "written by the upgraded release", "provenance": {"sequence": "Sanger read NB14-p2"}}),
        )
        .await
        .ok(201);
    let fresh_accession = accession(fresh);
    let fresh = format!("/api/v1/parts/{fresh_accession}");
    let resequenced = format!("{}TAA", random(900, 23));
    let edit = json!({"sequence": resequenced, "provenance": {"sequence": "resequenced, run 2027-01"}});
    assert_eq!(
        app.patch(&fresh, sam, None, edit).await.ok(200)["sequence"],
        resequenced
    );
    app.post(&format!("{fresh}/submit"), Some(sam), json!({"comment": "resequenced"}))
        .await
        .ok(200);
    app.post(&format!("{fresh}/review"), Some(cora), json!({"decision": "approve"}))
        .await
        .ok(200);

    // An exact twin of a fixture part (SL-C1a, itself twinned in the fixture), then that part's
    // sequence edited: its old sequence stays the twins', and its earlier revisions'.
    let cds = "/api/v1/parts/BRP000008";
    let original = app.get(cds, Some(sam)).await.ok(200);
    assert_eq!(original["name"], "SL-C1a", "the fixture's BRP000008");
    let twin = app
        .create_part(
            sam,
            json!({"name": "SL-C1 (new copy)", "role": "CDS", "sequence": original["sequence"], "allow_duplicate": true,
                   "duplicate_reason": "a copy written by the upgraded release"}),
        )
        .await
        .ok(201);
    assert_eq!(twin["seqhash"], original["seqhash"]);
    let twin = format!("/api/v1/parts/{}", accession(twin));
    let longer = format!("{}TGA", original["sequence"].as_str().unwrap());
    let edit = json!({"sequence": longer, "provenance": {"sequence": "stop codon added, run 2027-01"}});
    app.patch(cds, sam, None, edit).await.ok(200);

    // A protein.
    let protein = app
        .create_part(
            tess,
            json!({"name": "BF-His6", "role": "polypeptide", "molecule_type": "protein", "sequence": "MGSSHHHHHHSSGLVPRGSHM",
                   "description": "an N-terminal His tag", "provenance": {"sequence": "pET-28a(+) map"}}),
        )
        .await
        .ok(201);
    let protein = format!("/api/v1/parts/{}", accession(protein));

    // A fixture part's description, with a source: a pending revision over its published one.
    let plasmid = "/api/v1/parts/BRP000004";
    let edit = json!({"description": "a 5 kbp circular test plasmid, remapped", "provenance": {"description": "sue's map, 2027-01"}});
    app.patch(plasmid, sue, None, edit).await.ok(200);

    // A strain carrying the new part, edited with a source and published; a fixture strain edited.
    let strain = app
        .create_strain(
            sam,
            json!({"name": "W3110 SL-N1", "organism_type": "bacteria", "taxon": {"name": "Escherichia coli"}, "risk_group": 1,
                   "gmo": true, "genotype": "W3110 [SL-N1]", "provenance": {"genotype": "plasmid map SL-N1"},
                   "parents": [{"strain": "BRS000001", "relation": "transformation"}],
                   "parts": [{"part": fresh_accession, "relation": "plasmid", "copy_number": 15}],
                   "restrictions_on_use": "no_restriction", "nagoya_protocol": "does_not_apply", "growth_media": ["LB"],
                   "growth_temperature_c": {"optimum": 37}, "forms_of_supply": ["cryo"], "geographic_origin": {"country": "CN"}}),
        )
        .await
        .ok(201);
    let strain = format!("/api/v1/strains/{}", accession(strain));
    let edit = json!({"phenotype": "ampicillin resistant", "provenance": {"phenotype": "plate assay 2027-01"}});
    app.patch(&strain, sam, None, edit).await.ok(200);
    app.post(&format!("{strain}/submit"), Some(sam), json!({}))
        .await
        .ok(200);
    app.post(&format!("{strain}/review"), Some(cora), json!({"decision": "approve"}))
        .await
        .ok(200);
    let w3110 = "/api/v1/strains/BRS000001";
    let edit = json!({"growth_media": ["LB", "M9"], "provenance": {"growth_media": "media trial 2027-01"}});
    app.patch(w3110, sue, None, edit).await.ok(200);

    let part_extras = ["?format=fasta", "?format=genbank", "/twins"];
    let strain_extras = ["?format=csv", "/lineage?direction=ancestors"];
    let mut requests = Vec::new();
    for (base, owner) in [
        (fresh.as_str(), "sam"),
        (&twin, "sam"),
        (cds, "sam"),
        (&protein, "tess"),
        (plasmid, "sam"),
    ] {
        requests.extend(read_back(app, tokens, base, owner, &part_extras).await);
    }
    for base in [strain.as_str(), w3110] {
        requests.extend(read_back(app, tokens, base, "sam", &strain_extras).await);
    }
    requests
}

/// The single number a `SELECT count(*) AS n …` gives.
fn count(conn: &mut DbConnection, sql: &str) -> i64 {
    #[derive(QueryableByName)]
    struct Count {
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        n: i64,
    }
    diesel::sql_query(sql)
        .get_result::<Count>(conn)
        .unwrap_or_else(|e| panic!("{sql}: {e}"))
        .n
}

/// At the newest schema: each distinct sequence has one row, every part and part revision names its.
fn assert_sequences_stored_once(conn: &mut DbConnection, when: &str) {
    let repeated = "SELECT count(*) AS n FROM (SELECT seqhash, residues FROM sequences \
                    GROUP BY seqhash, residues HAVING count(*) > 1) repeated";
    assert_eq!(count(conn, repeated), 0, "{when}: a sequence is stored twice");
    let parts = "SELECT count(*) AS n FROM parts WHERE sequence_id IS NULL";
    assert_eq!(count(conn, parts), 0, "{when}: parts without a sequence_id");
    let revisions = "SELECT count(*) AS n FROM record_revisions WHERE record_kind = 'part' AND sequence_id IS NULL";
    assert_eq!(
        count(conn, revisions),
        0,
        "{when}: part revisions without a sequence_id"
    );
    // The compaction after the migrations (`db::compact`) has deflated every migrated revision.
    let pending = "SELECT count(*) AS n FROM storage_compaction";
    assert_eq!(count(conn, pending), 0, "{when}: the compaction is still pending");
    let text = "SELECT count(*) AS n FROM record_revisions WHERE body IS NULL OR snapshot <> ''";
    assert_eq!(count(conn, text), 0, "{when}: revisions still stored as text");
}

/// At the fixture's schema, the data has the old release's shape: one `part_sequences` row per
/// part, every revision snapshot in `snapshot` with, for a part, its sequence, and provenance as
/// `{field: assertion}` everywhere.
fn assert_old_shape(conn: &mut DbConnection, backend: Backend) {
    let parts = count(conn, "SELECT count(*) AS n FROM parts");
    let sequences = count(conn, "SELECT count(*) AS n FROM part_sequences");
    let missing =
        "SELECT count(*) AS n FROM parts p WHERE NOT EXISTS (SELECT 1 FROM part_sequences s WHERE s.part_id = p.id)";
    assert_eq!(count(conn, missing), 0, "parts without a part_sequences row");
    assert_eq!(sequences, parts, "part_sequences holds one row per part");
    let empty = "SELECT count(*) AS n FROM record_revisions WHERE snapshot = ''";
    assert_eq!(
        count(conn, empty),
        0,
        "revisions whose snapshot is empty (left deflated)"
    );
    let (no_sequence, grouped) = match backend {
        Backend::Sqlite => (
            "SELECT count(*) AS n FROM record_revisions \
             WHERE record_kind = 'part' AND json_type(snapshot, '$.sequence') IS NOT 'text'",
            "SELECT (SELECT count(*) FROM record_revisions WHERE json_type(snapshot, '$.provenance') = 'array') \
                  + (SELECT count(*) FROM parts WHERE json_type(provenance) = 'array') \
                  + (SELECT count(*) FROM strains WHERE json_type(provenance) = 'array') AS n",
        ),
        Backend::Postgres => (
            "SELECT count(*) AS n FROM record_revisions \
             WHERE record_kind = 'part' AND jsonb_typeof(snapshot::jsonb -> 'sequence') IS DISTINCT FROM 'string'",
            "SELECT (SELECT count(*) FROM record_revisions WHERE jsonb_typeof(snapshot::jsonb -> 'provenance') = 'array') \
                  + (SELECT count(*) FROM parts WHERE jsonb_typeof(provenance::jsonb) = 'array') \
                  + (SELECT count(*) FROM strains WHERE jsonb_typeof(provenance::jsonb) = 'array') AS n",
        ),
    };
    assert_eq!(
        count(conn, no_sequence),
        0,
        "part revisions whose snapshot has no sequence"
    );
    assert_eq!(count(conn, grouped), 0, "provenance still grouped by assertion");
}

/// What the upgraded release writes (deflated revision bodies, sequences stored once, grouped
/// provenance) survives reverting the newer migrations and applying them again: the old schema
/// holds it as the old release stored data, and the records, their history and exports, and the
/// fixture's records read exactly as they did before the revert.
#[actix_web::test]
async fn records_written_after_the_upgrade_survive_a_revert_and_a_second_upgrade() {
    let db = fixture_database();
    let backend = db.backend();
    let (fixture_requests, tokens) = expected(backend);
    let (app, newer) = upgraded(db).await;

    let mut requests = write_after_the_upgrade(&app, &tokens).await;
    let mut conn = app.db.connect();
    let deflated = "SELECT count(*) AS n FROM record_revisions WHERE body IS NOT NULL AND snapshot = ''";
    assert!(
        count(&mut conn, deflated) > 0,
        "the writes stored deflated revision bodies"
    );
    assert_sequences_stored_once(&mut conn, "after the writes");

    // The fixture's requests too; their answers changed with the writes, so they are recorded again.
    requests.extend(fixture_requests.into_iter().map(|request| Expected {
        status: 0,
        json: None,
        text: None,
        ..request
    }));
    // By a fresh instance, as the one that replays: search hits that rank equally come in the
    // order of the sequence index, which a fresh instance builds from the database.
    let recorded = record(&app.another_instance(Settings::default()).await, requests, &tokens).await;
    let failed: Vec<String> = recorded
        .iter()
        .filter(|r| r.status >= 500)
        .map(|r| format!("{} {} as {:?}: {}", r.method, r.path, r.who, r.status))
        .collect();
    assert!(
        failed.is_empty(),
        "answers recorded before the revert:\n{}",
        failed.join("\n")
    );

    revert_to_the_fixture_schema(&mut conn, &newer);
    assert_old_shape(&mut conn, backend);
    let reapplied = conn.run_migrations().unwrap();
    assert_eq!(reapplied, newer, "the same migrations apply again");
    assert_sequences_stored_once(&mut conn, "after the second upgrade");
    drop(conn);

    let again = app.another_instance(Settings::default()).await;
    let differences = replay(&again, &recorded, &tokens).await;
    assert_same(
        &differences,
        recorded.len(),
        &format!(
            "{} after writing, reverting {} migration(s) {newer:?} and applying them again",
            backend_name(backend),
            newer.len()
        ),
    );
}
