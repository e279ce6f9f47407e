//! "This week": every kind of item appears on a prepared file, most urgent first; the thresholds
//! hold at their edges; "mine" keeps the projects of the user's team; archived projects stay out.

use chrono::Days;
use firstgoal_core::error::{FieldCode, Refusal};
use firstgoal_core::milestones::Horizon;
use firstgoal_core::settings::Language;
use firstgoal_core::stakeholders::{self, ProjectRole};
use firstgoal_core::team::{self, TeamRole};
use firstgoal_core::week::{self, KindCount, Week, WeekKind, WeekQuery};
use firstgoal_core::{CoreError, Db, projects, risks, stages};

use crate::stakeholders::{add, id_of, pid, version};
use crate::{d, fe, field_errors, fresh_db, input};

use WeekKind::*;

/// The day the prepared file is looked at.
const TODAY: &str = "2026-02-20";

struct Prepared {
    alpha: i64,
    beta: i64,
    gamma: i64,
    overdue_action: i64,
}

/// Alpha ("Stage KK"): 1-month goal due 02-12 (overdue), an action due 02-19 (overdue) and one due today, no
/// decision-maker. Beta: 1-month goal due 02-27 (due within 7 days), an absent decision-maker and
/// a key person never touched since the 01-27 kickoff, whose heat falls. Gamma: 1-month goal due
/// 02-05, on hold since 01-20, no decision-maker. Delta: archived, overdue.
async fn prepare(db: &Db) -> Prepared {
    let today = d(TODAY);
    // Kickoff 2026-01-12, from the low-touch playbook.
    let alpha = crate::stages::low_touch_project(db).await;
    // The playbook's own actions are done, so only the two below are open.
    let mut plan = stages::plan(db, alpha, today).await.expect("plan");
    let template: Vec<i64> = plan
        .stages
        .iter()
        .flat_map(|s| s.actions.iter().map(|a| a.id))
        .collect();
    for action in template {
        plan = stages::set_action_done(db, action, plan.version, Some("2026-01-15"), today)
            .await
            .expect("done");
    }
    let stage = plan.current_stage_id.expect("a current stage");
    for (title, due) in [("Send the login guide", "2026-02-19"), ("Call IT", TODAY)] {
        plan = stages::add_action(db, stage, plan.version, title, "cs", due, today)
            .await
            .expect("action");
    }
    let overdue_action = plan
        .stages
        .iter()
        .flat_map(|s| &s.actions)
        .find(|a| a.title == "Send the login guide")
        .map(|a| a.id)
        .expect("the action");

    let beta = projects::create(db, &input("Beta KK", "2026-01-20", "2026-01-27"))
        .await
        .expect("beta");
    let board = stakeholders::board(db, beta.project.id)
        .await
        .expect("board");
    let board = add(db, &board, "部長", |p| {
        p.roles = vec![ProjectRole::DecisionMaker];
        p.key_person = true;
        p.attended_kickoff = false;
    })
    .await;
    let board = add(db, &board, "担当", |p| p.key_person = true).await;
    let worker = id_of(&board, "担当");
    let board = stakeholders::add_heat_entry(db, worker, version(&board), "2026-01-27", 5)
        .await
        .expect("heat");
    stakeholders::add_heat_entry(db, worker, version(&board), "2026-02-10", 3)
        .await
        .expect("heat");

    let gamma = projects::create(db, &input("Gamma KK", "2026-01-01", "2026-01-05"))
        .await
        .expect("gamma");
    stages::add_hold(
        db,
        gamma.project.id,
        gamma.project.version,
        "2026-01-20",
        "",
        today,
    )
    .await
    .expect("hold");

    let delta = projects::create(db, &input("Delta KK", "2026-01-01", "2026-01-05"))
        .await
        .expect("delta");
    projects::set_archived(db, delta.project.id, delta.project.version, true)
        .await
        .expect("archive");
    Prepared {
        alpha,
        beta: pid(&board),
        gamma: gamma.project.id,
        overdue_action,
    }
}

async fn week_on(db: &Db, mine: bool, today: &str) -> Week {
    week::get_on(db, WeekQuery { mine, kind: None }, d(today))
        .await
        .expect("week")
}

fn counts(week: &Week) -> Vec<(WeekKind, u32)> {
    week.counts
        .iter()
        .filter(|c| c.count > 0)
        .map(|c| (c.kind, c.count))
        .collect()
}

fn listed(week: &Week) -> Vec<(WeekKind, i64)> {
    week.items.iter().map(|i| (i.kind, i.project_id)).collect()
}

#[tokio::test]
async fn every_kind_appears_most_urgent_first() {
    let (_dir, db) = fresh_db().await;
    let p = prepare(&db).await;
    let w = week_on(&db, false, TODAY).await;

    assert_eq!(
        listed(&w),
        [
            (GoalOverdue, p.gamma),
            (GoalOverdue, p.alpha),
            (ActionOverdue, p.alpha),
            (GoalDueSoon, p.beta),
            (NoDecisionMaker, p.alpha),
            (NoDecisionMaker, p.gamma),
            (DecisionMakerAbsent, p.beta),
            (KeyPersonUntouched, p.beta),
            (HeatFalling, p.beta),
            (LongHold, p.gamma),
        ]
    );
    assert_eq!(w.total, 10);
    assert_eq!(w.matching, 10);
    assert_eq!(w.counts.len(), WeekKind::ALL.len());
    assert!(w.counts.contains(&KindCount {
        kind: JourneyNotReviewed,
        count: 0
    }));

    let goal = &w.items[1];
    assert_eq!(
        (goal.customer_name.as_str(), goal.horizon, goal.date),
        ("Stage KK", Some(Horizon::OneMonth), Some(d("2026-02-12")))
    );
    assert_eq!(goal.since, Some(d("2026-02-13")));
    let action = &w.items[2];
    assert_eq!(action.action_id, Some(p.overdue_action));
    assert_eq!(action.title, "Send the login guide");
    assert!(action.stage_id.is_some());
    assert_eq!(w.items[6].names, ["部長"]);
    let cold = &w.items[7];
    assert_eq!(cold.names, ["部長", "担当"]);
    assert_eq!(cold.date, Some(d("2026-01-27")));
    assert_eq!(cold.since, Some(d("2026-02-11")));
    assert_eq!(w.items[8].names, ["担当"]);
    assert_eq!(w.items[9].date, Some(d("2026-01-20")));

    // The stage panel marks the same action overdue, and not the one due today.
    let plan = stages::plan(&db, p.alpha, d(TODAY)).await.expect("plan");
    let marked: Vec<&str> = plan
        .stages
        .iter()
        .flat_map(|s| &s.actions)
        .filter(|a| a.overdue)
        .map(|a| a.title.as_str())
        .collect();
    assert_eq!(marked, ["Send the login guide"]);

    // One kind asked: only its items, the counts unchanged.
    let only = week::get_on(
        &db,
        WeekQuery {
            mine: false,
            kind: Some(NoDecisionMaker),
        },
        d(TODAY),
    )
    .await
    .expect("week");
    assert_eq!(
        listed(&only),
        [(NoDecisionMaker, p.alpha), (NoDecisionMaker, p.gamma)]
    );
    assert_eq!((only.matching, only.total), (2, 10));
    assert_eq!(only.counts, w.counts);
}

#[tokio::test]
async fn thresholds_hold_at_their_edges() {
    let (_dir, db) = fresh_db().await;
    let p = prepare(&db).await;

    // A day earlier: the action due 02-19 is due today (not late), Beta's goal is 8 days away,
    // Gamma's hold has lasted exactly 30 days.
    let before = week_on(&db, false, "2026-02-19").await;
    let kinds: Vec<WeekKind> = before.items.iter().map(|i| i.kind).collect();
    assert!(!kinds.contains(&ActionOverdue), "{kinds:?}");
    assert!(!kinds.contains(&GoalDueSoon), "{kinds:?}");
    assert!(!kinds.contains(&LongHold), "{kinds:?}");

    // Untouched for 24 days: fires with N = 23, not with N = 24.
    risks::set_untouched_days(&db, 24).await.expect("setting");
    let at = week_on(&db, false, TODAY).await;
    assert!(!at.items.iter().any(|i| i.kind == KeyPersonUntouched));
    assert_eq!(at.untouched_days, 24);
    risks::set_untouched_days(&db, 23).await.expect("setting");
    let over = week_on(&db, false, TODAY).await;
    assert!(
        over.items
            .iter()
            .any(|i| i.kind == KeyPersonUntouched && i.project_id == p.beta)
    );

    // Achieving the goal takes it off the list.
    let detail = projects::get(&db, p.alpha).await.expect("alpha");
    let goal = detail
        .milestones
        .iter()
        .find(|m| m.horizon == Some(Horizon::OneMonth))
        .expect("goal");
    let done = firstgoal_core::milestones::MilestoneInput {
        title: String::new(),
        goal: "first team live".into(),
        criterion: "10 users log in".into(),
        status: firstgoal_core::milestones::MilestoneStatus::Achieved,
        achieved_on: "2026-02-18".into(),
        evidence: String::new(),
        customer_owner: String::new(),
        internal_owner_id: None,
    };
    firstgoal_core::milestones::update(&db, goal.id, detail.project.version, &done)
        .await
        .expect("achieve");
    let after = week_on(&db, false, TODAY).await;
    assert!(
        !after
            .items
            .iter()
            .any(|i| i.kind == GoalOverdue && i.project_id == p.alpha)
    );
}

#[tokio::test]
async fn mine_keeps_the_projects_of_my_team() {
    let (_dir, db) = fresh_db().await;
    let p = prepare(&db).await;

    let refused = week::get_on(
        &db,
        WeekQuery {
            mine: true,
            kind: None,
        },
        d(TODAY),
    )
    .await;
    assert!(matches!(
        refused,
        Err(CoreError::Refused(Refusal::MeNotSet))
    ));
    assert_eq!(
        field_errors(week::set_me(&db, Some(999)).await),
        vec![fe("member_id", FieldCode::UnknownMember)]
    );
    assert_eq!(week::me(&db).await.expect("me"), None);

    let aiko = team::create(&db, "Aiko", TeamRole::Csm)
        .await
        .expect("member");
    let alpha = projects::get(&db, p.alpha).await.expect("alpha");
    team::assign(&db, p.alpha, alpha.project.version, aiko.id)
        .await
        .expect("assign");
    assert_eq!(
        week::set_me(&db, Some(aiko.id)).await.expect("me"),
        Some(aiko.clone())
    );

    let mine = week_on(&db, true, TODAY).await;
    assert!(mine.mine);
    assert_eq!(mine.me, Some(aiko));
    assert_eq!(
        listed(&mine),
        [
            (GoalOverdue, p.alpha),
            (ActionOverdue, p.alpha),
            (NoDecisionMaker, p.alpha),
        ]
    );
    assert_eq!(
        counts(&mine),
        [(GoalOverdue, 1), (ActionOverdue, 1), (NoDecisionMaker, 1)]
    );
    assert_eq!(week_on(&db, false, TODAY).await.total, 10);

    assert_eq!(week::set_me(&db, None).await.expect("nobody"), None);
    assert!(
        week::get_on(
            &db,
            WeekQuery {
                mine: true,
                kind: None
            },
            d(TODAY)
        )
        .await
        .is_err()
    );
}

#[tokio::test]
async fn journeys_without_a_review_for_more_than_seven_days() {
    let (_dir, db) = fresh_db().await;
    let (_project, view) = crate::journey::project_journey(&db).await;
    // Created today (never revised): due on the eighth day after.
    let created = firstgoal_core::today();
    let on = |days: u64| created.checked_add_days(Days::new(days)).expect("a date");
    let kinds = |w: &Week| -> Vec<WeekKind> { w.items.iter().map(|i| i.kind).collect() };
    let seventh = week::get_on(&db, WeekQuery::default(), on(7))
        .await
        .expect("week");
    assert!(!kinds(&seventh).contains(&JourneyNotReviewed));
    let eighth = week::get_on(&db, WeekQuery::default(), on(8))
        .await
        .expect("week");
    let item = eighth
        .items
        .iter()
        .find(|i| i.kind == JourneyNotReviewed)
        .expect("the journey is due");
    assert_eq!(item.journey_id, Some(view.journey.id));
    assert_eq!(item.title, "Onboarding");
    assert_eq!(item.date, Some(created));

    // New since the last reminder: the journey became due on the eighth day.
    let fresh = week::new_since(&db, Some(on(7)), on(8)).await.expect("new");
    assert!(fresh.contains(&KindCount {
        kind: JourneyNotReviewed,
        count: 1
    }));
    let none = week::new_since(&db, Some(on(8)), on(8)).await.expect("new");
    assert_eq!(none, []);
}

#[test]
fn a_reminder_counts_the_new_items_in_the_interface_language() {
    let fresh = [
        KindCount {
            kind: GoalOverdue,
            count: 2,
        },
        KindCount {
            kind: JourneyNotReviewed,
            count: 1,
        },
        KindCount {
            kind: HeatFalling,
            count: 0,
        },
    ];
    let (title, body) = week::reminder_text(&fresh, Language::En).expect("a reminder");
    assert_eq!(title, "FirstGoal — This week");
    assert_eq!(body, "2 first goals overdue\n1 journeys not reviewed");
    let (title, body) = week::reminder_text(&fresh, Language::Ja).expect("a reminder");
    assert_eq!(title, "FirstGoal — 今週やること");
    assert_eq!(
        body,
        "期日を過ぎたファーストゴール: 2件\nレビューされていないジャーニー図: 1件"
    );
    assert_eq!(week::reminder_text(&fresh[2..], Language::En), None);
}

/// An overdue first goal of a project that reached its last stage is not late work but a goal
/// nobody decided on: it is listed as needing a decision, after the goals due soon.
#[tokio::test]
async fn a_finished_projects_open_goal_needs_a_decision() {
    let (_dir, db) = fresh_db().await;
    let p = prepare(&db).await;
    let today = d(TODAY);
    let mut plan = stages::plan(&db, p.alpha, today).await.expect("plan");
    while plan.current_stage_id != plan.stages.last().map(|s| s.id) {
        plan = stages::advance(&db, p.alpha, plan.version, TODAY, today)
            .await
            .expect("advance");
    }
    let w = week_on(&db, false, TODAY).await;
    let alpha: Vec<WeekKind> = w
        .items
        .iter()
        .filter(|i| i.project_id == p.alpha)
        .map(|i| i.kind)
        .collect();
    assert!(alpha.contains(&GoalUndecided), "{alpha:?}");
    assert!(!alpha.contains(&GoalOverdue), "{alpha:?}");
    let undecided = w.items.iter().position(|i| i.kind == GoalUndecided);
    let due_soon = w.items.iter().position(|i| i.kind == GoalDueSoon);
    assert!(due_soon < undecided, "{:?}", listed(&w));
    let item = &w.items[undecided.expect("listed")];
    assert_eq!(item.date, Some(d("2026-02-12")));
    db.close().await;
}

/// "This week" reads the actions' due dates and the journeys' last reviews from the facts cache:
/// a change to either shows at once, after the cache was filled.
#[tokio::test]
async fn changed_actions_and_journey_reviews_show_at_once() {
    let (_dir, db) = fresh_db().await;
    let p = prepare(&db).await;
    let of = |w: &Week, kind: WeekKind| -> Vec<i64> {
        w.items
            .iter()
            .filter(|i| i.kind == kind)
            .map(|i| i.project_id)
            .collect()
    };
    let before = week_on(&db, false, TODAY).await;
    assert_eq!(of(&before, ActionOverdue), [p.alpha]);

    // The overdue action done: gone, and counted no more.
    let plan = stages::plan(&db, p.alpha, d(TODAY)).await.expect("plan");
    stages::set_action_done(&db, p.overdue_action, plan.version, Some(TODAY), d(TODAY))
        .await
        .expect("done");
    let done = week_on(&db, false, TODAY).await;
    assert!(of(&done, ActionOverdue).is_empty());
    assert!(done.counts.contains(&KindCount {
        kind: ActionOverdue,
        count: 0
    }));

    // A journey created weeks ago and never revised is due for review; a revision clears it.
    let journey = firstgoal_core::journey::create(
        &db,
        &firstgoal_core::journey::NewJourney {
            project_id: Some(p.beta),
            name: "Rollout".to_owned(),
            template_id: None,
            language: Language::En,
        },
    )
    .await
    .expect("journey")
    .journey;
    assert!(of(&week_on(&db, false, TODAY).await, JourneyNotReviewed).is_empty());
    sqlx::query("UPDATE journeys SET created_at = '2026-02-01T09:00:00Z' WHERE id = ?1")
        .bind(journey.id)
        .execute(db.pool())
        .await
        .expect("age the journey");
    let stale = week_on(&db, false, TODAY).await;
    assert_eq!(of(&stale, JourneyNotReviewed), [p.beta]);
    let item = stale
        .items
        .iter()
        .find(|i| i.kind == JourneyNotReviewed)
        .expect("listed");
    assert_eq!(
        (item.journey_id, item.title.as_str()),
        (Some(journey.id), "Rollout")
    );
    sqlx::query(
        "INSERT INTO journey_revisions (journey_id, name, content, created_at) \
         SELECT id, 'Week 7', content, '2026-02-19T09:00:00Z' FROM journeys WHERE id = ?1",
    )
    .bind(journey.id)
    .execute(db.pool())
    .await
    .expect("revision");
    assert!(of(&week_on(&db, false, TODAY).await, JourneyNotReviewed).is_empty());
    db.close().await;
}
