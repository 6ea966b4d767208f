//! A contest's setup changed after its creation (API and admin page): texts, phases, categories,
//! places and quotas, checked as at creation, audited with before and after.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::{TestApp, entry_fields, error_code, jpeg};

fn category_id(contest: &Value, name: &str) -> i64 {
    contest["categories"].as_array().unwrap().iter().find(|c| c["name"] == name).unwrap()["id"].as_i64().unwrap()
}

fn names(contest: &Value) -> Vec<String> {
    contest["categories"].as_array().unwrap().iter().map(|c| c["name"].as_str().unwrap().to_string()).collect()
}

#[tokio::test]
async fn texts_phases_categories_and_quotas_are_changed_and_audited() {
    let app = TestApp::spawn().await;
    let admin = app.staff("admin@example.org", "admin").await;
    let slug = app.open_contest(&admin, "reglages").await;
    let before = app.contest(&admin, &slug).await;
    let (tram, bus) = (category_id(&before, "Tram"), category_id(&before, "Bus"));
    assert_eq!(before["description"], "");

    let vote_close = "2100-01-01T00:00:00Z";
    let res = app
        .update_contest(
            &admin,
            &slug,
            &json!({
                "title": "Nos humeurs voyageuses",
                "description": "Photographiez le réseau.\nTrois catégories.",
                "vote_close_at": vote_close,
                "results_at": "2100-01-02T00:00:00Z",
                "categories": [{ "id": bus, "name": "Tram" }, { "id": tram, "name": "Bus" }, { "name": "Vélo" }],
                "places": ["Ligne 1", "Ligne 2"],
                "max_entries_per_participant": 3,
                "age_threshold": 16,
            }),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK, "{}", res.text().await.unwrap());
    let after: Value = res.json().await.unwrap();
    assert_eq!(after["title"], "Nos humeurs voyageuses");
    assert_eq!(after["description"], "Photographiez le réseau.\nTrois catégories.");
    // Names swapped between two categories (the ids stay), one added.
    assert_eq!(names(&after), ["Tram", "Bus", "Vélo"]);
    assert_eq!(category_id(&after, "Tram"), bus);
    assert_eq!(category_id(&after, "Bus"), tram);
    assert_eq!(after["places"], json!(["Ligne 1", "Ligne 2"]));
    assert_eq!((after["max_entries_per_participant"].as_i64(), after["age_threshold"].as_i64()), (Some(3), Some(16)));
    assert_eq!(after["vote_close_at"].as_str().unwrap(), vote_close);
    assert_eq!(after["submissions_open_at"], before["submissions_open_at"], "absent fields keep their value");
    assert_eq!(app.contest(&app.client(), &slug).await, after);

    // One audit line with each changed field before and after; unchanged fields are not in it.
    let lines = app.audit_details("contest.update").await;
    assert_eq!(lines.len(), 1, "{lines:?}");
    let d = &lines[0];
    assert_eq!(d["title"]["before"], "Partageons nos humeurs voyageuses");
    assert_eq!(d["title"]["after"], "Nos humeurs voyageuses");
    assert_eq!(d["max_entries_per_participant"], json!({ "before": 10, "after": 3 }));
    assert_eq!(d["categories"]["after"][2]["name"], "Vélo");
    assert!(d.get("submissions_open_at").is_none(), "{d}");

    // The new quota holds at once: a fourth live photo is refused.
    let alice = app.participant("alice@example.org").await;
    for seed in 0..3 {
        let res = app.submit(&alice, &slug, jpeg(40, 30, seed), &entry_fields()).await;
        assert_eq!(res.status(), StatusCode::ACCEPTED, "{}", res.text().await.unwrap());
    }
    let res = app.submit(&alice, &slug, jpeg(40, 30, 9), &entry_fields()).await;
    assert_eq!(error_code(res).await, "quota_reached");

    // The public page shows the description.
    let (_, page) = app.page_in(&app.client(), &format!("/c/{slug}"), "fr").await;
    assert!(page.contains("Photographiez le réseau."), "{page}");

    // Nothing changed: no audit line.
    let res = app.update_contest(&admin, &slug, &json!({ "title": "Nos humeurs voyageuses" })).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(app.audit_details("contest.update").await.len(), 1);
}

#[tokio::test]
async fn a_category_holding_entries_stays_and_a_refused_change_changes_nothing() {
    let app = TestApp::spawn().await;
    let admin = app.staff("admin@example.org", "admin").await;
    let slug = app.open_contest(&admin, "categories").await;
    let alice = app.participant("alice@example.org").await;
    let res = app.submit(&alice, &slug, jpeg(40, 30, 1), &entry_fields()).await; // category "Tram"
    assert_eq!(res.status(), StatusCode::ACCEPTED);
    let before = app.contest(&admin, &slug).await;
    let (tram, bus) = (category_id(&before, "Tram"), category_id(&before, "Bus"));

    let res = app
        .update_contest(&admin, &slug, &json!({ "title": "Autre titre", "categories": [{ "id": bus, "name": "Bus" }] }))
        .await;
    assert_eq!(res.status(), StatusCode::CONFLICT);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["error"]["code"], "category_in_use");
    assert!(body["error"]["message"].as_str().unwrap().contains("Tram"), "{body}");
    assert_eq!(app.contest(&admin, &slug).await, before, "nothing changed");

    // Removing the empty one and renaming the used one works.
    let res = app.update_contest(&admin, &slug, &json!({ "categories": [{ "id": tram, "name": "Tramway" }] })).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(names(&res.json().await.unwrap()), ["Tramway"]);

    // Checked as at creation.
    for (body, code) in [
        (json!({ "results_at": "2000-01-01T00:00:00Z" }), "invalid_schedule"),
        (json!({ "vote_open_at": "soon" }), "invalid_date"),
        (json!({ "max_entries_per_participant": 0 }), "invalid_quota"),
        (json!({ "age_threshold": 40 }), "invalid_age_threshold"),
        (json!({ "title": "  " }), "invalid_title"),
        (json!({ "categories": [{ "id": 999_999, "name": "X" }] }), "category_not_found"),
        (json!({ "categories": [{ "name": "A" }, { "name": "A" }] }), "invalid_category"),
        (json!({ "description": "x".repeat(5001) }), "invalid_contest_description"),
    ] {
        let res = app.update_contest(&admin, &slug, &body).await;
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        assert_eq!(error_code(res).await, code, "{body}");
    }
    // Admins only.
    let moderator = app.staff("mod@example.org", "moderator").await;
    let res = app.update_contest(&moderator, &slug, &json!({ "title": "x" })).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let res = app.update_contest(&admin, "nope", &json!({ "title": "x" })).await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn the_admin_page_form_is_prefilled_saves_and_explains_refusals_in_the_readers_language() {
    let app = TestApp::spawn().await;
    let admin = app.staff("admin@example.org", "admin").await;
    let slug = app.open_contest(&admin, "formulaire").await;
    let contest = app.contest(&admin, &slug).await;
    let (tram, bus) = (category_id(&contest, "Tram"), category_id(&contest, "Bus"));
    let path = format!("/admin/c/{slug}");
    let (status, page) = app.page_in(&admin, &path, "fr").await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        page.contains(r#"name="title" type="text" maxlength="200" required value="Partageons nos humeurs voyageuses""#)
    );
    assert!(page.contains(&format!(r#"name="category_{tram}" type="text" maxlength="80" value="Tram""#)), "{page}");
    assert!(page.contains(
        r#"name="max_entries_per_participant" type="number" min="1" max="1000" required inputmode="numeric" value="10""#
    ));
    // Every part of the setup is reachable from the contest page.
    for link in [
        "/dashboard",
        "/votes",
        "/jury",
        "#covers",
        "/look",
        "#rules-heading",
        "#retention-heading",
        "/admin/staff",
        "/copy",
    ] {
        assert!(page.contains(&format!("{link}\"")), "{link}");
    }
    // The dates as the form shows them (local time, minutes).
    let field = |name: &str| {
        let i = page.find(&format!(r#"name="{name}" type="datetime-local" required value=""#)).unwrap();
        let rest = &page[i..];
        let v = rest.split("value=\"").nth(1).unwrap();
        v.split('"').next().unwrap().to_string()
    };
    let dates: Vec<(&str, String)> = [
        "submissions_open_at",
        "submissions_close_at",
        "vote_open_at",
        "vote_close_at",
        "jury_open_at",
        "jury_close_at",
        "results_at",
    ]
    .into_iter()
    .map(|f| (f, field(f)))
    .collect();

    let mut form: Vec<(String, String)> = vec![
        ("title".into(), "Titre changé".into()),
        ("description".into(), "Une présentation".into()),
        (format!("category_{tram}"), "Tramway".into()),
        (format!("category_{bus}"), "".into()),
        ("new_categories".into(), "Vélo\nMarche".into()),
        ("places".into(), "".into()),
        ("max_entries_per_participant".into(), "5".into()),
        ("age_threshold".into(), "15".into()),
    ];
    form.extend(dates.iter().map(|(f, v)| (f.to_string(), v.clone())));
    let as_refs = |form: &[(String, String)]| -> Vec<(String, String)> { form.to_vec() };
    let send = |form: Vec<(String, String)>, lang: &'static str| {
        let admin = admin.clone();
        let url = app.url(&format!("/admin/c/{slug}/setup"));
        async move {
            admin
                .post(url)
                .header("Accept-Language", lang)
                .header("Sec-Fetch-Site", "same-origin")
                .form(&form)
                .send()
                .await
                .unwrap()
        }
    };
    let res = send(as_refs(&form), "fr").await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(res.headers()["location"], format!("/admin/c/{slug}?saved=setup#setup"));
    let after = app.contest(&admin, &slug).await;
    assert_eq!(after["title"], "Titre changé");
    assert_eq!(names(&after), ["Tramway", "Vélo", "Marche"]);
    assert_eq!(after["max_entries_per_participant"], 5);
    // Dates sent back as shown keep their stored value (to the second).
    assert_eq!(after["vote_close_at"], contest["vote_close_at"]);
    let d = &app.audit_details("contest.update").await[0];
    assert!(d.get("vote_close_at").is_none(), "{d}");
    let (_, page) = app.page_in(&admin, &format!("/admin/c/{slug}?saved=setup"), "en").await;
    assert!(page.contains("Setup saved."));

    // A refusal shows the form again as typed, with the reason in the reader's language.
    let after = app.contest(&admin, &slug).await;
    let mut bad: Vec<(String, String)> = form
        .iter()
        .filter(|(k, _)| !k.starts_with("category_") && k != "new_categories")
        .cloned()
        .map(|(k, v)| if k == "results_at" { (k, "2001-01-01T00:00".to_string()) } else { (k, v) })
        .collect();
    bad.push((format!("category_{tram}"), "Tramway".into()));
    bad.retain(|(k, _)| k != "title");
    bad.push(("title".into(), "Titre refusé".into()));
    for (lang, message) in [("en", "The timetable is not consistent"), ("fr", "chaque phase doit")] {
        let res = send(bad.clone(), lang).await;
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let page = res.text().await.unwrap();
        assert!(page.contains(message), "{lang}: {page}");
        assert!(page.contains("role=\"alert\""));
        assert!(page.contains("value=\"Titre refusé\""), "typed values are kept");
        assert!(page.contains("value=\"2001-01-01T00:00\""));
    }
    assert_eq!(app.contest(&admin, &slug).await, after, "nothing changed");
    // A number that is not one.
    let mut bad = form.clone();
    bad.retain(|(k, _)| k != "max_entries_per_participant" && !k.starts_with("category_"));
    bad.push(("max_entries_per_participant".into(), "beaucoup".into()));
    let res = send(bad, "en").await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.text().await.unwrap().contains("between 1 and 1000"));
}

#[tokio::test]
async fn the_creation_form_takes_the_introduction_too() {
    let app = TestApp::spawn().await;
    let admin = app.staff("admin@example.org", "admin").await;
    let (_, home) = app.page_in(&admin, "/admin", "fr").await;
    assert!(
        home.contains("name=\"description\"")
            && home.contains("href=\"/admin/staff\"")
            && home.contains("href=\"/admin/users\"")
    );
    let form = [
        ("title", "Concours d'été"),
        ("slug", "ete"),
        ("description", "Vos étés en photo."),
        ("submissions_open_at", "2027-06-01T08:00"),
        ("submissions_close_at", "2027-06-15T08:00"),
        ("vote_open_at", "2027-06-01T08:00"),
        ("vote_close_at", "2027-06-30T08:00"),
        ("jury_open_at", "2027-06-15T08:00"),
        ("jury_close_at", "2027-06-30T08:00"),
        ("results_at", "2027-07-01T08:00"),
        ("categories", "Plage\nVille"),
        ("max_entries_per_participant", "5"),
    ];
    let res = app.post_form(&admin, "/admin/contests", "fr", &form).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let c = app.contest(&admin, "ete").await;
    assert_eq!(c["description"], "Vos étés en photo.");
    assert_eq!(names(&c), ["Plage", "Ville"]);
}
