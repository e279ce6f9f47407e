//! Risk counts for the project list, loaded with a fixed number of queries whatever the number
//! of projects, and the file setting behind the "not touched for N days" rule.

use std::collections::HashMap;

use chrono::NaiveDate;
use serde::Serialize;
use specta::Type;

use super::{DEFAULT_UNTOUCHED_DAYS, Facts, MAX_UNTOUCHED_DAYS, RiskCode, evaluate};
use crate::db::Db;
use crate::error::Result;
use crate::kickoff::{self, Agreement};
use crate::milestones::Milestone;
use crate::stakeholders::{self, Stakeholder, load_scope};
use crate::validation::Checker;

const UNTOUCHED_DAYS_KEY: &str = "risks.untouched_days";

/// The open risks of one listed project.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct ProjectRiskCount {
    pub project_id: i64,
    pub open: u32,
    pub codes: Vec<RiskCode>,
}

pub async fn untouched_days(db: &Db) -> Result<u32> {
    Ok(crate::file_settings::get(db, UNTOUCHED_DAYS_KEY)
        .await?
        .unwrap_or(DEFAULT_UNTOUCHED_DAYS))
}

/// Sets N of "a key person has not been touched for N days" for the whole file (1–365).
pub async fn set_untouched_days(db: &Db, days: i64) -> Result<u32> {
    let mut check = Checker::new();
    stakeholders::check_score(
        &mut check,
        "untouched_days",
        days,
        i64::from(MAX_UNTOUCHED_DAYS),
    );
    check.finish(|| ())?;
    let days = u32::try_from(days).unwrap_or(DEFAULT_UNTOUCHED_DAYS);
    crate::file_settings::set(db, UNTOUCHED_DAYS_KEY, &days).await?;
    Ok(days)
}

pub async fn counts(db: &Db, include_archived: bool) -> Result<Vec<ProjectRiskCount>> {
    counts_on(db, include_archived, stakeholders::today()).await
}

/// Open risks of every project the list shows (archived ones only when asked), as of `today`.
pub async fn counts_on(
    db: &Db,
    include_archived: bool,
    today: NaiveDate,
) -> Result<Vec<ProjectRiskCount>> {
    let days = untouched_days(db).await?;
    let mut conn = db.pool().acquire().await?;
    let projects: Vec<(i64, NaiveDate)> = sqlx::query_as(
        "SELECT id, kickoff_date FROM projects WHERE ?1 OR archived_at IS NULL ORDER BY id",
    )
    .bind(include_archived)
    .fetch_all(&mut *conn)
    .await?;
    let scope = stakeholders::Scope::Listed { include_archived };

    let mut people: HashMap<i64, Vec<Stakeholder>> = HashMap::new();
    for s in load_scope(&mut conn, scope).await? {
        people.entry(s.project_id).or_default().push(s);
    }
    let mut milestones: HashMap<i64, Vec<Milestone>> = HashMap::new();
    let columns = crate::projects::MILESTONE_COLUMNS
        .split(", ")
        .map(|c| format!("m.{}", c.trim()))
        .collect::<Vec<_>>()
        .join(", ");
    let sql = format!(
        "SELECT {columns} FROM milestones m JOIN projects p ON p.id = m.project_id \
         WHERE ?1 OR p.archived_at IS NULL"
    );
    let rows = sqlx::query(&sql)
        .bind(include_archived)
        .fetch_all(&mut *conn)
        .await?;
    for row in rows {
        let m = crate::projects::milestone_from_row(&row)?;
        milestones.entry(m.project_id).or_default().push(m);
    }
    let purposes = kickoff::load_purposes(&mut conn, scope).await?;
    let mut agreements: HashMap<i64, Vec<Agreement>> = HashMap::new();
    for a in kickoff::load_agreements(&mut conn, scope).await? {
        agreements.entry(a.project_id).or_default().push(a);
    }

    Ok(projects
        .into_iter()
        .map(|(project_id, kickoff)| {
            let risks = evaluate(&Facts {
                kickoff,
                stakeholders: people.get(&project_id).map_or(&[], Vec::as_slice),
                milestones: milestones.get(&project_id).map_or(&[], Vec::as_slice),
                purpose: purposes.get(&project_id).map_or("", String::as_str),
                agreements: agreements.get(&project_id).map_or(&[], Vec::as_slice),
                untouched_days: days,
                today,
            });
            ProjectRiskCount {
                project_id,
                open: u32::try_from(risks.len()).unwrap_or(u32::MAX),
                codes: risks.into_iter().map(|r| r.code).collect(),
            }
        })
        .collect())
}
