//! `journey export` and `journey import`: the same journey exports and imports as the app.

use std::path::PathBuf;

use clap::Subcommand;
use firstgoal_core::journey::{self, ExportFormat};
use firstgoal_core::{CoreError, Db, FieldCode, FieldError};

#[derive(Debug, Subcommand)]
pub enum JourneyCommand {
    /// Export a journey (or one of its revisions) to a file.
    Export {
        #[arg(long)]
        journey: i64,
        /// svg, png, pdf, mermaid, drawio or json.
        #[arg(long)]
        format: String,
        #[arg(long)]
        out: PathBuf,
        /// PNG scale (1 = one pixel per diagram unit).
        #[arg(long, default_value_t = 1.0)]
        scale: f32,
        /// Export this revision instead of the current diagram.
        #[arg(long)]
        revision: Option<i64>,
    },
    /// Create a journey from a JSON export (in a project, or as a template without --project).
    Import {
        #[arg(long)]
        project: Option<i64>,
        #[arg(long)]
        file: PathBuf,
    },
}

pub async fn run(db: &Db, command: JourneyCommand) -> Result<(), CoreError> {
    match command {
        JourneyCommand::Export {
            journey: id,
            format,
            out,
            scale,
            revision,
        } => {
            let format = ExportFormat::parse(&format).ok_or_else(|| {
                CoreError::Validation(vec![FieldError::new("format", FieldCode::OutOfRange)])
            })?;
            let exported =
                journey::export_journey_checked(db, id, revision, format, scale, &out).await?;
            println!("wrote {}", exported.path.display());
            if let Some(limits) = exported.mermaid_limits {
                eprintln!("warning: {}", limits.describe());
            }
            Ok(())
        }
        JourneyCommand::Import { project, file } => {
            let view = journey::import_json_file(db, project, &file).await?;
            println!(
                "imported journey {} \"{}\" ({} steps)",
                view.journey.id,
                view.journey.name,
                view.journey.doc.steps.len()
            );
            Ok(())
        }
    }
}
