//! TEMPORARY placeholder until the DUST module lands.
pub fn mask(sequence: &[u8]) -> Vec<bool> {
    vec![false; sequence.len()]
}
