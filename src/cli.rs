//! The `declic` command line: serve, migrate, worker, user add, audit verify, retention run.

use std::io::Read;

use clap::{Parser, Subcommand};

use crate::app::{Application, run_workers};
use crate::config::Settings;
use crate::db::Db;
use crate::domain::email::Email;
use crate::domain::role::Role;
use crate::state::AppState;

#[derive(Parser, Debug)]
#[command(name = "declic", version, about = "Photo co-creation contests, self-hosted")]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Serve the site, the API and job workers (the default).
    Serve,
    /// Apply database migrations and exit.
    Migrate,
    /// Run job workers only (for extra worker machines).
    Worker,
    /// Run the image pipeline on local files and print timings (no server, no database).
    Render {
        /// Photos to process.
        #[arg(required = true)]
        files: Vec<std::path::PathBuf>,
        /// Where the renditions go (one folder per photo).
        #[arg(long)]
        out: std::path::PathBuf,
    },
    /// Manage accounts.
    User {
        #[command(subcommand)]
        action: UserCommand,
    },
    /// Blob store maintenance.
    Storage {
        #[command(subcommand)]
        action: StorageCommand,
    },
    /// Votes: recount every entry's total from the vote log.
    Votes {
        #[command(subcommand)]
        action: VotesCommand,
    },
    /// The audit log: check its hash chain.
    Audit {
        #[command(subcommand)]
        action: AuditCommand,
    },
    /// GDPR retention: purge the contests whose retention period has ended.
    Retention {
        #[command(subcommand)]
        action: RetentionCommand,
    },
    /// Benchmark fixtures (see `scripts/bench-gallery.sh` and `scripts/bench-votes.sh`).
    Bench {
        #[command(subcommand)]
        action: BenchCommand,
    },
    /// Internal: decode one HEIC/HEIF photo from standard input inside resource limits (started
    /// by the server itself; see `media::heif`).
    #[command(hide = true)]
    HeifChild(crate::media::heif_child::ChildArgs),
}

#[derive(Subcommand, Debug)]
pub enum BenchCommand {
    /// A contest with many approved photos and votes (the gallery benchmark).
    Gallery {
        #[arg(long, default_value = "bench")]
        slug: String,
        #[arg(long, default_value_t = 100_000)]
        entries: usize,
        #[arg(long, default_value_t = 1_000_000)]
        votes: usize,
    },
    /// A contest, signed-in voters and their solved challenges, written one vote per line for
    /// a load generator (the vote benchmark).
    Votes {
        #[arg(long, default_value = "bench-votes")]
        slug: String,
        #[arg(long, default_value_t = 100_000)]
        voters: usize,
        #[arg(long)]
        out: std::path::PathBuf,
    },
    /// A contest whose cover slots hold large originals with their print files, and an admin's
    /// session cookie written to `out` (the winners-export benchmark).
    Winners {
        #[arg(long, default_value = "bench-winners")]
        slug: String,
        /// A folder of JPEGs (used in turn, each copy made distinct).
        #[arg(long)]
        originals: std::path::PathBuf,
        #[arg(long, default_value_t = 20)]
        count: usize,
        #[arg(long)]
        out: std::path::PathBuf,
    },
    /// Prints a contest's counted votes and the times of its first and last (unix seconds).
    CountVotes {
        #[arg(long, default_value = "bench-votes")]
        slug: String,
    },
}

#[derive(Subcommand, Debug)]
pub enum AuditCommand {
    /// Walk the audit log's hash chain: exits 0 when intact, 1 with the first broken line.
    Verify,
}

#[derive(Subcommand, Debug)]
pub enum RetentionCommand {
    /// Purge non-winning photos, anonymise vote logs and erase people with nothing else live, for
    /// every contest past its retention period; prints what was done (nothing, the second time).
    Run {
        /// Print what would be deleted, contest by contest, and change nothing.
        #[arg(long)]
        dry_run: bool,
    },
}

#[derive(Subcommand, Debug)]
pub enum VotesCommand {
    /// Compare each entry's kept total with its rows in the vote log; repair unless --dry-run.
    Recount {
        #[arg(long)]
        dry_run: bool,
    },
}

#[derive(Subcommand, Debug)]
pub enum StorageCommand {
    /// Find objects no entry references and entries whose files are missing; repair them.
    Sweep {
        /// Only report.
        #[arg(long)]
        dry_run: bool,
        /// Spare unreferenced objects younger than this (uploads in flight).
        #[arg(long, default_value_t = 24)]
        grace_hours: i64,
    },
}

#[derive(Subcommand, Debug)]
pub enum UserCommand {
    /// Create an account, or update the role and password of an existing one.
    Add {
        #[arg(long)]
        email: String,
        /// participant, moderator, jury or admin
        #[arg(long)]
        role: String,
        /// Read the password from standard input (staff roles need one).
        #[arg(long)]
        password_stdin: bool,
    },
}

/// The HEIC decoder child (`declic heif-child`) runs with no runtime, no settings and no threads
/// beyond its own: when this is it, it runs here and the process ends.
pub fn exit_if_heif_child(cli: &Cli) {
    if let Some(Command::HeifChild(args)) = &cli.command {
        std::process::exit(crate::media::heif_child::run(args));
    }
}

pub async fn run(cli: Cli) -> anyhow::Result<()> {
    let settings = Settings::load()?;
    crate::telemetry::init(settings.log_format);
    match cli.command.unwrap_or(Command::Serve) {
        Command::Render { files, out } => {
            let limits = settings.media;
            tokio::task::spawn_blocking(move || crate::render_cli::run(&files, &out, &limits)).await?
        }
        Command::Serve => {
            crate::web::ops::install_recorder();
            let app = Application::build(settings).await?;
            app.run_until_stopped(shutdown_signal()).await
        }
        Command::Migrate => {
            let db = Db::connect(settings.database_url.expose()).await?;
            db.migrate().await?;
            crate::db::audit::seal_pending(&db).await?;
            println!("migrations applied");
            Ok(())
        }
        Command::Audit { action: AuditCommand::Verify } => {
            // Read-only: no migration, nothing sealed.
            let db = Db::connect(settings.database_url.expose()).await?;
            let report = crate::services::audit::verify(&db).await?;
            db.close().await;
            println!("{}", report.summary());
            if !report.intact {
                std::process::exit(1);
            }
            Ok(())
        }
        Command::HeifChild(args) => std::process::exit(crate::media::heif_child::run(&args)),
        Command::Worker => run_workers(settings, shutdown_signal()).await,
        Command::Bench { action } => {
            let state = AppState::prepare(Settings { demo: false, ..settings }).await?;
            match action {
                BenchCommand::Gallery { slug, entries, votes } => {
                    crate::bench::seed_gallery(&state, &slug, entries, votes).await
                }
                BenchCommand::Votes { slug, voters, out } => {
                    crate::bench::vote_requests(&state, &slug, voters, &out).await
                }
                BenchCommand::Winners { slug, originals, count, out } => {
                    crate::bench_winners::seed_winners(&state, &slug, &originals, count, &out).await
                }
                BenchCommand::CountVotes { slug } => {
                    let (n, first, last) = crate::bench::counted_votes(&state, &slug).await?;
                    println!("{n} {first} {last}");
                    Ok(())
                }
            }
        }
        Command::Retention { action: RetentionCommand::Run { dry_run: true } } => {
            let state = AppState::prepare(Settings { demo: false, ..settings }).await?;
            let previews = crate::services::retention::dry_run(&state).await?;
            println!("retention (dry run, nothing changed): {} contests past their retention period", previews.len());
            for (c, p) in &previews {
                let done = if c.retention_done_at.is_some() { " (already purged)" } else { "" };
                println!("  {}{done}: {}", c.slug, p.summary());
            }
            Ok(())
        }
        Command::Retention { action: RetentionCommand::Run { dry_run: false } } => {
            let state = AppState::prepare(Settings { demo: false, ..settings }).await?;
            let report = crate::services::retention::run(&state).await?;
            println!("{}", report.summary());
            Ok(())
        }
        Command::Votes { action: VotesCommand::Recount { dry_run } } => {
            let state = AppState::prepare(Settings { demo: false, ..settings }).await?;
            let wrong = crate::services::voting::recount(&state, dry_run).await?;
            println!(
                "{} entries whose total differed from the vote log{}",
                wrong.len(),
                if dry_run { "" } else { ", repaired" }
            );
            for (entry, kept, counted) in &wrong {
                println!("  entry {entry}: {kept} kept, {counted} in the log");
            }
            Ok(())
        }
        Command::Storage { action: StorageCommand::Sweep { dry_run, grace_hours } } => {
            let state = AppState::prepare(Settings { demo: false, ..settings }).await?;
            let r = crate::services::sweep::sweep(&state, grace_hours * 3600, dry_run).await?;
            println!("{} objects in storage", r.objects);
            println!(
                "{} unreferenced objects older than {grace_hours} h{}",
                r.orphans.len(),
                if dry_run { "" } else { ", deleted" }
            );
            for k in &r.orphans {
                println!("  {k}");
            }
            println!(
                "entries whose original is missing{}: {:?}",
                if dry_run { "" } else { " (marked failed)" },
                r.missing_originals
            );
            println!(
                "entries missing renditions{}: {:?}",
                if dry_run { "" } else { " (re-rendering queued)" },
                r.missing_renditions
            );
            println!(
                "public entries missing their CDN copies{}: {:?}",
                if dry_run { "" } else { " (copied)" },
                r.missing_public_copies
            );
            println!(
                "entries whose processing failed, original stored{}: {:?}",
                if dry_run { "" } else { " (processed again)" },
                r.failed_reprocessed
            );
            let queued = !r.missing_renditions.is_empty() || !r.failed_reprocessed.is_empty();
            if !dry_run && queued {
                let pool = crate::jobs::WorkerPool::spawn(state.clone(), state.settings.workers);
                println!("waiting for the repair jobs… (Ctrl-C to leave them to the server's workers)");
                tokio::select! {
                    _ = shutdown_signal() => {}
                    _ = wait_for_jobs(&state) => {}
                }
                pool.shutdown().await;
            }
            Ok(())
        }
        Command::User { action: UserCommand::Add { email, role, password_stdin } } => {
            let email = Email::parse(&email).map_err(|e| anyhow::anyhow!(e.message))?;
            let role = Role::parse(&role).map_err(|e| anyhow::anyhow!(e.message))?;
            let state = AppState::prepare(Settings { demo: false, ..settings }).await?;
            if role == Role::Participant {
                let mut conn = state.db.pool().acquire().await?;
                crate::db::users::find_or_create_participant(&mut conn, &email, crate::clock::now()).await?;
            } else {
                if !password_stdin {
                    anyhow::bail!("staff accounts need a password: pass --password-stdin and type it");
                }
                let mut password = String::new();
                std::io::stdin().read_to_string(&mut password)?;
                let password = password.trim_end_matches(['\n', '\r']).to_string();
                crate::services::accounts::add_staff(&state, &email, role, password)
                    .await
                    .map_err(|e| anyhow::anyhow!(e.message))?;
            }
            println!("{email} is now {role}");
            Ok(())
        }
    }
}

/// Resolves once no job is queued or running.
async fn wait_for_jobs(state: &AppState) {
    loop {
        let busy = crate::db::jobs::counts(state.db.pool(), crate::jobs::job::HOUSEKEEPING)
            .await
            .map(|c| c.iter().any(|(s, n)| (s == "queued" || s == "running") && *n > 0))
            .unwrap_or(false);
        if !busy {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    }
}

/// Resolves on Ctrl-C or SIGTERM.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {}
        _ = term => {}
    }
    tracing::info!("shutdown requested");
}
