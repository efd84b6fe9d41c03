//! Rows and queries of `web_sessions`: the browser sessions of the web pages, keyed by the
//! SHA-256 of the cookie's secret.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::accounts::{ApiToken, Organization, User};
use super::schema::{api_tokens, organizations, users, web_sessions};
use super::types::TokenId;
use super::DbConnection;

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = web_sessions)]
pub struct WebSession {
    pub secret_hash: String,
    pub token_id: TokenId,
    pub created_at: NaiveDateTime,
    pub expires_at: NaiveDateTime,
}

pub fn insert(conn: &mut DbConnection, session: &WebSession) -> QueryResult<()> {
    diesel::insert_into(web_sessions::table)
        .values(session)
        .execute(conn)
        .map(drop)
}

/// The unexpired session with this secret hash, with its token, user and organisation.
pub fn find_live(
    conn: &mut DbConnection,
    secret_hash: &str,
    at: NaiveDateTime,
) -> QueryResult<Option<(ApiToken, User, Organization)>> {
    web_sessions::table
        .inner_join(api_tokens::table.inner_join(users::table.inner_join(organizations::table)))
        .filter(web_sessions::secret_hash.eq(secret_hash))
        .filter(web_sessions::expires_at.gt(at))
        .select((ApiToken::as_select(), User::as_select(), Organization::as_select()))
        .first(conn)
        .optional()
}

/// Deletes one session; returns whether there was one.
pub fn delete(conn: &mut DbConnection, secret_hash: &str) -> QueryResult<bool> {
    diesel::delete(web_sessions::table.filter(web_sessions::secret_hash.eq(secret_hash)))
        .execute(conn)
        .map(|n| n > 0)
}

/// Deletes every session that expired before `at`.
pub fn delete_expired(conn: &mut DbConnection, at: NaiveDateTime) -> QueryResult<usize> {
    diesel::delete(web_sessions::table.filter(web_sessions::expires_at.le(at))).execute(conn)
}
