//! A playbook applied to a project: its stages, actions and milestones written into a new
//! project, in the transaction that creates the project.

use chrono::{Days, NaiveDate, Utc};
use sqlx::SqliteConnection;

use crate::db::Db;
use crate::error::Result;
use crate::playbooks::{self, PlaybookBody, PlaybookRef};
use crate::projects::{self, ProjectDetail, ProjectInput};
use crate::settings::Language;

/// `days` after `kickoff` (the kickoff itself if that date would be out of range).
pub(crate) fn after(kickoff: NaiveDate, days: u32) -> NaiveDate {
    kickoff
        .checked_add_days(Days::new(u64::from(days)))
        .unwrap_or(kickoff)
}

/// Writes a playbook's stages, actions and milestones into a new project (caller's transaction).
pub(crate) async fn apply_template(
    conn: &mut SqliteConnection,
    project_id: i64,
    contract: NaiveDate,
    kickoff: NaiveDate,
    body: &PlaybookBody,
) -> Result<()> {
    sqlx::query("UPDATE projects SET playbook_name = ?2 WHERE id = ?1")
        .bind(project_id)
        .bind(&body.name)
        .execute(&mut *conn)
        .await?;
    for (i, stage) in body.stages.iter().enumerate() {
        let stage_id: i64 = sqlx::query_scalar(
            "INSERT INTO project_stages (project_id, position, name, definition, exit_criteria, \
             entered_on) VALUES (?1, ?2, ?3, ?4, ?5, ?6) RETURNING id",
        )
        .bind(project_id)
        .bind(i as i64 + 1)
        .bind(&stage.name)
        .bind(&stage.definition)
        .bind(&stage.exit_criteria)
        .bind((i == 0).then_some(contract))
        .fetch_one(&mut *conn)
        .await?;
        for (j, action) in stage.actions.iter().enumerate() {
            sqlx::query(
                "INSERT INTO stage_actions (stage_id, position, title, department, due_date) \
                 VALUES (?1, ?2, ?3, ?4, ?5)",
            )
            .bind(stage_id)
            .bind(j as i64 + 1)
            .bind(&action.title)
            .bind(&action.department)
            .bind(after(kickoff, action.due_in_days))
            .execute(&mut *conn)
            .await?;
        }
    }
    for m in &body.milestones {
        match (m.horizon, m.due_in_days) {
            (Some(h), _) => {
                sqlx::query(
                    "UPDATE milestones SET goal = ?3, criterion = ?4 \
                     WHERE project_id = ?1 AND horizon = ?2",
                )
                .bind(project_id)
                .bind(h.as_str())
                .bind(&m.goal)
                .bind(&m.criterion)
                .execute(&mut *conn)
                .await?;
            }
            (None, days) => {
                sqlx::query(
                    "INSERT INTO milestones (project_id, horizon, title, due_date, \
                     due_date_manual, goal, criterion) VALUES (?1, NULL, ?2, ?3, 1, ?4, ?5)",
                )
                .bind(project_id)
                .bind(&m.title)
                .bind(after(kickoff, days.unwrap_or(0)))
                .bind(&m.goal)
                .bind(&m.criterion)
                .execute(&mut *conn)
                .await?;
            }
        }
    }
    Ok(())
}

/// Creates a project from a playbook: the project, its three first goals (with the playbook's
/// goals and criteria), its custom milestones, and its stages and actions, in one transaction.
/// The first stage is entered on the contract date.
pub async fn create_project(
    db: &Db,
    input: &ProjectInput,
    reference: &PlaybookRef,
    lang: Language,
) -> Result<ProjectDetail> {
    let valid = input.validate()?;
    let body = playbooks::resolve(db, reference, lang).await?;
    let mut tx = db.begin_write().await?;
    let id = projects::insert(&mut tx, &valid, Utc::now()).await?;
    apply_template(&mut tx, id, valid.contract_date, valid.kickoff_date, &body).await?;
    let detail = projects::load_detail(&mut tx, id).await?;
    tx.commit().await?;
    Ok(detail)
}
