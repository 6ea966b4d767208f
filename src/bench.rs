//! Benchmark fixtures (`declic bench …`, driven by `scripts/bench-gallery.sh` and
//! `scripts/bench-votes.sh`): a contest filled with many approved photos and votes for the
//! gallery benchmark, and signed-in voters with solved challenges whose requests a load generator
//! sends for the vote benchmark. Rows are written in large batches straight to the database.

use std::io::Write;
use std::path::Path;
use std::time::Instant;

use anyhow::Context;

use crate::clock;
use crate::db;
use crate::domain::consent::Rights;
use crate::domain::schedule::{Schedule, Window};
use crate::domain::slug::Slug;
use crate::domain::voting::{Suspicion, VoteRule};
use crate::state::AppState;

/// A value bound in a batch insert.
pub(crate) enum Val {
    I(i64),
    S(String),
}

/// Rows per statement, within both databases' limits on bound parameters.
const PARAMS_PER_STATEMENT: usize = 30_000;

/// Inserts `rows` into `table (columns)`, many rows per statement, in one transaction.
pub(crate) async fn insert_rows(
    state: &AppState,
    table: &str,
    columns: &[&str],
    rows: Vec<Vec<Val>>,
) -> anyhow::Result<()> {
    let per = (PARAMS_PER_STATEMENT / columns.len()).max(1);
    let mut tx = state.db.begin_write().await?;
    for chunk in rows.chunks(per) {
        let sql = format!(
            "INSERT INTO {table} ({}) VALUES {}",
            columns.join(", "),
            crate::db::value_rows(chunk.len(), columns.len())
        );
        let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
        for row in chunk {
            for v in row {
                q = match v {
                    Val::I(i) => q.bind(*i),
                    Val::S(s) => q.bind(s.clone()),
                };
            }
        }
        q.execute(&mut *tx).await.with_context(|| format!("inserting into {table}"))?;
    }
    tx.commit().await?;
    Ok(())
}

/// A contest open to votes for the next 30 days, with one category; returns its id.
pub(crate) async fn open_contest(state: &AppState, slug: &str, suspicion: Suspicion) -> anyhow::Result<i64> {
    let now = clock::now();
    let window = |what| Window::new(now - 86_400, now + 30 * 86_400, what);
    let schedule = Schedule::new(window("submissions")?, window("public vote")?, window("jury")?, now + 31 * 86_400)?;
    let slug = Slug::parse(slug)?;
    let title = format!("Benchmark {slug}");
    let row = db::contests::NewContestRow {
        slug: &slug,
        title: &title,
        description: "",
        rules: "",
        schedule: &schedule,
        max_entries_per_participant: 1000,
        age_threshold: 15,
        now,
    };
    let id = db::contests::insert(state.db.pool(), &row).await.context("a contest with this address exists")?;
    db::contests::insert_rules(state.db.pool(), id, 1, "", &Rights::standard().to_json(), now).await?;
    db::contests::insert_category(state.db.pool(), id, "Paysages", 0).await?;
    let voting = db::contests::VotingSettings { rule: VoteRule::PerEntry, public_vote_counts: true, suspicion };
    db::contests::set_voting(state.db.pool(), id, &voting).await?;
    Ok(id)
}

/// `count` participant accounts `<prefix><i>@bench.example`; returns their ids in order.
pub(crate) async fn accounts(state: &AppState, prefix: &str, count: usize) -> anyhow::Result<Vec<i64>> {
    let rows = (0..count)
        .map(|i| {
            let email = format!("{prefix}{i}@bench.example");
            vec![
                Val::S(email.clone()),
                Val::S("participant".into()),
                Val::I(0),
                Val::S(email),
                Val::S(format!("{prefix} {i}")),
            ]
        })
        .collect();
    insert_rows(state, "users", &["email", "role", "created_at", "canonical_email", "display_name"], rows).await?;
    let like = format!("{prefix}%@bench.example");
    Ok(sqlx::query_scalar("SELECT id FROM users WHERE email LIKE $1 ORDER BY id")
        .bind(like)
        .fetch_all(state.db.pool())
        .await?)
}

/// An approved entry as the fixtures write it.
pub(crate) struct FixtureEntry {
    pub contest: i64,
    pub author: i64,
    pub category: i64,
    pub title: String,
    pub description: String,
    pub hash: String,
    pub size: i64,
    pub width: i64,
    pub height: i64,
    pub created_at: i64,
}

impl FixtureEntry {
    pub(crate) const COLUMNS: [&'static str; 17] = [
        "contest_id",
        "participant_id",
        "category_id",
        "title",
        "description",
        "original_hash",
        "original_size",
        "original_format",
        "width",
        "height",
        "status",
        "consent_at",
        "consent_rules_version",
        "created_at",
        "updated_at",
        "shuffle_rank",
        "placeholder",
    ];

    pub(crate) fn row(self, now: i64) -> Vec<Val> {
        vec![
            Val::I(self.contest),
            Val::I(self.author),
            Val::I(self.category),
            Val::S(self.title),
            Val::S(self.description),
            Val::S(self.hash),
            Val::I(self.size),
            Val::S("jpeg".into()),
            Val::I(self.width),
            Val::I(self.height),
            Val::S("approved".into()),
            Val::I(now),
            Val::I(1),
            Val::I(self.created_at),
            Val::I(now),
            Val::I(crate::services::gallery::random_rank()),
            Val::S("#6b7c8d".into()),
        ]
    }
}

/// The contest's (first) category.
pub(crate) async fn category_of(state: &AppState, contest: i64) -> anyhow::Result<i64> {
    Ok(sqlx::query_scalar("SELECT id FROM categories WHERE contest_id = $1 ORDER BY id")
        .bind(contest)
        .fetch_one(state.db.pool())
        .await?)
}

/// `count` approved entries spread over `authors`, each with the pipeline's renditions; returns their ids.
async fn approved_entries(state: &AppState, contest: i64, authors: &[i64], count: usize) -> anyhow::Result<Vec<i64>> {
    let category = category_of(state, contest).await?;
    let now = clock::now();
    let hash = |i: usize| blake3::hash(format!("bench-{contest}-{i}").as_bytes()).to_hex().to_string();
    let rows = (0..count)
        .map(|i| {
            FixtureEntry {
                contest,
                author: authors[i % authors.len()],
                category,
                title: format!("Photo {i}"),
                description: format!("Un tram au lever du jour, vue {i}"),
                hash: hash(i),
                size: 4_000_000,
                width: 4000,
                height: 3000,
                created_at: now - (count - i) as i64,
            }
            .row(now)
        })
        .collect();
    insert_rows(state, "entries", &FixtureEntry::COLUMNS, rows).await?;
    let ids: Vec<i64> = sqlx::query_scalar("SELECT id FROM entries WHERE contest_id = $1 ORDER BY id")
        .bind(contest)
        .fetch_all(state.db.pool())
        .await?;
    let mut renditions = Vec::with_capacity(ids.len() * crate::media::RENDITION_FILES.len());
    for (i, id) in ids.iter().enumerate() {
        for file in crate::media::RENDITION_FILES {
            let (w, h) = match file.split_once('.').map(|(v, _)| v) {
                Some("w400") => (400, 300),
                Some("w1080") => (1080, 810),
                Some("w2048") => (2048, 1536),
                _ => (1200, 630),
            };
            let key = format!("renditions/{}/{file}", hash(i));
            renditions.push(vec![
                Val::I(*id),
                Val::S(file.to_string()),
                Val::S(key),
                Val::I(w),
                Val::I(h),
                Val::I(50_000),
            ]);
        }
    }
    insert_rows(state, "renditions", &["entry_id", "variant", "blob_key", "width", "height", "bytes"], renditions)
        .await?;
    Ok(ids)
}

/// The gallery fixture: a contest `slug` with `entries` approved photos and `votes` votes from
/// one voter per ten votes; prints how long each part took.
pub(crate) async fn seed_gallery(state: &AppState, slug: &str, entries: usize, votes: usize) -> anyhow::Result<()> {
    let started = Instant::now();
    let contest = open_contest(state, slug, Suspicion::default()).await?;
    let authors = accounts(state, &format!("{slug}-author-"), (entries / 4).max(1)).await?;
    let ids = approved_entries(state, contest, &authors, entries).await?;
    println!("{} entries with their renditions in {:.1} s", ids.len(), started.elapsed().as_secs_f64());
    let per_voter = 10.min(ids.len());
    let voters = accounts(state, &format!("{slug}-voter-"), votes.div_ceil(per_voter.max(1))).await?;
    let now = clock::now();
    let mut rows = Vec::with_capacity(votes);
    'voters: for (v, voter) in voters.iter().enumerate() {
        for k in 0..per_voter {
            if rows.len() == votes {
                break 'voters;
            }
            // Distinct entries for one voter (104,729 is prime), more votes on some photos than others.
            let spread = (v * 7_919 + k * 104_729) % ids.len();
            let entry = ids[if k % 3 == 0 { spread % (ids.len() / 10).max(1) } else { spread }];
            rows.push(vec![Val::I(entry), Val::I(*voter), Val::I(now - (votes - rows.len()) as i64 / 100)]);
        }
    }
    let n = rows.len();
    // A voter may have drawn one photo twice through the skew: let the unique key drop those.
    dedup_votes(&mut rows);
    insert_rows(state, "votes", &["entry_id", "voter_id", "created_at"], rows).await?;
    sqlx::query(
        "UPDATE entries SET vote_count = (SELECT COUNT(*) FROM votes v WHERE v.entry_id = entries.id AND v.state = 'counted') \
         WHERE contest_id = $1",
    )
    .bind(contest)
    .execute(state.db.pool())
    .await?;
    db::votes::rank_all(state.db.pool()).await?;
    let kept: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM votes").fetch_one(state.db.pool()).await?;
    sqlx::query("ANALYZE").execute(state.db.pool()).await?;
    println!(
        "{kept} votes ({} drawn) from {} voters; seeded in {:.1} s",
        n,
        voters.len(),
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

fn dedup_votes(rows: &mut Vec<Vec<Val>>) {
    let mut seen = std::collections::HashSet::new();
    rows.retain(|r| match (&r[0], &r[1]) {
        (Val::I(e), Val::I(v)) => seen.insert((*e, *v)),
        _ => true,
    });
}

/// The vote fixture: a contest `slug` with 100 approved photos and `voters` signed-in voters, and
/// in `out` one line per vote to send: `entry id`, `Cookie` header, solved challenge (tab-separated).
pub(crate) async fn vote_requests(state: &AppState, slug: &str, voters: usize, out: &Path) -> anyhow::Result<()> {
    let started = Instant::now();
    // The screening runs on every vote; thresholds nobody reaches keep every vote counted.
    let quiet =
        Suspicion { window_secs: 600, network_votes: 1_000_000, new_account_votes: 1_000_000, agent_votes: 1_000_000 };
    let contest = open_contest(state, slug, quiet).await?;
    let authors = accounts(state, &format!("{slug}-author-"), 10).await?;
    let ids = approved_entries(state, contest, &authors, 100).await?;
    let voter_ids = accounts(state, &format!("{slug}-voter-"), voters).await?;
    let now = clock::now();
    let mut tokens = Vec::with_capacity(voters);
    let mut sessions = Vec::with_capacity(voters);
    for id in &voter_ids {
        let token = uuid::Uuid::new_v4().simple().to_string();
        sessions.push(vec![
            Val::S(crate::services::accounts::hash_token(&token)),
            Val::I(*id),
            Val::I(now),
            Val::I(now + 86_400),
        ]);
        tokens.push(token);
    }
    insert_rows(state, "sessions", &["id_hash", "user_id", "created_at", "expires_at"], sessions).await?;
    let state2 = state.clone();
    let lines = tokio::task::spawn_blocking(move || {
        tokens
            .iter()
            .enumerate()
            .map(|(i, token)| {
                let pow = crate::services::voting::challenge(&state2).solve().unwrap_or_default();
                format!("{}\t{}={token}\t{pow}\n", ids[i % ids.len()], crate::web::session::COOKIE)
            })
            .collect::<String>()
    })
    .await?;
    let mut file = std::fs::File::create(out).with_context(|| format!("creating {}", out.display()))?;
    file.write_all(lines.as_bytes())?;
    println!(
        "{voters} voters with solved challenges written to {} in {:.1} s",
        out.display(),
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

/// A contest's counted votes, and the times of the first and last.
pub(crate) async fn counted_votes(state: &AppState, slug: &str) -> anyhow::Result<(i64, i64, i64)> {
    Ok(sqlx::query_as(
        "SELECT COUNT(*), COALESCE(MIN(v.created_at), 0), COALESCE(MAX(v.created_at), 0) FROM votes v \
         JOIN entries e ON e.id = v.entry_id JOIN contests c ON c.id = e.contest_id \
         WHERE c.slug = $1 AND v.state = 'counted'",
    )
    .bind(slug)
    .fetch_one(state.db.pool())
    .await?)
}
