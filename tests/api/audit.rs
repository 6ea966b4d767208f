//! The audit log: a hash chain that shows a changed, removed (even the last) or reordered line, on
//! both databases; appends in parallel keep one chain; the CLI, the API and the admin page agree.

use declic::testing::Dialect;
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::*;

/// Runs one statement as the database's owner would (bypassing the application).
async fn sql(app: &TestApp, statement: &str) -> Result<u64, sqlx::Error> {
    sqlx::query(sqlx::AssertSqlSafe(statement.to_string()))
        .execute(app.probe.db.pool())
        .await
        .map(|r| r.rows_affected())
}

/// What someone with the database's keys does first: turn the append-only triggers off.
async fn drop_triggers(app: &TestApp) {
    let statements: &[&str] = match app.probe.db.dialect() {
        Dialect::Sqlite => &["DROP TRIGGER audit_log_no_update", "DROP TRIGGER audit_log_no_delete"],
        Dialect::Postgres => &["DROP TRIGGER audit_log_append_only ON audit_log"],
    };
    for s in statements {
        sql(app, s).await.unwrap();
    }
}

async fn report(app: &TestApp, admin: &reqwest::Client) -> Value {
    let res = app.audit_verify(admin).await;
    assert_eq!(res.status(), StatusCode::OK);
    res.json().await.unwrap()
}

fn broken_at(report: &Value) -> (i64, String) {
    assert_eq!(report["intact"], false, "{report}");
    let b = &report["first_broken"];
    (b["seq"].as_i64().unwrap(), b["problem"].as_str().unwrap().to_string())
}

/// A few staff actions, audited.
async fn some_history(app: &TestApp) -> reqwest::Client {
    let admin = app.staff("admin@example.org", "admin").await;
    let moderator = app.staff("mod@example.org", "moderator").await;
    let slug = app.open_contest(&admin, "audit").await;
    let alice = app.participant("alice@example.org").await;
    let res = alice.patch(app.url("/api/v1/me")).json(&json!({ "display_name": "Alice Martin" })).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let id = app.approved_entry(&alice, &moderator, &slug, 1).await;
    let res = moderator.put(app.url(&format!("/api/v1/entries/{id}/hidden"))).json(&json!({ "hidden": true })).send();
    assert_eq!(res.await.unwrap().status(), StatusCode::NO_CONTENT);
    let res = moderator.put(app.url(&format!("/api/v1/entries/{id}/hidden"))).json(&json!({ "hidden": false })).send();
    assert_eq!(res.await.unwrap().status(), StatusCode::NO_CONTENT);
    admin
}

#[tokio::test]
async fn the_chain_is_intact_and_shows_every_kind_of_tampering() {
    let app = TestApp::spawn().await;
    let admin = some_history(&app).await;
    let r = report(&app, &admin).await;
    assert_eq!(r["intact"], true, "{r}");
    let lines = r["lines"].as_i64().unwrap();
    assert!(lines >= 5, "{r}");
    let (head_seq, head_hash) = declic::testing::audit_head(app.probe.db.pool()).await.unwrap();
    assert_eq!((head_seq, r["head"].as_str().unwrap()), (lines, head_hash.as_str()));
    assert!(r["first_broken"].is_null());
    // No personal data in the lines: the name someone chose is not there.
    let all = declic::testing::audit_page(app.probe.db.pool(), 0, 1000).await.unwrap();
    assert!(all.iter().all(|l| !l.detail.contains("Alice")), "{all:?}");
    assert!(all.iter().any(|l| l.action == "user.display_name" && l.detail.contains("\"display_name_set\":true")));
    assert!(all.iter().filter(|l| l.subject.starts_with("entry:")).all(|l| l.contest_id.is_some()));

    // Only admins check it; the page says it in words.
    let moderator = app.staff("mod2@example.org", "moderator").await;
    assert_eq!(app.audit_verify(&moderator).await.status(), StatusCode::FORBIDDEN);
    let page = admin.get(app.url("/admin/audit")).send().await.unwrap().text().await.unwrap();
    assert!(page.contains(&format!("{lines} lignes, chaîne intacte")) && page.contains(&head_hash), "{page}");
    let cli = app.cli(&["audit", "verify"]);
    let out = String::from_utf8_lossy(&cli.stdout);
    assert!(cli.status.success(), "{out} {}", String::from_utf8_lossy(&cli.stderr));
    assert!(out.contains(&format!("audit log: {lines} lines, chain intact (head {head_hash})")), "{out}");

    // The database itself refuses to change or delete a line.
    assert!(sql(&app, "UPDATE audit_log SET detail = '{}' WHERE seq = 2").await.is_err());
    assert!(sql(&app, "DELETE FROM audit_log WHERE seq = 2").await.is_err());
    assert!(sql(&app, "UPDATE audit_head SET seq = 1").await.is_err(), "the head only moves forward");

    // Someone with the database's keys goes further.
    drop_triggers(&app).await;
    let line2 = declic::testing::audit_page(app.probe.db.pool(), 1, 1).await.unwrap().remove(0);
    sql(&app, "UPDATE audit_log SET detail = '{\"forged\":true}' WHERE seq = 2").await.unwrap();
    assert_eq!(broken_at(&report(&app, &admin).await), (2, "hash_mismatch".into()));
    let cli = app.cli(&["audit", "verify"]);
    let out = String::from_utf8_lossy(&cli.stdout);
    assert_eq!(cli.status.code(), Some(1), "{out}");
    assert!(out.contains("BROKEN at line 2: hash_mismatch"), "{out}");
    let page = admin.get(app.url("/admin/audit")).send().await.unwrap().text().await.unwrap();
    assert!(page.contains("La ligne 2 a été modifiée"), "{page}");
    // Put back as it was: intact again.
    sqlx::query("UPDATE audit_log SET detail = $1 WHERE seq = 2")
        .bind(&line2.detail)
        .execute(app.probe.db.pool())
        .await
        .unwrap();
    assert_eq!(report(&app, &admin).await["intact"], true);

    // Changed and rehashed: the next line no longer follows it.
    let mut forged = line2.line();
    forged.detail = "{\"forged\":true}".into();
    sqlx::query("UPDATE audit_log SET detail = $1, hash = $2 WHERE seq = 2")
        .bind(&forged.detail)
        .bind(forged.hash())
        .execute(app.probe.db.pool())
        .await
        .unwrap();
    assert_eq!(broken_at(&report(&app, &admin).await), (3, "prev_hash_mismatch".into()));
    sqlx::query("UPDATE audit_log SET detail = $1, hash = $2 WHERE seq = 2")
        .bind(&line2.detail)
        .bind(line2.hash.as_deref().unwrap())
        .execute(app.probe.db.pool())
        .await
        .unwrap();

    // Two lines swapped (their numbers exchanged).
    sql(&app, "UPDATE audit_log SET seq = -3 WHERE seq = 3").await.unwrap();
    sql(&app, "UPDATE audit_log SET seq = 3 WHERE seq = 4").await.unwrap();
    sql(&app, "UPDATE audit_log SET seq = 4 WHERE seq = -3").await.unwrap();
    assert_eq!(broken_at(&report(&app, &admin).await), (3, "prev_hash_mismatch".into()));
    sql(&app, "UPDATE audit_log SET seq = -4 WHERE seq = 4").await.unwrap();
    sql(&app, "UPDATE audit_log SET seq = 4 WHERE seq = 3").await.unwrap();
    sql(&app, "UPDATE audit_log SET seq = 3 WHERE seq = -4").await.unwrap();
    assert_eq!(report(&app, &admin).await["intact"], true);

    // A line removed in the middle.
    sql(&app, "DELETE FROM audit_log WHERE seq = 3").await.unwrap();
    assert_eq!(broken_at(&report(&app, &admin).await), (3, "missing_line".into()));

    // The last line removed (the chain alone would look fine: the head says otherwise).
    let app = TestApp::spawn().await;
    let admin = some_history(&app).await;
    let (last, _) = declic::testing::audit_head(app.probe.db.pool()).await.unwrap();
    drop_triggers(&app).await;
    sql(&app, &format!("DELETE FROM audit_log WHERE seq = {last}")).await.unwrap();
    assert_eq!(broken_at(&report(&app, &admin).await), (last, "head_mismatch".into()));
    sql(&app, &format!("DELETE FROM audit_log WHERE seq = {}", last - 1)).await.unwrap();
    assert_eq!(broken_at(&report(&app, &admin).await), (last - 1, "head_mismatch".into()));
}

#[tokio::test]
async fn lines_written_outside_the_chain_are_reported_then_sealed() {
    let app = TestApp::spawn().await;
    let admin = some_history(&app).await;
    // What an older version (during an upgrade) writes: a line without a place in the chain.
    sql(&app, "INSERT INTO audit_log (actor_id, action, subject, detail, created_at) VALUES (NULL, 'legacy', 'contest:1', '{}', 1)")
        .await
        .unwrap();
    let r = report(&app, &admin).await;
    assert_eq!(r["first_broken"]["problem"], "unsealed", "{r}");
    // The next append seals it first, in order.
    app.staff("another@example.org", "admin").await;
    let res = admin.post(app.url("/api/v1/moderation/reasons")).json(&json!({ "text": "Hors sujet." })).send().await;
    assert_eq!(res.unwrap().status(), StatusCode::CREATED);
    let r = report(&app, &admin).await;
    assert_eq!(r["intact"], true, "{r}");
    let legacy = declic::testing::audit_for_subject(app.probe.db.pool(), "contest:1").await.unwrap();
    let legacy = legacy.iter().find(|l| l.action == "legacy").unwrap();
    assert_eq!(legacy.contest_id, Some(1));
    let reason = declic::testing::audit_page(app.probe.db.pool(), legacy.seq.unwrap(), 1).await.unwrap();
    assert_eq!(reason[0].action, "reason.add", "sealed before the new line");
    // Sealing at start works the same.
    sql(&app, "INSERT INTO audit_log (actor_id, action, subject, detail, created_at) VALUES (NULL, 'legacy', 'user:1', '{}', 2)")
        .await
        .unwrap();
    assert_eq!(declic::testing::seal_audit(&app.probe.db).await.unwrap(), 1);
    assert_eq!(report(&app, &admin).await["intact"], true);
}

#[tokio::test]
async fn parallel_appends_make_one_chain() {
    let app = TestApp::spawn().await;
    let admin = app.staff("admin@example.org", "admin").await;
    let moderator = app.staff("mod@example.org", "moderator").await;
    // Twenty moderation actions at once, through the API.
    let mut tasks = Vec::new();
    for i in 0..20 {
        let (client, url) = (moderator.clone(), app.url("/api/v1/moderation/reasons"));
        tasks.push(tokio::spawn(async move {
            client.post(url).json(&json!({ "text": format!("Motif numéro {i}.") })).send().await.unwrap().status()
        }));
    }
    for t in tasks {
        assert_eq!(t.await.unwrap(), StatusCode::CREATED);
    }
    // And twenty more straight through the database layer, each in its own transaction.
    let mut tasks = Vec::new();
    for i in 0..20 {
        let db = app.probe.db.clone();
        tasks.push(tokio::spawn(async move {
            let mut tx = db.begin_write().await.unwrap();
            declic::testing::record_audit(&mut tx, None, "test.parallel", &format!("user:{i}"), &json!({ "i": i }), 1)
                .await
                .unwrap();
            tx.commit().await.unwrap();
        }));
    }
    for t in tasks {
        t.await.unwrap();
    }
    let r = report(&app, &admin).await;
    assert_eq!(r["intact"], true, "{r}");
    let seqs: Vec<i64> = declic::testing::audit_page(app.probe.db.pool(), 0, 1000)
        .await
        .unwrap()
        .iter()
        .map(|l| l.seq.unwrap())
        .collect();
    assert_eq!(seqs, (1..=40).collect::<Vec<i64>>(), "numbers 1..n without gaps");
    assert_eq!(r["lines"], 40);
}

#[tokio::test]
async fn an_upgraded_log_is_scrubbed_of_personal_data_and_sealed() {
    // A database as the previous version left it (migrations up to 0014), with audit lines.
    let dir = tempfile::tempdir().unwrap();
    let url = match std::env::var("DECLIC_TEST_DATABASE_URL") {
        Ok(base) if base.starts_with("postgres") => fresh_postgres_database(&base).await,
        _ => format!("sqlite://{}/old.db", dir.path().display()),
    };
    let db = declic::testing::Db::connect(&url).await.unwrap();
    let mut before = match db.dialect() {
        Dialect::Sqlite => sqlx::migrate!("migrations/sqlite"),
        Dialect::Postgres => sqlx::migrate!("migrations/postgres"),
    };
    before.migrations = before.migrations.iter().filter(|m| m.version <= 14).cloned().collect();
    before.run(db.pool()).await.unwrap();
    let pool = db.pool();
    sqlx::query(
        "INSERT INTO contests (slug, title, rules, submissions_open_at, submissions_close_at, vote_open_at, vote_close_at, \
         jury_open_at, jury_close_at, results_at, created_at) VALUES ('old', 'Old', '', 0, 10, 0, 10, 0, 10, 20, 0)",
    )
    .execute(pool)
    .await
    .unwrap();
    let contest: i64 = sqlx::query_scalar("SELECT id FROM contests").fetch_one(pool).await.unwrap();
    let lines = [
        ("contest.create", format!("contest:{contest}"), r#"{"slug":"old","title":"Old"}"#),
        ("user.display_name", "user:7".to_string(), r#"{"display_name":"Léa Martin"}"#),
        ("entry.edit", "entry:3".to_string(), r#"{"title_before":"Léa au parc","title_after":"Au parc"}"#),
        ("entry.withdraw", "entry:4".to_string(), r#"{"title":"Léa","original_hash":"ab","status":"pending"}"#),
        ("jury.recusal", "entry:5".to_string(), r#"{"round":1,"reason":"C'est ma voisine"}"#),
        ("jury.round_create", "round:1".to_string(), r#"{"after":{"name":"Finale","jurors":["jury@example.org"]}}"#),
    ];
    for (i, (action, subject, detail)) in lines.iter().enumerate() {
        sqlx::query(
            "INSERT INTO audit_log (actor_id, action, subject, detail, created_at) VALUES (NULL, $1, $2, $3, $4)",
        )
        .bind(action)
        .bind(subject)
        .bind(detail)
        .bind(i as i64)
        .execute(pool)
        .await
        .unwrap();
    }

    // The upgrade: migrations, then the lines sealed at start.
    db.migrate().await.unwrap();
    assert_eq!(declic::testing::seal_audit(&db).await.unwrap(), lines.len());
    let report = declic::testing::verify_audit(&db).await.unwrap();
    assert!(report.intact, "{report:?}");
    assert_eq!(report.lines, lines.len() as u64);
    let all = declic::testing::audit_page(pool, 0, 100).await.unwrap();
    assert_eq!(all.iter().map(|l| l.seq.unwrap()).collect::<Vec<_>>(), (1..=lines.len() as i64).collect::<Vec<_>>());
    let detail = |action: &str| -> Value {
        serde_json::from_str(&all.iter().find(|l| l.action == action).unwrap().detail).unwrap()
    };
    assert_eq!(all[0].contest_id, Some(contest));
    assert_eq!(detail("contest.create")["slug"], "old", "what is not personal stays");
    assert_eq!(detail("user.display_name"), json!({ "display_name_set": true }));
    assert_eq!(detail("entry.edit"), json!({ "title_changed": true }));
    assert_eq!(detail("entry.withdraw"), json!({ "original_hash": "ab", "status": "pending" }));
    assert_eq!(detail("jury.recusal"), json!({ "round": 1 }));
    assert_eq!(detail("jury.round_create"), json!({ "after": { "name": "Finale" } }));
    assert!(all.iter().all(|l| !l.detail.contains("Léa") && !l.detail.contains('@') && !l.detail.contains("voisine")));
    // Sealing again finds nothing; a start on the sealed log changes nothing.
    assert_eq!(declic::testing::seal_audit(&db).await.unwrap(), 0);
    db.close().await;
}
