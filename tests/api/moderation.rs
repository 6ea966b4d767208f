//! The moderation workspace: queues per contest, counts per state, filters by category and flag,
//! the review page with the duplicate beside the photo, and decisions undone within their window
//! (the author e-mailed only once it has passed, through the job queue).

use std::time::Duration;

use reqwest::StatusCode;
use serde_json::Value;

use crate::helpers::{TestApp, entry_fields, error_code, jpeg};

/// Sends a photo with its own title; waits until it is processed; its id.
async fn sent(app: &TestApp, who: &reqwest::Client, slug: &str, photo: Vec<u8>, title: &str, category: &str) -> i64 {
    let mut fields = entry_fields();
    fields.retain(|(k, _)| *k != "title" && *k != "category");
    fields.push(("title", title));
    fields.push(("category", category));
    let res = app.submit(who, slug, photo, &fields).await;
    assert_eq!(res.status(), StatusCode::ACCEPTED, "{}", res.text().await.unwrap());
    let id = res.json::<Value>().await.unwrap()["id"].as_i64().unwrap();
    app.wait_processed(who, id).await;
    id
}

/// Where a page form's answer sends the browser.
fn location(res: &reqwest::Response) -> String {
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    res.headers()["location"].to_str().unwrap().to_string()
}

async fn queue(app: &TestApp, moderator: &reqwest::Client, query: &str) -> (Vec<i64>, String) {
    let res = moderator.get(app.url(&format!("/api/v1/moderation/queue{query}"))).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK, "queue{query}");
    let total = res.headers()["x-total-count"].to_str().unwrap().to_string();
    let list: Vec<Value> = res.json().await.unwrap();
    (list.iter().map(|e| e["id"].as_i64().unwrap()).collect(), total)
}

#[tokio::test]
async fn the_workspace_has_a_queue_per_contest_with_counts_and_filters() {
    let app = TestApp::spawn().await;
    let admin = app.staff("admin@example.org", "admin").await;
    let moderator = app.staff("mod@example.org", "moderator").await;
    let trams = app.open_contest(&admin, "trams").await;
    let buses = app.open_contest(&admin, "bus").await;
    let alice = app.participant("alice@example.org").await;
    let bob = app.participant("bob@example.org").await;
    let first = sent(&app, &alice, &trams, jpeg(60, 40, 1), "Pont du T1", "Tram").await;
    // Bob sends Alice's very file: a duplicate.
    let copy = sent(&app, &bob, &trams, jpeg(60, 40, 1), "Mon pont", "Bus").await;
    let other = sent(&app, &alice, &buses, jpeg(60, 40, 90), "Ligne 12", "Bus").await;

    assert_eq!(
        queue(&app, &moderator, "").await,
        (vec![first, copy, other], "3".into()),
        "every contest, oldest first"
    );
    assert_eq!(queue(&app, &moderator, "?contest=trams").await.0, vec![first, copy]);
    assert_eq!(queue(&app, &moderator, "?contest=bus").await.0, vec![other]);
    assert_eq!(queue(&app, &moderator, "?contest=trams&flag=duplicate").await.0, vec![copy]);
    // 60 × 40 px prints on no cover.
    assert_eq!(queue(&app, &moderator, "?flag=print_unfit").await.1, "3");
    let categories = declic::testing::categories(app.probe.db.pool(), {
        declic::testing::contest_by_slug(app.probe.db.pool(), &trams).await.unwrap().unwrap().id
    })
    .await
    .unwrap();
    let tram = categories.iter().find(|c| c.name == "Tram").unwrap().id;
    assert_eq!(queue(&app, &moderator, &format!("?contest=trams&category={tram}")).await.0, vec![first]);
    for (query, status, code) in [
        ("?state=processing", StatusCode::UNPROCESSABLE_ENTITY, "invalid_state"),
        ("?flag=ugly", StatusCode::UNPROCESSABLE_ENTITY, "invalid_flag"),
        ("?contest=nowhere", StatusCode::NOT_FOUND, "contest_not_found"),
    ] {
        let res = moderator.get(app.url(&format!("/api/v1/moderation/queue{query}"))).send().await.unwrap();
        assert_eq!((res.status(), error_code(res).await.as_str()), (status, code), "{query}");
    }

    // Decided photos move shelf; the counts follow.
    assert_eq!(app.moderate(&moderator, first, "approve", None).await.status(), StatusCode::OK);
    assert_eq!(app.moderate(&moderator, copy, "reject", Some("Déjà reçue")).await.status(), StatusCode::OK);
    assert_eq!(queue(&app, &moderator, "?contest=trams").await.0, Vec::<i64>::new());
    assert_eq!(queue(&app, &moderator, "?contest=trams&state=approved").await.0, vec![first]);
    assert_eq!(queue(&app, &moderator, "?state=rejected").await.0, vec![copy]);

    let (status, page) = app.page_in(&moderator, "/moderation?contest=trams&state=rejected", "fr").await;
    assert_eq!(status, StatusCode::OK);
    for count in [r#"data-count="pending">0<"#, r#"data-count="approved">1<"#, r#"data-count="rejected">1<"#] {
        assert!(page.contains(count), "{count} in the trams workspace");
    }
    assert!(page.contains(&format!(r#"data-entry="{copy}""#)) && !page.contains(&format!(r#"data-entry="{other}""#)));
    assert!(page.contains("Refusée : Déjà reçue") && page.contains("Doublon"), "the reason and the flag on its tile");
    let (_, all) = app.page_in(&moderator, "/moderation", "fr").await;
    assert!(all.contains(&format!(r#"data-entry="{other}""#)) && all.contains(r#"data-count="pending">1<"#));
    let (status, _) = app.page_in(&moderator, "/moderation?flag=ugly", "fr").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    // Nobody else sees the workspace or a photo under review.
    for path in ["/moderation", &format!("/moderation/e/{other}")] {
        assert_eq!(alice.get(app.url(path)).send().await.unwrap().status(), StatusCode::FORBIDDEN, "{path}");
    }
}

#[tokio::test]
async fn the_review_shows_the_photo_it_repeats_beside_it() {
    let app = TestApp::spawn().await;
    let admin = app.staff("admin@example.org", "admin").await;
    let moderator = app.staff("mod@example.org", "moderator").await;
    let slug = app.open_contest(&admin, "review").await;
    let alice = app.participant("alice@example.org").await;
    let bob = app.participant("bob@example.org").await;
    let first = sent(&app, &alice, &slug, jpeg(60, 40, 3), "Pont du T1", "Tram").await;
    let copy = sent(&app, &bob, &slug, jpeg(60, 40, 3), "Mon pont", "Tram").await;

    let (status, page) =
        app.page_in(&moderator, &format!("/moderation/e/{copy}?back=/moderation%3Fflag%3Dduplicate"), "fr").await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("Mon pont") && page.contains("Même fichier que cette photo déjà reçue"), "{page}");
    assert!(page.contains(&format!(r#"href="/moderation/e/{first}""#)) && page.contains("« Pont du T1 »"));
    assert!(page.contains(r#"href="/moderation?flag=duplicate""#), "the way back keeps the filters");

    // A refusal without its reason comes back to the review, the error beside the field.
    let no_js = moderator.clone();
    let res = no_js
        .post(app.url(&format!("/moderation/{copy}")))
        .form(&[("decision", "reject"), ("reason", " "), ("back", "/moderation?flag=duplicate")])
        .send()
        .await
        .unwrap();
    let landed = location(&res);
    assert!(landed.starts_with(&format!("/moderation/e/{copy}?")) && landed.contains("error=reason"), "{landed}");
    let (_, page) = app.page_in(&moderator, &landed, "fr").await;
    assert!(page.contains("Choisissez un motif ou écrivez-le") && page.contains(r#"aria-invalid="true""#));
    assert_eq!(app.entry(&moderator, copy).await.json::<Value>().await.unwrap()["status"], "pending");
    // With it, the decision is taken and the moderator is back on the filtered grid.
    let res = no_js
        .post(app.url(&format!("/moderation/{copy}")))
        .form(&[("decision", "reject"), ("reason", "Déjà reçue"), ("back", "/moderation?flag=duplicate")])
        .send()
        .await
        .unwrap();
    assert_eq!(location(&res), "/moderation?flag=duplicate");
    // A way back elsewhere is not followed.
    let res = no_js
        .post(app.url(&format!("/moderation/{first}")))
        .form(&[("decision", "approve"), ("back", "//evil.example/")])
        .send()
        .await
        .unwrap();
    assert_eq!(location(&res), "/moderation");
}

#[tokio::test]
async fn a_decision_undone_in_time_is_never_announced() {
    let app = TestApp::spawn().await;
    let admin = app.staff("admin@example.org", "admin").await;
    let moderator = app.staff("mod@example.org", "moderator").await;
    let slug = app.open_contest(&admin, "undo").await;
    let alice = app.participant("alice@example.org").await;
    let id = sent(&app, &alice, &slug, jpeg(60, 40, 5), "Pont du T1", "Tram").await;
    let mails = app.mails_to("alice@example.org").await;

    assert_eq!(app.moderate(&moderator, id, "approve", None).await.status(), StatusCode::OK);
    assert_eq!(app.gallery(&app.client(), &slug, None).await["entries"].as_array().unwrap().len(), 1);
    let (_, page) = app.page_in(&moderator, "/moderation", "fr").await;
    assert!(page.contains(&format!(r#"action="/moderation/{id}/undo""#)), "the latest decisions offer their undo");

    let undo = |who: &reqwest::Client| who.post(app.url(&format!("/api/v1/entries/{id}/moderation/undo"))).send();
    assert_eq!(undo(&alice).await.unwrap().status(), StatusCode::FORBIDDEN);
    let res = undo(&moderator).await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.json::<Value>().await.unwrap()["status"], "pending");
    assert_eq!(
        app.gallery(&app.client(), &slug, None).await["entries"].as_array().unwrap().len(),
        0,
        "out of the gallery"
    );
    assert_eq!(queue(&app, &moderator, "").await.0, vec![id], "back in the queue");
    let res = undo(&moderator).await.unwrap();
    assert_eq!((res.status(), error_code(res).await.as_str()), (StatusCode::CONFLICT, "not_decided"));
    let audit = declic::testing::audit_for_subject(app.probe.db.pool(), &format!("entry:{id}")).await.unwrap();
    assert_eq!(audit.iter().map(|a| a.action.as_str()).collect::<Vec<_>>(), ["entry.moderate", "entry.undo"]);

    // The refusal that replaced it is the one e-mail Alice gets, once its window has passed.
    assert_eq!(app.moderate(&moderator, id, "reject", Some("Hors sujet")).await.status(), StatusCode::OK);
    assert_eq!(app.mails_to("alice@example.org").await, mails, "nothing before the window closes");
    assert_eq!(app.probe.hurry_jobs("notify_decision").await.unwrap(), 2);
    app.wait_mails_to("alice@example.org", mails + 1).await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(app.mails_to("alice@example.org").await, mails + 1, "the approval undone is never announced");
    assert!(app.newest_mail("alice@example.org").await.contains("Hors sujet"));

    // The page form undoes too, and comes back where it was sent from.
    assert_eq!(app.moderate(&moderator, id, "approve", None).await.status(), StatusCode::OK);
    let res = moderator
        .post(app.url(&format!("/moderation/{id}/undo")))
        .form(&[("back", "/moderation?state=approved")])
        .send()
        .await
        .unwrap();
    assert_eq!(location(&res), "/moderation?state=approved");
    assert_eq!(app.entry(&moderator, id).await.json::<Value>().await.unwrap()["status"], "pending");
}

#[tokio::test]
async fn past_its_window_a_decision_stays_and_is_announced() {
    let app = TestApp::spawn_with(&[("moderation_undo_secs", "1")]).await;
    let admin = app.staff("admin@example.org", "admin").await;
    let moderator = app.staff("mod@example.org", "moderator").await;
    let slug = app.open_contest(&admin, "late").await;
    let alice = app.participant("alice@example.org").await;
    let id = sent(&app, &alice, &slug, jpeg(60, 40, 7), "Pont du T1", "Tram").await;
    let mails = app.mails_to("alice@example.org").await;
    assert_eq!(app.moderate(&moderator, id, "approve", None).await.status(), StatusCode::OK);
    tokio::time::sleep(Duration::from_millis(2100)).await;
    let res = moderator.post(app.url(&format!("/api/v1/entries/{id}/moderation/undo"))).send().await.unwrap();
    assert_eq!((res.status(), error_code(res).await.as_str()), (StatusCode::CONFLICT, "undo_expired"));
    app.probe.wake_workers();
    app.wait_mails_to("alice@example.org", mails + 1).await;
    assert!(app.newest_mail("alice@example.org").await.contains("galerie"));
}

#[tokio::test]
async fn moderators_are_alerted_by_email_at_most_once_per_interval() {
    let app = TestApp::spawn().await;
    let admin = app.staff("admin@example.org", "admin").await;
    let moderator = app.staff("mod@example.org", "moderator").await;
    let quiet = app.staff("quiet@example.org", "moderator").await;
    let alerts = app.url("/api/v1/moderation/alerts");
    let every = |who: &reqwest::Client| who.get(alerts.clone()).send();
    assert_eq!(every(&moderator).await.unwrap().json::<Value>().await.unwrap()["every"], "daily", "by default");
    let res = quiet.put(alerts.clone()).json(&serde_json::json!({ "every": "never" })).send().await.unwrap();
    assert_eq!(res.json::<Value>().await.unwrap()["every"], "never");
    let res = quiet.put(alerts.clone()).json(&serde_json::json!({ "every": "weekly" })).send().await.unwrap();
    assert_eq!(
        (res.status(), error_code(res).await.as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, "invalid_alert_interval")
    );
    let alice = app.participant("alice@example.org").await;
    assert_eq!(every(&alice).await.unwrap().status(), StatusCode::FORBIDDEN);
    // The page's form sets it too.
    let res = moderator.post(app.url("/moderation/alerts")).form(&[("every", "hourly")]).send().await.unwrap();
    assert_eq!(location(&res), "/moderation#alerts");
    assert_eq!(every(&moderator).await.unwrap().json::<Value>().await.unwrap()["every"], "hourly");
    let (_, page) = app.page_in(&moderator, "/moderation", "fr").await;
    assert!(page.contains(r#"<option value="hourly" selected>"#), "the page shows the choice");

    // No digest while nothing waits.
    assert_eq!(app.probe.send_alert_digests().await.unwrap(), 0);
    let slug = app.open_contest(&admin, "alerts").await;
    sent(&app, &alice, &slug, jpeg(60, 40, 11), "Pont du T1", "Tram").await;
    // The moderator and the administrator (who moderates too) get one; the one who said never, none.
    assert_eq!(app.probe.send_alert_digests().await.unwrap(), 2);
    assert_eq!(app.mails_to("mod@example.org").await, 1);
    assert_eq!(app.mails_to("quiet@example.org").await, 0);
    let digest = app.newest_mail("mod@example.org").await;
    assert!(
        digest.contains("Une photo attend votre décision") && digest.contains("Partageons nos humeurs voyageuses : 1"),
        "{digest}"
    );
    assert!(digest.contains("/moderation") && digest.contains("au plus une fois par heure"), "{digest}");
    // Not again within the hour, whichever instance runs the housekeeping.
    assert_eq!(app.probe.send_alert_digests().await.unwrap(), 0);
    assert_eq!(app.mails_to("mod@example.org").await, 1);

    // A report alerts at once, then not again within the interval.
    let moderator_approves = app.staff("approver@example.org", "moderator").await;
    let id = app.approved_entry(&alice, &moderator_approves, &slug, 12).await;
    let report = |reason: &'static str| {
        app.client()
            .post(app.url(&format!("/api/v1/entries/{id}/reports")))
            .json(&serde_json::json!({ "reason": reason }))
            .send()
    };
    assert_eq!(report("personal_data").await.unwrap().status(), StatusCode::ACCEPTED);
    assert_eq!(app.mails_to("mod@example.org").await, 2);
    let alert = app.newest_mail("mod@example.org").await;
    assert!(alert.contains("vient d'être signalée") && alert.contains("Atteinte à la vie privée"), "{alert}");
    assert!(alert.contains("/moderation#reports"), "{alert}");
    assert_eq!(report("spam").await.unwrap().status(), StatusCode::ACCEPTED);
    assert_eq!(app.mails_to("mod@example.org").await, 2, "one report alert per interval");
    assert_eq!(app.mails_to("quiet@example.org").await, 0);
}
