//! Stored playbooks (as their JSON body) and the built-ins beside them.

use std::path::Path;

use chrono::Utc;
use sqlx::Row;

use super::{
    Playbook, PlaybookBody, PlaybookRef, PlaybookSummary, builtin, export_json, parse_json,
};
use crate::db::Db;
use crate::error::{CoreError, Result};
use crate::settings::Language;

fn decode(id: i64, text: &str) -> Result<PlaybookBody> {
    serde_json::from_str(text)
        .map_err(|e| CoreError::Storage(sqlx::Error::Decode(format!("playbook {id}: {e}").into())))
}

fn encode(body: &PlaybookBody) -> Result<String> {
    serde_json::to_string(body).map_err(|e| CoreError::Storage(sqlx::Error::Encode(e.into())))
}

/// The built-in playbooks (in `lang`) first, then the stored ones by name.
pub async fn list(db: &Db, lang: Language) -> Result<Vec<PlaybookSummary>> {
    let mut out: Vec<PlaybookSummary> = super::BUILTIN_KEYS
        .iter()
        .filter_map(|key| {
            builtin(key, lang).map(|b| {
                b.summary(
                    PlaybookRef::Builtin {
                        key: (*key).to_owned(),
                    },
                    None,
                )
            })
        })
        .collect();
    let rows = sqlx::query("SELECT id, body, version FROM playbooks ORDER BY name, id")
        .fetch_all(db.pool())
        .await?;
    for row in rows {
        let id: i64 = row.try_get("id")?;
        let body = decode(id, row.try_get("body")?)?;
        out.push(body.summary(PlaybookRef::Stored { id }, Some(row.try_get("version")?)));
    }
    Ok(out)
}

/// One playbook with its content.
pub async fn get(db: &Db, reference: &PlaybookRef, lang: Language) -> Result<Playbook> {
    match reference {
        PlaybookRef::Builtin { key } => {
            let body = builtin(key, lang).ok_or(CoreError::NotFound {
                entity: "built-in playbook",
                id: 0,
            })?;
            Ok(Playbook {
                summary: body.summary(reference.clone(), None),
                body,
            })
        }
        PlaybookRef::Stored { id } => {
            let row = sqlx::query("SELECT body, version FROM playbooks WHERE id = ?1")
                .bind(id)
                .fetch_optional(db.pool())
                .await?
                .ok_or(CoreError::NotFound {
                    entity: "playbook",
                    id: *id,
                })?;
            let body = decode(*id, row.try_get("body")?)?;
            Ok(Playbook {
                summary: body.summary(reference.clone(), Some(row.try_get("version")?)),
                body,
            })
        }
    }
}

/// The content of a playbook.
pub async fn resolve(db: &Db, reference: &PlaybookRef, lang: Language) -> Result<PlaybookBody> {
    Ok(get(db, reference, lang).await?.body)
}

async fn insert(db: &Db, body: &PlaybookBody) -> Result<Playbook> {
    let now = Utc::now();
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO playbooks (name, body, created_at, updated_at) VALUES (?1, ?2, ?3, ?3) \
         RETURNING id",
    )
    .bind(&body.name)
    .bind(encode(body)?)
    .bind(now)
    .fetch_one(db.pool())
    .await?;
    Ok(Playbook {
        summary: body.summary(PlaybookRef::Stored { id }, Some(1)),
        body: body.clone(),
    })
}

/// Saves an edited stored playbook made on `expected_version`.
pub async fn save(
    db: &Db,
    id: i64,
    expected_version: i64,
    body: &PlaybookBody,
) -> Result<Playbook> {
    let valid = body.validate()?;
    let done = sqlx::query(
        "UPDATE playbooks SET name = ?3, body = ?4, updated_at = ?5, version = version + 1 \
         WHERE id = ?1 AND version = ?2",
    )
    .bind(id)
    .bind(expected_version)
    .bind(&valid.name)
    .bind(encode(&valid)?)
    .bind(Utc::now())
    .execute(db.pool())
    .await?;
    if done.rows_affected() == 0 {
        let current: Option<i64> =
            sqlx::query_scalar("SELECT version FROM playbooks WHERE id = ?1")
                .bind(id)
                .fetch_optional(db.pool())
                .await?;
        return Err(match current {
            Some(current_version) => CoreError::Conflict {
                entity: "playbook",
                id,
                current_version,
            },
            None => CoreError::NotFound {
                entity: "playbook",
                id,
            },
        });
    }
    get(db, &PlaybookRef::Stored { id }, Language::En).await
}

/// Copies a playbook (built-in or stored) into a new stored one the user can edit.
pub async fn duplicate(db: &Db, reference: &PlaybookRef, lang: Language) -> Result<Playbook> {
    let mut body = resolve(db, reference, lang).await?;
    let suffix = match lang {
        Language::En => " (copy)",
        Language::Ja => "（コピー）",
    };
    let max = crate::validation::MAX_NAME_CHARS - suffix.chars().count();
    body.name = body.name.chars().take(max).collect::<String>() + suffix;
    insert(db, &body).await
}

pub async fn delete(db: &Db, id: i64) -> Result<()> {
    let done = sqlx::query("DELETE FROM playbooks WHERE id = ?1")
        .bind(id)
        .execute(db.pool())
        .await?;
    if done.rows_affected() == 0 {
        return Err(CoreError::NotFound {
            entity: "playbook",
            id,
        });
    }
    Ok(())
}

/// Writes a playbook as a versioned JSON file.
pub async fn export_to(
    db: &Db,
    reference: &PlaybookRef,
    lang: Language,
    path: &Path,
) -> Result<()> {
    let body = resolve(db, reference, lang).await?;
    crate::db::files::write_atomic(path, export_json(&body).as_bytes())
}

/// Reads a playbook file's text and stores it as a new playbook; a malformed file or one from a
/// newer format version is refused and nothing is stored.
pub async fn import(db: &Db, text: &str) -> Result<Playbook> {
    let body = parse_json(text)?;
    insert(db, &body).await
}
