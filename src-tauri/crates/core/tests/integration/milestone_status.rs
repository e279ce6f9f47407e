//! Milestone status, achievement rules, custom milestones, due-date overrides with a reason, and
//! overdue / due-soon timing.

use firstgoal_core::CoreError;
use firstgoal_core::FieldCode;
use firstgoal_core::milestones::{self, MilestoneInput, MilestoneStatus, Timing, timing};
use firstgoal_core::projects;
use firstgoal_core::team::{self, TeamRole};

use crate::{d, fe, field_errors, fresh_db, input};

fn form(status: MilestoneStatus, criterion: &str, achieved_on: &str) -> MilestoneInput {
    MilestoneInput {
        title: String::new(),
        goal: "The first team logs deals".to_owned(),
        criterion: criterion.to_owned(),
        status,
        achieved_on: achieved_on.to_owned(),
        evidence: "=HYPERLINK(\"x\")".to_owned(),
        customer_owner: "山田 太郎".to_owned(),
        internal_owner_id: None,
    }
}

#[tokio::test]
async fn achieving_needs_a_criterion_and_a_date_on_or_after_the_kickoff() {
    let (_dir, db) = fresh_db().await;
    let created = projects::create(&db, &input("Status KK", "2026-01-05", "2026-01-20"))
        .await
        .expect("create");
    let month = created.milestones[0].id;

    let errors = field_errors(
        milestones::update(
            &db,
            month,
            1,
            &form(MilestoneStatus::Achieved, " ", "2026-01-19"),
        )
        .await,
    );
    assert_eq!(
        errors,
        vec![
            fe("criterion", FieldCode::CriterionRequired),
            fe("achieved_on", FieldCode::BeforeKickoff)
        ]
    );
    let errors = field_errors(
        milestones::update(
            &db,
            month,
            1,
            &form(MilestoneStatus::Achieved, "10 deals", ""),
        )
        .await,
    );
    assert_eq!(errors, vec![fe("achieved_on", FieldCode::Required)]);
    assert_eq!(
        projects::get(&db, created.project.id).await.expect("get"),
        created,
        "unchanged"
    );

    let member = team::create(&db, "Jamie Chen", TeamRole::Csm)
        .await
        .expect("member");
    let mut ok = form(MilestoneStatus::Achieved, "10 deals", "2026-02-18");
    ok.internal_owner_id = Some(member.id);
    let saved = milestones::update(&db, month, 1, &ok)
        .await
        .expect("achieve");
    let m = &saved.milestones[0];
    assert_eq!(m.status, MilestoneStatus::Achieved);
    assert_eq!(m.achieved_on, Some(d("2026-02-18")));
    assert_eq!(m.customer_owner, "山田 太郎");
    assert_eq!(m.internal_owner_id, Some(member.id));
    assert_eq!(m.timing(d("2026-12-01")), Timing::Done);

    // Back to in progress: the achieved date is dropped.
    let back = milestones::update(
        &db,
        month,
        2,
        &form(MilestoneStatus::InProgress, "", "2026-02-18"),
    )
    .await
    .expect("reopen");
    assert_eq!(back.milestones[0].achieved_on, None);

    // An unknown internal owner is a field error.
    let mut unknown = form(MilestoneStatus::Planned, "", "");
    unknown.internal_owner_id = Some(999);
    assert_eq!(
        field_errors(milestones::update(&db, month, 3, &unknown).await),
        vec![fe("internal_owner_id", FieldCode::UnknownMember)]
    );
    db.close().await;
}

#[tokio::test]
async fn custom_milestones_and_due_date_overrides_with_a_reason() {
    let (_dir, db) = fresh_db().await;
    let created = projects::create(&db, &input("Custom KK", "2026-01-05", "2026-01-20"))
        .await
        .expect("create");
    let id = created.project.id;
    assert_eq!(
        field_errors(milestones::add_custom(&db, id, 1, "", "2026-03-01").await),
        vec![fe("title", FieldCode::Required)]
    );
    let detail = milestones::add_custom(&db, id, 1, "SSO live", "2026-01-25")
        .await
        .expect("add");
    assert_eq!(detail.milestones.len(), 4);
    let custom = &detail.milestones[3];
    assert_eq!((custom.horizon, custom.title.as_str()), (None, "SSO live"));
    // A custom milestone needs its title when saved.
    assert_eq!(
        field_errors(
            milestones::update(&db, custom.id, 2, &form(MilestoneStatus::Planned, "", "")).await
        ),
        vec![fe("title", FieldCode::Required)]
    );

    let month = detail.milestones[0].id;
    assert_eq!(
        field_errors(milestones::override_due_date(&db, month, 2, "2026-03-01", " ").await),
        vec![fe("due_date_reason", FieldCode::Required)]
    );
    let moved = milestones::override_due_date(&db, month, 2, "2026-03-01", "Customer fiscal close")
        .await
        .expect("override");
    assert!(moved.milestones[0].due_date_manual);
    assert_eq!(moved.milestones[0].due_date_reason, "Customer fiscal close");
    let reset = firstgoal_core::milestones::follow_kickoff(&db, month, 3)
        .await
        .expect("reset");
    assert_eq!(reset.milestones[0].due_date, d("2026-02-20"));
    assert_eq!(reset.milestones[0].due_date_reason, "");

    let gone = milestones::delete_custom(&db, custom.id, 4)
        .await
        .expect("delete");
    assert_eq!(gone.milestones.len(), 3);
    assert!(matches!(
        milestones::delete_custom(&db, month, 5).await,
        Err(CoreError::Refused(
            firstgoal_core::Refusal::HorizonNotDeletable
        ))
    ));
    db.close().await;
}

#[test]
fn overdue_and_due_soon_are_counted_against_today() {
    let today = d("2026-03-10");
    let planned = MilestoneStatus::Planned;
    assert_eq!(timing(planned, d("2026-03-09"), today), Timing::Overdue);
    assert_eq!(
        timing(MilestoneStatus::Missed, d("2026-03-01"), today),
        Timing::Overdue
    );
    assert_eq!(timing(planned, d("2026-03-10"), today), Timing::DueSoon);
    assert_eq!(timing(planned, d("2026-03-17"), today), Timing::DueSoon);
    assert_eq!(timing(planned, d("2026-03-18"), today), Timing::Upcoming);
    assert_eq!(
        timing(MilestoneStatus::Achieved, d("2026-03-01"), today),
        Timing::Done
    );
}
