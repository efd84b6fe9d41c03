//! Sequence validation and canonical hashing (`seq::alphabet`, `seq::seguid`, `seq`).
//!
//! The first byte picks the molecule type, the topology, a maximum length and a rotation; the
//! rest is the submitted text. Asserts: `normalise` never panics; what it accepts is non-empty,
//! no longer than the maximum, upper-case letters of the molecule's alphabet (a protein's `*`
//! only last), and normalises to itself; what it refuses names a position inside the text's
//! residues. `seqhash` is deterministic, carries the prefix of its molecule and topology, ignores
//! the strand of a nucleic acid, and for circular molecules every rotation; `least_rotation`
//! agrees with brute force on short sequences; reverse complement is an involution on valid
//! nucleic acids; GC content lies in [0, 1].
#![no_main]

use bioreg::seq::alphabet::{alphabet, normalise};
use bioreg::seq::seguid::{least_rotation, seqhash};
use bioreg::seq::{gc_content, reverse_complement, MoleculeType, Topology};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&selector, rest)) = data.split_first() else {
        return;
    };
    let molecule = [MoleculeType::Dna, MoleculeType::Rna, MoleculeType::Protein][usize::from(selector % 3)];
    let topology = if selector & 0b100 == 0 {
        Topology::Linear
    } else {
        Topology::Circular
    };
    // Mostly a limit the input cannot reach; sometimes a small one, to reach the length check.
    let max_length = if selector & 0b1000 == 0 {
        1 << 20
    } else {
        usize::from(selector >> 4)
    };
    let text = String::from_utf8_lossy(rest);
    let sequence = match normalise(&text, molecule, max_length) {
        Ok(sequence) => sequence,
        Err(error) => {
            assert!(!error.message.is_empty());
            if let Some(position) = error.position {
                assert!(position >= 1 && position <= text.chars().count(), "{error:?}");
            }
            return;
        }
    };

    assert!(!sequence.is_empty() && sequence.len() <= max_length);
    let symbols = &alphabet(molecule).symbols;
    for (i, &residue) in sequence.iter().enumerate() {
        let stop = molecule == MoleculeType::Protein && residue == b'*' && i + 1 == sequence.len();
        assert!(
            stop || symbols.contains(usize::from(residue)),
            "residue {residue} at {i}"
        );
        assert!(!residue.is_ascii_lowercase());
    }
    let again = std::str::from_utf8(&sequence).expect("residues are ASCII");
    assert_eq!(normalise(again, molecule, max_length).as_ref(), Ok(&sequence));

    let hash = seqhash(&sequence, molecule, topology);
    assert_eq!(hash, seqhash(&sequence, molecule, topology));
    let prefix = match (molecule.is_nucleic_acid(), topology) {
        (true, Topology::Linear) => "ldseguid=",
        (true, Topology::Circular) => "cdseguid=",
        (false, Topology::Linear) => "lsseguid=",
        (false, Topology::Circular) => "csseguid=",
    };
    assert!(hash.starts_with(prefix) && hash.len() == prefix.len() + 27, "{hash}");

    if molecule.is_nucleic_acid() {
        let complement = reverse_complement(&sequence, molecule);
        assert_eq!(reverse_complement(&complement, molecule), sequence);
        assert_eq!(
            seqhash(&complement, molecule, topology),
            hash,
            "strand changed the hash"
        );
    }
    if topology == Topology::Circular {
        let k = usize::from(selector) % sequence.len();
        let rotation = [&sequence[k..], &sequence[..k]].concat();
        assert_eq!(
            seqhash(&rotation, molecule, topology),
            hash,
            "rotation {k} changed the hash"
        );
    }
    if sequence.len() <= 64 {
        let n = sequence.len();
        let least = (0..n)
            .min_by_key(|&k| [&sequence[k..], &sequence[..k]].concat())
            .unwrap_or(0);
        assert_eq!(least_rotation(&sequence), least);
    }
    if let Some(gc) = gc_content(&sequence, molecule) {
        assert!((0.0..=1.0).contains(&gc), "GC content {gc}");
    }
});
