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

/// Up to `limit` entries of a record's review thread after `(at, id)` `after`, oldest first (a
/// range of the index `(record_kind, record_id, at, id)`).
pub fn reviews_page(
    conn: &mut DbConnection,
    kind: &str,
    id: &str,
    after: Option<(NaiveDateTime, ReviewId)>,
    limit: i64,
) -> QueryResult<Vec<ReviewRow>> {
    reviews_query(kind, id, after, limit)
        .select(ReviewRow::as_select())
        .load(conn)
}

/// The query of [`reviews_page`] (its plan is tested).
pub fn reviews_query(
    kind: &str,
    id: &str,
    after: Option<(NaiveDateTime, ReviewId)>,
    limit: i64,
) -> reviews::BoxedQuery<'static, super::Db> {
    let mut query = reviews::table
        .filter(reviews::record_kind.eq(kind.to_string()))
        .filter(reviews::record_id.eq(id.to_string()))
        .into_boxed();
    if let Some((at, review)) = after {
        query = query
            .filter(reviews::at.ge(at))
            .filter(reviews::at.gt(at).or(reviews::id.gt(review)));
    }
    query.order((reviews::at.asc(), reviews::id.asc())).limit(limit)
}

/// Every entry of a record's review thread, oldest first.
pub fn reviews_of(conn: &mut DbConnection, kind: &str, id: &str) -> QueryResult<Vec<ReviewRow>> {
    reviews_page(conn, kind, id, None, i64::MAX)
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
/// Submitted parts after `(submitted_at, accession)` `after`, oldest first (its plan is tested).
pub fn queued_parts_query(
    organization: Option<OrganizationId>,
    after: Option<&(NaiveDateTime, String)>,
    limit: i64,
) -> parts::BoxedQuery<'static, super::Db> {
    let mut query = parts::table.filter(parts::curation_state.eq("submitted")).into_boxed();
    if let Some(org) = organization {
        query = query.filter(parts::owner_org_id.eq(org));
    }
    if let Some((at, accession)) = after {
        query = query
            .filter(parts::submitted_at.ge(*at))
            .filter(parts::submitted_at.gt(*at).or(parts::accession.gt(accession.clone())));
    }
    query
        .order((parts::submitted_at.asc(), parts::accession.asc()))
        .limit(limit)
}

/// Submitted strains after `(submitted_at, accession)` `after`, oldest first (its plan is tested).
pub fn queued_strains_query(
    organization: Option<OrganizationId>,
    after: Option<&(NaiveDateTime, String)>,
    limit: i64,
) -> strains::BoxedQuery<'static, super::Db> {
    let mut query = strains::table
        .filter(strains::curation_state.eq("submitted"))
        .into_boxed();
    if let Some(org) = organization {
        query = query.filter(strains::owner_org_id.eq(org));
    }
    if let Some((at, accession)) = after {
        query = query.filter(strains::submitted_at.ge(*at)).filter(
            strains::submitted_at
                .gt(*at)
                .or(strains::accession.gt(accession.clone())),
        );
    }
    query
        .order((strains::submitted_at.asc(), strains::accession.asc()))
        .limit(limit)
}

/// Up to `limit` submitted records (parts and strains merged), oldest submission first, then by
/// accession, after `(submitted_at, accession)` `after`: at most `limit` rows of each table, each a
/// range of its `(curation_state, submitted_at)` index.
pub fn queue(
    conn: &mut DbConnection,
    kind: Option<&str>,
    organization: Option<OrganizationId>,
    after: Option<&(NaiveDateTime, String)>,
    limit: i64,
) -> QueryResult<Vec<QueueRow>> {
    let mut queued = Vec::new();
    if kind.is_none_or(|k| k == "part") {
        let rows: Vec<(PartId, String, String, OrganizationId, Option<NaiveDateTime>, i32)> =
            queued_parts_query(organization, after, limit)
                .select((
                    parts::id,
                    parts::accession,
                    parts::name,
                    parts::owner_org_id,
                    parts::submitted_at,
                    parts::revision,
                ))
                .load(conn)?;
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
        let rows: Vec<(StrainId, String, String, OrganizationId, Option<NaiveDateTime>, i32)> =
            queued_strains_query(organization, after, limit)
                .select((
                    strains::id,
                    strains::accession,
                    strains::name,
                    strains::owner_org_id,
                    strains::submitted_at,
                    strains::revision,
                ))
                .load(conn)?;
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
