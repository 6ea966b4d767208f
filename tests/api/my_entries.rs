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

#[tokio::test]
async fn a_withdrawn_entry_leaves_the_gallery_and_its_files_go_unless_shared() {
    let app = TestApp::spawn().await;
    let admin = app.staff("admin@example.org", "admin").await;
    let moderator = app.staff("mod@example.org", "moderator").await;
    let slug = app.open_contest(&admin, "withdrawals").await;
    let alice = app.participant("alice@example.org").await;
    let bob = app.participant("bob@example.org").await;
    let storage = &app.probe.storage;
    let original_key = |bytes: &[u8]| {
        declic::testing::BlobKey::original(&declic::testing::Blake3Hash::from_hash(&blake3::hash(bytes)))
    };
    let submit = async |client: &reqwest::Client, photo: Vec<u8>| {
        let res = app.submit(client, &slug, photo, &entry_fields()).await;
        assert_eq!(res.status(), StatusCode::ACCEPTED);
        let id = res.json::<Value>().await.unwrap()["id"].as_i64().unwrap();
        app.wait_processed(client, id).await;
        id
    };

    // Alice's own photo, approved and voted for, then withdrawn: gone with its files.
    let own = jpeg(320, 240, 1);
    let first = submit(&alice, own.clone()).await;
    assert!(app.moderate(&moderator, first, "approve", None).await.status().is_success());
    assert!(app.vote(&bob, first).await.status().is_success());
    let res = bob.delete(app.url(&format!("/api/v1/entries/{first}"))).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::NOT_FOUND, "only its author withdraws it");
    let res = alice.delete(app.url(&format!("/api/v1/entries/{first}"))).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    assert_eq!(app.entry(&alice, first).await.status(), StatusCode::NOT_FOUND);
    // Its votes leave the log with it (on PostgreSQL the vote log has no foreign key to cascade).
    let votes: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM votes WHERE entry_id = $1")
        .bind(first)
        .fetch_one(app.probe.db.pool())
        .await
        .unwrap();
    assert_eq!(votes, 0, "the withdrawn photo's votes are deleted");
    assert!(app.gallery(&bob, &slug, None).await["entries"].as_array().unwrap().is_empty());
    assert!(!storage.exists(&original_key(&own)).await.unwrap(), "original deleted");
    let hash = declic::testing::Blake3Hash::from_hash(&blake3::hash(&own));
    for file in declic::testing::RENDITION_FILES {
        let key = declic::testing::BlobKey::rendition(&hash, file).unwrap();
        assert!(!storage.exists(&key).await.unwrap(), "{file} deleted");
    }
    let mine: Value = alice.get(app.url("/api/v1/me/entries")).send().await.unwrap().json().await.unwrap();
    assert!(mine.as_array().unwrap().is_empty());

    // The same bytes sent by Bob too: Alice withdraws hers, Bob's entry keeps its files.
    let shared = jpeg(320, 240, 2);
    let hers = submit(&alice, shared.clone()).await;
    let his = submit(&bob, shared.clone()).await;
    // The page asks first; only the author reaches the question.
    let ask = alice.get(app.url(&format!("/me/entries/{hers}/withdraw"))).send().await.unwrap();
    assert_eq!(ask.status(), StatusCode::OK);
    let ask = ask.text().await.unwrap();
    assert!(ask.contains(&format!("action=\"/me/entries/{hers}/withdraw\"")) && ask.contains("définitif"), "{ask}");
    let other = bob.get(app.url(&format!("/me/entries/{hers}/withdraw"))).send().await.unwrap();
    assert_eq!(other.status(), StatusCode::NOT_FOUND);
    let res = alice.post(app.url(&format!("/me/entries/{hers}/withdraw"))).send().await.unwrap();
    assert!(res.status().is_success() || res.status().is_redirection(), "{}", res.status());
    assert!(storage.exists(&original_key(&shared)).await.unwrap(), "still Bob's original");
    let v: Value = app.entry(&bob, his).await.json().await.unwrap();
    assert_eq!(v["status"], "pending");
    let w400 = v["renditions"].as_array().unwrap().iter().find(|r| r["variant"] == "w400.jpg").unwrap()["url"].clone();
    let res = bob.get(app.url(w400.as_str().unwrap())).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK, "Bob's renditions still served");

    // A photo chosen for a cover stays.
    let winner = submit(&alice, jpeg(320, 240, 3)).await;
    assert!(app.moderate(&moderator, winner, "approve", None).await.status().is_success());
    assert!(app.assign_winner(&admin, &slug, "guide-t1", winner).await.status().is_success());
    let res = alice.delete(app.url(&format!("/api/v1/entries/{winner}"))).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::CONFLICT);
    assert_eq!(error_code(res).await, "entry_is_winner");
}

#[tokio::test]
async fn a_participant_chooses_the_name_they_are_credited_with() {
    let app = TestApp::spawn().await;
    let admin = app.staff("admin@example.org", "admin").await;
    let moderator = app.staff("mod@example.org", "moderator").await;
    let slug = app.open_contest(&admin, "credits").await;
    let alice = app.participant("alice.martin@example.org").await;
    let set = async |name: Value| {
        alice.patch(app.url("/api/v1/me")).json(&json!({ "display_name": name })).send().await.unwrap()
    };

    let res = set(json!("  Léa des Rails ")).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.json::<Value>().await.unwrap()["display_name"], "Léa des Rails");
    let res = app.submit(&alice, &slug, jpeg(320, 240, 1), &entry_fields()).await;
    let id = res.json::<Value>().await.unwrap()["id"].as_i64().unwrap();
    app.wait_processed(&alice, id).await;
    assert!(app.moderate(&moderator, id, "approve", None).await.status().is_success());
    let public: Value = app.entry(&app.client(), id).await.json().await.unwrap();
    assert_eq!(public["author"], "Léa des Rails");

    assert_eq!(error_code(set(json!("x".repeat(61))).await).await, "invalid_display_name");
    assert_eq!(error_code(set(json!("deux\nlignes")).await).await, "invalid_display_name");
    assert_eq!(app.client().patch(app.url("/api/v1/me")).json(&json!({})).send().await.unwrap().status(), 401);

    // Cleared: no credit, shown as a neutral « Anonyme », never the address. The page form
    // sets one again.
    assert_eq!(set(Value::Null).await.status(), StatusCode::OK);
    let public: Value = app.entry(&app.client(), id).await.json().await.unwrap();
    assert_eq!((public["author"].clone(), public["credit_missing"].clone()), (Value::Null, Value::Bool(true)));
    let page = app.client().get(app.url(&format!("/e/{id}"))).send().await.unwrap().text().await.unwrap();
    assert!(page.contains("Photo d’Anonyme") || page.contains("Photo by Anonymous"), "{page}");
    assert!(!page.contains("alice.martin"), "{page}");
    let res = alice.post(app.url("/me/name")).form(&[("display_name", "L. Martin")]).send().await.unwrap();
    assert!(res.status().is_success() || res.status().is_redirection(), "{}", res.status());
    let page = alice.get(app.url("/me")).send().await.unwrap().text().await.unwrap();
    assert!(page.contains("L. Martin"), "{page}");
}

#[tokio::test]
async fn the_owner_learns_whether_a_photo_is_sharp_enough_for_a_printed_cover() {
    let app = TestApp::spawn().await;
    let admin = app.staff("admin@example.org", "admin").await;
    let moderator = app.staff("mod@example.org", "moderator").await;
    let slug = app.open_contest(&admin, "print").await; // cover: 148×210 mm + 3 mm bleed at 300 dpi
    let alice = app.participant("alice@example.org").await;
    let mut views = Vec::new();
    for photo in [jpeg(320, 240, 1), jpeg(2000, 2600, 2)] {
        let res = app.submit(&alice, &slug, photo, &entry_fields()).await;
        let id = res.json::<Value>().await.unwrap()["id"].as_i64().unwrap();
        views.push(app.wait_processed(&alice, id).await);
    }
    assert_eq!(views[0]["print_ready"], false, "{}", views[0]);
    assert_eq!(views[1]["print_ready"], true, "{}", views[1]);
    let page = alice.get(app.url("/me")).send().await.unwrap().text().await.unwrap();
    assert_eq!(page.matches("Résolution trop faible").count(), 1);
    let id = views[0]["id"].as_i64().unwrap();
    assert!(app.moderate(&moderator, id, "approve", None).await.status().is_success());
    let public: Value = app.entry(&app.client(), id).await.json().await.unwrap();
    assert!(public["print_ready"].is_null(), "owner and staff only");
}

#[tokio::test]
async fn an_entry_names_its_place_from_the_contest_list_or_freely() {
    let app = TestApp::spawn().await;
    let admin = app.staff("admin@example.org", "admin").await;
    let mut body = contest_json("lines", -3600, 86_400);
    body["places"] = json!(["Ligne 1", "Ligne 2", "Ligne 1"]);
    let res = app.create_contest(&admin, &body).await;
    assert_eq!(error_code(res).await, "invalid_place", "listed twice");
    body["places"] = json!(["Ligne 1", "Ligne 2"]);
    assert_eq!(app.create_contest(&admin, &body).await.status(), StatusCode::CREATED);
    let free = app.open_contest(&admin, "anywhere").await;
    let alice = app.participant("alice@example.org").await;
    let contest: Value = alice.get(app.url("/api/v1/contests/lines")).send().await.unwrap().json().await.unwrap();
    assert_eq!(contest["places"], json!(["Ligne 1", "Ligne 2"]));
    let page = alice.get(app.url("/c/lines")).send().await.unwrap().text().await.unwrap();
    assert!(page.contains("<option value=\"Ligne 2\">"), "a list to choose from");

    let res = app.submit(&alice, "lines", jpeg(320, 240, 1), &with_place("Ligne 9")).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(error_code(res).await, "unknown_place");
    let res = app.submit(&alice, "lines", jpeg(320, 240, 1), &with_place("Ligne 2")).await;
    let id = res.json::<Value>().await.unwrap()["id"].as_i64().unwrap();
    assert_eq!(app.entry(&alice, id).await.json::<Value>().await.unwrap()["place"], "Ligne 2");

    let long = "x".repeat(121);
    assert_eq!(
        error_code(app.submit(&alice, &free, jpeg(320, 240, 2), &with_place(&long)).await).await,
        "invalid_place"
    );
    let res = app.submit(&alice, &free, jpeg(320, 240, 2), &with_place("  Gare Sud, quai B ")).await;
    let id = res.json::<Value>().await.unwrap()["id"].as_i64().unwrap();
    assert_eq!(app.entry(&alice, id).await.json::<Value>().await.unwrap()["place"], "Gare Sud, quai B");
    let res = app.submit(&alice, &free, jpeg(320, 240, 3), &entry_fields()).await;
    let id = res.json::<Value>().await.unwrap()["id"].as_i64().unwrap();
    assert!(app.entry(&alice, id).await.json::<Value>().await.unwrap()["place"].is_null(), "optional");
}

/// The usual entry fields plus a place.
fn with_place(place: &str) -> Vec<(&str, &str)> {
    let mut fields = entry_fields();
    fields.push(("place", place));
    fields
}
