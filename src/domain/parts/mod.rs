//! Owns the part library's rules: registering, reading, listing, editing and withdrawing parts;
//! canonical-sequence duplicate detection (409 naming the first copy unless a deliberate twin
//! is declared); accession numbering; composites; who may edit what.

pub mod bulk;
pub mod input;
pub mod view;

use std::collections::HashMap;

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};

use crate::db::parts::{self as rows, ComponentRow, HostRow, PartCursor, PartFilter, PartKey, PartOrder, PartRow};
use crate::db::sequences;
use crate::db::text::{encode_names, Position, TextQuery, Tier};
use crate::db::types::PartId;
use crate::db::{now, DbConnection};
use crate::domain::accounts::{Principal, Role};
use crate::domain::audit::{self, RecordRef};
use crate::domain::curation::{self, Curation};
use crate::domain::page::{PageBudget, CHILD_BYTES, PAGE_BYTES};
use crate::domain::provenance;
use crate::domain::visibility::{self, Facts, ListScope, Viewer};
use crate::error::{AppError, AppResult, ExistingRecord};
use crate::seq::{gc_content, seguid};

pub use input::{find_part, FeatureInput, GenbankHeader, PartInput, ValidPart};
pub use view::{PartRef, PartSummary, PartView};

/// Settings that shape part records.
#[derive(Debug, Clone)]
pub struct PartRules {
    /// Accession prefix, e.g. `BRP` → `BRP000001`.
    pub accession_prefix: String,
    /// Longest sequence accepted, in residues.
    pub max_sequence_length: usize,
}

impl Default for PartRules {
    fn default() -> Self {
        PartRules {
            accession_prefix: "BRP".into(),
            max_sequence_length: 20_000_000,
        }
    }
}

/// The accession for serial number `n`: the prefix and at least six digits.
pub fn format_accession(prefix: &str, n: i64) -> String {
    format!("{prefix}{n:06}")
}

/// The entity tag of a revision of a record.
pub fn etag(revision: i32) -> String {
    format!("\"r{revision}\"")
}

/// The ETag of one representation of a revision: [`etag`] for JSON, `"r<n>-<format>"` for the
/// others (GenBank, FASTA, SBOL3, CSV), so that a cache never answers one format with another.
/// `If-Match` takes any representation's tag of the current revision.
pub fn representation_etag(revision: i32, format: Option<&str>) -> String {
    match format {
        None | Some("json") => etag(revision),
        Some(format) => format!("\"r{revision}-{format}\""),
    }
}

/// 428 when a write to a versioned record (an edit or a withdrawal of a part or strain) comes
/// without `If-Match`, then as [`check_if_match`]. Requiring it makes a lost update impossible:
/// every such write names the revision it was based on (`*` says "whatever is current" openly).
pub fn require_if_match(if_match: Option<&str>, accession: &str, revision: i32) -> AppResult<()> {
    if if_match.is_none() {
        return Err(AppError::precondition_required(format!(
            "send `If-Match` with the ETag of the revision of {accession} this change is based on (from a \
             GET), or `If-Match: *` to change whatever revision is current"
        )));
    }
    check_if_match(if_match, revision)
}

/// 412 unless `if_match` (when sent) names the current revision or is `*`.
pub fn check_if_match(if_match: Option<&str>, revision: i32) -> AppResult<()> {
    let Some(header) = if_match else { return Ok(()) };
    let current = etag(revision);
    // A strong comparison (RFC 9110 §13.1.1): a weak tag never matches; any representation's tag
    // of the current revision does.
    let names_current = |tag: &str| {
        tag == "*"
            || tag
                .strip_prefix('"')
                .and_then(|t| t.strip_suffix('"'))
                .is_some_and(|t| t.split('-').next() == Some(&current[1..current.len() - 1]))
    };
    if header.split(',').map(str::trim).any(names_current) {
        Ok(())
    } else {
        Err(AppError::precondition_failed(format!(
            "If-Match {header} does not match the current revision {current}; fetch the record again and retry"
        )))
    }
}

fn key_facts(row: &PartKey) -> Facts<'_> {
    Facts {
        owner: row.owner_org_id,
        state: &row.curation_state,
        published_revision: row.published_revision,
    }
}

pub(crate) fn facts(row: &PartRow) -> Facts<'_> {
    Facts {
        owner: row.owner_org_id,
        state: &row.curation_state,
        published_revision: row.published_revision,
    }
}

/// Loads a part the viewer may see at all; 404 otherwise, as if it did not exist.
fn load_visible(conn: &mut DbConnection, viewer: Viewer, reference: &str) -> AppResult<PartRow> {
    let row = load(conn, reference)?;
    if visibility::sees_any(viewer, facts(&row)) {
        Ok(row)
    } else {
        Err(AppError::not_found(format!("part `{reference}` does not exist")))
    }
}

/// A part as one caller sees it: its head, or (for a pending edit they may not see) the
/// published revision.
#[derive(Debug, Clone)]
pub struct Presented {
    pub body: serde_json::Value,
    pub revision: i32,
}

/// Presents rows to a viewer, in order, dropping none (callers pass visible rows); twins the
/// viewer may not see are removed from every record.
fn present(
    conn: &mut DbConnection,
    viewer: Viewer,
    part_rows: Vec<PartRow>,
    with_sequence: bool,
) -> AppResult<Vec<Presented>> {
    let (heads, published): (Vec<PartRow>, Vec<PartRow>) = part_rows
        .iter()
        .cloned()
        .partition(|row| visibility::sees_head(viewer, facts(row)));
    let mut views: std::collections::HashMap<PartId, PartView> = view::assemble(conn, heads, with_sequence)?
        .into_iter()
        .map(|v| (v.id, v))
        .collect();
    let mut snapshots = std::collections::HashMap::new();
    for row in &published {
        let mut snapshot = visibility::published_snapshot(conn, "part", &row.id.to_string(), facts(row))?;
        if !with_sequence {
            snapshot.as_object_mut().map(|o| o.remove("sequence"));
        }
        snapshots.insert(row.id, snapshot);
    }
    let mut presented = Vec::with_capacity(part_rows.len());
    for row in &part_rows {
        let (body, revision) = match views.remove(&row.id) {
            Some(view) => (serde_json::to_value(&view).map_err(AppError::internal)?, view.revision),
            None => match snapshots.remove(&row.id) {
                Some(snapshot) => (snapshot, row.published_revision.unwrap_or(row.revision)),
                None => continue,
            },
        };
        presented.push(Presented { body, revision });
    }
    hide_invisible_twins(conn, viewer, &mut presented)?;
    Ok(presented)
}

/// Removes from every record the twins the viewer may not see (one query for their visibility
/// facts: at most [`view::EMBEDDED_TWINS`] per record). A record with more twins than it embeds
/// has its list read again as the viewer's first page of `/twins` (one query of at most
/// `EMBEDDED_TWINS + 1` rows), so `twins` and `twins_truncated` say only what the viewer may see.
fn hide_invisible_twins(conn: &mut DbConnection, viewer: Viewer, presented: &mut [Presented]) -> AppResult<()> {
    let ids: Vec<PartId> = presented
        .iter()
        .flat_map(|p| p.body["twins"].as_array().cloned().unwrap_or_default())
        .filter_map(|t| serde_json::from_value(t["id"].clone()).ok())
        .collect();
    if ids.is_empty() {
        return Ok(());
    }
    let visible: std::collections::HashSet<String> = rows::twin_rows(conn, &ids)?
        .iter()
        .filter(|r| {
            let facts = Facts {
                owner: r.owner_org_id,
                state: &r.curation_state,
                published_revision: r.published_revision,
            };
            visibility::sees_any(viewer, facts)
        })
        .map(|r| r.id.to_string())
        .collect();
    for item in presented.iter_mut() {
        let Some(twins) = item.body.get_mut("twins").and_then(|t| t.as_array_mut()) else {
            continue;
        };
        twins.retain(|t| t["id"].as_str().is_some_and(|id| visible.contains(id)));
        if item.body["twins_truncated"] != true {
            continue;
        }
        let (Some(seqhash), Ok(id)) = (
            item.body["seqhash"].as_str().map(str::to_string),
            serde_json::from_value::<PartId>(item.body["id"].clone()),
        ) else {
            continue;
        };
        let first = rows::first_visible_twins(
            conn,
            &seqhash,
            Some(id),
            visibility::list_scope(viewer),
            view::EMBEDDED_TWINS as i64 + 1,
        )?;
        item.body["twins_truncated"] = serde_json::Value::Bool(first.len() > view::EMBEDDED_TWINS);
        item.body["twins"] = first
            .iter()
            .take(view::EMBEDDED_TWINS)
            .map(|t| serde_json::json!({"id": t.id, "accession": t.accession, "name": t.name}))
            .collect();
    }
    Ok(())
}

/// Whether a published snapshot (shown instead of a hidden head) still meets the list filters,
/// which the database applied to the head.
pub(crate) fn snapshot_matches(filter: &PartFilter, snapshot: &serde_json::Value) -> bool {
    let text = |v: &serde_json::Value| v.as_str().unwrap_or_default().to_lowercase();
    if let Some(q) = &filter.text {
        let mut identifiers = vec![text(&snapshot["accession"]), text(&snapshot["name"])];
        identifiers.extend(snapshot["aliases"].as_array().into_iter().flatten().map(text));
        let all = format!("{}\n{}", identifiers.join("\n"), text(&snapshot["description"]));
        if q.tier_of(identifiers.iter().map(String::as_str), &all).is_none() {
            return false;
        }
    }
    let equals =
        |want: &Option<String>, got: &serde_json::Value| want.as_ref().is_none_or(|w| got.as_str() == Some(w.as_str()));
    if !equals(&filter.role_id, &snapshot["role"]["id"])
        || !equals(&filter.molecule_type, &snapshot["molecule_type"])
        || !equals(&filter.topology, &snapshot["topology"])
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
    if let Some(taxid) = filter.host_taxid {
        if !snapshot["hosts"]
            .as_array()
            .into_iter()
            .flatten()
            .any(|h| h["taxid"].as_i64() == Some(taxid))
        {
            return false;
        }
    }
    let length = snapshot["length"].as_i64().unwrap_or_default();
    filter.length_min.is_none_or(|min| length >= min) && filter.length_max.is_none_or(|max| length <= max)
}

fn load(conn: &mut DbConnection, reference: &str) -> AppResult<PartRow> {
    find_part(conn, reference)?.ok_or_else(|| AppError::not_found(format!("part `{reference}` does not exist")))
}

/// [`load`] inside a write transaction: the row stays locked until the transaction ends and is
/// read again under the lock, so concurrent edits of one part see each other (a stale `If-Match`
/// is then a 412, never a clash of revision numbers).
pub(crate) fn load_for_update(conn: &mut DbConnection, reference: &str) -> AppResult<PartRow> {
    let row = load(conn, reference)?;
    if crate::db::lock_row(conn, crate::db::LockedTable::Parts, row.id.0)? {
        return crate::db::parts::find_part(conn, row.id)?
            .ok_or_else(|| AppError::not_found(format!("part `{reference}` does not exist")));
    }
    Ok(row)
}

fn ensure_can_edit(principal: &Principal, row: &PartRow) -> AppResult<()> {
    visibility::ensure_can_edit(principal, facts(row), "part", &row.accession)
}

fn to_json<T: Serialize>(value: &T) -> AppResult<String> {
    serde_json::to_string(value).map_err(AppError::internal)
}

/// What identity and bookkeeping a row gets besides the validated content.
struct Bookkeeping {
    id: PartId,
    accession: String,
    owner: crate::db::types::OrganizationId,
    created_by: crate::db::types::UserId,
    created_at: NaiveDateTime,
    revision: i32,
    curation: Curation,
    provenance: String,
}

fn build_row(
    valid: &ValidPart,
    seqhash: &str,
    duplicate_reason: Option<String>,
    meta: Bookkeeping,
    by: &Principal,
) -> AppResult<PartRow> {
    let search_text = [meta.accession.as_str(), valid.name.as_str()]
        .into_iter()
        .chain(valid.aliases.iter().map(String::as_str))
        .chain([valid.description.as_str()])
        .collect::<Vec<_>>()
        .join("\n")
        .to_lowercase();
    let search_names = encode_names(
        [meta.accession.as_str(), valid.name.as_str()]
            .into_iter()
            .chain(valid.aliases.iter().map(String::as_str)),
    );
    Ok(PartRow {
        id: meta.id,
        accession: meta.accession,
        name: valid.name.clone(),
        description: valid.description.clone(),
        role_id: valid.role.id.clone(),
        role_label: valid.role.label.clone(),
        molecule_type: valid.molecule_type.as_str().into(),
        topology: valid.topology.as_str().into(),
        length: valid.sequence.len() as i64,
        gc_content: gc_content(&valid.sequence, valid.molecule_type),
        seqhash: seqhash.to_string(),
        features: to_json(&valid.features)?,
        citations: to_json(&valid.references)?,
        license: valid.license.clone(),
        source: valid.source.as_ref().map(to_json).transpose()?,
        genbank: valid.genbank.as_ref().map(to_json).transpose()?,
        derived_from: to_json(&valid.derived_from)?,
        search_text,
        search_names,
        duplicate_reason,
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
        sequence_id: None,
        import_id: None,
    })
}

fn store_children(conn: &mut DbConnection, row: &PartRow, fresh: bool, valid: &ValidPart) -> AppResult<()> {
    let (hosts, components) = child_rows(row.id, valid);
    Ok(rows::replace_children(
        conn,
        &rows::SortKeys::of(row),
        fresh,
        &valid.aliases,
        &valid.tags,
        &hosts,
        &components,
    )?)
}

/// The host and component rows of part `id`.
fn child_rows(id: PartId, valid: &ValidPart) -> (Vec<HostRow>, Vec<ComponentRow>) {
    let hosts: Vec<HostRow> = valid
        .hosts
        .iter()
        .enumerate()
        .map(|(i, h)| HostRow {
            part_id: id,
            position: i as i32,
            name: h.name.clone(),
            taxid: h.taxid,
        })
        .collect();
    let components: Vec<ComponentRow> = valid
        .components
        .iter()
        .enumerate()
        .map(|(i, c)| ComponentRow {
            composite_id: id,
            position: i as i32,
            component_id: c.part.as_ref().map(|p| p.id),
            orientation: c.orientation.as_str().into(),
            linker: c.linker.clone(),
            name: c.name.clone(),
            start_position: c.start,
            end_position: c.end,
        })
        .collect();
    (hosts, components)
}

/// The live parts (other than `this_part`) sharing `seqhash`; a 409 naming the first unless the
/// client declared a deliberate twin. Returns the duplicate reason to store (only when twins exist).
fn check_duplicates(
    conn: &mut DbConnection,
    viewer: Viewer,
    seqhash: &str,
    valid: &ValidPart,
    this_part: Option<PartId>,
) -> AppResult<Option<String>> {
    // Two bounded look-ups (index `parts_live_seqhash_created`), however many twins exist.
    let any = rows::first_visible_twins(conn, seqhash, this_part, ListScope::Everything, 1)?;
    if any.is_empty() {
        return Ok(None);
    }
    if valid.allow_duplicate {
        return Ok(valid.duplicate_reason.clone());
    }
    let advice = "to register a deliberate twin, send `allow_duplicate: true` with a `duplicate_reason`";
    // Name the first copy the caller may see; an unpublished copy of another organisation stays anonymous.
    let Some(first) = rows::first_visible_twins(conn, seqhash, this_part, visibility::list_scope(viewer), 1)?.pop()
    else {
        return Err(AppError::conflict(format!(
            "the same sequence (seqhash {seqhash}) is already registered in a record that is not published yet; {advice}"
        )));
    };
    let mut error = AppError::conflict(format!(
        "the same sequence (seqhash {seqhash}) is already registered as {} (`{}`); {advice}",
        first.accession, first.name
    ));
    error.existing = Some(Box::new(ExistingRecord {
        id: first.id.to_string(),
        accession: first.accession.clone(),
    }));
    Err(error)
}

/// Registers a part for the caller's organisation.
pub fn create(
    conn: &mut DbConnection,
    principal: &Principal,
    input: PartInput,
    rules: &PartRules,
    comment: Option<&str>,
) -> AppResult<PartView> {
    principal.require(Role::Submitter)?;
    let view = conn.write_transaction(|conn| {
        let after = serde_json::to_value(&input).map_err(AppError::internal)?;
        let provenance = provenance::update(&Default::default(), None, &after, &input.provenance, principal)?;
        let valid = input::validate(
            conn,
            Viewer::of(Some(principal)),
            input,
            None,
            rules.max_sequence_length,
        )?;
        let seqhash = seguid::seqhash(&valid.sequence, valid.molecule_type, valid.topology);
        let duplicate_reason = check_duplicates(conn, Viewer::of(Some(principal)), &seqhash, &valid, None)?;
        let serial = rows::next_accession_number(conn, "part")?;
        let meta = Bookkeeping {
            id: PartId::new_random(),
            accession: format_accession(&rules.accession_prefix, serial),
            owner: principal.organization.id,
            created_by: principal.user.id,
            created_at: now(),
            revision: 1,
            curation: Curation::new_draft(),
            provenance: provenance::store(&provenance)?,
        };
        let mut row = build_row(&valid, &seqhash, duplicate_reason, meta, principal)?;
        row.sequence_id = Some(sequences::intern(
            conn,
            &seqhash,
            std::str::from_utf8(&valid.sequence).map_err(AppError::internal)?,
        )?);
        rows::insert_part(conn, &row)?;
        store_children(conn, &row, true, &valid)?;
        let view = revised(conn, principal, row, "part.created", comment)?;
        Ok::<_, AppError>(view)
    })?;
    Ok(view)
}

/// The view of a row just written, stored as that revision's snapshot with its audit event.
fn revised(
    conn: &mut DbConnection,
    principal: &Principal,
    row: PartRow,
    action: &str,
    comment: Option<&str>,
) -> AppResult<PartView> {
    let view = single(conn, row, true)?;
    let id = view.id.to_string();
    let record = RecordRef {
        kind: "part",
        id: &id,
        accession: Some(&view.accession),
    };
    audit::revise(conn, principal, action, record, view.revision, &view, comment)?;
    Ok(view)
}

fn single(conn: &mut DbConnection, row: PartRow, with_sequence: bool) -> AppResult<PartView> {
    view::assemble(conn, vec![row], with_sequence)?
        .pop()
        .ok_or_else(|| AppError::internal("part vanished"))
}

/// One part by id or accession, with its sequence, as the viewer may see it.
pub fn get(conn: &mut DbConnection, viewer: Viewer, reference: &str) -> AppResult<Presented> {
    let row = load_visible(conn, viewer, reference)?;
    present(conn, viewer, vec![row], true)?
        .pop()
        .ok_or_else(|| AppError::internal("part vanished"))
}

/// One part by id or accession, whole (for the workflow and tests; no visibility applied).
pub fn get_head(conn: &mut DbConnection, reference: &str) -> AppResult<PartView> {
    let row = load(conn, reference)?;
    single(conn, row, true)
}

/// Applies a JSON merge patch (RFC 7396) to a part's editable fields.
pub fn update(
    conn: &mut DbConnection,
    principal: &Principal,
    reference: &str,
    patch: serde_json::Value,
    if_match: Option<&str>,
    rules: &PartRules,
    comment: Option<&str>,
) -> AppResult<PartView> {
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
                "part {} is withdrawn and cannot be edited",
                current.accession
            )));
        }
        let mut document = serde_json::to_value(view::editable(conn, &current)?).map_err(AppError::internal)?;
        // New components without a new sequence mean "assemble it again".
        if patch.get("components").is_some() && patch.get("sequence").is_none() {
            document.as_object_mut().map(|d| d.remove("sequence"));
        }
        let before = document.clone();
        json_patch::merge(&mut document, &patch);
        let after = document.clone();
        let edited: PartInput = crate::json::from_json_value(document)?;
        let provenance = provenance::update(
            &provenance::read(&current.provenance),
            Some(&before),
            &after,
            &edited.provenance,
            principal,
        )?;
        let valid = input::validate(
            conn,
            Viewer::of(Some(principal)),
            edited,
            Some(current.id),
            rules.max_sequence_length,
        )?;
        let seqhash = seguid::seqhash(&valid.sequence, valid.molecule_type, valid.topology);
        let old_sequence = rows::sequence_of(conn, current.id)?;
        let sequence_changed = old_sequence.as_bytes() != valid.sequence.as_slice() || seqhash != current.seqhash;
        if sequence_changed {
            // Name a few of the composites, however many there are.
            const NAMED: usize = 10;
            let users = rows::composites_using(conn, &[current.id], NAMED as i64 + 1)?;
            if !users.is_empty() {
                let mut names: Vec<String> = rows::find_part_briefs(conn, &users[..users.len().min(NAMED)])?
                    .into_iter()
                    .map(|p| p.accession)
                    .collect();
                names.sort();
                if users.len() > NAMED {
                    names.push(format!(
                        "others (GET /api/v1/parts/{}/used-in lists them all)",
                        current.accession
                    ));
                }
                return Err(AppError::conflict(format!(
                    "part {} is a component of {}; its sequence cannot change (register a new part instead)",
                    current.accession,
                    names.join(", ")
                )));
            }
        }
        // An edit that keeps the sequence keeps the part's standing among its twins: a twin declared
        // after it does not make its own edits duplicates.
        let duplicate_reason = if sequence_changed {
            check_duplicates(conn, Viewer::of(Some(principal)), &seqhash, &valid, Some(current.id))?
        } else if valid.allow_duplicate {
            valid.duplicate_reason.clone()
        } else {
            current.duplicate_reason.clone()
        };
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
        let mut row = build_row(&valid, &seqhash, duplicate_reason, meta, principal)?;
        row.sequence_id = current.sequence_id;
        rows::update_part(conn, &row)?;
        if sequence_changed {
            let id = sequences::intern(
                conn,
                &seqhash,
                std::str::from_utf8(&valid.sequence).map_err(AppError::internal)?,
            )?;
            rows::update_sequence(conn, row.id, id)?;
            row.sequence_id = Some(id);
        }
        store_children(conn, &row, false, &valid)?;
        let view = revised(conn, principal, row, "part.edited", comment)?;
        Ok(view)
    })?;
    Ok(view)
}

/// Withdraws a part (soft: it stays readable, but leaves lists, search and duplicate checks).
pub fn withdraw(
    conn: &mut DbConnection,
    principal: &Principal,
    reference: &str,
    reason: Option<String>,
    if_match: Option<&str>,
    comment: Option<&str>,
) -> AppResult<PartView> {
    let view = conn.write_transaction(|conn| {
        let current = load_for_update(conn, reference)?;
        ensure_can_edit(principal, &current)?;
        require_if_match(if_match, &current.accession, current.revision)?;
        curation::ensure_owner_may_withdraw(&current.curation_state, current.published_revision, &current.accession)?;
        if current.withdrawn_at.is_some() {
            return Err(AppError::conflict(format!(
                "part {} is already withdrawn",
                current.accession
            )));
        }
        let reason = reason.map(|r| r.trim().to_string()).filter(|r| !r.is_empty());
        rows::withdraw_part(conn, current.id, principal.user.id, now(), reason.as_deref())?;
        let row = load(conn, &current.id.to_string())?;
        let view = revised(conn, principal, row, "part.withdrawn", comment)?;
        Ok(view)
    })?;
    Ok(view)
}

/// The id of a part named by id or accession (for its history).
pub fn history_access(
    conn: &mut DbConnection,
    viewer: Viewer,
    reference: &str,
) -> AppResult<(String, Option<Vec<i32>>)> {
    let row = load_visible(conn, viewer, reference)?;
    let id = row.id.to_string();
    let revisions = visibility::visible_revisions(conn, "part", &id, viewer, facts(&row), row.revision)?;
    Ok((id, revisions))
}

/// The other live parts with the same canonical sequence, as far as the viewer may see them:
/// one page of `limit` (oldest first) after `cursor`, and the cursor of the next page.
pub fn twins(
    conn: &mut DbConnection,
    viewer: Viewer,
    reference: &str,
    cursor: Option<String>,
    limit: i64,
) -> AppResult<(Vec<Presented>, Option<String>)> {
    let row = load_visible(conn, viewer, reference)?;
    let filter = PartFilter {
        seqhash: Some(row.seqhash.clone()),
        except: Some(row.id),
        ..PartFilter::default()
    };
    related_page(conn, viewer, filter, PartOrder::CreatedAt, cursor, limit)
}

/// The live composites that list the part as a component, as far as the viewer may see them:
/// one page of `limit` (by accession) after `cursor`, and the cursor of the next page. A backbone
/// in 100,000 composites costs one page, like any list.
pub fn used_in(
    conn: &mut DbConnection,
    viewer: Viewer,
    reference: &str,
    cursor: Option<String>,
    limit: i64,
) -> AppResult<(Vec<Presented>, Option<String>)> {
    let row = load_visible(conn, viewer, reference)?;
    let filter = PartFilter {
        uses_component: Some(row.id),
        ..PartFilter::default()
    };
    related_page(conn, viewer, filter, PartOrder::Accession, cursor, limit)
}

/// A page of the parts related to one part, through the part list (its visibility rule in SQL,
/// its keyset cursors and its indexes).
fn related_page(
    conn: &mut DbConnection,
    viewer: Viewer,
    filter: PartFilter,
    order: PartOrder,
    cursor: Option<String>,
    limit: i64,
) -> AppResult<(Vec<Presented>, Option<String>)> {
    let request = PartListRequest {
        filter,
        order,
        descending: false,
        cursor,
        limit,
        with_sequence: false,
        record: false,
    };
    list(conn, viewer, &request)
}

/// The order of a part list, as named in `sort` (`-` prefix: descending). Without `sort`, a list
/// with a text query `q` is in relevance order, any other in order of registration.
pub fn parse_sort(sort: Option<&str>, with_text: bool) -> AppResult<(PartOrder, bool)> {
    let sort = sort.unwrap_or(if with_text { "relevance" } else { "created_at" });
    let (descending, key) = match sort.strip_prefix('-') {
        Some(key) => (true, key),
        None => (false, sort),
    };
    let order = match key {
        "created_at" => PartOrder::CreatedAt,
        "accession" => PartOrder::Accession,
        "name" => PartOrder::Name,
        "length" => PartOrder::Length,
        "relevance" if !with_text => {
            return Err(AppError::invalid_field("sort", "`relevance` needs a text query `q`"));
        }
        "relevance" if descending => {
            return Err(AppError::invalid_field(
                "sort",
                "`relevance` has one direction: best first",
            ));
        }
        "relevance" => PartOrder::Relevance,
        _ => {
            return Err(AppError::invalid_field(
                "sort",
                format!(
                    "`{sort}` is not one of relevance, created_at, accession, name, length (prefix `-` for descending)"
                ),
            ))
        }
    };
    Ok((order, descending))
}

/// The wire form of a keyset cursor: base64url of this JSON.
#[derive(Serialize, Deserialize)]
struct CursorToken {
    /// The sort key the cursor belongs to.
    o: String,
    /// The last row's sort value (as text).
    v: String,
    /// The last row's id (absent where a relevance walk stopped between rows).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    i: Option<PartId>,
}

fn order_key(order: PartOrder) -> &'static str {
    match order {
        PartOrder::CreatedAt => "created_at",
        PartOrder::Accession => "accession",
        PartOrder::Name => "name",
        PartOrder::Length => "length",
        PartOrder::Relevance => "relevance",
    }
}

fn encode_position(position: Position, id: Option<PartId>) -> String {
    let token = CursorToken {
        o: order_key(PartOrder::Relevance).into(),
        v: format!("{}:{}", position.tier.number(), position.entry),
        i: id,
    };
    URL_SAFE_NO_PAD.encode(serde_json::to_vec(&token).unwrap_or_default())
}

fn encode_cursor(order: PartOrder, text: Option<&TextQuery>, row: &PartKey) -> String {
    if order == PartOrder::Relevance {
        let tier = text
            .and_then(|q| q.names_tier(&row.search_names))
            .unwrap_or(Tier::Words);
        let entry = row.entry_no.unwrap_or_default();
        return encode_position(Position { tier, entry }, Some(row.id));
    }
    let v = match order {
        PartOrder::CreatedAt => row.created_at.format("%Y-%m-%dT%H:%M:%S%.6f").to_string(),
        PartOrder::Accession => row.accession.clone(),
        PartOrder::Name => row.name.clone(),
        PartOrder::Length => row.length.to_string(),
        PartOrder::Relevance => unreachable!("relevance cursors are positions"),
    };
    let token = CursorToken {
        o: order_key(order).into(),
        v,
        i: Some(row.id),
    };
    URL_SAFE_NO_PAD.encode(serde_json::to_vec(&token).unwrap_or_default())
}

fn decode_cursor(order: PartOrder, cursor: &str) -> AppResult<PartCursor> {
    let invalid = || AppError::invalid_field("cursor", "is not a cursor returned by this list (with the same sort)");
    let bytes = URL_SAFE_NO_PAD.decode(cursor.trim()).map_err(|_| invalid())?;
    let token: CursorToken = serde_json::from_slice(&bytes).map_err(|_| invalid())?;
    if token.o != order_key(order) {
        return Err(invalid());
    }
    let id = || token.i.ok_or_else(invalid);
    Ok(match order {
        PartOrder::CreatedAt => PartCursor::CreatedAt(
            NaiveDateTime::parse_from_str(&token.v, "%Y-%m-%dT%H:%M:%S%.f").map_err(|_| invalid())?,
            id()?,
        ),
        PartOrder::Accession => PartCursor::Accession(token.v),
        PartOrder::Name => PartCursor::Name(token.v.clone(), id()?),
        PartOrder::Length => PartCursor::Length(token.v.parse().map_err(|_| invalid())?, id()?),
        PartOrder::Relevance => {
            let (tier, entry) = token.v.split_once(':').ok_or_else(invalid)?;
            let tier = tier.parse().ok().and_then(Tier::from_number).ok_or_else(invalid)?;
            PartCursor::Ranked(Position {
                tier,
                entry: entry.parse().map_err(|_| invalid())?,
            })
        }
    })
}

/// A resolved part-list request.
#[derive(Debug, Clone)]
pub struct PartListRequest {
    pub filter: PartFilter,
    pub order: PartOrder,
    pub descending: bool,
    pub cursor: Option<String>,
    pub limit: i64,
    pub with_sequence: bool,
    /// Whole records (`include=record`, exports) rather than summaries.
    pub record: bool,
}

/// What a summary of a head stands for in a page's budget (its keys, tags and organisation).
const SUMMARY_BYTES: i64 = 512;

/// Summaries of `keys` as the viewer sees them: heads from their keys; for a pending edit the
/// viewer may not see, the published snapshot's summary (dropped when it does not match the
/// filters). Snapshots are read one at a time.
fn summarise(
    conn: &mut DbConnection,
    viewer: Viewer,
    filter: &PartFilter,
    keys: &[PartKey],
    with_sequence: bool,
) -> AppResult<Vec<Presented>> {
    let heads: Vec<PartKey> = keys
        .iter()
        .filter(|key| visibility::sees_head(viewer, key_facts(key)))
        .cloned()
        .collect();
    let mut summaries: HashMap<PartId, view::PartSummary> = view::summaries(conn, &heads, with_sequence)?
        .into_iter()
        .map(|s| (s.id, s))
        .collect();
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
        let snapshot = visibility::published_snapshot(conn, "part", &key.id.to_string(), key_facts(key))?;
        if !snapshot_matches(filter, &snapshot) {
            continue;
        }
        let mut body = view::summary_of(&snapshot);
        if !with_sequence {
            body.as_object_mut().map(|o| o.remove("sequence"));
        }
        items.push(Presented {
            body,
            revision: key.published_revision.unwrap_or(key.revision),
        });
    }
    Ok(items)
}

/// One page of parts as the viewer may see them, and the cursor of the next page. A page holds
/// fewer than `limit` items when its rows would hold more than [`PAGE_BYTES`] (see
/// `domain::page`), or when a hidden pending edit matched the filters but the published revision
/// does not.
pub fn list(
    conn: &mut DbConnection,
    viewer: Viewer,
    request: &PartListRequest,
) -> AppResult<(Vec<Presented>, Option<String>)> {
    let cursor = request
        .cursor
        .as_deref()
        .map(|c| decode_cursor(request.order, c))
        .transpose()?;
    let mut filter = request.filter.clone();
    filter.scope = visibility::list_scope(viewer);
    let rows::KeyPage {
        keys,
        resume,
        resume_at,
    } = rows::list_part_keys(
        conn,
        &filter,
        request.order,
        request.descending,
        cursor.as_ref(),
        request.limit + 1,
    )?;
    let candidates = &keys[..keys.len().min(request.limit as usize)];
    let ids: Vec<PartId> = candidates.iter().map(|k| k.id).collect();
    // Children count only in whole records; a summary never reads them.
    let components: HashMap<PartId, i64> = if request.record {
        rows::component_counts(conn, &ids)?.into_iter().collect()
    } else {
        HashMap::new()
    };
    let mut budget = PageBudget::new(PAGE_BYTES);
    for key in candidates {
        let sequence = if request.with_sequence { key.length } else { 0 };
        let bytes = if !visibility::sees_head(viewer, key_facts(key)) {
            visibility::published_snapshot_bytes(conn, "part", &key.id.to_string(), key.published_revision)?
        } else if request.record {
            key.stored_bytes() + sequence + CHILD_BYTES * components.get(&key.id).copied().unwrap_or(0)
        } else {
            SUMMARY_BYTES + sequence
        };
        if !budget.take(bytes) {
            break;
        }
    }
    let keep = budget.taken();
    // More after this page: a row the budget left out, or a walk that stopped before the end.
    let text = filter.text.as_ref();
    let next = if keys.len() > keep {
        keys[..keep].last().map(|key| encode_cursor(request.order, text, key))
    } else if let Some(position) = resume_at {
        Some(encode_position(position, None))
    } else {
        resume.as_ref().map(|key| encode_cursor(request.order, text, key))
    };
    if !request.record {
        let items = summarise(conn, viewer, &filter, &keys[..keep], request.with_sequence)?;
        return Ok((items, next));
    }
    let mut rows_by_id: HashMap<PartId, PartRow> = rows::find_parts(conn, &ids[..keep])?
        .into_iter()
        .map(|r| (r.id, r))
        .collect();
    let page: Vec<PartRow> = ids[..keep].iter().filter_map(|id| rows_by_id.remove(id)).collect();
    let heads: Vec<bool> = page
        .iter()
        .map(|row| visibility::sees_head(viewer, facts(row)))
        .collect();
    let presented = present(conn, viewer, page, request.with_sequence)?;
    let items = presented
        .into_iter()
        .zip(heads)
        .filter(|(item, head)| *head || snapshot_matches(&filter, &item.body))
        .map(|(item, _)| item)
        .collect();
    Ok((items, next))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accessions_are_prefix_and_zero_padded_serial() {
        assert_eq!(format_accession("BRP", 42), "BRP000042");
        assert_eq!(format_accession("X-", 1_234_567), "X-1234567");
    }

    #[test]
    fn if_match_accepts_the_current_tag_a_list_or_star() {
        assert!(check_if_match(None, 3).is_ok());
        assert_eq!(require_if_match(None, "BRP1", 3).unwrap_err().status, 428);
        assert!(require_if_match(Some("\"r3\""), "BRP1", 3).is_ok());
        assert_eq!(require_if_match(Some("\"r2\""), "BRP1", 3).unwrap_err().status, 412);
        assert!(check_if_match(Some("\"r3\""), 3).is_ok());
        assert!(check_if_match(Some("\"r1\", \"r3\""), 3).is_ok());
        assert!(check_if_match(Some("*"), 3).is_ok());
        assert_eq!(check_if_match(Some("\"r2\""), 3).unwrap_err().status, 412);
    }

    #[test]
    fn sort_keys_are_checked() {
        assert_eq!(parse_sort(None, false).unwrap(), (PartOrder::CreatedAt, false));
        assert_eq!(parse_sort(None, true).unwrap(), (PartOrder::Relevance, false));
        assert_eq!(parse_sort(Some("-length"), true).unwrap(), (PartOrder::Length, true));
        assert_eq!(parse_sort(Some("colour"), false).unwrap_err().errors[0].field, "sort");
        assert_eq!(
            parse_sort(Some("relevance"), false).unwrap_err().errors[0].field,
            "sort"
        );
        assert_eq!(
            parse_sort(Some("-relevance"), true).unwrap_err().errors[0].field,
            "sort"
        );
    }
}
