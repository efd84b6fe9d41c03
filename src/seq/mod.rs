//! The sequence layer (built on the `bio` crate): molecule types and topologies, alphabet
//! validation and normalisation ([`alphabet`]), and canonical sequence identity ([`seguid`]).
//! Sequences are bytes (`&[u8]`), uppercase after normalisation. Knows nothing of HTTP or storage.

pub mod alphabet;
pub mod search;
pub mod seguid;

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// What a sequence is made of.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum MoleculeType {
    Dna,
    Rna,
    Protein,
}

impl MoleculeType {
    pub fn as_str(self) -> &'static str {
        match self {
            MoleculeType::Dna => "dna",
            MoleculeType::Rna => "rna",
            MoleculeType::Protein => "protein",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        match value {
            "dna" => Some(MoleculeType::Dna),
            "rna" => Some(MoleculeType::Rna),
            "protein" => Some(MoleculeType::Protein),
            _ => None,
        }
    }

    pub fn is_nucleic_acid(self) -> bool {
        !matches!(self, MoleculeType::Protein)
    }
}

/// Whether the molecule's ends are joined.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum Topology {
    Linear,
    Circular,
}

impl Topology {
    pub fn as_str(self) -> &'static str {
        match self {
            Topology::Linear => "linear",
            Topology::Circular => "circular",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        match value {
            "linear" => Some(Topology::Linear),
            "circular" => Some(Topology::Circular),
            _ => None,
        }
    }
}

/// The reverse complement of a normalised nucleic-acid sequence (IUPAC codes map to their
/// complements: R↔Y, K↔M, B↔V, D↔H; S, W and N map to themselves). Proteins have no strands and are
/// returned unchanged. O(n) time and memory.
pub fn reverse_complement(sequence: &[u8], molecule: MoleculeType) -> Vec<u8> {
    match molecule {
        MoleculeType::Dna => bio::alphabets::dna::revcomp(sequence),
        MoleculeType::Rna => bio::alphabets::rna::revcomp(sequence),
        MoleculeType::Protein => sequence.to_vec(),
    }
}

/// GC content of a nucleic acid: (G + C + S) / (bases whose GC status is known: A C G T U S W).
/// Other ambiguity codes (N, R, Y, …) are left out of both counts. `None` for proteins and for
/// sequences with no such base. O(n) time, O(1) memory.
pub fn gc_content(sequence: &[u8], molecule: MoleculeType) -> Option<f64> {
    if !molecule.is_nucleic_acid() {
        return None;
    }
    let (mut gc, mut known) = (0u64, 0u64);
    for &base in sequence {
        match base {
            b'G' | b'C' | b'S' => {
                gc += 1;
                known += 1;
            }
            b'A' | b'T' | b'U' | b'W' => known += 1,
            _ => {}
        }
    }
    (known > 0).then(|| gc as f64 / known as f64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reverse_complement_handles_iupac_codes() {
        assert_eq!(
            reverse_complement(b"ACGTRYKMBDHVSWN", MoleculeType::Dna),
            b"NWSBDHVKMRYACGT"
        );
        assert_eq!(reverse_complement(b"ACGU", MoleculeType::Rna), b"ACGU");
        assert_eq!(reverse_complement(b"AACGU", MoleculeType::Rna), b"ACGUU");
        assert_eq!(reverse_complement(b"MKV", MoleculeType::Protein), b"MKV");
    }

    #[test]
    fn gc_content_counts_only_known_bases() {
        assert_eq!(gc_content(b"GGCC", MoleculeType::Dna), Some(1.0));
        assert_eq!(gc_content(b"ATGC", MoleculeType::Dna), Some(0.5));
        assert_eq!(gc_content(b"GCNN", MoleculeType::Dna), Some(1.0));
        assert_eq!(gc_content(b"NNNN", MoleculeType::Dna), None);
        assert_eq!(gc_content(b"AUGC", MoleculeType::Rna), Some(0.5));
        assert_eq!(gc_content(b"MKV", MoleculeType::Protein), None);
    }
}
