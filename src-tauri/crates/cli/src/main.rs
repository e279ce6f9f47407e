//! `firstgoal-cli`: FirstGoal's product commands on the command line (list, export, import, demo
//! data, stakeholders, maps, journeys, portfolio figures, calendar, summaries and reports, team
//! sync), through firstgoal-core and firstgoal-sync.

/// mimalloc, as in the app: the portfolio of 100,000 projects makes millions of small
/// allocations, which glibc's allocator serves markedly slower (figures + rows 170 → 118 ms).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

mod csv_import;
mod documents;
mod journey;
mod map;
mod portfolio;
mod team;
mod week;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use firstgoal_core::db::{DB_ENV_VAR, default_db_path};
use firstgoal_core::{CoreError, Db, ErrorPayload, demo, projects, transfer};

#[derive(Debug, Parser)]
#[command(
    name = "firstgoal-cli",
    version,
    about = "FirstGoal onboarding projects, headless"
)]
struct Cli {
    /// The SQLite file to use (default: the app's file in your data folder).
    #[arg(long, global = true, env = DB_ENV_VAR)]
    db: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// List the projects of the file.
    List {
        /// Include archived projects.
        #[arg(long)]
        archived: bool,
        /// Print JSON instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// Export the whole file as one JSON document.
    Export {
        #[arg(long)]
        out: PathBuf,
    },
    /// Import a JSON export into the file (one transaction; ids renumbered if the file has data).
    Import {
        #[arg(long = "in")]
        input: PathBuf,
    },
    /// Write deterministic demo projects into a new or empty file, as far along as their dates
    /// allow on `--today` (default: today): the same seed and day write the same file.
    Demo {
        #[arg(long, default_value_t = 20)]
        projects: usize,
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// The day the demo is as of (YYYY-MM-DD).
        #[arg(long)]
        today: Option<chrono::NaiveDate>,
    },
    /// Work with a project's stakeholders (CSV import).
    Stakeholders {
        #[command(subcommand)]
        command: csv_import::StakeholdersCommand,
    },
    /// Write a project's stakeholder map as SVG or PNG.
    Map {
        #[arg(long)]
        project: i64,
        #[arg(long, value_enum)]
        format: map::Format,
        #[arg(long)]
        out: PathBuf,
        /// Language of the map's labels.
        #[arg(long, value_enum, default_value = "ja")]
        lang: map::Lang,
    },
    /// Journey diagrams: export and import.
    Journey {
        #[command(subcommand)]
        command: journey::JourneyCommand,
    },
    /// Print the portfolio figures (TTV, onboarding completion, first goals on time).
    Portfolio(portfolio::PortfolioArgs),
    /// What needs attention this week across the projects, most urgent first.
    Week(week::WeekArgs),
    /// Write the kickoffs, milestones and dated stage actions as an iCalendar file.
    Calendar(documents::CalendarArgs),
    /// Write a project's kickoff summary (Markdown, HTML or PDF).
    Summary(documents::DocumentArgs),
    /// Write a project's one-page report (Markdown, HTML or PDF).
    Report(documents::DocumentArgs),
    /// Team sync: enrol this file in a team, sync it, see its status.
    Team {
        #[command(subcommand)]
        command: team::TeamCommand,
    },
}

impl Command {
    /// Commands that only read the file: they work on a snapshot while another FirstGoal
    /// process has it open. The others write, and are refused then.
    fn only_reads(&self) -> bool {
        match self {
            Command::List { .. }
            | Command::Export { .. }
            | Command::Map { .. }
            | Command::Portfolio(_)
            | Command::Week(_)
            | Command::Calendar(_)
            | Command::Summary(_)
            | Command::Report(_) => true,
            Command::Journey { command } => {
                matches!(command, journey::JourneyCommand::Export { .. })
            }
            Command::Team { command } => command.only_reads(),
            Command::Import { .. } | Command::Demo { .. } | Command::Stakeholders { .. } => false,
        }
    }
}

#[tokio::main]
async fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure::Core(err)) => {
            let payload = ErrorPayload::from(&err);
            eprintln!(
                "error[{}]: {}",
                serde_json::to_string(&payload.code)
                    .unwrap_or_default()
                    .trim_matches('"'),
                payload.message
            );
            ExitCode::FAILURE
        }
        Err(Failure::Sync(err)) => {
            eprintln!("error[{}]: {err}", err.code());
            ExitCode::FAILURE
        }
    }
}

/// Why a command failed: the core's errors, or team sync's.
enum Failure {
    Core(CoreError),
    Sync(firstgoal_sync::replica::SyncError),
}

impl From<CoreError> for Failure {
    fn from(e: CoreError) -> Self {
        Failure::Core(e)
    }
}

async fn run(cli: Cli) -> Result<(), Failure> {
    let path = cli.db.unwrap_or_else(default_db_path);
    let db = if cli.command.only_reads() {
        // A file open in the app (or another command) is read from a snapshot that process
        // makes; the live file is never touched from here.
        let db = Db::open_for_reading(&path).await?;
        if let Some(pid) = db.snapshot_of() {
            let by = pid.map_or("another process".to_owned(), |p| format!("process {p}"));
            eprintln!(
                "note: {} is open in FirstGoal ({by}); reading a snapshot of it taken now",
                path.display()
            );
        }
        db
    } else {
        Db::open(&path).await?
    };
    let result = match cli.command {
        Command::List { archived, json } => list(&db, archived, json).await,
        Command::Export { out } => {
            let rows = transfer::export_to_file(&db, &out).await?;
            println!("exported {rows} rows to {}", out.display());
            Ok(())
        }
        Command::Import { input } => {
            let report = transfer::import_file(&db, &input).await?;
            let total: u32 = report.rows.values().sum();
            println!(
                "imported {total} rows from {}{}",
                input.display(),
                if report.renumbered {
                    " (ids renumbered: the file already held data)"
                } else {
                    ""
                }
            );
            Ok(())
        }
        Command::Demo {
            projects,
            seed,
            today,
        } => {
            let today = today.unwrap_or_else(firstgoal_core::today);
            let n = demo::generate_on(&db, projects, seed, today).await?;
            println!("wrote {n} demo projects to {}", path.display());
            Ok(())
        }
        Command::Map {
            project,
            format,
            out,
            lang,
        } => map::run(&db, project, format, lang, &out).await,
        Command::Journey { command } => journey::run(&db, command).await,
        Command::Portfolio(args) => portfolio::portfolio(&db, args).await,
        Command::Week(args) => week::run(&db, args).await,
        Command::Calendar(args) => documents::calendar(&db, args).await,
        Command::Summary(args) => documents::summary(&db, args).await,
        Command::Report(args) => documents::report(&db, args).await,
        Command::Stakeholders { command } => csv_import::run(&db, command).await,
        Command::Team { command } => {
            let result = team::run(&db, command).await.map_err(Failure::Sync);
            db.close().await;
            return result;
        }
    };
    db.close().await;
    Ok(result?)
}

async fn list(db: &Db, archived: bool, json: bool) -> Result<(), CoreError> {
    let projects = projects::list(db, archived).await?;
    if json {
        println!(
            "{}",
            serde_json::to_string_pretty(&projects).unwrap_or_default()
        );
        return Ok(());
    }
    println!(
        "{:>6}  {:<10}  {:<10}  {:<10}  {:<8}  customer",
        "id", "contract", "kickoff", "segment", "archived"
    );
    for p in &projects {
        println!(
            "{:>6}  {}  {}  {:<10}  {:<8}  {}",
            p.id,
            p.contract_date,
            p.kickoff_date,
            p.segment.as_str(),
            if p.archived_at.is_some() { "yes" } else { "" },
            p.customer_name
        );
    }
    println!("{} project(s)", projects.len());
    Ok(())
}
