//! Contests and their categories.

pub(crate) mod vote_log;

use sqlx::AnyExecutor;

use crate::domain::schedule::{Schedule, Window};
use crate::domain::slug::Slug;
use crate::domain::theme::Theme;
use crate::domain::voting::{Suspicion, VoteRule};

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ContestRow {
    pub id: i64,
    pub slug: String,
    pub title: String,
    /// Its introduction on the public page (may be empty).
    pub description: String,
    pub rules: String,
    pub rules_version: i64,
    pub submissions_open_at: i64,
    pub submissions_close_at: i64,
    pub vote_open_at: i64,
    pub vote_close_at: i64,
    pub jury_open_at: i64,
    pub jury_close_at: i64,
    pub results_at: i64,
    pub created_at: i64,
    /// Live entries (processing, awaiting moderation, approved) one participant may have.
    pub max_entries_per_participant: i64,
    /// Below this age, a parent or guardian consents for the participant.
    pub age_threshold: i64,
    /// Non-zero: vote counts (and the "most voted" order) are public before the results.
    pub public_vote_counts: i64,
    /// `per_entry`, `per_contest` or `per_day` (see [`VoteRule`]).
    pub vote_rule: String,
    pub votes_per_voter: i64,
    pub suspicion_window_secs: i64,
    pub suspicion_network_votes: i64,
    pub suspicion_new_account_votes: i64,
    pub suspicion_agent_votes: i64,
    /// `#rrggbb` colours (see [`Theme`]).
    pub theme_accent: Option<String>,
    pub theme_header: Option<String>,
    /// The contest's logo in the blob store (a public PNG).
    pub logo_key: Option<String>,
    /// The image at the top of its page, chosen by staff (a public JPEG).
    pub hero_key: Option<String>,
    /// How the final ranking mixes jury and public (weights summing to 1), and its tie-breaks
    /// in order (comma-separated).
    pub jury_weight: f64,
    pub public_weight: f64,
    pub tie_breaks: String,
    /// Days its personal data is kept after it ends (`None`: until staff decide); see
    /// [`crate::domain::retention`].
    pub retention_days: Option<i64>,
    /// When its personal data was last purged.
    pub retention_done_at: Option<i64>,
}

impl ContestRow {
    /// The stored timetable (validated when it was written).
    pub fn schedule(&self) -> Schedule {
        Schedule {
            submissions: Window { opens_at: self.submissions_open_at, closes_at: self.submissions_close_at },
            vote: Window { opens_at: self.vote_open_at, closes_at: self.vote_close_at },
            jury: Window { opens_at: self.jury_open_at, closes_at: self.jury_close_at },
            results_at: self.results_at,
        }
    }

    /// The stored voting rule.
    pub fn vote_rule(&self) -> VoteRule {
        VoteRule::from_stored(&self.vote_rule, self.votes_per_voter)
    }

    /// The stored colours.
    pub fn theme(&self) -> Theme {
        Theme::from_stored(self.theme_accent.as_deref(), self.theme_header.as_deref())
    }

    /// The stored suspicious-vote thresholds.
    pub fn suspicion(&self) -> Suspicion {
        Suspicion {
            window_secs: self.suspicion_window_secs,
            network_votes: self.suspicion_network_votes,
            new_account_votes: self.suspicion_new_account_votes,
            agent_votes: self.suspicion_agent_votes,
        }
    }
}

#[derive(Debug, Clone, sqlx::FromRow, PartialEq, Eq)]
pub struct Category {
    pub id: i64,
    pub name: String,
}

const COLUMNS: &str = "id, slug, title, description, rules, rules_version, submissions_open_at, submissions_close_at, vote_open_at, vote_close_at, \
                       jury_open_at, jury_close_at, results_at, created_at, max_entries_per_participant, age_threshold, public_vote_counts, \
                       vote_rule, votes_per_voter, suspicion_window_secs, suspicion_network_votes, \
                       suspicion_new_account_votes, suspicion_agent_votes, theme_accent, theme_header, logo_key, hero_key, \
                       jury_weight, public_weight, tie_breaks, retention_days, retention_done_at";

/// What a new contest's row holds.
pub(crate) struct NewContestRow<'a> {
    pub slug: &'a Slug,
    pub title: &'a str,
    pub description: &'a str,
    pub rules: &'a str,
    pub schedule: &'a Schedule,
    pub max_entries_per_participant: i64,
    pub age_threshold: i64,
    pub now: i64,
}

pub(crate) async fn insert(ex: impl AnyExecutor<'_>, c: &NewContestRow<'_>) -> Result<i64, sqlx::Error> {
    let s = c.schedule;
    sqlx::query_scalar(
        "INSERT INTO contests (slug, title, rules, submissions_open_at, submissions_close_at, vote_open_at, vote_close_at, \
         jury_open_at, jury_close_at, results_at, created_at, max_entries_per_participant, age_threshold, description) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) RETURNING id",
    )
    .bind(c.slug.as_str())
    .bind(c.title)
    .bind(c.rules)
    .bind(s.submissions.opens_at)
    .bind(s.submissions.closes_at)
    .bind(s.vote.opens_at)
    .bind(s.vote.closes_at)
    .bind(s.jury.opens_at)
    .bind(s.jury.closes_at)
    .bind(s.results_at)
    .bind(c.now)
    .bind(c.max_entries_per_participant)
    .bind(c.age_threshold)
    .bind(c.description)
    .fetch_one(ex)
    .await
}

/// What staff may change of a contest after its creation (the setup form).
pub(crate) struct ContestSetupRow<'a> {
    pub title: &'a str,
    pub description: &'a str,
    pub schedule: &'a Schedule,
    pub max_entries_per_participant: i64,
    pub age_threshold: i64,
}

pub(crate) async fn update_setup(
    ex: impl AnyExecutor<'_>,
    contest_id: i64,
    c: &ContestSetupRow<'_>,
) -> Result<(), sqlx::Error> {
    let s = c.schedule;
    sqlx::query(
        "UPDATE contests SET title = $2, description = $3, submissions_open_at = $4, submissions_close_at = $5, \
         vote_open_at = $6, vote_close_at = $7, jury_open_at = $8, jury_close_at = $9, results_at = $10, \
         max_entries_per_participant = $11, age_threshold = $12 WHERE id = $1",
    )
    .bind(contest_id)
    .bind(c.title)
    .bind(c.description)
    .bind(s.submissions.opens_at)
    .bind(s.submissions.closes_at)
    .bind(s.vote.opens_at)
    .bind(s.vote.closes_at)
    .bind(s.jury.opens_at)
    .bind(s.jury.closes_at)
    .bind(s.results_at)
    .bind(c.max_entries_per_participant)
    .bind(c.age_threshold)
    .execute(ex)
    .await?;
    Ok(())
}

/// How a contest votes: its rule, whether counts are public before the results, and its
/// suspicious-vote thresholds.
pub(crate) struct VotingSettings {
    pub rule: VoteRule,
    pub public_vote_counts: bool,
    pub suspicion: Suspicion,
}

pub(crate) async fn set_voting(
    ex: impl AnyExecutor<'_>,
    contest_id: i64,
    v: &VotingSettings,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE contests SET vote_rule = $2, votes_per_voter = $3, public_vote_counts = $4, suspicion_window_secs = $5, \
         suspicion_network_votes = $6, suspicion_new_account_votes = $7, suspicion_agent_votes = $8 WHERE id = $1",
    )
    .bind(contest_id)
    .bind(v.rule.as_str())
    .bind(v.rule.budget().unwrap_or(1))
    .bind(i64::from(v.public_vote_counts))
    .bind(v.suspicion.window_secs)
    .bind(v.suspicion.network_votes)
    .bind(v.suspicion.new_account_votes)
    .bind(v.suspicion.agent_votes)
    .execute(ex)
    .await?;
    Ok(())
}

pub(crate) async fn set_results_settings(
    ex: impl AnyExecutor<'_>,
    contest_id: i64,
    jury_weight: f64,
    public_weight: f64,
    tie_breaks: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE contests SET jury_weight = $2, public_weight = $3, tie_breaks = $4 WHERE id = $1")
        .bind(contest_id)
        .bind(jury_weight)
        .bind(public_weight)
        .bind(tie_breaks)
        .execute(ex)
        .await?;
    Ok(())
}

/// Sets how long the contest keeps personal data after it ends (`None`: until staff decide).
pub(crate) async fn set_retention(
    ex: impl AnyExecutor<'_>,
    contest_id: i64,
    days: Option<i64>,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE contests SET retention_days = $2 WHERE id = $1")
        .bind(contest_id)
        .bind(days)
        .execute(ex)
        .await?;
    Ok(())
}

/// Records that the contest's personal data was purged.
pub(crate) async fn set_retention_done(ex: impl AnyExecutor<'_>, contest_id: i64, now: i64) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE contests SET retention_done_at = $2 WHERE id = $1")
        .bind(contest_id)
        .bind(now)
        .execute(ex)
        .await?;
    Ok(())
}

pub(crate) async fn set_theme(ex: impl AnyExecutor<'_>, contest_id: i64, theme: &Theme) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE contests SET theme_accent = $2, theme_header = $3 WHERE id = $1")
        .bind(contest_id)
        .bind(theme.accent.map(|c| c.to_string()))
        .bind(theme.header.map(|c| c.to_string()))
        .execute(ex)
        .await?;
    Ok(())
}

pub(crate) async fn set_logo(ex: impl AnyExecutor<'_>, contest_id: i64, key: Option<&str>) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE contests SET logo_key = $2 WHERE id = $1").bind(contest_id).bind(key).execute(ex).await?;
    Ok(())
}

pub(crate) async fn set_hero(ex: impl AnyExecutor<'_>, contest_id: i64, key: Option<&str>) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE contests SET hero_key = $2 WHERE id = $1").bind(contest_id).bind(key).execute(ex).await?;
    Ok(())
}

/// Every contest logo's and hero image's key (the blob sweep keeps them).
pub(crate) async fn logo_keys(ex: impl AnyExecutor<'_>) -> Result<Vec<String>, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT logo_key FROM contests WHERE logo_key IS NOT NULL \
         UNION ALL SELECT hero_key FROM contests WHERE hero_key IS NOT NULL",
    )
    .fetch_all(ex)
    .await
}

pub(crate) async fn insert_category(
    ex: impl AnyExecutor<'_>,
    contest_id: i64,
    name: &str,
    position: i64,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("INSERT INTO categories (contest_id, name, position) VALUES ($1, $2, $3) RETURNING id")
        .bind(contest_id)
        .bind(name)
        .bind(position)
        .fetch_one(ex)
        .await
}

/// Renames a category and moves it to `position`.
pub(crate) async fn update_category(
    ex: impl AnyExecutor<'_>,
    category_id: i64,
    name: &str,
    position: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE categories SET name = $2, position = $3 WHERE id = $1")
        .bind(category_id)
        .bind(name)
        .bind(position)
        .execute(ex)
        .await?;
    Ok(())
}

/// Removes a category (the caller checked it holds no entry).
pub(crate) async fn delete_category(ex: impl AnyExecutor<'_>, category_id: i64) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM categories WHERE id = $1").bind(category_id).execute(ex).await?;
    Ok(())
}

/// How many entries (any status) a category holds.
pub(crate) async fn count_entries_in_category(ex: impl AnyExecutor<'_>, category_id: i64) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("SELECT COUNT(*) FROM entries WHERE category_id = $1").bind(category_id).fetch_one(ex).await
}

/// Removes every place of a contest (before writing the new list).
pub(crate) async fn delete_places(ex: impl AnyExecutor<'_>, contest_id: i64) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM contest_places WHERE contest_id = $1").bind(contest_id).execute(ex).await?;
    Ok(())
}

pub async fn find_by_slug(ex: impl AnyExecutor<'_>, slug: &str) -> Result<Option<ContestRow>, sqlx::Error> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!("SELECT {COLUMNS} FROM contests WHERE slug = $1")))
        .bind(slug)
        .fetch_optional(ex)
        .await
}

pub(crate) async fn find(ex: impl AnyExecutor<'_>, id: i64) -> Result<Option<ContestRow>, sqlx::Error> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!("SELECT {COLUMNS} FROM contests WHERE id = $1")))
        .bind(id)
        .fetch_optional(ex)
        .await
}

pub(crate) async fn list(ex: impl AnyExecutor<'_>) -> Result<Vec<ContestRow>, sqlx::Error> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM contests ORDER BY submissions_open_at DESC, id DESC"
    )))
    .fetch_all(ex)
    .await
}

pub(crate) async fn count(ex: impl AnyExecutor<'_>) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("SELECT COUNT(*) FROM contests").fetch_one(ex).await
}

pub async fn categories(ex: impl AnyExecutor<'_>, contest_id: i64) -> Result<Vec<Category>, sqlx::Error> {
    sqlx::query_as("SELECT id, name FROM categories WHERE contest_id = $1 ORDER BY position, id")
        .bind(contest_id)
        .fetch_all(ex)
        .await
}

pub(crate) async fn insert_place(
    ex: impl AnyExecutor<'_>,
    contest_id: i64,
    name: &str,
    position: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT INTO contest_places (contest_id, name, position) VALUES ($1, $2, $3)")
        .bind(contest_id)
        .bind(name)
        .bind(position)
        .execute(ex)
        .await?;
    Ok(())
}

/// The places a contest lists for entries, in order (empty: the place is free text).
pub(crate) async fn places(ex: impl AnyExecutor<'_>, contest_id: i64) -> Result<Vec<String>, sqlx::Error> {
    sqlx::query_scalar("SELECT name FROM contest_places WHERE contest_id = $1 ORDER BY position, name")
        .bind(contest_id)
        .fetch_all(ex)
        .await
}

/// One published version of a contest's rules.
#[derive(Debug, Clone, sqlx::FromRow)]
pub(crate) struct RulesRow {
    pub version: i64,
    pub body: String,
    /// JSON written by `Rights::to_json`.
    pub rights: String,
    pub published_at: i64,
}

/// Records version `version` of a contest's rules (the first one, at creation).
pub(crate) async fn insert_rules(
    ex: impl AnyExecutor<'_>,
    contest_id: i64,
    version: i64,
    body: &str,
    rights_json: &str,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO contest_rules (contest_id, version, body, rights, published_at) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(contest_id)
    .bind(version)
    .bind(body)
    .bind(rights_json)
    .bind(now)
    .execute(ex)
    .await?;
    Ok(())
}

/// Makes `body` the contest's current rules under the next version number; returns it.
pub(crate) async fn bump_rules(ex: impl AnyExecutor<'_>, contest_id: i64, body: &str) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "UPDATE contests SET rules = $2, rules_version = rules_version + 1 WHERE id = $1 RETURNING rules_version",
    )
    .bind(contest_id)
    .bind(body)
    .fetch_one(ex)
    .await
}

pub(crate) async fn rules(
    ex: impl AnyExecutor<'_>,
    contest_id: i64,
    version: i64,
) -> Result<Option<RulesRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT version, body, rights, published_at FROM contest_rules WHERE contest_id = $1 AND version = $2",
    )
    .bind(contest_id)
    .bind(version)
    .fetch_optional(ex)
    .await
}

/// Every version of a contest's rules, newest first.
pub(crate) async fn rules_history(ex: impl AnyExecutor<'_>, contest_id: i64) -> Result<Vec<RulesRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT version, body, rights, published_at FROM contest_rules WHERE contest_id = $1 ORDER BY version DESC",
    )
    .bind(contest_id)
    .fetch_all(ex)
    .await
}

/// Gives contest `to` the settings of contest `from`: voting and its suspicion thresholds, the
/// results' weights and tie-breaks, retention, the look (colours, logo, top image: blobs are
/// content-addressed and kept by the sweep while any contest names them) and the one-cover rule.
pub(crate) async fn copy_settings(ex: impl AnyExecutor<'_>, from: i64, to: i64) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE contests SET (vote_rule, votes_per_voter, public_vote_counts, suspicion_window_secs, \
         suspicion_network_votes, suspicion_new_account_votes, suspicion_agent_votes, jury_weight, public_weight, \
         tie_breaks, retention_days, theme_accent, theme_header, logo_key, hero_key, one_cover_per_author) = \
         (SELECT vote_rule, votes_per_voter, public_vote_counts, suspicion_window_secs, suspicion_network_votes, \
         suspicion_new_account_votes, suspicion_agent_votes, jury_weight, public_weight, tie_breaks, retention_days, \
         theme_accent, theme_header, logo_key, hero_key, one_cover_per_author FROM contests WHERE id = $1) \
         WHERE id = $2",
    )
    .bind(from)
    .bind(to)
    .execute(ex)
    .await?;
    Ok(())
}
