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

mod project;
mod risk_counts;
mod standing;
mod store;

pub use project::{ActionDueFact, JourneyFact, MilestoneFact, ProjectFacts, StageFact};
pub use risk_counts::{
    MAX_IDS, ProjectRiskCount, codes_on, counts, counts_for, counts_for_on, counts_on,
};
pub use store::{facts_and_risks, portfolio_facts, risk_rows, risk_rows_for};

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
