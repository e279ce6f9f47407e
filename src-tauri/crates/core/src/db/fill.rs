//! Writing a team's records into a replica in one transaction (its first sync, from the server's
//! snapshot) with the bulk writers' means: a connection set up for one large write, a few hundred
//! rows per statement, the triggers of derived values and of the outbox set aside and their work
//! redone once before the commit, and, into a file without records, the secondary indexes built
//! once at the end. A reference is given as the uid of the row referred to and written as that
//! row's id, looked up in the statement itself, so a row can only refer to a row the file has
//! (which is why no foreign-key check runs at the commit). Dropped before [`BulkFill::commit`],
//! the fill writes nothing.

use std::collections::HashMap;

use sqlx::pool::PoolConnection;
use sqlx::{Sqlite, SqliteConnection};

pub use super::bulk::SqlValue;
use super::bulk::{self, Bulk, quote};
use super::indexes::{self, SetAside};
use super::triggers::{self, LAST_TOUCH_ABOVE, Suspended};
use super::{Db, TRAVELLING_TABLES};
use crate::error::Result;

/// One fill in progress: its connection holds the write transaction.
pub struct BulkFill {
    conn: PoolConnection<Sqlite>,
    suspended: Vec<Suspended>,
    set_aside: Option<SetAside>,
    /// Whether the file held records of the travelling tables when the fill began.
    had_records: bool,
    /// The statement writer of each (table, columns).
    writers: HashMap<(String, Vec<String>), Bulk<'static>>,
}

impl std::fmt::Debug for BulkFill {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("BulkFill")
            .field("had_records", &self.had_records)
            .finish_non_exhaustive()
    }
}

impl BulkFill {
    /// Begins the fill's transaction (waiting for other writers of the file) and sets the
    /// triggers aside: rows received from the team must not go back to the outbox.
    pub async fn begin(db: &Db) -> Result<BulkFill> {
        let mut conn = bulk::connection(db).await?;
        sqlx::query("BEGIN IMMEDIATE").execute(&mut *conn).await?;
        let mut had_records = false;
        for table in TRAVELLING_TABLES {
            let sql = format!("SELECT EXISTS (SELECT 1 FROM {})", quote(table));
            had_records |= sqlx::query_scalar::<_, bool>(&sql)
                .fetch_one(&mut *conn)
                .await?;
        }
        let suspended = triggers::suspend_with(&mut conn, true).await?;
        let set_aside = if had_records {
            None
        } else {
            let tables = TRAVELLING_TABLES.iter().map(|&t| t.to_owned()).collect();
            Some(indexes::set_aside(&mut conn, tables).await?)
        };
        Ok(BulkFill {
            conn,
            suspended,
            set_aside,
            had_records,
            writers: HashMap::new(),
        })
    }

    /// The fill's connection, inside its transaction: for the caller's own statements that
    /// belong with the records (e.g. the replica's cursor).
    pub fn connection(&mut self) -> &mut SqliteConnection {
        &mut self.conn
    }

    /// The most rows [`BulkFill::insert`] takes at once with `columns` columns besides the uid.
    pub fn rows_per_statement(columns: usize) -> usize {
        bulk::rows_per_statement(columns + 1)
    }

    /// Writes rows of `table` in one statement: each row is its uid, then one value per column of
    /// `columns` (a reference as the local id of the row it refers to: looked up by the caller
    /// once per table, as a subquery per row costs SQLite a cursor each). A statement the data
    /// refuses (a constraint) writes none of its rows, and the fill goes on: the caller may send
    /// those rows again one by one to find the one at fault.
    pub async fn insert(
        &mut self,
        table: &str,
        columns: &[&str],
        rows: &[SqlValue<'_>],
    ) -> sqlx::Result<u64> {
        let key = (
            table.to_owned(),
            columns.iter().map(|&c| c.to_owned()).collect(),
        );
        let writer = self.writers.entry(key).or_insert_with(|| {
            let all: Vec<&str> = std::iter::once("uid")
                .chain(columns.iter().copied())
                .collect();
            Bulk::new(table, &all, "")
        });
        writer.send_values(&mut self.conn, rows).await
    }

    /// Rebuilds what was set aside, redoes the triggers' work once and commits.
    pub async fn commit(mut self) -> Result<()> {
        if let Some(set_aside) = self.set_aside.take() {
            indexes::restore(&mut self.conn, set_aside).await?;
        }
        triggers::restore(&mut self.conn, std::mem::take(&mut self.suspended)).await?;
        if self.had_records {
            // New touchpoints may name stakeholders the file had: their last touch too.
            sqlx::query(LAST_TOUCH_ABOVE)
                .bind(0_i64)
                .execute(&mut *self.conn)
                .await?;
        }
        sqlx::query("COMMIT").execute(&mut *self.conn).await?;
        Ok(())
    }
}
