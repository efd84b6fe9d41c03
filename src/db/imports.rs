//! Rows of imports (`imports`: every stored import and every import job, with its state) and the
//! files of jobs waiting to run (`import_files`).
//!
//! Every change of a job's state is a conditional `UPDATE … WHERE state = <expected>` whose count of
//! rows tells whether it happened, so two instances can never both claim, finish or fail one job.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::{import_files, imports};
use super::types::{ImportId, OrganizationId, TokenId, UserId};
use super::DbConnection;

/// The states of a job, as stored.
pub mod state {
    pub const QUEUED: &str = "queued";
    pub const RUNNING: &str = "running";
    pub const SUCCEEDED: &str = "succeeded";
    pub const FAILED: &str = "failed";
}

/// One import, without its report (what a list shows).
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = imports)]
pub struct ImportSummaryRow {
    pub id: ImportId,
    pub kind: String,
    pub format: String,
    pub file_name: Option<String>,
    pub sha256: String,
    pub created_by: UserId,
    pub owner_org_id: OrganizationId,
    pub created_at: NaiveDateTime,
    pub state: String,
    pub dry_run: bool,
    /// JSON: what to run ([`crate::domain::import_jobs`]'s options).
    pub options: Option<String>,
    pub token_id: Option<TokenId>,
    pub idempotency_key: Option<String>,
    pub started_at: Option<NaiveDateTime>,
    pub finished_at: Option<NaiveDateTime>,
    pub heartbeat_at: Option<NaiveDateTime>,
    pub records_total: Option<i32>,
    pub records_checked: i32,
    pub records_stored: i32,
    /// JSON: the problem a failed job ended with.
    pub error: Option<String>,
}

/// One import with its report (JSON), when it has one.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = imports)]
pub struct ImportRow {
    #[diesel(embed)]
    pub summary: ImportSummaryRow,
    pub report: Option<String>,
}

/// A new row: an import stored at once, or a queued job.
#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = imports)]
pub struct NewImport {
    #[diesel(embed)]
    pub summary: ImportSummaryRow,
    pub report: Option<String>,
}

/// How a job ended (`None` fields are left as they are).
#[derive(Debug, Clone, AsChangeset)]
#[diesel(table_name = imports)]
pub struct Finish {
    pub state: String,
    pub finished_at: Option<NaiveDateTime>,
    pub records_total: Option<i32>,
    pub records_checked: Option<i32>,
    pub records_stored: Option<i32>,
    pub report: Option<String>,
    pub error: Option<String>,
}

pub fn insert_import(conn: &mut DbConnection, row: &NewImport) -> QueryResult<()> {
    diesel::insert_into(imports::table)
        .values(row)
        .execute(conn)
        .map(|_| ())
}

pub fn find_import(conn: &mut DbConnection, id: ImportId) -> QueryResult<Option<ImportRow>> {
    imports::table
        .find(id)
        .select(ImportRow::as_select())
        .first(conn)
        .optional()
}

/// The import `user` made with an `Idempotency-Key`.
pub fn find_by_idempotency_key(conn: &mut DbConnection, user: UserId, key: &str) -> QueryResult<Option<ImportRow>> {
    imports::table
        .filter(imports::created_by.eq(user))
        .filter(imports::idempotency_key.eq(key))
        .select(ImportRow::as_select())
        .first(conn)
        .optional()
}

/// Jobs of `user` not yet ended.
pub fn count_pending(conn: &mut DbConnection, user: UserId) -> QueryResult<i64> {
    imports::table
        .filter(imports::state.eq_any([state::QUEUED, state::RUNNING]))
        .filter(imports::created_by.eq(user))
        .count()
        .get_result(conn)
}

pub fn insert_file(conn: &mut DbConnection, id: ImportId, content: &[u8]) -> QueryResult<()> {
    diesel::insert_into(import_files::table)
        .values((import_files::import_id.eq(id), import_files::content.eq(content)))
        .execute(conn)
        .map(|_| ())
}

pub fn read_file(conn: &mut DbConnection, id: ImportId) -> QueryResult<Option<Vec<u8>>> {
    import_files::table
        .find(id)
        .select(import_files::content)
        .first(conn)
        .optional()
}

pub fn delete_file(conn: &mut DbConnection, id: ImportId) -> QueryResult<()> {
    diesel::delete(import_files::table.find(id)).execute(conn).map(|_| ())
}

/// The oldest queued jobs, first come first served.
pub fn queued(conn: &mut DbConnection, limit: i64) -> QueryResult<Vec<ImportId>> {
    imports::table
        .filter(imports::state.eq(state::QUEUED))
        .order((imports::created_at.asc(), imports::id.asc()))
        .select(imports::id)
        .limit(limit)
        .load(conn)
}

/// Moves a queued job to running with a fresh lease; false when another instance took it first.
pub fn claim(conn: &mut DbConnection, id: ImportId, at: NaiveDateTime) -> QueryResult<bool> {
    diesel::update(imports::table.find(id).filter(imports::state.eq(state::QUEUED)))
        .set((
            imports::state.eq(state::RUNNING),
            imports::started_at.eq(Some(at)),
            imports::heartbeat_at.eq(Some(at)),
        ))
        .execute(conn)
        .map(|n| n == 1)
}

/// Renews a running job's lease and records its progress; false when it is no longer running.
pub fn heartbeat(
    conn: &mut DbConnection,
    id: ImportId,
    at: NaiveDateTime,
    total: Option<i32>,
    checked: i32,
) -> QueryResult<bool> {
    diesel::update(imports::table.find(id).filter(imports::state.eq(state::RUNNING)))
        .set((
            imports::heartbeat_at.eq(Some(at)),
            imports::records_total.eq(total),
            imports::records_checked.eq(checked),
        ))
        .execute(conn)
        .map(|n| n == 1)
}

/// Ends a running job; false when it was not running (another instance failed it).
pub fn finish(conn: &mut DbConnection, id: ImportId, finish: &Finish) -> QueryResult<bool> {
    diesel::update(imports::table.find(id).filter(imports::state.eq(state::RUNNING)))
        .set(finish)
        .execute(conn)
        .map(|n| n == 1)
}

/// Running jobs whose lease was last renewed before `cutoff`.
pub fn expired(conn: &mut DbConnection, cutoff: NaiveDateTime) -> QueryResult<Vec<ImportId>> {
    imports::table
        .filter(imports::state.eq(state::RUNNING))
        .filter(imports::heartbeat_at.lt(cutoff).or(imports::heartbeat_at.is_null()))
        .select(imports::id)
        .load(conn)
}

/// Fails a running job whose lease expired before `cutoff`; false when it was renewed or ended meanwhile.
pub fn fail_expired(
    conn: &mut DbConnection,
    id: ImportId,
    cutoff: NaiveDateTime,
    finish: &Finish,
) -> QueryResult<bool> {
    diesel::update(
        imports::table
            .find(id)
            .filter(imports::state.eq(state::RUNNING))
            .filter(imports::heartbeat_at.lt(cutoff).or(imports::heartbeat_at.is_null())),
    )
    .set(finish)
    .execute(conn)
    .map(|n| n == 1)
}

/// What a list of imports is restricted to.
#[derive(Debug, Clone, Default)]
pub struct ImportFilter {
    /// One organisation's imports; `None`: everyone's.
    pub owner_org_id: Option<OrganizationId>,
    pub state: Option<String>,
    pub kind: Option<String>,
    /// Created strictly after / before.
    pub created_after: Option<NaiveDateTime>,
    pub created_before: Option<NaiveDateTime>,
}

/// A page of imports, newest first, after the `(created_at, id)` of the last one shown.
pub fn list_imports(
    conn: &mut DbConnection,
    filter: &ImportFilter,
    after: Option<(NaiveDateTime, ImportId)>,
    limit: i64,
) -> QueryResult<Vec<ImportSummaryRow>> {
    list_query(filter, after, limit).load(conn)
}

/// The query of [`list_imports`] (also for reading its plan, `db::explain`). Each filter is the
/// leading column of an index in `(created_at, id)` order (migration 000019), walked backwards; a
/// later page seeks to its cursor.
pub fn list_query(
    filter: &ImportFilter,
    after: Option<(NaiveDateTime, ImportId)>,
    limit: i64,
) -> diesel::dsl::Limit<
    diesel::dsl::Select<imports::BoxedQuery<'static, super::Db>, diesel::dsl::AsSelect<ImportSummaryRow, super::Db>>,
> {
    let mut query = imports::table.into_boxed();
    if let Some(org) = filter.owner_org_id {
        query = query.filter(imports::owner_org_id.eq(org));
    }
    if let Some(state) = &filter.state {
        query = query.filter(imports::state.eq(state.clone()));
    }
    if let Some(kind) = &filter.kind {
        query = query.filter(imports::kind.eq(kind.clone()));
    }
    if let Some(at) = filter.created_after {
        query = query.filter(imports::created_at.gt(at));
    }
    if let Some(at) = filter.created_before {
        query = query.filter(imports::created_at.lt(at));
    }
    if let Some((at, id)) = after {
        // A range both planners seek: `created_at <= at` bounds the index walk.
        query = query.filter(
            imports::created_at
                .le(at)
                .and(imports::created_at.lt(at).or(imports::id.lt(id))),
        );
    }
    query
        .order((imports::created_at.desc(), imports::id.desc()))
        .select(ImportSummaryRow::as_select())
        .limit(limit)
}
