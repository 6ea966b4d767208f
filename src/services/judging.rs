//! The juror's side: the rounds they sit on, a round's entries blind and in their own stable
//! order, marks saved one at a time while the round is open, and recusal from an entry.

use std::collections::{BTreeMap, HashSet};

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::clock;
use crate::db::{self, criteria::CriterionRow, rounds::RoundRow, users::User};
use crate::domain::Invalid;
use crate::domain::jury::round::{MarkValue, Method, MissingRule, Status};
use crate::domain::jury::tally::{RoundInput, complete, tally};
use crate::domain::score::Score;
use crate::error::{AppError, AppResult};
use crate::services::entry_views::{EntryView, Viewer, entry_views};
use crate::state::AppState;

/// A round as its jurors see it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub(crate) struct JurorRound {
    pub id: i64,
    pub contest: String,
    pub name: String,
    /// `yes_no`, `criteria` or `ranking`.
    pub method: String,
    pub top_n: i64,
    pub opens_at: String,
    pub closes_at: String,
    pub status: String,
    /// Marks are accepted now.
    pub accepting: bool,
    pub criteria: Vec<CriterionRow>,
    /// Entries fully marked (ranking: places filled) and how many there are to mark.
    pub done: usize,
    pub total: usize,
}

/// One entry of a round for a juror: the photo without its author, and this juror's marks.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub(crate) struct SheetItem {
    /// 1-based place in this juror's order.
    pub n: usize,
    pub entry: EntryView,
    pub yes: Option<bool>,
    pub scores: Vec<CriterionScore>,
    /// Ranking rounds: this entry's place in the juror's top N.
    pub place: Option<i64>,
    pub recused: bool,
    pub done: bool,
}

#[derive(Debug, Clone, Copy, Serialize, Deserialize, ToSchema)]
pub(crate) struct CriterionScore {
    pub criterion_id: i64,
    /// 1 to 10.
    pub score: i64,
}

/// A juror's view of a round: the round and its entries.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub(crate) struct Sheet {
    pub round: JurorRound,
    pub items: Vec<SheetItem>,
}

/// A mark as the API and the pages send it; which field is read depends on the round's method.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[schema(example = json!({"yes": true}))]
pub(crate) struct MarkRequest {
    /// Yes/no rounds.
    pub yes: Option<bool>,
    /// Criteria rounds: one or more criteria scored (1 to 10).
    pub scores: Option<Vec<CriterionScore>>,
    /// Ranking rounds: the place in the juror's top N (1 best); 0 takes the entry out. A place
    /// already given to another entry moves to this one.
    pub place: Option<i64>,
}

impl MarkRequest {
    fn parse(&self, method: Method, criteria: &[CriterionRow]) -> Result<Vec<MarkValue>, Invalid> {
        let wrong = |what: &str| Invalid::new("wrong_mark", format!("this round takes {what}"));
        match method {
            Method::YesNo => Ok(vec![MarkValue::Yes(self.yes.ok_or_else(|| wrong("a yes or a no (`yes`)"))?)]),
            Method::Criteria => {
                let scores =
                    self.scores.as_ref().filter(|s| !s.is_empty()).ok_or_else(|| {
                        wrong("scores from 1 to 10 on its criteria (`scores`: [{criterion_id, score}])")
                    })?;
                scores
                    .iter()
                    .map(|s| {
                        if !criteria.iter().any(|c| c.id == s.criterion_id) {
                            return Err(Invalid::new(
                                "unknown_criterion",
                                format!("{} is not one of this contest's criteria", s.criterion_id),
                            ));
                        }
                        Ok(MarkValue::Score { criterion: s.criterion_id, score: Score::parse(s.score)?.value() })
                    })
                    .collect()
            }
            Method::Ranking { top_n } => {
                let place = self.place.ok_or_else(|| wrong("a place in your top (`place`, 0 to take it out)"))?;
                match place {
                    0 => Ok(vec![MarkValue::Position(None)]),
                    p if (1..=i64::from(top_n)).contains(&p) => Ok(vec![MarkValue::Position(Some(p as u32))]),
                    _ => Err(Invalid::new(
                        "invalid_rank_place",
                        format!("a place is from 1 to {top_n}, or 0 to take it out"),
                    )),
                }
            }
        }
    }
}

/// The juror's progress after a mark.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub(crate) struct Saved {
    pub entry_id: i64,
    /// The round's method (how progress is counted).
    pub method: String,
    pub done: usize,
    pub total: usize,
    /// This entry is fully marked.
    pub entry_done: bool,
}

/// The rounds this person sits on, open ones first.
pub(crate) async fn my_rounds(state: &AppState, juror: &User) -> AppResult<Vec<JurorRound>> {
    let mut out = Vec::new();
    for r in db::rounds::of_juror(state.db.pool(), juror.id).await? {
        let s = standing(state, juror, &r).await?;
        out.push(round_view(state, &r, s.criteria, s.done, s.total).await?);
    }
    out.sort_by_key(|r| (r.status != "open", r.status.clone()));
    Ok(out)
}

/// A round's entries for one of its jurors, blind, in this juror's order.
pub(crate) async fn sheet(state: &AppState, juror: &User, round_id: i64) -> AppResult<Sheet> {
    let round = juror_round(state, juror, round_id).await?;
    let s = standing(state, juror, &round).await?;
    let method = round.method();
    let criterion_ids: Vec<i64> = s.criteria.iter().map(|c| c.id).collect();
    let mut by_entry: BTreeMap<i64, Vec<&db::marks::MarkRow>> = BTreeMap::new();
    for m in &s.mine {
        by_entry.entry(m.entry_id).or_default().push(m);
    }
    let views = entry_views(state, &s.rows, Viewer::Juror).await?;
    let items = views
        .into_iter()
        .enumerate()
        .map(|(i, entry)| {
            let marks = by_entry.get(&entry.id).map(Vec::as_slice).unwrap_or_default();
            let scores: Vec<CriterionScore> = marks
                .iter()
                .filter(|m| m.criterion_id != 0)
                .map(|m| CriterionScore { criterion_id: m.criterion_id, score: m.value })
                .collect();
            let plain = marks.iter().find(|m| m.criterion_id == 0).map(|m| m.value);
            SheetItem {
                n: i + 1,
                yes: (method == Method::YesNo).then_some(plain.map(|v| v > 0)).flatten(),
                place: matches!(method, Method::Ranking { .. }).then_some(plain).flatten(),
                recused: s.recused.contains(&entry.id),
                done: complete(method, &criterion_ids, |c| marks.iter().any(|m| m.criterion_id == c)),
                scores,
                entry,
            }
        })
        .collect();
    Ok(Sheet { round: round_view(state, &round, s.criteria, s.done, s.total).await?, items })
}

async fn juror_round(state: &AppState, juror: &User, round_id: i64) -> AppResult<RoundRow> {
    let round = db::rounds::find(state.db.pool(), round_id)
        .await?
        .filter(|r| r.status() != Status::Draft)
        .ok_or_else(|| AppError::not_found("not_found", "no such round"))?;
    if !db::rounds::is_juror(state.db.pool(), round.id, juror.id).await? {
        return Err(AppError::forbidden());
    }
    Ok(round)
}

/// A stable order per juror and round, different for each juror, so no photo is always seen first.
fn order_key(round: i64, juror: i64, entry: i64) -> [u8; 8] {
    let h = blake3::hash(format!("jury-order:{round}:{juror}:{entry}").as_bytes());
    let mut key = [0u8; 8];
    key.copy_from_slice(&h.as_bytes()[..8]);
    key
}

/// What a juror has to judge in a round and has done, without the photos' renditions.
struct Standing {
    /// The round's entries still approved, in this juror's order.
    rows: Vec<db::entries::EntryRow>,
    criteria: Vec<CriterionRow>,
    mine: Vec<db::marks::MarkRow>,
    recused: HashSet<i64>,
    done: usize,
    total: usize,
}

async fn standing(state: &AppState, juror: &User, round: &RoundRow) -> AppResult<Standing> {
    let pool = state.db.pool();
    let shortlist: HashSet<i64> = db::rounds::shortlist(pool, round.id).await?.into_iter().collect();
    let mut rows: Vec<_> = db::entries::approved(pool, round.contest_id)
        .await?
        .into_iter()
        .filter(|e| shortlist.contains(&e.id))
        .collect();
    rows.sort_by_key(|e| order_key(round.id, juror.id, e.id));
    let criteria = db::criteria::of_contest(pool, round.contest_id).await?;
    let mine = db::marks::of_juror(pool, round.id, juror.id).await?;
    let recused: HashSet<i64> = db::recusals::of_contest(pool, round.contest_id)
        .await?
        .into_iter()
        .filter(|r| r.juror_id == juror.id)
        .map(|r| r.entry_id)
        .collect();
    let entry_ids: Vec<i64> = rows.iter().map(|e| e.id).collect();
    let weights: Vec<(i64, f64)> = criteria.iter().map(|c| (c.id, c.weight)).collect();
    let marks: Vec<_> = mine.iter().map(|m| m.mark()).collect();
    let recusal_pairs: Vec<(i64, i64)> = recused.iter().map(|e| (*e, juror.id)).collect();
    let t = tally(&RoundInput {
        method: round.method(),
        entries: &entry_ids,
        jurors: &[juror.id],
        criteria: &weights,
        marks: &marks,
        recusals: &recusal_pairs,
        rule: MissingRule::AverageScored,
        quorum: 1,
    });
    let (done, total) = t.progress.first().map_or((0, 0), |p| (p.done, p.total));
    Ok(Standing { rows, criteria, mine, recused, done, total })
}

async fn round_view(
    state: &AppState,
    round: &RoundRow,
    criteria: Vec<CriterionRow>,
    done: usize,
    total: usize,
) -> AppResult<JurorRound> {
    let contest = db::contests::find(state.db.pool(), round.contest_id)
        .await?
        .ok_or_else(|| AppError::internal(anyhow::anyhow!("round without contest")))?;
    Ok(JurorRound {
        id: round.id,
        contest: contest.title,
        name: round.name.clone(),
        method: round.method.clone(),
        top_n: round.top_n,
        opens_at: clock::rfc3339(round.opens_at),
        closes_at: clock::rfc3339(round.closes_at),
        status: round.status.clone(),
        accepting: round.accepts_marks(clock::now()),
        criteria,
        done,
        total,
    })
}

/// Saves one juror's mark(s) on an entry at once, while the round is open; replaces earlier ones.
#[tracing::instrument(skip_all, fields(juror = juror.id, round = round_id, entry = entry_id))]
pub(crate) async fn mark(
    state: &AppState,
    juror: &User,
    round_id: i64,
    entry_id: i64,
    req: &MarkRequest,
) -> AppResult<Saved> {
    let round = juror_round(state, juror, round_id).await?;
    let pool = state.db.pool();
    let criteria = db::criteria::of_contest(pool, round.contest_id).await?;
    let values = req.parse(round.method(), &criteria)?;
    check_open(&round)?;
    if !db::rounds::shortlist(pool, round.id).await?.contains(&entry_id) {
        return Err(AppError::not_found("not_found", "this photo is not in this round"));
    }
    if db::recusals::of_contest(pool, round.contest_id)
        .await?
        .iter()
        .any(|r| r.entry_id == entry_id && r.juror_id == juror.id)
    {
        return Err(AppError::conflict("recused", "you declared you know this photo's author: you do not judge it"));
    }
    let now = clock::now();
    let mut tx = state.db.begin_write().await?;
    // Holds the round's row until commit, so a mark never lands after the round closed.
    if !db::rounds::lock_open(&mut *tx, round.id).await? {
        return Err(AppError::conflict("round_closed", "this round is closed: marks can no longer change"));
    }
    for v in values {
        match v.stored() {
            (criterion, Some(value)) => {
                if matches!(v, MarkValue::Position(_)) {
                    db::marks::free_place(&mut *tx, round.id, juror.id, value).await?;
                }
                db::marks::upsert(&mut *tx, round.id, entry_id, juror.id, criterion, value, now).await?;
            }
            (criterion, None) => db::marks::remove(&mut *tx, round.id, entry_id, juror.id, criterion).await?,
        }
    }
    tx.commit().await?;
    let s = standing(state, juror, &round).await?;
    let criterion_ids: Vec<i64> = s.criteria.iter().map(|c| c.id).collect();
    let on_entry = |c: i64| s.mine.iter().any(|m| m.entry_id == entry_id && m.criterion_id == c);
    let entry_done = complete(round.method(), &criterion_ids, on_entry);
    Ok(Saved { entry_id, method: round.method.clone(), done: s.done, total: s.total, entry_done })
}

fn check_open(round: &RoundRow) -> AppResult<()> {
    match round.status() {
        Status::Closed => Err(AppError::conflict("round_closed", "this round is closed: marks can no longer change")),
        _ if !round.accepts_marks(clock::now()) => {
            Err(AppError::conflict("round_not_open", format!("this round opens on {}", clock::rfc3339(round.opens_at))))
        }
        _ => Ok(()),
    }
}

/// A juror declares they know an entry's author: they are recused from it in every round, their
/// marks on it stop counting (the entry is judged on the others'), the reason is recorded.
#[tracing::instrument(skip_all, fields(juror = juror.id, round = round_id, entry = entry_id))]
pub(crate) async fn recuse(
    state: &AppState,
    juror: &User,
    round_id: i64,
    entry_id: i64,
    reason: &str,
) -> AppResult<()> {
    let round = juror_round(state, juror, round_id).await?;
    check_open(&round)?;
    let reason = reason.trim();
    if reason.is_empty() || reason.chars().count() > 500 {
        return Err(Invalid::new(
            "invalid_recusal_reason",
            "say in a few words (up to 500 characters) how you know the author",
        )
        .into());
    }
    if !db::rounds::shortlist(state.db.pool(), round.id).await?.contains(&entry_id) {
        return Err(AppError::not_found("not_found", "this photo is not in this round"));
    }
    let now = clock::now();
    let mut tx = state.db.begin_write().await?;
    if db::recusals::insert(&mut *tx, entry_id, juror.id, round.id, reason, now).await? {
        // The reason (free words about people) stays in the recusal, not in the audit log.
        let detail = serde_json::json!({ "round": round.id });
        db::audit::record(&mut tx, Some(juror.id), "jury.recusal", &format!("entry:{entry_id}"), &detail, now).await?;
    }
    tx.commit().await?;
    Ok(())
}
