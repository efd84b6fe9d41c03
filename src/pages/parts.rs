//! Owns the part page (`/parts/{accession}`): every field, the map, the features table, the
//! sequence, twins, composites using it, strains carrying it, revisions with their changes, the
//! review thread, downloads — and the forms the visitor may use on it (edit, submit, review).

use actix_web::http::header;
use actix_web::{web, HttpRequest, HttpResponse};
use maud::{html, Markup};
use serde_json::Value;

use crate::db::types::{OrganizationId, UserId};
use crate::domain::curation::{self as workflow, Kind};
use crate::domain::formats::Format;
use crate::domain::ontology;
use crate::domain::parts::{self, Presented};
use crate::domain::strains::{self, Carrier};
use crate::domain::visibility;
use crate::error::AppError;
use crate::pages::curation::{self, Panels};
use crate::pages::i18n::{self, Msg};
use crate::pages::layout::{self, row};
use crate::pages::map::{self, MapFeature, MapHit, MapSpec};
use crate::pages::sequence::{self, Span};
use crate::pages::session::Visitor;
use crate::pages::{items, plain, text};
use crate::state::AppState;

/// Everything the part page shows, read in one go.
struct PartPage {
    part: Presented,
    twins: Vec<Presented>,
    used_in: Vec<Presented>,
    carriers: Vec<Carrier>,
    /// Whether each list has more than [`RELATED_SHOWN`] (twins, used-in, carriers).
    more: [bool; 3],
    panels: Panels,
}

/// A search hit to draw, from `?hit=<start>-<end>-<strand>`.
fn parse_hit(query: &str) -> Option<MapHit> {
    let value = url::form_urlencoded::parse(query.as_bytes())
        .find(|(k, _)| k == "hit")?
        .1;
    let mut pieces = value.split('-');
    let start = pieces.next()?.parse().ok()?;
    let end = pieces.next()?.parse().ok()?;
    let strand = match pieces.next() {
        Some("reverse") => -1,
        _ => 1,
    };
    Some(MapHit {
        start,
        end,
        strand,
        label: format!("{start}..{end}"),
    })
}

fn done(query: &str) -> Option<String> {
    url::form_urlencoded::parse(query.as_bytes())
        .find(|(k, _)| k == "done")
        .map(|(_, v)| v.into_owned())
}

/// `GET /parts/{accession}`
/// Twins, composites using the part and carrying strains shown on its page at most (each the
/// first page of its API list, which has the rest).
const RELATED_SHOWN: i64 = 50;

pub async fn part_page(state: web::Data<AppState>, visitor: Visitor, path: web::Path<String>) -> HttpResponse {
    let result = async {
        visitor.require_read()?;
        let reference = path.into_inner();
        let viewer = visitor.viewer();
        let page = state
            .db(move |conn| {
                let part = parts::get(conn, viewer, &reference)?;
                let (twins, more_twins) = parts::twins(conn, viewer, &reference, None, RELATED_SHOWN)?;
                let (used_in, more_used_in) = parts::used_in(conn, viewer, &reference, None, RELATED_SHOWN)?;
                let carriers = strains::carriers_of_part(conn, viewer, &reference, None, RELATED_SHOWN)?;
                let more = [
                    more_twins.is_some(),
                    more_used_in.is_some(),
                    carriers.next_cursor.is_some() || carriers.walk_truncated,
                ];
                let panels = curation::panels(conn, viewer, Kind::Part, &reference)?;
                Ok(PartPage {
                    part,
                    twins,
                    used_in,
                    carriers: carriers.carriers,
                    more,
                    panels,
                })
            })
            .await?;
        Ok(render(&visitor, &page))
    }
    .await;
    visitor.respond(result)
}

fn render(visitor: &Visitor, page: &PartPage) -> HttpResponse {
    let part = &page.part.body;
    let lang = visitor.lang;
    let accession = text(part, "accession");
    let name = text(part, "name");
    let length = part.get("length").and_then(Value::as_i64).unwrap_or(0);
    let circular = text(part, "topology") == "circular";
    let features = items(part, "features");
    let hit = parse_hit(&visitor.query);
    let drawn = map_features(part);
    let spans: Vec<Span> = drawn
        .iter()
        .map(|f| Span {
            start: f.start,
            end: f.end,
        })
        .collect();
    let hit_spans: Vec<Span> = hit
        .iter()
        .map(|h| Span {
            start: h.start,
            end: h.end,
        })
        .collect();
    let map_title = format!(
        "{accession} {name} ({length} bp, {})",
        i18n::value(lang, text(part, "topology"))
    );
    let spec = MapSpec {
        title: &map_title,
        length,
        circular,
        features: drawn,
        hits: hit.into_iter().collect(),
    };
    let state = text(part, "curation_state");
    let revision = page.part.revision;
    let withdrawn = text(part, "status") == "withdrawn";
    let body = html! {
        nav.breadcrumbs aria-label="breadcrumbs" { a href="/" { (visitor.t(Msg::NavSearch)) } " › " (visitor.t(Msg::SearchParts)) }
        h1 {
            span.accession data-testid="accession" { (accession) } " " (name)
        }
        p.badges {
            (layout::state_badge(lang, state))
            @if withdrawn { " " span.badge.state-withdrawn { (visitor.t(Msg::Withdrawn)) } }
            " " span.badge { (text(part, "molecule_type")) } " " span.badge { (i18n::value(lang, text(part, "topology"))) }
            " " span.badge { (length) " " (if text(part, "molecule_type") == "protein" { "aa" } else { "bp" }) }
        }
        (layout::notice(visitor, done(&visitor.query).as_deref()))
        @if !spec.hits.is_empty() { p.notice role="status" { (visitor.t(Msg::HitOnMap)) } }
        (actions(visitor, Kind::Part, part, revision))
        div.columns {
            section aria-labelledby="map-h" {
                h2 #map-h { (visitor.t(Msg::Map)) }
                figure.map { (map::render(&spec)) }
            }
            section aria-labelledby="details-h" {
                h2 #details-h { (visitor.t(Msg::Details)) }
                dl.fields { (fields(visitor, page)) }
                (layout::provenance(visitor, part))
                h3 { (visitor.t(Msg::Downloads)) }
                ul.downloads {
                    li { a href={ "/parts/" (accession) "/download/fasta" } download { "FASTA" } }
                    li { a href={ "/parts/" (accession) "/download/genbank" } download { "GenBank" } }
                    li { a href={ "/parts/" (accession) "/download/sbol3" } download { "SBOL3 (Turtle)" } }
                    li { a href={ "/api/v1/parts/" (accession) } { "JSON" } }
                }
            }
        }
        section aria-labelledby="features-h" {
            h2 #features-h { (visitor.t(Msg::Features)) " (" (features.len()) ")" }
            (feature_table(visitor, features))
        }
        @if !items(part, "components").is_empty() {
            section aria-labelledby="components-h" {
                h2 #components-h { (visitor.t(Msg::Components)) }
                table {
                    thead { tr { th scope="col" { "#" } th scope="col" { (visitor.t(Msg::Name)) } th scope="col" { (visitor.t(Msg::Start)) } th scope="col" { (visitor.t(Msg::End)) } th scope="col" { (visitor.t(Msg::Strand)) } } }
                    tbody {
                        @for c in items(part, "components") {
                            tr {
                                td { (plain(&c["position"])) }
                                td {
                                    @if let Some(acc) = c.pointer("/part/accession").and_then(Value::as_str) {
                                        a href={ "/parts/" (acc) } { (acc) } " " (c.pointer("/part/name").and_then(Value::as_str).unwrap_or(""))
                                    } @else {
                                        (text(c, "name")) " " code { (text(c, "linker")) }
                                    }
                                }
                                td { (plain(&c["start"])) } td { (plain(&c["end"])) } td { (i18n::value(lang, text(c, "orientation"))) }
                            }
                        }
                    }
                }
            }
        }
        section aria-labelledby="sequence-h" {
            h2 #sequence-h { (visitor.t(Msg::Sequence)) }
            p.muted { (visitor.t(Msg::SequenceLegend)) }
            (sequence::render(text(part, "sequence"), &spans, &hit_spans, visitor.t(Msg::SequenceTooLong), visitor.t(Msg::Sequence)))
        }
        div.columns {
            section aria-labelledby="twins-h" {
                h2 #twins-h { (visitor.t(Msg::Twins)) }
                (part_list(visitor, &page.twins))
                (related_cut(visitor, page.more[0], &format!("/api/v1/parts/{accession}/twins")))
                h2 { (visitor.t(Msg::UsedIn)) }
                (part_list(visitor, &page.used_in))
                (related_cut(visitor, page.more[1], &format!("/api/v1/parts/{accession}/used-in")))
            }
            section aria-labelledby="carriers-h" {
                h2 #carriers-h { (visitor.t(Msg::CarriedBy)) }
                @if page.carriers.is_empty() { p.muted { (visitor.t(Msg::None)) } } @else {
                    ul {
                        @for c in &page.carriers {
                            li {
                                a href={ "/strains/" (c.strain.accession) } { (c.strain.accession) } " " (c.strain.name)
                                " — " (i18n::value(lang, c.relation.as_str()))
                                @if c.path.len() > 1 {
                                    " (" (visitor.t(Msg::Via)) " "
                                    @for (i, p) in c.path.iter().enumerate() {
                                        @if i > 0 { " › " }
                                        a href={ "/parts/" (p.accession) } { (p.accession) }
                                    }
                                    ")"
                                }
                            }
                        }
                    }
                }
                (related_cut(visitor, page.more[2], &format!("/api/v1/parts/{accession}/strains")))
            }
        }
        (curation::render_panels(visitor, &page.panels))
    };
    layout::page(visitor, &format!("{accession} {name}"), body)
}

/// The features a map draws: all but INSDC `source` features, which describe the whole record
/// (organism, strain) rather than a region of it. Indices stay those of the features table.
/// Features drawn on a map and rows of the feature table at most. The map's layout is
/// O(n·(lanes + rows)) and the sequence panel marks every drawn feature, so a record with up to
/// `parts::input::MAX_FEATURES` features (a 20 Mbp genome) must not draw them all; the downloads
/// and the API hold the rest, and the page says they were cut.
pub const FEATURES_SHOWN: usize = 1_000;

/// The features a map draws: the first [`FEATURES_SHOWN`] of the record (`source` ones aside).
pub(crate) fn map_features(part: &Value) -> Vec<MapFeature<'_>> {
    items(part, "features")
        .iter()
        .take(FEATURES_SHOWN)
        .enumerate()
        .filter(|(_, f)| text(f, "key") != "source")
        .map(|(index, f)| MapFeature {
            index,
            label: feature_label(f),
            kind: f.pointer("/type/label").and_then(Value::as_str).unwrap_or(""),
            start: f.get("start").and_then(Value::as_i64).unwrap_or(1),
            end: f.get("end").and_then(Value::as_i64).unwrap_or(1),
            strand: f.get("strand").and_then(Value::as_i64).unwrap_or(0) as i8,
        })
        .collect()
}

/// What a feature is called on the map: its name, else the qualifier annotation tools use for
/// one (`label`, `gene`, `product`, `locus_tag`, `note`), else its type.
fn feature_label(feature: &Value) -> &str {
    if !text(feature, "name").is_empty() {
        return text(feature, "name");
    }
    ["label", "gene", "product", "locus_tag", "note"]
        .iter()
        .find_map(|key| {
            feature
                .pointer(&format!("/qualifiers/{key}/0"))
                .and_then(Value::as_str)
                .filter(|v| !v.trim().is_empty())
        })
        .or_else(|| feature.pointer("/type/label").and_then(Value::as_str))
        .unwrap_or("feature")
}

fn fields(visitor: &Visitor, page: &PartPage) -> Markup {
    let part = &page.part.body;
    let lang = visitor.lang;
    let user = |key: &str| -> String {
        part.pointer(&format!("/{key}/name"))
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string()
    };
    let role = part
        .get("role")
        .map(|r| format!("{} ({})", text(r, "label"), text(r, "id")));
    html! {
        (row(visitor.t(Msg::Accession), html! { (text(part, "accession")) }))
        (row(visitor.t(Msg::Name), html! { (text(part, "name")) }))
        (row(visitor.t(Msg::Aliases), html! { (plain(&part["aliases"])) }))
        (row(visitor.t(Msg::Role), html! { (role.unwrap_or_default()) }))
        (row(visitor.t(Msg::Description), html! { (text(part, "description")) }))
        (row(visitor.t(Msg::Tags), html! { @for t in items(part, "tags") { span.tag { (plain(t)) } " " } }))
        (row(visitor.t(Msg::Length), html! { (plain(&part["length"])) }))
        (row(visitor.t(Msg::GcContent), html! {
            @if let Some(gc) = part.get("gc_content").and_then(Value::as_f64) { (format!("{:.1} %", gc * 100.0)) }
        }))
        (row(visitor.t(Msg::Seqhash), html! { code.wrap { (text(part, "seqhash")) } }))
        (row(visitor.t(Msg::Hosts), html! {
            @for h in items(part, "hosts") { (text(h, "name")) @if let Some(t) = h.get("ncbi_taxid").filter(|t| !t.is_null()) { " (taxid " (plain(t)) ")" } br; }
        }))
        (row(visitor.t(Msg::References), html! {
            @for r in items(part, "references") { (reference(r)) br; }
        }))
        (row(visitor.t(Msg::License), html! { (text(part, "license")) }))
        (row(visitor.t(Msg::DerivedFrom), html! {
            @for p in items(part, "derived_from") { a href={ "/parts/" (text(p, "accession")) } { (text(p, "accession")) } " " }
        }))
        (row(visitor.t(Msg::SourceRecord), html! {
            @if let Some(source) = part.get("source").filter(|s| !s.is_null()) { (source_text(source)) }
        }))
        (row(visitor.t(Msg::DuplicateReason), html! { (text(part, "duplicate_reason")) }))
        (row(visitor.t(Msg::GenbankHeader), html! {
            @if let Some(header) = part.get("genbank").and_then(Value::as_object) {
                @for (key, value) in header.iter().filter(|(k, _)| *k != "annotation_blocks") {
                    code { (key) } " " (plain(value)) br;
                }
                @if let Some(blocks) = header.get("annotation_blocks").and_then(Value::as_array) {
                    details { summary { "REFERENCE / COMMENT (" (blocks.len()) ")" } pre.small { @for b in blocks { (plain(b)) "\n" } } }
                }
            }
        }))
        (row(visitor.t(Msg::Owner), html! { (part.pointer("/owner_org/name").and_then(Value::as_str).unwrap_or("")) }))
        (row(visitor.t(Msg::CreatedBy), html! { (user("created_by")) ", " (layout::time(text(part, "created_at"))) }))
        (row(visitor.t(Msg::UpdatedBy), html! { (user("updated_by")) ", " (layout::time(text(part, "updated_at"))) }))
        (row(visitor.t(Msg::Revision), html! { (page.part.revision) }))
        (row(visitor.t(Msg::CurationState), html! { (layout::state_badge(lang, text(part, "curation_state"))) }))
        (row(visitor.t(Msg::PublishedRevision), html! {
            @match part.get("published_revision").and_then(Value::as_i64) {
                Some(n) => (n),
                None => span.muted { (visitor.t(Msg::NotPublished)) },
            }
        }))
        (row(visitor.t(Msg::WithdrawalReason), html! { (text(part, "withdrawal_reason")) }))
    }
}

/// A literature reference as one line, linked when it has a DOI or PubMed id.
pub(crate) fn reference(r: &Value) -> Markup {
    html! {
        (text(r, "title"))
        @if !text(r, "doi").is_empty() { " " a href={ "https://doi.org/" (text(r, "doi")) } { "doi:" (text(r, "doi")) } }
        @if let Some(pmid) = r.get("pubmed_id").filter(|p| !p.is_null()) { " PMID " (plain(pmid)) }
        @if !text(r, "url").is_empty() { " " a href=(text(r, "url")) { (text(r, "url")) } }
    }
}

/// Where a record came from, as one line.
pub(crate) fn source_text(source: &Value) -> String {
    source
        .as_object()
        .map(|fields| {
            fields
                .iter()
                .filter(|(_, v)| !v.is_null())
                .map(|(k, v)| format!("{k}: {}", plain(v)))
                .collect::<Vec<_>>()
                .join("; ")
        })
        .unwrap_or_default()
}

fn feature_table(visitor: &Visitor, features: &[Value]) -> Markup {
    if features.is_empty() {
        return html! { p.muted { (visitor.t(Msg::NoFeatures)) } };
    }
    html! {
        @if features.len() > FEATURES_SHOWN { p.muted { (visitor.t(Msg::FeaturesCut)) } }
        div.scroll tabindex="0" role="region" aria-label=(visitor.t(Msg::Features)) {
            table.features {
                thead {
                    tr {
                        th scope="col" { "#" }
                        th scope="col" { (visitor.t(Msg::Name)) }
                        th scope="col" { (visitor.t(Msg::FeatureType)) }
                        th scope="col" { (visitor.t(Msg::Start)) }
                        th scope="col" { (visitor.t(Msg::End)) }
                        th scope="col" { (visitor.t(Msg::Strand)) }
                        th scope="col" { (visitor.t(Msg::Qualifiers)) }
                    }
                }
                tbody {
                    @for (i, f) in features.iter().take(FEATURES_SHOWN).enumerate() {
                        tr #{ "feature-" (i) } {
                            td { (i + 1) }
                            td { (text(f, "name")) @if f.get("from_component").and_then(Value::as_bool) == Some(true) { " " span.muted { "(" (visitor.t(Msg::FromComponent)) ")" } } }
                            @let type_label = f.pointer("/type/label").and_then(Value::as_str).unwrap_or("");
                            td { (type_label) @if !text(f, "key").is_empty() && text(f, "key") != type_label { " " span.muted { "[" (text(f, "key")) "]" } } }
                            td { (plain(&f["start"])) }
                            td { (plain(&f["end"])) @if !text(f, "location").is_empty() { br; code.small { (text(f, "location")) } } }
                            td { @match f.get("strand").and_then(Value::as_i64) { Some(1) => "+", Some(-1) => "−", _ => "·" } }
                            td.qualifiers {
                                @if let Some(q) = f.get("qualifiers").and_then(Value::as_object) {
                                    @for (k, v) in q.iter().take(6) { span { code { (k) } " " (truncate(&plain(v), 80)) } br; }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

fn truncate(value: &str, max: usize) -> String {
    if value.chars().count() <= max {
        value.to_string()
    } else {
        format!("{}…", value.chars().take(max).collect::<String>())
    }
}

/// The note under a related list cut at [`RELATED_SHOWN`], linking the API list that pages on.
fn related_cut(visitor: &Visitor, cut: bool, api: &str) -> Markup {
    html! {
        @if cut {
            p.muted { (visitor.t(Msg::RelatedCut).replace("{n}", &RELATED_SHOWN.to_string())) " " a href=(api) { (api) } }
        }
    }
}

fn part_list(visitor: &Visitor, parts: &[Presented]) -> Markup {
    html! {
        @if parts.is_empty() { p.muted { (visitor.t(Msg::None)) } } @else {
            ul { @for p in parts { li { a href={ "/parts/" (text(&p.body, "accession")) } { (text(&p.body, "accession")) } " " (text(&p.body, "name")) } } }
        }
    }
}

/// The forms the visitor may use on a record, as the domain would allow them: edit and submit
/// for its organisation's members while it is a draft or sent back; review for curators while it
/// is submitted, unless four eyes forbid it (then a note says why). The server checks each again.
pub(crate) fn actions(visitor: &Visitor, kind: Kind, record: &Value, revision: i32) -> Markup {
    let Some(principal) = &visitor.principal else {
        return html! {};
    };
    let state = text(record, "curation_state");
    let owner: Option<OrganizationId> = record
        .pointer("/owner_org/id")
        .and_then(|v| serde_json::from_value(v.clone()).ok());
    let user = |key: &str| -> Option<UserId> {
        record
            .pointer(&format!("/{key}/id"))
            .and_then(|v| serde_json::from_value(v.clone()).ok())
    };
    let may_change = owner.is_some_and(|o| visibility::may_change(principal, o));
    let editable = matches!(state, "draft" | "changes_requested" | "approved") && text(record, "status") != "withdrawn";
    let submittable = matches!(state, "draft" | "changes_requested");
    let base = format!("/{}s/{}", kind.name(), text(record, "accession"));
    let reviewable = state == "submitted" && visitor.is_curator();
    let four_eyes_ok = match (user("created_by"), user("updated_by")) {
        (Some(created), Some(updated)) => workflow::may_review(principal, created, updated),
        _ => false,
    };
    html! {
        @if may_change && submittable {
            section.panel aria-labelledby="submit-h" {
                h2 #submit-h { (visitor.t(Msg::SubmitForReview)) }
                p.muted { (visitor.t(Msg::SubmitHelp)) }
                form.stack method="post" action={ (base) "/submit" } {
                    input type="hidden" name="csrf" value=(visitor.csrf_token());
                    input type="hidden" name="revision" value=(revision);
                    label for="submit-comment" { (visitor.t(Msg::Comment)) }
                    textarea #submit-comment name="comment" rows="2" {}
                    button type="submit" data-testid="submit-for-review" { (visitor.t(Msg::SubmitForReview)) }
                }
            }
        }
        @if may_change && editable {
            details.panel {
                summary { (visitor.t(Msg::EditRecord)) }
                @match kind {
                    Kind::Part => (edit_form(visitor, record, revision)),
                    Kind::Strain => (crate::pages::strains::edit_form(visitor, record, revision)),
                }
            }
        }
        @if visitor.is_curator() && state == "approved" {
            (curation::withdraw_form(visitor, &base, revision))
        }
        @if reviewable {
            @if four_eyes_ok {
                (curation::review_form(visitor, &base, revision))
            } @else {
                p.notice role="note" data-testid="four-eyes" { (visitor.t(Msg::FourEyes)) }
            }
        }
    }
}

fn edit_form(visitor: &Visitor, part: &Value, revision: i32) -> Markup {
    let joined = |key: &str| items(part, key).iter().map(plain).collect::<Vec<_>>().join(", ");
    html! {
        p.muted { (visitor.t(Msg::EditHelp)) }
        form.stack method="post" action={ "/parts/" (text(part, "accession")) "/edit" } {
            input type="hidden" name="csrf" value=(visitor.csrf_token());
            input type="hidden" name="revision" value=(revision);
            label for="edit-name" { (visitor.t(Msg::Name)) }
            input #edit-name name="name" required value=(text(part, "name"));
            label for="edit-role" { (visitor.t(Msg::Role)) }
            input #edit-role name="role" list="so-terms" required value=(part.pointer("/role/label").and_then(Value::as_str).unwrap_or(""));
            (role_options())
            label for="edit-description" { (visitor.t(Msg::Description)) }
            textarea #edit-description name="description" rows="4" { (text(part, "description")) }
            label for="edit-aliases" { (visitor.t(Msg::Aliases)) }
            input #edit-aliases name="aliases" value=(joined("aliases"));
            label for="edit-tags" { (visitor.t(Msg::Tags)) }
            input #edit-tags name="tags" value=(joined("tags"));
            label for="edit-license" { (visitor.t(Msg::License)) }
            input #edit-license name="license" value=(text(part, "license"));
            label for="edit-comment" { (visitor.t(Msg::Comment)) }
            input #edit-comment name="comment";
            button type="submit" data-testid="save-edit" { (visitor.t(Msg::SaveChanges)) }
        }
    }
}

/// The Sequence Ontology terms a role field suggests.
pub(crate) fn role_options() -> Markup {
    html! {
        datalist #so-terms {
            @for term in ontology::terms() { option value=(term.label) { (term.id) } }
        }
    }
}

/// `POST /parts/{accession}/edit`: the edit form as a merge patch, based on the revision shown.
pub async fn edit_part(
    state: web::Data<AppState>,
    visitor: Visitor,
    path: web::Path<String>,
    req: HttpRequest,
    payload: web::Payload,
) -> HttpResponse {
    let result = async {
        let form = visitor.form(&req, payload, state.settings.max_body_bytes).await?;
        let principal = visitor.require_principal()?.clone();
        let reference = path.into_inner();
        let if_match = parts::etag(form.text("revision").parse().unwrap_or(0));
        let patch = serde_json::json!({
            "name": form.text("name"),
            "role": form.text("role"),
            "description": form.text("description"),
            "aliases": form.list("aliases"),
            "tags": form.list("tags"),
            "license": form.optional("license"),
        });
        let comment = form.optional("comment");
        let rules = state.settings.part_rules();
        let part = state
            .db_write(move |conn| {
                parts::update(
                    conn,
                    &principal,
                    &reference,
                    patch,
                    Some(&if_match),
                    &rules,
                    comment.as_deref(),
                )
            })
            .await?;
        Ok(visitor.redirect(&format!("/parts/{}?done=saved", part.accession)))
    }
    .await;
    visitor.respond(result)
}

/// `GET /parts/{accession}/download/{format}`: FASTA, GenBank or SBOL3 of what the visitor may see.
pub async fn download_part(
    state: web::Data<AppState>,
    visitor: Visitor,
    path: web::Path<(String, String)>,
) -> HttpResponse {
    let result = async {
        visitor.require_read()?;
        let (reference, format) = path.into_inner();
        let format = match format.as_str() {
            "fasta" => Format::Fasta,
            "genbank" => Format::Genbank,
            "sbol3" => Format::Sbol3,
            other => {
                return Err(AppError::not_found(format!(
                    "no download `{other}`; there are fasta, genbank and sbol3"
                )))
            }
        };
        let viewer = visitor.viewer();
        let part = state.db(move |conn| parts::get(conn, viewer, &reference)).await?;
        let accession = text(&part.body, "accession").to_string();
        let body = format.write(
            std::slice::from_ref(&part.body),
            true,
            &state.settings.sbol3_namespace(),
        )?;
        Ok(HttpResponse::Ok()
            .insert_header((header::CONTENT_TYPE, format.media_type()))
            .insert_header((
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{accession}.{}\"", format.extension()),
            ))
            .body(body))
    }
    .await;
    visitor.respond(result)
}
