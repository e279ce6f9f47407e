//! The admin's `conflicts list` and `conflicts clear`: the server's kept conflicts shown with who,
//! record, field, when and theirs, and cleared before a date, one team at a time.

use std::process::Output;

use firstgoal_protocol::{Change, Outcome, PushResponse, Role};
use firstgoal_server::admin::conflicts;
use firstgoal_server::client::Client;
use serde_json::json;
use sqlx::PgPool;
use uuid::Uuid;

use crate::common::{self, delete, set};

fn admin(args: &[&str]) -> Output {
    std::process::Command::new(common::exe())
        .args(["--database-url", &common::database_url()])
        .args(args)
        .output()
        .expect("the command runs")
}

fn stdout(out: &Output) -> String {
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn seq(answer: &PushResponse) -> i64 {
    match answer.results[0].outcome {
        Outcome::Applied { seq } => seq,
        ref other => panic!("expected applied, got {other:?}"),
    }
}

async fn push(client: &Client, change: &Change) -> PushResponse {
    client
        .push(std::slice::from_ref(change))
        .await
        .expect("answered")
}

async fn backdate(pool: &PgPool, change: &Change, when: &str) {
    sqlx::query("UPDATE conflicts SET received_at = $2::timestamptz WHERE change_id = $1")
        .bind(change.change_id)
        .bind(when)
        .execute(pool)
        .await
        .expect("backdated");
}

/// A team where Bob's rename and Bob's deletion conflicted with Ann's newer edits; returns the
/// team, Bob's client, his two refused changes and the seqs of Ann's.
async fn two_conflicts(pool: &PgPool, url: &str) -> (String, Client, [Change; 2], [i64; 2]) {
    let team = common::team(pool).await;
    let ann = common::person(pool, url, &team, "Ann", Role::Member).await;
    let bob = common::person(pool, url, &team, "Bob", Role::Member).await;
    let (first, second) = (Uuid::new_v4(), Uuid::new_v4());
    let anns = [
        seq(&push(&ann, &set(first, "name", json!("Ann's"), 0)).await),
        seq(&push(&ann, &set(second, "stage", json!("kickoff"), 0)).await),
    ];
    let bobs = [set(first, "name", json!("Bob's"), 0), delete(second, 0)];
    for change in &bobs {
        let answer = push(&bob, change).await;
        assert!(matches!(
            answer.results[0].outcome,
            Outcome::Conflict { .. }
        ));
    }
    (team, bob, bobs, anns)
}

#[tokio::test]
async fn conflicts_are_listed_for_the_admin_and_cleared_before_a_date() {
    let (pool, server, _) = common::setup().await;
    let (team, bob, bobs, anns) = two_conflicts(&pool, &server.url).await;
    let (other, _, others, _) = two_conflicts(&pool, &server.url).await;
    backdate(&pool, &bobs[0], "2020-01-15T08:30:00Z").await;
    backdate(&pool, &others[0], "2020-01-15T08:30:00Z").await;

    let kept = conflicts::list(&pool, &team).await.expect("listed");
    let shown: Vec<_> = kept
        .iter()
        .map(|c| {
            (
                c.who.as_str(),
                c.record_id,
                c.field.as_deref(),
                c.theirs_seq,
            )
        })
        .collect();
    assert_eq!(
        shown,
        [
            ("Bob", bobs[0].record_id, Some("name"), anns[0]),
            ("Bob", bobs[1].record_id, None, anns[1]),
        ]
    );
    assert_eq!(kept[0].theirs_by, "Ann");
    let listed = stdout(&admin(&["conflicts", "list", "--team", &team]));
    let lines: Vec<&str> = listed.lines().collect();
    assert_eq!(lines.len(), 2, "{listed}");
    let first = format!(
        "2020-01-15T08:30:00Z\tBob\tproject {}\tname\ttheirs seq {} by Ann\t{}",
        bobs[0].record_id, anns[0], bobs[0].change_id
    );
    assert_eq!(lines[0], first);
    assert!(lines[1].contains("\t(deletion)\t"), "{}", lines[1]);

    // A date that is not one is refused, and nothing is removed.
    let refused = admin(&[
        "conflicts",
        "clear",
        "--team",
        &team,
        "--before",
        "15/01/2021",
    ]);
    assert!(!refused.status.success());
    assert!(String::from_utf8_lossy(&refused.stderr).contains("is not a date"));
    let unknown = admin(&["conflicts", "list", "--team", "no such team"]);
    assert!(String::from_utf8_lossy(&unknown.stderr).contains("no team named"));
    assert_eq!(common::stored_counts(&pool, &team).await.1, 2);

    let cleared = admin(&[
        "conflicts",
        "clear",
        "--team",
        &team,
        "--before",
        "2021-01-01",
    ]);
    assert!(stdout(&cleared).starts_with("cleared 1 conflicts of "));
    let kept = conflicts::list(&pool, &team).await.expect("listed");
    assert_eq!(kept.len(), 1);
    assert_eq!(kept[0].change_id, bobs[1].change_id, "the newer one stays");
    assert_eq!(
        common::stored_counts(&pool, &other).await.1,
        2,
        "another team's are not touched"
    );

    // Sent again after the clear, the change is judged again: theirs is still newer.
    let again = push(&bob, &bobs[0]).await;
    assert!(matches!(again.results[0].outcome, Outcome::Conflict { .. }));
    assert_eq!(common::stored_counts(&pool, &team).await, (2, 2));
    let others_listed = stdout(&admin(&["conflicts", "list", "--team", &other]));
    assert_eq!(others_listed.lines().count(), 2);
}
