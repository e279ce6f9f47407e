//! The one-page project report as an A4 PDF: the same content as the HTML and Markdown reports,
//! laid out as headings and tables (see [`crate::render::layout`]).

use chrono::NaiveDate;

use super::report::{Labels, Report, build, labels};
use crate::db::Db;
use crate::error::Result;
use crate::render::{Block, document_pdf};
use crate::settings::Language;
use crate::stages;

fn blocks(l: &Labels, r: Report) -> Vec<Block> {
    let facts = [
        (l.segment, r.segment),
        (l.owner, r.owner),
        (l.contract, r.contract),
        (l.kickoff, r.kickoff),
        (l.playbook, r.playbook),
        (l.stage, r.stage),
        (l.ttv, r.ttv),
        (l.team, r.team),
    ];
    vec![
        Block::Title(r.customer),
        Block::Paragraph(format!("{} · {}", l.title, r.today)),
        Block::table(
            &[],
            &[1.0, 3.0],
            facts
                .into_iter()
                .map(|(k, v)| vec![k.to_owned(), v])
                .collect(),
        ),
        Block::Heading(l.milestones.to_owned()),
        Block::table(
            &[
                l.milestone,
                l.goal,
                l.criterion,
                l.due,
                l.status,
                l.evidence,
            ],
            &[1.1, 2.0, 2.0, 1.1, 1.1, 1.6],
            r.milestones
                .into_iter()
                .map(|m| vec![m.name, m.goal, m.criterion, m.due, m.status, m.evidence])
                .collect(),
        ),
        Block::Heading(l.stages.to_owned()),
        Block::table(
            &[l.stage, l.exit_criteria, l.entered, l.days],
            &[1.5, 3.0, 1.1, 0.9],
            r.stages
                .into_iter()
                .map(|s| vec![s.name, s.exit_criteria, s.entered, s.days])
                .collect(),
        ),
        Block::Heading(l.next_actions.to_owned()),
        Block::table(
            &[l.action, l.department, l.due],
            &[3.5, 1.5, 1.1],
            r.actions
                .into_iter()
                .map(|a| vec![a.title, a.department, a.due])
                .collect(),
        ),
    ]
}

/// The report as PDF bytes (laid out and written off the async threads).
pub async fn report_pdf(
    db: &Db,
    project_id: i64,
    lang: Language,
    today: NaiveDate,
) -> Result<Vec<u8>> {
    let plan = stages::plan(db, project_id, today).await?;
    let report = build(db, project_id, lang, &plan).await?;
    let l = labels(lang);
    let title = format!("{} — {}", l.title, report.customer);
    let code = match lang {
        Language::En => "en",
        Language::Ja => "ja",
    };
    let blocks = blocks(l, report);
    crate::db::files::off_thread(move || document_pdf(&title, code, &blocks)).await
}
