//! Bad input gets a clear, specific error and changes nothing.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::*;

async fn my_entry_count(app: &TestApp, client: &reqwest::Client) -> usize {
    let v: Value = client.get(app.url("/api/v1/me/entries")).send().await.unwrap().json().await.unwrap();
    v.as_array().unwrap().len()
}

#[tokio::test]
async fn uploads_are_refused_with_a_specific_reason() {
    let app = TestApp::spawn_with(&[("max_upload_bytes", "200000")]).await;
    let admin = app.staff("admin@example.org", "admin").await;
    let slug = app.open_contest(&admin, "strict").await;
    let alice = app.participant("alice@example.org").await;

    let res = app.submit(&alice, "no-such-contest", jpeg(40, 30, 1), &entry_fields()).await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    assert_eq!(error_code(res).await, "contest_not_found");

    let no_consent: Vec<_> = entry_fields().into_iter().filter(|(k, _)| *k != "took_photo").collect();
    let res = app.submit(&alice, &slug, jpeg(40, 30, 1), &no_consent).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(error_code(res).await, "authorship_required");

    let no_title: Vec<_> =
        entry_fields().into_iter().map(|(k, v)| if k == "title" { (k, "  ") } else { (k, v) }).collect();
    assert_eq!(error_code(app.submit(&alice, &slug, jpeg(40, 30, 1), &no_title).await).await, "invalid_title");

    let bad_category: Vec<_> =
        entry_fields().into_iter().map(|(k, v)| if k == "category" { (k, "Métro") } else { (k, v) }).collect();
    assert_eq!(error_code(app.submit(&alice, &slug, jpeg(40, 30, 1), &bad_category).await).await, "unknown_category");

    for (bytes, what) in [
        (b"GIF89a\x01\x00\x01\x00".to_vec(), "GIF"),
        (b"<svg xmlns='http://www.w3.org/2000/svg'/>".to_vec(), "SVG"),
        (b"%PDF-1.4 hello".to_vec(), "PDF"),
    ] {
        let res = app.submit(&alice, &slug, bytes, &entry_fields()).await;
        assert_eq!(res.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE, "{what}");
        let v: Value = res.json().await.unwrap();
        assert_eq!(v["error"]["code"], "unsupported_format");
        assert!(v["error"]["message"].as_str().unwrap().contains(what));
    }

    let mut truncated = jpeg(200, 100, 3);
    truncated.truncate(20);
    assert_eq!(error_code(app.submit(&alice, &slug, truncated, &entry_fields()).await).await, "corrupt_image");

    // Larger than the limit: refused while streaming.
    let big: Vec<u8> = jpeg(40, 30, 1).into_iter().chain(std::iter::repeat_n(0u8, 400_000)).collect();
    let res = app.submit(&alice, &slug, big, &entry_fields()).await;
    assert_eq!(res.status(), StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(error_code(res).await, "file_too_large");

    assert_eq!(my_entry_count(&app, &alice).await, 0, "nothing was kept");
    let leftovers = std::fs::read_dir(app.settings.data_dir.join("tmp")).unwrap().count();
    assert_eq!(leftovers, 0, "no temporary file left behind");

    // The same photo twice by the same participant.
    let photo = jpeg(40, 30, 9);
    assert_eq!(app.submit(&alice, &slug, photo.clone(), &entry_fields()).await.status(), StatusCode::ACCEPTED);
    let res = app.submit(&alice, &slug, photo.clone(), &entry_fields()).await;
    assert_eq!(res.status(), StatusCode::CONFLICT);
    assert_eq!(error_code(res).await, "already_entered");
    // By someone else: accepted, flagged.
    let bob = app.participant("bob@example.org").await;
    let res = app.submit(&bob, &slug, photo, &entry_fields()).await;
    assert_eq!(res.status(), StatusCode::ACCEPTED);
    assert!(res.json::<Value>().await.unwrap()["duplicate_of"].is_i64());
    assert_eq!(my_entry_count(&app, &alice).await, 1);
}

#[tokio::test]
async fn phases_are_enforced_by_server_time() {
    let app = TestApp::spawn().await;
    let admin = app.staff("admin@example.org", "admin").await;
    let moderator = app.staff("mod@example.org", "moderator").await;
    let juror = app.staff("jury@example.org", "jury").await;
    // Open contest to get an approved entry, and a closed one.
    let open = app.open_contest(&admin, "open").await;
    let res = app.create_contest(&admin, &contest_json("later", 86_400, 2 * 86_400)).await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let alice = app.participant("alice@example.org").await;

    let res = app.submit(&alice, "later", jpeg(40, 30, 1), &entry_fields()).await;
    assert_eq!(res.status(), StatusCode::CONFLICT);
    assert_eq!(error_code(res).await, "submissions_closed");

    let res = app.submit(&alice, &open, jpeg(40, 30, 2), &entry_fields()).await;
    let id = res.json::<Value>().await.unwrap()["id"].as_i64().unwrap();
    app.wait_processed(&alice, id).await;
    app.moderate(&moderator, id, "approve", None).await;
    // Close the vote and the jury by moving the contest's dates into the past.
    sqlx::query("UPDATE contests SET vote_open_at = 0, vote_close_at = 1, jury_open_at = 0, jury_close_at = 1 WHERE slug = 'open'")
        .execute(app.probe.db.pool())
        .await
        .unwrap();
    let bob = app.participant("bob@example.org").await;
    let res = app.vote(&bob, id).await;
    assert_eq!(res.status(), StatusCode::CONFLICT);
    assert_eq!(error_code(res).await, "voting_closed");
    // A round started before its opening date refuses marks until then; a closed one for good.
    let future = chrono::DateTime::from_timestamp(chrono::Utc::now().timestamp() + 86_400, 0).unwrap().to_rfc3339();
    let round = app.started_round(&admin, &open, "yes_no", json!({ "opens_at": future }), &["jury@example.org"]).await;
    let res = app.mark(&juror, round, id, &json!({ "yes": true })).await;
    assert_eq!(res.status(), StatusCode::CONFLICT);
    assert_eq!(error_code(res).await, "round_not_open");
    let body = json!({
        "name": "Now", "method": "yes_no", "opens_at": "2000-01-01T00:00:00Z",
        "closes_at": "2100-01-01T00:00:00Z", "jurors": ["jury@example.org"],
    });
    let res = admin.put(app.url(&format!("/api/v1/rounds/{round}"))).json(&body).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(app.mark(&juror, round, id, &json!({ "yes": true })).await.status(), StatusCode::OK);
    let res = app.round_action(&admin, round, "close", &json!({ "missing_rule": "ignore_late" })).await;
    assert_eq!(res.status(), StatusCode::OK);
    let res = app.mark(&juror, round, id, &json!({ "yes": false })).await;
    assert_eq!(res.status(), StatusCode::CONFLICT);
    assert_eq!(error_code(res).await, "round_closed");
}

#[tokio::test]
async fn invalid_requests_name_what_is_wrong() {
    let app = TestApp::spawn().await;
    let admin = app.staff("admin@example.org", "admin").await;
    let juror = app.staff("jury@example.org", "jury").await;
    let moderator = app.staff("mod@example.org", "moderator").await;

    let mut bad = contest_json("bad-dates", 0, 100);
    bad["vote_close_at"] = "next tuesday".into();
    let res = app.create_contest(&admin, &bad).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(error_code(res).await, "invalid_date");

    let res = app.create_contest(&admin, &contest_json("../etc", 0, 100)).await;
    assert_eq!(error_code(res).await, "invalid_slug");

    let slug = app.open_contest(&admin, "dup").await;
    let res = app.create_contest(&admin, &contest_json(&slug, 0, 100)).await;
    assert_eq!(res.status(), StatusCode::CONFLICT);
    assert_eq!(error_code(res).await, "slug_taken");

    let res = admin
        .post(app.url("/api/v1/contests"))
        .header("content-type", "application/json")
        .body("{not json")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    assert_eq!(error_code(res).await, "invalid_json");

    let res = app
        .client()
        .post(app.url("/api/v1/auth/magic-link"))
        .json(&serde_json::json!({ "email": "not an email" }))
        .send()
        .await
        .unwrap();
    assert_eq!(error_code(res).await, "invalid_email");

    let alice = app.participant("alice@example.org").await;
    let res = app.submit(&alice, &slug, jpeg(40, 30, 1), &entry_fields()).await;
    let id = res.json::<Value>().await.unwrap()["id"].as_i64().unwrap();
    app.wait_processed(&alice, id).await;
    let res = app.moderate(&moderator, id, "reject", None).await;
    assert_eq!(error_code(res).await, "reason_required");
    app.moderate(&moderator, id, "approve", None).await;
    let round = app.jury_round(&admin, &slug, &["jury@example.org"]).await;
    let res = app.score(&juror, round, id, 11).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(error_code(res).await, "invalid_score");
    let res = app.assign_winner(&admin, &slug, "no-such-slot", id).await;
    assert_eq!(error_code(res).await, "cover_slot_not_found");
    let res = app.assign_winner(&admin, &slug, "guide-t1", 999_999).await;
    assert_eq!(error_code(res).await, "entry_not_eligible");
    let res = app.client().get(app.url("/api/v1/entries/abc")).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::NOT_FOUND);

    // Pages answer in French.
    let page = alice.post(app.url(&format!("/e/{id}/vote"))).send().await.unwrap();
    assert_eq!(page.status(), StatusCode::FORBIDDEN);
    assert!(page.text().await.unwrap().contains("Vous ne pouvez pas voter pour votre propre photo"));
}

#[tokio::test]
async fn an_entry_form_with_unknown_repeated_or_too_many_fields_is_refused() {
    let app = TestApp::spawn().await;
    let admin = app.staff("admin@example.org", "admin").await;
    let slug = app.open_contest(&admin, "fields").await;
    let p = app.participant("p@example.org").await;

    let mut many = entry_fields();
    many.extend(std::iter::repeat_n(("grant", "print"), 1000));
    let res = app.submit(&p, &slug, jpeg(40, 30, 1), &many).await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    assert_eq!(error_code(res).await, "too_many_fields");

    let mut repeated = entry_fields();
    repeated.extend(std::iter::repeat_n(("title", "Encore"), 1000));
    let res = app.submit(&p, &slug, jpeg(40, 30, 2), &repeated).await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    assert_eq!(error_code(res).await, "repeated_field");

    let mut unknown = entry_fields();
    unknown.push(("is_admin", "true"));
    let res = app.submit(&p, &slug, jpeg(40, 30, 3), &unknown).await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    assert_eq!(error_code(res).await, "unknown_field");

    // Several rights granted one checkbox each is how the page's form sends them.
    let mut checkboxes: Vec<(&str, &str)> = entry_fields().into_iter().filter(|(k, _)| *k != "grants").collect();
    checkboxes.extend([("grant", "print"), ("grant", "web"), ("grant", "social")]);
    assert_eq!(app.submit(&p, &slug, jpeg(40, 30, 4), &checkboxes).await.status(), StatusCode::ACCEPTED);
    assert_eq!(my_entry_count(&app, &p).await, 1, "only the well-formed entry was kept");
}

#[tokio::test]
async fn an_address_no_mail_can_reach_is_refused_as_typed_not_as_a_failed_email() {
    let app = TestApp::spawn().await;
    let email = format!("lea@{}.fr", "a".repeat(64));
    let res = app.request_magic_link(&app.client(), &email).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(error_code(res).await, "invalid_email");
}
