//! What the calendar reads from the file: the projects in scope, their milestones and their
//! dated stage actions, three queries with the scope bound as a parameter.

use chrono::NaiveDate;
use sqlx::Row;

use super::CalendarScope;
use crate::db::Db;
use crate::error::{CoreError, Result};
use crate::milestones::Horizon;

#[derive(Debug)]
pub(super) struct ProjectRow {
    pub id: i64,
    pub customer: String,
    pub kickoff: NaiveDate,
}

#[derive(Debug)]
pub(super) struct MilestoneRow {
    pub id: i64,
    pub project_id: i64,
    pub horizon: Option<Horizon>,
    pub title: String,
    pub due: NaiveDate,
    pub goal: String,
    pub criterion: String,
}

#[derive(Debug)]
pub(super) struct ActionRow {
    pub id: i64,
    pub project_id: i64,
    pub stage: String,
    pub title: String,
    pub department: String,
    pub due: NaiveDate,
    pub done_on: Option<NaiveDate>,
}

#[derive(Debug, Default)]
pub(super) struct Rows {
    pub projects: Vec<ProjectRow>,
    pub milestones: Vec<MilestoneRow>,
    pub actions: Vec<ActionRow>,
}

/// The projects condition on `p` and its bound value: one project (archived or not), or every
/// project that is not archived.
fn condition(scope: CalendarScope) -> (&'static str, Option<i64>) {
    match scope {
        CalendarScope::Project(id) => ("p.id = ?1", Some(id)),
        CalendarScope::OpenProjects => ("p.archived_at IS NULL AND ?1 IS NULL", None),
    }
}

pub(super) async fn rows(db: &Db, scope: CalendarScope) -> Result<Rows> {
    let (cond, param) = condition(scope);
    let mut conn = db.pool().acquire().await?;
    let sql = format!(
        "SELECT p.id, p.customer_name, p.kickoff_date FROM projects p WHERE {cond} ORDER BY p.id"
    );
    let projects = sqlx::query(&sql)
        .bind(param)
        .fetch_all(&mut *conn)
        .await?
        .iter()
        .map(|r| {
            Ok(ProjectRow {
                id: r.try_get(0)?,
                customer: r.try_get(1)?,
                kickoff: r.try_get(2)?,
            })
        })
        .collect::<Result<Vec<_>>>()?;
    if let (CalendarScope::Project(id), true) = (scope, projects.is_empty()) {
        return Err(CoreError::NotFound {
            entity: "project",
            id,
        });
    }
    let sql = format!(
        "SELECT m.id, m.project_id, m.horizon, m.title, m.due_date, m.goal, m.criterion \
         FROM milestones m JOIN projects p ON p.id = m.project_id WHERE {cond} \
         ORDER BY m.project_id, m.due_date, m.id"
    );
    let milestones = sqlx::query(&sql)
        .bind(param)
        .fetch_all(&mut *conn)
        .await?
        .iter()
        .map(|r| {
            let horizon: Option<String> = r.try_get(2)?;
            Ok(MilestoneRow {
                id: r.try_get(0)?,
                project_id: r.try_get(1)?,
                horizon: horizon.as_deref().and_then(Horizon::parse),
                title: r.try_get(3)?,
                due: r.try_get(4)?,
                goal: r.try_get(5)?,
                criterion: r.try_get(6)?,
            })
        })
        .collect::<Result<Vec<_>>>()?;
    let sql = format!(
        "SELECT a.id, s.project_id, s.name, a.title, a.department, a.due_date, a.done_on \
         FROM stage_actions a JOIN project_stages s ON s.id = a.stage_id \
         JOIN projects p ON p.id = s.project_id WHERE a.due_date IS NOT NULL AND {cond} \
         ORDER BY s.project_id, s.position, a.position, a.id"
    );
    let actions = sqlx::query(&sql)
        .bind(param)
        .fetch_all(&mut *conn)
        .await?
        .iter()
        .map(|r| {
            Ok(ActionRow {
                id: r.try_get(0)?,
                project_id: r.try_get(1)?,
                stage: r.try_get(2)?,
                title: r.try_get(3)?,
                department: r.try_get(4)?,
                due: r.try_get(5)?,
                done_on: r.try_get(6)?,
            })
        })
        .collect::<Result<Vec<_>>>()?;
    Ok(Rows {
        projects,
        milestones,
        actions,
    })
}
