//! Journey diagram commands: the diagram, its revisions and comparisons, exports and import.
//! Exports render on a blocking thread inside the core, so the window stays responsive.

use firstgoal_core::ErrorPayload;
use firstgoal_core::journey::{
    self, ComparisonView, ExportFormat, JourneyDoc, JourneySummary, JourneyView, MarkLabels,
    NewJourney, RestoreInput, Revision, RevisionView,
};
use tauri::{AppHandle, State};

use crate::state::{AppState, ipc, picked};

/// `project_id: null` lists the templates.
#[tauri::command]
#[specta::specta]
pub async fn list_journeys(
    state: State<'_, AppState>,
    project_id: Option<i64>,
) -> Result<Vec<JourneySummary>, ErrorPayload> {
    ipc(journey::list(&state.db().await?, project_id).await)
}

#[tauri::command]
#[specta::specta]
pub async fn create_journey(
    state: State<'_, AppState>,
    input: NewJourney,
) -> Result<JourneyView, ErrorPayload> {
    ipc(journey::create(&state.db().await?, &input).await)
}

#[tauri::command]
#[specta::specta]
pub async fn get_journey(state: State<'_, AppState>, id: i64) -> Result<JourneyView, ErrorPayload> {
    ipc(journey::get(&state.db().await?, id).await)
}

#[tauri::command]
#[specta::specta]
pub async fn save_journey(
    state: State<'_, AppState>,
    id: i64,
    expected_version: i64,
    name: String,
    doc: JourneyDoc,
) -> Result<JourneyView, ErrorPayload> {
    ipc(journey::save(&state.db().await?, id, expected_version, &name, &doc).await)
}

#[tauri::command]
#[specta::specta]
pub async fn delete_journey(state: State<'_, AppState>, id: i64) -> Result<(), ErrorPayload> {
    ipc(journey::delete(&state.db().await?, id).await)
}

#[tauri::command]
#[specta::specta]
pub async fn save_journey_revision(
    state: State<'_, AppState>,
    journey_id: i64,
    name: String,
) -> Result<Revision, ErrorPayload> {
    ipc(journey::save_revision(&state.db().await?, journey_id, &name).await)
}

#[tauri::command]
#[specta::specta]
pub async fn list_journey_revisions(
    state: State<'_, AppState>,
    journey_id: i64,
) -> Result<Vec<Revision>, ErrorPayload> {
    ipc(journey::list_revisions(&state.db().await?, journey_id).await)
}

#[tauri::command]
#[specta::specta]
pub async fn get_journey_revision(
    state: State<'_, AppState>,
    id: i64,
) -> Result<RevisionView, ErrorPayload> {
    ipc(journey::get_revision(&state.db().await?, id).await)
}

#[tauri::command]
#[specta::specta]
pub async fn compare_journey_revisions(
    state: State<'_, AppState>,
    from: i64,
    to: i64,
    labels: MarkLabels,
) -> Result<ComparisonView, ErrorPayload> {
    ipc(journey::compare(&state.db().await?, from, to, &labels).await)
}

#[tauri::command]
#[specta::specta]
pub async fn restore_journey_revision(
    state: State<'_, AppState>,
    input: RestoreInput,
) -> Result<JourneyView, ErrorPayload> {
    ipc(journey::restore_revision(&state.db().await?, &input).await)
}

/// Writes the journey (or `revision` of it) to `path`; returns the path written.
#[tauri::command]
#[specta::specta]
pub async fn export_journey(
    app: AppHandle,
    state: State<'_, AppState>,
    journey_id: i64,
    revision: Option<i64>,
    format: ExportFormat,
    scale: f32,
    path: String,
) -> Result<String, ErrorPayload> {
    let path = picked(&app, path)?;
    ipc(journey::export_journey(
        &state.db().await?,
        journey_id,
        revision,
        format,
        scale,
        &path,
    )
    .await)
    .map(|p| p.display().to_string())
}

#[tauri::command]
#[specta::specta]
#[allow(clippy::too_many_arguments)]
pub async fn export_journey_comparison(
    app: AppHandle,
    state: State<'_, AppState>,
    from: i64,
    to: i64,
    labels: MarkLabels,
    format: ExportFormat,
    scale: f32,
    path: String,
) -> Result<String, ErrorPayload> {
    let path = picked(&app, path)?;
    ipc(
        journey::export_comparison(&state.db().await?, from, to, &labels, format, scale, &path)
            .await,
    )
    .map(|p| p.display().to_string())
}

/// Creates a journey in `project_id` (or a template) from a JSON file.
#[tauri::command]
#[specta::specta]
pub async fn import_journey(
    app: AppHandle,
    state: State<'_, AppState>,
    project_id: Option<i64>,
    path: String,
) -> Result<JourneyView, ErrorPayload> {
    let path = picked(&app, path)?;
    ipc(journey::import_json_file(&state.db().await?, project_id, &path).await)
}
