//! A contest's dashboard page: the day-by-day activity and the contest's make-up as SVG bar
//! charts drawn on the server ([`crate::web::charts`]), with the key numbers in words.

use askama::Template;
use axum::extract::State;
use axum::response::Response;

use crate::domain::source::Source;
use crate::error::AppResult;
use crate::services::dashboard::{self, DeviceSplit};
use crate::state::AppState;
use crate::web::charts::{self, Bar};
use crate::web::contest_access::AdminOf;
use crate::web::i18n::Lang;
use crate::web::pages::{Nav, render};

#[derive(Template)]
#[template(path = "admin_dashboard.html")]
struct DashboardPage {
    nav: Nav,
    slug: String,
    title: String,
    /// (label, value) of the key numbers.
    numbers: Vec<(String, String)>,
    oldest_pending: Option<String>,
    /// Each chart's SVG (escaped where it holds text), with its heading.
    charts: Vec<(String, String)>,
}

fn devices(lang: Lang, s: &DeviceSplit) -> Vec<Bar> {
    [("phone", s.phone), ("tablet", s.tablet), ("desktop", s.desktop), ("unknown", s.unknown)]
        .into_iter()
        .filter(|(code, n)| *code != "unknown" || *n > 0)
        .map(|(code, n)| Bar::new(lang.t(&format!("dashboard-device-{code}")), n))
        .collect()
}

/// Sources in words: a known channel by name, an operator's own tag as they wrote it.
fn sources(lang: Lang, rows: &[(Option<Source>, i64)]) -> Vec<Bar> {
    rows.iter()
        .map(|(s, n)| {
            let label = match s {
                Some(s) if s.is_known() => lang.t(&format!("source-{}", s.code())),
                Some(s) => lang.t1("source-tag", "tag", s.code()),
                None => lang.t("source-unknown"),
            };
            Bar::new(label, *n)
        })
        .collect()
}

pub(crate) async fn page(
    State(state): State<AppState>,
    lang: Lang,
    AdminOf { user: ref admin, contest: c }: AdminOf,
) -> AppResult<Response> {
    let _slug = c.slug.clone();
    let d = dashboard::dashboard(&state, admin, &c).await?;
    let tz = state.settings.timezone;
    let n_days = d.days.len();
    let per_day = |pick: fn(&dashboard::Day) -> i64| -> (Vec<Bar>, i64) {
        let bars: Vec<Bar> = d
            .days
            .iter()
            .map(|day| {
                let (short, whole) = crate::readable::day_labels(day.date, lang);
                let mut b = Bar::new(short, pick(day));
                b.title =
                    lang.t2("dashboard-day-value", "day", whole, "count", crate::readable::integer(b.value, lang));
                b
            })
            .collect();
        let total = bars.iter().map(|b| b.value).sum();
        (bars, total)
    };
    let mut charts_out = Vec::new();
    for (id, pick, class) in [
        ("uploads", (|x: &dashboard::Day| x.uploads) as fn(&dashboard::Day) -> i64, "chart-bar"),
        ("approvals", |x: &dashboard::Day| x.approvals, "chart-bar-2"),
        ("votes", |x: &dashboard::Day| x.votes, "chart-bar-3"),
    ] {
        let (bars, total) = per_day(pick);
        let heading = lang.t(&format!("dashboard-{id}-per-day"));
        let desc = lang.t2("dashboard-per-day-desc", "total", total, "days", n_days);
        charts_out.push((heading.clone(), charts::columns(&format!("chart-{id}"), &heading, &desc, &bars, class)));
    }
    let rows = |id: &str, heading: String, bars: Vec<Bar>, class: &str| {
        let total: i64 = bars.iter().map(|b| b.value).sum();
        let desc = lang.t2("dashboard-rows-desc", "count", bars.len(), "total", total);
        (heading.clone(), charts::rows(&format!("chart-{id}"), &heading, &desc, &bars, class))
    };
    let categories = d.categories.iter().map(|(name, n)| Bar::new(name.clone(), *n)).collect();
    charts_out.push(rows("categories", lang.t("dashboard-categories"), categories, "chart-bar"));
    let top = d.top.iter().map(|(_, title, n)| Bar::new(title.clone(), *n)).collect();
    charts_out.push(rows("top", lang.t("dashboard-top"), top, "chart-bar-3"));
    charts_out.push(rows(
        "upload-devices",
        lang.t("dashboard-upload-devices"),
        devices(lang, &d.upload_devices),
        "chart-bar",
    ));
    charts_out.push(rows(
        "voter-devices",
        lang.t("dashboard-voter-devices"),
        devices(lang, &d.voter_devices),
        "chart-bar-3",
    ));
    charts_out.push(rows(
        "author-sources",
        lang.t("dashboard-author-sources"),
        sources(lang, &d.author_sources),
        "chart-bar",
    ));
    charts_out.push(rows(
        "voter-sources",
        lang.t("dashboard-voter-sources"),
        sources(lang, &d.voter_sources),
        "chart-bar-3",
    ));
    let numbers = vec![
        (lang.t("dashboard-entries"), d.entries),
        (lang.t("dashboard-authors"), d.authors),
        (lang.t("dashboard-voters"), d.voters),
        (lang.t("dashboard-approved"), d.approved),
        (lang.t("dashboard-rejected"), d.rejected),
        (lang.t("dashboard-pending"), d.pending),
        (lang.t("dashboard-processing"), d.processing),
    ]
    .into_iter()
    .map(|(label, n)| (label, crate::readable::integer(n, lang)))
    .collect();
    render(&DashboardPage {
        nav: Nav::new(Some(admin.clone()), lang),
        slug: c.slug.clone(),
        title: c.title.clone(),
        numbers,
        oldest_pending: d.oldest_pending.map(|t| {
            let age = crate::readable::remaining(t, crate::clock::now(), lang);
            lang.t2("dashboard-oldest-pending", "age", age, "date", crate::readable::date_time(t, tz, lang))
        }),
        charts: charts_out,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::source::KNOWN;

    #[test]
    fn every_chart_and_device_is_named_in_both_languages() {
        let ids = ["uploads", "approvals", "votes"]
            .into_iter()
            .map(|c| format!("dashboard-{c}-per-day"))
            .chain(["phone", "tablet", "desktop", "unknown"].into_iter().map(|d| format!("dashboard-device-{d}")))
            .chain(KNOWN.into_iter().chain(["unknown", "tag"]).map(|s| format!("source-{s}")))
            .chain(["author-sources", "voter-sources"].into_iter().map(|c| format!("dashboard-{c}")));
        for id in ids {
            for lang in Lang::ALL {
                assert!(lang.has(&id), "{id} in {lang}");
            }
        }
    }
}
