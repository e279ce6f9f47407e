//! Whole-file JSON export and import.

use firstgoal_core::ErrorPayload;
use firstgoal_core::transfer::{self, ImportReport};
use tauri::{AppHandle, State};

use crate::state::{AppState, ipc, picked};

/// Writes every table as one JSON document to `path` (chosen in the save dialog); returns the
/// number of rows written.
#[tauri::command]
#[specta::specta]
pub async fn export_all(
    app: AppHandle,
    state: State<'_, AppState>,
    path: String,
) -> Result<u64, ErrorPayload> {
    let path = picked(&app, path)?;
    ipc(transfer::export_to_file(&state.db().await?, &path).await)
}

/// Imports an export file into the open file, in one transaction. The answer comes once the
/// import is committed; copying its pages from the WAL into the file (about a second for a
/// 10,000-project import) follows in the background.
#[tauri::command]
#[specta::specta]
pub async fn import_all(
    app: AppHandle,
    state: State<'_, AppState>,
    path: String,
) -> Result<ImportReport, ErrorPayload> {
    let path = picked(&app, path)?;
    let db = state.db().await?;
    let report = ipc(transfer::import_file(&db, &path).await)?;
    tauri::async_runtime::spawn(async move {
        if let Err(err) = db.checkpoint().await {
            eprintln!("FirstGoal: checkpoint after the import failed: {err}");
        }
    });
    Ok(report)
}
