//! What the portfolio knows of each project ([`ProjectFacts`]), derived from the data in a handful
//! of queries (not one per project); the cache in [`super::store`] keeps it per project.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use sqlx::sqlite::SqliteRow;
use sqlx::{Row, SqliteConnection};

use crate::db::rows::{Scope, corrupt};
use crate::error::Result;
use crate::milestones::{Horizon, MilestoneStatus};
use crate::projects::Segment;
use crate::ttv::Pause;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MilestoneFact {
    pub horizon: Option<Horizon>,
    pub title: String,
    #[serde(with = "crate::db::rows::day")]
    pub due_date: NaiveDate,
    pub status: MilestoneStatus,
    #[serde(with = "crate::db::rows::day::option")]
    pub achieved_on: Option<NaiveDate>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StageFact {
    pub position: i64,
    pub name: String,
    #[serde(with = "crate::db::rows::day::option")]
    pub entered_on: Option<NaiveDate>,
    #[serde(with = "crate::db::rows::day::option")]
    pub exited_on: Option<NaiveDate>,
}

/// The due date of one of the project's open stage actions ("this week" counts the overdue ones).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActionDueFact {
    #[serde(with = "crate::db::rows::day")]
    pub due_date: NaiveDate,
}

/// One of the project's journeys and when it was last reviewed: its last revision, or its
/// creation if never revised.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct JourneyFact {
    pub id: i64,
    #[serde(with = "chrono::serde::ts_seconds")]
    pub last_reviewed: DateTime<Utc>,
}

/// What the portfolio knows of one project.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProjectFacts {
    pub id: i64,
    pub customer_name: String,
    pub segment: Segment,
    pub owner: String,
    #[serde(with = "crate::db::rows::day")]
    pub contract_date: NaiveDate,
    #[serde(with = "crate::db::rows::day")]
    pub kickoff_date: NaiveDate,
    pub milestones: Vec<MilestoneFact>,
    /// By position.
    pub stages: Vec<StageFact>,
    pub pauses: Vec<Pause>,
    pub member_ids: Vec<i64>,
    /// Open actions with a due date, by due date.
    pub action_dues: Vec<ActionDueFact>,
    /// By id.
    pub journeys: Vec<JourneyFact>,
}

impl ProjectFacts {
    /// Whether the project finished onboarding: it entered its last stage.
    pub fn finished(&self) -> bool {
        self.stages.last().is_some_and(|s| s.entered_on.is_some())
    }
}

/// Derives the facts of the projects in `scope` from their data, by id: one query per table,
/// whatever the number of projects.
pub(crate) async fn facts_of(
    conn: &mut SqliteConnection,
    scope: Scope<'_>,
) -> Result<Vec<ProjectFacts>> {
    let mut projects = load_projects(conn, scope).await?;
    let index: HashMap<i64, usize> = projects
        .iter()
        .enumerate()
        .map(|(i, p)| (p.id, i))
        .collect();

    let sql = "SELECT project_id, horizon, title, due_date, status, achieved_on FROM milestones \
               WHERE {scope} ORDER BY project_id, due_date, id";
    for (i, row) in rows_by_project(conn, scope, sql, &index).await? {
        let horizon: Option<String> = row.try_get("horizon")?;
        let status: String = row.try_get("status")?;
        projects[i].milestones.push(MilestoneFact {
            horizon: horizon.as_deref().and_then(Horizon::parse),
            title: row.try_get("title")?,
            due_date: row.try_get("due_date")?,
            status: MilestoneStatus::parse(&status).ok_or_else(|| corrupt("status", &status))?,
            achieved_on: row.try_get("achieved_on")?,
        });
    }

    let sql = "SELECT project_id, position, name, entered_on, exited_on FROM project_stages \
               WHERE {scope} ORDER BY project_id, position";
    for (i, row) in rows_by_project(conn, scope, sql, &index).await? {
        projects[i].stages.push(StageFact {
            position: row.try_get("position")?,
            name: row.try_get("name")?,
            entered_on: row.try_get("entered_on")?,
            exited_on: row.try_get("exited_on")?,
        });
    }

    let sql = "SELECT project_id, start_date, end_date FROM project_holds WHERE {scope} \
               ORDER BY project_id, start_date, id";
    for (i, row) in rows_by_project(conn, scope, sql, &index).await? {
        projects[i].pauses.push(Pause {
            start: row.try_get("start_date")?,
            end: row.try_get("end_date")?,
        });
    }

    let sql = "SELECT project_id, member_id FROM project_team WHERE {scope} ORDER BY member_id";
    for (i, row) in rows_by_project(conn, scope, sql, &index).await? {
        projects[i].member_ids.push(row.try_get("member_id")?);
    }

    let sql = "SELECT s.project_id, a.due_date FROM stage_actions a \
               JOIN project_stages s ON s.id = a.stage_id \
               WHERE {scope} AND a.done_on IS NULL AND a.due_date IS NOT NULL \
               ORDER BY s.project_id, a.due_date, a.id";
    for (i, row) in rows_by_project(conn, scope, sql, &index).await? {
        projects[i].action_dues.push(ActionDueFact {
            due_date: row.try_get("due_date")?,
        });
    }

    let sql = "SELECT j.project_id, j.id, j.created_at, \
               (SELECT MAX(r.created_at) FROM journey_revisions r WHERE r.journey_id = j.id) AS last \
               FROM journeys j WHERE {scope} ORDER BY j.project_id, j.id";
    for (i, row) in rows_by_project(conn, scope, sql, &index).await? {
        let created: DateTime<Utc> = row.try_get("created_at")?;
        let last: Option<DateTime<Utc>> = row.try_get("last")?;
        projects[i].journeys.push(JourneyFact {
            id: row.try_get("id")?,
            last_reviewed: last.unwrap_or(created),
        });
    }
    Ok(projects)
}

/// The projects of `scope` by id, without their milestones, stages, pauses and team yet.
async fn load_projects(conn: &mut SqliteConnection, scope: Scope<'_>) -> Result<Vec<ProjectFacts>> {
    let sql = format!(
        "SELECT id, customer_name, segment, owner, contract_date, kickoff_date \
         FROM projects WHERE {} ORDER BY id",
        scope.condition("id")
    );
    let rows = sqlx::query(&sql)
        .bind(scope.param())
        .fetch_all(&mut *conn)
        .await?;
    rows.iter()
        .map(|row| {
            let segment: String = row.try_get("segment")?;
            Ok(ProjectFacts {
                id: row.try_get("id")?,
                customer_name: row.try_get("customer_name")?,
                segment: Segment::parse(&segment).ok_or_else(|| corrupt("segment", &segment))?,
                owner: row.try_get("owner")?,
                contract_date: row.try_get("contract_date")?,
                kickoff_date: row.try_get("kickoff_date")?,
                milestones: Vec::new(),
                stages: Vec::new(),
                pauses: Vec::new(),
                member_ids: Vec::new(),
                action_dues: Vec::new(),
                journeys: Vec::new(),
            })
        })
        .collect()
}

/// The rows of `sql` for the projects of `scope` (`{scope}` in `sql` stands for the condition on
/// `project_id`), each with the index of its project in `index`; rows of other projects are left
/// out.
async fn rows_by_project(
    conn: &mut SqliteConnection,
    scope: Scope<'_>,
    sql: &str,
    index: &HashMap<i64, usize>,
) -> Result<Vec<(usize, SqliteRow)>> {
    let sql = sql.replace("{scope}", &scope.condition("project_id"));
    let rows = sqlx::query(&sql)
        .bind(scope.param())
        .fetch_all(&mut *conn)
        .await?;
    let mut found = Vec::with_capacity(rows.len());
    for row in rows {
        if let Some(&i) = index.get(&row.try_get::<i64, _>("project_id")?) {
            found.push((i, row));
        }
    }
    Ok(found)
}
