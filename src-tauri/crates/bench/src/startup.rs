//! `startup`: the core's share of the app's start on a big file — opening it (checks,
//! migrations), the daily backup, and the project list's first data, the old way (every project
//! and every risk count) against the paged way (the first page and its risk counts).

use std::path::PathBuf;
use std::time::{Duration, Instant};

use firstgoal_core::projects::{self, ProjectListQuery};
use firstgoal_core::{CoreError, Db, backup, demo, risks};

use crate::demo_file::demo_today;
use crate::timing::time_async;

/// The page the list asks for first (a window's worth of rows and then some).
const FIRST_PAGE: u32 = 100;

fn io(context: &str) -> impl FnOnce(std::io::Error) -> CoreError + '_ {
    move |source| CoreError::Io {
        context: context.to_owned(),
        source,
    }
}

fn query(search: &str, offset: u32) -> ProjectListQuery {
    ProjectListQuery {
        include_archived: false,
        search: search.to_owned(),
        offset,
        limit: FIRST_PAGE,
    }
}

/// Times each step on a copy of `source` (the file itself is never written), or on a generated
/// file of `projects` projects when no file is given.
pub async fn run(
    source: Option<PathBuf>,
    projects: usize,
    seed: u64,
    runs: usize,
) -> Result<(), CoreError> {
    let dir = tempfile::tempdir().map_err(io("cannot create a temporary folder"))?;
    let path = dir.path().join("startup.sqlite");
    match source {
        Some(source) => {
            std::fs::copy(&source, &path).map_err(io("cannot copy the file"))?;
        }
        None => {
            eprintln!("generating {projects} projects…");
            let db = Db::open(&path).await?;
            demo::generate(&db, projects, seed).await?;
            db.close().await;
        }
    }
    let ms = |d: Duration| format!("{:.1} ms", d.as_secs_f64() * 1000.0);
    println!("| step (median of {runs}) | time |");
    println!("|---|---|");

    let open = time_async(runs, || async {
        Db::open(&path).await?.close().await;
        Ok(())
    })
    .await?
    .0;
    println!("| open the file (checks, WAL, migrations) | {} |", ms(open));

    let db = Db::open(&path).await?;
    let started = Instant::now();
    backup::daily(&db).await?;
    println!(
        "| daily backup (VACUUM INTO, once) | {} |",
        ms(started.elapsed())
    );

    let old = time_async(runs, || async {
        let all = projects::list(&db, false).await?;
        let counts = risks::counts_on(&db, false, demo_today()).await?;
        std::hint::black_box((all.len(), counts.len()));
        Ok(())
    })
    .await?
    .0;
    println!(
        "| every project + every risk count (before) | {} |",
        ms(old)
    );

    let total = projects::page(&db, &query("", 0)).await?.total;
    for (label, search, offset) in [
        ("first page", "", 0),
        ("last page", "", total.saturating_sub(FIRST_PAGE)),
        ("search \"7\", first page", "7", 0),
    ] {
        let time = time_async(runs, || async {
            let page = projects::page(&db, &query(search, offset)).await?;
            let ids: Vec<i64> = page.rows.iter().map(|p| p.id).collect();
            let counts = risks::counts_for_on(&db, &ids, demo_today()).await?;
            std::hint::black_box(counts.len());
            Ok(())
        })
        .await?
        .0;
        println!(
            "| {label} of {FIRST_PAGE} + its risk counts | {} |",
            ms(time)
        );
    }
    let page_only = time_async(runs, || async {
        std::hint::black_box(projects::page(&db, &query("", 0)).await?.rows.len());
        Ok(())
    })
    .await?
    .0;
    println!(
        "| first page of {FIRST_PAGE} alone (of {total}) | {} |",
        ms(page_only)
    );
    db.close().await;
    Ok(())
}
