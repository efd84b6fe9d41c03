//! Owns bulk import in the browser (`/imports`): a file is uploaded or pasted, checked with a dry
//! run whose report is shown as a table (every record, what it would become, every problem with
//! its line and field), and stored only when the visitor confirms. The confirmation carries the
//! checked file back with its SHA-256, and the server refuses it if the content changed, so what
//! is stored is exactly what was checked. Files above [`WEB_IMPORT_BYTES`] go through the CLI or
//! the API, which stream them.

use actix_web::{web, HttpRequest, HttpResponse};
use maud::{html, Markup};
use sha2::{Digest, Sha256};

use crate::domain::formats::Defaults;
use crate::domain::imports::{self, ImportFormat, ImportKind, ImportReport, ImportRequest};
use crate::error::{AppError, AppResult};
use crate::fair::CallerKey;
use crate::pages::i18n::Msg;
use crate::pages::layout;
use crate::pages::parts::role_options;
use crate::pages::session::{FormData, Visitor};
use crate::state::AppState;

/// The largest file the pages import (it travels back in the confirmation form).
pub const WEB_IMPORT_BYTES: usize = 8 * 1024 * 1024;

/// A file to import, as the form gave it.
pub struct Upload {
    pub content: Vec<u8>,
    pub file_name: Option<String>,
    pub format: ImportFormat,
}

/// The file of a form (an uploaded file wins over pasted text) and its format (chosen, else from
/// the file name, else from its first line).
pub fn upload(form: &FormData) -> AppResult<Upload> {
    let (content, file_name) = match &form.file {
        Some((_, name, bytes)) => (bytes.clone(), name.clone()),
        None => (form.text("content").as_bytes().to_vec(), form.optional("file_name")),
    };
    if content.iter().all(u8::is_ascii_whitespace) {
        return Err(AppError::invalid_field("file", "choose a file or paste its content"));
    }
    if content.len() > WEB_IMPORT_BYTES {
        return Err(AppError::payload_too_large(
            WEB_IMPORT_BYTES,
            "the web import limit; use the CLI or API",
        ));
    }
    let chosen = match form.text("format") {
        "" | "auto" => None,
        other => Some(
            serde_json::from_value(serde_json::Value::String(other.into()))
                .map_err(|_| AppError::invalid_field("format", format!("`{other}` is not a format")))?,
        ),
    };
    let format = chosen
        .or_else(|| {
            file_name
                .as_deref()
                .and_then(|n| n.rsplit_once('.'))
                .and_then(|(_, ext)| ImportFormat::from_extension(ext))
        })
        .or_else(|| ImportFormat::sniff(&content))
        .ok_or_else(|| AppError::invalid_field("format", "cannot tell the format; choose it"))?;
    Ok(Upload {
        content,
        file_name,
        format,
    })
}

/// Runs an import for the visitor. A file with problems is not an error here: its report (with
/// the problems) is what the page shows.
pub async fn run(
    state: &web::Data<AppState>,
    visitor: &Visitor,
    kind: ImportKind,
    upload: &Upload,
    dry_run: bool,
    form: &FormData,
) -> AppResult<ImportReport> {
    let principal = visitor.require_principal()?.clone();
    let request = ImportRequest {
        kind,
        format: upload.format,
        dry_run,
        allow_duplicates: form.text("duplicates") == "allow",
        file_name: upload.file_name.clone(),
        defaults: Defaults {
            role: form.optional("role"),
            molecule_type: None,
            topology: None,
        },
        job: None,
        idempotency_key: None,
    };
    let rules = state.settings.import_rules();
    let content = upload.content.clone();
    let slot = state.pools.bulk.enter(CallerKey::User(principal.user.id)).await?;
    let outcome = state
        .db_write(move |conn| {
            let _slot = slot;
            imports::run(conn, &principal, request, &content, &rules)
        })
        .await;
    match outcome {
        Ok(report) => Ok(report),
        Err(error) => match error
            .report
            .as_deref()
            .map(|r| serde_json::from_value::<ImportReport>(r.clone()))
        {
            Some(Ok(report)) => Ok(report),
            _ => Err(error),
        },
    }
}

fn kind_of(form: &FormData) -> ImportKind {
    match form.text("kind") {
        "strains" => ImportKind::Strains,
        _ => ImportKind::Parts,
    }
}

/// `GET /imports`
pub async fn imports_page(visitor: Visitor) -> HttpResponse {
    let result = visitor
        .require_principal()
        .map(|_| layout::page(&visitor, visitor.t(Msg::ImportsTitle), upload_form(&visitor, None)));
    visitor.respond(result)
}

fn upload_form(visitor: &Visitor, error: Option<&AppError>) -> Markup {
    html! {
        h1 { (visitor.t(Msg::ImportsTitle)) }
        p { (visitor.t(Msg::ImportsHelp)) }
        @if let Some(error) = error { (layout::problems(visitor, error)) }
        form.stack.panel method="post" action="/imports" enctype="multipart/form-data" {
            input type="hidden" name="csrf" value=(visitor.csrf_token());
            div.grid {
                div {
                    label for="import-kind" { (visitor.t(Msg::ImportKind)) }
                    select #import-kind name="kind" {
                        option value="parts" { (visitor.t(Msg::SearchParts)) }
                        option value="strains" { (visitor.t(Msg::SearchStrains)) }
                    }
                }
                div {
                    label for="import-format" { (visitor.t(Msg::FileFormat)) }
                    (format_select("import-format"))
                }
                div {
                    label for="import-role" { (visitor.t(Msg::RoleDefault)) }
                    input #import-role name="role" list="so-terms";
                    (role_options())
                }
                div {
                    label.choice { input type="checkbox" name="duplicates" value="allow"; " duplicates=allow" }
                }
            }
            label for="import-file" { (visitor.t(Msg::UploadFile)) }
            input #import-file type="file" name="file" accept=".gb,.gbk,.genbank,.gbff,.fa,.fasta,.fna,.csv,.ttl,.nt,.jsonld,.rdf,.xml,.sbol";
            label for="import-content" { (visitor.t(Msg::FileContent)) }
            textarea #import-content name="content" rows="8" spellcheck="false" {}
            p.muted { (visitor.t(Msg::ImportTooLarge)) " (" (WEB_IMPORT_BYTES / (1024 * 1024)) " MiB)" }
            button type="submit" data-testid="dry-run" { (visitor.t(Msg::DryRun)) }
        }
    }
}

/// The format choice of an upload form.
pub fn format_select(id: &str) -> Markup {
    html! {
        select id=(id) name="format" {
            option value="auto" { "auto" }
            option value="genbank" { "GenBank" }
            option value="fasta" { "FASTA" }
            option value="csv" { "CSV" }
            option value="sbol3" { "SBOL3" }
        }
    }
}

/// `POST /imports`: the dry run, and the confirmation form when the file is clean.
pub async fn check_import(
    state: web::Data<AppState>,
    visitor: Visitor,
    req: HttpRequest,
    payload: web::Payload,
) -> HttpResponse {
    let result = async {
        let form = visitor.form(&req, payload, WEB_IMPORT_BYTES + 64 * 1024).await?;
        visitor.require_principal()?;
        let upload = match upload(&form) {
            Ok(upload) => upload,
            Err(error) if error.status.is_client_error() => {
                let body = upload_form(&visitor, Some(&error));
                return Ok(layout::page_with_status(&visitor, error.status, visitor.t(Msg::ImportsTitle), body));
            }
            Err(error) => return Err(error),
        };
        let kind = kind_of(&form);
        let report = run(&state, &visitor, kind, &upload, true, &form).await?;
        let clean = report.errors.is_empty();
        let body = html! {
            h1 { (visitor.t(Msg::ImportReport)) }
            (report_table(&visitor, &report))
            @if clean {
                form.stack.panel method="post" action="/imports/confirm" {
                    input type="hidden" name="csrf" value=(visitor.csrf_token());
                    input type="hidden" name="kind" value=(kind.as_str());
                    input type="hidden" name="format" value=(upload.format.as_str());
                    input type="hidden" name="file_name" value=(upload.file_name.clone().unwrap_or_default());
                    input type="hidden" name="role" value=(form.text("role"));
                    input type="hidden" name="duplicates" value=(form.text("duplicates"));
                    input type="hidden" name="sha256" value=(report.sha256);
                    input type="hidden" name="content" value=(String::from_utf8_lossy(&upload.content));
                    button type="submit" data-testid="confirm-import" { (visitor.t(Msg::ConfirmImport)) " (" (report.records.len()) ")" }
                }
            }
            p { a href="/imports" { (visitor.t(Msg::ImportsTitle)) } }
        };
        Ok(layout::page(&visitor, visitor.t(Msg::ImportReport), body))
    }
    .await;
    visitor.respond(result)
}

/// `POST /imports/confirm`: stores the checked file, if it is still the file that was checked.
pub async fn confirm_import(
    state: web::Data<AppState>,
    visitor: Visitor,
    req: HttpRequest,
    payload: web::Payload,
) -> HttpResponse {
    let result = async {
        let form = visitor.form(&req, payload, 4 * WEB_IMPORT_BYTES).await?;
        visitor.require_principal()?;
        let upload = Upload {
            content: form.text("content").as_bytes().to_vec(),
            file_name: form.optional("file_name"),
            format: upload(&form)?.format,
        };
        let sha256 = format!("sha256:{}", hex::encode(Sha256::digest(&upload.content)));
        if sha256 != form.text("sha256") {
            return Err(AppError::conflict(
                "the file is not the one that was checked; check it again before importing",
            ));
        }
        let report = run(&state, &visitor, kind_of(&form), &upload, false, &form).await?;
        let body = html! {
            h1 { (visitor.t(Msg::ImportReport)) }
            (report_table(&visitor, &report))
            p { a href="/imports" { (visitor.t(Msg::ImportsTitle)) } }
        };
        Ok(layout::page(&visitor, visitor.t(Msg::ImportReport), body))
    }
    .await;
    visitor.respond(result)
}

/// An import report: whether it was stored, then one row per record and one per problem.
pub fn report_table(visitor: &Visitor, report: &ImportReport) -> Markup {
    let record_path = match report.kind {
        ImportKind::Parts => "parts",
        ImportKind::Strains => "strains",
    };
    html! {
        p.notice role="status" data-testid="import-outcome" data-stored=(report.stored) {
            @if report.stored { (visitor.t(Msg::ImportStored)) } @else { (visitor.t(Msg::ImportNotStored)) }
            " " (report.format.as_str()) " · " (report.records.len()) " · " code { (report.sha256) }
        }
        @if !report.errors.is_empty() {
            div.alert role="alert" {
                h2 { (visitor.t(Msg::Problems)) " (" (report.errors.len()) ")" }
                (problem_table(visitor, &report.errors))
            }
        }
        @if !report.warnings.is_empty() {
            h2 { (visitor.t(Msg::Warnings)) }
            (problem_table(visitor, &report.warnings))
        }
        div.scroll tabindex="0" role="region" aria-label=(visitor.t(Msg::ImportReport)) {
            table data-testid="import-report" {
                thead { tr {
                    th scope="col" { (visitor.t(Msg::Record)) } th scope="col" { (visitor.t(Msg::Line)) }
                    th scope="col" { (visitor.t(Msg::Name)) } th scope="col" { (visitor.t(Msg::Outcome)) }
                    th scope="col" { (visitor.t(Msg::Accession)) }
                } }
                tbody {
                    @for r in &report.records {
                        tr data-status=(r.status) {
                            td.num { (r.index + 1) }
                            td.num { (r.line) }
                            td { (r.name.clone().unwrap_or_default()) }
                            td { (match r.status.as_str() {
                                "created" => visitor.t(Msg::Created),
                                "would_create" => visitor.t(Msg::WouldCreate),
                                "invalid" => visitor.t(Msg::Invalid),
                                other => other,
                            }) }
                            td {
                                @if let Some(accession) = &r.accession {
                                    @if report.stored { a href={ "/" (record_path) "/" (accession) } { (accession) } } @else { (accession) }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

fn problem_table(visitor: &Visitor, problems: &[imports::ImportError]) -> Markup {
    html! {
        table {
            thead { tr { th scope="col" { (visitor.t(Msg::Record)) } th scope="col" { (visitor.t(Msg::Line)) } th scope="col" { (visitor.t(Msg::Field)) } th scope="col" { (visitor.t(Msg::Problems)) } } }
            tbody {
                @for p in problems {
                    tr {
                        td.num { @if let Some(r) = p.record { (r + 1) } }
                        td.num { (p.line) }
                        td { code { (p.field.clone().unwrap_or_default()) } }
                        td { (p.message) }
                    }
                }
            }
        }
    }
}
