//! The contest's voting rule (one vote per entry, N per contest, N per day), the proof of work a
//! vote needs (with replay protection), and suspicious bursts held in quarantine until staff
//! include or exclude them (audited, totals recomputable from the log).

use std::sync::Arc;

use reqwest::{Client, StatusCode};
use serde_json::{Value, json};

use crate::helpers::{TestApp, error_code};

/// `n` approved entries by alice in a new open contest, with `voting` set; (admin, slug, entries).
async fn contest_with(app: &TestApp, slug: &str, voting: Value, n: u8) -> (Client, String, Vec<i64>) {
    let admin = app.staff("admin@example.org", "admin").await;
    let slug = app.open_contest(&admin, slug).await;
    let res = app.set_voting(&admin, &slug, &voting).await;
    assert_eq!(res.status(), StatusCode::OK, "{}", res.text().await.unwrap());
    let moderator = app.staff("mod@example.org", "moderator").await;
    let alice = app.participant("alice@example.org").await;
    let mut ids = Vec::new();
    for i in 0..n {
        ids.push(app.approved_entry(&alice, &moderator, &slug, i + 1).await);
    }
    (admin, slug, ids)
}

fn quiet(rule: &str, n: Option<i64>) -> Value {
    json!({ "rule": rule, "votes_per_voter": n,
        "suspicion": { "window_secs": 600, "network_votes": 0, "new_account_votes": 0, "agent_votes": 0 } })
}

async fn kept(app: &TestApp, id: i64) -> i64 {
    declic::testing::entry(app.probe.db.pool(), id).await.unwrap().unwrap().vote_count
}

async fn voted(res: reqwest::Response) -> Value {
    assert_eq!(res.status(), StatusCode::CREATED);
    res.json().await.unwrap()
}

#[tokio::test]
async fn a_vote_needs_its_own_solved_challenge() {
    let app = TestApp::spawn().await;
    let (_, _, ids) = contest_with(&app, "pow", quiet("per_entry", None), 2).await;
    let bob = app.participant("bob@example.org").await;
    let url = app.url(&format!("/api/v1/entries/{}/vote", ids[0]));
    let res = bob.post(&url).send().await.unwrap();
    assert_eq!((res.status(), error_code(res).await.as_str()), (StatusCode::BAD_REQUEST, "pow_required"));
    let res = app.vote_with(&bob, ids[0], "not base64 json").await;
    assert_eq!((res.status(), error_code(res).await.as_str()), (StatusCode::BAD_REQUEST, "pow_invalid"));
    let res = bob.post(&url).body("{").header("content-type", "application/json").send().await.unwrap();
    assert_eq!(error_code(res).await, "invalid_json");

    // A challenge with a wrong number, or one the server did not sign, is refused.
    let challenge: declic::testing::Challenge =
        app.client().get(app.url("/api/v1/pow")).send().await.unwrap().json().await.unwrap();
    assert_eq!((challenge.algorithm.as_str(), challenge.maxnumber), ("SHA-256", 300));
    let mut answer = declic::testing::Solution::parse(&challenge.solve().unwrap()).unwrap();
    let good = answer.encode();
    answer.number = (answer.number + 1) % 301;
    let res = app.vote_with(&bob, ids[0], &answer.encode()).await;
    assert_eq!(error_code(res).await, "pow_invalid");
    let forged = declic::testing::Challenge { signature: "0".repeat(64), ..challenge.clone() };
    let res = app.vote_with(&bob, ids[0], &forged.solve().unwrap()).await;
    assert_eq!(error_code(res).await, "pow_invalid");
    assert_eq!(kept(&app, ids[0]).await, 0);

    // Solved: the vote counts; the same answer cannot open another vote, even by someone else.
    voted(app.vote_with(&bob, ids[0], &good).await).await;
    let res = app.vote_with(&bob, ids[1], &good).await;
    assert_eq!((res.status(), error_code(res).await.as_str()), (StatusCode::CONFLICT, "pow_replayed"));
    let carol = app.participant("carol@example.org").await;
    let res = app.vote_with(&carol, ids[0], &good).await;
    assert_eq!(error_code(res).await, "pow_replayed");
    // A refused vote does not spend its challenge.
    let fresh = app.pow().await;
    let res = app.vote_with(&bob, ids[0], &fresh).await;
    assert_eq!(error_code(res).await, "already_voted");
    voted(app.vote_with(&bob, ids[1], &fresh).await).await;
    assert_eq!((kept(&app, ids[0]).await, kept(&app, ids[1]).await), (1, 1));
}

#[tokio::test]
async fn a_budget_for_the_contest_is_spent_once_even_in_parallel() {
    let app = Arc::new(TestApp::spawn().await);
    let (_, slug, ids) = contest_with(&app, "budget", quiet("per_contest", Some(2)), 6).await;
    let contest: Value =
        app.client().get(app.url(&format!("/api/v1/contests/{slug}"))).send().await.unwrap().json().await.unwrap();
    assert_eq!(contest["voting"]["rule"], "per_contest");
    assert_eq!(contest["voting"]["votes_per_voter"], 2);

    let bob = app.participant("bob@example.org").await;
    assert_eq!(voted(app.vote(&bob, ids[0]).await).await["remaining"], 1);
    let page = bob.get(app.url(&format!("/e/{}", ids[1]))).send().await.unwrap().text().await.unwrap();
    assert!(page.contains("Il vous reste un vote dans ce concours."), "{page}");
    let res = app.vote(&bob, ids[0]).await;
    assert_eq!(error_code(res).await, "already_voted", "still one vote per photo");
    assert_eq!(voted(app.vote(&bob, ids[1]).await).await["remaining"], 0);
    let unspent = app.pow().await;
    let res = app.vote_with(&bob, ids[2], &unspent).await;
    assert_eq!((res.status(), error_code(res).await.as_str()), (StatusCode::CONFLICT, "no_votes_left"));
    let page = bob.get(app.url(&format!("/e/{}", ids[3]))).send().await.unwrap().text().await.unwrap();
    assert!(page.contains("Vous avez utilisé tous vos votes dans ce concours.") && !page.contains("data-pow="));

    // Four voters each vote at once for four photos with a budget of two: exactly two of each
    // voter's are taken. On PostgreSQL the photos go to different writers, whose batches share
    // the voters' budgets.
    let mut tasks = Vec::new();
    for voter in ["carol", "dave", "erin", "frank"] {
        let client = app.participant(&format!("{voter}@example.org")).await;
        for id in ids[2..].iter().copied() {
            let (app, client) = (app.clone(), client.clone());
            tasks.push((voter, tokio::spawn(async move { app.vote(&client, id).await.status() })));
        }
    }
    let mut ok = std::collections::HashMap::new();
    for (voter, t) in tasks {
        let status = t.await.unwrap();
        *ok.entry(voter).or_insert(0) += usize::from(status == StatusCode::CREATED);
        assert!(status == StatusCode::CREATED || status == StatusCode::CONFLICT, "{voter}: {status}");
    }
    assert_eq!(ok, ["carol", "dave", "erin", "frank"].into_iter().map(|v| (v, 2)).collect());
    let total: i64 = sqlx::query_scalar("SELECT CAST(COALESCE(SUM(vote_count), 0) AS BIGINT) FROM entries")
        .fetch_one(app.probe.db.pool())
        .await
        .unwrap();
    assert_eq!(total, 10, "two of bob's, two of each other voter's");
    // The vote refused for want of votes left did not spend its challenge.
    let gina = app.participant("gina@example.org").await;
    assert_eq!(voted(app.vote_with(&gina, ids[0], &unspent).await).await["remaining"], 1);
}

#[tokio::test]
async fn a_daily_budget_renews_each_day_and_a_favourite_gets_a_vote_a_day() {
    let app = TestApp::spawn().await;
    let (_, _, ids) = contest_with(&app, "daily", quiet("per_day", Some(1)), 2).await;
    let bob = app.participant("bob@example.org").await;
    assert_eq!(voted(app.vote(&bob, ids[0]).await).await["remaining"], 0);
    let res = app.vote(&bob, ids[0]).await;
    assert_eq!(error_code(res).await, "already_voted_today");
    let res = app.vote(&bob, ids[1]).await;
    assert_eq!(error_code(res).await, "no_votes_left_today");
    let page = bob.get(app.url(&format!("/e/{}", ids[0]))).send().await.unwrap().text().await.unwrap();
    assert!(
        page.contains("Vous avez voté pour cette photo aujourd&#39;hui")
            || page.contains("Vous avez voté pour cette photo aujourd'hui"),
        "{page}"
    );

    // The next day (yesterday's log moved back a day): a new budget, and the favourite again.
    let pool = app.probe.db.pool();
    sqlx::query("UPDATE votes SET vote_day = vote_day - 1").execute(pool).await.unwrap();
    sqlx::query("UPDATE vote_budgets SET vote_day = vote_day - 1").execute(pool).await.unwrap();
    assert_eq!(voted(app.vote(&bob, ids[0]).await).await["remaining"], 0);
    assert_eq!(kept(&app, ids[0]).await, 2);
    let rows: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM votes WHERE voter_id = (SELECT id FROM users WHERE email = 'bob@example.org')",
    )
    .fetch_one(pool)
    .await
    .unwrap();
    assert_eq!(rows, 2, "each day's vote is its own line in the log");
}

#[tokio::test]
async fn voting_settings_are_checked_and_for_admins() {
    let app = TestApp::spawn().await;
    let (admin, slug, _) = contest_with(&app, "settings", quiet("per_entry", None), 0).await;
    for (body, code) in [
        (json!({ "rule": "twice" }), "invalid_vote_rule"),
        (json!({ "rule": "per_day" }), "invalid_votes_per_voter"),
        (json!({ "rule": "per_contest", "votes_per_voter": 0 }), "invalid_votes_per_voter"),
        (
            json!({ "rule": "per_entry", "suspicion": { "window_secs": 5, "network_votes": 1, "new_account_votes": 1, "agent_votes": 1 } }),
            "invalid_suspicion",
        ),
        (
            json!({ "rule": "per_entry", "suspicion": { "window_secs": 600, "network_votes": -1, "new_account_votes": 1, "agent_votes": 1 } }),
            "invalid_suspicion",
        ),
    ] {
        let res = app.set_voting(&admin, &slug, &body).await;
        assert_eq!((res.status(), error_code(res).await.as_str()), (StatusCode::UNPROCESSABLE_ENTITY, code), "{body}");
    }
    let moderator = app.staff("mod2@example.org", "moderator").await;
    let res = app.set_voting(&moderator, &slug, &json!({ "rule": "per_entry" })).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let bob = app.participant("bob@example.org").await;
    let res = bob.get(app.url(&format!("/api/v1/contests/{slug}/vote-flags"))).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let res = moderator.get(app.url(&format!("/api/v1/contests/{slug}/vote-flags"))).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);

    // The setting is audited with what it was before.
    let res = app
        .set_voting(&admin, &slug, &json!({ "rule": "per_day", "votes_per_voter": 3, "public_vote_counts": true }))
        .await;
    let view: Value = res.json().await.unwrap();
    assert_eq!(
        (view["voting"]["rule"].as_str(), view["voting"]["votes_per_voter"].as_i64()),
        (Some("per_day"), Some(3))
    );
    assert_eq!(view["voting"]["suspicion"]["network_votes"], 40, "absent thresholds are the defaults");
    let detail: String =
        sqlx::query_scalar("SELECT detail FROM audit_log WHERE action = 'contest.voting' ORDER BY id DESC LIMIT 1")
            .fetch_one(app.probe.db.pool())
            .await
            .unwrap();
    let detail: Value = serde_json::from_str(&detail).unwrap();
    assert_eq!(
        (detail["before"]["rule"].as_str(), detail["after"]["rule"].as_str()),
        (Some("per_entry"), Some("per_day"))
    );
}

/// The flags of the contest, as staff see them.
async fn flags(app: &TestApp, staff: &Client, slug: &str) -> Vec<Value> {
    let res = staff.get(app.url(&format!("/api/v1/contests/{slug}/vote-flags"))).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    res.json().await.unwrap()
}

async fn review(app: &TestApp, staff: &Client, flag: i64, decision: &str) -> Value {
    let res = staff
        .post(app.url(&format!("/api/v1/vote-flags/{flag}/review")))
        .json(&json!({ "decision": decision }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    res.json().await.unwrap()
}

#[tokio::test]
async fn a_burst_from_one_network_is_quarantined_then_reviewed() {
    let app = TestApp::spawn().await;
    let voting = json!({ "rule": "per_entry",
        "suspicion": { "window_secs": 600, "network_votes": 3, "new_account_votes": 0, "agent_votes": 0 } });
    let (admin, slug, ids) = contest_with(&app, "burst", voting, 1).await;
    let id = ids[0];
    for i in 0..2 {
        let voter = app.participant(&format!("early{i}@example.org")).await;
        voted(app.vote(&voter, id).await).await;
    }
    assert_eq!(kept(&app, id).await, 2);
    assert!(flags(&app, &admin, &slug).await.is_empty());
    // The third vote from this network completes the burst: all three stop counting, and so do
    // the next ones; the voters are told nothing different.
    for i in 0..3 {
        let voter = app.participant(&format!("late{i}@example.org")).await;
        voted(app.vote(&voter, id).await).await;
    }
    assert_eq!(kept(&app, id).await, 0);
    let pool = app.probe.db.pool();
    let states: Vec<String> = sqlx::query_scalar("SELECT state FROM votes WHERE entry_id = $1 ORDER BY id")
        .bind(id)
        .fetch_all(pool)
        .await
        .unwrap();
    assert_eq!(states, vec!["quarantined"; 5], "kept in the log, not deleted");
    let list = flags(&app, &admin, &slug).await;
    assert_eq!(list.len(), 1);
    let flag = &list[0];
    assert_eq!(
        (flag["kind"].as_str(), flag["status"].as_str(), flag["votes"].as_i64()),
        (Some("network"), Some("open"), Some(5))
    );
    assert_eq!(flag["entry_id"], id);
    assert!(!flag["pattern"].as_str().unwrap().contains("127"), "a hash, never the address");
    let page = admin.get(app.url(&format!("/admin/c/{slug}/votes"))).send().await.unwrap().text().await.unwrap();
    assert!(page.contains("Un même réseau") && page.contains("À examiner"), "{page}");
    let queue = admin.get(app.url("/moderation")).send().await.unwrap().text().await.unwrap();
    assert!(queue.contains(&format!(r#"href="/admin/c/{slug}/votes""#)) && queue.contains("un groupe à examiner"));
    assert!(app.probe.recount(true).await.unwrap().is_empty(), "totals agree with the log");

    // Staff count them (a school voting together), then change their mind: audited both times.
    let moderator = app.staff("mod2@example.org", "moderator").await;
    let flag_id = flag["id"].as_i64().unwrap();
    assert_eq!(review(&app, &moderator, flag_id, "include").await["status"], "included");
    assert_eq!(kept(&app, id).await, 5);
    // Once counted, the pattern's later votes on this photo count too.
    let voter = app.participant("later@example.org").await;
    voted(app.vote(&voter, id).await).await;
    assert_eq!(kept(&app, id).await, 6);
    let res = admin
        .post(app.url(&format!("/admin/c/{slug}/votes/{flag_id}")))
        .form(&[("decision", "exclude")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(kept(&app, id).await, 1, "only the vote outside the flag still counts");
    let audit: Vec<(String, String)> =
        sqlx::query_as("SELECT action, detail FROM audit_log WHERE action LIKE 'votes.%' ORDER BY id")
            .fetch_all(pool)
            .await
            .unwrap();
    let actions: Vec<&str> = audit.iter().map(|(a, _)| a.as_str()).collect();
    assert_eq!(actions, ["votes.include", "votes.exclude"]);
    let last: Value = serde_json::from_str(&audit[1].1).unwrap();
    assert_eq!((last["before"]["counted"].as_i64(), last["after"]["counted"].as_i64()), (Some(5), Some(0)));
    assert!(app.probe.recount(true).await.unwrap().is_empty());
    let res = admin
        .post(app.url("/api/v1/vote-flags/999999/review"))
        .json(&json!({ "decision": "include" }))
        .send()
        .await
        .unwrap();
    assert_eq!(error_code(res).await, "flag_not_found");
    let res = admin
        .post(app.url(&format!("/api/v1/vote-flags/{flag_id}/review")))
        .json(&json!({ "decision": "maybe" }))
        .send()
        .await
        .unwrap();
    assert_eq!(error_code(res).await, "invalid_decision");
}

#[tokio::test]
async fn a_burst_arriving_at_once_is_quarantined_whole_and_its_neighbours_still_count() {
    // All from this machine's address: the address limit is lifted, the burst threshold is not.
    let app = Arc::new(TestApp::spawn_with(&[("votes_per_ip_per_minute", "5000")]).await);
    let voting = json!({ "rule": "per_entry",
        "suspicion": { "window_secs": 600, "network_votes": 5, "new_account_votes": 0, "agent_votes": 0 } });
    let (admin, slug, ids) = contest_with(&app, "at-once", voting, 2).await;
    // 30 votes on the first photo and 4 on the second, all sent at once: most share a batch, and
    // whichever batch trips the threshold takes its votes back off the kept total.
    let mut ballots = Vec::new();
    for i in 0..34 {
        let id = if i < 30 { ids[0] } else { ids[1] };
        ballots.push((id, app.session_cookie(&format!("crowd{i}@example.org")).await, app.pow().await));
    }
    let client = Client::new();
    let tasks: Vec<_> = ballots
        .into_iter()
        .map(|(id, cookie, pow)| {
            let (client, url) = (client.clone(), app.url(&format!("/api/v1/entries/{id}/vote")));
            tokio::spawn(async move {
                let res = client.post(url).header("Cookie", cookie).json(&json!({ "pow": pow })).send().await.unwrap();
                res.status()
            })
        })
        .collect();
    for t in tasks {
        assert_eq!(t.await.unwrap(), StatusCode::CREATED, "voters are told nothing different");
    }
    assert_eq!((kept(&app, ids[0]).await, kept(&app, ids[1]).await), (0, 4));
    let quarantined: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM votes WHERE entry_id = $1 AND state = 'quarantined'")
            .bind(ids[0])
            .fetch_one(app.probe.db.pool())
            .await
            .unwrap();
    assert_eq!(quarantined, 30);
    let list = flags(&app, &admin, &slug).await;
    assert_eq!(list.len(), 1, "{list:?}");
    assert_eq!((list[0]["entry_id"].as_i64(), list[0]["votes"].as_i64()), (Some(ids[0]), Some(30)));
    assert!(app.probe.recount(true).await.unwrap().is_empty(), "totals agree with the log");
}

#[tokio::test]
async fn a_wave_of_new_accounts_and_one_identical_browser_are_flagged() {
    let app = TestApp::spawn().await;
    let voting = json!({ "rule": "per_entry",
        "suspicion": { "window_secs": 600, "network_votes": 0, "new_account_votes": 2, "agent_votes": 4 } });
    let (admin, slug, ids) = contest_with(&app, "waves", voting, 2).await;
    let pool = app.probe.db.pool();
    // New accounts (made a minute ago) on the first photo; an old account's vote is not part of it.
    let old = app.participant("old@example.org").await;
    sqlx::query("UPDATE users SET created_at = created_at - 86400 * 30 WHERE email = 'old@example.org'")
        .execute(pool)
        .await
        .unwrap();
    voted(app.vote(&old, ids[0]).await).await;
    for i in 0..2 {
        let voter = app.participant(&format!("fresh{i}@example.org")).await;
        voted(app.vote(&voter, ids[0]).await).await;
    }
    assert_eq!(kept(&app, ids[0]).await, 1, "the old account's vote still counts");
    // One identical browser on the second photo (old accounts, so only that test trips; the first
    // photo's three votes shared one browser too, under the threshold of four).
    for i in 0..4 {
        let cookie = app.session_cookie(&format!("same{i}@example.org")).await;
        let res = Client::new()
            .post(app.url(&format!("/api/v1/entries/{}/vote", ids[1])))
            .header("Cookie", cookie)
            .header("User-Agent", "VoteBot/1.0")
            .json(&json!({ "pow": app.pow().await }))
            .send()
            .await
            .unwrap();
        voted(res).await;
    }
    let cookie = app.session_cookie("other@example.org").await;
    let res = Client::new()
        .post(app.url(&format!("/api/v1/entries/{}/vote", ids[1])))
        .header("Cookie", cookie)
        .header("User-Agent", "Mozilla/5.0 (iPhone)")
        .json(&json!({ "pow": app.pow().await }))
        .send()
        .await
        .unwrap();
    voted(res).await;
    assert_eq!(kept(&app, ids[1]).await, 1);
    let list = flags(&app, &admin, &slug).await;
    let mut kinds: Vec<(String, i64, i64)> = list
        .iter()
        .map(|f| {
            (f["kind"].as_str().unwrap().to_string(), f["entry_id"].as_i64().unwrap(), f["votes"].as_i64().unwrap())
        })
        .collect();
    kinds.sort();
    assert_eq!(kinds, vec![("agent".into(), ids[1], 4), ("new_accounts".into(), ids[0], 2)]);
}

#[tokio::test]
async fn the_photo_page_votes_with_a_proof_of_work_and_offers_share_links() {
    let app = TestApp::spawn().await;
    let (_, _, ids) = contest_with(&app, "page", quiet("per_entry", None), 1).await;
    let id = ids[0];
    let bob = app.participant("bob@example.org").await;
    let page = bob.get(app.url(&format!("/e/{id}"))).send().await.unwrap().text().await.unwrap();
    assert!(page.contains(r#"data-pow="/api/v1/pow""#) && page.contains(r#"name="altcha""#));
    assert!(page.contains("<noscript>"));
    let canonical = format!("{}/e/{id}", app.settings.public_url.as_str().trim_end_matches('/'));
    let encoded: String = url::form_urlencoded::byte_serialize(canonical.as_bytes()).collect();
    assert!(page.contains(&format!("https://www.facebook.com/sharer/sharer.php?u={encoded}")), "{page}");
    // Without the script there is no answer: a page asks to confirm (see `campaign`), nothing is counted.
    let res = bob.post(app.url(&format!("/e/{id}/vote"))).form(&[("website", "")]).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert!(res.text().await.unwrap().contains("Confirmer mon vote"));
    assert_eq!(kept(&app, id).await, 0);
    let pow = app.pow().await;
    let res =
        bob.post(app.url(&format!("/e/{id}/vote"))).form(&[("website", ""), ("altcha", &pow)]).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let page = bob.get(app.url(&format!("/e/{id}?voted=1"))).send().await.unwrap().text().await.unwrap();
    assert!(page.contains("Merci, votre vote est enregistré !") && !page.contains("data-pow="));
    assert!(!page.contains("Vous avez voté pour cette photo"), "one thank-you");
    assert_eq!(kept(&app, id).await, 1);
    // Staff do not get a vote button.
    let admin = app.staff("admin2@example.org", "admin").await;
    let page = admin.get(app.url(&format!("/e/{id}"))).send().await.unwrap().text().await.unwrap();
    assert!(!page.contains("data-pow="));
}

#[tokio::test]
async fn screening_counts_from_running_totals_that_are_pruned_after_the_longest_window() {
    let app = TestApp::spawn().await;
    let voting = json!({ "rule": "per_entry",
        "suspicion": { "window_secs": 600, "network_votes": 100, "new_account_votes": 100, "agent_votes": 100 } });
    let (_admin, _slug, ids) = contest_with(&app, "totals", voting, 1).await;
    for i in 0..3 {
        let voter = app.participant(&format!("v{i}@example.org")).await;
        voted(app.vote(&voter, ids[0]).await).await;
    }
    // One total per pattern and bucket: the network, the agent and new accounts, 3 votes each
    // (the bucket may have turned between two votes: summed).
    let pool = app.probe.db.pool();
    let totals: Vec<(String, i64)> = sqlx::query_as(
        "SELECT kind, CAST(SUM(votes) AS BIGINT) FROM vote_windows WHERE entry_id = $1 GROUP BY kind ORDER BY kind",
    )
    .bind(ids[0])
    .fetch_all(pool)
    .await
    .unwrap();
    assert_eq!(totals, vec![("a".to_string(), 3), ("n".to_string(), 3), ("x".to_string(), 3)]);
    let now = chrono::Utc::now().timestamp();
    assert_eq!(declic::testing::prune_vote_windows(pool, now).await.unwrap(), 0, "within the week: kept");
    assert!(declic::testing::prune_vote_windows(pool, now + 8 * 86_400).await.unwrap() >= 3);
    let left: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM vote_windows").fetch_one(pool).await.unwrap();
    assert_eq!(left, 0);
}

#[tokio::test]
async fn behind_a_trusted_proxy_each_phone_is_its_own_address() {
    for (trusted, distinct) in [("127.0.0.1", 2), ("", 1)] {
        let app = TestApp::spawn_with(&[("trusted_proxies", trusted)]).await;
        let voting = json!({ "rule": "per_entry",
            "suspicion": { "window_secs": 600, "network_votes": 0, "new_account_votes": 0, "agent_votes": 0 } });
        let (_admin, _slug, ids) = contest_with(&app, "proxied", voting, 1).await;
        for (i, phone) in ["198.51.100.7", "203.0.113.9"].iter().enumerate() {
            let voter = app.participant(&format!("p{i}@example.org")).await;
            let res = voter
                .post(app.url(&format!("/api/v1/entries/{}/vote", ids[0])))
                // A made-up address first, then what the proxy added.
                .header("x-forwarded-for", format!("6.6.6.6, {phone}"))
                .json(&json!({ "pow": app.pow().await }))
                .send()
                .await
                .unwrap();
            voted(res).await;
        }
        let pool = app.probe.db.pool();
        let (ips, nets): (i64, i64) =
            sqlx::query_as("SELECT COUNT(DISTINCT ip_hash), COUNT(DISTINCT net_hash) FROM votes")
                .fetch_one(pool)
                .await
                .unwrap();
        assert_eq!((ips, nets), (distinct, distinct), "trusted proxies: `{trusted}`");
    }
}
