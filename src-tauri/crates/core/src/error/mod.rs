//! Typed errors of the core and the `{ code, message, fields }` payload they become at the edges
//! (IPC and CLI), so callers branch on a stable code and never on message text.

use serde::Serialize;
use specta::Type;

mod field;

pub use field::{FieldCode, FieldError};

#[derive(Debug, thiserror::Error)]
pub enum CoreError {
    #[error("invalid input: {}", describe_fields(.0))]
    Validation(Vec<FieldError>),
    #[error("{entity} {id} does not exist")]
    NotFound { entity: &'static str, id: i64 },
    #[error(
        "{entity} {id} was changed elsewhere (now at version {current_version}); reload and retry"
    )]
    Conflict {
        entity: &'static str,
        id: i64,
        current_version: i64,
    },
    #[error(
        "{path} was written by a newer FirstGoal (schema version {found}, this version knows up to {supported}); the file was not changed — update FirstGoal or open another file"
    )]
    NewerSchema {
        path: String,
        found: i64,
        supported: i64,
    },
    #[error(
        "{path} is not a FirstGoal database (not an SQLite file); it was not changed — open another file or create a new one"
    )]
    NotADatabase { path: String },
    #[error(
        "{path} is damaged (the database image is malformed); it was not changed — restore a backup or open another file"
    )]
    Corrupt { path: String },
    #[error(
        "{path} is read-only; it was not changed — make it writable, or copy it and open the copy"
    )]
    ReadOnly { path: String },
    #[error(
        "{path} is locked by another program that is writing to it; close that program or open another file"
    )]
    Locked { path: String },
    #[error(
        "{path} is open in FirstGoal ({}); it was not changed — close it there, or work on a copy (a backup or an export)",
        in_process(*.pid)
    )]
    InUse { path: String, pid: Option<u32> },
    #[error(
        "{path} is not a file (a folder, a pipe or a device); nothing was read or written — choose a file"
    )]
    NotAFile { path: String },
    #[error(
        "{path} cannot be opened or created there (the folder may be read-only or missing); nothing was changed — choose another folder"
    )]
    CannotOpen { path: String },
    #[error(
        "the disk holding {path} is full; nothing more was written — free some space and try again"
    )]
    DiskFull { path: String },
    #[error(
        "{path} is one of the open database's own files; nothing was read or written — choose another file"
    )]
    OwnFile { path: String },
    /// The window named a file the user did not choose in a file dialog (the app writes and reads
    /// only files picked there).
    #[error("{path} was not chosen in a file dialog; nothing was read or written")]
    NotPicked { path: String },
    #[error("the import was refused at {place}: {reason}; nothing was written")]
    InvalidImport { place: String, reason: String },
    #[error("{context}: {source}")]
    Io {
        context: String,
        #[source]
        source: std::io::Error,
    },
    #[error("database error: {0}")]
    Storage(sqlx::Error),
    #[error("database migration failed: {0}")]
    Migration(#[from] sqlx::migrate::MigrateError),
    /// A business rule refuses the action; the UI translates the [`Refusal`].
    #[error("{}", .0.sentence())]
    Refused(Refusal),
    #[error("{0}")]
    Unavailable(String),
    /// An imported file is malformed; `place` says where (line, column, path or field).
    #[error("the file is not valid at {place}: {detail}")]
    InvalidFile { place: String, detail: String },
}

impl From<sqlx::Error> for CoreError {
    /// A write that waited the whole busy timeout for another program's lock, a file that turned
    /// read-only, or a full disk is reported as such, not as a generic storage error.
    fn from(err: sqlx::Error) -> Self {
        if let sqlx::Error::Database(db) = &err {
            let path = "the database".to_owned();
            let primary = db
                .code()
                .and_then(|c| c.parse::<i32>().ok())
                .map(|c| c & 0xff);
            match primary {
                Some(5 | 6) => return CoreError::Locked { path },
                Some(8) => return CoreError::ReadOnly { path },
                Some(13) => return CoreError::DiskFull { path },
                _ => {}
            }
        }
        CoreError::Storage(err)
    }
}

fn in_process(pid: Option<u32>) -> String {
    match pid {
        Some(pid) => format!("process {pid}"),
        None => "another process".to_owned(),
    }
}

fn describe_fields(fields: &[FieldError]) -> String {
    fields
        .iter()
        .map(|f| format!("{} ({})", f.field, f.code))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Stable error codes shared with the UI.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Type, strum::VariantArray)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    Validation,
    NotFound,
    Conflict,
    NewerSchema,
    NotADatabase,
    Corrupt,
    ReadOnly,
    Locked,
    InUse,
    NotAFile,
    CannotOpen,
    DiskFull,
    OwnFile,
    NotPicked,
    InvalidImport,
    Io,
    Storage,
    Refused,
    Unavailable,
    InvalidFile,
}

impl ErrorCode {
    /// Every code, for the check that both languages translate each.
    pub const ALL: &'static [ErrorCode] = <ErrorCode as strum::VariantArray>::VARIANTS;
}

/// Why a business rule refused an action: one stable code per rule, translated by the UI.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Type, strum::VariantArray)]
#[serde(rename_all = "snake_case")]
pub enum Refusal {
    /// Moving to the next stage when the project is in its last one.
    LastStage,
    /// Moving stages in a project created without a playbook.
    NoStages,
    /// Putting on hold a project that is on hold already.
    AlreadyOnHold,
    /// Deleting one of the three first-goal horizons (only custom milestones can go).
    HorizonNotDeletable,
    /// Writing demo data into a file that already holds projects.
    FileNotEmpty,
}

impl Refusal {
    /// Every refusal, for the check that both languages translate each.
    pub const ALL: &'static [Refusal] = <Refusal as strum::VariantArray>::VARIANTS;

    /// The English sentence for logs and the CLI.
    pub fn sentence(self) -> &'static str {
        match self {
            Refusal::LastStage => "the project is already in its last stage",
            Refusal::NoStages => "the project has no stages; create it from a playbook",
            Refusal::AlreadyOnHold => "the project is already on hold; end that hold first",
            Refusal::HorizonNotDeletable => {
                "the 1-month, 3-month and 1-year first goals cannot be deleted"
            }
            Refusal::FileNotEmpty => {
                "the file already holds projects; demo data is only written into a new or empty file"
            }
        }
    }
}

impl CoreError {
    pub fn code(&self) -> ErrorCode {
        match self {
            Self::Validation(_) => ErrorCode::Validation,
            Self::NotFound { .. } => ErrorCode::NotFound,
            Self::Conflict { .. } => ErrorCode::Conflict,
            Self::NewerSchema { .. } => ErrorCode::NewerSchema,
            Self::NotADatabase { .. } => ErrorCode::NotADatabase,
            Self::Corrupt { .. } => ErrorCode::Corrupt,
            Self::ReadOnly { .. } => ErrorCode::ReadOnly,
            Self::Locked { .. } => ErrorCode::Locked,
            Self::InUse { .. } => ErrorCode::InUse,
            Self::NotAFile { .. } => ErrorCode::NotAFile,
            Self::CannotOpen { .. } => ErrorCode::CannotOpen,
            Self::DiskFull { .. } => ErrorCode::DiskFull,
            Self::OwnFile { .. } => ErrorCode::OwnFile,
            Self::NotPicked { .. } => ErrorCode::NotPicked,
            Self::InvalidImport { .. } => ErrorCode::InvalidImport,
            Self::Io { .. } => ErrorCode::Io,
            Self::Storage(_) | Self::Migration(_) => ErrorCode::Storage,
            Self::Refused(_) => ErrorCode::Refused,
            Self::Unavailable(_) => ErrorCode::Unavailable,
            Self::InvalidFile { .. } => ErrorCode::InvalidFile,
        }
    }
}

/// What crosses the IPC boundary: a stable code, an English message for logs and the CLI, and
/// per-field problems for forms.
#[derive(Debug, Clone, Serialize, Type)]
pub struct ErrorPayload {
    pub code: ErrorCode,
    pub message: String,
    pub fields: Vec<FieldError>,
    /// Which rule refused, with `code` `refused`.
    pub refusal: Option<Refusal>,
}

impl From<&CoreError> for ErrorPayload {
    fn from(err: &CoreError) -> Self {
        Self {
            code: err.code(),
            message: err.to_string(),
            fields: match err {
                CoreError::Validation(fields) => fields.clone(),
                CoreError::InvalidImport { place, .. } => {
                    vec![FieldError::new(place, FieldCode::InvalidImport)]
                }
                // The process that has the file, for the translated message.
                CoreError::InUse { pid: Some(pid), .. } => vec![FieldError {
                    field: "process".to_owned(),
                    code: FieldCode::InUse,
                    max: Some(*pid),
                }],
                _ => Vec::new(),
            },
            refusal: match err {
                CoreError::Refused(refusal) => Some(*refusal),
                _ => None,
            },
        }
    }
}

impl From<CoreError> for ErrorPayload {
    fn from(err: CoreError) -> Self {
        Self::from(&err)
    }
}

pub type Result<T, E = CoreError> = std::result::Result<T, E>;
