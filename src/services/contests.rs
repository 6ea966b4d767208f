//! Contest setup: creation with categories and cover slots, public views, ranking, winners.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::clock;
use crate::db::contests::VotingSettings;
use crate::db::{self, contests::ContestRow, contests::RulesRow, covers::CoverSlotRow, users::User};
use crate::domain::consent::{RightSpec, Rights};
use crate::domain::cover::CoverSpec;
use crate::domain::role::Capability;
use crate::domain::schedule::{Phase, Schedule, Window};
use crate::domain::slug::Slug;
use crate::domain::voting::{Suspicion, VoteRule};
use crate::domain::{Invalid, bounded_text};
use crate::error::{AppError, AppResult, is_unique_violation};
use crate::state::AppState;

/// A contest as submitted by staff (API JSON; pages fill the same shape).
/// Times are RFC 3339 (`2027-03-01T08:00:00+01:00`) or local `2027-03-01T08:00` in the site's time zone.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[schema(example = json!({
        "slug": "guides-2027",
        "title": "Illustrez nos guides horaires 2027",
        "description": "Vos trajets, vos arrêts, vos humeurs voyageuses.",
        "rules": "Une photo prise dans nos bus et trams, par vous.",
        "submissions_open_at": "2027-03-01T08:00:00+01:00",
        "submissions_close_at": "2027-03-15T20:00:00+01:00",
        "vote_open_at": "2027-03-16T08:00:00+01:00",
        "vote_close_at": "2027-03-31T20:00:00+01:00",
        "jury_open_at": "2027-03-16T08:00:00+01:00",
        "jury_close_at": "2027-04-05T20:00:00+02:00",
        "results_at": "2027-04-10T12:00:00+02:00",
        "categories": ["Tram", "Bus"],
        "cover_slots": [{"name": "Guide ligne 1", "trim_width_mm": 148, "trim_height_mm": 210, "bleed_mm": 3, "min_dpi": 150}],
        "max_entries_per_participant": 3,
        "places": ["Ligne 1", "Ligne 2"],
        "age_threshold": 15,
        "voting": {"rule": "per_day", "votes_per_voter": 3, "public_vote_counts": false},
        "retention_days": 365
    }))]
pub(crate) struct ContestInput {
    /// Its address: 2 to 60 lowercase letters, digits and single hyphens; derived from the title
    /// when empty or absent.
    #[serde(default)]
    #[schema(max_length = 60, pattern = "^(|[a-z0-9](-?[a-z0-9])+)$")]
    pub slug: Option<String>,
    #[schema(min_length = 1, max_length = 200)]
    #[schema(
        pattern = "^[^\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F-\\u009F]*[^\\s\\u0000-\\u001F\\u007F-\\u009F][^\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F-\\u009F]*$"
    )]
    pub title: String,
    /// Its introduction on the public page (at most 5,000 characters; may be empty).
    #[serde(default)]
    #[schema(max_length = 5000)]
    #[schema(pattern = "^[^\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F-\\u009F]*$")]
    pub description: String,
    #[serde(default)]
    #[schema(max_length = 50000)]
    #[schema(pattern = "^[^\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F-\\u009F]*$")]
    pub rules: String,
    #[schema(format = DateTime)]
    pub submissions_open_at: String,
    #[schema(format = DateTime)]
    pub submissions_close_at: String,
    #[schema(format = DateTime)]
    pub vote_open_at: String,
    #[schema(format = DateTime)]
    pub vote_close_at: String,
    #[schema(format = DateTime)]
    pub jury_open_at: String,
    #[schema(format = DateTime)]
    pub jury_close_at: String,
    #[schema(format = DateTime)]
    pub results_at: String,
    #[serde(default)]
    #[schema(schema_with = crate::domain::text_schema::category_names)]
    pub categories: Vec<String>,
    #[serde(default)]
    pub cover_slots: Vec<CoverSlotInput>,
    /// Live entries one participant may have in the contest (1 to 1000; 10 when absent).
    #[serde(default)]
    #[schema(minimum = 1, maximum = 1000)]
    pub max_entries_per_participant: Option<i64>,
    /// Places an entry may name (lines, stops…); empty: the place is free text.
    #[serde(default)]
    #[schema(schema_with = crate::domain::text_schema::place_names)]
    pub places: Vec<String>,
    /// The rights the rules ask for (print, web, social…); absent: print covers, web and social
    /// networks, in France, for 3 years. Each use at most once.
    #[serde(default)]
    #[schema(min_items = 1)]
    pub rights: Option<Vec<RightSpec>>,
    /// Below this age a parent or guardian consents (0 to 21; default 15, French law).
    #[serde(default)]
    #[schema(minimum = 0, maximum = 21)]
    pub age_threshold: Option<i64>,
    /// How the public votes (default: one vote per entry, counts hidden until the results).
    #[serde(default)]
    pub voting: Option<VotingInput>,
    /// Days its personal data is kept after the contest ends (0 to 3650); absent: until staff
    /// decide. See [`crate::domain::retention`].
    #[serde(default)]
    #[schema(minimum = 0, maximum = 3650)]
    pub retention_days: Option<i64>,
}

/// How a contest's public votes.
#[derive(Debug, Clone, Default, Deserialize, Serialize, ToSchema)]
#[schema(example = json!({"rule": "per_day", "votes_per_voter": 3, "public_vote_counts": false}))]
pub(crate) struct VotingInput {
    /// `per_entry` (one vote per entry, any number of entries), `per_contest` (`votes_per_voter`
    /// votes for the whole contest) or `per_day` (`votes_per_voter` votes a day, a favourite may
    /// get one every day).
    #[schema(pattern = "^(per_entry|per_contest|per_day)$")]
    pub rule: String,
    /// 1 to 1,000; required by `per_contest` and `per_day`.
    #[serde(default)]
    #[schema(minimum = 1, maximum = 1000)]
    pub votes_per_voter: Option<i64>,
    /// Show vote counts (and the "most voted" order) before the results.
    #[serde(default)]
    pub public_vote_counts: bool,
    /// When votes on one entry look organised (absent: the defaults; a threshold of 0 is off).
    #[serde(default)]
    pub suspicion: Option<Suspicion>,
}

impl VotingInput {
    pub(crate) fn parse(&self) -> Result<VotingSettings, Invalid> {
        Ok(VotingSettings {
            rule: VoteRule::parse(&self.rule, self.votes_per_voter)?,
            public_vote_counts: self.public_vote_counts,
            suspicion: self.suspicion.unwrap_or_default().parse()?,
        })
    }

    /// What a contest's row says.
    pub(crate) fn of(c: &ContestRow) -> Self {
        let rule = c.vote_rule();
        VotingInput {
            rule: rule.as_str().to_string(),
            votes_per_voter: rule.budget(),
            public_vote_counts: c.public_vote_counts != 0,
            suspicion: Some(c.suspicion()),
        }
    }
}

/// A new version of a contest's rules.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[schema(example = json!({
        "rules": "Une photo prise dans nos bus et trams, par vous. Vous restez l’auteur.",
        "rights": [
            {"use": "print", "scope": "Couvertures des guides horaires 2027", "territory": "France", "duration_months": 36},
            {"use": "web", "scope": "Site et réseaux sociaux du réseau", "territory": "France", "duration_months": 36}
        ]
    }))]
pub(crate) struct RulesInput {
    #[schema(max_length = 50000)]
    #[schema(pattern = "^[^\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F-\\u009F]*$")]
    pub rules: String,
    /// At least one right, each use at most once.
    #[schema(min_items = 1)]
    pub rights: Vec<RightSpec>,
}

#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[schema(example = json!({"slug": "guide-ligne-1", "name": "Guide ligne 1", "trim_width_mm": 148, "trim_height_mm": 210, "bleed_mm": 3, "min_dpi": 150}))]
pub(crate) struct CoverSlotInput {
    /// Its address: 2 to 60 lowercase letters, digits and single hyphens; derived from the name
    /// when empty or absent.
    #[serde(default)]
    #[schema(max_length = 60, pattern = "^(|[a-z0-9](-?[a-z0-9])+)$")]
    pub slug: Option<String>,
    #[schema(min_length = 1, max_length = 100)]
    #[schema(
        pattern = "^[^\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F-\\u009F]*[^\\s\\u0000-\\u001F\\u007F-\\u009F][^\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F-\\u009F]*$"
    )]
    pub name: String,
    #[schema(minimum = 10, maximum = 2000)]
    pub trim_width_mm: f64,
    #[schema(minimum = 10, maximum = 2000)]
    pub trim_height_mm: f64,
    #[serde(default)]
    #[schema(minimum = 0, maximum = 20)]
    pub bleed_mm: f64,
    #[schema(minimum = 72, maximum = 1200)]
    pub min_dpi: i64,
}

/// A validated cover slot.
pub(crate) struct NewSlot {
    pub slug: Slug,
    pub name: String,
    pub spec: CoverSpec,
}

impl CoverSlotInput {
    pub(crate) fn parse(&self) -> Result<NewSlot, Invalid> {
        let (name, spec) = self.parse_change()?;
        let slug = Slug::given_or_from_title(self.slug.as_deref(), &name)?;
        Ok(NewSlot { slug, name, spec })
    }

    /// The name and specification of a slot that exists (its address stays; `slug` is ignored).
    pub(crate) fn parse_change(&self) -> Result<(String, CoverSpec), Invalid> {
        let name = bounded_text(&self.name, 1, 100, "invalid_cover_slot", "the cover slot name")?;
        let spec = CoverSpec::parse(self.trim_width_mm, self.trim_height_mm, self.bleed_mm, self.min_dpi)?;
        Ok((name, spec))
    }
}

/// A date and time as RFC 3339, or local time in `tz`; the error names the field.
pub(crate) fn parse_time(raw: &str, field: &str, tz: chrono_tz::Tz) -> Result<i64, Invalid> {
    clock::parse_rfc3339(raw).or_else(|| clock::parse_local(raw, tz)).ok_or_else(|| {
        Invalid::new("invalid_date", format!("`{field}` is not a date and time (e.g. 2027-03-01T08:00)"))
    })
}

/// Live entries per participant when the contest does not say.
pub(crate) const DEFAULT_ENTRY_QUOTA: i64 = 10;
/// Below this age a guardian consents, when the contest does not say (French law: 15).
pub(crate) const DEFAULT_AGE_THRESHOLD: i64 = 15;

/// A contest ready to be written.
pub(crate) struct NewContest {
    pub slug: Slug,
    pub title: String,
    pub description: String,
    pub rules: String,
    pub schedule: Schedule,
    pub categories: Vec<String>,
    pub slots: Vec<NewSlot>,
    pub max_entries_per_participant: i64,
    pub places: Vec<String>,
    pub rights: Rights,
    pub age_threshold: i64,
    pub voting: Option<VotingSettings>,
    pub retention_days: Option<i64>,
}

impl ContestInput {
    pub(crate) fn parse(&self, tz: chrono_tz::Tz) -> Result<NewContest, Invalid> {
        let title = bounded_text(&self.title, 1, 200, "invalid_title", "the title")?;
        let description =
            bounded_text(&self.description, 0, 5_000, "invalid_contest_description", "the contest's description")?;
        let rules = bounded_text(&self.rules, 0, 50_000, "invalid_rules", "the rules")?;
        let slug = Slug::given_or_from_title(self.slug.as_deref(), &title)?;
        let t = |raw: &str, f: &str| parse_time(raw, f, tz);
        let schedule = Schedule::new(
            Window::new(
                t(&self.submissions_open_at, "submissions_open_at")?,
                t(&self.submissions_close_at, "submissions_close_at")?,
                "submissions",
            )?,
            Window::new(
                t(&self.vote_open_at, "vote_open_at")?,
                t(&self.vote_close_at, "vote_close_at")?,
                "public vote",
            )?,
            Window::new(t(&self.jury_open_at, "jury_open_at")?, t(&self.jury_close_at, "jury_close_at")?, "jury")?,
            t(&self.results_at, "results_at")?,
        )?;
        let mut categories = Vec::new();
        for c in &self.categories {
            let c = bounded_text(c, 1, 80, "invalid_category", "a category name")?;
            if categories.contains(&c) {
                return Err(Invalid::new("invalid_category", format!("the category `{c}` is listed twice")));
            }
            categories.push(c);
        }
        let slots = self.cover_slots.iter().map(CoverSlotInput::parse).collect::<Result<Vec<_>, _>>()?;
        let max_entries_per_participant = match self.max_entries_per_participant {
            None => DEFAULT_ENTRY_QUOTA,
            Some(n @ 1..=1000) => n,
            Some(_) => {
                return Err(Invalid::new(
                    "invalid_quota",
                    "the number of photos per participant must be between 1 and 1000",
                ));
            }
        };
        let mut places = Vec::new();
        for p in &self.places {
            let p = bounded_text(p, 1, 120, "invalid_place", "a place name")?;
            if places.contains(&p) {
                return Err(Invalid::new("invalid_place", format!("the place `{p}` is listed twice")));
            }
            places.push(p);
        }
        let rights = match &self.rights {
            None => Rights::standard(),
            Some(specs) => Rights::parse(specs)?,
        };
        let age_threshold = match self.age_threshold {
            None => DEFAULT_AGE_THRESHOLD,
            Some(n @ 0..=21) => n,
            Some(_) => return Err(Invalid::new("invalid_age_threshold", "the age threshold must be between 0 and 21")),
        };
        let voting = self.voting.as_ref().map(VotingInput::parse).transpose()?;
        let retention_days = crate::domain::retention::parse_days(self.retention_days)?;
        Ok(NewContest {
            voting,
            retention_days,
            slug,
            title,
            description,
            rules,
            schedule,
            categories,
            slots,
            max_entries_per_participant,
            places,
            rights,
            age_threshold,
        })
    }
}

/// Writes a contest, its categories and cover slots in one transaction.
#[tracing::instrument(skip_all, fields(by = by.id))]
pub(crate) async fn create(state: &AppState, by: &User, c: NewContest) -> AppResult<ContestRow> {
    if !by.role.can(Capability::Administer) {
        return Err(AppError::forbidden());
    }
    let now = clock::now();
    let mut tx = state.db.begin_write().await?;
    let row = db::contests::NewContestRow {
        slug: &c.slug,
        title: &c.title,
        description: &c.description,
        rules: &c.rules,
        schedule: &c.schedule,
        max_entries_per_participant: c.max_entries_per_participant,
        age_threshold: c.age_threshold,
        now,
    };
    let id = db::contests::insert(&mut *tx, &row).await.map_err(|e| slug_taken(e, &c.slug))?;
    db::contests::insert_rules(&mut *tx, id, 1, &c.rules, &c.rights.to_json(), now).await?;
    if let Some(v) = &c.voting {
        db::contests::set_voting(&mut *tx, id, v).await?;
    }
    if c.retention_days.is_some() {
        db::contests::set_retention(&mut *tx, id, c.retention_days).await?;
    }
    for (i, name) in c.categories.iter().enumerate() {
        db::contests::insert_category(&mut *tx, id, name, i as i64).await?;
    }
    for (i, name) in c.places.iter().enumerate() {
        db::contests::insert_place(&mut *tx, id, name, i as i64).await?;
    }
    for s in &c.slots {
        db::covers::insert(&mut *tx, id, &s.slug, &s.name, &s.spec).await.map_err(|e| slot_error(e, &s.slug))?;
    }
    db::audit::record(
        &mut tx,
        Some(by.id),
        "contest.create",
        &format!("contest:{id}"),
        &serde_json::json!({ "slug": c.slug.as_str(), "title": c.title }),
        now,
    )
    .await?;
    tx.commit().await?;
    db::contests::find(state.db.pool(), id)
        .await?
        .ok_or_else(|| AppError::internal(anyhow::anyhow!("contest vanished")))
}

/// Sets how a contest votes (admins); audited with the settings before and after.
#[tracing::instrument(skip_all, fields(by = by.id, contest = c.id))]
pub(crate) async fn set_voting(
    state: &AppState,
    by: &User,
    c: &ContestRow,
    v: &VotingSettings,
) -> AppResult<ContestRow> {
    if !by.role.can(Capability::Administer) {
        return Err(AppError::forbidden());
    }
    let now = clock::now();
    let mut tx = state.db.begin_write().await?;
    db::contests::set_voting(&mut *tx, c.id, v).await?;
    let after = VotingInput {
        rule: v.rule.as_str().to_string(),
        votes_per_voter: v.rule.budget(),
        public_vote_counts: v.public_vote_counts,
        suspicion: Some(v.suspicion),
    };
    db::audit::record(
        &mut tx,
        Some(by.id),
        "contest.voting",
        &format!("contest:{}", c.id),
        &serde_json::json!({ "before": VotingInput::of(c), "after": after }),
        now,
    )
    .await?;
    tx.commit().await?;
    db::contests::find(state.db.pool(), c.id)
        .await?
        .ok_or_else(|| AppError::internal(anyhow::anyhow!("contest vanished")))
}

/// A contest address already in use is `409 slug_taken`.
pub(crate) fn slug_taken(e: sqlx::Error, slug: &Slug) -> AppError {
    if is_unique_violation(&e) {
        AppError::conflict("slug_taken", format!("a contest already uses the address `{slug}`"))
    } else {
        e.into()
    }
}

fn slot_error(e: sqlx::Error, slug: &Slug) -> AppError {
    if is_unique_violation(&e) {
        AppError::conflict("cover_slot_taken", format!("this contest already has a cover slot `{slug}`"))
    } else {
        e.into()
    }
}

/// The rights the contest's current rules ask for.
pub(crate) async fn current_rights(state: &AppState, c: &ContestRow) -> AppResult<Rights> {
    rules_version(state, c, c.rules_version).await.map(|(_, rights)| rights)
}

/// One version of a contest's rules and its rights; 404 when there is no such version.
pub(crate) async fn rules_version(state: &AppState, c: &ContestRow, version: i64) -> AppResult<(RulesRow, Rights)> {
    let row = db::contests::rules(state.db.pool(), c.id, version)
        .await?
        .ok_or_else(|| AppError::not_found("rules_not_found", format!("the rules have no version {version}")))?;
    let rights = Rights::from_json(&row.rights).map_err(AppError::internal)?;
    Ok((row, rights))
}

/// How long a contest keeps personal data after it ends (API JSON; the admin form fills it).
#[derive(Debug, Clone, Deserialize, Serialize, ToSchema)]
#[schema(example = json!({"retention_days": 365}))]
pub(crate) struct RetentionInput {
    /// Days after the contest's end (0 to 3650); `null`: kept until staff decide.
    #[schema(minimum = 0, maximum = 3650)]
    pub retention_days: Option<i64>,
}

/// A contest's retention, as the API shows it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub(crate) struct RetentionView {
    pub retention_days: Option<i64>,
    /// When its personal data is due for removal (RFC 3339), if a period is set.
    pub purge_at: Option<String>,
    /// When it was purged, if it was.
    pub purged_at: Option<String>,
}

impl RetentionView {
    pub(crate) fn of(c: &ContestRow) -> Self {
        RetentionView {
            retention_days: c.retention_days,
            purge_at: crate::domain::retention::purge_at(&c.schedule(), c.retention_days).map(clock::rfc3339),
            purged_at: c.retention_done_at.map(clock::rfc3339),
        }
    }
}

/// Sets how long the contest keeps personal data after it ends (admins); audited with the period
/// before and after.
#[tracing::instrument(skip_all, fields(by = by.id, contest = c.id))]
pub(crate) async fn set_retention(
    state: &AppState,
    by: &User,
    c: &ContestRow,
    input: &RetentionInput,
) -> AppResult<ContestRow> {
    if !by.role.can(Capability::Administer) {
        return Err(AppError::forbidden());
    }
    let days = crate::domain::retention::parse_days(input.retention_days)?;
    let now = clock::now();
    let mut tx = state.db.begin_write().await?;
    db::contests::set_retention(&mut *tx, c.id, days).await?;
    let detail = serde_json::json!({ "before": c.retention_days, "after": days });
    db::audit::record(&mut tx, Some(by.id), "contest.retention_days", &format!("contest:{}", c.id), &detail, now)
        .await?;
    tx.commit().await?;
    db::contests::find(state.db.pool(), c.id)
        .await?
        .ok_or_else(|| AppError::internal(anyhow::anyhow!("contest vanished")))
}

/// Publishes a new version of the rules (staff). Entries keep the version their author accepted.
#[tracing::instrument(skip_all, fields(by = by.id, contest = c.id))]
pub(crate) async fn publish_rules(state: &AppState, by: &User, c: &ContestRow, input: &RulesInput) -> AppResult<i64> {
    if !by.role.can(Capability::Administer) {
        return Err(AppError::forbidden());
    }
    let body = bounded_text(&input.rules, 0, 50_000, "invalid_rules", "the rules")?;
    let rights = Rights::parse(&input.rights)?;
    let now = clock::now();
    let mut tx = state.db.begin_write().await?;
    let version = db::contests::bump_rules(&mut *tx, c.id, &body).await?;
    db::contests::insert_rules(&mut *tx, c.id, version, &body, &rights.to_json(), now).await?;
    let detail = serde_json::json!({ "version": version, "rights": rights.specs() });
    db::audit::record(&mut tx, Some(by.id), "contest.rules", &format!("contest:{}", c.id), &detail, now).await?;
    tx.commit().await?;
    Ok(version)
}

/// Adds a cover slot to an existing contest.
#[tracing::instrument(skip_all, fields(by = by.id, contest = contest.id))]
pub(crate) async fn add_slot(state: &AppState, by: &User, contest: &ContestRow, slot: NewSlot) -> AppResult<()> {
    if !by.role.can(Capability::Administer) {
        return Err(AppError::forbidden());
    }
    let mut tx = state.db.begin_write().await?;
    let id = db::covers::insert(&mut *tx, contest.id, &slot.slug, &slot.name, &slot.spec)
        .await
        .map_err(|e| slot_error(e, &slot.slug))?;
    let s = &slot.spec;
    let detail = serde_json::json!({ "before": null, "after": {
        "slug": slot.slug.as_str(), "name": slot.name, "trim_width_mm": s.trim_width_mm,
        "trim_height_mm": s.trim_height_mm, "bleed_mm": s.bleed_mm, "min_dpi": s.min_dpi } });
    db::audit::record(&mut tx, Some(by.id), "cover.add", &format!("cover_slot:{id}"), &detail, clock::now()).await?;
    tx.commit().await?;
    Ok(())
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub(crate) struct CoverSlotView {
    pub slug: String,
    pub name: String,
    pub trim_width_mm: f64,
    pub trim_height_mm: f64,
    pub bleed_mm: f64,
    pub min_dpi: i64,
    /// Pixels a photo needs (width, height) to fill trim + bleed at `min_dpi`.
    pub required_width_px: u32,
    pub required_height_px: u32,
    /// `portrait`, `landscape` or `square` (from the trim).
    pub orientation: &'static str,
    pub winner_entry_id: Option<i64>,
}

impl From<&CoverSlotRow> for CoverSlotView {
    fn from(s: &CoverSlotRow) -> Self {
        let (w, h) = s.spec().required_pixels();
        CoverSlotView {
            slug: s.slug.clone(),
            name: s.name.clone(),
            trim_width_mm: s.trim_width_mm,
            trim_height_mm: s.trim_height_mm,
            bleed_mm: s.bleed_mm,
            min_dpi: s.min_dpi,
            required_width_px: w,
            required_height_px: h,
            orientation: s.spec().orientation(),
            winner_entry_id: s.winner_entry_id,
        }
    }
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub(crate) struct CategoryView {
    pub id: i64,
    pub name: String,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub(crate) struct ContestView {
    pub slug: String,
    pub title: String,
    pub description: String,
    pub rules: String,
    pub rules_version: i64,
    pub phase: Phase,
    pub submissions_open_at: String,
    pub submissions_close_at: String,
    pub vote_open_at: String,
    pub vote_close_at: String,
    pub jury_open_at: String,
    pub jury_close_at: String,
    pub results_at: String,
    /// Live entries (processing, awaiting moderation, approved) one participant may have.
    pub max_entries_per_participant: i64,
    /// Places an entry may name; empty: free text.
    pub places: Vec<String>,
    /// The rights the current rules ask for, each with its scope, territory and duration.
    pub rights: Vec<RightSpec>,
    /// Below this age a parent or guardian consents.
    pub age_threshold: i64,
    pub categories: Vec<CategoryView>,
    pub cover_slots: Vec<CoverSlotView>,
    pub voting: VotingInput,
    pub theme: ThemeView,
    /// How long its personal data is kept after it ends.
    pub retention: RetentionView,
}

/// A contest's look.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub(crate) struct ThemeView {
    pub accent: Option<String>,
    pub header: Option<String>,
    pub logo_url: Option<String>,
    /// The stylesheet that applies the colours (absent: none set).
    pub stylesheet: Option<String>,
}

pub(crate) async fn view(state: &AppState, c: &ContestRow) -> AppResult<ContestView> {
    let categories = db::contests::categories(state.db.pool(), c.id).await?;
    let slots = db::covers::list(state.db.pool(), c.id).await?;
    Ok(ContestView {
        slug: c.slug.clone(),
        title: c.title.clone(),
        description: c.description.clone(),
        rules: c.rules.clone(),
        rules_version: c.rules_version,
        phase: c.schedule().phase(clock::now()),
        submissions_open_at: clock::rfc3339(c.submissions_open_at),
        submissions_close_at: clock::rfc3339(c.submissions_close_at),
        vote_open_at: clock::rfc3339(c.vote_open_at),
        vote_close_at: clock::rfc3339(c.vote_close_at),
        jury_open_at: clock::rfc3339(c.jury_open_at),
        jury_close_at: clock::rfc3339(c.jury_close_at),
        results_at: clock::rfc3339(c.results_at),
        max_entries_per_participant: c.max_entries_per_participant,
        places: db::contests::places(state.db.pool(), c.id).await?,
        rights: current_rights(state, c).await?.specs().to_vec(),
        age_threshold: c.age_threshold,
        categories: categories.into_iter().map(|c| CategoryView { id: c.id, name: c.name }).collect(),
        cover_slots: slots.iter().map(CoverSlotView::from).collect(),
        voting: VotingInput::of(c),
        theme: ThemeView {
            accent: c.theme().accent.map(|c| c.to_string()),
            header: c.theme().header.map(|c| c.to_string()),
            logo_url: super::theme::logo_url(state, c),
            stylesheet: super::theme::theme_url(c),
        },
        retention: RetentionView::of(c),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input() -> ContestInput {
        ContestInput {
            title: "Guides 2027".into(),
            submissions_open_at: "2027-01-01T00:00:00Z".into(),
            submissions_close_at: "2027-01-15T00:00".into(),
            vote_open_at: "2027-01-01T00:00:00Z".into(),
            vote_close_at: "2027-01-20T00:00:00Z".into(),
            jury_open_at: "2027-01-20T00:00:00Z".into(),
            jury_close_at: "2027-01-25T00:00:00Z".into(),
            results_at: "2027-01-26T00:00:00Z".into(),
            categories: vec!["Tram".into(), "Bus".into()],
            cover_slots: vec![CoverSlotInput {
                name: "Guide ligne 1".into(),
                trim_width_mm: 148.0,
                trim_height_mm: 210.0,
                bleed_mm: 3.0,
                min_dpi: 300,
                ..Default::default()
            }],
            ..Default::default()
        }
    }

    #[test]
    fn parses_a_complete_contest() {
        let c = input().parse(chrono_tz::Europe::Paris).unwrap();
        assert_eq!(c.slug.as_str(), "guides-2027");
        assert_eq!(c.slots[0].slug.as_str(), "guide-ligne-1");
        assert_eq!(c.schedule.submissions.closes_at, clock::parse_rfc3339("2027-01-14T23:00:00Z").unwrap());
    }

    #[test]
    fn reports_the_broken_rule() {
        let mut bad = input();
        bad.vote_close_at = "soon".into();
        assert_eq!(bad.parse(chrono_tz::UTC).err().unwrap().code, "invalid_date");
        let mut dup = input();
        dup.categories = vec!["Tram".into(), "Tram".into()];
        assert_eq!(dup.parse(chrono_tz::UTC).err().unwrap().code, "invalid_category");
        let mut late = input();
        late.results_at = "2027-01-02T00:00:00Z".into();
        assert_eq!(late.parse(chrono_tz::UTC).err().unwrap().code, "invalid_schedule");
    }
}
