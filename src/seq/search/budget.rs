//! Owns what one search may cost: a work budget, a deadline, a cancellation flag, and the
//! bounded collection of the hits it holds ([`Collector`]).
//!
//! Every stage of a search spends *work units* before it does the work — one unit per seed
//! position read, per base of text verified (times the Myers block count for long queries), per
//! band cell of a gapped extension — so the cost of a search is bounded by the budget whatever the
//! query and the library, and a search that runs out answers with what it found so far and says
//! why it stopped ([`Stop`]). The clock and the cancellation flag are read every
//! [`CHECK_EVERY`] units, so a deadline is overrun by at most that much work (well under a
//! millisecond).
//!
//! Hits are held in a vector of at most `2 · max_hits`: when it fills, it is sorted best first,
//! duplicates are dropped and it is cut back to `max_hits`. Memory is O(max_hits) whatever the
//! number of matches; each hit kept costs O(log max_hits) amortised.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Instant;

use super::{Hit, Strand};

/// Work units between two looks at the clock and the cancellation flag.
pub const CHECK_EVERY: u64 = 1 << 16;

/// Why a search stopped before it had looked everywhere.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stop {
    /// More hits matched than the search may hold; the best ones held are returned.
    HeldHits,
    /// The work budget ran out.
    WorkBudget,
    /// The deadline passed.
    Deadline,
    /// The caller went away.
    Cancelled,
}

impl Stop {
    pub fn as_str(self) -> &'static str {
        match self {
            Stop::HeldHits => "held_hits",
            Stop::WorkBudget => "work_budget",
            Stop::Deadline => "deadline",
            Stop::Cancelled => "cancelled",
        }
    }
}

/// The work, time and cancellation limits of one search.
#[derive(Debug, Clone)]
pub struct Budget {
    work_left: u64,
    deadline: Option<Instant>,
    cancelled: Option<Arc<AtomicBool>>,
    since_check: u64,
    stop: Option<Stop>,
    spent: u64,
}

impl Budget {
    /// A budget of `work` units, ending at `deadline` or when `cancelled` is set.
    pub fn new(work: u64, deadline: Option<Instant>, cancelled: Option<Arc<AtomicBool>>) -> Self {
        Budget {
            work_left: work,
            deadline,
            cancelled,
            since_check: 0,
            stop: None,
            spent: 0,
        }
    }

    /// No limit (tests, benchmarks and tools over trusted input).
    pub fn unlimited() -> Self {
        Budget::new(u64::MAX, None, None)
    }

    /// Spends `units` of work; `false` once the search must stop (and from then on).
    #[inline]
    pub fn spend(&mut self, units: u64) -> bool {
        if self.stop.is_some() {
            return false;
        }
        if units > self.work_left {
            self.work_left = 0;
            self.stop = Some(Stop::WorkBudget);
            return false;
        }
        self.work_left -= units;
        self.spent += units;
        self.since_check += units;
        if self.since_check >= CHECK_EVERY {
            self.since_check = 0;
            return self.check();
        }
        true
    }

    /// Looks at the clock and the cancellation flag now; `false` when the search must stop.
    pub fn check(&mut self) -> bool {
        if self.stop.is_some() {
            return false;
        }
        if self.cancelled.as_ref().is_some_and(|flag| flag.load(Ordering::Relaxed)) {
            self.stop = Some(Stop::Cancelled);
        } else if self.deadline.is_some_and(|deadline| Instant::now() >= deadline) {
            self.stop = Some(Stop::Deadline);
        }
        self.stop.is_none()
    }

    /// Ends the search for `why` (the first reason given stands).
    pub fn halt(&mut self, why: Stop) {
        self.stop.get_or_insert(why);
    }

    pub fn stopped(&self) -> Option<Stop> {
        self.stop
    }

    /// Work units spent so far.
    pub fn spent(&self) -> u64 {
        self.spent
    }
}

/// How hits compare, best first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rank {
    /// Fewest differences first (exact, approximate).
    Differences,
    /// Highest score first (similarity).
    Score,
}

/// The hits a search holds, at most `2 · max_hits` at any time, and its budget.
pub struct Collector<G> {
    hits: Vec<Hit<G>>,
    max_hits: usize,
    rank: Rank,
    query_len: u32,
    dropped: bool,
    pub budget: Budget,
}

impl<G: Clone + Eq + std::hash::Hash> Collector<G> {
    pub fn new(max_hits: usize, rank: Rank, query_len: usize, budget: Budget) -> Self {
        let max_hits = max_hits.max(1);
        Collector {
            hits: Vec::with_capacity(max_hits.min(1024)),
            max_hits,
            rank,
            query_len: query_len as u32,
            dropped: false,
            budget,
        }
    }

    /// Whether the search may go on.
    #[inline]
    pub fn spend(&mut self, units: u64) -> bool {
        self.budget.spend(units)
    }

    #[inline]
    pub fn stopped(&self) -> bool {
        self.budget.stopped().is_some()
    }

    /// Keeps `hit` (query offsets on the strand searched: a reverse hit's are turned to the query
    /// as given); `false` when the search should stop. An exact or approximate search stops once
    /// it holds `max_hits` hits without differences, since no later hit can rank above them.
    pub fn push(&mut self, mut hit: Hit<G>) -> bool {
        if hit.strand == Strand::Reverse {
            (hit.query_start, hit.query_end) = (self.query_len - hit.query_end, self.query_len - hit.query_start);
        }
        self.hits.push(hit);
        if self.hits.len() >= 2 * self.max_hits {
            self.dropped |= self.shrink();
            if self.rank == Rank::Differences && self.hits.last().is_some_and(|h| h.differences == 0) {
                self.budget.halt(Stop::HeldHits);
            }
        }
        !self.stopped()
    }

    /// Best first, duplicates (same group, tag, strand and place) dropped, at most `max_hits`;
    /// whether any hit other than a duplicate was dropped.
    fn shrink(&mut self) -> bool {
        match self.rank {
            Rank::Score => self
                .hits
                .sort_by(|a, b| b.score.cmp(&a.score).then(a.strand.cmp(&b.strand))),
            Rank::Differences => self
                .hits
                .sort_by(|a, b| a.differences.cmp(&b.differences).then(a.strand.cmp(&b.strand))),
        }
        let mut seen = std::collections::HashSet::with_capacity(self.hits.len());
        self.hits
            .retain(|h| seen.insert((h.group.clone(), h.tag, h.strand, h.start, h.span)));
        let cut = self.hits.len() > self.max_hits;
        self.hits.truncate(self.max_hits);
        cut
    }

    /// The hits, best first, and why the search stopped early (if it did). Hits dropped because
    /// more matched than could be held count as [`Stop::HeldHits`].
    pub fn finish(mut self) -> (Vec<Hit<G>>, Option<Stop>) {
        let dropped = self.shrink() | self.dropped;
        let stop = self.budget.stopped().or(dropped.then_some(Stop::HeldHits));
        (self.hits, stop)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hit(group: u32, start: u32, differences: u32) -> Hit<u32> {
        Hit {
            group,
            tag: 0,
            strand: Strand::Forward,
            start,
            span: 10,
            sequence_length: 100,
            circular: false,
            query_start: 0,
            query_end: 10,
            differences,
            matches: 10 - differences,
            columns: 10,
            score: 0,
            bit_score: None,
            evalue: None,
            alignment: None,
        }
    }

    #[test]
    fn work_runs_out() {
        let mut budget = Budget::new(10, None, None);
        assert!(budget.spend(4));
        assert!(budget.spend(6));
        assert!(!budget.spend(1));
        assert_eq!(budget.stopped(), Some(Stop::WorkBudget));
        assert!(!budget.spend(0), "stays stopped");
    }

    #[test]
    fn deadline_and_cancellation_are_seen_within_check_every_units() {
        let mut budget = Budget::new(u64::MAX, Some(Instant::now()), None);
        assert!(!budget.spend(CHECK_EVERY));
        assert_eq!(budget.stopped(), Some(Stop::Deadline));
        let flag = Arc::new(AtomicBool::new(false));
        let mut budget = Budget::new(u64::MAX, None, Some(flag.clone()));
        assert!(budget.spend(CHECK_EVERY));
        flag.store(true, Ordering::Relaxed);
        assert!(!budget.spend(CHECK_EVERY));
        assert_eq!(budget.stopped(), Some(Stop::Cancelled));
    }

    #[test]
    fn the_collector_holds_at_most_twice_max_hits_and_keeps_the_best() {
        let mut collector = Collector::new(5, Rank::Differences, 10, Budget::unlimited());
        for i in 0..9 {
            assert!(collector.push(hit(i, i, 1 + i % 3)));
        }
        // The tenth fills the vector: it is cut back to the five best.
        collector.push(hit(99, 0, 0));
        assert!(collector.hits.len() <= 10);
        let (hits, stop) = collector.finish();
        assert_eq!(stop, Some(Stop::HeldHits));
        assert_eq!(hits.len(), 5);
        assert_eq!(hits[0].group, 99);
        assert!(hits.iter().all(|h| h.differences <= 2));
    }

    #[test]
    fn exact_hits_stop_the_search_once_enough_are_held() {
        let mut collector = Collector::new(3, Rank::Differences, 10, Budget::unlimited());
        let mut going = true;
        let mut pushed = 0;
        while going && pushed < 100 {
            going = collector.push(hit(pushed, pushed, 0));
            pushed += 1;
        }
        assert_eq!(pushed, 6);
        let (hits, stop) = collector.finish();
        assert_eq!((hits.len(), stop), (3, Some(Stop::HeldHits)));
    }

    #[test]
    fn few_hits_are_not_truncated_and_duplicates_go() {
        let mut collector = Collector::new(5, Rank::Differences, 10, Budget::unlimited());
        collector.push(hit(1, 3, 0));
        collector.push(hit(1, 3, 0));
        let (hits, stop) = collector.finish();
        assert_eq!((hits.len(), stop), (1, None));
    }
}
