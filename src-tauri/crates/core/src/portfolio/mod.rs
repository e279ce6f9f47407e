//! The CSM portfolio: every project with its segment, stage, next milestone, TTV so far and flags;
//! the portfolio figures (TTV count, median, p75, p90, onboarding completion, first goals on
//! time) and the series behind the plots. Filtering, search, sorting and all figures are computed
//! here from one snapshot of the file, so the UI and the CLI show the same numbers.

mod compute;
mod export;
mod load;
mod report;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use specta::Type;

use crate::db::Db;
use crate::error::{FieldCode, Result};
use crate::milestones::Horizon;
use crate::projects::Segment;
use crate::team::TeamMember;
use crate::ttv::TtvDefinition;
use crate::validation::Checker;

/// The facts the portfolio is computed from, where callers of the portfolio look for them.
pub use crate::facts::{MilestoneFact, ProjectFacts, StageFact};
pub use compute::compute;
pub use export::{ChartFormat, csv_bytes, export_chart, export_csv, neutralise};
pub use load::{Snapshot, load};
pub use report::{ReportFormat, export_report, report_html, report_markdown};

/// Which projects the figures and the list cover. Every filter is optional.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct PortfolioFilter {
    pub segment: Option<Segment>,
    /// The project owner, exactly as stored.
    pub owner: Option<String>,
    /// A team member assigned to the project (usually a CSM).
    pub member_id: Option<i64>,
    /// The kickoff month, `YYYY-MM`.
    pub kickoff_month: Option<String>,
}

#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, Type, strum::VariantArray,
)]
#[serde(rename_all = "snake_case")]
pub enum PortfolioSort {
    #[default]
    Customer,
    Segment,
    Stage,
    NextDue,
    Ttv,
    Kickoff,
    Flags,
}

impl PortfolioSort {
    /// Every value, in the order the UI offers them.
    pub const ALL: &'static [PortfolioSort] = <PortfolioSort as strum::VariantArray>::VARIANTS;
}

/// What the portfolio screen asks for: the filters (figures follow them), a search text (narrows
/// the list only) and the sort order of the list.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct PortfolioQuery {
    pub filter: PortfolioFilter,
    pub search: String,
    pub sort: PortfolioSort,
    pub descending: bool,
}

impl PortfolioQuery {
    /// Checks the kickoff month, returning it as (year, month).
    pub fn kickoff_month(&self) -> Result<Option<(i32, u32)>> {
        let Some(text) = self.filter.kickoff_month.as_deref().map(str::trim) else {
            return Ok(None);
        };
        let mut check = Checker::new();
        let parsed = NaiveDate::parse_from_str(&format!("{text}-01"), "%Y-%m-%d")
            .ok()
            .filter(|_| text.len() == 7);
        if parsed.is_none() {
            check.fail("kickoff_month", FieldCode::InvalidDate);
        }
        check.finish(|| parsed.map(|d| (chrono::Datelike::year(&d), chrono::Datelike::month(&d))))
    }
}

/// Something on a project that needs attention. Heat (熱感) and stakeholder risks (key person
/// coverage, no contact) are computed by their own features and join this list as new variants.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum PortfolioFlag {
    /// At least one milestone is past its due date and not achieved.
    OverdueMilestone,
    /// A milestone is due within seven days.
    DueSoon,
    /// The project is on hold (its TTV clock is paused).
    OnHold,
}

/// The next milestone of a project that is not achieved yet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct NextMilestone {
    pub horizon: Option<Horizon>,
    pub title: String,
    pub due_date: NaiveDate,
    /// Negative when overdue.
    pub days_to: i64,
}

/// One line of the portfolio list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct PortfolioRow {
    pub id: i64,
    pub customer_name: String,
    pub segment: Segment,
    pub owner: String,
    pub kickoff_date: NaiveDate,
    /// Names of the assigned team members.
    pub team: Vec<String>,
    pub stage_name: Option<String>,
    pub stage_position: Option<i64>,
    pub stage_count: i64,
    pub next_milestone: Option<NextMilestone>,
    pub ttv_days: i64,
    pub ttv_finished: bool,
    pub flags: Vec<PortfolioFlag>,
}

/// The portfolio figures. Their definitions are written next to them in the UI and the CLI:
/// - TTV: see [`crate::ttv`]; median/p75/p90 over projects whose end event happened, by linear
///   interpolation between closest ranks.
/// - Onboarding completion: a project with stages has completed onboarding when it entered its
///   last stage; the rate is over projects with stages.
/// - Time to onboarding completion: from the TTV start event to entering the last stage, on-hold
///   days taken out (median).
/// - First goals on time: of the 1-month, 3-month and 1-year goals that are decided (achieved,
///   marked missed, or past their due date), the share achieved on or before the due date.
#[derive(Debug, Clone, PartialEq, Serialize, Type)]
pub struct PortfolioFigures {
    pub projects: u32,
    pub ttv_finished: u32,
    pub ttv_median: Option<f64>,
    pub ttv_p75: Option<f64>,
    pub ttv_p90: Option<f64>,
    pub with_stages: u32,
    pub completed: u32,
    pub completion_rate: Option<f64>,
    pub completion_median_days: Option<f64>,
    pub first_goals_decided: u32,
    pub first_goals_on_time: u32,
    pub on_time_share: Option<f64>,
}

/// A bar of the TTV distribution: finished TTVs in `[from_days, to_days)`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct TtvBucket {
    pub from_days: i64,
    pub to_days: i64,
    pub count: u32,
}

/// Projects that kicked off in one month.
#[derive(Debug, Clone, PartialEq, Serialize, Type)]
pub struct CohortPoint {
    /// `YYYY-MM`.
    pub month: String,
    pub projects: u32,
    pub finished: u32,
    pub median_ttv: Option<f64>,
}

/// Milestones due, and achieved, in one month.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct MilestoneMonth {
    pub month: String,
    pub due: u32,
    pub achieved: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Type)]
pub struct PortfolioCharts {
    pub ttv_distribution: Vec<TtvBucket>,
    pub ttv_by_cohort: Vec<CohortPoint>,
    pub milestones_by_month: Vec<MilestoneMonth>,
}

/// The portfolio as of `today`.
#[derive(Debug, Clone, PartialEq, Serialize, Type)]
pub struct Portfolio {
    pub today: NaiveDate,
    pub definition: TtvDefinition,
    /// Projects in the file (not archived), before filters.
    pub total_projects: u32,
    pub figures: PortfolioFigures,
    pub charts: PortfolioCharts,
    pub rows: Vec<PortfolioRow>,
    /// Choices for the filters.
    pub owners: Vec<String>,
    pub members: Vec<TeamMember>,
    pub kickoff_months: Vec<String>,
}

/// Loads the file and computes the portfolio for `query` as of `today`.
pub async fn get(db: &Db, query: &PortfolioQuery, today: NaiveDate) -> Result<Portfolio> {
    query.kickoff_month()?;
    let snapshot = load(db).await?;
    compute(&snapshot, query, today)
}

/// Writes the list of the portfolio for `query` (filters, search and sort applied) as CSV.
pub async fn export_list_csv(
    db: &Db,
    query: &PortfolioQuery,
    today: NaiveDate,
    path: &std::path::Path,
) -> Result<()> {
    let portfolio = get(db, query, today).await?;
    export_csv(&portfolio.rows, path)
}
