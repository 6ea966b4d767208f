//! The HEIC/HEIF decoder's side of the sandbox: runs as `declic heif-child`, limits its own memory,
//! CPU time, files and core dumps before libheif sees a byte, then writes the photo's upright size
//! and (unless probing) its pixels, scaled down and converted to sRGB, to standard output.

use std::io::{Read, Write};

use image::{DynamicImage, RgbImage, RgbaImage};
use libheif_rs::{ColorSpace, DecodingOptions, HeifContext, HeifError, HeifErrorCode, LibHeif, RgbChroma};

use super::{color, decode, resize};

/// First bytes of the child's answer.
pub(crate) const MAGIC: &[u8; 4] = b"DHF1";
/// Exit status of a refusal; standard error then ends with `kind\tmessage`.
pub(crate) const EXIT_REFUSED: i32 = 3;

/// The child's command line (built by the parent from the same struct, so both stay in step).
#[derive(clap::Args, Debug, Clone, PartialEq, Eq)]
pub struct ChildArgs {
    /// Stop after the header: report the size only.
    #[arg(long)]
    pub probe: bool,
    #[arg(long)]
    pub max_bytes: u64,
    #[arg(long)]
    pub max_pixels: u64,
    #[arg(long)]
    pub max_side: u32,
    /// Long edge of the pixels sent back (never upscaled).
    #[arg(long)]
    pub edge: u32,
    #[arg(long)]
    pub memory_mb: u64,
    #[arg(long)]
    pub cpu_secs: u64,
}

impl ChildArgs {
    pub fn to_args(&self) -> Vec<String> {
        let mut v = vec!["heif-child".to_string()];
        if self.probe {
            v.push("--probe".into());
        }
        for (k, n) in [
            ("--max-bytes", self.max_bytes),
            ("--max-pixels", self.max_pixels),
            ("--max-side", self.max_side as u64),
            ("--edge", self.edge as u64),
            ("--memory-mb", self.memory_mb),
            ("--cpu-secs", self.cpu_secs),
        ] {
            v.push(k.into());
            v.push(n.to_string());
        }
        v
    }
}

/// Why the child refused, as the parent reads it back.
#[derive(Debug)]
struct Refusal {
    kind: &'static str,
    message: String,
}

impl Refusal {
    fn new(kind: &'static str, message: impl Into<String>) -> Self {
        Refusal { kind, message: message.into() }
    }
}

impl From<HeifError> for Refusal {
    fn from(e: HeifError) -> Self {
        let kind = match e.code {
            HeifErrorCode::UnsupportedFeature | HeifErrorCode::UnsupportedFileType => "unsupported",
            HeifErrorCode::MemoryAllocationError => "limit",
            _ => "corrupt",
        };
        Refusal::new(kind, format!("{:?}: {}", e.sub_code, e.message))
    }
}

/// Runs the child; returns its exit status.
pub(crate) fn run(args: &ChildArgs) -> i32 {
    if let Err(e) = confine(args) {
        eprintln!("unavailable\tcannot set the sandbox limits: {e}");
        return EXIT_REFUSED;
    }
    let mut out = std::io::stdout().lock();
    match decode_stdin(args, &mut out) {
        Ok(()) => 0,
        Err(r) => {
            eprintln!("{}\t{}", r.kind, r.message.replace(['\n', '\t'], " "));
            EXIT_REFUSED
        }
    }
}

/// Limits this process before any untrusted byte is parsed: address space, CPU time (SIGXCPU, then
/// SIGKILL one second later), no file may be written, no core dump, few descriptors.
fn confine(args: &ChildArgs) -> std::io::Result<()> {
    use rlimit::Resource;
    let memory = args.memory_mb.saturating_mul(1024 * 1024);
    Resource::AS.set(memory, memory)?;
    Resource::CPU.set(args.cpu_secs.max(1), args.cpu_secs.max(1) + 1)?;
    Resource::FSIZE.set(0, 0)?;
    Resource::CORE.set(0, 0)?;
    Resource::NOFILE.set(16, 16)?;
    Ok(())
}

fn decode_stdin(args: &ChildArgs, out: &mut impl Write) -> Result<(), Refusal> {
    let io = |e: std::io::Error| Refusal::new("corrupt", format!("i/o: {e}"));
    let mut bytes = Vec::new();
    std::io::stdin().lock().take(args.max_bytes + 1).read_to_end(&mut bytes).map_err(io)?;
    if bytes.len() as u64 > args.max_bytes {
        return Err(Refusal::new("corrupt", "more bytes than the upload limit"));
    }

    let mut ctx = HeifContext::new()?;
    let mut limits = ctx.security_limits();
    limits.set_max_image_size_pixels(args.max_pixels);
    // iPhone photos are grids of many tiles referenced from one item: the defaults refuse some.
    limits.set_max_number_of_tiles(limits.max_number_of_tiles().max(16_384));
    limits.set_max_items(limits.max_items().max(16_384));
    limits.set_max_children_per_box(limits.max_children_per_box().max(65_536));
    limits.set_max_iloc_extents_per_item(limits.max_iloc_extents_per_item().max(1_024));
    limits.set_max_total_memory(args.memory_mb.saturating_mul(1024 * 1024));
    ctx.set_security_limits(&limits)?;
    // One thread: the parent's CPU pool counts this child as one job.
    ctx.set_max_decoding_threads(1);
    ctx.read_bytes(&bytes)?;
    let handle = ctx.primary_image_handle()?;
    // Sizes after the file's own transformations (irot, imir, clap): the photo upright.
    let (width, height) = (handle.width(), handle.height());
    out.write_all(MAGIC).map_err(io)?;
    out.write_all(&width.to_le_bytes()).map_err(io)?;
    out.write_all(&height.to_le_bytes()).map_err(io)?;
    out.flush().map_err(io)?;
    let side = width.max(height);
    if side > args.max_side || width as u64 * height as u64 > args.max_pixels || side == 0 {
        return Err(Refusal::new("limit", format!("{width}×{height} is over the limits")));
    }
    if args.probe {
        return Ok(());
    }

    let alpha = handle.has_alpha_channel();
    let mut options = DecodingOptions::new().ok_or_else(|| Refusal::new("limit", "out of memory"))?;
    options.set_convert_hdr_to_8bit(true);
    // The rotation and mirroring in the file (irot/imir) are applied here, and only here: the EXIF
    // orientation inside a HEIC must not be applied a second time.
    options.set_ignore_transformations(false);
    let chroma = if alpha { RgbChroma::Rgba } else { RgbChroma::Rgb };
    let decoded = LibHeif::new().decode(&handle, ColorSpace::Rgb(chroma), Some(options))?;
    let plane = decoded.planes().interleaved.ok_or_else(|| Refusal::new("corrupt", "no pixels decoded"))?;
    let (w, h, channels) = (plane.width, plane.height, if alpha { 4 } else { 3 });
    let row = w as usize * channels;
    let mut packed = Vec::with_capacity(row * h as usize);
    for y in 0..h as usize {
        let start = y * plane.stride;
        let line = plane.data.get(start..start + row).ok_or_else(|| Refusal::new("corrupt", "short pixel rows"))?;
        packed.extend_from_slice(line);
    }
    drop(decoded);
    let short = || Refusal::new("corrupt", "pixel buffer size");
    let pixels = if alpha {
        decode::flatten_on_white(DynamicImage::ImageRgba8(RgbaImage::from_raw(w, h, packed).ok_or_else(short)?))
    } else {
        RgbImage::from_raw(w, h, packed).ok_or_else(short)?
    };
    let mut scaled = resize::fit(&pixels, args.edge).map_err(|e| Refusal::new("corrupt", e.to_string()))?;
    drop(pixels);
    if let Some(icc) = handle.color_profile_raw() {
        color::to_srgb(&mut scaled, &icc.data);
    } else if let Some(nclx) = handle.color_profile_nclx() {
        color::cicp_to_srgb(&mut scaled, nclx.color_primaries() as u8, nclx.transfer_characteristics() as u8);
    }
    out.write_all(&scaled.width().to_le_bytes()).map_err(io)?;
    out.write_all(&scaled.height().to_le_bytes()).map_err(io)?;
    out.write_all(scaled.as_raw()).map_err(io)?;
    out.flush().map_err(io)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;

    #[derive(Parser)]
    struct Wrapper {
        #[command(subcommand)]
        cmd: Cmd,
    }
    #[derive(clap::Subcommand)]
    enum Cmd {
        HeifChild(ChildArgs),
    }

    #[test]
    fn the_command_line_round_trips() {
        let args = ChildArgs {
            probe: true,
            max_bytes: 40_000_000,
            max_pixels: 100_000_000,
            max_side: 20_000,
            edge: 2048,
            memory_mb: 1024,
            cpu_secs: 60,
        };
        let line = std::iter::once("declic".to_string()).chain(args.to_args());
        let Cmd::HeifChild(parsed) = Wrapper::parse_from(line).cmd;
        assert_eq!(parsed, args);
    }
}
