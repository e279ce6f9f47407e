//! Deterministic demo data.

use std::collections::HashSet;

use chrono::{Days, NaiveDate};
use firstgoal_core::milestones::Horizon;
use firstgoal_core::projects::{self, Segment};
use firstgoal_core::{Db, demo};

use crate::{count, d, fresh_db, input};

/// Everything about a project that does not depend on when it was written.
#[derive(Debug, PartialEq, Eq)]
struct Content {
    customer_name: String,
    contract_date: NaiveDate,
    kickoff_date: NaiveDate,
    segment: Segment,
    owner: String,
    milestones: Vec<(Option<Horizon>, NaiveDate, bool)>,
}

async fn contents(db: &Db) -> Vec<Content> {
    let mut out = Vec::new();
    for p in projects::list(db, true).await.expect("list") {
        let detail = projects::get(db, p.id).await.expect("get");
        out.push(Content {
            customer_name: p.customer_name,
            contract_date: p.contract_date,
            kickoff_date: p.kickoff_date,
            segment: p.segment,
            owner: p.owner,
            milestones: detail
                .milestones
                .iter()
                .map(|m| (m.horizon, m.due_date, m.due_date_manual))
                .collect(),
        });
    }
    out
}

#[tokio::test]
async fn generate_writes_the_requested_projects_with_their_milestones() {
    let (_dir, db) = fresh_db().await;
    assert_eq!(demo::generate(&db, 30, 7).await.expect("generate"), 30);
    assert_eq!(count(&db, "projects").await, 30);
    assert_eq!(count(&db, "milestones").await, 90);

    let all = contents(&db).await;
    assert_eq!(all.len(), 30);
    assert_eq!(
        projects::list(&db, false).await.expect("list").len(),
        30,
        "none archived"
    );
    let names: HashSet<&str> = all.iter().map(|c| c.customer_name.as_str()).collect();
    assert_eq!(names.len(), 30, "names are numbered and distinct");
    for i in 1..=30 {
        let suffix = format!(" #{i}");
        assert!(
            all.iter().any(|c| c.customer_name.ends_with(&suffix)),
            "project {suffix}"
        );
    }
    for c in &all {
        // Every demo project would pass the form's own validation.
        let raw = firstgoal_core::projects::ProjectInput {
            customer_name: c.customer_name.clone(),
            contract_date: c.contract_date.to_string(),
            kickoff_date: c.kickoff_date.to_string(),
            segment: c.segment,
            owner: c.owner.clone(),
        };
        raw.validate().expect("demo data is valid input");
        assert!(c.kickoff_date > c.contract_date);
        assert!(c.contract_date >= d("2024-01-01"));
        assert!(c.contract_date < d("2024-01-01") + Days::new(1000));
        let expected: Vec<_> = Horizon::ALL
            .iter()
            .map(|h| (Some(*h), h.due_date(c.kickoff_date), false))
            .collect();
        assert_eq!(c.milestones, expected, "{}", c.customer_name);
    }
    // The mix is really mixed: Japanese and English names, more than one segment.
    assert!(all.iter().any(|c| !c.customer_name.is_ascii()));
    assert!(all.iter().any(|c| c.customer_name.is_ascii()));
    let segments: HashSet<Segment> = all.iter().map(|c| c.segment).collect();
    assert!(segments.len() > 1);
    db.close().await;
}

#[tokio::test]
async fn the_same_seed_writes_the_same_projects() {
    let (_a_dir, a) = fresh_db().await;
    let (_b_dir, b) = fresh_db().await;
    let (_c_dir, c) = fresh_db().await;
    demo::generate(&a, 30, 7).await.expect("generate a");
    demo::generate(&b, 30, 7).await.expect("generate b");
    demo::generate(&c, 30, 8).await.expect("generate c");

    let first = contents(&a).await;
    assert_eq!(first.len(), 30);
    assert_eq!(first, contents(&b).await);
    assert_ne!(first, contents(&c).await, "another seed gives other data");
    for db in [a, b, c] {
        db.close().await;
    }
}

#[tokio::test]
async fn generate_refuses_a_file_that_already_holds_projects() {
    let (_dir, db) = fresh_db().await;
    demo::generate(&db, 30, 7).await.expect("first generate");
    let before = contents(&db).await;

    let err = demo::generate(&db, 5, 9)
        .await
        .expect_err("second generate");
    assert!(
        matches!(
            err,
            firstgoal_core::CoreError::Refused(firstgoal_core::Refusal::FileNotEmpty)
        ),
        "{err}"
    );
    assert_eq!(count(&db, "projects").await, 30);
    assert_eq!(count(&db, "milestones").await, 90);
    assert_eq!(contents(&db).await, before);
    db.close().await;

    // One real project is enough to refuse.
    let (_dir, db) = fresh_db().await;
    projects::create(&db, &input("Real KK", "2026-04-01", "2026-04-15"))
        .await
        .expect("create");
    let err = demo::generate(&db, 3, 1)
        .await
        .expect_err("generate over real data");
    assert!(matches!(
        err,
        firstgoal_core::CoreError::Refused(firstgoal_core::Refusal::FileNotEmpty)
    ));
    assert_eq!(count(&db, "projects").await, 1);
    assert_eq!(count(&db, "milestones").await, 3);
    db.close().await;
}
