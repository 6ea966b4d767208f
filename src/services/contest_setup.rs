//! Changing a contest's setup after its creation: texts, phases, categories, places and quotas.
//! The change is checked exactly as a creation is (the current values completed by the change go
//! through [`ContestInput::parse`]), written in one transaction and audited with the values before
//! and after.

use std::collections::HashSet;

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::clock;
use crate::db::{self, contests::Category, contests::ContestRow, users::User};
use crate::domain::Invalid;
use crate::domain::role::Capability;
use crate::domain::schedule::Schedule;
use crate::error::{AppError, AppResult};
use crate::services::contests::ContestInput;
use crate::state::AppState;

/// A change to a contest's setup (`PATCH /api/v1/contests/{slug}`): absent fields keep their
/// value. Times as at creation (RFC 3339, or local time in the site's time zone).
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[schema(example = json!({"title": "Illustrez nos guides horaires", "max_entries_per_participant": 5}))]
pub(crate) struct ContestPatch {
    #[serde(default)]
    #[schema(min_length = 1, max_length = 200)]
    #[schema(
        pattern = "^[^\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F-\\u009F]*[^\\s\\u0000-\\u001F\\u007F-\\u009F][^\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F-\\u009F]*$"
    )]
    pub title: Option<String>,
    #[serde(default)]
    #[schema(max_length = 5000)]
    #[schema(pattern = "^[^\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F-\\u009F]*$")]
    pub description: Option<String>,
    #[serde(default)]
    #[schema(format = DateTime)]
    pub submissions_open_at: Option<String>,
    #[serde(default)]
    #[schema(format = DateTime)]
    pub submissions_close_at: Option<String>,
    #[serde(default)]
    #[schema(format = DateTime)]
    pub vote_open_at: Option<String>,
    #[serde(default)]
    #[schema(format = DateTime)]
    pub vote_close_at: Option<String>,
    #[serde(default)]
    #[schema(format = DateTime)]
    pub jury_open_at: Option<String>,
    #[serde(default)]
    #[schema(format = DateTime)]
    pub jury_close_at: Option<String>,
    #[serde(default)]
    #[schema(format = DateTime)]
    pub results_at: Option<String>,
    /// The whole list of categories, in order: an item with the `id` of a category keeps it
    /// (renamed to `name`), an item without adds one; a category left out is removed, which is
    /// refused (`category_in_use`) while it holds entries.
    #[serde(default)]
    pub categories: Option<Vec<CategoryInput>>,
    /// The whole list of places (empty: the place is free text).
    #[serde(default)]
    #[schema(schema_with = crate::domain::text_schema::place_names_or_null)]
    pub places: Option<Vec<String>>,
    #[serde(default)]
    #[schema(minimum = 1, maximum = 1000)]
    pub max_entries_per_participant: Option<i64>,
    #[serde(default)]
    #[schema(minimum = 0, maximum = 21)]
    pub age_threshold: Option<i64>,
}

/// A category in a [`ContestPatch`].
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize, ToSchema)]
pub(crate) struct CategoryInput {
    /// An existing category of the contest; absent: a new one.
    #[serde(default)]
    pub id: Option<i64>,
    /// 1 to 80 characters; two categories never share a name.
    #[schema(min_length = 1, max_length = 80)]
    #[schema(
        pattern = "^[^\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F-\\u009F]*[^\\s\\u0000-\\u001F\\u007F-\\u009F][^\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F-\\u009F]*$"
    )]
    pub name: String,
}

/// A checked change: the contest's whole setup as it will be.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ContestSetup {
    pub title: String,
    pub description: String,
    pub schedule: Schedule,
    /// In order: (existing category, name).
    pub categories: Vec<(Option<i64>, String)>,
    pub places: Vec<String>,
    pub max_entries_per_participant: i64,
    pub age_threshold: i64,
}

impl ContestPatch {
    /// The contest's setup after this change, checked as a new contest would be.
    pub(crate) fn parse(
        &self,
        c: &ContestRow,
        categories: &[Category],
        places: &[String],
        tz: chrono_tz::Tz,
    ) -> Result<ContestSetup, Invalid> {
        let time = |new: &Option<String>, old: i64| new.clone().unwrap_or_else(|| clock::rfc3339(old));
        let wanted: Vec<(Option<i64>, String)> = match &self.categories {
            Some(list) => list.iter().map(|i| (i.id, i.name.clone())).collect(),
            None => categories.iter().map(|k| (Some(k.id), k.name.clone())).collect(),
        };
        let mut seen = HashSet::new();
        for id in wanted.iter().filter_map(|(id, _)| *id) {
            if !categories.iter().any(|k| k.id == id) {
                return Err(Invalid::new("category_not_found", format!("the contest has no category {id}")));
            }
            if !seen.insert(id) {
                return Err(Invalid::new("invalid_category", format!("the category {id} is listed twice")));
            }
        }
        let input = ContestInput {
            slug: Some(c.slug.clone()),
            title: self.title.clone().unwrap_or_else(|| c.title.clone()),
            description: self.description.clone().unwrap_or_else(|| c.description.clone()),
            rules: c.rules.clone(),
            submissions_open_at: time(&self.submissions_open_at, c.submissions_open_at),
            submissions_close_at: time(&self.submissions_close_at, c.submissions_close_at),
            vote_open_at: time(&self.vote_open_at, c.vote_open_at),
            vote_close_at: time(&self.vote_close_at, c.vote_close_at),
            jury_open_at: time(&self.jury_open_at, c.jury_open_at),
            jury_close_at: time(&self.jury_close_at, c.jury_close_at),
            results_at: time(&self.results_at, c.results_at),
            categories: wanted.iter().map(|(_, n)| n.clone()).collect(),
            places: self.places.clone().unwrap_or_else(|| places.to_vec()),
            max_entries_per_participant: Some(
                self.max_entries_per_participant.unwrap_or(c.max_entries_per_participant),
            ),
            age_threshold: Some(self.age_threshold.unwrap_or(c.age_threshold)),
            ..ContestInput::default()
        };
        let new = input.parse(tz)?;
        Ok(ContestSetup {
            title: new.title,
            description: new.description,
            schedule: new.schedule,
            categories: wanted.into_iter().map(|(id, _)| id).zip(new.categories).collect(),
            places: new.places,
            max_entries_per_participant: new.max_entries_per_participant,
            age_threshold: new.age_threshold,
        })
    }
}

/// The setup as the audit log and the API show it.
#[derive(Debug, Clone, PartialEq, Serialize)]
struct SetupRecord {
    title: String,
    description: String,
    submissions_open_at: String,
    submissions_close_at: String,
    vote_open_at: String,
    vote_close_at: String,
    jury_open_at: String,
    jury_close_at: String,
    results_at: String,
    categories: Vec<CategoryInput>,
    places: Vec<String>,
    max_entries_per_participant: i64,
    age_threshold: i64,
}

impl SetupRecord {
    fn of(s: &ContestSetup, ids: &[Option<i64>]) -> Self {
        let t = clock::rfc3339;
        SetupRecord {
            title: s.title.clone(),
            description: s.description.clone(),
            submissions_open_at: t(s.schedule.submissions.opens_at),
            submissions_close_at: t(s.schedule.submissions.closes_at),
            vote_open_at: t(s.schedule.vote.opens_at),
            vote_close_at: t(s.schedule.vote.closes_at),
            jury_open_at: t(s.schedule.jury.opens_at),
            jury_close_at: t(s.schedule.jury.closes_at),
            results_at: t(s.schedule.results_at),
            categories: s
                .categories
                .iter()
                .zip(ids)
                .map(|((_, name), id)| CategoryInput { id: *id, name: name.clone() })
                .collect(),
            places: s.places.clone(),
            max_entries_per_participant: s.max_entries_per_participant,
            age_threshold: s.age_threshold,
        }
    }

    /// The fields that differ, as `{field: [before, after]}`.
    fn diff(&self, after: &SetupRecord) -> serde_json::Map<String, serde_json::Value> {
        let (b, a) = (serde_json::to_value(self), serde_json::to_value(after));
        let (Ok(serde_json::Value::Object(b)), Ok(serde_json::Value::Object(a))) = (b, a) else {
            return serde_json::Map::new();
        };
        b.into_iter()
            .filter_map(|(k, before)| {
                let after = a.get(&k)?;
                (before != *after).then(|| (k, serde_json::json!({ "before": before, "after": after })))
            })
            .collect()
    }
}

/// The contest's setup now, as a [`ContestSetup`].
pub(crate) fn current(c: &ContestRow, categories: &[Category], places: &[String]) -> ContestSetup {
    ContestSetup {
        title: c.title.clone(),
        description: c.description.clone(),
        schedule: c.schedule(),
        categories: categories.iter().map(|k| (Some(k.id), k.name.clone())).collect(),
        places: places.to_vec(),
        max_entries_per_participant: c.max_entries_per_participant,
        age_threshold: c.age_threshold,
    }
}

/// Applies a change (admins): categories left out are removed unless they hold entries
/// (`category_in_use`, nothing changed), renamed and reordered; new ones added. Audited with the
/// fields before and after; returns the contest as it is now.
#[tracing::instrument(skip_all, fields(by = by.id, contest = c.id))]
pub(crate) async fn update(state: &AppState, by: &User, c: &ContestRow, patch: &ContestPatch) -> AppResult<ContestRow> {
    if !by.role.can(Capability::Administer) {
        return Err(AppError::forbidden());
    }
    let pool = state.db.pool();
    let categories = db::contests::categories(pool, c.id).await?;
    let places = db::contests::places(pool, c.id).await?;
    let setup = patch.parse(c, &categories, &places, state.settings.timezone)?;
    let before =
        SetupRecord::of(&current(c, &categories, &places), &categories.iter().map(|k| Some(k.id)).collect::<Vec<_>>());
    let now = clock::now();
    let mut tx = state.db.begin_write().await?;
    // Read again inside the write transaction: an entry may have arrived in a category since.
    let kept: HashSet<i64> = setup.categories.iter().filter_map(|(id, _)| *id).collect();
    for k in db::contests::categories(&mut *tx, c.id).await? {
        if kept.contains(&k.id) {
            continue;
        }
        let n = db::contests::count_entries_in_category(&mut *tx, k.id).await?;
        if n > 0 {
            return Err(AppError::conflict(
                "category_in_use",
                format!("the category `{}` holds {n} entries and cannot be removed; rename it instead", k.name),
            ));
        }
        db::contests::delete_category(&mut *tx, k.id).await?;
    }
    // Kept categories first take names no other can have, so that swapped names do not collide.
    for id in &kept {
        db::contests::update_category(&mut *tx, *id, &format!("\u{1}{id}"), -1).await?;
    }
    let mut ids = Vec::with_capacity(setup.categories.len());
    for (position, (id, name)) in setup.categories.iter().enumerate() {
        let position = position as i64;
        match id {
            Some(id) => {
                db::contests::update_category(&mut *tx, *id, name, position).await?;
                ids.push(Some(*id));
            }
            None => ids.push(Some(db::contests::insert_category(&mut *tx, c.id, name, position).await?)),
        }
    }
    if setup.places != places {
        db::contests::delete_places(&mut *tx, c.id).await?;
        for (i, name) in setup.places.iter().enumerate() {
            db::contests::insert_place(&mut *tx, c.id, name, i as i64).await?;
        }
    }
    let row = db::contests::ContestSetupRow {
        title: &setup.title,
        description: &setup.description,
        schedule: &setup.schedule,
        max_entries_per_participant: setup.max_entries_per_participant,
        age_threshold: setup.age_threshold,
    };
    db::contests::update_setup(&mut *tx, c.id, &row).await?;
    let changes = before.diff(&SetupRecord::of(&setup, &ids));
    if !changes.is_empty() {
        db::audit::record(
            &mut tx,
            Some(by.id),
            "contest.update",
            &format!("contest:{}", c.id),
            &serde_json::Value::Object(changes),
            now,
        )
        .await?;
    }
    tx.commit().await?;
    // Votes and uploads read the contest from a short-lived copy: this instance forgets it now.
    state.lookups.contests.remove(&c.id);
    db::contests::find(pool, c.id).await?.ok_or_else(|| AppError::internal(anyhow::anyhow!("contest vanished")))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row() -> ContestRow {
        let t = |s: &str| clock::parse_rfc3339(s).unwrap();
        ContestRow {
            id: 1,
            slug: "guides".into(),
            title: "Guides".into(),
            description: String::new(),
            rules: "Règlement".into(),
            rules_version: 1,
            submissions_open_at: t("2027-01-01T00:00:00Z"),
            submissions_close_at: t("2027-01-15T00:00:00Z"),
            vote_open_at: t("2027-01-01T00:00:00Z"),
            vote_close_at: t("2027-01-20T00:00:00Z"),
            jury_open_at: t("2027-01-20T00:00:00Z"),
            jury_close_at: t("2027-01-25T00:00:00Z"),
            results_at: t("2027-01-26T00:00:00Z"),
            created_at: 0,
            max_entries_per_participant: 10,
            age_threshold: 15,
            public_vote_counts: 0,
            vote_rule: "per_entry".into(),
            votes_per_voter: 1,
            suspicion_window_secs: 0,
            suspicion_network_votes: 0,
            suspicion_new_account_votes: 0,
            suspicion_agent_votes: 0,
            theme_accent: None,
            theme_header: None,
            logo_key: None,
            hero_key: None,
            jury_weight: 0.5,
            public_weight: 0.5,
            tie_breaks: String::new(),
            retention_days: None,
            retention_done_at: None,
        }
    }

    fn cats() -> Vec<Category> {
        vec![Category { id: 7, name: "Tram".into() }, Category { id: 8, name: "Bus".into() }]
    }

    #[test]
    fn an_empty_change_keeps_everything() {
        let c = row();
        let s = ContestPatch::default().parse(&c, &cats(), &[], chrono_tz::UTC).unwrap();
        assert_eq!(s, current(&c, &cats(), &[]));
    }

    #[test]
    fn categories_are_kept_renamed_added_and_checked_like_at_creation() {
        let c = row();
        let patch = ContestPatch {
            categories: Some(vec![
                CategoryInput { id: Some(8), name: " Bus de nuit ".into() },
                CategoryInput { id: None, name: "Vélo".into() },
            ]),
            ..Default::default()
        };
        let s = patch.parse(&c, &cats(), &[], chrono_tz::UTC).unwrap();
        assert_eq!(s.categories, vec![(Some(8), "Bus de nuit".to_string()), (None, "Vélo".to_string())]);
        let unknown = ContestPatch {
            categories: Some(vec![CategoryInput { id: Some(99), name: "X".into() }]),
            ..Default::default()
        };
        assert_eq!(unknown.parse(&c, &cats(), &[], chrono_tz::UTC).unwrap_err().code, "category_not_found");
        let twice = ContestPatch {
            categories: Some(vec![
                CategoryInput { id: Some(7), name: "Tram".into() },
                CategoryInput { id: None, name: "Tram".into() },
            ]),
            ..Default::default()
        };
        assert_eq!(twice.parse(&c, &cats(), &[], chrono_tz::UTC).unwrap_err().code, "invalid_category");
    }

    #[test]
    fn phases_stay_in_order_and_quotas_in_bounds() {
        let c = row();
        let early = ContestPatch { results_at: Some("2027-01-02T00:00:00Z".into()), ..Default::default() };
        assert_eq!(early.parse(&c, &cats(), &[], chrono_tz::UTC).unwrap_err().code, "invalid_schedule");
        let quota = ContestPatch { max_entries_per_participant: Some(0), ..Default::default() };
        assert_eq!(quota.parse(&c, &cats(), &[], chrono_tz::UTC).unwrap_err().code, "invalid_quota");
        let local = ContestPatch { vote_close_at: Some("2027-01-21T10:00".into()), ..Default::default() };
        let s = local.parse(&c, &cats(), &[], chrono_tz::Europe::Paris).unwrap();
        assert_eq!(s.schedule.vote.closes_at, clock::parse_rfc3339("2027-01-21T09:00:00Z").unwrap());
    }
}
