//! Low-complexity masking of DNA queries (poly-A, ATATAT…, CAGCAGCAG…), so that search seeds stay
//! out of regions that match everywhere: symmetric DUST (Morgulis et al. 2006, "A fast and
//! symmetric DUST implementation to mask low-complexity DNA sequences", J Comput Biol
//! 13(5):1028-40), as in its reference implementation `sdust.c` (Heng Li, minimap2).
//!
//! `k` consecutive triplets (3-mers), triplet `t` occurring `c_t` times, score
//! `Σ c_t(c_t-1)/2 / (k-1)`. An interval is *perfect* when it fits in `window` bases, scores above
//! `level / 10` and no part of it scores higher; the mask is the union of the perfect intervals,
//! touching ones merged. Each new triplet ends a window and only the intervals ending there are
//! searched, right to left, past the longest suffix where no triplet occurs more than `level / 5`
//! times (it holds none: the paper's lemma), and not at all when the window's own score bounds
//! every candidate below the level. Scores are compared as exact fractions.
//!
//! Letters other than A, C, G, T (either case) split the sequence into runs masked independently.
//! The output is `sdust.c`'s but at run ends, where sdust keeps the last run's triplets across an N
//! and its final flush skips a start position (`TTTTTGTTTT`, window 10, level 5: it masks 0-5 and
//! 6-10, though 1-10 is perfect).
//!
//! Cost: O(n · w) time in the worst case (n bases, window w); O(w) working memory — the window's
//! triplets, each with the best perfect interval starting there (sdust lists every perfect
//! interval, O(w²) on poly-A) — plus the output.
//!
//! ```
//! use bioreg::seq::search::dust::{low_complexity, mask, LEVEL, WINDOW};
//! let query = b"GGCTTCGAGTAAAAAAAAAAAAAAAAAAAAAAAAACTGACCTAGGTCA";
//! assert_eq!(low_complexity(query, WINDOW, LEVEL), vec![(10, 35)]);
//! assert_eq!(mask(query).iter().filter(|&&masked| masked).count(), 25);
//! ```

use std::collections::VecDeque;

/// Default score threshold (blastn's `-dust` level 20).
pub const LEVEL: u32 = 20;
/// Default window (blastn's 64).
pub const WINDOW: usize = 64;

/// Half-open intervals [start, end) of `sequence` that are low-complexity, sorted and disjoint.
/// `sequence` is uppercase IUPAC letters (A C G T and ambiguity codes); a triplet holding any letter
/// other than A/C/G/T breaks the triplet run (treat as a boundary, as sdust does for N).
/// A `window` under 4 bases holds no scorable interval and masks nothing.
pub fn low_complexity(sequence: &[u8], window: usize, level: u32) -> Vec<(usize, usize)> {
    let mut masker = Masker::new(window, level);
    let mut intervals = Vec::new();
    let (mut run, mut word) = (0usize, 0usize);
    for (i, &letter) in sequence.iter().enumerate() {
        if let Some(code) = base_code(letter) {
            (run, word) = (run + 1, (word << 2 | code) & 63);
            if run >= 3 {
                masker.push(word as u8, i - 2, &mut intervals);
            }
        } else {
            masker.flush(&mut intervals);
            run = 0;
        }
    }
    masker.flush(&mut intervals);
    intervals
}

/// Per-base mask: true where the base lies in a low-complexity interval ([`WINDOW`], [`LEVEL`]).
pub fn mask(sequence: &[u8]) -> Vec<bool> {
    let mut masked = vec![false; sequence.len()];
    for (start, end) in low_complexity(sequence, WINDOW, LEVEL) {
        masked[start..end].fill(true);
    }
    masked
}

fn base_code(letter: u8) -> Option<usize> {
    b"ACGT".iter().position(|&base| base == letter.to_ascii_uppercase())
}

/// Appends [start, end) to intervals sorted by start, merged into the last one if they overlap or touch.
fn merge_into(intervals: &mut Vec<(usize, usize)>, start: usize, end: usize) {
    match intervals.last_mut() {
        Some(last) if start <= last.1 => last.1 = last.1.max(end),
        _ => intervals.push((start, end)),
    }
}

/// A score as the exact fraction `pairs / gaps` (pairs of equal triplets over triplets - 1),
/// compared in `u128` so that no window or level overflows.
#[derive(Clone, Copy)]
struct Score {
    pairs: u64,
    gaps: u64,
}

impl Score {
    const ZERO: Score = Score { pairs: 0, gaps: 1 };
    fn new(pairs: u64, gaps: usize) -> Score {
        Score {
            pairs,
            gaps: gaps as u64,
        }
    }
    fn exceeds(self, other: Score) -> bool {
        u128::from(self.pairs) * u128::from(other.gaps) > u128::from(other.pairs) * u128::from(self.gaps)
    }
    fn max(self, other: Score) -> Score {
        if other.exceeds(self) {
            other
        } else {
            self
        }
    }
    /// Above `level / 10`.
    fn above(self, level: u32) -> bool {
        u128::from(self.pairs) * 10 > u128::from(level) * u128::from(self.gaps)
    }
}

/// Triplet counts over `len` triplets and the pairs of equal triplets they make.
#[derive(Clone, Copy)]
struct Tally {
    counts: [u32; 64],
    pairs: u64,
    len: usize,
}

impl Tally {
    const EMPTY: Tally = Tally {
        counts: [0; 64],
        pairs: 0,
        len: 0,
    };
    /// Adds triplet `t`; returns its new count.
    fn add(&mut self, t: usize) -> u32 {
        self.pairs += u64::from(self.counts[t]);
        self.counts[t] += 1;
        self.len += 1;
        self.counts[t]
    }
    fn remove(&mut self, t: usize) {
        self.counts[t] -= 1;
        self.pairs -= u64::from(self.counts[t]);
        self.len -= 1;
    }
}

/// A triplet of the window, the best perfect interval starting at it and the end of the latest.
struct Slot {
    word: u8,
    best: Score,
    end: usize,
}

/// The window over a run of A/C/G/T, its first triplet at base `first`; `suffix` tallies its
/// longest suffix in which no triplet occurs more than level/5 times.
struct Masker {
    capacity: usize,
    level: u32,
    slots: VecDeque<Slot>,
    first: usize,
    window: Tally,
    suffix: Tally,
}

impl Masker {
    fn new(window: usize, level: u32) -> Self {
        let capacity = window.saturating_sub(2).max(1);
        let slots = VecDeque::with_capacity(capacity.min(1 << 16));
        let (window, suffix) = (Tally::EMPTY, Tally::EMPTY);
        Masker {
            capacity,
            level,
            slots,
            first: 0,
            window,
            suffix,
        }
    }

    /// Slides the window onto the triplet `word` starting at base `position`.
    fn push(&mut self, word: u8, position: usize, intervals: &mut Vec<(usize, usize)>) {
        if self.slots.len() == self.capacity {
            let gone = self.pop(intervals);
            if self.suffix.len > self.slots.len() {
                self.suffix.remove(gone.unwrap_or_default());
            }
        }
        if self.slots.is_empty() {
            self.first = position;
        }
        let t = usize::from(word);
        self.slots.push_back(Slot {
            word,
            best: Score::ZERO,
            end: 0,
        });
        self.window.add(t);
        if u64::from(self.suffix.add(t)) * 5 > u64::from(self.level) {
            // Cut the suffix past the oldest copy of `t` in it.
            loop {
                let oldest = usize::from(self.slots[self.slots.len() - self.suffix.len].word);
                self.suffix.remove(oldest);
                if oldest == t {
                    break;
                }
            }
        }
        // Every candidate holds at most the window's pairs over at least the suffix's gaps.
        if Score::new(self.window.pairs, self.suffix.len).above(self.level) {
            self.find_perfect();
        }
    }

    /// Records the perfect intervals ending at the window's last triplet: those scoring above the
    /// level and at least as high as every perfect interval inside them.
    fn find_perfect(&mut self) {
        let (n, cut) = (self.slots.len(), self.slots.len() - self.suffix.len);
        let end = self.first + n + 2;
        let mut tally = self.suffix;
        let mut best = self
            .slots
            .range(cut..)
            .fold(Score::ZERO, |best, slot| best.max(slot.best));
        for i in (0..cut).rev() {
            let slot = &mut self.slots[i];
            best = best.max(slot.best);
            tally.add(usize::from(slot.word));
            let score = Score::new(tally.pairs, n - i - 1);
            if score.above(self.level) && !best.exceeds(score) {
                (best, slot.best, slot.end) = (score, score, end);
            }
        }
    }

    /// Drops the window's first triplet, emitting its perfect interval; returns the triplet.
    fn pop(&mut self, intervals: &mut Vec<(usize, usize)>) -> Option<usize> {
        let slot = self.slots.pop_front()?;
        if slot.best.pairs > 0 {
            merge_into(intervals, self.first, slot.end);
        }
        self.first += 1;
        self.window.remove(usize::from(slot.word));
        Some(usize::from(slot.word))
    }

    /// Ends the run: emits what is left and empties the window.
    fn flush(&mut self, intervals: &mut Vec<(usize, usize)>) {
        while self.pop(intervals).is_some() {}
        self.suffix = Tally::EMPTY;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Pseudo-random letters from a linear congruential generator (Knuth's MMIX multiplier).
    fn random(length: usize, seed: u64, letters: &[u8]) -> Vec<u8> {
        let mut state = seed;
        let mut next = || {
            state = state.wrapping_mul(6364136223846793005).wrapping_add(1);
            (state >> 33) as usize
        };
        (0..length).map(|_| letters[next() % letters.len()]).collect()
    }

    fn masked_count(sequence: &[u8]) -> usize {
        mask(sequence).iter().filter(|&&masked| masked).count()
    }

    /// The definition, by brute force: every interval of at most `window - 2` triplets of one run
    /// scoring above `level / 10` that no part outscores; merged like `low_complexity`.
    fn by_definition(sequence: &[u8], window: usize, level: u32) -> Vec<(usize, usize)> {
        let word = |w: &[u8]| Some(base_code(w[0])? << 4 | base_code(w[1])? << 2 | base_code(w[2])?);
        let words: Vec<Option<usize>> = sequence.windows(3).map(word).collect();
        let n = words.len();
        let mut best = vec![vec![Score::ZERO; n]; n]; // best[a][b]: the best part of a..=b
        let mut perfect = Vec::new();
        for b in 0..n {
            let mut tally = Tally::EMPTY;
            for a in (b.saturating_sub(window.saturating_sub(3))..=b).rev() {
                let Some(t) = words[a] else { break };
                tally.add(t);
                if a == b {
                    continue;
                }
                let (score, inner) = (Score::new(tally.pairs, b - a), best[a + 1][b].max(best[a][b - 1]));
                if score.above(level) && !inner.exceeds(score) {
                    perfect.push((a, b + 3));
                }
                best[a][b] = if score.above(level) { inner.max(score) } else { inner };
            }
        }
        perfect.sort_unstable();
        perfect.into_iter().fold(Vec::new(), |mut merged, (start, end)| {
            merge_into(&mut merged, start, end);
            merged
        })
    }

    #[test]
    fn repeats_are_masked_and_thresholds_worked_by_hand() {
        assert_eq!(low_complexity(&[b'A'; 100], WINDOW, LEVEL), vec![(0, 100)]);
        assert_eq!(low_complexity(&b"AT".repeat(50), WINDOW, LEVEL), vec![(0, 100)]);
        assert_eq!(low_complexity(&b"CAG".repeat(40), WINDOW, LEVEL), vec![(0, 120)]);
        assert_eq!(masked_count(&[b'A'; 100]), 100);
        // k equal triplets score k/2: five (7 bases) exceed 2, four (6 bases) don't.
        assert_eq!(low_complexity(b"AAAAAAA", WINDOW, LEVEL), vec![(0, 7)]);
        assert!(low_complexity(b"AAAAAA", WINDOW, LEVEL).is_empty());
        // GAA + 5 AAA scores 10/5 = 2, not above: only the A's.
        assert_eq!(low_complexity(b"GAAAAAAAG", WINDOW, LEVEL), vec![(1, 8)]);
        // 10 triplets ATA/TAT (5 + 5) score 20/9 > 2; 9 triplets (5 + 4) score 16/8 = 2.
        assert_eq!(low_complexity(b"ATATATATATAT", WINDOW, LEVEL), vec![(0, 12)]);
        assert!(low_complexity(b"ATATATATATA", WINDOW, LEVEL).is_empty());
        // A higher level needs more copies: 7 AAA score 3.5 > 3, 6 score 3.
        assert!(low_complexity(b"AAAAAAAA", WINDOW, 30).is_empty());
        assert_eq!(low_complexity(b"AAAAAAAAA", WINDOW, 30), vec![(0, 9)]);
        // TTTTGTTTT (TTT x4 over 6 gaps) ties its best parts, TTTT: perfect, where sdust.c drops it.
        assert_eq!(low_complexity(b"TTTTTGTTTT", 10, 5), vec![(0, 10)]);
    }

    #[test]
    fn random_sequence_is_left_alone_but_its_poly_a() {
        let sequence = random(2_000, 7, b"ACGT");
        assert!(
            masked_count(&sequence) * 50 < sequence.len(),
            "{}",
            masked_count(&sequence)
        );
        let mut sequence = random(1_000, 11, b"ACGT");
        sequence.splice(470..530, [b'A'; 60]);
        assert!(mask(&sequence)[470..530].iter().all(|&masked| masked));
        assert!(masked_count(&sequence) < 60 + 20, "{}", masked_count(&sequence));
    }

    #[test]
    fn ambiguity_codes_and_short_inputs() {
        assert_eq!(low_complexity(b"AAAAAAANAAAAAAA", WINDOW, LEVEL), vec![(0, 7), (8, 15)]);
        assert!(low_complexity(b"AAAANAAAARAAAA", WINDOW, LEVEL).is_empty());
        assert!(low_complexity(&[b'N'; 500], WINDOW, LEVEL).is_empty());
        assert!(low_complexity(b"", WINDOW, LEVEL).is_empty());
        assert!(low_complexity(b"AA", WINDOW, LEVEL).is_empty());
        assert_eq!(mask(b"AC"), vec![false; 2]);
    }

    #[test]
    fn intervals_are_sorted_disjoint_and_in_bounds() {
        let mut sequence = random(100_000, 3, b"ACGTACGTACGTNRY");
        for (i, unit) in [&b"A"[..], b"AT", b"CAG", b"GGAAT"].into_iter().enumerate() {
            let at = 20_000 * (i + 1);
            sequence.splice(at..at + 300, unit.iter().copied().cycle().take(300));
        }
        let in_bounds = |&(start, end): &(usize, usize)| start < end && end <= sequence.len();
        for window in [0, 1, 2, 3, 4, 10, 64, 1_000, usize::MAX] {
            for level in [0, 1, 20, u32::MAX] {
                let intervals = low_complexity(&sequence, window, level);
                assert!(intervals.iter().all(in_bounds));
                assert!(intervals.windows(2).all(|pair| pair[0].1 < pair[1].0));
            }
        }
        assert!(masked_count(&sequence) >= 1_200);
    }

    #[test]
    fn agrees_with_the_definition() {
        let alphabets: [&[u8]; 5] = [b"ACGT", b"AAAAACGT", b"AT", b"AAAAAAAAAN", b"CAGCAGCAGT"];
        for seed in 0..60 {
            let mut sequence = random(150 + seed * 3, seed as u64, alphabets[seed % alphabets.len()]);
            let unit = random(1 + seed % 4, seed as u64 + 100, b"ACGT");
            sequence.splice(seed..seed + 40, unit.iter().copied().cycle().take(40));
            for window in [3, 5, 12, 30, 64] {
                for level in [0, 10, 20, 35] {
                    let expected = by_definition(&sequence, window, level);
                    assert_eq!(low_complexity(&sequence, window, level), expected, "{seed}");
                }
            }
        }
    }
}
