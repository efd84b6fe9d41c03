//! GenBank quirks through `POST /api/v1/imports`: what Biopython reads is imported, with a warning
//! for what is kept as written or left out; a malformed location is a problem at its feature's
//! line; records without a sequence of their own are refused in words.

use serde_json::Value;

use crate::common::{TestApp, TestResponse};
use bioreg::domain::accounts::Role;

/// Biopython's `one_of.gb` (NCBI U18266): exon 1 of a gene whose other exons are on other records
/// (`U18267.1:1..270`), and features starting at `one-of(1888,1901)`.
const ONE_OF: &[u8] = include_bytes!("../fixtures/genbank/biopython/one_of.gb");
/// Biopython's `tls_KDHP01000000.gb`: the master record of a targeted locus study.
const TLS_MASTER: &[u8] = include_bytes!("../fixtures/genbank/biopython/tls_KDHP01000000.gb");

async fn import(app: &TestApp, token: &str, query: &str, body: &[u8]) -> TestResponse {
    let body: &'static [u8] = Box::leak(body.to_vec().into_boxed_slice());
    app.post_raw(
        &format!("/api/v1/imports?format=genbank&{query}"),
        Some(token),
        "text/plain",
        body,
    )
    .await
}

/// A 40-base record whose LOCUS line ends with `locus_tail` and whose feature table holds
/// `features`.
fn record(locus_tail: &str, features: &str) -> Vec<u8> {
    format!(
        "LOCUS       pQuirk                    40 bp    DNA     {locus_tail}\nDEFINITION  A quirky record.\n\
         ACCESSION   pQuirk\nFEATURES             Location/Qualifiers\n{features}ORIGIN\n\
         \x20       1 acgtacgtac gtacgtacgt acgtacgtac gtacgtacgt\n//\n"
    )
    .into_bytes()
}

fn messages(list: &Value) -> Vec<String> {
    list.as_array()
        .unwrap()
        .iter()
        .map(|e| e["message"].as_str().unwrap().to_string())
        .collect()
}

#[actix_web::test]
async fn features_on_other_records_are_left_out_with_a_warning_naming_them() {
    let app = TestApp::new().await;
    let token = app.user("lab", Role::Submitter, None);
    let report = import(&app, &token, "file_name=one_of.gb", ONE_OF).await.ok(201);
    assert_eq!(report["stored"], true, "{report}");
    let warnings = report["warnings"].as_array().unwrap();
    let said: Vec<(u64, &str, &str)> = warnings
        .iter()
        .map(|w| {
            assert_eq!(w["record"], 0, "{w}");
            (
                w["line"].as_u64().unwrap(),
                w["field"].as_str().unwrap(),
                w["message"].as_str().unwrap(),
            )
        })
        .collect();
    // One warning per feature left out, at the feature's own line, naming its key and the records.
    assert_eq!(said.len(), 5, "{said:#?}");
    assert_eq!((said[0].0, said[0].1), (31, "features[1].location"));
    assert_eq!(
        said[0].2,
        "record 1, line 31: feature 1 (5'UTR) was left out: `one-of(1888,1901)..2200` starts or ends at one of \
         several positions, which bioreg cannot store"
    );
    assert_eq!((said[1].0, said[1].1), (33, "features[2].location"));
    assert!(
        said[1].2.starts_with(
            "record 1, line 33: feature 2 (gene) was left out: it lies on another record (`U18267.1`, `U18268.1`, \
             `U18270.1`, `U18269.1`, `U18271.1`: `join(1888..2509,U18267.1:1..270,"
        ),
        "{}",
        said[1].2
    );
    assert!(said[3]
        .2
        .starts_with("record 1, line 39: feature 4 (CDS) was left out: it lies on another record"));
    // The stored part keeps what lies on its own sequence, and the import keeps its warnings.
    let accession = report["records"][0]["accession"].as_str().unwrap();
    let part = app
        .get(&format!("/api/v1/parts/{accession}"), Some(&token))
        .await
        .ok(200);
    let keys: Vec<&str> = part["features"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["key"].as_str().unwrap())
        .collect();
    assert_eq!(keys, ["source"], "{part}");
    let id = report["id"].as_str().unwrap();
    let kept = app.get(&format!("/api/v1/imports/{id}"), Some(&token)).await.ok(200);
    assert_eq!(kept["warnings"], report["warnings"]);
}

#[actix_web::test]
async fn a_malformed_locus_date_or_division_is_kept_as_written_with_a_warning() {
    let app = TestApp::new().await;
    let token = app.user("lab", Role::Submitter, None);
    let file = [
        record("circular SYN 2024-01-01", "     misc_feature    1..10\n"),
        record("linear   SY1 01-JAN-2024", "     misc_feature    1..10\n"),
    ]
    .concat();
    let report = import(&app, &token, "duplicates=allow", &file).await.ok(201);
    let warnings = &report["warnings"];
    assert_eq!(
        messages(warnings),
        [
            "record 1, line 1: the LOCUS date `2024-01-01` is not in GenBank's DD-MON-YYYY form; kept as written",
            "record 2, line 9: the LOCUS division `SY1` is not a GenBank division code (three capital letters, such \
             as SYN or BCT); kept as written",
        ]
    );
    assert_eq!(warnings[0]["field"], "genbank.date");
    assert_eq!(
        (&warnings[1]["record"], &warnings[1]["line"]),
        (&Value::from(1), &Value::from(9))
    );
    let part = |i: usize| {
        let accession = report["records"][i]["accession"].as_str().unwrap().to_string();
        let app = &app;
        let token = &token;
        async move {
            app.get(&format!("/api/v1/parts/{accession}"), Some(token))
                .await
                .ok(200)
        }
    };
    let dated = part(0).await;
    assert_eq!(dated["genbank"]["date"], "2024-01-01");
    assert_eq!(
        (&dated["topology"], &dated["genbank"]["division"]),
        (&Value::from("circular"), &Value::from("SYN"))
    );
    let divided = part(1).await;
    assert_eq!(divided["genbank"]["division"], "SY1");
    assert_eq!(divided["genbank"]["date"], "01-JAN-2024");
}

#[actix_web::test]
async fn a_malformed_location_is_reported_at_its_feature_with_its_key() {
    let app = TestApp::new().await;
    let token = app.user("lab", Role::Submitter, None);
    let file = record(
        "linear   SYN 01-JAN-2024",
        "     misc_feature    1..10\n     CDS             join(1..5,6..x10)\n                     /gene=\"bad\"\n",
    );
    let problem = import(&app, &token, "", &file).await.problem(422);
    let errors = problem["errors"].as_array().unwrap();
    assert_eq!(errors.len(), 1, "{problem}");
    assert_eq!(errors[0]["field"], "records[0].features[1].location");
    assert_eq!(
        errors[0]["message"],
        "line 6: feature 1 (CDS): location `join(1..5,6..x10)` is not an INSDC location (`x10)` cannot be read)"
    );
    assert!(!problem.to_string().contains("another record"), "{problem}");
    assert_eq!(problem["report"]["errors"][0]["line"], 6);
}

#[actix_web::test]
async fn records_without_a_sequence_are_refused_saying_why() {
    let app = TestApp::new().await;
    let token = app.user("lab", Role::Submitter, None);
    let no_origin = String::from_utf8(record("linear   SYN 01-JAN-2024", "     misc_feature    1..10\n"))
        .unwrap()
        .replace("ORIGIN\n        1 acgtacgtac gtacgtacgt acgtacgtac gtacgtacgt\n", "");
    let contig = no_origin.replace("//\n", "CONTIG      join(ABJB010667125.1:1..40)\n//\n");
    for (file, line, says) in [
        (
            no_origin.as_bytes(),
            1,
            "record 1 has no sequence: it has no ORIGIN section; a part needs its sequence",
        ),
        (
            contig.as_bytes(),
            6,
            "record 1 has no sequence: it is a CONTIG record (`CONTIG join(ABJB010667125.1:1..40)`), whose \
             sequence is assembled from other records; import those records, or the assembled sequence",
        ),
        (
            TLS_MASTER,
            39,
            "record 1 has no sequence: it is the master record of a targeted locus study (TLS) project (`TLS \
             KBUV01000001-KBUV01003714`), which lists the project's records instead of holding a sequence; import \
             those records instead",
        ),
    ] {
        let problem = import(&app, &token, "", file).await.problem(422);
        let errors = problem["errors"].as_array().unwrap();
        assert_eq!(errors.len(), 1, "{problem}");
        assert_eq!(errors[0]["field"], "records[0].sequence");
        assert_eq!(errors[0]["message"], format!("line {line}: {says}"));
    }
}
