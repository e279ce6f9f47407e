//! The stakeholder map: departments as columns, levels as rows, each person a circle sized by
//! influence and coloured by heat, with badges for key person, decision-maker and executor.
//! The layout is computed here once; the app draws it in SVG, and [`svg`] writes the same
//! picture for export (PNG through `render::svg_to_png`).

use std::fmt::Write as _;
use std::path::Path;

use serde::{Deserialize, Serialize};
use specta::Type;

use super::{Level, ProjectRole, Stakeholder, board};
use crate::db::Db;
use crate::error::Result;
use crate::kickoff::texts;
use crate::render::{FONT_FAMILY, escape, svg_to_png};
use crate::settings::Language;

// Whole units, so the layout crosses IPC as plain integers.
pub const LABEL_WIDTH: i32 = 140;
pub const HEADER_HEIGHT: i32 = 44;
pub const SLOT_WIDTH: i32 = 130;
pub const ROW_HEIGHT: i32 = 140;
/// Longest name label on the map, in characters (the full name is in the list).
const LABEL_CHARS: usize = 12;
/// Band above the map in exports (title) and below it (legend).
const TITLE_HEIGHT: i32 = 40;
const LEGEND_HEIGHT: i32 = 36;
/// Badges are 16 units wide, side by side with a 3-unit gap, centred under the name.
pub const BADGE_STEP: f64 = 19.0;

fn badges_width(n: usize) -> f64 {
    (BADGE_STEP * n as f64 - 3.0).max(0.0)
}

/// PNG exports are drawn at twice the SVG size so text stays sharp.
const PNG_SCALE: f32 = 2.0;

#[derive(Debug, Clone, PartialEq, Serialize, Type)]
pub struct MapColumn {
    /// Empty for people without a department.
    pub department: String,
    pub x: i32,
    pub width: i32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Type)]
pub struct MapRow {
    pub level: Level,
    pub y: i32,
    pub height: i32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Type)]
pub struct MapPerson {
    pub stakeholder_id: i64,
    /// The name, shortened for the picture.
    pub label: String,
    pub x: i32,
    pub y: i32,
    pub radius: i32,
    /// Fill colour from the heat (grey when no heat was recorded).
    pub fill: String,
    pub key_person: bool,
    pub decision_maker: bool,
    pub executor: bool,
    /// Left the company or changed role: drawn faded.
    pub inactive: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Type)]
pub struct MapLayout {
    pub width: i32,
    pub height: i32,
    pub columns: Vec<MapColumn>,
    pub rows: Vec<MapRow>,
    pub people: Vec<MapPerson>,
}

/// The image formats of a map export.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum MapFormat {
    Svg,
    Png,
}

/// Cold blue to hot red for heat 1–5.
pub fn heat_colour(heat: Option<i64>) -> &'static str {
    match heat {
        Some(1) => "#5b8def",
        Some(2) => "#8fb5f0",
        Some(3) => "#f2c94c",
        Some(4) => "#f2994a",
        Some(5) => "#eb5757",
        _ => "#c4cdd5",
    }
}

fn short(name: &str) -> String {
    if name.chars().count() <= LABEL_CHARS {
        name.to_owned()
    } else {
        let mut s: String = name.chars().take(LABEL_CHARS - 1).collect();
        s.push('…');
        s
    }
}

/// Places every stakeholder: departments in order of first appearance in the list (people
/// without one last), levels top to bottom, people side by side within a cell.
pub fn layout(people: &[Stakeholder]) -> MapLayout {
    let mut departments: Vec<String> = Vec::new();
    for p in people {
        if !p.department.is_empty() && !departments.contains(&p.department) {
            departments.push(p.department.clone());
        }
    }
    if people.iter().any(|p| p.department.is_empty()) || departments.is_empty() {
        departments.push(String::new());
    }
    fn cell<'a>(
        people: &'a [Stakeholder],
        dept: &'a str,
        level: Level,
    ) -> impl Iterator<Item = &'a Stakeholder> {
        people
            .iter()
            .filter(move |p| p.department == dept && p.level == level)
    }
    let mut columns = Vec::new();
    let mut x = LABEL_WIDTH;
    for dept in &departments {
        let slots = Level::ALL
            .iter()
            .map(|l| cell(people, dept, *l).count())
            .max()
            .unwrap_or(0)
            .max(1);
        let width = SLOT_WIDTH * i32::try_from(slots).unwrap_or(i32::MAX / SLOT_WIDTH);
        columns.push(MapColumn {
            department: dept.clone(),
            x,
            width,
        });
        x += width;
    }
    let rows: Vec<MapRow> = Level::ALL
        .iter()
        .enumerate()
        .map(|(i, level)| MapRow {
            level: *level,
            y: HEADER_HEIGHT + ROW_HEIGHT * i as i32,
            height: ROW_HEIGHT,
        })
        .collect();
    let mut placed = Vec::new();
    for column in &columns {
        for row in &rows {
            for (i, p) in cell(people, &column.department, row.level).enumerate() {
                placed.push(MapPerson {
                    stakeholder_id: p.id,
                    label: short(&p.name),
                    x: column.x + SLOT_WIDTH * i as i32 + SLOT_WIDTH / 2,
                    y: row.y + 56,
                    radius: 10 + 4 * p.influence.clamp(1, 5) as i32,
                    fill: heat_colour(p.heat).to_owned(),
                    key_person: p.key_person,
                    decision_maker: p.has_role(ProjectRole::DecisionMaker),
                    executor: p.has_role(ProjectRole::Executor),
                    inactive: !p.is_active(),
                });
            }
        }
    }
    MapLayout {
        width: x,
        height: HEADER_HEIGHT + ROW_HEIGHT * rows.len() as i32,
        columns,
        rows,
        people: placed,
    }
}

/// The map as a standalone SVG document with a title and a legend, in `lang`.
pub fn svg(layout: &MapLayout, title: &str, lang: Language) -> String {
    let t = texts::texts(lang);
    let width = layout.width.max(720);
    let height = TITLE_HEIGHT + layout.height + LEGEND_HEIGHT;
    let mut s = String::new();
    let _ = write!(
        s,
        r##"<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}" font-family="{FONT_FAMILY}"><rect width="100%" height="100%" fill="#ffffff"/><text x="12" y="27" font-size="18" font-weight="bold" fill="#1f2933">{} — {}</text><g transform="translate(0 {TITLE_HEIGHT})">"##,
        escape(t.map_title),
        escape(title)
    );
    for row in &layout.rows {
        let _ = write!(
            s,
            r##"<rect x="0" y="{}" width="{width}" height="{}" fill="{}"/><text x="10" y="{}" font-size="13" fill="#3e4c59">{}</text>"##,
            row.y,
            row.height,
            if row.level.rank() % 2 == 0 {
                "#f5f7fa"
            } else {
                "#ffffff"
            },
            row.y + 24,
            escape(texts::level(lang, row.level))
        );
    }
    for col in &layout.columns {
        let name = if col.department.is_empty() {
            t.no_department.to_owned()
        } else {
            short(&col.department)
        };
        let _ = write!(
            s,
            r##"<line x1="{x}" y1="0" x2="{x}" y2="{}" stroke="#cbd2d9"/><text x="{}" y="28" font-size="14" font-weight="bold" text-anchor="middle" fill="#1f2933">{}</text>"##,
            layout.height,
            col.x + col.width / 2,
            escape(&name),
            x = col.x
        );
    }
    for p in &layout.people {
        let opacity = if p.inactive { "0.4" } else { "1" };
        let _ = write!(
            s,
            r##"<g opacity="{opacity}"><circle cx="{}" cy="{}" r="{}" fill="{}" stroke="#1f2933" stroke-width="{}"/><text x="{}" y="{}" font-size="12" text-anchor="middle" fill="#1f2933">{}</text>"##,
            p.x,
            p.y,
            p.radius,
            p.fill,
            if p.key_person { 3 } else { 1 },
            p.x,
            p.y + p.radius + 16,
            escape(&p.label)
        );
        let shown: Vec<&str> = [p.key_person, p.decision_maker, p.executor]
            .iter()
            .zip(t.badges)
            .filter(|(on, _)| **on)
            .map(|(_, letter)| letter)
            .collect();
        let mut bx = f64::from(p.x) - badges_width(shown.len()) / 2.0;
        for letter in shown {
            let _ = write!(
                s,
                r##"<rect x="{bx}" y="{}" width="16" height="16" rx="4" fill="#1f2933"/><text x="{}" y="{}" font-size="11" text-anchor="middle" fill="#ffffff">{}</text>"##,
                p.y + p.radius + 22,
                bx + 8.0,
                p.y + p.radius + 34,
                escape(letter)
            );
            bx += BADGE_STEP;
        }
        s.push_str("</g>");
    }
    let _ = write!(
        s,
        r##"</g><text x="12" y="{}" font-size="12" fill="#3e4c59">{}</text></svg>"##,
        height - 14,
        escape(t.map_legend)
    );
    s
}

/// The map file content in a format.
pub async fn render(
    db: &Db,
    project_id: i64,
    lang: Language,
    format: MapFormat,
) -> Result<Vec<u8>> {
    let b = board(db, project_id).await?;
    let picture = svg(
        &layout(&b.stakeholders),
        &b.detail.project.customer_name,
        lang,
    );
    match format {
        MapFormat::Svg => Ok(picture.into_bytes()),
        MapFormat::Png => crate::export::off_thread(move || svg_to_png(&picture, PNG_SCALE)).await,
    }
}

/// Writes the map to `path` (atomically).
pub async fn export(
    db: &Db,
    project_id: i64,
    lang: Language,
    format: MapFormat,
    path: &Path,
) -> Result<()> {
    let bytes = render(db, project_id, lang, format).await?;
    let path = path.to_path_buf();
    crate::export::off_thread(move || crate::export::write_atomic(&path, &bytes)).await
}
