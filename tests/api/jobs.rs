//! Durable jobs: queued work survives a restart; a job interrupted by a crash runs again.

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
    let now = declic::clock::now();
    let job = declic::db::jobs::claim(&app.state.db, "crashed-instance/0", now, now - 1)
        .await
        .unwrap()
        .expect("a job to claim");
    let (status, attempts) = declic::db::jobs::state(app.state.db.pool(), job.id).await.unwrap().unwrap();
    assert_eq!((status.as_str(), attempts), ("running", 1));

    let app = app.restart(true).await;
    let alice = app.participant("alice@example.org").await;
    let v = app.wait_processed(&alice, id).await;
    assert_eq!(v["status"], "pending");
    // The worker records the job done just after the entry moved on.
    let mut state = (String::new(), 0);
    for _ in 0..100 {
        state = declic::db::jobs::state(app.state.db.pool(), job.id).await.unwrap().unwrap();
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
    let now = declic::clock::now();
    let mut ids = Vec::new();
    for n in 0..20 {
        ids.push(
            declic::db::jobs::enqueue(app.state.db.pool(), "noop", &serde_json::json!({ "n": n }), now).await.unwrap(),
        );
    }
    let claimers: Vec<_> = (0..4)
        .map(|w| {
            let db = app.state.db.clone();
            tokio::spawn(async move {
                let mut got = Vec::new();
                while let Some(job) = declic::db::jobs::claim(&db, &format!("w{w}"), now, now + 600).await.unwrap() {
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
    let now = declic::clock::now();
    let id = declic::db::jobs::enqueue(app.state.db.pool(), "noop", &serde_json::json!({}), now).await.unwrap();
    let job = declic::db::jobs::claim(&app.state.db, "leaving/0", now, now + 600).await.unwrap().unwrap();
    assert_eq!(job.id, id);
    // What a stopping worker does with a job it could not finish in time.
    let released = declic::db::jobs::release_all(app.state.db.pool(), "leaving/0", now).await.unwrap();
    assert_eq!(released, 1);
    let (status, attempts) = declic::db::jobs::state(app.state.db.pool(), id).await.unwrap().unwrap();
    assert_eq!((status.as_str(), attempts), ("queued", 0), "released without counting a failed attempt");
    let again = declic::db::jobs::claim(&app.state.db, "other/0", now, now + 600).await.unwrap().unwrap();
    assert_eq!(again.id, id);
}
