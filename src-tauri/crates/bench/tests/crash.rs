//! Crash safety: a writer commits through the core and reports each commit; it is killed with
//! SIGKILL at random moments. After every kill the file must open, pass `PRAGMA integrity_check`,
//! and hold every change the writer reported as committed.
//!
//! `CRASH_TRIALS` sets the number of trials (default 50), `CRASH_SEED` the random seed.

use std::collections::HashMap;
use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::Duration;

use firstgoal_core::{Db, projects};
use rand::{Rng, SeedableRng};

fn env_number(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// Highest committed version per project id, from the writer's complete output lines.
fn reported(lines: &[String]) -> HashMap<i64, i64> {
    let mut versions = HashMap::new();
    for line in lines {
        let parts: Vec<&str> = line.split_whitespace().collect();
        if let [_, id, version] = parts[..]
            && let (Ok(id), Ok(version)) = (id.parse::<i64>(), version.parse::<i64>())
        {
            let entry = versions.entry(id).or_insert(version);
            *entry = (*entry).max(version);
        }
    }
    versions
}

#[tokio::test(flavor = "multi_thread")]
async fn every_reported_commit_survives_sigkill() {
    let trials = env_number("CRASH_TRIALS", 50);
    let seed = env_number("CRASH_SEED", 20261124);
    let mut rng = rand::rngs::StdRng::seed_from_u64(seed);
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("crash.sqlite");
    let mut total_reported = 0usize;

    for trial in 0..trials {
        let mut child = Command::new(env!("CARGO_BIN_EXE_firstgoal-bench"))
            .args(["stress-write", "--db", path.to_str().expect("utf-8 path")])
            .env_remove("FIRSTGOAL_DB")
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("start the writer");
        let stdout = child.stdout.take().expect("stdout");
        let reader = std::thread::spawn(move || {
            BufReader::new(stdout)
                .lines()
                .map_while(Result::ok)
                .collect::<Vec<String>>()
        });
        std::thread::sleep(Duration::from_millis(rng.random_range(20..250)));
        child.kill().expect("SIGKILL the writer");
        child.wait().expect("reap the writer");
        let lines = reader.join().expect("reader thread");
        let versions = reported(&lines);
        total_reported += lines.len();

        let db = Db::open(&path)
            .await
            .unwrap_or_else(|e| panic!("trial {trial} (seed {seed}): reopen failed: {e}"));
        let integrity: String = sqlx::query_scalar("PRAGMA integrity_check")
            .fetch_one(db.pool())
            .await
            .expect("integrity check");
        assert_eq!(integrity, "ok", "trial {trial} (seed {seed})");
        for (id, version) in &versions {
            let detail = projects::get(&db, *id).await.unwrap_or_else(|e| {
                panic!("trial {trial} (seed {seed}): reported project {id} is missing: {e}")
            });
            assert!(
                detail.project.version >= *version,
                "trial {trial} (seed {seed}): project {id} at version {} but version {version} was reported committed",
                detail.project.version
            );
        }
        db.close().await;
    }
    eprintln!(
        "crash safety: {trials} trials, {total_reported} reported commits verified (seed {seed})"
    );
    assert!(total_reported > 0, "the writer reported no commits at all");
}
