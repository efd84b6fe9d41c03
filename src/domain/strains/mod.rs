//! Owns the strain library's rules: registering, reading, listing, editing and withdrawing
//! strains; typed lineage without loops; carried parts and which strains carry a part (through
//! plasmids and composites); physical samples and their freezer positions.

pub mod collection;
pub mod input;
pub mod lineage;
pub mod view;

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, NaiveDateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::db::parts as part_rows;
use crate::db::strains::{
    self as rows, CarriedPartRow, CollectionNumberRow, ParentRow, SampleRow, StrainBrief, StrainCursor, StrainFilter,
    StrainRow,
};
use crate::db::text::{encode_names, Position, Tier};
use crate::db::types::{PartId, SampleId, StrainId};
use crate::db::{now, DbConnection};
use crate::domain::accounts::{Principal, Role};
use crate::domain::audit::{self, RecordRef};
use crate::domain::curation::{self, Curation};
use crate::domain::page::{PageBudget, CHILD_BYTES, PAGE_BYTES};
use crate::domain::parts::{format_accession, require_if_match, PartRef};
use crate::domain::provenance;
use crate::domain::visibility::{self, Facts, Viewer};
use crate::error::{AppError, AppResult};

pub use input::{find_strain, StrainInput, ValidStrain};
pub use lineage::Direction;
pub use view::{Location, SampleView, StrainRef, StrainSummary, StrainView};

fn facts(row: &StrainRow) -> Facts<'_> {
    Facts {
        owner: row.owner_org_id,
        state: &row.curation_state,
        published_revision: row.published_revision,
    }
}

fn key_facts(row: &rows::StrainKey) -> Facts<'_> {
    Facts {
        owner: row.owner_org_id,
        state: &row.curation_state,
        published_revision: row.published_revision,
    }
}

fn brief_facts(row: &StrainBrief) -> Facts<'_> {
    Facts {
        owner: row.owner_org_id,
        state: &row.curation_state,
        published_revision: row.published_revision,
    }
}

/// Loads a strain the viewer may see at all; 404 otherwise, as if it did not exist.
fn load_visible(conn: &mut DbConnection, viewer: Viewer, reference: &str) -> AppResult<StrainRow> {
    let row = load(conn, reference)?;
    if visibility::sees_any(viewer, facts(&row)) {
        Ok(row)
    } else {
        Err(AppError::not_found(format!("strain `{reference}` does not exist")))
    }
}

/// A strain as one caller sees it: its head, or the published revision.
#[derive(Debug, Clone)]
pub struct Presented {
    pub body: serde_json::Value,
    pub revision: i32,
}

fn present(conn: &mut DbConnection, viewer: Viewer, strain_rows: Vec<StrainRow>) -> AppResult<Vec<Presented>> {
    let (heads, _): (Vec<StrainRow>, Vec<StrainRow>) = strain_rows
        .iter()
        .cloned()
        .partition(|row| visibility::sees_head(viewer, facts(row)));
    let mut views: HashMap<StrainId, StrainView> =
        view::assemble(conn, heads)?.into_iter().map(|v| (v.id, v)).collect();
    let mut presented = Vec::with_capacity(strain_rows.len());
    for row in &strain_rows {
        match views.remove(&row.id) {
            Some(view) => presented.push(Presented {
                body: serde_json::to_value(&view).map_err(AppError::internal)?,
                revision: view.revision,
            }),
            None => presented.push(Presented {
                body: visibility::published_snapshot(conn, "strain", &row.id.to_string(), facts(row))?,
                revision: row.published_revision.unwrap_or(row.revision),
            }),
        }
    }
    Ok(presented)
}

/// Whether a published snapshot (shown instead of a hidden head) still meets the list filters.
fn snapshot_matches(filter: &StrainFilter, snapshot: &serde_json::Value) -> bool {
    if let Some(q) = &filter.text {
        let lower = |v: &serde_json::Value| v.as_str().unwrap_or_default().to_lowercase();
        let mut haystack = vec![
            lower(&snapshot["accession"]),
            lower(&snapshot["name"]),
            lower(&snapshot["taxon"]["name"]),
            lower(&snapshot["genotype"]),
        ];
        haystack.extend(snapshot["aliases"].as_array().into_iter().flatten().map(lower));
        for number in snapshot["other_collection_numbers"].as_array().into_iter().flatten() {
            let (c, n) = (lower(&number["collection"]), lower(&number["number"]));
            haystack.extend([format!("{c} {n}"), format!("{c}{n}"), n]);
        }
        let all = haystack.join("\n");
        if q.tier_of(haystack.iter().map(String::as_str), &all).is_none() {
            return false;
        }
    }
    if filter
        .ncbi_taxid
        .is_some_and(|t| snapshot["taxon"]["ncbi_taxid"].as_i64() != Some(t))
        || filter
            .organism_type
            .as_ref()
            .is_some_and(|o| snapshot["organism_type"].as_str() != Some(o.as_str()))
        || filter
            .risk_group
            .is_some_and(|r| snapshot["risk_group"].as_i64() != Some(i64::from(r)))
    {
        return false;
    }
    if let Some(tag) = &filter.tag {
        if !snapshot["tags"]
            .as_array()
            .into_iter()
            .flatten()
            .any(|t| t.as_str() == Some(tag.as_str()))
        {
            return false;
        }
    }
    if let Some(part) = filter.carries_part {
        let id = part.to_string();
        if !snapshot["parts"]
            .as_array()
            .into_iter()
            .flatten()
            .any(|p| p["part"]["id"].as_str() == Some(id.as_str()))
        {
            return false;
        }
    }
    true
}

fn load(conn: &mut DbConnection, reference: &str) -> AppResult<StrainRow> {
    find_strain(conn, reference)?.ok_or_else(|| AppError::not_found(format!("strain `{reference}` does not exist")))
}

/// [`load`] inside a write transaction, with the row locked and read again under the lock (see
/// `parts::load_for_update`).
pub(crate) fn load_for_update(conn: &mut DbConnection, reference: &str) -> AppResult<StrainRow> {
    let row = load(conn, reference)?;
    if crate::db::lock_row(conn, crate::db::LockedTable::Strains, row.id.0)? {
        return crate::db::strains::find_strain(conn, row.id)?
            .ok_or_else(|| AppError::not_found(format!("strain `{reference}` does not exist")));
    }
    Ok(row)
}

fn ensure_can_edit(principal: &Principal, row: &StrainRow) -> AppResult<()> {
    visibility::ensure_can_edit(principal, facts(row), "strain", &row.accession)
}

/// The view of a row just written, stored as that revision's snapshot with its audit event.
fn revised(
    conn: &mut DbConnection,
    principal: &Principal,
    row: StrainRow,
    action: &str,
    comment: Option<&str>,
) -> AppResult<StrainView> {
    let view = single(conn, row)?;
    let id = view.id.to_string();
    let record = RecordRef {
        kind: "strain",
        id: &id,
        accession: Some(&view.accession),
    };
    audit::revise(conn, principal, action, record, view.revision, &view, comment)?;
    Ok(view)
}

fn single(conn: &mut DbConnection, row: StrainRow) -> AppResult<StrainView> {
    view::assemble(conn, vec![row])?
        .pop()
        .ok_or_else(|| AppError::internal("strain vanished"))
}

struct Bookkeeping {
    id: StrainId,
    accession: String,
    owner: crate::db::types::OrganizationId,
    created_by: crate::db::types::UserId,
    created_at: NaiveDateTime,
    revision: i32,
    curation: Curation,
    provenance: String,
}

fn build_row(valid: &ValidStrain, meta: Bookkeeping, by: &Principal) -> AppResult<StrainRow> {
    let mut search: Vec<String> = vec![meta.accession.clone(), valid.name.clone(), valid.taxon_name.clone()];
    search.extend(valid.details.aliases.iter().cloned());
    search.extend(valid.collection_numbers.iter().flat_map(|n| n.search_forms()));
    search.extend(valid.details.genotype.iter().cloned());
    Ok(StrainRow {
        id: meta.id,
        accession: meta.accession,
        name: valid.name.clone(),
        organism_type: valid.organism_type.as_str().into(),
        taxon_name: valid.taxon_name.clone(),
        ncbi_taxid: valid.ncbi_taxid,
        risk_group: valid.risk_group,
        details: serde_json::to_string(&valid.details).map_err(AppError::internal)?,
        search_text: search.join("\n").to_lowercase(),
        search_names: encode_names(search.iter().map(String::as_str)),
        owner_org_id: meta.owner,
        created_by: meta.created_by,
        created_at: meta.created_at,
        updated_by: by.user.id,
        updated_at: now(),
        revision: meta.revision,
        withdrawn_at: None,
        withdrawn_by: None,
        withdrawal_reason: None,
        curation_state: meta.curation.state.as_str().to_string(),
        published_revision: meta.curation.published_revision,
        submitted_at: meta.curation.submitted_at,
        provenance: meta.provenance,
    })
}

fn store_children(conn: &mut DbConnection, row: &StrainRow, valid: &ValidStrain) -> AppResult<()> {
    let id = row.id;
    let numbers: Vec<CollectionNumberRow> = valid
        .collection_numbers
        .iter()
        .enumerate()
        .map(|(i, n)| CollectionNumberRow {
            strain_id: id,
            position: i as i32,
            collection: n.collection.clone(),
            number: n.number.clone(),
        })
        .collect();
    let parts: Vec<CarriedPartRow> = valid
        .parts
        .iter()
        .enumerate()
        .map(|(i, c)| CarriedPartRow {
            strain_id: id,
            position: i as i32,
            part_id: c.part.id,
            relation: c.relation.as_str().into(),
            copy_number: c.copy_number,
            notes: c.notes.clone(),
        })
        .collect();
    let parents: Vec<ParentRow> = valid
        .parents
        .iter()
        .enumerate()
        .map(|(i, p)| ParentRow {
            child_id: id,
            position: i as i32,
            parent_id: p.strain.id,
            relation: p.relation.as_str().into(),
            description: p.description.clone(),
        })
        .collect();
    Ok(rows::replace_children(
        conn,
        id,
        row.created_at,
        &numbers,
        &valid.tags,
        &parts,
        &parents,
    )?)
}

/// Registers a strain for the caller's organisation.
pub fn create(
    conn: &mut DbConnection,
    principal: &Principal,
    input: StrainInput,
    prefix: &str,
    comment: Option<&str>,
) -> AppResult<StrainView> {
    principal.require(Role::Submitter)?;
    let view = conn.write_transaction(|conn| {
        let after = serde_json::to_value(&input).map_err(AppError::internal)?;
        let provenance = provenance::update(&Default::default(), None, &after, &input.provenance, principal)?;
        let valid = input::validate(conn, Viewer::of(Some(principal)), input, None)?;
        let serial = part_rows::next_accession_number(conn, "strain")?;
        let meta = Bookkeeping {
            id: StrainId::new_random(),
            accession: format_accession(prefix, serial),
            owner: principal.organization.id,
            created_by: principal.user.id,
            created_at: now(),
            revision: 1,
            curation: Curation::new_draft(),
            provenance: provenance::store(&provenance)?,
        };
        let row = build_row(&valid, meta, principal)?;
        rows::insert_strain(conn, &row)?;
        store_children(conn, &row, &valid)?;
        let view = revised(conn, principal, row, "strain.created", comment)?;
        Ok::<_, AppError>(view)
    })?;
    Ok(view)
}

/// The culture-collection numbers of `input` that live strains already hold, as field errors
/// (`other_collection_numbers[i]`) naming the first holder the viewer may see. Imports report
/// these as duplicates, the way parts report a sequence already registered.
pub fn registered_collection_numbers(
    conn: &mut DbConnection,
    viewer: Viewer,
    input: &StrainInput,
) -> AppResult<Vec<crate::error::FieldError>> {
    let mut found = Vec::new();
    for (i, text) in input.other_collection_numbers.iter().enumerate() {
        let Some(number) = collection::parse(text) else {
            continue;
        };
        let holders = rows::holders_of_collection_number(conn, &number.collection, &number.number)?;
        if holders.is_empty() {
            continue;
        }
        let message = match holders.iter().find(|h| visibility::sees_any(viewer, facts(h))) {
            Some(holder) => format!(
                "{} is already registered as {} (`{}`)",
                number.display(),
                holder.accession,
                holder.name
            ),
            None => format!(
                "{} is already registered in a record that is not published yet",
                number.display()
            ),
        };
        found.push(crate::error::FieldError {
            field: format!("other_collection_numbers[{i}]"),
            message,
        });
    }
    Ok(found)
}

/// The id of a strain the viewer may see and which of its revisions they may read.
pub fn history_access(
    conn: &mut DbConnection,
    viewer: Viewer,
    reference: &str,
) -> AppResult<(String, Option<Vec<i32>>)> {
    let row = load_visible(conn, viewer, reference)?;
    let id = row.id.to_string();
    let revisions = visibility::visible_revisions(conn, "strain", &id, viewer, facts(&row), row.revision)?;
    Ok((id, revisions))
}

/// One strain as the viewer may see it.
pub fn get(conn: &mut DbConnection, viewer: Viewer, reference: &str) -> AppResult<Presented> {
    let row = load_visible(conn, viewer, reference)?;
    present(conn, viewer, vec![row])?
        .pop()
        .ok_or_else(|| AppError::internal("strain vanished"))
}

/// One strain, whole (for the workflow; no visibility applied).
pub fn get_head(conn: &mut DbConnection, reference: &str) -> AppResult<StrainView> {
    let row = load(conn, reference)?;
    single(conn, row)
}

/// Applies a JSON merge patch (RFC 7396) to a strain.
pub fn update(
    conn: &mut DbConnection,
    principal: &Principal,
    reference: &str,
    patch: serde_json::Value,
    if_match: Option<&str>,
    comment: Option<&str>,
) -> AppResult<StrainView> {
    if !patch.is_object() {
        return Err(AppError::invalid_field("body", "a merge patch must be a JSON object"));
    }
    let view = conn.write_transaction(|conn| {
        let current = load_for_update(conn, reference)?;
        ensure_can_edit(principal, &current)?;
        require_if_match(if_match, &current.accession, current.revision)?;
        curation::ensure_editable(&current.curation_state, &current.accession)?;
        if current.withdrawn_at.is_some() {
            return Err(AppError::conflict(format!(
                "strain {} is withdrawn and cannot be edited",
                current.accession
            )));
        }
        let editable = view::editable(single(conn, current.clone())?);
        let mut document = serde_json::to_value(editable).map_err(AppError::internal)?;
        let before = document.clone();
        json_patch::merge(&mut document, &patch);
        let after = document.clone();
        let edited: StrainInput = crate::json::from_json_value(document)?;
        let provenance = provenance::update(
            &provenance::read(&current.provenance),
            Some(&before),
            &after,
            &edited.provenance,
            principal,
        )?;
        let valid = input::validate(conn, Viewer::of(Some(principal)), edited, Some(current.id))?;
        let meta = Bookkeeping {
            id: current.id,
            accession: current.accession.clone(),
            owner: current.owner_org_id,
            created_by: current.created_by,
            created_at: current.created_at,
            revision: current.revision + 1,
            curation: Curation::after_edit(
                &current.curation_state,
                current.published_revision,
                current.submitted_at,
            ),
            provenance: provenance::store(&provenance)?,
        };
        let row = build_row(&valid, meta, principal)?;
        rows::update_strain(conn, &row)?;
        store_children(conn, &row, &valid)?;
        let view = revised(conn, principal, row, "strain.edited", comment)?;
        Ok(view)
    })?;
    Ok(view)
}

/// Withdraws a strain (soft: it stays readable but leaves lists).
pub fn withdraw(
    conn: &mut DbConnection,
    principal: &Principal,
    reference: &str,
    reason: Option<String>,
    if_match: Option<&str>,
    comment: Option<&str>,
) -> AppResult<StrainView> {
    let view = conn.write_transaction(|conn| {
        let current = load_for_update(conn, reference)?;
        ensure_can_edit(principal, &current)?;
        require_if_match(if_match, &current.accession, current.revision)?;
        curation::ensure_owner_may_withdraw(&current.curation_state, current.published_revision, &current.accession)?;
        if current.withdrawn_at.is_some() {
            return Err(AppError::conflict(format!(
                "strain {} is already withdrawn",
                current.accession
            )));
        }
        let reason = reason.map(|r| r.trim().to_string()).filter(|r| !r.is_empty());
        rows::withdraw_strain(conn, current.id, principal.user.id, now(), reason.as_deref())?;
        let row = load(conn, &current.id.to_string())?;
        let view = revised(conn, principal, row, "strain.withdrawn", comment)?;
        Ok(view)
    })?;
    Ok(view)
}

/// A page of strains in creation order (the cursor is `<created_at>|<id>`), or with a text query
/// in relevance order (`db::text`; the cursor is `r<tier>:<entry>`).
pub fn list(
    conn: &mut DbConnection,
    viewer: Viewer,
    filter: &StrainFilter,
    cursor: Option<&str>,
    limit: i64,
    record: bool,
) -> AppResult<(Vec<Presented>, Option<String>)> {
    let after = match cursor {
        None => None,
        Some(token) if filter.text.is_some() => {
            Some(StrainCursor::Ranked(crate::domain::cursor::decode_position(token)?))
        }
        Some(token) => {
            let (at, id) = crate::domain::cursor::decode(token)?;
            Some(StrainCursor::Created(at, StrainId(id)))
        }
    };
    let mut filter = filter.clone();
    filter.scope = visibility::list_scope(viewer);
    let rows::KeyPage {
        keys,
        resume,
        resume_at,
    } = rows::list_strain_keys(conn, &filter, after, limit + 1)?;
    let candidates = &keys[..keys.len().min(limit as usize)];
    let ids: Vec<StrainId> = candidates.iter().map(|k| k.id).collect();
    // Children count only in whole records; a summary never reads them.
    let carried: HashMap<StrainId, i64> = if record {
        rows::carried_counts(conn, &ids)?.into_iter().collect()
    } else {
        HashMap::new()
    };
    let mut budget = PageBudget::new(PAGE_BYTES);
    for key in candidates {
        let bytes = if !visibility::sees_head(viewer, key_facts(key)) {
            visibility::published_snapshot_bytes(conn, "strain", &key.id.to_string(), key.published_revision)?
        } else if record {
            key.stored_bytes() + CHILD_BYTES * carried.get(&key.id).copied().unwrap_or(0)
        } else {
            SUMMARY_BYTES
        };
        if !budget.take(bytes) {
            break;
        }
    }
    let keep = budget.taken();
    // More after this page: a row the budget left out, or a walk that stopped before the end.
    let encode = |k: &rows::StrainKey| match &filter.text {
        Some(q) => crate::domain::cursor::encode_position(Position {
            tier: q.names_tier(&k.search_names).unwrap_or(Tier::Words),
            entry: k.entry_no.unwrap_or_default(),
        }),
        None => crate::domain::cursor::encode(k.created_at, k.id),
    };
    let next = if keys.len() > keep {
        keys[..keep].last().map(encode)
    } else if let Some(position) = resume_at {
        Some(crate::domain::cursor::encode_position(position))
    } else {
        resume.as_ref().map(encode)
    };
    if !record {
        return Ok((summarise(conn, viewer, &filter, &keys[..keep])?, next));
    }
    let mut rows_by_id: HashMap<StrainId, StrainRow> = rows::find_strains(conn, &ids[..keep])?
        .into_iter()
        .map(|r| (r.id, r))
        .collect();
    let page: Vec<StrainRow> = ids[..keep].iter().filter_map(|id| rows_by_id.remove(id)).collect();
    let heads: Vec<bool> = page
        .iter()
        .map(|row| visibility::sees_head(viewer, facts(row)))
        .collect();
    let items = present(conn, viewer, page)?
        .into_iter()
        .zip(heads)
        .filter(|(item, head)| *head || snapshot_matches(&filter, &item.body))
        .map(|(item, _)| item)
        .collect();
    Ok((items, next))
}

/// What a summary of a head stands for in a page's budget (keys, collection numbers, tags).
const SUMMARY_BYTES: i64 = 512;

/// Summaries of `keys` as the viewer sees them (see `domain::parts`'s): heads from their keys,
/// hidden pending edits as their published snapshot's summary, read one at a time.
fn summarise(
    conn: &mut DbConnection,
    viewer: Viewer,
    filter: &StrainFilter,
    keys: &[rows::StrainKey],
) -> AppResult<Vec<Presented>> {
    let heads: Vec<rows::StrainKey> = keys
        .iter()
        .filter(|key| visibility::sees_head(viewer, key_facts(key)))
        .cloned()
        .collect();
    let mut summaries: HashMap<StrainId, view::StrainSummary> =
        view::summaries(conn, &heads)?.into_iter().map(|s| (s.id, s)).collect();
    let mut items = Vec::with_capacity(keys.len());
    for key in keys {
        if let Some(summary) = summaries.remove(&key.id) {
            let revision = summary.revision;
            items.push(Presented {
                body: serde_json::to_value(summary).map_err(AppError::internal)?,
                revision,
            });
            continue;
        }
        let snapshot = visibility::published_snapshot(conn, "strain", &key.id.to_string(), key_facts(key))?;
        if snapshot_matches(filter, &snapshot) {
            items.push(Presented {
                body: view::summary_of(&snapshot),
                revision: key.published_revision.unwrap_or(key.revision),
            });
        }
    }
    Ok(items)
}

/// A strain in a lineage answer, with its distance from the strain asked about.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct LineageNode {
    #[serde(flatten)]
    pub strain: StrainRef,
    /// Generations from the strain asked about (0 for itself).
    pub depth: u32,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Lineage {
    pub direction: Direction,
    pub nodes: Vec<LineageNode>,
    pub edges: Vec<lineage::Edge>,
    /// True when the family is larger than one answer holds (`lineage::MAX_LINEAGE_EDGES`
    /// edges): the nodes and edges are the generations nearest the strain, and the walk stopped
    /// there. Ask again from a strain at the edge of the answer for the rest.
    pub truncated: bool,
}

/// Ancestors or descendants of a strain, up to `max_depth` generations.
pub fn lineage(
    conn: &mut DbConnection,
    viewer: Viewer,
    reference: &str,
    direction: Direction,
    max_depth: u32,
) -> AppResult<Lineage> {
    let row = load_visible(conn, viewer, reference)?;
    let lineage::Walk {
        reached,
        edges,
        truncated,
    } = lineage::walk(conn, row.id, direction, max_depth)?;
    let ids: Vec<StrainId> = reached.iter().map(|(id, _)| *id).collect();
    let strains: HashMap<StrainId, StrainBrief> = rows::find_strain_briefs(conn, &ids)?
        .into_iter()
        .map(|s| (s.id, s))
        .collect();
    let visible: HashSet<StrainId> = strains
        .values()
        .filter(|s| visibility::sees_any(viewer, brief_facts(s)))
        .map(|s| s.id)
        .collect();
    let nodes = reached
        .into_iter()
        .filter(|(id, _)| visible.contains(id))
        .filter_map(|(id, depth)| {
            Some(LineageNode {
                strain: StrainRef::from(strains.get(&id)?),
                depth,
            })
        })
        .collect();
    let edges = edges
        .into_iter()
        .filter(|e| visible.contains(&e.parent) && visible.contains(&e.child))
        .collect();
    Ok(Lineage {
        direction,
        nodes,
        edges,
        truncated,
    })
}

/// A strain that carries a part, and how: the chain of parts from what the strain carries down to
/// the part asked about.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Carrier {
    pub strain: StrainRef,
    /// How the strain carries the first part of `path`.
    pub relation: input::CarriedRelation,
    /// From the carried part (e.g. a plasmid) through composites to the part asked about.
    pub path: Vec<PartRef>,
}

/// Parts the carriers walk climbs through at most: the part asked about and the composites that
/// contain it, at any depth. A backbone in 100,000 composites would otherwise put every one of
/// them (and a query each) into one request; past the bound the walk stops and the answer says
/// so (`Bioreg-Truncated: true`), holding the carriers of the parts reached.
pub const MAX_CARRIER_WALK_PARTS: usize = 5_000;

/// One page of carriers: strains by accession, whether more follow, and whether the walk up the
/// composites stopped at [`MAX_CARRIER_WALK_PARTS`].
pub struct Carriers {
    pub carriers: Vec<Carrier>,
    pub next_cursor: Option<String>,
    pub walk_truncated: bool,
}

/// Live strains that carry the part directly or inside a carried plasmid or composite, at any
/// depth: `limit` strains (by accession) after `cursor` (an accession). One query per composite
/// level (at most [`MAX_CARRIER_WALK_PARTS`] parts in all), then two for the page of carriers.
pub fn carriers_of_part(
    conn: &mut DbConnection,
    viewer: Viewer,
    reference: &str,
    cursor: Option<String>,
    limit: i64,
) -> AppResult<Carriers> {
    let part = crate::domain::parts::find_part(conn, reference)?
        .filter(|p| {
            let facts = Facts {
                owner: p.owner_org_id,
                state: &p.curation_state,
                published_revision: p.published_revision,
            };
            visibility::sees_any(viewer, facts)
        })
        .ok_or_else(|| AppError::not_found(format!("part `{reference}` does not exist")))?;
    // next_down[c] = the component of composite c through which the target was reached.
    let mut next_down: HashMap<PartId, PartId> = HashMap::new();
    let mut containing: Vec<PartId> = vec![part.id];
    let mut seen: HashSet<PartId> = HashSet::from([part.id]);
    let mut frontier = vec![part.id];
    let mut walk_truncated = false;
    'walk: while !frontier.is_empty() {
        let mut next = Vec::new();
        let rows_cap = MAX_CARRIER_WALK_PARTS as i64;
        let found = part_rows::composites_using_each(conn, &frontier, rows_cap)?;
        // A full answer may have left rows out: say so even if they only repeat parts seen.
        walk_truncated |= found.len() as i64 == rows_cap;
        for (composite, component) in found {
            if seen.insert(composite) {
                if containing.len() == MAX_CARRIER_WALK_PARTS {
                    walk_truncated = true;
                    break 'walk;
                }
                containing.push(composite);
                next_down.insert(composite, component);
                next.push(composite);
            }
        }
        frontier = next;
    }
    let page = rows::carrying_strains(conn, &containing, cursor.as_deref(), limit + 1)?;
    let (page, next_cursor) =
        crate::domain::cursor::split_page(page, limit, |(_, accession): &(StrainId, String)| accession.clone());
    let strain_ids: Vec<StrainId> = page.iter().map(|(id, _)| *id).collect();
    let carried = rows::carried_rows(conn, &containing, &strain_ids)?;
    let mut on_paths: Vec<PartId> = Vec::new();
    let paths: Vec<Vec<PartId>> = carried
        .iter()
        .map(|row| {
            let mut path = vec![row.part_id];
            while let Some(down) = next_down.get(path.last().unwrap_or(&part.id)) {
                path.push(*down);
            }
            on_paths.extend(&path);
            path
        })
        .collect();
    on_paths.sort_unstable();
    on_paths.dedup();
    let part_refs: HashMap<PartId, PartRef> = part_rows::find_part_briefs(conn, &on_paths)?
        .iter()
        .map(|p| (p.id, PartRef::from(p)))
        .collect();
    let strains: HashMap<StrainId, StrainBrief> = rows::find_strain_briefs(conn, &strain_ids)?
        .into_iter()
        .map(|s| (s.id, s))
        .collect();
    let mut carriers = Vec::new();
    for (row, path) in carried.into_iter().zip(paths) {
        let Some(strain) = strains
            .get(&row.strain_id)
            .filter(|s| visibility::sees_any(viewer, brief_facts(s)))
        else {
            continue;
        };
        carriers.push(Carrier {
            strain: StrainRef::from(strain),
            relation: input::CarriedRelation::parse(&row.relation),
            path: path.iter().filter_map(|id| part_refs.get(id).cloned()).collect(),
        });
    }
    carriers.sort_by(|a, b| {
        a.strain
            .accession
            .cmp(&b.strain.accession)
            .then(a.path.len().cmp(&b.path.len()))
    });
    Ok(Carriers {
        carriers,
        next_cursor,
        walk_truncated,
    })
}

/// Input for a new sample.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SampleInput {
    pub location: Location,
    /// e.g. `glycerol -80 °C`, `lyophilised`, `liquid nitrogen`.
    pub preservation_method: String,
    #[serde(default)]
    pub quantity: Option<String>,
    #[serde(default)]
    pub prepared_by: Option<String>,
    #[serde(default)]
    pub prepared_at: Option<DateTime<Utc>>,
    #[serde(default)]
    pub notes: Option<String>,
}

/// Adds a physical sample. It does not change the strain's revision.
pub fn add_sample(
    conn: &mut DbConnection,
    principal: &Principal,
    reference: &str,
    input: SampleInput,
) -> AppResult<SampleView> {
    let mut errors = Vec::new();
    let location = &input.location;
    for (field, value) in [
        ("location.site", &location.site),
        ("location.freezer", &location.freezer),
        ("location.rack", &location.rack),
        ("location.box", &location.box_),
        ("location.position", &location.position),
        ("preservation_method", &input.preservation_method),
    ] {
        if value.trim().is_empty() {
            errors.push(crate::error::FieldError {
                field: field.into(),
                message: "must not be empty".into(),
            });
        }
    }
    if !errors.is_empty() {
        return Err(AppError::invalid(errors));
    }
    conn.write_transaction(|conn| {
        let strain = load(conn, reference)?;
        ensure_can_edit(principal, &strain)?;
        if strain.withdrawn_at.is_some() {
            return Err(AppError::conflict(format!("strain {} is withdrawn", strain.accession)));
        }
        let l = &input.location;
        let (site, freezer, rack, box_, slot) = (
            l.site.trim(),
            l.freezer.trim(),
            l.rack.trim(),
            l.box_.trim(),
            l.position.trim(),
        );
        if let Some(occupant) = rows::live_sample_at(conn, site, freezer, rack, box_, slot)? {
            let holder = rows::find_strain(conn, occupant.strain_id)?
                .map(|s| s.accession)
                .unwrap_or_default();
            let mut error = AppError::conflict(format!(
                "position {site} / {freezer} / {rack} / {box_} / {slot} already holds sample {} of strain {holder}",
                occupant.id
            ));
            error.existing = Some(Box::new(crate::error::ExistingRecord {
                id: occupant.id.to_string(),
                accession: holder,
            }));
            return Err(error);
        }
        let text = |v: &Option<String>| v.as_ref().map(|s| s.trim().to_string()).filter(|s| !s.is_empty());
        let row = SampleRow {
            id: SampleId::new_random(),
            strain_id: strain.id,
            site: site.into(),
            freezer: freezer.into(),
            rack: rack.into(),
            box_: box_.into(),
            slot: slot.into(),
            preservation_method: input.preservation_method.trim().into(),
            quantity: text(&input.quantity),
            prepared_by: text(&input.prepared_by),
            prepared_at: input.prepared_at.map(|t| t.naive_utc()),
            notes: text(&input.notes),
            created_by: principal.user.id,
            created_at: now(),
            removed_at: None,
            removed_by: None,
        };
        rows::insert_sample(conn, &row)?;
        let sample_id = row.id.to_string();
        let details = serde_json::json!({"strain": strain.accession, "location": [row.site, row.freezer, row.rack, row.box_, row.slot], "preservation_method": row.preservation_method});
        audit::record(conn, Some(principal), None, "sample.added", Some(RecordRef { kind: "sample", id: &sample_id, accession: Some(&strain.accession) }), details)?;
        Ok(SampleView::new(row, principal.user.name.clone()))
    })
}

pub fn samples(
    conn: &mut DbConnection,
    viewer: Viewer,
    reference: &str,
    include_removed: bool,
    after: Option<&str>,
    limit: i64,
) -> AppResult<(Vec<SampleView>, Option<String>)> {
    let strain = load_visible(conn, viewer, reference)?;
    let after = after
        .map(crate::domain::cursor::decode)
        .transpose()?
        .map(|(at, id)| (at, SampleId(id)));
    let rows = rows::samples_of(conn, strain.id, include_removed, after, limit + 1)?;
    let (rows, next) =
        crate::domain::cursor::split_page(rows, limit, |row| crate::domain::cursor::encode(row.created_at, row.id));
    let creators: Vec<crate::db::types::UserId> = rows.iter().map(|r| r.created_by).collect();
    let users = crate::domain::parts::view::user_refs(conn, &creators)?;
    let samples = rows
        .into_iter()
        .map(|row| {
            let name = users.get(&row.created_by).map(|u| u.name.clone()).unwrap_or_default();
            SampleView::new(row, name)
        })
        .collect();
    Ok((samples, next))
}

/// Removes a sample (it is kept, marked removed, and its position is free again).
pub fn remove_sample(conn: &mut DbConnection, principal: &Principal, reference: &str, sample: &str) -> AppResult<()> {
    conn.write_transaction(|conn| {
        let strain = load(conn, reference)?;
        ensure_can_edit(principal, &strain)?;
        let id = uuid::Uuid::parse_str(sample)
            .map(SampleId)
            .map_err(|_| AppError::not_found(format!("sample `{sample}` does not exist")))?;
        let row = rows::find_sample(conn, id)?
            .filter(|s| s.strain_id == strain.id)
            .ok_or_else(|| AppError::not_found(format!("strain {} has no sample `{sample}`", strain.accession)))?;
        if row.removed_at.is_some() {
            return Err(AppError::conflict(format!("sample {sample} was already removed")));
        }
        rows::remove_sample(conn, id, principal.user.id, now())?;
        let sample_id = id.to_string();
        let details = serde_json::json!({"strain": strain.accession, "location": [row.site, row.freezer, row.rack, row.box_, row.slot]});
        audit::record(conn, Some(principal), None, "sample.removed", Some(RecordRef { kind: "sample", id: &sample_id, accession: Some(&strain.accession) }), details)?;
        Ok(())
    })
}
