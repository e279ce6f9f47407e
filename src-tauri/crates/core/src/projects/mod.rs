//! Onboarding projects: the customer, the contract and kickoff dates, the touch segment and the
//! owner, plus archiving. Creating a project also creates its three first-goal milestones.

pub(crate) mod milestones;
mod page;
mod store;

use chrono::{DateTime, Months, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use specta::Type;

use crate::error::{FieldCode, Result};
use crate::milestones::Milestone;
use crate::validation::{Checker, MAX_NAME_CHARS};

pub use page::{MAX_PAGE_ROWS, ProjectListPage, ProjectListQuery, page};
pub(crate) use store::{MILESTONE_COLUMNS, insert, load_detail, milestone_from_row};
pub use store::{create, get, list, set_archived, update};

/// How the customer is served.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum Segment {
    HighTouch,
    LowTouch,
    TechTouch,
}

impl Segment {
    pub const ALL: [Segment; 3] = [Segment::HighTouch, Segment::LowTouch, Segment::TechTouch];

    pub fn as_str(self) -> &'static str {
        match self {
            Segment::HighTouch => "high_touch",
            Segment::LowTouch => "low_touch",
            Segment::TechTouch => "tech_touch",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|v| v.as_str() == s)
    }
}

/// A stored project.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct Project {
    pub id: i64,
    pub customer_name: String,
    pub contract_date: NaiveDate,
    pub kickoff_date: NaiveDate,
    pub segment: Segment,
    pub owner: String,
    pub archived_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// Incremented by every change; an update names the version it was based on.
    pub version: i64,
}

/// A project with its milestones, ordered 1 month, 3 months, 1 year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct ProjectDetail {
    pub project: Project,
    pub milestones: Vec<Milestone>,
}

/// What the user typed into the project form. Dates are ISO `YYYY-MM-DD` strings so that a
/// malformed one is reported against its field instead of failing the whole call.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct ProjectInput {
    pub customer_name: String,
    pub contract_date: String,
    pub kickoff_date: String,
    pub segment: Segment,
    pub owner: String,
}

/// A validated [`ProjectInput`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidProject {
    pub customer_name: String,
    pub contract_date: NaiveDate,
    pub kickoff_date: NaiveDate,
    pub segment: Segment,
    pub owner: String,
}

/// How much earlier than the contract a kickoff may be (pre-contract kickoffs happen, but not
/// years before).
const KICKOFF_BEFORE_CONTRACT_MAX: Months = Months::new(12);

impl ProjectInput {
    pub fn validate(&self) -> Result<ValidProject> {
        let mut check = Checker::new();
        let customer_name = check.text("customer_name", &self.customer_name, MAX_NAME_CHARS, true);
        let owner = check.text("owner", &self.owner, MAX_NAME_CHARS, false);
        let contract_date = check.date("contract_date", &self.contract_date);
        let kickoff_date = check.date("kickoff_date", &self.kickoff_date);
        if let (Some(contract), Some(kickoff)) = (contract_date, kickoff_date)
            && contract
                .checked_sub_months(KICKOFF_BEFORE_CONTRACT_MAX)
                .is_some_and(|earliest| kickoff < earliest)
        {
            check.fail("kickoff_date", FieldCode::KickoffTooEarly);
        }
        let segment = self.segment;
        check.finish(|| ValidProject {
            customer_name,
            owner,
            contract_date: contract_date.unwrap_or_default(),
            kickoff_date: kickoff_date.unwrap_or_default(),
            segment,
        })
    }
}
