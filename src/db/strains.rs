//! Rows and queries of the strain library: strains, their collection numbers, tags, carried
//! parts, lineage edges and physical samples.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::{strain_collection_numbers, strain_parents, strain_parts, strain_samples, strain_tags, strains};
use super::types::{OrganizationId, PartId, SampleId, StrainId, UserId};
use super::{octet_length, DbConnection};

/// A strain record; everything not searched on is the JSON `details`.
#[derive(Debug, Clone, Queryable, Selectable, Insertable, AsChangeset, Identifiable)]
#[diesel(table_name = strains, treat_none_as_null = true)]
pub struct StrainRow {
    pub id: StrainId,
    pub accession: String,
    pub name: String,
    pub organism_type: String,
    pub taxon_name: String,
    pub ncbi_taxid: Option<i64>,
    pub risk_group: i32,
    pub details: String,
    pub search_text: String,
    /// The record's identifiers for `q`, encoded by `db::text::encode_names`.
    pub search_names: String,
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
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = strain_collection_numbers)]
pub struct CollectionNumberRow {
    pub strain_id: StrainId,
    pub position: i32,
    pub collection: String,
    pub number: String,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = strain_parts)]
pub struct CarriedPartRow {
    pub strain_id: StrainId,
    pub position: i32,
    pub part_id: PartId,
    pub relation: String,
    pub copy_number: Option<i32>,
    pub notes: Option<String>,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = strain_parents)]
pub struct ParentRow {
    pub child_id: StrainId,
    pub position: i32,
    pub parent_id: StrainId,
    pub relation: String,
    pub description: Option<String>,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = strain_samples)]
pub struct SampleRow {
    pub id: SampleId,
    pub strain_id: StrainId,
    pub site: String,
    pub freezer: String,
    pub rack: String,
    pub box_: String,
    pub slot: String,
    pub preservation_method: String,
    pub quantity: Option<String>,
    pub prepared_by: Option<String>,
    pub prepared_at: Option<NaiveDateTime>,
    pub notes: Option<String>,
    pub created_by: UserId,
    pub created_at: NaiveDateTime,
    pub removed_at: Option<NaiveDateTime>,
    pub removed_by: Option<UserId>,
}

pub fn insert_strain(conn: &mut DbConnection, row: &StrainRow) -> QueryResult<()> {
    diesel::insert_into(strains::table)
        .values(row)
        .execute(conn)
        .map(|_| ())
}

pub fn update_strain(conn: &mut DbConnection, row: &StrainRow) -> QueryResult<()> {
    diesel::update(strains::table.find(row.id))
        .set(row)
        .execute(conn)
        .map(|_| ())
}

/// Replaces a strain's collection numbers, tags, carried parts and parents (one insert per row).
/// Its tag and carried-part rows carry its creation time, `created_at` (migration 000017), so
/// that a list filtered by a tag or a carried part reads its matches in order ([`StrainWalk`]).
pub fn replace_children(
    conn: &mut DbConnection,
    id: StrainId,
    created_at: NaiveDateTime,
    numbers: &[CollectionNumberRow],
    tags: &[String],
    parts: &[CarriedPartRow],
    parents: &[ParentRow],
) -> QueryResult<()> {
    diesel::delete(strain_collection_numbers::table.filter(strain_collection_numbers::strain_id.eq(id)))
        .execute(conn)?;
    diesel::delete(strain_tags::table.filter(strain_tags::strain_id.eq(id))).execute(conn)?;
    diesel::delete(strain_parts::table.filter(strain_parts::strain_id.eq(id))).execute(conn)?;
    diesel::delete(strain_parents::table.filter(strain_parents::child_id.eq(id))).execute(conn)?;
    for number in numbers {
        diesel::insert_into(strain_collection_numbers::table)
            .values(number)
            .execute(conn)?;
    }
    for tag in tags {
        diesel::insert_into(strain_tags::table)
            .values((
                strain_tags::strain_id.eq(id),
                strain_tags::tag.eq(tag),
                strain_tags::strain_created_at.eq(created_at),
            ))
            .execute(conn)?;
    }
    for part in parts {
        diesel::insert_into(strain_parts::table)
            .values((part, strain_parts::strain_created_at.eq(created_at)))
            .execute(conn)?;
    }
    for parent in parents {
        diesel::insert_into(strain_parents::table)
            .values(parent)
            .execute(conn)?;
    }
    Ok(())
}

pub fn find_strain(conn: &mut DbConnection, id: StrainId) -> QueryResult<Option<StrainRow>> {
    strains::table
        .find(id)
        .select(StrainRow::as_select())
        .first(conn)
        .optional()
}

pub fn find_strain_by_accession(conn: &mut DbConnection, accession: &str) -> QueryResult<Option<StrainRow>> {
    // No stored name holds NUL (PostgreSQL could not even compare with it): nothing matches.
    if accession.contains('\0') {
        return Ok(None);
    }
    strains::table
        .filter(strains::accession.eq(accession))
        .select(StrainRow::as_select())
        .first(conn)
        .optional()
}

/// Live strains that list `collection` `number` among their collection numbers.
pub fn holders_of_collection_number(
    conn: &mut DbConnection,
    collection: &str,
    number: &str,
) -> QueryResult<Vec<StrainRow>> {
    strains::table
        .inner_join(strain_collection_numbers::table)
        .filter(strain_collection_numbers::collection.eq(collection))
        .filter(strain_collection_numbers::number.eq(number))
        .filter(strains::withdrawn_at.is_null())
        .select(StrainRow::as_select())
        .distinct()
        .load(conn)
}

/// The few columns that name a strain and say who may see it: what a reference to a strain (a
/// parent, a node of a lineage, a carrier) needs, without the large columns of [`StrainRow`].
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = strains)]
pub struct StrainBrief {
    pub id: StrainId,
    pub accession: String,
    pub name: String,
    pub owner_org_id: OrganizationId,
    pub curation_state: String,
    pub published_revision: Option<i32>,
}

/// The briefs of `ids` (any order; missing ids are left out).
pub fn find_strain_briefs(conn: &mut DbConnection, ids: &[StrainId]) -> QueryResult<Vec<StrainBrief>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    where_in!(
        strains::table,
        strains::id,
        ids,
        .select(StrainBrief::as_select())
        .load(conn)
    )
}

/// What a list page needs to choose its rows before it reads them (see `parts::PartKey`).
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = strains)]
pub struct StrainKey {
    pub id: StrainId,
    pub created_at: NaiveDateTime,
    pub owner_org_id: OrganizationId,
    pub curation_state: String,
    pub published_revision: Option<i32>,
    pub accession: String,
    pub name: String,
    pub organism_type: String,
    pub taxon_name: String,
    pub ncbi_taxid: Option<i64>,
    pub risk_group: i32,
    pub revision: i32,
    pub updated_at: NaiveDateTime,
    pub withdrawn_at: Option<NaiveDateTime>,
    /// Registration order: the tie-break and cursor of relevance order (`db::text`).
    pub entry_no: Option<i64>,
    /// Identifiers as `db::text` encodes them, to place the strain in a tier of `q`.
    pub search_names: String,
    #[diesel(select_expression = octet_length(strains::details.nullable()))]
    #[diesel(select_expression_type = octet_length<diesel::dsl::Nullable<strains::details>>)]
    details_bytes: Option<i32>,
    #[diesel(select_expression = octet_length(strains::provenance.nullable()))]
    #[diesel(select_expression_type = octet_length<diesel::dsl::Nullable<strains::provenance>>)]
    provenance_bytes: Option<i32>,
    #[diesel(select_expression = octet_length(strains::search_text.nullable()))]
    #[diesel(select_expression_type = octet_length<diesel::dsl::Nullable<strains::search_text>>)]
    search_text_bytes: Option<i32>,
}

impl StrainKey {
    /// Bytes of the row's large columns as read (provenance at its expansion,
    /// [`super::PROVENANCE_EXPANSION`]).
    pub fn stored_bytes(&self) -> i64 {
        [self.details_bytes, self.search_text_bytes]
            .into_iter()
            .map(|bytes| i64::from(bytes.unwrap_or(0)))
            .sum::<i64>()
            + i64::from(self.provenance_bytes.unwrap_or(0)) * super::PROVENANCE_EXPANSION
    }
}

/// How many parts each of `ids` carries (strains with none are left out): one grouped query over
/// the primary key of `strain_parts`.
pub fn carried_counts(conn: &mut DbConnection, ids: &[StrainId]) -> QueryResult<Vec<(StrainId, i64)>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    strain_parts::table
        .filter(strain_parts::strain_id.eq_any(ids))
        .group_by(strain_parts::strain_id)
        .select((strain_parts::strain_id, diesel::dsl::count_star()))
        .load(conn)
}

pub fn find_strains(conn: &mut DbConnection, ids: &[StrainId]) -> QueryResult<Vec<StrainRow>> {
    where_in!(
        strains::table,
        strains::id,
        ids,
        .select(StrainRow::as_select())
        .load(conn)
    )
}

pub fn collection_numbers_of(conn: &mut DbConnection, ids: &[StrainId]) -> QueryResult<Vec<CollectionNumberRow>> {
    where_in!(
        strain_collection_numbers::table,
        strain_collection_numbers::strain_id,
        ids,
        .order(( strain_collection_numbers::strain_id, strain_collection_numbers::position, ))
        .select(CollectionNumberRow::as_select())
        .load(conn)
    )
}

pub fn tags_of(conn: &mut DbConnection, ids: &[StrainId]) -> QueryResult<Vec<(StrainId, String)>> {
    where_in!(
        strain_tags::table,
        strain_tags::strain_id,
        ids,
        .order((strain_tags::strain_id, strain_tags::tag))
        .select((strain_tags::strain_id, strain_tags::tag))
        .load(conn)
    )
}

pub fn carried_parts_of(conn: &mut DbConnection, ids: &[StrainId]) -> QueryResult<Vec<CarriedPartRow>> {
    where_in!(
        strain_parts::table,
        strain_parts::strain_id,
        ids,
        .order((strain_parts::strain_id, strain_parts::position))
        .select(CarriedPartRow::as_select())
        .load(conn)
    )
}

/// At most `limit` edges of `ids` in `direction` (parents when `up`, else children), ordered as
/// [`parents_of`] and [`children_of`]: one generation of a lineage walk, never more rows than
/// the walk can still take.
pub fn edges_of(conn: &mut DbConnection, ids: &[StrainId], up: bool, limit: i64) -> QueryResult<Vec<ParentRow>> {
    let order = (strain_parents::child_id, strain_parents::position);
    if up {
        where_in!(strain_parents::table, strain_parents::child_id, ids,
            .order(order).limit(limit).select(ParentRow::as_select()).load(conn))
    } else {
        where_in!(strain_parents::table, strain_parents::parent_id, ids,
            .order(order).limit(limit).select(ParentRow::as_select()).load(conn))
    }
}

/// At most `limit` (child, parent) pairs of the parent edges of `ids`: one generation of the
/// cycle check, without the edges' descriptions. Unordered, so the database stops reading at
/// `limit` (primary key `(child_id, …)`).
pub fn parent_ids_of(conn: &mut DbConnection, ids: &[StrainId], limit: i64) -> QueryResult<Vec<(StrainId, StrainId)>> {
    where_in!(
        strain_parents::table,
        strain_parents::child_id,
        ids,
        .select((strain_parents::child_id, strain_parents::parent_id))
        .limit(limit)
        .load(conn)
    )
}

/// The parent edges of `ids` (each child's parents, in order).
pub fn parents_of(conn: &mut DbConnection, ids: &[StrainId]) -> QueryResult<Vec<ParentRow>> {
    where_in!(
        strain_parents::table,
        strain_parents::child_id,
        ids,
        .order((strain_parents::child_id, strain_parents::position))
        .select(ParentRow::as_select())
        .load(conn)
    )
}

/// The child edges of `ids`.
pub fn children_of(conn: &mut DbConnection, ids: &[StrainId]) -> QueryResult<Vec<ParentRow>> {
    where_in!(
        strain_parents::table,
        strain_parents::parent_id,
        ids,
        .order((strain_parents::child_id, strain_parents::position))
        .select(ParentRow::as_select())
        .load(conn)
    )
}

/// One page of the live strains that carry any of `parts` directly: ids and accessions, by
/// accession, after `after`, at most `limit` (served by `strain_parts_part_created` and the
/// accession key).
pub fn carrying_strains(
    conn: &mut DbConnection,
    parts: &[PartId],
    after: Option<&str>,
    limit: i64,
) -> QueryResult<Vec<(StrainId, String)>> {
    let mut query = strain_parts::table
        .inner_join(strains::table.on(strains::id.eq(strain_parts::strain_id)))
        .filter(strain_parts::part_id.eq_any(parts))
        .filter(strains::withdrawn_at.is_null())
        .select((strains::id, strains::accession))
        .distinct()
        .into_boxed();
    if let Some(after) = after {
        query = query.filter(strains::accession.gt(after.to_string()));
    }
    query.order(strains::accession.asc()).limit(limit).load(conn)
}

/// The rows by which `strains` carry any of `parts` directly.
pub fn carried_rows(
    conn: &mut DbConnection,
    parts: &[PartId],
    strains: &[StrainId],
) -> QueryResult<Vec<CarriedPartRow>> {
    strain_parts::table
        .filter(strain_parts::part_id.eq_any(parts))
        .filter(strain_parts::strain_id.eq_any(strains))
        .order((strain_parts::strain_id, strain_parts::position))
        .select(CarriedPartRow::as_select())
        .load(conn)
}

/// Live strains that carry any of `parts` directly, with the carrying rows.
pub fn carriers_of(conn: &mut DbConnection, parts: &[PartId]) -> QueryResult<Vec<CarriedPartRow>> {
    strain_parts::table
        .inner_join(strains::table.on(strains::id.eq(strain_parts::strain_id)))
        .filter(strain_parts::part_id.eq_any(parts))
        .filter(strains::withdrawn_at.is_null())
        .order((strain_parts::strain_id, strain_parts::position))
        .select(CarriedPartRow::as_select())
        .load(conn)
}

pub fn withdraw_strain(
    conn: &mut DbConnection,
    id: StrainId,
    by: UserId,
    at: NaiveDateTime,
    reason: Option<&str>,
) -> QueryResult<()> {
    diesel::update(strains::table.find(id))
        .set((
            strains::withdrawn_at.eq(Some(at)),
            strains::withdrawn_by.eq(Some(by)),
            strains::withdrawal_reason.eq(reason),
            strains::updated_at.eq(at),
            strains::updated_by.eq(by),
            strains::revision.eq(strains::revision + 1),
            strains::curation_state.eq("withdrawn"),
        ))
        .execute(conn)
        .map(|_| ())
}

pub fn insert_sample(conn: &mut DbConnection, row: &SampleRow) -> QueryResult<()> {
    diesel::insert_into(strain_samples::table)
        .values(row)
        .execute(conn)
        .map(|_| ())
}

/// The live sample at a location, if any.
pub fn live_sample_at(
    conn: &mut DbConnection,
    site: &str,
    freezer: &str,
    rack: &str,
    box_: &str,
    slot: &str,
) -> QueryResult<Option<SampleRow>> {
    strain_samples::table
        .filter(strain_samples::site.eq(site))
        .filter(strain_samples::freezer.eq(freezer))
        .filter(strain_samples::rack.eq(rack))
        .filter(strain_samples::box_.eq(box_))
        .filter(strain_samples::slot.eq(slot))
        .filter(strain_samples::removed_at.is_null())
        .select(SampleRow::as_select())
        .first(conn)
        .optional()
}

/// Up to `limit` samples of `strain` after `(created_at, id)` `after`, oldest first: a range of
/// the index `(strain_id, created_at, id)`, whatever the number of samples.
pub fn samples_of(
    conn: &mut DbConnection,
    strain: StrainId,
    include_removed: bool,
    after: Option<(NaiveDateTime, SampleId)>,
    limit: i64,
) -> QueryResult<Vec<SampleRow>> {
    samples_query(strain, include_removed, after, limit)
        .select(SampleRow::as_select())
        .load(conn)
}

/// The query of [`samples_of`] (its plan is tested).
pub fn samples_query(
    strain: StrainId,
    include_removed: bool,
    after: Option<(NaiveDateTime, SampleId)>,
    limit: i64,
) -> strain_samples::BoxedQuery<'static, super::Db> {
    let mut query = strain_samples::table
        .filter(strain_samples::strain_id.eq(strain))
        .into_boxed();
    if !include_removed {
        query = query.filter(strain_samples::removed_at.is_null());
    }
    if let Some((at, id)) = after {
        query = query
            .filter(strain_samples::created_at.ge(at))
            .filter(strain_samples::created_at.gt(at).or(strain_samples::id.gt(id)));
    }
    query
        .order((strain_samples::created_at.asc(), strain_samples::id.asc()))
        .limit(limit)
}

/// How many live samples each of `strains` has (strains with none are left out): one grouped
/// query, so a strain with a million vials costs a count, not a million rows.
pub fn live_sample_counts(conn: &mut DbConnection, strains: &[StrainId]) -> QueryResult<Vec<(StrainId, i64)>> {
    if strains.is_empty() {
        return Ok(Vec::new());
    }
    strain_samples::table
        .filter(strain_samples::strain_id.eq_any(strains))
        .filter(strain_samples::removed_at.is_null())
        .group_by(strain_samples::strain_id)
        .select((strain_samples::strain_id, diesel::dsl::count_star()))
        .load(conn)
}

pub fn find_sample(conn: &mut DbConnection, id: SampleId) -> QueryResult<Option<SampleRow>> {
    strain_samples::table
        .find(id)
        .select(SampleRow::as_select())
        .first(conn)
        .optional()
}

pub fn remove_sample(conn: &mut DbConnection, id: SampleId, by: UserId, at: NaiveDateTime) -> QueryResult<()> {
    diesel::update(strain_samples::table.find(id))
        .set((
            strain_samples::removed_at.eq(Some(at)),
            strain_samples::removed_by.eq(Some(by)),
        ))
        .execute(conn)
        .map(|_| ())
}

/// Filters of a strain list (already resolved to stored values).
#[derive(Debug, Clone, Default)]
pub struct StrainFilter {
    /// Text query (`db::text`): matched by the text indexes in [`list_strain_keys`].
    pub text: Option<TextQuery>,
    /// Only these entries (`entry_no`), as a relevance walk reads them.
    pub entries: Option<Vec<i64>>,
    pub ncbi_taxid: Option<i64>,
    pub organism_type: Option<String>,
    pub risk_group: Option<i32>,
    pub carries_part: Option<PartId>,
    pub has_samples: Option<bool>,
    pub tag: Option<String>,
    pub owner_org_id: Option<OrganizationId>,
    /// Registered strictly after / before (a range of every `(…, created_at, id)` index).
    pub created_after: Option<NaiveDateTime>,
    pub created_before: Option<NaiveDateTime>,
    pub include_withdrawn: bool,
    /// Only these strains (the candidates `db::drive` chose).
    pub ids: Option<Vec<StrainId>>,
    /// Which records the caller may see.
    pub scope: crate::domain::visibility::ListScope,
}

use super::drive::{self, Plain, Side};
pub use super::drive::{Drive, KeyPage};
use super::text::{self, Index, Position, TextQuery};

/// Where the previous page of strains ended: `(created_at, id)` of its last row, or a place in
/// relevance order (lists with `q`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum StrainCursor {
    Created(NaiveDateTime, StrainId),
    Ranked(Position),
}

/// A strain filter matched through a side table.
#[derive(Debug, Clone)]
enum StrainSide {
    Tag(String),
    Carries(PartId),
    /// With (true) or without (false) live samples.
    Samples(bool),
}

impl Side<StrainId> for StrainSide {
    /// Index `strain_tags_tag_created`, `strain_parts_part_created` or `strain_samples_strain_created`; strains without
    /// samples are a complement, never listed.
    fn matches(&self, conn: &mut DbConnection, limit: i64) -> QueryResult<Option<Vec<StrainId>>> {
        Ok(Some(match self {
            StrainSide::Tag(tag) => strain_tags::table
                .filter(strain_tags::tag.eq(tag))
                .select(strain_tags::strain_id)
                .limit(limit)
                .load(conn)?,
            StrainSide::Carries(part) => strain_parts::table
                .filter(strain_parts::part_id.eq(part))
                .select(strain_parts::strain_id)
                .distinct()
                .limit(limit)
                .load(conn)?,
            StrainSide::Samples(true) => strain_samples::table
                .filter(strain_samples::removed_at.is_null())
                .select(strain_samples::strain_id)
                .distinct()
                .limit(limit)
                .load(conn)?,
            StrainSide::Samples(false) => return Ok(None),
        }))
    }

    fn accepts(&self, conn: &mut DbConnection, ids: &[StrainId]) -> QueryResult<std::collections::HashSet<StrainId>> {
        let found: Vec<StrainId> = match self {
            StrainSide::Tag(tag) => strain_tags::table
                .filter(strain_tags::strain_id.eq_any(ids))
                .filter(strain_tags::tag.eq(tag))
                .select(strain_tags::strain_id)
                .load(conn)?,
            StrainSide::Carries(part) => strain_parts::table
                .filter(strain_parts::strain_id.eq_any(ids))
                .filter(strain_parts::part_id.eq(part))
                .select(strain_parts::strain_id)
                .load(conn)?,
            StrainSide::Samples(wanted) => {
                let with: std::collections::HashSet<StrainId> = strain_samples::table
                    .filter(strain_samples::strain_id.eq_any(ids))
                    .filter(strain_samples::removed_at.is_null())
                    .select(strain_samples::strain_id)
                    .distinct()
                    .load::<StrainId>(conn)?
                    .into_iter()
                    .collect();
                ids.iter().copied().filter(|id| with.contains(id) == *wanted).collect()
            }
        };
        Ok(found.into_iter().collect())
    }
}

/// A side filter whose rows carry the strain's creation time (migration 000017).
#[derive(Debug, Clone, PartialEq)]
pub enum WalkedStrainSide {
    Tag(String),
    Carries(PartId),
}

/// The strains with a tag or carrying a part in creation order, read from
/// `strain_tags_tag_created` or `strain_parts_part_created`, [`Drive::step`] rows a query.
pub struct StrainWalk {
    side: WalkedStrainSide,
    /// The last row read (the caller's cursor before the first step).
    at: Option<(NaiveDateTime, StrainId)>,
}

/// One step of a [`StrainWalk`] on `$table` (keyset as in `listed`).
macro_rules! strain_walk_query {
    ($table:ident, $column:expr, $value:expr, $at:expr, $limit:expr) => {{
        let mut query = $table::table.filter($column.eq($value)).into_boxed();
        if let Some((at, id)) = $at {
            query = query
                .filter($table::strain_created_at.ge(at))
                .filter($table::strain_created_at.gt(at).or($table::strain_id.gt(id)));
        }
        query
            .order(($table::strain_created_at.asc(), $table::strain_id.asc()))
            .select(($table::strain_id, $table::strain_created_at))
            .limit($limit)
    }};
}

impl StrainWalk {
    pub fn new(side: WalkedStrainSide, after: Option<(NaiveDateTime, StrainId)>) -> StrainWalk {
        StrainWalk { side, at: after }
    }

    /// The plan of the walk's next step (`tests/api/plans.rs`).
    pub fn plan(&self, conn: &mut DbConnection, limit: i64) -> QueryResult<Vec<String>> {
        match &self.side {
            WalkedStrainSide::Tag(tag) => super::explain::plan(
                conn,
                strain_walk_query!(strain_tags, strain_tags::tag, tag.clone(), self.at, limit),
            ),
            WalkedStrainSide::Carries(part) => super::explain::plan(
                conn,
                strain_walk_query!(strain_parts, strain_parts::part_id, *part, self.at, limit),
            ),
        }
    }
}

impl drive::Walk<StrainId> for StrainWalk {
    fn next(&mut self, conn: &mut DbConnection, limit: i64) -> QueryResult<Vec<StrainId>> {
        let rows: Vec<(StrainId, NaiveDateTime)> = match &self.side {
            WalkedStrainSide::Tag(tag) => {
                strain_walk_query!(strain_tags, strain_tags::tag, tag.clone(), self.at, limit).load(conn)?
            }
            WalkedStrainSide::Carries(part) => {
                strain_walk_query!(strain_parts, strain_parts::part_id, *part, self.at, limit).load(conn)?
            }
        };
        if let Some(&(id, at)) = rows.last() {
            self.at = Some((at, id));
        }
        // A strain carrying a part twice has two rows, next to each other; the walk reads a
        // step's ids as a set.
        Ok(rows.into_iter().map(|(id, _)| id).collect())
    }
}

/// A strain list without its side filters, as `db::drive` reads it.
struct StrainPlain {
    base: StrainFilter,
    after: Option<(NaiveDateTime, StrainId)>,
}

impl Plain<StrainKey, StrainId> for StrainPlain {
    fn read(
        &mut self,
        conn: &mut DbConnection,
        ids: Option<&[StrainId]>,
        after: Option<&StrainKey>,
        limit: i64,
    ) -> QueryResult<Vec<StrainKey>> {
        let narrowed;
        let filter = match ids {
            Some(ids) => {
                narrowed = StrainFilter {
                    ids: Some(ids.to_vec()),
                    ..self.base.clone()
                };
                &narrowed
            }
            None => &self.base,
        };
        let after = after.map(|key| (key.created_at, key.id)).or(self.after);
        key_query(filter, after, limit).load(conn)
    }

    fn key_of(&mut self, conn: &mut DbConnection, id: StrainId) -> QueryResult<Option<StrainKey>> {
        strains::table
            .find(id)
            .select(StrainKey::as_select())
            .first(conn)
            .optional()
    }

    fn id(&self, key: &StrainKey) -> StrainId {
        key.id
    }
}

/// The keys of one page of strains in creation order, after `(created_at, id)` of the previous
/// page, at most `limit`; a list reads the rows its page can hold (`find_strains`). Side
/// filters (tag, carried part, samples) are driven from the selective side (`db::drive`).
///
/// With a text query the list is in relevance order (`db::text::walk`) and its cursor a
/// [`StrainCursor::Ranked`].
pub fn list_strain_keys(
    conn: &mut DbConnection,
    filter: &StrainFilter,
    after: Option<StrainCursor>,
    limit: i64,
) -> QueryResult<KeyPage<StrainKey>> {
    list_strain_keys_driven(conn, filter, after, limit, Drive::DEFAULT)
}

/// [`list_strain_keys`] with the given [`Drive`].
pub fn list_strain_keys_driven(
    conn: &mut DbConnection,
    filter: &StrainFilter,
    after: Option<StrainCursor>,
    limit: i64,
    drive: Drive,
) -> QueryResult<KeyPage<StrainKey>> {
    let mut sides = Vec::new();
    if let Some(tag) = &filter.tag {
        sides.push(StrainSide::Tag(tag.clone()));
    }
    if let Some(part) = filter.carries_part {
        sides.push(StrainSide::Carries(part));
    }
    if let Some(wanted) = filter.has_samples {
        sides.push(StrainSide::Samples(wanted));
    }
    let mut base = filter.clone();
    base.tag = None;
    base.carries_part = None;
    base.has_samples = None;
    if let Some(q) = base.text.take() {
        let start = match after {
            Some(StrainCursor::Ranked(position)) => Some(position),
            _ => None,
        };
        return ranked(conn, base, &sides, &q, start, limit, drive);
    }
    let after = match after {
        Some(StrainCursor::Created(at, id)) => Some((at, id)),
        _ => None,
    };
    let explicit = base.ids.take();
    // The first tag or carried-part filter can be walked in creation order from its own index.
    let mut walk = sides.iter().enumerate().find_map(|(k, side)| {
        let walked = match side {
            StrainSide::Tag(tag) => WalkedStrainSide::Tag(tag.clone()),
            StrainSide::Carries(part) => WalkedStrainSide::Carries(*part),
            StrainSide::Samples(_) => return None,
        };
        Some((k, StrainWalk::new(walked, after)))
    });
    let sides: Vec<&dyn Side<StrainId>> = sides.iter().map(|s| s as &dyn Side<StrainId>).collect();
    let mut plain = StrainPlain { base, after };
    let walk = walk
        .as_mut()
        .map(|(k, walk)| (*k, walk as &mut dyn drive::Walk<StrainId>));
    drive::page(conn, &mut plain, &sides, walk, explicit, limit, drive)
}

/// A strain list with `q`, in relevance order (see `db::parts`'s `ranked`).
fn ranked(
    conn: &mut DbConnection,
    base: StrainFilter,
    sides: &[StrainSide],
    q: &TextQuery,
    start: Option<Position>,
    limit: i64,
    drive: Drive,
) -> QueryResult<KeyPage<StrainKey>> {
    let mut accept = |conn: &mut DbConnection, entries: &[i64]| -> QueryResult<Vec<(i64, String, StrainKey)>> {
        let narrowed = StrainFilter {
            entries: Some(entries.to_vec()),
            ..base.clone()
        };
        let mut keys: Vec<StrainKey> = listed(&narrowed, None)
            .order(strains::entry_no.asc())
            .select(StrainKey::as_select())
            .limit(entries.len() as i64)
            .load(conn)?;
        for side in sides {
            let ids: Vec<StrainId> = keys.iter().map(|k| k.id).collect();
            let accepted = side.accepts(conn, &ids)?;
            keys.retain(|k| accepted.contains(&k.id));
        }
        Ok(keys
            .into_iter()
            .filter_map(|k| Some((k.entry_no?, k.search_names.clone(), k)))
            .collect())
    };
    let page = text::walk(
        conn,
        Index::Strains,
        q,
        start,
        limit.max(0) as usize,
        drive,
        &mut accept,
    )?;
    Ok(KeyPage {
        keys: page.keys.into_iter().map(|(_, key)| key).collect(),
        resume: None,
        resume_at: page.resume,
    })
}

/// The query of [`list_strain_keys`] (also for reading its plan, `db::explain`).
pub fn key_query(
    filter: &StrainFilter,
    after: Option<(NaiveDateTime, StrainId)>,
    limit: i64,
) -> diesel::dsl::Limit<
    diesel::dsl::Select<strains::BoxedQuery<'static, super::Db>, diesel::dsl::AsSelect<StrainKey, super::Db>>,
> {
    listed(filter, after).select(StrainKey::as_select()).limit(limit)
}

/// The filtered, ordered query behind [`list_strain_keys`], without its select clause.
fn listed(filter: &StrainFilter, after: Option<(NaiveDateTime, StrainId)>) -> strains::BoxedQuery<'static, super::Db> {
    // `filter.text` is matched by the text indexes (`list_strain_keys`), never here.
    let mut query = strains::table.into_boxed();
    if let Some(entries) = &filter.entries {
        query = query.filter(strains::entry_no.eq_any(entries.iter().map(|e| Some(*e))));
    }
    if let Some(taxid) = filter.ncbi_taxid {
        query = query.filter(strains::ncbi_taxid.eq(taxid));
    }
    if let Some(kind) = &filter.organism_type {
        query = query.filter(strains::organism_type.eq(kind.clone()));
    }
    if let Some(after) = filter.created_after {
        query = query.filter(strains::created_at.gt(after));
    }
    if let Some(before) = filter.created_before {
        query = query.filter(strains::created_at.lt(before));
    }
    if let Some(group) = filter.risk_group {
        query = query.filter(strains::risk_group.eq(group));
    }
    if let Some(part) = filter.carries_part {
        query = query.filter(
            strains::id.eq_any(
                strain_parts::table
                    .filter(strain_parts::part_id.eq(part))
                    .select(strain_parts::strain_id),
            ),
        );
    }
    let with_samples = strain_samples::table
        .filter(strain_samples::removed_at.is_null())
        .select(strain_samples::strain_id);
    match filter.has_samples {
        Some(true) => query = query.filter(strains::id.eq_any(with_samples)),
        Some(false) => query = query.filter(strains::id.ne_all(with_samples)),
        None => {}
    }
    if let Some(tag) = &filter.tag {
        query = query.filter(
            strains::id.eq_any(
                strain_tags::table
                    .filter(strain_tags::tag.eq(tag.clone()))
                    .select(strain_tags::strain_id),
            ),
        );
    }
    if let Some(org) = filter.owner_org_id {
        query = query.filter(strains::owner_org_id.eq(org));
    }
    if let Some(ids) = &filter.ids {
        query = query.filter(strains::id.eq_any(ids.clone()));
    }
    if !filter.include_withdrawn {
        query = query.filter(strains::withdrawn_at.is_null());
    }
    use crate::domain::visibility::ListScope;
    match filter.scope {
        ListScope::Everything => {}
        ListScope::Published => query = query.filter(strains::published_revision.is_not_null()),
        ListScope::PublishedOrOwnedBy(org) => {
            query = query.filter(
                strains::published_revision
                    .is_not_null()
                    .or(strains::owner_org_id.eq(org)),
            )
        }
        ListScope::AllButDraftsOfOthers(org) => {
            query = query.filter(
                strains::published_revision
                    .is_not_null()
                    .or(strains::owner_org_id.eq(org))
                    .or(strains::curation_state.ne("draft")),
            )
        }
    }
    if let Some((at, id)) = after {
        // `created_at >= at AND (created_at > at OR id > id)`: a seek of the index to `at`.
        query = query
            .filter(strains::created_at.ge(at))
            .filter(strains::created_at.gt(at).or(strains::id.gt(id)));
    }
    query.order((strains::created_at.asc(), strains::id.asc()))
}

/// The live strain an organisation registered under `name`, if any (the seed loader's natural key).
pub fn find_live_by_owner_and_name(
    conn: &mut DbConnection,
    owner: OrganizationId,
    name: &str,
) -> QueryResult<Option<StrainRow>> {
    strains::table
        .filter(strains::owner_org_id.eq(owner))
        .filter(strains::name.eq(name))
        .filter(strains::withdrawn_at.is_null())
        .select(StrainRow::as_select())
        .first(conn)
        .optional()
}
