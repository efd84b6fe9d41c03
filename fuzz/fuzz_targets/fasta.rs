//! FASTA import (`formats::fasta::read`) on arbitrary bytes, each record through the checks an
//! import makes before the database (see `common`), and the FASTA writer's output read back.
//!
//! Asserts: no panic or hang; the report is well formed; the parts that pass the checks, written
//! with `formats::fasta::write`, read back with no problem as the same sequences in the same order.
#![no_main]

mod common;

use bioreg::domain::formats::{fasta, Defaults};
use bioreg::seq::{MoleculeType, Topology};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // The last byte picks what the import is told of the records (FASTA headers say nothing).
    let selector = data.last().copied().unwrap_or(0);
    let defaults = Defaults {
        role: None,
        molecule_type: Some([MoleculeType::Dna, MoleculeType::Rna, MoleculeType::Protein][usize::from(selector % 3)]),
        topology: Some(if selector & 0b100 == 0 {
            Topology::Linear
        } else {
            Topology::Circular
        }),
    };
    let parsed = fasta::read(data, &defaults);
    let exported = common::check_parsed(&parsed, data);
    if exported.is_empty() {
        return;
    }
    let mut written = Vec::new();
    fasta::write(&exported, &mut written).expect("writing to memory");
    let again = fasta::read(&written, &defaults);
    assert!(
        again.problems.is_empty(),
        "written FASTA reads back with problems: {:?}",
        again.problems
    );
    let read_back: Vec<String> = again
        .records
        .iter()
        .map(|r| r.input.sequence.clone().unwrap_or_default())
        .collect();
    assert_eq!(read_back, common::sequences(&exported));
});
