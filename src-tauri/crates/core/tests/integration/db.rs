//! Opening database files: creation, reopening, refusing foreign and newer files untouched, and the
//! connection settings of the pool.

use std::fs;
use std::path::Path;

use firstgoal_core::db::{owner, supported_schema_version};
use firstgoal_core::{CoreError, Db, ErrorCode, ErrorPayload, projects};
use sqlx::sqlite::SqliteConnectOptions;
use sqlx::{ConnectOptions, Connection};

use crate::{count, db_path, fresh_db, input, wal_path};

/// The highest version among the migration files shipped in `migrations/` (`0001_name.sql`...).
fn highest_migration_file_version() -> i64 {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("migrations");
    fs::read_dir(&dir)
        .expect("read the migrations folder")
        .map(|entry| entry.expect("a migrations folder entry").file_name())
        .filter_map(|name| {
            let name = name.to_string_lossy().into_owned();
            let digits: String = name.chars().take_while(char::is_ascii_digit).collect();
            digits.parse::<i64>().ok()
        })
        .max()
        .expect("at least one migration file")
}

/// The state of a file and its `-wal` companion, to prove an open attempt changed nothing.
#[derive(Debug, PartialEq, Eq)]
struct FileState {
    bytes: Vec<u8>,
    wal_len: Option<u64>,
}

fn file_state(path: &Path) -> FileState {
    FileState {
        bytes: fs::read(path).expect("read the database file"),
        wal_len: fs::metadata(wal_path(path)).ok().map(|m| m.len()),
    }
}

#[tokio::test]
async fn open_creates_the_file_and_missing_parent_folders_at_the_supported_schema() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir
        .path()
        .join("several")
        .join("missing")
        .join("folders")
        .join("fg.sqlite");
    assert!(!path.parent().expect("parent").exists());

    let db = Db::open(&path).await.expect("open creates the file");
    assert!(path.is_file(), "the database file exists after open");
    assert_eq!(db.path(), path.as_path());
    assert_eq!(supported_schema_version(), highest_migration_file_version());
    assert_eq!(
        db.schema_version().await.expect("schema version"),
        supported_schema_version()
    );
    // The schema is really there: both tables exist and are empty.
    assert_eq!(count(&db, "projects").await, 0);
    assert_eq!(count(&db, "milestones").await, 0);
    db.close().await;

    let bytes = fs::read(&path).expect("read file");
    assert!(
        bytes.starts_with(b"SQLite format 3\0"),
        "a real SQLite file was written"
    );
}

#[tokio::test]
async fn an_empty_existing_file_is_a_new_database() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = db_path(&dir);
    fs::write(&path, b"").expect("write empty file");

    let db = Db::open(&path)
        .await
        .expect("an empty file opens as a new database");
    assert_eq!(
        db.schema_version().await.expect("schema version"),
        supported_schema_version()
    );
    db.close().await;
}

#[tokio::test]
async fn reopening_keeps_the_data() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = db_path(&dir);

    let db = Db::open(&path).await.expect("first open");
    let applied = count(&db, "_sqlx_migrations").await;
    let created = projects::create(&db, &input("Reopen KK", "2026-04-01", "2026-04-15"))
        .await
        .expect("create");
    db.close().await;

    let db = Db::open(&path).await.expect("second open");
    assert_eq!(
        db.schema_version().await.expect("schema version"),
        supported_schema_version()
    );
    let listed = projects::list(&db, false).await.expect("list");
    assert_eq!(listed, vec![created.project.clone()]);
    let detail = projects::get(&db, created.project.id).await.expect("get");
    assert_eq!(detail, created);
    // Reopening ran no migration twice.
    assert_eq!(count(&db, "_sqlx_migrations").await, applied);
    db.close().await;
}

async fn assert_refused_as_not_a_database(path: &Path) {
    let before = file_state(path);
    let err = Db::open(path)
        .await
        .expect_err("a non-SQLite file must be refused");
    assert_eq!(err.code(), ErrorCode::NotADatabase, "{err}");
    assert!(
        matches!(&err, CoreError::NotADatabase { path: p } if p == &path.display().to_string()),
        "{err:?}"
    );
    let payload = ErrorPayload::from(&err);
    assert_eq!(payload.code, ErrorCode::NotADatabase);
    assert!(payload.fields.is_empty());
    assert_eq!(file_state(path), before, "the refused file must not change");
    assert!(
        !wal_path(path).exists(),
        "no -wal file is created next to a refused file"
    );
    assert!(
        !owner::lock_path(path).exists(),
        "no lock file is left next to a refused file"
    );
}

#[tokio::test]
async fn a_text_file_is_refused_as_not_a_database_and_left_unchanged() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("notes.sqlite");
    let text = "These are my meeting notes, not a database.\n".repeat(200);
    fs::write(&path, &text).expect("write text file");

    assert_refused_as_not_a_database(&path).await;
    assert_eq!(fs::read(&path).expect("read"), text.as_bytes());
}

#[tokio::test]
async fn a_file_shorter_than_the_sqlite_header_is_refused() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("short.sqlite");
    fs::write(&path, b"SQLite").expect("write short file");

    assert_refused_as_not_a_database(&path).await;
}

#[tokio::test]
async fn a_file_with_the_sqlite_header_but_garbage_pages_is_refused() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("corrupt.sqlite");
    let mut bytes = b"SQLite format 3\0".to_vec();
    bytes.extend(std::iter::repeat_n(0xA5u8, 8192));
    fs::write(&path, &bytes).expect("write corrupt file");

    assert_refused_as_not_a_database(&path).await;
}

#[tokio::test]
async fn a_file_from_a_newer_schema_is_refused_and_left_unchanged() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = db_path(&dir);
    let newer = supported_schema_version() + 1;

    // A real FirstGoal file, with some data.
    let db = Db::open(&path).await.expect("create database");
    projects::create(&db, &input("Future KK", "2026-04-01", "2026-04-15"))
        .await
        .expect("create");
    db.close().await;

    // A newer FirstGoal recorded one more migration.
    let mut conn = SqliteConnectOptions::new()
        .filename(&path)
        .connect()
        .await
        .expect("plain connection");
    sqlx::query(
        "INSERT INTO _sqlx_migrations \
         (version, description, installed_on, success, checksum, execution_time) \
         VALUES (?1, 'from a newer FirstGoal', CURRENT_TIMESTAMP, 1, ?2, 0)",
    )
    .bind(newer)
    .bind(vec![0u8; 48])
    .execute(&mut conn)
    .await
    .expect("record a newer migration");
    sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)")
        .execute(&mut conn)
        .await
        .expect("checkpoint");
    conn.close().await.expect("close plain connection");

    let before = file_state(&path);
    assert!(
        before.wal_len.unwrap_or(0) == 0,
        "WAL was checkpointed: {:?}",
        before.wal_len
    );

    let err = Db::open(&path)
        .await
        .expect_err("a newer schema must be refused");
    assert_eq!(err.code(), ErrorCode::NewerSchema, "{err}");
    match &err {
        CoreError::NewerSchema {
            path: p,
            found,
            supported,
        } => {
            assert_eq!(p, &path.display().to_string());
            assert_eq!(*found, newer);
            assert_eq!(*supported, supported_schema_version());
        }
        other => panic!("expected NewerSchema, got {other:?}"),
    }
    let after = file_state(&path);
    assert_eq!(
        after.bytes, before.bytes,
        "the newer file's bytes must not change"
    );
    assert_eq!(
        after.wal_len.unwrap_or(0),
        0,
        "nothing was written to a -wal file"
    );

    // Refusing again gives the same answer: the first refusal left nothing behind.
    let again = Db::open(&path).await.expect_err("still refused");
    assert_eq!(again.code(), ErrorCode::NewerSchema);
    assert_eq!(fs::read(&path).expect("read"), before.bytes);
}

#[tokio::test]
async fn the_pool_enforces_foreign_keys_and_uses_wal_on_every_connection() {
    let (_dir, db) = fresh_db().await;

    // Hold several connections at once so the check covers more than one pooled connection.
    let mut conns = Vec::new();
    for _ in 0..3 {
        conns.push(db.pool().acquire().await.expect("acquire"));
    }
    for conn in &mut conns {
        let fk: i64 = sqlx::query_scalar("PRAGMA foreign_keys")
            .fetch_one(&mut **conn)
            .await
            .expect("foreign_keys");
        assert_eq!(fk, 1);
        let mode: String = sqlx::query_scalar("PRAGMA journal_mode")
            .fetch_one(&mut **conn)
            .await
            .expect("journal_mode");
        assert_eq!(mode.to_ascii_lowercase(), "wal");
        let busy: i64 = sqlx::query_scalar("PRAGMA busy_timeout")
            .fetch_one(&mut **conn)
            .await
            .expect("busy_timeout");
        assert!(busy > 0, "a busy timeout is set, got {busy}");
    }
    drop(conns);

    // And foreign keys are really enforced: a milestone of a missing project is rejected.
    let orphan = sqlx::query(
        "INSERT INTO milestones (project_id, horizon, due_date) VALUES (999, 'one_month', '2026-01-01')",
    )
    .execute(db.pool())
    .await;
    assert!(
        orphan.is_err(),
        "an orphan milestone must violate the foreign key"
    );
    assert_eq!(count(&db, "milestones").await, 0);
    db.close().await;
}

/// Core bug (see the test report): `Db::open` builds its options with
/// `SqliteConnectOptions::from_str("sqlite://<path>")`, so the part of a file name after `?` is
/// parsed as URL query parameters. `plan?v2.sqlite` fails with "unknown query parameter" and
/// `notes?mode=ro` silently opens read-only.
#[tokio::test]
async fn a_file_name_with_a_question_mark_opens_like_any_other() {
    let dir = tempfile::tempdir().expect("temp dir");
    for name in ["plan?v2.sqlite", "notes?mode=ro"] {
        let path = dir.path().join(name);
        let db = Db::open(&path).await.expect("a legal file name opens");
        assert!(path.is_file(), "{name} was created");
        projects::create(&db, &input("Question KK", "2026-04-01", "2026-04-15"))
            .await
            .expect("the file is writable");
        db.close().await;
    }
}

/// Core bug (see the test report): an SQLite file that is not a FirstGoal database and already
/// has a `projects` table makes the migration fail, but only after the pool switched the file to
/// WAL mode, so the refused file was changed (header bytes 18-19 go from 1 to 2, and -wal/-shm
/// files are left next to it).
#[tokio::test]
async fn a_foreign_sqlite_file_that_cannot_be_migrated_is_left_unchanged() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("other-app.sqlite");
    let mut conn = SqliteConnectOptions::new()
        .filename(&path)
        .create_if_missing(true)
        .connect()
        .await
        .expect("plain connection");
    sqlx::query("CREATE TABLE projects (title TEXT)")
        .execute(&mut conn)
        .await
        .expect("foreign table");
    sqlx::query("INSERT INTO projects VALUES ('someone else''s data')")
        .execute(&mut conn)
        .await
        .expect("foreign row");
    conn.close().await.expect("close plain connection");
    let before = file_state(&path);

    Db::open(&path)
        .await
        .expect_err("another application's database is not opened");
    assert_eq!(
        file_state(&path),
        before,
        "the refused file must not change"
    );
    assert!(!wal_path(&path).exists(), "no -wal file is left behind");
    assert!(
        !owner::lock_path(&path).exists(),
        "no lock file is left behind"
    );
}

#[tokio::test]
async fn two_dbs_of_one_process_share_the_file_and_both_write() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = db_path(&dir);
    let first = Db::open(&path).await.expect("open");
    let second = Db::open(&path)
        .await
        .expect("the same process opens it again");
    projects::create(&first, &input("one", "2026-01-05", "2026-01-20"))
        .await
        .expect("first writes");
    projects::create(&second, &input("two", "2026-01-05", "2026-01-20"))
        .await
        .expect("second writes");
    assert_eq!(count(&first, "projects").await, 2);
    let holder = owner::read_holder(&path);
    assert_eq!(holder.pid, Some(std::process::id()));
    first.close().await;
    second.close().await;
    // Released: the lock file stays, naming nobody.
    assert_eq!(owner::read_holder(&path), owner::Holder::default());
    assert!(matches!(
        owner::acquire(&path, std::time::Duration::ZERO).expect("acquire"),
        owner::Acquired::Owned(_)
    ));
}

/// Exports and imports never write over, or read, the open database's own files: a save dialog
/// pointed at `projects.sqlite` or its `-wal` gets a clear refusal and the file stays as it was.
#[tokio::test]
async fn exports_and_imports_refuse_the_open_database_files() {
    let (dir, db) = fresh_db().await;
    projects::create(&db, &input("kept", "2026-01-05", "2026-01-20"))
        .await
        .expect("create");
    let path = db.path().to_path_buf();
    let mut other_name = path.clone();
    other_name.set_file_name("same-file.sqlite");
    fs::hard_link(&path, &other_name).expect("hard link");
    for target in [
        path.clone(),
        wal_path(&path),
        owner::lock_path(&path),
        other_name,
    ] {
        assert!(db.is_own_file(&target), "{}", target.display());
        let err = firstgoal_core::transfer::export_to_file(&db, &target)
            .await
            .expect_err("export over the database");
        assert_eq!(err.code(), ErrorCode::OwnFile, "{err}");
        let err = firstgoal_core::transfer::import_file(&db, &target)
            .await
            .expect_err("import of the database");
        assert_eq!(err.code(), ErrorCode::OwnFile, "{err}");
    }
    assert!(!db.is_own_file(&dir.path().join("export.json")));
    assert_eq!(count(&db, "projects").await, 1);
    db.check_integrity().await.expect("integrity");
    db.close().await;
}

/// A FIFO, a folder or a link to a device given as the database is refused at once as not a
/// file (opening a FIFO to read its header waited forever for a writer; `/dev/null` gave SQLite's
/// "disk I/O error"), and nothing is created beside it.
#[tokio::test]
async fn special_files_are_refused_as_not_files() {
    let dir = tempfile::tempdir().expect("temp dir");
    let fifo = dir.path().join("pipe.sqlite");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .expect("mkfifo");
    assert!(made.success());
    let folder = dir.path().join("folder.sqlite");
    fs::create_dir(&folder).expect("folder");
    let device = dir.path().join("null.sqlite");
    std::os::unix::fs::symlink("/dev/null", &device).expect("symlink");
    for path in [&fifo, &folder, &device] {
        let refused = tokio::time::timeout(std::time::Duration::from_secs(20), Db::open(path))
            .await
            .expect("answered at once")
            .expect_err("refused");
        assert_eq!(
            refused.code(),
            ErrorCode::NotAFile,
            "{}: {refused}",
            path.display()
        );
        let refused = tokio::time::timeout(
            std::time::Duration::from_secs(20),
            Db::open_for_reading(path),
        )
        .await
        .expect("answered at once")
        .expect_err("refused");
        assert_eq!(refused.code(), ErrorCode::NotAFile);
        assert!(!owner::lock_path(path).exists(), "{}", path.display());
        assert!(!wal_path(path).exists());
    }
}

/// The same for files chosen to import from (JSON export, stakeholder CSV, journey JSON) and to
/// export to: a FIFO is refused instead of read (or written) forever.
#[tokio::test]
async fn imports_and_exports_refuse_special_files() {
    let (dir, db) = fresh_db().await;
    let fifo = dir.path().join("pipe.json");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .expect("mkfifo");
    assert!(made.success());
    let project = projects::create(&db, &input("Pipe KK", "2026-01-05", "2026-01-20"))
        .await
        .expect("create");
    let limit = std::time::Duration::from_secs(20);
    let import = tokio::time::timeout(limit, firstgoal_core::transfer::import_file(&db, &fifo))
        .await
        .expect("answered at once");
    assert_eq!(import.expect_err("refused").code(), ErrorCode::NotAFile);
    let csv = tokio::time::timeout(
        limit,
        firstgoal_core::stakeholders::csv_import::read_file(&fifo),
    )
    .await
    .expect("answered at once");
    assert_eq!(csv.expect_err("refused").code(), ErrorCode::NotAFile);
    let journey = tokio::time::timeout(
        limit,
        firstgoal_core::journey::import_json_file(&db, Some(project.project.id), &fifo),
    )
    .await
    .expect("answered at once");
    assert_eq!(journey.expect_err("refused").code(), ErrorCode::NotAFile);
    let export = tokio::time::timeout(limit, firstgoal_core::transfer::export_to_file(&db, &fifo))
        .await
        .expect("answered at once");
    assert_eq!(export.expect_err("refused").code(), ErrorCode::NotAFile);
    assert_eq!(count(&db, "projects").await, 1);
    db.close().await;
}

/// Another sqlx program's SQLite file has a `_sqlx_migrations` table of its own: it is refused as
/// not FirstGoal's and left exactly as it was — bytes, journal mode, no backups folder, no WAL,
/// no lock file (it used to be switched to WAL and backed up, then refused as "migration 1 was
/// previously applied but has been modified").
#[tokio::test]
async fn another_sqlx_programs_file_is_refused_untouched() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("other-sqlx-app.sqlite");
    let mut conn = SqliteConnectOptions::new()
        .filename(&path)
        .create_if_missing(true)
        .connect()
        .await
        .expect("plain connection");
    for sql in [
        "CREATE TABLE _sqlx_migrations (version BIGINT PRIMARY KEY, description TEXT NOT NULL, \
         installed_on TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP, success BOOLEAN NOT NULL, \
         checksum BLOB NOT NULL, execution_time BIGINT NOT NULL)",
        "INSERT INTO _sqlx_migrations (version, description, success, checksum, execution_time) \
         VALUES (1, 'init', TRUE, X'00112233', 1)",
        "CREATE TABLE notes (body TEXT)",
        "INSERT INTO notes VALUES ('not ours')",
    ] {
        sqlx::query(sql).execute(&mut conn).await.expect(sql);
    }
    conn.close().await.expect("close");
    let before = file_state(&path);

    let err = Db::open(&path).await.expect_err("refused");
    assert_eq!(err.code(), ErrorCode::NotADatabase, "{err}");
    assert_eq!(file_state(&path), before, "the file must not change");
    assert_eq!(
        fs::read(&path).expect("read")[18..20],
        [1, 1],
        "still in rollback-journal mode"
    );
    assert!(!wal_path(&path).exists());
    assert!(!owner::lock_path(&path).exists());
    assert!(
        !firstgoal_core::backup::backups_dir(&path).exists(),
        "no backup of a file that is not ours"
    );
}
