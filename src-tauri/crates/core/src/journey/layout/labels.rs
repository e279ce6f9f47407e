//! Where connection labels go: as near the middle of their connection as the picture allows,
//! clear of every step, of the lane names and of the labels placed before them, and wholly
//! inside the picture (the layout widens the picture for a label past its right edge). A label
//! is never cut: it wraps onto as many lines as it needs.

use std::collections::HashMap;

use serde::Serialize;
use specta::Type;

use super::{EdgeRoute, LANE_LABEL_WIDTH, StepBox};
use crate::journey::text::{text_width, wrap};

pub const LABEL_FONT_SIZE: f64 = 11.0;
pub const LABEL_LINE_HEIGHT: f64 = 15.0;
/// Space between a label's box and its text.
pub const LABEL_PADDING: f64 = 3.0;
/// Widest line of a label before it wraps.
const LABEL_MAX_WIDTH: f64 = 200.0;
/// Clear space kept around steps and other labels.
const CLEARANCE: f64 = 4.0;
/// Cell size of the grid that finds the obstacles near a candidate place.
const CELL: f64 = 256.0;

/// A connection label's box in diagram coordinates and its text broken into lines.
#[derive(Debug, Clone, PartialEq, Serialize, Type)]
pub struct LabelBox {
    pub x: f64,
    pub y: f64,
    pub width: f64,
    pub height: f64,
    pub lines: Vec<String>,
}

#[derive(Debug, Clone, Copy)]
struct Rect {
    x: f64,
    y: f64,
    w: f64,
    h: f64,
}

impl Rect {
    fn overlaps(&self, o: &Rect) -> bool {
        self.x < o.x + o.w && o.x < self.x + self.w && self.y < o.y + o.h && o.y < self.y + self.h
    }

    fn grown(self, by: f64) -> Rect {
        Rect {
            x: self.x - by,
            y: self.y - by,
            w: self.w + 2.0 * by,
            h: self.h + 2.0 * by,
        }
    }
}

/// Rectangles already taken, bucketed in a grid so a lookup reads only the nearby ones.
#[derive(Default)]
struct Taken {
    cells: HashMap<(i64, i64), Vec<Rect>>,
}

impl Taken {
    fn cells_of(r: &Rect) -> impl Iterator<Item = (i64, i64)> {
        let (x0, x1) = (
            (r.x / CELL).floor() as i64,
            ((r.x + r.w) / CELL).floor() as i64,
        );
        let (y0, y1) = (
            (r.y / CELL).floor() as i64,
            ((r.y + r.h) / CELL).floor() as i64,
        );
        (x0..=x1).flat_map(move |x| (y0..=y1).map(move |y| (x, y)))
    }

    fn insert(&mut self, r: Rect) {
        for key in Self::cells_of(&r) {
            self.cells.entry(key).or_default().push(r);
        }
    }

    fn hits(&self, r: &Rect) -> bool {
        Self::cells_of(r).any(|key| {
            self.cells
                .get(&key)
                .is_some_and(|rs| rs.iter().any(|o| o.overlaps(r)))
        })
    }
}

/// Offsets from the middle of a connection to try, nearest first (moving along the line costs
/// less than moving across it).
fn offsets() -> Vec<(f64, f64)> {
    let mut out: Vec<(f64, f64)> = (-12..=12)
        .flat_map(|i| (-24..=24).map(move |j| (f64::from(i) * 24.0, f64::from(j) * 8.0)))
        .collect();
    out.sort_by(|a, b| {
        (a.0.powi(2) + 2.0 * a.1.powi(2)).total_cmp(&(b.0.powi(2) + 2.0 * b.1.powi(2)))
    });
    out
}

/// Sets `label` on every route whose connection has a text in `texts` (by route index), placed
/// clear of `steps` inside `0..height` below; returns the right edge of the rightmost label.
pub(super) fn place_labels(
    routes: &mut [EdgeRoute],
    texts: &[&str],
    steps: &[StepBox],
    height: f64,
) -> f64 {
    let mut taken = Taken::default();
    for s in steps {
        taken.insert(
            Rect {
                x: s.x,
                y: s.y,
                w: s.width,
                h: s.height,
            }
            .grown(CLEARANCE),
        );
    }
    let offsets = offsets();
    let left = LANE_LABEL_WIDTH + CLEARANCE;
    let mut right: f64 = 0.0;
    for (route, text) in routes.iter_mut().zip(texts) {
        if text.trim().is_empty() {
            continue;
        }
        let lines = wrap(text, LABEL_MAX_WIDTH, LABEL_FONT_SIZE, None);
        let widest = lines
            .iter()
            .map(|l| text_width(l, LABEL_FONT_SIZE))
            .fold(0.0, f64::max);
        let (w, h) = (
            widest.ceil() + 2.0 * LABEL_PADDING,
            lines.len() as f64 * LABEL_LINE_HEIGHT + 2.0 * LABEL_PADDING,
        );
        let (cx, cy) = (
            (route.start.x + route.end.x) / 2.0,
            (route.start.y + route.end.y) / 2.0,
        );
        let top_limit = (height - h - CLEARANCE).max(CLEARANCE);
        let at = |&(dx, dy): &(f64, f64)| Rect {
            x: (cx + dx - w / 2.0).max(left),
            y: (cy + dy - h / 2.0).clamp(CLEARANCE, top_limit),
            w,
            h,
        };
        let chosen = offsets
            .iter()
            .map(at)
            .find(|r| !taken.hits(&r.grown(CLEARANCE)))
            .unwrap_or_else(|| at(&(0.0, 0.0)));
        taken.insert(chosen);
        right = right.max(chosen.x + chosen.w);
        route.label = Some(LabelBox {
            x: chosen.x,
            y: chosen.y,
            width: chosen.w,
            height: chosen.h,
            lines,
        });
    }
    right
}
