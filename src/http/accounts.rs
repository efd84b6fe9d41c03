//! Owns the account endpoints: `/api/v1/me`, organisations, users and their API tokens.
//! Everything but `/me` is for admins.

use actix_web::http::header;
use actix_web::{web, HttpRequest, HttpResponse};
use chrono::{DateTime, NaiveDateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::auth::Authenticated;
use crate::db::accounts::{self as rows, ApiToken, Organization, User, UserFilter};
use crate::db::types::{OrganizationId, TokenId, UserId};
use crate::domain::accounts::{self, NewOrganization, NewUser, OrganizationKind, Role};
use crate::domain::cursor;
use crate::error::AppResult;
use crate::http::extract::{page_limit, path_uuid, ApiJson, ApiQuery};
use crate::http::lists::{self, PageParams};
use crate::state::AppState;

fn utc(at: NaiveDateTime) -> DateTime<Utc> {
    at.and_utc()
}

#[derive(Debug, Serialize, ToSchema)]
pub struct OrganizationView {
    pub id: OrganizationId,
    /// Short lowercase identifier, unique.
    pub slug: String,
    pub name: String,
    pub kind: OrganizationKind,
    pub created_at: DateTime<Utc>,
}

impl From<Organization> for OrganizationView {
    fn from(row: Organization) -> Self {
        let kind = match row.kind.as_str() {
            "lab" => OrganizationKind::Lab,
            "company" => OrganizationKind::Company,
            "registry" => OrganizationKind::Registry,
            _ => OrganizationKind::Other,
        };
        OrganizationView {
            id: row.id,
            slug: row.slug,
            name: row.name,
            kind,
            created_at: utc(row.created_at),
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct UserView {
    pub id: UserId,
    pub name: String,
    pub role: Role,
    pub organization: OrganizationView,
    pub created_at: DateTime<Utc>,
}

impl UserView {
    fn new(user: User, organization: Organization) -> Self {
        UserView {
            id: user.id,
            name: user.name,
            role: Role::parse(&user.role).unwrap_or(Role::Reader),
            organization: organization.into(),
            created_at: utc(user.created_at),
        }
    }
}

/// An API token's metadata; the secret is never shown again after creation.
#[derive(Debug, Serialize, ToSchema)]
pub struct TokenView {
    pub id: TokenId,
    pub user_id: UserId,
    pub label: Option<String>,
    pub created_at: DateTime<Utc>,
    pub expires_at: Option<DateTime<Utc>>,
    pub revoked_at: Option<DateTime<Utc>>,
}

impl From<ApiToken> for TokenView {
    fn from(row: ApiToken) -> Self {
        TokenView {
            id: row.id,
            user_id: row.user_id,
            label: row.label,
            created_at: utc(row.created_at),
            expires_at: row.expires_at.map(utc),
            revoked_at: row.revoked_at.map(utc),
        }
    }
}

/// A newly created token, with its secret — shown this once only.
#[derive(Debug, Serialize, ToSchema)]
pub struct NewTokenView {
    /// The secret to send as `Authorization: Bearer <token>`. It is stored only as a hash.
    pub token: String,
    #[serde(flatten)]
    pub metadata: TokenView,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct MeView {
    pub user: UserView,
    /// The token this request was authenticated with.
    pub token_id: TokenId,
    pub token_expires_at: Option<DateTime<Utc>>,
}

/// Who the bearer token belongs to.
#[utoipa::path(get, path = "/api/v1/me", operation_id = "get_me", tag = "users",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The caller", body = MeView),
        (status = 401, description = "Missing, unknown, revoked or expired token"),
    ))]
pub async fn get_me(caller: Authenticated) -> web::Json<MeView> {
    let principal = caller.0;
    web::Json(MeView {
        token_id: principal.token_id,
        token_expires_at: principal.token_expires_at.map(utc),
        user: UserView::new(principal.user, principal.organization),
    })
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateOrganization {
    /// 1-63 lowercase letters, digits or hyphens.
    pub slug: String,
    pub name: String,
    pub kind: OrganizationKind,
}

/// Create an organisation.
#[utoipa::path(post, path = "/api/v1/organizations", operation_id = "create_organization", tag = "organizations",
    security(("bearer" = [])),
    request_body(content = CreateOrganization,
        example = json!({"slug": "synbio-lab", "name": "Synthetic Biology Lab", "kind": "lab"})),
    responses(
        (status = 201, description = "Created", body = OrganizationView,
            headers(("Location" = String, description = "URL of the new organisation"))),
        (status = 400, description = "Malformed JSON"),
        (status = 401, description = "Missing or invalid token"),
        (status = 403, description = "Caller is not an admin"),
        (status = 409, description = "The slug is taken"),
        (status = 413, description = "Body too large"),
        (status = 415, description = "Body is not JSON"),
        (status = 422, description = "Invalid field"),
    ))]
pub async fn create_organization(
    state: web::Data<AppState>,
    caller: Authenticated,
    body: ApiJson<CreateOrganization>,
) -> AppResult<HttpResponse> {
    let actor = caller.require(Role::Admin)?.clone();
    let body = body.0;
    let new = NewOrganization {
        slug: body.slug,
        name: body.name,
        kind: body.kind,
    };
    let organization = state
        .db(move |conn| accounts::create_organization(conn, new, Some(&actor)))
        .await?;
    Ok(HttpResponse::Created()
        .insert_header((header::LOCATION, format!("/api/v1/organizations/{}", organization.id)))
        .json(OrganizationView::from(organization)))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct OrganizationListParams {
    /// Page size, 1-500 (default 100).
    #[param(minimum = 1, maximum = 500)]
    pub limit: Option<u32>,
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct OrganizationPage {
    pub items: Vec<OrganizationView>,
    /// Pass as `cursor` to get the next page; absent on the last page.
    pub next_cursor: Option<String>,
}

/// List organisations, ordered by slug.
#[utoipa::path(get, path = "/api/v1/organizations", operation_id = "list_organizations", tag = "organizations",
    security(("bearer" = [])),
    params(OrganizationListParams),
    responses(
        (status = 200, description = "A page of organisations", body = OrganizationPage),
        (status = 401, description = "Missing or invalid token"),
        (status = 403, description = "Caller is not an admin"),
        (status = 422, description = "Invalid query parameter"),
    ))]
pub async fn list_organizations(
    state: web::Data<AppState>,
    caller: Authenticated,
    params: ApiQuery<OrganizationListParams>,
) -> AppResult<web::Json<OrganizationPage>> {
    caller.require(Role::Admin)?;
    let params = params.0;
    let limit = page_limit(params.limit)?;
    let after = cursor::open_opt("organizations", params.cursor.as_deref())?;
    let rows = state
        .db(move |conn| Ok(rows::list_organizations(conn, after.as_deref(), limit + 1)?))
        .await?;
    let (items, next_cursor) = cursor::split_page(rows, limit, |o| o.slug.clone());
    Ok(web::Json(OrganizationPage {
        items: items.into_iter().map(Into::into).collect(),
        next_cursor: next_cursor.map(|c| cursor::seal("organizations", &c)),
    }))
}

/// Get one organisation by id or slug.
#[utoipa::path(get, path = "/api/v1/organizations/{id}", operation_id = "get_organization", tag = "organizations",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "Organisation id or slug")),
    responses(
        (status = 200, description = "The organisation", body = OrganizationView),
        (status = 401, description = "Missing or invalid token"),
        (status = 403, description = "Caller is not an admin"),
        (status = 404, description = "No such organisation"),
    ))]
pub async fn get_organization(
    state: web::Data<AppState>,
    caller: Authenticated,
    path: web::Path<String>,
) -> AppResult<web::Json<OrganizationView>> {
    caller.require(Role::Admin)?;
    let reference = path.into_inner();
    let organization = state
        .db(move |conn| accounts::find_organization(conn, &reference))
        .await?;
    Ok(web::Json(organization.into()))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateUser {
    /// Login name: 1-64 letters, digits, `.`, `_` or `-`; unique regardless of case.
    pub name: String,
    pub role: Role,
    /// Organisation id or slug (default: the registry's own organisation).
    pub organization: Option<String>,
}

/// Create a user. Issue their token with `POST /api/v1/users/{id}/tokens`.
#[utoipa::path(post, path = "/api/v1/users", operation_id = "create_user", tag = "users",
    security(("bearer" = [])),
    request_body(content = CreateUser, example = json!({"name": "bob", "role": "submitter", "organization": "synbio-lab"})),
    responses(
        (status = 201, description = "Created", body = UserView,
            headers(("Location" = String, description = "URL of the new user"))),
        (status = 400, description = "Malformed JSON"),
        (status = 401, description = "Missing or invalid token"),
        (status = 403, description = "Caller is not an admin"),
        (status = 409, description = "The name is taken"),
        (status = 413, description = "Body too large"),
        (status = 415, description = "Body is not JSON"),
        (status = 422, description = "Invalid field or unknown organisation"),
    ))]
pub async fn create_user(
    state: web::Data<AppState>,
    caller: Authenticated,
    body: ApiJson<CreateUser>,
) -> AppResult<HttpResponse> {
    let actor = caller.require(Role::Admin)?.clone();
    let body = body.0;
    let new = NewUser {
        name: body.name,
        role: body.role,
        organization: body.organization,
    };
    let (user, organization) = state
        .db(move |conn| accounts::create_user(conn, new, Some(&actor)))
        .await?;
    Ok(HttpResponse::Created()
        .insert_header((header::LOCATION, format!("/api/v1/users/{}", user.id)))
        .json(UserView::new(user, organization)))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct UserListParams {
    /// Only users of this organisation (id or slug).
    pub organization: Option<String>,
    /// Only users with this role.
    pub role: Option<Role>,
    /// Page size, 1-500 (default 100).
    #[param(minimum = 1, maximum = 500)]
    pub limit: Option<u32>,
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct UserPage {
    pub items: Vec<UserView>,
    /// Pass as `cursor` to get the next page; absent on the last page.
    pub next_cursor: Option<String>,
}

/// List users, ordered by name.
#[utoipa::path(get, path = "/api/v1/users", operation_id = "list_users", tag = "users",
    security(("bearer" = [])),
    params(UserListParams),
    responses(
        (status = 200, description = "A page of users", body = UserPage),
        (status = 401, description = "Missing or invalid token"),
        (status = 403, description = "Caller is not an admin"),
        (status = 422, description = "Invalid query parameter or unknown organisation"),
    ))]
pub async fn list_users(
    state: web::Data<AppState>,
    caller: Authenticated,
    params: ApiQuery<UserListParams>,
) -> AppResult<web::Json<UserPage>> {
    caller.require(Role::Admin)?;
    let params = params.0;
    let limit = page_limit(params.limit)?;
    let after = cursor::open_opt("users", params.cursor.as_deref())?;
    let rows = state
        .db(move |conn| {
            let organization_id = accounts::organization_filter(conn, "organization", params.organization.as_deref())?;
            let filter = UserFilter {
                organization_id,
                role: params.role.map(|r| r.as_str().to_string()),
                after_name: after,
            };
            Ok(rows::list_users(conn, &filter, limit + 1)?)
        })
        .await?;
    let (items, next_cursor) = cursor::split_page(rows, limit, |(user, _)| user.name.to_lowercase());
    Ok(web::Json(UserPage {
        items: items
            .into_iter()
            .map(|(user, organization)| UserView::new(user, organization))
            .collect(),
        next_cursor: next_cursor.map(|c| cursor::seal("users", &c)),
    }))
}

/// Get one user by id or name.
#[utoipa::path(get, path = "/api/v1/users/{id}", operation_id = "get_user", tag = "users",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "User id or name")),
    responses(
        (status = 200, description = "The user", body = UserView),
        (status = 401, description = "Missing or invalid token"),
        (status = 403, description = "Caller is not an admin"),
        (status = 404, description = "No such user"),
    ))]
pub async fn get_user(
    state: web::Data<AppState>,
    caller: Authenticated,
    path: web::Path<String>,
) -> AppResult<web::Json<UserView>> {
    caller.require(Role::Admin)?;
    let reference = path.into_inner();
    let (user, organization) = state
        .db(move |conn| {
            let user = accounts::find_user(conn, &reference)?;
            let organization = accounts::find_organization(conn, &user.organization_id.to_string())?;
            Ok((user, organization))
        })
        .await?;
    Ok(web::Json(UserView::new(user, organization)))
}

#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateToken {
    /// What the token is for, e.g. `ci`.
    pub label: Option<String>,
    /// When the token stops working (RFC 3339); never when absent.
    pub expires_at: Option<DateTime<Utc>>,
}

/// Issue an API token for a user. The secret is in this response only.
#[utoipa::path(post, path = "/api/v1/users/{id}/tokens", operation_id = "create_user_token", tag = "tokens",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "User id or name")),
    request_body(content = CreateToken, example = json!({"label": "bench laptop", "expires_at": "2027-06-30T00:00:00Z"})),
    responses(
        (status = 201, description = "Created; `token` is shown only now", body = NewTokenView,
            headers(("Location" = String, description = "URL of the token (`DELETE` revokes it)"))),
        (status = 400, description = "Malformed JSON"),
        (status = 401, description = "Missing or invalid token"),
        (status = 403, description = "Caller is not an admin"),
        (status = 404, description = "No such user"),
        (status = 413, description = "Body too large"),
        (status = 415, description = "Body is not JSON"),
        (status = 422, description = "Invalid field, e.g. an expiry in the past"),
    ))]
pub async fn create_token(
    state: web::Data<AppState>,
    caller: Authenticated,
    path: web::Path<String>,
    body: ApiJson<CreateToken>,
) -> AppResult<HttpResponse> {
    let actor = caller.require(Role::Admin)?.clone();
    let reference = path.into_inner();
    let body = body.0;
    let issued = state
        .db(move |conn| accounts::issue_token(conn, &reference, body.label, body.expires_at, Some(&actor)))
        .await?;
    Ok(HttpResponse::Created()
        .insert_header((header::LOCATION, format!("/api/v1/tokens/{}", issued.token.id)))
        .json(NewTokenView {
            token: issued.secret,
            metadata: issued.token.into(),
        }))
}

lists::page_type!(
    /// A page of API tokens (metadata only, never secrets).
    TokenPage,
    TokenView
);

/// List a user's tokens (metadata only, never secrets).
#[utoipa::path(get, path = "/api/v1/users/{id}/tokens", operation_id = "list_user_tokens", tag = "tokens",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "User id or name"), PageParams),
    responses(
        (status = 200, description = "The user's tokens, oldest first", body = TokenPage),
        (status = 401, description = "Missing or invalid token"),
        (status = 403, description = "Caller is not an admin"),
        (status = 404, description = "No such user"),
        (status = 422, description = "Bad `limit` or `cursor`"),
    ))]
pub async fn list_tokens(
    state: web::Data<AppState>,
    caller: Authenticated,
    path: web::Path<String>,
    page: ApiQuery<PageParams>,
    request: HttpRequest,
) -> AppResult<HttpResponse> {
    caller.require(Role::Admin)?;
    let reference = path.into_inner();
    let (limit, after) = page.0.read("tokens")?;
    let (tokens, next) = state
        .db(move |conn| {
            let user = accounts::find_user(conn, &reference)?;
            accounts::tokens_of(conn, user.id, after.as_deref(), limit)
        })
        .await?;
    let items: Vec<TokenView> = tokens.into_iter().map(Into::into).collect();
    Ok(lists::page(&request, "tokens", items, limit, next))
}

/// List your own tokens (metadata only, never secrets).
#[utoipa::path(get, path = "/api/v1/me/tokens", operation_id = "list_my_tokens", tag = "tokens",
    security(("bearer" = [])),
    params(PageParams),
    responses(
        (status = 200, description = "Your tokens, oldest first (revoked and expired ones included)", body = TokenPage),
        (status = 401, description = "Missing or invalid token"),
        (status = 422, description = "Bad `limit` or `cursor`"),
    ))]
pub async fn list_my_tokens(
    state: web::Data<AppState>,
    caller: Authenticated,
    page: ApiQuery<PageParams>,
    request: HttpRequest,
) -> AppResult<HttpResponse> {
    let user = caller.0.user.id;
    let (limit, after) = page.0.read("tokens")?;
    let (tokens, next) = state
        .db(move |conn| accounts::tokens_of(conn, user, after.as_deref(), limit))
        .await?;
    let items: Vec<TokenView> = tokens.into_iter().map(Into::into).collect();
    Ok(lists::page(&request, "tokens", items, limit, next))
}

/// Create a token for yourself. It always expires: after `BIOREG_SELF_TOKEN_DAYS` (default 90)
/// unless `expires_at` says when, at most `BIOREG_SELF_TOKEN_MAX_DAYS` (default 365) away. It acts
/// with your role; the secret is in this response only.
#[utoipa::path(post, path = "/api/v1/me/tokens", operation_id = "create_my_token", tag = "tokens",
    security(("bearer" = [])),
    request_body(content = CreateToken, example = json!({"label": "analysis notebook", "expires_at": "2027-03-01T00:00:00Z"})),
    responses(
        (status = 201, description = "Created; `token` is shown only now", body = NewTokenView,
            headers(("Location" = String, description = "URL of the token (`DELETE` revokes it)"))),
        (status = 400, description = "Malformed JSON"),
        (status = 401, description = "Missing or invalid token"),
        (status = 409, description = "You already hold the most live tokens one user may (100); revoke one first"),
        (status = 413, description = "Body too large"),
        (status = 415, description = "Body is not JSON"),
        (status = 422, description = "Invalid field: an expiry in the past or too far away, a label over 200 characters"),
    ))]
pub async fn create_my_token(
    state: web::Data<AppState>,
    caller: Authenticated,
    body: ApiJson<CreateToken>,
) -> AppResult<HttpResponse> {
    let principal = caller.0;
    let body = body.0;
    let lifetime = (state.settings.self_token_days, state.settings.self_token_max_days);
    let issued = state
        .db(move |conn| accounts::issue_own_token(conn, &principal, body.label, body.expires_at, lifetime))
        .await?;
    Ok(HttpResponse::Created()
        .insert_header((header::LOCATION, format!("/api/v1/me/tokens/{}", issued.token.id)))
        .json(NewTokenView {
            token: issued.secret,
            metadata: issued.token.into(),
        }))
}

/// Revoke one of your own tokens (the one you call with included: it stops working at once).
#[utoipa::path(delete, path = "/api/v1/me/tokens/{id}", operation_id = "revoke_my_token", tag = "tokens",
    security(("bearer" = [])),
    params(("id" = uuid::Uuid, Path, description = "Token id")),
    responses(
        (status = 204, description = "Revoked"),
        (status = 401, description = "Missing or invalid token"),
        (status = 404, description = "You have no such token"),
        (status = 409, description = "Already revoked"),
    ))]
pub async fn revoke_my_token(
    state: web::Data<AppState>,
    caller: Authenticated,
    path: web::Path<String>,
) -> AppResult<HttpResponse> {
    let principal = caller.0;
    let id = TokenId(path_uuid("token id", &path.into_inner())?);
    state
        .db(move |conn| accounts::revoke_own_token(conn, &principal, id))
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Revoke a token. It stops working at once; its metadata stays listed.
#[utoipa::path(delete, path = "/api/v1/tokens/{id}", operation_id = "revoke_token", tag = "tokens",
    security(("bearer" = [])),
    params(("id" = uuid::Uuid, Path, description = "Token id")),
    responses(
        (status = 204, description = "Revoked"),
        (status = 401, description = "Missing or invalid token"),
        (status = 403, description = "Caller is not an admin"),
        (status = 404, description = "No such token"),
        (status = 409, description = "Already revoked"),
    ))]
pub async fn revoke_token(
    state: web::Data<AppState>,
    caller: Authenticated,
    path: web::Path<String>,
) -> AppResult<HttpResponse> {
    let actor = caller.require(Role::Admin)?.clone();
    let id = TokenId(path_uuid("token id", &path.into_inner())?);
    state
        .db(move |conn| accounts::revoke_token(conn, id, Some(&actor)))
        .await?;
    Ok(HttpResponse::NoContent().finish())
}
