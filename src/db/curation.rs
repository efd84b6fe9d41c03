//! Rows and queries of curation: the state columns of parts and strains, and the review thread.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::{parts, reviews, strains};
use super::types::{OrganizationId, PartId, ReviewId, StrainId, UserId};
use super::DbConnection;

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = reviews)]
pub struct ReviewRow {
    pub id: ReviewId,
    pub record_kind: String,
    pub record_id: String,
    pub revision: i32,
    /// submit, approve, request_changes, reject or withdraw.
    pub action: String,
    pub reason_code: Option<String>,
    pub comment: Option<String>,
    pub actor_id: UserId,
    pub at: NaiveDateTime,
}

pub fn insert_review(conn: &mut DbConnection, row: &ReviewRow) -> QueryResult<()> {
    diesel::insert_into(reviews::table)
        .values(row)
        .execute(conn)
        .map(|_| ())
}

pub fn reviews_of(conn: &mut DbConnection, kind: &str, id: &str) -> QueryResult<Vec<ReviewRow>> {
    reviews::table
        .filter(reviews::record_kind.eq(kind))
        .filter(reviews::record_id.eq(id))
        .order((reviews::at.asc(), reviews::id.asc()))
        .select(ReviewRow::as_select())
        .load(conn)
}

/// The new curation columns of a record.
#[derive(Debug, Clone)]
pub struct CurationUpdate {
    pub state: String,
    pub published_revision: Option<i32>,
    pub submitted_at: Option<NaiveDateTime>,
}

pub fn set_part_curation(conn: &mut DbConnection, id: PartId, update: &CurationUpdate) -> QueryResult<()> {
    diesel::update(parts::table.find(id))
        .set((
            parts::curation_state.eq(&update.state),
            parts::published_revision.eq(update.published_revision),
            parts::submitted_at.eq(update.submitted_at),
        ))
        .execute(conn)?;
    super::search::record_change(conn, id)
}

pub fn set_strain_curation(conn: &mut DbConnection, id: StrainId, update: &CurationUpdate) -> QueryResult<()> {
    diesel::update(strains::table.find(id))
        .set((
            strains::curation_state.eq(&update.state),
            strains::published_revision.eq(update.published_revision),
            strains::submitted_at.eq(update.submitted_at),
        ))
        .execute(conn)
        .map(|_| ())
}

/// A record waiting for review.
#[derive(Debug, Clone)]
pub struct QueueRow {
    pub kind: &'static str,
    pub id: String,
    pub accession: String,
    pub name: String,
    pub owner_org_id: OrganizationId,
    pub submitted_at: NaiveDateTime,
    pub revision: i32,
}

/// Submitted parts and strains (optionally of one kind and one organisation), oldest first.
pub fn queue(
    conn: &mut DbConnection,
    kind: Option<&str>,
    organization: Option<OrganizationId>,
    limit: i64,
) -> QueryResult<Vec<QueueRow>> {
    let mut queued = Vec::new();
    if kind.is_none_or(|k| k == "part") {
        let mut query = parts::table
            .filter(parts::curation_state.eq("submitted"))
            .select((
                parts::id,
                parts::accession,
                parts::name,
                parts::owner_org_id,
                parts::submitted_at,
                parts::revision,
            ))
            .into_boxed();
        if let Some(org) = organization {
            query = query.filter(parts::owner_org_id.eq(org));
        }
        let rows: Vec<(PartId, String, String, OrganizationId, Option<NaiveDateTime>, i32)> =
            query.order(parts::submitted_at.asc()).limit(limit).load(conn)?;
        queued.extend(
            rows.into_iter()
                .map(|(id, accession, name, owner_org_id, at, revision)| QueueRow {
                    kind: "part",
                    id: id.to_string(),
                    accession,
                    name,
                    owner_org_id,
                    submitted_at: at.unwrap_or_default(),
                    revision,
                }),
        );
    }
    if kind.is_none_or(|k| k == "strain") {
        let mut query = strains::table
            .filter(strains::curation_state.eq("submitted"))
            .select((
                strains::id,
                strains::accession,
                strains::name,
                strains::owner_org_id,
                strains::submitted_at,
                strains::revision,
            ))
            .into_boxed();
        if let Some(org) = organization {
            query = query.filter(strains::owner_org_id.eq(org));
        }
        let rows: Vec<(StrainId, String, String, OrganizationId, Option<NaiveDateTime>, i32)> =
            query.order(strains::submitted_at.asc()).limit(limit).load(conn)?;
        queued.extend(
            rows.into_iter()
                .map(|(id, accession, name, owner_org_id, at, revision)| QueueRow {
                    kind: "strain",
                    id: id.to_string(),
                    accession,
                    name,
                    owner_org_id,
                    submitted_at: at.unwrap_or_default(),
                    revision,
                }),
        );
    }
    queued.sort_by(|a, b| {
        a.submitted_at
            .cmp(&b.submitted_at)
            .then_with(|| a.accession.cmp(&b.accession))
    });
    queued.truncate(usize::try_from(limit).unwrap_or(usize::MAX));
    Ok(queued)
}
