//! Owns sequence search: an in-memory index of every stored nucleotide sequence and exact,
//! approximate and similarity search over it, on both strands, across the origin of circular
//! sequences, IUPAC-aware. Knows nothing of records or visibility: sequences belong to opaque
//! groups (`G`, a record id) with a small tag, and callers filter the hits.
//!
//! - [`segment`]: one immutable block (2-bit text + sampled 11-mer table); memory and build cost.
//! - [`index`]: the live index, a list of segments updated by replacing a group's sequences.
//! - [`approximate`]: exact and edit-distance search (pigeonhole seeds + Myers verification).
//! - [`similarity`]: seed-and-extend local alignment with E-values.
//! - [`budget`]: what one search may cost (work, deadline, cancellation, hits held).
//! - [`dust`]: low-complexity regions of a query, kept out of similarity seeds.
//!
//! IUPAC semantics, everywhere: two letters match when the sets of bases they stand for
//! intersect (N matches anything, R matches A or G, U is T). Stored k-mers holding ambiguity codes
//! are indexed under every k-mer they stand for up to 16 (two Ns); a hit whose every seed falls in
//! denser stored ambiguity (three or more Ns within 11 bases) is not found. Query letters expand
//! the same way up to 64 k-mers per lookup; a query too degenerate to seed is refused
//! ([`Unsearchable`]) rather than answered by reading the whole index.
//!
//! Bounded cost: every search runs under a [`Budget`] (work units, a deadline, a cancellation
//! flag) and holds at most `2 · max_hits` hits, so its time and memory do not grow with the
//! number of matches; one that stops early says why ([`Stop`]).

pub mod approximate;
pub mod budget;
pub mod dust;
#[cfg(target_arch = "x86_64")]
mod extend_avx2;
pub mod index;
pub mod persist;
pub mod segment;
pub mod similarity;

pub use budget::{Budget, Stop};
pub use index::{Found, IndexStats, SequenceIndex, Unsearchable};

/// Which strand of the stored sequence the query matched.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Strand {
    Forward,
    Reverse,
}

/// Thresholds of a similarity search.
#[derive(Debug, Clone, Copy)]
pub struct SimilarityParams {
    pub min_identity: f64,
    pub min_aligned_length: u32,
    pub max_evalue: f64,
}

/// What to search for.
#[derive(Debug, Clone, Copy)]
pub enum Mode {
    Exact,
    Approximate { max_differences: usize },
    Similarity(SimilarityParams),
}

/// A search request against the index.
#[derive(Debug, Clone, Copy)]
pub struct Search {
    pub mode: Mode,
    pub forward: bool,
    pub reverse: bool,
    pub with_alignment: bool,
    /// Most hits held while searching (and returned): see [`budget::Collector`].
    pub max_hits: usize,
}

/// One strand of a query, ready to search: letters (uppercase IUPAC, U as T), their base sets
/// and their 2-bit codes (4 for an ambiguous letter).
#[derive(Debug, Clone)]
pub struct Prepared {
    pub letters: Vec<u8>,
    pub masks: Vec<u8>,
    pub codes: Vec<u8>,
    /// The codes packed like a segment's text (ambiguous letters as A), for [`segment::word`].
    pub packed: Vec<u8>,
    /// Whether any letter is ambiguous (then `packed` is not exact).
    pub ambiguous: bool,
}

impl Prepared {
    pub fn new(sequence: &[u8]) -> Self {
        let letters: Vec<u8> = sequence
            .iter()
            .map(|b| match b.to_ascii_uppercase() {
                b'U' => b'T',
                other => other,
            })
            .collect();
        let masks = letters.iter().map(|&b| segment::mask(b)).collect();
        let codes: Vec<u8> = letters.iter().map(|&b| segment::code(b).unwrap_or(4)).collect();
        let packed = segment::pack(codes.iter().map(|&c| c & 3), codes.len());
        let ambiguous = codes.iter().any(|&c| c > 3);
        Prepared {
            letters,
            masks,
            codes,
            packed,
            ambiguous,
        }
    }

    /// The other strand (IUPAC letters complemented as sets).
    pub fn reverse_complement(&self) -> Self {
        let complement = |b: u8| -> u8 {
            match b {
                b'A' => b'T',
                b'C' => b'G',
                b'G' => b'C',
                b'T' => b'A',
                b'R' => b'Y',
                b'Y' => b'R',
                b'K' => b'M',
                b'M' => b'K',
                b'B' => b'V',
                b'V' => b'B',
                b'D' => b'H',
                b'H' => b'D',
                other => other,
            }
        };
        let letters: Vec<u8> = self.letters.iter().rev().map(|&b| complement(b)).collect();
        Prepared::new(&letters)
    }
}

/// Three aligned lines: the query, match marks (`|` identical, `:` IUPAC-compatible), the stored
/// sequence; `-` marks a gap.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AlignmentText {
    pub query: String,
    pub midline: String,
    pub target: String,
}

/// One hit. Offsets are 0-based; `start` is on the stored sequence's forward strand and the hit
/// covers `span` bases from there (wrapping the origin of a circular sequence when
/// `start + span > sequence_length`). Query offsets are on the query as given.
#[derive(Debug, Clone)]
pub struct Hit<G> {
    pub group: G,
    pub tag: u8,
    pub strand: Strand,
    pub start: u32,
    pub span: u32,
    pub sequence_length: u32,
    pub circular: bool,
    pub query_start: u32,
    pub query_end: u32,
    /// Edits (exact, approximate) or mismatched and gap columns (similarity).
    pub differences: u32,
    pub matches: u32,
    pub columns: u32,
    /// Raw alignment score (similarity).
    pub score: i32,
    pub bit_score: Option<f64>,
    pub evalue: Option<f64>,
    pub alignment: Option<AlignmentText>,
}

impl<G> Hit<G> {
    /// Identical (or IUPAC-compatible) columns over all alignment columns.
    pub fn identity(&self) -> f64 {
        f64::from(self.matches) / f64::from(self.columns.max(1))
    }

    /// 1-based first and last position on the stored sequence (last < first across the origin).
    pub fn one_based(&self) -> (u32, u32) {
        let last = (u64::from(self.start) + u64::from(self.span.max(1)) - 1) % u64::from(self.sequence_length.max(1));
        (self.start + 1, last as u32 + 1)
    }
}
