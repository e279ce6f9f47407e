//! Multi-row `INSERT`s for writing many rows at once (the full import, the demo generator).
//! Every statement is a round trip to SQLite's worker thread; sending a few hundred rows per
//! statement instead of one makes bulk writes an order of magnitude faster. Values are always
//! bound as parameters.

use std::borrow::Cow;

use chrono::{DateTime, NaiveDate, SecondsFormat, Utc};
use sqlx::pool::PoolConnection;
use sqlx::{Sqlite, SqliteConnection};

use super::Db;
use crate::error::Result;

/// Page cache of a bulk connection, in KiB (negative: SQLite's unit for a size, not pages). An
/// upper bound, taken only as pages are written: large enough that a 10,000-project import
/// (≈ 340 MB) keeps every page until its commit — with 64 MiB, SQLite spilled pages to the WAL
/// and read them back (three writes per page) and sorted the index builds in a temporary file.
const CACHE_KIB: i64 = -512 * 1024;

/// A connection of its own for one large write, closed afterwards instead of going back to the
/// pool, because it is set up for that write only: foreign keys are not enforced row by row
/// (each row would look its parents up, and rows can be sent in any order; the caller checks
/// them all with `pragma_foreign_key_check` before its commit, which also names the place), and
/// the page cache is larger (with the default one SQLite writes index pages to the WAL again
/// and again before the commit). Its commit does not copy the WAL into the file (hundreds of
/// megabytes after a large import): the caller runs [`Db::checkpoint`] afterwards, off the path
/// of the answer (closing the file does it too). `foreign_keys` cannot change inside a
/// transaction: the caller begins its transaction on this connection.
pub(crate) async fn connection(db: &Db) -> Result<PoolConnection<Sqlite>> {
    let mut conn = db.pool().acquire().await?;
    conn.close_on_drop();
    sqlx::query("PRAGMA foreign_keys = OFF")
        .execute(&mut *conn)
        .await?;
    sqlx::query(&format!("PRAGMA cache_size = {CACHE_KIB}"))
        .execute(&mut *conn)
        .await?;
    sqlx::query("PRAGMA wal_autocheckpoint = 0")
        .execute(&mut *conn)
        .await?;
    Ok(conn)
}

/// The first row that breaks a foreign key, if any: (table, rowid, referenced table).
pub(crate) async fn broken_reference(
    conn: &mut SqliteConnection,
) -> Result<Option<(String, i64, String)>> {
    Ok(
        sqlx::query_as("SELECT \"table\", rowid, parent FROM pragma_foreign_key_check LIMIT 1")
            .fetch_optional(conn)
            .await?,
    )
}

/// One SQL value to bind.
#[derive(Debug, Clone, PartialEq)]
pub enum SqlValue<'a> {
    Null,
    Int(i64),
    Real(f64),
    Text(Cow<'a, str>),
}

impl From<i64> for SqlValue<'_> {
    fn from(v: i64) -> Self {
        SqlValue::Int(v)
    }
}

impl From<bool> for SqlValue<'_> {
    fn from(v: bool) -> Self {
        SqlValue::Int(i64::from(v))
    }
}

impl<'a> From<&'a str> for SqlValue<'a> {
    fn from(v: &'a str) -> Self {
        SqlValue::Text(Cow::Borrowed(v))
    }
}

impl From<String> for SqlValue<'_> {
    fn from(v: String) -> Self {
        SqlValue::Text(Cow::Owned(v))
    }
}

/// As sqlx binds a date: `YYYY-MM-DD`.
impl From<NaiveDate> for SqlValue<'_> {
    fn from(v: NaiveDate) -> Self {
        SqlValue::Text(Cow::Owned(v.format("%F").to_string()))
    }
}

/// As sqlx binds a timestamp: RFC 3339.
impl From<DateTime<Utc>> for SqlValue<'_> {
    fn from(v: DateTime<Utc>) -> Self {
        SqlValue::Text(Cow::Owned(v.to_rfc3339_opts(SecondsFormat::AutoSi, false)))
    }
}

impl<'a, T: Into<SqlValue<'a>>> From<Option<T>> for SqlValue<'a> {
    fn from(v: Option<T>) -> Self {
        v.map_or(SqlValue::Null, Into::into)
    }
}

/// Whether the file is enrolled in a team (migration 0014): its triggers then write every change
/// of a travelling record to the outbox.
pub(crate) async fn enrolled(conn: &mut SqliteConnection) -> Result<bool> {
    Ok(
        sqlx::query_scalar("SELECT enrolled = 1 FROM sync_state WHERE singleton = 1")
            .fetch_optional(conn)
            .await?
            .unwrap_or(false),
    )
}

/// SQLite's default limit on parameters per statement is 32,766; staying well under it keeps
/// each statement's text short too.
const MAX_PARAMS: usize = 8_000;
const MAX_ROWS: usize = 500;

/// Rows of `width` values sent per statement.
pub(crate) fn rows_per_statement(width: usize) -> usize {
    (MAX_PARAMS / width.max(1)).clamp(1, MAX_ROWS)
}

/// Quotes an identifier (table and column names come from the schema, never from user input).
pub(crate) fn quote(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

/// Rows of one table, sent many per statement: queued ([`Bulk::extend`], sent by
/// [`Bulk::send_full`] and [`Bulk::flush`]) or given whole ([`Bulk::send_values`]).
#[derive(Debug)]
pub(crate) struct Bulk<'a> {
    head: String,
    tail: &'static str,
    width: usize,
    per_statement: usize,
    pending: Vec<SqlValue<'a>>,
    /// The SQL of a full statement, built once.
    full_sql: Option<String>,
}

impl<'a> Bulk<'a> {
    /// `INSERT INTO table (columns) VALUES …` followed by `tail` (e.g. `ON CONFLICT DO NOTHING`).
    pub(crate) fn new(table: &str, columns: &[&str], tail: &'static str) -> Self {
        let width = columns.len().max(1);
        let list = columns
            .iter()
            .map(|c| quote(c))
            .collect::<Vec<_>>()
            .join(", ");
        Bulk {
            head: format!("INSERT INTO {} ({list}) VALUES ", quote(table)),
            tail,
            width,
            per_statement: rows_per_statement(width),
            pending: Vec::new(),
            full_sql: None,
        }
    }

    /// Rows per full statement.
    pub(crate) fn per_statement(&self) -> usize {
        self.per_statement
    }

    /// Sends `values` (whole rows, not queued) in one statement.
    pub(crate) async fn send_values(
        &mut self,
        conn: &mut SqliteConnection,
        values: &[SqlValue<'_>],
    ) -> sqlx::Result<u64> {
        let rows = values.len() / self.width;
        if rows == 0 {
            return Ok(0);
        }
        let sql = self.sql_for(rows);
        Ok(bind(sqlx::query(&sql), values)
            .execute(&mut *conn)
            .await?
            .rows_affected())
    }

    /// Rows waiting to be sent.
    pub(crate) fn pending_rows(&self) -> usize {
        self.pending.len() / self.width
    }

    /// Queues one row (exactly one value per column) without sending anything.
    pub(crate) fn extend(&mut self, row: impl IntoIterator<Item = SqlValue<'a>>) {
        self.pending.extend(row);
    }

    /// Sends full statements while enough rows are queued; the rest stay queued.
    pub(crate) async fn send_full(&mut self, conn: &mut SqliteConnection) -> sqlx::Result<u64> {
        let mut written = 0;
        while self.pending_rows() >= self.per_statement {
            written += self.send(conn, self.per_statement).await?;
        }
        Ok(written)
    }

    /// Sends every queued row.
    pub(crate) async fn flush(&mut self, conn: &mut SqliteConnection) -> sqlx::Result<u64> {
        let rows = self.pending_rows();
        if rows == 0 {
            return Ok(0);
        }
        self.send(conn, rows).await
    }

    /// Sends the first `rows` queued rows in one statement.
    async fn send(&mut self, conn: &mut SqliteConnection, rows: usize) -> sqlx::Result<u64> {
        let sql = self.sql_for(rows);
        let values = rows * self.width;
        let done = bind(sqlx::query(&sql), &self.pending[..values])
            .execute(&mut *conn)
            .await?;
        self.pending.drain(..values);
        Ok(done.rows_affected())
    }

    /// The statement for `rows` rows (the full one is built once).
    fn sql_for(&mut self, rows: usize) -> Cow<'static, str> {
        if rows != self.per_statement {
            return Cow::Owned(self.sql(rows));
        }
        if self.full_sql.is_none() {
            self.full_sql = Some(self.sql(rows));
        }
        Cow::Owned(self.full_sql.clone().unwrap_or_default())
    }

    fn sql(&self, rows: usize) -> String {
        let one = format!("({})", vec!["?"; self.width].join(", "));
        let mut sql = String::with_capacity(self.head.len() + rows * (one.len() + 1) + 32);
        sql.push_str(&self.head);
        for i in 0..rows {
            if i > 0 {
                sql.push(',');
            }
            sql.push_str(&one);
        }
        if !self.tail.is_empty() {
            sql.push(' ');
            sql.push_str(self.tail);
        }
        sql
    }
}

/// Binds every value, in order.
fn bind<'q>(
    mut query: sqlx::query::Query<'q, Sqlite, sqlx::sqlite::SqliteArguments<'q>>,
    values: &'q [SqlValue<'_>],
) -> sqlx::query::Query<'q, Sqlite, sqlx::sqlite::SqliteArguments<'q>> {
    for value in values {
        query = match value {
            SqlValue::Null => query.bind(None::<i64>),
            SqlValue::Int(v) => query.bind(*v),
            SqlValue::Real(v) => query.bind(*v),
            SqlValue::Text(v) => query.bind(v.as_ref()),
        };
    }
    query
}
