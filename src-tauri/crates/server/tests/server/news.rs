//! Told of news: a pull that waits (long poll) is answered when a change of its team is committed
//! through any server process, answers empty when its wait ends, and ends when its server shuts
//! down; the replica's `wait_for_news`.

use std::time::{Duration, Instant};

use firstgoal_core::projects;
use firstgoal_protocol::{ErrorCode, Role};
use firstgoal_server::admin;
use firstgoal_server::client::Client;
use firstgoal_sync::replica;
use serde_json::json;
use uuid::Uuid;

use crate::common::{self, set};
use crate::replicas::{Replica, input};

#[tokio::test]
async fn a_waiting_pull_on_one_process_hears_of_a_push_through_another() {
    let pool = common::pool().await;
    let (a, b) = (common::server().await, common::server().await);
    let team = common::team(&pool).await;
    let ann = common::person(&pool, &a.url, &team, "Ann", Role::Member).await;
    let bob = common::person(&pool, &b.url, &team, "Bob", Role::Member).await;
    ann.push(&[set(Uuid::new_v4(), "name", json!("first"), 0)])
        .await
        .expect("pushed");
    let cursor = bob.pull(0, None).await.expect("pulled").next_cursor;

    let started = Instant::now();
    let waiting = tokio::spawn({
        let bob = bob.clone();
        async move {
            let page = bob
                .pull_waiting(cursor, None, Duration::from_secs(20))
                .await;
            (page, started.elapsed())
        }
    });
    tokio::time::sleep(Duration::from_millis(700)).await;
    assert!(
        !waiting.is_finished(),
        "the pull waits while nothing is new"
    );
    // A change of another team does not answer it.
    let other = common::team(&pool).await;
    let carl = common::person(&pool, &a.url, &other, "Carl", Role::Member).await;
    carl.push(&[set(Uuid::new_v4(), "name", json!("elsewhere"), 0)])
        .await
        .expect("pushed");
    let change = set(Uuid::new_v4(), "name", json!("news"), cursor);
    ann.push(std::slice::from_ref(&change))
        .await
        .expect("pushed");
    let (page, took) = waiting.await.expect("joined");
    let page = page.expect("answered");
    assert_eq!(page.changes.len(), 1, "{page:?}");
    assert_eq!(
        page.changes[0].change, change,
        "the answer carries the change"
    );
    assert!(page.changes[0].seq > cursor && page.next_cursor == page.changes[0].seq);
    assert!(
        took < Duration::from_secs(10),
        "answered when the change was committed, not when the wait ended: {took:?}"
    );
}

#[tokio::test]
async fn a_wait_with_no_news_ends_empty_and_a_wait_too_long_is_refused() {
    let (pool, server, team) = common::setup().await;
    let ann = common::person(&pool, &server.url, &team, "Ann", Role::Member).await;
    let started = Instant::now();
    let page = ann
        .pull_waiting(0, None, Duration::from_secs(1))
        .await
        .expect("answered");
    let took = started.elapsed();
    assert!(page.changes.is_empty() && !page.more && page.next_cursor == 0);
    assert!(
        took >= Duration::from_secs(1) && took < Duration::from_secs(8),
        "{took:?}"
    );

    // Changes already there: answered at once, whatever the wait.
    ann.push(&[set(Uuid::new_v4(), "name", json!("x"), 0)])
        .await
        .expect("pushed");
    let started = Instant::now();
    let page = ann
        .pull_waiting(0, None, Duration::from_secs(20))
        .await
        .expect("answered");
    assert_eq!(page.changes.len(), 1);
    assert!(started.elapsed() < Duration::from_secs(5));
}

#[tokio::test]
async fn a_waiting_pull_is_answered_when_its_server_shuts_down() {
    let (pool, mut server, team) = common::setup().await;
    let ann = common::person(&pool, &server.url, &team, "Ann", Role::Member).await;
    let waiting = tokio::spawn({
        let ann = ann.clone();
        async move { ann.pull_waiting(0, None, Duration::from_secs(25)).await }
    });
    tokio::time::sleep(Duration::from_millis(700)).await;
    assert!(!waiting.is_finished());
    common::sigterm(&server);
    let signalled = Instant::now();
    let answer = tokio::time::timeout(Duration::from_secs(12), waiting)
        .await
        .expect("the waiter is answered or cut before the graceful deadline")
        .expect("joined");
    assert!(
        signalled.elapsed() < Duration::from_secs(5),
        "the shutdown answered the long poll instead of waiting for its deadline: {:?}",
        signalled.elapsed()
    );
    if let Ok(page) = answer {
        assert!(page.changes.is_empty(), "{page:?}");
    }
    let status = tokio::time::timeout(Duration::from_secs(12), server.child.wait())
        .await
        .expect("the server stops within its 10 s")
        .expect("waited");
    assert!(status.success(), "{status:?}");
    assert!(signalled.elapsed() < Duration::from_secs(11));
}

#[tokio::test]
async fn wait_for_news_says_when_the_team_has_changes_after_the_files_cursor() {
    let (pool, server, team) = common::setup().await;
    let ann = Replica::enrolled(&pool, &server.url, &team, Role::Member).await;
    let bob = Replica::enrolled(&pool, &server.url, &team, Role::Member).await;
    bob.sync();
    let (db, store) = (bob.db().await, bob.credentials());
    let started = Instant::now();
    let nothing = replica::wait_for_news(&db, &store, Duration::from_secs(1))
        .await
        .expect("asked");
    assert!(!nothing, "nothing new");
    assert!(
        started.elapsed() >= Duration::from_secs(1),
        "{:?}",
        started.elapsed()
    );

    let waiting = tokio::spawn(async move {
        let started = Instant::now();
        let news = replica::wait_for_news(&db, &store, Duration::from_secs(40)).await;
        db.close().await;
        (news, started.elapsed())
    });
    tokio::time::sleep(Duration::from_millis(700)).await;
    let db = ann.db().await;
    projects::create(&db, &input("Acme", "Ann"))
        .await
        .expect("created");
    db.close().await;
    ann.sync();
    let (news, took) = waiting.await.expect("joined");
    assert!(news.expect("asked"), "told of Ann's project");
    assert!(took < Duration::from_secs(15), "{took:?}");
    bob.sync();
    assert_eq!(ann.records().await, bob.records().await);

    // Offline: the same error as `status` gives.
    drop(server);
    let (db, store) = (bob.db().await, bob.credentials());
    let err = replica::wait_for_news(&db, &store, Duration::from_secs(2))
        .await
        .expect_err("offline");
    assert_eq!(err.code(), "offline", "{err}");
    db.close().await;
}

#[tokio::test]
async fn a_wait_beyond_the_limit_is_refused() {
    let (pool, server, team) = common::setup().await;
    let code = admin::add_person(&pool, &team, "Ann", Role::Member)
        .await
        .expect("added");
    let credential = Client::new(&server.url)
        .enrol(&code)
        .await
        .expect("enrolled")
        .credential;
    let answer = reqwest::Client::new()
        .get(format!("{}/v1/pull?after=0&wait=26", server.url))
        .header("firstgoal-protocol", "1")
        .bearer_auth(credential)
        .send()
        .await
        .expect("answered");
    assert_eq!(answer.status(), reqwest::StatusCode::BAD_REQUEST);
    let body: firstgoal_protocol::ErrorBody = answer.json().await.expect("JSON");
    assert_eq!(body.code, ErrorCode::InvalidRequest);
    assert!(body.message.contains("wait 0 to 25"), "{}", body.message);
}
