//! Journeys in the database: default lanes per language, whole-document saves with validation
//! (bad input refused by field, nothing saved touched), optimistic versions, templates, JSON
//! import, and the review reminder.

use chrono::{Duration, TimeZone, Utc};
use firstgoal_core::journey::{
    self, Connection, JourneyDoc, JourneyView, NewJourney, Point, Step, StepKind, StepStatus,
};
use firstgoal_core::settings::Language;
use firstgoal_core::{CoreError, Db, ErrorCode, FieldCode, FieldError, projects};

use crate::{count, field_errors, fresh_db, input};

/// A step in `lane` with `title`, auto-placed.
pub fn step(id: &str, lane: &str, title: &str) -> Step {
    Step {
        id: id.to_owned(),
        lane: lane.to_owned(),
        title: title.to_owned(),
        description: String::new(),
        kind: StepKind::Action,
        status: None,
        milestone_id: None,
        position: None,
    }
}

pub fn conn(id: &str, from: &str, to: &str, label: &str) -> Connection {
    Connection {
        id: id.to_owned(),
        from: from.to_owned(),
        to: to.to_owned(),
        label: label.to_owned(),
    }
}

/// A project and an empty journey (default English lanes) in it.
pub async fn project_journey(db: &Db) -> (i64, JourneyView) {
    let project = projects::create(db, &input("Journey KK", "2026-04-01", "2026-04-15"))
        .await
        .expect("create project");
    let view = journey::create(
        db,
        &NewJourney {
            project_id: Some(project.project.id),
            name: "Onboarding".to_owned(),
            template_id: None,
            language: Language::En,
        },
    )
    .await
    .expect("create journey");
    (project.project.id, view)
}

/// Saves `doc` on the journey's current version.
pub async fn save(db: &Db, view: &JourneyView, doc: &JourneyDoc) -> JourneyView {
    journey::save(
        db,
        view.journey.id,
        view.journey.version,
        &view.journey.name,
        doc,
    )
    .await
    .expect("save journey")
}

/// Sales hands over to CS, CS onboards the customer.
pub fn handoff_doc(base: &JourneyDoc) -> JourneyDoc {
    let mut doc = base.clone();
    doc.steps = vec![
        step("deal", "sales", "Close the deal"),
        step("kickoff", "cs", "Kickoff <meeting> & \"goals\""),
        step("login", "customer", "First login 🎉 初回ログイン"),
    ];
    doc.connections = vec![
        conn("c1", "deal", "kickoff", "handoff: deal notes"),
        conn("c2", "kickoff", "login", ""),
    ];
    doc
}

#[tokio::test]
async fn a_new_journey_has_the_default_lanes_in_the_users_language() {
    let (_dir, db) = fresh_db().await;
    let (project_id, en) = project_journey(&db).await;
    let names: Vec<&str> = en
        .journey
        .doc
        .lanes
        .iter()
        .map(|l| l.name.as_str())
        .collect();
    assert_eq!(names, ["Customer", "Sales", "CS", "Product", "Management"]);
    let ja = journey::create(
        &db,
        &NewJourney {
            project_id: Some(project_id),
            name: "ジャーニー".to_owned(),
            template_id: None,
            language: Language::Ja,
        },
    )
    .await
    .expect("create");
    assert_eq!(ja.journey.doc.lanes[0].name, "顧客");
    assert_eq!(ja.layout.lanes.len(), 5);
    let listed = journey::list(&db, Some(project_id)).await.expect("list");
    assert_eq!(listed.len(), 2);
    assert!(listed.iter().all(|j| !j.needs_review));
    assert!(
        journey::list(&db, None)
            .await
            .expect("templates")
            .is_empty()
    );
}

#[tokio::test]
async fn saves_the_whole_diagram_and_refuses_a_stale_version() {
    let (_dir, db) = fresh_db().await;
    let (_, view) = project_journey(&db).await;
    let doc = handoff_doc(&view.journey.doc);
    let saved = save(&db, &view, &doc).await;
    assert_eq!(saved.journey.version, view.journey.version + 1);
    assert_eq!(saved.journey.doc, doc);
    assert_eq!(saved.layout.steps.len(), 3);

    let mut stale = doc.clone();
    stale.steps[0].title = "Older edit".to_owned();
    let err = journey::save(
        &db,
        view.journey.id,
        view.journey.version,
        "Onboarding",
        &stale,
    )
    .await
    .expect_err("stale save");
    assert_eq!(err.code(), ErrorCode::Conflict, "{err}");
    let stored = journey::get(&db, view.journey.id).await.expect("get");
    assert_eq!(stored.journey.doc, doc, "the newer diagram was kept");
}

#[tokio::test]
async fn bad_input_is_refused_by_field_and_nothing_saved_is_touched() {
    let (_dir, db) = fresh_db().await;
    let (_, view) = project_journey(&db).await;
    let good = save(&db, &view, &handoff_doc(&view.journey.doc)).await;
    let mut bad = good.journey.doc.clone();
    bad.steps[0].title = "x".repeat(2000);
    bad.steps[1].lane = "legal".to_owned();
    bad.steps[2].id = "deal".to_owned();
    bad.steps[2].milestone_id = Some(999);
    bad.steps[2].position = Some(Point {
        x: f64::NAN,
        y: 0.0,
    });
    bad.lanes[0].color = "red".to_owned();
    bad.connections.push(conn("c3", "deal", "nowhere", ""));
    bad.connections.push(conn("c4", "kickoff", "kickoff", ""));
    let errors = field_errors(
        journey::save(
            &db,
            good.journey.id,
            good.journey.version,
            "Onboarding",
            &bad,
        )
        .await,
    );
    let expect = [
        FieldError::new("lanes[0].color", FieldCode::InvalidColor),
        FieldError::new("steps[0].title", FieldCode::TooLong).with_max(500),
        FieldError::new("steps[1].lane", FieldCode::UnknownLane),
        FieldError::new("steps[2].id", FieldCode::DuplicateId),
        FieldError::new("steps[2].milestone_id", FieldCode::UnknownMilestone),
        FieldError::new("steps[2].position", FieldCode::OutOfRange),
        FieldError::new("connections[2].to", FieldCode::UnknownStep),
        FieldError::new("connections[3].to", FieldCode::SelfConnection),
    ];
    for e in &expect {
        assert!(errors.contains(e), "missing {e:?} in {errors:?}");
    }
    let stored = journey::get(&db, good.journey.id).await.expect("get");
    assert_eq!(stored.journey.version, good.journey.version);
    assert_eq!(stored.journey.doc, good.journey.doc);
}

#[tokio::test]
async fn steps_link_to_the_projects_own_milestones_only() {
    let (_dir, db) = fresh_db().await;
    let (project_id, view) = project_journey(&db).await;
    let other = projects::create(&db, &input("Other", "2026-04-01", "2026-04-15"))
        .await
        .expect("other project");
    let own = projects::get(&db, project_id)
        .await
        .expect("project")
        .milestones[0]
        .id;
    let mut doc = handoff_doc(&view.journey.doc);
    doc.steps[2].milestone_id = Some(own);
    doc.steps[2].status = Some(StepStatus::Current);
    let saved = save(&db, &view, &doc).await;
    assert_eq!(saved.journey.doc.steps[2].milestone_id, Some(own));
    doc.steps[2].milestone_id = Some(other.milestones[0].id);
    let errors = field_errors(
        journey::save(
            &db,
            saved.journey.id,
            saved.journey.version,
            "Onboarding",
            &doc,
        )
        .await,
    );
    assert_eq!(
        errors,
        [FieldError::new(
            "steps[2].milestone_id",
            FieldCode::UnknownMilestone
        )]
    );
}

#[tokio::test]
async fn a_project_starts_from_a_template() {
    let (_dir, db) = fresh_db().await;
    let template = journey::create(
        &db,
        &NewJourney {
            project_id: None,
            name: "Standard onboarding".to_owned(),
            template_id: None,
            language: Language::En,
        },
    )
    .await
    .expect("template");
    let template = save(&db, &template, &handoff_doc(&template.journey.doc)).await;
    assert_eq!(journey::list(&db, None).await.expect("templates").len(), 1);
    let (project_id, _) = project_journey(&db).await;
    let copy = journey::create(
        &db,
        &NewJourney {
            project_id: Some(project_id),
            name: "From template".to_owned(),
            template_id: Some(template.journey.id),
            language: Language::Ja,
        },
    )
    .await
    .expect("from template");
    assert_eq!(copy.journey.doc, template.journey.doc);
    assert_eq!(copy.journey.project_id, Some(project_id));
    let missing = journey::create(
        &db,
        &NewJourney {
            project_id: Some(project_id + 100),
            name: "x".to_owned(),
            template_id: None,
            language: Language::En,
        },
    )
    .await
    .expect_err("missing project");
    assert_eq!(missing.code(), ErrorCode::NotFound);
}

#[tokio::test]
async fn importing_json_names_the_place_of_a_problem_and_writes_nothing() {
    let (_dir, db) = fresh_db().await;
    let (project_id, view) = project_journey(&db).await;
    let saved = save(&db, &view, &handoff_doc(&view.journey.doc)).await;
    let text = journey::to_json(&saved.journey.name, &saved.journey.doc);
    let imported = journey::import_json(&db, Some(project_id), &text)
        .await
        .expect("import");
    assert_eq!(imported.journey.doc, saved.journey.doc);
    let before = count(&db, "journeys").await;

    let wrong_kind = text.replacen("\"action\"", "\"party\"", 1);
    match journey::import_json(&db, Some(project_id), &wrong_kind).await {
        Err(CoreError::InvalidFile { place, detail }) => {
            assert!(place.contains("steps[0].kind"), "{place}");
            assert!(place.starts_with("line "), "{place}");
            assert!(detail.contains("party"), "{detail}");
        }
        other => panic!("expected an invalid file, got {other:?}"),
    }
    let truncated = &text[..text.len() / 2];
    let err = journey::import_json(&db, Some(project_id), truncated)
        .await
        .expect_err("truncated");
    assert_eq!(err.code(), ErrorCode::InvalidFile);
    assert!(err.to_string().contains("line "), "{err}");
    let err = journey::import_json(&db, Some(project_id), "{\"format\":\"other\",\"version\":1,\"name\":\"x\",\"lanes\":[],\"steps\":[],\"connections\":[]}")
        .await
        .expect_err("other format");
    assert!(err.to_string().contains("at format"), "{err}");
    let dangling = text.replacen("\"to\": \"login\"", "\"to\": \"gone\"", 1);
    let errors = field_errors(journey::import_json(&db, Some(project_id), &dangling).await);
    assert_eq!(
        errors,
        [FieldError::new("connections[1].to", FieldCode::UnknownStep)]
    );
    assert_eq!(count(&db, "journeys").await, before, "nothing was written");
}

#[test]
fn the_review_reminder_comes_after_seven_days_without_a_revision() {
    let created = Utc
        .with_ymd_and_hms(2026, 3, 1, 9, 0, 0)
        .single()
        .expect("date");
    let now = created + Duration::days(10);
    assert!(journey::needs_review(None, created, now));
    assert!(!journey::needs_review(
        None,
        created,
        created + Duration::days(7)
    ));
    assert!(!journey::needs_review(
        Some(now - Duration::days(3)),
        created,
        now
    ));
    assert!(journey::needs_review(
        Some(now - Duration::days(8)),
        created,
        now
    ));
}

#[tokio::test]
async fn importing_json_cleans_control_characters_per_field() {
    let (_dir, db) = fresh_db().await;
    let (project_id, view) = project_journey(&db).await;
    let mut doc = handoff_doc(&view.journey.doc);
    doc.lanes[0].name = "Sales\u{B}Ops\u{0}".to_owned();
    doc.steps[0].title = "Kick\u{1B}[0moff\u{B}meeting\u{FFFF}".to_owned();
    doc.steps[0].description = "line one\u{B}line two\r\nline three\u{7}".to_owned();
    doc.connections[0].label = "hand\u{FFFE}off\u{B}now".to_owned();
    let text = journey::to_json("Journey\u{B}name\u{0}", &doc);
    let imported = journey::import_json(&db, Some(project_id), &text)
        .await
        .expect("import");
    let got = &imported.journey;
    assert_eq!(got.name, "Journey name");
    assert_eq!(got.doc.lanes[0].name, "Sales Ops");
    assert_eq!(got.doc.steps[0].title, "Kick[0moff meeting");
    assert_eq!(
        got.doc.steps[0].description,
        "line one\nline two\nline three"
    );
    assert_eq!(got.doc.connections[0].label, "handoff now");
}
