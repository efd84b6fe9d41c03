//! Owns the cursors of every list: the one codec that makes a list's position opaque to clients
//! ([`seal`] / [`open`]: unpadded base64url of the list's name and its position, so a cursor of
//! one list is refused by another), and the positions of lists ordered by time
//! (`<timestamp>|<uuid>`) and in relevance order (`r<tier>:<entry>`, `db::text`).

use chrono::NaiveDateTime;
use uuid::Uuid;

use crate::db::text::{Position, Tier};
use crate::error::{AppError, AppResult};

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;

/// Longest cursor [`open`] reads (every position this service hands out is far shorter).
const MAX_CURSOR: usize = 2048;

/// The cursor a client receives for `position` in the list called `list` (`parts`, `audit`, …).
pub fn seal(list: &str, position: &str) -> String {
    URL_SAFE_NO_PAD.encode(format!("{list}\n{position}"))
}

/// The position in `list` that a cursor from [`seal`] stands for; a 422 on `cursor` for a cursor of
/// another list or anything else (the plain positions handed out before cursors were sealed
/// included: a cursor lives as long as a walk through a list, and a client restarts its walk).
pub fn open(list: &str, cursor: &str) -> AppResult<String> {
    let invalid = || AppError::invalid_field("cursor", "is not a cursor returned by this list");
    if cursor.len() > MAX_CURSOR {
        return Err(invalid());
    }
    let bytes = URL_SAFE_NO_PAD.decode(cursor).map_err(|_| invalid())?;
    let text = String::from_utf8(bytes).map_err(|_| invalid())?;
    match text.split_once('\n') {
        Some((name, position)) if name == list => Ok(position.to_string()),
        _ => Err(invalid()),
    }
}

/// [`open`] of an optional cursor.
pub fn open_opt(list: &str, cursor: Option<&str>) -> AppResult<Option<String>> {
    cursor.map(|c| open(list, c)).transpose()
}

/// The first `limit` of `rows` (read with `limit + 1`) and, when there were more, the position
/// after the last one kept, as `key` writes it.
pub fn split_page<T>(mut rows: Vec<T>, limit: i64, key: impl Fn(&T) -> String) -> (Vec<T>, Option<String>) {
    let limit = usize::try_from(limit).unwrap_or(usize::MAX);
    if rows.len() > limit {
        rows.truncate(limit);
        let next = rows.last().map(key);
        (rows, next)
    } else {
        (rows, None)
    }
}

const FORMAT: &str = "%Y-%m-%dT%H:%M:%S%.6f";

/// The cursor after a row ordered by `(at, id)`.
pub fn encode(at: NaiveDateTime, id: impl std::fmt::Display) -> String {
    format!("{}|{id}", at.format(FORMAT))
}

/// Reads a cursor made by [`encode`]; a 422 on `cursor` for anything else.
pub fn decode(token: &str) -> AppResult<(NaiveDateTime, Uuid)> {
    let invalid = || AppError::invalid_field("cursor", "is not a cursor returned by this list");
    let (at, id) = token.split_once('|').ok_or_else(invalid)?;
    let at = NaiveDateTime::parse_from_str(at, "%Y-%m-%dT%H:%M:%S%.f").map_err(|_| invalid())?;
    Ok((at, Uuid::parse_str(id).map_err(|_| invalid())?))
}

/// The cursor of a place in relevance order.
pub fn encode_position(position: Position) -> String {
    format!("r{}:{}", position.tier.number(), position.entry)
}

/// Reads a cursor made by [`encode_position`]; a 422 on `cursor` for anything else.
pub fn decode_position(token: &str) -> AppResult<Position> {
    let invalid = || AppError::invalid_field("cursor", "is not a cursor returned by this list (with the same q)");
    let (tier, entry) = token
        .trim()
        .strip_prefix('r')
        .and_then(|t| t.split_once(':'))
        .ok_or_else(invalid)?;
    Ok(Position {
        tier: tier.parse().ok().and_then(Tier::from_number).ok_or_else(invalid)?,
        entry: entry.parse().map_err(|_| invalid())?,
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn cursors_round_trip() {
        let at = chrono::NaiveDate::from_ymd_opt(2026, 11, 27)
            .unwrap()
            .and_hms_micro_opt(4, 5, 6, 789)
            .unwrap();
        let id = uuid::Uuid::new_v4();
        assert_eq!(super::decode(&super::encode(at, id)).unwrap(), (at, id));
        assert_eq!(super::decode("nonsense").unwrap_err().status, 422);
        let position = crate::db::text::Position {
            tier: crate::db::text::Tier::Partial,
            entry: 42,
        };
        assert_eq!(
            super::decode_position(&super::encode_position(position)).unwrap(),
            position
        );
        assert_eq!(super::decode_position("r7:1").unwrap_err().status, 422);
    }

    #[test]
    fn sealed_cursors_open_only_in_their_own_list() {
        let sealed = super::seal("parts", "2026-11-27T04:05:06.000789|x");
        assert!(sealed
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_'));
        assert_eq!(super::open("parts", &sealed).unwrap(), "2026-11-27T04:05:06.000789|x");
        assert_eq!(super::open("strains", &sealed).unwrap_err().status, 422);
        assert_eq!(super::open("parts", "bm9uc2Vuc2U").unwrap_err().status, 422);
        assert_eq!(super::open("parts", &"A".repeat(3000)).unwrap_err().status, 422);
        assert_eq!(super::open("parts", "r1:5").unwrap_err().status, 422);
    }
}
