//! Owns bulk imports of parts from files: read the file ([`formats`]), register every record
//! through the same rules as `POST /api/v1/parts` (validation, duplicate checks, accessions,
//! audit, revisions) inside one transaction, and report every record and every problem.
//!
//! All or nothing: any problem, or `dry_run`, rolls the whole transaction back, so a dry run
//! reports exactly what the real import would store (accessions included) and stores nothing.
//! Records registered earlier in the same file count for the duplicate check, so a sequence
//! repeated inside the file is reported like one already in the registry.

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use utoipa::ToSchema;

use crate::db::imports::{self as rows, ImportRow};
use crate::db::types::ImportId;
use crate::db::{now, DbConnection};
use crate::domain::accounts::{Principal, Role};
use crate::domain::audit;
use crate::domain::formats::{self, Defaults, Parsed};
use crate::domain::parts::input::Source;
use crate::domain::parts::{self, PartRules};
use crate::error::{AppError, AppResult, FieldError};

/// File formats an import reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum ImportFormat {
    Fasta,
    Genbank,
    Csv,
}

impl ImportFormat {
    /// The format a `Content-Type` names, if any (the sequence formats' media types are those
    /// exports answer `Accept` with).
    pub fn from_media_type(media: &str) -> Option<Self> {
        let media = media.split(';').next().unwrap_or_default().trim().to_ascii_lowercase();
        match (media.as_str(), formats::Format::from_accept(&media)) {
            ("text/csv", _) => Some(ImportFormat::Csv),
            (_, Some(formats::Format::Genbank)) => Some(ImportFormat::Genbank),
            (_, Some(formats::Format::Fasta)) => Some(ImportFormat::Fasta),
            _ => None,
        }
    }
}

/// What to import and how.
#[derive(Debug, Clone)]
pub struct ImportRequest {
    pub format: ImportFormat,
    pub dry_run: bool,
    /// Register records whose sequence is already registered, as declared twins.
    pub allow_duplicates: bool,
    pub file_name: Option<String>,
    pub defaults: Defaults,
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
    pub format: ImportFormat,
    pub dry_run: bool,
    /// Whether the records were stored (never for a dry run or a file with problems).
    pub stored: bool,
    pub file_name: Option<String>,
    /// `sha256:<hex>` of the file.
    pub sha256: String,
    pub records: Vec<ImportedRecord>,
    pub errors: Vec<ImportError>,
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
    rules: &PartRules,
) -> AppResult<ImportReport> {
    run_with_progress(conn, principal, request, file, rules, &mut |_, _| {})
}

/// [`run`], calling `progress(records done, records in the file)` after each record.
pub fn run_with_progress(
    conn: &mut DbConnection,
    principal: &Principal,
    request: ImportRequest,
    file: &[u8],
    rules: &PartRules,
    progress: &mut dyn FnMut(usize, usize),
) -> AppResult<ImportReport> {
    principal.require(Role::Submitter)?;
    let sha256 = format!("sha256:{}", hex::encode(Sha256::digest(file)));
    let Parsed { records, problems } = match request.format {
        ImportFormat::Genbank => formats::genbank::read(file, &request.defaults),
        ImportFormat::Fasta => formats::fasta::read(file, &request.defaults),
        ImportFormat::Csv => formats::csv::read_parts(file, &request.defaults),
    };
    let mut report = ImportReport {
        id: None,
        imported_by: None,
        imported_at: None,
        format: request.format,
        dry_run: request.dry_run,
        stored: false,
        file_name: request.file_name.clone(),
        sha256: sha256.clone(),
        records: Vec::new(),
        errors: problems
            .into_iter()
            .map(|p| ImportError {
                record: p.index,
                line: p.line,
                field: p.field,
                message: p.message,
            })
            .collect(),
    };
    for problem in &report.errors {
        if let Some(index) = problem.record {
            if !report.records.iter().any(|r| r.index == index) {
                report.records.push(ImportedRecord {
                    index,
                    line: problem.line,
                    name: None,
                    status: "invalid".into(),
                    accession: None,
                    id: None,
                });
            }
        }
    }
    let total = records.len();
    let outcome = conn.write_transaction(|conn| {
        for (done, record) in records.into_iter().enumerate() {
            progress(done, total);
            let mut input = record.input;
            let name = input.name.clone();
            input.source = Some(Source {
                file_checksum: Some(sha256.clone()),
                file_name: request.file_name.clone(),
                file_record: Some(format!("record {} at line {}", record.index + 1, record.line)),
                ..input.source.unwrap_or_default()
            });
            if request.allow_duplicates {
                input.allow_duplicate = true;
                input.duplicate_reason = Some(format!(
                    "imported from {}",
                    request.file_name.as_deref().unwrap_or("a file")
                ));
            }
            let comment = format!("import {}", request.file_name.as_deref().unwrap_or(&sha256));
            match parts::create(conn, principal, input, rules, Some(&comment)) {
                Ok(view) => report.records.push(ImportedRecord {
                    index: record.index,
                    line: record.line,
                    name: Some(name),
                    status: if request.dry_run { "would_create" } else { "created" }.into(),
                    accession: Some(view.accession),
                    id: Some(view.id.to_string()),
                }),
                Err(error) if error.status.is_client_error() => {
                    report.records.push(ImportedRecord {
                        index: record.index,
                        line: record.line,
                        name: Some(name.clone()),
                        status: "invalid".into(),
                        accession: None,
                        id: None,
                    });
                    let message = |m: &str| format!("record {} (`{name}`): {m}", record.index + 1);
                    if error.errors.is_empty() {
                        report.errors.push(ImportError {
                            record: Some(record.index),
                            line: record.line,
                            field: None,
                            message: message(&error.detail),
                        });
                    }
                    for field in &error.errors {
                        report.errors.push(ImportError {
                            record: Some(record.index),
                            line: record.line,
                            field: Some(field.field.clone()),
                            message: message(&field.message),
                        });
                    }
                }
                Err(error) => return Err(Abort::Failed(error)),
            }
        }
        progress(total, total);
        report.records.sort_by_key(|r| r.index);
        if request.dry_run || !report.errors.is_empty() {
            // Nothing is kept: the good records are what would have been stored.
            for record in &mut report.records {
                if record.status == "created" {
                    record.status = "would_create".into();
                }
            }
            return Err(Abort::Report(Box::new(report.clone())));
        }
        report.stored = true;
        let id = ImportId::new_random();
        let at = now();
        report.id = Some(id.to_string());
        report.imported_by = Some(principal.user.name.clone());
        report.imported_at = Some(at.and_utc());
        let row = ImportRow {
            id,
            kind: "parts".into(),
            format: serde_json::to_value(request.format)
                .ok()
                .and_then(|v| v.as_str().map(str::to_string))
                .unwrap_or_default(),
            file_name: request.file_name.clone(),
            sha256: sha256.clone(),
            created_by: principal.user.id,
            owner_org_id: principal.organization.id,
            created_at: at,
            record_count: report.records.len() as i32,
            report: serde_json::to_string(&report).map_err(|e| Abort::Failed(AppError::internal(e)))?,
        };
        rows::insert_import(conn, &row)?;
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
                "format": request.format,
                "file_name": request.file_name,
                "sha256": sha256,
                "records": report.records.len(),
            }),
        )
        .map_err(Abort::Failed)?;
        Ok(report.clone())
    });
    match outcome {
        Ok(report) => Ok(report),
        Err(Abort::Failed(error)) => Err(error),
        Err(Abort::Report(report)) if report.errors.is_empty() => Ok(*report),
        Err(Abort::Report(report)) => Err(refused(*report)),
    }
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

/// A stored import, for its importer's organisation and for curators and admins; others get 404.
pub fn get(conn: &mut DbConnection, principal: &Principal, id: &str) -> AppResult<ImportReport> {
    let missing = || AppError::not_found(format!("no import `{id}`"));
    let id = ImportId(uuid::Uuid::parse_str(id).map_err(|_| missing())?);
    let row = rows::find_import(conn, id)?.ok_or_else(missing)?;
    if row.owner_org_id != principal.organization.id && principal.role < Role::Curator {
        return Err(missing());
    }
    serde_json::from_str(&row.report).map_err(AppError::internal)
}
