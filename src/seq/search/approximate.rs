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
//! (Myers: O(c · ⌈L/64⌉ · (L + 2d))), every step paid from the search's [`Budget`]: one unit per
//! seed position read, one per text base verified times the Myers block count. Memory: at most
//! [`MAX_CANDIDATES`] candidate windows (24 bytes each), one window of text of at most
//! [`MAX_WINDOW`] + L + 2d bases (Myers keeps ⌈L/64⌉ blocks of traceback state per base of it,
//! which is why [`MAX_QUERY`] bounds the query), and the hits the [`Collector`] holds. A query
//! too degenerate to seed (a piece with no run of [`STRIDE`] offsets each standing for at most
//! [`MAX_EXPANSIONS`] k-mer prefixes of [`MIN_KNOWN`] bases or more) is refused by [`check`]:
//! answering it would mean reading every stored base.

use bio::alignment::AlignmentOperation;
use bio::pattern_matching::myers::{long, Myers, MyersBuilder};

use super::budget::{Collector, Stop};
use super::segment::{expand, mask, Segment, K, STRIDE};
use super::{AlignmentText, Hit, Prepared, Strand};

/// Shortest k-mer prefix looked up (shorter ones would return too much of the table).
pub const MIN_KNOWN: usize = 6;
/// Most k-mers one lookup of an IUPAC-bearing query may expand into.
pub const MAX_EXPANSIONS: usize = 64;
/// Most offsets considered when choosing where to look a piece up.
const MAX_WINDOWS: usize = 32;
/// Most candidate windows one segment's search holds (24 bytes each: 24 MiB); past this the
/// search stops with [`Stop::WorkBudget`].
pub const MAX_CANDIDATES: usize = 1 << 20;
/// Overlapping candidate windows are merged up to this many bases (beyond, a new window starts;
/// they overlap, and the collector drops the hits found twice).
pub const MAX_WINDOW: i64 = 16 * 1024;
/// Longest query exact and approximate search take: Myers' traceback keeps ⌈L/64⌉ 16-byte
/// blocks per base of a window, so a window costs about `L² / 4` bytes (25 MiB at this length).
pub const MAX_QUERY: usize = 10_000;

/// Piece `piece` (query offsets `[start, end)`) has no run of offsets specific enough to seed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Degenerate {
    pub piece: usize,
    pub start: usize,
    pub end: usize,
}

/// Whether a query (its IUPAC masks) can be searched with at most `d` edits: each of its
/// `d + 1` pieces needs [`min_piece`] bases and a run of [`STRIDE`] offsets whose next
/// [`MIN_KNOWN`]–[`K`] letters stand for at most [`MAX_EXPANSIONS`] k-mer prefixes. Depends on the
/// query alone, so the answer is the same for every library.
pub fn check(masks: &[u8], d: usize) -> Result<(), Degenerate> {
    let l = masks.len();
    let pieces = d + 1;
    // Without ambiguity codes every offset seeds: only the pieces' lengths matter.
    let plain = masks.iter().all(|m| m.count_ones() == 1);
    for p in 0..pieces {
        let (start, end) = (p * l / pieces, (p + 1) * l / pieces);
        let degenerate = Degenerate { piece: p, start, end };
        if end - start < min_piece() {
            return Err(degenerate);
        }
        if plain {
            continue;
        }
        let last = end - STRIDE - (MIN_KNOWN - 1);
        let seedable = (start..=last).any(|a| (a..a + STRIDE).all(|offset| prefixes(masks, offset, end).is_some()));
        if !seedable {
            return Err(degenerate);
        }
    }
    Ok(())
}

/// The shortest piece a query may be cut into.
pub const fn min_piece() -> usize {
    MIN_KNOWN + STRIDE - 1
}

/// The prefixes (as k-mer prefix codes) that query offset `d` stands for, with their length:
/// the longest prefix of `[d, end)` (at most [`K`], at least [`MIN_KNOWN`] letters) that stands
/// for at most [`MAX_EXPANSIONS`] k-mer prefixes, so ambiguity codes after a specific run
/// shorten the lookup instead of spoiling it.
fn prefixes(masks: &[u8], d: usize, end: usize) -> Option<(usize, Vec<u32>)> {
    let longest = (end - d).min(K);
    (MIN_KNOWN..=longest)
        .rev()
        .find_map(|m| Some((m, expand(&masks[d..d + m], MAX_EXPANSIONS)?)))
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

/// Candidate windows for a query of length `l` with at most `d` edits (none when the budget runs
/// out before they are all found).
fn candidates<G: Clone + Eq + std::hash::Hash>(
    segment: &Segment<G>,
    masks: &[u8],
    d: usize,
    out: &mut Collector<G>,
) -> Result<Vec<Window>, Degenerate> {
    let l = masks.len();
    let pieces = d + 1;
    let mut windows = Vec::new();
    for p in 0..pieces {
        let (start, end) = (p * l / pieces, (p + 1) * l / pieces);
        let degenerate = Degenerate { piece: p, start, end };
        if end - start < min_piece() {
            return Err(degenerate);
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
        if best.is_none() && step > 1 {
            // The sampled offsets missed the only specific runs: look at every offset.
            for a in start..=last {
                if let Some(cost) = (a..a + STRIDE).map(&mut cost_at).sum::<Option<usize>>() {
                    if best.is_none_or(|(c, _)| cost < c) {
                        best = Some((cost, a));
                    }
                }
            }
        }
        let (cost, a) = best.ok_or(degenerate)?;
        // Pay for the positions before reading them: a query whose rarest seeds are too common
        // (low-complexity, or degenerate) stops here rather than after filling memory.
        if windows.len() + cost > MAX_CANDIDATES {
            out.budget.halt(Stop::WorkBudget);
            return Ok(Vec::new());
        }
        if !out.spend(cost as u64) {
            return Ok(Vec::new());
        }
        for offset in a..a + STRIDE {
            let (m, list) = prefixes(masks, offset, end).ok_or(degenerate)?;
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

/// Overlapping windows of one entry joined, up to [`MAX_WINDOW`] bases each.
fn merge(mut windows: Vec<Window>) -> Vec<Window> {
    windows.sort_unstable();
    let mut merged: Vec<Window> = Vec::with_capacity(windows.len());
    for w in windows {
        match merged.last_mut() {
            Some(last) if last.entry == w.entry && w.from <= last.to && w.to - last.from <= MAX_WINDOW => {
                last.to = last.to.max(w.to)
            }
            _ => merged.push(w),
        }
    }
    merged
}

/// A match in a window of text: start, end (exclusive), edits, and the Myers path (empty for
/// an exact match).
type Match = (usize, usize, usize, Vec<AlignmentOperation>);

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
    fn find(&mut self, text: &[u8], max: usize) -> Vec<Match> {
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

/// Exact and approximate hits of one strand of the query in one segment, into `out` (until its
/// budget runs out). The query must pass [`check`] for `max_differences`; one that does not
/// finds nothing here.
pub fn search<G: Clone + Eq + std::hash::Hash>(
    segment: &Segment<G>,
    query: &Prepared,
    strand: Strand,
    max_differences: usize,
    with_alignment: bool,
    out: &mut Collector<G>,
) {
    let Ok(windows) = candidates(segment, &query.masks, max_differences, out) else {
        return;
    };
    let mut matcher = (max_differences > 0).then(|| Matcher::new(&query.letters));
    // Myers reads a window once per 64-letter block of the query.
    let blocks = query.letters.len().div_ceil(64) as u64;
    let mut text = Vec::new();
    for window in windows {
        let length = (window.to - window.from) as u64;
        if !out.spend(if matcher.is_some() { length * blocks } else { length }) {
            return;
        }
        let e = window.entry as usize;
        let entry = &segment.entries()[e];
        text.clear();
        segment.letters(e, window.from, window.to, &mut text);
        let found = match matcher.as_mut() {
            Some(matcher) => matcher.find(&text, max_differences),
            None => {
                let (found, compared) = exact_in(&text, &query.masks);
                // Paid after the fact: a window's comparisons are bounded by its length times
                // the query's, and mostly one or two per offset.
                if !out.spend(compared.saturating_sub(length)) && found.is_empty() {
                    return;
                }
                found
            }
        };
        for (from, to, differences, ops) in found {
            let start = window.from + from as i64;
            let span = (to - from) as u32;
            let alignment = with_alignment.then(|| render(&query.letters, &text[from..to], &ops));
            let (matches, columns) = count(&ops, query.letters.len(), differences);
            let going = out.push(Hit {
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
            if !going {
                return;
            }
        }
    }
}

/// Every exact (IUPAC-aware) occurrence of `masks` in `text`, and the letters compared.
fn exact_in(text: &[u8], masks: &[u8]) -> (Vec<Match>, u64) {
    let l = masks.len();
    let mut found = Vec::new();
    let mut compared = 0u64;
    if text.len() < l {
        return (found, compared);
    }
    for s in 0..=text.len() - l {
        let same = text[s..s + l]
            .iter()
            .zip(masks)
            .take_while(|&(&t, &q)| mask(t) & q != 0)
            .count();
        compared += same as u64 + 1;
        if same == l {
            found.push((s, s + l, 0, Vec::new()));
        }
    }
    (found, compared)
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
    use super::super::budget::{Budget, Rank};
    use super::super::segment::SegmentBuilder;
    use super::*;

    fn segment(seqs: &[(&[u8], bool)]) -> Segment<u32> {
        let mut builder = SegmentBuilder::new();
        for (i, (s, circular)) in seqs.iter().enumerate() {
            builder.push(i as u32, 0, s, *circular);
        }
        builder.finish()
    }

    fn run(segment: &Segment<u32>, query: &[u8], d: usize) -> Vec<Hit<u32>> {
        let prepared = Prepared::new(query);
        let mut out = Collector::new(10_000, Rank::Differences, query.len(), Budget::unlimited());
        search(segment, &prepared, Strand::Forward, d, true, &mut out);
        out.finish().0
    }

    fn hits(segment: &Segment<u32>, query: &[u8], d: usize) -> Vec<(u32, u32, u32, u32)> {
        let out = run(segment, query, d);
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
        let out = run(&segment, &query, 2);
        let alignment = out[0].alignment.as_ref().unwrap();
        assert_eq!(alignment.query.replace('-', ""), String::from_utf8_lossy(&query));
        assert_eq!(alignment.target.replace('-', "").len(), out[0].span as usize);
    }

    #[test]
    fn queries_too_degenerate_to_seed_are_refused_whatever_the_library() {
        let masks = |q: &[u8]| Prepared::new(q).masks;
        assert!(
            check(&masks(b"NNNNNNNNNNNNNNNNNNNNAACGTGAG"), 0).is_ok(),
            "seven known bases seed"
        );
        let segment = segment(&[(PLASMID, false)]);
        assert!(hits(&segment, b"NNNNNNNNNNNNNNNNNNNNAACGTGAG", 0).contains(&(0, 15, 28, 0)));
        assert_eq!(
            check(&masks(b"NNNNNNNNNNNN"), 0),
            Err(Degenerate {
                piece: 0,
                start: 0,
                end: 12
            })
        );
        // Six Ws stand for 64 prefixes: looked up (the budget bounds what that costs).
        assert!(check(&masks(&[b'W'; 30]), 0).is_ok());
        assert!(check(&masks(&[b'W'; 5]), 0).is_err());
        // Ambiguity after a specific run shortens the lookup (this is the reverse strand of a
        // query ending in eight known bases).
        assert!(check(&masks(b"TTTTTTTTNNNNNNNNNNNNNNNNNNNN"), 0).is_ok());
        assert!(check(&masks(&[b'N'; 30]), 0).is_err());
        // Each piece of an approximate query must seed on its own.
        let query = [&[b'N'; 20][..], b"AACGTGAGTTTTCGTT"].concat();
        assert!(check(&masks(&query), 0).is_ok());
        assert_eq!(check(&masks(&query), 1).map_err(|d| d.piece), Err(0));
    }

    #[test]
    fn a_query_matching_everywhere_is_bounded_by_the_budget_and_the_hits_held() {
        let poly: Vec<u8> = vec![b'A'; 200_000];
        let segment = segment(&[(&poly, false)]);
        let prepared = Prepared::new(&[b'A'; 40]);
        // Few hits held: the search stops once it holds them (all have no differences).
        let mut out = Collector::new(50, Rank::Differences, 40, Budget::unlimited());
        search(&segment, &prepared, Strand::Forward, 0, false, &mut out);
        let (found, stop) = out.finish();
        assert_eq!((found.len(), stop), (50, Some(Stop::HeldHits)));
        // A small work budget: the candidates alone cost more.
        let mut out = Collector::new(1_000_000, Rank::Differences, 40, Budget::new(1000, None, None));
        search(&segment, &prepared, Strand::Forward, 2, false, &mut out);
        let (found, stop) = out.finish();
        assert_eq!(stop, Some(Stop::WorkBudget));
        assert!(found.is_empty());
    }
}
