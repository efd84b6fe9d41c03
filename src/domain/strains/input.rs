//! Owns what a client may send for a strain and how it is checked. Required fields are optional
//! in the wire type so that a 422 can list every missing or invalid field at once.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::collection::{self, CollectionNumber};
use super::lineage::{AncestorCheck, MAX_CYCLE_CHECK_EDGES};
use crate::db::parts::PartRow;
use crate::db::strains::StrainRow;
use crate::db::types::StrainId;
use crate::db::DbConnection;
use crate::domain::parts::input::{find_visible_part, Reference, Source};
use crate::domain::visibility::{self, Facts, Viewer};
use crate::error::{AppError, AppResult, FieldError};

/// Parents one strain may name. Each parent is looked up and each new parent edge is checked for
/// a loop (up to `lineage::MAX_CYCLE_CHECK_EDGES` edges), so the work of one write is
/// O(parents × that bound); a strain is derived from one or a few others (a cross, a fusion), and
/// 100 leaves room for pooled libraries while a 32 MiB body of parents cannot cost minutes.
pub const MAX_PARENTS: usize = 100;

/// Parts one strain may carry (each is looked up, and carriers walk them): as many as a
/// composite's components (`parts::input::MAX_COMPONENTS`).
pub const MAX_CARRIED_PARTS: usize = crate::domain::parts::input::MAX_COMPONENTS;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum OrganismType {
    Bacteria,
    Archaea,
    Fungi,
    Yeast,
    Algae,
    Protist,
    Other,
}

impl OrganismType {
    pub fn as_str(self) -> &'static str {
        match self {
            OrganismType::Bacteria => "bacteria",
            OrganismType::Archaea => "archaea",
            OrganismType::Fungi => "fungi",
            OrganismType::Yeast => "yeast",
            OrganismType::Algae => "algae",
            OrganismType::Protist => "protist",
            OrganismType::Other => "other",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        serde_json::from_value(serde_json::Value::String(value.to_string())).ok()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum CarriedRelation {
    Plasmid,
    ChromosomalIntegration,
    Other,
}

impl CarriedRelation {
    pub fn as_str(self) -> &'static str {
        match self {
            CarriedRelation::Plasmid => "plasmid",
            CarriedRelation::ChromosomalIntegration => "chromosomal_integration",
            CarriedRelation::Other => "other",
        }
    }

    pub fn parse(value: &str) -> Self {
        match value {
            "plasmid" => CarriedRelation::Plasmid,
            "chromosomal_integration" => CarriedRelation::ChromosomalIntegration,
            _ => CarriedRelation::Other,
        }
    }
}

/// How a strain was derived from a parent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum LineageRelation {
    Transformation,
    Mutagenesis,
    GeneKnockout,
    GeneKnockin,
    AdaptiveEvolution,
    Conjugation,
    Cross,
    Reisolation,
    DepositTransfer,
    Other,
}

impl LineageRelation {
    pub fn as_str(self) -> &'static str {
        match self {
            LineageRelation::Transformation => "transformation",
            LineageRelation::Mutagenesis => "mutagenesis",
            LineageRelation::GeneKnockout => "gene_knockout",
            LineageRelation::GeneKnockin => "gene_knockin",
            LineageRelation::AdaptiveEvolution => "adaptive_evolution",
            LineageRelation::Conjugation => "conjugation",
            LineageRelation::Cross => "cross",
            LineageRelation::Reisolation => "reisolation",
            LineageRelation::DepositTransfer => "deposit_transfer",
            LineageRelation::Other => "other",
        }
    }

    pub fn parse(value: &str) -> Self {
        serde_json::from_value(serde_json::Value::String(value.to_string())).unwrap_or(LineageRelation::Other)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum RestrictionsOnUse {
    NoRestriction,
    OnlyResearch,
    CommercialUseWithAgreement,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum NagoyaProtocol {
    DoesNotApply,
    Applies,
    NotClear,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum FormOfSupply {
    Agar,
    Cryo,
    DryIce,
    Liquid,
    Lyophilized,
    Oil,
    Water,
    Dna,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TaxonInput {
    /// Scientific name, e.g. `Escherichia coli`.
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub ncbi_taxid: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Temperature {
    #[serde(default)]
    pub optimum: Option<f64>,
    #[serde(default)]
    pub min: Option<f64>,
    #[serde(default)]
    pub max: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct GeographicOrigin {
    /// ISO 3166-1 alpha-2 code (e.g. `DE`), or `unknown`.
    #[serde(default)]
    pub country: Option<String>,
    #[serde(default)]
    pub locality: Option<String>,
    #[serde(default)]
    pub latitude: Option<f64>,
    #[serde(default)]
    pub longitude: Option<f64>,
}

/// One step of the deposit history, oldest first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DepositStep {
    #[serde(default)]
    pub person: Option<String>,
    #[serde(default)]
    pub institute: Option<String>,
    #[serde(default)]
    pub year: Option<i32>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CarriedPartInput {
    /// Part id or accession.
    pub part: String,
    pub relation: CarriedRelation,
    #[serde(default)]
    pub copy_number: Option<i32>,
    #[serde(default)]
    pub notes: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ParentInput {
    /// Strain id or accession.
    pub strain: String,
    pub relation: LineageRelation,
    #[serde(default)]
    pub description: Option<String>,
}

/// The parts of a strain record that are shown and stored as they are (no searching on them).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, ToSchema)]
pub struct StrainDetails {
    pub aliases: Vec<String>,
    pub infrasubspecific_names: Option<String>,
    pub type_strain: bool,
    pub genotype: Option<String>,
    pub phenotype: Option<String>,
    pub mutant_info: Option<String>,
    pub gmo: bool,
    pub gmo_construction: Option<String>,
    pub genome_accessions: Vec<String>,
    pub biosafety_level: Option<i32>,
    pub restrictions_on_use: Option<RestrictionsOnUse>,
    pub nagoya_protocol: Option<NagoyaProtocol>,
    pub mta_required: bool,
    pub dual_use: bool,
    pub quarantine: bool,
    pub growth_media: Vec<String>,
    pub growth_temperature_c: Option<Temperature>,
    pub atmosphere: Option<String>,
    pub forms_of_supply: Vec<FormOfSupply>,
    pub isolated_from: Option<String>,
    pub geographic_origin: Option<GeographicOrigin>,
    /// ISO 8601 date, possibly partial: `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
    pub isolation_date: Option<String>,
    pub isolated_by: Option<String>,
    pub collected_by: Option<String>,
    pub history_of_deposit: Vec<DepositStep>,
    pub depositor: Option<String>,
    pub deposit_date: Option<String>,
    pub literature: Vec<Reference>,
    pub source: Option<Source>,
}

/// A strain as a client writes it (`POST /api/v1/strains`; `PATCH` merges into this shape).
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct StrainInput {
    /// Designation, e.g. `MG1655`. Required.
    #[serde(default)]
    pub name: Option<String>,
    /// Other designations and synonyms.
    #[serde(default)]
    pub aliases: Vec<String>,
    /// Numbers in culture collections, e.g. `DSM 18039`, `ATCC 700926`.
    #[serde(default)]
    pub other_collection_numbers: Vec<String>,
    /// Required: bacteria, archaea, fungi, yeast, algae, protist or other.
    #[serde(default)]
    #[schema(value_type = Option<OrganismType>)]
    pub organism_type: Option<String>,
    /// `name` is required.
    #[serde(default)]
    pub taxon: Option<TaxonInput>,
    #[serde(default)]
    pub infrasubspecific_names: Option<String>,
    #[serde(default)]
    pub type_strain: bool,
    /// As geneticists write it, e.g. `F- lambda- ilvG- rfb-50 rph-1`.
    #[serde(default)]
    pub genotype: Option<String>,
    #[serde(default)]
    pub phenotype: Option<String>,
    #[serde(default)]
    pub mutant_info: Option<String>,
    #[serde(default)]
    pub gmo: bool,
    #[serde(default)]
    pub gmo_construction: Option<String>,
    /// Assembly or sequence accessions, e.g. `GCF_000005845.2`.
    #[serde(default)]
    pub genome_accessions: Vec<String>,
    #[serde(default)]
    pub parts: Vec<CarriedPartInput>,
    #[serde(default)]
    pub parents: Vec<ParentInput>,
    /// 1-4. Required.
    #[serde(default)]
    pub risk_group: Option<i32>,
    #[serde(default)]
    pub biosafety_level: Option<i32>,
    #[serde(default)]
    pub restrictions_on_use: Option<RestrictionsOnUse>,
    #[serde(default)]
    pub nagoya_protocol: Option<NagoyaProtocol>,
    #[serde(default)]
    pub mta_required: bool,
    #[serde(default)]
    pub dual_use: bool,
    #[serde(default)]
    pub quarantine: bool,
    #[serde(default)]
    pub growth_media: Vec<String>,
    #[serde(default)]
    pub growth_temperature_c: Option<Temperature>,
    #[serde(default)]
    pub atmosphere: Option<String>,
    #[serde(default)]
    pub forms_of_supply: Vec<FormOfSupply>,
    #[serde(default)]
    pub isolated_from: Option<String>,
    #[serde(default)]
    pub geographic_origin: Option<GeographicOrigin>,
    #[serde(default)]
    pub isolation_date: Option<String>,
    #[serde(default)]
    pub isolated_by: Option<String>,
    #[serde(default)]
    pub collected_by: Option<String>,
    #[serde(default)]
    pub history_of_deposit: Vec<DepositStep>,
    #[serde(default)]
    pub depositor: Option<String>,
    #[serde(default)]
    pub deposit_date: Option<String>,
    #[serde(default)]
    pub literature: Vec<Reference>,
    #[serde(default)]
    pub tags: Vec<String>,
    #[serde(default)]
    pub source: Option<Source>,
    /// Where values come from, per field, e.g. `{"genotype": "doi:10.1093/nar/gkz1033"}`.
    #[serde(default)]
    pub provenance: std::collections::BTreeMap<String, String>,
}

/// A resolved carried part.
#[derive(Debug, Clone)]
pub struct CarriedPart {
    pub part: PartRow,
    pub relation: CarriedRelation,
    pub copy_number: Option<i32>,
    pub notes: Option<String>,
}

/// A resolved parent.
#[derive(Debug, Clone)]
pub struct Parent {
    pub strain: StrainRow,
    pub relation: LineageRelation,
    pub description: Option<String>,
}

/// A strain input after every check.
#[derive(Debug, Clone)]
pub struct ValidStrain {
    pub name: String,
    pub organism_type: OrganismType,
    pub taxon_name: String,
    pub ncbi_taxid: Option<i64>,
    pub risk_group: i32,
    pub collection_numbers: Vec<CollectionNumber>,
    pub tags: Vec<String>,
    pub parts: Vec<CarriedPart>,
    pub parents: Vec<Parent>,
    pub details: StrainDetails,
}

/// Finds a strain by UUID or accession.
pub fn find_strain(conn: &mut DbConnection, reference: &str) -> AppResult<Option<StrainRow>> {
    use crate::db::strains as rows;
    Ok(match uuid::Uuid::parse_str(reference) {
        Ok(id) => rows::find_strain(conn, StrainId(id))?,
        Err(_) => rows::find_strain_by_accession(conn, reference.trim())?,
    })
}

fn text(value: Option<String>) -> Option<String> {
    value.map(|v| v.trim().to_string()).filter(|v| !v.is_empty())
}

fn texts(values: Vec<String>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for value in values.into_iter().filter_map(|v| text(Some(v))) {
        if !out.contains(&value) {
            out.push(value);
        }
    }
    out
}

/// Whether `value` is an ISO 8601 date, complete or truncated to year or month.
fn is_partial_date(value: &str) -> bool {
    let parts: Vec<&str> = value.split('-').collect();
    let numeric = |s: &str, len: usize| s.len() == len && s.chars().all(|c| c.is_ascii_digit());
    match parts.as_slice() {
        [y] => numeric(y, 4),
        [y, m] => numeric(y, 4) && numeric(m, 2) && (1..=12).contains(&m.parse::<u32>().unwrap_or(0)),
        [_, _, _] => chrono::NaiveDate::parse_from_str(value, "%Y-%m-%d").is_ok(),
        _ => false,
    }
}

/// Assembly (GCF_/GCA_) or INSDC/RefSeq sequence accessions.
fn is_genome_accession(value: &str) -> bool {
    let (body, version) = value.split_once('.').unwrap_or((value, "1"));
    let letters = body
        .chars()
        .take_while(|c| c.is_ascii_alphabetic() || *c == '_')
        .count();
    let digits = &body[letters..];
    letters >= 1 && digits.len() >= 5 && digits.chars().all(|c| c.is_ascii_digit()) && version.parse::<u32>().is_ok()
}

/// Checks everything about `input`; `this_strain` is the record being edited, if any.
pub fn validate(
    conn: &mut DbConnection,
    viewer: Viewer,
    input: StrainInput,
    this_strain: Option<StrainId>,
) -> AppResult<ValidStrain> {
    // Over the bounds, nothing else is checked: each parent and part is looked up (and each new
    // parent edge walks an ancestry), which is what the bounds are for.
    if input.parents.len() > MAX_PARENTS {
        return Err(AppError::invalid_field(
            "parents",
            format!(
                "{} parents; a strain may have at most {MAX_PARENTS}",
                input.parents.len()
            ),
        ));
    }
    if input.parts.len() > MAX_CARRIED_PARTS {
        return Err(AppError::invalid_field(
            "parts",
            format!(
                "{} parts; a strain may carry at most {MAX_CARRIED_PARTS}",
                input.parts.len()
            ),
        ));
    }
    let mut errors: Vec<FieldError> = Vec::new();
    let mut fail = |field: &str, message: String| {
        errors.push(FieldError {
            field: field.into(),
            message,
        })
    };

    let name = text(input.name.clone());
    if name.is_none() {
        fail("name", "is required".into());
    }
    let organism_type = input
        .organism_type
        .as_deref()
        .map(|t| (t, OrganismType::parse(t.trim())));
    match organism_type {
        None => fail(
            "organism_type",
            "is required: bacteria, archaea, fungi, yeast, algae, protist or other".into(),
        ),
        Some((given, None)) => fail(
            "organism_type",
            format!("`{given}` is not one of bacteria, archaea, fungi, yeast, algae, protist, other"),
        ),
        Some((_, Some(_))) => {}
    }
    let organism_type = organism_type.and_then(|(_, parsed)| parsed);
    let taxon = input.taxon.clone().unwrap_or_default();
    let taxon_name = text(taxon.name.clone());
    if taxon_name.is_none() {
        fail(
            "taxon.name",
            "is required (the scientific name, e.g. `Escherichia coli`)".into(),
        );
    }
    if taxon.ncbi_taxid.is_some_and(|t| t < 1) {
        fail("taxon.ncbi_taxid", "must be a positive NCBI Taxonomy id".into());
    }
    match input.risk_group {
        None => fail("risk_group", "is required (1-4)".into()),
        Some(group) if !(1..=4).contains(&group) => fail("risk_group", format!("{group} is not between 1 and 4")),
        _ => {}
    }
    if let Some(level) = input.biosafety_level {
        if !(1..=4).contains(&level) {
            fail("biosafety_level", format!("{level} is not between 1 and 4"));
        }
    }

    let mut collection_numbers: Vec<CollectionNumber> = Vec::new();
    for (i, raw) in input.other_collection_numbers.iter().enumerate() {
        match collection::parse(raw) {
            Some(number) if !collection_numbers.contains(&number) => collection_numbers.push(number),
            Some(_) => {}
            None => fail(
                &format!("other_collection_numbers[{i}]"),
                format!("`{raw}` is not a collection number like `DSM 18039` (acronym, then number)"),
            ),
        }
    }
    for (i, accession) in input.genome_accessions.iter().enumerate() {
        if !is_genome_accession(accession.trim()) {
            fail(
                &format!("genome_accessions[{i}]"),
                format!("`{accession}` is not an assembly or sequence accession"),
            );
        }
    }
    if let Some(temperature) = &input.growth_temperature_c {
        if let (Some(min), Some(max)) = (temperature.min, temperature.max) {
            if min > max {
                fail("growth_temperature_c", format!("min {min} is above max {max}"));
            }
        }
        for (field, value) in [
            ("optimum", temperature.optimum),
            ("min", temperature.min),
            ("max", temperature.max),
        ] {
            if value.is_some_and(|v| !(-20.0..=130.0).contains(&v)) {
                fail(
                    &format!("growth_temperature_c.{field}"),
                    "must be between -20 and 130 °C".into(),
                );
            }
        }
    }
    if let Some(origin) = &input.geographic_origin {
        if let Some(country) = &origin.country {
            let code = country.trim();
            let valid = code.eq_ignore_ascii_case("unknown") || isocountry::CountryCode::for_alpha2(code).is_ok();
            if !valid {
                fail(
                    "geographic_origin.country",
                    format!("`{country}` is not an ISO 3166-1 alpha-2 code (e.g. `DE`) or `unknown`"),
                );
            }
        }
        if origin.latitude.is_some_and(|v| !(-90.0..=90.0).contains(&v)) {
            fail("geographic_origin.latitude", "must be between -90 and 90".into());
        }
        if origin.longitude.is_some_and(|v| !(-180.0..=180.0).contains(&v)) {
            fail("geographic_origin.longitude", "must be between -180 and 180".into());
        }
        if origin.latitude.is_some() != origin.longitude.is_some() {
            fail("geographic_origin", "latitude and longitude go together".into());
        }
    }
    for (field, value) in [
        ("isolation_date", &input.isolation_date),
        ("deposit_date", &input.deposit_date),
    ] {
        if let Some(date) = value {
            if !is_partial_date(date.trim()) {
                fail(field, format!("`{date}` is not a date (YYYY, YYYY-MM or YYYY-MM-DD)"));
            }
        }
    }
    for (i, step) in input.history_of_deposit.iter().enumerate() {
        if step.person.is_none() && step.institute.is_none() {
            fail(
                &format!("history_of_deposit[{i}]"),
                "needs a person or an institute".into(),
            );
        }
        if step.year.is_some_and(|y| !(1800..=2200).contains(&y)) {
            fail(
                &format!("history_of_deposit[{i}].year"),
                "is not a plausible year".into(),
            );
        }
    }

    let mut parts = Vec::new();
    for (i, carried) in input.parts.iter().enumerate() {
        if carried.copy_number.is_some_and(|n| n < 1) {
            fail(&format!("parts[{i}].copy_number"), "must be at least 1".into());
        }
        match find_visible_part(conn, viewer, &carried.part)? {
            Some(part) => parts.push(CarriedPart {
                part,
                relation: carried.relation,
                copy_number: carried.copy_number,
                notes: text(carried.notes.clone()),
            }),
            None => fail(
                &format!("parts[{i}].part"),
                format!("part `{}` does not exist", carried.part),
            ),
        }
    }
    let current_parents: Vec<StrainId> = match this_strain {
        Some(this) => crate::db::strains::parent_ids_of(conn, &[this], MAX_PARENTS as i64 + 1)?
            .into_iter()
            .map(|(_, parent)| parent)
            .collect(),
        None => Vec::new(),
    };
    let mut parents = Vec::new();
    for (i, parent) in input.parents.iter().enumerate() {
        match find_strain(conn, &parent.strain)?.filter(|s| {
            let facts = Facts {
                owner: s.owner_org_id,
                state: &s.curation_state,
                published_revision: s.published_revision,
            };
            visibility::sees_any(viewer, facts)
        }) {
            Some(strain) if Some(strain.id) == this_strain => fail(
                &format!("parents[{i}].strain"),
                "a strain cannot be its own parent".into(),
            ),
            Some(strain) => {
                // Only a new edge can close a loop: the ones already stored were checked when added.
                if let Some(this) = this_strain.filter(|_| !current_parents.contains(&strain.id)) {
                    match super::lineage::path_to_ancestor(conn, strain.id, this)? {
                        AncestorCheck::NoLoop => {}
                        AncestorCheck::Loop(loop_path) => {
                            fail(
                                &format!("parents[{i}].strain"),
                                format!("the lineage would loop: {}", loop_path.join(" ← ")),
                            );
                            continue;
                        }
                        AncestorCheck::TooLarge => {
                            fail(
                                &format!("parents[{i}].strain"),
                                format!(
                                    "strain {} has more than {MAX_CYCLE_CHECK_EDGES} ancestor edges, too many to \
                                     check that the new parent edge closes no loop in the lineage",
                                    strain.accession
                                ),
                            );
                            continue;
                        }
                    }
                }
                parents.push(Parent {
                    strain,
                    relation: parent.relation,
                    description: text(parent.description.clone()),
                })
            }
            None => fail(
                &format!("parents[{i}].strain"),
                format!("strain `{}` does not exist", parent.strain),
            ),
        }
    }

    if !errors.is_empty() {
        return Err(AppError::invalid(errors));
    }
    let tags = texts(input.tags)
        .into_iter()
        .map(|t| t.to_lowercase())
        .collect::<Vec<_>>();
    Ok(ValidStrain {
        name: name.unwrap_or_default(),
        organism_type: organism_type.unwrap_or(OrganismType::Other),
        taxon_name: taxon_name.unwrap_or_default(),
        ncbi_taxid: taxon.ncbi_taxid,
        risk_group: input.risk_group.unwrap_or(1),
        collection_numbers,
        tags,
        parts,
        parents,
        details: StrainDetails {
            aliases: texts(input.aliases),
            infrasubspecific_names: text(input.infrasubspecific_names),
            type_strain: input.type_strain,
            genotype: text(input.genotype),
            phenotype: text(input.phenotype),
            mutant_info: text(input.mutant_info),
            gmo: input.gmo,
            gmo_construction: text(input.gmo_construction),
            genome_accessions: texts(input.genome_accessions),
            biosafety_level: input.biosafety_level,
            restrictions_on_use: input.restrictions_on_use,
            nagoya_protocol: input.nagoya_protocol,
            mta_required: input.mta_required,
            dual_use: input.dual_use,
            quarantine: input.quarantine,
            growth_media: texts(input.growth_media),
            growth_temperature_c: input.growth_temperature_c,
            atmosphere: text(input.atmosphere),
            forms_of_supply: input.forms_of_supply,
            isolated_from: text(input.isolated_from),
            geographic_origin: input.geographic_origin.map(|o| GeographicOrigin {
                country: text(o.country).map(|c| {
                    if c.eq_ignore_ascii_case("unknown") {
                        "unknown".into()
                    } else {
                        c
                    }
                }),
                locality: text(o.locality),
                ..o
            }),
            isolation_date: text(input.isolation_date),
            isolated_by: text(input.isolated_by),
            collected_by: text(input.collected_by),
            history_of_deposit: input.history_of_deposit,
            depositor: text(input.depositor),
            deposit_date: text(input.deposit_date),
            literature: input.literature,
            source: input.source.filter(|s| *s != Source::default()),
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn partial_dates_and_genome_accessions() {
        assert!(is_partial_date("1988"));
        assert!(is_partial_date("1988-02"));
        assert!(is_partial_date("1988-02-29"));
        assert!(!is_partial_date("1989-02-29"));
        assert!(!is_partial_date("1988-13"));
        assert!(!is_partial_date("88"));
        assert!(is_genome_accession("GCF_000005845.2"));
        assert!(is_genome_accession("NC_000913.3"));
        assert!(is_genome_accession("CP000819.1"));
        assert!(!is_genome_accession("E. coli"));
        assert!(!is_genome_accession("GCF_12"));
    }
}
