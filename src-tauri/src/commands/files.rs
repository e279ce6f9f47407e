//! File menu commands: the window asks the user for a file in a native dialog (which adds it to
//! what commands may use), then switches to it or writes a copy there.

use firstgoal_core::ErrorPayload;
use firstgoal_core::backup;
use tauri::{AppHandle, State};

use crate::files;
use crate::state::{AppState, ipc, picked};

/// Closes the current file and opens `path` (chosen in the open dialog) in its place; the window
/// then reloads on it, or on the "could not open" screen.
#[tauri::command]
#[specta::specta]
pub async fn open_file(app: AppHandle, path: String) -> Result<(), ErrorPayload> {
    let path = picked(&app, path)?;
    let _ = files::switch(&app, &path).await;
    Ok(())
}

/// As [`open_file`] for a file named in the save dialog: created if missing. An existing
/// FirstGoal file chosen there is opened as it is, never emptied.
#[tauri::command]
#[specta::specta]
pub async fn new_file(app: AppHandle, path: String) -> Result<(), ErrorPayload> {
    open_file(app, path).await
}

/// Writes a consistent copy of the open file to `path` (chosen in the save dialog); the window
/// stays on the open file.
#[tauri::command]
#[specta::specta]
pub async fn save_copy(
    app: AppHandle,
    state: State<'_, AppState>,
    path: String,
) -> Result<(), ErrorPayload> {
    let path = picked(&app, path)?;
    ipc(backup::save_copy(&state.db().await?, &path).await)
}
