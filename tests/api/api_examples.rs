//! The example the API document gives for each JSON write request is accepted as it stands, in
//! the situation the examples describe (entries 1 and 2 approved, 3 and 4 waiting, a juror
//! `jury@example.org`, an admin `admin@example.org`). Only the proof of work of a vote, which
//! is good once, is solved afresh.

use std::collections::BTreeMap;

use reqwest::{Client, Method, StatusCode};
use serde_json::{Value, json};

use crate::helpers::*;

/// The example of an operation's JSON body, inline or on the schema it names.
fn example(doc: &Value, op: &Value) -> Option<Value> {
    let media = op["requestBody"]["content"].get("application/json")?;
    if let Some(e) = media.get("example") {
        return Some(e.clone());
    }
    let mut schema = &media["schema"];
    if let Some(name) = schema["$ref"].as_str().and_then(|r| r.rsplit('/').next()) {
        schema = &doc["components"]["schemas"][name];
    }
    schema.get("example").or_else(|| schema["examples"].get(0)).cloned()
}

/// Every documented JSON write request: (METHOD, path) → its example (`Value::Null` when none).
fn json_writes(doc: &Value) -> BTreeMap<(String, String), Value> {
    let mut out = BTreeMap::new();
    for (path, item) in doc["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            if op["requestBody"]["content"].get("application/json").is_some() {
                out.insert((method.to_uppercase(), path.clone()), example(doc, op).unwrap_or(Value::Null));
            }
        }
    }
    out
}

/// A portrait photo (1000 × 1400, enough for an A5 cover at 150 dpi), approved or left waiting.
async fn entry(app: &TestApp, author: &Client, moderator: &Client, slug: &str, seed: u8, approve: bool) -> i64 {
    let res = app.submit(author, slug, jpeg(1000, 1400, seed), &entry_fields()).await;
    assert_eq!(res.status(), StatusCode::ACCEPTED, "{}", res.text().await.unwrap());
    let id = res.json::<Value>().await.unwrap()["id"].as_i64().unwrap();
    app.wait_processed(author, id).await;
    if approve {
        assert_eq!(app.moderate(moderator, id, "approve", None).await.status(), StatusCode::OK);
    }
    id
}

#[tokio::test]
async fn the_documented_example_of_each_write_request_is_accepted() {
    let app = TestApp::spawn().await;
    let doc: Value = app.client().get(app.url("/api/v1/openapi.json")).send().await.unwrap().json().await.unwrap();
    let mut examples = json_writes(&doc);
    let missing: Vec<_> = examples.iter().filter(|(_, e)| e.is_null()).map(|(k, _)| k).collect();
    assert!(missing.is_empty(), "JSON write requests without an example: {missing:?}");

    // The situation the examples describe.
    let admin = app.staff("admin@example.org", "admin").await;
    let moderator = app.staff("moderation@example.org", "moderator").await;
    let jury = app.staff("jury@example.org", "jury").await;
    let slug = app.open_contest(&admin, "ex").await;
    let marie = app.participant("marie.dupont@example.org").await;
    let paul = app.participant("paul@example.org").await;
    assert_eq!(entry(&app, &marie, &moderator, &slug, 1, true).await, 1);
    assert_eq!(entry(&app, &paul, &moderator, &slug, 2, true).await, 2);
    assert_eq!(entry(&app, &marie, &moderator, &slug, 3, false).await, 3);
    assert_eq!(entry(&app, &paul, &moderator, &slug, 4, false).await, 4);

    // Sends the example of (method, template) to `path` as `client`; it must succeed.
    let mut sent = Vec::new();
    let mut send = async |client: &Client, method: &str, template: &str, path: &str| -> Value {
        let key = (method.to_string(), template.to_string());
        let mut body =
            examples.remove(&key).unwrap_or_else(|| panic!("{method} {template}: not a documented JSON write"));
        if template == "/api/v1/entries/{id}/vote" {
            body["pow"] = json!(app.pow().await);
        }
        if template == "/api/v1/auth/code" {
            // The code of the e-mail the magic-link example just sent to the same address.
            body["code"] = json!(app.login_code(body["email"].as_str().unwrap()).await);
        }
        let res = client
            .request(Method::from_bytes(method.as_bytes()).unwrap(), app.url(path))
            .json(&body)
            .send()
            .await
            .unwrap();
        let status = res.status();
        let text = res.text().await.unwrap();
        assert!(status.is_success(), "{method} {template} with its example {body}: {status} {text}");
        sent.push(key);
        serde_json::from_str(&text).unwrap_or(Value::Null)
    };

    // Accounts.
    send(&app.client(), "POST", "/api/v1/auth/magic-link", "/api/v1/auth/magic-link").await;
    send(&app.client(), "POST", "/api/v1/auth/code", "/api/v1/auth/code").await;
    send(&app.client(), "POST", "/api/v1/auth/login", "/api/v1/auth/login").await;
    send(&marie, "PATCH", "/api/v1/me", "/api/v1/me").await;
    send(&admin, "POST", "/api/v1/admin/invitations", "/api/v1/admin/invitations").await;

    // Contests.
    send(&admin, "POST", "/api/v1/contests", "/api/v1/contests").await;
    let c = "/api/v1/contests/ex";
    send(&admin, "PATCH", "/api/v1/contests/{slug}", c).await;
    send(&admin, "PUT", "/api/v1/contests/{slug}/theme", &format!("{c}/theme")).await;
    send(&admin, "PUT", "/api/v1/contests/{slug}/retention", &format!("{c}/retention")).await;
    send(&admin, "PUT", "/api/v1/contests/{slug}/results-settings", &format!("{c}/results-settings")).await;
    send(&admin, "POST", "/api/v1/contests/{slug}/copy", &format!("{c}/copy")).await;

    // Entries and moderation.
    send(&marie, "PATCH", "/api/v1/entries/{id}", "/api/v1/entries/3").await;
    send(&moderator, "POST", "/api/v1/moderation/approve", "/api/v1/moderation/approve").await;
    send(&moderator, "POST", "/api/v1/entries/{id}/moderation", "/api/v1/entries/4/moderation").await;
    send(&admin, "POST", "/api/v1/moderation/reasons", "/api/v1/moderation/reasons").await;
    send(&moderator, "PUT", "/api/v1/moderation/alerts", "/api/v1/moderation/alerts").await;
    send(&app.client(), "POST", "/api/v1/entries/{id}/reports", "/api/v1/entries/2/reports").await;

    // Covers.
    send(&admin, "POST", "/api/v1/contests/{slug}/covers", &format!("{c}/covers")).await;
    let slot = format!("{c}/covers/guide-ligne-1");
    send(&admin, "PUT", "/api/v1/contests/{slug}/covers/{slot}", &slot).await;
    send(&admin, "PUT", "/api/v1/contests/{slug}/covers/rules", &format!("{c}/covers/rules")).await;
    send(&admin, "PUT", "/api/v1/contests/{slug}/covers/{slot}/winner", &format!("{slot}/winner")).await;
    send(&admin, "PUT", "/api/v1/contests/{slug}/covers/{slot}/reserves", &format!("{slot}/reserves")).await;

    // The jury: a first round marked and closed, a second with a recusal, then a third set up.
    send(&admin, "PUT", "/api/v1/contests/{slug}/criteria", &format!("{c}/criteria")).await;
    let first = app.started_round(&admin, &slug, "yes_no", json!({}), &["jury@example.org"]).await;
    send(&jury, "PUT", "/api/v1/rounds/{id}/entries/{entry}/mark", &format!("/api/v1/rounds/{first}/entries/1/mark"))
        .await;
    for id in [2, 3] {
        assert_eq!(app.mark(&jury, first, id, &json!({ "yes": false })).await.status(), StatusCode::OK);
    }
    send(&admin, "POST", "/api/v1/rounds/{id}/close", &format!("/api/v1/rounds/{first}/close")).await;
    let second = app.started_round(&admin, &slug, "yes_no", json!({}), &["jury@example.org"]).await;
    let recusal = format!("/api/v1/rounds/{second}/entries/1/recusal");
    send(&jury, "POST", "/api/v1/rounds/{id}/entries/{entry}/recusal", &recusal).await;
    let third = send(&admin, "POST", "/api/v1/contests/{slug}/rounds", &format!("{c}/rounds")).await;
    let third = third["id"].as_i64().expect("the new round's id");
    send(&admin, "PUT", "/api/v1/rounds/{id}", &format!("/api/v1/rounds/{third}")).await;

    // Votes: the example's rule, then a burst from one network that staff review.
    send(&admin, "PUT", "/api/v1/contests/{slug}/voting", &format!("{c}/voting")).await;
    let burst = json!({ "rule": "per_entry",
        "suspicion": { "window_secs": 600, "network_votes": 3, "new_account_votes": 0, "agent_votes": 0 } });
    assert_eq!(app.set_voting(&admin, &slug, &burst).await.status(), StatusCode::OK);
    let bob = app.participant("bob@example.org").await;
    send(&bob, "POST", "/api/v1/entries/{id}/vote", "/api/v1/entries/1/vote").await;
    for voter in ["chloe@example.org", "dan@example.org"] {
        let voter = app.participant(voter).await;
        assert_eq!(app.vote(&voter, 1).await.status(), StatusCode::CREATED);
    }
    let flags: Value = moderator.get(app.url(&format!("{c}/vote-flags"))).send().await.unwrap().json().await.unwrap();
    let flag = flags.as_array().and_then(|f| f.first()).expect("the burst is flagged")["id"].as_i64().unwrap();
    send(&moderator, "POST", "/api/v1/vote-flags/{id}/review", &format!("/api/v1/vote-flags/{flag}/review")).await;

    // Last, what changes the public side: new rules and a hidden photo.
    send(&admin, "PUT", "/api/v1/contests/{slug}/rules", &format!("{c}/rules")).await;
    send(&moderator, "PUT", "/api/v1/entries/{id}/hidden", "/api/v1/entries/2/hidden").await;

    assert!(examples.is_empty(), "documented JSON writes this test does not send: {:?}", examples.keys());
    assert!(sent.len() >= 30, "{} examples sent", sent.len());
}
