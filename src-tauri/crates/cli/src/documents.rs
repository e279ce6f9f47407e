//! `firstgoal-cli calendar`, `summary` and `report`: the calendar (iCalendar) of one project or
//! of every open project, and a project's kickoff summary or one-page report (Markdown, HTML or
//! PDF) — the same files the app exports.

use std::path::{Path, PathBuf};

use clap::{Args, ValueEnum};
use firstgoal_core::calendar::{self, CalendarScope};
use firstgoal_core::kickoff::{self, SummaryFormat};
use firstgoal_core::portfolio::{self, ReportFormat};
use firstgoal_core::{CoreError, Db, today};

use crate::map::Lang;

#[derive(Debug, Args)]
pub struct CalendarArgs {
    /// One project (archived or not); without it, every open project.
    #[arg(long)]
    project: Option<i64>,
    #[arg(long)]
    out: PathBuf,
    /// Language of the event summaries and descriptions.
    #[arg(long, value_enum, default_value = "ja")]
    lang: Lang,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum DocFormat {
    Markdown,
    Html,
    Pdf,
}

#[derive(Debug, Args)]
pub struct DocumentArgs {
    #[arg(long)]
    project: i64,
    #[arg(long, value_enum)]
    format: DocFormat,
    #[arg(long)]
    out: PathBuf,
    #[arg(long, value_enum, default_value = "ja")]
    lang: Lang,
}

pub async fn calendar(db: &Db, args: CalendarArgs) -> Result<(), CoreError> {
    let scope = args
        .project
        .map_or(CalendarScope::OpenProjects, CalendarScope::Project);
    let n = calendar::export(db, scope, args.lang.language(), &args.out).await?;
    println!("wrote {n} events to {}", args.out.display());
    Ok(())
}

fn wrote(what: &str, project: i64, out: &Path) {
    println!("wrote the {what} of project {project} to {}", out.display());
}

pub async fn summary(db: &Db, args: DocumentArgs) -> Result<(), CoreError> {
    let format = match args.format {
        DocFormat::Markdown => SummaryFormat::Markdown,
        DocFormat::Html => SummaryFormat::Html,
        DocFormat::Pdf => SummaryFormat::Pdf,
    };
    let lang = args.lang.language();
    kickoff::export_summary(db, args.project, lang, format, &args.out).await?;
    wrote("kickoff summary", args.project, &args.out);
    Ok(())
}

pub async fn report(db: &Db, args: DocumentArgs) -> Result<(), CoreError> {
    let format = match args.format {
        DocFormat::Markdown => ReportFormat::Markdown,
        DocFormat::Html => ReportFormat::Html,
        DocFormat::Pdf => ReportFormat::Pdf,
    };
    let lang = args.lang.language();
    portfolio::export_report(db, args.project, lang, format, &args.out, today()).await?;
    wrote("report", args.project, &args.out);
    Ok(())
}
