//! "This week": what needs the user's attention across the file's projects (archived ones left
//! out), most urgent first, each item carrying what the UI needs to open the place where it is
//! fixed. Every rule is the one the rest of the app uses: milestone timing
//! ([`crate::milestones::timing`]), the risk flags ([`crate::facts::codes_on`] over the facts
//! cache), overdue actions and long holds ([`crate::stages`]), the weekly journey review
//! ([`crate::journey::review_overdue_on`]). `collect.rs` applies them to the loaded facts,
//! `names.rs` names the people of the items shown, `me.rs` keeps who the user is,
//! `reminder.rs` words the daily notification.

mod collect;
mod me;
mod names;
mod reminder;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use specta::Type;

use crate::db::Db;
use crate::error::{CoreError, Refusal, Result};
use crate::milestones::Horizon;

pub use me::{me, set_me};
pub use reminder::reminder_text;

/// Most items one answer lists; the counts always cover every item.
pub const MAX_ITEMS: usize = 500;

/// What an item is about. [`WeekKind::ALL`] is the order of urgency: a dated commitment that has
/// slipped first, then what is about to slip, then the people picture, then what has stalled.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Serialize,
    Deserialize,
    Type,
    strum::IntoStaticStr,
    strum::VariantArray,
)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum WeekKind {
    /// A first goal (or custom milestone) past its due date and not achieved.
    GoalOverdue,
    /// An open stage action past its due date.
    ActionOverdue,
    /// A first goal due within the next 7 days (today included).
    GoalDueSoon,
    /// A first goal past its due date in a project that finished onboarding, never marked
    /// achieved or missed: someone has to decide which it was.
    GoalUndecided,
    /// No active decision-maker among the stakeholders.
    NoDecisionMaker,
    /// A decision-maker who did not attend the kickoff.
    DecisionMakerAbsent,
    /// A key person not touched for more than the file's untouched days.
    KeyPersonUntouched,
    /// A stakeholder whose last heat entries only went down.
    HeatFalling,
    /// On hold for more than [`crate::stages::LONG_HOLD_DAYS`] days.
    LongHold,
    /// A journey without a review for more than [`crate::journey::REVIEW_AFTER_DAYS`] days.
    JourneyNotReviewed,
}

impl WeekKind {
    /// Every kind, in order of urgency.
    pub const ALL: &'static [WeekKind] = <WeekKind as strum::VariantArray>::VARIANTS;

    pub fn as_str(self) -> &'static str {
        self.into()
    }
}

/// One thing to look at, and where it is fixed: the project page (goals, holds, decision-maker),
/// the stage panel (`stage_id`, `action_id`), the people page (stakeholder rules), the journey
/// (`journey_id`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct WeekItem {
    pub kind: WeekKind,
    pub project_id: i64,
    pub customer_name: String,
    /// The date the item is about: the goal's or action's due date, the key persons' oldest
    /// touch (or the kickoff), the hold's start, the journey's last review; `None` for the rules
    /// without one (decision-maker, heat).
    pub date: Option<NaiveDate>,
    /// The first day the item needed attention (`None` when that cannot be told): what "new
    /// since the last reminder" and the order within a kind go by.
    pub since: Option<NaiveDate>,
    /// The goal's horizon; `None` for a custom milestone and for the other kinds.
    pub horizon: Option<Horizon>,
    /// A custom milestone's title, an action's title or a journey's name; empty otherwise.
    pub title: String,
    pub stage_id: Option<i64>,
    pub action_id: Option<i64>,
    pub journey_id: Option<i64>,
    /// The people concerned (stakeholder rules only), in list order.
    pub names: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Type)]
pub struct KindCount {
    pub kind: WeekKind,
    pub count: u32,
}

/// What the "This week" screen and `firstgoal-cli week` show.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct Week {
    pub today: NaiveDate,
    /// True when only the projects of `me` are counted.
    pub mine: bool,
    /// Who the user is among the team members, if they said so in Settings.
    pub me: Option<crate::team::TeamMember>,
    /// N of "a key person not touched for N days" (the file setting).
    pub untouched_days: u32,
    /// Every kind in [`WeekKind::ALL`] order, zeros included.
    pub counts: Vec<KindCount>,
    /// Every item counted, of every kind.
    pub total: u32,
    /// The items of the kind asked (or of every kind), most urgent first, at most [`MAX_ITEMS`].
    pub items: Vec<WeekItem>,
    /// How many items of the kind asked there are, listed or not.
    pub matching: u32,
}

/// What the screen asks for.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct WeekQuery {
    /// Only the projects the user (see [`me`]) is on the team of.
    pub mine: bool,
    /// Only items of this kind (the counts still cover every kind).
    pub kind: Option<WeekKind>,
}

pub async fn get(db: &Db, query: WeekQuery) -> Result<Week> {
    get_on(db, query, crate::today()).await
}

/// "This week" as of `today`.
pub async fn get_on(db: &Db, query: WeekQuery, today: NaiveDate) -> Result<Week> {
    let me = me(db).await?;
    let only = match (query.mine, &me) {
        (false, _) => None,
        (true, Some(member)) => Some(member.id),
        (true, None) => return Err(CoreError::Refused(Refusal::MeNotSet)),
    };
    let untouched_days = crate::risks::untouched_days(db).await?;
    // The actions come after the overdue goals: only as many as can still be listed are read.
    let action_items = if query.kind.is_none_or(|k| k == WeekKind::ActionOverdue) {
        MAX_ITEMS
    } else {
        0
    };
    let scope = collect::Scope {
        action_items,
        new_after: None,
    };
    let collect::Collected {
        items: all,
        actions_overdue,
        kickoffs,
        ..
    } = collect::items(db, only, untouched_days, today, scope).await?;
    let counts = count(&all, actions_overdue);
    let total = counts.iter().map(|c| c.count).sum();
    let matching = match query.kind {
        None => total,
        Some(kind) => counts
            .iter()
            .find(|c| c.kind == kind)
            .map_or(0, |c| c.count),
    };
    let mut items: Vec<WeekItem> = all
        .into_iter()
        .filter(|i| query.kind.is_none_or(|k| k == i.kind))
        .collect();
    items.truncate(MAX_ITEMS);
    collect::titles(db, &mut items).await?;
    names::fill(db, &mut items, &kickoffs, untouched_days, today).await?;
    Ok(Week {
        today,
        mine: query.mine,
        me,
        untouched_days,
        counts,
        total,
        items,
        matching,
    })
}

/// The items of every kind counted per kind, in [`WeekKind::ALL`] order; the overdue actions
/// are counted apart (`actions_overdue`), since only the first of them are items.
fn count(items: &[WeekItem], actions_overdue: u32) -> Vec<KindCount> {
    WeekKind::ALL
        .iter()
        .map(|&kind| KindCount {
            kind,
            count: if kind == WeekKind::ActionOverdue {
                actions_overdue
            } else {
                u32::try_from(items.iter().filter(|i| i.kind == kind).count()).unwrap_or(u32::MAX)
            },
        })
        .collect()
}

/// What a reminder says: the items that needed attention after `last` (every item when there
/// was no reminder before), counted per kind (kinds without new items left out), over the
/// projects of `me` when the user said who they are, else over every project.
pub async fn new_since(
    db: &Db,
    last: Option<NaiveDate>,
    today: NaiveDate,
) -> Result<Vec<KindCount>> {
    let only = me(db).await?.map(|m| m.id);
    let untouched_days = crate::risks::untouched_days(db).await?;
    let scope = collect::Scope {
        action_items: 0,
        new_after: last,
    };
    let collected = collect::items(db, only, untouched_days, today, scope).await?;
    let fresh: Vec<WeekItem> = collected
        .items
        .into_iter()
        .filter(|i| match (last, i.since) {
            (None, _) => true,
            (Some(last), Some(since)) => since > last,
            // Without a date the item cannot be told new: it was in the earlier reminder.
            (Some(_), None) => false,
        })
        .collect();
    Ok(count(&fresh, collected.actions_overdue_new)
        .into_iter()
        .filter(|c| c.count > 0)
        .collect())
}
