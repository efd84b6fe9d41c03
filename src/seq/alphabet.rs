//! Alphabet validation and normalisation of submitted sequences.
//!
//! What is accepted, per molecule type (after upper-casing):
//!
//! | molecule | letters |
//! |---|---|
//! | DNA | `ACGT` and the IUPAC ambiguity codes `RYSWKMBDHVN` |
//! | RNA | `ACGU` and the same ambiguity codes |
//! | protein | the 20 amino acids `ACDEFGHIKLMNPQRSTVWY`, plus `B Z X U O`, and one `*` as the last residue |
//!
//! What is stored: the residues only, upper-case (so `acgt` and `ACGT` are the same sequence).
//! Whitespace (spaces, tabs, line breaks, CR) is ignored, and so is a whitespace-delimited run of
//! digits on a line that also holds residues — the position numbers of a pasted GenBank `ORIGIN`
//! or EMBL `SQ` block. Any other digit (inside a word as in colour-space reads, `T0123`, or on a
//! line of digits alone) is an error, as is every other character.
//!
//! Errors name the first offending character, its 1-based residue position (how many residues
//! preceded it, plus one), its line and column in the submitted text, and the expected alphabet.
//!
//! Cost: one pass, O(n) time; the output is the only allocation, and it stops growing at the
//! configured maximum length — the first residue beyond it ends the pass with an error.
//!
//! ```
//! use bioreg::seq::{alphabet::normalise, MoleculeType};
//! let origin = "        1 atgaccatga ttacgccaag\n       21 cttgc\n";
//! assert_eq!(normalise(origin, MoleculeType::Dna, 1000).unwrap(), b"ATGACCATGATTACGCCAAGCTTGC");
//! let err = normalise("ACGTJ", MoleculeType::Dna, 1000).unwrap_err();
//! assert_eq!(err.position, Some(5));
//! ```

use std::fmt;
use std::sync::LazyLock;

use bio::alphabets::Alphabet;

use super::MoleculeType;

static DNA: LazyLock<Alphabet> = LazyLock::new(|| Alphabet::new(b"ACGTRYSWKMBDHVN"));
static RNA: LazyLock<Alphabet> = LazyLock::new(|| Alphabet::new(b"ACGURYSWKMBDHVN"));
static PROTEIN: LazyLock<Alphabet> = LazyLock::new(|| Alphabet::new(b"ACDEFGHIKLMNPQRSTVWYBZXUO"));

/// The alphabet a molecule type accepts, as bio's `Alphabet` (upper-case symbols only).
pub fn alphabet(molecule: MoleculeType) -> &'static Alphabet {
    match molecule {
        MoleculeType::Dna => &DNA,
        MoleculeType::Rna => &RNA,
        MoleculeType::Protein => &PROTEIN,
    }
}

/// How the alphabet is described in error messages.
pub fn alphabet_description(molecule: MoleculeType) -> &'static str {
    match molecule {
        MoleculeType::Dna => "DNA: ACGT or IUPAC ambiguity codes RYSWKMBDHVN",
        MoleculeType::Rna => "RNA: ACGU or IUPAC ambiguity codes RYSWKMBDHVN",
        MoleculeType::Protein => "protein: ACDEFGHIKLMNPQRSTVWY, B, Z, X, U, O, and `*` only at the end",
    }
}

/// Why a sequence was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SequenceError {
    pub message: String,
    /// 1-based residue position of the offending character, when there is one.
    pub position: Option<usize>,
}

impl fmt::Display for SequenceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for SequenceError {}

/// Validates `raw` against the molecule's alphabet and returns the normalised residues.
pub fn normalise(raw: &str, molecule: MoleculeType, max_length: usize) -> Result<Vec<u8>, SequenceError> {
    let alphabet = alphabet(molecule);
    let mut residues = Vec::with_capacity(raw.len().min(max_length));
    // Position (residue index, line, column) of a `*` seen so far; any residue after it is an error.
    let mut stop: Option<(usize, usize, usize)> = None;
    for (line_index, line) in raw.split('\n').enumerate() {
        let mut column = 0;
        // Position numbers only accompany residues (GenBank ORIGIN, EMBL SQ); a line of digits
        // alone is not numbering but bad input (colour-space reads, say).
        let numbered_line = line.chars().any(|c| !c.is_whitespace() && !c.is_ascii_digit());
        for word in line.split_inclusive(|c: char| c.is_whitespace()) {
            let token = word.trim_end_matches(|c: char| c.is_whitespace());
            if numbered_line && !token.is_empty() && token.bytes().all(|b| b.is_ascii_digit()) {
                column += word.chars().count();
                continue;
            }
            for character in word.chars() {
                column += 1;
                if character.is_whitespace() {
                    continue;
                }
                let position = residues.len() + 1;
                let refuse = |what: String| SequenceError {
                    message: format!(
                        "{what} at position {position} (line {}, column {column}); expected {}",
                        line_index + 1,
                        alphabet_description(molecule)
                    ),
                    position: Some(position),
                };
                if let Some((stop_position, stop_line, stop_column)) = stop {
                    return Err(SequenceError {
                        message: format!(
                            "stop `*` at position {stop_position} (line {stop_line}, column {stop_column}) is \
                             followed by more residues; expected {}",
                            alphabet_description(molecule)
                        ),
                        position: Some(stop_position),
                    });
                }
                let upper = character.to_ascii_uppercase();
                if upper == '*' && molecule == MoleculeType::Protein {
                    stop = Some((position, line_index + 1, column));
                } else if !upper.is_ascii() || !alphabet.symbols.contains(upper as usize) {
                    let shown = if character.is_control() {
                        format!("character U+{:04X}", u32::from(character))
                    } else {
                        format!("character `{character}`")
                    };
                    return Err(refuse(format!("invalid {shown}")));
                }
                if residues.len() == max_length {
                    return Err(SequenceError {
                        message: format!("sequence is longer than the maximum of {max_length} residues"),
                        position: Some(position),
                    });
                }
                residues.push(upper as u8);
            }
        }
    }
    if residues.is_empty() {
        return Err(SequenceError {
            message: "sequence is empty".into(),
            position: None,
        });
    }
    Ok(residues)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dna(raw: &str) -> Result<Vec<u8>, SequenceError> {
        normalise(raw, MoleculeType::Dna, 1_000)
    }

    #[test]
    fn case_whitespace_and_origin_numbering_are_normalised() {
        assert_eq!(dna("acgt\r\nACGT\t a").unwrap(), b"ACGTACGTA");
        let block = "        1 gatcctccat atacaacggt atctccacct caggtttaga\n       41 tctcaacaac\n";
        assert_eq!(
            dna(block).unwrap(),
            b"GATCCTCCATATACAACGGTATCTCCACCTCAGGTTTAGATCTCAACAAC"
        );
    }

    #[test]
    fn iupac_codes_are_accepted_for_dna_and_rna() {
        assert_eq!(dna("ACGTRYSWKMBDHVN").unwrap().len(), 15);
        assert_eq!(
            normalise("acguryswkmbdhvn", MoleculeType::Rna, 100).unwrap(),
            b"ACGURYSWKMBDHVN"
        );
        let err = normalise("ACGT", MoleculeType::Rna, 100).unwrap_err();
        assert_eq!(err.position, Some(4));
        assert!(
            err.message.contains("`T`") && err.message.contains("RNA"),
            "{}",
            err.message
        );
        let err = dna("ACGU").unwrap_err();
        assert_eq!(err.position, Some(4));
    }

    #[test]
    fn the_first_offending_character_is_named_with_its_position() {
        let err = dna("ACGT\nAC-GT").unwrap_err();
        assert_eq!(err.position, Some(7));
        assert!(
            err.message.contains("`-`") && err.message.contains("line 2, column 3"),
            "{}",
            err.message
        );
        let err = dna("ACGTZ").unwrap_err();
        assert_eq!(err.position, Some(5));
        assert!(err.message.contains("DNA"), "{}", err.message);
        let err = dna("ACGT\u{1}").unwrap_err();
        assert!(err.message.contains("U+0001"), "{}", err.message);
        let err = dna("ACGTé").unwrap_err();
        assert!(err.message.contains("`é`"), "{}", err.message);
    }

    #[test]
    fn digits_inside_words_are_refused() {
        let err = dna("T0123012").unwrap_err();
        assert_eq!(err.position, Some(2));
        assert!(err.message.contains("`0`"), "{}", err.message);
        assert_eq!(dna("12 ACGT 16").unwrap(), b"ACGT");
        let err = dna("302").unwrap_err();
        assert_eq!(err.position, Some(1));
        assert!(err.message.contains("`3`"), "{}", err.message);
        let err = dna("ACGT\n02\n").unwrap_err();
        assert_eq!(err.position, Some(5));
    }

    #[test]
    fn proteins_take_extended_letters_and_one_final_stop() {
        let protein = |s| normalise(s, MoleculeType::Protein, 100);
        assert_eq!(protein("mkvBZXUO*").unwrap(), b"MKVBZXUO*");
        let err = protein("MK*VL").unwrap_err();
        assert_eq!(err.position, Some(3));
        assert!(err.message.contains("only at the end"), "{}", err.message);
        let err = protein("MKJ").unwrap_err();
        assert_eq!(err.position, Some(3));
        assert!(protein("MK-V").is_err());
    }

    #[test]
    fn empty_and_overlong_sequences_are_refused() {
        assert_eq!(dna(" \n \t \r\n").unwrap_err().message, "sequence is empty");
        let err = normalise("ACGTACGT", MoleculeType::Dna, 5).unwrap_err();
        assert_eq!(err.position, Some(6));
        assert!(err.message.contains("maximum of 5"), "{}", err.message);
        assert_eq!(normalise("ACGTA", MoleculeType::Dna, 5).unwrap().len(), 5);
    }
}
