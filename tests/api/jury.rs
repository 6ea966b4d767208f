//! The jury: rounds and shortlists, blind judging, marks saved at once, recusals, closing with
//! late jurors, Schulze ranking rounds, progress and reminders, the export.

use reqwest::{Client, StatusCode};
use serde_json::{Value, json};

use crate::helpers::*;

/// Staff and an author, Alice Martin.
struct People {
    admin: Client,
    moderator: Client,
    alice: Client,
}

async fn people(app: &TestApp) -> People {
    let admin = app.staff("admin@example.org", "admin").await;
    let moderator = app.staff("mod@example.org", "moderator").await;
    let alice = app.participant("alice.martin@example.org").await;
    let res = alice.patch(app.url("/api/v1/me")).json(&json!({ "display_name": "Alice Martin" })).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK, "{}", res.text().await.unwrap());
    People { admin, moderator, alice }
}

/// A new open contest with `n` approved photos by Alice; its slug and the photos' ids.
async fn photos(app: &TestApp, p: &People, slug: &str, n: u8) -> (String, Vec<i64>) {
    let slug = app.open_contest(&p.admin, slug).await;
    let mut ids = Vec::new();
    for seed in 1..=n {
        ids.push(app.approved_entry(&p.alice, &p.moderator, &slug, seed).await);
    }
    (slug, ids)
}

/// An open contest with `n` approved photos by Alice Martin; (admin, slug, ids).
async fn contest_with_photos(app: &TestApp, slug: &str, n: u8) -> (Client, String, Vec<i64>) {
    let p = people(app).await;
    let (slug, ids) = photos(app, &p, slug, n).await;
    (p.admin, slug, ids)
}

async fn result(app: &TestApp, admin: &Client, round: i64) -> Value {
    let res = admin.get(app.url(&format!("/api/v1/rounds/{round}/result"))).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    res.json().await.unwrap()
}

fn line(result: &Value, entry: i64) -> Value {
    result["lines"].as_array().unwrap().iter().find(|l| l["entry_id"] == entry).unwrap().clone()
}

fn close_to(v: &Value, x: f64) -> bool {
    (v.as_f64().unwrap() - x).abs() < 1e-3
}

#[tokio::test]
async fn jurors_never_see_who_took_the_photo() {
    let app = TestApp::spawn().await;
    let p = people(&app).await;
    let (slug, ids) = photos(&app, &p, "blind", 2).await;
    let admin = p.admin.clone();
    let juror = app.staff("jury@example.org", "jury").await;
    // A photo a moderator hid from the public after a report is still judged.
    let res = p
        .moderator
        .put(app.url(&format!("/api/v1/entries/{}/hidden", ids[1])))
        .json(&json!({ "hidden": true }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    let (round, _) = app.jury_round(&admin, &slug, &["jury@example.org"]).await;
    // The juror's invitation names no author either.
    let invitation = app.newest_mail("jury@example.org").await;
    assert!(invitation.contains(&format!("/jury/r/{round}")) && !invitation.contains("Alice"), "{invitation}");
    let author = declic::testing::user_by_email(
        app.probe.db.pool(),
        &declic::testing::Email::parse("alice.martin@example.org").unwrap(),
    )
    .await
    .unwrap()
    .unwrap();
    // Nothing that names the author in the API, the pages or the image addresses.
    let sheet =
        juror.get(app.url(&format!("/api/v1/rounds/{round}/sheet"))).send().await.unwrap().text().await.unwrap();
    let mut bodies = vec![("sheet", sheet.clone())];
    for path in
        ["/jury".to_string(), format!("/jury/r/{round}"), format!("/jury/r/{round}/1"), format!("/jury/r/{round}/2")]
    {
        let res = juror.get(app.url(&path)).send().await.unwrap();
        assert_eq!(res.status(), StatusCode::OK, "{path}");
        bodies.push(("page", res.text().await.unwrap()));
    }
    let rounds = juror.get(app.url("/api/v1/jury/rounds")).send().await.unwrap().text().await.unwrap();
    bodies.push(("rounds", rounds));
    for (what, body) in &bodies {
        for secret in ["Alice", "Martin", "alice.martin", "participant_id"] {
            assert!(!body.contains(secret), "{what} shows `{secret}`");
        }
    }
    let sheet: Value = serde_json::from_str(&sheet).unwrap();
    let items = sheet["items"].as_array().unwrap();
    assert_eq!(items.len(), 2);
    for item in items {
        assert!(item["entry"]["author"].is_null());
        assert!(item["entry"]["consent"].is_null());
        // Jurors see how each photo prints on the cover slot (these 40 × 30 test photos cannot).
        let fitness = &item["entry"]["print_fitness"][0];
        assert_eq!((fitness["slot"].as_str(), fitness["level"].as_str()), (Some("Guide T1"), Some("unfit")));
        for r in item["entry"]["renditions"].as_array().unwrap() {
            let url = r["url"].as_str().unwrap();
            assert!(!url.contains(&format!("/{}/", author.id)) && !url.contains("alice"), "{url}");
        }
    }
    // The photo itself is there, large, with its description as alt text.
    let page = juror.get(app.url(&format!("/jury/r/{round}/1"))).send().await.unwrap().text().await.unwrap();
    assert!(page.contains("srcset=") && page.contains(r#"alt=""#));
    // And how it prints on each cover, on the page too.
    assert!(page.contains("class=\"fitness\"") && page.contains("Guide T1") && page.contains("dpi"), "{page}");
    assert!(!page.contains("og:"), "no share metadata on jury pages");
    // Someone who is not on the round sees none of it.
    let other = app.staff("other@example.org", "jury").await;
    let res = other.get(app.url(&format!("/api/v1/rounds/{round}/sheet"))).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    assert_eq!(app.mark(&other, round, ids[0], &json!({ "scores": [] })).await.status(), StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn each_mark_is_saved_at_once_and_can_change_until_the_round_closes() {
    let app = TestApp::spawn().await;
    let (admin, slug, ids) = contest_with_photos(&app, "marks", 3).await;
    let juror = app.staff("jury@example.org", "jury").await;
    let criteria = app.set_criteria(&admin, &slug, &[("Fits the theme", 3.0), ("Works as a cover", 1.0)]).await;
    let round = app.started_round(&admin, &slug, "criteria", json!({}), &["jury@example.org"]).await;
    let score = |entry: i64, c: usize, s: i64| {
        let body = json!({ "scores": [{ "criterion_id": criteria[c], "score": s }] });
        let (app, juror) = (&app, &juror);
        async move { app.mark(juror, round, entry, &body).await }
    };
    // One criterion of two: saved, the photo not done yet.
    let res = score(ids[0], 0, 8).await;
    assert_eq!(res.status(), StatusCode::OK);
    let saved: Value = res.json().await.unwrap();
    assert_eq!(
        (saved["entry_done"].as_bool(), saved["done"].as_i64(), saved["total"].as_i64()),
        (Some(false), Some(0), Some(3))
    );
    let saved: Value = score(ids[0], 1, 4).await.json().await.unwrap();
    assert_eq!((saved["entry_done"].as_bool(), saved["done"].as_i64()), (Some(true), Some(1)));
    assert_eq!(saved["progress"], "1 photo notée sur 3");
    // Weighted: (3 × 8 + 1 × 4) / 4 = 7; then changed to (3 × 6 + 4) / 4 = 5.5.
    assert!(close_to(&line(&result(&app, &admin, round).await, ids[0])["raw_mean"], 7.0));
    assert_eq!(score(ids[0], 0, 6).await.status(), StatusCode::OK);
    assert!(close_to(&line(&result(&app, &admin, round).await, ids[0])["raw_mean"], 5.5));
    // The sheet shows the juror's marks and where they are.
    let sheet = app.sheet(&juror, round).await;
    assert_eq!((sheet["round"]["done"].as_i64(), sheet["round"]["total"].as_i64()), (Some(1), Some(3)));
    let item = sheet["items"].as_array().unwrap().iter().find(|i| i["entry"]["id"] == ids[0]).unwrap();
    assert_eq!(item["scores"].as_array().unwrap().len(), 2);
    // Wrong marks are refused with a reason.
    for (body, code) in [
        (json!({ "yes": true }), "wrong_mark"),
        (json!({ "scores": [{ "criterion_id": criteria[0], "score": 11 }] }), "invalid_score"),
        (json!({ "scores": [{ "criterion_id": 999, "score": 5 }] }), "unknown_criterion"),
    ] {
        let res = app.mark(&juror, round, ids[1], &body).await;
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(error_code(res).await, code);
    }
    // Criteria are fixed once a round scored on them has started.
    let res = admin
        .put(app.url(&format!("/api/v1/contests/{slug}/criteria")))
        .json(&json!([{ "name": "Other", "weight": 1 }]))
        .send()
        .await
        .unwrap();
    assert_eq!(error_code(res).await, "criteria_locked");
    // Closed (every photo scored, the quorum of one met): marks are final.
    for id in &ids[1..] {
        assert_eq!(score(*id, 0, 5).await.status(), StatusCode::OK);
        assert_eq!(score(*id, 1, 5).await.status(), StatusCode::OK);
    }
    let res = app.round_action(&admin, round, "close", &json!({ "missing_rule": "average_scored" })).await;
    assert_eq!(res.status(), StatusCode::OK, "{}", res.text().await.unwrap());
    let res = score(ids[0], 0, 9).await;
    assert_eq!(error_code(res).await, "round_closed");
    assert!(close_to(&line(&result(&app, &admin, round).await, ids[0])["raw_mean"], 5.5));
}

#[tokio::test]
async fn a_preselection_makes_the_shortlist_of_the_scoring_round() {
    let app = TestApp::spawn().await;
    let p = people(&app).await;
    let (admin, moderator) = (p.admin.clone(), p.moderator.clone());
    let (slug, ids) = photos(&app, &p, "rounds", 4).await;
    let juror = app.staff("jury@example.org", "jury").await;
    // Moderators and admins pre-select; only jury members sit on scoring rounds.
    let pre = app
        .started_round(&admin, &slug, "yes_no", json!({ "intake": 1 }), &["mod@example.org", "admin@example.org"])
        .await;
    let mut scoring = json!({
        "name": "Final", "method": "criteria", "intake": 2, "opens_at": "2000-01-01T00:00:00Z",
        "closes_at": "2100-01-01T00:00:00Z", "jurors": ["mod@example.org"],
    });
    let res = app.create_round(&admin, &slug, &scoring).await;
    assert_eq!(error_code(res).await, "juror_role");
    scoring["jurors"] = json!(["nobody@example.org"]);
    assert_eq!(error_code(app.create_round(&admin, &slug, &scoring).await).await, "unknown_juror");
    scoring["jurors"] = json!(["jury@example.org"]);
    let res = app.create_round(&admin, &slug, &scoring).await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let fin = res.json::<Value>().await.unwrap()["id"].as_i64().unwrap();
    app.set_criteria(&admin, &slug, &[("Overall", 1.0)]).await;
    // The pre-selection covers every approved photo.
    assert_eq!(app.sheet(&moderator, pre).await["items"].as_array().unwrap().len(), 4);
    // The final round cannot start before the pre-selection is closed.
    let res = app.round_action(&admin, fin, "open", &json!({})).await;
    assert_eq!(error_code(res).await, "previous_round_open");
    // Yes shares: photo 0 → 2/2, photo 1 → 1/2, photo 2 → 1/2, photo 3 → 0/2.
    for (who, yes) in [(&moderator, [true, true, false, false]), (&admin, [true, false, true, false])] {
        for (id, y) in ids.iter().zip(yes) {
            assert_eq!(app.mark(who, pre, *id, &json!({ "yes": y })).await.status(), StatusCode::OK);
        }
    }
    let res = app.round_action(&admin, pre, "close", &json!({ "missing_rule": "ignore_late" })).await;
    assert_eq!(res.status(), StatusCode::OK);
    let pre_result = result(&app, &admin, pre).await;
    assert_eq!(line(&pre_result, ids[0])["yes"], 2);
    assert_eq!(line(&pre_result, ids[1])["position"], 2);
    assert_eq!(line(&pre_result, ids[2])["position"], 2);
    // Intake 2: the first, and both photos tied at the cut.
    let res = app.round_action(&admin, fin, "open", &json!({})).await;
    assert_eq!(res.status(), StatusCode::OK, "{}", res.text().await.unwrap());
    assert_eq!(res.json::<Value>().await.unwrap()["entries"], 3);
    let mut shortlisted: Vec<i64> = app.sheet(&juror, fin).await["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["entry"]["id"].as_i64().unwrap())
        .collect();
    shortlisted.sort_unstable();
    assert_eq!(shortlisted, vec![ids[0], ids[1], ids[2]]);
    // Its author sees which photos the jury shortlisted; the public is not told.
    let mine: Vec<Value> = p.alice.get(app.url("/api/v1/me/entries")).send().await.unwrap().json().await.unwrap();
    let flag = |id: i64| mine.iter().find(|e| e["id"] == id).unwrap()["shortlisted"].clone();
    assert_eq!((flag(ids[0]), flag(ids[2]), flag(ids[3])), (json!(true), json!(true), json!(false)));
    let page = p.alice.get(app.url("/me")).send().await.unwrap().text().await.unwrap();
    assert_eq!(page.matches("Présélectionnée par le jury").count(), 3);
    let public: Value =
        app.client().get(app.url(&format!("/api/v1/entries/{}", ids[0]))).send().await.unwrap().json().await.unwrap();
    assert!(public["shortlisted"].is_null());
    // A photo outside the shortlist cannot be marked in the final.
    let res = app.mark(&juror, fin, ids[3], &json!({ "scores": [] })).await;
    assert!(res.status().is_client_error());
}

#[tokio::test]
async fn a_recused_juror_neither_counts_nor_penalises_the_photo() {
    let app = TestApp::spawn().await;
    let (admin, slug, ids) = contest_with_photos(&app, "recusal", 2).await;
    let a = app.staff("a@example.org", "jury").await;
    let b = app.staff("b@example.org", "jury").await;
    let round = app.jury_round(&admin, &slug, &["a@example.org", "b@example.org"]).await;
    // B knows the author of photo 0, and had given it a 1.
    assert_eq!(app.score(&b, round, ids[0], 1).await.status(), StatusCode::OK);
    let recuse = |who: &Client, reason: &str| {
        who.post(app.url(&format!("/api/v1/rounds/{}/entries/{}/recusal", round.0, ids[0])))
            .json(&json!({ "reason": reason }))
            .send()
    };
    let res = recuse(&b, "  ").await.unwrap();
    assert_eq!(error_code(res).await, "invalid_recusal_reason");
    assert_eq!(recuse(&b, "She is my neighbour").await.unwrap().status(), StatusCode::NO_CONTENT);
    let res = app.score(&b, round, ids[0], 2).await;
    assert_eq!(res.status(), StatusCode::CONFLICT);
    assert_eq!(error_code(res).await, "recused");
    for (who, id, s) in [(&a, ids[0], 8), (&a, ids[1], 6), (&b, ids[1], 6)] {
        assert_eq!(app.score(who, round, id, s).await.status(), StatusCode::OK);
    }
    // B's 1 does not count: photo 0 stands on A's 8 alone, above photo 1.
    let r = result(&app, &admin, round.0).await;
    let l0 = line(&r, ids[0]);
    assert_eq!(l0["jurors"], 1);
    assert!(close_to(&l0["raw_mean"], 8.0));
    assert_eq!(l0["position"], 1);
    // B is done with one photo fewer to mark.
    let sheet = app.sheet(&b, round.0).await;
    assert_eq!((sheet["round"]["done"].as_i64(), sheet["round"]["total"].as_i64()), (Some(1), Some(1)));
    let progress: Value =
        admin.get(app.url(&format!("/api/v1/rounds/{}/progress", round.0))).send().await.unwrap().json().await.unwrap();
    let pb = progress.as_array().unwrap().iter().find(|p| p["email"] == "b@example.org").unwrap();
    assert_eq!((pb["recused"].as_i64(), pb["complete"].as_bool()), (Some(1), Some(true)));
    // The recusal and its reason are in the export.
    let csv =
        admin.get(app.url(&format!("/api/v1/contests/{slug}/results.csv"))).send().await.unwrap().text().await.unwrap();
    let recusals: Vec<&str> = csv.lines().filter(|l| l.starts_with("recusal,")).collect();
    assert_eq!(recusals.len(), 1);
    assert!(recusals[0].contains("She is my neighbour") && recusals[0].contains(&ids[0].to_string()));
    assert_eq!(csv.lines().filter(|l| l.starts_with("mark,")).count(), 4);
}

#[tokio::test]
async fn a_round_closes_with_late_jurors_by_the_rule_staff_choose() {
    let app = TestApp::spawn().await;
    let p = people(&app).await;
    let admin = p.admin.clone();
    let (slug, ids) = photos(&app, &p, "late", 2).await;
    let jurors = ["a@example.org", "b@example.org", "c@example.org"];
    let mut clients = Vec::new();
    for j in jurors {
        clients.push(app.staff(j, "jury").await);
    }
    let round = app.jury_round(&admin, &slug, &jurors).await;
    // A and B score both photos; C, late, gave photo 0 a 1 and stopped.
    for (who, s0, s1) in [(0, 8, 6), (1, 7, 5)] {
        assert_eq!(app.score(&clients[who], round, ids[0], s0).await.status(), StatusCode::OK);
        assert_eq!(app.score(&clients[who], round, ids[1], s1).await.status(), StatusCode::OK);
    }
    assert_eq!(app.score(&clients[2], round, ids[0], 1).await.status(), StatusCode::OK);
    // While open, the result counts every mark given.
    let provisional = result(&app, &admin, round.0).await;
    assert_eq!(provisional["provisional"], true);
    assert!(close_to(&line(&provisional, ids[0])["raw_mean"], 16.0 / 3.0));
    // Quorum 3 cannot be met once C is left out.
    let body = json!({
        "name": "Jury", "method": "criteria", "quorum": 3, "opens_at": "2000-01-01T00:00:00Z",
        "closes_at": "2100-01-01T00:00:00Z", "jurors": jurors,
    });
    let res = admin.put(app.url(&format!("/api/v1/rounds/{}", round.0))).json(&body).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let res = app.round_action(&admin, round.0, "close", &json!({ "missing_rule": "ignore_late" })).await;
    assert_eq!(res.status(), StatusCode::CONFLICT);
    assert_eq!(error_code(res).await, "quorum_not_met");
    let res = app.round_action(&admin, round.0, "close", &json!({ "missing_rule": "skip" })).await;
    assert_eq!(error_code(res).await, "invalid_missing_rule");
    // Quorum 2: closes, C ignored, recorded.
    let body = json!({
        "name": "Jury", "method": "criteria", "quorum": 2, "opens_at": "2000-01-01T00:00:00Z",
        "closes_at": "2100-01-01T00:00:00Z", "jurors": jurors,
    });
    admin.put(app.url(&format!("/api/v1/rounds/{}", round.0))).json(&body).send().await.unwrap();
    let res = app.round_action(&admin, round.0, "close", &json!({ "missing_rule": "ignore_late" })).await;
    assert_eq!(res.status(), StatusCode::OK);
    let report: Value = res.json().await.unwrap();
    assert_eq!(report["late_jurors"], json!(["c@example.org"]));
    assert_eq!(report["round"]["missing_rule"], "ignore_late");
    let r = result(&app, &admin, round.0).await;
    assert_eq!(r["provisional"], false);
    let l0 = line(&r, ids[0]);
    assert_eq!(l0["jurors"], 2);
    assert!(close_to(&l0["raw_mean"], 7.5));
    let audit = declic::testing::audit_for_subject(app.probe.db.pool(), &format!("round:{}", round.0)).await.unwrap();
    assert!(audit.iter().any(|a| a.action == "jury.round_close"));

    // The same marks closed on "average of those who scored": C's 1 counts on photo 0.
    let (slug2, ids2) = photos(&app, &p, "late-avg", 2).await;
    let admin2 = admin.clone();
    let round2 = app.jury_round(&admin2, &slug2, &jurors).await;
    for (who, s0, s1) in [(0, 8, 6), (1, 7, 5)] {
        app.score(&clients[who], round2, ids2[0], s0).await;
        app.score(&clients[who], round2, ids2[1], s1).await;
    }
    app.score(&clients[2], round2, ids2[0], 1).await;
    let res = app.round_action(&admin2, round2.0, "close", &json!({ "missing_rule": "average_scored" })).await;
    assert_eq!(res.status(), StatusCode::OK);
    let r = result(&app, &admin2, round2.0).await;
    let l0 = line(&r, ids2[0]);
    assert_eq!(l0["jurors"], 3);
    assert!(close_to(&l0["raw_mean"], 16.0 / 3.0));
    assert_eq!(slug, "late");
}

#[tokio::test]
async fn ranking_rounds_are_counted_by_schulze_and_feed_the_final_ranking() {
    let app = TestApp::spawn().await;
    let (admin, slug, ids) = contest_with_photos(&app, "schulze", 3).await;
    let jurors = ["a@example.org", "b@example.org", "c@example.org"];
    let mut c = Vec::new();
    for j in jurors {
        c.push(app.staff(j, "jury").await);
    }
    let round = app.started_round(&admin, &slug, "ranking", json!({ "top_n": 2 }), &jurors).await;
    let place = |who: usize, entry: i64, p: i64| {
        let (app, client, body) = (&app, &c[who], json!({ "place": p }));
        async move { app.mark(client, round, entry, &body).await }
    };
    // A: 1 > 2 > 0.   B: 2 > 1 > 0.   C: 1 > 0 > 2.
    // d[1][2] = 2 (A, C), d[2][1] = 1; d[1][0] = 3; d[2][0] = 2, d[0][2] = 1: photo 1 wins, then 2, then 0.
    for (who, first, second) in [(0, ids[1], ids[2]), (1, ids[2], ids[1]), (2, ids[1], ids[0])] {
        assert_eq!(place(who, first, 1).await.status(), StatusCode::OK);
        assert_eq!(place(who, second, 2).await.status(), StatusCode::OK);
    }
    // Giving place 1 to another photo moves it; 0 takes a photo out of the top.
    assert_eq!(place(0, ids[0], 1).await.status(), StatusCode::OK);
    let sheet = app.sheet(&c[0], round).await;
    let places: Vec<(i64, Value)> = sheet["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| (i["entry"]["id"].as_i64().unwrap(), i["place"].clone()))
        .collect();
    assert!(places.contains(&(ids[0], json!(1))) && places.contains(&(ids[1], Value::Null)));
    assert_eq!(place(0, ids[0], 0).await.status(), StatusCode::OK);
    assert_eq!(place(0, ids[1], 1).await.status(), StatusCode::OK);
    let res = place(0, ids[1], 3).await;
    assert_eq!(error_code(res).await, "invalid_rank_place");
    let res = app.round_action(&admin, round, "close", &json!({ "missing_rule": "ignore_late" })).await;
    assert_eq!(res.status(), StatusCode::OK, "{}", res.text().await.unwrap());
    let r = result(&app, &admin, round).await;
    // The pairwise counts that explain it: photo 1 over photo 2 on two ballots of three.
    let s = &r["schulze"];
    let at = |id: i64| s["entries"].as_array().unwrap().iter().position(|e| *e == id).unwrap();
    assert_eq!(s["preferences"][at(ids[1])][at(ids[2])], 2);
    assert_eq!(s["preferences"][at(ids[2])][at(ids[1])], 1);
    let tiers: Vec<(i64, i64)> = r["lines"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| (l["entry_id"].as_i64().unwrap(), l["tier"].as_i64().unwrap()))
        .collect();
    assert_eq!(tiers, vec![(ids[1], 1), (ids[2], 2), (ids[0], 3)]);
    // The final ranking takes the jury's part from this round (all jury).
    let res = admin
        .put(app.url(&format!("/api/v1/contests/{slug}/results-settings")))
        .json(&json!({ "jury_weight": 1, "public_weight": 0, "tie_breaks": ["jury"] }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let ranking: Vec<Value> = app.ranking(&admin, &slug).await.json().await.unwrap();
    let order: Vec<i64> = ranking.iter().map(|l| l["entry_id"].as_i64().unwrap()).collect();
    assert_eq!(order, vec![ids[1], ids[2], ids[0]]);
    assert_eq!(ranking[0]["jury_tier"], 1);
    assert!(ranking[0]["explanation"].as_str().unwrap().contains("ranking round"));
}

#[tokio::test]
async fn staff_follow_each_jurors_progress_and_remind_the_late_ones() {
    let app = TestApp::spawn().await;
    let (admin, slug, ids) = contest_with_photos(&app, "remind", 2).await;
    let done = app.staff("done@example.org", "jury").await;
    app.staff("late@example.org", "jury").await;
    let round = app.jury_round(&admin, &slug, &["done@example.org", "late@example.org"]).await;
    // Each juror was told when the round opened.
    for juror in ["done@example.org", "late@example.org"] {
        assert_eq!(app.mails_to(juror).await, 1, "{juror}");
    }
    let opened = app.newest_mail("late@example.org").await;
    assert!(
        opened.contains("est ouvert : 2 photos vous attendent") && opened.contains(&format!("/jury/r/{}", round.0)),
        "{opened}"
    );
    for id in &ids {
        assert_eq!(app.score(&done, round, *id, 5).await.status(), StatusCode::OK);
    }
    let progress: Vec<Value> =
        admin.get(app.url(&format!("/api/v1/rounds/{}/progress", round.0))).send().await.unwrap().json().await.unwrap();
    let by = |email: &str| progress.iter().find(|p| p["email"] == email).unwrap().clone();
    assert_eq!(
        (by("done@example.org")["done"].as_i64(), by("done@example.org")["complete"].as_bool()),
        (Some(2), Some(true))
    );
    assert_eq!((by("late@example.org")["done"].as_i64(), by("late@example.org")["total"].as_i64()), (Some(0), Some(2)));
    assert!(by("done@example.org")["last_mark_at"].is_string());
    let res = app.round_action(&admin, round.0, "reminders", &json!({})).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.json::<Value>().await.unwrap()["sent"], 1);
    let mail = app.newest_mail("late@example.org").await;
    assert!(mail.contains(&format!("/jury/r/{}", round.0)), "{mail}");
    assert!(mail.contains("0 sur 2"), "{mail}");
    assert_eq!(app.mails_to("done@example.org").await, 1, "a juror who finished is not reminded");
    let progress: Vec<Value> =
        admin.get(app.url(&format!("/api/v1/rounds/{}/progress", round.0))).send().await.unwrap().json().await.unwrap();
    assert!(progress.iter().find(|p| p["email"] == "late@example.org").unwrap()["reminded_at"].is_string());
    // The admin page shows the rounds and the progress.
    let page = admin.get(app.url(&format!("/admin/c/{slug}/jury"))).send().await.unwrap().text().await.unwrap();
    assert!(page.contains("late@example.org") && page.contains("0 / 2"));
}

#[tokio::test]
async fn the_jury_pages_work_without_javascript() {
    let app = TestApp::spawn().await;
    let (admin, slug, _) = contest_with_photos(&app, "plain", 2).await;
    let juror = app.staff("jury@example.org", "jury").await;
    let (round, criterion) = app.jury_round(&admin, &slug, &["jury@example.org"]).await;
    let sheet = app.sheet(&juror, round).await;
    let first = sheet["items"][0]["entry"]["id"].as_i64().unwrap();
    let res = juror
        .post(app.url(&format!("/jury/r/{round}/1")))
        .form(&[(format!("score-{criterion}"), "9")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(res.headers()["location"], format!("/jury/r/{round}/2?saved=1"));
    let page = juror.get(app.url(&format!("/jury/r/{round}/2?saved=1"))).send().await.unwrap().text().await.unwrap();
    assert!(page.contains("1 photo notée sur 2"));
    let sheet = app.sheet(&juror, round).await;
    let item = sheet["items"].as_array().unwrap().iter().find(|i| i["entry"]["id"] == first).unwrap().clone();
    assert_eq!(item["scores"][0]["score"], 9);
    // Recusal through the page.
    let res = juror
        .post(app.url(&format!("/jury/r/{round}/2/recuse")))
        .form(&[("reason", "My cousin")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let page = juror.get(app.url(&format!("/jury/r/{round}/2"))).send().await.unwrap().text().await.unwrap();
    assert!(page.contains("Vous avez déclaré connaître"), "{page}");
}

#[tokio::test]
async fn staff_set_up_the_jury_from_the_admin_page() {
    let app = TestApp::spawn().await;
    let (admin, slug, ids) = contest_with_photos(&app, "admin-page", 2).await;
    let juror = app.staff("jury@example.org", "jury").await;
    let res = admin
        .post(app.url(&format!("/admin/c/{slug}/criteria")))
        .form(&[("criteria", "Respect du thème = 2\nOriginalité\nTient en couverture = 1,5")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let criteria: Vec<Value> =
        admin.get(app.url(&format!("/api/v1/contests/{slug}/criteria"))).send().await.unwrap().json().await.unwrap();
    let weights: Vec<(String, f64)> =
        criteria.iter().map(|c| (c["name"].as_str().unwrap().to_string(), c["weight"].as_f64().unwrap())).collect();
    assert_eq!(
        weights,
        vec![
            ("Respect du thème".to_string(), 2.0),
            ("Originalité".to_string(), 1.0),
            ("Tient en couverture".to_string(), 1.5)
        ]
    );
    let form = [
        ("name", "Finale"),
        ("method", "criteria"),
        ("top_n", "0"),
        ("intake", "0"),
        ("quorum", "1"),
        ("opens_at", "2020-01-01T08:00"),
        ("closes_at", "2099-01-01T08:00"),
        ("jurors", "jury@example.org\n"),
    ];
    let res = admin.post(app.url(&format!("/admin/c/{slug}/rounds"))).form(&form).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let rounds: Vec<Value> =
        admin.get(app.url(&format!("/api/v1/contests/{slug}/rounds"))).send().await.unwrap().json().await.unwrap();
    assert_eq!(
        (rounds[0]["status"].as_str(), rounds[0]["jurors"].clone()),
        (Some("draft"), json!(["jury@example.org"]))
    );
    let round = rounds[0]["id"].as_i64().unwrap();
    let res = admin
        .post(app.url(&format!("/admin/c/{slug}/rounds/{round}")))
        .form(&[("action", "open")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(app.sheet(&juror, round).await["items"].as_array().unwrap().len(), ids.len());
    // A mistake on the form is said on a page, in French.
    let res = admin
        .post(app.url(&format!("/admin/c/{slug}/rounds/{round}")))
        .form(&[("action", "close"), ("missing_rule", "ignore_late")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::CONFLICT);
    assert!(res.text().await.unwrap().contains("moins de jurés comptés que le quorum"));
}

#[tokio::test]
async fn criteria_carry_a_description_shown_to_jurors() {
    let app = TestApp::spawn().await;
    let (admin, slug, _) = contest_with_photos(&app, "described", 1).await;
    let url = app.url(&format!("/api/v1/contests/{slug}/criteria"));
    let body = json!([
        { "name": "Thème", "weight": 2, "description": "La photo parle-t-elle de voyage ?" },
        { "name": "Cadrage", "weight": 1.5 }
    ]);
    let res = admin.put(url.clone()).json(&body).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let saved: Vec<Value> = res.json().await.unwrap();
    assert_eq!(
        (saved[0]["description"].as_str(), saved[1]["description"].as_str()),
        (Some("La photo parle-t-elle de voyage ?"), Some(""))
    );
    let long = json!([{ "name": "Thème", "weight": 1, "description": "x".repeat(301) }]);
    let res = admin.put(url.clone()).json(&long).send().await.unwrap();
    assert_eq!((res.status(), error_code(res).await.as_str()), (StatusCode::UNPROCESSABLE_ENTITY, "invalid_criteria"));

    // The page writes each criterion as `name = weight ; description`, the reader's way, and reads it back.
    let (_, page) = app.page_in(&admin, &format!("/admin/c/{slug}/jury"), "fr").await;
    assert!(page.contains("Thème = 2 ; La photo parle-t-elle de voyage ?\nCadrage = 1,5"), "{page}");
    let res = admin
        .post(app.url(&format!("/admin/c/{slug}/criteria")))
        .form(&[("criteria", "Thème = 2 ; Le réseau, ses lignes, ses voyageurs\nCadrage = 1,5")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let now: Vec<Value> = admin.get(url.clone()).send().await.unwrap().json().await.unwrap();
    assert_eq!(now[0]["description"], "Le réseau, ses lignes, ses voyageurs");
    assert_eq!(now[1]["weight"], 1.5);

    // Jurors read it beside the criterion.
    let juror = app.staff("jury2@example.org", "jury").await;
    let round = app.started_round(&admin, &slug, "criteria", json!({}), &["jury2@example.org"]).await;
    let (status, sheet) = app.page_in(&juror, &format!("/jury/r/{round}/1"), "fr").await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        sheet.contains("Le réseau, ses lignes, ses voyageurs") && sheet.contains(r#"aria-describedby="crit-"#),
        "{sheet}"
    );
    assert!(sheet.contains("(×1,5)"), "weights written the French way");
}
