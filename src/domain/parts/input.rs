//! Owns what a client may send for a part and how it is checked: every invalid field is
//! collected (with its JSON path) and reported at once; references to other parts are resolved;
//! the sequence is normalised, or assembled from the components of a composite.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::db::parts::{self as rows, PartRow};
use crate::db::types::PartId;
use crate::db::DbConnection;
use crate::domain::formats::location;
use crate::domain::ontology::{self, SoTerm};
use crate::domain::visibility::{self, Facts, Viewer};
use crate::error::{AppError, AppResult, FieldError};
use crate::seq::alphabet::normalise;
use crate::seq::{reverse_complement, MoleculeType, Topology};

/// Features one part may carry. Generous for real records (a 16 Mbp bacterial genome has about
/// 40,000 features with genes, CDSs and RNAs), and the bound every per-feature cost of a part
/// rests on: validation, the stored JSON, page maps and tables, exports. A record with more is a
/// 422 on `features` (an import names its record and the line of the first feature too many).
pub const MAX_FEATURES: usize = 100_000;

/// Components one composite may list: each is resolved against the library while validating.
pub const MAX_COMPONENTS: usize = 10_000;

fn default_molecule() -> MoleculeType {
    MoleculeType::Dna
}

fn default_topology() -> Topology {
    Topology::Linear
}

fn default_strand() -> i8 {
    1
}

/// A part as a client writes it (`POST /api/v1/parts`; `PATCH` merges into this shape).
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PartInput {
    pub name: String,
    /// Other names, e.g. `BBa_B0034`; searchable with `q`.
    #[serde(default)]
    pub aliases: Vec<String>,
    #[serde(default)]
    pub description: String,
    /// Free labels, stored lower-case.
    #[serde(default)]
    pub tags: Vec<String>,
    /// A Sequence Ontology id (`SO:0000167`) or label (`promoter`, `RBS`, `CDS`, ...).
    pub role: String,
    #[serde(default = "default_molecule")]
    pub molecule_type: MoleculeType,
    #[serde(default = "default_topology")]
    pub topology: Topology,
    /// The sequence; whitespace and GenBank ORIGIN numbering are ignored, case is normalised.
    /// A composite may leave it out: it is then assembled from `components`.
    #[serde(default)]
    pub sequence: Option<String>,
    #[serde(default)]
    pub features: Vec<FeatureInput>,
    /// For composites: the ordered parts (and linkers/scars) it is assembled from.
    #[serde(default)]
    pub components: Vec<ComponentInput>,
    /// Chassis organisms the part is meant for.
    #[serde(default)]
    pub hosts: Vec<Host>,
    #[serde(default)]
    pub references: Vec<Reference>,
    /// Licence or use restriction, e.g. `CC-BY-4.0` or `MTA required`.
    #[serde(default)]
    pub license: Option<String>,
    /// Parts this one was derived from (ids or accessions).
    #[serde(default)]
    pub derived_from: Vec<String>,
    /// Where the record came from.
    #[serde(default)]
    pub source: Option<Source>,
    /// Register even though a live part has the same sequence (a deliberate twin).
    #[serde(default)]
    pub allow_duplicate: bool,
    /// Why the twin is needed; required with `allow_duplicate`.
    #[serde(default)]
    pub duplicate_reason: Option<String>,
    /// Where values come from, per field, e.g. `{"sequence": "iGEM Registry BBa_B0034"}`.
    #[serde(default)]
    pub provenance: BTreeMap<String, String>,
    /// GenBank header fields kept from an imported record and written back on export.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub genbank: Option<GenbankHeader>,
}

impl PartInput {
    /// A part with just these fields; everything else empty (for records read from files).
    pub fn new(name: String, role: String, molecule_type: MoleculeType, topology: Topology, sequence: String) -> Self {
        PartInput {
            name,
            aliases: Vec::new(),
            description: String::new(),
            tags: Vec::new(),
            role,
            molecule_type,
            topology,
            sequence: Some(sequence),
            features: Vec::new(),
            components: Vec::new(),
            hosts: Vec::new(),
            references: Vec::new(),
            license: None,
            derived_from: Vec::new(),
            source: None,
            allow_duplicate: false,
            duplicate_reason: None,
            provenance: BTreeMap::new(),
            genbank: None,
        }
    }
}

/// What a GenBank record's header says beyond a part's own fields.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct GenbankHeader {
    /// The LOCUS name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub locus: Option<String>,
    /// The molecule type as the LOCUS line wrote it, e.g. `DNA`, `ds-DNA`, `mRNA`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub molecule_type: Option<String>,
    /// The GenBank division, e.g. `SYN`, `BCT`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub division: Option<String>,
    /// The LOCUS date, `DD-MON-YYYY`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub accession: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub keywords: Option<String>,
    /// The SOURCE line.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organism: Option<String>,
    /// The REFERENCE and COMMENT blocks exactly as the file wrote them (keyword line and its
    /// continuation lines), written back unchanged on export.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub annotation_blocks: Vec<String>,
}

/// A feature: 1-based inclusive coordinates as in GenBank. On a circular part `start > end` means
/// the feature crosses the origin.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct FeatureInput {
    #[serde(default)]
    pub name: Option<String>,
    /// Sequence Ontology id or label.
    #[serde(rename = "type")]
    pub feature_type: String,
    pub start: i64,
    pub end: i64,
    /// +1 forward, -1 reverse, 0 none.
    #[serde(default = "default_strand")]
    pub strand: i8,
    #[serde(default)]
    pub qualifiers: BTreeMap<String, Vec<String>>,
    /// The INSDC feature key, e.g. `misc_feature`, `rep_origin`, `source`; kept for GenBank
    /// export (the `type` is the Sequence Ontology term it maps to).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key: Option<String>,
    /// The exact INSDC location, e.g. `join(complement(<1..200),300..>400)`, for what
    /// start/end/strand cannot say (joins, orders, fuzzy ends); `start`, `end` and `strand` must
    /// then be its bounds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<String>,
}

/// A stored feature.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Feature {
    pub name: Option<String>,
    #[serde(rename = "type")]
    pub feature_type: SoTerm,
    pub start: i64,
    pub end: i64,
    pub strand: i8,
    pub qualifiers: BTreeMap<String, Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum Orientation {
    Forward,
    Reverse,
}

impl Orientation {
    pub fn as_str(self) -> &'static str {
        match self {
            Orientation::Forward => "forward",
            Orientation::Reverse => "reverse",
        }
    }
}

/// One piece of a composite: a part (by id or accession) or a literal linker/scar sequence.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ComponentInput {
    #[serde(default)]
    pub part: Option<String>,
    #[serde(default)]
    pub linker: Option<String>,
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub orientation: Option<Orientation>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Host {
    /// Organism name, e.g. `Escherichia coli`.
    pub name: String,
    /// NCBI Taxonomy id, e.g. 562.
    #[serde(default)]
    pub taxid: Option<i64>,
}

/// A literature or web reference: at least one of `doi`, `pmid`, `url`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Reference {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub doi: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pmid: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
}

/// Where a record came from.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Source {
    /// The lab or person that provided it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lab: Option<String>,
    /// An external registry, e.g. `iGEM Registry`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub registry: Option<String>,
    /// The id there, e.g. `BBa_B0034`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub external_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub uri: Option<String>,
    /// Checksum of an imported file, e.g. `sha256:…`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file_checksum: Option<String>,
    /// Name of the imported file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file_name: Option<String>,
    /// Which record of the file (1-based) and its line.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file_record: Option<String>,
    /// The import that registered it (`GET /api/v1/imports/{id}`: importer, time, the report).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub import_id: Option<String>,
}

/// A resolved component of a composite, with its place in the assembly.
#[derive(Debug, Clone)]
pub struct ResolvedComponent {
    pub part: Option<PartRow>,
    pub linker: Option<String>,
    pub name: Option<String>,
    pub orientation: Orientation,
    pub start: i64,
    pub end: i64,
}

/// A part input after every check: what will be stored.
#[derive(Debug, Clone)]
pub struct ValidPart {
    pub name: String,
    pub aliases: Vec<String>,
    pub description: String,
    pub tags: Vec<String>,
    pub role: SoTerm,
    pub molecule_type: MoleculeType,
    pub topology: Topology,
    pub sequence: Vec<u8>,
    pub features: Vec<Feature>,
    pub components: Vec<ResolvedComponent>,
    pub hosts: Vec<Host>,
    pub references: Vec<Reference>,
    pub license: Option<String>,
    pub derived_from: Vec<PartId>,
    pub source: Option<Source>,
    pub allow_duplicate: bool,
    pub duplicate_reason: Option<String>,
    pub genbank: Option<GenbankHeader>,
}

/// Finds a part the viewer may see by UUID or accession; the others read as missing, so a
/// reference cannot reveal another organisation's draft.
pub fn find_visible_part(conn: &mut DbConnection, viewer: Viewer, reference: &str) -> AppResult<Option<PartRow>> {
    Ok(find_part(conn, reference)?.filter(|p| {
        let facts = Facts {
            owner: p.owner_org_id,
            state: &p.curation_state,
            published_revision: p.published_revision,
        };
        visibility::sees_any(viewer, facts)
    }))
}

/// Finds a part by UUID or accession.
pub fn find_part(conn: &mut DbConnection, reference: &str) -> AppResult<Option<PartRow>> {
    Ok(match uuid::Uuid::parse_str(reference) {
        Ok(id) => rows::find_part(conn, PartId(id))?,
        Err(_) => rows::find_part_by_accession(conn, reference.trim())?,
    })
}

struct Errors(Vec<FieldError>);

impl Errors {
    fn push(&mut self, field: impl Into<String>, message: impl Into<String>) {
        self.0.push(FieldError {
            field: field.into(),
            message: message.into(),
        });
    }
}

fn clean_list(values: &[String], field: &str, max: usize, lowercase: bool, errors: &mut Errors) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for (i, value) in values.iter().enumerate() {
        let value = value.trim();
        let value = if lowercase {
            value.to_lowercase()
        } else {
            value.to_string()
        };
        if value.is_empty() {
            errors.push(format!("{field}[{i}]"), "must not be empty");
        } else if value.chars().count() > max {
            errors.push(format!("{field}[{i}]"), format!("must be at most {max} characters"));
        } else if !out.contains(&value) {
            out.push(value);
        }
    }
    out
}

fn is_doi(value: &str) -> bool {
    value.strip_prefix("10.").is_some_and(|rest| {
        rest.split_once('/').is_some_and(|(registrant, suffix)| {
            !registrant.is_empty()
                && registrant.chars().all(|c| c.is_ascii_digit() || c == '.')
                && !suffix.trim().is_empty()
        })
    })
}

/// Checks everything about `input`; `this_part` is the record being edited, if any.
pub fn validate(
    conn: &mut DbConnection,
    viewer: Viewer,
    input: PartInput,
    this_part: Option<PartId>,
    max_length: usize,
) -> AppResult<ValidPart> {
    // Over the bounds, nothing else is checked: per-feature and per-component work is what the
    // bounds are for.
    if input.features.len() > MAX_FEATURES {
        return Err(AppError::invalid_field(
            "features",
            format!(
                "{} features; a part may have at most {MAX_FEATURES}",
                input.features.len()
            ),
        ));
    }
    if input.components.len() > MAX_COMPONENTS {
        return Err(AppError::invalid_field(
            "components",
            format!(
                "{} components; a composite may have at most {MAX_COMPONENTS}",
                input.components.len()
            ),
        ));
    }
    let mut errors = Errors(Vec::new());

    let name = input.name.trim().to_string();
    if name.is_empty() {
        errors.push("name", "must not be empty");
    } else if name.chars().count() > 200 {
        errors.push("name", "must be at most 200 characters");
    }
    let aliases = clean_list(&input.aliases, "aliases", 200, false, &mut errors);
    let tags = clean_list(&input.tags, "tags", 64, true, &mut errors);
    let role = match ontology::resolve_or_suggest(&input.role) {
        Ok(term) => term.clone(),
        Err(message) => {
            errors.push("role", message);
            SoTerm {
                id: String::new(),
                label: String::new(),
            }
        }
    };
    let molecule = input.molecule_type;

    let given_sequence = match &input.sequence {
        Some(raw) => match normalise(raw, molecule, max_length) {
            Ok(sequence) => Some(sequence),
            Err(error) => {
                errors.push("sequence", error.message);
                None
            }
        },
        None => None,
    };

    let (components, assembled) =
        resolve_components(conn, viewer, &input.components, molecule, this_part, &mut errors)?;
    let sequence = match (given_sequence, assembled) {
        (Some(given), Some(assembled)) => {
            if given != assembled {
                errors.push("sequence", describe_mismatch(&given, &assembled));
            }
            given
        }
        (Some(given), None) => given,
        (None, Some(assembled)) => {
            if assembled.len() > max_length {
                errors.push(
                    "components",
                    format!("the assembly is longer than the maximum of {max_length} residues"),
                );
            }
            assembled
        }
        (None, None) => {
            if input.sequence.is_none() && input.components.is_empty() {
                errors.push(
                    "sequence",
                    "is required unless the part is a composite with `components`",
                );
            }
            Vec::new()
        }
    };

    let length = sequence.len() as i64;
    let mut features = Vec::new();
    for (i, feature) in input.features.iter().enumerate() {
        let field = format!("features[{i}]");
        let label = feature.name.as_deref().map(|n| format!(" (`{n}`)")).unwrap_or_default();
        let feature_type = match ontology::resolve_or_suggest(&feature.feature_type) {
            Ok(term) => term.clone(),
            Err(message) => {
                errors.push(format!("{field}.type"), message);
                continue;
            }
        };
        if !matches!(feature.strand, -1..=1) {
            errors.push(
                format!("{field}.strand"),
                format!("{} is not +1, -1 or 0", feature.strand),
            );
        }
        if let (Some(text), false) = (&feature.location, sequence.is_empty()) {
            let circular = input.topology == Topology::Circular;
            match location::parse(text).and_then(|l| location::bounds(&l, length, circular)) {
                Ok(b) if (b.start, b.end, b.strand) == (feature.start, feature.end, feature.strand) => {}
                Ok(b) => errors.push(
                    format!("{field}.location"),
                    format!(
                        "feature {i}{label}: location `{text}` spans {}..{} on strand {}, but start/end/strand say {}..{} on {}",
                        b.start, b.end, b.strand, feature.start, feature.end, feature.strand
                    ),
                ),
                Err(message) => errors.push(format!("{field}.location"), format!("feature {i}{label}: location {message}")),
            }
        }
        if !sequence.is_empty() {
            for (coordinate, value) in [("start", feature.start), ("end", feature.end)] {
                if value < 1 || value > length {
                    errors.push(
                        format!("{field}.{coordinate}"),
                        format!("feature {i}{label}: {coordinate} {value} is outside the sequence (1..{length})"),
                    );
                }
            }
            if feature.start > feature.end && input.topology == Topology::Linear {
                errors.push(
                    format!("{field}.end"),
                    format!(
                        "feature {i}{label}: end {} is before start {}; only features of circular parts may cross the origin",
                        feature.end, feature.start
                    ),
                );
            }
        }
        features.push(Feature {
            name: feature
                .name
                .as_ref()
                .map(|n| n.trim().to_string())
                .filter(|n| !n.is_empty()),
            feature_type,
            start: feature.start,
            end: feature.end,
            strand: feature.strand,
            qualifiers: feature.qualifiers.clone(),
            key: feature
                .key
                .as_ref()
                .map(|k| k.trim().to_string())
                .filter(|k| !k.is_empty()),
            location: feature.location.as_ref().map(|l| l.trim().to_string()),
        });
    }

    let mut hosts = Vec::new();
    for (i, host) in input.hosts.iter().enumerate() {
        let name = host.name.trim().to_string();
        if name.is_empty() {
            errors.push(format!("hosts[{i}].name"), "must not be empty");
        }
        if host.taxid.is_some_and(|t| t < 1) {
            errors.push(format!("hosts[{i}].taxid"), "must be a positive NCBI Taxonomy id");
        }
        hosts.push(Host {
            name,
            taxid: host.taxid,
        });
    }

    for (i, reference) in input.references.iter().enumerate() {
        let field = format!("references[{i}]");
        if reference.doi.is_none() && reference.pmid.is_none() && reference.url.is_none() {
            errors.push(&field, "needs a `doi`, a `pmid` or a `url`");
        }
        if let Some(doi) = &reference.doi {
            if !is_doi(doi.trim()) {
                errors.push(format!("{field}.doi"), format!("`{doi}` is not a DOI (10.NNNN/suffix)"));
            }
        }
        if let Some(pmid) = &reference.pmid {
            if pmid.is_empty() || !pmid.chars().all(|c| c.is_ascii_digit()) {
                errors.push(format!("{field}.pmid"), format!("`{pmid}` is not a PubMed id (digits)"));
            }
        }
        if let Some(url) = &reference.url {
            match url::Url::parse(url) {
                Ok(parsed) if matches!(parsed.scheme(), "http" | "https") => {}
                _ => errors.push(format!("{field}.url"), format!("`{url}` is not an http(s) URL")),
            }
        }
    }

    let mut derived_from = Vec::new();
    for (i, reference) in input.derived_from.iter().enumerate() {
        match find_visible_part(conn, viewer, reference)? {
            Some(part) if Some(part.id) == this_part => {
                errors.push(format!("derived_from[{i}]"), "a part cannot be derived from itself")
            }
            Some(part) => {
                if !derived_from.contains(&part.id) {
                    derived_from.push(part.id)
                }
            }
            None => errors.push(
                format!("derived_from[{i}]"),
                format!("part `{reference}` does not exist"),
            ),
        }
    }

    let duplicate_reason = input
        .duplicate_reason
        .as_ref()
        .map(|r| r.trim().to_string())
        .filter(|r| !r.is_empty());
    if input.allow_duplicate && duplicate_reason.is_none() {
        errors.push(
            "duplicate_reason",
            "is required with `allow_duplicate: true`: say why the twin is needed",
        );
    }

    if !errors.0.is_empty() {
        return Err(AppError::invalid(errors.0));
    }
    Ok(ValidPart {
        name,
        aliases,
        description: input.description.trim().to_string(),
        tags,
        role,
        molecule_type: molecule,
        topology: input.topology,
        sequence,
        features,
        components,
        hosts,
        references: input.references,
        license: input.license.map(|l| l.trim().to_string()).filter(|l| !l.is_empty()),
        derived_from,
        source: input.source.filter(|s| *s != Source::default()),
        genbank: input.genbank.filter(|g| *g != GenbankHeader::default()),
        allow_duplicate: input.allow_duplicate,
        duplicate_reason: if input.allow_duplicate { duplicate_reason } else { None },
    })
}

/// Resolves the components and assembles their sequence; `None` when there are no components.
fn resolve_components(
    conn: &mut DbConnection,
    viewer: Viewer,
    inputs: &[ComponentInput],
    molecule: MoleculeType,
    this_part: Option<PartId>,
    errors: &mut Errors,
) -> AppResult<(Vec<ResolvedComponent>, Option<Vec<u8>>)> {
    if inputs.is_empty() {
        return Ok((Vec::new(), None));
    }
    let mut resolved = Vec::new();
    let mut assembly = Vec::new();
    let mut complete = true;
    for (i, input) in inputs.iter().enumerate() {
        let field = format!("components[{i}]");
        let orientation = input.orientation.unwrap_or(Orientation::Forward);
        let name = input
            .name
            .as_ref()
            .map(|n| n.trim().to_string())
            .filter(|n| !n.is_empty());
        let piece = match (&input.part, &input.linker) {
            (Some(reference), None) => match find_visible_part(conn, viewer, reference)? {
                None => {
                    errors.push(format!("{field}.part"), format!("part `{reference}` does not exist"));
                    None
                }
                Some(part) if part.withdrawn_at.is_some() => {
                    errors.push(
                        format!("{field}.part"),
                        format!("part `{}` is withdrawn", part.accession),
                    );
                    None
                }
                Some(part) if Some(part.id) == this_part => {
                    errors.push(format!("{field}.part"), "a composite cannot contain itself");
                    None
                }
                Some(part) if part.molecule_type != molecule.as_str() => {
                    errors.push(
                        format!("{field}.part"),
                        format!(
                            "part `{}` is {}, the composite is {}",
                            part.accession,
                            part.molecule_type,
                            molecule.as_str()
                        ),
                    );
                    None
                }
                Some(part) => {
                    if let Some(this) = this_part {
                        if contains_transitively(conn, part.id, this)? {
                            errors.push(
                                format!("{field}.part"),
                                format!(
                                    "part `{}` already contains this composite: the assembly would be a cycle",
                                    part.accession
                                ),
                            );
                        }
                    }
                    let sequence = rows::sequence_of(conn, part.id)?.into_bytes();
                    let sequence = match orientation {
                        Orientation::Forward => sequence,
                        Orientation::Reverse => reverse_complement(&sequence, molecule),
                    };
                    Some((Some(part), None, sequence))
                }
            },
            (None, Some(linker)) => match normalise(linker, molecule, usize::MAX) {
                Ok(sequence) => Some((None, Some(String::from_utf8_lossy(&sequence).into_owned()), sequence)),
                Err(error) => {
                    errors.push(format!("{field}.linker"), error.message);
                    None
                }
            },
            _ => {
                errors.push(
                    &field,
                    "needs exactly one of `part` (id or accession) and `linker` (a sequence)",
                );
                None
            }
        };
        match piece {
            Some((part, linker, sequence)) => {
                let start = assembly.len() as i64 + 1;
                assembly.extend_from_slice(&sequence);
                resolved.push(ResolvedComponent {
                    part,
                    linker,
                    name,
                    orientation,
                    start,
                    end: assembly.len() as i64,
                });
            }
            None => complete = false,
        }
    }
    Ok((resolved, complete.then_some(assembly)))
}

/// Whether `needle` is `haystack` or one of its components, at any depth.
fn contains_transitively(conn: &mut DbConnection, haystack: PartId, needle: PartId) -> AppResult<bool> {
    let mut frontier = vec![haystack];
    let mut seen = std::collections::HashSet::new();
    while !frontier.is_empty() {
        if frontier.contains(&needle) {
            return Ok(true);
        }
        seen.extend(frontier.iter().copied());
        frontier = rows::components_of(conn, &frontier)?
            .into_iter()
            .filter_map(|c| c.component_id)
            .filter(|id| !seen.contains(id))
            .collect();
    }
    Ok(false)
}

/// Where a given sequence first departs from the assembly of the components.
fn describe_mismatch(given: &[u8], assembled: &[u8]) -> String {
    let first = given
        .iter()
        .zip(assembled)
        .position(|(a, b)| a != b)
        .unwrap_or(given.len().min(assembled.len()));
    let excerpt = |s: &[u8]| String::from_utf8_lossy(&s[first..(first + 10).min(s.len())]).into_owned();
    format!(
        "does not equal the assembly of the components: they first differ at position {} (sequence `{}…`, assembly `{}…`; lengths {} and {})",
        first + 1,
        excerpt(given),
        excerpt(assembled),
        given.len(),
        assembled.len()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dois_are_recognised() {
        assert!(is_doi("10.1038/nbt.1537"));
        assert!(is_doi("10.1093/nar/gkz1033"));
        assert!(!is_doi("doi:10.1038/x"));
        assert!(!is_doi("10./x"));
        assert!(!is_doi("10.1038/"));
    }

    #[test]
    fn mismatches_name_the_first_differing_position() {
        let message = describe_mismatch(b"ACGTTTTT", b"ACGAAAAA");
        assert!(message.contains("position 4"), "{message}");
        let message = describe_mismatch(b"ACG", b"ACGT");
        assert!(message.contains("position 4"), "{message}");
    }
}
