//! The team invited by email (API and page), roles taken back, and the list of people with
//! erasure on request after a confirmation page.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::{PASSWORD, TestApp, entry_fields, error_code, jpeg};

async fn invite(app: &TestApp, admin: &reqwest::Client, email: &str, role: &str) -> reqwest::Response {
    admin
        .post(app.url("/api/v1/admin/invitations"))
        .json(&json!({ "email": email, "role": role }))
        .send()
        .await
        .unwrap()
}

async fn staff(app: &TestApp, admin: &reqwest::Client) -> Vec<Value> {
    let res = admin.get(app.url("/api/v1/admin/staff")).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    res.json().await.unwrap()
}

async fn remove_role(app: &TestApp, admin: &reqwest::Client, id: i64) -> reqwest::Response {
    admin.delete(app.url(&format!("/api/v1/admin/staff/{id}/role"))).send().await.unwrap()
}

async fn me(app: &TestApp, client: &reqwest::Client) -> Value {
    client.get(app.url("/api/v1/me")).send().await.unwrap().json().await.unwrap()
}

async fn people(app: &TestApp, admin: &reqwest::Client, query: &str) -> Value {
    let res = admin.get(app.url(&format!("/api/v1/admin/users{query}"))).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    res.json().await.unwrap()
}

#[tokio::test]
async fn an_invited_juror_signs_in_from_the_email_and_loses_the_role_when_an_admin_takes_it_back() {
    let app = TestApp::spawn().await;
    let admin = app.staff("admin@example.org", "admin").await;
    let admin_id = me(&app, &admin).await["id"].as_i64().unwrap();

    let res = admin
        .post(app.url("/api/v1/admin/invitations"))
        .header("Accept-Language", "en")
        .json(&json!({ "email": " Juror@Example.org ", "role": "jury" }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::CREATED, "{}", res.text().await.unwrap());
    let juror: Value = res.json().await.unwrap();
    assert_eq!((juror["email"].as_str(), juror["role"].as_str()), (Some("juror@example.org"), Some("jury")));
    let juror_id = juror["id"].as_i64().unwrap();

    // The email, in the inviting admin's language for a new account, carries a sign-in link to
    // the jury's pages.
    let mail = app.newest_mail("juror@example.org").await;
    assert!(mail.contains("You are invited to the photo contest"), "{mail}");
    assert!(mail.contains("valid for 7 days") && mail.contains("next=%2Fjury"), "{mail}");
    // The link as emailed (its path: the test server's port is not the public URL's).
    let link = mail.lines().find(|l| l.contains("/auth/verify?token=")).unwrap().trim();
    let path = &link[link.find("/auth/verify").unwrap()..];
    let client = app.client();
    let res = client.get(app.url(path)).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(res.headers()["location"], "/jury");
    assert_eq!(me(&app, &client).await["role"], "jury");
    let res = client.get(app.url("/jury")).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);

    // An existing participant becomes a moderator at once (their session sees it).
    let alice = app.participant("alice@example.org").await;
    assert_eq!(invite(&app, &admin, "alice@example.org", "moderator").await.status(), StatusCode::CREATED);
    assert_eq!(me(&app, &alice).await["role"], "moderator");
    assert!(app.newest_mail("alice@example.org").await.contains("next=%2Fmoderation"));

    let list = staff(&app, &admin).await;
    let roles: Vec<(&str, &str)> =
        list.iter().map(|m| (m["email"].as_str().unwrap(), m["role"].as_str().unwrap())).collect();
    assert_eq!(
        roles,
        [("admin@example.org", "admin"), ("juror@example.org", "jury"), ("alice@example.org", "moderator")]
    );

    // Refusals.
    assert_eq!(error_code(invite(&app, &admin, "bob@example.org", "participant").await).await, "invalid_role");
    assert_eq!(error_code(invite(&app, &admin, "bob@example.org", "root").await).await, "invalid_role");
    assert_eq!(error_code(invite(&app, &admin, "not-an-address", "jury").await).await, "invalid_email");
    assert_eq!(error_code(invite(&app, &admin, "admin@example.org", "jury").await).await, "own_admin_role");
    assert_eq!(invite(&app, &client, "x@example.org", "jury").await.status(), StatusCode::FORBIDDEN);
    assert_eq!(client.get(app.url("/api/v1/admin/staff")).send().await.unwrap().status(), StatusCode::FORBIDDEN);

    // Taking the role back: a participant again, at once; not twice; never one's own.
    let res = remove_role(&app, &admin, juror_id).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.json::<Value>().await.unwrap()["role"], "participant");
    assert_eq!(me(&app, &client).await["role"], "participant");
    assert_eq!(client.get(app.url("/jury")).send().await.unwrap().status(), StatusCode::FORBIDDEN);
    assert_eq!(error_code(remove_role(&app, &admin, juror_id).await).await, "staff_not_found");
    assert_eq!(error_code(remove_role(&app, &admin, admin_id).await).await, "own_admin_role");
    assert_eq!(error_code(remove_role(&app, &admin, 999_999).await).await, "staff_not_found");
    assert!(!staff(&app, &admin).await.iter().any(|m| m["id"] == juror_id));

    // A moderator with a password loses it with the role.
    app.staff("mod@example.org", "moderator").await;
    let mod_id =
        staff(&app, &admin).await.iter().find(|m| m["email"] == "mod@example.org").unwrap()["id"].as_i64().unwrap();
    assert_eq!(remove_role(&app, &admin, mod_id).await.status(), StatusCode::OK);
    assert_eq!(app.login(&app.client(), "mod@example.org", PASSWORD).await.status(), StatusCode::UNAUTHORIZED);

    // Audited by id and role, without addresses.
    let invites = app.audit_details("staff.invite").await;
    assert_eq!(invites.len(), 2);
    assert_eq!(invites[0], json!({ "role": "jury", "before": "participant" }));
    assert_eq!(
        app.audit_details("staff.remove_role").await,
        [json!({ "before": "jury" }), json!({ "before": "moderator" })]
    );
    let lines = declic::testing::audit_page(app.probe.db.pool(), 0, 1000).await.unwrap();
    assert!(lines.iter().filter(|l| l.action.starts_with("staff.")).all(|l| !l.detail.contains('@')));
}

#[tokio::test]
async fn the_team_page_invites_lists_and_removes_in_the_readers_language() {
    let app = TestApp::spawn().await;
    let admin = app.staff("admin@example.org", "admin").await;
    let (status, page) = app.page_in(&admin, "/admin/staff", "en").await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("Team and jurors") && page.contains("admin@example.org") && page.contains("(you)"));

    let res =
        app.post_form(&admin, "/admin/staff/invite", "en", &[("email", "ines@example.org"), ("role", "admin")]).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(res.headers()["location"], "/admin/staff?invited=1");
    let (_, page) = app.page_in(&admin, "/admin/staff?invited=1", "fr").await;
    assert!(page.contains("Invitation envoyée.") && page.contains("ines@example.org"), "{page}");
    assert!(page.contains("<td>Administration</td>"));
    assert!(app.newest_mail("ines@example.org").await.contains("next=%2Fadmin"));

    // A refusal: the form again, with the reason and what was typed.
    let res = app.post_form(&admin, "/admin/staff/invite", "en", &[("email", "no address"), ("role", "jury")]).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = res.text().await.unwrap();
    assert!(page.contains("This email address is not valid.") && page.contains("value=\"no address\""), "{page}");
    assert!(page.contains(r#"<option value="jury" selected>"#));

    let ines = staff(&app, &admin).await.into_iter().find(|m| m["email"] == "ines@example.org").unwrap();
    let id = ines["id"].as_i64().unwrap();
    assert!(app.page_in(&admin, "/admin/staff", "en").await.1.contains(&format!("/admin/staff/{id}/remove")));
    let res = app.post_form(&admin, &format!("/admin/staff/{id}/remove"), "en", &[]).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert!(!staff(&app, &admin).await.iter().any(|m| m["id"] == id));

    let moderator = app.staff("mod@example.org", "moderator").await;
    assert_eq!(app.page_in(&moderator, "/admin/staff", "en").await.0, StatusCode::FORBIDDEN);
    assert_eq!(app.page_in(&moderator, "/admin/users", "en").await.0, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn people_are_found_by_address_or_name_a_page_at_a_time_and_erased_after_confirmation() {
    let app = TestApp::spawn().await;
    let admin = app.staff("admin@example.org", "admin").await;
    let slug = app.open_contest(&admin, "personnes").await;
    let alice = app.participant("alice@example.org").await;
    let res = alice.patch(app.url("/api/v1/me")).json(&json!({ "display_name": "Alice Martin" })).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    for seed in 0..2 {
        let res = app.submit(&alice, &slug, jpeg(40, 30, seed), &entry_fields()).await;
        assert_eq!(res.status(), StatusCode::ACCEPTED);
    }
    app.participant("bob@example.org").await;
    for i in 0..55 {
        app.session_cookie(&format!("voter{i:02}@example.org")).await;
    }

    // By address, any case; by name; `%` and `_` are plain characters.
    let found = people(&app, &admin, "?q=ALICE").await;
    assert_eq!(found["people"].as_array().unwrap().len(), 1);
    let a = &found["people"][0];
    assert_eq!(
        (a["email"].as_str(), a["entries"].as_i64(), a["role"].as_str()),
        (Some("alice@example.org"), Some(2), Some("participant"))
    );
    let alice_id = a["id"].as_i64().unwrap();
    assert_eq!(people(&app, &admin, "?q=martin").await["people"][0]["id"], alice_id);
    assert!(people(&app, &admin, "?q=%25").await["people"].as_array().unwrap().is_empty());
    assert!(people(&app, &admin, "?q=voter_1").await["people"].as_array().unwrap().is_empty());
    assert_eq!(people(&app, &admin, "?q=voter1").await["people"].as_array().unwrap().len(), 10);

    // 58 accounts: 50, then 8.
    let first = people(&app, &admin, "").await;
    assert_eq!(first["people"].as_array().unwrap().len(), 50);
    let next = first["next"].as_i64().unwrap();
    let second = people(&app, &admin, &format!("?after={next}")).await;
    assert_eq!(second["people"].as_array().unwrap().len(), 8);
    assert!(second["next"].is_null());
    let (_, page) = app.page_in(&admin, "/admin/users", "en").await;
    assert!(page.contains(&format!("/admin/users?q=&#38;after={next}")) && page.contains("Next page"), "{page}");

    // The page: search, then erase after a confirmation step.
    let (status, page) = app.page_in(&admin, "/admin/users?q=alice", "en").await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("<td>alice@example.org</td><td>Alice Martin</td><td>Participant</td><td>2</td>"), "{page}");
    assert!(page.contains(&format!("href=\"/admin/users/{alice_id}/erase\"")));
    assert!(!page.contains("bob@example.org"));
    let (_, page) = app.page_in(&admin, "/admin/users?q=admin", "en").await;
    assert!(page.contains("admin@example.org") && !page.contains("/erase\""), "no erase button for staff");

    let (status, confirm) = app.page_in(&admin, &format!("/admin/users/{alice_id}/erase"), "en").await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        confirm.contains("Account: alice@example.org") && confirm.contains("Their 2 photos will be withdrawn"),
        "{confirm}"
    );
    assert!(confirm.contains(&format!("action=\"/admin/users/{alice_id}/erase\"")));
    assert!(me(&app, &alice).await["email"] == "alice@example.org", "nothing happens before confirming");

    let res = app.post_form(&admin, &format!("/admin/users/{alice_id}/erase"), "en", &[]).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(res.headers()["location"], "/admin/users?erased=2&kept=0");
    let (_, page) = app.page_in(&admin, "/admin/users?erased=2&kept=0", "en").await;
    assert!(page.contains("Person erased: 2 photos withdrawn, 0 cover photos kept"), "{page}");
    let erased = declic::testing::user(app.probe.db.pool(), alice_id).await.unwrap().unwrap();
    assert!(erased.is_erased());
    assert!(people(&app, &admin, "?q=alice").await["people"].as_array().unwrap().is_empty());
    assert_eq!(app.audit_details("user.erase").await.len(), 1);
    assert_eq!(app.page_in(&admin, &format!("/admin/users/{alice_id}/erase"), "en").await.0, StatusCode::NOT_FOUND);
    let admin_id = me(&app, &admin).await["id"].as_i64().unwrap();
    assert_eq!(app.page_in(&admin, &format!("/admin/users/{admin_id}/erase"), "en").await.0, StatusCode::FORBIDDEN);
}
