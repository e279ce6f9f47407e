//! The full import checks every value against the rules of the forms and the storage types, so
//! that whatever it accepts can be read back: hand-edited exports, duplicated rows and tables,
//! and a file saved with a byte-order mark.

use firstgoal_core::portfolio::{self, PortfolioQuery};
use firstgoal_core::transfer::{self, Dump};
use firstgoal_core::{CoreError, Db, demo, projects};
use serde_json::{Value, json};

use crate::{fresh_db, input};

fn without_timestamp(mut dump: Dump) -> Dump {
    dump.exported_at.clear();
    dump
}

/// A demo export with a journey whose document is a real one.
pub async fn demo_export() -> Dump {
    let (_dir, source) = fresh_db().await;
    demo::generate(&source, 8, 5).await.expect("demo");
    transfer::export(&source).await.expect("export")
}

/// A file holding one project of its own.
pub async fn file_with_data() -> (tempfile::TempDir, Db) {
    let (dir, db) = fresh_db().await;
    projects::create(&db, &input("Already here", "2026-03-01", "2026-03-10"))
        .await
        .expect("create");
    (dir, db)
}

pub fn column(dump: &Dump, table: &str, name: &str) -> usize {
    dump.tables[table]
        .columns
        .iter()
        .position(|c| c == name)
        .unwrap_or_else(|| panic!("{table} has no column {name}"))
}

pub fn set(dump: &mut Dump, table: &str, row: usize, name: &str, value: Value) {
    let c = column(dump, table, name);
    dump.tables.get_mut(table).expect("table").rows[row][c] = value;
}

/// Imports `dump` into `db`, expects a refusal and that the file is as it was and still reads;
/// returns the place and the reason.
pub async fn refusal(db: &Db, text: &str) -> (String, String) {
    let before = without_timestamp(transfer::export(db).await.expect("export"));
    let err = transfer::import_json(db, text)
        .await
        .expect_err("the import must be refused");
    let after = without_timestamp(transfer::export(db).await.expect("export"));
    assert_eq!(before, after, "a refused import changed the file");
    projects::list(db, true)
        .await
        .expect("the file still lists");
    portfolio::get(db, &PortfolioQuery::default(), firstgoal_core::today())
        .await
        .expect("the portfolio still reads");
    match err {
        CoreError::InvalidImport { place, reason } => (place, reason),
        other => panic!("expected an import refusal, got {other:?}"),
    }
}

// On two worker threads: the import parses the next table on a thread of its own.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hand_edited_values_are_refused_with_their_place_before_anything_is_written() {
    let dump = demo_export().await;
    let long_name = "x".repeat(10_000);
    let cases: Vec<(&str, usize, &str, Value)> = vec![
        ("projects", 5, "kickoff_date", json!("2024/01/05")),
        ("projects", 5, "kickoff_date", json!("2024-02-30")),
        ("projects", 5, "kickoff_date", json!("２０２４-０１-０５")),
        ("projects", 5, "kickoff_date", json!(20_240_105)),
        ("projects", 5, "kickoff_date", json!("2024-1-5")),
        ("projects", 5, "kickoff_date", json!(" 2024-01-05")),
        ("projects", 5, "kickoff_date", json!("1900-01-01")),
        ("projects", 5, "contract_date", Value::Null),
        ("projects", 2, "version", json!("abc")),
        ("projects", 2, "version", json!(-3)),
        ("projects", 2, "version", json!(1.5)),
        ("projects", 2, "customer_name", json!(long_name)),
        ("projects", 2, "customer_name", json!("   ")),
        ("projects", 2, "customer_name", json!(42)),
        ("projects", 2, "segment", json!("bogus")),
        ("projects", 1, "archived_at", json!("yesterday")),
        ("projects", 1, "created_at", json!(1_700_000_000)),
        ("milestones", 4, "status", json!("done")),
        ("milestones", 4, "due_date_manual", json!(2)),
        ("milestones", 4, "achieved_on", json!("soon")),
        ("stakeholders", 3, "roles", json!("not json")),
        ("stakeholders", 3, "roles", json!("[\"emperor\"]")),
        ("stakeholders", 3, "influence", json!(9)),
        ("stakeholders", 3, "level", json!("ceo")),
        ("stakeholders", 3, "email", json!("not an address")),
        ("heat_entries", 1, "heat", json!(0)),
        ("heat_entries", 1, "recorded_on", json!("2024-13-01")),
        ("touchpoints", 1, "kind", json!("fax")),
        ("project_stages", 1, "position", json!(-1)),
        ("project_holds", 0, "start_date", json!("2024-02-31")),
        ("stage_actions", 1, "done_on", json!("2025-04-31")),
        ("team_members", 0, "role", json!("boss")),
        ("journeys", 0, "content", json!("{\"not\": \"a journey\"}")),
        ("journeys", 0, "content", json!("[]")),
        ("journeys", 0, "version", json!(0)),
        ("journey_revisions", 0, "content", json!("{")),
    ];
    for (table, row, name, value) in cases {
        let mut edited = dump.clone();
        set(&mut edited, table, row, name, value.clone());
        let text = serde_json::to_string(&edited).expect("json");
        // Refused the same way into an empty file and into one with data.
        for (_dir, db) in [fresh_db().await, file_with_data().await] {
            let (place, reason) = refusal(&db, &text).await;
            assert_eq!(
                place,
                format!("tables.{table}.rows[{row}].{name}"),
                "{table}.{name} = {value}: {reason}"
            );
            assert!(!reason.is_empty());
        }
    }
}

#[tokio::test]
async fn a_journey_that_is_not_valid_is_refused_with_the_reason() {
    let mut dump = demo_export().await;
    let content = column(&dump, "journeys", "content");
    let text = dump.tables["journeys"].rows[0][content]
        .as_str()
        .expect("content is text")
        .to_owned();
    let mut doc: Value = serde_json::from_str(&text).expect("a journey document");
    doc["lanes"] = json!([]);
    set(&mut dump, "journeys", 0, "content", json!(doc.to_string()));
    let (_dir, db) = file_with_data().await;
    let (place, reason) = refusal(&db, &serde_json::to_string(&dump).expect("json")).await;
    assert_eq!(place, "tables.journeys.rows[0].content");
    assert!(reason.contains("lanes"), "{reason}");
}

#[tokio::test]
async fn columns_that_cannot_be_imported_are_refused() {
    let dump = demo_export().await;
    // A required column left out.
    let mut edited = dump.clone();
    let projects = edited.tables.get_mut("projects").expect("projects");
    let at = projects
        .columns
        .iter()
        .position(|c| c == "kickoff_date")
        .expect("kickoff_date");
    projects.columns.remove(at);
    for row in &mut projects.rows {
        row.remove(at);
    }
    let (_dir, db) = file_with_data().await;
    let text = serde_json::to_string(&edited).expect("json");
    let (place, reason) = refusal(&db, &text).await;
    assert_eq!(place, "tables.projects.columns");
    assert!(reason.contains("kickoff_date"), "{reason}");

    // The id column left out: the rows that refer to them could not follow them.
    let mut edited = dump.clone();
    let projects = edited.tables.get_mut("projects").expect("projects");
    projects.columns.remove(0);
    for row in &mut projects.rows {
        row.remove(0);
    }
    let text = serde_json::to_string(&edited).expect("json");
    let (place, reason) = refusal(&db, &text).await;
    assert_eq!(place, "tables.projects.columns");
    assert!(reason.contains("id"), "{reason}");

    // A column named twice.
    let mut edited = dump;
    let projects = edited.tables.get_mut("projects").expect("projects");
    projects.columns[2] = "customer_name".into();
    let text = serde_json::to_string(&edited).expect("json");
    let (place, _) = refusal(&db, &text).await;
    assert_eq!(place, "tables.projects.columns[2]");
}

#[tokio::test]
async fn duplicate_ids_are_refused_into_empty_files_and_files_with_data() {
    let dump = demo_export().await;
    for (table, row) in [
        ("projects", 3),
        ("milestones", 5),
        ("touchpoint_participants", 2),
    ] {
        let mut edited = dump.clone();
        let rows = &mut edited.tables.get_mut(table).expect("table").rows;
        let copy = rows[row].clone();
        rows.push(copy);
        let last = rows.len() - 1;
        let text = serde_json::to_string(&edited).expect("json");
        for (_dir, db) in [fresh_db().await, file_with_data().await] {
            let (place, reason) = refusal(&db, &text).await;
            assert_eq!(place, format!("tables.{table}.rows[{last}]"), "{reason}");
            assert!(reason.contains(&format!("rows[{row}]")), "{reason}");
        }
    }
}

#[tokio::test]
async fn rows_in_any_order_are_not_duplicates() {
    let mut dump = demo_export().await;
    for table in ["projects", "touchpoint_participants", "project_team"] {
        dump.tables.get_mut(table).expect("table").rows.reverse();
    }
    let text = serde_json::to_string(&dump).expect("json");
    for (_dir, db) in [fresh_db().await, file_with_data().await] {
        let report = transfer::import_json(&db, &text).await.expect("import");
        assert_eq!(report.rows["projects"], 8);
    }
}

#[tokio::test]
async fn a_table_given_twice_is_refused() {
    let dump = demo_export().await;
    let text = serde_json::to_string_pretty(&dump).expect("json");
    // The same table twice in the object: a parser would keep the last one.
    let twice = text.replacen(
        "\"tables\": {",
        "\"tables\": {\n    \"projects\": {\"columns\": [\"id\"], \"rows\": []},",
        1,
    );
    assert_ne!(twice, text);
    let (_dir, db) = file_with_data().await;
    let (place, reason) = refusal(&db, &twice).await;
    assert_eq!(place, "tables.projects");
    assert!(reason.contains("twice"), "{reason}");
}

#[tokio::test]
async fn an_export_saved_with_a_byte_order_mark_is_read() {
    let (_a, source) = fresh_db().await;
    demo::generate(&source, 3, 1).await.expect("demo");
    let text = transfer::export_json(&source).await.expect("export");
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("notepad.json");
    std::fs::write(&path, format!("\u{feff}{text}")).expect("write");
    let (_b, target) = fresh_db().await;
    let report = transfer::import_file(&target, &path)
        .await
        .expect("a BOM is not an error");
    assert_eq!(report.rows["projects"], 3);
    // Also when the text is handed over directly.
    let (_c, other) = fresh_db().await;
    transfer::import_json(&other, &format!("\u{feff}{text}"))
        .await
        .expect("a BOM is not an error");
}

// A key that is also a reference (one adoption purpose per project) follows its project when the
// ids are renumbered, instead of getting the next free number like an id of its own.
#[tokio::test]
async fn an_adoption_purpose_stays_with_its_project_when_ids_are_renumbered() {
    let (_a, source) = fresh_db().await;
    for name in ["First", "Second"] {
        projects::create(&source, &input(name, "2026-01-05", "2026-01-12"))
            .await
            .expect("create");
    }
    let second = projects::get(&source, 2).await.expect("get");
    firstgoal_core::kickoff::set_purpose(&source, 2, second.project.version, "Fewer hand-offs")
        .await
        .expect("purpose");
    let text = transfer::export_json(&source).await.expect("export");

    let (_b, target) = fresh_db().await;
    for name in ["Here A", "Here B", "Here C"] {
        projects::create(&target, &input(name, "2026-03-01", "2026-03-10"))
            .await
            .expect("create");
    }
    transfer::import_json(&target, &text).await.expect("import");
    for project in projects::list(&target, true).await.expect("list") {
        let board = firstgoal_core::stakeholders::board(&target, project.id)
            .await
            .expect("board");
        let expected = if project.customer_name == "Second" {
            "Fewer hand-offs"
        } else {
            ""
        };
        assert_eq!(board.purpose, expected, "{}", project.customer_name);
    }
}
