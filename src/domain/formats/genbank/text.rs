//! Owns what bioreg reads from a GenBank record's text itself, beside gb-io's parse: where
//! records and features start (so every problem has its line), the text of each feature's
//! location (gb-io keeps only what it made of it), why a record has no sequence, the words of a
//! LOCUS line gb-io gives up on, and the REFERENCE and COMMENT blocks as written.
//!
//! Each function is one pass over the record's text: O(record) time; memory O(1) beyond what it
//! returns.

use super::super::{line_of, location};
use crate::domain::parts::input::MAX_FEATURES;

/// A record's place in the file: byte offset and 1-based line of its LOCUS line, and its bytes.
type Span<'a> = (usize, usize, &'a [u8]);

/// Splits GenBank text into records, counting lines as it goes (one pass over the file), and
/// finds the line of any text before the first LOCUS line.
pub(super) fn split(text: &[u8]) -> (Vec<Span<'_>>, Option<usize>) {
    let mut records = Vec::new();
    let mut start: Option<(usize, usize)> = None;
    let mut stray = None;
    let mut offset = 0;
    for (number, line) in text.split_inclusive(|&b| b == b'\n').enumerate() {
        let trimmed = line.trim_ascii();
        if line.starts_with(b"LOCUS") {
            if let Some((s, l)) = start {
                // A record without its `//`: gb-io reports it.
                records.push((s, l, &text[s..offset]));
            }
            start = Some((offset, number + 1));
        } else if start.is_none() && !trimmed.is_empty() && stray.is_none() {
            stray = Some(number + 1);
        }
        offset += line.len();
        if trimmed == b"//" {
            if let Some((s, l)) = start.take() {
                records.push((s, l, &text[s..offset]));
            }
        }
    }
    if let Some((s, l)) = start {
        records.push((s, l, &text[s..]));
    }
    (records, stray)
}

/// The line of a gb-io syntax error inside `record`: gb-io quotes up to 50 bytes of the input it
/// stopped at.
pub(super) fn error_line(record: &[u8], record_line: usize, message: &str) -> usize {
    let quoted = message
        .find('[')
        .and_then(|a| message.rfind(']').filter(|&b| b > a + 1).map(|b| &message[a + 1..b]));
    quoted
        .and_then(|q| {
            let needle = q.as_bytes();
            record.windows(needle.len()).position(|w| w == needle)
        })
        .map(|at| record_line + line_of(record, at) - 1)
        .unwrap_or(record_line)
}

/// The line (from the record's first) where the feature table's parentheses, outside quoted
/// qualifier values, first nest deeper than [`location::MAX_DEPTH`]. O(record) time, O(1) memory.
pub(super) fn too_deep_location(record: &[u8]) -> Option<usize> {
    let mut in_table = false;
    let (mut depth, mut quoted) = (0usize, false);
    for (n, line) in record.split(|&b| b == b'\n').enumerate() {
        if line.starts_with(b"FEATURES") {
            in_table = true;
            continue;
        }
        if !in_table {
            continue;
        }
        if line.first().is_some_and(|b| !b.is_ascii_whitespace()) {
            break;
        }
        if line.len() > 5 && line[..5].iter().all(|&b| b == b' ') && line[5] != b' ' {
            // A new feature: whatever the last one left open does not carry over.
            (depth, quoted) = (0, false);
        }
        for &b in line {
            match b {
                b'"' => quoted = !quoted,
                b'(' if !quoted => {
                    depth += 1;
                    if depth > location::MAX_DEPTH {
                        return Some(n);
                    }
                }
                b')' if !quoted => depth = depth.saturating_sub(1),
                _ => {}
            }
        }
    }
    None
}

/// For each feature of a record, how many lines after the LOCUS line its key stands (at most
/// [`MAX_FEATURES`] + 1 of them: enough to name the first one too many).
pub(super) fn feature_lines(record: &[u8]) -> Vec<usize> {
    let mut in_table = false;
    let mut lines = Vec::new();
    for (n, line) in record.split(|&b| b == b'\n').enumerate() {
        if line.starts_with(b"FEATURES") {
            in_table = true;
        } else if in_table && line.first().is_some_and(|b| !b.is_ascii_whitespace()) {
            break;
        } else if in_table && line.len() > 5 && line[..5].iter().all(|&b| b == b' ') && line[5] != b' ' {
            lines.push(n);
            if lines.len() > MAX_FEATURES {
                break;
            }
        }
    }
    lines
}

/// The location of each feature whose key line `features` gives (from [`feature_lines`]), as
/// written: the key, and the text after it with the lines that continue it (indented as far as
/// the location, not starting a qualifier) joined, as gb-io joins them.
pub(super) fn feature_locations(record: &[u8], features: &[usize]) -> Vec<(String, String)> {
    let lines: Vec<&[u8]> = record
        .split(|&b| b == b'\n')
        .map(|line| line.strip_suffix(b"\r").unwrap_or(line))
        .collect();
    let run = |line: &[u8], from: usize, space: bool| {
        from + line[from..].iter().take_while(|&&b| (b == b' ') == space).count()
    };
    features
        .iter()
        .filter_map(|&n| {
            let line = lines.get(n)?;
            let key_start = run(line, 0, true);
            let key_end = run(line, key_start, false);
            let indent = run(line, key_end, true);
            let mut text = String::from_utf8_lossy(&line[indent..]).into_owned();
            for next in &lines[n + 1..] {
                if next.len() > indent && next[..indent].iter().all(|&b| b == b' ') && next[indent] != b'/' {
                    text.push_str(&String::from_utf8_lossy(&next[indent..]));
                } else {
                    break;
                }
            }
            Some((String::from_utf8_lossy(&line[key_start..key_end]).into_owned(), text))
        })
        .collect()
}

/// Why a record has no sequence of its own, if it has none, and the line (from the record's
/// first) that shows it. Master records of WGS, TSA and TLS projects list their records on a
/// `WGS`, `WGS_SCAFLD`, `TSA` or `TLS` line; a CONTIG record assembles its sequence from other
/// records on its `CONTIG` line; other records may lack an ORIGIN section or leave it empty.
pub(super) fn missing_sequence(record: &[u8]) -> Option<(usize, String)> {
    let (mut master, mut contig, mut origin) = (None, None, None);
    for (n, line) in record.split(|&b| b == b'\n').enumerate() {
        if origin.is_some() {
            if line.iter().any(u8::is_ascii_alphabetic) {
                return None;
            }
            continue;
        }
        let text = String::from_utf8_lossy(line);
        let words: Vec<&str> = text.split_ascii_whitespace().collect();
        if line.first().is_some_and(u8::is_ascii_whitespace) || words.is_empty() {
            continue;
        }
        match words[0] {
            "WGS" | "WGS_SCAFLD" | "TSA" | "TLS" if master.is_none() => master = Some((n, words.join(" "))),
            "CONTIG" if contig.is_none() => contig = Some((n, words.join(" "))),
            "ORIGIN" => origin = Some(n),
            _ => {}
        }
    }
    let quote = |text: String| match text.char_indices().nth(80) {
        Some((at, _)) => format!("{}…", &text[..at]),
        None => text,
    };
    Some(match (master, contig, origin) {
        (Some((n, line)), _, _) => {
            let project = match line.split(' ').next() {
                Some("TSA") => "transcriptome shotgun assembly (TSA)",
                Some("TLS") => "targeted locus study (TLS)",
                _ => "whole-genome shotgun (WGS)",
            };
            (
                n,
                format!(
                    "has no sequence: it is the master record of a {project} project (`{}`), which lists the project's records instead of holding a sequence; import those records instead",
                    quote(line)
                ),
            )
        }
        (None, Some((n, line)), _) => (
            n,
            format!(
                "has no sequence: it is a CONTIG record (`{}`), whose sequence is assembled from other records; import those records, or the assembled sequence",
                quote(line)
            ),
        ),
        (None, None, Some(n)) => (n, "has no sequence: its ORIGIN section is empty; a part needs its sequence".into()),
        (None, None, None) => (0, "has no sequence: it has no ORIGIN section; a part needs its sequence".into()),
    })
}

/// The fields of a LOCUS line read word by word: `LOCUS name length bp|aa [molecule] [topology]
/// [division] [date]`. For the lines gb-io's parser gives up on, keeping none of their fields: a
/// GenPept line (no molecule type), a date out of GenBank's `DD-MON-YYYY` form (`2024-01-01`), a
/// division of other characters than letters (`SY1`). The division is every word between the
/// topology and the date, and the date the last word if it holds a digit, both as written.
#[derive(Debug, PartialEq)]
pub(super) struct LocusWords<'a> {
    pub name: &'a str,
    pub length: usize,
    pub protein: bool,
    pub molecule: Option<&'a str>,
    pub circular: bool,
    pub division: Option<String>,
    pub date: Option<&'a str>,
}

/// Reads a LOCUS line's words; `None` without a name, a length and its unit.
pub(super) fn locus_words(line: &str) -> Option<LocusWords<'_>> {
    let words: Vec<&str> = line.split_ascii_whitespace().collect();
    let unit = (3..words.len()).find(|&u| matches!(words[u], "bp" | "aa") && words[u - 1].parse::<usize>().is_ok())?;
    // A nucleotide line needs its name in one word (`Exported File` is refused, as gb-io and
    // Biopython refuse it); a GenPept line may have words between its name and its length, as
    // bioreg has always read them (a fuzzed record has them; the name is the first word).
    if words[0] != "LOCUS" || (unit != 3 && words[unit] != "aa") {
        return None;
    }
    let (name, length) = (words[1], words[unit - 1]);
    let (mut rest, protein) = (&words[unit + 1..], words[unit] == "aa");
    let mut take = |wanted: &dyn Fn(&str) -> bool| match rest.split_first() {
        Some((word, after)) if wanted(word) => {
            rest = after;
            Some(*word)
        }
        _ => None,
    };
    let molecule = take(&|w| !protein && !matches!(w, "linear" | "circular"));
    let circular = take(&|w| matches!(w, "linear" | "circular")) == Some("circular");
    let date = match rest.split_last() {
        Some((last, before)) if last.bytes().any(|b| b.is_ascii_digit()) => {
            rest = before;
            Some(*last)
        }
        _ => None,
    };
    Some(LocusWords {
        name,
        length: length.parse().ok()?,
        protein,
        molecule,
        circular,
        division: (!rest.is_empty()).then(|| rest.join(" ")),
        date,
    })
}

/// The REFERENCE and COMMENT blocks of a record's header as written: each keyword line with the
/// indented lines that continue it. They are kept verbatim (gb-io's reader drops or merges some
/// of their subfields, e.g. PUBMED and references without a TITLE) and written back as they were.
pub(super) fn annotation_blocks(record: &[u8]) -> Vec<String> {
    let mut blocks: Vec<String> = Vec::new();
    let mut open = false;
    for line in String::from_utf8_lossy(record).lines() {
        if line.starts_with("FEATURES") || line.starts_with("ORIGIN") || line.starts_with("CONTIG") {
            break;
        }
        if line.starts_with("REFERENCE") || line.starts_with("COMMENT") {
            blocks.push(line.trim_end().to_string());
            open = true;
        } else if open && line.starts_with(' ') {
            if let Some(block) = blocks.last_mut() {
                block.push('\n');
                block.push_str(line.trim_end());
            }
        } else {
            open = false;
        }
    }
    blocks
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deeply_nested_locations_are_found_before_parsing() {
        let record = |location: &str| {
            format!(
                "LOCUS       x 10 bp DNA linear UNK\nFEATURES             Location/Qualifiers\n     misc_feature    {location}\n                     /note=\"((((\"\nORIGIN\n        1 acgtacgtac\n//\n"
            )
        };
        assert_eq!(
            too_deep_location(record("join(complement(1..2),3..4)").as_bytes()),
            None
        );
        let deep = format!("{}1..2{}", "complement(".repeat(40_000), ")".repeat(40_000));
        assert_eq!(too_deep_location(record(&deep).as_bytes()), Some(2));
        let just = format!("{}1..2{}", "complement(".repeat(64), ")".repeat(64));
        assert_eq!(too_deep_location(record(&just).as_bytes()), None);
    }

    #[test]
    fn feature_locations_are_read_as_written_with_their_continuation_lines() {
        let record = b"LOCUS       x 40 bp DNA linear UNK\r\nFEATURES             Location/Qualifiers\r\n     CDS             join(1..5,\r\n                     6..x10)\r\n                     /gene=\"a\"\r\n     gene            1..4\r\nORIGIN\r\n//\r\n";
        let features = feature_lines(record);
        assert_eq!(features, [2, 5]);
        assert_eq!(
            feature_locations(record, &features),
            [
                ("CDS".to_string(), "join(1..5,6..x10)".to_string()),
                ("gene".into(), "1..4".into())
            ]
        );
    }

    #[test]
    fn records_without_a_sequence_say_why() {
        let with = "LOCUS       x 10 bp DNA linear UNK\nORIGIN\n        1 acgtacgtac\n//\n";
        assert_eq!(missing_sequence(with.as_bytes()), None);
        let (line, why) = missing_sequence(b"LOCUS       x 10 bp DNA linear UNK\nORIGIN\n//\n").unwrap();
        assert_eq!((line, why.contains("ORIGIN section is empty")), (1, true));
        let (line, why) =
            missing_sequence(b"LOCUS       x 10 bp DNA linear UNK\nFEATURES             Location/Qualifiers\n//\n")
                .unwrap();
        assert_eq!((line, why.contains("no ORIGIN section")), (0, true));
        let (line, why) =
            missing_sequence(b"LOCUS       x 10 bp DNA linear CON\nCONTIG      join(ABJB010667125.1:1..10)\n//\n")
                .unwrap();
        assert_eq!(line, 1);
        assert!(
            why.contains("CONTIG record (`CONTIG join(ABJB010667125.1:1..10)`)"),
            "{why}"
        );
        let (line, why) = missing_sequence(b"LOCUS       x 123 rc mRNA linear TSA\nKEYWORDS    TSA; Transcriptome Shotgun Assembly.\nTSA         GAAA01000001-GAAA01000123\n//\n").unwrap();
        assert_eq!(line, 2);
        assert!(
            why.contains(
                "master record of a transcriptome shotgun assembly (TSA) project (`TSA GAAA01000001-GAAA01000123`)"
            ),
            "{why}"
        );
    }

    #[test]
    fn locus_lines_gb_io_gives_up_on_are_read_word_by_word() {
        let words = |line| locus_words(line).unwrap();
        let read = words("LOCUS       pDate                     40 bp    DNA     circular SYN 2024-01-01");
        assert_eq!(
            read,
            LocusWords {
                name: "pDate",
                length: 40,
                protein: false,
                molecule: Some("DNA"),
                circular: true,
                division: Some("SYN".into()),
                date: Some("2024-01-01"),
            }
        );
        let read = words("LOCUS       TESTP                     12 aa            linear   BCT 01-JAN-2024");
        assert_eq!(
            (read.protein, read.molecule, read.division.as_deref()),
            (true, None, Some("BCT"))
        );
        let read = words("LOCUS       pDiv 40 bp DNA circular SY1 01-JAN-2024");
        assert_eq!(
            (read.division.as_deref(), read.date),
            (Some("SY1"), Some("01-JAN-2024"))
        );
        let read = words("LOCUS       HSTMPO1      2509 bp    DNA             PRI       01-JUL-1995");
        assert_eq!((read.circular, read.division.as_deref()), (false, Some("PRI")));
        assert_eq!(words("LOCUS       pX 40 bp DNA linear").division, None);
        assert_eq!(
            locus_words("LOCUS       KBUV01000000            3714 rc    DNA     linear   ENV 26-FEB-2018"),
            None
        );
        assert_eq!(locus_words("LOCUS       U00096"), None);
        assert_eq!(
            locus_words("LOCUS       Exported File           2332 bp ds-DNA    circular SYN 12-MAR-2014"),
            None
        );
        let fuzzed = words("LOCUS 0  ORGANIS     AAA98665                  23 aa            linear   BCT 14-JAN-2002");
        assert_eq!((fuzzed.name, fuzzed.length, fuzzed.protein), ("0", 23, true));
    }
}
