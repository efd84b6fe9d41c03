//! Owns similarity (local alignment) search over one segment, BLAST-style: seed, ungapped
//! extension, gapped extension, Karlin–Altschul statistics.
//!
//! 1. Seeds: every 12-mer of the query (each strand) is looked up in the sampled table, so an
//!    alignment is found when it holds an exact run of `K + STRIDE - 1` = 13 bases (blastn's
//!    default needs 11). Hits are sorted by (sequence, diagonal, query offset).
//! 2. Ungapped X-drop extension of each hit not already covered by an extension on its diagonal
//!    (or by a high-scoring one on a diagonal nearby); extensions scoring at least
//!    [`GAP_TRIGGER`] go on.
//! 3. Gapped X-drop extension in both directions from the seed, in a band of ±[`BAND`] diagonals
//!    that re-centres on each row's best cell, so slow indel drift is followed. Affine gaps, the
//!    blastn defaults: match 2, mismatch −3, gap 5 + 2 per base. Extensions contained in an
//!    alignment already made are skipped.
//! 4. E-value with blastn's parameters for that scoring (λ 0.625, K 0.41, H 0.78) over the
//!    whole index (all live bases and sequences), with the usual length adjustment.
//!
//! Cost per strand: O(L) lookups, O(h log h) for `h` seed hits, O(h · x) ungapped extension, and
//! O(a · B · L) for `a` gapped extensions; memory O(h + B). Written here because `bio` has
//! banded *global* alignment (`alignment::pairwise::banded`) but no seed-and-extend local search
//! over an index; `bio`'s full `pairwise::Aligner` draws the alignment text of a reported hit.

use bio::alignment::pairwise::Aligner;

use super::approximate::render;
use super::segment::{mask, Segment, K};
use super::{Hit, Prepared, SimilarityParams, Strand};

const MATCH: i32 = 2;
const MISMATCH: i32 = -3;
const GAP_OPEN: i32 = 5;
const GAP_EXTEND: i32 = 2;
const LAMBDA: f64 = 0.625;
const KAPPA: f64 = 0.41;
const ENTROPY: f64 = 0.78;
/// Ungapped extension stops this far below its best score.
const UNGAPPED_XDROP: i32 = 22;
/// Ungapped extensions scoring this much go on to gapped extension.
pub const GAP_TRIGGER: i32 = 30;
/// Gapped extension stops when a whole row is this far below the best score.
const GAPPED_XDROP: i32 = 60;
/// Half-width of the gapped extension band.
const BAND: usize = 16;
/// Seeds whose k-mer occurs more often than this in one segment are skipped (repeats).
const MAX_OCCURRENCES: usize = 20_000;
/// The alignment text is drawn for hits up to this many cells (query × stored bases).
const MAX_ALIGNMENT_CELLS: usize = 25_000_000;
const NEG: i32 = i32::MIN / 4;

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

/// E-value of a raw score for a query of `query_len` bases against `db`.
pub fn evalue(score: i32, query_len: usize, db: Database) -> f64 {
    let (m, n, count) = (query_len as f64, db.bases.max(1) as f64, db.sequences.max(1) as f64);
    let mut adjust = 0.0;
    for _ in 0..5 {
        let em = (m - adjust).max(1.0);
        let en = (n - count * adjust).max(1.0);
        adjust = ((KAPPA * em * en).ln() / ENTROPY).max(0.0);
    }
    let em = (m - adjust).max(1.0 / KAPPA);
    let en = (n - count * adjust).max(1.0 / KAPPA);
    KAPPA * em * en * (-LAMBDA * f64::from(score)).exp()
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

/// Ungapped X-drop extension of the seed at query offset `q` on `diagonal`: (score, from, to).
fn ungapped<G>(segment: &Segment<G>, e: usize, masks: &[u8], q: usize, diagonal: i64) -> (i32, usize, usize) {
    let bound = bound(segment, e);
    let (mut score, mut best, mut to) = (0, 0, q);
    let mut i = q;
    while i < masks.len() && (i as i64 + diagonal) < bound.1 {
        let t = target_mask(segment, e, diagonal + i as i64);
        if t == 0 {
            break;
        }
        score += pair(masks[i], t);
        i += 1;
        if score > best {
            best = score;
            to = i;
        } else if best - score > UNGAPPED_XDROP {
            break;
        }
    }
    let right = best;
    let (mut score, mut best, mut from) = (0, 0, q);
    let mut i = q;
    while i > 0 && (i as i64 - 1 + diagonal) >= bound.0 {
        let t = target_mask(segment, e, diagonal + i as i64 - 1);
        if t == 0 {
            break;
        }
        score += pair(masks[i - 1], t);
        i -= 1;
        if score > best {
            best = score;
            from = i;
        } else if best - score > UNGAPPED_XDROP {
            break;
        }
    }
    (right + best, from, to)
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
#[derive(Debug, Clone, Copy, Default, PartialEq)]
struct Extension {
    score: i32,
    query_len: usize,
    target_len: usize,
    matches: u32,
    columns: u32,
}

#[derive(Clone, Copy)]
struct Cell {
    h: i32,
    f: i32,
    h_matches: u32,
    h_columns: u32,
    f_matches: u32,
    f_columns: u32,
}

const EMPTY: Cell = Cell {
    h: NEG,
    f: NEG,
    h_matches: 0,
    h_columns: 0,
    f_matches: 0,
    f_columns: 0,
};

/// Banded, X-drop, affine-gap extension from (0, 0); the band follows each row's best cell.
fn extend(query: &[u8], target: &[u8]) -> Extension {
    let (n, m) = (query.len(), target.len());
    let mut best = Extension::default();
    let width = 2 * BAND + 1;
    let mut previous = vec![EMPTY; width];
    let mut current = vec![EMPTY; width];
    // Row 0: gaps in the query only.
    let mut previous_lo = 0usize;
    let row0_hi = m.min(BAND);
    for (j, cell) in previous.iter_mut().enumerate().take(row0_hi + 1) {
        cell.h = if j == 0 { 0 } else { -(GAP_OPEN + GAP_EXTEND * j as i32) };
        cell.h_columns = j as u32;
    }
    let mut previous_hi = row0_hi;
    let mut previous_best_j = 0usize;
    for i in 1..=n {
        let center = previous_best_j + 1;
        let lo = center.saturating_sub(BAND);
        let hi = (center + BAND).min(m);
        if lo > hi {
            break;
        }
        let (mut row_best, mut row_best_j) = (NEG, lo);
        let (mut e, mut e_matches, mut e_columns) = (NEG, 0u32, 0u32);
        let q = query[i - 1];
        for j in lo..=hi {
            let up = if j >= previous_lo && j <= previous_hi {
                previous[j - previous_lo]
            } else {
                EMPTY
            };
            // F: a gap in the stored sequence (query letter against nothing).
            let (open, extend) = (up.h - GAP_OPEN - GAP_EXTEND, up.f - GAP_EXTEND);
            let (f, f_matches, f_columns) = if open >= extend {
                (open, up.h_matches, up.h_columns + 1)
            } else {
                (extend, up.f_matches, up.f_columns + 1)
            };
            // Diagonal.
            let (mut h, mut h_matches, mut h_columns) = (NEG, 0, 0);
            if j > previous_lo && j - 1 <= previous_hi {
                let diag = previous[j - 1 - previous_lo];
                if diag.h > NEG {
                    let s = pair(q, target[j - 1]);
                    h = diag.h + s;
                    h_matches = diag.h_matches + u32::from(s > 0);
                    h_columns = diag.h_columns + 1;
                }
            }
            // E: a gap in the query, carried along the row.
            if j > lo {
                let left = current[j - 1 - lo];
                let (open, extend) = (left.h - GAP_OPEN - GAP_EXTEND, e - GAP_EXTEND);
                if open >= extend {
                    (e, e_matches, e_columns) = (open, left.h_matches, left.h_columns + 1);
                } else {
                    (e, e_columns) = (extend, e_columns + 1);
                }
            } else {
                e = NEG;
            }
            if e > h {
                (h, h_matches, h_columns) = (e, e_matches, e_columns);
            }
            if f > h {
                (h, h_matches, h_columns) = (f, f_matches, f_columns);
            }
            current[j - lo] = Cell {
                h,
                f,
                h_matches,
                h_columns,
                f_matches,
                f_columns,
            };
            if h > row_best {
                row_best = h;
                row_best_j = j;
            }
            if h > best.score {
                best = Extension {
                    score: h,
                    query_len: i,
                    target_len: j,
                    matches: h_matches,
                    columns: h_columns,
                };
            }
        }
        if row_best < best.score - GAPPED_XDROP {
            break;
        }
        std::mem::swap(&mut previous, &mut current);
        previous_lo = lo;
        previous_hi = hi;
        previous_best_j = row_best_j;
    }
    best
}

/// An alignment found on one entry.
#[derive(Debug, Clone, Copy)]
struct Local {
    query_from: usize,
    query_to: usize,
    target_from: i64,
    target_to: i64,
    score: i32,
    matches: u32,
    columns: u32,
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

/// Gapped extension around the seed of `hsp`.
fn gapped<G>(segment: &Segment<G>, e: usize, masks: &[u8], hsp: &Hsp, scratch: &mut Vec<u8>) -> Local {
    let (lo, hi) = bound(segment, e);
    let len = i64::from(segment.entries()[e].len);
    let anchor_q = hsp.seed + K / 2;
    let anchor_t = hsp.diagonal + anchor_q as i64;
    let slack = |n: usize| (n + n / 4 + 2 * BAND) as i64;
    // Right: query[anchor_q..] against the stored sequence from anchor_t on.
    let right_max = slack(masks.len() - anchor_q).min(hi - anchor_t).min(len);
    scratch.clear();
    scratch.extend((0..right_max.max(0)).map(|k| target_mask(segment, e, anchor_t + k)));
    let right = extend(&masks[anchor_q..], scratch);
    // Left: the reversed query before the anchor against the stored sequence going backwards,
    // never reaching back more than one turn from the right end.
    let left_max = slack(anchor_q).min(anchor_t - lo).min(len - right.target_len as i64);
    scratch.clear();
    scratch.extend((1..=left_max.max(0)).map(|k| target_mask(segment, e, anchor_t - k)));
    let reversed: Vec<u8> = masks[..anchor_q].iter().rev().copied().collect();
    let left = extend(&reversed, scratch);
    Local {
        query_from: anchor_q - left.query_len,
        query_to: anchor_q + right.query_len,
        target_from: anchor_t - left.target_len as i64,
        target_to: anchor_t + right.target_len as i64,
        score: left.score + right.score,
        matches: left.matches + right.matches,
        columns: left.columns + right.columns,
    }
}

/// Similarity hits of one strand of the query in one segment.
pub fn search<G: Clone>(
    segment: &Segment<G>,
    query: &Prepared,
    strand: Strand,
    db: Database,
    params: &SimilarityParams,
    with_alignment: bool,
    out: &mut Vec<Hit<G>>,
) {
    let codes = &query.codes;
    if codes.len() < K {
        return;
    }
    // 1. Seed hits: (entry, diagonal, query offset).
    let mut hits: Vec<(u32, i64, u32)> = Vec::new();
    let mut kmer = 0u32;
    let mut last_ambiguous: i64 = -1;
    let kmer_mask = (1u32 << (2 * K)) - 1;
    for (i, &c) in codes.iter().enumerate() {
        if c > 3 {
            last_ambiguous = i as i64;
        }
        kmer = ((kmer << 2) | u32::from(c & 3)) & kmer_mask;
        if i + 1 < K || last_ambiguous > (i + 1 - K) as i64 - 1 {
            continue;
        }
        let q = i + 1 - K;
        let positions = segment.positions(kmer, kmer + 1);
        if positions.len() > MAX_OCCURRENCES {
            continue;
        }
        for &pos in positions {
            let e = segment.entry_of(pos);
            let entry = &segment.entries()[e];
            let mut diagonal = i64::from(pos - entry.start) - q as i64;
            if entry.circular {
                diagonal = diagonal.rem_euclid(i64::from(entry.len));
            }
            hits.push((e as u32, diagonal, q as u32));
        }
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
            let (score, from, to) = ungapped(segment, e, &query.masks, q, diagonal);
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
        if hsps.is_empty() {
            continue;
        }
        hsps.sort_by_key(|h| std::cmp::Reverse(h.score));
        let mut locals: Vec<Local> = Vec::new();
        for hsp in &hsps {
            if locals.iter().any(|l| l.covers(hsp)) {
                continue;
            }
            let local = gapped(segment, e, &query.masks, hsp, &mut scratch);
            if local.score <= 0 {
                continue;
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
            report(segment, e, query, strand, db, params, with_alignment, &local, out);
        }
    }
}

#[allow(clippy::too_many_arguments)]
fn report<G: Clone>(
    segment: &Segment<G>,
    e: usize,
    query: &Prepared,
    strand: Strand,
    db: Database,
    params: &SimilarityParams,
    with_alignment: bool,
    local: &Local,
    out: &mut Vec<Hit<G>>,
) {
    let entry = &segment.entries()[e];
    let identity = f64::from(local.matches) / f64::from(local.columns.max(1));
    let evalue = evalue(local.score, query.codes.len(), db);
    if evalue > params.max_evalue || identity < params.min_identity || local.columns < params.min_aligned_length {
        return;
    }
    let alignment = if with_alignment {
        let q = &query.letters[local.query_from..local.query_to];
        let mut t = Vec::new();
        segment.letters(e, local.target_from, local.target_to, &mut t);
        if q.len() * t.len() <= MAX_ALIGNMENT_CELLS {
            let score = |a: u8, b: u8| pair(mask(a), mask(b));
            let mut aligner = Aligner::with_capacity(q.len(), t.len(), -GAP_OPEN, -GAP_EXTEND, score);
            let alignment = aligner.global(q, &t);
            Some(render(q, &t, &alignment.operations))
        } else {
            None
        }
    } else {
        None
    };
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
        differences: local.columns - local.matches,
        matches: local.matches,
        columns: local.columns,
        score: local.score,
        bit_score: Some(bit_score(local.score)),
        evalue: Some(evalue),
        alignment,
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn masks(s: &[u8]) -> Vec<u8> {
        s.iter().map(|&b| mask(b)).collect()
    }

    #[test]
    fn extension_scores_matches_mismatches_and_affine_gaps() {
        let q = masks(b"ACGTACGTAC");
        let exact = extend(&q, &masks(b"ACGTACGTACTTTT"));
        assert_eq!(
            (exact.score, exact.query_len, exact.target_len, exact.matches),
            (20, 10, 10, 10)
        );
        // One deleted base in the stored sequence: 9 matches, gap of 1 (−7).
        let gap = extend(&masks(b"ACGTACGTACGTACGTACGT"), &masks(b"ACGTACGTAGTACGTACGT"));
        assert_eq!(gap.score, 19 * 2 - 7);
        assert_eq!(
            (gap.query_len, gap.target_len, gap.columns, gap.matches),
            (20, 19, 20, 19)
        );
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
