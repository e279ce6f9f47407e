//! Full JSON export and import: lossless round trips, imports into files that already hold data,
//! and refusals that name the place and write nothing.

use firstgoal_core::transfer::{self, Dump};
use firstgoal_core::{CoreError, Db, backup, demo, file_settings, milestones, projects};

use crate::{fresh_db, input};

async fn sample(db: &Db) {
    demo::generate(db, 12, 3).await.expect("demo");
    let detail = projects::get(db, 2).await.expect("get");
    milestones::set_goal(
        db,
        detail.milestones[0].id,
        detail.project.version,
        "初回価値",
        "<b>5</b> users",
    )
    .await
    .expect("goal");
    projects::set_archived(db, 3, 1, true)
        .await
        .expect("archive");
    file_settings::set(db, backup::KEEP_SETTING, &7u32)
        .await
        .expect("setting");
}

fn without_timestamp(mut dump: Dump) -> Dump {
    dump.exported_at.clear();
    dump
}

async fn count(db: &Db, table: &str) -> i64 {
    sqlx::query_scalar(&format!("SELECT COUNT(*) FROM {table}"))
        .fetch_one(db.pool())
        .await
        .expect("count")
}

fn place(err: CoreError) -> String {
    match err {
        CoreError::InvalidImport { place, .. } => place,
        other => panic!("expected an import refusal, got {other:?}"),
    }
}

// On two worker threads: the import parses the next table on a thread of its own.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn export_and_import_round_trip_loses_nothing() {
    let (_a, source) = fresh_db().await;
    sample(&source).await;
    let text = transfer::export_json(&source).await.expect("export");
    let (_b, target) = fresh_db().await;
    let report = transfer::import_json(&target, &text).await.expect("import");
    assert!(!report.renumbered);
    assert_eq!(report.rows["projects"], 12);
    assert_eq!(report.rows["milestones"], 36);

    let before = without_timestamp(transfer::export(&source).await.expect("export"));
    let after = without_timestamp(transfer::export(&target).await.expect("export again"));
    for (name, table) in &before.tables {
        assert_eq!(
            Some(table),
            after.tables.get(name),
            "table {name} differs after the round trip"
        );
    }
    assert_eq!(before, after);
}

// On two worker threads: the import parses the next table on a thread of its own.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn import_into_a_file_with_data_renumbers_and_keeps_what_was_there() {
    let (_a, source) = fresh_db().await;
    sample(&source).await;
    let dump = transfer::export(&source).await.expect("export");
    let (_b, target) = fresh_db().await;
    for name in ["Existing A", "Existing B", "Existing C"] {
        projects::create(&target, &input(name, "2026-03-01", "2026-03-10"))
            .await
            .expect("create");
    }
    file_settings::set(&target, backup::KEEP_SETTING, &3u32)
        .await
        .expect("setting");
    let existing_before = projects::get(&target, 1).await.expect("get");

    let report = transfer::import(&target, &dump).await.expect("import");
    assert!(report.renumbered);
    assert_eq!(count(&target, "projects").await, 15);
    assert_eq!(count(&target, "milestones").await, 45);
    // Every project still has exactly its three milestones, dated from its own kickoff.
    for project in projects::list(&target, true).await.expect("list") {
        let detail = projects::get(&target, project.id).await.expect("get");
        assert_eq!(detail.milestones.len(), 3, "{}", project.customer_name);
        assert!(
            detail
                .milestones
                .iter()
                .all(|m| m.due_date > project.kickoff_date)
        );
    }
    assert_eq!(
        projects::get(&target, 1).await.expect("get"),
        existing_before
    );
    assert_eq!(
        file_settings::get::<u32>(&target, backup::KEEP_SETTING)
            .await
            .expect("get"),
        Some(3)
    );
    let imported_goal = projects::list(&target, true)
        .await
        .expect("list")
        .into_iter()
        .find(|p| {
            p.customer_name
                == dump.tables["projects"].rows[1][1]
                    .as_str()
                    .unwrap_or_default()
        })
        .expect("imported project 2");
    let detail = projects::get(&target, imported_goal.id).await.expect("get");
    assert_eq!(detail.milestones[0].criterion, "<b>5</b> users");
}

#[tokio::test]
async fn malformed_json_is_refused_with_its_place_and_nothing_is_written() {
    let (_a, db) = fresh_db().await;
    let err = transfer::import_json(
        &db,
        "{\"format\": \"firstgoal-export\",\n \"format_version\": 1,\n",
    )
    .await
    .expect_err("refused");
    let message = err.to_string();
    assert!(message.contains("line 3"), "{message}");
    assert!(message.contains("nothing was written"), "{message}");
    // A table that is JSON but not a table: named by its path (the second pass finds it).
    let version = db.schema_version().await.expect("version");
    let err = transfer::import_json(
        &db,
        &format!(
            r#"{{"format":"firstgoal-export","format_version":1,"schema_version":{version},"exported_at":"x","tables":{{"file_settings":{{"columns":[],"rows":[]}},"projects":{{"columns":["id"],"rows":"oops"}}}}}}"#
        ),
    )
    .await
    .expect_err("refused");
    assert_eq!(place(err), "tables.projects.rows");
    assert_eq!(count(&db, "projects").await, 0);
}

async fn refused_place(mutate: impl FnOnce(&mut Dump)) -> String {
    let (_a, source) = fresh_db().await;
    sample(&source).await;
    let mut dump = transfer::export(&source).await.expect("export");
    mutate(&mut dump);
    let (_b, target) = fresh_db().await;
    projects::create(&target, &input("Untouched", "2026-03-01", "2026-03-10"))
        .await
        .expect("create");
    let before = transfer::export(&target).await.expect("export");
    let err = transfer::import(&target, &dump).await.expect_err("refused");
    let after = transfer::export(&target).await.expect("export");
    assert_eq!(
        without_timestamp(before),
        without_timestamp(after),
        "nothing may be written"
    );
    place(err)
}

// On two worker threads: the import parses the next table on a thread of its own.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn refusals_name_the_place_and_write_nothing() {
    assert_eq!(refused_place(|d| d.format = "other".into()).await, "format");
    assert_eq!(
        refused_place(|d| d.format_version = 99).await,
        "format_version"
    );
    assert_eq!(
        refused_place(|d| d.schema_version += 1).await,
        "schema_version"
    );
    assert_eq!(
        refused_place(|d| {
            let t = d.tables["projects"].clone();
            d.tables.insert("no_such_table".into(), t);
        })
        .await,
        "tables.no_such_table"
    );
    assert_eq!(
        refused_place(
            |d| d.tables.get_mut("projects").expect("projects").columns[1] = "nope".into()
        )
        .await,
        "tables.projects.columns[1]"
    );
    assert_eq!(
        refused_place(|d| {
            let rows = &mut d.tables.get_mut("projects").expect("projects").rows;
            let segment = 4;
            rows[5][segment] = serde_json::Value::from("bogus");
        })
        .await,
        "tables.projects.rows[5].segment"
    );
    assert_eq!(
        refused_place(|d| {
            d.tables.get_mut("milestones").expect("milestones").rows[7].pop();
        })
        .await,
        "tables.milestones.rows[7]"
    );
    // A milestone that points at a project missing from the export.
    let milestone_place = refused_place(|d| {
        d.tables.get_mut("milestones").expect("milestones").rows[0][1] =
            serde_json::Value::from(999);
    })
    .await;
    assert!(
        milestone_place.starts_with("tables.milestones"),
        "{milestone_place}"
    );
}
