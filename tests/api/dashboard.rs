//! A contest's dashboard: server-drawn SVG charts whose numbers are the database's.

use std::collections::BTreeMap;

use chrono::Datelike;

use reqwest::{Client, StatusCode};
use serde_json::Value;

use crate::helpers::{TestApp, entry_fields, jpeg};

const IPHONE: &str =
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148 Safari/604.1";
const TABLET: &str = "Mozilla/5.0 (Linux; Android 13; SM-X200) AppleWebKit/537.36 Chrome/124.0 Safari/537.36";
const DESKTOP: &str = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0";

/// A participant signed in by magic link from a browser with this User-Agent (`None`: none sent).
async fn participant_on(app: &TestApp, email: &str, ua: Option<&str>) -> Client {
    let mut b = Client::builder().cookie_store(true).redirect(reqwest::redirect::Policy::none());
    if let Some(ua) = ua {
        b = b.user_agent(ua);
    }
    let client = b.build().unwrap();
    assert_eq!(app.request_magic_link(&client, email).await.status(), StatusCode::ACCEPTED);
    let res = app.verify(&client, &app.magic_token(email).await).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    client
}

/// The SVG of one chart of the page.
fn chart<'a>(page: &'a str, id: &str) -> &'a str {
    let start = page.find(&format!("<svg class=\"chart\" id=\"chart-{id}\"")).unwrap_or_else(|| panic!("chart {id}"));
    let end = start + page[start..].find("</svg>").unwrap();
    &page[start..end]
}

/// The `label: value` titles of a chart's bars.
fn bars(svg: &str) -> Vec<String> {
    svg.split("<g class=\"chart-item\"><title>")
        .skip(1)
        .map(|s| s.split("</title>").next().unwrap().to_string())
        .collect()
}

/// Local (Paris) dates of these times, counted.
fn per_day(times: &[i64]) -> BTreeMap<chrono::NaiveDate, i64> {
    let mut out = BTreeMap::new();
    for t in times {
        let d = chrono::DateTime::from_timestamp(*t, 0).unwrap().with_timezone(&chrono_tz::Europe::Paris);
        *out.entry(d.date_naive()).or_default() += 1;
    }
    out
}

async fn column(app: &TestApp, sql: &str, slug: &str) -> Vec<i64> {
    sqlx::query_scalar(sqlx::AssertSqlSafe(sql.to_string())).bind(slug).fetch_all(app.probe.db.pool()).await.unwrap()
}

#[tokio::test]
async fn the_dashboard_draws_the_databases_numbers() {
    let app = TestApp::spawn().await;
    let admin = app.staff("admin@example.org", "admin").await;
    let moderator = app.staff("mod@example.org", "moderator").await;
    let slug = app.open_contest(&admin, "tableau").await;
    let alice = participant_on(&app, "alice@example.org", Some(IPHONE)).await;
    let bob = participant_on(&app, "bob@example.org", Some(DESKTOP)).await;
    let a1 = app.approved_entry(&alice, &moderator, &slug, 1).await;
    app.approved_entry(&alice, &moderator, &slug, 2).await;
    let mut bus = entry_fields();
    bus.retain(|(k, _)| *k != "category");
    bus.push(("category", "Bus"));
    let res = app.submit(&bob, &slug, jpeg(40, 30, 3), &bus).await;
    let b1 = res.json::<Value>().await.unwrap()["id"].as_i64().unwrap();
    app.wait_processed(&bob, b1).await;
    assert_eq!(app.moderate(&moderator, b1, "approve", None).await.status(), StatusCode::OK);
    let res = app.submit(&bob, &slug, jpeg(40, 30, 4), &bus).await;
    let b2 = res.json::<Value>().await.unwrap()["id"].as_i64().unwrap();
    app.wait_processed(&bob, b2).await; // left awaiting moderation

    let v1 = participant_on(&app, "v1@example.org", Some(IPHONE)).await;
    let v2 = participant_on(&app, "v2@example.org", Some(TABLET)).await;
    let v3 = participant_on(&app, "v3@example.org", None).await;
    for (v, e) in [(&v1, a1), (&v2, a1), (&v3, a1), (&v1, b1)] {
        let res = app.vote(v, e).await;
        assert!(res.status().is_success(), "{}", res.text().await.unwrap());
    }

    let path = format!("/admin/c/{slug}/dashboard");
    let (status, page) = app.page_in(&admin, &path, "en").await;
    assert_eq!(status, StatusCode::OK);
    assert!(app.page_in(&admin, &format!("/admin/c/{slug}"), "en").await.1.contains(&format!("href=\"{path}\"")));

    // Per day: each bar is the database's count for that local day.
    let of_contest = "FROM entries WHERE contest_id = (SELECT id FROM contests WHERE slug = $1)";
    let uploads = column(&app, &format!("SELECT created_at {of_contest}"), &slug).await;
    let approvals = column(&app, &format!("SELECT moderated_at {of_contest} AND status = 'approved'"), &slug).await;
    let votes = column(
        &app,
        &format!("SELECT created_at FROM votes WHERE state = 'counted' AND entry_id IN (SELECT id {of_contest})"),
        &slug,
    )
    .await;
    assert_eq!((uploads.len(), approvals.len()), (4, 3));
    assert!(!votes.is_empty());
    for (id, times) in [("uploads", &uploads), ("approvals", &approvals), ("votes", &votes)] {
        // Each day written for people ("7 December 2026"), never as an ISO date.
        let expected: Vec<String> =
            per_day(times).into_iter().map(|(d, n)| format!("{}: {n}", d.format("%-d\u{a0}%B %Y"))).collect();
        let shown: Vec<String> = bars(chart(&page, id)).into_iter().filter(|b| !b.ends_with(": 0")).collect();
        assert_eq!(shown, expected, "{id}");
    }
    assert!(chart(&page, "uploads").contains("<title id=\"chart-uploads-title\">Photos received per day</title>"));

    // Categories, top entries and devices.
    assert_eq!(bars(chart(&page, "categories")), ["Tram: 2", "Bus: 2"]);
    let top_votes = column(
        &app,
        &format!("SELECT vote_count {of_contest} AND status = 'approved' ORDER BY vote_count DESC, id"),
        &slug,
    )
    .await;
    let expected_top: Vec<String> = top_votes.iter().map(|n| format!("Le tram au lever du jour: {n}")).collect();
    assert_eq!(bars(chart(&page, "top")), expected_top);
    assert_eq!(bars(chart(&page, "upload-devices")), ["Phone: 2", "Tablet: 0", "Computer: 2"]);
    assert_eq!(bars(chart(&page, "voter-devices")), ["Phone: 1", "Tablet: 1", "Computer: 0", "Unknown: 1"]);

    // The key numbers.
    for (label, n) in
        [("Photos received", 4), ("Participants", 2), ("Voters", 3), ("Published", 3), ("Awaiting moderation", 1)]
    {
        assert!(page.contains(&format!("<dt>{label}</dt><dd>{n}</dd>")), "{label}: {page}");
    }
    assert!(
        page.contains("The oldest photo awaiting moderation has waited ") && page.contains("(received on "),
        "{page}"
    );
    // Drawn without inline styles or scripts, in French too.
    assert!(!page.contains("style=\"") && !page.contains("<script>"));
    let (_, fr) = app.page_in(&admin, &path, "fr").await;
    assert_eq!(bars(chart(&fr, "upload-devices")), ["Téléphone: 2", "Tablette: 0", "Ordinateur: 2"]);
    let today = per_day(&uploads).into_keys().last().unwrap();
    let months = ["janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc."];
    let day = if today.day() == 1 { "1er".to_string() } else { today.day().to_string() };
    let axis = format!(">{day}\u{a0}{}<", months[today.month0() as usize]);
    assert!(chart(&fr, "uploads").contains(&axis), "the day on the French axis: {axis}");
    assert!(
        fr.contains("attend depuis ") && fr.contains("minute") && fr.contains("(reçue le "),
        "the backlog's age in French"
    );

    assert_eq!(app.page_in(&moderator, &path, "en").await.0, StatusCode::FORBIDDEN);
    assert_eq!(app.page_in(&admin, "/admin/c/nope/dashboard", "en").await.0, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn uploads_keep_the_class_of_the_device_that_sent_them_whatever_the_route() {
    let app = TestApp::spawn().await;
    let admin = app.staff("admin@example.org", "admin").await;
    let slug = app.open_contest(&admin, "appareils").await;
    let phone = participant_on(&app, "phone@example.org", Some(IPHONE)).await;
    let desk = participant_on(&app, "desk@example.org", Some(DESKTOP)).await;

    // Resumable (tus) from the phone: the class is taken when the upload is created.
    let photo = jpeg(40, 30, 1);
    let res = app.tus_create(&phone, &slug, photo.len(), &entry_fields()).await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let location = res.headers()["location"].to_str().unwrap().to_string();
    let res = app.tus_patch(&phone, &location, 0, photo).await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    let by_tus: i64 = res.headers()["declic-entry-id"].to_str().unwrap().parse().unwrap();
    // Multipart from the computer; a `device` field is no field of an entry (refused).
    let mut fields = entry_fields();
    fields.push(("device", "tablet"));
    let res = app.submit(&desk, &slug, jpeg(40, 30, 2), &fields).await;
    assert_eq!(crate::helpers::error_code(res).await, "unknown_field");
    let res = app.submit(&desk, &slug, jpeg(40, 30, 2), &entry_fields()).await;
    assert_eq!(res.status(), StatusCode::ACCEPTED);
    let by_form = res.json::<Value>().await.unwrap()["id"].as_i64().unwrap();

    let device = |sql: &'static str, id: i64| {
        let pool = app.probe.db.pool().clone();
        async move { sqlx::query_scalar::<_, Option<String>>(sql).bind(id).fetch_one(&pool).await.unwrap() }
    };
    assert_eq!(device("SELECT device FROM entries WHERE id = $1", by_tus).await.as_deref(), Some("phone"));
    assert_eq!(device("SELECT device FROM entries WHERE id = $1", by_form).await.as_deref(), Some("desktop"));
    let phone_id =
        phone.get(app.url("/api/v1/me")).send().await.unwrap().json::<Value>().await.unwrap()["id"].as_i64().unwrap();
    assert_eq!(device("SELECT device FROM users WHERE id = $1", phone_id).await.as_deref(), Some("phone"));
    // Erasure forgets it with the rest.
    let res = app.erase_user(&admin, phone_id).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(device("SELECT device FROM users WHERE id = $1", phone_id).await, None);
}

#[tokio::test]
async fn the_dashboard_says_where_authors_and_voters_came_from() {
    let app = TestApp::spawn().await;
    let admin = app.staff("admin@example.org", "admin").await;
    let moderator = app.staff("mod@example.org", "moderator").await;
    let slug = app.open_contest(&admin, "sources").await;
    // Each person arrives by a link, then signs in from that browser with the e-mailed code.
    let arrive = |email: &'static str, path: String, referrer: Option<&'static str>, later: bool| {
        let app = &app;
        async move {
            let client = app.client();
            let mut req = client.get(app.url(&path));
            if let Some(r) = referrer {
                req = req.header("Referer", r);
            }
            assert_eq!(req.send().await.unwrap().status(), StatusCode::OK);
            if later {
                // A later visit from elsewhere does not change where they first came from.
                client.get(app.url("/c/sources?utm_source=newsletter")).send().await.unwrap();
            }
            app.request_magic_link(&client, email).await;
            let code = app.login_code(email).await;
            let res = client
                .post(app.url("/api/v1/auth/code"))
                .json(&serde_json::json!({ "email": email, "code": code }))
                .send()
                .await
                .unwrap();
            assert_eq!(res.status(), StatusCode::OK);
            client
        }
    };
    let alice = arrive("alice@example.org", format!("/c/{slug}?utm_source=qr-bus-12"), None, true).await;
    let bob = arrive("bob@example.org", format!("/c/{slug}"), Some("https://l.facebook.com/l.php?u=x"), true).await;
    let v1 = arrive("v1@example.org", format!("/c/{slug}/gallery?utm_source=Affiche%20Gare"), None, true).await;
    let v2 = arrive("v2@example.org", format!("/c/{slug}"), Some("https://www.instagram.com/"), true).await;
    let v3 = arrive("v3@example.org", "/".to_string(), None, false).await;
    let a = app.approved_entry(&alice, &moderator, &slug, 1).await;
    app.approved_entry(&bob, &moderator, &slug, 2).await;
    for v in [&v1, &v2, &v3, &bob] {
        let res = app.vote(v, a).await;
        assert!(res.status().is_success(), "{}", res.text().await.unwrap());
    }
    let (_, page) = app.page_in(&admin, &format!("/admin/c/{slug}/dashboard"), "fr").await;
    assert_eq!(bars(chart(&page, "author-sources")), ["Facebook: 1", "QR code (affiches, véhicules): 1"]);
    assert_eq!(
        bars(chart(&page, "voter-sources")),
        ["Lien « affiche-gare »: 1", "Accès direct: 1", "Facebook: 1", "Instagram: 1"]
    );
    // The cookie holds a code and nothing else; a forged one is not believed.
    let forged = app.client();
    let res = forged
        .get(app.url(&format!("/c/{slug}")))
        .header("Cookie", "declic_src=<b>x</b>")
        .header("Referer", "https://t.co/abc")
        .send()
        .await
        .unwrap();
    let set = res.headers().get_all("set-cookie").iter().map(|v| v.to_str().unwrap().to_string()).collect::<Vec<_>>();
    assert!(set.iter().any(|c| c.starts_with("declic_src=x;") && c.contains("HttpOnly")), "{set:?}");
}
