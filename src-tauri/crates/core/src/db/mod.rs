//! Opening the SQLite file: taking it for this process ([`owner`]), refusing files that are not
//! ours or come from a newer schema (without touching them), then WAL, foreign keys, a busy
//! timeout and the embedded migrations.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use sqlx::migrate::Migrator;
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous,
};
use sqlx::{ConnectOptions, Connection};

use crate::error::{CoreError, Result};

pub(crate) use checks::map_open_error;
use checks::{check_before_owning, check_header, check_schema_version, check_writable};

pub mod backup;
pub(crate) mod bulk;
mod checks;
pub mod current;
pub mod file_settings;
pub mod files;
pub(crate) mod indexes;
pub mod owner;
pub(crate) mod rows;
mod snapshot;
pub(crate) mod triggers;

static MIGRATOR: Migrator = sqlx::migrate!("./migrations");

/// The tables whose records travel in team sync (migration 0014: each row has a `uid`, and
/// triggers keep the outbox of an enrolled file), parents before the tables referring to them.
pub const TRAVELLING_TABLES: &[&str] = &[
    "projects",
    "team_members",
    "playbooks",
    "milestones",
    "stakeholders",
    "heat_entries",
    "touchpoints",
    "touchpoint_participants",
    "adoption_purposes",
    "purpose_agreements",
    "project_team",
    "project_stages",
    "stage_actions",
    "project_holds",
    "journeys",
    "journey_revisions",
];

/// A new random (version 4) UUID in SQL, as the `<table>_uid` triggers of migration 0014 write it.
pub const NEW_UUID: &str = "lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || \
     substr(hex(randomblob(2)), 2) || '-' || substr('89ab', 1 + (abs(random()) % 4), 1) || \
     substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6)))";

/// File name of the default database inside the per-user data folder.
pub const DEFAULT_FILE_NAME: &str = "firstgoal.sqlite";

/// Environment variable that points the app and the CLI at another database file.
pub const DB_ENV_VAR: &str = "FIRSTGOAL_DB";

/// The default database file: `<data dir>/FirstGoal/firstgoal.sqlite`.
pub fn default_db_path() -> PathBuf {
    dirs::data_dir()
        .unwrap_or_else(std::env::temp_dir)
        .join("FirstGoal")
        .join(DEFAULT_FILE_NAME)
}

/// The newest schema version this build knows.
pub fn supported_schema_version() -> i64 {
    MIGRATOR.iter().map(|m| m.version).max().unwrap_or(0)
}

/// Creates a new file at an older schema `version` (the migrations up to it, recorded as sqlx
/// records them). For migration tests and fixtures: opening the file with [`Db::open`] then
/// migrates it the way a user's old file is migrated.
pub async fn create_at_version(path: &Path, version: i64) -> Result<()> {
    let display = path.display().to_string();
    let mut conn = SqliteConnectOptions::new()
        .filename(path)
        .create_if_missing(true)
        .connect()
        .await
        .map_err(|e| map_open_error(e, &display))?;
    sqlx::query(
        "CREATE TABLE IF NOT EXISTS _sqlx_migrations (version BIGINT PRIMARY KEY, \
         description TEXT NOT NULL, installed_on TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP, \
         success BOOLEAN NOT NULL, checksum BLOB NOT NULL, execution_time BIGINT NOT NULL)",
    )
    .execute(&mut conn)
    .await?;
    for m in MIGRATOR.iter().filter(|m| m.version <= version) {
        sqlx::raw_sql(&m.sql).execute(&mut conn).await?;
        sqlx::query(
            "INSERT INTO _sqlx_migrations (version, description, success, checksum, execution_time) \
             VALUES (?1, ?2, TRUE, ?3, 0)",
        )
        .bind(m.version)
        .bind(m.description.as_ref())
        .bind(m.checksum.as_ref())
        .execute(&mut conn)
        .await?;
    }
    conn.close().await?;
    Ok(())
}

/// What keeps a [`Db`]'s file safe while it is open.
#[derive(Debug)]
enum Guard {
    /// This process owns the file (see [`owner`]); held, never read.
    Owner { _ownership: Arc<owner::Ownership> },
    /// A snapshot another FirstGoal process made of the file it owns.
    Snapshot(owner::SnapshotLease),
}

/// An open FirstGoal database.
#[derive(Debug, Clone)]
pub struct Db {
    pool: SqlitePool,
    path: PathBuf,
    guard: Option<Arc<Guard>>,
}

impl Db {
    /// Opens (creating if missing) the database at `path` for this process and brings its schema
    /// up to date. A file with data at an older schema is first copied to the backups folder. A
    /// file another FirstGoal process has open is refused ([`CoreError::InUse`]) after waiting
    /// [`owner::WAIT_FOR_OWNER`] for it to be let go; nothing of it is touched.
    pub async fn open(path: &Path) -> Result<Self> {
        check_before_owning(path)?;
        let ownership = wait_for_ownership(path).await?;
        Self::open_owned(path, ownership).await
    }

    /// Opens `path` to read: as [`Db::open`] when no other FirstGoal process has it, otherwise a
    /// consistent snapshot that process makes (see [`Db::snapshot_of`]), so the live file and its
    /// WAL are never touched from here.
    pub async fn open_for_reading(path: &Path) -> Result<Self> {
        check_before_owning(path)?;
        match owner::acquire(path, Duration::ZERO)? {
            owner::Acquired::Owned(ownership) => Self::open_owned(path, ownership).await,
            owner::Acquired::Held(holder) => {
                let asked = tokio::task::spawn_blocking({
                    let path = path.to_path_buf();
                    move || owner::request_snapshot(&path, holder)
                })
                .await
                .map_err(|e| CoreError::Unavailable(e.to_string()))?;
                let lease = match asked {
                    Ok(lease) => lease,
                    // The owner is not answering (closing, or too old to serve snapshots): wait
                    // for it to let go, as a writer would.
                    Err(CoreError::InUse { .. }) => {
                        let ownership = wait_for_ownership(path).await?;
                        return Self::open_owned(path, ownership).await;
                    }
                    Err(other) => return Err(other),
                };
                let mut db = Self::open_read_only(&lease.path).await?;
                db.path = path.to_path_buf();
                db.guard = Some(Arc::new(Guard::Snapshot(lease)));
                Ok(db)
            }
        }
    }

    /// The process whose snapshot this is, when the file was open in another FirstGoal process
    /// (`Some(None)` when its process id could not be read).
    pub fn snapshot_of(&self) -> Option<Option<u32>> {
        match self.guard.as_deref() {
            Some(Guard::Snapshot(lease)) => Some(lease.holder.pid),
            _ => None,
        }
    }

    async fn open_owned(path: &Path, ownership: Arc<owner::Ownership>) -> Result<Self> {
        let display = path.display().to_string();
        // Another Db of this process has the file open and checked it already.
        let open_here = Arc::strong_count(&ownership) > 1;
        if path.exists() && !open_here {
            check_writable(path)?;
            let found = check_schema_version(path).await?;
            if found > 0 && found < supported_schema_version() {
                backup::snapshot_file(path, backup::Reason::PreMigration).await?;
            }
        }
        let options = SqliteConnectOptions::new()
            .filename(path)
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Normal)
            .foreign_keys(true)
            .busy_timeout(Duration::from_secs(5));
        let pool = SqlitePoolOptions::new()
            .max_connections(4)
            .connect_with(options)
            .await
            .map_err(|e| map_open_error(e, &display))?;
        MIGRATOR.run(&pool).await.map_err(|e| match e {
            sqlx::migrate::MigrateError::Execute(inner) => map_open_error(inner, &display),
            other => CoreError::Migration(other),
        })?;
        ownership.serve_snapshots(&pool);
        ownership.keep_lock_file();
        Ok(Self {
            pool,
            path: path.to_path_buf(),
            guard: Some(Arc::new(Guard::Owner {
                _ownership: ownership,
            })),
        })
    }

    /// Starts a write transaction. `BEGIN IMMEDIATE` takes the write lock up front, so a
    /// transaction that reads before it writes waits for other writers (busy timeout) instead of
    /// failing half-way with "database is locked".
    pub async fn begin_write(&self) -> Result<sqlx::Transaction<'static, sqlx::Sqlite>> {
        Ok(self.pool.begin_with("BEGIN IMMEDIATE").await?)
    }

    /// Opens an existing file without changing it (no WAL switch, no migrations): for reading a
    /// backup before it is restored.
    pub async fn open_read_only(path: &Path) -> Result<Self> {
        let display = path.display().to_string();
        check_header(path)?;
        check_schema_version(path).await?;
        let options = SqliteConnectOptions::new().filename(path).read_only(true);
        let pool = SqlitePoolOptions::new()
            .max_connections(1)
            .connect_with(options)
            .await
            .map_err(|e| map_open_error(e, &display))?;
        Ok(Self {
            pool,
            path: path.to_path_buf(),
            guard: None,
        })
    }

    /// `PRAGMA integrity_check`; a damaged file is reported as [`CoreError::Corrupt`].
    pub async fn check_integrity(&self) -> Result<()> {
        let result: String = sqlx::query_scalar("PRAGMA integrity_check")
            .fetch_one(&self.pool)
            .await
            .map_err(|e| map_open_error(e, &self.path.display().to_string()))?;
        if result == "ok" {
            Ok(())
        } else {
            Err(CoreError::Corrupt {
                path: self.path.display().to_string(),
            })
        }
    }

    pub fn pool(&self) -> &SqlitePool {
        &self.pool
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Whether `candidate` is one of this database's own files (the file, its WAL, shared memory,
    /// journal or lock file), which no export may overwrite and no import may read.
    pub fn is_own_file(&self, candidate: &Path) -> bool {
        is_database_file(&self.path, candidate)
    }

    /// The schema version the file is at.
    pub async fn schema_version(&self) -> Result<i64> {
        let v: Option<i64> =
            sqlx::query_scalar("SELECT MAX(version) FROM _sqlx_migrations WHERE success = 1")
                .fetch_one(&self.pool)
                .await?;
        Ok(v.unwrap_or(0))
    }

    /// Copies what the WAL holds into the main file, as far as readers allow (SQLite's passive
    /// checkpoint: nobody waits for it). Commits do this on their own once the WAL is large; a
    /// bulk write (import, demo data) leaves it to this call.
    pub async fn checkpoint(&self) -> Result<()> {
        sqlx::query("PRAGMA wal_checkpoint(PASSIVE)")
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// Checkpoints the WAL into the main file, then closes every connection. The checkpoint makes
    /// the main file complete on its own even if a connection's close finishes later. The file
    /// stays owned until the last clone of this `Db` is gone.
    pub async fn close(self) {
        if self.snapshot_of().is_none() {
            let _ = sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)")
                .execute(&self.pool)
                .await;
        }
        self.pool.close().await;
    }
}

/// Whether `candidate` names the database file `db_path` or one of its companions (`-wal`,
/// `-shm`, `-journal`, `-lock`), by path or as the same file under another name.
pub fn is_database_file(db_path: &Path, candidate: &Path) -> bool {
    ["", "-wal", "-shm", "-journal", "-lock"]
        .iter()
        .any(|suffix| {
            let own = owner::sidecar(db_path, suffix);
            own == candidate || same_file(&own, candidate)
        })
}

#[cfg(unix)]
fn same_file(a: &Path, b: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (std::fs::metadata(a), std::fs::metadata(b)) {
        (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
        _ => false,
    }
}

#[cfg(not(unix))]
fn same_file(a: &Path, b: &Path) -> bool {
    matches!((a.canonicalize(), b.canonicalize()), (Ok(a), Ok(b)) if a == b)
}

/// [`owner::acquire_or_refuse`] with the usual wait, off the async workers (it sleeps between
/// tries).
async fn wait_for_ownership(path: &Path) -> Result<Arc<owner::Ownership>> {
    let path = path.to_path_buf();
    tokio::task::spawn_blocking(move || owner::acquire_or_refuse(&path, owner::WAIT_FOR_OWNER))
        .await
        .map_err(|e| CoreError::Unavailable(e.to_string()))?
}
