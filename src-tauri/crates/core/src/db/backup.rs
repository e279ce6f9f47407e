//! Backups of the database file: consistent snapshots taken with `VACUUM INTO` (so a backup is
//! complete even while the app writes), at most once a day at open, before every schema migration
//! and before a restore, kept in a `<name>-backups` folder beside the file; the newest N are kept.

use std::path::{Path, PathBuf};

use chrono::{DateTime, NaiveDateTime, Utc};
use serde::{Deserialize, Serialize};
use specta::Type;
use sqlx::{ConnectOptions, Connection};

use crate::db::file_settings;
use crate::db::owner::sidecar;
use crate::db::{Db, map_open_error};
use crate::error::{CoreError, FieldCode, Result};

/// File setting: how many backups to keep.
pub const KEEP_SETTING: &str = "backup.keep";
pub const DEFAULT_KEEP: u32 = 10;
const DAY_SECONDS: i64 = 24 * 60 * 60;
const STAMP: &str = "%Y%m%d-%H%M%S%3f";

/// Why a backup was taken.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum Reason {
    Daily,
    PreMigration,
    PreRestore,
    Manual,
}

impl Reason {
    const ALL: [Reason; 4] = [
        Reason::Daily,
        Reason::PreMigration,
        Reason::PreRestore,
        Reason::Manual,
    ];

    fn slug(self) -> &'static str {
        match self {
            Reason::Daily => "daily",
            Reason::PreMigration => "pre-migration",
            Reason::PreRestore => "pre-restore",
            Reason::Manual => "manual",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct BackupInfo {
    pub file_name: String,
    pub path: String,
    pub created_at: DateTime<Utc>,
    pub size_bytes: u64,
    pub reason: Reason,
}

/// The folder holding the backups of `db_path`: `<folder>/<file stem>-backups/`.
pub fn backups_dir(db_path: &Path) -> PathBuf {
    let stem = db_path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "firstgoal".to_owned());
    db_path
        .parent()
        .unwrap_or(Path::new("."))
        .join(format!("{stem}-backups"))
}

fn io(context: String) -> impl FnOnce(std::io::Error) -> CoreError {
    move |source| CoreError::Io { context, source }
}

fn new_backup_path(db_path: &Path, reason: Reason) -> Result<PathBuf> {
    let dir = backups_dir(db_path);
    std::fs::create_dir_all(&dir).map_err(io(format!(
        "cannot create the backups folder {}",
        dir.display()
    )))?;
    let stamp = Utc::now().format(STAMP);
    Ok(dir.join(format!("{stamp}-{}.sqlite", reason.slug())))
}

fn parse_name(file_name: &str) -> Option<(DateTime<Utc>, Reason)> {
    let stem = file_name.strip_suffix(".sqlite")?;
    let (stamp, slug) = stem.split_at_checked(18)?;
    let reason = Reason::ALL
        .into_iter()
        .find(|r| slug.strip_prefix('-') == Some(r.slug()))?;
    let at = NaiveDateTime::parse_from_str(stamp, STAMP).ok()?.and_utc();
    Some((at, reason))
}

fn info(path: PathBuf) -> Option<BackupInfo> {
    let file_name = path.file_name()?.to_string_lossy().into_owned();
    let (created_at, reason) = parse_name(&file_name)?;
    let size_bytes = std::fs::metadata(&path).ok()?.len();
    Some(BackupInfo {
        file_name,
        path: path.display().to_string(),
        created_at,
        size_bytes,
        reason,
    })
}

/// Snapshots a file that is not open yet, through a read-only connection (used before a
/// migration, so the original stays byte-for-byte untouched until the snapshot exists).
pub async fn snapshot_file(db_path: &Path, reason: Reason) -> Result<BackupInfo> {
    let target = new_backup_path(db_path, reason)?;
    let display = db_path.display().to_string();
    let mut conn = sqlx::sqlite::SqliteConnectOptions::new()
        .filename(db_path)
        .read_only(true)
        .connect()
        .await
        .map_err(|e| map_open_error(e, &display))?;
    sqlx::query("VACUUM INTO ?1")
        .bind(target.to_string_lossy().into_owned())
        .execute(&mut conn)
        .await
        .map_err(|e| map_open_error(e, &display))?;
    conn.close().await?;
    info(target).ok_or_else(|| CoreError::Unavailable("the backup was not written".to_owned()))
}

/// A partial backup not written to for this long was left by an app that was closed mid-way.
const STALE_PARTIAL: std::time::Duration = std::time::Duration::from_secs(60);

/// Deletes what backups cut short left behind (`*.partial` and their journals); a partial file
/// still being written (by another app instance on the same file) is recent and kept.
fn remove_stale_partials(db_path: &Path) {
    let Ok(entries) = std::fs::read_dir(backups_dir(db_path)) else {
        return;
    };
    for entry in entries.filter_map(|e| e.ok()) {
        let name = entry.file_name().to_string_lossy().into_owned();
        let stale = entry
            .metadata()
            .and_then(|m| m.modified())
            .ok()
            .and_then(|at| at.elapsed().ok())
            .is_some_and(|age| age >= STALE_PARTIAL);
        if stale && (name.ends_with(".partial") || name.ends_with(".partial-journal")) {
            // Best effort: a file that cannot be removed now is tried again next time.
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// Snapshots the open database.
pub async fn create(db: &Db, reason: Reason) -> Result<BackupInfo> {
    let target = new_backup_path(db.path(), reason)?;
    // Written under a name `list` ignores and renamed when complete: the daily backup runs in
    // the background, and an app closed half-way must not leave a partial file that counts as
    // today's backup.
    let partial = target.with_extension("sqlite.partial");
    remove_stale_partials(db.path());
    let written = sqlx::query("VACUUM INTO ?1")
        .bind(partial.to_string_lossy().into_owned())
        .execute(db.pool())
        .await;
    if let Err(e) = written {
        let _ = std::fs::remove_file(&partial);
        return Err(e.into());
    }
    std::fs::rename(&partial, &target).map_err(io(format!("cannot write {}", target.display())))?;
    let created = info(target)
        .ok_or_else(|| CoreError::Unavailable("the backup was not written".to_owned()))?;
    prune(db.path(), keep(db).await?)?;
    Ok(created)
}

/// Writes a consistent copy of the open database to `target` ("Save a copy…"): `VACUUM INTO` a
/// temporary file beside it, renamed over it once complete. The open file stays as it is and
/// stays open; `target` may not be one of its own files.
pub async fn save_copy(db: &Db, target: &Path) -> Result<()> {
    let temp = crate::db::files::temp_beside(target)?;
    sqlx::query("VACUUM INTO ?1")
        .bind(temp.path().to_string_lossy().into_owned())
        .execute(db.pool())
        .await?;
    crate::db::files::persist(temp, target)
}

/// The backups of `db_path`, newest first. Files in the folder that are not backups are ignored.
pub fn list(db_path: &Path) -> Result<Vec<BackupInfo>> {
    let dir = backups_dir(db_path);
    let entries = match std::fs::read_dir(&dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(io(format!("cannot read {}", dir.display()))(e)),
    };
    let mut backups: Vec<BackupInfo> = entries
        .filter_map(|e| e.ok())
        .filter_map(|e| info(e.path()))
        .collect();
    backups.sort_by(|a, b| {
        b.created_at
            .cmp(&a.created_at)
            .then(b.file_name.cmp(&a.file_name))
    });
    Ok(backups)
}

/// Deletes all but the newest `keep` backups; returns how many were deleted.
pub fn prune(db_path: &Path, keep: u32) -> Result<usize> {
    let old = list(db_path)?.into_iter().skip(keep.max(1) as usize);
    let mut deleted = 0;
    for backup in old {
        std::fs::remove_file(&backup.path).map_err(io(format!("cannot delete {}", backup.path)))?;
        deleted += 1;
    }
    Ok(deleted)
}

pub async fn keep(db: &Db) -> Result<u32> {
    Ok(file_settings::get(db, KEEP_SETTING)
        .await?
        .unwrap_or(DEFAULT_KEEP))
}

pub async fn set_keep(db: &Db, keep: u32) -> Result<u32> {
    if !(1..=365).contains(&keep) {
        return Err(CoreError::Validation(vec![crate::FieldError::new(
            "keep",
            FieldCode::OutOfRange,
        )]));
    }
    file_settings::set(db, KEEP_SETTING, &keep).await?;
    prune(db.path(), keep)?;
    Ok(keep)
}

/// Takes the daily backup unless one was taken in the last 24 hours.
pub async fn daily(db: &Db) -> Result<Option<BackupInfo>> {
    let newest = list(db.path())?.into_iter().next();
    let due = newest.is_none_or(|b| (Utc::now() - b.created_at).num_seconds() >= DAY_SECONDS);
    if due {
        Ok(Some(create(db, Reason::Daily).await?))
    } else {
        Ok(None)
    }
}

/// Replaces the database at `db_path` with the backup `file_name` (from [`list`]). The current
/// file is kept as a `pre-restore` backup first: snapshotted when it is open (`current`), copied
/// byte for byte when it could not be opened (damaged, say). The pool is closed, so the caller
/// must reopen (the app restarts). Returns the backup of the replaced file.
pub async fn restore(db_path: &Path, current: Option<Db>, file_name: &str) -> Result<BackupInfo> {
    // Owned until the file is replaced (shared with `current` when this process has it open), so
    // no other FirstGoal process opens it half-way.
    let _ownership =
        crate::db::owner::acquire_or_refuse(db_path, crate::db::owner::WAIT_FOR_OWNER)?;
    let source = list(db_path)?
        .into_iter()
        .find(|b| b.file_name == file_name)
        .ok_or(CoreError::NotFound {
            entity: "backup",
            id: 0,
        })?;
    // The backup must itself open cleanly before it replaces anything.
    let probe = Db::open_read_only(Path::new(&source.path)).await?;
    probe.check_integrity().await?;
    probe.close().await;

    // Everything that can fail happens while the current file is still open and untouched: the
    // backup is copied beside it (streamed, off the async workers: files reach gigabytes), the
    // current file is backed up, and its WAL is emptied into it. A failure leaves the app
    // working on the file as it was, and says why.
    let staged = {
        let from_path = PathBuf::from(&source.path);
        let into_path = db_path.to_path_buf();
        crate::db::files::off_thread(move || {
            let mut from = std::fs::File::open(&from_path)
                .map_err(io(format!("cannot read {}", from_path.display())))?;
            let mut into = crate::db::files::temp_in_folder_of(&into_path)?;
            std::io::copy(&mut from, &mut into)
                .map_err(io(format!("cannot write {}", into_path.display())))?;
            into.as_file()
                .sync_all()
                .map_err(io(format!("cannot write {}", into_path.display())))?;
            Ok(into)
        })
        .await?
    };
    let safety = match &current {
        Some(db) => create(db, Reason::PreRestore).await?,
        None => copy_aside(db_path)?,
    };
    if let Some(db) = current {
        let (busy, _, _): (i64, i64, i64) = sqlx::query_as("PRAGMA wal_checkpoint(TRUNCATE)")
            .fetch_one(db.pool())
            .await?;
        if busy != 0 {
            // A reading or writing connection still needs the WAL.
            return Err(CoreError::Locked {
                path: db_path.display().to_string(),
            });
        }
        db.close().await;
    }
    let _ = std::fs::remove_file(sidecar(db_path, "-wal"));
    let _ = std::fs::remove_file(sidecar(db_path, "-shm"));
    crate::db::files::persist(staged, db_path)?;
    Ok(safety)
}

/// Copies a file that cannot be opened into the backups folder as it is.
fn copy_aside(db_path: &Path) -> Result<BackupInfo> {
    let target = new_backup_path(db_path, Reason::PreRestore)?;
    std::fs::copy(db_path, &target).map_err(io(format!("cannot copy {}", db_path.display())))?;
    info(target).ok_or_else(|| CoreError::Unavailable("the backup was not written".to_owned()))
}
