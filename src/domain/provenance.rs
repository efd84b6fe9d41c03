//! Owns per-field provenance: who asserted each field's current value, when, and from what
//! source ("iGEM Registry BBa_B0034", a DOI, "depositor form 2026-03-02"). A write may name a
//! source for any field; a field whose value changes gets a new assertion (with the named source,
//! or none); a field carried over unchanged keeps its earlier provenance.
//!
//! Stored form (migration 000023): the fields sharing one assertion are stored together,
//! `[{"fields": ["description", "name", …], "source": …, "asserted_by": …, …}]`, instead of a copy
//! of the assertion per field: one write asserts most fields at once, so a record's provenance is
//! one or two assertions (about 250 bytes) rather than one per field (1.4 KB for an imported part).
//! [`store`] groups, [`read`] and [`expand`] ungroup; both forms read back as the same
//! [`Provenance`]. Grouping and ungrouping are O(fields).

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

/// The stored form of a record's provenance: its fields grouped by equal assertion.
pub fn store(provenance: &Provenance) -> AppResult<String> {
    let map = serde_json::to_value(provenance).map_err(AppError::internal)?;
    Ok(group(&map).to_string())
}

/// `{field: assertion}` → `[{"fields": [...], ...assertion}]`, one element per distinct assertion
/// (in order of their first field); anything but an object is returned as it is.
pub fn group(map: &Value) -> Value {
    let Some(map) = map.as_object() else {
        return map.clone();
    };
    let mut groups: Vec<(&Value, Vec<Value>)> = Vec::new();
    for (field, assertion) in map {
        match groups.iter_mut().find(|(a, _)| *a == assertion) {
            Some((_, fields)) => fields.push(Value::String(field.clone())),
            None => groups.push((assertion, vec![Value::String(field.clone())])),
        }
    }
    Value::Array(
        groups
            .into_iter()
            .map(|(assertion, fields)| {
                let mut element = assertion.as_object().cloned().unwrap_or_default();
                element.insert("fields".into(), Value::Array(fields));
                Value::Object(element)
            })
            .collect(),
    )
}

/// The inverse of [`group`]: a stored array back to `{field: assertion}`; an object (the form
/// written before migration 000023) is returned as it is.
pub fn expand(stored: Value) -> Value {
    let Value::Array(groups) = stored else {
        return stored;
    };
    let mut map = serde_json::Map::new();
    for group in groups {
        let Value::Object(mut assertion) = group else {
            continue;
        };
        let fields = assertion.remove("fields");
        for field in fields.as_ref().and_then(Value::as_array).into_iter().flatten() {
            if let Some(field) = field.as_str() {
                map.insert(field.to_string(), Value::Object(assertion.clone()));
            }
        }
    }
    Value::Object(map)
}

/// A record's provenance from its stored form (either form).
pub fn read(stored: &str) -> Provenance {
    serde_json::from_str::<Value>(stored)
        .ok()
        .and_then(|value| serde_json::from_value(expand(value)).ok())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn grouped_provenance_reads_back_as_stored_per_field() {
        let a = json!({"source": null, "asserted_by": "6f1c2f4e-6d2b-4f55-9a53-0c6a0c0d9a01", "asserted_by_name": "lab", "asserted_at": "2026-12-01T10:00:00.123456789Z"});
        let b = json!({"source": "DOI 10.1/x", "asserted_by": "6f1c2f4e-6d2b-4f55-9a53-0c6a0c0d9a01", "asserted_by_name": "lab", "asserted_at": "2026-12-01T10:00:00.123456789Z"});
        let map = json!({"name": a, "description": a, "role": b, "sequence": a});
        let grouped = group(&map);
        assert_eq!(grouped.as_array().unwrap().len(), 2);
        assert_eq!(grouped[0]["fields"], json!(["description", "name", "sequence"]));
        assert_eq!(grouped[1]["fields"], json!(["role"]));
        assert_eq!(expand(grouped.clone()), map);
        // The form written before the migration reads as it is, and so does an empty record.
        assert_eq!(expand(map.clone()), map);
        assert_eq!(expand(group(&json!({}))), json!({}));
        assert_eq!(read(&grouped.to_string()), read(&map.to_string()));
        assert_eq!(read(&grouped.to_string()).len(), 4);
    }

    #[test]
    fn records_have_fewer_fields_than_the_expansion_list_pages_count() {
        let mut part = crate::domain::parts::PartInput::new(
            "x".into(),
            "promoter".into(),
            crate::seq::MoleculeType::Dna,
            crate::seq::Topology::Linear,
            "ACGT".into(),
        );
        part.genbank = Some(Default::default());
        let part = serde_json::to_value(part).unwrap();
        let strain = serde_json::to_value(crate::domain::strains::StrainInput::default()).unwrap();
        for record in [part, strain] {
            let fields = record.as_object().unwrap().len() as i64;
            assert!(fields <= crate::db::PROVENANCE_EXPANSION, "{fields} fields");
        }
    }
}
