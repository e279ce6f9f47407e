//! The facts cache (`project_facts_cache`): what the portfolio and the risk flags read through it
//! is always what the data says — after any change by any writer — and a file that cannot be
//! written still gets correct figures.

use chrono::NaiveDate;
use firstgoal_core::portfolio::{self, Portfolio, PortfolioQuery};
use firstgoal_core::risks::{self, ProjectRiskCount, RiskCode};
use firstgoal_core::{Db, demo, stakeholders};

use crate::{d, db_path, fresh_db};

const TODAY: &str = "2026-01-01";

/// Everything read through the cache, as of `today`.
async fn read(
    db: &Db,
    today: NaiveDate,
) -> (Portfolio, Vec<ProjectRiskCount>, Vec<ProjectRiskCount>) {
    (
        portfolio::get(db, &PortfolioQuery::default(), today)
            .await
            .expect("portfolio"),
        risks::counts_on(db, false, today).await.expect("counts"),
        risks::counts_on(db, true, today)
            .await
            .expect("counts with archived"),
    )
}

async fn cached_rows(db: &Db) -> i64 {
    sqlx::query_scalar("SELECT COUNT(*) FROM project_facts_cache")
        .fetch_one(db.pool())
        .await
        .expect("count")
}

/// Reads through the cache, then again with the cache emptied (everything derived from the data):
/// both must agree. Returns the reading.
async fn assert_fresh(
    db: &Db,
    what: &str,
) -> (Portfolio, Vec<ProjectRiskCount>, Vec<ProjectRiskCount>) {
    let today = d(TODAY);
    let cached = read(db, today).await;
    sqlx::query("DELETE FROM project_facts_cache")
        .execute(db.pool())
        .await
        .expect("empty the cache");
    let derived = read(db, today).await;
    // Not assert_eq!: the whole portfolio would be printed.
    assert!(
        cached.0 == derived.0,
        "portfolio read through the cache is stale after {what}"
    );
    assert!(
        cached.1 == derived.1,
        "risk counts read through the cache are stale after {what}"
    );
    assert!(
        cached.2 == derived.2,
        "risk counts (with archived) are stale after {what}"
    );
    assert!(cached_rows(db).await > 0, "the cache is filled again");
    derived
}

async fn sql(db: &Db, statement: &str) {
    sqlx::query(statement)
        .execute(db.pool())
        .await
        .unwrap_or_else(|e| panic!("{statement}: {e}"));
}

#[tokio::test]
async fn every_change_to_what_the_figures_read_refreshes_the_cache() {
    let (_dir, db) = fresh_db().await;
    demo::generate(&db, 24, 7).await.expect("demo");
    // Project 8 starts without heat history, project 9 with an active key person last touched
    // before the touchpoint below, project 10 without a purpose, so the changes below show
    // whatever the generated data.
    for setup in [
        "DELETE FROM heat_entries WHERE stakeholder_id IN \
         (SELECT id FROM stakeholders WHERE project_id = 8)",
        "UPDATE stakeholders SET key_person = 1, status = 'active', status_date = NULL \
         WHERE id = (SELECT MIN(id) FROM stakeholders WHERE project_id = 9)",
        "UPDATE touchpoints SET touched_on = '2025-06-01' WHERE project_id = 9",
        "DELETE FROM purpose_agreements WHERE project_id = 10",
        "DELETE FROM adoption_purposes WHERE project_id = 10",
    ] {
        sql(&db, setup).await;
    }
    let mut before = assert_fresh(&db, "generating").await;
    // Each change goes around the core on purpose: the triggers must catch any writer. Each
    // must change what is read, or a missing trigger would go unnoticed.
    let changes = [
        "UPDATE milestones SET status = 'achieved', achieved_on = '2025-03-01' \
         WHERE id = (SELECT MIN(id) FROM milestones WHERE status <> 'achieved' AND horizon = 'one_month')",
        "UPDATE milestones SET criterion = '' WHERE id = (SELECT MIN(id) FROM milestones WHERE criterion <> '')",
        "DELETE FROM milestones WHERE id = (SELECT MAX(id) FROM milestones)",
        "UPDATE project_stages SET entered_on = '2025-02-01' \
         WHERE id = (SELECT MIN(id) FROM project_stages WHERE entered_on IS NULL)",
        "DELETE FROM project_stages WHERE id = (SELECT MAX(id) FROM project_stages)",
        "INSERT INTO project_holds (project_id, start_date, end_date) VALUES (2, '2025-01-01', NULL)",
        "DELETE FROM project_holds WHERE project_id = 2",
        "INSERT INTO project_team (project_id, member_id) \
         SELECT 3, id FROM team_members WHERE id NOT IN (SELECT member_id FROM project_team WHERE project_id = 3) LIMIT 1",
        "UPDATE stakeholders SET roles = '[]' WHERE project_id = 4",
        "UPDATE stakeholders SET key_person = 0 WHERE project_id = 5",
        "UPDATE stakeholders SET status = 'left_company', status_date = '2025-06-01' \
         WHERE id = (SELECT MIN(id) FROM stakeholders WHERE project_id = 6 AND key_person = 1)",
        "DELETE FROM stakeholders WHERE project_id = 7",
        "INSERT INTO heat_entries (stakeholder_id, recorded_on, heat) \
         SELECT id, day, heat FROM stakeholders CROSS JOIN \
         (SELECT '2025-12-29' AS day, 5 AS heat UNION ALL SELECT '2025-12-30', 3 \
          UNION ALL SELECT '2025-12-31', 1) WHERE project_id = 8 AND status = 'active'",
        "INSERT INTO touchpoint_participants (touchpoint_id, stakeholder_id) \
         SELECT 900001, id FROM stakeholders WHERE project_id = 9",
        "UPDATE touchpoints SET touched_on = '2025-01-02' WHERE id = 900001",
        "INSERT INTO adoption_purposes (project_id, purpose) VALUES (10, 'Cut the time to value')",
        "INSERT INTO purpose_agreements (project_id, stakeholder_id, agreed_on) \
         SELECT 10, id, '2025-12-01' FROM stakeholders \
         WHERE project_id = 10 AND roles LIKE '%decision_maker%'",
        "DELETE FROM purpose_agreements WHERE project_id = 10",
        "UPDATE adoption_purposes SET purpose = '' WHERE project_id = 10",
        "UPDATE projects SET kickoff_date = '2025-01-05', contract_date = '2024-12-01' WHERE id = 12",
        "UPDATE projects SET customer_name = 'Renamed K.K.' WHERE id = 13",
        "UPDATE projects SET archived_at = '2025-12-01T00:00:00Z' WHERE id = 14",
        "DELETE FROM projects WHERE id = 15",
        "INSERT INTO projects (customer_name, contract_date, kickoff_date, segment, owner, \
         created_at, updated_at, version) VALUES ('New K.K.', '2025-11-01', '2025-11-15', \
         'high_touch', 'Alex Morgan', '2025-11-01T00:00:00Z', '2025-11-01T00:00:00Z', 1)",
    ];
    // A touchpoint alone changes nothing until someone took part in it.
    sql(
        &db,
        "INSERT INTO touchpoints (id, project_id, kind, touched_on) \
         VALUES (900001, 9, 'call', '2025-12-31')",
    )
    .await;
    for change in changes {
        sql(&db, change).await;
        let after = assert_fresh(&db, change).await;
        assert!(
            before != after,
            "this change must show in the figures: {change}"
        );
        before = after;
    }
}

#[tokio::test]
async fn list_risk_counts_are_the_rules_of_each_project_on_any_day() {
    let (_dir, db) = fresh_db().await;
    demo::generate(&db, 16, 3).await.expect("demo");
    for (days, today) in [
        (14, "2025-06-01"),
        (14, TODAY),
        (3, TODAY),
        (365, "2026-12-31"),
    ] {
        risks::set_untouched_days(&db, days).await.expect("setting");
        let counts = risks::counts_on(&db, true, d(today)).await.expect("counts");
        assert_eq!(counts.len(), 16);
        for count in counts {
            let board = stakeholders::board_on(&db, count.project_id, d(today))
                .await
                .expect("board");
            let rules: Vec<RiskCode> = board.risks.iter().map(|r| r.code).collect();
            assert_eq!(
                count.codes, rules,
                "project {} on {today}",
                count.project_id
            );
            assert_eq!(count.open as usize, rules.len());
        }
    }
}

#[tokio::test]
async fn a_file_that_cannot_be_written_still_gets_correct_figures() {
    let (dir, db) = fresh_db().await;
    demo::generate(&db, 12, 5).await.expect("demo");
    let expected = read(&db, d(TODAY)).await;
    sql(&db, "DELETE FROM project_facts_cache").await;
    db.close().await;
    let path = db_path(&dir);
    let bytes = std::fs::read(&path).expect("read the file");

    let read_only = Db::open_read_only(&path).await.expect("open read-only");
    assert_eq!(read(&read_only, d(TODAY)).await, expected);
    read_only.close().await;
    assert_eq!(
        std::fs::read(&path).expect("read the file"),
        bytes,
        "nothing written"
    );
}
