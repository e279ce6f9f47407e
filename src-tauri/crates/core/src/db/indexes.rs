//! Secondary indexes set aside during a bulk write into an empty file (the full import, the demo
//! generator). Inserting row by row into an index whose order differs from the rows' (by
//! department, by stakeholder…) touches pages all over it; building it once at the end sorts
//! instead. Only plain `CREATE INDEX` indexes are set aside: unique ones keep refusing a
//! duplicate at its row. Dropping and recreating happen in the write's transaction, so a failed
//! write gets every index back untouched.

use sqlx::SqliteConnection;

use crate::db::bulk::quote;
use crate::error::Result;

/// Indexes dropped by [`set_aside`], as their definitions.
#[derive(Debug)]
pub(crate) struct SetAside(Vec<String>);

/// Drops the plain secondary indexes of `tables`.
/// (Owned names: a borrowed `&[&str]` held across the awaits makes the compiler fail to prove
/// the callers' futures `Send`.)
pub(crate) async fn set_aside(
    conn: &mut SqliteConnection,
    tables: Vec<String>,
) -> Result<SetAside> {
    let mut kept = Vec::new();
    for table in tables {
        let indexes: Vec<(String, String)> = sqlx::query_as(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ?1 \
             AND sql IS NOT NULL AND upper(substr(sql, 1, 13)) = 'CREATE INDEX '",
        )
        .bind(table)
        .fetch_all(&mut *conn)
        .await?;
        for (name, sql) in indexes {
            sqlx::query(&format!("DROP INDEX {}", quote(&name)))
                .execute(&mut *conn)
                .await?;
            kept.push(sql);
        }
    }
    Ok(SetAside(kept))
}

/// Builds the indexes again, exactly as they were defined.
pub(crate) async fn restore(conn: &mut SqliteConnection, set_aside: SetAside) -> Result<()> {
    for sql in set_aside.0 {
        // The definition comes from this file's own schema, as SQLite stored it.
        sqlx::query(&sql).execute(&mut *conn).await?;
    }
    Ok(())
}
