//! The portfolio computed from a snapshot: per-project rows, the figures and the plot series.
//! Pure functions of the snapshot, the query and `today`.

use std::collections::{BTreeMap, HashMap};

use chrono::{Datelike, NaiveDate};

use super::load::Snapshot;
use super::{
    CohortPoint, MilestoneMonth, NextMilestone, Portfolio, PortfolioCharts, PortfolioFigures,
    PortfolioFlag, PortfolioQuery, PortfolioRow, PortfolioSort, TtvBucket,
};
use crate::error::Result;
use crate::facts::{self, MilestoneFact, ProjectFacts};
use crate::milestones::{MilestoneStatus, Timing, timing};
use crate::order::{self, natural};
use crate::risks::RiskCode;
use crate::ttv::{self, TtvDefinition, TtvStart, median, percentile};

/// Per-project results every figure and row is built from.
struct Derived<'a> {
    facts: &'a ProjectFacts,
    ttv: ttv::Ttv,
    /// Days from the TTV start to entering the last stage, if onboarding is complete.
    completion_days: Option<i64>,
}

fn derive(p: &ProjectFacts, definition: TtvDefinition, today: NaiveDate) -> Derived<'_> {
    let achieved = p
        .milestones
        .iter()
        .find(|m| m.horizon == Some(definition.end) && m.status == MilestoneStatus::Achieved)
        .and_then(|m| m.achieved_on);
    let ttv = ttv::for_project(
        definition,
        p.contract_date,
        p.kickoff_date,
        achieved,
        &p.pauses,
        today,
    );
    let start = match definition.start {
        TtvStart::ContractDate => p.contract_date,
        TtvStart::Kickoff => p.kickoff_date,
    };
    let completion_days = p
        .stages
        .last()
        .and_then(|s| s.entered_on)
        .map(|entered| ttv::measure(start, Some(entered), &p.pauses, today).days);
    Derived {
        facts: p,
        ttv,
        completion_days,
    }
}

fn matches(p: &ProjectFacts, q: &PortfolioQuery, month: Option<(i32, u32)>) -> bool {
    let f = &q.filter;
    f.segment.is_none_or(|s| s == p.segment)
        && f.owner.as_deref().is_none_or(|o| o == p.owner)
        && f.member_id.is_none_or(|m| p.member_ids.contains(&m))
        && month.is_none_or(|(y, m)| p.kickoff_date.year() == y && p.kickoff_date.month() == m)
}

fn month_key(d: NaiveDate) -> String {
    format!("{:04}-{:02}", d.year(), d.month())
}

fn sorted(mut values: Vec<f64>) -> Vec<f64> {
    values.sort_by(f64::total_cmp);
    values
}

fn share(part: u32, whole: u32) -> Option<f64> {
    (whole > 0).then(|| f64::from(part) / f64::from(whole))
}

fn figures(set: &[Derived<'_>], today: NaiveDate) -> PortfolioFigures {
    let finished = sorted(
        set.iter()
            .filter(|d| d.ttv.finished)
            .map(|d| d.ttv.days as f64)
            .collect(),
    );
    let with_stages = set.iter().filter(|d| !d.facts.stages.is_empty()).count() as u32;
    let completion = sorted(
        set.iter()
            .filter_map(|d| d.completion_days)
            .map(|v| v as f64)
            .collect(),
    );
    let mut decided = 0;
    let mut on_time = 0;
    for m in set
        .iter()
        .flat_map(|d| d.facts.milestones.iter())
        .filter(|m| m.horizon.is_some())
    {
        let achieved = m.status == MilestoneStatus::Achieved;
        if achieved || m.status == MilestoneStatus::Missed || m.due_date < today {
            decided += 1;
            if achieved && m.achieved_on.is_some_and(|a| a <= m.due_date) {
                on_time += 1;
            }
        }
    }
    PortfolioFigures {
        projects: set.len() as u32,
        ttv_finished: finished.len() as u32,
        ttv_median: median(&finished),
        ttv_p75: percentile(&finished, 0.75),
        ttv_p90: percentile(&finished, 0.9),
        with_stages,
        completed: completion.len() as u32,
        completion_rate: share(completion.len() as u32, with_stages),
        completion_median_days: median(&completion),
        first_goals_decided: decided,
        first_goals_on_time: on_time,
        on_time_share: share(on_time, decided),
    }
}

/// Bars of 7 days, widened in whole weeks so there are at most 15 bars.
fn distribution(set: &[Derived<'_>]) -> Vec<TtvBucket> {
    let finished: Vec<i64> = set
        .iter()
        .filter(|d| d.ttv.finished)
        .map(|d| d.ttv.days)
        .collect();
    let Some(&max) = finished.iter().max() else {
        return Vec::new();
    };
    // The fewest whole weeks per bar that keep the bar count (max / width + 1) at 15 or less.
    let weeks = (max / 7 + 1 + 14) / 15;
    let width = 7 * weeks;
    let mut counts = vec![0u32; (max / width + 1) as usize];
    for days in finished {
        counts[(days / width) as usize] += 1;
    }
    counts
        .into_iter()
        .enumerate()
        .map(|(i, count)| TtvBucket {
            from_days: i as i64 * width,
            to_days: (i as i64 + 1) * width,
            count,
        })
        .collect()
}

fn cohorts(set: &[Derived<'_>]) -> Vec<CohortPoint> {
    let mut by_month: BTreeMap<String, (u32, Vec<f64>)> = BTreeMap::new();
    for d in set {
        let entry = by_month.entry(month_key(d.facts.kickoff_date)).or_default();
        entry.0 += 1;
        if d.ttv.finished {
            entry.1.push(d.ttv.days as f64);
        }
    }
    by_month
        .into_iter()
        .map(|(month, (projects, ttvs))| {
            let ttvs = sorted(ttvs);
            CohortPoint {
                month,
                projects,
                finished: ttvs.len() as u32,
                median_ttv: median(&ttvs),
            }
        })
        .collect()
}

fn milestone_months(set: &[Derived<'_>]) -> Vec<MilestoneMonth> {
    let mut by_month: BTreeMap<String, (u32, u32)> = BTreeMap::new();
    for m in set.iter().flat_map(|d| d.facts.milestones.iter()) {
        by_month.entry(month_key(m.due_date)).or_default().0 += 1;
        if let (MilestoneStatus::Achieved, Some(a)) = (m.status, m.achieved_on) {
            by_month.entry(month_key(a)).or_default().1 += 1;
        }
    }
    by_month
        .into_iter()
        .map(|(month, (due, achieved))| MilestoneMonth {
            month,
            due,
            achieved,
        })
        .collect()
}

fn row(
    d: &Derived<'_>,
    names: &HashMap<i64, &str>,
    risks: Vec<RiskCode>,
    today: NaiveDate,
) -> PortfolioRow {
    let p = d.facts;
    let current = p
        .stages
        .iter()
        .rev()
        .find(|s| s.entered_on.is_some() && s.exited_on.is_none());
    let finished = p.finished();
    let when = |m: &MilestoneFact| timing(m.status, m.due_date, today, finished);
    let next = p
        .milestones
        .iter()
        .filter(|m| when(m) != Timing::Done)
        .min_by_key(|m| m.due_date);
    let mut flags = Vec::new();
    let timings: Vec<Timing> = p.milestones.iter().map(when).collect();
    if timings.contains(&Timing::Overdue) {
        flags.push(PortfolioFlag::OverdueMilestone);
    }
    if timings.contains(&Timing::NeedsDecision) {
        flags.push(PortfolioFlag::NeedsDecision);
    }
    if timings.contains(&Timing::DueSoon) {
        flags.push(PortfolioFlag::DueSoon);
    }
    if p.pauses
        .iter()
        .any(|h| h.start <= today && h.end.is_none_or(|e| e > today))
    {
        flags.push(PortfolioFlag::OnHold);
    }
    PortfolioRow {
        id: p.id,
        customer_name: p.customer_name.clone(),
        segment: p.segment,
        owner: p.owner.clone(),
        kickoff_date: p.kickoff_date,
        team: team_names(&p.member_ids, names),
        stage_name: current.map(|s| s.name.clone()),
        stage_position: current.map(|s| s.position),
        stage_count: p.stages.len() as i64,
        next_milestone: next.map(|m| NextMilestone {
            horizon: m.horizon,
            title: m.title.clone(),
            due_date: m.due_date,
            days_to: (m.due_date - today).num_days(),
            timing: when(m),
        }),
        ttv_days: d.ttv.days,
        ttv_finished: d.ttv.finished,
        flags,
        risks,
    }
}

fn sort_rows(rows: &mut [PortfolioRow], sort: PortfolioSort, descending: bool) {
    // Ids break every tie, so the unstable sort gives the one order there is, and it moves the
    // rows (a few hundred bytes each) in place instead of through a buffer.
    rows.sort_unstable_by(|a, b| {
        let order = match sort {
            PortfolioSort::Customer => natural(&a.customer_name, &b.customer_name),
            PortfolioSort::Segment => a.segment.as_str().cmp(b.segment.as_str()),
            PortfolioSort::Stage => a.stage_position.cmp(&b.stage_position),
            PortfolioSort::NextDue => {
                let key = |r: &PortfolioRow| r.next_milestone.as_ref().map(|m| m.due_date);
                // Projects with nothing left to do go last.
                (key(a).is_none(), key(a)).cmp(&(key(b).is_none(), key(b)))
            }
            PortfolioSort::Ttv => a.ttv_days.cmp(&b.ttv_days),
            PortfolioSort::Kickoff => a.kickoff_date.cmp(&b.kickoff_date),
            PortfolioSort::Flags => {
                (a.flags.len() + a.risks.len()).cmp(&(b.flags.len() + b.risks.len()))
            }
        };
        let order = if descending { order.reverse() } else { order };
        order.then(a.id.cmp(&b.id))
    });
}

/// The portfolio for `query` as of `today`.
pub fn compute(snapshot: &Snapshot, query: &PortfolioQuery, today: NaiveDate) -> Result<Portfolio> {
    let month = query.kickoff_month()?;
    let set: Vec<Derived<'_>> = snapshot
        .projects
        .iter()
        .filter(|p| matches(p, query, month))
        .map(|p| derive(p, snapshot.definition, today))
        .collect();
    let names: HashMap<i64, &str> = snapshot
        .members
        .iter()
        .map(|m| (m.id, m.name.as_str()))
        .collect();
    let needle = query.search.trim().to_lowercase();
    let mut rows: Vec<PortfolioRow> = set
        .iter()
        .filter(|d| {
            needle.is_empty()
                || d.facts.customer_name.to_lowercase().contains(&needle)
                || d.facts.owner.to_lowercase().contains(&needle)
        })
        .map(|d| {
            let risks = snapshot.risks.get(&d.facts.id).map_or_else(Vec::new, |r| {
                facts::codes_on(r, snapshot.untouched_days, today)
            });
            row(d, &names, risks, today)
        })
        .collect();
    if let Some(lang) = query.lang {
        let texts = crate::stages::builtin_texts(lang);
        for name in rows.iter_mut().filter_map(|r| r.stage_name.as_mut()) {
            if let Some(shown) = texts.get(name.as_str()) {
                name.clone_from(shown);
            }
        }
    }
    sort_rows(&mut rows, query.sort, query.descending);
    let mut owners: Vec<String> = snapshot.projects.iter().map(|p| p.owner.clone()).collect();
    order::sort_names(&mut owners);
    owners.dedup();
    owners.retain(|o| !o.is_empty());
    let mut months: Vec<String> = snapshot
        .projects
        .iter()
        .map(|p| month_key(p.kickoff_date))
        .collect();
    months.sort_unstable();
    months.dedup();
    Ok(Portfolio {
        today,
        definition: snapshot.definition,
        total_projects: snapshot.projects.len() as u32,
        figures: figures(&set, today),
        charts: PortfolioCharts {
            ttv_distribution: distribution(&set),
            ttv_by_cohort: cohorts(&set),
            milestones_by_month: milestone_months(&set),
        },
        rows,
        owners,
        members: snapshot.members.clone(),
        kickoff_months: months,
    })
}

/// The names of a project's team in natural order, as the project page lists them: the same in
/// every file (local ids differ between the replicas of a team).
fn team_names(member_ids: &[i64], names: &HashMap<i64, &str>) -> Vec<String> {
    let mut team: Vec<String> = member_ids
        .iter()
        .filter_map(|id| names.get(id).map(|n| (*n).to_owned()))
        .collect();
    order::sort_names(&mut team);
    team
}
