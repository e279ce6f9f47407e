//! Helpers every feature's SQL shares: which projects a loader reads, the error for a value the
//! schema does not allow, claiming a project's version, and the compact day encoding of the facts
//! cache.

use chrono::{DateTime, Utc};
use sqlx::SqliteConnection;

use crate::error::{CoreError, Result};

/// Which projects a loader reads: one (a project's page), or a set (the rows the facts cache
/// is missing, see [`crate::facts`]).
#[derive(Debug, Clone, Copy)]
pub(crate) enum Scope<'a> {
    Project(i64),
    Projects(&'a [i64]),
}

impl Scope<'_> {
    /// A condition on a `project_id` column (`col`), binding one parameter `?1` (see
    /// [`Scope::param`]); SQLite searches `col`'s index for each project of the set.
    pub(crate) fn condition(self, col: &str) -> String {
        format!("{col} IN (SELECT value FROM json_each(?1))")
    }

    /// The projects as a JSON array of ids.
    pub(crate) fn param(self) -> String {
        match self {
            Scope::Project(id) => format!("[{id}]"),
            Scope::Projects(ids) => serde_json::to_string(ids).unwrap_or_else(|_| "[]".into()),
        }
    }
}

/// A stored value this core does not know (a file edited by hand, or by a newer version).
pub(crate) fn corrupt(column: &str, value: &str) -> CoreError {
    CoreError::Storage(sqlx::Error::Decode(
        format!("unexpected {column} value {value:?}").into(),
    ))
}

/// Bumps the version of project `id` if it is still at `expected_version`; otherwise reports a
/// conflict (or that the project is gone). Must run inside the caller's transaction.
pub(crate) async fn claim_version(
    conn: &mut SqliteConnection,
    id: i64,
    expected_version: i64,
    now: DateTime<Utc>,
) -> Result<()> {
    let done = sqlx::query(
        "UPDATE projects SET version = version + 1, updated_at = ?3 WHERE id = ?1 AND version = ?2",
    )
    .bind(id)
    .bind(expected_version)
    .bind(now)
    .execute(&mut *conn)
    .await?;
    if done.rows_affected() == 1 {
        return Ok(());
    }
    let current_version: i64 = sqlx::query_scalar("SELECT version FROM projects WHERE id = ?1")
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?
        .ok_or(CoreError::NotFound {
            entity: "project",
            id,
        })?;
    Err(CoreError::Conflict {
        entity: "project",
        id,
        current_version,
    })
}

/// Dates stored as days since 0001-01-01 in the encoded facts (compact, no text to parse).
pub(crate) mod day {
    use chrono::{Datelike, NaiveDate};
    use serde::{Deserialize, Deserializer, Serialize, Serializer, de::Error};

    fn from_days<E: Error>(days: i32) -> Result<NaiveDate, E> {
        NaiveDate::from_num_days_from_ce_opt(days)
            .ok_or_else(|| E::custom(format!("day {days} is out of range")))
    }

    pub fn serialize<S: Serializer>(date: &NaiveDate, s: S) -> Result<S::Ok, S::Error> {
        date.num_days_from_ce().serialize(s)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<NaiveDate, D::Error> {
        from_days(i32::deserialize(d)?)
    }

    pub mod option {
        use super::*;

        pub fn serialize<S: Serializer>(date: &Option<NaiveDate>, s: S) -> Result<S::Ok, S::Error> {
            date.map(|d| d.num_days_from_ce()).serialize(s)
        }

        pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<NaiveDate>, D::Error> {
            Option::<i32>::deserialize(d)?.map(from_days).transpose()
        }
    }
}
