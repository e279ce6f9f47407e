//! One FirstGoal process at a time opens a database file: an `flock` on `<file>-lock` that a
//! `close()` of any other descriptor cannot release (unlike SQLite's POSIX locks, which the
//! process loses as soon as anything in it — a GTK file dialog listing the folder, say — opens
//! and closes one of the database's files). A second process is told which process has the file
//! and, to read, asks that process for a consistent snapshot instead of touching the live file.

use std::fs::{File, OpenOptions, TryLockError};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, Weak};
use std::time::{Duration, Instant};

use super::snapshot::server;
pub use super::snapshot::{Holder, SnapshotLease, request_snapshot};
use crate::error::{CoreError, Result};

/// How long opening a file waits for another FirstGoal process to let it go (a CLI command that
/// is finishing, the app restarting itself) before saying which process has it.
pub const WAIT_FOR_OWNER: Duration = Duration::from_secs(5);

/// The ownership of one database file by this process, shared by every [`super::Db`] of the
/// process on that file and released when the last one is gone.
#[derive(Debug)]
pub struct Ownership {
    /// Keeps the `flock`: it belongs to this open file description, so only dropping this
    /// descriptor (or the process ending) releases it.
    lock: File,
    db_path: PathBuf,
    key: (u64, u64),
    server: Mutex<Option<server::Server>>,
    /// The lock file was made by this ownership, and is removed again unless the file opened:
    /// a file FirstGoal refuses keeps no trace of the attempt.
    created: bool,
    keep: AtomicBool,
}

/// A lock file's (device, inode).
type FileKey = (u64, u64);

/// Every file this process owns, by the key of its lock file.
static OWNED: Mutex<Vec<(FileKey, Weak<Ownership>)>> = Mutex::new(Vec::new());

/// The lock file of `db_path`: `<file>-lock` beside it.
pub fn lock_path(db_path: &Path) -> PathBuf {
    sidecar(db_path, "-lock")
}

pub(crate) fn sidecar(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

fn io(context: String) -> impl FnOnce(std::io::Error) -> CoreError {
    move |source| CoreError::Io { context, source }
}

#[cfg(unix)]
fn file_key(file: &File) -> std::io::Result<(u64, u64)> {
    use std::os::unix::fs::MetadataExt;
    let meta = file.metadata()?;
    Ok((meta.dev(), meta.ino()))
}

#[cfg(not(unix))]
fn file_key(_file: &File) -> std::io::Result<(u64, u64)> {
    Ok((0, 0))
}

/// Opens the lock file, creating it if missing; says whether it was created.
fn open_lock_file(db_path: &Path) -> Result<(File, bool)> {
    let path = lock_path(db_path);
    let mut options = OpenOptions::new();
    options.read(true).write(true);
    let opened = match options.clone().create_new(true).open(&path) {
        Ok(file) => Ok((file, true)),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            options.open(&path).map(|file| (file, false))
        }
        Err(e) => Err(e),
    };
    opened.map_err(|source| match source.kind() {
        std::io::ErrorKind::PermissionDenied | std::io::ErrorKind::ReadOnlyFilesystem => {
            CoreError::ReadOnly {
                path: db_path.display().to_string(),
            }
        }
        _ => io(format!("cannot open the lock file {}", path.display()))(source),
    })
}

/// The ownership this process already has of `db_path`'s file, if any.
fn already_owned(key: (u64, u64)) -> Option<Arc<Ownership>> {
    let mut owned = OWNED.lock().unwrap_or_else(|p| p.into_inner());
    owned.retain(|(_, weak)| weak.strong_count() > 0);
    owned
        .iter()
        .find(|(k, _)| *k == key)
        .and_then(|(_, weak)| weak.upgrade())
}

/// Whether this process has `db_path` open already (another [`super::Db`] on the same file).
pub(crate) fn is_owned_here(db_path: &Path) -> bool {
    let Ok(file) = File::open(lock_path(db_path)) else {
        return false;
    };
    file_key(&file).ok().and_then(already_owned).is_some()
}

/// Refuses `path` when it is one of the files of a database this process has open: no export
/// may overwrite it and no import may read it (reading it with a descriptor of its own and
/// closing that would also drop SQLite's locks on the file).
pub fn refuse_database_file(path: &Path) -> Result<()> {
    let owned: Vec<Arc<Ownership>> = {
        let owned = OWNED.lock().unwrap_or_else(|p| p.into_inner());
        owned
            .iter()
            .filter_map(|(_, weak)| weak.upgrade())
            .collect()
    };
    if owned
        .iter()
        .any(|o| super::is_database_file(o.db_path(), path))
    {
        return Err(CoreError::OwnFile {
            path: path.display().to_string(),
        });
    }
    Ok(())
}

/// Outcome of trying to own a file.
#[derive(Debug)]
pub enum Acquired {
    Owned(Arc<Ownership>),
    /// Another process has it.
    Held(Holder),
}

/// Takes the ownership of `db_path` for this process, waiting up to `wait` for another process
/// to release it. Within one process every caller shares one ownership.
pub fn acquire(db_path: &Path, wait: Duration) -> Result<Acquired> {
    let (file, created) = open_lock_file(db_path)?;
    let key = file_key(&file).map_err(io(format!("cannot read {}", db_path.display())))?;
    if let Some(existing) = already_owned(key) {
        return Ok(Acquired::Owned(existing));
    }
    let deadline = Instant::now() + wait;
    loop {
        match file.try_lock() {
            Ok(()) => break,
            Err(TryLockError::WouldBlock) if Instant::now() < deadline => {
                std::thread::sleep(Duration::from_millis(50));
            }
            Err(TryLockError::WouldBlock) => return Ok(Acquired::Held(read_holder(db_path))),
            Err(TryLockError::Error(source)) => {
                return Err(io(format!("cannot lock {}", db_path.display()))(source));
            }
        }
    }
    let ownership = Arc::new(Ownership {
        lock: file,
        db_path: db_path.to_path_buf(),
        key,
        server: Mutex::new(None),
        created,
        keep: AtomicBool::new(false),
    });
    ownership.write_holder(None)?;
    OWNED
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .push((key, Arc::downgrade(&ownership)));
    Ok(Acquired::Owned(ownership))
}

/// Takes the ownership or says who has the file.
pub fn acquire_or_refuse(db_path: &Path, wait: Duration) -> Result<Arc<Ownership>> {
    match acquire(db_path, wait)? {
        Acquired::Owned(ownership) => Ok(ownership),
        Acquired::Held(holder) => Err(CoreError::InUse {
            path: db_path.display().to_string(),
            pid: holder.pid,
        }),
    }
}

/// What the lock file of `db_path` says about its holder (empty when it cannot be read).
pub fn read_holder(db_path: &Path) -> Holder {
    let mut text = String::new();
    match File::open(lock_path(db_path)) {
        Ok(file) => {
            let _ = file.take(4096).read_to_string(&mut text);
            Holder::parse(&text)
        }
        Err(_) => Holder::default(),
    }
}

impl Ownership {
    pub fn db_path(&self) -> &Path {
        &self.db_path
    }

    /// The file opened: its lock file stays when this ownership ends.
    pub(crate) fn keep_lock_file(&self) {
        self.keep.store(true, Ordering::Relaxed);
    }

    fn write_holder(&self, socket: Option<&Path>) -> Result<()> {
        let mut text = format!("FirstGoal\npid {}\n", std::process::id());
        if let Some(socket) = socket {
            text.push_str(&format!("socket {}\n", socket.display()));
        }
        let context = || format!("cannot write the lock file of {}", self.db_path.display());
        let mut file = &self.lock;
        file.set_len(0).map_err(io(context()))?;
        std::io::Seek::seek(&mut file, std::io::SeekFrom::Start(0)).map_err(io(context()))?;
        file.write_all(text.as_bytes()).map_err(io(context()))?;
        Ok(())
    }

    /// Starts answering other FirstGoal processes' requests for snapshots of the file, taken
    /// from `pool` (once per ownership; a failure only means others cannot read meanwhile).
    pub(crate) fn serve_snapshots(&self, pool: &sqlx::SqlitePool) {
        let mut server = self.server.lock().unwrap_or_else(|p| p.into_inner());
        if server.is_some() {
            return;
        }
        if let Some(started) = server::Server::start(pool.clone())
            && self.write_holder(Some(started.socket())).is_ok()
        {
            *server = Some(started);
        }
    }
}

impl Drop for Ownership {
    fn drop(&mut self) {
        if let Ok(mut server) = self.server.lock() {
            server.take();
        }
        // Says nobody holds the file any more; the lock file itself stays (removing it would let
        // a process that opened it a moment ago lock an unlinked file while another creates a new
        // one), and the flock goes with the descriptor.
        if self.created && !self.keep.load(Ordering::Relaxed) {
            let _ = std::fs::remove_file(lock_path(&self.db_path));
        }
        let _ = self.lock.set_len(0);
        let _ = self.lock.unlock();
        if let Ok(mut owned) = OWNED.lock() {
            owned.retain(|(k, weak)| *k != self.key && weak.strong_count() > 0);
        }
    }
}
