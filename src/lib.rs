//! Déclic: a self-hostable photo co-creation contest platform (library crate behind the `declic` binary).
#![forbid(unsafe_code)]
#![warn(unreachable_pub)]

pub mod app;
pub(crate) mod bench;
pub(crate) mod bench_winners;
pub mod cli;
pub(crate) mod clock;
pub mod config;
pub(crate) mod db;
pub(crate) mod demo;
pub(crate) mod domain;
pub(crate) mod error;
pub(crate) mod export;
pub(crate) mod i18n;
pub(crate) mod jobs;
pub(crate) mod mail;
pub(crate) mod media;
pub(crate) mod readable;
pub(crate) mod render_cli;
pub(crate) mod secret;
pub(crate) mod server;
pub(crate) mod services;
pub(crate) mod state;
pub(crate) mod storage;
pub(crate) mod telemetry;
pub mod testing;
pub(crate) mod web;
