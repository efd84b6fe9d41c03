//! Owns the home page (`/`): text search of parts and strains with the list filters (a GET form,
//! so results can be bookmarked), and sequence search (a POST form: sequences are too long for an
//! address), whose hits are drawn on their parts' maps.

use actix_web::{web, HttpRequest, HttpResponse};
use maud::{html, Markup};
use serde::Deserialize;
use serde_json::Value;

use crate::db::parts::PartFilter;
use crate::domain::parts::{self, PartListRequest, Presented};
use crate::domain::search::{self, SearchMode, SequenceQuery, SequenceSearchResults, Strands};
use crate::domain::strains::{self, input::OrganismType};
use crate::error::{AppError, AppResult};
use crate::fair::CancelOnDrop;
use crate::http::extract::parse_query;
use crate::http::parts::PartFilters;
use crate::http::strains::StrainFilters;
use crate::pages::i18n::{self, Msg};
use crate::pages::layout;
use crate::pages::map::{self, MapHit, MapSpec};
use crate::pages::parts::{map_features, role_options};
use crate::pages::session::Visitor;
use crate::pages::{items, text};
use crate::seq::{MoleculeType, Topology};
use crate::state::AppState;

/// Results per page.
const PAGE: i64 = 50;
/// Hits whose part map is drawn beside the hit table.
const MAPPED_HITS: usize = 5;

/// The query of the search form; blank fields are dropped before reading it.
#[derive(Debug, Default, Deserialize)]
struct SearchParams {
    tab: Option<String>,
    q: Option<String>,
    role: Option<String>,
    molecule_type: Option<MoleculeType>,
    topology: Option<Topology>,
    tag: Option<String>,
    owner_org: Option<String>,
    length_min: Option<i64>,
    length_max: Option<i64>,
    organism_type: Option<OrganismType>,
    risk_group: Option<i32>,
    ncbi_taxid: Option<i64>,
    cursor: Option<String>,
    #[allow(dead_code)]
    lang: Option<String>,
    #[allow(dead_code)]
    done: Option<String>,
}

impl SearchParams {
    fn searched(&self) -> bool {
        self.q.is_some()
            || self.role.is_some()
            || self.molecule_type.is_some()
            || self.topology.is_some()
            || self.tag.is_some()
            || self.owner_org.is_some()
            || self.length_min.is_some()
            || self.length_max.is_some()
            || self.organism_type.is_some()
            || self.risk_group.is_some()
            || self.ncbi_taxid.is_some()
    }

    fn strains(&self) -> bool {
        self.tab.as_deref() == Some("strains")
    }
}

/// The query string without blank values, so an untouched filter means "any".
fn non_blank(query: &str) -> String {
    let mut out = url::form_urlencoded::Serializer::new(String::new());
    for (k, v) in url::form_urlencoded::parse(query.as_bytes()) {
        if !v.trim().is_empty() {
            out.append_pair(&k, v.trim());
        }
    }
    out.finish()
}

enum Found {
    Nothing,
    Parts(Vec<Presented>, Option<String>),
    Strains(Vec<strains::Presented>, Option<String>),
}

/// `GET /`
pub async fn search_page(state: web::Data<AppState>, visitor: Visitor) -> HttpResponse {
    let result = async {
        let params: SearchParams = parse_query(&non_blank(&visitor.query))?;
        let found = if params.searched() || params.cursor.is_some() {
            visitor.require_read()?;
            find(&state, &visitor, &params).await?
        } else {
            Found::Nothing
        };
        Ok(page(&visitor, &params, &found, None, None))
    }
    .await;
    visitor.respond(result)
}

async fn find(state: &web::Data<AppState>, visitor: &Visitor, params: &SearchParams) -> AppResult<Found> {
    let viewer = visitor.viewer();
    let cursor = params.cursor.clone();
    if params.strains() {
        let filters = StrainFilters {
            q: params.q.clone(),
            ncbi_taxid: params.ncbi_taxid,
            organism_type: params.organism_type,
            risk_group: params.risk_group,
            carries_part: None,
            has_samples: None,
            tag: params.tag.clone(),
            owner_org: params.owner_org.clone(),
            include_withdrawn: None,
            ..StrainFilters::default()
        };
        let (items, next) = state
            .db(move |conn| {
                let filter = filters.resolve(conn)?;
                strains::list(conn, viewer, &filter, cursor.as_deref(), PAGE, false)
            })
            .await?;
        return Ok(Found::Strains(items, next));
    }
    let filters = PartFilters {
        q: params.q.clone(),
        role: params.role.clone(),
        molecule_type: params.molecule_type,
        topology: params.topology,
        host_taxid: None,
        tag: params.tag.clone(),
        owner_org: params.owner_org.clone(),
        length_min: params.length_min,
        length_max: params.length_max,
        created_after: None,
        created_before: None,
    };
    let (items, next) = state
        .db(move |conn| {
            // Best matches first when searching text, else by accession.
            let filter = filters.resolve(conn)?;
            let sort = if filter.text.is_some() {
                "relevance"
            } else {
                "accession"
            };
            let (order, descending) = parts::parse_sort(Some(sort), filter.text.is_some())?;
            let request = PartListRequest {
                filter,
                order,
                descending,
                cursor,
                limit: PAGE,
                with_sequence: false,
                record: false,
            };
            parts::list(conn, viewer, &request)
        })
        .await?;
    Ok(Found::Parts(items, next))
}

/// What the sequence form asked, kept to show the form again.
#[derive(Debug, Default)]
struct SequenceAsked {
    sequence: String,
    mode: String,
    max_differences: String,
    min_identity: String,
    strands: String,
}

/// `POST /`: sequence search.
pub async fn search_sequence(
    state: web::Data<AppState>,
    visitor: Visitor,
    req: HttpRequest,
    payload: web::Payload,
) -> HttpResponse {
    let mut asked = SequenceAsked::default();
    let result: AppResult<(SequenceSearchResults, Vec<Presented>)> = async {
        let form = visitor.form(&req, payload, state.settings.max_body_bytes).await?;
        visitor.require_read()?;
        asked = SequenceAsked {
            sequence: form.text("sequence").to_string(),
            mode: form.text("mode").to_string(),
            max_differences: form.text("max_differences").to_string(),
            min_identity: form.text("min_identity").to_string(),
            strands: form.text("strands").to_string(),
        };
        let sequence = strip_fasta(&asked.sequence);
        let mode: SearchMode = serde_json::from_value(Value::String(asked.mode.clone()))
            .map_err(|_| AppError::invalid_field("mode", "choose exact, approximate or similarity"))?;
        let strands: Strands = match asked.strands.as_str() {
            "" => Strands::Both,
            other => serde_json::from_value(Value::String(other.into()))
                .map_err(|_| AppError::invalid_field("strands", "choose both, forward or reverse"))?,
        };
        let max_differences = number(&asked.max_differences, "max_differences")?;
        let min_identity = number(&asked.min_identity, "min_identity")?;
        let viewer = visitor.viewer();
        let index = state.search.clone();
        let user = visitor.principal.as_ref().map(|p| p.user.id);
        let limits = state.settings.search_limits_for(user.is_none());
        let permit = state.pools.search.enter(state.caller_key(user, &req)).await?;
        let cancel = CancelOnDrop::watching(&req);
        let cancelled = cancel.flag();
        let (results, maps) = state
            .db(move |conn| {
                let _permit = permit;
                let query = SequenceQuery {
                    sequence,
                    mode,
                    max_differences,
                    min_identity,
                    min_aligned_length: None,
                    max_evalue: None,
                    molecule_type: MoleculeType::Dna,
                    strands,
                    limit: 100,
                    include_alignment: false,
                    filter: PartFilter::default(),
                };
                let results = search::search(conn, &index, viewer, &query, &limits, Some(cancelled))?;
                let mut maps: Vec<Presented> = Vec::new();
                for hit in &results.hits {
                    if maps.len() == MAPPED_HITS {
                        break;
                    }
                    if !maps.iter().any(|m| text(&m.body, "accession") == hit.part.accession) {
                        maps.push(parts::get(conn, viewer, &hit.part.accession)?);
                    }
                }
                Ok((results, maps))
            })
            .await?;
        drop(cancel);
        Ok((results, maps))
    }
    .await;
    let response = match result {
        Ok((results, maps)) => Ok(page(
            &visitor,
            &SearchParams::default(),
            &Found::Nothing,
            Some(&asked),
            Some((&results, &maps)),
        )),
        Err(error) if error.status.is_client_error() && error.status.as_u16() != 403 => {
            let body = page_body(
                &visitor,
                &SearchParams::default(),
                &Found::Nothing,
                Some(&asked),
                None,
                Some(&error),
            );
            Ok(layout::page_with_status(
                &visitor,
                error.status,
                visitor.t(Msg::SearchTitle),
                body,
            ))
        }
        Err(error) => Err(error),
    };
    visitor.respond(response)
}

/// A number field: `None` when blank, 422 naming the field when not a number.
fn number<T: std::str::FromStr>(value: &str, field: &str) -> AppResult<Option<T>> {
    if value.is_empty() {
        return Ok(None);
    }
    value
        .parse()
        .map(Some)
        .map_err(|_| AppError::invalid_field(field, format!("`{value}` is not a number")))
}

/// A pasted sequence without FASTA header lines.
fn strip_fasta(text: &str) -> String {
    text.lines()
        .filter(|l| !l.trim_start().starts_with('>'))
        .collect::<Vec<_>>()
        .join("")
}

type Hits<'a> = (&'a SequenceSearchResults, &'a [Presented]);

fn page(
    visitor: &Visitor,
    params: &SearchParams,
    found: &Found,
    asked: Option<&SequenceAsked>,
    hits: Option<Hits<'_>>,
) -> HttpResponse {
    let body = page_body(visitor, params, found, asked, hits, None);
    layout::page(visitor, visitor.t(Msg::SearchTitle), body)
}

fn page_body(
    visitor: &Visitor,
    params: &SearchParams,
    found: &Found,
    asked: Option<&SequenceAsked>,
    hits: Option<Hits<'_>>,
    error: Option<&AppError>,
) -> Markup {
    html! {
        h1 { (visitor.t(Msg::SearchTitle)) }
        div.columns {
            (text_form(visitor, params))
            (sequence_form(visitor, asked))
        }
        @if let Some(error) = error { (layout::problems(visitor, error)) }
        @match found {
            Found::Parts(items, next) => (part_results(visitor, items, next.as_deref())),
            Found::Strains(items, next) => (strain_results(visitor, items, next.as_deref())),
            Found::Nothing => {},
        }
        @if let Some((results, maps)) = hits { (hit_results(visitor, results, maps)) }
    }
}

fn text_form(visitor: &Visitor, params: &SearchParams) -> Markup {
    let lang = visitor.lang;
    let strains = params.strains();
    let value = |v: &Option<String>| v.clone().unwrap_or_default();
    let number = |v: Option<i64>| v.map(|n| n.to_string()).unwrap_or_default();
    html! {
        section.panel aria-labelledby="text-search-h" {
            h2 #text-search-h { (visitor.t(Msg::Search)) }
            form.stack method="get" action="/" role="search" {
                fieldset.tabs {
                    legend.visually-hidden { (visitor.t(Msg::Kind)) }
                    label.choice { input type="radio" name="tab" value="parts" checked[!strains]; " " (visitor.t(Msg::SearchParts)) }
                    label.choice { input type="radio" name="tab" value="strains" checked[strains]; " " (visitor.t(Msg::SearchStrains)) }
                }
                label for="q" { (visitor.t(Msg::TextQuery)) }
                input #q type="search" name="q" value=(value(&params.q)) data-testid="text-query";
                details open[params.searched() && (params.role.is_some() || params.tag.is_some() || params.molecule_type.is_some() || params.topology.is_some() || params.organism_type.is_some())] {
                    summary { (visitor.t(Msg::Filters)) }
                    div.grid {
                        div {
                            label for="role" { (visitor.t(Msg::Role)) " (" (visitor.t(Msg::SearchParts)) ")" }
                            input #role name="role" list="so-terms" value=(value(&params.role));
                            (role_options())
                        }
                        div {
                            label for="molecule_type" { (visitor.t(Msg::MoleculeType)) }
                            select #molecule_type name="molecule_type" {
                                option value="" { (visitor.t(Msg::Any)) }
                                @for m in [MoleculeType::Dna, MoleculeType::Rna, MoleculeType::Protein] {
                                    option value=(m.as_str()) selected[params.molecule_type == Some(m)] { (m.as_str()) }
                                }
                            }
                        }
                        div {
                            label for="topology" { (visitor.t(Msg::Topology)) }
                            select #topology name="topology" {
                                option value="" { (visitor.t(Msg::Any)) }
                                @for t in [Topology::Linear, Topology::Circular] {
                                    option value=(t.as_str()) selected[params.topology == Some(t)] { (i18n::value(lang, t.as_str())) }
                                }
                            }
                        }
                        div {
                            label for="tag" { (visitor.t(Msg::Tag)) }
                            input #tag name="tag" value=(value(&params.tag));
                        }
                        div {
                            label for="owner_org" { (visitor.t(Msg::Organisation)) }
                            input #owner_org name="owner_org" value=(value(&params.owner_org));
                        }
                        div {
                            label for="length_min" { (visitor.t(Msg::LengthMin)) }
                            input #length_min type="number" min="0" name="length_min" value=(number(params.length_min));
                        }
                        div {
                            label for="length_max" { (visitor.t(Msg::LengthMax)) }
                            input #length_max type="number" min="0" name="length_max" value=(number(params.length_max));
                        }
                        div {
                            label for="organism_type" { (visitor.t(Msg::OrganismType)) " (" (visitor.t(Msg::SearchStrains)) ")" }
                            select #organism_type name="organism_type" {
                                option value="" { (visitor.t(Msg::Any)) }
                                @for o in ["bacteria", "archaea", "fungi", "yeast", "algae", "protist", "other"] {
                                    option value=(o) selected[params.organism_type.map(|t| t.as_str()) == Some(o)] { (i18n::value(lang, o)) }
                                }
                            }
                        }
                        div {
                            label for="risk_group" { (visitor.t(Msg::RiskGroup)) }
                            input #risk_group type="number" min="1" max="4" name="risk_group" value=(params.risk_group.map(|r| r.to_string()).unwrap_or_default());
                        }
                    }
                }
                button type="submit" data-testid="text-search" { (visitor.t(Msg::Search)) }
            }
        }
    }
}

fn sequence_form(visitor: &Visitor, asked: Option<&SequenceAsked>) -> Markup {
    let asked_mode = asked.map(|a| a.mode.as_str()).unwrap_or("exact");
    let asked_strands = asked.map(|a| a.strands.as_str()).unwrap_or("both");
    html! {
        section.panel aria-labelledby="sequence-search-h" {
            h2 #sequence-search-h { (visitor.t(Msg::SearchSequence)) }
            form.stack method="post" action="/" {
                input type="hidden" name="csrf" value=(visitor.csrf_token());
                label for="sequence" { (visitor.t(Msg::SequenceToFind)) }
                textarea #sequence name="sequence" rows="4" required spellcheck="false" data-testid="sequence-query" {
                    (asked.map(|a| a.sequence.as_str()).unwrap_or(""))
                }
                div.grid {
                    div {
                        label for="mode" { (visitor.t(Msg::Mode)) }
                        select #mode name="mode" {
                            @for (value, label) in [("exact", Msg::ModeExact), ("approximate", Msg::ModeApproximate), ("similarity", Msg::ModeSimilarity)] {
                                option value=(value) selected[asked_mode == value] { (visitor.t(label)) }
                            }
                        }
                    }
                    div {
                        label for="strands" { (visitor.t(Msg::Strands)) }
                        select #strands name="strands" {
                            @for (value, label) in [("both", Msg::StrandsBoth), ("forward", Msg::StrandsForward), ("reverse", Msg::StrandsReverse)] {
                                option value=(value) selected[asked_strands == value] { (visitor.t(label)) }
                            }
                        }
                    }
                    div {
                        label for="max_differences" { (visitor.t(Msg::MaxDifferences)) }
                        input #max_differences type="number" min="0" name="max_differences" value=(asked.map(|a| a.max_differences.as_str()).unwrap_or(""));
                    }
                    div {
                        label for="min_identity" { (visitor.t(Msg::MinIdentity)) }
                        input #min_identity type="number" min="0" max="1" step="0.01" name="min_identity" value=(asked.map(|a| a.min_identity.as_str()).unwrap_or(""));
                    }
                }
                button type="submit" data-testid="sequence-search" { (visitor.t(Msg::Search)) }
            }
        }
    }
}

fn next_link(visitor: &Visitor, next: Option<&str>) -> Markup {
    let Some(cursor) = next else { return html! {} };
    let mut query = url::form_urlencoded::Serializer::new(String::new());
    for (k, v) in url::form_urlencoded::parse(visitor.query.as_bytes()) {
        if k != "cursor" {
            query.append_pair(&k, &v);
        }
    }
    query.append_pair("cursor", cursor);
    html! { p { a rel="next" href={ "/?" (query.finish()) } { (visitor.t(Msg::NextPage)) " →" } } }
}

fn part_results(visitor: &Visitor, found: &[Presented], next: Option<&str>) -> Markup {
    let lang = visitor.lang;
    html! {
        section aria-labelledby="results-h" {
            h2 #results-h { (visitor.t(Msg::Results)) " · " (visitor.t(Msg::SearchParts)) }
            @if found.is_empty() { p data-testid="no-results" { (visitor.t(Msg::NoResults)) } } @else {
                div.scroll tabindex="0" role="region" aria-label=(visitor.t(Msg::Results)) {
                    table data-testid="part-results" {
                        thead { tr {
                            th scope="col" { (visitor.t(Msg::Accession)) } th scope="col" { (visitor.t(Msg::Name)) }
                            th scope="col" { (visitor.t(Msg::Role)) } th scope="col" { (visitor.t(Msg::Length)) }
                            th scope="col" { (visitor.t(Msg::Topology)) } th scope="col" { (visitor.t(Msg::CurationState)) }
                            th scope="col" { (visitor.t(Msg::Owner)) }
                        } }
                        tbody {
                            @for p in found {
                                @let part = &p.body;
                                tr {
                                    td { a href={ "/parts/" (text(part, "accession")) } { (text(part, "accession")) } }
                                    td { (text(part, "name")) }
                                    td { (part.pointer("/role/label").and_then(Value::as_str).unwrap_or("")) }
                                    td.num { (part.get("length").and_then(Value::as_i64).unwrap_or(0)) }
                                    td { (i18n::value(lang, text(part, "topology"))) }
                                    td { (layout::state_badge(lang, text(part, "curation_state"))) }
                                    td { (part.pointer("/owner_org/name").and_then(Value::as_str).unwrap_or("")) }
                                }
                            }
                        }
                    }
                }
                (next_link(visitor, next))
            }
        }
    }
}

fn strain_results(visitor: &Visitor, found: &[strains::Presented], next: Option<&str>) -> Markup {
    let lang = visitor.lang;
    html! {
        section aria-labelledby="results-h" {
            h2 #results-h { (visitor.t(Msg::Results)) " · " (visitor.t(Msg::SearchStrains)) }
            @if found.is_empty() { p data-testid="no-results" { (visitor.t(Msg::NoResults)) } } @else {
                div.scroll tabindex="0" role="region" aria-label=(visitor.t(Msg::Results)) {
                    table data-testid="strain-results" {
                        thead { tr {
                            th scope="col" { (visitor.t(Msg::Accession)) } th scope="col" { (visitor.t(Msg::Name)) }
                            th scope="col" { (visitor.t(Msg::Taxon)) } th scope="col" { (visitor.t(Msg::OrganismType)) }
                            th scope="col" { (visitor.t(Msg::CollectionNumbers)) } th scope="col" { (visitor.t(Msg::CurationState)) }
                        } }
                        tbody {
                            @for s in found {
                                @let strain = &s.body;
                                tr {
                                    td { a href={ "/strains/" (text(strain, "accession")) } { (text(strain, "accession")) } }
                                    td { (text(strain, "name")) }
                                    td { i { (strain.pointer("/taxon/name").and_then(Value::as_str).unwrap_or("")) } }
                                    td { (i18n::value(lang, text(strain, "organism_type"))) }
                                    td { @for c in items(strain, "other_collection_numbers") { (text(c, "display")) " " } }
                                    td { (layout::state_badge(lang, text(strain, "curation_state"))) }
                                }
                            }
                        }
                    }
                }
                (next_link(visitor, next))
            }
        }
    }
}

fn hit_results(visitor: &Visitor, results: &SequenceSearchResults, maps: &[Presented]) -> Markup {
    let lang = visitor.lang;
    html! {
        section aria-labelledby="hits-h" {
            h2 #hits-h { (visitor.t(Msg::Hits)) " (" (results.hits.len()) ") · " (i18n::value(lang, results.mode.as_str())) ", " (visitor.t(Msg::QueryLength)) " " (results.query_length) }
            @if results.truncated { p.muted { (visitor.t(Msg::HitsTruncated)) } }
            @if results.hits.is_empty() { p data-testid="no-results" { (visitor.t(Msg::NoResults)) } } @else {
                div.scroll tabindex="0" role="region" aria-label=(visitor.t(Msg::Hits)) {
                    table data-testid="sequence-hits" {
                        thead { tr {
                            th scope="col" { (visitor.t(Msg::Accession)) } th scope="col" { (visitor.t(Msg::Name)) }
                            th scope="col" { (visitor.t(Msg::Position)) } th scope="col" { (visitor.t(Msg::Strand)) }
                            th scope="col" { (visitor.t(Msg::Identity)) } th scope="col" { (visitor.t(Msg::Differences)) }
                        } }
                        tbody {
                            @for hit in &results.hits {
                                tr {
                                    td { a href={ "/parts/" (hit.part.accession) "?hit=" (hit.start) "-" (hit.end) "-" (hit.strand) } { (hit.part.accession) } }
                                    td { (hit.part.name) }
                                    td.num { (hit.start) "‥" (hit.end) }
                                    td { (i18n::value(lang, &hit.strand)) }
                                    td.num { (format!("{:.1} %", hit.identity * 100.0)) }
                                    td.num { (hit.differences) }
                                }
                            }
                        }
                    }
                }
                div.hit-maps {
                    @for part in maps {
                        @let body = &part.body;
                        @let accession = text(body, "accession");
                        @let title = format!("{} {}", accession, text(body, "name"));
                        @let spec = MapSpec {
                            title: &title,
                            length: body.get("length").and_then(Value::as_i64).unwrap_or(0),
                            circular: text(body, "topology") == "circular",
                            features: map_features(body),
                            hits: results.hits.iter().filter(|h| h.part.accession == accession).map(|h| MapHit {
                                start: i64::from(h.start),
                                end: i64::from(h.end),
                                strand: if h.strand == "reverse" { -1 } else { 1 },
                                label: format!("{}..{}", h.start, h.end),
                            }).collect(),
                        };
                        figure.map.small data-testid="hit-map" {
                            (map::render(&spec))
                            figcaption { a href={ "/parts/" (accession) } { (title) } }
                        }
                    }
                }
            }
        }
    }
}
