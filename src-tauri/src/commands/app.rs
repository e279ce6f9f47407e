//! App-level commands: which file is open, and the user's settings.

use firstgoal_core::settings::{Language, Settings, Theme};
use firstgoal_core::{ErrorCode, ErrorPayload};
use serde::Serialize;
use specta::Type;
use tauri::{AppHandle, State};

use crate::settings;
use crate::state::AppState;

#[derive(Debug, Serialize, Type)]
pub struct AppStatus {
    pub version: String,
    pub db_path: String,
    /// Why the database could not be opened, if it could not.
    pub open_error: Option<ErrorPayload>,
}

#[tauri::command]
#[specta::specta]
pub async fn app_status(
    app: AppHandle,
    state: State<'_, AppState>,
) -> Result<AppStatus, ErrorPayload> {
    Ok(AppStatus {
        version: app.package_info().version.to_string(),
        db_path: state.db_path().display().to_string(),
        open_error: state.open_error().await,
    })
}

#[tauri::command]
#[specta::specta]
pub fn get_settings(app: AppHandle) -> Settings {
    settings::load(&app)
}

fn store_error(err: tauri::Error) -> ErrorPayload {
    ErrorPayload {
        code: ErrorCode::Io,
        message: format!("settings could not be saved: {err}"),
        fields: Vec::new(),
        refusal: None,
    }
}

/// `language: null` follows the OS locale.
#[tauri::command]
#[specta::specta]
pub fn set_language(app: AppHandle, language: Option<Language>) -> Result<Settings, ErrorPayload> {
    let settings = settings::set_language(&app, language).map_err(store_error)?;
    // The menu speaks the interface language too.
    crate::menu::refresh(&app);
    Ok(settings)
}

#[tauri::command]
#[specta::specta]
pub fn set_theme(app: AppHandle, theme: Theme) -> Result<Settings, ErrorPayload> {
    let settings = settings::set_theme(&app, theme).map_err(store_error)?;
    crate::menu::refresh(&app);
    Ok(settings)
}
