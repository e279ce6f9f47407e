//! Team-sync benchmarks against a real `firstgoal-server` (found next to this binary) on a
//! PostgreSQL database: a new replica's first sync of a large team, and how soon an online
//! replica has a teammate's edit.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use firstgoal_core::projects::{self, ProjectInput, Segment};
use firstgoal_core::{CoreError, Db};
use firstgoal_protocol::Role;
use firstgoal_server::bench::{ServerProcess, spawn_server};
use firstgoal_server::{admin, client::Client, db};
use firstgoal_sync::credential::CredentialStore;
use firstgoal_sync::replica;
use sqlx::PgPool;
use uuid::Uuid;

use crate::demo_file;
use crate::team_seed;

/// The benchmarks' own failures.
pub type BenchError = Box<dyn std::error::Error + Send + Sync>;

fn core_error(e: BenchError) -> CoreError {
    CoreError::Io {
        context: "team-sync benchmark".to_owned(),
        source: std::io::Error::other(e.to_string()),
    }
}

/// `firstgoal-server`, next to this binary.
fn server_exe() -> Result<PathBuf, BenchError> {
    let exe = std::env::current_exe()?.with_file_name("firstgoal-server");
    if exe.is_file() {
        Ok(exe)
    } else {
        Err(format!("{} is missing: build firstgoal-server", exe.display()).into())
    }
}

/// The database, a server process and a new team; returns the team's name and id.
async fn team(url: &str) -> Result<(PgPool, ServerProcess, String, Uuid), BenchError> {
    let pool = db::connect(url, 4).await?;
    let server = spawn_server(&server_exe()?, url).await?;
    let name = format!("bench-{}", Uuid::new_v4());
    let id = admin::create_team(&pool, &name).await?;
    Ok((pool, server, name, id))
}

/// A new FirstGoal file at `file` enrolled in `team` as a new member.
async fn enrolled(
    pool: &PgPool,
    server: &ServerProcess,
    team: &str,
    file: &Path,
) -> Result<(Db, CredentialStore), BenchError> {
    let code =
        admin::add_person(pool, team, &format!("p {}", Uuid::new_v4()), Role::Member).await?;
    let db = Db::open(file).await?;
    let store = CredentialStore::at(&file.with_extension("credentials"));
    replica::enrol(&db, &store, &server.url, &code, replica::Existing::Share).await?;
    Ok((db, store))
}

/// Seeds a team with a demo file of `projects` projects, then times a new file's enrolment and
/// first sync.
pub async fn first_sync(
    url: &str,
    projects: usize,
    seed: u64,
    records_only: bool,
) -> Result<(), CoreError> {
    first_sync_inner(url, projects, seed, records_only)
        .await
        .map_err(core_error)
}

async fn first_sync_inner(
    url: &str,
    projects: usize,
    seed: u64,
    records_only: bool,
) -> Result<(), BenchError> {
    let dir = tempfile::tempdir()?;
    let demo = dir.path().join("demo.sqlite");
    let made = demo_file::generate(&demo_file::product_cli()?, &demo, projects, seed).await?;
    let (pool, server, name, team) = team(url).await?;
    let code = admin::add_person(&pool, &name, "seeder", Role::Member).await?;
    let author = Client::new(&server.url).enrol(&code).await?.person_id;
    let started = Instant::now();
    let seeded = team_seed::seed(&pool, &demo, team, author, records_only).await?;
    println!(
        "seeded {} records, {} changes from a {projects}-project demo file (made in {:.1} s) in {:.1} s",
        seeded.records,
        seeded.changes,
        made.as_secs_f64(),
        started.elapsed().as_secs_f64()
    );
    let file = dir.path().join("fresh.sqlite");
    let started = Instant::now();
    let (db, store) = enrolled(&pool, &server, &name, &file).await?;
    let report = replica::sync(&db, &store, 1000, |_| {}).await?;
    let synced = started.elapsed();
    db.close().await;
    let closed = started.elapsed();
    let written: u64 = report
        .pages
        .iter()
        .filter(|p| p.snapshot)
        .map(|p| p.created)
        .sum();
    let size = std::fs::metadata(&file)?.len();
    println!("records seconds file_mb (enrol + first sync of an empty file; closed)");
    println!(
        "{written} {:.2} {:.1} ({:.2} s with the close's checkpoint)",
        synced.as_secs_f64(),
        size as f64 / 1e6,
        closed.as_secs_f64()
    );
    if written != seeded.records {
        return Err(format!("{written} records written of {} seeded", seeded.records).into());
    }
    Ok(())
}

fn percentile(sorted: &[Duration], p: f64) -> f64 {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted.get(i).map_or(0.0, |d| d.as_secs_f64() * 1000.0)
}

/// One edit in file A until online file B, waiting with `wait_for_news` and syncing, has it:
/// `trials` times; then the round trip of a one-change push.
pub async fn news(url: &str, trials: usize) -> Result<(), CoreError> {
    news_inner(url, trials).await.map_err(core_error)
}

async fn news_inner(url: &str, trials: usize) -> Result<(), BenchError> {
    let dir = tempfile::tempdir()?;
    let (pool, server, name, _) = team(url).await?;
    let (a, a_store) = enrolled(&pool, &server, &name, &dir.path().join("a.sqlite")).await?;
    let (b, b_store) = enrolled(&pool, &server, &name, &dir.path().join("b.sqlite")).await?;
    let input = |name: String| ProjectInput {
        customer_name: name,
        contract_date: "2026-09-01".to_owned(),
        kickoff_date: "2026-09-15".to_owned(),
        segment: Segment::HighTouch,
        owner: String::new(),
    };
    let mut project = projects::create(&a, &input("trial".into())).await?.project;
    replica::sync(&a, &a_store, 1000, |_| {}).await?;
    replica::sync(&b, &b_store, 1000, |_| {}).await?;
    // B online: waits for news, syncs, says when and up to where.
    let (told, mut heard) = tokio::sync::mpsc::unbounded_channel();
    let online = tokio::spawn(async move {
        loop {
            if replica::wait_for_news(&b, &b_store, Duration::from_secs(25)).await? {
                let report = replica::sync(&b, &b_store, 1000, |_| {}).await?;
                if told.send((Instant::now(), report.cursor)).is_err() {
                    return Ok::<_, replica::SyncError>(());
                }
            }
        }
    });
    let mut latencies = Vec::with_capacity(trials);
    for i in 0..trials {
        projects::update(
            &a,
            project.id,
            project.version,
            &input(format!("trial {i}")),
        )
        .await?;
        project = projects::get(&a, project.id).await?.project;
        let edited = Instant::now();
        let cursor = replica::sync(&a, &a_store, 1000, |_| {}).await?.cursor;
        loop {
            let (when, reached) = heard.recv().await.ok_or("B stopped")?;
            if reached >= cursor {
                latencies.push(when - edited);
                break;
            }
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    online.abort();
    let mut pushes = Vec::with_capacity(trials);
    let code = admin::add_person(&pool, &name, "pusher", Role::Member).await?;
    let pusher = Client::new(&server.url)
        .with_credential(&Client::new(&server.url).enrol(&code).await?.credential);
    for batch in firstgoal_server::bench::batches(trials, 1) {
        let t = Instant::now();
        pusher.push(&batch).await?;
        pushes.push(t.elapsed());
    }
    latencies.sort();
    pushes.sort();
    println!("trials edit_to_other_replica_p50_ms p99_ms push_round_trip_p50_ms");
    println!(
        "{trials} {:.1} {:.1} {:.1}",
        percentile(&latencies, 0.5),
        percentile(&latencies, 0.99),
        percentile(&pushes, 0.5)
    );
    a.close().await;
    Ok(())
}
