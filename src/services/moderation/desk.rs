//! The moderation workspace: one shelf of photos (awaiting a decision, approved or rejected), of
//! one contest or all, narrowed by category and warning flag, a page at a time, with the counts a
//! moderator steers by.

use std::collections::HashMap;
use std::collections::hash_map::Entry;

use crate::db::{self, contests::ContestRow, moderation::TriageRow, users::User};
use crate::domain::triage::{Flag, Marks, PAGE_SIZE, Shelf};
use crate::error::AppResult;
use crate::services::entry_views::{EntryView, Viewer, entry_views};
use crate::state::AppState;

/// What a moderator asked to see.
#[derive(Debug, Clone)]
pub(crate) struct DeskFilter {
    pub shelf: Shelf,
    pub contest: Option<ContestRow>,
    pub category: Option<i64>,
    pub flag: Option<Flag>,
    /// From 1.
    pub page: usize,
}

/// One photo on the grid.
#[derive(Debug, Clone)]
pub(crate) struct DeskItem {
    pub view: EntryView,
    pub marks: Marks,
    /// The contest's title (the grid spans contests unless one is chosen).
    pub contest_title: String,
}

/// One page of the workspace.
#[derive(Debug, Clone)]
pub(crate) struct Desk {
    /// Photos per status of the chosen contest (or all): pending, approved, rejected, processing,
    /// failed.
    pub counts: HashMap<String, i64>,
    /// Photos of the shelf (and category) carrying each flag.
    pub flags: Vec<(Flag, usize)>,
    /// Photos matching every filter.
    pub total: usize,
    pub items: Vec<DeskItem>,
    pub page: usize,
    pub pages: usize,
}

/// The page of the workspace `filter` asks for.
pub(crate) async fn desk(state: &AppState, by: &User, filter: &DeskFilter) -> AppResult<Desk> {
    super::require_moderator(by)?;
    let pool = state.db.pool();
    let contest_id = filter.contest.as_ref().map(|c| c.id);
    let counts = db::moderation::counts(pool, contest_id).await?.into_iter().collect();
    let rows: Vec<TriageRow> = db::moderation::triage(pool, filter.shelf.as_str(), contest_id)
        .await?
        .into_iter()
        .filter(|r| filter.category.is_none() || r.category_id == filter.category)
        .collect();
    let marked = marks(state, &rows).await?;
    let flags = Flag::ALL.iter().map(|f| (*f, marked.iter().filter(|(_, m)| m.has(*f)).count())).collect();
    let chosen: Vec<(i64, Marks)> = marked.into_iter().filter(|(_, m)| filter.flag.is_none_or(|f| m.has(f))).collect();
    let total = chosen.len();
    let pages = total.div_ceil(PAGE_SIZE).max(1);
    let page = filter.page.clamp(1, pages);
    let slice = &chosen[(page - 1) * PAGE_SIZE..(page * PAGE_SIZE).min(total)];
    let ids: Vec<i64> = slice.iter().map(|(id, _)| *id).collect();
    let entries = db::moderation::rows(pool, &ids).await?;
    let views = entry_views(state, &entries, Viewer::Staff).await?;
    let mut titles: HashMap<i64, String> = HashMap::new();
    let mut items = Vec::with_capacity(views.len());
    for (view, entry) in views.into_iter().zip(&entries) {
        if let Entry::Vacant(slot) = titles.entry(entry.contest_id) {
            slot.insert(db::contests::find(pool, entry.contest_id).await?.map(|c| c.title).unwrap_or_default());
        }
        let marks = slice.iter().find(|(id, _)| *id == entry.id).map(|(_, m)| *m).unwrap_or_default();
        items.push(DeskItem { view, marks, contest_title: titles[&entry.contest_id].clone() });
    }
    Ok(Desk { counts, flags, total, items, page, pages })
}

/// Each row's flags; print fitness is judged against its contest's cover slots (a contest
/// without slots has no unfit photo).
async fn marks(state: &AppState, rows: &[TriageRow]) -> AppResult<Vec<(i64, Marks)>> {
    let mut slots: HashMap<i64, Vec<db::covers::CoverSlotRow>> = HashMap::new();
    let mut out = Vec::with_capacity(rows.len());
    for r in rows {
        if let Entry::Vacant(slot) = slots.entry(r.contest_id) {
            slot.insert(db::covers::list(state.db.pool(), r.contest_id).await?);
        }
        let covers = &slots[&r.contest_id];
        let print_unfit = match (r.width, r.height) {
            (Some(w), Some(h)) if !covers.is_empty() => !covers.iter().any(|c| c.spec().fits(w as u32, h as u32)),
            _ => false,
        };
        let marks = Marks {
            duplicate: r.duplicate_of.is_some(),
            near_duplicate: r.near_duplicate_of.is_some(),
            reported: r.reports > 0,
            print_unfit,
        };
        out.push((r.id, marks));
    }
    Ok(out)
}

impl DeskFilter {
    /// The filter of a request's query values; an unknown contest is `contest_not_found`, an
    /// unknown state or flag a 400 with its code. The page is brought within range later.
    pub(crate) async fn parse(
        state: &AppState,
        contest: Option<&str>,
        shelf: Option<&str>,
        category: Option<i64>,
        flag: Option<&str>,
        page: Option<i64>,
    ) -> AppResult<DeskFilter> {
        let contest = match contest.map(str::trim).filter(|s| !s.is_empty()) {
            Some(slug) => Some(crate::services::contest_by_slug(state, slug).await?),
            None => None,
        };
        Ok(DeskFilter {
            shelf: Shelf::parse(shelf)?,
            contest,
            category,
            flag: Flag::parse(flag)?,
            page: page.unwrap_or(1).clamp(1, i64::from(u32::MAX)) as usize,
        })
    }
}
