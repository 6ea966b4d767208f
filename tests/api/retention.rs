//! GDPR: a contest's retention period (set by admins), then its purge — winners' files stay,
//! the others' go, the vote log is anonymised, people with nothing else live are erased, a contest
//! still within its period is untouched, a second run does nothing — and erasing one person at
//! their request.

use declic::testing::{Blake3Hash, BlobKey, Email, RENDITION_FILES};
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::*;

const DAY: i64 = 86_400;

async fn user_id(app: &TestApp, email: &str) -> i64 {
    let email = Email::parse(email).unwrap();
    declic::testing::user_by_email(app.probe.db.pool(), &email).await.unwrap().expect("an account").id
}

/// The account as stored now (by id).
async fn account(app: &TestApp, id: i64) -> declic::testing::User {
    declic::testing::user(app.probe.db.pool(), id).await.unwrap().unwrap()
}

/// Ends their sessions, as time would: they have nothing live left but their contests.
async fn sessions_expire(app: &TestApp, id: i64) {
    sqlx::query("UPDATE sessions SET expires_at = 1 WHERE user_id = $1")
        .bind(id)
        .execute(app.probe.db.pool())
        .await
        .unwrap();
}

/// Moves the contest's whole timetable `days` into the past.
async fn age_contest(app: &TestApp, slug: &str, days: i64) {
    let shift = days * DAY;
    sqlx::query(
        "UPDATE contests SET submissions_open_at = submissions_open_at - $1, submissions_close_at = submissions_close_at - $1, \
         vote_open_at = vote_open_at - $1, vote_close_at = vote_close_at - $1, jury_open_at = jury_open_at - $1, \
         jury_close_at = jury_close_at - $1, results_at = results_at - $1 WHERE slug = $2",
    )
    .bind(shift)
    .bind(slug)
    .execute(app.probe.db.pool())
    .await
    .unwrap();
}

/// The blob keys of an entry's original and renditions.
async fn keys_of(app: &TestApp, entry: i64) -> Vec<BlobKey> {
    let e = declic::testing::entry(app.probe.db.pool(), entry).await.unwrap().unwrap();
    let hash = Blake3Hash::parse(&e.original_hash).unwrap();
    let mut keys: Vec<BlobKey> = RENDITION_FILES.iter().filter_map(|f| BlobKey::rendition(&hash, f)).collect();
    keys.push(BlobKey::original(&hash));
    keys
}

async fn present(app: &TestApp, entry: i64) -> usize {
    let mut n = 0;
    for k in keys_of(app, entry).await {
        n += usize::from(app.probe.storage.exists(&k).await.unwrap());
    }
    n
}

/// (voter, ip_hash) of the votes on an entry, in id order.
/// The SQLite database file of an instance on the embedded backend.
fn sqlite_file(app: &TestApp) -> Option<String> {
    let url = app.settings.database_url.expose().to_string();
    let path = url.strip_prefix("sqlite://")?;
    Some(path.split('?').next().unwrap().to_string())
}

async fn votes_on(app: &TestApp, entry: i64) -> Vec<(i64, Option<String>)> {
    sqlx::query_as("SELECT voter_id, ip_hash FROM votes WHERE entry_id = $1 ORDER BY id")
        .bind(entry)
        .fetch_all(app.probe.db.pool())
        .await
        .unwrap()
}

#[tokio::test]
async fn retention_removes_exactly_what_it_must_and_a_second_run_does_nothing() {
    let app = TestApp::spawn().await;
    let admin = app.staff("admin@example.org", "admin").await;
    let moderator = app.staff("mod@example.org", "moderator").await;
    let old = app.open_contest(&admin, "ancien").await;
    let fresh = app.open_contest(&admin, "recent").await;
    let (alice, bob, carol, dave) = (
        app.participant("alice@example.org").await,
        app.participant("bob@example.org").await,
        app.participant("carol@example.org").await,
        app.participant("dave@example.org").await,
    );
    // Alice's photo goes on the cover, Bob's comes first in the ranking: both win. Carol's two
    // (one approved, one rejected) do not.
    // Alice chose her credit: a cover keeps it after her account is erased.
    let res = alice.patch(app.url("/api/v1/me")).json(&json!({ "display_name": "alice" })).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let a1 = app.approved_entry(&alice, &moderator, &old, 1).await;
    let b1 = app.approved_entry(&bob, &moderator, &old, 2).await;
    let c1 = app.approved_entry(&carol, &moderator, &old, 3).await;
    let res = app.submit(&carol, &old, jpeg(40, 30, 4), &entry_fields()).await;
    let c2 = res.json::<Value>().await.unwrap()["id"].as_i64().unwrap();
    app.wait_processed(&carol, c2).await;
    assert_eq!(app.moderate(&moderator, c2, "reject", Some("Floue.")).await.status(), StatusCode::OK);
    let d1 = app.approved_entry(&dave, &moderator, &fresh, 5).await;
    assert_eq!(app.assign_winner(&admin, &old, "guide-t1", a1).await.status(), StatusCode::OK);
    // Three voters: v1 has nothing else (erased), v2 is still signed in, v3 also voted in the
    // contest still within its period (both kept, their votes here made anonymous).
    let (v1, v2, v3) = (
        app.participant("v1@example.org").await,
        app.participant("v2@example.org").await,
        app.participant("v3@example.org").await,
    );
    for (v, id) in [(&v1, b1), (&v2, b1), (&v3, b1), (&v1, c1), (&v3, d1)] {
        let res = app.vote(v, id).await;
        assert!(res.status().is_success(), "{}", res.text().await.unwrap());
    }
    let mut ids = Vec::new();
    for who in ["alice", "bob", "carol", "dave", "v1", "v2", "v3"] {
        ids.push(user_id(&app, &format!("{who}@example.org")).await);
    }
    let [alice_id, bob_id, carol_id, dave_id, v1_id, v2_id, v3_id] = ids[..] else { unreachable!() };
    for id in [alice_id, carol_id, dave_id, v1_id, v3_id] {
        sessions_expire(&app, id).await;
    }

    // Admins set the periods; only admins; within bounds.
    assert_eq!(app.set_retention(&moderator, &old, Some(1)).await.status(), StatusCode::FORBIDDEN);
    assert_eq!(error_code(app.set_retention(&admin, &old, Some(-1)).await).await, "invalid_retention");
    assert_eq!(error_code(app.set_retention(&admin, &old, Some(100_000)).await).await, "invalid_retention");
    let res = app.set_retention(&admin, &old, Some(1)).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.json::<Value>().await.unwrap()["retention_days"], 1);
    let res = admin.post(app.url(&format!("/admin/c/{fresh}/retention"))).form(&[("retention_days", "365")]).send();
    assert_eq!(res.await.unwrap().status(), StatusCode::SEE_OTHER, "the admin page's form");
    let shown: Value =
        app.client().get(app.url(&format!("/api/v1/contests/{fresh}"))).send().await.unwrap().json().await.unwrap();
    assert_eq!(shown["retention"]["retention_days"], 365);

    // Before the end of the period nothing happens.
    let report = app.probe.retention().await.unwrap();
    assert_eq!(report, declic::testing::RetentionReport::default());
    // Both contests end (the old one three days ago: past its one day; the other within its year).
    age_contest(&app, &old, 3).await;
    age_contest(&app, &fresh, 3).await;
    let ranking_before: Value = app.ranking(&admin, &old).await.json().await.unwrap();
    assert_eq!(ranking_before[0]["entry_id"], b1, "Bob's photo leads on votes");
    let files = RENDITION_FILES.len() + 1;
    for e in [a1, b1, c1, c2, d1] {
        assert_eq!(present(&app, e).await, files, "entry {e} has all its files");
    }

    // A dry run (command line) and the admin page say what the run will do, and change nothing.
    let out = app.cli(&["retention", "run", "--dry-run"]);
    let dry = String::from_utf8_lossy(&out.stdout).to_string();
    assert!(out.status.success(), "{dry} {}", String::from_utf8_lossy(&out.stderr));
    assert!(dry.contains("dry run, nothing changed): 1 contests past their retention period"), "{dry}");
    let previews = app.probe.retention_preview().await.unwrap();
    assert_eq!(previews.len(), 1);
    let preview = previews[0].1.clone();
    assert!(dry.contains(&format!("  {old}: {}", preview.summary())), "{dry}");
    let (_, page) = app.page_in(&admin, &format!("/admin/c/{old}"), "en").await;
    assert!(page.contains("See what the purge would delete now") && !page.contains("People erased:"), "asked for");
    let (_, page) = app.page_in(&admin, &format!("/admin/c/{old}?preview=retention"), "en").await;
    for line in [
        format!("Photos that would lose their files: {}", preview.entries),
        format!("Originals deleted from storage: {}", preview.originals),
        format!("Renditions deleted from storage: {}", preview.renditions),
        format!("Vote log rows anonymised: {}", preview.vote_rows),
        format!("People erased: {}", preview.people),
    ] {
        assert!(page.contains(&line), "{line} in {page}");
    }
    for e in [a1, b1, c1, c2, d1] {
        assert_eq!(present(&app, e).await, files, "entry {e} still has all its files after the dry run");
    }
    assert!(account(&app, v1_id).await.email.starts_with("v1@"));

    let report = app.probe.retention().await.unwrap();
    // The dry run counted exactly what the run did.
    assert_eq!(preview.entries, report.entries_purged);
    assert_eq!(preview.originals as i64 + preview.renditions, report.files_deleted as i64);
    assert_eq!(preview.originals, 2);
    assert_eq!(preview.vote_rows as u64, report.vote_hashes_cleared);
    assert_eq!(preview.people, report.people_erased);
    assert_eq!(report.contests_due, 1);
    assert_eq!(report.contests_purged, 1);
    assert_eq!(report.entries_purged, 2);
    assert_eq!(report.files_deleted, 2 * files);
    assert_eq!(report.votes_reassigned, 2, "v2's and v3's votes on b1");
    assert_eq!(report.vote_hashes_cleared, 4);
    // v1 (voter), Carol and Alice (authors with nothing else live); not Bob (signed in).
    assert_eq!(report.people_erased, 3);

    // Files: the winners' stay, the others' are gone, the other contest's untouched.
    assert_eq!(present(&app, a1).await, files);
    assert_eq!(present(&app, b1).await, files);
    assert_eq!(present(&app, c1).await, 0);
    assert_eq!(present(&app, c2).await, 0);
    assert_eq!(present(&app, d1).await, files);
    let c1_row = declic::testing::entry(app.probe.db.pool(), c1).await.unwrap().unwrap();
    assert!(c1_row.purged_at.is_some() && c1_row.hidden_at.is_some() && c1_row.description.is_empty());
    assert!(declic::testing::renditions(app.probe.db.pool(), c1).await.unwrap().is_empty());
    let staff_view: Value = app.entry(&admin, c1).await.json().await.unwrap();
    assert_eq!((staff_view["purged"].as_bool(), staff_view["hidden"].as_bool()), (Some(true), Some(false)));
    let a1_row = declic::testing::entry(app.probe.db.pool(), a1).await.unwrap().unwrap();
    assert!(a1_row.purged_at.is_none());
    // Out of the public gallery; the storage sweep leaves purged entries alone.
    let gallery = app.gallery_query(&app.client(), &old, "?limit=10").await;
    let shown: Vec<i64> = gallery["entries"].as_array().unwrap().iter().map(|e| e["id"].as_i64().unwrap()).collect();
    assert!(!shown.contains(&c1) && shown.contains(&a1), "{shown:?}");
    let sweep = app.probe.sweep(0, true).await.unwrap();
    assert!(sweep.missing_originals.is_empty() && sweep.missing_renditions.is_empty(), "{sweep:?}");

    // The results stand: same ranking, same totals, same log size.
    let ranking_after: Value = app.ranking(&admin, &old).await.json().await.unwrap();
    let key = |r: &Value| {
        r.as_array()
            .unwrap()
            .iter()
            .map(|l| (l["entry_id"].clone(), l["rank"].clone(), l["votes"].clone(), l["total"].clone()))
            .collect::<Vec<_>>()
    };
    assert_eq!(key(&ranking_after), key(&ranking_before));
    assert!(app.probe.recount(true).await.unwrap().is_empty(), "totals match the log");

    // The vote log: no hashes; v1's votes under v1's emptied account; v2's and v3's under new
    // anonymous accounts, one each; the other contest's votes as they were.
    let on_b1 = votes_on(&app, b1).await;
    assert_eq!(on_b1.len(), 3);
    assert!(on_b1.iter().all(|(_, ip)| ip.is_none()));
    assert_eq!(on_b1[0].0, v1_id);
    assert!(![v2_id, v3_id].contains(&on_b1[1].0) && ![v2_id, v3_id].contains(&on_b1[2].0));
    assert_ne!(on_b1[1].0, on_b1[2].0, "one anonymous account per voter");
    assert!(account(&app, on_b1[1].0).await.is_erased());
    let on_d1 = votes_on(&app, d1).await;
    assert_eq!((on_d1[0].0, on_d1[0].1.is_some()), (v3_id, true));

    // People: erased when nothing else is live; winners keep their credit.
    let alice_now = account(&app, alice_id).await;
    assert!(alice_now.is_erased());
    assert_eq!(alice_now.display_name.as_deref(), Some("alice"), "the cover's credit stays");
    let carol_now = account(&app, carol_id).await;
    assert!(carol_now.is_erased() && carol_now.display_name.is_none());
    assert!(account(&app, v1_id).await.is_erased());
    for (id, email) in [(bob_id, "bob@"), (dave_id, "dave@"), (v2_id, "v2@"), (v3_id, "v3@")] {
        assert!(account(&app, id).await.email.starts_with(email), "{email} kept");
    }
    // Audited, by id only, and the chain still holds.
    let lines = declic::testing::audit_page(app.probe.db.pool(), 0, 10_000).await.unwrap();
    assert!(lines.iter().any(|l| l.action == "contest.retention"));
    let erasures: Vec<_> = lines.iter().filter(|l| l.action == "retention.erase").collect();
    assert!(!erasures.is_empty() && erasures.iter().all(|l| !l.detail.contains('@')));
    let verify: Value = app.audit_verify(&admin).await.json().await.unwrap();
    assert_eq!(verify["intact"], true, "{verify}");
    // The archive still works, anonymised.
    let res = app.archive(&admin, &old).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert!(!res.bytes().await.unwrap().is_empty());

    // A second run, from the command line: nothing left to do.
    let out = app.cli(&["retention", "run"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{text} {}", String::from_utf8_lossy(&out.stderr));
    assert!(
        text.contains(
            "1 contests past their retention period, 0 purged now; 0 entries purged (0 files deleted); 0 votes moved"
        ),
        "{text}"
    );
    assert!(text.contains("0 vote hashes cleared; 0 people erased"), "{text}");
    assert_eq!(present(&app, a1).await, files);
    let again = app.probe.retention().await.unwrap();
    assert_eq!((again.entries_purged, again.people_erased, again.votes_reassigned), (0, 0, 0));
}

#[tokio::test]
async fn an_admin_erases_a_person_at_their_request() {
    let app = TestApp::spawn().await;
    let admin = app.staff("admin@example.org", "admin").await;
    let moderator = app.staff("mod@example.org", "moderator").await;
    let slug = app.open_contest(&admin, "effacement").await;
    let alice = app.participant("alice@example.org").await;
    let bob = app.participant("bob@example.org").await;
    let kept = app.approved_entry(&alice, &moderator, &slug, 1).await;
    let gone = app.approved_entry(&alice, &moderator, &slug, 2).await;
    let bobs = app.approved_entry(&bob, &moderator, &slug, 3).await;
    assert_eq!(app.assign_winner(&admin, &slug, "guide-t1", kept).await.status(), StatusCode::OK);
    assert!(app.vote(&alice, bobs).await.status().is_success());
    let res = alice.patch(app.url("/api/v1/me")).json(&json!({ "display_name": "Alice M." })).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let alice_id = user_id(&app, "alice@example.org").await;
    let gone_keys = keys_of(&app, gone).await;
    let ranking_before: Value = app.ranking(&admin, &slug).await.json().await.unwrap();

    assert_eq!(app.erase_user(&moderator, alice_id).await.status(), StatusCode::FORBIDDEN);
    assert_eq!(error_code(app.erase_user(&admin, 999_999).await).await, "user_not_found");
    let mod_id = user_id(&app, "mod@example.org").await;
    assert_eq!(error_code(app.erase_user(&admin, mod_id).await).await, "staff_account");

    let res = app.erase_user(&admin, alice_id).await;
    assert_eq!(res.status(), StatusCode::OK);
    let erased: Value = res.json().await.unwrap();
    assert_eq!(
        erased,
        json!({ "user_id": alice_id, "entries_withdrawn": 1, "kept_cover_winners": 1, "already_erased": false })
    );
    // Her data: signed out, account emptied (the cover's credit stays), the other photo and its
    // files gone; her vote still counts, on an anonymous account without her address's hash.
    assert_eq!(alice.get(app.url("/api/v1/me")).send().await.unwrap().status(), StatusCode::UNAUTHORIZED);
    let now = account(&app, alice_id).await;
    assert!(now.is_erased() && now.email == format!("deleted-{alice_id}@deleted.invalid"));
    assert_eq!(now.display_name.as_deref(), Some("Alice M."));
    assert!(declic::testing::entry(app.probe.db.pool(), gone).await.unwrap().is_none());
    for k in gone_keys {
        assert!(!app.probe.storage.exists(&k).await.unwrap(), "{}", k.as_str());
    }
    assert!(declic::testing::entry(app.probe.db.pool(), kept).await.unwrap().is_some());
    let on_bobs = votes_on(&app, bobs).await;
    assert_eq!(on_bobs.len(), 1, "the vote stays");
    assert!(on_bobs[0].0 != alice_id && on_bobs[0].1.is_none(), "linked to no one: {on_bobs:?}");
    assert!(account(&app, on_bobs[0].0).await.is_erased());
    assert_eq!(declic::testing::entry(app.probe.db.pool(), bobs).await.unwrap().unwrap().vote_count, 1);
    let ranking_after: Value = app.ranking(&admin, &slug).await.json().await.unwrap();
    let votes = |r: &Value| {
        r.as_array().unwrap().iter().map(|e| (e["entry_id"].clone(), e["votes"].clone())).collect::<Vec<_>>()
    };
    assert_eq!(
        votes(&ranking_after),
        votes(&ranking_before).into_iter().filter(|(id, _)| id != gone).collect::<Vec<_>>()
    );
    let recount = app.cli(&["votes", "recount", "--dry-run"]);
    let out = String::from_utf8_lossy(&recount.stdout);
    assert!(out.lines().any(|l| l.starts_with("0 entries whose total differed")), "{out}");
    // Nothing of her address is left in the database's files (SQLite overwrites what it deletes).
    if let Some(path) = sqlite_file(&app) {
        for file in [path.clone(), format!("{path}-wal")] {
            let bytes = std::fs::read(&file).unwrap_or_default();
            assert!(!bytes.windows(17).any(|w| w == b"alice@example.org"), "{file} still holds her address");
        }
    }
    // Audited under the admin's id, without her address.
    let audit = declic::testing::audit_for_subject(app.probe.db.pool(), &format!("user:{alice_id}")).await.unwrap();
    let line = audit.iter().find(|l| l.action == "user.erase").expect("audited");
    let admin_id = user_id(&app, "admin@example.org").await;
    assert_eq!(line.actor_id, Some(admin_id));
    assert!(!line.detail.contains("alice"), "{}", line.detail);
    let withdrawn = declic::testing::audit_for_subject(app.probe.db.pool(), &format!("entry:{gone}")).await.unwrap();
    assert!(withdrawn.iter().any(|l| l.action == "entry.withdraw" && l.actor_id == Some(admin_id)));
    // Again: nothing left to do. She may sign in again: a new, empty account.
    let again: Value = app.erase_user(&admin, alice_id).await.json().await.unwrap();
    assert_eq!(again["already_erased"], true);
    let back = app.participant("alice@example.org").await;
    let me: Value = back.get(app.url("/api/v1/me")).send().await.unwrap().json().await.unwrap();
    assert_ne!(me["id"], alice_id);
    assert_eq!(app.audit_verify(&admin).await.json::<Value>().await.unwrap()["intact"], true);
}
