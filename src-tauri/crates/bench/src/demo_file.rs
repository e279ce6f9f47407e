//! The demo files the benchmarks measure: written by the product CLI (`firstgoal-cli demo`) in a
//! process of their own, and read as of the demo's fixed "today".

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use firstgoal_core::CoreError;

/// The demo's "today": the figures of a generated file do not depend on the day of the run.
pub fn demo_today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 1, 1).unwrap_or_default()
}

/// The product CLI, `firstgoal-cli`, next to this binary (both are built into the same folder:
/// `target/release` or `target/debug`).
pub fn product_cli() -> Result<PathBuf, CoreError> {
    let exe = std::env::current_exe().map_err(|source| CoreError::Io {
        context: "cannot find firstgoal-bench's own path".to_owned(),
        source,
    })?;
    let cli = exe.with_file_name(format!("firstgoal-cli{}", std::env::consts::EXE_SUFFIX));
    if cli.is_file() {
        Ok(cli)
    } else {
        Err(CoreError::Io {
            context: format!(
                "{} is missing: build firstgoal-cli into the same folder (cargo build [--release] -p firstgoal-cli)",
                cli.display()
            ),
            source: std::io::ErrorKind::NotFound.into(),
        })
    }
}

/// Writes a demo file in a process of its own (`firstgoal-cli demo`), so the measurements that
/// follow run in a process that has not just made and freed millions of rows — as the app does
/// when it opens a file.
pub async fn generate(
    cli: &Path,
    path: &Path,
    projects: usize,
    seed: u64,
) -> Result<Duration, CoreError> {
    let context = || format!("cannot run {} demo", cli.display());
    let started = Instant::now();
    let out = std::process::Command::new(cli)
        .arg("--db")
        .arg(path)
        .args([
            "demo",
            "--projects",
            &projects.to_string(),
            "--seed",
            &seed.to_string(),
        ])
        .output()
        .map_err(|source| CoreError::Io {
            context: context(),
            source,
        })?;
    if !out.status.success() {
        return Err(CoreError::Io {
            context: context(),
            source: std::io::Error::other(String::from_utf8_lossy(&out.stderr).trim().to_owned()),
        });
    }
    Ok(started.elapsed())
}
