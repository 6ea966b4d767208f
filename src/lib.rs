//! Déclic: a self-hostable photo co-creation contest platform (library crate behind the `declic` binary).
#![forbid(unsafe_code)]

pub mod app;
pub mod bench;
pub mod bench_winners;
pub mod cli;
pub mod clock;
pub mod config;
pub mod db;
pub mod demo;
pub mod domain;
pub mod error;
pub mod export;
pub mod i18n;
pub mod jobs;
pub mod mail;
pub mod media;
pub mod render_cli;
pub mod secret;
pub mod server;
pub mod services;
pub mod state;
pub mod storage;
pub mod telemetry;
pub mod web;
