//! What the import targets share: the checks `parts::input::validate` makes of a record that need
//! no database (role, alphabet, feature locations and types), the canonical hash `parts::create`
//! computes from the result, and the conversion of a checked record into the [`ExportPart`] the
//! writers take, so a target can write what it read and read it again.
//!
//! `validate` itself takes a database connection (it resolves components and `derived_from`), so
//! it is mirrored here step by step over the same public functions; a record with components is
//! checked but not exported (its components name parts only the database can resolve).
#![allow(dead_code)]

use bioreg::domain::formats::location;
use bioreg::domain::formats::{ExportPart, Parsed, Problem};
use bioreg::domain::ontology::{self, SoTerm};
use bioreg::domain::parts::input::Feature;
use bioreg::domain::parts::PartInput;
use bioreg::seq::alphabet::normalise;
use bioreg::seq::seguid::seqhash;
use bioreg::seq::{gc_content, Topology};

/// `PartRules::default().max_sequence_length`.
pub const MAX_LENGTH: usize = 20_000_000;

/// What the database-free checks made of a record that passed them all.
pub struct Checked {
    pub role: SoTerm,
    pub sequence: Vec<u8>,
    pub features: Vec<Feature>,
}

/// Runs the checks `validate` and `create` make before the database; `Some` when none failed
/// (and the record has no components).
pub fn check_part(input: &PartInput) -> Option<Checked> {
    // `create` serialises the input for its provenance; a failure there would be a 500.
    serde_json::to_value(input).expect("a part input read from a file serialises");
    let mut valid = true;
    let name = input.name.trim();
    valid &= !name.is_empty() && name.chars().count() <= 200;
    let role = match ontology::resolve_or_suggest(&input.role) {
        Ok(term) => Some(term.clone()),
        Err(message) => {
            assert!(!message.is_empty());
            None
        }
    };
    let sequence = match input
        .sequence
        .as_deref()
        .map(|raw| normalise(raw, input.molecule_type, MAX_LENGTH))
    {
        Some(Ok(sequence)) => {
            let hash = seqhash(&sequence, input.molecule_type, input.topology);
            assert_eq!(hash, seqhash(&sequence, input.molecule_type, input.topology));
            if let Some(gc) = gc_content(&sequence, input.molecule_type) {
                assert!((0.0..=1.0).contains(&gc), "GC content {gc}");
            }
            Some(sequence)
        }
        Some(Err(error)) => {
            assert!(!error.message.is_empty());
            None
        }
        None => None,
    };
    let length = sequence.as_ref().map_or(0, |s| s.len() as i64);
    let circular = input.topology == Topology::Circular;
    let mut features = Vec::new();
    for feature in &input.features {
        let Ok(feature_type) = ontology::resolve_or_suggest(&feature.feature_type) else {
            valid = false;
            continue;
        };
        valid &= matches!(feature.strand, -1..=1);
        if let (Some(text), true) = (&feature.location, length > 0) {
            match location::parse(text).and_then(|l| location::bounds(&l, length, circular)) {
                Ok(b) => valid &= (b.start, b.end, b.strand) == (feature.start, feature.end, feature.strand),
                Err(_) => valid = false,
            }
        }
        if length > 0 {
            valid &= (1..=length).contains(&feature.start) && (1..=length).contains(&feature.end);
            valid &= feature.start <= feature.end || circular;
        }
        features.push(Feature {
            name: feature
                .name
                .as_ref()
                .map(|n| n.trim().to_string())
                .filter(|n| !n.is_empty()),
            feature_type: feature_type.clone(),
            start: feature.start,
            end: feature.end,
            strand: feature.strand,
            qualifiers: feature.qualifiers.clone(),
            key: feature
                .key
                .as_ref()
                .map(|k| k.trim().to_string())
                .filter(|k| !k.is_empty()),
            location: feature.location.as_ref().map(|l| l.trim().to_string()),
        });
    }
    let (Some(role), Some(sequence), true, true) = (role, sequence, valid, input.components.is_empty()) else {
        return None;
    };
    Some(Checked {
        role,
        sequence,
        features,
    })
}

/// The stored part a checked record would become, as the writers see it.
pub fn export_part(index: usize, input: &PartInput, checked: Checked) -> ExportPart {
    ExportPart {
        accession: format!("BRP{:06}", index + 1),
        name: input.name.trim().to_string(),
        description: input.description.trim().to_string(),
        molecule_type: input.molecule_type,
        topology: input.topology,
        length: checked.sequence.len() as i64,
        sequence: Some(String::from_utf8(checked.sequence).expect("normalised residues are ASCII")),
        created_at: chrono::DateTime::from_timestamp(1_700_000_000, 0).expect("a valid timestamp"),
        genbank: input.genbank.clone(),
        features: checked.features,
        role: Some(checked.role),
        components: Vec::new(),
    }
}

/// Checks every record of a read file and gives the exportable ones. Also checks what every
/// reader promises about its report: records in file order with distinct indexes, lines from 1.
pub fn check_parsed(parsed: &Parsed, text: &[u8]) -> Vec<ExportPart> {
    check_report(&parsed.problems, text);
    check_report(&parsed.warnings, text);
    let mut exported = Vec::new();
    for record in &parsed.records {
        assert!(record.line >= 1, "record {} at line 0", record.index);
        if let Some(checked) = check_part(&record.input) {
            exported.push(export_part(record.index, &record.input, checked));
        }
    }
    exported
}

fn check_report(problems: &[Problem], text: &[u8]) {
    let lines = text.iter().filter(|&&b| b == b'\n').count() + 1;
    for problem in problems {
        assert!(!problem.message.is_empty(), "a problem without a message: {problem:?}");
        assert!(
            problem.line <= lines + 1,
            "problem at line {} of {lines}: {problem:?}",
            problem.line
        );
    }
}

/// The exported parts' sequences, for comparing with what a writer's output reads back as.
pub fn sequences(parts: &[ExportPart]) -> Vec<String> {
    parts.iter().map(|p| p.sequence.clone().unwrap_or_default()).collect()
}
