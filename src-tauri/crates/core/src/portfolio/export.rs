//! Portfolio exports: the list as CSV (user text neutralised against spreadsheet formula
//! injection), and the portfolio plots as SVG or PNG.

use std::path::Path;

use serde::{Deserialize, Serialize};
use specta::Type;

use super::{PortfolioFlag, PortfolioRow};
use crate::db::files;
use crate::error::{CoreError, Result};
use crate::render;

/// A cell that a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, or a leading tab or
/// carriage return) gets a leading apostrophe, so it is shown as text.
pub fn neutralise(text: &str) -> String {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text.to_owned()
    }
}

fn flag_name(flag: PortfolioFlag) -> &'static str {
    match flag {
        PortfolioFlag::OverdueMilestone => "overdue_milestone",
        PortfolioFlag::NeedsDecision => "needs_decision",
        PortfolioFlag::DueSoon => "due_soon",
        PortfolioFlag::OnHold => "on_hold",
    }
}

/// The rows as CSV (UTF-8 with a byte-order mark, so spreadsheets read Japanese correctly).
pub fn csv_bytes(rows: &[PortfolioRow]) -> Result<Vec<u8>> {
    let mut out = csv::Writer::from_writer(b"\xEF\xBB\xBF".to_vec());
    let fail = |e: csv::Error| CoreError::Unavailable(format!("writing the CSV failed: {e}"));
    out.write_record([
        "id",
        "customer",
        "segment",
        "owner",
        "team",
        "kickoff",
        "stage",
        "stage_position",
        "stage_count",
        "next_milestone",
        "next_due",
        "days_to_next",
        "ttv_days",
        "ttv_finished",
        "flags",
        "risks",
    ])
    .map_err(fail)?;
    for r in rows {
        let next = r.next_milestone.as_ref();
        out.write_record([
            r.id.to_string(),
            neutralise(&r.customer_name),
            r.segment.as_str().to_owned(),
            neutralise(&r.owner),
            neutralise(&r.team.join("; ")),
            r.kickoff_date.to_string(),
            neutralise(r.stage_name.as_deref().unwrap_or("")),
            r.stage_position.map(|p| p.to_string()).unwrap_or_default(),
            r.stage_count.to_string(),
            neutralise(&next.map_or(String::new(), |m| {
                m.horizon
                    .map_or_else(|| m.title.clone(), |h| h.as_str().to_owned())
            })),
            next.map(|m| m.due_date.to_string()).unwrap_or_default(),
            next.map(|m| m.days_to.to_string()).unwrap_or_default(),
            r.ttv_days.to_string(),
            r.ttv_finished.to_string(),
            r.flags
                .iter()
                .map(|f| flag_name(*f))
                .collect::<Vec<_>>()
                .join(" "),
            r.risks
                .iter()
                .map(|c| c.as_str())
                .collect::<Vec<_>>()
                .join(" "),
        ])
        .map_err(fail)?;
    }
    out.into_inner()
        .map_err(|e| CoreError::Unavailable(format!("writing the CSV failed: {e}")))
}

pub fn export_csv(rows: &[PortfolioRow], path: &Path) -> Result<()> {
    files::write_atomic(path, &csv_bytes(rows)?)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum ChartFormat {
    Svg,
    Png,
}

/// Writes a plot the UI drew (its own SVG output) as SVG or PNG, off the calling thread. The SVG
/// is parsed first, so text that is not a well-formed SVG picture is refused instead of written.
pub async fn export_chart(svg: String, format: ChartFormat, path: &Path) -> Result<()> {
    let path = path.to_path_buf();
    files::off_thread(move || {
        render::parse(&svg)?;
        match format {
            ChartFormat::Svg => files::write_atomic(&path, svg.as_bytes()),
            ChartFormat::Png => files::write_atomic(&path, &render::svg_to_png(&svg, 2.0)?),
        }
    })
    .await
}
