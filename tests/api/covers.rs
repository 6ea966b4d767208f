//! Cover winners: crops round-trip, the suggested crop, one cover per author, and the winners
//! export (originals bit-exact, print files at the slot's pixels and resolution, manifests, blake3
//! checked on the way out).

use std::io::Read;

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::{TestApp, entry_fields, jpeg};

/// A 100 × 50 mm poster with 2 mm bleed at 150 dpi: 104 × 54 mm, 615 × 319 pixels.
pub(crate) fn poster() -> Value {
    json!({ "slug": "poster", "name": "Poster", "trim_width_mm": 100, "trim_height_mm": 50, "bleed_mm": 2, "min_dpi": 150 })
}

/// An approved 800 × 600 photo by `author`.
pub(crate) async fn photo(
    app: &TestApp,
    author: &reqwest::Client,
    moderator: &reqwest::Client,
    slug: &str,
    seed: u8,
) -> (i64, Vec<u8>) {
    let bytes = jpeg(800, 600, seed);
    let res = app.submit(author, slug, bytes.clone(), &entry_fields()).await;
    assert_eq!(res.status(), StatusCode::ACCEPTED, "{}", res.text().await.unwrap());
    let id = res.json::<Value>().await.unwrap()["id"].as_i64().unwrap();
    app.wait_processed(author, id).await;
    assert_eq!(app.moderate(moderator, id, "approve", None).await.status(), StatusCode::OK);
    (id, bytes)
}

pub(crate) fn unzip(bytes: &[u8]) -> zip::ZipArchive<std::io::Cursor<Vec<u8>>> {
    zip::ZipArchive::new(std::io::Cursor::new(bytes.to_vec())).expect("a complete zip")
}

pub(crate) fn read(zip: &mut zip::ZipArchive<std::io::Cursor<Vec<u8>>>, name: &str) -> Vec<u8> {
    let mut out = Vec::new();
    zip.by_name(name).unwrap_or_else(|_| panic!("{name} in the package")).read_to_end(&mut out).unwrap();
    out
}

#[tokio::test]
async fn a_crop_round_trips_and_the_export_holds_what_the_printer_needs() {
    let app = TestApp::spawn().await;
    let admin = app.staff("admin@example.org", "admin").await;
    let slug = app.open_contest(&admin, "covers").await;
    assert_eq!(app.add_cover_slot(&admin, &slug, poster()).await.status(), StatusCode::CREATED);
    let alice = app.participant("alice@example.org").await;
    let (id, original) = photo(&app, &alice, &admin, &slug, 3).await;

    // The editor starts from the largest crop of the poster's shape: full width, 800 × 104 / 54…
    // i.e. 800 wide and 800 × 54 / 104 = 415 high; 800 px over 104 mm prints at 195.4 dpi.
    let p: Value = app.crop_proposal(&admin, &slug, "poster", id).await.json().await.unwrap();
    assert_eq!((p["photo_width"].as_u64(), p["photo_height"].as_u64()), (Some(800), Some(600)));
    assert_eq!((p["print_width_px"].as_u64(), p["print_height_px"].as_u64()), (Some(615), Some(319)));
    assert_eq!(p["suggested"]["width"], 800);
    assert_eq!(p["suggested"]["height"], 415);
    assert_eq!(p["suggested"]["effective_dpi"], 195.4);
    assert_eq!(p["suggested"]["level"], "fit");
    assert!(p["current"].is_null());

    // A crop the editor sends is kept as sent, in the original's pixels.
    let crop = json!({ "x": 100, "y": 50, "width": 400, "height": 208 });
    let res = app.assign_cropped(&admin, &slug, "poster", id, crop.clone()).await;
    assert_eq!(res.status(), StatusCode::OK);
    let assigned: Value = res.json().await.unwrap();
    for k in ["x", "y", "width", "height"] {
        assert_eq!(assigned["crop"][k], crop[k], "{k}");
    }
    // 400 px over 104 mm: 97.7 dpi, below 85 % of 150: unfit (staff are told, not stopped).
    assert_eq!(assigned["crop"]["effective_dpi"], 97.7);
    assert_eq!(assigned["crop"]["level"], "unfit");
    let p: Value = app.crop_proposal(&admin, &slug, "poster", id).await.json().await.unwrap();
    for k in ["x", "y", "width", "height"] {
        assert_eq!(p["current"][k], crop[k], "{k}");
    }

    // Crops outside the photo or of another shape are refused, and the saved one stays.
    let wrong =
        app.assign_cropped(&admin, &slug, "poster", id, json!({ "x": 0, "y": 0, "width": 400, "height": 400 })).await;
    assert_eq!(wrong.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(wrong.json::<Value>().await.unwrap()["error"]["code"], "crop_wrong_shape");
    let outside =
        app.assign_cropped(&admin, &slug, "poster", id, json!({ "x": 500, "y": 0, "width": 400, "height": 208 })).await;
    assert_eq!(outside.json::<Value>().await.unwrap()["error"]["code"], "crop_outside_photo");
    let p: Value = app.crop_proposal(&admin, &slug, "poster", id).await.json().await.unwrap();
    assert_eq!(p["current"]["x"], 100);

    // The export: original bit-exact, print file at the slot's pixels and resolution, manifests.
    let res = app.export(&admin, &slug).await;
    assert_eq!(res.status(), StatusCode::OK);
    let mut zip = unzip(&res.bytes().await.unwrap());
    let manifest: Value = serde_json::from_slice(&read(&mut zip, "manifest.json")).unwrap();
    let cover = &manifest["covers"][0];
    assert_eq!(cover["slot"], "poster");
    assert_eq!(cover["entry"], id);
    // Alice never chose a credit: a neutral one, never her address, and the printer is told.
    assert_eq!(cover["credit"], "Anonyme");
    assert_eq!(cover["credit_chosen"], false);
    assert_eq!(cover["email"], "alice@example.org");
    assert_eq!(cover["crop"]["width"], 400);
    assert_eq!(cover["crop"]["effective_dpi"], 97.7);
    assert!(cover["consent"]["rights"].as_array().is_some_and(|r| !r.is_empty()));
    let exported = read(&mut zip, cover["original_file"].as_str().unwrap());
    assert_eq!(exported, original, "the original is exported bit-exact");
    assert_eq!(cover["original_blake3"], blake3::hash(&original).to_hex().as_str());
    let print = read(&mut zip, cover["print_file"].as_str().unwrap());
    assert_eq!(cover["print_blake3"], blake3::hash(&print).to_hex().as_str());
    let decoded = image::load_from_memory(&print).unwrap();
    assert_eq!((decoded.width(), decoded.height()), (615, 319));
    assert_eq!(declic::testing::jpeg_dpi(&print), Some((150, 150)));
    // The print file shows the crop: its top-left pixel is the original's pixel (100, 50).
    let source = image::load_from_memory(&original).unwrap().to_rgb8();
    let (a, b) = (decoded.to_rgb8().get_pixel(1, 1).0, source.get_pixel(100, 50).0);
    assert!(a.iter().zip(b).all(|(x, y)| x.abs_diff(y) < 40), "{a:?} vs {b:?}");
    let csv = String::from_utf8(read(&mut zip, "manifest.csv")).unwrap();
    let mut lines = csv.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    let row: Vec<String> = lines.next().unwrap().split(',').map(String::from).collect();
    let field = |name: &str| row[header.iter().position(|h| *h == name).unwrap()].clone();
    assert_eq!(field("crop_x"), "100");
    assert_eq!(field("crop_height"), "208");
    assert_eq!(field("effective_dpi"), "97.7");
    assert_eq!(field("print_width_px"), "615");

    // The suggested crop is what a winner gets when staff send none.
    let res = app.assign_cropped(&admin, &slug, "poster", id, Value::Null).await;
    let assigned: Value = res.json().await.unwrap();
    assert_eq!((assigned["crop"]["width"].as_u64(), assigned["crop"]["height"].as_u64()), (Some(800), Some(415)));
}

#[tokio::test]
async fn a_stored_file_that_no_longer_matches_its_hash_breaks_the_export() {
    let app = TestApp::spawn().await;
    let admin = app.staff("admin@example.org", "admin").await;
    let slug = app.open_contest(&admin, "tamper").await;
    let alice = app.participant("alice@example.org").await;
    let (id, _) = photo(&app, &alice, &admin, &slug, 5).await;
    let assigned: Value = app.assign_cropped(&admin, &slug, "guide-t1", id, Value::Null).await.json().await.unwrap();
    let hash = declic::testing::Blake3Hash::parse(assigned["print_blake3"].as_str().unwrap()).unwrap();
    let key = declic::testing::BlobKey::print(&hash);
    app.probe.storage.put_bytes(&key, bytes::Bytes::from_static(b"not the print file"), "image/jpeg").await.unwrap();
    let res = app.export(&admin, &slug).await;
    // The download breaks off: the client sees an error or a zip no reader accepts.
    let complete = match res.bytes().await {
        Ok(b) => zip::ZipArchive::new(std::io::Cursor::new(b.to_vec())).is_ok(),
        Err(_) => false,
    };
    assert!(!complete, "a tampered file must not leave a valid package");
}

#[tokio::test]
async fn the_rules_may_give_each_author_one_cover() {
    let app = TestApp::spawn().await;
    let admin = app.staff("admin@example.org", "admin").await;
    let slug = app.open_contest(&admin, "one-each").await;
    assert_eq!(app.add_cover_slot(&admin, &slug, poster()).await.status(), StatusCode::CREATED);
    let alice = app.participant("alice@example.org").await;
    let bob = app.participant("bob@example.org").await;
    let (first, _) = photo(&app, &alice, &admin, &slug, 1).await;
    let (second, _) = photo(&app, &alice, &admin, &slug, 2).await;
    let (bobs, _) = photo(&app, &bob, &admin, &slug, 4).await;
    assert_eq!(app.assign_cropped(&admin, &slug, "guide-t1", first, Value::Null).await.status(), StatusCode::OK);
    // Without the rule, an author may have two covers.
    assert_eq!(app.assign_cropped(&admin, &slug, "poster", second, Value::Null).await.status(), StatusCode::OK);
    assert_eq!(app.set_cover_rules(&admin, &slug, true).await.status(), StatusCode::OK);
    assert_eq!(app.assign_cropped(&admin, &slug, "poster", bobs, Value::Null).await.status(), StatusCode::OK);
    let res = app.assign_cropped(&admin, &slug, "poster", second, Value::Null).await;
    assert_eq!(res.status(), StatusCode::CONFLICT);
    assert_eq!(res.json::<Value>().await.unwrap()["error"]["code"], "one_cover_per_author");
    // Re-cropping her own cover is not a second cover.
    let again = app.assign_cropped(&admin, &slug, "guide-t1", first, Value::Null).await;
    assert_eq!(again.status(), StatusCode::OK);
    // Only staff who administer may crop or set the rules.
    assert_eq!(app.crop_proposal(&alice, &slug, "poster", bobs).await.status(), StatusCode::FORBIDDEN);
    assert_eq!(app.set_cover_rules(&alice, &slug, false).await.status(), StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn winners_are_told_once_and_the_results_page_shows_their_covers_when_published() {
    let app = TestApp::spawn().await;
    let admin = app.staff("admin@example.org", "admin").await;
    let slug = app.open_contest(&admin, "told").await;
    let alice = app.participant("alice@example.org").await;
    let bob = app.participant("bob@example.org").await;
    let (first, _) = photo(&app, &alice, &admin, &slug, 6).await;
    let (second, _) = photo(&app, &bob, &admin, &slug, 7).await;
    assert_eq!(app.assign_cropped(&admin, &slug, "guide-t1", first, Value::Null).await.status(), StatusCode::OK);
    let notify = |c: &reqwest::Client| c.post(app.url(&format!("/api/v1/contests/{slug}/covers/notify"))).send();
    assert_eq!(notify(&alice).await.unwrap().status(), StatusCode::FORBIDDEN);
    let (alice_before, bob_before) = (app.mails_to("alice@example.org").await, app.mails_to("bob@example.org").await);
    let sent: Value = notify(&admin).await.unwrap().json().await.unwrap();
    assert_eq!(sent["sent"], 1);
    assert_eq!(app.mails_to("alice@example.org").await, alice_before + 1, "the winner's email");
    // Told once; re-cropping the same photo does not tell her again.
    assert_eq!(app.assign_cropped(&admin, &slug, "guide-t1", first, Value::Null).await.status(), StatusCode::OK);
    assert_eq!(notify(&admin).await.unwrap().json::<Value>().await.unwrap()["sent"], 0);
    // Another photo takes the slot: its author is told.
    assert_eq!(app.assign_cropped(&admin, &slug, "guide-t1", second, Value::Null).await.status(), StatusCode::OK);
    assert_eq!(notify(&admin).await.unwrap().json::<Value>().await.unwrap()["sent"], 1);
    assert_eq!(app.mails_to("bob@example.org").await, bob_before + 1);
    assert_eq!(app.mails_to("alice@example.org").await, alice_before + 1);

    // Before the results date the public page names no winner; staff already see it.
    let page = |c: &reqwest::Client| c.get(app.url(&format!("/c/{slug}/results"))).send();
    let public = page(&app.client()).await.unwrap().text().await.unwrap();
    assert!(public.contains("seront publiés") && !public.contains(&format!("/e/{second}")), "{public}");
    let staff = page(&admin).await.unwrap().text().await.unwrap();
    assert!(staff.contains(&format!("/e/{second}")));
    // Published: the cover, its photo and a share card.
    sqlx::query("UPDATE contests SET results_at = $1 WHERE slug = $2")
        .bind(chrono::Utc::now().timestamp() - 60)
        .bind(&slug)
        .execute(app.probe.db.pool())
        .await
        .unwrap();
    let public = page(&app.client()).await.unwrap().text().await.unwrap();
    assert!(public.contains(&format!("/e/{second}")) && public.contains("Guide T1"), "{public}");
    assert!(public.contains(r#"property="og:image""#) && public.contains("share.jpg"));
}
