//! Rows and queries of the account tables: organisations, users and API tokens.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::{api_tokens, organizations, users};
use super::types::{OrganizationId, TokenId, UserId};
use super::{lower, DbConnection};

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = organizations)]
pub struct Organization {
    pub id: OrganizationId,
    pub slug: String,
    pub name: String,
    pub kind: String,
    pub created_at: NaiveDateTime,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = users)]
pub struct User {
    pub id: UserId,
    pub name: String,
    pub role: String,
    pub organization_id: OrganizationId,
    pub created_at: NaiveDateTime,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = api_tokens)]
pub struct ApiToken {
    pub id: TokenId,
    pub user_id: UserId,
    /// SHA-256 of the secret, lowercase hex; the secret itself is never stored.
    pub token_hash: String,
    pub label: Option<String>,
    pub created_at: NaiveDateTime,
    pub expires_at: Option<NaiveDateTime>,
    pub revoked_at: Option<NaiveDateTime>,
}

pub fn insert_organization(conn: &mut DbConnection, row: &Organization) -> QueryResult<()> {
    diesel::insert_into(organizations::table)
        .values(row)
        .execute(conn)
        .map(|_| ())
}

pub fn update_organization_name_kind(
    conn: &mut DbConnection,
    id: OrganizationId,
    name: &str,
    kind: &str,
) -> QueryResult<()> {
    diesel::update(organizations::table.find(id))
        .set((organizations::name.eq(name), organizations::kind.eq(kind)))
        .execute(conn)
        .map(|_| ())
}

pub fn find_organization(conn: &mut DbConnection, id: OrganizationId) -> QueryResult<Option<Organization>> {
    organizations::table
        .find(id)
        .select(Organization::as_select())
        .first(conn)
        .optional()
}

pub fn find_organization_by_slug(conn: &mut DbConnection, slug: &str) -> QueryResult<Option<Organization>> {
    // No stored name holds NUL (PostgreSQL could not even compare with it): nothing matches.
    if slug.contains('\0') {
        return Ok(None);
    }
    organizations::table
        .filter(organizations::slug.eq(slug))
        .select(Organization::as_select())
        .first(conn)
        .optional()
}

/// Organisations ordered by slug, starting after `after_slug`.
pub fn list_organizations(
    conn: &mut DbConnection,
    after_slug: Option<&str>,
    limit: i64,
) -> QueryResult<Vec<Organization>> {
    let mut query = organizations::table.select(Organization::as_select()).into_boxed();
    if let Some(after) = after_slug {
        query = query.filter(organizations::slug.gt(after.to_string()));
    }
    query.order(organizations::slug.asc()).limit(limit).load(conn)
}

pub fn insert_user(conn: &mut DbConnection, row: &User) -> QueryResult<()> {
    diesel::insert_into(users::table).values(row).execute(conn).map(|_| ())
}

pub fn find_user(conn: &mut DbConnection, id: UserId) -> QueryResult<Option<User>> {
    users::table.find(id).select(User::as_select()).first(conn).optional()
}

/// User names are unique without regard to case.
pub fn find_user_by_name(conn: &mut DbConnection, name: &str) -> QueryResult<Option<User>> {
    // No stored name holds NUL (PostgreSQL could not even compare with it): nothing matches.
    if name.contains('\0') {
        return Ok(None);
    }
    users::table
        .filter(lower(users::name).eq(name.to_lowercase()))
        .select(User::as_select())
        .first(conn)
        .optional()
}

/// Filters for [`list_users`].
#[derive(Debug, Default, Clone)]
pub struct UserFilter {
    pub organization_id: Option<OrganizationId>,
    pub role: Option<String>,
    /// Keyset cursor: only users whose lowercased name sorts after this.
    pub after_name: Option<String>,
}

/// Users with their organisation, ordered by lowercased name.
pub fn list_users(conn: &mut DbConnection, filter: &UserFilter, limit: i64) -> QueryResult<Vec<(User, Organization)>> {
    let mut query = users::table
        .inner_join(organizations::table)
        .select((User::as_select(), Organization::as_select()))
        .into_boxed();
    if let Some(org) = filter.organization_id {
        query = query.filter(users::organization_id.eq(org));
    }
    if let Some(role) = &filter.role {
        query = query.filter(users::role.eq(role.clone()));
    }
    if let Some(after) = &filter.after_name {
        query = query.filter(lower(users::name).gt(after.clone()));
    }
    query.order(lower(users::name).asc()).limit(limit).load(conn)
}

pub fn insert_token(conn: &mut DbConnection, row: &ApiToken) -> QueryResult<()> {
    diesel::insert_into(api_tokens::table)
        .values(row)
        .execute(conn)
        .map(|_| ())
}

pub fn find_token(conn: &mut DbConnection, id: TokenId) -> QueryResult<Option<ApiToken>> {
    api_tokens::table
        .find(id)
        .select(ApiToken::as_select())
        .first(conn)
        .optional()
}

/// The token with this hash, with its user and the user's organisation.
pub fn find_token_by_hash(
    conn: &mut DbConnection,
    token_hash: &str,
) -> QueryResult<Option<(ApiToken, User, Organization)>> {
    api_tokens::table
        .inner_join(users::table.inner_join(organizations::table))
        .filter(api_tokens::token_hash.eq(token_hash))
        .select((ApiToken::as_select(), User::as_select(), Organization::as_select()))
        .first(conn)
        .optional()
}

/// A token with its user and their organisation, by the token's id.
pub fn find_token_with_owner(
    conn: &mut DbConnection,
    id: TokenId,
) -> QueryResult<Option<(ApiToken, User, Organization)>> {
    api_tokens::table
        .inner_join(users::table.inner_join(organizations::table))
        .filter(api_tokens::id.eq(id))
        .select((ApiToken::as_select(), User::as_select(), Organization::as_select()))
        .first(conn)
        .optional()
}

/// Up to `limit` tokens of a user after `(created_at, id)` `after`, oldest first (a range of the
/// index `(user_id, created_at, id)`).
pub fn list_tokens_of_user(
    conn: &mut DbConnection,
    user_id: UserId,
    after: Option<(NaiveDateTime, TokenId)>,
    limit: i64,
) -> QueryResult<Vec<ApiToken>> {
    tokens_query(user_id, after, limit)
        .select(ApiToken::as_select())
        .load(conn)
}

/// The query of [`list_tokens_of_user`] (its plan is tested).
pub fn tokens_query(
    user_id: UserId,
    after: Option<(NaiveDateTime, TokenId)>,
    limit: i64,
) -> api_tokens::BoxedQuery<'static, super::Db> {
    let mut query = api_tokens::table.filter(api_tokens::user_id.eq(user_id)).into_boxed();
    if let Some((at, id)) = after {
        query = query
            .filter(api_tokens::created_at.ge(at))
            .filter(api_tokens::created_at.gt(at).or(api_tokens::id.gt(id)));
    }
    query
        .order((api_tokens::created_at.asc(), api_tokens::id.asc()))
        .limit(limit)
}

/// How many tokens of a user are live (neither revoked nor expired at `at`).
pub fn count_live_tokens(conn: &mut DbConnection, user_id: UserId, at: NaiveDateTime) -> QueryResult<i64> {
    api_tokens::table
        .filter(api_tokens::user_id.eq(user_id))
        .filter(api_tokens::revoked_at.is_null())
        .filter(api_tokens::expires_at.is_null().or(api_tokens::expires_at.gt(at)))
        .count()
        .get_result(conn)
}

/// Marks a token revoked; returns whether a live token was revoked.
pub fn revoke_token(conn: &mut DbConnection, id: TokenId, at: NaiveDateTime) -> QueryResult<bool> {
    diesel::update(api_tokens::table.find(id).filter(api_tokens::revoked_at.is_null()))
        .set(api_tokens::revoked_at.eq(Some(at)))
        .execute(conn)
        .map(|n| n > 0)
}

pub fn find_organizations(conn: &mut DbConnection, ids: &[OrganizationId]) -> QueryResult<Vec<Organization>> {
    where_in!(
        organizations::table,
        organizations::id,
        ids,
        .select(Organization::as_select())
        .load(conn)
    )
}

pub fn find_users(conn: &mut DbConnection, ids: &[UserId]) -> QueryResult<Vec<User>> {
    where_in!(
        users::table,
        users::id,
        ids,
        .select(User::as_select())
        .load(conn)
    )
}
