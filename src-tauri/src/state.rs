//! The open database (or why it could not be opened), shared by every command.

use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;
use std::time::Duration;

use firstgoal_core::backup;
use firstgoal_core::db::current::CurrentFile;
use firstgoal_core::db::default_db_path;
use firstgoal_core::{CoreError, Db, ErrorPayload};
use tauri::{AppHandle, Manager, Runtime};
use tauri_plugin_fs::FsExt;

use crate::settings;

/// How long after the start the daily backup begins (the list is on screen well before).
const DAILY_BACKUP_DELAY: Duration = Duration::from_secs(5);

#[derive(Debug)]
pub struct AppState {
    /// Opened off the main thread: commands that need the file wait for it.
    file: CurrentFile,
    /// A reminder was clicked: the window shows "This week" when it next asks.
    pub week_requested: AtomicBool,
}

impl AppState {
    /// Chooses the file: `requested`, else the last file opened (if it still exists), else the
    /// default file. Opening it is [`open_in_background`]'s work, so the window never waits for
    /// it (a migration's backup, or another FirstGoal process letting go of the file).
    pub fn new<R: Runtime>(app: &AppHandle<R>, requested: Option<PathBuf>) -> Self {
        let db_path = requested
            .or_else(|| settings::last_db(app).filter(|p| p.exists()))
            .unwrap_or_else(default_db_path);
        Self {
            file: CurrentFile::new(db_path),
            week_requested: AtomicBool::new(false),
        }
    }

    /// The file the window works on.
    pub fn db_path(&self) -> PathBuf {
        self.file.path()
    }

    /// The open database, once it is open (the first caller opens it). A file that cannot be
    /// opened is reported to the UI, not fatal: the window says what is wrong.
    pub async fn db(&self) -> Result<Db, ErrorPayload> {
        self.file.db().await
    }

    /// Closes the file if it was opened (at quit).
    pub async fn close(&self) {
        self.file.close().await;
    }

    pub async fn open_error(&self) -> Option<ErrorPayload> {
        self.db().await.err()
    }

    /// Closes the current file and opens `path` in its place (see [`CurrentFile::switch_to`]).
    pub async fn switch_to(&self, path: &Path) -> Result<Db, ErrorPayload> {
        self.file.switch_to(path).await
    }
}

/// Opens the file on the async runtime as soon as the app starts, then remembers it and
/// schedules the daily backup (see [`after_open`]).
pub fn open_in_background<R: Runtime>(app: AppHandle<R>) {
    tauri::async_runtime::spawn(async move {
        let opened = app.state::<AppState>().db().await;
        after_open(&app, opened).await;
    });
}

/// What follows a file's opening: it is remembered (last file, recent files) and its daily
/// backup runs. The daily backup (`VACUUM INTO`, a second or more of CPU and disk on a big file)
/// starts once the window and the project list are up, so it does not compete with them on the
/// way there; it runs on the file still open then. One cut short (app closed) or failed is
/// retried next start; it must not keep the user from working.
pub async fn after_open<R: Runtime>(app: &AppHandle<R>, opened: Result<Db, ErrorPayload>) {
    let Ok(db) = opened else {
        return;
    };
    crate::team::task::start(app);
    if let Err(err) = settings::remember_file(app, db.path()) {
        eprintln!("FirstGoal: the last file could not be remembered: {err}");
    }
    let path = db.path().to_path_buf();
    // Not held while waiting: a file switched away from meanwhile must be let go at once.
    drop(db);
    crate::menu::refresh(app);
    tokio::time::sleep(DAILY_BACKUP_DELAY).await;
    let state = app.state::<AppState>();
    if state.db_path() != path {
        return;
    }
    if let Ok(db) = state.db().await
        && let Err(err) = backup::daily(&db).await
    {
        eprintln!("FirstGoal: daily backup failed: {err}");
    }
}

/// The path the window sent, if the user chose it in a native file dialog in this session (the
/// dialog plugin adds each chosen file to the file-system scope): the window may name only those
/// files to read or write, never any path of its own.
pub fn picked<R: Runtime>(
    app: &AppHandle<R>,
    path: impl Into<PathBuf>,
) -> Result<PathBuf, ErrorPayload> {
    let path = path.into();
    if app.fs_scope().is_allowed(&path) {
        Ok(path)
    } else {
        Err(ErrorPayload::from(CoreError::NotPicked {
            path: path.display().to_string(),
        }))
    }
}

/// Runs a core call and turns its error into the IPC payload.
pub fn ipc<T>(result: Result<T, CoreError>) -> Result<T, ErrorPayload> {
    result.map_err(ErrorPayload::from)
}
