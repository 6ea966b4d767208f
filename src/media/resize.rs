//! Resizing with SIMD convolution (fast_image_resize, Lanczos3), an order of magnitude faster than
//! `image::imageops`.

use fast_image_resize::images::{Image, ImageRef};
use fast_image_resize::{FilterType, PixelType, ResizeAlg, ResizeOptions, Resizer};
use image::RgbImage;

use super::MediaError;

fn run(src: &RgbImage, width: u32, height: u32, crop_to_fill: bool) -> Result<RgbImage, MediaError> {
    let err = |e: &dyn std::fmt::Display| MediaError::Corrupt(format!("resize: {e}"));
    let view = ImageRef::new(src.width(), src.height(), src.as_raw(), PixelType::U8x3).map_err(|e| err(&e))?;
    let mut dst = Image::new(width, height, PixelType::U8x3);
    let mut opts = ResizeOptions::new().resize_alg(ResizeAlg::Convolution(FilterType::Lanczos3));
    if crop_to_fill {
        opts = opts.fit_into_destination(Some((0.5, 0.5)));
    }
    Resizer::new().resize(&view, &mut dst, &opts).map_err(|e| err(&e))?;
    RgbImage::from_raw(width, height, dst.into_vec()).ok_or_else(|| err(&"buffer size"))
}

/// Scales so the long edge is at most `edge` (never up).
pub(crate) fn fit(src: &RgbImage, edge: u32) -> Result<RgbImage, MediaError> {
    let (w, h) = src.dimensions();
    if w.max(h) <= edge {
        return Ok(src.clone());
    }
    let scale = edge as f64 / w.max(h) as f64;
    let nw = ((w as f64 * scale).round() as u32).max(1);
    let nh = ((h as f64 * scale).round() as u32).max(1);
    run(src, nw, nh, false)
}

/// Scales and crops around the centre to exactly `width × height`.
pub(crate) fn cover(src: &RgbImage, width: u32, height: u32) -> Result<RgbImage, MediaError> {
    run(src, width, height, true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fits_the_long_edge_and_keeps_the_ratio() {
        let src = RgbImage::new(3000, 2000);
        assert_eq!(fit(&src, 2048).unwrap().dimensions(), (2048, 1365));
        assert_eq!(fit(&RgbImage::new(2000, 3000), 400).unwrap().dimensions(), (267, 400));
        assert_eq!(fit(&RgbImage::new(300, 200), 400).unwrap().dimensions(), (300, 200));
    }

    #[test]
    fn cover_crops_to_the_exact_size() {
        let src = RgbImage::from_fn(400, 400, |x, _| image::Rgb([if x < 200 { 0 } else { 255 }, 0, 0]));
        let out = cover(&src, 120, 63).unwrap();
        assert_eq!(out.dimensions(), (120, 63));
        assert!(out.get_pixel(5, 30)[0] < 30 && out.get_pixel(115, 30)[0] > 225);
    }
}
