//! The outbox triggers of migration 0014 against the schema the replica reads: every field that
//! travels is named by its table's triggers, and nothing is written before the file is enrolled or
//! while pulled changes are applied.

use firstgoal_core::Db;
use firstgoal_core::projects::{self, ProjectInput, Segment};
use firstgoal_sync::replica::tables::{self, LOCAL_COLUMNS, TRAVELLING};

async fn fresh() -> (tempfile::TempDir, Db) {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = Db::open(&dir.path().join("f.sqlite")).await.expect("opens");
    (dir, db)
}

fn acme() -> ProjectInput {
    ProjectInput {
        customer_name: "Acme".into(),
        contract_date: "2026-09-01".into(),
        kickoff_date: "2026-09-15".into(),
        segment: Segment::LowTouch,
        owner: String::new(),
    }
}

async fn outbox(db: &Db) -> Vec<(String, String, Option<String>)> {
    sqlx::query_as("SELECT kind, op, field FROM sync_outbox ORDER BY id")
        .fetch_all(db.pool())
        .await
        .expect("outbox")
}

async fn trigger(db: &Db, name: String) -> String {
    sqlx::query_scalar::<_, String>(
        "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?1",
    )
    .bind(&name)
    .fetch_optional(db.pool())
    .await
    .expect("read")
    .unwrap_or_else(|| panic!("trigger {name} exists"))
}

#[tokio::test]
async fn the_triggers_name_every_travelling_field_of_every_table() {
    let (_dir, db) = fresh().await;
    let mut conn = db.pool().acquire().await.expect("connection");
    let kinds = tables::kinds(&mut conn).await.expect("kinds");
    drop(conn);
    assert_eq!(kinds.len(), TRAVELLING.len());
    for kind in &kinds {
        let t = kind.table;
        let update = trigger(&db, format!("{t}_sync_update")).await;
        let of = update
            .split(" UPDATE OF ")
            .nth(1)
            .and_then(|rest| rest.split(" ON ").next())
            .expect("an UPDATE OF list");
        let listed: Vec<&str> = of.split(',').map(str::trim).collect();
        assert_eq!(
            listed, kind.fields,
            "{t}: the fields the update trigger watches"
        );
        for body in [
            update,
            trigger(&db, format!("{t}_sync_insert")).await,
            trigger(&db, format!("{t}_sync_named")).await,
        ] {
            for field in &kind.fields {
                assert!(body.contains(&format!("('{field}', ")), "{t}.{field}");
            }
            for local in LOCAL_COLUMNS.iter().filter(|c| **c != "uid") {
                assert!(
                    !body.contains(&format!("('{local}', ")),
                    "{t}.{local} stays local"
                );
            }
        }
        let delete = trigger(&db, format!("{t}_sync_delete")).await;
        for field in &kind.fields {
            assert!(
                delete.contains(&format!("'{field}', json(")),
                "{t}.{field} kept with a deletion"
            );
        }
        trigger(&db, format!("{t}_uid")).await;
    }
}

#[tokio::test]
async fn changes_reach_the_outbox_only_when_enrolled_and_not_while_applying() {
    let (_dir, db) = fresh().await;
    projects::create(&db, &acme()).await.expect("created");
    assert!(outbox(&db).await.is_empty(), "not enrolled: nothing kept");

    sqlx::query("UPDATE sync_state SET enrolled = 1")
        .execute(db.pool())
        .await
        .expect("enrolled");
    let created = projects::create(&db, &acme()).await.expect("created");
    let rows = outbox(&db).await;
    let project_fields = rows.iter().filter(|r| r.0 == "projects").count();
    let milestone_fields = rows.iter().filter(|r| r.0 == "milestones").count();
    assert_eq!(project_fields, 8, "{rows:?}");
    assert_eq!(
        milestone_fields,
        3 * 13,
        "three goals, every field: {rows:?}"
    );

    let mut input = acme();
    input.owner = "Ann".into();
    let p = created.project;
    projects::update(&db, p.id, p.version, &input)
        .await
        .expect("updated");
    let last = outbox(&db).await.pop().expect("a change");
    assert_eq!(
        last,
        ("projects".into(), "set".into(), Some("owner".into()))
    );
    let before = outbox(&db).await.len();

    sqlx::query("UPDATE sync_state SET applying = 1")
        .execute(db.pool())
        .await
        .expect("applying");
    sqlx::query("DELETE FROM projects WHERE id = ?1")
        .bind(p.id)
        .execute(db.pool())
        .await
        .expect("deleted");
    assert_eq!(
        outbox(&db).await.len(),
        before,
        "applied changes do not go back out"
    );
    sqlx::query("UPDATE sync_state SET applying = 0")
        .execute(db.pool())
        .await
        .expect("done");
    projects::create(&db, &acme()).await.expect("created");
    let before = outbox(&db).await.len();
    sqlx::query("DELETE FROM projects")
        .execute(db.pool())
        .await
        .expect("deleted");
    let rows = outbox(&db).await;
    assert_eq!(
        rows[before..].iter().filter(|r| r.1 == "delete").count(),
        1 + 3,
        "the named project and its goals (cascaded); the project made before enrolment was never \
         named, so nothing of it goes out: {:?}",
        &rows[before..]
    );
}
