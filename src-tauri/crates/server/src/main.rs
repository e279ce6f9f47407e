//! `firstgoal-server`: the FirstGoal team server and its admin commands.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;

use chrono::{DateTime, SecondsFormat, Utc};
use clap::{Parser, Subcommand, ValueEnum};
use firstgoal_protocol::Role;
use firstgoal_server::{admin, bench, db, serve};

#[derive(Debug, Parser)]
#[command(
    name = "firstgoal-server",
    version,
    about = "FirstGoal team server on PostgreSQL"
)]
struct Cli {
    /// The PostgreSQL database, e.g. postgres://user@host/firstgoal (its schema is migrated at start).
    #[arg(long, env = "FIRSTGOAL_DATABASE_URL")]
    database_url: String,
    /// Connections to the database this process may open.
    #[arg(long, default_value_t = 10)]
    max_connections: u32,
    /// Logs as JSON lines (default: human-readable) on stderr; RUST_LOG sets the level.
    #[arg(long)]
    log_json: bool,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Serves the sync endpoints until SIGTERM or Ctrl-C.
    Serve {
        /// Address and port to listen on, e.g. 127.0.0.1:8443 or 0.0.0.0:8443.
        #[arg(long)]
        listen: SocketAddr,
        /// PEM certificate chain for HTTPS.
        #[arg(long, requires = "tls_key")]
        tls_cert: Option<PathBuf>,
        /// PEM private key for HTTPS.
        #[arg(long, requires = "tls_cert")]
        tls_key: Option<PathBuf>,
        /// Allows plain HTTP on a non-loopback address: only when a TLS-terminating proxy is in front.
        #[arg(long)]
        behind_proxy: bool,
    },
    /// Teams.
    #[command(subcommand)]
    Team(TeamCommand),
    /// The people of a team.
    #[command(subcommand)]
    Person(PersonCommand),
    /// The conflicts the server keeps (pushed changes not applied: someone else's was newer).
    #[command(subcommand)]
    Conflicts(ConflictsCommand),
    /// Load benchmark: concurrent clients pushing to one or more server processes of this binary.
    Bench {
        #[arg(long, default_value_t = 50)]
        clients: usize,
        /// Changes each client pushes.
        #[arg(long, default_value_t = 200)]
        changes: usize,
        /// Changes per push.
        #[arg(long, default_value_t = 10)]
        batch: usize,
        /// Server process counts to compare.
        #[arg(long, value_delimiter = ',', default_value = "1,2")]
        processes: Vec<usize>,
    },
    /// SIGKILL trials: the server killed mid-push, restarted, the pushes resent.
    BenchKill {
        #[arg(long, default_value_t = 20)]
        trials: usize,
    },
}

#[derive(Debug, Subcommand)]
enum TeamCommand {
    /// Creates a team.
    Create { name: String },
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum RoleArg {
    Admin,
    Member,
    Viewer,
}

#[derive(Debug, Subcommand)]
enum PersonCommand {
    /// Adds a person and prints their one-time enrolment code.
    Add {
        #[arg(long)]
        team: String,
        #[arg(long)]
        name: String,
        #[arg(long, value_enum)]
        role: RoleArg,
    },
    /// Lists a team's people with their role and status.
    List {
        #[arg(long)]
        team: String,
    },
    /// Revokes a person's access at once.
    Revoke {
        #[arg(long)]
        team: String,
        #[arg(long)]
        name: String,
    },
}

#[derive(Debug, Subcommand)]
enum ConflictsCommand {
    /// Lists a team's kept conflicts, oldest first: when, who, record (kind and id), field (or
    /// `(deletion)`), the seq of theirs and who made it, the refused change's id.
    List {
        #[arg(long)]
        team: String,
    },
    /// Removes a team's conflicts received before a date (they are kept forever otherwise).
    Clear {
        #[arg(long)]
        team: String,
        /// A date (2025-01-31, its start in UTC) or an RFC 3339 time (2025-01-31T09:00:00+09:00).
        #[arg(long, value_parser = admin::conflicts::parse_before)]
        before: DateTime<Utc>,
    },
}

fn init_logs(json: bool) {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info,sqlx=warn"));
    let logs = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    if json {
        logs.json().init()
    } else {
        logs.init()
    }
}

#[tokio::main]
async fn main() -> ExitCode {
    let cli = Cli::parse();
    init_logs(cli.log_json);
    match run(cli).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

type AnyError = Box<dyn std::error::Error + Send + Sync>;

async fn run(cli: Cli) -> Result<(), AnyError> {
    let pool = db::connect(&cli.database_url, cli.max_connections).await?;
    match cli.command {
        Command::Serve {
            listen,
            tls_cert,
            tls_key,
            behind_proxy,
        } => {
            let tls = tls_cert.zip(tls_key);
            serve::serve(
                pool,
                serve::Listen {
                    addr: listen,
                    tls,
                    behind_proxy,
                },
            )
            .await?;
        }
        Command::Team(TeamCommand::Create { name }) => {
            let id = admin::create_team(&pool, &name).await?;
            println!("created team {name} ({id})");
        }
        Command::Person(cmd) => person(&pool, cmd).await?,
        Command::Conflicts(cmd) => conflicts(&pool, cmd).await?,
        Command::Bench {
            clients,
            changes,
            batch,
            processes,
        } => {
            let exe = std::env::current_exe()?;
            println!("processes clients changes lost duplicated p50_ms p99_ms elapsed_s");
            for n in processes {
                let r = bench::load(&exe, &cli.database_url, n, clients, changes, batch).await?;
                println!(
                    "{} {clients} {} {} {} {:.1} {:.1} {:.2}",
                    r.processes,
                    r.changes,
                    r.lost,
                    r.duplicated,
                    r.p50_ms,
                    r.p99_ms,
                    r.elapsed.as_secs_f64()
                );
            }
        }
        Command::BenchKill { trials } => {
            let exe = std::env::current_exe()?;
            let (mut lost, mut duplicated) = (0, 0);
            for i in 0..trials {
                let r = bench::kill_trial(&exe, &cli.database_url, &pool).await?;
                println!(
                    "trial {i}: {} of 30 pushes answered before SIGKILL",
                    r.answered_before_kill
                );
                lost += r.lost;
                duplicated += r.duplicated;
            }
            println!("{trials} trials: lost {lost}, duplicated {duplicated}");
            if lost + duplicated > 0 {
                return Err("changes were lost or duplicated".into());
            }
        }
    }
    Ok(())
}

async fn person(pool: &sqlx::PgPool, cmd: PersonCommand) -> Result<(), AnyError> {
    match cmd {
        PersonCommand::Add { team, name, role } => {
            let role = match role {
                RoleArg::Admin => Role::Admin,
                RoleArg::Member => Role::Member,
                RoleArg::Viewer => Role::Viewer,
            };
            let code = admin::add_person(pool, &team, &name, role).await?;
            println!("added {name} to {team} as {}", role.as_str());
            println!("enrolment code (shown once): {code}");
        }
        PersonCommand::List { team } => {
            for p in admin::list_people(pool, &team).await? {
                println!("{}\t{}\t{}\t{}", p.name, p.role, p.status, p.id);
            }
        }
        PersonCommand::Revoke { team, name } => {
            admin::revoke_person(pool, &team, &name).await?;
            println!("revoked {name} in {team}");
        }
    }
    Ok(())
}

async fn conflicts(pool: &sqlx::PgPool, cmd: ConflictsCommand) -> Result<(), AnyError> {
    match cmd {
        ConflictsCommand::List { team } => {
            let kept = admin::conflicts::list(pool, &team).await?;
            if kept.is_empty() {
                println!("no conflicts kept for {team}");
            }
            for c in kept {
                println!(
                    "{}\t{}\t{} {}\t{}\ttheirs seq {} by {}\t{}",
                    c.received_at.to_rfc3339_opts(SecondsFormat::Secs, true),
                    c.who,
                    c.kind,
                    c.record_id,
                    c.field.as_deref().unwrap_or("(deletion)"),
                    c.theirs_seq,
                    c.theirs_by,
                    c.change_id
                );
            }
        }
        ConflictsCommand::Clear { team, before } => {
            let n = admin::conflicts::clear(pool, &team, before).await?;
            let before = before.to_rfc3339_opts(SecondsFormat::Secs, true);
            println!("cleared {n} conflicts of {team} received before {before}");
        }
    }
    Ok(())
}
