//! Switching the app's file for another ("Open file…", "New file…", "Save a copy…"): the file
//! left is closed whole and let go, the next one opens, and a file that cannot be opened is
//! reported without touching it.

use std::fs::{self, File};
use std::path::Path;

use firstgoal_core::db::current::CurrentFile;
use firstgoal_core::db::owner;
use firstgoal_core::{Db, ErrorCode, backup, projects};

use crate::{count, input, wal_path};

/// Whether some open file description holds the `flock` of `path`'s lock file (a descriptor of
/// our own conflicts with it even in this process: an `flock` belongs to its description).
fn is_owned(path: &Path) -> bool {
    let Ok(file) = File::open(owner::lock_path(path)) else {
        return false;
    };
    match file.try_lock() {
        Ok(()) => {
            file.unlock().expect("unlock");
            false
        }
        Err(fs::TryLockError::WouldBlock) => true,
        Err(fs::TryLockError::Error(e)) => panic!("flock: {e}"),
    }
}

#[tokio::test]
async fn switching_closes_the_file_left_and_opens_the_next() {
    let dir = tempfile::tempdir().expect("temp dir");
    let first = dir.path().join("first.sqlite");
    let second = dir.path().join("second.sqlite");
    let current = CurrentFile::new(first.clone());
    let db = current.db().await.expect("open the first file");
    projects::create(&db, &input("Kept in the first", "2026-01-05", "2026-01-20"))
        .await
        .expect("create");
    drop(db);
    assert!(is_owned(&first));

    let next = current.switch_to(&second).await.expect("open the second");
    assert_eq!(current.path(), second);
    assert_eq!(count(&next, "projects").await, 0, "a new, empty file");
    assert!(is_owned(&second));
    assert!(!is_owned(&first), "the first file is let go");
    // Emptied (truncated by the checkpoint); SQLite removes it as the last connection's close
    // ends, which may come a moment after the switch returns.
    let wal = wal_path(&first);
    assert!(
        wal.metadata().map_or(true, |m| m.len() == 0),
        "its WAL was emptied into it"
    );
    assert_eq!(owner::read_holder(&first).pid, None, "no process named");

    // Another opener (here a new Db; another process alike) finds everything of the first file.
    let reopened = Db::open(&first).await.expect("reopen the first");
    let names: Vec<String> = projects::list(&reopened, true)
        .await
        .expect("list")
        .into_iter()
        .map(|p| p.customer_name)
        .collect();
    assert_eq!(names, ["Kept in the first"]);
    reopened.check_integrity().await.expect("integrity");
    reopened.close().await;
    drop(next);
    current.close().await;
    assert!(!is_owned(&second));
}

#[tokio::test]
async fn a_file_that_cannot_be_opened_becomes_current_with_its_error_untouched() {
    let dir = tempfile::tempdir().expect("temp dir");
    let good = dir.path().join("good.sqlite");
    let bad = dir.path().join("notes.sqlite");
    fs::write(&bad, b"meeting notes, not a database").expect("write");
    let current = CurrentFile::new(good.clone());
    current.db().await.expect("open the good file");

    let err = current.switch_to(&bad).await.expect_err("not SQLite");
    assert_eq!(err.code, ErrorCode::NotADatabase, "{}", err.message);
    assert_eq!(
        current.path(),
        bad,
        "the window shows the file it could not open"
    );
    assert_eq!(
        current.db().await.expect_err("still not").code,
        ErrorCode::NotADatabase
    );
    assert_eq!(
        fs::read(&bad).expect("read"),
        b"meeting notes, not a database"
    );
    assert!(!owner::lock_path(&bad).exists(), "no trace beside it");
    assert!(!is_owned(&good), "the good file was closed all the same");

    let back = current
        .switch_to(&good)
        .await
        .expect("back to the good file");
    back.check_integrity().await.expect("integrity");
    drop(back);
    current.close().await;
}

/// Switching to the file already open closes and reopens it, and ends owned once.
#[tokio::test]
async fn switching_to_the_same_file_reopens_it() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("same.sqlite");
    let current = CurrentFile::new(path.clone());
    let db = current.db().await.expect("open");
    projects::create(&db, &input("Still here", "2026-01-05", "2026-01-20"))
        .await
        .expect("create");
    drop(db);
    let again = current.switch_to(&path).await.expect("reopen");
    assert_eq!(count(&again, "projects").await, 1);
    drop(again);
    current.close().await;
    assert!(!is_owned(&path));
}

#[tokio::test]
async fn save_a_copy_writes_a_consistent_file_and_never_over_the_open_one() {
    let dir = tempfile::tempdir().expect("temp dir");
    let current = CurrentFile::new(dir.path().join("live.sqlite"));
    let db = current.db().await.expect("open");
    projects::create(&db, &input("Copied", "2026-01-05", "2026-01-20"))
        .await
        .expect("create");
    let copy = dir.path().join("copy.sqlite");
    fs::write(&copy, b"an older copy").expect("write");
    backup::save_copy(&db, &copy).await.expect("save a copy");
    let err = backup::save_copy(&db, db.path())
        .await
        .expect_err("over the open file");
    assert_eq!(err.code(), ErrorCode::OwnFile);
    assert_eq!(count(&db, "projects").await, 1, "the open file works on");
    drop(db);

    let opened = current.switch_to(&copy).await.expect("open the copy");
    assert_eq!(count(&opened, "projects").await, 1);
    opened.check_integrity().await.expect("integrity");
    drop(opened);
    current.close().await;
}
