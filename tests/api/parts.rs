//! The part library through HTTP: registration and validation, canonical duplicates and twins,
//! circular molecules, composites, edits with If-Match, withdrawal, permissions and lists.

use actix_web::test::TestRequest;
use serde_json::{json, Value};

use crate::common::{revcomp, TestApp, TestResponse};
use bioreg::config::Settings;
use bioreg::domain::accounts::Role;

const B0034: &str = "AAAGAGGAGAAA";
const J23101: &str = "TTTACAGCTAGCTCAGTCCTAGGTATTATGCTAGC";
const B0015: &str = "CCAGGCATCAAATAAAACGAAAGGCTCAGTCGAAAGACTGGGCCTTTCGTTTTATCTGTTGTTTGTCGGTGAACGCTCTCTACTAGAGTCACACTGGCTCACCTTCGGGTGGGCCTTTCTGCGTTTATA";

impl TestApp {
    pub async fn create_part(&self, token: &str, body: Value) -> TestResponse {
        self.post("/api/v1/parts", Some(token), body).await
    }

    pub async fn list(&self, token: &str, query: &str) -> Value {
        self.get(&format!("/api/v1/parts?{query}"), Some(token)).await.ok(200)
    }

    /// A merge patch with `If-Match: if_match`, or — when `None` — with the ETag a GET of the
    /// record gives right before (read, then write, as clients do).
    pub async fn patch(&self, path: &str, token: &str, if_match: Option<&str>, body: Value) -> TestResponse {
        let tag = match if_match {
            Some(tag) => Some(tag.to_string()),
            None => self.current_etag(path, token).await,
        };
        self.patch_raw(path, token, tag.as_deref(), body).await
    }

    /// A merge patch with exactly the `If-Match` given (none when `None`).
    pub async fn patch_raw(&self, path: &str, token: &str, if_match: Option<&str>, body: Value) -> TestResponse {
        let mut request = TestRequest::patch()
            .uri(path)
            .insert_header(("Authorization", format!("Bearer {token}")))
            .insert_header(("content-type", "application/merge-patch+json"))
            .set_payload(body.to_string());
        if let Some(tag) = if_match {
            request = request.insert_header(("If-Match", tag.to_string()));
        }
        self.send(request).await
    }
}

#[actix_web::test]
async fn a_registered_part_has_an_accession_computed_fields_and_an_etag() {
    let app = TestApp::new().await;
    let token = app.user("sub", Role::Submitter, None);
    let body = json!({
        "name": "B0034", "aliases": ["BBa_B0034"], "role": "RBS", "description": "Elowitz RBS",
        "sequence": "aaag aggagaaa\n", "tags": ["RBS", "Community"],
        "hosts": [{"name": "Escherichia coli", "taxid": 562}],
        "references": [{"doi": "10.1038/35002125", "title": "A synthetic oscillatory network"}],
        "license": "CC-BY-4.0",
        "source": {"registry": "iGEM Registry", "external_id": "BBa_B0034", "uri": "https://parts.igem.org/Part:BBa_B0034"},
        "features": [{"name": "rbs", "type": "SO:0000139", "start": 1, "end": 12, "strand": 1, "qualifiers": {"note": ["strong"]}}]
    });
    let created = app.create_part(&token, body).await;
    let location = created.header("location").unwrap();
    let etag = created.header("etag").unwrap();
    let part = created.ok(201);
    let accession = part["accession"].as_str().unwrap();
    assert!(accession.starts_with("BRP") && accession.len() == 9, "{accession}");
    assert_eq!(location, format!("/api/v1/parts/{accession}"));
    assert_eq!(etag, "\"r1\"");
    assert_eq!(part["sequence"], B0034);
    assert_eq!(part["length"], 12);
    assert!((part["gc_content"].as_f64().unwrap() - 4.0 / 12.0).abs() < 1e-9);
    assert!(part["seqhash"].as_str().unwrap().starts_with("ldseguid="));
    assert_eq!(
        part["role"],
        json!({"id": "SO:0000139", "label": "ribosome_entry_site"})
    );
    assert_eq!(part["tags"], json!(["community", "rbs"]));
    assert_eq!(part["owner_org"]["slug"], "registry");
    assert_eq!(part["created_by"]["name"], "sub");
    assert_eq!(part["revision"], 1);
    assert_eq!(part["status"], "live");

    let by_accession = app.get(&location, Some(&token)).await;
    assert_eq!(by_accession.header("etag").as_deref(), Some("\"r1\""));
    assert_eq!(by_accession.ok(200)["id"], part["id"]);
    let by_id = app
        .get(&format!("/api/v1/parts/{}", part["id"].as_str().unwrap()), Some(&token))
        .await
        .ok(200);
    assert_eq!(by_id["accession"], accession);
    app.get("/api/v1/parts/BRP999999", None).await.problem(404);
    app.get(&format!("/api/v1/parts/{}", uuid::Uuid::new_v4()), None)
        .await
        .problem(404);

    // Accessions are sequential and never reused.
    let second = app
        .create_part(
            &token,
            json!({"name": "J23101", "role": "promoter", "sequence": J23101}),
        )
        .await
        .ok(201);
    let n = |a: &Value| a.as_str().unwrap()[3..].parse::<u32>().unwrap();
    assert_eq!(n(&second["accession"]), n(&part["accession"]) + 1);
}

#[actix_web::test]
async fn invalid_parts_get_every_problem_at_once() {
    let app = TestApp::new().await;
    let token = app.user("sub", Role::Submitter, None);
    let body = app
        .create_part(
            &token,
            json!({
                "name": " ", "role": "promotor", "sequence": "ACGT",
                "features": [
                    {"name": "p1", "type": "promoter", "start": 2, "end": 9},
                    {"type": "CDS", "start": 3, "end": 2},
                    {"type": "terminater", "start": 1, "end": 2},
                    {"type": "CDS", "start": 1, "end": 2, "strand": 5}
                ],
                "references": [{"doi": "not-a-doi"}, {"title": "nothing else"}],
                "hosts": [{"name": "", "taxid": -1}],
                "derived_from": ["BRP424242"],
                "allow_duplicate": true
            }),
        )
        .await
        .problem(422);
    let fields: Vec<&str> = body["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap())
        .collect();
    for expected in [
        "name",
        "role",
        "features[0].end",
        "features[1].end",
        "features[2].type",
        "features[3].strand",
        "references[0].doi",
        "references[1]",
        "hosts[0].name",
        "hosts[0].taxid",
        "derived_from[0]",
        "duplicate_reason",
    ] {
        assert!(fields.contains(&expected), "{expected} missing from {fields:?}");
    }
    let detail = body["detail"].as_str().unwrap();
    assert!(
        detail.contains("`promoter` (SO:0000167)"),
        "suggests the nearest term: {detail}"
    );
    assert!(
        detail.contains("feature 0 (`p1`): end 9 is outside the sequence (1..4)"),
        "{detail}"
    );
    assert!(
        detail.contains("only features of circular parts may cross the origin"),
        "{detail}"
    );

    let body = app
        .create_part(&token, json!({"name": "x", "role": "CDS"}))
        .await
        .problem(422);
    assert_eq!(body["errors"][0]["field"], "sequence");
    let body = app
        .create_part(&token, json!({"name": "x", "role": "CDS", "sequence": "  \n"}))
        .await
        .problem(422);
    assert!(body["detail"].as_str().unwrap().contains("empty"), "{body}");
    let body = app
        .create_part(
            &token,
            json!({"name": "x", "role": "CDS", "sequence": "ATGNNNRYKM\nATGX"}),
        )
        .await
        .problem(422);
    let message = body["errors"][0]["message"].as_str().unwrap();
    assert!(
        message.contains("`X` at position 14 (line 2, column 4)") && message.contains("IUPAC"),
        "{message}"
    );
    let body = app
        .create_part(
            &token,
            json!({"name": "x", "role": "CDS", "sequence": "ACGT", "molecule_type": "peptide"}),
        )
        .await
        .problem(422);
    assert_eq!(body["errors"][0]["field"], "molecule_type");
}

#[actix_web::test]
async fn rna_and_protein_alphabets_apply_by_molecule_type() {
    let app = TestApp::new().await;
    let token = app.user("sub", Role::Submitter, None);
    let rna = app
        .create_part(
            &token,
            json!({"name": "guide", "role": "sgRNA", "molecule_type": "rna", "sequence": "GUUUUAGAGCUAGAAAUAGC"}),
        )
        .await
        .ok(201);
    assert_eq!(rna["molecule_type"], "rna");
    let body = app
        .create_part(
            &token,
            json!({"name": "t", "role": "sgRNA", "molecule_type": "rna", "sequence": "GUUT"}),
        )
        .await
        .problem(422);
    assert!(body["detail"].as_str().unwrap().contains("`T` at position 4"), "{body}");
    let protein = app
        .create_part(&token, json!({"name": "GFP-tag", "role": "tag", "molecule_type": "protein", "sequence": "mskgeelftgvvpilveldgdvnghkfsvsgegeBZXUO*"}))
        .await
        .ok(201);
    assert!(protein["seqhash"].as_str().unwrap().starts_with("lsseguid="));
    assert!(protein["gc_content"].is_null());
    let body = app
        .create_part(
            &token,
            json!({"name": "p", "role": "tag", "molecule_type": "protein", "sequence": "MK*LV"}),
        )
        .await
        .problem(422);
    assert!(body["detail"].as_str().unwrap().contains("position 3"), "{body}");
    let body = app
        .create_part(
            &token,
            json!({"name": "p", "role": "tag", "molecule_type": "protein", "sequence": "MKJLV"}),
        )
        .await
        .problem(422);
    assert!(body["detail"].as_str().unwrap().contains("`J` at position 3"), "{body}");
}

#[actix_web::test]
async fn the_same_sequence_on_either_strand_is_a_conflict_unless_a_twin_is_declared() {
    let app = TestApp::new().await;
    let token = app.user("sub", Role::Submitter, None);
    let first = app
        .create_part(
            &token,
            json!({"name": "B0015", "role": "terminator", "sequence": B0015}),
        )
        .await
        .ok(201);
    let accession = first["accession"].as_str().unwrap();
    for sequence in [B0015.to_lowercase(), revcomp(B0015)] {
        let body = app
            .create_part(
                &token,
                json!({"name": "copy", "role": "terminator", "sequence": sequence}),
            )
            .await
            .problem(409);
        assert_eq!(body["existing"]["accession"], accession);
        assert!(body["detail"].as_str().unwrap().contains(accession), "{body}");
    }
    // A circular molecule with the same letters is a different molecule.
    app.create_part(
        &token,
        json!({"name": "ring", "role": "plasmid", "topology": "circular", "sequence": B0015}),
    )
    .await
    .ok(201);

    app.create_part(
        &token,
        json!({"name": "twin", "role": "terminator", "sequence": B0015, "allow_duplicate": true}),
    )
    .await
    .problem(422);
    let twin = app
        .create_part(
            &token,
            json!({"name": "twin", "role": "terminator", "sequence": revcomp(B0015), "allow_duplicate": true,
                   "duplicate_reason": "kept in another backbone by the Smith lab"}),
        )
        .await
        .ok(201);
    assert_eq!(twin["twins"][0]["accession"], accession);
    assert_eq!(twin["duplicate_reason"], "kept in another backbone by the Smith lab");
    let original = app
        .get(&format!("/api/v1/parts/{accession}"), Some(&token))
        .await
        .ok(200);
    assert_eq!(original["twins"][0]["accession"], twin["accession"]);
    let listed = app
        .get(&format!("/api/v1/parts/{accession}/twins"), Some(&token))
        .await
        .ok(200);
    assert_eq!(listed["items"].as_array().unwrap().len(), 1);
    assert_eq!(listed["items"][0]["accession"], twin["accession"]);

    // A third copy still conflicts, naming the first.
    let body = app
        .create_part(
            &token,
            json!({"name": "third", "role": "terminator", "sequence": B0015}),
        )
        .await
        .problem(409);
    assert_eq!(body["existing"]["accession"], accession);
}

#[actix_web::test]
async fn rotated_and_reverse_complemented_plasmids_are_the_same_sequence() {
    let app = TestApp::new().await;
    let token = app.user("sub", Role::Submitter, None);
    let plasmid = format!("{J23101}{B0034}{B0015}GGATCCTTAATTAAGCGGCCGCAAGCTT");
    let first = app
        .create_part(
            &token,
            json!({"name": "pTest", "role": "plasmid_vector", "topology": "circular", "sequence": plasmid}),
        )
        .await
        .ok(201);
    assert!(first["seqhash"].as_str().unwrap().starts_with("cdseguid="));
    let n = plasmid.len();
    for offset in [1, 7, n / 2, n - 1] {
        let rotated = format!("{}{}", &plasmid[offset..], &plasmid[..offset]);
        for candidate in [rotated.clone(), revcomp(&rotated)] {
            let body = app
                .create_part(
                    &token,
                    json!({"name": "copy", "role": "plasmid", "topology": "circular", "sequence": candidate}),
                )
                .await
                .problem(409);
            assert_eq!(body["existing"]["accession"], first["accession"], "offset {offset}");
        }
    }
    // As a linear molecule the rotation is a different sequence.
    let rotated = format!("{}{}", &plasmid[5..], &plasmid[..5]);
    app.create_part(
        &token,
        json!({"name": "linear", "role": "engineered_region", "sequence": rotated}),
    )
    .await
    .ok(201);

    // Features of circular parts may cross the origin.
    let crossing = app
        .create_part(
            &token,
            json!({"name": "ori-crossing", "role": "plasmid", "topology": "circular", "sequence": format!("{B0015}ACGTACGT"),
                   "features": [{"name": "wraps", "type": "misc_feature", "start": 120, "end": 10}]}),
        )
        .await
        .ok(201);
    assert_eq!(crossing["features"][0]["start"], 120);
    assert_eq!(crossing["features"][0]["end"], 10);
}

#[actix_web::test]
async fn composites_are_assembled_checked_and_listed_where_used() {
    let app = TestApp::new().await;
    let token = app.user("sub", Role::Submitter, None);
    let promoter = app
        .create_part(
            &token,
            json!({"name": "J23101", "role": "promoter", "sequence": J23101}),
        )
        .await
        .ok(201);
    let rbs = app
        .create_part(&token, json!({"name": "B0034", "role": "RBS", "sequence": B0034}))
        .await
        .ok(201);
    let terminator = app
        .create_part(
            &token,
            json!({"name": "B0015", "role": "terminator", "sequence": B0015}),
        )
        .await
        .ok(201);
    let components = json!([
        {"part": promoter["accession"]},
        {"linker": "tactag", "name": "BioBrick scar"},
        {"part": rbs["id"]},
        {"part": terminator["accession"], "orientation": "reverse"}
    ]);
    let device = app
        .create_part(
            &token,
            json!({"name": "device", "role": "engineered_region", "components": components}),
        )
        .await
        .ok(201);
    let expected = format!("{J23101}TACTAG{B0034}{}", revcomp(B0015));
    assert_eq!(device["sequence"], expected);
    assert_eq!(device["components"].as_array().unwrap().len(), 4);
    assert_eq!(device["components"][1]["linker"], "TACTAG");
    let from_components: Vec<&Value> = device["features"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["from_component"] == true)
        .collect();
    assert_eq!(from_components.len(), 3);
    assert_eq!(from_components[0]["start"], 1);
    assert_eq!(from_components[0]["end"], J23101.len());
    assert_eq!(from_components[0]["type"]["label"], "promoter");
    let rbs_start = J23101.len() + 6 + 1;
    assert_eq!(from_components[1]["start"], rbs_start);
    assert_eq!(from_components[2]["strand"], -1);
    assert_eq!(from_components[2]["end"], expected.len());

    // A given sequence must equal the assembly.
    let mut wrong = expected.clone().into_bytes();
    wrong[40] = if wrong[40] == b'A' { b'C' } else { b'A' };
    let body = app
        .create_part(
            &token,
            json!({"name": "d2", "role": "engineered_region", "components": components, "sequence": String::from_utf8(wrong).unwrap(), "allow_duplicate": true, "duplicate_reason": "test"}),
        )
        .await
        .problem(422);
    assert!(
        body["detail"].as_str().unwrap().contains("first differ at position 41"),
        "{body}"
    );
    let body = app
        .create_part(
            &token,
            json!({"name": "d3", "role": "engineered_region", "components": [{"part": "BRP777777"}]}),
        )
        .await
        .problem(422);
    assert_eq!(body["errors"][0]["field"], "components[0].part");

    for part in [&promoter, &rbs, &terminator] {
        let used = app
            .get(
                &format!("/api/v1/parts/{}/used-in", part["accession"].as_str().unwrap()),
                Some(&token),
            )
            .await
            .ok(200);
        assert_eq!(used["items"][0]["accession"], device["accession"]);
    }
    // A component's sequence cannot change under its composites.
    let path = format!("/api/v1/parts/{}", rbs["accession"].as_str().unwrap());
    let body = app
        .patch(&path, &token, None, json!({"sequence": "AAAGAGGAGAAATT"}))
        .await
        .problem(409);
    assert!(
        body["detail"]
            .as_str()
            .unwrap()
            .contains(device["accession"].as_str().unwrap()),
        "{body}"
    );
    // Nor can a composite become a component of itself.
    let promoter_path = format!("/api/v1/parts/{}", promoter["accession"].as_str().unwrap());
    let body = app
        .patch(
            &promoter_path,
            &token,
            None,
            json!({"components": [{"part": device["accession"]}]}),
        )
        .await
        .problem(422);
    assert!(body["detail"].as_str().unwrap().contains("cycle"), "{body}");
}

#[actix_web::test]
async fn edits_honour_if_match_and_bump_the_revision() {
    let app = TestApp::new().await;
    let token = app.user("sub", Role::Submitter, None);
    let part = app
        .create_part(
            &token,
            json!({"name": "B0034", "role": "RBS", "sequence": B0034, "description": "first", "tags": ["a"]}),
        )
        .await
        .ok(201);
    let path = format!("/api/v1/parts/{}", part["accession"].as_str().unwrap());

    let edited = app
        .patch(
            &path,
            &token,
            Some("\"r1\""),
            json!({"description": "second", "tags": ["b", "c"]}),
        )
        .await;
    assert_eq!(edited.header("etag").as_deref(), Some("\"r2\""));
    let edited = edited.ok(200);
    assert_eq!(edited["revision"], 2);
    assert_eq!(edited["description"], "second");
    assert_eq!(edited["tags"], json!(["b", "c"]));
    assert_eq!(edited["name"], "B0034", "fields not sent are kept");
    assert_eq!(edited["sequence"], B0034);

    let stale = app
        .patch(&path, &token, Some("\"r1\""), json!({"description": "third"}))
        .await
        .problem(412);
    assert!(stale["detail"].as_str().unwrap().contains("\"r2\""), "{stale}");
    assert_eq!(app.get(&path, Some(&token)).await.ok(200)["description"], "second");

    let cleared = app
        .patch(&path, &token, None, json!({"description": null, "tags": null}))
        .await
        .ok(200);
    assert_eq!(cleared["description"], "");
    assert_eq!(cleared["tags"], json!([]));
    let body = app.patch(&path, &token, None, json!({"name": null})).await.problem(422);
    assert!(body["detail"].as_str().unwrap().contains("name"), "{body}");
    let body = app
        .patch(&path, &token, None, json!({"sequence": "ACGTQ"}))
        .await
        .problem(422);
    assert!(body["detail"].as_str().unwrap().contains("position 5"), "{body}");
    let body = app
        .patch(&path, &token, None, json!({"colour": "red"}))
        .await
        .problem(422);
    assert!(body["detail"].as_str().unwrap().contains("colour"), "{body}");
    app.patch(&path, &token, None, json!(["not", "an", "object"]))
        .await
        .problem(422);

    let resequenced = app
        .patch(&path, &token, None, json!({"sequence": "AAAGAGGAGAAATG"}))
        .await
        .ok(200);
    assert_eq!(resequenced["length"], 14);
    assert_ne!(resequenced["seqhash"], part["seqhash"]);
}

#[actix_web::test]
async fn only_owners_and_admins_edit_and_readers_cannot_register() {
    let app = TestApp::new().await;
    app.organization("lab-a");
    app.organization("lab-b");
    let owner = app.user("alice", Role::Submitter, Some("lab-a"));
    let colleague = app.user("amy", Role::Submitter, Some("lab-a"));
    let other = app.user("bob", Role::Submitter, Some("lab-b"));
    let curator = app.user("cory", Role::Curator, Some("lab-b"));
    let reader = app.user("rita", Role::Reader, Some("lab-a"));
    let admin = app.admin();

    app.create_part(&reader, json!({"name": "x", "role": "CDS", "sequence": "ATG"}))
        .await
        .problem(403);
    app.post(
        "/api/v1/parts",
        None,
        json!({"name": "x", "role": "CDS", "sequence": "ATG"}),
    )
    .await
    .problem(401);
    let part = app
        .create_part(&owner, json!({"name": "B0034", "role": "RBS", "sequence": B0034}))
        .await
        .ok(201);
    assert_eq!(part["owner_org"]["slug"], "lab-a");
    let path = format!("/api/v1/parts/{}", part["accession"].as_str().unwrap());

    // A draft is invisible outside its organisation: 404, as if it did not exist.
    for (token, body) in [
        (&other, json!({"description": "mine now"})),
        (&curator, json!({"description": "x"})),
        (&reader, json!({"description": "x"})),
    ] {
        app.patch(&path, token, None, body).await.problem(404);
    }
    app.delete(&path, Some(&other)).await.problem(404);
    app.patch(&path, &colleague, None, json!({"description": "by a colleague"}))
        .await
        .ok(200);
    // Once under review, curators and admins see it; admins may edit it when it is sent back.
    app.post(&format!("{path}/submit"), Some(&owner), json!({}))
        .await
        .ok(200);
    app.post(
        &format!("{path}/review"),
        Some(&curator),
        json!({"decision": "request_changes", "reason_code": "other"}),
    )
    .await
    .ok(200);
    app.patch(&path, &other, None, json!({"description": "mine now"}))
        .await
        .problem(404);
    app.patch(&path, &curator, None, json!({"description": "mine now"}))
        .await
        .problem(403);
    app.patch(&path, &admin, None, json!({"description": "by an admin"}))
        .await
        .ok(200);
    assert_eq!(
        app.get(&path, Some(&owner)).await.ok(200)["updated_by"]["name"],
        "root-admin"
    );
}

#[actix_web::test]
async fn withdrawn_parts_stay_readable_but_leave_lists_and_duplicate_checks() {
    let app = TestApp::new().await;
    let token = app.user("sub", Role::Submitter, None);
    let part = app
        .create_part(&token, json!({"name": "B0034", "role": "RBS", "sequence": B0034}))
        .await
        .ok(201);
    let path = format!("/api/v1/parts/{}", part["accession"].as_str().unwrap());
    app.send(
        TestRequest::delete()
            .uri(&path)
            .insert_header(("Authorization", format!("Bearer {token}")))
            .insert_header(("If-Match", "\"r9\"")),
    )
    .await
    .problem(412);
    let withdrawn = app
        .withdraw(&format!("{path}?reason=contaminated%20stock"), &token)
        .await
        .ok(200);
    assert_eq!(withdrawn["status"], "withdrawn");
    assert_eq!(withdrawn["withdrawal_reason"], "contaminated stock");
    assert_eq!(app.get(&path, Some(&token)).await.ok(200)["status"], "withdrawn");
    app.withdraw(&path, &token).await.problem(409);
    app.patch(&path, &token, None, json!({"description": "x"}))
        .await
        .problem(409);

    let listed = app.get("/api/v1/parts", Some(&token)).await.ok(200);
    assert!(listed["items"].as_array().unwrap().is_empty());
    let all = app
        .get("/api/v1/parts?include_withdrawn=true", Some(&token))
        .await
        .ok(200);
    assert_eq!(all["items"].as_array().unwrap().len(), 1);
    // The sequence is free again.
    app.create_part(&token, json!({"name": "B0034 again", "role": "RBS", "sequence": B0034}))
        .await
        .ok(201);
}

#[actix_web::test]
async fn anonymous_reads_follow_the_public_read_setting() {
    let closed = TestApp::with_settings(Settings {
        public_read: false,
        ..Settings::default()
    })
    .await;
    let token = closed.user("sub", Role::Submitter, None);
    let reader = closed.user("rita", Role::Reader, None);
    let part = closed
        .create_part(&token, json!({"name": "B0034", "role": "RBS", "sequence": B0034}))
        .await
        .ok(201);
    let path = format!("/api/v1/parts/{}", part["accession"].as_str().unwrap());
    closed.get(&path, None).await.problem(401);
    closed.get("/api/v1/parts", None).await.problem(401);
    closed.get(&path, Some(&reader)).await.problem(404);
    closed
        .publish(&token, "parts", part["accession"].as_str().unwrap())
        .await;
    closed.get(&path, Some(&reader)).await.ok(200);
    closed.get(&path, None).await.problem(401);
    let open = TestApp::new().await;
    open.get("/api/v1/parts", None).await.ok(200);
}

fn accessions(page: &Value) -> Vec<String> {
    page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["accession"].as_str().unwrap().to_string())
        .collect()
}

#[actix_web::test]
async fn lists_filter_sort_and_page_stably() {
    let app = TestApp::new().await;
    app.organization("lab-a");
    let token = app.user("sub", Role::Submitter, Some("lab-a"));
    let other = app.user("other", Role::Submitter, None);
    let a = app
        .create_part(&token, json!({"name": "Promoter J23101", "aliases": ["BBa_J23101"], "role": "promoter", "sequence": J23101, "tags": ["anderson"], "hosts": [{"name": "E. coli", "taxid": 562}]}))
        .await
        .ok(201);
    let b = app
        .create_part(&token, json!({"name": "RBS B0034", "role": "SO:0000139", "sequence": B0034, "hosts": [{"name": "B. subtilis", "taxid": 1423}]}))
        .await
        .ok(201);
    let c = app
        .create_part(&other, json!({"name": "Terminator", "description": "double terminator B0015", "role": "terminator", "sequence": B0015, "topology": "circular"}))
        .await
        .ok(201);
    let d = app
        .create_part(
            &other,
            json!({"name": "tag", "role": "tag", "molecule_type": "protein", "sequence": "MKVLAAGIV"}),
        )
        .await
        .ok(201);
    let acc = |p: &Value| p["accession"].as_str().unwrap().to_string();
    // Another organisation's drafts are invisible to lab-a; published, they are listed.
    assert_eq!(accessions(&app.list(&token, "").await), [acc(&a), acc(&b)]);
    app.publish(&other, "parts", &acc(&c)).await;
    app.publish(&other, "parts", &acc(&d)).await;

    assert_eq!(accessions(&app.list(&token, "q=bba_j23101").await), [acc(&a)]);
    assert_eq!(accessions(&app.list(&token, "q=B0015").await), [acc(&c)]);
    assert_eq!(
        accessions(&app.list(&token, &format!("q={}", acc(&b).to_lowercase())).await),
        [acc(&b)]
    );
    assert_eq!(
        accessions(&app.list(&token, "q=%25").await),
        Vec::<String>::new(),
        "LIKE wildcards are literal"
    );
    // Text search: part of a name, every word wherever it is, q as a filter under another sort.
    assert_eq!(accessions(&app.list(&token, "q=rbs").await), [acc(&b)]);
    assert_eq!(accessions(&app.list(&token, "q=j23101%20promoter").await), [acc(&a)]);
    assert_eq!(
        accessions(&app.list(&token, "q=terminator%20double&sort=-length").await),
        [acc(&c)]
    );
    assert_eq!(
        accessions(&app.list(&token, "q=k-12").await),
        Vec::<String>::new(),
        "words are runs of letters and digits"
    );
    let problem = app.get("/api/v1/parts?sort=relevance", Some(&token)).await.problem(422);
    assert_eq!(problem["errors"][0]["field"], "sort", "{problem}");
    let long = "a".repeat(bioreg::domain::MAX_QUERY_CHARS + 1);
    let problem = app
        .get(&format!("/api/v1/parts?q={long}"), Some(&token))
        .await
        .problem(422);
    assert_eq!(problem["errors"][0]["field"], "q", "{problem}");
    assert_eq!(accessions(&app.list(&token, "role=RBS").await), [acc(&b)]);
    assert_eq!(accessions(&app.list(&token, "role=SO:0000167").await), [acc(&a)]);
    assert_eq!(accessions(&app.list(&token, "molecule_type=protein").await), [acc(&d)]);
    assert_eq!(accessions(&app.list(&token, "topology=circular").await), [acc(&c)]);
    assert_eq!(accessions(&app.list(&token, "host_taxid=1423").await), [acc(&b)]);
    assert_eq!(accessions(&app.list(&token, "tag=Anderson").await), [acc(&a)]);
    assert_eq!(
        accessions(&app.list(&token, "owner_org=lab-a").await),
        [acc(&a), acc(&b)]
    );
    assert_eq!(
        accessions(&app.list(&token, "length_min=13&length_max=40").await),
        [acc(&a)]
    );
    assert_eq!(
        accessions(&app.list(&token, "sort=-length&limit=2").await),
        [acc(&c), acc(&a)]
    );
    assert_eq!(
        accessions(&app.list(&token, "sort=name").await),
        [acc(&a), acc(&b), acc(&c), acc(&d)]
    );
    assert_eq!(
        accessions(&app.list(&token, "sort=-accession").await),
        [acc(&d), acc(&c), acc(&b), acc(&a)]
    );
    let created_b = b["created_at"].as_str().unwrap().replace('+', "%2B");
    assert_eq!(
        accessions(&app.list(&token, &format!("created_after={created_b}")).await),
        [acc(&c), acc(&d)]
    );
    assert_eq!(
        accessions(&app.list(&token, &format!("created_before={created_b}")).await),
        [acc(&a)]
    );

    let page = app.list(&token, "limit=2").await;
    assert!(page["items"][0].get("sequence").is_none(), "lists leave sequences out");
    let page = app.list(&token, "include=sequence&limit=1").await;
    assert_eq!(page["items"][0]["sequence"], J23101);

    for bad in [
        "role=promotor",
        "sort=colour",
        "limit=501",
        "include=everything",
        "cursor=nonsense",
        "owner_org=ghost",
        "topology=round",
    ] {
        let body = app
            .get(&format!("/api/v1/parts?{bad}"), Some(&token))
            .await
            .problem(422);
        let field = bad.split('=').next().unwrap();
        assert_eq!(body["errors"][0]["field"], field, "{bad}: {body}");
    }

    // Paging by creation time is stable while new parts arrive: nothing skipped, nothing repeated.
    let mut total_inserted = 0;
    for sort in ["created_at", "-created_at", "name", "-length", "accession"] {
        let mut seen = Vec::new();
        let mut cursor: Option<String> = None;
        let mut inserted = 0;
        loop {
            let path = match &cursor {
                Some(c) => format!("/api/v1/parts?sort={sort}&limit=1&cursor={c}"),
                None => format!("/api/v1/parts?sort={sort}&limit=1"),
            };
            let page = app.get(&path, Some(&token)).await.ok(200);
            seen.extend(accessions(&page));
            if inserted < 2 {
                inserted += 1;
                total_inserted += 1;
                let sequence = format!("ATG{}GGC", "T".repeat(total_inserted));
                app.create_part(
                    &token,
                    json!({"name": format!("zz {sort} {inserted}"), "role": "CDS", "sequence": sequence}),
                )
                .await
                .ok(201);
            }
            match page["next_cursor"].as_str() {
                Some(next) => cursor = Some(next.to_string()),
                None => break,
            }
        }
        let mut unique = seen.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), seen.len(), "{sort}: a part appeared twice: {seen:?}");
        for original in [&a, &b, &c, &d] {
            assert!(seen.contains(&acc(original)), "{sort}: {} was skipped", acc(original));
        }
    }
}

#[actix_web::test]
async fn the_ontology_terms_are_listed() {
    let app = TestApp::new().await;
    let terms = app.get("/api/v1/ontology/terms?limit=500", None).await.ok(200);
    assert!(terms["next_cursor"].is_null());
    let labels: Vec<&str> = terms["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["label"].as_str().unwrap())
        .collect();
    for label in [
        "promoter",
        "ribosome_entry_site",
        "CDS",
        "terminator",
        "origin_of_replication",
        "plasmid_vector",
    ] {
        assert!(labels.contains(&label), "{label}");
    }
}

#[actix_web::test]
async fn list_items_are_summaries_unless_records_or_sequences_are_included() {
    let app = TestApp::new().await;
    let token = app.user("sub", Role::Submitter, None);
    app.create_part(
        &token,
        json!({"name": "pTest", "role": "promoter", "sequence": "ACGTACGTAC", "description": "long words",
               "tags": ["t1"], "features": [{"type": "promoter", "start": 1, "end": 5}]}),
    )
    .await
    .ok(201);
    let item = |page: &Value| page["items"][0].clone();
    let keys = |item: &Value| {
        let mut keys: Vec<String> = item.as_object().unwrap().keys().cloned().collect();
        keys.sort();
        keys
    };
    let mut summary_fields: Vec<String> = bioreg::domain::parts::view::SUMMARY_FIELDS
        .iter()
        .filter(|f| !matches!(**f, "sequence" | "pending_revision"))
        .map(|f| f.to_string())
        .collect();
    summary_fields.sort();

    let summary = item(&app.list(&token, "").await);
    assert_eq!(keys(&summary), summary_fields, "{summary}");
    assert_eq!(summary["tags"], json!(["t1"]));
    assert_eq!(summary["role"]["label"], "promoter");
    assert!(summary["owner_org"]["slug"].is_string());

    let with_sequence = item(&app.list(&token, "include=sequence").await);
    assert_eq!(with_sequence["sequence"], "ACGTACGTAC");
    assert!(with_sequence.get("features").is_none());

    let record = item(&app.list(&token, "include=record").await);
    assert_eq!(record["description"], "long words");
    assert_eq!(record["features"].as_array().unwrap().len(), 1);
    assert!(record.get("sequence").is_none());
    // A record in a list is the record GET returns (which has the sequence).
    let mut got = app
        .get(
            &format!("/api/v1/parts/{}", record["accession"].as_str().unwrap()),
            Some(&token),
        )
        .await
        .ok(200);
    got.as_object_mut().unwrap().remove("sequence");
    assert_eq!(record, got);

    let both = item(&app.list(&token, "include=record,sequence").await);
    assert_eq!(both["sequence"], "ACGTACGTAC");
    assert_eq!(both["features"].as_array().unwrap().len(), 1);

    let problem = app
        .get("/api/v1/parts?include=features", Some(&token))
        .await
        .problem(422);
    assert!(problem.to_string().contains("include"), "{problem}");
}

#[actix_web::test]
async fn a_part_with_a_declared_twin_is_still_edited_as_long_as_its_sequence_stays() {
    let app = TestApp::new().await;
    let token = app.user("lab", Role::Submitter, None);
    let original = app
        .create_part(
            &token,
            json!({"name": "o", "role": "CDS", "sequence": "ATGAAACCCGGGTAA"}),
        )
        .await
        .ok(201);
    app.create_part(
        &token,
        json!({"name": "t", "role": "CDS", "sequence": "ATGAAACCCGGGTAA", "allow_duplicate": true,
               "duplicate_reason": "codon variant kept apart"}),
    )
    .await
    .ok(201);
    let path = format!("/api/v1/parts/{}", original["accession"].as_str().unwrap());
    let edited = app
        .patch(&path, &token, Some("\"r1\""), json!({"description": "strong"}))
        .await
        .ok(200);
    assert_eq!(edited["description"], "strong");
    assert!(edited["duplicate_reason"].is_null());
    // Changing the sequence to another registered one is still a duplicate.
    let third = app
        .create_part(&token, json!({"name": "x", "role": "CDS", "sequence": "ATGTTTTTTTAA"}))
        .await
        .ok(201);
    let other = format!("/api/v1/parts/{}", third["accession"].as_str().unwrap());
    app.patch(&other, &token, Some("\"r1\""), json!({"sequence": "ATGAAACCCGGGTAA"}))
        .await
        .problem(409);
}
