//! Team-sync identities (migration 0014): every record of a travelling table has a uid, the same
//! in every replica — given to the rows of an older file when it migrates, to new rows by the
//! tables' triggers (also through the bulk writers), and kept by the full export and import.

use firstgoal_core::db::{TRAVELLING_TABLES as TRAVELLING, create_at_version};
use firstgoal_core::{Db, demo, projects, transfer};

use crate::{db_path, fresh_db};

/// Every uid of the file, checking each is a UUID (version 4 from the triggers, 7 from the bulk
/// writers) and there are as many as rows.
async fn all_uids(db: &Db) -> Vec<String> {
    let mut out = Vec::new();
    for table in TRAVELLING {
        let rows: i64 = sqlx::query_scalar(&format!("SELECT COUNT(*) FROM {table}"))
            .fetch_one(db.pool())
            .await
            .expect("counted");
        let uids: Vec<String> =
            sqlx::query_scalar(&format!("SELECT uid FROM {table} WHERE uid IS NOT NULL"))
                .fetch_all(db.pool())
                .await
                .expect("uids");
        assert_eq!(uids.len() as i64, rows, "every row of {table} has a uid");
        for uid in &uids {
            let b = uid.as_bytes();
            assert!(
                uid.len() == 36
                    && b"47".contains(&b[14])
                    && b"89ab".contains(&b[19])
                    && uid
                        .chars()
                        .all(|c| c == '-' || c.is_ascii_digit() || ('a'..='f').contains(&c)),
                "{table}: {uid} is a lowercase version-4 or -7 UUID"
            );
        }
        out.extend(uids);
    }
    let mut unique = out.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), out.len(), "uids are unique");
    out
}

#[tokio::test]
async fn an_older_files_records_get_uids_and_new_ones_too() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = db_path(&dir);
    create_at_version(&path, 12).await.expect("schema 12");
    {
        let pool = sqlx::SqlitePool::connect(&format!("sqlite://{}", path.display()))
            .await
            .expect("connect");
        sqlx::raw_sql(
            "INSERT INTO projects (id, customer_name, contract_date, kickoff_date, segment, \
             created_at, updated_at) VALUES (1, 'Old', '2026-01-05', '2026-01-10', 'low_touch', \
             '2026-01-05T00:00:00Z', '2026-01-05T00:00:00Z'); \
             INSERT INTO milestones (project_id, horizon, due_date) VALUES (1, 'one_month', '2026-02-10'); \
             INSERT INTO team_members (name, role, created_at) VALUES ('Aiko', 'csm', '2026-01-01');",
        )
        .execute(&pool)
        .await
        .expect("old rows");
        pool.close().await;
    }
    let db = Db::open(&path).await.expect("migrates");
    assert_eq!(all_uids(&db).await.len(), 3);
    projects::create(&db, &crate::input("New", "2026-03-01", "2026-03-10"))
        .await
        .expect("created");
    assert_eq!(
        all_uids(&db).await.len(),
        3 + 1 + 3,
        "a project and its three goals"
    );
    let outbox: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM sync_outbox")
        .fetch_one(db.pool())
        .await
        .expect("counted");
    assert_eq!(outbox, 0, "a file not enrolled in a team keeps no outbox");
}

#[tokio::test]
async fn uids_are_kept_into_an_empty_file_and_new_beside_existing_records() {
    let (_a, a) = fresh_db().await;
    demo::generate_on(
        &a,
        2,
        3,
        chrono::NaiveDate::from_ymd_opt(2026, 11, 16).expect("date"),
    )
    .await
    .expect("demo");
    let mut original = all_uids(&a).await;
    assert!(original.len() > 50, "the bulk writer names its rows too");
    let written: Vec<String> = sqlx::query_scalar("SELECT uid FROM stakeholders ORDER BY rowid")
        .fetch_all(a.pool())
        .await
        .expect("uids");
    assert!(
        written.iter().all(|u| u.as_bytes()[14] == b'7') && written.is_sorted(),
        "the bulk writer names its rows in the row, in time order (version 7): {written:?}"
    );
    let dump = transfer::export(&a).await.expect("export");
    assert!(!dump.tables.contains_key("sync_state") && !dump.tables.contains_key("sync_outbox"));

    let (_b, b) = fresh_db().await;
    transfer::import(&b, &dump)
        .await
        .expect("import into an empty file");
    let mut kept = all_uids(&b).await;
    original.sort();
    kept.sort();
    assert_eq!(kept, original, "the same records");

    let report = transfer::import(&b, &dump).await.expect("import again");
    assert!(report.renumbered);
    let both = all_uids(&b).await;
    assert_eq!(
        both.len(),
        original.len() * 2,
        "copies are new records with new uids"
    );
    let by_trigger: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM stakeholders WHERE substr(uid, 15, 1) <> '7'")
            .fetch_one(b.pool())
            .await
            .expect("counted");
    assert_eq!(
        by_trigger, 0,
        "the copies are named by the import itself (version 7)"
    );
}
