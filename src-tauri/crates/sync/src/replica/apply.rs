//! Applying a pulled page to the file, in one transaction with the cursor that follows it: a
//! replica killed mid-pull has either applied a page and moved past it, or neither, and resumes
//! from its cursor. Applying a change twice gives the same file (a Set writes its value, a Delete
//! of a missing record does nothing). While a page is applied `sync_state.applying` is set, so the
//! file's triggers keep these changes out of the outbox.
//!
//! A Set of a record the file does not have yet is kept in `sync_incoming` until every field of
//! the record arrived and the records it refers to exist (pages may cut a record in two); it is
//! then inserted with its uid. References arrive as uids and are written as the local ids.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use firstgoal_core::Db;
use firstgoal_core::db::fill::SqlValue;
use firstgoal_core::transfer::RecordRules;
use firstgoal_protocol::{Op, PullResponse, StoredChange};
use serde_json::Value;
use sqlx::sqlite::SqliteArguments;
use sqlx::{Arguments, SqliteConnection};
use uuid::Uuid;

use super::SyncError;
use super::tables::{Kind, quote};

pub(super) mod check;
#[cfg(test)]
mod fuzz;
#[cfg(test)]
mod refused;

/// What applying one page did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PageReport {
    /// The changes of the page.
    pub changes: u64,
    /// Fields written to records the file has.
    pub set: u64,
    /// Records created (their fields complete).
    pub created: u64,
    /// Records deleted.
    pub deleted: u64,
    /// This replica's own changes (already in the file).
    pub own: u64,
    /// Changes that could not be applied (kept as conflicts for a person to look at).
    pub refused: u64,
    /// The cursor after this page.
    pub cursor: i64,
    /// A page of the snapshot (a first sync): `changes` counts its records, `created` those
    /// written, `own` those the file held already; `cursor` is the one the fill will set.
    pub snapshot: bool,
}

/// Applies `page` and moves the cursor to its `next_cursor`, in one transaction. The changes of
/// the page to a record that then breaks the rules (see [`check`]) are refused: the page is
/// applied again without them.
pub(super) async fn apply_page(
    db: &Db,
    kinds: &[Kind],
    me: Uuid,
    page: &PullResponse,
) -> Result<PageReport, SyncError> {
    let mut tx = db.begin_write().await?;
    let rules = RecordRules::load(&mut tx).await?;
    sqlx::query("UPDATE sync_state SET applying = 1 WHERE singleton = 1")
        .execute(&mut *tx)
        .await?;
    sqlx::query("SAVEPOINT page").execute(&mut *tx).await?;
    let mut held = BTreeMap::new();
    let report = loop {
        let (report, touched) = apply_changes(&mut tx, kinds, &rules, me, page, &held).await?;
        let broken = check::touched(&mut tx, &rules, &touched).await?;
        if broken.is_empty() {
            break report;
        }
        sqlx::query("ROLLBACK TO page").execute(&mut *tx).await?;
        held.extend(broken);
    };
    sqlx::query("RELEASE page").execute(&mut *tx).await?;
    sqlx::query("UPDATE sync_state SET applying = 0, cursor = ?1 WHERE singleton = 1")
        .bind(page.next_cursor)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(report)
}

/// Applies the changes of `page`, but for those to the records `held` (refused, with the reason),
/// and creates the records whose fields are complete; returns the report and the records whose
/// fields were written.
async fn apply_changes(
    tx: &mut SqliteConnection,
    kinds: &[Kind],
    rules: &RecordRules,
    me: Uuid,
    page: &PullResponse,
    held: &BTreeMap<check::Record, String>,
) -> Result<(PageReport, BTreeSet<check::Record>), SyncError> {
    let mut report = PageReport {
        changes: page.changes.len() as u64,
        cursor: page.next_cursor,
        ..PageReport::default()
    };
    let mut touched = BTreeSet::new();
    for stored in &page.changes {
        if stored.author == me {
            report.own += 1;
            continue;
        }
        let change = &stored.change;
        // A kind or field this version does not know (a newer client's) is left out.
        let Some(kind) = kinds.iter().find(|k| k.table == change.kind) else {
            continue;
        };
        let uid = change.record_id.to_string();
        let outcome = match &change.op {
            Op::Delete => {
                report.deleted += delete(&mut *tx, kind, &uid).await?;
                Ok(())
            }
            Op::Set { field, value } => match kind.field(field) {
                Some(_) if held.contains_key(&(kind.table, uid.clone())) => {
                    Err(held[&(kind.table, uid.clone())].clone())
                }
                Some(field) => set(&mut *tx, rules, kind, &uid, field, value).await?,
                None => continue,
            },
        };
        match outcome {
            Ok(()) => {
                if matches!(change.op, Op::Set { .. }) {
                    report.set += 1;
                    touched.insert((kind.table, uid));
                }
            }
            Err(reason) => {
                refuse(&mut *tx, stored, &reason).await?;
                report.refused += 1;
            }
        }
    }
    report.created = complete(&mut *tx, kinds, rules).await?;
    Ok((report, touched))
}

/// A change that cannot be applied, and why (for the person who looks at it).
type Outcome = Result<(), String>;

/// Sorts a failed statement: the data refused it (a constraint: the change cannot be applied, it
/// is kept for a person), or the file failed (the page is abandoned, to be pulled again).
fn refused(e: sqlx::Error) -> Result<Outcome, sqlx::Error> {
    match &e {
        sqlx::Error::Database(db) if db.kind() != sqlx::error::ErrorKind::Other => {
            Ok(Err(db.message().to_owned()))
        }
        _ => Err(e),
    }
}

pub(super) async fn delete(
    tx: &mut SqliteConnection,
    kind: &Kind,
    uid: &str,
) -> Result<u64, sqlx::Error> {
    let sql = format!("DELETE FROM {} WHERE uid = ?1", quote(kind.table));
    let n = sqlx::query(&sql)
        .bind(uid)
        .execute(&mut *tx)
        .await?
        .rows_affected();
    sqlx::query("DELETE FROM sync_incoming WHERE kind = ?1 AND record_uid = ?2")
        .bind(kind.table)
        .bind(uid)
        .execute(&mut *tx)
        .await?;
    Ok(n)
}

/// Binds one value.
fn add_to(value: &SqlValue<'_>, args: &mut SqliteArguments<'_>) -> Result<(), sqlx::Error> {
    match value {
        SqlValue::Null => args.add(None::<String>),
        SqlValue::Int(i) => args.add(*i),
        SqlValue::Real(r) => args.add(*r),
        SqlValue::Text(t) => args.add(t.to_string()),
    }
    .map_err(sqlx::Error::Encode)
}

/// A JSON value as the SQL value the file keeps: booleans as 0/1, numbers as integers where they
/// are, objects and arrays as their JSON text.
pub(super) fn plain(value: &Value) -> SqlValue<'static> {
    match value {
        Value::Null => SqlValue::Null,
        Value::Bool(b) => SqlValue::Int(i64::from(*b)),
        Value::Number(n) => n
            .as_i64()
            .map_or_else(|| SqlValue::Real(n.as_f64().unwrap_or(0.0)), SqlValue::Int),
        Value::String(s) => SqlValue::Text(s.clone().into()),
        other => SqlValue::Text(other.to_string().into()),
    }
}

/// Keeps a field of a record the file does not have (yet) in `sync_incoming`.
pub(super) async fn keep_incoming(
    tx: &mut SqliteConnection,
    kind: &Kind,
    uid: &str,
    field: &str,
    value: &Value,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO sync_incoming (kind, record_uid, field, value) VALUES (?1, ?2, ?3, ?4) \
         ON CONFLICT (kind, record_uid, field) DO UPDATE SET value = excluded.value",
    )
    .bind(kind.table)
    .bind(uid)
    .bind(field)
    .bind(value.to_string())
    .execute(&mut *tx)
    .await?;
    Ok(())
}

/// The value to write for `field`: the JSON value as SQL, or for a reference the local id of the
/// record whose uid it is (`Err` when the file does not have that record).
async fn value_of(
    tx: &mut SqliteConnection,
    kind: &Kind,
    field: &str,
    value: &Value,
) -> Result<Result<SqlValue<'static>, String>, sqlx::Error> {
    if let (Some(parent), Value::String(uid)) = (kind.refs.get(field), value) {
        let sql = format!("SELECT id FROM {} WHERE uid = ?1", quote(parent));
        let id: Option<i64> = sqlx::query_scalar(&sql)
            .bind(uid)
            .fetch_optional(&mut *tx)
            .await?;
        return Ok(id
            .map(SqlValue::Int)
            .ok_or_else(|| format!("{field}: no {parent} {uid}")));
    }
    Ok(Ok(plain(value)))
}

/// Writes `value` to `field` of the record `uid` (kept in `sync_incoming` when the file does not
/// have the record yet), once it passes its column's rule.
pub(super) async fn set(
    tx: &mut SqliteConnection,
    rules: &RecordRules,
    kind: &Kind,
    uid: &str,
    field: &str,
    value: &Value,
) -> Result<Outcome, sqlx::Error> {
    let value = match check::value(rules, kind, field, value) {
        Ok(value) => value,
        Err(reason) => return Ok(Err(reason)),
    };
    let value = &value;
    let exists_sql = format!(
        "SELECT EXISTS (SELECT 1 FROM {} WHERE uid = ?1)",
        quote(kind.table)
    );
    let exists: bool = sqlx::query_scalar(&exists_sql)
        .bind(uid)
        .fetch_one(&mut *tx)
        .await?;
    if !exists {
        keep_incoming(tx, kind, uid, field, value).await?;
        return Ok(Ok(()));
    }
    let bound = match value_of(tx, kind, field, value).await? {
        Ok(v) => v,
        Err(reason) => return Ok(Err(reason)),
    };
    let mut args = SqliteArguments::default();
    add_to(&bound, &mut args)?;
    args.add(uid).map_err(sqlx::Error::Encode)?;
    let bump = if kind.versioned {
        ", version = version + 1"
    } else {
        ""
    };
    let sql = format!(
        "UPDATE {} SET {} = ?1{bump} WHERE uid = ?2",
        quote(kind.table),
        quote(field)
    );
    match sqlx::query_with(&sql, args).execute(&mut *tx).await {
        Ok(_) => Ok(Ok(())),
        Err(e) => refused(e),
    }
}

/// Inserts the records of `sync_incoming` whose fields are all there and whose references
/// resolve, parents first (kinds are in that order); returns how many.
async fn complete(
    tx: &mut SqliteConnection,
    kinds: &[Kind],
    rules: &RecordRules,
) -> Result<u64, sqlx::Error> {
    // The rules across a project's rows are checked once per project; when one breaks them, the
    // records are created again, each checked with its project as it is created.
    sqlx::query("SAVEPOINT complete").execute(&mut *tx).await?;
    let mut projects = BTreeSet::new();
    let mut created = create_ready(tx, kinds, rules, Some(&mut projects)).await?;
    if !check::projects(tx, rules, &projects).await? {
        sqlx::query("ROLLBACK TO complete")
            .execute(&mut *tx)
            .await?;
        created = create_ready(tx, kinds, rules, None).await?;
    }
    sqlx::query("RELEASE complete").execute(&mut *tx).await?;
    Ok(created)
}

/// Creates the records of `sync_incoming` that are ready (see [`complete`]); with `projects`,
/// their projects are gathered there instead of checked.
async fn create_ready(
    tx: &mut SqliteConnection,
    kinds: &[Kind],
    rules: &RecordRules,
    mut projects: Option<&mut BTreeSet<i64>>,
) -> Result<u64, sqlx::Error> {
    let mut created = 0;
    for kind in kinds {
        let ready: Vec<String> = sqlx::query_scalar(
            "SELECT record_uid FROM sync_incoming WHERE kind = ?1 \
             GROUP BY record_uid HAVING COUNT(*) = ?2",
        )
        .bind(kind.table)
        .bind(kind.fields.len() as i64)
        .fetch_all(&mut *tx)
        .await?;
        for uid in ready {
            if create(tx, rules, kind, &uid, projects.as_deref_mut())
                .await?
                .is_ok()
            {
                created += 1;
            }
        }
    }
    Ok(created)
}

/// Inserts one complete record from `sync_incoming`; `Err` (a constraint, or the rules of its row
/// or its project) leaves it waiting there.
async fn create(
    tx: &mut SqliteConnection,
    rules: &RecordRules,
    kind: &Kind,
    uid: &str,
    projects: Option<&mut BTreeSet<i64>>,
) -> Result<Outcome, sqlx::Error> {
    let fields: HashMap<String, String> = sqlx::query_as(
        "SELECT field, value FROM sync_incoming WHERE kind = ?1 AND record_uid = ?2",
    )
    .bind(kind.table)
    .bind(uid)
    .fetch_all(&mut *tx)
    .await?
    .into_iter()
    .collect();
    let mut args = SqliteArguments::default();
    args.add(uid).map_err(sqlx::Error::Encode)?;
    for field in &kind.fields {
        let value: Value = fields
            .get(field)
            .and_then(|text| serde_json::from_str(text).ok())
            .unwrap_or(Value::Null);
        match value_of(tx, kind, field, &value).await? {
            Ok(v) => add_to(&v, &mut args)?,
            Err(reason) => return Ok(Err(reason)),
        }
    }
    let mut columns: Vec<String> = kind.fields.iter().map(|f| quote(f)).collect();
    if kind.stamped {
        // The local edit time starts at the record's creation.
        let created = fields
            .get("created_at")
            .and_then(|text| serde_json::from_str::<String>(text).ok())
            .unwrap_or_else(|| chrono::Utc::now().to_rfc3339());
        args.add(created).map_err(sqlx::Error::Encode)?;
        columns.push("updated_at".to_owned());
    }
    let marks = vec!["?"; columns.len() + 1].join(", ");
    let sql = format!(
        "INSERT INTO {} (uid, {}) VALUES ({marks})",
        quote(kind.table),
        columns.join(", ")
    );
    sqlx::query("SAVEPOINT record").execute(&mut *tx).await?;
    let checked = match sqlx::query_with(&sql, args).execute(&mut *tx).await {
        Ok(_) => check::record(tx, rules, kind, uid, projects).await?,
        Err(e) => refused(e)?,
    };
    if checked.is_err() {
        sqlx::query("ROLLBACK TO record").execute(&mut *tx).await?;
    }
    sqlx::query("RELEASE record").execute(&mut *tx).await?;
    if let Err(reason) = checked {
        return Ok(Err(reason));
    }
    sqlx::query("DELETE FROM sync_incoming WHERE kind = ?1 AND record_uid = ?2")
        .bind(kind.table)
        .bind(uid)
        .execute(&mut *tx)
        .await?;
    Ok(Ok(()))
}

/// Keeps a pulled change that could not be applied, with the reason, for a person to look at.
async fn refuse(
    tx: &mut SqliteConnection,
    stored: &StoredChange,
    reason: &str,
) -> Result<(), sqlx::Error> {
    let mine = serde_json::json!({ "not_applied": reason }).to_string();
    sqlx::query("INSERT INTO sync_conflicts (mine, theirs, reported_at) VALUES (?1, ?2, ?3)")
        .bind(mine)
        .bind(serde_json::to_string(stored).unwrap_or_default())
        .bind(chrono::Utc::now().to_rfc3339())
        .execute(&mut *tx)
        .await?;
    Ok(())
}
