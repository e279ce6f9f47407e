//! The kickoff summary as Markdown and as HTML, in the UI's language. Both are built from one
//! view of the board; every piece of user text is escaped for its format (askama auto-escapes
//! the HTML, [`md`] escapes Markdown), so a name full of markup stays a name.

use std::path::Path;

use askama::Template;

use super::texts::{self, Texts};
use super::{Board, board};
use crate::db::Db;
use crate::error::{CoreError, FieldCode, Result};
use crate::kickoff::SummaryFormat;
use crate::risks::Risk;
use crate::settings::Language;
use crate::stakeholders::Stakeholder;

struct GoalRow {
    horizon: &'static str,
    due: String,
    goal: String,
    criterion: String,
}

struct PersonRow {
    name: String,
    reading: String,
    department: String,
    title: String,
    level: &'static str,
    roles: String,
    key_person: bool,
    attended: bool,
    stated_role: String,
}

#[derive(Template)]
#[template(path = "kickoff_summary.html")]
struct View {
    t: &'static Texts,
    customer: String,
    kickoff: String,
    purpose: String,
    agreed: Vec<String>,
    goals: Vec<GoalRow>,
    people: Vec<PersonRow>,
    risks: Vec<String>,
}

fn risk_line(lang: Language, risk: &Risk) -> String {
    let mut line = texts::risk(lang, risk.code).to_owned();
    let mut subjects: Vec<String> = risk.names.clone();
    subjects.extend(
        risk.horizons
            .iter()
            .map(|h| texts::horizon(lang, *h).to_owned()),
    );
    if !subjects.is_empty() {
        let sep = if lang == Language::Ja { "、" } else { ", " };
        line.push_str(&format!(" ({})", subjects.join(sep)));
    }
    line
}

fn person(lang: Language, s: &Stakeholder) -> PersonRow {
    let sep = if lang == Language::Ja { "、" } else { ", " };
    PersonRow {
        name: s.name.clone(),
        reading: s.reading.clone(),
        department: s.department.clone(),
        title: s.title.clone(),
        level: texts::level(lang, s.level),
        roles: s
            .roles
            .iter()
            .map(|r| texts::role(lang, *r))
            .collect::<Vec<_>>()
            .join(sep),
        key_person: s.key_person,
        attended: s.attended_kickoff,
        stated_role: s.stated_role.clone(),
    }
}

fn view(board: &Board, lang: Language) -> View {
    let name_of = |id: i64| {
        board
            .stakeholders
            .iter()
            .find(|s| s.id == id)
            .map(|s| s.name.clone())
            .unwrap_or_default()
    };
    View {
        t: texts::texts(lang),
        customer: board.detail.project.customer_name.clone(),
        kickoff: texts::date(lang, board.detail.project.kickoff_date),
        purpose: board.purpose.clone(),
        agreed: board
            .agreements
            .iter()
            .map(|a| {
                format!(
                    "{} ({})",
                    name_of(a.stakeholder_id),
                    texts::date(lang, a.agreed_on)
                )
            })
            .collect(),
        goals: board
            .detail
            .milestones
            .iter()
            .filter_map(|m| Some((m.horizon?, m)))
            .map(|(h, m)| GoalRow {
                horizon: texts::horizon(lang, h),
                due: texts::date(lang, m.due_date),
                goal: m.goal.clone(),
                criterion: m.criterion.clone(),
            })
            .collect(),
        people: board.stakeholders.iter().map(|s| person(lang, s)).collect(),
        risks: board.risks.iter().map(|r| risk_line(lang, r)).collect(),
    }
}

/// Escapes user text for Markdown: markup characters are backslash-escaped, `<`, `>` and `&`
/// become entities (so raw HTML is never passed through), and line breaks become spaces so a
/// value stays inside its table cell or list item.
pub fn md(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for (i, c) in text.chars().enumerate() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '\r' | '\n' => out.push(' '),
            '\\' | '`' | '*' | '_' | '[' | ']' | '|' | '~' | '#' => {
                out.push('\\');
                out.push(c);
            }
            '-' | '+' if i == 0 => {
                out.push('\\');
                out.push(c);
            }
            _ => out.push(c),
        }
    }
    out
}

pub fn summary_markdown(board: &Board, lang: Language) -> String {
    let v = view(board, lang);
    let t = v.t;
    let mut out = format!("# {} — {}\n\n", t.title, md(&v.customer));
    out.push_str(&format!("- {}: {}\n", t.customer, md(&v.customer)));
    out.push_str(&format!("- {}: {}\n\n", t.kickoff, v.kickoff));

    out.push_str(&format!("## {}\n\n", t.purpose));
    if v.purpose.is_empty() {
        out.push_str(&format!("_{}_\n\n", t.not_recorded));
    } else {
        out.push_str(&format!("{}\n\n", md(&v.purpose)));
    }
    if v.agreed.is_empty() {
        out.push_str(&format!("{}: _{}_\n\n", t.agreed_by, t.nobody_agreed));
    } else {
        let names: Vec<String> = v.agreed.iter().map(|a| md(a)).collect();
        out.push_str(&format!("{}: {}\n\n", t.agreed_by, names.join(", ")));
    }

    out.push_str(&format!("## {}\n\n", t.goals));
    out.push_str(&format!(
        "| {} | {} | {} | {} |\n|---|---|---|---|\n",
        t.horizon, t.due, t.goal, t.criterion
    ));
    for g in &v.goals {
        out.push_str(&format!(
            "| {} | {} | {} | {} |\n",
            g.horizon,
            g.due,
            md(&g.goal),
            md(&g.criterion)
        ));
    }

    out.push_str(&format!("\n## {}\n\n", t.people));
    out.push_str(&format!(
        "| {} | {} | {} | {} | {} | {} | {} | {} |\n|---|---|---|---|---|---|---|---|\n",
        t.name,
        t.department,
        t.job_title,
        t.level,
        t.roles,
        t.key_person,
        t.attended,
        t.stated_role
    ));
    for p in &v.people {
        let name = if p.reading.is_empty() {
            md(&p.name)
        } else {
            format!("{} ({})", md(&p.name), md(&p.reading))
        };
        out.push_str(&format!(
            "| {} | {} | {} | {} | {} | {} | {} | {} |\n",
            name,
            md(&p.department),
            md(&p.title),
            p.level,
            p.roles,
            if p.key_person { t.yes } else { "" },
            if p.attended { t.yes } else { "" },
            md(&p.stated_role)
        ));
    }

    out.push_str(&format!("\n## {}\n\n", t.risks));
    if v.risks.is_empty() {
        out.push_str(&format!("_{}_\n", t.no_risks));
    }
    for r in &v.risks {
        out.push_str(&format!("- {}\n", md(r)));
    }
    out
}

pub fn summary_html(board: &Board, lang: Language) -> Result<String> {
    view(board, lang)
        .render()
        .map_err(|e| CoreError::Unavailable(format!("writing the summary failed: {e}")))
}

/// The summary of a project in a language and format, as file content.
pub async fn summary(
    db: &Db,
    project_id: i64,
    lang: Language,
    format: SummaryFormat,
) -> Result<String> {
    let board = board(db, project_id).await?;
    match format {
        SummaryFormat::Markdown => Ok(summary_markdown(&board, lang)),
        SummaryFormat::Html => summary_html(&board, lang),
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
    let text = summary(db, project_id, lang, format).await?;
    if path.as_os_str().is_empty() {
        return Err(CoreError::Validation(vec![crate::FieldError::new(
            "path",
            FieldCode::Required,
        )]));
    }
    crate::db::files::write_atomic(path, text.as_bytes())
}
