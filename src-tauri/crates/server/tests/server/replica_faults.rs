//! Faults under client replicas: PostgreSQL restarted between and during `team sync` runs; the
//! server killed with SIGKILL in the middle of a pull, then started again on the same port.

use firstgoal_core::projects;
use firstgoal_protocol::Role;
use firstgoal_server::bench::{self, ServerProcess};
use firstgoal_server::db;
use sqlx::PgPool;

use crate::cluster::Cluster;
use crate::common;
use crate::replicas::{
    Replica, a_failed_sync_keeps_the_outbox, checked_cursor, input, outbox_and_conflicts,
    project_names, rename, sync_until_first_page,
};

/// How many changes wait in the file's outbox.
async fn waiting(replica: &Replica) -> i64 {
    let db = replica.db().await;
    let n = outbox_and_conflicts(&db).await.0;
    db.close().await;
    n
}

/// Runs `team sync`; returns whether it succeeded and how many changes left the outbox.
async fn sync_counting(replica: &Replica) -> (bool, i64) {
    let before = waiting(replica).await;
    let out = replica.run(&["team", "sync"]);
    (out.status.success(), before - waiting(replica).await)
}

/// The team's changes on the server: all, distinct change ids, after `cursor`.
async fn server_changes(pool: &PgPool, team: &str, cursor: i64) -> (i64, i64, i64) {
    sqlx::query_as(
        "SELECT count(*), count(DISTINCT change_id), count(*) FILTER (WHERE seq > $2) \
         FROM changes c JOIN teams t ON t.id = c.team_id WHERE t.name = $1",
    )
    .bind(team)
    .bind(cursor)
    .fetch_one(pool)
    .await
    .expect("counted")
}

async fn create(replica: &Replica, names: &[&str]) {
    let db = replica.db().await;
    for name in names {
        projects::create(&db, &input(name, ""))
            .await
            .expect("created");
    }
    db.close().await;
}

#[tokio::test]
async fn postgres_restarted_while_two_replicas_sync_loses_and_duplicates_nothing() {
    let cluster = Cluster::start();
    let pool = db::connect(&cluster.url, 2).await.expect("connects");
    let server = bench::spawn_server(common::exe(), &cluster.url)
        .await
        .expect("the server starts");
    let team = common::team(&pool).await;
    let ann = Replica::enrolled(&pool, &server.url, &team, Role::Member).await;
    let bob = Replica::enrolled(&pool, &server.url, &team, Role::Member).await;
    let mut pushed = 0;
    create(&ann, &["Acme", "Apex", "Atlas"]).await;
    create(&bob, &["Bolt"]).await;
    let (ok, n) = sync_counting(&ann).await;
    assert!(ok);
    pushed += n;

    // Between runs: the database is down, a sync fails and keeps its changes.
    cluster.halt();
    let db = bob.db().await;
    rename(&db, "Bolt", "Bolt KK", "Bob").await;
    db.close().await;
    a_failed_sync_keeps_the_outbox(&bob, "error[offline]").await;
    let status = bob.run(&["team", "status"]);
    let said = String::from_utf8_lossy(&status.stdout);
    assert!(
        status.status.success() && said.starts_with("offline:"),
        "{said} {}",
        String::from_utf8_lossy(&status.stderr)
    );
    cluster.resume();

    // During a run: the database restarts after Bob's first pulled page.
    let db = ann.db().await;
    rename(&db, "Acme", "Acme Japan", "Ann").await;
    db.close().await;
    let before = waiting(&bob).await;
    let (child, rest) = sync_until_first_page(&bob, "5");
    cluster.halt();
    cluster.resume();
    let during = child.wait_with_output().expect("ended");
    rest.join().expect("read");
    let stderr = String::from_utf8_lossy(&during.stderr);
    assert!(
        during.status.success() || stderr.contains("the database failed; retry later"),
        "a clear error, not a crash: {stderr}"
    );
    pushed += before - waiting(&bob).await;
    let (ok, n) = sync_counting(&ann).await;
    assert!(ok, "the server answers again once the database is back");
    pushed += n;

    // Back: sync until quiet.
    let mut rounds = 0;
    loop {
        for r in [&ann, &bob] {
            pushed += sync_counting(r).await.1;
        }
        rounds += 1;
        if ann.status().trim() == "synced" && bob.status().trim() == "synced" {
            break;
        }
        assert!(rounds < 5, "{} / {}", ann.status(), bob.status());
    }
    let (a, b) = (ann.records().await, bob.records().await);
    assert_eq!(a, b);
    let names = project_names(&a);
    for name in ["Acme Japan", "Apex", "Atlas", "Bolt KK"] {
        assert!(names.contains(&name), "{names:?}");
    }
    let (all, distinct, _) = server_changes(&pool, &team, 0).await;
    assert_eq!((all, distinct), (pushed, pushed), "each pushed change once");
    for r in [&ann, &bob] {
        let db = r.db().await;
        db.check_integrity().await.expect("integrity_check ok");
        assert_eq!(outbox_and_conflicts(&db).await, (0, 0));
        db.close().await;
    }
    drop(server);
    pool.close().await;
}

/// Kills the server, then starts a new one on the same address.
async fn restart(server: &mut ServerProcess) {
    server.child.kill().await.expect("SIGKILL");
    let listen = server.url.strip_prefix("http://").expect("plain HTTP");
    *server = bench::spawn_server_on(common::exe(), &common::database_url(), listen, &[])
        .await
        .expect("the server starts again on its port");
}

#[tokio::test]
async fn the_server_killed_mid_pull_twenty_times_the_replica_resumes_from_its_cursor() {
    let (pool, mut server, team) = common::setup().await;
    let ann = Replica::enrolled(&pool, &server.url, &team, Role::Member).await;
    create(&ann, &["Acme", "Apex"]).await;
    ann.sync();
    let expected = ann.records().await;
    for trial in 0..20 {
        let bob = Replica::enrolled(&pool, &server.url, &team, Role::Member).await;
        let (child, rest) = sync_until_first_page(&bob, "10");
        restart(&mut server).await;
        let killed = child.wait_with_output().expect("ended");
        rest.join().expect("read");
        let stderr = String::from_utf8_lossy(&killed.stderr);
        assert!(
            !killed.status.success() && stderr.contains("error[offline]"),
            "trial {trial}: the pull broke off: {stderr}"
        );

        let cursor = checked_cursor(&bob).await;
        let (all, distinct, after) = server_changes(&pool, &team, cursor).await;
        assert!(cursor > 0 && after > 0, "trial {trial}: cursor {cursor}");
        let out = bob.sync();
        let pulled = out.lines().last().and_then(|l| l.split("pulled ").nth(1));
        let pulled: i64 = pulled
            .and_then(|l| l.split(' ').next())
            .and_then(|n| n.parse().ok())
            .expect("pulled count");
        assert_eq!(
            pulled, after,
            "trial {trial}: resumed from the cursor\n{out}"
        );
        assert_eq!(all, distinct, "trial {trial}");
        assert_eq!(bob.records().await, expected, "trial {trial}");
        assert_eq!(bob.status().trim(), "synced", "trial {trial}");
        let db = bob.db().await;
        db.check_integrity().await.expect("integrity_check ok");
        db.close().await;
    }
}
