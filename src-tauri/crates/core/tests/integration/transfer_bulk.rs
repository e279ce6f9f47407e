//! The full export and import at scale: the streamed export text, derived tables left out, rows
//! written many per statement (a bad row deep in a table is still named), and the last-touch
//! trigger set aside during the import and its work redone.

use chrono::NaiveDate;
use firstgoal_core::portfolio::{self, PortfolioQuery};
use firstgoal_core::transfer::{self, DERIVED_TABLES, Dump};
use firstgoal_core::{CoreError, Db, demo, projects};

use crate::{count, fresh_db, input};

fn without_timestamp(mut dump: Dump) -> Dump {
    dump.exported_at.clear();
    dump
}

/// Stakeholders whose stored last touch differs from the latest touchpoint they took part in.
async fn wrong_last_touches(db: &Db) -> i64 {
    sqlx::query_scalar(
        "SELECT COUNT(*) FROM stakeholders s WHERE s.last_touch IS NOT (SELECT MAX(t.touched_on) \
         FROM touchpoint_participants p JOIN touchpoints t ON t.id = p.touchpoint_id \
         WHERE p.stakeholder_id = s.id)",
    )
    .fetch_one(db.pool())
    .await
    .expect("last touches")
}

async fn has_trigger(db: &Db, name: &str) -> bool {
    sqlx::query_scalar(
        "SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'trigger' AND name = ?1)",
    )
    .bind(name)
    .fetch_one(db.pool())
    .await
    .expect("trigger")
}

#[tokio::test]
async fn the_streamed_export_reads_back_as_the_same_dump_one_row_per_line() {
    let (_a, db) = fresh_db().await;
    demo::generate(&db, 6, 11).await.expect("demo");
    let text = transfer::export_json(&db).await.expect("export");
    let parsed: Dump = serde_json::from_str(&text).expect("the export is JSON");
    let dump = transfer::export(&db).await.expect("export");
    let rows: usize = dump.tables.values().map(|t| t.rows.len()).sum();
    assert_eq!(without_timestamp(parsed), without_timestamp(dump));
    assert!(text.lines().count() > rows, "one line per row");
    assert!(
        text.lines().count() < rows + 200,
        "rows are not spread over lines"
    );
}

#[tokio::test]
async fn derived_tables_are_neither_exported_nor_imported() {
    assert_eq!(DERIVED_TABLES, ["project_facts_cache", "department_usage"]);
    let (_a, source) = fresh_db().await;
    demo::generate(&source, 3, 1).await.expect("demo");
    // Reading the portfolio fills the facts cache of the source.
    let today = NaiveDate::from_ymd_opt(2026, 1, 1).expect("date");
    let expected = portfolio::get(&source, &PortfolioQuery::default(), today)
        .await
        .expect("portfolio");
    assert_eq!(count(&source, "project_facts_cache").await, 3);
    assert!(count(&source, "department_usage").await > 0);
    let text = transfer::export_json(&source).await.expect("export");
    let tables = transfer::export(&source).await.expect("export").tables;
    for table in DERIVED_TABLES {
        assert!(!text.contains(table), "{table} is not in the export");
        assert!(!tables.contains_key(*table), "{table} is not in the export");
    }

    let (_b, target) = fresh_db().await;
    transfer::import_json(&target, &text).await.expect("import");
    assert_eq!(count(&target, "projects").await, 3);
    // The target derives its own: the department counts by its triggers, the facts when read.
    let departments = "SELECT department, COUNT(*) FROM stakeholders WHERE department <> '' \
                       GROUP BY department ORDER BY department";
    let counted: Vec<(String, i64)> = sqlx::query_as(departments)
        .fetch_all(target.pool())
        .await
        .expect("count");
    let usage = "SELECT department, stakeholders FROM department_usage ORDER BY department";
    let kept: Vec<(String, i64)> = sqlx::query_as(usage)
        .fetch_all(target.pool())
        .await
        .expect("usage");
    assert_eq!(kept, counted);
    assert_eq!(count(&target, "project_facts_cache").await, 0);
    let imported = portfolio::get(&target, &PortfolioQuery::default(), today)
        .await
        .expect("portfolio");
    assert_eq!(imported.figures, expected.figures);
    assert_eq!(count(&target, "project_facts_cache").await, 3);

    // Again into the same file (now with data: ids renumbered): the cached projects stay, the
    // new ones are derived, and the department counts add up.
    transfer::import_json(&target, &text)
        .await
        .expect("import again");
    let counted: Vec<(String, i64)> = sqlx::query_as(departments)
        .fetch_all(target.pool())
        .await
        .expect("count");
    let kept: Vec<(String, i64)> = sqlx::query_as(usage)
        .fetch_all(target.pool())
        .await
        .expect("usage");
    assert_eq!(kept, counted);
    let twice = portfolio::get(&target, &PortfolioQuery::default(), today)
        .await
        .expect("portfolio");
    assert_eq!(twice.figures.projects, 6);
    assert_eq!(
        twice.figures.ttv_finished,
        2 * expected.figures.ttv_finished
    );
    sqlx::query("DELETE FROM project_facts_cache")
        .execute(target.pool())
        .await
        .expect("empty the cache");
    let derived = portfolio::get(&target, &PortfolioQuery::default(), today)
        .await
        .expect("portfolio");
    assert!(
        twice == derived,
        "the cache agrees with the data after the import"
    );
}

// On two worker threads: the import parses the next table on a thread of its own.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn import_recomputes_last_touches_and_keeps_the_trigger() {
    let (_a, source) = fresh_db().await;
    demo::generate(&source, 8, 4).await.expect("demo");
    let mut dump = transfer::export(&source).await.expect("export");
    let stakeholders = dump.tables.get_mut("stakeholders").expect("stakeholders");
    let at = stakeholders
        .columns
        .iter()
        .position(|c| c == "last_touch")
        .expect("last_touch column");
    for row in &mut stakeholders.rows {
        row[at] = serde_json::Value::from("1999-01-01");
    }
    // One stakeholder without a touchpoint: no last touch, whatever the file said.
    let id = stakeholders
        .columns
        .iter()
        .position(|c| c == "id")
        .expect("id column");
    let untouched = stakeholders.rows[0][id].clone();
    let participants = dump
        .tables
        .get_mut("touchpoint_participants")
        .expect("participants");
    let by = participants
        .columns
        .iter()
        .position(|c| c == "stakeholder_id")
        .expect("stakeholder_id column");
    let before = participants.rows.len();
    participants.rows.retain(|row| row[by] != untouched);
    assert!(
        participants.rows.len() < before,
        "the stakeholder had touchpoints"
    );
    // Into an empty file (ids kept) and into one with data (ids renumbered).
    let (_b, empty) = fresh_db().await;
    let (_c, with_data) = fresh_db().await;
    projects::create(&with_data, &input("Existing", "2026-03-01", "2026-03-10"))
        .await
        .expect("create");
    for target in [&empty, &with_data] {
        transfer::import(target, &dump).await.expect("import");
        assert_eq!(wrong_last_touches(target).await, 0);
        assert!(has_trigger(target, "stakeholder_touch_added").await);
    }
    // The trigger is at work again after the import.
    sqlx::query("UPDATE touchpoints SET touched_on = '2030-01-01' WHERE id = 1")
        .execute(empty.pool())
        .await
        .expect("move a touchpoint");
    assert_eq!(wrong_last_touches(&empty).await, 0);
}

// On two worker threads: the import parses the next table on a thread of its own.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_bad_row_deep_in_a_large_table_is_named_and_nothing_is_written() {
    let (_a, source) = fresh_db().await;
    demo::generate(&source, 14, 2).await.expect("demo");
    let mut dump = transfer::export(&source).await.expect("export");
    let touchpoints = dump.tables.get_mut("touchpoints").expect("touchpoints");
    let kind = touchpoints
        .columns
        .iter()
        .position(|c| c == "kind")
        .expect("kind column");
    let bad = touchpoints.rows.len() - 2;
    assert!(bad > 600, "the bad row is past the first statement");
    touchpoints.rows[bad][kind] = serde_json::Value::from("fax");

    let (_b, target) = fresh_db().await;
    projects::create(&target, &input("Untouched", "2026-03-01", "2026-03-10"))
        .await
        .expect("create");
    let before = without_timestamp(transfer::export(&target).await.expect("export"));
    let err = transfer::import(&target, &dump).await.expect_err("refused");
    match err {
        CoreError::InvalidImport { place, .. } => {
            assert_eq!(place, format!("tables.touchpoints.rows[{bad}].kind"));
        }
        other => panic!("expected an import refusal, got {other:?}"),
    }
    let after = without_timestamp(transfer::export(&target).await.expect("export"));
    assert_eq!(before, after, "nothing may be written");
    assert!(has_trigger(&target, "stakeholder_touch_added").await);
    // The file still enforces foreign keys on its pooled connections.
    let orphan = sqlx::query(
        "INSERT INTO milestones (project_id, horizon, due_date) VALUES (999, NULL, '2026-01-01')",
    )
    .execute(target.pool())
    .await;
    let message = orphan.expect_err("foreign keys are on again").to_string();
    assert!(message.contains("FOREIGN KEY"), "{message}");
}

/// The app runs these from its commands, whose futures must be `Send` (checked when this file
/// compiles).
#[allow(dead_code)]
fn import_and_demo_run_on_any_thread(db: &Db, path: &std::path::Path) {
    fn send<T: Send>(_: T) {}
    send(transfer::import_file(db, path));
    send(transfer::export_to_file(db, path));
    send(demo::generate(db, 1, 1));
}

/// The import's commit leaves its pages in the WAL (the app answers before copying them);
/// `Db::checkpoint` copies them into the file, which then holds the import on its own.
#[tokio::test]
async fn the_import_is_in_the_file_itself_after_the_checkpoint() {
    let (_a, source) = fresh_db().await;
    demo::generate(&source, 4, 3).await.expect("demo");
    let text = transfer::export_json(&source).await.expect("export");

    let (dir, target) = fresh_db().await;
    transfer::import_json(&target, &text).await.expect("import");
    let path = crate::db_path(&dir);
    let wal = |p: &std::path::Path| {
        std::fs::metadata(p.with_extension("sqlite-wal")).map_or(0, |m| m.len())
    };
    assert!(wal(&path) > 100_000, "the import is still in the WAL");
    target.checkpoint().await.expect("checkpoint");

    // The main file alone, without its WAL, has every project.
    let copy = dir.path().join("copy.sqlite");
    std::fs::copy(&path, &copy).expect("copy the main file");
    let alone = Db::open_read_only(&copy).await.expect("open the copy");
    assert_eq!(count(&alone, "projects").await, 4);
    assert_eq!(wal(&copy), 0);
}
