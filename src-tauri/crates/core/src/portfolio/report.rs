//! The one-page project report for business reviews, as HTML (askama, auto-escaped) or Markdown
//! (user text escaped), in Japanese or English.

use askama::Template;
use serde::{Deserialize, Serialize};
use specta::Type;

use crate::db::Db;
use crate::error::{CoreError, Result};
use crate::milestones::{Horizon, MilestoneStatus};
use crate::projects::{self, Segment};
use crate::settings::Language;
use crate::stages::{self, ProjectPlan};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum ReportFormat {
    Html,
    Markdown,
    /// A4, text selectable.
    Pdf,
}

#[derive(Debug)]
pub(super) struct Labels {
    pub(super) title: &'static str,
    pub(super) segment: &'static str,
    pub(super) owner: &'static str,
    pub(super) contract: &'static str,
    pub(super) kickoff: &'static str,
    pub(super) playbook: &'static str,
    pub(super) stage: &'static str,
    pub(super) ttv: &'static str,
    pub(super) team: &'static str,
    pub(super) milestones: &'static str,
    pub(super) milestone: &'static str,
    pub(super) goal: &'static str,
    pub(super) criterion: &'static str,
    pub(super) due: &'static str,
    pub(super) status: &'static str,
    pub(super) evidence: &'static str,
    pub(super) stages: &'static str,
    pub(super) exit_criteria: &'static str,
    pub(super) entered: &'static str,
    pub(super) days: &'static str,
    pub(super) next_actions: &'static str,
    pub(super) action: &'static str,
    pub(super) department: &'static str,
}

const EN: Labels = Labels {
    title: "Onboarding report",
    segment: "Segment",
    owner: "Owner",
    contract: "Contract",
    kickoff: "Kickoff",
    playbook: "Playbook",
    stage: "Stage",
    ttv: "Time-to-value",
    team: "Team",
    milestones: "First goals and milestones",
    milestone: "Milestone",
    goal: "Goal (object level)",
    criterion: "Criterion (achievement level)",
    due: "Due",
    status: "Status",
    evidence: "Evidence",
    stages: "Stages",
    exit_criteria: "Exit criteria",
    entered: "Entered",
    days: "Days in stage",
    next_actions: "Next actions",
    action: "Action",
    department: "Department",
};

const JA: Labels = Labels {
    title: "オンボーディングレポート",
    segment: "セグメント",
    owner: "担当",
    contract: "契約日",
    kickoff: "キックオフ",
    playbook: "プレイブック",
    stage: "ステージ",
    ttv: "TTV",
    team: "チーム",
    milestones: "ファーストゴールとマイルストーン",
    milestone: "マイルストーン",
    goal: "ゴール（オブジェクトレベル）",
    criterion: "達成基準（アチーブメントレベル）",
    due: "期日",
    status: "状態",
    evidence: "根拠",
    stages: "ステージ",
    exit_criteria: "完了基準",
    entered: "開始日",
    days: "滞在日数",
    next_actions: "次のアクション",
    action: "アクション",
    department: "部門",
};

#[derive(Debug)]
pub(super) struct MilestoneLine {
    pub(super) name: String,
    pub(super) goal: String,
    pub(super) criterion: String,
    pub(super) due: String,
    pub(super) status: String,
    pub(super) evidence: String,
}

#[derive(Debug)]
pub(super) struct StageLine {
    pub(super) name: String,
    pub(super) exit_criteria: String,
    pub(super) entered: String,
    pub(super) days: String,
}

#[derive(Debug)]
pub(super) struct ActionLine {
    pub(super) title: String,
    pub(super) department: String,
    pub(super) due: String,
}

/// The report's content, already worded in the chosen language.
#[derive(Debug)]
pub(super) struct Report {
    pub(super) customer: String,
    pub(super) today: String,
    pub(super) segment: String,
    pub(super) owner: String,
    pub(super) contract: String,
    pub(super) kickoff: String,
    pub(super) playbook: String,
    pub(super) stage: String,
    pub(super) ttv: String,
    pub(super) team: String,
    pub(super) milestones: Vec<MilestoneLine>,
    pub(super) stages: Vec<StageLine>,
    pub(super) actions: Vec<ActionLine>,
}

#[derive(Template)]
#[template(path = "project_report.html")]
struct HtmlReport<'a> {
    lang: &'a str,
    l: &'a Labels,
    r: &'a Report,
}

fn word(lang: Language, en: &str, ja: &str) -> String {
    match lang {
        Language::En => en.to_owned(),
        Language::Ja => ja.to_owned(),
    }
}

fn segment_name(s: Segment, lang: Language) -> String {
    match s {
        Segment::HighTouch => word(lang, "High-touch", "ハイタッチ"),
        Segment::LowTouch => word(lang, "Low-touch", "ロータッチ"),
        Segment::TechTouch => word(lang, "Tech-touch", "テックタッチ"),
    }
}

fn horizon_name(h: Horizon, lang: Language) -> String {
    match h {
        Horizon::OneMonth => word(lang, "1 month", "1ヶ月"),
        Horizon::ThreeMonths => word(lang, "3 months", "3ヶ月"),
        Horizon::OneYear => word(lang, "1 year", "1年"),
    }
}

fn status_name(s: MilestoneStatus, lang: Language) -> String {
    match s {
        MilestoneStatus::Planned => word(lang, "Planned", "予定"),
        MilestoneStatus::InProgress => word(lang, "In progress", "進行中"),
        MilestoneStatus::Achieved => word(lang, "Achieved", "達成"),
        MilestoneStatus::Missed => word(lang, "Missed", "未達"),
    }
}

pub(super) async fn build(
    db: &Db,
    project_id: i64,
    lang: Language,
    plan: &ProjectPlan,
) -> Result<Report> {
    let detail = projects::get(db, project_id).await?;
    let p = &detail.project;
    let current = plan
        .stages
        .iter()
        .find(|s| Some(s.id) == plan.current_stage_id);
    let ttv_words = if plan.ttv.finished {
        word(lang, "days", "日")
    } else {
        word(lang, "days so far", "日（経過中）")
    };
    Ok(Report {
        customer: p.customer_name.clone(),
        today: plan.today.to_string(),
        segment: segment_name(p.segment, lang),
        owner: p.owner.clone(),
        contract: p.contract_date.to_string(),
        kickoff: p.kickoff_date.to_string(),
        playbook: plan.playbook_name.clone(),
        stage: current.map(|s| s.name.clone()).unwrap_or_default(),
        ttv: format!("{} {ttv_words}", plan.ttv.days),
        team: plan
            .team
            .iter()
            .map(|m| m.name.clone())
            .collect::<Vec<_>>()
            .join(", "),
        milestones: detail
            .milestones
            .iter()
            .map(|m| MilestoneLine {
                name: m
                    .horizon
                    .map_or_else(|| m.title.clone(), |h| horizon_name(h, lang)),
                goal: m.goal.clone(),
                criterion: m.criterion.clone(),
                due: m.due_date.to_string(),
                status: match m.achieved_on {
                    Some(d) => format!("{} ({d})", status_name(m.status, lang)),
                    None => status_name(m.status, lang),
                },
                evidence: m.evidence.clone(),
            })
            .collect(),
        stages: plan
            .stages
            .iter()
            .map(|s| StageLine {
                name: s.name.clone(),
                exit_criteria: s.exit_criteria.clone(),
                entered: s.entered_on.map(|d| d.to_string()).unwrap_or_default(),
                days: s.days_in_stage.map(|d| d.to_string()).unwrap_or_default(),
            })
            .collect(),
        actions: plan
            .next_actions
            .iter()
            .map(|a| ActionLine {
                title: a.title.clone(),
                department: a.department.clone(),
                due: a.due_date.map(|d| d.to_string()).unwrap_or_default(),
            })
            .collect(),
    })
}

pub(super) fn labels(lang: Language) -> &'static Labels {
    match lang {
        Language::En => &EN,
        Language::Ja => &JA,
    }
}

/// The report as a standalone HTML page; every user text is HTML-escaped by the template.
pub async fn report_html(
    db: &Db,
    project_id: i64,
    lang: Language,
    today: chrono::NaiveDate,
) -> Result<String> {
    let plan = stages::plan(db, project_id, today).await?;
    let report = build(db, project_id, lang, &plan).await?;
    let lang_code = match lang {
        Language::En => "en",
        Language::Ja => "ja",
    };
    HtmlReport {
        lang: lang_code,
        l: labels(lang),
        r: &report,
    }
    .render()
    .map_err(|e| CoreError::Unavailable(format!("writing the report failed: {e}")))
}

/// Escapes text for Markdown: characters with an inline meaning in Markdown or in table cells get
/// a backslash (user text never starts a line, so line-start markers need none), line breaks become spaces, and `<` `>` `&` become entities so no HTML gets through.
pub fn md_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' | '`' | '*' | '_' | '{' | '}' | '[' | ']' | '|' | '~' => {
                out.push('\\');
                out.push(c);
            }
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '\n' | '\r' => out.push(' '),
            _ => out.push(c),
        }
    }
    out
}

/// The report as Markdown, user text escaped.
pub async fn report_markdown(
    db: &Db,
    project_id: i64,
    lang: Language,
    today: chrono::NaiveDate,
) -> Result<String> {
    use std::fmt::Write;
    let plan = stages::plan(db, project_id, today).await?;
    let r = build(db, project_id, lang, &plan).await?;
    let l = labels(lang);
    let e = md_escape;
    let mut s = String::new();
    let _ = writeln!(s, "# {}\n\n{} · {}\n", e(&r.customer), l.title, r.today);
    for (k, v) in [
        (l.segment, &r.segment),
        (l.owner, &r.owner),
        (l.contract, &r.contract),
        (l.kickoff, &r.kickoff),
        (l.playbook, &r.playbook),
        (l.stage, &r.stage),
        (l.ttv, &r.ttv),
        (l.team, &r.team),
    ] {
        let _ = writeln!(s, "- **{k}**: {}", e(v));
    }
    let _ = writeln!(s, "\n## {}\n", l.milestones);
    let _ = writeln!(
        s,
        "| {} | {} | {} | {} | {} | {} |\n|---|---|---|---|---|---|",
        l.milestone, l.goal, l.criterion, l.due, l.status, l.evidence
    );
    for m in &r.milestones {
        let _ = writeln!(
            s,
            "| {} | {} | {} | {} | {} | {} |",
            e(&m.name),
            e(&m.goal),
            e(&m.criterion),
            e(&m.due),
            e(&m.status),
            e(&m.evidence)
        );
    }
    let _ = writeln!(s, "\n## {}\n", l.stages);
    let _ = writeln!(
        s,
        "| {} | {} | {} | {} |\n|---|---|---|---|",
        l.stage, l.exit_criteria, l.entered, l.days
    );
    for st in &r.stages {
        let _ = writeln!(
            s,
            "| {} | {} | {} | {} |",
            e(&st.name),
            e(&st.exit_criteria),
            e(&st.entered),
            e(&st.days)
        );
    }
    let _ = writeln!(s, "\n## {}\n", l.next_actions);
    for a in &r.actions {
        let _ = writeln!(s, "- {} ({}, {})", e(&a.title), e(&a.department), e(&a.due));
    }
    Ok(s)
}
