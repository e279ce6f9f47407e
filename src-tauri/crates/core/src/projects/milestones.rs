//! SQL for editing milestones: goal and criterion, status, evidence and owners, custom milestones,
//! and hand-set due dates with their reason. Every change claims the project's version.

use chrono::{NaiveDate, Utc};
use sqlx::{Row, SqliteConnection};

use crate::db::Db;
use crate::db::rows::{claim_version, corrupt};
use crate::error::{CoreError, FieldCode, Refusal, Result};
use crate::milestones::{Horizon, MilestoneInput, validate_override};
use crate::projects::{ProjectDetail, load_detail};
use crate::validation::{Checker, MAX_NAME_CHARS, MAX_TEXT_CHARS};

/// Saves the form of one milestone (goal, criterion, status, achieved date, evidence, owners).
/// Marking it achieved needs a criterion and an achieved date on or after the kickoff.
pub async fn update(
    db: &Db,
    milestone_id: i64,
    expected_version: i64,
    input: &MilestoneInput,
) -> Result<ProjectDetail> {
    let mut tx = db.begin_write().await?;
    let (project_id, horizon, kickoff) = milestone_context(&mut tx, milestone_id).await?;
    let valid = input.validate(horizon.is_none(), kickoff)?;
    if let Some(member) = valid.internal_owner_id {
        crate::team::ensure_member(&mut tx, member, "internal_owner_id").await?;
    }
    claim_version(&mut tx, project_id, expected_version, Utc::now()).await?;
    sqlx::query(
        "UPDATE milestones SET title = ?2, goal = ?3, criterion = ?4, status = ?5, \
         achieved_on = ?6, evidence = ?7, customer_owner = ?8, internal_owner_id = ?9 \
         WHERE id = ?1",
    )
    .bind(milestone_id)
    .bind(&valid.title)
    .bind(&valid.goal)
    .bind(&valid.criterion)
    .bind(valid.status.as_str())
    .bind(valid.achieved_on)
    .bind(&valid.evidence)
    .bind(&valid.customer_owner)
    .bind(valid.internal_owner_id)
    .execute(&mut *tx)
    .await?;
    let detail = load_detail(&mut tx, project_id).await?;
    tx.commit().await?;
    Ok(detail)
}

/// Adds a custom milestone (a title and a due date) to a project.
pub async fn add_custom(
    db: &Db,
    project_id: i64,
    expected_version: i64,
    title: &str,
    due_date: &str,
) -> Result<ProjectDetail> {
    let mut check = Checker::new();
    let title = check.text("title", title, MAX_NAME_CHARS, true);
    let due = check.date("due_date", due_date);
    let due = check.finish(|| due.unwrap_or_default())?;
    let mut tx = db.begin_write().await?;
    claim_version(&mut tx, project_id, expected_version, Utc::now()).await?;
    sqlx::query(
        "INSERT INTO milestones (project_id, horizon, title, due_date, due_date_manual) \
         VALUES (?1, NULL, ?2, ?3, 1)",
    )
    .bind(project_id)
    .bind(&title)
    .bind(due)
    .execute(&mut *tx)
    .await?;
    let detail = load_detail(&mut tx, project_id).await?;
    tx.commit().await?;
    Ok(detail)
}

/// Deletes a custom milestone; the three horizons cannot be deleted.
pub async fn delete_custom(
    db: &Db,
    milestone_id: i64,
    expected_version: i64,
) -> Result<ProjectDetail> {
    let mut tx = db.begin_write().await?;
    let (project_id, horizon, _) = milestone_context(&mut tx, milestone_id).await?;
    if horizon.is_some() {
        return Err(CoreError::Refused(Refusal::HorizonNotDeletable));
    }
    claim_version(&mut tx, project_id, expected_version, Utc::now()).await?;
    sqlx::query("DELETE FROM milestones WHERE id = ?1")
        .bind(milestone_id)
        .execute(&mut *tx)
        .await?;
    let detail = load_detail(&mut tx, project_id).await?;
    tx.commit().await?;
    Ok(detail)
}

/// Sets a due date by hand; the reason is required and kept with the date.
pub async fn override_due_date(
    db: &Db,
    milestone_id: i64,
    expected_version: i64,
    due_date: &str,
    reason: &str,
) -> Result<ProjectDetail> {
    let (date, reason) = validate_override(due_date, reason)?;
    write_due_date(db, milestone_id, expected_version, Some((date, reason))).await
}

/// Lets a first-goal milestone follow the kickoff date again (a custom milestone has no date to
/// follow and is refused).
pub async fn follow_kickoff(
    db: &Db,
    milestone_id: i64,
    expected_version: i64,
) -> Result<ProjectDetail> {
    write_due_date(db, milestone_id, expected_version, None).await
}

/// Stores a hand-set due date with its reason, or with `None` derives it from the kickoff again.
async fn write_due_date(
    db: &Db,
    milestone_id: i64,
    expected_version: i64,
    manual: Option<(NaiveDate, String)>,
) -> Result<ProjectDetail> {
    let mut tx = db.begin_write().await?;
    let (project_id, horizon, kickoff) = milestone_context(&mut tx, milestone_id).await?;
    let derived = match horizon {
        Some(h) => Some(
            Horizon::parse(&h)
                .ok_or_else(|| corrupt("horizon", &h))?
                .due_date(kickoff),
        ),
        None => None,
    };
    let (date, manual_flag, reason) = match (manual, derived) {
        (Some((date, reason)), _) => (date, true, reason),
        (None, Some(date)) => (date, false, String::new()),
        // A custom milestone has no date to follow: it keeps the one it was given.
        (None, None) => {
            return Err(CoreError::Validation(vec![crate::FieldError::new(
                "due_date",
                FieldCode::Required,
            )]));
        }
    };
    claim_version(&mut tx, project_id, expected_version, Utc::now()).await?;
    sqlx::query(
        "UPDATE milestones SET due_date = ?2, due_date_manual = ?3, due_date_reason = ?4 \
         WHERE id = ?1",
    )
    .bind(milestone_id)
    .bind(date)
    .bind(manual_flag)
    .bind(&reason)
    .execute(&mut *tx)
    .await?;
    let detail = load_detail(&mut tx, project_id).await?;
    tx.commit().await?;
    Ok(detail)
}

/// Sets what a first goal means: the object-level goal and the achievement-level criterion.
pub async fn set_goal(
    db: &Db,
    milestone_id: i64,
    expected_version: i64,
    goal: &str,
    criterion: &str,
) -> Result<ProjectDetail> {
    let mut check = Checker::new();
    let goal = check.text("goal", goal, MAX_TEXT_CHARS, false);
    let criterion = check.text("criterion", criterion, MAX_TEXT_CHARS, false);
    check.finish(|| ())?;
    let mut tx = db.begin_write().await?;
    let (project_id, _, _) = milestone_context(&mut tx, milestone_id).await?;
    claim_version(&mut tx, project_id, expected_version, Utc::now()).await?;
    sqlx::query("UPDATE milestones SET goal = ?2, criterion = ?3 WHERE id = ?1")
        .bind(milestone_id)
        .bind(&goal)
        .bind(&criterion)
        .execute(&mut *tx)
        .await?;
    let detail = load_detail(&mut tx, project_id).await?;
    tx.commit().await?;
    Ok(detail)
}

/// The project, horizon (none for a custom milestone) and project kickoff of a milestone.
async fn milestone_context(
    conn: &mut SqliteConnection,
    milestone_id: i64,
) -> Result<(i64, Option<String>, NaiveDate)> {
    let row = sqlx::query(
        "SELECT m.project_id, m.horizon, p.kickoff_date FROM milestones m \
         JOIN projects p ON p.id = m.project_id WHERE m.id = ?1",
    )
    .bind(milestone_id)
    .fetch_optional(&mut *conn)
    .await?
    .ok_or(CoreError::NotFound {
        entity: "milestone",
        id: milestone_id,
    })?;
    Ok((
        row.try_get("project_id")?,
        row.try_get("horizon")?,
        row.try_get("kickoff_date")?,
    ))
}
