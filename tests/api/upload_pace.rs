//! A plain upload must keep moving: a client trickling bytes is ended with a clear error pointing
//! to the resumable path, and one address holds only a few plain uploads at once.

use std::time::Duration;

use reqwest::StatusCode;
use serde_json::Value;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use crate::helpers::*;

/// Starts a multipart upload of a photo announced as 200 kB and sends it `per_tick` bytes every
/// 100 ms; returns the open connection's writer task and reader.
async fn trickle(
    app: &TestApp,
    cookie: &str,
    slug: &str,
    per_tick: usize,
) -> (tokio::task::JoinHandle<()>, tokio::net::tcp::OwnedReadHalf) {
    let address = app.address.trim_start_matches("http://").to_string();
    let stream = TcpStream::connect(&address).await.unwrap();
    let (read, mut write) = stream.into_split();
    let boundary = "trickle-boundary";
    let head = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"photo\"; filename=\"p.jpg\"\r\nContent-Type: image/jpeg\r\n\r\n"
    );
    let request = format!(
        "POST /api/v1/contests/{slug}/entries HTTP/1.1\r\nHost: {address}\r\nCookie: {cookie}\r\n\
         Content-Type: multipart/form-data; boundary={boundary}\r\nContent-Length: {}\r\n\r\n{head}",
        head.len() + 200_000
    );
    let writer = tokio::spawn(async move {
        if write.write_all(request.as_bytes()).await.is_err() {
            return;
        }
        for _ in 0..600 {
            tokio::time::sleep(Duration::from_millis(100)).await;
            if write.write_all(&vec![0xAB; per_tick]).await.is_err() {
                return;
            }
        }
    });
    (writer, read)
}

#[tokio::test]
async fn a_trickled_plain_upload_is_ended_and_pointed_to_the_resumable_path() {
    let app = TestApp::spawn_with(&[("plain_upload_min_rate", "4000"), ("plain_upload_grace_secs", "1")]).await;
    let admin = app.staff("admin@example.org", "admin").await;
    let slug = app.open_contest(&admin, "trickle").await;
    let cookie = app.session_cookie("slow@example.org").await;

    // 10 bytes every 100 ms: 100 B/s, far under the least rate.
    let (writer, mut read) = trickle(&app, &cookie, &slug, 10).await;
    let mut answer = Vec::new();
    tokio::time::timeout(Duration::from_secs(20), read.read_to_end(&mut answer))
        .await
        .expect("the server ends a trickled upload by itself")
        .ok();
    writer.abort();
    let answer = String::from_utf8_lossy(&answer);
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
    assert!(answer.contains("\"upload_too_slow\"") && answer.contains("/uploads"), "points to tus: {answer}");

    // The resumable path is not paced: a photo sent in parts still arrives.
    let p = app.participant("slow@example.org").await;
    let photo = jpeg(40, 30, 1);
    let res = app.tus_create(&p, &slug, photo.len(), &entry_fields()).await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let location = res.headers()["location"].to_str().unwrap().to_string();
    assert_eq!(app.tus_patch(&p, &location, 0, photo).await.status(), StatusCode::NO_CONTENT);
}

#[tokio::test]
async fn one_address_holds_only_a_few_plain_uploads_at_once() {
    let app = TestApp::spawn_with(&[("plain_uploads_per_address", "2")]).await;
    let admin = app.staff("admin@example.org", "admin").await;
    let slug = app.open_contest(&admin, "many").await;
    let cookie = app.session_cookie("busy@example.org").await;
    // Two uploads in progress (slow but within the grace period)…
    let first = trickle(&app, &cookie, &slug, 100).await;
    let second = trickle(&app, &cookie, &slug, 100).await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    // …a third from the same address is refused at once.
    let p = app.participant("busy@example.org").await;
    let res = app.submit(&p, &slug, jpeg(40, 30, 2), &entry_fields()).await;
    assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["error"]["code"], "too_many_plain_uploads");
    // Once they end, their places are free again.
    for (writer, read) in [first, second] {
        writer.abort();
        drop(read);
    }
    let mut status = StatusCode::TOO_MANY_REQUESTS;
    for _ in 0..50 {
        status = app.submit(&p, &slug, jpeg(40, 30, 3), &entry_fields()).await.status();
        if status != StatusCode::TOO_MANY_REQUESTS {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(status, StatusCode::ACCEPTED);
}
