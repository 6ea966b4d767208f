//! The results archive, for a bailiff or an appeal: a zip streamed as it is built, holding every
//! entry (`entries.csv`), the whole vote log (`votes.csv`, read a page at a time, never whole in
//! memory), the vote flags (`flags.csv`), every jury mark and recusal (`marks.csv`), the final
//! ranking with its computation (`ranking.csv`, `ranking.json`, from [`results::ranking`]), the
//! contest's audit lines with their place in the hash chain (`audit.csv`), and a `README.txt`
//! saying what each file is and whether the chain was intact at export time.

use std::collections::HashMap;

use async_zip::ZipEntryBuilder;
use async_zip::base::write::ZipFileWriter;
use axum::body::Body;
use futures::{AsyncWrite, AsyncWriteExt};
use serde_json::json;
use tokio_util::io::ReaderStream;

use crate::clock;
use crate::db::{self, contests::ContestRow, contests::vote_log, users::User};
use crate::domain::audit::ChainReport;
use crate::domain::role::Capability;
use crate::error::{AppError, AppResult};
use crate::services::results::{self, RankedEntry, ResultsSettings};
use crate::state::AppState;

/// Rows read per query.
const PAGE: i64 = 2000;

/// What is known before the zip starts (so that a failure is an error response, not a cut file).
struct Prepared {
    contest: ContestRow,
    by: i64,
    exported_at: i64,
    ranking_csv: Vec<u8>,
    ranking_json: Vec<u8>,
    ranked: usize,
    marks_csv: Vec<u8>,
    marks: usize,
    flags_csv: Vec<u8>,
    flags: usize,
    totals: HashMap<i64, [i64; 3]>,
    categories: HashMap<i64, String>,
    chain: ChainReport,
}

/// Checks, computes the ranking, audits the download, checks the chain, then streams the zip.
pub(crate) async fn archive_zip(state: &AppState, by: &User, contest: &ContestRow) -> AppResult<Body> {
    if !by.role.can(Capability::Administer) {
        return Err(AppError::forbidden());
    }
    let pool = state.db.pool();
    let ranking = results::ranking(state, by, contest).await?;
    let now = clock::now();
    // The download is audited first: its line is in the archive, under the head checked below.
    let mut tx = state.db.begin_write().await?;
    let detail = json!({ "files": ["README.txt", "entries.csv", "votes.csv", "flags.csv", "marks.csv", "ranking.csv", "ranking.json", "audit.csv"] });
    db::audit::record(&mut tx, Some(by.id), "contest.archive", &format!("contest:{}", contest.id), &detail, now)
        .await?;
    tx.commit().await?;
    let chain = crate::services::audit::verify(&state.db).await?;
    let rounds = db::rounds::of_contest(pool, contest.id).await?;
    let ranking_json = serde_json::to_vec_pretty(&json!({
        "contest": { "id": contest.id, "slug": contest.slug, "title": contest.title },
        "computed_at": clock::rfc3339(now),
        "settings": ResultsSettings::of(contest),
        "deciding_round": results::deciding_round(&rounds).map(|r| json!({
            "id": r.id, "name": r.name, "method": r.method, "status": r.status,
        })),
        "ranking": ranking,
    }))
    .map_err(AppError::internal)?;
    let (marks_csv, marks) = marks_csv(state, contest, &rounds).await?;
    let (flags_csv, flags) = flags_csv(state, contest).await?;
    let mut totals: HashMap<i64, [i64; 3]> = HashMap::new();
    for (entry, vote_state, n) in vote_log::totals(pool, contest.id).await? {
        let slot = match vote_state.as_str() {
            "counted" => 0,
            "quarantined" => 1,
            _ => 2,
        };
        totals.entry(entry).or_default()[slot] += n;
    }
    let categories = db::contests::categories(pool, contest.id).await?.into_iter().map(|c| (c.id, c.name)).collect();
    let prepared = Prepared {
        contest: contest.clone(),
        by: by.id,
        exported_at: now,
        ranking_csv: ranking_csv(&ranking).map_err(AppError::internal)?,
        ranking_json,
        ranked: ranking.len(),
        marks_csv,
        marks,
        flags_csv,
        flags,
        totals,
        categories,
        chain,
    };
    let (writer, reader) = tokio::io::duplex(256 * 1024);
    let state = state.clone();
    tokio::spawn(async move {
        let slug = prepared.contest.slug.clone();
        let mut zip = ZipFileWriter::with_tokio(writer);
        let written = write_archive(&state, &mut zip, prepared).await;
        let closed = match written {
            Ok(()) => match zip.close().await {
                Ok(mut inner) => inner.close().await.map_err(anyhow::Error::from),
                Err(e) => Err(e.into()),
            },
            Err(e) => Err(e),
        };
        // A failure midway truncates the download, which zip readers reject.
        if let Err(e) = closed {
            tracing::error!(contest = slug, error = format!("{e:#}"), "results archive aborted");
        }
    });
    Ok(Body::from_stream(ReaderStream::new(reader)))
}

fn file(state: &AppState, name: &str) -> ZipEntryBuilder {
    super::zip_file(name, &super::package_time(state))
}

/// Records as CSV bytes (a header, or one page of a file).
fn csv_bytes<R: IntoIterator<Item = impl AsRef<[u8]>>>(
    records: impl IntoIterator<Item = R>,
) -> anyhow::Result<Vec<u8>> {
    let mut w = csv::Writer::from_writer(Vec::new());
    for r in records {
        w.write_record(r)?;
    }
    w.into_inner().map_err(|e| anyhow::anyhow!(e.to_string()))
}

fn opt<T: ToString>(v: Option<T>) -> String {
    v.map(|v| v.to_string()).unwrap_or_default()
}

async fn write_archive<W: AsyncWrite + Unpin>(
    state: &AppState,
    zip: &mut ZipFileWriter<W>,
    p: Prepared,
) -> anyhow::Result<()> {
    let entries = entries_csv(state, zip, &p).await?;
    let votes = votes_csv(state, zip, p.contest.id).await?;
    zip.write_entry_whole(file(state, "flags.csv"), &p.flags_csv).await?;
    zip.write_entry_whole(file(state, "marks.csv"), &p.marks_csv).await?;
    zip.write_entry_whole(file(state, "ranking.csv"), &p.ranking_csv).await?;
    zip.write_entry_whole(file(state, "ranking.json"), &p.ranking_json).await?;
    let audit = audit_csv(state, zip, p.contest.id).await?;
    let readme = readme(&p, entries, votes, audit);
    zip.write_entry_whole(file(state, "README.txt"), readme.as_bytes()).await?;
    Ok(())
}

async fn entries_csv<W: AsyncWrite + Unpin>(
    state: &AppState,
    zip: &mut ZipFileWriter<W>,
    p: &Prepared,
) -> anyhow::Result<u64> {
    let mut out = zip.write_entry_stream(file(state, "entries.csv")).await?;
    out.write_all(&csv_bytes([[
        "entry_id",
        "author_id",
        "title",
        "category",
        "place",
        "status",
        "rejection_reason",
        "hidden_at",
        "files_purged_at",
        "original_blake3",
        "original_bytes",
        "original_format",
        "width",
        "height",
        "uploaded_at",
        "consent_at",
        "rules_version",
        "duplicate_of",
        "near_duplicate_of",
        "vote_total_kept",
        "votes_counted",
        "votes_quarantined",
        "votes_excluded",
    ]])?)
    .await?;
    let (mut after, mut n) = (0, 0);
    loop {
        let rows = db::entries::page_of_contest(state.db.pool(), p.contest.id, after, PAGE).await?;
        let Some(last) = rows.last() else { break };
        after = last.id;
        let page = rows.iter().map(|e| {
            let t = p.totals.get(&e.id).copied().unwrap_or_default();
            [
                e.id.to_string(),
                e.participant_id.to_string(),
                e.title.clone(),
                e.category_id.and_then(|c| p.categories.get(&c).cloned()).unwrap_or_default(),
                e.place.clone().unwrap_or_default(),
                e.status.clone(),
                e.rejection_reason.clone().unwrap_or_default(),
                opt(e.hidden_at.map(clock::rfc3339)),
                opt(e.purged_at.map(clock::rfc3339)),
                e.original_hash.clone(),
                e.original_size.to_string(),
                e.original_format.clone(),
                opt(e.width),
                opt(e.height),
                clock::rfc3339(e.created_at),
                clock::rfc3339(e.consent_at),
                e.consent_rules_version.to_string(),
                opt(e.duplicate_of),
                opt(e.near_duplicate_of),
                e.vote_count.to_string(),
                t[0].to_string(),
                t[1].to_string(),
                t[2].to_string(),
            ]
        });
        out.write_all(&csv_bytes(page)?).await?;
        n += rows.len() as u64;
    }
    out.close().await?;
    Ok(n)
}

async fn votes_csv<W: AsyncWrite + Unpin>(
    state: &AppState,
    zip: &mut ZipFileWriter<W>,
    contest_id: i64,
) -> anyhow::Result<u64> {
    let mut out = zip.write_entry_stream(file(state, "votes.csv")).await?;
    out.write_all(&csv_bytes([[
        "vote_id",
        "entry_id",
        "voter_id",
        "vote_day",
        "cast_at",
        "cast_at_unix",
        "state",
        "flag_id",
        "new_account",
        "ip_hash",
        "network_hash",
        "user_agent_hash",
    ]])?)
    .await?;
    let (mut after, mut n) = (0, 0);
    loop {
        let rows = vote_log::page(state.db.pool(), contest_id, after, PAGE).await?;
        let Some(last) = rows.last() else { break };
        after = last.id;
        let page = rows.iter().map(|v| {
            [
                v.id.to_string(),
                v.entry_id.to_string(),
                v.voter_id.to_string(),
                v.vote_day.to_string(),
                clock::rfc3339(v.created_at),
                v.created_at.to_string(),
                v.state.clone(),
                opt(v.flag_id),
                v.new_account.to_string(),
                v.ip_hash.clone().unwrap_or_default(),
                v.net_hash.clone().unwrap_or_default(),
                v.ua_hash.clone().unwrap_or_default(),
            ]
        });
        out.write_all(&csv_bytes(page)?).await?;
        n += rows.len() as u64;
    }
    out.close().await?;
    Ok(n)
}

async fn audit_csv<W: AsyncWrite + Unpin>(
    state: &AppState,
    zip: &mut ZipFileWriter<W>,
    contest_id: i64,
) -> anyhow::Result<u64> {
    let mut out = zip.write_entry_stream(file(state, "audit.csv")).await?;
    out.write_all(&csv_bytes([[
        "seq",
        "prev_hash",
        "hash",
        "actor_id",
        "action",
        "subject",
        "contest_id",
        "detail",
        "created_at_unix",
        "created_at",
    ]])?)
    .await?;
    let (mut after, mut n) = (0, 0);
    loop {
        let rows = db::audit::page_of_contest(state.db.pool(), contest_id, after, PAGE).await?;
        let Some(last) = rows.last().and_then(|r| r.seq) else { break };
        after = last;
        let page = rows.iter().map(|l| {
            [
                opt(l.seq),
                l.prev_hash.clone().unwrap_or_default(),
                l.hash.clone().unwrap_or_default(),
                opt(l.actor_id),
                l.action.clone(),
                l.subject.clone(),
                opt(l.contest_id),
                l.detail.clone(),
                l.created_at.to_string(),
                clock::rfc3339(l.created_at),
            ]
        });
        out.write_all(&csv_bytes(page)?).await?;
        n += rows.len() as u64;
    }
    out.close().await?;
    Ok(n)
}

fn ranking_csv(ranking: &[RankedEntry]) -> anyhow::Result<Vec<u8>> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(RankedEntry::CSV_COLUMNS)?;
    for r in ranking {
        w.write_record(r.csv_fields().map(|(_, v)| v))?;
    }
    Ok(w.into_inner()?)
}

/// Every mark and every recusal of the contest's rounds.
async fn marks_csv(
    state: &AppState,
    contest: &ContestRow,
    rounds: &[db::rounds::RoundRow],
) -> AppResult<(Vec<u8>, usize)> {
    let pool = state.db.pool();
    let rounds: HashMap<i64, &db::rounds::RoundRow> = rounds.iter().map(|r| (r.id, r)).collect();
    let criteria: HashMap<i64, String> =
        db::criteria::of_contest(pool, contest.id).await?.into_iter().map(|c| (c.id, c.name)).collect();
    let internal = |e: csv::Error| AppError::internal(anyhow::anyhow!(e));
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record([
        "kind",
        "round_id",
        "round",
        "method",
        "entry_id",
        "juror_id",
        "criterion_id",
        "criterion",
        "value",
        "reason",
        "at",
    ])
    .map_err(internal)?;
    let round = |id: i64| rounds.get(&id).map(|r| (r.name.clone(), r.method.clone())).unwrap_or_default();
    let mut n = 0;
    for m in db::marks::of_contest(pool, contest.id).await? {
        let (name, method) = round(m.round_id);
        w.write_record([
            "mark".to_string(),
            m.round_id.to_string(),
            name,
            method,
            m.entry_id.to_string(),
            m.juror_id.to_string(),
            m.criterion_id.to_string(),
            criteria.get(&m.criterion_id).cloned().unwrap_or_default(),
            m.value.to_string(),
            String::new(),
            clock::rfc3339(m.updated_at),
        ])
        .map_err(internal)?;
        n += 1;
    }
    for r in db::recusals::of_contest(pool, contest.id).await? {
        let (name, method) = round(r.round_id);
        w.write_record([
            "recusal".to_string(),
            r.round_id.to_string(),
            name,
            method,
            r.entry_id.to_string(),
            r.juror_id.to_string(),
            String::new(),
            String::new(),
            String::new(),
            r.reason,
            clock::rfc3339(r.created_at),
        ])
        .map_err(internal)?;
        n += 1;
    }
    Ok((w.into_inner().map_err(|e| AppError::internal(anyhow::anyhow!(e.to_string())))?, n))
}

/// The contest's groups of suspicious votes and staff's decisions on them.
async fn flags_csv(state: &AppState, contest: &ContestRow) -> AppResult<(Vec<u8>, usize)> {
    let internal = |e: csv::Error| AppError::internal(anyhow::anyhow!(e));
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record([
        "flag_id",
        "entry_id",
        "kind",
        "status",
        "votes",
        "opened_at",
        "last_vote_at",
        "reviewed_by",
        "reviewed_at",
    ])
    .map_err(internal)?;
    let flags = db::votes::flags(state.db.pool(), contest.id).await?;
    for f in &flags {
        w.write_record([
            f.id.to_string(),
            f.entry_id.to_string(),
            f.kind.clone(),
            f.status.clone(),
            f.votes.to_string(),
            clock::rfc3339(f.opened_at),
            clock::rfc3339(f.last_vote_at),
            opt(f.reviewed_by),
            opt(f.reviewed_at.map(clock::rfc3339)),
        ])
        .map_err(internal)?;
    }
    Ok((w.into_inner().map_err(|e| AppError::internal(anyhow::anyhow!(e.to_string())))?, flags.len()))
}

fn readme(p: &Prepared, entries: u64, votes: u64, audit: u64) -> String {
    let c = &p.contest;
    let chain = &p.chain;
    let verdict = if chain.intact { "INTACT" } else { "BROKEN" };
    format!(
        "Déclic — results archive\r\n\
         ========================\r\n\
         \r\n\
         Contest: {title} (address {slug}, id {id})\r\n\
         Exported at: {at} (UTC), by account id {by}\r\n\
         Retention: {retention}\r\n\
         \r\n\
         Files (CSV: UTF-8, comma-separated, first line = column names; times RFC 3339 UTC)\r\n\
         ----------------------------------------------------------------------------------\r\n\
         entries.csv   every entry of the contest, whatever its status ({entries} lines): author account id,\r\n\
         \x20             title, category, status, when hidden, when its files were purged (retention), the\r\n\
         \x20             blake3 hash of the original file, upload and consent times, the vote total kept with\r\n\
         \x20             the entry and the votes of the log by state (counted, quarantined, excluded).\r\n\
         votes.csv     the whole vote log ({votes} lines): one line per vote with the voter's account id, the\r\n\
         \x20             day it counts for, its time, its state (counted / quarantined / excluded) and flag,\r\n\
         \x20             and keyed hashes of the voter's address, network and browser (never the address;\r\n\
         \x20             empty once the contest's retention period has ended and the log was anonymised).\r\n\
         flags.csv     the groups of suspicious votes put in quarantine and staff's decisions ({flags} lines).\r\n\
         marks.csv     every jury mark (round, juror account id, criterion, value, time) and every recusal\r\n\
         \x20             with its reason ({marks} lines).\r\n\
         ranking.csv   the final ranking as Déclic computes it ({ranked} lines): jury value (normalised per\r\n\
         ranking.json  juror), public votes, the contest's weights and tie-breaks, and each line's computation\r\n\
         \x20             in words; ranking.json adds the settings and the deciding round.\r\n\
         audit.csv     this contest's lines of the audit log ({audit} lines), each with its place in the whole\r\n\
         \x20             log's hash chain: seq, prev_hash, hash. People appear by account id only.\r\n\
         \r\n\
         Audit log at export time\r\n\
         ------------------------\r\n\
         Chain: {verdict}. {summary}\r\n\
         Head: line {lines}, hash {head}\r\n\
         \r\n\
         Each line's hash is the blake3 hash (lowercase hex) of these bytes, every integer 8 bytes\r\n\
         big-endian and every text its UTF-8 byte length (8 bytes big-endian) then its bytes:\r\n\
         the text \"declic-audit-v1\", seq, prev_hash (text), actor_id (one byte 0 when empty, else 1\r\n\
         then the integer), action (text), subject (text), contest_id (as actor_id), detail (text,\r\n\
         exactly as in the file), created_at_unix. The first line's prev_hash is 64 zeros; each next\r\n\
         line's prev_hash is the hash of the line before it in the whole log. Lines of other contests\r\n\
         sit between this contest's lines: each line here can be checked on its own, and the head\r\n\
         above matched against the server's (`declic audit verify`, or GET /api/v1/audit/verify).\r\n",
        title = c.title,
        slug = c.slug,
        id = c.id,
        at = clock::rfc3339(p.exported_at),
        by = p.by,
        retention = match (c.retention_days, c.retention_done_at) {
            (None, _) => "personal data kept until staff decide".to_string(),
            (Some(d), None) => format!("personal data kept {d} days after the contest ends"),
            (Some(d), Some(at)) =>
                format!("personal data kept {d} days after the contest ends; purged at {}", clock::rfc3339(at)),
        },
        entries = entries,
        votes = votes,
        flags = p.flags,
        marks = p.marks,
        ranked = p.ranked,
        audit = audit,
        summary = chain.summary(),
        lines = chain.lines,
        head = chain.head,
    )
}
