//! Decoding under limits: `image::Limits` on every decode, EXIF orientation applied (all 8 values),
//! transparency flattened onto white; the embedded ICC profile is kept for colour conversion.

use std::io::Cursor;

use image::{DynamicImage, ImageDecoder, ImageReader, RgbImage};

use super::{Format, MediaError};
use crate::config::MediaLimits;

pub(crate) struct Decoded {
    /// Upright pixels, 8-bit RGB.
    pub pixels: RgbImage,
    /// The embedded colour profile, if any.
    pub icc: Option<Vec<u8>>,
}

/// Decodes a photo upright. `target_edge` is the largest long edge the caller needs: big JPEGs are
/// then decoded already scaled down (1/2, 1/4, 1/8 in the DCT domain), which saves time and most
/// of the memory a 48 MP photo would take.
pub(crate) fn decode(
    bytes: &[u8],
    format: Format,
    limits: &MediaLimits,
    target_edge: u32,
) -> Result<Decoded, MediaError> {
    if format == Format::Jpeg
        && let Some(d) = decode_jpeg(bytes, limits, target_edge)?
    {
        return Ok(d);
    }
    decode_full(bytes, format, limits)
}

/// The jpeg-decoder path: RGB and grey JPEGs at least twice as large as needed (decoded scaled
/// down in the DCT domain), and every CMYK/YCCK JPEG (converted through its CMYK profile).
fn decode_jpeg(bytes: &[u8], limits: &MediaLimits, target_edge: u32) -> Result<Option<Decoded>, MediaError> {
    use jpeg_decoder::PixelFormat;
    let corrupt = |e: jpeg_decoder::Error| MediaError::Corrupt(e.to_string());
    let mut d = jpeg_decoder::Decoder::new(Cursor::new(bytes));
    d.set_max_decoding_buffer_size(usize::try_from(limits.max_pixels.saturating_mul(4)).unwrap_or(usize::MAX));
    d.read_info().map_err(corrupt)?;
    let Some(info) = d.info() else { return Ok(None) };
    let (w, h) = (info.width as u32, info.height as u32);
    let cmyk = info.pixel_format == PixelFormat::CMYK32;
    let worth_scaling = w.max(h) >= target_edge * 2;
    let scalable = worth_scaling && matches!(info.pixel_format, PixelFormat::RGB24 | PixelFormat::L8);
    if !(cmyk || scalable) {
        return Ok(None);
    }
    let (sw, sh) = if worth_scaling {
        let (rw, rh) = if w >= h {
            (target_edge, (target_edge as u64 * h as u64).div_ceil(w as u64) as u32)
        } else {
            ((target_edge as u64 * w as u64).div_ceil(h as u64) as u32, target_edge)
        };
        let (sw, sh) = d.scale(rw as u16, rh as u16).map_err(corrupt)?;
        (sw as u32, sh as u32)
    } else {
        (w, h)
    };
    let raw = d.decode().map_err(corrupt)?;
    let mut icc = d.icc_profile();
    let pixels = match info.pixel_format {
        PixelFormat::L8 => image::GrayImage::from_raw(sw, sh, raw).map(|g| DynamicImage::ImageLuma8(g).into_rgb8()),
        PixelFormat::CMYK32 => {
            let rgb = super::color::cmyk_to_srgb(&raw, icc.take().as_deref());
            RgbImage::from_raw(sw, sh, rgb)
        }
        _ => RgbImage::from_raw(sw, sh, raw),
    }
    .ok_or_else(|| MediaError::Corrupt("JPEG data shorter than its header says".into()))?;
    let orientation = d
        .exif_data()
        .and_then(image::metadata::Orientation::from_exif_chunk)
        .unwrap_or(image::metadata::Orientation::NoTransforms);
    let mut img = DynamicImage::ImageRgb8(pixels);
    img.apply_orientation(orientation);
    Ok(Some(Decoded { pixels: img.into_rgb8(), icc }))
}

fn decode_full(bytes: &[u8], format: Format, limits: &MediaLimits) -> Result<Decoded, MediaError> {
    let image_format = format
        .image_format()
        .ok_or_else(|| MediaError::Unsupported(format!("no in-process decoder for {}", format.name())))?;
    let mut reader = ImageReader::with_format(Cursor::new(bytes), image_format);
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
pub(crate) fn flatten_on_white(img: DynamicImage) -> RgbImage {
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

    /// A tiny CMYK printer profile (ICC v2, lut16 A2B0 to Lab, 2 grid points) that turns every
    /// ink mix neutral grey: L = 100 × (1 − C/2) × (1 − K), a = b = 0. Naive conversion would
    /// paint cyan ink cyan; through the profile it is grey.
    fn grey_cmyk_profile() -> Vec<u8> {
        let mut lut = b"mft2\0\0\0\0".to_vec();
        lut.extend_from_slice(&[4, 3, 2, 0]);
        for i in 0..9 {
            let one = if i % 4 == 0 { 0x0001_0000u32 } else { 0 };
            lut.extend_from_slice(&one.to_be_bytes());
        }
        lut.extend_from_slice(&2u16.to_be_bytes());
        lut.extend_from_slice(&2u16.to_be_bytes());
        let ramp = |v: &mut Vec<u8>, n: usize| (0..n).for_each(|_| v.extend_from_slice(&[0, 0, 0xFF, 0xFF]));
        ramp(&mut lut, 4);
        for idx in 0..16u32 {
            // first input channel (C) varies slowest
            let (c, k) = ((idx >> 3) & 1, idx & 1);
            let l = 100.0 * (1.0 - c as f64 * 0.5) * (1.0 - k as f64);
            for v in [(l * 652.8).round() as u16, 0x8000, 0x8000] {
                lut.extend_from_slice(&v.to_be_bytes());
            }
        }
        ramp(&mut lut, 3);
        let wtpt: Vec<u8> = [b"XYZ \0\0\0\0".as_slice(), &[0, 0, 0xF6, 0xD6, 0, 1, 0, 0, 0, 0, 0xD3, 0x2D]].concat();
        let tags = [(b"A2B0", lut), (b"wtpt", wtpt)];
        let mut offset = 128 + 4 + 12 * tags.len();
        let (mut table, mut data) = ((tags.len() as u32).to_be_bytes().to_vec(), Vec::new());
        for (sig, body) in &tags {
            table.extend_from_slice(*sig);
            table.extend_from_slice(&(offset as u32).to_be_bytes());
            table.extend_from_slice(&(body.len() as u32).to_be_bytes());
            data.extend_from_slice(body);
            while data.len() % 4 != 0 {
                data.push(0);
            }
            offset = 128 + 4 + 12 * tags.len() + data.len();
        }
        let mut header = vec![0u8; 128];
        header[8..12].copy_from_slice(&0x0210_0000u32.to_be_bytes());
        header[12..16].copy_from_slice(b"prtr");
        header[16..20].copy_from_slice(b"CMYK");
        header[20..24].copy_from_slice(b"Lab ");
        header[36..40].copy_from_slice(b"acsp");
        header[68..80].copy_from_slice(&[0, 0, 0xF6, 0xD6, 0, 1, 0, 0, 0, 0, 0xD3, 0x2D]);
        let mut icc = [header, table, data].concat();
        let len = icc.len() as u32;
        icc[0..4].copy_from_slice(&len.to_be_bytes());
        icc
    }

    #[test]
    fn cmyk_and_ycck_jpegs_go_through_their_cmyk_profile() {
        let profile = grey_cmyk_profile();
        // Left half: full cyan ink; right half: no ink at all (paper).
        let cmyk: Vec<u8> =
            (0..64 * 32).flat_map(|i| if i % 64 < 32 { [255, 0, 0, 0] } else { [0, 0, 0, 0] }).collect();
        for color in [jpeg_encoder::ColorType::Cmyk, jpeg_encoder::ColorType::CmykAsYcck] {
            let encode = |icc: Option<&[u8]>| {
                let mut out = Vec::new();
                let mut enc = jpeg_encoder::Encoder::new(&mut out, 95);
                if let Some(icc) = icc {
                    enc.add_icc_profile(icc).unwrap();
                }
                enc.encode(&cmyk, 64, 32, color).unwrap();
                out
            };
            let limits = MediaLimits::default();
            let through_profile = decode(&encode(Some(&profile)), Format::Jpeg, &limits, 2048).unwrap();
            assert!(through_profile.icc.is_none(), "already converted");
            let [r, g, b] = through_profile.pixels.get_pixel(8, 16).0;
            let grey = |r: u8, g: u8, b: u8, around: i32| {
                [r, g, b].iter().all(|v| (*v as i32 - around).abs() < 14) && r.abs_diff(g) < 8 && g.abs_diff(b) < 8
            };
            // L* 50 is sRGB ~119.
            assert!(grey(r, g, b, 119), "{color:?}: cyan through the grey profile gave ({r}, {g}, {b})");
            let [r, g, b] = through_profile.pixels.get_pixel(56, 16).0;
            assert!(grey(r, g, b, 255), "{color:?}: paper gave ({r}, {g}, {b})");
            // Without a profile: the usual naive conversion, cyan stays cyan.
            let naive = decode(&encode(None), Format::Jpeg, &limits, 2048).unwrap();
            let [r, g, b] = naive.pixels.get_pixel(8, 16).0;
            assert!(r < 30 && g > 220 && b > 220, "{color:?}: naive cyan gave ({r}, {g}, {b})");
        }
    }

    #[test]
    fn transparency_becomes_white() {
        let img = image::RgbaImage::from_pixel(4, 4, image::Rgba([0, 0, 0, 0]));
        let flat = flatten_on_white(DynamicImage::ImageRgba8(img));
        assert_eq!(flat.get_pixel(0, 0).0, [255, 255, 255]);
    }
}
