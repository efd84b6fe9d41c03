//! Owns the strain page (`/strains/{accession}`): every field, the lineage graph (ancestors and
//! descendants with typed edges), carried parts and plasmids, samples and where they are kept,
//! revisions and the review thread — and the submit and review forms where they apply.

use std::collections::{HashMap, HashSet};

use actix_web::{web, HttpRequest, HttpResponse};
use maud::{html, Markup};
use serde_json::Value;

use crate::domain::curation::Kind;
use crate::domain::parts;
use crate::domain::strains::lineage::Direction;
use crate::domain::strains::view::SampleView;
use crate::domain::strains::{self, Lineage, Presented};
use crate::domain::visibility;
use crate::pages::curation::{self, Panels};
use crate::pages::i18n::{self, Msg};
use crate::pages::layout::{self, row};
use crate::pages::lineage_graph::{self, GraphEdge, GraphNode};
use crate::pages::parts::{actions, reference, source_text};
use crate::pages::session::Visitor;
use crate::pages::submit;
use crate::pages::{items, plain, text};
use crate::state::AppState;

/// Samples listed on a strain's page (the API pages through all of them).
const SAMPLES_SHOWN: i64 = 500;

/// Generations drawn each way.
const LINEAGE_DEPTH: u32 = 6;

struct StrainPage {
    strain: Presented,
    ancestors: Lineage,
    descendants: Lineage,
    samples: Vec<SampleView>,
    /// More live samples than [`SAMPLES_SHOWN`] (the count then reads "500+").
    more_samples: bool,
    panels: Panels,
}

/// `GET /strains/{accession}`
pub async fn strain_page(state: web::Data<AppState>, visitor: Visitor, path: web::Path<String>) -> HttpResponse {
    let result = async {
        visitor.require_read()?;
        let reference = path.into_inner();
        let viewer = visitor.viewer();
        let page = state
            .db(move |conn| {
                let strain = strains::get(conn, viewer, &reference)?;
                let ancestors = strains::lineage(conn, viewer, &reference, Direction::Ancestors, LINEAGE_DEPTH)?;
                let descendants = strains::lineage(conn, viewer, &reference, Direction::Descendants, LINEAGE_DEPTH)?;
                let (samples, more_samples) = strains::samples(conn, viewer, &reference, false, None, SAMPLES_SHOWN)?;
                let panels = curation::panels(conn, viewer, Kind::Strain, &reference)?;
                Ok(StrainPage {
                    strain,
                    ancestors,
                    descendants,
                    samples,
                    more_samples: more_samples.is_some(),
                    panels,
                })
            })
            .await?;
        Ok(render(&visitor, &page))
    }
    .await;
    visitor.respond(result)
}

/// Strains drawn per generation; a wider generation is cut to this many, taken in turn from each
/// parent so every branch shows, and the cut is said under the graph (the lists below are whole).
const DRAWN_PER_GENERATION: usize = 12;

/// The lineage as one graph: ancestors at negative generations, descendants at positive ones.
/// Returns the SVG, the number of edges drawn and the number of strains left out.
fn lineage_svg(visitor: &Visitor, page: &StrainPage) -> (Markup, usize, usize) {
    let mut generation: HashMap<String, i32> = HashMap::new();
    let mut strains: HashMap<String, (&str, &str)> = HashMap::new();
    for (lineage, sign) in [(&page.ancestors, -1), (&page.descendants, 1)] {
        for node in &lineage.nodes {
            let id = node.strain.id.to_string();
            generation.entry(id.clone()).or_insert(sign * node.depth as i32);
            strains.insert(id, (&node.strain.accession, &node.strain.name));
        }
    }
    let mut seen = HashSet::new();
    let all_edges: Vec<(String, String, String)> = page
        .ancestors
        .edges
        .iter()
        .chain(&page.descendants.edges)
        .filter(|e| seen.insert((e.parent, e.child)))
        .map(|e| {
            (
                e.parent.to_string(),
                e.child.to_string(),
                i18n::value(visitor.lang, e.relation.as_str()),
            )
        })
        .collect();
    let kept = keep_per_generation(&generation, &strains, &all_edges);
    let left_out = generation.len() - kept.len();
    let mut ids: Vec<&String> = kept.iter().collect();
    ids.sort_by_key(|id| (generation[*id], strains[*id].0));
    let nodes: Vec<GraphNode<'_>> = ids
        .iter()
        .map(|id| GraphNode {
            id,
            accession: strains[*id].0,
            name: strains[*id].1,
            generation: generation[*id],
        })
        .collect();
    let edges: Vec<GraphEdge<'_>> = all_edges
        .iter()
        .filter(|(parent, child, _)| kept.contains(parent) && kept.contains(child))
        .map(|(parent, child, relation)| GraphEdge {
            parent,
            child,
            relation,
        })
        .collect();
    let title = format!("{} {}", visitor.t(Msg::Lineage), text(&page.strain.body, "accession"));
    (lineage_graph::render(&title, &nodes, &edges), edges.len(), left_out)
}

/// The strains a graph draws: every generation of up to [`DRAWN_PER_GENERATION`] whole; a wider
/// one in turns — the first child of each parent (by accession), then the second … — so that
/// every kept parent shows some of its children. Strains whose every link to the drawn graph
/// was cut are left out too. O(n·e) for n strains and e edges (lineages are small).
fn keep_per_generation(
    generation: &HashMap<String, i32>,
    strains: &HashMap<String, (&str, &str)>,
    edges: &[(String, String, String)],
) -> HashSet<String> {
    let mut rows: std::collections::BTreeMap<i32, Vec<&String>> = Default::default();
    for (id, g) in generation {
        rows.entry(*g).or_default().push(id);
    }
    let mut kept: HashSet<String> = HashSet::new();
    // Outwards from the strain shown, so a generation's cut can follow the one before it.
    let mut order: Vec<i32> = rows.keys().copied().collect();
    order.sort_by_key(|g| (g.abs(), *g));
    for g in order {
        let row = &rows[&g];
        let linked = |id: &String| {
            g == 0
                || edges.iter().any(|(parent, child, _)| {
                    (child == id && kept.contains(parent)) || (parent == id && kept.contains(child))
                })
        };
        let mut candidates: Vec<&String> = row.iter().copied().filter(|id| linked(id)).collect();
        if candidates.len() > DRAWN_PER_GENERATION {
            // Rank each strain among the siblings of its first kept neighbour.
            let mut rank: HashMap<&String, usize> = HashMap::new();
            let mut seen_per_neighbour: HashMap<&str, usize> = HashMap::new();
            candidates.sort_by_key(|id| strains[*id].0);
            for id in &candidates {
                let neighbour = edges
                    .iter()
                    .find_map(|(parent, child, _)| {
                        if child == *id && kept.contains(parent) {
                            Some(parent.as_str())
                        } else if parent == *id && kept.contains(child) {
                            Some(child.as_str())
                        } else {
                            None
                        }
                    })
                    .unwrap_or("");
                let n = seen_per_neighbour.entry(neighbour).or_default();
                rank.insert(id, *n);
                *n += 1;
            }
            candidates.sort_by_key(|id| (rank[id], strains[*id].0));
            candidates.truncate(DRAWN_PER_GENERATION);
        }
        kept.extend(candidates.into_iter().cloned());
    }
    kept
}

fn render(visitor: &Visitor, page: &StrainPage) -> HttpResponse {
    let strain = &page.strain.body;
    let lang = visitor.lang;
    let accession = text(strain, "accession");
    let name = text(strain, "name");
    let (graph, edge_count, left_out) = lineage_svg(visitor, page);
    let done = url::form_urlencoded::parse(visitor.query.as_bytes())
        .find(|(k, _)| k == "done")
        .map(|(_, v)| v.into_owned());
    let body = html! {
        nav.breadcrumbs aria-label="breadcrumbs" { a href="/" { (visitor.t(Msg::NavSearch)) } " › " (visitor.t(Msg::SearchStrains)) }
        h1 { span.accession data-testid="accession" { (accession) } " " (name) }
        p.badges {
            (layout::state_badge(lang, text(strain, "curation_state")))
            " " span.badge { (i18n::value(lang, text(strain, "organism_type"))) }
            " " span.badge { (visitor.t(Msg::RiskGroup)) " " (plain(&strain["risk_group"])) }
        }
        (layout::notice(visitor, done.as_deref()))
        (actions(visitor, Kind::Strain, strain, page.strain.revision))
        section aria-labelledby="lineage-h" {
            h2 #lineage-h { (visitor.t(Msg::Lineage)) }
            p.muted { (visitor.t(Msg::LineageHelp)) }
            @if edge_count > 0 {
                figure.lineage-figure data-testid="lineage" {
                    (graph)
                    @if left_out > 0 {
                        figcaption.muted data-testid="lineage-cut" {
                            (visitor.t(Msg::LineageCut).replace("{n}", &left_out.to_string()).replace("{per}", &DRAWN_PER_GENERATION.to_string()))
                        }
                    }
                }
            } @else {
                p.muted { (visitor.t(Msg::None)) }
            }
            div.columns {
                div {
                    h3 { (visitor.t(Msg::Parents)) }
                    @if items(strain, "parents").is_empty() { p.muted { (visitor.t(Msg::None)) } } @else {
                        ul { @for p in items(strain, "parents") {
                            li {
                                a href={ "/strains/" (p.pointer("/strain/accession").and_then(Value::as_str).unwrap_or("")) } {
                                    (p.pointer("/strain/accession").and_then(Value::as_str).unwrap_or(""))
                                }
                                " " (p.pointer("/strain/name").and_then(Value::as_str).unwrap_or(""))
                                " — " (i18n::value(lang, text(p, "relation")))
                                @if !text(p, "description").is_empty() { ": " (text(p, "description")) }
                            }
                        } }
                    }
                }
                div {
                    h3 { (visitor.t(Msg::Descendants)) }
                    @let children = {
                        let mut children: Vec<_> = page.descendants.nodes.iter().filter(|n| n.depth > 0).collect();
                        children.sort_by(|a, b| (a.depth, &a.strain.accession).cmp(&(b.depth, &b.strain.accession)));
                        children
                    };
                    @if children.is_empty() { p.muted { (visitor.t(Msg::None)) } } @else {
                        ul { @for n in children {
                            li { a href={ "/strains/" (n.strain.accession) } { (n.strain.accession) } " " (n.strain.name) " (" (n.depth) ")" }
                        } }
                    }
                }
            }
        }
        div.columns {
            section aria-labelledby="details-h" {
                h2 #details-h { (visitor.t(Msg::Details)) }
                dl.fields { (fields(visitor, page)) }
                (layout::provenance(visitor, strain))
            }
            section aria-labelledby="parts-h" {
                h2 #parts-h { (visitor.t(Msg::CarriedParts)) }
                @if items(strain, "parts").is_empty() { p.muted { (visitor.t(Msg::None)) } } @else {
                    table {
                        thead { tr { th scope="col" { (visitor.t(Msg::Accession)) } th scope="col" { (visitor.t(Msg::Name)) } th scope="col" { (visitor.t(Msg::Relation)) } th scope="col" { (visitor.t(Msg::CopyNumber)) } th scope="col" { (visitor.t(Msg::Notes)) } } }
                        tbody {
                            @for p in items(strain, "parts") {
                                @let acc = p.pointer("/part/accession").and_then(Value::as_str).unwrap_or("");
                                tr {
                                    td { a href={ "/parts/" (acc) } { (acc) } }
                                    td { (p.pointer("/part/name").and_then(Value::as_str).unwrap_or("")) }
                                    td { (i18n::value(lang, text(p, "relation"))) }
                                    td { (plain(&p["copy_number"])) }
                                    td { (text(p, "notes")) }
                                }
                            }
                        }
                    }
                }
                h2 { (visitor.t(Msg::Samples)) " (" (page.samples.len()) @if page.more_samples { "+" } ")" }
                @if let Some(principal) = &visitor.principal {
                    @if strain.pointer("/owner_org/id").and_then(|v| serde_json::from_value(v.clone()).ok()).is_some_and(|owner| visibility::may_change(principal, owner)) {
                        (sample_form(visitor, accession))
                    }
                }
                @if page.samples.is_empty() { p.muted { (visitor.t(Msg::None)) } } @else {
                    div.scroll tabindex="0" role="region" aria-label=(visitor.t(Msg::Samples)) {
                        table {
                            thead { tr {
                                th scope="col" { (visitor.t(Msg::Site)) } th scope="col" { (visitor.t(Msg::Freezer)) } th scope="col" { (visitor.t(Msg::Rack)) }
                                th scope="col" { (visitor.t(Msg::BoxLabel)) } th scope="col" { (visitor.t(Msg::Slot)) } th scope="col" { (visitor.t(Msg::Preservation)) }
                                th scope="col" { (visitor.t(Msg::Quantity)) } th scope="col" { (visitor.t(Msg::PreparedAt)) }
                            } }
                            tbody {
                                @for s in &page.samples {
                                    tr {
                                        td { (s.location.site) } td { (s.location.freezer) } td { (s.location.rack) }
                                        td { (s.location.box_) } td { (s.location.position) } td { (s.preservation_method) }
                                        td { (s.quantity.clone().unwrap_or_default()) }
                                        td { @if let Some(at) = s.prepared_at { (layout::time_of(at)) } }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        (curation::render_panels(visitor, &page.panels))
    };
    layout::page(visitor, &format!("{accession} {name}"), body)
}

fn fields(visitor: &Visitor, page: &StrainPage) -> Markup {
    let strain = &page.strain.body;
    let lang = visitor.lang;
    let yes_no = |key: &str| -> &'static str {
        if strain.get(key).and_then(Value::as_bool) == Some(true) {
            visitor.t(Msg::Yes)
        } else {
            visitor.t(Msg::No)
        }
    };
    let temperature = strain.get("growth_temperature_c").filter(|t| !t.is_null()).map(|t| {
        let mut parts = Vec::new();
        if let Some(opt) = t.get("optimum").and_then(Value::as_f64) {
            parts.push(format!("{opt} °C"));
        }
        if let (Some(min), Some(max)) = (
            t.get("min").and_then(Value::as_f64),
            t.get("max").and_then(Value::as_f64),
        ) {
            parts.push(format!("({min}–{max} °C)"));
        }
        parts.join(" ")
    });
    let origin = strain.get("geographic_origin").filter(|o| !o.is_null()).map(|o| {
        ["country", "locality"]
            .iter()
            .map(|k| text(o, k))
            .filter(|v| !v.is_empty())
            .collect::<Vec<_>>()
            .join(", ")
    });
    html! {
        (row(visitor.t(Msg::Accession), html! { (text(strain, "accession")) }))
        (row(visitor.t(Msg::Name), html! { (text(strain, "name")) }))
        (row(visitor.t(Msg::Aliases), html! { (plain(&strain["aliases"])) }))
        (row(visitor.t(Msg::CollectionNumbers), html! {
            @for c in items(strain, "other_collection_numbers") { span.tag { (text(c, "display")) } " " }
        }))
        (row(visitor.t(Msg::OrganismType), html! { (i18n::value(lang, text(strain, "organism_type"))) }))
        (row(visitor.t(Msg::Taxon), html! {
            i { (strain.pointer("/taxon/name").and_then(Value::as_str).unwrap_or("")) }
            @if let Some(taxid) = strain.pointer("/taxon/ncbi_taxid").filter(|t| !t.is_null()) { " (taxid " (plain(taxid)) ")" }
        }))
        (row(visitor.t(Msg::TypeStrain), html! { (yes_no("type_strain")) }))
        (row(visitor.t(Msg::Genotype), html! { (text(strain, "genotype")) }))
        (row(visitor.t(Msg::Phenotype), html! { (text(strain, "phenotype")) }))
        (row(visitor.t(Msg::Gmo), html! { (yes_no("gmo")) @if !text(strain, "gmo_construction").is_empty() { ": " (text(strain, "gmo_construction")) } }))
        (row(visitor.t(Msg::RiskGroup), html! { (plain(&strain["risk_group"])) }))
        (row(visitor.t(Msg::BiosafetyLevel), html! { (plain(&strain["biosafety_level"])) }))
        (row(visitor.t(Msg::GrowthMedia), html! { (plain(&strain["growth_media"])) }))
        (row(visitor.t(Msg::GrowthTemperature), html! { (temperature.unwrap_or_default()) }))
        (row(visitor.t(Msg::InfrasubspecificNames), html! { (text(strain, "infrasubspecific_names")) }))
        (row(visitor.t(Msg::MutantInfo), html! { (text(strain, "mutant_info")) }))
        (row(visitor.t(Msg::GenomeAccessions), html! { (plain(&strain["genome_accessions"])) }))
        (row(visitor.t(Msg::RestrictionsOnUse), html! { (plain(&strain["restrictions_on_use"])) }))
        (row(visitor.t(Msg::NagoyaProtocol), html! { (plain(&strain["nagoya_protocol"])) }))
        (row(visitor.t(Msg::MtaRequired), html! { (yes_no("mta_required")) }))
        (row(visitor.t(Msg::DualUse), html! { (yes_no("dual_use")) }))
        (row(visitor.t(Msg::Quarantine), html! { (yes_no("quarantine")) }))
        (row(visitor.t(Msg::Atmosphere), html! { (text(strain, "atmosphere")) }))
        (row(visitor.t(Msg::FormsOfSupply), html! { (plain(&strain["forms_of_supply"])) }))
        (row(visitor.t(Msg::IsolatedFrom), html! { (text(strain, "isolated_from")) }))
        (row(visitor.t(Msg::IsolationDate), html! { (text(strain, "isolation_date")) }))
        (row(visitor.t(Msg::IsolatedBy), html! { (text(strain, "isolated_by")) }))
        (row(visitor.t(Msg::CollectedBy), html! { (text(strain, "collected_by")) }))
        (row(visitor.t(Msg::DepositDate), html! { (text(strain, "deposit_date")) }))
        (row(visitor.t(Msg::GeographicOrigin), html! { (origin.unwrap_or_default()) }))
        (row(visitor.t(Msg::DepositHistory), html! { (text(strain, "history_of_deposit_chain")) }))
        (row(visitor.t(Msg::Depositor), html! { (text(strain, "depositor")) }))
        (row(visitor.t(Msg::References), html! { @for r in items(strain, "literature") { (reference(r)) br; } }))
        (row(visitor.t(Msg::Tags), html! { @for t in items(strain, "tags") { span.tag { (plain(t)) } " " } }))
        (row(visitor.t(Msg::SourceRecord), html! {
            @if let Some(source) = strain.get("source").filter(|s| !s.is_null()) { (source_text(source)) }
        }))
        (row(visitor.t(Msg::Owner), html! { (strain.pointer("/owner_org/name").and_then(Value::as_str).unwrap_or("")) }))
        (row(visitor.t(Msg::CreatedBy), html! {
            (strain.pointer("/created_by/name").and_then(Value::as_str).unwrap_or("")) ", " (layout::time(text(strain, "created_at")))
        }))
        (row(visitor.t(Msg::UpdatedBy), html! {
            (strain.pointer("/updated_by/name").and_then(Value::as_str).unwrap_or("")) ", " (layout::time(text(strain, "updated_at")))
        }))
        (row(visitor.t(Msg::Revision), html! { (page.strain.revision) }))
        (row(visitor.t(Msg::PublishedRevision), html! {
            @match strain.get("published_revision").and_then(Value::as_i64) {
                Some(n) => (n),
                None => span.muted { (visitor.t(Msg::NotPublished)) },
            }
        }))
        (row(visitor.t(Msg::MissingForSubmission), html! { (plain(&strain["missing_for_submission"])) }))
    }
}

/// The edit form of a strain: the fields labs fill in most, and those review needs.
pub(crate) fn edit_form(visitor: &Visitor, strain: &Value, revision: i32) -> Markup {
    let joined = |key: &str| items(strain, key).iter().map(plain).collect::<Vec<_>>().join(", ");
    let value = |name: &str| -> String {
        match name {
            "growth_media" => joined("growth_media"),
            "growth_temperature" => strain
                .pointer("/growth_temperature_c/optimum")
                .map(plain)
                .unwrap_or_default(),
            "country" => strain
                .pointer("/geographic_origin/country")
                .map(plain)
                .unwrap_or_default(),
            other => plain(&strain[other]),
        }
    };
    let supplied = |form: &str| {
        items(strain, "forms_of_supply")
            .iter()
            .any(|f| f.as_str() == Some(form))
    };
    html! {
        p.muted { (visitor.t(Msg::EditHelp)) }
        form.stack method="post" action={ "/strains/" (text(strain, "accession")) "/edit" } {
            input type="hidden" name="csrf" value=(visitor.csrf_token());
            input type="hidden" name="revision" value=(revision);
            label for="edit-name" { (visitor.t(Msg::Name)) }
            input #edit-name name="name" required value=(text(strain, "name"));
            label for="edit-genotype" { (visitor.t(Msg::Genotype)) }
            input #edit-genotype name="genotype" value=(text(strain, "genotype"));
            label for="edit-phenotype" { (visitor.t(Msg::Phenotype)) }
            input #edit-phenotype name="phenotype" value=(text(strain, "phenotype"));
            label for="edit-tags" { (visitor.t(Msg::Tags)) }
            input #edit-tags name="tags" value=(joined("tags"));
            (submit::mirri_fields(visitor, "edit", &value, &supplied))
            label for="edit-comment" { (visitor.t(Msg::Comment)) }
            input #edit-comment name="comment";
            button type="submit" data-testid="save-edit" { (visitor.t(Msg::SaveChanges)) }
        }
    }
}

/// `POST /strains/{accession}/edit`: the edit form as a merge patch, based on the revision shown.
pub async fn edit_strain(
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
        let mut patch = serde_json::json!({
            "name": form.text("name"),
            "genotype": form.optional("genotype"),
            "phenotype": form.optional("phenotype"),
            "tags": form.list("tags"),
        });
        if let Value::Object(fields) = &mut patch {
            fields.extend(submit::mirri_document(&form, true));
        }
        let comment = form.optional("comment");
        let strain = state
            .db_write(move |conn| {
                strains::update(conn, &principal, &reference, patch, Some(&if_match), comment.as_deref())
            })
            .await?;
        Ok(visitor.redirect(&format!("/strains/{}?done=saved", strain.accession)))
    }
    .await;
    visitor.respond(result)
}

fn sample_form(visitor: &Visitor, accession: &str) -> Markup {
    let fields = [
        ("site", Msg::Site),
        ("freezer", Msg::Freezer),
        ("rack", Msg::Rack),
        ("box", Msg::BoxLabel),
        ("position", Msg::Slot),
    ];
    html! {
        details.panel {
            summary { (visitor.t(Msg::AddSample)) }
            form.stack method="post" action={ "/strains/" (accession) "/samples" } {
                input type="hidden" name="csrf" value=(visitor.csrf_token());
                div.grid {
                    @for (name, label) in fields {
                        div { label for={ "sample-" (name) } { (visitor.t(label)) } input id={ "sample-" (name) } name=(name) required; }
                    }
                    div { label for="sample-preservation" { (visitor.t(Msg::Preservation)) } input #sample-preservation name="preservation_method" required placeholder="glycerol -80 °C"; }
                    div { label for="sample-quantity" { (visitor.t(Msg::Quantity)) } input #sample-quantity name="quantity"; }
                }
                label for="sample-notes" { (visitor.t(Msg::Notes)) }
                input #sample-notes name="notes";
                button type="submit" data-testid="add-sample" { (visitor.t(Msg::AddSample)) }
            }
        }
    }
}

/// `POST /strains/{accession}/samples`: a physical sample and where it is kept.
pub async fn add_sample(
    state: web::Data<AppState>,
    visitor: Visitor,
    path: web::Path<String>,
    req: HttpRequest,
    payload: web::Payload,
) -> HttpResponse {
    let result = async {
        let form = visitor.form(&req, payload, 64 * 1024).await?;
        let principal = visitor.require_principal()?.clone();
        let reference = path.into_inner();
        let document = serde_json::json!({
            "location": {
                "site": form.text("site"), "freezer": form.text("freezer"), "rack": form.text("rack"),
                "box": form.text("box"), "position": form.text("position"),
            },
            "preservation_method": form.text("preservation_method"),
            "quantity": form.optional("quantity"),
            "notes": form.optional("notes"),
        });
        let input: strains::SampleInput = submit::input(document)?;
        let accession = reference.clone();
        state
            .db_write(move |conn| strains::add_sample(conn, &principal, &reference, input))
            .await?;
        Ok(visitor.redirect(&format!("/strains/{accession}?done=sample")))
    }
    .await;
    visitor.respond(result)
}
