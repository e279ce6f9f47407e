//! Push and pull against the database, and the conflict rule of `firstgoal-protocol`.

use firstgoal_protocol::{Change, ChangeResult, Op, Outcome, PullResponse, StoredChange};
use sqlx::postgres::PgRow;
use sqlx::{PgConnection, PgPool, Row};
use uuid::Uuid;

/// Who is pushing or pulling (from their credential).
#[derive(Debug, Clone, Copy)]
pub struct Caller {
    /// The person.
    pub person: Uuid,
    /// Their team: every query is limited to it.
    pub team: Uuid,
}

const COLUMNS: &str = "seq, author, change_id, kind, record_id, op, field, value, base_seq";

fn stored(row: &PgRow) -> Result<StoredChange, sqlx::Error> {
    let op: String = row.try_get("op")?;
    let op = if op == "delete" {
        Op::Delete
    } else {
        let value: Option<String> = row.try_get("value")?;
        let value = serde_json::from_str(value.as_deref().unwrap_or("null"))
            .map_err(|e| sqlx::Error::Decode(Box::new(e)))?;
        Op::Set {
            field: row
                .try_get::<Option<String>, _>("field")?
                .unwrap_or_default(),
            value,
        }
    };
    Ok(StoredChange {
        seq: row.try_get("seq")?,
        author: row.try_get("author")?,
        change: Change {
            change_id: row.try_get("change_id")?,
            kind: row.try_get("kind")?,
            record_id: row.try_get("record_id")?,
            base_seq: row.try_get("base_seq")?,
            op,
        },
    })
}

fn op_parts(op: &Op) -> (&'static str, Option<&str>, Option<String>) {
    match op {
        Op::Set { field, value } => ("set", Some(field.as_str()), Some(value.to_string())),
        Op::Delete => ("delete", None, None),
    }
}

async fn change_by_seq(
    conn: &mut PgConnection,
    team: Uuid,
    seq: i64,
) -> Result<StoredChange, sqlx::Error> {
    let sql = format!("SELECT {COLUMNS} FROM changes WHERE team_id = $1 AND seq = $2");
    let row = sqlx::query(&sql)
        .bind(team)
        .bind(seq)
        .fetch_one(conn)
        .await?;
    stored(&row)
}

/// The newest change of someone else since the change's base that it conflicts with, if any.
async fn conflicting(
    conn: &mut PgConnection,
    who: Caller,
    c: &Change,
) -> Result<Option<StoredChange>, sqlx::Error> {
    // A set conflicts with a set of the same field or a deletion; a deletion with any set.
    let sql = format!(
        "SELECT {COLUMNS} FROM changes WHERE team_id = $1 AND kind = $2 AND record_id = $3 \
         AND seq > $4 AND author <> $5 AND \
         (CASE WHEN $6::text IS NULL THEN op = 'set' ELSE (op = 'delete' OR field = $6) END) \
         ORDER BY seq DESC LIMIT 1"
    );
    let field = match &c.op {
        Op::Set { field, .. } => Some(field.as_str()),
        Op::Delete => None,
    };
    let row = sqlx::query(&sql)
        .bind(who.team)
        .bind(&c.kind)
        .bind(c.record_id)
        .bind(c.base_seq)
        .bind(who.person)
        .bind(field)
        .fetch_optional(conn)
        .await?;
    row.as_ref().map(stored).transpose()
}

/// Applies one change inside the team's push transaction.
async fn push_one(
    conn: &mut PgConnection,
    who: Caller,
    c: &Change,
) -> Result<Outcome, sqlx::Error> {
    let seq: Option<i64> =
        sqlx::query_scalar("SELECT seq FROM changes WHERE team_id = $1 AND change_id = $2")
            .bind(who.team)
            .bind(c.change_id)
            .fetch_optional(&mut *conn)
            .await?;
    if let Some(seq) = seq {
        return Ok(Outcome::AlreadyApplied { seq });
    }
    let kept: Option<i64> = sqlx::query_scalar(
        "SELECT theirs_seq FROM conflicts WHERE team_id = $1 AND change_id = $2",
    )
    .bind(who.team)
    .bind(c.change_id)
    .fetch_optional(&mut *conn)
    .await?;
    if let Some(theirs_seq) = kept {
        let theirs = change_by_seq(conn, who.team, theirs_seq).await?;
        return Ok(Outcome::Conflict {
            theirs: Box::new(theirs),
        });
    }
    let (op, field, value) = op_parts(&c.op);
    if let Some(theirs) = conflicting(conn, who, c).await? {
        sqlx::query(
            "INSERT INTO conflicts (team_id, change_id, author, kind, record_id, op, field, value, base_seq, \
             theirs_seq) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
        )
        .bind(who.team)
        .bind(c.change_id)
        .bind(who.person)
        .bind(&c.kind)
        .bind(c.record_id)
        .bind(op)
        .bind(field)
        .bind(&value)
        .bind(c.base_seq)
        .bind(theirs.seq)
        .execute(&mut *conn)
        .await?;
        return Ok(Outcome::Conflict {
            theirs: Box::new(theirs),
        });
    }
    let seq = sqlx::query_scalar(
        "INSERT INTO changes (team_id, change_id, author, kind, record_id, op, field, value, base_seq) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING seq",
    )
    .bind(who.team)
    .bind(c.change_id)
    .bind(who.person)
    .bind(&c.kind)
    .bind(c.record_id)
    .bind(op)
    .bind(field)
    .bind(&value)
    .bind(c.base_seq)
    .fetch_one(&mut *conn)
    .await?;
    Ok(Outcome::Applied { seq })
}

/// Applies a push in one transaction. Pushes of one team wait for each other on a row lock of the
/// team, which keeps the conflict checks exact and the team's sequence numbers in commit order
/// across any number of server processes.
pub async fn push(
    pool: &PgPool,
    who: Caller,
    changes: &[Change],
) -> Result<Vec<ChangeResult>, sqlx::Error> {
    let mut tx = pool.begin().await?;
    sqlx::query("SELECT 1 FROM teams WHERE id = $1 FOR UPDATE")
        .bind(who.team)
        .execute(&mut *tx)
        .await?;
    let mut results = Vec::with_capacity(changes.len());
    for c in changes {
        let outcome = push_one(&mut tx, who, c).await?;
        results.push(ChangeResult {
            change_id: c.change_id,
            outcome,
        });
    }
    tx.commit().await?;
    Ok(results)
}

/// The team's changes after `after`, at most `limit`, in order.
pub async fn pull(
    pool: &PgPool,
    who: Caller,
    after: i64,
    limit: u32,
) -> Result<PullResponse, sqlx::Error> {
    let sql = format!(
        "SELECT {COLUMNS} FROM changes WHERE team_id = $1 AND seq > $2 ORDER BY seq LIMIT $3"
    );
    let rows = sqlx::query(&sql)
        .bind(who.team)
        .bind(after)
        .bind(i64::from(limit) + 1)
        .fetch_all(pool)
        .await?;
    let more = rows.len() > limit as usize;
    let changes = rows
        .iter()
        .take(limit as usize)
        .map(stored)
        .collect::<Result<Vec<_>, _>>()?;
    let next_cursor = changes.last().map_or(after, |c| c.seq);
    Ok(PullResponse {
        changes,
        next_cursor,
        more,
    })
}
