//! Settings persisted with tauri-plugin-store in the app's config folder: language, theme, zoom,
//! the last file opened and the recent files.

use std::path::{Path, PathBuf};

use firstgoal_core::settings::{Language, Settings, Theme};
use serde::Serialize;
use serde::de::DeserializeOwned;
use tauri::{AppHandle, Runtime};
use tauri_plugin_store::StoreExt;

const STORE_FILE: &str = "settings.json";
const LANGUAGE: &str = "language";
const THEME: &str = "theme";
const LAST_DB: &str = "last_db";
const RECENT: &str = "recent_files";
const ZOOM: &str = "zoom";

/// How many files "Open recent" lists.
pub const RECENT_KEPT: usize = 10;

fn read<R: Runtime, T: DeserializeOwned>(app: &AppHandle<R>, key: &str) -> Option<T> {
    let store = app.store(STORE_FILE).ok()?;
    store.get(key).and_then(|v| serde_json::from_value(v).ok())
}

fn write<R: Runtime, T: Serialize>(app: &AppHandle<R>, key: &str, value: &T) -> tauri::Result<()> {
    let store = app
        .store(STORE_FILE)
        .map_err(|e| tauri::Error::Anyhow(e.into()))?;
    store.set(key, serde_json::to_value(value)?);
    store.save().map_err(|e| tauri::Error::Anyhow(e.into()))
}

pub fn load<R: Runtime>(app: &AppHandle<R>) -> Settings {
    let locale = sys_locale::get_locale();
    Settings::new(
        read::<R, Option<Language>>(app, LANGUAGE).flatten(),
        locale.as_deref(),
        read(app, THEME).unwrap_or_default(),
    )
}

pub fn set_language<R: Runtime>(
    app: &AppHandle<R>,
    language: Option<Language>,
) -> tauri::Result<Settings> {
    write(app, LANGUAGE, &language)?;
    Ok(load(app))
}

pub fn set_theme<R: Runtime>(app: &AppHandle<R>, theme: Theme) -> tauri::Result<Settings> {
    write(app, THEME, &theme)?;
    Ok(load(app))
}

pub fn last_db<R: Runtime>(app: &AppHandle<R>) -> Option<PathBuf> {
    read::<R, String>(app, LAST_DB).map(PathBuf::from)
}

/// Remembers `path` as the last file opened and puts it first in the recent files.
pub fn remember_file<R: Runtime>(app: &AppHandle<R>, path: &Path) -> tauri::Result<()> {
    let mut recent = recent_files(app);
    recent.retain(|p| p != path);
    recent.insert(0, path.to_path_buf());
    recent.truncate(RECENT_KEPT);
    let recent: Vec<String> = recent
        .iter()
        .map(|p| p.to_string_lossy().into_owned())
        .collect();
    write(app, RECENT, &recent)?;
    write(app, LAST_DB, &path.to_string_lossy())
}

/// The files opened last, newest first (some may have been moved or deleted since).
pub fn recent_files<R: Runtime>(app: &AppHandle<R>) -> Vec<PathBuf> {
    read::<R, Vec<String>>(app, RECENT)
        .unwrap_or_default()
        .into_iter()
        .map(PathBuf::from)
        .collect()
}

/// The window's zoom factor (1.0 when never set).
pub fn zoom<R: Runtime>(app: &AppHandle<R>) -> f64 {
    read::<R, f64>(app, ZOOM).unwrap_or(1.0)
}

pub fn set_zoom<R: Runtime>(app: &AppHandle<R>, zoom: f64) -> tauri::Result<()> {
    write(app, ZOOM, &zoom)
}
