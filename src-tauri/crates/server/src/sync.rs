//! Push and pull against the database, and the conflict rule of `firstgoal-protocol`.

use std::collections::{HashMap, HashSet};
use std::time::Duration;

use firstgoal_protocol::{Change, ChangeResult, Op, Outcome, PullResponse, StoredChange};
use sqlx::postgres::PgRow;
use sqlx::{PgConnection, PgPool, Row};
use uuid::Uuid;

use crate::news::News;
use crate::records;

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

async fn changes_by_seq(
    conn: &mut PgConnection,
    team: Uuid,
    seqs: &[i64],
) -> Result<HashMap<i64, StoredChange>, sqlx::Error> {
    if seqs.is_empty() {
        return Ok(HashMap::new());
    }
    let sql = format!("SELECT {COLUMNS} FROM changes WHERE team_id = $1 AND seq = ANY($2)");
    let rows = sqlx::query(&sql)
        .bind(team)
        .bind(seqs)
        .fetch_all(conn)
        .await?;
    rows.iter().map(|r| stored(r).map(|c| (c.seq, c))).collect()
}

/// The change ids of `ids` the team already has: applied (with their seq) and kept as conflicts
/// (with the seq of the change they conflicted with).
async fn known(
    conn: &mut PgConnection,
    team: Uuid,
    ids: &[Uuid],
) -> Result<(HashMap<Uuid, i64>, HashMap<Uuid, i64>), sqlx::Error> {
    let applied = sqlx::query_as(
        "SELECT change_id, seq FROM changes WHERE team_id = $1 AND change_id = ANY($2)",
    )
    .bind(team)
    .bind(ids)
    .fetch_all(&mut *conn)
    .await?;
    let kept = sqlx::query_as(
        "SELECT change_id, theirs_seq FROM conflicts WHERE team_id = $1 AND change_id = ANY($2)",
    )
    .bind(team)
    .bind(ids)
    .fetch_all(&mut *conn)
    .await?;
    Ok((applied.into_iter().collect(), kept.into_iter().collect()))
}

/// For each change (by index), the newest change of someone else since its base that it conflicts
/// with: a set conflicts with a set of the same field or a deletion; a deletion with any set. Only
/// changes stored before this push can conflict (a person's own changes never do).
async fn conflicting(
    conn: &mut PgConnection,
    who: Caller,
    changes: &[&Change],
) -> Result<HashMap<usize, i64>, sqlx::Error> {
    if changes.is_empty() {
        return Ok(HashMap::new());
    }
    let kinds: Vec<&str> = changes.iter().map(|c| c.kind.as_str()).collect();
    let records: Vec<Uuid> = changes.iter().map(|c| c.record_id).collect();
    let fields: Vec<Option<&str>> = changes.iter().map(|c| op_parts(&c.op).1).collect();
    let bases: Vec<i64> = changes.iter().map(|c| c.base_seq).collect();
    let rows: Vec<(i64, i64)> = sqlx::query_as(
        "SELECT u.ord, theirs.seq FROM UNNEST($2::text[], $3::uuid[], $4::text[], $5::bigint[]) \
         WITH ORDINALITY AS u(kind, record_id, field, base_seq, ord) \
         CROSS JOIN LATERAL (SELECT seq FROM changes c WHERE c.team_id = $1 AND c.kind = u.kind \
           AND c.record_id = u.record_id AND c.seq + 0 > u.base_seq AND c.author <> $6 AND \
           (CASE WHEN u.field IS NULL THEN c.op = 'set' ELSE (c.op = 'delete' OR c.field = u.field) END) \
           ORDER BY c.seq + 0 DESC LIMIT 1) theirs",
    )
    // `seq + 0`: the record's own changes are found by `changes_record` (its team, kind and id)
    // and sorted. With `seq` itself, a plan made while `changes` was nearly empty (and kept by
    // the connection) walked the team's whole log by `changes_team_seq` for each record.
    .bind(who.team)
    .bind(&kinds)
    .bind(&records)
    .bind(&fields)
    .bind(&bases)
    .bind(who.person)
    .fetch_all(conn)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(ord, seq)| (ord as usize - 1, seq))
        .collect())
}

/// Stores changes, in order: in `changes` (returns each change id's new seq), or with `theirs` in
/// `conflicts` (returns each change id's seq of theirs).
async fn insert(
    conn: &mut PgConnection,
    who: Caller,
    changes: &[&Change],
    theirs: Option<&[i64]>,
) -> Result<HashMap<Uuid, i64>, sqlx::Error> {
    if changes.is_empty() {
        return Ok(HashMap::new());
    }
    let ids: Vec<Uuid> = changes.iter().map(|c| c.change_id).collect();
    let kinds: Vec<&str> = changes.iter().map(|c| c.kind.as_str()).collect();
    let records: Vec<Uuid> = changes.iter().map(|c| c.record_id).collect();
    let parts: Vec<_> = changes.iter().map(|c| op_parts(&c.op)).collect();
    let ops: Vec<&str> = parts.iter().map(|p| p.0).collect();
    let fields: Vec<Option<&str>> = parts.iter().map(|p| p.1).collect();
    let values: Vec<Option<String>> = parts.into_iter().map(|p| p.2).collect();
    let bases: Vec<i64> = changes.iter().map(|c| c.base_seq).collect();
    let columns = "team_id, change_id, author, kind, record_id, op, field, value, base_seq";
    let unnest = "UNNEST($3::uuid[], $4::text[], $5::uuid[], $6::text[], $7::text[], $8::text[], $9::bigint[], $10::bigint[]) \
                  WITH ORDINALITY AS u(change_id, kind, record_id, op, field, value, base_seq, theirs_seq, ord)";
    let select =
        "SELECT $1, u.change_id, $2, u.kind, u.record_id, u.op, u.field, u.value, u.base_seq";
    let sql = match theirs {
        None => format!(
            "INSERT INTO changes ({columns}) {select} FROM {unnest} ORDER BY u.ord RETURNING change_id, seq"
        ),
        Some(_) => format!(
            "INSERT INTO conflicts ({columns}, theirs_seq) {select}, u.theirs_seq FROM {unnest} ORDER BY u.ord \
             RETURNING change_id, theirs_seq"
        ),
    };
    let theirs = theirs.map_or_else(|| vec![0; changes.len()], <[i64]>::to_vec);
    let rows: Vec<(Uuid, i64)> = sqlx::query_as(&sql)
        .bind(who.team)
        .bind(who.person)
        .bind(&ids)
        .bind(&kinds)
        .bind(&records)
        .bind(&ops)
        .bind(&fields)
        .bind(&values)
        .bind(&bases)
        .bind(&theirs)
        .fetch_all(conn)
        .await?;
    Ok(rows.into_iter().collect())
}

/// Applies a push in one transaction, with a handful of statements whatever its size. Pushes of
/// one team wait for each other on a row lock of the team, which keeps the conflict checks exact
/// and the team's sequence numbers in commit order across any number of server processes.
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
    let ids: Vec<Uuid> = changes.iter().map(|c| c.change_id).collect();
    let (applied, kept) = known(&mut tx, who.team, &ids).await?;
    // New changes: neither stored nor kept before, and the first of a change id sent twice in this push.
    let mut seen = HashSet::new();
    let new: Vec<&Change> = changes
        .iter()
        .filter(|c| !applied.contains_key(&c.change_id) && !kept.contains_key(&c.change_id))
        .filter(|c| seen.insert(c.change_id))
        .collect();
    let clashes = conflicting(&mut tx, who, &new).await?;
    let (mut to_keep, mut theirs, mut to_apply) = (Vec::new(), Vec::new(), Vec::new());
    for (i, c) in new.iter().enumerate() {
        match clashes.get(&i) {
            Some(seq) => {
                to_keep.push(*c);
                theirs.push(*seq);
            }
            None => to_apply.push(*c),
        }
    }
    let now_applied = insert(&mut tx, who, &to_apply, None).await?;
    let stored: Vec<(&Change, i64)> = to_apply
        .iter()
        .filter_map(|c| Some((*c, *now_applied.get(&c.change_id)?)))
        .collect();
    records::apply(&mut tx, who.team, &stored).await?;
    let now_kept = insert(&mut tx, who, &to_keep, Some(&theirs)).await?;
    let conflict_seqs: Vec<i64> = kept.values().chain(now_kept.values()).copied().collect();
    let their_changes = changes_by_seq(&mut tx, who.team, &conflict_seqs).await?;
    if !now_applied.is_empty() {
        // Delivered at commit to the waiting pulls of every server process.
        sqlx::query("SELECT pg_notify($1, $2)")
            .bind(crate::news::CHANNEL)
            .bind(who.team.to_string())
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await?;

    let mut first = HashSet::new();
    let mut results = Vec::with_capacity(changes.len());
    for c in changes {
        let id = c.change_id;
        let outcome = if let Some(seq) = applied.get(&id) {
            Outcome::AlreadyApplied { seq: *seq }
        } else if let Some(seq) = now_applied.get(&id) {
            if first.insert(id) {
                Outcome::Applied { seq: *seq }
            } else {
                Outcome::AlreadyApplied { seq: *seq }
            }
        } else {
            let seq = kept
                .get(&id)
                .or_else(|| now_kept.get(&id))
                .copied()
                .unwrap_or_default();
            let theirs = their_changes
                .get(&seq)
                .cloned()
                .ok_or(sqlx::Error::RowNotFound)?;
            Outcome::Conflict {
                theirs: Box::new(theirs),
            }
        };
        results.push(ChangeResult {
            change_id: id,
            outcome,
        });
    }
    Ok(results)
}

/// [`pull`], but with nothing after `after` it waits up to `wait` for a push of the team to be
/// committed (or the process to shut down), then answers as [`pull`] does.
pub async fn pull_waiting(
    pool: &PgPool,
    news: &News,
    who: Caller,
    after: i64,
    limit: u32,
    wait: Duration,
) -> Result<PullResponse, sqlx::Error> {
    let deadline = tokio::time::Instant::now() + wait;
    // Listening before looking: a commit between the look and the wait still wakes it.
    let mut waiter = news.waiter(who.team);
    loop {
        let page = pull(pool, who, after, limit).await?;
        if !page.changes.is_empty() || waiter.closing() || tokio::time::Instant::now() >= deadline {
            return Ok(page);
        }
        waiter.wait(deadline).await;
    }
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
