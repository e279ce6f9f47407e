//! First-goal milestones: the three horizons and how their due dates follow the kickoff date,
//! custom milestones, each milestone's status (planned → achieved or missed) with its evidence and
//! owners, and whether it is overdue or due soon on a given day.

use chrono::{Days, Months, NaiveDate};
use serde::{Deserialize, Serialize};
use specta::Type;

use crate::error::{FieldCode, Result};
use crate::validation::{Checker, MAX_NAME_CHARS, MAX_TEXT_CHARS};

/// The changes of a project's milestones (they answer with the project), where callers of
/// milestones look for them.
pub use crate::projects::milestones::{
    add_custom, delete_custom, follow_kickoff, override_due_date, set_goal, update,
};

/// How many days ahead a milestone counts as due soon.
pub const DUE_SOON_DAYS: u64 = 7;

/// The three first-goal horizons, counted in calendar months from the kickoff.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum Horizon {
    OneMonth,
    ThreeMonths,
    OneYear,
}

impl Horizon {
    pub const ALL: [Horizon; 3] = [Horizon::OneMonth, Horizon::ThreeMonths, Horizon::OneYear];

    pub fn months(self) -> u32 {
        match self {
            Horizon::OneMonth => 1,
            Horizon::ThreeMonths => 3,
            Horizon::OneYear => 12,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Horizon::OneMonth => "one_month",
            Horizon::ThreeMonths => "three_months",
            Horizon::OneYear => "one_year",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|h| h.as_str() == s)
    }

    /// The due date derived from the kickoff. Calendar months: a day that does not exist in the
    /// target month becomes that month's last day (31 January + 1 month = 28 or 29 February).
    pub fn due_date(self, kickoff: NaiveDate) -> NaiveDate {
        kickoff
            .checked_add_months(Months::new(self.months()))
            .unwrap_or(NaiveDate::MAX)
    }
}

/// Where a milestone stands.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum MilestoneStatus {
    #[default]
    Planned,
    InProgress,
    Achieved,
    Missed,
}

impl MilestoneStatus {
    pub const ALL: [MilestoneStatus; 4] = [
        MilestoneStatus::Planned,
        MilestoneStatus::InProgress,
        MilestoneStatus::Achieved,
        MilestoneStatus::Missed,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            MilestoneStatus::Planned => "planned",
            MilestoneStatus::InProgress => "in_progress",
            MilestoneStatus::Achieved => "achieved",
            MilestoneStatus::Missed => "missed",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|v| v.as_str() == s)
    }
}

/// Whether a milestone needs attention on a given day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum Timing {
    /// Achieved: nothing more to watch.
    Done,
    /// Past its due date and not achieved.
    Overdue,
    /// Due within [`DUE_SOON_DAYS`] days (today included).
    DueSoon,
    /// Further ahead.
    Upcoming,
}

/// A dated goal of a project: one of the three horizons, or a custom milestone (`horizon` null).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct Milestone {
    pub id: i64,
    pub project_id: i64,
    /// `None` for a custom milestone, which has a `title` instead.
    pub horizon: Option<Horizon>,
    pub title: String,
    /// ISO date `YYYY-MM-DD`.
    pub due_date: NaiveDate,
    /// True when the date was set by hand and no longer follows the kickoff date.
    pub due_date_manual: bool,
    /// Why the derived date was overridden (kept with the override).
    pub due_date_reason: String,
    /// Object level: the state the customer reaches.
    pub goal: String,
    /// Achievement level: the measurable criterion that says the goal is reached.
    pub criterion: String,
    pub status: MilestoneStatus,
    pub achieved_on: Option<NaiveDate>,
    pub evidence: String,
    /// The customer-side owner, by name. Stakeholder records are not linked yet, so this is free
    /// text until milestones can point at a stakeholder.
    pub customer_owner: String,
    /// The internal owner: a team member.
    pub internal_owner_id: Option<i64>,
}

impl Milestone {
    /// Overdue, due soon, upcoming or done, on `today`.
    pub fn timing(&self, today: NaiveDate) -> Timing {
        timing(self.status, self.due_date, today)
    }
}

/// The timing rule on its own, for callers that hold only the columns.
pub fn timing(status: MilestoneStatus, due_date: NaiveDate, today: NaiveDate) -> Timing {
    if status == MilestoneStatus::Achieved {
        Timing::Done
    } else if due_date < today {
        Timing::Overdue
    } else if due_date
        <= today
            .checked_add_days(Days::new(DUE_SOON_DAYS))
            .unwrap_or(today)
    {
        Timing::DueSoon
    } else {
        Timing::Upcoming
    }
}

/// What the milestone form sends. `achieved_on` is an ISO date, empty when not achieved.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct MilestoneInput {
    /// Required for a custom milestone; ignored for the three horizons.
    pub title: String,
    pub goal: String,
    pub criterion: String,
    pub status: MilestoneStatus,
    pub achieved_on: String,
    pub evidence: String,
    pub customer_owner: String,
    pub internal_owner_id: Option<i64>,
}

/// A validated [`MilestoneInput`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidMilestone {
    pub title: String,
    pub goal: String,
    pub criterion: String,
    pub status: MilestoneStatus,
    pub achieved_on: Option<NaiveDate>,
    pub evidence: String,
    pub customer_owner: String,
    pub internal_owner_id: Option<i64>,
}

impl MilestoneInput {
    /// Checks the input for a milestone of a project that kicked off on `kickoff`.
    pub fn validate(&self, custom: bool, kickoff: NaiveDate) -> Result<ValidMilestone> {
        let mut check = Checker::new();
        let title = check.text("title", &self.title, MAX_NAME_CHARS, custom);
        let goal = check.text("goal", &self.goal, MAX_TEXT_CHARS, false);
        let criterion = check.text("criterion", &self.criterion, MAX_TEXT_CHARS, false);
        let evidence = check.text("evidence", &self.evidence, MAX_TEXT_CHARS, false);
        let customer_owner = check.text(
            "customer_owner",
            &self.customer_owner,
            MAX_NAME_CHARS,
            false,
        );
        let achieved = self.status == MilestoneStatus::Achieved;
        let mut achieved_on = None;
        if achieved {
            if criterion.is_empty() {
                check.fail("criterion", FieldCode::CriterionRequired);
            }
            achieved_on = check.date("achieved_on", &self.achieved_on);
            if achieved_on.is_some_and(|d| d < kickoff) {
                check.fail("achieved_on", FieldCode::BeforeKickoff);
            }
        }
        let status = self.status;
        let internal_owner_id = self.internal_owner_id;
        check.finish(|| ValidMilestone {
            title: if custom { title } else { String::new() },
            goal,
            criterion,
            status,
            achieved_on,
            evidence,
            customer_owner,
            internal_owner_id,
        })
    }
}

/// Checks a hand-set due date and its reason.
pub fn validate_override(due_date: &str, reason: &str) -> Result<(NaiveDate, String)> {
    let mut check = Checker::new();
    let date = check.date("due_date", due_date);
    let reason = check.text("due_date_reason", reason, MAX_TEXT_CHARS, true);
    check.finish(|| (date.unwrap_or_default(), reason))
}
