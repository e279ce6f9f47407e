//! Backups: daily and manual snapshots, pruning, pre-migration snapshots and restore.

use firstgoal_core::backup::{self, Reason};
use firstgoal_core::{CoreError, Db, projects};
use sqlx::ConnectOptions;

use crate::{db_path, fresh_db, input};

async fn project_names(db: &Db) -> Vec<String> {
    let mut names: Vec<String> = projects::list(db, true)
        .await
        .expect("list")
        .into_iter()
        .map(|p| p.customer_name)
        .collect();
    names.sort();
    names
}

#[tokio::test]
async fn daily_backup_is_taken_once_a_day_and_holds_the_data() {
    let (_dir, db) = fresh_db().await;
    projects::create(&db, &input("Backed KK", "2026-01-05", "2026-01-20"))
        .await
        .expect("create");
    let first = backup::daily(&db)
        .await
        .expect("daily")
        .expect("a first daily backup");
    assert_eq!(first.reason, Reason::Daily);
    assert!(
        backup::daily(&db).await.expect("daily again").is_none(),
        "only once a day"
    );
    let listed = backup::list(db.path()).expect("list");
    assert_eq!(listed, vec![first.clone()]);

    let copy = Db::open_read_only(std::path::Path::new(&first.path))
        .await
        .expect("open backup");
    copy.check_integrity().await.expect("backup is intact");
    assert_eq!(project_names(&copy).await, vec!["Backed KK".to_owned()]);
}

#[tokio::test]
async fn only_the_newest_backups_are_kept() {
    let (_dir, db) = fresh_db().await;
    backup::set_keep(&db, 3).await.expect("keep 3");
    let mut made = Vec::new();
    for _ in 0..5 {
        made.push(backup::create(&db, Reason::Manual).await.expect("backup"));
    }
    let listed = backup::list(db.path()).expect("list");
    assert_eq!(listed.len(), 3);
    let newest: Vec<_> = made
        .iter()
        .rev()
        .take(3)
        .map(|b| b.file_name.clone())
        .collect();
    assert_eq!(
        listed
            .iter()
            .map(|b| b.file_name.clone())
            .collect::<Vec<_>>(),
        newest
    );
    assert!(matches!(
        backup::set_keep(&db, 0).await,
        Err(CoreError::Validation(_))
    ));
    assert_eq!(backup::keep(&db).await.expect("keep"), 3);
}

#[tokio::test]
async fn restore_brings_back_the_backup_and_keeps_the_replaced_file() {
    let (dir, db) = fresh_db().await;
    projects::create(&db, &input("Before KK", "2026-01-05", "2026-01-20"))
        .await
        .expect("create");
    let snapshot = backup::create(&db, Reason::Manual).await.expect("backup");
    projects::create(&db, &input("After KK", "2026-02-05", "2026-02-20"))
        .await
        .expect("create");

    let safety = backup::restore(&db_path(&dir), Some(db), &snapshot.file_name)
        .await
        .expect("restore");
    assert_eq!(safety.reason, Reason::PreRestore);
    let reopened = Db::open(&db_path(&dir)).await.expect("reopen");
    assert_eq!(project_names(&reopened).await, vec!["Before KK".to_owned()]);
    let replaced = Db::open_read_only(std::path::Path::new(&safety.path))
        .await
        .expect("open safety");
    assert_eq!(
        project_names(&replaced).await,
        vec!["After KK".to_owned(), "Before KK".to_owned()]
    );
}

/// A restore that fails after its checks (here: a connection still reading from the WAL, so the
/// WAL cannot be emptied into the file) leaves the database open and working as it was, instead
/// of on a closed pool where every later command fails.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failed_restore_leaves_the_file_open_and_working() {
    let (dir, db) = fresh_db().await;
    projects::create(&db, &input("Before KK", "2026-01-05", "2026-01-20"))
        .await
        .expect("create");
    let snapshot = backup::create(&db, Reason::Manual).await.expect("backup");
    projects::create(&db, &input("After KK", "2026-02-05", "2026-02-20"))
        .await
        .expect("create");
    // A reader in the middle of a transaction holds the WAL.
    let mut reader = db.pool().begin().await.expect("begin");
    let _: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM projects")
        .fetch_one(&mut *reader)
        .await
        .expect("read");

    let restored = tokio::time::timeout(
        std::time::Duration::from_secs(60),
        backup::restore(&db_path(&dir), Some(db.clone()), &snapshot.file_name),
    )
    .await
    .expect("the restore answers instead of waiting for the reader forever");
    let err = restored.expect_err("refused while the WAL is in use");
    assert!(matches!(err, CoreError::Locked { .. }), "{err:?}");
    reader.commit().await.expect("end the read");

    // Still open, still the same data, still writable.
    assert_eq!(
        project_names(&db).await,
        vec!["After KK".to_owned(), "Before KK".to_owned()]
    );
    projects::create(&db, &input("Later KK", "2026-03-05", "2026-03-20"))
        .await
        .expect("the app keeps working after the failed restore");
    db.check_integrity().await.expect("integrity");
    db.close().await;
}

#[tokio::test]
async fn a_damaged_backup_is_not_restored_and_nothing_changes() {
    let (dir, db) = fresh_db().await;
    projects::create(&db, &input("Keep KK", "2026-01-05", "2026-01-20"))
        .await
        .expect("create");
    let snapshot = backup::create(&db, Reason::Manual).await.expect("backup");
    // Damage the backup: keep the header, overwrite the pages after it.
    let mut bytes = std::fs::read(&snapshot.path).expect("read");
    for b in bytes.iter_mut().skip(100) {
        *b = 0xA5;
    }
    std::fs::write(&snapshot.path, &bytes).expect("write");

    let err = backup::restore(&db_path(&dir), Some(db), &snapshot.file_name)
        .await
        .expect_err("refused");
    assert!(
        matches!(
            err,
            CoreError::Corrupt { .. } | CoreError::NotADatabase { .. }
        ),
        "{err:?}"
    );
    let reopened = Db::open(&db_path(&dir)).await.expect("reopen");
    assert_eq!(project_names(&reopened).await, vec!["Keep KK".to_owned()]);
    let unknown = backup::restore(&db_path(&dir), Some(reopened), "nope.sqlite").await;
    assert!(matches!(unknown, Err(CoreError::NotFound { .. })));
}

#[tokio::test]
async fn an_older_schema_is_backed_up_before_it_is_migrated() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = db_path(&dir);
    firstgoal_core::db::create_at_version(&path, 1)
        .await
        .expect("schema 1");
    {
        let old = Db::open_read_only(&path).await.expect("open");
        assert_eq!(old.schema_version().await.expect("version"), 1);
        old.close().await;
    }
    let mut conn = sqlx::sqlite::SqliteConnectOptions::new()
        .filename(&path)
        .connect()
        .await
        .expect("connect");
    sqlx::query(
        "INSERT INTO projects (customer_name, contract_date, kickoff_date, segment, owner, created_at, updated_at) \
         VALUES ('Old KK', '2026-01-05', '2026-01-20', 'low_touch', '', '2026-01-05T00:00:00Z', '2026-01-05T00:00:00Z')",
    )
    .execute(&mut conn)
    .await
    .expect("insert");
    sqlx::Connection::close(conn).await.expect("close");

    let reopened = Db::open(&path).await.expect("migrate");
    assert_eq!(
        reopened.schema_version().await.expect("version"),
        firstgoal_core::db::supported_schema_version()
    );
    assert_eq!(project_names(&reopened).await, vec!["Old KK".to_owned()]);
    let backups = backup::list(reopened.path()).expect("list");
    assert_eq!(backups.len(), 1);
    assert_eq!(backups[0].reason, Reason::PreMigration);
    let old = Db::open_read_only(std::path::Path::new(&backups[0].path))
        .await
        .expect("open");
    assert_eq!(old.schema_version().await.expect("version"), 1);
}

#[tokio::test]
async fn a_damaged_current_file_can_be_replaced_by_a_backup() {
    let (dir, db) = fresh_db().await;
    projects::create(&db, &input("Good KK", "2026-01-05", "2026-01-20"))
        .await
        .expect("create");
    let snapshot = backup::create(&db, Reason::Manual).await.expect("backup");
    db.close().await;
    let path = db_path(&dir);
    let mut bytes = std::fs::read(&path).expect("read");
    for b in bytes.iter_mut().skip(100) {
        *b = 0;
    }
    std::fs::write(&path, &bytes).expect("damage");
    assert!(Db::open(&path).await.is_err());

    let safety = backup::restore(&path, None, &snapshot.file_name)
        .await
        .expect("restore");
    assert_eq!(
        std::fs::read(&safety.path).expect("read aside"),
        bytes,
        "the damaged file is kept as it was"
    );
    let reopened = Db::open(&path).await.expect("reopen");
    assert_eq!(project_names(&reopened).await, vec!["Good KK".to_owned()]);
}

#[tokio::test]
async fn a_backup_cut_short_does_not_count_as_the_daily_one() {
    let (_dir, db) = fresh_db().await;
    // What an app closed during its background daily backup leaves: the file under its
    // temporary name, never renamed.
    let folder = backup::backups_dir(db.path());
    std::fs::create_dir_all(&folder).expect("folder");
    let partial = folder.join("20990101-000000000-daily.sqlite.partial");
    std::fs::write(&partial, b"SQLite format 3\0cut short").expect("partial");
    // One left by an app closed an hour ago is cleared away by the next backup.
    let stale = folder.join("20990101-000000001-daily.sqlite.partial");
    std::fs::write(&stale, b"SQLite format 3\0cut short").expect("stale");
    let hour_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(3600);
    std::fs::File::options()
        .write(true)
        .open(&stale)
        .and_then(|f| f.set_modified(hour_ago))
        .expect("age the stale file");
    assert!(backup::list(db.path()).expect("list").is_empty());
    let taken = backup::daily(&db).await.expect("daily");
    assert!(taken.is_some(), "the daily backup is still due");
    let listed = backup::list(db.path()).expect("list");
    assert_eq!(listed.len(), 1);
    assert!(listed[0].file_name.ends_with("-daily.sqlite"), "{listed:?}");
    assert!(
        std::fs::read_dir(&folder)
            .expect("read")
            .filter_map(Result::ok)
            .all(|e| e.path() == partial || !e.path().to_string_lossy().ends_with(".partial")),
        "no partial file left by a completed backup"
    );
    assert!(!stale.exists(), "a stale partial file is removed");
    assert!(
        partial.exists(),
        "a recent one may still be written by another instance"
    );
}
