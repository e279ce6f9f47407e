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

use std::collections::{HashMap, HashSet};

use firstgoal_core::Db;
use firstgoal_core::db::fill::{BulkFill, SqlValue};
use firstgoal_core::transfer::RecordRules;
use firstgoal_protocol::{SnapshotPage, SnapshotRecord};
use serde_json::Value;
use uuid::Uuid;

use super::SyncError;
use super::apply::{self, PageReport};
use super::tables::{Kind, quote};
use crate::client::Client;

/// The fill in progress: the uids the file has per kind.
struct Filler {
    fill: BulkFill,
    /// Per kind, the records the file held before the fill (skipped when the snapshot has them).
    known: HashMap<&'static str, HashSet<Uuid>>,
    /// Per kind referred to, the local id of each of its records by uid: read once, when the
    /// first kind referring to it is written (its own records are all written by then), so a
    /// reference is written as the id itself — a subquery per row cost the most.
    ids: HashMap<&'static str, HashMap<Uuid, i64>>,
    /// The full import's rules, for each value.
    rules: RecordRules,
}

/// Fills the file from the snapshot, pages of `limit` records, calling `on_page` after each;
/// returns the cursor it set (the team's last change when the first page was read).
pub(super) async fn fill(
    db: &Db,
    client: &Client,
    kinds: &[Kind],
    limit: u32,
    mut on_page: impl FnMut(&PageReport),
) -> Result<i64, SyncError> {
    let mut filler = Filler::begin(db, kinds).await?;
    sqlx::query("UPDATE sync_state SET applying = 1 WHERE singleton = 1")
        .execute(filler.fill.connection())
        .await?;
    let fetch = |i: usize, after: Option<Uuid>| {
        let (client, kind) = (client.clone(), kinds[i].table);
        tokio::spawn(async move { client.snapshot(kind, after, Some(limit)).await })
    };
    let mut as_of = None;
    let mut next = (!kinds.is_empty()).then(|| (0, fetch(0, None)));
    while let Some((i, fetching)) = next {
        let page = fetching
            .await
            .map_err(|e| SyncError::Offline(format!("the snapshot read stopped: {e}")))??;
        let first = *as_of.get_or_insert(page.as_of);
        // The next page is read while this one is written.
        next = match page.records.last() {
            Some(last) if page.more => Some((i, fetch(i, Some(last.record_id)))),
            _ if i + 1 < kinds.len() => Some((i + 1, fetch(i + 1, None))),
            _ => None,
        };
        let mut report = filler.page(&kinds[i], &page).await?;
        report.cursor = first;
        on_page(&report);
    }
    let cursor = as_of.unwrap_or(0);
    sqlx::query("UPDATE sync_state SET applying = 0, cursor = ?1 WHERE singleton = 1")
        .bind(cursor)
        .execute(filler.fill.connection())
        .await?;
    filler.fill.commit().await?;
    Ok(cursor)
}

impl Filler {
    async fn begin(db: &Db, kinds: &[Kind]) -> Result<Filler, SyncError> {
        let mut fill = BulkFill::begin(db).await?;
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
        let rules = RecordRules::load(fill.connection()).await?;
        Ok(Filler {
            fill,
            known,
            ids: HashMap::new(),
            rules,
        })
    }

    /// Writes one page: whole rows in bulk, the rest kept in `sync_incoming`.
    async fn page(&mut self, kind: &Kind, page: &SnapshotPage) -> Result<PageReport, SyncError> {
        let mut report = PageReport {
            changes: page.records.len() as u64,
            snapshot: true,
            ..PageReport::default()
        };
        self.load_ids(kind).await?;
        let columns = columns(kind);
        let mut rows = Vec::new();
        for record in &page.records {
            if self.known[kind.table].contains(&record.record_id) {
                report.own += 1;
                continue;
            }
            match self.row(kind, record) {
                Some(row) => rows.push((record, row)),
                None => self.wait(kind, record).await?,
            }
        }
        let per_statement = BulkFill::rows_per_statement(columns.len());
        for chunk in rows.chunks(per_statement) {
            let values: Vec<SqlValue<'_>> = chunk.iter().flat_map(|(_, r)| r.clone()).collect();
            if self.insert(kind, &columns, &values).await? {
                report.created += chunk.len() as u64;
                continue;
            }
            // Refused as a whole: row by row, the refused ones kept waiting.
            for (record, row) in chunk {
                if self.insert(kind, &columns, row).await? {
                    report.created += 1;
                } else {
                    self.wait(kind, record).await?;
                }
            }
        }
        Ok(report)
    }

    /// Reads the local ids of the kinds `kind` refers to, once each.
    async fn load_ids(&mut self, kind: &Kind) -> Result<(), SyncError> {
        for &parent in kind.refs.values() {
            if self.ids.contains_key(parent) {
                continue;
            }
            let sql = format!(
                "SELECT uid, id FROM {} WHERE uid IS NOT NULL",
                quote(parent)
            );
            let rows: Vec<(String, i64)> = sqlx::query_as(&sql)
                .fetch_all(self.fill.connection())
                .await?;
            let ids = rows
                .into_iter()
                .filter_map(|(uid, id)| Some((uid.parse().ok()?, id)))
                .collect();
            self.ids.insert(parent, ids);
        }
        Ok(())
    }

    /// Whether the statement wrote its rows (`false`: the data refused it).
    async fn insert(
        &mut self,
        kind: &Kind,
        columns: &[&str],
        values: &[SqlValue<'_>],
    ) -> Result<bool, SyncError> {
        match self.fill.insert(kind.table, columns, values).await {
            Ok(_) => Ok(true),
            Err(sqlx::Error::Database(e)) if e.kind() != sqlx::error::ErrorKind::Other => Ok(false),
            Err(e) => Err(e.into()),
        }
    }

    /// The record's row (uid, then [`columns`]) when it is whole and every record it refers to
    /// is in the file.
    fn row(&self, kind: &Kind, record: &SnapshotRecord) -> Option<Vec<SqlValue<'static>>> {
        let mut row = Vec::with_capacity(kind.fields.len() + 2);
        row.push(SqlValue::Text(record.record_id.to_string().into()));
        for field in &kind.fields {
            let value = record.fields.get(field)?;
            row.push(match (kind.refs.get(field), value) {
                (Some(parent), Value::String(uid)) => {
                    let uid: Uuid = uid.parse().ok()?;
                    SqlValue::Int(*self.ids.get(parent)?.get(&uid)?)
                }
                _ => {
                    let value = apply::check::value(&self.rules, kind, field, value).ok()?;
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

    /// Keeps the record's fields in `sync_incoming`, to be created once it is whole.
    async fn wait(&mut self, kind: &Kind, record: &SnapshotRecord) -> Result<(), SyncError> {
        let uid = record.record_id.to_string();
        for (field, value) in &record.fields {
            if let Some(field) = kind.field(field) {
                apply::keep_incoming(self.fill.connection(), kind, &uid, field, value).await?;
            }
        }
        Ok(())
    }
}

/// The columns of a kind's rows after the uid: its fields, and its local edit time if it has one.
fn columns(kind: &Kind) -> Vec<&str> {
    let mut columns: Vec<&str> = kind.fields.iter().map(String::as_str).collect();
    if kind.stamped {
        columns.push("updated_at");
    }
    columns
}
