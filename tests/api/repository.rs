//! Promises about the repository itself: the committed OpenAPI document matches the code, the
//! committed Python client was generated from it, and the two migration trees stay in step and apply
//! and revert cleanly.

use std::collections::BTreeSet;
use std::path::Path;

use crate::common::TestDb;

#[test]
fn committed_openapi_document_matches_the_code() {
    let generated = serde_json::to_string_pretty(&bioreg::openapi::document()).unwrap() + "\n";
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("openapi/openapi.json");
    if std::env::var_os("BIOREG_UPDATE_OPENAPI").is_some() {
        std::fs::write(&path, &generated).unwrap();
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == generated,
        "openapi/openapi.json is out of date: run `BIOREG_UPDATE_OPENAPI=1 cargo test committed_openapi` \
         (or `cargo run -- openapi > openapi/openapi.json`) and commit the result"
    );
}

#[test]
fn every_error_response_in_the_document_is_a_problem() {
    let document = bioreg::openapi::document();
    let mut checked = 0;
    for (path, item) in document["paths"].as_object().unwrap() {
        for (method, operation) in item.as_object().unwrap() {
            for (status, response) in operation["responses"].as_object().unwrap() {
                if status.starts_with('4') || status.starts_with('5') {
                    let schema = &response["content"]["application/problem+json"]["schema"]["$ref"];
                    assert_eq!(schema, "#/components/schemas/Problem", "{method} {path} {status}");
                    checked += 1;
                }
            }
            if operation.get("security").is_some() {
                assert!(
                    operation["responses"].get("401").is_some(),
                    "{method} {path} lists no 401"
                );
            }
        }
    }
    assert!(checked > 20);
}

#[test]
fn every_schema_reference_in_the_document_resolves() {
    fn refs<'a>(value: &'a serde_json::Value, found: &mut Vec<&'a str>) {
        match value {
            serde_json::Value::Object(map) => {
                if let Some(serde_json::Value::String(target)) = map.get("$ref") {
                    found.push(target);
                }
                map.values().for_each(|v| refs(v, found));
            }
            serde_json::Value::Array(items) => items.iter().for_each(|v| refs(v, found)),
            _ => {}
        }
    }
    let document = bioreg::openapi::document();
    let mut found = Vec::new();
    refs(&document, &mut found);
    assert!(found.len() > 50);
    let missing: BTreeSet<&str> = found
        .into_iter()
        .filter(|target| {
            let name = target.trim_start_matches("#/components/schemas/");
            document["components"]["schemas"].get(name).is_none()
        })
        .collect();
    assert!(missing.is_empty(), "unresolvable references: {missing:?}");
}

/// Operation ids are unique (OpenAPI requires it; links name their target by it), and every link
/// names an operation that exists and only parameters that operation takes.
#[test]
fn operation_ids_are_unique_and_links_resolve() {
    let document = bioreg::openapi::document();
    let mut operations = std::collections::BTreeMap::new();
    for item in document["paths"].as_object().unwrap().values() {
        for operation in item.as_object().unwrap().values() {
            let id = operation["operationId"].as_str().unwrap().to_string();
            assert!(
                operations.insert(id.clone(), operation.clone()).is_none(),
                "operationId {id} is used twice"
            );
        }
    }
    let mut links = 0;
    for item in document["paths"].as_object().unwrap().values() {
        for operation in item.as_object().unwrap().values() {
            for response in operation["responses"].as_object().unwrap().values() {
                for link in response["links"].as_object().into_iter().flat_map(|l| l.values()) {
                    links += 1;
                    let target = &operations[link["operationId"].as_str().unwrap()];
                    for name in link["parameters"].as_object().unwrap().keys() {
                        let (place, name) = name.split_once('.').unwrap_or(("path", name));
                        let declared = target["parameters"]
                            .as_array()
                            .is_some_and(|ps| ps.iter().any(|p| p["in"] == place && p["name"] == name));
                        assert!(
                            declared,
                            "link to {} names {place} parameter {name}",
                            link["operationId"]
                        );
                    }
                }
            }
        }
    }
    assert!(links >= 20, "{links} links");
}

fn migration_names(backend: &str) -> BTreeSet<String> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("migrations").join(backend);
    std::fs::read_dir(&dir)
        .unwrap()
        .map(|entry| {
            let entry = entry.unwrap();
            let name = entry.file_name().to_string_lossy().into_owned();
            for file in ["up.sql", "down.sql"] {
                let sql = std::fs::read_to_string(entry.path().join(file))
                    .unwrap_or_else(|_| panic!("migrations/{backend}/{name}/{file} is missing"));
                assert!(!sql.trim().is_empty(), "migrations/{backend}/{name}/{file} is empty");
            }
            name
        })
        .collect()
}

#[test]
fn migration_trees_have_the_same_names() {
    let sqlite = migration_names("sqlite");
    let postgres = migration_names("postgres");
    assert!(!sqlite.is_empty());
    assert_eq!(
        sqlite, postgres,
        "migrations/sqlite and migrations/postgres must hold the same migrations"
    );
}

#[test]
fn migrations_revert_and_reapply_on_this_backend() {
    let db = TestDb::new();
    let mut conn = db.connect();
    let applied = conn.run_migrations().unwrap();
    assert_eq!(applied.len(), migration_names(db.backend().name()).len());
    let reverted = conn.revert_all_migrations().unwrap();
    assert_eq!(reverted.len(), applied.len());
    assert_eq!(conn.run_migrations().unwrap().len(), applied.len());
    assert!(conn.run_migrations().unwrap().is_empty());
}

/// The Python client in clients/python was generated from the committed document. (This checks the
/// digest its generator wrote; `.ci/run` regenerates the client and compares every file.)
#[test]
fn python_client_was_generated_from_the_committed_openapi_document() {
    use sha2::{Digest, Sha256};
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let document = std::fs::read(root.join("openapi/openapi.json")).unwrap();
    let digest = format!("{:x}", Sha256::digest(&document));
    let recorded = std::fs::read_to_string(root.join("clients/python/OPENAPI_SHA256")).unwrap_or_default();
    assert!(
        recorded.split_whitespace().next() == Some(digest.as_str()),
        "clients/python/bioreg-client was generated from another openapi/openapi.json (sha256 {digest}, \
         clients/python/OPENAPI_SHA256 says {:?}): run `python3 clients/python/generate.py` and commit \
         clients/python",
        recorded.trim()
    );
}
