//! Owns bulk imports of parts and strains from files: read the file ([`formats`]), register
//! every record through the same rules as `POST /api/v1/parts` or `POST /api/v1/strains`
//! (validation, duplicate checks, accessions, audit, revisions) inside one transaction, and
//! report every record and every problem.
//!
//! All or nothing: any problem, or `dry_run`, rolls the whole transaction back, so a dry run
//! reports exactly what the real import would store (accessions included) and stores nothing.
//! Records registered earlier in the same file count for the duplicate check, so a sequence
//! repeated inside the file is reported like one already in the registry. A record may refer to
//! one registered earlier in the same file (a strain's parent by name, an SBOL3 sub-component by
//! its IRI); the reference is replaced by the accession that record got.
//!
//! A stored import is kept in `imports` in the records' own transaction: as a new `succeeded` row
//! (a synchronous import), or by finishing the row of the job it runs as
//! ([`crate::domain::import_jobs`]), so an import's records and its row never disagree.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use utoipa::ToSchema;

use crate::db::imports::{self as rows, ImportSummaryRow, NewImport};
use crate::db::types::{ImportId, StrainId};
use crate::db::{now, DbConnection};
use crate::domain::accounts::{Principal, Role};
use crate::domain::audit;
use crate::domain::formats::Record;
use crate::domain::formats::{self, Defaults, Item, Lazy, Problem};
use crate::domain::parts::input::Source;
use crate::domain::parts::{self, PartInput, PartRules};
use crate::domain::strains::{self, input::StrainInput};
use crate::domain::visibility::Viewer;
use crate::error::{AppError, AppResult, FieldError};

/// File formats an import reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum ImportFormat {
    Fasta,
    Genbank,
    Csv,
    /// SBOL3 in any RDF syntax: Turtle, N-Triples, JSON-LD or RDF/XML.
    Sbol3,
}

impl ImportFormat {
    /// The `format` parameter value.
    pub fn as_str(self) -> &'static str {
        match self {
            ImportFormat::Fasta => "fasta",
            ImportFormat::Genbank => "genbank",
            ImportFormat::Csv => "csv",
            ImportFormat::Sbol3 => "sbol3",
        }
    }

    /// The format a file name's extension says, if any.
    pub fn from_extension(extension: &str) -> Option<Self> {
        match extension.to_ascii_lowercase().as_str() {
            "gb" | "gbk" | "genbank" | "gbff" | "gp" | "gpff" => Some(ImportFormat::Genbank),
            "fa" | "fasta" | "fna" | "fas" | "faa" => Some(ImportFormat::Fasta),
            "csv" => Some(ImportFormat::Csv),
            "ttl" | "nt" | "jsonld" | "rdf" | "sbol" | "xml" => Some(ImportFormat::Sbol3),
            _ => None,
        }
    }

    /// The format a file's first non-blank line suggests, for files that arrive without a name
    /// or media type (pasted text): `LOCUS` is GenBank, `>` FASTA, an RDF start SBOL3, and a
    /// line with commas CSV.
    pub fn sniff(content: &[u8]) -> Option<Self> {
        let text = String::from_utf8_lossy(&content[..content.len().min(4096)]);
        let first = text.lines().map(str::trim).find(|l| !l.is_empty())?;
        if first.starts_with("LOCUS") {
            Some(ImportFormat::Genbank)
        } else if first.starts_with('>') || first.starts_with(';') {
            Some(ImportFormat::Fasta)
        } else if first.starts_with("@prefix")
            || first.starts_with("PREFIX")
            || first.starts_with('<')
            || first.starts_with('{')
        {
            Some(ImportFormat::Sbol3)
        } else if first.contains(',') {
            Some(ImportFormat::Csv)
        } else {
            None
        }
    }

    /// The format a `Content-Type` names, if any (the sequence formats' media types are those
    /// exports answer `Accept` with).
    pub fn from_media_type(media: &str) -> Option<Self> {
        let media = media.split(';').next().unwrap_or_default().trim().to_ascii_lowercase();
        if formats::sbol3::Syntax::from_media_type(&media).is_some() {
            return Some(ImportFormat::Sbol3);
        }
        match (media.as_str(), formats::Format::from_accept(&media)) {
            ("text/csv", _) => Some(ImportFormat::Csv),
            (_, Some(formats::Format::Genbank)) => Some(ImportFormat::Genbank),
            (_, Some(formats::Format::Fasta)) => Some(ImportFormat::Fasta),
            _ => None,
        }
    }
}

/// What a file holds.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum ImportKind {
    #[default]
    #[serde(alias = "part")]
    Parts,
    #[serde(alias = "strain")]
    Strains,
}

impl ImportKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ImportKind::Parts => "parts",
            ImportKind::Strains => "strains",
        }
    }
}

/// The registry's rules records are registered under.
#[derive(Debug, Clone, Default)]
pub struct ImportRules {
    pub parts: PartRules,
    /// Strain accession prefix, e.g. `BRS`.
    pub strain_prefix: String,
}

/// What to import and how. Serialised (less `job` and `idempotency_key`) as an import's `options`,
/// from which a job runs.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ImportRequest {
    pub kind: ImportKind,
    pub format: ImportFormat,
    pub dry_run: bool,
    /// Register records whose sequence is already registered, as declared twins.
    pub allow_duplicates: bool,
    pub file_name: Option<String>,
    pub defaults: Defaults,
    /// The job this import runs as: its `running` row is finished in the records' transaction.
    /// `None`: a stored import gets a new row.
    #[serde(skip)]
    pub job: Option<ImportId>,
    /// The client's `Idempotency-Key`, kept with a new row.
    #[serde(skip)]
    pub idempotency_key: Option<String>,
}

impl ImportRequest {
    /// Whether `other` asks for the same import of a file (the file name aside): what a repeated
    /// `Idempotency-Key` must send again.
    pub fn same_import_as(&self, other: &ImportRequest) -> bool {
        (self.kind, self.format, self.dry_run, self.allow_duplicates)
            == (other.kind, other.format, other.dry_run, other.allow_duplicates)
            && self.defaults == other.defaults
    }

    /// Refuses what no file can satisfy (strains come from CSV only), before any file is read.
    pub fn check(&self) -> AppResult<()> {
        match (self.kind, self.format) {
            (ImportKind::Strains, other) if other != ImportFormat::Csv => Err(AppError::bad_request(format!(
                "strains are imported from CSV (`format=csv`, template at \
                 /api/v1/imports/templates/strains.csv), not {}",
                other.as_str()
            ))),
            _ => Ok(()),
        }
    }
}

/// One record of the file and what it became (or would become).
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct ImportedRecord {
    /// 0-based position in the file.
    pub index: usize,
    /// Line where the record starts.
    pub line: usize,
    pub name: Option<String>,
    /// `created`, `would_create` (dry run) or `invalid`.
    pub status: String,
    /// The accession it got (or would get).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub accession: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
}

/// A problem found in the file.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct ImportError {
    /// 0-based record index; absent for problems with the file as a whole.
    pub record: Option<usize>,
    pub line: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    pub message: String,
}

impl From<Problem> for ImportError {
    fn from(problem: Problem) -> Self {
        ImportError {
            record: problem.index,
            line: problem.line,
            field: problem.field,
            message: problem.message,
        }
    }
}

/// The outcome of an import.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct ImportReport {
    /// The stored import (`GET /api/v1/imports/{id}`); absent for dry runs and refused files.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// Who imported it, and when (stored imports).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub imported_by: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub imported_at: Option<chrono::DateTime<chrono::Utc>>,
    #[serde(default)]
    pub kind: ImportKind,
    pub format: ImportFormat,
    pub dry_run: bool,
    /// Whether the records were stored (never for a dry run or a file with problems).
    pub stored: bool,
    pub file_name: Option<String>,
    /// `sha256:<hex>` of the file.
    pub sha256: String,
    pub records: Vec<ImportedRecord>,
    pub errors: Vec<ImportError>,
    /// What was left out of records that were still imported, or kept as written (e.g. a GenBank
    /// feature located on another record, a LOCUS date out of GenBank's form, an SBOL3 feature whose
    /// Range lies outside its part's sequence), each with its record, line and field; warnings
    /// never refuse a file.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<ImportError>,
}

/// The transaction's way out when nothing may be kept.
enum Abort {
    Report(Box<ImportReport>),
    Failed(AppError),
}

impl From<diesel::result::Error> for Abort {
    fn from(error: diesel::result::Error) -> Self {
        Abort::Failed(error.into())
    }
}

/// Runs an import. A file with problems is a 422 problem whose `errors` name every record, line
/// and field, with the full report attached; a dry run returns the report and stores nothing.
pub fn run(
    conn: &mut DbConnection,
    principal: &Principal,
    request: ImportRequest,
    file: &[u8],
    rules: &ImportRules,
) -> AppResult<ImportReport> {
    run_with_progress(conn, principal, request, file, rules, &mut |_, _| {})
}

/// [`run`], calling `progress(records done, records in the file)` after each record.
pub fn run_with_progress(
    conn: &mut DbConnection,
    principal: &Principal,
    request: ImportRequest,
    file: &[u8],
    rules: &ImportRules,
    progress: &mut dyn FnMut(usize, usize),
) -> AppResult<ImportReport> {
    principal.require(Role::Submitter)?;
    request.check()?;
    let started = now();
    let sha256 = checksum(file);
    let id = request.job.unwrap_or_else(ImportId::new_random);
    let mut report = ImportReport {
        id: None,
        imported_by: None,
        imported_at: None,
        kind: request.kind,
        format: request.format,
        dry_run: request.dry_run,
        stored: false,
        file_name: request.file_name.clone(),
        sha256: sha256.clone(),
        records: Vec::new(),
        errors: Vec::new(),
        warnings: Vec::new(),
    };
    let context = Context {
        principal,
        request: &request,
        rules,
        sha256: &sha256,
        id,
        started,
    };
    let outcome = match (request.kind, request.format) {
        (ImportKind::Parts, format) => {
            let parsed = match format {
                ImportFormat::Genbank => formats::genbank::read_lazily(file, &request.defaults),
                ImportFormat::Fasta => formats::fasta::read(file, &request.defaults).into(),
                ImportFormat::Csv => formats::csv::read_parts(file, &request.defaults).into(),
                ImportFormat::Sbol3 => formats::sbol3::read(file, &request.defaults).into(),
            };
            let registrar = PartImporter::new(context)?;
            register(conn, context, registrar, parsed, &mut report, progress)
        }
        (ImportKind::Strains, ImportFormat::Csv) => register(
            conn,
            context,
            StrainImporter { context },
            formats::csv::read_strains(file).into(),
            &mut report,
            progress,
        ),
        (ImportKind::Strains, _) => unreachable!("refused by ImportRequest::check"),
    };
    match outcome {
        Ok(report) => Ok(report),
        Err(Abort::Failed(error)) => Err(error),
        Err(Abort::Report(report)) if report.errors.is_empty() => Ok(*report),
        Err(Abort::Report(report)) => Err(refused(*report)),
    }
}

/// `sha256:<hex>` of a file, as reports and sources name it.
pub fn checksum(file: &[u8]) -> String {
    format!("sha256:{}", hex::encode(Sha256::digest(file)))
}

/// The tables an import of `kind` writes (whose planner statistics it may outdate).
pub fn tables(kind: ImportKind) -> &'static [&'static str] {
    match kind {
        ImportKind::Parts => <PartImporter as Registrar>::TABLES,
        ImportKind::Strains => <StrainImporter as Registrar>::TABLES,
    }
}

/// What every record of one import shares.
#[derive(Clone, Copy)]
struct Context<'a> {
    principal: &'a Principal,
    request: &'a ImportRequest,
    rules: &'a ImportRules,
    sha256: &'a str,
    /// The id the import is stored under if it is stored (each record's source names it).
    id: ImportId,
    /// When the import began.
    started: chrono::NaiveDateTime,
}

impl Context<'_> {
    fn source(&self, record_index: usize, line: usize, source: Option<Source>) -> Source {
        Source {
            file_checksum: Some(self.sha256.to_string()),
            file_name: self.request.file_name.clone(),
            file_record: Some(format!("record {} at line {}", record_index + 1, line)),
            import_id: Some(self.id.to_string()),
            ..source.unwrap_or_default()
        }
    }

    fn comment(&self) -> String {
        format!("import {}", self.request.file_name.as_deref().unwrap_or(self.sha256))
    }
}

/// The name a composite later in the same file may use for this part (SBOL3: its identity IRI).
pub(crate) fn part_key(input: &PartInput) -> Option<String> {
    let uri = input.source.as_ref().and_then(|s| s.uri.as_deref());
    uri.map(formats::sbol3::reference)
}

/// Replaces the components' references to parts registered earlier (`registered`: key →
/// accession) by those accessions.
pub(crate) fn link_components(input: &mut PartInput, registered: &HashMap<String, String>) {
    for component in &mut input.components {
        if let Some(accession) = component.part.as_ref().and_then(|part| registered.get(part)) {
            component.part = Some(accession.clone());
        }
    }
}

/// Where a record sits in its file, carried with it until it is settled.
struct Place {
    index: usize,
    line: usize,
    name: String,
    /// Keys later records of the same file may use to refer to this one.
    keys: Vec<String>,
}

/// What became of one record: its accession and id, or why it was refused (a 4xx for the record;
/// anything else ends the import).
struct Outcome {
    place: Place,
    result: AppResult<(String, String)>,
}

/// Registers the records of one import: parts a batch at a time ([`parts::bulk`]), strains one at
/// a time. A record may be settled later than it is added; every record is settled once
/// [`Registrar::write`] has run after the last one.
trait Registrar {
    type Input;
    /// The tables an import of these records writes (whose planner statistics it may outdate).
    const TABLES: &'static [&'static str];
    fn name(input: &Self::Input) -> String;
    /// Keys later records of the same file may use to refer to this one.
    fn keys(input: &Self::Input) -> Vec<String>;
    /// Replaces references to records registered earlier in the file by their accessions.
    fn link(input: &mut Self::Input, registered: &HashMap<String, String>);
    /// Whether the records added so far must be written before `input` is linked and checked.
    fn must_write_before(&self, input: &Self::Input) -> bool;
    /// Checks a record and registers it now or holds it; returns the records this settled.
    fn add(&mut self, conn: &mut DbConnection, place: Place, input: Self::Input) -> AppResult<Vec<Outcome>>;
    /// Writes every record held; returns them settled.
    fn write(&mut self, conn: &mut DbConnection) -> AppResult<Vec<Outcome>>;
}

/// Parts, through the bulk path.
struct PartImporter<'a> {
    context: Context<'a>,
    bulk: parts::bulk::Registrar<'a, Place>,
}

impl<'a> PartImporter<'a> {
    fn new(context: Context<'a>) -> AppResult<Self> {
        let bulk = parts::bulk::Registrar::new(
            context.principal,
            &context.rules.parts,
            Some(context.comment()),
            Some(context.id),
        )?;
        Ok(PartImporter { context, bulk })
    }

    fn settled(registered: Vec<parts::bulk::Registered<Place>>) -> Vec<Outcome> {
        registered
            .into_iter()
            .map(|r| Outcome {
                place: r.tag,
                result: r.result.map(|(accession, id)| (accession, id.to_string())),
            })
            .collect()
    }
}

impl Registrar for PartImporter<'_> {
    type Input = PartInput;
    const TABLES: &'static [&'static str] = &[
        "parts",
        "sequences",
        "part_aliases",
        "part_tags",
        "part_hosts",
        "part_components",
    ];

    fn name(input: &PartInput) -> String {
        input.name.clone()
    }

    fn keys(input: &PartInput) -> Vec<String> {
        part_key(input).into_iter().collect()
    }

    fn link(input: &mut PartInput, registered: &HashMap<String, String>) {
        link_components(input, registered)
    }

    fn must_write_before(&self, input: &PartInput) -> bool {
        self.bulk.must_write_before(input)
    }

    fn add(&mut self, conn: &mut DbConnection, place: Place, mut input: PartInput) -> AppResult<Vec<Outcome>> {
        let context = self.context;
        input.source = Some(context.source(place.index, place.line, input.source.take()));
        if context.request.allow_duplicates {
            input.allow_duplicate = true;
            input.duplicate_reason = Some(format!(
                "imported from {}",
                context.request.file_name.as_deref().unwrap_or("a file")
            ));
        }
        Ok(Self::settled(self.bulk.add(conn, place, input)?))
    }

    fn write(&mut self, conn: &mut DbConnection) -> AppResult<Vec<Outcome>> {
        Ok(Self::settled(self.bulk.write(conn)?))
    }
}

/// Strains, one at a time through [`strains::create`].
struct StrainImporter<'a> {
    context: Context<'a>,
}

impl StrainImporter<'_> {
    fn register(&self, conn: &mut DbConnection, place: &Place, mut input: StrainInput) -> AppResult<(String, String)> {
        let context = self.context;
        input.source = Some(context.source(place.index, place.line, input.source.take()));
        // A culture-collection number already held (here, or by an earlier row) is the strain
        // counterpart of a registered sequence: a duplicate unless duplicates are allowed.
        let duplicates = if context.request.allow_duplicates {
            Vec::new()
        } else {
            strains::registered_collection_numbers(conn, Viewer::of(Some(context.principal)), &input)?
        };
        let created = strains::create(
            conn,
            context.principal,
            input,
            &context.rules.strain_prefix,
            Some(&context.comment()),
        );
        match (created, duplicates.is_empty()) {
            (Ok(view), true) => Ok((view.accession, view.id.to_string())),
            (Ok(_), false) => Err(AppError::invalid(duplicates)),
            (Err(error), _) if error.status.is_client_error() && !duplicates.is_empty() => {
                let mut errors = duplicates;
                if error.errors.is_empty() {
                    errors.push(FieldError {
                        field: "record".into(),
                        message: error.detail,
                    });
                }
                errors.extend(error.errors);
                Err(AppError::invalid(errors))
            }
            (Err(error), _) => Err(error),
        }
    }
}

impl Registrar for StrainImporter<'_> {
    type Input = StrainInput;
    const TABLES: &'static [&'static str] = &[
        "strains",
        "strain_collection_numbers",
        "strain_tags",
        "strain_parts",
        "strain_parents",
    ];

    fn name(input: &StrainInput) -> String {
        input.name.clone().unwrap_or_default()
    }

    fn keys(input: &StrainInput) -> Vec<String> {
        input.name.iter().map(|name| format!("strain:{name}")).collect()
    }

    fn link(input: &mut StrainInput, registered: &HashMap<String, String>) {
        for parent in &mut input.parents {
            if let Some(accession) = registered.get(&format!("strain:{}", parent.strain)) {
                parent.strain = accession.clone();
            }
        }
    }

    fn must_write_before(&self, _: &StrainInput) -> bool {
        false
    }

    fn add(&mut self, conn: &mut DbConnection, place: Place, input: StrainInput) -> AppResult<Vec<Outcome>> {
        let result = self.register(conn, &place, input);
        Ok(vec![Outcome { place, result }])
    }

    fn write(&mut self, _: &mut DbConnection) -> AppResult<Vec<Outcome>> {
        Ok(Vec::new())
    }
}

/// Registers every record in one transaction, collecting every problem; stores the import when
/// there are none and it is not a dry run, else rolls everything back.
fn register<R: Registrar>(
    conn: &mut DbConnection,
    context: Context,
    mut registrar: R,
    items: Lazy<R::Input>,
    report: &mut ImportReport,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<ImportReport, Abort> {
    let request = context.request;
    let total = items.total;
    let stored = conn.write_transaction(|conn| {
        let mut registered = HashMap::new();
        let mut done = 0;
        for item in items {
            let Record { index, line, mut input } = match item {
                Item::Record(record) => record,
                Item::Problems(problems) => {
                    for problem in problems {
                        if let Some(index) = problem.index {
                            if !report.records.iter().any(|r| r.index == index) {
                                report.records.push(ImportedRecord {
                                    index,
                                    line: problem.line,
                                    name: None,
                                    status: "invalid".into(),
                                    accession: None,
                                    id: None,
                                });
                                done = done.max(index + 1);
                                progress(done, total);
                            }
                        }
                        report.errors.push(problem.into());
                    }
                    continue;
                }
                Item::Warnings(warnings) => {
                    report.warnings.extend(warnings.into_iter().map(ImportError::from));
                    continue;
                }
            };
            if registrar.must_write_before(&input) {
                settle(
                    registrar.write(conn).map_err(Abort::Failed)?,
                    &mut registered,
                    report,
                    request.dry_run,
                )?;
            }
            let place = Place {
                index,
                line,
                name: R::name(&input),
                keys: R::keys(&input),
            };
            R::link(&mut input, &registered);
            settle(
                registrar.add(conn, place, input).map_err(Abort::Failed)?,
                &mut registered,
                report,
                request.dry_run,
            )?;
            done = done.max(index + 1);
            progress(done, total);
        }
        settle(
            registrar.write(conn).map_err(Abort::Failed)?,
            &mut registered,
            report,
            request.dry_run,
        )?;
        progress(total, total);
        report.records.sort_by_key(|r| r.index);
        in_record_order(&mut report.errors);
        if request.dry_run || !report.errors.is_empty() {
            // Nothing is kept: the good records are what would have been stored.
            for record in &mut report.records {
                if record.status == "created" {
                    record.status = "would_create".into();
                }
            }
            return Err(Abort::Report(Box::new(report.clone())));
        }
        store(conn, context, report)?;
        Ok(report.clone())
    })?;
    // An import can change the shape of the library at once (a new tag on every part): let the
    // planner see it (best effort: the import is stored either way). Inside a job's transaction
    // the job does this once it has committed.
    if !conn.in_transaction() {
        if let Err(error) = crate::db::refresh_statistics_after(conn, R::TABLES, stored.records.len() as i64) {
            tracing::warn!(%error, "refreshing planner statistics after an import failed");
        }
    }
    Ok(stored)
}

/// Enters settled records in the report; the accessions of registered ones go into `registered`
/// for later records of the file to refer to. A failure other than the record's own ends the import.
fn settle(
    outcomes: Vec<Outcome>,
    registered: &mut HashMap<String, String>,
    report: &mut ImportReport,
    dry_run: bool,
) -> Result<(), Abort> {
    for Outcome { place, result } in outcomes {
        let Place {
            index,
            line,
            name,
            keys,
        } = place;
        match result {
            Ok((accession, id)) => {
                for key in keys {
                    registered.insert(key, accession.clone());
                }
                report.records.push(ImportedRecord {
                    index,
                    line,
                    name: Some(name),
                    status: if dry_run { "would_create" } else { "created" }.into(),
                    accession: Some(accession),
                    id: Some(id),
                })
            }
            Err(error) if error.status.is_client_error() => {
                report.records.push(ImportedRecord {
                    index,
                    line,
                    name: Some(name.clone()),
                    status: "invalid".into(),
                    accession: None,
                    id: None,
                });
                let message = |m: &str| format!("record {} (`{name}`): {m}", index + 1);
                if error.errors.is_empty() {
                    report.errors.push(ImportError {
                        record: Some(index),
                        line,
                        field: None,
                        message: message(&error.detail),
                    });
                }
                for field in &error.errors {
                    report.errors.push(ImportError {
                        record: Some(index),
                        line,
                        field: Some(field.field.clone()),
                        message: message(&field.message),
                    });
                }
            }
            Err(error) => return Err(Abort::Failed(error)),
        }
    }
    Ok(())
}

/// Puts the errors of records in record order (a held record's problem is found when its batch is
/// written, after later records were checked), leaving the file's own problems where they are.
fn in_record_order(errors: &mut [ImportError]) {
    let mut of_records: Vec<ImportError> = errors.iter().filter(|e| e.record.is_some()).cloned().collect();
    of_records.sort_by_key(|e| e.record);
    let mut sorted = of_records.into_iter();
    for error in errors.iter_mut().filter(|e| e.record.is_some()) {
        if let Some(next) = sorted.next() {
            *error = next;
        }
    }
}

/// Stores the import itself and audits it (inside the records' transaction).
fn store(conn: &mut DbConnection, context: Context, report: &mut ImportReport) -> Result<(), Abort> {
    let (principal, request) = (context.principal, context.request);
    report.stored = true;
    let id = context.id;
    let at = now();
    report.id = Some(id.to_string());
    report.imported_by = Some(principal.user.name.clone());
    report.imported_at = Some(at.and_utc());
    let records = report.records.len() as i32;
    let report_json = serde_json::to_string(&report).map_err(|e| Abort::Failed(AppError::internal(e)))?;
    match request.job {
        Some(job) => {
            let finish = rows::Finish {
                state: rows::state::SUCCEEDED.into(),
                finished_at: Some(at),
                records_total: Some(records),
                records_checked: Some(records),
                records_stored: Some(records),
                report: Some(report_json),
                error: None,
            };
            if !rows::finish(conn, job, &finish)? {
                return Err(Abort::Failed(crate::domain::import_jobs::taken_away(job)));
            }
        }
        None => {
            let row = NewImport {
                summary: ImportSummaryRow {
                    id,
                    kind: request.kind.as_str().into(),
                    format: request.format.as_str().into(),
                    file_name: request.file_name.clone(),
                    sha256: context.sha256.to_string(),
                    created_by: principal.user.id,
                    owner_org_id: principal.organization.id,
                    created_at: context.started,
                    state: rows::state::SUCCEEDED.into(),
                    dry_run: false,
                    options: Some(crate::domain::import_jobs::options_json(request, principal).map_err(Abort::Failed)?),
                    token_id: Some(principal.token_id),
                    idempotency_key: request.idempotency_key.clone(),
                    started_at: Some(context.started),
                    finished_at: Some(at),
                    heartbeat_at: None,
                    records_total: Some(records),
                    records_checked: records,
                    records_stored: records,
                    error: None,
                },
                report: Some(report_json),
            };
            rows::insert_import(conn, &row)?;
        }
    }
    // Each record knows the import that registered it (the import's submission, its decisions
    // and the queue of one import read that): parts from their insert (the bulk path writes
    // `import_id` with the row), strains, registered one at a time, now.
    if request.kind == ImportKind::Strains {
        let ids: Vec<StrainId> = report
            .records
            .iter()
            .filter_map(|r| r.id.as_deref().and_then(|id| uuid::Uuid::parse_str(id).ok()))
            .map(StrainId)
            .collect();
        crate::db::curation::tag_import(conn, id, &ids)?
    }
    let id_text = id.to_string();
    audit::record(
        conn,
        Some(principal),
        None,
        "import.stored",
        Some(audit::RecordRef {
            kind: "import",
            id: &id_text,
            accession: None,
        }),
        serde_json::json!({
            "kind": request.kind,
            "format": request.format,
            "file_name": request.file_name,
            "sha256": context.sha256,
            "records": report.records.len(),
        }),
    )
    .map_err(Abort::Failed)?;
    Ok(())
}

/// The 422 for a file with problems: every problem as a field error, the report attached.
fn refused(report: ImportReport) -> AppError {
    let errors: Vec<FieldError> = report
        .errors
        .iter()
        .map(|e| FieldError {
            field: match (e.record, &e.field) {
                (Some(r), Some(f)) => format!("records[{r}].{f}"),
                (Some(r), None) => format!("records[{r}]"),
                (None, _) => "file".into(),
            },
            message: format!("line {}: {}", e.line, e.message),
        })
        .collect();
    let mut error = AppError::invalid(errors);
    error.detail = format!(
        "{} problem(s) in the file; nothing was stored. {}",
        report.errors.len(),
        error.detail
    );
    error.report = serde_json::to_value(&report).ok().map(Box::new);
    error
}
