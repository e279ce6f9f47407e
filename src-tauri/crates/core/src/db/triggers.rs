//! Triggers set aside during a bulk write (the full import, the demo generator). A trigger that
//! keeps a derived value up to date row by row would run once per written row (the stakeholder's
//! last touch: a MAX over their touchpoints for every participant row — most of the time of a
//! large import). It is dropped for the write and the value recomputed once, for the new rows,
//! before the commit; both happen in the write's transaction, so a failed write gets the trigger
//! back untouched. The same goes for the triggers that keep derived tables (the department
//! counts, the facts cache) in step with each written row.

use std::borrow::Cow;

use sqlx::SqliteConnection;

use crate::db::TRAVELLING_TABLES;
use crate::db::bulk::{self, quote};
use crate::error::Result;

/// Recomputes the last touch of the stakeholders whose id is above `?1`, as the triggers of
/// migration 0008 would (the full import sets those triggers aside and runs this once): the latest
/// touchpoint each took part in, or none. One grouped pass over the touchpoints in their own
/// order, each joined to its participants by the participants' key, rather than a lookup of every
/// participant's touchpoint per stakeholder (1.2 s against 2.8 s for the million participants of
/// 10,000 demo projects).
pub(crate) const LAST_TOUCH_ABOVE: &str = "UPDATE stakeholders SET last_touch = x.last \
     FROM (SELECT s.id AS id, m.last AS last FROM stakeholders s LEFT JOIN \
     (SELECT p.stakeholder_id AS id, MAX(t.touched_on) AS last \
     FROM touchpoints t CROSS JOIN touchpoint_participants p ON p.touchpoint_id = t.id \
     WHERE p.stakeholder_id > ?1 GROUP BY p.stakeholder_id) m ON m.id = s.id \
     WHERE s.id > ?1) AS x \
     WHERE stakeholders.id = x.id";

/// A trigger to set aside, and how to redo its work for the rows imported into `table`.
#[derive(Clone)]
struct Deferred {
    trigger: Cow<'static, str>,
    table: &'static str,
    /// Recomputes the value for the rows of `table` whose rowid is above `?1`.
    recompute: Cow<'static, str>,
    /// A table the recompute only deletes from: when it is empty there is nothing to redo.
    deletes_from: Option<&'static str>,
}

/// Drops the facts cache rows of the projects that got rows in `table` (above `?1`); for a table
/// without `project_id`, through its parent: `via` the parent table, by the row's `key` column.
macro_rules! facts_of_new_rows {
    ($table:literal, via $parent:literal, $key:literal) => {
        Deferred {
            trigger: Cow::Borrowed(concat!("facts_cache_", $table, "_insert")),
            table: $table,
            recompute: Cow::Borrowed(concat!(
                "DELETE FROM project_facts_cache WHERE project_id IN \
                 (SELECT p.project_id FROM ",
                $table,
                " c JOIN ",
                $parent,
                " p ON p.id = c.",
                $key,
                " WHERE c.rowid > ?1)"
            )),
            deletes_from: Some("project_facts_cache"),
        }
    };
    ($table:literal) => {
        Deferred {
            trigger: Cow::Borrowed(concat!("facts_cache_", $table, "_insert")),
            table: $table,
            recompute: Cow::Borrowed(concat!(
                "DELETE FROM project_facts_cache WHERE project_id IN \
                 (SELECT project_id FROM ",
                $table,
                " WHERE rowid > ?1)"
            )),
            deletes_from: Some("project_facts_cache"),
        }
    };
}

const DEFERRED: &[Deferred] = &[
    Deferred {
        trigger: Cow::Borrowed("stakeholder_touch_added"),
        table: "stakeholders",
        recompute: Cow::Borrowed(LAST_TOUCH_ABOVE),
        deletes_from: None,
    },
    // The per-department stakeholder counts (migration 0012), added up once for the new rows.
    Deferred {
        trigger: Cow::Borrowed("department_usage_insert"),
        table: "stakeholders",
        recompute: Cow::Borrowed(
            "INSERT INTO department_usage (department, stakeholders) \
             SELECT department, COUNT(*) FROM stakeholders \
             WHERE rowid > ?1 AND department <> '' GROUP BY department \
             ON CONFLICT (department) DO UPDATE SET stakeholders = stakeholders + excluded.stakeholders",
        ),
        deletes_from: None,
    },
    // The facts cache (migration 0009): a bulk write only adds rows, so the only cache rows to
    // drop are those of the projects that got new rows.
    facts_of_new_rows!("milestones"),
    facts_of_new_rows!("project_stages"),
    facts_of_new_rows!("project_holds"),
    facts_of_new_rows!("project_team"),
    facts_of_new_rows!("stakeholders"),
    facts_of_new_rows!("adoption_purposes"),
    facts_of_new_rows!("purpose_agreements"),
    facts_of_new_rows!("journeys"),
    facts_of_new_rows!("stage_actions", via "project_stages", "stage_id"),
    facts_of_new_rows!("journey_revisions", via "journeys", "journey_id"),
    facts_of_new_rows!("heat_entries", via "stakeholders", "stakeholder_id"),
];

/// A trigger dropped by [`suspend`]: its definition and the largest rowid of its table before.
#[derive(Debug)]
pub(crate) struct Suspended {
    sql: String,
    recompute: Cow<'static, str>,
    deletes_from: Option<&'static str>,
    above: i64,
}

/// The `<table>_uid` triggers (migration 0014), which name each new row that came without a uid
/// in a file enrolled in a team: there the new rows are named in one statement instead, parents
/// first (the outbox names a reference by the uid of the row it refers to). The bulk writers only
/// add new projects, which are shared, so no row of a private project is named here. In a file not
/// enrolled the triggers name nothing, and are set aside so no row asks them.
fn uid_triggers(enrolled: bool) -> impl Iterator<Item = Deferred> {
    TRAVELLING_TABLES.iter().map(move |&table| Deferred {
        trigger: Cow::Owned(format!("{table}_uid")),
        table,
        recompute: if enrolled {
            Cow::Owned(format!(
                "UPDATE {} SET uid = {} WHERE rowid > ?1 AND uid IS NULL",
                quote(table),
                super::NEW_UUID
            ))
        } else {
            Cow::Borrowed("")
        },
        deletes_from: None,
    })
}

/// The `<table>_sync_insert` triggers (migration 0014), which write nothing in a file not enrolled
/// in a team: set aside there, so a bulk write does not ask each row whether to.
fn outbox_triggers() -> impl Iterator<Item = Deferred> {
    TRAVELLING_TABLES.iter().map(|&table| Deferred {
        trigger: Cow::Owned(format!("{table}_sync_insert")),
        table,
        recompute: Cow::Borrowed(""),
        deletes_from: None,
    })
}

/// Drops the deferred triggers that exist in this file (the outbox triggers too when the file is
/// not enrolled: they would write nothing).
pub(crate) async fn suspend(conn: &mut SqliteConnection) -> Result<Vec<Suspended>> {
    let quiet_outbox = !bulk::enrolled(&mut *conn).await?;
    suspend_with(conn, quiet_outbox).await
}

/// Drops the deferred triggers that exist in this file, and the outbox triggers when
/// `quiet_outbox` (a write that must not reach the outbox: rows received from the team).
pub(crate) async fn suspend_with(
    conn: &mut SqliteConnection,
    quiet_outbox: bool,
) -> Result<Vec<Suspended>> {
    let mut out = Vec::new();
    let enrolled = bulk::enrolled(&mut *conn).await?;
    let quiet = quiet_outbox.then(outbox_triggers);
    let deferred = uid_triggers(enrolled)
        .chain(quiet.into_iter().flatten())
        .chain(DEFERRED.iter().cloned());
    for d in deferred {
        let sql: Option<String> = sqlx::query_scalar(
            "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?1",
        )
        .bind(d.trigger.as_ref())
        .fetch_optional(&mut *conn)
        .await?;
        let Some(sql) = sql else { continue };
        let above: i64 = sqlx::query_scalar(&format!(
            "SELECT COALESCE(MAX(rowid), 0) FROM {}",
            quote(d.table)
        ))
        .fetch_one(&mut *conn)
        .await?;
        sqlx::query(&format!("DROP TRIGGER {}", quote(&d.trigger)))
            .execute(&mut *conn)
            .await?;
        out.push(Suspended {
            sql,
            recompute: d.recompute,
            deletes_from: d.deletes_from,
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
        if s.recompute.is_empty() {
            continue;
        }
        if let Some(table) = s.deletes_from {
            let sql = format!("SELECT EXISTS (SELECT 1 FROM {})", quote(table));
            if !sqlx::query_scalar::<_, bool>(&sql)
                .fetch_one(&mut *conn)
                .await?
            {
                continue;
            }
        }
        sqlx::query(&s.recompute)
            .bind(s.above)
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}
