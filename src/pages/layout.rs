//! Owns the frame every page shares — document head, skip link, navigation, the language switch,
//! the sign-in state — plus the error page and small rendering helpers (dates, badges, definition
//! rows) that several pages use.

use actix_web::http::{header, StatusCode};
use actix_web::HttpResponse;
use chrono::{DateTime, Utc};
use maud::{html, Markup, DOCTYPE};

use crate::error::AppError;
use crate::pages::i18n::{self, Lang, Msg};
use crate::pages::session::Visitor;

/// The address of this page in the other language: the same path and query with `lang` replaced.
fn switch_href(visitor: &Visitor, lang: Lang) -> String {
    let mut query = url::form_urlencoded::Serializer::new(String::new());
    for (name, value) in url::form_urlencoded::parse(visitor.query.as_bytes()) {
        if name != "lang" {
            query.append_pair(&name, &value);
        }
    }
    query.append_pair("lang", lang.tag());
    format!("{}?{}", visitor.path, query.finish())
}

fn nav_link(visitor: &Visitor, href: &str, label: Msg) -> Markup {
    let current = visitor.path == href || (href != "/" && visitor.path.starts_with(href));
    html! {
        li { a href=(href) aria-current=[current.then_some("page")] { (visitor.t(label)) } }
    }
}

/// A whole page: 200 with `title` and `body`.
pub fn page(visitor: &Visitor, title: &str, body: Markup) -> HttpResponse {
    page_with_status(visitor, StatusCode::OK, title, body)
}

pub fn page_with_status(visitor: &Visitor, status: StatusCode, title: &str, body: Markup) -> HttpResponse {
    let other = visitor.lang.other();
    let markup = html! {
        (DOCTYPE)
        html lang=(visitor.lang.tag()) {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) " · " (visitor.t(Msg::SiteName)) }
                link rel="stylesheet" href="/static/bioreg.css";
            }
            body {
                a.skip href="#main" { (visitor.t(Msg::SkipToContent)) }
                header.site {
                    a.brand href="/" { span.logo aria-hidden="true" { "◉" } (visitor.t(Msg::SiteName)) }
                    span.tagline { (visitor.t(Msg::SiteTagline)) }
                    nav aria-label=(visitor.t(Msg::MainNavigation)) {
                        ul {
                            (nav_link(visitor, "/", Msg::NavSearch))
                            @if visitor.principal.is_some() {
                                (nav_link(visitor, "/submit", Msg::NavSubmit))
                                (nav_link(visitor, "/imports", Msg::NavImports))
                            }
                            @if visitor.is_curator() {
                                (nav_link(visitor, "/reviews", Msg::NavReviews))
                            }
                            li { a href="/docs/" { (visitor.t(Msg::NavApi)) } }
                        }
                    }
                    div.account {
                        a.lang href=(switch_href(visitor, other)) hreflang=(other.tag()) lang=(other.tag())
                            data-testid="lang-switch" {
                            span.visually-hidden { (visitor.t(Msg::Language)) ": " }
                            (other.own_name())
                        }
                        @if let Some(principal) = &visitor.principal {
                            span.who data-testid="signed-in-as" {
                                (visitor.t(Msg::SignedInAs)) " " strong { (principal.user.name) }
                                " (" (principal.role.as_str()) ", " (principal.organization.slug) ")"
                            }
                            form.inline method="post" action="/signout" {
                                input type="hidden" name="csrf" value=(visitor.csrf_token());
                                button.link type="submit" { (visitor.t(Msg::SignOut)) }
                            }
                        } @else {
                            a href="/signin" { (visitor.t(Msg::SignIn)) }
                        }
                    }
                }
                main #main tabindex="-1" { (body) }
                footer.site {
                    p { "bioreg · " a href="/docs/" { "OpenAPI" } " · " a href="/api/v1/parts" { "JSON API" } }
                }
            }
        }
    };
    HttpResponse::build(status)
        .insert_header((header::CONTENT_TYPE, "text/html; charset=utf-8"))
        .insert_header((header::VARY, "Accept-Language, Cookie"))
        .body(markup.into_string())
}

/// The page for a failed request: its status, what went wrong (the domain's own words, which
/// name the field or record), and every invalid field.
pub fn error_page(visitor: &Visitor, error: &AppError) -> HttpResponse {
    if error.status.is_server_error() {
        tracing::error!(status = error.status.as_u16(), detail = %error.detail, "page failed");
    }
    let body = html! {
        h1 { (visitor.t(Msg::ErrorTitle)) }
        div.alert role="alert" {
            @if error.status == StatusCode::PRECONDITION_FAILED { p { strong { (visitor.t(Msg::StaleForm)) } } }
            p { (error.detail) }
            @if !error.errors.is_empty() {
                ul { @for e in &error.errors { li { code { (e.field) } ": " (e.message) } } }
            }
        }
        p.muted { (visitor.t(Msg::ErrorStatus)) " " (error.status.as_u16()) }
        @if error.status == StatusCode::UNAUTHORIZED {
            p { a href="/signin" { (visitor.t(Msg::SignIn)) } }
        }
        p { a href="/" { (visitor.t(Msg::BackHome)) } }
    };
    let mut response = page_with_status(visitor, error.status, visitor.t(Msg::ErrorTitle), body);
    if let Some(seconds) = error.retry_after {
        if let Ok(value) = header::HeaderValue::from_str(&seconds.to_string()) {
            response.headers_mut().insert(header::RETRY_AFTER, value);
        }
    }
    response
}

/// A list of the problems that refused a form, above the form that is shown again.
pub fn problems(visitor: &Visitor, error: &AppError) -> Markup {
    html! {
        div.alert role="alert" tabindex="-1" #problems {
            h2 { (visitor.t(Msg::ProblemsFound)) }
            @if error.errors.is_empty() {
                p { (error.detail) }
            } @else {
                ul { @for e in &error.errors { li { code { (e.field) } ": " (e.message) } } }
            }
        }
    }
}

/// A timestamp as the pages show it (UTC, to the minute), machine-readable in `<time>`.
pub fn time(at: &str) -> Markup {
    let shown = DateTime::parse_from_rfc3339(at)
        .map(|t| t.with_timezone(&Utc).format("%Y-%m-%d %H:%M UTC").to_string())
        .unwrap_or_else(|_| at.to_string());
    html! { time datetime=(at) { (shown) } }
}

pub fn time_of(at: DateTime<Utc>) -> Markup {
    time(&at.to_rfc3339())
}

/// A curation state as a coloured badge (the colour only repeats the word).
pub fn state_badge(lang: Lang, state: &str) -> Markup {
    html! { span class={ "badge state-" (state) } data-state=(state) { (i18n::value(lang, state)) } }
}

/// One `<dt>`/`<dd>` row, left out when the value is empty.
pub fn row(label: &str, value: Markup) -> Markup {
    if value.0.is_empty() {
        return html! {};
    }
    html! { dt { (label) } dd { (value) } }
}

/// A `?done=` notice after a form did its work.
pub fn notice(visitor: &Visitor, done: Option<&str>) -> Markup {
    let message = match done {
        Some("submitted") => Msg::DoneSubmitted,
        Some("reviewed") => Msg::DoneReviewed,
        Some("saved") => Msg::DoneSaved,
        Some("registered") => Msg::DoneRegistered,
        Some("withdrawn") => Msg::DoneWithdrawn,
        Some("sample") => Msg::DoneSampleAdded,
        _ => return html! {},
    };
    html! { div.notice role="status" data-testid="notice" { (visitor.t(message)) } }
}

/// Who asserted each field's current value, when and from what source, folded away.
pub fn provenance(visitor: &Visitor, record: &serde_json::Value) -> Markup {
    let Some(fields) = record.get("provenance").and_then(serde_json::Value::as_object) else {
        return html! {};
    };
    if fields.is_empty() {
        return html! {};
    }
    let text =
        |v: &serde_json::Value, key: &str| v.get(key).and_then(serde_json::Value::as_str).unwrap_or("").to_string();
    html! {
        details.provenance {
            summary { (visitor.t(Msg::Provenance)) " (" (fields.len()) ")" }
            div.scroll tabindex="0" role="region" aria-label=(visitor.t(Msg::Provenance)) {
                table {
                    thead { tr {
                        th scope="col" { (visitor.t(Msg::Field)) } th scope="col" { (visitor.t(Msg::SourceRecord)) }
                        th scope="col" { (visitor.t(Msg::AssertedBy)) } th scope="col" { (visitor.t(Msg::At)) }
                    } }
                    tbody {
                        @for (field, assertion) in fields {
                            tr {
                                th scope="row" { code { (field) } }
                                td { (text(assertion, "source")) }
                                td { (text(assertion, "asserted_by_name")) }
                                td { (time(&text(assertion, "asserted_at"))) }
                            }
                        }
                    }
                }
            }
        }
    }
}
