//! Typed errors of the core and the `{ code, message, fields }` payload they become at the edges
//! (IPC and CLI), so callers branch on a stable code and never on message text.

use serde::Serialize;
use specta::Type;

/// One problem with one input field, named by a stable code the UI translates.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct FieldError {
    pub field: String,
    pub code: String,
    /// The limit that was exceeded, for codes such as `too_long`.
    pub max: Option<u32>,
}

impl FieldError {
    pub fn new(field: &str, code: &str) -> Self {
        Self {
            field: field.to_owned(),
            code: code.to_owned(),
            max: None,
        }
    }

    pub fn with_max(mut self, max: usize) -> Self {
        self.max = Some(u32::try_from(max).unwrap_or(u32::MAX));
        self
    }
}

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
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Type)]
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
    InvalidImport,
    Io,
    Storage,
    Unavailable,
    InvalidFile,
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
            Self::InvalidImport { .. } => ErrorCode::InvalidImport,
            Self::Io { .. } => ErrorCode::Io,
            Self::Storage(_) | Self::Migration(_) => ErrorCode::Storage,
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
}

impl From<&CoreError> for ErrorPayload {
    fn from(err: &CoreError) -> Self {
        Self {
            code: err.code(),
            message: err.to_string(),
            fields: match err {
                CoreError::Validation(fields) => fields.clone(),
                CoreError::InvalidImport { place, .. } => {
                    vec![FieldError::new(place, "invalid_import")]
                }
                // The process that has the file, for the translated message.
                CoreError::InUse { pid: Some(pid), .. } => vec![FieldError {
                    field: "process".to_owned(),
                    code: "in_use".to_owned(),
                    max: Some(*pid),
                }],
                _ => Vec::new(),
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
