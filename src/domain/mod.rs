//! Rules that do not depend on HTTP: accounts and tokens, seeds. Uses `db`; never imports `http`.

pub mod accounts;
pub mod audit;
pub mod curation;
pub mod cursor;
pub mod formats;
pub mod import_jobs;
pub mod imports;
pub mod ontology;
pub mod page;
pub mod parts;
pub mod provenance;
pub mod search;
pub mod seeds;
pub mod sessions;
pub mod strains;
pub mod visibility;

pub use crate::db::text::TextQuery;

/// The longest text query, in characters: each word of `q` is a term of the word index to
/// intersect, and each character a trigram of the identifier index.
pub const MAX_QUERY_CHARS: usize = 256;

/// The text query `q` stands for (`db::text`); none when blank, a 422 on `q` when longer than
/// [`MAX_QUERY_CHARS`].
pub fn text_query(q: Option<&str>) -> crate::error::AppResult<Option<TextQuery>> {
    let Some(q) = q.map(str::trim).filter(|q| !q.is_empty()) else {
        return Ok(None);
    };
    if q.chars().count() > MAX_QUERY_CHARS {
        return Err(crate::error::AppError::invalid_field(
            "q",
            format!("is longer than {MAX_QUERY_CHARS} characters"),
        ));
    }
    Ok(Some(TextQuery::new(q)))
}

/// Groups pairs by key, keeping the order of values within each key (for batched child rows).
pub(crate) fn group<K: std::hash::Hash + Eq, V>(
    pairs: impl IntoIterator<Item = (K, V)>,
) -> std::collections::HashMap<K, Vec<V>> {
    let mut map: std::collections::HashMap<K, Vec<V>> = std::collections::HashMap::new();
    for (key, value) in pairs {
        map.entry(key).or_default().push(value);
    }
    map
}
