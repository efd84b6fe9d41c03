//! Owns the cached read path: a read (a part or strain by id or accession, a page of a list) is
//! answered from this instance's [`crate::cache::ReadCache`] when the same viewer class asked the
//! same thing since the last write, else from the database, and the rendered answer is kept.
//!
//! A client that must not get a cached answer (it wrote on another instance a moment ago) sends
//! `Cache-Control: no-cache`.
//!
//! The key is the viewer class ([`Viewer`]: what a caller may see depends only on it), the path,
//! the raw query string and the `Accept` header (formats are negotiated on it). Two callers of the
//! same class share answers; a reader and a submitter of the owning organisation do not.

use std::sync::Arc;

use actix_web::http::header::{self, HeaderName};
use actix_web::{HttpRequest, HttpResponse};

use crate::cache::Answer;
use crate::db::DbConnection;
use crate::domain::visibility::Viewer;
use crate::error::AppResult;
use crate::state::AppState;

fn key(request: &HttpRequest, viewer: Viewer) -> String {
    let accept = request
        .headers()
        .get(header::ACCEPT)
        .map(|a| String::from_utf8_lossy(a.as_bytes()).into_owned())
        .unwrap_or_default();
    format!(
        "{viewer:?} {} {}?{} {accept}",
        request.method(),
        request.path(),
        request.query_string()
    )
}

/// Whether the client asked for an answer from the database (`Cache-Control: no-cache`, or
/// `no-store`, or `max-age=0`): e.g. to read at once on this instance what it wrote on another.
/// The fresh answer replaces the cached one.
fn wants_fresh(request: &HttpRequest) -> bool {
    request.headers().get_all(header::CACHE_CONTROL).any(|value| {
        value.to_str().is_ok_and(|value| {
            value.split(',').map(str::trim).any(|directive| {
                directive.eq_ignore_ascii_case("no-cache")
                    || directive.eq_ignore_ascii_case("no-store")
                    || directive.eq_ignore_ascii_case("max-age=0")
            })
        })
    })
}

fn respond(answer: &Answer) -> HttpResponse {
    let mut response = HttpResponse::Ok();
    response.insert_header((header::CONTENT_TYPE, answer.content_type.as_str()));
    for (name, value) in &answer.headers {
        response.insert_header((HeaderName::from_static(name), value.as_str()));
    }
    response.body(answer.body.clone())
}

/// Answers a read from the cache, or runs `work` (on the blocking pool, like
/// [`AppState::db`]) and keeps what it rendered. Errors are never cached.
pub async fn cached<F>(state: &AppState, request: &HttpRequest, viewer: Viewer, work: F) -> AppResult<HttpResponse>
where
    F: FnOnce(&mut DbConnection) -> AppResult<Answer> + Send + 'static,
{
    let key = key(request, viewer);
    if !wants_fresh(request) {
        if let Some(answer) = state.cache.answer(&key) {
            return Ok(respond(&answer));
        }
    }
    // The epoch is taken before the database is read (see crate::cache).
    let (cache, epoch) = (state.cache.clone(), state.cache.epoch());
    let answer = state
        .db(move |conn| {
            let answer = Arc::new(work(conn)?);
            cache.put_answer(key, epoch, answer.clone());
            Ok(answer)
        })
        .await?;
    Ok(respond(&answer))
}

/// A rendered JSON answer.
pub fn json<T: serde::Serialize>(value: &T, headers: Vec<(&'static str, String)>) -> AppResult<Answer> {
    Ok(Answer {
        body: serde_json::to_vec(value)
            .map_err(crate::error::AppError::internal)?
            .into(),
        content_type: "application/json".into(),
        headers,
    })
}
