//! First-goal milestones: the three horizons and how their due dates follow the kickoff date.

use chrono::{Months, NaiveDate};
use serde::{Deserialize, Serialize};
use specta::Type;

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

/// A dated first goal of a project.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct Milestone {
    pub id: i64,
    pub project_id: i64,
    pub horizon: Horizon,
    /// ISO date `YYYY-MM-DD`.
    pub due_date: NaiveDate,
    /// True when the date was set by hand and no longer follows the kickoff date.
    pub due_date_manual: bool,
    /// Object level: the state the customer reaches.
    pub goal: String,
    /// Achievement level: the measurable criterion that says the goal is reached.
    pub criterion: String,
}
