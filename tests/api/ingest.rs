//! Ingest: orientation for all 8 EXIF values, no metadata in public files, WebP and share images,
//! exact and near-duplicate detection.

use image::metadata::Orientation;
use reqwest::StatusCode;
use serde_json::Value;

use crate::helpers::*;

/// The production limits, with the HEIC decoder child being the `declic` binary Cargo built.
pub(crate) fn limits() -> declic::config::MediaLimits {
    declic::config::MediaLimits {
        heif: declic::config::HeifSandbox { program: env!("CARGO_BIN_EXE_declic").into(), ..Default::default() },
        ..Default::default()
    }
}

/// An upright reference with four distinct quadrants, so any wrong rotation or flip shows.
pub(crate) fn upright() -> image::RgbImage {
    image::RgbImage::from_fn(96, 64, |x, y| match (x < 48, y < 32) {
        (true, true) => image::Rgb([220, 30, 30]),
        (false, true) => image::Rgb([30, 200, 30]),
        (true, false) => image::Rgb([30, 30, 220]),
        (false, false) => image::Rgb([240, 240, 40]),
    })
}

pub(crate) fn mean_abs_diff(a: &image::RgbImage, b: &image::RgbImage) -> f64 {
    assert_eq!(a.dimensions(), b.dimensions());
    let sum: u64 = a.as_raw().iter().zip(b.as_raw()).map(|(x, y)| (*x as i64 - *y as i64).unsigned_abs()).sum();
    sum as f64 / a.as_raw().len() as f64
}

#[test]
fn every_exif_orientation_comes_out_upright() {
    let reference = upright();
    for o in 1u8..=8 {
        // The camera stored the pixels so that applying orientation `o` shows them upright.
        let inverse = match o {
            6 => 8,
            8 => 6,
            other => other,
        };
        let mut stored = image::DynamicImage::ImageRgb8(reference.clone());
        stored.apply_orientation(Orientation::from_exif(inverse).unwrap());
        let file = with_exif(&encode_jpeg(&stored.into_rgb8(), 95), o as u16);
        let out = declic::testing::render_photo(&file, &limits()).unwrap();
        assert_eq!((out.width, out.height), (96, 64), "orientation {o}");
        let small = out.renditions.iter().find(|r| r.file == "w400.jpg").unwrap();
        let pixels = image::load_from_memory(&small.bytes).unwrap().into_rgb8();
        let diff = mean_abs_diff(&pixels, &reference);
        assert!(diff < 12.0, "orientation {o}: mean difference {diff:.1} from the upright reference");
    }
}

/// Fails if a public file carries metadata: scans the bytes, and asks exiftool when it is installed
/// (`.ci/run` installs it, and then it is required).
pub(crate) fn assert_no_metadata(bytes: &[u8], what: &str) {
    for marker in [&b"Exif"[..], b"GPS", b"XMP", b"http://ns.adobe.com", b"ICC_PROFILE"] {
        assert!(
            !bytes.windows(marker.len()).any(|w| w == marker),
            "{what} contains {}",
            String::from_utf8_lossy(marker)
        );
    }
    let exiftool = std::process::Command::new("exiftool").arg("-ver").output();
    if exiftool.is_err() {
        assert!(std::env::var_os("CI").is_none(), "exiftool is required under CI (libimage-exiftool-perl)");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("file");
    std::fs::write(&path, bytes).unwrap();
    let out = std::process::Command::new("exiftool").args(["-j", "-G", "-a"]).arg(&path).output().unwrap();
    let tags: Value = serde_json::from_slice(&out.stdout).unwrap();
    for key in tags[0].as_object().unwrap().keys() {
        let group = key.split(':').next().unwrap();
        assert!(
            matches!(group, "SourceFile" | "ExifTool" | "File" | "JFIF" | "RIFF" | "Composite"),
            "{what} carries metadata tag {key}"
        );
    }
}

#[test]
fn public_files_carry_no_metadata() {
    let file = jpeg_with_exif(640, 480, 1);
    let out = declic::testing::render_photo(&file, &limits()).unwrap();
    assert_eq!(out.renditions.len(), 7);
    for r in &out.renditions {
        assert_no_metadata(&r.bytes, r.file);
    }
}

#[tokio::test]
async fn webp_and_share_images_are_served() {
    let app = TestApp::spawn().await;
    let admin = app.staff("admin@example.org", "admin").await;
    let moderator = app.staff("mod@example.org", "moderator").await;
    let slug = app.open_contest(&admin, "formats").await;
    let alice = app.participant("alice@example.org").await;
    let res = app.submit(&alice, &slug, scene(3, 1600, 1200), &entry_fields()).await;
    let id = res.json::<Value>().await.unwrap()["id"].as_i64().unwrap();
    let entry = app.wait_processed(&alice, id).await;
    assert!(entry["placeholder"].as_str().unwrap().starts_with('#'));
    app.moderate(&moderator, id, "approve", None).await;
    let renditions = entry["renditions"].as_array().unwrap();
    let url_of = |v: &str| renditions.iter().find(|r| r["variant"] == v).unwrap()["url"].as_str().unwrap().to_string();
    let webp = app.client().get(app.url(&url_of("w1080.webp"))).send().await.unwrap();
    assert_eq!(webp.headers()["content-type"], "image/webp");
    assert_eq!(webp.headers()["cache-control"], "public, max-age=31536000, immutable");
    let img = image::load_from_memory(&webp.bytes().await.unwrap()).unwrap();
    assert_eq!((img.width(), img.height()), (1080, 810));
    let share = app.client().get(app.url(&url_of("share.jpg"))).send().await.unwrap().bytes().await.unwrap();
    let img = image::load_from_memory(&share).unwrap();
    assert_eq!((img.width(), img.height()), (1200, 630));
    let page = app.client().get(app.url(&format!("/e/{id}"))).send().await.unwrap().text().await.unwrap();
    assert!(page.contains("share.jpg") && page.contains("type=\"image/webp\""), "Open Graph image and <picture>");
}

#[tokio::test]
async fn near_duplicates_are_flagged_for_moderators() {
    let app = TestApp::spawn().await;
    let admin = app.staff("admin@example.org", "admin").await;
    let moderator = app.staff("mod@example.org", "moderator").await;
    let slug = app.open_contest(&admin, "lookalikes").await;
    let alice = app.participant("alice@example.org").await;
    let bob = app.participant("bob@example.org").await;

    let res = app.submit(&alice, &slug, scene(5, 1200, 900), &entry_fields()).await;
    let original = res.json::<Value>().await.unwrap()["id"].as_i64().unwrap();
    app.wait_processed(&alice, original).await;

    // Bob sends the same picture resized and recompressed (different bytes), then his own photo.
    let copy_pixels =
        image::imageops::resize(&scene_pixels(5, 1200, 900), 800, 600, image::imageops::FilterType::Triangle);
    let copy = encode_jpeg(&copy_pixels, 70);
    let res = app.submit(&bob, &slug, copy, &entry_fields()).await;
    assert_eq!(res.status(), StatusCode::ACCEPTED);
    let body: Value = res.json().await.unwrap();
    assert!(body["duplicate_of"].is_null(), "not the same bytes");
    let copy_id = body["id"].as_i64().unwrap();
    let res = app.submit(&bob, &slug, scene(6, 1200, 900), &entry_fields()).await;
    let own_id = res.json::<Value>().await.unwrap()["id"].as_i64().unwrap();
    app.wait_processed(&bob, copy_id).await;
    app.wait_processed(&bob, own_id).await;

    let queue: Value = moderator.get(app.url("/api/v1/moderation/queue")).send().await.unwrap().json().await.unwrap();
    let find = |id: i64| queue.as_array().unwrap().iter().find(|e| e["id"] == id).unwrap().clone();
    let flagged = find(copy_id);
    assert_eq!(flagged["near_duplicate"]["entry_id"], original, "{flagged}");
    assert!(flagged["near_duplicate"]["distance"].as_i64().unwrap() <= 11);
    assert!(flagged["near_duplicate"]["thumbnail_url"].as_str().unwrap().ends_with("w400.jpg"));
    assert!(find(own_id)["near_duplicate"].is_null(), "a different photo is not flagged");
    // Participants do not see the flag on their own entries.
    let mine: Value =
        bob.get(app.url(&format!("/api/v1/entries/{copy_id}"))).send().await.unwrap().json().await.unwrap();
    assert!(mine["near_duplicate"].is_null() && mine["duplicate_of"].is_null(), "{mine}");
    let page = moderator.get(app.url("/moderation?flag=near_duplicate")).send().await.unwrap().text().await.unwrap();
    assert!(
        page.contains(&format!(r#"data-entry="{copy_id}""#)) && page.contains("Quasi-doublon"),
        "flagged on the grid"
    );
    assert!(!page.contains(&format!(r#"data-entry="{own_id}""#)), "the filter keeps the flagged only");
    let review =
        moderator.get(app.url(&format!("/moderation/e/{copy_id}"))).send().await.unwrap().text().await.unwrap();
    assert!(review.contains("Ressemble à cette photo (écart de"), "{review}");
    assert!(review.contains(&format!(r#"href="/moderation/e/{original}""#)), "the photo it resembles, beside it");
}

fn crc32(data: &[u8]) -> u32 {
    let mut crc = 0xFFFF_FFFFu32;
    for &b in data {
        crc ^= b as u32;
        for _ in 0..8 {
            crc = if crc & 1 != 0 { (crc >> 1) ^ 0xEDB8_8320 } else { crc >> 1 };
        }
    }
    !crc
}

/// A PNG whose header claims `w × h` pixels, with almost no data: a decompression bomb's shape.
fn png_claiming(w: u32, h: u32) -> Vec<u8> {
    let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
    let mut chunk = |kind: &[u8], data: &[u8]| {
        out.extend_from_slice(&(data.len() as u32).to_be_bytes());
        let mut body = kind.to_vec();
        body.extend_from_slice(data);
        out.extend_from_slice(&body);
        out.extend_from_slice(&crc32(&body).to_be_bytes());
    };
    let mut ihdr = w.to_be_bytes().to_vec();
    ihdr.extend_from_slice(&h.to_be_bytes());
    ihdr.extend_from_slice(&[8, 2, 0, 0, 0]);
    chunk(b"IHDR", &ihdr);
    chunk(b"IDAT", &[0x78, 0x9c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01]);
    chunk(b"IEND", &[]);
    out
}

#[tokio::test]
async fn hostile_files_are_refused_with_a_reason() {
    let app = TestApp::spawn().await;
    let admin = app.staff("admin@example.org", "admin").await;
    let slug = app.open_contest(&admin, "hostile").await;
    let alice = app.participant("alice@example.org").await;
    let refused = |res: reqwest::Response| async move {
        let status = res.status();
        let v: Value = res.json().await.unwrap();
        (status, v["error"]["code"].as_str().unwrap().to_string(), v["error"]["message"].as_str().unwrap().to_string())
    };

    // Pixel bombs: refused from the header, before any decoding.
    let (status, code, _) = refused(app.submit(&alice, &slug, png_claiming(60_000, 100), &entry_fields()).await).await;
    assert_eq!((status, code.as_str()), (StatusCode::UNPROCESSABLE_ENTITY, "image_too_large"));
    let (_, code, msg) = refused(app.submit(&alice, &slug, png_claiming(15_000, 15_000), &entry_fields()).await).await;
    assert_eq!(code, "too_many_pixels", "{msg}");

    // A photo with a ZIP archive glued after it.
    let mut polyglot = jpeg(64, 48, 1);
    polyglot.extend_from_slice(b"PK\x03\x04\x14\x00\x00\x00payload.exe");
    let (status, code, msg) = refused(app.submit(&alice, &slug, polyglot, &entry_fields()).await).await;
    assert_eq!((status, code.as_str()), (StatusCode::UNSUPPORTED_MEDIA_TYPE, "unsupported_format"));
    assert!(msg.contains("ZIP"), "{msg}");

    // A JPEG whose comment carries a script.
    let clean = jpeg(64, 48, 2);
    let comment = b"<script>fetch('/api/v1/me')</script>";
    let mut scripted = clean[..2].to_vec();
    scripted.extend_from_slice(&[0xFF, 0xFE]);
    scripted.extend_from_slice(&((comment.len() + 2) as u16).to_be_bytes());
    scripted.extend_from_slice(comment);
    scripted.extend_from_slice(&clean[2..]);
    let (_, code, msg) = refused(app.submit(&alice, &slug, scripted, &entry_fields()).await).await;
    assert_eq!(code, "unsupported_format");
    assert!(msg.contains("web page code"), "{msg}");

    // An animated WebP.
    let mut anim =
        b"RIFF\x30\x00\x00\x00WEBPVP8X\x0a\x00\x00\x00\x02\x00\x00\x00\x3f\x00\x00\x3f\x00\x00ANIM\x06\x00\x00\x00"
            .to_vec();
    anim.resize(0x38, 0);
    let (_, code, msg) = refused(app.submit(&alice, &slug, anim, &entry_fields()).await).await;
    assert_eq!(code, "unsupported_format");
    assert!(msg.contains("animated"), "{msg}");

    // An empty file is no photo.
    let (_, code, _) = refused(app.submit(&alice, &slug, Vec::new(), &entry_fields()).await).await;
    assert_eq!(code, "photo_required");

    let mine: Value = alice.get(app.url("/api/v1/me/entries")).send().await.unwrap().json().await.unwrap();
    assert_eq!(mine.as_array().unwrap().len(), 0, "nothing was kept");
}

#[test]
fn big_photos_are_decoded_scaled_yet_upright_and_full_size() {
    // Large enough for the DCT-scaled decoder (long edge ≥ 2 × 2048).
    let small_reference = upright();
    let reference =
        image::RgbImage::from_fn(4400, 2400, |x, y| *small_reference.get_pixel(x * 96 / 4400, y * 64 / 2400));
    for (o, inverse) in [(6u8, 8u8), (3, 3)] {
        let mut stored = image::DynamicImage::ImageRgb8(reference.clone());
        stored.apply_orientation(Orientation::from_exif(inverse).unwrap());
        let file = with_exif(&encode_jpeg(&stored.into_rgb8(), 90), o as u16);
        let out = declic::testing::render_photo(&file, &limits()).unwrap();
        assert_eq!((out.width, out.height), (4400, 2400), "orientation {o}: the photo's real size is reported");
        let small = out.renditions.iter().find(|r| r.file == "w400.jpg").unwrap();
        assert_eq!((small.width, small.height), (400, 218));
        let pixels = image::load_from_memory(&small.bytes).unwrap().into_rgb8();
        let expected = image::imageops::resize(&reference, 400, 218, image::imageops::FilterType::Triangle);
        let diff = mean_abs_diff(&pixels, &expected);
        assert!(diff < 12.0, "orientation {o}: mean difference {diff:.1}");
    }
}
