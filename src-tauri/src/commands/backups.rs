//! Backup commands: list, take, restore (the window reloads on the restored file), how many to keep.

use firstgoal_core::ErrorPayload;
use firstgoal_core::backup::{self, BackupInfo};
use tauri::{AppHandle, State};

use crate::files;
use crate::state::{AppState, ipc};

/// Backups of the open file, newest first (also when the file itself could not be opened).
#[tauri::command]
#[specta::specta]
pub fn list_backups(state: State<'_, AppState>) -> Result<Vec<BackupInfo>, ErrorPayload> {
    ipc(backup::list(&state.db_path()))
}

#[tauri::command]
#[specta::specta]
pub async fn create_backup(state: State<'_, AppState>) -> Result<BackupInfo, ErrorPayload> {
    ipc(backup::create(&state.db().await?, backup::Reason::Manual).await)
}

/// Replaces the file with a backup (the current file is backed up first), then reopens it; the
/// window then reloads on the restored file (in this process, so on the file open now, whichever
/// file the app was started with).
#[tauri::command]
#[specta::specta]
pub async fn restore_backup(
    app: AppHandle,
    state: State<'_, AppState>,
    file_name: String,
) -> Result<BackupInfo, ErrorPayload> {
    let path = state.db_path();
    let current = state.db().await.ok();
    let safety = ipc(backup::restore(&path, current, &file_name).await)?;
    let _ = files::switch(&app, &path).await;
    Ok(safety)
}

#[tauri::command]
#[specta::specta]
pub async fn get_backup_keep(state: State<'_, AppState>) -> Result<u32, ErrorPayload> {
    ipc(backup::keep(&state.db().await?).await)
}

#[tauri::command]
#[specta::specta]
pub async fn set_backup_keep(state: State<'_, AppState>, keep: u32) -> Result<u32, ErrorPayload> {
    ipc(backup::set_keep(&state.db().await?, keep).await)
}
