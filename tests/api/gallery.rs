//! The gallery's orders: a fair shuffle stable per visitor (every approved entry exactly once,
//! whatever the page size), newest first, most voted once the contest shows its counts; the
//! category filter; keyset cursors; vote counts kept with each vote.

use std::collections::HashSet;

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::{TestApp, entry_fields, error_code, jpeg};

/// `n` approved entries of `slug`, written straight to the database (ordering needs many; their
/// pictures do not matter here), alternating between the contest's two categories.
async fn seed_approved(app: &TestApp, slug: &str, n: i64) -> Vec<(i64, i64, i64)> {
    let pool = app.probe.db.pool();
    let contest = declic::testing::contest_by_slug(pool, slug).await.unwrap().unwrap();
    let cats = declic::testing::categories(pool, contest.id).await.unwrap();
    let author = declic::testing::participant(
        &mut pool.acquire().await.unwrap(),
        &declic::testing::Email::parse("seed@example.org").unwrap(),
        0,
    )
    .await
    .unwrap();
    let mut out = Vec::new();
    for i in 0..n {
        let hash = blake3::hash(&i.to_le_bytes()).to_hex().to_string();
        let category = cats[(i % 2) as usize].id;
        let e = declic::testing::NewEntry {
            contest_id: contest.id,
            participant_id: author.id,
            category_id: Some(category),
            title: "Vue du tram",
            description: "Une vue depuis le tram.",
            original_hash: &hash,
            original_size: 1,
            original_format: "jpeg",
            rules_version: 1,
            duplicate_of: None,
            place: None,
            shuffle_rank: declic::testing::random_rank(),
            device: None,
            now: 1_000 + i,
        };
        let id = declic::testing::insert_entry(pool, &e).await.unwrap();
        sqlx::query("UPDATE entries SET status = 'approved', vote_count = $2, ranked_votes = $2 WHERE id = $1")
            .bind(id)
            .bind(i % 5)
            .execute(pool)
            .await
            .unwrap();
        out.push((id, category, i % 5));
    }
    out
}

fn ids(page: &Value) -> Vec<i64> {
    page["entries"].as_array().unwrap().iter().map(|e| e["id"].as_i64().unwrap()).collect()
}

/// Every id of the gallery with `query`, page by page (`limit` each); the filter (`category`)
/// goes with each cursor.
async fn walk(app: &TestApp, slug: &str, query: &str, limit: u32) -> Vec<i64> {
    let filter: String = query.split('&').filter(|p| p.starts_with("category=")).map(|p| format!("&{p}")).collect();
    let mut all = Vec::new();
    let mut page = app.gallery_query(&app.client(), slug, &format!("?{query}&limit={limit}")).await;
    loop {
        all.extend(ids(&page));
        let Some(cursor) = page["next_cursor"].as_str().map(str::to_string) else { break };
        page = app.gallery_query(&app.client(), slug, &format!("?cursor={cursor}&limit={limit}{filter}")).await;
    }
    all
}

#[tokio::test]
async fn the_shuffle_shows_every_photo_once_and_stays_put_for_a_visitor() {
    let app = TestApp::spawn().await;
    let admin = app.staff("admin@example.org", "admin").await;
    let slug = app.open_contest(&admin, "shuffle").await;
    let seeded = seed_approved(&app, &slug, 23).await;
    let everyone: HashSet<i64> = seeded.iter().map(|(id, _, _)| *id).collect();

    for (seed, limit) in [(0, 5), (1_000_000_000, 4), (2_147_483_647, 7), (123_456_789, 100)] {
        let order = walk(&app, &slug, &format!("order=shuffle&seed={seed}"), limit).await;
        assert_eq!(order.len(), everyone.len(), "seed {seed}: no photo twice");
        assert_eq!(order.iter().copied().collect::<HashSet<_>>(), everyone, "seed {seed}: no photo missed");
        let again = walk(&app, &slug, &format!("order=shuffle&seed={seed}"), limit).await;
        assert_eq!(again, order, "the same visitor sees the same order");
    }
    let a = walk(&app, &slug, "order=shuffle&seed=5", 23).await;
    let b = walk(&app, &slug, "order=shuffle&seed=1500000000", 23).await;
    assert_ne!(a, b, "visitors start at different points");
    // A rotation of one random order: the same cycle from another start.
    let start = b.iter().position(|id| *id == a[0]).unwrap();
    let rotated: Vec<i64> = b[start..].iter().chain(&b[..start]).copied().collect();
    assert_eq!(rotated, a);

    // Filtered by category: that category only, each once.
    let cat = seeded[0].1;
    let tram: HashSet<i64> = seeded.iter().filter(|(_, c, _)| *c == cat).map(|(id, _, _)| *id).collect();
    let order = walk(&app, &slug, &format!("order=shuffle&seed=77&category={cat}"), 3).await;
    assert_eq!(order.len(), tram.len());
    assert_eq!(order.into_iter().collect::<HashSet<_>>(), tram);
}

#[tokio::test]
async fn newest_and_most_voted_orders_page_by_keyset() {
    let app = TestApp::spawn().await;
    let admin = app.staff("admin@example.org", "admin").await;
    let slug = app.open_contest(&admin, "orders").await;
    let seeded = seed_approved(&app, &slug, 12).await;

    let mut newest: Vec<i64> = seeded.iter().map(|(id, _, _)| *id).collect();
    newest.sort_unstable_by_key(|id| std::cmp::Reverse(*id));
    assert_eq!(walk(&app, &slug, "order=newest", 5).await, newest);

    // Vote counts stay hidden until the results, unless the contest shows them.
    let res = app.client().get(app.url(&format!("/api/v1/contests/{slug}/gallery?order=votes"))).send().await.unwrap();
    assert_eq!((res.status(), error_code(res).await.as_str()), (StatusCode::CONFLICT, "votes_hidden"));
    sqlx::query("UPDATE contests SET public_vote_counts = 1 WHERE slug = $1")
        .bind(&slug)
        .execute(app.probe.db.pool())
        .await
        .unwrap();
    let mut by_votes = seeded.clone();
    by_votes.sort_unstable_by_key(|e| std::cmp::Reverse((e.2, e.0)));
    let expected: Vec<i64> = by_votes.iter().map(|(id, _, _)| *id).collect();
    assert_eq!(walk(&app, &slug, "order=votes", 4).await, expected);

    for (query, code) in
        [("?cursor=zz", "invalid_cursor"), ("?cursor=s.1.2", "invalid_cursor"), ("?order=best", "invalid_order")]
    {
        let res = app.client().get(app.url(&format!("/api/v1/contests/{slug}/gallery{query}"))).send().await.unwrap();
        assert_eq!((res.status(), error_code(res).await.as_str()), (StatusCode::BAD_REQUEST, code), "{query}");
    }
}

#[tokio::test]
async fn each_vote_is_counted_and_an_erased_voters_vote_stays_anonymous() {
    let app = TestApp::spawn().await;
    let admin = app.staff("admin@example.org", "admin").await;
    let slug = app.open_contest(&admin, "counts").await;
    let alice = app.participant("alice@example.org").await;
    let res = app.submit(&alice, &slug, jpeg(40, 30, 1), &entry_fields()).await;
    let id = res.json::<Value>().await.unwrap()["id"].as_i64().unwrap();
    app.wait_processed(&alice, id).await;
    let moderator = app.staff("mod@example.org", "moderator").await;
    app.moderate(&moderator, id, "approve", None).await;
    let count = || async { declic::testing::entry(app.probe.db.pool(), id).await.unwrap().unwrap().vote_count };
    let bob = app.participant("bob@example.org").await;
    let carol = app.participant("carol@example.org").await;
    assert!(app.vote(&bob, id).await.status().is_success());
    assert!(app.vote(&carol, id).await.status().is_success());
    assert_eq!(app.vote(&bob, id).await.status(), StatusCode::CONFLICT);
    assert_eq!(count().await, 2);
    let ranked = || async { declic::testing::entry(app.probe.db.pool(), id).await.unwrap().unwrap().ranked_votes };
    let ranked_before = ranked().await;
    let res = bob.delete(app.url("/api/v1/me")).send().await.unwrap();
    assert!(res.status().is_success(), "{}", res.status());
    // Published totals do not move: the erased voter's vote stays, linked to no one.
    assert_eq!(count().await, 2, "the erased voter's vote still counts");
    assert_eq!(ranked().await, ranked_before, "nor does the most-voted order");
}

#[tokio::test]
async fn votes_move_a_photo_up_the_most_voted_order_within_seconds() {
    let app = TestApp::spawn().await;
    let admin = app.staff("admin@example.org", "admin").await;
    let slug = app.open_contest(&admin, "climb").await;
    let res = app.set_voting(&admin, &slug, &json!({ "rule": "per_entry", "public_vote_counts": true })).await;
    assert_eq!(res.status(), StatusCode::OK, "{}", res.text().await.unwrap());
    let moderator = app.staff("mod@example.org", "moderator").await;
    let alice = app.participant("alice@example.org").await;
    let older = app.approved_entry(&alice, &moderator, &slug, 1).await;
    let newer = app.approved_entry(&alice, &moderator, &slug, 2).await;
    assert_eq!(walk(&app, &slug, "order=votes", 1).await, vec![newer, older], "no votes yet: newest first");

    for voter in ["bob@example.org", "carol@example.org"] {
        let voter = app.participant(voter).await;
        let res = app.vote(&voter, older).await;
        assert_eq!(res.status(), StatusCode::CREATED);
        assert_eq!(res.json::<Value>().await.unwrap()["entry_id"], older);
    }
    // The count is kept with each vote; the order follows within a few seconds (the vote
    // writers catch it up every `RANK_EVERY`), and its pages still chain by keyset.
    let entry = declic::testing::entry(app.probe.db.pool(), older).await.unwrap().unwrap();
    assert_eq!(entry.vote_count, 2);
    let mut order = Vec::new();
    for _ in 0..100 {
        order = walk(&app, &slug, "order=votes", 1).await;
        if order == vec![older, newer] {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert_eq!(order, vec![older, newer], "the voted photo leads the most-voted order");
    let ranked = declic::testing::entry(app.probe.db.pool(), older).await.unwrap().unwrap().ranked_votes;
    assert_eq!(ranked, 2);

    // An instance stopped before catching up: the next one catches up as it starts.
    sqlx::query("UPDATE entries SET vote_count = 5 WHERE id = $1")
        .bind(newer)
        .execute(app.probe.db.pool())
        .await
        .unwrap();
    let app = app.restart(true).await;
    assert_eq!(walk(&app, &slug, "order=votes", 1).await, vec![newer, older]);
}

#[tokio::test]
async fn the_gallery_page_remembers_the_visitors_shuffle() {
    let app = TestApp::spawn().await;
    let admin = app.staff("admin@example.org", "admin").await;
    let slug = app.open_contest(&admin, "visitor").await;
    seed_approved(&app, &slug, 30).await;
    let visitor = app.client();
    let res = visitor.get(app.url(&format!("/c/{slug}/gallery"))).send().await.unwrap();
    let cookie = res.headers()["set-cookie"].to_str().unwrap().to_string();
    assert!(cookie.starts_with("gseed=") && cookie.contains("HttpOnly"), "{cookie}");
    let first = res.text().await.unwrap();
    assert!(first.contains(r#"aria-current="page">Mélangé"#), "the shuffle is the default order");
    let again = visitor.get(app.url(&format!("/c/{slug}/gallery"))).send().await.unwrap();
    assert!(again.headers().get("set-cookie").is_none(), "the seed is kept");
    let links = |html: &str| html.matches("href=\"/e/").count();
    let again = again.text().await.unwrap();
    assert_eq!(links(&again), links(&first));
    let entry_links = |html: &str| html.split("href=\"/e/").skip(1).map(|s| s[..8].to_string()).collect::<Vec<_>>();
    assert_eq!(entry_links(&again), entry_links(&first), "same visitor, same order");
    assert!(first.contains("cursor=s."), "a link to the next page: {first}");
    let newest =
        visitor.get(app.url(&format!("/c/{slug}/gallery?order=newest"))).send().await.unwrap().text().await.unwrap();
    assert!(newest.contains(r#"aria-current="page">Les plus récentes"#));
    assert!(!newest.contains("Les plus votées"), "no vote order before the results");
}

#[tokio::test]
async fn the_atom_feed_lists_newly_approved_public_photos() {
    let app = TestApp::spawn().await;
    let admin = app.staff("admin@example.org", "admin").await;
    let moderator = app.staff("mod@example.org", "moderator").await;
    let slug = app.open_contest(&admin, "feed").await;
    let alice = app.participant("alice@example.org").await;
    let mut ids = Vec::new();
    for (seed, title) in [(1u8, "Tram & bus <au> lever"), (2, "Second"), (3, "Troisième")] {
        let fields: Vec<_> =
            entry_fields().into_iter().map(|(k, v)| if k == "title" { (k, title) } else { (k, v) }).collect();
        let res = app.submit(&alice, &slug, jpeg(40, 30, seed), &fields).await;
        let id = res.json::<Value>().await.unwrap()["id"].as_i64().unwrap();
        app.wait_processed(&alice, id).await;
        ids.push(id);
    }
    app.moderate(&moderator, ids[0], "approve", None).await;
    app.moderate(&moderator, ids[1], "approve", None).await;
    let res = moderator
        .put(app.url(&format!("/api/v1/entries/{}/hidden", ids[1])))
        .json(&json!({ "hidden": true }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::NO_CONTENT);

    let res = app.client().get(app.url(&format!("/c/{slug}/feed.atom"))).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers()["content-type"], "application/atom+xml; charset=utf-8");
    let feed = res.text().await.unwrap();
    assert!(feed.starts_with("<?xml") && feed.contains(r#"<feed xmlns="http://www.w3.org/2005/Atom">"#));
    assert_eq!(feed.matches("<entry>").count(), 1, "only the approved photo still shown: {feed}");
    assert!(feed.contains("<title>Tram &amp; bus &lt;au&gt; lever</title>"), "{feed}");
    assert!(feed.contains(&format!("/e/{}</id>", ids[0])) && feed.contains("share.jpg"), "{feed}");
    let gallery = app.client().get(app.url(&format!("/c/{slug}/gallery"))).send().await.unwrap().text().await.unwrap();
    assert!(gallery.contains(&format!(
        r#"type="application/atom+xml" title="Partageons nos humeurs voyageuses" href="/c/{slug}/feed.atom""#
    )));
}
