//! Internal team members (implementation leads, CSMs, sales, support) and their many-to-many
//! assignment to projects: a pool of CSMs can share accounts, a strategic account keeps one.

mod store;

use serde::{Deserialize, Serialize};
use specta::Type;

pub(crate) use store::ensure_member;
pub use store::{assign, create, list, members_of, unassign};

/// What a team member does on onboarding projects.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum TeamRole {
    ImplementationLead,
    Csm,
    Sales,
    Support,
}

impl TeamRole {
    pub const ALL: [TeamRole; 4] = [
        TeamRole::ImplementationLead,
        TeamRole::Csm,
        TeamRole::Sales,
        TeamRole::Support,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            TeamRole::ImplementationLead => "implementation_lead",
            TeamRole::Csm => "csm",
            TeamRole::Sales => "sales",
            TeamRole::Support => "support",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|v| v.as_str() == s)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct TeamMember {
    pub id: i64,
    pub name: String,
    pub role: TeamRole,
}
