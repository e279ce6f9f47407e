//! Full export of a database file as one JSON document, and import of such a document into a new
//! or an existing file. The format is generic over the schema (every table, every column), so
//! each feature's data travels without feature-specific code; the import is one transaction.

mod dump;
mod load;

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use specta::Type;

pub use dump::{export, export_json};
pub use load::{import, import_json};

/// Marks a FirstGoal export.
pub const FORMAT: &str = "firstgoal-export";
/// Version of the export format itself (not of the database schema).
pub const FORMAT_VERSION: u32 = 1;

/// One database file as data.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Dump {
    pub format: String,
    pub format_version: u32,
    /// The schema version of the file it was exported from.
    pub schema_version: i64,
    pub exported_at: String,
    pub tables: BTreeMap<String, Table>,
}

/// The rows of one table, each row a list of values in `columns` order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Table {
    pub columns: Vec<String>,
    pub rows: Vec<Vec<serde_json::Value>>,
}

/// What an import did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct ImportReport {
    /// Rows written per table.
    pub rows: BTreeMap<String, u32>,
    /// True when ids were renumbered because the file already held data.
    pub renumbered: bool,
}

/// Tables that hold user data: everything but SQLite's and the migrator's own.
const USER_TABLES: &str = "SELECT name FROM sqlite_master WHERE type = 'table' \
     AND name NOT LIKE 'sqlite_%' AND name <> '_sqlx_migrations' ORDER BY name";
