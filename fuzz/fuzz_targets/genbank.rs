//! GenBank import (`formats::genbank::read_lazily`, as imports call it, and `read`) on arbitrary
//! bytes: each record through the checks an import makes before the database (see `common`),
//! and the GenBank writer's output read back.
//!
//! Asserts: no panic or hang; the lazy and the whole-file readers agree on the records; the
//! report is well formed; the parts that pass the checks, written with `formats::genbank::write`
//! (header, features and annotation blocks as kept on import), read back with no problem as the
//! same sequences in the same order.
#![no_main]

mod common;

use bioreg::domain::formats::{genbank, Defaults, Item};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let defaults = Defaults::default();
    let lazy = genbank::read_lazily(data, &defaults);
    let total = lazy.total;
    let lazily_read = lazy.filter(|item| matches!(item, Item::Record(_))).count();
    assert!(lazily_read <= total);
    let parsed = genbank::read(data, &defaults);
    assert_eq!(parsed.records.len(), lazily_read);
    let exported = common::check_parsed(&parsed, data);
    if exported.is_empty() {
        return;
    }
    let mut written = Vec::new();
    genbank::write(&exported, &mut written).expect("writing to memory");
    let again = genbank::read(&written, &defaults);
    assert!(
        again.problems.is_empty(),
        "written GenBank reads back with problems: {:?}\n{}",
        again.problems,
        String::from_utf8_lossy(&written)
    );
    let read_back: Vec<String> = again
        .records
        .iter()
        .map(|r| r.input.sequence.clone().unwrap_or_default())
        .collect();
    assert_eq!(read_back, common::sequences(&exported));
});
