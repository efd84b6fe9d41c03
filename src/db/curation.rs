//! Rows and queries of curation: the state columns of parts and strains, and the review thread.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::{parts, reviews, strains};
use super::types::{ImportId, OrganizationId, PartId, ReviewId, StrainId, UserId};
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

/// Appends many review entries with multi-row statements, as [`super::audit::insert_events`] does.
pub fn insert_reviews(conn: &mut DbConnection, entries: &[ReviewRow]) -> QueryResult<()> {
    match conn {
        DbConnection::Postgres(pg) => {
            for chunk in entries.chunks(500) {
                diesel::insert_into(reviews::table).values(chunk).execute(pg)?;
            }
        }
        DbConnection::Sqlite(sqlite) => {
            for chunk in entries.chunks(100) {
                diesel::insert_into(reviews::table).values(chunk).execute(sqlite)?;
            }
        }
    }
    Ok(())
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
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct CurationUpdate {
    pub state: String,
    pub published_revision: Option<i32>,
    pub submitted_at: Option<NaiveDateTime>,
}

/// Writes the curation columns of parts: records given the same columns are updated together,
/// 500 a statement, and each part's change goes to the sequence feed.
pub fn set_parts_curation(conn: &mut DbConnection, updates: &[(PartId, CurationUpdate)]) -> QueryResult<()> {
    let mut groups: std::collections::HashMap<&CurationUpdate, Vec<PartId>> = std::collections::HashMap::new();
    for (id, update) in updates {
        groups.entry(update).or_default().push(*id);
    }
    for (update, ids) in groups {
        for chunk in ids.chunks(500) {
            diesel::update(parts::table.filter(parts::id.eq_any(chunk)))
                .set((
                    parts::curation_state.eq(&update.state),
                    parts::published_revision.eq(update.published_revision),
                    parts::submitted_at.eq(update.submitted_at),
                ))
                .execute(conn)?;
        }
    }
    let ids: Vec<PartId> = updates.iter().map(|(id, _)| *id).collect();
    super::search::record_changes(conn, &ids)
}

/// Writes the curation columns of strains, as [`set_parts_curation`] does.
pub fn set_strains_curation(conn: &mut DbConnection, updates: &[(StrainId, CurationUpdate)]) -> QueryResult<()> {
    let mut groups: std::collections::HashMap<&CurationUpdate, Vec<StrainId>> = std::collections::HashMap::new();
    for (id, update) in updates {
        groups.entry(update).or_default().push(*id);
    }
    for (update, ids) in groups {
        for chunk in ids.chunks(500) {
            diesel::update(strains::table.filter(strains::id.eq_any(chunk)))
                .set((
                    strains::curation_state.eq(&update.state),
                    strains::published_revision.eq(update.published_revision),
                    strains::submitted_at.eq(update.submitted_at),
                ))
                .execute(conn)?;
        }
    }
    Ok(())
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

/// Submitted parts (optionally of one organisation, one import) after `(submitted_at, accession)`
/// `after`, oldest first: a range of `parts_curation_queue`, of `parts_curation_owner` with an
/// organisation, of `parts_import_queue` with an import (its plan is tested).
pub fn queued_parts_query(
    organization: Option<OrganizationId>,
    import: Option<ImportId>,
    after: Option<&(NaiveDateTime, String)>,
    limit: i64,
) -> parts::BoxedQuery<'static, super::Db> {
    let mut query = parts::table.filter(parts::curation_state.eq("submitted")).into_boxed();
    if let Some(import) = import {
        query = query.filter(parts::import_id.eq(import));
    }
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

/// Submitted strains after `(submitted_at, accession)` `after`, oldest first, like
/// [`queued_parts_query`] (its plan is tested).
pub fn queued_strains_query(
    organization: Option<OrganizationId>,
    import: Option<ImportId>,
    after: Option<&(NaiveDateTime, String)>,
    limit: i64,
) -> strains::BoxedQuery<'static, super::Db> {
    let mut query = strains::table
        .filter(strains::curation_state.eq("submitted"))
        .into_boxed();
    if let Some(import) = import {
        query = query.filter(strains::import_id.eq(import));
    }
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
    import: Option<ImportId>,
    after: Option<&(NaiveDateTime, String)>,
    limit: i64,
) -> QueryResult<Vec<QueueRow>> {
    let mut queued = Vec::new();
    if kind.is_none_or(|k| k == "part") {
        let rows: Vec<(PartId, String, String, OrganizationId, Option<NaiveDateTime>, i32)> =
            queued_parts_query(organization, import, after, limit)
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
            queued_strains_query(organization, import, after, limit)
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

/// The position of a record in the queue: `(submitted_at, accession)`.
pub type QueuePosition = (NaiveDateTime, String);

/// Ids and queue positions of up to `limit` submitted parts of `import` after `after`, oldest
/// first (a range of `parts_import_queue`).
pub fn queued_part_keys(
    conn: &mut DbConnection,
    import: ImportId,
    after: Option<&QueuePosition>,
    limit: i64,
) -> QueryResult<Vec<(PartId, QueuePosition)>> {
    let rows: Vec<(PartId, Option<NaiveDateTime>, String)> = queued_parts_query(None, Some(import), after, limit)
        .select((parts::id, parts::submitted_at, parts::accession))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(id, at, accession)| (id, (at.unwrap_or_default(), accession)))
        .collect())
}

/// [`queued_part_keys`] for strains (`strains_import_queue`).
pub fn queued_strain_keys(
    conn: &mut DbConnection,
    import: ImportId,
    after: Option<&QueuePosition>,
    limit: i64,
) -> QueryResult<Vec<(StrainId, QueuePosition)>> {
    let rows: Vec<(StrainId, Option<NaiveDateTime>, String)> = queued_strains_query(None, Some(import), after, limit)
        .select((strains::id, strains::submitted_at, strains::accession))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(id, at, accession)| (id, (at.unwrap_or_default(), accession)))
        .collect())
}

/// How many parts of `import` are submitted after `after` (a count over the rest of the range of
/// `parts_import_queue` that a batch decision did not reach).
pub fn count_queued_parts(
    conn: &mut DbConnection,
    import: ImportId,
    after: Option<&QueuePosition>,
) -> QueryResult<i64> {
    let mut query = parts::table
        .filter(parts::curation_state.eq("submitted"))
        .filter(parts::import_id.eq(import))
        .into_boxed();
    if let Some((at, accession)) = after {
        query = query
            .filter(parts::submitted_at.ge(*at))
            .filter(parts::submitted_at.gt(*at).or(parts::accession.gt(accession.clone())));
    }
    query.count().get_result(conn)
}

/// [`count_queued_parts`] for strains.
pub fn count_queued_strains(
    conn: &mut DbConnection,
    import: ImportId,
    after: Option<&QueuePosition>,
) -> QueryResult<i64> {
    let mut query = strains::table
        .filter(strains::curation_state.eq("submitted"))
        .filter(strains::import_id.eq(import))
        .into_boxed();
    if let Some((at, accession)) = after {
        query = query.filter(strains::submitted_at.ge(*at)).filter(
            strains::submitted_at
                .gt(*at)
                .or(strains::accession.gt(accession.clone())),
        );
    }
    query.count().get_result(conn)
}

/// Parts of `import` in curation state `state` with an accession after `after`, by accession:
/// the range `(import_id, curation_state)` of `parts_import_queue`, sorted (its plan is tested).
pub fn import_parts_in_state_query(
    import: ImportId,
    state: &str,
    after: Option<&str>,
    limit: i64,
) -> parts::BoxedQuery<'static, super::Db> {
    let mut query = parts::table
        .filter(parts::import_id.eq(import))
        .filter(parts::curation_state.eq(state.to_string()))
        .into_boxed();
    if let Some(accession) = after {
        query = query.filter(parts::accession.gt(accession.to_string()));
    }
    query.order(parts::accession.asc()).limit(limit)
}

/// [`import_parts_in_state_query`] for strains (`strains_import_queue`).
pub fn import_strains_in_state_query(
    import: ImportId,
    state: &str,
    after: Option<&str>,
    limit: i64,
) -> strains::BoxedQuery<'static, super::Db> {
    let mut query = strains::table
        .filter(strains::import_id.eq(import))
        .filter(strains::curation_state.eq(state.to_string()))
        .into_boxed();
    if let Some(accession) = after {
        query = query.filter(strains::accession.gt(accession.to_string()));
    }
    query.order(strains::accession.asc()).limit(limit)
}

/// Ids and accessions of up to `limit` parts of `import` in `state` after accession `after`.
pub fn import_part_keys(
    conn: &mut DbConnection,
    import: ImportId,
    state: &str,
    after: Option<&str>,
    limit: i64,
) -> QueryResult<Vec<(PartId, String)>> {
    import_parts_in_state_query(import, state, after, limit)
        .select((parts::id, parts::accession))
        .load(conn)
}

/// [`import_part_keys`] for strains.
pub fn import_strain_keys(
    conn: &mut DbConnection,
    import: ImportId,
    state: &str,
    after: Option<&str>,
    limit: i64,
) -> QueryResult<Vec<(StrainId, String)>> {
    import_strains_in_state_query(import, state, after, limit)
        .select((strains::id, strains::accession))
        .load(conn)
}

/// The queue of parts counted per organisation: the range `submitted` of `parts_curation_owner`,
/// grouped in index order (its plan is tested).
pub fn queued_parts_per_organization(conn: &mut DbConnection) -> QueryResult<Vec<(OrganizationId, i64)>> {
    parts::table
        .filter(parts::curation_state.eq("submitted"))
        .group_by(parts::owner_org_id)
        .select((parts::owner_org_id, diesel::dsl::count_star()))
        .order(parts::owner_org_id.asc())
        .load(conn)
}

/// [`queued_parts_per_organization`] for strains (`strains_curation_owner`).
pub fn queued_strains_per_organization(conn: &mut DbConnection) -> QueryResult<Vec<(OrganizationId, i64)>> {
    strains::table
        .filter(strains::curation_state.eq("submitted"))
        .group_by(strains::owner_org_id)
        .select((strains::owner_org_id, diesel::dsl::count_star()))
        .order(strains::owner_org_id.asc())
        .load(conn)
}

/// Marks the strains an import registered as its own (in the import's transaction), 500 ids a
/// statement. (An import's parts carry `import_id` from their insert: `domain::parts::bulk`.)
pub fn tag_import(conn: &mut DbConnection, import: ImportId, strains: &[StrainId]) -> QueryResult<()> {
    for chunk in strains.chunks(500) {
        diesel::update(strains::table.filter(strains::id.eq_any(chunk)))
            .set(strains::import_id.eq(Some(import)))
            .execute(conn)?;
    }
    Ok(())
}

/// How many parts of `import` are in `state` with an accession after `after`.
pub fn count_import_parts_in_state(
    conn: &mut DbConnection,
    import: ImportId,
    state: &str,
    after: Option<&str>,
) -> QueryResult<i64> {
    let mut query = parts::table
        .filter(parts::import_id.eq(import))
        .filter(parts::curation_state.eq(state.to_string()))
        .into_boxed();
    if let Some(accession) = after {
        query = query.filter(parts::accession.gt(accession.to_string()));
    }
    query.count().get_result(conn)
}

/// [`count_import_parts_in_state`] for strains.
pub fn count_import_strains_in_state(
    conn: &mut DbConnection,
    import: ImportId,
    state: &str,
    after: Option<&str>,
) -> QueryResult<i64> {
    let mut query = strains::table
        .filter(strains::import_id.eq(import))
        .filter(strains::curation_state.eq(state.to_string()))
        .into_boxed();
    if let Some(accession) = after {
        query = query.filter(strains::accession.gt(accession.to_string()));
    }
    query.count().get_result(conn)
}
