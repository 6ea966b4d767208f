//! The media pipeline: identify the format from the bytes, check limits from the header, decode
//! under `image::Limits`, apply EXIF orientation, resize, re-encode without any metadata.

pub mod cpu;
pub mod sniff;

use std::io::Cursor;

use image::{DynamicImage, ImageDecoder, ImageReader, imageops::FilterType};

use crate::config::MediaLimits;
use crate::storage::RENDITION_VARIANTS;
pub use sniff::Format;

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
}

impl MediaError {
    pub fn code(&self) -> &'static str {
        match self {
            MediaError::Unsupported(_) => "unsupported_format",
            MediaError::TooManyPixels { .. } => "too_many_pixels",
            MediaError::SideTooLong { .. } => "image_too_large",
            MediaError::Corrupt(_) => "corrupt_image",
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

/// One re-encoded public image.
#[derive(Debug, Clone)]
pub struct Rendition {
    pub variant: &'static str,
    pub width: u32,
    pub height: u32,
    pub jpeg: Vec<u8>,
}

/// The output of the pipeline for one original.
#[derive(Debug, Clone)]
pub struct Rendered {
    /// Size after EXIF orientation.
    pub width: u32,
    pub height: u32,
    pub renditions: Vec<Rendition>,
}

/// Identifies the format and reads dimensions from the header; checks the pixel limits.
pub fn probe(bytes: &[u8], limits: &MediaLimits) -> Result<Probe, MediaError> {
    let format = Format::detect(bytes)?;
    sniff::check_complete(format, bytes)?;
    let reader = ImageReader::with_format(Cursor::new(bytes), format.image_format());
    let (width, height) = reader.into_dimensions().map_err(|e| MediaError::Corrupt(e.to_string()))?;
    check_limits(width, height, limits)?;
    Ok(Probe { format, width, height })
}

fn check_limits(width: u32, height: u32, limits: &MediaLimits) -> Result<(), MediaError> {
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

/// Decodes and renders every variant. A panic inside a decoder becomes a refusal.
pub fn render(bytes: &[u8], limits: &MediaLimits) -> Result<Rendered, MediaError> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| render_inner(bytes, limits)))
        .unwrap_or_else(|_| Err(MediaError::Corrupt("the decoder failed on this file".into())))
}

fn render_inner(bytes: &[u8], limits: &MediaLimits) -> Result<Rendered, MediaError> {
    let probe = probe(bytes, limits)?;
    let mut reader = ImageReader::with_format(Cursor::new(bytes), probe.format.image_format());
    let mut l = image::Limits::default();
    l.max_image_width = Some(limits.max_side);
    l.max_image_height = Some(limits.max_side);
    l.max_alloc = Some(limits.max_pixels.saturating_mul(8));
    reader.limits(l);
    let corrupt = |e: image::ImageError| MediaError::Corrupt(e.to_string());
    let mut decoder = reader.into_decoder().map_err(corrupt)?;
    let orientation = decoder.orientation().map_err(corrupt)?;
    let mut img = DynamicImage::from_decoder(decoder).map_err(corrupt)?;
    img.apply_orientation(orientation);
    let img = flatten_on_white(img);
    let (width, height) = (img.width(), img.height());

    // Largest first, each smaller one resized from the previous: less work, same quality.
    let mut renditions = Vec::with_capacity(RENDITION_VARIANTS.len());
    let mut source = img;
    for (variant, edge) in RENDITION_VARIANTS.iter().rev() {
        if source.width().max(source.height()) > *edge {
            source = source.resize(*edge, *edge, FilterType::CatmullRom);
        }
        renditions.push(Rendition {
            variant,
            width: source.width(),
            height: source.height(),
            jpeg: encode_jpeg(&source)?,
        });
    }
    renditions.reverse();
    Ok(Rendered { width, height, renditions })
}

/// Composites transparent images onto white so JPEG renditions do not turn transparency black.
fn flatten_on_white(img: DynamicImage) -> DynamicImage {
    if !img.color().has_alpha() {
        return DynamicImage::ImageRgb8(img.into_rgb8());
    }
    let rgba = img.into_rgba8();
    let mut out = image::RgbImage::new(rgba.width(), rgba.height());
    for (dst, src) in out.pixels_mut().zip(rgba.pixels()) {
        let a = src[3] as u32;
        for c in 0..3 {
            dst[c] = ((src[c] as u32 * a + 255 * (255 - a) + 127) / 255) as u8;
        }
    }
    DynamicImage::ImageRgb8(out)
}

/// Encodes pixels only: the output carries no EXIF, GPS, XMP or comments.
fn encode_jpeg(img: &DynamicImage) -> Result<Vec<u8>, MediaError> {
    let mut out = Vec::new();
    let enc = image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 82);
    img.write_with_encoder(enc).map_err(|e| MediaError::Corrupt(e.to_string()))?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    pub(crate) const LIMITS: MediaLimits =
        MediaLimits { max_upload_bytes: 40_000_000, max_pixels: 100_000_000, max_side: 20_000 };

    fn jpeg(w: u32, h: u32) -> Vec<u8> {
        let img = image::RgbImage::from_fn(w, h, |x, y| image::Rgb([(x * 7) as u8, (y * 5) as u8, 128]));
        let mut out = Vec::new();
        DynamicImage::ImageRgb8(img).write_to(&mut Cursor::new(&mut out), image::ImageFormat::Jpeg).unwrap();
        out
    }

    #[test]
    fn renders_every_variant_without_upscaling() {
        let r = render(&jpeg(3000, 2000), &LIMITS).unwrap();
        let sizes: Vec<_> = r.renditions.iter().map(|r| (r.variant, r.width, r.height)).collect();
        assert_eq!(sizes, vec![("w400", 400, 267), ("w1080", 1080, 720), ("w2048", 2048, 1365)]);
        let small = render(&jpeg(300, 200), &LIMITS).unwrap();
        assert!(small.renditions.iter().all(|r| (r.width, r.height) == (300, 200)));
    }

    #[test]
    fn limits_are_checked_from_the_header() {
        let tight = MediaLimits { max_pixels: 1000, ..LIMITS };
        assert!(matches!(probe(&jpeg(100, 100), &tight), Err(MediaError::TooManyPixels { .. })));
        let narrow = MediaLimits { max_side: 50, ..LIMITS };
        assert!(matches!(probe(&jpeg(100, 10), &narrow), Err(MediaError::SideTooLong { .. })));
    }

    #[test]
    fn truncated_files_are_refused() {
        let mut bytes = jpeg(400, 300);
        bytes.truncate(bytes.len() / 3);
        assert!(matches!(render(&bytes, &LIMITS), Err(MediaError::Corrupt(_))));
    }

    #[test]
    fn transparency_becomes_white() {
        let img = image::RgbaImage::from_pixel(4, 4, image::Rgba([0, 0, 0, 0]));
        let flat = flatten_on_white(DynamicImage::ImageRgba8(img)).into_rgb8();
        assert_eq!(flat.get_pixel(0, 0).0, [255, 255, 255]);
    }
}
