//! Owns the SBOL3 vocabulary the reader and writer use: IRIs of classes, properties and the
//! ontology terms of the specification's tables, and the recognisers for their spellings.

pub const RDF_TYPE: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type";

pub const SBOL: &str = "http://sbols.org/v3#";
pub const SBOL2: &str = "http://sbols.org/v2#";
pub const SBOL1: &str = "http://sbols.org/v1#";

pub const COMPONENT: &str = "http://sbols.org/v3#Component";
pub const SEQUENCE: &str = "http://sbols.org/v3#Sequence";
pub const SEQUENCE_FEATURE: &str = "http://sbols.org/v3#SequenceFeature";
pub const SUB_COMPONENT: &str = "http://sbols.org/v3#SubComponent";
pub const RANGE: &str = "http://sbols.org/v3#Range";
pub const ENTIRE_SEQUENCE: &str = "http://sbols.org/v3#EntireSequence";

pub const DISPLAY_ID: &str = "http://sbols.org/v3#displayId";
pub const NAME: &str = "http://sbols.org/v3#name";
pub const DESCRIPTION: &str = "http://sbols.org/v3#description";
pub const HAS_NAMESPACE: &str = "http://sbols.org/v3#hasNamespace";
pub const TYPE: &str = "http://sbols.org/v3#type";
pub const ROLE: &str = "http://sbols.org/v3#role";
pub const HAS_SEQUENCE: &str = "http://sbols.org/v3#hasSequence";
pub const HAS_FEATURE: &str = "http://sbols.org/v3#hasFeature";
pub const HAS_CONSTRAINT: &str = "http://sbols.org/v3#hasConstraint";
pub const HAS_LOCATION: &str = "http://sbols.org/v3#hasLocation";
pub const ELEMENTS: &str = "http://sbols.org/v3#elements";
pub const ENCODING: &str = "http://sbols.org/v3#encoding";
pub const INSTANCE_OF: &str = "http://sbols.org/v3#instanceOf";
pub const ORIENTATION: &str = "http://sbols.org/v3#orientation";
pub const START: &str = "http://sbols.org/v3#start";
pub const END: &str = "http://sbols.org/v3#end";
pub const ORDER: &str = "http://sbols.org/v3#order";
pub const SUBJECT: &str = "http://sbols.org/v3#subject";
pub const OBJECT: &str = "http://sbols.org/v3#object";
pub const RESTRICTION: &str = "http://sbols.org/v3#restriction";
/// Sequential restrictions (spec Table 10) that put the subject before the object.
pub const PRECEDES: [&str; 2] = ["http://sbols.org/v3#precedes", "http://sbols.org/v3#meets"];

/// Table 1 encodings, as written by the writer.
pub const EDAM_NUCLEIC_ACID: &str = "https://identifiers.org/edam:format_1207";
pub const EDAM_PROTEIN: &str = "https://identifiers.org/edam:format_1208";

/// Table 2 types and Table 3 topologies, as written by the writer.
pub const SBO_DNA: &str = "SBO:0000251";
pub const SBO_RNA: &str = "SBO:0000250";
pub const SBO_PROTEIN: &str = "SBO:0000252";
/// The other Table 2 types: simple chemical, non-covalent complex, functional entity.
pub const SBO_OTHER_TABLE_2: [&str; 3] = ["SBO:0000247", "SBO:0000253", "SBO:0000241"];
pub const SO_LINEAR: &str = "SO:0000987";
pub const SO_CIRCULAR: &str = "SO:0000988";
/// Table 5 orientations.
pub const SO_FORWARD: &str = "SO:0001030";
pub const SO_REVERSE: &str = "SO:0001031";
/// Table 6 orientations (allowed for backwards compatibility).
pub const SBOL_INLINE: &str = "http://sbols.org/v3#inline";
pub const SBOL_REVERSE_COMPLEMENT: &str = "http://sbols.org/v3#reverseComplement";

/// The `identifiers.org` IRI of an ontology id: `SO:0000167` → `https://identifiers.org/SO:0000167`.
pub fn identifiers_org(id: &str) -> String {
    format!("https://identifiers.org/{id}")
}

/// The `PREFIX:NNNNNNN` id of an ontology term IRI, for `prefix` `SO` or `SBO`, in the spellings
/// files use: `https://identifiers.org/SO:0000167`, `http://identifiers.org/so/SO:0000167`,
/// `http://purl.obolibrary.org/obo/SO_0000167`.
pub fn ontology_id(iri: &str, prefix: &str) -> Option<String> {
    let rest = iri.strip_prefix("https://").or_else(|| iri.strip_prefix("http://"))?;
    let local = if let Some(local) = rest.strip_prefix("identifiers.org/") {
        // `so/SO:…`, `sbo/SBO:…` (older identifiers.org paths) or `SO:…`.
        local.split_once('/').map_or(local, |(_, term)| term)
    } else {
        rest.strip_prefix("purl.obolibrary.org/obo/")?
    };
    let digits = local
        .get(..prefix.len())
        .filter(|p| p.eq_ignore_ascii_case(prefix))
        .and_then(|_| local[prefix.len()..].strip_prefix([':', '_']))?;
    (!digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit())).then(|| format!("{prefix}:{digits}"))
}

/// What a Sequence's encoding says its elements are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    /// IUPAC DNA/RNA: EDAM format_1207, or the SBOL2-era `…/iubmb/misc/naseq.html`.
    NucleicAcid,
    /// IUPAC protein: EDAM format_1208, or the SBOL2-era `…/iupac/AminoAcid/`.
    Protein,
    /// Anything else (SMILES, InChI, …): not a sequence bioreg stores.
    Other,
}

impl Encoding {
    pub fn of(iri: &str) -> Encoding {
        let edam = |format: &str| {
            iri.rsplit_once(['/', ':'])
                .is_some_and(|(head, tail)| tail == format && (head.ends_with("edam") || head.contains("edamontology")))
        };
        if edam("format_1207") || iri.contains("/iubmb/misc/naseq") {
            Encoding::NucleicAcid
        } else if edam("format_1208") || iri.contains("/iupac/AminoAcid") {
            Encoding::Protein
        } else {
            Encoding::Other
        }
    }

    /// Whether `elements` are spelled in this encoding's IUPAC alphabet (case-insensitive);
    /// the first offending character and its 1-based position when not.
    pub fn check(self, elements: &str) -> Result<(), (char, usize)> {
        const NUCLEIC_ACID: &[u8] = b"ACGTURYSWKMBDHVN";
        const PROTEIN: &[u8] = b"ACDEFGHIKLMNPQRSTVWYBZXUO*";
        let alphabet = match self {
            Encoding::NucleicAcid => NUCLEIC_ACID,
            Encoding::Protein => PROTEIN,
            Encoding::Other => return Ok(()),
        };
        match elements
            .chars()
            .enumerate()
            .find(|(_, c)| !c.is_ascii() || !alphabet.contains(&(c.to_ascii_uppercase() as u8)))
        {
            Some((at, c)) => Err((c, at + 1)),
            None => Ok(()),
        }
    }
}

/// A strand from an orientation IRI (Tables 5 and 6): `Some(1)`, `Some(-1)`, or `None` when the
/// IRI is not an orientation.
pub fn strand_of(orientation: &str) -> Option<i8> {
    if orientation == SBOL_INLINE || ontology_id(orientation, "SO").as_deref() == Some(SO_FORWARD) {
        Some(1)
    } else if orientation == SBOL_REVERSE_COMPLEMENT || ontology_id(orientation, "SO").as_deref() == Some(SO_REVERSE) {
        Some(-1)
    } else {
        None
    }
}

/// Whether a displayId matches the spec's pattern (rule sbol3-10201): letters, digits and
/// underscores, not starting with a digit.
pub fn is_display_id(text: &str) -> bool {
    text.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
        && text.bytes().next().is_some_and(|b| !b.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ontology_ids_are_read_in_every_spelling() {
        assert_eq!(
            ontology_id("https://identifiers.org/SO:0000167", "SO").as_deref(),
            Some("SO:0000167")
        );
        assert_eq!(
            ontology_id("http://identifiers.org/so/SO:0000988", "SO").as_deref(),
            Some("SO:0000988")
        );
        assert_eq!(
            ontology_id("http://purl.obolibrary.org/obo/SO_0000316", "SO").as_deref(),
            Some("SO:0000316")
        );
        assert_eq!(
            ontology_id("https://identifiers.org/SBO:0000251", "SBO").as_deref(),
            Some("SBO:0000251")
        );
        assert_eq!(ontology_id("https://identifiers.org/SBO:0000251", "SO"), None);
        assert_eq!(ontology_id("https://identifiers.org/GO:0003700", "SO"), None);
        assert_eq!(ontology_id("https://identifiers.org/SO:", "SO"), None);
    }

    #[test]
    fn encodings_and_alphabets() {
        assert_eq!(Encoding::of(EDAM_NUCLEIC_ACID), Encoding::NucleicAcid);
        assert_eq!(Encoding::of("http://edamontology.org/format_1208"), Encoding::Protein);
        assert_eq!(
            Encoding::of("http://www.chem.qmul.ac.uk/iubmb/misc/naseq.html"),
            Encoding::NucleicAcid
        );
        assert_eq!(
            Encoding::of("https://identifiers.org/edam:format_1196"),
            Encoding::Other
        );
        assert_eq!(Encoding::NucleicAcid.check("acgtnU"), Ok(()));
        assert_eq!(Encoding::NucleicAcid.check("acgJt"), Err(('J', 4)));
        assert_eq!(Encoding::Protein.check("MKV*"), Ok(()));
        assert!(is_display_id("_BBa_J23101") && !is_display_id("1abc") && !is_display_id("a-b") && !is_display_id(""));
    }
}
