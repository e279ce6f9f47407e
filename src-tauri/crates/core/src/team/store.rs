//! SQL for team members and their project assignments.

use chrono::Utc;
use sqlx::sqlite::SqliteRow;
use sqlx::{Row, SqliteConnection};

use super::{TeamMember, TeamRole};
use crate::db::Db;
use crate::db::rows::{claim_version, corrupt};
use crate::error::{CoreError, FieldCode, FieldError, Result};
use crate::validation::{Checker, MAX_NAME_CHARS};

fn member_from_row(row: &SqliteRow) -> Result<TeamMember> {
    let role: String = row.try_get("role")?;
    Ok(TeamMember {
        id: row.try_get("id")?,
        name: row.try_get("name")?,
        role: TeamRole::parse(&role).ok_or_else(|| corrupt("role", &role))?,
    })
}

/// Every team member, by name.
pub async fn list(db: &Db) -> Result<Vec<TeamMember>> {
    let rows = sqlx::query("SELECT id, name, role FROM team_members ORDER BY name, id")
        .fetch_all(db.pool())
        .await?;
    rows.iter().map(member_from_row).collect()
}

pub async fn create(db: &Db, name: &str, role: TeamRole) -> Result<TeamMember> {
    let mut check = Checker::new();
    let name = check.text("name", name, MAX_NAME_CHARS, true);
    check.finish(|| ())?;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO team_members (name, role, created_at) VALUES (?1, ?2, ?3) RETURNING id",
    )
    .bind(&name)
    .bind(role.as_str())
    .bind(Utc::now())
    .fetch_one(db.pool())
    .await?;
    Ok(TeamMember { id, name, role })
}

/// The team members assigned to a project.
pub async fn members_of(db: &Db, project_id: i64) -> Result<Vec<TeamMember>> {
    let rows = sqlx::query(
        "SELECT t.id, t.name, t.role FROM team_members t \
         JOIN project_team pt ON pt.member_id = t.id WHERE pt.project_id = ?1 ORDER BY t.name",
    )
    .bind(project_id)
    .fetch_all(db.pool())
    .await?;
    rows.iter().map(member_from_row).collect()
}

/// A validation error on `field` unless team member `id` exists.
pub(crate) async fn ensure_member(conn: &mut SqliteConnection, id: i64, field: &str) -> Result<()> {
    let found: Option<i64> = sqlx::query_scalar("SELECT id FROM team_members WHERE id = ?1")
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?;
    match found {
        Some(_) => Ok(()),
        None => Err(CoreError::Validation(vec![FieldError::new(
            field,
            FieldCode::UnknownMember,
        )])),
    }
}

/// Assigns a team member to a project (assigning twice is harmless).
pub async fn assign(
    db: &Db,
    project_id: i64,
    expected_version: i64,
    member_id: i64,
) -> Result<Vec<TeamMember>> {
    let mut tx = db.begin_write().await?;
    ensure_member(&mut tx, member_id, "member_id").await?;
    claim_version(&mut tx, project_id, expected_version, Utc::now()).await?;
    sqlx::query("INSERT OR IGNORE INTO project_team (project_id, member_id) VALUES (?1, ?2)")
        .bind(project_id)
        .bind(member_id)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    members_of(db, project_id).await
}

pub async fn unassign(
    db: &Db,
    project_id: i64,
    expected_version: i64,
    member_id: i64,
) -> Result<Vec<TeamMember>> {
    let mut tx = db.begin_write().await?;
    claim_version(&mut tx, project_id, expected_version, Utc::now()).await?;
    sqlx::query("DELETE FROM project_team WHERE project_id = ?1 AND member_id = ?2")
        .bind(project_id)
        .bind(member_id)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    members_of(db, project_id).await
}
