//! What a replica refuses from its team besides the file's constraints: the full import's rules
//! (`firstgoal_core::transfer::RecordRules`). Each pulled value is cleaned and checked against its
//! column's rule as it arrives; the rules that tie a record's values together and the rules across
//! a project's rows are checked once the page is applied (a person's edit of several fields
//! arrives as several changes, valid only together), and the changes of a page to a record that
//! breaks them are refused.

use std::collections::{BTreeMap, BTreeSet};

use firstgoal_core::transfer::{Broken, RecordRules};
use serde_json::Value;
use sqlx::SqliteConnection;

use super::super::tables::Kind;

/// A record: its kind (table) and uid.
pub(super) type Record = (&'static str, String);

/// `value` as the file stores it in `field` of `kind` (control characters normalised), or why
/// it is refused. A reference travels as the uid of the record it refers to (or null).
pub(in crate::replica) fn value(
    rules: &RecordRules,
    kind: &Kind,
    field: &str,
    value: &Value,
) -> Result<Value, String> {
    let checked = match (kind.refs.get(field), value) {
        (Some(_), Value::String(_)) => Ok(value.clone()),
        (Some(parent), Value::Null) => rules
            .value(kind.table, field, value)
            .map_err(|_| format!("the uid of a {parent} record is required")),
        (Some(parent), _) => Err(format!(
            "expected the uid of a {parent} record, found {value}"
        )),
        (None, _) => rules.value(kind.table, field, value),
    };
    checked.map_err(|reason| format!("{}.{field}: {reason}", kind.table))
}

/// Checks one record as the file holds it: its values, the rules of its row and the rules across
/// the rows of its project — or, with `projects`, adds its project there to be checked later.
pub(super) async fn record(
    conn: &mut SqliteConnection,
    rules: &RecordRules,
    kind: &Kind,
    uid: &str,
    projects: Option<&mut BTreeSet<i64>>,
) -> Result<Result<(), String>, sqlx::Error> {
    let project = match rules.record(conn, kind.table, uid).await.map_err(core)? {
        Ok(project) => project,
        Err(broken) => return Ok(Err(broken.to_string())),
    };
    match (project, projects) {
        (Some(id), Some(later)) => {
            later.insert(id);
        }
        (Some(id), None) => {
            if let Err(broken) = rules.project(conn, id).await.map_err(core)? {
                return Ok(Err(broken.to_string()));
            }
        }
        (None, _) => {}
    }
    Ok(Ok(()))
}

/// Whether the rows of every project of `ids` keep the rules across rows.
pub(super) async fn projects(
    conn: &mut SqliteConnection,
    rules: &RecordRules,
    ids: &BTreeSet<i64>,
) -> Result<bool, sqlx::Error> {
    for &id in ids {
        if rules.project(conn, id).await.map_err(core)?.is_err() {
            return Ok(false);
        }
    }
    Ok(true)
}

/// The records of `touched` (written by a page) that break the rules, each with the reason: a
/// record whose row breaks them; for a project whose rows break the rules across rows, the record
/// at fault when the page wrote it, else every record of that project the page wrote.
pub(super) async fn touched(
    conn: &mut SqliteConnection,
    rules: &RecordRules,
    touched: &BTreeSet<Record>,
) -> Result<BTreeMap<Record, String>, sqlx::Error> {
    let mut out = BTreeMap::new();
    let mut projects: BTreeMap<i64, Vec<&Record>> = BTreeMap::new();
    for record in touched {
        match rules
            .record(conn, record.0, &record.1)
            .await
            .map_err(core)?
        {
            Ok(Some(project)) => projects.entry(project).or_default().push(record),
            Ok(None) => {}
            Err(broken) => {
                out.insert(record.clone(), broken.to_string());
            }
        }
    }
    for (project, records) in projects {
        let Err(broken) = rules.project(conn, project).await.map_err(core)? else {
            continue;
        };
        let blamed: Vec<&Record> = match records.iter().find(|r| at(&broken, r)) {
            Some(record) => vec![*record],
            None => records,
        };
        for record in blamed {
            out.entry(record.clone())
                .or_insert_with(|| broken.to_string());
        }
    }
    Ok(out)
}

fn at(broken: &Broken, record: &Record) -> bool {
    broken.table == record.0 && broken.uid.as_deref() == Some(record.1.as_str())
}

/// A failure of the core reading the file, as the storage error it is.
fn core(e: firstgoal_core::CoreError) -> sqlx::Error {
    match e {
        firstgoal_core::CoreError::Storage(e) => e,
        other => sqlx::Error::Protocol(other.to_string()),
    }
}
