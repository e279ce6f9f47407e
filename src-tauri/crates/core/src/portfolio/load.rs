//! What the portfolio knows of each project, derived from the data in a handful of queries (not
//! one per project) and kept per project in the facts cache ([`crate::facts`]), so the portfolio
//! of a 10,000-project file is computed in memory from one row per project.

use crate::db::Db;
use crate::error::Result;
use crate::facts::{self, ProjectFacts};
use crate::team::{self, TeamMember};
use crate::ttv::{self, TtvDefinition};

/// The whole file as the portfolio sees it.
#[derive(Debug, Clone)]
pub struct Snapshot {
    pub definition: TtvDefinition,
    pub projects: Vec<ProjectFacts>,
    pub members: Vec<TeamMember>,
}

/// Reads the projects that are not archived, with their milestones, stages, holds and team.
pub async fn load(db: &Db) -> Result<Snapshot> {
    let definition = ttv::definition(db).await?;
    let members = team::list(db).await?;
    let projects = facts::portfolio_facts(db).await?;
    Ok(Snapshot {
        definition,
        projects,
        members,
    })
}
