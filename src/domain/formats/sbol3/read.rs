//! Owns the Component side of SBOL3 reading: which Components are importable, the Sequence each
//! is registered with (checking types, encodings and elements), the part's own fields, and the
//! order records are returned in (every Component before the composites made of it).

use std::collections::{BTreeMap, HashMap};

use super::graph::{Graph, Node, Value};
use super::vocab::{self, Encoding};
use super::Summary;
use crate::domain::formats::{Defaults, Problem, Record};
use crate::domain::ontology;
use crate::domain::parts::input::Source;
use crate::domain::parts::PartInput;
use crate::seq::{MoleculeType, Topology};

/// Composites made of composites of the same file are imported at most this many levels deep
/// (a deeper one is refused, naming its Component). Real designs nest a handful of levels; the
/// bound keeps the chain of parts a composite is resolved through, and the carriers walk over it
/// (`domain::strains::carriers_of_part`), short. The ordering itself is iterative, so no depth
/// can overflow the stack.
pub const MAX_COMPOSITE_DEPTH: usize = 64;

/// The Sequence a part is registered with.
pub(super) struct Chosen<'g> {
    pub(super) key: &'g str,
    pub(super) elements: &'g str,
    pub(super) molecule: MoleculeType,
}

/// A Component that will become a record (or be reported).
pub(super) struct Candidate<'g> {
    pub(super) node: &'g Node,
    pub(super) line: usize,
    /// The Sequence chosen, when one fits the Component's type.
    pub(super) sequence: Option<Chosen<'g>>,
    /// Problems found while choosing it.
    pub(super) problems: Vec<Problem>,
}

/// A record before ordering: its input and the Components (keys) it is assembled from.
pub(super) struct Draft<'g> {
    pub(super) record: Record,
    pub(super) uses: Vec<&'g str>,
}

/// A place on the part's Sequence: 1-based inclusive, strand +1/-1/0, `sbol:order` if given.
#[derive(Debug, Clone, Copy)]
pub(in crate::domain::formats) struct Place {
    pub(in crate::domain::formats) start: i64,
    pub(in crate::domain::formats) end: i64,
    pub(in crate::domain::formats) strand: i8,
    pub(in crate::domain::formats) order: Option<i64>,
}

pub(super) struct Reader<'g> {
    pub(super) graph: &'g Graph<'g>,
    pub(super) defaults: &'g Defaults,
    pub(super) candidates: Vec<Candidate<'g>>,
    pub(super) by_key: HashMap<&'g str, usize>,
}

/// The one literal of a property, checking its cardinality (at most one) and kind.
pub(super) fn single_literal<'g>(
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

/// A node's Sequence Ontology roles: the first one bioreg knows, and the SO ids it does not know
/// (bioreg's ontology is a subset of SO; part creation refuses the others).
pub(super) fn so_roles(node: &Node) -> (Option<String>, Vec<String>) {
    so_roles_of(node, vocab::ROLE)
}

/// [`so_roles`] of the roles under `predicate` (SBOL2 spells the property `http://sbols.org/v2#role`).
pub(in crate::domain::formats) fn so_roles_of(node: &Node, predicate: &'static str) -> (Option<String>, Vec<String>) {
    let (known, unknown): (Vec<String>, Vec<String>) = node
        .values(predicate)
        .filter_map(|v| v.iri().and_then(|iri| vocab::ontology_id(iri, "SO")))
        .partition(|id| ontology::resolve(id).is_some());
    (known.into_iter().next(), unknown)
}

/// The last segment of an IRI, for a Component with neither name nor displayId.
pub(in crate::domain::formats) fn last_segment(iri: &str) -> &str {
    iri.trim_end_matches(['/', '#'])
        .rsplit(['/', '#', ':'])
        .next()
        .unwrap_or(iri)
}

impl<'g> Reader<'g> {
    /// A problem about `key` (an object of record `index`), on that object's line.
    pub(super) fn problem(&self, index: usize, key: &str, field: &str, message: String) -> Problem {
        Problem {
            index: Some(index),
            line: self.graph.line(key),
            field: Some(field.to_string()),
            message,
        }
    }

    /// Finds the importable Components and the Sequence each is registered with; counts the rest.
    pub(super) fn classify(&mut self, summary: &mut Summary) {
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

        let fits = |encoding: Option<Encoding>| {
            matches!(
                (declared, encoding),
                (Some(MoleculeType::Protein), Some(Encoding::Protein))
                    | (Some(MoleculeType::Dna | MoleculeType::Rna), Some(Encoding::NucleicAcid))
                    | (None, Some(Encoding::Protein | Encoding::NucleicAcid))
            )
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

    /// Maps candidate `index` to its record, with every problem found; adds to `warnings` what
    /// was left out of it.
    pub(super) fn build(&self, index: usize, warnings: &mut Vec<Problem>) -> (Option<Draft<'g>>, Vec<Problem>) {
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
        let (role, unknown_roles) = so_roles(node);
        let mut provenance = BTreeMap::new();
        let role = role.unwrap_or_else(|| {
            let default = self.defaults.role(topology);
            if !unknown_roles.is_empty() {
                provenance.insert(
                    "role".to_string(),
                    format!(
                        "the SBOL3 role {} is not in bioreg's Sequence Ontology terms; registered as `{default}`",
                        unknown_roles.join(", ")
                    ),
                );
            }
            default
        });
        let mut input = identified(
            &node.key,
            display_id,
            description,
            provenance,
            PartInput::new(name, role, chosen.molecule, topology, chosen.elements.to_string()),
        );
        let uses = self.features_and_components(index, chosen, topology, &mut input, &mut problems, warnings);
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

    /// Orders records so every Component comes before the composites made of it; reports cycles.
    pub(super) fn dependency_order(&self, drafts: Vec<Draft<'g>>, problems: &mut Vec<Problem>) -> Vec<Record> {
        let position: HashMap<usize, usize> = drafts.iter().enumerate().map(|(i, d)| (d.record.index, i)).collect();
        let mut slots: Vec<Option<Draft>> = drafts.into_iter().map(Some).collect();
        let uses: Vec<Vec<usize>> = slots
            .iter()
            .map(|d| {
                let d = d.as_ref().expect("all drafts present");
                let mut uses: Vec<usize> = d
                    .uses
                    .iter()
                    .filter_map(|k| position.get(self.by_key.get(k)?).copied())
                    .collect();
                uses.sort_unstable();
                uses
            })
            .collect();
        // Depth-first with an explicit stack (`graph::post_order`): a chain of nested composites as
        // long as the file allows must not overflow the thread's stack.
        let (order, cycles) = super::graph::post_order(&uses);
        // A record's nesting depth, from the records it uses (all earlier in the post-order).
        let mut depth = vec![0usize; slots.len()];
        for &i in &order {
            depth[i] = 1 + uses[i].iter().map(|&j| depth[j]).max().unwrap_or(0);
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
        if let Some(i) = (0..slots.len()).find(|&i| depth[i] > MAX_COMPOSITE_DEPTH) {
            let record = &slots[i].as_ref().expect("present").record;
            let key = &self.candidates[record.index].node.key;
            problems.push(self.problem(
                record.index,
                key,
                "components",
                format!(
                    "Component <{key}> nests composites {} levels deep; at most {MAX_COMPOSITE_DEPTH} are imported",
                    depth[i]
                ),
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
pub(super) fn check_display_id(node: &Node, problems: &mut Vec<(String, String)>) {
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

/// `base` with what an SBOL object says of itself: its description, its displayId as an alias
/// (when the name is not already it) and as the source's external id, and its identity IRI as
/// the source's URI (blank nodes have none). Shared by the SBOL3 and SBOL2 readers.
pub(in crate::domain::formats) fn identified(
    key: &str,
    display_id: Option<&str>,
    description: Option<&str>,
    provenance: BTreeMap<String, String>,
    base: PartInput,
) -> PartInput {
    PartInput {
        description: description.unwrap_or_default().trim().to_string(),
        aliases: display_id
            .filter(|d| *d != base.name)
            .map(str::to_string)
            .into_iter()
            .collect(),
        source: Some(Source {
            uri: Some(key.to_string()).filter(|k| !k.starts_with("_:")),
            external_id: display_id.map(str::to_string),
            ..Source::default()
        }),
        provenance,
        ..base
    }
}
