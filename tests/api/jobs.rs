//! Durable jobs: queued work survives a restart; a job interrupted by a crash runs again.

use std::time::Duration;

use reqwest::StatusCode;
use serde_json::Value;

use crate::helpers::*;

#[tokio::test]
async fn a_queued_job_survives_a_restart() {
    let app = TestApp::spawn_without_workers().await;
    let admin = app.staff("admin@example.org", "admin").await;
    let slug = app.open_contest(&admin, "restart").await;
    let alice = app.participant("alice@example.org").await;
    let res = app.submit(&alice, &slug, jpeg(40, 30, 1), &entry_fields()).await;
    assert_eq!(res.status(), StatusCode::ACCEPTED);
    let id = res.json::<Value>().await.unwrap()["id"].as_i64().unwrap();
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    let v: Value = app.entry(&alice, id).await.json().await.unwrap();
    assert_eq!(v["status"], "processing", "no worker ran yet");

    let app = app.restart(true).await;
    let alice = app.participant("alice@example.org").await;
    let v = app.wait_processed(&alice, id).await;
    assert_eq!(v["status"], "pending");
}

#[tokio::test]
async fn a_job_abandoned_by_a_crashed_worker_runs_again() {
    let app = TestApp::spawn_without_workers().await;
    let admin = app.staff("admin@example.org", "admin").await;
    let slug = app.open_contest(&admin, "crash").await;
    let alice = app.participant("alice@example.org").await;
    let res = app.submit(&alice, &slug, jpeg(40, 30, 2), &entry_fields()).await;
    let id = res.json::<Value>().await.unwrap()["id"].as_i64().unwrap();

    // A worker of another instance claims the job, then dies: its lease runs out.
    let now = declic::testing::now();
    let job = declic::testing::claim_job(&app.probe.db, "crashed-instance/0", now, now - 1)
        .await
        .unwrap()
        .expect("a job to claim");
    let (status, attempts) = declic::testing::job_state(app.probe.db.pool(), job.id).await.unwrap().unwrap();
    assert_eq!((status.as_str(), attempts), ("running", 1));

    let app = app.restart(true).await;
    let alice = app.participant("alice@example.org").await;
    let v = app.wait_processed(&alice, id).await;
    assert_eq!(v["status"], "pending");
    // The worker records the job done just after the entry moved on.
    let mut state = (String::new(), 0);
    for _ in 0..100 {
        state = declic::testing::job_state(app.probe.db.pool(), job.id).await.unwrap().unwrap();
        if state.0 == "done" {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert_eq!((state.0.as_str(), state.1), ("done", 2));
}

#[tokio::test]
async fn two_workers_never_claim_the_same_job() {
    let app = TestApp::spawn_without_workers().await;
    let now = declic::testing::now();
    let mut ids = Vec::new();
    for n in 0..20 {
        ids.push(
            declic::testing::enqueue_job(app.probe.db.pool(), "noop", &format!(r#"{{"n": {n}}}"#), now, now)
                .await
                .unwrap()
                .unwrap(),
        );
    }
    let claimers: Vec<_> = (0..4)
        .map(|w| {
            let db = app.probe.db.clone();
            tokio::spawn(async move {
                let mut got = Vec::new();
                while let Some(job) = declic::testing::claim_job(&db, &format!("w{w}"), now, now + 600).await.unwrap() {
                    got.push(job.id);
                }
                got
            })
        })
        .collect();
    let mut all = Vec::new();
    for c in claimers {
        all.extend(c.await.unwrap());
    }
    all.sort();
    assert_eq!(all, ids, "each job claimed exactly once");
}

#[tokio::test]
async fn shutting_down_hands_held_jobs_back() {
    let app = TestApp::spawn_without_workers().await;
    let now = declic::testing::now();
    let id = declic::testing::enqueue_job(app.probe.db.pool(), "noop", "{}", now, now).await.unwrap().unwrap();
    let job = declic::testing::claim_job(&app.probe.db, "leaving/0", now, now + 600).await.unwrap().unwrap();
    assert_eq!(job.id, id);
    // What a stopping worker does with a job it could not finish in time.
    let released = declic::testing::release_jobs(app.probe.db.pool(), "leaving/0", now).await.unwrap();
    assert_eq!(released, 1);
    let (status, attempts) = declic::testing::job_state(app.probe.db.pool(), id).await.unwrap().unwrap();
    assert_eq!((status.as_str(), attempts), ("queued", 0), "released without counting a failed attempt");
    let again = declic::testing::claim_job(&app.probe.db, "other/0", now, now + 600).await.unwrap().unwrap();
    assert_eq!(again.id, id);
}

#[tokio::test]
async fn interruptions_never_fail_an_acknowledged_photo() {
    let app = TestApp::spawn_without_workers().await;
    let admin = app.staff("admin@example.org", "admin").await;
    let slug = app.open_contest(&admin, "kills").await;
    let alice = app.participant("alice@example.org").await;
    let res = app.submit(&alice, &slug, jpeg(40, 30, 3), &entry_fields()).await;
    assert_eq!(res.status(), StatusCode::ACCEPTED, "acknowledged");
    let id = res.json::<Value>().await.unwrap()["id"].as_i64().unwrap();

    // Twenty workers take the job and die (kill -9: no outcome recorded, the lease runs out).
    for kill in 0..20 {
        let now = declic::testing::now();
        let job = declic::testing::claim_job(&app.probe.db, &format!("killed-{kill}/0"), now, now - 1).await.unwrap();
        assert!(job.is_some(), "the job is there to take again after {kill} kills");
    }
    let app = app.restart(true).await;
    let alice = app.participant("alice@example.org").await;
    let v = app.wait_processed(&alice, id).await;
    assert_eq!(v["status"], "pending", "{v}");
}

#[tokio::test]
async fn a_photo_whose_processing_failed_is_processed_again_by_staff_or_the_sweep() {
    let app = TestApp::spawn().await;
    let admin = app.staff("admin@example.org", "admin").await;
    let moderator = app.staff("mod@example.org", "moderator").await;
    let slug = app.open_contest(&admin, "again").await;
    let alice = app.participant("alice@example.org").await;
    let photo = jpeg(40, 30, 4);
    let res = app.submit(&alice, &slug, photo.clone(), &entry_fields()).await;
    let id = res.json::<Value>().await.unwrap()["id"].as_i64().unwrap();
    let v = app.wait_processed(&alice, id).await;
    let hash = v["renditions"][0]["url"].as_str().unwrap().split('/').nth(3).unwrap().to_string();
    let original = declic::testing::BlobKey::original(&declic::testing::Blake3Hash::parse(&hash).unwrap());

    // The original goes missing: the sweep marks the photo failed.
    let fail = || async {
        app.probe.storage.delete(&original).await.unwrap();
        let report = app.probe.sweep(0, false).await.unwrap();
        assert_eq!(report.missing_originals, vec![id]);
        assert_eq!(app.entry(&alice, id).await.json::<Value>().await.unwrap()["status"], "failed");
    };
    fail().await;
    let reprocess = |client: &reqwest::Client| client.post(app.url(&format!("/api/v1/entries/{id}/reprocess"))).send();
    // Without its original it cannot be processed again; a participant may not ask.
    assert_eq!(reprocess(&moderator).await.unwrap().status(), StatusCode::CONFLICT);
    assert_eq!(reprocess(&alice).await.unwrap().status(), StatusCode::FORBIDDEN);
    // Put back (restored from a backup): staff send it through again.
    app.probe.storage.put_bytes(&original, photo.clone().into(), "image/jpeg").await.unwrap();
    let page = app.page_in(&moderator, "/moderation", "fr").await.1;
    assert!(page.contains(&format!("/moderation/entries/{id}/reprocess")), "the moderation page offers it");
    assert_eq!(reprocess(&moderator).await.unwrap().status(), StatusCode::ACCEPTED);
    assert_eq!(app.wait_processed(&alice, id).await["status"], "pending");
    assert_eq!(reprocess(&moderator).await.unwrap().status(), StatusCode::CONFLICT, "not failed any more");

    // Or the sweep does, once the original is back.
    fail().await;
    app.probe.storage.put_bytes(&original, photo.into(), "image/jpeg").await.unwrap();
    let report = app.probe.sweep(0, false).await.unwrap();
    assert_eq!(report.failed_reprocessed, vec![id]);
    assert_eq!(app.wait_processed(&alice, id).await["status"], "pending");
    assert!(!app.audit_details("entry.reprocess").await.is_empty());
}

/// `declic worker` processes killed with SIGKILL again and again while photos are processed: every
/// acknowledged photo still reaches moderation (an interruption is no failed attempt).
#[tokio::test]
async fn photos_reach_moderation_however_often_their_worker_is_killed() {
    let app = TestApp::spawn_without_workers().await;
    let admin = app.staff("admin@example.org", "admin").await;
    let slug = app.open_contest(&admin, "sigkill").await;
    let alice = app.participant("alice@example.org").await;
    let mut ids = Vec::new();
    // Three large photos: each takes longer to render than a worker lives.
    for seed in 0..3u8 {
        let res = app.submit(&alice, &slug, scene(u32::from(seed), 2400, 1800), &entry_fields()).await;
        assert_eq!(res.status(), StatusCode::ACCEPTED, "acknowledged");
        ids.push(res.json::<Value>().await.unwrap()["id"].as_i64().unwrap());
    }
    // Twenty workers, each killed (SIGKILL: no outcome recorded) a moment after it starts; a
    // one-second lease makes their jobs free again at once.
    let mut interrupted = 0;
    for kill in 0..20u64 {
        let (mut cmd, dir) = app.cli_command(&["worker"]);
        cmd.env("DECLIC_JOB_LEASE_SECS", "1").env("DECLIC_WORKERS", "1");
        cmd.stdout(std::process::Stdio::null()).stderr(std::process::Stdio::null());
        let mut worker = cmd.spawn().unwrap();
        tokio::time::sleep(std::time::Duration::from_millis(300 + 40 * kill)).await;
        worker.kill().unwrap();
        worker.wait().unwrap();
        drop(dir);
        // The jobs it held are left running, their lease running out.
        let held: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM jobs WHERE status = 'running'")
            .fetch_one(app.probe.db.pool())
            .await
            .unwrap();
        interrupted += held;
    }
    assert!(interrupted > 0, "the kills interrupted jobs in progress");
    let most: i64 = sqlx::query_scalar("SELECT MAX(attempts) FROM jobs").fetch_one(app.probe.db.pool()).await.unwrap();
    assert!(most > 5, "a job was interrupted more often than it may fail ({most} claims)");
    let failed: Vec<i64> = {
        let mut failed = Vec::new();
        for id in &ids {
            if app.entry(&alice, *id).await.json::<Value>().await.unwrap()["status"] == "failed" {
                failed.push(*id);
            }
        }
        failed
    };
    assert!(failed.is_empty(), "failed after kills: {failed:?}");
    // A worker left alone finishes them all.
    tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
    let app = app.restart(true).await;
    let alice = app.participant("alice@example.org").await;
    // Rendering large photos while the rest of the suite runs may take a while: up to 2 minutes.
    for id in ids {
        let mut status = Value::Null;
        for _ in 0..1200 {
            status = app.entry(&alice, id).await.json::<Value>().await.unwrap()["status"].clone();
            if status != "processing" {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        assert_eq!(status, "pending", "entry {id}");
    }
}

/// (status, payload, run_at) of each housekeeping job, in order.
async fn housekeeping_jobs(app: &TestApp) -> Vec<(String, String, i64)> {
    sqlx::query_as("SELECT status, payload, run_at FROM jobs WHERE kind = 'housekeeping' ORDER BY id")
        .fetch_all(app.probe.db.pool())
        .await
        .unwrap()
}

#[tokio::test]
async fn housekeeping_runs_once_per_interval_for_the_whole_cluster() {
    let app = TestApp::spawn().await;
    let other = app.another_instance(true).await;
    let started = declic::testing::now();
    // Both instances work jobs; one housekeeping waits, an interval away.
    let mut queued = housekeeping_jobs(&app).await;
    for _ in 0..50 {
        if !queued.is_empty() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
        queued = housekeeping_jobs(&app).await;
    }
    assert_eq!(queued.len(), 1, "one housekeeping for two instances: {queued:?}");
    let (status, payload, run_at) = &queued[0];
    assert_eq!((status.as_str(), payload.as_str()), ("queued", r#"{"round":0}"#));
    assert!(*run_at >= started + declic::testing::HOUSEKEEPING_INTERVAL_SECS - 5, "first run an interval away");
    // An expired session, which the run forgets; a live one, which it keeps.
    let email = declic::testing::Email::parse("kept@example.org").unwrap();
    let mut conn = app.probe.db.pool().acquire().await.unwrap();
    let user = declic::testing::participant(&mut conn, &email, started).await.unwrap();
    drop(conn);
    declic::testing::create_session(app.probe.db.pool(), "expired-session", user.id, started - 100, started - 1)
        .await
        .unwrap();
    declic::testing::create_session(app.probe.db.pool(), "live-session", user.id, started, started + 3600)
        .await
        .unwrap();
    // Its time comes: one of the two instances runs it, once, and queues the next.
    sqlx::query("UPDATE jobs SET run_at = $1 WHERE kind = 'housekeeping'")
        .bind(started)
        .execute(app.probe.db.pool())
        .await
        .unwrap();
    app.probe.wake_workers();
    other.probe.wake_workers();
    let mut jobs = housekeeping_jobs(&app).await;
    for _ in 0..100 {
        if jobs.iter().any(|(s, _, _)| s == "done") {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
        jobs = housekeeping_jobs(&app).await;
    }
    let statuses: Vec<(&str, &str)> = jobs.iter().map(|(s, p, _)| (s.as_str(), p.as_str())).collect();
    assert_eq!(statuses, [("done", r#"{"round":0}"#), ("queued", r#"{"round":1}"#)], "ran once, next queued");
    assert!(jobs[1].2 >= started + declic::testing::HOUSEKEEPING_INTERVAL_SECS - 5, "next run an interval away");
    let sessions: Vec<(String,)> = sqlx::query_as("SELECT id_hash FROM sessions WHERE user_id = $1")
        .bind(user.id)
        .fetch_all(app.probe.db.pool())
        .await
        .unwrap();
    assert_eq!(sessions, [("live-session".to_string(),)], "expired sessions forgotten");
    // A third instance starting queues nothing more: its scheduling (done once more here, so the
    // check does not depend on when its workers' start ran it) finds the next run queued.
    let third = app.another_instance(true).await;
    third.probe.schedule_housekeeping().await.unwrap();
    assert_eq!(housekeeping_jobs(&third).await.len(), 2);
}
