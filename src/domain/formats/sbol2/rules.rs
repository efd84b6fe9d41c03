//! Owns the SBOL2 validation rules bioreg checks (Appendix "Validation Rules" of the SBOL 2.3
//! specification, as numbered there and in libSBOLj): what each property's values must be (an
//! IRI, a string, an integer), which properties are required, which class a reference must name,
//! which `sbol:` properties a class may have, and the rules about sequences, types, roles and
//! constraints that matter for registering parts.
//!
//! A reference is checked against the class it must name when its object is in the file; an
//! object outside the file is accepted (files name provenance kept elsewhere, like iGEM's
//! `igem2sbol` activity on SynBioHub), except for an Implementation's `built`, which names the
//! design the file documents (so a document the SBOL test suite calls merely incomplete, like its
//! `attachment_pointers.xml`, is refused with sbol2-13103). "No other properties" rules look at
//! the `http://sbols.org/v2#` namespace only: annotations live in other namespaces, and PROV's
//! own terms are PROV's.
//!
//! The per-property rules are data (`tables`); the rules spanning objects are functions here.
//!
//! Cost: one pass over the nodes, each property looked at once, plus a look-up per reference.

use std::collections::BTreeSet;

use self::tables::{ACCESS, ALLOWED, RULES, SMILES, SO_STRAND, SO_TOPOLOGY, TABLE_2, TOP_LEVELS};
use super::super::sbol3::graph::{Node, Value};
use super::super::sbol3::vocab::{self as vocab3, Encoding};
use super::Document;

mod tables;

/// Whether a class IRI names an SBOL2 or PROV TopLevel.
pub(super) fn is_top_level(class: &str) -> bool {
    TOP_LEVELS.contains(&class)
}

/// A rule broken by an object: its key, the property (or class) concerned, and the message.
pub(super) struct Broken {
    pub(super) key: String,
    pub(super) field: String,
    pub(super) message: String,
}

fn is_sbol_class(class: &str) -> bool {
    class.starts_with(super::SBOL2) || class.starts_with(super::PROV)
}

/// The SBOL2 and PROV classes of a node.
fn classes(node: &Node) -> impl Iterator<Item = &str> {
    node.values(vocab3::RDF_TYPE)
        .filter_map(Value::iri)
        .filter(|class| is_sbol_class(class))
}

/// Every rule a document breaks, in file order.
pub(super) fn check(graph: &Document) -> Vec<Broken> {
    let mut broken = Vec::new();
    let mut report = |key: &str, field: &str, rule: &str, message: String| {
        broken.push(Broken {
            key: key.to_string(),
            field: field.to_string(),
            message: format!("sbol2-{rule}: {message}"),
        });
    };
    for node in &graph.graph.nodes {
        let node_classes: BTreeSet<&str> = classes(node).collect();
        if node_classes.is_empty() {
            continue;
        }
        let key = node.key.as_str();
        for rule in RULES {
            if rule.class.is_some_and(|class| !node_classes.contains(class)) {
                continue;
            }
            let short = local_name(rule.property);
            let values: Vec<&Value> = node.values(rule.property).collect();
            if values.is_empty() {
                if let Some(id) = rule.required {
                    report(key, short, id, format!("<{key}> has no `{short}`; it is required"));
                }
            }
            for value in values {
                if !rule.kind.accepts(value) {
                    report(
                        key,
                        short,
                        rule.kind_rule,
                        format!(
                            "`{short}` of <{key}> must be {}, not {}",
                            rule.kind.what(),
                            shown(value)
                        ),
                    );
                    continue;
                }
                let (Some((targets, id, in_file)), Some(target)) = (rule.target, value.key()) else {
                    continue;
                };
                let found: Option<Vec<&str>> = graph.node(target).map(|object| classes(object).collect());
                // An object of no SBOL class may be a GenericTopLevel or an annotation: not checked,
                // unless the reference must name an object of the file.
                let wrong = match &found {
                    Some(other) if !other.is_empty() => !targets.iter().any(|class| other.contains(class)),
                    Some(_) => in_file,
                    None => false,
                };
                if wrong || (found.is_none() && in_file) {
                    let what = match found {
                        Some(other) if !other.is_empty() => {
                            format!("a {}", other.into_iter().map(local_name).collect::<Vec<_>>().join(", "))
                        }
                        Some(_) => "not one".to_string(),
                        None => "not in the file".to_string(),
                    };
                    report(
                        key,
                        short,
                        id,
                        format!(
                            "`{short}` of <{key}> must refer to {}, but <{target}> is {what}",
                            names(targets)
                        ),
                    );
                }
            }
        }
        check_allowed(node, &node_classes, &mut report);
        check_identified(node, &mut report);
        if node_classes.contains(sbol!("Sequence")) {
            check_sequence(node, &mut report);
        }
        if node_classes.contains(sbol!("ComponentDefinition")) {
            check_component_definition(graph, node, &mut report);
        }
        if node_classes.contains(sbol!("Component")) || node_classes.contains(sbol!("FunctionalComponent")) {
            check_component(graph, node, &mut report);
        }
        if node_classes.contains(sbol!("Range")) {
            let at = |p| {
                node.values(p)
                    .find_map(Value::literal)
                    .and_then(|v| v.trim().parse::<i64>().ok())
            };
            for (property, value, id) in [
                ("start", at(sbol!("start")), "11102"),
                ("end", at(sbol!("end")), "11103"),
            ] {
                if value.is_some_and(|v| v < 1) {
                    report(
                        key,
                        property,
                        id,
                        format!("`{property}` of Range <{key}> must be greater than zero"),
                    );
                }
            }
            if let (Some(start), Some(end)) = (at(sbol!("start")), at(sbol!("end"))) {
                if end < start {
                    report(
                        key,
                        "end",
                        "11104",
                        format!("Range <{key}> ends ({end}) before it starts ({start})"),
                    );
                }
            }
        }
        if node_classes.contains(sbol!("SequenceConstraint")) {
            check_different_from(graph, node, &mut report);
        }
    }
    broken
}

type Report<'r> = dyn FnMut(&str, &str, &str, String) + 'r;

/// The "MUST NOT have properties other than" rules, for the `sbol:` namespace.
fn check_allowed(node: &Node, node_classes: &BTreeSet<&str>, report: &mut Report) {
    let top_level = node_classes.iter().any(|c| TOP_LEVELS.contains(c));
    for &(class, id, allowed) in ALLOWED {
        if !node_classes.contains(class) {
            continue;
        }
        let mut seen = BTreeSet::new();
        for (predicate, _) in &node.properties {
            let Some(local) = predicate.strip_prefix(super::SBOL2) else {
                continue;
            };
            let common =
                matches!(local, "persistentIdentity" | "displayId" | "version") || (top_level && local == "attachment");
            if !common && !allowed.contains(&local) && seen.insert(local) {
                report(
                    &node.key,
                    local,
                    id,
                    format!(
                        "a {} must not have the property `sbol:{local}` (<{}>)",
                        local_name(class),
                        node.key
                    ),
                );
            }
        }
    }
}

/// displayId and version patterns (sbol-10204, 10206).
fn check_identified(node: &Node, report: &mut Report) {
    for value in node.values(sbol!("displayId")).filter_map(Value::literal) {
        if !vocab3::is_display_id(value) {
            report(
                &node.key,
                "displayId",
                "10204",
                format!(
                    "displayId `{value}` of <{}> must hold only letters, digits and underscores and not start with a digit",
                    node.key
                ),
            );
        }
    }
    for value in node.values(sbol!("version")).filter_map(Value::literal) {
        let well_formed = value.bytes().next().is_some_and(|b| b.is_ascii_digit())
            && value
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.'));
        if !well_formed {
            report(
                &node.key,
                "version",
                "10206",
                format!(
                    "version `{value}` of <{}> must start with a digit and hold only letters, digits, `_`, `-` and `.`",
                    node.key
                ),
            );
        }
    }
}

/// Elements against the encoding (sbol-10405) and the encoding from Table 1 (sbol-10407).
fn check_sequence(node: &Node, report: &mut Report) {
    let key = &node.key;
    let Some(encoding) = node.values(sbol!("encoding")).find_map(Value::iri) else {
        return;
    };
    let kind = Encoding::of(encoding);
    if kind == Encoding::Other && encoding != SMILES {
        report(
            key,
            "encoding",
            "10407",
            format!("the encoding <{encoding}> of Sequence <{key}> is not one of Table 1 (IUPAC DNA/RNA, IUPAC protein, SMILES)"),
        );
    }
    // libSBOLj's alphabets: IUPAC nucleotides with the gap symbols `-` and `.`; the 23 IUPAC
    // amino-acid letters (no stop `*`).
    let alphabet: &[u8] = match kind {
        Encoding::NucleicAcid => b"ACGTURYSWKMBDHVN-.",
        Encoding::Protein => b"ABCDEFGHIKLMNPQRSTVWXYZ",
        Encoding::Other => return,
    };
    for elements in node.values(sbol!("elements")).filter_map(Value::literal) {
        let wrong = elements
            .trim()
            .chars()
            .enumerate()
            .find(|(_, c)| !c.is_ascii() || !alphabet.contains(&(c.to_ascii_uppercase() as u8)));
        if let Some((at, letter)) = wrong {
            let at = at + 1;
            report(
                key,
                "elements",
                "10405",
                format!(
                    "elements of Sequence <{key}> are not consistent with its encoding <{encoding}>: `{letter}` at position {at}"
                ),
            );
        }
    }
}

/// Types (sbol-10503, 10528, 10529) and Sequences (sbol-10516) of a ComponentDefinition.
fn check_component_definition(graph: &Document, node: &Node, report: &mut Report) {
    let key = &node.key;
    let types: Vec<&str> = node.values(sbol!("type")).filter_map(Value::iri).collect();
    let table_2: Vec<&(&str, Option<Encoding>)> = TABLE_2.iter().filter(|(t, _)| types.contains(t)).collect();
    if table_2.len() > 1 {
        let listed: Vec<&str> = table_2.iter().map(|(t, _)| *t).collect();
        report(
            key,
            "type",
            "10503",
            format!(
                "ComponentDefinition <{key}> has more than one type from Table 2 ({})",
                listed.join(", ")
            ),
        );
    }
    let so_types: Vec<String> = types.iter().filter_map(|t| vocab3::ontology_id(t, "SO")).collect();
    let nucleic_acid = types.contains(&biopax!("DnaRegion")) || types.contains(&biopax!("RnaRegion"));
    let topologies: Vec<&String> = so_types.iter().filter(|t| SO_TOPOLOGY.contains(&t.as_str())).collect();
    if nucleic_acid && topologies.len() > 1 {
        report(
            key,
            "type",
            "10528",
            format!(
                "ComponentDefinition <{key}> has more than one topology type ({}); a DNA or RNA design has at most one",
                topologies.iter().map(|t| t.as_str()).collect::<Vec<_>>().join(", ")
            ),
        );
    }
    let attributes: Vec<&String> = so_types
        .iter()
        .filter(|t| SO_TOPOLOGY.contains(&t.as_str()) || SO_STRAND.contains(&t.as_str()))
        .collect();
    if !nucleic_acid && !attributes.is_empty() {
        report(
            key,
            "type",
            "10529",
            format!(
                "ComponentDefinition <{key}> has the topology or strand type {} but is not DNA or RNA",
                attributes[0]
            ),
        );
    }
    if let [(_, Some(wanted))] = table_2.as_slice() {
        let encodings: Vec<Encoding> = node
            .values(sbol!("sequence"))
            .filter_map(|v| graph.node(v.key()?))
            .filter_map(|s| s.values(sbol!("encoding")).find_map(Value::iri))
            .map(Encoding::of)
            .collect();
        if !encodings.is_empty() && !encodings.contains(wanted) {
            report(
                key,
                "sequence",
                "10516",
                format!(
                    "ComponentDefinition <{key}> is of type {} but none of its Sequences has the encoding cross-listed with it in Table 1",
                    table_2[0].0
                ),
            );
        }
    }
}

/// Access (sbol-10607) and, for a DNA or RNA definition, at most one sequence feature role
/// (sbol-10707). bioreg has no SO hierarchy: every SO role outside the topology and strand
/// attributes counts as a sequence feature.
fn check_component(graph: &Document, node: &Node, report: &mut Report) {
    let key = &node.key;
    for access in node.values(sbol!("access")).filter_map(Value::iri) {
        if !ACCESS.contains(&access) {
            report(
                key,
                "access",
                "10607",
                format!("`access` of <{key}> must be sbol:public or sbol:private, not <{access}>"),
            );
        }
    }
    let definition = node.values(sbol!("definition")).find_map(|v| graph.node(v.key()?));
    let nucleic_acid = definition.is_some_and(|d| {
        d.values(sbol!("type"))
            .filter_map(Value::iri)
            .any(|t| t == biopax!("DnaRegion") || t == biopax!("RnaRegion"))
    });
    let features: Vec<String> = node
        .values(sbol!("role"))
        .filter_map(|v| vocab3::ontology_id(v.iri()?, "SO"))
        .filter(|id| !SO_TOPOLOGY.contains(&id.as_str()) && !SO_STRAND.contains(&id.as_str()))
        .collect();
    if nucleic_acid && features.len() > 1 {
        report(
            key,
            "role",
            "10707",
            format!(
                "Component <{key}> of a DNA or RNA definition has more than one sequence feature role ({})",
                features.join(", ")
            ),
        );
    }
}

/// A `differentFrom` SequenceConstraint between two Components of the same definition (sbol-11413).
fn check_different_from(graph: &Document, node: &Node, report: &mut Report) {
    if !node
        .values(sbol!("restriction"))
        .any(|v| v.iri() == Some(sbol!("differentFrom")))
    {
        return;
    }
    let definition = |property| {
        node.values(property)
            .find_map(|v| graph.node(v.key()?))
            .and_then(|c| c.values(sbol!("definition")).find_map(Value::key))
    };
    if let (Some(subject), Some(object)) = (definition(sbol!("subject")), definition(sbol!("object"))) {
        if subject == object {
            report(
                &node.key,
                "restriction",
                "11413",
                format!(
                    "SequenceConstraint <{}> says its subject is differentFrom its object, but both are <{subject}>",
                    node.key
                ),
            );
        }
    }
}

/// The part of an IRI after its namespace: `http://sbols.org/v2#Sequence` → `Sequence`.
fn local_name(iri: &str) -> &str {
    iri.rsplit(['#', '/']).next().unwrap_or(iri)
}

fn names(classes: &[&str]) -> String {
    if classes.len() > 3 {
        return "a TopLevel".to_string();
    }
    let names: Vec<&str> = classes.iter().map(|c| local_name(c)).collect();
    format!("a {}", names.join(" or a "))
}

fn shown(value: &Value) -> String {
    match value {
        Value::Literal { value, .. } => format!("the literal `{}`", value.trim()),
        Value::Iri(iri) => format!("<{iri}>"),
        Value::Blank(key) => key.clone(),
    }
}
