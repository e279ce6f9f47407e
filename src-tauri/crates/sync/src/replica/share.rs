//! Private projects of an enrolled file (`sync_private`, migration 0014): their records have no
//! uid, so the outbox triggers send nothing of them, until the project is shared — naming its
//! records then sends every field of each, as enrolment does for the whole file.

use firstgoal_core::Db;
use firstgoal_core::db::NEW_UUID;
use sqlx::SqliteConnection;

use super::tables::{self, Kind, quote};
use super::{SyncError, state};

/// Names the unnamed records of `kind` — of the project `project` only, or of every project not
/// kept private — so the `<table>_sync_named` triggers queue them, parents first when called in
/// [`tables::TRAVELLING`] order. Returns how many records were named.
pub(super) async fn name_shared(
    conn: &mut SqliteConnection,
    kind: &Kind,
    project: Option<i64>,
) -> Result<u64, SyncError> {
    let which = match (&kind.project, project) {
        (Some(of), Some(_)) => format!("AND {of} = ?1"),
        (None, Some(_)) => return Ok(0),
        (Some(of), None) => {
            format!("AND NOT EXISTS (SELECT 1 FROM sync_private p WHERE p.project_id = {of})")
        }
        (None, None) => String::new(),
    };
    let sql = format!(
        "UPDATE {} AS t SET uid = {NEW_UUID} WHERE t.uid IS NULL {which}",
        quote(kind.table)
    );
    let done = sqlx::query(&sql).bind(project).execute(&mut *conn).await?;
    Ok(done.rows_affected())
}

/// Shares a project kept private: from now on it is the team's, and the next sync sends it whole.
/// Returns the number of records queued (0 for a project shared already).
pub async fn share_project(db: &Db, project_id: i64) -> Result<u64, SyncError> {
    if state::enrolment(db.pool()).await?.is_none() {
        return Err(SyncError::NotEnrolled);
    }
    let mut tx = db.begin_write().await?;
    let exists: bool = sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM projects WHERE id = ?1)")
        .bind(project_id)
        .fetch_one(&mut *tx)
        .await?;
    if !exists {
        return Err(SyncError::Core(firstgoal_core::CoreError::NotFound {
            entity: "project",
            id: project_id,
        }));
    }
    sqlx::query("DELETE FROM sync_private WHERE project_id = ?1")
        .bind(project_id)
        .execute(&mut *tx)
        .await?;
    let mut named = 0;
    for kind in &tables::kinds(&mut tx).await? {
        named += name_shared(&mut tx, kind, Some(project_id)).await?;
    }
    tx.commit().await?;
    Ok(named)
}

/// The projects of the file kept private, by id.
pub async fn private_projects(db: &Db) -> Result<Vec<i64>, SyncError> {
    Ok(
        sqlx::query_scalar("SELECT project_id FROM sync_private ORDER BY project_id")
            .fetch_all(db.pool())
            .await?,
    )
}
