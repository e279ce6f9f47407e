//! The calendar export (iCalendar, RFC 5545): a project's — or every open project's — kickoff,
//! milestones and dated stage actions as all-day events. Each event's UID is made of what it
//! comes from and that record's id, so importing a newer export updates the same events instead
//! of adding copies. The `icalendar` crate writes the file: it escapes TEXT values (`\` `,` `;`
//! and line breaks) and folds content lines at 75 octets without splitting a character.

mod load;

use std::path::Path;

use chrono::{Days, NaiveDate};
use icalendar::{Calendar, Component, Event, EventLike};
use serde::{Deserialize, Serialize};
use specta::Type;

use crate::db::Db;
use crate::error::Result;
use crate::milestones::Horizon;
use crate::settings::Language;

/// Which projects a calendar holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(tag = "kind", content = "project_id", rename_all = "snake_case")]
pub enum CalendarScope {
    /// One project, archived or not.
    Project(i64),
    /// Every project that is not archived.
    OpenProjects,
}

/// One all-day event, worded in the chosen language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CalendarEvent {
    pub uid: String,
    pub date: NaiveDate,
    pub summary: String,
    pub description: String,
}

struct Words {
    kickoff: &'static str,
    first_goal: &'static str,
    milestone: &'static str,
    action: &'static str,
    done: &'static str,
    project: &'static str,
    goal: &'static str,
    criterion: &'static str,
    stage: &'static str,
    department: &'static str,
    done_on: &'static str,
    horizons: [&'static str; 3],
}

const EN: Words = Words {
    kickoff: "Kickoff",
    first_goal: "First goal",
    milestone: "Milestone",
    action: "Action",
    done: " (done)",
    project: "Project",
    goal: "Goal",
    criterion: "Criterion",
    stage: "Stage",
    department: "Department",
    done_on: "Done on",
    horizons: ["1 month", "3 months", "1 year"],
};

const JA: Words = Words {
    kickoff: "キックオフ",
    first_goal: "ファーストゴール",
    milestone: "マイルストーン",
    action: "アクション",
    done: "（完了）",
    project: "プロジェクト",
    goal: "ゴール",
    criterion: "達成基準",
    stage: "ステージ",
    department: "部門",
    done_on: "完了日",
    horizons: ["1ヶ月", "3ヶ月", "1年"],
};

fn words(lang: Language) -> &'static Words {
    match lang {
        Language::En => &EN,
        Language::Ja => &JA,
    }
}

/// `Label: subject — customer` in English, `ラベル：subject（customer）` in Japanese.
fn summary(lang: Language, label: &str, subject: &str, customer: &str) -> String {
    match (lang, subject.is_empty()) {
        (Language::En, true) => format!("{label}: {customer}"),
        (Language::En, false) => format!("{label}: {subject} — {customer}"),
        (Language::Ja, true) => format!("{label}：{customer}"),
        (Language::Ja, false) => format!("{label}：{subject}（{customer}）"),
    }
}

/// `Key: value` lines, the empty values left out.
fn description(lang: Language, lines: &[(&str, &str)]) -> String {
    let sep = if lang == Language::Ja { "：" } else { ": " };
    lines
        .iter()
        .filter(|(_, v)| !v.is_empty())
        .map(|(k, v)| format!("{k}{sep}{v}"))
        .collect::<Vec<_>>()
        .join("\n")
}

fn horizon_name(w: &Words, h: Horizon) -> &'static str {
    match h {
        Horizon::OneMonth => w.horizons[0],
        Horizon::ThreeMonths => w.horizons[1],
        Horizon::OneYear => w.horizons[2],
    }
}

fn build(rows: load::Rows, lang: Language) -> Vec<CalendarEvent> {
    let w = words(lang);
    let customers: std::collections::HashMap<i64, &str> = rows
        .projects
        .iter()
        .map(|p| (p.id, p.customer.as_str()))
        .collect();
    let customer = |id: i64| customers.get(&id).copied().unwrap_or_default();
    let mut events = Vec::new();
    for p in &rows.projects {
        events.push(CalendarEvent {
            uid: format!("firstgoal-project-{}-kickoff@firstgoal", p.id),
            date: p.kickoff,
            summary: summary(lang, w.kickoff, "", &p.customer),
            description: description(lang, &[(w.project, &p.customer)]),
        });
    }
    for m in &rows.milestones {
        let c = customer(m.project_id);
        let summary = match m.horizon {
            Some(h) => {
                let label = match lang {
                    Language::En => format!("{} ({})", w.first_goal, horizon_name(w, h)),
                    Language::Ja => format!("{}（{}）", w.first_goal, horizon_name(w, h)),
                };
                summary(lang, &label, "", c)
            }
            None => summary(lang, w.milestone, &m.title, c),
        };
        events.push(CalendarEvent {
            uid: format!("firstgoal-milestone-{}@firstgoal", m.id),
            date: m.due,
            summary,
            description: description(
                lang,
                &[
                    (w.project, c),
                    (w.goal, &m.goal),
                    (w.criterion, &m.criterion),
                ],
            ),
        });
    }
    for a in &rows.actions {
        let c = customer(a.project_id);
        let mut summary = summary(lang, w.action, &a.title, c);
        let done_on = a.done_on.map(|d| d.to_string()).unwrap_or_default();
        if a.done_on.is_some() {
            summary.push_str(w.done);
        }
        events.push(CalendarEvent {
            uid: format!("firstgoal-action-{}@firstgoal", a.id),
            date: a.due,
            summary,
            description: description(
                lang,
                &[
                    (w.project, c),
                    (w.stage, &a.stage),
                    (w.department, &a.department),
                    (w.done_on, &done_on),
                ],
            ),
        });
    }
    events
}

/// The events of the projects in `scope`: each project's kickoff, then milestones, then dated
/// stage actions.
pub async fn events(db: &Db, scope: CalendarScope, lang: Language) -> Result<Vec<CalendarEvent>> {
    Ok(build(load::rows(db, scope).await?, lang))
}

/// Text as iCalendar TEXT may hold it: line breaks as `\n` (the writer escapes them), no other
/// control characters.
fn plain(text: &str) -> String {
    text.replace("\r\n", "\n")
        .replace('\r', "\n")
        .chars()
        .filter(|c| !c.is_control() || *c == '\n' || *c == '\t')
        .collect()
}

/// The events as an iCalendar document (CRLF line ends, folded lines).
pub fn ics(events: &[CalendarEvent]) -> String {
    let mut cal = Calendar::empty();
    cal.append_property(("VERSION", "2.0"))
        .append_property((
            "PRODID",
            concat!(
                "-//FirstGoal//FirstGoal ",
                env!("CARGO_PKG_VERSION"),
                "//EN"
            ),
        ))
        .append_property(("CALSCALE", "GREGORIAN"))
        .name("FirstGoal");
    for e in events {
        let next_day = e.date.checked_add_days(Days::new(1)).unwrap_or(e.date);
        cal.push(
            Event::new()
                .uid(&e.uid)
                .starts(e.date)
                .ends(next_day)
                .summary(&plain(&e.summary))
                .description(&plain(&e.description))
                .done(),
        );
    }
    cal.done().to_string()
}

/// Writes the calendar of `scope` to `path` (atomically, off the async threads); returns how
/// many events it holds.
pub async fn export(db: &Db, scope: CalendarScope, lang: Language, path: &Path) -> Result<usize> {
    let events = events(db, scope, lang).await?;
    let path = path.to_owned();
    crate::db::files::off_thread(move || {
        let text = ics(&events);
        crate::db::files::write_atomic(&path, text.as_bytes())?;
        Ok(events.len())
    })
    .await
}
