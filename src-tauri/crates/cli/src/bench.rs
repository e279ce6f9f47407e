//! `bench`: speed benchmarks on generated data (no database file of the user's is touched).

use clap::Subcommand;
use firstgoal_core::CoreError;

use crate::{bench_all, bench_startup, journey, portfolio};

#[derive(Debug, Subcommand)]
pub enum BenchCommand {
    /// The whole suite on generated files, as one table (what, median, target, met?).
    All {
        /// Projects of the main file (default 10,000; a file ten times larger is measured too).
        #[arg(long)]
        projects: Option<usize>,
        /// Projects of the large file, for the linear-growth row (default: ten times --projects).
        #[arg(long)]
        big: Option<usize>,
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Tiny sizes, no target judged: a smoke run.
        #[arg(long)]
        quick: bool,
    },
    /// Time layout, SVG and PNG of a generated journey, and Graphviz `dot -Tsvg` on the same graph.
    Journey {
        #[arg(long, default_value_t = 1000)]
        steps: usize,
        #[arg(long, default_value_t = 8)]
        lanes: usize,
    },
    /// Time the portfolio computation (load + figures + rows) on a generated file.
    Portfolio {
        #[arg(long, default_value_t = 10_000)]
        projects: usize,
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// How many timed runs (after one warm-up run).
        #[arg(long, default_value_t = 5)]
        runs: usize,
    },
    /// Time the core's part of the app's start: open, daily backup, first page of the list.
    Startup {
        /// Measure a copy of this file instead of a generated one.
        #[arg(long)]
        file: Option<std::path::PathBuf>,
        #[arg(long, default_value_t = 10_000)]
        projects: usize,
        #[arg(long, default_value_t = 1)]
        seed: u64,
        #[arg(long, default_value_t = 5)]
        runs: usize,
    },
}

pub async fn run(command: BenchCommand) -> Result<(), CoreError> {
    match command {
        BenchCommand::All {
            projects,
            big,
            seed,
            quick,
        } => {
            let plan = bench_all::Plan::new(projects, big, seed, quick);
            let rows = bench_all::run(&plan).await?;
            bench_all::print(&rows, &plan);
            Ok(())
        }
        BenchCommand::Journey { steps, lanes } => journey::bench(steps, lanes),
        BenchCommand::Portfolio {
            projects,
            seed,
            runs,
        } => portfolio::bench(projects, seed, runs).await,
        BenchCommand::Startup {
            file,
            projects,
            seed,
            runs,
        } => bench_startup::bench(file, projects, seed, runs).await,
    }
}
