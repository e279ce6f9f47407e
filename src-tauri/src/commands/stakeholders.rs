//! Stakeholder, kickoff, risk and map commands. Each returns the project's fresh board (or
//! writes an export) by calling one core function.

use firstgoal_core::ErrorPayload;
use firstgoal_core::kickoff::{self, SummaryFormat};
use firstgoal_core::risks::{self, ProjectRiskCount};
use firstgoal_core::settings::Language;
use firstgoal_core::stakeholders::map::{self, MapFormat};
use firstgoal_core::stakeholders::{self, Board, StakeholderInput, TouchpointInput};
use tauri::{AppHandle, State};

use crate::state::{AppState, ipc, picked};

#[tauri::command]
#[specta::specta]
pub async fn get_stakeholder_board(
    state: State<'_, AppState>,
    project_id: i64,
) -> Result<Board, ErrorPayload> {
    ipc(stakeholders::board(&state.db().await?, project_id).await)
}

#[tauri::command]
#[specta::specta]
pub async fn create_stakeholder(
    state: State<'_, AppState>,
    project_id: i64,
    expected_version: i64,
    input: StakeholderInput,
) -> Result<Board, ErrorPayload> {
    ipc(stakeholders::create(&state.db().await?, project_id, expected_version, &input).await)
}

/// Adds an attendee from one typed line: `name, department, title`.
#[tauri::command]
#[specta::specta]
pub async fn quick_add_stakeholder(
    state: State<'_, AppState>,
    project_id: i64,
    expected_version: i64,
    line: String,
) -> Result<Board, ErrorPayload> {
    ipc(stakeholders::quick_add(&state.db().await?, project_id, expected_version, &line).await)
}

#[tauri::command]
#[specta::specta]
pub async fn update_stakeholder(
    state: State<'_, AppState>,
    stakeholder_id: i64,
    expected_version: i64,
    input: StakeholderInput,
) -> Result<Board, ErrorPayload> {
    ipc(stakeholders::update(&state.db().await?, stakeholder_id, expected_version, &input).await)
}

#[tauri::command]
#[specta::specta]
pub async fn delete_stakeholder(
    state: State<'_, AppState>,
    stakeholder_id: i64,
    expected_version: i64,
) -> Result<Board, ErrorPayload> {
    ipc(stakeholders::delete(&state.db().await?, stakeholder_id, expected_version).await)
}

#[tauri::command]
#[specta::specta]
pub async fn reorder_stakeholders(
    state: State<'_, AppState>,
    project_id: i64,
    expected_version: i64,
    ids: Vec<i64>,
) -> Result<Board, ErrorPayload> {
    ipc(stakeholders::reorder(&state.db().await?, project_id, expected_version, &ids).await)
}

#[tauri::command]
#[specta::specta]
pub async fn add_heat_entry(
    state: State<'_, AppState>,
    stakeholder_id: i64,
    expected_version: i64,
    recorded_on: String,
    heat: i64,
) -> Result<Board, ErrorPayload> {
    ipc(stakeholders::add_heat_entry(
        &state.db().await?,
        stakeholder_id,
        expected_version,
        &recorded_on,
        heat,
    )
    .await)
}

#[tauri::command]
#[specta::specta]
pub async fn add_touchpoint(
    state: State<'_, AppState>,
    project_id: i64,
    expected_version: i64,
    input: TouchpointInput,
) -> Result<Board, ErrorPayload> {
    ipc(
        stakeholders::add_touchpoint(&state.db().await?, project_id, expected_version, &input)
            .await,
    )
}

#[tauri::command]
#[specta::specta]
pub async fn delete_touchpoint(
    state: State<'_, AppState>,
    touchpoint_id: i64,
    expected_version: i64,
) -> Result<Board, ErrorPayload> {
    ipc(stakeholders::delete_touchpoint(&state.db().await?, touchpoint_id, expected_version).await)
}

#[tauri::command]
#[specta::specta]
pub async fn set_adoption_purpose(
    state: State<'_, AppState>,
    project_id: i64,
    expected_version: i64,
    purpose: String,
) -> Result<Board, ErrorPayload> {
    ipc(kickoff::set_purpose(&state.db().await?, project_id, expected_version, &purpose).await)
}

/// `agreed_on: null` withdraws the stakeholder's agreement.
#[tauri::command]
#[specta::specta]
pub async fn set_purpose_agreement(
    state: State<'_, AppState>,
    stakeholder_id: i64,
    expected_version: i64,
    agreed_on: Option<String>,
) -> Result<Board, ErrorPayload> {
    ipc(kickoff::set_agreement(
        &state.db().await?,
        stakeholder_id,
        expected_version,
        agreed_on.as_deref(),
    )
    .await)
}

#[tauri::command]
#[specta::specta]
pub async fn set_untouched_days(
    state: State<'_, AppState>,
    days: i64,
) -> Result<u32, ErrorPayload> {
    ipc(risks::set_untouched_days(&state.db().await?, days).await)
}

#[tauri::command]
#[specta::specta]
pub async fn project_risk_counts(
    state: State<'_, AppState>,
    include_archived: bool,
) -> Result<Vec<ProjectRiskCount>, ErrorPayload> {
    ipc(risks::counts(&state.db().await?, include_archived).await)
}

/// Risk counts of the listed rows only (at most a page of ids).
#[tauri::command]
#[specta::specta]
pub async fn project_risk_counts_for(
    state: State<'_, AppState>,
    project_ids: Vec<i64>,
) -> Result<Vec<ProjectRiskCount>, ErrorPayload> {
    ipc(risks::counts_for(&state.db().await?, &project_ids).await)
}

#[tauri::command]
#[specta::specta]
pub async fn export_kickoff_summary(
    app: AppHandle,
    state: State<'_, AppState>,
    project_id: i64,
    language: Language,
    format: SummaryFormat,
    path: String,
) -> Result<(), ErrorPayload> {
    let path = picked(&app, path)?;
    ipc(kickoff::export_summary(&state.db().await?, project_id, language, format, &path).await)
}

#[tauri::command]
#[specta::specta]
pub async fn export_stakeholder_map(
    app: AppHandle,
    state: State<'_, AppState>,
    project_id: i64,
    language: Language,
    format: MapFormat,
    path: String,
) -> Result<(), ErrorPayload> {
    let path = picked(&app, path)?;
    ipc(map::export(&state.db().await?, project_id, language, format, &path).await)
}
