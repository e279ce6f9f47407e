//! Touchpoints (meetings, calls and mails with some of the project's stakeholders) and dated
//! heat entries: the records behind "last touch" and "heat falling".

use chrono::Utc;
use sqlx::{Row, SqliteConnection};

use super::store::{insert_heat, stakeholder_project};
use super::{TouchKind, Touchpoint, TouchpointInput};
use crate::db::Db;
use crate::db::rows::{claim_version, corrupt};
use crate::error::{CoreError, FieldCode, Result};

use crate::validation::{Checker, MAX_TEXT_CHARS};

/// The touchpoints of one project, newest first, with their participants.
pub(crate) async fn load_touchpoints(
    conn: &mut SqliteConnection,
    project_id: i64,
) -> Result<Vec<Touchpoint>> {
    let rows = sqlx::query(
        "SELECT t.id, t.project_id, t.kind, t.touched_on, t.note, \
         (SELECT group_concat(p.stakeholder_id) FROM touchpoint_participants p \
          WHERE p.touchpoint_id = t.id) AS participants \
         FROM touchpoints t WHERE t.project_id = ?1 ORDER BY t.touched_on DESC, t.id DESC",
    )
    .bind(project_id)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter()
        .map(|row| {
            let kind: String = row.try_get("kind")?;
            let participants: Option<String> = row.try_get("participants")?;
            let mut participant_ids: Vec<i64> = participants
                .unwrap_or_default()
                .split(',')
                .filter_map(|s| s.parse().ok())
                .collect();
            participant_ids.sort_unstable();
            Ok(Touchpoint {
                id: row.try_get("id")?,
                project_id: row.try_get("project_id")?,
                kind: TouchKind::parse(&kind).ok_or_else(|| corrupt("kind", &kind))?,
                touched_on: row.try_get("touched_on")?,
                note: row.try_get("note")?,
                participant_ids,
            })
        })
        .collect()
}

/// Records a heat score on a date (the history behind the "heat falling" risk).
/// Returns the project whose board changed.
pub(crate) async fn add_heat_entry(
    db: &Db,
    stakeholder_id: i64,
    expected_version: i64,
    recorded_on: &str,
    heat: i64,
) -> Result<i64> {
    let mut check = Checker::new();
    let date = check.date("recorded_on", recorded_on);
    check.score("heat", heat, super::MAX_SCORE);
    let date = check.finish(|| date.unwrap_or_default())?;
    let mut tx = db.begin_write().await?;
    let project_id = stakeholder_project(&mut tx, stakeholder_id).await?;
    claim_version(&mut tx, project_id, expected_version, Utc::now()).await?;
    insert_heat(&mut tx, stakeholder_id, date, heat).await?;
    tx.commit().await?;
    Ok(project_id)
}

/// Records a meeting, call or mail with some of the project's stakeholders.
/// Returns the project whose board changed.
pub(crate) async fn add_touchpoint(
    db: &Db,
    project_id: i64,
    expected_version: i64,
    input: &TouchpointInput,
) -> Result<i64> {
    let mut check = Checker::new();
    let date = check.date("touched_on", &input.touched_on);
    let note = check.text("note", &input.note, MAX_TEXT_CHARS, false);
    if input.participant_ids.is_empty() {
        check.fail("participant_ids", FieldCode::NoParticipants);
    }
    let date = check.finish(|| date.unwrap_or_default())?;
    let mut tx = db.begin_write().await?;
    for id in &input.participant_ids {
        if stakeholder_project(&mut tx, *id).await? != project_id {
            return Err(CoreError::Validation(vec![crate::FieldError::new(
                "participant_ids",
                FieldCode::Mismatch,
            )]));
        }
    }
    claim_version(&mut tx, project_id, expected_version, Utc::now()).await?;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO touchpoints (project_id, kind, touched_on, note) VALUES (?1, ?2, ?3, ?4) \
         RETURNING id",
    )
    .bind(project_id)
    .bind(input.kind.as_str())
    .bind(date)
    .bind(&note)
    .fetch_one(&mut *tx)
    .await?;
    for stakeholder_id in &input.participant_ids {
        sqlx::query(
            "INSERT OR IGNORE INTO touchpoint_participants (touchpoint_id, stakeholder_id) \
             VALUES (?1, ?2)",
        )
        .bind(id)
        .bind(stakeholder_id)
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    Ok(project_id)
}

/// Returns the project whose board changed.
pub(crate) async fn delete_touchpoint(
    db: &Db,
    touchpoint_id: i64,
    expected_version: i64,
) -> Result<i64> {
    let mut tx = db.begin_write().await?;
    let project_id: i64 = sqlx::query_scalar("SELECT project_id FROM touchpoints WHERE id = ?1")
        .bind(touchpoint_id)
        .fetch_optional(&mut *tx)
        .await?
        .ok_or(CoreError::NotFound {
            entity: "touchpoint",
            id: touchpoint_id,
        })?;
    claim_version(&mut tx, project_id, expected_version, Utc::now()).await?;
    sqlx::query("DELETE FROM touchpoints WHERE id = ?1")
        .bind(touchpoint_id)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(project_id)
}
