//! The stakeholder map as a picture: a standalone SVG with a title and a legend in the user's
//! language, or a PNG of it, for export.

use std::fmt::Write as _;
use std::path::Path;

use serde::{Deserialize, Serialize};
use specta::Type;

use super::{board, texts};
use crate::db::Db;
use crate::db::files::{off_thread, write_atomic};
use crate::error::Result;
use crate::render::{FONT_FAMILY, escape, svg_to_png};
use crate::settings::Language;
use crate::stakeholders::map::*;

/// Band above the map in exports (title) and below it (legend).
const TITLE_HEIGHT: i32 = 40;
const LEGEND_HEIGHT: i32 = 36;

/// PNG exports are drawn at twice the SVG size so text stays sharp.
const PNG_SCALE: f32 = 2.0;

/// The image formats of a map export.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum MapFormat {
    Svg,
    Png,
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
    level_rows(&mut s, layout, width, lang);
    department_columns(&mut s, layout, lang);
    people(&mut s, layout, lang);
    let _ = write!(
        s,
        r##"</g><text x="12" y="{}" font-size="12" fill="#3e4c59">{}</text></svg>"##,
        height - 14,
        escape(t.map_legend)
    );
    s
}

/// A band per level, alternately shaded, named on the left.
fn level_rows(s: &mut String, layout: &MapLayout, width: i32, lang: Language) {
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
}

/// A column per department, named at the top.
fn department_columns(s: &mut String, layout: &MapLayout, lang: Language) {
    let t = texts::texts(lang);
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
}

/// Each person: a circle sized by influence and coloured by heat, the name, and the badges.
fn people(s: &mut String, layout: &MapLayout, lang: Language) {
    let t = texts::texts(lang);
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
        MapFormat::Png => off_thread(move || svg_to_png(&picture, PNG_SCALE)).await,
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
    off_thread(move || write_atomic(&path, &bytes)).await
}
