//! The full import applies the rules the forms apply across rows — a kickoff against its
//! contract, milestones against the kickoff they follow, the
//! order of a project's stages, one open on-hold period, the people at a touchpoint — refusing
//! with the row before anything is written, into an empty file and into one with data.

use firstgoal_core::transfer::Dump;
use serde_json::{Value, json};

use crate::fresh_db;
use crate::transfer_checks::{column, demo_export, file_with_data, refusal, set};

/// The first row of `table` for which `pick` holds, given a value-by-column reader.
fn find(dump: &Dump, table: &str, pick: impl Fn(&dyn Fn(&str) -> Value) -> bool) -> usize {
    let rows = &dump.tables[table].rows;
    rows.iter()
        .position(|row| pick(&|name: &str| row[column(dump, table, name)].clone()))
        .unwrap_or_else(|| panic!("no such row in {table}"))
}

fn get(dump: &Dump, table: &str, row: usize, name: &str) -> Value {
    dump.tables[table].rows[row][column(dump, table, name)].clone()
}

/// The row of the project with `id`.
fn project_row(dump: &Dump, id: &Value) -> usize {
    find(dump, "projects", |v| v("id") == *id)
}

type Edit = Box<dyn Fn(&mut Dump) -> String>;

fn edits() -> Vec<(&'static str, Edit)> {
    vec![
        (
            "a kickoff two years before the contract",
            Box::new(|d: &mut Dump| {
                set(d, "projects", 1, "contract_date", json!("2026-06-01"));
                set(d, "projects", 1, "kickoff_date", json!("2024-05-31"));
                "projects.rows[1].kickoff_date".into()
            }),
        ),
        (
            "a first-goal date that does not follow the kickoff",
            Box::new(|d: &mut Dump| {
                let m = find(d, "milestones", |v| {
                    v("horizon").is_string() && v("due_date_manual") == json!(0)
                });
                set(d, "milestones", m, "due_date", json!("2199-01-01"));
                format!("milestones.rows[{m}].due_date")
            }),
        ),
        (
            "a date set by hand without its reason",
            Box::new(|d: &mut Dump| {
                set(d, "milestones", 2, "due_date_manual", json!(1));
                set(d, "milestones", 2, "due_date_reason", json!("  "));
                "milestones.rows[2].due_date_reason".into()
            }),
        ),
        (
            "an achieved milestone without its criterion",
            Box::new(|d: &mut Dump| {
                let m = find(d, "milestones", |v| v("status") == json!("achieved"));
                set(d, "milestones", m, "criterion", json!(""));
                format!("milestones.rows[{m}].criterion")
            }),
        ),
        (
            "a stage left before it was entered",
            Box::new(|d: &mut Dump| {
                let s = find(d, "project_stages", |v| v("exited_on").is_string());
                set(d, "project_stages", s, "exited_on", json!("1971-01-01"));
                format!("project_stages.rows[{s}].exited_on")
            }),
        ),
        (
            "a stage entered while the one before it is current",
            Box::new(|d: &mut Dump| {
                // A current stage with one after it (the demo's projects are at every stage).
                let rows = &d.tables["project_stages"].rows;
                let at = |name: &str| column(d, "project_stages", name);
                let (project, position) = (at("project_id"), at("position"));
                let (entered, exited) = (at("entered_on"), at("exited_on"));
                let next = rows
                    .iter()
                    .position(|r| {
                        rows.iter().any(|c| {
                            c[project] == r[project]
                                && c[position].as_i64().map(|p| p + 1) == r[position].as_i64()
                                && c[entered].is_string()
                                && c[exited].is_null()
                        })
                    })
                    .expect("a current stage with one after it");
                set(d, "project_stages", next, "entered_on", json!("2199-01-01"));
                format!("project_stages.rows[{next}].entered_on")
            }),
        ),
        (
            "a second open on-hold period",
            Box::new(|d: &mut Dump| {
                let holds = d.tables.get_mut("project_holds").expect("holds");
                let at = |name: &str| holds.columns.iter().position(|c| c == name).expect(name);
                let (id, project, end) = (at("id"), at("project_id"), at("end_date"));
                let mut copy = holds.rows[0].clone();
                let open_already = holds
                    .rows
                    .iter()
                    .any(|r| r[project] == copy[project] && r[end].is_null());
                copy[end] = Value::Null;
                for new_id in [100_000, 100_001] {
                    copy[id] = json!(new_id);
                    holds.rows.push(copy.clone());
                }
                let second = holds.rows.len() - if open_already { 2 } else { 1 };
                format!("project_holds.rows[{second}].end_date")
            }),
        ),
        (
            "a person of another project at a touchpoint",
            Box::new(|d: &mut Dump| {
                let p = 0;
                let touchpoint = get(d, "touchpoint_participants", p, "touchpoint_id");
                let t = find(d, "touchpoints", |v| v("id") == touchpoint);
                let project = get(d, "touchpoints", t, "project_id");
                let other = find(d, "stakeholders", |v| v("project_id") != project);
                let person = get(d, "stakeholders", other, "id");
                set(d, "touchpoint_participants", p, "stakeholder_id", person);
                format!("touchpoint_participants.rows[{p}].stakeholder_id")
            }),
        ),
    ]
}

#[tokio::test]
async fn rules_across_rows_are_refused_with_the_row_before_anything_is_written() {
    let dump = demo_export().await;
    assert!(
        !dump.tables["project_holds"].rows.is_empty()
            && !dump.tables["touchpoint_participants"].rows.is_empty(),
        "the demo file has holds and touchpoints"
    );
    // The export as it is is accepted: the rules hold for what the forms wrote.
    let text = serde_json::to_string(&dump).expect("json");
    let (_dir, db) = file_with_data().await;
    firstgoal_core::transfer::import_json(&db, &text)
        .await
        .expect("the unedited export is accepted");
    for (what, edit) in edits() {
        let mut edited = dump.clone();
        let expected = format!("tables.{}", edit(&mut edited));
        let text = serde_json::to_string(&edited).expect("json");
        for (_dir, db) in [fresh_db().await, file_with_data().await] {
            let (place, reason) = refusal(&db, &text).await;
            assert_eq!(place, expected, "{what}: {reason}");
        }
    }
}

#[tokio::test]
async fn a_kickoff_within_twelve_months_before_the_contract_is_accepted() {
    let mut dump = demo_export().await;
    let row = project_row(&dump, &get(&dump, "projects", 1, "id"));
    let kickoff = get(&dump, "projects", row, "kickoff_date");
    let year: i32 = kickoff.as_str().expect("date")[..4].parse().expect("year");
    let contract = format!("{}{}", year + 1, &kickoff.as_str().expect("date")[4..]);
    set(&mut dump, "projects", row, "contract_date", json!(contract));
    let (_dir, db) = fresh_db().await;
    firstgoal_core::transfer::import_json(&db, &serde_json::to_string(&dump).expect("json"))
        .await
        .expect("twelve months before is the limit, and allowed");
}

#[tokio::test]
async fn dates_before_a_kickoff_moved_later_are_accepted() {
    // The project form may move the kickoff after a goal was achieved or a status recorded (and
    // two people of a team may each make one of these edits): the file's export must import.
    let mut dump = demo_export().await;
    let m = find(&dump, "milestones", |v| v("status") == json!("achieved"));
    set(
        &mut dump,
        "milestones",
        m,
        "achieved_on",
        json!("1971-01-01"),
    );
    set(
        &mut dump,
        "stakeholders",
        3,
        "status",
        json!("left_company"),
    );
    set(
        &mut dump,
        "stakeholders",
        3,
        "status_date",
        json!("1971-01-01"),
    );
    let (_dir, db) = fresh_db().await;
    firstgoal_core::transfer::import_json(&db, &serde_json::to_string(&dump).expect("json"))
        .await
        .expect("accepted");
}

#[tokio::test]
async fn a_file_with_a_custom_milestone_imports_from_its_export() {
    // A custom milestone's date is set by hand with no reason (the form asks for none): the
    // file's own export must import.
    let (_a, a) = fresh_db().await;
    let created =
        firstgoal_core::projects::create(&a, &crate::input("Acme", "2026-03-01", "2026-03-10"))
            .await
            .expect("created");
    let p = &created.project;
    firstgoal_core::milestones::add_custom(&a, p.id, p.version, "Go-live", "2026-12-24")
        .await
        .expect("added");
    let dump = firstgoal_core::transfer::export(&a).await.expect("export");
    let (_b, b) = fresh_db().await;
    firstgoal_core::transfer::import(&b, &dump)
        .await
        .expect("the export imports");
    let titles: Vec<String> =
        sqlx::query_scalar("SELECT title FROM milestones WHERE horizon IS NULL")
            .fetch_all(b.pool())
            .await
            .expect("read");
    assert_eq!(titles, ["Go-live"]);
}
