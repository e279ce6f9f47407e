//! The records that travel: one kind per table (the kind is the table's name), each field a column.
//! Read from the file's own schema, so the apply side always matches the triggers that fill the
//! outbox (migration 0014); a test checks those triggers name exactly these fields.

use std::collections::HashMap;

use sqlx::SqliteConnection;

use super::SyncError;

/// The tables whose rows travel, parents before the tables referring to them (the core's list).
pub use firstgoal_core::db::TRAVELLING_TABLES as TRAVELLING;

/// Columns that stay in their file: the local row id, the uid itself (it names the record), the
/// local edit counter and time (every replica keeps its own, so edits of different fields of one
/// record never conflict over them) and values derived from other rows.
pub const LOCAL_COLUMNS: &[&str] = &["id", "uid", "version", "updated_at", "last_touch"];

/// One kind of record.
#[derive(Debug, Clone)]
pub struct Kind {
    /// The table, which is also the kind's name on the wire.
    pub table: &'static str,
    /// The fields that travel, in column order.
    pub fields: Vec<String>,
    /// Field → the table it refers to: the value travels as that row's uid.
    pub refs: HashMap<String, &'static str>,
    /// Whether the table has a `version` edit counter (bumped when a pulled change is applied, so
    /// an edit based on the older version is refused as stale).
    pub versioned: bool,
    /// Whether the table has an `updated_at` time (a created record starts with its `created_at`).
    pub stamped: bool,
    /// The SQL expression of the project a row `t` of this kind belongs to (its own id, its
    /// `project_id`, or its parent's), or `None` for records of the whole file (team members,
    /// playbooks). The same rule as the `<table>_uid` triggers (scripts/sync-triggers.py).
    pub project: Option<String>,
}

impl Kind {
    /// The field named `name` of this kind, as the schema spells it (never the wire's string).
    pub fn field(&self, name: &str) -> Option<&str> {
        self.fields
            .iter()
            .find(|f| f.as_str() == name)
            .map(String::as_str)
    }
}

/// The kinds of this file, in [`TRAVELLING`] order.
pub async fn kinds(conn: &mut SqliteConnection) -> Result<Vec<Kind>, SyncError> {
    let mut out = Vec::with_capacity(TRAVELLING.len());
    for &table in TRAVELLING {
        let columns: Vec<String> =
            sqlx::query_scalar("SELECT name FROM pragma_table_info(?1) ORDER BY cid")
                .bind(table)
                .fetch_all(&mut *conn)
                .await?;
        let refs: Vec<(String, String)> =
            sqlx::query_as("SELECT \"from\", \"table\" FROM pragma_foreign_key_list(?1)")
                .bind(table)
                .fetch_all(&mut *conn)
                .await?;
        let project = project_of(&mut *conn, table, &columns, &refs).await?;
        let refs = refs
            .iter()
            .cloned()
            .filter_map(|(from, to)| {
                let parent = TRAVELLING.iter().find(|&&t| t == to)?;
                Some((from, *parent))
            })
            .collect();
        out.push(Kind {
            table,
            versioned: columns.iter().any(|c| c == "version"),
            stamped: columns.iter().any(|c| c == "updated_at"),
            fields: columns
                .into_iter()
                .filter(|c| !LOCAL_COLUMNS.contains(&c.as_str()))
                .collect(),
            refs,
            project,
        });
    }
    Ok(out)
}

/// See [`Kind::project`]; `refs` in the schema's order (the first parent that has a project).
async fn project_of(
    conn: &mut SqliteConnection,
    table: &str,
    columns: &[String],
    refs: &[(String, String)],
) -> Result<Option<String>, SyncError> {
    if table == "projects" {
        return Ok(Some("t.id".to_owned()));
    }
    if columns.iter().any(|c| c == "project_id") {
        return Ok(Some("t.project_id".to_owned()));
    }
    for (from, parent) in refs {
        let has: bool = sqlx::query_scalar(
            "SELECT EXISTS (SELECT 1 FROM pragma_table_info(?1) WHERE name = 'project_id')",
        )
        .bind(parent)
        .fetch_one(&mut *conn)
        .await?;
        if has {
            return Ok(Some(format!(
                "(SELECT project_id FROM {} WHERE id = t.{})",
                quote(parent),
                quote(from)
            )));
        }
    }
    Ok(None)
}

/// `"name"`: an identifier from the schema or [`TRAVELLING`], quoted for SQL.
pub fn quote(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

/// The SQL expression of `field` of row `row` of `kind` as JSON text: its value, or for a
/// reference the uid of the row it refers to.
pub fn json_of(kind: &Kind, row: &str, field: &str) -> String {
    match kind.refs.get(field) {
        Some(parent) => format!(
            "json_quote((SELECT p.uid FROM {} p WHERE p.id = {row}.{}))",
            quote(parent),
            quote(field)
        ),
        None => format!("json_quote({row}.{})", quote(field)),
    }
}
