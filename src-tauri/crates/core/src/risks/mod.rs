//! Risk rules of a project's stakeholder picture: each rule has a stable code the UI explains
//! (what is wrong, why it matters, what to do) in both languages. The rules are pure functions of
//! the loaded facts. `store.rs` keeps the file setting of the untouched rule; the facts cache
//! ([`crate::facts`]) evaluates the rules for many projects at once.

mod store;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use specta::Type;

use crate::kickoff::Agreement;
use crate::milestones::{Horizon, Milestone};
use crate::stakeholders::{ProjectRole, Stakeholder};

/// The risk counts of the project list, where callers of risks look for them.
pub use crate::facts::{MAX_IDS, ProjectRiskCount, counts, counts_for, counts_for_on, counts_on};
pub(crate) use store::UNTOUCHED_DAYS_KEY;
pub use store::{set_untouched_days, untouched_days};

/// Default for "a key person has not been touched for N days".
pub const DEFAULT_UNTOUCHED_DAYS: u32 = 14;
/// Largest accepted N.
pub const MAX_UNTOUCHED_DAYS: u32 = 365;
/// How many of the latest heat entries the "heat falling" rule looks at.
pub const HEAT_TREND_ENTRIES: usize = 3;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum RiskCode {
    NoDecisionMaker,
    DecisionMakerAbsent,
    FewKeyPersons,
    KeyPersonLost,
    PurposeMissing,
    PurposeNotAgreed,
    GoalWithoutCriterion,
    KeyPersonUntouched,
    HeatFalling,
}

impl RiskCode {
    /// Every code, in the order the rules report them.
    pub const ALL: [RiskCode; 9] = [
        RiskCode::NoDecisionMaker,
        RiskCode::DecisionMakerAbsent,
        RiskCode::FewKeyPersons,
        RiskCode::KeyPersonLost,
        RiskCode::PurposeMissing,
        RiskCode::PurposeNotAgreed,
        RiskCode::GoalWithoutCriterion,
        RiskCode::KeyPersonUntouched,
        RiskCode::HeatFalling,
    ];

    /// The code as the UI and the exports name it.
    pub fn as_str(self) -> &'static str {
        match self {
            RiskCode::NoDecisionMaker => "no_decision_maker",
            RiskCode::DecisionMakerAbsent => "decision_maker_absent",
            RiskCode::FewKeyPersons => "few_key_persons",
            RiskCode::KeyPersonLost => "key_person_lost",
            RiskCode::PurposeMissing => "purpose_missing",
            RiskCode::PurposeNotAgreed => "purpose_not_agreed",
            RiskCode::GoalWithoutCriterion => "goal_without_criterion",
            RiskCode::KeyPersonUntouched => "key_person_untouched",
            RiskCode::HeatFalling => "heat_falling",
        }
    }

    /// Where the user fixes what the rule found.
    pub fn place(self) -> RiskPlace {
        match self {
            RiskCode::NoDecisionMaker
            | RiskCode::DecisionMakerAbsent
            | RiskCode::FewKeyPersons
            | RiskCode::PurposeMissing
            | RiskCode::PurposeNotAgreed => RiskPlace::Kickoff,
            RiskCode::KeyPersonLost | RiskCode::KeyPersonUntouched | RiskCode::HeatFalling => {
                RiskPlace::People
            }
            RiskCode::GoalWithoutCriterion => RiskPlace::FirstGoals,
        }
    }

    /// The code's bit in the facts cache (its place in [`RiskCode::ALL`]).
    pub fn bit(self) -> u16 {
        let place = Self::ALL.iter().position(|c| *c == self).unwrap_or(0);
        1 << place
    }
}

/// The screen where a risk is fixed: the kickoff (roles, attendance, purpose and its agreement),
/// the stakeholder list (status, touchpoints, heat) or the project's first goals.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum RiskPlace {
    Kickoff,
    People,
    FirstGoals,
}

/// One open risk and whom or what it concerns.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct Risk {
    pub code: RiskCode,
    /// Where to fix it ([`RiskCode::place`]).
    pub place: RiskPlace,
    /// The stakeholders concerned, in list order.
    pub stakeholder_ids: Vec<i64>,
    pub names: Vec<String>,
    /// The first goals concerned.
    pub horizons: Vec<Horizon>,
}

/// What the rules look at for one project.
#[derive(Debug, Clone, Copy)]
pub struct Facts<'a> {
    pub kickoff: NaiveDate,
    pub stakeholders: &'a [Stakeholder],
    pub milestones: &'a [Milestone],
    pub purpose: &'a str,
    pub agreements: &'a [Agreement],
    pub untouched_days: u32,
    pub today: NaiveDate,
}

fn about(code: RiskCode, people: &[&Stakeholder]) -> Option<Risk> {
    (!people.is_empty()).then(|| Risk {
        code,
        place: code.place(),
        stakeholder_ids: people.iter().map(|p| p.id).collect(),
        names: people.iter().map(|p| p.name.clone()).collect(),
        horizons: Vec::new(),
    })
}

fn plain(code: RiskCode) -> Risk {
    Risk {
        code,
        place: code.place(),
        stakeholder_ids: Vec::new(),
        names: Vec::new(),
        horizons: Vec::new(),
    }
}

/// True when the last heat entries only went down (at least two entries, each lower than the one
/// before).
pub fn heat_falling(history: &[crate::stakeholders::HeatEntry]) -> bool {
    let start = history.len().saturating_sub(HEAT_TREND_ENTRIES);
    let recent = &history[start..];
    recent.len() >= 2 && recent.windows(2).all(|w| w[1].heat < w[0].heat)
}

/// Since when the least recently touched active key person has not been touched (a key person
/// never touched counts from the kickoff); `None` without active key persons. The "not touched
/// for N days" rule fires exactly when this is more than N days before today.
pub fn untouched_since(f: &Facts<'_>) -> Option<NaiveDate> {
    f.stakeholders
        .iter()
        .filter(|s| s.is_active() && s.key_person)
        .map(|s| s.last_touch.unwrap_or(f.kickoff))
        .min()
}

/// The "not touched for N days" rule on its own: a key person last touched on `since` (or since
/// the kickoff, if never) is untouched for too long on `today`.
pub fn untouched_too_long(since: NaiveDate, days: u32, today: NaiveDate) -> bool {
    (today - since).num_days() > i64::from(days)
}

/// Every rule that fires for the project, in a fixed order.
pub fn evaluate(f: &Facts<'_>) -> Vec<Risk> {
    let active: Vec<&Stakeholder> = f.stakeholders.iter().filter(|s| s.is_active()).collect();
    let deciders: Vec<&Stakeholder> = active
        .iter()
        .copied()
        .filter(|s| s.has_role(ProjectRole::DecisionMaker))
        .collect();
    let mut risks = Vec::new();

    if deciders.is_empty() {
        risks.push(plain(RiskCode::NoDecisionMaker));
    }
    let absent: Vec<&Stakeholder> = deciders
        .iter()
        .copied()
        .filter(|s| !s.attended_kickoff)
        .collect();
    risks.extend(about(RiskCode::DecisionMakerAbsent, &absent));

    let keys: Vec<&Stakeholder> = active.iter().copied().filter(|s| s.key_person).collect();
    if keys.len() < 2 {
        let mut risk = plain(RiskCode::FewKeyPersons);
        risk.stakeholder_ids = keys.iter().map(|p| p.id).collect();
        risk.names = keys.iter().map(|p| p.name.clone()).collect();
        risks.push(risk);
    }
    let lost: Vec<&Stakeholder> = f
        .stakeholders
        .iter()
        .filter(|s| s.key_person && !s.is_active())
        .collect();
    risks.extend(about(RiskCode::KeyPersonLost, &lost));

    if f.purpose.trim().is_empty() {
        risks.push(plain(RiskCode::PurposeMissing));
    } else if !deciders
        .iter()
        .any(|d| f.agreements.iter().any(|a| a.stakeholder_id == d.id))
    {
        risks.push(plain(RiskCode::PurposeNotAgreed));
    }

    let missing: Vec<Horizon> = f
        .milestones
        .iter()
        .filter(|m| m.criterion.trim().is_empty())
        .filter_map(|m| m.horizon)
        .collect();
    if !missing.is_empty() {
        let mut risk = plain(RiskCode::GoalWithoutCriterion);
        risk.horizons = missing;
        risks.push(risk);
    }

    // A key person never touched counts from the kickoff (the last time everyone met).
    let untouched: Vec<&Stakeholder> = keys
        .iter()
        .copied()
        .filter(|s| {
            untouched_too_long(s.last_touch.unwrap_or(f.kickoff), f.untouched_days, f.today)
        })
        .collect();
    risks.extend(about(RiskCode::KeyPersonUntouched, &untouched));

    let cooling: Vec<&Stakeholder> = active
        .iter()
        .copied()
        .filter(|s| heat_falling(&s.heat_history))
        .collect();
    risks.extend(about(RiskCode::HeatFalling, &cooling));
    risks
}
