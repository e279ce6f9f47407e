//! `transfer`: times demo generation (per project), the full JSON export and its import
//! into a new file, on a generated file or an existing one. Prints the load average with the
//! figures: on a shared machine they only mean something next to it.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use firstgoal_core::{CoreError, Db, demo, transfer};

use crate::timing::median;

/// What to measure.
#[derive(Debug)]
pub struct Args {
    pub projects: usize,
    pub seed: u64,
    /// Measure this file instead of generating one (it is only read).
    pub from: Option<PathBuf>,
    /// Timed runs of export and import (the median is printed).
    pub runs: usize,
}

fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|s| s.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_else(|_| "unknown".to_owned())
}

pub async fn run(args: Args) -> Result<(), CoreError> {
    let dir = tempfile::tempdir().map_err(|source| CoreError::Io {
        context: "cannot create a temporary folder".to_owned(),
        source,
    })?;
    println!("load average before: {}", load_average());
    let source = match &args.from {
        Some(path) => path.clone(),
        None => {
            let path = dir.path().join("demo.sqlite");
            let db = Db::open(&path).await?;
            let started = Instant::now();
            demo::generate(&db, args.projects, args.seed).await?;
            let took = started.elapsed();
            db.close().await;
            println!(
                "generate {} demo projects (seed {}): {:.2} s, {:.3} ms per project",
                args.projects,
                args.seed,
                took.as_secs_f64(),
                took.as_secs_f64() * 1000.0 / args.projects.max(1) as f64
            );
            path
        }
    };
    let out = dir.path().join("export.json");
    let db = Db::open(&source).await?;
    let mut exports = Vec::new();
    let mut rows = 0;
    for _ in 0..args.runs.max(1) {
        let started = Instant::now();
        rows = transfer::export_to_file(&db, &out).await?;
        exports.push(started.elapsed());
    }
    db.close().await;
    let size = std::fs::metadata(&out).map(|m| m.len()).unwrap_or(0);
    println!(
        "export: {:.2} s (median of {}), {rows} rows, {:.1} MB",
        median(exports.clone()).as_secs_f64(),
        exports.len(),
        size as f64 / 1e6
    );
    let mut imports = Vec::new();
    let mut checkpoints = Vec::new();
    for k in 0..args.runs.max(1) {
        let (import, checkpoint) =
            import_once(&dir.path().join(format!("import{k}.sqlite")), &out).await?;
        imports.push(import);
        checkpoints.push(checkpoint);
    }
    println!(
        "import into a new file: {:.2} s (median of {}), then the WAL checkpoint: {:.2} s",
        median(imports.clone()).as_secs_f64(),
        imports.len(),
        median(checkpoints).as_secs_f64()
    );
    println!("load average after: {}", load_average());
    Ok(())
}

/// The import until committed, and the checkpoint that copies it from the WAL into the file
/// (which the app runs in the background after answering).
async fn import_once(target: &Path, export: &Path) -> Result<(Duration, Duration), CoreError> {
    let db = Db::open(target).await?;
    let started = Instant::now();
    transfer::import_file(&db, export).await?;
    let import = started.elapsed();
    let started = Instant::now();
    db.checkpoint().await?;
    let checkpoint = started.elapsed();
    db.close().await;
    Ok((import, checkpoint))
}
