//! The strain library through HTTP: required fields, collection numbers, lineage and loops,
//! carried parts found through composites, samples, edits and lists.

use serde_json::{json, Value};

use crate::common::{TestApp, TestResponse};
use bioreg::domain::accounts::Role;

impl TestApp {
    pub async fn create_strain(&self, token: &str, body: Value) -> TestResponse {
        self.post("/api/v1/strains", Some(token), body).await
    }

    pub async fn strain(&self, token: &str, name: &str, parents: Value) -> Value {
        self.create_strain(
            token,
            json!({"name": name, "organism_type": "bacteria", "taxon": {"name": "Escherichia coli", "ncbi_taxid": 562},
                   "risk_group": 1, "parents": parents}),
        )
        .await
        .ok(201)
    }
}

fn accessions(items: &Value) -> Vec<String> {
    items
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["accession"].as_str().unwrap().to_string())
        .collect()
}

#[actix_web::test]
async fn a_strain_needs_name_organism_taxon_and_risk_group_all_reported_at_once() {
    let app = TestApp::new().await;
    let token = app.user("sub", Role::Submitter, None);
    let body = app.create_strain(&token, json!({})).await.problem(422);
    let fields: Vec<&str> = body["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, ["name", "organism_type", "taxon.name", "risk_group"]);
    let minimal = app
        .create_strain(&token, json!({"name": "x", "organism_type": "yeast", "taxon": {"name": "Saccharomyces cerevisiae"}, "risk_group": 1}))
        .await
        .ok(201);
    assert_eq!(
        minimal["missing_for_submission"].as_array().unwrap().len(),
        6,
        "{minimal}"
    );
    for country in ["XX", "de", "Deutschland"] {
        let body = app
            .create_strain(
                &token,
                json!({"name": "y", "organism_type": "yeast", "taxon": {"name": "S. cerevisiae"}, "risk_group": 1,
                       "geographic_origin": {"country": country}}),
            )
            .await
            .problem(422);
        assert_eq!(body["errors"][0]["field"], "geographic_origin.country", "{country}");
    }

    let body = app
        .create_strain(
            &token,
            json!({"name": "x", "organism_type": "bug", "taxon": {"name": "E. coli", "ncbi_taxid": 0}, "risk_group": 7,
                   "biosafety_level": 9, "other_collection_numbers": ["DSM 18039", "not a number"],
                   "genome_accessions": ["E. coli"], "geographic_origin": {"country": "Germany", "latitude": 95.0},
                   "isolation_date": "1988-13", "growth_temperature_c": {"min": 40, "max": 30},
                   "parts": [{"part": "BRP424242", "relation": "plasmid"}],
                   "parents": [{"strain": "BRS424242", "relation": "transformation"}]}),
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
        "organism_type",
        "taxon.ncbi_taxid",
        "risk_group",
        "biosafety_level",
        "other_collection_numbers[1]",
        "genome_accessions[0]",
        "geographic_origin.country",
        "geographic_origin.latitude",
        "geographic_origin",
        "isolation_date",
        "growth_temperature_c",
        "parts[0].part",
        "parents[0].strain",
    ] {
        assert!(fields.contains(&expected), "{expected} missing from {fields:?}");
    }
}

#[actix_web::test]
async fn a_full_culture_collection_record_round_trips() {
    let app = TestApp::new().await;
    let token = app.user("sub", Role::Submitter, None);
    let record = json!({
        "name": "MG1655", "aliases": ["K-12 MG1655"], "other_collection_numbers": ["ATCC 700926", "DSM18039", "CGMCC 1.1595"],
        "organism_type": "bacteria", "taxon": {"name": "Escherichia coli", "ncbi_taxid": 511145},
        "infrasubspecific_names": "K-12", "type_strain": false,
        "genotype": "F- lambda- ilvG- rfb-50 rph-1", "phenotype": "prototroph", "gmo": false,
        "genome_accessions": ["GCF_000005845.2"], "risk_group": 1, "biosafety_level": 1,
        "restrictions_on_use": "no_restriction", "nagoya_protocol": "does_not_apply", "mta_required": false,
        "growth_media": ["LB"], "growth_temperature_c": {"optimum": 37, "min": 15, "max": 45}, "atmosphere": "aerobic",
        "forms_of_supply": ["lyophilized", "agar"], "isolated_from": "human faeces",
        "geographic_origin": {"country": "US", "locality": "Stanford, CA", "latitude": 37.43, "longitude": -122.17},
        "isolation_date": "1922", "history_of_deposit": [{"person": "J. Lederberg", "institute": "Stanford", "year": 1946}, {"institute": "ATCC", "year": 1996}],
        "depositor": "F. R. Blattner", "deposit_date": "1996-05", "literature": [{"doi": "10.1126/science.277.5331.1453"}],
        "tags": ["Reference"], "source": {"lab": "Blattner lab"}
    });
    let created = app.create_strain(&token, record).await;
    assert_eq!(created.header("etag").as_deref(), Some("\"r1\""));
    let strain = created.ok(201);
    let accession = strain["accession"].as_str().unwrap();
    assert!(accession.starts_with("BRS"), "{accession}");
    let numbers: Vec<(&str, &str)> = strain["other_collection_numbers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| (n["collection"].as_str().unwrap(), n["number"].as_str().unwrap()))
        .collect();
    assert_eq!(numbers, [("ATCC", "700926"), ("DSM", "18039"), ("CGMCC", "1.1595")]);
    assert_eq!(
        strain["history_of_deposit_chain"],
        "<- ATCC, 1996 <- J. Lederberg, Stanford, 1946"
    );
    assert_eq!(strain["growth_temperature_c"]["optimum"], 37.0);
    assert_eq!(strain["forms_of_supply"], json!(["lyophilized", "agar"]));
    assert_eq!(strain["tags"], json!(["reference"]));
    assert_eq!(
        strain["missing_for_submission"],
        json!([]),
        "the MIRRI-IS mandatory set is complete"
    );

    for query in [
        "DSM%2018039",
        "dsm18039",
        "18039",
        "cgmcc%201.1595",
        "ilvG",
        "escherichia",
        "K-12%20MG1655",
    ] {
        let page = app
            .get(&format!("/api/v1/strains?q={query}"), Some(&token))
            .await
            .ok(200);
        assert_eq!(accessions(&page["items"]), [accession], "q={query}");
    }
    assert_eq!(
        accessions(&app.get("/api/v1/strains?taxid=511145", Some(&token)).await.ok(200)["items"]),
        [accession]
    );
    // The spelling published before `taxid` still reads.
    assert_eq!(
        accessions(&app.get("/api/v1/strains?ncbi_taxid=511145", Some(&token)).await.ok(200)["items"]),
        [accession]
    );
    assert!(accessions(&app.get("/api/v1/strains?taxid=562", Some(&token)).await.ok(200)["items"]).is_empty());
    assert_eq!(
        accessions(
            &app.get("/api/v1/strains?tag=reference&risk_group=1", Some(&token))
                .await
                .ok(200)["items"]
        ),
        [accession]
    );
    assert!(accessions(
        &app.get("/api/v1/strains?organism_type=yeast", Some(&token))
            .await
            .ok(200)["items"]
    )
    .is_empty());

    let path = format!("/api/v1/strains/{accession}");
    let edited = app
        .patch(
            &path,
            &token,
            Some("\"r1\""),
            json!({"phenotype": "fast grower", "risk_group": 2}),
        )
        .await
        .ok(200);
    assert_eq!(edited["revision"], 2);
    assert_eq!(edited["risk_group"], 2);
    assert_eq!(edited["genotype"], "F- lambda- ilvG- rfb-50 rph-1");
    app.patch(&path, &token, Some("\"r1\""), json!({"phenotype": "x"}))
        .await
        .problem(412);
    app.patch(&path, &token, None, json!({"name": null})).await.problem(422);
    let withdrawn = app.withdraw(&format!("{path}?reason=lost"), &token).await.ok(200);
    assert_eq!(withdrawn["status"], "withdrawn");
    assert!(accessions(&app.get("/api/v1/strains", Some(&token)).await.ok(200)["items"]).is_empty());
    assert_eq!(app.get(&path, Some(&token)).await.ok(200)["status"], "withdrawn");
}

#[actix_web::test]
async fn lineage_is_typed_walkable_both_ways_and_never_loops() {
    let app = TestApp::new().await;
    let token = app.user("sub", Role::Submitter, None);
    let wild = app.strain(&token, "W3110", json!([])).await;
    let a = app
        .strain(
            &token,
            "A",
            json!([{"strain": wild["accession"], "relation": "mutagenesis", "description": "UV"}]),
        )
        .await;
    let b = app
        .strain(&token, "B", json!([{"strain": a["id"], "relation": "gene_knockout"}]))
        .await;
    let other = app.strain(&token, "Donor", json!([])).await;
    let c = app
        .strain(
            &token,
            "C",
            json!([{"strain": b["accession"], "relation": "conjugation"}, {"strain": other["accession"], "relation": "conjugation"}]),
        )
        .await;
    assert_eq!(c["parents"].as_array().unwrap().len(), 2);
    assert_eq!(c["parents"][0]["relation"], "conjugation");

    let up = app
        .get(
            &format!("/api/v1/strains/{}/lineage", c["accession"].as_str().unwrap()),
            Some(&token),
        )
        .await
        .ok(200);
    let depth_of = |lineage: &Value, accession: &Value| -> u64 {
        lineage["nodes"]
            .as_array()
            .unwrap()
            .iter()
            .find(|n| n["accession"] == *accession)
            .unwrap()["depth"]
            .as_u64()
            .unwrap()
    };
    assert_eq!(up["nodes"].as_array().unwrap().len(), 5);
    assert_eq!(depth_of(&up, &wild["accession"]), 3);
    assert_eq!(depth_of(&up, &other["accession"]), 1);
    let edge = up["edges"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["child"] == a["id"])
        .unwrap();
    assert_eq!(edge["parent"], wild["id"]);
    assert_eq!(edge["relation"], "mutagenesis");
    let limited = app
        .get(
            &format!(
                "/api/v1/strains/{}/lineage?max_depth=1",
                c["accession"].as_str().unwrap()
            ),
            Some(&token),
        )
        .await
        .ok(200);
    assert_eq!(limited["nodes"].as_array().unwrap().len(), 3);
    let down = app
        .get(
            &format!(
                "/api/v1/strains/{}/lineage?direction=descendants",
                wild["accession"].as_str().unwrap()
            ),
            Some(&token),
        )
        .await
        .ok(200);
    assert_eq!(depth_of(&down, &c["accession"]), 3);

    // Making the wild type a descendant of C would close a loop: refused, naming it.
    let path = format!("/api/v1/strains/{}", wild["accession"].as_str().unwrap());
    let body = app
        .patch(
            &path,
            &token,
            None,
            json!({"parents": [{"strain": c["accession"], "relation": "reisolation"}]}),
        )
        .await
        .problem(422);
    let detail = body["detail"].as_str().unwrap();
    let (w, cc) = (wild["accession"].as_str().unwrap(), c["accession"].as_str().unwrap());
    assert!(
        detail.contains(&format!("{w} ← {cc} ←")) && detail.ends_with(&format!("← {w}")),
        "{detail}"
    );
    let body = app
        .patch(
            &path,
            &token,
            None,
            json!({"parents": [{"strain": w, "relation": "reisolation"}]}),
        )
        .await
        .problem(422);
    assert!(body["detail"].as_str().unwrap().contains("own parent"), "{body}");
    app.get("/api/v1/strains/BRS999999/lineage", None).await.problem(404);
    app.get(&format!("/api/v1/strains/{w}/lineage?direction=sideways"), Some(&token))
        .await
        .problem(422);
}

#[actix_web::test]
async fn strains_carrying_a_plasmid_are_found_from_each_of_its_parts() {
    let app = TestApp::new().await;
    let token = app.user("sub", Role::Submitter, None);
    let part = |name: &str, role: &str, sequence: &str| json!({"name": name, "role": role, "sequence": sequence});
    let promoter = app
        .create_part(
            &token,
            part("J23101", "promoter", "TTTACAGCTAGCTCAGTCCTAGGTATTATGCTAGC"),
        )
        .await
        .ok(201);
    let rbs = app
        .create_part(&token, part("B0034", "RBS", "AAAGAGGAGAAA"))
        .await
        .ok(201);
    let cds = app
        .create_part(
            &token,
            part(
                "GFP-fragment",
                "CDS",
                "ATGCGTAAAGGAGAAGAACTTTTCACTGGAGTTGTCCCAATTCTTGTTGAATTAGATGG",
            ),
        )
        .await
        .ok(201);
    let backbone = app
        .create_part(
            &token,
            part(
                "ori",
                "origin_of_replication",
                "TTGAGATCCTTTTTTTCTGCGCGTAATCTGCTGCTTGCAAACAAAAAAACCACCGCTACCAGCGGTGG",
            ),
        )
        .await
        .ok(201);
    let device = app
        .create_part(
            &token,
            json!({"name": "expression unit", "role": "engineered_region",
            "components": [{"part": promoter["accession"]}, {"part": rbs["accession"]}, {"part": cds["accession"]}]}),
        )
        .await
        .ok(201);
    let plasmid = app
        .create_part(
            &token,
            json!({"name": "pGFP", "role": "plasmid_vector", "topology": "circular",
            "components": [{"part": device["accession"]}, {"part": backbone["accession"]}]}),
        )
        .await
        .ok(201);
    let host = app
        .create_strain(&token, json!({"name": "DH5a pGFP", "organism_type": "bacteria", "taxon": {"name": "Escherichia coli"},
            "risk_group": 1, "gmo": true, "parts": [{"part": plasmid["accession"], "relation": "plasmid", "copy_number": 20}]}))
        .await
        .ok(201);
    let integrant = app
        .create_strain(
            &token,
            json!({"name": "MG1655 attB::RBS", "organism_type": "bacteria", "taxon": {"name": "Escherichia coli"},
            "risk_group": 1, "parts": [{"part": rbs["id"], "relation": "chromosomal_integration"}]}),
        )
        .await
        .ok(201);
    assert_eq!(host["parts"][0]["part"]["accession"], plasmid["accession"]);
    assert_eq!(host["parts"][0]["copy_number"], 20);

    let acc = |v: &Value| v["accession"].as_str().unwrap().to_string();
    for (target, expected_path) in [
        (&promoter, vec![acc(&plasmid), acc(&device), acc(&promoter)]),
        (&cds, vec![acc(&plasmid), acc(&device), acc(&cds)]),
        (&backbone, vec![acc(&plasmid), acc(&backbone)]),
        (&plasmid, vec![acc(&plasmid)]),
    ] {
        let carriers = app
            .get(&format!("/api/v1/parts/{}/strains", acc(target)), Some(&token))
            .await
            .ok(200);
        assert_eq!(carriers["items"].as_array().unwrap().len(), 1, "{}", acc(target));
        assert_eq!(carriers["items"][0]["strain"]["accession"], host["accession"]);
        assert_eq!(carriers["items"][0]["relation"], "plasmid");
        let path: Vec<String> = carriers["items"][0]["path"]
            .as_array()
            .unwrap()
            .iter()
            .map(acc)
            .collect();
        assert_eq!(path, expected_path);
    }
    let carriers = app
        .get(&format!("/api/v1/parts/{}/strains", acc(&rbs)), Some(&token))
        .await
        .ok(200);
    let found: Vec<String> = carriers["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| acc(&c["strain"]))
        .collect();
    assert_eq!(found.len(), 2);
    assert!(found.contains(&acc(&host)) && found.contains(&acc(&integrant)));
    assert_eq!(
        accessions(
            &app.get(&format!("/api/v1/strains?carries_part={}", acc(&plasmid)), Some(&token))
                .await
                .ok(200)["items"]
        ),
        [acc(&host)]
    );
    app.get("/api/v1/parts/BRP999999/strains", None).await.problem(404);
}

#[actix_web::test]
async fn samples_occupy_positions_and_do_not_revise_the_strain() {
    let app = TestApp::new().await;
    app.organization("lab-a");
    let token = app.user("sub", Role::Submitter, Some("lab-a"));
    let outsider = app.user("out", Role::Submitter, None);
    let strain = app.strain(&token, "MG1655", json!([])).await;
    let other = app.strain(&token, "W3110", json!([])).await;
    let base = format!("/api/v1/strains/{}/samples", strain["accession"].as_str().unwrap());
    let location = json!({"site": "Shenzhen", "freezer": "F1", "rack": "R2", "box": "B3", "position": "A1"});
    let sample = app
        .post(&base, Some(&token), json!({"location": location, "preservation_method": "glycerol -80 °C", "quantity": "3 vials", "prepared_by": "sam"}))
        .await
        .ok(201);
    assert_eq!(sample["location"]["box"], "B3");
    // Its creator is a user reference, as records name theirs, in the answer and in the list.
    assert_eq!(sample["created_by"]["name"], "sub");
    assert!(sample["created_by"]["id"].is_string());
    let listed = app.get(&base, Some(&token)).await.ok(200);
    assert_eq!(listed["items"][0]["created_by"], sample["created_by"]);
    let other_base = format!("/api/v1/strains/{}/samples", other["accession"].as_str().unwrap());
    let clash = app
        .post(
            &other_base,
            Some(&token),
            json!({"location": location, "preservation_method": "glycerol -80 °C"}),
        )
        .await
        .problem(409);
    assert!(
        clash["detail"]
            .as_str()
            .unwrap()
            .contains(strain["accession"].as_str().unwrap()),
        "{clash}"
    );
    app.post(
        &base,
        Some(&outsider),
        json!({"location": location, "preservation_method": "x"}),
    )
    .await
    .problem(404);
    app.post(&base, Some(&token), json!({"location": {"site": "", "freezer": "F", "rack": "R", "box": "B", "position": "A2"}, "preservation_method": " "}))
        .await
        .problem(422);

    let read = app
        .get(
            &format!("/api/v1/strains/{}", strain["accession"].as_str().unwrap()),
            Some(&token),
        )
        .await
        .ok(200);
    assert_eq!(read["revision"], 1, "samples do not make a new revision");
    assert_eq!(read["sample_count"], 1);
    assert_eq!(
        accessions(&app.get("/api/v1/strains?has_samples=true", Some(&token)).await.ok(200)["items"]),
        [strain["accession"].as_str().unwrap()]
    );
    assert_eq!(
        accessions(&app.get("/api/v1/strains?has_samples=false", Some(&token)).await.ok(200)["items"]),
        [other["accession"].as_str().unwrap()]
    );

    let sample_path = format!("{base}/{}", sample["id"].as_str().unwrap());
    app.delete(&sample_path, Some(&outsider)).await.problem(404);
    app.delete(&sample_path, Some(&token)).await.ok(204);
    app.delete(&sample_path, Some(&token)).await.problem(409);
    app.delete(&format!("{base}/{}", uuid::Uuid::new_v4()), Some(&token))
        .await
        .problem(404);
    assert!(app.get(&base, Some(&token)).await.ok(200)["items"]
        .as_array()
        .unwrap()
        .is_empty());
    assert_eq!(
        app.get(&format!("{base}?include_removed=true"), Some(&token))
            .await
            .ok(200)["items"]
            .as_array()
            .unwrap()
            .len(),
        1
    );
    // The position is free again.
    app.post(
        &other_base,
        Some(&token),
        json!({"location": location, "preservation_method": "lyophilised"}),
    )
    .await
    .ok(201);
}

#[actix_web::test]
async fn only_owners_and_admins_edit_strains() {
    let app = TestApp::new().await;
    app.organization("lab-a");
    let owner = app.user("alice", Role::Submitter, Some("lab-a"));
    let other = app.user("bob", Role::Submitter, None);
    let reader = app.user("rita", Role::Reader, Some("lab-a"));
    let admin = app.admin();
    let strain = app.strain(&owner, "MG1655", json!([])).await;
    assert_eq!(strain["owner_org"]["slug"], "lab-a");
    let path = format!("/api/v1/strains/{}", strain["accession"].as_str().unwrap());
    // A draft is invisible outside its organisation (404); the owners' readers may not edit.
    app.patch(&path, &other, None, json!({"phenotype": "x"}))
        .await
        .problem(404);
    app.patch(&path, &reader, None, json!({"phenotype": "x"}))
        .await
        .problem(404);
    app.delete(&path, Some(&other)).await.problem(404);
    app.post(&format!("{path}/submit"), Some(&owner), json!({}))
        .await
        .problem(422);
    // Published, it is visible to all, and still only its owners and admins edit it.
    app.patch(
        &path,
        &owner,
        None,
        json!({"restrictions_on_use": "only_research", "nagoya_protocol": "not_clear", "growth_media": ["LB"],
               "growth_temperature_c": {"optimum": 37}, "forms_of_supply": ["agar"], "geographic_origin": {"country": "unknown"}}),
    )
    .await
    .ok(200);
    app.publish(&owner, "strains", strain["accession"].as_str().unwrap())
        .await;
    app.patch(&path, &other, None, json!({"phenotype": "x"}))
        .await
        .problem(403);
    app.patch(&path, &reader, None, json!({"phenotype": "x"}))
        .await
        .problem(403);
    app.delete(&path, Some(&other)).await.problem(403);
    app.patch(&path, &admin, None, json!({"phenotype": "by admin"}))
        .await
        .ok(200);
    app.create_strain(
        &reader,
        json!({"name": "x", "organism_type": "bacteria", "taxon": {"name": "E. coli"}, "risk_group": 1}),
    )
    .await
    .problem(403);
    let summary = app.get("/api/v1/strains?limit=1", None).await.ok(200);
    assert_eq!(summary["items"][0]["pending_revision"], true, "{summary}");
    let page = app.get("/api/v1/strains?limit=1&include=record", None).await.ok(200);
    assert_eq!(
        page["items"].as_array().unwrap().len(),
        1,
        "the published revision is listed"
    );
    assert!(
        page["items"][0]["pending_revision"].as_bool().unwrap_or(false),
        "the admin's edit is pending"
    );
    assert!(
        page["items"][0]["phenotype"].is_null(),
        "readers do not see the pending edit"
    );
    assert!(page["next_cursor"].is_null());
    app.get("/api/v1/strains?cursor=garbage", None).await.problem(422);
}

#[actix_web::test]
async fn strains_filter_by_registration_time_like_parts() {
    let app = TestApp::new().await;
    app.organization("lab-a");
    let token = app.user("sub", Role::Submitter, Some("lab-a"));
    let first = app.strain(&token, "first", json!([])).await;
    let second = app.strain(&token, "second", json!([])).await;
    let at = |s: &serde_json::Value| urlencoding(s["created_at"].as_str().unwrap());
    let after = app
        .get(&format!("/api/v1/strains?created_after={}", at(&first)), Some(&token))
        .await
        .ok(200);
    assert_eq!(accessions(&after["items"]), [second["accession"].as_str().unwrap()]);
    let before = app
        .get(&format!("/api/v1/strains?created_before={}", at(&second)), Some(&token))
        .await
        .ok(200);
    assert_eq!(accessions(&before["items"]), [first["accession"].as_str().unwrap()]);
    let exported = app
        .get(
            &format!("/api/v1/exports?kind=strains&format=json&created_after={}", at(&first)),
            Some(&token),
        )
        .await;
    assert_eq!(exported.status, 200);
    assert!(exported.text().contains(second["accession"].as_str().unwrap()));
    assert!(!exported.text().contains(first["accession"].as_str().unwrap()));
}

fn urlencoding(value: &str) -> String {
    url::form_urlencoded::byte_serialize(value.as_bytes()).collect()
}
