//! The contest's quota of live entries per participant: refused with a clear reason once
//! reached, before the photo is received; a rejected entry frees its place.

use reqwest::StatusCode;
use serde_json::Value;

use crate::helpers::*;

#[tokio::test]
async fn the_entry_quota_is_enforced_and_a_rejection_frees_a_place() {
    let app = TestApp::spawn().await;
    let admin = app.staff("admin@example.org", "admin").await;
    let moderator = app.staff("mod@example.org", "moderator").await;

    let mut body = contest_json("two-each", -3600, 86_400);
    body["max_entries_per_participant"] = 0.into();
    let res = app.create_contest(&admin, &body).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(error_code(res).await, "invalid_quota");
    body["max_entries_per_participant"] = 2.into();
    assert_eq!(app.create_contest(&admin, &body).await.status(), StatusCode::CREATED);
    let contest: Value =
        app.client().get(app.url("/api/v1/contests/two-each")).send().await.unwrap().json().await.unwrap();
    assert_eq!(contest["max_entries_per_participant"], 2);

    let alice = app.participant("alice@example.org").await;
    let page = alice.get(app.url("/c/two-each")).send().await.unwrap().text().await.unwrap();
    assert!(page.contains("2 photos par participant"), "the page says the quota");
    let mut ids = Vec::new();
    for seed in 1..=2 {
        let res = app.submit(&alice, "two-each", jpeg(320, 240, seed), &entry_fields()).await;
        assert_eq!(res.status(), StatusCode::ACCEPTED);
        ids.push(res.json::<Value>().await.unwrap()["id"].as_i64().unwrap());
    }
    let third = jpeg(320, 240, 3);
    let res = app.submit(&alice, "two-each", third.clone(), &entry_fields()).await;
    assert_eq!(res.status(), StatusCode::CONFLICT);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["error"]["code"], "quota_reached");
    assert!(body["error"]["message"].as_str().unwrap().contains("2 photos"), "{body}");
    // Refused before the photo was kept.
    let hash = declic::testing::Blake3Hash::from_hash(&blake3::hash(&third));
    assert!(!app.probe.storage.exists(&declic::testing::BlobKey::original(&hash)).await.unwrap());

    // Another participant has a quota of their own.
    let bob = app.participant("bob@example.org").await;
    assert_eq!(app.submit(&bob, "two-each", jpeg(320, 240, 9), &entry_fields()).await.status(), StatusCode::ACCEPTED);

    // A rejected photo no longer counts.
    app.wait_processed(&alice, ids[0]).await;
    let res = app.moderate(&moderator, ids[0], "reject", Some("hors sujet")).await;
    assert!(res.status().is_success(), "{}", res.status());
    let res = app.submit(&alice, "two-each", third, &entry_fields()).await;
    assert_eq!(res.status(), StatusCode::ACCEPTED);
}
