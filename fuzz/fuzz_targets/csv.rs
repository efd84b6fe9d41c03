//! CSV import (`formats::csv::read_parts` and `read_strains`) on arbitrary bytes: each part
//! record through the checks an import makes before the database (see `common`), each strain
//! record's collection numbers through their parser; the parts that pass, written with
//! `formats::csv::write_parts` (as the part views an export reads), read back.
//!
//! Asserts: no panic or hang; the report is well formed; the written file reads back with no
//! problem as the same sequences in the same order.
#![no_main]

mod common;

use bioreg::domain::formats::{csv, Defaults};
use bioreg::domain::strains::collection;
use libfuzzer_sys::fuzz_target;
use serde_json::json;

fuzz_target!(|data: &[u8]| {
    let strains = csv::read_strains(data);
    for record in &strains.records {
        serde_json::to_value(&record.input).expect("a strain input read from a file serialises");
        for number in &record.input.other_collection_numbers {
            if let Some(parsed) = collection::parse(number) {
                let _ = parsed.search_forms();
                assert!(!parsed.display().is_empty());
            }
        }
    }

    let defaults = Defaults::default();
    let parsed = csv::read_parts(data, &defaults);
    let exported = common::check_parsed(&parsed, data);
    if exported.is_empty() {
        return;
    }
    // What `write_parts` reads of a part view.
    let views: Vec<_> = parsed
        .records
        .iter()
        .filter(|r| common::check_part(&r.input).is_some())
        .zip(&exported)
        .map(|(record, part)| {
            let input = &record.input;
            json!({
                "accession": part.accession,
                "name": part.name,
                "role": {"id": part.role.as_ref().map(|r| r.id.clone())},
                "sequence": part.sequence,
                "description": part.description,
                "molecule_type": part.molecule_type,
                "topology": part.topology,
                "aliases": input.aliases,
                "tags": input.tags,
                "license": input.license,
                "source": input.source,
            })
        })
        .collect();
    let mut written = Vec::new();
    csv::write_parts(&views, &mut written, true).expect("writing to memory");
    let again = csv::read_parts(&written, &defaults);
    assert!(
        again.problems.is_empty(),
        "written CSV reads back with problems: {:?}",
        again.problems
    );
    let read_back: Vec<String> = again
        .records
        .iter()
        .map(|r| r.input.sequence.clone().unwrap_or_default())
        .collect();
    assert_eq!(read_back, common::sequences(&exported));
});
