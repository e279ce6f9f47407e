//! Push and pull: text kept as text, idempotent pushes, paging, several server processes.

use std::collections::HashSet;

use firstgoal_protocol::{Op, Outcome, Role};
use firstgoal_server::bench;
use serde_json::json;
use uuid::Uuid;

use crate::common::{self, set};

#[tokio::test]
async fn markup_and_sql_looking_text_is_stored_and_returned_as_text() {
    let (pool, server, team) = common::setup().await;
    let ann = common::person(
        &pool,
        &server.url,
        &team,
        "<b>Ann</b>'; DROP TABLE people; --",
        Role::Member,
    )
    .await;
    let values = [
        json!("<script>alert('x')</script>"),
        json!("'; DROP TABLE changes; --"),
        json!("Robert\"); DELETE FROM teams WHERE ('1'='1"),
        json!("nul \u{0} tab \t newline \n emoji 🚀 日本語 \\ backslash"),
        json!({"html": "<img src=x onerror=alert(1)>", "sql": "1 OR 1=1", "n": 1.5e300, "list": [null, true]}),
        json!("$1 $2 %s {0} ${x}"),
    ];
    let record = Uuid::new_v4();
    let changes: Vec<_> = values
        .iter()
        .enumerate()
        .map(|(i, v)| set(record, &format!("field_{i}"), v.clone(), 0))
        .collect();
    ann.push(&changes).await.expect("pushed");
    let pulled = ann.pull_all(0, None).await.expect("succeeds");
    let got: Vec<_> = pulled.iter().map(|c| c.change.clone()).collect();
    assert_eq!(got, changes, "every value comes back exactly");
    let tables: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM information_schema.tables WHERE table_name IN ('teams', 'people', 'changes')",
    )
    .fetch_one(&pool)
    .await
    .expect("succeeds");
    assert_eq!(tables, 3);
}

#[tokio::test]
async fn the_same_push_sent_twice_is_stored_once() {
    let (pool, server, team) = common::setup().await;
    let ann = common::person(&pool, &server.url, &team, "Ann", Role::Member).await;
    let changes = vec![
        set(Uuid::new_v4(), "name", json!("a"), 0),
        common::delete(Uuid::new_v4(), 0),
    ];
    let first = ann.push(&changes).await.expect("succeeds");
    let second = ann.push(&changes).await.expect("succeeds");
    for (a, b) in first.results.iter().zip(&second.results) {
        match (&a.outcome, &b.outcome) {
            (Outcome::Applied { seq }, Outcome::AlreadyApplied { seq: again }) => {
                assert_eq!(seq, again)
            }
            other => panic!("unexpected outcomes {other:?}"),
        }
    }
    assert_eq!(common::stored_counts(&pool, &team).await, (2, 0));
    let pulled = ann.pull_all(0, None).await.expect("succeeds");
    assert_eq!(pulled.len(), 2);
    assert_eq!(
        pulled[1].change.op,
        Op::Delete,
        "a deletion travels as a tombstone"
    );
}

#[tokio::test]
async fn pulling_page_by_page_returns_every_change_once_in_order() {
    let (pool, server, team) = common::setup().await;
    let ann = common::person(&pool, &server.url, &team, "Ann", Role::Member).await;
    let mut expected = Vec::new();
    for batch in bench::batches(250, 40) {
        ann.push(&batch).await.expect("succeeds");
        expected.extend(batch.into_iter().map(|c| c.change_id));
    }
    let mut cursor = 0;
    let mut pulled = Vec::new();
    let mut pages = 0;
    loop {
        let page = ann.pull(cursor, Some(7)).await.expect("succeeds");
        assert!(page.changes.len() <= 7);
        assert!(page.next_cursor >= cursor);
        pulled.extend(page.changes);
        cursor = page.next_cursor;
        pages += 1;
        if !page.more {
            break;
        }
    }
    assert_eq!(pages, 36, "250 changes in pages of 7");
    let ids: Vec<_> = pulled.iter().map(|c| c.change.change_id).collect();
    assert_eq!(ids, expected, "every change once, in push order");
    assert!(pulled.windows(2).all(|w| w[0].seq < w[1].seq));
    let after_end = ann.pull(cursor, None).await.expect("succeeds");
    assert!(after_end.changes.is_empty() && !after_end.more && after_end.next_cursor == cursor);
}

#[tokio::test]
async fn two_server_processes_on_one_database_lose_and_duplicate_nothing() {
    let url = common::database_url();
    for processes in [1, 2] {
        let report = bench::load(common::exe(), &url, processes, 10, 50, 5)
            .await
            .expect("load run");
        assert_eq!(report.changes, 500);
        assert_eq!(
            (report.lost, report.duplicated),
            (0, 0),
            "{processes} process(es): {report:?}"
        );
    }
}

#[tokio::test]
async fn concurrent_pushes_through_two_processes_keep_one_order() {
    let pool = common::pool().await;
    let (one, two) = (common::server().await, common::server().await);
    let team = common::team(&pool).await;
    let ann = common::person(&pool, &one.url, &team, "Ann", Role::Member).await;
    let bob = common::person(&pool, &two.url, &team, "Bob", Role::Member).await;
    let (a, b) = (bench::batches(100, 10), bench::batches(100, 10));
    let expected: HashSet<Uuid> = a.iter().chain(&b).flatten().map(|c| c.change_id).collect();
    let push_all = |client: firstgoal_server::client::Client,
                    work: Vec<Vec<firstgoal_protocol::Change>>| async move {
        for batch in work {
            client.push(&batch).await.expect("succeeds");
        }
    };
    tokio::join!(push_all(ann.clone(), a), push_all(bob.clone(), b));
    let via_one = ann.pull_all(0, Some(13)).await.expect("succeeds");
    let via_two = bob.pull_all(0, Some(50)).await.expect("succeeds");
    assert_eq!(via_one, via_two, "both processes serve the same log");
    assert_eq!(bench::lost_and_duplicated(&expected, &via_one), (0, 0));
}
