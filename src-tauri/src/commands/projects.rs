//! Project commands.

use firstgoal_core::ErrorPayload;
use firstgoal_core::projects::{
    self, Project, ProjectDetail, ProjectInput, ProjectListPage, ProjectListQuery,
};
use tauri::State;

use crate::state::{AppState, ipc};

#[tauri::command]
#[specta::specta]
pub async fn list_projects(
    state: State<'_, AppState>,
    include_archived: bool,
) -> Result<Vec<Project>, ErrorPayload> {
    ipc(projects::list(&state.db().await?, include_archived).await)
}

/// One page of the project list (filter, search and order applied in the core).
#[tauri::command]
#[specta::specta]
pub async fn list_projects_page(
    state: State<'_, AppState>,
    query: ProjectListQuery,
) -> Result<ProjectListPage, ErrorPayload> {
    ipc(projects::page(&state.db().await?, &query).await)
}

#[tauri::command]
#[specta::specta]
pub async fn get_project(
    state: State<'_, AppState>,
    id: i64,
) -> Result<ProjectDetail, ErrorPayload> {
    ipc(projects::get(&state.db().await?, id).await)
}

#[tauri::command]
#[specta::specta]
pub async fn create_project(
    state: State<'_, AppState>,
    input: ProjectInput,
) -> Result<ProjectDetail, ErrorPayload> {
    ipc(projects::create(&state.db().await?, &input).await)
}

#[tauri::command]
#[specta::specta]
pub async fn update_project(
    state: State<'_, AppState>,
    id: i64,
    expected_version: i64,
    input: ProjectInput,
) -> Result<ProjectDetail, ErrorPayload> {
    ipc(projects::update(&state.db().await?, id, expected_version, &input).await)
}

#[tauri::command]
#[specta::specta]
pub async fn set_project_archived(
    state: State<'_, AppState>,
    id: i64,
    expected_version: i64,
    archived: bool,
) -> Result<ProjectDetail, ErrorPayload> {
    ipc(projects::set_archived(&state.db().await?, id, expected_version, archived).await)
}
