//! The paged project list: the same order and filter as the whole list, search in the core, and
//! risk counts for just the rows of a page.

use firstgoal_core::projects::{self, MAX_PAGE_ROWS, ProjectListPage, ProjectListQuery};
use firstgoal_core::{Db, FieldCode, demo, risks};

use crate::{d, fe, field_errors, fresh_db, input};

fn query(search: &str, offset: u32, limit: u32) -> ProjectListQuery {
    ProjectListQuery {
        include_archived: false,
        search: search.to_owned(),
        offset,
        limit,
    }
}

async fn page(db: &Db, q: &ProjectListQuery) -> ProjectListPage {
    projects::page(db, q).await.expect("page")
}

fn names(page: &ProjectListPage) -> Vec<&str> {
    page.rows.iter().map(|p| p.customer_name.as_str()).collect()
}

#[tokio::test]
async fn pages_follow_the_whole_list_in_order_and_count_every_row() {
    let (_dir, db) = fresh_db().await;
    demo::generate(&db, 57, 3).await.expect("demo");
    let whole = projects::list(&db, false).await.expect("list");
    let mut paged = Vec::new();
    for offset in (0..70).step_by(20) {
        let p = page(&db, &query("", offset, 20)).await;
        assert_eq!(p.total as usize, whole.len());
        assert_eq!(p.offset, offset);
        paged.extend(p.rows);
    }
    assert_eq!(paged, whole);
    assert!(
        page(&db, &query("", 1000, 20)).await.rows.is_empty(),
        "past the end"
    );
    let capped = page(&db, &query("", 0, 10_000)).await;
    assert_eq!(capped.rows.len(), whole.len().min(MAX_PAGE_ROWS as usize));
}

#[tokio::test]
async fn archived_projects_count_only_when_shown() {
    let (_dir, db) = fresh_db().await;
    let kept = projects::create(&db, &input("Kept", "2026-01-01", "2026-01-10"))
        .await
        .expect("create");
    let gone = projects::create(&db, &input("Gone", "2026-01-01", "2026-02-10"))
        .await
        .expect("create");
    projects::set_archived(&db, gone.project.id, gone.project.version, true)
        .await
        .expect("archive");
    let shown = page(&db, &query("", 0, 50)).await;
    assert_eq!((shown.total, names(&shown)), (1, vec!["Kept"]));
    let all = page(
        &db,
        &ProjectListQuery {
            include_archived: true,
            ..query("", 0, 50)
        },
    )
    .await;
    assert_eq!((all.total, names(&all)), (2, vec!["Gone", "Kept"]));
    assert_eq!(all.rows[1].id, kept.project.id);
}

#[tokio::test]
async fn search_matches_customer_or_owner_and_treats_wildcards_as_text() {
    let (_dir, db) = fresh_db().await;
    for (name, owner, kickoff) in [
        ("Contoso 株式会社", "Aiko", "2026-01-01"),
        ("Fabrikam", "Ren", "2026-01-02"),
        ("100% Pure_Water", "Mika", "2026-01-03"),
        ("1000 Pure Water", "Mika", "2026-01-04"),
    ] {
        let mut i = input(name, "2026-01-01", kickoff);
        i.owner = owner.to_owned();
        projects::create(&db, &i).await.expect("create");
    }
    let found = page(&db, &query("  contoso ", 0, 50)).await;
    assert_eq!((found.total, names(&found)), (1, vec!["Contoso 株式会社"]));
    let found = page(&db, &query("株式", 0, 50)).await;
    assert_eq!(names(&found), ["Contoso 株式会社"]);
    let found = page(&db, &query("ren", 0, 50)).await;
    assert_eq!(names(&found), ["Fabrikam"], "owner, any case");
    let found = page(&db, &query("0%", 0, 50)).await;
    assert_eq!(names(&found), ["100% Pure_Water"], "% is literal");
    let found = page(&db, &query("pure_", 0, 50)).await;
    assert_eq!(names(&found), ["100% Pure_Water"], "_ is literal");
    let none = page(&db, &query("Nobody", 0, 50)).await;
    assert_eq!((none.total, none.rows.len()), (0, 0));

    let long = "x".repeat(201);
    let err = field_errors(projects::page(&db, &query(&long, 0, 50)).await);
    assert_eq!(err, [fe("search", FieldCode::TooLong).with_max(200)]);
}

#[tokio::test]
async fn risk_counts_for_a_page_equal_the_whole_file_counts_for_those_rows() {
    let (_dir, db) = fresh_db().await;
    demo::generate(&db, 40, 11).await.expect("demo");
    let today = d("2026-01-01");
    let every = risks::counts_on(&db, false, today).await.expect("counts");
    let rows = page(&db, &query("", 10, 15)).await.rows;
    let mut ids: Vec<i64> = rows.iter().map(|p| p.id).collect();
    ids.push(999_999);
    let some = risks::counts_for_on(&db, &ids, today)
        .await
        .expect("counts for");
    let got: Vec<i64> = some.iter().map(|c| c.project_id).collect();
    assert_eq!(got, ids[..15], "in the order asked, unknown ids left out");
    for c in &some {
        let same = every.iter().find(|e| e.project_id == c.project_id);
        assert_eq!(Some(c), same);
    }
    assert!(
        some.iter().any(|c| c.open > 0),
        "the demo has risky projects"
    );
    assert!(
        risks::counts_for_on(&db, &[], today)
            .await
            .expect("none")
            .is_empty()
    );
}
