//! CSV import of stakeholders, the way people bring them from a CRM or Excel export: the file is
//! decoded (UTF-8, UTF-8/UTF-16 with BOM, or Shift_JIS) and parsed, a preview suggests which
//! column fills which field, every row is validated by the stakeholder rules, and the valid rows
//! are appended to the project in one transaction.
//!
//! Two modes: [`ImportMode::AllOrNothing`] (the default) writes nothing when any row is invalid;
//! [`ImportMode::SkipInvalidRows`] writes the valid rows and reports the others. Either way the
//! result lists each invalid row's problems (row number, field, code).

mod decode;
mod mapping;
mod store;

use serde::{Deserialize, Serialize};
use specta::Type;

pub use decode::{CsvEncoding, CsvRow, CsvTable, Delimiter, decode, parse};
pub use mapping::{CheckedRows, CsvField, check_mapping, check_rows, suggest_mapping};
pub use store::{import, import_bytes, preview, preview_bytes, read_file};

use crate::board::Board;
use crate::error::{FieldCode, FieldError};

/// Largest file accepted (5 MiB: tens of thousands of contacts, far above one project's people).
pub const MAX_CSV_BYTES: u64 = 5 * 1024 * 1024;
/// Most data rows accepted in one file.
pub const MAX_CSV_ROWS: usize = 5_000;
/// Data rows shown in the preview.
pub const PREVIEW_ROWS: usize = 20;

/// What to do when some rows are invalid.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, Type, strum::VariantArray,
)]
#[serde(rename_all = "snake_case")]
pub enum ImportMode {
    /// Import only if every row is valid.
    #[default]
    AllOrNothing,
    /// Import the valid rows, report the others.
    SkipInvalidRows,
}

impl ImportMode {
    /// Every value, in the order the UI offers them.
    pub const ALL: &'static [ImportMode] = <ImportMode as strum::VariantArray>::VARIANTS;
}

/// One problem of one row. `field` is a stakeholder field (`name`, `email`, …) or `row` for
/// the row as a whole; `code` and `max` are the form's field codes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct CsvRowError {
    /// As in [`CsvRow::row`]: the header is row 1.
    pub row: u32,
    pub field: String,
    pub code: FieldCode,
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
