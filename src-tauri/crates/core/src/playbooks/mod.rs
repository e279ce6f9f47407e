//! Playbooks: reusable templates of stages (object-level definition, achievement-level exit
//! criteria, the cross-department actions that lead to the next stage) and first-goal milestones.
//! Two are built in (in Japanese and English); others are stored in the file, edited,
//! duplicated, and exported/imported as versioned JSON.

mod builtin;
mod file;
mod store;

use std::collections::HashSet;

use serde::{Deserialize, Serialize};
use specta::Type;

use crate::error::{FieldCode, Result};
use crate::milestones::Horizon;
use crate::projects::Segment;
use crate::validation::{Checker, MAX_NAME_CHARS, MAX_TEXT_CHARS};

/// Creating a project from a playbook, where callers of playbooks look for it.
pub use crate::stages::create_project;
pub use builtin::{BUILTIN_KEYS, builtin};
pub use file::{FORMAT_VERSION, export_json, parse_json};
pub use store::{delete, duplicate, export_to, get, import, list, resolve, save};

/// The departments every playbook knows; users may name others.
pub const DEPARTMENTS: [&str; 5] = ["customer", "sales", "cs", "product", "management"];

/// Longest playbook: more stages or actions than this is surely not a hand-made template.
pub const MAX_STAGES: usize = 30;
pub const MAX_ACTIONS: usize = 50;
pub const MAX_DAYS: u32 = 3660;

/// One action that moves the customer to the next stage.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(deny_unknown_fields)]
pub struct ActionTemplate {
    pub title: String,
    /// `customer`, `sales`, `cs`, `product`, `management`, or a department the user named.
    pub department: String,
    /// Due this many days after the kickoff.
    pub due_in_days: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(deny_unknown_fields)]
pub struct StageTemplate {
    pub name: String,
    /// Object level: the state the customer is in at this stage.
    pub definition: String,
    /// Achievement level: the measurable criteria for leaving the stage.
    pub exit_criteria: String,
    pub actions: Vec<ActionTemplate>,
}

/// A milestone the playbook sets: the goal of one of the three horizons (`horizon` set), or a
/// custom milestone due `due_in_days` after the kickoff.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(deny_unknown_fields)]
pub struct MilestoneTemplate {
    pub horizon: Option<Horizon>,
    pub title: String,
    pub goal: String,
    pub criterion: String,
    pub due_in_days: Option<u32>,
}

/// The content of a playbook: what is exported, imported and stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(deny_unknown_fields)]
pub struct PlaybookBody {
    pub name: String,
    pub description: String,
    /// The touch model the playbook is made for, if any.
    pub segment: Option<Segment>,
    pub stages: Vec<StageTemplate>,
    pub milestones: Vec<MilestoneTemplate>,
}

/// Which playbook: a built-in one (by key) or one stored in the file (by id).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum PlaybookRef {
    Builtin { key: String },
    Stored { id: i64 },
}

/// A playbook in the list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct PlaybookSummary {
    pub reference: PlaybookRef,
    pub name: String,
    pub description: String,
    pub segment: Option<Segment>,
    pub stage_count: u32,
    /// Stored playbooks carry a version for optimistic concurrency; built-ins have none.
    pub version: Option<i64>,
}

/// A playbook with its content.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct Playbook {
    pub summary: PlaybookSummary,
    pub body: PlaybookBody,
}

impl PlaybookBody {
    /// Checks every field; field names point into the body (`stages.2.actions.0.title`).
    pub fn validate(&self) -> Result<PlaybookBody> {
        let mut check = Checker::new();
        let name = check.text("name", &self.name, MAX_NAME_CHARS, true);
        let description = check.text("description", &self.description, MAX_TEXT_CHARS, false);
        if self.stages.is_empty() {
            check.fail("stages", FieldCode::Empty);
        }
        if self.stages.len() > MAX_STAGES {
            check.fail("stages", FieldCode::OutOfRange);
        }
        let stages = check_stages(&mut check, &self.stages);
        let milestones = check_milestones(&mut check, &self.milestones);
        let segment = self.segment;
        check.finish(|| PlaybookBody {
            name,
            description,
            segment,
            stages,
            milestones,
        })
    }

    pub(crate) fn summary(&self, reference: PlaybookRef, version: Option<i64>) -> PlaybookSummary {
        PlaybookSummary {
            reference,
            name: self.name.clone(),
            description: self.description.clone(),
            segment: self.segment,
            stage_count: u32::try_from(self.stages.len()).unwrap_or(u32::MAX),
            version,
        }
    }
}

/// The stages, trimmed: names unique (ignoring case), at most [`MAX_ACTIONS`] actions each.
fn check_stages(check: &mut Checker, given: &[StageTemplate]) -> Vec<StageTemplate> {
    let mut seen = HashSet::new();
    let mut stages = Vec::with_capacity(given.len());
    for (i, s) in given.iter().enumerate() {
        let at = |f: &str| format!("stages.{i}.{f}");
        let name = check.text(&at("name"), &s.name, MAX_NAME_CHARS, true);
        if !name.is_empty() && !seen.insert(name.to_lowercase()) {
            check.fail(&at("name"), FieldCode::Duplicate);
        }
        let definition = check.text(&at("definition"), &s.definition, MAX_TEXT_CHARS, false);
        let exit_criteria = check.text(
            &at("exit_criteria"),
            &s.exit_criteria,
            MAX_TEXT_CHARS,
            false,
        );
        if s.actions.len() > MAX_ACTIONS {
            check.fail(&at("actions"), FieldCode::OutOfRange);
        }
        let mut actions = Vec::with_capacity(s.actions.len());
        for (j, a) in s.actions.iter().enumerate() {
            let at = |f: &str| format!("stages.{i}.actions.{j}.{f}");
            let title = check.text(&at("title"), &a.title, MAX_NAME_CHARS, true);
            let department = check.text(&at("department"), &a.department, MAX_NAME_CHARS, true);
            if a.due_in_days > MAX_DAYS {
                check.fail(&at("due_in_days"), FieldCode::OutOfRange);
            }
            actions.push(ActionTemplate {
                title,
                department,
                due_in_days: a.due_in_days,
            });
        }
        stages.push(StageTemplate {
            name,
            definition,
            exit_criteria,
            actions,
        });
    }
    stages
}

/// The milestones, trimmed: each horizon once; a custom milestone needs a title and a due day.
fn check_milestones(check: &mut Checker, given: &[MilestoneTemplate]) -> Vec<MilestoneTemplate> {
    let mut horizons = HashSet::new();
    let mut milestones = Vec::with_capacity(given.len());
    for (i, m) in given.iter().enumerate() {
        let at = |f: &str| format!("milestones.{i}.{f}");
        if let Some(h) = m.horizon
            && !horizons.insert(h)
        {
            check.fail(&at("horizon"), FieldCode::Duplicate);
        }
        let custom = m.horizon.is_none();
        let title = check.text(&at("title"), &m.title, MAX_NAME_CHARS, custom);
        let goal = check.text(&at("goal"), &m.goal, MAX_TEXT_CHARS, false);
        let criterion = check.text(&at("criterion"), &m.criterion, MAX_TEXT_CHARS, false);
        match (custom, m.due_in_days) {
            (true, None) => check.fail(&at("due_in_days"), FieldCode::Required),
            (_, Some(days)) if days > MAX_DAYS => {
                check.fail(&at("due_in_days"), FieldCode::OutOfRange)
            }
            _ => {}
        }
        milestones.push(MilestoneTemplate {
            horizon: m.horizon,
            title,
            goal,
            criterion,
            due_in_days: if custom { m.due_in_days } else { None },
        });
    }
    milestones
}
