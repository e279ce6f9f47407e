//! The names of the people behind the stakeholder items that are listed: the risk rules
//! ([`crate::risks::evaluate`]) run again over those projects' stakeholders, so the names are
//! the ones the people page flags.

use std::collections::HashMap;

use chrono::NaiveDate;

use super::{WeekItem, WeekKind};
use crate::db::Db;
use crate::db::rows::Scope;
use crate::error::Result;
use crate::risks::{Facts, RiskCode, evaluate};
use crate::stakeholders::{Stakeholder, load_scope};

fn code_of(kind: WeekKind) -> Option<RiskCode> {
    match kind {
        WeekKind::DecisionMakerAbsent => Some(RiskCode::DecisionMakerAbsent),
        WeekKind::KeyPersonUntouched => Some(RiskCode::KeyPersonUntouched),
        WeekKind::HeatFalling => Some(RiskCode::HeatFalling),
        _ => None,
    }
}

/// Fills `names` of the stakeholder items in `items` (one query for all their projects).
pub(super) async fn fill(
    db: &Db,
    items: &mut [WeekItem],
    kickoffs: &HashMap<i64, NaiveDate>,
    untouched_days: u32,
    today: NaiveDate,
) -> Result<()> {
    let mut ids: Vec<i64> = items
        .iter()
        .filter(|i| code_of(i.kind).is_some())
        .map(|i| i.project_id)
        .collect();
    ids.sort_unstable();
    ids.dedup();
    if ids.is_empty() {
        return Ok(());
    }
    let mut conn = db.pool().acquire().await?;
    let mut people: HashMap<i64, Vec<Stakeholder>> = HashMap::new();
    for s in load_scope(&mut conn, Scope::Projects(&ids)).await? {
        people.entry(s.project_id).or_default().push(s);
    }
    drop(conn);
    for item in items.iter_mut() {
        let (Some(code), Some(kickoff)) = (code_of(item.kind), kickoffs.get(&item.project_id))
        else {
            continue;
        };
        let facts = Facts {
            kickoff: *kickoff,
            stakeholders: people.get(&item.project_id).map_or(&[], Vec::as_slice),
            milestones: &[],
            purpose: "",
            agreements: &[],
            untouched_days,
            today,
        };
        if let Some(risk) = evaluate(&facts).into_iter().find(|r| r.code == code) {
            item.names = risk.names;
        }
    }
    Ok(())
}
