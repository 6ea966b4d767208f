//! "Download my data": a participant gets everything stored about them, originals included.

use std::io::Read;

use reqwest::StatusCode;
use serde_json::Value;

use crate::helpers::*;

#[tokio::test]
async fn a_participant_downloads_everything_stored_about_them() {
    let app = TestApp::spawn().await;
    let admin = app.staff("admin@example.org", "admin").await;
    let moderator = app.staff("mod@example.org", "moderator").await;
    let slug = app.open_contest(&admin, "my-data").await;
    let alice = app.participant("alice@example.org").await;
    let bob = app.participant("bob@example.org").await;

    let photos = [jpeg(320, 240, 1), jpeg(320, 240, 2)];
    let mut ids = Vec::new();
    for photo in &photos {
        let res = app.submit(&alice, &slug, photo.clone(), &entry_fields()).await;
        ids.push(res.json::<Value>().await.unwrap()["id"].as_i64().unwrap());
    }
    let res = app.submit(&bob, &slug, jpeg(320, 240, 3), &entry_fields()).await;
    let bobs = res.json::<Value>().await.unwrap()["id"].as_i64().unwrap();
    app.wait_processed(&bob, bobs).await;
    assert!(app.moderate(&moderator, bobs, "approve", None).await.status().is_success());
    assert!(app.vote(&alice, bobs).await.status().is_success());

    assert_eq!(app.client().get(app.url("/api/v1/me/data.zip")).send().await.unwrap().status(), 401);
    let res = alice.get(app.url("/api/v1/me/data.zip")).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers()["content-type"], "application/zip");
    assert_eq!(res.headers()["cache-control"], "no-store");
    let bytes = res.bytes().await.unwrap();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes.to_vec())).unwrap();
    let mut json = String::new();
    zip.by_name("my-data.json").unwrap().read_to_string(&mut json).unwrap();
    let data: Value = serde_json::from_str(&json).unwrap();
    assert_eq!(data["account"]["email"], "alice@example.org");
    let entries = data["entries"].as_array().unwrap();
    assert_eq!(entries.len(), 2, "{data}");
    assert!(entries.iter().all(|e| e["contest"] == "my-data" && e["consent"]["rules_version"] == 1), "{data}");
    assert_eq!(data["votes"].as_array().unwrap().len(), 1);
    assert_eq!(data["votes"][0]["entry"], bobs);
    for (id, photo) in ids.iter().zip(&photos) {
        let mut original = Vec::new();
        zip.by_name(&format!("originals/entry-{id}.jpg")).unwrap().read_to_end(&mut original).unwrap();
        assert_eq!(&original, photo, "original of entry {id} bit-exact");
    }
    assert!(zip.file_names().all(|n| !n.contains(&format!("entry-{bobs}"))), "nobody else's photos");
    let page = alice.get(app.url("/me")).send().await.unwrap().text().await.unwrap();
    assert!(page.contains("/api/v1/me/data.zip"));
}

#[tokio::test]
async fn a_participant_deletes_their_account_and_only_cover_winners_stay() {
    let app = TestApp::spawn().await;
    let admin = app.staff("admin@example.org", "admin").await;
    let moderator = app.staff("mod@example.org", "moderator").await;
    let slug = app.open_contest(&admin, "goodbye").await;
    let alice = app.participant("alice@example.org").await;
    let bob = app.participant("bob@example.org").await;
    let set_name = alice.patch(app.url("/api/v1/me")).json(&serde_json::json!({ "display_name": "Léa" }));
    assert_eq!(set_name.send().await.unwrap().status(), StatusCode::OK);

    let mut ids = Vec::new();
    for seed in 1..=2 {
        let res = app.submit(&alice, &slug, jpeg(320, 240, seed), &entry_fields()).await;
        let id = res.json::<Value>().await.unwrap()["id"].as_i64().unwrap();
        app.wait_processed(&alice, id).await;
        assert!(app.moderate(&moderator, id, "approve", None).await.status().is_success());
        ids.push(id);
    }
    let res = app.submit(&bob, &slug, jpeg(320, 240, 7), &entry_fields()).await;
    let bobs = res.json::<Value>().await.unwrap()["id"].as_i64().unwrap();
    app.wait_processed(&bob, bobs).await;
    assert!(app.moderate(&moderator, bobs, "approve", None).await.status().is_success());
    assert!(app.vote(&alice, bobs).await.status().is_success());
    assert!(app.assign_winner(&admin, &slug, "guide-t1", ids[0]).await.status().is_success());

    // Staff accounts are not removed this way; the page asks for a confirmation.
    let res = moderator.delete(app.url("/api/v1/me")).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let res = alice.post(app.url("/me/delete")).form(&[("nothing", "")]).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);

    let res = alice.delete(app.url("/api/v1/me")).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    assert_eq!(alice.get(app.url("/api/v1/me")).send().await.unwrap().status(), StatusCode::UNAUTHORIZED);
    // The cover winner stays with its credit; the other photo is gone; her vote still counts,
    // linked to no one.
    let winner: Value = app.entry(&app.client(), ids[0]).await.json().await.unwrap();
    assert_eq!(winner["author"], "Léa");
    assert_eq!(app.entry(&app.client(), ids[1]).await.status(), StatusCode::NOT_FOUND);
    let ranking: Value = app.ranking(&admin, &slug).await.json().await.unwrap();
    let line = ranking.as_array().unwrap().iter().find(|l| l["entry_id"] == bobs).unwrap().clone();
    assert_eq!(line["votes"], 1, "{ranking}");
    // The address is forgotten: signing in again makes a new, empty account.
    let again = app.participant("alice@example.org").await;
    let mine: Value = again.get(app.url("/api/v1/me/entries")).send().await.unwrap().json().await.unwrap();
    assert!(mine.as_array().unwrap().is_empty());
}
