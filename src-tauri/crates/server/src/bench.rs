//! The load benchmark and the SIGKILL trial: real server processes of this binary on loopback, real
//! clients over HTTP. Shared by the `bench` and `bench-kill` subcommands and the integration tests.

use std::collections::HashSet;
use std::path::Path;
use std::process::Stdio;
use std::time::{Duration, Instant};

use firstgoal_protocol::{Change, Op, Outcome, Role, StoredChange};
use sqlx::PgPool;
use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::process::{Child, Command};
use uuid::Uuid;

use crate::admin;
use crate::client::Client;

/// A boxed error for the benchmark's own failures.
pub type BenchError = Box<dyn std::error::Error + Send + Sync>;

/// One `firstgoal-server serve` process on a free loopback port; killed when dropped.
#[derive(Debug)]
pub struct ServerProcess {
    /// The process.
    pub child: Child,
    /// `http://127.0.0.1:PORT` (`https://` with TLS).
    pub url: String,
}

/// Starts `exe --database-url URL serve --listen 127.0.0.1:0` and waits for its `listening on` line.
pub async fn spawn_server(exe: &Path, database_url: &str) -> Result<ServerProcess, BenchError> {
    spawn_server_with(exe, database_url, &[]).await
}

/// [`spawn_server`] with more arguments of `serve` (e.g. `--tls-cert F --tls-key F`).
pub async fn spawn_server_with(
    exe: &Path,
    database_url: &str,
    serve_args: &[&str],
) -> Result<ServerProcess, BenchError> {
    spawn_server_on(exe, database_url, "127.0.0.1:0", serve_args).await
}

/// [`spawn_server_with`] on a given address (e.g. the port of a server that was stopped, so its
/// clients find the new process where they left the old one).
pub async fn spawn_server_on(
    exe: &Path,
    database_url: &str,
    listen: &str,
    serve_args: &[&str],
) -> Result<ServerProcess, BenchError> {
    let mut child = Command::new(exe)
        .args(["--database-url", database_url, "serve", "--listen", listen])
        .args(serve_args)
        .env("RUST_LOG", "warn")
        .stdout(Stdio::piped())
        .kill_on_drop(true)
        .spawn()?;
    let stdout = child.stdout.take().ok_or("no stdout")?;
    let mut lines = BufReader::new(stdout).lines();
    let line = tokio::time::timeout(Duration::from_secs(30), lines.next_line())
        .await
        .map_err(|_| "the server did not start within 30 s")??
        .ok_or("the server exited before listening")?;
    let url = line
        .strip_prefix("listening on ")
        .ok_or_else(|| format!("unexpected output: {line}"))?;
    Ok(ServerProcess {
        child,
        url: url.to_owned(),
    })
}

/// A new team with `n` enrolled people of `role`; returns the team's name and the credentials.
pub async fn enrolled_team(
    pool: &PgPool,
    url: &str,
    n: usize,
    role: Role,
) -> Result<(String, Vec<String>), BenchError> {
    let team = format!("bench-{}", Uuid::new_v4());
    admin::create_team(pool, &team).await?;
    let mut credentials = Vec::with_capacity(n);
    for i in 0..n {
        let code = admin::add_person(pool, &team, &format!("person {i}"), role).await?;
        credentials.push(Client::new(url).enrol(&code).await?.credential);
    }
    Ok((team, credentials))
}

/// `n` set-changes of distinct records, in batches of `batch`.
pub fn batches(n: usize, batch: usize) -> Vec<Vec<Change>> {
    let changes: Vec<Change> = (0..n)
        .map(|i| Change {
            change_id: Uuid::new_v4(),
            kind: "project".into(),
            record_id: Uuid::new_v4(),
            base_seq: 0,
            op: Op::Set {
                field: "name".into(),
                value: format!("project {i}").into(),
            },
        })
        .collect();
    changes
        .chunks(batch.max(1))
        .map(<[Change]>::to_vec)
        .collect()
}

/// How many of `expected` change ids the pulled log lacks and how many it holds more than once (or
/// out of order).
pub fn lost_and_duplicated(expected: &HashSet<Uuid>, pulled: &[StoredChange]) -> (usize, usize) {
    let mut seen = HashSet::new();
    let mut duplicated = 0;
    let mut last = 0;
    for c in pulled {
        if !seen.insert(c.change.change_id) || c.seq <= last {
            duplicated += 1;
        }
        last = c.seq;
    }
    (expected.difference(&seen).count(), duplicated)
}

/// The figures of one load run.
#[derive(Debug, Clone)]
pub struct LoadReport {
    /// Server processes.
    pub processes: usize,
    /// Changes pushed in all.
    pub changes: usize,
    /// Changes missing from the pulled log.
    pub lost: usize,
    /// Changes held twice (or out of order) in the pulled log.
    pub duplicated: usize,
    /// Push latency percentiles, ms.
    pub p50_ms: f64,
    /// Push latency, 99th percentile, ms.
    pub p99_ms: f64,
    /// Wall time of the pushes.
    pub elapsed: Duration,
}

/// `clients` concurrent clients each push `per_client` changes in batches of `batch` to
/// `processes` server processes (client i talks to process i mod n); then one pull checks the log.
pub async fn load(
    exe: &Path,
    database_url: &str,
    processes: usize,
    clients: usize,
    per_client: usize,
    batch: usize,
) -> Result<LoadReport, BenchError> {
    let pool = crate::db::connect(database_url, 4).await?;
    let mut servers = Vec::new();
    for _ in 0..processes.max(1) {
        servers.push(spawn_server(exe, database_url).await?);
    }
    let (_, credentials) = enrolled_team(&pool, &servers[0].url, clients, Role::Member).await?;
    let mut expected = HashSet::new();
    let mut tasks = Vec::new();
    let start = Instant::now();
    for (i, credential) in credentials.iter().enumerate() {
        let client = Client::new(&servers[i % servers.len()].url).with_credential(credential);
        let work = batches(per_client, batch);
        expected.extend(work.iter().flatten().map(|c| c.change_id));
        tasks.push(tokio::spawn(async move {
            let mut latencies = Vec::new();
            for b in work {
                let t = Instant::now();
                client.push(&b).await?;
                latencies.push(t.elapsed());
            }
            Ok::<_, crate::client::ClientError>(latencies)
        }));
    }
    let mut latencies = Vec::new();
    for t in tasks {
        latencies.extend(t.await??);
    }
    let elapsed = start.elapsed();
    let pulled = Client::new(&servers[0].url)
        .with_credential(&credentials[0])
        .pull_all(0, None)
        .await?;
    let (lost, duplicated) = lost_and_duplicated(&expected, &pulled);
    latencies.sort();
    let pct = |p: f64| {
        let i = ((latencies.len() as f64 - 1.0) * p).round() as usize;
        latencies.get(i).map_or(0.0, |d| d.as_secs_f64() * 1000.0)
    };
    Ok(LoadReport {
        processes,
        changes: expected.len(),
        lost,
        duplicated,
        p50_ms: pct(0.5),
        p99_ms: pct(0.99),
        elapsed,
    })
}

/// The result of one SIGKILL trial.
#[derive(Debug, Clone, Copy)]
pub struct KillReport {
    /// Batches the first server answered before it was killed.
    pub answered_before_kill: usize,
    /// Changes missing after the re-push.
    pub lost: usize,
    /// Changes held twice after the re-push.
    pub duplicated: usize,
}

/// Pushes 30 batches of 10 changes, SIGKILLs the server at a random moment during the pushes,
/// starts a new server, re-pushes every batch (as a client does after a lost answer) and checks
/// the log holds every change exactly once.
pub async fn kill_trial(
    exe: &Path,
    database_url: &str,
    pool: &PgPool,
) -> Result<KillReport, BenchError> {
    let mut server = spawn_server(exe, database_url).await?;
    let (_, credentials) = enrolled_team(pool, &server.url, 1, Role::Member).await?;
    let work = batches(300, 10);
    let expected: HashSet<Uuid> = work.iter().flatten().map(|c| c.change_id).collect();
    let client = Client::new(&server.url).with_credential(&credentials[0]);
    let pushing = {
        let (client, work) = (client.clone(), work.clone());
        tokio::spawn(async move {
            let mut answered = 0;
            for b in &work {
                if client.push(b).await.is_err() {
                    break;
                }
                answered += 1;
            }
            answered
        })
    };
    tokio::time::sleep(Duration::from_millis(rand::random_range(5..150))).await;
    server.child.start_kill()?;
    server.child.wait().await?;
    let answered_before_kill = pushing.await?;
    let server = spawn_server(exe, database_url).await?;
    let client = Client::new(&server.url).with_credential(&credentials[0]);
    for b in &work {
        for r in client.push(b).await?.results {
            if matches!(r.outcome, Outcome::Conflict { .. }) {
                return Err("a re-pushed change conflicted with itself".into());
            }
        }
    }
    let pulled = client.pull_all(0, Some(97)).await?;
    let (lost, duplicated) = lost_and_duplicated(&expected, &pulled);
    Ok(KillReport {
        answered_before_kill,
        lost,
        duplicated: duplicated + pulled.len().saturating_sub(expected.len()),
    })
}
