//! The kickoff summary as a file: Markdown, HTML ([`super::summary`]) or PDF
//! ([`super::summary_pdf`]), written atomically off the async threads.

use std::path::Path;

use super::board;
use super::summary::{summary_html, summary_markdown};
use crate::db::Db;
use crate::error::{CoreError, FieldCode, Result};
use crate::kickoff::SummaryFormat;
use crate::settings::Language;

/// The summary of a project in a language and format, as file content.
pub async fn summary(
    db: &Db,
    project_id: i64,
    lang: Language,
    format: SummaryFormat,
) -> Result<Vec<u8>> {
    let board = board(db, project_id).await?;
    match format {
        SummaryFormat::Markdown => Ok(summary_markdown(&board, lang).into_bytes()),
        SummaryFormat::Html => Ok(summary_html(&board, lang)?.into_bytes()),
        SummaryFormat::Pdf => {
            crate::db::files::off_thread(move || super::summary_pdf::summary_pdf(&board, lang))
                .await
        }
    }
}

/// Writes the kickoff summary to `path` (atomically).
pub async fn export_summary(
    db: &Db,
    project_id: i64,
    lang: Language,
    format: SummaryFormat,
    path: &Path,
) -> Result<()> {
    let bytes = summary(db, project_id, lang, format).await?;
    if path.as_os_str().is_empty() {
        return Err(CoreError::Validation(vec![crate::FieldError::new(
            "path",
            FieldCode::Required,
        )]));
    }
    let path = path.to_owned();
    crate::db::files::off_thread(move || crate::db::files::write_atomic(&path, &bytes)).await
}
