//! CSV import of stakeholders, the way people bring them from a CRM or Excel export: the file is
//! decoded (UTF-8, UTF-8/UTF-16 with BOM, or Shift_JIS) and parsed, a preview suggests which
//! column fills which field, every row is validated by the stakeholder rules, and the valid rows
//! are appended to the project in one transaction.
//!
//! Two modes: [`ImportMode::AllOrNothing`] (the default) writes nothing when any row is invalid;
//! [`ImportMode::SkipInvalidRows`] writes the valid rows and reports the others. Either way the
//! result lists each invalid row's problems (row number, field, code).

mod decode;
mod headers;
mod mapping;
mod names;
mod store;

use serde::{Deserialize, Serialize};
use specta::Type;

pub use decode::{CsvEncoding, CsvRow, CsvTable, Delimiter, decode, parse};
pub use headers::suggest_mapping;
pub use mapping::{CheckedRows, CsvField, check_mapping, check_rows};
pub use store::{import, import_bytes, preview, preview_bytes, read_file};

use crate::board::Board;
use crate::error::FieldError;

/// Largest file accepted (5 MiB: tens of thousands of contacts, far above one project's people).
pub const MAX_CSV_BYTES: u64 = 5 * 1024 * 1024;
/// Most data rows accepted in one file.
pub const MAX_CSV_ROWS: usize = 5_000;
/// Data rows shown in the preview.
pub const PREVIEW_ROWS: usize = 20;

/// Field codes of the CSV import (the file, the mapping and single cells).
pub mod codes {
    /// The file is larger than [`super::MAX_CSV_BYTES`] (`max` in bytes).
    pub const FILE_TOO_LARGE: &str = "file_too_large";
    /// The file has more than [`super::MAX_CSV_ROWS`] data rows.
    pub const TOO_MANY_ROWS: &str = "too_many_rows";
    /// No header row: the file is empty or blank.
    pub const EMPTY_FILE: &str = "empty_file";
    /// Neither UTF-8 (with or without BOM), UTF-16 with BOM, nor Shift_JIS.
    pub const UNKNOWN_ENCODING: &str = "unknown_encoding";
    /// The CSV structure could not be read.
    pub const UNREADABLE_CSV: &str = "unreadable_csv";
    /// No column is mapped to the name.
    pub const NAME_NOT_MAPPED: &str = "name_not_mapped";
    /// Two columns are mapped to the same field.
    pub const MAPPED_TWICE: &str = "mapped_twice";
    /// A value that is not one of the field's choices (a level such as "boss").
    pub const INVALID_CHOICE: &str = "invalid_choice";
    /// A row with more cells than the header has columns.
    pub const TOO_MANY_CELLS: &str = "too_many_cells";
    /// A quoted cell is never closed; `max` is the line where it starts.
    pub const UNCLOSED_QUOTE: &str = "unclosed_quote";
    /// A quote closes a cell before the end of its text; `max` is the line where the quoted cell
    /// starts.
    pub const STRAY_QUOTE: &str = "stray_quote";
    /// A line is not in the encoding of the lines above it (UTF-8 and Shift_JIS mixed); `max` is
    /// that line.
    pub const MIXED_ENCODING: &str = "mixed_encoding";
}

/// What to do when some rows are invalid.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum ImportMode {
    /// Import only if every row is valid.
    #[default]
    AllOrNothing,
    /// Import the valid rows, report the others.
    SkipInvalidRows,
}

/// One problem of one row. `field` is a stakeholder field (`name`, `email`, …) or `row` for
/// the row as a whole; `code` and `max` are the form's field codes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct CsvRowError {
    /// As in [`CsvRow::row`]: the header is row 1.
    pub row: u32,
    pub field: String,
    pub code: String,
    pub max: Option<u32>,
}

/// What the import screen shows before anything is written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct CsvPreview {
    pub encoding: CsvEncoding,
    pub delimiter: Delimiter,
    pub header: Vec<String>,
    /// The first [`PREVIEW_ROWS`] data rows.
    pub rows: Vec<CsvRow>,
    /// Every non-blank data row of the file.
    pub total_rows: u32,
    /// The mapping the rows were checked with: the one asked for, or the suggestion.
    pub mapping: Vec<Option<CsvField>>,
    /// Problems of the mapping; when there are any, the rows were not checked.
    pub mapping_errors: Vec<FieldError>,
    pub valid_rows: u32,
    pub invalid_rows: u32,
    pub errors: Vec<CsvRowError>,
}

/// The outcome of an import.
#[derive(Debug, Clone, PartialEq, Serialize, Type)]
pub struct CsvImportReport {
    pub encoding: CsvEncoding,
    pub mode: ImportMode,
    pub total_rows: u32,
    /// Stakeholders written (0 when refused).
    pub imported: u32,
    pub invalid_rows: u32,
    /// True when all-or-nothing found invalid rows and wrote nothing.
    pub refused: bool,
    pub errors: Vec<CsvRowError>,
    /// The project's board after the import (unchanged when nothing was written).
    pub board: Board,
}

fn count(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}
