//! Staff's side of the jury: criteria, rounds (jurors, dates, method, quorum), opening a round on
//! its shortlist, closing it with the rule for late jurors, progress, reminders and results.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::clock;
use crate::db::{self, contests::ContestRow, criteria::CriterionRow, rounds::RoundRow, users::User};
use crate::domain::Invalid;
use crate::domain::email::Email;
use crate::domain::jury::round::{Method, MissingRule, RoundSpec, Status, parse_criteria};
use crate::domain::jury::tally::{RoundInput, Tally, tally};
use crate::domain::role::{Capability, Role};
use crate::error::{AppError, AppResult};
use crate::state::AppState;

fn require_admin(by: &User) -> AppResult<()> {
    if by.role.can(Capability::Administer) { Ok(()) } else { Err(AppError::forbidden()) }
}

/// A contest's criteria as staff send them: 1 to 12.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(transparent)]
pub(crate) struct CriteriaInput(pub Vec<CriterionInput>);

impl utoipa::PartialSchema for CriteriaInput {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        utoipa::openapi::schema::ArrayBuilder::new()
            .items(utoipa::openapi::Ref::from_schema_name("CriterionInput"))
            .min_items(Some(1))
            .max_items(Some(12))
            .examples([serde_json::json!([
                {"name": "Composition", "weight": 2},
                {"name": "Lumière", "weight": 1}
            ])])
            .into()
    }
}

impl ToSchema for CriteriaInput {
    fn schemas(schemas: &mut Vec<(String, utoipa::openapi::RefOr<utoipa::openapi::schema::Schema>)>) {
        schemas.push(("CriterionInput".to_string(), <CriterionInput as utoipa::PartialSchema>::schema()));
        <CriterionInput as ToSchema>::schemas(schemas);
    }
}

/// One criterion as staff send it.
#[derive(Debug, Clone, Deserialize, Serialize, ToSchema)]
pub(crate) struct CriterionInput {
    /// 1 to 80 characters; two criteria never share a name (whatever the case).
    #[schema(min_length = 1, max_length = 80)]
    #[schema(
        pattern = "^[^\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F-\\u009F]*[^\\s\\u0000-\\u001F\\u007F-\\u009F][^\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F-\\u009F]*$"
    )]
    pub name: String,
    /// Relative weight (e.g. 2 counts twice as much as 1): above 0, at most 100.
    #[schema(exclusive_minimum = 0, maximum = 100)]
    pub weight: f64,
    /// What the criterion means, shown to jurors beside it (at most 300 characters; may be empty).
    #[serde(default)]
    #[schema(max_length = 300)]
    #[schema(pattern = "^[^\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F-\\u009F]*$")]
    pub description: String,
}

/// Replaces the contest's criteria (admins), until a scoring round has started; audited.
#[tracing::instrument(skip_all, fields(by = by.id, contest = contest.id))]
pub(crate) async fn set_criteria(
    state: &AppState,
    by: &User,
    contest: &ContestRow,
    list: &[CriterionInput],
) -> AppResult<Vec<CriterionRow>> {
    require_admin(by)?;
    let specs = parse_criteria(&list.iter().map(|c| (c.name.clone(), c.weight)).collect::<Vec<_>>())?
        .into_iter()
        .zip(list)
        .map(|(spec, input)| spec.described(&input.description))
        .collect::<Result<Vec<_>, _>>()?;
    let pool = state.db.pool();
    let started = db::rounds::of_contest(pool, contest.id)
        .await?
        .iter()
        .any(|r| r.method() == Method::Criteria && r.status() != Status::Draft);
    if started {
        return Err(AppError::conflict(
            "criteria_locked",
            "a round scored on these criteria has started: they can no longer change",
        ));
    }
    let before = db::criteria::of_contest(pool, contest.id).await?;
    let mut tx = state.db.begin_write().await?;
    db::criteria::replace(&mut tx, contest.id, &specs).await?;
    let after = db::criteria::of_contest(&mut *tx, contest.id).await?;
    let detail = serde_json::json!({ "before": before, "after": after });
    db::audit::record(&mut tx, Some(by.id), "jury.criteria", &format!("contest:{}", contest.id), &detail, clock::now())
        .await?;
    tx.commit().await?;
    Ok(after)
}

/// A round as staff send it.
#[derive(Debug, Clone, Deserialize, Serialize, ToSchema)]
#[schema(example = json!({
        "name": "Présélection",
        "method": "yes_no",
        "quorum": 1,
        "opens_at": "2027-04-01T09:00:00+02:00",
        "closes_at": "2027-04-05T18:00:00+02:00",
        "jurors": ["jury@example.org"]
    }))]
pub(crate) struct RoundRequest {
    #[schema(min_length = 1, max_length = 80)]
    #[schema(
        pattern = "^[^\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F-\\u009F]*[^\\s\\u0000-\\u001F\\u007F-\\u009F][^\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F-\\u009F]*$"
    )]
    pub name: String,
    /// `yes_no`, `criteria` or `ranking`.
    #[schema(pattern = "^(yes_no|criteria|ranking)$")]
    pub method: String,
    /// Ranking rounds: how many entries each juror ranks (1 to 100; 0 or absent: 10). Other
    /// rounds leave it 0.
    #[serde(default)]
    #[schema(minimum = 0, maximum = 100)]
    pub top_n: i64,
    /// How many entries of the previous round's result make the shortlist (ties at the cut all
    /// go through); 0 for all. A first round takes every approved entry.
    #[serde(default)]
    #[schema(minimum = 0, maximum = 100000)]
    pub intake: i64,
    /// The fewest jurors whose marks must count on each entry to close the round (1 to 100).
    #[serde(default = "one")]
    #[schema(minimum = 1, maximum = 100)]
    pub quorum: i64,
    /// RFC 3339, or local time in the contest's time zone.
    #[schema(format = DateTime)]
    pub opens_at: String,
    /// After `opens_at`.
    #[schema(format = DateTime)]
    pub closes_at: String,
    /// Staff accounts' emails. Yes/no rounds may have moderators and admins; scoring and ranking
    /// rounds only jury members.
    pub jurors: Vec<String>,
}

fn one() -> i64 {
    1
}

/// A round as the API shows it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub(crate) struct RoundView {
    pub id: i64,
    pub position: i64,
    pub name: String,
    pub method: String,
    pub top_n: i64,
    pub intake: i64,
    pub quorum: i64,
    pub opens_at: String,
    pub closes_at: String,
    /// `draft`, `open` or `closed`.
    pub status: String,
    /// The rule chosen for late jurors when it closed.
    pub missing_rule: Option<String>,
    pub closed_at: Option<String>,
    pub entries: usize,
    pub jurors: Vec<String>,
}

impl RoundRequest {
    fn spec(&self, tz: chrono_tz::Tz) -> Result<RoundSpec, Invalid> {
        let t = |raw: &str, f: &str| super::contests::parse_time(raw, f, tz);
        RoundSpec::parse(
            &self.name,
            &self.method,
            self.top_n,
            self.intake,
            self.quorum,
            t(&self.opens_at, "opens_at")?,
            t(&self.closes_at, "closes_at")?,
        )
    }
}

/// A round's settings as the audit log keeps them: jurors by account id, never by email (lines
/// are kept for good and carry no personal data).
fn audited(settings: impl Serialize, juror_ids: &[i64]) -> serde_json::Value {
    let mut v = serde_json::to_value(settings).unwrap_or_default();
    if let Some(o) = v.as_object_mut() {
        o.remove("jurors");
        o.insert("juror_ids".into(), serde_json::json!(juror_ids));
    }
    v
}

/// Resolves the jurors' emails to staff accounts allowed in a round of this method.
async fn jurors_of(state: &AppState, method: Method, emails: &[String]) -> AppResult<Vec<i64>> {
    let mut ids = Vec::new();
    for raw in emails {
        let email = Email::parse(raw)?;
        let user = db::users::find_by_email(state.db.pool(), &email).await?.ok_or_else(|| {
            Invalid::new("unknown_juror", format!("there is no staff account for {}", email.as_str()))
        })?;
        let allowed = match method {
            Method::YesNo => user.role != Role::Participant,
            _ => user.role == Role::Jury,
        };
        if !allowed {
            return Err(Invalid::new(
                "juror_role",
                format!(
                    "{} cannot sit on this round: pre-selection is open to staff, scoring and ranking to jury members",
                    email.as_str()
                ),
            )
            .into());
        }
        if !ids.contains(&user.id) {
            ids.push(user.id);
        }
    }
    Ok(ids)
}

/// Adds a round after the contest's last one (admins); returns it.
#[tracing::instrument(skip_all, fields(by = by.id, contest = contest.id))]
pub(crate) async fn create(
    state: &AppState,
    by: &User,
    contest: &ContestRow,
    req: &RoundRequest,
) -> AppResult<RoundView> {
    require_admin(by)?;
    let spec = req.spec(state.settings.timezone)?;
    let jurors = jurors_of(state, spec.method, &req.jurors).await?;
    let mut tx = state.db.begin_write().await?;
    let id = db::rounds::insert(&mut tx, contest.id, &spec, clock::now()).await?;
    db::rounds::set_jurors(&mut tx, id, &jurors).await?;
    let detail = serde_json::json!({ "after": audited(req, &jurors) });
    db::audit::record(&mut tx, Some(by.id), "jury.round_create", &format!("round:{id}"), &detail, clock::now()).await?;
    tx.commit().await?;
    view(state, &find(state, id).await?).await
}

/// Changes a round (admins): anything while a draft; once open, only its name, dates, quorum and
/// jurors; nothing once closed. Audited.
#[tracing::instrument(skip_all, fields(by = by.id, round = round.id))]
pub(crate) async fn update(state: &AppState, by: &User, round: &RoundRow, req: &RoundRequest) -> AppResult<RoundView> {
    require_admin(by)?;
    let spec = req.spec(state.settings.timezone)?;
    match round.status() {
        Status::Closed => return Err(AppError::conflict("round_closed", "this round is closed")),
        Status::Open if spec.method != round.method() || i64::from(spec.intake) != round.intake => {
            return Err(AppError::conflict(
                "round_started",
                "this round has started: its method and shortlist can no longer change",
            ));
        }
        _ => {}
    }
    let jurors = jurors_of(state, spec.method, &req.jurors).await?;
    let before = view(state, round).await?;
    let before_jurors: Vec<i64> =
        db::rounds::jurors(state.db.pool(), round.id).await?.into_iter().map(|(id, _)| id).collect();
    let mut tx = state.db.begin_write().await?;
    db::rounds::update(&mut *tx, round.id, &spec).await?;
    db::rounds::set_jurors(&mut tx, round.id, &jurors).await?;
    let detail = serde_json::json!({ "before": audited(&before, &before_jurors), "after": audited(req, &jurors) });
    db::audit::record(&mut tx, Some(by.id), "jury.round_update", &format!("round:{}", round.id), &detail, clock::now())
        .await?;
    tx.commit().await?;
    view(state, &find(state, round.id).await?).await
}

/// Deletes a round that has not started (admins).
#[tracing::instrument(skip_all, fields(by = by.id, round = round.id))]
pub(crate) async fn delete(state: &AppState, by: &User, round: &RoundRow) -> AppResult<()> {
    require_admin(by)?;
    let mut tx = state.db.begin_write().await?;
    if !db::rounds::delete_draft(&mut *tx, round.id).await? {
        return Err(AppError::conflict("round_started", "a round that has started cannot be deleted"));
    }
    let detail = serde_json::json!({ "name": round.name });
    db::audit::record(&mut tx, Some(by.id), "jury.round_delete", &format!("round:{}", round.id), &detail, clock::now())
        .await?;
    tx.commit().await?;
    Ok(())
}

pub(crate) async fn find(state: &AppState, id: i64) -> AppResult<RoundRow> {
    db::rounds::find(state.db.pool(), id).await?.ok_or_else(|| AppError::not_found("not_found", "no such round"))
}

pub(crate) async fn view(state: &AppState, r: &RoundRow) -> AppResult<RoundView> {
    let pool = state.db.pool();
    let juror_ids: Vec<i64> = db::rounds::jurors(pool, r.id).await?.into_iter().map(|(id, _)| id).collect();
    let jurors = db::users::find_many(pool, &juror_ids).await?.into_iter().map(|u| u.email).collect();
    Ok(RoundView {
        id: r.id,
        position: r.position,
        name: r.name.clone(),
        method: r.method.clone(),
        top_n: r.top_n,
        intake: r.intake,
        quorum: r.quorum,
        opens_at: clock::rfc3339(r.opens_at),
        closes_at: clock::rfc3339(r.closes_at),
        status: r.status.clone(),
        missing_rule: r.missing_rule.clone(),
        closed_at: r.closed_at.map(clock::rfc3339),
        entries: db::rounds::shortlist(pool, r.id).await?.len(),
        jurors,
    })
}

/// Starts a draft round on its shortlist (admins): every approved entry for the first round
/// (hidden ones too), else the top `intake` of the previous round, which must be closed.
#[tracing::instrument(skip_all, fields(by = by.id, round = round.id))]
pub(crate) async fn open(state: &AppState, by: &User, round: &RoundRow) -> AppResult<RoundView> {
    require_admin(by)?;
    let pool = state.db.pool();
    if round.status() != Status::Draft {
        return Err(AppError::conflict("round_started", "this round has already started"));
    }
    if db::rounds::jurors(pool, round.id).await?.is_empty() {
        return Err(AppError::conflict("no_jurors", "add at least one juror before starting the round"));
    }
    if round.method() == Method::Criteria && db::criteria::of_contest(pool, round.contest_id).await?.is_empty() {
        return Err(AppError::conflict("no_criteria", "set the contest's criteria before starting a scoring round"));
    }
    let rounds = db::rounds::of_contest(pool, round.contest_id).await?;
    let previous = rounds.iter().filter(|r| r.position < round.position).max_by_key(|r| r.position);
    let shortlist = match previous {
        // No result to cut by before the first round: it judges them all.
        None => db::entries::approved(pool, round.contest_id).await?.iter().map(|e| e.id).collect(),
        Some(p) if p.status() != Status::Closed => {
            return Err(AppError::conflict(
                "previous_round_open",
                format!("close the round “{}” first: its result makes this round's shortlist", p.name),
            ));
        }
        Some(p) => count(state, p).await?.tally.top(round.intake as u32),
    };
    if shortlist.is_empty() {
        return Err(AppError::conflict("empty_shortlist", "there is no entry for this round to judge"));
    }
    let invitations = round_opened_mails(state, round, shortlist.len()).await?;
    let mut tx = state.db.begin_write().await?;
    db::rounds::set_shortlist(&mut tx, round.id, &shortlist).await?;
    if !db::rounds::open(&mut *tx, round.id, clock::now()).await? {
        return Err(AppError::conflict("round_started", "this round has already started"));
    }
    let detail = serde_json::json!({ "entries": shortlist.len(), "after_round": previous.map(|p| p.id) });
    db::audit::record(&mut tx, Some(by.id), "jury.round_open", &format!("round:{}", round.id), &detail, clock::now())
        .await?;
    // Each juror is told, in their language, with the round's size, deadline and link.
    for (to, lang, subject, body) in invitations {
        crate::jobs::mail::queue_signed(&mut *tx, &to, lang, &subject, body, clock::now()).await?;
    }
    tx.commit().await?;
    state.wake_workers();
    view(state, &find(state, round.id).await?).await
}

/// The e-mail each juror of `round` gets when it opens: (to, language, subject, body).
async fn round_opened_mails(
    state: &AppState,
    round: &RoundRow,
    photos: usize,
) -> AppResult<Vec<(Email, crate::i18n::Lang, String, String)>> {
    let pool = state.db.pool();
    let contest = db::contests::find(pool, round.contest_id)
        .await?
        .ok_or_else(|| AppError::internal(anyhow::anyhow!("round without contest")))?;
    let link = state.settings.public_url.join(&format!("jury/r/{}", round.id)).map_err(AppError::internal)?;
    let ids: Vec<i64> = db::rounds::jurors(pool, round.id).await?.into_iter().map(|(id, _)| id).collect();
    let mut out = Vec::new();
    for user in db::users::find_many(pool, &ids).await? {
        let Ok(email) = Email::parse(&user.email) else { continue };
        let lang = user.lang;
        let subject = lang.t1("email-jury-open-subject", "round", &round.name);
        let body = lang.tn(
            "email-jury-open-body",
            &[
                ("round", round.name.clone()),
                ("contest", contest.title.clone()),
                ("count", photos.to_string()),
                ("deadline", crate::readable::date_time(round.closes_at, state.settings.timezone, lang)),
                ("link", link.to_string()),
            ],
        );
        out.push((email, lang, subject, body));
    }
    Ok(out)
}

/// What closing a round recorded.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub(crate) struct CloseReport {
    pub round: RoundView,
    /// Jurors who had not marked everything, and whether their marks count under the rule.
    pub late_jurors: Vec<String>,
    pub late_marks_count: bool,
}

/// Closes an open round (admins) with the rule for late jurors' missing marks, refused while an
/// entry has fewer jurors counting than the quorum. The rule and the late jurors are recorded.
#[tracing::instrument(skip_all, fields(by = by.id, round = round.id))]
pub(crate) async fn close(state: &AppState, by: &User, round: &RoundRow, rule: MissingRule) -> AppResult<CloseReport> {
    require_admin(by)?;
    if round.status() != Status::Open {
        return Err(AppError::conflict("round_not_open", "only an open round can be closed"));
    }
    let counted = count_with(state, round, rule).await?;
    if !counted.tally.below_quorum.is_empty() {
        return Err(AppError::conflict(
            "quorum_not_met",
            format!(
                "{} of {} entries have fewer than {} jurors whose marks count; wait for the jurors, or lower the quorum",
                counted.tally.below_quorum.len(),
                counted.tally.lines.len(),
                round.quorum
            ),
        ));
    }
    let late: Vec<i64> = counted.tally.progress.iter().filter(|p| !p.complete()).map(|p| p.juror).collect();
    let late_emails: Vec<String> =
        db::users::find_many(state.db.pool(), &late).await?.into_iter().map(|u| u.email).collect();
    let mut tx = state.db.begin_write().await?;
    if !db::rounds::close(&mut *tx, round.id, rule, by.id, clock::now()).await? {
        return Err(AppError::conflict("round_not_open", "only an open round can be closed"));
    }
    let detail = serde_json::json!({
        "missing_rule": rule.code(),
        "late_jurors": late,
        "counted_jurors": counted.tally.counted_jurors,
    });
    db::audit::record(&mut tx, Some(by.id), "jury.round_close", &format!("round:{}", round.id), &detail, clock::now())
        .await?;
    tx.commit().await?;
    Ok(CloseReport {
        round: view(state, &find(state, round.id).await?).await?,
        late_jurors: late_emails,
        late_marks_count: rule == MissingRule::AverageScored,
    })
}

/// A round counted, with what the count used.
pub(crate) struct Counted {
    pub tally: Tally,
    pub shortlist: Vec<i64>,
    pub last_mark: HashMap<i64, i64>,
}

/// Counts a round: closed ones on the rule they closed with, open ones provisionally (every mark given).
pub(crate) async fn count(state: &AppState, round: &RoundRow) -> AppResult<Counted> {
    count_with(state, round, round.missing_rule().unwrap_or(MissingRule::AverageScored)).await
}

async fn count_with(state: &AppState, round: &RoundRow, rule: MissingRule) -> AppResult<Counted> {
    let pool = state.db.pool();
    let shortlist = db::rounds::shortlist(pool, round.id).await?;
    let jurors: Vec<i64> = db::rounds::jurors(pool, round.id).await?.into_iter().map(|(id, _)| id).collect();
    let criteria = db::criteria::of_contest(pool, round.contest_id).await?;
    let rows = db::marks::of_round(pool, round.id).await?;
    let mut last_mark: HashMap<i64, i64> = HashMap::new();
    for r in &rows {
        let t = last_mark.entry(r.juror_id).or_default();
        *t = (*t).max(r.updated_at);
    }
    let marks: Vec<_> = rows.iter().map(|r| r.mark()).collect();
    let recusals: Vec<(i64, i64)> =
        db::recusals::of_contest(pool, round.contest_id).await?.iter().map(|r| (r.entry_id, r.juror_id)).collect();
    let weights: Vec<(i64, f64)> = criteria.iter().map(|c| (c.id, c.weight)).collect();
    let tally = tally(&RoundInput {
        method: round.method(),
        entries: &shortlist,
        jurors: &jurors,
        criteria: &weights,
        marks: &marks,
        recusals: &recusals,
        rule,
        quorum: round.quorum as u32,
    });
    Ok(Counted { tally, shortlist, last_mark })
}

/// One juror's progress, for staff.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub(crate) struct JurorProgress {
    pub juror_id: i64,
    pub name: String,
    pub email: String,
    pub done: usize,
    pub total: usize,
    pub recused: usize,
    pub complete: bool,
    /// Past the round's closing date and not done.
    pub late: bool,
    pub last_mark_at: Option<String>,
    pub reminded_at: Option<String>,
}

/// Each juror's progress in a round (admins).
pub(crate) async fn progress(state: &AppState, by: &User, round: &RoundRow) -> AppResult<Vec<JurorProgress>> {
    require_admin(by)?;
    progress_of(state, round, &count(state, round).await?).await
}

/// A round's result and each juror's progress, counted once (admins).
pub(crate) async fn overview(
    state: &AppState,
    by: &User,
    round: &RoundRow,
) -> AppResult<(RoundResult, Vec<JurorProgress>)> {
    require_admin(by)?;
    let counted = count(state, round).await?;
    let progress = progress_of(state, round, &counted).await?;
    Ok((result_of(state, round, counted).await?, progress))
}

async fn progress_of(state: &AppState, round: &RoundRow, counted: &Counted) -> AppResult<Vec<JurorProgress>> {
    let pool = state.db.pool();
    let reminded: HashMap<i64, Option<i64>> = db::rounds::jurors(pool, round.id).await?.into_iter().collect();
    let ids: Vec<i64> = counted.tally.progress.iter().map(|p| p.juror).collect();
    let users: HashMap<i64, User> = db::users::find_many(pool, &ids).await?.into_iter().map(|u| (u.id, u)).collect();
    let now = clock::now();
    Ok(counted
        .tally
        .progress
        .iter()
        .filter_map(|p| {
            let u = users.get(&p.juror)?;
            Some(JurorProgress {
                juror_id: p.juror,
                name: u.staff_label(),
                email: u.email.clone(),
                done: p.done,
                total: p.total,
                recused: p.recused,
                complete: p.complete(),
                late: !p.complete() && now > round.closes_at,
                last_mark_at: counted.last_mark.get(&p.juror).map(|t| clock::rfc3339(*t)),
                reminded_at: reminded.get(&p.juror).copied().flatten().map(clock::rfc3339),
            })
        })
        .collect())
}

/// Emails every juror of an open round who has not finished (admins); returns how many were
/// reminded. Audited.
#[tracing::instrument(skip_all, fields(by = by.id, round = round.id))]
pub(crate) async fn remind(state: &AppState, by: &User, round: &RoundRow) -> AppResult<usize> {
    if round.status() != Status::Open {
        return Err(AppError::conflict("round_not_open", "reminders are for open rounds"));
    }
    let late: Vec<JurorProgress> = progress(state, by, round).await?.into_iter().filter(|p| !p.complete).collect();
    let contest = db::contests::find(state.db.pool(), round.contest_id)
        .await?
        .ok_or_else(|| AppError::internal(anyhow::anyhow!("round without contest")))?;
    let link = state.settings.public_url.join(&format!("jury/r/{}", round.id)).map_err(AppError::internal)?;
    let now = clock::now();
    let ids: Vec<i64> = late.iter().map(|p| p.juror_id).collect();
    let users: HashMap<i64, User> =
        db::users::find_many(state.db.pool(), &ids).await?.into_iter().map(|u| (u.id, u)).collect();
    let mut sent = Vec::new();
    for p in &late {
        let Some(user) = users.get(&p.juror_id) else { continue };
        let Ok(email) = Email::parse(&user.email) else { continue };
        let lang = user.lang;
        let subject = lang.t1("email-jury-reminder-subject", "round", &round.name);
        let body = lang.tn(
            "email-jury-reminder-body",
            &[
                ("round", round.name.clone()),
                ("contest", contest.title.clone()),
                ("done", p.done.to_string()),
                ("total", p.total.to_string()),
                ("deadline", crate::readable::date_time(round.closes_at, state.settings.timezone, lang)),
                ("link", link.to_string()),
            ],
        );
        let mut tx = state.db.begin_write().await?;
        crate::jobs::mail::queue_signed(&mut *tx, &email, lang, &subject, body, now).await?;
        db::rounds::mark_reminded(&mut *tx, round.id, p.juror_id, now).await?;
        tx.commit().await?;
        state.wake_workers();
        sent.push(p.juror_id);
    }
    let detail = serde_json::json!({ "jurors": sent });
    let mut tx = state.db.begin_write().await?;
    db::audit::record(&mut tx, Some(by.id), "jury.reminders", &format!("round:{}", round.id), &detail, now).await?;
    tx.commit().await?;
    Ok(sent.len())
}

/// One line of a round's result, for staff.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub(crate) struct ResultLine {
    pub position: usize,
    pub entry_id: i64,
    pub title: String,
    pub jurors: usize,
    /// Criteria: mean weighted score (1–10). Yes/no: share of yes (0–1).
    pub raw_mean: Option<f64>,
    /// Criteria: mean of the jurors' z-scores (a harsh and a generous juror weigh the same).
    pub normalised: Option<f64>,
    pub yes: usize,
    pub no: usize,
    /// Ranking: Schulze tier (1 best).
    pub tier: Option<usize>,
    /// Fewer jurors count on it than the quorum.
    pub below_quorum: bool,
}

/// A round's result (admins): provisional while open.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub(crate) struct RoundResult {
    pub round: RoundView,
    pub provisional: bool,
    pub lines: Vec<ResultLine>,
    /// Ranking rounds: how the Schulze count went.
    pub schulze: Option<SchulzeView>,
}

/// The Schulze count of a ranking round, to explain its order.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub(crate) struct SchulzeView {
    /// Entry ids, the order of the matrices' rows and columns.
    pub entries: Vec<i64>,
    /// `preferences[i][j]`: jurors who ranked entry i above entry j.
    pub preferences: Vec<Vec<u32>>,
    /// `strongest[i][j]`: strength of the strongest path from i to j; i ranks above j when it
    /// is stronger than the path from j to i.
    pub strongest: Vec<Vec<u32>>,
}

pub(crate) async fn result(state: &AppState, by: &User, round: &RoundRow) -> AppResult<RoundResult> {
    require_admin(by)?;
    result_of(state, round, count(state, round).await?).await
}

async fn result_of(state: &AppState, round: &RoundRow, counted: Counted) -> AppResult<RoundResult> {
    let titles: HashMap<i64, String> =
        db::entries::approved(state.db.pool(), round.contest_id).await?.into_iter().map(|e| (e.id, e.title)).collect();
    let lines = counted
        .tally
        .lines
        .iter()
        .map(|l| ResultLine {
            position: l.position,
            entry_id: l.entry,
            title: titles.get(&l.entry).cloned().unwrap_or_default(),
            jurors: l.jurors,
            raw_mean: l.raw_mean,
            normalised: l.normalised,
            yes: l.yes,
            no: l.no,
            tier: l.tier,
            below_quorum: counted.tally.below_quorum.contains(&l.entry),
        })
        .collect();
    let schulze = counted.tally.schulze.map(|d| SchulzeView {
        entries: d.candidates,
        preferences: d.preferences,
        strongest: d.strongest,
    });
    Ok(RoundResult { round: view(state, round).await?, provisional: round.status() != Status::Closed, lines, schulze })
}
