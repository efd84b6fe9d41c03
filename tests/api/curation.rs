//! The curation workflow through HTTP: submit, request changes, edit, resubmit, approve; four
//! eyes; transitions refused with the current state named; the queue; withdrawal of published
//! records.

use serde_json::{json, Value};

use crate::common::TestApp;
use bioreg::domain::accounts::Role;

fn complete_strain(name: &str) -> Value {
    json!({"name": name, "organism_type": "bacteria", "taxon": {"name": "Escherichia coli"}, "risk_group": 1,
           "restrictions_on_use": "only_research", "nagoya_protocol": "does_not_apply", "growth_media": ["LB"],
           "growth_temperature_c": {"optimum": 37}, "forms_of_supply": ["agar"], "geographic_origin": {"country": "unknown"}})
}

#[actix_web::test]
async fn a_part_and_a_strain_walk_through_review_to_publication() {
    let app = TestApp::new().await;
    app.organization("lab-a");
    let sub = app.user("sam", Role::Submitter, Some("lab-a"));
    let curator = app.user("cora", Role::Curator, None);
    let part = app
        .create_part(
            &sub,
            json!({"name": "B0034", "role": "RBS", "sequence": "AAAGAGGAGAAA"}),
        )
        .await
        .ok(201);
    assert_eq!(part["curation_state"], "draft");
    assert!(part["published_revision"].is_null());
    let strain = app.create_strain(&sub, complete_strain("MG1655")).await.ok(201);

    for (kind, record) in [("parts", &part), ("strains", &strain)] {
        let base = format!("/api/v1/{kind}/{}", record["accession"].as_str().unwrap());
        app.get(&base, None).await.problem(404); // readers see nothing before approval
        let submitted = app
            .post(
                &format!("{base}/submit"),
                Some(&sub),
                json!({"comment": "please check"}),
            )
            .await
            .ok(200);
        assert_eq!(submitted["curation_state"], "submitted");
        // Locked while under review.
        let locked = app.patch(&base, &sub, None, json!({"tags": ["x"]})).await.problem(409);
        assert!(locked["detail"].as_str().unwrap().contains("`submitted`"), "{locked}");

        let body = app
            .post(
                &format!("{base}/review"),
                Some(&curator),
                json!({"decision": "request_changes"}),
            )
            .await
            .problem(422);
        assert_eq!(body["errors"][0]["field"], "reason_code");
        let sent_back = app
            .post(
                &format!("{base}/review"),
                Some(&curator),
                json!({"decision": "request_changes", "reason_code": "missing_metadata", "comment": "add tags"}),
            )
            .await
            .ok(200);
        assert_eq!(sent_back["curation_state"], "changes_requested");
        let edited = app.patch(&base, &sub, None, json!({"tags": ["checked"]})).await.ok(200);
        assert_eq!(edited["curation_state"], "changes_requested");
        app.post(&format!("{base}/submit"), Some(&sub), json!({})).await.ok(200);
        let approved = app
            .post(
                &format!("{base}/review"),
                Some(&curator),
                json!({"decision": "approve"}),
            )
            .await
            .ok(200);
        assert_eq!(approved["curation_state"], "approved");
        assert_eq!(approved["published_revision"], 2);

        let read = app.get(&base, None).await.ok(200);
        assert_eq!(read["curation_state"], "approved");
        assert_eq!(read["published_revision"], 2);
        let thread = app.get(&format!("{base}/reviews"), None).await.ok(200);
        let actions: Vec<&str> = thread["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["action"].as_str().unwrap())
            .collect();
        assert_eq!(actions, ["submit", "request_changes", "submit", "approve"]);
        assert_eq!(thread["items"][1]["reason_code"], "missing_metadata");
        assert_eq!(thread["items"][0]["comment"], "please check");

        // Approved → submit/review again is not allowed; the state is named.
        let body = app
            .post(&format!("{base}/submit"), Some(&sub), json!({}))
            .await
            .problem(409);
        assert!(body["detail"].as_str().unwrap().contains("`approved`"), "{body}");
        // Editing the published record starts a pending draft; the published revision stays.
        let pending = app
            .patch(&base, &sub, None, json!({"tags": ["checked", "v2"]}))
            .await
            .ok(200);
        assert_eq!(pending["curation_state"], "draft");
        assert_eq!(pending["published_revision"], 2);
        assert_eq!(pending["revision"], 3);
        // Owners cannot withdraw a published record; curators can, with a reason.
        app.withdraw(&base, &sub).await.problem(409);
        app.post(
            &format!("{base}/withdraw"),
            Some(&curator),
            json!({"reason_code": "superseded"}),
        )
        .await
        .problem(409);
    }
}

#[actix_web::test]
async fn nobody_reviews_what_they_created_or_last_edited() {
    let app = TestApp::new().await;
    let curator = app.user("cora", Role::Curator, None);
    let other_curator = app.user("carl", Role::Curator, None);
    let admin = app.admin();
    let own = app
        .create_part(
            &curator,
            json!({"name": "mine", "role": "CDS", "sequence": "ATGAAATAA"}),
        )
        .await
        .ok(201);
    let base = format!("/api/v1/parts/{}", own["accession"].as_str().unwrap());
    app.post(&format!("{base}/submit"), Some(&curator), json!({}))
        .await
        .ok(200);
    let body = app
        .post(
            &format!("{base}/review"),
            Some(&curator),
            json!({"decision": "approve"}),
        )
        .await
        .problem(403);
    assert!(body["detail"].as_str().unwrap().contains("four eyes"), "{body}");
    app.post(
        &format!("{base}/review"),
        Some(&other_curator),
        json!({"decision": "approve"}),
    )
    .await
    .ok(200);

    // The last editor may not review either, even if someone else created the record.
    let sub = app.user("sam", Role::Submitter, None);
    let part = app
        .create_part(&sub, json!({"name": "theirs", "role": "CDS", "sequence": "ATGCCCTAA"}))
        .await
        .ok(201);
    let base = format!("/api/v1/parts/{}", part["accession"].as_str().unwrap());
    app.patch(&base, &admin, None, json!({"description": "fixed by an admin"}))
        .await
        .ok(200);
    app.post(&format!("{base}/submit"), Some(&sub), json!({})).await.ok(200);
    app.post(&format!("{base}/review"), Some(&admin), json!({"decision": "approve"}))
        .await
        .problem(403);
    let rejected = app
        .post(
            &format!("{base}/review"),
            Some(&curator),
            json!({"decision": "reject", "reason_code": "out_of_scope"}),
        )
        .await
        .ok(200);
    assert_eq!(rejected["curation_state"], "rejected");
    let body = app
        .patch(&base, &sub, None, json!({"description": "again"}))
        .await
        .problem(409);
    assert!(body["detail"].as_str().unwrap().contains("`rejected`"), "{body}");
    let body = app
        .post(&format!("{base}/submit"), Some(&sub), json!({}))
        .await
        .problem(409);
    assert!(body["detail"].as_str().unwrap().contains("`rejected`"), "{body}");
}

#[actix_web::test]
async fn submission_rules_queue_and_withdrawal() {
    let app = TestApp::new().await;
    app.organization("lab-a");
    app.organization("lab-b");
    let sub_a = app.user("ann", Role::Submitter, Some("lab-a"));
    let sub_b = app.user("ben", Role::Submitter, Some("lab-b"));
    let reader = app.user("rita", Role::Reader, Some("lab-a"));
    let curator = app.user("cora", Role::Curator, None);

    // Strains need the MIRRI-IS set; every missing field is listed.
    let bare = app
        .create_strain(
            &sub_a,
            json!({"name": "x", "organism_type": "yeast", "taxon": {"name": "S. cerevisiae"}, "risk_group": 1}),
        )
        .await
        .ok(201);
    let body = app
        .post(
            &format!("/api/v1/strains/{}/submit", bare["accession"].as_str().unwrap()),
            Some(&sub_a),
            json!({}),
        )
        .await
        .problem(422);
    assert_eq!(body["errors"].as_array().unwrap().len(), 6, "{body}");

    let a = app
        .create_part(&sub_a, json!({"name": "a", "role": "CDS", "sequence": "ATGAAATAG"}))
        .await
        .ok(201);
    let b = app
        .create_part(&sub_b, json!({"name": "b", "role": "CDS", "sequence": "ATGGGGTAG"}))
        .await
        .ok(201);
    let s = app.create_strain(&sub_b, complete_strain("W3110")).await.ok(201);
    let submit =
        |kind: &str, record: &Value| format!("/api/v1/{kind}/{}/submit", record["accession"].as_str().unwrap());
    // Only a submitter of the owning organisation submits.
    // Another organisation's draft is invisible (404); the owners' reader may see nothing to submit either.
    app.post(&submit("parts", &a), Some(&sub_b), json!({}))
        .await
        .problem(404);
    app.post(&submit("parts", &a), Some(&reader), json!({}))
        .await
        .problem(404);
    app.post(&submit("parts", &b), Some(&sub_b), json!({})).await.ok(200);
    app.post(&submit("strains", &s), Some(&sub_b), json!({})).await.ok(200);
    app.post(&submit("parts", &a), Some(&sub_a), json!({})).await.ok(200);

    app.get("/api/v1/reviews/queue", Some(&sub_a)).await.problem(403);
    let queue = app.get("/api/v1/reviews/queue", Some(&curator)).await.ok(200);
    let order: Vec<&str> = queue["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|q| q["accession"].as_str().unwrap())
        .collect();
    assert_eq!(
        order,
        [
            b["accession"].as_str().unwrap(),
            s["accession"].as_str().unwrap(),
            a["accession"].as_str().unwrap()
        ]
    );
    let parts_only = app
        .get("/api/v1/reviews/queue?kind=part&organization=lab-b", Some(&curator))
        .await
        .ok(200);
    assert_eq!(parts_only["items"].as_array().unwrap().len(), 1);
    assert_eq!(parts_only["items"][0]["accession"], b["accession"]);
    // The queue pages through parts and strains in the same order, one at a time.
    let mut paged = Vec::new();
    let mut cursor = String::new();
    loop {
        let page = app
            .get(&format!("/api/v1/reviews/queue?limit=1{cursor}"), Some(&curator))
            .await
            .ok(200);
        paged.extend(page["items"].as_array().unwrap().iter().map(|q| q["accession"].clone()));
        match page["next_cursor"].as_str() {
            Some(next) => cursor = format!("&cursor={next}"),
            None => break,
        }
        assert!(paged.len() <= 3);
    }
    assert_eq!(
        paged,
        [b["accession"].clone(), s["accession"].clone(), a["accession"].clone()]
    );
    app.get("/api/v1/reviews/queue?organization=ghost", Some(&curator))
        .await
        .problem(422);

    // A draft cannot be reviewed; the state is named.
    let colleague = app.user("cole", Role::Submitter, None);
    let draft = app
        .create_part(&colleague, json!({"name": "d", "role": "CDS", "sequence": "ATGTTTTAA"}))
        .await
        .ok(201);
    let body = app
        .post(
            &format!("/api/v1/parts/{}/review", draft["accession"].as_str().unwrap()),
            Some(&curator),
            json!({"decision": "approve"}),
        )
        .await
        .problem(409);
    assert!(body["detail"].as_str().unwrap().contains("`draft`"), "{body}");

    // Approve, then withdraw as a curator with a reason.
    let base = format!("/api/v1/parts/{}", b["accession"].as_str().unwrap());
    app.post(
        &format!("{base}/review"),
        Some(&curator),
        json!({"decision": "approve"}),
    )
    .await
    .ok(200);
    app.post(
        &format!("{base}/withdraw"),
        Some(&sub_b),
        json!({"reason_code": "superseded"}),
    )
    .await
    .problem(403);
    app.post(&format!("{base}/withdraw"), Some(&curator), json!({}))
        .await
        .problem(422);
    let withdrawn = app
        .post(
            &format!("{base}/withdraw"),
            Some(&curator),
            json!({"reason_code": "biosafety_concern", "comment": "new risk assessment"}),
        )
        .await
        .ok(200);
    assert_eq!(withdrawn["curation_state"], "withdrawn");
    let read = app.get(&base, None).await.ok(200);
    assert_eq!(read["status"], "withdrawn");
    assert_eq!(read["withdrawal_reason"], "new risk assessment");
    let revisions = app.get(&format!("{base}/revisions"), None).await.ok(200);
    let numbers: Vec<i64> = revisions["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["revision"].as_i64().unwrap())
        .collect();
    assert_eq!(numbers, [1, 2], "the withdrawal is a revision of its own");
    assert_eq!(withdrawn["revision"], 2);
    let snapshot = app.get(&format!("{base}/revisions/2"), None).await.ok(200);
    assert_eq!(snapshot["snapshot"]["status"], "withdrawn");
    app.post(
        &format!("{base}/withdraw"),
        Some(&curator),
        json!({"reason_code": "other"}),
    )
    .await
    .problem(409);

    let admin = app.admin();
    let log = app.get("/api/v1/audit?limit=500", Some(&admin)).await.ok(200);
    let actions: Vec<&str> = log["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    for expected in ["part.submitted", "part.reviewed", "part.withdrawn", "strain.submitted"] {
        assert!(actions.contains(&expected), "{expected} missing from {actions:?}");
    }
}

#[actix_web::test]
async fn readers_see_records_only_once_published_and_never_a_pending_edit() {
    let app = TestApp::new().await;
    app.organization("lab-a");
    let sub = app.user("sam", Role::Submitter, Some("lab-a"));
    let reader = app.user("rita", Role::Reader, Some("lab-a"));
    let curator = app.user("cora", Role::Curator, None);
    let outsider = app.user("olga", Role::Submitter, None);
    let part = app
        .create_part(
            &sub,
            json!({"name": "B0034", "role": "RBS", "sequence": "AAAGAGGAGAAA", "description": "first words"}),
        )
        .await
        .ok(201);
    let accession = part["accession"].as_str().unwrap().to_string();
    let base = format!("/api/v1/parts/{accession}");
    let hidden = |who: Option<&str>| {
        let (base, accession) = (base.clone(), accession.clone());
        let app = &app;
        let who = who.map(str::to_string);
        async move {
            let token = who.as_deref();
            for path in [
                base.clone(),
                format!("{base}/twins"),
                format!("{base}/used-in"),
                format!("{base}/revisions"),
                format!("{base}/reviews"),
                format!("{base}/strains"),
            ] {
                app.get(&path, token).await.problem(404);
            }
            let listed = app.get("/api/v1/parts?limit=500", token).await.ok(200);
            assert!(!listed["items"]
                .as_array()
                .unwrap()
                .iter()
                .any(|p| p["accession"] == accession.as_str()));
        }
    };
    // A draft: only its organisation's submitters see it.
    hidden(None).await;
    hidden(Some(&reader)).await;
    hidden(Some(&outsider)).await;
    hidden(Some(&curator)).await;
    app.get(&base, Some(&sub)).await.ok(200);

    // Submitted: curators see it now; readers still do not.
    app.post(&format!("{base}/submit"), Some(&sub), json!({})).await.ok(200);
    app.get(&base, Some(&curator)).await.ok(200);
    hidden(None).await;
    hidden(Some(&reader)).await;

    // Approved: everyone sees it.
    app.post(
        &format!("{base}/review"),
        Some(&curator),
        json!({"decision": "approve"}),
    )
    .await
    .ok(200);
    for token in [None, Some(reader.as_str()), Some(outsider.as_str())] {
        assert_eq!(app.get(&base, token).await.ok(200)["description"], "first words");
    }

    // A pending edit: readers keep the published revision, everywhere.
    app.patch(&base, &sub, None, json!({"description": "secret new words"}))
        .await
        .ok(200);
    assert_eq!(
        app.get(&base, Some(&sub)).await.ok(200)["description"],
        "secret new words"
    );
    let public = app.get(&base, None).await;
    assert_eq!(public.header("etag").as_deref(), Some("\"r1\""));
    let public = public.ok(200);
    assert_eq!(public["description"], "first words");
    assert_eq!(public["pending_revision"], true);
    let listed = app.get("/api/v1/parts?include=record", Some(&reader)).await.ok(200);
    assert_eq!(listed["items"][0]["description"], "first words");
    // The summary is the published revision's too, and says an edit is pending.
    let summary = app.get("/api/v1/parts", Some(&reader)).await.ok(200);
    assert_eq!(summary["items"][0]["pending_revision"], true);
    assert_eq!(summary["items"][0]["revision"], 1);
    assert!(summary["items"][0].get("description").is_none(), "{summary}");
    let search = app.get("/api/v1/parts?q=secret", None).await.ok(200);
    assert!(
        search["items"].as_array().unwrap().is_empty(),
        "a pending edit must not be findable: {search}"
    );
    let search = app.get("/api/v1/parts?q=secret", Some(&sub)).await.ok(200);
    assert_eq!(search["items"].as_array().unwrap().len(), 1);
    let revisions = app.get(&format!("{base}/revisions"), None).await.ok(200);
    let numbers: Vec<i64> = revisions["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["revision"].as_i64().unwrap())
        .collect();
    assert_eq!(numbers, [1], "readers see only published revisions");
    app.get(&format!("{base}/revisions/2"), None).await.problem(404);
    let own = app.get(&format!("{base}/revisions"), Some(&sub)).await.ok(200);
    assert_eq!(own["items"].as_array().unwrap().len(), 2);
}

#[actix_web::test]
async fn a_record_is_published_only_after_what_it_refers_to() {
    let app = TestApp::new().await;
    let sub = app.user("sam", Role::Submitter, None);
    let curator = app.user("cora", Role::Curator, None);
    let component = app
        .create_part(&sub, json!({"name": "c", "role": "CDS", "sequence": "ATGAAACCCTAA"}))
        .await
        .ok(201);
    let device = app
        .create_part(&sub, json!({"name": "d", "role": "engineered_region", "components": [{"part": component["accession"]}, {"linker": "TACTAG"}]}))
        .await
        .ok(201);
    let base = format!("/api/v1/parts/{}", device["accession"].as_str().unwrap());
    app.post(&format!("{base}/submit"), Some(&sub), json!({})).await.ok(200);
    let body = app
        .post(
            &format!("{base}/review"),
            Some(&curator),
            json!({"decision": "approve"}),
        )
        .await
        .problem(409);
    assert!(
        body["detail"]
            .as_str()
            .unwrap()
            .contains(component["accession"].as_str().unwrap()),
        "{body}"
    );
    app.publish(&sub, "parts", component["accession"].as_str().unwrap())
        .await;
    app.post(
        &format!("{base}/review"),
        Some(&curator),
        json!({"decision": "approve"}),
    )
    .await
    .ok(200);
}

#[actix_web::test]
async fn another_organisations_draft_cannot_be_referenced() {
    let app = TestApp::new().await;
    app.organization("lab-a");
    let theirs = app.user("tina", Role::Submitter, Some("lab-a"));
    let mine = app.user("mike", Role::Submitter, None);
    let secret = app
        .create_part(
            &theirs,
            json!({"name": "secret", "role": "CDS", "sequence": "ATGCGCGCGTAA"}),
        )
        .await
        .ok(201);
    let strain = app.create_strain(&theirs, complete_strain("private")).await.ok(201);
    let body = app
        .create_part(
            &mine,
            json!({"name": "copy", "role": "engineered_region", "components": [{"part": secret["accession"]}]}),
        )
        .await
        .problem(422);
    assert!(body["detail"].as_str().unwrap().contains("does not exist"), "{body}");
    let mut child = complete_strain("child");
    child["parents"] = json!([{"strain": strain["accession"], "relation": "transformation"}]);
    child["parts"] = json!([{"part": secret["accession"], "relation": "plasmid"}]);
    let body = app.create_strain(&mine, child).await.problem(422);
    let fields: Vec<&str> = body["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, ["parts[0].part", "parents[0].strain"]);
    // Registering the same sequence is still a conflict, but the unpublished copy stays anonymous.
    let body = app
        .create_part(
            &mine,
            json!({"name": "same", "role": "CDS", "sequence": "ATGCGCGCGTAA"}),
        )
        .await
        .problem(409);
    assert!(body.get("existing").is_none(), "{body}");
    assert!(
        !body["detail"]
            .as_str()
            .unwrap()
            .contains(secret["accession"].as_str().unwrap()),
        "{body}"
    );
}

#[actix_web::test]
async fn lineage_and_carriers_show_only_what_the_caller_may_see() {
    let app = TestApp::new().await;
    app.organization("lab-a");
    let sub = app.user("sam", Role::Submitter, Some("lab-a"));
    let parent = app.create_strain(&sub, complete_strain("MG1655")).await.ok(201);
    app.publish(&sub, "strains", parent["accession"].as_str().unwrap())
        .await;
    let mut child = complete_strain("MG1655 pX");
    child["parents"] = json!([{"strain": parent["accession"], "relation": "transformation"}]);
    let child = app.create_strain(&sub, child).await.ok(201);
    let down = format!(
        "/api/v1/strains/{}/lineage?direction=descendants",
        parent["accession"].as_str().unwrap()
    );
    let public = app.get(&down, None).await.ok(200);
    assert_eq!(
        public["nodes"].as_array().unwrap().len(),
        1,
        "the unpublished child is hidden: {public}"
    );
    assert!(public["edges"].as_array().unwrap().is_empty());
    let own = app.get(&down, Some(&sub)).await.ok(200);
    assert_eq!(own["nodes"].as_array().unwrap().len(), 2);
    app.get(
        &format!("/api/v1/strains/{}/samples", child["accession"].as_str().unwrap()),
        None,
    )
    .await
    .problem(404);
}
