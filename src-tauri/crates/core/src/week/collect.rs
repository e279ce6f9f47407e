//! The items of "this week" from the facts cache, the open dated actions and the journeys' last
//! reviews, each rule applied as the rest of the app applies it, most urgent first.

use std::collections::HashMap;

use chrono::{Days, NaiveDate};

use super::{WeekItem, WeekKind};
use crate::db::Db;
use crate::error::Result;
use crate::facts::{ProjectFacts, RiskRow, codes_on};
use crate::milestones::{DUE_SOON_DAYS, Timing, timing};
use crate::risks::RiskCode;
use crate::stages::{LONG_HOLD_DAYS, on_hold_for_long};

/// The items found, and the kickoff of each project looked at (the people rules count from it).
pub(super) struct Collected {
    pub items: Vec<WeekItem>,
    pub kickoffs: HashMap<i64, NaiveDate>,
}

/// Every item of the projects that are not archived (only those with `only` on their team, when
/// given), sorted: by kind in [`WeekKind::ALL`] order, then oldest first.
pub(super) async fn items(
    db: &Db,
    only: Option<i64>,
    untouched_days: u32,
    today: NaiveDate,
) -> Result<Collected> {
    let projects = crate::facts::facts_and_risks(db).await?;
    let actions = crate::stages::open_dated_actions(db, today).await?;
    let journeys = crate::journey::review_dates(db).await?;

    let mut items = Vec::new();
    let mut names: HashMap<i64, &str> = HashMap::new();
    let mut kickoffs = HashMap::new();
    for (facts, risks) in &projects {
        if only.is_some_and(|member| !facts.member_ids.contains(&member)) {
            continue;
        }
        names.insert(facts.id, &facts.customer_name);
        kickoffs.insert(facts.id, facts.kickoff_date);
        goals(facts, today, &mut items);
        hold(facts, today, &mut items);
        people(facts, risks, untouched_days, today, &mut items);
    }
    for dated in actions.iter().filter(|a| a.action.overdue) {
        let Some(name) = names.get(&dated.project_id) else {
            continue;
        };
        let mut item = item(WeekKind::ActionOverdue, dated.project_id, name);
        item.date = dated.action.due_date;
        item.since = dated.action.due_date.and_then(|d| after(d, 0));
        item.title = dated.action.title.clone();
        item.stage_id = Some(dated.action.stage_id);
        item.action_id = Some(dated.action.id);
        items.push(item);
    }
    for journey in &journeys {
        let Some(name) = names.get(&journey.project_id) else {
            continue;
        };
        if crate::journey::review_overdue_on(journey.last_reviewed, today) {
            let mut item = item(WeekKind::JourneyNotReviewed, journey.project_id, name);
            item.date = Some(journey.last_reviewed);
            item.since = after(journey.last_reviewed, crate::journey::REVIEW_AFTER_DAYS);
            item.title = journey.name.clone();
            item.journey_id = Some(journey.journey_id);
            items.push(item);
        }
    }
    items.sort_by(|a, b| {
        (a.kind, a.since.is_none(), a.since, a.project_id)
            .cmp(&(b.kind, b.since.is_none(), b.since, b.project_id))
            .then_with(|| {
                (a.date, a.action_id, a.journey_id).cmp(&(b.date, b.action_id, b.journey_id))
            })
            .then_with(|| a.title.cmp(&b.title))
    });
    Ok(Collected { items, kickoffs })
}

/// The day after `days` days have passed since `date`: the first day a "more than `days` days"
/// rule fires.
fn after(date: NaiveDate, days: i64) -> Option<NaiveDate> {
    date.checked_add_days(Days::new(u64::try_from(days).ok()? + 1))
}

fn item(kind: WeekKind, project_id: i64, customer_name: &str) -> WeekItem {
    WeekItem {
        kind,
        project_id,
        customer_name: customer_name.to_owned(),
        date: None,
        since: None,
        horizon: None,
        title: String::new(),
        stage_id: None,
        action_id: None,
        journey_id: None,
        names: Vec::new(),
    }
}

/// First goals overdue, due soon or needing a decision, by the milestones' own timing rule.
fn goals(facts: &ProjectFacts, today: NaiveDate, items: &mut Vec<WeekItem>) {
    for m in &facts.milestones {
        let (kind, since) = match timing(m.status, m.due_date, today, facts.finished()) {
            Timing::Overdue => (WeekKind::GoalOverdue, after(m.due_date, 0)),
            Timing::NeedsDecision => (WeekKind::GoalUndecided, after(m.due_date, 0)),
            Timing::DueSoon => (
                WeekKind::GoalDueSoon,
                m.due_date.checked_sub_days(Days::new(DUE_SOON_DAYS)),
            ),
            Timing::Done | Timing::Upcoming => continue,
        };
        let mut item = item(kind, facts.id, &facts.customer_name);
        item.date = Some(m.due_date);
        item.since = since;
        item.horizon = m.horizon;
        item.title = m.title.clone();
        items.push(item);
    }
}

/// The project's current hold, when it has lasted for long.
fn hold(facts: &ProjectFacts, today: NaiveDate, items: &mut Vec<WeekItem>) {
    if let Some(pause) = facts
        .pauses
        .iter()
        .find(|p| on_hold_for_long(p.start, p.end, today))
    {
        let mut item = item(WeekKind::LongHold, facts.id, &facts.customer_name);
        item.date = Some(pause.start);
        item.since = after(pause.start, LONG_HOLD_DAYS);
        items.push(item);
    }
}

/// The stakeholder rules of the risk flags, as the project list shows them on `today`.
fn people(
    facts: &ProjectFacts,
    risks: &RiskRow,
    untouched_days: u32,
    today: NaiveDate,
    items: &mut Vec<WeekItem>,
) {
    for code in codes_on(risks, untouched_days, today) {
        let kind = match code {
            RiskCode::NoDecisionMaker => WeekKind::NoDecisionMaker,
            RiskCode::DecisionMakerAbsent => WeekKind::DecisionMakerAbsent,
            RiskCode::KeyPersonUntouched => WeekKind::KeyPersonUntouched,
            RiskCode::HeatFalling => WeekKind::HeatFalling,
            _ => continue,
        };
        let mut item = item(kind, facts.id, &facts.customer_name);
        if kind == WeekKind::KeyPersonUntouched {
            item.date = risks.untouched_since;
            item.since = risks
                .untouched_since
                .and_then(|d| after(d, i64::from(untouched_days)));
        }
        items.push(item);
    }
}
