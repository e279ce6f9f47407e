//! Risk counts for the rows the project list shows: the same rules as [`super::counts_on`], but
//! only for the given projects, so a page of the list costs the same on a 10,000-project file as
//! on a small one.

use chrono::NaiveDate;

use super::{Facts, ProjectRiskCount, evaluate, untouched_days};
use crate::db::Db;
use crate::error::{CoreError, Result};
use crate::kickoff;
use crate::stakeholders::{self, Scope, load_scope};

/// Most projects one call may ask about (a page of the list).
pub const MAX_IDS: usize = crate::projects::MAX_PAGE_ROWS as usize;

pub async fn counts_for(db: &Db, project_ids: &[i64]) -> Result<Vec<ProjectRiskCount>> {
    counts_for_on(db, project_ids, stakeholders::today()).await
}

/// Open risks of each of `project_ids` (at most [`MAX_IDS`]) as of `today`, in the order asked;
/// ids of projects that do not exist are left out. A handful of indexed queries per project, all
/// on one connection inside one read transaction.
pub async fn counts_for_on(
    db: &Db,
    project_ids: &[i64],
    today: NaiveDate,
) -> Result<Vec<ProjectRiskCount>> {
    let days = untouched_days(db).await?;
    let mut tx = db.pool().begin().await?;
    let mut out = Vec::with_capacity(project_ids.len().min(MAX_IDS));
    for &project_id in project_ids.iter().take(MAX_IDS) {
        let detail = match crate::projects::load_detail(&mut tx, project_id).await {
            Ok(detail) => detail,
            Err(CoreError::NotFound { .. }) => continue,
            Err(e) => return Err(e),
        };
        let scope = Scope::Project(project_id);
        let people = load_scope(&mut tx, scope).await?;
        let purposes = kickoff::load_purposes(&mut tx, scope).await?;
        let agreements = kickoff::load_agreements(&mut tx, scope).await?;
        let risks = evaluate(&Facts {
            kickoff: detail.project.kickoff_date,
            stakeholders: &people,
            milestones: &detail.milestones,
            purpose: purposes.get(&project_id).map_or("", String::as_str),
            agreements: &agreements,
            untouched_days: days,
            today,
        });
        out.push(ProjectRiskCount {
            project_id,
            open: u32::try_from(risks.len()).unwrap_or(u32::MAX),
            codes: risks.into_iter().map(|r| r.code).collect(),
        });
    }
    tx.commit().await?;
    Ok(out)
}
