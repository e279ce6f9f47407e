//! Stakeholder CSV import: the preview (with the suggested or a chosen mapping) and the import.
//! The path comes from the native open dialog.

use std::path::PathBuf;

use firstgoal_core::ErrorPayload;
use firstgoal_core::stakeholders::csv_import::{
    self, CsvField, CsvImportReport, CsvPreview, ImportMode,
};
use tauri::State;

use crate::state::{AppState, ipc};

/// `mapping: null` asks for the mapping suggested from the header.
#[tauri::command]
#[specta::specta]
pub async fn preview_stakeholder_csv(
    state: State<'_, AppState>,
    project_id: i64,
    path: String,
    mapping: Option<Vec<Option<CsvField>>>,
) -> Result<CsvPreview, ErrorPayload> {
    ipc(csv_import::preview(state.db().await?, project_id, &PathBuf::from(path), mapping).await)
}

#[tauri::command]
#[specta::specta]
pub async fn import_stakeholder_csv(
    state: State<'_, AppState>,
    project_id: i64,
    expected_version: i64,
    path: String,
    mapping: Vec<Option<CsvField>>,
    mode: ImportMode,
) -> Result<CsvImportReport, ErrorPayload> {
    ipc(csv_import::import(
        state.db().await?,
        project_id,
        expected_version,
        &PathBuf::from(path),
        &mapping,
        mode,
    )
    .await)
}
