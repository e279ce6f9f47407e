//! `week`: how long "this week" (every item of every project, counted and sorted, the most urgent
//! listed with their people's names) takes on a generated file or an existing one.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use firstgoal_core::week::{self, WeekQuery};
use firstgoal_core::{CoreError, Db, demo};

use crate::demo_file::demo_today;
use crate::timing::summarize;

/// "This week" on the open file as of the demo's day: the times of `runs` runs after one warm-up
/// run, and the number of items the last run counted.
pub async fn time_week(db: &Db, runs: usize) -> Result<(Vec<Duration>, u32), CoreError> {
    week::get_on(db, WeekQuery::default(), demo_today()).await?;
    let mut times = Vec::with_capacity(runs.max(1));
    let mut total = 0;
    for _ in 0..runs.max(1) {
        let t = Instant::now();
        total = week::get_on(db, WeekQuery::default(), demo_today())
            .await?
            .total;
        times.push(t.elapsed());
    }
    Ok((times, total))
}

/// Times "this week" `runs` times (after a warm-up) on `file` (opened as the app opens it, none of
/// its data changed), or on a file of `projects` demo projects generated first.
pub async fn run(
    file: Option<PathBuf>,
    projects: usize,
    seed: u64,
    runs: usize,
) -> Result<(), CoreError> {
    let dir = tempfile::tempdir().map_err(|source| CoreError::Io {
        context: "cannot create a temporary folder".to_owned(),
        source,
    })?;
    let db = match &file {
        Some(path) => Db::open_for_reading(path).await?,
        None => {
            let db = Db::open(&dir.path().join("bench.sqlite")).await?;
            let started = Instant::now();
            demo::generate(&db, projects, seed).await?;
            println!(
                "generated {projects} demo projects (seed {seed}) in {:.2?}",
                started.elapsed()
            );
            db
        }
    };
    let (times, total) = time_week(&db, runs).await?;
    let s = summarize(times);
    println!(
        "this week as of {} ({total} items), {} runs: min {:.1?}, median {:.1?}, max {:.1?}",
        demo_today(),
        s.runs,
        s.min,
        s.median,
        s.max
    );
    db.close().await;
    Ok(())
}
