//! Integration tests of firstgoal-core, run against real SQLite files in temporary folders.
//!
//! One test binary (this file) with one module per source module, so the crate is linked once.

mod backup;
mod bad_files;
mod calendar;
mod controls;
mod csv_crm;
mod csv_fuzz;
mod csv_import;
mod current;
mod db;
mod demo;
mod doors_fuzz;
mod emoji;
mod error;
mod export_files;
mod facts_cache;
mod fixtures;
mod fuzz;
mod journey;
mod journey_export;
mod journey_labels;
mod journey_layout;
mod journey_revisions;
mod kickoff;
mod layers;
mod milestone_status;
mod milestones;
mod order;
mod pdf;
mod playbooks;
mod portfolio;
mod portfolio_flags;
mod project_page;
mod projects;
mod read_back;
mod risks;
mod settings;
mod stages;
mod stakeholders;
mod text_safety;
mod transfer;
mod transfer_across;
mod transfer_bulk;
mod transfer_checks;
mod transfer_fuzz;
mod ttv;
mod uids;
mod validation;
mod week;

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use firstgoal_core::projects::{ProjectInput, Segment};
use firstgoal_core::{CoreError, Db, FieldCode, FieldError};
use tempfile::TempDir;

/// A fresh, empty database in its own temporary folder (kept alive by the returned guard).
pub async fn fresh_db() -> (TempDir, Db) {
    let dir = tempfile::tempdir().expect("create a temporary folder");
    let db = Db::open(&db_path(&dir)).await.expect("open a new database");
    (dir, db)
}

/// The database path used inside a test folder.
pub fn db_path(dir: &TempDir) -> PathBuf {
    dir.path().join("firstgoal.sqlite")
}

/// The `-wal` file next to a database file.
pub fn wal_path(path: &Path) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push("-wal");
    PathBuf::from(name)
}

/// Parses an ISO date written in a test.
pub fn d(iso: &str) -> NaiveDate {
    NaiveDate::parse_from_str(iso, "%Y-%m-%d").expect("a valid date in the test itself")
}

/// A form input with the given name and dates (high touch, owner "Owner").
pub fn input(customer_name: &str, contract_date: &str, kickoff_date: &str) -> ProjectInput {
    ProjectInput {
        customer_name: customer_name.to_owned(),
        contract_date: contract_date.to_owned(),
        kickoff_date: kickoff_date.to_owned(),
        segment: Segment::HighTouch,
        owner: "Owner".to_owned(),
    }
}

/// The field errors of a validation failure; panics on any other outcome.
pub fn field_errors<T: std::fmt::Debug>(result: Result<T, CoreError>) -> Vec<FieldError> {
    match result {
        Err(CoreError::Validation(fields)) => fields,
        other => panic!("expected a validation error, got {other:?}"),
    }
}

/// Shorthand for an expected field error.
pub fn fe(field: &str, code: FieldCode) -> FieldError {
    FieldError::new(field, code)
}

/// Number of rows in `table` (a fixed name from the tests, never user input).
pub async fn count(db: &Db, table: &str) -> i64 {
    sqlx::query_scalar(&format!("SELECT COUNT(*) FROM {table}"))
        .fetch_one(db.pool())
        .await
        .expect("count rows")
}

/// Cases per fuzzing property: `FUZZ_CASES` from the environment, else `default` (sized for
/// `make test`).
pub fn fuzz_cases(default: u32) -> u32 {
    std::env::var("FUZZ_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// A single-threaded runtime for properties that run async code in proptest's synchronous cases.
pub fn fuzz_runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime")
}

/// JSON pointers (RFC 6901) of every node of `value`, children before their parent.
pub fn pointers(value: &serde_json::Value, here: String, out: &mut Vec<String>) {
    match value {
        serde_json::Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                pointers(v, format!("{here}/{i}"), out);
            }
        }
        serde_json::Value::Object(map) => {
            for (k, v) in map {
                pointers(
                    v,
                    format!("{here}/{}", k.replace('~', "~0").replace('/', "~1")),
                    out,
                );
            }
        }
        _ => {}
    }
    out.push(here);
}
