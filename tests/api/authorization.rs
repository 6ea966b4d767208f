//! Every operation of the API document, as anonymous, participant, juror and moderator: where the
//! role may not act, 401 or 403 whatever the body (the role is checked before anything is read),
//! and each refusal is counted.

use reqwest::{Client, Method, StatusCode};
use serde_json::{Value, json};

use declic::testing::{OPERATIONS as ROUTES, Who};

use crate::helpers::*;

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
