//! The winners-export benchmark fixture (`declic bench winners`, driven by
//! `scripts/bench-export.sh`): a contest whose cover slots each hold a distinct large original
//! (the given photos, made distinct by a JPEG comment), with crops and print files rendered as
//! staff would, and a signed-in admin whose session cookie is written for the download.

use std::path::Path;
use std::time::Instant;

use anyhow::Context;
use bytes::Bytes;

use crate::bench::{FixtureEntry, Val, accounts, category_of, insert_rows, open_contest};
use crate::clock;
use crate::db;
use crate::domain::cover::CoverSpec;
use crate::domain::email::Email;
use crate::domain::hash::Blake3Hash;
use crate::domain::role::Role;
use crate::domain::slug::Slug;
use crate::domain::voting::Suspicion;
use crate::state::AppState;
use crate::storage::BlobKey;

/// `jpeg` with a comment segment right after its start marker: the same picture, another file.
fn distinct_jpeg(jpeg: &[u8], n: usize) -> Vec<u8> {
    let comment = format!("declic bench winner {n}");
    let len = u16::try_from(comment.len() + 2).unwrap_or(u16::MAX).to_be_bytes();
    let mut out = Vec::with_capacity(jpeg.len() + comment.len() + 4);
    out.extend_from_slice(&jpeg[..2]);
    out.extend_from_slice(&[0xFF, 0xFE, len[0], len[1]]);
    out.extend_from_slice(comment.as_bytes());
    out.extend_from_slice(&jpeg[2..]);
    out
}

/// Seeds `count` winners from the JPEGs in `originals`; writes the admin's cookie to `out`.
pub(crate) async fn seed_winners(
    state: &AppState,
    slug: &str,
    originals: &Path,
    count: usize,
    out: &Path,
) -> anyhow::Result<()> {
    let started = Instant::now();
    let mut photos = Vec::new();
    for entry in std::fs::read_dir(originals).with_context(|| format!("reading {}", originals.display()))? {
        let path = entry?.path();
        if path.extension().is_some_and(|e| e.eq_ignore_ascii_case("jpg") || e.eq_ignore_ascii_case("jpeg")) {
            photos.push(std::fs::read(&path)?);
        }
    }
    anyhow::ensure!(!photos.is_empty(), "no JPEG in {}", originals.display());
    let contest = open_contest(state, slug, Suspicion::default()).await?;
    let authors = accounts(state, &format!("{slug}-author-"), count).await?;
    let category = category_of(state, contest).await?;
    let now = clock::now();
    let mut total = 0u64;
    for i in 0..count {
        let bytes = distinct_jpeg(&photos[i % photos.len()], i);
        let probe = crate::media::probe(&bytes, &state.settings.media)?;
        let hash = Blake3Hash::from_hash(&blake3::hash(&bytes));
        total += bytes.len() as u64;
        let size = bytes.len() as i64;
        state.storage.put_bytes(&BlobKey::original(&hash), Bytes::from(bytes), "image/jpeg").await?;
        let row = FixtureEntry {
            contest,
            author: authors[i],
            category,
            title: format!("Couverture {i}"),
            description: format!("Une vue du réseau, couverture {i}"),
            hash: hash.as_str().to_string(),
            size,
            width: probe.width.into(),
            height: probe.height.into(),
            created_at: now,
        }
        .row(now);
        insert_rows(state, "entries", &FixtureEntry::COLUMNS, vec![row]).await?;
        let spec = CoverSpec::parse(148.0, 210.0, 3.0, 300)?;
        db::covers::insert(
            state.db.pool(),
            contest,
            &Slug::parse(&format!("guide-{i}"))?,
            &format!("Guide {i}"),
            &spec,
        )
        .await?;
    }
    let email = Email::parse(&format!("{slug}-admin@bench.example"))?;
    crate::services::accounts::add_staff(state, &email, Role::Admin, "a benchmark admin password".into())
        .await
        .map_err(|e| anyhow::anyhow!("{}", e.message))?;
    let admin = db::users::find_by_email(state.db.pool(), &email).await?.context("admin")?;
    let row = db::contests::find_by_slug(state.db.pool(), slug).await?.context("contest")?;
    let entries: Vec<i64> = sqlx::query_scalar("SELECT id FROM entries WHERE contest_id = $1 ORDER BY id")
        .bind(contest)
        .fetch_all(state.db.pool())
        .await?;
    let seeded = started.elapsed();
    for (i, entry) in entries.iter().enumerate() {
        crate::services::covers::assign(state, &admin, &row, &format!("guide-{i}"), *entry, None)
            .await
            .map_err(|e| anyhow::anyhow!("{}", e.message))?;
    }
    let token = uuid::Uuid::new_v4().simple().to_string();
    let session = vec![
        Val::S(crate::services::accounts::hash_token(&token)),
        Val::I(admin.id),
        Val::I(now),
        Val::I(now + 86_400),
    ];
    insert_rows(state, "sessions", &["id_hash", "user_id", "created_at", "expires_at"], vec![session]).await?;
    std::fs::write(out, format!("{}={token}", crate::web::session::COOKIE))?;
    println!(
        "{count} winners ({:.0} MB of originals) stored in {:.1} s, cropped and print files rendered in {:.1} s",
        total as f64 / 1e6,
        seeded.as_secs_f64(),
        (started.elapsed() - seeded).as_secs_f64()
    );
    Ok(())
}
