//! Bounds on the work one request can cause (issue 19, docs/bounds.md): compressed bodies are
//! refused rather than inflated, multipart forms count every byte, parts and GenBank records carry
//! at most `MAX_FEATURES` features, SBOL composites nest at most `MAX_COMPOSITE_DEPTH` levels,
//! lineage answers stop at `MAX_LINEAGE_EDGES` edges and say so, twins, used-in and carriers come a
//! page at a time, and a part page draws at most `FEATURES_SHOWN` features. A part embeds at most
//! `EMBEDDED_TWINS` twins, revisions come a page at a time, a new parent's loop check reads at
//! most `MAX_CYCLE_CHECK_EDGES` edges, and a strain names at most `MAX_PARENTS` parents.

use std::io::Write as _;

use actix_web::http::Method;
use actix_web::test::TestRequest;
use serde_json::{json, Value};

use crate::common::{TestApp, TestResponse};
use bioreg::config::Settings;
use bioreg::domain::accounts::Role;
use bioreg::domain::page::PAGE_BYTES;
use bioreg::domain::parts::input::MAX_FEATURES;
use bioreg::domain::parts::view::EMBEDDED_TWINS;
use bioreg::domain::strains::input::{MAX_CARRIED_PARTS, MAX_PARENTS};
use bioreg::domain::strains::lineage::{MAX_CYCLE_CHECK_EDGES, MAX_LINEAGE_EDGES};
use bioreg::pages::parts::FEATURES_SHOWN;

fn random_dna(length: usize) -> String {
    (0..length).map(|_| b"ACGT"[rand::random_range(0..4)] as char).collect()
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    encoder.write_all(bytes).unwrap();
    encoder.finish().unwrap()
}

async fn send(
    app: &TestApp,
    method: Method,
    path: &str,
    token: Option<&str>,
    headers: &[(&str, &str)],
    body: Vec<u8>,
) -> TestResponse {
    let mut request = TestRequest::default().method(method).uri(path);
    if let Some(token) = token {
        request = request.insert_header(("Authorization", format!("Bearer {token}")));
    }
    for (name, value) in headers {
        request = request.insert_header((*name, *value));
    }
    app.send(request.set_payload(body)).await
}

/// The `Link: <…>; rel="next"` target of a paged array answer, if any.
fn next_link(response: &TestResponse) -> Option<String> {
    let link = response.header("link")?;
    assert!(link.ends_with("; rel=\"next\""), "{link}");
    Some(link[1..link.find('>').unwrap()].to_string())
}

/// The accessions of a page (`{items, next_cursor}`) or of an array.
fn accessions(page: &Value) -> Vec<String> {
    page.get("items")
        .unwrap_or(page)
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["accession"].as_str().unwrap().to_string())
        .collect()
}

#[actix_web::test]
async fn compressed_bodies_are_refused_before_anything_is_inflated() {
    // 1 MiB of JSON whitespace around `{}`, gzipped to about 1 KiB: a small bomb. With actix's
    // decoder the chunk was inflated whole before the body limit (here 64 KiB) was checked.
    let settings = Settings {
        max_body_bytes: 64 * 1024,
        ..Settings::default()
    };
    let app = TestApp::with_settings(settings).await;
    let token = app.user("sub", Role::Submitter, None);
    let mut json = vec![b' '; 1024 * 1024];
    json[0] = b'{';
    *json.last_mut().unwrap() = b'}';
    let bomb = gzip(&json);
    assert!(bomb.len() < 4096, "{}", bomb.len());
    for encoding in ["gzip", "br", "zstd", "deflate, gzip"] {
        let headers = [("content-type", "application/json"), ("content-encoding", encoding)];
        let problem = send(
            &app,
            Method::POST,
            "/api/v1/parts",
            Some(&token),
            &headers,
            bomb.clone(),
        )
        .await
        .problem(415);
        assert!(
            problem["detail"].as_str().unwrap().contains("Content-Encoding"),
            "{problem}"
        );
    }
    let headers = [("content-type", "text/x-genbank"), ("content-encoding", "gzip")];
    send(
        &app,
        Method::POST,
        "/api/v1/imports?format=genbank",
        Some(&token),
        &headers,
        bomb.clone(),
    )
    .await
    .problem(415);
    // `identity` is no encoding at all.
    let headers = [("content-type", "application/json"), ("content-encoding", "identity")];
    let part = json!({"name": "p", "role": "promoter", "sequence": random_dna(40)});
    send(
        &app,
        Method::POST,
        "/api/v1/parts",
        Some(&token),
        &headers,
        part.to_string().into_bytes(),
    )
    .await
    .ok(201);
    // The pages' forms too (an HTML error page with the status).
    let headers = [
        ("content-type", "application/x-www-form-urlencoded"),
        ("content-encoding", "gzip"),
    ];
    let page = send(&app, Method::POST, "/signin", None, &headers, bomb).await;
    assert_eq!(page.status.as_u16(), 415, "{}", page.text());
}

#[actix_web::test]
async fn multipart_fields_other_than_the_file_count_against_the_import_limit() {
    let settings = Settings {
        max_import_bytes: 16 * 1024,
        ..Settings::default()
    };
    let app = TestApp::with_settings(settings).await;
    let token = app.user("sub", Role::Submitter, None);
    let mut body = Vec::new();
    for i in 0..3 {
        body.extend_from_slice(
            format!(
                "--b\r\nContent-Disposition: form-data; name=\"note{i}\"\r\n\r\n{}\r\n",
                "x".repeat(8 * 1024)
            )
            .as_bytes(),
        );
    }
    body.extend_from_slice(b"--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.fasta\"\r\n\r\n>a\nACGTACGTAC\r\n--b--\r\n");
    let headers = [("content-type", "multipart/form-data; boundary=b")];
    send(
        &app,
        Method::POST,
        "/api/v1/imports?dry_run=true",
        Some(&token),
        &headers,
        body,
    )
    .await
    .problem(413);
}

/// `count` features of 1 bp, as JSON.
fn features(count: usize) -> Vec<Value> {
    (0..count)
        .map(|i| json!({"type": "misc_feature", "start": i % 40 + 1, "end": i % 40 + 1}))
        .collect()
}

#[actix_web::test]
async fn a_part_with_more_than_max_features_is_refused_naming_the_field() {
    let app = TestApp::new().await;
    let token = app.user("sub", Role::Submitter, None);
    let sequence = random_dna(40);
    let too_many =
        json!({"name": "p", "role": "promoter", "sequence": sequence, "features": features(MAX_FEATURES + 1)});
    let problem = app.create_part(&token, too_many).await.problem(422);
    assert_eq!(problem["errors"][0]["field"], "features", "{problem}");
    assert!(
        problem["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains(&MAX_FEATURES.to_string()),
        "{problem}"
    );
}

#[actix_web::test]
async fn a_genbank_record_with_more_than_max_features_is_refused_with_its_line() {
    // The file is larger than BIOREG_ASYNC_IMPORT_BYTES' default: checked in the request here, as
    // a job at the end.
    let app = TestApp::with_settings(Settings {
        async_import_bytes: usize::MAX,
        ..Settings::default()
    })
    .await;
    let token = app.user("sub", Role::Submitter, None);
    let mut file = String::from(
        "LOCUS       pBig                      40 bp    DNA     linear   SYN 01-JAN-2024\nFEATURES             Location/Qualifiers\n",
    );
    for i in 0..=MAX_FEATURES {
        file.push_str(&format!("     misc_feature    {}\n", i % 40 + 1));
    }
    file.push_str("ORIGIN\n        1 acgtacgtac gtacgtacgt acgtacgtac gtacgtacgt\n//\n");
    let headers = [("content-type", "text/x-genbank")];
    let started = std::time::Instant::now();
    let problem = send(
        &app,
        Method::POST,
        "/api/v1/imports?format=genbank&dry_run=true",
        Some(&token),
        &headers,
        file.clone().into_bytes(),
    )
    .await
    .problem(422);
    let text = problem.to_string();
    assert!(text.contains(&format!("more than {MAX_FEATURES} features")), "{text}");
    // The LOCUS line is line 1 and FEATURES line 2, so feature MAX_FEATURES + 1 stands on the line
    // MAX_FEATURES + 3.
    assert!(text.contains(&format!("{}", MAX_FEATURES + 3)), "{text}");
    assert!(started.elapsed().as_secs() < 30, "{:?}", started.elapsed());

    // As a job: it fails with the same problem.
    let headers = [("content-type", "text/x-genbank"), ("prefer", "respond-async")];
    let job = send(
        &app,
        Method::POST,
        "/api/v1/imports?format=genbank&dry_run=true",
        Some(&token),
        &headers,
        file.into_bytes(),
    )
    .await
    .ok(202);
    let path = format!("/api/v1/imports/{}", job["id"].as_str().unwrap());
    let ended = loop {
        let job = app.get(&path, Some(&token)).await.ok(200);
        if job["state"] == "failed" || job["state"] == "succeeded" {
            break job;
        }
        assert!(started.elapsed().as_secs() < 60, "{job}");
        actix_web::rt::time::sleep(std::time::Duration::from_millis(20)).await;
    };
    assert_eq!(ended["state"], "failed", "{ended}");
    let text = ended["error"].to_string();
    assert!(text.contains(&format!("more than {MAX_FEATURES} features")), "{text}");
}

/// A Turtle SBOL3 document: `depth` Components, each (but the last) a composite of the next one.
fn nested_sbol3(depth: usize) -> String {
    let mut doc = String::from(
        "@prefix sbol: <http://sbols.org/v3#> .\n@prefix SBO: <https://identifiers.org/SBO:> .\n@prefix SO: <https://identifiers.org/SO:> .\n@prefix : <https://example.org/> .\n",
    );
    doc.push_str(":seq a sbol:Sequence ; sbol:displayId \"seq\" ; sbol:hasNamespace <https://example.org> ; sbol:elements \"acgtacgtacgtacgtacgt\" ; sbol:encoding <https://identifiers.org/edam:format_1207> .\n");
    for level in 0..depth {
        doc.push_str(&format!(
            ":c{level} a sbol:Component ; sbol:displayId \"c{level}\" ; sbol:hasNamespace <https://example.org> ; sbol:type SBO:0000251 ; sbol:role SO:0000804 ; sbol:hasSequence :seq"
        ));
        if level + 1 < depth {
            doc.push_str(&format!(
                " ; sbol:hasFeature <https://example.org/c{level}/sub> .\n<https://example.org/c{level}/sub> a sbol:SubComponent ; sbol:displayId \"sub\" ; sbol:instanceOf :c{} ; sbol:hasLocation <https://example.org/c{level}/sub/range> .\n<https://example.org/c{level}/sub/range> a sbol:Range ; sbol:displayId \"range\" ; sbol:hasSequence :seq ; sbol:start 1 ; sbol:end 20 .\n",
                level + 1
            ));
        } else {
            doc.push_str(" .\n");
        }
    }
    doc
}

#[actix_web::test]
async fn sbol_composites_nest_at_most_max_composite_depth_levels() {
    use bioreg::domain::formats::sbol3::MAX_COMPOSITE_DEPTH;
    let app = TestApp::new().await;
    let token = app.user("sub", Role::Submitter, None);
    let headers = [("content-type", "text/turtle")];
    let query = "/api/v1/imports?format=sbol3&dry_run=true&duplicates=allow";
    let shallow = nested_sbol3(3);
    let report = send(&app, Method::POST, query, Some(&token), &headers, shallow.into_bytes())
        .await
        .ok(200);
    assert_eq!(report["records"].as_array().unwrap().len(), 3, "{report}");
    let deep = nested_sbol3(MAX_COMPOSITE_DEPTH + 2);
    let problem = send(&app, Method::POST, query, Some(&token), &headers, deep.into_bytes())
        .await
        .problem(422);
    assert!(problem.to_string().contains("levels deep"), "{problem}");
}

#[actix_web::test]
async fn a_lineage_larger_than_max_lineage_edges_is_truncated_and_says_so() {
    let app = TestApp::new().await;
    let token = app.user("sub", Role::Submitter, None);
    // Each strain derived from every earlier one: n strains, n(n-1)/2 edges, all below the first.
    let mut strains: Vec<String> = Vec::new();
    while strains.len() * strains.len().saturating_sub(1) / 2 <= MAX_LINEAGE_EDGES {
        let parents: Vec<Value> = strains
            .iter()
            .map(|a| json!({"strain": a, "relation": "other"}))
            .collect();
        let strain = app
            .strain(&token, &format!("s{}", strains.len()), Value::Array(parents))
            .await;
        strains.push(strain["accession"].as_str().unwrap().to_string());
    }
    let path = format!("/api/v1/strains/{}/lineage?direction=descendants", strains[0]);
    let lineage = app.get(&path, Some(&token)).await.ok(200);
    assert_eq!(
        lineage["truncated"],
        true,
        "{}",
        lineage["edges"].as_array().unwrap().len()
    );
    assert_eq!(lineage["edges"].as_array().unwrap().len(), MAX_LINEAGE_EDGES);
    // A family within the bound is whole.
    let path = format!("/api/v1/strains/{}/lineage?direction=ancestors", strains[3]);
    let lineage = app.get(&path, Some(&token)).await.ok(200);
    assert_eq!(lineage["truncated"], false);
    assert_eq!(lineage["edges"].as_array().unwrap().len(), 6);
}

/// Follows `Link: rel="next"` from `path` with `limit=2`, returning every page's accessions.
async fn pages(app: &TestApp, token: &str, path: &str) -> Vec<Vec<String>> {
    let mut next = Some(format!("{path}?limit=2"));
    let mut pages = Vec::new();
    while let Some(path) = next {
        let response = app.get(&path, Some(token)).await;
        let page = response.ok(200);
        let items = &page["items"];
        pages.push(match items[0].get("strain") {
            Some(_) => items
                .as_array()
                .unwrap()
                .iter()
                .map(|c| c["strain"]["accession"].as_str().unwrap().to_string())
                .collect(),
            None => accessions(items),
        });
        // The `Link` header and `next_cursor` name the same next page.
        next = next_link(&response);
        assert_eq!(next.is_some(), page["next_cursor"].is_string());
        assert!(pages.len() < 10);
    }
    pages
}

#[actix_web::test]
async fn used_in_twins_and_carriers_come_a_page_at_a_time() {
    let app = TestApp::new().await;
    let token = app.user("sub", Role::Submitter, None);
    let backbone_sequence = random_dna(60);
    let backbone = app
        .create_part(
            &token,
            json!({"name": "backbone", "role": "engineered_region", "sequence": backbone_sequence}),
        )
        .await
        .ok(201);
    let accession = backbone["accession"].as_str().unwrap().to_string();
    let mut composites = Vec::new();
    let mut twins = Vec::new();
    for i in 0..3 {
        let composite = app
            .create_part(
                &token,
                json!({"name": format!("c{i}"), "role": "engineered_region",
                "components": [{"part": accession}, {"linker": random_dna(12)}]}),
            )
            .await
            .ok(201);
        composites.push(composite["accession"].as_str().unwrap().to_string());
        let twin = app
            .create_part(
                &token,
                json!({"name": format!("t{i}"), "role": "engineered_region", "sequence": backbone_sequence,
                "allow_duplicate": true, "duplicate_reason": "a copy for the test"}),
            )
            .await
            .ok(201);
        twins.push(twin["accession"].as_str().unwrap().to_string());
        app.create_strain(
            &token,
            json!({"name": format!("s{i}"), "organism_type": "bacteria",
            "taxon": {"name": "Escherichia coli", "ncbi_taxid": 562}, "risk_group": 1,
            "parts": [{"part": composites[i], "relation": "plasmid"}]}),
        )
        .await
        .ok(201);
    }
    let used_in = pages(&app, &token, &format!("/api/v1/parts/{accession}/used-in")).await;
    assert_eq!(used_in, vec![composites[..2].to_vec(), composites[2..].to_vec()]);
    let found = pages(&app, &token, &format!("/api/v1/parts/{accession}/twins")).await;
    assert_eq!(found, vec![twins[..2].to_vec(), twins[2..].to_vec()]);
    let carriers = pages(&app, &token, &format!("/api/v1/parts/{accession}/strains")).await;
    assert_eq!(
        carriers.iter().map(Vec::len).collect::<Vec<_>>(),
        vec![2, 1],
        "{carriers:?}"
    );
    // The default page holds them all, and a bad limit is named.
    let all = app
        .get(&format!("/api/v1/parts/{accession}/used-in"), Some(&token))
        .await;
    assert_eq!(accessions(&all.ok(200)), composites);
    assert_eq!(all.header("link"), None);
    let problem = app
        .get(&format!("/api/v1/parts/{accession}/twins?limit=501"), Some(&token))
        .await
        .problem(422);
    assert_eq!(problem["errors"][0]["field"], "limit");
}

#[actix_web::test]
async fn a_part_page_draws_at_most_features_shown_features() {
    let app = TestApp::new().await;
    let token = app.user("sub", Role::Submitter, None);
    let part = app
        .create_part(
            &token,
            json!({"name": "crowded", "role": "promoter", "sequence": random_dna(40),
            "features": features(FEATURES_SHOWN + 5)}),
        )
        .await
        .ok(201);
    let accession = part["accession"].as_str().unwrap();
    app.publish(&token, "parts", accession).await;
    let page = app.get(&format!("/parts/{accession}"), None).await;
    assert_eq!(page.status.as_u16(), 200);
    let html = page.text();
    assert!(
        html.contains("Only the first features are drawn"),
        "the page does not say features were cut"
    );
    assert!(html.contains(&format!("id=\"feature-{}\"", FEATURES_SHOWN - 1)));
    assert!(!html.contains(&format!("id=\"feature-{FEATURES_SHOWN}\"")));
    assert_eq!(
        html.matches("data-feature-index=").count(),
        FEATURES_SHOWN,
        "map features drawn"
    );
}

#[actix_web::test]
async fn a_diff_names_a_value_too_large_to_carry_without_copying_it() {
    use bioreg::domain::audit::MAX_DIFF_VALUE_BYTES;
    let app = TestApp::new().await;
    let token = app.user("sub", Role::Submitter, None);
    let part = app
        .create_part(
            &token,
            json!({"name": "big", "role": "promoter", "sequence": random_dna(MAX_DIFF_VALUE_BYTES + 1)}),
        )
        .await
        .ok(201);
    let path = format!("/api/v1/parts/{}", part["accession"].as_str().unwrap());
    app.patch_raw(
        &path,
        &token,
        Some("\"r1\""),
        json!({"sequence": random_dna(MAX_DIFF_VALUE_BYTES + 1), "description": "new"}),
    )
    .await
    .ok(200);
    let diff = app
        .get(&format!("{path}/revisions/1/diff/2"), Some(&token))
        .await
        .ok(200);
    let change = |field: &str| {
        diff["changes"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["field"] == field)
            .cloned()
            .unwrap()
    };
    let sequence = change("sequence");
    assert_eq!(sequence["omitted"], true, "{sequence}");
    assert_eq!(sequence["before"], Value::Null);
    assert_eq!(sequence["after"], Value::Null);
    let description = change("description");
    assert_eq!(description["omitted"], false);
    assert_eq!(description["after"], "new");
    assert!(diff.to_string().len() < 16 * 1024, "{}", diff.to_string().len());
}

#[actix_web::test]
async fn a_page_of_parts_with_sequences_stops_at_page_bytes() {
    let app = TestApp::new().await;
    let token = app.user("sub", Role::Submitter, None);
    let half = PAGE_BYTES as usize / 2 + 1;
    for name in ["a", "b"] {
        let sequence = "ACGT".repeat(half / 4 + 1);
        let sequence = if name == "a" { sequence } else { format!("T{sequence}") };
        app.create_part(
            &token,
            json!({"name": name, "role": "engineered_region", "sequence": sequence}),
        )
        .await
        .ok(201);
    }
    let first = app
        .get("/api/v1/parts?include=sequence&limit=2", Some(&token))
        .await
        .ok(200);
    assert_eq!(first["items"].as_array().unwrap().len(), 1);
    let cursor = first["next_cursor"].as_str().unwrap();
    let second = app
        .get(
            &format!("/api/v1/parts?include=sequence&limit=2&cursor={cursor}"),
            Some(&token),
        )
        .await
        .ok(200);
    assert_eq!(second["items"].as_array().unwrap().len(), 1);
    assert_eq!(second["items"][0]["name"], "b");
    // Without sequences the same page holds both.
    let listed = app.get("/api/v1/parts?limit=2", Some(&token)).await.ok(200);
    assert_eq!(listed["items"].as_array().unwrap().len(), 2);
}

/// Names of every item of a list, page after page, and the size of each page.
async fn every_page(app: &TestApp, path: &str, token: Option<&str>) -> (Vec<String>, Vec<usize>) {
    let (mut names, mut sizes) = (Vec::new(), Vec::new());
    let mut cursor: Option<String> = None;
    loop {
        let separator = if path.contains('?') { '&' } else { '?' };
        let url = match &cursor {
            Some(c) => format!("{path}{separator}cursor={c}"),
            None => path.to_string(),
        };
        let page = app.get(&url, token).await.ok(200);
        let items = page["items"].as_array().unwrap();
        sizes.push(items.len());
        names.extend(items.iter().map(|i| i["name"].as_str().unwrap().to_string()));
        match page["next_cursor"].as_str() {
            Some(next) => cursor = Some(next.to_string()),
            None => return (names, sizes),
        }
    }
}

#[actix_web::test]
async fn a_page_of_large_records_stops_at_page_bytes_without_sequences() {
    // Three parts each holding more than half a page in text (a long description): a list of 10
    // reads them one page at a time, and loses none.
    let app = TestApp::new().await;
    let token = app.user("sub", Role::Submitter, None);
    let description = "x".repeat(PAGE_BYTES as usize / 2 + 1);
    for name in ["a", "b", "c"] {
        app.create_part(
            &token,
            json!({"name": name, "role": "promoter", "sequence": random_dna(50), "description": description}),
        )
        .await
        .ok(201);
    }
    app.create_part(
        &token,
        json!({"name": "small", "role": "promoter", "sequence": random_dna(50)}),
    )
    .await
    .ok(201);
    let (names, sizes) = every_page(&app, "/api/v1/parts?limit=10&sort=name&include=record", Some(&token)).await;
    assert_eq!(names, ["a", "b", "c", "small"]);
    assert_eq!(sizes, [1, 1, 1, 1], "a page holds one record larger than the page");
    // Summaries do not read the descriptions: one page holds them all.
    let (names, sizes) = every_page(&app, "/api/v1/parts?limit=10&sort=name", Some(&token)).await;
    assert_eq!(names, ["a", "b", "c", "small"]);
    assert_eq!(sizes, [4]);

    // Strains the same: a long phenotype.
    let phenotype = "y".repeat(PAGE_BYTES as usize / 2 + 1);
    for name in ["s1", "s2"] {
        app.create_strain(
            &token,
            json!({"name": name, "organism_type": "bacteria", "taxon": {"name": "Escherichia coli"},
                   "risk_group": 1, "phenotype": phenotype}),
        )
        .await
        .ok(201);
    }
    let (names, sizes) = every_page(&app, "/api/v1/strains?limit=10&include=record", Some(&token)).await;
    assert_eq!(names, ["s1", "s2"]);
    assert_eq!(sizes, [1, 1]);
    let (names, sizes) = every_page(&app, "/api/v1/strains?limit=10", Some(&token)).await;
    assert_eq!(names, ["s1", "s2"]);
    assert_eq!(sizes, [2], "summaries do not read the phenotypes");
}

#[actix_web::test]
async fn a_page_counts_the_published_revision_readers_see_not_the_head() {
    // Published with a long description, then edited to a short one: readers outside the
    // organisation still see (and a page reads) the long published revision.
    let app = TestApp::new().await;
    app.organization("lab");
    let token = app.user("sub", Role::Submitter, Some("lab"));
    let description = "x".repeat(PAGE_BYTES as usize / 2 + 1);
    for name in ["a", "b"] {
        let part = app
            .create_part(
                &token,
                json!({"name": name, "role": "promoter", "sequence": random_dna(50), "description": description}),
            )
            .await
            .ok(201);
        let accession = part["accession"].as_str().unwrap().to_string();
        app.publish(&token, "parts", &accession).await;
        app.patch(
            &format!("/api/v1/parts/{accession}"),
            &token,
            None,
            json!({"description": "short"}),
        )
        .await
        .ok(200);
    }
    let (names, sizes) = every_page(&app, "/api/v1/parts?limit=10&sort=name&include=record", Some(&token)).await;
    assert_eq!(names, ["a", "b"]);
    assert_eq!(sizes, [2], "the owner reads the short heads");
    let (names, sizes) = every_page(&app, "/api/v1/parts?limit=10&sort=name&include=record", None).await;
    assert_eq!(names, ["a", "b"]);
    assert_eq!(sizes, [1, 1], "anonymous readers read the long published revisions");
}

#[actix_web::test]
async fn a_part_embeds_at_most_embedded_twins_twins_and_says_when_there_are_more() {
    let app = TestApp::new().await;
    let token = app.user("sub", Role::Submitter, None);
    let sequence = random_dna(60);
    let mut all = Vec::new();
    for i in 0..EMBEDDED_TWINS + 2 {
        let part = app
            .create_part(
                &token,
                json!({"name": format!("t{i}"), "role": "promoter", "sequence": sequence,
                "allow_duplicate": i > 0, "duplicate_reason": (i > 0).then_some("a copy for the test")}),
            )
            .await
            .ok(201);
        // While it has no more than EMBEDDED_TWINS twins, a part lists them all.
        assert_eq!(part["twins"].as_array().unwrap().len(), i.min(EMBEDDED_TWINS), "{i}");
        assert_eq!(part["twins_truncated"], i > EMBEDDED_TWINS, "{i}");
        all.push(part["accession"].as_str().unwrap().to_string());
    }
    let first = app
        .get(&format!("/api/v1/parts/{}", all[0]), Some(&token))
        .await
        .ok(200);
    assert_eq!(first["twins_truncated"], true);
    // The embedded twins are the start of the `/twins` list, which has the rest.
    let listed = app
        .get(&format!("/api/v1/parts/{}/twins?limit=500", all[0]), Some(&token))
        .await
        .ok(200);
    assert_eq!(accessions(&listed), all[1..].to_vec());
    assert_eq!(accessions(&first["twins"]), all[1..=EMBEDDED_TWINS].to_vec());
    // Lists embed the same bounded twins.
    let page = app.list(&token, "limit=500&include=record").await;
    for item in page["items"].as_array().unwrap() {
        assert_eq!(item["twins"].as_array().unwrap().len(), EMBEDDED_TWINS);
        assert_eq!(item["twins_truncated"], true);
    }
    // Another organisation sees none of the drafts, and is not told that there are more.
    let org = app.organization("other");
    let other = app.user("other", Role::Submitter, Some(&org));
    app.publish(&token, "parts", &all[0]).await;
    let seen = app
        .get(&format!("/api/v1/parts/{}", all[0]), Some(&other))
        .await
        .ok(200);
    assert_eq!(seen["twins"], json!([]));
    assert_eq!(seen["twins_truncated"], false);
}

#[actix_web::test]
async fn revisions_come_a_page_at_a_time() {
    let app = TestApp::new().await;
    let token = app.user("sub", Role::Submitter, None);
    let part = app
        .create_part(
            &token,
            json!({"name": "p", "role": "promoter", "sequence": random_dna(40)}),
        )
        .await
        .ok(201);
    let accession = part["accession"].as_str().unwrap().to_string();
    let path = format!("/api/v1/parts/{accession}");
    for i in 0..4 {
        app.patch(&path, &token, None, json!({"description": format!("edit {i}")}))
            .await
            .ok(200);
    }
    let mut next = Some(format!("{path}/revisions?limit=2"));
    let mut pages = Vec::new();
    while let Some(page) = next {
        let response = app.get(&page, Some(&token)).await;
        let numbers: Vec<i64> = response.ok(200)["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["revision"].as_i64().unwrap())
            .collect();
        pages.push(numbers);
        next = next_link(&response);
        assert!(pages.len() < 10);
    }
    assert_eq!(pages, vec![vec![1, 2], vec![3, 4], vec![5]]);
    // The default page holds them all; bad paging is named.
    let all = app.get(&format!("{path}/revisions"), Some(&token)).await;
    assert_eq!(all.ok(200)["items"].as_array().unwrap().len(), 5);
    assert_eq!(all.header("link"), None);
    for (query, field) in [("limit=501", "limit"), ("cursor=nonsense", "cursor")] {
        let problem = app
            .get(&format!("{path}/revisions?{query}"), Some(&token))
            .await
            .problem(422);
        assert_eq!(problem["errors"][0]["field"], field, "{problem}");
    }
    // Strains page the same way.
    let strain = app.strain(&token, "s", json!([])).await;
    let strain_path = format!("/api/v1/strains/{}", strain["accession"].as_str().unwrap());
    app.patch(&strain_path, &token, None, json!({"genotype": "edited"}))
        .await
        .ok(200);
    let response = app.get(&format!("{strain_path}/revisions?limit=1"), Some(&token)).await;
    assert_eq!(response.ok(200)["items"].as_array().unwrap().len(), 1);
    assert!(next_link(&response).is_some());
}

#[actix_web::test]
async fn a_new_parent_whose_ancestry_is_too_large_to_check_is_refused() {
    let app = TestApp::new().await;
    let token = app.user("sub", Role::Submitter, None);
    // Each strain derived from every earlier one: the last has n(n-1)/2 ancestor edges.
    let mut strains: Vec<String> = Vec::new();
    while strains.len() * strains.len().saturating_sub(1) / 2 <= MAX_CYCLE_CHECK_EDGES {
        let parents: Vec<Value> = strains
            .iter()
            .map(|a| json!({"strain": a, "relation": "other"}))
            .collect();
        let strain = app
            .strain(&token, &format!("s{}", strains.len()), Value::Array(parents))
            .await;
        strains.push(strain["accession"].as_str().unwrap().to_string());
    }
    let last = strains.last().unwrap().clone();
    let fresh = app.strain(&token, "fresh", json!([])).await;
    let fresh_path = format!("/api/v1/strains/{}", fresh["accession"].as_str().unwrap());
    let problem = app
        .patch(
            &fresh_path,
            &token,
            None,
            json!({"parents": [{"strain": last, "relation": "other"}]}),
        )
        .await
        .problem(422);
    assert_eq!(problem["errors"][0]["field"], "parents[0].strain", "{problem}");
    assert!(problem.to_string().contains("ancestor edges"), "{problem}");
    // A parent with a small ancestry is checked whole: a loop is still found and named.
    let problem = app
        .patch(
            &format!("/api/v1/strains/{}", strains[0]),
            &token,
            None,
            json!({"parents": [{"strain": strains[1], "relation": "other"}]}),
        )
        .await
        .problem(422);
    assert!(problem.to_string().contains("would loop"), "{problem}");
    // Edges already stored are not checked again: the last strain stays editable.
    app.patch(
        &format!("/api/v1/strains/{last}"),
        &token,
        None,
        json!({"genotype": "still editable"}),
    )
    .await
    .ok(200);
}

#[actix_web::test]
async fn a_strain_names_at_most_max_parents_parents_and_carries_at_most_max_carried_parts() {
    let app = TestApp::new().await;
    let token = app.user("sub", Role::Submitter, None);
    let parents: Vec<Value> = (0..=MAX_PARENTS)
        .map(|i| json!({"strain": format!("BRS{i:06}"), "relation": "other"}))
        .collect();
    let problem = app
        .create_strain(
            &token,
            json!({"name": "s", "organism_type": "bacteria", "taxon": {"name": "Escherichia coli", "ncbi_taxid": 562},
                   "risk_group": 1, "parents": parents}),
        )
        .await
        .problem(422);
    assert_eq!(problem["errors"][0]["field"], "parents", "{problem}");
    let parts: Vec<Value> = (0..=MAX_CARRIED_PARTS)
        .map(|i| json!({"part": format!("BRP{i:06}"), "relation": "plasmid"}))
        .collect();
    let problem = app
        .create_strain(
            &token,
            json!({"name": "s", "organism_type": "bacteria", "taxon": {"name": "Escherichia coli", "ncbi_taxid": 562},
                   "risk_group": 1, "parts": parts}),
        )
        .await
        .problem(422);
    assert_eq!(problem["errors"][0]["field"], "parts", "{problem}");
}
