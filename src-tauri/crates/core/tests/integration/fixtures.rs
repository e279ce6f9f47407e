//! Migrations: every schema version that shipped has a fixture file in `tests/fixtures/`
//! (`schema-vN.sqlite`, with `schema-vN.json`, its export when it was made). Opening a copy with
//! the current code must migrate it with every row and value intact. Every intermediate schema
//! version must also migrate to the current one.

use std::collections::BTreeMap;
use std::path::Path;

use firstgoal_core::db::{create_at_version, supported_schema_version};
use firstgoal_core::transfer::{self, Dump};
use firstgoal_core::{Db, backup};

fn fixtures_dir() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests")
        .join("fixtures")
}

/// Rows of a table keyed by their first column (the id or key), as column → value maps.
fn rows_by_key(dump: &Dump, table: &str) -> BTreeMap<String, BTreeMap<String, serde_json::Value>> {
    let Some(t) = dump.tables.get(table) else {
        return BTreeMap::new();
    };
    t.rows
        .iter()
        .map(|row| {
            let key = row.first().map(|v| v.to_string()).unwrap_or_default();
            let values = t.columns.iter().cloned().zip(row.iter().cloned()).collect();
            (key, values)
        })
        .collect()
}

#[tokio::test]
async fn every_shipped_fixture_migrates_with_all_data_intact() {
    let mut checked = 0;
    for entry in std::fs::read_dir(fixtures_dir()).expect("fixtures folder") {
        let path = entry.expect("entry").path();
        if path.extension().is_none_or(|e| e != "sqlite") {
            continue;
        }
        let expected: Dump = serde_json::from_str(
            &std::fs::read_to_string(path.with_extension("json")).expect("the fixture's export"),
        )
        .expect("fixture export parses");
        let dir = tempfile::tempdir().expect("temp dir");
        let copy = dir.path().join("fixture.sqlite");
        std::fs::copy(&path, &copy).expect("copy fixture");

        let db = Db::open(&copy)
            .await
            .expect("the fixture opens and migrates");
        assert_eq!(
            db.schema_version().await.expect("version"),
            supported_schema_version()
        );
        let now = transfer::export(&db).await.expect("export");
        for table in expected.tables.keys() {
            let before = rows_by_key(&expected, table);
            let after = rows_by_key(&now, table);
            assert_eq!(
                before.len(),
                after.len(),
                "{}: row count of {table}",
                path.display()
            );
            for (key, row) in &before {
                let migrated = after
                    .get(key)
                    .unwrap_or_else(|| panic!("{table} {key} lost"));
                for (column, value) in row {
                    if let Some(new) = migrated.get(column) {
                        assert_eq!(new, value, "{}: {table} {key} {column}", path.display());
                    }
                }
            }
        }
        if expected.schema_version < supported_schema_version() {
            let backups = backup::list(&copy).expect("backups");
            assert!(
                backups
                    .iter()
                    .any(|b| b.reason == backup::Reason::PreMigration)
            );
        }
        checked += 1;
    }
    assert!(checked > 0, "no fixture files found");
}

#[tokio::test]
async fn every_schema_version_migrates_to_the_current_one() {
    for version in 1..=supported_schema_version() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join(format!("v{version}.sqlite"));
        create_at_version(&path, version).await.expect("create");
        let db = Db::open(&path)
            .await
            .unwrap_or_else(|e| panic!("schema {version} does not migrate: {e}"));
        assert_eq!(
            db.schema_version().await.expect("version"),
            supported_schema_version()
        );
        let integrity: String = sqlx::query_scalar("PRAGMA integrity_check")
            .fetch_one(db.pool())
            .await
            .expect("integrity");
        assert_eq!(integrity, "ok");
    }
}
