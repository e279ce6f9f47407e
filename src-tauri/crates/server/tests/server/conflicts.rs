//! The conflict rule: different fields and records never conflict; the same field, and a deletion
//! against a newer edit, do — and nothing of either side is lost.

use firstgoal_protocol::{Op, Outcome, PushResponse, Role, StoredChange};
use serde_json::json;
use uuid::Uuid;

use crate::common::{self, delete, set};

fn applied(r: &PushResponse) -> i64 {
    match r.results[0].outcome {
        Outcome::Applied { seq } => seq,
        ref other => panic!("expected applied, got {other:?}"),
    }
}

fn conflict(r: &PushResponse) -> StoredChange {
    match &r.results[0].outcome {
        Outcome::Conflict { theirs } => (**theirs).clone(),
        other => panic!("expected a conflict, got {other:?}"),
    }
}

#[tokio::test]
async fn the_same_field_conflicts_and_different_fields_and_records_do_not() {
    let (pool, server, team) = common::setup().await;
    let ann = common::person(&pool, &server.url, &team, "Ann", Role::Member).await;
    let bob = common::person(&pool, &server.url, &team, "Bob", Role::Member).await;
    let (project, other) = (Uuid::new_v4(), Uuid::new_v4());

    let anns = set(project, "name", json!("Ann's name"), 0);
    let anns_seq = applied(
        &ann.push(std::slice::from_ref(&anns))
            .await
            .expect("succeeds"),
    );
    // Bob, offline since before Ann's edit:
    assert!(
        applied(
            &bob.push(&[set(project, "owner", json!("Bob"), 0)])
                .await
                .expect("succeeds")
        ) > anns_seq
    );
    applied(
        &bob.push(&[set(other, "name", json!("Bob's other"), 0)])
            .await
            .expect("succeeds"),
    );
    let bobs = set(project, "name", json!("Bob's name"), 0);
    let theirs = conflict(
        &bob.push(std::slice::from_ref(&bobs))
            .await
            .expect("succeeds"),
    );
    assert_eq!(
        (theirs.seq, &theirs.change),
        (anns_seq, &anns),
        "the conflict shows Ann's change"
    );
    // Sent again after a lost answer: the same conflict, kept once.
    assert_eq!(
        conflict(
            &bob.push(std::slice::from_ref(&bobs))
                .await
                .expect("succeeds")
        )
        .seq,
        anns_seq
    );
    assert_eq!(
        common::stored_counts(&pool, &team).await,
        (3, 1),
        "Bob's name kept as a conflict"
    );
    let kept: String = sqlx::query_scalar("SELECT value FROM conflicts WHERE change_id = $1")
        .bind(bobs.change_id)
        .fetch_one(&pool)
        .await
        .expect("succeeds");
    assert_eq!(kept, "\"Bob's name\"");
    let log = ann.pull_all(0, None).await.expect("succeeds");
    assert_eq!(log[0].change, anns, "Ann's value still stands");

    // Ann's own later edit on an old base is not a conflict with herself.
    applied(
        &ann.push(&[set(project, "name", json!("Ann again"), 0)])
            .await
            .expect("succeeds"),
    );
    // Bob resolves on top of the newest change.
    let newest = ann
        .pull_all(0, None)
        .await
        .expect("succeeds")
        .last()
        .expect("succeeds")
        .seq;
    applied(
        &bob.push(&[set(project, "name", json!("agreed"), newest)])
            .await
            .expect("succeeds"),
    );
}

#[tokio::test]
async fn a_deletion_against_a_newer_edit_conflicts_and_an_edit_of_a_deleted_record_too() {
    let (pool, server, team) = common::setup().await;
    let ann = common::person(&pool, &server.url, &team, "Ann", Role::Member).await;
    let bob = common::person(&pool, &server.url, &team, "Bob", Role::Member).await;
    let project = Uuid::new_v4();
    let created = applied(
        &ann.push(&[set(project, "name", json!("p"), 0)])
            .await
            .expect("succeeds"),
    );
    let edit = set(project, "stage", json!("kickoff"), created);
    let edited = applied(
        &ann.push(std::slice::from_ref(&edit))
            .await
            .expect("succeeds"),
    );

    let stale_delete = delete(project, created);
    let theirs = conflict(
        &bob.push(std::slice::from_ref(&stale_delete))
            .await
            .expect("succeeds"),
    );
    assert_eq!((theirs.seq, &theirs.change), (edited, &edit));
    assert_eq!(common::stored_counts(&pool, &team).await, (2, 1));

    let deleted = applied(
        &bob.push(&[delete(project, edited)])
            .await
            .expect("succeeds"),
    );
    let late_edit = conflict(
        &ann.push(&[set(project, "stage", json!("adoption"), edited)])
            .await
            .expect("succeeds"),
    );
    assert_eq!(
        (late_edit.seq, &late_edit.change.op),
        (deleted, &Op::Delete)
    );
    // Two deletions agree: no conflict.
    applied(
        &ann.push(&[delete(project, edited)])
            .await
            .expect("succeeds"),
    );
}
