//! Identifies a file's format from its first bytes only (never its name or Content-Type),
//! naming what was found when it is refused.

use super::MediaError;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Jpeg,
    Png,
    WebP,
}

const ACCEPTED: &str = "accepted formats are JPEG, PNG and WebP";

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
        let found = if starts(b"GIF8") {
            "a GIF image"
        } else if starts(b"II*\0") || starts(b"MM\0*") {
            "a TIFF image"
        } else if starts(b"%PDF") {
            "a PDF document"
        } else if starts(b"PK\x03\x04") || starts(b"\x1f\x8b") || starts(b"7z\xbc\xaf") || starts(b"Rar!") {
            "an archive"
        } else if bytes.len() >= 12
            && &bytes[4..8] == b"ftyp"
            && matches!(&bytes[8..12], b"heic" | b"heix" | b"mif1" | b"msf1" | b"hevc")
        {
            "a HEIC/HEIF photo (not supported yet: export it as JPEG)"
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

    pub fn image_format(self) -> image::ImageFormat {
        match self {
            Format::Jpeg => image::ImageFormat::Jpeg,
            Format::Png => image::ImageFormat::Png,
            Format::WebP => image::ImageFormat::WebP,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Format::Jpeg => "jpeg",
            Format::Png => "png",
            Format::WebP => "webp",
        }
    }

    pub fn extension(self) -> &'static str {
        match self {
            Format::Jpeg => "jpg",
            Format::Png => "png",
            Format::WebP => "webp",
        }
    }
}

/// Refuses files cut short. JPEG decoders happily paint a truncated photo grey, so a JPEG must
/// have an end-of-image marker after its last scan (thumbnails inside EXIF come before it).
pub fn check_complete(format: Format, bytes: &[u8]) -> Result<(), MediaError> {
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
    }

    #[test]
    fn names_what_it_refuses() {
        for (bytes, word) in [
            (&b"GIF89a"[..], "GIF"),
            (b"<svg xmlns=\"http://www.w3.org/2000/svg\">", "SVG"),
            (b"  <!DOCTYPE html><html>", "HTML"),
            (b"%PDF-1.7", "PDF"),
            (b"PK\x03\x04rest", "archive"),
            (b"\0\0\0\x18ftypheic\0\0", "HEIC"),
            (b"hello", "not a photo"),
        ] {
            let msg = Format::detect(bytes).unwrap_err().to_string();
            assert!(msg.contains(word) && msg.contains("JPEG, PNG and WebP"), "{msg}");
        }
    }
}
