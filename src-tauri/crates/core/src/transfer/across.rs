//! The rules of the forms that tie rows of the full import together, applied as the rows are
//! checked and before the transaction commits, so a refusal writes nothing and names the row:
//! - a kickoff at most twelve months before the contract (`projects::kickoff_allowed`);
//! - a first-goal milestone that follows the kickoff is due on its horizon's date from it, one
//!   whose date was set by hand says why (a custom milestone's date is always set by hand), an
//!   achieved one has its criterion;
//! - a project's stages are entered in order, each left before the next is entered (on or after
//!   that day) and never before it was entered, with at most one stage current;
//! - at most one open on-hold period per project;
//! - the people at a touchpoint are of the touchpoint's project.
//!
//! Not among them: the forms' checks of a date against the kickoff when it is entered (a goal
//! achieved before the kickoff, a status date long before it). The project form may move the
//! kickoff later, and two people of a team may each make a valid edit, so a file can hold such a
//! date; its export must import.
//!
//! Every row a row refers to is in the export (into a file with data the references are
//! renumbered, and one to a row outside the export is refused), so the facts are kept by the
//! export's own ids while the tables are written parents first.

use std::collections::HashMap;

use chrono::NaiveDate;

use super::cell::Cell;
use crate::error::{CoreError, Result};
use crate::milestones::{Horizon, MilestoneStatus};
use crate::validation::iso_date;

/// One stage of a project, as the export gives it.
#[derive(Debug)]
struct Stage {
    row: usize,
    position: i64,
    entered: Option<NaiveDate>,
    exited: Option<NaiveDate>,
}

/// What the rows written so far say about the rows still to come.
#[derive(Debug, Default)]
pub(super) struct Across {
    /// Project id → kickoff date.
    kickoffs: HashMap<i64, NaiveDate>,
    /// Stakeholder id → project id.
    stakeholders: HashMap<i64, i64>,
    /// Touchpoint id → project id.
    touchpoints: HashMap<i64, i64>,
    /// Project id → the row of its open on-hold period.
    open_holds: HashMap<i64, usize>,
    /// Project id → its stages.
    stages: HashMap<i64, Vec<Stage>>,
}

/// One row's values by column name.
struct Row<'r, 'c> {
    columns: &'r [String],
    cells: &'r [Cell<'c>],
}

impl Row<'_, '_> {
    fn cell(&self, column: &str) -> Option<&Cell<'_>> {
        let at = self.columns.iter().position(|c| c == column)?;
        Some(&self.cells[at])
    }

    fn int(&self, column: &str) -> Option<i64> {
        match self.cell(column)? {
            Cell::Int(n) => Some(*n),
            Cell::Bool(b) => Some(i64::from(*b)),
            _ => None,
        }
    }

    fn text(&self, column: &str) -> Option<&str> {
        match self.cell(column)? {
            Cell::Text(t) => Some(t),
            _ => None,
        }
    }

    fn date(&self, column: &str) -> Option<NaiveDate> {
        self.text(column).and_then(iso_date)
    }
}

pub(super) type Broken = (&'static str, String);

impl Across {
    /// Checks row `r` of `table` against the rows before it and keeps what later rows need.
    pub(super) fn row(
        &mut self,
        table: &str,
        r: usize,
        columns: &[String],
        cells: &[Cell<'_>],
    ) -> Result<()> {
        self.broken(table, r, columns, cells)
            .map_err(|(column, reason)| refuse(&format!("{table}.rows[{r}].{column}"), reason))
    }

    /// Checks row `r` of `table` against the rows before it and keeps what later rows need; the
    /// column at fault and why.
    pub(super) fn broken(
        &mut self,
        table: &str,
        r: usize,
        columns: &[String],
        cells: &[Cell<'_>],
    ) -> std::result::Result<(), Broken> {
        let row = Row { columns, cells };
        match table {
            "projects" => self.project(&row),
            "milestones" => self.milestone(&row),
            "stakeholders" => self.stakeholder(&row),
            "touchpoints" => {
                if let (Some(id), Some(project)) = (row.int("id"), row.int("project_id")) {
                    self.touchpoints.insert(id, project);
                }
                Ok(())
            }
            "touchpoint_participants" => self.participant(&row),
            "project_holds" => self.hold(&row, r),
            "project_stages" => self.stage(&row, r),
            _ => Ok(()),
        }
    }

    /// Checks what needs the whole of `table` (the order of each project's stages).
    pub(super) fn finish(&mut self, table: &str) -> Result<()> {
        if table != "project_stages" {
            return Ok(());
        }
        self.stages_in_order().map_err(|(row, column, reason)| {
            refuse(&format!("{table}.rows[{row}].{column}"), reason)
        })
    }

    /// The stages of each project given so far are in order (see [`stage_order`]): the row at
    /// fault, its column and why.
    pub(super) fn stages_in_order(
        &mut self,
    ) -> std::result::Result<(), (usize, &'static str, String)> {
        for stages in self.stages.values_mut() {
            stages.sort_by_key(|s| (s.position, s.row));
            stage_order(stages)?;
        }
        Ok(())
    }

    fn project(&mut self, row: &Row<'_, '_>) -> std::result::Result<(), Broken> {
        let (Some(id), Some(kickoff)) = (row.int("id"), row.date("kickoff_date")) else {
            return Ok(());
        };
        if let Some(contract) = row.date("contract_date")
            && !crate::projects::kickoff_allowed(contract, kickoff)
        {
            return Err((
                "kickoff_date",
                format!("{kickoff} is more than twelve months before the contract ({contract})"),
            ));
        }
        self.kickoffs.insert(id, kickoff);
        Ok(())
    }

    fn milestone(&self, row: &Row<'_, '_>) -> std::result::Result<(), Broken> {
        let manual = row.int("due_date_manual").is_some_and(|m| m != 0);
        let horizon = row.text("horizon").and_then(Horizon::parse);
        // A custom milestone's date is always set by hand, with no reason to give.
        if manual
            && horizon.is_some()
            && row
                .text("due_date_reason")
                .is_none_or(|r| r.trim().is_empty())
        {
            return Err((
                "due_date_reason",
                "a due date set by hand needs its reason".into(),
            ));
        }
        let achieved = row.text("status") == Some(MilestoneStatus::Achieved.as_str());
        if achieved && row.text("criterion").is_none_or(|c| c.trim().is_empty()) {
            return Err((
                "criterion",
                "an achieved milestone needs its achievement criterion".into(),
            ));
        }
        let Some(kickoff) = row.int("project_id").and_then(|p| self.kickoffs.get(&p)) else {
            return Ok(());
        };
        if let (Some(horizon), false, Some(due)) = (horizon, manual, row.date("due_date")) {
            let follows = horizon.due_date(*kickoff);
            if due != follows {
                return Err((
                    "due_date",
                    format!(
                        "{due} is not {follows}, the date this milestone follows from the kickoff \
                         {kickoff} (a date set by hand has due_date_manual 1 and a reason)"
                    ),
                ));
            }
        }
        Ok(())
    }

    fn stakeholder(&mut self, row: &Row<'_, '_>) -> std::result::Result<(), Broken> {
        let (Some(id), Some(project)) = (row.int("id"), row.int("project_id")) else {
            return Ok(());
        };
        self.stakeholders.insert(id, project);
        Ok(())
    }

    fn participant(&self, row: &Row<'_, '_>) -> std::result::Result<(), Broken> {
        let touchpoint = row
            .int("touchpoint_id")
            .and_then(|t| self.touchpoints.get(&t));
        let person = row
            .int("stakeholder_id")
            .and_then(|s| self.stakeholders.get(&s));
        match (touchpoint, person) {
            (Some(t), Some(p)) if t != p => Err((
                "stakeholder_id",
                format!("a person of project {p} at a touchpoint of project {t}"),
            )),
            _ => Ok(()),
        }
    }

    fn hold(&mut self, row: &Row<'_, '_>, r: usize) -> std::result::Result<(), Broken> {
        let Some(project) = row.int("project_id") else {
            return Ok(());
        };
        if row.text("end_date").is_some() {
            return Ok(());
        }
        match self.open_holds.insert(project, r) {
            Some(first) => Err((
                "end_date",
                format!("project {project} is on hold already (rows[{first}] has no end date)"),
            )),
            None => Ok(()),
        }
    }

    fn stage(&mut self, row: &Row<'_, '_>, r: usize) -> std::result::Result<(), Broken> {
        let (entered, exited) = (row.date("entered_on"), row.date("exited_on"));
        match (entered, exited) {
            (None, Some(_)) => {
                return Err(("exited_on", "a stage left must have been entered".into()));
            }
            (Some(entered), Some(exited)) if exited < entered => {
                return Err((
                    "exited_on",
                    format!("{exited} is before {entered}, when it was entered"),
                ));
            }
            _ => {}
        }
        if let (Some(project), Some(position)) = (row.int("project_id"), row.int("position")) {
            self.stages.entry(project).or_default().push(Stage {
                row: r,
                position,
                entered,
                exited,
            });
        }
        Ok(())
    }
}

/// A project's stages in order: those left, then at most one current, then those not entered;
/// each entered on or after the day the one before it was left.
fn stage_order(stages: &[Stage]) -> std::result::Result<(), (usize, &'static str, String)> {
    let mut before: Option<&Stage> = None;
    for stage in stages {
        if let (Some(previous), Some(entered)) = (before, stage.entered) {
            match previous.exited {
                None => {
                    return Err((
                        stage.row,
                        "entered_on",
                        format!(
                            "entered while the stage before it (rows[{}]) was not left",
                            previous.row
                        ),
                    ));
                }
                Some(left) if entered < left => {
                    return Err((
                        stage.row,
                        "entered_on",
                        format!(
                            "{entered} is before {left}, when the stage before it (rows[{}]) was left",
                            previous.row
                        ),
                    ));
                }
                Some(_) => {}
            }
        }
        before = Some(stage);
    }
    Ok(())
}

fn refuse(place: &str, reason: String) -> CoreError {
    CoreError::InvalidImport {
        place: format!("tables.{place}"),
        reason,
    }
}
