//! Real strain data through the API: the E. coli long-term evolution experiment (ancestors,
//! populations, clones with GenomeDiff genotypes, checked against the lineage trees), and the
//! culture-collection tables of PHI-base and (with `BIOREG_SHARED_DATA`) KlebRef.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use serde_json::{json, Value};

use crate::common::TestApp;
use bioreg::domain::accounts::Role;

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// The header fields (`#=KEY value`) and mutation lines of a GenomeDiff file.
fn genome_diff(text: &str) -> (HashMap<String, String>, Vec<String>) {
    let mut header = HashMap::new();
    let mut mutations = Vec::new();
    for line in text.lines() {
        if let Some(rest) = line.strip_prefix("#=") {
            if let Some((key, value)) = rest.split_once('\t') {
                header
                    .entry(key.to_string())
                    .or_insert_with(|| value.trim().to_string());
            }
        } else if ["SNP", "SUB", "DEL", "INS", "MOB", "AMP", "CON", "INV"]
            .iter()
            .any(|t| line.starts_with(t))
        {
            // type, id, parent ids, sequence, position, details… → "SNP REL606:70867 C"
            let fields: Vec<&str> = line.split('\t').collect();
            if fields.len() >= 5 {
                mutations.push(
                    format!("{} {}:{} {}", fields[0], fields[3], fields[4], fields[5..].join(" "))
                        .trim()
                        .to_string(),
                );
            }
        }
    }
    (header, mutations)
}

/// Leaves of a Newick tree: the names before each `:branch-length`.
fn tree_leaves(newick: &str) -> Vec<String> {
    let mut leaves = Vec::new();
    for piece in newick.split([',', '(']) {
        let name = piece.trim().split(':').next().unwrap_or("").trim_start_matches('(');
        if !name.is_empty() && !name.starts_with(')') && !name.contains(')') {
            leaves.push(name.to_string());
        }
    }
    leaves
}

/// The clone designation a tree leaf or GenomeDiff title ends with (`Ara-1_2000gen_1164A` → `1164A`).
fn clone_id(name: &str) -> &str {
    name.rsplit('_').next().unwrap_or(name)
}

#[actix_web::test]
async fn the_ltee_loads_with_typed_lineage_that_matches_the_trees() {
    let app = TestApp::new().await;
    let token = app.user("barrick-lab", Role::Submitter, None);
    let dir = fixtures().join("ltee");
    let mut clone_files: Vec<PathBuf> = std::fs::read_dir(dir.join("clones"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    clone_files.sort();
    let base = |name: &str, genotype: &str| {
        json!({"name": name, "organism_type": "bacteria", "taxon": {"name": "Escherichia coli B", "ncbi_taxid": 37762},
               "risk_group": 1, "genotype": genotype, "tags": ["ltee"],
               "source": {"lab": "Barrick lab", "uri": "https://github.com/barricklab/LTEE-Ecoli"}})
    };

    // The two ancestors: REL606 (Ara−) and its Ara+ revertant REL607.
    let mut founders: HashMap<String, String> = HashMap::new();
    for (founder, population, parent) in [("REL606", "Ara-", None), ("REL607", "Ara+", Some("REL606"))] {
        let file = clone_files
            .iter()
            .find(|f| f.to_string_lossy().ends_with(&format!("{founder}.gd")))
            .unwrap();
        let (_, mutations) = genome_diff(&std::fs::read_to_string(file).unwrap());
        let mut body = base(founder, &mutations.join("; "));
        body["aliases"] = json!([format!("LTEE {population} ancestor")]);
        if let Some(parent) = parent {
            body["parents"] = json!([{"strain": founders[parent], "relation": "mutagenesis", "description": "spontaneous Ara+ revertant"}]);
        }
        let strain = app.create_strain(&token, body).await.ok(201);
        founders.insert(founder.to_string(), strain["accession"].as_str().unwrap().to_string());
    }

    // One strain per population, evolving from its founder; then every sequenced clone.
    let mut populations: HashMap<String, String> = HashMap::new();
    let mut clones: HashMap<String, String> = HashMap::new();
    for file in &clone_files {
        let (header, mutations) = genome_diff(&std::fs::read_to_string(file).unwrap());
        let title = &header["TITLE"];
        if title.starts_with("Anc") {
            continue;
        }
        let population = header["POPULATION"].clone();
        if !populations.contains_key(&population) {
            let founder = if population.starts_with("Ara-") {
                "REL606"
            } else {
                "REL607"
            };
            let mut body = base(&format!("LTEE population {population}"), "");
            body["parents"] = json!([{"strain": founders[founder], "relation": "adaptive_evolution",
                                      "description": "serial transfer in DM25 glucose medium since 1988"}]);
            let strain = app.create_strain(&token, body).await.ok(201);
            populations.insert(population.clone(), strain["accession"].as_str().unwrap().to_string());
        }
        let mut body = base(title, &mutations.join("; "));
        body["aliases"] = json!([clone_id(title)]);
        body["phenotype"] = json!(header.get("MUTATOR_STATUS").cloned().unwrap_or_default());
        body["parents"] = json!([{"strain": populations[&population], "relation": "reisolation",
                                  "description": format!("clone {} isolated at generation {}", header["CLONE"], header["TIME"])}]);
        let strain = app.create_strain(&token, body).await.ok(201);
        assert_eq!(
            strain["genotype"].as_str().unwrap_or("").matches("; ").count() + 1,
            mutations.len().max(1)
        );
        clones.insert(
            clone_id(title).to_string(),
            strain["accession"].as_str().unwrap().to_string(),
        );
    }
    assert_eq!(populations.len(), 8);
    assert_eq!(clones.len(), 215);

    // Every leaf of every tree is a registered strain whose ancestry reaches the tree's root.
    let mut checked = 0;
    for entry in std::fs::read_dir(dir.join("trees")).unwrap() {
        let path = entry.unwrap().path();
        let population = path.file_stem().unwrap().to_string_lossy().into_owned();
        let leaves = tree_leaves(&std::fs::read_to_string(&path).unwrap());
        let root = leaves.first().unwrap().clone();
        let founder = root.rsplit('_').next().unwrap().to_string();
        assert!(
            root.starts_with("Anc"),
            "{population}: the first leaf is the ancestor, got {root}"
        );
        for leaf in leaves.iter().skip(1).step_by(7) {
            let accession = clones
                .get(clone_id(leaf))
                .unwrap_or_else(|| panic!("{leaf} was not loaded"));
            let lineage = app
                .get(&format!("/api/v1/strains/{accession}/lineage"), Some(&token))
                .await
                .ok(200);
            let names: Vec<(String, u64)> = lineage["nodes"]
                .as_array()
                .unwrap()
                .iter()
                .map(|n| (n["name"].as_str().unwrap().to_string(), n["depth"].as_u64().unwrap()))
                .collect();
            assert!(
                names.contains(&(format!("LTEE population {population}"), 1)),
                "{leaf}: {names:?}"
            );
            assert!(
                names.contains(&(founder.clone(), 2)),
                "{leaf} descends from {founder}: {names:?}"
            );
            if founder == "REL607" {
                assert!(
                    names.contains(&("REL606".to_string(), 3)),
                    "{leaf}: REL607 descends from REL606"
                );
            }
            let relations: Vec<&str> = lineage["edges"]
                .as_array()
                .unwrap()
                .iter()
                .map(|e| e["relation"].as_str().unwrap())
                .collect();
            assert_eq!(relations[0], "reisolation");
            assert_eq!(relations[1], "adaptive_evolution");
            checked += 1;
        }
    }
    assert!(checked >= 30, "checked {checked} clones");

    // And from the top: REL606's descendants hold every clone.
    let descendants = app
        .get(
            &format!("/api/v1/strains/{}/lineage?direction=descendants", founders["REL606"]),
            Some(&token),
        )
        .await
        .ok(200);
    assert_eq!(descendants["nodes"].as_array().unwrap().len(), 1 + 1 + 8 + 215);
    let mutator = app
        .get("/api/v1/strains?q=ara-1_50000gen_11330&include=record", Some(&token))
        .await
        .ok(200);
    assert!(
        mutator["items"][0]["phenotype"].as_str().unwrap().ends_with("mutator"),
        "{mutator}"
    );
}

/// The test's own reading of a collection number: an upper-case acronym, a separator, a number.
fn expected_number(text: &str) -> Option<(String, String)> {
    let text = text.trim();
    let acronym: String = text.chars().take_while(|c| c.is_ascii_uppercase()).collect();
    let rest = text[acronym.len()..].trim_start_matches([' ', '-', '_', ':']);
    let separated = rest.len() < text.len() - acronym.len();
    let known_joined = [
        "ATCC", "DSM", "NCTC", "NCIMB", "JCM", "LMG", "CIP", "NRRL", "CBS", "KCTC", "NBRC", "CECT",
    ]
    .contains(&acronym.as_str());
    if (2..=10).contains(&acronym.len())
        && (separated || known_joined)
        && rest.chars().any(|c| c.is_ascii_digit())
        && !rest.contains(char::is_whitespace)
    {
        Some((acronym, rest.to_string()))
    } else {
        None
    }
}

#[actix_web::test]
async fn phi_base_strains_map_with_their_collection_numbers_parsed() {
    let app = TestApp::new().await;
    let token = app.user("phi-base", Role::Submitter, None);
    let mut reader = csv::Reader::from_path(fixtures().join("phi-base/phicanto_pathogen_strains.csv")).unwrap();
    let rows: Vec<HashMap<String, String>> = reader.deserialize().map(Result::unwrap).collect();
    assert!(rows.len() > 1000);
    let mut with_numbers = Vec::new();
    // Every row with a collection-number synonym, and every 10th row besides.
    for (index, row) in rows.iter().enumerate() {
        let synonyms: Vec<&str> = row["synonyms"]
            .split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .collect();
        let expected: Vec<(String, String)> = synonyms.iter().filter_map(|s| expected_number(s)).collect();
        if expected.is_empty() && index % 10 != 0 {
            continue;
        }
        let numbers: Vec<&str> = synonyms
            .iter()
            .copied()
            .filter(|s| expected_number(s).is_some())
            .collect();
        let aliases: Vec<&str> = synonyms
            .iter()
            .copied()
            .filter(|s| expected_number(s).is_none())
            .collect();
        let body = json!({
            "name": row["strain"], "aliases": aliases, "other_collection_numbers": numbers,
            "organism_type": "other", "taxon": {"name": row["scientific_name"], "ncbi_taxid": row["ncbi_taxid"].parse::<i64>().unwrap()},
            "risk_group": 2, "source": {"registry": "PHI-base"},
        });
        let strain = app.create_strain(&token, body).await.ok(201);
        let got: Vec<(String, String)> = strain["other_collection_numbers"]
            .as_array()
            .unwrap()
            .iter()
            .map(|n| {
                (
                    n["collection"].as_str().unwrap().to_string(),
                    n["number"].as_str().unwrap().to_string(),
                )
            })
            .collect();
        let mut unique = expected.clone();
        unique.dedup();
        assert_eq!(got, unique, "row {}: {}", index + 2, row["synonyms"]);
        if !expected.is_empty() {
            with_numbers.push((strain["accession"].as_str().unwrap().to_string(), expected[0].clone()));
        }
    }
    assert!(
        with_numbers.len() >= 40,
        "only {} rows carried collection numbers",
        with_numbers.len()
    );
    // Searchable either way: spaced, joined, or the bare number.
    for (accession, (collection, number)) in with_numbers.iter().step_by(3) {
        for query in [format!("{collection} {number}"), format!("{collection}{number}")] {
            let page = app
                .get(
                    &format!("/api/v1/strains?q={}&limit=500", urlencode(&query)),
                    Some(&token),
                )
                .await
                .ok(200);
            let found: Vec<&str> = page["items"]
                .as_array()
                .unwrap()
                .iter()
                .map(|s| s["accession"].as_str().unwrap())
                .collect();
            assert!(found.contains(&accession.as_str()), "{query} did not find {accession}");
        }
    }
}

fn urlencode(text: &str) -> String {
    url::form_urlencoded::byte_serialize(text.as_bytes()).collect()
}

#[actix_web::test]
async fn klebref_culture_collection_strains_map_onto_records() {
    // KlebRef is GPL-3.0, so it is not copied into the fixtures; CI reads it from the shared data.
    let Ok(shared) = std::env::var("BIOREG_SHARED_DATA") else {
        eprintln!("BIOREG_SHARED_DATA is not set: the KlebRef mapping runs in .ci/run");
        return;
    };
    let app = TestApp::new().await;
    let token = app.user("klebref", Role::Submitter, None);
    let mut reader = csv::Reader::from_path(Path::new(&shared).join("strains/klebref/metadata.csv")).unwrap();
    let rows: Vec<HashMap<String, String>> = reader.deserialize().map(Result::unwrap).collect();
    assert!(rows.len() > 400);
    let mut parsed = 0;
    for row in &rows {
        let name = row["Strain"].trim();
        let known = |v: &str| !v.is_empty() && v != "Unknown" && v != "NA";
        // "NCTC9146 substr. serovar …" → "NCTC9146"; "ATCC 13048" stays whole.
        let joined = name
            .trim_start_matches(char::is_alphabetic)
            .starts_with(|c: char| c.is_ascii_digit());
        let words: Vec<&str> = name.split_whitespace().collect();
        let number_text = if joined {
            words[0].to_string()
        } else {
            words.iter().take(2).copied().collect::<Vec<_>>().join(" ")
        };
        let mut body = json!({
            "name": name, "organism_type": "bacteria", "taxon": {"name": "Klebsiella pneumoniae"}, "risk_group": 2,
            // Only the collections that name strains by their number hold a collection number here.
            "other_collection_numbers": if matches!(row["Culture_collection"].as_str(), "ATCC" | "NCTC") { json!([number_text]) } else { json!([]) },
            "source": {"registry": "KlebRef"},
        });
        if known(&row["Isolation_source"]) {
            body["isolated_from"] = json!(row["Isolation_source"]);
        }
        if known(&row["BioSample"]) {
            body["aliases"] = json!([row["BioSample"]]);
        }
        if row["Accession"].starts_with("GCA_") {
            body["genome_accessions"] = json!([row["Accession"]]);
        }
        let strain: Value = app.create_strain(&token, body).await.ok(201);
        // ATCC and NCTC strains are named by their collection number ("ATCC 13048", "NCTC10006").
        let collection = row["Culture_collection"].as_str();
        let digits = number_text.strip_prefix(collection).map(str::trim_start).unwrap_or("");
        if matches!(collection, "ATCC" | "NCTC") && !digits.is_empty() && digits.chars().all(|c| c.is_ascii_digit()) {
            assert_eq!(
                strain["other_collection_numbers"][0]["collection"], collection,
                "{name}"
            );
            assert_eq!(strain["other_collection_numbers"][0]["number"], digits, "{name}");
            if collection == "ATCC" {
                assert_eq!(digits, row["Accession"], "{name}");
            }
            parsed += 1;
        } else if let (true, Some((acronym, number))) =
            (matches!(collection, "ATCC" | "NCTC"), expected_number(&number_text))
        {
            assert_eq!(
                strain["other_collection_numbers"][0]["collection"],
                acronym.as_str(),
                "{name}"
            );
            assert_eq!(
                strain["other_collection_numbers"][0]["number"],
                number.as_str(),
                "{name}"
            );
            assert_eq!(acronym, collection, "{name}");
            parsed += 1;
        }
        if row["Accession"].starts_with("GCA_") {
            assert_eq!(strain["genome_accessions"][0], row["Accession"].as_str());
        }
    }
    assert!(parsed >= 270, "only {parsed} strain names parsed as collection numbers");
}
