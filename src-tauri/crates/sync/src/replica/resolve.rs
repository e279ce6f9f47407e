//! The conflicts kept in the file (`sync_conflicts`), listed for a person and resolved by them. A
//! pushed change the server did not apply (someone else changed the same thing first) is kept as
//! mine and theirs; so is a pulled change the file's rules refused (mine is then the reason).
//!
//! Resolving with mine writes mine to the file again, as any edit (the triggers put it in the
//! outbox), based on the file's cursor, which must be at or past theirs' sequence: the server then
//! applies it over theirs (the protocol's rule) and every replica takes it with its next pull. (A
//! file that has not pulled theirs yet would get it back after mine with that pull: refused until
//! it syncs.) Resolving with theirs
//! keeps the team's value, which the file took with its pull (applied now if it was not), and
//! pushes nothing. The conflict leaves the file in the transaction of the resolution.

use firstgoal_core::Db;
use firstgoal_core::transfer::RecordRules;
use firstgoal_protocol::{Change, Op, StoredChange};
use serde_json::Value;
use sqlx::SqliteConnection;
use uuid::Uuid;

use super::SyncError;
use super::apply;
use super::tables::{self, Kind, quote};

/// One side of a conflict.
#[derive(Debug, Clone, PartialEq)]
pub enum Side {
    /// The field set to this value.
    Set(Value),
    /// The record deleted.
    Delete,
    /// (Mine only.) A pulled change the file's rules refused, and why.
    NotApplied(String),
}

/// One kept conflict, as a person reads it.
#[derive(Debug, Clone, PartialEq)]
pub struct Conflict {
    /// Its number in the file (what `resolve` takes).
    pub id: i64,
    /// The record's kind (its table) and uid.
    pub kind: String,
    pub record: Uuid,
    /// A name of the record, when the file holds it and it has one.
    pub label: Option<String>,
    /// The field both changed; none when one side deleted the record.
    pub field: Option<String>,
    pub mine: Side,
    pub theirs: Side,
    /// Who made theirs (a person's id on the server) and its server sequence.
    pub author: Uuid,
    /// The author's name, as the server last said (none before the first sync, or with a server
    /// of an earlier version).
    pub author_name: Option<String>,
    pub theirs_seq: i64,
    /// When the file was told of it.
    pub reported_at: String,
}

/// Which side a person keeps.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Choice {
    Mine,
    Theirs,
}

fn side(op: &Op) -> Side {
    match op {
        Op::Set { value, .. } => Side::Set(value.clone()),
        Op::Delete => Side::Delete,
    }
}

fn field(op: &Op) -> Option<String> {
    match op {
        Op::Set { field, .. } => Some(field.clone()),
        Op::Delete => None,
    }
}

/// A conflict from its row.
fn parse(
    (id, mine, theirs, reported_at): (i64, String, String, String),
) -> Result<Conflict, SyncError> {
    let damaged = || {
        SyncError::Core(firstgoal_core::CoreError::Unavailable(format!(
            "kept conflict {id} is damaged"
        )))
    };
    let theirs: StoredChange = serde_json::from_str(&theirs).map_err(|_| damaged())?;
    let (mine, mine_field) = match serde_json::from_str::<Change>(&mine) {
        Ok(change) => (side(&change.op), field(&change.op)),
        Err(_) => {
            let v: Value = serde_json::from_str(&mine).map_err(|_| damaged())?;
            let reason = v["not_applied"].as_str().ok_or_else(damaged)?;
            (Side::NotApplied(reason.to_owned()), None)
        }
    };
    Ok(Conflict {
        id,
        kind: theirs.change.kind.clone(),
        record: theirs.change.record_id,
        label: None,
        field: mine_field.or_else(|| field(&theirs.change.op)),
        mine,
        theirs: side(&theirs.change.op),
        author: theirs.author,
        author_name: None,
        theirs_seq: theirs.seq,
        reported_at,
    })
}

/// A readable name of the record, from the first of these columns its table has.
async fn label(
    conn: &mut SqliteConnection,
    kind: &Kind,
    uid: Uuid,
) -> Result<Option<String>, SyncError> {
    let Some(column) = ["customer_name", "name", "title"]
        .into_iter()
        .find(|c| kind.field(c).is_some())
    else {
        return Ok(None);
    };
    let sql = format!(
        "SELECT {} FROM {} WHERE uid = ?1",
        quote(column),
        quote(kind.table)
    );
    Ok(sqlx::query_scalar::<_, Option<String>>(&sql)
        .bind(uid.to_string())
        .fetch_optional(&mut *conn)
        .await?
        .flatten())
}

/// The conflicts kept in the file, oldest first.
pub async fn list(db: &Db) -> Result<Vec<Conflict>, SyncError> {
    let rows: Vec<(i64, String, String, String)> =
        sqlx::query_as("SELECT id, mine, theirs, reported_at FROM sync_conflicts ORDER BY id")
            .fetch_all(db.pool())
            .await?;
    let mut conn = db.pool().acquire().await?;
    let kinds = tables::kinds(&mut conn).await?;
    let team = super::state::team(db.pool()).await?;
    let mut out = Vec::with_capacity(rows.len());
    for row in rows {
        let mut conflict = parse(row)?;
        conflict.author_name = team
            .as_ref()
            .and_then(|t| t.name_of(conflict.author))
            .map(str::to_owned);
        if let Some(kind) = kinds.iter().find(|k| k.table == conflict.kind) {
            conflict.label = label(&mut conn, kind, conflict.record).await?;
        }
        out.push(conflict);
    }
    Ok(out)
}

/// Resolves the kept conflict `id` with `choice` (see the module doc); the caller then syncs.
pub async fn resolve(db: &Db, id: i64, choice: Choice) -> Result<Conflict, SyncError> {
    let mut tx = db.begin_write().await?;
    let row: Option<(i64, String, String, String)> =
        sqlx::query_as("SELECT id, mine, theirs, reported_at FROM sync_conflicts WHERE id = ?1")
            .bind(id)
            .fetch_optional(&mut *tx)
            .await?;
    let conflict = parse(row.ok_or(SyncError::NoConflict(id))?)?;
    let kinds = tables::kinds(&mut tx).await?;
    // A kind this version does not know cannot be in the file: only the conflict goes.
    if let Some(kind) = kinds.iter().find(|k| k.table == conflict.kind) {
        match choice {
            Choice::Mine => keep_mine(&mut tx, kind, &conflict).await?,
            Choice::Theirs => keep_theirs(&mut tx, kind, &conflict).await?,
        }
    }
    sqlx::query("DELETE FROM sync_conflicts WHERE id = ?1")
        .bind(id)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(conflict)
}

async fn exists(tx: &mut SqliteConnection, kind: &Kind, uid: &str) -> Result<bool, SyncError> {
    let sql = format!(
        "SELECT EXISTS (SELECT 1 FROM {} WHERE uid = ?1)",
        quote(kind.table)
    );
    Ok(sqlx::query_scalar(&sql)
        .bind(uid)
        .fetch_one(&mut *tx)
        .await?)
}

/// Writes mine as a local edit (the triggers put it in the outbox; when the file held mine
/// already, it is put there here).
async fn keep_mine(tx: &mut SqliteConnection, kind: &Kind, c: &Conflict) -> Result<(), SyncError> {
    if cursor(tx).await? < c.theirs_seq {
        return Err(SyncError::CannotResolve(
            "this file has not received theirs yet; run `team sync` first".to_owned(),
        ));
    }
    let uid = c.record.to_string();
    let field = c.field.as_deref().and_then(|f| kind.field(f));
    let before: i64 = sqlx::query_scalar("SELECT COALESCE(MAX(id), 0) FROM sync_outbox")
        .fetch_one(&mut *tx)
        .await?;
    if c.mine == Side::Delete {
        apply::delete(tx, kind, &uid).await?;
        sqlx::query(
            "INSERT INTO sync_outbox (kind, record_uid, base_seq, op) \
             SELECT ?1, ?2, cursor, 'delete' FROM sync_state \
             WHERE NOT EXISTS (SELECT 1 FROM sync_outbox WHERE id > ?3)",
        )
        .bind(kind.table)
        .bind(&uid)
        .bind(before)
        .execute(&mut *tx)
        .await?;
    } else if let Some(field) = field {
        if !exists(tx, kind, &uid).await? {
            return Err(SyncError::CannotResolve(format!(
                "the {} {uid} is no longer in this file (someone deleted it): one field cannot make it again",
                kind.table
            )));
        }
        let rules = RecordRules::load(tx).await?;
        if let Side::Set(value) = &c.mine
            && let Err(reason) = apply::set(tx, &rules, kind, &uid, field, value).await?
        {
            return Err(SyncError::CannotResolve(reason));
        }
        let sql = format!(
            "INSERT INTO sync_outbox (kind, record_uid, base_seq, op, field, value) \
             SELECT ?1, t.uid, (SELECT cursor FROM sync_state), 'set', ?2, {} FROM {} t \
             WHERE t.uid = ?3 AND NOT EXISTS (SELECT 1 FROM sync_outbox WHERE id > ?4)",
            tables::json_of(kind, "t", field),
            quote(kind.table)
        );
        sqlx::query(&sql)
            .bind(kind.table)
            .bind(field)
            .bind(&uid)
            .bind(before)
            .execute(&mut *tx)
            .await?;
    }
    Ok(())
}

async fn cursor(tx: &mut SqliteConnection) -> Result<i64, SyncError> {
    Ok(
        sqlx::query_scalar("SELECT cursor FROM sync_state WHERE singleton = 1")
            .fetch_one(&mut *tx)
            .await?,
    )
}

/// Makes sure the file holds theirs: applied now when the file has not pulled it yet, or when it
/// was a pulled change the file refused (refused again, the conflict stays).
async fn keep_theirs(
    tx: &mut SqliteConnection,
    kind: &Kind,
    c: &Conflict,
) -> Result<(), SyncError> {
    if cursor(tx).await? >= c.theirs_seq && !matches!(c.mine, Side::NotApplied(_)) {
        return Ok(());
    }
    let uid = c.record.to_string();
    sqlx::query("UPDATE sync_state SET applying = 1 WHERE singleton = 1")
        .execute(&mut *tx)
        .await?;
    let rules = RecordRules::load(tx).await?;
    let outcome = match (&c.theirs, c.field.as_deref().and_then(|f| kind.field(f))) {
        (Side::Set(value), Some(field)) => apply::set(tx, &rules, kind, &uid, field, value).await?,
        (Side::Delete, _) => apply::delete(tx, kind, &uid).await.map(|_| Ok(()))?,
        _ => Ok(()),
    };
    sqlx::query("UPDATE sync_state SET applying = 0 WHERE singleton = 1")
        .execute(&mut *tx)
        .await?;
    outcome.map_err(SyncError::CannotResolve)
}
