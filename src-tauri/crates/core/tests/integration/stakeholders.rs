//! Stakeholders: validation of the three axes and contact fields, the one-line kickoff entry,
//! touchpoint-derived last touch, heat history, reorder, delete, duplicates and conflicts.

use firstgoal_core::projects;
use firstgoal_core::stakeholders::{
    self, Board, Level, ProjectRole, StakeholderInput, Status, TouchKind, TouchpointInput,
    parse_line,
};
use firstgoal_core::{CoreError, Db, ErrorCode, FieldCode, FieldError};

use crate::{count, d, fe, field_errors, fresh_db, input};

/// A project with kickoff 2026-04-15 and its empty board.
pub async fn project(db: &Db) -> Board {
    let detail = projects::create(db, &input("さくら物流", "2026-04-01", "2026-04-15"))
        .await
        .expect("create project");
    stakeholders::board(db, detail.project.id)
        .await
        .expect("board")
}

pub fn version(board: &Board) -> i64 {
    board.detail.project.version
}

pub fn pid(board: &Board) -> i64 {
    board.detail.project.id
}

/// Adds a stakeholder built from `attendee(name)` changed by `edit`.
pub async fn add(
    db: &Db,
    board: &Board,
    name: &str,
    edit: impl FnOnce(&mut StakeholderInput),
) -> Board {
    let mut person = StakeholderInput::attendee(name);
    edit(&mut person);
    stakeholders::create(db, pid(board), version(board), &person)
        .await
        .expect("add stakeholder")
}

pub fn id_of(board: &Board, name: &str) -> i64 {
    board
        .stakeholders
        .iter()
        .find(|s| s.name == name)
        .map(|s| s.id)
        .expect("stakeholder present")
}

/// The stored input of a stakeholder, for edits.
pub fn input_of(board: &Board, name: &str) -> StakeholderInput {
    let s = board
        .stakeholders
        .iter()
        .find(|s| s.name == name)
        .expect("stakeholder present");
    StakeholderInput {
        name: s.name.clone(),
        reading: s.reading.clone(),
        title: s.title.clone(),
        department: s.department.clone(),
        level: s.level,
        influence: s.influence,
        roles: s.roles.clone(),
        key_person: s.key_person,
        attended_kickoff: s.attended_kickoff,
        stated_role: s.stated_role.clone(),
        email: s.email.clone(),
        phone: s.phone.clone(),
        status: s.status,
        status_date: s.status_date.map(|d| d.to_string()),
        heat: s.heat,
    }
}

fn scale(field: &str) -> FieldError {
    FieldError::new(field, FieldCode::OutOfScale).with_max(5)
}

#[test]
fn levels_are_an_ordered_scale_from_the_top() {
    assert!(Level::Executive < Level::DepartmentHead);
    assert!(Level::DepartmentHead < Level::Manager);
    assert!(Level::Manager < Level::Staff);
    let ranks: Vec<usize> = Level::ALL.iter().map(|l| l.rank()).collect();
    assert_eq!(ranks, [0, 1, 2, 3]);
    for l in Level::ALL {
        assert_eq!(Level::parse(l.as_str()), Some(l));
    }
    // A level outside the scale cannot even be decoded from the UI's JSON.
    assert!(serde_json::from_str::<Level>("\"intern\"").is_err());
    assert_eq!(
        serde_json::from_str::<Level>("\"department_head\"").ok(),
        Some(Level::DepartmentHead)
    );
}

#[test]
fn the_one_line_entry_splits_name_department_and_title() {
    let line = parse_line(" 山田 太郎、情報システム部、部長 ");
    assert_eq!(
        (
            line.name.as_str(),
            line.department.as_str(),
            line.title.as_str()
        ),
        ("山田 太郎", "情報システム部", "部長")
    );
    let line = parse_line("Jane Roe, Sales, Manager, Sales Ops");
    assert_eq!(line.title, "Manager, Sales Ops");
    let line = parse_line("鈴木，経理");
    assert_eq!(
        (
            line.name.as_str(),
            line.department.as_str(),
            line.title.as_str()
        ),
        ("鈴木", "経理", "")
    );
    assert_eq!(parse_line("").name, "");
}

#[tokio::test]
async fn bad_input_is_refused_per_field_and_nothing_saved_is_touched() {
    let (_dir, db) = fresh_db().await;
    let board = project(&db).await;
    let board = add(&db, &board, "佐藤", |p| {
        p.email = "sato@example.co.jp".into()
    })
    .await;
    let id = id_of(&board, "佐藤");

    let mut bad = input_of(&board, "佐藤");
    bad.name = "x".repeat(10_000);
    bad.influence = 6;
    bad.heat = Some(0);
    bad.email = "not an email".into();
    bad.status = Status::LeftCompany;
    bad.status_date = Some("2019-04-01".into());
    let errors = field_errors(stakeholders::update(&db, id, version(&board), &bad).await);
    assert_eq!(
        errors,
        vec![
            FieldError::new("name", FieldCode::TooLong).with_max(200),
            fe("email", FieldCode::InvalidEmail),
            scale("influence"),
            scale("heat"),
            fe("status_date", FieldCode::StatusDateTooEarly),
        ]
    );
    let mut bad = input_of(&board, "佐藤");
    bad.influence = 0;
    bad.status = Status::ChangedRole;
    bad.status_date = None;
    let errors = field_errors(stakeholders::update(&db, id, version(&board), &bad).await);
    assert_eq!(
        errors,
        vec![scale("influence"), fe("status_date", FieldCode::Required)]
    );
    for email in [
        "a@b",
        "@example.com",
        "a@@example.com",
        "a b@example.com",
        "a@example.",
        "<a@b.c>",
    ] {
        let mut bad = input_of(&board, "佐藤");
        bad.email = email.into();
        let errors = field_errors(stakeholders::update(&db, id, version(&board), &bad).await);
        assert_eq!(
            errors,
            vec![fe("email", FieldCode::InvalidEmail)],
            "{email}"
        );
    }
    let mut blank = input_of(&board, "佐藤");
    blank.name = "   ".into();
    assert_eq!(
        field_errors(stakeholders::update(&db, id, version(&board), &blank).await),
        vec![fe("name", FieldCode::Required)]
    );

    // Nothing changed: same data, same version.
    let after = stakeholders::board(&db, pid(&board)).await.expect("board");
    assert_eq!(after.stakeholders, board.stakeholders);
    assert_eq!(version(&after), version(&board));

    // A departure a few months before the kickoff is fine (people leave before kickoffs too).
    let mut left = input_of(&board, "佐藤");
    left.status = Status::LeftCompany;
    left.status_date = Some("2026-01-10".into());
    let after = stakeholders::update(&db, id, version(&board), &left)
        .await
        .expect("update");
    assert_eq!(after.stakeholders[0].status_date, Some(d("2026-01-10")));
}

#[tokio::test]
async fn markup_in_names_is_stored_as_plain_text_and_duplicates_are_flagged() {
    let (_dir, db) = fresh_db().await;
    let board = project(&db).await;
    let evil = "<img src=x onerror=alert(1)>";
    let board = add(&db, &board, evil, |_| {}).await;
    let board = add(&db, &board, "田中 一郎", |_| {}).await;
    assert!(board.stakeholders.iter().all(|s| !s.duplicate_name));
    let board = add(&db, &board, "田中　一郎", |_| {}).await;
    assert_eq!(board.stakeholders[0].name, evil);
    let flags: Vec<bool> = board
        .stakeholders
        .iter()
        .map(|s| s.duplicate_name)
        .collect();
    assert_eq!(flags, [false, true, true]);
}

#[tokio::test]
async fn quick_add_creates_an_attendee_and_stale_versions_conflict() {
    let (_dir, db) = fresh_db().await;
    let board = project(&db).await;
    let stale = version(&board);
    let board = stakeholders::quick_add(&db, pid(&board), stale, "高橋 美咲、営業企画部、課長")
        .await
        .expect("quick add");
    let s = &board.stakeholders[0];
    assert_eq!(
        (s.name.as_str(), s.department.as_str(), s.title.as_str()),
        ("高橋 美咲", "営業企画部", "課長")
    );
    assert!(s.attended_kickoff);
    assert_eq!((s.level, s.influence), (Level::Staff, 3));
    assert_eq!(board.departments, ["営業企画部"]);

    let err = stakeholders::quick_add(&db, pid(&board), stale, "二重入力")
        .await
        .expect_err("stale");
    assert_eq!(err.code(), ErrorCode::Conflict);
    let err = stakeholders::quick_add(&db, pid(&board), version(&board), " 、経理")
        .await
        .expect_err("no name");
    assert_eq!(
        field_errors::<()>(Err(err)),
        vec![fe("name", FieldCode::Required)]
    );
    assert_eq!(count(&db, "stakeholders").await, 1);
}

#[tokio::test]
async fn last_touch_follows_the_touchpoints_and_heat_keeps_its_history() {
    let (_dir, db) = fresh_db().await;
    let board = project(&db).await;
    let board = add(&db, &board, "A", |p| p.heat = Some(4)).await;
    let board = add(&db, &board, "B", |_| {}).await;
    let (a, b) = (id_of(&board, "A"), id_of(&board, "B"));
    assert_eq!(board.stakeholders[0].heat, Some(4));
    assert_eq!(board.stakeholders[0].last_touch, None);

    let touch = |date: &str, ids: Vec<i64>| TouchpointInput {
        kind: TouchKind::Meeting,
        touched_on: date.into(),
        note: "定例 <b>MTG</b>".into(),
        participant_ids: ids,
    };
    let board = stakeholders::add_touchpoint(
        &db,
        pid(&board),
        version(&board),
        &touch("2026-05-02", vec![a, b]),
    )
    .await
    .expect("touch");
    let board = stakeholders::add_touchpoint(
        &db,
        pid(&board),
        version(&board),
        &touch("2026-05-20", vec![a]),
    )
    .await
    .expect("touch");
    let board = stakeholders::add_touchpoint(
        &db,
        pid(&board),
        version(&board),
        &touch("2026-04-20", vec![b]),
    )
    .await
    .expect("touch");
    assert_eq!(board.stakeholders[0].last_touch, Some(d("2026-05-20")));
    assert_eq!(board.stakeholders[1].last_touch, Some(d("2026-05-02")));
    assert_eq!(board.touchpoints.len(), 3);
    assert_eq!(board.touchpoints[0].participant_ids, [a]);
    assert_eq!(board.touchpoints[0].note, "定例 <b>MTG</b>");

    let latest = board.touchpoints[0].id;
    let board = stakeholders::delete_touchpoint(&db, latest, version(&board))
        .await
        .expect("delete touch");
    assert_eq!(board.stakeholders[0].last_touch, Some(d("2026-05-02")));

    let errors = field_errors(
        stakeholders::add_touchpoint(
            &db,
            pid(&board),
            version(&board),
            &touch("2026-13-01", vec![]),
        )
        .await,
    );
    assert_eq!(
        errors,
        vec![
            fe("touched_on", FieldCode::InvalidDate),
            fe("participant_ids", FieldCode::NoParticipants)
        ]
    );

    let board = stakeholders::add_heat_entry(&db, a, version(&board), "2026-05-01", 3)
        .await
        .expect("heat");
    let heats: Vec<i64> = board.stakeholders[0]
        .heat_history
        .iter()
        .map(|h| h.heat)
        .collect();
    assert_eq!(heats.len(), 2);
    assert!(heats.contains(&3) && heats.contains(&4));
    let errors =
        field_errors(stakeholders::add_heat_entry(&db, a, version(&board), "2026-05-02", 9).await);
    assert_eq!(errors, vec![scale("heat")]);
}

#[tokio::test]
async fn reorder_and_delete() {
    let (_dir, db) = fresh_db().await;
    let mut board = project(&db).await;
    for name in ["一", "二", "三"] {
        board = add(&db, &board, name, |p| p.roles = vec![ProjectRole::Executor]).await;
    }
    let ids: Vec<i64> = board.stakeholders.iter().map(|s| s.id).collect();
    let order = vec![ids[2], ids[0], ids[1]];
    let board = stakeholders::reorder(&db, pid(&board), version(&board), &order)
        .await
        .expect("reorder");
    let names: Vec<&str> = board.stakeholders.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names, ["三", "一", "二"]);

    let errors =
        field_errors(stakeholders::reorder(&db, pid(&board), version(&board), &order[..2]).await);
    assert_eq!(errors, vec![fe("ids", FieldCode::Mismatch)]);

    // Deleting removes the person and what hangs on them, nothing else.
    let touch = TouchpointInput {
        kind: TouchKind::Call,
        touched_on: "2026-05-01".into(),
        note: String::new(),
        participant_ids: vec![ids[0], ids[1]],
    };
    let board = stakeholders::add_touchpoint(&db, pid(&board), version(&board), &touch)
        .await
        .expect("touch");
    let board = stakeholders::delete(&db, ids[0], version(&board))
        .await
        .expect("delete");
    let names: Vec<&str> = board.stakeholders.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names, ["三", "二"]);
    assert_eq!(board.touchpoints[0].participant_ids, [ids[1]]);
    let err = stakeholders::delete(&db, ids[0], version(&board))
        .await
        .expect_err("gone");
    assert!(matches!(
        err,
        CoreError::NotFound {
            entity: "stakeholder",
            ..
        }
    ));
}

#[tokio::test]
async fn department_suggestions_follow_every_add_move_and_removal_in_the_file() {
    let (_dir, db) = fresh_db().await;
    let dept = |d: &'static str| move |p: &mut StakeholderInput| p.department = d.to_owned();
    let a = project(&db).await;
    let a = add(&db, &a, "A1", dept("営業部")).await;
    let a = add(&db, &a, "A2", dept("営業部")).await;
    let a = add(&db, &a, "A3", dept("情報システム部")).await;
    let b = project(&db).await;
    let b = add(&db, &b, "B1", dept("情報システム部")).await;
    let b = add(&db, &b, "B2", dept("経理部")).await;
    let b = add(&db, &b, "B3", dept("")).await;
    // Most used first, ties by name; empty departments are not suggested.
    assert_eq!(b.departments, ["営業部", "情報システム部", "経理部"]);

    // Moving people between departments reorders the suggestions.
    let mut moved = input_of(&b, "B2");
    moved.department = "情報システム部".to_owned();
    let b = stakeholders::update(&db, id_of(&b, "B2"), version(&b), &moved)
        .await
        .expect("move");
    assert_eq!(b.departments, ["情報システム部", "営業部"]);
    let mut moved = input_of(&b, "B3");
    moved.department = "経理部".to_owned();
    let b = stakeholders::update(&db, id_of(&b, "B3"), version(&b), &moved)
        .await
        .expect("move");
    assert_eq!(b.departments, ["情報システム部", "営業部", "経理部"]);

    // Removing people (one by one, or with their project) takes their departments away.
    let b = stakeholders::delete(&db, id_of(&b, "B3"), version(&b))
        .await
        .expect("delete");
    assert_eq!(b.departments, ["情報システム部", "営業部"]);
    sqlx::query("DELETE FROM projects WHERE id = ?1")
        .bind(pid(&a))
        .execute(db.pool())
        .await
        .expect("delete project");
    let b = stakeholders::board(&db, pid(&b)).await.expect("board");
    assert_eq!(b.departments, ["情報システム部"]);
}
