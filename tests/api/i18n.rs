//! Languages: French by default, English from `Accept-Language` or the switch; pages, errors on
//! pages and emails follow.

use reqwest::StatusCode;

use crate::helpers::{TestApp, entry_fields, jpeg};

async fn page(client: &reqwest::Client, url: &str, accept: Option<&str>) -> String {
    let mut req = client.get(url);
    if let Some(a) = accept {
        req = req.header("Accept-Language", a);
    }
    req.send().await.unwrap().text().await.unwrap()
}

#[tokio::test]
async fn pages_speak_the_visitors_language() {
    let app = TestApp::spawn().await;
    let admin = app.staff("admin@example.org", "admin").await;
    let slug = app.open_contest(&admin, "langues").await;
    let c = app.client();

    let fr = page(&c, &app.url("/"), None).await;
    assert!(fr.contains("<html lang=\"fr\">") && fr.contains("Concours photo") && fr.contains(">English<"), "{fr}");
    let en = page(&c, &app.url("/"), Some("en-GB,en;q=0.9,fr;q=0.4")).await;
    assert!(en.contains("<html lang=\"en\">") && en.contains("Photo contests") && en.contains(">Français<"), "{en}");

    let contest = page(&c, &app.url(&format!("/c/{slug}")), Some("en")).await;
    assert!(contest.contains("Sign in with your email") && contest.contains("Read the full rules"), "{contest}");
    let missing = c.get(app.url("/c/nope")).header("Accept-Language", "en").send().await.unwrap();
    assert_eq!(missing.status(), StatusCode::NOT_FOUND);
    assert!(missing.text().await.unwrap().contains("This contest does not exist."));

    // The switch remembers the choice and goes back to the page it was on.
    let res = c
        .post(app.url("/lang"))
        .header("Referer", app.url(&format!("/c/{slug}/gallery")))
        .form(&[("lang", "en")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(res.headers()["location"], format!("/c/{slug}/gallery"));
    let gallery = page(&c, &app.url(&format!("/c/{slug}/gallery")), Some("fr")).await;
    assert!(
        gallery.contains("lang=\"en\"") && gallery.contains("No photo published yet."),
        "the cookie wins: {gallery}"
    );
    c.post(app.url("/lang")).form(&[("lang", "fr"), ("next", "/")]).send().await.unwrap();
    assert!(page(&c, &app.url("/"), Some("en")).await.contains("lang=\"fr\""));
}

#[tokio::test]
async fn the_upload_page_is_translated_throughout() {
    let app = TestApp::spawn().await;
    let admin = app.staff("admin@example.org", "admin").await;
    let slug = app.open_contest(&admin, "upload-texts").await;
    let alice = app.participant("alice@example.org").await;
    for (accept, expect) in
        [("fr", "Vos accords, une fois pour tout l&#39;envoi"), ("en", "Your agreement, once for the whole batch")]
    {
        let html = page(&alice, &app.url(&format!("/c/{slug}")), Some(accept)).await;
        assert!(html.contains(expect), "{accept}");
        // No message id shows through untranslated, and the script's texts are all there.
        for id in ["upload-", "consent-", "error-", "use-", "duration-"] {
            assert!(!html.contains(&format!(">{id}")), "{accept}: raw id {id} in {html}");
        }
        assert!(html.contains("id=\"upload-texts\"") && html.contains("\"quota_reached\":"), "{accept}");
        assert!(html.contains("name=\"agree\" type=\"checkbox\" value=\"on\""));
    }
}

#[tokio::test]
async fn emails_follow_the_readers_language() {
    let app = TestApp::spawn().await;
    let admin = app.staff("admin@example.org", "admin").await;
    let slug = app.open_contest(&admin, "emails").await;
    let anna = app.client();
    let res = anna
        .post(app.url("/api/v1/auth/magic-link"))
        .header("Accept-Language", "en-US")
        .json(&serde_json::json!({ "email": "anna@example.org" }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::ACCEPTED);
    let mail = app.newest_mail("anna@example.org").await;
    assert!(mail.contains("To sign in, type this code"), "{mail}");
    let token = app.magic_token("anna@example.org").await;
    let res =
        anna.get(app.url(&format!("/auth/verify?token={token}"))).header("Accept-Language", "en").send().await.unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER);

    let res = app.submit(&anna, &slug, jpeg(40, 30, 1), &entry_fields()).await;
    let id = res.json::<serde_json::Value>().await.unwrap()["id"].as_i64().unwrap();
    app.wait_processed(&anna, id).await;
    let moderator = app.staff("mod@example.org", "moderator").await;
    app.moderate(&moderator, id, "reject", Some("Photo floue")).await;
    app.decision_mails_now().await;
    let mail = app.newest_mail("anna@example.org").await;
    assert!(mail.contains("was not accepted by the moderators") && mail.contains("Reason: Photo floue"), "{mail}");

    // A French reader gets French.
    let bruno = app.participant("bruno@example.org").await;
    let res = app.submit(&bruno, &slug, jpeg(40, 30, 2), &entry_fields()).await;
    let id = res.json::<serde_json::Value>().await.unwrap()["id"].as_i64().unwrap();
    app.wait_processed(&bruno, id).await;
    app.moderate(&moderator, id, "approve", None).await;
    app.decision_mails_now().await;
    let mail = app.newest_mail("bruno@example.org").await;
    assert!(mail.contains("a été acceptée") && mail.contains("L'équipe Déclic"), "{mail}");
}
