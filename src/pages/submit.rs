//! Owns registration in the browser (`/submit`): a part from a form, a part from a pasted or
//! uploaded GenBank or FASTA file (the import path, stored at once), and a strain from a form.
//! A refused form is shown again with the visitor's values and the domain's list of problems.

use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use maud::{html, Markup};
use serde_json::{json, Value};

use crate::domain::imports::ImportKind;
use crate::domain::parts::{self, PartInput};
use crate::domain::strains::{self, input::StrainInput};
use crate::error::{AppError, AppResult, FieldError};
use crate::pages::i18n::{self, Msg};
use crate::pages::imports::{self, format_select, report_table, WEB_IMPORT_BYTES};
use crate::pages::layout;
use crate::pages::parts::role_options;
use crate::pages::session::{FormData, Visitor};
use crate::seq::{MoleculeType, Topology};
use crate::state::AppState;

/// Which form was sent (to show its problems next to it).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Which {
    Part,
    PartFile,
    Strain,
}

/// `GET /submit`
pub async fn submit_page(visitor: Visitor) -> HttpResponse {
    let result = visitor
        .require_principal()
        .map(|_| page(&visitor, None, StatusCode::OK));
    visitor.respond(result)
}

fn page(visitor: &Visitor, refused: Option<(Which, &FormData, &AppError)>, status: StatusCode) -> HttpResponse {
    let empty = FormData::default();
    let (which, form, error) = match refused {
        Some((which, form, error)) => (Some(which), form, Some(error)),
        None => (None, &empty, None),
    };
    let values = |w: Which| if which == Some(w) { form } else { &empty };
    let problems = |w: Which| match (which == Some(w), error) {
        (true, Some(error)) => layout::problems(visitor, error),
        _ => html! {},
    };
    let body = html! {
        h1 { (visitor.t(Msg::SubmitTitle)) }
        section.panel aria-labelledby="part-h" {
            h2 #part-h { (visitor.t(Msg::RegisterPart)) }
            div.columns {
                div {
                    h3 { (visitor.t(Msg::RegisterPartFile)) }
                    (problems(Which::PartFile))
                    (file_form(visitor, values(Which::PartFile)))
                }
                div {
                    h3 { (visitor.t(Msg::RegisterPartForm)) }
                    (problems(Which::Part))
                    (part_form(visitor, values(Which::Part)))
                }
            }
        }
        section.panel aria-labelledby="strain-h" {
            h2 #strain-h { (visitor.t(Msg::RegisterStrain)) }
            (problems(Which::Strain))
            (strain_form(visitor, values(Which::Strain)))
        }
    };
    layout::page_with_status(visitor, status, visitor.t(Msg::SubmitTitle), body)
}

fn required(visitor: &Visitor) -> Markup {
    html! { " " abbr.req title=(visitor.t(Msg::RequiredField)) { "*" } }
}

fn file_form(visitor: &Visitor, form: &FormData) -> Markup {
    html! {
        form.stack method="post" action="/submit/part-file" enctype="multipart/form-data" data-testid="part-file-form" {
            input type="hidden" name="csrf" value=(visitor.csrf_token());
            label for="file-upload" { (visitor.t(Msg::UploadFile)) " (GenBank, FASTA)" }
            input #file-upload type="file" name="file" accept=".gb,.gbk,.genbank,.gbff,.fa,.fasta,.fna" data-testid="part-file";
            label for="file-content" { (visitor.t(Msg::FileContent)) }
            textarea #file-content name="content" rows="6" spellcheck="false" { (form.text("content")) }
            div.grid {
                div { label for="file-format" { (visitor.t(Msg::FileFormat)) } (format_select("file-format")) }
                div { label for="file-role" { (visitor.t(Msg::RoleDefault)) } input #file-role name="role" list="so-terms" value=(form.text("role")); }
            }
            button type="submit" data-testid="register-part-file" { (visitor.t(Msg::Register)) }
        }
    }
}

fn part_form(visitor: &Visitor, form: &FormData) -> Markup {
    let lang = visitor.lang;
    html! {
        form.stack method="post" action="/submit/part" data-testid="part-form" {
            input type="hidden" name="csrf" value=(visitor.csrf_token());
            label for="part-name" { (visitor.t(Msg::Name)) (required(visitor)) }
            input #part-name name="name" required value=(form.text("name"));
            label for="part-role" { (visitor.t(Msg::Role)) (required(visitor)) }
            input #part-role name="role" list="so-terms" required value=(form.text("role"));
            (role_options())
            div.grid {
                div {
                    label for="part-molecule" { (visitor.t(Msg::MoleculeType)) }
                    select #part-molecule name="molecule_type" {
                        @for m in [MoleculeType::Dna, MoleculeType::Rna, MoleculeType::Protein] {
                            option value=(m.as_str()) selected[form.text("molecule_type") == m.as_str()] { (m.as_str()) }
                        }
                    }
                }
                div {
                    label for="part-topology" { (visitor.t(Msg::Topology)) }
                    select #part-topology name="topology" {
                        @for t in [Topology::Linear, Topology::Circular] {
                            option value=(t.as_str()) selected[form.text("topology") == t.as_str()] { (i18n::value(lang, t.as_str())) }
                        }
                    }
                }
            }
            label for="part-sequence" { (visitor.t(Msg::Sequence)) (required(visitor)) }
            textarea #part-sequence name="sequence" rows="5" required spellcheck="false" { (form.text("sequence")) }
            label for="part-description" { (visitor.t(Msg::Description)) }
            textarea #part-description name="description" rows="3" { (form.text("description")) }
            label for="part-tags" { (visitor.t(Msg::Tags)) }
            input #part-tags name="tags" value=(form.text("tags"));
            label for="part-license" { (visitor.t(Msg::License)) }
            input #part-license name="license" value=(form.text("license"));
            button type="submit" data-testid="register-part" { (visitor.t(Msg::Register)) }
        }
    }
}

const ORGANISM_TYPES: [&str; 7] = ["bacteria", "archaea", "fungi", "yeast", "algae", "protist", "other"];
const LINEAGE_RELATIONS: [&str; 10] = [
    "transformation",
    "mutagenesis",
    "gene_knockout",
    "gene_knockin",
    "adaptive_evolution",
    "conjugation",
    "cross",
    "reisolation",
    "deposit_transfer",
    "other",
];

fn strain_form(visitor: &Visitor, form: &FormData) -> Markup {
    let lang = visitor.lang;
    html! {
        form.stack method="post" action="/submit/strain" data-testid="strain-form" {
            input type="hidden" name="csrf" value=(visitor.csrf_token());
            div.grid {
                div { label for="strain-name" { (visitor.t(Msg::Name)) (required(visitor)) } input #strain-name name="name" required value=(form.text("name")); }
                div {
                    label for="strain-organism" { (visitor.t(Msg::OrganismType)) (required(visitor)) }
                    select #strain-organism name="organism_type" required {
                        @for o in ORGANISM_TYPES { option value=(o) selected[form.text("organism_type") == o] { (i18n::value(lang, o)) } }
                    }
                }
                div { label for="strain-taxon" { (visitor.t(Msg::TaxonName)) (required(visitor)) } input #strain-taxon name="taxon_name" required value=(form.text("taxon_name")); }
                div { label for="strain-taxid" { (visitor.t(Msg::TaxonId)) } input #strain-taxid name="taxon_id" inputmode="numeric" value=(form.text("taxon_id")); }
                div { label for="strain-risk" { (visitor.t(Msg::RiskGroup)) (required(visitor)) } input #strain-risk type="number" min="1" max="4" name="risk_group" required value=(form.text("risk_group")); }
                div { label for="strain-numbers" { (visitor.t(Msg::CollectionNumbers)) } input #strain-numbers name="collection_numbers" value=(form.text("collection_numbers")); }
                div { label for="strain-parent" { (visitor.t(Msg::ParentStrain)) } input #strain-parent name="parent" value=(form.text("parent")); }
                div {
                    label for="strain-relation" { (visitor.t(Msg::ParentRelation)) }
                    select #strain-relation name="parent_relation" {
                        @for r in LINEAGE_RELATIONS { option value=(r) selected[form.text("parent_relation") == r] { (i18n::value(lang, r)) } }
                    }
                }
                div { label for="strain-part" { (visitor.t(Msg::CarriedPart)) } input #strain-part name="part" value=(form.text("part")); }
                div {
                    label for="strain-part-relation" { (visitor.t(Msg::CarriedRelation)) }
                    select #strain-part-relation name="part_relation" {
                        @for r in ["plasmid", "chromosomal_integration", "other"] { option value=(r) selected[form.text("part_relation") == r] { (i18n::value(lang, r)) } }
                    }
                }
            }
            label for="strain-genotype" { (visitor.t(Msg::Genotype)) }
            input #strain-genotype name="genotype" value=(form.text("genotype"));
            (mirri_fields(visitor, "strain", &|name| form.text(name).to_string(), &|f| form.all("forms_of_supply").iter().any(|v| v == f)))
            label for="strain-tags" { (visitor.t(Msg::Tags)) }
            input #strain-tags name="tags" value=(form.text("tags"));
            button type="submit" data-testid="register-strain" { (visitor.t(Msg::Register)) }
        }
    }
}

const RESTRICTIONS: [&str; 3] = ["no_restriction", "only_research", "commercial_use_with_agreement"];
const NAGOYA: [&str; 3] = ["does_not_apply", "applies", "not_clear"];
const FORMS_OF_SUPPLY: [&str; 8] = [
    "agar",
    "cryo",
    "dry_ice",
    "liquid",
    "lyophilized",
    "oil",
    "water",
    "dna",
];

/// The MIRRI-IS fields a strain needs before it may be submitted for review, for the registration
/// and edit forms. `value` gives a field's current text, `supplied` whether a form of supply is on.
pub(crate) fn mirri_fields(
    visitor: &Visitor,
    prefix: &str,
    value: &dyn Fn(&str) -> String,
    supplied: &dyn Fn(&str) -> bool,
) -> Markup {
    let id = |name: &str| format!("{prefix}-{name}");
    html! {
        fieldset {
            legend { (visitor.t(Msg::MirriFields)) }
            div.grid {
                div {
                    label for=(id("restrictions")) { (visitor.t(Msg::RestrictionsOnUse)) }
                    select id=(id("restrictions")) name="restrictions_on_use" {
                        option value="" { "—" }
                        @for r in RESTRICTIONS { option value=(r) selected[value("restrictions_on_use") == r] { (r) } }
                    }
                }
                div {
                    label for=(id("nagoya")) { (visitor.t(Msg::NagoyaProtocol)) }
                    select id=(id("nagoya")) name="nagoya_protocol" {
                        option value="" { "—" }
                        @for n in NAGOYA { option value=(n) selected[value("nagoya_protocol") == n] { (n) } }
                    }
                }
                div { label for=(id("media")) { (visitor.t(Msg::GrowthMedia)) } input id=(id("media")) name="growth_media" value=(value("growth_media")); }
                div { label for=(id("temperature")) { (visitor.t(Msg::GrowthTemperature)) " (°C)" } input id=(id("temperature")) name="growth_temperature" inputmode="decimal" value=(value("growth_temperature")); }
                div { label for=(id("country")) { (visitor.t(Msg::Country)) } input id=(id("country")) name="country" value=(value("country")) placeholder="CN, DE, unknown"; }
            }
            fieldset {
                legend { (visitor.t(Msg::FormsOfSupply)) }
                @for f in FORMS_OF_SUPPLY {
                    label.choice { input type="checkbox" name="forms_of_supply" value=(f) checked[supplied(f)]; " " (f) }
                }
            }
        }
    }
}

/// The MIRRI-IS fields of a form as JSON. `clear` (edits) sends `null` for blank fields so that
/// a merge patch clears them; registration leaves them out.
pub(crate) fn mirri_document(form: &FormData, clear: bool) -> serde_json::Map<String, Value> {
    let mut out = serde_json::Map::new();
    let blank = || if clear { Some(Value::Null) } else { None };
    let mut put = |key: &str, value: Option<Value>| {
        if let Some(value) = value {
            out.insert(key.to_string(), value);
        }
    };
    put(
        "restrictions_on_use",
        form.optional("restrictions_on_use").map(Value::String).or_else(blank),
    );
    put(
        "nagoya_protocol",
        form.optional("nagoya_protocol").map(Value::String).or_else(blank),
    );
    put("growth_media", Some(json!(form.list("growth_media"))));
    let temperature = form
        .optional("growth_temperature")
        .map(|t| match t.replace(',', ".").parse::<f64>() {
            Ok(n) => json!({"optimum": n}),
            Err(_) => json!({"optimum": t}),
        });
    put("growth_temperature_c", temperature.or_else(blank));
    put("forms_of_supply", Some(json!(form.all("forms_of_supply"))));
    let country = form.optional("country").map(|c| json!({"country": c}));
    put(
        "geographic_origin",
        country.or_else(|| clear.then(|| json!({"country": null}))),
    );
    out
}

/// Reads a JSON document into an input type, naming the field that does not fit.
pub(crate) fn input<T: serde::de::DeserializeOwned>(document: Value) -> AppResult<T> {
    serde_path_to_error::deserialize(document).map_err(|error| {
        let field = error.path().to_string();
        AppError::invalid(vec![FieldError {
            field,
            message: error.into_inner().to_string(),
        }])
    })
}

/// Shows the form again with its problems when the domain refused it for the visitor's input.
fn refused(visitor: &Visitor, which: Which, form: &FormData, error: AppError) -> AppResult<HttpResponse> {
    if error.status.is_client_error()
        && error.status != StatusCode::FORBIDDEN
        && error.status != StatusCode::UNAUTHORIZED
    {
        Ok(page(visitor, Some((which, form, &error)), error.status))
    } else {
        Err(error)
    }
}

/// `POST /submit/part`
pub async fn register_part(
    state: web::Data<AppState>,
    visitor: Visitor,
    req: HttpRequest,
    payload: web::Payload,
) -> HttpResponse {
    let result = async {
        let form = visitor.form(&req, payload, state.settings.max_body_bytes).await?;
        let principal = visitor.require_principal()?.clone();
        let sequence: String = form.text("sequence").split_whitespace().collect();
        let document = json!({
            "name": form.text("name"),
            "role": form.text("role"),
            "molecule_type": form.text("molecule_type"),
            "topology": form.text("topology"),
            "sequence": sequence,
            "description": form.text("description"),
            "tags": form.list("tags"),
            "license": form.optional("license"),
        });
        let part: PartInput = match input(document) {
            Ok(part) => part,
            Err(error) => return refused(&visitor, Which::Part, &form, error),
        };
        let rules = state.settings.part_rules();
        match state
            .db_write(move |conn| parts::create(conn, &principal, part, &rules, None))
            .await
        {
            Ok(part) => Ok(visitor.redirect(&format!("/parts/{}?done=registered", part.accession))),
            Err(error) => refused(&visitor, Which::Part, &form, error),
        }
    }
    .await;
    visitor.respond(result)
}

/// `POST /submit/part-file`: a GenBank or FASTA file registered at once. One record leads to its
/// page; several to the import report.
pub async fn register_part_file(
    state: web::Data<AppState>,
    visitor: Visitor,
    req: HttpRequest,
    payload: web::Payload,
) -> HttpResponse {
    let result = async {
        let form = visitor.form(&req, payload, WEB_IMPORT_BYTES + 64 * 1024).await?;
        visitor.require_principal()?;
        let upload = match imports::upload(&form) {
            Ok(upload) => upload,
            Err(error) => return refused(&visitor, Which::PartFile, &form, error),
        };
        let report = imports::run(&state, &visitor, ImportKind::Parts, &upload, false, &form).await?;
        if report.stored && report.records.len() == 1 {
            if let Some(accession) = &report.records[0].accession {
                return Ok(visitor.redirect(&format!("/parts/{accession}?done=registered")));
            }
        }
        let status = if report.stored {
            StatusCode::CREATED
        } else {
            StatusCode::UNPROCESSABLE_ENTITY
        };
        let body = html! {
            h1 { (visitor.t(Msg::ImportReport)) }
            (report_table(&visitor, &report))
            p { a href="/submit" { (visitor.t(Msg::SubmitTitle)) } }
        };
        Ok(layout::page_with_status(
            &visitor,
            status,
            visitor.t(Msg::ImportReport),
            body,
        ))
    }
    .await;
    visitor.respond(result)
}

/// `POST /submit/strain`
pub async fn register_strain(
    state: web::Data<AppState>,
    visitor: Visitor,
    req: HttpRequest,
    payload: web::Payload,
) -> HttpResponse {
    let result = async {
        let form = visitor.form(&req, payload, state.settings.max_body_bytes).await?;
        let principal = visitor.require_principal()?.clone();
        let taxid: Option<Value> = form.optional("taxon_id").map(|t| match t.parse::<i64>() {
            Ok(n) => json!(n),
            Err(_) => json!(t),
        });
        let risk: Value = match form.text("risk_group").parse::<i64>() {
            Ok(n) => json!(n),
            Err(_) => json!(form.optional("risk_group")),
        };
        let parents: Vec<Value> = form
            .optional("parent")
            .map(|p| json!({"strain": p, "relation": form.text("parent_relation")}))
            .into_iter()
            .collect();
        let carried: Vec<Value> = form
            .optional("part")
            .map(|p| json!({"part": p, "relation": form.text("part_relation")}))
            .into_iter()
            .collect();
        let mut document = json!({
            "name": form.optional("name"),
            "organism_type": form.optional("organism_type"),
            "taxon": {"name": form.optional("taxon_name"), "ncbi_taxid": taxid},
            "risk_group": risk,
            "other_collection_numbers": form.list("collection_numbers"),
            "parents": parents,
            "parts": carried,
            "genotype": form.optional("genotype"),
            "tags": form.list("tags"),
        });
        if let Value::Object(fields) = &mut document {
            fields.extend(mirri_document(&form, false));
        }
        let strain: StrainInput = match input(document) {
            Ok(strain) => strain,
            Err(error) => return refused(&visitor, Which::Strain, &form, error),
        };
        let prefix = state.settings.strain_prefix.clone();
        match state
            .db_write(move |conn| strains::create(conn, &principal, strain, &prefix, None))
            .await
        {
            Ok(strain) => Ok(visitor.redirect(&format!("/strains/{}?done=registered", strain.accession))),
            Err(error) => refused(&visitor, Which::Strain, &form, error),
        }
    }
    .await;
    visitor.respond(result)
}
