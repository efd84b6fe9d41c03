//! Owns reading query plans: `EXPLAIN` of a query diesel builds, on either backend, as lines of
//! text. The plan tests (`tests/api/plans.rs`) read the plan of every list query the API can build
//! and fail on a scan of a large table.

use diesel::query_builder::{AstPass, Query, QueryFragment, QueryId};
use diesel::sql_types::{Integer, Text};
use diesel::{QueryResult, RunQueryDsl};

use super::{Db, DbConnection};

/// `EXPLAIN` (PostgreSQL, one text line per row) of a query.
struct ExplainPostgres<Q>(Q);

/// `EXPLAIN QUERY PLAN` (SQLite: id, parent, unused, detail per row) of a query.
struct ExplainSqlite<Q>(Q);

impl<Q: QueryFragment<Db>> QueryFragment<Db> for ExplainPostgres<Q> {
    fn walk_ast<'b>(&'b self, mut out: AstPass<'_, 'b, Db>) -> QueryResult<()> {
        out.push_sql("EXPLAIN ");
        self.0.walk_ast(out.reborrow())
    }
}

impl<Q: QueryFragment<Db>> QueryFragment<Db> for ExplainSqlite<Q> {
    fn walk_ast<'b>(&'b self, mut out: AstPass<'_, 'b, Db>) -> QueryResult<()> {
        out.push_sql("EXPLAIN QUERY PLAN ");
        self.0.walk_ast(out.reborrow())
    }
}

impl<Q> QueryId for ExplainPostgres<Q> {
    type QueryId = ();
    const HAS_STATIC_QUERY_ID: bool = false;
}

impl<Q> QueryId for ExplainSqlite<Q> {
    type QueryId = ();
    const HAS_STATIC_QUERY_ID: bool = false;
}

impl<Q> Query for ExplainPostgres<Q> {
    type SqlType = Text;
}

impl<Q> Query for ExplainSqlite<Q> {
    type SqlType = (Integer, Integer, Integer, Text);
}

impl<Q> RunQueryDsl<DbConnection> for ExplainPostgres<Q> {}
impl<Q> RunQueryDsl<DbConnection> for ExplainSqlite<Q> {}

/// The plan of `query` as the database would run it with its bound values: PostgreSQL's
/// `EXPLAIN` lines, or SQLite's `EXPLAIN QUERY PLAN` details indented by depth.
pub fn plan<Q: QueryFragment<Db>>(conn: &mut DbConnection, query: Q) -> QueryResult<Vec<String>> {
    match conn {
        DbConnection::Postgres(_) => ExplainPostgres(query).load::<String>(conn),
        DbConnection::Sqlite(_) => {
            let rows = ExplainSqlite(query).load::<(i32, i32, i32, String)>(conn)?;
            let mut depth: std::collections::HashMap<i32, usize> = std::collections::HashMap::new();
            Ok(rows
                .into_iter()
                .map(|(id, parent, _, detail)| {
                    let level = depth.get(&parent).map_or(0, |d| d + 1);
                    depth.insert(id, level);
                    format!("{}{detail}", "  ".repeat(level))
                })
                .collect())
        }
    }
}
