//! The portfolio figures written as one SQL query, timed side by side with the core's
//! computation: once through the `sqlite3` shell (a subprocess, as a user would run it) and once
//! in-process through sqlx (the floor: no process start, no Rust-side computation).

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use firstgoal_core::portfolio::{self, PortfolioQuery};
use firstgoal_core::{CoreError, Db};

use crate::demo_file::demo_today;
use crate::timing::median;

/// Projects, TTV finished, TTV median (days from the contract date to the achieved one-month
/// first goal, on-hold days excluded), projects with stages, projects that entered their last
/// stage, first goals decided, first goals on time — the default portfolio definition, as of the
/// demo's today (a constant of the benchmark, not user input).
pub const FIGURES_SQL: &str = "
WITH p AS (SELECT id, contract_date AS start FROM projects WHERE archived_at IS NULL),
ttv AS (
  SELECT julianday(m.achieved_on) - julianday(p.start) - COALESCE((
    SELECT SUM(MAX(0, julianday(MIN(COALESCE(h.end_date, m.achieved_on), m.achieved_on))
                    - julianday(MAX(h.start_date, p.start))))
    FROM project_holds h WHERE h.project_id = p.id), 0) AS days
  FROM p JOIN milestones m ON m.project_id = p.id
  WHERE m.horizon = 'one_month' AND m.status = 'achieved' AND m.achieved_on IS NOT NULL),
ranked AS (SELECT days, ROW_NUMBER() OVER (ORDER BY days) AS rn, COUNT(*) OVER () AS n FROM ttv),
last_stage AS (
  SELECT s.entered_on FROM project_stages s JOIN p ON p.id = s.project_id
  WHERE s.position = (SELECT MAX(position) FROM project_stages x WHERE x.project_id = s.project_id)),
goals AS (
  SELECT m.status, m.achieved_on, m.due_date FROM milestones m JOIN p ON p.id = m.project_id
  WHERE m.horizon IS NOT NULL)
SELECT
  (SELECT COUNT(*) FROM p),
  (SELECT COUNT(*) FROM ttv),
  (SELECT AVG(days) FROM ranked WHERE rn IN ((n + 1) / 2, (n + 2) / 2)),
  (SELECT COUNT(*) FROM last_stage),
  (SELECT COUNT(*) FROM last_stage WHERE entered_on IS NOT NULL),
  (SELECT COUNT(*) FROM goals WHERE status IN ('achieved', 'missed') OR due_date < '2026-01-01'),
  (SELECT COUNT(*) FROM goals WHERE status = 'achieved' AND achieved_on <= due_date);
";

/// Medians of the SQL query: through the shell (`None` when `sqlite3` is missing) and via sqlx.
pub struct Floor {
    pub shell: Option<Duration>,
    pub sqlx: Duration,
}

fn shell_once(path: &Path) -> Option<(Duration, String)> {
    let start = Instant::now();
    let out = Command::new("sqlite3")
        .arg("-readonly")
        .arg(path)
        .arg(FIGURES_SQL)
        .stderr(Stdio::null())
        .output()
        .ok()?;
    let took = start.elapsed();
    out.status
        .success()
        .then(|| (took, String::from_utf8_lossy(&out.stdout).trim().to_owned()))
}

/// Times the query both ways and `portfolio::get` on the open `db`; returns the floor and the
/// median of `portfolio::get`. Prints both results once so they can be compared by eye.
pub async fn compare(db: &Db, path: &Path, runs: usize) -> Result<(Floor, Duration), CoreError> {
    let mut sqlx_times = Vec::new();
    let mut sqlx_row = String::new();
    for _ in 0..runs.max(1) {
        let start = Instant::now();
        let row: (i64, i64, Option<f64>, i64, i64, i64, i64) =
            sqlx::query_as(FIGURES_SQL).fetch_one(db.pool()).await?;
        sqlx_times.push(start.elapsed());
        sqlx_row = format!("{row:?}");
    }
    let mut shell_times = Vec::new();
    let mut shell_row = String::new();
    for _ in 0..runs.max(1) {
        match shell_once(path) {
            Some((t, text)) => {
                shell_times.push(t);
                shell_row = text;
            }
            None => break,
        }
    }
    let mut core_times = Vec::new();
    let mut figures = None;
    for _ in 0..runs.max(1) {
        let start = Instant::now();
        let p = portfolio::get(db, &PortfolioQuery::default(), demo_today()).await?;
        core_times.push(start.elapsed());
        figures = Some(p.figures);
    }
    if let Some(f) = figures {
        eprintln!(
            "core figures: projects {}, ttv finished {}, median {:?}, with stages {}, completed {}, decided {}, on time {}",
            f.projects,
            f.ttv_finished,
            f.ttv_median,
            f.with_stages,
            f.completed,
            f.first_goals_decided,
            f.first_goals_on_time
        );
    }
    eprintln!("SQL via sqlx:  {sqlx_row}");
    eprintln!("SQL via shell: {shell_row}");
    Ok((
        Floor {
            shell: (!shell_times.is_empty()).then(|| median(shell_times)),
            sqlx: median(sqlx_times),
        },
        median(core_times),
    ))
}
