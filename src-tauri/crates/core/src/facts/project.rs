//! What the portfolio knows of each project ([`ProjectFacts`]), derived from the data in a handful
//! of queries (not one per project); the cache in [`super::store`] keeps it per project.

use std::collections::HashMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
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
}

/// Derives the facts of the projects in `scope` from their data, by id.
pub(crate) async fn facts_of(
    conn: &mut SqliteConnection,
    scope: Scope<'_>,
) -> Result<Vec<ProjectFacts>> {
    let sql = format!(
        "SELECT id, customer_name, segment, owner, contract_date, kickoff_date \
         FROM projects WHERE {} ORDER BY id",
        scope.condition("id")
    );
    let rows = sqlx::query(&sql)
        .bind(scope.param())
        .fetch_all(&mut *conn)
        .await?;
    let mut projects = Vec::with_capacity(rows.len());
    let mut index = HashMap::with_capacity(rows.len());
    for row in &rows {
        let segment: String = row.try_get("segment")?;
        let id: i64 = row.try_get("id")?;
        index.insert(id, projects.len());
        projects.push(ProjectFacts {
            id,
            customer_name: row.try_get("customer_name")?,
            segment: Segment::parse(&segment).ok_or_else(|| corrupt("segment", &segment))?,
            owner: row.try_get("owner")?,
            contract_date: row.try_get("contract_date")?,
            kickoff_date: row.try_get("kickoff_date")?,
            milestones: Vec::new(),
            stages: Vec::new(),
            pauses: Vec::new(),
            member_ids: Vec::new(),
        });
    }

    let rows = sqlx::query(&format!(
        "SELECT project_id, horizon, title, due_date, status, achieved_on FROM milestones \
             WHERE {} ORDER BY project_id, due_date, id",
        scope.condition("project_id")
    ))
    .bind(scope.param())
    .fetch_all(&mut *conn)
    .await?;
    for row in &rows {
        let Some(&i) = index.get(&row.try_get::<i64, _>("project_id")?) else {
            continue;
        };
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

    let rows = sqlx::query(&format!(
        "SELECT project_id, position, name, entered_on, exited_on FROM project_stages \
             WHERE {} ORDER BY project_id, position",
        scope.condition("project_id")
    ))
    .bind(scope.param())
    .fetch_all(&mut *conn)
    .await?;
    for row in &rows {
        let Some(&i) = index.get(&row.try_get::<i64, _>("project_id")?) else {
            continue;
        };
        projects[i].stages.push(StageFact {
            position: row.try_get("position")?,
            name: row.try_get("name")?,
            entered_on: row.try_get("entered_on")?,
            exited_on: row.try_get("exited_on")?,
        });
    }

    let rows = sqlx::query(&format!(
        "SELECT project_id, start_date, end_date FROM project_holds WHERE {} \
         ORDER BY project_id, start_date, id",
        scope.condition("project_id")
    ))
    .bind(scope.param())
    .fetch_all(&mut *conn)
    .await?;
    for row in &rows {
        let Some(&i) = index.get(&row.try_get::<i64, _>("project_id")?) else {
            continue;
        };
        projects[i].pauses.push(Pause {
            start: row.try_get("start_date")?,
            end: row.try_get("end_date")?,
        });
    }

    let rows = sqlx::query(&format!(
        "SELECT project_id, member_id FROM project_team WHERE {} ORDER BY member_id",
        scope.condition("project_id")
    ))
    .bind(scope.param())
    .fetch_all(&mut *conn)
    .await?;
    for row in &rows {
        let Some(&i) = index.get(&row.try_get::<i64, _>("project_id")?) else {
            continue;
        };
        projects[i].member_ids.push(row.try_get("member_id")?);
    }
    Ok(projects)
}
