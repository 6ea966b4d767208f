//! The Atom feed of a contest's newly approved photos (`/c/{slug}/feed.atom`), for feed readers
//! and the campaign's mini-site.

use axum::Router;
use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::routing::get;

use crate::clock;
use crate::db;
use crate::error::AppResult;
use crate::i18n::Lang;
use crate::services::contest_by_slug;
use crate::services::entry_views::{Viewer, entry_views};
use crate::state::AppState;
use crate::web::state::WebState;

/// Photos in the feed.
const FEED_SIZE: i64 = 50;

pub(crate) fn routes() -> Router<WebState> {
    Router::new().route("/c/{slug}/feed.atom", get(feed))
}

/// Escapes text for XML content and attribute values.
fn xml(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c if c.is_control() && !matches!(c, '\n' | '\t' | '\r') => {}
            c => out.push(c),
        }
    }
    out
}

async fn feed(State(state): State<AppState>, Path(slug): Path<String>, lang: Lang) -> AppResult<Response> {
    let contest = contest_by_slug(&state, &slug).await?;
    let rows = db::gallery::recently_approved(state.db.pool(), contest.id, FEED_SIZE).await?;
    let entries: Vec<_> = rows.iter().map(|(e, _)| e.clone()).collect();
    let views = entry_views(&state, &entries, Viewer::Public).await?;
    let base = state.settings.public_url.as_str().trim_end_matches('/');
    let absolute = |url: &str| if url.starts_with('/') { format!("{base}{url}") } else { url.to_string() };
    let updated = rows.first().map_or(contest.created_at, |(_, at)| *at);
    let mut out = format!(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">\n\
         <title>{title}</title>\n<id>{base}/c/{slug}</id>\n<updated>{updated}</updated>\n\
         <link rel=\"self\" type=\"application/atom+xml\" href=\"{base}/c/{slug}/feed.atom\"/>\n\
         <link rel=\"alternate\" type=\"text/html\" href=\"{base}/c/{slug}/gallery\"/>\n",
        title = xml(&contest.title),
        slug = xml(&contest.slug),
        updated = clock::rfc3339(updated),
    );
    for (view, (_, approved_at)) in views.iter().zip(&rows) {
        let page = format!("{base}/e/{}", view.id);
        let image = absolute(&view.share_url());
        let summary = format!(
            "<p><img src=\"{}\" alt=\"{}\"></p><p>{}</p>",
            xml(&image),
            xml(&view.description),
            xml(&view.description)
        );
        out.push_str(&format!(
            "<entry>\n<id>{page}</id>\n<title>{title}</title>\n<updated>{updated}</updated>\n\
             <author><name>{author}</name></author>\n<link rel=\"alternate\" type=\"text/html\" href=\"{page}\"/>\n\
             <link rel=\"enclosure\" type=\"image/jpeg\" href=\"{image}\"/>\n\
             <summary>{text}</summary>\n<content type=\"html\">{content}</content>\n</entry>\n",
            title = xml(&view.title),
            updated = clock::rfc3339(*approved_at),
            author = xml(&view.credit(&lang.t("credit-anonymous")).unwrap_or_default()),
            image = xml(&image),
            text = xml(&view.description),
            content = xml(&summary),
        ));
    }
    out.push_str("</feed>\n");
    Ok((
        [(header::CONTENT_TYPE, "application/atom+xml; charset=utf-8"), (header::CACHE_CONTROL, "public, max-age=300")],
        out,
    )
        .into_response())
}

#[cfg(test)]
mod tests {
    #[test]
    fn text_is_escaped_for_xml() {
        assert_eq!(super::xml("Tram & bus <3 \"l'aube\"\u{1}"), "Tram &amp; bus &lt;3 &quot;l&apos;aube&quot;");
    }
}
