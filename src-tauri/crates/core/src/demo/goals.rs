//! The status of the demo's goals on the demo's "today": most goals that came due are decided.

use chrono::{Days, NaiveDate};
use rand::Rng;
use rand_chacha::ChaCha8Rng;

use crate::milestones::Horizon;
use crate::projects::ValidProject;

/// The status of a demo first goal on `today`: (status, achieved on).
pub(super) fn first_goal(
    rng: &mut ChaCha8Rng,
    horizon: Horizon,
    chance: f64,
    valid: &ValidProject,
    today: NaiveDate,
) -> (&'static str, Option<NaiveDate>) {
    let due = horizon.due_date(valid.kickoff_date);
    let early = i64::from(horizon.months()) * 30 - 10;
    let achieved = valid.kickoff_date
        + Days::new(u64::try_from(early).unwrap_or(20) + rng.random_range(0..25));
    decided(rng, due, achieved, chance, valid.kickoff_date, today)
}

/// The status of a demo goal due on `due` that would be achieved on `achieved`, on `today`.
/// Goals that came due are decided — achieved with `chance`, else marked missed — except half of
/// the unachieved ones due in the last 45 days, still open: a team that keeps its goals up to date
/// has a few late goals, none forgotten for months.
pub(super) fn decided(
    rng: &mut ChaCha8Rng,
    due: NaiveDate,
    achieved: NaiveDate,
    chance: f64,
    kickoff: NaiveDate,
    today: NaiveDate,
) -> (&'static str, Option<NaiveDate>) {
    let roll: f64 = rng.random();
    let recent = due + Days::new(45) >= today;
    if achieved < today && roll < chance {
        ("achieved", Some(achieved))
    } else if due < today && !(recent && rng.random_bool(0.5)) {
        ("missed", None)
    } else if kickoff < today {
        ("in_progress", None)
    } else {
        ("planned", None)
    }
}
