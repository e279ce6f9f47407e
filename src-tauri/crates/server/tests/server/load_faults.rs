//! PostgreSQL halted and started again under load: 10 clients pushing and pulling continuously
//! through one server process, then through two, each client retrying what failed. Afterwards every
//! change is stored exactly once and every client has pulled the same log.

use std::collections::HashSet;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use firstgoal_protocol::{Change, Outcome, Role, StoredChange};
use firstgoal_server::bench::{self, ServerProcess};
use firstgoal_server::client::{Client, ClientError};
use firstgoal_server::db;
use tokio::task::block_in_place;
use uuid::Uuid;

use crate::cluster::Cluster;
use crate::common;

const CLIENTS: usize = 10;
/// Pushes per client, of [`BATCH`] changes of new records each.
const PUSHES: usize = 30;
const BATCH: usize = 5;

/// What the clients share: how many pushes were answered and how many calls failed.
#[derive(Default)]
struct Counters {
    answered: AtomicUsize,
    failed: AtomicUsize,
}

/// Calls `call` until it succeeds. Only "cannot serve for now" may fail it (the server unreachable,
/// or its 503 while the database is down), never a refusal, and not for longer than 30 s.
async fn retried<T, F>(counters: &Counters, mut call: impl FnMut() -> F) -> T
where
    F: Future<Output = Result<T, ClientError>>,
{
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        match call().await {
            Ok(answer) => return answer,
            Err(e) => {
                assert!(e.unavailable().is_some(), "a clear, retriable failure: {e}");
                assert!(Instant::now() < deadline, "still failing after 30 s: {e}");
                counters.failed.fetch_add(1, Ordering::Relaxed);
                tokio::time::sleep(Duration::from_millis(50)).await;
            }
        }
    }
}

/// Pulls every page after `cursor` into `log`; returns the new cursor.
async fn pull_new(
    client: &Client,
    counters: &Counters,
    mut cursor: i64,
    log: &mut Vec<StoredChange>,
) -> i64 {
    loop {
        let page = retried(counters, || client.pull(cursor, Some(100))).await;
        log.extend(page.changes);
        cursor = page.next_cursor;
        if !page.more {
            return cursor;
        }
    }
}

/// One client: pushes its batches (resending a batch whose answer failed) and pulls after each.
async fn client_run(
    client: Client,
    work: Vec<Vec<Change>>,
    counters: Arc<Counters>,
) -> (Client, Vec<StoredChange>, i64) {
    let (mut log, mut cursor) = (Vec::new(), 0);
    for batch in work {
        let answer = retried(&counters, || client.push(&batch)).await;
        for r in answer.results {
            assert!(
                !matches!(r.outcome, Outcome::Conflict { .. }),
                "new records never conflict: {r:?}"
            );
        }
        counters.answered.fetch_add(1, Ordering::Relaxed);
        cursor = pull_new(&client, &counters, cursor, &mut log).await;
    }
    (client, log, cursor)
}

/// The log as (seq, change id) pairs.
fn ids(log: &[StoredChange]) -> Vec<(i64, Uuid)> {
    log.iter().map(|c| (c.seq, c.change.change_id)).collect()
}

async fn restart_under_load(processes: usize) {
    let cluster = Cluster::start();
    let pool = db::connect(&cluster.url, 2).await.expect("connects");
    let mut servers: Vec<ServerProcess> = Vec::new();
    for _ in 0..processes {
        let server = bench::spawn_server(common::exe(), &cluster.url).await;
        servers.push(server.expect("the server starts"));
    }
    let (team, credentials) = bench::enrolled_team(&pool, &servers[0].url, CLIENTS, Role::Member)
        .await
        .expect("enrolled");
    let counters = Arc::new(Counters::default());
    let mut expected = HashSet::new();
    let mut tasks = Vec::new();
    for (i, credential) in credentials.iter().enumerate() {
        let client = Client::new(&servers[i % processes].url).with_credential(credential);
        let work = bench::batches(PUSHES * BATCH, BATCH);
        expected.extend(work.iter().flatten().map(|c| c.change_id));
        tasks.push(tokio::spawn(client_run(client, work, counters.clone())));
    }

    // A third of the way in, the database goes away for a second, then comes back.
    let total = CLIENTS * PUSHES;
    while counters.answered.load(Ordering::Relaxed) < total / 3 {
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    block_in_place(|| cluster.halt());
    let answered_at_halt = counters.answered.load(Ordering::Relaxed);
    tokio::time::sleep(Duration::from_secs(1)).await;
    block_in_place(|| cluster.resume());

    let mut done = Vec::new();
    for task in tasks {
        done.push(task.await.expect("the client ran"));
    }
    // Every push is answered: each client pulls what came after its last pull.
    let mut logs = Vec::new();
    for (client, mut log, cursor) in done {
        pull_new(&client, &counters, cursor, &mut log).await;
        logs.push(log);
    }
    let failed = counters.failed.load(Ordering::Relaxed);
    assert!(
        failed > 0 && answered_at_halt < total,
        "the restart hit the clients mid-way: {failed} failed calls, {answered_at_halt} of {total} pushes answered at the halt"
    );
    let (lost, duplicated) = bench::lost_and_duplicated(&expected, &logs[0]);
    assert_eq!((lost, duplicated), (0, 0), "{processes} process(es)");
    assert_eq!(logs[0].len(), expected.len());
    for (i, log) in logs.iter().enumerate() {
        assert_eq!(ids(log), ids(&logs[0]), "client {i} pulled the same log");
    }
    let (stored, conflicts) = common::stored_counts(&pool, &team).await;
    assert_eq!((stored, conflicts), (expected.len() as i64, 0));
    let distinct: i64 = sqlx::query_scalar(
        "SELECT count(DISTINCT change_id) FROM changes c JOIN teams t ON t.id = c.team_id \
         WHERE t.name = $1",
    )
    .bind(&team)
    .fetch_one(&pool)
    .await
    .expect("counted");
    assert_eq!(distinct, expected.len() as i64, "each change stored once");
    drop(servers);
    pool.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn postgres_restarted_under_ten_clients_through_one_server_stores_each_change_once() {
    restart_under_load(1).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn postgres_restarted_under_ten_clients_through_two_servers_stores_each_change_once() {
    restart_under_load(2).await;
}
