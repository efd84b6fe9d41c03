//! Owns the browser sessions of the web pages. A visitor signs in by pasting an API token; the
//! browser then holds a fresh random secret (never the token) in an HttpOnly cookie, and only the
//! secret's SHA-256 is stored, with the token it stands for. Every page view re-checks that token
//! exactly as bearer authentication does ([`accounts::admit`]), so revoking or expiring the token
//! ends its sessions; signing out deletes the session. Sessions live in the database, so any
//! instance sharing it recognises them.

use chrono::TimeDelta;
use rand::RngCore;
use sha2::{Digest, Sha256};

use crate::db::sessions::{self as rows, WebSession};
use crate::db::{now, DbConnection};
use crate::domain::accounts::{self, Principal};
use crate::domain::audit;
use crate::error::AppResult;

/// A new random secret for a browser: 32 bytes, hex.
pub fn new_secret() -> String {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    hex::encode(bytes)
}

/// What is stored of a secret: its SHA-256, hex.
fn secret_hash(secret: &str) -> String {
    hex::encode(Sha256::digest(secret.as_bytes()))
}

/// Signs in with an API token: 401 when the token is not valid. Returns the session secret for
/// the cookie and who signed in. Sessions last `ttl`, and never beyond their token's expiry.
pub fn start(conn: &mut DbConnection, token_secret: &str, ttl: TimeDelta) -> AppResult<(String, Principal)> {
    let principal = accounts::authenticate(conn, token_secret.trim())?;
    conn.write_transaction(|conn| {
        let at = now();
        rows::delete_expired(conn, at)?;
        let expires_at = match principal.token_expires_at {
            Some(token_expiry) => token_expiry.min(at + ttl),
            None => at + ttl,
        };
        let secret = new_secret();
        rows::insert(
            conn,
            &WebSession {
                secret_hash: secret_hash(&secret),
                token_id: principal.token_id,
                created_at: at,
                expires_at,
            },
        )?;
        let details = serde_json::json!({"expires_at": expires_at.and_utc()});
        audit::record(conn, Some(&principal), None, "session.started", None, details)?;
        Ok((secret, principal.clone()))
    })
}

/// The signed-in visitor a cookie secret stands for; `None` when it stands for no live session
/// or its token is no longer valid.
pub fn resolve(conn: &mut DbConnection, secret: &str) -> AppResult<Option<Principal>> {
    let Some((token, user, organization)) = rows::find_live(conn, &secret_hash(secret), now())? else {
        return Ok(None);
    };
    Ok(accounts::admit(token, user, organization).ok())
}

/// Signs out: deletes the session (nothing happens when there is none).
pub fn end(conn: &mut DbConnection, secret: &str, principal: Option<&Principal>) -> AppResult<()> {
    conn.write_transaction(|conn| {
        if rows::delete(conn, &secret_hash(secret))? {
            audit::record(conn, principal, None, "session.ended", None, serde_json::json!({}))?;
        }
        Ok(())
    })
}

/// The form token of a browser: derived from its cookie secret, so a page of another site, which
/// can neither read the cookie nor this page, cannot forge it (synchroniser token without storage).
pub fn csrf_token(secret: &str) -> String {
    hex::encode(Sha256::digest(format!("bioreg-csrf:{secret}").as_bytes()))
}

/// Whether a submitted form token belongs to this browser (constant-time comparison).
pub fn csrf_matches(secret: &str, submitted: &str) -> bool {
    use subtle::ConstantTimeEq;
    bool::from(csrf_token(secret).as_bytes().ct_eq(submitted.as_bytes()))
}
