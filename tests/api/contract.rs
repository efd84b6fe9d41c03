//! The API contract as clients see it: the committed OpenAPI document is valid OpenAPI 3.1 (the
//! OpenAPI Initiative's schema, the checks `openapi-spec-validator` adds, and that tool itself
//! where it is installed), every path parameter is in its template, and every query parameter a
//! handler reads is declared on its operation.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::process::Command;

use actix_web::http::Method;
use actix_web::test::TestRequest;
use serde_json::Value;

use crate::common::TestApp;

fn committed() -> Value {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("openapi/openapi.json");
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn operations(document: &Value) -> Vec<(String, String, &Value)> {
    let mut found = Vec::new();
    for (path, item) in document["paths"].as_object().unwrap() {
        for (method, operation) in item.as_object().unwrap() {
            if ["get", "put", "post", "delete", "patch", "head", "options"].contains(&method.as_str()) {
                found.push((method.clone(), path.clone(), operation));
            }
        }
    }
    found
}

/// The names in `{…}` of a path template.
fn template_names(path: &str) -> BTreeSet<String> {
    path.split('{')
        .skip(1)
        .filter_map(|rest| rest.split_once('}').map(|(name, _)| name.to_string()))
        .collect()
}

#[test]
fn committed_document_is_valid_openapi_3_1() {
    let schema: Value = serde_json::from_str(include_str!("../fixtures/openapi/oas-3.1-schema.json")).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let document = committed();
    assert_eq!(document["openapi"], "3.1.0");
    let errors: Vec<String> = validator
        .iter_errors(&document)
        .map(|error| format!("{error} (at {})", error.instance_path()))
        .collect();
    assert!(
        errors.is_empty(),
        "the document breaks the OpenAPI 3.1 schema:\n{}",
        errors.join("\n")
    );
    // The schema is really applied: a parameter without its required `in` is refused.
    let mut broken = document.clone();
    broken["paths"]["/api/v1/parts"]["get"]["parameters"][0]
        .as_object_mut()
        .unwrap()
        .remove("in");
    assert!(!validator.is_valid(&broken));
}

/// What `openapi-spec-validator` checks beyond the schema, and what generated clients need:
/// every templated name is a required path parameter and every path parameter is templated;
/// no parameter twice; unique operation ids; tags that are declared; a `servers` block.
#[test]
fn every_operation_is_well_formed_for_generated_clients() {
    let document = committed();
    assert!(
        document["servers"]
            .as_array()
            .is_some_and(|servers| !servers.is_empty()),
        "the document has no servers block"
    );
    let declared_tags: BTreeSet<&str> = document["tags"]
        .as_array()
        .unwrap()
        .iter()
        .map(|tag| tag["name"].as_str().unwrap())
        .collect();
    let mut ids = BTreeSet::new();
    let mut query_parameters = 0;
    for (method, path, operation) in operations(&document) {
        let id = operation["operationId"]
            .as_str()
            .unwrap_or_else(|| panic!("{method} {path}: no operationId"));
        assert!(ids.insert(id.to_string()), "operationId {id} used twice");
        assert!(
            id.chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_'),
            "operationId {id} is not snake_case"
        );
        let tags = operation["tags"]
            .as_array()
            .unwrap_or_else(|| panic!("{method} {path}: no tag"));
        for tag in tags {
            assert!(
                declared_tags.contains(tag.as_str().unwrap()),
                "{method} {path}: undeclared tag {tag}"
            );
        }
        let mut seen = BTreeSet::new();
        let mut in_path = BTreeSet::new();
        for parameter in operation["parameters"].as_array().into_iter().flatten() {
            let name = parameter["name"].as_str().unwrap().to_string();
            let location = parameter["in"].as_str().unwrap().to_string();
            assert!(
                seen.insert((name.clone(), location.clone())),
                "{method} {path}: {name} twice"
            );
            match location.as_str() {
                "path" => {
                    assert_eq!(parameter["required"], true, "{method} {path}: path parameter {name}");
                    in_path.insert(name);
                }
                "query" => {
                    query_parameters += 1;
                    // Every page size is bounded in the document as the server bounds it.
                    if name == "limit" {
                        let schema = &parameter["schema"];
                        assert_eq!(schema["minimum"], 1, "{method} {path}: limit {schema}");
                        assert_eq!(schema["maximum"], 500, "{method} {path}: limit {schema}");
                    }
                }
                "header" => {}
                other => panic!("{method} {path}: parameter {name} in {other}"),
            }
        }
        assert_eq!(
            in_path,
            template_names(&path),
            "{method} {path}: path parameters and template differ"
        );
    }
    assert!(
        query_parameters > 80,
        "only {query_parameters} query parameters are declared"
    );
}

/// The real `openapi-spec-validator` (PyPI) on the committed file, where it is installed. `.ci/run`
/// installs it and sets `BIOREG_REQUIRE_OPENAPI_SPEC_VALIDATOR=1`, so there it must run; on a
/// machine without it, the two tests above stand in for it.
#[test]
fn committed_document_passes_openapi_spec_validator() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("openapi/openapi.json");
    let required = std::env::var_os("BIOREG_REQUIRE_OPENAPI_SPEC_VALIDATOR").is_some();
    let output = match Command::new("openapi-spec-validator").arg(&path).output() {
        Ok(output) => output,
        Err(error) => {
            assert!(!required, "openapi-spec-validator could not be run: {error}");
            eprintln!("openapi-spec-validator is not installed here; skipped (pip install openapi-spec-validator)");
            return;
        }
    };
    // Its message quotes the whole document after the error: the first lines say what is wrong.
    let said = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        output.status.success(),
        "openapi-spec-validator refuses openapi/openapi.json:\n{}",
        said.chars().take(2000).collect::<String>()
    );
}

/// Sends one request to every operation of the document (path parameters filled with stand-ins;
/// whatever the answer) and compares the query parameters each handler read, as noted by the
/// `ApiQuery` extractor, with the ones its operation declares. Fails when a handler reads a
/// parameter its operation does not declare, or when an operation declares one nobody reads.
#[actix_web::test]
async fn every_query_parameter_a_handler_reads_is_declared() {
    bioreg::http::extract::query_reads::start();
    let app = TestApp::new().await;
    let admin = app.admin();
    let document = committed();
    let mut declared: BTreeMap<(String, String), BTreeSet<String>> = BTreeMap::new();
    for (method, path, operation) in operations(&document) {
        let names = operation["parameters"]
            .as_array()
            .into_iter()
            .flatten()
            .filter(|parameter| parameter["in"] == "query")
            .map(|parameter| parameter["name"].as_str().unwrap().to_string())
            .collect();
        let mut uri = path.clone();
        for name in template_names(&path) {
            let stand_in = match name.as_str() {
                "n" | "a" | "b" => "1",
                "file" => "parts.csv",
                _ => "00000000-0000-0000-0000-000000000000",
            };
            uri = uri.replace(&format!("{{{name}}}"), stand_in);
        }
        let request = TestRequest::default()
            .method(Method::from_bytes(method.to_ascii_uppercase().as_bytes()).unwrap())
            .uri(&uri)
            .insert_header(("Authorization", format!("Bearer {admin}")));
        app.send(request).await;
        declared.insert((method, path), names);
    }
    let noted = bioreg::http::extract::query_reads::noted();
    let mut problems = Vec::new();
    for ((method, path), names) in &declared {
        let read = noted.get(&(method.clone(), path.clone())).cloned().unwrap_or_default();
        for name in read.difference(names) {
            problems.push(format!("{method} {path} reads `{name}`, which it does not declare"));
        }
        for name in names.difference(&read) {
            problems.push(format!(
                "{method} {path} declares `{name}`, which its handler does not read"
            ));
        }
    }
    for (method, path) in noted.keys() {
        if !declared.contains_key(&(method.clone(), path.clone())) && path.starts_with("/api/") {
            problems.push(format!(
                "{method} {path} reads query parameters but is not in the document"
            ));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    assert!(
        noted.len() > 15,
        "only {} routes were seen reading a query",
        noted.len()
    );
}

/// Query strings are read only through `ApiQuery` (which notes what it reads) in the API's
/// handlers; the read cache keys on the whole string, the extractor itself parses it, and a
/// list's `Link: rel="next"` copies it with the next cursor.
#[test]
fn api_handlers_read_query_strings_only_through_the_extractor() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/http");
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        if ["extract.rs", "reads.rs", "lists.rs"].contains(&name.as_str()) {
            continue;
        }
        let source = std::fs::read_to_string(&path).unwrap();
        for needle in ["query_string()", "web::Query<", "parse_query("] {
            assert!(
                !source.contains(needle),
                "src/http/{name} reads a query string with {needle}"
            );
        }
    }
}
