//! Near-duplicate lookup at scale: seeds N entries (default 100,000) with random perceptual hashes
//! in a fresh SQLite database (or `DATABASE_URL=postgres://…`), then times lookups.
//! `cargo run --release --example bench_near_duplicates [N]`
use std::time::Instant;

use declic::testing::{Db, Dialect, NEAR_DUPLICATE_DISTANCE, index_phash, phash_candidates, phash_distance};
use rand::Rng;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let n: i64 = std::env::args().nth(1).map(|s| s.parse()).transpose()?.unwrap_or(100_000);
    let dir = tempfile::tempdir()?;
    let url = std::env::var("DATABASE_URL").unwrap_or_else(|_| format!("sqlite://{}/bench.db", dir.path().display()));
    let db = Db::connect(&url).await?;
    db.migrate().await?;
    let pool = db.pool();
    sqlx::query("INSERT INTO users (email, role, created_at) VALUES ('bench@example.org', 'participant', 0)")
        .execute(pool)
        .await?;
    sqlx::query(
        "INSERT INTO contests (slug, title, rules, submissions_open_at, submissions_close_at, vote_open_at, vote_close_at, \
         jury_open_at, jury_close_at, results_at, created_at) VALUES ('bench', 'Bench', '', 0, 1, 0, 1, 0, 1, 2, 0)",
    )
    .execute(pool)
    .await?;
    let mut rng = rand::rng();
    let hashes: Vec<u64> = (0..n).map(|_| rng.random()).collect();
    let t = Instant::now();
    for chunk in hashes.chunks(5000).enumerate() {
        let (c, chunk) = chunk;
        let mut tx = db.begin_write().await?;
        for (i, h) in chunk.iter().enumerate() {
            let id = (c * 5000 + i + 1) as i64;
            sqlx::query(
                "INSERT INTO entries (id, contest_id, participant_id, title, description, original_hash, original_size, \
                 original_format, status, consent_at, consent_rules_version, created_at, updated_at, phash) \
                 VALUES ($1, 1, 1, 't', 'd', $2, 1, 'jpeg', 'pending', 0, 1, 0, 0, $3)",
            )
            .bind(id)
            .bind(format!("{id:064x}"))
            .bind(*h as i64)
            .execute(&mut *tx)
            .await?;
            index_phash(&mut tx, 1, id, *h).await?;
        }
        tx.commit().await?;
    }
    println!("seeded {n} entries in {:.1} s", t.elapsed().as_secs_f64());
    if db.dialect() == Dialect::Postgres {
        // Steady state: autovacuum keeps statistics current as entries arrive over days.
        sqlx::query("ANALYZE").execute(pool).await?;
    }

    let lookups = 200;
    let (mut candidates, mut found, mut false_hits) = (0usize, 0usize, 0usize);
    let t = Instant::now();
    for i in 0..lookups {
        // Half the probes are altered copies of existing entries (9 bits flipped), half new photos.
        let probe =
            if i % 2 == 0 { hashes[rng.random_range(0..hashes.len())] ^ 0x0101_0101_0000_0107 } else { rng.random() };
        let c = phash_candidates(pool, 1, 0, probe).await?;
        candidates += c.len();
        let hit = c.iter().any(|(_, h)| phash_distance(*h as u64, probe) <= NEAR_DUPLICATE_DISTANCE);
        if i % 2 == 0 {
            found += hit as usize;
        } else {
            false_hits += hit as usize;
        }
    }
    let per = t.elapsed().as_secs_f64() * 1000.0 / lookups as f64;
    println!(
        "{lookups} lookups: {per:.2} ms each, {} candidates on average; altered copies found: {found} of {}; \
         random photos matched by chance: {false_hits} of {}",
        candidates / lookups,
        lookups / 2,
        lookups / 2
    );
    Ok(())
}
