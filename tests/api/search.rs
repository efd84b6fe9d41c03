//! Sequence search through HTTP: exact, approximate and similarity modes on both strands, across
//! the origin of circular parts, IUPAC letters, visibility, the index following creates, edits,
//! withdrawals and curation, a second instance following the change feed, and validation.

use std::time::{Duration, Instant};

use serde_json::{json, Value};

use crate::common::{random, revcomp, TestApp};
use bioreg::config::Settings;
use bioreg::domain::accounts::Role;

impl TestApp {
    async fn search(&self, token: Option<&str>, body: Value) -> Value {
        self.post("/api/v1/search/sequence", token, body).await.ok(200)
    }

    /// Accessions of the hits, in order.
    async fn found(&self, token: Option<&str>, body: Value) -> Vec<String> {
        self.search(token, body).await["hits"]
            .as_array()
            .unwrap()
            .iter()
            .map(|h| h["part"]["accession"].as_str().unwrap().to_string())
            .collect()
    }

    async fn register(&self, token: &str, name: &str, sequence: &str, topology: &str) -> String {
        let body = json!({"name": name, "role": "CDS", "sequence": sequence, "topology": topology});
        self.create_part(token, body).await.ok(201)["accession"]
            .as_str()
            .unwrap()
            .to_string()
    }
}

#[actix_web::test]
async fn exact_search_finds_both_strands_with_positions() {
    let app = TestApp::new().await;
    let token = app.user("lab", Role::Submitter, None);
    let sequence = random(600, 1);
    let accession = app.register(&token, "target", &sequence, "linear").await;
    app.register(&token, "other", &random(600, 2), "linear").await;

    let forward = &sequence[100..160];
    let result = app.search(Some(&token), json!({"sequence": forward})).await;
    assert_eq!(result["mode"], "exact");
    assert_eq!(result["query_length"], 60);
    let hits = result["hits"].as_array().unwrap();
    assert_eq!(hits.len(), 1, "{result}");
    let hit = &hits[0];
    assert_eq!(hit["part"]["accession"], accession.as_str());
    assert_eq!(hit["part"]["name"], "target");
    assert_eq!(
        (hit["strand"].as_str(), hit["start"].as_u64(), hit["end"].as_u64()),
        (Some("forward"), Some(101), Some(160))
    );
    assert_eq!(
        (hit["query_start"].as_u64(), hit["query_end"].as_u64()),
        (Some(1), Some(60))
    );
    assert_eq!(
        (hit["identity"].as_f64(), hit["differences"].as_u64()),
        (Some(1.0), Some(0))
    );
    assert!(hit.get("evalue").is_none(), "exact hits carry no E-value");

    let reverse = revcomp(forward).to_lowercase();
    let hit = &app.search(Some(&token), json!({"sequence": reverse})).await["hits"][0];
    assert_eq!(
        (hit["strand"].as_str(), hit["start"].as_u64(), hit["end"].as_u64()),
        (Some("reverse"), Some(101), Some(160))
    );
    let none = app
        .found(Some(&token), json!({"sequence": reverse, "strands": "forward"}))
        .await;
    assert!(none.is_empty(), "forward strand only");
    // RNA queries read U as T.
    let rna = forward.replace('T', "U");
    let found = app
        .found(Some(&token), json!({"sequence": rna, "molecule_type": "rna"}))
        .await;
    assert_eq!(found, vec![accession.clone()]);
    // The shortest query: 8 bases (may occur more than once by chance; the true place is there).
    let short = app
        .search(Some(&token), json!({"sequence": &sequence[300..308], "limit": 50}))
        .await;
    assert!(short["hits"]
        .as_array()
        .unwrap()
        .iter()
        .any(|h| h["part"]["accession"] == accession.as_str() && h["start"] == 301));
}

#[actix_web::test]
async fn hits_across_the_origin_of_circular_parts() {
    let app = TestApp::new().await;
    let token = app.user("lab", Role::Submitter, None);
    let plasmid = random(2000, 3);
    let accession = app.register(&token, "plasmid", &plasmid, "circular").await;
    let linear = app.register(&token, "same, linear", &random(2000, 3), "linear").await;
    let across = format!("{}{}", &plasmid[1970..], &plasmid[..50]);
    let result = app.search(Some(&token), json!({"sequence": across})).await;
    let hits = result["hits"].as_array().unwrap();
    assert_eq!(hits.len(), 1, "only the circular part holds the junction: {result}");
    let hit = &hits[0];
    assert_eq!(hit["part"]["accession"], accession.as_str());
    assert_eq!((hit["start"].as_u64(), hit["end"].as_u64()), (Some(1971), Some(50)));
    assert_eq!(hit["crosses_origin"], true);
    // The reverse strand, approximately and by similarity, too.
    let mut mutated: Vec<char> = across.chars().collect();
    mutated[40] = if mutated[40] == 'A' { 'C' } else { 'A' };
    let mutated: String = mutated.into_iter().collect();
    let approximate = app
        .search(
            Some(&token),
            json!({"sequence": revcomp(&mutated), "mode": "approximate", "max_differences": 2, "include_alignment": true}),
        )
        .await;
    let hit = &approximate["hits"][0];
    assert_eq!(
        (hit["strand"].as_str(), hit["differences"].as_u64()),
        (Some("reverse"), Some(1))
    );
    assert_eq!(hit["crosses_origin"], true);
    assert!(hit["alignment"]["midline"].as_str().unwrap().contains(' '));
    let long = format!("{}{}", &plasmid[1700..], &plasmid[..300]);
    let similar = app
        .search(Some(&token), json!({"sequence": revcomp(&long), "mode": "similarity"}))
        .await;
    let accessions: Vec<&str> = similar["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["part"]["accession"].as_str().unwrap())
        .collect();
    assert!(accessions.contains(&accession.as_str()) && accessions.contains(&linear.as_str()));
    let circular_hit = similar["hits"]
        .as_array()
        .unwrap()
        .iter()
        .find(|h| h["part"]["accession"] == accession.as_str())
        .unwrap();
    assert_eq!(circular_hit["aligned_length"], 600, "{circular_hit}");
    assert_eq!(circular_hit["crosses_origin"], true);
}

#[actix_web::test]
async fn iupac_letters_in_queries_and_stored_sequences() {
    let app = TestApp::new().await;
    let token = app.user("lab", Role::Submitter, None);
    let body = random(300, 4);
    // A stored N and R inside an otherwise random part.
    let stored = format!("{}N{}R{}", &body[..100], &body[101..150], &body[151..]);
    let accession = app.register(&token, "degenerate", &stored, "linear").await;
    // The query has the real bases where the part has N (any) and R (A or G).
    let query = &body[90..170];
    let r_base = &body[150..151];
    let found = app.found(Some(&token), json!({"sequence": query})).await;
    if r_base == "A" || r_base == "G" {
        assert_eq!(found, vec![accession.clone()], "N and R match the bases they stand for");
    } else {
        assert!(found.is_empty(), "R never matches C or T");
    }
    // Ambiguity in the query: N matches anything.
    let masked = format!("{}NNN{}", &body[200..220], &body[223..250]);
    assert_eq!(
        app.found(Some(&token), json!({"sequence": masked})).await,
        vec![accession.clone()]
    );
    // A letter outside the IUPAC code is a 422 naming its position.
    let bad = app
        .post(
            "/api/v1/search/sequence",
            Some(&token),
            json!({"sequence": "ACGTACGTJACGT"}),
        )
        .await
        .problem(422);
    let message = bad["errors"][0]["message"].as_str().unwrap();
    assert_eq!(bad["errors"][0]["field"], "sequence");
    assert!(message.contains("position 9"), "{message}");
}

#[actix_web::test]
async fn approximate_and_similarity_modes_report_differences_and_statistics() {
    let app = TestApp::new().await;
    let token = app.user("lab", Role::Submitter, None);
    let gene = random(1500, 5);
    let accession = app.register(&token, "gene", &gene, "linear").await;
    // Two substitutions and a deletion.
    let mut query: Vec<char> = gene[500..560].chars().collect();
    query[10] = if query[10] == 'G' { 'T' } else { 'G' };
    query[30] = if query[30] == 'G' { 'T' } else { 'G' };
    query.remove(45);
    let query: String = query.into_iter().collect();
    assert!(app.found(Some(&token), json!({"sequence": query})).await.is_empty());
    let two = json!({"sequence": query, "mode": "approximate", "max_differences": 2});
    assert!(app.found(Some(&token), two).await.is_empty());
    let three = app
        .search(
            Some(&token),
            json!({"sequence": query, "mode": "approximate", "max_differences": 3}),
        )
        .await;
    assert_eq!(three["hits"][0]["differences"], 3);
    assert_eq!(three["hits"][0]["start"], 501);

    // About 10 % substitutions, at random, over 800 bases: a similarity hit with a tiny E-value.
    let mut diverged: Vec<char> = gene[300..1100].chars().collect();
    let substituted = random(800, 11);
    for i in (0..diverged.len()).filter(|&i| substituted.as_bytes()[i] == b'A' && i % 5 < 2) {
        diverged[i] = match diverged[i] {
            'A' => 'C',
            'C' => 'G',
            'G' => 'T',
            _ => 'A',
        };
    }
    let diverged: String = diverged.into_iter().collect();
    let result = app
        .search(
            Some(&token),
            json!({"sequence": diverged, "mode": "similarity", "include_alignment": true}),
        )
        .await;
    let hit = &result["hits"][0];
    assert_eq!(hit["part"]["accession"], accession.as_str());
    let identity = hit["identity"].as_f64().unwrap();
    assert!((0.88..0.92).contains(&identity), "{identity}");
    assert!(hit["evalue"].as_f64().unwrap() < 1e-100);
    assert!(hit["bit_score"].as_f64().unwrap() > 500.0);
    assert!(hit["start"].as_u64().unwrap() <= 310 && hit["end"].as_u64().unwrap() >= 1090);
    let alignment = &hit["alignment"];
    assert_eq!(
        alignment["query"].as_str().unwrap().len(),
        alignment["subject"].as_str().unwrap().len()
    );
    // Thresholds filter.
    let strict = json!({"sequence": diverged, "mode": "similarity", "min_identity": 0.95});
    assert!(app.found(Some(&token), strict).await.is_empty());
    let long = json!({"sequence": diverged, "mode": "similarity", "min_aligned_length": 900});
    assert!(app.found(Some(&token), long).await.is_empty());
}

#[actix_web::test]
async fn hidden_records_are_never_searched() {
    let app = TestApp::new().await;
    app.organization("other-lab");
    let owner = app.user("owner", Role::Submitter, None);
    let stranger = app.user("stranger", Role::Submitter, Some("other-lab"));
    let curator = app.user("curator", Role::Curator, Some("other-lab"));
    let sequence = random(500, 6);
    let accession = app.register(&owner, "draft", &sequence, "linear").await;
    let query = json!({"sequence": &sequence[200..260]});
    assert_eq!(app.found(Some(&owner), query.clone()).await, vec![accession.clone()]);
    assert!(app.found(None, query.clone()).await.is_empty(), "anonymous");
    assert!(
        app.found(Some(&stranger), query.clone()).await.is_empty(),
        "another lab"
    );
    assert!(
        app.found(Some(&curator), query.clone()).await.is_empty(),
        "another lab's curator: a draft"
    );

    app.publish(&owner, "parts", &accession).await;
    assert_eq!(
        app.found(None, query.clone()).await,
        vec![accession.clone()],
        "published"
    );

    // A pending edit changes the sequence: readers keep finding the published one only.
    let edited = random(500, 7);
    let path = format!("/api/v1/parts/{accession}");
    app.patch(&path, &owner, None, json!({"sequence": edited}))
        .await
        .ok(200);
    let new_query = json!({"sequence": &edited[100..160]});
    assert!(
        app.found(None, new_query.clone()).await.is_empty(),
        "the pending edit stays hidden"
    );
    assert_eq!(
        app.found(Some(&owner), new_query.clone()).await,
        vec![accession.clone()]
    );
    assert_eq!(
        app.found(None, query.clone()).await,
        vec![accession.clone()],
        "the published revision"
    );
    assert!(
        app.found(Some(&owner), query.clone()).await.is_empty(),
        "the owner sees the head"
    );

    // Filters narrow hits like the part list.
    let filtered = json!({"sequence": &sequence[200..260], "filters": {"q": "no such name"}});
    assert!(app.found(None, filtered).await.is_empty());
    let filtered = json!({"sequence": &sequence[200..260], "filters": {"q": "draft", "topology": "linear"}});
    assert_eq!(app.found(None, filtered).await, vec![accession.clone()]);
}

#[actix_web::test]
async fn the_index_follows_creates_edits_and_withdrawals() {
    let app = TestApp::new().await;
    let token = app.user("lab", Role::Submitter, None);
    let first = random(400, 8);
    let second = random(400, 9);
    let query = |s: &str| json!({"sequence": &s[50..110]});
    assert!(app.found(Some(&token), query(&first)).await.is_empty());
    let accession = app.register(&token, "part", &first, "linear").await;
    assert_eq!(
        app.found(Some(&token), query(&first)).await,
        vec![accession.clone()],
        "created"
    );
    let path = format!("/api/v1/parts/{accession}");
    app.patch(&path, &token, None, json!({"sequence": second}))
        .await
        .ok(200);
    assert!(
        app.found(Some(&token), query(&first)).await.is_empty(),
        "the old sequence is gone"
    );
    assert_eq!(
        app.found(Some(&token), query(&second)).await,
        vec![accession.clone()],
        "edited"
    );
    app.withdraw(&path, &token).await.ok(200);
    assert!(app.found(Some(&token), query(&second)).await.is_empty(), "withdrawn");
    let stats = app.state.search.stats();
    assert_eq!(stats.sequences, 0);

    // /metrics reports the index and search latency.
    let metrics = app.get("/metrics", None).await.text();
    assert!(metrics.contains("bioreg_sequence_index_bases 0"), "{metrics}");
    assert!(metrics.contains("bioreg_sequence_search_duration_seconds_count{mode=\"exact\"}"));
    assert!(metrics.contains("bioreg_sequence_index_feed_position"));
}

#[actix_web::test]
async fn a_second_instance_follows_the_change_feed() {
    let first = TestApp::new().await;
    let settings = Settings {
        search_refresh: Duration::from_millis(50),
        ..Settings::default()
    };
    let second = first.another_instance(settings).await;
    let token = first.user("lab", Role::Submitter, None);
    let sequence = random(800, 10);
    let query = json!({"sequence": &sequence[300..400]});
    assert!(second.found(Some(&token), query.clone()).await.is_empty());

    let accession = first.register(&token, "shared", &sequence, "circular").await;
    assert_eq!(
        first.found(Some(&token), query.clone()).await,
        vec![accession.clone()],
        "at once on the writer"
    );
    // The other instance catches up within its refresh interval (50 ms here); allow for a slow
    // machine but fail well before the test harness would.
    let waited = Instant::now();
    loop {
        if second.found(Some(&token), query.clone()).await == vec![accession.clone()] {
            break;
        }
        assert!(
            waited.elapsed() < Duration::from_secs(10),
            "the second instance never saw the part"
        );
        actix_web::rt::time::sleep(Duration::from_millis(20)).await;
    }
    // A withdrawal on the second instance reaches the first the same way.
    let path = format!("/api/v1/parts/{accession}");
    second.withdraw(&path, &token).await.ok(200);
    assert!(second.found(Some(&token), query.clone()).await.is_empty());
    assert!(
        first.found(Some(&token), query.clone()).await.is_empty(),
        "never shown once withdrawn"
    );
    // ... and the first instance's follower (default interval, 1 s) drops it from its index.
    let waited = Instant::now();
    while first.state.search.stats().sequences > 0 {
        assert!(
            waited.elapsed() < Duration::from_secs(10),
            "the first instance kept the withdrawn part"
        );
        actix_web::rt::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(first.state.search.position(), second.state.search.position());
}

#[actix_web::test]
async fn invalid_searches_are_422_naming_the_field() {
    let app = TestApp::new().await;
    let cases = [
        (json!({"sequence": "ACGTACG"}), "sequence"),
        (json!({"sequence": "ACGTACGTAC", "mode": "similarity"}), "sequence"),
        (
            json!({"sequence": "ACGTACGTACGTAC", "mode": "approximate", "max_differences": 2}),
            "max_differences",
        ),
        (
            json!({"sequence": "ACGTACGTACGTAC", "max_differences": 1}),
            "max_differences",
        ),
        (
            json!({"sequence": "ACGTACGTACGTAC", "min_identity": 0.5}),
            "min_identity",
        ),
        (
            json!({"sequence": "ACGTACGTACGTACGT", "mode": "similarity", "min_identity": 2}),
            "min_identity",
        ),
        (
            json!({"sequence": "ACGTACGTACGTACGT", "mode": "similarity", "max_evalue": 0}),
            "max_evalue",
        ),
        (
            json!({"sequence": "MKVLAAGIVGLLLAG", "molecule_type": "protein"}),
            "molecule_type",
        ),
        (json!({"sequence": "ACGTACGTACGT", "limit": 0}), "limit"),
        (json!({"sequence": "ACGTACGTACGT", "mode": "fuzzy"}), "mode"),
        (json!({"sequence": "ACGTACGTACGT", "colour": "blue"}), "colour"),
        (
            json!({"sequence": "ACGTACGTACGT", "filters": {"role": "no such role"}}),
            "role",
        ),
    ];
    for (body, field) in cases {
        let problem = app
            .post("/api/v1/search/sequence", None, body.clone())
            .await
            .problem(422);
        let named = problem["errors"]
            .as_array()
            .map(|e| e.iter().any(|e| e["field"].as_str().unwrap_or("").contains(field)));
        assert!(
            named == Some(true) || problem["detail"].as_str().unwrap_or("").contains(field),
            "{body} → {problem}"
        );
    }
    let problem = app
        .post_raw("/api/v1/search/sequence", None, "application/json", b"{\"sequence\": ")
        .await
        .problem(400);
    assert!(problem["detail"].as_str().unwrap().contains("line 1"));
}

// ---- Bounded cost (issue 19): the queries that took the registry down, and the limits. ----

/// A library where every base is A (so a query of As matches everywhere) plus random parts.
async fn poly_a_library(app: &TestApp, token: &str) {
    for i in 0..3 {
        app.register(token, &format!("poly-A {i}"), &"A".repeat(20_000 + i), "linear")
            .await;
    }
    app.register(token, "random", &random(5_000, 77), "circular").await;
}

#[actix_web::test]
async fn all_n_and_mostly_n_queries_are_422s_saying_why() {
    let app = TestApp::new().await;
    let token = app.user("lab", Role::Submitter, None);
    poly_a_library(&app, &token).await;
    for (body, says) in [
        // The issue's request: every N matches every base, so it matched all positions.
        (
            json!({"sequence": "NNNNNNNNNNNN", "mode": "exact", "limit": 1}),
            "bases 1-12",
        ),
        (json!({"sequence": "N".repeat(30), "mode": "exact"}), "too ambiguous"),
        (
            json!({"sequence": "N".repeat(30), "mode": "approximate"}),
            "too ambiguous",
        ),
        (json!({"sequence": "B".repeat(30), "mode": "exact"}), "too ambiguous"),
        (
            json!({"sequence": "N".repeat(100_000), "mode": "similarity"}),
            "11 unambiguous bases",
        ),
        // Each piece of an approximate query needs a specific run: one has none.
        (
            json!({"sequence": format!("{}ACGTTGCAAGGTCCAT", "N".repeat(16)), "mode": "approximate", "max_differences": 1}),
            "allowing fewer differences",
        ),
    ] {
        for token in [Some(token.as_str()), None] {
            let problem = app
                .post("/api/v1/search/sequence", token, body.clone())
                .await
                .problem(422);
            assert_eq!(problem["errors"][0]["field"], "sequence", "{problem}");
            let message = problem["errors"][0]["message"].as_str().unwrap();
            assert!(message.contains(says), "{body}: {message}");
        }
    }
    // The same query with enough specific letters is searched.
    let result = app
        .search(
            Some(&token),
            json!({"sequence": format!("{}AAAAAAAA", "N".repeat(20)), "limit": 5}),
        )
        .await;
    assert_eq!(result["hits"].as_array().unwrap().len(), 5);
    assert_eq!(
        (result["truncated"].as_bool(), result["truncated_by"].as_str()),
        (Some(true), Some("held_hits"))
    );
    // Within what a search holds, more matches than `limit` say `limit`.
    let target = random(5_000, 77);
    let variant = format!("{}G{}", &target[..4_000], &target[4_001..]);
    let variant = if variant == target {
        format!("{}C{}", &target[..4_000], &target[4_001..])
    } else {
        variant
    };
    app.register(&token, "variant", &variant, "circular").await;
    let result = app
        .search(
            Some(&token),
            json!({"sequence": format!("NN{}", &target[10..30]), "limit": 1}),
        )
        .await;
    assert_eq!(
        (result["truncated"].as_bool(), result["truncated_by"].as_str()),
        (Some(true), Some("limit"))
    );
    let result = app
        .search(
            Some(&token),
            json!({"sequence": format!("NN{}", &target[10..30]), "limit": 2}),
        )
        .await;
    assert_eq!(
        (result["hits"].as_array().unwrap().len(), &result["truncated"]),
        (2, &json!(false)),
        "{result}"
    );
}

#[actix_web::test]
async fn low_complexity_similarity_queries_are_refused_and_mixed_ones_search_the_rest() {
    let app = TestApp::new().await;
    let token = app.user("lab", Role::Submitter, None);
    let sequence = random(3_000, 5);
    let accession = app.register(&token, "target", &sequence, "linear").await;
    poly_a_library(&app, &token).await;
    for repeat in ["A".repeat(1000), "AT".repeat(500), "CAG".repeat(300)] {
        let problem = app
            .post(
                "/api/v1/search/sequence",
                Some(&token),
                json!({"sequence": repeat, "mode": "similarity"}),
            )
            .await
            .problem(422);
        assert!(
            problem["errors"][0]["message"]
                .as_str()
                .unwrap()
                .contains("low-complexity"),
            "{problem}"
        );
    }
    // A real fragment with a poly-A tail: the tail seeds nothing, the fragment finds its part.
    let query = format!("{}{}", &sequence[1000..1400], "A".repeat(300));
    let found = app
        .found(
            Some(&token),
            json!({"sequence": query, "mode": "similarity", "strands": "forward"}),
        )
        .await;
    assert_eq!(found.first(), Some(&accession), "{found:?}");
}

#[actix_web::test]
async fn a_query_matching_everywhere_holds_a_bounded_number_of_hits() {
    let app = TestApp::new().await;
    let token = app.user("lab", Role::Submitter, None);
    poly_a_library(&app, &token).await;
    // 60,000 As: ~60,000 exact occurrences of this query (and of 30 Ws, A or T: the issue's
    // "W" case, which scanned the whole library).
    for (query, limit) in [("A", 5000), ("A", 10), ("W", 100)] {
        let result = app
            .search(Some(&token), json!({"sequence": query.repeat(30), "limit": limit}))
            .await;
        let hits = result["hits"].as_array().unwrap();
        assert_eq!(hits.len(), limit);
        assert_eq!(result["truncated"], true);
        // The search stopped when it held enough hits without differences, not after all.
        assert_eq!(result["truncated_by"], "held_hits", "{limit}");
        assert!(hits.iter().all(|h| h["differences"] == 0));
    }
    // Approximate search reports the best match of each run of overlapping ones.
    let result = app
        .search(
            Some(&token),
            json!({"sequence": "A".repeat(30), "mode": "approximate", "limit": 5000}),
        )
        .await;
    let hits = result["hits"].as_array().unwrap();
    assert!(!hits.is_empty() && hits.len() < 100, "{}", hits.len());
}

#[actix_web::test]
async fn searches_stop_at_their_work_budget_and_deadline_and_say_so() {
    let mut settings = Settings::default();
    settings.search_limits.work = 50_000;
    let app = TestApp::with_settings(settings).await;
    let token = app.user("lab", Role::Submitter, None);
    poly_a_library(&app, &token).await;
    let result = app
        .search(
            Some(&token),
            json!({"sequence": "A".repeat(40), "mode": "approximate", "max_differences": 3}),
        )
        .await;
    assert_eq!(
        (result["truncated"].as_bool(), result["truncated_by"].as_str()),
        (Some(true), Some("work_budget"))
    );
    // A selective query fits the same budget.
    let found = app
        .search(
            Some(&token),
            json!({"sequence": random(5_000, 77)[100..140], "mode": "approximate"}),
        )
        .await;
    assert_eq!(found["hits"].as_array().unwrap().len(), 1, "{found}");
    assert_eq!(found["truncated"], false);
    assert!(found.get("truncated_by").is_none());

    let mut settings = Settings::default();
    settings.search_limits.time = Duration::ZERO;
    let app = TestApp::with_settings(settings).await;
    let token = app.user("lab", Role::Submitter, None);
    poly_a_library(&app, &token).await;
    let result = app
        .search(
            Some(&token),
            json!({"sequence": "A".repeat(40), "mode": "approximate", "max_differences": 3}),
        )
        .await;
    assert_eq!(result["truncated_by"], "deadline", "{result}");
    let metrics = app.get("/metrics", None).await.text();
    assert!(
        metrics.contains(r#"bioreg_sequence_search_truncated_total{mode="approximate",reason="deadline"} 1"#),
        "{metrics}"
    );
}

#[actix_web::test]
async fn long_approximate_queries_and_oversized_alignments_are_422s() {
    let app = TestApp::new().await;
    let token = app.user("lab", Role::Submitter, None);
    let long = random(10_001, 9);
    let problem = app
        .post(
            "/api/v1/search/sequence",
            Some(&token),
            json!({"sequence": long, "mode": "approximate"}),
        )
        .await
        .problem(422);
    assert!(
        problem["errors"][0]["message"].as_str().unwrap().contains("similarity"),
        "{problem}"
    );
    let problem = app
        .post(
            "/api/v1/search/sequence",
            Some(&token),
            json!({"sequence": random(100_000, 3), "mode": "similarity", "include_alignment": true, "limit": 100}),
        )
        .await
        .problem(422);
    assert_eq!(problem["errors"][0]["field"], "limit", "{problem}");
    assert!(
        problem["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("at most 80 hits"),
        "{problem}"
    );
}
