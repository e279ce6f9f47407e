//! Stakeholders: the customer's people on a project, placed on three axes (department, level,
//! influence), with their project roles, key-person flag, kickoff attendance, status, heat
//! history and touchpoints. Types and validation live here; SQL in `store.rs` and `touchpoints.rs`;
//! the board they are shown on is [`crate::board`].

pub mod map;
mod quick_add;
pub(crate) mod store;
pub(crate) mod touchpoints;

use chrono::{Months, NaiveDate};
use serde::{Deserialize, Serialize};
use specta::Type;

use crate::error::{FieldCode, Result};
use crate::validation::{Checker, MAX_NAME_CHARS, MAX_TEXT_CHARS};

/// The board, the changes that answer with it and the CSV import, where callers of stakeholders
/// look for them.
pub use crate::board::changes::{
    add_heat_entry, add_touchpoint, create, delete, delete_touchpoint, quick_add, reorder, update,
};
pub use crate::board::{Board, board, board_on};
pub use crate::csv_import;
pub use quick_add::{QuickLine, parse_line};
pub(crate) use store::{
    insert_stakeholder, kickoff_of, load_stakeholders as load_scope, stakeholder_project,
};
pub(crate) use touchpoints::load_touchpoints;

/// Longest e-mail address or phone number.
pub const MAX_CONTACT_CHARS: usize = 254;
/// Influence and heat are scores from 1 to this.
pub const MAX_SCORE: i64 = 5;

/// Position in the customer's hierarchy, from the top.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, Type,
)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    Executive,
    DepartmentHead,
    Manager,
    Staff,
}

impl Level {
    /// Top to bottom: the map's rows follow this order.
    pub const ALL: [Level; 4] = [
        Level::Executive,
        Level::DepartmentHead,
        Level::Manager,
        Level::Staff,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Level::Executive => "executive",
            Level::DepartmentHead => "department_head",
            Level::Manager => "manager",
            Level::Staff => "staff",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|v| v.as_str() == s)
    }

    /// 0 for the top of the hierarchy.
    pub fn rank(self) -> usize {
        self as usize
    }
}

/// The capacity in which a person takes part in the project (several are allowed).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, Type,
)]
#[serde(rename_all = "snake_case")]
pub enum ProjectRole {
    DecisionMaker,
    Executor,
    Champion,
    Sponsor,
    ItSecurity,
    EndUser,
    ProcurementLegal,
    Blocker,
}

impl ProjectRole {
    pub const ALL: [ProjectRole; 8] = [
        ProjectRole::DecisionMaker,
        ProjectRole::Executor,
        ProjectRole::Champion,
        ProjectRole::Sponsor,
        ProjectRole::ItSecurity,
        ProjectRole::EndUser,
        ProjectRole::ProcurementLegal,
        ProjectRole::Blocker,
    ];
}

/// Whether the person is still in the role they had at the kickoff.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Active,
    ChangedRole,
    LeftCompany,
}

impl Status {
    pub const ALL: [Status; 3] = [Status::Active, Status::ChangedRole, Status::LeftCompany];

    pub fn as_str(self) -> &'static str {
        match self {
            Status::Active => "active",
            Status::ChangedRole => "changed_role",
            Status::LeftCompany => "left_company",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|v| v.as_str() == s)
    }
}

/// What kind of contact a touchpoint was.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum TouchKind {
    Meeting,
    Call,
    Mail,
}

impl TouchKind {
    pub const ALL: [TouchKind; 3] = [TouchKind::Meeting, TouchKind::Call, TouchKind::Mail];

    pub fn as_str(self) -> &'static str {
        match self {
            TouchKind::Meeting => "meeting",
            TouchKind::Call => "call",
            TouchKind::Mail => "mail",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|v| v.as_str() == s)
    }
}

/// One recorded heat score.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct HeatEntry {
    pub recorded_on: NaiveDate,
    pub heat: i64,
}

/// A stored stakeholder with what follows from the other records.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct Stakeholder {
    pub id: i64,
    pub project_id: i64,
    pub position: i64,
    pub name: String,
    pub reading: String,
    pub title: String,
    pub department: String,
    pub level: Level,
    pub influence: i64,
    pub roles: Vec<ProjectRole>,
    pub key_person: bool,
    pub attended_kickoff: bool,
    /// The role in the person's own words, as said at the kickoff.
    pub stated_role: String,
    pub email: String,
    pub phone: String,
    pub status: Status,
    pub status_date: Option<NaiveDate>,
    /// The latest heat entry's score.
    pub heat: Option<i64>,
    /// Oldest first.
    pub heat_history: Vec<HeatEntry>,
    /// The date of the latest touchpoint the person took part in.
    pub last_touch: Option<NaiveDate>,
    /// Another stakeholder of the project has the same name (allowed, but worth a look).
    pub duplicate_name: bool,
}

impl Stakeholder {
    pub fn has_role(&self, role: ProjectRole) -> bool {
        self.roles.contains(&role)
    }

    pub fn is_active(&self) -> bool {
        self.status == Status::Active
    }
}

/// What the stakeholder form sends. Numbers are plain integers so an out-of-range value is
/// reported against its field; dates are ISO strings for the same reason.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct StakeholderInput {
    pub name: String,
    pub reading: String,
    pub title: String,
    pub department: String,
    pub level: Level,
    pub influence: i64,
    pub roles: Vec<ProjectRole>,
    pub key_person: bool,
    pub attended_kickoff: bool,
    pub stated_role: String,
    pub email: String,
    pub phone: String,
    pub status: Status,
    /// Required unless the status is active.
    pub status_date: Option<String>,
    /// When it differs from the latest entry, a heat entry dated today is recorded.
    pub heat: Option<i64>,
}

impl StakeholderInput {
    /// A new attendee with only a name: staff level, middle influence, present at the kickoff.
    pub fn attendee(name: &str) -> Self {
        Self {
            name: name.to_owned(),
            reading: String::new(),
            title: String::new(),
            department: String::new(),
            level: Level::Staff,
            influence: 3,
            roles: Vec::new(),
            key_person: false,
            attended_kickoff: true,
            stated_role: String::new(),
            email: String::new(),
            phone: String::new(),
            status: Status::Active,
            status_date: None,
            heat: None,
        }
    }
}

/// A validated [`StakeholderInput`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidStakeholder {
    pub name: String,
    pub reading: String,
    pub title: String,
    pub department: String,
    pub level: Level,
    pub influence: i64,
    pub roles: Vec<ProjectRole>,
    pub key_person: bool,
    pub attended_kickoff: bool,
    pub stated_role: String,
    pub email: String,
    pub phone: String,
    pub status: Status,
    pub status_date: Option<NaiveDate>,
    pub heat: Option<i64>,
}

/// How long before the kickoff a status date may lie (a typo such as 2015 for 2025 is refused).
const STATUS_BEFORE_KICKOFF_MAX: Months = Months::new(12);

/// A plausible e-mail address: one `@`, something before it, a dotted domain, no spaces.
pub fn is_email(text: &str) -> bool {
    let Some((local, domain)) = text.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && !domain.contains('@')
        && !text
            .chars()
            .any(|c| c.is_whitespace() || c == '<' || c == '>')
        && domain
            .split('.')
            .filter(|part| !part.is_empty())
            .count()
            .ge(&2)
        && !domain.starts_with('.')
        && !domain.ends_with('.')
}

impl StakeholderInput {
    /// Validates against the project's kickoff date (status dates may not lie years before it).
    pub fn validate(&self, kickoff: NaiveDate) -> Result<ValidStakeholder> {
        let mut check = Checker::new();
        let name = check.text("name", &self.name, MAX_NAME_CHARS, true);
        let reading = check.text("reading", &self.reading, MAX_NAME_CHARS, false);
        let title = check.text("title", &self.title, MAX_NAME_CHARS, false);
        let department = check.text("department", &self.department, MAX_NAME_CHARS, false);
        let stated_role = check.text("stated_role", &self.stated_role, MAX_TEXT_CHARS, false);
        let email = check.text("email", &self.email, MAX_CONTACT_CHARS, false);
        if !email.is_empty() && email.chars().count() <= MAX_CONTACT_CHARS && !is_email(&email) {
            check.fail("email", FieldCode::InvalidEmail);
        }
        let phone = check.text("phone", &self.phone, MAX_CONTACT_CHARS, false);
        check.score("influence", self.influence, MAX_SCORE);
        if let Some(heat) = self.heat {
            check.score("heat", heat, MAX_SCORE);
        }
        let status_date = match (self.status, self.status_date.as_deref().map(str::trim)) {
            (Status::Active, _) => None,
            (_, None | Some("")) => {
                check.fail("status_date", FieldCode::Required);
                None
            }
            (_, Some(text)) => {
                let date = check.date("status_date", text);
                if let Some(d) = date
                    && kickoff
                        .checked_sub_months(STATUS_BEFORE_KICKOFF_MAX)
                        .is_some_and(|earliest| d < earliest)
                {
                    check.fail("status_date", FieldCode::StatusDateTooEarly);
                }
                date
            }
        };
        let mut roles = self.roles.clone();
        roles.sort();
        roles.dedup();
        check.finish(|| ValidStakeholder {
            name,
            reading,
            title,
            department,
            level: self.level,
            influence: self.influence,
            roles,
            key_person: self.key_person,
            attended_kickoff: self.attended_kickoff,
            stated_role,
            email,
            phone,
            status: self.status,
            status_date,
            heat: self.heat,
        })
    }
}

/// A stored touchpoint.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct Touchpoint {
    pub id: i64,
    pub project_id: i64,
    pub kind: TouchKind,
    pub touched_on: NaiveDate,
    pub note: String,
    pub participant_ids: Vec<i64>,
}

/// What the touchpoint form sends.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct TouchpointInput {
    pub kind: TouchKind,
    pub touched_on: String,
    pub note: String,
    pub participant_ids: Vec<i64>,
}

/// Normalises a name for the duplicate check: case and runs of spaces (incl. full-width) ignored.
pub(crate) fn name_key(name: &str) -> String {
    name.split(|c: char| c.is_whitespace())
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}
