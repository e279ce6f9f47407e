//! The calendar export: one project's, or every open project's, dates as an iCalendar file at a
//! path the user chose in the save dialog.

use firstgoal_core::ErrorPayload;
use firstgoal_core::calendar::{self, CalendarScope};
use firstgoal_core::settings::Language;
use tauri::{AppHandle, State};

use crate::state::{AppState, ipc, picked};

/// Returns how many events the file holds.
#[tauri::command]
#[specta::specta]
pub async fn export_calendar(
    app: AppHandle,
    state: State<'_, AppState>,
    scope: CalendarScope,
    language: Language,
    path: String,
) -> Result<u32, ErrorPayload> {
    let path = picked(&app, path)?;
    let n = ipc(calendar::export(&state.db().await?, scope, language, &path).await)?;
    Ok(u32::try_from(n).unwrap_or(u32::MAX))
}
