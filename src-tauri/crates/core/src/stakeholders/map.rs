//! The stakeholder map: departments as columns, levels as rows, each person a circle sized by
//! influence and coloured by heat, with badges for key person, decision-maker and executor.
//! The layout is computed here once; the app draws it in SVG, and [`crate::board::map`] writes
//! the same picture for export.

use serde::Serialize;
use specta::Type;

use super::{Level, ProjectRole, Stakeholder};

/// The picture of the map and its export, where callers of the map look for them.
pub use crate::board::map::{MapFormat, export, render, svg};

// Whole units, so the layout crosses IPC as plain integers.
pub const LABEL_WIDTH: i32 = 140;
pub const HEADER_HEIGHT: i32 = 44;
pub const SLOT_WIDTH: i32 = 130;
pub const ROW_HEIGHT: i32 = 140;
/// Longest name label on the map, in characters (the full name is in the list).
const LABEL_CHARS: usize = 12;
/// Badges are 16 units wide, side by side with a 3-unit gap, centred under the name.
pub const BADGE_STEP: f64 = 19.0;

pub(crate) fn badges_width(n: usize) -> f64 {
    (BADGE_STEP * n as f64 - 3.0).max(0.0)
}

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

pub(crate) fn short(name: &str) -> String {
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
