//! A project's stages (from its playbook), the dates it entered and left each, the actions that
//! lead to the next stage, its on-hold periods, and the one-glance plan: current stage, time in
//! stage, next actions, milestone timing and time-to-value so far.

mod localize;
mod overdue;
mod plan;
mod store;
mod template;

use chrono::NaiveDate;
use serde::Serialize;
use specta::Type;

use crate::milestones::Timing;
use crate::team::TeamMember;
use crate::ttv::Ttv;

pub use localize::{builtin_texts, localize};
pub use overdue::{DatedAction, overdue_actions_of};
pub use plan::{plan, plan_in};
pub use store::{add_action, add_hold, advance, end_hold, reorder, set_action_done};
pub(crate) use template::after;
pub use template::create_project;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct StageAction {
    pub id: i64,
    pub stage_id: i64,
    pub title: String,
    /// `customer`, `sales`, `cs`, `product`, `management`, or a department the user named.
    pub department: String,
    pub due_date: Option<NaiveDate>,
    /// When it was done; `None` while open.
    pub done_on: Option<NaiveDate>,
    /// Open and past its due date, on the plan's day ([`action_overdue`]).
    pub overdue: bool,
}

/// Days after which a project still on hold is "on hold for long" (a month: a hold longer than
/// that usually means the project has stalled rather than paused).
pub const LONG_HOLD_DAYS: i64 = 30;

/// An action is overdue on `today` when it is open and its due date has passed (an action due
/// today is not late yet).
pub fn action_overdue(due: Option<NaiveDate>, done: Option<NaiveDate>, today: NaiveDate) -> bool {
    done.is_none() && due.is_some_and(|d| d < today)
}

/// A hold that began on `start` and has not ended by `today` has lasted for long: more than
/// [`LONG_HOLD_DAYS`] days.
pub fn on_hold_for_long(start: NaiveDate, end: Option<NaiveDate>, today: NaiveDate) -> bool {
    start <= today && end.is_none_or(|e| e > today) && (today - start).num_days() > LONG_HOLD_DAYS
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct ProjectStage {
    pub id: i64,
    /// 1-based order.
    pub position: i64,
    pub name: String,
    pub definition: String,
    pub exit_criteria: String,
    pub entered_on: Option<NaiveDate>,
    pub exited_on: Option<NaiveDate>,
    /// Days spent in the stage: until it was left, or until today for the current stage.
    pub days_in_stage: Option<i64>,
    pub actions: Vec<StageAction>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct Hold {
    pub id: i64,
    pub start_date: NaiveDate,
    pub end_date: Option<NaiveDate>,
    pub note: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Type)]
pub struct MilestoneTiming {
    pub milestone_id: i64,
    pub timing: Timing,
}

/// Everything about a project's progress, as of `today`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct ProjectPlan {
    pub project_id: i64,
    /// The project's version, for the next change.
    pub version: i64,
    pub today: NaiveDate,
    pub playbook_name: String,
    pub stages: Vec<ProjectStage>,
    /// The stage the project is in (entered, not left).
    pub current_stage_id: Option<i64>,
    /// Open actions of the current stage, by due date.
    pub next_actions: Vec<StageAction>,
    pub holds: Vec<Hold>,
    pub on_hold: bool,
    pub ttv: Ttv,
    pub milestone_timing: Vec<MilestoneTiming>,
    pub team: Vec<TeamMember>,
}
