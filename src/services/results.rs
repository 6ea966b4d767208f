//! The final ranking: the deciding jury round's result (normalised scores, yes shares or Schulze
//! tiers) shown beside the raw means, mixed with the public's votes by the contest's
//! weights, tie-breaks applied in the contest's order, and each position explained; the scores
//! and the computation exported as CSV.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::clock;
use crate::db::{self, contests::ContestRow, rounds::RoundRow, users::User};
use crate::domain::Invalid;
use crate::domain::jury::final_ranking::{Candidate, TieBreak, Weights, final_ranking};
use crate::domain::jury::round::{Method, Status};
use crate::domain::jury::tally::Line;
use crate::domain::role::Capability;
use crate::error::{AppError, AppResult};
use crate::services::rounds;
use crate::state::AppState;

/// How the final ranking is computed (API JSON; the admin form fills the same shape).
#[derive(Debug, Clone, Deserialize, Serialize, ToSchema)]
#[schema(example = json!({"jury_weight": 70, "public_weight": 30, "tie_breaks": ["jury", "public_votes", "earlier_upload"]}))]
pub(crate) struct ResultsSettings {
    /// Weight of the jury (e.g. 70) and of the public (e.g. 30); only their ratio matters, and
    /// they are not both 0.
    #[schema(minimum = 0)]
    pub jury_weight: f64,
    #[schema(minimum = 0)]
    pub public_weight: f64,
    /// Applied in this order when totals are equal: `jury`, `public_votes`, `earlier_upload`.
    #[schema(schema_with = crate::domain::text_schema::tie_breaks)]
    pub tie_breaks: Vec<String>,
}

/// Settings checked once.
pub(crate) struct ParsedSettings {
    pub weights: Weights,
    pub tie_breaks: Vec<TieBreak>,
}

impl ResultsSettings {
    pub(crate) fn parse(&self) -> Result<ParsedSettings, Invalid> {
        let weights =
            Weights::new(self.jury_weight, self.public_weight).map_err(|m| Invalid::new("invalid_weights", m))?;
        let mut tie_breaks = Vec::new();
        for t in &self.tie_breaks {
            let t = TieBreak::parse(t.trim()).ok_or_else(|| {
                Invalid::new(
                    "invalid_tie_break",
                    format!("`{t}` is not a tie-break: jury, public_votes or earlier_upload"),
                )
            })?;
            if tie_breaks.contains(&t) {
                return Err(Invalid::new(
                    "invalid_tie_break",
                    format!("the tie-break `{}` is listed twice", t.as_str()),
                ));
            }
            tie_breaks.push(t);
        }
        Ok(ParsedSettings { weights, tie_breaks })
    }

    /// What a contest's row says.
    pub(crate) fn of(c: &ContestRow) -> Self {
        ResultsSettings {
            jury_weight: c.jury_weight,
            public_weight: c.public_weight,
            tie_breaks: c.tie_breaks.split(',').map(str::trim).filter(|t| !t.is_empty()).map(str::to_string).collect(),
        }
    }
}

/// Sets how the final ranking is computed (admins); audited with the settings before and after.
#[tracing::instrument(skip_all, fields(by = by.id, contest = c.id))]
pub(crate) async fn set_settings(state: &AppState, by: &User, c: &ContestRow, s: &ResultsSettings) -> AppResult<()> {
    if !by.role.can(Capability::Administer) {
        return Err(AppError::forbidden());
    }
    let parsed = s.parse()?;
    let tie_breaks: Vec<&str> = parsed.tie_breaks.iter().map(|t| t.as_str()).collect();
    let mut tx = state.db.begin_write().await?;
    db::contests::set_results_settings(
        &mut *tx,
        c.id,
        parsed.weights.jury,
        parsed.weights.public,
        &tie_breaks.join(","),
    )
    .await?;
    let after = ResultsSettings {
        jury_weight: parsed.weights.jury,
        public_weight: parsed.weights.public,
        tie_breaks: tie_breaks.iter().map(|t| t.to_string()).collect(),
    };
    let detail = serde_json::json!({ "before": ResultsSettings::of(c), "after": after });
    db::audit::record(&mut tx, Some(by.id), "contest.results", &format!("contest:{}", c.id), &detail, clock::now())
        .await?;
    tx.commit().await?;
    Ok(())
}

/// One line of the final ranking, with the numbers that explain it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub(crate) struct RankedEntry {
    /// 1-based; entries still tied after every tie-break share a position.
    pub rank: usize,
    pub entry_id: i64,
    pub title: String,
    /// The credit its author chose; empty when they chose none.
    pub author: String,
    pub votes: i64,
    /// Jurors whose marks count on it in the deciding round.
    pub jury_scores: i64,
    /// Criteria rounds: mean weighted raw score (1–10); yes/no rounds: share of yes.
    pub jury_average: Option<f64>,
    /// Criteria rounds: mean of its jurors' z-scores (each juror's scores centred on their own
    /// mean, in units of their own spread).
    pub jury_normalised: Option<f64>,
    /// Ranking rounds: Schulze tier (1 best).
    pub jury_tier: Option<usize>,
    /// The jury value scaled to 0–1 among the entries, and the votes scaled to the most voted.
    pub jury_scaled: f64,
    pub public_scaled: f64,
    /// `jury weight × jury_scaled + public weight × public_scaled`.
    pub total: f64,
    /// The tie-break that put it above the next entry with an equal total.
    pub decided_by: Option<String>,
    /// The computation in words.
    pub explanation: String,
}

/// The round whose result is the jury's part of the final ranking: the last closed scoring or
/// ranking round, else the last closed round, else (provisionally) the last started one.
pub(crate) fn deciding_round(rounds: &[RoundRow]) -> Option<&RoundRow> {
    let closed = || rounds.iter().filter(|r| r.status() == Status::Closed);
    closed()
        .filter(|r| r.method() != Method::YesNo)
        .max_by_key(|r| r.position)
        .or_else(|| closed().max_by_key(|r| r.position))
        .or_else(|| rounds.iter().filter(|r| r.status() == Status::Open).max_by_key(|r| r.position))
}

/// The contest's entries in their final order (admins): the deciding round's shortlist, or every
/// approved entry before any round.
pub(crate) async fn ranking(state: &AppState, by: &User, contest: &ContestRow) -> AppResult<Vec<RankedEntry>> {
    if !by.role.can(Capability::Administer) {
        return Err(AppError::forbidden());
    }
    final_ranking_of(state, contest).await
}

/// [`ranking`] for the system itself (retention decides on it which photos are winners); staff go
/// through [`ranking`].
pub(crate) async fn final_ranking_of(state: &AppState, contest: &ContestRow) -> AppResult<Vec<RankedEntry>> {
    let pool = state.db.pool();
    let settings = ResultsSettings::of(contest).parse()?;
    let mut entries = db::entries::approved(pool, contest.id).await?;
    let rounds = db::rounds::of_contest(pool, contest.id).await?;
    let deciding = deciding_round(&rounds);
    let mut jury: HashMap<i64, Line> = HashMap::new();
    if let Some(round) = deciding {
        let counted = rounds::count(state, round).await?;
        entries.retain(|e| counted.shortlist.contains(&e.id));
        jury = counted.tally.lines.into_iter().map(|l| (l.entry, l)).collect();
    }
    let candidates: Vec<Candidate> = entries
        .iter()
        .map(|e| Candidate {
            entry: e.id,
            jury: jury.get(&e.id).and_then(|l| l.key),
            votes: e.vote_count,
            uploaded_at: e.created_at,
        })
        .collect();
    let max_votes = entries.iter().map(|e| e.vote_count).max().unwrap_or(0);
    let mut author_ids: Vec<i64> = entries.iter().map(|e| e.participant_id).collect();
    author_ids.sort_unstable();
    author_ids.dedup();
    let authors: HashMap<i64, String> = db::users::find_many(pool, &author_ids)
        .await?
        .into_iter()
        .map(|u| (u.id, u.credit_name().unwrap_or_default()))
        .collect();
    let by_id: HashMap<i64, &db::entries::EntryRow> = entries.iter().map(|e| (e.id, e)).collect();
    let w = settings.weights;
    let placed = final_ranking(&candidates, w, &settings.tie_breaks);
    let source = deciding.map_or_else(|| "no jury round yet".to_string(), |r| format!("round “{}”", r.name));
    Ok(placed
        .into_iter()
        .filter_map(|p| {
            let e = *by_id.get(&p.entry)?;
            let l = jury.get(&e.id);
            let mut explanation = format!(
                "{:.2} × {:.3} (jury, {source}) + {:.2} × {:.3} (public: {} of {} votes) = {:.3}",
                w.jury, p.jury_scaled, w.public, p.public_scaled, e.vote_count, max_votes, p.total
            );
            if let Some(t) = p.decided_by {
                explanation.push_str(&format!("; above the next entry, whose total is equal, by {}", t.as_str()));
            }
            Some(RankedEntry {
                rank: p.position,
                entry_id: e.id,
                title: e.title.clone(),
                author: authors.get(&e.participant_id).cloned().unwrap_or_default(),
                votes: e.vote_count,
                jury_scores: l.map_or(0, |l| l.jurors as i64),
                jury_average: l.and_then(|l| l.raw_mean),
                jury_normalised: l.and_then(|l| l.normalised),
                jury_tier: l.and_then(|l| l.tier),
                jury_scaled: p.jury_scaled,
                public_scaled: p.public_scaled,
                total: p.total,
                decided_by: p.decided_by.map(|t| t.as_str().to_string()),
                explanation,
            })
        })
        .collect())
}

impl RankedEntry {
    /// The columns of a ranking line in every CSV that has one (`results.csv`, the archive's
    /// `ranking.csv`), in order.
    pub(crate) const CSV_COLUMNS: [&'static str; 14] = [
        "rank",
        "entry_id",
        "title",
        "author",
        "votes",
        "jurors",
        "jury_average",
        "jury_normalised",
        "jury_tier",
        "jury_scaled",
        "public_scaled",
        "total",
        "decided_by",
        "explanation",
    ];

    /// Its line, by column (see [`RankedEntry::CSV_COLUMNS`]); figures with six decimals.
    pub(crate) fn csv_fields(&self) -> [(&'static str, String); 14] {
        let f = |v: f64| format!("{v:.6}");
        let opt = |v: Option<f64>| v.map(f).unwrap_or_default();
        let values = [
            self.rank.to_string(),
            self.entry_id.to_string(),
            self.title.clone(),
            self.author.clone(),
            self.votes.to_string(),
            self.jury_scores.to_string(),
            opt(self.jury_average),
            opt(self.jury_normalised),
            self.jury_tier.map(|t| t.to_string()).unwrap_or_default(),
            f(self.jury_scaled),
            f(self.public_scaled),
            f(self.total),
            self.decided_by.clone().unwrap_or_default(),
            self.explanation.clone(),
        ];
        let mut named = values.into_iter();
        Self::CSV_COLUMNS.map(|c| (c, named.next().unwrap_or_default()))
    }
}

/// The columns of `results.csv`: what each line is, a ranking line's, then a mark's or recusal's.
fn csv_columns() -> Vec<&'static str> {
    let marks = ["round", "juror_id", "criterion", "value", "reason", "at"];
    std::iter::once("section").chain(RankedEntry::CSV_COLUMNS).chain(marks).collect()
}

/// The ranking, every mark and every recusal as CSV (admins): one line per entry with the
/// computation, one per mark (round, juror id, criterion, value), one per recusal (with its
/// reason). Jurors appear by id, never by name beside an author's.
pub(crate) async fn csv(state: &AppState, by: &User, contest: &ContestRow) -> AppResult<Vec<u8>> {
    let ranking = ranking(state, by, contest).await?;
    let pool = state.db.pool();
    let rounds: HashMap<i64, String> =
        db::rounds::of_contest(pool, contest.id).await?.into_iter().map(|r| (r.id, r.name)).collect();
    let criteria: HashMap<i64, String> =
        db::criteria::of_contest(pool, contest.id).await?.into_iter().map(|c| (c.id, c.name)).collect();
    let mut w = csv::Writer::from_writer(Vec::new());
    let internal = |e: csv::Error| AppError::internal(anyhow::anyhow!(e));
    let columns = csv_columns();
    w.write_record(&columns).map_err(internal)?;
    let line = |section: &str, fields: &[(&str, String)]| {
        let mut l = vec![String::new(); columns.len()];
        l[0] = section.to_string();
        for (name, value) in fields {
            l[columns.iter().position(|c| c == name).unwrap_or(0)] = value.clone();
        }
        l
    };
    for r in &ranking {
        w.write_record(line("ranking", &r.csv_fields())).map_err(internal)?;
    }
    for m in db::marks::of_contest(pool, contest.id).await? {
        let criterion = criteria.get(&m.criterion_id).cloned().unwrap_or_default();
        let fields = [
            ("entry_id", m.entry_id.to_string()),
            ("round", rounds.get(&m.round_id).cloned().unwrap_or_default()),
            ("juror_id", m.juror_id.to_string()),
            ("criterion", criterion),
            ("value", m.value.to_string()),
            ("at", clock::rfc3339(m.updated_at)),
        ];
        w.write_record(line("mark", &fields)).map_err(internal)?;
    }
    for r in db::recusals::of_contest(pool, contest.id).await? {
        let fields = [
            ("entry_id", r.entry_id.to_string()),
            ("round", rounds.get(&r.round_id).cloned().unwrap_or_default()),
            ("juror_id", r.juror_id.to_string()),
            ("reason", r.reason),
            ("at", clock::rfc3339(r.created_at)),
        ];
        w.write_record(line("recusal", &fields)).map_err(internal)?;
    }
    w.into_inner().map_err(|e| AppError::internal(anyhow::anyhow!(e.to_string())))
}
