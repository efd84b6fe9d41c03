//! Owns FASTA reading and writing for parts. Records are read with `bio::io::fasta` (its
//! reader keeps the id and description apart and joins wrapped sequence lines); this module
//! adds each record's line, maps the header to name and description, and writes stored parts
//! with their accession, name and description in the header, 70 residues per line.
//!
//! Letters are checked later, by the same validation as every part (a letter outside the
//! alphabet is reported with its position). O(file) time; memory is the file plus one record.

use std::io::Write;

use super::{Defaults, ExportPart, Parsed, Problem, Record};
use crate::domain::parts::PartInput;
use crate::seq::{MoleculeType, Topology};

const LINE_WIDTH: usize = 70;

/// Reads every record of a FASTA file.
pub fn read(text: &[u8], defaults: &Defaults) -> Parsed {
    let mut parsed = Parsed::default();
    // What lenient readers accept: `;`, `#` and `!` comment lines are dropped, and an old-style file
    // whose only header is a `;` line gets it as its `>` header. Header lines are remembered by
    // their line in the file (bio's reader does not track lines).
    let has_header = text
        .split(|&b| b == b'\n')
        .any(|l| l.trim_ascii_start().starts_with(b">"));
    let mut cleaned: Vec<u8> = Vec::with_capacity(text.len());
    let mut starts = Vec::new();
    let mut before_first = None;
    for (n, line) in text.split_inclusive(|&b| b == b'\n').enumerate() {
        let trimmed = line.trim_ascii_start();
        if trimmed.starts_with(b";") && !has_header && starts.is_empty() {
            starts.push(n + 1);
            cleaned.push(b'>');
            cleaned.extend_from_slice(&trimmed[1..]);
        } else if trimmed.starts_with(b";") || trimmed.starts_with(b"#") || trimmed.starts_with(b"!") {
            continue;
        } else if trimmed.starts_with(b">") {
            starts.push(n + 1);
            cleaned.extend_from_slice(trimmed);
        } else if starts.is_empty() {
            if !trimmed.trim_ascii().is_empty() && before_first.is_none() {
                before_first = Some(n + 1);
            }
        } else {
            cleaned.extend_from_slice(line);
        }
        if !cleaned.ends_with(b"\n") && !cleaned.is_empty() {
            cleaned.push(b'\n');
        }
    }
    if let Some(line) = before_first {
        parsed.problems.push(Problem {
            index: None,
            line,
            field: None,
            message: "text before the first `>` header; a FASTA record starts with `>name`".into(),
        });
    }
    if starts.is_empty() {
        parsed.problems.push(Problem {
            index: None,
            line: 1,
            field: None,
            message: "no FASTA record (no `>` header) in the file".into(),
        });
        return parsed;
    }
    let topology = defaults.topology.unwrap_or(Topology::Linear);
    let molecule_type = defaults.molecule_type.unwrap_or(MoleculeType::Dna);
    for (index, result) in bio::io::fasta::Reader::new(cleaned.as_slice()).records().enumerate() {
        let line = starts.get(index).copied().unwrap_or(1);
        let problem = |field: &str, message: String| Problem {
            index: Some(index),
            line,
            field: Some(field.into()),
            message,
        };
        match result {
            Ok(record) => {
                // `> D1001`: the name is the first word after the `>`.
                let (name, description) = match (record.id(), record.desc()) {
                    ("", Some(desc)) => match desc.trim().split_once(char::is_whitespace) {
                        Some((name, rest)) => (name.to_string(), rest.trim().to_string()),
                        None => (desc.trim().to_string(), String::new()),
                    },
                    (id, desc) => (id.to_string(), desc.unwrap_or_default().to_string()),
                };
                if name.is_empty() {
                    parsed
                        .problems
                        .push(problem("name", format!("record {} has an empty header", index + 1)));
                    continue;
                }
                if record.seq().is_empty() {
                    parsed.problems.push(problem(
                        "sequence",
                        format!("record {} (`{name}`) has no sequence", index + 1),
                    ));
                    continue;
                }
                parsed.records.push(Record {
                    index,
                    line,
                    input: PartInput {
                        description,
                        ..PartInput::new(
                            name,
                            defaults.role(topology),
                            molecule_type,
                            topology,
                            String::from_utf8_lossy(record.seq()).into_owned(),
                        )
                    },
                });
            }
            Err(error) => parsed
                .problems
                .push(problem("sequence", format!("record {}: {error}", index + 1))),
        }
    }
    parsed
}

/// Writes stored parts (with their sequences) as one FASTA file: `>ACCESSION name description`.
pub fn write(parts: &[ExportPart], out: &mut impl Write) -> std::io::Result<()> {
    for part in parts {
        write!(out, ">{} {}", part.accession, part.name)?;
        if !part.description.trim().is_empty() {
            write!(out, " {}", part.description.replace('\n', " "))?;
        }
        writeln!(out)?;
        let sequence = part.sequence.as_deref().unwrap_or_default().as_bytes();
        for chunk in sequence.chunks(LINE_WIDTH) {
            out.write_all(chunk)?;
            writeln!(out)?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_keep_their_lines_and_headers() {
        let text = b">one first record\nACGT\nACGT\n\n>two\nGGCC\n>\nAC\n>four\n";
        let parsed = read(text, &Defaults::default());
        let names: Vec<_> = parsed.records.iter().map(|r| (r.input.name.as_str(), r.line)).collect();
        assert_eq!(names, vec![("one", 1), ("two", 5)]);
        assert_eq!(parsed.records[0].input.description, "first record");
        assert_eq!(parsed.records[0].input.sequence.as_deref(), Some("ACGTACGT"));
        let problems: Vec<_> = parsed.problems.iter().map(|p| (p.index, p.line)).collect();
        assert_eq!(problems, vec![(Some(2), 7), (Some(3), 9)]);
        assert_eq!(read(b"ACGT\n>x\nAC\n", &Defaults::default()).problems[0].line, 1);
        // Comments are skipped; an old-style `;` header stands for `>`; `> name` names the record.
        let old = read(b";my|NAME\n;a comment\nACGT\n", &Defaults::default());
        assert_eq!(old.records[0].input.name, "my|NAME");
        assert_eq!(old.records[0].input.sequence.as_deref(), Some("ACGT"));
        let spaced = read(b"# file comment\n> D1001 promoter\nGGTC\n", &Defaults::default());
        assert_eq!(
            (spaced.records[0].input.name.as_str(), spaced.records[0].line),
            ("D1001", 2)
        );
        assert_eq!(spaced.records[0].input.description, "promoter");
    }
}
