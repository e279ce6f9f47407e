//! The open database (or why it could not be opened), shared by every command.

use std::path::PathBuf;
use std::time::Duration;

use firstgoal_core::backup;
use firstgoal_core::db::default_db_path;
use firstgoal_core::{CoreError, Db, ErrorPayload};
use tauri::{AppHandle, Runtime};

use crate::settings;

/// How long after the start the daily backup begins (the list is on screen well before).
const DAILY_BACKUP_DELAY: Duration = Duration::from_secs(5);

#[derive(Debug)]
pub struct AppState {
    pub db_path: PathBuf,
    db: Result<Db, ErrorPayload>,
}

impl AppState {
    /// Opens `requested`, else the last file opened (if it still exists), else the default file.
    /// A file that cannot be opened is reported to the UI, not fatal: the window still opens
    /// and says what is wrong.
    pub fn open<R: Runtime>(app: &AppHandle<R>, requested: Option<PathBuf>) -> tauri::Result<Self> {
        let db_path = requested
            .or_else(|| settings::last_db(app).filter(|p| p.exists()))
            .unwrap_or_else(default_db_path);
        let db = tauri::async_runtime::block_on(Db::open(&db_path)).map_err(ErrorPayload::from);
        if let Err(err) = &db {
            eprintln!(
                "FirstGoal: cannot open {}: {}",
                db_path.display(),
                err.message
            );
        }
        if let Ok(db) = &db {
            settings::set_last_db(app, &db_path)?;
            // The daily backup (`VACUUM INTO`, a second or more of CPU and disk on a big file)
            // starts once the window and the project list are up, so it does not compete with
            // them on the way there. One cut short (app closed) or failed is retried next start;
            // it must not keep the user from working.
            let db = db.clone();
            std::thread::spawn(move || {
                std::thread::sleep(DAILY_BACKUP_DELAY);
                if let Err(err) = tauri::async_runtime::block_on(backup::daily(&db)) {
                    eprintln!("FirstGoal: daily backup failed: {err}");
                }
            });
        }
        Ok(Self { db_path, db })
    }

    pub fn db(&self) -> Result<&Db, ErrorPayload> {
        self.db.as_ref().map_err(Clone::clone)
    }

    pub fn open_error(&self) -> Option<ErrorPayload> {
        self.db.as_ref().err().cloned()
    }
}

/// Runs a core call and turns its error into the IPC payload.
pub fn ipc<T>(result: Result<T, CoreError>) -> Result<T, ErrorPayload> {
    result.map_err(ErrorPayload::from)
}
