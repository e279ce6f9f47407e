//! Switching the window to another file (Open file…, New file…, Open recent, a second launch),
//! and a second launch of the app landing in this one.

use std::ffi::OsString;
use std::path::{Path, PathBuf};

use firstgoal_core::{Db, ErrorPayload};
use tauri::{AppHandle, Manager, Runtime};

use crate::state::{self, AppState};

/// Closes the current file and opens `path` in its place; then the file is remembered and its
/// daily backup scheduled, as at start. The window is reloaded by whoever asked: the window
/// itself once the command answered (a reload under a pending command makes the IPC send the
/// command again), or [`switch_in_background`].
pub async fn switch<R: Runtime>(app: &AppHandle<R>, path: &Path) -> Result<Db, ErrorPayload> {
    crate::team::task::stop(app);
    let opened = app.state::<AppState>().switch_to(path).await;
    let app = app.clone();
    let result = opened.clone();
    tauri::async_runtime::spawn(async move { state::after_open(&app, opened).await });
    result
}

/// [`switch`] from a menu or a second launch, then the window reloads on the file (or on the
/// "could not open" screen, with its backups).
pub fn switch_in_background<R: Runtime>(app: AppHandle<R>, path: PathBuf) {
    tauri::async_runtime::spawn(async move {
        let _ = switch(&app, &path).await;
        if let Some(window) = app.get_webview_window("main") {
            let _ = window.reload();
        }
    });
}

/// Brings the window to the front.
pub fn focus<R: Runtime>(app: &AppHandle<R>) {
    if let Some(window) = app.get_webview_window("main") {
        let _ = window.unminimize();
        let _ = window.show();
        let _ = window.set_focus();
    }
}

/// The app was started again while this instance runs (the new process hands its arguments
/// over and ends): the window comes to the front, switched to the file named with `--db` if that
/// is another one. The other process's `FIRSTGOAL_DB` is not handed over, so it only focuses.
pub fn second_launch<R: Runtime>(app: &AppHandle<R>, argv: Vec<String>, cwd: String) {
    if let Some(path) = requested_db(&argv, Path::new(&cwd)) {
        let current = app.state::<AppState>().db_path();
        if !same_file(&path, &current) {
            switch_in_background(app.clone(), path);
        }
    }
    focus(app);
}

/// The `--db PATH` (or `--db=PATH`) of a command line, relative to `cwd`.
fn requested_db(argv: &[String], cwd: &Path) -> Option<PathBuf> {
    let mut args = argv.iter().skip(1);
    let mut found = None;
    while let Some(arg) = args.next() {
        if arg == "--db" {
            found = args.next().map(OsString::from);
        } else if let Some(value) = arg.strip_prefix("--db=") {
            found = Some(OsString::from(value));
        }
    }
    found.map(|p| cwd.join(p))
}

fn same_file(a: &Path, b: &Path) -> bool {
    a == b || matches!((a.canonicalize(), b.canonicalize()), (Ok(a), Ok(b)) if a == b)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_file_of_a_second_launch_is_read_from_its_arguments() {
        let cwd = Path::new("/home/u/work");
        let args = |a: &[&str]| a.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
        assert_eq!(requested_db(&args(&["firstgoal"]), cwd), None);
        assert_eq!(
            requested_db(&args(&["firstgoal", "--db", "b.sqlite"]), cwd),
            Some(PathBuf::from("/home/u/work/b.sqlite"))
        );
        assert_eq!(
            requested_db(&args(&["firstgoal", "--db=/data/c.sqlite"]), cwd),
            Some(PathBuf::from("/data/c.sqlite"))
        );
    }
}
