//! One source of truth for what needs attention: the project page, the project list and the
//! portfolio show the same risks (every rule), and a goal past due is "overdue" while the project
//! is onboarding but "needs a decision" once it has finished.

use std::collections::HashSet;

use chrono::NaiveDate;
use firstgoal_core::milestones::Timing;
use firstgoal_core::portfolio::{self, PortfolioFlag, PortfolioQuery, PortfolioRow};
use firstgoal_core::projects;
use firstgoal_core::risks::{self, RiskCode, RiskPlace};
use firstgoal_core::{Db, board, demo, stages};

use crate::{d, fresh_db, input};

async fn rows(db: &Db, today: NaiveDate) -> Vec<PortfolioRow> {
    portfolio::get(db, &PortfolioQuery::default(), today)
        .await
        .expect("portfolio")
        .rows
}

#[test]
fn every_rule_has_a_stable_name_and_a_place_to_fix_it() {
    for code in RiskCode::ALL {
        let json = serde_json::to_string(&code).expect("json");
        assert_eq!(json, format!("\"{}\"", code.as_str()));
    }
    assert_eq!(
        RiskCode::GoalWithoutCriterion.place(),
        RiskPlace::FirstGoals
    );
    assert_eq!(RiskCode::PurposeNotAgreed.place(), RiskPlace::Kickoff);
    assert_eq!(RiskCode::NoDecisionMaker.place(), RiskPlace::Kickoff);
    assert_eq!(RiskCode::KeyPersonUntouched.place(), RiskPlace::People);
}

#[tokio::test]
async fn a_new_project_shows_its_kickoff_risks_on_its_page_in_the_list_and_in_the_portfolio() {
    let (_dir, db) = fresh_db().await;
    let id = projects::create(&db, &input("Kickoff KK", "2026-01-05", "2026-01-12"))
        .await
        .expect("create")
        .project
        .id;
    let today = d("2026-01-13");
    let page = board::board_on(&db, id, today).await.expect("board");
    let on_page: Vec<RiskCode> = page.risks.iter().map(|r| r.code).collect();
    assert_eq!(
        on_page,
        [
            RiskCode::NoDecisionMaker,
            RiskCode::FewKeyPersons,
            RiskCode::PurposeMissing,
            RiskCode::GoalWithoutCriterion,
        ]
    );
    for risk in &page.risks {
        assert_eq!(risk.place, risk.code.place(), "{:?}", risk.code);
    }
    let listed = risks::counts_for_on(&db, &[id], today)
        .await
        .expect("counts");
    assert_eq!(listed[0].codes, on_page);
    assert_eq!(listed[0].open, 4);
    let row = &rows(&db, today).await[0];
    assert_eq!(row.risks, on_page, "the portfolio's flags hold every risk");
    db.close().await;
}

#[tokio::test]
async fn page_list_and_portfolio_agree_on_every_project_of_a_demo_file() {
    let (_dir, db) = fresh_db().await;
    let today = d("2026-11-16");
    demo::generate_on(&db, 60, 4, today).await.expect("demo");
    let listed = risks::counts_on(&db, false, today).await.expect("counts");
    let portfolio = rows(&db, today).await;
    assert_eq!(listed.len(), portfolio.len());
    let mut seen = HashSet::new();
    for row in &portfolio {
        let page = board::board_on(&db, row.id, today).await.expect("board");
        let on_page: Vec<RiskCode> = page.risks.iter().map(|r| r.code).collect();
        let count = listed
            .iter()
            .find(|c| c.project_id == row.id)
            .expect("listed");
        assert_eq!(count.codes, on_page, "{}", row.customer_name);
        assert_eq!(row.risks, on_page, "{}", row.customer_name);
        seen.extend(on_page);
    }
    assert!(seen.len() >= 3, "the demo shows several rules: {seen:?}");
    db.close().await;
}

#[tokio::test]
async fn a_late_goal_is_overdue_while_onboarding_and_needs_a_decision_once_finished() {
    let (_dir, db) = fresh_db().await;
    let id = firstgoal_core::playbooks::create_project(
        &db,
        &input("Finish KK", "2026-01-05", "2026-01-12"),
        &firstgoal_core::playbooks::PlaybookRef::Builtin {
            key: "low_touch".to_owned(),
        },
        firstgoal_core::settings::Language::En,
    )
    .await
    .expect("create")
    .project
    .id;
    // The one-month goal (due 2026-02-12) is open on 2026-03-01.
    let today = d("2026-03-01");
    let plan = stages::plan(&db, id, today).await.expect("plan");
    let first = projects::get(&db, id).await.expect("get").milestones[0].id;
    let timing_of = |plan: &stages::ProjectPlan| {
        plan.milestone_timing
            .iter()
            .find(|m| m.milestone_id == first)
            .map(|m| m.timing)
    };
    assert_eq!(timing_of(&plan), Some(Timing::Overdue));
    let row = &rows(&db, today).await[0];
    assert_eq!(row.flags, [PortfolioFlag::OverdueMilestone]);
    let next = row.next_milestone.as_ref().expect("next");
    assert_eq!((next.days_to, next.timing), (-17, Timing::Overdue));

    // Through to the last stage: the same goal now needs a decision, not more work.
    let mut version = plan.version;
    for date in ["2026-01-20", "2026-01-25", "2026-01-28"] {
        version = stages::advance(&db, id, version, date, today)
            .await
            .expect("advance")
            .version;
    }
    let plan = stages::plan(&db, id, today).await.expect("plan");
    assert_eq!(timing_of(&plan), Some(Timing::NeedsDecision));
    let row = &rows(&db, today).await[0];
    assert_eq!(row.flags, [PortfolioFlag::NeedsDecision]);
    let next = row.next_milestone.as_ref().expect("next");
    assert_eq!(next.timing, Timing::NeedsDecision);
    db.close().await;
}

#[tokio::test]
async fn the_demo_file_decides_most_goals_that_came_due() {
    let (_dir, db) = fresh_db().await;
    let today = d("2026-11-16");
    demo::generate_on(&db, 300, 1, today).await.expect("demo");
    let portfolio = rows(&db, today).await;
    let flagged = |flag| portfolio.iter().filter(|r| r.flags.contains(&flag)).count();
    let overdue = flagged(PortfolioFlag::OverdueMilestone);
    let undecided = flagged(PortfolioFlag::NeedsDecision);
    // A team that keeps its goals up to date: a few late goals, fewer forgotten ones.
    assert!(overdue > 0 && overdue < 300 / 5, "overdue {overdue}");
    assert!(undecided < 300 / 10, "needs a decision {undecided}");
    let far_overdue = portfolio
        .iter()
        .filter_map(|r| r.next_milestone.as_ref())
        .filter(|m| m.days_to < -90)
        .count();
    assert_eq!(far_overdue, 0, "no goal is left open months after its date");
    db.close().await;
}
