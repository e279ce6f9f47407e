//! The property the full import promises: whatever it accepts can be read back. Mutated exports
//! of a small demo file (wrong types, odd dates, huge, empty and control-character texts,
//! negative numbers, duplicated and dropped rows, dropped columns, edited journey documents) are
//! imported into a file that already holds data. Each is either refused, and the file is as it
//! was, or accepted, and then every read path works on the file (`read_back`): the project list,
//! the portfolio and risk flags, each project with everything its pages load, its reports and
//! stakeholder map (SVG well-formed, PNG rendered), the journeys and their revisions in every
//! export format, the playbooks and settings, the full export, and the import of that export
//! into a new file; and no stored text holds a control character (they are normalised).
//!
//! Fixed seed; `FUZZ_CASES` sets the number of cases (default 40).

use std::cell::Cell;
use std::path::Path;

use firstgoal_core::journey::{self, NewJourney};
use firstgoal_core::kickoff;
use firstgoal_core::playbooks::{self, PlaybookRef};
use firstgoal_core::settings::Language;
use firstgoal_core::{CoreError, Db, backup, demo, file_settings, projects, risks, transfer, ttv};
use proptest::prelude::*;
use proptest::sample::Index;
use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};
use serde_json::{Value, json};

fn cases() -> u32 {
    crate::fuzz_cases(40)
}

use crate::fuzz_runtime as runtime;
use crate::pointers;

/// Every row of every table, to compare a file before and after a refused import.
async fn snapshot(db: &Db) -> Value {
    let mut dump = transfer::export(db).await.expect("export");
    dump.exported_at.clear();
    serde_json::to_value(dump).expect("to json")
}

/// A small file with something in every table: demo projects, an adoption purpose and its
/// agreement, a stored playbook, a journey template and every file setting.
async fn source(path: &Path) -> Value {
    let db = Db::open(path).await.expect("open");
    demo::generate(&db, 3, 11).await.expect("demo");
    let project = projects::get(&db, 1).await.expect("get");
    let board = kickoff::set_purpose(&db, 1, project.project.version, "Why they bought")
        .await
        .expect("purpose");
    if let Some(person) = board.stakeholders.first() {
        kickoff::set_agreement(
            &db,
            person.id,
            board.detail.project.version,
            Some("2025-01-10"),
        )
        .await
        .expect("agreement");
    }
    playbooks::duplicate(
        &db,
        &PlaybookRef::Builtin {
            key: "low_touch".into(),
        },
        Language::Ja,
    )
    .await
    .expect("stored playbook");
    journey::create(
        &db,
        &NewJourney {
            project_id: None,
            name: "Template".into(),
            template_id: None,
            language: Language::En,
        },
    )
    .await
    .expect("template");
    file_settings::set(&db, backup::KEEP_SETTING, &9u32)
        .await
        .expect("setting");
    risks::set_untouched_days(&db, 21).await.expect("setting");
    ttv::set_definition(&db, ttv::TtvDefinition::default())
        .await
        .expect("setting");
    let dump = transfer::export(&db).await.expect("export");
    db.close().await;
    serde_json::to_value(dump).expect("json")
}

/// Texts that forms would never store, or only after trimming.
const ODD_TEXTS: &[&str] = &[
    "",
    "   ",
    "2024/01/05",
    "2024-02-30",
    "２０２４-０１-０５",
    "2024-1-5",
    " 2024-01-05",
    "1969-12-31",
    "2201-01-01",
    "9999-12-31",
    "0000-01-01",
    "2024-01-05T09:00:00Z",
    "2024-01-05 09:00:00",
    "yesterday",
    "abc",
    "not json",
    "[]",
    "{}",
    "null",
    "[\"emperor\"]",
    "[\"decision_maker\",\"decision_maker\"]",
    "achieved",
    "high_touch",
    "staff",
    "left_company",
    "meeting",
    "csm",
    "a\u{0}b",
    "\u{1b}[31mred",
    "line\u{b}break",
    "\u{feff}",
    "<script>alert(1)</script>",
    "x@y",
    "a@b.co",
];

fn odd_value() -> impl Strategy<Value = Value> {
    prop_oneof![
        2 => prop::sample::select(ODD_TEXTS).prop_map(Value::from),
        1 => Just(Value::Null),
        1 => any::<bool>().prop_map(Value::from),
        1 => any::<i64>().prop_map(Value::from),
        2 => prop::sample::select(&[-3i64, -1, 0, 1, 2, 5, 6, 999][..]).prop_map(Value::from),
        1 => prop::sample::select(&[1.5f64, -0.0, 1e300][..]).prop_map(Value::from),
        1 => "(19[6-9][0-9]|2[0-2][0-9]{2})-[0-9]{2}-[0-9]{2}".prop_map(Value::from),
        // Values a form could have stored, so that a fair share of cases is accepted.
        2 => "20[0-9]{2}-(0[1-9]|1[0-2])-(0[1-9]|1[0-9]|2[0-8])".prop_map(Value::from),
        2 => "[a-zA-Z0-9 ぁ-んァ-ン一-龠]{1,30}".prop_map(Value::from),
        1 => (1i64..=5).prop_map(Value::from),
        1 => ".{0,20}".prop_map(Value::from),
        1 => "[\\x00-\\x1f\\x7f]{1,4}".prop_map(Value::from),
        1 => (190usize..12_000).prop_map(|n| Value::from("長".repeat(n))),
        1 => Just(json!([1, 2])),
        1 => Just(json!({ "a": 1 })),
    ]
}

#[derive(Debug, Clone)]
enum Mutation {
    Set {
        table: Index,
        row: Index,
        column: Index,
        value: Value,
    },
    /// A value inside a journey's document (the `content` column).
    SetInJourney {
        row: Index,
        node: Index,
        value: Value,
    },
    /// A value of the same column from another row.
    CopyCell {
        table: Index,
        from: Index,
        to: Index,
        column: Index,
    },
    DuplicateRow {
        table: Index,
        row: Index,
    },
    DropRow {
        table: Index,
        row: Index,
    },
    DropColumn {
        table: Index,
        column: Index,
    },
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        6 => (any::<Index>(), any::<Index>(), any::<Index>(), odd_value())
            .prop_map(|(table, row, column, value)| Mutation::Set { table, row, column, value }),
        2 => (any::<Index>(), any::<Index>(), odd_value())
            .prop_map(|(row, node, value)| Mutation::SetInJourney { row, node, value }),
        2 => (any::<Index>(), any::<Index>(), any::<Index>(), any::<Index>())
            .prop_map(|(table, from, to, column)| Mutation::CopyCell { table, from, to, column }),
        1 => (any::<Index>(), any::<Index>())
            .prop_map(|(table, row)| Mutation::DuplicateRow { table, row }),
        1 => (any::<Index>(), any::<Index>())
            .prop_map(|(table, row)| Mutation::DropRow { table, row }),
        1 => (any::<Index>(), any::<Index>())
            .prop_map(|(table, column)| Mutation::DropColumn { table, column }),
    ]
}

fn apply(doc: &mut Value, mutation: &Mutation) {
    let tables = doc["tables"].as_object_mut().expect("tables");
    let names: Vec<String> = tables
        .iter()
        .filter(|(_, t)| t["rows"].as_array().is_some_and(|r| !r.is_empty()))
        .map(|(n, _)| n.clone())
        .collect();
    let pick = |i: &Index| names[i.index(names.len())].clone();
    match mutation {
        Mutation::Set {
            table,
            row,
            column,
            value,
        } => {
            let rows = tables[&pick(table)]["rows"].as_array_mut().expect("rows");
            let n = rows.len();
            if let Some(cells) = rows[row.index(n)].as_array_mut().filter(|c| !c.is_empty()) {
                let k = cells.len();
                cells[column.index(k)] = value.clone();
            }
        }
        Mutation::SetInJourney { row, node, value } => {
            let table = &mut tables["journeys"];
            let at = table["columns"]
                .as_array()
                .and_then(|c| c.iter().position(|c| c == "content"));
            let rows = table["rows"].as_array_mut().expect("rows");
            let (Some(at), false) = (at, rows.is_empty()) else {
                return;
            };
            let n = rows.len();
            let cell = &mut rows[row.index(n)][at];
            let Some(mut content) = cell.as_str().and_then(|t| serde_json::from_str(t).ok()) else {
                return;
            };
            let mut all = Vec::new();
            pointers(&content, String::new(), &mut all);
            let pointer = &all[node.index(all.len())];
            if pointer.is_empty() {
                content = value.clone();
            } else if let Some(slot) = content.pointer_mut(pointer) {
                *slot = value.clone();
            }
            *cell = Value::from(content.to_string());
        }
        Mutation::CopyCell {
            table,
            from,
            to,
            column,
        } => {
            let rows = tables[&pick(table)]["rows"].as_array_mut().expect("rows");
            let n = rows.len();
            let (from, to) = (from.index(n), to.index(n));
            let width = rows[from].as_array().map_or(0, Vec::len);
            if width > 0 && rows[to].as_array().is_some_and(|r| r.len() == width) {
                let c = column.index(width);
                rows[to][c] = rows[from][c].clone();
            }
        }
        Mutation::DuplicateRow { table, row } => {
            let rows = tables[&pick(table)]["rows"].as_array_mut().expect("rows");
            let copy = rows[row.index(rows.len())].clone();
            rows.push(copy);
        }
        Mutation::DropRow { table, row } => {
            let rows = tables[&pick(table)]["rows"].as_array_mut().expect("rows");
            let n = rows.len();
            rows.remove(row.index(n));
        }
        Mutation::DropColumn { table, column } => {
            let table = &mut tables[&pick(table)];
            let Some(n) = table["columns"].as_array().map(Vec::len).filter(|n| *n > 0) else {
                return;
            };
            let at = column.index(n);
            if let Some(columns) = table["columns"].as_array_mut() {
                columns.remove(at);
            }
            for row in table["rows"].as_array_mut().expect("rows") {
                if let Some(cells) = row.as_array_mut().filter(|c| c.len() > at) {
                    cells.remove(at);
                }
            }
        }
    }
}

use crate::read_back::read_everything;

#[test]
fn whatever_the_import_accepts_reads_back_and_whatever_it_refuses_writes_nothing() {
    let rt = runtime();
    let dir = tempfile::tempdir().expect("temp dir");
    let template = dir.path().join("target.sqlite");
    let valid = rt.block_on(async {
        let valid = source(&dir.path().join("source.sqlite")).await;
        // The target already holds data of its own, so imports renumber.
        let target = Db::open(&template).await.expect("open");
        demo::generate(&target, 2, 5).await.expect("demo");
        target.close().await;
        valid
    });
    assert!(valid["tables"]["adoption_purposes"]["rows"][0].is_array());

    let mut runner = TestRunner::new_with_rng(
        Config {
            cases: cases(),
            failure_persistence: None,
            ..Config::default()
        },
        TestRng::deterministic_rng(RngAlgorithm::ChaCha),
    );
    let (accepted, refused) = (Cell::new(0u32), Cell::new(0u32));
    runner
        .run(&prop::collection::vec(mutation(), 1..3), |mutations| {
            let mut doc = valid.clone();
            for m in &mutations {
                apply(&mut doc, m);
            }
            let text = doc.to_string();
            let case = tempfile::tempdir().expect("temp dir");
            let path = case.path().join("target.sqlite");
            std::fs::copy(&template, &path).expect("copy the target");
            rt.block_on(async {
                let db = Db::open(&path).await.expect("open");
                let before = snapshot(&db).await;
                let outcome = match transfer::import_json(&db, &text).await {
                    Ok(_) => {
                        accepted.set(accepted.get() + 1);
                        read_everything(&db, case.path()).await
                    }
                    Err(CoreError::InvalidImport { place, reason }) => {
                        refused.set(refused.get() + 1);
                        if std::env::var_os("FUZZ_SHOW").is_some() {
                            eprintln!("refused at {place}: {reason}");
                        }
                        if snapshot(&db).await == before {
                            Ok(())
                        } else {
                            Err("a refused import changed the file".to_owned())
                        }
                    }
                    // Anything else is not a refusal of the input but a failure.
                    Err(other) => Err(format!("not an import refusal: {other}")),
                };
                db.close().await;
                if let Err(failure) = outcome {
                    prop_assert!(false, "{}", failure);
                }
                Ok(())
            })
        })
        .expect("property holds");
    let (accepted, refused) = (accepted.get(), refused.get());
    eprintln!(
        "fuzz import read-back (mutated exports into a file with data): {} cases, \
         {accepted} accepted, {refused} refused",
        cases()
    );
    assert!(
        accepted > 0 && refused > 0,
        "both outcomes must be exercised"
    );
}
