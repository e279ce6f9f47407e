//! The file an app window works on, and switching it for another: the current file is closed
//! (its WAL emptied into it, its ownership let go) before the next one is opened, so another
//! FirstGoal process can open it at once and nothing of it is lost.

use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};

use tokio::sync::{Mutex, OnceCell};

use super::Db;
use crate::error::ErrorPayload;

/// One file: its path, and the database once opened (or why it could not be).
#[derive(Debug)]
struct Slot {
    path: PathBuf,
    db: OnceCell<Result<Db, ErrorPayload>>,
}

impl Slot {
    fn new(path: PathBuf) -> Arc<Self> {
        Arc::new(Self {
            path,
            db: OnceCell::new(),
        })
    }
}

/// The file the app has open. Opening happens on first use ([`CurrentFile::db`]), off the
/// caller's thread; [`CurrentFile::switch_to`] replaces it.
#[derive(Debug)]
pub struct CurrentFile {
    slot: RwLock<Arc<Slot>>,
    /// One switch at a time: two quick "Open file…" must not close each other's file half-way.
    switching: Mutex<()>,
}

impl CurrentFile {
    /// `path` is opened on the first call to [`CurrentFile::db`].
    pub fn new(path: PathBuf) -> Self {
        Self {
            slot: RwLock::new(Slot::new(path)),
            switching: Mutex::new(()),
        }
    }

    fn slot(&self) -> Arc<Slot> {
        self.slot.read().unwrap_or_else(|p| p.into_inner()).clone()
    }

    /// The path of the current file.
    pub fn path(&self) -> PathBuf {
        self.slot().path.clone()
    }

    /// The open database (the first caller opens it). A file that cannot be opened is an error
    /// every caller gets, not a panic: the window says what is wrong.
    pub async fn db(&self) -> Result<Db, ErrorPayload> {
        let slot = self.slot();
        slot.db
            .get_or_init(|| async {
                let opened = Db::open(&slot.path).await.map_err(ErrorPayload::from);
                if let Err(err) = &opened {
                    eprintln!(
                        "FirstGoal: cannot open {}: {}",
                        slot.path.display(),
                        err.message
                    );
                }
                opened
            })
            .await
            .clone()
    }

    /// Closes the current file, then opens `path` (created if missing) in its place. The result
    /// is the new file's: one that cannot be opened stays current, with its error, so the window
    /// shows it and its backups. The previous file is closed either way.
    pub async fn switch_to(&self, path: &Path) -> Result<Db, ErrorPayload> {
        let _one_at_a_time = self.switching.lock().await;
        let previous = {
            let mut slot = self.slot.write().unwrap_or_else(|p| p.into_inner());
            std::mem::replace(&mut *slot, Slot::new(path.to_path_buf()))
        };
        close_slot(previous).await;
        self.db().await
    }

    /// Closes the current file (at quit). Later calls to [`CurrentFile::db`] reopen it.
    pub async fn close(&self) {
        let _one_at_a_time = self.switching.lock().await;
        let previous = {
            let mut slot = self.slot.write().unwrap_or_else(|p| p.into_inner());
            let path = slot.path.clone();
            std::mem::replace(&mut *slot, Slot::new(path))
        };
        close_slot(previous).await;
    }
}

/// Empties the WAL into the file and closes its connections; the ownership goes with the last
/// clone of the `Db` (commands still running on it finish first: closing waits for them).
async fn close_slot(slot: Arc<Slot>) {
    if let Some(Ok(db)) = slot.db.get() {
        db.clone().close().await;
    }
}
