//! Writing export files: to a temporary file beside the target, then renamed over it, so a
//! failed or interrupted export never leaves a half-written file behind.

use std::fs;
use std::io::Write;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;

use tempfile::NamedTempFile;

use crate::error::{CoreError, Result};

/// Refuses a path that exists but is not a regular file (after following links): a folder, a
/// FIFO (opening one to read would wait forever for a writer), a device (`/dev/null`: SQLite
/// reports disk I/O errors), a socket.
pub fn refuse_special_file(path: &Path) -> Result<()> {
    match std::fs::metadata(path) {
        Ok(meta) if !meta.is_file() => Err(CoreError::NotAFile {
            path: path.display().to_string(),
        }),
        _ => Ok(()),
    }
}

/// Checks a file the user chose to read (an import): a regular file, and not one of the open
/// database's own files.
pub fn check_input_file(path: &Path) -> Result<()> {
    refuse_special_file(path)?;
    crate::db::owner::refuse_database_file(path)
}

/// Runs CPU-heavy work (rendering a picture, encoding a PNG) on the blocking pool, so neither the
/// app's main thread nor the async workers that answer the window wait for it.
pub(crate) async fn off_thread<T: Send + 'static>(
    work: impl FnOnce() -> Result<T> + Send + 'static,
) -> Result<T> {
    tokio::task::spawn_blocking(work)
        .await
        .map_err(|e| CoreError::Unavailable(format!("the export stopped: {e}")))?
}

pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    let mut file = temp_beside(path)?;
    file.write_all(bytes)
        .map_err(|e| io_error("cannot write", path, e))?;
    persist(file, path)
}

/// A temporary file in the folder of `path`, for content written in pieces; [`persist`] moves it
/// over `path` once complete (dropped instead, it is deleted).
pub(crate) fn temp_beside(path: &Path) -> Result<NamedTempFile> {
    crate::db::owner::refuse_database_file(path)?;
    refuse_special_file(path)?;
    temp_in_folder_of(path)
}

/// [`temp_beside`] for replacing the database file itself (a restore).
pub(crate) fn temp_in_folder_of(path: &Path) -> Result<NamedTempFile> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    // Created like any new file of the user (0666 less the umask), not tempfile's private 0600:
    // an export is for sharing, and a restored database keeps the permissions a new one gets.
    tempfile::Builder::new()
        .permissions(fs::Permissions::from_mode(0o666))
        .tempfile_in(dir)
        .map_err(|e| io_error("cannot write to the folder of", path, e))
}

/// Flushes a file made by [`temp_beside`] to disk and moves it over `path`.
pub(crate) fn persist(file: NamedTempFile, path: &Path) -> Result<()> {
    file.as_file()
        .sync_all()
        .map_err(|e| io_error("cannot write", path, e))?;
    file.persist(path)
        .map_err(|e| io_error("cannot save", path, e.error))?;
    Ok(())
}

pub(crate) fn io_error(context: &str, path: &Path, source: std::io::Error) -> CoreError {
    CoreError::Io {
        context: format!("{context} {}", path.display()),
        source,
    }
}
