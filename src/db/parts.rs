//! Rows and queries of the part library: `parts`, their sequences, aliases, tags, hosts and
//! composite structure, and the accession counters.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::{accession_counters, part_aliases, part_components, part_hosts, part_tags, parts, sequences};
use super::types::{ImportId, OrganizationId, PartId, UserId};
use super::{octet_length, DbConnection};

/// A boxed query over `parts` narrowed to what a viewer in `scope` may see (the SQL side of
/// `visibility::sees_any`).
macro_rules! in_scope {
    ($query:expr, $scope:expr) => {{
        use crate::domain::visibility::ListScope;
        let query = $query;
        match $scope {
            ListScope::Everything => query,
            ListScope::Published => query.filter(parts::published_revision.is_not_null()),
            ListScope::PublishedOrOwnedBy(org) => {
                query.filter(parts::published_revision.is_not_null().or(parts::owner_org_id.eq(org)))
            }
            ListScope::AllButDraftsOfOthers(org) => query.filter(
                parts::published_revision
                    .is_not_null()
                    .or(parts::owner_org_id.eq(org))
                    .or(parts::curation_state.ne("draft")),
            ),
        }
    }};
}

/// A part record without its sequence (kept once in `sequences`, named by `sequence_id`).
#[derive(Debug, Clone, Queryable, Selectable, Insertable, AsChangeset, Identifiable)]
#[diesel(table_name = parts, treat_none_as_null = true, treat_none_as_default_value = false)]
pub struct PartRow {
    pub id: PartId,
    pub accession: String,
    pub name: String,
    pub description: String,
    pub role_id: String,
    pub role_label: String,
    pub molecule_type: String,
    pub topology: String,
    pub length: i64,
    pub gc_content: Option<f64>,
    pub seqhash: String,
    /// JSON array of features (the stored shape of `domain::parts::Feature`).
    pub features: String,
    /// JSON array of references.
    pub citations: String,
    pub license: Option<String>,
    /// JSON object describing where the record came from.
    pub source: Option<String>,
    /// JSON array of part ids.
    pub derived_from: String,
    /// Lower-cased accession, name, aliases and description, for `q`.
    pub search_text: String,
    /// The record's identifiers for `q`, encoded by `db::text::encode_names`.
    pub search_names: String,
    pub duplicate_reason: Option<String>,
    pub owner_org_id: OrganizationId,
    pub created_by: UserId,
    pub created_at: NaiveDateTime,
    pub updated_by: UserId,
    pub updated_at: NaiveDateTime,
    pub revision: i32,
    pub withdrawn_at: Option<NaiveDateTime>,
    pub withdrawn_by: Option<UserId>,
    pub withdrawal_reason: Option<String>,
    /// draft, submitted, approved, changes_requested, rejected or withdrawn.
    pub curation_state: String,
    /// The revision readers see; none until a curator first approves the record.
    pub published_revision: Option<i32>,
    /// When the record was last submitted for review.
    pub submitted_at: Option<NaiveDateTime>,
    /// JSON object: field → `{source, asserted_by, asserted_at}`.
    pub provenance: String,
    /// JSON object: the GenBank header fields of an imported record (`domain::parts::GenbankHeader`).
    pub genbank: Option<String>,
    /// The part's current sequence in `sequences` (`db::sequences::intern`); only
    /// [`update_sequence`] changes it, so an edit's changeset leaves it alone.
    #[diesel(skip_update)]
    pub sequence_id: Option<i64>,
    /// The import that registered the part, written with the row (an update of every imported
    /// row afterwards would cost each of its index entries again); never changed.
    #[diesel(skip_update)]
    pub import_id: Option<ImportId>,
}

/// The few columns that name a part and say who may see it: what a reference to a part (a
/// component, a carried part, a parent) needs, without the large columns of [`PartRow`].
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = parts)]
pub struct PartBrief {
    pub id: PartId,
    pub accession: String,
    pub name: String,
    pub role_id: String,
    pub role_label: String,
    pub owner_org_id: OrganizationId,
    pub curation_state: String,
    pub published_revision: Option<i32>,
}

/// What a list page needs to choose its rows before it reads them: the sort keys, the facts of
/// visibility, the columns of a list item's summary, and the bytes held by the row's large
/// columns (read by `octet_length`, from the values' headers, not from the values).
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = parts)]
pub struct PartKey {
    pub id: PartId,
    pub accession: String,
    pub name: String,
    pub created_at: NaiveDateTime,
    pub length: i64,
    pub owner_org_id: OrganizationId,
    pub curation_state: String,
    pub published_revision: Option<i32>,
    pub role_id: String,
    pub role_label: String,
    pub molecule_type: String,
    pub topology: String,
    pub revision: i32,
    pub updated_at: NaiveDateTime,
    pub withdrawn_at: Option<NaiveDateTime>,
    /// Registration order: the tie-break and cursor of relevance order (`db::text`).
    pub entry_no: Option<i64>,
    /// Identifiers as `db::text` encodes them, to place the part in a tier of `q`.
    pub search_names: String,
    #[diesel(select_expression = octet_length(parts::description.nullable()))]
    #[diesel(select_expression_type = octet_length<diesel::dsl::Nullable<parts::description>>)]
    description_bytes: Option<i32>,
    #[diesel(select_expression = octet_length(parts::features.nullable()))]
    #[diesel(select_expression_type = octet_length<diesel::dsl::Nullable<parts::features>>)]
    features_bytes: Option<i32>,
    #[diesel(select_expression = octet_length(parts::citations.nullable()))]
    #[diesel(select_expression_type = octet_length<diesel::dsl::Nullable<parts::citations>>)]
    citations_bytes: Option<i32>,
    #[diesel(select_expression = octet_length(parts::provenance.nullable()))]
    #[diesel(select_expression_type = octet_length<diesel::dsl::Nullable<parts::provenance>>)]
    provenance_bytes: Option<i32>,
    #[diesel(select_expression = octet_length(parts::source))]
    #[diesel(select_expression_type = octet_length<parts::source>)]
    source_bytes: Option<i32>,
    #[diesel(select_expression = octet_length(parts::genbank))]
    #[diesel(select_expression_type = octet_length<parts::genbank>)]
    genbank_bytes: Option<i32>,
    #[diesel(select_expression = octet_length(parts::search_text.nullable()))]
    #[diesel(select_expression_type = octet_length<diesel::dsl::Nullable<parts::search_text>>)]
    search_text_bytes: Option<i32>,
}

impl PartKey {
    /// Bytes of the row without its sequence as read (the small columns are bounded by validation
    /// and not counted; provenance at its expansion, [`super::PROVENANCE_EXPANSION`]).
    pub fn stored_bytes(&self) -> i64 {
        [
            self.description_bytes,
            self.features_bytes,
            self.citations_bytes,
            self.source_bytes,
            self.genbank_bytes,
            self.search_text_bytes,
        ]
        .into_iter()
        .map(|bytes| i64::from(bytes.unwrap_or(0)))
        .sum::<i64>()
            + i64::from(self.provenance_bytes.unwrap_or(0)) * super::PROVENANCE_EXPANSION
    }
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = part_hosts)]
pub struct HostRow {
    pub part_id: PartId,
    pub position: i32,
    pub name: String,
    pub taxid: Option<i64>,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = part_components)]
pub struct ComponentRow {
    pub composite_id: PartId,
    pub position: i32,
    pub component_id: Option<PartId>,
    pub orientation: String,
    pub linker: Option<String>,
    pub name: Option<String>,
    pub start_position: i64,
    pub end_position: i64,
}

/// Takes the next number of an accession series; call inside the write transaction that uses it.
/// The next serial of `kind` (`part`, `strain`): a PostgreSQL sequence (no waiting on other
/// transactions; a rolled-back registration leaves a gap), or on SQLite the `accession_counters`
/// row (one writer at a time; gapless).
pub fn next_accession_number(conn: &mut DbConnection, kind: &str) -> QueryResult<i64> {
    Ok(next_accession_numbers(conn, kind, 1)?[0])
}

/// [`next_accession_number`] `n` times in one round trip: the numbers in ascending order. On
/// PostgreSQL `nextval` over a series (concurrent writers may interleave, as with single calls); on
/// SQLite the counter moves by `n` at once.
pub fn next_accession_numbers(conn: &mut DbConnection, kind: &str, n: usize) -> QueryResult<Vec<i64>> {
    if n == 0 {
        return Ok(Vec::new());
    }
    if let DbConnection::Postgres(pg) = conn {
        #[derive(diesel::QueryableByName)]
        struct Next {
            #[diesel(sql_type = diesel::sql_types::BigInt)]
            value: i64,
        }
        let sequence = match kind {
            "part" => "part_accession_seq",
            "strain" => "strain_accession_seq",
            other => {
                return Err(diesel::result::Error::QueryBuilderError(
                    format!("no accession sequence for `{other}`").into(),
                ))
            }
        };
        let mut numbers: Vec<i64> = diesel::sql_query(format!(
            "SELECT nextval('{sequence}') AS value FROM generate_series(1, $1)"
        ))
        .bind::<diesel::sql_types::BigInt, _>(n as i64)
        .load::<Next>(pg)?
        .into_iter()
        .map(|next| next.value)
        .collect();
        numbers.sort_unstable();
        return Ok(numbers);
    }
    diesel::update(accession_counters::table.find(kind))
        .set(accession_counters::last_value.eq(accession_counters::last_value + n as i64))
        .execute(conn)?;
    let last: i64 = accession_counters::table
        .find(kind)
        .select(accession_counters::last_value)
        .first(conn)?;
    Ok((last - n as i64 + 1..=last).collect())
}

/// What a new part holds besides its row, for [`insert_parts`].
pub struct NewPart<'a> {
    pub aliases: &'a [String],
    pub tags: &'a [String],
    pub hosts: &'a [HostRow],
    pub components: &'a [ComponentRow],
}

#[derive(Insertable)]
#[diesel(table_name = part_aliases, treat_none_as_default_value = false)]
struct AliasRow<'a> {
    part_id: PartId,
    position: i32,
    alias: &'a str,
}

#[derive(Insertable)]
#[diesel(table_name = part_tags, treat_none_as_default_value = false)]
struct TagRow<'a> {
    part_id: PartId,
    tag: &'a str,
    part_created_at: NaiveDateTime,
    part_accession: &'a str,
    part_name: &'a str,
    part_length: i64,
}

#[derive(Insertable)]
#[diesel(table_name = part_hosts, treat_none_as_default_value = false)]
struct SortedHostRow<'a> {
    part_id: PartId,
    position: i32,
    name: &'a str,
    taxid: Option<i64>,
    part_created_at: NaiveDateTime,
    part_accession: &'a str,
    part_name: &'a str,
    part_length: i64,
}

#[derive(Insertable)]
#[diesel(table_name = part_components, treat_none_as_default_value = false)]
struct NewComponentRow<'a> {
    composite_id: PartId,
    position: i32,
    component_id: Option<PartId>,
    orientation: &'a str,
    linker: Option<&'a str>,
    name: Option<&'a str>,
    start_position: i64,
    end_position: i64,
}

/// Writes `rows` into `table` in bulk: `COPY … FROM STDIN (FORMAT binary)` on PostgreSQL (one
/// statement, streamed), multi-row `INSERT`s of `$sqlite_rows` on SQLite (kept under its 32,766
/// bound values). diesel's bulk forms need the concrete connection, hence the fork.
macro_rules! bulk_insert {
    ($conn:expr, $table:expr, $rows:expr, $sqlite_rows:expr) => {{
        let rows = &$rows[..];
        if !rows.is_empty() {
            match &mut *$conn {
                DbConnection::Postgres(pg) => {
                    diesel::copy_from($table).from_insertable(rows).execute(pg)?;
                }
                DbConnection::Sqlite(sqlite) => {
                    for chunk in rows.chunks($sqlite_rows) {
                        diesel::insert_into($table).values(chunk).execute(sqlite)?;
                    }
                }
            }
        }
    }};
}
pub(crate) use bulk_insert;

/// Inserts new parts with their sequences, aliases, tags, hosts and components, and their rows of
/// the change feed: a few bulk statements for the lot instead of about a dozen a part (an
/// import's bulk path). The rows are those [`insert_part`] and [`replace_children`] would write.
pub fn insert_parts(conn: &mut DbConnection, rows: &[PartRow], new: &[NewPart]) -> QueryResult<()> {
    assert_eq!(rows.len(), new.len(), "a row and its contents for each new part");
    if rows.is_empty() {
        return Ok(());
    }
    bulk_insert!(conn, parts::table, rows, 200);
    let aliases: Vec<AliasRow> = new
        .iter()
        .zip(rows)
        .flat_map(|(p, row)| {
            p.aliases.iter().enumerate().map(|(position, alias)| AliasRow {
                part_id: row.id,
                position: position as i32,
                alias,
            })
        })
        .collect();
    bulk_insert!(conn, part_aliases::table, aliases, 1000);
    let tags: Vec<TagRow> = new
        .iter()
        .zip(rows)
        .flat_map(|(p, row)| {
            p.tags.iter().map(|tag| TagRow {
                part_id: row.id,
                tag,
                part_created_at: row.created_at,
                part_accession: &row.accession,
                part_name: &row.name,
                part_length: row.length,
            })
        })
        .collect();
    bulk_insert!(conn, part_tags::table, tags, 1000);
    let hosts: Vec<SortedHostRow> = new
        .iter()
        .zip(rows)
        .flat_map(|(p, row)| {
            p.hosts.iter().map(|host| SortedHostRow {
                part_id: row.id,
                position: host.position,
                name: &host.name,
                taxid: host.taxid,
                part_created_at: row.created_at,
                part_accession: &row.accession,
                part_name: &row.name,
                part_length: row.length,
            })
        })
        .collect();
    bulk_insert!(conn, part_hosts::table, hosts, 1000);
    let components: Vec<NewComponentRow> = new
        .iter()
        .flat_map(|p| p.components.iter())
        .map(|c| NewComponentRow {
            composite_id: c.composite_id,
            position: c.position,
            component_id: c.component_id,
            orientation: &c.orientation,
            linker: c.linker.as_deref(),
            name: c.name.as_deref(),
            start_position: c.start_position,
            end_position: c.end_position,
        })
        .collect();
    bulk_insert!(conn, part_components::table, components, 1000);
    let ids: Vec<PartId> = rows.iter().map(|row| row.id).collect();
    super::search::record_changes(conn, &ids)
}

/// Which of `seqhashes` a live part (any organisation's, withdrawn ones aside) already has: the
/// bulk path's duplicate check, one indexed look-up per 500 hashes.
pub fn live_seqhashes(conn: &mut DbConnection, seqhashes: &[String]) -> QueryResult<Vec<String>> {
    let mut found = Vec::new();
    for chunk in seqhashes.chunks(500) {
        found.extend(where_in!(
            parts::table,
            parts::seqhash,
            chunk,
            .filter(parts::withdrawn_at.is_null())
            .select(parts::seqhash)
            .distinct()
            .load::<String>(conn)
        )?);
    }
    Ok(found)
}

/// Inserts a part; its sequence is already stored (`row.sequence_id`).
pub fn insert_part(conn: &mut DbConnection, row: &PartRow) -> QueryResult<()> {
    diesel::insert_into(parts::table).values(row).execute(conn)?;
    super::search::record_change(conn, row.id)
}

pub fn update_part(conn: &mut DbConnection, row: &PartRow) -> QueryResult<()> {
    diesel::update(parts::table.find(row.id)).set(row).execute(conn)?;
    super::search::record_change(conn, row.id)
}

/// Points a part at another stored sequence (an edit that changed it).
pub fn update_sequence(conn: &mut DbConnection, id: PartId, sequence_id: i64) -> QueryResult<()> {
    diesel::update(parts::table.find(id))
        .set(parts::sequence_id.eq(Some(sequence_id)))
        .execute(conn)
        .map(|_| ())
}

/// A part's sort keys, copied into its tag and host rows (migration 000017) so that a list filtered
/// by a tag or a host reads its matches in order from the side table's indexes ([`SideWalk`]).
#[derive(Debug, Clone)]
pub struct SortKeys {
    pub id: PartId,
    pub created_at: NaiveDateTime,
    pub accession: String,
    pub name: String,
    pub length: i64,
}

impl SortKeys {
    pub fn of(row: &PartRow) -> SortKeys {
        SortKeys {
            id: row.id,
            created_at: row.created_at,
            accession: row.accession.clone(),
            name: row.name.clone(),
            length: row.length,
        }
    }
}

/// Stores a part's aliases, tags, hosts and components, replacing what it had (one insert per
/// row: the multi-backend connection cannot bind multi-row `VALUES`); `fresh` (a part inserted in
/// this transaction, which has none yet) skips the four deletes. Every edit of a part comes
/// through here, so the sort keys its tag and host rows carry are always the part's own.
pub fn replace_children(
    conn: &mut DbConnection,
    keys: &SortKeys,
    fresh: bool,
    aliases: &[String],
    tags: &[String],
    hosts: &[HostRow],
    components: &[ComponentRow],
) -> QueryResult<()> {
    let id = keys.id;
    if !fresh {
        diesel::delete(part_aliases::table.filter(part_aliases::part_id.eq(id))).execute(conn)?;
        diesel::delete(part_tags::table.filter(part_tags::part_id.eq(id))).execute(conn)?;
        diesel::delete(part_hosts::table.filter(part_hosts::part_id.eq(id))).execute(conn)?;
        diesel::delete(part_components::table.filter(part_components::composite_id.eq(id))).execute(conn)?;
    }
    for (position, alias) in aliases.iter().enumerate() {
        diesel::insert_into(part_aliases::table)
            .values((
                part_aliases::part_id.eq(id),
                part_aliases::position.eq(position as i32),
                part_aliases::alias.eq(alias),
            ))
            .execute(conn)?;
    }
    for tag in tags {
        diesel::insert_into(part_tags::table)
            .values((
                part_tags::part_id.eq(id),
                part_tags::tag.eq(tag),
                part_tags::part_created_at.eq(keys.created_at),
                part_tags::part_accession.eq(&keys.accession),
                part_tags::part_name.eq(&keys.name),
                part_tags::part_length.eq(keys.length),
            ))
            .execute(conn)?;
    }
    for host in hosts {
        diesel::insert_into(part_hosts::table)
            .values((
                host,
                part_hosts::part_created_at.eq(keys.created_at),
                part_hosts::part_accession.eq(&keys.accession),
                part_hosts::part_name.eq(&keys.name),
                part_hosts::part_length.eq(keys.length),
            ))
            .execute(conn)?;
    }
    for component in components {
        diesel::insert_into(part_components::table)
            .values(component)
            .execute(conn)?;
    }
    Ok(())
}

pub fn find_part(conn: &mut DbConnection, id: PartId) -> QueryResult<Option<PartRow>> {
    parts::table
        .find(id)
        .select(PartRow::as_select())
        .first(conn)
        .optional()
}

pub fn find_part_by_accession(conn: &mut DbConnection, accession: &str) -> QueryResult<Option<PartRow>> {
    // No stored name holds NUL (PostgreSQL could not even compare with it): nothing matches.
    if accession.contains('\0') {
        return Ok(None);
    }
    parts::table
        .filter(parts::accession.eq(accession))
        .select(PartRow::as_select())
        .first(conn)
        .optional()
}

pub fn find_parts(conn: &mut DbConnection, ids: &[PartId]) -> QueryResult<Vec<PartRow>> {
    // Not even asked when there is nothing to find: PostgreSQL's generic plan for `id = ANY($1)`
    // can be a scan of the whole table (its statistics do not see rows an import added in the same
    // transaction), which made every single-part registration of a large import O(parts).
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    where_in!(
        parts::table,
        parts::id,
        ids,
        .select(PartRow::as_select())
        .load(conn)
    )
}

/// The briefs of `ids` (any order; missing ids are left out).
pub fn find_part_briefs(conn: &mut DbConnection, ids: &[PartId]) -> QueryResult<Vec<PartBrief>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    where_in!(
        parts::table,
        parts::id,
        ids,
        .select(PartBrief::as_select())
        .load(conn)
    )
}

pub fn sequence_of(conn: &mut DbConnection, id: PartId) -> QueryResult<String> {
    let stored: Vec<u8> = parts::table
        .inner_join(sequences::table)
        .filter(parts::id.eq(id))
        .select(sequences::residues)
        .first(conn)?;
    super::sequences::letters(&stored)
}

pub fn sequences_of(conn: &mut DbConnection, ids: &[PartId]) -> QueryResult<Vec<(PartId, String)>> {
    let stored: Vec<(PartId, Vec<u8>)> = where_in!(
        parts::table.inner_join(sequences::table),
        parts::id,
        ids,
        .select((parts::id, sequences::residues))
        .load(conn)
    )?;
    stored
        .into_iter()
        .map(|(id, stored)| Ok((id, super::sequences::letters(&stored)?)))
        .collect()
}

/// A part as another part's view names it (a twin): its name and the facts visibility needs,
/// without the record's features or texts.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = parts)]
pub struct TwinRow {
    pub id: PartId,
    pub accession: String,
    pub name: String,
    pub seqhash: String,
    pub created_at: NaiveDateTime,
    pub owner_org_id: OrganizationId,
    pub curation_state: String,
    pub published_revision: Option<i32>,
}

/// The live parts sharing one of `seqhashes`, at least the first `per_seqhash` of each (oldest
/// first, as [`TwinRow`]s, grouped by checksum in that order). Bounded: first one query of at
/// most `seqhashes.len() × per_seqhash` + 1 rows, unordered so the database stops there; only
/// when that is not all of them, one query of `per_seqhash` rows per checksum through
/// `parts_live_seqhash_created`.
pub fn first_live_parts_with_seqhashes(
    conn: &mut DbConnection,
    seqhashes: &[String],
    per_seqhash: i64,
) -> QueryResult<Vec<TwinRow>> {
    if seqhashes.is_empty() {
        return Ok(Vec::new());
    }
    let budget = seqhashes.len() as i64 * per_seqhash;
    let mut found: Vec<TwinRow> = where_in!(
        parts::table,
        parts::seqhash,
        seqhashes,
        .filter(parts::withdrawn_at.is_null())
        .select(TwinRow::as_select())
        .limit(budget + 1)
        .load(conn)
    )?;
    if found.len() as i64 > budget {
        found.clear();
        for seqhash in seqhashes {
            found.extend(
                parts::table
                    .filter(parts::seqhash.eq(seqhash))
                    .filter(parts::withdrawn_at.is_null())
                    .select(TwinRow::as_select())
                    .order((parts::created_at.asc(), parts::id.asc()))
                    .limit(per_seqhash)
                    .load(conn)?,
            );
        }
    }
    found.sort_by(|a, b| (&a.seqhash, a.created_at, a.id).cmp(&(&b.seqhash, b.created_at, b.id)));
    Ok(found)
}

/// The [`TwinRow`]s of `ids` (to check which twins a viewer may see).
pub fn twin_rows(conn: &mut DbConnection, ids: &[PartId]) -> QueryResult<Vec<TwinRow>> {
    where_in!(parts::table, parts::id, ids, .select(TwinRow::as_select()).load(conn))
}

/// The first `limit` live parts with `seqhash` other than `except` that a viewer in `scope` may
/// see, oldest first (the first page of `/parts/{id}/twins`, as [`TwinRow`]s). Index
/// `parts_live_seqhash_created`: the rows read are the ones returned and those the scope skips,
/// never every part with the sequence.
pub fn first_visible_twins(
    conn: &mut DbConnection,
    seqhash: &str,
    except: Option<PartId>,
    scope: crate::domain::visibility::ListScope,
    limit: i64,
) -> QueryResult<Vec<TwinRow>> {
    let mut query = parts::table
        .filter(parts::seqhash.eq(seqhash))
        .filter(parts::withdrawn_at.is_null())
        .select(TwinRow::as_select())
        .into_boxed();
    if let Some(except) = except {
        query = query.filter(parts::id.ne(except));
    }
    in_scope!(query, scope)
        .order((parts::created_at.asc(), parts::id.asc()))
        .limit(limit)
        .load(conn)
}

pub fn aliases_of(conn: &mut DbConnection, ids: &[PartId]) -> QueryResult<Vec<(PartId, String)>> {
    where_in!(
        part_aliases::table,
        part_aliases::part_id,
        ids,
        .order((part_aliases::part_id, part_aliases::position))
        .select((part_aliases::part_id, part_aliases::alias))
        .load(conn)
    )
}

pub fn tags_of(conn: &mut DbConnection, ids: &[PartId]) -> QueryResult<Vec<(PartId, String)>> {
    where_in!(
        part_tags::table,
        part_tags::part_id,
        ids,
        .order((part_tags::part_id, part_tags::tag))
        .select((part_tags::part_id, part_tags::tag))
        .load(conn)
    )
}

pub fn hosts_of(conn: &mut DbConnection, ids: &[PartId]) -> QueryResult<Vec<HostRow>> {
    where_in!(
        part_hosts::table,
        part_hosts::part_id,
        ids,
        .order((part_hosts::part_id, part_hosts::position))
        .select(HostRow::as_select())
        .load(conn)
    )
}

pub fn components_of(conn: &mut DbConnection, ids: &[PartId]) -> QueryResult<Vec<ComponentRow>> {
    where_in!(
        part_components::table,
        part_components::composite_id,
        ids,
        .order((part_components::composite_id, part_components::position))
        .select(ComponentRow::as_select())
        .load(conn)
    )
}

/// Ids of at most `limit` composites that list one of `ids` as a component (index
/// `part_components_component`).
pub fn composites_using(conn: &mut DbConnection, ids: &[PartId], limit: i64) -> QueryResult<Vec<PartId>> {
    part_components::table
        .filter(part_components::component_id.eq_any(ids.iter().copied().map(Some).collect::<Vec<_>>()))
        .select(part_components::composite_id)
        .distinct()
        .limit(limit)
        .load(conn)
}

/// (composite, component) for every composite that lists one of `ids` as a component: one level
/// of a walk up the composites, in one query of at most `limit` rows.
pub fn composites_using_each(
    conn: &mut DbConnection,
    ids: &[PartId],
    limit: i64,
) -> QueryResult<Vec<(PartId, PartId)>> {
    let rows: Vec<(PartId, Option<PartId>)> = part_components::table
        .filter(part_components::component_id.eq_any(ids.iter().copied().map(Some).collect::<Vec<_>>()))
        .select((part_components::composite_id, part_components::component_id))
        .order((part_components::composite_id, part_components::position))
        .limit(limit)
        .load(conn)?;
    Ok(rows
        .into_iter()
        .filter_map(|(composite, component)| Some((composite, component?)))
        .collect())
}

/// Marks a part withdrawn.
pub fn withdraw_part(
    conn: &mut DbConnection,
    id: PartId,
    by: UserId,
    at: NaiveDateTime,
    reason: Option<&str>,
) -> QueryResult<()> {
    diesel::update(parts::table.find(id))
        .set((
            parts::withdrawn_at.eq(Some(at)),
            parts::withdrawn_by.eq(Some(by)),
            parts::withdrawal_reason.eq(reason),
            parts::updated_at.eq(at),
            parts::updated_by.eq(by),
            parts::revision.eq(parts::revision + 1),
            parts::curation_state.eq("withdrawn"),
        ))
        .execute(conn)?;
    super::search::record_change(conn, id)
}

/// How a part list is ordered; every order ends with the id, so pages are stable.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PartOrder {
    CreatedAt,
    Accession,
    Name,
    Length,
    /// Relevance to `q` (`db::text`): only with a text filter.
    Relevance,
}

/// Where the previous page ended: the last row's sort value and id.
#[derive(Debug, Clone, PartialEq)]
pub enum PartCursor {
    CreatedAt(NaiveDateTime, PartId),
    Accession(String),
    Name(String, PartId),
    Length(i64, PartId),
    /// A place in relevance order.
    Ranked(Position),
}

impl PartCursor {
    /// The cursor after `key` in `order`.
    pub fn after(order: PartOrder, key: &PartKey) -> PartCursor {
        match order {
            PartOrder::CreatedAt => PartCursor::CreatedAt(key.created_at, key.id),
            PartOrder::Accession => PartCursor::Accession(key.accession.clone()),
            PartOrder::Name => PartCursor::Name(key.name.clone(), key.id),
            PartOrder::Length => PartCursor::Length(key.length, key.id),
            // A key alone does not tell its tier: relevance lists place keys themselves
            // (`list_part_keys`); registration order stands in.
            PartOrder::Relevance => PartCursor::Ranked(Position {
                tier: Tier::Words,
                entry: key.entry_no.unwrap_or_default(),
            }),
        }
    }
}

/// Filters of a part list (already resolved to stored values).
#[derive(Debug, Clone, Default)]
pub struct PartFilter {
    /// Text query (`db::text`): matched by the text indexes in [`list_part_keys`].
    pub text: Option<TextQuery>,
    pub role_id: Option<String>,
    pub molecule_type: Option<String>,
    pub topology: Option<String>,
    pub host_taxid: Option<i64>,
    pub tag: Option<String>,
    pub owner_org_id: Option<OrganizationId>,
    pub length_min: Option<i64>,
    pub length_max: Option<i64>,
    pub created_after: Option<NaiveDateTime>,
    pub created_before: Option<NaiveDateTime>,
    pub include_withdrawn: bool,
    /// Only these parts (sequence search narrows its hits this way).
    pub ids: Option<Vec<PartId>>,
    /// Only composites that list this part as a component (`used-in`).
    pub uses_component: Option<PartId>,
    /// Only parts with this canonical checksum (twins), leaving out `except`.
    pub seqhash: Option<String>,
    pub except: Option<PartId>,
    /// Only these entries (`entry_no`), as a relevance walk reads them.
    pub entries: Option<Vec<i64>>,
    /// Which records the caller may see.
    pub scope: crate::domain::visibility::ListScope,
}

use super::drive::{self, Plain, Side};
pub use super::drive::{Drive, KeyPage};
use super::text::{self, Index, Position, TextQuery, Tier};

/// A part filter matched through a side table.
#[derive(Debug, Clone)]
enum PartSide {
    Tag(String),
    Host(i64),
    Component(PartId),
    /// `q`, when the list is sorted by something else than relevance.
    Text(TextQuery),
}

impl Side<PartId> for PartSide {
    /// Index `part_tags_tag`, `part_hosts_taxid` or `part_components_component`.
    fn matches(&self, conn: &mut DbConnection, limit: i64) -> QueryResult<Option<Vec<PartId>>> {
        match self {
            PartSide::Tag(tag) => part_tags::table
                .filter(part_tags::tag.eq(tag))
                .select(part_tags::part_id)
                .limit(limit)
                .load(conn),
            PartSide::Host(taxid) => part_hosts::table
                .filter(part_hosts::taxid.eq(taxid))
                .select(part_hosts::part_id)
                .distinct()
                .limit(limit)
                .load(conn),
            PartSide::Component(component) => part_components::table
                .filter(part_components::component_id.eq(component))
                .select(part_components::composite_id)
                .distinct()
                .limit(limit)
                .load(conn),
            PartSide::Text(q) => {
                let Some(entries) = text::matching(conn, Index::Parts, q, limit)? else {
                    return Ok(None);
                };
                ids_of_entries(conn, &entries)
            }
        }
        .map(Some)
    }

    /// Primary keys of the side tables.
    fn accepts(&self, conn: &mut DbConnection, ids: &[PartId]) -> QueryResult<std::collections::HashSet<PartId>> {
        let found: Vec<PartId> = match self {
            PartSide::Tag(tag) => part_tags::table
                .filter(part_tags::part_id.eq_any(ids))
                .filter(part_tags::tag.eq(tag))
                .select(part_tags::part_id)
                .load(conn)?,
            PartSide::Host(taxid) => part_hosts::table
                .filter(part_hosts::part_id.eq_any(ids))
                .filter(part_hosts::taxid.eq(taxid))
                .select(part_hosts::part_id)
                .load(conn)?,
            PartSide::Component(component) => part_components::table
                .filter(part_components::composite_id.eq_any(ids))
                .filter(part_components::component_id.eq(component))
                .select(part_components::composite_id)
                .load(conn)?,
            PartSide::Text(q) => {
                let rows: Vec<(PartId, Option<i64>, String)> = parts::table
                    .filter(parts::id.eq_any(ids))
                    .select((parts::id, parts::entry_no, parts::search_names))
                    .load(conn)?;
                let mut found = Vec::new();
                let mut by_words = Vec::new();
                for (id, entry, names) in rows {
                    match (q.names_tier(&names), entry) {
                        (Some(_), _) => found.push(id),
                        (None, Some(entry)) => by_words.push((id, entry)),
                        (None, None) => {}
                    }
                }
                let entries: Vec<i64> = by_words.iter().map(|(_, e)| *e).collect();
                let worded = text::with_words(conn, Index::Parts, q, &entries)?;
                found.extend(
                    by_words
                        .into_iter()
                        .filter(|(_, e)| worded.contains(e))
                        .map(|(id, _)| id),
                );
                found
            }
        };
        Ok(found.into_iter().collect())
    }
}

/// A side filter whose rows carry the part's sort keys (migration 000017).
#[derive(Debug, Clone, PartialEq)]
pub enum WalkedSide {
    Tag(String),
    Host(i64),
}

/// The matches of a tag or host in a list's order, read from the side table's index of that
/// order (`part_tags_tag_created`, `…_name`, `…_length`, `…_accession`; the same for
/// `part_hosts_taxid_*`), [`Drive::step`] rows a query.
pub struct SideWalk {
    side: WalkedSide,
    order: PartOrder,
    descending: bool,
    /// The last row read (the caller's cursor before the first step).
    at: Option<PartCursor>,
}

/// A side row's part and sort keys.
type SideRow = (PartId, NaiveDateTime, String, String, i64);

/// The query of one step of a [`SideWalk`]: `$table`'s rows whose `$column` is `$value`, after
/// `$at` in the order, sorted, as [`SideRow`]s. Keyset conditions as in `listed`.
macro_rules! side_walk_query {
    ($table:ident, $column:expr, $value:expr, $order:expr, $descending:expr, $at:expr, $limit:expr) => {{
        let descending: bool = $descending;
        let mut query = $table::table.filter($column.eq($value)).into_boxed();
        macro_rules! keyset {
            ($sort:expr, $v:expr, $id:expr) => {{
                let (v, id) = ($v, $id);
                if descending {
                    query
                        .filter($sort.le(v.clone()))
                        .filter($sort.lt(v).or($table::part_id.lt(id)))
                } else {
                    query
                        .filter($sort.ge(v.clone()))
                        .filter($sort.gt(v).or($table::part_id.gt(id)))
                }
            }};
        }
        query = match $at {
            None | Some(PartCursor::Ranked(_)) => query,
            Some(PartCursor::CreatedAt(v, id)) => keyset!($table::part_created_at, *v, *id),
            Some(PartCursor::Name(v, id)) => keyset!($table::part_name, v.clone(), *id),
            Some(PartCursor::Length(v, id)) => keyset!($table::part_length, *v, *id),
            Some(PartCursor::Accession(v)) if descending => query.filter($table::part_accession.lt(v.clone())),
            Some(PartCursor::Accession(v)) => query.filter($table::part_accession.gt(v.clone())),
        };
        query = match ($order, descending) {
            (PartOrder::CreatedAt, false) => query.order(($table::part_created_at.asc(), $table::part_id.asc())),
            (PartOrder::CreatedAt, true) => query.order(($table::part_created_at.desc(), $table::part_id.desc())),
            (PartOrder::Name, false) => query.order(($table::part_name.asc(), $table::part_id.asc())),
            (PartOrder::Name, true) => query.order(($table::part_name.desc(), $table::part_id.desc())),
            (PartOrder::Length, false) => query.order(($table::part_length.asc(), $table::part_id.asc())),
            (PartOrder::Length, true) => query.order(($table::part_length.desc(), $table::part_id.desc())),
            (PartOrder::Accession, false) => query.order($table::part_accession.asc()),
            (PartOrder::Accession, true) | (PartOrder::Relevance, _) => query.order($table::part_accession.desc()),
        };
        query
            .select((
                $table::part_id,
                $table::part_created_at,
                $table::part_accession,
                $table::part_name,
                $table::part_length,
            ))
            .limit($limit)
    }};
}

/// `$body` with `$query` bound to the query of `$walk`'s next step, on its side's table.
macro_rules! on_step {
    ($walk:expr, $limit:expr, |$query:ident| $body:expr) => {{
        let walk: &SideWalk = &*$walk;
        match &walk.side {
            WalkedSide::Tag(tag) => {
                let $query = side_walk_query!(
                    part_tags,
                    part_tags::tag,
                    tag.clone(),
                    walk.order,
                    walk.descending,
                    &walk.at,
                    $limit
                );
                $body
            }
            WalkedSide::Host(taxid) => {
                let $query = side_walk_query!(
                    part_hosts,
                    part_hosts::taxid,
                    *taxid,
                    walk.order,
                    walk.descending,
                    &walk.at,
                    $limit
                );
                $body
            }
        }
    }};
}

impl SideWalk {
    /// A walk in `order` (not relevance, which the text indexes order) after `cursor`.
    pub fn new(side: WalkedSide, order: PartOrder, descending: bool, cursor: Option<&PartCursor>) -> Option<SideWalk> {
        (order != PartOrder::Relevance).then(|| SideWalk {
            side,
            order,
            descending,
            at: cursor.cloned(),
        })
    }

    /// The plan of the walk's next step (`tests/api/plans.rs`).
    pub fn plan(&self, conn: &mut DbConnection, limit: i64) -> QueryResult<Vec<String>> {
        on_step!(self, limit, |query| super::explain::plan(conn, query))
    }
}

impl drive::Walk<PartId> for SideWalk {
    fn next(&mut self, conn: &mut DbConnection, limit: i64) -> QueryResult<Vec<PartId>> {
        let rows: Vec<SideRow> = on_step!(self, limit, |query| query.load(conn))?;
        if let Some((id, created_at, accession, name, length)) = rows.last().cloned() {
            self.at = Some(match self.order {
                PartOrder::CreatedAt => PartCursor::CreatedAt(created_at, id),
                PartOrder::Name => PartCursor::Name(name, id),
                PartOrder::Length => PartCursor::Length(length, id),
                PartOrder::Accession | PartOrder::Relevance => PartCursor::Accession(accession),
            });
        }
        // A part with two hosts of one taxon has two rows, next to each other in any order: both
        // are returned (the step's length tells the walk whether the side is exhausted), and the
        // walk reads the step's ids as a set.
        Ok(rows.into_iter().map(|row| row.0).collect())
    }
}

/// A part list without its side filters, as `db::drive` reads it.
struct PartPlain<'a> {
    base: PartFilter,
    order: PartOrder,
    descending: bool,
    cursor: Option<&'a PartCursor>,
}

impl Plain<PartKey, PartId> for PartPlain<'_> {
    fn read(
        &mut self,
        conn: &mut DbConnection,
        ids: Option<&[PartId]>,
        after: Option<&PartKey>,
        limit: i64,
    ) -> QueryResult<Vec<PartKey>> {
        let narrowed;
        let filter = match ids {
            Some(ids) => {
                narrowed = PartFilter {
                    ids: Some(ids.to_vec()),
                    ..self.base.clone()
                };
                &narrowed
            }
            None => &self.base,
        };
        let after = after.map(|key| PartCursor::after(self.order, key));
        let cursor = after.as_ref().or(self.cursor);
        key_query(filter, self.order, self.descending, cursor, limit).load(conn)
    }

    fn id(&self, key: &PartKey) -> PartId {
        key.id
    }

    fn key_of(&mut self, conn: &mut DbConnection, id: PartId) -> QueryResult<Option<PartKey>> {
        parts::table
            .find(id)
            .select(PartKey::as_select())
            .first(conn)
            .optional()
    }
}

/// The keys of one page of parts: filtered, ordered by `order` (descending when `descending`),
/// after `cursor`, at most `limit`. A list chooses how many rows its page can hold from these
/// (`domain::page`), then reads only those (`find_parts`). Filters on the part's own columns are
/// served by the composite indexes (`tests/api/plans.rs` holds that); filters through side tables
/// (tag, host, component) are driven from the selective side (`db::drive`).
pub fn list_part_keys(
    conn: &mut DbConnection,
    filter: &PartFilter,
    order: PartOrder,
    descending: bool,
    cursor: Option<&PartCursor>,
    limit: i64,
) -> QueryResult<KeyPage<PartKey>> {
    list_part_keys_driven(conn, filter, order, descending, cursor, limit, Drive::DEFAULT)
}

/// [`list_part_keys`] with the given [`Drive`].
pub fn list_part_keys_driven(
    conn: &mut DbConnection,
    filter: &PartFilter,
    order: PartOrder,
    descending: bool,
    cursor: Option<&PartCursor>,
    limit: i64,
    drive: Drive,
) -> QueryResult<KeyPage<PartKey>> {
    let mut sides = Vec::new();
    if let Some(tag) = &filter.tag {
        sides.push(PartSide::Tag(tag.clone()));
    }
    if let Some(taxid) = filter.host_taxid {
        sides.push(PartSide::Host(taxid));
    }
    if let Some(component) = filter.uses_component {
        sides.push(PartSide::Component(component));
    }
    let mut base = filter.clone();
    base.tag = None;
    base.host_taxid = None;
    base.uses_component = None;
    if let Some(q) = base.text.take() {
        if order == PartOrder::Relevance {
            return ranked(conn, base, &sides, &q, cursor, limit, drive);
        }
        sides.push(PartSide::Text(q));
    }
    let explicit = base.ids.take();
    // The first tag or host filter can be walked in the list's order from its own index.
    let mut walk = sides.iter().enumerate().find_map(|(k, side)| {
        let walked = match side {
            PartSide::Tag(tag) => WalkedSide::Tag(tag.clone()),
            PartSide::Host(taxid) => WalkedSide::Host(*taxid),
            PartSide::Component(_) | PartSide::Text(_) => return None,
        };
        SideWalk::new(walked, order, descending, cursor).map(|walk| (k, walk))
    });
    let sides: Vec<&dyn Side<PartId>> = sides.iter().map(|s| s as &dyn Side<PartId>).collect();
    let mut plain = PartPlain {
        base,
        order,
        descending,
        cursor,
    };
    let walk = walk
        .as_mut()
        .map(|(k, walk)| (*k, walk as &mut dyn drive::Walk<PartId>));
    drive::page(conn, &mut plain, &sides, walk, explicit, limit, drive)
}

/// The parts of some entries (`entry_no`).
fn ids_of_entries(conn: &mut DbConnection, entries: &[i64]) -> QueryResult<Vec<PartId>> {
    parts::table
        .filter(parts::entry_no.eq_any(entries.iter().map(|e| Some(*e))))
        .select(parts::id)
        .load(conn)
}

/// A part list with `q` in relevance order (`db::text::walk`): the text indexes give entries in
/// order, one query over `parts_entry_no` checks the other filters of each step, and one query
/// per side filter.
fn ranked(
    conn: &mut DbConnection,
    base: PartFilter,
    sides: &[PartSide],
    q: &TextQuery,
    cursor: Option<&PartCursor>,
    limit: i64,
    drive: Drive,
) -> QueryResult<KeyPage<PartKey>> {
    let start = match cursor {
        Some(PartCursor::Ranked(position)) => Some(*position),
        _ => None,
    };
    let mut accept = |conn: &mut DbConnection, entries: &[i64]| -> QueryResult<Vec<(i64, String, PartKey)>> {
        let narrowed = PartFilter {
            entries: Some(entries.to_vec()),
            ..base.clone()
        };
        let mut keys: Vec<PartKey> =
            key_query(&narrowed, PartOrder::Relevance, false, None, entries.len() as i64).load(conn)?;
        for side in sides {
            let ids: Vec<PartId> = keys.iter().map(|k| k.id).collect();
            let accepted = side.accepts(conn, &ids)?;
            keys.retain(|k| accepted.contains(&k.id));
        }
        Ok(keys
            .into_iter()
            .filter_map(|k| Some((k.entry_no?, k.search_names.clone(), k)))
            .collect())
    };
    let page = text::walk(conn, Index::Parts, q, start, limit.max(0) as usize, drive, &mut accept)?;
    Ok(KeyPage {
        keys: page.keys.into_iter().map(|(_, key)| key).collect(),
        resume: None,
        resume_at: page.resume,
    })
}

/// The query of [`list_part_keys`] (also for reading its plan, `db::explain`).
pub fn key_query(
    filter: &PartFilter,
    order: PartOrder,
    descending: bool,
    cursor: Option<&PartCursor>,
    limit: i64,
) -> diesel::dsl::Limit<
    diesel::dsl::Select<parts::BoxedQuery<'static, super::Db>, diesel::dsl::AsSelect<PartKey, super::Db>>,
> {
    listed(filter, order, descending, cursor)
        .select(PartKey::as_select())
        .limit(limit)
}

/// How many components each of `ids` lists (parts with none are left out): one grouped query
/// over the primary key of `part_components`.
pub fn component_counts(conn: &mut DbConnection, ids: &[PartId]) -> QueryResult<Vec<(PartId, i64)>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    part_components::table
        .filter(part_components::composite_id.eq_any(ids))
        .group_by(part_components::composite_id)
        .select((part_components::composite_id, diesel::dsl::count_star()))
        .load(conn)
}

/// The filtered, ordered query behind [`list_part_keys`], without its select clause.
fn listed(
    filter: &PartFilter,
    order: PartOrder,
    descending: bool,
    cursor: Option<&PartCursor>,
) -> parts::BoxedQuery<'static, super::Db> {
    // `filter.text` is matched by the text indexes (`list_part_keys`), never here.
    let mut query = parts::table.into_boxed();
    if let Some(entries) = &filter.entries {
        query = query.filter(parts::entry_no.eq_any(entries.iter().map(|e| Some(*e))));
    }
    if let Some(role) = &filter.role_id {
        if filter.ids.is_some() {
            // A driven list or a walked side names at most a few thousand ids: read them by
            // primary key. Written so that no index serves it, or SQLite, with statistics, walks
            // the role's index in the list's order and checks each row against the ids.
            query = query.filter(
                diesel::dsl::sql::<diesel::sql_types::Bool>("(parts.role_id || '') = ")
                    .bind::<diesel::sql_types::Text, _>(role.clone()),
            );
        } else {
            query = query.filter(parts::role_id.eq(role.clone()));
        }
    }
    if let Some(molecule) = &filter.molecule_type {
        query = query.filter(parts::molecule_type.eq(molecule.clone()));
        if molecule != "dna" {
            // The condition of the partial indexes of RNA and protein parts (migration 000018),
            // written as they are so that the planners see that the indexes hold every match.
            query = query.filter(diesel::dsl::sql::<diesel::sql_types::Bool>(
                "parts.molecule_type <> 'dna'",
            ));
        }
    }
    if let Some(topology) = &filter.topology {
        query = query.filter(parts::topology.eq(topology.clone()));
    }
    if let Some(taxid) = filter.host_taxid {
        query = query.filter(
            parts::id.eq_any(
                part_hosts::table
                    .filter(part_hosts::taxid.eq(taxid))
                    .select(part_hosts::part_id),
            ),
        );
    }
    if let Some(tag) = &filter.tag {
        query = query.filter(
            parts::id.eq_any(
                part_tags::table
                    .filter(part_tags::tag.eq(tag.clone()))
                    .select(part_tags::part_id),
            ),
        );
    }
    if let Some(org) = filter.owner_org_id {
        query = query.filter(parts::owner_org_id.eq(org));
    }
    if let Some(min) = filter.length_min {
        query = query.filter(parts::length.ge(min));
    }
    if let Some(max) = filter.length_max {
        query = query.filter(parts::length.le(max));
    }
    if let Some(after) = filter.created_after {
        query = query.filter(parts::created_at.gt(after));
    }
    if let Some(before) = filter.created_before {
        query = query.filter(parts::created_at.lt(before));
    }
    if !filter.include_withdrawn {
        query = query.filter(parts::withdrawn_at.is_null());
    }
    if let Some(ids) = &filter.ids {
        query = query.filter(parts::id.eq_any(ids.clone()));
    }
    if let Some(component) = filter.uses_component {
        query = query.filter(
            parts::id.eq_any(
                part_components::table
                    .filter(part_components::component_id.eq(component))
                    .select(part_components::composite_id),
            ),
        );
    }
    if let Some(seqhash) = &filter.seqhash {
        query = query.filter(parts::seqhash.eq(seqhash.clone()));
    }
    if let Some(except) = filter.except {
        query = query.filter(parts::id.ne(except));
    }
    query = in_scope!(query, filter.scope);

    // Keyset pagination: (sort value, id) strictly after the cursor in the chosen direction,
    // written `value >= v AND (value > v OR id > i)` so that both databases seek the sort index
    // to `v` (the first conjunct is a range) instead of reading the earlier pages to skip them.
    macro_rules! keyset {
        ($column:expr, $value:expr, $id:expr) => {{
            let (value, id) = ($value, $id);
            if descending {
                query
                    .filter($column.le(value.clone()))
                    .filter($column.lt(value).or(parts::id.lt(id)))
            } else {
                query
                    .filter($column.ge(value.clone()))
                    .filter($column.gt(value).or(parts::id.gt(id)))
            }
        }};
    }
    query = match cursor {
        None => query,
        Some(PartCursor::CreatedAt(value, id)) => keyset!(parts::created_at, *value, *id),
        Some(PartCursor::Name(value, id)) => keyset!(parts::name, value.clone(), *id),
        Some(PartCursor::Length(value, id)) => keyset!(parts::length, *value, *id),
        Some(PartCursor::Accession(value)) if descending => query.filter(parts::accession.lt(value.clone())),
        Some(PartCursor::Accession(value)) => query.filter(parts::accession.gt(value.clone())),
        // Relevance pages start from their position in the text indexes (`ranked`).
        Some(PartCursor::Ranked(_)) => query,
    };
    query = match (order, descending) {
        (PartOrder::CreatedAt, false) => query.order((parts::created_at.asc(), parts::id.asc())),
        (PartOrder::CreatedAt, true) => query.order((parts::created_at.desc(), parts::id.desc())),
        (PartOrder::Name, false) => query.order((parts::name.asc(), parts::id.asc())),
        (PartOrder::Name, true) => query.order((parts::name.desc(), parts::id.desc())),
        (PartOrder::Length, false) => query.order((parts::length.asc(), parts::id.asc())),
        (PartOrder::Length, true) => query.order((parts::length.desc(), parts::id.desc())),
        (PartOrder::Accession, false) => query.order(parts::accession.asc()),
        (PartOrder::Accession, true) => query.order(parts::accession.desc()),
        (PartOrder::Relevance, _) => query.order(parts::entry_no.asc()),
    };
    query
}

/// The live parts an organisation registered under `name` (the seed loader's natural key,
/// with their source).
pub fn live_by_owner_and_name(conn: &mut DbConnection, owner: OrganizationId, name: &str) -> QueryResult<Vec<PartRow>> {
    parts::table
        .filter(parts::owner_org_id.eq(owner))
        .filter(parts::name.eq(name))
        .filter(parts::withdrawn_at.is_null())
        .select(PartRow::as_select())
        .load(conn)
}
