//! The final ranking: jurors' scores normalised per juror, mixed with public votes by the
//! contest's weights, tie-breaks in the contest's order, each position explained; CSV export.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::{TestApp, error_code};

/// Three approved photos (in upload order) in a new open contest; (admin, slug, ids).
async fn three_photos(app: &TestApp, slug: &str) -> (reqwest::Client, String, Vec<i64>) {
    let admin = app.staff("admin@example.org", "admin").await;
    let slug = app.open_contest(&admin, slug).await;
    let moderator = app.staff("mod@example.org", "moderator").await;
    let alice = app.participant("alice@example.org").await;
    let mut ids = Vec::new();
    for seed in 1..=3 {
        ids.push(app.approved_entry(&alice, &moderator, &slug, seed).await);
    }
    (admin, slug, ids)
}

async fn ranking(app: &TestApp, admin: &reqwest::Client, slug: &str) -> Vec<Value> {
    let res = app.ranking(admin, slug).await;
    assert_eq!(res.status(), StatusCode::OK);
    res.json().await.unwrap()
}

fn close(a: &Value, b: f64) -> bool {
    (a.as_f64().unwrap() - b).abs() < 1e-3
}

#[tokio::test]
async fn a_harsh_and_a_generous_juror_weigh_the_same_and_the_public_counts_30_percent() {
    let app = TestApp::spawn().await;
    let (admin, slug, ids) = three_photos(&app, "mix").await;
    let (a, b, c) = (ids[0], ids[1], ids[2]);
    let harsh = app.staff("harsh@example.org", "jury").await;
    let generous = app.staff("generous@example.org", "jury").await;
    let round = app.jury_round(&admin, &slug, &["harsh@example.org", "generous@example.org"]).await;
    for (id, h, g) in [(a, 2, 6), (b, 4, 8), (c, 6, 10)] {
        assert_eq!(app.score(&harsh, round, id, h).await.status(), StatusCode::OK);
        assert_eq!(app.score(&generous, round, id, g).await.status(), StatusCode::OK);
    }
    // Public: three votes for A, one for C.
    for i in 0..3 {
        let voter = app.participant(&format!("voter{i}@example.org")).await;
        assert_eq!(app.vote(&voter, a).await.status(), StatusCode::CREATED);
        if i == 0 {
            assert_eq!(app.vote(&voter, c).await.status(), StatusCode::CREATED);
        }
    }
    // Each juror's z-scores are −1.2247, 0, +1.2247: the same for both, so the normalised means
    // are those. Scaled 0..1: A 0, B 0.5, C 1. Public scaled to the most voted: A 1, B 0, C 1/3.
    // Totals at 70/30: A 0.3, B 0.35, C 0.8.
    let lines = ranking(&app, &admin, &slug).await;
    let order: Vec<i64> = lines.iter().map(|l| l["entry_id"].as_i64().unwrap()).collect();
    assert_eq!(order, vec![c, b, a]);
    let by_id = |id: i64| lines.iter().find(|l| l["entry_id"] == id).unwrap().clone();
    let (la, lb, lc) = (by_id(a), by_id(b), by_id(c));
    assert!(close(&la["jury_average"], 4.0) && close(&lb["jury_average"], 6.0) && close(&lc["jury_average"], 8.0));
    assert!(close(&la["jury_normalised"], -1.2247) && close(&lb["jury_normalised"], 0.0));
    assert!(close(&lc["jury_normalised"], 1.2247));
    assert_eq!((la["jury_scores"].as_i64(), la["votes"].as_i64()), (Some(2), Some(3)));
    assert!(close(&la["total"], 0.3) && close(&lb["total"], 0.35) && close(&lc["total"], 0.8));
    assert!(close(&lc["public_scaled"], 1.0 / 3.0));
    assert_eq!(lc["rank"], 1);
    assert!(
        lc["explanation"]
            .as_str()
            .unwrap()
            .contains("0.70 × 1.000 (jury, round “criteria round”) + 0.30 × 0.333 (public: 1 of 3 votes) = 0.800")
    );

    // Jury only: the public's votes no longer move anything.
    let res = admin
        .put(app.url(&format!("/api/v1/contests/{slug}/results-settings")))
        .json(&json!({ "jury_weight": 100, "public_weight": 0, "tie_breaks": ["jury"] }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let lines = ranking(&app, &admin, &slug).await;
    assert!(close(&lines[2]["total"], 0.0) && lines[2]["entry_id"] == a);

    // The CSV: the ranking with its computation, then each score.
    let res = admin.get(app.url(&format!("/api/v1/contests/{slug}/results.csv"))).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert!(res.headers()["content-type"].to_str().unwrap().starts_with("text/csv"));
    let text = res.text().await.unwrap();
    let rows: Vec<&str> = text.lines().collect();
    assert!(rows[0].starts_with("section,rank,entry_id,title,author,votes,jurors,jury_average,jury_normalised"));
    assert_eq!(rows.iter().filter(|r| r.starts_with("ranking,")).count(), 3);
    assert_eq!(rows.iter().filter(|r| r.starts_with("mark,")).count(), 6);
    assert!(rows[1].starts_with(&format!("ranking,1,{c},")), "{text}");
}

#[tokio::test]
async fn equal_totals_are_separated_by_the_tie_breaks_in_order() {
    let app = TestApp::spawn().await;
    let (admin, slug, ids) = three_photos(&app, "ties").await;
    let juror = app.staff("juror@example.org", "jury").await;
    let round = app.jury_round(&admin, &slug, &["juror@example.org"]).await;
    // Equal scores for the last two photos.
    for (id, s) in [(ids[0], 5), (ids[1], 9), (ids[2], 9)] {
        assert_eq!(app.score(&juror, round, id, s).await.status(), StatusCode::OK);
    }
    let voter = app.participant("voter@example.org").await;
    assert_eq!(app.vote(&voter, ids[2]).await.status(), StatusCode::CREATED);
    let settings = |tie_breaks: Value| json!({ "jury_weight": 1, "public_weight": 0, "tie_breaks": tie_breaks });
    let put = |body: Value| {
        let (admin, url) = (admin.clone(), app.url(&format!("/api/v1/contests/{slug}/results-settings")));
        async move { admin.put(url).json(&body).send().await.unwrap() }
    };

    // Votes first: the later photo with a vote goes ahead.
    assert_eq!(put(settings(json!(["public_votes", "earlier_upload"]))).await.status(), StatusCode::OK);
    let lines = ranking(&app, &admin, &slug).await;
    assert_eq!((lines[0]["entry_id"].as_i64(), lines[0]["decided_by"].as_str()), (Some(ids[2]), Some("public_votes")));
    assert_eq!(
        (lines[0]["rank"].as_i64(), lines[1]["rank"].as_i64(), lines[2]["rank"].as_i64()),
        (Some(1), Some(2), Some(3))
    );
    assert!(lines[0]["explanation"].as_str().unwrap().contains("by public_votes"));
    assert!(lines[1]["decided_by"].is_null(), "the second is above the third by its total");

    // Earlier upload first: the earlier photo goes ahead (sent a minute before the other).
    sqlx::query("UPDATE entries SET created_at = created_at - 60 WHERE id = $1")
        .bind(ids[1])
        .execute(app.probe.db.pool())
        .await
        .unwrap();
    assert_eq!(put(settings(json!(["earlier_upload"]))).await.status(), StatusCode::OK);
    let lines = ranking(&app, &admin, &slug).await;
    assert_eq!(
        (lines[0]["entry_id"].as_i64(), lines[0]["decided_by"].as_str()),
        (Some(ids[1]), Some("earlier_upload"))
    );

    // No tie-break: they share the first place.
    assert_eq!(put(settings(json!([]))).await.status(), StatusCode::OK);
    let lines = ranking(&app, &admin, &slug).await;
    assert_eq!(
        (lines[0]["rank"].as_i64(), lines[1]["rank"].as_i64(), lines[2]["rank"].as_i64()),
        (Some(1), Some(1), Some(3))
    );

    // Settings are checked, and for admins only; changes are audited.
    for (body, code) in [
        (json!({ "jury_weight": -1, "public_weight": 1, "tie_breaks": [] }), "invalid_weights"),
        (json!({ "jury_weight": 0, "public_weight": 0, "tie_breaks": [] }), "invalid_weights"),
        (json!({ "jury_weight": 1, "public_weight": 1, "tie_breaks": ["coin_toss"] }), "invalid_tie_break"),
        (json!({ "jury_weight": 1, "public_weight": 1, "tie_breaks": ["jury", "jury"] }), "invalid_tie_break"),
    ] {
        let res = put(body.clone()).await;
        assert_eq!((res.status(), error_code(res).await.as_str()), (StatusCode::UNPROCESSABLE_ENTITY, code), "{body}");
    }
    let res = voter
        .put(app.url(&format!("/api/v1/contests/{slug}/results-settings")))
        .json(&settings(json!([])))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let audited: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'contest.results'")
        .fetch_one(app.probe.db.pool())
        .await
        .unwrap();
    assert_eq!(audited, 3);

    // The admin page's form: 70/30 with the jury first.
    let res = admin
        .post(app.url(&format!("/admin/c/{slug}/results")))
        .form(&[
            ("jury_weight", "70"),
            ("public_weight", "30"),
            ("tie_break", "jury"),
            ("tie_break", ""),
            ("tie_break", ""),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let view: Value = admin
        .put(app.url(&format!("/api/v1/contests/{slug}/results-settings")))
        .json(&json!({ "jury_weight": 7, "public_weight": 3, "tie_breaks": ["jury"] }))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(close(&view["jury_weight"], 0.7) && close(&view["public_weight"], 0.3));
    let page = admin.get(app.url(&format!("/admin/c/{slug}"))).send().await.unwrap().text().await.unwrap();
    assert!(page.contains("Calcul du classement") && page.contains(r#"value="70""#), "{page}");
}
