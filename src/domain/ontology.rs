//! Owns the Sequence Ontology subset bioreg accepts for part roles and feature types
//! (`seeds/sequence_ontology.json`): resolving an id (`SO:0000167`), a label (`promoter`) or a
//! synonym (`RBS`, a GenBank feature key such as `rep_origin`) to one term, and suggesting the
//! nearest supported terms when nothing matches.
//!
//! Matching ignores case and treats spaces, hyphens and underscores alike. Suggestions rank every
//! name by normalised Levenshtein similarity (`strsim`), O(terms × name length) per miss.

use std::collections::HashMap;
use std::sync::LazyLock;

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

const SEED: &str = include_str!("../../seeds/sequence_ontology.json");

/// A Sequence Ontology term: its id and its label.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct SoTerm {
    /// e.g. `SO:0000167`
    pub id: String,
    /// e.g. `promoter`
    pub label: String,
}

#[derive(Deserialize)]
struct SeedTerm {
    id: String,
    label: String,
    synonyms: Vec<String>,
}

#[derive(Deserialize)]
struct Seed {
    terms: Vec<SeedTerm>,
}

struct Ontology {
    terms: Vec<SoTerm>,
    /// Normalised id, label or synonym → index into `terms`.
    by_name: HashMap<String, usize>,
}

fn normalise(name: &str) -> String {
    name.trim().to_lowercase().replace([' ', '-'], "_")
}

static ONTOLOGY: LazyLock<Ontology> = LazyLock::new(|| {
    let seed: Seed = serde_json::from_str(SEED).expect("seeds/sequence_ontology.json is valid");
    let mut by_name = HashMap::new();
    let mut terms = Vec::new();
    for (index, term) in seed.terms.into_iter().enumerate() {
        for name in [&term.id, &term.label].into_iter().chain(term.synonyms.iter()) {
            let previous = by_name.insert(normalise(name), index);
            assert!(
                previous.is_none_or(|p| p == index),
                "`{name}` names two terms in seeds/sequence_ontology.json"
            );
        }
        terms.push(SoTerm {
            id: term.id,
            label: term.label,
        });
    }
    Ontology { terms, by_name }
});

/// Every supported term, in seed order.
pub fn terms() -> &'static [SoTerm] {
    &ONTOLOGY.terms
}

/// The term an id, label or synonym names, if it is supported.
pub fn resolve(name: &str) -> Option<&'static SoTerm> {
    ONTOLOGY.by_name.get(&normalise(name)).map(|&i| &ONTOLOGY.terms[i])
}

/// Resolves, or explains the miss with the nearest supported labels.
pub fn resolve_or_suggest(name: &str) -> Result<&'static SoTerm, String> {
    resolve(name).ok_or_else(|| {
        let wanted = normalise(name);
        let mut scored: Vec<(f64, &'static SoTerm)> = ONTOLOGY
            .by_name
            .iter()
            .map(|(candidate, &i)| (strsim::normalized_levenshtein(&wanted, candidate), &ONTOLOGY.terms[i]))
            .collect();
        scored.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.label.cmp(&b.1.label)));
        let mut suggestions: Vec<String> = Vec::new();
        for (_, term) in scored {
            let shown = format!("`{}` ({})", term.label, term.id);
            if !suggestions.contains(&shown) {
                suggestions.push(shown);
            }
            if suggestions.len() == 3 {
                break;
            }
        }
        format!(
            "`{name}` is not a supported Sequence Ontology term; did you mean {}? (GET /api/v1/ontology/terms lists all)",
            suggestions.join(", ")
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_labels_and_synonyms_resolve_to_one_term() {
        assert_eq!(resolve("SO:0000167").unwrap().label, "promoter");
        assert_eq!(resolve("Promoter").unwrap().id, "SO:0000167");
        assert_eq!(resolve("RBS").unwrap().label, "ribosome_entry_site");
        assert_eq!(resolve("ribosome entry site").unwrap().id, "SO:0000139");
        assert_eq!(resolve("rep_origin").unwrap().label, "origin_of_replication");
        assert_eq!(resolve("cds").unwrap().label, "CDS");
        assert_eq!(resolve("5' UTR").unwrap().label, "five_prime_UTR");
        for label in [
            "promoter",
            "RBS",
            "ribosome_entry_site",
            "CDS",
            "terminator",
            "origin_of_replication",
            "plasmid_vector",
            "engineered_region",
            "primer_binding_site",
            "insulator",
            "operator",
            "gene",
            "sgRNA",
        ] {
            assert!(resolve(label).is_some(), "{label}");
        }
    }

    #[test]
    fn misses_suggest_the_nearest_terms() {
        let message = resolve_or_suggest("promotor").unwrap_err();
        assert!(message.contains("`promoter` (SO:0000167)"), "{message}");
        let message = resolve_or_suggest("terminater").unwrap_err();
        assert!(message.contains("`terminator`"), "{message}");
    }
}
