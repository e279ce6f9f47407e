//! The FirstGoal desktop shell: parses the command line, opens the database, registers the
//! store plugin and the commands. All behaviour lives in `firstgoal-core`.

mod bindings;
mod commands;
mod reminders;
mod settings;
mod state;

use std::path::PathBuf;

use clap::Parser;
use firstgoal_core::db::DB_ENV_VAR;

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
        .plugin(tauri_plugin_dialog::init())
        // Only for its scope: the dialog plugin adds each file the user chooses to it, and
        // commands accept only those paths. The window is granted none of its commands.
        .plugin(tauri_plugin_fs::init())
        .plugin(tauri_plugin_store::Builder::new().build())
        // Used from Rust only (the daily reminders); the window is granted none of its commands.
        .plugin(tauri_plugin_notification::init())
        .invoke_handler(builder.invoke_handler())
        .setup(move |app| {
            let state = state::AppState::new(app.handle(), args.db.clone());
            tauri::Manager::manage(app, state);
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
                let state = tauri::Manager::state::<state::AppState>(app);
                tauri::async_runtime::block_on(state.close());
            }
        });
}
