//! Cover mockups: the PNG of a cover's fixed parts (logo, title band, line number) that staff
//! upload for a slot, checked against the slot's shape and stored re-encoded; and the preview of
//! a winner as the printed cover will look: its print file under the mockup, trimmed (the bleed
//! is cut off at the printer).

use std::io::Cursor;

use image::{ImageFormat, ImageReader, Limits, RgbImage, RgbaImage};

use super::{MediaError, resize};
use crate::domain::Invalid;
use crate::domain::cover::CoverSpec;

/// The largest mockup accepted, in bytes and pixels.
pub(crate) const MAX_MOCKUP_BYTES: usize = 20_000_000;
const MAX_MOCKUP_PIXELS: u64 = 60_000_000;
/// Height in pixels of a cover preview (the trimmed cover).
pub(crate) const PREVIEW_HEIGHT: u32 = 1200;
/// JPEG quality of previews (a screen and contact-sheet image, not a print file).
const PREVIEW_QUALITY: u8 = 88;

/// A mockup as Déclic stores it: an RGBA PNG of the whole printed area (trim + bleed).
pub(crate) struct Mockup {
    pub png: Vec<u8>,
}

/// Reads a mockup sent by staff: a PNG (transparency where the photo shows through) whose shape
/// is the slot's printed area with bleed, within 1 %; re-encoded without its metadata.
pub(crate) fn mockup_png(bytes: &[u8], spec: &CoverSpec) -> Result<Mockup, Invalid> {
    if bytes.len() > MAX_MOCKUP_BYTES {
        return Err(Invalid::new("mockup_too_large", "the mockup is larger than 20 MB"));
    }
    if image::guess_format(bytes).ok() != Some(ImageFormat::Png) {
        return Err(Invalid::new("mockup_not_png", "the mockup must be a PNG image (with transparency)"));
    }
    let mut limits = Limits::default();
    limits.max_image_width = Some(20_000);
    limits.max_image_height = Some(20_000);
    limits.max_alloc = Some(MAX_MOCKUP_PIXELS * 8);
    let mut reader = ImageReader::with_format(Cursor::new(bytes), ImageFormat::Png);
    reader.limits(limits);
    let corrupt = || Invalid::new("corrupt_image", "the mockup could not be read");
    let img =
        super::panic_safe(|| reader.decode().map_err(|e| MediaError::Corrupt(e.to_string()))).map_err(|_| corrupt())?;
    let (width, height) = (img.width(), img.height());
    if u64::from(width) * u64::from(height) > MAX_MOCKUP_PIXELS {
        return Err(Invalid::new("mockup_too_large", "the mockup has more than 60 megapixels"));
    }
    let (w_mm, h_mm) = spec.bled_mm();
    let shape = (f64::from(width) / f64::from(height)) / (w_mm / h_mm);
    if (shape - 1.0).abs() > 0.01 {
        return Err(Invalid::new(
            "mockup_wrong_shape",
            format!(
                "the mockup must have the shape of the printed cover with its bleed ({w_mm} × {h_mm} mm); it is {width} × {height} pixels"
            ),
        ));
    }
    let mut png = Vec::new();
    img.to_rgba8().write_to(&mut Cursor::new(&mut png), ImageFormat::Png).map_err(|_| corrupt())?;
    Ok(Mockup { png })
}

/// The preview of a cover: the print file (trim + bleed) scaled to [`PREVIEW_HEIGHT`] over its
/// trim, the mockup laid over it, then cut to the trim; a JPEG.
pub(crate) fn preview_jpeg(
    print_jpeg: &[u8],
    mockup_png: Option<&[u8]>,
    spec: &CoverSpec,
) -> Result<Vec<u8>, MediaError> {
    super::panic_safe(|| render_preview(print_jpeg, mockup_png, spec))
}

fn render_preview(print_jpeg: &[u8], mockup_png: Option<&[u8]>, spec: &CoverSpec) -> Result<Vec<u8>, MediaError> {
    let corrupt = |what: &str, e: &dyn std::fmt::Display| MediaError::Corrupt(format!("{what}: {e}"));
    let print = image::load_from_memory_with_format(print_jpeg, ImageFormat::Jpeg)
        .map_err(|e| corrupt("print file", &e))?
        .to_rgb8();
    let (w_mm, h_mm) = spec.bled_mm();
    // The whole printed area at a size whose trim is PREVIEW_HEIGHT high.
    let scale = f64::from(PREVIEW_HEIGHT) / spec.trim_height_mm;
    let (width, height) = ((w_mm * scale).round().max(1.0) as u32, (h_mm * scale).round().max(1.0) as u32);
    let mut base = resize::cover(&print, width, height)?;
    drop(print);
    if let Some(png) = mockup_png {
        let overlay =
            image::load_from_memory_with_format(png, ImageFormat::Png).map_err(|e| corrupt("mockup", &e))?.to_rgba8();
        let overlay = image::imageops::resize(&overlay, width, height, image::imageops::FilterType::Triangle);
        blend(&mut base, &overlay);
    }
    let bleed = (spec.bleed_mm * scale).round() as u32;
    let (tw, th) = (width.saturating_sub(2 * bleed).max(1), height.saturating_sub(2 * bleed).max(1));
    let trimmed = image::imageops::crop_imm(&base, bleed.min(width - 1), bleed.min(height - 1), tw, th).to_image();
    let mut out = Vec::new();
    let mut enc = jpeg_encoder::Encoder::new(&mut out, PREVIEW_QUALITY);
    enc.set_progressive(false);
    let (Ok(w), Ok(h)) = (u16::try_from(trimmed.width()), u16::try_from(trimmed.height())) else {
        return Err(MediaError::Corrupt("preview too large".into()));
    };
    enc.encode(trimmed.as_raw(), w, h, jpeg_encoder::ColorType::Rgb).map_err(|e| corrupt("preview", &e))?;
    Ok(out)
}

/// Lays `top` (same size) over `base`, by its alpha.
fn blend(base: &mut RgbImage, top: &RgbaImage) {
    for (b, t) in base.pixels_mut().zip(top.pixels()) {
        let a = u32::from(t[3]);
        for c in 0..3 {
            b[c] = ((u32::from(t[c]) * a + u32::from(b[c]) * (255 - a) + 127) / 255) as u8;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const A5: CoverSpec = CoverSpec { trim_width_mm: 148.0, trim_height_mm: 210.0, bleed_mm: 3.0, min_dpi: 300 };

    fn png(w: u32, h: u32, f: impl Fn(u32, u32) -> image::Rgba<u8>) -> Vec<u8> {
        let mut out = Vec::new();
        RgbaImage::from_fn(w, h, f).write_to(&mut Cursor::new(&mut out), ImageFormat::Png).unwrap();
        out
    }

    #[test]
    fn a_mockup_must_be_a_png_of_the_printed_shape() {
        // 154 × 216 mm.
        assert!(mockup_png(&png(770, 1080, |_, _| image::Rgba([0, 0, 0, 0])), &A5).is_ok());
        let err = mockup_png(&png(800, 1080, |_, _| image::Rgba([0, 0, 0, 0])), &A5).err().unwrap();
        assert_eq!(err.code, "mockup_wrong_shape");
        assert_eq!(mockup_png(b"GIF89a....", &A5).err().unwrap().code, "mockup_not_png");
        let mut truncated = png(770, 1080, |x, _| image::Rgba([x as u8, 0, 0, 255]));
        truncated.truncate(200);
        assert_eq!(mockup_png(&truncated, &A5).err().unwrap().code, "corrupt_image");
    }

    #[test]
    fn the_preview_is_the_trimmed_cover_under_the_mockup() {
        let (w, h) = A5.required_pixels();
        let print = RgbImage::from_pixel(w, h, image::Rgb([0, 0, 200]));
        let mut jpeg = Vec::new();
        print.write_to(&mut Cursor::new(&mut jpeg), ImageFormat::Jpeg).unwrap();
        // A band of opaque red over the top fifth, transparent elsewhere.
        let mockup = png(770, 1080, |_, y| if y < 216 { image::Rgba([255, 0, 0, 255]) } else { image::Rgba([0; 4]) });
        let out = preview_jpeg(&jpeg, Some(&mockup), &A5).unwrap();
        let img = image::load_from_memory(&out).unwrap().to_rgb8();
        let (pw, ph) = img.dimensions();
        assert_eq!(ph, PREVIEW_HEIGHT);
        assert!((f64::from(pw) / f64::from(ph) - 148.0 / 210.0).abs() < 0.01);
        let top = img.get_pixel(pw / 2, 40);
        let bottom = img.get_pixel(pw / 2, ph - 40);
        assert!(top[0] > 200 && top[2] < 60, "{top:?}");
        assert!(bottom[2] > 150 && bottom[0] < 60, "{bottom:?}");
        // Without a mockup: the photo alone.
        let plain = image::load_from_memory(&preview_jpeg(&jpeg, None, &A5).unwrap()).unwrap().to_rgb8();
        assert!(plain.get_pixel(pw / 2, 40)[2] > 150);
    }
}
