//! Control characters arrive the same way through every door: the forms and commands, the
//! playbook file import, the journey file import, the stakeholder CSV import and the full JSON
//! import each store a text as `validation::clean_controls` normalises it (a vertical tab and a
//! lone carriage return become a line break in free text and a space in a one-line field, CR LF
//! becomes LF, other C0 controls and U+FFFE/U+FFFF are removed), then trimmed.

use firstgoal_core::journey;
use firstgoal_core::playbooks::{self, PlaybookRef};
use firstgoal_core::settings::Language;
use firstgoal_core::stakeholders::csv_import::{self, ImportMode};
use firstgoal_core::validation::{Lines, clean_controls};
use firstgoal_core::{Db, projects, transfer};
use serde_json::Value;

use crate::journey::project_journey;
use crate::stakeholders::{add, pid, project, version};
use crate::{fresh_db, input};

/// What FileMaker, old Macs, terminals and hand-edited files put in a text.
const RAW: &str = " Kick\u{0}off\u{B}plan\u{1B}[1m\r\nnext\rlast\u{7}\u{FFFE}\u{FFFF}\u{C} ";

fn one_line() -> String {
    clean_controls(RAW, Lines::One).trim().to_owned()
}

fn several() -> String {
    clean_controls(RAW, Lines::Several).trim().to_owned()
}

#[test]
fn the_normal_form_is_what_the_readme_says() {
    assert_eq!(one_line(), "Kickoff plan[1m\nnext last");
    assert_eq!(several(), "Kickoff\nplan[1m\nnext\nlast");
}

#[tokio::test]
async fn forms_and_commands_store_the_normal_form() {
    let (_dir, db) = fresh_db().await;
    let detail = projects::create(&db, &input(RAW, "2026-04-01", "2026-04-15"))
        .await
        .expect("create");
    assert_eq!(detail.project.customer_name, one_line());
    let board = project(&db).await;
    let board = add(&db, &board, RAW, |p| p.stated_role = RAW.to_owned()).await;
    let person = board.stakeholders.last().expect("added");
    assert_eq!(person.name, one_line());
    assert_eq!(person.stated_role, several());

    let (_, view) = project_journey(&db).await;
    let mut doc = view.journey.doc.clone();
    doc.lanes[0].name = RAW.to_owned();
    doc.steps
        .push(crate::journey::step(RAW, &doc.lanes[0].id.clone(), RAW));
    doc.steps[0].description = RAW.to_owned();
    let saved = crate::journey::save(&db, &view, &doc).await;
    let doc = &saved.journey.doc;
    assert_eq!(doc.lanes[0].name, one_line());
    assert_eq!(doc.steps[0].description, several());
    let step = doc.steps.last().expect("step");
    assert_eq!(
        (step.id.as_str(), step.title.as_str()),
        (one_line().as_str(), one_line().as_str())
    );
}

#[tokio::test]
async fn the_playbook_and_journey_file_imports_store_the_normal_form() {
    let (_dir, db) = fresh_db().await;
    let builtin = PlaybookRef::Builtin {
        key: "low_touch".into(),
    };
    let mut body = playbooks::resolve(&db, &builtin, Language::En)
        .await
        .expect("built-in");
    body.name = RAW.to_owned();
    body.stages[0].definition = RAW.to_owned();
    let imported = playbooks::import(&db, &playbooks::export_json(&body))
        .await
        .expect("import");
    assert_eq!(imported.body.name, one_line());
    assert_eq!(imported.body.stages[0].definition, several());

    let (project, view) = project_journey(&db).await;
    let mut doc = view.journey.doc.clone();
    doc.lanes[1].name = RAW.to_owned();
    doc.steps
        .push(crate::journey::step("x", &doc.lanes[1].id.clone(), RAW));
    let text = journey::to_json(RAW, &doc);
    let imported = journey::import_json(&db, Some(project), &text)
        .await
        .expect("import");
    assert_eq!(imported.journey.name, one_line());
    assert_eq!(imported.journey.doc.lanes[1].name, one_line());
    let step = imported.journey.doc.steps.last().expect("step");
    assert_eq!(step.title, one_line());
}

#[tokio::test]
async fn the_csv_import_stores_the_normal_form() {
    let (_dir, db) = fresh_db().await;
    let board = project(&db).await;
    let quoted = RAW.replace('"', "\"\"");
    let csv = format!("氏名,役割\n\"{quoted}\",\"{quoted}\"\n");
    let preview = csv_import::preview_bytes(&db, pid(&board), csv.as_bytes(), None)
        .await
        .expect("preview");
    let report = csv_import::import_bytes(
        &db,
        pid(&board),
        version(&board),
        csv.as_bytes(),
        &preview.mapping,
        ImportMode::AllOrNothing,
    )
    .await
    .expect("import");
    assert_eq!(report.imported, 1, "{report:?}");
    let person = report.board.stakeholders.last().expect("imported");
    assert_eq!(person.name, one_line());
    assert_eq!(person.stated_role, several());
}

/// Sets `column` of the first row of `table` in an export document.
fn set(doc: &mut Value, table: &str, column: &str, value: Value) {
    let table = &mut doc["tables"][table];
    let at = table["columns"]
        .as_array()
        .and_then(|c| c.iter().position(|c| c == column))
        .unwrap_or_else(|| panic!("no column {column}"));
    table["rows"][0][at] = value;
}

async fn filled() -> (tempfile::TempDir, Db, Value) {
    let (dir, db) = fresh_db().await;
    let board = project(&db).await;
    add(&db, &board, "Sato", |_| {}).await;
    project_journey(&db).await;
    playbooks::duplicate(
        &db,
        &PlaybookRef::Builtin {
            key: "low_touch".into(),
        },
        Language::En,
    )
    .await
    .expect("stored playbook");
    let dump = serde_json::to_value(transfer::export(&db).await.expect("export")).expect("json");
    (dir, db, dump)
}

#[tokio::test]
async fn the_full_import_stores_the_normal_form() {
    let (dir, _db, mut dump) = filled().await;
    set(&mut dump, "projects", "customer_name", RAW.into());
    set(&mut dump, "stakeholders", "stated_role", RAW.into());
    set(
        &mut dump,
        "stakeholders",
        "email",
        "\u{0}a@b.co\u{1B}".into(),
    );
    let column = |dump: &Value, table: &str, name: &str| {
        dump["tables"][table]["columns"]
            .as_array()
            .and_then(|c| c.iter().position(|c| c == name))
            .expect("column")
    };
    let at = column(&dump, "journeys", "content");
    let mut content: Value = serde_json::from_str(
        dump["tables"]["journeys"]["rows"][0][at]
            .as_str()
            .expect("text"),
    )
    .expect("document");
    content["lanes"][0]["name"] = RAW.into();
    set(&mut dump, "journeys", "content", content.to_string().into());
    let at = column(&dump, "playbooks", "body");
    let mut body: Value = serde_json::from_str(
        dump["tables"]["playbooks"]["rows"][0][at]
            .as_str()
            .expect("text"),
    )
    .expect("body");
    body["stages"][0]["definition"] = RAW.into();
    set(&mut dump, "playbooks", "body", body.to_string().into());

    let target = Db::open(&dir.path().join("target.sqlite"))
        .await
        .expect("open");
    transfer::import_json(&target, &dump.to_string())
        .await
        .expect("accepted");
    let listed = projects::list(&target, true).await.expect("list");
    // The full import keeps texts as given, spaces around them included (an export holds what
    // the forms stored, trimmed already); only the controls are normalised.
    let (one, several) = (
        clean_controls(RAW, Lines::One).into_owned(),
        clean_controls(RAW, Lines::Several).into_owned(),
    );
    let first = listed
        .iter()
        .find(|p| p.customer_name == one)
        .expect("the project");
    let board = firstgoal_core::stakeholders::board(&target, first.id)
        .await
        .expect("board");
    let person = &board.stakeholders[0];
    assert_eq!(person.stated_role, several);
    assert_eq!(person.email, "a@b.co");
    let mut lanes = Vec::new();
    for project in &listed {
        for summary in journey::list(&target, Some(project.id))
            .await
            .expect("journeys")
        {
            let view = journey::get(&target, summary.id).await.expect("journey");
            lanes.push(view.journey.doc.lanes[0].name.clone());
        }
    }
    assert!(lanes.contains(&one), "{lanes:?}");
    let stored = playbooks::list(&target, Language::En)
        .await
        .expect("playbooks");
    let reference = stored
        .iter()
        .find(|p| p.version.is_some())
        .expect("stored one")
        .reference
        .clone();
    let playbook = playbooks::get(&target, &reference, Language::En)
        .await
        .expect("playbook");
    // A playbook body with controls is stored as the playbook form keeps it (trimmed too).
    assert_eq!(playbook.body.stages[0].definition, self::several());
    // Nothing of the controls is left anywhere in the file.
    let text = transfer::export_json(&target).await.expect("export");
    for escape in [
        "\\u0000", "\\u000b", "\\u001b", "\\u0007", "\\ufffe", "\\f", "\\r",
    ] {
        assert!(
            !text.to_lowercase().contains(escape),
            "{escape} left in the file"
        );
    }
}
