//! What an entry looks like to the outside (API and pages), depending on who looks.

use std::collections::hash_map::Entry;
use std::collections::{HashMap, HashSet};

use serde::Serialize;
use utoipa::ToSchema;

use crate::clock;
use crate::db::consents::ConsentView;
use crate::db::covers::CoverSlotRow;
use crate::db::{self, contests::Category, entries::EntryRow, users::User};
use crate::domain::entry::EntryStatus;
use crate::domain::role::{Capability, Role};
use crate::error::{AppError, AppResult};
use crate::services::publication;
use crate::state::AppState;
use crate::storage::BlobKey;

#[derive(Debug, Clone, Serialize, ToSchema)]
pub(crate) struct RenditionView {
    pub variant: String,
    pub width: i64,
    pub height: i64,
    pub url: String,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub(crate) struct EntryView {
    pub id: i64,
    pub contest: String,
    pub title: String,
    /// Also the photo's alt text.
    pub description: String,
    pub category: Option<String>,
    /// Where the photo was taken, when its author said.
    pub place: Option<String>,
    pub status: EntryStatus,
    /// Shown to the owner and staff only.
    pub rejection_reason: Option<String>,
    /// Shown to the owner and staff only.
    pub processing_error: Option<String>,
    /// The credit its author chose. Absent for jurors (blind judging) and when the author chose
    /// none (`credit_missing`): a credit is never made from an email address.
    pub author: Option<String>,
    /// The author has not chosen a credit: pages show a neutral « Anonyme » (not for jurors).
    pub credit_missing: bool,
    pub width: Option<i64>,
    pub height: Option<i64>,
    pub renditions: Vec<RenditionView>,
    /// Another participant's earlier entry of the same file (staff only).
    pub duplicate_of: Option<i64>,
    /// An entry of the contest that looks the same (staff only).
    pub near_duplicate: Option<NearDuplicate>,
    /// Average colour (`#rrggbb`) to paint while the photo loads.
    pub placeholder: Option<String>,
    /// Owner and staff: whether the photo has the resolution one of the contest's printed covers
    /// needs (trim + bleed at the slot's minimum DPI). Absent while processing or without slots.
    pub print_ready: Option<bool>,
    /// Owner, staff and jurors: for each cover slot, the largest crop of its shape and the
    /// resolution it prints at (fit, tight within 15 % under the minimum, or unfit).
    pub print_fitness: Vec<PrintFitness>,
    /// Owner and staff: the printed cover this photo was chosen for (it is a winner).
    pub cover: Option<String>,
    /// Owner and staff: the photo passed the jury's pre-selection (it is on the shortlist of a
    /// later round).
    pub shortlisted: Option<bool>,
    /// Owner and staff: a moderator hid it from the public after a report.
    pub hidden: bool,
    /// Owner and staff: its files were deleted at the end of the contest's retention period (it
    /// did not win; its place in the results stays).
    pub purged: bool,
    /// Owner and staff: what the author declared (rights, people, guardian) and under which rules.
    pub consent: Option<ConsentView>,
    pub created_at: String,
}

/// How a photo prints on one cover slot.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub(crate) struct PrintFitness {
    pub slot: String,
    pub level: crate::domain::cover::FitnessLevel,
    pub effective_dpi: i64,
    pub crop_width: u32,
    pub crop_height: u32,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub(crate) struct NearDuplicate {
    pub entry_id: i64,
    /// Hamming distance of the perceptual hashes (0 = same picture).
    pub distance: i64,
    /// Small rendition of the matched entry, for side-by-side review.
    pub thumbnail_url: Option<String>,
}

impl EntryView {
    fn sized(&self, ext: &str) -> impl Iterator<Item = &RenditionView> {
        self.renditions.iter().filter(move |r| r.variant.starts_with('w') && r.variant.ends_with(ext))
    }

    fn srcset_of(&self, ext: &str) -> String {
        self.sized(ext).map(|r| format!("{} {}w", r.url, r.width)).collect::<Vec<_>>().join(", ")
    }

    /// The `srcset` of the JPEG renditions.
    pub(crate) fn srcset(&self) -> String {
        self.srcset_of(".jpg")
    }

    /// The `srcset` of the WebP renditions.
    pub(crate) fn webp_srcset(&self) -> String {
        self.srcset_of(".webp")
    }

    /// URL of the smallest JPEG rendition whose long edge reaches `min_edge` (or the largest).
    pub(crate) fn url_at_least(&self, min_edge: i64) -> String {
        let mut sized: Vec<_> = self.sized(".jpg").collect();
        sized.sort_by_key(|r| r.width.max(r.height));
        sized
            .iter()
            .find(|r| r.width.max(r.height) >= min_edge)
            .or(sized.last())
            .map(|r| r.url.clone())
            .unwrap_or_default()
    }

    /// The credit line's name: the author's choice, `anonymous` when they chose none, nothing for
    /// jurors.
    pub(crate) fn credit(&self, anonymous: &str) -> Option<String> {
        self.author.clone().or_else(|| self.credit_missing.then(|| anonymous.to_string()))
    }

    /// The 1200×630 image for social network cards (falls back to a large rendition).
    /// Approved and not hidden: in the public gallery.
    pub(crate) fn is_public(&self) -> bool {
        self.status.is_public(self.hidden)
    }

    pub(crate) fn share_url(&self) -> String {
        self.renditions
            .iter()
            .find(|r| r.variant == "share.jpg")
            .map(|r| r.url.clone())
            .unwrap_or_else(|| self.url_at_least(1080))
    }
}

/// Who is looking at an entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Viewer {
    Public,
    Juror,
    /// The participant who sent it: sees its status and why it was refused.
    Owner,
    /// Moderators and admins: also see duplicate flags.
    Staff,
}

impl Viewer {
    /// How `user` may see `entry`, or `None` if they may not see it at all.
    pub(crate) fn of(user: Option<&User>, entry: &EntryRow) -> Option<Viewer> {
        let staff = user.is_some_and(|u| u.role.can(Capability::Moderate) || u.role.can(Capability::Administer));
        let owner = user.is_some_and(|u| u.id == entry.participant_id);
        if staff {
            Some(Viewer::Staff)
        } else if owner {
            Some(Viewer::Owner)
        } else if !entry.is_public() {
            None
        } else if user.is_some_and(|u| u.role == Role::Jury) {
            Some(Viewer::Juror)
        } else {
            Some(Viewer::Public)
        }
    }
}

/// Contest slugs, categories, cover specs and author names already looked up while building a
/// list of views.
#[derive(Default)]
struct Lookups {
    contests: HashMap<i64, (String, Vec<Category>)>,
    covers: HashMap<i64, Vec<CoverSlotRow>>,
    authors: HashMap<i64, Option<String>>,
    /// Renditions fetched ahead for a list of entries.
    renditions: HashMap<i64, Vec<db::entries::RenditionRow>>,
    /// Entries of the list on a jury shortlist, when looked up ahead.
    shortlisted: Option<HashSet<i64>>,
}

impl Lookups {
    async fn contest(&mut self, state: &AppState, id: i64) -> AppResult<&(String, Vec<Category>)> {
        if let Entry::Vacant(slot) = self.contests.entry(id) {
            let pool = state.db.pool();
            let slug = db::contests::find(pool, id).await?.map(|c| c.slug).unwrap_or_default();
            slot.insert((slug, db::contests::categories(pool, id).await?));
        }
        Ok(&self.contests[&id])
    }

    async fn covers(&mut self, state: &AppState, contest_id: i64) -> AppResult<&[CoverSlotRow]> {
        if let Entry::Vacant(slot) = self.covers.entry(contest_id) {
            slot.insert(db::covers::list(state.db.pool(), contest_id).await?);
        }
        Ok(&self.covers[&contest_id])
    }

    async fn author(&mut self, state: &AppState, id: i64) -> AppResult<Option<String>> {
        if let Entry::Vacant(slot) = self.authors.entry(id) {
            slot.insert(db::users::find(state.db.pool(), id).await?.and_then(|u| u.credit_name()));
        }
        Ok(self.authors[&id].clone())
    }
}

pub(crate) async fn entry_view(state: &AppState, e: &EntryRow, viewer: Viewer) -> AppResult<EntryView> {
    build(state, e, viewer, &mut Lookups::default()).await
}

async fn build(state: &AppState, e: &EntryRow, viewer: Viewer, lookups: &mut Lookups) -> AppResult<EntryView> {
    let (contest, categories) = lookups.contest(state, e.contest_id).await?;
    let contest = contest.clone();
    let category = e.category_id.and_then(|id| categories.iter().find(|c| c.id == id).map(|c| c.name.clone()));
    let author = match viewer {
        Viewer::Juror => None,
        _ => lookups.author(state, e.participant_id).await?,
    };
    let renditions = match lookups.renditions.remove(&e.id) {
        Some(rows) => rows,
        None => db::entries::renditions(state.db.pool(), e.id).await?,
    };
    let public = e.is_public();
    let renditions = renditions
        .into_iter()
        .filter_map(|r| {
            let key = BlobKey::from_stored(&r.blob_key)?;
            Some(RenditionView {
                url: publication::url(state, &key, public),
                variant: r.variant,
                width: r.width,
                height: r.height,
            })
        })
        .collect();
    let private = matches!(viewer, Viewer::Owner | Viewer::Staff);
    let staff = viewer == Viewer::Staff;
    let print_ready = match (private, e.width, e.height) {
        (true, Some(w), Some(h)) => {
            let covers = lookups.covers(state, e.contest_id).await?;
            let fits = covers.iter().any(|c| c.spec().fits(w as u32, h as u32));
            (!covers.is_empty()).then_some(fits)
        }
        _ => None,
    };
    let print_fitness = match (private || viewer == Viewer::Juror, e.width, e.height) {
        (true, Some(w), Some(h)) => lookups
            .covers(state, e.contest_id)
            .await?
            .iter()
            .map(|c| {
                let f = c.spec().fitness(w as u32, h as u32);
                PrintFitness {
                    slot: c.name.clone(),
                    level: f.level,
                    effective_dpi: f.effective_dpi.round() as i64,
                    crop_width: f.crop_width,
                    crop_height: f.crop_height,
                }
            })
            .collect(),
        _ => Vec::new(),
    };
    let cover = match private {
        true => {
            let covers = lookups.covers(state, e.contest_id).await?;
            covers.iter().find(|c| c.winner_entry_id == Some(e.id)).map(|c| c.name.clone())
        }
        false => None,
    };
    let shortlisted = match (private, &lookups.shortlisted) {
        (false, _) => None,
        (true, Some(set)) => Some(set.contains(&e.id)),
        (true, None) => Some(!db::rounds::shortlisted_among(state.db.pool(), &[e.id]).await?.is_empty()),
    };
    let near_duplicate = match (staff, e.near_duplicate_of, e.near_duplicate_distance) {
        (true, Some(other), Some(distance)) => {
            Some(NearDuplicate { entry_id: other, distance, thumbnail_url: thumbnail(state, other).await? })
        }
        _ => None,
    };
    Ok(EntryView {
        id: e.id,
        contest,
        title: e.title.clone(),
        description: e.description.clone(),
        category,
        place: e.place.clone(),
        status: e.status(),
        rejection_reason: e.rejection_reason.clone().filter(|_| private),
        processing_error: e.processing_error.clone().filter(|_| private),
        credit_missing: viewer != Viewer::Juror && author.is_none(),
        author,
        width: e.width,
        height: e.height,
        renditions,
        duplicate_of: e.duplicate_of.filter(|_| staff),
        near_duplicate,
        placeholder: e.placeholder.clone(),
        print_ready,
        print_fitness,
        cover,
        shortlisted,
        hidden: private && e.hidden_at.is_some() && e.purged_at.is_none(),
        purged: private && e.purged_at.is_some(),
        consent: match private {
            true => db::consents::find(state.db.pool(), e.id).await?.map(|c| c.view()),
            false => None,
        },
        created_at: clock::rfc3339(e.created_at),
    })
}

async fn thumbnail(state: &AppState, entry_id: i64) -> AppResult<Option<String>> {
    let rows = db::entries::renditions(state.db.pool(), entry_id).await?;
    Ok(rows
        .iter()
        .find(|r| r.variant == "w400.jpg")
        .and_then(|r| BlobKey::from_stored(&r.blob_key))
        .map(|k| publication::url(state, &k, false)))
}

/// Views of many entries for the same viewer (each contest and author looked up once).
pub(crate) async fn entry_views(state: &AppState, entries: &[EntryRow], viewer: Viewer) -> AppResult<Vec<EntryView>> {
    let mut lookups = Lookups::default();
    // Each entry's renditions and each author in one query each, not one per entry.
    let ids: Vec<i64> = entries.iter().map(|e| e.id).collect();
    for r in db::entries::renditions_of(state.db.pool(), &ids).await? {
        lookups.renditions.entry(r.entry_id).or_default().push(r);
    }
    for id in &ids {
        lookups.renditions.entry(*id).or_default();
    }
    if matches!(viewer, Viewer::Owner | Viewer::Staff) {
        lookups.shortlisted = Some(db::rounds::shortlisted_among(state.db.pool(), &ids).await?.into_iter().collect());
    }
    if viewer != Viewer::Juror {
        let mut authors: Vec<i64> = entries.iter().map(|e| e.participant_id).collect();
        authors.sort_unstable();
        authors.dedup();
        for id in &authors {
            lookups.authors.insert(*id, None);
        }
        for u in db::users::find_many(state.db.pool(), &authors).await? {
            lookups.authors.insert(u.id, u.credit_name());
        }
    }
    let mut out = Vec::with_capacity(entries.len());
    for e in entries {
        out.push(build(state, e, viewer, &mut lookups).await?);
    }
    Ok(out)
}

/// An entry `user` may see, with how they see it; 404 otherwise.
pub(crate) async fn visible_entry(state: &AppState, user: Option<&User>, id: i64) -> AppResult<(EntryRow, Viewer)> {
    let not_found = || AppError::not_found("entry_not_found", "there is no such photo");
    let e = db::entries::find(state.db.pool(), id).await?.ok_or_else(not_found)?;
    let viewer = Viewer::of(user, &e).ok_or_else(not_found)?;
    Ok((e, viewer))
}
