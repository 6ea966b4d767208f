//! The whole contest path, each step real: setup → upload → processing → moderation → gallery →
//! vote → jury → ranking → cover → export.

use std::io::Read;

use reqwest::StatusCode;
use serde_json::Value;

use crate::helpers::*;

#[tokio::test]
async fn a_photo_goes_from_upload_to_the_printers_package() {
    let app = TestApp::spawn().await;
    let admin = app.staff("admin@example.org", "admin").await;
    let moderator = app.staff("moderation@example.org", "moderator").await;
    let juror = app.staff("jury@example.org", "jury").await;

    // Admin creates the contest.
    let slug = app.open_contest(&admin, "guides-2027").await;
    let contest: Value =
        app.client().get(app.url(&format!("/api/v1/contests/{slug}"))).send().await.unwrap().json().await.unwrap();
    assert_eq!(contest["phase"], "submissions");
    assert_eq!(contest["cover_slots"][0]["required_width_px"], 1819);

    // A participant signs in by magic link and uploads a photo taken in portrait (EXIF orientation 6).
    let alice = app.participant("alice@example.org").await;
    let photo = jpeg_with_exif(64, 32, 6);
    let res = app.submit(&alice, &slug, photo.clone(), &entry_fields()).await;
    assert_eq!(res.status(), StatusCode::ACCEPTED);
    let created: Value = res.json().await.unwrap();
    assert_eq!(created["status"], "processing");
    let id = created["id"].as_i64().unwrap();

    // The job renders it; it waits for moderation; nobody else sees it yet.
    let entry = app.wait_processed(&alice, id).await;
    assert_eq!(entry["status"], "pending", "{entry}");
    assert_eq!((entry["width"].as_i64(), entry["height"].as_i64()), (Some(32), Some(64)), "orientation applied");
    assert_eq!(app.entry(&app.client(), id).await.status(), StatusCode::NOT_FOUND);

    // Renditions: oriented, without any metadata; before approval, its author's only and kept
    // by no cache.
    let renditions = entry["renditions"].as_array().unwrap();
    assert_eq!(renditions.len(), 7, "3 sizes × (JPEG, WebP) + share image");
    let url = renditions.iter().find(|r| r["variant"] == "w400.jpg").unwrap()["url"].as_str().unwrap();
    assert_eq!(app.client().get(app.url(url)).send().await.unwrap().status(), StatusCode::NOT_FOUND);
    let res = alice.get(app.url(url)).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers()["cache-control"], "private, no-store");
    assert_eq!(res.headers()["content-type"], "image/jpeg");
    let bytes = res.bytes().await.unwrap();
    let img = image::load_from_memory(&bytes).unwrap();
    assert_eq!((img.width(), img.height()), (32, 64));
    assert!(!bytes.windows(4).any(|w| w == b"Exif"), "no EXIF in renditions");
    assert!(!bytes.windows(3).any(|w| w == b"GPS"), "no GPS in renditions");

    // The moderator approves it.
    let queue: Value = moderator.get(app.url("/api/v1/moderation/queue")).send().await.unwrap().json().await.unwrap();
    assert!(queue.as_array().unwrap().iter().any(|e| e["id"] == id));
    let res = app.moderate(&moderator, id, "approve", None).await;
    assert_eq!(res.status(), StatusCode::OK);
    // Audited, and the participant is told.
    let audit = declic::testing::audit_for_subject(app.probe.db.pool(), &format!("entry:{id}")).await.unwrap();
    assert_eq!(audit.len(), 1);
    assert_eq!(audit[0].action, "entry.moderate");
    assert!(audit[0].detail.contains("\"before\":\"pending\"") && audit[0].detail.contains("\"after\":\"approved\""));
    // Once the decision can no longer be undone (its time is brought forward here).
    let before = app.mails_to("alice@example.org").await;
    assert_eq!(app.probe.hurry_jobs("notify_decision").await.unwrap(), 1);
    app.wait_mails_to("alice@example.org", before + 1).await;
    assert!(app.newest_mail("alice@example.org").await.contains("galerie"), "decision emailed");

    // The gallery lists it; its page is public.
    let gallery = app.gallery(&app.client(), &slug, None).await;
    assert_eq!(gallery["entries"][0]["id"], id);
    // She chose no credit: none is made from her address.
    assert_eq!(gallery["entries"][0]["author"], Value::Null);
    assert_eq!(gallery["entries"][0]["credit_missing"], true);
    let page = app.client().get(app.url(&format!("/e/{id}"))).send().await.unwrap();
    assert_eq!(page.status(), StatusCode::OK);
    let html = page.text().await.unwrap();
    assert!(html.contains("Le tram au lever du jour") && html.contains("srcset=") && html.contains("og:image"));

    // A verified voter votes once; a second vote is refused and not counted.
    let bob = app.participant("bob@example.org").await;
    let res = app.vote(&bob, id).await;
    assert_eq!(res.status(), StatusCode::CREATED);
    // The contest shows counts only with its results: the voter is not told the total.
    assert!(res.json::<Value>().await.unwrap()["votes"].is_null());
    assert_eq!(declic::testing::entry(app.probe.db.pool(), id).await.unwrap().unwrap().vote_count, 1);
    let again = app.vote(&bob, id).await;
    assert_eq!(again.status(), StatusCode::CONFLICT);
    assert_eq!(error_code(again).await, "already_voted");
    assert_eq!(error_code(app.vote(&alice, id).await).await, "own_entry");

    // A jury round on the approved photos; the juror scores it, blind.
    let round = app.jury_round(&admin, &slug, &["jury@example.org"]).await;
    let sheet = app.sheet(&juror, round.0).await;
    assert_eq!(sheet["items"][0]["entry"]["id"], id);
    assert!(sheet["items"][0]["entry"]["author"].is_null(), "jurors do not see authors");
    assert_eq!(app.score(&juror, round, id, 8).await.status(), StatusCode::OK);

    // The admin sees the ranking and puts the photo on a cover.
    let ranking: Value = app.ranking(&admin, &slug).await.json().await.unwrap();
    assert_eq!(ranking[0]["entry_id"], id);
    assert_eq!(ranking[0]["votes"], 1);
    assert_eq!(ranking[0]["jury_average"], 8.0);
    let res = app.assign_winner(&admin, &slug, "guide-t1", id).await;
    assert_eq!(res.status(), StatusCode::OK);
    // Its author sees it is a winner, and for which cover; the public does not see the record.
    let mine: Value = app.entry(&alice, id).await.json().await.unwrap();
    assert_eq!(mine["cover"], "Guide T1");
    assert!(app.entry(&app.client(), id).await.json::<Value>().await.unwrap()["cover"].is_null());
    let me = alice.get(app.url("/me")).send().await.unwrap().text().await.unwrap();
    assert!(me.contains("Lauréate") && me.contains("Guide T1"), "{me}");

    // The export: the original bit for bit and a manifest.
    let res = app.export(&admin, &slug).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers()["content-type"], "application/zip");
    let zip_bytes = res.bytes().await.unwrap();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(zip_bytes.to_vec())).unwrap();
    let mut manifest = String::new();
    zip.by_name("manifest.csv").unwrap().read_to_string(&mut manifest).unwrap();
    let hash = blake3::hash(&photo).to_hex().to_string();
    let line = manifest.lines().nth(1).expect("one winner");
    let consent = ["print: France, 36 months", "web: France, 36 months", ",none,"];
    for expected in ["guide-t1", &id.to_string(), "Le tram au lever du jour", "alice", "alice@example.org", &hash]
        .into_iter()
        .chain(consent)
    {
        assert!(line.contains(expected), "manifest line {line:?} lacks {expected}");
    }
    let file = format!("originals/guide-t1-entry-{id}.jpg");
    let mut original = Vec::new();
    zip.by_name(&file).unwrap().read_to_end(&mut original).unwrap();
    assert_eq!(original, photo, "the original is exported bit-exact");
}

#[tokio::test]
async fn the_gallery_pages_by_keyset_and_shows_only_approved_entries() {
    let app = TestApp::spawn().await;
    let admin = app.staff("admin@example.org", "admin").await;
    let moderator = app.staff("mod@example.org", "moderator").await;
    let slug = app.open_contest(&admin, "pages").await;
    let alice = app.participant("alice@example.org").await;
    let mut ids = Vec::new();
    for seed in 0..4u8 {
        let res = app.submit(&alice, &slug, jpeg(40, 30, seed), &entry_fields()).await;
        assert_eq!(res.status(), StatusCode::ACCEPTED);
        ids.push(res.json::<Value>().await.unwrap()["id"].as_i64().unwrap());
    }
    for id in &ids {
        app.wait_processed(&alice, *id).await;
    }
    for id in &ids[..3] {
        assert_eq!(app.moderate(&moderator, *id, "approve", None).await.status(), StatusCode::OK);
    }
    let res = app.moderate(&moderator, ids[3], "reject", Some("Photo floue")).await;
    assert_eq!(res.status(), StatusCode::OK);

    let first = app.gallery(&app.client(), &slug, None).await;
    let got: Vec<i64> = first["entries"].as_array().unwrap().iter().map(|e| e["id"].as_i64().unwrap()).collect();
    assert_eq!(got, vec![ids[2], ids[1]]);
    let second = app.gallery(&app.client(), &slug, first["next_cursor"].as_str()).await;
    let got: Vec<i64> = second["entries"].as_array().unwrap().iter().map(|e| e["id"].as_i64().unwrap()).collect();
    assert_eq!(got, vec![ids[0]]);
    assert!(second["next_cursor"].is_null());

    // The participant sees the rejection and its reason.
    let mine: Value = alice.get(app.url("/api/v1/me/entries")).send().await.unwrap().json().await.unwrap();
    let rejected = mine.as_array().unwrap().iter().find(|e| e["id"] == ids[3]).unwrap();
    assert_eq!(rejected["status"], "rejected");
    assert_eq!(rejected["rejection_reason"], "Photo floue");
}
