//! Owns exact and approximate (edit distance) search over one segment.
//!
//! Pigeonhole filtering: a match with at most `d` edits leaves one of `d + 1` disjoint pieces of
//! the query unedited. Each piece is looked up in the sampled k-mer table through [`STRIDE`]
//! consecutive offsets (one of them lands on a sampled offset of the stored sequence); offsets
//! whose k-mer would run past the piece are looked up as a k-mer *prefix*, which is a contiguous
//! range of the table, so pieces down to [`MIN_KNOWN`] + `STRIDE` - 1 bases work. IUPAC letters in
//! the query expand into every k-mer they stand for (up to [`MAX_EXPANSIONS`]). Each candidate
//! window (the piece's position ± `d`) is then verified: exact search compares IUPAC sets letter
//! by letter; approximate search runs `bio`'s bit-parallel Myers algorithm with the IUPAC letters
//! declared as ambiguities, which also yields the alignment.
//!
//! Cost: O(L) lookups to choose the rarest offsets, then O(c · (L + d)) for `c` candidates
//! (Myers: O(c · ⌈L/64⌉ · (L + 2d))). Memory: the candidate list and one window of text. Queries
//! too degenerate to seed (more than [`MAX_EXPANSIONS`] k-mers per lookup) fall back to a scan of
//! every stored sequence with Myers: O(n · ⌈L/64⌉).

use bio::alignment::AlignmentOperation;
use bio::pattern_matching::myers::{long, Myers, MyersBuilder};

use super::segment::{expand, mask, Segment, K, STRIDE};
use super::{AlignmentText, Hit, Prepared, Strand};

/// Shortest k-mer prefix looked up (shorter ones would return too much of the table).
pub const MIN_KNOWN: usize = 6;
/// Most k-mers one lookup of an IUPAC-bearing query may expand into.
pub const MAX_EXPANSIONS: usize = 64;
/// Most offsets considered when choosing where to look a piece up.
const MAX_WINDOWS: usize = 32;

/// The query could not be seeded; scan instead.
#[derive(Debug)]
pub struct Degenerate;

/// The shortest piece a query may be cut into.
pub const fn min_piece() -> usize {
    MIN_KNOWN + STRIDE - 1
}

/// The prefixes (as k-mer prefix codes) that query offset `d` stands for, with their length,
/// when the known part `[d, end)` is long and specific enough.
fn prefixes(masks: &[u8], d: usize, end: usize) -> Option<(usize, Vec<u32>)> {
    let m = (end - d).min(K);
    if m < MIN_KNOWN {
        return None;
    }
    Some((m, expand(&masks[d..d + m], MAX_EXPANSIONS)?))
}

fn range_of(m: usize, prefix: u32) -> (u32, u32) {
    let shift = 2 * (K - m);
    (prefix << shift, (prefix + 1) << shift)
}

/// A candidate region of entry `entry`: unrolled offsets `[from, to)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct Window {
    entry: u32,
    from: i64,
    to: i64,
}

/// Candidate windows for a query of length `l` with at most `d` edits.
fn candidates<G>(segment: &Segment<G>, masks: &[u8], d: usize) -> Result<Vec<Window>, Degenerate> {
    let l = masks.len();
    let pieces = d + 1;
    let mut windows = Vec::new();
    for p in 0..pieces {
        let (start, end) = (p * l / pieces, (p + 1) * l / pieces);
        if end - start < min_piece() {
            return Err(Degenerate);
        }
        // Choose the run of STRIDE offsets whose lookups return the fewest positions.
        let last = end - STRIDE - (MIN_KNOWN - 1);
        let step = ((last - start) / MAX_WINDOWS).max(1);
        let mut best: Option<(usize, usize)> = None;
        let mut cost_at = |offset: usize| -> Option<usize> {
            let (m, list) = prefixes(masks, offset, end)?;
            Some(
                list.iter()
                    .map(|&prefix| {
                        let (lo, hi) = range_of(m, prefix);
                        segment.positions(lo, hi).len()
                    })
                    .sum(),
            )
        };
        let mut a = start;
        while a <= last {
            let cost: Option<usize> = (a..a + STRIDE).map(&mut cost_at).sum();
            if let Some(cost) = cost {
                if best.is_none_or(|(c, _)| cost < c) {
                    best = Some((cost, a));
                }
            }
            a += step;
        }
        let (_, a) = best.ok_or(Degenerate)?;
        for offset in a..a + STRIDE {
            let (m, list) = prefixes(masks, offset, end).ok_or(Degenerate)?;
            for prefix in list {
                let (lo, hi) = range_of(m, prefix);
                for &pos in segment.positions(lo, hi) {
                    let e = segment.entry_of(pos);
                    if segment.is_dead(e) {
                        continue;
                    }
                    let entry = &segment.entries()[e];
                    let query_start = i64::from(pos - entry.start) - offset as i64;
                    if let Some(window) = window_for(segment, e, query_start, l, d) {
                        windows.push(window);
                    }
                }
            }
        }
    }
    Ok(merge(windows))
}

/// The window where a query placed at unrolled `query_start` of entry `e` could match.
fn window_for<G>(segment: &Segment<G>, e: usize, query_start: i64, l: usize, d: usize) -> Option<Window> {
    let entry = &segment.entries()[e];
    let len = i64::from(entry.len);
    let (l, d) = (l as i64, d as i64);
    if l - d > len {
        return None;
    }
    let (mut from, mut to) = (query_start - d, query_start + l + d);
    if entry.circular {
        let shift = from.div_euclid(len) * len;
        from -= shift;
        to -= shift;
        to = to.min(from + len + l + d);
    } else {
        from = from.max(0);
        to = to.min(len);
        if to - from < l - d {
            return None;
        }
    }
    Some(Window {
        entry: e as u32,
        from,
        to,
    })
}

fn merge(mut windows: Vec<Window>) -> Vec<Window> {
    windows.sort_unstable();
    let mut merged: Vec<Window> = Vec::with_capacity(windows.len());
    for w in windows {
        match merged.last_mut() {
            Some(last) if last.entry == w.entry && w.from <= last.to => last.to = last.to.max(w.to),
            _ => merged.push(w),
        }
    }
    merged
}

/// Myers with the query's IUPAC letters matching every letter whose set they share.
enum Matcher {
    Short(Box<Myers<u64>>),
    Long(long::Myers<u64>),
}

impl Matcher {
    fn new(letters: &[u8]) -> Self {
        const IUPAC: &[u8] = b"ACGTRYSWKMBDHVN";
        let mut builder = MyersBuilder::new();
        for &symbol in IUPAC {
            let equivalents: Vec<u8> = IUPAC
                .iter()
                .copied()
                .filter(|&other| other != symbol && mask(other) & mask(symbol) != 0)
                .collect();
            builder.ambig(symbol, equivalents);
        }
        if letters.len() <= 64 {
            Matcher::Short(Box::new(builder.build_64(letters)))
        } else {
            Matcher::Long(builder.build_long_64(letters))
        }
    }

    /// Best match per cluster of end positions in `text`: (start, end exclusive, distance, ops).
    fn find(&mut self, text: &[u8], max: usize) -> Vec<(usize, usize, usize, Vec<AlignmentOperation>)> {
        macro_rules! run {
            ($myers:expr, $max:expr) => {{
                // Most candidate windows hold no match: check without keeping traceback state.
                if $myers.find_all_end(text.iter(), $max).next().is_none() {
                    return Vec::new();
                }
                let mut matches = $myers.find_all_lazy(text.iter(), $max);
                let mut ends = Vec::new();
                while let Some((end, dist)) = matches.next() {
                    ends.push((end, dist as usize));
                }
                let mut best: Vec<(usize, usize)> = Vec::new();
                let mut previous_end = usize::MAX - 1;
                for (end, dist) in ends {
                    match best.last_mut() {
                        Some(last) if end == previous_end + 1 => {
                            if dist < last.1 {
                                *last = (end, dist);
                            }
                        }
                        _ => best.push((end, dist)),
                    }
                    previous_end = end;
                }
                best.into_iter()
                    .filter_map(|(end, _)| {
                        let mut ops = Vec::new();
                        matches
                            .path_at(end, &mut ops)
                            .map(|(start, dist)| (start, end + 1, dist as usize, ops))
                    })
                    .collect()
            }};
        }
        match self {
            Matcher::Short(myers) => run!(myers, max.min(64) as u8),
            Matcher::Long(myers) => run!(myers, max),
        }
    }
}

/// Exact and approximate hits of one strand of the query in one segment.
pub fn search<G: Clone>(
    segment: &Segment<G>,
    query: &Prepared,
    strand: Strand,
    max_differences: usize,
    with_alignment: bool,
    out: &mut Vec<Hit<G>>,
) {
    let windows = match candidates(segment, &query.masks, max_differences) {
        Ok(windows) => windows,
        Err(Degenerate) => scan_windows(segment, query.letters.len(), max_differences),
    };
    let mut matcher = (max_differences > 0).then(|| Matcher::new(&query.letters));
    let mut text = Vec::new();
    for window in windows {
        let e = window.entry as usize;
        let entry = &segment.entries()[e];
        text.clear();
        segment.letters(e, window.from, window.to, &mut text);
        let found = match matcher.as_mut() {
            Some(matcher) => matcher.find(&text, max_differences),
            None => exact_in(&text, &query.masks),
        };
        for (from, to, differences, ops) in found {
            let start = window.from + from as i64;
            let span = (to - from) as u32;
            let alignment = with_alignment.then(|| render(&query.letters, &text[from..to], &ops));
            let (matches, columns) = count(&ops, query.letters.len(), differences);
            out.push(Hit {
                group: entry.group.clone(),
                tag: entry.tag,
                strand,
                start: start.rem_euclid(i64::from(entry.len)) as u32,
                span,
                sequence_length: entry.len,
                circular: entry.circular,
                query_start: 0,
                query_end: query.letters.len() as u32,
                differences: differences as u32,
                matches,
                columns,
                score: 0,
                bit_score: None,
                evalue: None,
                alignment,
            });
        }
    }
}

fn scan_windows<G>(segment: &Segment<G>, l: usize, d: usize) -> Vec<Window> {
    segment
        .entries()
        .iter()
        .enumerate()
        .filter(|(e, _)| !segment.is_dead(*e))
        .filter(|(_, entry)| entry.len as usize + d >= l)
        .map(|(e, entry)| {
            let len = i64::from(entry.len);
            let to = if entry.circular { len + (l + d) as i64 - 1 } else { len };
            Window {
                entry: e as u32,
                from: 0,
                to,
            }
        })
        .collect()
}

/// Every exact (IUPAC-aware) occurrence of `masks` in `text`.
fn exact_in(text: &[u8], masks: &[u8]) -> Vec<(usize, usize, usize, Vec<AlignmentOperation>)> {
    let l = masks.len();
    if text.len() < l {
        return Vec::new();
    }
    (0..=text.len() - l)
        .filter(|&s| text[s..s + l].iter().zip(masks).all(|(&t, &q)| mask(t) & q != 0))
        .map(|s| (s, s + l, 0, Vec::new()))
        .collect()
}

/// Matching letters and alignment columns of a Myers path (an exact hit has no path).
fn count(ops: &[AlignmentOperation], l: usize, differences: usize) -> (u32, u32) {
    if ops.is_empty() {
        return ((l - differences) as u32, l as u32);
    }
    let matches = ops.iter().filter(|op| matches!(op, AlignmentOperation::Match)).count();
    (matches as u32, ops.len() as u32)
}

/// Three lines: query, match marks, stored sequence. In `bio`'s Myers paths `Ins` is a letter of
/// the pattern (query) with no counterpart in the text and `Del` the reverse.
pub(super) fn render(query: &[u8], target: &[u8], ops: &[AlignmentOperation]) -> AlignmentText {
    if ops.is_empty() {
        let midline = query
            .iter()
            .zip(target)
            .map(|(a, b)| if a == b { '|' } else { ':' })
            .collect();
        return AlignmentText {
            query: String::from_utf8_lossy(query).into_owned(),
            midline,
            target: String::from_utf8_lossy(target).into_owned(),
        };
    }
    let (mut q, mut m, mut t) = (String::new(), String::new(), String::new());
    let (mut i, mut j) = (0usize, 0usize);
    for op in ops {
        match op {
            AlignmentOperation::Match | AlignmentOperation::Subst => {
                let (a, b) = (query[i], target[j]);
                q.push(a as char);
                t.push(b as char);
                m.push(if a == b {
                    '|'
                } else if mask(a) & mask(b) != 0 {
                    ':'
                } else {
                    ' '
                });
                i += 1;
                j += 1;
            }
            AlignmentOperation::Ins => {
                q.push(query[i] as char);
                t.push('-');
                m.push(' ');
                i += 1;
            }
            AlignmentOperation::Del => {
                q.push('-');
                t.push(target[j] as char);
                m.push(' ');
                j += 1;
            }
            _ => {}
        }
    }
    AlignmentText {
        query: q,
        midline: m,
        target: t,
    }
}

#[cfg(test)]
mod tests {
    use super::super::segment::SegmentBuilder;
    use super::*;

    fn segment(seqs: &[(&[u8], bool)]) -> Segment<u32> {
        let mut builder = SegmentBuilder::new();
        for (i, (s, circular)) in seqs.iter().enumerate() {
            builder.push(i as u32, 0, s, *circular);
        }
        builder.finish()
    }

    fn hits(segment: &Segment<u32>, query: &[u8], d: usize) -> Vec<(u32, u32, u32, u32)> {
        let prepared = Prepared::new(query);
        let mut out = Vec::new();
        search(segment, &prepared, Strand::Forward, d, true, &mut out);
        let mut found: Vec<_> = out.iter().map(|h| (h.group, h.start, h.span, h.differences)).collect();
        found.sort();
        found
    }

    const PLASMID: &[u8] =
        b"GATCCTTTTTGATAATCTCATGACCAAAATCCCTTAACGTGAGTTTTCGTTCCACTGAGCGTCAGACCCCGTAGAAAAGATCAAAGGATCTTCTTGAGATCC";

    #[test]
    fn finds_every_exact_occurrence_at_every_offset() {
        let segment = segment(&[(PLASMID, false)]);
        for start in 0..PLASMID.len() - 20 {
            for l in [8usize, 9, 13, 20] {
                if start + l > PLASMID.len() {
                    continue;
                }
                let query = &PLASMID[start..start + l];
                let found = hits(&segment, query, 0);
                assert!(
                    found.contains(&(0, start as u32, l as u32, 0)),
                    "{} at {start}: {found:?}",
                    String::from_utf8_lossy(query)
                );
            }
        }
    }

    #[test]
    fn finds_matches_across_the_origin_of_circular_sequences() {
        let segment = segment(&[(PLASMID, true)]);
        let n = PLASMID.len();
        for back in 1..15 {
            let query = [&PLASMID[n - back..], &PLASMID[..20]].concat();
            let found = hits(&segment, &query, 0);
            assert!(
                found.contains(&(0, (n - back) as u32, query.len() as u32, 0)),
                "{back}: {found:?}"
            );
        }
        let linear = self::segment(&[(PLASMID, false)]);
        let query = [&PLASMID[n - 10..], &PLASMID[..20]].concat();
        assert!(hits(&linear, &query, 0).is_empty(), "linear sequences do not wrap");
    }

    #[test]
    fn iupac_letters_match_the_bases_they_stand_for() {
        let segment = segment(&[(PLASMID, false), (b"AAAAAAGGTNACCAAAAAAAAAA", false)]);
        // GGTNACC (a BstEII site) plus context; N in the query matches any base.
        let found = hits(&segment, b"CAAAGGATCNTCTTGAG", 0);
        assert_eq!(found, vec![(0, 81, 17, 0)]);
        // A stored N matches any query base.
        let found = hits(&segment, b"AAGGTCACCAAAA", 0);
        assert_eq!(found, vec![(1, 4, 13, 0)]);
        // R is A or G, never C.
        assert_eq!(hits(&segment, b"CAAAGGATCRTCTTGAG", 0).len(), 0);
    }

    #[test]
    fn approximate_search_counts_edits() {
        let segment = segment(&[(PLASMID, false)]);
        let mut query = PLASMID[30..70].to_vec();
        query[10] = b'A';
        query.remove(25);
        assert!(hits(&segment, &query, 0).is_empty());
        assert!(hits(&segment, &query, 1).is_empty());
        let found = hits(&segment, &query, 2);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!((found[0].0, found[0].3), (0, 2));
        let mut out = Vec::new();
        search(&segment, &Prepared::new(&query), Strand::Forward, 2, true, &mut out);
        let alignment = out[0].alignment.as_ref().unwrap();
        assert_eq!(alignment.query.replace('-', ""), String::from_utf8_lossy(&query));
        assert_eq!(alignment.target.replace('-', "").len(), out[0].span as usize);
    }

    #[test]
    fn degenerate_queries_fall_back_to_a_scan() {
        let segment = segment(&[(PLASMID, false)]);
        let query = b"NNNNNNNNNNNNNNNNNNNNAACGTGAG";
        let found = hits(&segment, query, 0);
        assert!(found.contains(&(0, 15, 28, 0)), "{found:?}");
    }
}
