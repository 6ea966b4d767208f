//! A photo's pixels are public only while its entry is: pending, rejected, hidden and withdrawn
//! photos' renditions answer 404 to anyone but their owner, staff and the jurors judging them;
//! with a CDN, only public entries have copies it can serve.

use reqwest::{Client, StatusCode};
use serde_json::{Value, json};

use crate::helpers::*;

/// The addresses of an entry's renditions, as its owner's view lists them.
async fn rendition_urls(app: &TestApp, owner: &Client, id: i64) -> Vec<String> {
    let v: Value = app.entry(owner, id).await.json().await.unwrap();
    let urls: Vec<String> =
        v["renditions"].as_array().unwrap().iter().map(|r| r["url"].as_str().unwrap().into()).collect();
    assert_eq!(urls.len(), 7, "{v}");
    urls
}

/// Each URL answers `status` to `client`; a 200 carries `cache` as its Cache-Control.
async fn expect(app: &TestApp, client: &Client, urls: &[String], status: StatusCode, cache: &str, who: &str) {
    for url in urls {
        let res = client.get(app.url(url)).send().await.unwrap();
        assert_eq!(res.status(), status, "{who}: {url}");
        if status == StatusCode::OK {
            assert_eq!(res.headers()["cache-control"], cache, "{who}: {url}");
            assert!(!res.bytes().await.unwrap().is_empty());
        }
    }
}

const PRIVATE: &str = "private, no-store";
const PUBLIC: &str = "public, max-age=31536000, immutable";

#[tokio::test]
async fn pixels_of_a_photo_not_public_reach_only_who_may_see_it() {
    let app = TestApp::spawn().await;
    let admin = app.staff("admin@example.org", "admin").await;
    let moderator = app.staff("mod@example.org", "moderator").await;
    let slug = app.open_contest(&admin, "pixels").await;
    let owner = app.participant("owner@example.org").await;
    let other = app.participant("other@example.org").await;
    let anonymous = app.client();

    // Pending.
    let res = app.submit(&owner, &slug, jpeg(64, 48, 11), &entry_fields()).await;
    assert_eq!(res.status(), StatusCode::ACCEPTED);
    let rejected = res.json::<Value>().await.unwrap()["id"].as_i64().unwrap();
    assert_eq!(app.wait_processed(&owner, rejected).await["status"], "pending");
    let urls = rendition_urls(&app, &owner, rejected).await;
    expect(&app, &anonymous, &urls, StatusCode::NOT_FOUND, "", "anonymous, pending").await;
    expect(&app, &other, &urls, StatusCode::NOT_FOUND, "", "another participant, pending").await;
    expect(&app, &owner, &urls, StatusCode::OK, PRIVATE, "owner, pending").await;
    expect(&app, &moderator, &urls, StatusCode::OK, PRIVATE, "moderator, pending").await;

    // Rejected.
    assert_eq!(app.moderate(&moderator, rejected, "reject", Some("Hors sujet")).await.status(), StatusCode::OK);
    expect(&app, &anonymous, &urls, StatusCode::NOT_FOUND, "", "anonymous, rejected").await;
    expect(&app, &other, &urls, StatusCode::NOT_FOUND, "", "another participant, rejected").await;
    expect(&app, &owner, &urls, StatusCode::OK, PRIVATE, "owner, rejected").await;
    expect(&app, &admin, &urls, StatusCode::OK, PRIVATE, "admin, rejected").await;

    let rejected_urls = urls;

    // Approved: anyone's, cached for a year.
    let approved = app.approved_entry(&owner, &moderator, &slug, 12).await;
    let urls = rendition_urls(&app, &owner, approved).await;
    expect(&app, &anonymous, &urls, StatusCode::OK, PUBLIC, "anonymous, approved").await;

    // A juror judging it keeps seeing it once hidden; a juror who does not, does not.
    let juror = app.staff("juror@example.org", "jury").await;
    let outsider = app.staff("outsider@example.org", "jury").await;
    app.jury_round(&admin, &slug, &["juror@example.org"]).await;

    // Hidden after a report.
    let hide = |hidden: bool| {
        moderator.put(app.url(&format!("/api/v1/entries/{approved}/hidden"))).json(&json!({ "hidden": hidden })).send()
    };
    assert_eq!(hide(true).await.unwrap().status(), StatusCode::NO_CONTENT);
    expect(&app, &anonymous, &urls, StatusCode::NOT_FOUND, "", "anonymous, hidden").await;
    expect(&app, &other, &urls, StatusCode::NOT_FOUND, "", "another participant, hidden").await;
    expect(&app, &outsider, &urls, StatusCode::NOT_FOUND, "", "a juror of no round of it, hidden").await;
    expect(&app, &juror, &urls, StatusCode::OK, PRIVATE, "its juror, hidden").await;
    expect(&app, &owner, &urls, StatusCode::OK, PRIVATE, "owner, hidden").await;
    expect(&app, &moderator, &urls, StatusCode::OK, PRIVATE, "moderator, hidden").await;
    assert_eq!(hide(false).await.unwrap().status(), StatusCode::NO_CONTENT);
    expect(&app, &anonymous, &urls, StatusCode::OK, PUBLIC, "anonymous, shown again").await;

    // Withdrawn: nobody (the rejected one, and one still pending).
    let pending = app.submit(&owner, &slug, jpeg(64, 48, 13), &entry_fields()).await;
    let pending = pending.json::<Value>().await.unwrap()["id"].as_i64().unwrap();
    app.wait_processed(&owner, pending).await;
    let pending_urls = rendition_urls(&app, &owner, pending).await;
    for id in [rejected, pending] {
        let res = owner.delete(app.url(&format!("/api/v1/entries/{id}"))).send().await.unwrap();
        assert_eq!(res.status(), StatusCode::NO_CONTENT);
    }
    for who in [&anonymous, &other, &owner, &moderator] {
        expect(&app, who, &rejected_urls, StatusCode::NOT_FOUND, "", "withdrawn after rejection").await;
        expect(&app, who, &pending_urls, StatusCode::NOT_FOUND, "", "withdrawn while pending").await;
    }
}

/// With a CDN (a web server in front of the store's `public/` folder), a public entry's pages
/// point at the CDN's copies; those exist only while the entry is public.
#[tokio::test]
async fn a_cdn_serves_copies_of_public_entries_only() {
    let app = TestApp::spawn_with(&[("media_url", "https://cdn.example.org/")]).await;
    let admin = app.staff("admin@example.org", "admin").await;
    let moderator = app.staff("mod@example.org", "moderator").await;
    let slug = app.open_contest(&admin, "cdn").await;
    let owner = app.participant("owner@example.org").await;

    let res = app.submit(&owner, &slug, jpeg(64, 48, 21), &entry_fields()).await;
    let id = res.json::<Value>().await.unwrap()["id"].as_i64().unwrap();
    app.wait_processed(&owner, id).await;
    let local = rendition_urls(&app, &owner, id).await;
    assert!(local.iter().all(|u| u.starts_with("/media/renditions/")), "{local:?}");
    let hash = local[0].split('/').nth(3).unwrap().to_string();
    let copies = |present: bool| {
        let app = &app;
        let hash = hash.clone();
        async move {
            for file in ["w400.jpg", "w400.webp", "w1080.jpg", "w1080.webp", "w2048.jpg", "w2048.webp", "share.jpg"] {
                let key = declic::testing::BlobKey::from_stored(&format!("public/{hash}/{file}")).unwrap();
                assert_eq!(app.probe.storage.exists(&key).await.unwrap(), present, "{file}");
            }
        }
    };
    copies(false).await;
    expect(&app, &app.client(), &local, StatusCode::NOT_FOUND, "", "anonymous, pending").await;

    assert_eq!(app.moderate(&moderator, id, "approve", None).await.status(), StatusCode::OK);
    copies(true).await;
    let public = rendition_urls(&app, &app.client(), id).await;
    assert!(public.iter().all(|u| u.starts_with("https://cdn.example.org/")), "{public:?}");
    assert!(public.iter().all(|u| u.contains(&format!("public/{hash}/"))), "{public:?}");
    // Déclic's own address sends public ones to the CDN.
    let res = app.client().get(app.url(&local[0])).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::TEMPORARY_REDIRECT);
    assert!(res.headers()["location"].to_str().unwrap().starts_with("https://cdn.example.org/"));

    let hide = |hidden: bool| {
        moderator.put(app.url(&format!("/api/v1/entries/{id}/hidden"))).json(&json!({ "hidden": hidden })).send()
    };
    assert_eq!(hide(true).await.unwrap().status(), StatusCode::NO_CONTENT);
    copies(false).await;
    expect(&app, &app.client(), &local, StatusCode::NOT_FOUND, "", "anonymous, hidden").await;
    expect(&app, &owner, &local, StatusCode::OK, PRIVATE, "owner, hidden").await;
    assert_eq!(hide(false).await.unwrap().status(), StatusCode::NO_CONTENT);
    copies(true).await;

    // A copy lost (or left by a failure) is put right by the storage sweep.
    let key = declic::testing::BlobKey::from_stored(&format!("public/{hash}/w400.jpg")).unwrap();
    app.probe.storage.delete(&key).await.unwrap();
    let report = app.probe.sweep(0, false).await.unwrap();
    assert_eq!(report.missing_public_copies, vec![id]);
    copies(true).await;

    let res = owner.delete(app.url(&format!("/api/v1/entries/{id}"))).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    copies(false).await;
}
