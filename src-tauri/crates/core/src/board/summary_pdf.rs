//! The kickoff summary as an A4 PDF: the same view as the Markdown and HTML summaries, laid out
//! as headings, paragraphs and tables (see [`crate::render::layout`]).

use super::Board;
use super::summary::view;
use crate::error::Result;
use crate::render::{Block, document_pdf};
use crate::settings::Language;

/// The summary of `board` as PDF bytes (CPU work: call it off the async threads).
pub(super) fn summary_pdf(board: &Board, lang: Language) -> Result<Vec<u8>> {
    let v = view(board, lang);
    let t = v.t;
    let yes = |b: bool| if b { t.yes.to_owned() } else { String::new() };
    let sep = if lang == Language::Ja { "、" } else { ", " };
    let mut blocks = vec![
        Block::Title(format!("{} — {}", t.title, v.customer)),
        Block::table(
            &[],
            &[1.0, 3.0],
            vec![
                vec![t.customer.to_owned(), v.customer.clone()],
                vec![t.kickoff.to_owned(), v.kickoff.clone()],
            ],
        ),
        Block::Heading(t.purpose.to_owned()),
        Block::Paragraph(if v.purpose.is_empty() {
            t.not_recorded.to_owned()
        } else {
            v.purpose.clone()
        }),
        Block::Paragraph(format!(
            "{}: {}",
            t.agreed_by,
            if v.agreed.is_empty() {
                t.nobody_agreed.to_owned()
            } else {
                v.agreed.join(sep)
            }
        )),
        Block::Heading(t.goals.to_owned()),
        Block::table(
            &[t.horizon, t.due, t.goal, t.criterion],
            &[1.0, 1.2, 2.5, 2.5],
            v.goals
                .into_iter()
                .map(|g| vec![g.horizon.to_owned(), g.due, g.goal, g.criterion])
                .collect(),
        ),
        Block::Heading(t.people.to_owned()),
    ];
    let people = v.people.into_iter().map(|p| {
        let name = if p.reading.is_empty() {
            p.name
        } else {
            format!("{} ({})", p.name, p.reading)
        };
        vec![
            name,
            p.department,
            p.title,
            p.level.to_owned(),
            p.roles,
            yes(p.key_person),
            yes(p.attended),
            p.stated_role,
        ]
    });
    blocks.push(Block::table(
        &[
            t.name,
            t.department,
            t.job_title,
            t.level,
            t.roles,
            t.key_person,
            t.attended,
            t.stated_role,
        ],
        &[1.6, 1.2, 1.1, 0.8, 1.2, 0.7, 0.7, 1.4],
        people.collect(),
    ));
    blocks.push(Block::Heading(t.risks.to_owned()));
    if v.risks.is_empty() {
        blocks.push(Block::Paragraph(t.no_risks.to_owned()));
    }
    blocks.extend(
        v.risks
            .into_iter()
            .map(|r| Block::Paragraph(format!("・{r}"))),
    );
    document_pdf(&format!("{} — {}", t.title, v.customer), t.lang, &blocks)
}
