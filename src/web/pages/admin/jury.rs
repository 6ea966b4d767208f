//! Staff page for a contest's jury: criteria and weights, rounds (create, start, close with the
//! rule for late jurors, delete), each juror's progress with reminders, and each round's result.

use askama::Template;
use axum::Form;
use axum::extract::{Path, State};
use axum::response::{Redirect, Response};
use serde::Deserialize;

use crate::clock;
use crate::db::{self, contests::ContestRow};
use crate::domain::Invalid;
use crate::domain::jury::round::MissingRule;
use crate::domain::role::Capability;
use crate::error::AppResult;
use crate::services::rounds::{self, CriterionInput, JurorProgress, RoundRequest, RoundResult};
use crate::state::AppState;
use crate::web::contest_access::AdminOf;
use crate::web::i18n::Lang;
use crate::web::pages::{Nav, render};
use crate::web::session::AuthUser;

pub(crate) struct RoundBlock {
    pub(crate) result: RoundResult,
    pub(crate) progress: Vec<JurorProgress>,
    pub(crate) opens: String,
    pub(crate) closes: String,
}

#[derive(Template)]
#[template(path = "admin_jury.html")]
struct JuryAdminPage {
    nav: Nav,
    contest: ContestRow,
    criteria_text: String,
    rounds: Vec<RoundBlock>,
    default_opens: String,
    default_closes: String,
}

impl JuryAdminPage {
    /// A mean with two decimals, written the reader's way (« 7,25 »).
    fn mean(&self, x: &f64) -> String {
        crate::readable::decimal(*x, 2, self.nav.lang)
    }

    /// A normalised score with its sign (« +0,84 », « −1,20 »).
    fn signed(&self, x: &f64) -> String {
        let shown = crate::readable::decimal(x.abs(), 2, self.nav.lang);
        let zero = crate::readable::decimal(0.0, 2, self.nav.lang);
        match (*x > 0.0, *x < 0.0) {
            (true, _) if shown != zero => format!("+{shown}"),
            (_, true) if shown != zero => format!("\u{2212}{shown}"),
            _ => shown,
        }
    }
}

pub(crate) async fn page(
    State(state): State<AppState>,
    lang: Lang,
    AdminOf { user: ref admin, contest: c }: AdminOf,
) -> AppResult<Response> {
    let tz = state.settings.timezone;
    let criteria = db::criteria::of_contest(state.db.pool(), c.id).await?;
    let criteria_text = criteria
        .iter()
        .map(|c| match c.description.as_str() {
            "" => format!("{} = {}", c.name, crate::readable::measure(c.weight, lang)),
            d => format!("{} = {} ; {d}", c.name, crate::readable::measure(c.weight, lang)),
        })
        .collect::<Vec<_>>()
        .join("\n");
    let mut blocks = Vec::new();
    for r in db::rounds::of_contest(state.db.pool(), c.id).await? {
        let (result, mut progress) = rounds::overview(&state, admin, &r).await?;
        // Times for people, in the contest's time zone.
        let readable = |t: &Option<String>| {
            t.as_deref().and_then(clock::parse_rfc3339).map(|ts| crate::readable::date_time(ts, tz, lang))
        };
        for p in &mut progress {
            p.last_mark_at = readable(&p.last_mark_at);
            p.reminded_at = readable(&p.reminded_at);
        }
        blocks.push(RoundBlock {
            result,
            progress,
            opens: crate::readable::date_time(r.opens_at, tz, lang),
            closes: crate::readable::date_time(r.closes_at, tz, lang),
        });
    }
    render(&JuryAdminPage {
        default_opens: clock::to_local_input(c.jury_open_at, tz),
        default_closes: clock::to_local_input(c.jury_close_at, tz),
        nav: Nav::new(Some(admin.clone()), lang),
        contest: c,
        criteria_text,
        rounds: blocks,
    })
}

#[derive(Deserialize)]
pub(crate) struct CriteriaForm {
    criteria: String,
}

/// One criterion per line, `name = weight ; description` (weight 1 when left out; the
/// description is optional).
fn parse_lines(text: &str) -> Result<Vec<CriterionInput>, Invalid> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(|l| {
            let (head, description) = match l.split_once(';') {
                Some((head, d)) => (head.trim(), d.trim().to_string()),
                None => (l, String::new()),
            };
            match head.rsplit_once('=') {
                Some((name, weight)) => weight
                    .trim()
                    .replace(',', ".")
                    .parse::<f64>()
                    .map(|w| CriterionInput { name: name.trim().to_string(), weight: w, description })
                    .map_err(|_| {
                        Invalid::new("invalid_criteria", format!("“{l}”: write the weight as a number after ="))
                    }),
                None => Ok(CriterionInput { name: head.to_string(), weight: 1.0, description }),
            }
        })
        .collect()
}

pub(crate) async fn save_criteria(
    State(state): State<AppState>,
    AdminOf { user: ref admin, contest: c }: AdminOf,
    Form(f): Form<CriteriaForm>,
) -> AppResult<Redirect> {
    let slug = c.slug.clone();
    rounds::set_criteria(&state, admin, &c, &parse_lines(&f.criteria)?).await?;
    Ok(Redirect::to(&format!("/admin/c/{slug}/jury")))
}

#[derive(Deserialize)]
pub(crate) struct RoundForm {
    name: String,
    method: String,
    top_n: Option<String>,
    intake: Option<String>,
    quorum: String,
    opens_at: String,
    closes_at: String,
    jurors: String,
}

fn number(raw: Option<&str>, code: &'static str) -> Result<i64, Invalid> {
    match raw.map(str::trim) {
        None | Some("") => Ok(0),
        Some(n) => n.parse().map_err(|_| Invalid::new(code, "this setting is a whole number")),
    }
}

pub(crate) async fn create_round(
    State(state): State<AppState>,
    AdminOf { user: ref admin, contest: c }: AdminOf,
    Form(f): Form<RoundForm>,
) -> AppResult<Redirect> {
    let slug = c.slug.clone();
    let req = RoundRequest {
        name: f.name,
        method: f.method,
        top_n: number(f.top_n.as_deref(), "invalid_top_n")?,
        intake: number(f.intake.as_deref(), "invalid_intake")?,
        quorum: number(Some(&f.quorum), "invalid_quorum")?,
        opens_at: f.opens_at,
        closes_at: f.closes_at,
        jurors: f.jurors.split([',', '\n', ';']).map(str::trim).filter(|e| !e.is_empty()).map(String::from).collect(),
    };
    rounds::create(&state, admin, &c, &req).await?;
    Ok(Redirect::to(&format!("/admin/c/{slug}/jury")))
}

#[derive(Deserialize)]
pub(crate) struct RoundAction {
    action: String,
    missing_rule: Option<String>,
}

/// Start, close (with the rule for late jurors), remind or delete a round.
pub(crate) async fn round_action(
    State(state): State<AppState>,
    user: AuthUser,
    Path((slug, id)): Path<(String, i64)>,
    Form(f): Form<RoundAction>,
) -> AppResult<Redirect> {
    let admin = user.require(Capability::Administer)?;
    let round = rounds::find(&state, id).await?;
    match f.action.as_str() {
        "open" => drop(rounds::open(&state, admin, &round).await?),
        "close" => {
            let rule = MissingRule::parse(f.missing_rule.as_deref().unwrap_or_default())?;
            drop(rounds::close(&state, admin, &round, rule).await?);
        }
        "remind" => drop(rounds::remind(&state, admin, &round).await?),
        "delete" => rounds::delete(&state, admin, &round).await?,
        _ => return Err(Invalid::new("invalid_action", "unknown action").into()),
    }
    Ok(Redirect::to(&format!("/admin/c/{slug}/jury#round-{id}")))
}
