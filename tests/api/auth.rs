//! Accounts, sessions, roles and cross-site protection.

use reqwest::StatusCode;

use serde_json::json;

use crate::helpers::*;

#[tokio::test]
async fn a_participant_cannot_reach_staff_routes() {
    let app = TestApp::spawn().await;
    let admin = app.staff("admin@example.org", "admin").await;
    let slug = app.open_contest(&admin, "roles").await;
    let alice = app.participant("alice@example.org").await;
    let checks = [
        alice.get(app.url("/api/v1/moderation/queue")).send().await.unwrap(),
        alice.get(app.url(&format!("/api/v1/contests/{slug}/ranking"))).send().await.unwrap(),
        alice.get(app.url(&format!("/api/v1/contests/{slug}/rounds"))).send().await.unwrap(),
        app.create_round(
            &alice,
            &slug,
            &json!({
                "name": "Mine", "method": "yes_no", "opens_at": "2000-01-01T00:00:00Z",
                "closes_at": "2100-01-01T00:00:00Z", "jurors": [],
            }),
        )
        .await,
        alice.get(app.url(&format!("/api/v1/contests/{slug}/export.zip"))).send().await.unwrap(),
        app.create_contest(&alice, &contest_json("mine", 0, 100)).await,
        app.moderate(&alice, 1, "approve", None).await,
        app.assign_winner(&alice, &slug, "guide-t1", 1).await,
    ];
    for res in checks {
        assert_eq!(res.status(), StatusCode::FORBIDDEN, "{}", res.url());
        assert_eq!(error_code(res).await, "forbidden");
    }
    for path in ["/moderation", "/jury", "/admin"] {
        let res = alice.get(app.url(path)).send().await.unwrap();
        assert_eq!(res.status(), StatusCode::FORBIDDEN, "{path}");
        assert!(res.text().await.unwrap().contains("Votre rôle ne donne pas accès"));
    }
    // A juror does not moderate, a moderator does not judge.
    let juror = app.staff("jury@example.org", "jury").await;
    assert_eq!(juror.get(app.url("/api/v1/moderation/queue")).send().await.unwrap().status(), StatusCode::FORBIDDEN);
    let moderator = app.staff("mod@example.org", "moderator").await;
    let id = app.approved_entry(&alice, &moderator, &slug, 1).await;
    let round = app.jury_round(&admin, &slug, &["jury@example.org"]).await;
    let res = app.score(&moderator, round, id, 5).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN, "only the round's jurors mark");
    assert_eq!(app.score(&alice, round, id, 5).await.status(), StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn anonymous_visitors_are_asked_to_log_in() {
    let app = TestApp::spawn().await;
    let res = app.client().get(app.url("/api/v1/me")).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(error_code(res).await, "unauthenticated");
    let page = app.client().get(app.url("/moderation")).send().await.unwrap();
    assert_eq!(page.status(), StatusCode::SEE_OTHER);
    assert_eq!(page.headers()["location"], "/login?next=%2Fmoderation");
}

#[tokio::test]
async fn magic_links_work_once_and_sessions_rotate() {
    let app = TestApp::spawn().await;
    let client = app.client();
    app.request_magic_link(&client, "Carol@Example.org").await;
    let token = app.magic_token("carol@example.org").await;
    let res = app.verify(&client, &token).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let cookie = res.headers()["set-cookie"].to_str().unwrap().to_string();
    assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"), "{cookie}");
    let me: serde_json::Value = client.get(app.url("/api/v1/me")).send().await.unwrap().json().await.unwrap();
    assert_eq!(me["email"], "carol@example.org");
    assert_eq!(me["role"], "participant");

    // The link leads back where the visitor was going, on this site only.
    let res = client
        .post(app.url("/api/v1/auth/magic-link"))
        .json(&serde_json::json!({ "email": "carol@example.org", "next": "/e/42" }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::ACCEPTED);
    app.settle_mail().await;
    let mails: String =
        std::fs::read_dir(&app.outbox).unwrap().flatten().map(|f| std::fs::read_to_string(f.path()).unwrap()).collect();
    assert!(
        mails.replace("=\r\n", "").replace("=\n", "").contains("next=3D%2Fe%2F42"),
        "the emailed link keeps `next`"
    );
    let res = app.verify_with(&app.client(), &app.magic_token("carol@example.org").await, "/e/42").await;
    assert_eq!(res.headers()["location"], "/e/42");
    app.request_magic_link(&app.client(), "carol@example.org").await;
    let res = app.verify_with(&app.client(), &app.magic_token("carol@example.org").await, "//evil.example").await;
    assert_eq!(res.headers()["location"], "/");

    // The same link cannot be used twice.
    let again = app.verify(&app.client(), &token).await;
    assert_eq!(again.status(), StatusCode::BAD_REQUEST);

    // A new login replaces the session id; the old one no longer works.
    let old_id = cookie.split(';').next().unwrap().to_string();
    app.request_magic_link(&client, "carol@example.org").await;
    let res = app.verify(&client, &app.magic_token("carol@example.org").await).await;
    let new_id = res.headers()["set-cookie"].to_str().unwrap().split(';').next().unwrap().to_string();
    assert_ne!(old_id, new_id);
    let stale = app.client().get(app.url("/api/v1/me")).header("cookie", old_id).send().await.unwrap();
    assert_eq!(stale.status(), StatusCode::UNAUTHORIZED);

    // Logout ends the session server side.
    let res = client.post(app.url("/api/v1/auth/logout")).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    let after = app.client().get(app.url("/api/v1/me")).header("cookie", new_id).send().await.unwrap();
    assert_eq!(after.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn wrong_passwords_are_refused_and_rate_limited() {
    let app = TestApp::spawn().await;
    app.staff("admin@example.org", "admin").await;
    let client = app.client();
    let res = app.login(&client, "admin@example.org", "not the password").await;
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(error_code(res).await, "invalid_credentials");
    let res = app.login(&client, "nobody@example.org", "whatever whatever").await;
    assert_eq!(error_code(res).await, "invalid_credentials");
    let mut last = StatusCode::OK;
    for _ in 0..6 {
        last = app.login(&client, "admin@example.org", "still not it").await.status();
    }
    assert_eq!(last, StatusCode::TOO_MANY_REQUESTS);
    // Magic links too, per account.
    let mut last = StatusCode::OK;
    for _ in 0..6 {
        last = app.request_magic_link(&client, "dave@example.org").await.status();
    }
    assert_eq!(last, StatusCode::TOO_MANY_REQUESTS);
}

#[tokio::test]
async fn cross_site_posts_are_refused() {
    let app = TestApp::spawn().await;
    let admin = app.staff("admin@example.org", "admin").await;
    let slug = app.open_contest(&admin, "csrf").await;
    let evil = admin
        .post(app.url("/api/v1/contests"))
        .header("origin", "https://evil.example")
        .json(&contest_json("evil", 0, 100))
        .send()
        .await
        .unwrap();
    assert_eq!(evil.status(), StatusCode::FORBIDDEN);
    assert_eq!(error_code(evil).await, "cross_site_request");
    let fetch_meta = admin
        .put(app.url(&format!("/api/v1/contests/{slug}/covers/guide-t1/winner")))
        .header("sec-fetch-site", "cross-site")
        .json(&serde_json::json!({ "entry_id": 1 }))
        .send()
        .await
        .unwrap();
    assert_eq!(fetch_meta.status(), StatusCode::FORBIDDEN);
    let form = admin.post(app.url("/logout")).header("origin", "http://attacker.test").send().await.unwrap();
    assert_eq!(form.status(), StatusCode::FORBIDDEN);
    // Nothing was created.
    let res = admin.get(app.url("/api/v1/contests/evil")).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    // The same request from our own origin goes through.
    let ok = admin
        .post(app.url("/api/v1/contests"))
        .header("origin", app.address.clone())
        .header("sec-fetch-site", "same-origin")
        .json(&contest_json("fine", 0, 100))
        .send()
        .await
        .unwrap();
    assert_eq!(ok.status(), StatusCode::CREATED);
}

#[tokio::test]
async fn emails_speak_the_visitors_language() {
    let app = TestApp::spawn().await;
    let res = app
        .client()
        .post(app.url("/api/v1/auth/magic-link"))
        .header("accept-language", "en-GB,en;q=0.9")
        .json(&serde_json::json!({ "email": "erin@example.org" }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::ACCEPTED);
    app.request_magic_link(&app.client(), "fanny@example.org").await;
    assert!(app.newest_mail("erin@example.org").await.contains("sign-in code"));
    let fr = app.newest_mail("fanny@example.org").await;
    assert!(fr.contains("votre code de connexion") && fr.contains("Bonjour"), "{fr}");
}

#[tokio::test]
async fn cookies_are_secure_behind_https() {
    let app = TestApp::spawn_with(&[("public_url", "https://photos.example.org/")]).await;
    app.staff("admin@example.org", "admin").await;
    let res = app.login(&app.client(), "admin@example.org", PASSWORD).await;
    let cookie = res.headers()["set-cookie"].to_str().unwrap();
    assert!(cookie.contains("Secure") && cookie.contains("HttpOnly"), "{cookie}");
    // Links in emails use the public address.
    app.request_magic_link(&app.client(), "gil@example.org").await;
    app.settle_mail().await;
    let mail = std::fs::read_dir(&app.outbox)
        .unwrap()
        .flatten()
        .map(|f| std::fs::read_to_string(f.path()).unwrap())
        .collect::<String>();
    assert!(mail.replace("=\r\n", "").contains("https://photos.example.org/auth/verify?token"), "{mail}");
}

#[tokio::test]
async fn aliases_of_one_mailbox_sign_into_one_account_and_throwaway_addresses_are_refused() {
    let app = TestApp::spawn_with(&[("disposable_domains", "spam-me.example")]).await;
    let first = app.participant("a.lice@gmail.com").await;
    let me: serde_json::Value = first.get(app.url("/api/v1/me")).send().await.unwrap().json().await.unwrap();
    let alias = app.participant("alice+vote@googlemail.com").await;
    let again: serde_json::Value = alias.get(app.url("/api/v1/me")).send().await.unwrap().json().await.unwrap();
    assert_eq!(again["id"], me["id"], "one mailbox, one account (one vote)");
    assert_eq!(again["email"], "a.lice@gmail.com");
    let other = app.participant("alice@example.org").await;
    let other: serde_json::Value = other.get(app.url("/api/v1/me")).send().await.unwrap().json().await.unwrap();
    assert_ne!(other["id"], me["id"]);

    for address in ["someone@yopmail.com", "x@eu.mailinator.com", "y@spam-me.example"] {
        let res = app.request_magic_link(&app.client(), address).await;
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY, "{address}");
        assert_eq!(crate::helpers::error_code(res).await, "disposable_email");
    }
}

#[tokio::test]
async fn the_emailed_code_signs_in_once_in_another_browser() {
    let app = TestApp::spawn().await;
    // The browser that asks (an in-app browser) is not the one that will open the link.
    let asked = app.client();
    assert_eq!(app.request_magic_link(&asked, "gaelle@example.org").await.status(), StatusCode::ACCEPTED);
    let mail = app.newest_mail("gaelle@example.org").await;
    let code = app.login_code("gaelle@example.org").await;
    assert!(mail.contains(&code) && mail.contains("token="), "the e-mail carries the code and the link: {mail}");
    let typed = |code: &str| {
        let (app, asked) = (&app, &asked);
        let code = code.to_string();
        async move {
            asked
                .post(app.url("/api/v1/auth/code"))
                .json(&json!({ "email": "Gaelle@Example.org", "code": code }))
                .send()
                .await
                .unwrap()
        }
    };
    let res = typed(&code.replace(' ', "")).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.json::<serde_json::Value>().await.unwrap()["role"], "participant");
    assert_eq!(asked.get(app.url("/api/v1/me")).send().await.unwrap().status(), StatusCode::OK);
    // Once: the same code again is refused, and so is the link of that e-mail.
    let again = typed(&code).await;
    assert_eq!(again.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(again.json::<serde_json::Value>().await.unwrap()["error"]["code"], "invalid_code");
    let token = app.magic_token("gaelle@example.org").await;
    let other = app.client();
    let res = other.get(app.url(&format!("/auth/verify?token={token}"))).send().await.unwrap();
    assert_ne!(res.status(), StatusCode::SEE_OTHER, "the link of a used code is used too");
    // A malformed code is said as such, before any try is counted.
    let res = typed("12 34").await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(res.json::<serde_json::Value>().await.unwrap()["error"]["code"], "invalid_code_format");
}

#[tokio::test]
async fn a_code_survives_few_wrong_tries_and_only_the_newest_counts() {
    let app = TestApp::spawn().await;
    let email = "hugo@example.org";
    let try_code = |code: String| {
        let app = &app;
        async move {
            let res = app
                .client()
                .post(app.url("/api/v1/auth/code"))
                .json(&json!({ "email": email, "code": code }))
                .send()
                .await
                .unwrap();
            let status = res.status();
            (status, res.json::<serde_json::Value>().await.unwrap()["error"]["code"].as_str().unwrap_or("").to_string())
        }
    };
    let wrong = |code: &str| format!("{:06}", (code.replace(' ', "").parse::<u32>().unwrap() + 1) % 1_000_000);
    let refused = (StatusCode::UNAUTHORIZED, "invalid_code".to_string());
    // A second e-mail takes the code away from the first (its link still works).
    app.request_magic_link(&app.client(), email).await;
    let first = app.login_code(email).await;
    std::thread::sleep(std::time::Duration::from_millis(20));
    app.request_magic_link(&app.client(), email).await;
    let second = app.login_code(email).await;
    assert_ne!(first, second);
    assert_eq!(try_code(first.clone()).await, refused, "the older e-mail's code");
    // Four more wrong codes make five: the right one no longer works either.
    for _ in 0..4 {
        assert_eq!(try_code(wrong(&second)).await, refused);
    }
    assert_eq!(try_code(second.clone()).await, refused, "five wrong tries end a code");
    // A new e-mail brings a new code, but an address takes ten wrong codes an hour, whatever
    // the number of e-mails.
    std::thread::sleep(std::time::Duration::from_millis(20));
    app.request_magic_link(&app.client(), email).await;
    let third = app.login_code(email).await;
    for _ in 0..5 {
        assert_eq!(try_code(wrong(&third)).await, refused);
    }
    let (status, code) = try_code(third.clone()).await;
    assert_eq!((status, code.as_str()), (StatusCode::TOO_MANY_REQUESTS, "rate_limited"));
}

#[tokio::test]
async fn the_sign_in_pages_ask_an_email_then_its_code_and_keep_what_was_typed() {
    let app = TestApp::spawn().await;
    let browser = app.client();
    // The first page asks an e-mail only; the team's password is behind « Accès équipe ».
    let (status, page) = app.page_in(&browser, "/login?next=/me", "fr").await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("Accès équipe") && page.contains("href=\"/login/team?next=%2Fme\""), "{page}");
    assert!(!page.contains("type=\"password\""), "no password field for participants");
    let (_, team) = app.page_in(&browser, "/login/team", "fr").await;
    assert!(team.contains("type=\"password\"") && team.contains("action=\"/login/password\""));
    // A wrong address is said beside the field, with what was typed.
    let res = app.post_form(&browser, "/login/magic-link", "fr", &[("email", "gaelle@"), ("next", "/me")]).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = res.text().await.unwrap();
    assert!(page.contains("id=\"email-error\"") && page.contains("n&#39;est pas valide"), "{page}");
    assert!(page.contains("value=\"gaelle@\"") && page.contains("aria-invalid=\"true\""), "{page}");
    // A good one: the e-mail goes, the page asks its code, naming where it went.
    let res =
        app.post_form(&browser, "/login/magic-link", "fr", &[("email", "gaelle@example.org"), ("next", "/me")]).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(res.headers()["location"], "/login/code?next=%2Fme");
    let (_, page) = app.page_in(&browser, "/login/code?next=%2Fme", "fr").await;
    assert!(page.contains("envoyé à gaelle@example.org") && page.contains("autocomplete=\"one-time-code\""), "{page}");
    // A wrong code: said beside the field, the code kept, nothing else lost.
    let code = app.login_code("gaelle@example.org").await;
    let wrong = format!("{:06}", (code.replace(' ', "").parse::<u32>().unwrap() + 1) % 1_000_000);
    let res = app
        .post_form(&browser, "/login/code", "fr", &[("email", "gaelle@example.org"), ("code", &wrong), ("next", "/me")])
        .await;
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    let page = res.text().await.unwrap();
    assert!(page.contains("id=\"code-error\"") && page.contains("Ce code est faux"), "{page}");
    assert!(page.contains(&format!("value=\"{wrong}\"")), "{page}");
    // The right code signs in and goes on.
    let res = app
        .post_form(&browser, "/login/code", "fr", &[("email", "gaelle@example.org"), ("code", &code), ("next", "/me")])
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(res.headers()["location"], "/me");
    assert_eq!(browser.get(app.url("/api/v1/me")).send().await.unwrap().status(), StatusCode::OK);
    // A wrong team password keeps the address typed.
    let res = app
        .post_form(&app.client(), "/login/password", "en", &[("email", "boss@example.org"), ("password", "nope")])
        .await;
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    let page = res.text().await.unwrap();
    assert!(page.contains("value=\"boss@example.org\"") && page.contains("id=\"team-error\""), "{page}");
}
