//! The `declic` command line: serve, migrate, worker, user add.

use std::io::Read;

use clap::{Parser, Subcommand};

use crate::app::{AppState, Application, run_workers};
use crate::config::Settings;
use crate::db::Db;
use crate::domain::email::Email;
use crate::domain::role::Role;

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
            println!("migrations applied");
            Ok(())
        }
        Command::Worker => run_workers(settings, shutdown_signal()).await,
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
