//! The originals for the communication team: the approved (or shortlisted) photos as their
//! authors sent them, with a manifest saying which uses each author granted.

use reqwest::StatusCode;
use serde_json::json;

use crate::covers::{read, unzip};
use crate::helpers::{TestApp, error_code, jpeg};

#[tokio::test]
async fn the_originals_come_with_the_uses_each_author_granted() {
    let app = TestApp::spawn().await;
    let admin = app.staff("admin@example.org", "admin").await;
    let moderator = app.staff("mod@example.org", "moderator").await;
    let slug = app.open_contest(&admin, "comms").await;
    let alice = app.participant("alice@example.org").await;
    let res = alice.patch(app.url("/api/v1/me")).json(&json!({ "display_name": "Alice Martin" })).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let first = app.approved_entry(&alice, &moderator, &slug, 1).await;
    let second = app.approved_entry(&alice, &moderator, &slug, 2).await;
    let third = app.approved_entry(&alice, &moderator, &slug, 3).await;
    let hidden = app.approved_entry(&alice, &moderator, &slug, 4).await;
    // A pre-selection keeps three photos for the final round (the third is left out).
    let pre = app.started_round(&admin, &slug, "yes_no", json!({}), &["mod@example.org"]).await;
    for (id, yes) in [(first, true), (second, true), (third, false), (hidden, true)] {
        assert_eq!(app.mark(&moderator, pre, id, &json!({ "yes": yes })).await.status(), StatusCode::OK);
    }
    let res = app.round_action(&admin, pre, "close", &json!({ "missing_rule": "ignore_late" })).await;
    assert_eq!(res.status(), StatusCode::OK);
    let final_round = json!({
        "name": "Finale", "method": "yes_no", "intake": 3, "opens_at": "2000-01-01T00:00:00Z",
        "closes_at": "2100-01-01T00:00:00Z", "jurors": ["mod@example.org"],
    });
    let res = app.create_round(&admin, &slug, &final_round).await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let fin = res.json::<serde_json::Value>().await.unwrap()["id"].as_i64().unwrap();
    assert_eq!(app.round_action(&admin, fin, "open", &json!({})).await.status(), StatusCode::OK);
    // One photo is hidden after a report: it is never handed out.
    let res = moderator
        .put(app.url(&format!("/api/v1/entries/{hidden}/hidden")))
        .json(&json!({ "hidden": true }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::NO_CONTENT);

    let get = |query: &str| admin.get(app.url(&format!("/api/v1/contests/{slug}/originals.zip{query}"))).send();
    let res = get("").await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert!(res.headers()["content-disposition"].to_str().unwrap().contains("comms-approved-originals.zip"));
    let mut zip = unzip(&res.bytes().await.unwrap());
    let readme = String::from_utf8(read(&mut zip, "README.txt")).unwrap();
    assert!(readme.contains("les photos publiées (3)") && readme.contains("the published photos (3)"), "{readme}");
    let manifest = String::from_utf8(read(&mut zip, "manifest.csv")).unwrap();
    let mut rows = csv::Reader::from_reader(manifest.as_bytes());
    let header: Vec<String> = rows.headers().unwrap().iter().map(str::to_string).collect();
    let col = |name: &str| header.iter().position(|h| h == name).unwrap_or_else(|| panic!("{name} in {header:?}"));
    let rows: Vec<csv::StringRecord> = rows.records().map(Result::unwrap).collect();
    let entries: Vec<i64> = rows.iter().map(|r| r[col("entry")].parse().unwrap()).collect();
    assert_eq!(entries, [first, second, third], "approved, not hidden, not pending");
    for r in &rows {
        assert_eq!(&r[col("credit")], "Alice Martin");
        // The rules asked print, web and social rights, and she granted them.
        let granted: Vec<&str> =
            ["may_print", "may_web", "may_social", "may_exhibition", "may_press"].iter().map(|c| &r[col(c)]).collect();
        assert_eq!(granted, ["yes", "yes", "yes", "no", "no"]);
        assert!(r[col("rights")].starts_with("print: France, 36 months"), "{:?}", &r[col("rights")]);
    }
    assert_eq!(read(&mut zip, &format!("originals/entry-{first}.jpg")), jpeg(40, 30, 1), "the original, bit-exact");
    assert!(zip.by_name(&format!("originals/entry-{hidden}.jpg")).is_err());

    // The shortlist: the photos of the jury's round only.
    let res = get("?set=shortlisted").await.unwrap();
    let mut zip = unzip(&res.bytes().await.unwrap());
    let manifest = String::from_utf8(read(&mut zip, "manifest.csv")).unwrap();
    let entries: Vec<i64> =
        csv::Reader::from_reader(manifest.as_bytes()).records().map(|r| r.unwrap()[0].parse().unwrap()).collect();
    assert_eq!(entries, [first, second]);

    let res = get("?set=everything").await.unwrap();
    assert_eq!((res.status(), error_code(res).await.as_str()), (StatusCode::UNPROCESSABLE_ENTITY, "invalid_selection"));
    let res = moderator.get(app.url(&format!("/api/v1/contests/{slug}/originals.zip"))).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
}
