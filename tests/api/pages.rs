//! The web pages through HTTP: sessions and CSRF, languages, the error pages and their headers,
//! four eyes in the forms, maps of real plasmids, registration forms, sequence search and the
//! import dry run. The browser-level story (Chromium) is `tests/e2e/run.mjs`.

use actix_web::http::Method;
use actix_web::test::TestRequest;
use serde_json::json;

use crate::common::{TestApp, TestResponse};
use bioreg::domain::accounts::Role;

const PUC19: &str = include_str!("../fixtures/genbank/pydna/pUC19_M77789.gb");

/// A browser: keeps the session cookie between requests and reads the form token off pages.
struct Browser<'a> {
    app: &'a TestApp,
    cookie: Option<String>,
    lang: Option<&'static str>,
}

impl<'a> Browser<'a> {
    fn new(app: &'a TestApp) -> Self {
        Browser {
            app,
            cookie: None,
            lang: None,
        }
    }

    async fn send(&mut self, mut request: TestRequest) -> TestResponse {
        if let Some(cookie) = &self.cookie {
            request = request.insert_header(("Cookie", format!("bioreg_session={cookie}")));
        }
        if let Some(lang) = self.lang {
            request = request.insert_header(("Accept-Language", lang));
        }
        let response = self.app.send(request).await;
        for value in response.headers.get_all("set-cookie") {
            let value = value.to_str().unwrap();
            if let Some(rest) = value.strip_prefix("bioreg_session=") {
                self.cookie = Some(rest.split(';').next().unwrap().to_string());
            }
        }
        response
    }

    async fn get(&mut self, path: &str) -> TestResponse {
        self.send(TestRequest::default().method(Method::GET).uri(path)).await
    }

    async fn post(&mut self, path: &str, fields: &[(&str, &str)]) -> TestResponse {
        let body = serde_urlencoded::to_string(fields).unwrap();
        let request = TestRequest::default()
            .method(Method::POST)
            .uri(path)
            .insert_header(("Content-Type", "application/x-www-form-urlencoded"))
            .set_payload(body);
        self.send(request).await
    }

    /// Posts a form with the token of the page at `page`.
    async fn submit(&mut self, page: &str, path: &str, fields: &[(&str, &str)]) -> TestResponse {
        let csrf = csrf(&self.get(page).await.text());
        let mut all = vec![("csrf", csrf.as_str())];
        all.extend_from_slice(fields);
        self.post(path, &all).await
    }

    async fn sign_in(&mut self, token: &str) {
        let response = self.submit("/signin", "/signin", &[("token", token)]).await;
        assert_eq!(response.status, 303, "{}", response.text());
    }
}

fn csrf(html: &str) -> String {
    let at = html.find(r#"name="csrf" value=""#).expect("a form token on the page") + 19;
    html[at..at + 64].to_string()
}

fn html(response: &TestResponse, status: u16) -> String {
    assert_eq!(response.status.as_u16(), status, "{}", response.text());
    assert_eq!(
        response.header("content-type").as_deref(),
        Some("text/html; charset=utf-8")
    );
    response.text()
}

async fn register_puc19(app: &TestApp, token: &str) -> String {
    let report = app
        .post_raw(
            "/api/v1/imports?format=genbank",
            Some(token),
            "text/x-genbank",
            PUC19.as_bytes(),
        )
        .await;
    report.ok(201)["records"][0]["accession"].as_str().unwrap().to_string()
}

#[actix_web::test]
async fn signing_in_makes_a_session_cookie_and_signing_out_ends_it() {
    let app = TestApp::new().await;
    let token = app.user("sam", Role::Submitter, None);
    let mut browser = Browser::new(&app);
    let page = browser.get("/signin").await;
    let cookie = page.header("set-cookie").unwrap();
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax") && cookie.contains("Path=/"),
        "{cookie}"
    );
    let anonymous = browser.cookie.clone().unwrap();

    // A form without its token, or with another browser's, is refused.
    let refused = browser.post("/signin", &[("token", &token)]).await;
    assert!(html(&refused, 403).contains("expired"));
    let refused = browser
        .post("/signin", &[("token", &token), ("csrf", &"0".repeat(64))])
        .await;
    html(&refused, 403);

    // A wrong token: the form again, with why.
    let wrong = browser.submit("/signin", "/signin", &[("token", "bioreg_nope")]).await;
    assert!(html(&wrong, 401).contains("not valid"));

    browser.sign_in(&token).await;
    let session = browser.cookie.clone().unwrap();
    assert_ne!(session, anonymous, "signing in replaces the browser secret");
    let home = html(&browser.get("/").await, 200);
    assert!(
        home.contains("data-testid=\"signed-in-as\"") && home.contains("sam"),
        "{home}"
    );
    assert!(home.contains(r#"href="/submit""#));
    // The cookie is never the API token.
    assert!(!session.contains(&token[7..]));

    let out = browser.submit("/", "/signout", &[]).await;
    assert_eq!(out.status, 303);
    // The old cookie no longer signs anybody in.
    browser.cookie = Some(session);
    let home = html(&browser.get("/").await, 200);
    assert!(!home.contains("signed-in-as"));
}

#[actix_web::test]
async fn revoking_the_token_ends_its_sessions() {
    let app = TestApp::new().await;
    let admin = app.admin();
    let token = app.user("sam", Role::Submitter, None);
    let mut browser = Browser::new(&app);
    browser.sign_in(&token).await;
    assert!(html(&browser.get("/submit").await, 200).contains("part-form"));
    let tokens = app.get("/api/v1/users/sam/tokens", Some(&admin)).await.ok(200);
    let id = tokens["items"][0]["id"].as_str().unwrap().to_string();
    assert_eq!(
        app.delete(&format!("/api/v1/tokens/{id}"), Some(&admin)).await.status,
        204
    );
    let page = browser.get("/submit").await;
    assert!(html(&page, 401).contains(r#"href="/signin""#));
}

#[actix_web::test]
async fn the_language_comes_from_the_query_then_the_cookie_then_accept_language() {
    let app = TestApp::new().await;
    let mut browser = Browser::new(&app);
    browser.lang = Some("zh-CN,zh;q=0.9,en;q=0.5");
    let page = html(&browser.get("/").await, 200);
    assert!(
        page.contains(r#"<html lang="zh-CN">"#) && page.contains("检索登记库"),
        "{page}"
    );
    assert!(
        page.contains(r#"href="/?lang=en""#),
        "the switch leads to the same page in English"
    );
    let page = browser.get("/?lang=en").await;
    let cookie = page
        .headers
        .get_all("set-cookie")
        .map(|v| v.to_str().unwrap().to_string())
        .collect::<Vec<_>>();
    assert!(cookie.iter().any(|c| c.starts_with("bioreg_lang=en")), "{cookie:?}");
    assert!(html(&page, 200).contains("Search the registry"));
    // With the choice remembered the Accept-Language header no longer decides.
    let request = TestRequest::default()
        .uri("/")
        .insert_header(("Cookie", "bioreg_lang=en"))
        .insert_header(("Accept-Language", "zh-CN"));
    assert!(html(&app.send(request).await, 200).contains("Search the registry"));
    let request = TestRequest::default()
        .uri("/")
        .insert_header(("Accept-Language", "fr, en;q=0.1"));
    assert!(html(&app.send(request).await, 200).contains(r#"<html lang="en">"#));
}

#[actix_web::test]
async fn pages_carry_their_own_policy_and_errors_are_pages() {
    let app = TestApp::new().await;
    let page = app.get("/parts/BRP999999", None).await;
    let body = html(&page, 404);
    assert!(body.contains("BRP999999"), "the error names the record: {body}");
    let csp = page.header("content-security-policy").unwrap();
    assert!(csp.contains("form-action 'self'") && csp.contains("style-src 'self'") && !csp.contains("script-src"));
    assert_eq!(page.header("x-frame-options").as_deref(), Some("DENY"));
    assert_eq!(page.header("cache-control").as_deref(), Some("private, no-store"));
    // The API keeps its problem+json.
    app.get("/api/v1/parts/BRP999999", None).await.problem(404);
    let css = app.get("/static/bioreg.css", None).await;
    assert_eq!(css.status, 200);
    assert!(css.header("content-type").unwrap().starts_with("text/css"));
    // Pages for signed-in visitors send anonymous ones to sign in.
    for path in ["/submit", "/imports", "/reviews"] {
        assert!(
            html(&app.get(path, None).await, 401).contains(r#"href="/signin""#),
            "{path}"
        );
    }
}

#[actix_web::test]
async fn the_map_of_a_circular_plasmid_draws_every_feature_and_the_page_has_every_panel() {
    let app = TestApp::new().await;
    let lab = app.organization("lab");
    let token = app.user("sam", Role::Submitter, Some(&lab));
    let accession = register_puc19(&app, &token).await;
    let mut browser = Browser::new(&app);
    browser.sign_in(&token).await;
    let page = html(&browser.get(&format!("/parts/{accession}")).await, 200);
    // The oracle: the feature keys of the file itself, source aside.
    let in_file = PUC19
        .lines()
        .skip_while(|l| !l.starts_with("FEATURES"))
        .skip(1)
        .take_while(|l| l.starts_with(' '))
        .filter(|l| l.len() > 5 && l.as_bytes()[5] != b' ' && !l[5..].starts_with("source"))
        .count();
    assert!(in_file >= 5);
    let drawn: std::collections::BTreeSet<&str> = page
        .match_indices(r#"data-feature-index=""#)
        .map(|(at, _)| page[at + 20..].split('"').next().unwrap())
        .collect();
    assert_eq!(drawn.len(), in_file, "every feature of the file is on the map");
    assert!(page.contains(r#"class="seqmap""#));
    for panel in [
        "features-h",
        "sequence-h",
        "twins-h",
        "carriers-h",
        "reviews-h",
        "revisions-h",
    ] {
        assert!(page.contains(&format!(r#"id="{panel}""#)), "panel {panel}");
    }
    for format in ["fasta", "genbank", "sbol3"] {
        let download = browser.get(&format!("/parts/{accession}/download/{format}")).await;
        assert_eq!(download.status, 200, "{format}");
        assert!(download.header("content-disposition").unwrap().contains(&accession));
    }
    // A draft is not shown to anonymous visitors.
    html(&app.get(&format!("/parts/{accession}"), None).await, 404);
}

#[actix_web::test]
async fn four_eyes_hide_the_review_form_from_the_author_and_the_server_refuses_it_anyway() {
    let app = TestApp::new().await;
    let author = app.user("cora", Role::Curator, None);
    let other = app.user("carl", Role::Curator, None);
    let part = app
        .post(
            "/api/v1/parts",
            Some(&author),
            json!({"name": "p", "role": "promoter", "sequence": "TTGACAGCTAGCTCAGTCCTAGGTATAATGCTAGC"}),
        )
        .await
        .ok(201);
    let accession = part["accession"].as_str().unwrap().to_string();
    let path = format!("/parts/{accession}");
    let mut cora = Browser::new(&app);
    cora.sign_in(&author).await;
    let submitted = cora
        .submit(&path, &format!("{path}/submit"), &[("revision", "1")])
        .await;
    assert_eq!(submitted.status, 303, "{}", submitted.text());
    let page = html(&cora.get(&path).await, 200);
    assert!(
        page.contains(r#"data-testid="four-eyes""#) && !page.contains("send-review"),
        "{page}"
    );
    let refused = cora
        .submit(&path, &format!("{path}/review"), &[("decision", "approve")])
        .await;
    assert!(html(&refused, 403).contains("four eyes"));

    let mut carl = Browser::new(&app);
    carl.sign_in(&other).await;
    let page = html(&carl.get("/reviews").await, 200);
    assert!(page.contains(&accession), "the queue lists the submission");
    assert!(html(&carl.get(&path).await, 200).contains("send-review"));
    // A decision other than approve needs a reason: the domain's message is shown.
    let refused = carl
        .submit(&path, &format!("{path}/review"), &[("decision", "reject")])
        .await;
    assert!(html(&refused, 422).contains("reason_code"));
    let done = carl
        .submit(
            &path,
            &format!("{path}/review"),
            &[
                ("decision", "request_changes"),
                ("reason_code", "missing_metadata"),
                ("comment", "add a host"),
            ],
        )
        .await;
    assert_eq!(done.header("location").unwrap(), format!("{path}?done=reviewed"));
    let page = html(&carl.get(&path).await, 200);
    assert!(page.contains("add a host") && page.contains(r#"data-state="changes_requested""#));
    // Readers and submitters get no queue.
    let mut reader = Browser::new(&app);
    reader.sign_in(&app.user("rita", Role::Reader, None)).await;
    html(&reader.get("/reviews").await, 403);
}

#[actix_web::test]
async fn a_stale_form_is_refused_and_an_edit_shows_in_the_revisions() {
    let app = TestApp::new().await;
    let token = app.user("sam", Role::Submitter, None);
    let part = app
        .post(
            "/api/v1/parts",
            Some(&token),
            json!({"name": "p", "role": "promoter", "sequence": "TTGACAGCTAGCTCAGTCCTAGGTATAATGCTAGC"}),
        )
        .await
        .ok(201);
    let path = format!("/parts/{}", part["accession"].as_str().unwrap());
    let mut sam = Browser::new(&app);
    sam.sign_in(&token).await;
    let edit = |description: &'static str, revision: &'static str| {
        vec![
            ("revision", revision),
            ("name", "p"),
            ("role", "promoter"),
            ("description", description),
            ("tags", "a, b"),
        ]
    };
    let saved = sam
        .submit(&path, &format!("{path}/edit"), &edit("first words", "1"))
        .await;
    assert_eq!(saved.status, 303, "{}", saved.text());
    let stale = sam
        .submit(&path, &format!("{path}/edit"), &edit("other words", "1"))
        .await;
    let stale = html(&stale, 412);
    assert!(
        stale.contains("r1") && stale.contains("Someone changed this record"),
        "an edit based on revision 1 is refused after revision 2"
    );
    let page = html(&sam.get(&path).await, 200);
    assert!(page.contains("<ins>first words</ins>"), "{page}");
}

#[actix_web::test]
async fn registration_forms_keep_the_values_and_list_the_problems() {
    let app = TestApp::new().await;
    let token = app.user("sam", Role::Submitter, None);
    let mut sam = Browser::new(&app);
    sam.sign_in(&token).await;
    let refused = sam
        .submit(
            "/submit",
            "/submit/part",
            &[
                ("name", "my promoter"),
                ("role", "promoter"),
                ("molecule_type", "dna"),
                ("topology", "linear"),
                ("sequence", "ACGTXQ"),
            ],
        )
        .await;
    let page = html(&refused, 422);
    assert!(
        page.contains("sequence") && page.contains(r#"value="my promoter""#),
        "{page}"
    );
    let done = sam
        .submit(
            "/submit",
            "/submit/part",
            &[
                ("name", "my promoter"),
                ("role", "promoter"),
                ("molecule_type", "dna"),
                ("topology", "linear"),
                ("sequence", "TTGACA GCTAGC\nTCAGTCCTAGG"),
            ],
        )
        .await;
    assert_eq!(done.status, 303);
    let part_page = done.header("location").unwrap();
    assert!(html(&sam.get(&part_page).await, 200).contains("TTGACAGCTAGCTCAGTCCTAGG"));

    let refused = sam
        .submit(
            "/submit",
            "/submit/strain",
            &[
                ("name", "K-12"),
                ("organism_type", "bacteria"),
                ("taxon_name", "Escherichia coli"),
                ("risk_group", "7"),
            ],
        )
        .await;
    assert!(html(&refused, 422).contains("risk_group"));
    let parent = sam
        .submit(
            "/submit",
            "/submit/strain",
            &[
                ("name", "K-12"),
                ("organism_type", "bacteria"),
                ("taxon_name", "Escherichia coli"),
                ("taxon_id", "562"),
                ("risk_group", "1"),
            ],
        )
        .await;
    let parent_page = parent.header("location").expect("registered");
    let parent_accession = parent_page
        .trim_start_matches("/strains/")
        .split('?')
        .next()
        .unwrap()
        .to_string();
    let child = sam
        .submit(
            "/submit",
            "/submit/strain",
            &[
                ("name", "K-12 ΔlacZ"),
                ("organism_type", "bacteria"),
                ("taxon_name", "Escherichia coli"),
                ("risk_group", "1"),
                ("parent", &parent_accession),
                ("parent_relation", "gene_knockout"),
            ],
        )
        .await;
    let child_page = html(&sam.get(child.header("location").unwrap().as_str()).await, 200);
    assert!(
        child_page.contains(r#"class="lineage""#) && child_page.contains(&parent_accession),
        "{child_page}"
    );

    // A GenBank file pasted into the file form registers the part at once.
    let done = sam
        .submit(
            "/submit",
            "/submit/part-file",
            &[("content", PUC19), ("format", "auto")],
        )
        .await;
    assert_eq!(done.status, 303, "{}", done.text());
    assert!(done.header("location").unwrap().ends_with("?done=registered"));
}

#[actix_web::test]
async fn anonymous_visitors_find_published_parts_by_text_and_by_a_fragment_of_sequence() {
    let app = TestApp::new().await;
    let lab = app.organization("lab");
    let token = app.user("sam", Role::Submitter, Some(&lab));
    let accession = register_puc19(&app, &token).await;
    let mut visitor = Browser::new(&app);
    let fragment = "GGTCTCGCGGTATCATTGCAGCACTGGGGCCAGATGG";
    let hits = visitor
        .submit("/", "/", &[("sequence", fragment), ("mode", "exact")])
        .await;
    assert!(
        !html(&hits, 200).contains(&accession),
        "a draft is not found by anonymous visitors"
    );
    app.publish(&token, "parts", &accession).await;
    let text = html(&visitor.get("/?q=puc19").await, 200);
    assert!(text.contains(&format!(r#"href="/parts/{accession}""#)), "{text}");
    let hits = html(
        &visitor
            .submit("/", "/", &[("sequence", &fragment.to_lowercase()), ("mode", "exact")])
            .await,
        200,
    );
    assert!(hits.contains(&format!("/parts/{accession}?hit=")), "{hits}");
    assert!(hits.contains(r#"class="hit""#), "the hit is drawn on the map");
    let bad = visitor
        .submit("/", "/", &[("sequence", "ACGT"), ("mode", "fuzzy")])
        .await;
    assert!(html(&bad, 422).contains("mode"));
}

#[actix_web::test]
async fn bulk_import_shows_the_dry_run_and_stores_only_what_was_checked() {
    let app = TestApp::new().await;
    let token = app.user("sam", Role::Submitter, None);
    let mut sam = Browser::new(&app);
    sam.sign_in(&token).await;
    let fasta = ">one\nTTGACAGCTAGCTCAGTCCTAGGTATAATGCTAGC\n>two\nACGTTTGACAGGCTAGCTCAGTCCTAGGACGTACGT\n";
    let report = html(
        &sam.submit(
            "/imports",
            "/imports",
            &[
                ("kind", "parts"),
                ("format", "auto"),
                ("role", "promoter"),
                ("content", fasta),
            ],
        )
        .await,
        200,
    );
    assert!(
        report.contains(r#"data-stored="false""#) && report.matches(r#"data-status="would_create""#).count() == 2,
        "{report}"
    );
    assert!(report.contains("confirm-import"));
    let sha = report
        .split(r#"name="sha256" value=""#)
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .to_string();
    let changed = sam
        .submit(
            "/imports",
            "/imports/confirm",
            &[
                ("kind", "parts"),
                ("format", "fasta"),
                ("role", "promoter"),
                ("sha256", &sha),
                ("content", ">one\nACGT\n"),
            ],
        )
        .await;
    html(&changed, 409);
    let stored = sam
        .submit(
            "/imports",
            "/imports/confirm",
            &[
                ("kind", "parts"),
                ("format", "fasta"),
                ("role", "promoter"),
                ("sha256", &sha),
                ("content", fasta),
            ],
        )
        .await;
    let stored = html(&stored, 200);
    assert!(
        stored.contains(r#"data-stored="true""#) && stored.matches(r#"data-status="created""#).count() == 2,
        "{stored}"
    );
    // A file with problems: every problem listed with its line, no confirmation offered.
    let bad = html(
        &sam.submit(
            "/imports",
            "/imports",
            &[("format", "fasta"), ("role", "promoter"), ("content", ">bad\nACGTJJ\n")],
        )
        .await,
        200,
    );
    assert!(
        bad.contains("role=\"alert\"") && !bad.contains("confirm-import"),
        "{bad}"
    );
}

#[actix_web::test]
async fn a_wide_family_is_drawn_in_turns_from_each_parent_and_the_cut_is_said() {
    let app = TestApp::new().await;
    let token = app.user("sam", Role::Submitter, None);
    let strain = |name: String, parent: Option<(String, &'static str)>| {
        let mut body = json!({"name": name, "organism_type": "bacteria", "taxon": {"name": "Escherichia coli B"}, "risk_group": 1});
        if let Some((accession, relation)) = parent {
            body["parents"] = json!([{"strain": accession, "relation": relation}]);
        }
        body
    };
    let create = |body: serde_json::Value| {
        let app = &app;
        let token = token.clone();
        async move {
            app.post("/api/v1/strains", Some(&token), body).await.ok(201)["accession"]
                .as_str()
                .unwrap()
                .to_string()
        }
    };
    let founder = create(strain("founder".into(), None)).await;
    let mut clones: Vec<Vec<String>> = Vec::new();
    for p in 0..2 {
        let population = create(strain(
            format!("population {p}"),
            Some((founder.clone(), "adaptive_evolution")),
        ))
        .await;
        let mut mine = Vec::new();
        for c in 0..8 {
            mine.push(
                create(strain(
                    format!("clone {p}.{c}"),
                    Some((population.clone(), "reisolation")),
                ))
                .await,
            );
        }
        clones.push(mine);
    }
    let mut sam = Browser::new(&app);
    sam.sign_in(&token).await;
    let page = html(&sam.get(&format!("/strains/{founder}")).await, 200);
    let drawn = |accession: &str| page.contains(&format!(r#"data-accession="{accession}""#));
    // 16 clones in one generation, 12 drawn: six of each population, the first by accession.
    for mine in &clones {
        assert_eq!(mine.iter().filter(|a| drawn(a)).count(), 6, "{page}");
        assert!(drawn(&mine[0]) && !drawn(&mine[7]));
    }
    assert!(page.contains(r#"data-testid="lineage-cut""#) && page.contains("4 more strains"));
    // The lists under the graph stay whole.
    for mine in &clones {
        for accession in mine {
            assert!(page.contains(&format!(r#"href="/strains/{accession}""#)));
        }
    }
}

#[actix_web::test]
async fn sign_in_attempts_are_rate_limited_per_address() {
    let settings = bioreg::config::Settings {
        rate_limit_per_ip: 1,
        ..Default::default()
    };
    let app = TestApp::with_settings(settings).await;
    let mut browser = Browser::new(&app);
    let mut statuses = Vec::new();
    for _ in 0..6 {
        let answer = browser.submit("/signin", "/signin", &[("token", "bioreg_guess")]).await;
        statuses.push(answer.status.as_u16());
    }
    assert!(statuses.contains(&401), "{statuses:?}");
    assert!(statuses.contains(&429), "a burst of guesses is refused: {statuses:?}");
}

#[actix_web::test]
async fn a_strain_registered_in_the_browser_is_completed_with_the_edit_form_and_submitted() {
    let app = TestApp::new().await;
    let token = app.user("sam", Role::Submitter, None);
    let mut sam = Browser::new(&app);
    sam.sign_in(&token).await;
    let basics = [
        ("name", "K-12"),
        ("organism_type", "bacteria"),
        ("taxon_name", "Escherichia coli"),
        ("risk_group", "1"),
    ];
    let registered = sam.submit("/submit", "/submit/strain", &basics).await;
    let path = registered
        .header("location")
        .unwrap()
        .split('?')
        .next()
        .unwrap()
        .to_string();
    // Without the MIRRI-IS fields the domain refuses the submission and names what is missing.
    let refused = sam.submit(&path, &format!("{path}/submit"), &[("revision", "1")]).await;
    let refused = html(&refused, 422);
    assert!(
        refused.contains("nagoya_protocol") && refused.contains("forms_of_supply"),
        "{refused}"
    );
    let mirri = [
        ("revision", "1"),
        ("name", "K-12"),
        ("genotype", "F- lambda- ilvG- rfb-50 rph-1"),
        ("restrictions_on_use", "no_restriction"),
        ("nagoya_protocol", "does_not_apply"),
        ("growth_media", "LB, M9 glucose"),
        ("growth_temperature", "37"),
        ("country", "US"),
        ("forms_of_supply", "agar"),
        ("forms_of_supply", "lyophilized"),
    ];
    let saved = sam.submit(&path, &format!("{path}/edit"), &mirri).await;
    assert_eq!(saved.status, 303, "{}", saved.text());
    let page = html(&sam.get(&path).await, 200);
    assert!(
        page.contains("M9 glucose") && page.contains("lyophilized") && page.contains("37"),
        "{page}"
    );
    assert!(
        page.contains(r#"value="lyophilized" checked"#),
        "the edit form shows what is stored"
    );
    let submitted = sam.submit(&path, &format!("{path}/submit"), &[("revision", "2")]).await;
    assert_eq!(submitted.status, 303, "{}", submitted.text());
    // A bad country is the domain's 422, with the form's field named.
    let second = sam
        .submit(
            "/submit",
            "/submit/strain",
            &[
                ("name", "B"),
                ("organism_type", "bacteria"),
                ("taxon_name", "Escherichia coli"),
                ("risk_group", "1"),
                ("country", "Atlantis"),
            ],
        )
        .await;
    assert!(html(&second, 422).contains("geographic_origin.country"));
}

#[actix_web::test]
async fn curators_withdraw_published_records_and_labs_add_samples() {
    let app = TestApp::new().await;
    let lab = app.organization("lab");
    let token = app.user("sam", Role::Submitter, Some(&lab));
    let accession = register_puc19(&app, &token).await;
    app.publish(&token, "parts", &accession).await;
    let path = format!("/parts/{accession}");
    let mut cora = Browser::new(&app);
    cora.sign_in(&app.user("cora", Role::Curator, None)).await;
    assert!(html(&cora.get(&path).await, 200).contains(r#"data-testid="withdraw""#));
    // The submitter is offered no withdrawal of a published record.
    let mut sam = Browser::new(&app);
    sam.sign_in(&token).await;
    assert!(!html(&sam.get(&path).await, 200).contains(r#"data-testid="withdraw""#));
    let done = cora
        .submit(
            &path,
            &format!("{path}/withdraw"),
            &[
                ("reason_code", "superseded"),
                ("comment", "replaced by a better annotation"),
            ],
        )
        .await;
    assert_eq!(done.header("location").unwrap(), format!("{path}?done=withdrawn"));
    let page = html(&cora.get(&path).await, 200);
    assert!(
        page.contains(r#"data-state="withdrawn""#) && page.contains("replaced by a better annotation"),
        "{page}"
    );

    let strain = app
        .post("/api/v1/strains", Some(&token), json!({"name": "K-12", "organism_type": "bacteria", "taxon": {"name": "Escherichia coli"}, "risk_group": 1}))
        .await
        .ok(201);
    let path = format!("/strains/{}", strain["accession"].as_str().unwrap());
    let place = [
        ("site", "Main"),
        ("freezer", "F1"),
        ("rack", "R1"),
        ("box", "B1"),
        ("position", "A1"),
        ("preservation_method", "glycerol -80 °C"),
    ];
    let added = sam.submit(&path, &format!("{path}/samples"), &place).await;
    assert_eq!(added.status, 303, "{}", added.text());
    let page = html(&sam.get(&path).await, 200);
    assert!(
        page.contains("glycerol -80 °C") && page.contains("Samples (1)"),
        "{page}"
    );
    // The same position again: the domain's conflict, shown as a page.
    let taken = sam.submit(&path, &format!("{path}/samples"), &place).await;
    html(&taken, 409);
}

#[actix_web::test]
async fn the_review_queue_decides_ticked_records_or_a_whole_import_in_both_languages() {
    let app = TestApp::new().await;
    app.organization("lab-a");
    let sam = app.user("sam", Role::Submitter, Some("lab-a"));
    let curator = app.user("carl", Role::Curator, None);
    let (import, accessions) = crate::batch_curation::import_parts(&app, &sam, 4, 21).await;
    app.post(&format!("/api/v1/imports/{import}/submit"), Some(&sam), json!({}))
        .await
        .ok(200);
    let mut carl = Browser::new(&app);
    carl.sign_in(&curator).await;
    let queue = format!("/reviews?import={import}");
    let page = html(&carl.get(&queue).await, 200);
    assert!(page.contains(r#"data-testid="batch-form""#), "{page}");
    assert!(page.contains(r#"data-testid="decide-import""#) && page.contains(r#"type="checkbox""#));
    assert!(page.contains(r#"data-testid="queue-counts""#) && page.contains("Lab lab-a"));
    assert!(page.contains("Decide on several records at once") && page.contains(&accessions[0]));
    let zh = html(&carl.get(&format!("{queue}&lang=zh-CN")).await, 200);
    assert!(
        zh.contains("批量审核") && zh.contains("各机构待审核数量") && zh.contains("对勾选的记录作出决定"),
        "{zh}"
    );
    // Without the form token nothing happens.
    let forged = carl
        .post(
            "/reviews/batch",
            &[("decision", "approve"), ("scope", "import"), ("import", &import)],
        )
        .await;
    assert_eq!(forged.status, 403, "{}", forged.text());
    // Two ticked records are sent back with one reason; then the rest of the import is approved.
    let first = format!(
        "part:{}",
        app.get(&format!("/api/v1/parts/{}", accessions[0]), Some(&sam))
            .await
            .ok(200)["id"]
            .as_str()
            .unwrap()
    );
    let second = format!(
        "part:{}",
        app.get(&format!("/api/v1/parts/{}", accessions[1]), Some(&sam))
            .await
            .ok(200)["id"]
            .as_str()
            .unwrap()
    );
    let done = carl
        .submit(
            &queue,
            "/reviews/batch",
            &[
                ("record", first.as_str()),
                ("record", second.as_str()),
                ("decision", "request_changes"),
                ("reason_code", "missing_metadata"),
                ("comment", "add hosts"),
                ("scope", "selected"),
            ],
        )
        .await;
    let result = html(&done, 200);
    assert!(result.contains(r#"data-testid="batch-done">2<"#), "{result}");
    carl.lang = Some("zh-CN");
    let done = carl
        .submit(
            &queue,
            "/reviews/batch",
            &[("decision", "approve"), ("scope", "import"), ("import", &import)],
        )
        .await;
    let result = html(&done, 200);
    assert!(
        result.contains(r#"data-testid="batch-done">2<"#) && result.contains("批量审核结果"),
        "{result}"
    );
    for (accession, state) in [(&accessions[0], "changes_requested"), (&accessions[3], "approved")] {
        let part = app.get(&format!("/api/v1/parts/{accession}"), Some(&sam)).await.ok(200);
        assert_eq!(part["curation_state"], state);
    }
    // Nothing ticked: the page says so.
    carl.lang = None;
    let none = carl
        .submit(
            &queue,
            "/reviews/batch",
            &[("decision", "approve"), ("scope", "selected")],
        )
        .await;
    assert!(html(&none, 422).contains("Tick at least one record"));
}
