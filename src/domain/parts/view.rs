//! Owns how a part is shown: [`PartView`] and its assembly from rows. Pages of parts are
//! assembled with a fixed number of batched queries (children, referenced parts, organisations,
//! users, twins, sequences), however many parts the page holds.

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, NaiveDateTime, Utc};
use serde::Serialize;
use utoipa::ToSchema;

use super::input::{
    ComponentInput, Feature, FeatureInput, GenbankHeader, Host, Orientation, PartInput, Reference, Source,
};
use crate::db::accounts as account_rows;
use crate::db::parts::{self as rows, ComponentRow, PartBrief, PartKey, PartRow};
use crate::db::types::{OrganizationId, PartId, UserId};
use crate::db::DbConnection;
use crate::domain::curation::CurationState;
use crate::domain::group;
use crate::domain::ontology::SoTerm;
use crate::domain::provenance::{self, Provenance};
use crate::error::{AppError, AppResult};
use crate::seq::{MoleculeType, Topology};

/// Twins embedded in a part view at most. Every read of a part, every page of a list or export
/// and every revision snapshot carries its `twins`; a sequence registered 100,000 times as
/// deliberate twins would otherwise put 100,000 references into each of them (and read 100,000
/// rows for each). Past the bound `twins_truncated` is true and `GET /api/v1/parts/{id}/twins`
/// pages through the rest; a page of views reads at most `EMBEDDED_TWINS + 2` twins per sequence.
pub const EMBEDDED_TWINS: usize = 20;

/// A short reference to a part.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PartRef {
    pub id: PartId,
    pub accession: String,
    pub name: String,
}

impl From<&PartRow> for PartRef {
    fn from(row: &PartRow) -> Self {
        PartRef {
            id: row.id,
            accession: row.accession.clone(),
            name: row.name.clone(),
        }
    }
}

impl From<&PartBrief> for PartRef {
    fn from(row: &PartBrief) -> Self {
        PartRef {
            id: row.id,
            accession: row.accession.clone(),
            name: row.name.clone(),
        }
    }
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct OrganizationRef {
    pub id: OrganizationId,
    pub slug: String,
    pub name: String,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct UserRef {
    pub id: UserId,
    pub name: String,
}

/// A piece of a composite and where it sits in the assembly (1-based, inclusive).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ComponentView {
    pub position: i32,
    /// The component part, when the piece is a part.
    pub part: Option<PartRef>,
    /// The literal sequence, when the piece is a linker or scar.
    pub linker: Option<String>,
    pub name: Option<String>,
    pub orientation: Orientation,
    pub start: i64,
    pub end: i64,
}

/// A feature as shown: the stored ones, then one per component of a composite.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct FeatureView {
    pub name: Option<String>,
    #[serde(rename = "type")]
    pub feature_type: SoTerm,
    pub start: i64,
    pub end: i64,
    pub strand: i8,
    pub qualifiers: BTreeMap<String, Vec<String>>,
    /// The INSDC feature key it was imported under.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub key: Option<String>,
    /// The exact INSDC location when start/end/strand do not say it all.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub location: Option<String>,
    /// True for the features derived from a composite's components.
    pub from_component: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum RecordStatus {
    Live,
    Withdrawn,
}

/// A part as a list shows it: what tells records apart and finds them again. `include=record`
/// gives the whole record instead (as `GET /api/v1/parts/{id}`), `include=sequence` adds the
/// sequence. Every field has the name and meaning it has in the record.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PartSummary {
    pub id: PartId,
    pub accession: String,
    pub name: String,
    pub role: SoTerm,
    pub molecule_type: MoleculeType,
    pub topology: Topology,
    pub length: i64,
    pub tags: Vec<String>,
    pub owner_org: OrganizationRef,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub revision: i32,
    pub status: RecordStatus,
    pub curation_state: CurationState,
    pub published_revision: Option<i32>,
    /// Present (true) when this is the published revision and a newer one awaits review.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pending_revision: Option<bool>,
    /// Upper-case residues; only with `include=sequence`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sequence: Option<String>,
}

/// The fields of [`PartSummary`], as a list picks them from a stored snapshot of the record.
pub const SUMMARY_FIELDS: [&str; 17] = [
    "id",
    "accession",
    "name",
    "role",
    "molecule_type",
    "topology",
    "length",
    "tags",
    "owner_org",
    "created_at",
    "updated_at",
    "revision",
    "status",
    "curation_state",
    "published_revision",
    "pending_revision",
    "sequence",
];

/// The references of the organisations `ids` (repeats allowed), one query.
pub(crate) fn organization_refs(
    conn: &mut DbConnection,
    ids: &[OrganizationId],
) -> AppResult<HashMap<OrganizationId, OrganizationRef>> {
    let mut ids = ids.to_vec();
    ids.sort();
    ids.dedup();
    Ok(account_rows::find_organizations(conn, &ids)?
        .into_iter()
        .map(|o| {
            (
                o.id,
                OrganizationRef {
                    id: o.id,
                    slug: o.slug,
                    name: o.name,
                },
            )
        })
        .collect())
}

/// The references of the users `ids` (repeats allowed), one query.
pub(crate) fn user_refs(conn: &mut DbConnection, ids: &[UserId]) -> AppResult<HashMap<UserId, UserRef>> {
    let mut ids = ids.to_vec();
    ids.sort();
    ids.dedup();
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    Ok(account_rows::find_users(conn, &ids)?
        .into_iter()
        .map(|u| (u.id, UserRef { id: u.id, name: u.name }))
        .collect())
}

fn missing(what: &str, id: &dyn std::fmt::Display) -> AppError {
    AppError::internal(format!("{what} {id} is missing"))
}

/// The summary of a record already shown as JSON (a published snapshot): its summary fields.
pub fn summary_of(record: &serde_json::Value) -> serde_json::Value {
    pick(record, &SUMMARY_FIELDS)
}

/// The `fields` of a JSON object that it has.
pub(crate) fn pick(record: &serde_json::Value, fields: &[&str]) -> serde_json::Value {
    let mut picked = serde_json::Map::new();
    for &field in fields {
        if let Some(value) = record.get(field) {
            picked.insert(field.to_string(), value.clone());
        }
    }
    serde_json::Value::Object(picked)
}

/// Summaries of the heads of `keys` (in order), from their keys, one query of tags, one of
/// organisations, and with `with_sequence` one of sequences.
pub fn summaries(conn: &mut DbConnection, keys: &[PartKey], with_sequence: bool) -> AppResult<Vec<PartSummary>> {
    if keys.is_empty() {
        return Ok(Vec::new());
    }
    let ids: Vec<PartId> = keys.iter().map(|k| k.id).collect();
    let mut tags = group(rows::tags_of(conn, &ids)?);
    let mut sequences: HashMap<PartId, String> = if with_sequence {
        rows::sequences_of(conn, &ids)?.into_iter().collect()
    } else {
        HashMap::new()
    };
    let org_ids: Vec<OrganizationId> = keys.iter().map(|k| k.owner_org_id).collect();
    let organizations = organization_refs(conn, &org_ids)?;
    keys.iter()
        .map(|key| {
            Ok(PartSummary {
                id: key.id,
                accession: key.accession.clone(),
                name: key.name.clone(),
                role: SoTerm {
                    id: key.role_id.clone(),
                    label: key.role_label.clone(),
                },
                molecule_type: MoleculeType::parse(&key.molecule_type).unwrap_or(MoleculeType::Dna),
                topology: Topology::parse(&key.topology).unwrap_or(Topology::Linear),
                length: key.length,
                tags: tags.remove(&key.id).unwrap_or_default(),
                owner_org: organizations
                    .get(&key.owner_org_id)
                    .cloned()
                    .ok_or_else(|| missing("organization", &key.owner_org_id))?,
                created_at: utc(key.created_at),
                updated_at: utc(key.updated_at),
                revision: key.revision,
                status: if key.withdrawn_at.is_some() {
                    RecordStatus::Withdrawn
                } else {
                    RecordStatus::Live
                },
                curation_state: CurationState::parse(&key.curation_state),
                published_revision: key.published_revision,
                pending_revision: None,
                sequence: sequences.remove(&key.id),
            })
        })
        .collect()
}

/// A part record.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PartView {
    pub id: PartId,
    /// Server-assigned, unique, immutable: `<prefix><serial>`, e.g. `BRP000042`.
    pub accession: String,
    pub name: String,
    pub aliases: Vec<String>,
    pub description: String,
    pub tags: Vec<String>,
    pub role: SoTerm,
    pub molecule_type: MoleculeType,
    pub topology: Topology,
    /// Upper-case residues; in lists only with `include=sequence`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sequence: Option<String>,
    pub length: i64,
    /// (G+C+S) / bases of known GC status; absent for proteins.
    pub gc_content: Option<f64>,
    /// SEGUID v2 checksum: the same for both strands and, if circular, every rotation.
    pub seqhash: String,
    pub features: Vec<FeatureView>,
    pub components: Vec<ComponentView>,
    pub hosts: Vec<Host>,
    pub references: Vec<Reference>,
    pub license: Option<String>,
    pub derived_from: Vec<PartRef>,
    pub source: Option<Source>,
    /// GenBank header fields kept from an imported record.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub genbank: Option<GenbankHeader>,
    /// Live parts with the same canonical sequence: at most the first 20 (`EMBEDDED_TWINS`),
    /// oldest first (the start of `GET /api/v1/parts/{id}/twins`, which pages through them all).
    pub twins: Vec<PartRef>,
    /// True when the part has more twins than `twins` lists; page through
    /// `GET /api/v1/parts/{id}/twins` for the rest.
    pub twins_truncated: bool,
    /// Why this part was registered although a twin existed.
    pub duplicate_reason: Option<String>,
    pub owner_org: OrganizationRef,
    pub created_by: UserRef,
    pub created_at: DateTime<Utc>,
    pub updated_by: UserRef,
    pub updated_at: DateTime<Utc>,
    pub revision: i32,
    pub status: RecordStatus,
    pub withdrawn_at: Option<DateTime<Utc>>,
    pub withdrawal_reason: Option<String>,
    /// Where the record is in the curation workflow.
    pub curation_state: CurationState,
    /// The revision readers see; absent until a curator first approves the record.
    pub published_revision: Option<i32>,
    /// Per field: who asserted the current value, when, and from what source.
    pub provenance: Provenance,
}

fn utc(at: NaiveDateTime) -> DateTime<Utc> {
    at.and_utc()
}

fn stored_json<T: serde::de::DeserializeOwned>(what: &str, text: &str) -> AppResult<T> {
    serde_json::from_str(text).map_err(|e| AppError::internal(format!("stored {what} cannot be read: {e}")))
}

/// The stored features of a row.
pub fn stored_features(row: &PartRow) -> AppResult<Vec<Feature>> {
    stored_json("features", &row.features)
}

/// The stored derived-from ids of a row.
pub fn stored_derived_from(row: &PartRow) -> AppResult<Vec<PartId>> {
    stored_json("derived_from", &row.derived_from)
}

/// Views of `rows`, in the same order.
pub fn assemble(conn: &mut DbConnection, part_rows: Vec<PartRow>, with_sequence: bool) -> AppResult<Vec<PartView>> {
    if part_rows.is_empty() {
        return Ok(Vec::new());
    }
    let ids: Vec<PartId> = part_rows.iter().map(|r| r.id).collect();
    let mut aliases = group(rows::aliases_of(conn, &ids)?);
    let mut tags = group(rows::tags_of(conn, &ids)?);
    let mut hosts = group(rows::hosts_of(conn, &ids)?.into_iter().map(|h| (h.part_id, h)));
    let mut components = group(
        rows::components_of(conn, &ids)?
            .into_iter()
            .map(|c| (c.composite_id, c)),
    );
    let mut sequences: HashMap<PartId, String> = if with_sequence {
        rows::sequences_of(conn, &ids)?.into_iter().collect()
    } else {
        HashMap::new()
    };

    let derived: HashMap<PartId, Vec<PartId>> = part_rows
        .iter()
        .map(|r| Ok((r.id, stored_derived_from(r)?)))
        .collect::<AppResult<_>>()?;
    let mut referenced: Vec<PartId> = derived.values().flatten().copied().collect();
    referenced.extend(components.values().flatten().filter_map(|c| c.component_id));
    referenced.sort();
    referenced.dedup();
    let referenced: HashMap<PartId, PartBrief> = rows::find_part_briefs(conn, &referenced)?
        .into_iter()
        .map(|r| (r.id, r))
        .collect();

    let org_ids: Vec<OrganizationId> = part_rows.iter().map(|r| r.owner_org_id).collect();
    let organizations = organization_refs(conn, &org_ids)?;
    let user_ids: Vec<UserId> = part_rows.iter().flat_map(|r| [r.created_by, r.updated_by]).collect();
    let users = user_refs(conn, &user_ids)?;

    let mut seqhashes: Vec<String> = part_rows.iter().map(|r| r.seqhash.clone()).collect();
    seqhashes.sort();
    seqhashes.dedup();
    // The part itself, [`EMBEDDED_TWINS`] others and one more to know whether there are more.
    let twins = group(
        rows::first_live_parts_with_seqhashes(conn, &seqhashes, EMBEDDED_TWINS as i64 + 2)?
            .into_iter()
            .map(|r| (r.seqhash.clone(), r)),
    );

    part_rows
        .into_iter()
        .map(|row| {
            let component_rows = components.remove(&row.id).unwrap_or_default();
            let mut features: Vec<FeatureView> = stored_features(&row)?
                .into_iter()
                .map(|f| FeatureView {
                    name: f.name,
                    feature_type: f.feature_type,
                    start: f.start,
                    end: f.end,
                    strand: f.strand,
                    qualifiers: f.qualifiers,
                    key: f.key,
                    location: f.location,
                    from_component: false,
                })
                .collect();
            features.extend(component_features(&component_rows, &referenced));
            let component_views = component_rows
                .iter()
                .map(|c| ComponentView {
                    position: c.position,
                    part: c.component_id.and_then(|id| referenced.get(&id)).map(PartRef::from),
                    linker: c.linker.clone(),
                    name: c.name.clone(),
                    orientation: if c.orientation == "reverse" {
                        Orientation::Reverse
                    } else {
                        Orientation::Forward
                    },
                    start: c.start_position,
                    end: c.end_position,
                })
                .collect();
            let mut twin_refs: Vec<PartRef> = twins
                .get(&row.seqhash)
                .into_iter()
                .flatten()
                .filter(|t| t.id != row.id)
                .take(EMBEDDED_TWINS + 1)
                .map(|t| PartRef {
                    id: t.id,
                    accession: t.accession.clone(),
                    name: t.name.clone(),
                })
                .collect();
            let twins_truncated = twin_refs.len() > EMBEDDED_TWINS;
            twin_refs.truncate(EMBEDDED_TWINS);
            let derived_from = derived
                .get(&row.id)
                .into_iter()
                .flatten()
                .filter_map(|id| referenced.get(id))
                .map(PartRef::from)
                .collect();
            Ok(PartView {
                id: row.id,
                aliases: aliases.remove(&row.id).unwrap_or_default(),
                tags: tags.remove(&row.id).unwrap_or_default(),
                hosts: hosts
                    .remove(&row.id)
                    .unwrap_or_default()
                    .into_iter()
                    .map(|h| Host {
                        name: h.name,
                        taxid: h.taxid,
                    })
                    .collect(),
                sequence: sequences.remove(&row.id),
                role: SoTerm {
                    id: row.role_id.clone(),
                    label: row.role_label.clone(),
                },
                molecule_type: MoleculeType::parse(&row.molecule_type).unwrap_or(MoleculeType::Dna),
                topology: Topology::parse(&row.topology).unwrap_or(Topology::Linear),
                references: stored_json("references", &row.citations)?,
                source: row.source.as_deref().map(|s| stored_json("source", s)).transpose()?,
                genbank: row.genbank.as_deref().map(|s| stored_json("genbank", s)).transpose()?,
                owner_org: organizations
                    .get(&row.owner_org_id)
                    .cloned()
                    .ok_or_else(|| missing("organization", &row.owner_org_id))?,
                created_by: users
                    .get(&row.created_by)
                    .cloned()
                    .ok_or_else(|| missing("user", &row.created_by))?,
                updated_by: users
                    .get(&row.updated_by)
                    .cloned()
                    .ok_or_else(|| missing("user", &row.updated_by))?,
                status: if row.withdrawn_at.is_some() {
                    RecordStatus::Withdrawn
                } else {
                    RecordStatus::Live
                },
                created_at: utc(row.created_at),
                updated_at: utc(row.updated_at),
                withdrawn_at: row.withdrawn_at.map(utc),
                features,
                components: component_views,
                twins: twin_refs,
                twins_truncated,
                derived_from,
                accession: row.accession,
                name: row.name,
                description: row.description,
                length: row.length,
                gc_content: row.gc_content,
                seqhash: row.seqhash,
                license: row.license,
                duplicate_reason: row.duplicate_reason,
                revision: row.revision,
                withdrawal_reason: row.withdrawal_reason,
                curation_state: CurationState::parse(&row.curation_state),
                published_revision: row.published_revision,
                provenance: provenance::read(&row.provenance),
            })
        })
        .collect()
}

/// One feature per component part of a composite, placed where the part sits in the assembly.
fn component_features(components: &[ComponentRow], referenced: &HashMap<PartId, PartBrief>) -> Vec<FeatureView> {
    components
        .iter()
        .filter_map(|c| {
            let part = referenced.get(&c.component_id?)?;
            Some(FeatureView {
                name: Some(part.name.clone()),
                feature_type: SoTerm {
                    id: part.role_id.clone(),
                    label: part.role_label.clone(),
                },
                start: c.start_position,
                end: c.end_position,
                strand: if c.orientation == "reverse" { -1 } else { 1 },
                qualifiers: BTreeMap::from([("component".to_string(), vec![part.accession.clone()])]),
                key: None,
                location: None,
                from_component: true,
            })
        })
        .collect()
}

/// The stored record in the shape a client writes, so that a merge patch can be applied to it.
pub fn editable(conn: &mut DbConnection, row: &PartRow) -> AppResult<PartInput> {
    let view = assemble(conn, vec![row.clone()], true)?
        .pop()
        .ok_or_else(|| AppError::internal("part vanished"))?;
    Ok(PartInput {
        name: view.name,
        aliases: view.aliases,
        description: view.description,
        tags: view.tags,
        role: view.role.id,
        molecule_type: view.molecule_type,
        topology: view.topology,
        sequence: view.sequence,
        features: stored_features(row)?
            .into_iter()
            .map(|f| FeatureInput {
                name: f.name,
                feature_type: f.feature_type.id,
                start: f.start,
                end: f.end,
                strand: f.strand,
                qualifiers: f.qualifiers,
                key: f.key,
                location: f.location,
            })
            .collect(),
        components: view
            .components
            .into_iter()
            .map(|c| ComponentInput {
                part: c.part.map(|p| p.id.to_string()),
                linker: c.linker,
                name: c.name,
                orientation: Some(c.orientation),
            })
            .collect(),
        hosts: view.hosts,
        references: view.references,
        license: view.license,
        derived_from: view.derived_from.into_iter().map(|p| p.id.to_string()).collect(),
        source: view.source,
        genbank: view.genbank,
        allow_duplicate: view.duplicate_reason.is_some(),
        duplicate_reason: view.duplicate_reason,
        provenance: BTreeMap::new(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_summary_has_exactly_the_summary_fields_a_snapshot_is_cut_to() {
        let at = chrono::Utc::now();
        let summary = PartSummary {
            id: PartId(uuid::Uuid::nil()),
            accession: "BRP000001".into(),
            name: "pLac".into(),
            role: SoTerm {
                id: "SO:0000167".into(),
                label: "promoter".into(),
            },
            molecule_type: MoleculeType::Dna,
            topology: Topology::Linear,
            length: 4,
            tags: vec!["t".into()],
            owner_org: OrganizationRef {
                id: OrganizationId(uuid::Uuid::nil()),
                slug: "lab".into(),
                name: "Lab".into(),
            },
            created_at: at,
            updated_at: at,
            revision: 2,
            status: RecordStatus::Live,
            curation_state: CurationState::Approved,
            published_revision: Some(1),
            pending_revision: Some(true),
            sequence: Some("ACGT".into()),
        };
        let value = serde_json::to_value(&summary).unwrap();
        let mut keys: Vec<&str> = value.as_object().unwrap().keys().map(String::as_str).collect();
        let mut fields = SUMMARY_FIELDS.to_vec();
        keys.sort();
        fields.sort();
        assert_eq!(keys, fields);
        // Cutting the summary's own JSON gives it back.
        assert_eq!(summary_of(&value), value);
    }
}
