//! What the facts cache keeps of each project's risks: the rules that do not depend on the day,
//! evaluated over the project's stakeholders, milestones, purpose and agreements.

use std::collections::HashMap;

use chrono::NaiveDate;
use sqlx::SqliteConnection;

use crate::db::rows::Scope;
use crate::error::Result;
use crate::kickoff::{self, Agreement};
use crate::milestones::Milestone;
use crate::risks::{Facts, RiskCode, evaluate, untouched_since};
use crate::stakeholders::{Stakeholder, load_scope};

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
