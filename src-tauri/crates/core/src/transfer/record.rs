//! The full import's rules one record at a time, for a writer that receives records field by
//! field (a team replica applying pulled changes): each value is cleaned and checked as the
//! import checks it ([`rules`](super::rules), [`clean`](super::clean)), a whole row against the
//! rules that tie its values together ([`check`](super::check)), and a project's rows against the
//! rules across rows ([`across`](super::across)), read from the file as it is.

use std::collections::HashMap;
use std::fmt;

use serde_json::Value;
use sqlx::SqliteConnection;

use super::across::Across;
use super::cell::Cell;
use super::check::{self, RowCheck};
use super::rules::Bounds;
use super::{Table, load};
use crate::db::bulk::quote;
use crate::error::Result;

/// A rule a record breaks: the table, the record (its uid) when known, the column and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Broken {
    pub table: String,
    pub uid: Option<String>,
    pub column: String,
    pub reason: String,
}

impl fmt::Display for Broken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}: {}", self.table, self.column, self.reason)
    }
}

/// The rules of every table of a file, read once from its schema.
pub struct RecordRules {
    tables: HashMap<String, (Vec<String>, RowCheck)>,
}

impl fmt::Debug for RecordRules {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_set().entries(self.tables.keys()).finish()
    }
}

/// The tables the rules across rows concern, parents first, and how to find a project's rows in
/// each (`?1` is the project's id): its own, and for the people at touchpoints, those of another
/// project that a row of this one is tied to, so a person and a touchpoint of two projects meet.
const PROJECT_ROWS: &[(&str, &str)] = &[
    ("projects", "id = ?1"),
    ("milestones", "project_id = ?1"),
    (
        "stakeholders",
        "project_id = ?1 OR id IN (SELECT p.stakeholder_id FROM touchpoint_participants p \
         JOIN touchpoints t ON t.id = p.touchpoint_id WHERE t.project_id = ?1)",
    ),
    (
        "touchpoints",
        "project_id = ?1 OR id IN (SELECT p.touchpoint_id FROM touchpoint_participants p \
         JOIN stakeholders s ON s.id = p.stakeholder_id WHERE s.project_id = ?1)",
    ),
    (
        "touchpoint_participants",
        "touchpoint_id IN (SELECT id FROM touchpoints WHERE project_id = ?1) \
         OR stakeholder_id IN (SELECT id FROM stakeholders WHERE project_id = ?1)",
    ),
    ("project_holds", "project_id = ?1"),
    ("project_stages", "project_id = ?1"),
];

impl RecordRules {
    /// The rules of the file `conn` is open on.
    pub async fn load(conn: &mut SqliteConnection) -> Result<Self> {
        let mut tables = HashMap::new();
        for (name, schema) in load::schema(conn).await? {
            let columns: Vec<String> = schema.columns.iter().map(|c| c.name.clone()).collect();
            let empty = Table {
                columns: columns.clone(),
                rows: Vec::new(),
            };
            let rows = check::table(&name, &empty, &schema.columns, Bounds::new())?;
            tables.insert(name, (columns, rows));
        }
        Ok(Self { tables })
    }

    /// `value` as the import would store it in `column` of `table` (control characters
    /// normalised), or why it cannot be stored there. A column the file does not have is left to
    /// the caller.
    pub fn value(
        &self,
        table: &str,
        column: &str,
        value: &Value,
    ) -> std::result::Result<Value, String> {
        let Some((columns, rows)) = self.tables.get(table) else {
            return Ok(value.clone());
        };
        let Some(c) = columns.iter().position(|name| name == column) else {
            return Ok(value.clone());
        };
        let mut cell = cell_of(value);
        rows.clean_value(c, &mut cell);
        rows.value(c, &cell)?;
        Ok(match cell {
            Cell::Text(text) => Value::String(text.into_owned()),
            _ => value.clone(),
        })
    }

    /// Checks the record `uid` of `table` as the file holds it — every value and the rules of the
    /// row — and returns the id of the project it belongs to when the rules across rows concern
    /// it (see [`Self::project`]). A record the file does not hold breaks nothing.
    pub async fn record(
        &self,
        conn: &mut SqliteConnection,
        table: &str,
        uid: &str,
    ) -> Result<std::result::Result<Option<i64>, Broken>> {
        let Some((columns, rows)) = self.tables.get(table) else {
            return Ok(Ok(None));
        };
        let Some(text) = row_json(conn, table, columns, "uid = ?1", Key::Uid(uid))
            .await?
            .pop()
        else {
            return Ok(Ok(None));
        };
        let cells = cells(&text)?;
        if let Err((column, reason)) = rows.broken(columns, &cells) {
            return Ok(Err(Broken {
                table: table.to_owned(),
                uid: Some(uid.to_owned()),
                column: column.to_owned(),
                reason,
            }));
        }
        let int = |name: &str| {
            let at = columns.iter().position(|c| c == name)?;
            cells[at].as_id()
        };
        let project = match table {
            "projects" => int("id"),
            "touchpoint_participants" => {
                let touchpoint = int("touchpoint_id");
                sqlx::query_scalar("SELECT project_id FROM touchpoints WHERE id = ?1")
                    .bind(touchpoint)
                    .fetch_optional(&mut *conn)
                    .await?
            }
            _ if PROJECT_ROWS.iter().any(|(t, _)| *t == table) => int("project_id"),
            _ => None,
        };
        Ok(Ok(project))
    }

    /// Checks the rows of the project `id` against the rules across rows, as the import checks
    /// them: the row at fault (its uid) and why.
    pub async fn project(
        &self,
        conn: &mut SqliteConnection,
        id: i64,
    ) -> Result<std::result::Result<(), Broken>> {
        let mut across = Across::default();
        let mut stages = Vec::new();
        for &(table, which) in PROJECT_ROWS {
            let Some((columns, _)) = self.tables.get(table) else {
                continue;
            };
            let mut with_uid = columns.clone();
            with_uid.push("uid".to_owned());
            for (r, text) in row_json(conn, table, &with_uid, which, Key::Id(id))
                .await?
                .iter()
                .enumerate()
            {
                let mut cells = cells(text)?;
                let uid = match cells.pop() {
                    Some(Cell::Text(uid)) => Some(uid.into_owned()),
                    _ => None,
                };
                if table == "project_stages" {
                    stages.push(uid.clone());
                }
                if let Err((column, reason)) = across.broken(table, r, columns, &cells) {
                    return Ok(Err(Broken {
                        table: table.to_owned(),
                        uid,
                        column: column.to_owned(),
                        reason,
                    }));
                }
            }
        }
        Ok(across
            .stages_in_order()
            .map_err(|(r, column, reason)| Broken {
                table: "project_stages".to_owned(),
                uid: stages.get(r).cloned().flatten(),
                column: column.to_owned(),
                reason,
            }))
    }
}

/// The rows of `table` that `which` selects (bound to `key`), each as a JSON array of `columns`,
/// in row order.
async fn row_json(
    conn: &mut SqliteConnection,
    table: &str,
    columns: &[String],
    which: &str,
    key: Key<'_>,
) -> Result<Vec<String>> {
    let values: Vec<String> = columns.iter().map(|c| quote(c)).collect();
    let sql = format!(
        "SELECT json_array({}) FROM {} WHERE {which} ORDER BY rowid",
        values.join(", "),
        quote(table)
    );
    let query = sqlx::query_scalar(&sql);
    let query = match key {
        Key::Uid(uid) => query.bind(uid.to_owned()),
        Key::Id(id) => query.bind(id),
    };
    Ok(query.fetch_all(conn).await?)
}

/// What selects rows: a record's uid or a project's id.
#[derive(Clone, Copy)]
enum Key<'a> {
    Uid(&'a str),
    Id(i64),
}

/// The values of a row as `row_json` reads them.
fn cells(text: &str) -> Result<Vec<Cell<'_>>> {
    serde_json::from_str(text).map_err(|e| {
        crate::CoreError::Storage(sqlx::Error::Decode(
            format!("cannot read a row: {e}").into(),
        ))
    })
}

/// A JSON value as the import reads it.
fn cell_of(value: &Value) -> Cell<'_> {
    match value {
        Value::Null => Cell::Null,
        Value::Bool(b) => Cell::Bool(*b),
        Value::Number(n) => n
            .as_i64()
            .map_or_else(|| Cell::Real(n.as_f64().unwrap_or(f64::NAN)), Cell::Int),
        Value::String(s) => Cell::Text(s.as_str().into()),
        Value::Array(_) | Value::Object(_) => Cell::Nested,
    }
}
