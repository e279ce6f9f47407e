//! Pushing the outbox, oldest change first, in pages of at most [`MAX_CHANGES_PER_PUSH`]. A page's
//! rows leave the outbox only once the server answered for them, in one transaction: after a lost
//! answer the same rows are sent again with the same change ids, and the server stores them once.

use chrono::Utc;
use firstgoal_core::Db;
use firstgoal_protocol::{Change, MAX_BODY_BYTES, MAX_CHANGES_PER_PUSH, Op, Outcome};
use serde_json::Value;
use sqlx::SqliteConnection;
use uuid::Uuid;

use super::SyncError;
use crate::client::Client;

/// What a push did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PushReport {
    /// Changes the server stored (now or, after a lost answer, before).
    pub stored: u64,
    /// Changes the server did not apply: kept as conflicts in the file.
    pub conflicts: u64,
}

/// The change id of outbox row `row` of the replica `replica`: the replica's random id with the
/// row's number in its last 48 bits. Rows are numbered without reuse (AUTOINCREMENT), so every
/// change of a replica has its own id, and a resend has the same one.
pub fn change_id(replica: Uuid, row: i64) -> Uuid {
    let mut bytes = *replica.as_bytes();
    let number = row.to_be_bytes();
    for (b, n) in bytes[10..].iter_mut().zip(&number[2..]) {
        *b ^= n;
    }
    Uuid::from_bytes(bytes)
}

type OutboxRow = (
    i64,
    String,
    String,
    i64,
    String,
    Option<String>,
    Option<String>,
);

fn change_of(replica: Uuid, row: &OutboxRow) -> Result<Change, SyncError> {
    let (id, kind, record, base_seq, op, field, value) = row;
    let damaged = |what: &str| {
        SyncError::Core(firstgoal_core::CoreError::Unavailable(format!(
            "outbox row {id} is damaged: {what}"
        )))
    };
    let op = match (op.as_str(), field) {
        ("delete", _) => Op::Delete,
        ("set", Some(field)) => Op::Set {
            field: field.clone(),
            value: match value {
                Some(text) => serde_json::from_str(text).map_err(|_| damaged("value"))?,
                None => Value::Null,
            },
        },
        _ => return Err(damaged("operation")),
    };
    Ok(Change {
        change_id: change_id(replica, *id),
        kind: kind.clone(),
        record_id: record.parse().map_err(|_| damaged("record id"))?,
        base_seq: *base_seq,
        op,
    })
}

/// A deletion the server refused (someone edited the record since): the record comes back with
/// the fields it had when it was deleted (kept in its outbox row), created with the next pulled
/// page, whose newer changes win over these (a field already pulled is not overwritten).
async fn bring_back(tx: &mut SqliteConnection, row: &OutboxRow) -> Result<(), SyncError> {
    let (_, kind, record, _, _, _, snapshot) = row;
    let fields: serde_json::Map<String, Value> = snapshot
        .as_deref()
        .and_then(|text| serde_json::from_str(text).ok())
        .unwrap_or_default();
    for (field, value) in fields {
        sqlx::query(
            "INSERT INTO sync_incoming (kind, record_uid, field, value) VALUES (?1, ?2, ?3, ?4) \
             ON CONFLICT (kind, record_uid, field) DO NOTHING",
        )
        .bind(kind)
        .bind(record)
        .bind(field)
        .bind(value.to_string())
        .execute(&mut *tx)
        .await?;
    }
    Ok(())
}

/// The oldest `limit` rows of the outbox, and their changes as they are pushed.
async fn oldest(
    db: &Db,
    replica: Uuid,
    limit: usize,
) -> Result<(Vec<OutboxRow>, Vec<Change>), SyncError> {
    let rows: Vec<OutboxRow> = sqlx::query_as(
        "SELECT id, kind, record_uid, base_seq, op, field, value FROM sync_outbox \
         ORDER BY id LIMIT ?1",
    )
    .bind(i64::try_from(limit).unwrap_or(i64::MAX))
    .fetch_all(db.pool())
    .await?;
    let mut changes = rows
        .iter()
        .map(|r| change_of(replica, r))
        .collect::<Result<Vec<_>, _>>()?;
    let fit = fitting(&changes)?;
    changes.truncate(fit);
    Ok((rows.into_iter().take(fit).collect(), changes))
}

/// How many of `changes`, from the first, fit in one request body ([`MAX_BODY_BYTES`], less room
/// for the envelope). One change larger than that alone cannot be pushed: refused with its record.
fn fitting(changes: &[Change]) -> Result<usize, SyncError> {
    const ROOM: usize = MAX_BODY_BYTES - 4096;
    let mut bytes = 0;
    for (n, change) in changes.iter().enumerate() {
        bytes += serde_json::to_vec(change).map_or(usize::MAX, |v| v.len()) + 1;
        if bytes > ROOM {
            if n == 0 {
                return Err(SyncError::TooLarge {
                    kind: change.kind.clone(),
                    record: change.record_id,
                });
            }
            return Ok(n);
        }
    }
    Ok(changes.len())
}

/// The oldest `limit` changes waiting in the outbox, as they will be pushed.
pub(super) async fn waiting(
    db: &Db,
    replica: Uuid,
    limit: usize,
) -> Result<Vec<Change>, SyncError> {
    Ok(oldest(db, replica, limit).await?.1)
}

/// Pushes the whole outbox.
pub(super) async fn push(db: &Db, client: &Client, replica: Uuid) -> Result<PushReport, SyncError> {
    let mut report = PushReport::default();
    loop {
        let (rows, changes) = oldest(db, replica, MAX_CHANGES_PER_PUSH).await?;
        if rows.is_empty() {
            return Ok(report);
        }
        let answer = client.push(&changes).await?;
        if answer.results.len() != changes.len() {
            return Err(SyncError::Offline(format!(
                "the server answered {} results for {} changes",
                answer.results.len(),
                changes.len()
            )));
        }
        let mut tx = db.begin_write().await?;
        let now = Utc::now().to_rfc3339();
        for ((row, change), result) in rows.iter().zip(&changes).zip(answer.results) {
            sqlx::query("DELETE FROM sync_outbox WHERE id = ?1")
                .bind(row.0)
                .execute(&mut *tx)
                .await?;
            match result.outcome {
                Outcome::Applied { .. } | Outcome::AlreadyApplied { .. } => report.stored += 1,
                Outcome::Conflict { theirs } => {
                    report.conflicts += 1;
                    if change.op == Op::Delete {
                        bring_back(&mut tx, row).await?;
                    }
                    sqlx::query(
                        "INSERT INTO sync_conflicts (mine, theirs, reported_at) VALUES (?1, ?2, ?3)",
                    )
                    .bind(serde_json::to_string(change).unwrap_or_default())
                    .bind(serde_json::to_string(&theirs).unwrap_or_default())
                    .bind(&now)
                    .execute(&mut *tx)
                    .await?;
                }
            }
        }
        tx.commit().await?;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn change_ids_are_stable_and_distinct() {
        let replica = Uuid::new_v4();
        assert_eq!(change_id(replica, 7), change_id(replica, 7));
        let ids: std::collections::HashSet<_> = (1..2000).map(|n| change_id(replica, n)).collect();
        assert_eq!(ids.len(), 1999);
        assert_ne!(change_id(replica, 1), change_id(Uuid::new_v4(), 1));
        assert_eq!(change_id(replica, 1).get_version_num(), 4);
    }

    fn set_of(bytes: usize) -> Change {
        Change {
            change_id: Uuid::new_v4(),
            kind: "journeys".into(),
            record_id: Uuid::new_v4(),
            base_seq: 0,
            op: Op::Set {
                field: "content".into(),
                value: Value::String("x".repeat(bytes)),
            },
        }
    }

    #[test]
    fn a_push_takes_as_many_changes_as_fit_in_one_request() {
        let small: Vec<Change> = (0..10).map(|_| set_of(100)).collect();
        assert_eq!(fitting(&small).expect("fits"), 10);
        let large: Vec<Change> = (0..10).map(|_| set_of(300_000)).collect();
        assert_eq!(fitting(&large).expect("fits"), 3);
        let body = serde_json::to_vec(&firstgoal_protocol::PushRequest {
            changes: large[..3].to_vec(),
        })
        .expect("JSON");
        assert!(body.len() <= MAX_BODY_BYTES);
        assert!(matches!(
            fitting(&[set_of(MAX_BODY_BYTES)]),
            Err(SyncError::TooLarge { .. })
        ));
    }
}
