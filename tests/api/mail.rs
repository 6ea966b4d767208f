//! E-mail as it arrives: whole headers, the reader's language, links that work; sent through the
//! job queue (its text not kept once sent), retried while the mail server fails, and shown to
//! administrators until it leaves. CI runs this module once more against a real SMTP server
//! (scripts/smtp-sink.py, `DECLIC_TEST_SMTP`).

use reqwest::StatusCode;
use serde_json::json;

use crate::helpers::TestApp;

/// The value of header `name` in a raw message (first occurrence, unfolded).
fn header<'a>(mail: &'a str, name: &str) -> Option<&'a str> {
    mail.lines().take_while(|l| !l.trim().is_empty()).find_map(|l| {
        let (k, v) = l.split_once(':')?;
        k.eq_ignore_ascii_case(name).then(|| v.trim())
    })
}

/// A MIME encoded-word header decoded (`=?utf-8?b?…?=` parts), enough for our subjects.
fn decoded(value: &str) -> String {
    use base64::Engine;
    value
        .split(' ')
        .map(|w| match w.strip_prefix("=?utf-8?b?").and_then(|w| w.strip_suffix("?=")) {
            Some(b64) => String::from_utf8(base64::engine::general_purpose::STANDARD.decode(b64).unwrap()).unwrap(),
            None => w.to_string(),
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// The newest message to `to` exactly as it was written or received (not decoded).
async fn raw_mail(app: &TestApp, to: &str) -> String {
    app.settle_mail().await;
    let mut newest: Option<(std::time::SystemTime, String)> = None;
    for f in std::fs::read_dir(&app.outbox).unwrap().flatten() {
        let text = std::fs::read_to_string(f.path()).unwrap();
        let modified = f.metadata().unwrap().modified().unwrap();
        if header(&text, "To") == Some(to) && newest.as_ref().is_none_or(|(t, _)| modified >= *t) {
            newest = Some((modified, text));
        }
    }
    newest.expect("a message").1
}

#[tokio::test]
async fn a_sign_in_email_arrives_whole_in_the_readers_language_and_its_link_works() {
    let app = TestApp::spawn().await;
    for (lang, email, subject, line) in [
        ("fr", "flore@example.org", "votre code de connexion", "Pour vous connecter"),
        ("en", "eddie@example.org", "is your", "To sign in, type this code"),
    ] {
        let client = app.client();
        let res = client
            .post(app.url("/api/v1/auth/magic-link"))
            .header("Accept-Language", lang)
            .json(&json!({ "email": email, "next": "/me" }))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::ACCEPTED);
        let mail = raw_mail(&app, email).await;
        assert_eq!(header(&mail, "To"), Some(email), "{mail}");
        let from = decoded(header(&mail, "From").unwrap());
        assert!(from.starts_with("Déclic <") && from.ends_with('>'), "{from}");
        let subject_line = decoded(header(&mail, "Subject").unwrap());
        let code = app.login_code(email).await;
        assert!(subject_line.contains(&code) && subject_line.contains(subject), "{subject_line}");
        for name in ["Date", "Message-ID", "MIME-Version"] {
            assert!(header(&mail, name).is_some_and(|v| !v.is_empty()), "{name} in {mail}");
        }
        assert_eq!(header(&mail, "Content-Type"), Some("text/plain; charset=utf-8"));
        let text = app.newest_mail(email).await;
        assert!(text.contains(line), "{lang}: {text}");
        // The link is absolute, on the public address, and signs in.
        let base = app.settings.public_url.as_str();
        assert!(text.contains(&format!("{base}auth/verify?token")), "{text}");
        let token = app.magic_token(email).await;
        let res = app.verify_with(&client, &token, "/me").await;
        assert_eq!(res.status(), StatusCode::SEE_OTHER);
        assert_eq!(res.headers()["location"], "/me");
        assert_eq!(client.get(app.url("/api/v1/me/entries")).send().await.unwrap().status(), StatusCode::OK);
    }
    // Once sent, a message's text (its link and code) is not kept in the queue.
    let kept: Vec<String> = sqlx::query_scalar("SELECT payload FROM jobs WHERE kind = 'send_mail'")
        .fetch_all(app.probe.db.pool())
        .await
        .unwrap();
    assert_eq!(kept, ["{}", "{}"]);
}

#[tokio::test]
async fn a_mail_server_that_fails_is_retried_and_shown_to_administrators() {
    // A port nobody listens on.
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port().to_string();
    let app = TestApp::spawn_with(&[("smtp_host", "127.0.0.1"), ("smtp_port", &port), ("smtp_tls", "none")]).await;
    let admin = app.staff("admin@example.org", "admin").await;
    // The request is answered: the message waits in the queue, nothing is lost.
    let res = app.request_magic_link(&app.client(), "carol@example.org").await;
    assert_eq!(res.status(), StatusCode::ACCEPTED);
    app.settle_mail().await;
    let tries: Vec<(String, i64)> = sqlx::query_as("SELECT status, failures FROM jobs WHERE kind = 'send_mail'")
        .fetch_all(app.probe.db.pool())
        .await
        .unwrap();
    assert!(matches!(tries.as_slice(), [(status, n)] if status == "queued" && *n >= 1), "retried later: {tries:?}");

    let (status, page) = app.page_in(&admin, "/admin", "fr").await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("E-mails non remis") && page.contains("à carol@example.org"), "{page}");
    assert!(page.contains("votre code de connexion") && page.contains("nouvel essai prévu"), "{page}");
    assert!(page.contains("••• ••• : votre code de connexion"), "the code is hidden from staff: {page}");
    let id: i64 = sqlx::query_scalar("SELECT id FROM jobs WHERE kind = 'send_mail'")
        .fetch_one(app.probe.db.pool())
        .await
        .unwrap();
    let participant = app.session_cookie("dan@example.org").await;
    let resend = format!("/admin/mail/{id}/resend");
    let res = app.client().post(app.url(&resend)).header("Cookie", participant).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let res = admin.post(app.url(&resend)).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let audit = declic::testing::audit_for_subject(app.probe.db.pool(), &format!("job:{id}")).await.unwrap();
    assert_eq!(audit.iter().map(|a| a.action.as_str()).collect::<Vec<_>>(), ["mail.resend"]);
    let res = admin.post(app.url("/admin/mail/999999/resend")).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
}
