//! Consent and rights: each entry records what its author declared (authorship, each right with
//! its scope, territory and duration, people shown, a guardian for a minor) under a version of the
//! rules; the rules are versioned and published by staff.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::{TestApp, contest_json, entry_fields, error_code, jpeg};

/// A contest asking for print and web rights only, with a guardian needed under 16.
async fn contest_with_rights(app: &TestApp, admin: &reqwest::Client, slug: &str) {
    let mut body = contest_json(slug, -3600, 86_400);
    body["rights"] = json!([
        { "use": "print", "scope": "couvertures des guides horaires 2027", "territory": "France", "duration_months": 24 },
        { "use": "web", "territory": "Union européenne", "duration_months": 36 }
    ]);
    body["age_threshold"] = json!(16);
    let res = app.create_contest(admin, &body).await;
    assert_eq!(res.status(), StatusCode::CREATED, "{}", res.text().await.unwrap());
}

fn with(fields: &[(&'static str, &'static str)]) -> Vec<(&'static str, &'static str)> {
    // This contest asks for print and web rights only.
    let base = entry_fields().into_iter().map(|(k, v)| if k == "grants" { (k, "print,web") } else { (k, v) });
    let mut out: Vec<_> = base.filter(|(k, _)| !fields.iter().any(|(f, _)| f == k)).collect();
    out.extend(fields.iter().filter(|(_, v)| !v.is_empty()).copied());
    out
}

#[tokio::test]
async fn each_entry_records_what_its_author_declared() {
    let app = TestApp::spawn().await;
    let admin = app.staff("admin@example.org", "admin").await;
    contest_with_rights(&app, &admin, "rights").await;
    let contest: Value =
        app.client().get(app.url("/api/v1/contests/rights")).send().await.unwrap().json().await.unwrap();
    assert_eq!(contest["age_threshold"], 16);
    assert_eq!(contest["rights"][0]["territory"], "France");
    assert_eq!(contest["rights"][1]["duration_months"], 36);
    let alice = app.participant("alice@example.org").await;

    let cases: [(&[(&str, &str)], &str); 7] = [
        (&[("took_photo", "")], "authorship_required"),
        (&[("accept_rules", "")], "rules_required"),
        (&[("grants", "print")], "rights_required"),
        (&[("grants", "print,web,social")], "unknown_right"),
        (&[("people", "not_agreed")], "people_consent_required"),
        (&[("minor", "")], "age_answer_required"),
        (&[("minor", "yes")], "guardian_required"),
    ];
    for (fields, code) in cases {
        let res = app.submit(&alice, "rights", jpeg(40, 30, 1), &with(fields)).await;
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY, "{code}");
        assert_eq!(error_code(res).await, code);
    }
    let no_consent = with(&[("minor", "yes"), ("guardian_name", "Anne Martin"), ("grants", "print,web")]);
    assert_eq!(
        error_code(app.submit(&alice, "rights", jpeg(40, 30, 1), &no_consent).await).await,
        "guardian_required",
        "the guardian must also tick their consent"
    );

    let minor = with(&[
        ("grants", "print,web"),
        ("people", "agreed"),
        ("minor", "yes"),
        ("guardian_name", "Anne Martin"),
        ("guardian_consent", "on"),
    ]);
    let photo = jpeg(40, 30, 2);
    let res = app.submit(&alice, "rights", photo.clone(), &minor).await;
    assert_eq!(res.status(), StatusCode::ACCEPTED, "{}", res.text().await.unwrap());
    let id = res.json::<Value>().await.unwrap()["id"].as_i64().unwrap();
    let entry: Value = app.entry(&alice, id).await.json().await.unwrap();
    let c = &entry["consent"];
    assert_eq!(c["rules_version"], 1);
    assert_eq!(c["original_hash"], blake3::hash(&photo).to_hex().to_string());
    assert_eq!((c["minor"].as_bool(), c["guardian_name"].as_str()), (Some(true), Some("Anne Martin")));
    assert_eq!(c["people"], "agreed");
    assert_eq!(c["rights"][0]["scope"], "couvertures des guides horaires 2027");
    assert_eq!(c["rights"][1]["territory"], "Union européenne");
    assert!(c["accepted_at"].as_str().is_some_and(|t| t.ends_with('Z')));

    // Staff see it; the public never does.
    let moderator = app.staff("mod@example.org", "moderator").await;
    let staff_view: Value = app.entry(&moderator, id).await.json().await.unwrap();
    assert_eq!(staff_view["consent"]["guardian_name"], "Anne Martin");
    app.wait_processed(&alice, id).await;
    app.moderate(&moderator, id, "approve", None).await;
    let public: Value = app.entry(&app.client(), id).await.json().await.unwrap();
    assert!(public["consent"].is_null(), "{public}");
}

#[tokio::test]
async fn rules_are_versioned_and_consents_keep_theirs() {
    let app = TestApp::spawn().await;
    let admin = app.staff("admin@example.org", "admin").await;
    let slug = app.open_contest(&admin, "versions").await;
    let alice = app.participant("alice@example.org").await;
    let res = app.submit(&alice, &slug, jpeg(40, 30, 1), &entry_fields()).await;
    let first = res.json::<Value>().await.unwrap()["id"].as_i64().unwrap();

    let new_rules = json!({
        "rules": "Règlement modifié : la durée passe à 5 ans.",
        "rights": [{ "use": "print", "territory": "France", "duration_months": 60 }]
    });
    let res = alice.put(app.url(&format!("/api/v1/contests/{slug}/rules"))).json(&new_rules).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let bad = json!({ "rules": "x", "rights": [{ "use": "print", "territory": "France", "duration_months": 0 }] });
    let res = admin.put(app.url(&format!("/api/v1/contests/{slug}/rules"))).json(&bad).send().await.unwrap();
    assert_eq!(error_code(res).await, "invalid_rights");
    let res = admin.put(app.url(&format!("/api/v1/contests/{slug}/rules"))).json(&new_rules).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let v2: Value = res.json().await.unwrap();
    assert_eq!((v2["version"].as_i64(), v2["current"].as_bool()), (Some(2), Some(true)));

    let v1: Value = app
        .client()
        .get(app.url(&format!("/api/v1/contests/{slug}/rules/1")))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!((v1["current"].as_bool(), v1["rules"].as_str()), (Some(false), Some("Règlement du concours.")));
    assert_eq!(v1["rights"].as_array().map(Vec::len), Some(3));
    let res = app.client().get(app.url(&format!("/api/v1/contests/{slug}/rules/9"))).send().await.unwrap();
    assert_eq!(error_code(res).await, "rules_not_found");

    // A form filled under version 1 is refused now, with the reason.
    let stale = with(&[("rules_version", "1")]);
    let res = app.submit(&alice, &slug, jpeg(40, 30, 2), &stale).await;
    assert_eq!((res.status(), error_code(res).await.as_str()), (StatusCode::CONFLICT, "rules_changed"));
    // Version 2 asks only for print: granting it is enough.
    let current = with(&[("rules_version", "2"), ("grants", "print")]);
    let res = app.submit(&alice, &slug, jpeg(40, 30, 3), &current).await;
    assert_eq!(res.status(), StatusCode::ACCEPTED);
    let second = res.json::<Value>().await.unwrap()["id"].as_i64().unwrap();

    let e1: Value = app.entry(&alice, first).await.json().await.unwrap();
    let e2: Value = app.entry(&alice, second).await.json().await.unwrap();
    assert_eq!((e1["consent"]["rules_version"].as_i64(), e2["consent"]["rules_version"].as_i64()), (Some(1), Some(2)));
    assert_eq!(e1["consent"]["rights"][0]["duration_months"], 36, "the first entry keeps what it agreed to");
    assert_eq!(e2["consent"]["rights"][0]["duration_months"], 60);

    // The rules pages: the version in force, and the earlier one marked as such.
    let page = app.client().get(app.url(&format!("/c/{slug}/rules"))).send().await.unwrap().text().await.unwrap();
    assert!(
        page.contains("Version 2") && page.contains("5 ans") && page.contains(&format!("/c/{slug}/rules/1")),
        "{page}"
    );
    let old = app.client().get(app.url(&format!("/c/{slug}/rules/1"))).send().await.unwrap().text().await.unwrap();
    assert!(old.contains("plus la version en vigueur") && old.contains("3 ans"), "{old}");

    // The participant's page shows what each entry granted; the data export has the record.
    let me = alice.get(app.url("/me")).send().await.unwrap().text().await.unwrap();
    assert!(me.contains("règlement version 1") && me.contains("règlement version 2"), "{me}");
    let zip = alice.get(app.url("/api/v1/me/data.zip")).send().await.unwrap().bytes().await.unwrap();
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(zip)).unwrap();
    let data: Value = serde_json::from_reader(archive.by_name("my-data.json").unwrap()).unwrap();
    assert!(data["entries"].as_array().unwrap().iter().all(|e| e["consent"]["rights"].is_array()), "{data}");
}

/// The contest page's plain form, as a browser without JavaScript sends it.
async fn post_form(
    app: &TestApp,
    client: &reqwest::Client,
    slug: &str,
    lang: &str,
    fields: &[(&str, &str)],
) -> reqwest::Response {
    let mut form = reqwest::multipart::Form::new().part(
        "photo",
        reqwest::multipart::Part::bytes(jpeg(40, 30, 9)).file_name("photo.jpg").mime_str("image/jpeg").unwrap(),
    );
    for (k, v) in fields {
        form = form.text(k.to_string(), v.to_string());
    }
    let url = app.url(&format!("/c/{slug}/entries"));
    client.post(url).header("Accept-Language", lang).multipart(form).send().await.unwrap()
}

#[tokio::test]
async fn the_plain_form_comes_back_with_the_error_beside_its_field() {
    let app = TestApp::spawn().await;
    let admin = app.staff("admin@example.org", "admin").await;
    let slug = app.open_contest(&admin, "sans-js").await;
    let alice = app.participant("alice@example.org").await;

    let no_title: Vec<_> =
        entry_fields().into_iter().map(|(k, v)| if k == "title" { (k, "") } else { (k, v) }).collect();
    let res = post_form(&app, &alice, &slug, "fr", &no_title).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = res.text().await.unwrap();
    assert!(html.contains(r#"id="form-error" class="form-error" role="alert">Le titre est obligatoire"#), "{html}");
    // Beside its field: between the title's label and its input.
    let (label, error, input) =
        (html.find(r#"<label for="title">"#), html.find(r#"id="form-error""#), html.find(r#"<input id="title""#));
    assert!(label < error && error < input, "the error is said beside the title");
    assert!(html.contains(r#"name="title" type="text" maxlength="120" required value="" aria-invalid="true" aria-describedby="form-error""#));
    assert!(html.contains("Un tramway bleu traverse un pont au lever du soleil.</textarea>"), "what was typed stays");
    assert!(
        html.contains(r#"value="none" required checked"#)
            && html.contains(
                r#"id="agree" name="agree" type="checkbox" value="on" required aria-describedby="rights-list" checked"#
            )
    );

    let minor: Vec<_> =
        entry_fields().into_iter().map(|(k, v)| if k == "minor" { (k, "yes") } else { (k, v) }).collect();
    let res = post_form(&app, &alice, &slug, "en", &minor).await;
    let html = res.text().await.unwrap();
    assert!(html.contains("Your parent or guardian must consent"), "{html}");
    assert!(html.contains(r#"id="guardian_name" name="guardian_name" type="text" maxlength="120" autocomplete="off" value="" aria-invalid="true""#));

    // A participant without a credit is asked for one, beside its field, the rest kept.
    let res = post_form(&app, &alice, &slug, "fr", &entry_fields()).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = res.text().await.unwrap();
    assert!(html.contains("Indiquez le nom qui accompagnera vos photos"), "{html}");
    assert!(html.contains(r#"id="credit_name" name="credit_name" type="text" maxlength="60" required autocomplete="nickname" value="" aria-describedby="credit-hint form-error" aria-invalid="true""#), "{html}");
    assert!(html.contains("Un tramway bleu traverse un pont au lever du soleil.</textarea>"), "what was typed stays");

    let mut named = entry_fields();
    named.push(("credit_name", "Alice des Trams"));
    let res = post_form(&app, &alice, &slug, "fr", &named).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(res.headers()["location"], "/me?sent=1");
    let me: Value = alice.get(app.url("/api/v1/me")).send().await.unwrap().json().await.unwrap();
    assert_eq!(me["display_name"], "Alice des Trams");
    // Asked once: the form no longer shows the field.
    let page = alice.get(app.url(&format!("/c/{slug}"))).send().await.unwrap().text().await.unwrap();
    assert!(!page.contains(r#"name="credit_name""#));
}

#[tokio::test]
async fn staff_publish_a_new_version_of_the_rules_from_the_admin_page() {
    let app = TestApp::spawn().await;
    let admin = app.staff("admin@example.org", "admin").await;
    let slug = app.open_contest(&admin, "admin-rules").await;
    let page = admin.get(app.url(&format!("/admin/c/{slug}"))).send().await.unwrap().text().await.unwrap();
    assert!(page.contains(r#"id="use_print" name="use_print" type="checkbox" value="on" checked"#), "{page}");
    assert!(page.contains(r#"id="use_press" name="use_press" type="checkbox" value="on">"#), "press is not asked yet");

    let form = [
        ("rules", "Nouveau règlement."),
        ("use_print", "on"),
        ("scope_print", "couvertures des guides 2027"),
        ("territory_print", "France"),
        ("months_print", "24"),
        ("use_press", "on"),
        ("scope_press", ""),
        ("territory_press", "Europe"),
        ("months_press", "12"),
        ("territory_web", "France"),
        ("months_web", "36"),
    ];
    let res = admin.post(app.url(&format!("/admin/c/{slug}/rules"))).form(&form).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let v2: Value = app
        .client()
        .get(app.url(&format!("/api/v1/contests/{slug}/rules/2")))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(v2["rules"], "Nouveau règlement.");
    let uses: Vec<_> = v2["rights"].as_array().unwrap().iter().map(|r| r["use"].as_str().unwrap()).collect();
    assert_eq!(uses, ["print", "press"]);
    assert_eq!(v2["rights"][0]["duration_months"], 24);

    let bad = [("rules", "x"), ("use_print", "on"), ("territory_print", "France"), ("months_print", "toujours")];
    let res = admin.post(app.url(&format!("/admin/c/{slug}/rules"))).form(&bad).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let alice = app.participant("alice@example.org").await;
    let res = alice.post(app.url(&format!("/admin/c/{slug}/rules"))).form(&form).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn one_tick_consents_once_and_the_next_batch_confirms_it_in_one_tap() {
    let app = TestApp::spawn().await;
    let admin = app.staff("admin@example.org", "admin").await;
    let slug = app.open_contest(&admin, "one-tick").await;
    let alice = app.participant("alice@example.org").await;
    // The first batch: no remembered consent, one tick for authorship, rules and rights.
    let page = alice.get(app.url(&format!("/c/{slug}"))).header("Accept-Language", "fr").send().await.unwrap();
    let page = page.text().await.unwrap();
    assert!(!page.contains("class=\"notice remembered\""), "nothing to remember yet");
    assert!(
        page.contains(r#"id="agree" name="agree" type="checkbox" value="on" required aria-describedby="rights-list">"#)
    );
    assert!(!page.contains(r#"name="took_photo""#) && !page.contains(r#"name="grant""#), "one tick, not seven");
    // Only the title is asked: no description sent, the title stands for it.
    let fields = [
        ("title", "Le tram du soir"),
        ("category", "Tram"),
        ("agree", "on"),
        ("people", "agreed"),
        ("minor", "no"),
        ("credit_name", "Alice"),
    ];
    let res = post_form(&app, &alice, &slug, "fr", &fields).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER, "{}", res.text().await.unwrap());
    let mine: Value = alice.get(app.url("/api/v1/me/entries")).send().await.unwrap().json().await.unwrap();
    let id = mine[0]["id"].as_i64().unwrap();
    let entry: Value = app.entry(&alice, id).await.json().await.unwrap();
    assert_eq!(entry["description"], "Le tram du soir");
    // The record is complete: every right of the rules, by name, as if each had been ticked.
    let consent = &entry["consent"];
    let uses: Vec<&str> = consent["rights"].as_array().unwrap().iter().map(|r| r["use"].as_str().unwrap()).collect();
    assert_eq!(uses, ["print", "web", "social"], "{consent}");
    assert_eq!(consent["people"], "agreed");
    // The next batch: the consent is shown with its date and given again in one tap.
    let page = alice.get(app.url(&format!("/c/{slug}"))).header("Accept-Language", "fr").send().await.unwrap();
    let page = page.text().await.unwrap();
    assert!(page.contains("Vous avez donné ces accords le "), "{page}");
    assert!(!page.contains("T0") && !page.contains("UTC"), "the date in words");
    assert!(
        page.contains(r#"id="people-agreed" name="people" type="radio" value="agreed" required checked"#),
        "{page}"
    );
    assert!(
        page.contains(r#"id="agree" name="agree" type="checkbox" value="on" required aria-describedby="rights-list">"#),
        "the tick is the one tap"
    );
    // New rules: nothing is remembered, the participant reads them again.
    let rules = json!({ "rules": "Nouveau règlement.", "rights": [
        { "use": "print", "scope": "couvertures", "territory": "France", "duration_months": 24 },
    ]});
    let res = admin.put(app.url(&format!("/api/v1/contests/{slug}/rules"))).json(&rules).send().await.unwrap();
    assert!(res.status().is_success(), "{}", res.text().await.unwrap());
    let page = alice.get(app.url(&format!("/c/{slug}"))).send().await.unwrap().text().await.unwrap();
    assert!(!page.contains("class=\"notice remembered\""), "new rules, consent asked again");
}

#[tokio::test]
async fn the_server_draws_a_thumbnail_of_a_heic_the_browser_cannot() {
    let app = TestApp::spawn().await;
    let alice = app.participant("alice@example.org").await;
    let heic = std::fs::read("tests/fixtures/heic/irot-and-exif6.heic").unwrap();
    let res = alice.post(app.url("/api/v1/previews")).body(heic).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers()["content-type"], "image/jpeg");
    let thumb = image::load_from_memory(&res.bytes().await.unwrap()).unwrap();
    assert_eq!((thumb.width(), thumb.height()), (96, 64), "upright, turned by its irot as the photo is seen");
    // Not a photo: refused with its code; a visitor and staff are refused too.
    let res = alice.post(app.url("/api/v1/previews")).body("<html>").send().await.unwrap();
    assert_eq!(res.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);
    let res = app.client().post(app.url("/api/v1/previews")).body(jpeg(40, 30, 1)).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    let admin = app.staff("admin@example.org", "admin").await;
    let res = admin.post(app.url("/api/v1/previews")).body(jpeg(40, 30, 1)).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
}
