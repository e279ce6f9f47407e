//! The FirstGoal team-sync wire format, shared by the client (desktop app, CLI) and `firstgoal-server`.
//!
//! Every request to `/v1/...` carries the header [`PROTOCOL_HEADER`] with [`PROTOCOL_VERSION`]; the
//! server refuses any other version with [`ErrorCode::UnsupportedProtocol`]. Bodies are JSON.
//!
//! # Records and changes
//! Every record that travels (a project, a stakeholder, a milestone, a journey step, ...) is named by
//! its *kind* and a UUID that is the same in every replica. A [`Change`] is one operation on one
//! record: set one field to a JSON value ([`Op::Set`]), or delete the whole record ([`Op::Delete`],
//! kept by the server as a tombstone so the deletion reaches every replica). Each change carries a
//! client-generated `change_id` (the same change pushed twice, e.g. after a lost answer, is stored
//! once) and `base_seq`, the highest server sequence the client had pulled when it made the change.
//!
//! The server numbers the changes it accepts with one increasing sequence (`seq`); a client pulls
//! "everything after my cursor", page by page, and moves its cursor to the page's `next_cursor`.
//!
//! # Conflict rule
//! A pushed change is compared with the changes the server accepted *after its `base_seq`* from
//! *other people* on the same record:
//! - changes to different records, or to different fields of one record, never conflict;
//! - a [`Op::Set`] of a field that someone else set since the base is a conflict;
//! - a [`Op::Delete`] of a record that someone else edited since the base is a conflict (a deletion
//!   never silently wins over a newer edit), and so is a [`Op::Set`] on a record someone else deleted
//!   since the base.
//!
//! A conflicting change is not applied: it comes back to the pusher as [`Outcome::Conflict`] with the
//! server's newer change (theirs), and the server keeps the pushed change (mine) in its conflict
//! store, so nothing of either is lost. The user resolves it by pushing a new change whose `base_seq`
//! is at least the seq of theirs.

use serde::{Deserialize, Serialize};
use serde_json::Value;
use uuid::Uuid;

/// The version of this wire format. Bumped on every incompatible change.
pub const PROTOCOL_VERSION: u32 = 1;
/// The HTTP header carrying [`PROTOCOL_VERSION`] on every request.
pub const PROTOCOL_HEADER: &str = "firstgoal-protocol";
/// The largest request body the server accepts, in bytes.
pub const MAX_BODY_BYTES: usize = 1024 * 1024;
/// The most changes one push may carry.
pub const MAX_CHANGES_PER_PUSH: usize = 500;
/// The most changes one pull page holds.
pub const MAX_PULL_LIMIT: u32 = 1000;
/// The longest a pull may wait for news ([`PullQuery::wait`]), in seconds: short enough for
/// proxies that cut idle requests at 30 s or more.
pub const MAX_PULL_WAIT_SECS: u32 = 25;
/// The most records one snapshot page holds.
pub const MAX_SNAPSHOT_LIMIT: u32 = 5000;
/// The longest record kind or field name.
pub const MAX_NAME_LEN: usize = 64;

/// The paths of the endpoints.
pub mod paths {
    /// `GET`: [`crate::Health`]. Needs no credential and no protocol header.
    pub const HEALTH: &str = "/health";
    /// `POST` [`crate::EnrolRequest`] → [`crate::EnrolResponse`].
    pub const ENROL: &str = "/v1/enrol";
    /// `POST` [`crate::PushRequest`] → [`crate::PushResponse`] (bearer credential).
    pub const PUSH: &str = "/v1/push";
    /// `GET ?after=SEQ&limit=N[&wait=SECONDS]` → [`crate::PullResponse`] (bearer credential).
    pub const PULL: &str = "/v1/pull";
    /// `GET ?kind=K&after=RECORD&limit=N` → [`crate::SnapshotPage`] (bearer credential).
    pub const SNAPSHOT: &str = "/v1/snapshot";
    /// `GET` → [`crate::TeamInfo`]: the caller's team and its people (bearer credential).
    pub const TEAM: &str = "/v1/team";
}

/// A person's role in a team.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Manages the team; reads and writes.
    Admin,
    /// Reads and writes.
    Member,
    /// Reads only: the server refuses every push.
    Viewer,
}

impl Role {
    /// The name stored and shown for this role.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Member => "member",
            Role::Viewer => "viewer",
        }
    }

    /// The role named `s`, if any.
    pub fn parse(s: &str) -> Option<Role> {
        match s {
            "admin" => Some(Role::Admin),
            "member" => Some(Role::Member),
            "viewer" => Some(Role::Viewer),
            _ => None,
        }
    }

    /// Whether this role may push changes.
    pub fn can_write(self) -> bool {
        !matches!(self, Role::Viewer)
    }
}

/// The answer of the health endpoint.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Health {
    /// `"ok"` when the database answers.
    pub status: String,
    /// The server's [`PROTOCOL_VERSION`].
    pub protocol: u32,
}

/// The caller's team as its people see it: names for the ids that changes and conflicts carry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TeamInfo {
    pub team_id: Uuid,
    /// The team's name, as its admin created it.
    pub name: String,
    /// Everyone the team has had, by name; those whose access was revoked too (their changes
    /// stay in the log).
    pub people: Vec<TeamPerson>,
}

/// One person of a team.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TeamPerson {
    pub person_id: Uuid,
    pub name: String,
    pub role: Role,
    /// Whether the person's access was revoked.
    pub revoked: bool,
}

impl TeamInfo {
    /// The name of the person `id`, if the team has them.
    pub fn name_of(&self, id: Uuid) -> Option<&str> {
        self.people
            .iter()
            .find(|p| p.person_id == id)
            .map(|p| p.name.as_str())
    }
}

/// Exchanges a one-time enrolment code for a credential.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EnrolRequest {
    /// The code an admin got from `firstgoal-server person add`.
    pub code: String,
}

/// The credential of one enrolled person; sent afterwards as `Authorization: Bearer <credential>`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EnrolResponse {
    /// The secret the client keeps (OS credential store or a user-only file). The server stores only
    /// its hash and cannot show it again.
    pub credential: String,
    /// The team the person belongs to.
    pub team_id: Uuid,
    /// The person.
    pub person_id: Uuid,
    /// The person's role.
    pub role: Role,
}

/// One operation on one record.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "snake_case")]
pub enum Op {
    /// Sets one field of the record (creating the record if it has no field yet).
    Set {
        /// The field's name.
        field: String,
        /// The new value, any JSON.
        value: Value,
    },
    /// Deletes the record (a tombstone).
    Delete,
}

/// One change made by a client.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Change {
    /// Generated by the client once per change; makes the push idempotent.
    pub change_id: Uuid,
    /// The record's kind, e.g. `project`, `stakeholder` (`[a-z0-9_]`, at most [`MAX_NAME_LEN`]).
    pub kind: String,
    /// The record's identity, the same in every replica.
    pub record_id: Uuid,
    /// The highest server sequence the client had when it made this change (0: none).
    pub base_seq: i64,
    /// What the change does.
    #[serde(flatten)]
    pub op: Op,
}

/// Sends changes to the server.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PushRequest {
    /// At most [`MAX_CHANGES_PER_PUSH`], applied in this order.
    pub changes: Vec<Change>,
}

/// What became of one pushed change.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum Outcome {
    /// Stored now under `seq`.
    Applied {
        /// The server sequence of the change.
        seq: i64,
    },
    /// Stored before (the same `change_id`); nothing new stored.
    AlreadyApplied {
        /// The server sequence it got then.
        seq: i64,
    },
    /// Not applied: someone else changed the same thing since `base_seq` (see the crate docs). The
    /// server keeps the pushed change in its conflict store.
    Conflict {
        /// The other person's newer change.
        theirs: Box<StoredChange>,
    },
}

/// The answer to one pushed change, in the order of the request.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ChangeResult {
    /// The pushed change's id.
    pub change_id: Uuid,
    /// What became of it.
    #[serde(flatten)]
    pub outcome: Outcome,
}

/// The answer to a push.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PushResponse {
    /// One result per pushed change, in order.
    pub results: Vec<ChangeResult>,
}

/// A change as the server stored it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StoredChange {
    /// The server sequence: the order every replica applies changes in.
    pub seq: i64,
    /// The person who made it.
    pub author: Uuid,
    /// The change.
    #[serde(flatten)]
    pub change: Change,
}

/// The query of a pull.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PullQuery {
    /// The client's cursor: changes with a greater `seq` are returned.
    pub after: i64,
    /// The page size, at most [`MAX_PULL_LIMIT`].
    pub limit: Option<u32>,
    /// With nothing after the cursor, how long the server may hold the request until a change of
    /// the team is committed (a long poll), in seconds, at most [`MAX_PULL_WAIT_SECS`]; the answer
    /// is the page as without a wait. None or 0: answer at once.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wait: Option<u32>,
}

/// One page of changes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PullResponse {
    /// The changes after the cursor, in `seq` order.
    pub changes: Vec<StoredChange>,
    /// The cursor for the next pull (the last change's seq, or the request's `after`).
    pub next_cursor: i64,
    /// Whether more changes follow this page.
    pub more: bool,
}

/// The query of a snapshot page: the team's records of one kind, in record id order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SnapshotQuery {
    /// The kind of record.
    pub kind: String,
    /// The last record of the page before (none: from the first).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub after: Option<Uuid>,
    /// The page size, at most [`MAX_SNAPSHOT_LIMIT`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<u32>,
}

/// A record as the team's changes left it: every field set since its creation (or its last
/// deletion), each with its latest value.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SnapshotRecord {
    /// The record's identity.
    pub record_id: Uuid,
    /// Field → value, as the latest change of each field set it.
    pub fields: serde_json::Map<String, Value>,
}

/// One page of the snapshot: a new replica fills itself from the pages of every kind, then pulls
/// the changes after the `as_of` of its first page. A change after `as_of` may be in a page
/// already (pages are read as they are asked for); pulling it again sets the same value.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SnapshotPage {
    /// The team's last change when this page was read: the page holds every change up to it.
    pub as_of: i64,
    /// The records after the query's `after`, in record id order.
    pub records: Vec<SnapshotRecord>,
    /// Whether more records of this kind follow this page.
    pub more: bool,
}

/// The reason of a refused request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// The protocol header is missing or names another version.
    UnsupportedProtocol,
    /// No credential, an unknown one, or one of a revoked person.
    Unauthorized,
    /// The person's role does not allow this (a viewer pushing).
    Forbidden,
    /// The enrolment code is unknown, used or revoked.
    InvalidCode,
    /// The body or query is not valid for this endpoint.
    InvalidRequest,
    /// The body is larger than [`MAX_BODY_BYTES`].
    TooLarge,
    /// No such endpoint.
    NotFound,
    /// Too many failed attempts from this address (enrolment codes); wait a minute.
    TooManyRequests,
    /// The server failed; the request may be retried.
    Internal,
}

/// The JSON body of every refused request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorBody {
    /// What went wrong, for programs.
    pub code: ErrorCode,
    /// What went wrong, for people (English).
    pub message: String,
}

/// Whether `name` is a valid record kind or field name: `[a-z0-9_]`, 1 to [`MAX_NAME_LEN`] long.
pub fn valid_name(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= MAX_NAME_LEN
        && name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_change_reads_back_from_its_wire_form() {
        let change = Change {
            change_id: Uuid::nil(),
            kind: "project".into(),
            record_id: Uuid::max(),
            base_seq: 7,
            op: Op::Set {
                field: "name".into(),
                value: Value::from("<b>x</b>"),
            },
        };
        let text = serde_json::to_string(&change).expect("serialises");
        assert!(text.contains(r#""op":"set""#), "{text}");
        assert_eq!(
            serde_json::from_str::<Change>(&text).expect("parses"),
            change
        );
        let delete = r#"{"change_id":"00000000-0000-0000-0000-000000000000","kind":"project",
            "record_id":"00000000-0000-0000-0000-000000000000","base_seq":0,"op":"delete"}"#;
        assert_eq!(
            serde_json::from_str::<Change>(delete).expect("parses").op,
            Op::Delete
        );
    }

    #[test]
    fn unknown_ops_and_missing_fields_are_refused() {
        let no_field = r#"{"change_id":"00000000-0000-0000-0000-000000000000","kind":"p",
            "record_id":"00000000-0000-0000-0000-000000000000","base_seq":0,"op":"set","value":1}"#;
        assert!(serde_json::from_str::<Change>(no_field).is_err());
        let op = r#"{"change_id":"00000000-0000-0000-0000-000000000000","kind":"p",
            "record_id":"00000000-0000-0000-0000-000000000000","base_seq":0,"op":"drop"}"#;
        assert!(serde_json::from_str::<Change>(op).is_err());
    }

    #[test]
    fn names_are_lowercase_words() {
        assert!(valid_name("journey_step2"));
        assert!(!valid_name(""));
        assert!(!valid_name("Name"));
        assert!(!valid_name("a;drop"));
        assert!(!valid_name(&"a".repeat(MAX_NAME_LEN + 1)));
    }
}
