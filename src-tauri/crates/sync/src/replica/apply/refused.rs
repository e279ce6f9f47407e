//! What a replica refuses from its team, one case each with the exact value that once went
//! through (see the property in [`fuzz`](super::fuzz)): the change is kept in `sync_conflicts`
//! with a reason naming the field and the rule, the file is unchanged by it, and the rest of
//! the page applies.

use firstgoal_core::Db;
use firstgoal_protocol::{Change, Op, PullResponse, StoredChange};
use serde_json::{Value, json};
use uuid::Uuid;

use super::apply_page;
use super::fuzz::{kinds, last_conflict, readable, refusals, replica, sound};

/// One pulled change: (kind, record uid, field, value).
type Set<'a> = (&'a str, &'a str, &'a str, Value);

fn page(sets: &[Set<'_>]) -> PullResponse {
    let changes = sets
        .iter()
        .enumerate()
        .map(|(i, (kind, uid, field, value))| StoredChange {
            seq: 100 + i as i64,
            author: Uuid::from_u128(0xa11ce),
            change: Change {
                change_id: Uuid::new_v4(),
                kind: (*kind).to_owned(),
                record_id: Uuid::parse_str(uid).expect("uid"),
                base_seq: 0,
                op: Op::Set {
                    field: (*field).to_owned(),
                    value: value.clone(),
                },
            },
        })
        .collect();
    PullResponse {
        changes,
        next_cursor: 100 + sets.len() as i64,
        more: false,
    }
}

async fn uid(db: &Db, sql: &str) -> String {
    sqlx::query_scalar(sql)
        .fetch_one(db.pool())
        .await
        .unwrap_or_else(|e| panic!("{sql}: {e}"))
}

async fn field(db: &Db, table: &str, uid: &str, field: &str) -> Value {
    let sql = format!("SELECT json_quote(\"{field}\") FROM \"{table}\" WHERE uid = ?1");
    let text: String = sqlx::query_scalar(&sql)
        .bind(uid)
        .fetch_one(db.pool())
        .await
        .expect("field");
    serde_json::from_str(&text).expect("json")
}

/// Applies `sets` as one page to a fresh replica; returns the file, the reasons of the refused
/// changes (in page order, by seq) and how many were applied.
async fn apply(
    dir: &tempfile::TempDir,
    prepare: impl AsyncFnOnce(&Db) -> Vec<Set<'static>>,
) -> (Db, Vec<(i64, String)>, u64) {
    let db = replica(&dir.path().join("r.sqlite")).await;
    let sets = prepare(&db).await;
    let since = last_conflict(&db).await;
    let report = apply_page(
        &db,
        &kinds(&db).await,
        Uuid::from_u128(0xbeef),
        &page(&sets),
    )
    .await
    .expect("applied");
    let refused = refusals(&db, since).await;
    assert_eq!(report.refused as usize, refused.len());
    sound(&db).await.expect("sound");
    (db, refused, report.set)
}

async fn project_uid(db: &Db) -> String {
    uid(db, "SELECT uid FROM projects WHERE id = 1").await
}

/// Refuses `value` for `table.column` of the first record of `table`, with a reason naming
/// `table.column` and holding `rule`; another field of the page is applied.
async fn refused(table: &'static str, column: &'static str, value: Value, rule: &str) {
    let dir = tempfile::tempdir().expect("temp dir");
    let (db, refused, set) = apply(&dir, async |db| {
        let record = uid(
            db,
            &format!("SELECT uid FROM \"{table}\" ORDER BY id LIMIT 1"),
        )
        .await;
        let record: &'static str = record.leak();
        let before = field(db, table, record, column).await;
        let project: &'static str = project_uid(db).await.leak();
        assert_ne!(before, value);
        vec![
            (table, record, column, value.clone()),
            ("projects", project, "owner", json!("Still applied")),
        ]
    })
    .await;
    assert_eq!(refused.len(), 1, "{refused:?}");
    let reason = &refused[0].1;
    assert!(
        reason.starts_with(&format!("{table}.{column}: ")),
        "{reason}"
    );
    assert!(reason.contains(rule), "{reason}");
    assert_eq!(set, 1, "the rest of the page applies");
    let project = project_uid(&db).await;
    assert_eq!(
        field(&db, "projects", &project, "owner").await,
        json!("Still applied")
    );
    readable(&db, dir.path()).await.expect("readable");
    db.close().await;
}

#[tokio::test]
async fn a_contract_date_that_is_not_a_date_is_refused() {
    refused(
        "projects",
        "contract_date",
        json!("not a date"),
        "is not a date (YYYY-MM-DD)",
    )
    .await;
}

#[tokio::test]
async fn a_date_out_of_the_forms_range_is_refused() {
    refused(
        "projects",
        "kickoff_date",
        json!("9999-12-31"),
        "is outside 1970-01-01 – 2200-12-31",
    )
    .await;
}

#[tokio::test]
async fn a_five_megabyte_name_is_refused() {
    let name = "x".repeat(5 << 20);
    refused(
        "projects",
        "customer_name",
        json!(name),
        "at most 200 are allowed",
    )
    .await;
}

#[tokio::test]
async fn a_level_of_99_is_refused() {
    refused(
        "stakeholders",
        "level",
        json!(99),
        "expected text, found 99",
    )
    .await;
}

#[tokio::test]
async fn an_influence_out_of_range_is_refused() {
    refused("stakeholders", "influence", json!(99), "99 is outside 1–").await;
}

#[tokio::test]
async fn a_number_where_text_is_expected_is_refused() {
    refused(
        "milestones",
        "goal",
        json!(12.5),
        "expected text, found 12.5",
    )
    .await;
}

#[tokio::test]
async fn a_status_that_is_no_status_is_refused() {
    refused(
        "milestones",
        "status",
        json!("done"),
        "is not a milestone status",
    )
    .await;
}

#[tokio::test]
async fn a_journey_content_that_is_not_a_journey_is_refused() {
    refused("journeys", "content", json!("{}"), "not a journey document").await;
}

#[tokio::test]
async fn a_list_where_a_value_is_expected_is_refused() {
    refused(
        "team_members",
        "name",
        json!(["a"]),
        "a value must be null, a number or a string",
    )
    .await;
}

#[tokio::test]
async fn a_reference_given_as_a_local_id_is_refused() {
    refused(
        "milestones",
        "project_id",
        json!(2),
        "expected the uid of a projects record, found 2",
    )
    .await;
}

#[tokio::test]
async fn a_nul_in_a_name_is_normalised_as_every_door_does() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (db, refused, _) = apply(&dir, async |db| {
        let project: &'static str = project_uid(db).await.leak();
        vec![("projects", project, "owner", json!("a\u{0}b\u{1b}[31m"))]
    })
    .await;
    assert!(refused.is_empty(), "{refused:?}");
    let project = project_uid(&db).await;
    let owner = field(&db, "projects", &project, "owner").await;
    assert!(
        !owner.as_str().expect("text").contains(['\0', '\u{1b}']),
        "{owner}"
    );
    readable(&db, dir.path()).await.expect("readable");
    db.close().await;
}

/// The exact page the property found: a stage of a project set, field by field, to be entered
/// while the stage before it was not left (2024-05-26 to 2024-07-06, position 4).
#[tokio::test]
async fn a_stage_entered_while_the_one_before_is_open_is_refused_whole() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (db, refused, _) = apply(&dir, async |db| {
        let stage: &'static str = uid(
            db,
            "SELECT s.uid FROM project_stages s WHERE s.entered_on IS NULL AND EXISTS \
             (SELECT 1 FROM project_stages o WHERE o.project_id = s.project_id \
              AND o.position < s.position AND o.exited_on IS NULL AND o.entered_on IS NOT NULL) \
             ORDER BY s.id LIMIT 1",
        )
        .await
        .leak();
        vec![
            ("project_stages", stage, "entered_on", json!("2024-05-26")),
            ("project_stages", stage, "exited_on", json!("2024-07-06")),
        ]
    })
    .await;
    assert_eq!(refused.len(), 2, "both changes of the stage: {refused:?}");
    for (_, reason) in &refused {
        assert!(
            reason.starts_with("project_stages.entered_on: entered while the stage before it"),
            "{reason}"
        );
    }
    readable(&db, dir.path()).await.expect("readable");
    db.close().await;
}

/// A person's edit of several fields arrives as several changes: the rules of the row hold for
/// them together, not for each alone.
#[tokio::test]
async fn an_edit_of_several_fields_is_checked_as_a_whole() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (db, refused, set) = apply(&dir, async |db| {
        let goal: &'static str = uid(
            db,
            "SELECT m.uid FROM milestones m JOIN projects p ON p.id = m.project_id \
             WHERE m.status <> 'achieved' ORDER BY m.id LIMIT 1",
        )
        .await
        .leak();
        vec![
            ("milestones", goal, "status", json!("achieved")),
            ("milestones", goal, "criterion", json!("Live in production")),
            ("milestones", goal, "achieved_on", json!("2199-01-01")),
        ]
    })
    .await;
    assert!(refused.is_empty(), "{refused:?}");
    assert_eq!(set, 3);
    db.close().await;
}
