//! Encoders: progressive JPEG with optimised Huffman tables (jpeg-encoder) and lossy WebP
//! (libwebp, encode only: untrusted WebP is decoded by the pure-Rust decoder). Pixels only:
//! nothing of the original's metadata can reach the output.

use image::RgbImage;

use super::MediaError;

pub(crate) fn jpeg(img: &RgbImage, quality: u8) -> Result<Vec<u8>, MediaError> {
    let mut out = Vec::with_capacity(img.as_raw().len() / 8);
    let mut enc = jpeg_encoder::Encoder::new(&mut out, quality);
    enc.set_progressive(true);
    enc.set_optimized_huffman_tables(true);
    let (w, h) = (u16::try_from(img.width()), u16::try_from(img.height()));
    let (Ok(w), Ok(h)) = (w, h) else {
        return Err(MediaError::Corrupt("rendition too large for JPEG".into()));
    };
    enc.encode(img.as_raw(), w, h, jpeg_encoder::ColorType::Rgb)
        .map_err(|e| MediaError::Corrupt(format!("JPEG: {e}")))?;
    Ok(out)
}

pub(crate) fn webp(img: &RgbImage, quality: f32) -> Result<Vec<u8>, MediaError> {
    let enc = webp::Encoder::from_rgb(img.as_raw(), img.width(), img.height());
    let out = enc.encode_simple(false, quality).map_err(|e| MediaError::Corrupt(format!("WebP: {e:?}")))?;
    Ok(out.to_vec())
}
