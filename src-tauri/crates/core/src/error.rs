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
    #[error("{context}: {source}")]
    Io {
        context: String,
        #[source]
        source: std::io::Error,
    },
    #[error("database error: {0}")]
    Storage(#[from] sqlx::Error),
    #[error("database migration failed: {0}")]
    Migration(#[from] sqlx::migrate::MigrateError),
    #[error("{0}")]
    Unavailable(String),
    /// An imported file that cannot be used; `detail` names the place (line, column) or the
    /// reason, such as a newer format version.
    #[error("the {what} file cannot be imported: {detail}")]
    InvalidFile { what: &'static str, detail: String },
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
