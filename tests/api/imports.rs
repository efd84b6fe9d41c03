//! Imports and exports through HTTP: GenBank and FASTA files in (dry run, all or nothing, every
//! problem with its record and line), GenBank and FASTA out, with locations and qualifiers kept.

use serde_json::Value;

use crate::common::TestApp;
use bioreg::domain::accounts::Role;

const IGEM_542: &[u8] = include_bytes!("../fixtures/genbank/igem-2024-annotated/542.gb");
const PUC19: &[u8] = include_bytes!("../fixtures/genbank/pydna/pUC19_M77789.gb");

impl TestApp {
    async fn import(
        &self,
        token: &str,
        query: &str,
        content_type: &str,
        body: &'static [u8],
    ) -> crate::common::TestResponse {
        self.post_raw(&format!("/api/v1/imports?{query}"), Some(token), content_type, body)
            .await
    }

    async fn count_parts(&self, token: &str) -> usize {
        self.get("/api/v1/parts?limit=500", Some(token)).await.ok(200)["items"]
            .as_array()
            .unwrap()
            .len()
    }
}

/// The two fixture files as one multi-record file.
fn two_records() -> &'static [u8] {
    let mut file = IGEM_542.to_vec();
    file.extend_from_slice(PUC19);
    Box::leak(file.into_boxed_slice())
}

#[actix_web::test]
async fn a_genbank_dry_run_reports_and_stores_nothing_then_the_import_stores_everything() {
    let app = TestApp::new().await;
    let token = app.user("lab", Role::Submitter, None);
    let file = two_records();
    let dry = app
        .import(
            &token,
            "format=genbank&dry_run=true&file_name=two.gb",
            "text/plain",
            file,
        )
        .await
        .ok(200);
    assert_eq!(dry["dry_run"], true);
    assert_eq!(dry["stored"], false);
    let records = dry["records"].as_array().unwrap();
    assert_eq!(records.len(), 2, "{dry}");
    assert_eq!(records[0]["status"], "would_create");
    assert_eq!(records[0]["line"], 1);
    assert!(records[1]["line"].as_u64().unwrap() > 100);
    assert!(dry["sha256"].as_str().unwrap().starts_with("sha256:"));
    assert_eq!(app.count_parts(&token).await, 0, "a dry run stores nothing");

    let done = app
        .import(&token, "file_name=two.gb", "text/x-genbank", file)
        .await
        .ok(201);
    assert_eq!(done["stored"], true);
    assert_eq!(app.count_parts(&token).await, 2);
    // The import is kept, for its organisation (and curators), with who and when.
    let id = done["id"].as_str().unwrap();
    let kept = app.get(&format!("/api/v1/imports/{id}"), Some(&token)).await.ok(200);
    assert_eq!(kept["records"], done["records"]);
    assert_eq!(kept["imported_by"], "lab");
    assert_eq!(kept["file_name"], "two.gb");
    app.organization("elsewhere");
    let outsider = app.user("outsider", Role::Submitter, Some("elsewhere"));
    app.get(&format!("/api/v1/imports/{id}"), Some(&outsider))
        .await
        .problem(404);
    let audit = app
        .get(&format!("/api/v1/audit?record={id}"), Some(&app.admin()))
        .await
        .ok(200);
    assert_eq!(audit["items"][0]["action"], "import.stored", "{audit}");
    assert!(dry["id"].is_null(), "a dry run is not kept");
    let accession = done["records"][0]["accession"].as_str().unwrap().to_string();
    let part = app
        .get(&format!("/api/v1/parts/{accession}"), Some(&token))
        .await
        .ok(200);
    assert_eq!(part["topology"], "circular");
    assert_eq!(part["source"]["file_name"], "two.gb");
    assert_eq!(part["source"]["file_checksum"], dry["sha256"]);
    assert_eq!(part["source"]["import_id"], done["id"]);
    assert_eq!(part["genbank"]["locus"], "BBa_J433001");
    // The CDS across the origin keeps its exact location; start > end marks the crossing.
    let cds = part["features"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["key"] == "CDS" && f["location"] == "join(3211..3280,1..29)")
        .unwrap_or_else(|| panic!("no origin-crossing CDS in {part}"));
    assert_eq!((cds["start"].as_i64(), cds["end"].as_i64()), (Some(3211), Some(29)));

    // Exported again as GenBank: the same LOCUS name, topology, features and locations.
    let genbank = app
        .get(&format!("/api/v1/parts/{accession}?format=genbank"), Some(&token))
        .await;
    assert_eq!(genbank.status.as_u16(), 200);
    assert!(genbank.header("content-type").unwrap().starts_with("text/x-genbank"));
    let text = genbank.text();
    assert!(text.starts_with("LOCUS       BBa_J433001"), "{text}");
    assert!(text.lines().next().unwrap().contains("circular"));
    assert!(text.contains("join(3211..3280,1..29)"), "{text}");
    let original_features = String::from_utf8_lossy(IGEM_542)
        .lines()
        .filter(|l| l.len() > 5 && l.starts_with("     ") && !l.starts_with("      "))
        .count();
    let exported_features = text
        .lines()
        .filter(|l| l.len() > 5 && l.starts_with("     ") && !l.starts_with("      "))
        .count();
    assert_eq!(exported_features, original_features);
    // Re-importing the export gives the same features.
    let again = app
        .import(
            &token,
            "format=genbank&dry_run=true&duplicates=allow",
            "text/plain",
            Box::leak(text.into_bytes().into_boxed_slice()),
        )
        .await
        .ok(200);
    assert_eq!(again["records"].as_array().unwrap().len(), 1, "{again}");

    // FASTA by content negotiation.
    let fasta = app
        .send(
            actix_web::test::TestRequest::get()
                .uri(&format!("/api/v1/parts/{accession}"))
                .insert_header(("accept", "text/x-fasta"))
                .insert_header(("authorization", format!("Bearer {token}"))),
        )
        .await;
    assert!(fasta.header("content-type").unwrap().starts_with("text/x-fasta"));
    assert!(fasta.text().starts_with(&format!(">{accession} BBa_J433001")));
}

#[actix_web::test]
async fn a_file_with_problems_stores_nothing_and_names_every_record_and_line() {
    let app = TestApp::new().await;
    let token = app.user("lab", Role::Submitter, None);
    // Record 1 is fine, record 2 has a linear feature across the origin, record 3 a bad letter.
    const BAD: &[u8] = b"LOCUS       good                      20 bp    DNA     linear   SYN 01-JAN-2024
FEATURES             Location/Qualifiers
     misc_feature    1..10
ORIGIN
        1 acgtacgtac ggggcccctt
//
LOCUS       wrapped                   20 bp    DNA     linear   SYN 01-JAN-2024
FEATURES             Location/Qualifiers
     misc_feature    1..5
     misc_feature    15..3
ORIGIN
        1 acgtacgtac ggggccccaa
//
LOCUS       letters                   10 bp    DNA     linear   SYN 01-JAN-2024
ORIGIN
        1 acgtacjtac
//
";
    let problem = app
        .import(&token, "format=genbank", "text/plain", BAD)
        .await
        .problem(422);
    let errors = problem["errors"].as_array().unwrap();
    assert!(errors.len() >= 2, "{problem}");
    let fields: Vec<&str> = errors.iter().map(|e| e["field"].as_str().unwrap()).collect();
    assert!(fields.contains(&"records[1].features[1].location"), "{fields:?}");
    assert!(fields.iter().any(|f| f.starts_with("records[2]")), "{fields:?}");
    let wrapped = errors
        .iter()
        .find(|e| e["field"] == "records[1].features[1].location")
        .unwrap();
    assert!(
        wrapped["message"].as_str().unwrap().starts_with("line 10:"),
        "{wrapped}"
    );
    let report: &Value = &problem["report"];
    assert_eq!(report["stored"], false);
    assert_eq!(report["records"][0]["status"], "would_create");
    assert_eq!(
        app.count_parts(&token).await,
        0,
        "nothing is stored when any record is bad"
    );

    // A sequence repeated inside the file is a duplicate unless twins are allowed.
    let twice: &'static [u8] = Box::leak([PUC19, PUC19].concat().into_boxed_slice());
    let problem = app
        .import(&token, "format=genbank", "text/plain", twice)
        .await
        .problem(422);
    assert!(problem["detail"].as_str().unwrap().contains("records[1]"), "{problem}");
    // The old and the new spelling of the switch cannot disagree.
    let problem = app
        .import(
            &token,
            "format=genbank&allow_duplicate=true&duplicates=reject",
            "text/plain",
            twice,
        )
        .await
        .problem(422);
    assert_eq!(problem["errors"][0]["field"], "allow_duplicate", "{problem}");
    app.import(&token, "format=genbank&allow_duplicate=true", "text/plain", twice)
        .await
        .ok(201);
    assert_eq!(app.count_parts(&token).await, 2);
    // `duplicates=allow`, the spelling published first, still works.
    app.import(&token, "format=genbank&duplicates=allow", "text/plain", twice)
        .await
        .ok(201);
    assert_eq!(app.count_parts(&token).await, 4);
}

#[actix_web::test]
async fn fasta_imports_take_role_and_molecule_from_parameters() {
    let app = TestApp::new().await;
    let token = app.user("lab", Role::Submitter, None);
    const FASTA: &[u8] = b">BBa_B0034 RBS (Elowitz 1999)\nAAAGAGGAGAAA\n>BBa_B0015 double terminator\nCCAGGCATCAAATAAAACGAAAGGCTCAGTCGAAAGACTGGGCCTTTCGTTTTATCTGTTGTTTGTCGGTGAACGCTCTCTACTAGAGTCACACTGGCTCACCTTCGGGTGGGCCTTTCTGCGTTTATA\n";
    let report = app
        .import(&token, "role=terminator", "text/x-fasta", FASTA)
        .await
        .ok(201);
    assert_eq!(report["format"], "fasta");
    assert_eq!(report["records"][1]["line"], 3);
    let accession = report["records"][0]["accession"].as_str().unwrap();
    let part = app
        .get(&format!("/api/v1/parts/{accession}"), Some(&token))
        .await
        .ok(200);
    assert_eq!(part["name"], "BBa_B0034");
    assert_eq!(part["description"], "RBS (Elowitz 1999)");
    assert_eq!(part["role"]["label"], "terminator");
    // A letter outside the alphabet names the record and the position.
    let problem = app
        .import(&token, "format=fasta", "text/plain", b">x\nACGTXACGT\n")
        .await
        .problem(422);
    assert!(problem["detail"].as_str().unwrap().contains("record 1"), "{problem}");
    // Without a format or a telling Content-Type: 400.
    app.import(&token, "", "text/plain", FASTA).await.problem(400);
    // Readers may not import.
    let reader = app.user("r", Role::Reader, None);
    app.import(&reader, "format=fasta", "text/plain", FASTA)
        .await
        .problem(403);
}

#[actix_web::test]
async fn bulk_exports_hold_every_matching_part_the_caller_may_see() {
    let app = TestApp::new().await;
    app.organization("other");
    let token = app.user("lab", Role::Submitter, None);
    let outsider = app.user("outsider", Role::Submitter, Some("other"));
    let report = app
        .import(&token, "format=genbank&duplicates=allow", "text/plain", two_records())
        .await
        .ok(201);
    let accessions: Vec<String> = report["records"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["accession"].as_str().unwrap().to_string())
        .collect();

    let fasta = app.get("/api/v1/exports?kind=parts&format=fasta", Some(&token)).await;
    assert_eq!(fasta.status.as_u16(), 200);
    assert!(fasta.header("content-type").unwrap().starts_with("text/x-fasta"));
    let headers: Vec<&str> = fasta
        .body
        .split(|&b| b == b'\n')
        .filter(|l| l.starts_with(b">"))
        .map(|l| std::str::from_utf8(l).unwrap())
        .collect();
    assert_eq!(headers.len(), 2, "{headers:?}");
    assert!(headers[0].starts_with(&format!(">{}", accessions[0])));

    // Filters apply: only the circular one is 3,280 bp long.
    let genbank = app
        .get(
            "/api/v1/exports?format=genbank&length_min=3000&length_max=3300",
            Some(&token),
        )
        .await
        .text();
    assert_eq!(
        genbank.matches("\nLOCUS ").count() + usize::from(genbank.starts_with("LOCUS ")),
        1,
        "{genbank}"
    );

    // JSON is one array; another organisation sees none of these drafts.
    let all: Value = app.get("/api/v1/exports", Some(&token)).await.json();
    assert_eq!(all.as_array().unwrap().len(), 2);
    let hidden: Value = app.get("/api/v1/exports?format=json", Some(&outsider)).await.json();
    assert_eq!(hidden, serde_json::json!([]));
    let none = app.get("/api/v1/exports?format=fasta", Some(&outsider)).await;
    assert!(none.body.is_empty());
    // More than one page (200 parts) streams as one JSON array and one FASTA file.
    let many: String = (0..205)
        .map(|i| {
            format!(">p{i}\nACGTACGTAC{:08b}\n", i % 256)
                .replace('0', "A")
                .replace('1', "C")
        })
        .collect();
    let many: &'static [u8] = Box::leak(many.into_bytes().into_boxed_slice());
    app.import(
        &token,
        "format=fasta&duplicates=allow&role=promoter",
        "text/plain",
        many,
    )
    .await
    .ok(201);
    let all: Value = app.get("/api/v1/exports", Some(&token)).await.json();
    assert_eq!(all.as_array().unwrap().len(), 207);
    let fasta = app
        .get("/api/v1/exports?format=fasta&role=promoter", Some(&token))
        .await
        .text();
    assert_eq!(fasta.matches('>').count(), 205);
    app.get("/api/v1/exports?kind=strains&format=fasta", Some(&token))
        .await
        .problem(400);
    app.get("/api/v1/exports?kind=strains&role=promoter", Some(&token))
        .await
        .problem(400);
    app.get("/api/v1/exports?kind=parts&risk_group=1", Some(&token))
        .await
        .problem(400);
    // CSV has the import columns with the accession first, one header row for all pages.
    let csv = app
        .get("/api/v1/exports?format=csv&role=promoter", Some(&token))
        .await
        .text();
    assert!(csv.starts_with("accession,name,role,sequence,"), "{csv}");
    assert_eq!(csv.lines().count(), 206);
    app.get("/api/v1/exports?role=nonsense", Some(&token))
        .await
        .problem(422);
}

#[actix_web::test]
async fn csv_imports_follow_the_template() {
    let app = TestApp::new().await;
    let token = app.user("lab", Role::Submitter, None);
    let template = app.get("/api/v1/imports/templates/parts.csv", None).await;
    assert_eq!(template.status.as_u16(), 200);
    assert!(template.header("content-type").unwrap().starts_with("text/csv"));
    let body: &'static [u8] = Box::leak(template.body.to_vec().into_boxed_slice());
    let report = app.import(&token, "", "text/csv", body).await.ok(201);
    let accession = report["records"][0]["accession"].as_str().unwrap();
    let part = app
        .get(&format!("/api/v1/parts/{accession}"), Some(&token))
        .await
        .ok(200);
    assert_eq!(part["name"], "BBa_B0034");
    assert_eq!(part["role"]["label"], "ribosome_entry_site");
    assert_eq!(part["aliases"], serde_json::json!(["B0034", "RBS34"]));
    assert_eq!(part["source"]["registry"], "iGEM Registry");
    // Every bad row is named, with its line; nothing is stored.
    const BAD: &[u8] = b"name,sequence,topology,role\nfine,ACGTACGT,linear,promoter\nround,ACGT,round,promoter\nletters,ACGZ,linear,promoter\n";
    let problem = app.import(&token, "format=csv", "text/plain", BAD).await.problem(422);
    let fields: Vec<&str> = problem["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, vec!["records[1].topology", "records[2].sequence"], "{problem}");
    assert!(problem["errors"][1]["message"].as_str().unwrap().starts_with("line 4:"));
    app.get("/api/v1/imports/templates/plasmids.csv", None)
        .await
        .problem(404);
}

#[actix_web::test]
async fn strain_csv_imports_link_rows_by_name_report_duplicates_and_export_again() {
    let app = TestApp::new().await;
    let token = app.user("lab", Role::Submitter, None);
    let template = app.get("/api/v1/imports/templates/strains.csv", None).await;
    assert_eq!(template.status.as_u16(), 200);
    assert!(template.header("content-type").unwrap().starts_with("text/csv"));
    let body: &'static [u8] = Box::leak(template.body.to_vec().into_boxed_slice());

    let dry = app
        .import(&token, "kind=strains&format=csv&dry_run=true", "text/plain", body)
        .await
        .ok(200);
    let statuses: Vec<&str> = dry["records"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["status"].as_str().unwrap())
        .collect();
    assert_eq!(statuses, vec!["would_create", "would_create"], "{dry}");
    let listed = app.get("/api/v1/strains", Some(&token)).await.ok(200);
    assert_eq!(listed["items"], serde_json::json!([]));

    let report = app.import(&token, "kind=strains", "text/csv", body).await.ok(201);
    assert_eq!(report["kind"], "strains");
    let accession = |i: usize| report["records"][i]["accession"].as_str().unwrap().to_string();
    let (parent, child) = (accession(0), accession(1));
    let strain = app.get(&format!("/api/v1/strains/{child}"), Some(&token)).await.ok(200);
    assert_eq!(strain["parents"][0]["strain"]["accession"], parent.as_str());
    assert_eq!(strain["parents"][0]["relation"], "gene_knockout");
    assert!(strain["source"]["file_checksum"]
        .as_str()
        .unwrap()
        .starts_with("sha256:"));
    let stored = app
        .get(
            &format!("/api/v1/imports/{}", report["id"].as_str().unwrap()),
            Some(&token),
        )
        .await
        .ok(200);
    assert_eq!(stored["kind"], "strains");

    // One strain as a CSV row, by parameter or Accept.
    let row = app
        .get(&format!("/api/v1/strains/{child}?format=csv"), Some(&token))
        .await
        .text();
    assert!(
        row.starts_with("accession,name,") && row.contains(&format!("{parent} (gene_knockout)")),
        "{row}"
    );
    let negotiated = app
        .send(
            actix_web::test::TestRequest::get()
                .uri(&format!("/api/v1/strains/{child}"))
                .insert_header(("Authorization", format!("Bearer {token}")))
                .insert_header(("Accept", "text/csv")),
        )
        .await;
    assert_eq!(negotiated.text(), row);
    // Exports: JSON and CSV in the import's columns, accession first.
    let all: Value = app.get("/api/v1/exports?kind=strains", Some(&token)).await.json();
    assert_eq!(all.as_array().unwrap().len(), 2);
    let csv = app
        .get("/api/v1/exports?kind=strains&format=csv&q=dlacz", Some(&token))
        .await;
    assert!(csv.header("content-disposition").unwrap().contains("strains.csv"));
    let csv = csv.text();
    assert!(csv.starts_with("accession,name,organism_type,taxon_name,"), "{csv}");
    assert_eq!(csv.lines().count(), 2, "{csv}");
    assert!(csv.contains(&format!("{parent} (gene_knockout)")), "{csv}");

    // The export imports again: its collection numbers are reported as already registered,
    // unless duplicates are allowed; then the parent resolves by accession.
    let exported = app.get("/api/v1/exports?kind=strains&format=csv", Some(&token)).await;
    let exported: &'static [u8] = Box::leak(exported.body.to_vec().into_boxed_slice());
    let problem = app
        .import(&token, "kind=strains&format=csv", "text/csv", exported)
        .await
        .problem(422);
    assert_eq!(
        problem["errors"][0]["field"], "records[0].other_collection_numbers[0]",
        "{problem}"
    );
    assert!(
        problem["errors"][0]["message"].as_str().unwrap().contains(&parent),
        "{problem}"
    );
    let again = app
        .import(&token, "kind=strains&format=csv&duplicates=allow", "text/csv", exported)
        .await
        .ok(201);
    assert_eq!(again["records"].as_array().unwrap().len(), 2);

    // Every bad row at once, nothing stored; strains come from CSV only.
    const BAD: &[u8] = b"name,organism_type,taxon_name,risk_group,parents,gmo\n\
        one,bacteria,Escherichia coli,1,,maybe\n\
        two,bacteria,Escherichia coli,9,,\n\
        three,bacteria,Escherichia coli,1,NOSUCH (gene_knockout),\n";
    let problem = app
        .import(&token, "kind=strains&format=csv", "text/csv", BAD)
        .await
        .problem(422);
    let fields: Vec<&str> = problem["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields.len(), 3, "{problem}");
    assert_eq!(fields[0], "records[0].gmo");
    assert!(fields[1].starts_with("records[1].risk_group"), "{problem}");
    assert!(fields[2].starts_with("records[2]"), "{problem}");
    assert!(
        problem["errors"][2]["message"].as_str().unwrap().contains("NOSUCH"),
        "{problem}"
    );
    let listed = app.get("/api/v1/exports?kind=strains", Some(&token)).await.json();
    assert_eq!(listed.as_array().unwrap().len(), 4);
    app.import(&token, "kind=strains&format=genbank", "text/plain", PUC19)
        .await
        .problem(400);
}

#[actix_web::test]
async fn browsers_upload_files_as_multipart_forms_and_big_files_are_413() {
    let app = TestApp::new().await;
    let token = app.user("lab", Role::Submitter, None);
    let mut body = b"--XYZ\r\nContent-Disposition: form-data; name=\"note\"\r\n\r\nignored\r\n--XYZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"pUC19.gb\"\r\nContent-Type: application/octet-stream\r\n\r\n".to_vec();
    body.extend_from_slice(PUC19);
    body.extend_from_slice(b"\r\n--XYZ--\r\n");
    let body: &'static [u8] = Box::leak(body.into_boxed_slice());
    let report = app
        .import(&token, "dry_run=true", "multipart/form-data; boundary=XYZ", body)
        .await
        .ok(200);
    assert_eq!(report["format"], "genbank", "the format comes from the file name");
    assert_eq!(report["file_name"], "pUC19.gb");
    assert_eq!(report["records"][0]["status"], "would_create");
    app.import(
        &token,
        "format=genbank",
        "multipart/form-data; boundary=XYZ",
        b"--XYZ--\r\n",
    )
    .await
    .problem(400);

    let small = TestApp::with_settings(bioreg::config::Settings {
        max_import_bytes: 1_000,
        ..Default::default()
    })
    .await;
    let token = small.user("lab", Role::Submitter, None);
    small
        .import(&token, "format=genbank", "text/plain", PUC19)
        .await
        .problem(413);
    small
        .import(&token, "", "multipart/form-data; boundary=XYZ", body)
        .await
        .problem(413);
}

const CHROMOPROTEINS: &[u8] = include_bytes!("../fixtures/sbol3/igem-distribution-2022/Chromoproteins/package.nt");
const J23101_SBOL3: &[u8] = include_bytes!("../fixtures/sbol3/sbol-utilities/BBa_J23101.nt");
const J23101_SBOL2: &[u8] = include_bytes!("../fixtures/sbol3/sbol2/BBa_J23101.xml");

#[actix_web::test]
async fn sbol3_packages_import_with_their_composites_and_parts_export_as_sbol3() {
    let app = TestApp::new().await;
    let token = app.user("lab", Role::Submitter, None);
    // N-Triples by Content-Type; the package's parts-in-vector become composites of its parts.
    let report = app
        .import(&token, "duplicates=allow", "application/n-triples", CHROMOPROTEINS)
        .await
        .ok(201);
    assert_eq!(report["format"], "sbol3");
    let records = report["records"].as_array().unwrap();
    assert!(records.len() >= 30, "{}", records.len());
    let mut composites = 0;
    for record in records {
        let part = app
            .get(
                &format!("/api/v1/parts/{}", record["accession"].as_str().unwrap()),
                Some(&token),
            )
            .await
            .ok(200);
        assert!(part["source"]["uri"].as_str().unwrap().starts_with("http"), "{part}");
        if let Some(first) = part["components"].as_array().and_then(|c| c.first()) {
            composites += 1;
            // Sub-components point at parts registered from the same file.
            let child = first["part"]["accession"].as_str().unwrap_or_default();
            assert!(records.iter().any(|r| r["accession"] == child), "{first}");
        }
    }
    assert!(composites > 0, "no composite in {report}");

    // Export: Turtle by parameter or Accept; the identity is the part's URL.
    let accession = records[0]["accession"].as_str().unwrap();
    let turtle = app
        .get(&format!("/api/v1/parts/{accession}?format=sbol3"), Some(&token))
        .await;
    assert!(turtle.header("content-type").unwrap().starts_with("text/turtle"));
    let turtle = turtle.text();
    assert!(
        turtle.contains("http://sbols.org/v3#") || turtle.contains("sbol:Component"),
        "{turtle}"
    );
    assert!(turtle.contains(&format!("/api/v1/parts/{accession}")), "{turtle}");
    let negotiated = app
        .send(
            actix_web::test::TestRequest::get()
                .uri(&format!("/api/v1/parts/{accession}"))
                .insert_header(("Authorization", format!("Bearer {token}")))
                .insert_header(("Accept", "text/turtle")),
        )
        .await;
    assert_eq!(negotiated.text(), turtle);
    // What bioreg writes, bioreg reads again (a dry run: nothing is stored).
    let body: &'static [u8] = Box::leak(turtle.into_bytes().into_boxed_slice());
    let again = app
        .import(&token, "format=sbol3&dry_run=true&duplicates=allow", "text/plain", body)
        .await
        .ok(200);
    assert_eq!(again["records"][0]["status"], "would_create", "{again}");
    let bulk = app.get("/api/v1/exports?format=sbol3", Some(&token)).await.text();
    assert!(bulk.contains(accession) && bulk.contains(records[1]["accession"].as_str().unwrap()));

    // One part alone; the same part in SBOL2 is read by `format=sbol3` too (a dry run).
    app.import(&token, "format=sbol3", "text/plain", J23101_SBOL3)
        .await
        .ok(201);
    let sbol2 = app
        .import(
            &token,
            "format=sbol3&dry_run=true&duplicates=allow",
            "application/rdf+xml",
            J23101_SBOL2,
        )
        .await
        .ok(200);
    assert_eq!(sbol2["records"][0]["status"], "would_create", "{sbol2}");
    // An SBOL2 document breaking a validation rule is refused with the rule.
    let broken: &'static [u8] = Box::leak(
        String::from_utf8_lossy(J23101_SBOL2)
            .replace("<sbol:elements>tttacag", "<sbol:elements>tttjcag")
            .into_bytes()
            .into_boxed_slice(),
    );
    let problem = app
        .import(&token, "format=sbol3", "application/rdf+xml", broken)
        .await
        .problem(422);
    assert!(problem.to_string().contains("sbol2-10405"), "{problem}");
    // A feature Range past the sequence's end is left out with a warning naming its rule.
    const BAD_RANGE: &[u8] = br#"@prefix sbol: <http://sbols.org/v3#> .
@prefix ex: <https://example.org/lab/> .
ex:p a sbol:Component ; sbol:displayId "p" ; sbol:hasNamespace <https://example.org/lab> ;
    sbol:type <https://identifiers.org/SBO:0000251> ; sbol:role <https://identifiers.org/SO:0000167> ;
    sbol:hasSequence ex:p_seq ; sbol:hasFeature <https://example.org/lab/p/f> .
<https://example.org/lab/p/f> a sbol:SequenceFeature ; sbol:displayId "f" ;
    sbol:hasLocation <https://example.org/lab/p/f/r> .
<https://example.org/lab/p/f/r> a sbol:Range ; sbol:displayId "r" ; sbol:hasSequence ex:p_seq ; sbol:start "5" ; sbol:end "99" .
ex:p_seq a sbol:Sequence ; sbol:displayId "p_seq" ; sbol:hasNamespace <https://example.org/lab> ;
    sbol:elements "acgtacgtac" ; sbol:encoding <https://identifiers.org/edam:format_1207> .
"#;
    let report = app
        .import(&token, "format=sbol3", "text/turtle", BAD_RANGE)
        .await
        .ok(201);
    assert_eq!(report["records"][0]["status"], "created", "{report}");
    let warnings = report["warnings"].as_array().expect("warnings");
    assert_eq!(warnings.len(), 1, "{report}");
    assert!(
        warnings[0]["message"]
            .as_str()
            .unwrap()
            .starts_with("sbol3-11402: Range"),
        "{report}"
    );
    assert_eq!(
        (&warnings[0]["record"], &warnings[0]["line"]),
        (&Value::from(0), &Value::from(8))
    );
    let stored = app
        .get(
            &format!("/api/v1/imports/{}", report["id"].as_str().unwrap()),
            Some(&token),
        )
        .await
        .ok(200);
    assert_eq!(stored["warnings"], report["warnings"]);
    // Any other broken rule refuses the file, named by its SBOL3 validation rule id.
    let not_an_integer: &'static [u8] = Box::leak(
        String::from_utf8_lossy(BAD_RANGE)
            .replace(r#"sbol:start "5""#, r#"sbol:start "five""#)
            .into_bytes()
            .into_boxed_slice(),
    );
    let problem = app
        .import(&token, "format=sbol3", "text/turtle", not_an_integer)
        .await
        .problem(422);
    assert!(problem.to_string().contains("sbol3-10111"), "{problem}");
}
