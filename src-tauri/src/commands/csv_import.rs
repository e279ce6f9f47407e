//! Stakeholder CSV import: the preview (with the suggested or a chosen mapping) and the import.
//! The path comes from the native open dialog.

use firstgoal_core::ErrorPayload;
use firstgoal_core::stakeholders::csv_import::{
    self, CsvField, CsvImportReport, CsvPreview, ImportMode,
};
use tauri::{AppHandle, State};

use crate::state::{AppState, ipc, picked};

/// `mapping: null` asks for the mapping suggested from the header.
#[tauri::command]
#[specta::specta]
pub async fn preview_stakeholder_csv(
    app: AppHandle,
    state: State<'_, AppState>,
    project_id: i64,
    path: String,
    mapping: Option<Vec<Option<CsvField>>>,
) -> Result<CsvPreview, ErrorPayload> {
    let path = picked(&app, path)?;
    ipc(csv_import::preview(&state.db().await?, project_id, &path, mapping).await)
}

#[tauri::command]
#[specta::specta]
pub async fn import_stakeholder_csv(
    app: AppHandle,
    state: State<'_, AppState>,
    project_id: i64,
    expected_version: i64,
    path: String,
    mapping: Vec<Option<CsvField>>,
    mode: ImportMode,
) -> Result<CsvImportReport, ErrorPayload> {
    let path = picked(&app, path)?;
    ipc(csv_import::import(
        &state.db().await?,
        project_id,
        expected_version,
        &path,
        &mapping,
        mode,
    )
    .await)
}
