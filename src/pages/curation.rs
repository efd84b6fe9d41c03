//! Owns the curation side of the pages: the review queue (`/reviews`), the submit and review
//! forms of parts and strains and their handlers, and the two panels every record page shows —
//! its review thread and its revisions with what each changed.

use std::collections::{HashMap, HashSet};

use actix_web::{web, HttpRequest, HttpResponse};
use maud::{html, Markup};
use serde_json::Value;

use crate::db::types::UserId;
use crate::db::DbConnection;
use crate::domain::accounts;
use crate::domain::audit::{self, FieldChange, RevisionRange, RevisionSummary};
use crate::domain::curation::{self as workflow, Decision, Kind, QueueItem, ReasonCode, ReviewView};
use crate::domain::parts;
use crate::domain::strains;
use crate::domain::visibility::Viewer;
use crate::error::{AppError, AppResult};
use crate::pages::i18n::{self, Msg};
use crate::pages::layout;
use crate::pages::session::Visitor;
use crate::state::AppState;

/// Revisions shown on a record page, newest first (older ones stay in the API).
const REVISIONS_SHOWN: usize = 20;

/// A record's revisions as the viewer may read them, newest first, each with the fields it
/// changed from the readable revision before it.
pub type History = Vec<(RevisionSummary, Vec<FieldChange>)>;

/// Reads the history of record `id`. `allowed` limits it to the revisions the viewer may read
/// (from `history_access`). Only the newest [`REVISIONS_SHOWN`] (and the one before them, to
/// diff the oldest shown) are listed, and each diff needs two snapshots, so snapshots are read
/// one at a time: at most two (each within the record limits) are held at once.
fn history(conn: &mut DbConnection, kind: Kind, id: &str, allowed: Option<Vec<i32>>) -> AppResult<History> {
    let (mut revisions, more) = audit::revisions(
        conn,
        kind.name(),
        id,
        allowed.as_deref(),
        RevisionRange::Newest,
        REVISIONS_SHOWN as i64 + 1,
    )?;
    revisions.reverse();
    let skip = usize::from(more);
    let mut out = Vec::new();
    let mut previous: Option<serde_json::Value> = None;
    for (i, summary) in revisions.into_iter().enumerate() {
        let snapshot = audit::revision(conn, kind.name(), id, summary.revision)?.snapshot;
        let changes = match &previous {
            Some(before) => audit::diff(before, &snapshot),
            None => Vec::new(),
        };
        if i >= skip {
            out.push((summary, changes));
        }
        previous = Some(snapshot);
    }
    out.reverse();
    Ok(out)
}

/// The two panels every record page ends with: the review thread and the revisions, with the
/// names of the people in them.
pub struct Panels {
    pub history: History,
    pub reviews: Vec<ReviewView>,
    pub names: HashMap<UserId, String>,
}

/// Reads the panels of a record, as far as the viewer may see them.
pub fn panels(conn: &mut DbConnection, viewer: Viewer, kind: Kind, reference: &str) -> AppResult<Panels> {
    let (id, allowed) = match kind {
        Kind::Part => parts::history_access(conn, viewer, reference)?,
        Kind::Strain => strains::history_access(conn, viewer, reference)?,
    };
    let history = history(conn, kind, &id, allowed)?;
    // A thread is short (a submission and a decision per revision); a page shows its first 500.
    let (reviews, _) = workflow::thread(conn, viewer, kind, reference, None, 500)?;
    let names = user_names(conn, &history, &reviews)?;
    Ok(Panels {
        history,
        reviews,
        names,
    })
}

/// The review thread, then the revisions.
pub fn render_panels(visitor: &Visitor, panels: &Panels) -> Markup {
    html! {
        (review_thread(visitor, &panels.reviews, &panels.names))
        (revisions(visitor, &panels.history, &panels.names))
    }
}

/// Names of the users a page mentions (revision and review authors), by id.
fn user_names(
    conn: &mut DbConnection,
    history: &History,
    reviews: &[ReviewView],
) -> AppResult<HashMap<UserId, String>> {
    let ids: HashSet<UserId> = history
        .iter()
        .map(|(r, _)| r.actor_id)
        .chain(reviews.iter().map(|r| r.actor_id))
        .collect();
    let mut names = HashMap::new();
    for id in ids {
        if let Ok(user) = accounts::find_user(conn, &id.to_string()) {
            names.insert(id, user.name);
        }
    }
    Ok(names)
}

fn name_of(names: &HashMap<UserId, String>, id: UserId) -> String {
    names.get(&id).cloned().unwrap_or_else(|| id.to_string())
}

/// The review thread panel.
fn review_thread(visitor: &Visitor, reviews: &[ReviewView], names: &HashMap<UserId, String>) -> Markup {
    let lang = visitor.lang;
    html! {
        section aria-labelledby="reviews-h" {
            h2 #reviews-h { (visitor.t(Msg::ReviewThread)) }
            @if reviews.is_empty() { p.muted { (visitor.t(Msg::NoReviews)) } } @else {
                ol.thread data-testid="review-thread" {
                    @for r in reviews {
                        li data-action=(r.action) {
                            strong { (name_of(names, r.actor_id)) } " " (i18n::review_action(lang, &r.action))
                            " · " (visitor.t(Msg::Revision)) " " (r.revision) " · " (layout::time_of(r.at))
                            @if let Some(reason) = &r.reason_code { " · " span.badge { (i18n::value(lang, reason)) } }
                            @if let Some(comment) = &r.comment { blockquote { (comment) } }
                        }
                    }
                }
            }
        }
    }
}

/// The revisions panel: who changed what, when and why.
fn revisions(visitor: &Visitor, history: &History, names: &HashMap<UserId, String>) -> Markup {
    html! {
        section aria-labelledby="revisions-h" {
            h2 #revisions-h { (visitor.t(Msg::Revisions)) }
            @for (summary, changes) in history {
                details.revision open[summary.revision == history[0].0.revision] {
                    summary {
                        (visitor.t(Msg::Revision)) " " (summary.revision) " · " (name_of(names, summary.actor_id))
                        " · " (layout::time_of(summary.at))
                        @if let Some(comment) = &summary.comment { " · " q { (comment) } }
                    }
                    @if !changes.is_empty() {
                        div.scroll tabindex="0" role="region" aria-label=(visitor.t(Msg::RevisionChanges)) {
                            table.diff {
                                caption.visually-hidden { (visitor.t(Msg::RevisionChanges)) }
                                thead { tr { th scope="col" { (visitor.t(Msg::Field)) } th scope="col" { (visitor.t(Msg::Before)) } th scope="col" { (visitor.t(Msg::After)) } } }
                                tbody {
                                    @for c in changes {
                                        tr { th scope="row" { code { (c.field) } } td.before { del { (shown(&c.before)) } } td.after { ins { (shown(&c.after)) } } }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// A changed value, short enough for a table cell.
fn shown(value: &Value) -> String {
    let text = match value {
        Value::Null => "—".to_string(),
        Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    if text.chars().count() > 300 {
        format!(
            "{}… ({} chars)",
            text.chars().take(300).collect::<String>(),
            text.chars().count()
        )
    } else {
        text
    }
}

const REASONS: [ReasonCode; 8] = [
    ReasonCode::SequenceMismatch,
    ReasonCode::MissingMetadata,
    ReasonCode::BiosafetyConcern,
    ReasonCode::Duplicate,
    ReasonCode::OutOfScope,
    ReasonCode::LicenseIssue,
    ReasonCode::Superseded,
    ReasonCode::Other,
];

/// The curator's form: decision, reason code, comment.
pub fn review_form(visitor: &Visitor, base: &str, revision: i32) -> Markup {
    let decisions = [
        ("approve", Msg::DecisionApprove),
        ("request_changes", Msg::DecisionRequestChanges),
        ("reject", Msg::DecisionReject),
    ];
    html! {
        section.panel aria-labelledby="review-h" {
            h2 #review-h { (visitor.t(Msg::Review)) }
            form.stack method="post" action={ (base) "/review" } {
                input type="hidden" name="csrf" value=(visitor.csrf_token());
                input type="hidden" name="revision" value=(revision);
                fieldset {
                    legend { (visitor.t(Msg::Decision)) }
                    @for (value, label) in decisions {
                        label.choice {
                            input type="radio" name="decision" value=(value) required data-testid={ "decision-" (value) };
                            " " (visitor.t(label))
                        }
                    }
                }
                label for="reason" { (visitor.t(Msg::ReasonCode)) " " span.muted { "(" (visitor.t(Msg::ReasonRequired)) ")" } }
                select #reason name="reason_code" {
                    option value="" { "—" }
                    @for reason in REASONS { option value=(reason.as_str()) { (i18n::value(visitor.lang, reason.as_str())) } }
                }
                label for="review-comment" { (visitor.t(Msg::Comment)) }
                textarea #review-comment name="comment" rows="3" {}
                button type="submit" data-testid="send-review" { (visitor.t(Msg::SendReview)) }
            }
        }
    }
}

/// The library a record page's address names: `parts` or `strains` (the route allows no other).
fn kind_of(library: &str) -> Kind {
    if library == "strains" {
        Kind::Strain
    } else {
        Kind::Part
    }
}

/// `POST /{parts|strains}/{accession}/submit`
pub async fn submit(
    state: web::Data<AppState>,
    visitor: Visitor,
    path: web::Path<(String, String)>,
    req: HttpRequest,
    payload: web::Payload,
) -> HttpResponse {
    let (library, reference) = path.into_inner();
    let kind = kind_of(&library);
    let result = async {
        let form = visitor.form(&req, payload, 64 * 1024).await?;
        let principal = visitor.require_principal()?.clone();
        let if_match = form.optional("revision").map(|r| parts::etag(r.parse().unwrap_or(0)));
        let comment = form.optional("comment");
        let done = state
            .db_write(move |conn| {
                workflow::submit(
                    conn,
                    &principal,
                    kind,
                    &reference,
                    if_match.as_deref(),
                    comment.as_deref(),
                )
            })
            .await?;
        Ok(visitor.redirect(&format!("/{}s/{}?done=submitted", kind.name(), done.accession)))
    }
    .await;
    visitor.respond(result)
}

/// `POST /{parts|strains}/{accession}/review`
pub async fn review(
    state: web::Data<AppState>,
    visitor: Visitor,
    path: web::Path<(String, String)>,
    req: HttpRequest,
    payload: web::Payload,
) -> HttpResponse {
    let (library, reference) = path.into_inner();
    let kind = kind_of(&library);
    let result = async {
        let form = visitor.form(&req, payload, 64 * 1024).await?;
        let principal = visitor.require_principal()?.clone();
        let decision: Decision = serde_json::from_value(Value::String(form.text("decision").into()))
            .map_err(|_| AppError::invalid_field("decision", "choose approve, request changes or reject"))?;
        let reason_code: Option<ReasonCode> = match form.optional("reason_code") {
            None => None,
            Some(code) => Some(
                serde_json::from_value(Value::String(code.clone()))
                    .map_err(|_| AppError::invalid_field("reason_code", format!("`{code}` is not a reason code")))?,
            ),
        };
        let if_match = form.optional("revision").map(|r| parts::etag(r.parse().unwrap_or(0)));
        let comment = form.optional("comment");
        let done = state
            .db_write(move |conn| {
                workflow::review(
                    conn,
                    &principal,
                    kind,
                    &reference,
                    if_match.as_deref(),
                    decision,
                    reason_code,
                    comment.as_deref(),
                )
            })
            .await?;
        Ok(visitor.redirect(&format!("/{}s/{}?done=reviewed", kind.name(), done.accession)))
    }
    .await;
    visitor.respond(result)
}

/// The curator's form to withdraw a published record: a reason code and a comment.
pub fn withdraw_form(visitor: &Visitor, base: &str, revision: i32) -> Markup {
    html! {
        details.panel {
            summary { (visitor.t(Msg::Withdraw)) }
            p.muted { (visitor.t(Msg::WithdrawHelp)) }
            form.stack method="post" action={ (base) "/withdraw" } {
                input type="hidden" name="csrf" value=(visitor.csrf_token());
                input type="hidden" name="revision" value=(revision);
                label for="withdraw-reason" { (visitor.t(Msg::ReasonCode)) }
                select #withdraw-reason name="reason_code" required {
                    @for reason in REASONS { option value=(reason.as_str()) { (i18n::value(visitor.lang, reason.as_str())) } }
                }
                label for="withdraw-comment" { (visitor.t(Msg::Comment)) }
                textarea #withdraw-comment name="comment" rows="2" {}
                button type="submit" data-testid="withdraw" { (visitor.t(Msg::Withdraw)) }
            }
        }
    }
}

/// `POST /{parts|strains}/{accession}/withdraw` (curators): withdraws a published record.
pub async fn withdraw(
    state: web::Data<AppState>,
    visitor: Visitor,
    path: web::Path<(String, String)>,
    req: HttpRequest,
    payload: web::Payload,
) -> HttpResponse {
    let (library, reference) = path.into_inner();
    let kind = kind_of(&library);
    let result = async {
        let form = visitor.form(&req, payload, 64 * 1024).await?;
        let principal = visitor.require_principal()?.clone();
        let code = form.text("reason_code").to_string();
        let reason_code: ReasonCode = serde_json::from_value(Value::String(code.clone()))
            .map_err(|_| AppError::invalid_field("reason_code", format!("`{code}` is not a reason code")))?;
        let if_match = form.optional("revision").map(|r| parts::etag(r.parse().unwrap_or(0)));
        let comment = form.optional("comment");
        let done = state
            .db_write(move |conn| {
                workflow::withdraw(
                    conn,
                    &principal,
                    kind,
                    &reference,
                    if_match.as_deref(),
                    reason_code,
                    comment.as_deref(),
                )
            })
            .await?;
        Ok(visitor.redirect(&format!("/{}s/{}?done=withdrawn", kind.name(), done.accession)))
    }
    .await;
    visitor.respond(result)
}

/// The filters of the review queue page, from its query string.
#[derive(Debug, Clone, Default)]
struct QueueFilter {
    kind: Option<Kind>,
    /// Slug or id, as given.
    organization: Option<String>,
    /// Import id, as given.
    import: Option<String>,
}

impl QueueFilter {
    fn read(query: &str) -> Self {
        let mut filter = QueueFilter::default();
        for (key, value) in url::form_urlencoded::parse(query.as_bytes()) {
            let value = value.trim().to_string();
            match key.as_ref() {
                "kind" => {
                    filter.kind = match value.as_str() {
                        "part" => Some(Kind::Part),
                        "strain" => Some(Kind::Strain),
                        _ => None,
                    }
                }
                "organization" if !value.is_empty() => filter.organization = Some(value),
                "import" if !value.is_empty() => filter.import = Some(value),
                _ => {}
            }
        }
        filter
    }
}

/// What the queue page shows.
struct QueueView {
    queue: Vec<QueueItem>,
    counts: Vec<workflow::QueueCount>,
}

/// `GET /reviews`: submitted records, oldest first, narrowed by `?kind=part|strain`,
/// `?organization=` and `?import=`; the counts per organisation; the batch decision form.
pub async fn review_queue_page(state: web::Data<AppState>, visitor: Visitor) -> HttpResponse {
    let result = async {
        let principal = visitor.require_principal()?.clone();
        if !visitor.is_curator() {
            return Err(AppError::forbidden(visitor.t(Msg::CuratorsOnly)));
        }
        let filter = QueueFilter::read(&visitor.query);
        let read = filter.clone();
        let view = state
            .db(move |conn| {
                let organization = accounts::organization_filter(conn, "organization", read.organization.as_deref())?;
                let import = read
                    .import
                    .as_deref()
                    .map(|id| {
                        uuid::Uuid::parse_str(id)
                            .map(crate::db::types::ImportId)
                            .map_err(|_| AppError::invalid_field("import", "is not an import id"))
                    })
                    .transpose()?;
                let (queue, _) = workflow::queue(conn, &principal, read.kind, organization, import, None, 500)?;
                let (counts, _) = workflow::queue_counts(conn, &principal)?;
                Ok(QueueView { queue, counts })
            })
            .await?;
        Ok(queue_page(&visitor, &filter, &view))
    }
    .await;
    visitor.respond(result)
}

fn decision_fields(visitor: &Visitor) -> Markup {
    let decisions = [
        ("approve", Msg::DecisionApprove),
        ("request_changes", Msg::DecisionRequestChanges),
        ("reject", Msg::DecisionReject),
    ];
    html! {
        fieldset {
            legend { (visitor.t(Msg::Decision)) }
            @for (value, label) in decisions {
                label.choice {
                    input type="radio" name="decision" value=(value) required data-testid={ "batch-decision-" (value) };
                    " " (visitor.t(label))
                }
            }
        }
        label for="batch-reason" { (visitor.t(Msg::ReasonCode)) " " span.muted { "(" (visitor.t(Msg::ReasonRequired)) ")" } }
        select #batch-reason name="reason_code" {
            option value="" { "—" }
            @for reason in REASONS { option value=(reason.as_str()) { (i18n::value(visitor.lang, reason.as_str())) } }
        }
        label for="batch-comment" { (visitor.t(Msg::Comment)) }
        textarea #batch-comment name="comment" rows="2" {}
    }
}

fn queue_page(visitor: &Visitor, filter: &QueueFilter, view: &QueueView) -> HttpResponse {
    let lang = visitor.lang;
    let kind = filter.kind;
    let queue = &view.queue;
    let body = html! {
        h1 { (visitor.t(Msg::ReviewQueueTitle)) }
        p { (visitor.t(Msg::ReviewQueueHelp)) }
        form.inline-form method="get" action="/reviews" {
            label for="queue-kind" { (visitor.t(Msg::Kind)) }
            select #queue-kind name="kind" {
                option value="" { (visitor.t(Msg::Any)) }
                option value="part" selected[kind == Some(Kind::Part)] { (visitor.t(Msg::KindPart)) }
                option value="strain" selected[kind == Some(Kind::Strain)] { (visitor.t(Msg::KindStrain)) }
            }
            label for="queue-organization" { (visitor.t(Msg::Organisation)) }
            select #queue-organization name="organization" {
                option value="" { (visitor.t(Msg::Any)) }
                @for count in &view.counts {
                    option value=(count.organization.slug)
                        selected[filter.organization.as_deref() == Some(count.organization.slug.as_str())] { (count.organization.name) }
                }
            }
            label for="queue-import" { (visitor.t(Msg::ImportFilter)) }
            input #queue-import type="text" name="import" value=(filter.import.clone().unwrap_or_default()) size="38";
            button type="submit" { (visitor.t(Msg::Search)) }
        }
        @if !view.counts.is_empty() {
            section aria-labelledby="queue-counts-h" {
                h2 #queue-counts-h { (visitor.t(Msg::QueueCounts)) }
                table.queue-counts data-testid="queue-counts" {
                    caption.visually-hidden { (visitor.t(Msg::QueueCounts)) }
                    thead { tr {
                        th scope="col" { (visitor.t(Msg::Organisation)) }
                        th scope="col" { (visitor.t(Msg::SearchParts)) }
                        th scope="col" { (visitor.t(Msg::SearchStrains)) }
                    } }
                    tbody {
                        @for count in &view.counts {
                            tr {
                                td { a href={ "/reviews?organization=" (count.organization.slug) } { (count.organization.name) } }
                                td { (count.parts) }
                                td { (count.strains) }
                            }
                        }
                    }
                }
            }
        }
        @if queue.is_empty() { p.muted data-testid="queue-empty" { (visitor.t(Msg::QueueEmpty)) } } @else {
            form.stack method="post" action="/reviews/batch" data-testid="batch-form" {
                input type="hidden" name="csrf" value=(visitor.csrf_token());
                @if let Some(import) = &filter.import { input type="hidden" name="import" value=(import); }
                @if let Some(kind) = kind { input type="hidden" name="kind" value=(kind.name()); }
                table.queue data-testid="review-queue" {
                    caption.visually-hidden { (visitor.t(Msg::ReviewQueueTitle)) }
                    thead {
                        tr {
                            th scope="col" { (visitor.t(Msg::SelectRecord)) }
                            th scope="col" { (visitor.t(Msg::Kind)) }
                            th scope="col" { (visitor.t(Msg::Accession)) }
                            th scope="col" { (visitor.t(Msg::Name)) }
                            th scope="col" { (visitor.t(Msg::Organisation)) }
                            th scope="col" { (visitor.t(Msg::Revision)) }
                            th scope="col" { (visitor.t(Msg::SubmittedAt)) }
                        }
                    }
                    tbody {
                        @for item in queue {
                            tr {
                                td {
                                    input type="checkbox" name="record" value={ (item.kind) ":" (item.id) }
                                        aria-label={ (visitor.t(Msg::SelectRecord)) " " (item.accession) };
                                }
                                td { (i18n::value(lang, &item.kind)) }
                                td { a href={ "/" (item.kind) "s/" (item.accession) } { (item.accession) } }
                                td { (item.name) }
                                td { (item.owner_org.name) }
                                td { (item.revision) }
                                td { (layout::time_of(item.submitted_at)) }
                            }
                        }
                    }
                }
                section.panel aria-labelledby="batch-h" {
                    h2 #batch-h { (visitor.t(Msg::BatchTitle)) }
                    p.muted { (visitor.t(Msg::BatchHelp)) }
                    (decision_fields(visitor))
                    button type="submit" name="scope" value="selected" data-testid="decide-selected" { (visitor.t(Msg::DecideSelected)) }
                    @if filter.import.is_some() {
                        " "
                        button type="submit" name="scope" value="import" data-testid="decide-import" { (visitor.t(Msg::DecideImport)) }
                    }
                }
            }
        }
    };
    layout::page(visitor, visitor.t(Msg::ReviewQueueTitle), body)
}

/// `POST /reviews/batch` (curators): one decision on the ticked records, or on every submitted
/// record of the import the queue was filtered by (`scope=import`); shows what was decided,
/// refused and skipped.
pub async fn batch_review(
    state: web::Data<AppState>,
    visitor: Visitor,
    req: HttpRequest,
    payload: web::Payload,
) -> HttpResponse {
    let result = async {
        let form = visitor.form(&req, payload, 256 * 1024).await?;
        let principal = visitor.require_principal()?.clone();
        let decision: Decision = serde_json::from_value(Value::String(form.text("decision").into()))
            .map_err(|_| AppError::invalid_field("decision", "choose approve, request changes or reject"))?;
        let reason_code: Option<ReasonCode> = match form.optional("reason_code") {
            None => None,
            Some(code) => Some(
                serde_json::from_value(Value::String(code.clone()))
                    .map_err(|_| AppError::invalid_field("reason_code", format!("`{code}` is not a reason code")))?,
            ),
        };
        let kind = match form.text("kind") {
            "part" => Some(Kind::Part),
            "strain" => Some(Kind::Strain),
            _ => None,
        };
        let selection = match (form.text("scope"), form.optional("import")) {
            ("import", Some(import)) => workflow::batch::Selection::Import(crate::db::types::ImportId(
                uuid::Uuid::parse_str(&import).map_err(|_| AppError::invalid_field("import", "is not an import id"))?,
            )),
            _ => {
                let records: Vec<(Option<Kind>, String)> = form
                    .all("record")
                    .into_iter()
                    .map(|value| match value.split_once(':') {
                        Some(("part", id)) => (Some(Kind::Part), id.to_string()),
                        Some(("strain", id)) => (Some(Kind::Strain), id.to_string()),
                        _ => (None, value),
                    })
                    .collect();
                if records.is_empty() {
                    return Err(AppError::invalid_field("record", visitor.t(Msg::NothingSelected)));
                }
                workflow::batch::Selection::Records(records)
            }
        };
        let comment = form.optional("comment");
        let max_records = state.settings.batch_max_records;
        let outcome = state
            .db_write(move |conn| {
                workflow::batch::decide(
                    conn,
                    &principal,
                    selection,
                    kind,
                    decision,
                    reason_code,
                    comment.as_deref(),
                    max_records,
                )
            })
            .await?;
        Ok(batch_result_page(&visitor, &outcome))
    }
    .await;
    visitor.respond(result)
}

fn batch_result_page(visitor: &Visitor, outcome: &workflow::batch::BatchOutcome) -> HttpResponse {
    let lang = visitor.lang;
    let notes = |title: Msg, notes: &[workflow::batch::BatchNote], testid: &str| {
        html! {
            @if !notes.is_empty() {
                h2 { (visitor.t(title)) }
                table data-testid=(testid) {
                    thead { tr {
                        th scope="col" { (visitor.t(Msg::Accession)) }
                        th scope="col" { (visitor.t(Msg::BatchReason)) }
                        th scope="col" { (visitor.t(Msg::Details)) }
                    } }
                    tbody {
                        @for note in notes {
                            tr {
                                td { @if let Some(kind) = &note.kind { a href={ "/" (kind) "s/" (note.accession) } { (note.accession) } } @else { (note.accession) } }
                                td { (i18n::value(lang, &note.reason)) }
                                td { (note.detail) }
                            }
                        }
                    }
                }
            }
        }
    };
    let body = html! {
        h1 { (visitor.t(Msg::BatchResultTitle)) }
        dl.facts data-testid="batch-result" {
            dt { (visitor.t(Msg::Decision)) } dd { (i18n::review_action(lang, &outcome.action)) }
            dt { (visitor.t(Msg::BatchDone)) } dd data-testid="batch-done" { (outcome.counts.done) }
            dt { (visitor.t(Msg::BatchRefused)) } dd data-testid="batch-refused" { (outcome.counts.refused) }
            dt { (visitor.t(Msg::BatchSkipped)) } dd data-testid="batch-skipped" { (outcome.counts.skipped) }
            dt { (visitor.t(Msg::BatchRemaining)) } dd data-testid="batch-remaining" { (outcome.remaining) }
        }
        (notes(Msg::BatchRefused, &outcome.refused, "batch-refused-list"))
        (notes(Msg::BatchSkipped, &outcome.skipped, "batch-skipped-list"))
        p { a href="/reviews" { (visitor.t(Msg::BackToQueue)) } }
    };
    layout::page(visitor, visitor.t(Msg::BatchResultTitle), body)
}
