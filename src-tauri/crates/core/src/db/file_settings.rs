//! Settings stored inside the database file, so they travel with it (for example the risk
//! thresholds or the time-to-value definition). Each feature owns its keys and value types.

use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::db::Db;
use crate::error::{CoreError, Result};

/// The stored value of `key`, or `None` when it was never set.
pub async fn get<T: DeserializeOwned>(db: &Db, key: &str) -> Result<Option<T>> {
    let raw: Option<String> = sqlx::query_scalar("SELECT value FROM file_settings WHERE key = ?1")
        .bind(key)
        .fetch_optional(db.pool())
        .await?;
    raw.map(|text| {
        serde_json::from_str(&text).map_err(|e| {
            CoreError::Storage(sqlx::Error::Decode(
                format!("file setting {key}: {e}").into(),
            ))
        })
    })
    .transpose()
}

pub async fn set<T: Serialize>(db: &Db, key: &str, value: &T) -> Result<()> {
    let text = serde_json::to_string(value)
        .map_err(|e| CoreError::Storage(sqlx::Error::Encode(e.into())))?;
    sqlx::query(
        "INSERT INTO file_settings (key, value) VALUES (?1, ?2) \
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
    )
    .bind(key)
    .bind(text)
    .execute(db.pool())
    .await?;
    Ok(())
}

/// Forgets `key` (its feature's default applies again).
pub async fn remove(db: &Db, key: &str) -> Result<()> {
    sqlx::query("DELETE FROM file_settings WHERE key = ?1")
        .bind(key)
        .execute(db.pool())
        .await?;
    Ok(())
}
