//! Black-box tests: the real application on a random port, on SQLite + disk by default, or on
//! PostgreSQL + S3 when `DECLIC_TEST_DATABASE_URL` / `DECLIC_TEST_STORAGE_URL` are set (see `.ci/run`).

mod helpers;

mod admin_people;
mod admin_setup;
mod api_document;
mod api_examples;
mod archive;
mod audit;
mod auth;
mod authorization;
mod bad_input;
mod campaign;
mod consent;
mod contest_copy;
mod cover_mockups;
mod covers;
mod dashboard;
mod db_outage;
mod gallery;
mod heic;
mod i18n;
mod ingest;
mod jobs;
mod jury;
mod look;
mod mail;
mod moderation;
mod my_data;
mod my_entries;
mod ops;
mod originals;
mod private_pixels;
mod quota;
mod reports;
mod results;
mod resumable;
mod retention;
mod schema_parity;
mod storage;
mod story;
mod upload_pace;
mod votes;
mod voting_rules;
mod zip_files;
