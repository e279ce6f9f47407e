//! Conflicts between replicas: the same field changed on two files, a deletion against a newer
//! edit, and a viewer's push — each reported, and nothing of either side lost; conflicts listed
//! and resolved from the CLI with mine or theirs.

use firstgoal_protocol::Role;
use firstgoal_sync::replica::{resolve, resolve::Side};

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
    let conflicts = resolve::list(&db).await.expect("read");
    assert_eq!(conflicts.len(), 1);
    assert_eq!(conflicts[0].mine, Side::Set("Acme (Bob)".into()));
    assert_eq!(conflicts[0].theirs, Side::Set("Acme (Ann)".into()));
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

    // Bob still deletes it, now over Ann's edit: gone from both files.
    let db = bob.db().await;
    let listed = resolve::list(&db).await.expect("listed");
    db.close().await;
    assert_eq!((listed.len(), &listed[0].mine), (1, &Side::Delete));
    bob.ok(&["team", "resolve", &listed[0].id.to_string(), "--mine"]);
    ann.sync();
    let (a, b) = (ann.records().await, bob.records().await);
    assert_eq!(a, b);
    assert!(b["projects"].is_empty(), "{:?}", b["projects"]);
    assert_eq!(
        (ann.status(), bob.status()),
        ("synced".into(), "synced".into())
    );
}

/// The conflict of `field` listed by `team conflicts`: its number.
fn conflict_of(listed: &[resolve::Conflict], field: &str) -> resolve::Conflict {
    listed
        .iter()
        .find(|c| c.field.as_deref() == Some(field))
        .unwrap_or_else(|| panic!("a conflict of {field}: {listed:?}"))
        .clone()
}

#[tokio::test]
async fn conflicts_are_listed_and_resolved_with_mine_or_theirs() {
    let (pool, server, team) = common::setup().await;
    let (ann, bob) = acme_shared(&pool, &server.url, &team, Role::Member).await;
    // Both rename Acme and give it an owner: two fields, two conflicts on Bob's side.
    let ann_id = ann.person().await;
    let ann_name: String = sqlx::query_scalar("SELECT name FROM people WHERE id = $1")
        .bind(ann_id)
        .fetch_one(&pool)
        .await
        .expect("Ann's name");
    let db = ann.db().await;
    rename(&db, "Acme", "Acme (Ann)", "Ann").await;
    db.close().await;
    let db = bob.db().await;
    rename(&db, "Acme", "Acme <Bob>", "Bob").await;
    db.close().await;
    ann.sync();
    assert!(bob.sync().contains("(2 conflicts)"));

    let db = bob.db().await;
    let listed = resolve::list(&db).await.expect("listed");
    db.close().await;
    let name = conflict_of(&listed, "customer_name");
    let owner = conflict_of(&listed, "owner");
    assert_eq!(name.kind, "projects");
    assert_eq!(name.mine, Side::Set("Acme <Bob>".into()));
    assert_eq!(name.theirs, Side::Set("Acme (Ann)".into()));
    assert_eq!(name.author, ann_id);
    assert_eq!(
        name.author_name.as_deref(),
        Some(ann_name.as_str()),
        "named as the server says"
    );
    assert_eq!(
        name.label.as_deref(),
        Some("Acme (Ann)"),
        "the file shows theirs"
    );
    let out = bob.ok(&["team", "conflicts"]);
    for line in [
        format!(
            "conflict {}: projects {} (\"Acme (Ann)\")",
            name.id, name.record
        ),
        "  field:    customer_name".to_owned(),
        "  mine:     \"Acme <Bob>\"".to_owned(),
        format!(
            "  theirs:   \"Acme (Ann)\" (by \"{ann_name}\" ({ann_id}), server change {})",
            name.theirs_seq
        ),
    ] {
        assert!(out.lines().any(|l| l == line), "{line:?} in\n{out}");
    }

    // Mine is refused until the file has theirs (its pull would bring theirs back after mine).
    let db = bob.db().await;
    sqlx::query("UPDATE sync_state SET cursor = 0")
        .execute(db.pool())
        .await
        .expect("cursor back");
    db.close().await;
    let early = bob.run(&["team", "resolve", &name.id.to_string(), "--mine"]);
    let stderr = String::from_utf8_lossy(&early.stderr);
    assert!(stderr.contains("error[cannot_resolve]"), "{stderr}");
    bob.sync();

    // Bob keeps his name and Ann's owner; after Ann's next sync both files agree.
    let out = bob.ok(&["team", "resolve", &name.id.to_string(), "--mine"]);
    assert!(out.contains("pushed 1 changes (0 conflicts)"), "{out}");
    let out = bob.ok(&["team", "resolve", &owner.id.to_string(), "--theirs"]);
    assert!(out.contains("pushed 0 changes"), "{out}");
    ann.sync();
    let (a, b) = (ann.records().await, bob.records().await);
    assert_eq!(a, b);
    let acme: Vec<_> = b["projects"].values().collect();
    assert_eq!(acme.len(), 1);
    assert_eq!(acme[0]["customer_name"], "Acme <Bob>");
    assert_eq!(acme[0]["owner"], "Ann");
    assert_eq!(bob.status(), "synced");
    assert_eq!(ann.status(), "synced");
    assert_eq!(bob.ok(&["team", "conflicts"]).trim(), "no conflicts");
    let again = bob.run(&["team", "resolve", &name.id.to_string(), "--theirs"]);
    assert!(!again.status.success());
    assert!(String::from_utf8_lossy(&again.stderr).contains("error[no_conflict]"));
    assert_eq!(
        common::stored_counts(&pool, &team).await.1,
        2,
        "the server keeps both"
    );

    // A record received in part is reported.
    let db = bob.db().await;
    sqlx::query(
        "INSERT INTO sync_incoming (kind, record_uid, field, value) \
         VALUES ('projects', '00000000-0000-4000-8000-000000000001', 'owner', '\"Cy\"')",
    )
    .execute(db.pool())
    .await
    .expect("kept");
    db.close().await;
    let out = bob.ok(&["team", "status"]);
    assert!(out.contains("1 records received in part"), "{out}");
}
