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
//! Quirks Biopython reads are imported with a warning ([`super::Parsed::warnings`]): a LOCUS date
//! or division out of GenBank's form is kept as written; a feature located on another record
//! (`join(U18267.1:1..270,…)`) or at `one-of()` positions (`one-of(1888,1901)..2200`) is left
//! out. Refused, saying why: a location that is not an INSDC location (at its feature's line,
//! with its key), and a record without a sequence of its own (no or an empty ORIGIN, a CONTIG
//! record, the master record of a WGS, TSA or TLS project).
//!
//! Reading is O(file) time; memory is the file plus one record's parse at a time.

use std::collections::BTreeMap;
use std::io::Write;

use gb_io::reader::SeqReader;
use gb_io::seq::{Date, Feature, Location, Seq, Source, Topology as GbTopology};

use super::location::{self, Bounds, Unreadable};
use crate::domain::parts::input::MAX_FEATURES;

use super::{Defaults, ExportPart, Item, Lazy, Parsed, Problem, Record};
use crate::domain::ontology;
use crate::domain::parts::{FeatureInput, GenbankHeader, PartInput};
use crate::seq::{MoleculeType, Topology};

mod text;

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

/// Reads every record of a GenBank file.
pub fn read(text: &[u8], defaults: &Defaults) -> Parsed {
    read_lazily(text, defaults).collect()
}

/// The records of a GenBank file, parsed one at a time as the caller asks for them: memory is
/// the file plus the record being read, whatever the number of records. File-level problems
/// come first.
pub fn read_lazily<'a>(text: &'a [u8], defaults: &'a Defaults) -> Lazy<'a> {
    let (records, stray) = text::split(text);
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
            .flat_map(move |(index, (_, line, bytes))| read_record(index, line, bytes, defaults)),
    );
    Lazy::new(total, items)
}

/// Reads one record of the file: the record or its problems, after the warnings about it.
fn read_record(index: usize, line: usize, bytes: &[u8], defaults: &Defaults) -> Vec<Item<PartInput>> {
    let refuse = |offset: usize, field: Option<&str>, message: String| {
        vec![Item::Problems(vec![Problem {
            index: Some(index),
            line: line + offset,
            field: field.map(str::to_string),
            message,
        }])]
    };
    // Counted on the text before gb-io parses the record, so a record of millions of features is
    // refused for the price of one scan instead of being built in memory first.
    let feature_lines = text::feature_lines(bytes);
    if let Some(&offset) = feature_lines.get(MAX_FEATURES) {
        return refuse(
            offset,
            Some("features"),
            format!(
                "record {} has more than {MAX_FEATURES} features (this line starts feature {}); a part may have at most {MAX_FEATURES}",
                index + 1,
                MAX_FEATURES + 1
            ),
        );
    }
    // gb-io parses locations recursively: `complement(complement(…))` 40,000 deep overflows the
    // worker's stack, which aborts the whole server. Refused first, for the price of one scan.
    if let Some(offset) = text::too_deep_location(bytes) {
        return refuse(
            offset,
            Some("features"),
            format!(
                "record {}: a feature location nests more than {} parentheses deep on this line",
                index + 1,
                location::MAX_DEPTH
            ),
        );
    }
    // Said in words before gb-io reads the record: it does not know the lines of master records
    // (`TLS`, `TSA`, `WGS`) and reports an empty ORIGIN as a length mismatch.
    if let Some((offset, why)) = text::missing_sequence(bytes) {
        return refuse(offset, Some("sequence"), format!("record {} {why}", index + 1));
    }
    let locus_line = String::from_utf8_lossy(bytes.split(|&b| b == b'\n').next().unwrap_or_default());
    let locus = text::locus_words(&locus_line);
    // gb-io refuses a whole record whose LOCUS line has a division or date out of its form (`SY1`,
    // `2024-01-01`), but gives up on other LOCUS lines it cannot read, keeping none of their
    // fields (`to_input` then reads them from the words): it is handed such a line instead.
    let for_gb_io = match &locus {
        Some(words) if !gb_io_reads_tail(words) => {
            let rest = bytes
                .iter()
                .position(|&b| b == b'\n')
                .map_or(&[][..], |at| &bytes[at..]);
            std::borrow::Cow::Owned([format!("LOCUS       {}", words.name).as_bytes(), rest].concat())
        }
        _ => std::borrow::Cow::Borrowed(bytes),
    };
    match SeqReader::new(for_gb_io.as_ref()).next() {
        Some(Ok(seq)) => {
            let place = Place {
                index,
                line,
                feature_lines: &feature_lines,
                locus_line: locus_line.trim(),
                locus,
            };
            let (input, warnings) = to_input(&seq, bytes, &place, defaults);
            let problem = |(field, message, offset): RecordProblem| Problem {
                index: Some(index),
                line: line + offset,
                field: Some(field),
                message,
            };
            let mut items = Vec::new();
            if !warnings.is_empty() {
                items.push(Item::Warnings(warnings.into_iter().map(problem).collect()));
            }
            items.push(match input {
                Ok(input) => Item::Record(Record { index, line, input }),
                Err(problems) => Item::Problems(problems.into_iter().map(problem).collect()),
            });
            items
        }
        Some(Err(error)) => {
            let message = error.to_string();
            vec![Item::Problems(vec![Problem {
                index: Some(index),
                line: text::error_line(bytes, line, &message),
                field: None,
                message: format!("record {} is not valid GenBank: {message}", index + 1),
            }])]
        }
        None => refuse(0, None, format!("record {} is empty", index + 1)),
    }
}

/// A problem with a record, or a warning: field, message, and its line counted from the record's
/// first (0: the LOCUS line).
type RecordProblem = (String, String, usize);

/// Where a record is and what its text says beside gb-io's parse: its index in the file, its
/// first line, the lines of its features (from [`text::feature_lines`]) and its LOCUS line.
struct Place<'a> {
    index: usize,
    line: usize,
    feature_lines: &'a [usize],
    locus_line: &'a str,
    locus: Option<text::LocusWords<'a>>,
}

/// Whether a LOCUS division is written as GenBank writes them: three capital letters (`SYN`,
/// `BCT`, `CON`).
fn division_code(division: &str) -> bool {
    division.len() == 3 && division.bytes().all(|b| b.is_ascii_uppercase())
}

/// Whether gb-io reads the division and date of a LOCUS line: a word of letters, and a
/// [`locus_date`].
fn gb_io_reads_tail(words: &text::LocusWords) -> bool {
    let letters = |division: &str| division.bytes().all(|b| b.is_ascii_alphabetic());
    words.division.as_deref().is_none_or(letters) && words.date.is_none_or(|date| locus_date(date).is_some())
}

/// A LOCUS date as GenBank writes it and gb-io reads it: `DD-MON-YYYY` (the day may have one
/// digit), the month in capitals.
fn locus_date(text: &str) -> Option<Date> {
    let capitals = text
        .split('-')
        .nth(1)
        .is_some_and(|m| m.bytes().all(|b| b.is_ascii_uppercase()));
    parse_date(text).filter(|_| capitals)
}

/// Maps one parsed record; gives with it the warnings about what was kept as written or left out.
///
/// gb-io gives up on a LOCUS line it cannot read in full, keeping none of its fields; its words
/// are then read here ([`text::locus_words`]). A date or division out of GenBank's form is kept
/// as written with a warning, as Biopython keeps them. A feature on another record is left out
/// with a warning; a location that cannot be read is a problem at the feature's line.
fn to_input(
    seq: &Seq,
    bytes: &[u8],
    place: &Place,
    defaults: &Defaults,
) -> (Result<PartInput, Vec<RecordProblem>>, Vec<RecordProblem>) {
    let (mut problems, mut warnings) = (Vec::new(), Vec::new());
    let (record, locus_line) = (place.index + 1, place.locus_line);
    // The molecule type as written (GenPept lines, in `aa`, have none).
    let protein = place.locus.as_ref().is_some_and(|w| w.protein);
    let written_molecule = place.locus.as_ref().and_then(|w| w.molecule).map(str::to_string);
    let mut seq = std::borrow::Cow::Borrowed(seq);
    let mut written_date = None;
    if let (None, Some(words)) = (&seq.name, &place.locus) {
        let seq = seq.to_mut();
        seq.name = Some(words.name.to_string());
        seq.molecule_type = words.molecule.map(str::to_string);
        seq.topology = if words.circular {
            GbTopology::Circular
        } else {
            GbTopology::Linear
        };
        seq.division = words.division.clone().unwrap_or_default();
        seq.date = words.date.and_then(locus_date);
        written_date = words.date.filter(|_| seq.date.is_none());
        if words.length != seq.seq.len() {
            problems.push((
                "locus".to_string(),
                format!(
                    "the LOCUS line gives a length of {} but the sequence has {}",
                    words.length,
                    seq.seq.len()
                ),
                0,
            ));
        }
    }
    let seq = seq.as_ref();
    if seq.name.is_none() {
        problems.push((
            "locus".to_string(),
            format!("the LOCUS line `{locus_line}` does not give a name, length and molecule type in GenBank's layout"),
            0,
        ));
    }
    if let Some(date) = written_date {
        warnings.push((
            "genbank.date".to_string(),
            format!(
                "record {record}, line {}: the LOCUS date `{date}` is not in GenBank's DD-MON-YYYY form; kept as written",
                place.line
            ),
            0,
        ));
    }
    if !seq.division.is_empty() && !division_code(&seq.division) {
        warnings.push((
            "genbank.division".to_string(),
            format!(
                "record {record}, line {}: the LOCUS division `{}` is not a GenBank division code (three capital letters, such as SYN or BCT); kept as written",
                place.line, seq.division
            ),
            0,
        ));
    }
    if seq.seq.is_empty() {
        // Records without an ORIGIN are refused before gb-io reads them; this is what is left.
        problems.push((
            "sequence".to_string(),
            format!("record {record} has no sequence; a part needs its sequence"),
            0,
        ));
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
    // Each location is read from the text as written when the feature table's lines line up with
    // gb-io's features (they do unless its layout is off): gb-io keeps only what it made of it.
    let written = text::feature_locations(bytes, place.feature_lines);
    let lined_up = written.len() == seq.features.len()
        && written
            .iter()
            .zip(&seq.features)
            .all(|((key, _), feature)| *key == feature.kind);
    let mut features = Vec::new();
    for (i, feature) in seq.features.iter().enumerate() {
        let offset = place.feature_lines.get(i).copied().unwrap_or(0);
        let text = match lined_up {
            true => written[i].1.clone(),
            false => location::format(&feature.location),
        };
        let field = format!("features[{i}].location");
        let mut leave_out = |why: String| {
            warnings.push((
                field.clone(),
                format!(
                    "record {record}, line {}: feature {i} ({}) was left out: {why}",
                    place.line + offset,
                    feature.kind
                ),
                offset,
            ))
        };
        let location = match location::read(&text) {
            Ok(location) => location,
            Err(Unreadable::OneOfEnd(message)) => {
                leave_out(message);
                continue;
            }
            Err(Unreadable::Malformed(message)) => {
                problems.push((
                    field,
                    format!("feature {i} ({}): location {message}", feature.kind),
                    offset,
                ));
                continue;
            }
        };
        let others = location::other_records(&location);
        if !others.is_empty() {
            let others = others.iter().map(|a| format!("`{a}`")).collect::<Vec<_>>().join(", ");
            leave_out(format!(
                "it lies on another record ({others}: `{}`); a part keeps only the features on its own sequence",
                text.trim()
            ));
            continue;
        }
        match to_feature(feature, &location, length, topology == Topology::Circular) {
            Ok(f) => features.push(f),
            Err(message) => problems.push((
                field,
                format!("feature {i} ({}): location {message}", feature.kind),
                offset,
            )),
        }
    }
    if !problems.is_empty() {
        return (Err(problems), warnings);
    }
    let header = GenbankHeader {
        locus: seq.name.clone(),
        molecule_type: written_molecule.or_else(|| seq.molecule_type.clone().filter(|_| !protein)),
        division: Some(seq.division.clone()).filter(|d| !d.is_empty() && d != "UNK"),
        date: seq
            .date
            .as_ref()
            .map(|d| d.to_string())
            .or(written_date.map(str::to_string)),
        accession: seq.accession.clone(),
        version: seq.version.clone(),
        keywords: seq.keywords.clone().filter(|k| k != "."),
        source: seq.source.as_ref().map(|s| s.source.clone()),
        organism: seq.source.as_ref().and_then(|s| s.organism.clone()),
        annotation_blocks: text::annotation_blocks(bytes),
    };
    let input = PartInput {
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
    };
    (Ok(input), warnings)
}

fn to_feature(feature: &Feature, location: &Location, length: i64, circular: bool) -> Result<FeatureInput, String> {
    let Bounds { start, end, strand } = location::bounds(location, length, circular)?;
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
        location: Some(location::format(location)),
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
        division: match header.division.as_deref() {
            None => "SYN".into(),
            Some(division) if division_code(division) => division.into(),
            // As Biopython writes it: a division out of form would move the LOCUS line's columns.
            Some(_) => "UNK".into(),
        },
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
mod tests;
