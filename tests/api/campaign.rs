//! The campaign's public face: the home page's contest cards and the contest's landing page
//! (mosaic, countdown, timetable in words, latest photos, covers as mockups, rules in brief),
//! with dates and numbers written the reader's way.

use reqwest::StatusCode;

use crate::helpers::*;

const MONTHS_FR: [&str; 12] = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
];

/// The page's text as a person reads it: tags and attributes dropped.
fn visible(html: &str) -> String {
    let body = html.split("<body>").nth(1).unwrap_or(html);
    let mut out = String::new();
    let mut in_tag = false;
    for c in body.chars() {
        match c {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                out.push(' ');
            }
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}

/// The content of the page's `<meta property|name="{key}">`.
fn meta<'a>(html: &'a str, key: &str) -> Option<&'a str> {
    let pattern = format!(r#"="{key}" content=""#);
    let rest = &html[html.find(&pattern)? + pattern.len()..];
    rest.split('"').next()
}

/// The page has a complete share card: title, words, its own absolute address, and an image.
fn assert_share_card(html: &str, base: &str, path: &str) {
    assert!(meta(html, "og:title").is_some_and(|t| !t.is_empty()), "og:title: {html}");
    assert!(meta(html, "og:description").is_some_and(|t| !t.is_empty()), "og:description");
    assert_eq!(meta(html, "og:url"), Some(format!("{base}{path}").as_str()), "og:url");
    let image = meta(html, "og:image").expect("og:image");
    assert!(image.starts_with("http") && image.contains("share"), "an absolute share image: {image}");
    assert_eq!(meta(html, "twitter:card"), Some("summary_large_image"));
    assert!(meta(html, "og:image:alt").is_some_and(|t| !t.is_empty()));
}

/// No machine date reaches a person: no `2026-12-06`, `06/12/2026` or `T14:00`.
fn assert_no_machine_dates(text: &str) {
    let bytes: Vec<char> = text.chars().collect();
    for w in bytes.windows(10) {
        let s: String = w.iter().collect();
        let digits = |r: std::ops::Range<usize>| s[r].chars().all(|c| c.is_ascii_digit());
        let iso = s.len() == 10 && digits(0..4) && &s[4..5] == "-" && digits(5..7) && &s[7..8] == "-" && digits(8..10);
        let slashed =
            s.len() == 10 && digits(0..2) && &s[2..3] == "/" && digits(3..5) && &s[5..6] == "/" && digits(6..10);
        assert!(!iso && !slashed, "a machine date reaches the reader: {s:?} in {text}");
    }
}

#[tokio::test]
async fn the_home_page_shows_a_card_per_contest_with_its_countdown_in_words() {
    let app = TestApp::spawn().await;
    let admin = app.staff("admin@example.org", "admin").await;
    let moderator = app.staff("moderator@example.org", "moderator").await;
    let slug = app.open_contest(&admin, "cartes").await;
    let alice = app.participant("alice@example.org").await;
    let id = app.approved_entry(&alice, &moderator, &slug, 1).await;

    let (status, html) = app.page_in(&app.client(), "/", "fr").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains(r#"class="contest-card""#) && html.contains(&format!(r#"href="/c/{slug}""#)), "{html}");
    let text = visible(&html);
    assert!(text.contains("Partageons nos humeurs voyageuses") && text.contains("dépôt des photos ouvert"), "{text}");
    assert!(text.contains("Plus que") && text.contains("pour participer"), "the countdown: {text}");
    assert!(MONTHS_FR.iter().any(|m| text.contains(m)), "a French month name: {text}");
    assert!(text.contains("1 photo") && !text.contains("1 photos"), "{text}");
    assert_no_machine_dates(&text);
    // The card's picture is the latest approved photo.
    let view: serde_json::Value = app.entry(&app.client(), id).await.json().await.unwrap();
    let any_url = view["renditions"][0]["url"].as_str().unwrap().to_string();
    let stem = any_url.rsplit_once('/').unwrap().0;
    assert!(html.contains(stem), "the card shows the photo: {html}");

    assert_share_card(&html, app.settings.public_url.as_str().trim_end_matches('/'), "/");

    let (_, html) = app.page_in(&app.client(), "/", "en").await;
    let text = visible(&html);
    assert!(text.contains("Only") && text.contains("left to take part"), "{text}");
    assert_no_machine_dates(&text);
}

#[tokio::test]
async fn the_contest_page_is_a_landing_page() {
    let app = TestApp::spawn().await;
    let admin = app.staff("admin@example.org", "admin").await;
    let moderator = app.staff("moderator@example.org", "moderator").await;
    let slug = app.open_contest(&admin, "accueil").await;
    let alice = app.participant("alice@example.org").await;
    let shown = app.approved_entry(&alice, &moderator, &slug, 1).await;
    // A photo waiting for moderation is nowhere on the public page.
    let mut fields = entry_fields();
    fields[0] = ("title", "En attente de modération");
    let res = app.submit(&alice, &slug, jpeg(640, 480, 2), &fields).await;
    assert!(res.status().is_success(), "{}", res.text().await.unwrap());

    let (status, html) = app.page_in(&app.client(), &format!("/c/{slug}"), "fr").await;
    assert_eq!(status, StatusCode::OK);
    let text = visible(&html);
    // The hero: the phase, the title, the countdown, « Participer » to the form, the gallery's size.
    assert!(html.contains(r#"class="hero""#) && html.contains(r#"class="mosaic""#), "{html}");
    assert!(html.contains(r##"href="#participer""##) && text.contains("Participer"), "{text}");
    assert!(text.contains("Plus que") && text.contains("Voir les 1 photo"), "{text}");
    // The latest photos, with their titles; the pending one is not there.
    assert!(html.contains(&format!(r#"href="/e/{shown}""#)), "{html}");
    // The photo's own card names the contest.
    let (_, photo) = app.page_in(&app.client(), &format!("/e/{shown}"), "fr").await;
    assert_share_card(&photo, app.settings.public_url.as_str().trim_end_matches('/'), &format!("/e/{shown}"));
    assert_eq!(meta(&photo, "og:title"), Some("Le tram au lever du jour · Partageons nos humeurs voyageuses"));
    assert!(!text.contains("En attente de modération"), "{text}");
    // The timetable in words, the current step marked.
    for step in ["Dépôt des photos", "Vote du public", "Délibération du jury", "Résultats"] {
        assert!(text.contains(step), "{step}: {text}");
    }
    assert!(html.contains(r#"aria-current="step""#), "{html}");
    assert!(text.contains(" au ") && MONTHS_FR.iter().any(|m| text.contains(m)), "{text}");
    // The rules in brief, with the link to the whole text; the cover slot by name and size.
    assert!(text.contains("Règlement du concours.") && html.contains(&format!(r#"href="/c/{slug}/rules""#)));
    assert!(text.contains("Guide T1") && text.contains("148 × 210 mm"), "{text}");
    assert_no_machine_dates(&text);
    let base = app.settings.public_url.as_str().trim_end_matches('/').to_string();
    assert_share_card(&html, &base, &format!("/c/{slug}"));
    assert_eq!(meta(&html, "og:title"), Some("Partageons nos humeurs voyageuses"));
    let (_, gallery) = app.page_in(&app.client(), &format!("/c/{slug}/gallery"), "fr").await;
    assert_share_card(&gallery, &base, &format!("/c/{slug}/gallery"));

    let (_, html) = app.page_in(&app.client(), &format!("/c/{slug}"), "en").await;
    let text = visible(&html);
    assert!(text.contains("Photo submissions") && text.contains("Public vote") && text.contains("See the 1 photo"));
    assert_no_machine_dates(&text);
}

#[tokio::test]
async fn a_cover_mockup_is_public_once_given() {
    let app = TestApp::spawn().await;
    let admin = app.staff("admin@example.org", "admin").await;
    let slug = app.open_contest(&admin, "maquettes").await;
    let url = format!("/c/{slug}/covers/guide-t1/mockup.png");
    let res = app.client().get(app.url(&url)).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    let (_, html) = app.page_in(&app.client(), &format!("/c/{slug}"), "fr").await;
    assert!(!html.contains(&url), "no mockup shown before one is given");

    // 154 × 216 mm with bleed at a few pixels per mm: the slot's printed shape.
    let png = {
        let img = image::RgbaImage::from_fn(154 * 2, 216 * 2, |_, y| {
            if y < 60 { image::Rgba([200, 30, 30, 255]) } else { image::Rgba([0, 0, 0, 0]) }
        });
        let mut out = Vec::new();
        img.write_to(&mut std::io::Cursor::new(&mut out), image::ImageFormat::Png).unwrap();
        out
    };
    let res = app.set_mockup(&admin, &slug, "guide-t1", png, None).await;
    assert!(res.status().is_success(), "{}", res.text().await.unwrap());
    let res = app.client().get(app.url(&url)).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers()["content-type"], "image/png");
    assert!(res.headers()["cache-control"].to_str().unwrap().starts_with("public"));
    let (_, html) = app.page_in(&app.client(), &format!("/c/{slug}"), "fr").await;
    assert!(html.contains(&url) && html.contains("Maquette de la couverture « Guide T1 »"), "{html}");
    let res = app.client().get(app.url(&format!("/c/{slug}/covers/nothing/mockup.png"))).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_fresh_start_shows_a_living_demo_gallery() {
    let app = TestApp::spawn_with(&[("demo", "true")]).await;
    // Eleven real photos, received, rendered and approved through the real pipeline.
    let gallery = app.gallery_query(&app.client(), "demo", "?limit=50").await;
    let entries = gallery["entries"].as_array().unwrap();
    assert_eq!(entries.len(), 11, "{gallery}");
    for e in entries {
        assert_eq!(e["status"], "approved");
        assert!(e["renditions"].as_array().unwrap().len() >= 4, "rendered: {e}");
        assert!(e["author"].as_str().is_some_and(|a| !a.contains('@')), "credited by name: {e}");
        assert!(!e["description"].as_str().unwrap().is_empty(), "described for screen readers");
    }
    let authors: std::collections::BTreeSet<&str> = entries.iter().filter_map(|e| e["author"].as_str()).collect();
    assert!(authors.contains("Risto Saukonpää") && authors.contains("Dmitri Popov"), "{authors:?}");
    // Each with its consent record, as any entry.
    let consents: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM entry_consents").fetch_one(app.probe.db.pool()).await.unwrap();
    assert_eq!(consents, 11);
    // A few votes, counted and logged alike.
    let votes: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM votes").fetch_one(app.probe.db.pool()).await.unwrap();
    assert_eq!(votes, 12);
    assert!(app.probe.recount(true).await.unwrap().is_empty(), "totals agree with the log");
    // The landing page shows them; a second start adds nothing.
    let (_, html) = app.page_in(&app.client(), "/c/demo", "fr").await;
    assert!(html.contains("Voir les 11 photos"), "{html}");
    let app = app.restart(true).await;
    let gallery = app.gallery_query(&app.client(), "demo", "?limit=50").await;
    assert_eq!(gallery["entries"].as_array().unwrap().len(), 11);
}

#[tokio::test]
async fn a_vote_says_thank_you_once_and_offers_the_next_photo() {
    let app = TestApp::spawn().await;
    let admin = app.staff("admin@example.org", "admin").await;
    let moderator = app.staff("moderator@example.org", "moderator").await;
    let slug = app.open_contest(&admin, "suivante").await;
    let alice = app.participant("alice@example.org").await;
    let bob = app.participant("bob@example.org").await;
    let first = app.approved_entry(&alice, &moderator, &slug, 1).await;
    let second = app.approved_entry(&alice, &moderator, &slug, 2).await;
    let bobs = app.approved_entry(&bob, &moderator, &slug, 3).await;

    // Bob's gallery: a vote button on Alice's photos, none on his own.
    let (_, html) = app.page_in(&bob, &format!("/c/{slug}/gallery"), "fr").await;
    for id in [first, second] {
        assert!(html.contains(&format!(r#"action="/e/{id}/vote""#)), "a vote button on {id}: {html}");
    }
    assert!(!html.contains(&format!(r#"action="/e/{bobs}/vote""#)), "none on his own photo");
    let named = r#"Voter<span class="sr-only"> pour « Le tram au lever du jour »</span>"#;
    assert!(html.contains(named), "each button names its photo");

    assert_eq!(app.vote(&bob, first).await.status(), StatusCode::CREATED);
    let (_, html) = app.page_in(&bob, &format!("/e/{first}?voted=1"), "fr").await;
    let text = visible(&html);
    assert_eq!(text.matches("Merci").count(), 1, "one thank-you: {text}");
    assert!(html.contains(&format!(r#"href="/e/{second}""#)) && text.contains("Photo suivante"), "{text}");
    // Coming back later: the page says it was voted for, and still offers the next photo.
    let (_, html) = app.page_in(&bob, &format!("/e/{first}"), "fr").await;
    assert!(visible(&html).contains("Vous avez voté pour cette photo"));
    assert!(html.contains(&format!(r#"href="/e/{second}""#)));
    // The gallery marks it as voted; once every other photo is voted for, no next photo is offered.
    let (_, html) = app.page_in(&bob, &format!("/c/{slug}/gallery"), "fr").await;
    assert!(!html.contains(&format!(r#"action="/e/{first}/vote""#)) && visible(&html).contains("Vous avez voté"));
    assert_eq!(app.vote(&bob, second).await.status(), StatusCode::CREATED);
    let (_, html) = app.page_in(&bob, &format!("/e/{second}?voted=1"), "fr").await;
    assert!(!visible(&html).contains("Photo suivante"), "nothing left to vote for");

    // A visitor's cards lead to sign-in, back to the photo.
    let (_, html) = app.page_in(&app.client(), &format!("/c/{slug}/gallery"), "en").await;
    assert!(html.contains(&format!(r#"href="/login?next=/e/{first}""#)), "{html}");
    assert!(html.contains(r#"Vote<span class="sr-only"> for “Le tram au lever du jour”</span>"#));
}

#[tokio::test]
async fn an_approved_photo_comes_with_its_link_and_ways_to_share_it() {
    let app = TestApp::spawn().await;
    let admin = app.staff("admin@example.org", "admin").await;
    let moderator = app.staff("moderator@example.org", "moderator").await;
    let slug = app.open_contest(&admin, "partage").await;
    let alice = app.participant("alice@example.org").await;
    let id = app.approved_entry(&alice, &moderator, &slug, 1).await;
    let url = format!("{}/e/{id}", app.settings.public_url.as_str().trim_end_matches('/'));

    // The approval e-mail: the photo's address and a share link per network.
    app.decision_mails_now().await;
    let mail = app.newest_mail("alice@example.org").await;
    assert!(mail.contains(&url), "{mail}");
    assert!(mail.contains("Partagez-la pour récolter des votes"), "{mail}");
    assert!(mail.contains("Facebook : https://www.facebook.com/sharer/sharer.php?u="), "{mail}");
    assert!(mail.contains("WhatsApp : https://api.whatsapp.com/send?text="), "{mail}");

    // « Mes photos »: the public photo is a link, with a way to share it.
    let (_, html) = app.page_in(&alice, "/me", "fr").await;
    assert!(html.contains(&format!(r#"<a href="/e/{id}">Le tram au lever du jour</a>"#)), "{html}");
    assert!(
        html.contains(&format!(r##"href="/e/{id}#share-heading""##))
            && html.contains("Partager pour récolter des votes")
    );

    // Her own photo's page invites her to share it where others see the vote button.
    let (_, html) = app.page_in(&alice, &format!("/e/{id}"), "fr").await;
    assert!(visible(&html).contains("votre photo : partagez-la pour récolter des votes."), "{html}");
    assert!(!html.contains(&format!(r#"action="/e/{id}/vote""#)));
    let (_, html) = app.page_in(&app.client(), &format!("/e/{id}"), "fr").await;
    assert!(!visible(&html).contains("partagez-la pour récolter"), "not for others");
}

#[tokio::test]
async fn without_javascript_a_vote_is_confirmed_on_a_page_after_a_short_pause() {
    let app = TestApp::spawn().await;
    let admin = app.staff("admin@example.org", "admin").await;
    let moderator = app.staff("moderator@example.org", "moderator").await;
    let slug = app.open_contest(&admin, "sans-js").await;
    let alice = app.participant("alice@example.org").await;
    let bob = app.participant("bob@example.org").await;
    let id = app.approved_entry(&alice, &moderator, &slug, 1).await;

    // The vote form sent without its script's proof: a confirmation page with a ticket.
    let res = app.post_form(&bob, &format!("/e/{id}/vote"), "fr", &[("altcha", ""), ("website", "")]).await;
    assert_eq!(res.status(), StatusCode::OK);
    let html = res.text().await.unwrap();
    assert!(html.contains("Voter pour « Le tram au lever du jour »") && html.contains("Confirmer mon vote"), "{html}");
    let ticket = html.split(r#"name="pause" value=""#).nth(1).unwrap().split('"').next().unwrap().to_string();
    // Confirmed at once: too soon; the page comes back with why, and a new ticket.
    let res = app.post_form(&bob, &format!("/e/{id}/vote"), "fr", &[("pause", &ticket)]).await;
    assert_eq!(res.status(), StatusCode::CONFLICT);
    assert!(res.text().await.unwrap().contains("Patientez encore quelques secondes"));
    // Another voter's ticket, or one made up, is refused.
    let res = app.post_form(&alice, &format!("/e/{id}/vote"), "fr", &[("pause", &ticket)]).await;
    assert!(res.status().is_client_error());
    let res = app.post_form(&bob, &format!("/e/{id}/vote"), "fr", &[("pause", "a.1.2.3.b")]).await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);

    tokio::time::sleep(std::time::Duration::from_millis(3_100)).await;
    let res = app.post_form(&bob, &format!("/e/{id}/vote"), "fr", &[("pause", &ticket)]).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(res.headers()["location"], format!("/e/{id}?voted=1").as_str());
    assert_eq!(declic::testing::entry(app.probe.db.pool(), id).await.unwrap().unwrap().vote_count, 1);
    // A ticket opens one vote only.
    let res = app.post_form(&bob, &format!("/e/{id}/vote"), "fr", &[("pause", &ticket)]).await;
    assert_eq!(res.status(), StatusCode::CONFLICT);
    assert_eq!(declic::testing::entry(app.probe.db.pool(), id).await.unwrap().unwrap().vote_count, 1);
    assert!(app.probe.recount(true).await.unwrap().is_empty());
}

#[tokio::test]
async fn signed_in_voters_share_one_cached_gallery_page_with_their_own_standing_added() {
    let app = TestApp::spawn_with(&[("page_cache_secs", "60")]).await;
    let admin = app.staff("admin@example.org", "admin").await;
    let moderator = app.staff("moderator@example.org", "moderator").await;
    let slug = app.open_contest(&admin, "partagee").await;
    let alice = app.participant("alice@example.org").await;
    let bob = app.participant("bob@example.org").await;
    let carol = app.participant("carol@example.org").await;
    let first = app.approved_entry(&alice, &moderator, &slug, 1).await;
    let bobs = app.approved_entry(&bob, &moderator, &slug, 2).await;
    let gallery = format!("/c/{slug}/gallery");
    // Started in the same period, their shuffles start at the same point: one shared page.
    let page = |client: &reqwest::Client| {
        let (app, gallery) = (&app, &gallery);
        let client = client.clone();
        async move {
            let res = client.get(app.url(gallery)).send().await.unwrap();
            assert_eq!(res.status(), StatusCode::OK);
            res.text().await.unwrap()
        }
    };
    let button = |id: i64| format!(r#"action="/e/{id}/vote""#);
    let (b, c) = (page(&bob).await, page(&carol).await);
    assert!(b.contains(&button(first)) && !b.contains(&button(bobs)), "no button on Bob's own photo: {b}");
    assert!(c.contains(&button(first)) && c.contains(&button(bobs)), "{c}");
    assert!(b.contains(r#"<p class="who">bob@example.org</p>"#) && !b.contains("carol@"), "{b}");
    assert!(c.contains(r#"<p class="who">carol@example.org</p>"#) && !c.contains("bob@"), "{c}");
    for html in [&b, &c] {
        assert!(!html.contains("<!--declic:"), "no marker reaches a browser");
    }
    // A vote shows at once on the voter's own page; the others' stay as they were.
    assert_eq!(app.vote(&bob, first).await.status(), StatusCode::CREATED);
    let b = page(&bob).await;
    assert!(!b.contains(&button(first)) && visible(&b).contains("Vous avez voté"), "{b}");
    let c = page(&carol).await;
    assert!(c.contains(&button(first)) && !visible(&c).contains("Vous avez voté"));
    // Anonymous visitors still get the page without anyone's standing.
    let anonymous = app.client().get(app.url(&gallery)).send().await.unwrap().text().await.unwrap();
    assert!(!anonymous.contains("class=\"who\"") && anonymous.contains(&format!("/login?next=/e/{first}")));

    // The photo page too: one shared page, each voter's own vote section.
    let photo = |client: &reqwest::Client, path: String| {
        let (app, client) = (&app, client.clone());
        async move { client.get(app.url(&path)).send().await.unwrap().text().await.unwrap() }
    };
    let c = photo(&carol, format!("/e/{first}")).await;
    assert!(c.contains(&button(first)) && c.contains(r#"<p class="who">carol@example.org</p>"#), "{c}");
    let b = photo(&bob, format!("/e/{first}?voted=1")).await;
    let text = visible(&b);
    assert!(!b.contains(&button(first)) && text.matches("Merci").count() == 1, "{text}");
    assert!(b.contains(r#"<p class="who">bob@example.org</p>"#) && !b.contains("carol@"));
    let a = photo(&alice, format!("/e/{first}")).await;
    assert!(
        !a.contains(&button(first)) && a.contains("votre photo : partagez-la"),
        "her own photo invites to share: {a}"
    );
    for html in [&a, &b, &c] {
        assert!(!html.contains("<!--declic:"), "no marker reaches a browser");
    }
}

#[tokio::test]
async fn a_shared_photo_shows_a_branded_image_naming_its_contest() {
    let app = TestApp::spawn().await;
    let admin = app.staff("admin@example.org", "admin").await;
    let moderator = app.staff("moderator@example.org", "moderator").await;
    let slug = app.open_contest(&admin, "marque").await;
    let alice = app.participant("alice@example.org").await;
    let res = alice.patch(app.url("/api/v1/me")).json(&serde_json::json!({ "display_name": "Alice T." })).send().await;
    assert!(res.unwrap().status().is_success());
    let id = app.approved_entry(&alice, &moderator, &slug, 1).await;
    // The photo page's card points at the branded image, which is a 1200 × 630 JPEG.
    let (_, html) = app.page_in(&app.client(), &format!("/e/{id}"), "fr").await;
    let og_image = meta(&html, "og:image").unwrap();
    assert!(og_image.starts_with("http") && og_image.ends_with(&format!("/e/{id}/share.jpg")), "{og_image}");
    let get = || async {
        let res = app.client().get(app.url(&format!("/e/{id}/share.jpg"))).send().await.unwrap();
        assert_eq!(res.status(), StatusCode::OK);
        assert_eq!(res.headers()["content-type"], "image/jpeg");
        res.bytes().await.unwrap()
    };
    let first = get().await;
    let img = image::load_from_memory(&first).unwrap();
    assert_eq!((img.width(), img.height()), (1200, 630));
    assert_eq!(get().await, first, "kept while its branding stays");
    // A new name for the contest makes a new image.
    let res = admin
        .patch(app.url(&format!("/api/v1/contests/{slug}")))
        .json(&serde_json::json!({ "title": "Un tout autre nom" }))
        .send()
        .await
        .unwrap();
    assert!(res.status().is_success(), "{}", res.text().await.unwrap());
    assert_ne!(get().await, first, "the band follows the contest's name");
    // A photo that is not public has no share image.
    let res = app.submit(&alice, &slug, jpeg(40, 30, 9), &entry_fields()).await;
    let pending = res.json::<serde_json::Value>().await.unwrap()["id"].as_i64().unwrap();
    let res = app.client().get(app.url(&format!("/e/{pending}/share.jpg"))).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
}
