//! Cover mockups (shape checked, drawn over the winner in its preview), the contact sheet (page
//! and PDF, in the winners package), and reserves told when a winner withdraws.

use std::io::Cursor;

use reqwest::StatusCode;
use serde_json::Value;

use crate::covers::{photo, poster, read, unzip};
use crate::helpers::{TestApp, jpeg};

/// A mockup of `w × h` pixels: an opaque red band over its top fifth, transparent below.
fn mockup(w: u32, h: u32) -> Vec<u8> {
    let img = image::RgbaImage::from_fn(w, h, |_, y| {
        if y < h / 5 { image::Rgba([255, 0, 0, 255]) } else { image::Rgba([0, 0, 0, 0]) }
    });
    let mut out = Vec::new();
    img.write_to(&mut Cursor::new(&mut out), image::ImageFormat::Png).unwrap();
    out
}

fn code(v: &Value) -> &str {
    v["error"]["code"].as_str().unwrap_or_default()
}

#[tokio::test]
async fn a_mockup_is_drawn_over_the_winner_in_its_preview_the_contact_sheet_and_the_package() {
    let app = TestApp::spawn().await;
    let admin = app.staff("admin@example.org", "admin").await;
    let slug = app.open_contest(&admin, "mockups").await;
    // The poster prints 104 × 54 mm with its bleed.
    assert_eq!(app.add_cover_slot(&admin, &slug, poster()).await.status(), StatusCode::CREATED);
    let alice = app.participant("alice@example.org").await;
    let (id, _) = photo(&app, &alice, &admin, &slug, 9).await;

    // Only a PNG of the printed shape (with bleed, within 1 %) is a mockup; only admins set one.
    let res = app.set_mockup(&admin, &slug, "poster", mockup(600, 600), None).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(code(&res.json().await.unwrap()), "mockup_wrong_shape");
    let res = app.set_mockup(&admin, &slug, "poster", jpeg(520, 270, 1), None).await;
    assert_eq!(code(&res.json().await.unwrap()), "mockup_not_png");
    let res = app.set_mockup(&admin, &slug, "poster", mockup(520, 270), Some(40.0)).await;
    assert_eq!(code(&res.json().await.unwrap()), "invalid_safe_margin");
    assert_eq!(app.set_mockup(&alice, &slug, "poster", mockup(520, 270), None).await.status(), StatusCode::FORBIDDEN);
    let res = app.set_mockup(&admin, &slug, "nope", mockup(520, 270), None).await;
    assert_eq!(code(&res.json().await.unwrap()), "cover_slot_not_found");

    // A winner first: its preview is the trimmed print file (100 × 50 mm: 2400 × 1200 pixels).
    assert_eq!(app.assign_cropped(&admin, &slug, "poster", id, Value::Null).await.status(), StatusCode::OK);
    let sheet: Value = app.cover_sheet(&admin, &slug).await.json().await.unwrap();
    let slot = sheet.as_array().unwrap().iter().find(|s| s["slug"] == "poster").unwrap().clone();
    assert_eq!(slot["has_mockup"], false);
    let preview = |url: String| {
        let admin = admin.clone();
        let url = app.url(&url);
        async move {
            let res = admin.get(url).send().await.unwrap();
            assert_eq!(res.status(), StatusCode::OK);
            image::load_from_memory(&res.bytes().await.unwrap()).unwrap().to_rgb8()
        }
    };
    let plain = preview(slot["preview_url"].as_str().unwrap().to_string()).await;
    assert_eq!(plain.dimensions(), (2400, 1200));
    let top = plain.get_pixel(1200, 60).0;
    assert!(!(top[0] > 200 && top[1] < 50 && top[2] < 50), "no red band yet: {top:?}");

    // Then the mockup, 3 mm safe margin: the preview is drawn again under it.
    let res = app.set_mockup(&admin, &slug, "poster", mockup(520, 270), Some(3.0)).await;
    assert_eq!(res.status(), StatusCode::OK);
    let slot: Value = res.json().await.unwrap();
    assert_eq!((slot["has_mockup"].as_bool(), slot["safe_margin_mm"].as_f64()), (Some(true), Some(3.0)));
    let covered = preview(slot["preview_url"].as_str().unwrap().to_string()).await;
    let top = covered.get_pixel(1200, 60).0;
    assert!(top[0] > 200 && top[1] < 50 && top[2] < 50, "the band is over the photo: {top:?}");
    let below = covered.get_pixel(1200, 900).0;
    assert_eq!(below, plain.get_pixel(1200, 900).0, "the photo shows through below the band");
    let overlay =
        admin.get(app.url(&format!("/api/v1/contests/{slug}/covers/poster/mockup.png"))).send().await.unwrap();
    assert_eq!(overlay.headers()["content-type"], "image/png");
    assert_eq!(
        alice.get(app.url(slot["preview_url"].as_str().unwrap())).send().await.unwrap().status(),
        StatusCode::FORBIDDEN
    );

    // The crop editor draws the mockup and the safe area over the frame.
    let editor = admin
        .get(app.url(&format!("/admin/c/{slug}/crop?slot=poster&entry_id={id}")))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(editor.contains("class=\"crop-mockup\"") && editor.contains("mockup.png?v="), "{editor}");
    assert!(editor.contains("data-bleed=\"2\"") && editor.contains("data-safe=\"3\""));

    // The staff page shows every slot, the open one too.
    let page = admin.get(app.url(&format!("/admin/c/{slug}/covers"))).send().await.unwrap().text().await.unwrap();
    assert!(page.contains("Poster") && page.contains("Guide T1") && page.contains("preview.jpg?v="), "{page}");

    // The PDF contact sheet: both slots on one A4 page, the winner's preview passed through.
    let res = app.contact_sheet(&admin, &slug).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers()["content-type"], "application/pdf");
    let pdf = res.bytes().await.unwrap().to_vec();
    declic::testing::verify_pdf(&pdf).unwrap();
    let text = String::from_utf8_lossy(&pdf);
    assert_eq!(text.matches("/Type /Page ").count(), 1);
    assert_eq!(text.matches("/Subtype /Image").count(), 1);
    assert!(text.contains("(Poster) Tj") && text.contains("(Guide T1) Tj"));
    // The heading is whole: the contest's title and the page number, nothing cut short.
    assert!(text.contains("voyageuses) Tj"), "{text}");
    assert!(text.contains("sur 1) Tj") || text.contains("of 1) Tj"), "{text}");
    assert!(!text.contains("\\205"), "an ellipsis cut a line: {text}");
    assert_eq!(app.contact_sheet(&alice, &slug).await.status(), StatusCode::FORBIDDEN);

    // The winners package holds the preview (checked against the manifest) and the contact sheet.
    let mut zip = unzip(&app.export(&admin, &slug).await.bytes().await.unwrap());
    let manifest: Value = serde_json::from_slice(&read(&mut zip, "manifest.json")).unwrap();
    let cover = manifest["covers"].as_array().unwrap().iter().find(|c| c["slot"] == "poster").unwrap().clone();
    let file = read(&mut zip, cover["preview_file"].as_str().unwrap());
    assert_eq!(cover["preview_blake3"], blake3::hash(&file).to_hex().as_str());
    let in_package = read(&mut zip, "contact-sheet.pdf");
    declic::testing::verify_pdf(&in_package).unwrap();
    assert!(in_package.windows(file.len()).any(|w| w == file.as_slice()), "the sheet shows the preview");

    // Removing the mockup draws the preview again without it.
    let slot: Value = app.remove_mockup(&admin, &slug, "poster").await.json().await.unwrap();
    assert_eq!(slot["has_mockup"], false);
    let again = preview(slot["preview_url"].as_str().unwrap().to_string()).await;
    assert_eq!(again.get_pixel(1200, 60).0, plain.get_pixel(1200, 60).0);
}

#[tokio::test]
async fn reserves_are_told_when_the_winner_withdraws() {
    let app = TestApp::spawn().await;
    let admin = app.staff("admin@example.org", "admin").await;
    let slug = app.open_contest(&admin, "reserves").await;
    let alice = app.participant("alice@example.org").await;
    let bob = app.participant("bob@example.org").await;
    let carol = app.participant("carol@example.org").await;
    let (winner, _) = photo(&app, &alice, &admin, &slug, 11).await;
    let (first, _) = photo(&app, &bob, &admin, &slug, 12).await;
    let (second, _) = photo(&app, &carol, &admin, &slug, 13).await;
    assert_eq!(app.assign_cropped(&admin, &slug, "guide-t1", winner, Value::Null).await.status(), StatusCode::OK);

    // Reserves are approved entries of the contest, each once, not the winner, ten at most.
    let res = app.set_reserves(&admin, &slug, "guide-t1", &[first, first]).await;
    assert_eq!(
        (res.status(), code(&res.json().await.unwrap()).to_string()),
        (StatusCode::BAD_REQUEST, "duplicate_reserve".into())
    );
    let res = app.set_reserves(&admin, &slug, "guide-t1", &[winner]).await;
    assert_eq!(code(&res.json().await.unwrap()), "duplicate_reserve");
    let res = app.set_reserves(&admin, &slug, "guide-t1", &[999_999]).await;
    assert_eq!(code(&res.json().await.unwrap()), "entry_not_eligible");
    let res = app.set_reserves(&admin, &slug, "guide-t1", &(1..=11).collect::<Vec<_>>()).await;
    assert_eq!(code(&res.json().await.unwrap()), "too_many_reserves");
    assert_eq!(app.set_reserves(&alice, &slug, "guide-t1", &[first]).await.status(), StatusCode::FORBIDDEN);
    let res = app.set_reserves(&admin, &slug, "guide-t1", &[first, second]).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.json::<Value>().await.unwrap()["reserves"], serde_json::json!([first, second]));

    // The winner withdraws: the slot is free and both reserves are told, in their language.
    let (bob_before, carol_before) = (app.mails_to("bob@example.org").await, app.mails_to("carol@example.org").await);
    assert_eq!(app.withdraw_winner(&alice, &slug, "guide-t1").await.status(), StatusCode::FORBIDDEN);
    let res = app.withdraw_winner(&admin, &slug, "guide-t1").await;
    assert_eq!(res.status(), StatusCode::OK);
    let done: Value = res.json().await.unwrap();
    assert_eq!(done["entry_id"], winner);
    assert_eq!(done["reserves_told"], serde_json::json!([first, second]));
    assert_eq!(app.mails_to("bob@example.org").await, bob_before + 1);
    assert_eq!(app.mails_to("carol@example.org").await, carol_before + 1);
    let sheet: Value = app.cover_sheet(&admin, &slug).await.json().await.unwrap();
    let slot = sheet.as_array().unwrap().iter().find(|s| s["slug"] == "guide-t1").unwrap().clone();
    assert!(slot["winner_entry_id"].is_null() && slot["preview_url"].is_null());
    let res = app.withdraw_winner(&admin, &slug, "guide-t1").await;
    assert_eq!(
        (res.status(), code(&res.json().await.unwrap()).to_string()),
        (StatusCode::CONFLICT, "cover_has_no_winner".into())
    );
    // The former winner may now withdraw her photo herself.
    assert_eq!(
        alice.delete(app.url(&format!("/api/v1/entries/{winner}"))).send().await.unwrap().status(),
        StatusCode::NO_CONTENT
    );

    // The first reserve takes the slot and leaves the reserves; told once, never twice.
    assert_eq!(app.assign_cropped(&admin, &slug, "guide-t1", first, Value::Null).await.status(), StatusCode::OK);
    let sheet: Value = app.cover_sheet(&admin, &slug).await.json().await.unwrap();
    let slot = sheet.as_array().unwrap().iter().find(|s| s["slug"] == "guide-t1").unwrap().clone();
    assert_eq!(slot["reserves"], serde_json::json!([second]));
    assert_eq!(app.withdraw_winner(&admin, &slug, "guide-t1").await.status(), StatusCode::OK);
    assert_eq!(app.mails_to("carol@example.org").await, carol_before + 1, "a reserve is told once");

    // Every change is in the audit chain, which still verifies.
    let audit: Value = admin.get(app.url("/api/v1/audit/verify")).send().await.unwrap().json().await.unwrap();
    assert_eq!(audit["intact"], true, "{audit}");
}

#[tokio::test]
async fn a_slot_without_a_winner_can_be_changed_or_removed() {
    let app = TestApp::spawn().await;
    let admin = app.staff("admin@example.org", "admin").await;
    let slug = app.open_contest(&admin, "slots").await;
    assert_eq!(app.add_cover_slot(&admin, &slug, poster()).await.status(), StatusCode::CREATED);
    assert_eq!(app.set_mockup(&admin, &slug, "poster", mockup(520, 270), None).await.status(), StatusCode::OK);
    let spec = |name: &str, w: f64, h: f64, dpi: i64| serde_json::json!({ "name": name, "trim_width_mm": w, "trim_height_mm": h, "bleed_mm": 2, "min_dpi": dpi });
    let has_mockup =
        |sheet: Value| sheet.as_array().unwrap().iter().find(|s| s["slug"] == "poster").unwrap()["has_mockup"].clone();

    // A new resolution keeps the mockup; a new shape takes it off (it was drawn for the old one).
    let res = app.update_cover_slot(&admin, &slug, "poster", spec("Affiche", 100.0, 50.0, 200)).await;
    assert_eq!(res.status(), StatusCode::OK);
    let view: Value = res.json().await.unwrap();
    assert_eq!((view["name"].as_str(), view["min_dpi"].as_i64()), (Some("Affiche"), Some(200)));
    assert_eq!(view["orientation"], "landscape");
    assert_eq!(has_mockup(app.cover_sheet(&admin, &slug).await.json().await.unwrap()), true);
    let view: Value =
        app.update_cover_slot(&admin, &slug, "poster", spec("Affiche", 60.0, 90.0, 200)).await.json().await.unwrap();
    assert_eq!(view["orientation"], "portrait");
    assert_eq!(view["required_width_px"], 504, "64 mm at 200 dpi");
    assert_eq!(has_mockup(app.cover_sheet(&admin, &slug).await.json().await.unwrap()), false);
    let res = app.update_cover_slot(&admin, &slug, "poster", spec("Affiche", 5.0, 90.0, 200)).await;
    assert_eq!(
        (res.status(), code(&res.json().await.unwrap()).to_string()),
        (StatusCode::UNPROCESSABLE_ENTITY, "invalid_cover_spec".into())
    );
    assert_eq!(
        app.update_cover_slot(&admin, &slug, "nope", spec("X", 60.0, 90.0, 200)).await.status(),
        StatusCode::NOT_FOUND
    );
    let alice = app.participant("alice@example.org").await;
    assert_eq!(app.remove_cover_slot(&alice, &slug, "poster").await.status(), StatusCode::FORBIDDEN);

    // With a winner on it, the slot stays as it is until the winner withdraws.
    let (id, _) = photo(&app, &alice, &admin, &slug, 21).await;
    assert_eq!(app.assign_cropped(&admin, &slug, "poster", id, Value::Null).await.status(), StatusCode::OK);
    let res = app.update_cover_slot(&admin, &slug, "poster", spec("Affiche", 100.0, 50.0, 150)).await;
    assert_eq!(
        (res.status(), code(&res.json().await.unwrap()).to_string()),
        (StatusCode::CONFLICT, "cover_has_winner".into())
    );
    let res = app.remove_cover_slot(&admin, &slug, "poster").await;
    assert_eq!(code(&res.json().await.unwrap()), "cover_has_winner");
    assert_eq!(app.withdraw_winner(&admin, &slug, "poster").await.status(), StatusCode::OK);
    assert_eq!(app.remove_cover_slot(&admin, &slug, "poster").await.status(), StatusCode::NO_CONTENT);
    let sheet: Value = app.cover_sheet(&admin, &slug).await.json().await.unwrap();
    assert!(sheet.as_array().unwrap().iter().all(|s| s["slug"] != "poster"));
    let audit: Value = admin.get(app.url("/api/v1/audit/verify")).send().await.unwrap().json().await.unwrap();
    assert_eq!(audit["intact"], true, "{audit}");
}

#[tokio::test]
async fn moderators_see_how_a_photo_prints_on_each_cover() {
    let app = TestApp::spawn().await;
    let admin = app.staff("admin@example.org", "admin").await;
    let moderator = app.staff("mod@example.org", "moderator").await;
    let slug = app.open_contest(&admin, "fitness").await;
    assert_eq!(app.add_cover_slot(&admin, &slug, poster()).await.status(), StatusCode::CREATED);
    let alice = app.participant("alice@example.org").await;
    let res = app.submit(&alice, &slug, jpeg(800, 600, 30), &crate::helpers::entry_fields()).await;
    let id = res.json::<Value>().await.unwrap()["id"].as_i64().unwrap();
    app.wait_processed(&alice, id).await;
    let page = moderator.get(app.url(&format!("/moderation/e/{id}"))).send().await.unwrap().text().await.unwrap();
    // 800 px over the poster's 104 mm: 195 dpi, fit at 150; the guide's crop, 427 px over 154 mm: 70 dpi.
    assert!(page.contains("Poster : 195 dpi effectifs — assez défini"), "{page}");
    assert!(page.contains("Guide T1 : 70 dpi effectifs — trop peu défini"), "{page}");
}
