//! The `declic` binary: parses the command line and hands over to the library.
#![forbid(unsafe_code)]

use clap::Parser;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    declic::cli::run(declic::cli::Cli::parse()).await
}
