//! Milestone horizons, their due dates in calendar months, and the three milestones of a new project.

use firstgoal_core::FieldCode;
use firstgoal_core::milestones::{self, Horizon};
use firstgoal_core::projects;

use crate::{count, d, fresh_db, input};

#[test]
fn horizons_are_one_month_three_months_and_one_year() {
    assert_eq!(
        Horizon::ALL,
        [Horizon::OneMonth, Horizon::ThreeMonths, Horizon::OneYear]
    );
    let months: Vec<u32> = Horizon::ALL.iter().map(|h| h.months()).collect();
    assert_eq!(months, [1, 3, 12]);
    let names: Vec<&str> = Horizon::ALL.iter().map(|h| h.as_str()).collect();
    assert_eq!(names, ["one_month", "three_months", "one_year"]);
    for h in Horizon::ALL {
        assert_eq!(Horizon::parse(h.as_str()), Some(h));
    }
    assert_eq!(Horizon::parse("two_weeks"), None);
    assert_eq!(Horizon::parse("One_Month"), None);
}

#[test]
fn due_dates_add_calendar_months_and_clamp_to_the_month_end() {
    let cases = [
        (Horizon::OneMonth, "2025-01-31", "2025-02-28"),
        (Horizon::OneMonth, "2024-01-31", "2024-02-29"),
        (Horizon::ThreeMonths, "2024-11-30", "2025-02-28"),
        (Horizon::OneYear, "2024-02-29", "2025-02-28"),
        (Horizon::OneMonth, "2026-04-15", "2026-05-15"),
        (Horizon::ThreeMonths, "2026-04-15", "2026-07-15"),
        (Horizon::OneYear, "2026-04-15", "2027-04-15"),
        (Horizon::OneMonth, "2025-12-15", "2026-01-15"),
        (Horizon::ThreeMonths, "2025-03-31", "2025-06-30"),
        (Horizon::OneYear, "2200-12-31", "2201-12-31"),
    ];
    for (horizon, kickoff, due) in cases {
        assert_eq!(
            horizon.due_date(d(kickoff)),
            d(due),
            "{horizon:?} from {kickoff}"
        );
    }
}

#[tokio::test]
async fn create_makes_exactly_three_milestones_in_horizon_order() {
    let (_dir, db) = fresh_db().await;
    let other = projects::create(&db, &input("Other KK", "2025-01-01", "2025-01-31"))
        .await
        .expect("create other");
    let created = projects::create(&db, &input("Milestone KK", "2026-04-01", "2026-04-15"))
        .await
        .expect("create");
    let id = created.project.id;

    let horizons: Vec<Horizon> = created
        .milestones
        .iter()
        .filter_map(|m| m.horizon)
        .collect();
    assert_eq!(horizons, Horizon::ALL);
    let dates: Vec<_> = created.milestones.iter().map(|m| m.due_date).collect();
    assert_eq!(dates, [d("2026-05-15"), d("2026-07-15"), d("2027-04-15")]);
    assert!(
        created
            .milestones
            .iter()
            .all(|m| m.project_id == id && !m.due_date_manual)
    );
    let mut ids: Vec<i64> = created.milestones.iter().map(|m| m.id).collect();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), 3, "three distinct milestones");

    // What get() reads back is what create() returned, and the rows really are in the file.
    assert_eq!(projects::get(&db, id).await.expect("get"), created);
    let rows: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM milestones WHERE project_id = ?1")
        .bind(id)
        .fetch_one(db.pool())
        .await
        .expect("count");
    assert_eq!(rows, 3);
    assert_eq!(count(&db, "milestones").await, 6);

    // Month-end kickoff of the other project.
    let other_dates: Vec<_> = other.milestones.iter().map(|m| m.due_date).collect();
    assert_eq!(
        other_dates,
        [d("2025-02-28"), d("2025-04-30"), d("2026-01-31")]
    );
    db.close().await;
}

#[tokio::test]
async fn milestones_stay_in_horizon_order_whatever_their_dates() {
    let (_dir, db) = fresh_db().await;
    let created = projects::create(&db, &input("Order KK", "2026-04-01", "2026-04-15"))
        .await
        .expect("create");
    // Move the one-month goal after the one-year goal by hand.
    let one_month = created.milestones[0].id;
    let detail = firstgoal_core::milestones::override_due_date(
        &db,
        one_month,
        1,
        "2030-01-01",
        "customer asked",
    )
    .await
    .expect("set by hand");
    let horizons: Vec<Horizon> = detail.milestones.iter().filter_map(|m| m.horizon).collect();
    assert_eq!(horizons, Horizon::ALL);
    assert_eq!(detail.milestones[0].due_date, d("2030-01-01"));
    db.close().await;
}

#[tokio::test]
async fn goal_and_criterion_are_saved_trimmed_and_bounded() {
    let (_dir, db) = fresh_db().await;
    let created = projects::create(&db, &input("Goal KK", "2026-01-05", "2026-01-20"))
        .await
        .expect("create");
    let month = created.milestones[0].id;
    let saved = milestones::set_goal(
        &db,
        month,
        1,
        "  営業チームが案件を登録している  ",
        "<b>10</b> deals logged",
    )
    .await
    .expect("set goal");
    assert_eq!(saved.project.version, 2);
    assert_eq!(saved.milestones[0].goal, "営業チームが案件を登録している");
    assert_eq!(saved.milestones[0].criterion, "<b>10</b> deals logged");
    assert!(saved.milestones[1].goal.is_empty());

    // Too long: refused, nothing changed.
    let long = "あ".repeat(2001);
    let errors = crate::field_errors(milestones::set_goal(&db, month, 2, &long, "").await);
    assert_eq!(
        errors,
        vec![firstgoal_core::FieldError::new("goal", FieldCode::TooLong).with_max(2000)]
    );
    // Stale version: conflict, nothing changed.
    let stale = milestones::set_goal(&db, month, 1, "x", "y").await;
    assert!(matches!(
        stale,
        Err(firstgoal_core::CoreError::Conflict {
            current_version: 2,
            ..
        })
    ));
    let now = projects::get(&db, created.project.id).await.expect("get");
    assert_eq!(now.milestones[0].criterion, "<b>10</b> deals logged");
    assert_eq!(now.project.version, 2);
}
