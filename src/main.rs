//! The `declic` binary: parses the command line and hands over to the library.
#![forbid(unsafe_code)]

use clap::Parser;

/// mimalloc does not fragment under image workloads (many large, short-lived buffers).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    declic::cli::run(declic::cli::Cli::parse()).await
}
