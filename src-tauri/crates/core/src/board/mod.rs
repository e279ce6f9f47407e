//! The board: everything the stakeholder, kickoff and map screens show for one project, loaded
//! together (and returned by every change of those screens) so the UI never shows half-updated
//! state. A read model over projects, stakeholders, kickoff and the risk rules; its outputs (the
//! map picture, the kickoff summary) live beside it.

pub mod changes;
pub mod map;
pub mod summary;
mod summary_file;
mod summary_pdf;

pub use summary_file::{export_summary, summary};
mod texts;

use chrono::NaiveDate;
use serde::Serialize;
use specta::Type;

use crate::db::Db;
use crate::db::rows::Scope;
use crate::error::Result;
use crate::kickoff::{self, Agreement};
use crate::projects::{self, ProjectDetail};
use crate::risks::{self, Facts, Risk};
use crate::stakeholders::map::{MapLayout, layout};
use crate::stakeholders::{Stakeholder, Touchpoint, load_scope, load_touchpoints};

/// How many department names are offered as suggestions.
const MAX_DEPARTMENT_SUGGESTIONS: i64 = 200;

#[derive(Debug, Clone, PartialEq, Serialize, Type)]
pub struct Board {
    pub detail: ProjectDetail,
    /// In list order.
    pub stakeholders: Vec<Stakeholder>,
    /// Newest first.
    pub touchpoints: Vec<Touchpoint>,
    /// The adoption purpose (導入目的); empty when not recorded.
    pub purpose: String,
    pub agreements: Vec<Agreement>,
    /// Departments already used anywhere in the file, most used first (input suggestions).
    pub departments: Vec<String>,
    /// The file's "key person not touched for N days" threshold.
    pub untouched_days: u32,
    pub risks: Vec<Risk>,
    /// Where each person sits on the stakeholder map.
    pub map: MapLayout,
    /// The day the risks were evaluated on.
    pub today: NaiveDate,
}

pub async fn board(db: &Db, project_id: i64) -> Result<Board> {
    board_on(db, project_id, crate::today()).await
}

/// The board with risks evaluated as of `today`.
pub async fn board_on(db: &Db, project_id: i64, today: NaiveDate) -> Result<Board> {
    let detail = projects::get(db, project_id).await?;
    let untouched_days = risks::untouched_days(db).await?;
    let mut conn = db.pool().acquire().await?;
    let scope = Scope::Project(project_id);
    let stakeholders = load_scope(&mut conn, scope).await?;
    let touchpoints = load_touchpoints(&mut conn, project_id).await?;
    let purpose = kickoff::load_purposes(&mut conn, scope)
        .await?
        .remove(&project_id)
        .unwrap_or_default();
    let agreements = kickoff::load_agreements(&mut conn, scope).await?;
    let departments: Vec<String> = sqlx::query_scalar(
        "SELECT department FROM department_usage \
         ORDER BY stakeholders DESC, department LIMIT ?1",
    )
    .bind(MAX_DEPARTMENT_SUGGESTIONS)
    .fetch_all(&mut *conn)
    .await?;
    let risks = risks::evaluate(&Facts {
        kickoff: detail.project.kickoff_date,
        stakeholders: &stakeholders,
        milestones: &detail.milestones,
        purpose: &purpose,
        agreements: &agreements,
        untouched_days,
        today,
    });
    let map = layout(&stakeholders);
    Ok(Board {
        map,
        detail,
        stakeholders,
        touchpoints,
        purpose,
        agreements,
        departments,
        untouched_days,
        risks,
        today,
    })
}
