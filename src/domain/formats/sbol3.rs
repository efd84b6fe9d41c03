//! Owns SBOL3 reading and writing for parts: every `sbol:Component` of a file that has a DNA, RNA
//! or protein Sequence becomes a [`PartInput`] (with its SequenceFeatures and SubComponents as
//! features, or as the ordered `components` of a composite), checked against the SBOL3 rules that
//! matter for registering it; stored parts are written back as SBOL3 Turtle ([`write`]).
//!
//! - Syntax: RDF/XML, JSON-LD, Turtle and N-Triples, sniffed from the first bytes ([`Syntax`]),
//!   parsed with oxrdfio/oxttl ([`graph`]). A syntax error is one problem for the file, with the
//!   parser's line (RDF/XML errors carry none: line 1). SBOL2 and SBOL1 files are refused with a
//!   pointer to sbol-utilities' `sbol2to3` converter.
//! - Mapping: name = `sbol:name`, else `sbol:displayId`; aliases = the displayId when it is not
//!   the name; description; role = the first Sequence Ontology role bioreg knows (else the first
//!   SO role, else the import's default); molecule type from the Table 2 type (SBO:0000251 DNA,
//!   SBO:0000250 RNA, SBO:0000252 protein), else from the Sequence's encoding (EDAM format_1207 /
//!   format_1208, or the SBOL2-era IUPAC URLs); circular when a type is SO:0000988; the identity
//!   IRI in `source.uri`, the displayId in `source.external_id`.
//! - Features: each SequenceFeature, and each SubComponent that does not become a component, with
//!   its Range/EntireSequence locations on the part's Sequence (several Ranges: an INSDC `join`,
//!   in `sbol:order`, else position order); the strand from the orientation (Tables 5 and 6),
//!   0 when there is none. Cuts, LocalSubComponents, ExternallyDefineds and ComponentReferences are
//!   not kept.
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
//! Problems name the SBOL3 validation rule (Appendix B of the SBOL 3.1.0 specification) as
//! `sbol3-NNNNN: …`, with the record index (position among the file's importable Components) and
//! the line of the offending object's first triple (exact for Turtle and N-Triples; for RDF/XML
//! and JSON-LD the first line holding the object's IRI in quotes).
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

mod graph;
#[cfg(test)]
mod tests;
mod vocab;
mod write;

use std::collections::{BTreeMap, HashMap};

use self::graph::{Graph, Node, Value};
use self::vocab::Encoding;
use super::{location, Defaults, Parsed, Problem, Record};
use crate::domain::ontology;
use crate::domain::parts::input::{ComponentInput, FeatureInput, Orientation, Source};
use crate::domain::parts::PartInput;
use crate::seq::{reverse_complement, MoleculeType, Topology};

pub use self::graph::Syntax;
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
    let graph = match Graph::parse(file, syntax) {
        Ok(graph) => graph,
        Err(error) => {
            let text = String::from_utf8_lossy(&file[..file.len().min(4096)]).into_owned();
            let message = match older_sbol(text.contains(vocab::SBOL2), text.contains(vocab::SBOL1)) {
                Some(older) => format!("{older} (and it is not valid {}: {})", syntax.name(), error.message),
                None => format!("not a valid {} file: {}", syntax.name(), error.message),
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
    if !uses(vocab::SBOL) {
        if let Some(message) = older_sbol(uses(vocab::SBOL2), uses(vocab::SBOL1)) {
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
        let (draft, problems) = reader.build(index);
        parsed.problems.extend(problems);
        drafts.extend(draft);
    }
    parsed.records = reader.dependency_order(drafts, &mut parsed.problems);
    parsed.problems.sort_by_key(|p| (p.index, p.line));
    (parsed, summary)
}

/// The problem for an SBOL2 or SBOL1 file, if it is one.
fn older_sbol(sbol2: bool, sbol1: bool) -> Option<String> {
    let version = match (sbol2, sbol1) {
        (true, _) => "SBOL2 (namespace http://sbols.org/v2#)",
        (false, true) => "SBOL1 (namespace http://sbols.org/v1#)",
        (false, false) => return None,
    };
    Some(format!(
        "this is {version}; bioreg reads SBOL3: convert the file first, e.g. with sbol-utilities' `sbol2to3` (pip install sbol-utilities)"
    ))
}

/// The Sequence a part is registered with.
struct Chosen<'g> {
    key: &'g str,
    elements: &'g str,
    molecule: MoleculeType,
}

/// A Component that will become a record (or be reported).
struct Candidate<'g> {
    node: &'g Node,
    line: usize,
    /// The Sequence chosen, when one fits the Component's type.
    sequence: Option<Chosen<'g>>,
    /// Problems found while choosing it.
    problems: Vec<Problem>,
}

/// A record before ordering: its input and the Components (keys) it is assembled from.
struct Draft<'g> {
    record: Record,
    uses: Vec<&'g str>,
}

/// A place on the part's Sequence: 1-based inclusive, strand +1/-1/0, `sbol:order` if given.
#[derive(Debug, Clone, Copy)]
struct Place {
    start: i64,
    end: i64,
    strand: i8,
    order: Option<i64>,
}

struct Reader<'g> {
    graph: &'g Graph<'g>,
    defaults: &'g Defaults,
    candidates: Vec<Candidate<'g>>,
    by_key: HashMap<&'g str, usize>,
}

/// The one literal of a property, checking its cardinality (at most one) and kind.
fn single_literal<'g>(
    node: &'g Node,
    predicate: &'static str,
    problems: &mut Vec<(String, String)>,
) -> Option<&'g str> {
    let values: Vec<&Value> = node.values(predicate).collect();
    let short = predicate.trim_start_matches(vocab::SBOL);
    if values.len() > 1 {
        problems.push((
            short.to_string(),
            format!(
                "sbol3-10110: <{}> has {} `{short}` values; at most one is allowed",
                node.key,
                values.len()
            ),
        ));
    }
    match values.first() {
        Some(Value::Literal { value, .. }) => Some(value),
        Some(other) => {
            problems.push((
                short.to_string(),
                format!(
                    "sbol3-10111: `{short}` of <{}> must be a literal, not <{}>",
                    node.key,
                    other.key().unwrap_or_default()
                ),
            ));
            None
        }
        None => None,
    }
}

/// The first Sequence Ontology role of a node bioreg knows, else its first SO role.
fn so_role(node: &Node) -> Option<String> {
    let ids: Vec<String> = node
        .values(vocab::ROLE)
        .filter_map(|v| v.iri().and_then(|iri| vocab::ontology_id(iri, "SO")))
        .collect();
    ids.iter()
        .find(|id| ontology::resolve(id).is_some())
        .or(ids.first())
        .cloned()
}

/// The last segment of an IRI, for a Component with neither name nor displayId.
fn last_segment(iri: &str) -> &str {
    iri.trim_end_matches(['/', '#'])
        .rsplit(['/', '#', ':'])
        .next()
        .unwrap_or(iri)
}

impl<'g> Reader<'g> {
    /// A problem about `key` (an object of record `index`), on that object's line.
    fn problem(&self, index: usize, key: &str, field: &str, message: String) -> Problem {
        Problem {
            index: Some(index),
            line: self.graph.line(key),
            field: Some(field.to_string()),
            message,
        }
    }

    /// Finds the importable Components and the Sequence each is registered with; counts the rest.
    fn classify(&mut self, summary: &mut Summary) {
        let graph = self.graph;
        for node in &graph.nodes {
            if !node.has_type(vocab::COMPONENT) {
                let top_level = node.values(vocab::HAS_NAMESPACE).next().is_some();
                let class = node.values(vocab::RDF_TYPE).find_map(|v| v.iri());
                if let (true, Some(class)) = (top_level, class) {
                    if class != vocab::SEQUENCE {
                        *summary
                            .other_top_levels
                            .entry(last_segment(class).to_string())
                            .or_default() += 1;
                    }
                }
                continue;
            }
            summary.components += 1;
            let references: Vec<&Value> = node.values(vocab::HAS_SEQUENCE).collect();
            let with_elements = |v: &&Value| {
                v.key().and_then(|k| graph.node(k)).is_none_or(|s| {
                    s.values(vocab::ELEMENTS)
                        .any(|e| e.literal().is_none_or(|text| !text.trim().is_empty()))
                })
            };
            // A reference to a Sequence missing from the file counts: it is reported, not skipped.
            if !references.iter().any(with_elements) {
                summary.without_sequence += 1;
                continue;
            }
            let index = self.candidates.len();
            let candidate = self.choose_sequence(index, node);
            if candidate.sequence.is_none() && candidate.problems.is_empty() {
                summary.other_molecules += 1;
                continue;
            }
            self.by_key.insert(&node.key, index);
            self.candidates.push(candidate);
        }
    }

    /// Checks a Component's types and Sequences and picks the Sequence it is registered with.
    fn choose_sequence(&self, index: usize, node: &'g Node) -> Candidate<'g> {
        let graph = self.graph;
        let mut problems = Vec::new();
        let mut report = |key: &str, field: &str, message: String| {
            problems.push(self.problem(index, key, field, message));
        };
        let types: Vec<&Value> = node.values(vocab::TYPE).collect();
        if types.is_empty() {
            report(
                &node.key,
                "type",
                format!(
                    "sbol3-10110: Component <{}> has no `type`; a Component needs at least one (e.g. SBO:0000251 for DNA)",
                    node.key
                ),
            );
        }
        let mut table_2: Vec<String> = Vec::new();
        for value in &types {
            match value.iri() {
                Some(iri) => {
                    if let Some(id) = vocab::ontology_id(iri, "SBO") {
                        let known = [vocab::SBO_DNA, vocab::SBO_RNA, vocab::SBO_PROTEIN]
                            .iter()
                            .chain(&vocab::SBO_OTHER_TABLE_2)
                            .any(|t| *t == id);
                        if known && !table_2.contains(&id) {
                            table_2.push(id);
                        }
                    }
                }
                None => report(
                    &node.key,
                    "type",
                    format!(
                        "sbol3-10111: a `type` of Component <{}> is a literal, not an IRI",
                        node.key
                    ),
                ),
            }
        }
        if table_2.len() > 1 {
            report(
                &node.key,
                "type",
                format!(
                    "sbol3-10601: Component <{}> has more than one type from Table 2 ({}); it must be one kind of molecule",
                    node.key,
                    table_2.join(", ")
                ),
            );
        }
        let declared = table_2.first().and_then(|id| match id.as_str() {
            vocab::SBO_DNA => Some(MoleculeType::Dna),
            vocab::SBO_RNA => Some(MoleculeType::Rna),
            vocab::SBO_PROTEIN => Some(MoleculeType::Protein),
            _ => None,
        });

        // (key, elements, encoding) of every Sequence with elements.
        let mut sequences: Vec<(&'g str, &'g str, Option<Encoding>)> = Vec::new();
        for value in node.values(vocab::HAS_SEQUENCE) {
            let Some(key) = value.key() else {
                report(
                    &node.key,
                    "hasSequence",
                    format!(
                        "sbol3-10111: `hasSequence` of Component <{}> is a literal, not an IRI",
                        node.key
                    ),
                );
                continue;
            };
            let Some(sequence) = graph.node(key) else {
                report(
                    &node.key,
                    "hasSequence",
                    format!(
                        "sbol3-10113: Component <{}> refers with `hasSequence` to <{key}>, which is not in the file; include the Sequence",
                        node.key
                    ),
                );
                continue;
            };
            if !sequence.has_type(vocab::SEQUENCE) {
                report(
                    &node.key,
                    "hasSequence",
                    format!(
                        "sbol3-10113: Component <{}> refers with `hasSequence` to <{key}>, which is not a Sequence",
                        node.key
                    ),
                );
                continue;
            }
            let mut local = Vec::new();
            let elements = single_literal(sequence, vocab::ELEMENTS, &mut local);
            let encoding_values: Vec<&Value> = sequence.values(vocab::ENCODING).collect();
            if encoding_values.len() > 1 {
                local.push((
                    "encoding".into(),
                    format!(
                        "sbol3-10110: Sequence <{key}> has {} encodings; at most one is allowed",
                        encoding_values.len()
                    ),
                ));
            }
            let encoding = encoding_values.first().and_then(|v| v.iri()).map(Encoding::of);
            check_display_id(sequence, &mut local);
            if let Some(elements) = elements.filter(|e| !e.trim().is_empty()) {
                match encoding {
                    None => local.push((
                        "encoding".into(),
                        format!("sbol3-10501: Sequence <{key}> has elements but no encoding (e.g. https://identifiers.org/edam:format_1207 for DNA/RNA)"),
                    )),
                    Some(encoding) => {
                        if let Err((letter, at)) = encoding.check(elements) {
                            local.push((
                                "sequence".into(),
                                format!(
                                    "sbol3-10503: elements of Sequence <{key}> are not consistent with its encoding <{}>: `{letter}` at position {at} is not an IUPAC {} letter",
                                    encoding_values[0].iri().unwrap_or_default(),
                                    if encoding == Encoding::Protein { "amino-acid" } else { "nucleotide" }
                                ),
                            ))
                        }
                    }
                }
                sequences.push((key, elements, encoding));
            }
            for (field, message) in local {
                report(key, &field, message);
            }
        }

        let fits = |encoding: Option<Encoding>| match (declared, encoding) {
            (Some(MoleculeType::Protein), Some(Encoding::Protein)) => true,
            (Some(MoleculeType::Dna | MoleculeType::Rna), Some(Encoding::NucleicAcid)) => true,
            (None, Some(Encoding::Protein | Encoding::NucleicAcid)) => true,
            _ => false,
        };
        let chosen = sequences.iter().find(|(_, _, encoding)| fits(*encoding));
        let sequence = chosen.map(|&(key, elements, encoding)| {
            let molecule = declared.unwrap_or(match encoding {
                Some(Encoding::Protein) => MoleculeType::Protein,
                _ => {
                    let has = |letter: char| elements.chars().any(|c| c.eq_ignore_ascii_case(&letter));
                    if has('u') && !has('t') {
                        MoleculeType::Rna
                    } else {
                        MoleculeType::Dna
                    }
                }
            });
            Chosen {
                key,
                elements,
                molecule,
            }
        });
        if sequence.is_none() {
            if let Some(molecule) = declared {
                let wanted = match molecule {
                    MoleculeType::Protein => "https://identifiers.org/edam:format_1208 (IUPAC protein)",
                    _ => "https://identifiers.org/edam:format_1207 (IUPAC DNA/RNA)",
                };
                if sequences.iter().any(|(_, _, e)| e.is_some()) {
                    report(
                        &node.key,
                        "hasSequence",
                        format!(
                            "sbol3-10616: Component <{}> is {} (type {}) but none of its Sequences has the encoding {wanted}",
                            node.key,
                            molecule.as_str(),
                            table_2[0]
                        ),
                    );
                }
            } else if sequences.iter().all(|(_, _, e)| *e == Some(Encoding::Other)) && problems.is_empty() {
                // SMILES, InChI, …: not a part bioreg registers.
                return Candidate {
                    node,
                    line: graph.line(&node.key),
                    sequence: None,
                    problems: Vec::new(),
                };
            }
        }
        Candidate {
            node,
            line: graph.line(&node.key),
            sequence,
            problems,
        }
    }

    /// Maps candidate `index` to its record, with every problem found.
    fn build(&self, index: usize) -> (Option<Draft<'g>>, Vec<Problem>) {
        let candidate = &self.candidates[index];
        let node = candidate.node;
        let mut problems = candidate.problems.clone();
        let mut local = Vec::new();
        let name = single_literal(node, vocab::NAME, &mut local);
        let display_id = single_literal(node, vocab::DISPLAY_ID, &mut local);
        let description = single_literal(node, vocab::DESCRIPTION, &mut local);
        check_display_id(node, &mut local);
        for (field, message) in local {
            problems.push(self.problem(index, &node.key, &field, message));
        }
        let Some(chosen) = &candidate.sequence else {
            return (None, problems);
        };
        let name = name
            .or(display_id)
            .map(str::to_string)
            .unwrap_or_else(|| last_segment(&node.key).to_string());
        let topology = if node
            .values(vocab::TYPE)
            .any(|v| v.iri().and_then(|iri| vocab::ontology_id(iri, "SO")).as_deref() == Some(vocab::SO_CIRCULAR))
        {
            Topology::Circular
        } else {
            Topology::Linear
        };
        let role = so_role(node).unwrap_or_else(|| self.defaults.role(topology));
        let mut input = PartInput {
            description: description.unwrap_or_default().trim().to_string(),
            aliases: display_id
                .filter(|d| *d != name)
                .map(str::to_string)
                .into_iter()
                .collect(),
            source: Some(Source {
                uri: Some(node.key.clone()).filter(|k| !k.starts_with("_:")),
                external_id: display_id.map(str::to_string),
                ..Source::default()
            }),
            ..PartInput::new(name, role, chosen.molecule, topology, chosen.elements.to_string())
        };
        let uses = self.features_and_components(index, chosen, topology, &mut input, &mut problems);
        let draft = Draft {
            record: Record {
                index,
                line: candidate.line,
                input,
            },
            uses,
        };
        (Some(draft), problems)
    }

    /// Fills in features and, for a composite, components; gives the Components it uses.
    fn features_and_components(
        &self,
        index: usize,
        chosen: &Chosen<'g>,
        topology: Topology,
        input: &mut PartInput,
        problems: &mut Vec<Problem>,
    ) -> Vec<&'g str> {
        let graph = self.graph;
        let component = self.candidates[index].node;
        let length = chosen.elements.chars().count() as i64;
        let mut sub_components = Vec::new();
        for value in component.values(vocab::HAS_FEATURE) {
            let Some(feature) = value.key().and_then(|k| graph.node(k)) else {
                problems.push(self.problem(
                    index,
                    &component.key,
                    "hasFeature",
                    format!(
                        "sbol3-10112: Component <{}> refers with `hasFeature` to <{}>, which is not in the file",
                        component.key,
                        value.key().unwrap_or_default()
                    ),
                ));
                continue;
            };
            let is_sub_component = feature.has_type(vocab::SUB_COMPONENT);
            if !is_sub_component && !feature.has_type(vocab::SEQUENCE_FEATURE) {
                continue;
            }
            let mut local = Vec::new();
            check_display_id(feature, &mut local);
            let instance_of = if is_sub_component {
                self.instance_of(component, feature, &mut local)
            } else {
                None
            };
            let mut located = Vec::new();
            let places = self.places(component, feature, chosen, length, &mut located);
            let local = local
                .into_iter()
                .map(|(field, message)| (feature.key.clone(), field, message));
            for (key, field, message) in local.chain(located) {
                problems.push(self.problem(index, &key, &field, message));
            }
            if is_sub_component {
                sub_components.push((feature, instance_of, places));
            } else {
                self.push_feature(index, feature, None, &places, length, topology, input, problems);
            }
        }

        // A composite: every SubComponent is an instance of an importable Component of the file.
        let targets: Option<Vec<&'g str>> = sub_components
            .iter()
            .map(|(_, target, _)| target.filter(|t| self.by_key.contains_key(t)))
            .collect();
        if let Some(targets) = targets.filter(|t| !t.is_empty()) {
            if let Some(components) = self.assemble(component, chosen, &sub_components) {
                input.components = components;
                return targets;
            }
        }
        for (feature, target, places) in &sub_components {
            self.push_feature(index, feature, *target, places, length, topology, input, problems);
        }
        Vec::new()
    }

    /// The Component a SubComponent is an instance of (checked: exactly one, not its parent, and a
    /// Component when it is in the file). An IRI absent from the file is an external reference.
    fn instance_of(&self, parent: &Node, feature: &'g Node, problems: &mut Vec<(String, String)>) -> Option<&'g str> {
        let values: Vec<&'g Value> = feature.values(vocab::INSTANCE_OF).collect();
        if values.len() != 1 {
            problems.push((
                "instanceOf".into(),
                format!(
                    "sbol3-10110: SubComponent <{}> has {} `instanceOf` values; it needs exactly one",
                    feature.key,
                    values.len()
                ),
            ));
        }
        let target = values.first()?.iri()?;
        if target == parent.key {
            problems.push((
                "instanceOf".into(),
                format!(
                    "sbol3-10803: SubComponent <{}> is an instance of the Component that contains it",
                    feature.key
                ),
            ));
            return None;
        }
        if self.graph.node(target).is_some_and(|n| !n.has_type(vocab::COMPONENT)) {
            problems.push((
                "instanceOf".into(),
                format!(
                    "sbol3-10113: SubComponent <{}> is an instance of <{target}>, which is not a Component",
                    feature.key
                ),
            ));
            return None;
        }
        Some(target)
    }

    /// The places of a feature on the part's Sequence, checking each Location.
    /// Problems are (object key, field, message).
    fn places(
        &self,
        component: &Node,
        feature: &Node,
        chosen: &Chosen,
        length: i64,
        location_problems: &mut Vec<(String, String, String)>,
    ) -> Vec<Place> {
        let graph = self.graph;
        let mut own = Vec::new();
        let mut report = |field: &str, message: String| own.push((feature.key.clone(), field.to_string(), message));
        let feature_strand = match feature.values(vocab::ORIENTATION).next() {
            Some(value) => match value.iri().and_then(vocab::strand_of) {
                Some(strand) => strand,
                None => {
                    report(
                        "orientation",
                        format!(
                            "sbol3-10702: orientation of feature <{}> is not one of Tables 5 and 6 (SO:0001030, SO:0001031, sbol:inline, sbol:reverseComplement)",
                            feature.key
                        ),
                    );
                    0
                }
            },
            None => 0,
        };
        let locations: Vec<&Value> = feature.values(vocab::HAS_LOCATION).collect();
        if locations.is_empty() && feature.has_type(vocab::SEQUENCE_FEATURE) {
            report(
                "hasLocation",
                format!(
                    "sbol3-10110: SequenceFeature <{}> has no `hasLocation`; it needs at least one",
                    feature.key
                ),
            );
        }
        let mut places = Vec::new();
        for value in locations {
            let key = value.key().unwrap_or_default();
            let Some(location) = graph.node(key) else {
                report(
                    "hasLocation",
                    format!(
                        "sbol3-10112: feature <{}> refers with `hasLocation` to <{key}>, which is not in the file",
                        feature.key
                    ),
                );
                continue;
            };
            let mut local = Vec::new();
            check_display_id(location, &mut local);
            let on: Vec<&str> = location.values(vocab::HAS_SEQUENCE).filter_map(|v| v.key()).collect();
            if on.len() != 1 {
                local.push((
                    "hasLocation".into(),
                    format!(
                        "sbol3-10110: Location <{key}> has {} `hasSequence` values; it needs exactly one",
                        on.len()
                    ),
                ));
            }
            if let Some(sequence) = on.first() {
                if !component.values(vocab::HAS_SEQUENCE).any(|v| v.key() == Some(sequence)) {
                    local.push((
                        "hasLocation".into(),
                        format!(
                            "sbol3-11302: Location <{key}> is on Sequence <{sequence}>, which is not a `hasSequence` of Component <{}>",
                            component.key
                        ),
                    ));
                }
            }
            let strand = match location.values(vocab::ORIENTATION).next() {
                Some(value) => value.iri().and_then(vocab::strand_of).unwrap_or_else(|| {
                    local.push((
                        "orientation".into(),
                        format!("sbol3-11301: orientation of Location <{key}> is not one of Tables 5 and 6"),
                    ));
                    0
                }),
                None => feature_strand,
            };
            let integer = |predicate: &'static str, local: &mut Vec<(String, String)>| -> Option<i64> {
                let short = predicate.trim_start_matches(vocab::SBOL);
                let values: Vec<&Value> = location.values(predicate).collect();
                if values.len() != 1 {
                    local.push((
                        format!("hasLocation.{short}"),
                        format!(
                            "sbol3-10110: Range <{key}> has {} `{short}` values; it needs exactly one",
                            values.len()
                        ),
                    ));
                }
                let value = values.first()?;
                let parsed = value.literal().and_then(|v| v.trim().parse::<i64>().ok());
                if parsed.is_none() {
                    local.push((
                        format!("hasLocation.{short}"),
                        format!("sbol3-10111: `{short}` of Range <{key}> is not an integer"),
                    ));
                }
                parsed
            };
            let place = if location.has_type(vocab::RANGE) {
                let start = integer(vocab::START, &mut local);
                let end = integer(vocab::END, &mut local);
                let order = location
                    .values(vocab::ORDER)
                    .next()
                    .and_then(|v| v.literal()?.trim().parse().ok());
                match (start, end) {
                    (Some(start), Some(end)) => {
                        let on_part = on.first() == Some(&chosen.key);
                        if start < 1 || (on_part && start > length) {
                            local.push((
                                "hasLocation.start".into(),
                                format!(
                                    "sbol3-11401: Range <{key}> starts at {start}, outside the sequence (1..{length})"
                                ),
                            ));
                        }
                        if end < 1 || (on_part && end > length) {
                            local.push((
                                "hasLocation.end".into(),
                                format!("sbol3-11402: Range <{key}> ends at {end}, outside the sequence (1..{length})"),
                            ));
                        }
                        if end < start {
                            local.push((
                                "hasLocation.end".into(),
                                format!("sbol3-11403: Range <{key}> ends ({end}) before it starts ({start})"),
                            ));
                        }
                        Some(Place {
                            start,
                            end,
                            strand,
                            order,
                        })
                    }
                    _ => None,
                }
            } else if location.has_type(vocab::ENTIRE_SEQUENCE) {
                Some(Place {
                    start: 1,
                    end: length,
                    strand,
                    order: None,
                })
            } else {
                // Cuts (a point between two residues) and unknown Locations are not kept.
                None
            };
            let bad = !local.is_empty();
            // Location problems are reported on the Location's own line.
            location_problems.extend(
                local
                    .into_iter()
                    .map(|(field, message)| (key.to_string(), field, message)),
            );
            if let (Some(place), false, true) = (place, bad, on.first() == Some(&chosen.key)) {
                places.push(place);
            }
        }
        location_problems.extend(own);
        places
    }

    /// Adds a feature for a SequenceFeature or SubComponent with places on the Sequence.
    #[allow(clippy::too_many_arguments)]
    fn push_feature(
        &self,
        index: usize,
        feature: &Node,
        instance_of: Option<&str>,
        places: &[Place],
        length: i64,
        topology: Topology,
        input: &mut PartInput,
        problems: &mut Vec<Problem>,
    ) {
        if places.is_empty() {
            return;
        }
        let mut ignored = Vec::new();
        let name = single_literal(feature, vocab::NAME, &mut ignored)
            .or_else(|| single_literal(feature, vocab::DISPLAY_ID, &mut ignored))
            .map(str::to_string);
        let feature_type = so_role(feature)
            .or_else(|| instance_of.and_then(|k| self.graph.node(k)).and_then(so_role))
            .unwrap_or_else(|| "sequence_feature".to_string());
        let mut qualifiers = BTreeMap::new();
        if let Some(description) = single_literal(feature, vocab::DESCRIPTION, &mut ignored) {
            qualifiers.insert("note".to_string(), vec![description.to_string()]);
        }
        if let Some(target) = instance_of {
            qualifiers.insert("instance_of".to_string(), vec![target.to_string()]);
        }
        let (start, end, strand, text) = match places {
            [one] => (one.start, one.end, one.strand, None),
            several => {
                let text = join(several);
                let circular = topology == Topology::Circular;
                match location::parse(&text).and_then(|l| location::bounds(&l, length, circular)) {
                    Ok(b) => (b.start, b.end, b.strand, Some(text)),
                    Err(message) => {
                        problems.push(self.problem(
                            index,
                            &feature.key,
                            "hasLocation",
                            format!(
                                "feature <{}>: its Ranges, as the location `{text}`, {message}",
                                feature.key
                            ),
                        ));
                        return;
                    }
                }
            }
        };
        input.features.push(FeatureInput {
            name,
            feature_type,
            start,
            end,
            strand,
            qualifiers,
            key: None,
            location: text,
        });
    }

    /// The components of a composite whose pieces spell its Sequence exactly, else `None`.
    fn assemble(
        &self,
        component: &Node,
        chosen: &Chosen,
        sub_components: &[(&'g Node, Option<&'g str>, Vec<Place>)],
    ) -> Option<Vec<ComponentInput>> {
        let sequence = chosen.elements.to_ascii_uppercase().into_bytes();
        let piece = |target: &str, strand: i8| -> Option<Vec<u8>> {
            let part = self.candidates[self.by_key[target]].sequence.as_ref()?;
            if part.molecule != chosen.molecule {
                return None;
            }
            let forward = part.elements.to_ascii_uppercase().into_bytes();
            Some(match strand {
                -1 => reverse_complement(&forward, chosen.molecule),
                _ => forward,
            })
        };
        let entry = |feature: &Node, target: &str, strand: i8| ComponentInput {
            part: Some(format!("sbol3:{target}")),
            linker: None,
            name: single_literal(feature, vocab::NAME, &mut Vec::new()).map(str::to_string),
            orientation: Some(if strand == -1 {
                Orientation::Reverse
            } else {
                Orientation::Forward
            }),
        };
        let linker = |from: usize, to: usize| ComponentInput {
            part: None,
            linker: Some(String::from_utf8_lossy(&sequence[from..to]).into_owned()),
            name: None,
            orientation: None,
        };
        let mut components = Vec::new();
        if sub_components.iter().all(|(_, _, places)| places.len() == 1) {
            let mut placed: Vec<(&Node, &str, Place)> = sub_components
                .iter()
                .map(|(f, t, p)| (*f, t.unwrap_or_default(), p[0]))
                .collect();
            placed.sort_by_key(|(_, _, p)| (p.start, p.end));
            let mut cursor = 0usize;
            for (feature, target, place) in placed {
                let (from, to) = (place.start as usize - 1, place.end as usize);
                if from < cursor || to > sequence.len() || sequence[from..to] != piece(target, place.strand)? {
                    return None;
                }
                if from > cursor {
                    components.push(linker(cursor, from));
                }
                components.push(entry(feature, target, place.strand));
                cursor = to;
            }
            if cursor < sequence.len() {
                components.push(linker(cursor, sequence.len()));
            }
        } else if sub_components.iter().all(|(_, _, places)| places.is_empty()) {
            let mut assembly = Vec::new();
            for &i in &self.constraint_order(component, sub_components) {
                let (feature, target, _) = &sub_components[i];
                let target = target.unwrap_or_default();
                let strand = feature
                    .values(vocab::ORIENTATION)
                    .next()
                    .and_then(|v| v.iri().and_then(vocab::strand_of))
                    .unwrap_or(1);
                assembly.extend(piece(target, strand)?);
                components.push(entry(feature, target, strand));
            }
            if assembly != sequence {
                return None;
            }
        } else {
            return None;
        }
        Some(components)
    }

    /// The order of SubComponents without Locations: by the Component's `precedes`/`meets`
    /// Constraints where they give one, else as in the file.
    fn constraint_order(&self, component: &Node, sub_components: &[(&Node, Option<&str>, Vec<Place>)]) -> Vec<usize> {
        let position = |key: &str| sub_components.iter().position(|(f, _, _)| f.key == key);
        let mut before: Vec<Vec<usize>> = vec![Vec::new(); sub_components.len()];
        for constraint in component
            .values(vocab::HAS_CONSTRAINT)
            .filter_map(|v| self.graph.node(v.key()?))
        {
            let restriction = constraint.values(vocab::RESTRICTION).next().and_then(|v| v.iri());
            if !restriction.is_some_and(|r| vocab::PRECEDES.contains(&r)) {
                continue;
            }
            let end = |p: &'static str| constraint.values(p).next().and_then(|v| v.key()).and_then(position);
            if let (Some(subject), Some(object)) = (end(vocab::SUBJECT), end(vocab::OBJECT)) {
                before[object].push(subject);
            }
        }
        // Depth-first: each SubComponent after those constrained to precede it; file order breaks ties.
        let mut order = Vec::new();
        let mut state = vec![0u8; sub_components.len()];
        fn visit(i: usize, before: &[Vec<usize>], state: &mut [u8], order: &mut Vec<usize>) {
            if state[i] != 0 {
                return;
            }
            state[i] = 1;
            for &j in &before[i] {
                visit(j, before, state, order);
            }
            state[i] = 2;
            order.push(i);
        }
        for i in 0..sub_components.len() {
            visit(i, &before, &mut state, &mut order);
        }
        order
    }

    /// Orders records so every Component comes before the composites made of it; reports cycles.
    fn dependency_order(&self, drafts: Vec<Draft<'g>>, problems: &mut Vec<Problem>) -> Vec<Record> {
        let position: HashMap<usize, usize> = drafts.iter().enumerate().map(|(i, d)| (d.record.index, i)).collect();
        let mut slots: Vec<Option<Draft>> = drafts.into_iter().map(Some).collect();
        let uses: Vec<Vec<usize>> = slots
            .iter()
            .map(|d| {
                let d = d.as_ref().expect("all drafts present");
                d.uses
                    .iter()
                    .filter_map(|k| position.get(self.by_key.get(k)?).copied())
                    .collect()
            })
            .collect();
        let mut order = Vec::new();
        let mut state = vec![0u8; slots.len()];
        let mut cycles = Vec::new();
        fn visit(i: usize, uses: &[Vec<usize>], state: &mut [u8], order: &mut Vec<usize>, cycles: &mut Vec<usize>) {
            match state[i] {
                1 => cycles.push(i),
                0 => {
                    state[i] = 1;
                    for &j in &uses[i] {
                        visit(j, uses, state, order, cycles);
                    }
                    state[i] = 2;
                    order.push(i);
                }
                _ => {}
            }
        }
        for i in 0..slots.len() {
            visit(i, &uses, &mut state, &mut order, &mut cycles);
        }
        for i in cycles {
            let record = &slots[i].as_ref().expect("present").record;
            let key = &self.candidates[record.index].node.key;
            problems.push(self.problem(
                record.index,
                key,
                "components",
                format!("sbol3-10804: Component <{key}> is part of a cycle of SubComponent `instanceOf` references"),
            ));
        }
        order
            .into_iter()
            .filter_map(|i| slots[i].take())
            .map(|d| d.record)
            .collect()
    }
}

/// Checks a node's displayId against rule sbol3-10201.
fn check_display_id(node: &Node, problems: &mut Vec<(String, String)>) {
    for value in node.values(vocab::DISPLAY_ID) {
        if let Some(text) = value.literal().filter(|t| !vocab::is_display_id(t)) {
            problems.push((
                "displayId".into(),
                format!(
                    "sbol3-10201: displayId `{text}` of <{}> must hold only letters, digits and underscores and not start with a digit",
                    node.key
                ),
            ));
        }
    }
}

/// The INSDC location of several places: in `sbol:order` when every place has one, else in
/// reading order (forward places left to right, reverse places right to left).
fn join(places: &[Place]) -> String {
    let mut places = places.to_vec();
    if places.iter().all(|p| p.order.is_some()) {
        places.sort_by_key(|p| p.order);
    } else if places.iter().all(|p| p.strand == -1) {
        places.sort_by_key(|p| std::cmp::Reverse(p.start));
    } else {
        places.sort_by_key(|p| p.start);
    }
    let pieces: Vec<String> = places
        .iter()
        .map(|p| match p.strand {
            -1 => format!("complement({}..{})", p.start, p.end),
            _ => format!("{}..{}", p.start, p.end),
        })
        .collect();
    format!("join({})", pieces.join(","))
}
