//! SQL for stages, actions and on-hold periods. Every change claims the project's version and
//! returns the fresh plan.

use chrono::{NaiveDate, Utc};
use sqlx::{Row, SqliteConnection};

use super::{ProjectPlan, plan};
use crate::db::Db;
use crate::db::rows::claim_version;
use crate::error::{CoreError, FieldCode, FieldError, Refusal, Result};
use crate::validation::{Checker, MAX_NAME_CHARS, MAX_TEXT_CHARS};

fn one_date(field: &str, text: &str) -> Result<NaiveDate> {
    let mut check = Checker::new();
    let date = check.date(field, text);
    check.finish(|| date.unwrap_or_default())
}

fn field_error(field: &str, code: FieldCode) -> CoreError {
    CoreError::Validation(vec![FieldError::new(field, code)])
}

/// Moves the project into its next stage on `date`: the current stage is left that day and the
/// next one entered. A project with no stage entered enters its first.
pub async fn advance(
    db: &Db,
    project_id: i64,
    expected_version: i64,
    date: &str,
    today: NaiveDate,
) -> Result<ProjectPlan> {
    let on = one_date("date", date)?;
    let mut tx = db.begin_write().await?;
    claim_version(&mut tx, project_id, expected_version, Utc::now()).await?;
    let rows = sqlx::query(
        "SELECT id, entered_on, exited_on FROM project_stages WHERE project_id = ?1 \
         ORDER BY position",
    )
    .bind(project_id)
    .fetch_all(&mut *tx)
    .await?;
    let mut current = None;
    for (i, row) in rows.iter().enumerate() {
        let entered: Option<NaiveDate> = row.try_get("entered_on")?;
        let exited: Option<NaiveDate> = row.try_get("exited_on")?;
        if let (Some(entered), None) = (entered, exited) {
            current = Some((i, entered));
        }
    }
    let next = match current {
        Some((i, entered)) => {
            if on < entered {
                return Err(field_error("date", FieldCode::BeforeStart));
            }
            if i + 1 >= rows.len() {
                return Err(CoreError::Refused(Refusal::LastStage));
            }
            let id: i64 = rows[i].try_get("id")?;
            sqlx::query("UPDATE project_stages SET exited_on = ?2 WHERE id = ?1")
                .bind(id)
                .bind(on)
                .execute(&mut *tx)
                .await?;
            i + 1
        }
        None if rows.is_empty() => {
            return Err(CoreError::Refused(Refusal::NoStages));
        }
        None => 0,
    };
    let id: i64 = rows[next].try_get("id")?;
    sqlx::query("UPDATE project_stages SET entered_on = ?2, exited_on = NULL WHERE id = ?1")
        .bind(id)
        .bind(on)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    plan(db, project_id, today).await
}

async fn action_project(conn: &mut SqliteConnection, action_id: i64) -> Result<i64> {
    sqlx::query_scalar(
        "SELECT s.project_id FROM stage_actions a JOIN project_stages s ON s.id = a.stage_id \
         WHERE a.id = ?1",
    )
    .bind(action_id)
    .fetch_optional(&mut *conn)
    .await?
    .ok_or(CoreError::NotFound {
        entity: "action",
        id: action_id,
    })
}

/// Marks an action done on `done_on` (an ISO date), or open again with `None`.
pub async fn set_action_done(
    db: &Db,
    action_id: i64,
    expected_version: i64,
    done_on: Option<&str>,
    today: NaiveDate,
) -> Result<ProjectPlan> {
    let done = done_on.map(|d| one_date("done_on", d)).transpose()?;
    let mut tx = db.begin_write().await?;
    let project_id = action_project(&mut tx, action_id).await?;
    claim_version(&mut tx, project_id, expected_version, Utc::now()).await?;
    sqlx::query("UPDATE stage_actions SET done_on = ?2 WHERE id = ?1")
        .bind(action_id)
        .bind(done)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    plan(db, project_id, today).await
}

/// Adds an action to a stage. `due_date` may be empty.
pub async fn add_action(
    db: &Db,
    stage_id: i64,
    expected_version: i64,
    title: &str,
    department: &str,
    due_date: &str,
    today: NaiveDate,
) -> Result<ProjectPlan> {
    let mut check = Checker::new();
    let title = check.text("title", title, MAX_NAME_CHARS, true);
    let department = check.text("department", department, MAX_NAME_CHARS, true);
    let due = if due_date.trim().is_empty() {
        None
    } else {
        check.date("due_date", due_date)
    };
    check.finish(|| ())?;
    let mut tx = db.begin_write().await?;
    let project_id: i64 = sqlx::query_scalar("SELECT project_id FROM project_stages WHERE id = ?1")
        .bind(stage_id)
        .fetch_optional(&mut *tx)
        .await?
        .ok_or(CoreError::NotFound {
            entity: "stage",
            id: stage_id,
        })?;
    claim_version(&mut tx, project_id, expected_version, Utc::now()).await?;
    sqlx::query(
        "INSERT INTO stage_actions (stage_id, position, title, department, due_date) \
         VALUES (?1, (SELECT COALESCE(MAX(position), 0) + 1 FROM stage_actions WHERE stage_id = ?1), \
         ?2, ?3, ?4)",
    )
    .bind(stage_id)
    .bind(&title)
    .bind(&department)
    .bind(due)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    plan(db, project_id, today).await
}

/// Puts the project's stages in the given order. The list must name every stage of the project
/// exactly once; a duplicate or a missing/foreign stage is refused and nothing moves.
pub async fn reorder(
    db: &Db,
    project_id: i64,
    expected_version: i64,
    stage_ids: &[i64],
    today: NaiveDate,
) -> Result<ProjectPlan> {
    let mut seen = std::collections::HashSet::new();
    if stage_ids.iter().any(|id| !seen.insert(*id)) {
        return Err(field_error("stage_order", FieldCode::Duplicate));
    }
    let mut tx = db.begin_write().await?;
    claim_version(&mut tx, project_id, expected_version, Utc::now()).await?;
    let mut existing: Vec<i64> =
        sqlx::query_scalar("SELECT id FROM project_stages WHERE project_id = ?1")
            .bind(project_id)
            .fetch_all(&mut *tx)
            .await?;
    let mut wanted = stage_ids.to_vec();
    existing.sort_unstable();
    wanted.sort_unstable();
    if existing != wanted {
        return Err(field_error("stage_order", FieldCode::OutOfRange));
    }
    // Two passes, so the UNIQUE (project_id, position) constraint never sees two equal positions.
    for sign in [-1i64, 1] {
        for (i, id) in stage_ids.iter().enumerate() {
            sqlx::query("UPDATE project_stages SET position = ?2 WHERE id = ?1")
                .bind(id)
                .bind(sign * (i as i64 + 1))
                .execute(&mut *tx)
                .await?;
        }
    }
    tx.commit().await?;
    plan(db, project_id, today).await
}

/// Puts the project on hold from `start` (the TTV clock pauses until the hold ends).
pub async fn add_hold(
    db: &Db,
    project_id: i64,
    expected_version: i64,
    start: &str,
    note: &str,
    today: NaiveDate,
) -> Result<ProjectPlan> {
    let mut check = Checker::new();
    let start = check.date("start_date", start);
    let note = check.text("note", note, MAX_TEXT_CHARS, false);
    let start = check.finish(|| start.unwrap_or_default())?;
    let mut tx = db.begin_write().await?;
    claim_version(&mut tx, project_id, expected_version, Utc::now()).await?;
    let open: Option<i64> = sqlx::query_scalar(
        "SELECT id FROM project_holds WHERE project_id = ?1 AND end_date IS NULL",
    )
    .bind(project_id)
    .fetch_optional(&mut *tx)
    .await?;
    if open.is_some() {
        return Err(CoreError::Refused(Refusal::AlreadyOnHold));
    }
    sqlx::query("INSERT INTO project_holds (project_id, start_date, note) VALUES (?1, ?2, ?3)")
        .bind(project_id)
        .bind(start)
        .bind(&note)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    plan(db, project_id, today).await
}

/// Ends an on-hold period on `end` (not before it started).
pub async fn end_hold(
    db: &Db,
    hold_id: i64,
    expected_version: i64,
    end: &str,
    today: NaiveDate,
) -> Result<ProjectPlan> {
    let end = one_date("end_date", end)?;
    let mut tx = db.begin_write().await?;
    let row = sqlx::query("SELECT project_id, start_date FROM project_holds WHERE id = ?1")
        .bind(hold_id)
        .fetch_optional(&mut *tx)
        .await?
        .ok_or(CoreError::NotFound {
            entity: "hold",
            id: hold_id,
        })?;
    let project_id: i64 = row.try_get("project_id")?;
    let start: NaiveDate = row.try_get("start_date")?;
    if end < start {
        return Err(field_error("end_date", FieldCode::BeforeStart));
    }
    claim_version(&mut tx, project_id, expected_version, Utc::now()).await?;
    sqlx::query("UPDATE project_holds SET end_date = ?2 WHERE id = ?1")
        .bind(hold_id)
        .bind(end)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    plan(db, project_id, today).await
}
