//! Bad files: truncated, damaged, read-only and locked files are refused with a specific error,
//! and their bytes are the same afterwards.

use std::os::unix::fs::PermissionsExt;

use firstgoal_core::{CoreError, Db, ErrorCode, projects};
use sqlx::{ConnectOptions, Connection};

use crate::{db_path, fresh_db, input, wal_path};

/// A real FirstGoal file with some data, checkpointed so all of it is in the main file.
async fn real_file() -> (tempfile::TempDir, std::path::PathBuf) {
    let (dir, db) = fresh_db().await;
    for i in 0..40 {
        projects::create(
            &db,
            &input(&format!("顧客 {i}"), "2026-01-05", "2026-01-20"),
        )
        .await
        .expect("create");
    }
    sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)")
        .execute(db.pool())
        .await
        .expect("checkpoint");
    db.close().await;
    let path = db_path(&dir);
    (dir, path)
}

async fn open_error(path: &std::path::Path) -> CoreError {
    Db::open(path).await.expect_err("the file must be refused")
}

#[tokio::test]
async fn a_truncated_file_is_refused_untouched() {
    let (_dir, path) = real_file().await;
    let bytes = std::fs::read(&path).expect("read");
    std::fs::write(&path, &bytes[..bytes.len() / 2]).expect("truncate");
    let before = std::fs::read(&path).expect("read");

    let err = open_error(&path).await;
    assert!(
        matches!(err.code(), ErrorCode::Corrupt | ErrorCode::NotADatabase),
        "{err:?}"
    );
    assert_eq!(std::fs::read(&path).expect("read"), before);
}

#[tokio::test]
async fn a_file_with_damaged_pages_is_refused_untouched() {
    let (_dir, path) = real_file().await;
    let mut bytes = std::fs::read(&path).expect("read");
    // Keep the 100-byte header; scramble the schema page and everything after it.
    for b in bytes.iter_mut().skip(100) {
        *b ^= 0x5A;
    }
    std::fs::write(&path, &bytes).expect("damage");

    let err = open_error(&path).await;
    assert!(
        matches!(err.code(), ErrorCode::Corrupt | ErrorCode::NotADatabase),
        "{err:?}"
    );
    assert!(
        err.to_string().contains("restore a backup")
            || err.to_string().contains("open another file")
    );
    assert_eq!(std::fs::read(&path).expect("read"), bytes);
}

#[tokio::test]
async fn a_read_only_file_is_refused_untouched() {
    let (_dir, path) = real_file().await;
    let before = std::fs::read(&path).expect("read");
    let wal_len = || std::fs::metadata(wal_path(&path)).map_or(0, |m| m.len());
    let wal_before = wal_len();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o444)).expect("chmod");

    let err = open_error(&path).await;
    assert_eq!(err.code(), ErrorCode::ReadOnly, "{err:?}");
    assert!(err.to_string().contains("read-only"));
    assert_eq!(std::fs::read(&path).expect("read"), before);
    assert_eq!(wal_len(), wal_before);
}

#[tokio::test]
async fn a_file_locked_by_another_writer_is_reported_as_locked() {
    let (_dir, path) = real_file().await;
    // Another program holds the file in rollback-journal mode with an exclusive lock, so
    // switching it to WAL cannot proceed.
    let mut other = sqlx::sqlite::SqliteConnectOptions::new()
        .filename(&path)
        .journal_mode(sqlx::sqlite::SqliteJournalMode::Delete)
        .connect()
        .await
        .expect("other program");
    sqlx::query("BEGIN EXCLUSIVE")
        .execute(&mut other)
        .await
        .expect("lock");
    let before = std::fs::read(&path).expect("read");

    let err = open_error(&path).await;
    assert_eq!(err.code(), ErrorCode::Locked, "{err:?}");
    assert!(err.to_string().contains("locked by another program"));
    assert_eq!(std::fs::read(&path).expect("read"), before);

    sqlx::query("ROLLBACK")
        .execute(&mut other)
        .await
        .expect("unlock");
    other.close().await.expect("close");
    let db = Db::open(&path)
        .await
        .expect("opens once the other program is done");
    assert_eq!(projects::list(&db, true).await.expect("list").len(), 40);
}

/// A new file in a folder nobody may write to. Root may write anywhere a mode allows, so as root
/// the folder is made immutable instead (`chattr +i`, which binds root too).
struct LockedFolder(std::path::PathBuf);

impl LockedFolder {
    fn new(path: &std::path::Path) -> Self {
        std::fs::create_dir(path).expect("folder");
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o555)).expect("chmod");
        if std::fs::write(path.join("probe"), "x").is_ok() {
            std::fs::remove_file(path.join("probe")).expect("remove the probe");
            let status = std::process::Command::new("chattr")
                .arg("+i")
                .arg(path)
                .status()
                .expect("run chattr (e2fsprogs) to make the folder immutable for root");
            assert!(status.success(), "chattr +i failed");
        }
        Self(path.to_owned())
    }
}

impl Drop for LockedFolder {
    fn drop(&mut self) {
        let _ = std::process::Command::new("chattr")
            .arg("-i")
            .arg(&self.0)
            .status();
        let _ = std::fs::set_permissions(&self.0, std::fs::Permissions::from_mode(0o755));
    }
}

#[tokio::test]
async fn a_new_file_in_a_folder_that_cannot_be_written_is_explained() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let folder = LockedFolder::new(&dir.path().join("read-only"));
    let path = folder.0.join("projects.sqlite");

    let err = open_error(&path).await;
    assert_eq!(err.code(), ErrorCode::CannotOpen, "{err:?}");
    assert!(
        err.to_string()
            .contains("cannot be opened or created there"),
        "{err}"
    );
    assert_eq!(
        std::fs::read_dir(&folder.0).expect("list").count(),
        0,
        "nothing was created"
    );
}

#[tokio::test]
async fn a_write_that_finds_the_disk_full_is_explained() {
    let (_dir, path) = real_file().await;
    // SQLite's own page limit gives the same SQLITE_FULL a full disk gives.
    let mut conn = sqlx::sqlite::SqliteConnectOptions::new()
        .filename(&path)
        .connect()
        .await
        .expect("connect");
    sqlx::query("PRAGMA max_page_count = 1")
        .execute(&mut conn)
        .await
        .expect("limit the file to its size");
    let err = sqlx::query("INSERT INTO file_settings (key, value) VALUES ('filler', ?)")
        .bind("x".repeat(200_000))
        .execute(&mut conn)
        .await
        .expect_err("a write past the limit fails");
    let err = CoreError::from(err);
    assert_eq!(err.code(), ErrorCode::DiskFull, "{err:?}");
    assert!(err.to_string().contains("full"), "{err}");
    conn.close().await.expect("close");
    let db = Db::open(&path).await.expect("the file still opens");
    assert_eq!(projects::list(&db, true).await.expect("list").len(), 40);
}
