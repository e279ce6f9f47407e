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
use crate::stages::{DatedAction, LONG_HOLD_DAYS, action_overdue, on_hold_for_long};

/// The items found, and the kickoff of each project looked at (the people rules count from it).
pub(super) struct Collected {
    /// Every item, except that only the most overdue actions are among them.
    pub items: Vec<WeekItem>,
    /// How many actions are overdue in all.
    pub actions_overdue: u32,
    /// How many of them became overdue after `new_after` (all when it is not given).
    pub actions_overdue_new: u32,
    pub kickoffs: HashMap<i64, NaiveDate>,
}

/// Every item of the projects that are not archived (only those with `only` on their team, when
/// given), sorted: by kind in [`WeekKind::ALL`] order, then oldest first. The overdue actions are
/// counted from the facts cache; only the `action_items` most overdue become items, read then.
/// Items carry no journey name yet ([`titles`] adds them to those listed).
pub(super) async fn items(
    db: &Db,
    only: Option<i64>,
    untouched_days: u32,
    today: NaiveDate,
    scope: Scope,
) -> Result<Collected> {
    let projects = crate::facts::facts_and_risks(db).await?;
    let mut items = Vec::new();
    let mut names: HashMap<i64, &str> = HashMap::new();
    let mut kickoffs = HashMap::new();
    let mut overdue: Vec<(NaiveDate, i64)> = Vec::new();
    for (facts, risks) in &projects {
        if only.is_some_and(|member| !facts.member_ids.contains(&member)) {
            continue;
        }
        names.insert(facts.id, &facts.customer_name);
        kickoffs.insert(facts.id, facts.kickoff_date);
        goals(facts, today, &mut items);
        hold(facts, today, &mut items);
        people(facts, risks, untouched_days, today, &mut items);
        journeys(facts, today, &mut items);
        overdue.extend(
            facts
                .action_dues
                .iter()
                .filter(|a| action_overdue(Some(a.due_date), None, today))
                .map(|a| (a.due_date, facts.id)),
        );
    }
    let actions_overdue_new = match scope.new_after {
        // Overdue from the day after the due date: new when due on or after `last`.
        Some(last) => overdue.iter().filter(|(due, _)| *due >= last).count(),
        None => overdue.len(),
    };
    let listed = most_overdue(db, &mut overdue, scope.action_items, today).await?;
    for dated in &listed {
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
    items.sort_by(|a, b| {
        (a.kind, a.since.is_none(), a.since, a.project_id)
            .cmp(&(b.kind, b.since.is_none(), b.since, b.project_id))
            .then_with(|| {
                (a.date, a.action_id, a.journey_id).cmp(&(b.date, b.action_id, b.journey_id))
            })
            .then_with(|| a.title.cmp(&b.title))
    });
    Ok(Collected {
        items,
        actions_overdue: u32::try_from(overdue.len()).unwrap_or(u32::MAX),
        actions_overdue_new: u32::try_from(actions_overdue_new).unwrap_or(u32::MAX),
        kickoffs,
    })
}

/// Which items [`items`] builds beyond the counts.
#[derive(Debug, Clone, Copy)]
pub(super) struct Scope {
    /// How many of the most overdue actions become items.
    pub action_items: usize,
    /// The day of the last reminder: actions overdue since are counted apart.
    pub new_after: Option<NaiveDate>,
}

/// The `limit` most overdue of the actions whose (due date, project) are in `overdue`: their
/// due dates up to the `limit`-th are known from the facts, so only those are read.
async fn most_overdue(
    db: &Db,
    overdue: &mut [(NaiveDate, i64)],
    limit: usize,
    today: NaiveDate,
) -> Result<Vec<DatedAction>> {
    if limit == 0 || overdue.is_empty() {
        return Ok(Vec::new());
    }
    let cut = limit.min(overdue.len()) - 1;
    let (_, &mut (until, _), _) = overdue.select_nth_unstable(cut);
    let mut projects: Vec<i64> = overdue
        .iter()
        .filter(|(due, _)| *due <= until)
        .map(|(_, id)| *id)
        .collect();
    projects.sort_unstable();
    projects.dedup();
    let mut listed = crate::stages::overdue_actions_of(db, &projects, until, today).await?;
    listed.truncate(limit);
    Ok(listed)
}

/// The project's journeys not reviewed for more than a week, by the journeys' own rule, on the
/// local day of their last review.
fn journeys(facts: &ProjectFacts, today: NaiveDate, items: &mut Vec<WeekItem>) {
    for journey in &facts.journeys {
        let last = journey
            .last_reviewed
            .with_timezone(&chrono::Local)
            .date_naive();
        if crate::journey::review_overdue_on(last, today) {
            let mut item = item(WeekKind::JourneyNotReviewed, facts.id, &facts.customer_name);
            item.date = Some(last);
            item.since = after(last, crate::journey::REVIEW_AFTER_DAYS);
            item.journey_id = Some(journey.id);
            items.push(item);
        }
    }
}

/// Names the journeys of the items listed (read for those only).
pub(super) async fn titles(db: &Db, items: &mut [WeekItem]) -> Result<()> {
    let ids: Vec<i64> = items.iter().filter_map(|i| i.journey_id).collect();
    if ids.is_empty() {
        return Ok(());
    }
    let mut names = crate::journey::names_of(db, &ids).await?;
    for item in items.iter_mut() {
        if let Some(name) = item.journey_id.and_then(|id| names.remove(&id)) {
            item.title = name;
        }
    }
    Ok(())
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
