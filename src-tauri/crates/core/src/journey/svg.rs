//! The journey as a self-contained SVG: lane bands with their names, steps shaped by kind, status
//! dots, connections with arrowheads and labels. Every user text goes through `render::escape`
//! as text content (never markup), so the file opens anywhere and PNG/PDF come from it.
//! A comparison draws the same picture with change marks (added, removed, moved, changed).

use std::collections::HashMap;
use std::fmt::Write;

use super::diff::Mark;
use super::layout::{
    EdgeRoute, LABEL_FONT_SIZE, LABEL_LINE_HEIGHT, LABEL_PADDING, LANE_LABEL_WIDTH, Layout, StepBox,
};
use super::text::{FONT_SIZE, LINE_HEIGHT, text_width, wrap};
use super::{JourneyDoc, Step, StepKind, StepStatus};
use crate::render::{FONT_FAMILY, escape};

const HEADER: f64 = 44.0;
const TEXT_PAD: f64 = 10.0;

/// Change marks for a comparison picture, keyed by step and connection id.
#[derive(Debug, Clone, Default)]
pub struct Marks {
    pub steps: HashMap<String, Mark>,
    pub connections: HashMap<String, Mark>,
    /// Legend entries in the reader's words, e.g. ("added", "Added").
    pub legend: Vec<(Mark, String)>,
}

fn mark_color(mark: Mark) -> &'static str {
    match mark {
        Mark::Added => "#1a7f37",
        Mark::Removed => "#cf222e",
        Mark::Moved => "#0969da",
        Mark::Changed => "#9a6700",
    }
}

fn mark_name(mark: Mark) -> &'static str {
    match mark {
        Mark::Added => "added",
        Mark::Removed => "removed",
        Mark::Moved => "moved",
        Mark::Changed => "changed",
    }
}

fn text_lines(
    out: &mut String,
    (x, y): (f64, f64),
    lines: &[String],
    line_height: f64,
    attrs: &str,
) {
    let _ = write!(out, r#"<text x="{x:.1}" y="{y:.1}"{attrs}>"#);
    for (i, line) in lines.iter().enumerate() {
        let dy = if i == 0 { 0.0 } else { line_height };
        let _ = write!(
            out,
            r#"<tspan x="{x:.1}" dy="{dy}">{}</tspan>"#,
            escape(line)
        );
    }
    out.push_str("</text>");
}

fn shape(out: &mut String, b: &StepBox, kind: StepKind, fill: &str, stroke: &str, extra: &str) {
    let (x, y, w, h) = (b.x, b.y, b.width, b.height);
    let _ = match kind {
        StepKind::Action => write!(
            out,
            r#"<rect x="{x:.1}" y="{y:.1}" width="{w}" height="{h}" rx="6" fill="{fill}" stroke="{stroke}"{extra}/>"#
        ),
        StepKind::Touchpoint => write!(
            out,
            r#"<rect x="{x:.1}" y="{y:.1}" width="{w}" height="{h}" rx="{}" fill="{fill}" stroke="{stroke}"{extra}/>"#,
            h / 2.0
        ),
        StepKind::Document => write!(
            out,
            r#"<path d="M{x:.1},{y:.1} h{} l14,14 v{} h-{w} z" fill="{fill}" stroke="{stroke}"{extra}/>"#,
            w - 14.0,
            h - 14.0
        ),
        StepKind::Decision => write!(
            out,
            r#"<path d="M{:.1},{y:.1} h{} l14,{} l-14,{} h-{} l-14,-{} z" fill="{fill}" stroke="{stroke}"{extra}/>"#,
            x + 14.0,
            w - 28.0,
            h / 2.0,
            h / 2.0,
            w - 28.0,
            h / 2.0
        ),
        StepKind::Milestone => write!(
            out,
            r#"<rect x="{x:.1}" y="{y:.1}" width="{w}" height="{h}" rx="2" fill="{fill}" stroke="{stroke}" stroke-width="3"{extra}/>"#
        ),
    };
}

fn status_dot(out: &mut String, b: &StepBox, status: Option<StepStatus>) {
    let (cx, cy) = (b.x + b.width - 10.0, b.y + 10.0);
    let _ = match status {
        None => Ok(()),
        Some(StepStatus::Done) => write!(
            out,
            r##"<circle cx="{cx:.1}" cy="{cy:.1}" r="5" fill="#1a7f37"/>"##
        ),
        Some(StepStatus::Current) => write!(
            out,
            r##"<circle cx="{cx:.1}" cy="{cy:.1}" r="5" fill="#0969da"/>"##
        ),
        Some(StepStatus::Next) => write!(
            out,
            r##"<circle cx="{cx:.1}" cy="{cy:.1}" r="4.5" fill="#fff" stroke="#0969da" stroke-width="1.5"/>"##
        ),
    };
}

fn edge_path(e: &EdgeRoute) -> String {
    let (s, t) = (e.start, e.end);
    if (s.x - t.x).abs() < 1.0 {
        let dy = ((t.y - s.y) / 2.0).abs().max(20.0) * (t.y - s.y).signum();
        format!(
            "M{:.1},{:.1} C{:.1},{:.1} {:.1},{:.1} {:.1},{:.1}",
            s.x,
            s.y,
            s.x,
            s.y + dy,
            t.x,
            t.y - dy,
            t.x,
            t.y
        )
    } else {
        let dx = ((t.x - s.x) / 2.0).abs().max(30.0) * (t.x - s.x).signum();
        format!(
            "M{:.1},{:.1} C{:.1},{:.1} {:.1},{:.1} {:.1},{:.1}",
            s.x,
            s.y,
            s.x + dx,
            s.y,
            t.x - dx,
            t.y,
            t.x,
            t.y
        )
    }
}

/// The journey picture.
pub fn to_svg(title: &str, doc: &JourneyDoc, layout: &Layout) -> String {
    to_svg_marked(title, doc, layout, &Marks::default())
}

/// The journey picture with change marks (for a comparison of two revisions): the header with
/// the title and the legend, then lanes, connections, their labels and steps, each drawn over
/// the previous.
pub fn to_svg_marked(title: &str, doc: &JourneyDoc, layout: &Layout, marks: &Marks) -> String {
    let (w, h) = (layout.width, layout.height + HEADER);
    let mut out = String::with_capacity(1024 + doc.steps.len() * 700);
    let _ = write!(
        out,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{w:.0}" height="{h:.0}" viewBox="0 0 {w:.0} {h:.0}" font-family="{FONT_FAMILY}" font-size="{FONT_SIZE}">"#
    );
    header(&mut out, title, w, marks);
    let _ = write!(out, r#"<g transform="translate(0,{HEADER})">"#);
    lanes(&mut out, doc, layout, w);
    connections(&mut out, layout, marks);
    connection_labels(&mut out, layout);
    steps(&mut out, doc, layout, marks);
    out.push_str("</g></svg>");
    out
}

/// Arrow markers, the title and the legend of the marks.
fn header(out: &mut String, title: &str, w: f64, marks: &Marks) {
    out.push_str("<defs>");
    for (id, color) in [("arrow", "#57606a")].into_iter().chain(
        [Mark::Added, Mark::Removed, Mark::Moved, Mark::Changed]
            .map(|m| (mark_name(m), mark_color(m))),
    ) {
        let _ = write!(
            out,
            r#"<marker id="arrow-{id}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="{color}"/></marker>"#
        );
    }
    out.push_str("</defs>");
    // The lane bands cover everything below the header, so only the header needs a background
    // (a full-size rectangle would cost one more whole-picture fill in a large PNG).
    let _ = write!(
        out,
        r##"<rect width="{w:.0}" height="{HEADER}" fill="#ffffff"/>"##
    );
    let _ = write!(
        out,
        r##"<text x="12" y="28" font-size="18" font-weight="bold" fill="#1f2328">{}</text>"##,
        escape(title)
    );
    let mut legend_x = w - 12.0;
    for (mark, label) in marks.legend.iter().rev() {
        let width = text_width(label, FONT_SIZE) + 28.0;
        legend_x -= width;
        let _ = write!(
            out,
            r#"<rect x="{:.1}" y="16" width="12" height="12" fill="none" stroke="{c}" stroke-width="2"/><text x="{:.1}" y="27" fill="{c}">{}</text>"#,
            legend_x,
            legend_x + 16.0,
            escape(label),
            c = mark_color(*mark)
        );
    }
}

fn lanes(out: &mut String, doc: &JourneyDoc, layout: &Layout, w: f64) {
    let lanes_by_id: HashMap<&str, &super::Lane> =
        doc.lanes.iter().map(|l| (l.id.as_str(), l)).collect();
    for band in &layout.lanes {
        let Some(lane) = lanes_by_id.get(band.id.as_str()) else {
            continue;
        };
        let _ = write!(
            out,
            r##"<rect x="0" y="{:.1}" width="{w:.0}" height="{:.1}" fill="{}" stroke="#d0d7de"/><rect x="0" y="{:.1}" width="{LANE_LABEL_WIDTH}" height="{:.1}" fill="#ffffff" fill-opacity="0.55" stroke="#d0d7de"/>"##,
            band.y,
            band.height,
            escape(&lane.color),
            band.y,
            band.height
        );
        let lines = wrap(
            &lane.name,
            LANE_LABEL_WIDTH - 2.0 * TEXT_PAD,
            FONT_SIZE,
            Some(3),
        );
        text_lines(
            out,
            (TEXT_PAD, band.y + 24.0),
            &lines,
            LINE_HEIGHT,
            r##" font-weight="bold" fill="#1f2328""##,
        );
    }
}

fn connections(out: &mut String, layout: &Layout, marks: &Marks) {
    for e in &layout.edges {
        let mark = marks.connections.get(&e.id).copied();
        let (color, marker) = match mark {
            Some(m) => (mark_color(m), mark_name(m)),
            None => ("#57606a", "arrow"),
        };
        let dash = if e.back || mark == Some(Mark::Removed) {
            r#" stroke-dasharray="6 4""#
        } else {
            ""
        };
        // One pixel like the step borders (and draw.io's connectors); a marked connection
        // stands out at 2.5. At scale 1 the PNG renderer draws 1-px lines as hairlines, which on
        // a large journey takes a third less time than wider lines.
        let width = if mark.is_some() { 2.5 } else { 1.0 };
        let _ = write!(
            out,
            r#"<path d="{}" fill="none" stroke="{color}" stroke-width="{width}"{dash} marker-end="url(#arrow-{marker})"/>"#,
            edge_path(e)
        );
    }
}

/// Labels after all lines so no line crosses a label: each in the box the layout reserved for
/// it (clear of steps and other labels), on a light background, every line of it.
fn connection_labels(out: &mut String, layout: &Layout) {
    for label in layout.edges.iter().filter_map(|e| e.label.as_ref()) {
        let _ = write!(
            out,
            r##"<rect x="{:.1}" y="{:.1}" width="{:.1}" height="{:.1}" rx="3" fill="#ffffff" fill-opacity="0.9"/>"##,
            label.x, label.y, label.width, label.height
        );
        // The first baseline sits one font size below the padding (glyphs stay inside the box).
        let baseline = label.y + LABEL_PADDING + LABEL_FONT_SIZE + 0.5;
        text_lines(
            out,
            (label.x + LABEL_PADDING, baseline),
            &label.lines,
            LABEL_LINE_HEIGHT,
            &format!(r##" font-size="{LABEL_FONT_SIZE}" fill="#1f2328""##),
        );
    }
}

fn steps(out: &mut String, doc: &JourneyDoc, layout: &Layout, marks: &Marks) {
    let steps_by_id: HashMap<&str, &Step> = doc.steps.iter().map(|s| (s.id.as_str(), s)).collect();
    for b in &layout.steps {
        let Some(step) = steps_by_id.get(b.id.as_str()) else {
            continue;
        };
        let mark = marks.steps.get(&b.id).copied();
        let (stroke, extra) = match mark {
            Some(Mark::Removed) => (
                mark_color(Mark::Removed),
                r#" stroke-width="2.5" stroke-dasharray="6 4" fill-opacity="0.6""#,
            ),
            Some(m) => (mark_color(m), r#" stroke-width="2.5""#),
            None => ("#57606a", ""),
        };
        let _ = write!(out, "<g><title>{}</title>", escape(&step.title));
        shape(out, b, step.kind, "#ffffff", stroke, extra);
        status_dot(out, b, step.status);
        let lines = wrap(
            &step.title,
            b.width - 2.0 * TEXT_PAD - 8.0,
            FONT_SIZE,
            Some(3),
        );
        let top = b.y + b.height / 2.0 - (lines.len() as f64 - 1.0) * LINE_HEIGHT / 2.0 + 4.5;
        text_lines(
            out,
            (b.x + TEXT_PAD + 4.0, top),
            &lines,
            LINE_HEIGHT,
            r##" fill="#1f2328""##,
        );
        out.push_str("</g>");
    }
}
