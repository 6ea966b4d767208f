//! `declic render FILE… --out DIR`: the production pipeline on local files (no server, no
//! database), with per-file timings and output sizes.

use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::Context;
use rayon::prelude::*;

use crate::config::MediaLimits;
use crate::media;

/// Processes the files as the server's workers do: several at once, one per core.
pub(crate) fn run(files: &[PathBuf], out: &Path, limits: &MediaLimits) -> anyhow::Result<()> {
    std::fs::create_dir_all(out).with_context(|| format!("creating {}", out.display()))?;
    let started = Instant::now();
    let results: Vec<anyhow::Result<(String, u64)>> =
        files.par_iter().map(|file| render_one(file, out, limits)).collect();
    let secs = started.elapsed().as_secs_f64();
    let (mut ok, mut bytes_in) = (0usize, 0u64);
    for r in results {
        match r {
            Ok((line, size)) => {
                println!("{line}");
                if size > 0 {
                    ok += 1;
                    bytes_in += size;
                }
            }
            Err(e) => println!("{e:#}"),
        }
    }
    println!(
        "{ok} of {} photos in {secs:.2} s on {} threads: {:.2} s per photo, {:.1} MB/s of originals",
        files.len(),
        rayon::current_num_threads(),
        secs / ok.max(1) as f64,
        bytes_in as f64 / 1e6 / secs
    );
    Ok(())
}

/// One photo: its report line and its size (0 when refused).
fn render_one(file: &Path, out: &Path, limits: &MediaLimits) -> anyhow::Result<(String, u64)> {
    let bytes = std::fs::read(file).with_context(|| format!("reading {}", file.display()))?;
    let t = Instant::now();
    let r = match media::render(&bytes, limits) {
        Ok(r) => r,
        Err(e) => return Ok((format!("{}: refused ({}): {e}", file.display(), e.code()), 0)),
    };
    let total_ms = t.elapsed().as_secs_f64() * 1000.0;
    let stem = file.file_stem().and_then(|s| s.to_str()).unwrap_or("photo");
    let dir = out.join(stem);
    std::fs::create_dir_all(&dir)?;
    let mut sizes = Vec::new();
    for rend in &r.renditions {
        std::fs::write(dir.join(rend.file), &rend.bytes)?;
        sizes.push(format!("{} {} KB", rend.file, rend.bytes.len() / 1024));
    }
    let line = format!(
        "{}: {}×{} in {total_ms:.0} ms (decode {:.0}, resize {:.0}, encode {:.0}) → {}",
        file.display(),
        r.width,
        r.height,
        r.timings.decode_ms,
        r.timings.resize_ms,
        r.timings.encode_ms,
        sizes.join(", ")
    );
    Ok((line, bytes.len() as u64))
}
