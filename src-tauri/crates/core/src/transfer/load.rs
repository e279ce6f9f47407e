//! Writing a [`Dump`] into a database file in one transaction. Into an empty file the ids are
//! kept; into a file that already holds data every integer id is renumbered and the references
//! to it follow, so nothing already there is overwritten. The records' team-sync identities
//! (`uid`) are kept into an empty file (the same records, e.g. moved to a new file); into a file
//! with data the rows are new records beside the ones there: their uids are dropped, and a file
//! enrolled in a team names them anew (db/triggers.rs). Any problem names its place in the
//! input and nothing is written. Rows are sent a few hundred per statement; when a statement
//! fails, its rows are retried one by one to name the row at fault.
//!
//! The text is read in two passes: the first checks the whole document and keeps each table as
//! its JSON text; the second takes the tables apart one by one, on a thread of its own when the
//! runtime has several, so the next table is parsed while SQLite writes the one before. Every
//! value is checked (see `check`) before its row is sent, while SQLite writes the rows before it.

use std::collections::{BTreeMap, HashMap};

use serde::Deserialize;
use serde_json::value::RawValue;
use sqlx::SqliteConnection;

use super::across::Across;
use super::cell::Cell;
use super::check::{self, Column, RowCheck};
use super::rules::Bounds;
use super::{Dump, FORMAT, FORMAT_VERSION, ImportReport, Table, user_tables};
use crate::db::bulk::{self, Bulk, SqlValue, quote};
use crate::db::{Db, indexes, triggers};
use crate::error::{CoreError, Result};

fn refuse(place: impl Into<String>, reason: impl Into<String>) -> CoreError {
    CoreError::InvalidImport {
        place: place.into(),
        reason: reason.into(),
    }
}

/// The export after the first pass: checked to be JSON, each table still its text.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDump<'a> {
    format: String,
    format_version: u32,
    schema_version: i64,
    #[allow(dead_code)]
    exported_at: String,
    #[serde(borrow)]
    tables: Tables<'a>,
}

/// The tables in the order the export gives them, each name as often as it is given (a map would
/// keep only the last of a name given twice).
#[derive(Debug)]
struct Tables<'a>(Vec<(String, &'a RawValue)>);

impl<'de: 'a, 'a> Deserialize<'de> for Tables<'a> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        struct Entries<'a>(std::marker::PhantomData<&'a ()>);
        impl<'de: 'a, 'a> serde::de::Visitor<'de> for Entries<'a> {
            type Value = Tables<'a>;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("an object of tables")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> std::result::Result<Tables<'a>, A::Error> {
                let mut out = Vec::new();
                while let Some(entry) = map.next_entry::<String, &'de RawValue>()? {
                    out.push(entry);
                }
                Ok(Tables(out))
            }
        }
        d.deserialize_map(Entries(std::marker::PhantomData))
    }
}

/// One table of the export, taken apart and checked as a whole, with the check of its values.
type Parsed<'a> = Result<(Table<Cell<'a>>, RowCheck)>;

/// What the thread that parses tables needs to check them.
struct Checking<'s> {
    text: &'s str,
    schema: &'s BTreeMap<String, Schema>,
    bounds: Bounds,
}

impl Checking<'_> {
    fn parse<'a>(&self, name: &str, raw: &'a RawValue) -> Parsed<'a> {
        let mut table: Table<Cell<'a>> =
            serde_json::from_str(raw.get()).map_err(|e| parse_error(self.text, &e))?;
        let rows = check::table(name, &table, &self.schema[name].columns, self.bounds)?;
        rows.clean(&mut table);
        Ok((table, rows))
    }
}

/// Parses export JSON (errors name the JSON path and line) and imports it. A byte-order mark
/// before the document (Windows editors write one) is not part of it.
pub async fn import_json(db: &Db, text: &str) -> Result<ImportReport> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    // The fast passes keep no path; only a file that fails is parsed again to name the place.
    let mut de = serde_json::Deserializer::from_str(text);
    let parsed = RawDump::deserialize(&mut de).and_then(|dump| de.end().map(|()| dump));
    match parsed {
        Ok(dump) => import_raw(db, &dump, text).await,
        Err(e) => Err(parse_error(text, &e)),
    }
}

fn parse_error(text: &str, first: &serde_json::Error) -> CoreError {
    let mut de = serde_json::Deserializer::from_str(text);
    match serde_path_to_error::deserialize::<_, Dump<Cell<'_>>>(&mut de) {
        Err(e) => {
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
        }
        // Only the end of the text is wrong (something after the document).
        Ok(_) => refuse(format!("line {}", first.line()), first.to_string()),
    }
}

/// A table of the current schema: its columns, its integer id column if any, and its references.
#[derive(Debug)]
struct Schema {
    columns: Vec<Column>,
    /// The column that holds the rowid and that no other table's rows give (a key that is also
    /// a reference follows the row it refers to instead of getting a new number).
    integer_id: Option<String>,
    /// column → referenced table
    references: HashMap<String, String>,
}

async fn schema(conn: &mut SqliteConnection) -> Result<BTreeMap<String, Schema>> {
    let names = user_tables(&mut *conn).await?;
    let mut out = BTreeMap::new();
    for name in names {
        let cols: Vec<(String, String, i64, bool, bool)> = sqlx::query_as(
            "SELECT name, type, pk, \"notnull\", dflt_value IS NOT NULL \
             FROM pragma_table_info(?1) ORDER BY cid",
        )
        .bind(&name)
        .fetch_all(&mut *conn)
        .await?;
        let refs: Vec<(String, String)> =
            sqlx::query_as("SELECT \"from\", \"table\" FROM pragma_foreign_key_list(?1)")
                .bind(&name)
                .fetch_all(&mut *conn)
                .await?;
        let references: HashMap<String, String> = refs.into_iter().collect();
        let pk_count = cols.iter().filter(|c| c.2 > 0).count();
        let integer_id = cols
            .iter()
            .find(|c| {
                c.2 == 1
                    && pk_count == 1
                    && c.1.eq_ignore_ascii_case("INTEGER")
                    && !references.contains_key(&c.0)
            })
            .map(|c| c.0.clone());
        let columns = cols
            .into_iter()
            .map(|(name, declared, pk, not_null, has_default)| Column {
                reference: references.contains_key(&name),
                name,
                declared,
                not_null,
                has_default,
                pk,
            })
            .collect();
        out.insert(
            name,
            Schema {
                columns,
                integer_id,
                references,
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

/// Writes the dump into `db` in one transaction.
pub async fn import(db: &Db, dump: &Dump) -> Result<ImportReport> {
    let text = serde_json::to_string(dump).map_err(|e| refuse("file", e.to_string()))?;
    import_json(db, &text).await
}

async fn import_raw(db: &Db, dump: &RawDump<'_>, text: &str) -> Result<ImportReport> {
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

    // A connection set up for one big write (foreign keys checked once, in `write_all`).
    let mut conn = bulk::connection(db).await?;
    let mut tx = sqlx::Connection::begin_with(&mut *conn, "BEGIN IMMEDIATE").await?;
    let report = write_all(&mut tx, dump, text).await?;
    tx.commit().await?;
    Ok(report)
}

/// Everything the import writes, on its transaction.
async fn write_all(
    tx: &mut SqliteConnection,
    dump: &RawDump<'_>,
    text: &str,
) -> Result<ImportReport> {
    let schema = schema(&mut *tx).await?;
    let mut given: HashMap<&str, &RawValue> = HashMap::with_capacity(dump.tables.0.len());
    for (name, raw) in &dump.tables.0 {
        if !schema.contains_key(name) {
            return Err(refuse(format!("tables.{name}"), "no such table"));
        }
        if given.insert(name, raw).is_some() {
            return Err(refuse(
                format!("tables.{name}"),
                "the table is given twice; an export gives each table once",
            ));
        }
    }
    let mut renumber = false;
    for name in schema.keys() {
        if name == "file_settings" {
            continue;
        }
        let sql = format!("SELECT EXISTS (SELECT 1 FROM {})", quote(name));
        renumber |= sqlx::query_scalar::<_, bool>(&sql)
            .fetch_one(&mut *tx)
            .await?;
    }
    let suspended = triggers::suspend(&mut *tx).await?;
    // Into an empty file, the indexes are built once at the end.
    let tables: Vec<String> = given.keys().map(|&n| n.to_owned()).collect();
    let set_aside = if renumber {
        None
    } else {
        Some(indexes::set_aside(&mut *tx, tables).await?)
    };

    let order: Vec<(String, &RawValue)> = dependency_order(&schema)
        .into_iter()
        .filter_map(|name| given.get(name.as_str()).map(|raw| (name, *raw)))
        .collect();
    let checking = Checking {
        text,
        schema: &schema,
        bounds: Bounds::new(),
    };
    let mut writer = Writer {
        schema: &schema,
        renumber,
        id_maps: HashMap::new(),
        across: Across::default(),
        report: ImportReport {
            rows: BTreeMap::new(),
            renumbered: renumber,
        },
    };
    let runtime = tokio::runtime::Handle::current();
    if runtime.runtime_flavor() == tokio::runtime::RuntimeFlavor::MultiThread {
        // A second thread parses the next table while this one waits for SQLite. The channel
        // holds one table, so the parser is never more than a table ahead of the writer.
        tokio::task::block_in_place(|| {
            std::thread::scope(|scope| {
                let (sender, parsed) = std::sync::mpsc::sync_channel(1);
                let (tables, checking) = (&order, &checking);
                scope.spawn(move || {
                    for (name, raw) in tables {
                        if sender
                            .send((name.as_str(), checking.parse(name, raw)))
                            .is_err()
                        {
                            break;
                        }
                    }
                });
                runtime.block_on(writer.write(&mut *tx, parsed.iter()))
            })
        })?;
    } else {
        let tables = order
            .iter()
            .map(|(name, raw)| (name.as_str(), checking.parse(name, raw)));
        writer.write(&mut *tx, tables).await?;
    }
    let report = writer.report;
    if let Some(set_aside) = set_aside {
        indexes::restore(&mut *tx, set_aside).await?;
    }
    triggers::restore(&mut *tx, suspended).await?;

    if let Some((table, rowid, parent)) = bulk::broken_reference(&mut *tx).await? {
        return Err(refuse(
            format!("tables.{table}"),
            format!("row {rowid} refers to a {parent} row that is not in the file or the export"),
        ));
    }
    Ok(report)
}

/// Writes the parsed tables, in the order they come, and keeps the ids they were given.
struct Writer<'s> {
    schema: &'s BTreeMap<String, Schema>,
    renumber: bool,
    id_maps: HashMap<String, HashMap<i64, i64>>,
    /// The rules between rows, over the tables written so far.
    across: Across,
    report: ImportReport,
}

impl Writer<'_> {
    async fn write<'c>(
        &mut self,
        tx: &mut SqliteConnection,
        tables: impl Iterator<Item = (&str, Parsed<'c>)>,
    ) -> Result<()> {
        for (name, parsed) in tables {
            let (table, check) = parsed?;
            let target = &self.schema[name];
            let (written, new_ids) = write_table(
                &mut *tx,
                (name, &table, &check),
                target,
                (self.renumber, &self.id_maps),
                &mut self.across,
            )
            .await?;
            self.across.finish(name)?;
            if let Some(new_ids) = new_ids {
                self.id_maps.insert(name.to_owned(), new_ids);
            }
            self.report.rows.insert(name.to_owned(), written);
        }
        Ok(())
    }
}

/// Inserts the rows of one table. When renumbering, rows get the next free ids in order (what
/// SQLite would give them) and references to tables already written follow their new ids.
/// Returns the rows written and, when renumbering a table with an integer id, old id → new id.
async fn write_table(
    conn: &mut SqliteConnection,
    (name, table, check): (&str, &Table<Cell<'_>>, &RowCheck),
    target: &Schema,
    (renumber, id_maps): (bool, &HashMap<String, HashMap<i64, i64>>),
    across: &mut Across,
) -> Result<(u32, Option<HashMap<i64, i64>>)> {
    let id_index = target
        .integer_id
        .as_deref()
        .filter(|_| renumber)
        .and_then(|id| table.columns.iter().position(|c| c == id));
    let next_id = match id_index {
        Some(_) => {
            let sql = format!("SELECT COALESCE(MAX(rowid), 0) FROM {}", quote(name));
            sqlx::query_scalar::<_, i64>(&sql)
                .fetch_one(&mut *conn)
                .await?
        }
        None => 0,
    };
    let columns: Vec<&str> = table.columns.iter().map(String::as_str).collect();
    let conflict = if renumber && target.integer_id.is_none() {
        "ON CONFLICT DO NOTHING"
    } else {
        ""
    };
    // References resolved per column once, not per row.
    let parents: Vec<Option<&HashMap<i64, i64>>> = table
        .columns
        .iter()
        .map(|c| {
            target
                .references
                .get(c)
                .filter(|_| renumber)
                .and_then(|parent| id_maps.get(parent))
        })
        .collect();
    let self_refs: Vec<bool> = table
        .columns
        .iter()
        .map(|c| renumber && target.references.get(c).is_some_and(|p| p == name))
        .collect();
    let mut bulk = Bulk::new(name, &columns, conflict);
    let per = bulk.per_statement();
    let uid_index = table
        .columns
        .iter()
        .position(|c| c == "uid")
        .filter(|_| renumber);
    let mut values = Values {
        name,
        table,
        check,
        target,
        id_index,
        uid_index,
        next_id,
        new_ids: HashMap::new(),
        parents,
        self_refs,
        across,
    };
    let mut chunks = table.rows.chunks(per).enumerate();
    let mut current = chunks
        .next()
        .map(|(_, rows)| values.of(rows, 0))
        .transpose()?;
    let mut start = 0;
    let mut written = 0u64;
    while let Some(sending) = current.take() {
        let next = chunks.next();
        // The next statement's values are built while SQLite writes this one (on its own
        // thread), so reading the export and writing the file overlap.
        let (sent, built) = tokio::join!(biased; bulk.send_values(&mut *conn, &sending), async {
            next.map(|(k, rows)| values.of(rows, k * per)).transpose()
        });
        match sent {
            Ok(n) => written += n,
            Err(e) => {
                let at = (name, &columns[..], conflict);
                return Err(locate(conn, at, sending, start, e).await);
            }
        }
        current = built?;
        start += per;
    }
    let written = u32::try_from(written).unwrap_or(u32::MAX);
    Ok((written, id_index.map(|_| values.new_ids)))
}

/// Turns rows of the export into the values to bind: checks each row and, when renumbering,
/// gives rows their new ids and points references at the new ids of their parents.
struct Values<'v, 'c> {
    name: &'v str,
    table: &'v Table<Cell<'c>>,
    check: &'v RowCheck,
    target: &'v Schema,
    /// The id column, when the rows get new ids.
    id_index: Option<usize>,
    /// The uid column, when the rows are new records beside the file's own (see the module doc).
    uid_index: Option<usize>,
    next_id: i64,
    new_ids: HashMap<i64, i64>,
    /// Per column: the new ids of the table it refers to, when renumbering.
    parents: Vec<Option<&'v HashMap<i64, i64>>>,
    /// Per column: whether it refers to this same table.
    self_refs: Vec<bool>,
    across: &'v mut Across,
}

impl<'v, 'c> Values<'v, 'c> {
    /// The values of `rows`, the first of which is row `first` of the table.
    fn of(&mut self, rows: &'v [Vec<Cell<'c>>], first: usize) -> Result<Vec<SqlValue<'v>>> {
        let width = self.table.columns.len();
        let mut out = Vec::with_capacity(rows.len() * width);
        for (k, row) in rows.iter().enumerate() {
            let r = first + k;
            let name = self.name;
            let place = || format!("tables.{name}.rows[{r}]");
            if row.len() != width {
                return Err(refuse(
                    place(),
                    format!("{} values for {width} columns", row.len()),
                ));
            }
            self.check.row(r, &self.table.columns, row)?;
            self.across.row(name, r, &self.table.columns, row)?;
            for (c, cell) in row.iter().enumerate() {
                if Some(c) == self.id_index {
                    self.next_id += 1;
                    if let Some(old) = cell.as_id() {
                        self.new_ids.insert(old, self.next_id);
                    }
                    out.push(SqlValue::Int(self.next_id));
                    continue;
                }
                if Some(c) == self.uid_index {
                    out.push(SqlValue::Null);
                    continue;
                }
                let map = if self.self_refs[c] {
                    Some(&self.new_ids)
                } else {
                    self.parents[c]
                };
                if let Some(map) = map
                    && let Some(old) = cell.as_id()
                {
                    let parent = &self.target.references[&self.table.columns[c]];
                    let new = map.get(&old).ok_or_else(|| {
                        refuse(
                            format!("{}.{}", place(), self.table.columns[c]),
                            format!("refers to {parent} {old}, which is not in the export"),
                        )
                    })?;
                    out.push(SqlValue::Int(*new));
                    continue;
                }
                out.push(cell.sql().ok_or_else(|| {
                    refuse(
                        format!("{}.{}", place(), self.table.columns[c]),
                        "a value must be null, a number or a string",
                    )
                })?);
            }
        }
        Ok(out)
    }
}

/// After a statement of many rows failed: sends its rows one at a time to name the row at fault.
async fn locate(
    conn: &mut SqliteConnection,
    (name, columns, conflict): (&str, &[&str], &'static str),
    values: Vec<SqlValue<'_>>,
    start: usize,
    error: sqlx::Error,
) -> CoreError {
    let mut one = Bulk::new(name, columns, conflict);
    for (k, row) in values.chunks(columns.len().max(1)).enumerate() {
        if let Err(e) = one.send_values(&mut *conn, row).await {
            return refuse(format!("tables.{name}.rows[{}]", start + k), e.to_string());
        }
    }
    refuse(format!("tables.{name}"), error.to_string())
}
