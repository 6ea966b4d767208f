//! A small PDF 1.4 writer for the contact sheet: pages of a fixed size holding JPEG images (passed
//! through as `DCTDecode`, never re-encoded), grey boxes and lines of text in the standard
//! Helvetica fonts (WinAnsi: the Latin letters of French and English).

use std::fmt::Write as _;

/// A4 portrait, in points.
pub(crate) const A4: (f64, f64) = (595.28, 841.89);

/// A page being drawn: its content stream and the images it shows.
#[derive(Default)]
pub(crate) struct Page {
    content: String,
    images: Vec<usize>,
}

/// A document: JPEG images (shared by index) and pages.
#[derive(Default)]
pub(crate) struct Document {
    images: Vec<Jpeg>,
    pages: Vec<Page>,
}

struct Jpeg {
    bytes: Vec<u8>,
    width: u32,
    height: u32,
    components: u8,
}

/// Which of the two fonts a line is set in.
#[derive(Clone, Copy)]
pub(crate) enum Font {
    Regular,
    Bold,
}

impl Document {
    /// Adds a baseline or progressive JPEG; returns its index, `None` if it is not a JPEG.
    pub(crate) fn add_jpeg(&mut self, bytes: Vec<u8>) -> Option<usize> {
        let (width, height, components) = jpeg_frame(&bytes)?;
        self.images.push(Jpeg { bytes, width, height, components });
        Some(self.images.len() - 1)
    }

    /// The pixel size of an image added.
    pub(crate) fn image_size(&self, image: usize) -> (u32, u32) {
        (self.images[image].width, self.images[image].height)
    }

    pub(crate) fn add_page(&mut self, page: Page) {
        self.pages.push(page);
    }

    /// The file.
    pub(crate) fn finish(self) -> Vec<u8> {
        // Objects: 1 catalog, 2 page tree, 3 and 4 fonts, then the images, then each page and its content.
        let first_image = 5;
        let first_page = first_image + self.images.len();
        let mut out: Vec<u8> = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n".to_vec();
        let mut offsets = Vec::new();
        let mut object = |out: &mut Vec<u8>, body: &[u8]| {
            offsets.push(out.len());
            out.extend_from_slice(format!("{} 0 obj\n", offsets.len()).as_bytes());
            out.extend_from_slice(body);
            out.extend_from_slice(b"\nendobj\n");
        };
        object(&mut out, b"<< /Type /Catalog /Pages 2 0 R >>");
        let kids: Vec<String> = (0..self.pages.len()).map(|i| format!("{} 0 R", first_page + 2 * i)).collect();
        let tree = format!("<< /Type /Pages /Kids [{}] /Count {} >>", kids.join(" "), self.pages.len());
        object(&mut out, tree.as_bytes());
        for font in ["Helvetica", "Helvetica-Bold"] {
            let f = format!("<< /Type /Font /Subtype /Type1 /BaseFont /{font} /Encoding /WinAnsiEncoding >>");
            object(&mut out, f.as_bytes());
        }
        for img in &self.images {
            let space = if img.components == 1 { "/DeviceGray" } else { "/DeviceRGB" };
            let mut body = format!(
                "<< /Type /XObject /Subtype /Image /Width {} /Height {} /ColorSpace {space} /BitsPerComponent 8 \
                 /Filter /DCTDecode /Length {} >>\nstream\n",
                img.width,
                img.height,
                img.bytes.len()
            )
            .into_bytes();
            body.extend_from_slice(&img.bytes);
            body.extend_from_slice(b"\nendstream");
            object(&mut out, &body);
        }
        for (i, page) in self.pages.iter().enumerate() {
            let xobjects: String =
                page.images.iter().map(|&k| format!("/Im{k} {} 0 R ", first_image + k)).collect::<String>();
            let p = format!(
                "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {:.2} {:.2}] /Contents {} 0 R \
                 /Resources << /Font << /F1 3 0 R /F2 4 0 R >> /XObject << {xobjects}>> >> >>",
                A4.0,
                A4.1,
                first_page + 2 * i + 1
            );
            object(&mut out, p.as_bytes());
            let mut c = format!("<< /Length {} >>\nstream\n", page.content.len()).into_bytes();
            c.extend_from_slice(page.content.as_bytes());
            c.extend_from_slice(b"\nendstream");
            object(&mut out, &c);
        }
        let xref = out.len();
        let mut table = format!("xref\n0 {}\n0000000000 65535 f \n", offsets.len() + 1);
        for o in &offsets {
            let _ = writeln!(table, "{o:010} 00000 n ");
        }
        let _ = write!(table, "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n", offsets.len() + 1);
        out.extend_from_slice(table.as_bytes());
        out
    }
}

impl Page {
    /// Draws an image into the box at (x, y) (bottom left) of `w × h` points.
    pub(crate) fn image(&mut self, image: usize, x: f64, y: f64, w: f64, h: f64) {
        let _ = writeln!(self.content, "q {w:.2} 0 0 {h:.2} {x:.2} {y:.2} cm /Im{image} Do Q");
        if !self.images.contains(&image) {
            self.images.push(image);
        }
    }

    /// A light grey box with a thin border.
    pub(crate) fn box_(&mut self, x: f64, y: f64, w: f64, h: f64) {
        let _ = writeln!(self.content, "q 0.93 g 0.6 G 0.5 w {x:.2} {y:.2} {w:.2} {h:.2} re B Q");
    }

    /// One line of text, its baseline at (x, y), cut with an ellipsis to fit `max_width` points.
    pub(crate) fn text(&mut self, font: Font, size: f64, x: f64, y: f64, max_width: f64, text: &str) {
        let name = match font {
            Font::Regular => "F1",
            Font::Bold => "F2",
        };
        let line = fit(text, size, max_width);
        let _ = writeln!(self.content, "BT /{name} {size:.1} Tf {x:.2} {y:.2} Td ({}) Tj ET", escape(&line));
    }
}

impl Page {
    /// `text` on as many lines as it needs, up to `max_lines` (the last cut with an ellipsis),
    /// broken between words; the first baseline at (x, y), each next one `size × 1.2` lower.
    /// Returns the lines drawn.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn paragraph(
        &mut self,
        font: Font,
        size: f64,
        x: f64,
        y: f64,
        max_width: f64,
        text: &str,
        max_lines: usize,
    ) -> usize {
        let lines = wrap(text, size, max_width, max_lines);
        for (i, line) in lines.iter().enumerate() {
            self.text(font, size, x, y - i as f64 * size * 1.2, max_width, line);
        }
        lines.len()
    }
}

/// The width of `c` at size 1 (Helvetica's letters average about half the size in width; wide
/// letters count more).
fn char_width(c: char) -> f64 {
    if c.is_uppercase() || "mwMW@%".contains(c) { 0.75 } else { 0.52 }
}

/// `text` broken between words into lines that fit `max_width` points at `size`; past
/// `max_lines`, the rest goes on the last line (which [`fit`] then cuts).
fn wrap(text: &str, size: f64, max_width: f64, max_lines: usize) -> Vec<String> {
    let width = |s: &str| s.chars().map(char_width).sum::<f64>() * size;
    let mut lines: Vec<String> = Vec::new();
    let mut current = String::new();
    for word in text.split_whitespace() {
        let candidate = if current.is_empty() { word.to_string() } else { format!("{current} {word}") };
        if width(&candidate) <= max_width || current.is_empty() || lines.len() + 1 >= max_lines.max(1) {
            current = candidate;
        } else {
            lines.push(std::mem::replace(&mut current, word.to_string()));
        }
    }
    if !current.is_empty() {
        lines.push(current);
    }
    lines
}

/// `text` cut so that it fits `max_width` points at `size` (Helvetica's letters average about
/// half the size in width; wide letters count more).
fn fit(text: &str, size: f64, max_width: f64) -> String {
    let width = char_width;
    let mut used = 0.0;
    let mut out = String::new();
    for c in text.chars() {
        used += width(c) * size;
        if used > max_width {
            out.pop();
            out.push('…');
            return out;
        }
        out.push(c);
    }
    out
}

/// A PDF literal string's body in WinAnsi: `(`, `)` and `\` escaped, other bytes as octal.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match win_ansi(c) {
            b'(' | b')' | b'\\' => {
                out.push('\\');
                out.push(c);
            }
            b @ 0x20..=0x7e => out.push(b as char),
            b => {
                let _ = write!(out, "\\{b:03o}");
            }
        }
    }
    out
}

/// The WinAnsi (cp1252) byte of a character; `?` when it has none.
fn win_ansi(c: char) -> u8 {
    match c {
        ' '..='~' => c as u8,
        '\u{a0}'..='\u{ff}' => c as u32 as u8,
        '€' => 0x80,
        '‚' => 0x82,
        '„' => 0x84,
        '…' => 0x85,
        '‹' => 0x8b,
        'Œ' => 0x8c,
        '‘' => 0x91,
        '’' => 0x92,
        '“' => 0x93,
        '”' => 0x94,
        '•' => 0x95,
        '–' => 0x96,
        '—' => 0x97,
        '›' => 0x9b,
        'œ' => 0x9c,
        'Ÿ' => 0x9f,
        _ => b'?',
    }
}

/// Checks a PDF's frame: header, trailer, and each cross-reference offset pointing at its object.
pub fn verify(pdf: &[u8]) -> Result<(), String> {
    if !pdf.starts_with(b"%PDF-1.") {
        return Err("no PDF header".into());
    }
    let at = pdf.windows(10).rposition(|w| w == b"startxref\n").ok_or("no startxref")?;
    let tail = std::str::from_utf8(&pdf[at..]).map_err(|_| "a binary trailer")?;
    if !tail.trim_end().ends_with("%%EOF") {
        return Err("no %%EOF".into());
    }
    let start: usize = tail.lines().nth(1).and_then(|l| l.parse().ok()).ok_or("no xref offset")?;
    let table = pdf.get(start..at).and_then(|t| std::str::from_utf8(t).ok()).ok_or("no xref table")?;
    let mut lines = table.lines();
    if lines.next() != Some("xref") {
        return Err("startxref does not point at the table".into());
    }
    let count: usize = lines.next().and_then(|l| l.split(' ').nth(1)?.parse().ok()).ok_or("no object count")?;
    lines.next();
    for n in 1..count {
        let offset: usize = lines.next().and_then(|l| l.get(..10)?.parse().ok()).ok_or("a short table")?;
        if !pdf.get(offset..).is_some_and(|o| o.starts_with(format!("{n} 0 obj").as_bytes())) {
            return Err(format!("object {n} is not at {offset}"));
        }
    }
    Ok(())
}

/// Width, height and components of a JPEG, read from its frame header (SOF0–SOF2).
fn jpeg_frame(bytes: &[u8]) -> Option<(u32, u32, u8)> {
    if bytes.get(..2)? != [0xFF, 0xD8] {
        return None;
    }
    let mut i = 2;
    while i + 4 <= bytes.len() {
        if bytes[i] != 0xFF {
            return None;
        }
        let marker = bytes[i + 1];
        let len = usize::from(u16::from_be_bytes([bytes[i + 2], bytes[i + 3]]));
        if matches!(marker, 0xC0..=0xC2) {
            let f = bytes.get(i + 4..i + 10)?;
            let height = u32::from(u16::from_be_bytes([f[1], f[2]]));
            let width = u32::from(u16::from_be_bytes([f[3], f[4]]));
            return Some((width, height, f[5]));
        }
        i += 2 + len;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_document_with_an_image_and_text_is_well_formed() {
        let mut jpeg = Vec::new();
        image::RgbImage::from_pixel(40, 30, image::Rgb([10, 200, 30]))
            .write_to(&mut std::io::Cursor::new(&mut jpeg), image::ImageFormat::Jpeg)
            .unwrap();
        let mut doc = Document::default();
        let img = doc.add_jpeg(jpeg.clone()).unwrap();
        assert_eq!(doc.image_size(img), (40, 30));
        assert!(doc.add_jpeg(b"not a jpeg".to_vec()).is_none());
        let mut page = Page::default();
        page.image(img, 10.0, 10.0, 200.0, 150.0);
        page.text(Font::Bold, 12.0, 10.0, 400.0, 300.0, "Ligne 1 — été (Œuvre) \\ “ok”");
        page.box_(10.0, 10.0, 50.0, 50.0);
        doc.add_page(page);
        doc.add_page(Page::default());
        let pdf = doc.finish();
        verify(&pdf).unwrap();
        // A byte slipped in before the objects moves them and the table off their offsets: caught.
        let mut shifted = pdf.clone();
        shifted.insert(12, b' ');
        assert!(verify(&shifted).is_err());
        let text = String::from_utf8_lossy(&pdf);
        assert_eq!(text.matches("/Type /Page ").count(), 2);
        assert!(text.contains("/Count 2"));
        // é is 0xE9, — 0x97, Œ 0x8C in WinAnsi; parentheses and backslash escaped.
        assert!(text.contains(r"(Ligne 1 \227 \351t\351 \(\214uvre\) \\ \223ok\224) Tj"), "{text}");
        assert!(pdf.windows(jpeg.len()).any(|w| w == jpeg.as_slice()), "the JPEG is passed through");
    }

    #[test]
    fn long_lines_are_cut_to_fit() {
        let line = fit(&"a".repeat(200), 10.0, 100.0);
        assert!(line.ends_with('…'));
        assert!(line.chars().count() < 25);
        assert_eq!(fit("court", 10.0, 100.0), "court");
    }
}
