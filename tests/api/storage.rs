//! Storage sweep: orphans found and removed, missing renditions re-made, lost originals marked.

use declic::testing::{Blake3Hash, BlobKey};
use serde_json::Value;

use crate::helpers::*;

#[tokio::test]
async fn the_sweep_reconciles_storage_and_database() {
    let app = TestApp::spawn().await;
    let admin = app.staff("admin@example.org", "admin").await;
    let moderator = app.staff("mod@example.org", "moderator").await;
    let slug = app.open_contest(&admin, "sweep").await;
    let alice = app.participant("alice@example.org").await;
    let first = jpeg(200, 150, 1);
    let res = app.submit(&alice, &slug, first.clone(), &entry_fields()).await;
    let kept = res.json::<Value>().await.unwrap()["id"].as_i64().unwrap();
    let second = jpeg(200, 150, 2);
    let res = app.submit(&alice, &slug, second.clone(), &entry_fields()).await;
    let lost = res.json::<Value>().await.unwrap()["id"].as_i64().unwrap();
    app.wait_processed(&alice, kept).await;
    app.wait_processed(&alice, lost).await;
    app.moderate(&moderator, kept, "approve", None).await;

    let storage = &app.probe.storage;
    let hash = |b: &[u8]| Blake3Hash::from_hash(&blake3::hash(b));
    let orphan = BlobKey::original(&hash(b"nobody's photo"));
    storage.put_bytes(&orphan, bytes::Bytes::from_static(b"nobody's photo"), "image/jpeg").await.unwrap();
    let rendition = BlobKey::rendition(&hash(&first), "w1080.webp").unwrap();
    storage.delete(&rendition).await.unwrap();
    storage.delete(&BlobKey::original(&hash(&second))).await.unwrap();

    // Young objects are spared (uploads in flight).
    let report = app.probe.sweep(3600, true).await.unwrap();
    assert!(report.orphans.is_empty());

    let report = app.probe.sweep(0, true).await.unwrap();
    assert_eq!(report.orphans, vec![orphan.as_str().to_string()]);
    assert_eq!(report.missing_renditions, vec![kept]);
    assert_eq!(report.missing_originals, vec![lost]);
    assert!(storage.exists(&orphan).await.unwrap(), "a dry run changes nothing");

    let report = app.probe.sweep(0, false).await.unwrap();
    assert!(report.repaired);
    assert!(!storage.exists(&orphan).await.unwrap(), "the orphan is deleted");
    let mut restored = false;
    for _ in 0..100 {
        if storage.exists(&rendition).await.unwrap() {
            restored = true;
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert!(restored, "the missing rendition is made again");
    let kept_entry: Value = app.entry(&alice, kept).await.json().await.unwrap();
    assert_eq!(kept_entry["status"], "approved", "repair leaves the moderation decision alone");
    let lost_entry: Value = app.entry(&alice, lost).await.json().await.unwrap();
    assert_eq!(lost_entry["status"], "failed");
    assert!(lost_entry["processing_error"].as_str().unwrap().contains("missing"));

    let again = app.probe.sweep(0, true).await.unwrap();
    assert!(
        again.orphans.is_empty() && again.missing_renditions.is_empty() && again.missing_originals.is_empty(),
        "{again:?}"
    );
}
