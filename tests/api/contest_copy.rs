//! A new edition of a contest: its rules and rights, categories, places, criteria, cover slots,
//! voting and results settings carried over under a new address, title and calendar, with no
//! entry; refusals said beside their field on the page.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::{TestApp, contest_json, error_code};

fn edition(slug: &str, title: &str) -> Value {
    let now = chrono::Utc::now().timestamp();
    let t = |d: i64| chrono::DateTime::from_timestamp(now + 365 * 86_400 + d, 0).unwrap().to_rfc3339();
    json!({
        "slug": slug, "title": title,
        "submissions_open_at": t(0), "submissions_close_at": t(86_400),
        "vote_open_at": t(0), "vote_close_at": t(2 * 86_400),
        "jury_open_at": t(86_400), "jury_close_at": t(2 * 86_400),
        "results_at": t(3 * 86_400)
    })
}

#[tokio::test]
async fn a_new_edition_takes_the_previous_ones_setup_and_none_of_its_entries() {
    let app = TestApp::spawn().await;
    let admin = app.staff("admin@example.org", "admin").await;
    let moderator = app.staff("mod@example.org", "moderator").await;
    let mut body = contest_json("guides-2026", -3600, 86_400);
    body["places"] = json!(["Gare centrale", "Pont du T1"]);
    body["rules"] = json!("Règlement de l'édition 2026.");
    assert_eq!(app.create_contest(&admin, &body).await.status(), StatusCode::CREATED);
    let criteria = app.set_criteria(&admin, "guides-2026", &[("Cadrage", 2.0), ("Lumière", 1.0)]).await;
    assert_eq!(criteria.len(), 2);
    let res = app.set_voting(&admin, "guides-2026", &json!({ "rule": "per_day", "votes_per_voter": 3 })).await;
    assert_eq!(res.status(), StatusCode::OK);
    let alice = app.participant("alice@example.org").await;
    app.approved_entry(&alice, &moderator, "guides-2026", 1).await;

    let copy =
        |who: &reqwest::Client, body: Value| who.post(app.url("/api/v1/contests/guides-2026/copy")).json(&body).send();
    let res = copy(&moderator, edition("guides-2027", "Guides 2027")).await.unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let res = copy(&admin, edition("guides-2027", "Guides 2027")).await.unwrap();
    assert_eq!(res.status(), StatusCode::CREATED, "{}", res.text().await.unwrap());
    let old = app.contest(&admin, "guides-2026").await;
    let new = app.contest(&admin, "guides-2027").await;
    assert_eq!(new["title"], "Guides 2027");
    for same in [
        "categories",
        "places",
        "cover_slots",
        "voting",
        "rights",
        "max_entries_per_participant",
        "age_threshold",
        "theme",
        "rules",
    ] {
        let strip = |v: &Value| {
            let mut v = v.clone();
            for item in v.as_array_mut().into_iter().flatten() {
                if let Some(o) = item.as_object_mut() {
                    o.remove("id");
                }
            }
            v
        };
        assert_eq!(strip(&new[same]), strip(&old[same]), "{same}");
    }
    let rules: Value =
        admin.get(app.url("/api/v1/contests/guides-2027/rules/1")).send().await.unwrap().json().await.unwrap();
    assert!(rules.to_string().contains("Règlement de l'édition 2026."), "{rules}");
    let copied: Vec<Value> =
        admin.get(app.url("/api/v1/contests/guides-2027/criteria")).send().await.unwrap().json().await.unwrap();
    let names: Vec<&str> = copied.iter().map(|c| c["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["Cadrage", "Lumière"]);
    assert_eq!(
        app.gallery(&app.client(), "guides-2027", None).await["entries"].as_array().unwrap().len(),
        0,
        "no entry"
    );
    let audit = app.audit_details("contest.copy").await;
    assert_eq!(audit.len(), 1);
    assert_eq!(audit[0]["slug"], "guides-2027");

    // The address is the new edition's own; the calendar must hold.
    let res = copy(&admin, edition("guides-2027", "Encore")).await.unwrap();
    assert_eq!((res.status(), error_code(res).await.as_str()), (StatusCode::CONFLICT, "slug_taken"));
    let mut upside_down = edition("guides-2028", "Guides 2028");
    upside_down["results_at"] = upside_down["submissions_open_at"].clone();
    let res = copy(&admin, upside_down).await.unwrap();
    assert_eq!((res.status(), error_code(res).await.as_str()), (StatusCode::UNPROCESSABLE_ENTITY, "invalid_schedule"));
}

#[tokio::test]
async fn the_copy_page_proposes_next_years_dates_and_keeps_what_was_typed() {
    let app = TestApp::spawn().await;
    let admin = app.staff("admin@example.org", "admin").await;
    let slug = app.open_contest(&admin, "ligne-b").await;
    let (status, page) = app.page_in(&admin, &format!("/admin/c/{slug}/copy"), "fr").await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("Nouvelle édition de « Partageons nos humeurs voyageuses »"), "{page}");
    let next_year = (chrono::Utc::now() + chrono::Duration::days(365)).format("%Y").to_string();
    assert!(
        page.contains(&format!(r#"name="submissions_open_at" type="datetime-local" required value="{next_year}-"#)),
        "{page}"
    );
    let (_, admin_page) = app.page_in(&admin, &format!("/admin/c/{slug}"), "fr").await;
    assert!(admin_page.contains(&format!(r#"href="/admin/c/{slug}/copy""#)));

    let form = |title: &str, new_slug: &str| {
        let e = edition(new_slug, title);
        let local = |k: &str| e[k].as_str().unwrap()[..16].to_string();
        let mut f: Vec<(String, String)> = vec![("title".into(), title.into()), ("slug".into(), new_slug.into())];
        for k in [
            "submissions_open_at",
            "submissions_close_at",
            "vote_open_at",
            "vote_close_at",
            "jury_open_at",
            "jury_close_at",
            "results_at",
        ] {
            f.push((k.into(), local(k)));
        }
        f
    };
    // A taken address is said beside its field; the title typed stays.
    let res =
        admin.post(app.url(&format!("/admin/c/{slug}/copy"))).form(&form("Ligne B 2027", &slug)).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::CONFLICT);
    let page = res.text().await.unwrap();
    assert!(page.contains(r#"id="slug-error">Cette adresse de concours est déjà prise."#), "{page}");
    assert!(page.contains(r#"value="Ligne B 2027""#) && page.contains(r#"aria-invalid="true""#));
    let res = admin
        .post(app.url(&format!("/admin/c/{slug}/copy")))
        .form(&form("Ligne B 2027", "ligne-b-2027"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(res.headers()["location"], "/admin/c/ligne-b-2027");
    assert_eq!(app.contest(&admin, "ligne-b-2027").await["title"], "Ligne B 2027");
}
