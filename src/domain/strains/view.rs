//! Owns how a strain is shown: [`StrainView`] and its assembly from rows, with a fixed number of
//! batched queries per page.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDateTime, Utc};
use serde::Serialize;
use utoipa::ToSchema;

use super::collection::CollectionNumber;
use super::input::{
    CarriedPartInput, CarriedRelation, DepositStep, LineageRelation, OrganismType, ParentInput, StrainDetails,
    StrainInput, TaxonInput,
};
use crate::db::parts as part_rows;
use crate::db::strains::{self as rows, SampleRow, StrainBrief, StrainKey, StrainRow};
use crate::db::types::{OrganizationId, PartId, SampleId, StrainId, UserId};
use crate::db::DbConnection;
use crate::domain::curation::CurationState;
use crate::domain::group;
use crate::domain::parts::view::{organization_refs, OrganizationRef, RecordStatus, UserRef};
use crate::domain::parts::PartRef;
use crate::domain::provenance::{self, Provenance};
use crate::error::{AppError, AppResult};

/// A short reference to a strain.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct StrainRef {
    pub id: StrainId,
    pub accession: String,
    pub name: String,
}

impl From<&StrainRow> for StrainRef {
    fn from(row: &StrainRow) -> Self {
        StrainRef {
            id: row.id,
            accession: row.accession.clone(),
            name: row.name.clone(),
        }
    }
}

impl From<&StrainBrief> for StrainRef {
    fn from(row: &StrainBrief) -> Self {
        StrainRef {
            id: row.id,
            accession: row.accession.clone(),
            name: row.name.clone(),
        }
    }
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Taxon {
    pub name: String,
    pub ncbi_taxid: Option<i64>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CollectionNumberView {
    pub collection: String,
    pub number: String,
    /// `DSM 18039`
    pub display: String,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CarriedPartView {
    pub part: PartRef,
    pub relation: CarriedRelation,
    pub copy_number: Option<i32>,
    pub notes: Option<String>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ParentView {
    pub strain: StrainRef,
    pub relation: LineageRelation,
    pub description: Option<String>,
}

/// A strain record.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct StrainView {
    pub id: StrainId,
    /// Server-assigned, unique, immutable: `<prefix><serial>`, e.g. `BRS000042`.
    pub accession: String,
    pub name: String,
    pub other_collection_numbers: Vec<CollectionNumberView>,
    pub organism_type: OrganismType,
    pub taxon: Taxon,
    pub risk_group: i32,
    #[serde(flatten)]
    pub details: StrainDetails,
    /// The deposit history as collections write it, most recent first: `<- ATCC <- R. Hungate, 1958`.
    pub history_of_deposit_chain: Option<String>,
    pub parts: Vec<CarriedPartView>,
    pub parents: Vec<ParentView>,
    pub tags: Vec<String>,
    /// Live physical samples.
    pub sample_count: usize,
    /// MIRRI-IS mandatory fields still missing before the strain may be submitted for curation.
    pub missing_for_submission: Vec<String>,
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

/// The MIRRI-IS mandatory fields a strain still lacks before it may be submitted for curation
/// (beyond those needed to create it at all). An explicit `unknown` country counts as given.
pub fn missing_for_submission(details: &StrainDetails) -> Vec<String> {
    let mut missing = Vec::new();
    if details.restrictions_on_use.is_none() {
        missing.push("restrictions_on_use");
    }
    if details.nagoya_protocol.is_none() {
        missing.push("nagoya_protocol");
    }
    if details.growth_media.is_empty() {
        missing.push("growth_media");
    }
    if details
        .growth_temperature_c
        .as_ref()
        .is_none_or(|t| t.optimum.is_none() && t.min.is_none() && t.max.is_none())
    {
        missing.push("growth_temperature_c");
    }
    if details.forms_of_supply.is_empty() {
        missing.push("forms_of_supply");
    }
    if details
        .geographic_origin
        .as_ref()
        .and_then(|o| o.country.as_ref())
        .is_none()
    {
        missing.push("geographic_origin.country");
    }
    missing.into_iter().map(String::from).collect()
}

/// `<- latest <- … <- first`, each step as `person, institute, year`.
pub fn deposit_chain(history: &[DepositStep]) -> Option<String> {
    if history.is_empty() {
        return None;
    }
    let steps: Vec<String> = history
        .iter()
        .rev()
        .map(|step| {
            let year = step.year.map(|y| y.to_string());
            let parts: Vec<&str> = [step.person.as_deref(), step.institute.as_deref(), year.as_deref()]
                .into_iter()
                .flatten()
                .collect();
            format!("<- {}", parts.join(", "))
        })
        .collect();
    Some(steps.join(" "))
}

pub fn stored_details(row: &StrainRow) -> AppResult<StrainDetails> {
    serde_json::from_str(&row.details).map_err(|e| AppError::internal(format!("stored strain details: {e}")))
}

/// A strain as a list shows it: what tells strains apart and finds them again (names, collection
/// numbers, taxon, risk group). `include=record` gives the whole record instead (as
/// `GET /api/v1/strains/{id}`). Every field has the name and meaning it has in the record.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct StrainSummary {
    pub id: StrainId,
    pub accession: String,
    pub name: String,
    pub other_collection_numbers: Vec<CollectionNumberView>,
    pub organism_type: OrganismType,
    pub taxon: Taxon,
    pub risk_group: i32,
    pub tags: Vec<String>,
    pub sample_count: usize,
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
}

/// The fields of [`StrainSummary`], as a list picks them from a stored snapshot of the record.
pub const SUMMARY_FIELDS: [&str; 17] = [
    "id",
    "accession",
    "name",
    "other_collection_numbers",
    "organism_type",
    "taxon",
    "risk_group",
    "tags",
    "sample_count",
    "owner_org",
    "created_at",
    "updated_at",
    "revision",
    "status",
    "curation_state",
    "published_revision",
    "pending_revision",
];

/// The summary of a record already shown as JSON (a published snapshot): its summary fields.
pub fn summary_of(record: &serde_json::Value) -> serde_json::Value {
    crate::domain::parts::view::pick(record, &SUMMARY_FIELDS)
}

fn collection_number_view(row: rows::CollectionNumberRow) -> CollectionNumberView {
    let number = CollectionNumber {
        collection: row.collection,
        number: row.number,
    };
    CollectionNumberView {
        display: number.display(),
        collection: number.collection,
        number: number.number,
    }
}

/// Summaries of the heads of `keys` (in order), from their keys and one query each of
/// collection numbers, tags, sample counts and organisations.
pub fn summaries(conn: &mut DbConnection, keys: &[StrainKey]) -> AppResult<Vec<StrainSummary>> {
    if keys.is_empty() {
        return Ok(Vec::new());
    }
    let ids: Vec<StrainId> = keys.iter().map(|k| k.id).collect();
    let mut numbers = group(
        rows::collection_numbers_of(conn, &ids)?
            .into_iter()
            .map(|n| (n.strain_id, n)),
    );
    let mut tags = group(rows::tags_of(conn, &ids)?);
    let sample_counts: HashMap<StrainId, i64> = rows::live_sample_counts(conn, &ids)?.into_iter().collect();
    let org_ids: Vec<OrganizationId> = keys.iter().map(|k| k.owner_org_id).collect();
    let organizations = organization_refs(conn, &org_ids)?;
    keys.iter()
        .map(|key| {
            Ok(StrainSummary {
                id: key.id,
                accession: key.accession.clone(),
                name: key.name.clone(),
                other_collection_numbers: numbers
                    .remove(&key.id)
                    .unwrap_or_default()
                    .into_iter()
                    .map(collection_number_view)
                    .collect(),
                organism_type: OrganismType::parse(&key.organism_type).unwrap_or(OrganismType::Other),
                taxon: Taxon {
                    name: key.taxon_name.clone(),
                    ncbi_taxid: key.ncbi_taxid,
                },
                risk_group: key.risk_group,
                tags: tags.remove(&key.id).unwrap_or_default(),
                sample_count: sample_counts.get(&key.id).copied().unwrap_or(0) as usize,
                owner_org: organizations
                    .get(&key.owner_org_id)
                    .cloned()
                    .ok_or_else(|| AppError::internal("the organization of a strain is missing"))?,
                created_at: key.created_at.and_utc(),
                updated_at: key.updated_at.and_utc(),
                revision: key.revision,
                status: if key.withdrawn_at.is_some() {
                    RecordStatus::Withdrawn
                } else {
                    RecordStatus::Live
                },
                curation_state: CurationState::parse(&key.curation_state),
                published_revision: key.published_revision,
                pending_revision: None,
            })
        })
        .collect()
}

/// Views of `strain_rows`, in the same order.
pub fn assemble(conn: &mut DbConnection, strain_rows: Vec<StrainRow>) -> AppResult<Vec<StrainView>> {
    if strain_rows.is_empty() {
        return Ok(Vec::new());
    }
    let ids: Vec<StrainId> = strain_rows.iter().map(|r| r.id).collect();
    let mut numbers = group(
        rows::collection_numbers_of(conn, &ids)?
            .into_iter()
            .map(|n| (n.strain_id, n)),
    );
    let mut tags = group(rows::tags_of(conn, &ids)?);
    let mut carried = group(
        rows::carried_parts_of(conn, &ids)?
            .into_iter()
            .map(|c| (c.strain_id, c)),
    );
    let mut parents = group(rows::parents_of(conn, &ids)?.into_iter().map(|p| (p.child_id, p)));
    let mut sample_counts: HashMap<StrainId, usize> = HashMap::new();
    for (strain, count) in rows::live_sample_counts(conn, &ids)? {
        sample_counts.insert(strain, count as usize);
    }

    let part_ids: Vec<PartId> = carried.values().flatten().map(|c| c.part_id).collect();
    let parts: HashMap<PartId, PartRef> = part_rows::find_part_briefs(conn, &part_ids)?
        .iter()
        .map(|p| (p.id, PartRef::from(p)))
        .collect();
    let parent_ids: Vec<StrainId> = parents.values().flatten().map(|p| p.parent_id).collect();
    let parent_refs: HashMap<StrainId, StrainRef> = rows::find_strain_briefs(conn, &parent_ids)?
        .iter()
        .map(|s| (s.id, StrainRef::from(s)))
        .collect();
    let org_ids: Vec<OrganizationId> = strain_rows.iter().map(|r| r.owner_org_id).collect();
    let organizations = organization_refs(conn, &org_ids)?;
    let user_ids: Vec<UserId> = strain_rows.iter().flat_map(|r| [r.created_by, r.updated_by]).collect();
    let users = crate::domain::parts::view::user_refs(conn, &user_ids)?;
    let missing = |what: &str| AppError::internal(format!("{what} of a strain is missing"));

    strain_rows
        .into_iter()
        .map(|row| {
            let details = stored_details(&row)?;
            Ok(StrainView {
                id: row.id,
                other_collection_numbers: numbers
                    .remove(&row.id)
                    .unwrap_or_default()
                    .into_iter()
                    .map(collection_number_view)
                    .collect(),
                organism_type: OrganismType::parse(&row.organism_type).unwrap_or(OrganismType::Other),
                taxon: Taxon {
                    name: row.taxon_name.clone(),
                    ncbi_taxid: row.ncbi_taxid,
                },
                history_of_deposit_chain: deposit_chain(&details.history_of_deposit),
                missing_for_submission: missing_for_submission(&details),
                details,
                parts: carried
                    .remove(&row.id)
                    .unwrap_or_default()
                    .into_iter()
                    .filter_map(|c| {
                        Some(CarriedPartView {
                            part: parts.get(&c.part_id)?.clone(),
                            relation: CarriedRelation::parse(&c.relation),
                            copy_number: c.copy_number,
                            notes: c.notes,
                        })
                    })
                    .collect(),
                parents: parents
                    .remove(&row.id)
                    .unwrap_or_default()
                    .into_iter()
                    .filter_map(|p| {
                        Some(ParentView {
                            strain: parent_refs.get(&p.parent_id)?.clone(),
                            relation: LineageRelation::parse(&p.relation),
                            description: p.description,
                        })
                    })
                    .collect(),
                tags: tags.remove(&row.id).unwrap_or_default(),
                sample_count: sample_counts.get(&row.id).copied().unwrap_or(0),
                owner_org: organizations
                    .get(&row.owner_org_id)
                    .cloned()
                    .ok_or_else(|| missing("organization"))?,
                created_by: users.get(&row.created_by).cloned().ok_or_else(|| missing("creator"))?,
                updated_by: users.get(&row.updated_by).cloned().ok_or_else(|| missing("editor"))?,
                created_at: utc(row.created_at),
                updated_at: utc(row.updated_at),
                status: if row.withdrawn_at.is_some() {
                    RecordStatus::Withdrawn
                } else {
                    RecordStatus::Live
                },
                withdrawn_at: row.withdrawn_at.map(utc),
                withdrawal_reason: row.withdrawal_reason,
                curation_state: CurationState::parse(&row.curation_state),
                published_revision: row.published_revision,
                provenance: provenance::read(&row.provenance),
                accession: row.accession,
                name: row.name,
                risk_group: row.risk_group,
                revision: row.revision,
            })
        })
        .collect()
}

/// The stored record in the shape a client writes, for merge patches.
pub fn editable(view: StrainView) -> StrainInput {
    let d = view.details;
    StrainInput {
        name: Some(view.name),
        aliases: d.aliases,
        other_collection_numbers: view.other_collection_numbers.into_iter().map(|n| n.display).collect(),
        organism_type: Some(view.organism_type.as_str().to_string()),
        taxon: Some(TaxonInput {
            name: Some(view.taxon.name),
            ncbi_taxid: view.taxon.ncbi_taxid,
        }),
        infrasubspecific_names: d.infrasubspecific_names,
        type_strain: d.type_strain,
        genotype: d.genotype,
        phenotype: d.phenotype,
        mutant_info: d.mutant_info,
        gmo: d.gmo,
        gmo_construction: d.gmo_construction,
        genome_accessions: d.genome_accessions,
        parts: view
            .parts
            .into_iter()
            .map(|p| CarriedPartInput {
                part: p.part.id.to_string(),
                relation: p.relation,
                copy_number: p.copy_number,
                notes: p.notes,
            })
            .collect(),
        parents: view
            .parents
            .into_iter()
            .map(|p| ParentInput {
                strain: p.strain.id.to_string(),
                relation: p.relation,
                description: p.description,
            })
            .collect(),
        risk_group: Some(view.risk_group),
        biosafety_level: d.biosafety_level,
        restrictions_on_use: d.restrictions_on_use,
        nagoya_protocol: d.nagoya_protocol,
        mta_required: d.mta_required,
        dual_use: d.dual_use,
        quarantine: d.quarantine,
        growth_media: d.growth_media,
        growth_temperature_c: d.growth_temperature_c,
        atmosphere: d.atmosphere,
        forms_of_supply: d.forms_of_supply,
        isolated_from: d.isolated_from,
        geographic_origin: d.geographic_origin,
        isolation_date: d.isolation_date,
        isolated_by: d.isolated_by,
        collected_by: d.collected_by,
        history_of_deposit: d.history_of_deposit,
        depositor: d.depositor,
        deposit_date: d.deposit_date,
        literature: d.literature,
        tags: view.tags,
        source: d.source,
        provenance: Default::default(),
    }
}

/// Where a sample is kept.
#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Location {
    pub site: String,
    pub freezer: String,
    pub rack: String,
    #[serde(rename = "box")]
    pub box_: String,
    pub position: String,
}

/// A physical stock of a strain.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct SampleView {
    pub id: SampleId,
    pub strain_id: StrainId,
    pub location: Location,
    pub preservation_method: String,
    pub quantity: Option<String>,
    pub prepared_by: Option<String>,
    pub prepared_at: Option<DateTime<Utc>>,
    pub notes: Option<String>,
    /// Who added the sample, as records name their creators.
    pub created_by: UserRef,
    pub created_at: DateTime<Utc>,
    pub removed_at: Option<DateTime<Utc>>,
}

impl SampleView {
    /// The view of a sample row, with the name of the user who added it.
    pub fn new(row: SampleRow, creator_name: String) -> Self {
        SampleView {
            id: row.id,
            strain_id: row.strain_id,
            location: Location {
                site: row.site,
                freezer: row.freezer,
                rack: row.rack,
                box_: row.box_,
                position: row.slot,
            },
            preservation_method: row.preservation_method,
            quantity: row.quantity,
            prepared_by: row.prepared_by,
            prepared_at: row.prepared_at.map(utc),
            notes: row.notes,
            created_by: UserRef {
                id: row.created_by,
                name: creator_name,
            },
            created_at: utc(row.created_at),
            removed_at: row.removed_at.map(utc),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn submission_needs_the_mirri_is_mandatory_set() {
        let empty = StrainDetails::default();
        assert_eq!(
            missing_for_submission(&empty),
            [
                "restrictions_on_use",
                "nagoya_protocol",
                "growth_media",
                "growth_temperature_c",
                "forms_of_supply",
                "geographic_origin.country"
            ]
        );
        let complete = StrainDetails {
            restrictions_on_use: Some(super::super::input::RestrictionsOnUse::OnlyResearch),
            nagoya_protocol: Some(super::super::input::NagoyaProtocol::NotClear),
            growth_media: vec!["LB".into()],
            growth_temperature_c: Some(super::super::input::Temperature {
                optimum: Some(37.0),
                min: None,
                max: None,
            }),
            forms_of_supply: vec![super::super::input::FormOfSupply::Agar],
            geographic_origin: Some(super::super::input::GeographicOrigin {
                country: Some("unknown".into()),
                locality: None,
                latitude: None,
                longitude: None,
            }),
            ..StrainDetails::default()
        };
        assert!(missing_for_submission(&complete).is_empty());
    }

    #[test]
    fn deposit_history_reads_most_recent_first() {
        let history = vec![
            DepositStep {
                person: Some("R. E. Hungate".into()),
                institute: None,
                year: Some(1958),
            },
            DepositStep {
                person: None,
                institute: Some("ATCC".into()),
                year: None,
            },
        ];
        assert_eq!(deposit_chain(&history).unwrap(), "<- ATCC <- R. E. Hungate, 1958");
        assert_eq!(deposit_chain(&[]), None);
    }
}

#[cfg(test)]
mod summary_tests {
    use super::*;

    #[test]
    fn a_summary_has_exactly_the_summary_fields_a_snapshot_is_cut_to() {
        let at = chrono::Utc::now();
        let summary = StrainSummary {
            id: StrainId(uuid::Uuid::nil()),
            accession: "BRS000001".into(),
            name: "MG1655".into(),
            other_collection_numbers: vec![CollectionNumberView {
                collection: "DSM".into(),
                number: "18039".into(),
                display: "DSM 18039".into(),
            }],
            organism_type: OrganismType::Bacteria,
            taxon: Taxon {
                name: "Escherichia coli".into(),
                ncbi_taxid: Some(511145),
            },
            risk_group: 1,
            tags: vec!["t".into()],
            sample_count: 2,
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
        };
        let value = serde_json::to_value(&summary).unwrap();
        let mut keys: Vec<&str> = value.as_object().unwrap().keys().map(String::as_str).collect();
        let mut fields = SUMMARY_FIELDS.to_vec();
        keys.sort();
        fields.sort();
        assert_eq!(keys, fields);
        assert_eq!(summary_of(&value), value);
    }
}
