//! Reading a file another FirstGoal process owns: the reader asks the owner, over a Unix socket
//! in the user's private runtime folder, for a consistent snapshot (`VACUUM INTO`), and reads that
//! instead of the live file. The owner's side answers those requests; a snapshot is deleted when
//! its reader's connection ends.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::error::{CoreError, Result};

/// Who has a file: what is written in its lock file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Holder {
    pub pid: Option<u32>,
    pub socket: Option<PathBuf>,
}

impl Holder {
    pub(super) fn parse(text: &str) -> Self {
        let mut holder = Holder::default();
        for line in text.lines() {
            if let Some(pid) = line.strip_prefix("pid ") {
                holder.pid = pid.trim().parse().ok();
            } else if let Some(socket) = line.strip_prefix("socket ") {
                holder.socket = Some(PathBuf::from(socket));
            }
        }
        holder
    }
}

/// The folder for this user's snapshot sockets: private to the user (0700).
fn runtime_dir() -> Option<PathBuf> {
    let base = dirs::runtime_dir()
        .map(|d| d.join("firstgoal"))
        .or_else(|| dirs::cache_dir().map(|d| d.join("FirstGoal").join("run")))?;
    create_private_dir(&base).ok()?;
    Some(base)
}

/// The folder where an owner writes snapshots for readers (on disk, not in the runtime folder,
/// which is often a small in-memory file system).
fn snapshot_dir() -> Option<PathBuf> {
    let base = dirs::cache_dir()
        .unwrap_or_else(std::env::temp_dir)
        .join("FirstGoal")
        .join("snapshots");
    create_private_dir(&base).ok()?;
    Some(base)
}

#[cfg(unix)]
fn create_private_dir(dir: &Path) -> std::io::Result<()> {
    use std::os::unix::fs::{DirBuilderExt, PermissionsExt};
    std::fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(dir)?;
    std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700))
}

#[cfg(not(unix))]
fn create_private_dir(dir: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)
}

/// A snapshot another process made for this one; deleted by its owner when this lease (the
/// connection) ends, even if this process dies.
#[derive(Debug)]
pub struct SnapshotLease {
    pub path: PathBuf,
    pub holder: Holder,
    #[cfg(unix)]
    _stream: std::os::unix::net::UnixStream,
}

/// How long a reader waits for the owner's snapshot (a large file takes seconds).
const SNAPSHOT_TIMEOUT: Duration = Duration::from_secs(600);

/// Asks the process holding `db_path` for a consistent snapshot of it.
pub fn request_snapshot(db_path: &Path, holder: Holder) -> Result<SnapshotLease> {
    let pid = holder.pid;
    let in_use = || CoreError::InUse {
        path: db_path.display().to_string(),
        pid,
    };
    let Some(socket) = holder.socket.clone() else {
        return Err(in_use());
    };
    request(&socket, holder).map_err(|_| in_use())
}

#[cfg(unix)]
fn request(socket: &Path, holder: Holder) -> std::io::Result<SnapshotLease> {
    use std::io::BufRead;
    use std::os::unix::net::UnixStream;
    let mut stream = UnixStream::connect(socket)?;
    stream.set_read_timeout(Some(SNAPSHOT_TIMEOUT))?;
    stream.write_all(format!("snapshot {}\n", std::process::id()).as_bytes())?;
    let mut line = String::new();
    std::io::BufReader::new(&stream).read_line(&mut line)?;
    let Some(path) = line.trim_end().strip_prefix("ok ") else {
        return Err(std::io::Error::other(line.trim_end().to_owned()));
    };
    Ok(SnapshotLease {
        path: PathBuf::from(path),
        holder,
        _stream: stream,
    })
}

#[cfg(not(unix))]
fn request(_socket: &Path, _holder: Holder) -> std::io::Result<SnapshotLease> {
    Err(std::io::Error::other("snapshots are served on Unix only"))
}

#[cfg(unix)]
pub(super) mod server {
    //! The owner's side: a Unix socket in the user's private runtime folder; each connection
    //! gets one `VACUUM INTO` snapshot, deleted when the connection closes.

    use std::path::{Path, PathBuf};
    use std::sync::atomic::{AtomicU32, Ordering};

    use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
    use tokio::net::{UnixListener, UnixStream};

    static NEXT: AtomicU32 = AtomicU32::new(0);

    #[derive(Debug)]
    pub(in crate::db) struct Server {
        socket: PathBuf,
        task: tokio::task::JoinHandle<()>,
    }

    impl Server {
        pub(in crate::db) fn start(pool: sqlx::SqlitePool) -> Option<Self> {
            let runtime = tokio::runtime::Handle::try_current().ok()?;
            let dir = super::runtime_dir()?;
            let n = NEXT.fetch_add(1, Ordering::Relaxed);
            let socket = dir.join(format!("{}-{n}.sock", std::process::id()));
            let _ = std::fs::remove_file(&socket);
            let listener = {
                let _guard = runtime.enter();
                let std_listener = std::os::unix::net::UnixListener::bind(&socket).ok()?;
                std_listener.set_nonblocking(true).ok()?;
                UnixListener::from_std(std_listener).ok()?
            };
            let task = runtime.spawn(async move {
                while let Ok((stream, _)) = listener.accept().await {
                    tokio::spawn(answer(stream, pool.clone()));
                }
            });
            Some(Self { socket, task })
        }

        pub(in crate::db) fn socket(&self) -> &Path {
            &self.socket
        }
    }

    impl Drop for Server {
        fn drop(&mut self) {
            self.task.abort();
            let _ = std::fs::remove_file(&self.socket);
        }
    }

    async fn answer(stream: UnixStream, pool: sqlx::SqlitePool) {
        let (read, mut write) = stream.into_split();
        let mut reader = BufReader::new(read);
        let mut line = String::new();
        // `snapshot <pid of the reader>`: the pid names the snapshot's folder.
        let requester = match reader.read_line(&mut line).await {
            Ok(_) => line
                .trim_end()
                .strip_prefix("snapshot ")
                .and_then(|p| p.parse::<u32>().ok()),
            Err(_) => None,
        };
        let Some(requester) = requester else {
            return;
        };
        let Some(dir) = super::snapshot_dir() else {
            let _ = write.write_all(b"error no snapshot folder\n").await;
            return;
        };
        let Ok(folder) = tempfile::Builder::new()
            .prefix(&format!("snapshot-{requester}-"))
            .tempdir_in(&dir)
        else {
            let _ = write.write_all(b"error cannot create a snapshot\n").await;
            return;
        };
        let target = folder.path().join("snapshot.sqlite");
        let made = sqlx::query("VACUUM INTO ?1")
            .bind(target.to_string_lossy().into_owned())
            .execute(&pool)
            .await;
        let reply = match made {
            Ok(_) => format!("ok {}\n", target.display()),
            Err(err) => format!("error {}\n", err.to_string().replace('\n', " ")),
        };
        if write.write_all(reply.as_bytes()).await.is_err() {
            return;
        }
        // The reader keeps the connection while it reads; its end (even by a crash) is the
        // signal to delete the snapshot, which `folder` does when dropped here.
        let mut rest = Vec::new();
        let _ = reader.read_to_end(&mut rest).await;
        drop(folder);
    }
}

#[cfg(not(unix))]
pub(super) mod server {
    use std::path::Path;

    #[derive(Debug)]
    pub(in crate::db) struct Server;

    impl Server {
        pub(in crate::db) fn start(_pool: sqlx::SqlitePool) -> Option<Self> {
            None
        }

        pub(in crate::db) fn socket(&self) -> &Path {
            Path::new("")
        }
    }
}
