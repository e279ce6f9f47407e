//! Creating, reading, updating and archiving projects: milestones following the kickoff, dates set
//! by hand, optimistic versions and missing ids.

use firstgoal_core::milestones::Horizon;
use firstgoal_core::projects::{self, ProjectDetail, Segment};
use firstgoal_core::{CoreError, Db, ErrorCode, FieldCode};

use crate::{count, d, fe, field_errors, fresh_db, input};

async fn create(db: &Db, name: &str, kickoff: &str) -> ProjectDetail {
    projects::create(db, &input(name, "2026-04-01", kickoff))
        .await
        .expect("create project")
}

fn dates(detail: &ProjectDetail) -> Vec<chrono::NaiveDate> {
    detail.milestones.iter().map(|m| m.due_date).collect()
}

fn manual_flags(detail: &ProjectDetail) -> Vec<bool> {
    detail
        .milestones
        .iter()
        .map(|m| m.due_date_manual)
        .collect()
}

fn assert_conflict(err: CoreError, id: i64, current: i64) {
    assert_eq!(err.code(), ErrorCode::Conflict, "{err}");
    match err {
        CoreError::Conflict {
            entity,
            id: got_id,
            current_version,
        } => {
            assert_eq!(entity, "project");
            assert_eq!(got_id, id);
            assert_eq!(current_version, current);
        }
        other => panic!("expected a conflict, got {other:?}"),
    }
}

fn assert_not_found(err: CoreError, entity: &str, id: i64) {
    assert_eq!(err.code(), ErrorCode::NotFound, "{err}");
    match err {
        CoreError::NotFound { entity: e, id: got } => {
            assert_eq!((e, got), (entity, id));
        }
        other => panic!("expected not found, got {other:?}"),
    }
}

#[tokio::test]
async fn create_stores_the_project_at_version_1() {
    let (_dir, db) = fresh_db().await;
    let mut raw = input("Create KK", "2026-04-01", "2026-04-15");
    raw.segment = Segment::LowTouch;
    raw.owner = "Jamie Chen".to_owned();
    let created = projects::create(&db, &raw).await.expect("create");
    let p = &created.project;
    assert_eq!(p.customer_name, "Create KK");
    assert_eq!(p.contract_date, d("2026-04-01"));
    assert_eq!(p.kickoff_date, d("2026-04-15"));
    assert_eq!(p.segment, Segment::LowTouch);
    assert_eq!(p.owner, "Jamie Chen");
    assert_eq!(p.version, 1);
    assert_eq!(p.archived_at, None);
    assert_eq!(p.created_at, p.updated_at);
    assert_eq!(projects::get(&db, p.id).await.expect("get"), created);
    db.close().await;
}

#[tokio::test]
async fn list_orders_by_kickoff_newest_first() {
    let (_dir, db) = fresh_db().await;
    let a = create(&db, "A", "2026-04-10").await.project.id;
    let b = create(&db, "B", "2026-06-01").await.project.id;
    let c = create(&db, "C", "2026-04-10").await.project.id;
    let d_ = create(&db, "D", "2025-12-24").await.project.id;
    let ids: Vec<i64> = projects::list(&db, false)
        .await
        .expect("list")
        .iter()
        .map(|p| p.id)
        .collect();
    // Same kickoff: the newer id first.
    assert_eq!(ids, [b, c, a, d_]);
    db.close().await;
}

#[tokio::test]
async fn changing_the_kickoff_moves_the_milestones_and_bumps_the_version() {
    let (_dir, db) = fresh_db().await;
    let created = create(&db, "Move KK", "2026-04-15").await;
    let id = created.project.id;

    let mut edit = input("Move KK (renamed)", "2025-01-10", "2025-01-31");
    edit.segment = Segment::TechTouch;
    let updated = projects::update(&db, id, 1, &edit).await.expect("update");
    assert_eq!(updated.project.version, 2);
    assert_eq!(updated.project.customer_name, "Move KK (renamed)");
    assert_eq!(updated.project.kickoff_date, d("2025-01-31"));
    assert_eq!(updated.project.segment, Segment::TechTouch);
    assert_eq!(updated.project.created_at, created.project.created_at);
    assert!(updated.project.updated_at >= created.project.updated_at);
    assert_eq!(
        dates(&updated),
        [d("2025-02-28"), d("2025-04-30"), d("2026-01-31")]
    );
    assert_eq!(manual_flags(&updated), [false, false, false]);
    // The same milestones moved: no new rows.
    let ids = |det: &ProjectDetail| det.milestones.iter().map(|m| m.id).collect::<Vec<_>>();
    assert_eq!(ids(&updated), ids(&created));
    assert_eq!(count(&db, "milestones").await, 3);
    assert_eq!(projects::get(&db, id).await.expect("get"), updated);

    // An edit that keeps the kickoff still bumps the version by exactly one.
    let same = projects::update(&db, id, 2, &edit)
        .await
        .expect("update again");
    assert_eq!(same.project.version, 3);
    assert_eq!(dates(&same), dates(&updated));
    db.close().await;
}

#[tokio::test]
async fn a_date_set_by_hand_survives_kickoff_changes_until_it_is_reset() {
    let (_dir, db) = fresh_db().await;
    let created = create(&db, "Manual KK", "2026-04-15").await;
    let id = created.project.id;
    let three_months = created.milestones[1].id;
    assert_eq!(created.milestones[1].horizon, Some(Horizon::ThreeMonths));

    let manual = firstgoal_core::milestones::override_due_date(
        &db,
        three_months,
        1,
        "2026-09-01",
        "customer asked",
    )
    .await
    .expect("set by hand");
    assert_eq!(manual.project.version, 2);
    assert_eq!(
        dates(&manual),
        [d("2026-05-15"), d("2026-09-01"), d("2027-04-15")]
    );
    assert_eq!(manual_flags(&manual), [false, true, false]);

    let moved = projects::update(&db, id, 2, &input("Manual KK", "2026-04-01", "2026-06-30"))
        .await
        .expect("move kickoff");
    assert_eq!(moved.project.version, 3);
    assert_eq!(
        dates(&moved),
        [d("2026-07-30"), d("2026-09-01"), d("2027-06-30")]
    );
    assert_eq!(manual_flags(&moved), [false, true, false]);

    // None: the milestone follows the (current) kickoff again.
    let reset = firstgoal_core::milestones::follow_kickoff(&db, three_months, 3)
        .await
        .expect("reset");
    assert_eq!(reset.project.version, 4);
    assert_eq!(
        dates(&reset),
        [d("2026-07-30"), d("2026-09-30"), d("2027-06-30")]
    );
    assert_eq!(manual_flags(&reset), [false, false, false]);

    // And from now on it moves with the kickoff.
    let moved = projects::update(&db, id, 4, &input("Manual KK", "2026-04-01", "2026-05-01"))
        .await
        .expect("move kickoff again");
    assert_eq!(
        dates(&moved),
        [d("2026-06-01"), d("2026-08-01"), d("2027-05-01")]
    );
    assert_eq!(projects::get(&db, id).await.expect("get"), moved);
    db.close().await;
}

#[tokio::test]
async fn a_stale_version_is_a_conflict_and_changes_nothing() {
    let (_dir, db) = fresh_db().await;
    let created = create(&db, "Conflict KK", "2026-04-15").await;
    let id = created.project.id;
    let current = projects::update(
        &db,
        id,
        1,
        &input("Conflict KK v2", "2026-04-01", "2026-04-20"),
    )
    .await
    .expect("first edit");
    assert_eq!(current.project.version, 2);

    // A second editor still on version 1.
    let err = projects::update(&db, id, 1, &input("Lost edit", "2026-04-01", "2026-08-01"))
        .await
        .expect_err("stale update");
    assert_conflict(err, id, 2);
    let err = firstgoal_core::milestones::override_due_date(
        &db,
        current.milestones[0].id,
        1,
        "2027-01-01",
        "customer asked",
    )
    .await
    .expect_err("stale milestone edit");
    assert_conflict(err, id, 2);
    let err = projects::set_archived(&db, id, 1, true)
        .await
        .expect_err("stale archive");
    assert_conflict(err, id, 2);
    // A version from the future is just as wrong.
    let err = projects::update(
        &db,
        id,
        3,
        &input("Future edit", "2026-04-01", "2026-08-01"),
    )
    .await
    .expect_err("future version");
    assert_conflict(err, id, 2);

    assert_eq!(projects::get(&db, id).await.expect("get"), current);
    db.close().await;
}

#[tokio::test]
async fn unknown_ids_are_not_found() {
    let (_dir, db) = fresh_db().await;
    let created = create(&db, "Known KK", "2026-04-15").await;

    assert_not_found(
        projects::get(&db, 4242).await.expect_err("get"),
        "project",
        4242,
    );
    let err = projects::update(&db, 4242, 1, &input("Ghost", "2026-04-01", "2026-04-15"))
        .await
        .expect_err("update");
    assert_not_found(err, "project", 4242);
    let err = projects::set_archived(&db, 4242, 1, true)
        .await
        .expect_err("archive");
    assert_not_found(err, "project", 4242);
    let err =
        firstgoal_core::milestones::override_due_date(&db, 4242, 1, "2026-05-01", "customer asked")
            .await
            .expect_err("milestone");
    assert_not_found(err, "milestone", 4242);

    assert_eq!(count(&db, "projects").await, 1);
    assert_eq!(
        projects::get(&db, created.project.id).await.expect("get"),
        created
    );
    db.close().await;
}

#[tokio::test]
async fn an_invalid_date_set_by_hand_is_rejected_and_changes_nothing() {
    let (_dir, db) = fresh_db().await;
    let created = create(&db, "Bad date KK", "2026-04-15").await;
    let milestone = created.milestones[0].id;

    for (bad, code) in [
        ("2026-02-30", FieldCode::InvalidDate),
        ("soon", FieldCode::InvalidDate),
        ("2201-01-01", FieldCode::OutOfRange),
        ("  ", FieldCode::Required),
    ] {
        let result =
            firstgoal_core::milestones::override_due_date(&db, milestone, 1, bad, "customer asked")
                .await;
        assert_eq!(
            field_errors(result),
            vec![fe("due_date", code)],
            "date {bad:?}"
        );
    }
    // Validation comes first, even for a stale version.
    let result =
        firstgoal_core::milestones::override_due_date(&db, milestone, 99, "nope", "customer asked")
            .await;
    assert_eq!(
        field_errors(result),
        vec![fe("due_date", FieldCode::InvalidDate)]
    );

    assert_eq!(
        projects::get(&db, created.project.id).await.expect("get"),
        created
    );
    db.close().await;
}

#[tokio::test]
async fn an_invalid_update_changes_nothing() {
    let (_dir, db) = fresh_db().await;
    let created = create(&db, "Invalid edit KK", "2026-04-15").await;
    let id = created.project.id;
    let result = projects::update(&db, id, 1, &input(" ", "2026-04-01", "2026-13-01")).await;
    assert_eq!(
        field_errors(result),
        vec![
            fe("customer_name", FieldCode::Required),
            fe("kickoff_date", FieldCode::InvalidDate)
        ]
    );
    assert_eq!(projects::get(&db, id).await.expect("get"), created);
    db.close().await;
}

#[tokio::test]
async fn every_change_increments_the_version_by_one() {
    let (_dir, db) = fresh_db().await;
    let created = create(&db, "Version KK", "2026-04-15").await;
    let id = created.project.id;
    let m = created.milestones[2].id;
    assert_eq!(created.project.version, 1);

    let v2 = projects::update(&db, id, 1, &input("Version KK", "2026-04-01", "2026-05-01"))
        .await
        .expect("update");
    let v3 =
        firstgoal_core::milestones::override_due_date(&db, m, 2, "2027-12-24", "customer asked")
            .await
            .expect("manual date");
    let v4 = projects::set_archived(&db, id, 3, true)
        .await
        .expect("archive");
    let v5 = projects::set_archived(&db, id, 4, false)
        .await
        .expect("unarchive");
    let v6 = firstgoal_core::milestones::follow_kickoff(&db, m, 5)
        .await
        .expect("reset");
    let versions = [&v2, &v3, &v4, &v5, &v6].map(|det| det.project.version);
    assert_eq!(versions, [2, 3, 4, 5, 6]);
    assert_eq!(
        projects::get(&db, id).await.expect("get").project.version,
        6
    );
    db.close().await;
}

#[tokio::test]
async fn archiving_hides_a_project_from_the_default_list_until_unarchived() {
    let (_dir, db) = fresh_db().await;
    let kept = create(&db, "Kept KK", "2026-04-10").await;
    let archived = create(&db, "Archived KK", "2026-04-15").await;
    let id = archived.project.id;

    let detail = projects::set_archived(&db, id, 1, true)
        .await
        .expect("archive");
    let archived_at = detail.project.archived_at.expect("archived_at is set");
    assert!(archived_at >= archived.project.created_at);
    assert_eq!(
        detail.milestones, archived.milestones,
        "archiving keeps the milestones"
    );

    let visible = projects::list(&db, false).await.expect("list");
    assert_eq!(visible, vec![kept.project.clone()]);
    let all = projects::list(&db, true).await.expect("list archived");
    assert_eq!(all.len(), 2);
    let listed = all
        .iter()
        .find(|p| p.id == id)
        .expect("archived project is listed");
    assert_eq!(listed.archived_at, Some(archived_at));
    assert_eq!(listed, &detail.project);
    // Still readable directly.
    assert_eq!(projects::get(&db, id).await.expect("get"), detail);

    let restored = projects::set_archived(&db, id, 2, false)
        .await
        .expect("unarchive");
    assert_eq!(restored.project.archived_at, None);
    let ids: Vec<i64> = projects::list(&db, false)
        .await
        .expect("list")
        .iter()
        .map(|p| p.id)
        .collect();
    assert_eq!(ids, [id, kept.project.id]);
    db.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_updates_on_one_version_let_exactly_one_win() {
    let (_dir, db) = fresh_db().await;
    let created = create(&db, "Race KK", "2026-04-15").await;
    let id = created.project.id;

    let mut tasks = Vec::new();
    for i in 0..4 {
        let db = db.clone();
        tasks.push(tokio::spawn(async move {
            let edit = input(&format!("Editor {i}"), "2026-04-01", "2026-05-01");
            projects::update(&db, id, 1, &edit).await
        }));
    }
    let mut wins = 0;
    for task in tasks {
        match task.await.expect("join") {
            Ok(detail) => {
                assert_eq!(detail.project.version, 2);
                wins += 1;
            }
            Err(err) => assert_conflict(err, id, 2),
        }
    }
    assert_eq!(wins, 1);
    assert_eq!(
        projects::get(&db, id).await.expect("get").project.version,
        2
    );
    db.close().await;
}

/// Core bug (see the test report): setting a due date opened a deferred transaction with a
/// SELECT and only then writes, so a concurrent writer makes the read-to-write upgrade fail at once
/// with SQLITE_BUSY / SQLITE_BUSY_SNAPSHOT ("database is locked", `ErrorCode::Storage`) instead of
/// waiting and reporting a `Conflict`. Fails in about 19 runs out of 20.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_milestone_edits_on_one_version_let_exactly_one_win() {
    let (_dir, db) = fresh_db().await;
    let created = create(&db, "Race KK", "2026-04-15").await;
    let id = created.project.id;

    let mut tasks = Vec::new();
    for (i, m) in created.milestones.iter().enumerate() {
        let db = db.clone();
        let milestone = m.id;
        tasks.push(tokio::spawn(async move {
            let date = format!("2030-0{}-01", i + 1);
            firstgoal_core::milestones::override_due_date(
                &db,
                milestone,
                1,
                &date,
                "customer asked",
            )
            .await
        }));
    }
    let mut wins = 0;
    for task in tasks {
        match task.await.expect("join") {
            Ok(detail) => {
                assert_eq!(detail.project.version, 2);
                wins += 1;
            }
            Err(err) => assert_conflict(err, id, 2),
        }
    }
    assert_eq!(wins, 1);
    db.close().await;
}

/// Two app instances on one file: each opens its own handle; an edit based on what the other
/// already changed is refused, and the newer value stays.
#[tokio::test]
async fn a_second_instance_on_the_same_file_cannot_overwrite_a_newer_edit() {
    let (dir, first) = fresh_db().await;
    let created = projects::create(&first, &input("Shared KK", "2026-01-05", "2026-01-20"))
        .await
        .expect("create");
    let second = firstgoal_core::Db::open(&crate::db_path(&dir))
        .await
        .expect("second instance");
    let seen_by_second = projects::get(&second, created.project.id)
        .await
        .expect("get");

    projects::update(
        &first,
        created.project.id,
        1,
        &input("Renamed by first", "2026-01-05", "2026-01-20"),
    )
    .await
    .expect("first saves");
    let stale = projects::update(
        &second,
        seen_by_second.project.id,
        seen_by_second.project.version,
        &input("Stale from second", "2026-01-05", "2026-01-20"),
    )
    .await;
    assert!(
        matches!(
            stale,
            Err(firstgoal_core::CoreError::Conflict {
                current_version: 2,
                ..
            })
        ),
        "{stale:?}"
    );
    let now = projects::get(&second, created.project.id)
        .await
        .expect("get");
    assert_eq!(now.project.customer_name, "Renamed by first");
}
