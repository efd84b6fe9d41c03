//! Owns the keyset cursors of lists ordered by time (`<timestamp>|<uuid>`) and of strain lists
//! in relevance order (`r<tier>:<entry>`, `db::text`), opaque to clients.

use chrono::NaiveDateTime;
use uuid::Uuid;

use crate::db::text::{Position, Tier};
use crate::error::{AppError, AppResult};

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
}
