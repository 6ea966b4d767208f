//! The contact sheet of a contest's covers, as a PDF for the printer and the committee: each slot
//! with its winner's preview under the mockup (or an empty box), its print size, the photo's
//! title, credit and the resolution it prints at; four covers to an A4 page.

use super::pdf::{A4, Document, Font, Page};
use crate::clock;
use crate::db::contests::ContestRow;
use crate::i18n::Lang;

/// One cover on the sheet.
pub(crate) struct SheetCover {
    pub slot_name: String,
    /// `148 × 210 mm + 3 mm, 300 dpi`.
    pub spec: String,
    /// `n° 12 — « Title »`, credit, resolution; empty when the slot has no winner.
    pub lines: Vec<String>,
    /// The preview JPEG.
    pub preview: Option<Vec<u8>>,
}

const MARGIN: f64 = 40.0;
const COLUMNS: usize = 2;
const ROWS: usize = 2;
const CAPTION: f64 = 62.0;
/// The page's heading: the title on up to two lines, then the date and page number.
const HEADING: f64 = 56.0;

/// The PDF of `covers`.
pub(crate) fn render(contest: &ContestRow, covers: Vec<SheetCover>, lang: Lang, tz: chrono_tz::Tz) -> Vec<u8> {
    let mut doc = Document::default();
    let per_page = COLUMNS * ROWS;
    let pages = covers.len().div_ceil(per_page).max(1);
    let heading = lang.t1("sheet-title", "contest", &contest.title);
    let date = crate::readable::date(clock::now(), tz, lang);
    let cell_w = (A4.0 - 2.0 * MARGIN) / COLUMNS as f64;
    let cell_h = (A4.1 - 2.0 * MARGIN - HEADING) / ROWS as f64;
    let mut covers = covers.into_iter();
    for p in 0..pages {
        let mut page = Page::default();
        let width = A4.0 - 2.0 * MARGIN;
        let lines = page.paragraph(Font::Bold, 14.0, MARGIN, A4.1 - MARGIN, width, &heading, 2);
        let folio = lang.tn("sheet-page", &[("page", (p + 1).to_string()), ("pages", pages.to_string())]);
        let below = A4.1 - MARGIN - lines as f64 * 16.8 - 2.0;
        page.text(Font::Regular, 9.0, MARGIN, below, width, &format!("{date} · {folio}"));
        for i in 0..per_page {
            let Some(cover) = covers.next() else { break };
            let (col, row) = (i % COLUMNS, i / COLUMNS);
            let left = MARGIN + col as f64 * cell_w;
            let top = A4.1 - MARGIN - HEADING - row as f64 * cell_h;
            draw_cover(&mut doc, &mut page, cover, (left, top), (cell_w - 16.0, cell_h - 12.0), lang);
        }
        doc.add_page(page);
    }
    doc.finish()
}

/// One cover in the cell whose top left corner is `at`, `size` wide and high.
fn draw_cover(doc: &mut Document, page: &mut Page, cover: SheetCover, at: (f64, f64), size: (f64, f64), lang: Lang) {
    let (left, top) = at;
    let (w, h) = size;
    let image_h = h - CAPTION;
    let image = cover.preview.and_then(|jpeg| doc.add_jpeg(jpeg));
    match image {
        Some(img) => {
            let (pw, ph) = doc.image_size(img);
            let scale = f64::min(w / f64::from(pw), image_h / f64::from(ph));
            let (iw, ih) = (f64::from(pw) * scale, f64::from(ph) * scale);
            page.image(img, left + (w - iw) / 2.0, top - ih, iw, ih);
        }
        None => {
            // An empty cover, of the slot's shape at most: a box the width of a portrait cover.
            let bw = w.min(image_h * 0.7);
            page.box_(left + (w - bw) / 2.0, top - image_h, bw, image_h);
            page.text(
                Font::Regular,
                10.0,
                left + (w - bw) / 2.0 + 8.0,
                top - image_h / 2.0,
                bw - 16.0,
                &lang.t("sheet-open"),
            );
        }
    }
    let mut y = top - image_h - 14.0;
    page.text(Font::Bold, 11.0, left, y, w, &cover.slot_name);
    y -= 12.0;
    page.text(Font::Regular, 8.5, left, y, w, &cover.spec);
    for line in cover.lines.iter().take(3) {
        y -= 11.0;
        page.text(Font::Regular, 9.0, left, y, w, line);
    }
}
