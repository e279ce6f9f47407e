//! `open --file FILE`: what opening an existing file costs, phase by phase (open, portfolio
//! snapshot, figures and rows, risk flags, one project), so a large file generated once can be
//! measured again without regenerating it. The file is opened read-write (the core may fill its
//! derived caches) but no user data is changed.

use std::path::Path;
use std::time::{Duration, Instant};

use firstgoal_core::portfolio::{self, PortfolioQuery};
use firstgoal_core::{CoreError, Db, journey, projects, risks, stages, stakeholders};

use crate::all;
use crate::demo_file::demo_today;
use crate::timing::summarize;

fn fmt(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1e3)
}

/// Times `runs` rounds of each phase and prints one line per phase (median, min, max).
pub async fn run(path: &Path, runs: usize) -> Result<(), CoreError> {
    let runs = runs.max(1);
    let mut phases: Vec<(&str, Vec<Duration>)> = [
        "open",
        "portfolio snapshot",
        "figures + rows",
        "risk flags",
        "close",
        "open + portfolio + risk flags",
        "load one project",
    ]
    .into_iter()
    .map(|name| (name, Vec::new()))
    .collect();
    let today = demo_today();
    let query = PortfolioQuery::default();
    let mut projects = 0;
    for _ in 0..runs {
        let all = Instant::now();
        let t = Instant::now();
        let db = Db::open(path).await?;
        phases[0].1.push(t.elapsed());
        let t = Instant::now();
        let snapshot = portfolio::load(&db).await?;
        phases[1].1.push(t.elapsed());
        let t = Instant::now();
        let p = portfolio::compute(&snapshot, &query, today)?;
        phases[2].1.push(t.elapsed());
        let t = Instant::now();
        let flags = risks::counts_on(&db, false, today).await?;
        phases[3].1.push(t.elapsed());
        let t = Instant::now();
        db.close().await;
        phases[4].1.push(t.elapsed());
        phases[5].1.push(all.elapsed());
        projects = p.rows.len().max(flags.len());
        std::hint::black_box((&p, &flags));
    }
    let db = Db::open(path).await?;
    let id = portfolio::load(&db)
        .await?
        .projects
        .get(projects / 2)
        .map_or(1, |p| p.id);
    let mut parts: Vec<(&str, Vec<Duration>)> = [
        "  project detail",
        "  stakeholders (board)",
        "  stages (plan)",
        "  journeys (list)",
        "  one journey",
    ]
    .into_iter()
    .map(|name| (name, Vec::new()))
    .collect();
    for _ in 0..runs * 7 {
        let t = Instant::now();
        all::load_project(&db, id).await?;
        phases[6].1.push(t.elapsed());
        let t = Instant::now();
        projects::get(&db, id).await?;
        parts[0].1.push(t.elapsed());
        let t = Instant::now();
        stakeholders::board_on(&db, id, today).await?;
        parts[1].1.push(t.elapsed());
        let t = Instant::now();
        stages::plan(&db, id, today).await?;
        parts[2].1.push(t.elapsed());
        let t = Instant::now();
        let list = journey::list(&db, Some(id)).await?;
        parts[3].1.push(t.elapsed());
        if let Some(first) = list.first() {
            let t = Instant::now();
            journey::get(&db, first.id).await?;
            parts[4].1.push(t.elapsed());
        }
    }
    phases.extend(parts.into_iter().filter(|(_, samples)| !samples.is_empty()));
    db.close().await;
    println!("{} — {projects} projects, {runs} runs", path.display());
    println!("| phase | median | min | max |");
    println!("|---|---|---|---|");
    for (name, samples) in phases {
        let s = summarize(samples);
        println!(
            "| {name} | {} | {} | {} |",
            fmt(s.median),
            fmt(s.min),
            fmt(s.max)
        );
    }
    Ok(())
}
