//! Owns the seed data in `seeds/`: read at compile time, upserted by natural key in one
//! transaction, so loading twice changes nothing.

use serde::Deserialize;

use crate::db::accounts::{self as rows, Organization};
use crate::db::DbConnection;
use crate::error::{AppError, AppResult};

use super::accounts::OrganizationKind;

const ORGANIZATIONS: &str = include_str!("../../seeds/organizations.json");

#[derive(Debug, Deserialize)]
struct SeedOrganization {
    slug: String,
    name: String,
    kind: OrganizationKind,
}

/// Upserts every seed record.
pub fn load(conn: &mut DbConnection) -> AppResult<()> {
    let organizations: Vec<SeedOrganization> = serde_json::from_str(ORGANIZATIONS)
        .map_err(|e| AppError::internal(format!("seeds/organizations.json: {e}")))?;
    conn.write_transaction(|conn| {
        for seed in &organizations {
            match rows::find_organization_by_slug(conn, &seed.slug)? {
                Some(existing) if existing.name == seed.name && existing.kind == seed.kind.as_str() => {}
                Some(existing) => {
                    rows::update_organization_name_kind(conn, existing.id, &seed.name, seed.kind.as_str())?
                }
                None => rows::insert_organization(
                    conn,
                    &Organization {
                        id: crate::db::types::OrganizationId::new_random(),
                        slug: seed.slug.clone(),
                        name: seed.name.clone(),
                        kind: seed.kind.as_str().to_string(),
                        created_at: crate::db::now(),
                    },
                )?,
            }
        }
        Ok(())
    })
}
