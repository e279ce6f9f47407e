//! Team-sync identities (migration 0014): once a file is enrolled in a team, every record of a
//! travelling table has a uid, the same in every replica — new rows get theirs from the tables'
//! triggers (also through the bulk writers), and the full export and import keep them. A file
//! that never joins a team names nothing (no cost in size or speed).

use firstgoal_core::db::{TRAVELLING_TABLES as TRAVELLING, create_at_version};
use firstgoal_core::{Db, demo, projects, transfer};

use crate::{db_path, fresh_db};

/// Every uid of the file, checking each is a version-4 UUID and there are as many as rows.
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
                    && b[14] == b'4'
                    && b"89ab".contains(&b[19])
                    && uid
                        .chars()
                        .all(|c| c == '-' || c.is_ascii_digit() || ('a'..='f').contains(&c)),
                "{table}: {uid} is a lowercase version-4 UUID"
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

/// Rows of travelling tables with a uid.
async fn named(db: &Db) -> i64 {
    let mut n = 0;
    for table in TRAVELLING {
        let sql = format!("SELECT COUNT(*) FROM {table} WHERE uid IS NOT NULL");
        n += sqlx::query_scalar::<_, i64>(&sql)
            .fetch_one(db.pool())
            .await
            .expect("counted");
    }
    n
}

/// Marks the file enrolled, as `firstgoal-sync`'s enrolment does (without naming its rows).
async fn enrolled(db: &Db) {
    sqlx::query("UPDATE sync_state SET enrolled = 1")
        .execute(db.pool())
        .await
        .expect("enrolled");
}

fn today() -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(2026, 11, 16).expect("date")
}

#[tokio::test]
async fn a_file_not_in_a_team_names_nothing() {
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
             INSERT INTO milestones (project_id, horizon, due_date) VALUES (1, 'one_month', '2026-02-10');",
        )
        .execute(&pool)
        .await
        .expect("old rows");
        pool.close().await;
    }
    let db = Db::open(&path).await.expect("migrates");
    projects::create(&db, &crate::input("New", "2026-03-01", "2026-03-10"))
        .await
        .expect("created");
    let (_d, d) = fresh_db().await;
    demo::generate_on(&d, 2, 3, today()).await.expect("demo");
    assert_eq!(named(&d).await, 0);
    let dump = transfer::export(&d).await.expect("export");
    transfer::import(&db, &dump).await.expect("import beside");
    assert_eq!(named(&db).await, 0);
    let outbox: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM sync_outbox")
        .fetch_one(db.pool())
        .await
        .expect("counted");
    assert_eq!(outbox, 0, "a file not enrolled in a team keeps no outbox");
}

#[tokio::test]
async fn an_enrolled_file_names_every_new_record_and_imports_keep_or_renew_uids() {
    let (_a, a) = fresh_db().await;
    enrolled(&a).await;
    demo::generate_on(&a, 2, 3, today()).await.expect("demo");
    let demo_rows = all_uids(&a).await.len();
    assert!(demo_rows > 50, "the bulk writer's rows are named");
    projects::create(&a, &crate::input("New", "2026-03-01", "2026-03-10"))
        .await
        .expect("created");
    let mut original = all_uids(&a).await;
    assert_eq!(
        original.len(),
        demo_rows + 1 + 3,
        "a project and its three goals"
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

    enrolled(&b).await;
    let report = transfer::import(&b, &dump).await.expect("import again");
    assert!(report.renumbered);
    let both = all_uids(&b).await;
    assert_eq!(
        both.len(),
        original.len() * 2,
        "copies are new records with new uids"
    );
}
