//! Rules that do not depend on HTTP: accounts and tokens, seeds. Uses `db`; never imports `http`.

pub mod accounts;
pub mod audit;
pub mod curation;
pub mod cursor;
pub mod ontology;
pub mod parts;
pub mod provenance;
pub mod seeds;
pub mod strains;
pub mod visibility;
