//! SBOL3 import (`formats::sbol3::read`: syntax sniffed; Turtle, N-Triples, RDF/XML, JSON-LD, and
//! SBOL2 through the same reader) on arbitrary bytes: each record through the checks an import
//! makes before the database (see `common`), and the SBOL3 writer's output read back.
//!
//! Asserts: no panic or hang; the report is well formed; the parts that pass the checks, written
//! with `formats::sbol3::write` (Turtle), read back with no problem, as many records as written.
#![no_main]

mod common;

use bioreg::domain::formats::{sbol3, Defaults};
use libfuzzer_sys::fuzz_target;

const NAMESPACE: &str = "https://registry.example.org/parts";

fuzz_target!(|data: &[u8]| {
    let defaults = Defaults::default();
    let parsed = sbol3::read(data, &defaults);
    let exported = common::check_parsed(&parsed, data);
    if exported.is_empty() {
        return;
    }
    let mut written = Vec::new();
    sbol3::write(&exported, NAMESPACE, &mut written).expect("writing to memory");
    let again = sbol3::read(&written, &defaults);
    assert!(
        again.problems.is_empty(),
        "written SBOL3 reads back with problems: {:?}\n{}",
        again.problems,
        String::from_utf8_lossy(&written)
    );
    assert_eq!(again.records.len(), exported.len());
});
