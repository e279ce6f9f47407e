//! What each column may hold when it arrives by the full import: the rules of the forms (lengths,
//! required texts, date ranges, scores, e-mail addresses, journey and playbook documents) and the
//! types the storage decodes (dates, datetimes, whole numbers, codes stored as text, JSON). SQLite
//! would store almost any value in any column; a value the readers cannot decode would break
//! every list of the file, not only the imported rows. A column without a rule of its own (one a
//! later migration adds) is held to its declared SQL type.

use chrono::{DateTime, Days, NaiveDate, NaiveDateTime};

use super::cell::Cell;
use crate::error::FieldError;
use crate::milestones::{Horizon, MilestoneStatus};
use crate::playbooks::{MAX_DAYS, PlaybookBody};
use crate::projects::Segment;
use crate::stakeholders::{self, Level, ProjectRole, Status, TouchKind};
use crate::team::TeamRole;
use crate::validation::{MAX_NAME_CHARS, MAX_TEXT_CHARS, iso_date, max_date, min_date};

/// What a column holds.
#[derive(Debug, Clone, Copy)]
pub(super) enum Kind {
    /// A whole number between the bounds (ids, references, versions, positions, scores, flags).
    Integer { min: i64, max: i64 },
    /// A number, whole or not.
    Real,
    /// Text of at most `max` characters once trimmed; `required`: not blank.
    Text { max: usize, required: bool },
    /// Empty, or an e-mail address.
    Email,
    /// A `YYYY-MM-DD` date a person enters (the forms' range).
    Date,
    /// A date the app derives from a kickoff (a milestone or action due date): up to the
    /// longest offset a playbook may set after the last kickoff date allowed.
    DueDate,
    /// A point in time as the storage writes it (RFC 3339), in a column read back as one.
    DateTime,
    /// A date or a point in time, in a column only ever written (some writers store a date).
    DateOrTime,
    /// One of the codes of an enum stored as text.
    Code {
        valid: fn(&str) -> bool,
        what: &'static str,
    },
    /// JSON: a list of project roles.
    Roles,
    /// JSON: a valid journey document.
    Journey,
    /// JSON: a valid playbook body.
    Playbook,
    /// Any JSON text (file settings; their known keys are checked by value type elsewhere).
    Json,
    /// Any value a column can hold.
    Any,
}

const ANY_INTEGER: Kind = Kind::Integer {
    min: i64::MIN,
    max: i64::MAX,
};
const FLAG: Kind = Kind::Integer { min: 0, max: 1 };
const SCORE: Kind = Kind::Integer {
    min: 1,
    max: stakeholders::MAX_SCORE,
};
const POSITION: Kind = Kind::Integer {
    min: 0,
    max: i64::MAX,
};
const VERSION: Kind = Kind::Integer {
    min: 1,
    max: i64::MAX,
};

const fn text(max: usize, required: bool) -> Kind {
    Kind::Text { max, required }
}

const NAME: Kind = text(MAX_NAME_CHARS, false);
const REQUIRED_NAME: Kind = text(MAX_NAME_CHARS, true);
const LONG: Kind = text(MAX_TEXT_CHARS, false);

/// The rule of a column: its own when it has one, else from its declared SQL type. References
/// are whole numbers whatever their name (the foreign keys check where they point).
pub(super) fn kind(table: &str, column: &str, declared: &str, reference: bool) -> Kind {
    if reference {
        return ANY_INTEGER;
    }
    own_kind(table, column).unwrap_or_else(|| {
        let declared = declared.to_ascii_uppercase();
        if declared.contains("INT") {
            ANY_INTEGER
        } else if declared.contains("CHAR") || declared.contains("TEXT") {
            text(usize::MAX, false)
        } else if declared.contains("REAL") || declared.contains("FLOA") {
            Kind::Real
        } else {
            Kind::Any
        }
    })
}

fn own_kind(table: &str, column: &str) -> Option<Kind> {
    use Kind::{Code, Date, DateOrTime, DateTime, DueDate, Email, Journey, Json, Playbook, Roles};
    Some(match (table, column) {
        ("projects" | "journeys" | "journey_revisions", "created_at" | "updated_at")
        | ("projects", "archived_at") => DateTime,
        (_, "created_at" | "updated_at") => DateOrTime,
        (_, "version") => VERSION,
        (_, "position") => POSITION,
        (_, "due_date_manual" | "key_person" | "attended_kickoff") => FLAG,
        ("projects", "customer_name") => REQUIRED_NAME,
        ("projects", "owner" | "playbook_name") => NAME,
        ("projects", "contract_date" | "kickoff_date") => Date,
        ("projects", "segment") => Code {
            valid: |s| Segment::parse(s).is_some(),
            what: "segment",
        },
        ("milestones", "horizon") => Code {
            valid: |s| Horizon::parse(s).is_some(),
            what: "horizon",
        },
        ("milestones", "title" | "customer_owner") => NAME,
        ("milestones", "due_date") | ("stage_actions", "due_date") => DueDate,
        ("milestones", "due_date_reason" | "goal" | "criterion" | "evidence") => LONG,
        ("milestones", "status") => Code {
            valid: |s| MilestoneStatus::parse(s).is_some(),
            what: "milestone status",
        },
        ("milestones", "achieved_on")
        | ("stakeholders", "status_date" | "last_touch")
        | ("heat_entries", "recorded_on")
        | ("touchpoints", "touched_on")
        | ("purpose_agreements", "agreed_on")
        | ("project_stages", "entered_on" | "exited_on")
        | ("stage_actions", "done_on")
        | ("project_holds", "start_date" | "end_date") => Date,
        ("file_settings", "key") => REQUIRED_NAME,
        ("file_settings", "value") => Json,
        ("stakeholders", "name") => REQUIRED_NAME,
        ("stakeholders", "reading" | "title" | "department") => NAME,
        ("stakeholders", "level") => Code {
            valid: |s| Level::parse(s).is_some(),
            what: "level",
        },
        ("stakeholders", "influence") | ("heat_entries", "heat") => SCORE,
        ("stakeholders", "roles") => Roles,
        ("stakeholders", "stated_role") => LONG,
        ("stakeholders", "email") => Email,
        ("stakeholders", "phone") => text(stakeholders::MAX_CONTACT_CHARS, false),
        ("stakeholders", "status") => Code {
            valid: |s| Status::parse(s).is_some(),
            what: "stakeholder status",
        },
        ("touchpoints", "kind") => Code {
            valid: |s| TouchKind::parse(s).is_some(),
            what: "touchpoint kind",
        },
        ("touchpoints" | "project_holds", "note") | ("adoption_purposes", "purpose") => LONG,
        ("team_members", "name") => REQUIRED_NAME,
        ("team_members", "role") => Code {
            valid: |s| TeamRole::parse(s).is_some(),
            what: "team role",
        },
        ("project_stages", "name") => REQUIRED_NAME,
        ("project_stages", "definition" | "exit_criteria") => LONG,
        ("stage_actions", "title" | "department") => REQUIRED_NAME,
        ("playbooks", "name") => REQUIRED_NAME,
        ("playbooks", "body") => Playbook,
        ("journeys" | "journey_revisions", "name") => REQUIRED_NAME,
        ("journeys" | "journey_revisions", "content") => Journey,
        _ => return None,
    })
}

/// The date limits, computed once per import.
#[derive(Debug, Clone, Copy)]
pub(super) struct Bounds {
    first: NaiveDate,
    last: NaiveDate,
    last_due: NaiveDate,
}

impl Bounds {
    pub(super) fn new() -> Self {
        let last = max_date();
        Self {
            first: min_date(),
            last,
            last_due: last
                .checked_add_days(Days::new(u64::from(MAX_DAYS)))
                .unwrap_or(last),
        }
    }
}

/// Checks one value; the error is the reason, for the place the caller names.
pub(super) fn check(kind: Kind, cell: &Cell<'_>, bounds: &Bounds) -> Result<(), String> {
    let text = match (kind, cell) {
        (_, Cell::Nested) => return Err("a value must be null, a number or a string".into()),
        (Kind::Any, _) => return Ok(()),
        (Kind::Integer { min, max }, _) => {
            let n = match cell {
                Cell::Int(n) => *n,
                Cell::Bool(b) => i64::from(*b),
                other => return Err(format!("expected a whole number, found {}", shown(other))),
            };
            return if (min..=max).contains(&n) {
                Ok(())
            } else if max == i64::MAX {
                Err(format!("{n} is below the least allowed value {min}"))
            } else {
                Err(format!("{n} is outside {min}–{max}"))
            };
        }
        (Kind::Real, Cell::Int(_) | Cell::Real(_)) => return Ok(()),
        (Kind::Real, other) => return Err(format!("expected a number, found {}", shown(other))),
        (_, Cell::Text(text)) => text.as_ref(),
        (_, other) => return Err(format!("expected text, found {}", shown(other))),
    };
    match kind {
        Kind::Text { max, required } => check_text(text, max, required),
        Kind::Email => {
            check_text(text, stakeholders::MAX_CONTACT_CHARS, false)?;
            let trimmed = text.trim();
            if trimmed.is_empty() || stakeholders::is_email(trimmed) {
                Ok(())
            } else {
                Err(format!("{} is not an e-mail address", quoted(text)))
            }
        }
        Kind::Date => check_date(text, bounds.first, bounds.last).map(|_| ()),
        Kind::DueDate => check_date(text, bounds.first, bounds.last_due).map(|_| ()),
        Kind::DateTime => {
            if is_datetime(text) {
                Ok(())
            } else {
                Err(format!(
                    "{} is not a date and time (RFC 3339, such as 2026-01-31T09:00:00Z)",
                    quoted(text)
                ))
            }
        }
        Kind::DateOrTime => {
            if iso_date(text).is_some() || is_datetime(text) {
                Ok(())
            } else {
                Err(format!("{} is not a date or a date and time", quoted(text)))
            }
        }
        Kind::Code { valid, what } => {
            if valid(text) {
                Ok(())
            } else {
                Err(format!("{} is not a {what}", quoted(text)))
            }
        }
        Kind::Roles => serde_json::from_str::<Vec<ProjectRole>>(text)
            .map(|_| ())
            .map_err(|e| format!("not a JSON list of project roles: {e}")),
        Kind::Journey => super::journey_doc::check(text),
        Kind::Playbook => {
            let body: PlaybookBody =
                serde_json::from_str(text).map_err(|e| format!("not a playbook: {e}"))?;
            body.validate()
                .map(|_| ())
                .map_err(|e| format!("not a valid playbook: {}", fields(&e)))
        }
        Kind::Json => serde_json::from_str::<serde::de::IgnoredAny>(text)
            .map(|_| ())
            .map_err(|e| format!("not JSON: {e}")),
        Kind::Integer { .. } | Kind::Real | Kind::Any => Ok(()),
    }
}

fn check_text(text: &str, max: usize, required: bool) -> Result<(), String> {
    let trimmed = text.trim();
    if required && trimmed.is_empty() {
        return Err("must not be empty".into());
    }
    // A text of at most `max` bytes cannot have more characters: count only longer ones.
    if trimmed.len() > max {
        let chars = trimmed.chars().count();
        if chars > max {
            return Err(format!("{chars} characters, at most {max} are allowed"));
        }
    }
    Ok(())
}

/// The date of `text` when it is one within `first..=last`.
pub(super) fn check_date(
    text: &str,
    first: NaiveDate,
    last: NaiveDate,
) -> Result<NaiveDate, String> {
    let date =
        iso_date(text).ok_or_else(|| format!("{} is not a date (YYYY-MM-DD)", quoted(text)))?;
    if date < first || date > last {
        return Err(format!("{date} is outside {first} – {last}"));
    }
    Ok(date)
}

/// What the storage decodes as a point in time (sqlx's chrono decoding of text).
fn is_datetime(text: &str) -> bool {
    const FORMATS: [&str; 12] = [
        "%F %T%.f",
        "%F %R",
        "%F %RZ",
        "%F %R%:z",
        "%F %T%.fZ",
        "%F %T%.f%:z",
        "%FT%R",
        "%FT%RZ",
        "%FT%R%:z",
        "%FT%T%.f",
        "%FT%T%.fZ",
        "%FT%T%.f%:z",
    ];
    DateTime::parse_from_rfc3339(text).is_ok()
        || FORMATS.iter().any(|f| {
            DateTime::parse_from_str(text, f).is_ok()
                || NaiveDateTime::parse_from_str(text, f).is_ok()
        })
}

/// The field errors of a validation failure, as one line.
fn fields(error: &crate::CoreError) -> String {
    match error {
        crate::CoreError::Validation(errors) => errors
            .iter()
            .take(5)
            .map(|FieldError { field, code, max }| match max {
                Some(max) => format!("{field}: {code} (at most {max})"),
                None => format!("{field}: {code}"),
            })
            .collect::<Vec<_>>()
            .join(", "),
        other => other.to_string(),
    }
}

/// A value as the reason shows it.
pub(super) fn shown(cell: &Cell<'_>) -> String {
    match cell {
        Cell::Null => "null".into(),
        Cell::Bool(b) => b.to_string(),
        Cell::Int(n) => n.to_string(),
        Cell::Real(f) => f.to_string(),
        Cell::Text(t) => quoted(t),
        Cell::Nested => "a list or an object".into(),
    }
}

/// A text for a reason: quoted, and cut short when long.
fn quoted(text: &str) -> String {
    const SHOWN: usize = 40;
    match text.char_indices().nth(SHOWN) {
        Some((end, _)) => format!("{:?}…", &text[..end]),
        None => format!("{text:?}"),
    }
}
