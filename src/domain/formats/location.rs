//! Owns INSDC feature locations (`join(complement(<1..200),300..>400)`): parsing them with
//! `gb-io`, checking them against a sequence, and summarising them as the 1-based
//! start/end/strand every feature carries (start > end: across the origin of a circular part).
//!
//! The exact location string is kept beside the summary so joins, orders and fuzzy ends survive
//! a GenBank round trip. O(parts of the location) time and memory.

use gb_io::seq::{After, Before, Location};

/// A location's summary: 1-based inclusive bounds in reading order and the strand
/// (+1, -1, or 0 for parts on both strands).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Bounds {
    pub start: i64,
    pub end: i64,
    pub strand: i8,
}

/// One contiguous piece: 0-based half-open `[from, to)` (`from > to` only for a wrapped range
/// written as `6801..100`) and its strand.
#[derive(Debug, Clone, Copy)]
struct Piece {
    from: i64,
    to: i64,
    strand: i8,
}

/// Parses an INSDC location.
pub fn parse(text: &str) -> Result<Location, String> {
    Location::from_gb_format(text.trim()).map_err(|e| format!("`{text}` is not an INSDC location ({e})"))
}

/// The INSDC text of a location.
pub fn format(location: &Location) -> String {
    location.to_gb_format()
}

fn pieces(location: &Location, strand: i8, out: &mut Vec<Piece>) -> Result<(), String> {
    match location {
        Location::Range((from, _), (to, _)) => out.push(Piece {
            from: *from,
            to: *to,
            strand,
        }),
        Location::Between(a, b) => out.push(Piece {
            from: *a,
            to: (*b).max(*a + 1),
            strand,
        }),
        Location::Complement(inner) => {
            let mut inner_pieces = Vec::new();
            pieces(inner, -strand, &mut inner_pieces)?;
            // The complement of a join reads its pieces in reverse order.
            out.extend(inner_pieces.into_iter().rev());
        }
        Location::Join(parts) | Location::Order(parts) | Location::Bond(parts) | Location::OneOf(parts) => {
            for part in parts {
                pieces(part, strand, out)?;
            }
        }
        Location::External(reference, _) => {
            return Err(format!(
                "refers to another record (`{reference}`); only locations on this sequence can be stored"
            ))
        }
        Location::Gap(_) => return Err("is an assembly gap, not a place on the sequence".into()),
    }
    Ok(())
}

/// Checks a location against a sequence of `length` bases and summarises it.
pub fn bounds(location: &Location, length: i64, circular: bool) -> Result<Bounds, String> {
    let mut parts = Vec::new();
    pieces(location, 1, &mut parts)?;
    let (Some(first), Some(last)) = (parts.first().copied(), parts.last().copied()) else {
        return Err("is empty".into());
    };
    for piece in &parts {
        let wrapped = piece.from >= piece.to;
        if piece.from < 0 || piece.to > length || piece.from >= length || piece.to < 1 {
            return Err(format!(
                "{}..{} is outside the sequence (1..{length})",
                piece.from + 1,
                piece.to
            ));
        }
        if wrapped && !circular {
            return Err(format!(
                "{}..{} ends before it starts; only features of circular parts may cross the origin",
                piece.from + 1,
                piece.to
            ));
        }
    }
    let strand = if parts.iter().all(|p| p.strand == first.strand) {
        first.strand
    } else {
        0
    };
    // Reading order: forward pieces left to right, reverse pieces right to left. The span
    // crosses the origin when a piece wraps, or when reading order steps back round the origin.
    let crosses = parts.iter().any(|p| p.from >= p.to)
        || parts.windows(2).any(|w| match strand {
            -1 => w[1].from > w[0].from,
            _ => w[1].from < w[0].from,
        });
    let (start, end) = if crosses && circular {
        match strand {
            -1 => (last.from + 1, first.to),
            _ => (first.from + 1, last.to),
        }
    } else {
        let from = parts.iter().map(|p| p.from).min().unwrap_or(0);
        let to = parts.iter().map(|p| p.to).max().unwrap_or(0);
        (from + 1, to)
    };
    Ok(Bounds { start, end, strand })
}

/// The plain location of a summary: a range, complemented on the reverse strand, split at the
/// origin when it crosses it.
pub fn from_bounds(bounds: Bounds, length: i64) -> Location {
    let range = |from: i64, to: i64| Location::Range((from, Before(false)), (to, After(false)));
    let plain = if bounds.start <= bounds.end {
        range(bounds.start - 1, bounds.end)
    } else {
        Location::Join(vec![range(bounds.start - 1, length), range(0, bounds.end)])
    };
    if bounds.strand == -1 {
        Location::Complement(Box::new(plain))
    } else {
        plain
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn summary(text: &str, length: i64, circular: bool) -> Result<Bounds, String> {
        bounds(&parse(text)?, length, circular)
    }

    #[test]
    fn locations_summarise_to_start_end_and_strand() {
        let b = |start, end, strand| Ok(Bounds { start, end, strand });
        assert_eq!(summary("10..20", 100, false), b(10, 20, 1));
        assert_eq!(summary("complement(<10..>20)", 100, false), b(10, 20, -1));
        assert_eq!(summary("join(10..20,30..40)", 100, false), b(10, 40, 1));
        assert_eq!(
            summary("join(complement(30..40),complement(10..20))", 100, false),
            b(10, 40, -1)
        );
        assert_eq!(summary("complement(join(10..20,30..40))", 100, false), b(10, 40, -1));
        // Across the origin of a circular sequence.
        assert_eq!(summary("join(90..100,1..5)", 100, true), b(90, 5, 1));
        assert_eq!(summary("complement(join(90..100,1..5))", 100, true), b(90, 5, -1));
        assert_eq!(summary("90..5", 100, true), b(90, 5, 1));
        assert_eq!(summary("join(10..20,complement(30..40))", 100, false), b(10, 40, 0));
        assert_eq!(summary("5", 100, false), b(5, 5, 1));
    }

    #[test]
    fn bad_locations_say_why() {
        assert!(summary("90..5", 100, false).unwrap_err().contains("circular"));
        // A join that steps back is a trans-splice on a linear sequence, not an origin crossing.
        assert_eq!(
            summary("join(90..100,1..5)", 100, false),
            Ok(Bounds {
                start: 1,
                end: 100,
                strand: 1
            })
        );
        assert!(summary("10..120", 100, false).unwrap_err().contains("outside"));
        assert!(summary("complement(-2..50)", 100, false).is_err());
        assert!(summary("U18267.1:1..270", 300, false)
            .unwrap_err()
            .contains("another record"));
    }

    #[test]
    fn summaries_round_trip_through_plain_locations() {
        for (bounds, length) in [
            (
                Bounds {
                    start: 3,
                    end: 9,
                    strand: 1,
                },
                20,
            ),
            (
                Bounds {
                    start: 3,
                    end: 9,
                    strand: -1,
                },
                20,
            ),
            (
                Bounds {
                    start: 15,
                    end: 4,
                    strand: 1,
                },
                20,
            ),
            (
                Bounds {
                    start: 15,
                    end: 4,
                    strand: -1,
                },
                20,
            ),
        ] {
            let location = from_bounds(bounds, length);
            assert_eq!(summary(&format(&location), length, true), Ok(bounds));
        }
    }
}
