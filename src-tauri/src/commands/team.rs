//! Team commands: the open file's status with its team, joining a team with an enrolment code,
//! syncing now, and the conflicts kept in the file (listed side by side, resolved one by one).

use firstgoal_sync::replica::{self, resolve, share};
use serde::{Deserialize, Serialize};
use specta::Type;
use tauri::{AppHandle, State};

use crate::state::AppState;
use crate::team::{TeamError, TeamStatus, TeamSync};

#[tauri::command]
#[specta::specta]
pub async fn team_status(
    state: State<'_, AppState>,
    team: State<'_, TeamSync>,
) -> Result<TeamStatus, TeamError> {
    team.status(&state.db().await?).await
}

/// Exchanges `code` at `server_url` for a credential and makes the file a replica of the team;
/// the background sync then sends the file's records (its projects only if `share_existing`;
/// otherwise they stay private until shared one by one) and pulls the team's.
#[tauri::command]
#[specta::specta]
pub async fn team_enrol(
    state: State<'_, AppState>,
    team: State<'_, TeamSync>,
    server_url: String,
    code: String,
    share_existing: bool,
) -> Result<TeamStatus, TeamError> {
    let db = state.db().await?;
    let existing = if share_existing {
        replica::Existing::Share
    } else {
        replica::Existing::KeepPrivate
    };
    replica::enrol(&db, &TeamSync::store(), &server_url, &code, existing).await?;
    team.wake.notify_one();
    team.status(&db).await
}

/// Pushes and pulls now; the error says why not (offline, refused…).
#[tauri::command]
#[specta::specta]
pub async fn team_sync_now(
    app: AppHandle,
    state: State<'_, AppState>,
    team: State<'_, TeamSync>,
) -> Result<TeamStatus, TeamError> {
    let db = state.db().await?;
    team.sync(&app, &db).await?;
    team.status(&db).await
}

/// One side of a conflict.
#[derive(Debug, Clone, Serialize, Type)]
#[serde(rename_all = "snake_case", tag = "kind", content = "value")]
pub enum ConflictSide {
    /// The field set to this value, as text (text as typed, numbers and flags written out); none
    /// when the field was emptied.
    Set(Option<String>),
    /// The record deleted.
    Delete,
    /// (Mine only.) The file's rules refused the pulled change, and why.
    NotApplied(String),
}

impl From<resolve::Side> for ConflictSide {
    fn from(side: resolve::Side) -> Self {
        match side {
            resolve::Side::Set(value) => ConflictSide::Set(match value {
                serde_json::Value::Null => None,
                serde_json::Value::String(text) => Some(text),
                other => Some(other.to_string()),
            }),
            resolve::Side::Delete => ConflictSide::Delete,
            resolve::Side::NotApplied(reason) => ConflictSide::NotApplied(reason),
        }
    }
}

/// A conflict as the window shows it: the record, the field, mine and theirs.
#[derive(Debug, Clone, Serialize, Type)]
pub struct TeamConflict {
    pub id: i64,
    /// The record's kind (its table, e.g. `projects`) and its name when it has one.
    pub kind: String,
    pub record: String,
    pub label: Option<String>,
    /// The field (a column of `kind`); none when one side deleted the record.
    pub field: Option<String>,
    pub mine: ConflictSide,
    pub theirs: ConflictSide,
    /// Who made theirs (a person's id on the server), and their name when the file knows it.
    pub author: String,
    pub author_name: Option<String>,
    /// When the file was told of it.
    pub reported_at: String,
}

impl From<resolve::Conflict> for TeamConflict {
    fn from(c: resolve::Conflict) -> Self {
        Self {
            id: c.id,
            kind: c.kind,
            record: c.record.to_string(),
            label: c.label,
            field: c.field,
            mine: c.mine.into(),
            theirs: c.theirs.into(),
            author: c.author.to_string(),
            author_name: c.author_name,
            reported_at: c.reported_at,
        }
    }
}

#[tauri::command]
#[specta::specta]
pub async fn team_conflicts(state: State<'_, AppState>) -> Result<Vec<TeamConflict>, TeamError> {
    let list = resolve::list(&state.db().await?).await?;
    Ok(list.into_iter().map(TeamConflict::from).collect())
}

/// Which side of a conflict a person keeps.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum KeepSide {
    Mine,
    Theirs,
}

/// Resolves conflict `id` with `keep`, then syncs (mine is sent over theirs). A sync that cannot
/// reach the server leaves the resolution in the outbox, sent by the background sync later.
#[tauri::command]
#[specta::specta]
pub async fn team_resolve(
    app: AppHandle,
    state: State<'_, AppState>,
    team: State<'_, TeamSync>,
    id: i64,
    keep: KeepSide,
) -> Result<TeamStatus, TeamError> {
    let db = state.db().await?;
    let choice = match keep {
        KeepSide::Mine => resolve::Choice::Mine,
        KeepSide::Theirs => resolve::Choice::Theirs,
    };
    resolve::resolve(&db, id, choice).await?;
    let _ = team.sync(&app, &db).await;
    team.status(&db).await
}

/// The projects of the file kept private (only in this file), by id.
#[tauri::command]
#[specta::specta]
pub async fn team_private_projects(state: State<'_, AppState>) -> Result<Vec<i64>, TeamError> {
    Ok(share::private_projects(&state.db().await?).await?)
}

/// Shares a private project with the team: the background sync sends it whole.
#[tauri::command]
#[specta::specta]
pub async fn team_share_project(
    state: State<'_, AppState>,
    team: State<'_, TeamSync>,
    project_id: i64,
) -> Result<(), TeamError> {
    share::share_project(&state.db().await?, project_id).await?;
    team.wake.notify_one();
    Ok(())
}
