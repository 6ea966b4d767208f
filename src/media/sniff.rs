//! Identifies a file's format from its first bytes only (never its name or Content-Type),
//! naming what was found when it is refused.

use super::MediaError;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Jpeg,
    Png,
    WebP,
    /// HEIC/HEIF as iPhones write it; decoded only in the sandboxed child process.
    Heif,
}

const ACCEPTED: &str = "accepted formats are JPEG, PNG, WebP and HEIC";

impl Format {
    pub fn detect(bytes: &[u8]) -> Result<Self, MediaError> {
        let starts = |m: &[u8]| bytes.starts_with(m);
        if starts(&[0xFF, 0xD8, 0xFF]) {
            return Ok(Format::Jpeg);
        }
        if starts(b"\x89PNG\r\n\x1a\n") {
            return Ok(Format::Png);
        }
        if bytes.len() >= 12 && starts(b"RIFF") && &bytes[8..12] == b"WEBP" {
            return Ok(Format::WebP);
        }
        let brands = ftyp_brands(bytes);
        if let Some(major) = brands.first() {
            if matches!(*major, b"msf1" | b"hevc" | b"hevx" | b"avis") {
                return Err(MediaError::Unsupported(format!(
                    "this is an image sequence (burst or animation); {ACCEPTED}, as one still photo"
                )));
            }
            if brands.contains(&b"avif".as_slice()) {
                return Err(MediaError::Unsupported(format!("this is an AVIF image; {ACCEPTED}")));
            }
            if matches!(*major, b"heic" | b"heix" | b"heim" | b"heis" | b"mif1" | b"mif2") {
                return Ok(Format::Heif);
            }
        }
        let found = if starts(b"GIF8") {
            "a GIF image"
        } else if starts(b"II*\0") || starts(b"MM\0*") {
            "a TIFF image"
        } else if starts(b"%PDF") {
            "a PDF document"
        } else if starts(b"PK\x03\x04") || starts(b"\x1f\x8b") || starts(b"7z\xbc\xaf") || starts(b"Rar!") {
            "an archive"
        } else if bytes.len() >= 12 && &bytes[4..8] == b"ftyp" {
            "a video"
        } else if looks_like_markup(bytes) {
            "an SVG, HTML or XML document"
        } else if bytes.is_empty() {
            "an empty file"
        } else {
            "a file that is not a photo"
        };
        Err(MediaError::Unsupported(format!("this is {found}; {ACCEPTED}")))
    }

    /// The `image` crate's decoder for this format; HEIF has none there (see `media::heif`).
    pub fn image_format(self) -> Option<image::ImageFormat> {
        match self {
            Format::Jpeg => Some(image::ImageFormat::Jpeg),
            Format::Png => Some(image::ImageFormat::Png),
            Format::WebP => Some(image::ImageFormat::WebP),
            Format::Heif => None,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Format::Jpeg => "jpeg",
            Format::Png => "png",
            Format::WebP => "webp",
            Format::Heif => "heic",
        }
    }

    pub fn extension(self) -> &'static str {
        match self {
            Format::Jpeg => "jpg",
            Format::Png => "png",
            Format::WebP => "webp",
            Format::Heif => "heic",
        }
    }
}

/// The major brand then the compatible brands of an ISO media file (`ftyp` box first).
fn ftyp_brands(bytes: &[u8]) -> Vec<&[u8]> {
    if bytes.len() < 16 || &bytes[4..8] != b"ftyp" {
        return Vec::new();
    }
    let size = (u32::from_be_bytes([bytes[0], bytes[1], bytes[2], bytes[3]]) as usize).clamp(16, bytes.len());
    // major brand, minor version, then compatible brands
    std::iter::once(&bytes[8..12]).chain(bytes[16..size].chunks_exact(4)).collect()
}

/// Walks the top-level boxes of an ISO media file: where they end (anything after is trailing
/// data), or `None` when a box runs past the end of the file (truncated).
fn iso_boxes_end(bytes: &[u8]) -> Option<usize> {
    let mut at = 0usize;
    while bytes.len() - at >= 8 {
        let head = &bytes[at..];
        let typ = &head[4..8];
        if !typ.iter().all(|c| c.is_ascii_alphanumeric() || *c == b' ') {
            break; // not a box: trailing data
        }
        let size = match u32::from_be_bytes([head[0], head[1], head[2], head[3]]) {
            0 => bytes.len() - at,
            1 => {
                let large = head.get(8..16)?;
                usize::try_from(u64::from_be_bytes(large.try_into().ok()?)).ok()?
            }
            n => n as usize,
        };
        if size < 8 || size > bytes.len() - at {
            return None;
        }
        at += size;
    }
    Some(at)
}

/// Refuses animations (a contest entry is one still photo) and polyglots: files that carry
/// another file (archive, PDF, web page, script) after the image or inside it.
pub(crate) fn check_single_still_image(format: Format, bytes: &[u8]) -> Result<(), MediaError> {
    let refuse = |what: &str| Err(MediaError::Unsupported(format!("{what}; {ACCEPTED}, as one still photo")));
    match format {
        Format::WebP => {
            let animated_flag = bytes.len() > 20 && &bytes[12..16] == b"VP8X" && bytes[20] & 0x02 != 0;
            if animated_flag || contains(&bytes[..bytes.len().min(4096)], b"ANIM") {
                return refuse("this is an animated WebP");
            }
        }
        Format::Png => {
            if find(bytes, b"IDAT").is_some_and(|idat| contains(&bytes[..idat], b"acTL")) {
                return refuse("this is an animated PNG");
            }
        }
        Format::Jpeg | Format::Heif => {}
    }
    if hides_markup(bytes) {
        return refuse("this file hides web page code inside the image");
    }
    let trailing = &bytes[image_end(format, bytes).min(bytes.len())..];
    for (marker, what) in [
        (&b"PK\x03\x04"[..], "a ZIP archive"),
        (b"%PDF", "a PDF document"),
        (b"Rar!", "a RAR archive"),
        (b"7z\xbc\xaf", "a 7-Zip archive"),
        (b"\x7fELF", "a program"),
    ] {
        if contains(trailing, marker) {
            return refuse(&format!("this file hides {what} after the image"));
        }
    }
    Ok(())
}

/// Where the image data ends (anything after is trailing data).
fn image_end(format: Format, bytes: &[u8]) -> usize {
    match format {
        // Phones append more JPEG data (MPF previews): the last end-of-image marker counts.
        Format::Jpeg => bytes.windows(2).rposition(|w| w == [0xFF, 0xD9]).map_or(bytes.len(), |at| at + 2),
        Format::Png => find(bytes, b"IEND").map_or(bytes.len(), |at| at + 8),
        Format::WebP => {
            bytes.get(4..8).map_or(bytes.len(), |s| u32::from_le_bytes([s[0], s[1], s[2], s[3]]) as usize + 8)
        }
        Format::Heif => iso_boxes_end(bytes).unwrap_or(bytes.len()),
    }
}

/// Whether a tag that browsers would run or render (`<script`, `<html`…) appears anywhere, in any case.
fn hides_markup(bytes: &[u8]) -> bool {
    const TAGS: [&[u8]; 5] = [b"script", b"html", b"!doctype", b"?php", b"iframe"];
    memchr::memchr_iter(b'<', bytes).any(|at| {
        let rest = &bytes[at + 1..];
        TAGS.iter().any(|tag| rest.len() >= tag.len() && rest[..tag.len()].eq_ignore_ascii_case(tag))
    })
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    memchr::memmem::find(haystack, needle)
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    find(haystack, needle).is_some()
}

/// Refuses files cut short. JPEG decoders happily paint a truncated photo grey, so a JPEG must
/// have an end-of-image marker after its last scan (thumbnails inside EXIF come before it).
pub(crate) fn check_complete(format: Format, bytes: &[u8]) -> Result<(), MediaError> {
    if format == Format::Heif {
        return match iso_boxes_end(bytes) {
            Some(_) => Ok(()),
            None => Err(MediaError::Corrupt("the HEIC data is incomplete (truncated file)".into())),
        };
    }
    if format != Format::Jpeg {
        return Ok(()); // PNG and WebP decoders refuse truncated data themselves
    }
    let last_scan = bytes.windows(2).rposition(|w| w == [0xFF, 0xDA]);
    let complete = last_scan.is_some_and(|at| bytes[at..].windows(2).any(|w| w == [0xFF, 0xD9]));
    if complete { Ok(()) } else { Err(MediaError::Corrupt("the JPEG data is incomplete (truncated file)".into())) }
}

fn looks_like_markup(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(512)];
    let text = String::from_utf8_lossy(head).trim_start_matches('\u{feff}').trim_start().to_ascii_lowercase();
    text.starts_with('<')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_accepted_formats_by_magic() {
        assert_eq!(Format::detect(&[0xFF, 0xD8, 0xFF, 0xE0]).unwrap(), Format::Jpeg);
        assert_eq!(Format::detect(b"\x89PNG\r\n\x1a\n....").unwrap(), Format::Png);
        assert_eq!(Format::detect(b"RIFF\0\0\0\0WEBPVP8 ").unwrap(), Format::WebP);
        let iphone = b"\0\0\0\x18ftypheic\0\0\0\0mif1heic";
        assert_eq!(Format::detect(iphone).unwrap(), Format::Heif);
        assert_eq!(Format::detect(b"\0\0\0\x18ftypmif1\0\0\0\0mif1heic").unwrap(), Format::Heif);
    }

    #[test]
    fn heif_boxes_are_walked_for_truncation_and_trailing_data() {
        let mut file = b"\0\0\0\x18ftypheic\0\0\0\0mif1heic\0\0\0\x0cmdatDATA".to_vec();
        assert!(check_complete(Format::Heif, &file).is_ok());
        assert!(check_complete(Format::Heif, &file[..file.len() - 2]).is_err());
        file.extend_from_slice(b"\x01\x02PK\x03\x04zip");
        let msg = check_single_still_image(Format::Heif, &file).unwrap_err().to_string();
        assert!(msg.contains("ZIP"), "{msg}");
    }

    #[test]
    fn refuses_animations_and_polyglots() {
        let mut anim = b"RIFF\x30\0\0\0WEBPVP8X\x0a\0\0\0\x02\0\0\0".to_vec();
        anim.resize(0x38, 0);
        let msg = check_single_still_image(Format::WebP, &anim).unwrap_err().to_string();
        assert!(msg.contains("animated WebP"), "{msg}");
        let mut zip_after = vec![0xFF, 0xD8, 0xFF, 0xE0, 0, 0, 0xFF, 0xD9];
        zip_after.extend_from_slice(b"PK\x03\x04payload");
        let msg = check_single_still_image(Format::Jpeg, &zip_after).unwrap_err().to_string();
        assert!(msg.contains("ZIP"), "{msg}");
        let html_inside = b"\xFF\xD8\xFF\xFE\x00\x20<SCRIPT>alert(1)</script>\xFF\xD9".to_vec();
        assert!(check_single_still_image(Format::Jpeg, &html_inside).is_err());
        // Phones append a second JPEG (MPF preview) after the first: that is fine.
        let mpf = b"\xFF\xD8\xFF\xE0data\xFF\xD9\xFF\xD8more\xFF\xD9".to_vec();
        assert!(check_single_still_image(Format::Jpeg, &mpf).is_ok());
    }

    #[test]
    fn names_what_it_refuses() {
        for (bytes, word) in [
            (&b"GIF89a"[..], "GIF"),
            (b"<svg xmlns=\"http://www.w3.org/2000/svg\">", "SVG"),
            (b"  <!DOCTYPE html><html>", "HTML"),
            (b"%PDF-1.7", "PDF"),
            (b"PK\x03\x04rest", "archive"),
            (b"\0\0\0\x18ftypavif\0\0\0\0mif1avif", "AVIF"),
            (b"\0\0\0\x18ftypmsf1\0\0\0\0msf1hevc", "sequence"),
            (b"\0\0\0\x18ftypisom\0\0\0\0isommp41", "video"),
            (b"hello", "not a photo"),
        ] {
            let msg = Format::detect(bytes).unwrap_err().to_string();
            assert!(msg.contains(word) && msg.contains("JPEG, PNG, WebP and HEIC"), "{msg}");
        }
    }
}
