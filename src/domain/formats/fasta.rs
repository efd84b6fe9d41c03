//! Owns FASTA reading and writing for parts. Records are read with `bio::io::fasta` (its
//! reader keeps the id and description apart and joins wrapped sequence lines); this module
//! adds each record's line, maps the header to name and description, and writes stored parts
//! with their accession, name and description in the header, 70 residues per line.
//!
//! Letters are checked later, by the same validation as every part (a letter outside the
//! alphabet is reported with its position). O(file) time; memory is the file plus one record.

use std::io::Write;

use super::{line_of, Defaults, ExportPart, Parsed, Problem, Record};
use crate::domain::parts::PartInput;
use crate::seq::{MoleculeType, Topology};

const LINE_WIDTH: usize = 70;

/// Reads every record of a FASTA file.
pub fn read(text: &[u8], defaults: &Defaults) -> Parsed {
    let mut parsed = Parsed::default();
    // Where each record starts, for its line number (bio's reader does not track lines).
    let mut starts = Vec::new();
    let mut offset = 0;
    let mut before_first = None;
    for line in text.split_inclusive(|&b| b == b'\n') {
        if line.starts_with(b">") {
            starts.push(offset);
        } else if starts.is_empty() && !line.trim_ascii().is_empty() && before_first.is_none() {
            before_first = Some(offset);
        }
        offset += line.len();
    }
    if let Some(at) = before_first {
        parsed.problems.push(Problem {
            index: None,
            line: line_of(text, at),
            field: None,
            message: "text before the first `>` header; a FASTA record starts with `>name`".into(),
        });
        return parsed;
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
    for (index, result) in bio::io::fasta::Reader::new(text).records().enumerate() {
        let line = starts.get(index).map(|&at| line_of(text, at)).unwrap_or(1);
        let problem = |field: &str, message: String| Problem {
            index: Some(index),
            line,
            field: Some(field.into()),
            message,
        };
        match result {
            Ok(record) => {
                if record.id().is_empty() {
                    parsed
                        .problems
                        .push(problem("name", format!("record {} has an empty header", index + 1)));
                    continue;
                }
                if record.seq().is_empty() {
                    parsed.problems.push(problem(
                        "sequence",
                        format!("record {} (`{}`) has no sequence", index + 1, record.id()),
                    ));
                    continue;
                }
                parsed.records.push(Record {
                    index,
                    line,
                    input: PartInput {
                        description: record.desc().unwrap_or_default().to_string(),
                        ..PartInput::new(
                            record.id().to_string(),
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
    }
}
