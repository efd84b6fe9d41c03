//! Owns who is looking at a page: the [`Visitor`] extractor (language, signed-in principal, the
//! browser's form token), the cookies that carry them, reading submitted forms with their CSRF
//! check, and the sign-in and sign-out pages.
//!
//! A browser holds one random secret in the `bioreg_session` cookie (HttpOnly, SameSite=Lax,
//! Secure behind https). Signed in, the secret's hash names a row of `web_sessions`
//! ([`crate::domain::sessions`]); either way the form token of every form is derived from it, so
//! forms work (and are protected) before sign-in too. Signing in and out replace the secret.

use std::collections::HashMap;
use std::future::Future;
use std::pin::Pin;

use actix_web::cookie::{time::Duration as CookieDuration, Cookie, SameSite};
use actix_web::dev::Payload;
use actix_web::http::header;
use actix_web::{web, FromRequest, HttpRequest, HttpResponse};
use chrono::TimeDelta;
use maud::html;

use crate::domain::accounts::{Principal, Role};
use crate::domain::sessions;
use crate::domain::visibility::Viewer;
use crate::error::{AppError, AppResult};
use crate::pages::i18n::{Lang, Msg};
use crate::pages::layout;
use crate::state::AppState;

pub const SESSION_COOKIE: &str = "bioreg_session";
pub const LANG_COOKIE: &str = "bioreg_lang";
/// How long a sign-in lasts (never beyond the token's own expiry).
const SESSION_HOURS: i64 = 12;

/// The visitor of a page.
#[derive(Debug, Clone)]
pub struct Visitor {
    pub lang: Lang,
    pub principal: Option<Principal>,
    /// The browser's cookie secret (new when the browser had none).
    secret: String,
    new_secret: bool,
    /// A language chosen with `?lang=` now, to be remembered in a cookie.
    chosen_lang: Option<Lang>,
    /// Path and query of this page, for the language switch.
    pub path: String,
    pub query: String,
    secure: bool,
    pub public_read: bool,
}

impl Visitor {
    pub fn t(&self, message: Msg) -> &'static str {
        self.lang.t(message)
    }

    pub fn viewer(&self) -> Viewer {
        Viewer::of(self.principal.as_ref())
    }

    pub fn is_curator(&self) -> bool {
        self.principal.as_ref().is_some_and(|p| p.role >= Role::Curator)
    }

    /// The token every form of this page carries.
    pub fn csrf_token(&self) -> String {
        sessions::csrf_token(&self.secret)
    }

    /// 401 (shown with a sign-in link) unless the visitor may read: signed in, or the registry is
    /// publicly readable.
    pub fn require_read(&self) -> AppResult<()> {
        if self.principal.is_none() && !self.public_read {
            return Err(AppError::unauthorized(self.t(Msg::SignInNeeded)));
        }
        Ok(())
    }

    /// The signed-in principal; 401 (with a sign-in link) otherwise.
    pub fn require_principal(&self) -> AppResult<&Principal> {
        self.principal
            .as_ref()
            .ok_or_else(|| AppError::unauthorized(self.t(Msg::SignInNeeded)))
    }

    fn cookie(&self, name: &'static str, value: String, max_age: Option<CookieDuration>) -> Cookie<'static> {
        let mut cookie = Cookie::build(name, value)
            .path("/")
            .http_only(true)
            .same_site(SameSite::Lax)
            .secure(self.secure)
            .finish();
        if let Some(age) = max_age {
            cookie.set_max_age(age);
        }
        cookie
    }

    /// Adds the cookies this visit has to set (a new browser secret, a chosen language).
    pub fn finish(&self, mut response: HttpResponse) -> HttpResponse {
        if self.new_secret {
            let _ = response.add_cookie(&self.cookie(SESSION_COOKIE, self.secret.clone(), None));
        }
        if let Some(lang) = self.chosen_lang {
            let year = Some(CookieDuration::days(365));
            let _ = response.add_cookie(&self.cookie(LANG_COOKIE, lang.tag().to_string(), year));
        }
        response.headers_mut().insert(
            header::CACHE_CONTROL,
            header::HeaderValue::from_static("private, no-store"),
        );
        response
    }

    /// A page, or the error page when `result` failed.
    pub fn respond(&self, result: AppResult<HttpResponse>) -> HttpResponse {
        self.finish(result.unwrap_or_else(|error| layout::error_page(self, &error)))
    }

    /// `303 See Other` to `location`, the answer to a form that did its work.
    pub fn redirect(&self, location: &str) -> HttpResponse {
        self.finish(
            HttpResponse::SeeOther()
                .insert_header((header::LOCATION, location.to_string()))
                .finish(),
        )
    }

    /// Replaces the browser secret (after sign-in and sign-out, against session fixation).
    fn replace_secret(&mut self, secret: String) {
        self.secret = secret;
        self.new_secret = true;
    }

    /// Reads a submitted form (up to `limit` bytes) and checks its form token: the start of every
    /// handler that acts on a form.
    pub async fn form(&self, req: &HttpRequest, payload: web::Payload, limit: usize) -> AppResult<FormData> {
        let form = FormData::read(req, payload, limit).await?;
        self.check_csrf(&form)?;
        Ok(form)
    }

    /// 403 unless the submitted form carries this browser's form token.
    fn check_csrf(&self, form: &FormData) -> AppResult<()> {
        let submitted = form.text("csrf");
        if self.new_secret || submitted.is_empty() || !sessions::csrf_matches(&self.secret, submitted) {
            return Err(AppError::forbidden(self.t(Msg::FormExpired)));
        }
        Ok(())
    }
}

impl FromRequest for Visitor {
    type Error = AppError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, AppError>>>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let state = req.app_data::<web::Data<AppState>>().cloned();
        let cookie_secret = req
            .cookie(SESSION_COOKIE)
            .map(|c| c.value().to_string())
            .filter(|v| v.len() == 64 && v.bytes().all(|b| b.is_ascii_hexdigit()));
        let query: HashMap<String, String> = url::form_urlencoded::parse(req.query_string().as_bytes())
            .into_owned()
            .collect();
        let chosen_lang = query.get("lang").and_then(|l| Lang::parse(l));
        let lang = chosen_lang
            .or_else(|| req.cookie(LANG_COOKIE).and_then(|c| Lang::parse(c.value())))
            .or_else(|| Lang::from_accept_language(req))
            .unwrap_or(Lang::En);
        let path = req.path().to_string();
        let query_string = req.query_string().to_string();
        Box::pin(async move {
            let state = state.ok_or_else(|| AppError::internal("application state is missing"))?;
            let (secret, new_secret) = match cookie_secret {
                Some(secret) => (secret, false),
                None => (sessions::new_secret(), true),
            };
            let principal = if new_secret {
                None
            } else {
                let secret = secret.clone();
                state.db(move |conn| sessions::resolve(conn, &secret)).await?
            };
            Ok(Visitor {
                lang,
                principal,
                secret,
                new_secret,
                chosen_lang,
                path,
                query: query_string,
                secure: state.settings.public_url.starts_with("https://"),
                public_read: state.settings.public_read,
            })
        })
    }
}

/// A submitted form: its text fields and at most one uploaded file, from either
/// `application/x-www-form-urlencoded` or `multipart/form-data`.
#[derive(Debug, Default)]
pub struct FormData {
    fields: HashMap<String, Vec<String>>,
    /// The uploaded file: field name, file name and content (empty uploads are dropped).
    pub file: Option<(String, Option<String>, Vec<u8>)>,
}

/// Most fields a page form may have (the largest form has a few dozen): a form of millions of
/// tiny fields costs seconds of parsing on the worker that reads it.
pub const MAX_FORM_FIELDS: usize = 1000;

fn too_many_fields() -> AppError {
    AppError::new(
        actix_web::http::StatusCode::PAYLOAD_TOO_LARGE,
        "payload-too-large",
        format!("a form may have at most {MAX_FORM_FIELDS} fields"),
    )
}

impl FormData {
    /// A field's first value, trimmed ("" when absent).
    pub fn text(&self, name: &str) -> &str {
        self.fields
            .get(name)
            .and_then(|v| v.first())
            .map(|v| v.trim())
            .unwrap_or("")
    }

    /// A field's value, or `None` when absent or blank.
    pub fn optional(&self, name: &str) -> Option<String> {
        Some(self.text(name).to_string()).filter(|v| !v.is_empty())
    }

    /// Every value of a field sent several times (checkboxes), blanks left out.
    pub fn all(&self, name: &str) -> Vec<String> {
        self.fields
            .get(name)
            .map(|values| {
                values
                    .iter()
                    .map(|v| v.trim().to_string())
                    .filter(|v| !v.is_empty())
                    .collect()
            })
            .unwrap_or_default()
    }

    /// A comma- or newline-separated list field.
    pub fn list(&self, name: &str) -> Vec<String> {
        self.text(name)
            .split([',', '\n'])
            .map(|v| v.trim().to_string())
            .filter(|v| !v.is_empty())
            .collect()
    }

    /// Reads the form of a request, up to `limit` bytes and [`MAX_FORM_FIELDS`] fields, once there is room for it in memory and
    /// within the request timeout ([`AppState::read_body`]).
    pub async fn read(req: &HttpRequest, payload: web::Payload, limit: usize) -> AppResult<FormData> {
        crate::http::extract::refuse_encoded_body(req)?;
        let Some(state) = req.app_data::<web::Data<AppState>>() else {
            return Err(AppError::internal("forms need the AppState"));
        };
        let (form, _reservation) = state
            .read_body(req, limit, "BIOREG_MAX_BODY_BYTES", Self::read_now(req, payload, limit))
            .await?;
        Ok(form)
    }

    async fn read_now(req: &HttpRequest, payload: web::Payload, limit: usize) -> AppResult<FormData> {
        let content_type = req
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_ascii_lowercase();
        if content_type.starts_with("multipart/form-data") {
            return Self::read_multipart(req, payload, limit).await;
        }
        let body = payload
            .to_bytes_limited(limit)
            .await
            .map_err(|_| AppError::payload_too_large(limit, "BIOREG_MAX_BODY_BYTES"))?
            .map_err(|e| AppError::bad_request(format!("could not read the form: {e}")))?;
        let mut form = FormData::default();
        for (n, (name, value)) in url::form_urlencoded::parse(&body).enumerate() {
            if n == MAX_FORM_FIELDS {
                return Err(too_many_fields());
            }
            form.fields
                .entry(name.into_owned())
                .or_default()
                .push(value.into_owned());
        }
        Ok(form)
    }

    async fn read_multipart(req: &HttpRequest, payload: web::Payload, limit: usize) -> AppResult<FormData> {
        use futures_util::StreamExt as _;
        let mut multipart = actix_multipart::Multipart::new(req.headers(), payload);
        let mut form = FormData::default();
        let mut total = 0usize;
        let mut count = 0usize;
        while let Some(field) = multipart.next().await {
            count += 1;
            if count > MAX_FORM_FIELDS {
                return Err(too_many_fields());
            }
            let mut field = field.map_err(|e| AppError::bad_request(format!("the form cannot be read: {e}")))?;
            let disposition = field.content_disposition().cloned();
            let name = disposition
                .as_ref()
                .and_then(|d| d.get_name())
                .unwrap_or_default()
                .to_string();
            let file_name = disposition.as_ref().and_then(|d| d.get_filename()).map(str::to_string);
            let mut bytes = Vec::new();
            while let Some(chunk) = field.next().await {
                let chunk = chunk.map_err(|e| AppError::bad_request(format!("the form cannot be read: {e}")))?;
                total += chunk.len();
                if total > limit {
                    return Err(AppError::payload_too_large(limit, "BIOREG_MAX_IMPORT_BYTES"));
                }
                bytes.extend_from_slice(&chunk);
            }
            if file_name.is_some() {
                if !bytes.is_empty() && form.file.is_none() {
                    form.file = Some((name, file_name, bytes));
                }
            } else {
                let value =
                    String::from_utf8(bytes).map_err(|_| AppError::invalid_field(name.clone(), "is not UTF-8 text"))?;
                form.fields.entry(name).or_default().push(value);
            }
        }
        Ok(form)
    }
}

/// `GET /signin`
pub async fn signin_page(visitor: Visitor) -> HttpResponse {
    visitor.respond(Ok(signin_form(&visitor, None)))
}

fn signin_form(visitor: &Visitor, error: Option<&str>) -> HttpResponse {
    let body = html! {
        h1 { (visitor.t(Msg::SignInTitle)) }
        @if let Some(error) = error {
            div.alert role="alert" { strong { (visitor.t(Msg::SignInFailed)) ": " } (error) }
        }
        p { (visitor.t(Msg::SignInHelp)) }
        form.stack method="post" action="/signin" {
            input type="hidden" name="csrf" value=(visitor.csrf_token());
            label for="token" { (visitor.t(Msg::Token)) }
            input #token type="password" name="token" required autocomplete="off" spellcheck="false";
            button type="submit" { (visitor.t(Msg::SignIn)) }
        }
    };
    let status = if error.is_some() {
        actix_web::http::StatusCode::UNAUTHORIZED
    } else {
        actix_web::http::StatusCode::OK
    };
    layout::page_with_status(visitor, status, visitor.t(Msg::SignIn), body)
}

/// `POST /signin`: the token becomes a session; back to the search page.
pub async fn signin(
    state: web::Data<AppState>,
    mut visitor: Visitor,
    req: HttpRequest,
    payload: web::Payload,
) -> HttpResponse {
    let form = match visitor.form(&req, payload, 64 * 1024).await {
        Ok(form) => form,
        Err(error) => return visitor.respond(Err(error)),
    };
    // Sign-in attempts count against the client address like the API's failed authentications,
    // so a flood of guesses can neither guess nor flood the audit log.
    if let Err((error, _)) = state.limits.check_address(&req) {
        tracing::info!(detail = %error.detail, "sign-in rate limited");
        return visitor.respond(Err(error));
    }
    let token = form.text("token").to_string();
    let ttl = TimeDelta::hours(SESSION_HOURS);
    match state.db(move |conn| sessions::start(conn, &token, ttl)).await {
        Ok((secret, principal)) => {
            visitor.replace_secret(secret);
            visitor.principal = Some(principal);
            visitor.redirect("/")
        }
        Err(error) if error.status == actix_web::http::StatusCode::UNAUTHORIZED => {
            let detail = error.detail.clone();
            let path = req.path().to_string();
            let audited = state
                .db(move |conn| {
                    let details = serde_json::json!({"detail": detail, "path": path});
                    crate::domain::audit::record(conn, None, None, "auth.failed", None, details)
                })
                .await;
            if let Err(error) = audited {
                tracing::warn!(detail = %error.detail, "could not audit a failed sign-in");
            }
            visitor.finish(signin_form(&visitor, Some(&error.detail)))
        }
        Err(error) => visitor.respond(Err(error)),
    }
}

/// `POST /signout`: ends the session and forgets the browser secret.
pub async fn signout(
    state: web::Data<AppState>,
    mut visitor: Visitor,
    req: HttpRequest,
    payload: web::Payload,
) -> HttpResponse {
    if let Err(error) = visitor.form(&req, payload, 64 * 1024).await {
        return visitor.respond(Err(error));
    }
    let secret = visitor.secret.clone();
    let principal = visitor.principal.take();
    if let Err(error) = state
        .db(move |conn| sessions::end(conn, &secret, principal.as_ref()))
        .await
    {
        return visitor.respond(Err(error));
    }
    visitor.replace_secret(sessions::new_secret());
    visitor.redirect("/signin?signed_out=1")
}
