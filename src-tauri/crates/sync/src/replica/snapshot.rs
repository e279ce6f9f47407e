//! A new replica's first sync (cursor 0): instead of every change since the team began, the
//! server's snapshot — each record as the changes left it — read kind by kind, parents first, and
//! written with the core's bulk fill in one transaction that also sets the cursor to the `as_of`
//! of the first page; the changes after it are then pulled as usual (a change a page had already
//! sets the same value again). A fill cut off writes nothing; the next sync starts it again.
//! Records the file holds already (by uid) are skipped; a record received in part (a field
//! missing, a record it refers to missing, or one its table refuses) waits in `sync_incoming`, as
//! it would when pulled change by change. Each value is checked against its column's rule, as a
//! pulled change is (see `apply::check`); a record with a value that fails waits too, and is
//! checked whole when it is created from there. The rules across a record's values and across a
//! project's rows are not checked here: read once per record, they would cost the first sync of
//! a large team most of its time.
//!
//! Three steps run at once, a few pages apart: a task reads the pages from the server, this one
//! turns each into rows (the checks, references as local ids), and a task writes the rows on the
//! fill's connection. The rows of the kinds referred to are given their local ids here (after the
//! largest the table has), so a reference is written as that id without reading the rows back;
//! before the rows of a kind referring to one just written, the writer says which of them its
//! table refused, and those are not referred to.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use firstgoal_core::Db;
use firstgoal_core::db::fill::{BulkFill, SqlValue};
use firstgoal_core::transfer::RecordRules;
use firstgoal_protocol::{SnapshotPage, SnapshotRecord};
use serde_json::Value;
use tokio::sync::{mpsc, oneshot};
use tokio::task::JoinHandle;
use uuid::Uuid;

use super::SyncError;
use super::apply::{self, PageReport};
use super::tables::{Kind, quote};
use crate::client::Client;

/// How many pages are read, and how many pages' rows are built, ahead of the page being written.
const AHEAD: usize = 3;

/// Per kind referred to, the local id of each of its records by uid.
type Ids = HashMap<&'static str, HashMap<Uuid, i64>>;

/// A page read, with the index of its kind.
type Read = Result<(usize, SnapshotPage), SyncError>;

/// What the writing task is asked to do, in order.
enum Job {
    /// Say which records it could not write since it was last asked (everything sent before is
    /// written by then).
    Refused {
        reply: oneshot::Sender<Vec<(&'static str, Uuid)>>,
    },
    /// Write one page.
    Page(Batch),
}

/// One page turned into rows.
struct Batch {
    /// The index of its kind.
    kind: usize,
    /// The records to write, each with its row (uid, then [`columns`]) when it is whole and every
    /// record it refers to is in the file; without one, it waits in `sync_incoming`.
    records: Vec<(SnapshotRecord, Option<Vec<SqlValue<'static>>>)>,
    /// Whether each row has its local id after the uid (a kind referred to).
    numbered: bool,
    /// What the page held, and how many of its records the file held already.
    changes: u64,
    own: u64,
}

/// Fills the file from the snapshot, pages of `limit` records, calling `on_page` after each is
/// written; returns the cursor it set (the team's last change when the first page was read).
pub(super) async fn fill(
    db: &Db,
    client: &Client,
    kinds: &[Kind],
    limit: u32,
    mut on_page: impl FnMut(&PageReport),
) -> Result<i64, SyncError> {
    let mut fill = BulkFill::begin(db).await?;
    sqlx::query("UPDATE sync_state SET applying = 1 WHERE singleton = 1")
        .execute(fill.connection())
        .await?;
    let mut ids = Ids::new();
    let mut next_id = HashMap::new();
    for kind in kinds {
        for &parent in kind.refs.values() {
            if !next_id.contains_key(parent) {
                next_id.insert(parent, max_id(&mut fill, parent).await? + 1);
                ids.insert(parent, local_ids(&mut fill, parent).await?);
            }
        }
    }
    let known = known(&mut fill, kinds).await?;
    let rules = RecordRules::load(fill.connection()).await?;
    let kinds: Arc<[Kind]> = kinds.into();
    let (read, mut pages) = mpsc::channel(AHEAD);
    tokio::spawn(read_pages(client.clone(), kinds.clone(), limit, read));
    let (jobs, to_do) = mpsc::channel(AHEAD);
    let (done, mut written) = mpsc::unbounded_channel();
    let writer = tokio::spawn(write(fill, kinds.clone(), to_do, done));
    let mut as_of = None;
    let mut current = None;
    // The kinds whose rows were sent since the writer last said which it refused.
    let mut unsettled = HashSet::new();
    while let Some(page) = pages.recv().await {
        let (i, page) = page?;
        as_of.get_or_insert(page.as_of);
        let kind = &kinds[i];
        if current != Some(i) {
            current = Some(i);
            // The kinds it refers to come before it: all written once the writer answers.
            if kind.refs.values().any(|parent| unsettled.contains(parent)) {
                unsettled.clear();
                let (reply, answer) = oneshot::channel();
                if jobs.send(Job::Refused { reply }).await.is_err() {
                    return Err(stopped(writer).await);
                }
                let Ok(refused) = answer.await else {
                    return Err(stopped(writer).await);
                };
                for (table, uid) in refused {
                    if let Some(ids) = ids.get_mut(table) {
                        ids.remove(&uid);
                    }
                }
            }
        }
        unsettled.insert(kind.table);
        let batch = rows(
            i,
            kind,
            page,
            &known[kind.table],
            &mut ids,
            &mut next_id,
            &rules,
        );
        if jobs.send(Job::Page(batch)).await.is_err() {
            return Err(stopped(writer).await);
        }
        while let Ok(mut report) = written.try_recv() {
            report.cursor = as_of.unwrap_or(0);
            on_page(&report);
        }
    }
    drop(jobs);
    let mut fill = match writer.await {
        Ok(result) => result?,
        Err(e) => return Err(joined(e)),
    };
    while let Ok(mut report) = written.try_recv() {
        report.cursor = as_of.unwrap_or(0);
        on_page(&report);
    }
    let cursor = as_of.unwrap_or(0);
    sqlx::query("UPDATE sync_state SET applying = 0, cursor = ?1 WHERE singleton = 1")
        .bind(cursor)
        .execute(fill.connection())
        .await?;
    fill.commit().await?;
    Ok(cursor)
}

/// Per kind, the uids of the records the file holds before the fill (skipped when the snapshot
/// has them).
async fn known(
    fill: &mut BulkFill,
    kinds: &[Kind],
) -> Result<HashMap<&'static str, HashSet<Uuid>>, SyncError> {
    let mut known = HashMap::new();
    for kind in kinds {
        let sql = format!(
            "SELECT uid FROM {} WHERE uid IS NOT NULL",
            quote(kind.table)
        );
        let uids: Vec<String> = sqlx::query_scalar(&sql)
            .fetch_all(fill.connection())
            .await?;
        let uids = uids.iter().filter_map(|u| u.parse().ok()).collect();
        known.insert(kind.table, uids);
    }
    Ok(known)
}

/// Reads every page of every kind in order into `pages`, until the last or until the fill stops
/// taking them.
async fn read_pages(client: Client, kinds: Arc<[Kind]>, limit: u32, pages: mpsc::Sender<Read>) {
    for (i, kind) in kinds.iter().enumerate() {
        let mut after = None;
        loop {
            let page = match client.snapshot(kind.table, after, Some(limit)).await {
                Ok(page) => page,
                Err(e) => {
                    let _ = pages.send(Err(e.into())).await;
                    return;
                }
            };
            after = page
                .records
                .last()
                .filter(|_| page.more)
                .map(|r| r.record_id);
            if pages.send(Ok((i, page))).await.is_err() {
                return;
            }
            if after.is_none() {
                break;
            }
        }
    }
}

/// The writing task: does the jobs in order on the fill's connection, sends a report per page
/// written, and gives the fill back once the jobs end (or its error).
async fn write(
    mut fill: BulkFill,
    kinds: Arc<[Kind]>,
    mut jobs: mpsc::Receiver<Job>,
    done: mpsc::UnboundedSender<PageReport>,
) -> Result<BulkFill, SyncError> {
    let mut refused = Vec::new();
    while let Some(job) = jobs.recv().await {
        match job {
            Job::Refused { reply } => {
                let _ = reply.send(std::mem::take(&mut refused));
            }
            Job::Page(batch) => {
                let kind = &kinds[batch.kind];
                let report = write_page(&mut fill, kind, batch, &mut refused).await?;
                let _ = done.send(report);
            }
        }
    }
    Ok(fill)
}

/// Why the writing task stopped early.
async fn stopped(writer: JoinHandle<Result<BulkFill, SyncError>>) -> SyncError {
    match writer.await {
        Ok(Err(e)) => e,
        Ok(Ok(_)) => SyncError::Offline("the snapshot's writing stopped".to_owned()),
        Err(e) => joined(e),
    }
}

/// A task that did not finish: its panic goes on; a cancelled one is reported.
fn joined(e: tokio::task::JoinError) -> SyncError {
    match e.try_into_panic() {
        Ok(panic) => std::panic::resume_unwind(panic),
        Err(e) => SyncError::Offline(format!("the snapshot's writing stopped: {e}")),
    }
}

/// The largest rowid of `table` (0 when it is empty).
async fn max_id(fill: &mut BulkFill, table: &str) -> Result<i64, SyncError> {
    let sql = format!("SELECT COALESCE(MAX(rowid), 0) FROM {}", quote(table));
    Ok(sqlx::query_scalar(&sql)
        .fetch_one(fill.connection())
        .await?)
}

/// The local id of each record of `table` by uid (those the file holds before the fill).
async fn local_ids(fill: &mut BulkFill, table: &str) -> Result<HashMap<Uuid, i64>, SyncError> {
    let sql = format!("SELECT uid, id FROM {} WHERE uid IS NOT NULL", quote(table));
    let rows: Vec<(String, i64)> = sqlx::query_as(&sql).fetch_all(fill.connection()).await?;
    Ok(rows
        .into_iter()
        .filter_map(|(uid, id)| Some((uid.parse().ok()?, id)))
        .collect())
}

/// Turns a page into rows, leaving out the records the file holds already; a kind referred to
/// gets its rows' local ids from `next_id`, and each in `ids`.
fn rows(
    index: usize,
    kind: &Kind,
    page: SnapshotPage,
    known: &HashSet<Uuid>,
    ids: &mut Ids,
    next_id: &mut HashMap<&'static str, i64>,
    rules: &RecordRules,
) -> Batch {
    let changes = page.records.len() as u64;
    let mut own = 0;
    let mut records = Vec::with_capacity(page.records.len());
    for record in page.records {
        if known.contains(&record.record_id) {
            own += 1;
            continue;
        }
        let mut row = row(kind, &record, ids, rules);
        if let (Some(row), Some(next)) = (row.as_mut(), next_id.get_mut(kind.table)) {
            row.insert(1, SqlValue::Int(*next));
            ids.entry(kind.table)
                .or_default()
                .insert(record.record_id, *next);
            *next += 1;
        }
        records.push((record, row));
    }
    Batch {
        kind: index,
        numbered: next_id.contains_key(kind.table),
        records,
        changes,
        own,
    }
}

/// The record's row (uid, then its fields and local edit time) when it is whole and every record
/// it refers to is in the file.
fn row(
    kind: &Kind,
    record: &SnapshotRecord,
    ids: &Ids,
    rules: &RecordRules,
) -> Option<Vec<SqlValue<'static>>> {
    let mut row = Vec::with_capacity(kind.fields.len() + 2);
    row.push(SqlValue::Text(record.record_id.to_string().into()));
    for field in &kind.fields {
        let value = record.fields.get(field)?;
        row.push(match (kind.refs.get(field), value) {
            (Some(parent), Value::String(uid)) => {
                let uid: Uuid = uid.parse().ok()?;
                SqlValue::Int(*ids.get(parent)?.get(&uid)?)
            }
            _ => {
                let value = apply::check::value(rules, kind, field, value).ok()?;
                apply::plain(&value)
            }
        });
    }
    if kind.stamped {
        // The local edit time starts at the record's creation, as for a pulled record.
        let created = record.fields.get("created_at").and_then(Value::as_str);
        let now = || chrono::Utc::now().to_rfc3339();
        row.push(SqlValue::Text(
            created.map_or_else(now, str::to_owned).into(),
        ));
    }
    Some(row)
}

/// Writes one page: whole rows in bulk, the rest kept in `sync_incoming`.
async fn write_page(
    fill: &mut BulkFill,
    kind: &Kind,
    batch: Batch,
    refused: &mut Vec<(&'static str, Uuid)>,
) -> Result<PageReport, SyncError> {
    let mut report = PageReport {
        changes: batch.changes,
        own: batch.own,
        snapshot: true,
        ..PageReport::default()
    };
    let columns = columns(kind, batch.numbered);
    let mut whole = Vec::with_capacity(batch.records.len());
    for (record, row) in &batch.records {
        match row {
            Some(row) => whole.push((record, row)),
            None => wait(fill, kind, record).await?,
        }
    }
    let per_statement = BulkFill::rows_per_statement(columns.len());
    for chunk in whole.chunks(per_statement) {
        let values: Vec<SqlValue<'_>> = chunk
            .iter()
            .flat_map(|(_, row)| row.iter().map(borrowed))
            .collect();
        if insert(fill, kind, &columns, &values).await? {
            report.created += chunk.len() as u64;
            continue;
        }
        // Refused as a whole: row by row, the refused ones kept waiting.
        for (record, row) in chunk {
            let values: Vec<SqlValue<'_>> = row.iter().map(borrowed).collect();
            if insert(fill, kind, &columns, &values).await? {
                report.created += 1;
            } else {
                refused.push((kind.table, record.record_id));
                wait(fill, kind, record).await?;
            }
        }
    }
    Ok(report)
}

/// The value, its text borrowed.
fn borrowed<'a>(value: &'a SqlValue<'_>) -> SqlValue<'a> {
    match value {
        SqlValue::Null => SqlValue::Null,
        SqlValue::Int(v) => SqlValue::Int(*v),
        SqlValue::Real(v) => SqlValue::Real(*v),
        SqlValue::Text(v) => SqlValue::Text(v.as_ref().into()),
    }
}

/// Whether the statement wrote its rows (`false`: the data refused it).
async fn insert(
    fill: &mut BulkFill,
    kind: &Kind,
    columns: &[&str],
    values: &[SqlValue<'_>],
) -> Result<bool, SyncError> {
    match fill.insert(kind.table, columns, values).await {
        Ok(_) => Ok(true),
        Err(sqlx::Error::Database(e)) if e.kind() != sqlx::error::ErrorKind::Other => Ok(false),
        Err(e) => Err(e.into()),
    }
}

/// Keeps the record's fields in `sync_incoming`, to be created once it is whole.
async fn wait(fill: &mut BulkFill, kind: &Kind, record: &SnapshotRecord) -> Result<(), SyncError> {
    let uid = record.record_id.to_string();
    for (field, value) in &record.fields {
        if let Some(field) = kind.field(field) {
            apply::keep_incoming(fill.connection(), kind, &uid, field, value).await?;
        }
    }
    Ok(())
}

/// The columns of a kind's rows after the uid: its local id when `numbered`, its fields, and its
/// local edit time if it has one.
fn columns(kind: &Kind, numbered: bool) -> Vec<&str> {
    let id = numbered.then_some("id");
    let mut columns: Vec<&str> = id
        .into_iter()
        .chain(kind.fields.iter().map(String::as_str))
        .collect();
    if kind.stamped {
        columns.push("updated_at");
    }
    columns
}
