//! Owns per-field provenance: who asserted each field's current value, when, and from what
//! source ("iGEM Registry BBa_B0034", a DOI, "depositor form 2026-03-02"). A write may name a
//! source for any field; a field whose value changes gets a new assertion (with the named source,
//! or none); a field carried over unchanged keeps its earlier provenance.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use utoipa::ToSchema;

use crate::db::types::UserId;
use crate::domain::accounts::Principal;
use crate::error::{AppError, AppResult, FieldError};

/// Who asserted a field's value, when, and from what source.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Assertion {
    pub source: Option<String>,
    pub asserted_by: UserId,
    pub asserted_by_name: String,
    pub asserted_at: DateTime<Utc>,
}

/// field → assertion.
pub type Provenance = BTreeMap<String, Assertion>;

/// Input fields that are instructions, not record content.
const NOT_FIELDS: &[&str] = &["provenance", "allow_duplicate"];

fn is_empty(value: &Value) -> bool {
    match value {
        Value::Null => true,
        Value::Bool(b) => !b,
        Value::String(s) => s.is_empty(),
        Value::Array(a) => a.is_empty(),
        Value::Object(o) => o.is_empty(),
        Value::Number(_) => false,
    }
}

/// The provenance after a write. `before`/`after` are the record in its input shape (JSON
/// objects); `sources` are the sources the client named.
pub fn update(
    previous: &Provenance,
    before: Option<&Value>,
    after: &Value,
    sources: &BTreeMap<String, String>,
    by: &Principal,
) -> AppResult<Provenance> {
    let fields = after
        .as_object()
        .ok_or_else(|| AppError::internal("a record is not a JSON object"))?;
    let unknown: Vec<FieldError> = sources
        .keys()
        .filter(|k| !fields.contains_key(k.as_str()) || NOT_FIELDS.contains(&k.as_str()))
        .map(|k| FieldError {
            field: format!("provenance.{k}"),
            message: format!("`{k}` is not a field of this record"),
        })
        .collect();
    if !unknown.is_empty() {
        return Err(AppError::invalid(unknown));
    }
    let now = Utc::now();
    let mut result = Provenance::new();
    for (field, value) in fields.iter().filter(|(k, _)| !NOT_FIELDS.contains(&k.as_str())) {
        let old = before.and_then(|b| b.get(field));
        let changed = match old {
            Some(old) => old != value,
            None => !is_empty(value),
        };
        let stated = sources.get(field);
        if changed || stated.is_some() {
            if is_empty(value) && stated.is_none() {
                continue; // a cleared field has no assertion
            }
            result.insert(
                field.clone(),
                Assertion {
                    source: stated.cloned(),
                    asserted_by: by.user.id,
                    asserted_by_name: by.user.name.clone(),
                    asserted_at: now,
                },
            );
        } else if let Some(kept) = previous.get(field) {
            result.insert(field.clone(), kept.clone());
        }
    }
    Ok(result)
}

pub fn read(stored: &str) -> Provenance {
    serde_json::from_str(stored).unwrap_or_default()
}
