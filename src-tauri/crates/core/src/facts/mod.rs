//! The per-project facts the portfolio and the risk flags read, kept derived in the file
//! (`project_facts_cache`, migration 0009) so that opening a 10,000-project file reads one row per
//! project instead of recomputing every project from its milestones, stages, holds, team,
//! stakeholders, heat history and kickoff agreements.
//!
//! Correctness does not depend on the core remembering to refresh it: triggers delete a
//! project's row whenever anything it was derived from changes (any writer, any code path), and
//! readers derive the missing rows again — in one write transaction, so no concurrent change can
//! slip between deriving and storing. Only day-independent facts are stored; what depends on
//! today (TTV so far, overdue milestones, "key person not touched for N days") and on the file
//! settings (TTV definition, N) is computed at read time from them. A file that cannot be written
//! (read-only, locked) still gets correct figures, derived in memory.

mod store;

pub use store::{portfolio_facts, risk_rows, risk_rows_for};

use chrono::NaiveDate;

/// What the risk flags of the project list read of one project.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RiskRow {
    pub project_id: i64,
    /// The risk codes that do not depend on the day, one bit per code
    /// ([`crate::risks::RiskCode::bit`]).
    pub standing: u16,
    /// Since when the least recently touched active key person has not been touched (their last
    /// touch, or the kickoff if never); `None` without key persons.
    pub untouched_since: Option<NaiveDate>,
}

/// Dates stored as days since 0001-01-01 in the encoded facts (compact, no text to parse).
pub(crate) mod day {
    use chrono::{Datelike, NaiveDate};
    use serde::{Deserialize, Deserializer, Serialize, Serializer, de::Error};

    fn from_days<E: Error>(days: i32) -> Result<NaiveDate, E> {
        NaiveDate::from_num_days_from_ce_opt(days)
            .ok_or_else(|| E::custom(format!("day {days} is out of range")))
    }

    pub fn serialize<S: Serializer>(date: &NaiveDate, s: S) -> Result<S::Ok, S::Error> {
        date.num_days_from_ce().serialize(s)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<NaiveDate, D::Error> {
        from_days(i32::deserialize(d)?)
    }

    pub mod option {
        use super::*;

        pub fn serialize<S: Serializer>(date: &Option<NaiveDate>, s: S) -> Result<S::Ok, S::Error> {
            date.map(|d| d.num_days_from_ce()).serialize(s)
        }

        pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<NaiveDate>, D::Error> {
            Option::<i32>::deserialize(d)?.map(from_days).transpose()
        }
    }
}
