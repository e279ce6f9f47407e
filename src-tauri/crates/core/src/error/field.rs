//! One problem with one input field: which field, and a [`FieldCode`] the UI translates.

use serde::Serialize;
use specta::Type;

/// Why a field was refused: one stable code per rule, generated into the UI's bindings so the
/// type checker there forces a message for each in both languages. The wire names (snake case)
/// are what the UI, the CLI and saved reports have always read; they never change.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    Serialize,
    Type,
    strum::IntoStaticStr,
    strum::VariantArray,
)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum FieldCode {
    Required,
    /// Longer than `max` characters.
    TooLong,
    InvalidDate,
    /// A date outside 1970-01-01..=2200-12-31, or a number or position outside what is allowed.
    OutOfRange,
    KickoffTooEarly,
    /// A whole number outside 1..=max (influence, heat, day counts).
    OutOfScale,
    /// Two stages of one playbook share a name, or an order lists a stage twice.
    Duplicate,
    InvalidEmail,
    StatusDateTooEarly,
    NoParticipants,
    /// The list the change was based on no longer matches the stored one.
    Mismatch,
    UnknownMember,
    /// A date before the start of the current stage or hold.
    BeforeStart,
    CriterionRequired,
    BeforeKickoff,
    DuplicateId,
    UnknownLane,
    UnknownStep,
    UnknownMilestone,
    InvalidColor,
    SelfConnection,
    /// More items than `max`.
    TooMany,
    OtherJourney,
    /// A list that needs at least one item.
    Empty,
    InvalidChoice,
    FileTooLarge,
    TooManyRows,
    EmptyFile,
    UnknownEncoding,
    UnreadableCsv,
    NameNotMapped,
    MappedTwice,
    TooManyCells,
    /// A quoted cell never closed; `max` is the line it starts on.
    UnclosedQuote,
    /// Text after a closing quote; `max` is the line.
    StrayQuote,
    /// A line in another encoding than the ones above it; `max` is the line.
    MixedEncoding,
    /// A whole-file import refused at the place named by the field.
    InvalidImport,
    /// The file is open in another FirstGoal; `max` is its process id.
    InUse,
}

impl FieldCode {
    /// Every code, for the checks that both languages translate each.
    pub const ALL: &'static [FieldCode] = <FieldCode as strum::VariantArray>::VARIANTS;

    /// The wire name, e.g. `too_long`.
    pub fn as_str(self) -> &'static str {
        self.into()
    }
}

impl std::fmt::Display for FieldCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One problem with one input field, named by a stable code the UI translates.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct FieldError {
    pub field: String,
    pub code: FieldCode,
    /// The limit that was exceeded, for codes such as `too_long`.
    pub max: Option<u32>,
}

impl FieldError {
    pub fn new(field: &str, code: FieldCode) -> Self {
        Self {
            field: field.to_owned(),
            code,
            max: None,
        }
    }

    pub fn with_max(mut self, max: usize) -> Self {
        self.max = Some(u32::try_from(max).unwrap_or(u32::MAX));
        self
    }
}
