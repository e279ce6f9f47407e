//! Portfolio commands: the portfolio itself, the file's TTV definition, and the exports (CSV,
//! plots, project report). Days are counted to today's date.

use std::path::PathBuf;

use firstgoal_core::portfolio::{self, ChartFormat, Portfolio, PortfolioQuery, ReportFormat};
use firstgoal_core::settings::Language;
use firstgoal_core::ttv::{self, TtvDefinition};
use firstgoal_core::{ErrorPayload, today};
use tauri::{AppHandle, State};

use crate::state::{AppState, ipc, picked};

#[tauri::command]
#[specta::specta]
pub async fn get_portfolio(
    state: State<'_, AppState>,
    query: PortfolioQuery,
) -> Result<Portfolio, ErrorPayload> {
    ipc(portfolio::get(&state.db().await?, &query, today()).await)
}

#[tauri::command]
#[specta::specta]
pub async fn get_ttv_definition(state: State<'_, AppState>) -> Result<TtvDefinition, ErrorPayload> {
    ipc(ttv::definition(&state.db().await?).await)
}

#[tauri::command]
#[specta::specta]
pub async fn set_ttv_definition(
    state: State<'_, AppState>,
    definition: TtvDefinition,
) -> Result<TtvDefinition, ErrorPayload> {
    ipc(ttv::set_definition(&state.db().await?, definition).await)
}

#[tauri::command]
#[specta::specta]
pub async fn export_portfolio_csv(
    app: AppHandle,
    state: State<'_, AppState>,
    query: PortfolioQuery,
    path: PathBuf,
) -> Result<(), ErrorPayload> {
    let path = picked(&app, path)?;
    ipc(portfolio::export_list_csv(&state.db().await?, &query, today(), &path).await)
}

/// `svg`: the plot as the chart drew it.
#[tauri::command]
#[specta::specta]
pub async fn export_chart(
    app: AppHandle,
    svg: String,
    format: ChartFormat,
    path: PathBuf,
) -> Result<(), ErrorPayload> {
    let path = picked(&app, path)?;
    ipc(portfolio::export_chart(svg, format, &path).await)
}

#[tauri::command]
#[specta::specta]
pub async fn export_project_report(
    app: AppHandle,
    state: State<'_, AppState>,
    project_id: i64,
    lang: Language,
    format: ReportFormat,
    path: PathBuf,
) -> Result<(), ErrorPayload> {
    let path = picked(&app, path)?;
    ipc(
        portfolio::export_report(&state.db().await?, project_id, lang, format, &path, today())
            .await,
    )
}
