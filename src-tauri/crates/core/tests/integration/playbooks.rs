//! Playbooks: built-ins in both languages, JSON export/import round trip, refusals of malformed
//! and future files, validation, and creating a project from a playbook.

use firstgoal_core::milestones::Horizon;
use firstgoal_core::playbooks::{self, FORMAT_VERSION, PlaybookRef};
use firstgoal_core::settings::Language;
use firstgoal_core::{CoreError, ErrorCode, FieldCode, stages};

use crate::{count, d, fe, field_errors, fresh_db, input};

fn enterprise() -> PlaybookRef {
    PlaybookRef::Builtin {
        key: "enterprise_high_touch".to_owned(),
    }
}

#[test]
fn built_in_playbooks_exist_in_both_languages_and_are_valid() {
    for key in playbooks::BUILTIN_KEYS {
        let en = playbooks::builtin(key, Language::En).expect("en");
        let ja = playbooks::builtin(key, Language::Ja).expect("ja");
        assert_eq!(en.validate().expect("valid en"), en);
        assert_eq!(ja.validate().expect("valid ja"), ja);
        assert_eq!(en.stages.len(), ja.stages.len());
        assert_ne!(en.name, ja.name);
        assert!(en.stages.len() >= 4);
        assert_eq!(en.milestones.len(), 3);
    }
    let ja = playbooks::builtin("enterprise_high_touch", Language::Ja).expect("ja");
    assert_eq!(ja.stages[0].name, "契約");
    assert!(playbooks::builtin("nope", Language::En).is_none());
}

#[tokio::test]
async fn export_then_import_gives_the_same_playbook() {
    let (dir, db) = fresh_db().await;
    let path = dir.path().join("playbook.json");
    playbooks::export_to(&db, &enterprise(), Language::Ja, &path)
        .await
        .expect("export");
    let text = std::fs::read_to_string(&path).expect("read");
    let json: serde_json::Value = serde_json::from_str(&text).expect("json");
    assert_eq!(json["format"], "firstgoal.playbook");
    assert_eq!(json["format_version"], FORMAT_VERSION);
    let imported = playbooks::import(&db, &text).await.expect("import");
    assert_eq!(
        imported.body,
        playbooks::builtin("enterprise_high_touch", Language::Ja).expect("builtin")
    );
    // It is stored: listed after the two built-ins, and exports to the same text.
    let list = playbooks::list(&db, Language::En).await.expect("list");
    assert_eq!(list.len(), 3);
    assert_eq!(list[2].reference, imported.summary.reference);
    let again = dir.path().join("again.json");
    playbooks::export_to(&db, &imported.summary.reference, Language::En, &again)
        .await
        .expect("export again");
    assert_eq!(std::fs::read_to_string(again).expect("read"), text);
    db.close().await;
}

#[tokio::test]
async fn malformed_future_and_invalid_files_are_refused_and_nothing_is_stored() {
    let (_dir, db) = fresh_db().await;
    let good =
        playbooks::export_json(&playbooks::builtin("low_touch", Language::En).expect("builtin"));

    // Malformed JSON: the error names the line and column.
    let broken = good.replacen("\"stages\": [", "\"stages\": [,", 1);
    let err = playbooks::import(&db, &broken)
        .await
        .expect_err("malformed");
    assert_eq!(err.code(), ErrorCode::InvalidFile);
    assert!(err.to_string().contains("line "), "{err}");
    assert!(err.to_string().contains("column "), "{err}");

    // A future format version is refused before its body is read.
    let future = good.replacen(
        &format!("\"format_version\": {FORMAT_VERSION}"),
        "\"format_version\": 99",
        1,
    );
    let err = playbooks::import(&db, &future).await.expect_err("future");
    assert!(matches!(err, CoreError::InvalidFile { .. }));
    assert!(
        err.to_string().contains("format version 99 is newer"),
        "{err}"
    );

    // Not a playbook at all, or a missing field (named with its place).
    let err = playbooks::import(&db, "{\"hello\": 1}")
        .await
        .expect_err("other json");
    assert!(
        err.to_string().contains("not a FirstGoal playbook"),
        "{err}"
    );
    let missing = good.replacen("\"exit_criteria\"", "\"exit_criterion\"", 1);
    let err = playbooks::import(&db, &missing)
        .await
        .expect_err("unknown field");
    assert!(err.to_string().contains("exit_criterion"), "{err}");
    assert!(err.to_string().contains("line "), "{err}");

    // Well-formed but invalid content: duplicate stage names, an empty action title.
    let mut body = playbooks::builtin("low_touch", Language::En).expect("builtin");
    body.stages[1].name = body.stages[0].name.to_uppercase();
    body.stages[2].actions[0].title = "  ".to_owned();
    let errors = field_errors(playbooks::import(&db, &playbooks::export_json(&body)).await);
    assert_eq!(
        errors,
        vec![
            fe("stages.1.name", FieldCode::Duplicate),
            fe("stages.2.actions.0.title", FieldCode::Required)
        ]
    );
    assert_eq!(count(&db, "playbooks").await, 0, "nothing stored");
    db.close().await;
}

#[tokio::test]
async fn duplicate_edit_and_stale_edit_of_a_stored_playbook() {
    let (_dir, db) = fresh_db().await;
    let copy = playbooks::duplicate(&db, &enterprise(), Language::En)
        .await
        .expect("duplicate");
    assert_eq!(copy.body.name, "Enterprise onboarding (high-touch) (copy)");
    let PlaybookRef::Stored { id } = copy.summary.reference else {
        panic!("a copy is stored");
    };
    let mut body = copy.body.clone();
    body.stages.remove(4);
    let saved = playbooks::save(&db, id, 1, &body).await.expect("save");
    assert_eq!(saved.summary.stage_count, 4);
    assert_eq!(saved.summary.version, Some(2));
    let stale = playbooks::save(&db, id, 1, &body).await;
    assert!(matches!(
        stale,
        Err(CoreError::Conflict {
            current_version: 2,
            ..
        })
    ));
    body.stages.clear();
    assert_eq!(
        field_errors(playbooks::save(&db, id, 2, &body).await),
        vec![fe("stages", FieldCode::Empty)]
    );
    db.close().await;
}

#[tokio::test]
async fn a_project_created_from_a_playbook_gets_its_stages_actions_and_goals() {
    let (_dir, db) = fresh_db().await;
    let detail = playbooks::create_project(
        &db,
        &input("Playbook KK", "2026-01-10", "2026-01-31"),
        &enterprise(),
        Language::En,
    )
    .await
    .expect("create");
    let id = detail.project.id;
    assert_eq!(detail.milestones.len(), 3);
    assert_eq!(detail.milestones[0].horizon, Some(Horizon::OneMonth));
    assert_eq!(
        detail.milestones[0].goal,
        "The first team works in the product every day"
    );
    assert!(!detail.milestones[0].criterion.is_empty());

    let plan = stages::plan(&db, id, d("2026-02-05")).await.expect("plan");
    assert_eq!(plan.playbook_name, "Enterprise onboarding (high-touch)");
    assert_eq!(plan.stages.len(), 5);
    let names: Vec<&str> = plan.stages.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "Contract",
            "Setup",
            "First value",
            "Team adoption",
            "Business outcome"
        ]
    );
    // The first stage was entered on the contract date; 26 days in stage on 5 February.
    assert_eq!(plan.current_stage_id, Some(plan.stages[0].id));
    assert_eq!(plan.stages[0].entered_on, Some(d("2026-01-10")));
    assert_eq!(plan.stages[0].days_in_stage, Some(26));
    // Next actions: the open actions of the current stage, by due date (kickoff + days).
    let dues: Vec<_> = plan.next_actions.iter().map(|a| a.due_date).collect();
    assert_eq!(
        dues,
        [
            Some(d("2026-01-31")),
            Some(d("2026-02-07")),
            Some(d("2026-02-07"))
        ]
    );
    assert_eq!(plan.next_actions[0].department, "sales");

    // An unknown built-in creates nothing.
    let err = playbooks::create_project(
        &db,
        &input("Nope KK", "2026-01-10", "2026-01-31"),
        &PlaybookRef::Builtin {
            key: "x".to_owned(),
        },
        Language::En,
    )
    .await
    .expect_err("unknown");
    assert_eq!(err.code(), ErrorCode::NotFound);
    assert_eq!(count(&db, "projects").await, 1);
    db.close().await;
}
