//! "My entries": a participant changes an entry's title and description until it is moderated.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::*;

async fn edit(app: &TestApp, client: &reqwest::Client, id: i64, title: &str, description: &str) -> reqwest::Response {
    client
        .patch(app.url(&format!("/api/v1/entries/{id}")))
        .json(&json!({ "title": title, "description": description }))
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn an_entry_can_be_edited_by_its_owner_until_it_is_moderated() {
    let app = TestApp::spawn().await;
    let admin = app.staff("admin@example.org", "admin").await;
    let moderator = app.staff("mod@example.org", "moderator").await;
    let slug = app.open_contest(&admin, "edits").await;
    let alice = app.participant("alice@example.org").await;
    let bob = app.participant("bob@example.org").await;
    let res = app.submit(&alice, &slug, jpeg(320, 240, 1), &entry_fields()).await;
    let id = res.json::<Value>().await.unwrap()["id"].as_i64().unwrap();
    app.wait_processed(&alice, id).await;

    let res = edit(&app, &alice, id, "Le tram au matin", "Un tram dans la brume, quai désert.").await;
    assert_eq!(res.status(), StatusCode::OK);
    let v: Value = res.json().await.unwrap();
    assert_eq!((v["title"].as_str(), v["status"].as_str()), (Some("Le tram au matin"), Some("pending")));
    assert_eq!(v["description"], "Un tram dans la brume, quai désert.");

    assert_eq!(error_code(edit(&app, &alice, id, "  ", "x").await).await, "invalid_title");
    let res = edit(&app, &bob, id, "Volé", "Pas à moi").await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    let res = edit(&app, &app.client(), id, "Anonyme", "Personne").await;
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);

    // The page form does the same.
    let res = alice
        .post(app.url(&format!("/me/entries/{id}")))
        .form(&[("title", "Brume sur la ligne 1"), ("description", "Le premier tram du matin.")])
        .send()
        .await
        .unwrap();
    assert!(res.status().is_success() || res.status().is_redirection(), "{}", res.status());
    let page = alice.get(app.url("/me")).send().await.unwrap().text().await.unwrap();
    assert!(page.contains("Brume sur la ligne 1") && page.contains("Modifier le titre"), "{page}");

    // Once moderated, what was approved is what gets published.
    assert!(app.moderate(&moderator, id, "approve", None).await.status().is_success());
    let res = edit(&app, &alice, id, "Trop tard", "Après modération").await;
    assert_eq!(res.status(), StatusCode::CONFLICT);
    assert_eq!(error_code(res).await, "entry_locked");
    let v: Value = app.entry(&alice, id).await.json().await.unwrap();
    assert_eq!(v["title"], "Brume sur la ligne 1");
    let page = alice.get(app.url("/me")).send().await.unwrap().text().await.unwrap();
    assert!(!page.contains("Modifier le titre"), "no edit form once moderated");
}
