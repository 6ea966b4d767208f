//! The consent record of each entry: what its author declared, under which rules, for which file.

use sqlx::AnyExecutor;

use serde::Serialize;
use utoipa::ToSchema;

use crate::clock;
use crate::domain::consent::{Consent, People, RightSpec, Rights};

#[derive(Debug, Clone, sqlx::FromRow)]
pub(crate) struct ConsentRow {
    pub rules_version: i64,
    pub original_hash: String,
    pub accepted_at: i64,
    /// JSON of the rights granted (`Rights::to_json`).
    pub rights: String,
    pub people: String,
    pub minor: i64,
    pub guardian_name: Option<String>,
}

pub(crate) async fn insert(
    ex: impl AnyExecutor<'_>,
    entry_id: i64,
    consent: &Consent,
    rules_version: i64,
    original_hash: &str,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO entry_consents (entry_id, rules_version, original_hash, accepted_at, rights, people, minor, guardian_name) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(entry_id)
    .bind(rules_version)
    .bind(original_hash)
    .bind(now)
    .bind(consent.rights().to_json())
    .bind(consent.people().code())
    .bind(i64::from(consent.guardian().is_some()))
    .bind(consent.guardian())
    .execute(ex)
    .await?;
    Ok(())
}

pub(crate) async fn find(ex: impl AnyExecutor<'_>, entry_id: i64) -> Result<Option<ConsentRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT entry_id, rules_version, original_hash, accepted_at, rights, people, minor, guardian_name \
         FROM entry_consents WHERE entry_id = $1",
    )
    .bind(entry_id)
    .fetch_optional(ex)
    .await
}

/// The newest consent `participant` gave in `contest` under `rules_version` (for the form to
/// offer it again, one tap to re-confirm), if any.
pub(crate) async fn latest_of(
    ex: impl AnyExecutor<'_>,
    participant: i64,
    contest: i64,
    rules_version: i64,
) -> Result<Option<ConsentRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT c.entry_id, c.rules_version, c.original_hash, c.accepted_at, c.rights, c.people, c.minor, c.guardian_name \
         FROM entry_consents c JOIN entries e ON e.id = c.entry_id \
         WHERE e.participant_id = $1 AND e.contest_id = $2 AND c.rules_version = $3 \
         ORDER BY c.accepted_at DESC, c.entry_id DESC LIMIT 1",
    )
    .bind(participant)
    .bind(contest)
    .bind(rules_version)
    .fetch_optional(ex)
    .await
}

/// An entry's consent record as its author and staff see it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub(crate) struct ConsentView {
    /// The version of the contest rules accepted.
    pub rules_version: i64,
    pub accepted_at: String,
    /// blake3 of the original the consent covers.
    pub original_hash: String,
    /// The rights granted, as the rules worded them.
    pub rights: Vec<RightSpec>,
    pub people: People,
    /// The author was under the contest's age threshold; `guardian_name` consented.
    pub minor: bool,
    pub guardian_name: Option<String>,
}

impl ConsentRow {
    pub(crate) fn view(&self) -> ConsentView {
        ConsentView {
            rules_version: self.rules_version,
            accepted_at: clock::rfc3339(self.accepted_at),
            original_hash: self.original_hash.clone(),
            rights: Rights::from_json(&self.rights).map(|r| r.specs().to_vec()).unwrap_or_default(),
            people: People::from_code(&self.people).unwrap_or(People::None),
            minor: self.minor != 0,
            guardian_name: self.guardian_name.clone(),
        }
    }
}
