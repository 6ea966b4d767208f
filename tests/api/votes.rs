//! Votes are counted exactly once: the same voter's parallel requests make one vote, and many
//! voters at once make exactly as many (rows and the kept count agree).

use std::sync::Arc;

use reqwest::StatusCode;

use crate::helpers::TestApp;

async fn approved_entry(app: &TestApp, slug: &str) -> i64 {
    let moderator = app.staff("mod@example.org", "moderator").await;
    let alice = app.participant("alice@example.org").await;
    app.approved_entry(&alice, &moderator, slug, 1).await
}

async fn counts(app: &TestApp, id: i64) -> (i64, i64) {
    let pool = app.probe.db.pool();
    let rows: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM votes WHERE entry_id = $1").bind(id).fetch_one(pool).await.unwrap();
    let kept = declic::testing::entry(pool, id).await.unwrap().unwrap().vote_count;
    (rows, kept)
}

#[tokio::test]
async fn fifty_identical_requests_make_one_vote() {
    let app = Arc::new(TestApp::spawn().await);
    let admin = app.staff("admin@example.org", "admin").await;
    let slug = app.open_contest(&admin, "once").await;
    let id = approved_entry(&app, &slug).await;
    let cookie = app.session_cookie("voter@example.org").await;
    let client = reqwest::Client::new();
    let url = app.url(&format!("/api/v1/entries/{id}/vote"));
    // The same request fifty times: the same solved challenge too.
    let body = serde_json::json!({ "pow": app.pow().await });
    let tasks: Vec<_> = (0..50)
        .map(|_| {
            let (client, url, cookie, body) = (client.clone(), url.clone(), cookie.clone(), body.clone());
            tokio::spawn(
                async move { client.post(url).header("Cookie", cookie).json(&body).send().await.unwrap().status() },
            )
        })
        .collect();
    let mut statuses = Vec::new();
    for t in tasks {
        statuses.push(t.await.unwrap());
    }
    // One succeeds; the others are told it is already done or the challenge already used (or,
    // past the per-account limit, to wait).
    let ok = statuses.iter().filter(|s| s.is_success()).count();
    let refused =
        statuses.iter().filter(|s| matches!(**s, StatusCode::CONFLICT | StatusCode::TOO_MANY_REQUESTS)).count();
    assert_eq!((ok, refused), (1, 49), "{statuses:?}");
    assert_eq!(counts(&app, id).await, (1, 1));
}

#[tokio::test]
async fn a_thousand_voters_at_once_make_a_thousand_votes() {
    // Here they all come from this machine's address: let it cast them.
    let app = Arc::new(TestApp::spawn_with(&[("votes_per_ip_per_minute", "5000")]).await);
    let admin = app.staff("admin@example.org", "admin").await;
    let slug = app.open_contest(&admin, "thousand").await;
    // One address, one browser, a thousand votes in a minute: no burst test here.
    let off = serde_json::json!({ "rule": "per_entry",
        "suspicion": { "window_secs": 600, "network_votes": 0, "new_account_votes": 0, "agent_votes": 0 } });
    assert_eq!(app.set_voting(&admin, &slug, &off).await.status(), StatusCode::OK);
    let id = approved_entry(&app, &slug).await;
    let mut voters = Vec::new();
    for i in 0..1000 {
        voters.push((app.session_cookie(&format!("voter{i}@example.org")).await, app.pow().await));
    }
    let client = reqwest::Client::builder().pool_max_idle_per_host(200).build().unwrap();
    let url = app.url(&format!("/api/v1/entries/{id}/vote"));
    let tasks: Vec<_> = voters
        .into_iter()
        .map(|(cookie, pow)| {
            let (client, url) = (client.clone(), url.clone());
            tokio::spawn(async move {
                let body = serde_json::json!({ "pow": pow });
                client.post(url).header("Cookie", cookie).json(&body).send().await.unwrap().status()
            })
        })
        .collect();
    let mut failed = Vec::new();
    for t in tasks {
        let status = t.await.unwrap();
        if !status.is_success() {
            failed.push(status);
        }
    }
    assert!(failed.is_empty(), "{} votes refused: {:?}", failed.len(), &failed[..failed.len().min(10)]);
    assert_eq!(counts(&app, id).await, (1000, 1000));
}

#[tokio::test]
async fn the_vote_log_keeps_hashes_not_addresses_and_totals_recount_from_it() {
    let app = TestApp::spawn().await;
    let admin = app.staff("admin@example.org", "admin").await;
    let slug = app.open_contest(&admin, "log").await;
    let id = approved_entry(&app, &slug).await;
    let bob = app.participant("bob@example.org").await;
    let carol = app.participant("carol@example.org").await;
    for voter in [&bob, &carol] {
        let res = voter
            .post(app.url(&format!("/api/v1/entries/{id}/vote")))
            .header("User-Agent", "Phone/1.0")
            .json(&serde_json::json!({ "pow": app.pow().await }))
            .send()
            .await
            .unwrap();
        assert!(res.status().is_success());
    }
    let pool = app.probe.db.pool();
    let rows: Vec<(Option<String>, Option<String>)> =
        sqlx::query_as("SELECT ip_hash, ua_hash FROM votes WHERE entry_id = $1")
            .bind(id)
            .fetch_all(pool)
            .await
            .unwrap();
    assert_eq!(rows.len(), 2);
    let (ip, ua) = (rows[0].0.clone().unwrap(), rows[0].1.clone().unwrap());
    assert_eq!((ip.len(), ua.len()), (32, 32));
    assert!(!ip.contains("127.0.0.1") && ip != ua);
    assert_eq!(rows[1], rows[0], "same address and browser, same hashes: bursts can be spotted");

    // A total that drifted from the log is found and repaired from it.
    sqlx::query("UPDATE entries SET vote_count = 7 WHERE id = $1").bind(id).execute(pool).await.unwrap();
    let wrong = app.probe.recount(true).await.unwrap();
    assert_eq!(wrong, vec![(id, 7, 2)]);
    assert_eq!(counts(&app, id).await, (2, 7), "a dry run changes nothing");
    app.probe.recount(false).await.unwrap();
    assert_eq!(counts(&app, id).await, (2, 2));
    assert!(app.probe.recount(true).await.unwrap().is_empty());
}

#[tokio::test]
async fn a_robot_filling_the_vote_forms_honeypot_votes_for_nothing() {
    let app = TestApp::spawn().await;
    let admin = app.staff("admin@example.org", "admin").await;
    let slug = app.open_contest(&admin, "honeypot").await;
    let id = approved_entry(&app, &slug).await;
    let page = app.client().get(app.url(&format!("/e/{id}"))).send().await.unwrap().text().await.unwrap();
    assert!(page.contains("Se connecter pour voter"));
    let robot = app.participant("robot@example.org").await;
    let page = robot.get(app.url(&format!("/e/{id}"))).send().await.unwrap().text().await.unwrap();
    assert!(page.contains(r#"id="vote-website" name="website" type="text" tabindex="-1""#));
    let res =
        robot.post(app.url(&format!("/e/{id}/vote"))).form(&[("website", "http://x.example")]).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER, "told it worked");
    assert_eq!(counts(&app, id).await, (0, 0), "nothing counted");
    let person = app.participant("person@example.org").await;
    let pow = app.pow().await;
    let res =
        person.post(app.url(&format!("/e/{id}/vote"))).form(&[("website", ""), ("altcha", &pow)]).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(counts(&app, id).await, (1, 1));
}

/// A vote for a photo that no longer exists (withdrawn while its row is still kept in memory) is
/// refused alone, as a photo not found; votes written with it count.
#[tokio::test]
async fn a_vote_for_a_photo_gone_is_refused_alone_in_its_batch() {
    use declic::testing::VoteRequest;
    let app = TestApp::spawn().await;
    let admin = app.staff("admin@example.org", "admin").await;
    let slug = app.open_contest(&admin, "batch").await;
    let entry = approved_entry(&app, &slug).await;
    let pool = app.probe.db.pool();
    let contest = declic::testing::contest_by_slug(pool, &slug).await.unwrap().unwrap();
    let mut requests = Vec::new();
    for (i, target) in [(1, entry), (2, 999_999), (3, entry)] {
        app.session_cookie(&format!("voter{i}@example.org")).await;
        let email = declic::testing::Email::parse(&format!("voter{i}@example.org")).unwrap();
        let voter = declic::testing::user_by_email(pool, &email).await.unwrap().unwrap();
        requests.push(VoteRequest {
            contest_id: contest.id,
            entry_id: target,
            voter_id: voter.id,
            ip_hash: "ip".into(),
            net_hash: format!("net{i}"),
            ua_hash: "ua".into(),
            day: 0,
            now: chrono::Utc::now().timestamp(),
            budget: None,
            suspicion: contest.suspicion(),
            pow: declic::testing::Spent { challenge: format!("challenge-{i}") },
        });
    }
    let second = requests[1].clone();
    let writer = app.probe.votes();
    let sent = requests.into_iter().map(|r| {
        let w = writer.clone();
        tokio::spawn(async move { w.write(r).await })
    });
    let mut results = Vec::new();
    for s in sent.collect::<Vec<_>>() {
        results.push(s.await.unwrap());
    }
    assert!(matches!(results[0], Ok(Ok(_))), "{:?}", results[0].as_ref().map_err(|e| e.message.clone()));
    assert!(
        matches!(results[1], Ok(Err(declic::testing::Refusal::EntryGone))),
        "the vote for a missing photo is refused: {:?}",
        results[1].as_ref().map_err(|e| e.message.clone())
    );
    assert!(matches!(results[2], Ok(Ok(_))));
    assert_eq!(declic::testing::entry(pool, entry).await.unwrap().unwrap().vote_count, 2);
    let logged: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM votes").fetch_one(pool).await.unwrap();
    assert_eq!(logged, 2, "nothing is logged for the missing photo");
    // Its challenge was not spent: another vote may use it.
    let again = VoteRequest { entry_id: entry, ..second };
    assert!(matches!(writer.write(again).await, Ok(Ok(_))), "the refused vote's challenge is still unspent");
}

/// A vote for a photo withdrawn a moment ago (its row may still be kept in memory) is told the
/// photo is gone, and nothing stays in the log for it.
#[tokio::test]
async fn a_vote_for_a_photo_withdrawn_a_moment_ago_finds_no_photo() {
    let app = TestApp::spawn().await;
    let admin = app.staff("admin@example.org", "admin").await;
    let slug = app.open_contest(&admin, "gone").await;
    let moderator = app.staff("mod@example.org", "moderator").await;
    let alice = app.participant("alice@example.org").await;
    let id = app.approved_entry(&alice, &moderator, &slug, 1).await;
    let bob = app.participant("bob@example.org").await;
    let carol = app.participant("carol@example.org").await;
    // Bob's vote brings the photo into memory.
    assert!(app.vote(&bob, id).await.status().is_success());
    let res = alice.delete(app.url(&format!("/api/v1/entries/{id}"))).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    let res = app.vote(&carol, id).await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    assert_eq!(crate::helpers::error_code(res).await, "entry_not_found");
    let logged: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM votes WHERE entry_id = $1")
        .bind(id)
        .fetch_one(app.probe.db.pool())
        .await
        .unwrap();
    assert_eq!(logged, 0);
}

#[tokio::test]
async fn votes_go_on_after_postgresql_drops_the_connections() {
    let app = TestApp::spawn().await;
    if app.probe.db.dialect() != declic::testing::Dialect::Postgres {
        // SQLite runs in the process: it has no connection to drop.
        return;
    }
    let admin = app.staff("admin@example.org", "admin").await;
    let slug = app.open_contest(&admin, "dropped").await;
    let id = approved_entry(&app, &slug).await;
    let bob = app.participant("bob@example.org").await;
    assert_eq!(app.vote(&bob, id).await.status(), StatusCode::CREATED);
    // The session readers and the photo's vote writer now keep connections of their own; the
    // server ends every one of them, as a restart of PostgreSQL would.
    let ended: Vec<bool> = sqlx::query_scalar(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()",
    )
    .fetch_all(app.probe.db.pool())
    .await
    .unwrap();
    assert!(ended.len() >= 2, "the kept connections were open: {ended:?}");
    // The next voter signs in and votes as if nothing happened, and the vote is kept once.
    let carol = app.participant("carol@example.org").await;
    let res = app.vote(&carol, id).await;
    assert_eq!(res.status(), StatusCode::CREATED, "{}", res.text().await.unwrap());
    assert_eq!(counts(&app, id).await, (2, 2));
}
