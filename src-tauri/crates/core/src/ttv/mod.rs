//! Time-to-value: how many days from a start event (the contract date by default, or the kickoff)
//! to an end event (the 1-month first goal achieved by default, or another horizon), with
//! on-hold periods taken out. Unfinished projects count the days so far. Also the percentile
//! maths the portfolio figures use.
//!
//! Day counting: a period from D1 to D2 lasts `D2 - D1` days (the start day counts, the end day
//! does not), so a goal achieved the day after the contract has a TTV of 1. An on-hold period
//! from H1 to H2 pauses the days H1..H2 (H2 excluded); an on-hold period with no end pauses
//! until today. Overlapping periods pause each day once.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use specta::Type;

use crate::db::Db;
use crate::db::file_settings;
use crate::error::Result;
use crate::milestones::Horizon;

/// The file setting that holds the TTV definition.
pub const SETTING_KEY: &str = "ttv.definition";

/// Where TTV starts.
#[derive(
    Debug,
    Clone,
    Copy,
    Default,
    PartialEq,
    Eq,
    Hash,
    Serialize,
    Deserialize,
    Type,
    strum::VariantArray,
)]
#[serde(rename_all = "snake_case")]
pub enum TtvStart {
    #[default]
    ContractDate,
    Kickoff,
}

impl TtvStart {
    /// Every value, in the order the UI offers them.
    pub const ALL: &'static [TtvStart] = <TtvStart as strum::VariantArray>::VARIANTS;
}

/// The TTV definition of one file: start event and the horizon whose achievement ends it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct TtvDefinition {
    pub start: TtvStart,
    pub end: Horizon,
}

impl Default for TtvDefinition {
    fn default() -> Self {
        Self {
            start: TtvStart::ContractDate,
            end: Horizon::OneMonth,
        }
    }
}

/// The file's TTV definition (the default until one is set).
pub async fn definition(db: &Db) -> Result<TtvDefinition> {
    Ok(file_settings::get(db, SETTING_KEY)
        .await?
        .unwrap_or_default())
}

pub async fn set_definition(db: &Db, definition: TtvDefinition) -> Result<TtvDefinition> {
    file_settings::set(db, SETTING_KEY, &definition).await?;
    Ok(definition)
}

/// An on-hold period; `end` is `None` while the project is still on hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Pause {
    #[serde(with = "crate::db::rows::day")]
    pub start: NaiveDate,
    #[serde(with = "crate::db::rows::day::option")]
    pub end: Option<NaiveDate>,
}

/// A measured time-to-value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Type)]
pub struct Ttv {
    /// Days from the start event, pauses taken out.
    pub days: i64,
    /// True when the end event happened; false means "so far".
    pub finished: bool,
}

/// Days of `[from, to)` covered by any pause (open pauses run until `to`).
pub fn paused_days(from: NaiveDate, to: NaiveDate, pauses: &[Pause]) -> i64 {
    let mut spans: Vec<(NaiveDate, NaiveDate)> = pauses
        .iter()
        .map(|p| (p.start.max(from), p.end.unwrap_or(to).min(to)))
        .filter(|(s, e)| s < e)
        .collect();
    spans.sort_unstable();
    let mut total = 0;
    let mut covered_until = from;
    for (s, e) in spans {
        let s = s.max(covered_until);
        if e > s {
            total += (e - s).num_days();
            covered_until = e;
        }
    }
    total
}

/// TTV from `start` to `end` (or to `today` while unfinished), pauses taken out, never negative.
pub fn measure(
    start: NaiveDate,
    end: Option<NaiveDate>,
    pauses: &[Pause],
    today: NaiveDate,
) -> Ttv {
    let stop = end.unwrap_or(today);
    let days = if stop > start {
        (stop - start).num_days() - paused_days(start, stop, pauses)
    } else {
        0
    };
    Ttv {
        days: days.max(0),
        finished: end.is_some(),
    }
}

/// The TTV of a project under `definition`: `achieved` is the date the end horizon's milestone was
/// achieved, if it was.
pub fn for_project(
    definition: TtvDefinition,
    contract: NaiveDate,
    kickoff: NaiveDate,
    achieved: Option<NaiveDate>,
    pauses: &[Pause],
    today: NaiveDate,
) -> Ttv {
    let start = match definition.start {
        TtvStart::ContractDate => contract,
        TtvStart::Kickoff => kickoff,
    };
    measure(start, achieved, pauses, today)
}

/// The `p`-th percentile (0 ≤ p ≤ 1) of ascending `sorted` values by linear interpolation between
/// closest ranks (the "R-7" / spreadsheet PERCENTILE.INC method): rank h = (n − 1)·p, then the
/// value between the two neighbouring ranks. `None` for no values.
pub fn percentile(sorted: &[f64], p: f64) -> Option<f64> {
    let n = sorted.len();
    if n == 0 || !(0.0..=1.0).contains(&p) {
        return None;
    }
    let h = (n - 1) as f64 * p;
    let lower = h.floor() as usize;
    let upper = (lower + 1).min(n - 1);
    Some(sorted[lower] + (h - lower as f64) * (sorted[upper] - sorted[lower]))
}

/// The median: [`percentile`] at 0.5.
pub fn median(sorted: &[f64]) -> Option<f64> {
    percentile(sorted, 0.5)
}
