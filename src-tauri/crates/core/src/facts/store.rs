//! Reading `project_facts_cache`, and deriving and storing the rows it is missing.

use std::collections::HashMap;

use chrono::NaiveDate;
use sqlx::{Row, SqliteConnection};

use super::RiskRow;
use super::project::{ProjectFacts, facts_of};
use super::standing::standing_of;
use crate::db::Db;
use crate::db::rows::Scope;
use crate::error::{CoreError, Result};

/// The encoding of the `facts` column this core writes and reads; rows of another format count
/// as missing (and are replaced). Bump it whenever [`ProjectFacts`] changes shape.
const FORMAT: i64 = 2;

/// How often readers store missing rows and read again before deriving them in memory (other
/// writers may keep changing projects meanwhile).
const STORE_ATTEMPTS: usize = 2;

/// A project's portfolio facts: still encoded as read (decoded only when all rows are there), or
/// derived.
enum Facts {
    Encoded(Vec<u8>),
    Derived(ProjectFacts),
}

/// One project as read or derived.
struct Cached {
    id: i64,
    facts: Option<Facts>,
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

fn decode(facts: Facts) -> Result<ProjectFacts> {
    match facts {
        Facts::Derived(facts) => Ok(facts),
        Facts::Encoded(bytes) => postcard::from_bytes(&bytes).map_err(|e| {
            CoreError::Storage(sqlx::Error::Decode(
                format!("cannot decode project facts: {e}").into(),
            ))
        }),
    }
}

/// Derives the projects of `scope` from their data.
async fn derive(conn: &mut SqliteConnection, scope: Scope<'_>) -> Result<Vec<Cached>> {
    let projects = facts_of(conn, scope).await?;
    let mut standing = standing_of(conn, scope).await?;
    Ok(projects
        .into_iter()
        .map(|facts| {
            let (standing, untouched_since) = standing.remove(&facts.id).unwrap_or_default();
            Cached {
                id: facts.id,
                facts: Some(Facts::Derived(facts)),
                standing,
                untouched_since,
            }
        })
        .collect())
}

/// Derives and stores the rows of `ids` in one write transaction, so no change can slip between
/// deriving and storing. False when the file cannot be written (read-only, locked by another
/// program): the caller derives them in memory instead.
async fn store(db: &Db, ids: &[i64]) -> Result<bool> {
    match store_rows(db, ids).await {
        Ok(()) => Ok(true),
        Err(CoreError::Storage(_) | CoreError::ReadOnly { .. } | CoreError::Locked { .. }) => {
            Ok(false)
        }
        Err(other) => Err(other),
    }
}

async fn store_rows(db: &Db, ids: &[i64]) -> Result<()> {
    let mut tx = db.begin_write().await?;
    for row in derive(&mut tx, Scope::Projects(ids)).await? {
        let Some(facts) = row.facts.map(decode).transpose()? else {
            continue;
        };
        sqlx::query(
            "INSERT OR REPLACE INTO project_facts_cache \
             (project_id, format, standing_risks, untouched_since, facts) \
             VALUES (?1, ?2, ?3, ?4, ?5)",
        )
        .bind(row.id)
        .bind(FORMAT)
        .bind(row.standing)
        .bind(row.untouched_since)
        .bind(encode(&facts)?)
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    Ok(())
}

/// Which projects a reader asks for.
#[derive(Debug, Clone, Copy)]
enum Which<'a> {
    /// Every project the lists show (archived ones only when asked), by id.
    Listed { include_archived: bool },
    /// These projects, in this order (unknown ids are left out).
    Ids(&'a [i64]),
}

/// One statement (one consistent view of the file): the projects asked for, each with its cache
/// row, `None` where the row is missing.
async fn read(db: &Db, which: Which<'_>, with_facts: bool) -> Result<Vec<(i64, Option<Cached>)>> {
    let filter = match which {
        Which::Listed { .. } => "?2 OR p.archived_at IS NULL",
        Which::Ids(_) => "p.id IN (SELECT value FROM json_each(?2))",
    };
    let sql = format!(
        "SELECT p.id, c.standing_risks, c.untouched_since, {} AS facts \
         FROM projects p LEFT JOIN project_facts_cache c \
         ON c.project_id = p.id AND c.format = ?1 \
         WHERE {filter} ORDER BY p.id",
        if with_facts { "c.facts" } else { "NULL" }
    );
    let query = sqlx::query(&sql).bind(FORMAT);
    let query = match which {
        Which::Listed { include_archived } => query.bind(include_archived),
        Which::Ids(ids) => query.bind(Scope::Projects(ids).param()),
    };
    let rows = query.fetch_all(db.pool()).await?;
    let mut read = rows
        .iter()
        .map(|row| {
            let id: i64 = row.try_get("id")?;
            let cached = match row.try_get::<Option<u16>, _>("standing_risks")? {
                None => None,
                Some(standing) => Some(Cached {
                    id,
                    facts: row
                        .try_get::<Option<Vec<u8>>, _>("facts")?
                        .map(Facts::Encoded),
                    standing,
                    untouched_since: row.try_get("untouched_since")?,
                }),
            };
            Ok((id, cached))
        })
        .collect::<Result<Vec<_>>>()?;
    if let Which::Ids(ids) = which {
        let place: HashMap<i64, usize> = ids.iter().enumerate().map(|(i, id)| (*id, i)).collect();
        read.sort_by_key(|(id, _)| place.get(id).copied());
    }
    Ok(read)
}

/// The projects asked for, storing the missing cache rows first.
async fn complete(db: &Db, which: Which<'_>, with_facts: bool) -> Result<Vec<Cached>> {
    let mut attempts = 0;
    loop {
        let rows = read(db, which, with_facts).await?;
        let missing: Vec<i64> = rows
            .iter()
            .filter(|(_, cached)| cached.is_none())
            .map(|(id, _)| *id)
            .collect();
        if missing.is_empty() {
            return Ok(rows.into_iter().filter_map(|(_, cached)| cached).collect());
        }
        attempts += 1;
        if attempts <= STORE_ATTEMPTS && store(db, &missing).await? {
            continue;
        }
        let mut conn = db.pool().acquire().await?;
        let mut derived: HashMap<i64, Cached> = derive(&mut conn, Scope::Projects(&missing))
            .await?
            .into_iter()
            .map(|c| (c.id, c))
            .collect();
        return Ok(rows
            .into_iter()
            .filter_map(|(id, cached)| cached.or_else(|| derived.remove(&id)))
            .collect());
    }
}

/// The portfolio's facts of every project that is not archived, by id.
pub async fn portfolio_facts(db: &Db) -> Result<Vec<ProjectFacts>> {
    complete(
        db,
        Which::Listed {
            include_archived: false,
        },
        true,
    )
    .await?
    .into_iter()
    .filter_map(|c| c.facts)
    .map(decode)
    .collect()
}

/// The portfolio's facts of every project that is not archived, each with what its risk flags
/// read, by id: one read of the cache for the views that need both ("this week").
pub async fn facts_and_risks(db: &Db) -> Result<Vec<(ProjectFacts, RiskRow)>> {
    let listed = Which::Listed {
        include_archived: false,
    };
    let mut both = Vec::new();
    for c in complete(db, listed, true).await? {
        let row = RiskRow {
            project_id: c.id,
            standing: c.standing,
            untouched_since: c.untouched_since,
        };
        if let Some(facts) = c.facts {
            both.push((decode(facts)?, row));
        }
    }
    Ok(both)
}

/// What the risk flags read of every listed project (archived ones only when asked), by id.
pub async fn risk_rows(db: &Db, include_archived: bool) -> Result<Vec<RiskRow>> {
    risk_rows_of(db, Which::Listed { include_archived }).await
}

/// What the risk flags read of the given projects, in the order asked; unknown ids are left out.
pub async fn risk_rows_for(db: &Db, project_ids: &[i64]) -> Result<Vec<RiskRow>> {
    risk_rows_of(db, Which::Ids(project_ids)).await
}

async fn risk_rows_of(db: &Db, which: Which<'_>) -> Result<Vec<RiskRow>> {
    Ok(complete(db, which, false)
        .await?
        .into_iter()
        .map(|c| RiskRow {
            project_id: c.id,
            standing: c.standing,
            untouched_since: c.untouched_since,
        })
        .collect())
}
