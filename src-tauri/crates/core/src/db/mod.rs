//! Opening the SQLite file: refusing files that are not ours or come from a newer schema (without
//! touching them), then WAL, foreign keys, a busy timeout and the embedded migrations.

use std::path::{Path, PathBuf};
use std::time::Duration;

use sqlx::migrate::Migrator;
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous,
};
use sqlx::{ConnectOptions, Connection};

use crate::error::{CoreError, Result};

pub(crate) mod bulk;
pub(crate) mod indexes;
pub(crate) mod triggers;

static MIGRATOR: Migrator = sqlx::migrate!("./migrations");

/// File name of the default database inside the per-user data folder.
pub const DEFAULT_FILE_NAME: &str = "firstgoal.sqlite";

/// Environment variable that points the app and the CLI at another database file.
pub const DB_ENV_VAR: &str = "FIRSTGOAL_DB";

const SQLITE_HEADER: &[u8; 16] = b"SQLite format 3\0";

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

/// An open FirstGoal database.
#[derive(Debug, Clone)]
pub struct Db {
    pool: SqlitePool,
    path: PathBuf,
}

impl Db {
    /// Opens (creating if missing) the database at `path` and brings its schema up to date. A
    /// file with data at an older schema is first copied to the backups folder.
    pub async fn open(path: &Path) -> Result<Self> {
        let display = path.display().to_string();
        if path.exists() {
            check_header(path)?;
            check_writable(path)?;
            let found = check_schema_version(path).await?;
            if found > 0 && found < supported_schema_version() {
                crate::backup::snapshot_file(path, crate::backup::Reason::PreMigration).await?;
            }
        } else if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent).map_err(|source| CoreError::Io {
                context: format!("cannot create the folder {}", parent.display()),
                source,
            })?;
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
        Ok(Self {
            pool,
            path: path.to_path_buf(),
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
    /// the main file complete on its own even if a connection's close finishes later.
    pub async fn close(self) {
        let _ = sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)")
            .execute(&self.pool)
            .await;
        self.pool.close().await;
    }
}

fn check_header(path: &Path) -> Result<()> {
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
fn check_writable(path: &Path) -> Result<()> {
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
async fn check_schema_version(path: &Path) -> Result<i64> {
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
        let v: Option<i64> = sqlx::query_scalar("SELECT MAX(version) FROM _sqlx_migrations")
            .fetch_one(&mut conn)
            .await?;
        v.unwrap_or(0)
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
            _ => {}
        }
    }
    CoreError::Storage(err)
}
