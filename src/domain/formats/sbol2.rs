//! Owns SBOL2 reading for parts: a document in the `http://sbols.org/v2#` namespace (read by the
//! SBOL3 reader's RDF layer, so `format=sbol3` takes either version) is checked against the SBOL2
//! validation rules bioreg knows (`rules`), and every DNA, RNA or protein ComponentDefinition with
//! a Sequence that has elements becomes a [`PartInput`].
//!
//! - Rules: problems name the rule of the SBOL 2.3 specification's validation appendix as
//!   `sbol2-NNNNN: …`, on the line of the offending object. A document that breaks one is
//!   refused as a whole (no records): a broken SBOL2 document is not partly registered.
//! - Mapping: name = `dcterms:title`, else `sbol:displayId`; aliases = the displayId when it is
//!   not the name; description = `dcterms:description`; molecule type from the BioPAX type
//!   (DnaRegion, RnaRegion, Protein) and the Sequence with the encoding cross-listed with it;
//!   role = the first SO role bioreg knows, else the import's default with the SBOL2 role noted
//!   in `provenance["role"]` (as the SBOL3 reader does); circular when a type is SO:0000988; the
//!   identity IRI in `source.uri`, the displayId in `source.external_id`.
//! - Features: each SequenceAnnotation with Range locations on the part's Sequence (several:
//!   an INSDC `join`); strand from the orientation (`sbol:inline` / `sbol:reverseComplement`);
//!   type = the annotation's SO role, else its Component's definition's role, else
//!   `sequence_feature`; a Range outside the Sequence is left out with a warning. Cuts and
//!   GenericLocations are not kept; sub-Components stay features (no composites yet).
//! - Skipped, and counted in the SBOL3 reader's [`Summary`]: ComponentDefinitions without a
//!   Sequence with elements, and those of other types (small molecules, complexes).
//!
//! Cost: the RDF graph of the file (see `sbol3::graph`), one pass for the rules and one per
//! ComponentDefinition for the mapping.
//!
//! ```
//! use bioreg::domain::formats::{sbol3, Defaults};
//! let file = br#"<?xml version="1.0"?>
//! <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:sbol="http://sbols.org/v2#">
//!   <sbol:ComponentDefinition rdf:about="http://example.org/p1">
//!     <sbol:displayId>p1</sbol:displayId>
//!     <sbol:type rdf:resource="http://www.biopax.org/release/biopax-level3.owl#DnaRegion"/>
//!     <sbol:role rdf:resource="http://identifiers.org/so/SO:0000167"/>
//!     <sbol:sequence rdf:resource="http://example.org/p1_seq"/>
//!   </sbol:ComponentDefinition>
//!   <sbol:Sequence rdf:about="http://example.org/p1_seq">
//!     <sbol:displayId>p1_seq</sbol:displayId>
//!     <sbol:elements>ttgacagct</sbol:elements>
//!     <sbol:encoding rdf:resource="http://www.chem.qmul.ac.uk/iubmb/misc/naseq.html"/>
//!   </sbol:Sequence>
//! </rdf:RDF>"#;
//! let parsed = sbol3::read(file, &Defaults::default());
//! assert!(parsed.problems.is_empty(), "{:?}", parsed.problems);
//! assert_eq!(parsed.records[0].input.role, "SO:0000167");
//! ```

/// An IRI of the SBOL2 namespace.
macro_rules! sbol {
    ($local:literal) => {
        concat!("http://sbols.org/v2#", $local)
    };
}

/// An IRI of the PROV-O namespace.
macro_rules! prov {
    ($local:literal) => {
        concat!("http://www.w3.org/ns/prov#", $local)
    };
}

/// A BioPAX class (SBOL2's Table 2 types).
macro_rules! biopax {
    ($local:literal) => {
        concat!("http://www.biopax.org/release/biopax-level3.owl#", $local)
    };
}

mod rules;
#[cfg(test)]
mod tests;

use std::collections::{BTreeMap, HashMap};

use super::sbol3::features::join;
use super::sbol3::graph::{Graph, Node, Value};
use super::sbol3::read::{identified, last_segment, so_roles_of, Place};
use super::sbol3::vocab::{self as vocab3, Encoding};
use super::sbol3::Summary;
use super::{location, Defaults, Parsed, Problem, Record};
use crate::domain::parts::input::FeatureInput;
use crate::domain::parts::PartInput;
use crate::seq::{MoleculeType, Topology};

const SBOL2: &str = "http://sbols.org/v2#";
/// The base relative IRIs of an SBOL2 file are resolved against (a file has no location).
pub(super) const BASE: &str = "https://bioreg.invalid/sbol2/";
const PROV: &str = "http://www.w3.org/ns/prov#";
const DCTERMS_TITLE: &str = "http://purl.org/dc/terms/title";
const DCTERMS_DESCRIPTION: &str = "http://purl.org/dc/terms/description";

/// A parsed SBOL2 document, resolving references as SBOL2 does: an object is named by its
/// identity or by its `persistentIdentity` (then the last version in the file).
pub(super) struct Document<'g> {
    pub(super) graph: &'g Graph<'g>,
    by_persistent_identity: HashMap<&'g str, &'g Node>,
}

impl<'g> Document<'g> {
    fn new(graph: &'g Graph<'g>) -> Self {
        let by_persistent_identity = graph
            .nodes
            .iter()
            .filter_map(|node| Some((node.values(sbol!("persistentIdentity")).find_map(Value::iri)?, node)))
            .collect();
        Document {
            graph,
            by_persistent_identity,
        }
    }

    pub(super) fn node(&self, key: &str) -> Option<&'g Node> {
        self.graph
            .node(key)
            .or_else(|| self.by_persistent_identity.get(key).copied())
    }

    pub(super) fn line(&self, key: &str) -> usize {
        self.graph.line(key)
    }
}

/// Reads an SBOL2 document already parsed into `rdf`: its rule problems, else its parts.
pub(super) fn read_graph(rdf: &Graph, defaults: &Defaults, summary: &mut Summary) -> Parsed {
    let mut parsed = Parsed::default();
    let graph = &Document::new(rdf);
    let broken = rules::check(graph);
    if !broken.is_empty() {
        parsed.problems = broken
            .into_iter()
            .map(|b| Problem {
                index: None,
                line: graph.line(&b.key),
                field: Some(b.field),
                message: b.message,
            })
            .collect();
        parsed.problems.sort_by_key(|p| p.line);
        return parsed;
    }
    let mut index = 0;
    for node in &rdf.nodes {
        if !node.has_type(sbol!("ComponentDefinition")) {
            let class = node.values(vocab3::RDF_TYPE).find_map(Value::iri);
            let top_level = node.values(sbol!("persistentIdentity")).next().is_some() || class.is_some();
            if let (true, Some(class)) = (top_level, class) {
                if class != sbol!("Sequence") && rules::is_top_level(class) {
                    *summary
                        .other_top_levels
                        .entry(last_segment(class).to_string())
                        .or_default() += 1;
                }
            }
            continue;
        }
        summary.components += 1;
        match chosen_sequence(graph, node) {
            Chosen::Sequence(elements, molecule) => {
                let input = part(graph, node, elements, molecule, defaults, index, &mut parsed.warnings);
                parsed.records.push(Record {
                    index,
                    line: graph.line(&node.key),
                    input,
                });
                index += 1;
            }
            Chosen::NoElements => summary.without_sequence += 1,
            Chosen::OtherMolecule => summary.other_molecules += 1,
        }
    }
    if parsed.records.is_empty() {
        parsed.problems.push(Problem {
            index: None,
            line: 1,
            field: None,
            message: format!(
                "no importable SBOL2 ComponentDefinition: bioreg registers DNA, RNA or protein ComponentDefinitions with a Sequence that has elements; the file has {} ComponentDefinition(s), {} without such a Sequence, {} of other molecule types{}",
                summary.components,
                summary.without_sequence,
                summary.other_molecules,
                summary
                    .other_top_levels
                    .iter()
                    .map(|(class, count)| format!(", {count} {class}(s)"))
                    .collect::<String>()
            ),
        });
    }
    parsed
}

/// The Sequence a ComponentDefinition is registered with, or why there is none.
enum Chosen<'g> {
    Sequence(&'g str, MoleculeType),
    NoElements,
    OtherMolecule,
}

fn chosen_sequence<'g>(graph: &Document<'g>, node: &Node) -> Chosen<'g> {
    let types: Vec<&str> = node.values(sbol!("type")).filter_map(Value::iri).collect();
    let molecule = if types.contains(&biopax!("DnaRegion")) {
        MoleculeType::Dna
    } else if types.contains(&biopax!("RnaRegion")) {
        MoleculeType::Rna
    } else if types.contains(&biopax!("Protein")) {
        MoleculeType::Protein
    } else {
        return Chosen::OtherMolecule;
    };
    let wanted = match molecule {
        MoleculeType::Protein => Encoding::Protein,
        _ => Encoding::NucleicAcid,
    };
    node.values(sbol!("sequence"))
        .filter_map(|v| graph.node(v.key()?))
        .filter(|s| {
            s.values(sbol!("encoding"))
                .filter_map(Value::iri)
                .any(|e| Encoding::of(e) == wanted)
        })
        .find_map(|s| s.values(sbol!("elements")).find_map(Value::literal))
        .map(str::trim)
        .filter(|elements| !elements.is_empty())
        .map_or(Chosen::NoElements, |elements| Chosen::Sequence(elements, molecule))
}

fn literal<'g>(node: &'g Node, predicate: &'static str) -> Option<&'g str> {
    node.values(predicate).find_map(Value::literal)
}

/// Maps a ComponentDefinition to its part; adds to `warnings` the Ranges left out.
fn part(
    graph: &Document,
    node: &Node,
    elements: &str,
    molecule: MoleculeType,
    defaults: &Defaults,
    index: usize,
    warnings: &mut Vec<Problem>,
) -> PartInput {
    let display_id = literal(node, sbol!("displayId"));
    let name = literal(node, DCTERMS_TITLE)
        .or(display_id)
        .map(str::to_string)
        .unwrap_or_else(|| last_segment(&node.key).to_string());
    let circular = node
        .values(sbol!("type"))
        .any(|v| v.iri().and_then(|iri| vocab3::ontology_id(iri, "SO")).as_deref() == Some(vocab3::SO_CIRCULAR));
    let topology = if circular { Topology::Circular } else { Topology::Linear };
    let (role, unknown_roles) = so_roles_of(node, sbol!("role"));
    let mut provenance = BTreeMap::new();
    let role = role.unwrap_or_else(|| {
        let default = defaults.role(topology);
        if !unknown_roles.is_empty() {
            provenance.insert(
                "role".to_string(),
                format!(
                    "the SBOL2 role {} is not in bioreg's Sequence Ontology terms; registered as `{default}`",
                    unknown_roles.join(", ")
                ),
            );
        }
        default
    });
    let mut input = identified(
        &node.key,
        display_id,
        literal(node, DCTERMS_DESCRIPTION),
        provenance,
        PartInput::new(name, role, molecule, topology, elements.to_string()),
    );
    let length = elements.chars().count() as i64;
    for annotation in node
        .values(sbol!("sequenceAnnotation"))
        .filter_map(|v| graph.node(v.key()?))
    {
        if let Some(feature) = feature(graph, annotation, length, topology, index, warnings) {
            input.features.push(feature);
        }
    }
    input
}

/// A SequenceAnnotation as a feature, when it has Ranges on the part's Sequence.
fn feature(
    graph: &Document,
    annotation: &Node,
    length: i64,
    topology: Topology,
    index: usize,
    warnings: &mut Vec<Problem>,
) -> Option<FeatureInput> {
    let mut places = Vec::new();
    for range in annotation
        .values(sbol!("location"))
        .filter_map(|v| graph.node(v.key()?))
        .filter(|l| l.has_type(sbol!("Range")))
    {
        let at = |p| literal(range, p).and_then(|v| v.trim().parse::<i64>().ok());
        let (Some(start), Some(end)) = (at(sbol!("start")), at(sbol!("end"))) else {
            continue;
        };
        if end > length {
            warnings.push(Problem {
                index: Some(index),
                line: graph.line(&range.key),
                field: Some("location".into()),
                message: format!(
                    "sbol2-10523: Range <{}> ({start}..{end}) is outside the {length}-long Sequence; left out of the part",
                    range.key
                ),
            });
            continue;
        }
        let strand = match range.values(sbol!("orientation")).find_map(Value::iri) {
            Some(sbol!("reverseComplement")) => -1,
            Some(sbol!("inline")) => 1,
            _ => 0,
        };
        places.push(Place {
            start,
            end,
            strand,
            order: None,
        });
    }
    let (start, end, strand, text) = match places.as_slice() {
        [] => return None,
        [one] => (one.start, one.end, one.strand, None),
        several => {
            let text = join(several);
            let bounds = location::parse(&text)
                .and_then(|l| location::bounds(&l, length, topology == Topology::Circular))
                .ok()?;
            (bounds.start, bounds.end, bounds.strand, Some(text))
        }
    };
    let definition = annotation
        .values(sbol!("component"))
        .filter_map(|v| graph.node(v.key()?))
        .find_map(|c| c.values(sbol!("definition")).find_map(Value::key));
    let (own, unknown) = so_roles_of(annotation, sbol!("role"));
    let feature_type = own
        .or_else(|| {
            definition
                .and_then(|d| graph.node(d))
                .and_then(|d| so_roles_of(d, sbol!("role")).0)
        })
        .unwrap_or_else(|| "sequence_feature".to_string());
    let mut qualifiers = BTreeMap::new();
    if !unknown.is_empty() {
        qualifiers.insert("sbol2_role".to_string(), unknown);
    }
    if let Some(description) = literal(annotation, DCTERMS_DESCRIPTION) {
        qualifiers.insert("note".to_string(), vec![description.to_string()]);
    }
    if let Some(definition) = definition {
        qualifiers.insert("instance_of".to_string(), vec![definition.to_string()]);
    }
    Some(FeatureInput {
        name: literal(annotation, DCTERMS_TITLE)
            .or_else(|| literal(annotation, sbol!("displayId")))
            .map(str::to_string),
        feature_type,
        start,
        end,
        strand,
        qualifiers,
        key: None,
        location: text,
    })
}
