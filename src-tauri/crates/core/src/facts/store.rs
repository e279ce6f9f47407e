//! Reading `project_facts_cache`, and deriving and storing the rows it is missing.

use std::collections::HashMap;

use chrono::NaiveDate;
use sqlx::{Row, SqliteConnection};

use super::RiskRow;
use crate::db::Db;
use crate::error::{CoreError, Result};
use crate::portfolio::ProjectFacts;
use crate::stakeholders::Scope;

/// The encoding of the `facts` column this core writes and reads; rows of another format are
/// derived again. Bump it whenever [`ProjectFacts`] (or what it holds) changes shape.
pub(crate) const FORMAT: i64 = 1;

/// One project as derived from its data.
struct Derived {
    id: i64,
    archived: bool,
    facts: ProjectFacts,
    standing: u16,
    untouched_since: Option<NaiveDate>,
}

/// One project as read: `None` when its cache row is missing.
struct Read {
    id: i64,
    cached: Option<Cached>,
}

struct Cached {
    id: i64,
    facts: Option<ProjectFacts>,
    standing: u16,
    untouched_since: Option<NaiveDate>,
}

fn encode(facts: &ProjectFacts) -> Result<Vec<u8>> {
    postcard::to_allocvec(facts).map_err(|e| {
        CoreError::Storage(sqlx::Error::Encode(
            format!("cannot encode project facts: {e}").into(),
        ))
    })
}

fn decode(bytes: &[u8]) -> Result<ProjectFacts> {
    postcard::from_bytes(bytes).map_err(|e| {
        CoreError::Storage(sqlx::Error::Decode(
            format!("cannot decode project facts: {e}").into(),
        ))
    })
}

/// Derives the projects of `scope` from their data (archived ones included).
async fn derive(conn: &mut SqliteConnection, scope: Scope) -> Result<Vec<Derived>> {
    let projects = crate::portfolio::facts_of(conn, scope).await?;
    let mut standing = crate::risks::standing_of(conn, scope).await?;
    Ok(projects
        .into_iter()
        .map(|(facts, archived)| {
            let (standing, untouched_since) = standing.remove(&facts.id).unwrap_or_default();
            Derived {
                id: facts.id,
                archived,
                facts,
                standing,
                untouched_since,
            }
        })
        .collect())
}

/// Derives and stores every missing row in one write transaction. When the file cannot be
/// written (read-only, locked by another program), returns the derived rows instead.
async fn fill(db: &Db) -> Result<Option<Vec<Derived>>> {
    match store_missing(db).await {
        Ok(()) => Ok(None),
        Err(CoreError::Storage(_) | CoreError::ReadOnly { .. } | CoreError::Locked { .. }) => {
            let mut conn = db.pool().acquire().await?;
            Ok(Some(derive(&mut conn, Scope::Uncached).await?))
        }
        Err(other) => Err(other),
    }
}

async fn store_missing(db: &Db) -> Result<()> {
    let mut tx = db.begin_write().await?;
    sqlx::query("DELETE FROM project_facts_cache WHERE format <> ?1")
        .bind(FORMAT)
        .execute(&mut *tx)
        .await?;
    for d in derive(&mut tx, Scope::Uncached).await? {
        sqlx::query(
            "INSERT OR REPLACE INTO project_facts_cache \
             (project_id, format, facts, standing_risks, untouched_since) \
             VALUES (?1, ?2, ?3, ?4, ?5)",
        )
        .bind(d.id)
        .bind(FORMAT)
        .bind(encode(&d.facts)?)
        .bind(d.standing)
        .bind(d.untouched_since)
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    Ok(())
}

/// One statement (one consistent view of the file): every listed project and its cache row, if
/// any.
async fn read(db: &Db, include_archived: bool, with_facts: bool) -> Result<Vec<Read>> {
    let sql = format!(
        "SELECT p.id, c.standing_risks, c.untouched_since, {} AS facts \
         FROM projects p LEFT JOIN project_facts_cache c \
         ON c.project_id = p.id AND c.format = ?1 \
         WHERE ?2 OR p.archived_at IS NULL ORDER BY p.id",
        if with_facts { "c.facts" } else { "NULL" }
    );
    let rows = sqlx::query(&sql)
        .bind(FORMAT)
        .bind(include_archived)
        .fetch_all(db.pool())
        .await?;
    rows.iter()
        .map(|row| {
            let id: i64 = row.try_get("id")?;
            let standing: Option<u16> = row.try_get("standing_risks")?;
            let cached = match standing {
                None => None,
                Some(standing) => Some(Cached {
                    id,
                    facts: match row.try_get::<Option<&[u8]>, _>("facts")? {
                        Some(bytes) if with_facts => Some(decode(bytes)?),
                        _ => None,
                    },
                    standing,
                    untouched_since: row.try_get("untouched_since")?,
                }),
            };
            Ok(Read { id, cached })
        })
        .collect()
}

/// The listed projects, completing missing cache rows first (at most twice, in case another
/// writer keeps changing projects meanwhile; then in memory).
async fn complete(db: &Db, include_archived: bool, with_facts: bool) -> Result<Vec<Cached>> {
    let mut attempt = 0;
    loop {
        let rows = read(db, include_archived, with_facts).await?;
        if rows.iter().all(|r| r.cached.is_some()) {
            return Ok(rows.into_iter().filter_map(|r| r.cached).collect());
        }
        attempt += 1;
        let derived = if attempt > 2 {
            let mut conn = db.pool().acquire().await?;
            Some(derive(&mut conn, Scope::Uncached).await?)
        } else {
            fill(db).await?
        };
        let Some(derived) = derived else { continue };
        let mut derived: HashMap<i64, Derived> = derived
            .into_iter()
            .filter(|d| include_archived || !d.archived)
            .map(|d| (d.id, d))
            .collect();
        return Ok(rows
            .into_iter()
            .filter_map(|r| {
                r.cached.or_else(|| {
                    derived.remove(&r.id).map(|d| Cached {
                        id: d.id,
                        facts: Some(d.facts),
                        standing: d.standing,
                        untouched_since: d.untouched_since,
                    })
                })
            })
            .collect());
    }
}

/// The portfolio's facts of every project that is not archived, by id.
pub async fn portfolio_facts(db: &Db) -> Result<Vec<ProjectFacts>> {
    Ok(complete(db, false, true)
        .await?
        .into_iter()
        .filter_map(|c| c.facts)
        .collect())
}

/// What the risk flags read of every listed project (archived ones only when asked), by id.
pub async fn risk_rows(db: &Db, include_archived: bool) -> Result<Vec<RiskRow>> {
    Ok(complete(db, include_archived, false)
        .await?
        .into_iter()
        .map(|c| RiskRow {
            project_id: c.id,
            standing: c.standing,
            untouched_since: c.untouched_since,
        })
        .collect())
}
