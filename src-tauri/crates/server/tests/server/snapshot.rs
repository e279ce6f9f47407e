//! The snapshot a first sync fills a replica from: the same records as pulling every change, a
//! deleted record left out, pushes made while it is read not lost, and the migration's fill of
//! `records` from a team's changes giving what the pushes keep.

use std::collections::BTreeMap;

use firstgoal_core::projects;
use firstgoal_protocol::{Change, Role};
use firstgoal_sync::replica::{self, PullOptions, tables};
use serde_json::{Value, json};
use uuid::Uuid;

use crate::common::{self, delete, set};
use crate::replicas::{Replica, input, rename};

/// Every record of `kind` in the snapshot, pages of `limit`.
async fn snapshot_of(
    client: &firstgoal_server::client::Client,
    kind: &str,
    limit: u32,
) -> BTreeMap<Uuid, serde_json::Map<String, Value>> {
    let (mut all, mut after) = (BTreeMap::new(), None);
    loop {
        let page = client
            .snapshot(kind, after, Some(limit))
            .await
            .expect("read");
        after = page.records.last().map(|r| r.record_id);
        all.extend(page.records.into_iter().map(|r| (r.record_id, r.fields)));
        if !page.more {
            return all;
        }
    }
}

#[tokio::test]
async fn a_replica_filled_from_the_snapshot_equals_one_that_pulled_every_change() {
    let (pool, server, team) = common::setup().await;
    let ann = Replica::enrolled(&pool, &server.url, &team, Role::Member).await;
    ann.ok(&["demo", "--projects", "3", "--seed", "4"]);
    let out = ann.sync();
    assert!(
        out.contains("(0 written, 3 held already)")
            && out.contains("filled from the snapshot: 0 records written"),
        "Ann's own records are skipped by uid: {out}"
    );
    let db = ann.db().await;
    projects::create(&db, &input("Acme", "Ann"))
        .await
        .expect("created");
    projects::create(&db, &input("Gone", "Ann"))
        .await
        .expect("created");
    rename(&db, "Acme", "Acme <b>KK</b>", "Ann").await;
    db.close().await;
    ann.sync();
    let db = ann.db().await;
    delete_project(&db, "Gone").await;
    // A whole milestone whose project no replica has: it waits, received in part, on both sides.
    let mut conn = db.pool().acquire().await.expect("connection");
    let kinds = tables::kinds(&mut conn).await.expect("kinds");
    drop(conn);
    db.close().await;
    ann.sync();
    let milestones = kinds
        .iter()
        .find(|k| k.table == "milestones")
        .expect("kind");
    let orphan = Uuid::new_v4();
    let mallory = common::person(&pool, &server.url, &team, "Mallory", Role::Member).await;
    let changes: Vec<Change> = milestones
        .fields
        .iter()
        .map(|f| {
            let value = match f.as_str() {
                "project_id" => json!(Uuid::new_v4().to_string()),
                "internal_owner_id" => Value::Null,
                _ => json!("1"),
            };
            Change {
                kind: "milestones".into(),
                ..set(orphan, f, value, 0)
            }
        })
        .collect();
    mallory.push(&changes).await.expect("pushed");
    // A whole project whose contract date is no date: the full import's rules refuse it on both
    // paths, so it waits too, and every read of the file still reads.
    let bad = Uuid::new_v4();
    let project: Vec<Change> = [
        ("customer_name", json!("Bad date KK")),
        ("contract_date", json!("not a date")),
        ("kickoff_date", json!("2026-09-15")),
        ("segment", json!("high_touch")),
        ("owner", json!("")),
        ("archived_at", Value::Null),
        ("created_at", json!("2026-09-01T00:00:00Z")),
        ("playbook_name", Value::Null),
    ]
    .into_iter()
    .map(|(f, v)| Change {
        kind: "projects".into(),
        ..set(bad, f, v, 0)
    })
    .collect();
    mallory.push(&project).await.expect("pushed");
    // A stage at the place of one of Ann's (its table refuses the second of a project's position),
    // named to come last in the snapshot, and an action of it: the refused stage waits, and the
    // action is not written as referring to it.
    let db = ann.db().await;
    let (stage, project, position): (String, String, i64) = sqlx::query_as(
        "SELECT s.uid, p.uid, s.position FROM project_stages s JOIN projects p ON p.id = s.project_id \
         ORDER BY s.id LIMIT 1",
    )
    .fetch_one(db.pool())
    .await
    .expect("a stage of Ann's");
    db.close().await;
    assert_ne!(stage, Uuid::max().to_string());
    let twin = Uuid::max();
    let stage_fields = [
        ("project_id", json!(project)),
        ("position", json!(position)),
        ("name", json!("Twin")),
        ("definition", json!("")),
        ("exit_criteria", json!("")),
        ("entered_on", Value::Null),
        ("exited_on", Value::Null),
    ]
    .map(|(f, v)| Change {
        kind: "project_stages".into(),
        ..set(twin, f, v, 0)
    });
    let action = Uuid::new_v4();
    let action_fields = [
        ("stage_id", json!(twin.to_string())),
        ("position", json!(1)),
        ("title", json!("Of the twin")),
        ("department", json!("customer")),
        ("due_date", Value::Null),
        ("done_on", Value::Null),
    ]
    .map(|(f, v)| Change {
        kind: "stage_actions".into(),
        ..set(action, f, v, 0)
    });
    mallory.push(&stage_fields).await.expect("pushed");
    mallory.push(&action_fields).await.expect("pushed");

    let bob = Replica::enrolled(&pool, &server.url, &team, Role::Member).await;
    let out = bob.sync();
    assert!(out.contains("snapshot page:"), "{out}");
    let carl = Replica::enrolled(&pool, &server.url, &team, Role::Member).await;
    let out = carl.ok(&["team", "sync", "--no-snapshot"]);
    assert!(!out.contains("snapshot page:"), "{out}");

    let expected = ann.records().await;
    assert_eq!(bob.records().await, expected, "filled from the snapshot");
    assert_eq!(carl.records().await, expected, "pulled change by change");
    assert!(!crate::replicas::project_names(&expected).contains(&"Gone"));
    for r in [&bob, &carl] {
        let db = r.db().await;
        assert_eq!(
            replica::incoming(&db).await.expect("counted"),
            4,
            "the orphan milestone, the project with a bad date, the twin stage and its action"
        );
        let twins: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM stage_actions WHERE title = 'Of the twin' \
             OR stage_id NOT IN (SELECT id FROM project_stages)",
        )
        .fetch_one(db.pool())
        .await
        .expect("counted");
        assert_eq!(
            twins, 0,
            "no action refers to a stage the file does not have"
        );
        let listed = projects::list(&db, true).await.expect("the file reads");
        assert!(!listed.iter().any(|p| p.customer_name == "Bad date KK"));
        db.check_integrity().await.expect("integrity_check ok");
        db.close().await;
    }
    // Filled from the snapshot, the refused records only wait; pulled change by change, each
    // refused value is also kept as a conflict, with the rule it breaks.
    assert_eq!(bob.status().trim(), "synced");
    assert!(
        carl.status().starts_with("needs attention"),
        "{}",
        carl.status()
    );
    let conflicts = carl.ok(&["team", "conflicts"]);
    assert!(
        conflicts.contains(r#"projects.contract_date: \"not a date\" is not a date"#),
        "{conflicts}"
    );
}

#[tokio::test]
async fn a_deleted_record_is_not_in_the_snapshot_and_a_record_set_again_starts_anew() {
    let (pool, server, team) = common::setup().await;
    let ann = common::person(&pool, &server.url, &team, "Ann", Role::Member).await;
    let (kept, gone, again) = (Uuid::new_v4(), Uuid::new_v4(), Uuid::new_v4());
    ann.push(&[
        set(kept, "name", json!("kept"), 0),
        set(kept, "name", json!("renamed"), 0),
        set(kept, "notes", json!("<script>x</script>\u{0}"), 0),
        set(gone, "name", json!("gone"), 0),
        set(again, "name", json!("first life"), 0),
        set(again, "notes", json!("old"), 0),
    ])
    .await
    .expect("pushed");
    ann.push(&[
        delete(gone, 0),
        delete(again, 0),
        set(again, "name", json!("second life"), 0),
    ])
    .await
    .expect("pushed");
    let records = snapshot_of(&ann, "project", 1).await;
    assert_eq!(records.len(), 2, "{records:?}");
    assert!(!records.contains_key(&gone), "a deleted record is left out");
    assert_eq!(
        Value::Object(records[&kept].clone()),
        json!({"name": "renamed", "notes": "<script>x</script>\u{0}"})
    );
    assert_eq!(
        Value::Object(records[&again].clone()),
        json!({"name": "second life"}),
        "set after its deletion: only the new fields"
    );
    let page = ann.snapshot("project", None, None).await.expect("read");
    let (last, changes, kept_records) = common_last(&pool, &team).await;
    assert_eq!((page.as_of, changes, kept_records), (last, 9, 2));
}

/// The team's last change, its change count and record count.
async fn common_last(pool: &sqlx::PgPool, team: &str) -> (i64, i64, i64) {
    sqlx::query_as(
        "SELECT (SELECT COALESCE(max(seq), 0) FROM changes WHERE team_id = t.id), \
         (SELECT count(*) FROM changes WHERE team_id = t.id), \
         (SELECT count(*) FROM records WHERE team_id = t.id) FROM teams t WHERE t.name = $1",
    )
    .bind(team)
    .fetch_one(pool)
    .await
    .expect("counted")
}

#[tokio::test]
async fn pushes_while_the_snapshot_is_read_are_not_lost() {
    let (pool, server, team) = common::setup().await;
    let ann = Replica::enrolled(&pool, &server.url, &team, Role::Member).await;
    ann.ok(&["demo", "--projects", "2", "--seed", "8"]);
    ann.sync();
    // Ann's offline edits, pushed once Bob has read the first page (projects, the first kind).
    let db = ann.db().await;
    let all = projects::list(&db, true).await.expect("listed");
    let first = all[0].customer_name.clone();
    rename(&db, &first, "Renamed while read", "Ann").await;
    let acme = projects::create(&db, &input("Acme", "Ann"))
        .await
        .expect("created");
    let acme = &acme.project;
    firstgoal_core::milestones::add_custom(&db, acme.id, acme.version, "Go-live", "2026-12-24")
        .await
        .expect("added");
    delete_project(&db, &all[1].customer_name).await;
    db.close().await;

    let bob = Replica::enrolled(&pool, &server.url, &team, Role::Member).await;
    let db = bob.db().await;
    let mut pushed = false;
    let options = PullOptions {
        page_size: 1000,
        snapshot: true,
    };
    let report = replica::sync_with(&db, &bob.credentials(), options, |page| {
        if page.snapshot && !pushed {
            pushed = true;
            ann.sync();
        }
    })
    .await
    .expect("synced");
    db.close().await;
    let after: u64 = report
        .pages
        .iter()
        .filter(|p| !p.snapshot)
        .map(|p| p.changes)
        .sum();
    assert!(
        pushed && after > 0,
        "Ann's pushes came after the snapshot's as_of"
    );
    let expected = ann.records().await;
    let got = bob.records().await;
    for (k, rows) in &expected {
        for (uid, r) in rows {
            if got[k].get(uid) != Some(r) {
                eprintln!("DIFF {k} {uid}: expected {r:?} got {:?}", got[k].get(uid));
            }
        }
    }
    if got != expected {
        eprintln!("CONFLICTS {}", bob.ok(&["team", "conflicts"]));
    }
    assert_eq!(got, expected);
    let names = crate::replicas::project_names(&expected);
    assert!(names.contains(&"Renamed while read") && names.contains(&"Acme"));
    assert_eq!(bob.status().trim(), "synced");
}

#[tokio::test]
async fn the_migration_fills_records_from_changes_as_the_pushes_keep_them() {
    let (pool, server, team) = common::setup().await;
    let ann = common::person(&pool, &server.url, &team, "Ann", Role::Member).await;
    let bob = common::person(&pool, &server.url, &team, "Bob", Role::Member).await;
    let ids: Vec<Uuid> = (0..6).map(|_| Uuid::new_v4()).collect();
    for (i, id) in ids.iter().enumerate() {
        ann.push(&[set(*id, "name", json!(format!("p{i}")), 0)])
            .await
            .expect("pushed");
    }
    let base = common_last(&pool, &team).await.0;
    bob.push(&[
        set(ids[0], "name", json!("bob"), base),
        delete(ids[1], base),
        set(ids[2], "owner", json!({"nested": [1.5e300, null]}), base),
        delete(ids[3], base),
        set(ids[3], "name", json!("back"), base),
    ])
    .await
    .expect("pushed");
    // The records as migration 0002 fills them from the changes, then as 0003 turns each into
    // the text a push keeps.
    let migration = include_str!("../../migrations/0002_records.sql");
    let start = migration.find("SELECT c.team_id").expect("the fill");
    let end = start + migration[start..].find(';').expect("its end");
    let as_text = include_str!("../../migrations/0003_records_as_text.sql");
    let from = as_text.find("SELECT '{'").expect("the conversion");
    let to = from + as_text[from..].find("\n);").expect("its end");
    let fill = format!(
        "SELECT kind, record_id, ({}), seq FROM ({}) m(team_id, kind, record_id, fields, seq) \
         WHERE m.team_id = (SELECT id FROM teams WHERE name = $1) ORDER BY kind, record_id",
        as_text[from..to].replace("records.fields", "m.fields"),
        &migration[start..end]
    );
    let filled: Vec<(String, Uuid, String, i64)> = sqlx::query_as(&fill)
        .bind(&team)
        .fetch_all(&pool)
        .await
        .expect("filled");
    let kept: Vec<(String, Uuid, String, i64)> = sqlx::query_as(
        "SELECT kind, record_id, fields, seq FROM records \
         WHERE team_id = (SELECT id FROM teams WHERE name = $1) ORDER BY kind, record_id",
    )
    .bind(&team)
    .fetch_all(&pool)
    .await
    .expect("read");
    assert_eq!(filled, kept);
    assert_eq!(kept.len(), 5, "one record deleted: {kept:?}");
}

/// Deletes the project named `name`, as a person deleting it in the app would (its rows go with it).
async fn delete_project(db: &firstgoal_core::Db, name: &str) {
    sqlx::query("DELETE FROM projects WHERE customer_name = ?1")
        .bind(name)
        .execute(db.pool())
        .await
        .expect("deleted");
}
