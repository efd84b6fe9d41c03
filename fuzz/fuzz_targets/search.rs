//! The sequence index under random IUPAC queries (`seq::search`), with a bounded budget.
//!
//! The input is a header (mode, allowed differences, hits held, work budget, strands), a small
//! library (sequences cut from the input at `>` bytes, letters drawn mostly from ACGT with some
//! IUPAC codes, one long homopolymer so that some queries match everywhere) and the query. Asserts:
//! a search never panics and never returns more than the hits it may hold; a refusal is one the
//! mode can give and names bases inside the query; every exact or approximate hit lies inside its
//! stored sequence (or wraps only a circular one), spans the whole query and has no more
//! differences than allowed; an exact search that was not cut short finds every forward
//! occurrence a letter-by-letter scan finds in the linear sequences of plain bases.
//!
//! Run under a memory limit, e.g. `cargo fuzz run search -- -rss_limit_mb=1024`: the cost of a
//! search must not grow with how often the query matches.
#![no_main]

use bioreg::seq::search::index::NewSequence;
use bioreg::seq::search::segment::mask;
use bioreg::seq::search::{Budget, Mode, Search, SequenceIndex, SimilarityParams, Strand, Unsearchable};
use libfuzzer_sys::fuzz_target;

const LETTERS: &[u8] = b"ACGTACGTACGTACGTACGTACGTACGTNRYW";

fn letters(bytes: &[u8]) -> Vec<u8> {
    bytes.iter().map(|&b| LETTERS[usize::from(b) % LETTERS.len()]).collect()
}

fuzz_target!(|data: &[u8]| {
    if data.len() < 6 {
        return;
    }
    let (header, rest) = data.split_at(6);
    let differences = usize::from(header[1] % 4);
    let mode = match header[0] % 3 {
        0 => Mode::Exact,
        1 => Mode::Approximate {
            max_differences: differences,
        },
        _ => Mode::Similarity(SimilarityParams {
            min_identity: 0.0,
            min_aligned_length: 0,
            max_evalue: 10.0,
        }),
    };
    let max_hits = 1 + usize::from(header[2]);
    let work = 1_000 + u64::from(u16::from_le_bytes([header[3], header[4]])) * 1_000;
    let (forward, reverse) = match header[5] % 3 {
        0 => (true, true),
        1 => (true, false),
        _ => (false, true),
    };
    let mut parts: Vec<&[u8]> = rest.split(|&b| b == b'>').collect();
    let Some(query) = parts.pop().map(letters) else { return };
    if query.len() < 8 {
        return;
    }
    let mut library: Vec<(Vec<u8>, bool)> = parts
        .iter()
        .filter(|p| p.len() >= 2)
        .map(|p| (letters(&p[1..]), p[0] & 1 == 1))
        .collect();
    library.push((vec![b'A'; 5_000], false));
    let index = SequenceIndex::new();
    index.update(
        library
            .iter()
            .enumerate()
            .map(|(i, (letters, circular))| {
                (
                    i as u32,
                    vec![NewSequence {
                        tag: 1,
                        letters: letters.clone(),
                        circular: *circular,
                    }],
                )
            })
            .collect(),
    );
    let search = Search {
        mode,
        forward,
        reverse,
        with_alignment: header[2] & 1 == 1,
        max_hits,
    };
    let found = match index.search(&query, &search, Budget::new(work, None, None)) {
        Ok(found) => found,
        Err(Unsearchable::TooLong { .. }) => return,
        Err(Unsearchable::Degenerate { start, end, .. }) => {
            assert!(start < end && end <= query.len());
            assert!(!matches!(mode, Mode::Similarity(_)));
            return;
        }
        Err(Unsearchable::NoSeed) => {
            assert!(matches!(mode, Mode::Similarity(_)));
            return;
        }
    };
    assert!(found.hits.len() <= max_hits, "{} hits held, {max_hits} allowed", found.hits.len());
    if matches!(mode, Mode::Similarity(_)) {
        return;
    }
    for hit in &found.hits {
        let (stored, circular) = &library[hit.group as usize];
        assert!((hit.start as usize) < stored.len());
        assert!(*circular || hit.start as usize + hit.span as usize <= stored.len(), "{hit:?}");
        let allowed = match mode {
            Mode::Approximate { max_differences } => max_differences,
            _ => 0,
        };
        assert!(hit.differences as usize <= allowed, "{hit:?}");
        assert_eq!(hit.query_start, 0);
        assert_eq!(hit.query_end as usize, query.len());
    }
    if matches!(mode, Mode::Exact) && forward && found.stopped.is_none() {
        // Every forward occurrence in a linear sequence of plain bases, letter by letter (dense
        // ambiguity in a stored sequence is not seeded, as the index documents).
        for (group, (stored, circular)) in library.iter().enumerate() {
            let plain = stored.iter().all(|b| b"ACGT".contains(b));
            if *circular || !plain || stored.len() < query.len() {
                continue;
            }
            for start in 0..=stored.len() - query.len() {
                let matches = stored[start..start + query.len()]
                    .iter()
                    .zip(&query)
                    .all(|(&s, &q)| mask(s) & mask(q) != 0);
                if matches {
                    assert!(
                        found.hits.iter().any(|h| h.group == group as u32
                            && h.strand == Strand::Forward
                            && h.start as usize == start),
                        "missed an exact occurrence at {start} of sequence {group}"
                    );
                }
            }
        }
    }
});
