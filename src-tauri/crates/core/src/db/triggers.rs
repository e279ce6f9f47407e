//! Triggers set aside during a bulk write (the full import, the demo generator). A trigger that
//! keeps a derived value up to date row by row would run once per written row (the stakeholder's
//! last touch: a MAX over their touchpoints for every participant row — most of the time of a
//! large import). It is dropped for the write and the value recomputed once, for the new rows,
//! before the commit; both happen in the write's transaction, so a failed write gets the trigger
//! back untouched.

use sqlx::SqliteConnection;

use crate::db::bulk::quote;
use crate::error::Result;

/// A trigger to set aside, and how to redo its work for the rows imported into `table`.
struct Deferred {
    trigger: &'static str,
    table: &'static str,
    /// Recomputes the value for the rows of `table` whose rowid is above `?1`.
    recompute: &'static str,
}

const DEFERRED: &[Deferred] = &[Deferred {
    trigger: "stakeholder_touch_added",
    table: "stakeholders",
    recompute: crate::stakeholders::LAST_TOUCH_ABOVE,
}];

/// A trigger dropped by [`suspend`]: its definition and the largest rowid of its table before.
#[derive(Debug)]
pub(crate) struct Suspended {
    sql: String,
    recompute: &'static str,
    above: i64,
}

/// Drops the deferred triggers that exist in this file.
pub(crate) async fn suspend(conn: &mut SqliteConnection) -> Result<Vec<Suspended>> {
    let mut out = Vec::new();
    for d in DEFERRED {
        let sql: Option<String> = sqlx::query_scalar(
            "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?1",
        )
        .bind(d.trigger)
        .fetch_optional(&mut *conn)
        .await?;
        let Some(sql) = sql else { continue };
        let above: i64 = sqlx::query_scalar(&format!(
            "SELECT COALESCE(MAX(rowid), 0) FROM {}",
            quote(d.table)
        ))
        .fetch_one(&mut *conn)
        .await?;
        sqlx::query(&format!("DROP TRIGGER {}", quote(d.trigger)))
            .execute(&mut *conn)
            .await?;
        out.push(Suspended {
            sql,
            recompute: d.recompute,
            above,
        });
    }
    Ok(out)
}

/// Recreates the triggers exactly as they were defined and redoes their work once.
pub(crate) async fn restore(conn: &mut SqliteConnection, suspended: Vec<Suspended>) -> Result<()> {
    for s in suspended {
        // The definition comes from this file's own schema, as SQLite stored it.
        sqlx::query(&s.sql).execute(&mut *conn).await?;
        sqlx::query(s.recompute)
            .bind(s.above)
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}
