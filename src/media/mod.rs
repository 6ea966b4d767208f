//! The media pipeline: identify the format from the bytes, check limits from the header, decode
//! under `image::Limits`, apply EXIF orientation, convert to sRGB, resize (SIMD), then encode every
//! public rendition in parallel, re-encoded from pixels with no metadata at all.

pub(crate) mod color;
pub(crate) mod cpu;
pub(crate) mod decode;
pub(crate) mod encode;
pub(crate) mod heif;
pub(crate) mod heif_child;
pub(crate) mod logo;
pub(crate) mod mockup;
pub(crate) mod phash;
pub(crate) mod print;
pub(crate) mod resize;
pub(crate) mod share;
pub(crate) mod sniff;

use std::io::Cursor;
use std::time::Instant;

use image::{ImageReader, RgbImage};
use rayon::prelude::*;

use crate::config::MediaLimits;
pub use sniff::Format;

/// Long-edge sizes of the renditions (never upscaled).
pub(crate) const SIZES: [(&str, u32); 3] = [("w400", 400), ("w1080", 1080), ("w2048", 2048)];
/// Every public file the pipeline writes for one original.
pub const RENDITION_FILES: [&str; 7] =
    ["w400.jpg", "w400.webp", "w1080.jpg", "w1080.webp", "w2048.jpg", "w2048.webp", "share.jpg"];
pub(crate) const JPEG_QUALITY: u8 = 82;
pub(crate) const WEBP_QUALITY: f32 = 80.0;

/// Why a photo is refused; each has a stable code.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MediaError {
    #[error("{0}")]
    Unsupported(String),
    #[error("the photo has {pixels} pixels; the limit is {limit}")]
    TooManyPixels { pixels: u64, limit: u64 },
    #[error("the photo is {side} pixels on one side; the limit is {limit}")]
    SideTooLong { side: u32, limit: u32 },
    #[error("the file is damaged or truncated and cannot be read as a photo")]
    Corrupt(String),
    #[error("the photo could not be decoded within the time and memory allowed")]
    TooComplex(String),
    /// The server cannot decode right now (the HEIC decoder cannot be started): not the file's fault.
    #[error("photos of this kind cannot be read right now; try again later")]
    DecoderUnavailable(String),
}

impl MediaError {
    pub fn code(&self) -> &'static str {
        match self {
            MediaError::Unsupported(_) => "unsupported_format",
            MediaError::TooManyPixels { .. } => "too_many_pixels",
            MediaError::SideTooLong { .. } => "image_too_large",
            MediaError::Corrupt(_) => "corrupt_image",
            MediaError::TooComplex(_) => "decode_limit",
            MediaError::DecoderUnavailable(_) => "decoder_unavailable",
        }
    }
}

/// What the header says about a photo, before any decoding.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Probe {
    pub format: Format,
    pub width: u32,
    pub height: u32,
}

/// One re-encoded public file.
#[derive(Debug, Clone)]
pub struct Rendition {
    /// File name, one of [`RENDITION_FILES`].
    pub file: &'static str,
    pub width: u32,
    pub height: u32,
    pub bytes: Vec<u8>,
}

impl Rendition {
    pub fn content_type(&self) -> &'static str {
        content_type_of_file(self.file)
    }
}

/// MIME type of a rendition file name.
pub(crate) fn content_type_of_file(file: &str) -> &'static str {
    match file.rsplit_once('.').map(|(_, ext)| ext) {
        Some("webp") => "image/webp",
        Some("png") => "image/png",
        _ => "image/jpeg",
    }
}

/// Where the time went, in milliseconds.
#[derive(Debug, Clone, Copy, Default)]
pub struct Timings {
    pub decode_ms: f64,
    /// The main downscale (to 2048 px) and colour conversion; the smaller sizes are made while
    /// the largest WebP encodes, so they count in `encode_ms`.
    pub resize_ms: f64,
    pub encode_ms: f64,
}

/// The output of the pipeline for one original.
#[derive(Debug, Clone)]
pub struct Rendered {
    /// Size after EXIF orientation.
    pub width: u32,
    pub height: u32,
    pub renditions: Vec<Rendition>,
    /// Average colour (`#rrggbb`), painted while the photo loads.
    pub placeholder: String,
    /// 64-bit perceptual hash (near-duplicate detection).
    pub phash: u64,
    pub timings: Timings,
}

/// Identifies the format and reads dimensions from the header; checks the pixel limits.
pub fn probe(bytes: &[u8], limits: &MediaLimits) -> Result<Probe, MediaError> {
    let format = sniff_checked(bytes)?;
    let (width, height) = match format.image_format() {
        Some(f) => header_size(bytes, f, limits)?,
        None => heif::probe(bytes, limits)?,
    };
    Ok(Probe { format, width, height })
}

/// Width and height from the header of a format decoded in process, within the limits.
fn header_size(bytes: &[u8], format: image::ImageFormat, limits: &MediaLimits) -> Result<(u32, u32), MediaError> {
    let (width, height) = ImageReader::with_format(Cursor::new(bytes), format)
        .into_dimensions()
        .map_err(|e| MediaError::Corrupt(e.to_string()))?;
    check_limits(width, height, limits)?;
    Ok((width, height))
}

/// The format, from the bytes; refuses truncated files, animations and polyglots.
fn sniff_checked(bytes: &[u8]) -> Result<Format, MediaError> {
    let format = Format::detect(bytes)?;
    sniff::check_complete(format, bytes)?;
    sniff::check_single_still_image(format, bytes)?;
    Ok(format)
}

pub(crate) fn check_limits(width: u32, height: u32, limits: &MediaLimits) -> Result<(), MediaError> {
    let side = width.max(height);
    if side > limits.max_side {
        return Err(MediaError::SideTooLong { side, limit: limits.max_side });
    }
    let pixels = width as u64 * height as u64;
    if pixels > limits.max_pixels {
        return Err(MediaError::TooManyPixels { pixels, limit: limits.max_pixels });
    }
    if width == 0 || height == 0 {
        return Err(MediaError::Corrupt("empty image".into()));
    }
    Ok(())
}

/// Runs decoding or encoding work; a panic inside a decoder or encoder becomes a refusal.
pub(crate) fn panic_safe<T>(work: impl FnOnce() -> Result<T, MediaError>) -> Result<T, MediaError> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(work))
        .unwrap_or_else(|_| Err(MediaError::Corrupt("the decoder failed on this file".into())))
}

/// A small JPEG of a photo, upright and in sRGB, with its long edge at most `edge`: what the
/// upload page shows of a photo the phone's browser cannot draw (HEIC on most of them). The same
/// checks as an entry's; nothing is kept.
pub(crate) fn thumbnail(bytes: &[u8], limits: &MediaLimits, edge: u32) -> Result<Vec<u8>, MediaError> {
    panic_safe(|| {
        let format = sniff_checked(bytes)?;
        let pixels = match format.image_format() {
            None => heif::decode(bytes, limits, edge)?.1,
            Some(image_format) => {
                header_size(bytes, image_format, limits)?;
                let decoded = decode::decode(bytes, format, limits, edge)?;
                let mut pixels = resize::fit(&decoded.pixels, edge)?;
                if let Some(icc) = &decoded.icc {
                    color::to_srgb(&mut pixels, icc);
                }
                pixels
            }
        };
        encode::jpeg(&resize::fit(&pixels, edge)?, 80)
    })
}

/// Decodes and renders every file.
pub fn render(bytes: &[u8], limits: &MediaLimits) -> Result<Rendered, MediaError> {
    panic_safe(|| render_inner(bytes, limits))
}

fn render_inner(bytes: &[u8], limits: &MediaLimits) -> Result<Rendered, MediaError> {
    let t0 = Instant::now();
    let format = sniff_checked(bytes)?;
    let ((width, height), decoded) = match format.image_format() {
        // HEIF: already upright, scaled and in sRGB, the child did it (and checked the limits).
        None => {
            let (size, pixels) = heif::decode(bytes, limits, SIZES[2].1)?;
            (size, decode::Decoded { pixels, icc: None })
        }
        Some(image_format) => {
            let (w, h) = header_size(bytes, image_format, limits)?;
            let decoded = decode::decode(bytes, format, limits, SIZES[2].1)?;
            // The photo's own size, upright (the decoder may have scaled it down already).
            let turned = decoded.pixels.width() < decoded.pixels.height();
            let (long, short) = (w.max(h), w.min(h));
            (if turned { (short, long) } else { (long, short) }, decoded)
        }
    };
    let t1 = Instant::now();

    // Largest first, each smaller one resized from the previous: less work, same quality.
    // Colours are converted once, on the largest rendition, rather than on every source pixel.
    let mut large = resize::fit(&decoded.pixels, SIZES[2].1)?;
    drop(decoded.pixels);
    if let Some(icc) = &decoded.icc {
        color::to_srgb(&mut large, icc);
    }
    let t2 = Instant::now();

    // The WebP of the largest size is the slowest piece: it starts as soon as its pixels exist,
    // while the other core makes the smaller sizes and the other six files.
    let (large_webp, rest) = rayon::join(
        || encode_one(RENDITION_FILES[5], &large),
        || -> Result<(Vec<Rendition>, RgbImage), MediaError> {
            let mid = resize::fit(&large, SIZES[1].1)?;
            let small = resize::fit(&mid, SIZES[0].1)?;
            let share = share::framed(&large)?;
            let targets: [(usize, &RgbImage); 6] =
                [(4, &large), (3, &mid), (6, &share), (2, &mid), (1, &small), (0, &small)];
            let files = targets
                .par_iter()
                .map(|&(i, img)| encode_one(RENDITION_FILES[i], img))
                .collect::<Result<Vec<_>, MediaError>>()?;
            Ok((files, small))
        },
    );
    let (mut renditions, small) = rest?;
    renditions.push(large_webp?);
    renditions.sort_by_key(|r| RENDITION_FILES.iter().position(|f| *f == r.file));
    let placeholder = color::average_hex(&small);
    let phash = phash::phash(&small);
    let t3 = Instant::now();
    let ms = |a: Instant, b: Instant| (b - a).as_secs_f64() * 1000.0;
    Ok(Rendered {
        width,
        height,
        renditions,
        placeholder,
        phash,
        timings: Timings { decode_ms: ms(t0, t1), resize_ms: ms(t1, t2), encode_ms: ms(t2, t3) },
    })
}

/// One public file from pixels: WebP or JPEG after its name.
fn encode_one(file: &'static str, img: &RgbImage) -> Result<Rendition, MediaError> {
    let bytes =
        if file.ends_with(".webp") { encode::webp(img, WEBP_QUALITY)? } else { encode::jpeg(img, JPEG_QUALITY)? };
    Ok(Rendition { file, width: img.width(), height: img.height(), bytes })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn jpeg(w: u32, h: u32) -> Vec<u8> {
        let img = image::RgbImage::from_fn(w, h, |x, y| image::Rgb([(x * 7) as u8, (y * 5) as u8, 128]));
        let mut out = Vec::new();
        image::DynamicImage::ImageRgb8(img).write_to(&mut Cursor::new(&mut out), image::ImageFormat::Jpeg).unwrap();
        out
    }

    #[test]
    fn renders_every_file_without_upscaling() {
        let r = render(&jpeg(3000, 2000), &MediaLimits::default()).unwrap();
        let sizes: Vec<_> = r.renditions.iter().map(|r| (r.file, r.width, r.height)).collect();
        assert_eq!(
            sizes,
            vec![
                ("w400.jpg", 400, 267),
                ("w400.webp", 400, 267),
                ("w1080.jpg", 1080, 720),
                ("w1080.webp", 1080, 720),
                ("w2048.jpg", 2048, 1365),
                ("w2048.webp", 2048, 1365),
                ("share.jpg", 1200, 630),
            ]
        );
        for r in &r.renditions {
            let fmt = image::guess_format(&r.bytes).unwrap();
            let expected = if r.file.ends_with(".webp") { image::ImageFormat::WebP } else { image::ImageFormat::Jpeg };
            assert_eq!(fmt, expected, "{}", r.file);
            let img = image::load_from_memory(&r.bytes).unwrap();
            assert_eq!((img.width(), img.height()), (r.width, r.height), "{}", r.file);
        }
        let small = render(&jpeg(300, 200), &MediaLimits::default()).unwrap();
        assert!(small.renditions.iter().filter(|r| r.file != "share.jpg").all(|r| (r.width, r.height) == (300, 200)));
        assert!(r.placeholder.starts_with('#') && r.placeholder.len() == 7);
    }

    #[test]
    fn jpeg_renditions_are_progressive() {
        let r = render(&jpeg(900, 600), &MediaLimits::default()).unwrap();
        let j = &r.renditions.iter().find(|r| r.file == "w1080.jpg").unwrap().bytes;
        assert!(j.windows(2).any(|w| w == [0xFF, 0xC2]), "SOF2 (progressive) marker");
    }

    #[test]
    fn limits_are_checked_from_the_header() {
        let tight = MediaLimits { max_pixels: 1000, ..MediaLimits::default() };
        assert!(matches!(probe(&jpeg(100, 100), &tight), Err(MediaError::TooManyPixels { .. })));
        let narrow = MediaLimits { max_side: 50, ..MediaLimits::default() };
        assert!(matches!(probe(&jpeg(100, 10), &narrow), Err(MediaError::SideTooLong { .. })));
    }

    #[test]
    fn truncated_files_are_refused() {
        let mut bytes = jpeg(400, 300);
        bytes.truncate(bytes.len() / 3);
        assert!(matches!(render(&bytes, &MediaLimits::default()), Err(MediaError::Corrupt(_))));
    }
}
