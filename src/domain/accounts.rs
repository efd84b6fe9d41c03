//! Owns accounts: organisations, users with one role each, and API tokens — their validation,
//! token generation and hashing, and authentication of a presented token.
//!
//! Tokens are 256 random bits from the operating system's CSPRNG, shown once as
//! `bioreg_<64 hex digits>` and stored only as their SHA-256. A fast hash is enough because the
//! secret has full entropy (the same choice as crates.io and GitHub); lookups are by hash.

use chrono::{DateTime, NaiveDateTime, Utc};
use rand::RngCore;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;
use utoipa::ToSchema;
use uuid::Uuid;

use crate::db::accounts::{self as rows, ApiToken, Organization, User};
use crate::db::types::{OrganizationId, TokenId, UserId};
use crate::db::{now, DbConnection};
use crate::domain::audit::{self, RecordRef};
use crate::error::{AppError, AppResult, FieldError};
use serde_json::json;

/// Slug of the registry's own organisation (seeded; see `seeds/organizations.json`).
pub const REGISTRY_ORGANIZATION: &str = "registry";

/// Prefix of every API token, so leaked tokens are easy to recognise and scan for.
pub const TOKEN_PREFIX: &str = "bioreg_";

/// What a user may do. Each role includes the rights of those below it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, ToSchema, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// Reads records of the library.
    Reader,
    /// Registers and edits records of their own organisation.
    Submitter,
    /// Reviews submissions from every organisation.
    Curator,
    /// Manages organisations, users and tokens; may do anything.
    Admin,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Reader => "reader",
            Role::Submitter => "submitter",
            Role::Curator => "curator",
            Role::Admin => "admin",
        }
    }

    pub fn parse(value: &str) -> Option<Role> {
        match value {
            "reader" => Some(Role::Reader),
            "submitter" => Some(Role::Submitter),
            "curator" => Some(Role::Curator),
            "admin" => Some(Role::Admin),
            _ => None,
        }
    }
}

/// What kind of body an organisation is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum OrganizationKind {
    Lab,
    Company,
    Registry,
    Other,
}

impl OrganizationKind {
    pub fn as_str(self) -> &'static str {
        match self {
            OrganizationKind::Lab => "lab",
            OrganizationKind::Company => "company",
            OrganizationKind::Registry => "registry",
            OrganizationKind::Other => "other",
        }
    }
}

/// An authenticated caller: the token's user, their organisation and role.
#[derive(Debug, Clone)]
pub struct Principal {
    pub user: User,
    pub organization: Organization,
    pub role: Role,
    pub token_id: TokenId,
    pub token_expires_at: Option<NaiveDateTime>,
    /// The request this principal acts in (for the audit trail).
    pub request_id: Option<String>,
}

impl Principal {
    /// Refuses with 403 unless the caller has at least `role`.
    pub fn require(&self, role: Role) -> AppResult<()> {
        if self.role >= role {
            Ok(())
        } else {
            Err(AppError::forbidden(format!(
                "this action needs the `{}` role; user `{}` has `{}`",
                role.as_str(),
                self.user.name,
                self.role.as_str()
            )))
        }
    }
}

/// Input for [`create_organization`].
#[derive(Debug, Clone)]
pub struct NewOrganization {
    pub slug: String,
    pub name: String,
    pub kind: OrganizationKind,
}

fn is_slug(value: &str) -> bool {
    let mut chars = value.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_lowercase() || c.is_ascii_digit())
        && value.len() <= 63
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

fn is_user_name(value: &str) -> bool {
    let mut chars = value.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_alphanumeric())
        && value.len() <= 64
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'))
}

fn check_display_name(field: &str, value: &str, errors: &mut Vec<FieldError>) {
    let trimmed = value.trim();
    if trimmed.is_empty() {
        errors.push(FieldError {
            field: field.into(),
            message: "must not be empty".into(),
        });
    } else if trimmed.chars().count() > 200 {
        errors.push(FieldError {
            field: field.into(),
            message: "must be at most 200 characters".into(),
        });
    }
}

pub fn create_organization(
    conn: &mut DbConnection,
    new: NewOrganization,
    actor: Option<&Principal>,
) -> AppResult<Organization> {
    let mut errors = Vec::new();
    if !is_slug(&new.slug) {
        errors.push(FieldError {
            field: "slug".into(),
            message: format!(
                "`{}` is not a slug: 1-63 lowercase letters, digits or hyphens, starting with a letter or digit",
                new.slug
            ),
        });
    }
    check_display_name("name", &new.name, &mut errors);
    if !errors.is_empty() {
        return Err(AppError::invalid(errors));
    }
    conn.write_transaction(|conn| {
        if rows::find_organization_by_slug(conn, &new.slug)?.is_some() {
            return Err(AppError::conflict(format!(
                "an organization with slug `{}` already exists",
                new.slug
            )));
        }
        let row = Organization {
            id: OrganizationId::new_random(),
            slug: new.slug.clone(),
            name: new.name.trim().to_string(),
            kind: new.kind.as_str().to_string(),
            created_at: now(),
        };
        rows::insert_organization(conn, &row)?;
        let id = row.id.to_string();
        let record = RecordRef {
            kind: "organization",
            id: &id,
            accession: Some(&row.slug),
        };
        audit::record(
            conn,
            actor,
            None,
            "organization.created",
            Some(record),
            json!({"name": row.name, "kind": row.kind}),
        )?;
        Ok(row)
    })
}

/// Finds an organisation by id or slug; 404 naming the reference when there is none.
pub fn find_organization(conn: &mut DbConnection, reference: &str) -> AppResult<Organization> {
    let found = match Uuid::parse_str(reference) {
        Ok(id) => rows::find_organization(conn, OrganizationId(id))?,
        Err(_) => rows::find_organization_by_slug(conn, reference)?,
    };
    found.ok_or_else(|| AppError::not_found(format!("organization `{reference}` does not exist")))
}

/// Resolves an optional organisation filter of a list; an unknown one is a 422 on `field`.
pub fn organization_filter(
    conn: &mut DbConnection,
    field: &str,
    reference: Option<&str>,
) -> AppResult<Option<OrganizationId>> {
    reference
        .map(|r| {
            find_organization(conn, r)
                .map(|o| o.id)
                .map_err(|e| AppError::invalid_field(field, e.detail))
        })
        .transpose()
}

/// Input for [`create_user`].
#[derive(Debug, Clone)]
pub struct NewUser {
    pub name: String,
    pub role: Role,
    /// Organisation id or slug; `None` means the registry's own organisation.
    pub organization: Option<String>,
}

pub fn create_user(
    conn: &mut DbConnection,
    new: NewUser,
    actor: Option<&Principal>,
) -> AppResult<(User, Organization)> {
    if !is_user_name(&new.name) {
        return Err(AppError::invalid_field(
            "name",
            format!(
                "`{}` is not a user name: 1-64 letters, digits, `.`, `_` or `-`, starting with a letter or digit",
                new.name
            ),
        ));
    }
    conn.write_transaction(|conn| {
        let reference = new.organization.as_deref().unwrap_or(REGISTRY_ORGANIZATION);
        let organization = find_organization(conn, reference).map_err(|_| {
            AppError::invalid_field("organization", format!("organization `{reference}` does not exist"))
        })?;
        if rows::find_user_by_name(conn, &new.name)?.is_some() {
            return Err(AppError::conflict(format!(
                "a user named `{}` already exists",
                new.name
            )));
        }
        let user = User {
            id: UserId::new_random(),
            name: new.name.clone(),
            role: new.role.as_str().to_string(),
            organization_id: organization.id,
            created_at: now(),
        };
        rows::insert_user(conn, &user)?;
        let id = user.id.to_string();
        let record = RecordRef {
            kind: "user",
            id: &id,
            accession: Some(&user.name),
        };
        let details = json!({"role": user.role, "organization": organization.slug});
        audit::record(conn, actor, None, "user.created", Some(record), details)?;
        Ok((user, organization))
    })
}

/// Finds a user by id or name; 404 naming the reference when there is none.
pub fn find_user(conn: &mut DbConnection, reference: &str) -> AppResult<User> {
    let found = match Uuid::parse_str(reference) {
        Ok(id) => rows::find_user(conn, UserId(id))?,
        Err(_) => rows::find_user_by_name(conn, reference)?,
    };
    found.ok_or_else(|| AppError::not_found(format!("user `{reference}` does not exist")))
}

/// A freshly issued token: the stored row and the secret, which is never stored or shown again.
#[derive(Debug, Clone)]
pub struct IssuedToken {
    pub token: ApiToken,
    pub secret: String,
}

/// SHA-256 of a token secret, lowercase hex.
pub fn hash_token(secret: &str) -> String {
    hex::encode(Sha256::digest(secret.as_bytes()))
}

fn generate_secret() -> String {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    format!("{TOKEN_PREFIX}{}", hex::encode(bytes))
}

pub fn issue_token(
    conn: &mut DbConnection,
    user_reference: &str,
    label: Option<String>,
    expires_at: Option<DateTime<Utc>>,
    actor: Option<&Principal>,
) -> AppResult<IssuedToken> {
    let label = label.map(|l| l.trim().to_string()).filter(|l| !l.is_empty());
    if label.as_ref().is_some_and(|l| l.chars().count() > 200) {
        return Err(AppError::invalid_field("label", "must be at most 200 characters"));
    }
    if let Some(expiry) = expires_at {
        if expiry <= Utc::now() {
            return Err(AppError::invalid_field(
                "expires_at",
                format!("{} is not in the future", expiry.to_rfc3339()),
            ));
        }
    }
    conn.write_transaction(|conn| {
        let user = find_user(conn, user_reference)?;
        let secret = generate_secret();
        let token = ApiToken {
            id: TokenId::new_random(),
            user_id: user.id,
            token_hash: hash_token(&secret),
            label: label.clone(),
            created_at: now(),
            expires_at: expires_at.map(|e| e.naive_utc()),
            revoked_at: None,
        };
        rows::insert_token(conn, &token)?;
        let id = token.id.to_string();
        let record = RecordRef {
            kind: "token",
            id: &id,
            accession: None,
        };
        let details = json!({"user": user.name, "label": token.label, "expires_at": token.expires_at});
        audit::record(conn, actor, None, "token.created", Some(record), details)?;
        Ok(IssuedToken { token, secret })
    })
}

/// Most live tokens a user may hold through self-service (each is a row and an index entry: a
/// user cannot grow the table without bound).
pub const MAX_OWN_TOKENS: i64 = 100;

/// Issues a token for the caller themselves (`POST /api/v1/me/tokens`). It always expires:
/// `default_days` from now unless `expires_at` says when, and never more than `max_days` away
/// (422 on `expires_at` otherwise). 409 when the caller already holds [`MAX_OWN_TOKENS`] live ones.
pub fn issue_own_token(
    conn: &mut DbConnection,
    principal: &Principal,
    label: Option<String>,
    expires_at: Option<DateTime<Utc>>,
    (default_days, max_days): (u32, u32),
) -> AppResult<IssuedToken> {
    let latest = Utc::now() + chrono::Duration::days(i64::from(max_days));
    let expires_at = match expires_at {
        Some(at) if at > latest => {
            return Err(AppError::invalid_field(
                "expires_at",
                format!(
                    "{} is more than {max_days} days away, the longest a token you create for yourself may last \
                     (BIOREG_SELF_TOKEN_MAX_DAYS)",
                    at.to_rfc3339()
                ),
            ))
        }
        Some(at) => at,
        None => Utc::now() + chrono::Duration::days(i64::from(default_days.min(max_days))),
    };
    conn.write_transaction(|conn| {
        let live = rows::count_live_tokens(conn, principal.user.id, now())?;
        if live >= MAX_OWN_TOKENS {
            return Err(AppError::conflict(format!(
                "you already hold {live} live tokens, the most one user may; revoke one you no longer use first"
            )));
        }
        issue_token(
            conn,
            &principal.user.id.to_string(),
            label,
            Some(expires_at),
            Some(principal),
        )
    })
}

/// A page of a user's tokens (metadata), oldest first, after the position `after`.
pub fn tokens_of(
    conn: &mut DbConnection,
    user: UserId,
    after: Option<&str>,
    limit: i64,
) -> AppResult<(Vec<ApiToken>, Option<String>)> {
    let after = after
        .map(crate::domain::cursor::decode)
        .transpose()?
        .map(|(at, id)| (at, TokenId(id)));
    let rows = rows::list_tokens_of_user(conn, user, after, limit + 1)?;
    Ok(crate::domain::cursor::split_page(rows, limit, |t| {
        crate::domain::cursor::encode(t.created_at, t.id)
    }))
}

/// Revokes one of the caller's own tokens; 404 for a token of anybody else (as for no token).
pub fn revoke_own_token(conn: &mut DbConnection, principal: &Principal, id: TokenId) -> AppResult<ApiToken> {
    let not_found = || AppError::not_found(format!("you have no token `{id}`"));
    let token = rows::find_token(conn, id)?.ok_or_else(not_found)?;
    if token.user_id != principal.user.id {
        return Err(not_found());
    }
    revoke_token(conn, id, Some(principal))
}

/// Resolves a presented secret to its caller; 401 when it is unknown, revoked or expired.
pub fn authenticate(conn: &mut DbConnection, secret: &str) -> AppResult<Principal> {
    let refused = || AppError::unauthorized("the bearer token is not valid");
    if !secret.starts_with(TOKEN_PREFIX) {
        return Err(refused());
    }
    // The lookup is by SHA-256 of the secret, so how long the index search takes says nothing
    // about the secret; the stored hash is then compared in constant time all the same.
    let hash = hash_token(secret);
    let (token, user, organization) = rows::find_token_by_hash(conn, &hash)?.ok_or_else(refused)?;
    if !bool::from(token.token_hash.as_bytes().ct_eq(hash.as_bytes())) {
        return Err(refused());
    }
    admit(token, user, organization)
}

/// The caller a found token stands for; 401 when the token is revoked or expired. Shared by
/// bearer authentication and the web pages' sessions, so both refuse the same tokens.
pub fn admit(token: ApiToken, user: User, organization: Organization) -> AppResult<Principal> {
    if token.revoked_at.is_some() {
        return Err(AppError::unauthorized("the bearer token has been revoked"));
    }
    if token.expires_at.is_some_and(|expiry| expiry <= now()) {
        return Err(AppError::unauthorized("the bearer token has expired"));
    }
    let role = Role::parse(&user.role)
        .ok_or_else(|| AppError::internal(format!("user {} has unknown role {}", user.id, user.role)))?;
    Ok(Principal {
        token_id: token.id,
        token_expires_at: token.expires_at,
        user,
        organization,
        role,
        request_id: None,
    })
}

/// Revokes a token; 404 when there is no such token, 409 when it was already revoked.
pub fn revoke_token(conn: &mut DbConnection, id: TokenId, actor: Option<&Principal>) -> AppResult<ApiToken> {
    conn.write_transaction(|conn| {
        let token =
            rows::find_token(conn, id)?.ok_or_else(|| AppError::not_found(format!("token `{id}` does not exist")))?;
        if token.revoked_at.is_some() {
            return Err(AppError::conflict(format!("token `{id}` is already revoked")));
        }
        let at = now();
        rows::revoke_token(conn, id, at)?;
        let token_id = id.to_string();
        let record = RecordRef {
            kind: "token",
            id: &token_id,
            accession: None,
        };
        audit::record(
            conn,
            actor,
            None,
            "token.revoked",
            Some(record),
            json!({"user_id": token.user_id}),
        )?;
        Ok(ApiToken {
            revoked_at: Some(at),
            ..token
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_are_ordered_by_rights() {
        assert!(Role::Admin > Role::Curator);
        assert!(Role::Curator > Role::Submitter);
        assert!(Role::Submitter > Role::Reader);
        for role in [Role::Reader, Role::Submitter, Role::Curator, Role::Admin] {
            assert_eq!(Role::parse(role.as_str()), Some(role));
        }
    }

    #[test]
    fn secrets_carry_256_bits_and_hash_deterministically() {
        let a = generate_secret();
        let b = generate_secret();
        assert_ne!(a, b);
        assert_eq!(a.len(), TOKEN_PREFIX.len() + 64);
        assert_eq!(hash_token(&a), hash_token(&a));
        assert_ne!(hash_token(&a), hash_token(&b));
        assert_eq!(hash_token(&a).len(), 64);
    }

    #[test]
    fn slugs_and_user_names() {
        assert!(is_slug("igem-hq"));
        assert!(is_slug("lab42"));
        assert!(!is_slug("-lab"));
        assert!(!is_slug("Lab"));
        assert!(!is_slug(""));
        assert!(is_user_name("alice.smith_2"));
        assert!(!is_user_name(".alice"));
        assert!(!is_user_name("al ice"));
    }
}
