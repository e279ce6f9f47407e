//! The FirstGoal desktop shell: parses the command line, opens the database, registers the
//! plugins, the menu and the commands. All behaviour lives in `firstgoal-core`.

mod bindings;
mod commands;
mod files;
mod menu;
mod reminders;
mod settings;
mod state;
mod team;

use std::path::PathBuf;

use clap::Parser;
use firstgoal_core::db::DB_ENV_VAR;
use tauri::Manager;
use tauri_plugin_window_state::StateFlags;

pub use bindings::specta_builder;

#[derive(Debug, Parser)]
#[command(name = "firstgoal", version, about = "FirstGoal: onboarding projects")]
struct Args {
    /// The SQLite file to open (default: the last one opened, else the file in your data folder).
    #[arg(long, env = DB_ENV_VAR)]
    db: Option<PathBuf>,
}

pub fn run() {
    let args = Args::parse();
    let builder = specta_builder();
    tauri::Builder::default()
        // First: a second launch hands its arguments to the running app and ends before
        // anything else starts (see files::second_launch).
        .plugin(tauri_plugin_single_instance::init(files::second_launch))
        .plugin(
            tauri_plugin_window_state::Builder::new()
                .with_state_flags(StateFlags::SIZE | StateFlags::POSITION | StateFlags::MAXIMIZED)
                .build(),
        )
        .plugin(tauri_plugin_dialog::init())
        // Only for its scope: the dialog plugin adds each file the user chooses to it, and
        // commands accept only those paths. The window is granted none of its commands.
        .plugin(tauri_plugin_fs::init())
        .plugin(tauri_plugin_store::Builder::new().build())
        // Used from Rust only (the daily reminders); the window is granted none of its commands.
        .plugin(tauri_plugin_notification::init())
        .invoke_handler({
            let handler = builder.invoke_handler();
            move |invoke| {
                let app = invoke.message.webview_ref().app_handle().clone();
                if team::refuses(&app, invoke.message.command()) {
                    invoke.resolver.reject(team::TeamError::view_only());
                    return true;
                }
                handler(invoke)
            }
        })
        .on_menu_event(menu::handle)
        .setup(move |app| {
            builder.mount_events(app);
            let state = state::AppState::new(app.handle(), args.db.clone());
            app.manage(state);
            app.manage(team::TeamSync::default());
            menu::refresh(app.handle());
            let zoom = settings::zoom(app.handle());
            if let Some(window) = app.get_webview_window("main")
                && zoom != 1.0
            {
                let _ = window.set_zoom(zoom);
            }
            state::open_in_background(app.handle().clone());
            reminders::start(app.handle());
            Ok(())
        })
        .build(tauri::generate_context!())
        .expect("error while building FirstGoal")
        .run(|app, event| {
            // Quitting empties the WAL into the file and closes it, so no `-wal`/`-shm` pair
            // is left beside it.
            if let tauri::RunEvent::Exit = event {
                team::task::stop(app);
                let state = app.state::<state::AppState>();
                tauri::async_runtime::block_on(state.close());
            }
        });
}
