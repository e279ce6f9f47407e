//! Stage, action, on-hold and team commands for one project. Days are counted to today's date.

use firstgoal_core::stages::{self, ProjectPlan};
use firstgoal_core::team::{self, TeamMember, TeamRole};
use firstgoal_core::{ErrorPayload, today};
use tauri::State;

use crate::state::{AppState, ipc};

#[tauri::command]
#[specta::specta]
pub async fn get_project_plan(
    state: State<'_, AppState>,
    project_id: i64,
) -> Result<ProjectPlan, ErrorPayload> {
    ipc(stages::plan(&state.db().await?, project_id, today()).await)
}

#[tauri::command]
#[specta::specta]
pub async fn advance_stage(
    state: State<'_, AppState>,
    project_id: i64,
    expected_version: i64,
    date: String,
) -> Result<ProjectPlan, ErrorPayload> {
    ipc(stages::advance(
        &state.db().await?,
        project_id,
        expected_version,
        &date,
        today(),
    )
    .await)
}

/// `done_on: null` opens the action again.
#[tauri::command]
#[specta::specta]
pub async fn set_action_done(
    state: State<'_, AppState>,
    action_id: i64,
    expected_version: i64,
    done_on: Option<String>,
) -> Result<ProjectPlan, ErrorPayload> {
    ipc(stages::set_action_done(
        &state.db().await?,
        action_id,
        expected_version,
        done_on.as_deref(),
        today(),
    )
    .await)
}

#[tauri::command]
#[specta::specta]
pub async fn add_stage_action(
    state: State<'_, AppState>,
    stage_id: i64,
    expected_version: i64,
    title: String,
    department: String,
    due_date: String,
) -> Result<ProjectPlan, ErrorPayload> {
    ipc(stages::add_action(
        &state.db().await?,
        stage_id,
        expected_version,
        &title,
        &department,
        &due_date,
        today(),
    )
    .await)
}

#[tauri::command]
#[specta::specta]
pub async fn reorder_stages(
    state: State<'_, AppState>,
    project_id: i64,
    expected_version: i64,
    stage_ids: Vec<i64>,
) -> Result<ProjectPlan, ErrorPayload> {
    ipc(stages::reorder(
        &state.db().await?,
        project_id,
        expected_version,
        &stage_ids,
        today(),
    )
    .await)
}

#[tauri::command]
#[specta::specta]
pub async fn add_hold(
    state: State<'_, AppState>,
    project_id: i64,
    expected_version: i64,
    start_date: String,
    note: String,
) -> Result<ProjectPlan, ErrorPayload> {
    ipc(stages::add_hold(
        &state.db().await?,
        project_id,
        expected_version,
        &start_date,
        &note,
        today(),
    )
    .await)
}

#[tauri::command]
#[specta::specta]
pub async fn end_hold(
    state: State<'_, AppState>,
    hold_id: i64,
    expected_version: i64,
    end_date: String,
) -> Result<ProjectPlan, ErrorPayload> {
    ipc(stages::end_hold(
        &state.db().await?,
        hold_id,
        expected_version,
        &end_date,
        today(),
    )
    .await)
}

#[tauri::command]
#[specta::specta]
pub async fn list_team_members(
    state: State<'_, AppState>,
) -> Result<Vec<TeamMember>, ErrorPayload> {
    ipc(team::list(&state.db().await?).await)
}

#[tauri::command]
#[specta::specta]
pub async fn create_team_member(
    state: State<'_, AppState>,
    name: String,
    role: TeamRole,
) -> Result<TeamMember, ErrorPayload> {
    ipc(team::create(&state.db().await?, &name, role).await)
}

#[tauri::command]
#[specta::specta]
pub async fn assign_team_member(
    state: State<'_, AppState>,
    project_id: i64,
    expected_version: i64,
    member_id: i64,
) -> Result<Vec<TeamMember>, ErrorPayload> {
    ipc(team::assign(&state.db().await?, project_id, expected_version, member_id).await)
}

#[tauri::command]
#[specta::specta]
pub async fn unassign_team_member(
    state: State<'_, AppState>,
    project_id: i64,
    expected_version: i64,
    member_id: i64,
) -> Result<Vec<TeamMember>, ErrorPayload> {
    ipc(team::unassign(&state.db().await?, project_id, expected_version, member_id).await)
}
