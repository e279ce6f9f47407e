//! The open file as a replica of its team (firstgoal-sync): what the window is told of it, and the
//! background task that keeps it in sync ([`task`]). One sync at a time in this process: the task,
//! "Sync now" and a resolution share [`TeamSync::one_at_a_time`]. Another process (the CLI) cannot
//! sync the same file meanwhile: it cannot open a file this process owns (`db::owner`).

pub mod access;
pub mod error;
pub mod task;

use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};

use chrono::{DateTime, Local};
use firstgoal_core::Db;
use firstgoal_protocol::{MAX_PULL_LIMIT, Role};
use firstgoal_sync::credential::{CredentialStore, Keeper};
use firstgoal_sync::replica::{self, Status, SyncError, SyncReport};
use serde::{Deserialize, Serialize};
use specta::Type;
use tauri::{AppHandle, Manager, Runtime};
use tauri_specta::Event;
use tokio::sync::Notify;

pub use error::{TeamError, TeamErrorCode};

/// Where the file stands with its team, in one word.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum TeamState {
    NotEnrolled,
    /// Enrolled; the first sync of this run has not answered yet.
    Checking,
    Synced,
    /// Changes to push, or news on the server not pulled yet.
    Waiting,
    /// The server cannot be reached; changes wait and are sent once it answers.
    Offline,
    /// Conflicts to resolve, or the server refused the last sync (see `problem`).
    NeedsAttention,
}

/// A person's role in the team.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum ServerRole {
    Admin,
    Member,
    /// Reads and exports; changes nothing.
    Viewer,
}

impl From<Role> for ServerRole {
    fn from(role: Role) -> Self {
        match role {
            Role::Admin => ServerRole::Admin,
            Role::Member => ServerRole::Member,
            Role::Viewer => ServerRole::Viewer,
        }
    }
}

/// Where the credential is kept.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "snake_case", tag = "kind", content = "path")]
pub enum CredentialPlace {
    /// The OS credential store (the Secret Service on Linux).
    Os,
    /// A file only the user can read (no OS credential store answered).
    File(String),
    /// None: the file must be enrolled again.
    Missing,
}

impl From<Option<Keeper>> for CredentialPlace {
    fn from(keeper: Option<Keeper>) -> Self {
        match keeper {
            Some(Keeper::Os) => CredentialPlace::Os,
            Some(Keeper::File(path)) => CredentialPlace::File(path.display().to_string()),
            None => CredentialPlace::Missing,
        }
    }
}

/// The enrolment, as the window shows it.
#[derive(Debug, Clone, Serialize, Type)]
pub struct TeamEnrolment {
    pub server_url: String,
    /// The team's id on the server, and its name as the server last said (none before the first
    /// sync, or with a server of an earlier version).
    pub team_id: String,
    pub team_name: Option<String>,
    /// The person this file is enrolled as, and their name.
    pub person_id: String,
    pub person_name: Option<String>,
    pub role: ServerRole,
    pub credential: CredentialPlace,
}

/// What the window shows of the team: the status bar and the team screen.
#[derive(Debug, Clone, Serialize, Type)]
pub struct TeamStatus {
    pub state: TeamState,
    pub enrolment: Option<TeamEnrolment>,
    /// Local changes not yet accepted by the server.
    pub to_push: u64,
    /// The server has changes not pulled yet.
    pub to_pull: bool,
    pub conflicts: u64,
    /// Records received in part (waiting for their other fields or the records they refer to).
    pub incoming: u64,
    /// The last sync that went through in this run (RFC 3339, local offset).
    pub last_sync: Option<String>,
    /// Why the last sync failed, when the server refused it (offline is a state, not a problem).
    pub problem: Option<TeamError>,
}

/// Sent to the window when the team status changed or changes of others were applied: open
/// screens reload when `received` is more than 0.
#[derive(Debug, Clone, Serialize, Deserialize, Type, Event)]
pub struct TeamChanged {
    pub received: u64,
}

/// What the last sync of this run found.
#[derive(Debug, Default)]
struct Live {
    status: Option<Status>,
    problem: Option<TeamError>,
    last_sync: Option<DateTime<Local>>,
}

/// The team side of the app, shared by the commands and the background task.
#[derive(Debug, Default)]
pub struct TeamSync {
    one_at_a_time: tokio::sync::Mutex<()>,
    live: Mutex<Live>,
    /// The open file is enrolled as a viewer: edits are refused before they run.
    viewer: AtomicBool,
    /// A command wrote travelling records, or the enrolment changed: the task syncs soon.
    pub(crate) wake: Notify,
    task: Mutex<Option<tauri::async_runtime::JoinHandle<()>>>,
}

impl TeamSync {
    pub fn store() -> CredentialStore {
        CredentialStore::for_user()
    }

    pub fn is_viewer(&self) -> bool {
        self.viewer.load(Ordering::Relaxed)
    }

    fn live(&self) -> std::sync::MutexGuard<'_, Live> {
        self.live.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Forgets what was known of the previous file (a switch).
    fn forget(&self) {
        *self.live() = Live::default();
        self.viewer.store(false, Ordering::Relaxed);
    }

    /// Pushes and pulls once (waiting for a sync under way), then asks for the status; records
    /// both and tells the window when something changed. The error is the sync's.
    pub async fn sync<R: Runtime>(
        &self,
        app: &AppHandle<R>,
        db: &Db,
    ) -> Result<SyncReport, TeamError> {
        let _one = self.one_at_a_time.lock().await;
        let Some(enrolment) = replica::enrolment(db).await? else {
            self.forget();
            return Err(SyncError::NotEnrolled.into());
        };
        self.viewer
            .store(!enrolment.role.can_write(), Ordering::Relaxed);
        let store = Self::store();
        let synced = replica::sync(db, &store, MAX_PULL_LIMIT, |_| {})
            .await
            .map_err(TeamError::from);
        let status = replica::status(db, &store).await.ok();
        let problem = synced
            .as_ref()
            .err()
            .filter(|e| e.code != TeamErrorCode::Offline)
            .cloned();
        let received: u64 = synced
            .as_ref()
            .map_or(0, |r| r.pages.iter().map(|p| p.changes - p.own).sum());
        let mut live = self.live();
        let changed = live.status != status
            || live.problem.as_ref().map(|p| p.code) != problem.as_ref().map(|p| p.code);
        live.status = status;
        live.problem = problem;
        if synced.is_ok() {
            live.last_sync = Some(Local::now());
        }
        drop(live);
        if changed || received > 0 {
            let _ = TeamChanged { received }.emit(app);
        }
        synced
    }

    /// The status of `db` for the window: local counts and the enrolment read now, the server's
    /// side as the last sync found it.
    pub async fn status(&self, db: &Db) -> Result<TeamStatus, TeamError> {
        let Some(e) = replica::enrolment(db).await? else {
            return Ok(TeamStatus {
                state: TeamState::NotEnrolled,
                enrolment: None,
                to_push: 0,
                to_pull: false,
                conflicts: 0,
                incoming: 0,
                last_sync: None,
                problem: None,
            });
        };
        self.viewer.store(!e.role.can_write(), Ordering::Relaxed);
        let conflicts = replica::resolve::list(db).await?.len() as u64;
        let team = replica::team(db).await?;
        let incoming = replica::incoming(db).await?;
        let person = e.person_id;
        let keeper = tokio::task::spawn_blocking(move || Self::store().kept(person))
            .await
            .unwrap_or(None);
        let live = self.live();
        let (mut state, to_push, to_pull) = match &live.status {
            None => (TeamState::Checking, 0, false),
            Some(Status::NotEnrolled | Status::Synced) => (TeamState::Synced, 0, false),
            Some(Status::Waiting { to_push, to_pull }) => (TeamState::Waiting, *to_push, *to_pull),
            Some(Status::Offline { to_push, .. }) => (TeamState::Offline, *to_push, false),
            Some(Status::NeedsAttention { to_push, .. }) => {
                (TeamState::NeedsAttention, *to_push, false)
            }
        };
        if conflicts > 0 || live.problem.is_some() {
            state = TeamState::NeedsAttention;
        }
        Ok(TeamStatus {
            state,
            enrolment: Some(TeamEnrolment {
                server_url: e.server_url,
                team_id: e.team_id.to_string(),
                team_name: team.as_ref().map(|t| t.name.clone()),
                person_id: e.person_id.to_string(),
                person_name: team
                    .as_ref()
                    .and_then(|t| t.name_of(e.person_id))
                    .map(str::to_owned),
                role: e.role.into(),
                credential: keeper.into(),
            }),
            to_push,
            to_pull,
            conflicts,
            incoming,
            last_sync: live.last_sync.map(|t| t.to_rfc3339()),
            problem: live.problem.clone(),
        })
    }
}

/// Before the command `name` runs: whether it is refused (an edit in a viewer's file); a command
/// that writes travelling records wakes the background sync, which pushes once they are quiet.
pub fn refuses<R: Runtime>(app: &AppHandle<R>, name: &str) -> bool {
    if !access::writes(name) {
        return false;
    }
    let team = app.state::<TeamSync>();
    if team.is_viewer() {
        return true;
    }
    team.wake.notify_one();
    false
}
