//! Colour: embedded ICC profiles (Display P3 from iPhones, Adobe RGB from cameras) converted to
//! sRGB so public renditions look right in every browser; average colour for placeholders.

use image::RgbImage;

/// Converts pixels from the embedded RGB profile to sRGB (a no-op for sRGB and grey profiles; CMYK
/// ones are applied while decoding, see [`cmyk_to_srgb`]).
pub(crate) fn to_srgb(img: &mut RgbImage, icc: &[u8]) {
    let is_rgb = icc.get(16..20) == Some(b"RGB ".as_slice());
    let is_srgb = icc.windows(4).any(|w| w == b"sRGB");
    if !is_rgb || is_srgb {
        return;
    }
    let Some(input) = qcms::Profile::new_from_slice(icc, false) else {
        return; // an unreadable profile: keep the pixels as they are
    };
    convert(img, &input);
}

/// Converts pixels described by CICP codes (a HEIF `nclx` box: colour primaries and transfer
/// characteristics) to sRGB. iPhone photos say 12/13: Display P3 primaries, sRGB transfer.
pub(crate) fn cicp_to_srgb(img: &mut RgbImage, primaries: u8, transfer: u8) {
    // 1: BT.709 = sRGB primaries; 2: unspecified, taken as sRGB.
    if matches!(primaries, 1 | 2) {
        return;
    }
    let transfer = if transfer == 2 { 13 } else { transfer };
    if let Some(input) = qcms::Profile::new_cicp(primaries.into(), transfer.into()) {
        convert(img, &input);
    }
}

/// CMYK ink amounts (0 = no ink, as jpeg-decoder delivers them) to sRGB pixels: through the
/// embedded CMYK profile when there is a usable one, else by the naive formula.
pub(crate) fn cmyk_to_srgb(cmyk: &[u8], icc: Option<&[u8]>) -> Vec<u8> {
    let mut rgb = vec![0u8; cmyk.len() / 4 * 3];
    let transform = icc.filter(|p| p.get(16..20) == Some(b"CMYK".as_slice())).and_then(|p| {
        let input = qcms::Profile::new_from_slice(p, false)?;
        let mut output = qcms::Profile::new_sRGB();
        output.precache_output_transform();
        qcms::Transform::new_to(&input, &output, qcms::DataType::CMYK, qcms::DataType::RGB8, qcms::Intent::Perceptual)
    });
    match transform {
        Some(t) => t.convert(&cmyk[..rgb.len() / 3 * 4], &mut rgb),
        None => {
            for (dst, src) in rgb.chunks_exact_mut(3).zip(cmyk.chunks_exact(4)) {
                let white = 255 - src[3] as u32;
                for c in 0..3 {
                    dst[c] = ((255 - src[c] as u32) * white / 255) as u8;
                }
            }
        }
    }
    rgb
}

fn convert(img: &mut RgbImage, input: &qcms::Profile) {
    let mut output = qcms::Profile::new_sRGB();
    output.precache_output_transform();
    if let Some(t) = qcms::Transform::new(input, &output, qcms::DataType::RGB8, qcms::Intent::Perceptual) {
        t.apply(img.as_mut());
    }
}

/// The mean colour as `#rrggbb`.
pub(crate) fn average_hex(img: &RgbImage) -> String {
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

    #[test]
    fn display_p3_red_becomes_a_stronger_srgb_red() {
        // P3's pure red lies outside sRGB: converted, it clips to sRGB red; a muted P3 red
        // becomes a more saturated sRGB red (why unconverted iPhone photos look washed out).
        let mut img = RgbImage::from_pixel(1, 1, image::Rgb([200, 60, 60]));
        cicp_to_srgb(&mut img, 12, 13);
        let [r, g, b] = img.get_pixel(0, 0).0;
        assert!(r > 205 && g < 60 && b < 60, "{r} {g} {b}");
        let mut srgb = RgbImage::from_pixel(1, 1, image::Rgb([200, 60, 60]));
        cicp_to_srgb(&mut srgb, 1, 13);
        assert_eq!(srgb.get_pixel(0, 0).0, [200, 60, 60]);
    }
}
