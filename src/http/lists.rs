//! Owns the one shape of every list the API answers: `{"items": [...], "next_cursor": "..."}`,
//! read a page at a time with `limit` (1-500, default 100) and `cursor` (the previous page's
//! `next_cursor`, sealed by [`crate::domain::cursor::seal`] so that it is opaque and belongs to
//! one list). The next page is also named by a `Link: <…>; rel="next"` header (RFC 8288) for
//! clients that follow links. Each list has its own page type, so that the OpenAPI document (and
//! clients generated from it) names the items' type.

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse};
use serde::{Deserialize, Serialize};
use utoipa::IntoParams;

use crate::domain::cursor;
use crate::error::AppResult;
use crate::http::extract::page_limit;

/// `?limit=&cursor=` of a list that has no other parameters.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct PageParams {
    /// Page size, 1-500 (default 100).
    #[param(minimum = 1, maximum = 500)]
    pub limit: Option<u32>,
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

impl PageParams {
    /// The page size and the position in `list` to continue after (422 on a bad value).
    pub fn read(&self, list: &str) -> AppResult<(i64, Option<String>)> {
        Ok((page_limit(self.limit)?, cursor::open_opt(list, self.cursor.as_deref())?))
    }
}

/// A page of `items` with the position after its last item in `list` when more follow: the JSON
/// `{items, next_cursor}` with the sealed cursor, and the same page named in a `Link` header.
pub fn page<T: Serialize>(
    request: &HttpRequest,
    list: &str,
    items: Vec<T>,
    limit: i64,
    next: Option<String>,
) -> HttpResponse {
    let next_cursor = next.map(|position| cursor::seal(list, &position));
    let mut response = HttpResponse::Ok();
    if let Some(next) = &next_cursor {
        // The request's own query with `cursor` replaced: the next page of the same filters.
        let mut query = url::form_urlencoded::Serializer::new(String::new());
        for (name, value) in url::form_urlencoded::parse(request.query_string().as_bytes()) {
            if name != "cursor" && name != "limit" {
                query.append_pair(&name, &value);
            }
        }
        let query = query
            .append_pair("limit", &limit.to_string())
            .append_pair("cursor", next)
            .finish();
        response.insert_header((header::LINK, format!("<{}?{query}>; rel=\"next\"", request.path())));
    }
    response.json(Page { items, next_cursor })
}

/// The wire shape of every list (each list's documented page type has these two fields).
#[derive(Serialize)]
struct Page<T> {
    items: Vec<T>,
    next_cursor: Option<String>,
}

/// Declares the documented page type of a list of `$item`.
macro_rules! page_type {
    ($(#[$meta:meta])* $name:ident, $item:ty) => {
        $(#[$meta])*
        #[derive(Debug, serde::Serialize, utoipa::ToSchema)]
        pub struct $name {
            pub items: Vec<$item>,
            /// Pass as `cursor` for the next page; absent on the last page.
            pub next_cursor: Option<String>,
        }
    };
}
pub(crate) use page_type;
