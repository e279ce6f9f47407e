//! Stages: advancing, time in stage, actions, reordering with duplicates refused, and on-hold
//! periods pausing TTV.

use firstgoal_core::CoreError;
use firstgoal_core::FieldCode;
use firstgoal_core::playbooks::{self, PlaybookRef};
use firstgoal_core::settings::Language;
use firstgoal_core::stages;

use crate::{d, fe, field_errors, fresh_db, input};

async fn low_touch_project(db: &firstgoal_core::Db) -> i64 {
    playbooks::create_project(
        db,
        &input("Stage KK", "2026-01-05", "2026-01-12"),
        &PlaybookRef::Builtin {
            key: "low_touch".to_owned(),
        },
        Language::En,
    )
    .await
    .expect("create")
    .project
    .id
}

#[tokio::test]
async fn advancing_leaves_the_current_stage_and_enters_the_next() {
    let (_dir, db) = fresh_db().await;
    let id = low_touch_project(&db).await;
    let today = d("2026-02-01");
    let plan = stages::advance(&db, id, 1, "2026-01-20", today)
        .await
        .expect("advance");
    assert_eq!(plan.version, 2);
    assert_eq!(plan.stages[0].exited_on, Some(d("2026-01-20")));
    assert_eq!(plan.stages[0].days_in_stage, Some(15));
    assert_eq!(plan.current_stage_id, Some(plan.stages[1].id));
    assert_eq!(plan.stages[1].entered_on, Some(d("2026-01-20")));
    assert_eq!(plan.stages[1].days_in_stage, Some(12));
    assert_eq!(plan.next_actions.len(), 2);

    // A date before the current stage began is refused; so is a stale version.
    assert_eq!(
        field_errors(stages::advance(&db, id, 2, "2026-01-19", today).await),
        vec![fe("date", FieldCode::BeforeStart)]
    );
    let stale = stages::advance(&db, id, 1, "2026-01-25", today).await;
    assert!(matches!(stale, Err(CoreError::Conflict { .. })));

    // Done actions leave the next actions.
    let action = plan.next_actions[0].id;
    let plan = stages::set_action_done(&db, action, 2, Some("2026-01-22"), today)
        .await
        .expect("done");
    assert_eq!(plan.next_actions.len(), 1);
    let plan = stages::add_action(
        &db,
        plan.stages[1].id,
        3,
        "Call IT",
        "情報システム",
        "",
        today,
    )
    .await
    .expect("add");
    assert_eq!(plan.next_actions.len(), 2);
    assert_eq!(plan.next_actions[1].department, "情報システム");

    // Through to the last stage, then no further.
    let mut version = plan.version;
    for date in ["2026-01-25", "2026-01-28"] {
        version = stages::advance(&db, id, version, date, today)
            .await
            .expect("advance")
            .version;
    }
    let last = stages::advance(&db, id, version, "2026-01-30", today).await;
    assert!(matches!(
        last.expect_err("last"),
        firstgoal_core::CoreError::Refused(firstgoal_core::Refusal::LastStage)
    ));
    db.close().await;
}

#[tokio::test]
async fn a_stage_order_with_duplicates_is_refused_and_nothing_moves() {
    let (_dir, db) = fresh_db().await;
    let id = low_touch_project(&db).await;
    let today = d("2026-02-01");
    let plan = stages::plan(&db, id, today).await.expect("plan");
    let ids: Vec<i64> = plan.stages.iter().map(|s| s.id).collect();
    let dup = [ids[0], ids[1], ids[1], ids[3]];
    assert_eq!(
        field_errors(stages::reorder(&db, id, 1, &dup, today).await),
        vec![fe("stage_order", FieldCode::Duplicate)]
    );
    let missing = [ids[0], ids[1], ids[2]];
    assert_eq!(
        field_errors(stages::reorder(&db, id, 1, &missing, today).await),
        vec![fe("stage_order", FieldCode::OutOfRange)]
    );
    let unchanged = stages::plan(&db, id, today).await.expect("plan");
    assert_eq!(unchanged, plan, "nothing moved, version unchanged");

    let reversed: Vec<i64> = ids.iter().rev().copied().collect();
    let moved = stages::reorder(&db, id, 1, &reversed, today)
        .await
        .expect("reorder");
    let now: Vec<i64> = moved.stages.iter().map(|s| s.id).collect();
    assert_eq!(now, reversed);
    assert_eq!(moved.stages[0].position, 1);
    db.close().await;
}

#[tokio::test]
async fn on_hold_periods_pause_the_project_ttv() {
    let (_dir, db) = fresh_db().await;
    let id = low_touch_project(&db).await;
    // Contract 5 January; on 4 February: 30 days so far.
    let plan = stages::plan(&db, id, d("2026-02-04")).await.expect("plan");
    assert_eq!((plan.ttv.days, plan.ttv.finished), (30, false));
    let plan = stages::add_hold(&db, id, 1, "2026-01-15", "budget freeze", d("2026-02-04"))
        .await
        .expect("hold");
    assert!(plan.on_hold);
    assert_eq!(plan.ttv.days, 10, "paused since 15 January");
    let twice = stages::add_hold(&db, id, 2, "2026-01-20", "", d("2026-02-04")).await;
    assert!(matches!(
        twice.expect_err("open hold"),
        firstgoal_core::CoreError::Refused(firstgoal_core::Refusal::AlreadyOnHold)
    ));
    let hold = plan.holds[0].id;
    assert_eq!(
        field_errors(stages::end_hold(&db, hold, 2, "2026-01-14", d("2026-02-04")).await),
        vec![fe("end_date", FieldCode::BeforeStart)]
    );
    let plan = stages::end_hold(&db, hold, 2, "2026-01-25", d("2026-02-04"))
        .await
        .expect("end");
    assert!(!plan.on_hold);
    assert_eq!(plan.ttv.days, 20, "30 days less 10 on hold");
    db.close().await;
}
