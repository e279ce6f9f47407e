//! The project report as a file: HTML, Markdown ([`super::report`]) or PDF
//! ([`super::report_pdf`]), written atomically off the async threads.

use std::path::Path;

use super::report::{ReportFormat, report_html, report_markdown};
use crate::db::Db;
use crate::error::Result;
use crate::settings::Language;

/// Writes the report to `path` in the chosen format.
pub async fn export_report(
    db: &Db,
    project_id: i64,
    lang: Language,
    format: ReportFormat,
    path: &Path,
    today: chrono::NaiveDate,
) -> Result<()> {
    let bytes = match format {
        ReportFormat::Html => report_html(db, project_id, lang, today).await?.into_bytes(),
        ReportFormat::Markdown => report_markdown(db, project_id, lang, today)
            .await?
            .into_bytes(),
        ReportFormat::Pdf => super::report_pdf::report_pdf(db, project_id, lang, today).await?,
    };
    let path = path.to_owned();
    crate::db::files::off_thread(move || crate::db::files::write_atomic(&path, &bytes)).await
}
