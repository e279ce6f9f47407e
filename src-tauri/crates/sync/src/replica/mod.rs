//! A FirstGoal file as a replica of its team's workspace. The file's triggers (migration 0014)
//! write every local change of a travelling record to its outbox once it is enrolled; [`sync`]
//! pushes the outbox (a resend after a lost answer is stored once: the change ids are stable) and
//! then pulls the changes after the file's cursor, page by page, each page applied in one
//! transaction together with the cursor that follows it.

mod apply;
mod push;
pub mod resolve;
pub mod share;
mod snapshot;
mod state;
pub mod tables;

use firstgoal_core::{CoreError, Db};
use firstgoal_protocol::{ErrorCode, Role};
use uuid::Uuid;

use crate::client::{Client, ClientError};
use crate::credential::{CredentialError, CredentialStore, Keeper};

pub use apply::PageReport;
pub use push::PushReport;
pub use state::{Enrolment, Existing};

/// Why a team-sync step could not be done. Nothing of the file is changed by a failed step.
#[derive(Debug, thiserror::Error)]
pub enum SyncError {
    /// The file is not enrolled in a team.
    #[error("this file is not enrolled in a team; enrol it with a code from the team's admin")]
    NotEnrolled,
    /// The file is enrolled already.
    #[error("this file is already enrolled (team {team})")]
    AlreadyEnrolled { team: Uuid },
    /// The server refused the request.
    #[error("the server refused: {message}")]
    Refused { code: ErrorCode, message: String },
    /// One change is larger than a request may be (a very large journey or playbook): it stays in
    /// the outbox, and the changes after it wait behind it.
    #[error("a change of {kind} {record} is larger than the server accepts in one request")]
    TooLarge { kind: String, record: Uuid },
    /// The server could not be reached, its answer was cut off or unreadable, or it said it
    /// cannot serve for now (its database is down).
    #[error("the server cannot be reached: {0}")]
    Offline(String),
    /// The server's address is refused.
    #[error(transparent)]
    Url(#[from] crate::url::UrlError),
    /// The credential could not be kept or read.
    #[error(transparent)]
    Credential(#[from] CredentialError),
    /// No conflict of this number is kept in the file (resolved already, or never reported).
    #[error("no conflict {0} is kept in this file; `team conflicts` lists them")]
    NoConflict(i64),
    /// The chosen side cannot be written to the file, and why (the conflict is kept).
    #[error("the conflict cannot be resolved this way: {0}")]
    CannotResolve(String),
    /// The file could not be read or written.
    #[error(transparent)]
    Core(#[from] CoreError),
}

impl SyncError {
    /// A stable code for programs and translations.
    pub fn code(&self) -> String {
        let code = match self {
            SyncError::NotEnrolled => "not_enrolled",
            SyncError::AlreadyEnrolled { .. } => "already_enrolled",
            SyncError::Refused {
                code: ErrorCode::Forbidden,
                ..
            } => "forbidden",
            SyncError::Refused {
                code: ErrorCode::Unauthorized,
                ..
            } => "unauthorized",
            SyncError::Refused {
                code: ErrorCode::InvalidCode,
                ..
            } => "invalid_code",
            SyncError::Refused {
                code: ErrorCode::TooManyRequests,
                ..
            } => "too_many_requests",
            SyncError::Refused { .. } => "refused",
            SyncError::TooLarge { .. } => "too_large",
            SyncError::Offline(_) => "offline",
            SyncError::Url(_) => "server_url",
            SyncError::Credential(_) => "credential",
            SyncError::NoConflict(_) => "no_conflict",
            SyncError::CannotResolve(_) => "cannot_resolve",
            SyncError::Core(e) => {
                return serde_json::to_value(e.code())
                    .ok()
                    .and_then(|v| v.as_str().map(str::to_owned))
                    .unwrap_or_else(|| "storage".to_owned());
            }
        };
        code.to_owned()
    }
}

impl From<ClientError> for SyncError {
    fn from(e: ClientError) -> Self {
        if let Some(reason) = e.unavailable() {
            return SyncError::Offline(reason);
        }
        match e {
            ClientError::Refused { body, .. } => SyncError::Refused {
                code: body.code,
                message: body.message,
            },
            ClientError::Transport(e) => SyncError::Offline(e.to_string()),
            ClientError::Url(e) => SyncError::Url(e),
        }
    }
}

impl From<sqlx::Error> for SyncError {
    fn from(e: sqlx::Error) -> Self {
        SyncError::Core(e.into())
    }
}

/// Exchanges `code` at the server `url` for a credential (kept in `store`, which says where), and
/// makes the file a replica of the person's team: from now on its changes are written to the
/// outbox, starting with every record it holds (sent with the first sync) — but for the projects
/// it keeps private when `existing` says so.
pub async fn enrol(
    db: &Db,
    store: &CredentialStore,
    url: &str,
    code: &str,
    existing: Existing,
) -> Result<(Enrolment, Keeper), SyncError> {
    let client = Client::checked(url)?;
    if let Some(e) = state::enrolment(db.pool()).await? {
        return Err(SyncError::AlreadyEnrolled { team: e.team_id });
    }
    let answer = client.enrol(code).await?;
    let keeper = store.save(answer.person_id, &answer.credential)?;
    let enrolment = Enrolment {
        server_url: client.base().to_owned(),
        team_id: answer.team_id,
        person_id: answer.person_id,
        role: answer.role,
        replica_id: Uuid::new_v4(),
        cursor: 0,
    };
    state::enrol(db, &enrolment, existing).await?;
    let client = client.with_credential(&answer.credential);
    learn_team(db, &client).await?;
    Ok((enrolment, keeper))
}

/// Keeps what the server says of the team (its name and people). A server that cannot say it
/// (one of an earlier version) leaves the file as it was: the names are only for showing.
async fn learn_team(db: &Db, client: &Client) -> Result<(), SyncError> {
    match client.team().await {
        Ok(team) => state::keep_team(db.pool(), &team).await,
        Err(_) => Ok(()),
    }
}

/// The team and its people by name, as the server said at the last sync (none before it).
pub async fn team(db: &Db) -> Result<Option<firstgoal_protocol::TeamInfo>, SyncError> {
    state::team(db.pool()).await
}

/// What one [`sync`] moved.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SyncReport {
    pub push: PushReport,
    /// Per snapshot page (a first sync) and pulled page, in order.
    pub pages: Vec<PageReport>,
    /// The cursor after the pull.
    pub cursor: i64,
}

/// The enrolment and an authenticated client of the file's server.
async fn connect(db: &Db, store: &CredentialStore) -> Result<(Enrolment, Client), SyncError> {
    let enrolment = state::enrolment(db.pool())
        .await?
        .ok_or(SyncError::NotEnrolled)?;
    let (credential, _) = store.load(enrolment.person_id)?;
    let client = Client::checked(&enrolment.server_url)?.with_credential(&credential);
    Ok((enrolment, client))
}

/// How [`sync_with`] pulls.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PullOptions {
    /// Changes per pulled page (each page is applied in one transaction).
    pub page_size: u32,
    /// At cursor 0 (a first sync), fill the file from the server's snapshot of the team's records
    /// before pulling the changes after it; `false` pulls every change since the team began.
    pub snapshot: bool,
}

/// Pushes the outbox, then pulls every change after the cursor in pages of `page_size`, calling
/// `on_page` after each page is applied and committed; a first sync fills the file from the
/// snapshot first (see [`PullOptions`]). A refused push (a viewer's, say) stops here: the outbox
/// and the file are kept as they were.
pub async fn sync(
    db: &Db,
    store: &CredentialStore,
    page_size: u32,
    on_page: impl FnMut(&PageReport),
) -> Result<SyncReport, SyncError> {
    let options = PullOptions {
        page_size,
        snapshot: true,
    };
    sync_with(db, store, options, on_page).await
}

/// [`sync`] with the choice of [`PullOptions`].
pub async fn sync_with(
    db: &Db,
    store: &CredentialStore,
    options: PullOptions,
    mut on_page: impl FnMut(&PageReport),
) -> Result<SyncReport, SyncError> {
    let (enrolment, client) = connect(db, store).await?;
    let push = push::push(db, &client, enrolment.replica_id).await?;
    let mut conn = db.pool().acquire().await?;
    let kinds = tables::kinds(&mut conn).await?;
    drop(conn);
    let mut pages = Vec::new();
    let mut cursor = state::cursor(db.pool()).await?;
    if cursor == 0 && options.snapshot {
        let limit = firstgoal_protocol::MAX_SNAPSHOT_LIMIT;
        cursor = snapshot::fill(db, &client, &kinds, limit, |page| {
            on_page(page);
            pages.push(page.clone());
        })
        .await?;
    }
    loop {
        let page = client.pull(cursor, Some(options.page_size)).await?;
        let report = apply::apply_page(db, &kinds, enrolment.person_id, &page).await?;
        on_page(&report);
        pages.push(report);
        cursor = page.next_cursor;
        if !page.more {
            break;
        }
    }
    learn_team(db, &client).await?;
    Ok(SyncReport {
        push,
        pages,
        cursor,
    })
}

/// Where the file stands with its team.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Status {
    /// Not enrolled in a team.
    NotEnrolled,
    /// Nothing to push, nothing new on the server.
    Synced,
    /// Local changes to push (`to_push`) or changes on the server not pulled yet.
    Waiting { to_push: u64, to_pull: bool },
    /// The server cannot be reached; `to_push` local changes wait.
    Offline { to_push: u64, reason: String },
    /// Conflicts (pushed changes the server did not apply because someone else changed the same
    /// thing first) or pulled changes that could not be applied wait for a person; a viewer's
    /// local changes, which the server refuses, count too.
    NeedsAttention {
        conflicts: u64,
        to_push: u64,
        role: Role,
    },
}

/// The file's [`Status`]; asks the server whether anything new is there.
pub async fn status(db: &Db, store: &CredentialStore) -> Result<Status, SyncError> {
    let Some(enrolment) = state::enrolment(db.pool()).await? else {
        return Ok(Status::NotEnrolled);
    };
    let (to_push, conflicts) = state::counts(db.pool()).await?;
    if conflicts > 0 || (to_push > 0 && !enrolment.role.can_write()) {
        return Ok(Status::NeedsAttention {
            conflicts,
            to_push,
            role: enrolment.role,
        });
    }
    let (_, client) = connect(db, store).await?;
    let cursor = state::cursor(db.pool()).await?;
    match client.pull(cursor, Some(1)).await {
        Ok(page) if page.changes.is_empty() && to_push == 0 => Ok(Status::Synced),
        Ok(page) => Ok(Status::Waiting {
            to_push,
            to_pull: !page.changes.is_empty(),
        }),
        Err(e) => match e.unavailable() {
            Some(reason) => Ok(Status::Offline { to_push, reason }),
            None => Err(e.into()),
        },
    }
}

/// Waits up to `max` for news: returns `true` as soon as the server has changes after the file's
/// cursor (at once when it has them already), `false` when `max` passed without any. The server
/// holds each request until a change of the team is committed (a long poll of at most
/// [`firstgoal_protocol::MAX_PULL_WAIT_SECS`], repeated until `max`), so a caller that loops
/// `wait_for_news` then [`sync`] hears of a teammate's edit within moments without polling.
/// Nothing of the file is changed. A server that cannot be reached or cannot serve for now is
/// [`SyncError::Offline`], as in [`status`].
pub async fn wait_for_news(
    db: &Db,
    store: &CredentialStore,
    max: std::time::Duration,
) -> Result<bool, SyncError> {
    let (_, client) = connect(db, store).await?;
    let start = std::time::Instant::now();
    loop {
        let cursor = state::cursor(db.pool()).await?;
        // The server waits whole seconds: the time left, to the nearest.
        let left = max.saturating_sub(start.elapsed()) + std::time::Duration::from_millis(500);
        let wait = std::time::Duration::from_secs(left.as_secs());
        let page = client.pull_waiting(cursor, Some(1), wait).await?;
        if !page.changes.is_empty() {
            return Ok(true);
        }
        if wait.is_zero() {
            return Ok(false);
        }
    }
}

/// The file's enrolment, if it has one.
pub async fn enrolment(db: &Db) -> Result<Option<Enrolment>, SyncError> {
    state::enrolment(db.pool()).await
}

/// The oldest `limit` changes waiting to be pushed, as they will be sent (same change ids).
pub async fn waiting(db: &Db, limit: usize) -> Result<Vec<firstgoal_protocol::Change>, SyncError> {
    let enrolment = state::enrolment(db.pool())
        .await?
        .ok_or(SyncError::NotEnrolled)?;
    push::waiting(db, enrolment.replica_id, limit).await
}

/// Records received in part (`sync_incoming`): waiting for their other fields or for the records
/// they refer to.
pub async fn incoming(db: &Db) -> Result<u64, SyncError> {
    let n: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM (SELECT DISTINCT kind, record_uid FROM sync_incoming)",
    )
    .fetch_one(db.pool())
    .await?;
    Ok(n.max(0) as u64)
}
