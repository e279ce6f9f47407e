//! What the portfolio knows of each project, derived from the data in a handful of queries (not
//! one per project) and kept per project in the facts cache ([`crate::facts`]), so the portfolio
//! of a 10,000-project file is computed in memory from one row per project.

use std::collections::HashMap;

use crate::db::Db;
use crate::error::Result;
use crate::facts::{self, ProjectFacts, RiskRow};
use crate::team::{self, TeamMember};
use crate::ttv::{self, TtvDefinition};

/// The whole file as the portfolio sees it.
#[derive(Debug, Clone)]
pub struct Snapshot {
    pub definition: TtvDefinition,
    pub projects: Vec<ProjectFacts>,
    pub members: Vec<TeamMember>,
    /// What the risk rules found of each project, by id, judged on the day asked.
    pub risks: HashMap<i64, RiskRow>,
    /// N of "a key person has not been touched for N days".
    pub untouched_days: u32,
}

/// Reads the projects that are not archived, with their milestones, stages, holds, team and risks.
pub async fn load(db: &Db) -> Result<Snapshot> {
    let definition = ttv::definition(db).await?;
    let members = team::list(db).await?;
    let projects = facts::portfolio_facts(db).await?;
    let risks = facts::risk_rows(db, false)
        .await?
        .into_iter()
        .map(|row| (row.project_id, row))
        .collect();
    Ok(Snapshot {
        definition,
        projects,
        members,
        risks,
        untouched_days: crate::risks::untouched_days(db).await?,
    })
}
