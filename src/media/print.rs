//! Cover print files: the crop of the upright original resampled to the slot's pixels (trim +
//! bleed at its minimum resolution) as a high-quality JPEG with its resolution written in the
//! file and the original's colour profile kept (sRGB embedded when it had none); and the detail
//! map a suggested crop is placed on.

use std::sync::LazyLock;

use image::RgbImage;

use super::{MediaError, decode, heif, resize, sniff_checked};
use crate::config::MediaLimits;
use crate::domain::cover::CoverSpec;
use crate::domain::crop::{CropRect, DetailMap};

/// JPEG quality of print files (4:4:4, baseline: what printers' RIPs read best).
pub(crate) const PRINT_QUALITY: u8 = 95;

/// The sRGB profile embedded in print files whose original had none.
static SRGB_ICC: LazyLock<Option<Vec<u8>>> = LazyLock::new(|| moxcms::ColorProfile::new_srgb().encode().ok());

/// A print file: its bytes and pixel size.
pub(crate) struct PrintFile {
    pub jpeg: Vec<u8>,
    pub width: u32,
    pub height: u32,
}

/// Renders the print file of `crop` (in the upright original's pixels, the photo being `photo`
/// wide and high) for a slot. The original is decoded scaled down (in the DCT domain) when the
/// crop holds at least twice the pixels the slot needs.
pub(crate) fn print_file(
    bytes: &[u8],
    photo: (u32, u32),
    crop: &CropRect,
    spec: &CoverSpec,
    limits: &MediaLimits,
) -> Result<PrintFile, MediaError> {
    super::panic_safe(|| render_print(bytes, photo, (crop, spec), limits))
}

fn render_print(
    bytes: &[u8],
    photo: (u32, u32),
    (crop, spec): (&CropRect, &CoverSpec),
    limits: &MediaLimits,
) -> Result<PrintFile, MediaError> {
    let (width, height) = spec.required_pixels();
    let format = sniff_checked(bytes)?;
    // The photo's long edge at which the crop is as wide as the print file.
    let long = photo.0.max(photo.1);
    let edge = (f64::from(long) * f64::from(width) / f64::from(crop.width())).ceil() as u32;
    let (pixels, icc) = match format.image_format() {
        // HEIF: upright and already in sRGB (the child decodes it).
        None => (heif::decode(bytes, limits, edge.min(long))?.1, None),
        Some(_) => {
            let d = decode::decode(bytes, format, limits, edge)?;
            (d.pixels, d.icc)
        }
    };
    let scale = f64::from(pixels.width()) / f64::from(photo.0);
    let at = |v: u32, max: u32| ((f64::from(v) * scale).round() as u32).min(max);
    let (x, y) = (at(crop.x(), pixels.width() - 1), at(crop.y(), pixels.height() - 1));
    let w = at(crop.width(), pixels.width() - x).max(1);
    let h = at(crop.height(), pixels.height() - y).max(1);
    let cropped = image::imageops::crop_imm(&pixels, x, y, w, h).to_image();
    drop(pixels);
    let out = resize::cover(&cropped, width, height)?;
    drop(cropped);
    let jpeg = encode(&out, spec.min_dpi, icc.as_deref().or(SRGB_ICC.as_deref()))?;
    Ok(PrintFile { jpeg, width, height })
}

fn encode(img: &RgbImage, dpi: i64, icc: Option<&[u8]>) -> Result<Vec<u8>, MediaError> {
    let err = |e: jpeg_encoder::EncodingError| MediaError::Corrupt(format!("JPEG: {e}"));
    let mut out = Vec::with_capacity(img.as_raw().len() / 4);
    let mut enc = jpeg_encoder::Encoder::new(&mut out, PRINT_QUALITY);
    enc.set_sampling_factor(jpeg_encoder::SamplingFactor::R_4_4_4);
    enc.set_optimized_huffman_tables(true);
    let dpi = u16::try_from(dpi).unwrap_or(300);
    enc.set_density(jpeg_encoder::PixelDensity::dpi(dpi));
    if let Some(icc) = icc {
        enc.add_icc_profile(icc).map_err(err)?;
    }
    let (Ok(w), Ok(h)) = (u16::try_from(img.width()), u16::try_from(img.height())) else {
        return Err(MediaError::Corrupt("print file too large for JPEG".into()));
    };
    enc.encode(img.as_raw(), w, h, jpeg_encoder::ColorType::Rgb).map_err(err)?;
    Ok(out)
}

/// How much detail a (small, upright) copy of a photo holds per column and per row: the sum of
/// its luma gradients, the profile a suggested crop is placed on.
pub(crate) fn detail_map(img: &RgbImage) -> DetailMap {
    let (w, h) = img.dimensions();
    let luma: Vec<i32> =
        img.pixels().map(|p| (i32::from(p[0]) * 3 + i32::from(p[1]) * 6 + i32::from(p[2])) / 10).collect();
    let w = w as usize;
    let mut columns = vec![0.0; w];
    let mut rows = vec![0.0; h as usize];
    for (y, row_total) in rows.iter_mut().enumerate().skip(1) {
        let (above, line) = (&luma[(y - 1) * w..y * w], &luma[y * w..(y + 1) * w]);
        for (x, column_total) in columns.iter_mut().enumerate().skip(1) {
            let g = f64::from((line[x] - line[x - 1]).abs() + (line[x] - above[x]).abs());
            *column_total += g;
            *row_total += g;
        }
    }
    DetailMap { columns, rows }
}

/// Reads the pixel density (dots per inch) a JPEG's JFIF header declares, if any.
pub fn jpeg_dpi(bytes: &[u8]) -> Option<(u16, u16)> {
    // SOI, then APP0 "JFIF\0": version (2), units (1), x density (2), y density (2).
    let app0 = bytes.get(2..4)? == [0xFF, 0xE0] && bytes.get(6..11)? == b"JFIF\0";
    if !app0 {
        return None;
    }
    let units = *bytes.get(13)?;
    let x = u16::from_be_bytes([*bytes.get(14)?, *bytes.get(15)?]);
    let y = u16::from_be_bytes([*bytes.get(16)?, *bytes.get(17)?]);
    match units {
        1 => Some((x, y)),
        2 => Some(((f64::from(x) * 2.54).round() as u16, (f64::from(y) * 2.54).round() as u16)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detail_sits_where_the_edges_are() {
        // Flat on the left half, stripes on the right half.
        let img = RgbImage::from_fn(100, 50, |x, _| {
            let v = if x >= 50 && x % 2 == 0 { 255 } else { 0 };
            image::Rgb([v, v, v])
        });
        let map = detail_map(&img);
        let left: f64 = map.columns[..50].iter().sum();
        let right: f64 = map.columns[50..].iter().sum();
        assert!(right > 100.0 * left.max(1.0));
        let spec = CoverSpec::parse(100.0, 100.0, 0.0, 72).unwrap();
        let crop = CropRect::suggested((100, 50), &spec, Some(&map));
        assert_eq!((crop.x(), crop.width()), (50, 50));
    }

    #[test]
    fn the_srgb_profile_is_a_valid_icc_profile() {
        let icc = SRGB_ICC.as_deref().expect("sRGB profile");
        assert!(qcms::Profile::new_from_slice(icc, false).is_some());
    }

    #[test]
    fn a_print_file_has_the_slot_pixels_and_resolution() {
        let img = RgbImage::from_fn(800, 600, |x, y| image::Rgb([(x % 256) as u8, (y % 256) as u8, 128]));
        let original = super::super::encode::jpeg(&img, 90).unwrap();
        // 50 × 40 mm, 2 mm bleed, 200 dpi: 54 × 44 mm → 426 × 347 pixels.
        let spec = CoverSpec::parse(50.0, 40.0, 2.0, 200).unwrap();
        let crop = CropRect::suggested((800, 600), &spec, None);
        let file = print_file(&original, (800, 600), &crop, &spec, &MediaLimits::default()).unwrap();
        assert_eq!((file.width, file.height), spec.required_pixels());
        assert_eq!((file.width, file.height), (426, 347));
        assert_eq!(jpeg_dpi(&file.jpeg), Some((200, 200)));
        let decoded = image::load_from_memory(&file.jpeg).unwrap();
        assert_eq!((decoded.width(), decoded.height()), (426, 347));
        // sRGB embedded (the original had no profile).
        let mut d = jpeg_decoder::Decoder::new(std::io::Cursor::new(&file.jpeg));
        d.read_info().unwrap();
        assert_eq!(d.icc_profile().as_deref(), SRGB_ICC.as_deref());
    }
}
