//! Risk counts for the project list: the day-independent risks from the facts cache, "a key
//! person not touched for N days" judged on the day asked.

use chrono::NaiveDate;
use serde::Serialize;
use specta::Type;

use super::RiskRow;
use crate::db::Db;
use crate::error::Result;
use crate::risks::{RiskCode, untouched_days, untouched_too_long};

/// The open risks of one listed project.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct ProjectRiskCount {
    pub project_id: i64,
    pub open: u32,
    pub codes: Vec<RiskCode>,
}

pub async fn counts(db: &Db, include_archived: bool) -> Result<Vec<ProjectRiskCount>> {
    counts_on(db, include_archived, crate::today()).await
}

/// Open risks of every project the list shows (archived ones only when asked), as of `today`:
/// the day-independent risks come from the facts cache, "not touched for N days" is judged now.
pub async fn counts_on(
    db: &Db,
    include_archived: bool,
    today: NaiveDate,
) -> Result<Vec<ProjectRiskCount>> {
    let days = untouched_days(db).await?;
    let rows = super::risk_rows(db, include_archived).await?;
    Ok(rows.iter().map(|row| count(row, days, today)).collect())
}

/// Most projects one call of [`counts_for`] may ask about (a page of the list).
pub const MAX_IDS: usize = crate::projects::MAX_PAGE_ROWS as usize;

pub async fn counts_for(db: &Db, project_ids: &[i64]) -> Result<Vec<ProjectRiskCount>> {
    counts_for_on(db, project_ids, crate::today()).await
}

/// Open risks of each of `project_ids` (the first [`MAX_IDS`]) as of `today`, in the order
/// asked; ids of projects that do not exist are left out.
pub async fn counts_for_on(
    db: &Db,
    project_ids: &[i64],
    today: NaiveDate,
) -> Result<Vec<ProjectRiskCount>> {
    let days = untouched_days(db).await?;
    let ids = &project_ids[..project_ids.len().min(MAX_IDS)];
    let rows = super::risk_rows_for(db, ids).await?;
    Ok(rows.iter().map(|row| count(row, days, today)).collect())
}

/// The open risk codes of one project as of `today`, in [`RiskCode::ALL`] order, with N = `days`
/// for "not touched for N days": what the project list, the portfolio and "this week" all use.
pub fn codes_on(row: &RiskRow, days: u32, today: NaiveDate) -> Vec<RiskCode> {
    let untouched = row
        .untouched_since
        .is_some_and(|since| untouched_too_long(since, days, today));
    RiskCode::ALL
        .into_iter()
        .filter(|code| match code {
            RiskCode::KeyPersonUntouched => untouched,
            _ => row.standing & code.bit() != 0,
        })
        .collect()
}

fn count(row: &RiskRow, days: u32, today: NaiveDate) -> ProjectRiskCount {
    let codes = codes_on(row, days, today);
    ProjectRiskCount {
        project_id: row.project_id,
        open: u32::try_from(codes.len()).unwrap_or(u32::MAX),
        codes,
    }
}
