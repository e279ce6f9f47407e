//! The background sync of the open file: one task per open file, stopped when the window switches
//! to another file and started again on the new one. While the file is enrolled and the server
//! answers, it pushes soon after a local change ([`QUIET`] after the last write command) and
//! otherwise waits for news from the server (a pull that the server holds until a teammate's
//! change is committed, at most [`NEWS_WAIT`]), then syncs; the window is told (`TeamChanged`) so
//! open screens reload. When the server cannot be reached it retries with a growing pause
//! ([`FIRST_RETRY`] doubling up to [`LAST_RETRY`]); a local change or "Sync now" tries at once.

use std::path::PathBuf;
use std::time::Duration;

use firstgoal_sync::replica;
use tauri::{AppHandle, Manager, Runtime};

use super::{TeamErrorCode, TeamSync};
use crate::state::AppState;

/// How long the edits must be quiet before they are pushed (typing in a form saves often).
pub const QUIET: Duration = Duration::from_millis(300);
/// The first pause after the server could not be reached.
pub const FIRST_RETRY: Duration = Duration::from_secs(2);
/// The longest pause between two attempts to reach the server.
pub const LAST_RETRY: Duration = Duration::from_secs(60);
/// How long one wait for news lasts at most before the task syncs anyway.
pub const NEWS_WAIT: Duration = Duration::from_secs(25);
/// The pause after a wait for news failed (the server went away), before the sync that says why.
const AFTER_FAILED_WAIT: Duration = Duration::from_secs(2);

/// Starts the task of the file the window has open (stopping the previous one).
pub fn start<R: Runtime>(app: &AppHandle<R>) {
    let path = app.state::<AppState>().db_path();
    let handle = tauri::async_runtime::spawn(run(app.clone(), path));
    let team = app.state::<TeamSync>();
    let previous = team
        .task
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .replace(handle);
    if let Some(previous) = previous {
        previous.abort();
    }
}

/// Stops the task (before the file is switched or closed): a sync cut short leaves the file
/// consistent (each pulled page is applied in one transaction) and the next one resumes.
pub fn stop<R: Runtime>(app: &AppHandle<R>) {
    let team = app.state::<TeamSync>();
    let previous = team.task.lock().unwrap_or_else(|p| p.into_inner()).take();
    if let Some(previous) = previous {
        previous.abort();
    }
    team.forget();
}

async fn run<R: Runtime>(app: AppHandle<R>, path: PathBuf) {
    let team = app.state::<TeamSync>();
    let mut retry = FIRST_RETRY;
    loop {
        let Ok(db) = app.state::<AppState>().db().await else {
            return;
        };
        if db.path() != path {
            return;
        }
        let pause = match team.sync(&app, &db).await {
            Ok(_) => {
                retry = FIRST_RETRY;
                None
            }
            Err(e) if e.code == TeamErrorCode::NotEnrolled => Some(Duration::MAX),
            Err(e) if e.code == TeamErrorCode::Offline => {
                let pause = retry;
                retry = (retry * 2).min(LAST_RETRY);
                Some(pause)
            }
            // Refused (a revoked credential, a viewer's change): try again now and then.
            Err(_) => Some(LAST_RETRY),
        };
        match pause {
            // Not held while waiting: a switch must be able to let the file go at once.
            Some(pause) => {
                drop(db);
                wake_or(&team, pause).await;
            }
            None => {
                let store = TeamSync::store();
                let waited = tokio::select! {
                    () = team.wake.notified() => {
                        quiet(&team).await;
                        Ok(true)
                    }
                    news = replica::wait_for_news(&db, &store, NEWS_WAIT) => news,
                };
                // A wait that failed (the server went away) is not retried in a tight loop: the
                // next sync says why, after a pause.
                if waited.is_err() {
                    drop(db);
                    wake_or(&team, AFTER_FAILED_WAIT).await;
                }
            }
        }
    }
}

/// Waits `pause` or until a local change wakes the task (then until the edits are quiet).
async fn wake_or(team: &TeamSync, pause: Duration) {
    let sleep = async {
        match pause {
            Duration::MAX => std::future::pending().await,
            pause => tokio::time::sleep(pause).await,
        }
    };
    tokio::select! {
        () = team.wake.notified() => quiet(team).await,
        () = sleep => {}
    }
}

/// Returns once no write command came for [`QUIET`].
async fn quiet(team: &TeamSync) {
    loop {
        tokio::select! {
            () = team.wake.notified() => {}
            () = tokio::time::sleep(QUIET) => return,
        }
    }
}
