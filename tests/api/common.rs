//! Test harness: a fresh database per test (a SQLite file in a temporary directory, or — when
//! `BIOREG_TEST_DATABASE_URL=postgres://…` is set — a new PostgreSQL database dropped afterwards),
//! and the real application driven through HTTP requests.

#![allow(dead_code)]

use actix_http::Request;
use actix_service::boxed::{self, BoxService};
use actix_service::ServiceExt;
use actix_web::body::BoxBody;
use actix_web::dev::ServiceResponse;
use actix_web::http::header::HeaderMap;
use actix_web::http::{Method, StatusCode};
use actix_web::test;
use diesel::connection::SimpleConnection;
use serde_json::Value;

use bioreg::config::Settings;
use bioreg::db::{self, Backend, DatabaseUrl, DbConnection};
use bioreg::domain::accounts::{self, NewOrganization, NewUser, OrganizationKind, Role};
use bioreg::{build_app, prepare_database, AppState};

enum Cleanup {
    Sqlite(#[allow(dead_code)] tempfile::TempDir),
    Postgres { admin_url: String, name: String },
}

/// A database that exists for one test only.
pub struct TestDb {
    pub url: DatabaseUrl,
    pub raw_url: String,
    cleanup: Cleanup,
}

impl TestDb {
    pub fn new() -> Self {
        match std::env::var("BIOREG_TEST_DATABASE_URL") {
            Ok(admin_url) if admin_url.starts_with("postgres") => {
                let name = format!("bioreg_test_{}", uuid::Uuid::new_v4().simple());
                let mut admin = DatabaseUrl::parse(&admin_url)
                    .unwrap()
                    .connect()
                    .expect("connect to PostgreSQL");
                admin.batch_execute(&format!("CREATE DATABASE {name}")).unwrap();
                let mut url = url::Url::parse(&admin_url).unwrap();
                url.set_path(&name);
                let raw_url = url.to_string();
                TestDb {
                    url: DatabaseUrl::parse(&raw_url).unwrap(),
                    raw_url,
                    cleanup: Cleanup::Postgres { admin_url, name },
                }
            }
            _ => {
                let dir = tempfile::tempdir().unwrap();
                let raw_url = format!("sqlite://{}", dir.path().join("bioreg-test.db").display());
                TestDb {
                    url: DatabaseUrl::parse(&raw_url).unwrap(),
                    raw_url,
                    cleanup: Cleanup::Sqlite(dir),
                }
            }
        }
    }

    pub fn backend(&self) -> Backend {
        self.url.backend()
    }

    pub fn connect(&self) -> DbConnection {
        self.url.connect().unwrap()
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        if let Cleanup::Postgres { admin_url, name } = &self.cleanup {
            if let Ok(mut admin) = DatabaseUrl::parse(admin_url).unwrap().connect() {
                let _ = admin.batch_execute(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"));
            }
        }
    }
}

/// A deterministic pseudo-random ACGT sequence of `n` bases from `seed` (no library's real
/// sequence, so search hits are unambiguous).
pub fn random(n: usize, seed: u64) -> String {
    let mut state = seed;
    (0..n)
        .map(|_| {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            b"ACGT"[(state >> 62) as usize] as char
        })
        .collect()
}

/// Reverse complement of an ACGT string (other letters kept).
pub fn revcomp(s: &str) -> String {
    s.chars()
        .rev()
        .map(|c| match c {
            'A' => 'T',
            'T' => 'A',
            'G' => 'C',
            'C' => 'G',
            other => other,
        })
        .collect()
}

/// A response, read whole.
pub struct TestResponse {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: actix_web::web::Bytes,
}

impl TestResponse {
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("body is not JSON ({e}): {}", String::from_utf8_lossy(&self.body)))
    }

    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    pub fn header(&self, name: &str) -> Option<String> {
        self.headers.get(name).and_then(|v| v.to_str().ok()).map(str::to_string)
    }

    /// Asserts the status and that the body is an RFC 9457 problem with that status; returns it.
    pub fn problem(&self, status: u16) -> Value {
        assert_eq!(self.status.as_u16(), status, "unexpected status; body: {}", self.text());
        assert_eq!(
            self.header("content-type").as_deref(),
            Some("application/problem+json"),
            "{}",
            self.text()
        );
        let body = self.json();
        assert_eq!(body["status"], status);
        assert!(
            body["type"].as_str().unwrap().starts_with("urn:bioreg:problem:"),
            "{body}"
        );
        assert!(body["title"].is_string(), "{body}");
        assert!(!body["detail"].as_str().unwrap().is_empty(), "{body}");
        body
    }

    pub fn ok(&self, status: u16) -> Value {
        assert_eq!(self.status.as_u16(), status, "unexpected status; body: {}", self.text());
        if self.body.is_empty() {
            Value::Null
        } else {
            self.json()
        }
    }
}

type AppService = BoxService<Request, ServiceResponse<BoxBody>, actix_web::Error>;

/// The application over a fresh database.
pub struct TestApp {
    service: AppService,
    pub state: AppState,
    pub db: std::sync::Arc<TestDb>,
}

impl TestApp {
    pub async fn new() -> Self {
        Self::with_settings(Settings::default()).await
    }

    pub async fn with_settings(settings: Settings) -> Self {
        let db = TestDb::new();
        drop(prepare_database(&db.url).unwrap());
        Self::instance(std::sync::Arc::new(db), settings).await
    }

    /// The application over `db` as it stands (say a database written by an older bioreg), after
    /// [`prepare_database`] has applied its pending migrations.
    pub async fn on_database(db: TestDb, settings: Settings) -> Self {
        drop(prepare_database(&db.url).unwrap());
        Self::instance(std::sync::Arc::new(db), settings).await
    }

    /// One bioreg instance (its own pool, state and sequence index) on `db`, its index loaded.
    async fn instance(db: std::sync::Arc<TestDb>, settings: Settings) -> Self {
        let app = Self::unloaded_instance(db, settings).await;
        bioreg::start_search(&app.state).unwrap();
        assert!(
            app.state.search.wait_ready(std::time::Duration::from_secs(120)),
            "the sequence index did not load"
        );
        app
    }

    /// An instance on a fresh database whose sequence index has not started loading (as `serve`
    /// is in the moments before its index is ready); [`bioreg::start_search`] loads it.
    pub async fn with_index_unloaded(settings: Settings) -> Self {
        let db = TestDb::new();
        drop(prepare_database(&db.url).unwrap());
        Self::unloaded_instance(std::sync::Arc::new(db), settings).await
    }

    /// Another instance on this one's database, its index not loading yet.
    pub async fn another_unloaded_instance(&self, settings: Settings) -> TestApp {
        Self::unloaded_instance(self.db.clone(), settings).await
    }

    async fn unloaded_instance(db: std::sync::Arc<TestDb>, settings: Settings) -> Self {
        let pool = db::pool(&db.url, 8, std::time::Duration::from_secs(10));
        let state = AppState::new(pool, db.backend(), settings);
        bioreg::start_import_jobs(&state);
        let service = test::init_service(build_app(state.clone())).await;
        let service = boxed::service(service.map(|res: ServiceResponse<_>| res.map_into_boxed_body()));
        TestApp { service, state, db }
    }

    /// A second instance sharing this one's database, as several stateless instances share one
    /// PostgreSQL in production.
    pub async fn another_instance(&self, settings: Settings) -> TestApp {
        Self::instance(self.db.clone(), settings).await
    }

    pub async fn send(&self, request: test::TestRequest) -> TestResponse {
        let response = test::call_service(&self.service, request.to_request()).await;
        let status = response.status();
        let headers = response.headers().clone();
        let body = actix_web::body::to_bytes(response.into_body())
            .await
            .unwrap_or_default();
        TestResponse { status, headers, body }
    }

    fn request(method: Method, path: &str, token: Option<&str>) -> test::TestRequest {
        let mut request = test::TestRequest::default().method(method).uri(path);
        if let Some(token) = token {
            request = request.insert_header(("Authorization", format!("Bearer {token}")));
        }
        request
    }

    pub async fn get(&self, path: &str, token: Option<&str>) -> TestResponse {
        self.send(Self::request(Method::GET, path, token)).await
    }

    pub async fn delete(&self, path: &str, token: Option<&str>) -> TestResponse {
        self.send(Self::request(Method::DELETE, path, token)).await
    }

    /// The ETag a GET of the record at `path` (its query left out) answers `token` with.
    pub async fn current_etag(&self, path: &str, token: &str) -> Option<String> {
        let record = path.split('?').next().unwrap_or(path);
        self.get(record, Some(token)).await.header("etag")
    }

    /// Withdraws the part or strain at `path` (`?reason=` allowed) with the `If-Match` a GET of
    /// it gives right before, as clients do.
    pub async fn withdraw(&self, path: &str, token: &str) -> TestResponse {
        let mut request = Self::request(Method::DELETE, path, Some(token));
        if let Some(tag) = self.current_etag(path, token).await {
            request = request.insert_header(("If-Match", tag));
        }
        self.send(request).await
    }

    pub async fn post(&self, path: &str, token: Option<&str>, body: Value) -> TestResponse {
        self.send(Self::request(Method::POST, path, token).set_json(body)).await
    }

    pub async fn post_raw(
        &self,
        path: &str,
        token: Option<&str>,
        content_type: &str,
        body: &'static [u8],
    ) -> TestResponse {
        let request = Self::request(Method::POST, path, token).insert_header(("content-type", content_type));
        self.send(request.set_payload(body)).await
    }

    /// Creates an organisation directly through the domain layer.
    pub fn organization(&self, slug: &str) -> String {
        let mut conn = self.db.connect();
        let new = NewOrganization {
            slug: slug.into(),
            name: format!("Lab {slug}"),
            kind: OrganizationKind::Lab,
        };
        accounts::create_organization(&mut conn, new, None)
            .unwrap()
            .id
            .to_string()
    }

    /// Creates a user with a token and returns the token.
    pub fn user(&self, name: &str, role: Role, organization: Option<&str>) -> String {
        let mut conn = self.db.connect();
        let new = NewUser {
            name: name.into(),
            role,
            organization: organization.map(str::to_string),
        };
        let (user, _) = accounts::create_user(&mut conn, new, None).unwrap();
        accounts::issue_token(&mut conn, &user.id.to_string(), None, None, None)
            .unwrap()
            .secret
    }

    pub fn admin(&self) -> String {
        self.user("root-admin", Role::Admin, None)
    }
}

impl TestApp {
    /// Publishes a record the way curators do: its owner submits it, a curator (a fresh one, so
    /// the four-eyes rule holds) approves it.
    pub async fn publish(&self, owner: &str, kind: &str, accession: &str) {
        let base = format!("/api/v1/{kind}/{accession}");
        self.post(&format!("{base}/submit"), Some(owner), serde_json::json!({}))
            .await
            .ok(200);
        let curator = self.user(
            &format!("curator-{}", uuid::Uuid::new_v4().simple()),
            Role::Curator,
            None,
        );
        self.post(
            &format!("{base}/review"),
            Some(&curator),
            serde_json::json!({"decision": "approve"}),
        )
        .await
        .ok(200);
    }
}
