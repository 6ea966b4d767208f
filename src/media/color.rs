//! Colour: embedded ICC profiles (Display P3 from iPhones, Adobe RGB from cameras) converted to
//! sRGB so public renditions look right in every browser; average colour for placeholders.

use image::RgbImage;

/// Converts pixels from the embedded RGB profile to sRGB (a no-op for sRGB, grey or CMYK profiles,
/// whose pixels the decoder already delivered as sRGB-like RGB).
pub fn to_srgb(img: &mut RgbImage, icc: &[u8]) {
    let is_rgb = icc.get(16..20) == Some(b"RGB ".as_slice());
    let is_srgb = icc.windows(4).any(|w| w == b"sRGB");
    if !is_rgb || is_srgb {
        return;
    }
    let Some(input) = qcms::Profile::new_from_slice(icc, false) else {
        return; // an unreadable profile: keep the pixels as they are
    };
    let mut output = qcms::Profile::new_sRGB();
    output.precache_output_transform();
    if let Some(t) = qcms::Transform::new(&input, &output, qcms::DataType::RGB8, qcms::Intent::Perceptual) {
        t.apply(img.as_mut());
    }
}

/// The mean colour as `#rrggbb`.
pub fn average_hex(img: &RgbImage) -> String {
    let n = (img.width() as u64 * img.height() as u64).max(1);
    let mut sum = [0u64; 3];
    for p in img.pixels() {
        for c in 0..3 {
            sum[c] += p[c] as u64;
        }
    }
    format!("#{:02x}{:02x}{:02x}", sum[0] / n, sum[1] / n, sum[2] / n)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn average_of_a_flat_image_is_its_colour() {
        assert_eq!(average_hex(&RgbImage::from_pixel(3, 3, image::Rgb([255, 128, 0]))), "#ff8000");
    }

    #[test]
    fn non_rgb_or_srgb_profiles_leave_pixels_alone() {
        let mut img = RgbImage::from_pixel(2, 2, image::Rgb([10, 20, 30]));
        to_srgb(&mut img, b"garbage");
        let mut srgb_like = vec![0u8; 128];
        srgb_like[16..20].copy_from_slice(b"RGB ");
        srgb_like[100..104].copy_from_slice(b"sRGB");
        to_srgb(&mut img, &srgb_like);
        assert_eq!(img.get_pixel(0, 0).0, [10, 20, 30]);
    }
}
