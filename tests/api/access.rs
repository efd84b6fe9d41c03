//! Every route × every kind of caller: anonymous, reader, submitter of the owning organisation,
//! submitter of another organisation, curator, admin — the status each one gets, against a fresh
//! draft part and strain of the owning organisation for every cell (writes change them).

use std::cell::Cell;

use actix_web::test::TestRequest;
use serde_json::{json, Value};

use crate::common::TestApp;
use bioreg::domain::accounts::Role;

const CALLERS: [&str; 6] = ["anonymous", "reader", "owner", "other", "curator", "admin"];

struct Fixture {
    part: String,
    strain: String,
    sample: String,
    token: String,
}

/// A unique, valid DNA sequence for every registration in the test.
fn fresh_sequence(counter: &Cell<u32>) -> String {
    counter.set(counter.get() + 1);
    let n = counter.get();
    let tail: String = (0..12)
        .map(|i| ['A', 'C', 'G', 'T'][((n >> (2 * i)) & 3) as usize])
        .collect();
    format!("ATGAAA{tail}TAA")
}

fn strain_body(name: &str) -> Value {
    json!({"name": name, "organism_type": "bacteria", "taxon": {"name": "Escherichia coli"}, "risk_group": 1})
}

#[actix_web::test]
async fn every_route_answers_every_caller_as_the_rules_say() {
    let app = TestApp::new().await;
    app.organization("lab-a");
    app.organization("lab-b");
    let owner = app.user("owner", Role::Submitter, Some("lab-a"));
    let tokens: Vec<Option<String>> = vec![
        None,
        Some(app.user("reader", Role::Reader, Some("lab-a"))),
        Some(owner.clone()),
        Some(app.user("other", Role::Submitter, Some("lab-b"))),
        Some(app.user("curator", Role::Curator, None)),
        Some(app.admin()),
    ];
    let counter = Cell::new(0);

    // (method, path template, body, expected status per caller in CALLERS order)
    // {part}, {strain}, {sample}, {token} and {seq} are filled in per cell.
    let table: Vec<(&str, &str, Value, [u16; 6])> = vec![
        ("GET", "/health", Value::Null, [200, 200, 200, 200, 200, 200]),
        ("GET", "/api/v1/me", Value::Null, [401, 200, 200, 200, 200, 200]),
        (
            "GET",
            "/api/v1/organizations",
            Value::Null,
            [401, 403, 403, 403, 403, 200],
        ),
        (
            "POST",
            "/api/v1/organizations",
            json!({"slug": "org-{lseq}", "name": "x", "kind": "lab"}),
            [401, 403, 403, 403, 403, 201],
        ),
        (
            "GET",
            "/api/v1/organizations/lab-a",
            Value::Null,
            [401, 403, 403, 403, 403, 200],
        ),
        ("GET", "/api/v1/users", Value::Null, [401, 403, 403, 403, 403, 200]),
        (
            "POST",
            "/api/v1/users",
            json!({"name": "u{seq}", "role": "reader"}),
            [401, 403, 403, 403, 403, 201],
        ),
        (
            "GET",
            "/api/v1/users/owner",
            Value::Null,
            [401, 403, 403, 403, 403, 200],
        ),
        (
            "GET",
            "/api/v1/users/owner/tokens",
            Value::Null,
            [401, 403, 403, 403, 403, 200],
        ),
        (
            "POST",
            "/api/v1/users/owner/tokens",
            json!({}),
            [401, 403, 403, 403, 403, 201],
        ),
        (
            "DELETE",
            "/api/v1/tokens/{token}",
            Value::Null,
            [401, 403, 403, 403, 403, 204],
        ),
        (
            "GET",
            "/api/v1/ontology/terms",
            Value::Null,
            [200, 200, 200, 200, 200, 200],
        ),
        ("GET", "/api/v1/parts", Value::Null, [200, 200, 200, 200, 200, 200]),
        (
            "POST",
            "/api/v1/parts",
            json!({"name": "p", "role": "CDS", "sequence": "{seq}"}),
            [401, 403, 201, 201, 201, 201],
        ),
        (
            "GET",
            "/api/v1/parts/{part}",
            Value::Null,
            [404, 404, 200, 404, 404, 404],
        ),
        (
            "PATCH",
            "/api/v1/parts/{part}",
            json!({"description": "x"}),
            [401, 404, 200, 404, 404, 404],
        ),
        (
            "DELETE",
            "/api/v1/parts/{part}",
            Value::Null,
            [401, 404, 200, 404, 404, 404],
        ),
        (
            "GET",
            "/api/v1/parts/{part}/twins",
            Value::Null,
            [404, 404, 200, 404, 404, 404],
        ),
        (
            "GET",
            "/api/v1/parts/{part}/used-in",
            Value::Null,
            [404, 404, 200, 404, 404, 404],
        ),
        (
            "GET",
            "/api/v1/parts/{part}/strains",
            Value::Null,
            [404, 404, 200, 404, 404, 404],
        ),
        (
            "GET",
            "/api/v1/parts/{part}/revisions",
            Value::Null,
            [404, 404, 200, 404, 404, 404],
        ),
        (
            "GET",
            "/api/v1/parts/{part}/revisions/1",
            Value::Null,
            [404, 404, 200, 404, 404, 404],
        ),
        (
            "GET",
            "/api/v1/parts/{part}/revisions/1/diff/1",
            Value::Null,
            [404, 404, 200, 404, 404, 404],
        ),
        (
            "GET",
            "/api/v1/parts/{part}/reviews",
            Value::Null,
            [404, 404, 200, 404, 404, 404],
        ),
        (
            "POST",
            "/api/v1/parts/{part}/submit",
            json!({}),
            [401, 404, 200, 404, 404, 404],
        ),
        (
            "POST",
            "/api/v1/parts/{part}/review",
            json!({"decision": "approve"}),
            [401, 403, 403, 403, 404, 404],
        ),
        (
            "POST",
            "/api/v1/parts/{part}/withdraw",
            json!({"reason_code": "other"}),
            [401, 403, 403, 403, 404, 404],
        ),
        ("GET", "/api/v1/strains", Value::Null, [200, 200, 200, 200, 200, 200]),
        (
            "POST",
            "/api/v1/strains",
            strain_body("s{seq}"),
            [401, 403, 201, 201, 201, 201],
        ),
        (
            "GET",
            "/api/v1/strains/{strain}",
            Value::Null,
            [404, 404, 200, 404, 404, 404],
        ),
        (
            "PATCH",
            "/api/v1/strains/{strain}",
            json!({"phenotype": "x"}),
            [401, 404, 200, 404, 404, 404],
        ),
        (
            "DELETE",
            "/api/v1/strains/{strain}",
            Value::Null,
            [401, 404, 200, 404, 404, 404],
        ),
        (
            "GET",
            "/api/v1/strains/{strain}/lineage",
            Value::Null,
            [404, 404, 200, 404, 404, 404],
        ),
        (
            "GET",
            "/api/v1/strains/{strain}/samples",
            Value::Null,
            [404, 404, 200, 404, 404, 404],
        ),
        (
            "POST",
            "/api/v1/strains/{strain}/samples",
            json!({"location": {"site": "S", "freezer": "F", "rack": "R", "box": "B", "position": "{seq}"}, "preservation_method": "glycerol"}),
            [401, 404, 201, 404, 404, 404],
        ),
        (
            "DELETE",
            "/api/v1/strains/{strain}/samples/{sample}",
            Value::Null,
            [401, 404, 204, 404, 404, 404],
        ),
        (
            "GET",
            "/api/v1/strains/{strain}/revisions",
            Value::Null,
            [404, 404, 200, 404, 404, 404],
        ),
        (
            "GET",
            "/api/v1/strains/{strain}/reviews",
            Value::Null,
            [404, 404, 200, 404, 404, 404],
        ),
        (
            "POST",
            "/api/v1/strains/{strain}/submit",
            json!({}),
            [401, 404, 422, 404, 404, 404],
        ),
        (
            "POST",
            "/api/v1/strains/{strain}/review",
            json!({"decision": "approve"}),
            [401, 403, 403, 403, 404, 404],
        ),
        (
            "GET",
            "/api/v1/reviews/queue",
            Value::Null,
            [401, 403, 403, 403, 200, 200],
        ),
        ("GET", "/api/v1/audit", Value::Null, [401, 403, 403, 403, 403, 200]),
    ];

    let mut failures = Vec::new();
    for (method, template, body, expected) in &table {
        for (index, caller) in CALLERS.iter().enumerate() {
            // A fresh draft part and strain of lab-a (with a sample and a spare token) per cell.
            let part = app
                .create_part(
                    &owner,
                    json!({"name": "p", "role": "CDS", "sequence": fresh_sequence(&counter)}),
                )
                .await
                .ok(201);
            let strain = app.create_strain(&owner, strain_body("s")).await.ok(201);
            let accession = strain["accession"].as_str().unwrap();
            let sample = app
                .post(
                    &format!("/api/v1/strains/{accession}/samples"),
                    Some(&owner),
                    json!({"location": {"site": "S", "freezer": "F", "rack": "R", "box": "B", "position": fresh_sequence(&counter)}, "preservation_method": "glycerol"}),
                )
                .await
                .ok(201);
            let spare = app
                .post(
                    "/api/v1/users/owner/tokens",
                    Some(tokens[5].as_deref().unwrap()),
                    json!({}),
                )
                .await
                .ok(201);
            let fixture = Fixture {
                part: part["accession"].as_str().unwrap().into(),
                strain: accession.into(),
                sample: sample["id"].as_str().unwrap().into(),
                token: spare["id"].as_str().unwrap().into(),
            };
            let fill = |text: &str| {
                text.replace("{part}", &fixture.part)
                    .replace("{strain}", &fixture.strain)
                    .replace("{sample}", &fixture.sample)
                    .replace("{token}", &fixture.token)
            };
            let path = fill(template);
            let seq = fresh_sequence(&counter);
            let body: Value = serde_json::from_str(
                &fill(&body.to_string())
                    .replace("{lseq}", &seq.to_lowercase())
                    .replace("{seq}", &seq),
            )
            .unwrap();
            let mut request = match *method {
                "GET" => TestRequest::get(),
                "POST" => TestRequest::post(),
                "PATCH" => TestRequest::patch(),
                "DELETE" => TestRequest::delete(),
                other => panic!("{other}"),
            }
            .uri(&path);
            if let Some(token) = &tokens[index] {
                request = request.insert_header(("Authorization", format!("Bearer {token}")));
            }
            if matches!(*method, "PATCH" | "DELETE")
                && (path.starts_with("/api/v1/parts/") || path.starts_with("/api/v1/strains/"))
                && !path.contains("/samples/")
            {
                // This matrix is about who may; If-Match has its own tests.
                request = request.insert_header(("If-Match", "*"));
            }
            if !body.is_null() {
                request = request.set_json(&body);
            }
            let response = app.send(request).await;
            if response.status.as_u16() != expected[index] {
                failures.push(format!(
                    "{method} {template} as {caller}: got {} want {} ({})",
                    response.status.as_u16(),
                    expected[index],
                    response.text()
                ));
            }
            if response.status.is_client_error() || response.status.is_server_error() {
                assert_eq!(
                    response.header("content-type").as_deref(),
                    Some("application/problem+json"),
                    "{method} {path}"
                );
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} cells differ:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
