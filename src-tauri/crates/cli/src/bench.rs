//! `bench`: speed benchmarks on generated data (no database file of the user's is touched).

use clap::Subcommand;
use firstgoal_core::CoreError;

use std::path::PathBuf;

use crate::{bench_all, bench_open, bench_startup, bench_transfer, journey, portfolio};

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
    /// Time opening an existing file, phase by phase: open, portfolio snapshot, figures and
    /// rows, risk flags, and loading one project (no data of the file is changed).
    Open {
        #[arg(long)]
        file: PathBuf,
        #[arg(long, default_value_t = 7)]
        runs: usize,
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
    /// Time demo generation, the full JSON export and its import into a new file.
    Transfer {
        #[arg(long, default_value_t = 10_000)]
        projects: usize,
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Measure this existing file (only read) instead of generating one.
        #[arg(long)]
        from: Option<PathBuf>,
        /// Timed runs of export and import (the median is printed).
        #[arg(long, default_value_t = 1)]
        runs: usize,
    },
    /// Time the core's part of the app's start: open, daily backup, first page of the list.
    Startup {
        /// Measure a copy of this file instead of a generated one.
        #[arg(long)]
        file: Option<PathBuf>,
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
        BenchCommand::Open { file, runs } => bench_open::run(&file, runs).await,
        BenchCommand::Journey { steps, lanes } => journey::bench(steps, lanes),
        BenchCommand::Portfolio {
            projects,
            seed,
            runs,
        } => portfolio::bench(projects, seed, runs).await,
        BenchCommand::Transfer {
            projects,
            seed,
            from,
            runs,
        } => {
            bench_transfer::run(bench_transfer::Args {
                projects,
                seed,
                from,
                runs,
            })
            .await
        }
        BenchCommand::Startup {
            file,
            projects,
            seed,
            runs,
        } => bench_startup::bench(file, projects, seed, runs).await,
    }
}
