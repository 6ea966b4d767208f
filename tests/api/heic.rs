//! HEIC/HEIF: decoded in the sandboxed child, upright from `irot` (never again from EXIF), Display
//! P3 converted to sRGB, no metadata out; crashes, limits and a missing decoder are clear refusals.
//! The files come from `scripts/make-heic-fixtures.py`.

use std::time::Duration;

use declic::testing::{Blake3Hash, BlobKey, MediaError};
use reqwest::StatusCode;
use serde_json::Value;

use crate::helpers::*;
use crate::ingest::{assert_no_metadata, limits, mean_abs_diff, upright};

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(format!("{}/tests/fixtures/heic/{name}", env!("CARGO_MANIFEST_DIR"))).unwrap()
}

fn w400(out: &declic::testing::Rendered) -> image::RgbImage {
    let r = out.renditions.iter().find(|r| r.file == "w400.jpg").unwrap();
    image::load_from_memory(&r.bytes).unwrap().into_rgb8()
}

#[test]
fn heic_comes_out_upright_from_irot_and_never_rotated_twice_by_exif() {
    // upright; EXIF 6 without irot (must be ignored); irot 90° clockwise plus EXIF 6 (as iPhones);
    // two 64 px tiles in a grid cropped to 96×64.
    for name in ["upright.heic", "exif6-without-irot.heic", "irot-and-exif6.heic", "grid-2x1.heic"] {
        let out = declic::testing::render_photo(&fixture(name), &limits()).unwrap_or_else(|e| panic!("{name}: {e:?}"));
        assert_eq!((out.width, out.height), (96, 64), "{name}");
        let diff = mean_abs_diff(&w400(&out), &upright());
        assert!(diff < 12.0, "{name}: mean difference {diff:.1} from the upright reference");
        for r in &out.renditions {
            assert_no_metadata(&r.bytes, &format!("{name} {}", r.file));
        }
    }
    let probe = declic::testing::probe_photo(&fixture("irot-and-exif6.heic"), &limits()).unwrap();
    assert_eq!((probe.format, probe.width, probe.height), (declic::testing::Format::Heif, 96, 64));
}

#[test]
fn iphone_style_tile_grids_are_assembled_in_order() {
    // 8×6 tiles of 64 px in a checkerboard, cropped to 500×375: 48 tiles referenced by one grid.
    let out = declic::testing::render_photo(&fixture("grid-8x6.heic"), &limits()).unwrap();
    assert_eq!((out.width, out.height), (500, 375));
    let r = out.renditions.iter().find(|r| r.file == "w1080.jpg").unwrap();
    let img = image::load_from_memory(&r.bytes).unwrap().into_rgb8();
    assert_eq!(img.dimensions(), (500, 375));
    for (row, col) in [(0, 0), (0, 1), (1, 0), (2, 5), (5, 7), (5, 6)] {
        let [red, _, blue] = img.get_pixel(col * 64 + 32, (row * 64 + 32).min(370)).0;
        let orange = (row + col) % 2 == 0;
        assert_eq!(red > blue, orange, "tile ({row}, {col})");
    }
}

#[test]
fn display_p3_heic_is_converted_to_srgb() {
    let out = declic::testing::render_photo(&fixture("display-p3.heic"), &limits()).unwrap();
    let [r, g, b] = w400(&out).get_pixel(32, 24).0;
    // (200, 60, 60) in P3 is a more saturated red in sRGB; unconverted it would stay ~200.
    assert!(r > 208 && g < 58 && b < 58, "P3 red became ({r}, {g}, {b})");
}

#[test]
fn damaged_heic_is_refused_and_the_decoder_never_takes_the_server_down() {
    let file = fixture("upright.heic");
    let cut = &file[..file.len() - 40];
    assert!(matches!(declic::testing::render_photo(cut, &limits()), Err(MediaError::Corrupt(_))));
    // The HEVC stream (end of mdat) overwritten: libde265 gets garbage.
    let mut garbled = file.clone();
    let n = garbled.len();
    for b in &mut garbled[n - 200..] {
        *b = 0x5a;
    }
    match declic::testing::render_photo(&garbled, &limits()) {
        Ok(out) => assert_eq!(out.renditions.len(), 7),
        Err(e) => assert!(matches!(e, MediaError::Corrupt(_) | MediaError::TooComplex(_)), "{e:?}"),
    }
}

#[test]
fn the_sandbox_limits_memory_and_time() {
    let file = fixture("upright.heic");
    let mut starved = limits();
    starved.heif.memory_mb = 24;
    let e = declic::testing::render_photo(&file, &starved).unwrap_err();
    assert!(matches!(e, MediaError::TooComplex(_)), "{e:?}");
    let mut hurried = limits();
    hurried.heif.deadline = Duration::ZERO;
    let e = declic::testing::render_photo(&file, &hurried).unwrap_err();
    assert!(matches!(e, MediaError::TooComplex(_)), "{e:?}");
    let mut missing = limits();
    missing.heif.program = "/nonexistent/declic".into();
    let e = declic::testing::probe_photo(&file, &missing).unwrap_err();
    assert!(matches!(e, MediaError::DecoderUnavailable(_)), "{e:?}");
}

#[tokio::test]
async fn an_iphone_photo_is_accepted_end_to_end() {
    let app = TestApp::spawn().await;
    let admin = app.staff("admin@example.org", "admin").await;
    let slug = app.open_contest(&admin, "iphone").await;
    let alice = app.participant("alice@example.org").await;
    let original = fixture("irot-and-exif6.heic");
    let res = app.submit(&alice, &slug, original.clone(), &entry_fields()).await;
    assert_eq!(res.status(), StatusCode::ACCEPTED);
    let id = res.json::<Value>().await.unwrap()["id"].as_i64().unwrap();
    let entry = app.wait_processed(&alice, id).await;
    assert_eq!(entry["status"], "pending", "{entry}");
    assert_eq!((entry["width"].as_i64(), entry["height"].as_i64()), (Some(96), Some(64)), "{entry}");
    // The original is kept bit-exact (the export hands it to the printer).
    let key = BlobKey::original(&Blake3Hash::from_hash(&blake3::hash(&original)));
    let stored = app.probe.storage.get(&key).await.unwrap().expect("original stored");
    assert_eq!(stored.into_bytes().await.unwrap(), original, "original stored bit-exact");
}

#[tokio::test]
async fn a_server_without_its_heic_decoder_answers_503_and_keeps_nothing() {
    let app = TestApp::spawn_with(&[("heif_helper", "/nonexistent/declic")]).await;
    let admin = app.staff("admin@example.org", "admin").await;
    let slug = app.open_contest(&admin, "no-decoder").await;
    let alice = app.participant("alice@example.org").await;
    let res = app.submit(&alice, &slug, fixture("upright.heic"), &entry_fields()).await;
    let (status, retry) = (res.status(), res.headers().contains_key("retry-after"));
    let body: Value = res.json().await.unwrap();
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE, "{body}");
    assert!(retry, "Retry-After");
    assert_eq!(body["error"]["code"], "decoder_unavailable");
    assert!(!body["error"]["message"].as_str().unwrap().contains("nonexistent"), "no internal detail shown: {body}");
}
