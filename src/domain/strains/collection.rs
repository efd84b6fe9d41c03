//! Owns culture-collection numbers: parsing `DSM 18039`, `ATCC 700926`, `CGMCC 1.1595`,
//! `NRRL B-3711` or `DSM18039` into the collection's acronym and the number within it, and the
//! normalised forms a search matches ("DSM 18039", "DSM18039", "18039").

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// A number in a culture collection.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct CollectionNumber {
    /// The collection's acronym, upper-case, e.g. `DSM`.
    pub collection: String,
    /// The number within it, as the collection writes it, e.g. `18039` or `BAA-1705`.
    pub number: String,
}

impl CollectionNumber {
    /// `DSM 18039`
    pub fn display(&self) -> String {
        format!("{} {}", self.collection, self.number)
    }

    /// The lower-case forms a search should find this number by.
    pub fn search_forms(&self) -> [String; 3] {
        let number = self.number.to_lowercase();
        let collection = self.collection.to_lowercase();
        [
            format!("{collection} {number}"),
            format!("{collection}{number}"),
            number,
        ]
    }
}

/// Acronyms of collections that run the number straight on (`DSM18039`); written with a space,
/// any acronym is accepted.
const KNOWN: &[&str] = &[
    "ACCC", "ATCC", "BCCM", "BCRC", "BEI", "CBS", "CCAP", "CCM", "CCRC", "CCTCC", "CCUG", "CCY", "CECT", "CFBP",
    "CGMCC", "CICC", "CIP", "DSM", "DSMZ", "FERM", "GDMCC", "HAMBI", "IAM", "ICMP", "IFO", "IMET", "JCM", "KACC",
    "KCCM", "KCTC", "LMG", "MCCC", "MTCC", "NBIMCC", "NBRC", "NCAIM", "NCCB", "NCDO", "NCIMB", "NCPPB", "NCTC", "NCYC",
    "NITE", "NRRL", "PCC", "SAG", "TISTR", "UTEX", "VKM", "VTT",
];

/// Parses `ACRONYM NUMBER`: an acronym of 2-10 upper-case letters, a separator (space, `-`, `_`
/// or `:`; none for well-known collections such as `DSM18039`), and a number that holds at least
/// one digit. `None` for anything else, such as a strain designation (`K-12`, `MG1655`, `81`).
pub fn parse(text: &str) -> Option<CollectionNumber> {
    let text = text.trim();
    let acronym_len = text.chars().take_while(|c| c.is_ascii_uppercase()).count();
    if !(2..=10).contains(&acronym_len) {
        return None;
    }
    let (acronym, rest) = text.split_at(acronym_len);
    let number = rest.trim_start_matches([' ', '-', '_', ':', '\t']).trim();
    let separated =
        rest.len() != number.len() || (KNOWN.contains(&acronym) && rest.starts_with(|c: char| c.is_ascii_digit()));
    if !separated || number.is_empty() || !number.chars().any(|c| c.is_ascii_digit()) {
        return None;
    }
    if number.chars().any(|c| c.is_whitespace() || c == ',' || c == ';') {
        return None;
    }
    Some(CollectionNumber {
        collection: acronym.to_string(),
        number: number.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parsed(text: &str) -> Option<(String, String)> {
        parse(text).map(|n| (n.collection, n.number))
    }

    #[test]
    fn common_collection_numbers_parse() {
        let pair = |a: &str, b: &str| Some((a.to_string(), b.to_string()));
        assert_eq!(parsed("DSM 18039"), pair("DSM", "18039"));
        assert_eq!(parsed("ATCC 700926"), pair("ATCC", "700926"));
        assert_eq!(parsed("CGMCC 1.1595"), pair("CGMCC", "1.1595"));
        assert_eq!(parsed("NRRL B-3711"), pair("NRRL", "B-3711"));
        assert_eq!(parsed("ATCC BAA-1705"), pair("ATCC", "BAA-1705"));
        assert_eq!(parsed("DSM18039"), pair("DSM", "18039"));
        assert_eq!(parsed("  NCTC 13438 "), pair("NCTC", "13438"));
        assert_eq!(parsed("NCDC KC 755"), None);
    }

    #[test]
    fn designations_are_not_collection_numbers() {
        for text in ["81", "K-12", "MG1655", "REL606", "wild type", "A", "ATCC", "DSM abc"] {
            assert_eq!(parsed(text), None, "{text}");
        }
    }

    #[test]
    fn search_forms_cover_spaced_joined_and_bare() {
        let number = parse("DSM 18039").unwrap();
        assert_eq!(
            number.search_forms(),
            ["dsm 18039".to_string(), "dsm18039".into(), "18039".into()]
        );
        assert_eq!(number.display(), "DSM 18039");
    }
}
