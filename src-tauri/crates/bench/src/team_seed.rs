//! Seeding a team on the server from a demo file, for the team-sync benchmarks only: every record
//! of the file goes into PostgreSQL as the changes its first push would have stored (one set per
//! field, authored by one person) and as its current fields (`records`), with `COPY` instead of
//! pushes — pushing 7.5 M changes 500 at a time is not what is measured. Sequence numbers are
//! taken from the server's own sequence, so pushes after the seed follow it.

use std::collections::BTreeMap;
use std::path::Path;

use firstgoal_core::Db;
use firstgoal_sync::replica::tables::{self, json_of, quote};
use serde_json::Value;
use sqlx::PgPool;
use uuid::Uuid;

use crate::team_sync::BenchError;

/// What the seed wrote.
#[derive(Debug, Clone, Copy, Default)]
pub struct Seeded {
    pub records: u64,
    pub changes: u64,
}

/// `text` as a field of `COPY ... FROM STDIN` text format.
fn copy_field(text: &str, out: &mut String) {
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            c => out.push(c),
        }
    }
}

/// The rows of one kind of the demo file: uid, then each field's value as JSON text (references
/// as the uid referred to), as the file's outbox triggers would send them.
async fn rows_of(db: &Db, kind: &tables::Kind) -> Result<Vec<Vec<String>>, BenchError> {
    let columns: Vec<String> = std::iter::once("t.uid".to_owned())
        .chain(kind.fields.iter().map(|f| json_of(kind, "t", f)))
        .collect();
    let sql = format!(
        "SELECT {} FROM {} t ORDER BY t.rowid",
        columns.join(", "),
        quote(kind.table)
    );
    let mut out = Vec::new();
    for row in sqlx::query(&sql).fetch_all(db.pool()).await? {
        use sqlx::Row;
        let mut values = Vec::with_capacity(columns.len());
        for i in 0..columns.len() {
            values.push(row.try_get::<String, _>(i)?);
        }
        out.push(values);
    }
    Ok(out)
}

/// Writes every record of the demo file at `file` into `team` as `author`'s changes (with
/// `records_only`, the records alone, their sequence numbers taken all the same: the first sync
/// reads only the records, and the change log of a large team takes gigabytes of disk).
pub async fn seed(
    pool: &PgPool,
    file: &Path,
    team: Uuid,
    author: Uuid,
    records_only: bool,
) -> Result<Seeded, BenchError> {
    name_records(file).await?;
    let db = Db::open_read_only(file).await?;
    let mut conn = db.pool().acquire().await?;
    let kinds = tables::kinds(&mut conn).await?;
    drop(conn);
    let mut seeded = Seeded::default();
    let mut pg = pool.acquire().await?;
    for kind in &kinds {
        let rows = rows_of(&db, kind).await?;
        for chunk in rows.chunks(50_000) {
            let done = copy_chunk(&mut pg, kind, chunk, (team, author), records_only).await?;
            seeded.records += done.records;
            seeded.changes += done.changes;
        }
    }
    db.close().await;
    Ok(seeded)
}

/// Copies the changes and records of `rows` of `kind`.
async fn copy_chunk(
    pg: &mut sqlx::PgConnection,
    kind: &tables::Kind,
    rows: &[Vec<String>],
    (team, author): (Uuid, Uuid),
    records_only: bool,
) -> Result<Seeded, BenchError> {
    let n = (rows.len() * kind.fields.len()) as i64;
    if n == 0 {
        return Ok(Seeded::default());
    }
    // A block of the server's sequence for these changes.
    let last: i64 =
        sqlx::query_scalar("SELECT setval('changes_seq_seq', nextval('changes_seq_seq') + $1 - 1)")
            .bind(n)
            .fetch_one(&mut *pg)
            .await?;
    let mut seq = last - n + 1;
    let (mut changes, mut records) = (String::new(), String::new());
    for row in rows {
        let record = &row[0];
        let mut fields = BTreeMap::new();
        for (field, text) in kind.fields.iter().zip(&row[1..]) {
            // As the server stores a pushed value: its JSON re-serialised.
            let value = serde_json::from_str::<Value>(text)?.to_string();
            changes.push_str(&format!(
                "{seq}\t{team}\t{}\t{author}\t{}\t{record}\tset\t{field}\t",
                Uuid::new_v4(),
                kind.table
            ));
            copy_field(&value, &mut changes);
            changes.push_str("\t0\n");
            fields.insert(
                field.as_str(),
                serde_json::value::RawValue::from_string(value)?,
            );
            seq += 1;
        }
        records.push_str(&format!("{team}\t{}\t{record}\t", kind.table));
        copy_field(&serde_json::to_string(&fields)?, &mut records);
        records.push_str(&format!("\t{}\n", seq - 1));
    }
    let changes = if records_only {
        0
    } else {
        let mut copy = pg
            .copy_in_raw(
                "COPY changes (seq, team_id, change_id, author, kind, record_id, op, field, value, base_seq) FROM STDIN",
            )
            .await?;
        copy.send(changes.into_bytes()).await?;
        copy.finish().await?
    };
    let mut copy = pg
        .copy_in_raw("COPY records (team_id, kind, record_id, fields, seq) FROM STDIN")
        .await?;
    copy.send(records.into_bytes()).await?;
    let records = copy.finish().await?;
    Ok(Seeded { records, changes })
}

/// Names every record of the demo file (`uid`), as enrolment would: a file not in a team keeps
/// its records unnamed.
async fn name_records(file: &Path) -> Result<(), BenchError> {
    let db = Db::open(file).await?;
    for table in tables::TRAVELLING {
        let sql = format!(
            "UPDATE {} SET uid = {} WHERE uid IS NULL",
            quote(table),
            firstgoal_core::db::NEW_UUID
        );
        sqlx::query(&sql).execute(db.pool()).await?;
    }
    db.close().await;
    Ok(())
}
