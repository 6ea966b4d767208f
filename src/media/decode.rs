//! Decoding under limits: `image::Limits` on every decode, EXIF orientation applied (all 8 values),
//! transparency flattened onto white; the embedded ICC profile is kept for colour conversion.

use std::io::Cursor;

use image::{DynamicImage, ImageDecoder, ImageReader, RgbImage};

use super::{Format, MediaError};
use crate::config::MediaLimits;

pub struct Decoded {
    /// Upright pixels, 8-bit RGB.
    pub pixels: RgbImage,
    /// The embedded colour profile, if any.
    pub icc: Option<Vec<u8>>,
}

/// Decodes a photo upright. `target_edge` is the largest long edge the caller needs: big JPEGs are
/// then decoded already scaled down (1/2, 1/4, 1/8 in the DCT domain), which saves time and most
/// of the memory a 48 MP photo would take.
pub fn decode(bytes: &[u8], format: Format, limits: &MediaLimits, target_edge: u32) -> Result<Decoded, MediaError> {
    if format == Format::Jpeg
        && let Some(d) = decode_jpeg_scaled(bytes, limits, target_edge)?
    {
        return Ok(d);
    }
    decode_full(bytes, format, limits)
}

/// The DCT-scaled path, for RGB and grey JPEGs at least twice as large as needed.
fn decode_jpeg_scaled(bytes: &[u8], limits: &MediaLimits, target_edge: u32) -> Result<Option<Decoded>, MediaError> {
    use jpeg_decoder::PixelFormat;
    let corrupt = |e: jpeg_decoder::Error| MediaError::Corrupt(e.to_string());
    let mut d = jpeg_decoder::Decoder::new(Cursor::new(bytes));
    d.set_max_decoding_buffer_size(usize::try_from(limits.max_pixels.saturating_mul(4)).unwrap_or(usize::MAX));
    d.read_info().map_err(corrupt)?;
    let Some(info) = d.info() else { return Ok(None) };
    let (w, h) = (info.width as u32, info.height as u32);
    if w.max(h) < target_edge * 2 || !matches!(info.pixel_format, PixelFormat::RGB24 | PixelFormat::L8) {
        return Ok(None);
    }
    let (rw, rh) = if w >= h {
        (target_edge, (target_edge as u64 * h as u64).div_ceil(w as u64) as u32)
    } else {
        ((target_edge as u64 * w as u64).div_ceil(h as u64) as u32, target_edge)
    };
    let (sw, sh) = d.scale(rw as u16, rh as u16).map_err(corrupt)?;
    let raw = d.decode().map_err(corrupt)?;
    let (sw, sh) = (sw as u32, sh as u32);
    let pixels = match info.pixel_format {
        PixelFormat::L8 => image::GrayImage::from_raw(sw, sh, raw).map(|g| DynamicImage::ImageLuma8(g).into_rgb8()),
        _ => RgbImage::from_raw(sw, sh, raw),
    }
    .ok_or_else(|| MediaError::Corrupt("JPEG data shorter than its header says".into()))?;
    let orientation = d
        .exif_data()
        .and_then(image::metadata::Orientation::from_exif_chunk)
        .unwrap_or(image::metadata::Orientation::NoTransforms);
    let mut img = DynamicImage::ImageRgb8(pixels);
    img.apply_orientation(orientation);
    Ok(Some(Decoded { pixels: img.into_rgb8(), icc: d.icc_profile() }))
}

fn decode_full(bytes: &[u8], format: Format, limits: &MediaLimits) -> Result<Decoded, MediaError> {
    let mut reader = ImageReader::with_format(Cursor::new(bytes), format.image_format());
    let mut l = image::Limits::default();
    l.max_image_width = Some(limits.max_side);
    l.max_image_height = Some(limits.max_side);
    // Room for the decoded pixels at up to 16 bits per channel with alpha.
    l.max_alloc = Some(limits.max_pixels.saturating_mul(8));
    reader.limits(l);
    let corrupt = |e: image::ImageError| MediaError::Corrupt(e.to_string());
    let mut decoder = reader.into_decoder().map_err(corrupt)?;
    let orientation = decoder.orientation().map_err(corrupt)?;
    let icc = decoder.icc_profile().ok().flatten();
    let mut img = DynamicImage::from_decoder(decoder).map_err(corrupt)?;
    img.apply_orientation(orientation);
    Ok(Decoded { pixels: flatten_on_white(img), icc })
}

/// Composites transparent images onto white so JPEG renditions do not turn transparency black.
pub fn flatten_on_white(img: DynamicImage) -> RgbImage {
    if !img.color().has_alpha() {
        return img.into_rgb8();
    }
    let rgba = img.into_rgba8();
    let mut out = RgbImage::new(rgba.width(), rgba.height());
    for (dst, src) in out.pixels_mut().zip(rgba.pixels()) {
        let a = src[3] as u32;
        for c in 0..3 {
            dst[c] = ((src[c] as u32 * a + 255 * (255 - a) + 127) / 255) as u8;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn transparency_becomes_white() {
        let img = image::RgbaImage::from_pixel(4, 4, image::Rgba([0, 0, 0, 0]));
        let flat = flatten_on_white(DynamicImage::ImageRgba8(img));
        assert_eq!(flat.get_pixel(0, 0).0, [255, 255, 255]);
    }
}
