//! Projects kept private at enrolment: nothing of them leaves the file, edits included, until the
//! project is shared; then it travels whole. A file that never joins a team names nothing.

use firstgoal_core::{milestones, projects};
use firstgoal_protocol::Role;

use crate::common;
use crate::replicas::{Replica, input, outbox_and_conflicts, project_id, project_names, rename};

/// The names of the projects in the file, sorted.
async fn names(replica: &Replica) -> Vec<String> {
    let db = replica.db().await;
    let mut all: Vec<String> = projects::list(&db, true)
        .await
        .expect("listed")
        .into_iter()
        .map(|p| p.customer_name)
        .collect();
    db.close().await;
    all.sort();
    all
}

/// Rows of travelling tables named (with a uid) in the file.
async fn named_rows(replica: &Replica) -> i64 {
    let db = replica.db().await;
    let mut n = 0;
    for table in firstgoal_core::db::TRAVELLING_TABLES {
        let sql = format!("SELECT COUNT(*) FROM {table} WHERE uid IS NOT NULL");
        n += sqlx::query_scalar::<_, i64>(&sql)
            .fetch_one(db.pool())
            .await
            .expect("counted");
    }
    db.close().await;
    n
}

#[tokio::test]
async fn private_projects_stay_in_their_file_until_shared() {
    let (pool, server, team) = common::setup().await;
    let ann = Replica::new();
    ann.ok(&[
        "demo",
        "--projects",
        "2",
        "--seed",
        "3",
        "--today",
        "2026-11-16",
    ]);
    let db = ann.db().await;
    projects::create(&db, &input("Hidden KK", "Ann"))
        .await
        .expect("created");
    db.close().await;
    assert_eq!(
        named_rows(&ann).await,
        0,
        "a file not enrolled names nothing"
    );

    ann.enrol(&pool, &server.url, &team, Role::Member, &["--keep-private"])
        .await;
    assert_eq!(ann.ok(&["team", "private"]).lines().count(), 3);
    ann.sync();
    let bob = Replica::enrolled(&pool, &server.url, &team, Role::Member).await;
    bob.sync();
    assert!(names(&bob).await.is_empty(), "{:?}", names(&bob).await);

    // Edits of a private project stay in the file too.
    let db = ann.db().await;
    rename(&db, "Hidden KK", "Hidden KK 2", "Ann").await;
    assert_eq!(outbox_and_conflicts(&db).await, (0, 0), "nothing to send");
    let (hidden, _) = project_id(&db, "Hidden KK 2").await;
    db.close().await;
    assert_eq!(ann.status().trim(), "synced");

    // Shared: it travels whole, with its goals; the other private projects still do not.
    let out = ann.ok(&["team", "share", &hidden.to_string()]);
    assert!(
        out.contains("4 records"),
        "the project and its three goals: {out}"
    );
    assert_eq!(ann.ok(&["team", "private"]).lines().count(), 2);
    ann.sync();
    bob.sync();
    assert_eq!(names(&bob).await, ["Hidden KK 2"]);
    let records = bob.records().await;
    assert_eq!(records["milestones"].len(), 3, "its goals came with it");

    // From now on its edits travel, and a project made after enrolment is the team's at once.
    let db = ann.db().await;
    let (hidden, version) = project_id(&db, "Hidden KK 2").await;
    milestones::add_custom(&db, hidden, version, "Go-live", "2026-12-24")
        .await
        .expect("added");
    projects::create(&db, &input("Open KK", "Ann"))
        .await
        .expect("created");
    db.close().await;
    ann.sync();
    bob.sync();
    let records = bob.records().await;
    assert_eq!(project_names(&records).len(), 2);
    assert!(
        records["milestones"]
            .values()
            .any(|m| m["title"] == "Go-live")
    );
    assert_eq!(names(&bob).await, ["Hidden KK 2", "Open KK"]);
}
