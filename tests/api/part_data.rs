//! Real data through the part API: every row of the iGEM 2024 distribution parts list, and every
//! record of the FASTA collection (the fixtures, or with `BIOREG_SHARED_DATA=../shared/data` the
//! whole shared `fasta/` folder).

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use serde_json::json;

use crate::common::TestApp;
use bioreg::domain::accounts::Role;

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

fn revcomp(s: &str) -> String {
    String::from_utf8(bio::alphabets::dna::revcomp(s.as_bytes())).unwrap()
}

/// The test's own notion of "the same linear DNA": equal on one strand or the other.
fn canonical(s: &str) -> String {
    let upper = s.trim().to_uppercase();
    let rc = revcomp(&upper);
    if rc < upper {
        rc
    } else {
        upper
    }
}

/// iGEM's unified part types → Sequence Ontology labels (every type in the file must be here).
fn igem_role(part_type: &str) -> &'static str {
    match part_type {
        "promoter" => "promoter",
        "rbs" => "RBS",
        "cds" | "kozak-cds" | "marker" | "signaling" | "intein" => "CDS",
        "terminator" | "c1_c2_c3_terminator" => "terminator",
        "5' UTR" => "five_prime_UTR",
        "3' UTR" => "three_prime_UTR",
        "polyA" => "polyA_signal_sequence",
        "origin" => "origin_of_replication",
        "transfer-origin" => "oriT",
        "plasmid" | "terminator_vector" => "plasmid_vector",
        "homology-region" => "homologous_region",
        "protease cleavage domain" => "protease_site",
        "device" | "left-connector" | "right-connector" | "bridge" | "linker" | "rbs_tag" | "rbs_n1_tag" => {
            "engineered_region"
        }
        t if t == "tag" || t.ends_with("_tag") => "tag",
        other => panic!("iGEM part type `{other}` has no role mapping"),
    }
}

#[actix_web::test]
async fn every_igem_2024_part_registers_and_duplicate_rows_name_the_first_copy() {
    let app = TestApp::new().await;
    let token = app.user("igem-importer", Role::Submitter, None);
    let mut reader = csv::Reader::from_path(fixtures().join("igem/2024_Parts_List_with_sequences.csv")).unwrap();
    let rows: Vec<HashMap<String, String>> = reader.deserialize().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 536);

    let body = |row: &HashMap<String, String>| {
        json!({
            "name": row["Part Name"],
            "aliases": [row["Short Desc / Name"]],
            "description": format!("{} ({})", row["Short Desc / Name"], row["Collection"]),
            "role": igem_role(&row["Part Type (unified)"]),
            "sequence": row["part_sequence"],
            "tags": [row["Collection"]],
            "license": "CC-BY-4.0",
            "source": {"registry": "iGEM Registry", "external_id": row["Part Name"], "uri": row["Part URL"]},
        })
    };
    let mut first_copy: HashMap<String, String> = HashMap::new();
    let mut conflicts = Vec::new();
    for (index, row) in rows.iter().enumerate() {
        let key = canonical(&row["part_sequence"]);
        let response = app.create_part(&token, body(row)).await;
        match first_copy.get(&key) {
            None => {
                let part = response.ok(201);
                first_copy.insert(key, part["accession"].as_str().unwrap().to_string());
            }
            Some(first) => {
                let problem = response.problem(409);
                assert_eq!(problem["existing"]["accession"], first.as_str(), "row {}", index + 2);
                assert!(problem["detail"].as_str().unwrap().contains(first.as_str()));
                conflicts.push((index, first.clone()));
            }
        }
    }
    assert!(
        conflicts.len() >= 16,
        "the file repeats at least 16 sequences, got {}",
        conflicts.len()
    );
    assert_eq!(first_copy.len() + conflicts.len(), rows.len());

    // Every row can still be registered, as a declared twin linked to its first copy.
    for (index, first) in &conflicts {
        let mut twin = body(&rows[*index]);
        twin["allow_duplicate"] = json!(true);
        twin["duplicate_reason"] = json!(format!("listed again in the 2024 distribution (row {})", index + 2));
        let part = app.create_part(&token, twin).await.ok(201);
        let twins: Vec<&str> = part["twins"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t["accession"].as_str().unwrap())
            .collect();
        assert!(twins.contains(&first.as_str()), "{twins:?}");
        let original = app
            .get(&format!("/api/v1/parts/{first}/twins"), Some(&token))
            .await
            .ok(200);
        assert!(original["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|t| t["accession"] == part["accession"]));
    }
    let mut total = 0;
    let mut cursor: Option<String> = None;
    loop {
        let path = match &cursor {
            Some(c) => format!("/api/v1/parts?limit=500&cursor={c}"),
            None => "/api/v1/parts?limit=500".into(),
        };
        let page = app.get(&path, Some(&token)).await.ok(200);
        total += page["items"].as_array().unwrap().len();
        match page["next_cursor"].as_str() {
            Some(next) => cursor = Some(next.into()),
            None => break,
        }
    }
    assert_eq!(total, rows.len());
}

#[actix_web::test]
async fn a_full_igem_plasmid_is_recognised_when_rotated_or_reverse_complemented() {
    let app = TestApp::new().await;
    let token = app.user("sub", Role::Submitter, None);
    let mut reader = csv::Reader::from_path(fixtures().join("igem/2024_Parts_List_with_sequences.csv")).unwrap();
    let row: HashMap<String, String> = reader.deserialize().next().unwrap().unwrap();
    let plasmid = row["Full Plasmid Seq"].trim().to_uppercase();
    let first = app
        .create_part(
            &token,
            json!({"name": row["Part Name"], "role": "plasmid", "topology": "circular", "sequence": plasmid}),
        )
        .await
        .ok(201);
    for offset in [1, 100, plasmid.len() / 3, plasmid.len() - 2] {
        let rotated = format!("{}{}", &plasmid[offset..], &plasmid[..offset]);
        for copy in [rotated.clone(), revcomp(&rotated)] {
            let problem = app
                .create_part(
                    &token,
                    json!({"name": "copy", "role": "plasmid", "topology": "circular", "sequence": copy}),
                )
                .await
                .problem(409);
            assert_eq!(problem["existing"]["accession"], first["accession"]);
        }
    }
}

/// Letters each molecule type accepts (written here independently of the server's tables).
fn accepted(molecule: &str) -> &'static str {
    match molecule {
        "dna" => "ACGTRYSWKMBDHVN",
        "protein" => "ACDEFGHIKLMNPQRSTVWYBZXUO",
        other => panic!("unknown molecule type {other}"),
    }
}

/// The expected outcome: `None` when valid, else the 1-based position of the first bad residue
/// (0 for an empty sequence).
fn first_invalid(sequence: &str, molecule: &str) -> Option<usize> {
    let residues: Vec<char> = sequence.chars().filter(|c| !c.is_whitespace()).collect();
    if residues.is_empty() {
        return Some(0);
    }
    let alphabet = accepted(molecule);
    for (i, c) in residues.iter().enumerate() {
        let upper = c.to_ascii_uppercase();
        let is_final_stop = upper == '*' && molecule == "protein" && i == residues.len() - 1;
        if !is_final_stop && !alphabet.contains(upper) {
            return Some(i + 1);
        }
    }
    None
}

/// What lenient FASTA readers do before parsing: drop leading blanks and `;`/`#`/`!` comment
/// lines (an old-style file whose only header is a `;` line gets it as its `>` header).
fn lenient_fasta(text: &str) -> String {
    let has_header = text.lines().any(|l| l.trim_start().starts_with('>'));
    let mut out = String::new();
    let mut promoted = false;
    for line in text.lines() {
        let line = line.trim_start();
        if line.starts_with(';') && !has_header && !promoted {
            out.push('>');
            out.push_str(&line[1..]);
            out.push('\n');
            promoted = true;
        } else if line.starts_with([';', '#', '!']) {
            continue;
        } else if !line.is_empty() && (!out.is_empty() || line.starts_with('>')) {
            // (text before the first header is not part of any record)
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}

#[actix_web::test]
async fn fasta_records_outside_the_alphabet_are_refused_with_their_position() {
    let (root, every_file) = match std::env::var("BIOREG_SHARED_DATA") {
        Ok(shared) => (Path::new(&shared).join("fasta"), true),
        Err(_) => (fixtures().join("fasta"), false),
    };
    let manifest = std::fs::read_to_string(fixtures().join("fasta/MOLECULES.tsv")).unwrap();
    let molecules: HashMap<&str, &str> = manifest
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| l.split_once('\t').unwrap())
        .collect();
    if every_file {
        for entry in walk(&root) {
            let relative = entry.strip_prefix(&root).unwrap().to_string_lossy().into_owned();
            if !relative.ends_with("index.toml") {
                assert!(
                    molecules.contains_key(relative.as_str()),
                    "{relative} is not classified in MOLECULES.tsv"
                );
            }
        }
    }

    let app = TestApp::new().await;
    let token = app.user("fasta-importer", Role::Submitter, None);
    let (mut accepted_count, mut refused, mut files) = (0, 0, 0);
    let mut files_with_bad_letters = 0;
    for (relative, molecule) in &molecules {
        let path = root.join(relative);
        if !path.exists() {
            assert!(!every_file, "{relative} is listed but missing");
            continue;
        }
        files += 1;
        let text = String::from_utf8_lossy(&std::fs::read(&path).unwrap()).into_owned();
        let cleaned = lenient_fasta(&text);
        let mut bad_in_file = false;
        for (n, record) in bio::io::fasta::Reader::new(cleaned.as_bytes()).records().enumerate() {
            let record = record.unwrap_or_else(|e| panic!("{relative}: {e}"));
            let sequence = String::from_utf8_lossy(record.seq()).into_owned();
            let name: String = format!("{relative} #{n} {}", record.id()).chars().take(200).collect();
            let role = if *molecule == "protein" {
                "polypeptide"
            } else {
                "sequence_feature"
            };
            let response = app
                .create_part(
                    &token,
                    json!({"name": name, "role": role, "molecule_type": molecule, "sequence": sequence}),
                )
                .await;
            match first_invalid(&sequence, molecule) {
                None => {
                    accepted_count += 1;
                    if response.status == 409 {
                        let existing = response.problem(409)["existing"]["accession"]
                            .as_str()
                            .unwrap()
                            .to_string();
                        let other = app
                            .get(&format!("/api/v1/parts/{existing}"), Some(&token))
                            .await
                            .ok(200);
                        let stored = other["sequence"].as_str().unwrap();
                        let mine: String = sequence
                            .chars()
                            .filter(|c| !c.is_whitespace())
                            .collect::<String>()
                            .to_uppercase();
                        assert!(
                            stored == mine || (*molecule == "dna" && stored == revcomp(&mine)),
                            "{name}"
                        );
                    } else {
                        response.ok(201);
                    }
                }
                Some(0) => {
                    refused += 1;
                    let problem = response.problem(422);
                    assert!(
                        problem["detail"].as_str().unwrap().contains("empty"),
                        "{name}: {problem}"
                    );
                }
                Some(position) => {
                    refused += 1;
                    bad_in_file = true;
                    let problem = response.problem(422);
                    assert_eq!(problem["errors"][0]["field"], "sequence", "{name}");
                    let message = problem["errors"][0]["message"].as_str().unwrap();
                    assert!(
                        message.contains(&format!("at position {position} ")),
                        "{name}: expected position {position}: {message}"
                    );
                    assert!(message.contains("expected"), "{message}");
                }
            }
        }
        files_with_bad_letters += usize::from(bad_in_file);
    }
    assert!(files >= 30, "only {files} FASTA files were read");
    assert!(
        accepted_count > 300 && refused > 10,
        "accepted {accepted_count}, refused {refused}"
    );
    assert!(
        files_with_bad_letters >= 5,
        "only {files_with_bad_letters} files had refused letters"
    );
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(walk(&path));
        } else {
            out.push(path);
        }
    }
    out
}

/// Every FASTA file imported whole: a file with any record outside its alphabet (or empty) is a
/// 422 naming each such record and position, and nothing is stored; the others import and export
/// the same sequences.
#[actix_web::test]
async fn fasta_files_import_all_or_nothing_and_export_the_same_sequences() {
    let root = match std::env::var("BIOREG_SHARED_DATA") {
        Ok(shared) => Path::new(&shared).join("fasta"),
        Err(_) => fixtures().join("fasta"),
    };
    let manifest = std::fs::read_to_string(fixtures().join("fasta/MOLECULES.tsv")).unwrap();
    let app = TestApp::new().await;
    let token = app.user("fasta-files", Role::Submitter, None);
    let (mut imported, mut refused, mut records) = (0, 0, 0);
    for (relative, molecule) in manifest
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| l.split_once('\t').unwrap())
    {
        let path = root.join(relative);
        if !path.exists() {
            continue;
        }
        let bytes: &'static [u8] = Box::leak(std::fs::read(&path).unwrap().into_boxed_slice());
        let cleaned = lenient_fasta(&String::from_utf8_lossy(bytes));
        let expected: Vec<String> = bio::io::fasta::Reader::new(cleaned.as_bytes())
            .records()
            .map(|r| String::from_utf8_lossy(r.unwrap().seq()).into_owned())
            .collect();
        let bad: Vec<(usize, usize)> = expected
            .iter()
            .enumerate()
            .filter_map(|(n, s)| first_invalid(s, molecule).map(|p| (n, p)))
            .collect();
        let query = format!("/api/v1/imports?format=fasta&molecule_type={molecule}&duplicates=allow");
        let response = app.post_raw(&query, Some(&token), "text/plain", bytes).await;
        if !bad.is_empty() {
            refused += 1;
            let problem = response.problem(422);
            let errors = problem["errors"].as_array().unwrap();
            for (n, position) in bad {
                let named = errors.iter().any(|e| {
                    e["field"].as_str().unwrap().starts_with(&format!("records[{n}]"))
                        && (position == 0
                            || e["message"]
                                .as_str()
                                .unwrap()
                                .contains(&format!("at position {position} ")))
                });
                assert!(
                    named,
                    "{relative}: record {n} (position {position}) not named in {problem}"
                );
            }
            continue;
        }
        imported += 1;
        let report = response.ok(201);
        let got = report["records"].as_array().unwrap();
        assert_eq!(got.len(), expected.len(), "{relative}");
        for (record, sequence) in got.iter().zip(&expected) {
            let accession = record["accession"].as_str().unwrap();
            let fasta = app
                .get(&format!("/api/v1/parts/{accession}?format=fasta"), Some(&token))
                .await
                .text();
            let exported: String = fasta.lines().skip(1).collect();
            let original: String = sequence.chars().filter(|c| !c.is_whitespace()).collect();
            assert_eq!(exported, original.to_uppercase(), "{relative} {accession}");
            records += 1;
        }
    }
    assert!(
        imported >= 10 && refused >= 3,
        "imported {imported} files, refused {refused}"
    );
    println!("FASTA files imported {imported} ({records} records round-tripped), refused {refused}");
}
