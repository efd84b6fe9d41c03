//! Rows of stored imports (`imports`).

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::imports;
use super::types::{ImportId, OrganizationId, UserId};
use super::DbConnection;

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = imports)]
pub struct ImportRow {
    pub id: ImportId,
    pub kind: String,
    pub format: String,
    pub file_name: Option<String>,
    pub sha256: String,
    pub created_by: UserId,
    pub owner_org_id: OrganizationId,
    pub created_at: NaiveDateTime,
    pub record_count: i32,
    /// JSON: the import report.
    pub report: String,
}

pub fn insert_import(conn: &mut DbConnection, row: &ImportRow) -> QueryResult<()> {
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
