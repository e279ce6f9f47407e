//! What is checked of a file before FirstGoal takes it, without changing it: that it is an SQLite
//! file at all, writable, and of a schema this build knows; and what SQLite's refusals to open a
//! file mean for the user.

use std::path::Path;

use sqlx::sqlite::SqliteConnectOptions;
use sqlx::{ConnectOptions, Connection};

use super::{MIGRATOR, files, owner, supported_schema_version};
use crate::error::{CoreError, Result};

const SQLITE_HEADER: &[u8; 16] = b"SQLite format 3\0";

/// What can be checked of a file before it is taken: whether it is an SQLite file at all (so a
/// file of another kind gets no lock file beside it). Skipped when this process has the file open
/// already: closing a descriptor of our own on it would drop SQLite's locks.
pub(super) fn check_before_owning(path: &Path) -> Result<()> {
    files::refuse_special_file(path)?;
    if path.exists() {
        if !owner::is_owned_here(path) {
            check_header(path)?;
        }
    } else if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent).map_err(|source| CoreError::Io {
            context: format!("cannot create the folder {}", parent.display()),
            source,
        })?;
    }
    Ok(())
}

pub(super) fn check_header(path: &Path) -> Result<()> {
    use std::io::Read;
    let mut header = [0u8; 16];
    let mut file = std::fs::File::open(path).map_err(|source| CoreError::Io {
        context: format!("cannot read {}", path.display()),
        source,
    })?;
    let len = file
        .metadata()
        .map_err(|source| CoreError::Io {
            context: format!("cannot read {}", path.display()),
            source,
        })?
        .len();
    if len == 0 {
        // An empty file is a new database as far as SQLite is concerned.
        return Ok(());
    }
    if len < 16 || file.read_exact(&mut header).is_err() || &header != SQLITE_HEADER {
        return Err(CoreError::NotADatabase {
            path: path.display().to_string(),
        });
    }
    Ok(())
}

/// A file the user marked read-only is refused up front (even for root, who could write it), so
/// opening it never changes it.
pub(super) fn check_writable(path: &Path) -> Result<()> {
    let readonly = std::fs::metadata(path)
        .map(|m| m.permissions().readonly())
        .unwrap_or(false);
    if readonly {
        return Err(CoreError::ReadOnly {
            path: path.display().to_string(),
        });
    }
    Ok(())
}

/// Reads the applied migrations through a read-only connection, so a file from a newer version is
/// refused before anything (WAL mode, migrations) could write to it. Returns the file's version.
pub(super) async fn check_schema_version(path: &Path) -> Result<i64> {
    let display = path.display().to_string();
    let mut conn = SqliteConnectOptions::new()
        .filename(path)
        .read_only(true)
        .connect()
        .await
        .map_err(|e| map_open_error(e, &display))?;
    let has_table: Option<String> = sqlx::query_scalar(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name = '_sqlx_migrations'",
    )
    .fetch_optional(&mut conn)
    .await
    .map_err(|e| map_open_error(e, &display))?;
    let found = if has_table.is_some() {
        let applied: Vec<(i64, Vec<u8>)> =
            sqlx::query_as("SELECT version, checksum FROM _sqlx_migrations ORDER BY version")
                .fetch_all(&mut conn)
                .await
                .map_err(|e| map_open_error(e, &display))?;
        // Another sqlx program keeps its migrations in the same table: a version we know with a
        // checksum that is not ours means the file is not FirstGoal's (refused before anything
        // — WAL, backup, migration — touches it).
        let foreign = applied.iter().any(|(version, checksum)| {
            MIGRATOR
                .iter()
                .find(|m| m.version == *version)
                .is_some_and(|m| m.checksum.as_ref() != checksum.as_slice())
        });
        if foreign {
            conn.close().await?;
            return Err(CoreError::NotADatabase { path: display });
        }
        applied.last().map_or(0, |(version, _)| *version)
    } else {
        // An SQLite file with tables of its own but no FirstGoal migrations belongs to another
        // program: refuse it rather than adding our tables to it.
        let tables: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM sqlite_master")
            .fetch_one(&mut conn)
            .await
            .map_err(|e| map_open_error(e, &display))?;
        if tables > 0 {
            conn.close().await?;
            return Err(CoreError::NotADatabase { path: display });
        }
        0
    };
    conn.close().await?;
    let supported = supported_schema_version();
    if found > supported {
        return Err(CoreError::NewerSchema {
            path: display,
            found,
            supported,
        });
    }
    Ok(found)
}

/// Names what is wrong with a file SQLite could not open, so the user knows what to do.
pub(crate) fn map_open_error(err: sqlx::Error, path: &str) -> CoreError {
    let path = path.to_owned();
    if let sqlx::Error::Database(db) = &err {
        // Primary result codes are the low byte of extended ones (e.g. 517 = BUSY_SNAPSHOT).
        let code = db
            .code()
            .and_then(|c| c.parse::<i32>().ok())
            .map(|c| c & 0xff);
        match code {
            Some(26) => return CoreError::NotADatabase { path },
            Some(11) => return CoreError::Corrupt { path },
            Some(5) | Some(6) => return CoreError::Locked { path },
            Some(8) => return CoreError::ReadOnly { path },
            Some(13) => return CoreError::DiskFull { path },
            Some(14) => return CoreError::CannotOpen { path },
            _ => {}
        }
    }
    CoreError::Storage(err)
}
