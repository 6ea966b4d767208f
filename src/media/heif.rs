//! HEIC/HEIF photos, decoded out of process: the server starts `declic heif-child` with a clean
//! environment, feeds it the file and reads back the size and sRGB pixels. A crash, a memory or
//! CPU limit or the wall-clock deadline in the child is a clear refusal, never a server crash.

use std::io::{Read, Write};
use std::os::unix::process::ExitStatusExt;
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use image::RgbImage;

use super::MediaError;
use super::heif_child::{ChildArgs, EXIT_REFUSED, MAGIC};
use crate::config::MediaLimits;

/// The upright size read from the file's header (after its own rotation and crop).
pub(crate) fn probe(bytes: &[u8], limits: &MediaLimits) -> Result<(u32, u32), MediaError> {
    run(bytes, limits, None).map(|(size, _)| size)
}

/// The photo upright, scaled so its long edge is at most `edge`, in sRGB; and its full upright size.
pub(crate) fn decode(bytes: &[u8], limits: &MediaLimits, edge: u32) -> Result<((u32, u32), RgbImage), MediaError> {
    let (size, pixels) = run(bytes, limits, Some(edge))?;
    let pixels = pixels.ok_or_else(|| MediaError::Corrupt("the HEIC decoder sent no pixels".into()))?;
    Ok((size, pixels))
}

fn run(bytes: &[u8], limits: &MediaLimits, edge: Option<u32>) -> Result<((u32, u32), Option<RgbImage>), MediaError> {
    let sandbox = &limits.heif;
    let args = ChildArgs {
        probe: edge.is_none(),
        max_bytes: limits.max_upload_bytes.max(bytes.len() as u64),
        max_pixels: limits.max_pixels,
        max_side: limits.max_side,
        edge: edge.unwrap_or(1),
        memory_mb: sandbox.memory_mb,
        cpu_secs: sandbox.deadline.as_secs().max(1),
    };
    let mut child = Command::new(&sandbox.program)
        .args(args.to_args())
        // Nothing of the server's secrets (database URL, S3 keys) reaches the decoder.
        .env_clear()
        // mimalloc reserves 1 GiB of address space up front by default: that would eat the limit.
        // (Setting the purge delay also spares the child main's re-execution.)
        .env("MIMALLOC_ARENA_RESERVE", "32MiB")
        .env("MIMALLOC_PURGE_DELAY", "0")
        .current_dir("/")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| MediaError::DecoderUnavailable(format!("cannot start {}: {e}", sandbox.program.display())))?;
    let (Some(mut stdin), Some(mut stdout), Some(stderr)) =
        (child.stdin.take(), child.stdout.take(), child.stderr.take())
    else {
        let _ = child.kill();
        return Err(MediaError::DecoderUnavailable("the decoder's pipes are missing".into()));
    };
    let child = Mutex::new(child);
    let abandon = AtomicBool::new(false);
    let started = Instant::now();

    std::thread::scope(|s| {
        s.spawn(move || {
            // The child may stop reading early (refusal, crash): a broken pipe is expected then.
            let _ = stdin.write_all(bytes);
        });
        let errors = s.spawn(move || {
            let mut text = String::new();
            let _ = stderr.take(64 * 1024).read_to_string(&mut text);
            text
        });
        let watchdog = s.spawn(|| watch(&child, sandbox.deadline, started, &abandon));

        let answer = read_answer(&mut stdout, limits, edge);
        if answer.is_err() {
            abandon.store(true, Ordering::Relaxed);
        }
        drop(stdout);
        let (status, timed_out) = watchdog.join().unwrap_or((None, false));
        let stderr = errors.join().unwrap_or_default();
        match answer {
            Ok(answer) if status.is_some_and(|s| s.success()) => Ok(answer),
            Err(e @ (MediaError::TooManyPixels { .. } | MediaError::SideTooLong { .. })) => Err(e),
            other => Err(failure(status, timed_out, &stderr, sandbox.deadline, other.err())),
        }
    })
}

/// Waits for the child, killing it past the deadline or when the parent gave up on its answer.
fn watch(
    child: &Mutex<Child>,
    deadline: Duration,
    started: Instant,
    abandon: &AtomicBool,
) -> (Option<ExitStatus>, bool) {
    let mut timed_out = false;
    loop {
        let mut c = child.lock().unwrap_or_else(|p| p.into_inner());
        match c.try_wait() {
            Ok(Some(status)) => return (Some(status), timed_out),
            Ok(None) => {}
            Err(_) => return (None, timed_out),
        }
        if !timed_out && started.elapsed() > deadline {
            timed_out = true;
            let _ = c.kill();
        } else if abandon.load(Ordering::Relaxed) {
            let _ = c.kill();
        }
        drop(c);
        std::thread::sleep(Duration::from_millis(5));
    }
}

/// Reads the header, checks the limits on it, then the pixels when asked for.
fn read_answer(
    out: &mut impl Read,
    limits: &MediaLimits,
    edge: Option<u32>,
) -> Result<((u32, u32), Option<RgbImage>), MediaError> {
    let short = |_| MediaError::Corrupt("the HEIC decoder stopped early".into());
    let mut head = [0u8; 12];
    out.read_exact(&mut head).map_err(short)?;
    if &head[..4] != MAGIC {
        return Err(MediaError::Corrupt("the HEIC decoder answered garbage".into()));
    }
    let u32_at = |b: &[u8], at: usize| u32::from_le_bytes([b[at], b[at + 1], b[at + 2], b[at + 3]]);
    let size = (u32_at(&head, 4), u32_at(&head, 8));
    super::check_limits(size.0, size.1, limits)?;
    let Some(edge) = edge else { return Ok((size, None)) };
    let mut dims = [0u8; 8];
    out.read_exact(&mut dims).map_err(short)?;
    let (w, h) = (u32_at(&dims, 0), u32_at(&dims, 4));
    if w == 0 || h == 0 || w.max(h) > edge.max(size.0.max(size.1)) {
        return Err(MediaError::Corrupt(format!("the HEIC decoder sent a {w}×{h} image")));
    }
    let mut raw = vec![0u8; w as usize * h as usize * 3];
    out.read_exact(&mut raw).map_err(short)?;
    let pixels = RgbImage::from_raw(w, h, raw).ok_or_else(|| MediaError::Corrupt("pixel buffer size".into()))?;
    Ok((size, Some(pixels)))
}

/// Turns how the child ended into the refusal the user sees.
fn failure(
    status: Option<ExitStatus>,
    timed_out: bool,
    stderr: &str,
    deadline: Duration,
    read_error: Option<MediaError>,
) -> MediaError {
    if timed_out {
        return MediaError::TooComplex(format!("the decoder ran past {} s", deadline.as_secs()));
    }
    if let Some(status) = status {
        if status.code() == Some(EXIT_REFUSED) {
            let last = stderr.lines().rev().find(|l| l.contains('\t')).unwrap_or("corrupt\tunknown error");
            let (kind, message) = last.split_once('\t').unwrap_or(("corrupt", last));
            return match kind {
                "unsupported" => MediaError::Unsupported(format!(
                    "this HEIF file uses a feature or codec Déclic cannot read ({message}); accepted formats are JPEG, PNG, WebP and HEIC"
                )),
                "limit" => MediaError::TooComplex(message.to_string()),
                "unavailable" => MediaError::DecoderUnavailable(message.to_string()),
                _ => MediaError::Corrupt(message.to_string()),
            };
        }
        // Out of address space: C++ `std::bad_alloc` or Rust's allocation failure, then abort.
        if stderr.contains("bad_alloc") || stderr.contains("memory allocation of") {
            return MediaError::TooComplex("the decoder ran out of its memory allowance".into());
        }
        // SIGXCPU, or SIGKILL at the hard CPU limit
        if matches!(status.signal(), Some(24 | 9)) {
            return MediaError::TooComplex(format!("the decoder used more than {} s of CPU", deadline.as_secs()));
        }
        if let Some(signal) = status.signal() {
            return MediaError::Corrupt(format!("the HEIC decoder crashed (signal {signal})"));
        }
    }
    read_error.unwrap_or_else(|| MediaError::Corrupt(format!("the HEIC decoder failed: {}", stderr.trim())))
}
