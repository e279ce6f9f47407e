//! The admin commands: teams and the people in them. They run on the server's host against the
//! database directly (no HTTP), so they need no credential of their own.

use firstgoal_protocol::Role;
use sqlx::{PgPool, Row};
use uuid::Uuid;

use crate::secret;

pub mod conflicts;

/// A refused admin command.
#[derive(Debug, thiserror::Error)]
pub enum AdminError {
    /// No team of this name.
    #[error("no team named {0:?}")]
    NoTeam(String),
    /// No person of this name in the team.
    #[error("no person named {0:?} in this team")]
    NoPerson(String),
    /// The name is taken.
    #[error("{0:?} already exists")]
    Exists(String),
    /// The name is empty or too long.
    #[error("a name must have 1 to 200 characters")]
    BadName,
    /// The database failed.
    #[error("database: {0}")]
    Db(#[from] sqlx::Error),
}

/// One person as `person list` shows them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PersonRow {
    /// The person's id (the `author` of their changes).
    pub id: Uuid,
    /// The name the admin gave.
    pub name: String,
    /// `admin`, `member` or `viewer`.
    pub role: String,
    /// `invited` (code not used yet), `enrolled` or `revoked`.
    pub status: String,
}

fn check_name(name: &str) -> Result<(), AdminError> {
    let len = name.trim().chars().count();
    if len == 0 || len > 200 {
        return Err(AdminError::BadName);
    }
    Ok(())
}

fn unique_violation(e: sqlx::Error, name: &str) -> AdminError {
    match &e {
        sqlx::Error::Database(d) if d.is_unique_violation() => AdminError::Exists(name.to_owned()),
        _ => AdminError::Db(e),
    }
}

/// Creates a team; returns its id.
pub async fn create_team(pool: &PgPool, name: &str) -> Result<Uuid, AdminError> {
    check_name(name)?;
    let id = Uuid::new_v4();
    sqlx::query("INSERT INTO teams (id, name) VALUES ($1, $2)")
        .bind(id)
        .bind(name.trim())
        .execute(pool)
        .await
        .map_err(|e| unique_violation(e, name))?;
    Ok(id)
}

async fn team_id(pool: &PgPool, team: &str) -> Result<Uuid, AdminError> {
    sqlx::query_scalar("SELECT id FROM teams WHERE name = $1")
        .bind(team.trim())
        .fetch_optional(pool)
        .await?
        .ok_or_else(|| AdminError::NoTeam(team.to_owned()))
}

/// Adds a person to a team; returns their one-time enrolment code (only its hash is stored).
pub async fn add_person(
    pool: &PgPool,
    team: &str,
    name: &str,
    role: Role,
) -> Result<String, AdminError> {
    check_name(name)?;
    let team_id = team_id(pool, team).await?;
    let code = secret::new_code();
    sqlx::query(
        "INSERT INTO people (id, team_id, name, role, enrol_code_hash) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(Uuid::new_v4())
    .bind(team_id)
    .bind(name.trim())
    .bind(role.as_str())
    .bind(secret::hash(&secret::normalise_code(&code)))
    .execute(pool)
    .await
    .map_err(|e| unique_violation(e, name))?;
    Ok(code)
}

/// The people of a team, by name.
pub async fn list_people(pool: &PgPool, team: &str) -> Result<Vec<PersonRow>, AdminError> {
    let team_id = team_id(pool, team).await?;
    let rows = sqlx::query(
        "SELECT id, name, role, CASE WHEN revoked_at IS NOT NULL THEN 'revoked' \
         WHEN enrolled_at IS NOT NULL THEN 'enrolled' ELSE 'invited' END AS status \
         FROM people WHERE team_id = $1 ORDER BY name",
    )
    .bind(team_id)
    .fetch_all(pool)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(PersonRow {
                id: r.try_get("id")?,
                name: r.try_get("name")?,
                role: r.try_get("role")?,
                status: r.try_get("status")?,
            })
        })
        .collect()
}

/// Revokes a person: their credential and any unused code stop working at once.
pub async fn revoke_person(pool: &PgPool, team: &str, name: &str) -> Result<(), AdminError> {
    let team_id = team_id(pool, team).await?;
    let done = sqlx::query(
        "UPDATE people SET revoked_at = coalesce(revoked_at, now()), enrol_code_hash = NULL \
         WHERE team_id = $1 AND name = $2",
    )
    .bind(team_id)
    .bind(name.trim())
    .execute(pool)
    .await?;
    if done.rows_affected() == 0 {
        return Err(AdminError::NoPerson(name.to_owned()));
    }
    Ok(())
}
