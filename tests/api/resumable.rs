//! Resumable uploads (tus 1.0: core, creation, termination): a photo sent in pieces, a connection
//! cut mid-upload and resumed without re-sending what arrived, cancelling, and every refusal.

use std::time::Duration;

use declic::testing::{Blake3Hash, BlobKey};
use reqwest::StatusCode;
use serde_json::Value;

use crate::helpers::{TestApp, entry_fields, error_code, jpeg};

fn header(res: &reqwest::Response, name: &str) -> String {
    res.headers().get(name).map(|v| v.to_str().unwrap().to_string()).unwrap_or_default()
}

/// A JPEG big enough to be sent in several parts (~1.5 MB of noise).
fn big_jpeg() -> Vec<u8> {
    let mut seed = 7u32;
    let img = image::RgbImage::from_fn(1200, 900, |_, _| {
        seed = seed.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
        let b = seed.to_le_bytes();
        image::Rgb([b[1], b[2], b[3]])
    });
    let mut out = Vec::new();
    image::DynamicImage::ImageRgb8(img)
        .write_to(&mut std::io::Cursor::new(&mut out), image::ImageFormat::Jpeg)
        .unwrap();
    assert!(out.len() > 1_000_000, "{} bytes", out.len());
    out
}

async fn stored_original(app: &TestApp, bytes: &[u8]) -> Vec<u8> {
    let key = BlobKey::original(&Blake3Hash::from_hash(&blake3::hash(bytes)));
    app.probe.storage.get(&key).await.unwrap().expect("original stored").into_bytes().await.unwrap()
}

async fn part_objects(app: &TestApp) -> usize {
    app.probe.storage.list().await.unwrap().iter().filter(|(k, _)| k.starts_with("uploads/")).count()
}

#[tokio::test]
async fn the_server_says_what_it_supports() {
    let app = TestApp::spawn().await;
    let res = app.client().request(reqwest::Method::OPTIONS, app.url("/api/v1/uploads")).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    assert_eq!(header(&res, "tus-version"), "1.0.0");
    assert_eq!(header(&res, "tus-resumable"), "1.0.0");
    let ext = header(&res, "tus-extension");
    assert!(ext.contains("creation") && ext.contains("termination"), "{ext}");
    assert_eq!(header(&res, "tus-max-size"), app.settings.media.max_upload_bytes.to_string());
    let doc: Value = app.client().get(app.url("/api/v1/openapi.json")).send().await.unwrap().json().await.unwrap();
    for p in ["/api/v1/contests/{slug}/uploads", "/api/v1/uploads/{id}"] {
        assert!(doc["paths"].get(p).is_some(), "OpenAPI lacks {p}");
    }
}

#[tokio::test]
async fn a_photo_sent_in_pieces_becomes_an_entry() {
    let app = TestApp::spawn().await;
    let admin = app.staff("admin@example.org", "admin").await;
    let slug = app.open_contest(&admin, "pieces").await;
    let alice = app.participant("alice@example.org").await;
    let photo = big_jpeg();

    let res = app.tus_create(&alice, &slug, photo.len(), &entry_fields()).await;
    assert_eq!(res.status(), StatusCode::CREATED, "{}", res.text().await.unwrap());
    let location = header(&res, "location");
    assert!(location.starts_with("/api/v1/uploads/"), "{location}");
    assert!(header(&res, "upload-expires").ends_with("GMT"));

    let head = app.tus_head(&alice, &location).await;
    assert_eq!(head.status(), StatusCode::OK);
    assert_eq!((header(&head, "upload-offset"), header(&head, "upload-length")), ("0".into(), photo.len().to_string()));
    assert_eq!(header(&head, "cache-control"), "no-store");

    let (a, b) = (400_000, 1_000_000);
    let res = app.tus_patch(&alice, &location, 0, photo[..a].to_vec()).await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    assert_eq!(header(&res, "upload-offset"), a.to_string());
    assert!(header(&res, "declic-entry-id").is_empty(), "not complete yet");

    // A piece sent at the wrong offset is refused and changes nothing.
    let res = app.tus_patch(&alice, &location, 10, photo[10..a].to_vec()).await;
    assert_eq!(res.status(), StatusCode::CONFLICT);
    assert_eq!(error_code(res).await, "offset_mismatch");
    // Bytes must come as application/offset+octet-stream.
    let res = alice
        .patch(app.url(&location))
        .header("Tus-Resumable", "1.0.0")
        .header("Upload-Offset", a.to_string())
        .header("Content-Type", "image/jpeg")
        .body(photo[a..b].to_vec())
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);
    // Someone else cannot see or touch it.
    let bob = app.participant("bob@example.org").await;
    assert_eq!(app.tus_head(&bob, &location).await.status(), StatusCode::NOT_FOUND);
    assert_eq!(app.tus_patch(&bob, &location, a, photo[a..b].to_vec()).await.status(), StatusCode::NOT_FOUND);

    let res = app.tus_patch(&alice, &location, a, photo[a..b].to_vec()).await;
    assert_eq!(header(&res, "upload-offset"), b.to_string());
    let res = app.tus_patch(&alice, &location, b, photo[b..].to_vec()).await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    assert_eq!(header(&res, "upload-offset"), photo.len().to_string());
    let id: i64 = header(&res, "declic-entry-id").parse().expect("the entry's id");

    let entry = app.wait_processed(&alice, id).await;
    assert_eq!(entry["status"], "pending", "{entry}");
    assert_eq!(entry["title"], "Le tram au lever du jour");
    assert_eq!(entry["consent"]["original_hash"], blake3::hash(&photo).to_hex().to_string());
    assert_eq!(stored_original(&app, &photo).await, photo, "the original is the bytes sent, in order");
    assert_eq!(part_objects(&app).await, 0, "the pieces are deleted once assembled");
    // Asking again is harmless: the upload is complete and names its entry.
    let head = app.tus_head(&alice, &location).await;
    assert_eq!(header(&head, "declic-entry-id"), id.to_string());
    let again = app.tus_patch(&alice, &location, photo.len(), Vec::new()).await;
    assert_eq!(header(&again, "declic-entry-id"), id.to_string());
    let mine: Value = alice.get(app.url("/api/v1/me/entries")).send().await.unwrap().json().await.unwrap();
    assert_eq!(mine.as_array().map(Vec::len), Some(1), "one entry, however often the end is repeated");
}

/// A request body that sends `first`, then breaks off as a dropped connection would.
fn cut_after(first: Vec<u8>) -> reqwest::Body {
    let chunks: Vec<Result<Vec<u8>, std::io::Error>> =
        vec![Ok(first), Err(std::io::Error::new(std::io::ErrorKind::ConnectionReset, "tunnel"))];
    reqwest::Body::wrap_stream(futures::stream::iter(chunks).then(|c| async move {
        tokio::time::sleep(Duration::from_millis(200)).await; // let the first bytes reach the server
        c
    }))
}

use futures::StreamExt;

#[tokio::test]
async fn a_cut_connection_resumes_where_it_stopped() {
    let app = TestApp::spawn().await;
    let admin = app.staff("admin@example.org", "admin").await;
    let slug = app.open_contest(&admin, "tunnel").await;
    let alice = app.participant("alice@example.org").await;
    let photo = big_jpeg();
    let location = header(&app.tus_create(&alice, &slug, photo.len(), &entry_fields()).await, "location");

    // The phone sends 900 kB of the photo in one request, then the connection drops.
    let sent = 900_000;
    let cut = alice
        .patch(app.url(&location))
        .header("Tus-Resumable", "1.0.0")
        .header("Upload-Offset", "0")
        .header("Content-Type", "application/offset+octet-stream")
        .header("Content-Length", photo.len().to_string())
        .body(cut_after(photo[..sent].to_vec()))
        .send()
        .await;
    assert!(cut.is_err(), "the request itself fails: {cut:?}");

    // Everything that reached the server was kept: it says to resume at byte `sent`.
    let mut offset = 0;
    for _ in 0..100 {
        offset = header(&app.tus_head(&alice, &location).await, "upload-offset").parse().unwrap();
        if offset == sent {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(offset, sent, "the server kept every byte it received");

    // The rest only is sent; the photo is whole.
    let res = app.tus_patch(&alice, &location, offset, photo[offset..].to_vec()).await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    let id: i64 = header(&res, "declic-entry-id").parse().unwrap();
    assert_eq!(app.wait_processed(&alice, id).await["status"], "pending");
    assert_eq!(stored_original(&app, &photo).await, photo);
}

#[tokio::test]
async fn a_cancelled_upload_leaves_nothing_behind() {
    let app = TestApp::spawn().await;
    let admin = app.staff("admin@example.org", "admin").await;
    let slug = app.open_contest(&admin, "cancel").await;
    let alice = app.participant("alice@example.org").await;
    let photo = big_jpeg();
    let location = header(&app.tus_create(&alice, &slug, photo.len(), &entry_fields()).await, "location");
    app.tus_patch(&alice, &location, 0, photo[..700_000].to_vec()).await;
    assert!(part_objects(&app).await > 0);

    let bob = app.participant("bob@example.org").await;
    let res = bob.delete(app.url(&location)).header("Tus-Resumable", "1.0.0").send().await.unwrap();
    assert_eq!(res.status(), StatusCode::NOT_FOUND, "only its sender cancels it");

    let res = alice.delete(app.url(&location)).header("Tus-Resumable", "1.0.0").send().await.unwrap();
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    assert_eq!(app.tus_head(&alice, &location).await.status(), StatusCode::NOT_FOUND);
    assert_eq!(part_objects(&app).await, 0);
    let res = app.tus_patch(&alice, &location, 700_000, photo[700_000..].to_vec()).await;
    assert_eq!(error_code(res).await, "upload_not_found");
}

#[tokio::test]
async fn unfinished_uploads_expire() {
    let app = TestApp::spawn().await;
    let admin = app.staff("admin@example.org", "admin").await;
    let slug = app.open_contest(&admin, "expiry").await;
    let alice = app.participant("alice@example.org").await;
    let photo = big_jpeg();
    let location = header(&app.tus_create(&alice, &slug, photo.len(), &entry_fields()).await, "location");
    app.tus_patch(&alice, &location, 0, photo[..600_000].to_vec()).await;

    sqlx::query("UPDATE uploads SET expires_at = 0").execute(app.probe.db.pool()).await.unwrap();
    assert_eq!(app.probe.expire_uploads().await.unwrap(), 1);
    assert_eq!(part_objects(&app).await, 0);
    assert_eq!(app.tus_head(&alice, &location).await.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn refusals_come_early_and_clearly() {
    let app = TestApp::spawn_with(&[("max_upload_bytes", "2000000")]).await;
    let admin = app.staff("admin@example.org", "admin").await;
    let slug = app.open_contest(&admin, "strict-tus").await;
    let alice = app.participant("alice@example.org").await;
    let create = |headers: Vec<(&'static str, String)>| {
        let mut req = alice.post(app.url(&format!("/api/v1/contests/{slug}/uploads")));
        for (k, v) in headers {
            req = req.header(k, v);
        }
        req.send()
    };
    let meta = crate::helpers::tus_metadata(&entry_fields());

    let res = create(vec![("Upload-Length", "100".into()), ("Upload-Metadata", meta.clone())]).await.unwrap();
    assert_eq!(res.status(), StatusCode::PRECONDITION_FAILED, "no Tus-Resumable");
    assert_eq!(header(&res, "tus-resumable"), "1.0.0");
    let tus = || ("Tus-Resumable", "1.0.0".to_string());
    let res = create(vec![tus(), ("Upload-Metadata", meta.clone())]).await.unwrap();
    assert_eq!((res.status(), error_code(res).await.as_str()), (StatusCode::BAD_REQUEST, "missing_header"));
    let res = create(vec![tus(), ("Upload-Length", "lots".into()), ("Upload-Metadata", meta.clone())]).await.unwrap();
    assert_eq!(error_code(res).await, "invalid_header");
    let res =
        create(vec![tus(), ("Upload-Length", "100".into()), ("Upload-Metadata", "title ***".into())]).await.unwrap();
    assert_eq!(error_code(res).await, "invalid_metadata");
    let res =
        create(vec![tus(), ("Upload-Length", "3000000".into()), ("Upload-Metadata", meta.clone())]).await.unwrap();
    assert_eq!((res.status(), error_code(res).await.as_str()), (StatusCode::PAYLOAD_TOO_LARGE, "file_too_large"));

    // The entry's fields are checked before a byte is sent.
    let no_people: Vec<_> = entry_fields().into_iter().filter(|(k, _)| *k != "people").collect();
    let res = app.tus_create(&alice, &slug, 100, &no_people).await;
    assert_eq!(
        (res.status(), error_code(res).await.as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, "people_answer_required")
    );
    let anonymous = app.client().post(app.url(&format!("/api/v1/contests/{slug}/uploads")));
    let res = anonymous.header("Tus-Resumable", "1.0.0").header("Upload-Length", "100").send().await.unwrap();
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);

    // More bytes than announced.
    let photo = jpeg(64, 48, 3);
    let location = header(&app.tus_create(&alice, &slug, photo.len() - 10, &entry_fields()).await, "location");
    let res = app.tus_patch(&alice, &location, 0, photo.clone()).await;
    assert_eq!((res.status(), error_code(res).await.as_str()), (StatusCode::PAYLOAD_TOO_LARGE, "upload_too_long"));

    // A complete upload that is not a photo: refused when it is whole, and forgotten.
    let gif = b"GIF89a\x01\x00\x01\x00\x00\x00\x00;".to_vec();
    let location = header(&app.tus_create(&alice, &slug, gif.len(), &entry_fields()).await, "location");
    let res = app.tus_patch(&alice, &location, 0, gif).await;
    assert_eq!(res.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);
    assert_eq!(error_code(res).await, "unsupported_format");
    assert_eq!(app.tus_head(&alice, &location).await.status(), StatusCode::NOT_FOUND);
    let mine: Value = alice.get(app.url("/api/v1/me/entries")).send().await.unwrap().json().await.unwrap();
    assert_eq!(mine.as_array().map(Vec::len), Some(0), "nothing was accepted");
}
