//! The native menu bar: File, Edit, View, Help with the usual accelerators, labelled in the
//! interface language and rebuilt when the language or the recent files change.

mod actions;
mod texts;

use std::path::PathBuf;

use firstgoal_core::settings::{Language, Settings, Theme};
use serde::{Deserialize, Serialize};
use specta::Type;
use tauri::menu::{
    AboutMetadata, CheckMenuItem, IsMenuItem, Menu, MenuItem, PredefinedMenuItem, Submenu,
};
use tauri::{AppHandle, Runtime};

pub use actions::handle;
use texts::Texts;

use crate::settings;

/// What the window is asked to do from the menu: the file dialogs are the window's (they report
/// errors in its language, and add the chosen file to what commands may use), and settings
/// changed from the menu are shown by it.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, Type, tauri_specta::Event)]
#[serde(rename_all = "snake_case")]
pub enum MenuRequest {
    OpenFile,
    NewFile,
    SaveCopy,
    SettingsChanged,
}

/// Menu item ids.
mod id {
    pub const NEW: &str = "file.new";
    pub const OPEN: &str = "file.open";
    pub const RECENT: &str = "file.recent.";
    pub const SAVE_COPY: &str = "file.save_copy";
    pub const SHOW: &str = "file.show";
    pub const QUIT: &str = "file.quit";
    pub const EDIT: &str = "edit.";
    pub const LANGUAGE: &str = "view.language.";
    pub const THEME: &str = "view.theme.";
    pub const ZOOM_IN: &str = "view.zoom_in";
    pub const ZOOM_OUT: &str = "view.zoom_out";
    pub const ZOOM_RESET: &str = "view.zoom_reset";
    pub const DATA_FOLDER: &str = "help.data_folder";
}

/// Builds the menu for the current settings and recent files and puts it on the app. A menu
/// that cannot be built leaves the previous one (the window works without it).
pub fn refresh<R: Runtime>(app: &AppHandle<R>) {
    let settings = settings::load(app);
    let recent = settings::recent_files(app);
    match build(app, &settings, &recent).and_then(|menu| app.set_menu(menu)) {
        Ok(_) => {}
        Err(err) => eprintln!("FirstGoal: the menu could not be built: {err}"),
    }
}

fn build<R: Runtime>(
    app: &AppHandle<R>,
    settings: &Settings,
    recent: &[PathBuf],
) -> tauri::Result<Menu<R>> {
    let t = texts::texts(settings.language);
    Menu::with_items(
        app,
        &[
            &file_menu(app, t, recent)?,
            &edit_menu(app, t)?,
            &view_menu(app, t, settings)?,
            &help_menu(app, t)?,
        ],
    )
}

fn item<R: Runtime>(
    app: &AppHandle<R>,
    id: &str,
    text: &str,
    accelerator: Option<&str>,
) -> tauri::Result<MenuItem<R>> {
    MenuItem::with_id(app, id, text, true, accelerator)
}

fn file_menu<R: Runtime>(
    app: &AppHandle<R>,
    t: &Texts,
    recent: &[PathBuf],
) -> tauri::Result<Submenu<R>> {
    let separator = PredefinedMenuItem::separator(app)?;
    Submenu::with_items(
        app,
        t.file,
        true,
        &[
            &item(app, id::NEW, t.new_file, Some("CmdOrCtrl+N"))?,
            &item(app, id::OPEN, t.open_file, Some("CmdOrCtrl+O"))?,
            &recent_menu(app, t, recent)?,
            &separator,
            &item(app, id::SAVE_COPY, t.save_copy, Some("CmdOrCtrl+Shift+S"))?,
            &item(app, id::SHOW, t.show_in_folder, None)?,
            &PredefinedMenuItem::separator(app)?,
            &item(app, id::QUIT, t.quit, Some("CmdOrCtrl+Q"))?,
        ],
    )
}

/// The recent files, newest first; one that no longer exists is shown greyed out.
fn recent_menu<R: Runtime>(
    app: &AppHandle<R>,
    t: &Texts,
    recent: &[PathBuf],
) -> tauri::Result<Submenu<R>> {
    let menu = Submenu::new(app, t.open_recent, !recent.is_empty())?;
    if recent.is_empty() {
        menu.append(&MenuItem::new(app, t.no_recent, false, None::<&str>)?)?;
    }
    for (i, path) in recent.iter().enumerate() {
        // `&` marks a mnemonic in menu labels; a path shows it as it is.
        let label = path.display().to_string().replace('&', "&&");
        let id = format!("{}{i}", id::RECENT);
        menu.append(&MenuItem::with_id(
            app,
            id,
            label,
            path.exists(),
            None::<&str>,
        )?)?;
    }
    Ok(menu)
}

fn edit_menu<R: Runtime>(app: &AppHandle<R>, t: &Texts) -> tauri::Result<Submenu<R>> {
    let items = actions::EditCommand::ALL
        .map(|command| actions::edit_item(app, t, command))
        .into_iter()
        .collect::<tauri::Result<Vec<_>>>()?;
    let separator = PredefinedMenuItem::separator(app)?;
    let mut refs: Vec<&dyn IsMenuItem<R>> = items.iter().map(|i| i as &dyn IsMenuItem<R>).collect();
    // Undo, redo | cut, copy, paste, select all.
    refs.insert(2, &separator);
    Submenu::with_items(app, t.edit, true, &refs)
}

fn view_menu<R: Runtime>(
    app: &AppHandle<R>,
    t: &Texts,
    settings: &Settings,
) -> tauri::Result<Submenu<R>> {
    let choice = settings.language_choice;
    let check = |key: &str, text: &str, on: bool| {
        CheckMenuItem::with_id(
            app,
            format!("{}{key}", id::LANGUAGE),
            text,
            true,
            on,
            None::<&str>,
        )
    };
    let language = Submenu::with_items(
        app,
        t.language,
        true,
        &[
            &check("system", t.follow_system, choice.is_none())?,
            &check("ja", "日本語", choice == Some(Language::Ja))?,
            &check("en", "English", choice == Some(Language::En))?,
        ],
    )?;
    let theme_item = |key: &str, text: &str, theme: Theme| {
        let id = format!("{}{key}", id::THEME);
        CheckMenuItem::with_id(app, id, text, true, settings.theme == theme, None::<&str>)
    };
    let theme = Submenu::with_items(
        app,
        t.theme,
        true,
        &[
            &theme_item("system", t.follow_system, Theme::System)?,
            &theme_item("light", t.light, Theme::Light)?,
            &theme_item("dark", t.dark, Theme::Dark)?,
        ],
    )?;
    Submenu::with_items(
        app,
        t.view,
        true,
        &[
            &language,
            &theme,
            &PredefinedMenuItem::separator(app)?,
            &item(app, id::ZOOM_IN, t.zoom_in, Some("CmdOrCtrl+="))?,
            &item(app, id::ZOOM_OUT, t.zoom_out, Some("CmdOrCtrl+-"))?,
            &item(app, id::ZOOM_RESET, t.actual_size, Some("CmdOrCtrl+0"))?,
        ],
    )
}

fn help_menu<R: Runtime>(app: &AppHandle<R>, t: &Texts) -> tauri::Result<Submenu<R>> {
    let info = app.package_info();
    let about = AboutMetadata {
        name: Some(info.name.clone()),
        version: Some(info.version.to_string()),
        comments: Some(t.tagline.to_owned()),
        ..AboutMetadata::default()
    };
    Submenu::with_items(
        app,
        t.help,
        true,
        &[
            &item(app, id::DATA_FOLDER, t.data_folder, None)?,
            &PredefinedMenuItem::separator(app)?,
            &PredefinedMenuItem::about(app, Some(t.about), Some(about))?,
        ],
    )
}
