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

use std::path::Path;

use crate::db::Db;
use crate::error::{CoreError, Result};

/// Largest export file an import reads.
pub const MAX_IMPORT_BYTES: u64 = 1 << 30;

/// Writes the whole file as JSON to `path`; returns the number of rows written.
pub async fn export_to_file(db: &Db, path: &Path) -> Result<u64> {
    let dump = export(db).await?;
    let rows = dump.tables.values().map(|t| t.rows.len() as u64).sum();
    let text = serde_json::to_vec_pretty(&dump)
        .map_err(|e| CoreError::Unavailable(format!("writing the export failed: {e}")))?;
    crate::export::write_atomic(path, &text)?;
    Ok(rows)
}

/// Reads an export file and imports it (see [`import`]).
pub async fn import_file(db: &Db, path: &Path) -> Result<ImportReport> {
    let io = |source| CoreError::Io {
        context: format!("cannot read {}", path.display()),
        source,
    };
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

/// Tables that hold user data: everything but SQLite's and the migrator's own, and the core's
/// derived tables (rebuilt from the data by the core and its triggers).
const USER_TABLES: &str = "SELECT name FROM sqlite_master WHERE type = 'table' \
     AND name NOT LIKE 'sqlite_%' AND name <> '_sqlx_migrations' \
     AND name NOT IN ('project_facts_cache', 'department_usage') ORDER BY name";
