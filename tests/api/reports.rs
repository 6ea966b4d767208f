//! "Report abuse": anyone reports a public photo (rate-limited, honeypot), moderators see the
//! reports, hide the photo at once (gallery, page and votes) or dismiss; all audited.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::{TestApp, entry_fields, error_code, jpeg};

async fn approved_entry(app: &TestApp, slug: &str, moderator: &reqwest::Client) -> i64 {
    let alice = app.participant("alice@example.org").await;
    app.approved_entry(&alice, moderator, slug, 1).await
}

async fn report(app: &TestApp, client: &reqwest::Client, id: i64, body: Value) -> reqwest::Response {
    client.post(app.url(&format!("/api/v1/entries/{id}/reports"))).json(&body).send().await.unwrap()
}

#[tokio::test]
async fn a_reported_photo_reaches_moderators_who_hide_it_at_once() {
    let app = TestApp::spawn().await;
    let admin = app.staff("admin@example.org", "admin").await;
    let moderator = app.staff("mod@example.org", "moderator").await;
    let slug = app.open_contest(&admin, "reports").await;
    let id = approved_entry(&app, &slug, &moderator).await;

    let visitor = app.client();
    let res = report(&app, &visitor, id, json!({ "reason": "rude" })).await;
    assert_eq!((res.status(), error_code(res).await.as_str()), (StatusCode::UNPROCESSABLE_ENTITY, "invalid_reason"));
    let res = report(&app, &visitor, id, json!({ "reason": "spam", "email": "not an email" })).await;
    assert_eq!(error_code(res).await, "invalid_email");
    let res = report(&app, &visitor, 999_999, json!({ "reason": "spam" })).await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    let body =
        json!({ "reason": "personal_data", "details": "On reconnaît mon enfant.", "email": "Parent@Example.org" });
    assert_eq!(report(&app, &visitor, id, body).await.status(), StatusCode::ACCEPTED);
    // A robot filling the honeypot is told "received" and nothing is kept.
    let res = report(&app, &visitor, id, json!({ "reason": "spam", "website": "http://spam.example" })).await;
    assert_eq!(res.status(), StatusCode::ACCEPTED);
    // Its fields are read first, as anyone's: a wrong reason is refused all the same.
    let res = report(&app, &visitor, id, json!({ "reason": " spam", "website": "http://spam.example" })).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(error_code(res).await, "invalid_reason");

    let alice_again = app.participant("alice2@example.org").await;
    assert_eq!(
        alice_again.get(app.url("/api/v1/moderation/reports")).send().await.unwrap().status(),
        StatusCode::FORBIDDEN
    );
    let open: Value = moderator.get(app.url("/api/v1/moderation/reports")).send().await.unwrap().json().await.unwrap();
    let open = open.as_array().unwrap();
    assert_eq!(open.len(), 1, "{open:?}");
    assert_eq!(
        (open[0]["reason"].as_str(), open[0]["email"].as_str()),
        (Some("personal_data"), Some("parent@example.org"))
    );
    let page = moderator.get(app.url("/moderation")).send().await.unwrap().text().await.unwrap();
    assert!(page.contains("Atteinte à la vie privée") && page.contains("On reconnaît mon enfant."), "{page}");

    // Hidden at once: out of the gallery, its page and the vote; the report is resolved.
    let res = alice_again
        .put(app.url(&format!("/api/v1/entries/{id}/hidden")))
        .json(&json!({ "hidden": true }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let res = moderator
        .put(app.url(&format!("/api/v1/entries/{id}/hidden")))
        .json(&json!({ "hidden": true }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    assert!(app.gallery(&visitor, &slug, None).await["entries"].as_array().unwrap().is_empty());
    assert_eq!(visitor.get(app.url(&format!("/e/{id}"))).send().await.unwrap().status(), StatusCode::NOT_FOUND);
    // Its author is told, by email and on their page.
    assert!(app.newest_mail("alice@example.org").await.contains("a été signalée et la modération l'a masquée"));
    let alice = app.participant("alice@example.org").await;
    assert_eq!(app.entry(&alice, id).await.json::<Value>().await.unwrap()["hidden"], true);
    let me = alice.get(app.url("/me")).send().await.unwrap().text().await.unwrap();
    assert!(me.contains("Masquée au public par la modération"), "{me}");
    let voter = app.participant("voter@example.org").await;
    assert_eq!(app.vote(&voter, id).await.status(), StatusCode::NOT_FOUND);
    let open: Value = moderator.get(app.url("/api/v1/moderation/reports")).send().await.unwrap().json().await.unwrap();
    assert!(open.as_array().unwrap().is_empty());
    let staff_page = moderator.get(app.url(&format!("/e/{id}"))).send().await.unwrap().text().await.unwrap();
    assert!(staff_page.contains("masquée au public"), "staff still see it, marked hidden");
    let audit = declic::testing::audit_for_subject(app.probe.db.pool(), &format!("entry:{id}")).await.unwrap();
    let hide = audit.iter().find(|a| a.action == "entry.hide").expect("the hiding is audited");
    assert!(hide.detail.contains("\"reports_resolved\":1"), "{}", hide.detail);

    // Shown again from its page (a form, no script).
    let res = moderator
        .post(app.url(&format!("/moderation/entries/{id}/hidden")))
        .form(&[("hidden", "false")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(app.gallery(&visitor, &slug, None).await["entries"][0]["id"], id);
}

#[tokio::test]
async fn reports_are_dismissed_or_rate_limited() {
    let app = TestApp::spawn().await;
    let admin = app.staff("admin@example.org", "admin").await;
    let moderator = app.staff("mod@example.org", "moderator").await;
    let slug = app.open_contest(&admin, "limits").await;
    let id = approved_entry(&app, &slug, &moderator).await;
    let visitor = app.client();
    for _ in 0..5 {
        assert_eq!(report(&app, &visitor, id, json!({ "reason": "spam" })).await.status(), StatusCode::ACCEPTED);
    }
    let res = report(&app, &visitor, id, json!({ "reason": "spam" })).await;
    assert_eq!((res.status(), error_code(res).await.as_str()), (StatusCode::TOO_MANY_REQUESTS, "rate_limited"));

    let open: Value = moderator.get(app.url("/api/v1/moderation/reports")).send().await.unwrap().json().await.unwrap();
    let first = open[0]["id"].as_i64().unwrap();
    let res = moderator.post(app.url(&format!("/api/v1/reports/{first}/dismiss"))).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    let res = moderator.post(app.url(&format!("/api/v1/reports/{first}/dismiss"))).send().await.unwrap();
    assert_eq!(error_code(res).await, "report_not_found");
    let open: Value = moderator.get(app.url("/api/v1/moderation/reports")).send().await.unwrap().json().await.unwrap();
    assert_eq!(open.as_array().unwrap().len(), 4);
    assert_eq!(app.gallery(&visitor, &slug, None).await["entries"][0]["id"], id, "a dismissed report hides nothing");

    // The photo page's form (no script) sends a report too.
    let page = app.client().get(app.url(&format!("/e/{id}"))).send().await.unwrap().text().await.unwrap();
    assert!(page.contains("Signaler cette photo") && page.contains(r#"name="website" type="text" tabindex="-1""#));
}

#[tokio::test]
async fn moderators_pick_reasons_from_an_editable_list_and_approve_in_bulk() {
    let app = TestApp::spawn().await;
    let admin = app.staff("admin@example.org", "admin").await;
    let moderator = app.staff("mod@example.org", "moderator").await;
    let slug = app.open_contest(&admin, "bulk").await;
    let alice = app.participant("alice@example.org").await;
    let mut ids = Vec::new();
    for seed in 1..=4u8 {
        let res = app.submit(&alice, &slug, jpeg(40, 30, seed), &entry_fields()).await;
        let id = res.json::<Value>().await.unwrap()["id"].as_i64().unwrap();
        app.wait_processed(&alice, id).await;
        ids.push(id);
    }

    // The list: seeded, extended, trimmed; only moderators touch it.
    let reasons: Value =
        moderator.get(app.url("/api/v1/moderation/reasons")).send().await.unwrap().json().await.unwrap();
    assert_eq!(reasons.as_array().unwrap().len(), 5);
    assert_eq!(alice.get(app.url("/api/v1/moderation/reasons")).send().await.unwrap().status(), StatusCode::FORBIDDEN);
    let res = moderator
        .post(app.url("/api/v1/moderation/reasons"))
        .json(&json!({ "text": "Photo retouchée à l'excès." }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::CREATED);
    let added = res.json::<Value>().await.unwrap()["id"].as_i64().unwrap();
    let res = moderator
        .post(app.url("/api/v1/moderation/reasons"))
        .json(&json!({ "text": "Photo retouchée à l'excès." }))
        .send()
        .await
        .unwrap();
    assert_eq!(error_code(res).await, "reason_exists");
    let first = reasons[0]["id"].as_i64().unwrap();
    assert_eq!(
        moderator.delete(app.url(&format!("/api/v1/moderation/reasons/{first}"))).send().await.unwrap().status(),
        StatusCode::NO_CONTENT
    );

    // Rejecting from the page with a picked reason: the participant reads its words.
    let res = moderator
        .post(app.url(&format!("/moderation/{}", ids[0])))
        .form(&[("decision", "reject"), ("template", &added.to_string()), ("reason", "")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let e: Value = app.entry(&alice, ids[0]).await.json().await.unwrap();
    assert_eq!(
        (e["status"].as_str(), e["rejection_reason"].as_str()),
        (Some("rejected"), Some("Photo retouchée à l'excès."))
    );

    // Bulk: the rejected one is reported, the others approved.
    let res = moderator
        .post(app.url("/api/v1/moderation/approve"))
        .json(&json!({ "entry_ids": [ids[1], ids[2], ids[0]] }))
        .send()
        .await
        .unwrap();
    let outcomes: Value = res.json().await.unwrap();
    let outcomes: Vec<_> =
        outcomes.as_array().unwrap().iter().map(|o| o["outcome"].as_str().unwrap().to_string()).collect();
    assert_eq!(outcomes[..2], ["approved", "approved"]);
    let page = moderator.get(app.url("/moderation")).send().await.unwrap().text().await.unwrap();
    assert!(
        page.contains(&format!(r#"name="entry_id" value="{}" form="bulk""#, ids[3]))
            && page.contains("Raccourcis clavier")
    );
    let res =
        moderator.post(app.url("/moderation/approve")).form(&[("entry_id", ids[3].to_string())]).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(app.entry(&alice, ids[3]).await.json::<Value>().await.unwrap()["status"], "approved");
    let audit = declic::testing::audit_for_subject(app.probe.db.pool(), &format!("reason:{added}")).await.unwrap();
    assert_eq!(audit[0].action, "reason.add");
}
