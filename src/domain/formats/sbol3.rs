//! Owns SBOL3 reading and writing for parts: every `sbol:Component` of a file that has a DNA, RNA
//! or protein Sequence becomes a [`PartInput`](crate::domain::parts::PartInput) (with its SequenceFeatures and SubComponents as
//! features, or as the ordered `components` of a composite), checked against the SBOL3 rules that
//! matter for registering it; stored parts are written back as SBOL3 Turtle ([`write()`]).
//!
//! - Syntax: RDF/XML, JSON-LD, Turtle and N-Triples, sniffed from the first bytes ([`Syntax`]),
//!   parsed with oxrdfio/oxttl (`graph`). A syntax error is one problem for the file, with the
//!   parser's line (RDF/XML errors carry none: line 1). An SBOL2 document (namespace
//!   `http://sbols.org/v2#`, no SBOL3 terms) is checked and read by [`super::sbol2`]; SBOL1 files
//!   are refused with a pointer to a converter.
//! - Mapping: name = `sbol:name`, else `sbol:displayId`; aliases = the displayId when it is not
//!   the name; description; role = the first Sequence Ontology role bioreg knows (else the first
//!   SO role, else the import's default); molecule type from the Table 2 type (SBO:0000251 DNA,
//!   SBO:0000250 RNA, SBO:0000252 protein), else from the Sequence's encoding (EDAM format_1207 /
//!   format_1208, or the SBOL2-era IUPAC URLs); circular when a type is SO:0000988; the identity
//!   IRI in `source.uri`, the displayId in `source.external_id`. bioreg knows a subset of the
//!   Sequence Ontology: a Component whose SO roles are all outside it gets the import's default
//!   role, with the SBOL3 role noted in `provenance["role"]`.
//! - Features: each SequenceFeature, and each SubComponent that does not become a component, with
//!   its Range/EntireSequence locations on the part's Sequence (several Ranges: an INSDC `join`,
//!   in `sbol:order`, else position order); the strand from the orientation (Tables 5 and 6),
//!   0 when there is none (a join of Ranges without orientation reads forward); the type is the
//!   feature's SO role (roles bioreg does not know go to the `sbol3_role` qualifier), else the
//!   SubComponent's definition's role, else `sequence_feature`; `sbol:description` is the `note`
//!   qualifier and a SubComponent's `instanceOf` the `instance_of` qualifier. Cuts,
//!   LocalSubComponents, ExternallyDefineds and ComponentReferences are not kept.
//! - Composites: a Component whose SubComponents are all `instanceOf` importable Components of the
//!   same file gets `components` (`part: "sbol3:<iri>"`, to be replaced by the import with the
//!   accession registered for that IRI) in Range order, else in `sbol:precedes`/`sbol:meets`
//!   Constraint order, else in file order; gaps between Ranges become linkers. It keeps its own
//!   `sequence` too, which part creation checks against the assembly, so the reader only makes a
//!   composite when the pieces spell the sequence exactly; otherwise the SubComponents stay
//!   features. Records are ordered so every Component comes before the composites using it.
//! - Skipped without a problem, and counted in [`Summary`]: Components without a Sequence with
//!   elements (abstract designs, templates), Components whose Sequences are not DNA, RNA or
//!   protein (SMILES, InChI), and every other top level (Collections, Implementations, …). A file
//!   with nothing importable is one problem saying what it holds.
//!
//! A SubComponent's `instanceOf` may name a Component outside the file (an external reference,
//! as iGEM's distribution does for its parts): that SubComponent stays a feature. It is a problem
//! when it is missing or not one (sbol3-10110), is the parent (sbol3-10803), names an object of the
//! file that is not a Component (sbol3-10113), or closes a cycle (sbol3-10804).
//!
//! A feature's Range outside the part's sequence, or ending before it starts (sbol3-11401,
//! 11402, 11403), only annotates: that Range is left out (and the feature, when it has no other
//! Location on the sequence) with a warning in [`Parsed::warnings`](super::Parsed) instead of a
//! problem, so files like iGEM's 2022 distribution (pSB1C3's 2070 bp carry a Range ending at 2072)
//! import. For a SubComponent that is a piece of a composite it stays a problem.
//!
//! Problems name the SBOL3 validation rule (Appendix B of the SBOL 3.1.0 specification) as
//! `sbol3-NNNNN: …`, with the record index (position among the file's importable Components) and
//! the line of the offending object's first triple (exact for Turtle and N-Triples; for RDF/XML
//! and JSON-LD the first line holding the object's IRI in quotes).
//!
//! Layout: `graph` parses and groups triples, `read` handles Components and Sequences and the
//! record order, `features` features and composites, `write` the Turtle writer, `vocab` the IRIs.
//!
//! Cost: the whole file's triples are held in memory, grouped by subject (a few times the file's
//! size); reading is O(triples) plus, for composites, O(sequence length) to compare the assembly.
//!
//! ```
//! use bioreg::domain::formats::{sbol3, Defaults};
//! let file = br#"<https://example.org/lab/p1> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <http://sbols.org/v3#Component> .
//! <https://example.org/lab/p1> <http://sbols.org/v3#displayId> "p1" .
//! <https://example.org/lab/p1> <http://sbols.org/v3#type> <https://identifiers.org/SBO:0000251> .
//! <https://example.org/lab/p1> <http://sbols.org/v3#role> <https://identifiers.org/SO:0000167> .
//! <https://example.org/lab/p1> <http://sbols.org/v3#hasSequence> <https://example.org/lab/p1_seq> .
//! <https://example.org/lab/p1_seq> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <http://sbols.org/v3#Sequence> .
//! <https://example.org/lab/p1_seq> <http://sbols.org/v3#elements> "ttgacagct" .
//! <https://example.org/lab/p1_seq> <http://sbols.org/v3#encoding> <https://identifiers.org/edam:format_1207> .
//! "#;
//! let parsed = sbol3::read(file, &Defaults::default());
//! assert!(parsed.problems.is_empty());
//! assert_eq!(parsed.records[0].input.role, "SO:0000167");
//! assert_eq!(parsed.records[0].input.sequence.as_deref(), Some("ttgacagct"));
//! ```

pub(super) mod features;
pub(super) mod graph;
pub(super) mod read;
#[cfg(test)]
mod tests;
pub(super) mod vocab;
mod write;

use std::collections::{BTreeMap, HashMap};

use self::graph::Graph;
use self::read::Reader;
use super::{Defaults, Parsed, Problem};

pub use self::graph::Syntax;
pub use self::read::MAX_COMPOSITE_DEPTH;
pub use self::write::{display_id, write, DEFAULT_NAMESPACE};

/// What a file held besides the records read from it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Summary {
    /// The syntax the file was read as.
    pub syntax: Option<Syntax>,
    /// `sbol:Component` objects in the file, importable or not.
    pub components: usize,
    /// Components without any Sequence with elements: abstract designs, templates.
    pub without_sequence: usize,
    /// Components whose Sequences are not DNA, RNA or protein (SMILES, InChI, …).
    pub other_molecules: usize,
    /// Other top-level objects (those with `sbol:hasNamespace`), by class: `Collection`, ….
    pub other_top_levels: BTreeMap<String, usize>,
}

impl Summary {
    /// What the file holds, for the problem raised when nothing in it can be imported.
    fn describe(&self) -> String {
        let mut parts = vec![format!("{} Component(s)", self.components)];
        if self.without_sequence > 0 {
            parts.push(format!(
                "{} without a Sequence with elements (abstract designs or templates)",
                self.without_sequence
            ));
        }
        if self.other_molecules > 0 {
            parts.push(format!(
                "{} whose Sequences are not DNA, RNA or protein",
                self.other_molecules
            ));
        }
        for (class, count) in &self.other_top_levels {
            parts.push(format!("{count} {class}(s)"));
        }
        parts.join(", ")
    }
}

/// Reads every importable Component of an SBOL3 file (syntax sniffed).
/// How a composite read from SBOL3 names a part of the same file (by its identity IRI) until the
/// import replaces the name with the accession that part got.
pub fn reference(iri: &str) -> String {
    format!("sbol3:{iri}")
}

pub fn read(file: &[u8], defaults: &Defaults) -> Parsed {
    read_with_summary(file, None, defaults).0
}

/// [`read`], in the given syntax when there is one, also saying what was skipped.
pub fn read_with_summary(file: &[u8], syntax: Option<Syntax>, defaults: &Defaults) -> (Parsed, Summary) {
    let syntax = syntax.unwrap_or_else(|| Syntax::sniff(file));
    let mut summary = Summary {
        syntax: Some(syntax),
        ..Summary::default()
    };
    let mut parsed = Parsed::default();
    let file_problem = |line: usize, message: String| Problem {
        index: None,
        line,
        field: None,
        message,
    };
    let text = String::from_utf8_lossy(&file[..file.len().min(4096)]).into_owned();
    let sbol2 = text.contains(vocab::SBOL2) && !text.contains(vocab::SBOL);
    let graph = Graph::parse(file, syntax).or_else(|error| {
        // SBOL2 files name attachments and sources by relative IRIs (`data.csv`, or `""`):
        // they are resolved against a placeholder base, as a document without a location.
        if sbol2 {
            Graph::parse_with_base(file, syntax, Some(super::sbol2::BASE))
        } else {
            Err(error)
        }
    });
    let graph = match graph {
        Ok(graph) => graph,
        Err(error) => {
            let message = if sbol2 {
                format!(
                    "sbol2-10105: this SBOL2 document is not well-formed {}: {}",
                    syntax.name(),
                    error.message
                )
            } else {
                match older_sbol(text.contains(vocab::SBOL1)) {
                    Some(older) => format!("{older} (and it is not valid {}: {})", syntax.name(), error.message),
                    None => format!("not a valid {} file: {}", syntax.name(), error.message),
                }
            };
            parsed.problems.push(file_problem(error.line, message));
            return (parsed, summary);
        }
    };
    let uses = |namespace: &str| {
        graph.nodes.iter().any(|n| {
            n.properties
                .iter()
                .any(|(p, v)| p.starts_with(namespace) || v.iri().is_some_and(|v| v.starts_with(namespace)))
        })
    };
    if !uses(vocab::SBOL) && uses(vocab::SBOL2) {
        return (super::sbol2::read_graph(&graph, defaults, &mut summary), summary);
    }
    if !uses(vocab::SBOL) {
        if let Some(message) = older_sbol(uses(vocab::SBOL1)) {
            parsed.problems.push(file_problem(1, message));
            return (parsed, summary);
        }
    }

    let mut reader = Reader {
        graph: &graph,
        defaults,
        candidates: Vec::new(),
        by_key: HashMap::new(),
    };
    reader.classify(&mut summary);
    if reader.candidates.is_empty() {
        parsed.problems.push(file_problem(
            1,
            format!(
                "no importable SBOL3 Component: bioreg registers Components with a DNA, RNA or protein Sequence that has elements; the file has {}",
                summary.describe()
            ),
        ));
        return (parsed, summary);
    }
    let mut drafts = Vec::new();
    for index in 0..reader.candidates.len() {
        let (draft, problems) = reader.build(index, &mut parsed.warnings);
        // Like the other readers, a record with a problem is reported, not returned.
        if problems.is_empty() {
            drafts.extend(draft);
        }
        parsed.problems.extend(problems);
    }
    let mut cycles = Vec::new();
    parsed.records = reader.dependency_order(drafts, &mut cycles);
    parsed
        .records
        .retain(|r| !cycles.iter().any(|p: &Problem| p.index == Some(r.index)));
    parsed.problems.extend(cycles);
    parsed.problems.sort_by_key(|p| (p.index, p.line));
    parsed.warnings.sort_by_key(|p| (p.index, p.line));
    (parsed, summary)
}

/// The problem for an SBOL1 file, if it is one (SBOL2 is read by [`super::sbol2`]).
fn older_sbol(sbol1: bool) -> Option<String> {
    sbol1.then(|| {
        "this is SBOL1 (namespace http://sbols.org/v1#); bioreg reads SBOL3 and SBOL2: convert the file first, e.g. with libSBOLj or sbol-utilities".to_string()
    })
}
