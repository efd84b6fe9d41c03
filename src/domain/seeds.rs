//! Owns the seed data in `seeds/`, compiled into the binary:
//!
//! - [`load`]: the registry's own organisation, upserted by slug whenever the database is
//!   prepared.
//! - [`load_library`]: a starting library of real records (`bioreg seed`, `serve --seed`): the
//!   iGEM 2024 distribution parts and well-known reference strains, registered and published
//!   as the registry organisation. A record is identified by its name within that organisation,
//!   so loading twice changes nothing; everything is loaded in one transaction.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use crate::db::accounts::{self as rows, Organization, User};
use crate::db::parts as part_rows;
use crate::db::strains as strain_rows;
use crate::db::types::{TokenId, UserId};
use crate::db::DbConnection;
use crate::domain::accounts::{Principal, Role, REGISTRY_ORGANIZATION};
use crate::domain::curation::{self, Decision, Kind};
use crate::domain::formats::{self, Defaults};
use crate::domain::imports::{self, ImportRules};
use crate::domain::parts::input::Source;
use crate::domain::parts::{self, PartInput};
use crate::domain::strains::{self, StrainInput};
use crate::error::{AppError, AppResult};

use super::accounts::OrganizationKind;

const ORGANIZATIONS: &str = include_str!("../../seeds/organizations.json");

#[derive(Debug, Deserialize)]
struct SeedOrganization {
    slug: String,
    name: String,
    kind: OrganizationKind,
}

/// Upserts every seed record.
pub fn load(conn: &mut DbConnection) -> AppResult<()> {
    let organizations: Vec<SeedOrganization> = serde_json::from_str(ORGANIZATIONS)
        .map_err(|e| AppError::internal(format!("seeds/organizations.json: {e}")))?;
    // Read first: when every seed organisation is there as seeded (every start after the first),
    // no write lock is taken, so an instance starting while another holds it (loading the seed
    // library, say) does not wait for it.
    let mut current = true;
    for seed in &organizations {
        current &= rows::find_organization_by_slug(conn, &seed.slug)?
            .is_some_and(|existing| existing.name == seed.name && existing.kind == seed.kind.as_str());
    }
    if current {
        return Ok(());
    }
    conn.write_transaction(|conn| {
        for seed in &organizations {
            match rows::find_organization_by_slug(conn, &seed.slug)? {
                Some(existing) if existing.name == seed.name && existing.kind == seed.kind.as_str() => {}
                Some(existing) => {
                    rows::update_organization_name_kind(conn, existing.id, &seed.name, seed.kind.as_str())?
                }
                None => rows::insert_organization(
                    conn,
                    &Organization {
                        id: crate::db::types::OrganizationId::new_random(),
                        slug: seed.slug.clone(),
                        name: seed.name.clone(),
                        kind: seed.kind.as_str().to_string(),
                        created_at: crate::db::now(),
                    },
                )?,
            }
        }
        Ok(())
    })
}

/// The iGEM 2024 distribution parts, in the parts CSV columns (built by `seeds/build_igem.py`).
const IGEM_2024: &[u8] = include_bytes!("../../seeds/parts/igem-2024.csv");
/// The iGEM 2022 distribution packages (SBOL3 N-Triples as the iGEM Engineering Committee
/// publishes them): their parts, and each part in its backbone as a composite.
const IGEM_2022: [(&str, &[u8]); 6] = [
    (
        "2A peptides",
        include_bytes!("../../seeds/parts/igem-2022/2A_peptides.nt"),
    ),
    (
        "Anderson Promoters",
        include_bytes!("../../seeds/parts/igem-2022/Anderson_Promoters.nt"),
    ),
    (
        "Chromoproteins",
        include_bytes!("../../seeds/parts/igem-2022/Chromoproteins.nt"),
    ),
    (
        "Fluorescent Reporter Proteins",
        include_bytes!("../../seeds/parts/igem-2022/Fluorescent_Reporter_Proteins.nt"),
    ),
    (
        "RBS Collection",
        include_bytes!("../../seeds/parts/igem-2022/RBS_Collection.nt"),
    ),
    (
        "Terminators",
        include_bytes!("../../seeds/parts/igem-2022/Terminators.nt"),
    ),
];
/// Reference strains, as `POST /api/v1/strains` bodies; `parts[].part` may name a seeded part.
const STRAINS: &str = include_str!("../../seeds/strains.json");

/// Advisory lock key of the seed loader (PostgreSQL).
const SEED_LOCK: i64 = 0x0073_6565_646c_6962; // "seedlib"

/// The registry users seed records are registered and approved by (two, for the four-eyes rule).
const SEED_SUBMITTER: &str = "registry-seeds";
const SEED_CURATOR: &str = "registry-curator";

/// What [`load_library`] did.
#[derive(Debug, Default, Clone, PartialEq, Eq, Serialize)]
pub struct SeedReport {
    pub parts_created: usize,
    pub parts_present: usize,
    pub strains_created: usize,
    pub strains_present: usize,
}

impl SeedReport {
    fn count_part(&mut self, created: bool) {
        if created {
            self.parts_created += 1;
        } else {
            self.parts_present += 1;
        }
    }

    /// Records created by this run.
    pub fn changes(&self) -> usize {
        self.parts_created + self.strains_created
    }
}

/// A registry user acting for the seed loader (created on first use).
fn seed_principal(
    conn: &mut DbConnection,
    organization: &Organization,
    name: &str,
    role: Role,
) -> AppResult<Principal> {
    let user = match rows::find_user_by_name(conn, name)? {
        Some(user) if user.organization_id == organization.id => user,
        Some(_) => {
            return Err(AppError::conflict(format!(
                "user `{name}` exists in another organisation; the seed loader needs it in `{REGISTRY_ORGANIZATION}`"
            )))
        }
        None => {
            let user = User {
                id: UserId::new_random(),
                name: name.into(),
                role: role.as_str().into(),
                organization_id: organization.id,
                created_at: crate::db::now(),
            };
            rows::insert_user(conn, &user)?;
            user
        }
    };
    Ok(Principal {
        user,
        organization: organization.clone(),
        role,
        token_id: TokenId(uuid::Uuid::nil()),
        token_expires_at: None,
        request_id: None,
    })
}

/// Registers and publishes seed records as the registry organisation.
struct Seeder<'a> {
    organization: &'a Organization,
    submitter: &'a Principal,
    curator: &'a Principal,
    rules: &'a ImportRules,
}

impl Seeder<'_> {
    /// The accession of the registry's live part of this name and source (registry, external
    /// id, IRI: the same name may come from two distributions with different sequences),
    /// registering and publishing it first if there is none; `true` when it was registered now.
    /// Sequences listed under more than one name become declared twins (the caller gives the
    /// reason).
    fn part(&self, conn: &mut DbConnection, mut input: PartInput, comment: &str) -> AppResult<(String, bool)> {
        let origin = |s: &Source| (s.registry.clone(), s.external_id.clone(), s.uri.clone());
        let wanted = input.source.as_ref().map(origin);
        let existing = part_rows::live_by_owner_and_name(conn, self.organization.id, &input.name)?
            .into_iter()
            .find(|row| {
                let stored = row
                    .source
                    .as_deref()
                    .and_then(|text| serde_json::from_str::<Source>(text).ok());
                stored.as_ref().map(origin) == wanted
            });
        if let Some(existing) = existing {
            return Ok((existing.accession, false));
        }
        input.allow_duplicate = true;
        let name = input.name.clone();
        let view = parts::create(conn, self.submitter, input, &self.rules.parts, Some(comment))
            .map_err(|e| seed_error(&format!("part {name}"), e))?;
        publish(self.submitter, self.curator, conn, Kind::Part, &view.accession)?;
        Ok((view.accession, true))
    }
}

/// `Anderson Promoters` → `anderson-promoters`.
fn slug(text: &str) -> String {
    let mut slug = String::new();
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c.to_ascii_lowercase());
        } else if !slug.ends_with('-') {
            slug.push('-');
        }
    }
    slug.trim_matches('-').to_string()
}

/// A seed record the registry refuses: the seed files are wrong, so say exactly how.
fn seed_error(record: &str, error: AppError) -> AppError {
    AppError::invalid_field(format!("seeds: {record}"), error.detail)
}

/// Submits a record the submitter just registered and approves it as the curator.
fn publish(
    submitter: &Principal,
    curator: &Principal,
    conn: &mut DbConnection,
    kind: Kind,
    accession: &str,
) -> AppResult<()> {
    curation::submit(conn, submitter, kind, accession, None, Some("registry seed"))
        .and_then(|_| {
            curation::review(
                conn,
                curator,
                kind,
                accession,
                None,
                Decision::Approve,
                None,
                Some("registry seed"),
            )
        })
        .map_err(|e| seed_error(accession, e))?;
    Ok(())
}

/// Registers and publishes every seed part and strain not yet registered by the registry
/// organisation (matched by name), in one transaction.
pub fn load_library(conn: &mut DbConnection, rules: &ImportRules) -> AppResult<SeedReport> {
    load(conn)?;
    let strain_seeds: Vec<StrainInput> =
        serde_json::from_str(STRAINS).map_err(|e| AppError::internal(format!("seeds/strains.json: {e}")))?;
    let parsed = formats::csv::read_parts(IGEM_2024, &Defaults::default());
    if let Some(problem) = parsed.problems.first() {
        return Err(AppError::invalid_field(
            "seeds/parts/igem-2024.csv",
            format!("line {}: {}", problem.line, problem.message),
        ));
    }
    conn.write_transaction_waiting(std::time::Duration::from_secs(600), |conn| {
        // Instances started together with `--seed` load one after the other; the later ones find
        // everything present.
        crate::db::lock_for_transaction(conn, SEED_LOCK)?;
        let organization = rows::find_organization_by_slug(conn, REGISTRY_ORGANIZATION)?
            .ok_or_else(|| AppError::internal("the registry organisation is missing"))?;
        let submitter = seed_principal(conn, &organization, SEED_SUBMITTER, Role::Submitter)?;
        let curator = seed_principal(conn, &organization, SEED_CURATOR, Role::Curator)?;
        let mut report = SeedReport::default();
        let seeder = Seeder {
            organization: &organization,
            submitter: &submitter,
            curator: &curator,
            rules,
        };
        for record in parsed.records {
            let mut input = record.input;
            input.duplicate_reason = Some("listed under its own name in the iGEM 2024 distribution".into());
            let (_, created) = seeder.part(conn, input, "registry seed: iGEM 2024 distribution")?;
            report.count_part(created);
        }
        for (package, file) in IGEM_2022 {
            let parsed = formats::sbol3::read(file, &Defaults::default());
            if let Some(problem) = parsed.problems.first() {
                return Err(AppError::invalid_field(
                    format!("seeds: iGEM 2022 {package}"),
                    format!("line {}: {}", problem.line, problem.message),
                ));
            }
            // Records come parts first, composites after; a composite names its parts by IRI.
            let mut registered: HashMap<String, String> = HashMap::new();
            for record in parsed.records {
                let mut input = record.input;
                let key = imports::part_key(&input);
                imports::link_components(&mut input, &registered);
                input.license = Some("CC-BY-4.0".into());
                input.tags.extend(["igem-2022-distribution".to_string(), slug(package)]);
                if let Some(source) = input.source.as_mut() {
                    source.registry = Some("iGEM Registry".into());
                }
                input.duplicate_reason = Some(format!("also in the iGEM 2022 {package} package"));
                let comment = format!("registry seed: iGEM 2022 distribution, {package}");
                let (accession, created) = seeder.part(conn, input, &comment)?;
                report.count_part(created);
                if let Some(key) = key {
                    registered.insert(key, accession);
                }
            }
        }
        for mut input in strain_seeds {
            let name = input.name.clone().unwrap_or_default();
            if strain_rows::find_live_by_owner_and_name(conn, organization.id, &name)?.is_some() {
                report.strains_present += 1;
                continue;
            }
            for carried in &mut input.parts {
                if let Some(part) = part_rows::live_by_owner_and_name(conn, organization.id, &carried.part)?.first() {
                    carried.part = part.accession.clone();
                }
            }
            let view = strains::create(conn, &submitter, input, &rules.strain_prefix, Some("registry seed"))
                .map_err(|e| seed_error(&format!("strain {name}"), e))?;
            publish(&submitter, &curator, conn, Kind::Strain, &view.accession)?;
            report.strains_created += 1;
        }
        Ok(report)
    })
}
