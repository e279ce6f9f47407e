//! Risk rules: each one fires on the situation it names and stays quiet otherwise; the project
//! list's counts match the rules for every project; the untouched-days setting is validated.

use chrono::NaiveDate;
use firstgoal_core::kickoff;
use firstgoal_core::milestones::{self, Horizon};
use firstgoal_core::projects;
use firstgoal_core::risks::{self, RiskCode, heat_falling};
use firstgoal_core::stakeholders::{
    self, Board, HeatEntry, ProjectRole, Status, TouchKind, TouchpointInput,
};
use firstgoal_core::{Db, FieldCode, FieldError};

use crate::stakeholders::{add, id_of, input_of, pid, project, version};
use crate::{d, field_errors, fresh_db};

use RiskCode::*;

fn codes(board: &Board) -> Vec<RiskCode> {
    board.risks.iter().map(|r| r.code).collect()
}

async fn on(db: &Db, board: &Board, today: &str) -> Board {
    stakeholders::board_on(db, pid(board), d(today))
        .await
        .expect("board")
}

/// A project with nothing wrong as of 2026-04-20: an attending decision-maker who agreed to the
/// purpose, two key persons touched at the kickoff, three goals with criteria.
async fn healthy(db: &Db) -> Board {
    let board = project(db).await;
    let board = add(db, &board, "社長", |p| {
        p.roles = vec![ProjectRole::DecisionMaker];
        p.key_person = true;
    })
    .await;
    let board = add(db, &board, "担当", |p| {
        p.roles = vec![ProjectRole::Executor];
        p.key_person = true;
    })
    .await;
    let boss = id_of(&board, "社長");
    let board = kickoff::set_purpose(db, pid(&board), version(&board), "請求業務を月3日短縮する")
        .await
        .expect("purpose");
    let mut board = kickoff::set_agreement(db, boss, version(&board), Some("2026-04-15"))
        .await
        .expect("agree");
    for m in board.detail.milestones.clone() {
        milestones::set_goal(db, m.id, version(&board), "goal", "criterion")
            .await
            .expect("goal");
        board = stakeholders::board(db, pid(&board)).await.expect("board");
    }
    let touch = TouchpointInput {
        kind: TouchKind::Meeting,
        touched_on: "2026-04-15".into(),
        note: "kickoff".into(),
        participant_ids: board.stakeholders.iter().map(|s| s.id).collect(),
    };
    let board = stakeholders::add_touchpoint(db, pid(&board), version(&board), &touch)
        .await
        .expect("touch");
    on(db, &board, "2026-04-20").await
}

#[tokio::test]
async fn a_healthy_project_has_no_risks_and_an_empty_one_has_the_basic_ones() {
    let (_dir, db) = fresh_db().await;
    let empty = project(&db).await;
    assert_eq!(
        codes(&empty),
        [
            NoDecisionMaker,
            FewKeyPersons,
            PurposeMissing,
            GoalWithoutCriterion
        ]
    );
    assert_eq!(empty.risks[3].horizons, Horizon::ALL);
    let board = healthy(&db).await;
    assert_eq!(codes(&board), []);
}

#[tokio::test]
async fn decision_maker_rules() {
    let (_dir, db) = fresh_db().await;
    let board = healthy(&db).await;
    let mut boss = input_of(&board, "社長");
    boss.attended_kickoff = false;
    let board = stakeholders::update(&db, id_of(&board, "社長"), version(&board), &boss)
        .await
        .expect("update");
    let board = on(&db, &board, "2026-04-20").await;
    assert_eq!(codes(&board), [DecisionMakerAbsent]);
    assert_eq!(board.risks[0].names, ["社長"]);

    boss.roles = vec![ProjectRole::Sponsor];
    let board = stakeholders::update(&db, id_of(&board, "社長"), version(&board), &boss)
        .await
        .expect("update");
    let board = on(&db, &board, "2026-04-20").await;
    // No decision-maker left, so nobody who decides agreed to the purpose either.
    assert_eq!(codes(&board), [NoDecisionMaker, PurposeNotAgreed]);
}

#[tokio::test]
async fn key_person_rules() {
    let (_dir, db) = fresh_db().await;
    let board = healthy(&db).await;
    let mut worker = input_of(&board, "担当");
    worker.status = Status::LeftCompany;
    worker.status_date = Some("2026-04-18".into());
    let board = stakeholders::update(&db, id_of(&board, "担当"), version(&board), &worker)
        .await
        .expect("update");
    let board = on(&db, &board, "2026-04-20").await;
    assert_eq!(codes(&board), [FewKeyPersons, KeyPersonLost]);
    assert_eq!(board.risks[0].names, ["社長"]);
    assert_eq!(board.risks[1].names, ["担当"]);

    // Changed role counts as lost too; a third key person restores the bridge.
    worker.status = Status::ChangedRole;
    let board = stakeholders::update(&db, id_of(&board, "担当"), version(&board), &worker)
        .await
        .expect("update");
    let board = add(&db, &board, "部長", |p| p.key_person = true).await;
    let board = on(&db, &board, "2026-04-20").await;
    assert_eq!(codes(&board), [KeyPersonLost]);
}

#[tokio::test]
async fn purpose_rules() {
    let (_dir, db) = fresh_db().await;
    let board = healthy(&db).await;
    let boss = id_of(&board, "社長");
    let board = kickoff::set_agreement(&db, boss, version(&board), None)
        .await
        .expect("withdraw");
    let board = add(&db, &board, "現場", |_| {}).await;
    let board = kickoff::set_agreement(
        &db,
        id_of(&board, "現場"),
        version(&board),
        Some("2026-04-15"),
    )
    .await
    .expect("agree");
    // Agreement by someone who does not decide is not enough.
    assert_eq!(
        codes(&on(&db, &board, "2026-04-20").await),
        [PurposeNotAgreed]
    );
    let board = kickoff::set_purpose(&db, pid(&board), version(&board), "  ")
        .await
        .expect("clear");
    assert_eq!(
        codes(&on(&db, &board, "2026-04-20").await),
        [PurposeMissing]
    );
    let errors =
        field_errors(kickoff::set_agreement(&db, boss, version(&board), Some("15/04/2026")).await);
    assert_eq!(
        errors,
        vec![FieldError::new("agreed_on", FieldCode::InvalidDate)]
    );
}

#[tokio::test]
async fn goal_criterion_rule() {
    let (_dir, db) = fresh_db().await;
    let board = healthy(&db).await;
    let year = board.detail.milestones[2].id;
    milestones::set_goal(&db, year, version(&board), "全社展開", " ")
        .await
        .expect("goal");
    let board = on(&db, &board, "2026-04-20").await;
    assert_eq!(codes(&board), [GoalWithoutCriterion]);
    assert_eq!(board.risks[0].horizons, [Horizon::OneYear]);
}

#[tokio::test]
async fn untouched_key_person_rule_uses_the_file_setting() {
    let (_dir, db) = fresh_db().await;
    let board = healthy(&db).await;
    // Touched on 2026-04-15: 14 days later is fine, 15 is not.
    assert_eq!(codes(&on(&db, &board, "2026-04-29").await), []);
    let late = on(&db, &board, "2026-04-30").await;
    assert_eq!(codes(&late), [KeyPersonUntouched]);
    assert_eq!(late.risks[0].names, ["社長", "担当"]);

    assert_eq!(risks::set_untouched_days(&db, 30).await.expect("set"), 30);
    assert_eq!(codes(&on(&db, &board, "2026-04-30").await), []);
    assert_eq!(on(&db, &board, "2026-04-30").await.untouched_days, 30);
    for bad in [0, -3, 366] {
        let errors = field_errors(risks::set_untouched_days(&db, bad).await);
        assert_eq!(
            errors,
            vec![FieldError::new("untouched_days", FieldCode::OutOfScale).with_max(365)]
        );
    }

    // A new touchpoint with one of them clears that one only.
    let touch = TouchpointInput {
        kind: TouchKind::Mail,
        touched_on: "2026-05-20".into(),
        note: String::new(),
        participant_ids: vec![id_of(&board, "担当")],
    };
    let board = stakeholders::add_touchpoint(&db, pid(&board), version(&board), &touch)
        .await
        .expect("touch");
    let board = on(&db, &board, "2026-05-25").await;
    assert_eq!(codes(&board), [KeyPersonUntouched]);
    assert_eq!(board.risks[0].names, ["社長"]);
}

fn entries(heats: &[i64]) -> Vec<HeatEntry> {
    let start = NaiveDate::from_ymd_opt(2026, 1, 1).expect("date");
    heats
        .iter()
        .enumerate()
        .map(|(i, h)| HeatEntry {
            recorded_on: start + chrono::Days::new(i as u64),
            heat: *h,
        })
        .collect()
}

#[tokio::test]
async fn heat_falling_rule() {
    assert!(heat_falling(&entries(&[5, 4])));
    assert!(heat_falling(&entries(&[2, 5, 4, 3])));
    assert!(!heat_falling(&entries(&[5, 4, 4])));
    assert!(!heat_falling(&entries(&[3, 2, 4])));
    assert!(!heat_falling(&entries(&[4])));
    assert!(!heat_falling(&entries(&[])));

    let (_dir, db) = fresh_db().await;
    let board = healthy(&db).await;
    let worker = id_of(&board, "担当");
    let board = stakeholders::add_heat_entry(&db, worker, version(&board), "2026-04-15", 5)
        .await
        .expect("heat");
    let board = stakeholders::add_heat_entry(&db, worker, version(&board), "2026-04-18", 3)
        .await
        .expect("heat");
    let board = on(&db, &board, "2026-04-20").await;
    assert_eq!(codes(&board), [HeatFalling]);
    assert_eq!(board.risks[0].names, ["担当"]);
    let board = stakeholders::add_heat_entry(&db, worker, version(&board), "2026-04-19", 4)
        .await
        .expect("heat");
    assert_eq!(codes(&on(&db, &board, "2026-04-20").await), []);
}

#[tokio::test]
async fn project_list_counts_match_the_rules_for_every_project() {
    let (_dir, db) = fresh_db().await;
    let good = healthy(&db).await;
    let empty = project(&db).await;
    let archived = project(&db).await;
    projects::set_archived(&db, pid(&archived), version(&archived), true)
        .await
        .expect("archive");

    let today = d("2026-04-20");
    let counts = risks::counts_on(&db, false, today).await.expect("counts");
    let summary: Vec<(i64, u32)> = counts.iter().map(|c| (c.project_id, c.open)).collect();
    assert_eq!(summary, [(pid(&good), 0), (pid(&empty), 4)]);
    assert_eq!(counts[1].codes, codes(&empty));
    let all = risks::counts_on(&db, true, today).await.expect("counts");
    assert_eq!(all.len(), 3);
    // A key person not touched for weeks shows in the list too.
    let later = risks::counts_on(&db, false, d("2026-06-01"))
        .await
        .expect("counts");
    assert_eq!(later[0].codes, [KeyPersonUntouched]);
}
