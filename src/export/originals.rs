//! The originals of a contest's approved (or shortlisted) photos, for the communication team: a
//! zip streamed as it is built, each original exactly as its author sent it, and `manifest.csv`
//! saying for each photo its credit and which uses its author granted (a column per use, and
//! each right with its extent): a photo may be used only as its row allows. Photos hidden after a
//! report, and those whose files retention deleted, are left out.

use axum::body::Body;

use super::{StoredFile, extension_of, rights_line, stream_package};
use crate::clock;
use crate::db::{self, consents::ConsentView, contests::ContestRow, users::User};
use crate::domain::consent::Use;
use crate::domain::hash::Blake3Hash;
use crate::domain::role::Capability;
use crate::error::{AppError, AppResult};
use crate::i18n::Lang;
use crate::state::AppState;
use crate::storage::BlobKey;

/// Which photos.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Selection {
    /// Every public photo.
    Approved,
    /// Those on a jury round's shortlist.
    Shortlisted,
}

impl Selection {
    pub(crate) fn parse(raw: Option<&str>) -> Result<Selection, crate::domain::Invalid> {
        match raw.map(str::trim).unwrap_or("") {
            "" | "approved" => Ok(Selection::Approved),
            "shortlisted" => Ok(Selection::Shortlisted),
            _ => Err(crate::domain::Invalid::new("invalid_selection", "set is approved or shortlisted")),
        }
    }

    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Selection::Approved => "approved",
            Selection::Shortlisted => "shortlisted",
        }
    }
}

/// One photo of the package.
struct Line {
    entry: i64,
    title: String,
    category: String,
    place: String,
    credit: String,
    credit_chosen: bool,
    file: String,
    blake3: String,
    width: Option<i64>,
    height: Option<i64>,
    consent_at: i64,
    consent: Option<ConsentView>,
}

/// Collects the photos, then streams the zip (admins).
pub(crate) async fn originals_zip(
    state: &AppState,
    by: &User,
    contest: &ContestRow,
    selection: Selection,
) -> AppResult<Body> {
    if !by.role.can(Capability::Administer) {
        return Err(AppError::forbidden());
    }
    let pool = state.db.pool();
    let mut entries: Vec<_> = db::entries::approved(pool, contest.id)
        .await?
        .into_iter()
        .filter(|e| e.hidden_at.is_none() && e.purged_at.is_none())
        .collect();
    if selection == Selection::Shortlisted {
        let ids: Vec<i64> = entries.iter().map(|e| e.id).collect();
        let kept = db::rounds::shortlisted_among(pool, &ids).await?;
        entries.retain(|e| kept.contains(&e.id));
    }
    let categories = db::contests::categories(pool, contest.id).await?;
    let mut authors: Vec<i64> = entries.iter().map(|e| e.participant_id).collect();
    authors.sort_unstable();
    authors.dedup();
    let authors = db::users::find_many(pool, &authors).await?;
    let mut lines = Vec::with_capacity(entries.len());
    let mut stored = Vec::with_capacity(entries.len());
    for e in &entries {
        let hash = Blake3Hash::parse(&e.original_hash)?;
        let file = format!("originals/entry-{}.{}", e.id, extension_of(&e.original_format));
        stored.push(StoredFile { name: file.clone(), key: BlobKey::original(&hash), hash });
        let author = authors.iter().find(|u| u.id == e.participant_id);
        let credit = author.and_then(|a| a.credit_name());
        lines.push(Line {
            entry: e.id,
            title: e.title.clone(),
            category: e
                .category_id
                .and_then(|c| categories.iter().find(|k| k.id == c))
                .map(|c| c.name.clone())
                .unwrap_or_default(),
            place: e.place.clone().unwrap_or_default(),
            credit_chosen: credit.is_some(),
            credit: credit.unwrap_or_else(|| by.lang.t("credit-anonymous")),
            file,
            blake3: e.original_hash.clone(),
            width: e.width,
            height: e.height,
            consent_at: e.consent_at,
            consent: db::consents::find(pool, e.id).await?.map(|c| c.view()),
        });
    }
    let csv = manifest_csv(&lines).map_err(AppError::internal)?;
    let readme = readme(contest, selection, lines.len());
    tracing::info!(contest = %contest.slug, photos = lines.len(), set = selection.as_str(), by = by.id, "originals export");
    Ok(stream_package(
        state,
        vec![("README.txt".into(), readme.into_bytes()), ("manifest.csv".into(), csv)],
        stored,
        "originals export",
    ))
}

fn manifest_csv(lines: &[Line]) -> anyhow::Result<Vec<u8>> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let mut header: Vec<String> = [
        "entry",
        "title",
        "category",
        "place",
        "credit",
        "credit_chosen",
        "file",
        "blake3",
        "width",
        "height",
        "consent_at",
        "rules_version",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    header.extend(Use::ALL.iter().map(|u| format!("may_{}", u.code())));
    header.extend(["rights", "people", "guardian"].iter().map(|s| s.to_string()));
    w.write_record(&header)?;
    for l in lines {
        let consent = l.consent.as_ref();
        let mut row = vec![
            l.entry.to_string(),
            l.title.clone(),
            l.category.clone(),
            l.place.clone(),
            l.credit.clone(),
            if l.credit_chosen { "yes" } else { "no" }.to_string(),
            l.file.clone(),
            l.blake3.clone(),
            l.width.map(|w| w.to_string()).unwrap_or_default(),
            l.height.map(|h| h.to_string()).unwrap_or_default(),
            clock::rfc3339(l.consent_at),
            consent.map(|c| c.rules_version.to_string()).unwrap_or_default(),
        ];
        for u in Use::ALL {
            let granted = consent.is_some_and(|c| c.rights.iter().any(|r| r.use_ == u));
            row.push(if granted { "yes" } else { "no" }.to_string());
        }
        row.push(rights_line(consent));
        row.push(consent.map(|c| c.people.code()).unwrap_or_default().to_string());
        row.push(consent.and_then(|c| c.guardian_name.clone()).unwrap_or_default());
        w.write_record(&row)?;
    }
    Ok(w.into_inner()?)
}

/// What the package holds and the rule that goes with it, in French and English.
fn readme(contest: &ContestRow, selection: Selection, count: usize) -> String {
    let which = |lang: Lang| lang.t(&format!("export-originals-set-{}", selection.as_str()));
    [Lang::Fr, Lang::En]
        .iter()
        .map(|lang| {
            lang.tn(
                "export-originals-readme",
                &[("contest", contest.title.clone()), ("set", which(*lang)), ("count", count.to_string())],
            )
        })
        .collect::<Vec<_>>()
        .join("\n\n")
        + "\n"
}
