//! Milestone commands: goal and criterion, status and evidence, custom milestones, due dates set by hand.

use firstgoal_core::ErrorPayload;
use firstgoal_core::milestones::{self, MilestoneInput};
use firstgoal_core::projects::ProjectDetail;
use tauri::State;

use crate::state::{AppState, ipc};

#[tauri::command]
#[specta::specta]
pub async fn set_milestone_goal(
    state: State<'_, AppState>,
    milestone_id: i64,
    expected_version: i64,
    goal: String,
    criterion: String,
) -> Result<ProjectDetail, ErrorPayload> {
    ipc(milestones::set_goal(
        &state.db().await?,
        milestone_id,
        expected_version,
        &goal,
        &criterion,
    )
    .await)
}

#[tauri::command]
#[specta::specta]
pub async fn update_milestone(
    state: State<'_, AppState>,
    milestone_id: i64,
    expected_version: i64,
    input: MilestoneInput,
) -> Result<ProjectDetail, ErrorPayload> {
    ipc(milestones::update(&state.db().await?, milestone_id, expected_version, &input).await)
}

#[tauri::command]
#[specta::specta]
pub async fn add_custom_milestone(
    state: State<'_, AppState>,
    project_id: i64,
    expected_version: i64,
    title: String,
    due_date: String,
) -> Result<ProjectDetail, ErrorPayload> {
    ipc(milestones::add_custom(
        &state.db().await?,
        project_id,
        expected_version,
        &title,
        &due_date,
    )
    .await)
}

#[tauri::command]
#[specta::specta]
pub async fn delete_custom_milestone(
    state: State<'_, AppState>,
    milestone_id: i64,
    expected_version: i64,
) -> Result<ProjectDetail, ErrorPayload> {
    ipc(milestones::delete_custom(&state.db().await?, milestone_id, expected_version).await)
}

#[tauri::command]
#[specta::specta]
pub async fn override_milestone_due_date(
    state: State<'_, AppState>,
    milestone_id: i64,
    expected_version: i64,
    due_date: String,
    reason: String,
) -> Result<ProjectDetail, ErrorPayload> {
    ipc(milestones::override_due_date(
        &state.db().await?,
        milestone_id,
        expected_version,
        &due_date,
        &reason,
    )
    .await)
}

/// Lets a first-goal milestone follow the kickoff date again (undoes a date set by hand).
#[tauri::command]
#[specta::specta]
pub async fn follow_kickoff_due_date(
    state: State<'_, AppState>,
    milestone_id: i64,
    expected_version: i64,
) -> Result<ProjectDetail, ErrorPayload> {
    ipc(milestones::follow_kickoff(&state.db().await?, milestone_id, expected_version).await)
}
