//! Owns the AVX2 kernel of the banded gapped extension for bands of up to ±7 (16 lanes): the
//! same recurrences, band placement, X-drop and traceback bits as the portable
//! `similarity::extend_lanes`, which stays the reference (a test compares them on random and
//! mutated sequences) and the path for wider bands and for CPUs without AVX2.
//!
//! Why by hand: the compiler does not vectorize the portable row well (it gathers lanes one by
//! one and stalls on reloading them), and a row is short, so its fixed costs dominate. Here a
//! row lives in two 8 × i32 registers; moving the band one column a row (the usual case) is a
//! lane shift in registers, horizontal gaps are a prefix maximum in four shift-and-max steps,
//! and the row's best cell comes from a compare and a bit scan. O(n) rows of O(1) vector work;
//! memory O(1), or 16 bytes of traceback per row when traced.

use std::arch::x86_64::*;

use super::similarity::{Extension, E_OPENED, FROM_E, FROM_F, F_OPENED, GAP_EXTEND, GAP_OPEN, MATCH, MISMATCH, NEG};

/// Lanes per row.
pub const LANES: usize = 16;

/// A row of 16 scores: lanes 0–7 and 8–15.
#[derive(Clone, Copy)]
struct Row(__m256i, __m256i);

#[target_feature(enable = "avx2")]
fn splat(value: i32) -> Row {
    Row(_mm256_set1_epi32(value), _mm256_set1_epi32(value))
}

#[target_feature(enable = "avx2")]
fn max(a: Row, b: Row) -> Row {
    Row(_mm256_max_epi32(a.0, b.0), _mm256_max_epi32(a.1, b.1))
}

#[target_feature(enable = "avx2")]
fn add(a: Row, b: Row) -> Row {
    Row(_mm256_add_epi32(a.0, b.0), _mm256_add_epi32(a.1, b.1))
}

#[target_feature(enable = "avx2")]
fn sub(a: Row, b: Row) -> Row {
    Row(_mm256_sub_epi32(a.0, b.0), _mm256_sub_epi32(a.1, b.1))
}

#[target_feature(enable = "avx2")]
fn gt(a: Row, b: Row) -> Row {
    Row(_mm256_cmpgt_epi32(a.0, b.0), _mm256_cmpgt_epi32(a.1, b.1))
}

#[target_feature(enable = "avx2")]
fn eq(a: Row, b: Row) -> Row {
    Row(_mm256_cmpeq_epi32(a.0, b.0), _mm256_cmpeq_epi32(a.1, b.1))
}

#[target_feature(enable = "avx2")]
fn and(a: Row, b: Row) -> Row {
    Row(_mm256_and_si256(a.0, b.0), _mm256_and_si256(a.1, b.1))
}

#[target_feature(enable = "avx2")]
fn or(a: Row, b: Row) -> Row {
    Row(_mm256_or_si256(a.0, b.0), _mm256_or_si256(a.1, b.1))
}

/// `b` where `mask` is set, else `a`.
#[target_feature(enable = "avx2")]
fn select(mask: Row, a: Row, b: Row) -> Row {
    Row(
        _mm256_blendv_epi8(a.0, b.0, mask.0),
        _mm256_blendv_epi8(a.1, b.1, mask.1),
    )
}

/// Lane k takes lane k − S (S = 1, 2 or 4 lanes, `BYTES` = 16 − 4 S); lanes below S take `fill`.
#[target_feature(enable = "avx2")]
fn shift_up<const BYTES: i32>(row: Row, fill: __m256i) -> Row {
    let below_low = _mm256_permute2x128_si256::<0x21>(fill, row.0);
    let below_high = _mm256_permute2x128_si256::<0x21>(row.0, row.1);
    Row(
        _mm256_alignr_epi8::<BYTES>(row.0, below_low),
        _mm256_alignr_epi8::<BYTES>(row.1, below_high),
    )
}

/// Lane k takes lane k − 4; lanes 0–3 take `fill`.
#[target_feature(enable = "avx2")]
fn shift_up4(row: Row, fill: __m256i) -> Row {
    Row(
        _mm256_permute2x128_si256::<0x21>(fill, row.0),
        _mm256_permute2x128_si256::<0x21>(row.0, row.1),
    )
}

/// Lane k takes lane k + 1; lane 15 takes `fill`.
#[target_feature(enable = "avx2")]
fn shift_down1(row: Row, fill: __m256i) -> Row {
    let above_low = _mm256_permute2x128_si256::<0x21>(row.0, row.1);
    let above_high = _mm256_permute2x128_si256::<0x21>(row.1, fill);
    Row(
        _mm256_alignr_epi8::<4>(above_low, row.0),
        _mm256_alignr_epi8::<4>(above_high, row.1),
    )
}

#[target_feature(enable = "avx2")]
fn store(row: Row, out: &mut [i32; LANES]) {
    let (low, high) = out.split_at_mut(8);
    // SAFETY: each half of `out` holds 8 i32 = 32 bytes, written unaligned.
    unsafe {
        _mm256_storeu_si256(low.as_mut_ptr().cast(), row.0);
        _mm256_storeu_si256(high.as_mut_ptr().cast(), row.1);
    }
}

#[target_feature(enable = "avx2")]
fn load(values: &[i32]) -> Row {
    let values = &values[..LANES];
    // SAFETY: `values` holds 16 i32 (checked just above); unaligned loads of 8 each.
    unsafe {
        Row(
            _mm256_loadu_si256(values.as_ptr().cast()),
            _mm256_loadu_si256(values[8..].as_ptr().cast()),
        )
    }
}

/// Banded X-drop extension with 16 lanes (band ≤ 7): see `similarity::extend`.
///
/// # Safety
/// The CPU must support AVX2.
#[target_feature(enable = "avx2")]
pub unsafe fn extend(query: &[u8], target: &[u8], band: usize, xdrop: i32, trace: bool) -> Extension {
    let (n, m) = (query.len(), target.len());
    let width = 2 * band + 1;
    assert!(width <= LANES, "band {band} needs more than {LANES} lanes");
    let mut stored = vec![0u8; m + LANES + 1];
    stored[1..=m].copy_from_slice(target);
    let neg = _mm256_set1_epi32(NEG);
    let lanes = Row(
        _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7),
        _mm256_setr_epi32(8, 9, 10, 11, 12, 13, 14, 15),
    );
    let gap_runs = add(lanes, lanes);
    let open = splat(GAP_OPEN + GAP_EXTEND);
    let extend_gap = splat(GAP_EXTEND);
    let run_start = splat(NEG + GAP_OPEN);
    let (matched, mismatch_delta) = (splat(MATCH), splat(MISMATCH - MATCH));
    let (from_f, from_e) = (splat(i32::from(FROM_F)), splat(i32::from(FROM_E)));
    let (e_opened, f_opened) = (splat(i32::from(E_OPENED)), splat(i32::from(F_OPENED)));

    let mut initial = [NEG; LANES];
    let row0_hi = m.min(band);
    for (j, value) in initial.iter_mut().enumerate().take(row0_hi + 1) {
        *value = if j == 0 { 0 } else { -(GAP_OPEN + GAP_EXTEND * j as i32) };
    }
    let mut previous_h = load(&initial);
    let mut previous_f = splat(NEG);
    let mut bits: Vec<u8> = vec![0; LANES];
    for (j, b) in bits.iter_mut().enumerate().take(row0_hi + 1).skip(1) {
        *b = FROM_E | if j == 1 { E_OPENED } else { 0 };
    }
    let mut los: Vec<usize> = vec![0];
    // Rows moved by other than one column go through these, −∞ either side of the row.
    let mut shifted_h = [NEG; 3 * LANES];
    let mut shifted_f = [NEG; 3 * LANES];
    let (mut best, mut best_i, mut best_j) = (0i32, 0usize, 0usize);
    let (mut previous_lo, mut previous_best_j) = (0usize, 0usize);
    let mut near_edge = false;
    for i in 1..=n {
        let center = previous_best_j + 1;
        let lo = center.saturating_sub(band);
        let hi = (center + band).min(m);
        if lo > hi {
            break;
        }
        let count = (hi - lo + 1) as i32;
        // Diagonal (column j − 1) and vertical (column j) predecessors of each lane.
        let (diagonal_h, up_h, up_f) = if lo == previous_lo + 1 {
            (previous_h, shift_down1(previous_h, neg), shift_down1(previous_f, neg))
        } else {
            let mut row = [NEG; LANES];
            store(previous_h, &mut row);
            shifted_h[LANES..2 * LANES].copy_from_slice(&row);
            store(previous_f, &mut row);
            shifted_f[LANES..2 * LANES].copy_from_slice(&row);
            let at = LANES + lo - previous_lo;
            (
                load(&shifted_h[at - 1..]),
                load(&shifted_h[at..]),
                load(&shifted_f[at..]),
            )
        };
        let letters = &stored[lo..lo + LANES];
        // SAFETY: `letters` holds 16 bytes; an unaligned load.
        let letters = unsafe { _mm_loadu_si128(letters.as_ptr().cast()) };
        let misses = _mm_cmpeq_epi8(
            _mm_and_si128(letters, _mm_set1_epi8(query[i - 1] as i8)),
            _mm_setzero_si128(),
        );
        let misses = Row(
            _mm256_cvtepi8_epi32(misses),
            _mm256_cvtepi8_epi32(_mm_unpackhi_epi64(misses, misses)),
        );
        let pair = add(matched, and(misses, mismatch_delta));
        let f = max(sub(up_h, open), sub(up_f, extend_gap));
        let diagonal = add(diagonal_h, pair);
        let h0 = max(diagonal, f);
        // Horizontal gaps: a running maximum of h0(j) + extend · j over the lanes to the left.
        let left = shift_up::<12>(h0, neg);
        let mut run = add(left, gap_runs);
        run = max(run, shift_up::<8>(run, neg));
        run = max(run, shift_up::<8>(run, neg));
        run = max(run, shift_up4(run, neg));
        run = max(run, Row(neg, run.0));
        let e = sub(sub(max(run, run_start), open), gap_runs);
        let valid = gt(splat(count), lanes);
        let h = select(valid, splat(NEG), max(h0, e));
        let f = select(valid, splat(NEG), f);
        if trace {
            let is_f = gt(f, max(diagonal, e));
            let is_e = _mm256_andnot_si256(is_f.0, _mm256_cmpgt_epi32(e.0, diagonal.0));
            let is_e_high = _mm256_andnot_si256(is_f.1, _mm256_cmpgt_epi32(e.1, diagonal.1));
            let row_bits = or(
                or(and(is_f, from_f), and(Row(is_e, is_e_high), from_e)),
                or(
                    and(eq(e, sub(left, open)), e_opened),
                    and(eq(f, sub(up_h, open)), f_opened),
                ),
            );
            let words = _mm256_permute4x64_epi64::<0xD8>(_mm256_packs_epi32(row_bits.0, row_bits.1));
            let bytes = _mm_packs_epi16(_mm256_castsi256_si128(words), _mm256_extracti128_si256::<1>(words));
            let mut out = [0u8; LANES];
            // SAFETY: `out` holds 16 bytes; an unaligned store.
            unsafe { _mm_storeu_si128(out.as_mut_ptr().cast(), bytes) };
            bits.extend_from_slice(&out);
            los.push(lo);
        }
        // The row's best cell (the leftmost of equals).
        let mut top = _mm256_max_epi32(h.0, h.1);
        top = _mm256_max_epi32(top, _mm256_permute2x128_si256::<0x01>(top, top));
        top = _mm256_max_epi32(top, _mm256_shuffle_epi32::<0x4E>(top));
        top = _mm256_max_epi32(top, _mm256_shuffle_epi32::<0xB1>(top));
        let row_best = _mm256_cvtsi256_si32(top);
        let at_best = eq(h, Row(top, top));
        let mask = _mm256_movemask_ps(_mm256_castsi256_ps(at_best.0)) as u32
            | (_mm256_movemask_ps(_mm256_castsi256_ps(at_best.1)) as u32) << 8;
        let row_best_j = lo + mask.trailing_zeros().min(LANES as u32 - 1) as usize;
        if row_best > best {
            (best, best_i, best_j) = (row_best, i, row_best_j);
        }
        let at_edge = (row_best_j <= lo + 1 && lo > 0) || (row_best_j + 1 >= lo + width - 1 && hi < m);
        near_edge |= at_edge && row_best >= best - (GAP_OPEN + GAP_EXTEND * band as i32);
        if row_best < best - xdrop {
            break;
        }
        (previous_h, previous_f) = (h, f);
        previous_lo = lo;
        previous_best_j = row_best_j;
    }
    Extension::finish(
        best,
        best_i,
        best_j,
        near_edge,
        trace.then_some((&bits[..], &los[..], LANES, width)),
    )
}
