//! Owns the memory bound of one list page: how many of the rows a list query matched one page
//! may read, chosen from their sizes before any is read.
//!
//! A list first reads the keys of up to `limit` + 1 matching rows with the bytes of their large
//! columns (`octet_length`, answered from the values' headers) and counts of their child rows,
//! then takes rows in order while the page stays within [`PAGE_BYTES`] (always at least one),
//! and reads only those. A page that stops early has fewer than `limit` items and a
//! `next_cursor`. Cost: O(limit) keys, a fixed number of queries; memory O(PAGE_BYTES) plus one
//! record (a record is bounded by the write limits).

/// Bytes one page of a list may hold: stored bytes of the rows it shows (JSON columns, the
/// published snapshot for readers who see that instead of the head, sequences when asked for,
/// one residue a byte) plus [`CHILD_BYTES`] for each child row (component, carried part).
/// 500 ordinary parts take about 1 MB; without it a page of 500 records with 30 MB of
/// features each, or of 200 genomes in an export, would read 10 GB at once.
pub const PAGE_BYTES: i64 = 8_000_000;

/// What one child row (a component of a composite, a part a strain carries) stands for in a
/// page: its row and the views built from it.
pub const CHILD_BYTES: i64 = 256;

/// Takes rows in order while their total stays within a budget; the first row always fits.
#[derive(Debug, Clone)]
pub struct PageBudget {
    max: i64,
    total: i64,
    taken: usize,
}

impl PageBudget {
    pub fn new(max: i64) -> Self {
        PageBudget {
            max,
            total: 0,
            taken: 0,
        }
    }

    /// Takes a row of `bytes` if it fits (or is the first); false once the page is full.
    pub fn take(&mut self, bytes: i64) -> bool {
        let total = self.total.saturating_add(bytes.max(0));
        if self.taken > 0 && total > self.max {
            return false;
        }
        self.total = total;
        self.taken += 1;
        true
    }

    /// How many rows were taken.
    pub fn taken(&self) -> usize {
        self.taken
    }
}

#[cfg(test)]
mod tests {
    use super::PageBudget;

    fn taken(sizes: &[i64], max: i64) -> usize {
        let mut budget = PageBudget::new(max);
        for &size in sizes {
            if !budget.take(size) {
                break;
            }
        }
        budget.taken()
    }

    #[test]
    fn a_page_stops_at_its_budget_but_holds_one_row() {
        assert_eq!(taken(&[5, 5, 5], 10), 2);
        assert_eq!(taken(&[50, 5], 10), 1);
        assert_eq!(taken(&[1, 2, 3], 100), 3);
        assert_eq!(taken(&[], 10), 0);
        assert_eq!(taken(&[i64::MAX, 1], 10), 1);
    }
}
