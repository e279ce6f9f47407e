//! Reading every user table into a [`Dump`].

use std::collections::BTreeMap;

use chrono::Utc;
use sqlx::{Column, Row, TypeInfo, ValueRef};

use super::{Dump, FORMAT, FORMAT_VERSION, Table, USER_TABLES};
use crate::db::Db;
use crate::error::{CoreError, Result};

/// Exports every table of the file, rows in primary-key order, inside one read transaction so the
/// dump is a consistent snapshot.
pub async fn export(db: &Db) -> Result<Dump> {
    let mut tx = db.pool().begin().await?;
    let names: Vec<String> = sqlx::query_scalar(USER_TABLES).fetch_all(&mut *tx).await?;
    let mut tables = BTreeMap::new();
    for name in names {
        let columns: Vec<String> =
            sqlx::query_scalar("SELECT name FROM pragma_table_info(?1) ORDER BY cid")
                .bind(&name)
                .fetch_all(&mut *tx)
                .await?;
        // Table names come from sqlite_master, never from user input; quoting keeps odd names safe.
        let sql = format!(
            "SELECT * FROM \"{}\" ORDER BY rowid",
            name.replace('"', "\"\"")
        );
        let rows = sqlx::query(&sql).fetch_all(&mut *tx).await?;
        let rows = rows.iter().map(row_values).collect::<Result<Vec<_>>>()?;
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

/// The export as pretty JSON text.
pub async fn export_json(db: &Db) -> Result<String> {
    let dump = export(db).await?;
    serde_json::to_string_pretty(&dump)
        .map_err(|e| CoreError::Unavailable(format!("writing the export failed: {e}")))
}

fn row_values(row: &sqlx::sqlite::SqliteRow) -> Result<Vec<serde_json::Value>> {
    let mut values = Vec::with_capacity(row.columns().len());
    for (i, column) in row.columns().iter().enumerate() {
        let raw = row.try_get_raw(i)?;
        let value = if raw.is_null() {
            serde_json::Value::Null
        } else {
            match raw.type_info().name() {
                "INTEGER" => serde_json::Value::from(row.try_get::<i64, _>(i)?),
                "REAL" => serde_json::Value::from(row.try_get::<f64, _>(i)?),
                "TEXT" => serde_json::Value::from(row.try_get::<String, _>(i)?),
                other => {
                    return Err(CoreError::Unavailable(format!(
                        "column {} holds a {other} value, which the export does not support",
                        column.name()
                    )));
                }
            }
        };
        values.push(value);
    }
    Ok(values)
}
