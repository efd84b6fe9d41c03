//! Owns reading JSON into typed input with errors that name the offending field: a body that is
//! not JSON is a 400 naming line and column; JSON that does not fit is a 422 naming the field's
//! path (`features[2].start`), via `serde_path_to_error`.

use serde::de::DeserializeOwned;

use crate::error::AppError;

/// Deserialises JSON, naming the failing field (`a.b[2].c`) or the line and column of bad syntax.
/// Text with the NUL character (`\u0000`) is refused, naming the field: no stored text may hold it
/// (PostgreSQL cannot), so it is refused alike on both backends.
pub fn parse_json<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, AppError> {
    if escapes_nul(bytes) {
        if let Ok(value) = serde_json::from_slice::<serde_json::Value>(bytes) {
            if let Some(field) = nul_path(&value, String::new()) {
                return Err(AppError::invalid_field(
                    if field.is_empty() { "body".to_string() } else { field },
                    "text may not contain the NUL character (U+0000)",
                ));
            }
        }
    }
    let mut deserializer = serde_json::Deserializer::from_slice(bytes);
    let value = serde_path_to_error::deserialize(&mut deserializer).map_err(|error| {
        let path = error.path().to_string();
        let inner = error.into_inner();
        // serde_json reports some type mismatches (a number where an enum's string belongs) as
        // syntax errors; only a body that is not JSON at all is malformed.
        let well_formed = serde_json::from_slice::<serde::de::IgnoredAny>(bytes).is_ok();
        if !well_formed || matches!(inner.classify(), serde_json::error::Category::Io) {
            return AppError::bad_request(format!("malformed JSON in request body: {inner}"));
        }
        let field = if path == "." { "body".to_string() } else { path };
        let message = match inner.classify() {
            serde_json::error::Category::Data => strip_position(&inner.to_string()),
            _ => "has the wrong type or form for this field".to_string(),
        };
        AppError::invalid_field(field, message)
    })?;
    deserializer
        .end()
        .map_err(|e| AppError::bad_request(format!("malformed JSON in request body: {e}")))?;
    Ok(value)
}

/// Whether the JSON text has a `\u0000` escape (the only way JSON writes NUL): a scan of the
/// bytes that skips escaped backslashes. O(n), no allocation.
fn escapes_nul(bytes: &[u8]) -> bool {
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'\\' {
            if bytes.get(i + 1) == Some(&b'u') && bytes.get(i + 2..i + 6) == Some(b"0000".as_slice()) {
                return true;
            }
            i += 2;
        } else {
            i += 1;
        }
    }
    false
}

/// The path (`a.b[2]`) of the first string or key holding NUL.
fn nul_path(value: &serde_json::Value, path: String) -> Option<String> {
    match value {
        serde_json::Value::String(text) => text.contains('\0').then_some(path),
        serde_json::Value::Array(items) => items
            .iter()
            .enumerate()
            .find_map(|(i, item)| nul_path(item, format!("{path}[{i}]"))),
        serde_json::Value::Object(fields) => fields.iter().find_map(|(key, item)| {
            let at = if path.is_empty() {
                key.clone()
            } else {
                format!("{path}.{key}")
            };
            if key.contains('\0') {
                return Some(at);
            }
            nul_path(item, at)
        }),
        _ => None,
    }
}

/// serde_json appends " at line L column C", which says nothing once the field is named.
fn strip_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(i) => message[..i].to_string(),
        None => message.to_string(),
    }
}

/// Converts an already parsed JSON value (e.g. a merged patch document), naming the failing field.
pub fn from_json_value<T: DeserializeOwned>(value: serde_json::Value) -> Result<T, AppError> {
    serde_path_to_error::deserialize(value).map_err(|error| {
        let path = error.path().to_string();
        let field = if path == "." { "body".to_string() } else { path };
        AppError::invalid_field(field, strip_position(&error.into_inner().to_string()))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_with_nul_is_refused_naming_the_field() {
        let error = parse_json::<serde_json::Value>(br#"{"a": [1, {"b": "x\u0000y"}]}"#).unwrap_err();
        assert_eq!(error.status, 422);
        assert_eq!(error.errors[0].field, "a[1].b");
        // An escaped backslash followed by `u0000` is text, not NUL.
        assert!(parse_json::<serde_json::Value>(br#"{"a": "\\u0000"}"#).is_ok());
        assert!(!escapes_nul(br#""\\u0000""#));
        assert!(escapes_nul(br#""\\\u0000""#));
    }
    use serde::Deserialize;

    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    struct Inner {
        start: u32,
    }

    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    struct Body {
        name: String,
        features: Vec<Inner>,
    }

    #[test]
    fn json_errors_name_the_field_or_the_position() {
        let err = parse_json::<Body>(br#"{"name": "x", "features": [{"start": 1}, {"start": "two"}]}"#).unwrap_err();
        assert_eq!(err.status, 422);
        assert_eq!(err.errors[0].field, "features[1].start");
        assert!(!err.detail.contains("line"), "{}", err.detail);

        let err = parse_json::<Body>(br#"{"features": []}"#).unwrap_err();
        assert_eq!(err.status, 422);
        assert!(err.detail.contains("missing field `name`"), "{}", err.detail);

        let err = parse_json::<Body>(br#"{"name": "x", "#).unwrap_err();
        assert_eq!(err.status, 400);
        assert!(err.detail.contains("line 1"), "{}", err.detail);

        let err = parse_json::<Body>(br#"{"name": "x", "features": []} trailing"#).unwrap_err();
        assert_eq!(err.status, 400);
    }

    #[test]
    fn values_name_the_field_too() {
        let err = from_json_value::<Body>(serde_json::json!({"name": "x", "features": [{"start": true}]})).unwrap_err();
        assert_eq!(err.errors[0].field, "features[0].start");
    }
}
