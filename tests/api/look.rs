//! A contest's look (colours checked for contrast, a logo re-encoded), the embeddable gallery
//! other sites may frame, and the page cache anonymous visitors are served from.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::{TestApp, error_code};

fn png(w: u32, h: u32) -> Vec<u8> {
    let img = image::RgbaImage::from_fn(w, h, |x, y| image::Rgba([(x % 256) as u8, (y % 256) as u8, 90, 200]));
    let mut out = Vec::new();
    img.write_to(&mut std::io::Cursor::new(&mut out), image::ImageFormat::Png).unwrap();
    out
}

#[tokio::test]
async fn colours_are_checked_for_contrast_and_style_the_contest_pages() {
    let app = TestApp::spawn().await;
    let admin = app.staff("admin@example.org", "admin").await;
    let slug = app.open_contest(&admin, "colours").await;
    let url = app.url(&format!("/api/v1/contests/{slug}/theme"));
    let res = admin.put(&url).json(&json!({ "accent": "#ffdd00" })).send().await.unwrap();
    assert_eq!((res.status(), error_code(res).await.as_str()), (StatusCode::UNPROCESSABLE_ENTITY, "low_contrast"));
    let res = admin.put(&url).json(&json!({ "accent": "red" })).send().await.unwrap();
    assert_eq!(error_code(res).await, "invalid_colour");
    let bob = app.participant("bob@example.org").await;
    let res = bob.put(&url).json(&json!({ "accent": "#c8102e" })).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);

    let res = admin.put(&url).json(&json!({ "accent": "#C8102E", "header": "#ffdd00" })).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let view: Value = res.json().await.unwrap();
    assert_eq!(
        (view["theme"]["accent"].as_str(), view["theme"]["header"].as_str()),
        (Some("#c8102e"), Some("#ffdd00"))
    );
    let sheet = view["theme"]["stylesheet"].as_str().unwrap().to_string();
    for page in [format!("/c/{slug}"), format!("/c/{slug}/gallery")] {
        let html = app.client().get(app.url(&page)).send().await.unwrap().text().await.unwrap();
        assert!(html.contains(&format!(r#"<link rel="stylesheet" href="{}">"#, sheet.replace('&', "&amp;"))), "{page}");
    }
    let home = app.client().get(app.url("/")).send().await.unwrap().text().await.unwrap();
    assert!(!home.contains("theme.css"), "Déclic's own pages keep Déclic's look");
    let res = app.client().get(app.url(&sheet)).send().await.unwrap();
    assert!(res.headers()["cache-control"].to_str().unwrap().contains("immutable"));
    assert!(res.headers()["content-type"].to_str().unwrap().starts_with("text/css"));
    let css = res.text().await.unwrap();
    assert!(css.contains("--accent: #c8102e") && css.contains("background: #ffdd00; color: #000000"), "{css}");
    let audited: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'contest.theme'")
        .fetch_one(app.probe.db.pool())
        .await
        .unwrap();
    assert_eq!(audited, 1);

    // The admin form, on its own page: a colour too light is refused in words beside the field,
    // both colours as typed.
    let (status, page) = app.page_in(&admin, &format!("/admin/c/{slug}/look"), "fr").await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains(r##"value="#c8102e""##), "the saved accent: {page}");
    let form = reqwest::multipart::Form::new().text("accent", "#eeeeee").text("header", "#123456");
    let res = admin.post(app.url(&format!("/admin/c/{slug}/theme"))).multipart(form).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = res.text().await.unwrap();
    assert!(page.contains(r#"id="accent-error">"#) && page.contains("trop claire"), "{page}");
    assert!(page.contains(r##"value="#eeeeee""##) && page.contains(r##"value="#123456""##), "what was typed stays");
    assert!(page.contains(r#"aria-invalid="true""#));
    let form = reqwest::multipart::Form::new().text("accent", "#c8102e").text("header", "#ffdd00");
    let res = admin.post(app.url(&format!("/admin/c/{slug}/theme"))).multipart(form).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(res.headers()["location"].to_str().unwrap(), format!("/admin/c/{slug}/look?saved=1"));
}

#[tokio::test]
async fn a_logo_is_re_encoded_shown_and_kept_by_the_sweep() {
    let app = TestApp::spawn().await;
    let admin = app.staff("admin@example.org", "admin").await;
    let slug = app.open_contest(&admin, "logo").await;
    let url = app.url(&format!("/api/v1/contests/{slug}/logo"));
    let res = admin.put(&url).body(b"<svg xmlns='http://www.w3.org/2000/svg'/>".to_vec()).send().await.unwrap();
    assert_eq!(error_code(res).await, "unsupported_format");
    let res = admin.put(&url).body(png(800, 200)).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let view: Value = res.json().await.unwrap();
    let logo = view["theme"]["logo_url"].as_str().unwrap().to_string();
    assert!(logo.ends_with("/logo.png"), "{logo}");
    let res = app.client().get(app.url(&logo)).send().await.unwrap();
    assert_eq!(res.headers()["content-type"], "image/png");
    let img = image::load_from_memory(&res.bytes().await.unwrap()).unwrap();
    assert_eq!((img.width(), img.height()), (640, 160));
    let page = app.client().get(app.url(&format!("/c/{slug}"))).send().await.unwrap().text().await.unwrap();
    assert!(page.contains(&format!(r#"<img class="logo" src="{logo}""#)), "{page}");

    let report = app.probe.sweep(0, true).await.unwrap();
    assert!(report.orphans.iter().all(|k| !k.ends_with("logo.png")), "{:?}", report.orphans);

    let res = admin.delete(&url).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    let page = app.client().get(app.url(&format!("/c/{slug}"))).send().await.unwrap().text().await.unwrap();
    assert!(!page.contains(r#"class="logo""#));
}

#[tokio::test]
async fn staff_choose_the_image_at_the_top_of_the_contest_page() {
    let app = TestApp::spawn().await;
    let admin = app.staff("admin@example.org", "admin").await;
    let slug = app.open_contest(&admin, "hero").await;
    let page = app.client().get(app.url(&format!("/c/{slug}"))).send().await.unwrap().text().await.unwrap();
    assert!(!page.contains("hero-image"), "no image chosen, no photo approved: a plain hero");
    let send = |form: reqwest::multipart::Form| {
        let (app, admin, slug) = (&app, &admin, &slug);
        async move { admin.post(app.url(&format!("/admin/c/{slug}/theme"))).multipart(form).send().await.unwrap() }
    };
    // Not an image: refused with its code; a real photo (HEIC from a phone) is re-encoded.
    let file = |bytes: Vec<u8>, name: &str| reqwest::multipart::Part::bytes(bytes).file_name(name.to_string());
    let res =
        send(reqwest::multipart::Form::new().text("accent", "").part("hero", file(b"<html>".to_vec(), "a.jpg"))).await;
    assert_eq!(res.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);
    let heic = std::fs::read("tests/fixtures/heic/irot-and-exif6.heic").unwrap();
    let res = send(reqwest::multipart::Form::new().text("accent", "").part("hero", file(heic, "IMG_1.HEIC"))).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let page = app.client().get(app.url(&format!("/c/{slug}"))).send().await.unwrap().text().await.unwrap();
    let src = page.split(r#"<img class="hero-image" src=""#).nth(1).expect("the hero image").split('"').next().unwrap();
    assert!(src.ends_with("/hero.jpg"), "{src}");
    let res = app.client().get(app.url(src)).send().await.unwrap();
    assert_eq!(res.headers()["content-type"], "image/jpeg");
    let img = image::load_from_memory(&res.bytes().await.unwrap()).unwrap();
    assert_eq!((img.width(), img.height()), (96, 64), "upright, never enlarged");
    let report = app.probe.sweep(0, true).await.unwrap();
    assert!(report.orphans.iter().all(|k| !k.ends_with("hero.jpg")), "{:?}", report.orphans);
    // Removed: back to the plain hero (or the mosaic of photos).
    let res = send(reqwest::multipart::Form::new().text("accent", "").text("remove_hero", "on")).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let page = app.client().get(app.url(&format!("/c/{slug}"))).send().await.unwrap().text().await.unwrap();
    assert!(!page.contains("hero-image"));
}

#[tokio::test]
async fn the_embedded_gallery_may_be_framed_and_opens_photos_outside_the_frame() {
    let app = TestApp::spawn().await;
    let admin = app.staff("admin@example.org", "admin").await;
    let slug = app.open_contest(&admin, "embed").await;
    let moderator = app.staff("mod@example.org", "moderator").await;
    let alice = app.participant("alice@example.org").await;
    let id = app.approved_entry(&alice, &moderator, &slug, 1).await;
    let res = app.client().get(app.url(&format!("/c/{slug}/embed"))).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert!(res.headers()["content-security-policy"].to_str().unwrap().contains("frame-ancestors *"));
    assert!(res.headers().get("x-frame-options").is_none());
    let html = res.text().await.unwrap();
    assert!(html.contains(&format!(r#"/e/{id}" target="_blank" rel="noopener""#)), "{html}");
    let res = app.client().get(app.url(&format!("/c/{slug}/gallery"))).send().await.unwrap();
    assert_eq!(res.headers()["x-frame-options"], "DENY", "other pages still refuse frames");
    assert!(res.headers()["content-security-policy"].to_str().unwrap().contains("frame-ancestors 'none'"));
    let res = app.client().get(app.url(&format!("/c/{slug}/embed?order=votes"))).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);

    // Staff copy the snippet from the contest's look page.
    let page = admin.get(app.url(&format!("/admin/c/{slug}/look"))).send().await.unwrap().text().await.unwrap();
    let base = app.settings.public_url.as_str().trim_end_matches('/');
    assert!(page.contains(&format!("&#60;iframe src=&#34;{base}/c/{slug}/embed&#34; title=")), "{page}");
}

#[tokio::test]
async fn anonymous_visitors_share_a_cached_page_while_signed_in_people_see_it_live() {
    let app = TestApp::spawn_with(&[("page_cache_secs", "600")]).await;
    let admin = app.staff("admin@example.org", "admin").await;
    let slug = app.open_contest(&admin, "cached").await;
    let moderator = app.staff("mod@example.org", "moderator").await;
    let alice = app.participant("alice@example.org").await;
    let first = app.approved_entry(&alice, &moderator, &slug, 1).await;
    let gallery = app.url(&format!("/c/{slug}/gallery?order=newest"));
    let visitor = || async {
        let res = app.client().get(&gallery).header("Cookie", "gseed=42").send().await.unwrap();
        assert_eq!(res.status(), StatusCode::OK);
        res.text().await.unwrap()
    };
    let before = visitor().await;
    assert!(before.contains(&format!("/e/{first}")));
    let second = app.approved_entry(&alice, &moderator, &slug, 2).await;
    assert_eq!(visitor().await, before, "served from the cache");
    let live = alice.get(&gallery).send().await.unwrap().text().await.unwrap();
    assert!(live.contains(&format!("/e/{second}")), "a signed-in person sees it at once");
    let other_lang =
        app.client().get(&gallery).header("Cookie", "gseed=42; lang=en").send().await.unwrap().text().await.unwrap();
    assert!(
        other_lang.contains(&format!("/e/{second}")) && other_lang.contains(r#"lang="en""#),
        "each language its own page"
    );
}
