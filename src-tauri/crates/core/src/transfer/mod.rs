//! Full export of a database file as one JSON document, and import of such a document into a new
//! or an existing file. The format is generic over the schema (every table, every column), so
//! each feature's data travels without feature-specific code; the import is one transaction.

mod across;
mod cell;
mod check;
mod clean;
mod dump;
mod journey_doc;
mod load;
mod record;
mod rules;

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use specta::Type;

pub use dump::{export, export_json};
pub use load::{import, import_json};
pub use record::{Broken, RecordRules};

use std::path::Path;

use crate::db::Db;
use crate::error::{CoreError, Result};

/// Largest export file an import reads.
pub const MAX_IMPORT_BYTES: u64 = 1 << 30;

/// Writes the whole file as JSON to `path` (streamed, then moved into place); returns the number
/// of rows written.
pub async fn export_to_file(db: &Db, path: &Path) -> Result<u64> {
    dump::export_to_path(db, path).await
}

/// Reads an export file and imports it (see [`import`]).
pub async fn import_file(db: &Db, path: &Path) -> Result<ImportReport> {
    let io = |source| CoreError::Io {
        context: format!("cannot read {}", path.display()),
        source,
    };
    crate::export::check_input_file(path)?;
    let size = std::fs::metadata(path).map_err(io)?.len();
    if size > MAX_IMPORT_BYTES {
        return Err(CoreError::InvalidImport {
            place: "file".to_owned(),
            reason: format!("{size} bytes is over the {MAX_IMPORT_BYTES}-byte limit"),
        });
    }
    let bytes = std::fs::read(path).map_err(io)?;
    let text = String::from_utf8(bytes).map_err(|e| CoreError::InvalidImport {
        place: format!("byte {}", e.utf8_error().valid_up_to()),
        reason: "the file is not UTF-8 text".to_owned(),
    })?;
    import_json(db, &text).await
}

/// Marks a FirstGoal export.
pub const FORMAT: &str = "firstgoal-export";
/// Version of the export format itself (not of the database schema).
pub const FORMAT_VERSION: u32 = 1;

/// One database file as data. `V` is one value of a row: a [`serde_json::Value`] for callers;
/// the importer reads files into a lighter value that borrows from the text.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Dump<V = serde_json::Value> {
    pub format: String,
    pub format_version: u32,
    /// The schema version of the file it was exported from.
    pub schema_version: i64,
    pub exported_at: String,
    pub tables: BTreeMap<String, Table<V>>,
}

/// The rows of one table, each row a list of values in `columns` order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Table<V = serde_json::Value> {
    pub columns: Vec<String>,
    pub rows: Vec<Vec<V>>,
}

/// What an import did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct ImportReport {
    /// Rows written per table.
    pub rows: BTreeMap<String, u32>,
    /// True when ids were renumbered because the file already held data.
    pub renumbered: bool,
}

/// Tables that hold user data: everything but SQLite's and the migrator's own, and the derived
/// tables.
const USER_TABLES: &str = "SELECT name FROM sqlite_master WHERE type = 'table' \
     AND name NOT LIKE 'sqlite_%' AND name <> '_sqlx_migrations' ORDER BY name";

/// Derived tables: caches computed from the other tables by the feature that owns them. They are
/// neither exported nor imported (an export stays small, and an import cannot plant a cache that
/// disagrees with the rows it came with). A name missing from the file is fine.
pub const DERIVED_TABLES: &[&str] = &["project_facts_cache", "department_usage"];

/// The replica's own team-sync state (migration 0014): its enrolment, cursor, outbox, conflicts.
/// It belongs to this file as a replica, not to the data: neither exported nor imported.
pub const REPLICA_TABLES: &[&str] = &[
    "sync_state",
    "sync_outbox",
    "sync_incoming",
    "sync_conflicts",
];

/// The names of the tables that travel, in name order.
async fn user_tables(conn: &mut sqlx::SqliteConnection) -> Result<Vec<String>> {
    let names: Vec<String> = sqlx::query_scalar(USER_TABLES).fetch_all(conn).await?;
    Ok(names
        .into_iter()
        .filter(|n| !DERIVED_TABLES.contains(&n.as_str()) && !REPLICA_TABLES.contains(&n.as_str()))
        .collect())
}
