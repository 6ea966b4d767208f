//! The `declic` binary: parses the command line and hands over to the library.
#![forbid(unsafe_code)]

use clap::Parser;

/// mimalloc does not fragment under image workloads (many large, short-lived buffers).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> anyhow::Result<()> {
    let cli = declic::cli::Cli::parse();
    // The HEIC decoder child: no runtime, no settings, no threads beyond its own.
    if let Some(declic::cli::Command::HeifChild(args)) = &cli.command {
        std::process::exit(declic::media::heif_child::run(args));
    }
    tokio::runtime::Runtime::new()?.block_on(declic::cli::run(cli))
}
