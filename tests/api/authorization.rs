//! Every operation of the API document, as anonymous, participant, juror and moderator: where the
//! role may not act, 401 or 403 whatever the body (the role is checked before anything is read),
//! and each refusal is counted.

use reqwest::{Client, Method, StatusCode};
use serde_json::{Value, json};

use crate::helpers::*;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Who {
    /// Public.
    Anyone,
    /// Any signed-in person (each use case then says what they may do with what).
    SignedIn,
    Admin,
    /// Moderators and administrators.
    Moderator,
    /// Jurors, moderators and administrators (who sit on pre-selection rounds); each round then
    /// checks its members.
    Juror,
}

/// Who may call each operation of the document. A new operation must be added here.
const ROUTES: &[(&str, &str, Who)] = {
    use Who::*;
    &[
        ("delete", "/api/v1/admin/staff/{id}/role", Admin),
        ("get", "/api/v1/admin/staff", Admin),
        ("get", "/api/v1/admin/users", Admin),
        ("post", "/api/v1/admin/invitations", Admin),
        ("post", "/api/v1/admin/users/{id}/erase", Admin),
        ("get", "/api/v1/audit/verify", Admin),
        ("delete", "/api/v1/me", SignedIn),
        ("get", "/api/v1/me", SignedIn),
        ("patch", "/api/v1/me", SignedIn),
        ("get", "/api/v1/me/data.zip", SignedIn),
        ("get", "/api/v1/me/entries", SignedIn),
        ("post", "/api/v1/auth/login", Anyone),
        ("post", "/api/v1/auth/logout", Anyone),
        ("post", "/api/v1/auth/magic-link", Anyone),
        ("get", "/api/v1/contests", Anyone),
        ("post", "/api/v1/contests", Admin),
        ("get", "/api/v1/contests/{slug}", Anyone),
        ("patch", "/api/v1/contests/{slug}", Admin),
        ("get", "/api/v1/contests/{slug}/rules/{version}", Anyone),
        ("put", "/api/v1/contests/{slug}/rules", Admin),
        ("put", "/api/v1/contests/{slug}/logo", Admin),
        ("delete", "/api/v1/contests/{slug}/logo", Admin),
        ("put", "/api/v1/contests/{slug}/retention", Admin),
        ("put", "/api/v1/contests/{slug}/theme", Admin),
        ("post", "/api/v1/contests/{slug}/covers", Admin),
        ("post", "/api/v1/contests/{slug}/covers/notify", Admin),
        ("put", "/api/v1/contests/{slug}/covers/rules", Admin),
        ("get", "/api/v1/contests/{slug}/covers/sheet", Admin),
        ("get", "/api/v1/contests/{slug}/covers/contact-sheet.pdf", Admin),
        ("put", "/api/v1/contests/{slug}/covers/{slot}", Admin),
        ("delete", "/api/v1/contests/{slug}/covers/{slot}", Admin),
        ("get", "/api/v1/contests/{slug}/covers/{slot}/crop", Admin),
        ("put", "/api/v1/contests/{slug}/covers/{slot}/mockup", Admin),
        ("delete", "/api/v1/contests/{slug}/covers/{slot}/mockup", Admin),
        ("get", "/api/v1/contests/{slug}/covers/{slot}/mockup.png", Admin),
        ("get", "/api/v1/contests/{slug}/covers/{slot}/preview.jpg", Admin),
        ("put", "/api/v1/contests/{slug}/covers/{slot}/reserves", Admin),
        ("put", "/api/v1/contests/{slug}/covers/{slot}/winner", Admin),
        ("post", "/api/v1/contests/{slug}/covers/{slot}/withdraw", Admin),
        ("get", "/api/v1/contests/{slug}/export.zip", Admin),
        ("get", "/api/v1/contests/{slug}/gallery", Anyone),
        ("post", "/api/v1/contests/{slug}/entries", SignedIn),
        ("post", "/api/v1/contests/{slug}/uploads", SignedIn),
        ("patch", "/api/v1/uploads/{id}", SignedIn),
        ("head", "/api/v1/uploads/{id}", SignedIn),
        ("delete", "/api/v1/uploads/{id}", SignedIn),
        ("get", "/api/v1/entries/{id}", Anyone),
        ("patch", "/api/v1/entries/{id}", SignedIn),
        ("delete", "/api/v1/entries/{id}", SignedIn),
        ("post", "/api/v1/entries/{id}/reports", Anyone),
        ("post", "/api/v1/entries/{id}/vote", SignedIn),
        ("get", "/api/v1/pow", Anyone),
        ("post", "/api/v1/entries/{id}/moderation", Moderator),
        ("post", "/api/v1/entries/{id}/reprocess", Moderator),
        ("put", "/api/v1/entries/{id}/hidden", Moderator),
        ("get", "/api/v1/moderation/queue", Moderator),
        ("get", "/api/v1/moderation/reports", Moderator),
        ("get", "/api/v1/moderation/reasons", Moderator),
        ("post", "/api/v1/moderation/reasons", Moderator),
        ("delete", "/api/v1/moderation/reasons/{id}", Moderator),
        ("post", "/api/v1/moderation/approve", Moderator),
        ("post", "/api/v1/reports/{id}/dismiss", Moderator),
        ("get", "/api/v1/contests/{slug}/vote-flags", Moderator),
        ("post", "/api/v1/vote-flags/{id}/review", Moderator),
        ("put", "/api/v1/contests/{slug}/voting", Admin),
        ("get", "/api/v1/contests/{slug}/archive", Admin),
        ("get", "/api/v1/contests/{slug}/ranking", Admin),
        ("get", "/api/v1/contests/{slug}/results.csv", Admin),
        ("put", "/api/v1/contests/{slug}/results-settings", Admin),
        ("get", "/api/v1/contests/{slug}/criteria", Admin),
        ("put", "/api/v1/contests/{slug}/criteria", Admin),
        ("get", "/api/v1/contests/{slug}/rounds", Admin),
        ("post", "/api/v1/contests/{slug}/rounds", Admin),
        ("put", "/api/v1/rounds/{id}", Admin),
        ("delete", "/api/v1/rounds/{id}", Admin),
        ("post", "/api/v1/rounds/{id}/open", Admin),
        ("post", "/api/v1/rounds/{id}/close", Admin),
        ("post", "/api/v1/rounds/{id}/reminders", Admin),
        ("get", "/api/v1/rounds/{id}/progress", Admin),
        ("get", "/api/v1/rounds/{id}/result", Admin),
        ("get", "/api/v1/jury/rounds", Juror),
        ("get", "/api/v1/rounds/{id}/sheet", Juror),
        ("put", "/api/v1/rounds/{id}/entries/{entry}/mark", Juror),
        ("post", "/api/v1/rounds/{id}/entries/{entry}/recusal", Juror),
    ]
};

/// What `role` (`None`: anonymous) must get from an operation only `who` may use, if refused.
fn refusal(who: Who, role: Option<&str>) -> Option<StatusCode> {
    let Some(role) = role else {
        return (who != Who::Anyone).then_some(StatusCode::UNAUTHORIZED);
    };
    let allowed = match who {
        Who::Anyone | Who::SignedIn => true,
        Who::Admin => role == "admin",
        Who::Moderator => role == "moderator" || role == "admin",
        Who::Juror => role != "participant",
    };
    (!allowed).then_some(StatusCode::FORBIDDEN)
}

#[tokio::test]
async fn every_staff_operation_refuses_other_roles_before_reading_the_body() {
    let app = TestApp::spawn().await;
    let admin = app.staff("admin@example.org", "admin").await;
    let slug = app.open_contest(&admin, "walk").await;
    let roles: Vec<(Option<&str>, Client)> = vec![
        (None, app.client()),
        (Some("participant"), app.participant("p@example.org").await),
        (Some("jury"), app.staff("juror@example.org", "jury").await),
        (Some("moderator"), app.staff("mod@example.org", "moderator").await),
    ];

    let doc: Value = app.client().get(app.url("/api/v1/openapi.json")).send().await.unwrap().json().await.unwrap();
    let mut operations = Vec::new();
    for (path, item) in doc["paths"].as_object().unwrap() {
        for (method, _) in item.as_object().unwrap().iter().filter(|(m, _)| *m != "parameters") {
            let who = ROUTES
                .iter()
                .find(|(m, p, _)| m == method && p == path)
                .map(|r| r.2)
                .unwrap_or_else(|| panic!("{method} {path} is not in this test's table: say who may call it"));
            operations.push((method.clone(), path.clone(), who));
        }
    }
    assert_eq!(operations.len(), ROUTES.len(), "every operation of the table is in the document");

    let mut refused = 0;
    for (method, path, who) in &operations {
        let url = path.replace("{slug}", &slug).replace("{slot}", "guide-t1").replace("{version}", "1");
        let url = url.replace("{entry}", "1").replace("{id}", "1");
        for (role, client) in &roles {
            let Some(expected) = refusal(*who, *role) else { continue };
            let method = Method::from_bytes(method.to_uppercase().as_bytes()).unwrap();
            // A body of the wrong shape: a role that may not act must not learn what is expected.
            let res = client
                .request(method.clone(), app.url(&url))
                .header("Tus-Resumable", "1.0.0")
                .json(&json!({ "bogus": [1, 2, 3] }))
                .send()
                .await
                .unwrap();
            let status = res.status();
            let body = res.text().await.unwrap();
            assert_eq!(status, expected, "{method} {path} as {}: {body}", role.unwrap_or("anonymous"));
            refused += 1;
        }
    }
    assert!(refused > 150, "{refused} refusals checked");

    // Refusals are security events: counted by route.
    let metrics =
        app.client().get(format!("{}/metrics", app.metrics_address)).send().await.unwrap().text().await.unwrap();
    let line = metrics
        .lines()
        .find(|l| l.starts_with("declic_forbidden_total") && l.contains("route=\"/api/v1/rounds/{id}/close\""))
        .unwrap_or_else(|| panic!("no refusal counted for closing a round: {metrics}"));
    let count: f64 = line.rsplit(' ').next().unwrap().parse().unwrap();
    assert!(count >= 3.0, "{line}");
}
