//! Owns similarity (local alignment) search over one segment, BLAST-style: seed, ungapped
//! extension, gapped extension, Karlin–Altschul statistics.
//!
//! 1. Seeds: every unambiguous 11-mer of the query (each strand) outside its low-complexity
//!    regions ([`super::dust`], as blastn masks its lookup table by default) is looked up in the sampled
//!    table, so an alignment is found when it holds an exact run of `K + STRIDE - 1` = 12 bases
//!    (blastn's default needs 11). Hits are sorted by (sequence, diagonal, query offset).
//! 2. Ungapped X-drop extension of each hit not already covered by an extension on its diagonal
//!    (or by a high-scoring one on a diagonal nearby); extensions scoring at least
//!    [`GAP_TRIGGER`] go on. The first, boundary-free pass over the raw text compares 28 bases
//!    per XOR of packed words, and prefetches the text of the seed 16 places ahead: seeds are
//!    sorted by diagonal, their text reads are scattered over the whole index, and overlapping
//!    those cache misses made this stage about 1.5× faster on the benchmark corpus.
//! 3. Gapped X-drop extension in both directions from the seed, in a band that re-centres on
//!    each row's best cell, so slow indel drift is followed: ±[`NARROW_BAND`] diagonals first,
//!    and ±[`BAND`] again where the narrow band may have cut the alignment (the traced path, or a
//!    row's best cell near the best score, reached its edge). Affine gaps, the blastn defaults:
//!    match 2, mismatch −3, gap 5 + 2 per base. Extensions contained in an alignment already made
//!    are skipped.
//! 4. E-value with blastn's parameters for that scoring (λ 0.625, K 0.41, H 0.78) over the
//!    whole index (all live bases and sequences), with the usual length adjustment.
//!
//! Cost per strand: O(L) lookups, O(h log h) for `h` seed hits, O(h · x) ungapped extension, and
//! O(a · B · L) for `a` gapped extensions; memory O(h + B), with `h` at most [`MAX_SEEDS`]. Each
//! stage is paid from the search's [`Budget`](super::budget::Budget) first (a unit per seed
//! position, [`UNGAPPED_COST`] per ungapped extension, one per band cell of a gapped one), so a
//! search stops where its budget runs out, with the hits found so far. Written here because `bio` has
//! banded *global* alignment (`alignment::pairwise::banded`) but no seed-and-extend local search
//! over an index, and its full `pairwise::Aligner` is O(n·m) in time and memory; the extension
//! here keeps one byte per band cell and traces the reported alignment back from it.

use bio::alignment::AlignmentOperation;

use super::approximate::render;
use super::budget::{Collector, Stop};
use super::segment::{mask, mismatches, word, Segment, K, WORD_BASES};
use super::{Hit, Prepared, SimilarityParams, Strand};

pub(super) const MATCH: i32 = 2;
pub(super) const MISMATCH: i32 = -3;
pub(super) const GAP_OPEN: i32 = 5;
pub(super) const GAP_EXTEND: i32 = 2;
const LAMBDA: f64 = 0.625;
const KAPPA: f64 = 0.41;
const ENTROPY: f64 = 0.78;
/// Ungapped extension stops this far below its best score.
const UNGAPPED_XDROP: i32 = 22;
/// Ungapped extensions scoring this much go on to gapped extension.
pub const GAP_TRIGGER: i32 = 36;
/// Gapped extension stops when a whole row is this far below the best score.
const GAPPED_XDROP: i32 = 60;
/// Half-width of the gapped extension band.
const BAND: usize = 16;
/// Half-width of the band tried first (see [`Extension::near_edge`]).
const NARROW_BAND: usize = 6;
const PRELIMINARY_NARROW_BAND: usize = 6;
/// The preliminary gapped extension (which decides whether an HSP is worth the full one):
/// narrower band, smaller X-drop.
const PRELIMINARY_BAND: usize = 10;
/// How far below the needed score an entry's HSPs may sum and still be extended with gaps.
const HSP_SLACK: i32 = 48;
const PRELIMINARY_XDROP: i32 = 40;
/// Seeds whose k-mer occurs more often than this in one segment are skipped (repeats).
const MAX_OCCURRENCES: usize = 20_000;
/// Most seed hits one strand's search of one segment holds (8 bytes each: 64 MiB); past this the
/// search stops with [`Stop::WorkBudget`]. A 100,000-base query whose every 11-mer is as common
/// as in a random 126 Mbp library makes about 1.5 million.
pub const MAX_SEEDS: usize = 1 << 23;
/// Work units charged per seed extended without gaps (about the bases it compares).
const UNGAPPED_COST: u64 = 32;
pub(super) const NEG: i32 = i32::MIN / 4;
/// How many seeds ahead the text is prefetched.
const PREFETCH_AHEAD: usize = 16;
/// How many query k-mers ahead their table entry (twice this) and positions are prefetched.
const PREFETCH_KMERS: usize = 8;

/// The database a search runs against, for E-values.
#[derive(Debug, Clone, Copy)]
pub struct Database {
    pub bases: u64,
    pub sequences: u64,
}

/// Bit score of a raw score.
pub fn bit_score(score: i32) -> f64 {
    (LAMBDA * f64::from(score) - KAPPA.ln()) / std::f64::consts::LN_2
}

/// `K m' n'`: the effective search space (with the length adjustment) times K.
fn search_space(query_len: usize, db: Database) -> f64 {
    let (m, n, count) = (query_len as f64, db.bases.max(1) as f64, db.sequences.max(1) as f64);
    let mut adjust = 0.0;
    for _ in 0..5 {
        let em = (m - adjust).max(1.0);
        let en = (n - count * adjust).max(1.0);
        adjust = ((KAPPA * em * en).ln() / ENTROPY).max(0.0);
    }
    let em = (m - adjust).max(1.0 / KAPPA);
    let en = (n - count * adjust).max(1.0 / KAPPA);
    KAPPA * em * en
}

/// E-value of a raw score for a query of `query_len` bases against `db`.
pub fn evalue(score: i32, query_len: usize, db: Database) -> f64 {
    search_space(query_len, db) * (-LAMBDA * f64::from(score)).exp()
}

/// The least raw score whose E-value is at most `max_evalue`.
pub fn min_score(max_evalue: f64, query_len: usize, db: Database) -> i32 {
    ((search_space(query_len, db) / max_evalue).ln() / LAMBDA)
        .ceil()
        .max(1.0) as i32
}

#[inline]
fn pair(a: u8, b: u8) -> i32 {
    if a & b != 0 {
        MATCH
    } else {
        MISMATCH
    }
}

/// Mask of the stored base at unrolled offset `i` of entry `e` (0 outside a linear entry).
#[inline]
fn target_mask<G>(segment: &Segment<G>, e: usize, i: i64) -> u8 {
    match segment.code_at(e, i) {
        Some(c) if c < 4 => 1 << c,
        Some(_) => segment.letter_at(e, i).map(mask).unwrap_or(0),
        None => 0,
    }
}

#[derive(Debug, Clone, Copy)]
struct Hsp {
    diagonal: i64,
    query_from: usize,
    query_to: usize,
    score: i32,
    seed: usize,
}

/// X-drop over a run of column scores: the best prefix sum, the number of columns up to it, and
/// how many columns were read before the score fell [`UNGAPPED_XDROP`] below that best.
#[inline]
fn xdrop(columns: impl Iterator<Item = i32>) -> (i32, usize, usize) {
    let (mut score, mut best, mut at, mut read) = (0, 0, 0, 0);
    for column in columns {
        score += column;
        read += 1;
        if score > best {
            best = score;
            at = read;
        } else if best - score > UNGAPPED_XDROP {
            break;
        }
    }
    (best, at, read)
}

/// Score of query letter `i` against a stored 2-bit code.
#[inline]
fn column(query: &Prepared, i: usize, stored: u8) -> i32 {
    let c = query.codes[i];
    if c == stored || (c > 3 && query.masks[i] >> stored & 1 == 1) {
        MATCH
    } else {
        MISMATCH
    }
}

/// Ungapped X-drop extension of the seed at query offset `q` on `diagonal`: (score, from, to).
/// Reads the packed text directly unless the stored sequence has ambiguity codes; never covers
/// more than one turn of a circular sequence.
fn ungapped<G>(segment: &Segment<G>, e: usize, query: &Prepared, q: usize, diagonal: i64) -> (i32, usize, usize) {
    let entry = &segment.entries()[e];
    if entry.ambiguous {
        return ungapped_masks(segment, e, &query.masks, q, diagonal);
    }
    let len = i64::from(entry.len);
    let first = diagonal + q as i64;
    let start = if entry.circular { first.rem_euclid(len) } else { first };
    let at = |i: usize, x: i64| column(query, i, segment.base_code(entry.start + x as u32));
    let right = (q..query.codes.len()).take(len as usize).scan(start, |x, i| {
        if *x == len {
            if !entry.circular {
                return None;
            }
            *x = 0;
        }
        *x += 1;
        Some(at(i, *x - 1))
    });
    let (right, to, read) = xdrop(right);
    let left = (0..q)
        .rev()
        .take((len as usize).saturating_sub(read))
        .scan(start - 1, |x, i| {
            if *x < 0 {
                if !entry.circular {
                    return None;
                }
                *x = len - 1;
            }
            *x -= 1;
            Some(at(i, *x + 1))
        });
    let (left, from, _) = xdrop(left);
    (right + left, q - from, q + to)
}

/// Ungapped X-drop extension over the raw text around the seed at query offset `q` on text
/// diagonal `diagonal`, ignoring where stored sequences begin and end: (score, query end).
///
/// Compares [`WORD_BASES`] bases at a time (an XOR of packed words) and walks the mismatch bits;
/// queries with ambiguity codes go column by column through their masks.
#[inline]
fn raw_ungapped<G>(segment: &Segment<G>, query: &Prepared, q: usize, diagonal: i64, total: i64) -> (i32, usize) {
    if query.ambiguous {
        return raw_ungapped_columns(segment, query, q, diagonal, total);
    }
    let p = (diagonal + q as i64) as usize;
    let total = total as usize;
    // Right of the seed (inclusive): chunks read forwards.
    let right_limit = (query.codes.len() - q).min(total - p);
    let (mut score, mut best, mut best_at, mut done) = (0i32, 0i32, 0usize, 0usize);
    'right: while done < right_limit {
        let n = WORD_BASES.min(right_limit - done);
        let mut bits = mismatches(segment.text_word((p + done) as u32), word(&query.packed, q + done));
        if bits & low_columns(n) == 0 {
            score += MATCH * n as i32;
            (best, best_at) = (score, done + n);
        } else {
            for c in 0..n {
                score += if bits & 1 == 0 { MATCH } else { MISMATCH };
                bits >>= 2;
                if score > best {
                    (best, best_at) = (score, done + c + 1);
                } else if best - score > UNGAPPED_XDROP {
                    break 'right;
                }
            }
        }
        done += n;
    }
    let right = best;
    // Left of the seed: chunks read backwards, columns walked from the high end.
    let left_limit = q.min(p);
    let (mut score, mut best, mut done) = (0i32, 0i32, 0usize);
    'left: while done < left_limit {
        let n = WORD_BASES.min(left_limit - done);
        let bits = mismatches(
            segment.text_word((p - done - n) as u32),
            word(&query.packed, q - done - n),
        );
        if bits & low_columns(n) == 0 {
            score += MATCH * n as i32;
            best = score;
        } else {
            for c in (0..n).rev() {
                score += if bits >> (2 * c) & 1 == 0 { MATCH } else { MISMATCH };
                if score > best {
                    best = score;
                } else if best - score > UNGAPPED_XDROP {
                    break 'left;
                }
            }
        }
        done += n;
    }
    (right + best, q + best_at)
}

/// [`raw_ungapped`] one column at a time, through the query's masks.
fn raw_ungapped_columns<G>(
    segment: &Segment<G>,
    query: &Prepared,
    q: usize,
    diagonal: i64,
    total: i64,
) -> (i32, usize) {
    let at = |i: usize| column(query, i, segment.base_code((diagonal + i as i64) as u32));
    let (right, to, _) = xdrop(
        (q..query.codes.len())
            .take_while(|&i| diagonal + (i as i64) < total)
            .map(at),
    );
    let (left, _, _) = xdrop((0..q).rev().take_while(|&i| diagonal + (i as i64) >= 0).map(at));
    (right + left, q + to)
}

/// The mismatch bits of the first `n` columns of a word (see [`mismatches`]).
#[inline]
fn low_columns(n: usize) -> u64 {
    0x5555_5555_5555_5555 & ((1u64 << (2 * n)) - 1)
}

/// [`ungapped`] through IUPAC masks, for stored sequences with ambiguity codes.
fn ungapped_masks<G>(segment: &Segment<G>, e: usize, masks: &[u8], q: usize, diagonal: i64) -> (i32, usize, usize) {
    let (lo, hi) = bound(segment, e);
    let pairs = |i: usize| (i, target_mask(segment, e, diagonal + i as i64));
    let (right, to, _) = xdrop(
        (q..masks.len())
            .take_while(|&i| (i as i64 + diagonal) < hi)
            .map(pairs)
            .take_while(|&(_, t)| t != 0)
            .map(|(i, t)| pair(masks[i], t)),
    );
    let (left, from, _) = xdrop(
        (0..q)
            .rev()
            .take_while(|&i| (i as i64 + diagonal) >= lo)
            .map(pairs)
            .take_while(|&(_, t)| t != 0)
            .map(|(i, t)| pair(masks[i], t)),
    );
    (right + left, q - from, q + to)
}

/// Unrolled offsets an alignment on entry `e` may use: the sequence, or two turns of a circular
/// one (an alignment never covers more than one turn; see [`search`]).
fn bound<G>(segment: &Segment<G>, e: usize) -> (i64, i64) {
    let entry = &segment.entries()[e];
    let len = i64::from(entry.len);
    if entry.circular {
        (-len, 2 * len)
    } else {
        (0, len)
    }
}

/// The best extension of `query` against `target`, both starting at the anchor.
#[derive(Debug, Clone, Default, PartialEq)]
pub(super) struct Extension {
    score: i32,
    query_len: usize,
    target_len: usize,
    /// Alignment operations from the anchor outwards (only when traced).
    ops: Vec<Op>,
    /// Whether the band may have cut the alignment short: the traced path, or a row's best cell
    /// close to the best score, came within one cell of the band's edge.
    near_edge: bool,
}

/// One alignment column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Op {
    /// A query letter against a stored letter (matching or not).
    Pair,
    /// A query letter against a gap.
    QueryOnly,
    /// A stored letter against a gap.
    TargetOnly,
}

// Traceback bits of a cell: where H came from, and whether E / F were opened here.
pub(super) const FROM_DIAGONAL: u8 = 0;
pub(super) const FROM_E: u8 = 1;
pub(super) const FROM_F: u8 = 2;
pub(super) const E_OPENED: u8 = 4;
pub(super) const F_OPENED: u8 = 8;

/// Banded, X-drop, affine-gap extension from (0, 0); the band follows each row's best cell.
///
/// Rows are query letters, columns stored letters; each row computes `2 band + 1` cells around
/// the column after the previous row's best cell, as a fixed number of lanes (16, 32 or 48, the
/// spare ones held at −∞) so that every step of a row is a loop of known length over arrays
/// that the compiler turns into SIMD; [`extend`] is compiled for AVX2 and SSE4.1 as well as the
/// x86-64 baseline and picks the best the CPU has when called. One byte of traceback per cell is
/// written; with `trace` the rows are kept and the best path is traced back into
/// [`Extension::ops`]: O(n · band) time, and O(band) memory (O(n · band) traced).
fn extend(query: &[u8], target: &[u8], band: usize, xdrop: i32, trace: bool) -> Extension {
    #[cfg(target_arch = "x86_64")]
    if band <= super::extend_avx2::MAX_BAND && std::arch::is_x86_feature_detected!("avx2") {
        // SAFETY: the CPU has AVX2 (checked just above).
        return unsafe { super::extend_avx2::extend(query, target, band, xdrop, trace) };
    }
    extend_portable(query, target, band, xdrop, trace)
}

/// [`extend`] without hand-written SIMD, compiled for AVX2 and SSE4.1 as well as the x86-64
/// baseline.
#[multiversion::multiversion(targets("x86_64+avx2", "x86_64+sse4.1"))]
fn extend_portable(query: &[u8], target: &[u8], band: usize, xdrop: i32, trace: bool) -> Extension {
    match 2 * band + 1 {
        0..=16 => extend_lanes::<16>(query, target, band, xdrop, trace),
        17..=32 => extend_lanes::<32>(query, target, band, xdrop, trace),
        width => {
            assert!(width <= 48, "band {band} is wider than the extension supports");
            extend_lanes::<48>(query, target, band, xdrop, trace)
        }
    }
}

/// [`extend`] with `W` lanes per row (`W ≥ 2 band + 1`).
#[inline(always)]
fn extend_lanes<const W: usize>(query: &[u8], target: &[u8], band: usize, xdrop: i32, trace: bool) -> Extension {
    let (n, m) = (query.len(), target.len());
    let width = 2 * band + 1;
    debug_assert!(width <= W);
    // Stored letters by column (1-based; column 0 and everything past the end match nothing),
    // so a row's lanes read `stored[lo..lo + W]`.
    let mut stored = vec![0u8; m + W + 1];
    stored[1..=m].copy_from_slice(target);
    // h/f of the previous and current rows: cell (row, j) lives at `W + j - lo(row)`; the
    // `W` cells either side stay −∞, so a row may read its diagonal and vertical predecessors
    // at any shift the band can make.
    let pad = W;
    let mut previous_h = vec![NEG; 3 * W];
    let mut previous_f = vec![NEG; 3 * W];
    let mut current_h = vec![NEG; 3 * W];
    let mut current_f = vec![NEG; 3 * W];
    let mut bits: Vec<u8> = vec![0; W];
    let mut los: Vec<usize> = vec![0];
    let row0_hi = m.min(band);
    for j in 0..=row0_hi {
        previous_h[pad + j] = if j == 0 { 0 } else { -(GAP_OPEN + GAP_EXTEND * j as i32) };
    }
    for (j, b) in bits.iter_mut().enumerate().take(row0_hi + 1).skip(1) {
        *b = FROM_E | if j == 1 { E_OPENED } else { 0 };
    }
    let mut state = Band::new(band, m);
    let mut previous_lo = 0usize;
    let (mut f, mut diagonal, mut h0, mut e, mut h) = ([NEG; W], [NEG; W], [NEG; W], [NEG; W], [NEG; W]);
    let mut left = [NEG; W];
    let mut row_bits = [0u8; W];
    for i in 1..=n {
        let Some((lo, hi)) = state.row() else { break };
        let count = hi - lo + 1;
        // The previous row's cell for column `lo` (the cell above this row's first one).
        let above = (pad + lo) - previous_lo;
        let q = query[i - 1];
        let diagonal_h: &[i32; W] = previous_h[above - 1..above - 1 + W].try_into().expect("padded");
        let up_h: &[i32; W] = previous_h[above..above + W].try_into().expect("padded");
        let up_f: &[i32; W] = previous_f[above..above + W].try_into().expect("padded");
        let letters: &[u8; W] = stored[lo..lo + W].try_into().expect("padded");
        // a. Everything that comes from the row above: the diagonal move and vertical gaps
        //    (column 0's diagonal predecessor reads −∞ from the padding).
        for k in 0..W {
            f[k] = (up_h[k] - GAP_OPEN - GAP_EXTEND).max(up_f[k] - GAP_EXTEND);
            diagonal[k] = diagonal_h[k] + if q & letters[k] != 0 { MATCH } else { MISMATCH };
            h0[k] = diagonal[k].max(f[k]);
        }
        // b. Horizontal gaps. E(k) = max(h0(k − 1) − open, E(k − 1) − extend) unrolls to the
        //    best over j < k of h0(j) − open − extend · (k − j − 1): a running maximum of
        //    h0(j) + extend · j. (Opening from the left cell's best without E gives the same E: a
        //    gap opened from a cell whose best is itself an E is never better than extending
        //    that E.) The first lane's left neighbour is outside the band (−∞).
        left[0] = NEG;
        left[1..].copy_from_slice(&h0[..W - 1]);
        let mut run = NEG + GAP_OPEN;
        for k in 0..W {
            run = run.max(left[k] + GAP_EXTEND * k as i32);
            e[k] = run - GAP_OPEN - GAP_EXTEND - GAP_EXTEND * k as i32;
        }
        // c. The cells, with the lanes past the band's end at −∞.
        let mut best_here = NEG;
        for k in 0..W {
            let valid = k < count;
            h[k] = if valid { h0[k].max(e[k]) } else { NEG };
            f[k] = if valid { f[k] } else { NEG };
            best_here = best_here.max(h[k]);
        }
        current_h[pad..pad + W].copy_from_slice(&h);
        current_f[pad..pad + W].copy_from_slice(&f);
        if trace {
            for k in 0..W {
                let from = if f[k] > diagonal[k].max(e[k]) {
                    FROM_F
                } else if e[k] > diagonal[k] {
                    FROM_E
                } else {
                    FROM_DIAGONAL
                };
                let e_opened = if e[k] == left[k] - GAP_OPEN - GAP_EXTEND {
                    E_OPENED
                } else {
                    0
                };
                let f_opened = if f[k] == up_h[k] - GAP_OPEN - GAP_EXTEND {
                    F_OPENED
                } else {
                    0
                };
                row_bits[k] = from | e_opened | f_opened;
            }
            bits.extend_from_slice(&row_bits);
            los.push(lo);
        }
        // The row's best cell (the leftmost of equals).
        let row_best = best_here;
        let row_best_j = lo + h.iter().position(|&v| v == best_here).unwrap_or(0);
        if !state.close_row(i, lo, hi, row_best, row_best_j, xdrop) {
            break;
        }
        std::mem::swap(&mut previous_h, &mut current_h);
        std::mem::swap(&mut previous_f, &mut current_f);
        previous_lo = lo;
    }
    state.finish(trace.then_some((&bits[..], &los[..], W)))
}

/// Where each row's band lies and how an extension stands, for both kernels: the band is the
/// `2 band + 1` columns around the column after the previous row's best cell.
pub(super) struct Band {
    band: usize,
    columns: usize,
    best: i32,
    best_i: usize,
    best_j: usize,
    near_edge: bool,
    previous_best_j: usize,
}

impl Band {
    /// Row 0 of a `band` over `columns` stored letters.
    pub(super) fn new(band: usize, columns: usize) -> Band {
        Band {
            band,
            columns,
            best: 0,
            best_i: 0,
            best_j: 0,
            near_edge: false,
            previous_best_j: 0,
        }
    }

    /// The first and last column of the next row, or `None` past the stored letters.
    pub(super) fn row(&self) -> Option<(usize, usize)> {
        let center = self.previous_best_j + 1;
        let (lo, hi) = (center.saturating_sub(self.band), (center + self.band).min(self.columns));
        (lo <= hi).then_some((lo, hi))
    }

    /// Takes row `i`'s best cell (`row_best` at column `row_best_j`); false when the row fell
    /// `xdrop` below the best, which ends the extension.
    pub(super) fn close_row(
        &mut self,
        i: usize,
        lo: usize,
        hi: usize,
        row_best: i32,
        row_best_j: usize,
        xdrop: i32,
    ) -> bool {
        if row_best > self.best {
            (self.best, self.best_i, self.best_j) = (row_best, i, row_best_j);
        }
        let width = 2 * self.band + 1;
        let at_edge = (row_best_j <= lo + 1 && lo > 0) || (row_best_j + 1 >= lo + width - 1 && hi < self.columns);
        self.near_edge |= at_edge && row_best >= self.best - (GAP_OPEN + GAP_EXTEND * self.band as i32);
        self.previous_best_j = row_best_j;
        row_best >= self.best - xdrop
    }

    /// The extension, traced back through `(bits, los, stride)` when those were kept.
    pub(super) fn finish(self, traced: Option<(&[u8], &[usize], usize)>) -> Extension {
        let mut extension = Extension {
            score: self.best,
            query_len: self.best_i,
            target_len: self.best_j,
            ops: Vec::new(),
            near_edge: self.near_edge,
        };
        if let Some((bits, los, stride)) = traced {
            let width = 2 * self.band + 1;
            let (ops, path_near_edge) = traceback(bits, los, stride, width, self.best_i, self.best_j);
            extension.ops = ops;
            extension.near_edge |= path_near_edge;
        }
        extension
    }
}

/// Follows the traceback bits from (i, j) to (0, 0); the operations come out anchor first, with
/// whether the path came within one cell of an edge of the band (away from column 0).
fn traceback(bits: &[u8], los: &[usize], stride: usize, width: usize, mut i: usize, mut j: usize) -> (Vec<Op>, bool) {
    #[derive(Clone, Copy, PartialEq)]
    enum State {
        H,
        E,
        F,
    }
    let cell = |i: usize, j: usize| bits[i * stride + (j - los[i])];
    let mut ops = Vec::with_capacity(i + j);
    let mut state = State::H;
    let mut near_edge = false;
    while i > 0 || j > 0 {
        near_edge |= (j <= los[i] + 1 && los[i] > 0) || j + 2 >= los[i] + width;
        let b = cell(i, j);
        match state {
            State::H => match b & 3 {
                FROM_E => state = State::E,
                FROM_F => state = State::F,
                _ => {
                    ops.push(Op::Pair);
                    i -= 1;
                    j -= 1;
                }
            },
            State::E => {
                ops.push(Op::TargetOnly);
                if b & E_OPENED != 0 {
                    state = State::H;
                }
                j -= 1;
            }
            State::F => {
                ops.push(Op::QueryOnly);
                if b & F_OPENED != 0 {
                    state = State::H;
                }
                i -= 1;
            }
        }
    }
    ops.reverse();
    (ops, near_edge)
}

/// An alignment found on one entry.
#[derive(Debug, Clone)]
struct Local {
    query_from: usize,
    query_to: usize,
    target_from: i64,
    target_to: i64,
    score: i32,
    /// Operations from `query_from`/`target_from` on (only after the final extension).
    ops: Vec<Op>,
}

impl Local {
    fn covers(&self, hsp: &Hsp) -> bool {
        let (d0, d1) = (
            self.target_from - self.query_from as i64,
            self.target_to - self.query_to as i64,
        );
        let (lo, hi) = (d0.min(d1) - BAND as i64, d0.max(d1) + BAND as i64);
        self.query_from <= hsp.query_from && hsp.query_to <= self.query_to && hsp.diagonal >= lo && hsp.diagonal <= hi
    }
}

/// The masks of `count` stored bases of entry `e` from unrolled offset `from`, stepping by
/// `step` (±1), into `out`; stops at a linear sequence's end.
fn fill_masks<G>(segment: &Segment<G>, e: usize, from: i64, count: i64, step: i64, out: &mut Vec<u8>) {
    out.clear();
    let entry = &segment.entries()[e];
    if entry.ambiguous {
        out.extend((0..count.max(0)).map(|k| target_mask(segment, e, from + k * step)));
        return;
    }
    let len = i64::from(entry.len);
    let mut x = if entry.circular { from.rem_euclid(len) } else { from };
    for _ in 0..count.max(0) {
        if x < 0 || x >= len {
            if !entry.circular {
                break;
            }
            x = x.rem_euclid(len);
        }
        out.push(1 << segment.base_code(entry.start + x as u32));
        x += step;
    }
}

/// Gapped extension around the seed of `hsp`.
fn gapped<G>(
    segment: &Segment<G>,
    e: usize,
    masks: &[u8],
    hsp: &Hsp,
    (band, wide, xdrop, trace): (usize, usize, i32, bool),
    scratch: &mut Vec<u8>,
) -> Local {
    // The narrow band first; the wide one only where the narrow one may have cut the alignment.
    let extend = |query: &[u8], target: &[u8]| {
        let narrow = extend(query, target, band, xdrop, trace);
        if narrow.near_edge && wide > band {
            extend(query, target, wide, xdrop, trace)
        } else {
            narrow
        }
    };
    let (lo, hi) = bound(segment, e);
    let len = i64::from(segment.entries()[e].len);
    let anchor_q = hsp.seed + K / 2;
    let anchor_t = hsp.diagonal + anchor_q as i64;
    let slack = |n: usize| (n + n / 4 + 2 * wide) as i64;
    // Right: query[anchor_q..] against the stored sequence from anchor_t on.
    let right_max = slack(masks.len() - anchor_q).min(hi - anchor_t).min(len);
    fill_masks(segment, e, anchor_t, right_max, 1, scratch);
    let right = extend(&masks[anchor_q..], scratch);
    // Left: the reversed query before the anchor against the stored sequence going backwards,
    // never reaching back more than one turn from the right end.
    let left_max = slack(anchor_q).min(anchor_t - lo).min(len - right.target_len as i64);
    fill_masks(segment, e, anchor_t - 1, left_max, -1, scratch);
    let reversed: Vec<u8> = masks[..anchor_q].iter().rev().copied().collect();
    let left = extend(&reversed, scratch);
    let mut ops = left.ops;
    ops.reverse();
    ops.extend(right.ops);
    Local {
        query_from: anchor_q - left.query_len,
        query_to: anchor_q + right.query_len,
        target_from: anchor_t - left.target_len as i64,
        target_to: anchor_t + right.target_len as i64,
        score: left.score + right.score,
        ops,
    }
}

/// The query offsets whose 11-mer can seed: unambiguous, and outside the query's
/// low-complexity regions ([`super::dust`]: seeds there match repeats everywhere and find nothing a
/// seed elsewhere would not; extensions still cross those regions). Ascending.
///
/// `masked` is [`super::dust::mask`] of this strand; symmetric DUST masks the reverse complement's
/// mirror image, so callers compute it once and reverse it for the other strand.
pub fn seed_offsets(query: &Prepared, masked: &[bool]) -> Vec<usize> {
    let mut blocked = 0usize; // masked or ambiguous bases among the last K
    let mut offsets = Vec::new();
    for i in 0..query.codes.len() {
        blocked += usize::from(masked[i] || query.codes[i] > 3);
        if i >= K {
            blocked -= usize::from(masked[i - K] || query.codes[i - K] > 3);
        }
        if i + 1 >= K && blocked == 0 {
            offsets.push(i + 1 - K);
        }
    }
    offsets
}

/// Similarity hits of one strand of the query in one segment, into `out` (until its budget runs
/// out). `seeds_at` are the query offsets that seed ([`seed_offsets`] of this strand).
#[allow(clippy::too_many_arguments)]
pub fn search<G: Clone + Eq + std::hash::Hash>(
    segment: &Segment<G>,
    query: &Prepared,
    seeds_at: &[usize],
    strand: Strand,
    db: Database,
    params: &SimilarityParams,
    with_alignment: bool,
    out: &mut Collector<G>,
) {
    let codes = &query.codes;
    // No alignment can score more than a match in every query base.
    let needed = min_score(params.max_evalue, codes.len(), db);
    if codes.len() < K || MATCH * (codes.len() as i32) < needed {
        return;
    }
    // 1. Seed hits as (text diagonal, query offset), filtered by an ungapped extension over
    //    the raw text (no sequence boundaries: cheap, and most random seeds stop here).
    let kmers: Vec<(u32, u32)> = seeds_at
        .iter()
        .map(|&q| {
            let kmer = codes[q..q + K]
                .iter()
                .fold(0u32, |kmer, &c| (kmer << 2) | u32::from(c & 3));
            (kmer, q as u32)
        })
        .collect();
    // Seeds as one sortable word: text diagonal (offset by the query length, so never negative)
    // above the query offset.
    let shift = u64::BITS - (codes.len() as u64).leading_zeros();
    let bias = codes.len() as i64;
    let mut seeds: Vec<u64> = Vec::new();
    for (n, &(kmer, q)) in kmers.iter().enumerate() {
        if let Some(&(ahead, _)) = kmers.get(n + 2 * PREFETCH_KMERS) {
            segment.prefetch_bucket(ahead);
        }
        if let Some(&(ahead, _)) = kmers.get(n + PREFETCH_KMERS) {
            segment.prefetch_positions(ahead);
        }
        let positions = segment.positions(kmer, kmer + 1);
        if positions.len() > MAX_OCCURRENCES {
            continue;
        }
        if seeds.len() + positions.len() > MAX_SEEDS {
            out.budget.halt(Stop::WorkBudget);
            break;
        }
        if !out.spend(positions.len() as u64) {
            break;
        }
        let q = u64::from(q);
        seeds.extend(
            positions
                .iter()
                .map(|&pos| (u64::from(pos) + bias as u64 - q) << shift | q),
        );
    }
    seeds.sort_unstable();
    let total = segment.total_bases() as i64;
    let mut hits: Vec<(u32, i64, u32)> = Vec::new();
    let (mut last_diagonal, mut last_to) = (i64::MIN, 0usize);
    let unpack = |seed: u64| ((seed >> shift) as i64 - bias, (seed & ((1 << shift) - 1)) as usize);
    for (s, &seed) in seeds.iter().enumerate() {
        if let Some(&ahead) = seeds.get(s + PREFETCH_AHEAD) {
            let (d, q) = unpack(ahead);
            segment.prefetch_text((d + q as i64) as u32);
        }
        let (diagonal, q) = unpack(seed);
        if diagonal == last_diagonal && q < last_to {
            continue;
        }
        if !out.spend(UNGAPPED_COST) {
            break;
        }
        let (score, to) = raw_ungapped(segment, query, q, diagonal, total);
        (last_diagonal, last_to) = (diagonal, to.max(q + 1));
        if score < GAP_TRIGGER {
            continue;
        }
        // 2. Survivors, placed on their stored sequence: (entry, diagonal, query offset).
        let pos = (diagonal + q as i64) as u32;
        let e = segment.entry_of(pos);
        let entry = &segment.entries()[e];
        let mut local_diagonal = i64::from(pos - entry.start) - q as i64;
        if entry.circular {
            local_diagonal = local_diagonal.rem_euclid(i64::from(entry.len));
        }
        hits.push((e as u32, local_diagonal, q as u32));
    }
    hits.sort_unstable();

    // 2–3. Per entry: ungapped, then gapped extension.
    let mut scratch = Vec::new();
    let mut start = 0;
    while start < hits.len() {
        let e = hits[start].0;
        let mut end = start;
        while end < hits.len() && hits[end].0 == e {
            end += 1;
        }
        let group = &hits[start..end];
        start = end;
        let e = e as usize;
        if segment.is_dead(e) {
            continue;
        }
        let mut hsps: Vec<Hsp> = Vec::new();
        let (mut last_diagonal, mut last_to) = (i64::MIN, 0usize);
        for &(_, diagonal, q) in group {
            let q = q as usize;
            if diagonal == last_diagonal && q < last_to {
                continue;
            }
            if hsps
                .iter()
                .rev()
                .take(32)
                .any(|h| (h.diagonal - diagonal).abs() <= 4 && h.query_from <= q && q + K <= h.query_to)
            {
                continue;
            }
            if !out.spend(UNGAPPED_COST) {
                return;
            }
            let (score, from, to) = ungapped(segment, e, query, q, diagonal);
            last_diagonal = diagonal;
            last_to = to.max(q + 1);
            if score >= GAP_TRIGGER {
                hsps.push(Hsp {
                    diagonal,
                    query_from: from,
                    query_to: to,
                    score,
                    seed: q,
                });
            }
        }
        // An entry whose HSPs together fall well short of the needed score holds a shared
        // element, not a significant alignment (gapped extension would add little).
        if hsps.iter().map(|h| h.score).sum::<i32>() + HSP_SLACK < needed {
            continue;
        }
        hsps.sort_by_key(|h| std::cmp::Reverse(h.score));
        let mut locals: Vec<Local> = Vec::new();
        let mut tried: Vec<Local> = Vec::new();
        for hsp in &hsps {
            if locals.iter().chain(&tried).any(|l| l.covers(hsp)) {
                continue;
            }
            let outside = codes.len() - (hsp.query_to - hsp.query_from);
            if hsp.score + MATCH * outside as i32 <= needed {
                continue;
            }
            // A strong HSP goes straight to the final extension.
            if hsp.score < needed {
                let preliminary = gapped(
                    segment,
                    e,
                    &query.masks,
                    hsp,
                    (PRELIMINARY_NARROW_BAND, PRELIMINARY_BAND, PRELIMINARY_XDROP, false),
                    &mut scratch,
                );
                let cells = (preliminary.query_to - preliminary.query_from + 1) * (2 * PRELIMINARY_BAND + 1);
                if !out.spend(cells as u64) {
                    return;
                }
                if preliminary.score < needed {
                    tried.push(preliminary);
                    continue;
                }
            }
            let local = gapped(
                segment,
                e,
                &query.masks,
                hsp,
                (NARROW_BAND, BAND, GAPPED_XDROP, true),
                &mut scratch,
            );
            if !out.spend(((local.query_to - local.query_from + 1) * (2 * BAND + 1)) as u64) {
                return;
            }
            let overlaps = locals.iter().any(|l| {
                let shared = l
                    .query_to
                    .min(local.query_to)
                    .saturating_sub(l.query_from.max(local.query_from));
                let same_place = (l.target_from - l.query_from as i64 - (local.target_from - local.query_from as i64))
                    .abs()
                    <= BAND as i64;
                same_place && shared * 2 > local.query_to - local.query_from
            });
            if !overlaps {
                locals.push(local);
            }
        }
        for local in locals {
            if !report(segment, e, query, strand, db, params, with_alignment, &local, out) {
                return;
            }
        }
    }
}

/// Keeps the hit of `local` when it passes the thresholds; `false` when the search must stop.
#[allow(clippy::too_many_arguments)]
fn report<G: Clone + Eq + std::hash::Hash>(
    segment: &Segment<G>,
    e: usize,
    query: &Prepared,
    strand: Strand,
    db: Database,
    params: &SimilarityParams,
    with_alignment: bool,
    local: &Local,
    out: &mut Collector<G>,
) -> bool {
    let entry = &segment.entries()[e];
    let evalue = evalue(local.score, query.codes.len(), db);
    if evalue > params.max_evalue {
        return true;
    }
    // Count identical columns along the traced path.
    let (mut i, mut t) = (local.query_from, local.target_from);
    let mut matches = 0u32;
    let mut operations = Vec::with_capacity(local.ops.len());
    for op in &local.ops {
        match op {
            Op::Pair => {
                let same = query.masks[i] & target_mask(segment, e, t) != 0;
                matches += u32::from(same);
                operations.push(if same {
                    AlignmentOperation::Match
                } else {
                    AlignmentOperation::Subst
                });
                i += 1;
                t += 1;
            }
            Op::QueryOnly => {
                operations.push(AlignmentOperation::Ins);
                i += 1;
            }
            Op::TargetOnly => {
                operations.push(AlignmentOperation::Del);
                t += 1;
            }
        }
    }
    let columns = local.ops.len() as u32;
    let identity = f64::from(matches) / f64::from(columns.max(1));
    if identity < params.min_identity || columns < params.min_aligned_length {
        return true;
    }
    let alignment = with_alignment.then(|| {
        let mut target = Vec::new();
        segment.letters(e, local.target_from, local.target_to, &mut target);
        render(&query.letters[local.query_from..local.query_to], &target, &operations)
    });
    out.push(Hit {
        group: entry.group.clone(),
        tag: entry.tag,
        strand,
        start: local.target_from.rem_euclid(i64::from(entry.len)) as u32,
        span: (local.target_to - local.target_from) as u32,
        sequence_length: entry.len,
        circular: entry.circular,
        query_start: local.query_from as u32,
        query_end: local.query_to as u32,
        differences: columns - matches,
        matches,
        columns,
        score: local.score,
        bit_score: Some(bit_score(local.score)),
        evalue: Some(evalue),
        alignment,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn masks(s: &[u8]) -> Vec<u8> {
        s.iter().map(|&b| mask(b)).collect()
    }

    /// A related pair of mask sequences: `query` and a copy with substitutions, insertions and
    /// deletions at `rate` per cent, then unrelated tail bases (xorshift, so runs repeat).
    fn related_pair(seed: u64, length: usize, rate: u64) -> (Vec<u8>, Vec<u8>) {
        let mut state = seed | 1;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        let query: Vec<u8> = (0..length).map(|_| 1u8 << (next() % 4)).collect();
        let mut target = Vec::new();
        for &base in &query {
            match next() % 100 {
                r if r < rate => target.push(1u8 << (next() % 4)),
                r if r < rate + rate / 3 => {}
                r if r < rate + 2 * rate / 3 => target.extend([base, 1u8 << (next() % 4)]),
                _ => target.push(base),
            }
        }
        // Every fifth pair has a long insertion in the target (horizontal gaps across many lanes).
        if seed.is_multiple_of(5) {
            let at = target.len() / 2;
            let run: Vec<u8> = (0..6 + seed % 14).map(|_| 1u8 << (next() % 4)).collect();
            target.splice(at..at, run);
        }
        target.extend((0..next() % 60).map(|_| 1u8 << (next() % 4)));
        // Now and then an ambiguous query letter (N) and an empty target.
        let mut query = query;
        if seed.is_multiple_of(7) {
            query[length / 2] = 0b1111;
        }
        if seed.is_multiple_of(11) {
            target.clear();
        }
        (query, target)
    }

    #[cfg(target_arch = "x86_64")]
    #[test]
    fn avx2_extension_equals_the_portable_one() {
        if !std::arch::is_x86_feature_detected!("avx2") {
            return;
        }
        let mut compared = 0;
        for seed in 1..400u64 {
            let (query, target) = related_pair(seed, 20 + (seed as usize * 37) % 700, seed % 30);
            for band in [NARROW_BAND, PRELIMINARY_BAND, BAND, 7, 11, 3, 1] {
                for (xdrop, trace) in [(GAPPED_XDROP, true), (PRELIMINARY_XDROP, false), (15, true)] {
                    // SAFETY: AVX2 was detected above.
                    let fast = unsafe { super::super::extend_avx2::extend(&query, &target, band, xdrop, trace) };
                    let portable = extend_portable(&query, &target, band, xdrop, trace);
                    assert_eq!(fast, portable, "seed {seed} band {band} xdrop {xdrop} trace {trace}");
                    compared += usize::from(!portable.ops.is_empty());
                }
            }
        }
        assert!(compared > 1000, "only {compared} traced alignments compared");
    }

    #[test]
    fn extension_scores_matches_mismatches_and_affine_gaps() {
        let q = masks(b"ACGTACGTAC");
        let exact = extend(&q, &masks(b"ACGTACGTACTTTT"), BAND, GAPPED_XDROP, true);
        assert_eq!((exact.score, exact.query_len, exact.target_len), (20, 10, 10));
        assert_eq!(exact.ops, vec![Op::Pair; 10]);
        // One deleted base in the stored sequence: 9 matches, gap of 1 (−7).
        let gap = extend(
            &masks(b"ACGTACGTACGTACGTACGT"),
            &masks(b"ACGTACGTAGTACGTACGT"),
            BAND,
            GAPPED_XDROP,
            true,
        );
        assert_eq!(gap.score, 19 * 2 - 7);
        assert_eq!((gap.query_len, gap.target_len, gap.ops.len()), (20, 19, 20));
        assert_eq!(gap.ops.iter().filter(|op| **op == Op::QueryOnly).count(), 1);
        // Score-only extension agrees.
        let plain = extend(
            &masks(b"ACGTACGTACGTACGTACGT"),
            &masks(b"ACGTACGTAGTACGTACGT"),
            BAND,
            GAPPED_XDROP,
            false,
        );
        assert_eq!((plain.score, plain.query_len, plain.target_len), (31, 20, 19));
        // An insertion in the stored sequence, and a long gap (affine: 5 + 2 per base).
        let insertion = extend(
            &masks(b"AAAACCCCGGGGTTTTACGT"),
            &masks(b"AAAACCCCGATCGGGTTTTACGT"),
            BAND,
            60,
            true,
        );
        assert_eq!(insertion.score, 20 * 2 - (5 + 2 * 3));
        assert_eq!(insertion.ops.iter().filter(|op| **op == Op::TargetOnly).count(), 3);
    }

    /// A deterministic pseudo-random sequence (xorshift).
    fn random_dna(len: usize, mut state: u64) -> Vec<u8> {
        (0..len)
            .map(|_| {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                b"ACGT"[(state % 4) as usize]
            })
            .collect()
    }

    #[test]
    fn packed_seed_filter_agrees_with_the_column_walk() {
        let text = random_dna(5_000, 7);
        let mut builder = super::super::segment::SegmentBuilder::new();
        builder.push(0u32, 0, &text, false);
        let segment = builder.finish();
        let total = segment.total_bases() as i64;
        // Queries copied from the text with every 9th base changed, and unrelated ones.
        for (n, from) in [0usize, 1, 2, 3, 137, 2_048, 4_900].into_iter().enumerate() {
            let to = (from + 300).min(text.len());
            let mut copy = text[from..to].to_vec();
            for (i, base) in copy.iter_mut().enumerate() {
                if i % 9 == 4 {
                    *base = if *base == b'A' { b'C' } else { b'A' };
                }
            }
            for query in [copy, random_dna(300, n as u64 + 100)] {
                let prepared = Prepared::new(&query);
                for q in (0..query.len()).step_by(7) {
                    for diagonal in [from as i64, from as i64 - 5, 1_000 - q as i64] {
                        if diagonal + (q as i64) < 0 || diagonal + (q as i64) >= total {
                            continue;
                        }
                        assert_eq!(
                            raw_ungapped(&segment, &prepared, q, diagonal, total),
                            raw_ungapped_columns(&segment, &prepared, q, diagonal, total),
                            "q {q} diagonal {diagonal}"
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn a_gap_wider_than_the_narrow_band_is_crossed() {
        // 120 bases, then a 10-base deletion in the stored sequence, then 120 bases.
        let query = random_dna(250, 3);
        let stored: Vec<u8> = query[..120].iter().chain(&query[130..]).copied().collect();
        let narrow = extend(&masks(&query), &masks(&stored), NARROW_BAND, GAPPED_XDROP, true);
        assert!(narrow.near_edge, "the narrow band cannot hold a 10-base gap");
        let wide = extend(&masks(&query), &masks(&stored), BAND, GAPPED_XDROP, true);
        assert!(!wide.near_edge);
        assert_eq!(wide.score, 240 * 2 - (GAP_OPEN + 10 * GAP_EXTEND));
        assert_eq!((wide.query_len, wide.target_len), (250, 240));
        assert!(wide.score > narrow.score);
    }

    #[test]
    fn evalues_follow_karlin_altschul() {
        let db = Database {
            bases: 126_000_000,
            sequences: 100_000,
        };
        assert!(evalue(200, 300, db) < 1e-30);
        assert!(evalue(20, 300, db) > 1.0);
        assert!(evalue(100, 300, db) < evalue(90, 300, db));
        assert!((bit_score(100) - 91.46).abs() < 0.05);
    }
}
