//! Natural order of names: numbers as numbers, case ignored, in the core's sorted lists.

use firstgoal_core::order::{natural, sort_names};
use firstgoal_core::portfolio::{self, PortfolioQuery, PortfolioSort};
use firstgoal_core::projects::{self, ProjectInput};

use crate::{d, fresh_db, input};

#[test]
fn names_with_numbers_sort_as_people_read_them() {
    let mut names: Vec<String> = [
        "Acme #109",
        "acme #22",
        "Acme #3",
        "Beta 10",
        "beta 9",
        "株式会社 #2",
    ]
    .map(String::from)
    .to_vec();
    sort_names(&mut names);
    assert_eq!(
        names,
        [
            "Acme #3",
            "acme #22",
            "Acme #109",
            "beta 9",
            "Beta 10",
            "株式会社 #2"
        ]
    );
    assert!(natural("v1.9", "v1.10").is_lt());
}

#[tokio::test]
async fn the_portfolio_sorts_customers_and_owners_naturally() {
    let (_dir, db) = fresh_db().await;
    for (name, owner) in [
        ("Northwind #109", "Owner 10"),
        ("Northwind #22", "Owner 2"),
        ("northwind #3", "owner 1"),
    ] {
        let form = ProjectInput {
            owner: owner.to_owned(),
            ..input(name, "2026-01-05", "2026-01-12")
        };
        projects::create(&db, &form).await.expect("create");
    }
    let mut query = PortfolioQuery {
        sort: PortfolioSort::Customer,
        ..PortfolioQuery::default()
    };
    let p = portfolio::get(&db, &query, d("2026-02-01"))
        .await
        .expect("portfolio");
    let names: Vec<&str> = p.rows.iter().map(|r| r.customer_name.as_str()).collect();
    assert_eq!(names, ["northwind #3", "Northwind #22", "Northwind #109"]);
    assert_eq!(p.owners, ["owner 1", "Owner 2", "Owner 10"]);

    query.descending = true;
    let p = portfolio::get(&db, &query, d("2026-02-01"))
        .await
        .expect("portfolio");
    let names: Vec<&str> = p.rows.iter().map(|r| r.customer_name.as_str()).collect();
    assert_eq!(names, ["Northwind #109", "Northwind #22", "northwind #3"]);
    db.close().await;
}
