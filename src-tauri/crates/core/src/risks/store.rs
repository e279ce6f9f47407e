//! Risk counts for the project list (from the facts cache, see [`crate::facts`]), what the cache
//! keeps of each project's risks, and the file setting behind the "not touched for N days" rule.

use std::collections::HashMap;

use chrono::NaiveDate;
use serde::Serialize;
use specta::Type;

use sqlx::SqliteConnection;

use super::{
    DEFAULT_UNTOUCHED_DAYS, Facts, MAX_UNTOUCHED_DAYS, RiskCode, evaluate, untouched_since,
};
use crate::db::Db;
use crate::error::Result;
use crate::kickoff::{self, Agreement};
use crate::milestones::Milestone;
use crate::stakeholders::{self, Scope, Stakeholder, load_scope};
use crate::validation::Checker;

pub(crate) const UNTOUCHED_DAYS_KEY: &str = "risks.untouched_days";

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
    let rows = crate::facts::risk_rows(db, include_archived).await?;
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
    let rows = crate::facts::risk_rows_for(db, ids).await?;
    Ok(rows.iter().map(|row| count(row, days, today)).collect())
}

fn count(row: &crate::facts::RiskRow, days: u32, today: NaiveDate) -> ProjectRiskCount {
    let untouched = row
        .untouched_since
        .is_some_and(|since| (today - since).num_days() > i64::from(days));
    let codes: Vec<RiskCode> = RiskCode::ALL
        .into_iter()
        .filter(|code| match code {
            RiskCode::KeyPersonUntouched => untouched,
            _ => row.standing & code.bit() != 0,
        })
        .collect();
    ProjectRiskCount {
        project_id: row.project_id,
        open: u32::try_from(codes.len()).unwrap_or(u32::MAX),
        codes,
    }
}

/// The day-independent risks (as bits) and the oldest key-person touch of every project in
/// `scope`, for the facts cache. A fixed number of queries whatever the number of projects.
pub(crate) async fn standing_of(
    conn: &mut SqliteConnection,
    scope: Scope<'_>,
) -> Result<HashMap<i64, (u16, Option<NaiveDate>)>> {
    let projects: Vec<(i64, NaiveDate)> = sqlx::query_as(&format!(
        "SELECT id, kickoff_date FROM projects WHERE {} ORDER BY id",
        scope.condition("id")
    ))
    .bind(scope.param())
    .fetch_all(&mut *conn)
    .await?;

    let mut people: HashMap<i64, Vec<Stakeholder>> = HashMap::new();
    for s in load_scope(&mut *conn, scope).await? {
        people.entry(s.project_id).or_default().push(s);
    }
    let mut milestones: HashMap<i64, Vec<Milestone>> = HashMap::new();
    let sql = format!(
        "SELECT {} FROM milestones WHERE {}",
        crate::projects::MILESTONE_COLUMNS,
        scope.condition("project_id")
    );
    let rows = sqlx::query(&sql)
        .bind(scope.param())
        .fetch_all(&mut *conn)
        .await?;
    for row in rows {
        let m = crate::projects::milestone_from_row(&row)?;
        milestones.entry(m.project_id).or_default().push(m);
    }
    let purposes = kickoff::load_purposes(&mut *conn, scope).await?;
    let mut agreements: HashMap<i64, Vec<Agreement>> = HashMap::new();
    for a in kickoff::load_agreements(&mut *conn, scope).await? {
        agreements.entry(a.project_id).or_default().push(a);
    }

    Ok(projects
        .into_iter()
        .map(|(project_id, kickoff)| {
            let facts = Facts {
                kickoff,
                stakeholders: people.get(&project_id).map_or(&[], Vec::as_slice),
                milestones: milestones.get(&project_id).map_or(&[], Vec::as_slice),
                purpose: purposes.get(&project_id).map_or("", String::as_str),
                agreements: agreements.get(&project_id).map_or(&[], Vec::as_slice),
                // The day-dependent rule is judged at read time from `untouched_since`.
                untouched_days: u32::MAX,
                today: kickoff,
            };
            let standing = evaluate(&facts)
                .iter()
                .filter(|r| r.code != RiskCode::KeyPersonUntouched)
                .fold(0, |bits, r| bits | r.code.bit());
            (project_id, (standing, untouched_since(&facts)))
        })
        .collect())
}
