//! A contest's logo: a PNG, JPEG or WebP of at most 2 MB and 25 megapixels, decoded within
//! limits and re-encoded as a PNG (transparency kept, metadata dropped) at most 160 px high and
//! 640 px wide.

use std::io::Cursor;

use image::{ImageFormat, ImageReader, Limits};

use crate::domain::Invalid;

pub(crate) const MAX_LOGO_BYTES: usize = 2_000_000;
const MAX_HEIGHT: u32 = 160;
const MAX_WIDTH: u32 = 640;

/// The logo as Déclic serves it.
pub(crate) fn logo_png(bytes: &[u8]) -> Result<Vec<u8>, Invalid> {
    if bytes.len() > MAX_LOGO_BYTES {
        return Err(Invalid::new("logo_too_large", "the logo is larger than 2 MB"));
    }
    let format = match image::guess_format(bytes) {
        Ok(f @ (ImageFormat::Png | ImageFormat::Jpeg | ImageFormat::WebP)) => f,
        _ => return Err(Invalid::new("unsupported_format", "the logo must be a PNG, JPEG or WebP image")),
    };
    let mut limits = Limits::default();
    limits.max_image_width = Some(10_000);
    limits.max_image_height = Some(10_000);
    limits.max_alloc = Some(25_000_000 * 4);
    let mut reader = ImageReader::with_format(Cursor::new(bytes), format);
    reader.limits(limits);
    let img = reader.decode().map_err(|_| Invalid::new("corrupt_image", "the logo could not be read"))?;
    let scale =
        f64::min(f64::from(MAX_HEIGHT) / f64::from(img.height()), f64::from(MAX_WIDTH) / f64::from(img.width()));
    let img = if scale < 1.0 {
        let w = ((f64::from(img.width()) * scale).round() as u32).max(1);
        let h = ((f64::from(img.height()) * scale).round() as u32).max(1);
        img.resize_exact(w, h, image::imageops::FilterType::Lanczos3)
    } else {
        img
    };
    let mut out = Vec::new();
    img.to_rgba8()
        .write_to(&mut Cursor::new(&mut out), ImageFormat::Png)
        .map_err(|_| Invalid::new("corrupt_image", "the logo could not be converted"))?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn png(w: u32, h: u32) -> Vec<u8> {
        let img = image::RgbaImage::from_fn(w, h, |x, _| image::Rgba([200, (x % 256) as u8, 30, 128]));
        let mut out = Vec::new();
        img.write_to(&mut Cursor::new(&mut out), ImageFormat::Png).unwrap();
        out
    }

    #[test]
    fn a_large_logo_is_scaled_down_and_keeps_its_transparency() {
        let out = logo_png(&png(1600, 400)).unwrap();
        let img = image::load_from_memory(&out).unwrap();
        assert_eq!((img.width(), img.height()), (640, 160));
        assert_eq!(img.to_rgba8().get_pixel(10, 10)[3], 128);
        let small = image::load_from_memory(&logo_png(&png(100, 40)).unwrap()).unwrap();
        assert_eq!((small.width(), small.height()), (100, 40));
    }

    #[test]
    fn anything_but_an_image_is_refused() {
        assert_eq!(logo_png(b"<svg xmlns='http://www.w3.org/2000/svg'/>").unwrap_err().code, "unsupported_format");
        let mut broken = png(50, 50);
        broken.truncate(60);
        assert_eq!(logo_png(&broken).unwrap_err().code, "corrupt_image");
        assert_eq!(logo_png(&vec![0; MAX_LOGO_BYTES + 1]).unwrap_err().code, "logo_too_large");
    }
}
