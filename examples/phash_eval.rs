//! Compares perceptual hash algorithms on the corpus (`make-corpus.sh corpus`): Hamming distance of
//! resized, recompressed and cropped copies to their original vs. distance between different photos.
//! `cargo run --release --example phash_eval` — the figures behind `src/media/phash.rs`.
use image_hasher::{HashAlg, HasherConfig};

fn main() {
    let files: Vec<_> = std::fs::read_dir("corpus/phone").unwrap().flatten().map(|e| e.path()).collect();
    let imgs: Vec<image::RgbImage> =
        files.iter().map(|p| image::open(p).unwrap().thumbnail(400, 400).into_rgb8()).collect();
    let variants = |img: &image::RgbImage| -> Vec<image::RgbImage> {
        let (w, h) = img.dimensions();
        let small = image::imageops::resize(img, w * 2 / 3, h * 2 / 3, image::imageops::FilterType::Triangle);
        let mut jpg = Vec::new();
        image::codecs::jpeg::JpegEncoder::new_with_quality(&mut jpg, 50).encode_image(img).unwrap();
        let recompressed = image::load_from_memory(&jpg).unwrap().into_rgb8();
        let crop = image::imageops::crop_imm(img, w / 20, h / 20, w * 9 / 10, h * 9 / 10).to_image();
        vec![small, recompressed, crop]
    };
    for (name, alg, dct) in [
        ("median+dct", HashAlg::Median, true),
        ("mean+dct", HashAlg::Mean, true),
        ("gradient", HashAlg::Gradient, false),
        ("doublegradient", HashAlg::DoubleGradient, false),
        ("mean", HashAlg::Mean, false),
        ("dgrad10", HashAlg::DoubleGradient, false),
    ] {
        let size = if name == "dgrad10" { 10 } else { 8 };
        let mut cfg = HasherConfig::new().hash_size(size, size).hash_alg(alg);
        if dct {
            cfg = cfg.preproc_dct();
        }
        let hasher = cfg.to_hasher();
        let hashes: Vec<_> = imgs.iter().map(|i| hasher.hash_image(i)).collect();
        let mut same = Vec::new();
        for (i, img) in imgs.iter().enumerate() {
            for v in variants(img) {
                same.push(hasher.hash_image(&v).dist(&hashes[i]));
            }
        }
        let mut other = Vec::new();
        for i in 0..hashes.len() {
            for j in i + 1..hashes.len() {
                other.push(hashes[i].dist(&hashes[j]));
            }
        }
        same.sort();
        other.sort();
        println!(
            "{name:16} copies: max {} {:?}  | different: min {} {:?}",
            same.last().unwrap(),
            same,
            other[0],
            &other[..6]
        );
    }
}
