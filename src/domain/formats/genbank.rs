//! Owns GenBank reading and writing for parts. `gb-io` parses and writes the flat file; this
//! module splits a file into records (so one bad record does not hide the others, and each
//! problem gets its line), maps records to [`PartInput`]s and stored parts back to records.
//!
//! Kept on import, and written back on export: LOCUS name, molecule type as written, topology,
//! division and date, DEFINITION, ACCESSION, VERSION, KEYWORDS, SOURCE/ORGANISM, the sequence,
//! and every feature with its key, exact location (joins, orders, complements, fuzzy ends,
//! origin-crossing joins) and qualifiers, REFERENCE and COMMENT blocks as written; GenPept
//! (protein) records with their `aa` LOCUS line.
//! Not kept: DBLINK and the ORGANISM taxonomy lines.
//!
//! Reading is O(file) time; memory is the file plus one record's parse at a time.

use std::collections::BTreeMap;
use std::io::Write;

use gb_io::reader::SeqReader;
use gb_io::seq::{Date, Feature, Seq, Source, Topology as GbTopology};

use super::location::{self, Bounds};
use crate::domain::parts::input::MAX_FEATURES;

use super::{line_of, Defaults, ExportPart, Item, Lazy, Parsed, Problem, Record};
use crate::domain::ontology;
use crate::domain::parts::{FeatureInput, GenbankHeader, PartInput};
use crate::seq::{MoleculeType, Topology};

/// Qualifiers a feature's name is taken from, in order of preference.
const NAME_QUALIFIERS: [&str; 5] = ["label", "gene", "product", "locus_tag", "standard_name"];

/// The longest qualifier name gb-io's writer can lay out: `/name="` after the 21-column indent
/// must leave room for a character of the value on its 79-column line (a longer name makes the
/// writer panic, or with overflow unchecked write garbage).
const MAX_QUALIFIER_NAME: usize = 54;

/// The longest feature key gb-io's writer can lay out before the location (5 columns of indent,
/// the key, a space, and at least a column of the location on the line).
const MAX_FEATURE_KEY: usize = 72;

/// Whether gb-io can write `key` as a feature key that reads back: at most [`MAX_FEATURE_KEY`]
/// printable ASCII characters. Its writer pads the key to 15 characters but its reader measures
/// the indent of the qualifiers in bytes, so a non-ASCII key (`žfeature`) moves the qualifiers
/// off their column and they read back as part of the location; a space splits the key.
fn writable_feature_key(key: &str) -> bool {
    key.len() <= MAX_FEATURE_KEY && key.bytes().all(|b| b.is_ascii_graphic())
}

/// A record's place in the file: byte offset and 1-based line of its LOCUS line, and its bytes.
type Span<'a> = (usize, usize, &'a [u8]);

/// Splits GenBank text into records, counting lines as it goes (one pass over the file), and
/// finds the line of any text before the first LOCUS line.
fn split(text: &[u8]) -> (Vec<Span<'_>>, Option<usize>) {
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
fn error_line(record: &[u8], record_line: usize, message: &str) -> usize {
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

/// Reads every record of a GenBank file.
pub fn read(text: &[u8], defaults: &Defaults) -> Parsed {
    read_lazily(text, defaults).collect()
}

/// The records of a GenBank file, parsed one at a time as the caller asks for them: memory is
/// the file plus the record being read, whatever the number of records. File-level problems
/// come first.
pub fn read_lazily<'a>(text: &'a [u8], defaults: &'a Defaults) -> Lazy<'a> {
    let (records, stray) = split(text);
    let mut problems = Vec::new();
    if let Some(line) = stray {
        problems.push(Problem {
            index: None,
            line,
            field: None,
            message: "text before the first LOCUS line; a GenBank record starts with LOCUS".into(),
        });
    }
    if records.is_empty() {
        problems.push(Problem {
            index: None,
            line: 1,
            field: None,
            message: "no GenBank record (no LOCUS line) in the file".into(),
        });
    }
    let total = records.len();
    let items = problems.into_iter().map(|p| Item::Problems(vec![p])).chain(
        records
            .into_iter()
            .enumerate()
            .map(move |(index, (_, line, bytes))| read_record(index, line, bytes, defaults)),
    );
    Lazy::new(total, items)
}

/// Reads one record of the file.
fn read_record(index: usize, line: usize, bytes: &[u8], defaults: &Defaults) -> Item<PartInput> {
    let problem = |field: Option<String>, message: String| Problem {
        index: Some(index),
        line,
        field,
        message,
    };
    // Counted on the text before gb-io parses the record, so a record of millions of features is
    // refused for the price of one scan instead of being built in memory first.
    if let Some(offset) = feature_lines(bytes).get(MAX_FEATURES) {
        return Item::Problems(vec![Problem {
            index: Some(index),
            line: line + offset,
            field: Some("features".into()),
            message: format!(
                "record {} has more than {MAX_FEATURES} features (this line starts feature {}); a part may have at most {MAX_FEATURES}",
                index + 1,
                MAX_FEATURES + 1
            ),
        }]);
    }
    // gb-io parses locations recursively: `complement(complement(…))` 40,000 deep overflows the
    // worker's stack, which aborts the whole server. Refused first, for the price of one scan.
    if let Some(offset) = too_deep_location(bytes) {
        return Item::Problems(vec![Problem {
            index: Some(index),
            line: line + offset,
            field: Some("features".into()),
            message: format!(
                "record {}: a feature location nests more than {MAX_LOCATION_DEPTH} parentheses deep on this line",
                index + 1
            ),
        }]);
    }
    match SeqReader::new(bytes).next() {
        Some(Ok(seq)) => match to_input(&seq, bytes, defaults) {
            Ok(input) => Item::Record(Record { index, line, input }),
            Err(problems) => {
                let feature_lines = feature_lines(bytes);
                Item::Problems(
                    problems
                        .into_iter()
                        .map(|(field, message, feature)| Problem {
                            line: feature
                                .and_then(|i| feature_lines.get(i))
                                .map_or(line, |&offset| line + offset),
                            ..problem(Some(field), message)
                        })
                        .collect(),
                )
            }
        },
        Some(Err(error)) => {
            let message = error.to_string();
            Item::Problems(vec![Problem {
                index: Some(index),
                line: error_line(bytes, line, &message),
                field: None,
                message: format!("record {} is not valid GenBank: {message}", index + 1),
            }])
        }
        None => Item::Problems(vec![problem(None, format!("record {} is empty", index + 1))]),
    }
}

/// For each feature of a record, how many lines after the LOCUS line its key stands (at most
/// [`MAX_FEATURES`] + 1 of them: enough to name the first one too many).
/// Deepest nesting of parentheses a feature location may have (real ones nest two or three:
/// `join(complement(1..5),complement(order(…)))`).
pub const MAX_LOCATION_DEPTH: usize = 64;

/// The line (from the record's first) where the feature table's parentheses, outside quoted
/// qualifier values, first nest deeper than [`MAX_LOCATION_DEPTH`]. O(record) time, O(1) memory.
fn too_deep_location(record: &[u8]) -> Option<usize> {
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
                    if depth > MAX_LOCATION_DEPTH {
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

fn feature_lines(record: &[u8]) -> Vec<usize> {
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

/// A problem with a record: field, message, and the feature it is in.
type RecordProblem = (String, String, Option<usize>);

/// Maps one parsed record.
fn to_input(seq: &Seq, bytes: &[u8], defaults: &Defaults) -> Result<PartInput, Vec<RecordProblem>> {
    let mut problems = Vec::new();
    let locus_line = bytes.split(|&b| b == b'\n').next().unwrap_or_default();
    let locus_words: Vec<&str> = std::str::from_utf8(locus_line)
        .unwrap_or_default()
        .split_ascii_whitespace()
        .collect();
    // The molecule type as written: the word after the length's unit.
    let unit = locus_words.iter().position(|w| matches!(*w, "bp" | "aa" | "rc"));
    let written_molecule = unit
        .and_then(|u| locus_words.get(u + 1))
        .filter(|w| !matches!(**w, "linear" | "circular"))
        .map(|w| w.to_string());
    // GenPept: lengths in `aa`, no molecule word.
    let protein = unit.is_some_and(|u| locus_words[u] == "aa");
    let written_molecule = written_molecule.filter(|_| !protein);
    // gb-io reads a LOCUS line only with a molecule type, which GenPept lines lack: take the
    // name, division and date from the line's words.
    let mut seq = std::borrow::Cow::Borrowed(seq);
    if protein && seq.name.is_none() && locus_words.len() >= 3 {
        let seq = seq.to_mut();
        seq.name = locus_words.get(1).map(|w| w.to_string());
        seq.date = locus_words.last().and_then(|w| parse_date(w));
        let before_date = locus_words.len() - 1 - usize::from(seq.date.is_some());
        if let Some(division) = locus_words[unit.unwrap_or(0) + 1..before_date.max(unit.unwrap_or(0) + 1)]
            .iter()
            .rev()
            .find(|w| w.len() == 3 && w.bytes().all(|b| b.is_ascii_uppercase()))
        {
            seq.division = division.to_string();
        }
    }
    let seq = seq.as_ref();
    if seq.name.is_none() {
        problems.push((
            "locus".to_string(),
            format!(
                "the LOCUS line `{}` does not give a name, length and molecule type in GenBank's layout",
                String::from_utf8_lossy(locus_line).trim()
            ),
            None,
        ));
    }
    if seq.seq.is_empty() {
        let why = if seq.contig.is_some() {
            "it is a CONTIG record (a recipe over other records)"
        } else {
            "it has no ORIGIN section"
        };
        problems.push(("sequence".to_string(), format!("no sequence: {why}"), None));
    }
    let topology = match seq.topology {
        GbTopology::Circular => Topology::Circular,
        GbTopology::Linear => Topology::Linear,
    };
    // GenBank writes RNA records (mRNA, cRNA, ...) in the DNA alphabet; only a sequence spelled
    // with U is stored as RNA. The molecule type as written is kept for export.
    let has = |letter: u8| seq.seq.iter().any(|b| b.eq_ignore_ascii_case(&letter));
    let molecule_type = if protein {
        MoleculeType::Protein
    } else if has(b'u') && !has(b't') {
        MoleculeType::Rna
    } else {
        MoleculeType::Dna
    };
    let length = seq.seq.len() as i64;
    let mut features = Vec::new();
    for (i, feature) in seq.features.iter().enumerate() {
        match to_feature(feature, length, topology == Topology::Circular) {
            Ok(f) => features.push(f),
            Err(message) => problems.push((
                format!("features[{i}].location"),
                format!("feature {i} ({}): location {message}", feature.kind),
                Some(i),
            )),
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let header = GenbankHeader {
        locus: seq.name.clone(),
        molecule_type: written_molecule.or_else(|| seq.molecule_type.clone().filter(|_| !protein)),
        division: Some(seq.division.clone()).filter(|d| !d.is_empty() && d != "UNK"),
        date: seq.date.as_ref().map(|d| d.to_string()),
        accession: seq.accession.clone(),
        version: seq.version.clone(),
        keywords: seq.keywords.clone().filter(|k| k != "."),
        source: seq.source.as_ref().map(|s| s.source.clone()),
        organism: seq.source.as_ref().and_then(|s| s.organism.clone()),
        annotation_blocks: annotation_blocks(bytes),
    };
    Ok(PartInput {
        description: seq.definition.clone().unwrap_or_default(),
        features,
        genbank: Some(header),
        ..PartInput::new(
            seq.name.clone().or_else(|| seq.accession.clone()).unwrap_or_default(),
            match molecule_type {
                MoleculeType::Protein => defaults.role.clone().unwrap_or_else(|| "polypeptide".into()),
                _ => defaults.role(topology),
            },
            molecule_type,
            topology,
            String::from_utf8_lossy(&seq.seq).into_owned(),
        )
    })
}

fn to_feature(feature: &Feature, length: i64, circular: bool) -> Result<FeatureInput, String> {
    let Bounds { start, end, strand } = location::bounds(&feature.location, length, circular)?;
    let mut qualifiers: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (key, value) in &feature.qualifiers {
        qualifiers
            .entry(key.to_string())
            .or_default()
            .push(value.clone().unwrap_or_default());
    }
    let name = NAME_QUALIFIERS
        .iter()
        .find_map(|k| qualifiers.get(*k).and_then(|v| v.first()))
        .cloned()
        .filter(|n| !n.trim().is_empty());
    let feature_type = ontology::resolve(&feature.kind)
        .map(|t| t.id.clone())
        .unwrap_or_else(|| "sequence_feature".into());
    Ok(FeatureInput {
        name,
        feature_type,
        start,
        end,
        strand,
        qualifiers,
        key: Some(feature.kind.to_string()),
        location: Some(location::format(&feature.location)),
    })
}

/// The INSDC feature key for a Sequence Ontology term (by label), `misc_feature` when none fits.
fn insdc_key(label: &str) -> &'static str {
    match label {
        "promoter" => "promoter",
        "ribosome_entry_site" => "RBS",
        "CDS" => "CDS",
        "terminator" => "terminator",
        "origin_of_replication" => "rep_origin",
        "oriT" => "oriT",
        "primer_binding_site" => "primer_bind",
        "gene" | "engineered_gene" => "gene",
        "five_prime_UTR" => "5'UTR",
        "three_prime_UTR" => "3'UTR",
        "polyA_signal_sequence" => "polyA_signal",
        "polyA_site" => "polyA_site",
        "signal_peptide" => "sig_peptide",
        "transit_peptide" => "transit_peptide",
        "binding_site" => "misc_binding",
        "protein_binding_site" => "protein_bind",
        "regulatory_region" | "operator" | "TF_binding_site" | "insulator" => "regulatory",
        "enhancer" => "enhancer",
        "stem_loop" => "stem_loop",
        "long_terminal_repeat" => "LTR",
        "repeat_region" => "repeat_region",
        "mobile_genetic_element" | "transposable_element" => "mobile_element",
        "intron" => "intron",
        "exon" => "exon",
        "transcript" | "sgRNA" => "misc_RNA",
        "mRNA" => "mRNA",
        "tRNA" => "tRNA",
        "rRNA" => "rRNA",
        "ncRNA" => "ncRNA",
        _ => "misc_feature",
    }
}

/// `DD-MON-YYYY` as gb-io's date.
fn parse_date(text: &str) -> Option<Date> {
    let mut parts = text.split('-');
    let day: u32 = parts.next()?.trim().parse().ok()?;
    let month = parts.next()?.to_ascii_uppercase();
    let year: i32 = parts.next()?.trim().parse().ok()?;
    const MONTHS: [&str; 12] = [
        "JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC",
    ];
    let month = MONTHS.iter().position(|m| *m == month)? as u32 + 1;
    Date::from_ymd(year, month, day).ok()
}

/// The GenBank record of a stored part (which must carry its sequence).
pub fn to_record(part: &ExportPart) -> Seq {
    let header = part.genbank.clone().unwrap_or_default();
    let length = part.length;
    let features = part
        .features
        .iter()
        .map(|f| {
            let location = f
                .location
                .as_deref()
                .and_then(|l| location::parse(l).ok())
                .unwrap_or_else(|| {
                    location::from_bounds(
                        Bounds {
                            start: f.start,
                            end: f.end,
                            strand: f.strand,
                        },
                        length,
                    )
                });
            let mut qualifiers: Vec<(std::borrow::Cow<'static, str>, Option<String>)> = Vec::new();
            if let Some(name) = &f.name {
                let named = NAME_QUALIFIERS
                    .iter()
                    .chain(&["note"])
                    .any(|k| f.qualifiers.get(*k).is_some_and(|v| v.iter().any(|v| v.trim() == name)));
                if !named {
                    qualifiers.push(("label".into(), Some(name.clone())));
                }
            }
            // Names GenBank cannot lay out (from a file or the API) are left out rather than
            // written as lines no reader can take back.
            for (key, values) in f.qualifiers.iter().filter(|(key, _)| key.len() <= MAX_QUALIFIER_NAME) {
                for value in values {
                    qualifiers.push((key.clone().into(), Some(value.clone()).filter(|v| !v.is_empty())));
                }
            }
            Feature {
                kind: f
                    .key
                    .clone()
                    .filter(|key| writable_feature_key(key))
                    .unwrap_or_else(|| insdc_key(&f.feature_type.label).to_string())
                    .into(),
                location,
                qualifiers,
            }
        })
        .collect();
    let created = part.created_at.date_naive();
    Seq {
        name: Some(header.locus.clone().unwrap_or_else(|| part.accession.clone())),
        topology: match part.topology {
            Topology::Circular => GbTopology::Circular,
            Topology::Linear => GbTopology::Linear,
        },
        date: header.date.as_deref().and_then(parse_date).or_else(|| {
            use chrono::Datelike;
            Date::from_ymd(created.year(), created.month(), created.day()).ok()
        }),
        len: Some(length as usize),
        molecule_type: Some(header.molecule_type.clone().unwrap_or_else(|| {
            match part.molecule_type {
                MoleculeType::Dna => "DNA",
                MoleculeType::Rna => "RNA",
                MoleculeType::Protein => "AA",
            }
            .to_string()
        })),
        division: header.division.clone().unwrap_or_else(|| "SYN".into()),
        definition: Some(if part.description.trim().is_empty() {
            part.name.clone()
        } else {
            part.description.clone()
        }),
        accession: Some(header.accession.clone().unwrap_or_else(|| part.accession.clone())),
        version: header.version.clone(),
        source: header.source.clone().map(|source| Source {
            source,
            organism: header.organism.clone(),
        }),
        dblink: None,
        keywords: Some(header.keywords.clone().unwrap_or_else(|| ".".into())),
        references: Vec::new(),
        comments: Vec::new(),
        seq: part.sequence.clone().unwrap_or_default().into_bytes(),
        contig: None,
        features,
    }
}

/// The LOCUS line in NCBI's column layout (name 13–28, length right-aligned to 40, `bp` 42–43,
/// strandedness 45–47, molecule type 48–53, topology 56–63, division 65–67, date 69–79), which
/// column-reading parsers such as Biopython's need; gb-io's own places a molecule type longer
/// than three letters (`mRNA`, `ds-DNA`) off those columns. A name longer than 16 characters
/// pushes the rest right, separated by single spaces. A protein (GenPept) line gives its length in
/// `aa` and no strandedness or molecule type.
fn locus_line(seq: &Seq, protein: bool) -> String {
    let name = seq
        .name
        .as_deref()
        .unwrap_or("UNTITLED")
        .replace(char::is_whitespace, "_");
    let molecule = if protein {
        ""
    } else {
        seq.molecule_type.as_deref().unwrap_or("DNA")
    };
    let (strandedness, molecule) = match molecule.get(..3) {
        Some(prefix @ ("ss-" | "ds-" | "ms-")) => (prefix, &molecule[3..]),
        _ => ("", molecule),
    };
    let length = seq.seq.len().to_string();
    let head = if name.len() + 1 + length.len() <= 28 {
        format!("LOCUS       {name:<w$}{length}", w = 28 - length.len())
    } else {
        format!("LOCUS       {name} {length}")
    };
    let date = seq.date.as_ref().map(|d| d.to_string()).unwrap_or_default();
    format!(
        "{head} {} {strandedness:<3}{molecule:<6}  {:<8} {:<3} {date}",
        if protein { "aa" } else { "bp" },
        seq.topology.to_string(),
        seq.division
    )
    .trim_end()
    .to_string()
}

/// The REFERENCE and COMMENT blocks of a record's header as written: each keyword line with the
/// indented lines that continue it. They are kept verbatim (gb-io's reader drops or merges some
/// of their subfields, e.g. PUBMED and references without a TITLE) and written back as they were.
fn annotation_blocks(record: &[u8]) -> Vec<String> {
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

/// Writes stored parts as one GenBank file.
///
/// gb-io wraps a qualifier line that is exactly one character too long by moving the closing
/// quote alone to the next line, which readers (Biopython among them) read back as a trailing
/// space; such a quote is put back on its line.
pub fn write(parts: &[ExportPart], out: &mut impl Write) -> std::io::Result<()> {
    for part in parts {
        let mut record = Vec::new();
        let seq = to_record(part);
        seq.write(&mut record)?;
        let text = String::from_utf8_lossy(&record);
        let mut previous: Option<&str> = None;
        writeln!(out, "{}", locus_line(&seq, part.molecule_type == MoleculeType::Protein))?;
        // REFERENCE and COMMENT blocks go where GenBank puts them: after SOURCE, before FEATURES.
        let mut blocks = part
            .genbank
            .as_ref()
            .map(|h| h.annotation_blocks.as_slice())
            .unwrap_or_default();
        for line in text.lines().skip(1) {
            if !blocks.is_empty() && (line.starts_with("FEATURES") || line.starts_with("ORIGIN") || line == "//") {
                if let Some(p) = previous.take() {
                    writeln!(out, "{p}")?;
                }
                for block in std::mem::take(&mut blocks) {
                    writeln!(out, "{block}")?;
                }
            }
            if line.trim() == "\"" && line.starts_with("                     ") {
                if let Some(p) = previous.take() {
                    writeln!(out, "{p}\"")?;
                    continue;
                }
            }
            if let Some(p) = previous.replace(line) {
                writeln!(out, "{p}")?;
            }
        }
        if let Some(p) = previous {
            writeln!(out, "{p}")?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn deeply_nested_locations_are_found_before_parsing() {
        let record = |location: &str| {
            format!(
                "LOCUS       x 10 bp DNA linear UNK\nFEATURES             Location/Qualifiers\n     misc_feature    {location}\n                     /note=\"((((\"\nORIGIN\n        1 acgtacgtac\n//\n"
            )
        };
        assert_eq!(
            super::too_deep_location(record("join(complement(1..2),3..4)").as_bytes()),
            None
        );
        let deep = format!("{}1..2{}", "complement(".repeat(40_000), ")".repeat(40_000));
        assert_eq!(super::too_deep_location(record(&deep).as_bytes()), Some(2));
        let just = format!("{}1..2{}", "complement(".repeat(64), ")".repeat(64));
        assert_eq!(super::too_deep_location(record(&just).as_bytes()), None);
    }

    use super::*;

    const TWO: &str = "LOCUS       pTest                     40 bp    DNA     circular SYN 01-JAN-2024
DEFINITION  A test plasmid.
ACCESSION   pTest
FEATURES             Location/Qualifiers
     promoter        1..10
                     /label=\"P1\"
     misc_feature    join(35..40,1..5)
                     /note=\"across the origin\"
     CDS             complement(<12..>30)
                     /gene=\"x\"
                     /pseudo
ORIGIN
        1 acgtacgtac gtacgtacgt acgtacgtac gtacgtacgt
//
LOCUS       broken                    10 bp    DNA     linear   SYN 01-JAN-2024
FEATURES             Location/Qualifiers
     misc_feature    8..2
ORIGIN
        1 acgtacgtac
//
";

    #[test]
    fn records_map_to_parts_and_every_problem_has_its_line() {
        let parsed = read(TWO.as_bytes(), &Defaults::default());
        assert_eq!(parsed.records.len(), 1);
        let record = &parsed.records[0];
        assert_eq!((record.index, record.line), (0, 1));
        let input = &record.input;
        assert_eq!(input.name, "pTest");
        assert_eq!(input.role, "plasmid");
        assert_eq!(input.topology, Topology::Circular);
        assert_eq!(input.features.len(), 3);
        let origin = &input.features[1];
        assert_eq!((origin.start, origin.end, origin.strand), (35, 5, 1));
        assert_eq!(origin.location.as_deref(), Some("join(35..40,1..5)"));
        let cds = &input.features[2];
        assert_eq!((cds.start, cds.end, cds.strand), (12, 30, -1));
        assert_eq!(cds.location.as_deref(), Some("complement(<12..>30)"));
        assert_eq!(cds.qualifiers["pseudo"], vec![String::new()]);
        assert_eq!(cds.name.as_deref(), Some("x"));
        assert_eq!(parsed.problems.len(), 1);
        let problem = &parsed.problems[0];
        assert_eq!((problem.index, problem.line), (Some(1), 17));
        assert!(problem.message.contains("circular"), "{}", problem.message);
    }

    #[test]
    fn genpept_records_read_as_proteins_and_write_back_in_aa() {
        let text = "LOCUS       TESTP                     12 aa            linear   BCT 01-JAN-2024\n\
                    DEFINITION  test protein.\nACCESSION   TESTP\nFEATURES             Location/Qualifiers\n     \
                    Protein         1..12\n                     /product=\"test\"\nORIGIN\n        1 mktayiakqr qi\n//\n";
        let parsed = read(text.as_bytes(), &Defaults::default());
        assert!(parsed.problems.is_empty(), "{:?}", parsed.problems);
        let input = &parsed.records[0].input;
        assert_eq!(input.molecule_type, MoleculeType::Protein);
        assert_eq!(input.role, "polypeptide");
        assert_eq!(input.genbank.as_ref().unwrap().molecule_type, None);
        let mut seq = Seq::empty();
        seq.name = Some("TESTP".into());
        seq.seq = b"MKTAYIAKQRQI".to_vec();
        seq.division = "BCT".into();
        seq.date = Date::from_ymd(2024, 1, 1).ok();
        assert_eq!(
            locus_line(&seq, true),
            "LOCUS       TESTP                     12 aa            linear   BCT 01-JAN-2024"
        );
    }

    #[test]
    fn reference_and_comment_blocks_are_written_back_as_they_were() {
        let text = "LOCUS       pRef                      12 bp    DNA     linear   SYN 01-JAN-2024\n\
                    DEFINITION  ref test.\nACCESSION   pRef\n\
                    REFERENCE   1  (bases 1 to 12)\n  AUTHORS   Doe,J. and Roe,R.\n  TITLE     A title\n\
                    \x20           wrapped\n  JOURNAL   Unpublished\n   PUBMED   123456\n\
                    COMMENT     First comment.\nFEATURES             Location/Qualifiers\n\
                    \x20    misc_feature    1..4\nORIGIN\n        1 acgtacgtac gt\n//\n";
        let parsed = read(text.as_bytes(), &Defaults::default());
        assert!(parsed.problems.is_empty(), "{:?}", parsed.problems);
        let header = parsed.records[0].input.genbank.clone().unwrap();
        assert_eq!(header.annotation_blocks.len(), 2, "{:?}", header.annotation_blocks);
        assert!(header.annotation_blocks[0].ends_with("   PUBMED   123456"));
        let part = ExportPart {
            accession: "BRP000001".into(),
            name: "pRef".into(),
            description: "ref test.".into(),
            molecule_type: MoleculeType::Dna,
            topology: Topology::Linear,
            sequence: Some("ACGTACGTACGT".into()),
            length: 12,
            created_at: chrono::Utc::now(),
            genbank: Some(header),
            features: Vec::new(),
            role: None,
            components: Vec::new(),
        };
        let mut out = Vec::new();
        write(&[part], &mut out).unwrap();
        let out = String::from_utf8(out).unwrap();
        let blocks = "REFERENCE   1  (bases 1 to 12)\n  AUTHORS   Doe,J. and Roe,R.\n  TITLE     A title\n\
                      \x20           wrapped\n  JOURNAL   Unpublished\n   PUBMED   123456\nCOMMENT     First comment.\n";
        assert!(out.contains(&format!("{blocks}ORIGIN")), "{out}");
    }

    #[test]
    fn locus_lines_keep_ncbi_columns() {
        let mut seq = Seq::empty();
        seq.name = Some("EU851978".into());
        seq.seq = vec![b'a'; 681];
        seq.molecule_type = Some("cRNA".into());
        seq.division = "VRL".into();
        seq.date = Date::from_ymd(2008, 7, 28).ok();
        let line = locus_line(&seq, false);
        assert_eq!(
            line,
            "LOCUS       EU851978                 681 bp    cRNA    linear   VRL 28-JUL-2008"
        );
        assert_eq!(&line[44..47], "   ");
        assert_eq!(&line[47..51], "cRNA");
        assert_eq!(&line[55..61], "linear");
        seq.molecule_type = Some("ds-DNA".into());
        seq.topology = GbTopology::Circular;
        let line = locus_line(&seq, false);
        assert_eq!(&line[44..53], "ds-DNA   ");
        assert_eq!(&line[55..63], "circular");
    }

    /// The part a record read from a file would be stored as (features resolved as `validate` does).
    fn stored(input: &PartInput) -> ExportPart {
        let sequence = input.sequence.clone().unwrap_or_default().to_ascii_uppercase();
        ExportPart {
            accession: "BRP000001".into(),
            name: input.name.clone(),
            description: input.description.clone(),
            molecule_type: input.molecule_type,
            topology: input.topology,
            length: sequence.len() as i64,
            sequence: Some(sequence),
            created_at: chrono::Utc::now(),
            genbank: input.genbank.clone(),
            features: input
                .features
                .iter()
                .map(|f| crate::domain::parts::input::Feature {
                    name: f.name.clone(),
                    feature_type: ontology::resolve(&f.feature_type).unwrap().clone(),
                    start: f.start,
                    end: f.end,
                    strand: f.strand,
                    qualifiers: f.qualifiers.clone(),
                    key: f.key.clone(),
                    location: f.location.clone(),
                })
                .collect(),
            role: None,
            components: Vec::new(),
        }
    }

    /// Found by `cargo fuzz run genbank`: a qualifier name too long for gb-io's writer made the
    /// export panic (subtract with overflow). Such names, and feature keys too long for a line,
    /// are left out of the export, and what is written reads back.
    #[test]
    fn qualifier_names_and_feature_keys_too_long_to_write_are_left_out() {
        let fuzzed = read(
            include_bytes!("../../../tests/fixtures/fuzz/genbank/long-qualifier-name.gb"),
            &Defaults::default(),
        );
        assert!(fuzzed.problems.is_empty(), "{:?}", fuzzed.problems);
        let long_name = "q".repeat(MAX_QUALIFIER_NAME + 1);
        let long_key = "k".repeat(MAX_FEATURE_KEY + 1);
        let text = format!(
            "LOCUS       pLong                     12 bp    DNA     linear   SYN 01-JAN-2024\n\
             FEATURES             Location/Qualifiers\n     misc_feature    1..4\n                     \
             /{long_name}=\"x\"\n                     /{}=\"kept\"\n     {long_key} 5..8\n\
             ORIGIN\n        1 acgtacgtac gt\n//\n",
            "q".repeat(MAX_QUALIFIER_NAME)
        );
        let parsed = read(text.as_bytes(), &Defaults::default());
        assert!(parsed.problems.is_empty(), "{:?}", parsed.problems);
        for input in fuzzed.records.iter().chain(&parsed.records).map(|r| &r.input) {
            assert_reads_back(stored(input));
        }
        let mut out = Vec::new();
        write(&[stored(&parsed.records[0].input)], &mut out).unwrap();
        let out = String::from_utf8(out).unwrap();
        assert!(!out.contains(&long_name) && !out.contains(&long_key), "{out}");
        assert!(
            out.contains(&format!("/{}=\"", "q".repeat(MAX_QUALIFIER_NAME))),
            "{out}"
        );
    }

    /// Writes `part` as GenBank and reads it back: no problem may come up.
    fn assert_reads_back(part: ExportPart) {
        let mut out = Vec::new();
        write(&[part], &mut out).unwrap();
        let again = read(&out, &Defaults::default());
        assert!(
            again.problems.is_empty(),
            "{:?}\n{}",
            again.problems,
            String::from_utf8_lossy(&out)
        );
    }

    /// Found by `cargo fuzz run genbank`: a feature key with a non-ASCII letter was written so that
    /// its qualifiers read back as part of its location, and the exported file did not import
    /// again. Such keys, and keys with spaces (the API takes any), are written as the INSDC key of
    /// the feature's type.
    #[test]
    fn feature_keys_gb_io_cannot_write_back_are_replaced_by_the_insdc_key() {
        let fuzzed = read(
            include_bytes!("../../../tests/fixtures/fuzz/genbank/non-ascii-feature-key.gb"),
            &Defaults::default(),
        );
        let text = "LOCUS       pKey                      12 bp    DNA     linear   SYN 01-JAN-2024\n\
                    FEATURES             Location/Qualifiers\n     \u{17e}feature       1..4\n\
                    \x20                    /note=\"kept\"\nORIGIN\n        1 acgtacgtac gt\n//\n";
        let parsed = read(text.as_bytes(), &Defaults::default());
        assert!(parsed.problems.is_empty(), "{:?}", parsed.problems);
        assert_eq!(
            parsed.records[0].input.features[0].key.as_deref(),
            Some("\u{17e}feature")
        );
        let mut spaced = stored(&parsed.records[0].input);
        spaced.features[0].key = Some("misc feature".into());
        let parts = fuzzed.records.iter().chain(&parsed.records).map(|r| stored(&r.input));
        for part in parts.chain([spaced]) {
            assert_reads_back(part);
        }
        let mut out = Vec::new();
        write(&[stored(&parsed.records[0].input)], &mut out).unwrap();
        let out = String::from_utf8(out).unwrap();
        assert!(
            out.contains("     misc_feature    1..4\n                     /note=\"kept\"\n"),
            "{out}"
        );
    }

    #[test]
    fn unparsable_records_are_reported_and_the_rest_still_read() {
        let text = TWO.replace("        1 acgtacgtac\n", "        1 acgtacgtac\nNOT GENBANK\n");
        let parsed = read(text.as_bytes(), &Defaults::default());
        assert_eq!(parsed.records.len(), 1);
        assert_eq!(parsed.problems.len(), 1);
        assert!(parsed.problems[0].message.contains("not valid GenBank"));
        assert!(read(b"hello\n", &Defaults::default()).problems.len() == 2);
    }
}
