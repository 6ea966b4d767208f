//! The image a social network shows for a shared photo (1200 × 630): the photo whole, framed on a
//! blurred, darkened copy of itself (a portrait is never cut to a strip), made by the pipeline;
//! then, on request, branded with a band naming the contest and the author's credit beside the
//! operator's logo (these may change after the photo was rendered).

use ab_glyph::{Font, FontRef, PxScale, ScaleFont, point};
use image::{Rgb, RgbImage, RgbaImage};

use super::{MediaError, encode, resize};

pub(crate) const WIDTH: u32 = 1200;
pub(crate) const HEIGHT: u32 = 630;
/// The band at the bottom that the branding writes on (the framed photo stays above it).
const BAND: u32 = 118;
const MARGIN: u32 = 36;

static BOLD: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans-Bold.ttf");

/// The photo whole, as large as fits above the band, on a blurred and darkened copy of itself.
pub(crate) fn framed(photo: &RgbImage) -> Result<RgbImage, MediaError> {
    // A cheap wide blur: down to a few dozen pixels, back up with a smooth filter.
    let small = resize::cover(photo, 48, 26)?;
    let mut canvas = resize::cover(&small, WIDTH, HEIGHT)?;
    for p in canvas.pixels_mut() {
        for c in p.0.iter_mut() {
            *c = (u16::from(*c) * 9 / 20) as u8;
        }
    }
    let (w, h) = photo.dimensions();
    let (box_w, box_h) = (WIDTH - 2 * MARGIN, HEIGHT - BAND - 2 * 20);
    let scale = f64::min(f64::from(box_w) / f64::from(w), f64::from(box_h) / f64::from(h)).min(1.0);
    let (fw, fh) = (((f64::from(w) * scale).round() as u32).max(1), ((f64::from(h) * scale).round() as u32).max(1));
    let fitted = if (fw, fh) == (w, h) { photo.clone() } else { resize::cover(photo, fw, fh)? };
    let (x0, y0) = ((WIDTH - fw) / 2, 20 + (box_h - fh) / 2);
    image::imageops::replace(&mut canvas, &fitted, i64::from(x0), i64::from(y0));
    Ok(canvas)
}

/// What the band says.
pub(crate) struct Branding<'a> {
    /// The contest's name.
    pub(crate) contest: &'a str,
    /// « Photo : Camille B. »
    pub(crate) credit: &'a str,
    /// The operator's logo (a PNG, as Déclic stores it), shown on a white plate.
    pub(crate) logo_png: Option<&'a [u8]>,
    /// The contest's accent colour, as a thin rule above the band.
    pub(crate) accent: Option<[u8; 3]>,
}

/// The pipeline's framed share image (a JPEG) with the band written on it; a new JPEG.
pub(crate) fn branded(framed_jpeg: &[u8], brand: &Branding<'_>) -> Result<Vec<u8>, MediaError> {
    let corrupt = |e: image::ImageError| MediaError::Corrupt(e.to_string());
    let mut img =
        image::load_from_memory_with_format(framed_jpeg, image::ImageFormat::Jpeg).map_err(corrupt)?.to_rgb8();
    if img.dimensions() != (WIDTH, HEIGHT) {
        img = resize::cover(&img, WIDTH, HEIGHT)?;
    }
    let top = HEIGHT - BAND;
    for y in top..HEIGHT {
        for x in 0..WIDTH {
            let p = img.get_pixel_mut(x, y);
            for c in p.0.iter_mut() {
                *c = (u16::from(*c) * 2 / 10 + 12) as u8;
            }
        }
    }
    if let Some(rgb) = brand.accent {
        for y in top..top + 6 {
            for x in 0..WIDTH {
                img.put_pixel(x, y, Rgb(rgb));
            }
        }
    }
    let mut text_right = WIDTH - MARGIN;
    if let Some(logo) = brand.logo_png.and_then(|b| image::load_from_memory(b).ok()) {
        let logo = logo.to_rgba8();
        let plate_h = BAND - 36;
        let logo_h = plate_h - 16;
        let logo_w = ((f64::from(logo.width()) * f64::from(logo_h) / f64::from(logo.height().max(1))).round() as u32)
            .clamp(1, 360);
        let logo = image::imageops::resize(&logo, logo_w, logo_h, image::imageops::FilterType::Lanczos3);
        let plate_w = logo_w + 24;
        let (px, py) = (WIDTH - MARGIN - plate_w, top + 6 + (BAND - 6 - plate_h) / 2);
        fill_rounded(&mut img, px, py, plate_w, plate_h, 10, Rgb([255, 255, 255]));
        blend_rgba(&mut img, &logo, px + 12, py + 8);
        text_right = px - 24;
    }
    let font = FontRef::try_from_slice(BOLD).map_err(|e| MediaError::Corrupt(format!("font: {e}")))?;
    let width = (text_right - MARGIN) as f32;
    draw_line(&mut img, &font, 40.0, MARGIN, top + 56, width, brand.contest, [255, 255, 255]);
    draw_line(&mut img, &font, 27.0, MARGIN, top + 98, width, brand.credit, [220, 220, 220]);
    encode::jpeg(&img, 85)
}

/// `text` on one line from `x` at `baseline`, cut with « … » to fit `max_width` pixels.
#[allow(clippy::too_many_arguments)]
fn draw_line(
    img: &mut RgbImage,
    font: &FontRef<'_>,
    px: f32,
    x: u32,
    baseline: u32,
    max_width: f32,
    text: &str,
    rgb: [u8; 3],
) {
    let scaled = font.as_scaled(PxScale::from(px));
    let advance = |s: &str| -> f32 {
        let mut w = 0.0;
        let mut prev = None;
        for c in s.chars() {
            let id = scaled.glyph_id(c);
            if let Some(p) = prev {
                w += scaled.kern(p, id);
            }
            w += scaled.h_advance(id);
            prev = Some(id);
        }
        w
    };
    let mut shown: String = text.chars().filter(|c| !c.is_control()).collect();
    if advance(&shown) > max_width {
        while !shown.is_empty() && advance(&format!("{shown}…")) > max_width {
            shown.pop();
        }
        shown = format!("{}…", shown.trim_end());
    }
    let mut caret = x as f32;
    let mut prev = None;
    for c in shown.chars() {
        let id = scaled.glyph_id(c);
        if let Some(p) = prev {
            caret += scaled.kern(p, id);
        }
        let glyph = id.with_scale_and_position(PxScale::from(px), point(caret, baseline as f32));
        if let Some(outlined) = font.outline_glyph(glyph) {
            let b = outlined.px_bounds();
            outlined.draw(|gx, gy, coverage| {
                let (tx, ty) = (b.min.x as i64 + i64::from(gx), b.min.y as i64 + i64::from(gy));
                if tx >= 0 && ty >= 0 && (tx as u32) < img.width() && (ty as u32) < img.height() {
                    let p = img.get_pixel_mut(tx as u32, ty as u32);
                    for (i, c) in p.0.iter_mut().enumerate() {
                        *c = (f32::from(*c) * (1.0 - coverage) + f32::from(rgb[i]) * coverage).round() as u8;
                    }
                }
            });
        }
        caret += scaled.h_advance(id);
        prev = Some(id);
    }
}

/// A rectangle with rounded corners of radius `r`.
fn fill_rounded(img: &mut RgbImage, x0: u32, y0: u32, w: u32, h: u32, r: u32, rgb: Rgb<u8>) {
    for y in 0..h {
        for x in 0..w {
            let dx = if x < r {
                r - x
            } else if x >= w - r {
                x + 1 - (w - r)
            } else {
                0
            };
            let dy = if y < r {
                r - y
            } else if y >= h - r {
                y + 1 - (h - r)
            } else {
                0
            };
            if dx * dx + dy * dy <= r * r && x0 + x < img.width() && y0 + y < img.height() {
                img.put_pixel(x0 + x, y0 + y, rgb);
            }
        }
    }
}

/// `over` drawn on `img` at (`x0`, `y0`) through its transparency.
fn blend_rgba(img: &mut RgbImage, over: &RgbaImage, x0: u32, y0: u32) {
    for (x, y, p) in over.enumerate_pixels() {
        let (tx, ty) = (x0 + x, y0 + y);
        if tx >= img.width() || ty >= img.height() {
            continue;
        }
        let a = f32::from(p.0[3]) / 255.0;
        let dst = img.get_pixel_mut(tx, ty);
        for i in 0..3 {
            dst.0[i] = (f32::from(dst.0[i]) * (1.0 - a) + f32::from(p.0[i]) * a).round() as u8;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_portrait_is_framed_whole_not_cut() {
        // A tall photo: red top, blue bottom; both must be in the share image.
        let photo = RgbImage::from_fn(600, 1200, |_, y| if y < 600 { Rgb([220, 20, 20]) } else { Rgb([20, 20, 220]) });
        let out = framed(&photo).unwrap();
        assert_eq!(out.dimensions(), (WIDTH, HEIGHT));
        let (cx, top, bottom) = (WIDTH / 2, 30, HEIGHT - BAND - 30);
        assert!(out.get_pixel(cx, top)[0] > 180, "the top of the photo is there");
        assert!(out.get_pixel(cx, bottom)[2] > 180, "and its bottom");
        assert!(out.get_pixel(40, 200)[0] < 150, "beside it, the darkened blur");
    }

    #[test]
    fn the_band_names_the_contest_and_the_author_beside_the_logo() {
        let photo = RgbImage::from_fn(1600, 1000, |x, _| Rgb([(x / 8) as u8, 120, 60]));
        let framed = encode::jpeg(&framed(&photo).unwrap(), 90).unwrap();
        let logo = {
            let img = RgbaImage::from_fn(200, 80, |_, _| image::Rgba([200, 0, 0, 255]));
            let mut out = Vec::new();
            img.write_to(&mut std::io::Cursor::new(&mut out), image::ImageFormat::Png).unwrap();
            out
        };
        let brand = Branding {
            contest: "Les guides horaires 2027 : partagez vos humeurs voyageuses dans tout le réseau",
            credit: "Photo : Camille B.",
            logo_png: Some(&logo),
            accent: Some([29, 78, 216]),
        };
        let out = image::load_from_memory(&branded(&framed, &brand).unwrap()).unwrap().to_rgb8();
        assert_eq!(out.dimensions(), (WIDTH, HEIGHT));
        let band = HEIGHT - BAND;
        let bright = (band + 10..HEIGHT)
            .flat_map(|y| (MARGIN..700).map(move |x| (x, y)))
            .filter(|&(x, y)| out.get_pixel(x, y)[0] > 200)
            .count();
        assert!(bright > 2000, "white letters in the band: {bright}");
        let accent = out.get_pixel(600, band + 2);
        assert!(accent[2] > 150 && accent[0] < 80, "the accent rule: {accent:?}");
        let logo_px = out.get_pixel(WIDTH - MARGIN - 60, band + 6 + (BAND - 6) / 2);
        assert!(logo_px[0] > 150 && logo_px[1] < 80, "the logo on its plate: {logo_px:?}");
    }
}
