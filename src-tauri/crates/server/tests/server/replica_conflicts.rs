//! Conflicts between replicas: the same field changed on two files, a deletion against a newer
//! edit, and a viewer's push — each reported, and nothing of either side lost.

use firstgoal_protocol::Role;

use crate::common;
use crate::replicas::{acme_shared, outbox_and_conflicts, rename};

#[tokio::test]
async fn the_same_field_changed_on_both_is_a_conflict_and_nothing_is_lost() {
    let (pool, server, team) = common::setup().await;
    let (ann, bob) = acme_shared(&pool, &server.url, &team, Role::Member).await;

    let db = ann.db().await;
    rename(&db, "Acme", "Acme (Ann)", "").await;
    db.close().await;
    let db = bob.db().await;
    rename(&db, "Acme", "Acme (Bob)", "").await;
    db.close().await;
    ann.sync();
    let out = bob.sync();
    assert!(out.contains("(1 conflicts)"), "{out}");
    let status = bob.status();
    assert!(
        status.starts_with("needs attention: 1 conflicts"),
        "{status}"
    );
    assert_eq!(ann.status().trim(), "synced");

    // Bob's file shows the server's value (Ann's came first) and keeps his as the conflict; the
    // server keeps his too.
    let db = bob.db().await;
    let conflicts = firstgoal_sync::replica::conflicts(&db).await.expect("read");
    assert_eq!(conflicts.len(), 1);
    assert!(conflicts[0].0.contains("Acme (Bob)"), "{conflicts:?}");
    assert!(conflicts[0].1.contains("Acme (Ann)"), "{conflicts:?}");
    db.close().await;
    assert_eq!(ann.records().await, bob.records().await);
    let (_, kept) = common::stored_counts(&pool, &team).await;
    assert_eq!(kept, 1);
}

#[tokio::test]
async fn a_viewers_push_is_refused_and_the_local_edit_kept() {
    let (pool, server, team) = common::setup().await;
    let (_ann, vera) = acme_shared(&pool, &server.url, &team, Role::Viewer).await;
    let (stored, _) = common::stored_counts(&pool, &team).await;

    let db = vera.db().await;
    rename(&db, "Acme", "Acme (Vera)", "Vera").await;
    let (waiting, _) = outbox_and_conflicts(&db).await;
    db.close().await;
    let before = vera.records().await;
    let out = vera.run(&["team", "sync"]);
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("error[forbidden]"), "{stderr}");
    assert_eq!(vera.records().await, before, "nothing of the file changed");
    let db = vera.db().await;
    assert_eq!(
        outbox_and_conflicts(&db).await,
        (waiting, 0),
        "the outbox is kept"
    );
    db.close().await;
    assert_eq!(common::stored_counts(&pool, &team).await.0, stored);
    assert!(
        vera.status().starts_with("needs attention"),
        "{}",
        vera.status()
    );
}

#[tokio::test]
async fn a_deletion_against_a_newer_edit_brings_the_record_back() {
    let (pool, server, team) = common::setup().await;
    let (ann, bob) = acme_shared(&pool, &server.url, &team, Role::Member).await;
    let db = ann.db().await;
    rename(&db, "Acme", "Acme (Ann)", "Ann").await;
    db.close().await;
    ann.sync();
    let db = bob.db().await;
    sqlx::query("DELETE FROM projects WHERE customer_name = 'Acme'")
        .execute(db.pool())
        .await
        .expect("deleted");
    db.close().await;

    // The project's deletion conflicts with Ann's rename; its goals' deletions do not.
    let out = bob.sync();
    assert!(out.contains("(1 conflicts)"), "{out}");
    ann.sync();
    let (a, b) = (ann.records().await, bob.records().await);
    assert_eq!(a, b);
    let names: Vec<_> = b["projects"]
        .values()
        .map(|p| p["customer_name"].clone())
        .collect();
    assert_eq!(names, ["Acme (Ann)"], "back, with Ann's edit");
    assert!(
        b["milestones"].is_empty(),
        "the goals' deletions were applied everywhere"
    );
    assert!(bob.status().starts_with("needs attention: 1 conflicts"));
}
