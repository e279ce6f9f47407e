//! The playbook file format: JSON with a format name and version around the playbook body. A file
//! from a newer format version is refused instead of being half understood; a malformed one is
//! refused with the line and column of the problem.

use serde::{Deserialize, Serialize};

use super::PlaybookBody;
use crate::error::{CoreError, Result};

/// The format name written into every exported playbook.
pub const FORMAT_NAME: &str = "firstgoal.playbook";
/// The newest playbook format this build reads and the one it writes.
pub const FORMAT_VERSION: u32 = 1;

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct PlaybookFile {
    format: String,
    format_version: u32,
    playbook: PlaybookBody,
}

/// Only the envelope, read first so a future version is refused before its body is parsed.
#[derive(Debug, Deserialize)]
struct Envelope {
    format: Option<String>,
    format_version: Option<serde_json::Value>,
}

fn invalid(detail: impl Into<String>) -> CoreError {
    CoreError::InvalidFile {
        place: "playbook".to_owned(),
        detail: detail.into(),
    }
}

/// Pretty-printed JSON of a playbook, with the current format version.
pub fn export_json(body: &PlaybookBody) -> String {
    let file = PlaybookFile {
        format: FORMAT_NAME.to_owned(),
        format_version: FORMAT_VERSION,
        playbook: body.clone(),
    };
    serde_json::to_string_pretty(&file).unwrap_or_default()
}

/// Reads a playbook file and validates its content. Nothing is stored here.
pub fn parse_json(text: &str) -> Result<PlaybookBody> {
    let envelope: Envelope = serde_json::from_str(text).map_err(|e| invalid(e.to_string()))?;
    if envelope.format.as_deref() != Some(FORMAT_NAME) {
        return Err(invalid(format!(
            "this is not a FirstGoal playbook (\"format\" must be \"{FORMAT_NAME}\")"
        )));
    }
    let version = envelope
        .format_version
        .as_ref()
        .and_then(serde_json::Value::as_u64)
        .ok_or_else(|| invalid("\"format_version\" must be a whole number"))?;
    if version > u64::from(FORMAT_VERSION) {
        return Err(invalid(format!(
            "format version {version} is newer than this FirstGoal reads (up to {FORMAT_VERSION}); update FirstGoal to import it"
        )));
    }
    if version == 0 {
        return Err(invalid("format version 0 does not exist"));
    }
    let file: PlaybookFile = serde_json::from_str(text).map_err(|e| invalid(e.to_string()))?;
    file.playbook.validate()
}
