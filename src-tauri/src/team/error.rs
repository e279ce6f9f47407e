//! Team-sync errors as they cross the IPC edge: `{ code, message, file }`, one stable code per
//! cause (the UI translates each), the file's own error kept whole when the file failed.

use firstgoal_core::ErrorPayload;
use firstgoal_protocol::ErrorCode as ServerCode;
use firstgoal_sync::credential::CredentialError;
use firstgoal_sync::replica::SyncError;
use firstgoal_sync::url::UrlError;
use serde::Serialize;
use specta::Type;

/// Why a team action failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Type, strum::VariantArray)]
#[serde(rename_all = "snake_case")]
pub enum TeamErrorCode {
    /// The file is not enrolled in a team.
    NotEnrolled,
    /// The file is enrolled already.
    AlreadyEnrolled,
    /// The enrolment code is unknown, used or revoked.
    InvalidCode,
    /// The credential is unknown or its person was revoked.
    Unauthorized,
    /// The person's role does not allow this (a viewer's change).
    Forbidden,
    /// Too many failed enrolment attempts from this address: wait a minute.
    TooManyRequests,
    /// The server refused for another reason (its message says which).
    Refused,
    /// One change is larger than the server accepts.
    TooLarge,
    /// The server cannot be reached or cannot serve for now.
    Offline,
    /// The server address is not a URL.
    UrlInvalid,
    /// The server address is neither https:// nor http://.
    UrlScheme,
    /// Plain http:// to another machine.
    UrlPlainHttp,
    /// A user name, password, query or fragment in the address.
    UrlExtra,
    /// No credential is kept for this file's enrolment.
    CredentialMissing,
    /// The credential could not be written or read.
    CredentialIo,
    /// No such conflict (resolved already).
    NoConflict,
    /// The chosen side cannot be written to the file.
    CannotResolve,
    /// The file is enrolled as a viewer: it reads the team's work and changes nothing.
    ViewOnly,
    /// The file itself failed (see `file`).
    File,
}

impl TeamErrorCode {
    /// Every code, for the check that both languages translate each.
    pub const ALL: &'static [TeamErrorCode] = <TeamErrorCode as strum::VariantArray>::VARIANTS;
}

/// What crosses the IPC boundary for a failed team action.
#[derive(Debug, Clone, Serialize, Type)]
pub struct TeamError {
    pub code: TeamErrorCode,
    /// English, for logs and details.
    pub message: String,
    /// The file's error, with `code` `file`.
    pub file: Option<ErrorPayload>,
}

impl TeamError {
    pub fn new(code: TeamErrorCode, message: impl Into<String>) -> Self {
        Self {
            code,
            message: message.into(),
            file: None,
        }
    }

    /// The refusal of an edit in a file enrolled as a viewer.
    pub fn view_only() -> Self {
        Self::new(
            TeamErrorCode::ViewOnly,
            "this file is a viewer's replica of its team: it reads the team's work and changes nothing",
        )
    }
}

impl From<ErrorPayload> for TeamError {
    fn from(file: ErrorPayload) -> Self {
        Self {
            code: TeamErrorCode::File,
            message: file.message.clone(),
            file: Some(file),
        }
    }
}

impl From<SyncError> for TeamError {
    fn from(e: SyncError) -> Self {
        let message = e.to_string();
        let code = match e {
            SyncError::Core(core) => return ErrorPayload::from(core).into(),
            SyncError::NotEnrolled => TeamErrorCode::NotEnrolled,
            SyncError::AlreadyEnrolled { .. } => TeamErrorCode::AlreadyEnrolled,
            SyncError::Refused { code, .. } => match code {
                ServerCode::InvalidCode => TeamErrorCode::InvalidCode,
                ServerCode::Unauthorized => TeamErrorCode::Unauthorized,
                ServerCode::Forbidden => TeamErrorCode::Forbidden,
                ServerCode::TooLarge => TeamErrorCode::TooLarge,
                ServerCode::TooManyRequests => TeamErrorCode::TooManyRequests,
                _ => TeamErrorCode::Refused,
            },
            SyncError::TooLarge { .. } => TeamErrorCode::TooLarge,
            SyncError::Offline(_) => TeamErrorCode::Offline,
            SyncError::Url(url) => match url {
                UrlError::Invalid { .. } => TeamErrorCode::UrlInvalid,
                UrlError::Scheme { .. } => TeamErrorCode::UrlScheme,
                UrlError::PlainHttp { .. } => TeamErrorCode::UrlPlainHttp,
                UrlError::Extra { .. } => TeamErrorCode::UrlExtra,
            },
            SyncError::Credential(CredentialError::Missing(_)) => TeamErrorCode::CredentialMissing,
            SyncError::Credential(_) => TeamErrorCode::CredentialIo,
            SyncError::NoConflict(_) => TeamErrorCode::NoConflict,
            SyncError::CannotResolve(_) => TeamErrorCode::CannotResolve,
        };
        Self::new(code, message)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_cause_has_its_code() {
        let plain = firstgoal_sync::url::check("http://sync.example.com").expect_err("refused");
        assert_eq!(
            TeamError::from(SyncError::Url(plain)).code,
            TeamErrorCode::UrlPlainHttp
        );
        let bad = firstgoal_sync::url::check("not a url").expect_err("refused");
        assert_eq!(
            TeamError::from(SyncError::Url(bad)).code,
            TeamErrorCode::UrlInvalid
        );
        let code = SyncError::Refused {
            code: ServerCode::InvalidCode,
            message: "unknown code".to_owned(),
        };
        assert_eq!(TeamError::from(code).code, TeamErrorCode::InvalidCode);
        let offline = TeamError::from(SyncError::Offline("connection refused".to_owned()));
        assert_eq!(offline.code, TeamErrorCode::Offline);
        assert!(offline.message.contains("connection refused"));
        let file = TeamError::from(SyncError::Core(firstgoal_core::CoreError::Locked {
            path: "f".to_owned(),
        }));
        assert_eq!(file.code, TeamErrorCode::File);
        assert_eq!(
            file.file.map(|f| f.code),
            Some(firstgoal_core::ErrorCode::Locked)
        );
    }
}
