//! Reading every user table: into a [`Dump`] (for callers that work on the data), or streamed
//! straight to JSON text, page by page, without building the document in memory first (the
//! export of a 10,000-project file is hundreds of megabytes).

use std::collections::BTreeMap;
use std::io::{BufWriter, Write};
use std::path::Path;

use chrono::Utc;
use serde::ser::{Error as _, SerializeSeq};
use sqlx::sqlite::SqliteRow;
use sqlx::{Column, Row, SqliteConnection, TypeInfo, ValueRef};

use super::{Dump, FORMAT, FORMAT_VERSION, Table, user_tables};
use crate::db::Db;
use crate::db::bulk::quote;
use crate::error::{CoreError, Result};
use crate::export;

/// Rows read per query while streaming: memory stays flat however large the file is.
const PAGE: i64 = 5_000;

/// Exports every table of the file, rows in primary-key order, inside one read transaction so the
/// dump is a consistent snapshot.
pub async fn export(db: &Db) -> Result<Dump> {
    let mut tx = db.pool().begin().await?;
    let names = user_tables(&mut tx).await?;
    let mut tables = BTreeMap::new();
    for name in names {
        let columns = columns(&mut tx, &name).await?;
        let sql = format!("SELECT * FROM {} ORDER BY rowid", quote(&name));
        let rows = sqlx::query(&sql).fetch_all(&mut *tx).await?;
        let rows = rows
            .iter()
            .map(|row| serde_json::to_value(Values { row, skip: 0 }))
            .map(|v| match v {
                Ok(serde_json::Value::Array(values)) => Ok(values),
                Ok(_) => Ok(Vec::new()),
                Err(e) => Err(CoreError::Unavailable(e.to_string())),
            })
            .collect::<Result<Vec<_>>>()?;
        tables.insert(name, Table { columns, rows });
    }
    tx.commit().await?;
    Ok(Dump {
        format: FORMAT.to_owned(),
        format_version: FORMAT_VERSION,
        schema_version: db.schema_version().await?,
        exported_at: Utc::now().to_rfc3339(),
        tables,
    })
}

/// The export as JSON text (the same text [`export_to_path`] writes).
pub async fn export_json(db: &Db) -> Result<String> {
    let mut out = Vec::new();
    write_json(db, &mut out).await.map_err(|e| match e {
        Failure::Core(e) => e,
        Failure::Io(e) => CoreError::Unavailable(format!("writing the export failed: {e}")),
    })?;
    String::from_utf8(out).map_err(|e| CoreError::Unavailable(e.to_string()))
}

/// Streams the export into a temporary file next to `path`, then moves it into place, so a
/// failed export never leaves a partial file under the chosen name. Returns the rows written.
pub(super) async fn export_to_path(db: &Db, path: &Path) -> Result<u64> {
    let file = export::temp_beside(path)?;
    let mut out = BufWriter::with_capacity(1 << 20, file.as_file());
    let rows = write_json(db, &mut out).await.map_err(|e| match e {
        Failure::Core(e) => e,
        Failure::Io(e) => export::io_error("cannot write", path, e),
    })?;
    out.flush()
        .map_err(|e| export::io_error("cannot write", path, e))?;
    drop(out);
    export::persist(file, path)?;
    Ok(rows)
}

enum Failure {
    Core(CoreError),
    Io(std::io::Error),
}

impl From<std::io::Error> for Failure {
    fn from(e: std::io::Error) -> Self {
        Failure::Io(e)
    }
}

impl From<sqlx::Error> for Failure {
    fn from(e: sqlx::Error) -> Self {
        Failure::Core(e.into())
    }
}

impl From<CoreError> for Failure {
    fn from(e: CoreError) -> Self {
        Failure::Core(e)
    }
}

impl From<serde_json::Error> for Failure {
    fn from(e: serde_json::Error) -> Self {
        if e.is_io() {
            Failure::Io(e.into())
        } else {
            Failure::Core(CoreError::Unavailable(e.to_string()))
        }
    }
}

/// The JSON text of a [`Dump`], one row per line (readable, and a third of the size of
/// indenting every value), every value encoded by serde_json.
async fn write_json(db: &Db, out: &mut impl Write) -> std::result::Result<u64, Failure> {
    let text = |v: &str| serde_json::to_string(v);
    let schema_version = db.schema_version().await?;
    let mut tx = db.pool().begin().await?;
    let names = user_tables(&mut tx).await?;
    write!(
        out,
        "{{\n  \"format\": {},\n  \"format_version\": {FORMAT_VERSION},\n  \
         \"schema_version\": {schema_version},\n  \"exported_at\": {},\n  \"tables\": {{",
        text(FORMAT)?,
        text(&Utc::now().to_rfc3339())?,
    )?;
    let mut total = 0u64;
    for (t, name) in names.iter().enumerate() {
        let columns = columns(&mut tx, name).await?;
        write!(
            out,
            "{}\n    {}: {{\n      \"columns\": {},\n      \"rows\": [",
            if t > 0 { "," } else { "" },
            text(name)?,
            serde_json::to_string(&columns)?,
        )?;
        let (fast, slow) = page_queries(name, &columns);
        let mut after = i64::MIN;
        let mut written = 0u64;
        loop {
            let page: sqlx::Result<(Option<i64>, i64, Option<String>)> = sqlx::query_as(&fast)
                .bind(after)
                .bind(PAGE)
                .bind(ROW_SEPARATOR)
                .fetch_one(&mut *tx)
                .await;
            let count = match page {
                Ok((last, count, text)) => {
                    if let (Some(last), Some(text)) = (last, text) {
                        out.write_all(if written == 0 { b"\n" } else { b",\n" })?;
                        out.write_all(INDENT.as_bytes())?;
                        out.write_all(text.as_bytes())?;
                        after = last;
                    }
                    count
                }
                // A value SQLite cannot put in JSON (a BLOB): the row-by-row path names it.
                Err(_) => {
                    let rows = sqlx::query(&slow)
                        .bind(after)
                        .bind(PAGE)
                        .fetch_all(&mut *tx)
                        .await?;
                    for (k, row) in rows.iter().enumerate() {
                        after = row.try_get(0)?;
                        let first = written == 0 && k == 0;
                        out.write_all(if first { b"\n" } else { b",\n" })?;
                        out.write_all(INDENT.as_bytes())?;
                        serde_json::to_writer(&mut *out, &Values { row, skip: 1 })?;
                    }
                    rows.len() as i64
                }
            };
            written += u64::try_from(count).unwrap_or(0);
            if count < PAGE {
                break;
            }
        }
        out.write_all(if written == 0 {
            b"]\n    }"
        } else {
            b"\n      ]\n    }"
        })?;
        total += written;
    }
    out.write_all(if names.is_empty() {
        b"}\n}\n"
    } else {
        b"\n  }\n}\n"
    })?;
    tx.commit().await?;
    Ok(total)
}

const INDENT: &str = "        ";
const ROW_SEPARATOR: &str = ",\n        ";

/// The queries of one page of rows after rowid `?1`, at most `?2` rows: the fast one has SQLite
/// write the rows as JSON arrays, joined by `?3` (reals with 17 significant digits, so they read
/// back exactly); the slow one returns the rows themselves, to serialize one by one.
fn page_queries(table: &str, columns: &[String]) -> (String, String) {
    let values = columns
        .iter()
        .map(|c| {
            let c = quote(c);
            format!("CASE WHEN typeof({c}) = 'real' THEN json(printf('%!.17g', {c})) ELSE {c} END")
        })
        .collect::<Vec<_>>()
        .join(", ");
    let table = quote(table);
    (
        format!(
            "SELECT MAX(rid), COUNT(*), string_agg(line, ?3 ORDER BY rid) FROM \
             (SELECT rowid AS rid, json_array({values}) AS line FROM {table} \
             WHERE rowid > ?1 ORDER BY rowid LIMIT ?2)"
        ),
        format!("SELECT rowid, * FROM {table} WHERE rowid > ?1 ORDER BY rowid LIMIT ?2"),
    )
}

async fn columns(conn: &mut SqliteConnection, table: &str) -> Result<Vec<String>> {
    Ok(
        sqlx::query_scalar("SELECT name FROM pragma_table_info(?1) ORDER BY cid")
            .bind(table)
            .fetch_all(conn)
            .await?,
    )
}

/// The values of a row from column `skip` on, as a JSON array: null, a number or a string
/// (borrowed from the row, never copied into a JSON tree).
struct Values<'r> {
    row: &'r SqliteRow,
    skip: usize,
}

impl serde::Serialize for Values<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        let row = self.row;
        let columns = &row.columns()[self.skip..];
        let mut seq = s.serialize_seq(Some(columns.len()))?;
        for column in columns {
            let i = column.ordinal();
            let raw = row.try_get_raw(i).map_err(S::Error::custom)?;
            if raw.is_null() {
                seq.serialize_element(&())?;
                continue;
            }
            match raw.type_info().name() {
                "INTEGER" => {
                    seq.serialize_element(&row.try_get::<i64, _>(i).map_err(S::Error::custom)?)?
                }
                "REAL" => {
                    seq.serialize_element(&row.try_get::<f64, _>(i).map_err(S::Error::custom)?)?
                }
                "TEXT" => {
                    seq.serialize_element(&row.try_get::<&str, _>(i).map_err(S::Error::custom)?)?
                }
                other => {
                    return Err(S::Error::custom(format!(
                        "column {} holds a {other} value, which the export does not support",
                        column.name()
                    )));
                }
            }
        }
        seq.end()
    }
}
