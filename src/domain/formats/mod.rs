//! Owns the exchange formats parts travel in: reading files into [`PartInput`]s (with the index
//! and line of every record and every problem found, so an import can report them all at once)
//! and writing stored parts out again.
//!
//! - [`genbank`]: GenBank flat files, through `gb-io` (parser and writer).
//! - [`fasta`]: FASTA, through `bio::io::fasta`.
//! - [`csv`]: spreadsheets of parts, through the `csv` crate.
//! - [`sbol3`]: SBOL3 (Turtle, N-Triples, RDF/XML, JSON-LD), through `oxrdfio`.
//! - [`sbol2`]: SBOL2 documents, read through the SBOL3 reader and checked against SBOL2's rules.
//! - [`location`]: INSDC feature locations.

pub mod csv;
pub mod fasta;
pub mod genbank;
pub mod location;
pub mod sbol2;
pub mod sbol3;

use serde::Deserialize;

use crate::domain::ontology::SoTerm;
use crate::domain::parts::input::{Feature, Orientation};
use crate::domain::parts::{GenbankHeader, PartInput};
use crate::error::{AppError, AppResult};
use crate::seq::{MoleculeType, Topology};

/// What the writers need of a part, read from the JSON a viewer is shown (so an export carries
/// exactly what that viewer may see: the published revision for readers).
#[derive(Debug, Clone, Deserialize)]
pub struct ExportPart {
    pub accession: String,
    pub name: String,
    #[serde(default)]
    pub description: String,
    pub molecule_type: MoleculeType,
    pub topology: Topology,
    #[serde(default)]
    pub sequence: Option<String>,
    pub length: i64,
    pub created_at: chrono::DateTime<chrono::Utc>,
    #[serde(default)]
    pub genbank: Option<GenbankHeader>,
    #[serde(default)]
    pub features: Vec<Feature>,
    /// The Sequence Ontology role (SBOL3 writes it as the Component's role).
    #[serde(default)]
    pub role: Option<SoTerm>,
    /// A composite's pieces in assembly order (SBOL3 writes the parts as SubComponents).
    #[serde(default)]
    pub components: Vec<ExportComponent>,
}

/// A piece of a composite, as the part view shows it.
#[derive(Debug, Clone, Deserialize)]
pub struct ExportComponent {
    /// The component part; absent for a linker.
    #[serde(default)]
    pub part: Option<ExportPartRef>,
    #[serde(default)]
    pub name: Option<String>,
    pub orientation: Orientation,
    /// Where it sits in the assembly, 1-based inclusive.
    pub start: i64,
    pub end: i64,
}

/// A component part, as the part view refers to it.
#[derive(Debug, Clone, Deserialize)]
pub struct ExportPartRef {
    pub accession: String,
}

/// A file format parts are written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    Json,
    Fasta,
    Genbank,
    /// The CSV column set imports read ([`csv::PART_COLUMNS`], with `accession` first).
    Csv,
    /// SBOL3, written as Turtle.
    Sbol3,
}

impl Format {
    /// The media type a response in this format carries.
    pub fn media_type(self) -> &'static str {
        match self {
            Format::Json => "application/json",
            Format::Fasta => "text/x-fasta; charset=utf-8",
            Format::Genbank => "text/x-genbank; charset=utf-8",
            Format::Csv => "text/csv; charset=utf-8",
            Format::Sbol3 => "text/turtle; charset=utf-8",
        }
    }

    pub fn extension(self) -> &'static str {
        match self {
            Format::Json => "json",
            Format::Fasta => "fasta",
            Format::Genbank => "gb",
            Format::Csv => "csv",
            Format::Sbol3 => "ttl",
        }
    }

    /// The format an `Accept` header asks for, if it names one of the sequence formats: the
    /// usual media types (`chemical/seq-na-genbank`, `text/x-genbank`, `application/x-genbank`,
    /// and the same for FASTA; `text/turtle`, `application/x-turtle` and `application/sbol3`
    /// for SBOL3, which is written as Turtle), in the header's order. (An SBOL3 file sent in
    /// any RDF syntax is recognised by [`sbol3::Syntax::from_media_type`].)
    pub fn from_accept(accept: &str) -> Option<Format> {
        accept.split(',').find_map(|item| {
            let media = item.split(';').next().unwrap_or_default().trim().to_ascii_lowercase();
            match media.as_str() {
                "chemical/seq-na-genbank" | "text/x-genbank" | "application/x-genbank" => Some(Format::Genbank),
                "chemical/seq-na-fasta" | "text/x-fasta" | "application/x-fasta" | "text/fasta" => Some(Format::Fasta),
                "text/turtle" | "application/x-turtle" | "application/sbol3" => Some(Format::Sbol3),
                "application/json" => Some(Format::Json),
                "text/csv" => Some(Format::Csv),
                _ => None,
            }
        })
    }

    /// The format to answer with, among `offered` (in the server's order of preference), for an
    /// `Accept` header (RFC 9110 §12.5.1): the offered format with the highest q-value, each
    /// format taking the q of the most specific range that names it (`*/*` names every one,
    /// `application/*` and `text/*` those of their type); a range with `q=0` refuses it. On a tie
    /// the server's preference wins. `None` when nothing offered is acceptable (a 406).
    /// Cost: O(ranges × offered) for a header the server already bounds in size.
    pub fn negotiate(accept: &str, offered: &[Format]) -> Option<Format> {
        // (specificity, q in thousandths) of the most specific range naming each offered format.
        let mut ranks: Vec<Option<(u8, u16)>> = vec![None; offered.len()];
        for item in accept.split(',') {
            let mut parts = item.split(';');
            let media = parts.next().unwrap_or_default().trim().to_ascii_lowercase();
            if media.is_empty() {
                continue;
            }
            let q = parts
                .find_map(|p| {
                    let p = p.trim();
                    p.strip_prefix("q=").or_else(|| p.strip_prefix("Q="))
                })
                .map_or(1.0, |v| v.trim().parse::<f32>().unwrap_or(0.0));
            let q = (q.clamp(0.0, 1.0) * 1000.0).round() as u16;
            for (i, format) in offered.iter().enumerate() {
                let own = format.media_type().split(';').next().unwrap_or_default();
                let specificity = match media.as_str() {
                    "*/*" => 0,
                    "application/*" if own.starts_with("application/") => 1,
                    "text/*" if own.starts_with("text/") => 1,
                    _ if Format::from_accept(&media) == Some(*format) => 2,
                    _ => continue,
                };
                if ranks[i].is_none_or(|(s, _)| specificity > s) {
                    ranks[i] = Some((specificity, q));
                }
            }
        }
        let mut best: Option<(u16, Format)> = None;
        for (format, rank) in offered.iter().zip(ranks) {
            if let Some((_, q)) = rank.filter(|(_, q)| *q > 0) {
                if best.is_none_or(|(b, _)| q > b) {
                    best = Some((q, *format));
                }
            }
        }
        best.map(|(_, format)| format)
    }

    /// The media types of `offered`, for a 406 that says what can be served.
    pub fn offered_list(offered: &[Format]) -> String {
        offered
            .iter()
            .map(|f| f.media_type().split(';').next().unwrap_or_default())
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// Writes parts in this format (JSON: an array of the given views). `first` says whether
    /// this is the start of the file (CSV writes its header row then), for files written a page
    /// at a time; `namespace` is the SBOL3 namespace of the registry's parts (their identities
    /// are `<namespace>/<accession>`).
    pub fn write(self, parts: &[serde_json::Value], first: bool, namespace: &str) -> AppResult<Vec<u8>> {
        let mut out = Vec::new();
        let records = || parts.iter().map(ExportPart::from_json).collect::<AppResult<Vec<_>>>();
        match self {
            Format::Json => serde_json::to_writer(&mut out, parts).map_err(AppError::internal)?,
            Format::Fasta => fasta::write(&records()?, &mut out).map_err(AppError::internal)?,
            Format::Genbank => genbank::write(&records()?, &mut out).map_err(AppError::internal)?,
            Format::Csv => csv::write_parts(parts, &mut out, first).map_err(AppError::internal)?,
            Format::Sbol3 => sbol3::write(&records()?, namespace, &mut out).map_err(AppError::internal)?,
        }
        Ok(out)
    }
}

impl ExportPart {
    pub fn from_json(value: &serde_json::Value) -> AppResult<Self> {
        serde_json::from_value(value.clone()).map_err(|e| AppError::internal(format!("part view for export: {e}")))
    }
}

/// One record read from a file: its position in the file and the part (or strain) it would become.
#[derive(Debug, Clone)]
pub struct Record<T = PartInput> {
    /// 0-based position among the file's records.
    pub index: usize,
    /// 1-based line where the record starts.
    pub line: usize,
    pub input: T,
}

/// A problem with one record (or with the file, when `index` is `None`).
#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    pub index: Option<usize>,
    pub line: usize,
    /// The field, e.g. `features[3].location`, when the problem is in one.
    pub field: Option<String>,
    pub message: String,
}

/// What reading a file gave: the records that could be read, everything wrong, and what was
/// left out of records that are still imported (warnings: they do not refuse the file).
#[derive(Debug)]
pub struct Parsed<T = PartInput> {
    pub records: Vec<Record<T>>,
    pub problems: Vec<Problem>,
    pub warnings: Vec<Problem>,
}

impl<T> Default for Parsed<T> {
    fn default() -> Self {
        Parsed {
            records: Vec::new(),
            problems: Vec::new(),
            warnings: Vec::new(),
        }
    }
}

/// One step of reading a file: a record, the problems of a record (or of the file), or warnings
/// (what was left out of records that are still imported).
#[derive(Debug)]
pub enum Item<T = PartInput> {
    Record(Record<T>),
    Problems(Vec<Problem>),
    Warnings(Vec<Problem>),
}

/// A file's records, read one at a time as they are asked for (see [`genbank::read_lazily`]);
/// formats read whole convert from [`Parsed`].
pub struct Lazy<'a, T = PartInput> {
    /// Records in the file, for progress.
    pub total: usize,
    items: Box<dyn Iterator<Item = Item<T>> + 'a>,
}

impl<'a, T> Lazy<'a, T> {
    pub fn new(total: usize, items: impl Iterator<Item = Item<T>> + 'a) -> Self {
        Lazy {
            total,
            items: Box::new(items),
        }
    }
}

impl<T> Iterator for Lazy<'_, T> {
    type Item = Item<T>;

    fn next(&mut self) -> Option<Item<T>> {
        self.items.next()
    }
}

impl<'a, T: 'a> From<Parsed<T>> for Lazy<'a, T> {
    fn from(parsed: Parsed<T>) -> Self {
        let total = parsed.records.len();
        let warnings = Some(parsed.warnings).filter(|w| !w.is_empty()).map(Item::Warnings);
        let problems = parsed.problems.into_iter().map(|p| Item::Problems(vec![p]));
        let records = parsed.records.into_iter().map(Item::Record);
        Lazy::new(total, warnings.into_iter().chain(problems).chain(records))
    }
}

impl<T> FromIterator<Item<T>> for Parsed<T> {
    fn from_iter<I: IntoIterator<Item = Item<T>>>(items: I) -> Self {
        let mut parsed = Parsed::default();
        for item in items {
            match item {
                Item::Record(record) => parsed.records.push(record),
                Item::Problems(problems) => parsed.problems.extend(problems),
                Item::Warnings(warnings) => parsed.warnings.extend(warnings),
            }
        }
        parsed
    }
}

/// How records without a role or molecule type of their own are registered.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Defaults {
    /// Role of every record (Sequence Ontology id or label); by default `plasmid` for circular
    /// records and `engineered_region` for linear ones.
    pub role: Option<String>,
    /// For FASTA: molecule type and topology of every record.
    pub molecule_type: Option<crate::seq::MoleculeType>,
    pub topology: Option<crate::seq::Topology>,
}

impl Defaults {
    fn role(&self, topology: crate::seq::Topology) -> String {
        self.role.clone().unwrap_or_else(|| match topology {
            crate::seq::Topology::Circular => "plasmid".into(),
            crate::seq::Topology::Linear => "engineered_region".into(),
        })
    }
}

/// 1-based line number of byte offset `at` in `text`.
fn line_of(text: &[u8], at: usize) -> usize {
    text[..at.min(text.len())].iter().filter(|&&b| b == b'\n').count() + 1
}

#[cfg(test)]
mod negotiation_tests {
    use super::Format;

    const PART: [Format; 5] = [Format::Json, Format::Genbank, Format::Fasta, Format::Sbol3, Format::Csv];

    #[test]
    fn the_highest_q_value_wins_and_q0_refuses() {
        assert_eq!(Format::negotiate("text/x-genbank", &PART), Some(Format::Genbank));
        assert_eq!(
            Format::negotiate("application/json;q=0.5, text/x-fasta;q=0.9", &PART),
            Some(Format::Fasta)
        );
        // A browser's Accept: any type, so the server's preference.
        assert_eq!(
            Format::negotiate("text/html,application/xhtml+xml,*/*;q=0.8", &PART),
            Some(Format::Json)
        );
        // The more specific range decides: everything but JSON.
        assert_eq!(
            Format::negotiate("*/*, application/json;q=0", &PART),
            Some(Format::Genbank)
        );
        assert_eq!(
            Format::negotiate("text/*", &[Format::Json, Format::Csv]),
            Some(Format::Csv)
        );
        assert_eq!(Format::negotiate("application/xml", &PART), None);
        assert_eq!(Format::negotiate("text/x-genbank;q=0", &PART), None);
        assert_eq!(Format::negotiate("text/x-genbank;q=nonsense", &PART), None);
        assert_eq!(Format::negotiate("text/x-genbank", &[Format::Json, Format::Csv]), None);
    }
}
