//! A participant's own data, on request: a zip holding `my-data.json` (the account, every entry
//! with its status, consent and files, every vote cast) and the originals of their entries.

use std::collections::HashMap;
use std::collections::hash_map::Entry;

use axum::body::Body;
use serde_json::json;

use super::{extension_of, stream_zip};
use crate::clock;
use crate::db::{self, users::User};
use crate::domain::hash::Blake3Hash;
use crate::error::AppResult;
use crate::state::AppState;

pub(crate) async fn my_data_zip(state: &AppState, user: &User) -> AppResult<Body> {
    let pool = state.db.pool();
    let rows = db::entries::of_participant(pool, user.id).await?;
    let mut entries = Vec::with_capacity(rows.len());
    let mut originals = Vec::new();
    let mut slugs: HashMap<i64, Option<String>> = HashMap::new();
    for e in &rows {
        if let Entry::Vacant(slot) = slugs.entry(e.contest_id) {
            slot.insert(db::contests::find(pool, e.contest_id).await?.map(|c| c.slug));
        }
        let file = format!("originals/entry-{}.{}", e.id, extension_of(&e.original_format));
        // The same photo sent to two contests is stored once: include it once.
        if !originals.iter().any(|(_, h): &(String, Blake3Hash)| h.as_str() == e.original_hash) {
            originals.push((file.clone(), Blake3Hash::parse(&e.original_hash)?));
        }
        entries.push(json!({
            "id": e.id,
            "contest": slugs[&e.contest_id],
            "title": e.title,
            "description": e.description,
            "status": e.status,
            "rejection_reason": e.rejection_reason,
            "width": e.width,
            "height": e.height,
            "original": { "file": file, "blake3": e.original_hash, "bytes": e.original_size, "format": e.original_format },
            "consent": match db::consents::find(pool, e.id).await? {
                Some(c) => serde_json::to_value(c.view()).map_err(crate::error::AppError::internal)?,
                None => json!({ "accepted_at": clock::rfc3339(e.consent_at), "rules_version": e.consent_rules_version }),
            },
            "sent_at": clock::rfc3339(e.created_at),
        }));
    }
    let votes: Vec<_> = db::votes::of_voter(pool, user.id)
        .await?
        .into_iter()
        .map(|(entry_id, at)| json!({ "entry": entry_id, "at": clock::rfc3339(at) }))
        .collect();
    let data = json!({
        "account": { "id": user.id, "email": user.email, "display_name": user.display_name, "role": user.role },
        "entries": entries,
        "votes": votes,
        "exported_at": clock::rfc3339(clock::now()),
    });
    let json = serde_json::to_vec_pretty(&data).map_err(crate::error::AppError::internal)?;
    tracing::info!(user = user.id, entries = rows.len(), "personal data exported");
    Ok(stream_zip(state, vec![("my-data.json".into(), json)], originals, "personal data export"))
}
