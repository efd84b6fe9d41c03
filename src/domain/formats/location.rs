//! Owns INSDC feature locations (`join(complement(<1..200),300..>400)`): parsing them with
//! `gb-io`, checking them against a sequence, and summarising them as the 1-based
//! start/end/strand every feature carries (start > end: across the origin of a circular part).
//!
//! The exact location string is kept beside the summary so joins, orders and fuzzy ends survive
//! a GenBank round trip. O(parts of the location) time and memory.
//!
//! Text is read by [`parse`], a recursive-descent reader of the grammar gb-io reads that builds
//! gb-io's [`Location`] but insists on reading all of the text: gb-io's own reader keeps the
//! first location of a text and drops the rest (`1..10xyz` is `1..10`), and takes any word it
//! cannot read for the name of another record (`6..x10` becomes a reference to a record called
//! `6..x10`), so a typo would be stored silently or reported as a reference to another record.
//! A part on another record needs an accession before its colon (`J00194.1:100..202`).
//!
//! ```
//! use bioreg::domain::formats::location;
//! let join = location::parse("join(J00194.1:100..202, 1..10)").unwrap();
//! assert_eq!(location::format(&join), "join(J00194.1:100..202,1..10)");
//! assert_eq!(location::other_records(&join), ["J00194.1"]);
//! assert!(location::parse("join(1..5,6..x10)").unwrap_err().contains("`x10)`"));
//! ```

use gb_io::seq::{After, Before, GapLength, Location};

/// Deepest nesting of operators (`join(complement(…))`) a location may have; real ones nest two or
/// three deep, and the reader recurses once per level.
pub const MAX_DEPTH: usize = 64;

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

/// Why a location's text cannot be stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unreadable {
    /// Not an INSDC location (or nested too deep); the message says where reading stopped.
    Malformed(String),
    /// An INSDC location with an end at one of several positions (`one-of(1888,1901)..2200`, as
    /// older records write an uncertain start), which gb-io's locations cannot hold.
    OneOfEnd(String),
}

impl std::fmt::Display for Unreadable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Unreadable::Malformed(message) | Unreadable::OneOfEnd(message) => f.write_str(message),
        }
    }
}

/// Parses an INSDC location, all of it (see [`read`]).
pub fn parse(text: &str) -> Result<Location, String> {
    read(text).map_err(|e| e.to_string())
}

/// Reads an INSDC location, all of it. Whitespace is ignored, as Biopython ignores it (a
/// location wrapped over lines).
pub fn read(text: &str) -> Result<Location, Unreadable> {
    let compact: Vec<u8> = text.bytes().filter(|b| !b.is_ascii_whitespace()).collect();
    let mut reader = Reader {
        text: &compact,
        at: 0,
        furthest: 0,
        depth: 0,
        too_deep: false,
        one_of_end: false,
    };
    let text = text.trim();
    match reader.location(true) {
        Some(_) if reader.at == compact.len() && reader.one_of_end => Err(Unreadable::OneOfEnd(format!(
            "`{text}` starts or ends at one of several positions, which bioreg cannot store"
        ))),
        Some(location) if reader.at == compact.len() => Ok(location),
        _ if reader.too_deep => Err(Unreadable::Malformed(format!(
            "`{text}` is not a location bioreg reads (operators nest more than {MAX_DEPTH} deep)"
        ))),
        _ => {
            let rest = String::from_utf8_lossy(&compact[reader.furthest.max(reader.at)..]);
            let rest: String = rest.chars().take(30).collect();
            let why = if rest.is_empty() {
                "it ends early".to_string()
            } else {
                format!("`{rest}` cannot be read")
            };
            Err(Unreadable::Malformed(format!(
                "`{text}` is not an INSDC location ({why})"
            )))
        }
    }
}

/// The accessions of the other records a location lies on (`J00194.1` in
/// `join(J00194.1:100..202,1..10)`), each once, in order.
pub fn other_records(location: &Location) -> Vec<&str> {
    fn walk<'a>(location: &'a Location, out: &mut Vec<&'a str>) {
        match location {
            Location::External(accession, _) => {
                if !out.contains(&accession.as_str()) {
                    out.push(accession);
                }
            }
            Location::Complement(inner) => walk(inner, out),
            Location::Join(parts) | Location::Order(parts) | Location::Bond(parts) | Location::OneOf(parts) => {
                parts.iter().for_each(|part| walk(part, out))
            }
            Location::Range(..) | Location::Between(..) | Location::Gap(_) => {}
        }
    }
    let mut out = Vec::new();
    walk(location, &mut out);
    out
}

/// The reader behind [`parse`]: each method reads one production at `at` and, when it fails,
/// leaves `at` where it was (the caller tries the next). `furthest` is the end of the longest
/// prefix read, for the error.
struct Reader<'a> {
    text: &'a [u8],
    at: usize,
    furthest: usize,
    depth: usize,
    too_deep: bool,
    /// Whether a range read has an end at `one-of(…)` positions.
    one_of_end: bool,
}

impl Reader<'_> {
    /// A location; `remote` allows `accession:location` (not inside another one).
    fn location(&mut self, remote: bool) -> Option<Location> {
        self.range()
            .or_else(|| self.operator())
            .or_else(|| self.between())
            .or_else(|| self.single())
            .or_else(|| remote.then(|| self.remote()).flatten())
    }

    fn tag(&mut self, tag: &[u8]) -> bool {
        let found = self.text[self.at..].starts_with(tag);
        if found {
            self.at += tag.len();
            self.furthest = self.furthest.max(self.at);
        }
        found
    }

    /// A whole number with an optional sign (as gb-io reads them: `-2..492` is read, and is then
    /// outside the sequence), below 2^62 either way so that arithmetic on it cannot overflow.
    fn number(&mut self) -> Option<i64> {
        let rest = &self.text[self.at..];
        let sign = usize::from(matches!(rest.first(), Some(b'+' | b'-')));
        let digits = rest[sign..].iter().take_while(|b| b.is_ascii_digit()).count();
        let value = std::str::from_utf8(&rest[..sign + digits])
            .ok()?
            .parse::<i64>()
            .ok()
            .filter(|v| v.unsigned_abs() < 1 << 62)?;
        self.at += sign + digits;
        self.furthest = self.furthest.max(self.at);
        Some(value)
    }

    /// Runs `read` from the current place, and puts the place back if it fails.
    fn attempt<T>(&mut self, read: impl FnOnce(&mut Self) -> Option<T>) -> Option<T> {
        let start = self.at;
        let found = read(self);
        if found.is_none() {
            self.at = start;
        }
        found
    }

    /// `<1..>20`; an end may be `one-of(1888,1901)` (read as its outermost position, and noted).
    fn range(&mut self) -> Option<Location> {
        let (range, one_of) = self.attempt(|r| {
            let before = r.tag(b"<");
            let (from, one_of_from) = r.end(|positions| positions.iter().min().copied())?;
            r.tag(b"..").then_some(())?;
            let after = r.tag(b">");
            let (to, one_of_to) = r.end(|positions| positions.iter().max().copied())?;
            let range = Location::Range((from - 1, Before(before)), (to, After(after)));
            Some((range, one_of_from || one_of_to))
        })?;
        self.one_of_end |= one_of;
        Some(range)
    }

    /// A range's end: a number, or `one-of(…)` numbers (then `pick` chooses one, and `true`).
    fn end(&mut self, pick: impl Fn(&[i64]) -> Option<i64>) -> Option<(i64, bool)> {
        if !self.tag(b"one-of(") {
            return self.number().map(|n| (n, false));
        }
        let mut positions = vec![self.number()?];
        while self.tag(b",") {
            positions.push(self.number()?);
        }
        self.tag(b")").then_some(())?;
        Some((pick(&positions)?, true))
    }

    /// `5^6`: between two neighbouring bases (or the last and the first of a circular sequence).
    fn between(&mut self) -> Option<Location> {
        let furthest = self.furthest;
        let found = self.attempt(|r| {
            let a = r.number()?;
            r.tag(b"^").then_some(())?;
            let b = r.number()?;
            ((a - b).abs() == 1 || ((a == 1) ^ (b == 1))).then_some(Location::Between(a - 1, b - 1))
        });
        if found.is_none() {
            // `5^9` is read as far as `5` (a single base), not to its end.
            self.furthest = furthest;
        }
        found
    }

    /// `5`
    fn single(&mut self) -> Option<Location> {
        self.attempt(|r| {
            r.number()
                .map(|i| Location::Range((i - 1, Before(false)), (i, After(false))))
        })
    }

    /// `join(…)`, `order(…)`, `bond(…)`, `one-of(…)`, `complement(…)` and `gap(…)`.
    fn operator(&mut self) -> Option<Location> {
        if self.depth >= MAX_DEPTH {
            self.too_deep = true;
            return None;
        }
        self.attempt(|r| {
            let name = [&b"join"[..], b"order", b"bond", b"one-of", b"complement", b"gap"]
                .into_iter()
                .find(|name| r.text[r.at..].starts_with(name) && r.text.get(r.at + name.len()) == Some(&b'('))?;
            r.tag(name);
            r.tag(b"(");
            r.depth += 1;
            let location = match name {
                b"gap" => r.gap_length().map(Location::Gap),
                b"complement" => r.location(true).map(|inner| Location::Complement(Box::new(inner))),
                _ => r.list().map(|parts| match name {
                    b"join" => Location::Join(parts),
                    b"order" => Location::Order(parts),
                    b"bond" => Location::Bond(parts),
                    _ => Location::OneOf(parts),
                }),
            };
            r.depth -= 1;
            r.tag(b")").then_some(location?)
        })
    }

    /// Locations separated by commas, at least one.
    fn list(&mut self) -> Option<Vec<Location>> {
        let mut parts = vec![self.location(true)?];
        while self.tag(b",") {
            parts.push(self.location(true)?);
        }
        Some(parts)
    }

    fn gap_length(&mut self) -> Option<GapLength> {
        if self.tag(b"unk100") {
            Some(GapLength::Unk100)
        } else if self.text.get(self.at) == Some(&b')') {
            Some(GapLength::Unknown)
        } else {
            self.number().map(GapLength::Known)
        }
    }

    /// `J00194.1:100..202`: a place on another record, named by its accession (letters, digits and
    /// underscores, starting with a letter) and optional version.
    fn remote(&mut self) -> Option<Location> {
        self.attempt(|r| {
            let rest = &r.text[r.at..];
            let mut length = rest
                .iter()
                .take_while(|b| b.is_ascii_alphanumeric() || **b == b'_')
                .count();
            if !rest.first()?.is_ascii_alphabetic() {
                return None;
            }
            if rest.get(length) == Some(&b'.') {
                let version = rest[length + 1..].iter().take_while(|b| b.is_ascii_digit()).count();
                if version > 0 {
                    length += 1 + version;
                }
            }
            let accession = String::from_utf8_lossy(&rest[..length]).into_owned();
            r.at += length;
            r.tag(b":").then_some(())?;
            let location = r.location(false)?;
            Some(Location::External(accession, Some(Box::new(location))))
        })
    }
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

    /// Every location gb-io reads in full, this reader reads the same.
    #[test]
    fn well_formed_locations_read_as_gb_io_reads_them() {
        for text in [
            "5",
            "1..10",
            "<1..>10",
            "complement(<12..>30)",
            "join(35..40,1..5)",
            "complement(join(1..5,complement(order(7..9,11))))",
            "order(1..5,7..9)",
            "bond(3,8)",
            "one-of(1,5)",
            "5^6",
            "40^1",
            "join(1..5,gap(10),gap(),gap(unk100),20..30)",
            "J00194.1:100..202",
            "join(U18267.1:1..270,NC_000932:complement(1..5),20..30)",
            "complement(-2..492)",
        ] {
            let gb_io = Location::from_gb_format(text).unwrap();
            assert_eq!(parse(text), Ok(gb_io.clone()), "{text}");
            assert_eq!(format(&gb_io), text, "{text}");
        }
    }

    /// gb-io reads the first location of a text and takes what it cannot read for the name of
    /// another record; bioreg says the text is not a location, and where reading stopped.
    #[test]
    fn malformed_locations_are_not_taken_for_references_to_other_records() {
        assert_eq!(
            Location::from_gb_format("1..10xyz").unwrap(),
            Location::simple_range(0, 10)
        );
        assert!(matches!(
            Location::from_gb_format("join(1..5,6..x10)").unwrap(),
            Location::External(name, None) if name == "join(1..5,6..x10)"
        ));
        for (text, rest) in [
            ("join(1..5,6..x10)", "`x10)`"),
            ("1..10xyz", "`xyz`"),
            ("join(1..5,6..10", "ends early"),
            ("1..5,6..10", "`,6..10`"),
            ("xyz", "`xyz`"),
            ("5^9", "`^9`"),
            ("OTHER.1", "`OTHER.1`"),
            ("join(1..5,OTHER.1)", "`OTHER.1)`"),
            ("", "ends early"),
        ] {
            let error = parse(text).unwrap_err();
            assert!(
                error.contains("is not an INSDC location") && error.contains(rest),
                "{text}: {error}"
            );
            assert!(!error.contains("another record"), "{error}");
        }
        // Wrapped over lines, as a feature table may wrap it (Biopython ignores the whitespace).
        assert_eq!(parse("join(1..5,\n 6..10)"), parse("join(1..5,6..10)"));
        let deep = format!(
            "{}1..2{}",
            "complement(".repeat(MAX_DEPTH + 1),
            ")".repeat(MAX_DEPTH + 1)
        );
        assert!(parse(&deep).unwrap_err().contains("nest more than 64"));
        assert!(parse(&format!("{}1", "9".repeat(30))).is_err());
    }

    /// Older records give an uncertain start as `one-of(1888,1901)..2200`; gb-io reads
    /// `one-of(1888,1901)` and drops the rest. It is a location, but not one bioreg can store.
    #[test]
    fn ranges_with_one_of_ends_are_read_and_refused_as_such() {
        assert_eq!(
            Location::from_gb_format("one-of(1888,1901)..2200").unwrap(),
            Location::OneOf(vec![
                Location::simple_range(1887, 1888),
                Location::simple_range(1900, 1901)
            ])
        );
        for text in ["one-of(1888,1901)..2200", "join(1..5,10..one-of(20,25))"] {
            match read(text) {
                Err(Unreadable::OneOfEnd(message)) => {
                    assert!(message.contains("one of several positions"), "{message}")
                }
                other => panic!("{text}: {other:?}"),
            }
        }
        assert!(matches!(read("one-of(1888,1901)"), Ok(Location::OneOf(_))));
        assert!(matches!(read("one-of(1888,1901)..x"), Err(Unreadable::Malformed(_))));
    }

    #[test]
    fn other_records_are_named_once_each() {
        let location = parse("join(A1.1:1..5,complement(B2:3..4),7..9,A1.1:6..8)").unwrap();
        assert_eq!(other_records(&location), ["A1.1", "B2"]);
        assert!(other_records(&parse("join(1..5,7..9)").unwrap()).is_empty());
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
