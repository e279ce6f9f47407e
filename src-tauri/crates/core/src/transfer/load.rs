//! Writing a [`Dump`] into a database file in one transaction. Into an empty file the ids are
//! kept; into a file that already holds data every integer id is renumbered and the references
//! to it follow, so nothing already there is overwritten. Any problem names its place in the
//! input and nothing is written.

use std::collections::{BTreeMap, HashMap};

use sqlx::SqliteConnection;

use super::{Dump, FORMAT, FORMAT_VERSION, ImportReport, USER_TABLES};
use crate::db::Db;
use crate::error::{CoreError, Result};

fn refuse(place: impl Into<String>, reason: impl Into<String>) -> CoreError {
    CoreError::InvalidImport {
        place: place.into(),
        reason: reason.into(),
    }
}

/// Parses export JSON (errors name the JSON path and line) and imports it.
pub async fn import_json(db: &Db, text: &str) -> Result<ImportReport> {
    let mut de = serde_json::Deserializer::from_str(text);
    let dump: Dump = serde_path_to_error::deserialize(&mut de).map_err(|e| {
        let place = e.path().to_string();
        let inner = e.into_inner();
        refuse(
            if place == "." {
                format!("line {}", inner.line())
            } else {
                place
            },
            inner.to_string(),
        )
    })?;
    import(db, &dump).await
}

/// A table of the current schema: its columns, its integer id column if any, and its references.
#[derive(Debug)]
struct Schema {
    columns: Vec<String>,
    integer_id: Option<String>,
    /// column → referenced table
    references: HashMap<String, String>,
}

async fn schema(conn: &mut SqliteConnection) -> Result<BTreeMap<String, Schema>> {
    let names: Vec<String> = sqlx::query_scalar(USER_TABLES)
        .fetch_all(&mut *conn)
        .await?;
    let mut out = BTreeMap::new();
    for name in names {
        let cols: Vec<(String, String, i64)> =
            sqlx::query_as("SELECT name, type, pk FROM pragma_table_info(?1) ORDER BY cid")
                .bind(&name)
                .fetch_all(&mut *conn)
                .await?;
        let pk_count = cols.iter().filter(|c| c.2 > 0).count();
        let integer_id = cols
            .iter()
            .find(|c| c.2 == 1 && pk_count == 1 && c.1.eq_ignore_ascii_case("INTEGER"))
            .map(|c| c.0.clone());
        let refs: Vec<(String, String)> =
            sqlx::query_as("SELECT \"from\", \"table\" FROM pragma_foreign_key_list(?1)")
                .bind(&name)
                .fetch_all(&mut *conn)
                .await?;
        out.insert(
            name,
            Schema {
                columns: cols.into_iter().map(|c| c.0).collect(),
                integer_id,
                references: refs.into_iter().collect(),
            },
        );
    }
    Ok(out)
}

/// Tables ordered so that every referenced table comes before the tables referring to it.
fn dependency_order(schema: &BTreeMap<String, Schema>) -> Vec<String> {
    let mut ordered: Vec<String> = Vec::new();
    while ordered.len() < schema.len() {
        let before = ordered.len();
        for (name, table) in schema {
            let ready = !ordered.contains(name)
                && table.references.values().all(|parent| {
                    parent == name || ordered.contains(parent) || !schema.contains_key(parent)
                });
            if ready {
                ordered.push(name.clone());
            }
        }
        if ordered.len() == before {
            // A reference cycle between tables: keep the rest in name order (foreign keys are
            // deferred to the commit anyway).
            ordered.extend(
                schema
                    .keys()
                    .filter(|n| !ordered.contains(n))
                    .cloned()
                    .collect::<Vec<_>>(),
            );
        }
    }
    ordered
}

fn quote(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

/// Writes the dump into `db` in one transaction.
pub async fn import(db: &Db, dump: &Dump) -> Result<ImportReport> {
    if dump.format != FORMAT {
        return Err(refuse(
            "format",
            format!("expected \"{FORMAT}\", found {:?}", dump.format),
        ));
    }
    if dump.format_version > FORMAT_VERSION {
        return Err(refuse(
            "format_version",
            format!(
                "format {} was written by a newer FirstGoal (this version reads up to {FORMAT_VERSION})",
                dump.format_version
            ),
        ));
    }
    let current = db.schema_version().await?;
    if dump.schema_version != current {
        return Err(refuse(
            "schema_version",
            format!(
                "the export is from schema version {}, this file is at {current}; open and re-export it with this FirstGoal version",
                dump.schema_version
            ),
        ));
    }

    let mut tx = db.begin_write().await?;
    let schema = schema(&mut tx).await?;
    for (name, table) in &dump.tables {
        let target = schema
            .get(name)
            .ok_or_else(|| refuse(format!("tables.{name}"), "no such table"))?;
        for (i, column) in table.columns.iter().enumerate() {
            if !target.columns.contains(column) {
                return Err(refuse(
                    format!("tables.{name}.columns[{i}]"),
                    format!("no column {column:?}"),
                ));
            }
        }
    }
    let mut existing = 0i64;
    for name in schema.keys().filter(|n| n.as_str() != "file_settings") {
        let sql = format!("SELECT COUNT(*) FROM {}", quote(name));
        existing += sqlx::query_scalar::<_, i64>(&sql)
            .fetch_one(&mut *tx)
            .await?;
    }
    let renumber = existing > 0;
    sqlx::query("PRAGMA defer_foreign_keys = ON")
        .execute(&mut *tx)
        .await?;

    let mut id_maps: HashMap<String, HashMap<i64, i64>> = HashMap::new();
    let mut report = ImportReport {
        rows: BTreeMap::new(),
        renumbered: renumber,
    };
    for name in dependency_order(&schema) {
        let Some(table) = dump.tables.get(&name) else {
            continue;
        };
        let target = &schema[&name];
        let id_column = if renumber {
            target.integer_id.as_deref()
        } else {
            None
        };
        let kept: Vec<(usize, &String)> = table
            .columns
            .iter()
            .enumerate()
            .filter(|(_, c)| Some(c.as_str()) != id_column)
            .collect();
        let column_list = kept
            .iter()
            .map(|(_, c)| quote(c))
            .collect::<Vec<_>>()
            .join(", ");
        let params = (1..=kept.len())
            .map(|i| format!("?{i}"))
            .collect::<Vec<_>>()
            .join(", ");
        let conflict = if renumber && id_column.is_none() {
            " ON CONFLICT DO NOTHING"
        } else {
            ""
        };
        let sql = format!(
            "INSERT INTO {} ({column_list}) VALUES ({params}){conflict}",
            quote(&name)
        );
        let id_index = id_column.and_then(|id| table.columns.iter().position(|c| c == id));
        let mut written = 0u32;
        let mut new_ids = HashMap::new();
        for (r, row) in table.rows.iter().enumerate() {
            let place = format!("tables.{name}.rows[{r}]");
            if row.len() != table.columns.len() {
                return Err(refuse(
                    place,
                    format!("{} values for {} columns", row.len(), table.columns.len()),
                ));
            }
            let mut query = sqlx::query(&sql);
            for (c, column) in &kept {
                let mut value = row[*c].clone();
                if renumber
                    && let Some(parent) = target.references.get(*column)
                    && let Some(map) = id_maps.get(parent).or(if parent == &name {
                        Some(&new_ids)
                    } else {
                        None
                    })
                    && let Some(old) = value.as_i64()
                {
                    let new = map.get(&old).ok_or_else(|| {
                        refuse(
                            format!("{place}[{c}]"),
                            format!("refers to {parent} {old}, which is not in the export"),
                        )
                    })?;
                    value = serde_json::Value::from(*new);
                }
                query = match value {
                    serde_json::Value::Null => query.bind(None::<String>),
                    serde_json::Value::Bool(b) => query.bind(b),
                    serde_json::Value::Number(n) if n.is_i64() => query.bind(n.as_i64()),
                    serde_json::Value::Number(n) => query.bind(n.as_f64()),
                    serde_json::Value::String(s) => query.bind(s),
                    _ => {
                        return Err(refuse(
                            format!("{place}[{c}]"),
                            "a value must be null, a number or a string",
                        ));
                    }
                };
            }
            let done = query
                .execute(&mut *tx)
                .await
                .map_err(|e| refuse(place.clone(), e.to_string()))?;
            if let Some(i) = id_index
                && let Some(old) = row[i].as_i64()
            {
                new_ids.insert(old, done.last_insert_rowid());
            }
            written += u32::try_from(done.rows_affected()).unwrap_or(0);
        }
        if id_column.is_some() {
            id_maps.insert(name.clone(), new_ids);
        }
        report.rows.insert(name, written);
    }

    let broken: Option<(String, i64, String)> =
        sqlx::query_as("SELECT \"table\", rowid, parent FROM pragma_foreign_key_check LIMIT 1")
            .fetch_optional(&mut *tx)
            .await?;
    if let Some((table, rowid, parent)) = broken {
        return Err(refuse(
            format!("tables.{table}"),
            format!("row {rowid} refers to a {parent} row that is not in the file or the export"),
        ));
    }
    tx.commit().await?;
    Ok(report)
}
