//! Small bar charts as inline SVG, drawn on the server (no script, no chart service): a `<title>`
//! and a `<desc>` name each chart for screen readers, every bar carries its own `<title>`
//! ("label: value"), values are written as text, and the drawing scales to a phone's width.
//! Colours come from classes in `declic.css` (the CSP forbids inline styles).

use std::fmt::Write;

/// One bar: its label, its value, and the words of its `<title>` (label and value).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Bar {
    pub(crate) label: String,
    pub(crate) value: i64,
    pub(crate) title: String,
}

impl Bar {
    /// A bar whose `<title>` is "label: value".
    pub(crate) fn new(label: impl Into<String>, value: i64) -> Self {
        let label = label.into();
        let title = format!("{label}: {value}");
        Bar { label, value, title }
    }
}

/// Text made safe inside SVG/XML.
pub(crate) fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// At most `n` characters, with an ellipsis when cut.
fn clip(s: &str, n: usize) -> String {
    if s.chars().count() <= n { s.to_string() } else { format!("{}…", s.chars().take(n - 1).collect::<String>()) }
}

const WIDTH: f64 = 360.0;

fn open(out: &mut String, id: &str, title: &str, desc: &str, height: f64) {
    let _ = write!(
        out,
        r#"<svg class="chart" id="{id}" viewBox="0 0 {WIDTH} {height}" role="img" aria-labelledby="{id}-title {id}-desc" xmlns="http://www.w3.org/2000/svg"><title id="{id}-title">{}</title><desc id="{id}-desc">{}</desc>"#,
        esc(title),
        esc(desc)
    );
}

/// Vertical bars over time (one per day): the largest value and 0 on the axis, the first, middle
/// and last labels under it, each value above its bar when there is room. `class` picks the colour.
pub(crate) fn columns(id: &str, title: &str, desc: &str, bars: &[Bar], class: &str) -> String {
    let (left, top, bottom, height) = (34.0, 16.0, 168.0, 190.0);
    let max = bars.iter().map(|b| b.value).max().unwrap_or(0).max(1);
    let mut out = String::new();
    open(&mut out, id, title, desc, height);
    let plot = WIDTH - left - 4.0;
    let _ = write!(
        out,
        r#"<line class="chart-axis" x1="{left}" y1="{bottom}" x2="{}" y2="{bottom}"/><text class="chart-tick" x="{}" y="{}" text-anchor="end">{max}</text><text class="chart-tick" x="{}" y="{bottom}" text-anchor="end">0</text>"#,
        WIDTH - 4.0,
        left - 4.0,
        top + 4.0,
        left - 4.0,
    );
    let n = bars.len().max(1) as f64;
    let step = plot / n;
    let labelled: Vec<usize> = match bars.len() {
        0 => vec![],
        1 => vec![0],
        2 => vec![0, 1],
        len => vec![0, len / 2, len - 1],
    };
    for (i, b) in bars.iter().enumerate() {
        let h = (b.value.max(0) as f64) / (max as f64) * (bottom - top);
        let x = left + step * i as f64 + step * 0.1;
        let w = (step * 0.8).max(1.0);
        let _ = write!(
            out,
            r#"<g class="chart-item"><title>{}</title><rect class="{class}" x="{x:.1}" y="{:.1}" width="{w:.1}" height="{h:.1}"/>"#,
            esc(&b.title),
            bottom - h,
        );
        if bars.len() <= 16 && b.value > 0 {
            let _ = write!(
                out,
                r#"<text class="chart-value" x="{:.1}" y="{:.1}" text-anchor="middle">{}</text>"#,
                x + w / 2.0,
                bottom - h - 3.0,
                b.value
            );
        }
        out.push_str("</g>");
        if labelled.contains(&i) {
            let anchor = if i == 0 {
                "start"
            } else if i + 1 == bars.len() {
                "end"
            } else {
                "middle"
            };
            let tx = match anchor {
                "start" => x,
                "end" => x + w,
                _ => x + w / 2.0,
            };
            let _ = write!(
                out,
                r#"<text class="chart-tick" x="{tx:.1}" y="{}" text-anchor="{anchor}">{}</text>"#,
                bottom + 14.0,
                esc(&b.label)
            );
        }
    }
    out.push_str("</svg>");
    out
}

/// Horizontal bars, one per line: the label on the left, the bar, its value at its end.
pub(crate) fn rows(id: &str, title: &str, desc: &str, bars: &[Bar], class: &str) -> String {
    let (label_w, row_h, top) = (130.0, 24.0, 4.0);
    let height = top * 2.0 + row_h * bars.len().max(1) as f64;
    let max = bars.iter().map(|b| b.value).max().unwrap_or(0).max(1);
    let plot = WIDTH - label_w - 44.0;
    let mut out = String::new();
    open(&mut out, id, title, desc, height);
    for (i, b) in bars.iter().enumerate() {
        let y = top + row_h * i as f64;
        let w = (b.value.max(0) as f64) / (max as f64) * plot;
        let _ = write!(
            out,
            r#"<g class="chart-item"><title>{}</title><text class="chart-label" x="0" y="{:.1}">{}</text><rect class="{class}" x="{label_w}" y="{:.1}" width="{w:.1}" height="{:.1}"/><text class="chart-value" x="{:.1}" y="{:.1}">{}</text></g>"#,
            esc(&b.title),
            y + row_h * 0.65,
            esc(&clip(&b.label, 22)),
            y + row_h * 0.15,
            row_h * 0.7,
            label_w + w + 4.0,
            y + row_h * 0.65,
            b.value
        );
    }
    out.push_str("</svg>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bars_carry_their_values_and_text_is_escaped() {
        let bars = vec![Bar::new("Tram <1>", 3), Bar::new("Bus & co", 6)];
        let svg = rows("cats", "Entries per category", "2 categories", &bars, "chart-bar");
        assert!(svg.starts_with("<svg class=\"chart\" id=\"cats\""));
        assert!(svg.contains("<title>Tram &lt;1&gt;: 3</title>") && svg.contains("<title>Bus &amp; co: 6</title>"));
        assert!(svg.contains(r#"width="186.0""#), "the largest bar fills the plot: {svg}");
        assert!(svg.contains(r#"width="93.0""#), "half the largest, half the width: {svg}");
        assert!(svg.ends_with("</svg>") && !svg.contains("style="));
        let svg = columns("days", "Uploads per day", "", &[Bar::new("03-01", 0), Bar::new("03-02", 4)], "chart-bar");
        assert!(svg.contains("<title>03-01: 0</title>") && svg.contains(">4</text>"));
        assert!(svg.contains(r#"height="152.0""#), "{svg}");
    }

    #[test]
    fn empty_charts_still_draw() {
        assert!(columns("a", "t", "d", &[], "c").ends_with("</svg>"));
        assert!(rows("b", "t", "d", &[], "c").ends_with("</svg>"));
        assert_eq!(clip("abcdef", 4), "abc…");
    }
}
