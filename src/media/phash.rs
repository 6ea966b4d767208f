//! Perceptual hashes (double gradient, 64 bits) and the band index that finds near-duplicates
//! without scanning. The hash is cut into four 16-bit bands; a lookup probes, in each band, every
//! value within two bit flips. Two hashes within distance 11 have a band differing by at most two
//! bits (pigeonhole), so every match up to [`NEAR_DUPLICATE_DISTANCE`] is found, while a band value
//! is shared by about 1/65,536 of the entries: some 800 candidates at 100,000 entries.
//!
//! On the corpus (`examples/phash_eval.rs`), resized, recompressed and 5 %-cropped copies lie at
//! distance ≤ 10 of their original, and different photos at ≥ 20.

use image::RgbImage;
use image_hasher::{HashAlg, HasherConfig};

/// Hamming distance at or under which two photos are flagged as near-duplicates.
pub const NEAR_DUPLICATE_DISTANCE: u32 = 11;
pub(crate) const BANDS: usize = 4;

pub(crate) fn phash(img: &RgbImage) -> u64 {
    let hasher = HasherConfig::new().hash_size(10, 10).hash_alg(HashAlg::DoubleGradient).to_hasher();
    let h = hasher.hash_image(img);
    let mut bytes = [0u8; 8];
    for (dst, src) in bytes.iter_mut().zip(h.as_bytes()) {
        *dst = *src;
    }
    u64::from_be_bytes(bytes)
}

pub fn distance(a: u64, b: u64) -> u32 {
    (a ^ b).count_ones()
}

/// The four 16-bit bands of a hash, as stored in the index.
pub(crate) fn bands(h: u64) -> [i64; BANDS] {
    std::array::from_fn(|i| ((h >> (16 * i)) & 0xffff) as i64)
}

/// Every band value within two bit flips of `value` (137 values, `value` first).
pub(crate) fn probes(value: i64) -> Vec<i64> {
    let mut out = vec![value];
    for i in 0..16 {
        out.push(value ^ (1 << i));
        for j in i + 1..16 {
            out.push(value ^ (1 << i) ^ (1 << j));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scene(seed: u32, w: u32, h: u32) -> RgbImage {
        RgbImage::from_fn(w, h, |x, y| {
            let (cx, cy) = (x * 16 / w, y * 16 / h);
            let v = (cx * 31 + cy * 17 + seed * 97).wrapping_mul(2654435761) >> 24;
            image::Rgb([v as u8, (v / 2) as u8, 255 - v as u8])
        })
    }

    #[test]
    fn resized_copies_are_near_and_other_photos_far() {
        let a = phash(&scene(1, 640, 480));
        let a_small = phash(&super::super::resize::fit(&scene(1, 640, 480), 200).unwrap());
        let b = phash(&scene(2, 640, 480));
        assert!(distance(a, a_small) <= 4, "{}", distance(a, a_small));
        assert!(distance(a, b) > NEAR_DUPLICATE_DISTANCE, "{}", distance(a, b));
    }

    #[test]
    fn every_hash_within_the_threshold_is_probed() {
        let h = 0x0123_4567_89ab_cdefu64;
        // 11 flipped bits spread as evenly as possible: 3 + 3 + 3 + 2.
        let near = h ^ 0x0007_0007_0007_0003;
        assert_eq!(distance(h, near), NEAR_DUPLICATE_DISTANCE);
        let found = bands(h).iter().zip(bands(near)).any(|(mine, theirs)| probes(*mine).contains(&theirs));
        assert!(found);
        assert_eq!(probes(0).len(), 137);
    }
}
