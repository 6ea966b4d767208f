//! The results archive: a zip whose files parse, whose counts match the database, and whose audit
//! lines verify against the chain.

use std::collections::HashMap;
use std::io::Read;

use declic::testing::AuditLine as Line;
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::*;

/// The archive's files by name.
fn unzip(bytes: &[u8]) -> HashMap<String, Vec<u8>> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a whole zip");
    let mut files = HashMap::new();
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).unwrap();
        let mut data = Vec::new();
        f.read_to_end(&mut data).unwrap();
        files.insert(f.name().to_string(), data);
    }
    files
}

/// A CSV's lines as maps from column name to value.
fn rows(csv: &[u8]) -> Vec<HashMap<String, String>> {
    let mut r = csv::Reader::from_reader(csv);
    let headers = r.headers().unwrap().clone();
    r.records()
        .map(|rec| headers.iter().zip(rec.unwrap().iter()).map(|(h, v)| (h.to_string(), v.to_string())).collect())
        .collect()
}

fn optional(v: &str) -> Option<i64> {
    (!v.is_empty()).then(|| v.parse().unwrap())
}

#[tokio::test]
async fn the_archive_holds_the_whole_contest_and_its_audit_lines_verify() {
    let app = TestApp::spawn().await;
    let admin = app.staff("admin@example.org", "admin").await;
    let moderator = app.staff("mod@example.org", "moderator").await;
    let juror = app.staff("jury@example.org", "jury").await;
    let other_juror = app.staff("jury2@example.org", "jury").await;
    let slug = app.open_contest(&admin, "archive").await;
    // Another contest's history must not leak into this archive.
    let other = app.open_contest(&admin, "other").await;
    let voting = json!({ "rule": "per_entry",
        "suspicion": { "window_secs": 600, "network_votes": 3, "new_account_votes": 0, "agent_votes": 0 } });
    assert_eq!(app.set_voting(&admin, &slug, &voting).await.status(), StatusCode::OK);
    let alice = app.participant("alice@example.org").await;
    let bob = app.participant("bob@example.org").await;
    let a1 = app.approved_entry(&alice, &moderator, &slug, 1).await;
    let a2 = app.approved_entry(&alice, &moderator, &slug, 2).await;
    let b1 = app.approved_entry(&bob, &moderator, &slug, 3).await;
    let res = app.submit(&bob, &slug, jpeg(40, 30, 4), &entry_fields()).await;
    let b2 = res.json::<Value>().await.unwrap()["id"].as_i64().unwrap();
    app.wait_processed(&bob, b2).await;
    assert_eq!(app.moderate(&moderator, b2, "reject", Some("Hors sujet.")).await.status(), StatusCode::OK);
    app.approved_entry(&alice, &moderator, &other, 5).await;

    // Votes: two counted on a1, a burst of three on a2 (quarantined, then excluded), one on b1.
    let voters = [
        app.participant("v0@example.org").await,
        app.participant("v1@example.org").await,
        app.participant("v2@example.org").await,
    ];
    for (v, id) in [(0, a1), (1, a1), (0, a2), (1, a2), (2, a2), (2, b1)] {
        let res = app.vote(&voters[v], id).await;
        assert!(res.status().is_success(), "{}", res.text().await.unwrap());
    }
    let flags: Value =
        admin.get(app.url(&format!("/api/v1/contests/{slug}/vote-flags"))).send().await.unwrap().json().await.unwrap();
    let flag = flags[0]["id"].as_i64().unwrap();
    let res =
        moderator.post(app.url(&format!("/api/v1/vote-flags/{flag}/review"))).json(&json!({ "decision": "exclude" }));
    assert_eq!(res.send().await.unwrap().status(), StatusCode::OK);

    // The jury: three marks and a recusal.
    let round = app.jury_round(&admin, &slug, &["jury@example.org", "jury2@example.org"]).await;
    for (id, s) in [(a1, 7), (a2, 5), (b1, 9)] {
        assert_eq!(app.score(&juror, round, id, s).await.status(), StatusCode::OK);
    }
    let res = other_juror
        .post(app.url(&format!("/api/v1/rounds/{}/entries/{a1}/recusal", round.0)))
        .json(&json!({ "reason": "Je connais l'autrice" }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::NO_CONTENT);

    // Admins only.
    assert_eq!(app.archive(&moderator, &slug).await.status(), StatusCode::FORBIDDEN);
    let ranking: Value = app.ranking(&admin, &slug).await.json().await.unwrap();
    let res = app.archive(&admin, &slug).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers()["content-type"], "application/zip");
    assert!(res.headers()["content-disposition"].to_str().unwrap().contains("archive-results-archive.zip"));
    let files = unzip(&res.bytes().await.unwrap());
    let mut names: Vec<&str> = files.keys().map(String::as_str).collect();
    names.sort_unstable();
    assert_eq!(
        names,
        [
            "README.txt",
            "audit.csv",
            "entries.csv",
            "flags.csv",
            "marks.csv",
            "ranking.csv",
            "ranking.json",
            "votes.csv"
        ]
    );

    // Every entry, every status, with its votes by state.
    let entries = rows(&files["entries.csv"]);
    assert_eq!(entries.len(), 4);
    let by_id: HashMap<i64, &HashMap<String, String>> =
        entries.iter().map(|e| (e["entry_id"].parse().unwrap(), e)).collect();
    assert_eq!(by_id[&b2]["status"], "rejected");
    assert_eq!(by_id[&b2]["rejection_reason"], "Hors sujet.");
    assert_eq!((by_id[&a1]["votes_counted"].as_str(), by_id[&a1]["vote_total_kept"].as_str()), ("2", "2"));
    assert_eq!((by_id[&a2]["votes_excluded"].as_str(), by_id[&a2]["vote_total_kept"].as_str()), ("3", "0"));
    assert_eq!(by_id[&a1]["author_id"], by_id[&a2]["author_id"]);
    assert_eq!(by_id[&a1]["original_blake3"].len(), 64);
    assert_eq!(by_id[&a1]["category"], "Tram");

    // The whole vote log, with its states and hashed addresses.
    let votes = rows(&files["votes.csv"]);
    assert_eq!(votes.len(), 6);
    assert_eq!(votes.iter().filter(|v| v["state"] == "excluded").count(), 3);
    assert_eq!(votes.iter().filter(|v| v["state"] == "counted").count(), 3);
    assert!(votes.iter().all(|v| v["ip_hash"].len() == 32 && !v["ip_hash"].contains("127")));
    assert!(votes.iter().filter(|v| v["state"] == "excluded").all(|v| v["flag_id"] == flag.to_string()));
    assert_eq!(rows(&files["flags.csv"]).len(), 1);

    // Marks and recusals.
    let marks = rows(&files["marks.csv"]);
    assert_eq!(marks.iter().filter(|m| m["kind"] == "mark").count(), 3);
    let recusal = marks.iter().find(|m| m["kind"] == "recusal").unwrap();
    assert_eq!((recusal["entry_id"].parse::<i64>().unwrap(), recusal["reason"].as_str()), (a1, "Je connais l'autrice"));

    // The ranking as the API computes it.
    let json: Value = serde_json::from_slice(&files["ranking.json"]).unwrap();
    assert_eq!(json["ranking"], ranking);
    assert_eq!(json["settings"]["jury_weight"], 0.7);
    assert_eq!(json["deciding_round"]["id"], round.0);
    let csv_ranking = rows(&files["ranking.csv"]);
    assert_eq!(csv_ranking.len(), ranking.as_array().unwrap().len());
    assert_eq!(csv_ranking[0]["entry_id"], ranking[0]["entry_id"].to_string());
    assert!(csv_ranking[0]["explanation"].contains("jury"));

    // The contest's audit lines, each hashing to itself and linking where they follow each other.
    let audit = rows(&files["audit.csv"]);
    assert!(audit.len() >= 8, "{audit:?}");
    let mut previous: Option<(i64, String)> = None;
    for l in &audit {
        let line = Line {
            seq: l["seq"].parse().unwrap(),
            prev_hash: l["prev_hash"].clone(),
            actor_id: optional(&l["actor_id"]),
            action: l["action"].clone(),
            subject: l["subject"].clone(),
            contest_id: optional(&l["contest_id"]),
            detail: l["detail"].clone(),
            created_at: l["created_at_unix"].parse().unwrap(),
        };
        assert_eq!(line.hash(), l["hash"], "line {}", line.seq);
        let contest_id = line.contest_id.unwrap();
        assert_eq!(contest_id, audit[0]["contest_id"].parse::<i64>().unwrap(), "this contest's lines only");
        if let Some((seq, hash)) = &previous
            && *seq + 1 == line.seq
        {
            assert_eq!(&line.prev_hash, hash);
        }
        previous = Some((line.seq, l["hash"].clone()));
    }
    let actions: Vec<&str> = audit.iter().map(|l| l["action"].as_str()).collect();
    for a in ["contest.create", "contest.voting", "entry.moderate", "votes.exclude", "jury.recusal", "contest.archive"]
    {
        assert!(actions.contains(&a), "{a} in {actions:?}");
    }
    assert_eq!(actions.last(), Some(&"contest.archive"), "the download itself is audited");
    assert!(!audit.iter().any(|l| l["detail"].contains("alice@") || l["detail"].contains("jury@")));

    // The README tells what each file is and the chain's state at export time.
    let readme = String::from_utf8(files["README.txt"].clone()).unwrap();
    let verify: Value = app.audit_verify(&admin).await.json().await.unwrap();
    assert_eq!(verify["intact"], true);
    assert!(readme.contains("Chain: INTACT"), "{readme}");
    assert!(readme.contains(verify["head"].as_str().unwrap()), "{readme}");
    assert!(readme.contains("votes.csv") && readme.contains("the whole vote log (6 lines)"), "{readme}");

    // A link on the admin page.
    let page = admin.get(app.url(&format!("/admin/c/{slug}"))).send().await.unwrap().text().await.unwrap();
    assert!(page.contains(&format!("/api/v1/contests/{slug}/archive")), "{page}");
}
