//! Playbook commands: list, read, edit, duplicate, delete, export/import, create a project.

use std::path::PathBuf;

use firstgoal_core::ErrorPayload;
use firstgoal_core::playbooks::{self, Playbook, PlaybookBody, PlaybookRef, PlaybookSummary};
use firstgoal_core::projects::{ProjectDetail, ProjectInput};
use firstgoal_core::settings::Language;
use tauri::{AppHandle, State};

use crate::state::{AppState, ipc, picked};

#[tauri::command]
#[specta::specta]
pub async fn list_playbooks(
    state: State<'_, AppState>,
    lang: Language,
) -> Result<Vec<PlaybookSummary>, ErrorPayload> {
    ipc(playbooks::list(&state.db().await?, lang).await)
}

#[tauri::command]
#[specta::specta]
pub async fn get_playbook(
    state: State<'_, AppState>,
    reference: PlaybookRef,
    lang: Language,
) -> Result<Playbook, ErrorPayload> {
    ipc(playbooks::get(&state.db().await?, &reference, lang).await)
}

#[tauri::command]
#[specta::specta]
pub async fn save_playbook(
    state: State<'_, AppState>,
    id: i64,
    expected_version: i64,
    body: PlaybookBody,
) -> Result<Playbook, ErrorPayload> {
    ipc(playbooks::save(&state.db().await?, id, expected_version, &body).await)
}

#[tauri::command]
#[specta::specta]
pub async fn duplicate_playbook(
    state: State<'_, AppState>,
    reference: PlaybookRef,
    lang: Language,
) -> Result<Playbook, ErrorPayload> {
    ipc(playbooks::duplicate(&state.db().await?, &reference, lang).await)
}

#[tauri::command]
#[specta::specta]
pub async fn delete_playbook(state: State<'_, AppState>, id: i64) -> Result<(), ErrorPayload> {
    ipc(playbooks::delete(&state.db().await?, id).await)
}

#[tauri::command]
#[specta::specta]
pub async fn export_playbook(
    app: AppHandle,
    state: State<'_, AppState>,
    reference: PlaybookRef,
    lang: Language,
    path: PathBuf,
) -> Result<(), ErrorPayload> {
    let path = picked(&app, path)?;
    ipc(playbooks::export_to(&state.db().await?, &reference, lang, &path).await)
}

/// `text`: the content of the chosen file, read by the window.
#[tauri::command]
#[specta::specta]
pub async fn import_playbook(
    state: State<'_, AppState>,
    text: String,
) -> Result<Playbook, ErrorPayload> {
    ipc(playbooks::import(&state.db().await?, &text).await)
}

#[tauri::command]
#[specta::specta]
pub async fn create_project_from_playbook(
    state: State<'_, AppState>,
    input: ProjectInput,
    reference: PlaybookRef,
    lang: Language,
) -> Result<ProjectDetail, ErrorPayload> {
    ipc(playbooks::create_project(&state.db().await?, &input, &reference, lang).await)
}
