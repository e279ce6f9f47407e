//! "This week": the list itself, who the user is among the team members (for "mine"), the daily
//! reminders switch, and the request a clicked reminder leaves for the window.

use std::sync::atomic::Ordering;

use firstgoal_core::settings::Settings;
use firstgoal_core::team::TeamMember;
use firstgoal_core::week::{self, Week, WeekQuery};
use firstgoal_core::{ErrorPayload, today};
use tauri::{AppHandle, State};

use crate::commands::app::store_error;
use crate::settings;
use crate::state::{AppState, ipc};

#[tauri::command]
#[specta::specta]
pub async fn get_week(state: State<'_, AppState>, query: WeekQuery) -> Result<Week, ErrorPayload> {
    ipc(week::get_on(&state.db().await?, query, today()).await)
}

#[tauri::command]
#[specta::specta]
pub async fn get_me(state: State<'_, AppState>) -> Result<Option<TeamMember>, ErrorPayload> {
    ipc(week::me(&state.db().await?).await)
}

/// `member_id: null`: nobody in particular.
#[tauri::command]
#[specta::specta]
pub async fn set_me(
    state: State<'_, AppState>,
    member_id: Option<i64>,
) -> Result<Option<TeamMember>, ErrorPayload> {
    ipc(week::set_me(&state.db().await?, member_id).await)
}

#[tauri::command]
#[specta::specta]
pub fn set_reminders(app: AppHandle, on: bool) -> Result<Settings, ErrorPayload> {
    let settings = settings::set_reminders(&app, on).map_err(store_error)?;
    if on {
        crate::reminders::check_soon(app);
    }
    Ok(settings)
}

/// True once after a reminder was clicked: the window then shows "This week".
#[tauri::command]
#[specta::specta]
pub fn take_week_request(state: State<'_, AppState>) -> bool {
    state.week_requested.swap(false, Ordering::SeqCst)
}
