//! Owns writing stored parts as SBOL3 Turtle: per part one `Component` (`<namespace>/<displayId>`,
//! displayId = the accession made SBOL-safe) and one `Sequence` (`<namespace>/<displayId>_sequence`),
//! its features as `SequenceFeature`s with `Range`s (a join or an origin-crossing feature as several
//! Ranges in `sbol:order`), and a composite's component parts as `SubComponent`s whose
//! `instanceOf` is the component part's own Component IRI.
//!
//! Each call writes its prefixes first, so files written a page at a time and concatenated are
//! still one Turtle document. O(parts + features) time; memory is one part's triples.

use std::collections::HashMap;
use std::io::{self, Write};

use gb_io::seq::Location;
use oxrdf::{Literal, NamedNode, NamedOrBlankNode, Triple};
use oxrdfio::{RdfFormat, RdfSerializer};

use super::super::location;
use super::vocab::{self, identifiers_org};
use crate::domain::formats::ExportPart;
use crate::domain::parts::input::Orientation;
use crate::seq::{MoleculeType, Topology};

/// The namespace parts are written in when the caller has none (the HTTP export should pass the
/// registry's public base URL instead).
pub const DEFAULT_NAMESPACE: &str = "https://bioreg.example.org/parts";

/// An SBOL displayId for an accession: every character outside `[A-Za-z0-9_]` becomes `_`, and a
/// leading digit gets a `_` before it (rule sbol3-10201).
pub fn display_id(accession: &str) -> String {
    let mut id: String = accession
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() || c == '_' { c } else { '_' })
        .collect();
    if id.is_empty() || id.starts_with(|c: char| c.is_ascii_digit()) {
        id.insert(0, '_');
    }
    id
}

fn invalid(error: impl std::fmt::Display) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidInput, error.to_string())
}

/// Collects one part's triples.
struct Triples {
    triples: Vec<Triple>,
}

impl Triples {
    fn push(&mut self, subject: &NamedNode, predicate: &str, object: impl Into<oxrdf::Term>) {
        self.triples.push(Triple::new(
            subject.clone(),
            NamedNode::new_unchecked(predicate),
            object,
        ));
    }

    fn iri(&mut self, subject: &NamedNode, predicate: &str, object: &str) -> io::Result<()> {
        let object = NamedNode::new(object).map_err(invalid)?;
        self.push(subject, predicate, object);
        Ok(())
    }

    fn text(&mut self, subject: &NamedNode, predicate: &str, text: &str) {
        self.push(subject, predicate, Literal::new_simple_literal(text));
    }

    fn integer(&mut self, subject: &NamedNode, predicate: &str, value: i64) {
        let integer = NamedNode::new_unchecked("http://www.w3.org/2001/XMLSchema#integer");
        self.push(
            subject,
            predicate,
            Literal::new_typed_literal(value.to_string(), integer),
        );
    }

    /// The common properties of a child object `<parent>/<display_id>` of an SBOL class.
    fn child(&mut self, parent: &NamedNode, class: &str, display_id: &str) -> io::Result<NamedNode> {
        let node = NamedNode::new(format!("{}/{display_id}", parent.as_str())).map_err(invalid)?;
        self.iri(&node, vocab::RDF_TYPE, class)?;
        self.text(&node, vocab::DISPLAY_ID, display_id);
        Ok(node)
    }

    /// A Range child of `parent` on `sequence`.
    fn range(&mut self, parent: &NamedNode, n: usize, sequence: &NamedNode, piece: Piece) -> io::Result<NamedNode> {
        let range = self.child(parent, vocab::RANGE, &format!("Range{n}"))?;
        self.push(&range, vocab::HAS_SEQUENCE, sequence.clone());
        self.integer(&range, vocab::START, piece.start);
        self.integer(&range, vocab::END, piece.end);
        if let Some(orientation) = orientation_iri(piece.strand) {
            self.iri(&range, vocab::ORIENTATION, &orientation)?;
        }
        Ok(range)
    }
}

/// One Range: 1-based inclusive, strand +1/-1/0.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Piece {
    start: i64,
    end: i64,
    strand: i8,
}

fn orientation_iri(strand: i8) -> Option<String> {
    match strand {
        1 => Some(identifiers_org(vocab::SO_FORWARD)),
        -1 => Some(identifiers_org(vocab::SO_REVERSE)),
        _ => None,
    }
}

/// The pieces of an INSDC location in reading order (a range wrapping the origin of a circular
/// sequence is two pieces; a between-bases site has none).
fn pieces(location: &Location, strand: i8, length: i64, out: &mut Vec<Piece>) {
    match location {
        Location::Range((from, _), (to, _)) if from < to => out.push(Piece {
            start: from + 1,
            end: *to,
            strand,
        }),
        Location::Range((from, _), (to, _)) => {
            let (head, tail) = (
                Piece {
                    start: from + 1,
                    end: length,
                    strand,
                },
                Piece {
                    start: 1,
                    end: *to,
                    strand,
                },
            );
            out.extend(if strand == -1 { [tail, head] } else { [head, tail] });
        }
        Location::Complement(inner) => {
            let mut inner_pieces = Vec::new();
            pieces(inner, -strand, length, &mut inner_pieces);
            out.extend(inner_pieces.into_iter().rev());
        }
        Location::Join(parts) | Location::Order(parts) | Location::Bond(parts) | Location::OneOf(parts) => {
            for part in parts {
                pieces(part, strand, length, out);
            }
        }
        Location::Between(..) | Location::External(..) | Location::Gap(..) => {}
    }
}

/// The Ranges of a stored feature: its exact location when it has one, else its summary
/// (split at the origin when it crosses it).
fn feature_pieces(start: i64, end: i64, strand: i8, exact: Option<&str>, length: i64) -> Vec<Piece> {
    let location = exact
        .and_then(|text| location::parse(text).ok())
        .unwrap_or_else(|| location::from_bounds(location::Bounds { start, end, strand }, length));
    let mut out = Vec::new();
    pieces(&location, 1, length, &mut out);
    // A summary's strand 0 (both strands) has no orientation.
    if strand == 0 && exact.is_none() {
        out.iter_mut().for_each(|p| p.strand = 0);
    }
    out.retain(|p| p.start >= 1 && p.end <= length && p.start <= p.end);
    out
}

/// Writes stored parts (with their sequences) as one SBOL3 Turtle document in `namespace`
/// (an http(s) URL; a trailing `/` is dropped).
pub fn write(parts: &[ExportPart], namespace: &str, out: &mut impl Write) -> io::Result<()> {
    let namespace = namespace.trim_end_matches('/');
    let namespace_node = NamedNode::new(namespace).map_err(invalid)?;
    let mut serializer = RdfSerializer::from_format(RdfFormat::Turtle);
    for (prefix, iri) in [
        ("sbol", vocab::SBOL),
        ("SO", "https://identifiers.org/SO:"),
        ("SBO", "https://identifiers.org/SBO:"),
        ("EDAM", "https://identifiers.org/edam:"),
    ] {
        serializer = serializer.with_prefix(prefix, iri).map_err(invalid)?;
    }
    let mut serializer = serializer.for_writer(out);
    for part in parts {
        let mut triples = Triples { triples: Vec::new() };
        part_triples(part, namespace, &namespace_node, &mut triples)?;
        // One block per subject, subjects in the order they first appear.
        let mut first: HashMap<&NamedOrBlankNode, usize> = HashMap::new();
        for (i, triple) in triples.triples.iter().enumerate() {
            first.entry(&triple.subject).or_insert(i);
        }
        let mut ordered: Vec<&Triple> = triples.triples.iter().collect();
        ordered.sort_by_key(|t| first[&t.subject]);
        for triple in ordered {
            serializer.serialize_triple(triple)?;
        }
    }
    serializer.finish()?;
    Ok(())
}

fn part_triples(part: &ExportPart, namespace: &str, namespace_node: &NamedNode, t: &mut Triples) -> io::Result<()> {
    let id = display_id(&part.accession);
    let component = NamedNode::new(format!("{namespace}/{id}")).map_err(invalid)?;
    let sequence = NamedNode::new(format!("{namespace}/{id}_sequence")).map_err(invalid)?;
    let elements = part.sequence.as_deref().unwrap_or_default();
    let length = elements.len() as i64;

    t.iri(&component, vocab::RDF_TYPE, vocab::COMPONENT)?;
    t.text(&component, vocab::DISPLAY_ID, &id);
    t.push(&component, vocab::HAS_NAMESPACE, namespace_node.clone());
    t.text(&component, vocab::NAME, &part.name);
    if !part.description.trim().is_empty() {
        t.text(&component, vocab::DESCRIPTION, part.description.trim());
    }
    let (molecule, encoding) = match part.molecule_type {
        MoleculeType::Dna => (vocab::SBO_DNA, vocab::EDAM_NUCLEIC_ACID),
        MoleculeType::Rna => (vocab::SBO_RNA, vocab::EDAM_NUCLEIC_ACID),
        MoleculeType::Protein => (vocab::SBO_PROTEIN, vocab::EDAM_PROTEIN),
    };
    t.iri(&component, vocab::TYPE, &identifiers_org(molecule))?;
    if part.molecule_type.is_nucleic_acid() {
        let topology = match part.topology {
            Topology::Circular => vocab::SO_CIRCULAR,
            Topology::Linear => vocab::SO_LINEAR,
        };
        t.iri(&component, vocab::TYPE, &identifiers_org(topology))?;
    }
    if let Some(role) = part.role.as_ref().filter(|r| r.id.starts_with("SO:")) {
        t.iri(&component, vocab::ROLE, &identifiers_org(&role.id))?;
    }
    t.push(&component, vocab::HAS_SEQUENCE, sequence.clone());

    // Features derived from the components are written as the SubComponents below instead.
    let from_component = |f: &crate::domain::parts::input::Feature| {
        f.qualifiers.len() == 1
            && f.qualifiers.get("component").is_some_and(|accessions| {
                part.components.iter().any(|c| {
                    c.part
                        .as_ref()
                        .is_some_and(|p| accessions == std::slice::from_ref(&p.accession))
                        && (c.start, c.end) == (f.start, f.end)
                })
            })
    };
    let mut n = 0;
    for feature in part.features.iter().filter(|f| !from_component(f)) {
        let places = feature_pieces(
            feature.start,
            feature.end,
            feature.strand,
            feature.location.as_deref(),
            length,
        );
        if places.is_empty() {
            continue;
        }
        n += 1;
        let node = t.child(&component, vocab::SEQUENCE_FEATURE, &format!("SequenceFeature{n}"))?;
        t.push(&component, vocab::HAS_FEATURE, node.clone());
        if let Some(name) = feature.name.as_deref().filter(|n| !n.trim().is_empty()) {
            t.text(&node, vocab::NAME, name);
        }
        if let Some(note) = feature.qualifiers.get("note").and_then(|n| n.first()) {
            t.text(&node, vocab::DESCRIPTION, note);
        }
        if feature.feature_type.id.starts_with("SO:") {
            t.iri(&node, vocab::ROLE, &identifiers_org(&feature.feature_type.id))?;
        }
        let ordered = places.len() > 1;
        for (i, piece) in places.into_iter().enumerate() {
            let range = t.range(&node, i + 1, &sequence, piece)?;
            t.push(&node, vocab::HAS_LOCATION, range.clone());
            if ordered {
                t.integer(&range, vocab::ORDER, i as i64 + 1);
            }
        }
    }
    let mut n = 0;
    for piece in &part.components {
        let Some(component_part) = &piece.part else {
            continue; // Linkers are the gaps between the SubComponents' Ranges.
        };
        if piece.start < 1 || piece.end > length || piece.start > piece.end {
            continue;
        }
        n += 1;
        let node = t.child(&component, vocab::SUB_COMPONENT, &format!("SubComponent{n}"))?;
        t.push(&component, vocab::HAS_FEATURE, node.clone());
        if let Some(name) = piece.name.as_deref().filter(|n| !n.trim().is_empty()) {
            t.text(&node, vocab::NAME, name);
        }
        t.iri(
            &node,
            vocab::INSTANCE_OF,
            &format!("{namespace}/{}", display_id(&component_part.accession)),
        )?;
        let strand = match piece.orientation {
            Orientation::Forward => 1,
            Orientation::Reverse => -1,
        };
        let place = Piece {
            start: piece.start,
            end: piece.end,
            strand,
        };
        let range = t.range(&node, 1, &sequence, place)?;
        t.push(&node, vocab::HAS_LOCATION, range);
    }

    t.iri(&sequence, vocab::RDF_TYPE, vocab::SEQUENCE)?;
    t.text(&sequence, vocab::DISPLAY_ID, &format!("{id}_sequence"));
    t.push(&sequence, vocab::HAS_NAMESPACE, namespace_node.clone());
    t.text(&sequence, vocab::ELEMENTS, elements);
    t.iri(&sequence, vocab::ENCODING, encoding)?;
    Ok(())
}
