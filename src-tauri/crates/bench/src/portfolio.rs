//! `portfolio`: how long computing the portfolio (load + figures + sorted rows) takes on a
//! generated file.

use std::time::Instant;

use firstgoal_core::portfolio::{self, PortfolioQuery};
use firstgoal_core::{CoreError, Db, demo};

use crate::demo_file::demo_today;
use crate::timing::summarize;

/// Generates `projects` demo projects, computes the portfolio once to warm up, then times `runs`
/// computations and prints the fastest, median and slowest.
pub async fn run(projects: usize, seed: u64, runs: usize) -> Result<(), CoreError> {
    let dir = tempfile::tempdir().map_err(|source| CoreError::Io {
        context: "cannot create a temporary folder".to_owned(),
        source,
    })?;
    let path = dir.path().join("bench.sqlite");
    let db = Db::open(&path).await?;
    let started = Instant::now();
    demo::generate(&db, projects, seed).await?;
    println!(
        "generated {projects} demo projects (seed {seed}) in {:.2?}",
        started.elapsed()
    );
    let query = PortfolioQuery::default();
    portfolio::get(&db, &query, demo_today()).await?;
    let mut times = Vec::with_capacity(runs.max(1));
    let mut rows = 0;
    for _ in 0..runs.max(1) {
        let t = Instant::now();
        let p = portfolio::get(&db, &query, demo_today()).await?;
        times.push(t.elapsed());
        rows = p.rows.len();
    }
    let s = summarize(times);
    println!(
        "portfolio of {rows} projects (load + figures + sorted rows), {} runs: min {:.1?}, median {:.1?}, max {:.1?}",
        s.runs, s.min, s.median, s.max
    );
    db.close().await;
    Ok(())
}
