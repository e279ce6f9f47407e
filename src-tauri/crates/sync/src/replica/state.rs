//! The replica's state kept in the file (`sync_state`, one row): the enrolment and the cursor.

use std::str::FromStr;

use firstgoal_core::Db;
use firstgoal_protocol::{Role, TeamInfo};
use sqlx::SqlitePool;
use uuid::Uuid;

use super::SyncError;
use super::share;
use super::tables::{self, quote};

/// What the file knows of its enrolment (the credential is kept outside the file).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Enrolment {
    /// The server's address, as checked when enrolling.
    pub server_url: String,
    pub team_id: Uuid,
    /// The person this replica pushes as.
    pub person_id: Uuid,
    pub role: Role,
    /// This replica's identity: with an outbox row's number it makes the row's change id.
    pub replica_id: Uuid,
    /// The last server sequence applied to the file.
    pub cursor: i64,
}

type Row = (
    i64,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
    i64,
);

/// The file's enrolment, if it has one.
pub async fn enrolment(pool: &SqlitePool) -> Result<Option<Enrolment>, SyncError> {
    let row: Row = sqlx::query_as(
        "SELECT enrolled, server_url, team_id, person_id, role, replica_id, cursor \
         FROM sync_state WHERE singleton = 1",
    )
    .fetch_one(pool)
    .await?;
    let (enrolled, url, team, person, role, replica, cursor) = row;
    if enrolled == 0 {
        return Ok(None);
    }
    let uuid = |v: Option<String>| v.as_deref().and_then(|s| Uuid::from_str(s).ok());
    let damaged = || {
        SyncError::Core(firstgoal_core::CoreError::Unavailable(
            "the file's team enrolment is damaged; enrol it again".to_owned(),
        ))
    };
    Ok(Some(Enrolment {
        server_url: url.ok_or_else(damaged)?,
        team_id: uuid(team).ok_or_else(damaged)?,
        person_id: uuid(person).ok_or_else(damaged)?,
        role: role.as_deref().and_then(Role::parse).ok_or_else(damaged)?,
        replica_id: uuid(replica).ok_or_else(damaged)?,
        cursor,
    }))
}

/// The last server sequence applied to the file.
pub async fn cursor(pool: &SqlitePool) -> Result<i64, SyncError> {
    Ok(
        sqlx::query_scalar("SELECT cursor FROM sync_state WHERE singleton = 1")
            .fetch_one(pool)
            .await?,
    )
}

/// The team and its people by name, as the server last said (none before the first sync).
pub async fn team(pool: &SqlitePool) -> Result<Option<TeamInfo>, SyncError> {
    let text: Option<String> =
        sqlx::query_scalar("SELECT team FROM sync_state WHERE singleton = 1")
            .fetch_one(pool)
            .await?;
    Ok(text.and_then(|t| serde_json::from_str(&t).ok()))
}

/// Keeps what the server says of the team, if it is the file's team (nothing is written when the
/// file knows it already).
pub async fn keep_team(pool: &SqlitePool, team: &TeamInfo) -> Result<(), SyncError> {
    sqlx::query(
        "UPDATE sync_state SET team = ?1 WHERE singleton = 1 AND team_id = ?2 AND team IS NOT ?1",
    )
    .bind(serde_json::to_string(team).unwrap_or_default())
    .bind(team.team_id.to_string())
    .execute(pool)
    .await?;
    Ok(())
}

/// Changes waiting in the outbox, and conflicts kept.
pub async fn counts(pool: &SqlitePool) -> Result<(u64, u64), SyncError> {
    let (outbox, conflicts): (i64, i64) = sqlx::query_as(
        "SELECT (SELECT COUNT(*) FROM sync_outbox), (SELECT COUNT(*) FROM sync_conflicts)",
    )
    .fetch_one(pool)
    .await?;
    Ok((outbox.max(0) as u64, conflicts.max(0) as u64))
}

/// Records the enrolment and names every record the file holds, which puts it in the outbox (the
/// `<table>_sync_named` triggers), in one transaction — except the records of the projects kept
/// private (`existing`). Records named before (an import of a replica's export) get new names: they
/// are new to this team.
pub async fn enrol(db: &Db, e: &Enrolment, existing: Existing) -> Result<(), SyncError> {
    let mut tx = db.begin_write().await?;
    let kinds = tables::kinds(&mut tx).await?;
    for kind in &kinds {
        let sql = format!(
            "UPDATE {} SET uid = NULL WHERE uid IS NOT NULL",
            quote(kind.table)
        );
        sqlx::query(&sql).execute(&mut *tx).await?;
    }
    sqlx::query(
        "UPDATE sync_state SET enrolled = 1, applying = 0, server_url = ?1, team_id = ?2, \
         person_id = ?3, role = ?4, replica_id = ?5, cursor = 0, team = NULL WHERE singleton = 1",
    )
    .bind(&e.server_url)
    .bind(e.team_id.to_string())
    .bind(e.person_id.to_string())
    .bind(e.role.as_str())
    .bind(e.replica_id.to_string())
    .execute(&mut *tx)
    .await?;
    sqlx::query("DELETE FROM sync_private")
        .execute(&mut *tx)
        .await?;
    if existing == Existing::KeepPrivate {
        sqlx::query("INSERT INTO sync_private (project_id) SELECT id FROM projects")
            .execute(&mut *tx)
            .await?;
    }
    for kind in &kinds {
        share::name_shared(&mut tx, kind, None).await?;
    }
    tx.commit().await?;
    Ok(())
}

/// What enrolment does with the projects the file holds already.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Existing {
    /// They become the team's: sent with the first sync.
    Share,
    /// They stay in this file until shared one by one ([`share::share_project`]).
    KeepPrivate,
}
