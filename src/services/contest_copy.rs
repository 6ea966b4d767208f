//! A new edition of a contest: the previous one's rules and rights, categories, places, jury
//! criteria, cover slots with their mockups, voting and results settings, look and retention,
//! under a new address, title and dates — with no entry, vote, round, winner or report.

use crate::clock;
use crate::db::{self, contests::ContestRow, users::User};
use crate::domain::jury::round::CriterionSpec;
use crate::domain::role::Capability;
use crate::domain::slug::Slug;
use crate::error::{AppError, AppResult};
use crate::services::contests::{NewContest, slug_taken};
use crate::state::AppState;

/// Makes the new edition (admins; audited `contest.copy`). Of `new`, only its address, title and
/// dates are read: everything else comes from `from`.
#[tracing::instrument(skip_all, fields(by = by.id, from = from.id))]
pub(crate) async fn copy(state: &AppState, by: &User, from: &ContestRow, new: &NewContest) -> AppResult<ContestRow> {
    if !by.role.can(Capability::Administer) {
        return Err(AppError::forbidden());
    }
    let pool = state.db.pool();
    let rules = db::contests::rules(pool, from.id, from.rules_version).await?.ok_or_else(|| {
        AppError::internal(anyhow::anyhow!("contest {} has no rules version {}", from.id, from.rules_version))
    })?;
    let categories = db::contests::categories(pool, from.id).await?;
    let places = db::contests::places(pool, from.id).await?;
    let criteria: Vec<CriterionSpec> = db::criteria::of_contest(pool, from.id)
        .await?
        .into_iter()
        .map(|c| CriterionSpec { name: c.name, weight: c.weight, description: c.description })
        .collect();
    let slots = db::covers::list(pool, from.id).await?;
    let now = clock::now();
    let mut tx = state.db.begin_write().await?;
    let row = db::contests::NewContestRow {
        slug: &new.slug,
        title: &new.title,
        description: &from.description,
        rules: &rules.body,
        schedule: &new.schedule,
        max_entries_per_participant: from.max_entries_per_participant,
        age_threshold: from.age_threshold,
        now,
    };
    let id = db::contests::insert(&mut *tx, &row).await.map_err(|e| slug_taken(e, &new.slug))?;
    // The rules as they stand, with their rights, are the new edition's first version.
    db::contests::insert_rules(&mut *tx, id, 1, &rules.body, &rules.rights, now).await?;
    db::contests::copy_settings(&mut *tx, from.id, id).await?;
    for (i, c) in categories.iter().enumerate() {
        db::contests::insert_category(&mut *tx, id, &c.name, i as i64).await?;
    }
    for (i, p) in places.iter().enumerate() {
        db::contests::insert_place(&mut *tx, id, p, i as i64).await?;
    }
    db::criteria::replace(&mut tx, id, &criteria).await?;
    for s in &slots {
        let slug = Slug::parse(&s.slug)?;
        let slot = db::covers::insert(&mut *tx, id, &slug, &s.name, &s.spec()).await?;
        if let Some(mockup) = s.mockup_hash.as_deref() {
            db::covers::set_mockup(&mut *tx, slot, Some(mockup), s.safe_margin_mm, None).await?;
        }
    }
    let detail = serde_json::json!({ "from": from.id, "slug": new.slug.as_str(), "title": new.title });
    db::audit::record(&mut tx, Some(by.id), "contest.copy", &format!("contest:{id}"), &detail, now).await?;
    tx.commit().await?;
    db::contests::find(pool, id).await?.ok_or_else(|| AppError::internal(anyhow::anyhow!("contest vanished")))
}
