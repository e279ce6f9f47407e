//! What each menu item does.

use firstgoal_core::settings::{Language, Theme};
use tauri::menu::{MenuEvent, MenuItem};
use tauri::{AppHandle, Manager, Runtime};
use tauri_specta::Event;

use super::texts::Texts;
use super::{MenuRequest, id};
use crate::settings;
use crate::state::AppState;

/// The Edit menu's commands, carried out by the web view's own editor, so they act on whatever
/// text field has the focus.
#[derive(Debug, Clone, Copy)]
pub enum EditCommand {
    Undo,
    Redo,
    Cut,
    Copy,
    Paste,
    SelectAll,
}

impl EditCommand {
    pub const ALL: [EditCommand; 6] = [
        Self::Undo,
        Self::Redo,
        Self::Cut,
        Self::Copy,
        Self::Paste,
        Self::SelectAll,
    ];

    /// WebKit's name of the editing command.
    fn name(self) -> &'static str {
        match self {
            Self::Undo => "Undo",
            Self::Redo => "Redo",
            Self::Cut => "Cut",
            Self::Copy => "Copy",
            Self::Paste => "Paste",
            Self::SelectAll => "SelectAll",
        }
    }

    fn accelerator(self) -> &'static str {
        match self {
            Self::Undo => "CmdOrCtrl+Z",
            Self::Redo => "CmdOrCtrl+Shift+Z",
            Self::Cut => "CmdOrCtrl+X",
            Self::Copy => "CmdOrCtrl+C",
            Self::Paste => "CmdOrCtrl+V",
            Self::SelectAll => "CmdOrCtrl+A",
        }
    }

    fn label(self, t: &Texts) -> &'static str {
        match self {
            Self::Undo => t.undo,
            Self::Redo => t.redo,
            Self::Cut => t.cut,
            Self::Copy => t.copy,
            Self::Paste => t.paste,
            Self::SelectAll => t.select_all,
        }
    }
}

/// An Edit menu item. GTK has no predefined undo and redo items, and its predefined cut, copy,
/// paste and select-all do nothing when clicked unless keystrokes are faked; so each item runs
/// the web view's editing command, the same one its own key bindings run.
pub fn edit_item<R: Runtime>(
    app: &AppHandle<R>,
    t: &Texts,
    command: EditCommand,
) -> tauri::Result<MenuItem<R>> {
    MenuItem::with_id(
        app,
        format!("{}{}", id::EDIT, command.name()),
        command.label(t),
        true,
        Some(command.accelerator()),
    )
}

#[cfg(target_os = "linux")]
fn run_edit<R: Runtime>(app: &AppHandle<R>, command: EditCommand) {
    use webkit2gtk::WebViewExt;
    if let Some(window) = app.get_webview_window("main") {
        let _ = window.with_webview(move |webview| {
            webview.inner().execute_editing_command(command.name());
        });
    }
}

#[cfg(not(target_os = "linux"))]
fn run_edit<R: Runtime>(app: &AppHandle<R>, command: EditCommand) {
    let script = format!("document.execCommand('{}')", command.name().to_lowercase());
    if let Some(window) = app.get_webview_window("main") {
        let _ = window.eval(script);
    }
}

/// Carries out the menu item `event` names.
pub fn handle<R: Runtime>(app: &AppHandle<R>, event: MenuEvent) {
    let id = event.id().as_ref();
    let ask = |request: MenuRequest| {
        if let Err(err) = request.emit(app) {
            eprintln!("FirstGoal: the window could not be asked: {err}");
        }
    };
    match id {
        id::NEW => ask(MenuRequest::NewFile),
        id::OPEN => ask(MenuRequest::OpenFile),
        id::SAVE_COPY => ask(MenuRequest::SaveCopy),
        id::SHOW => show_in_folder(app),
        id::QUIT => app.exit(0),
        id::ZOOM_IN => zoom(app, |z| z * 1.1),
        id::ZOOM_OUT => zoom(app, |z| z / 1.1),
        id::ZOOM_RESET => zoom(app, |_| 1.0),
        id::DATA_FOLDER => open_data_folder(),
        _ => {
            if let Some(i) = id.strip_prefix(id::RECENT) {
                open_recent(app, i);
            } else if let Some(name) = id.strip_prefix(id::EDIT) {
                if let Some(command) = EditCommand::ALL.into_iter().find(|c| c.name() == name) {
                    run_edit(app, command);
                }
            } else if let Some(key) = id.strip_prefix(id::LANGUAGE) {
                let language = match key {
                    "ja" => Some(Language::Ja),
                    "en" => Some(Language::En),
                    _ => None,
                };
                changed(app, settings::set_language(app, language).map(drop), ask);
            } else if let Some(key) = id.strip_prefix(id::THEME) {
                let theme = match key {
                    "light" => Theme::Light,
                    "dark" => Theme::Dark,
                    _ => Theme::System,
                };
                changed(app, settings::set_theme(app, theme).map(drop), ask);
            }
        }
    }
}

/// After a setting changed from the menu: the menu shows it (check marks, language) and the
/// window applies it.
fn changed<R: Runtime>(app: &AppHandle<R>, saved: tauri::Result<()>, ask: impl Fn(MenuRequest)) {
    if let Err(err) = saved {
        eprintln!("FirstGoal: settings could not be saved: {err}");
    }
    super::refresh(app);
    ask(MenuRequest::SettingsChanged);
}

fn open_recent<R: Runtime>(app: &AppHandle<R>, index: &str) {
    let path = index
        .parse::<usize>()
        .ok()
        .and_then(|i| settings::recent_files(app).into_iter().nth(i));
    if let Some(path) = path {
        crate::files::switch_in_background(app.clone(), path);
    }
}

fn show_in_folder<R: Runtime>(app: &AppHandle<R>) {
    let path = app.state::<AppState>().db_path();
    if let Err(err) = tauri_plugin_opener::reveal_item_in_dir(&path) {
        eprintln!("FirstGoal: cannot show {}: {err}", path.display());
    }
}

/// The per-user data folder, where the default file lives (made if missing).
fn open_data_folder() {
    let file = firstgoal_core::db::default_db_path();
    let Some(folder) = file.parent() else {
        return;
    };
    let opened = std::fs::create_dir_all(folder)
        .map_err(|e| e.to_string())
        .and_then(|()| {
            tauri_plugin_opener::open_path(folder, None::<&str>).map_err(|e| e.to_string())
        });
    if let Err(err) = opened {
        eprintln!("FirstGoal: cannot open {}: {err}", folder.display());
    }
}

/// Zoom between 30 % and 300 %, kept for the next start.
fn zoom<R: Runtime>(app: &AppHandle<R>, next: impl Fn(f64) -> f64) {
    let factor = next(settings::zoom(app)).clamp(0.3, 3.0);
    if let Some(window) = app.get_webview_window("main") {
        let _ = window.set_zoom(factor);
    }
    if let Err(err) = settings::set_zoom(app, factor) {
        eprintln!("FirstGoal: the zoom could not be kept: {err}");
    }
}
