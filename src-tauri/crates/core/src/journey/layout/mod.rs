//! The journey picture: lanes as horizontal bands, steps in ordered columns inside them. The
//! editor, every export and the CLI use this one layout, so they all show the same picture.
//!
//! Why a layout of our own instead of a generic graph-layout crate: lanes fix each step's row
//! band, which generic layered layouts (Sugiyama implementations, force layouts) do not model —
//! they would place nodes freely and the lanes would have to be forced on afterwards, undoing
//! their crossing reduction. The layered method itself is short:
//! 1. cycle breaking: a depth-first search reverses back edges, so a cycle still lays out;
//! 2. columns: longest path over the remaining DAG (a step sits right of every predecessor);
//! 3. order: barycentric sweeps sort the steps of each (lane, column) cell by the mean vertical
//!    position of their neighbours, which removes most crossings between neighbouring columns;
//! 4. rows: each cell stacks its steps; lane bands grow to their tallest cell.
//!
//! Steps the user placed by hand (`Step::position`) keep their place (relative to their lane's
//! top) and auto-placed steps move down a row rather than overlap them. Connection labels are
//! placed last, clear of the steps and of each other ([`labels`]).
//! It is linear in steps plus connections per sweep: 1,000 steps take well under a millisecond.

use serde::Serialize;
use specta::Type;

mod labels;
mod order;

use labels::place_labels;
pub use labels::{LABEL_FONT_SIZE, LABEL_LINE_HEIGHT, LABEL_PADDING, LabelBox};
use order::{Graph, auto_cells, break_cycles, columns, graph, order_cells};

use super::{Connection, JourneyDoc, Point};

/// Width of the lane name column at the left.
pub const LANE_LABEL_WIDTH: f64 = 150.0;
pub const STEP_WIDTH: f64 = 180.0;
pub const STEP_HEIGHT: f64 = 64.0;
pub const COLUMN_GAP: f64 = 48.0;
pub const ROW_GAP: f64 = 16.0;
pub const LANE_PADDING: f64 = 16.0;
const MIN_WIDTH: f64 = 640.0;

#[derive(Debug, Clone, PartialEq, Serialize, Type)]
pub struct LaneBand {
    pub id: String,
    pub y: f64,
    pub height: f64,
    /// Where a new step of this lane goes (lane-relative, like [`Step::position`]): one column
    /// after the lane's rightmost step, at the top of the lane.
    ///
    /// [`Step::position`]: super::Step::position
    pub next: Point,
}

#[derive(Debug, Clone, PartialEq, Serialize, Type)]
pub struct StepBox {
    pub id: String,
    pub lane: String,
    pub x: f64,
    pub y: f64,
    pub width: f64,
    pub height: f64,
    pub column: u32,
    /// Placed by hand: kept where the user put it.
    pub pinned: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Type)]
pub struct EdgeRoute {
    pub id: String,
    pub from: String,
    pub to: String,
    pub start: Point,
    pub end: Point,
    /// Reversed to break a cycle: it runs against the reading direction.
    pub back: bool,
    /// The connection's label, placed clear of steps and other labels; `None` without a label.
    pub label: Option<LabelBox>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Type)]
pub struct Layout {
    pub width: f64,
    pub height: f64,
    pub lanes: Vec<LaneBand>,
    pub steps: Vec<StepBox>,
    pub edges: Vec<EdgeRoute>,
}

fn column_pitch() -> f64 {
    STEP_WIDTH + COLUMN_GAP
}

fn row_pitch() -> f64 {
    STEP_HEIGHT + ROW_GAP
}

fn overlaps(a: (f64, f64), b: (f64, f64)) -> bool {
    (a.0 - b.0).abs() < STEP_WIDTH && (a.1 - b.1).abs() < STEP_HEIGHT
}

fn x_of_column(column: usize) -> f64 {
    LANE_LABEL_WIDTH + LANE_PADDING + column as f64 * column_pitch()
}

/// Where each step sits within its lane (hand-placed ones where the user put them, the others in
/// their cell below any hand-placed step they would overlap), and how deep each lane must be.
fn place(doc: &JourneyDoc, cells: &order::Cells, lane_of: &[usize]) -> (Vec<(f64, f64)>, Vec<f64>) {
    let lane_count = doc.lanes.len().max(1);
    let left = LANE_LABEL_WIDTH + LANE_PADDING;
    // Hand-placed steps per lane, in lane-relative coordinates.
    let mut pinned: Vec<Vec<(f64, f64)>> = vec![Vec::new(); lane_count];
    let mut placed: Vec<(f64, f64)> = vec![(0.0, 0.0); doc.steps.len()];
    for (i, s) in doc.steps.iter().enumerate() {
        if let Some(p) = s.position {
            let at = (p.x.max(left), p.y.max(0.0));
            pinned[lane_of[i]].push(at);
            placed[i] = at;
        }
    }
    let mut lane_bottom = vec![LANE_PADDING + STEP_HEIGHT; lane_count];
    for (lane, pins) in pinned.iter().enumerate() {
        for &(_, y) in pins {
            lane_bottom[lane] = lane_bottom[lane].max(y + STEP_HEIGHT);
        }
    }
    for (&(lane, col), cell) in cells {
        let x = x_of_column(col);
        let mut row = 0usize;
        for &i in cell {
            let mut at = (x, LANE_PADDING + row as f64 * row_pitch());
            while pinned[lane].iter().any(|&p| overlaps(p, at)) {
                row += 1;
                at.1 = LANE_PADDING + row as f64 * row_pitch();
            }
            placed[i] = at;
            lane_bottom[lane] = lane_bottom[lane].max(at.1 + STEP_HEIGHT);
            row += 1;
        }
    }
    (placed, lane_bottom)
}

/// The lanes stacked top to bottom: their bands, the top of each, and the total height.
fn bands(doc: &JourneyDoc, lane_bottom: &[f64]) -> (Vec<LaneBand>, Vec<f64>, f64) {
    let mut lanes = Vec::with_capacity(doc.lanes.len());
    let mut lane_top = vec![0f64; lane_bottom.len()];
    let mut y = 0.0;
    for (i, lane) in doc.lanes.iter().enumerate() {
        let height = lane_bottom[i] + LANE_PADDING;
        lane_top[i] = y;
        lanes.push(LaneBand {
            id: lane.id.clone(),
            y,
            height,
            next: Point {
                x: x_of_column(0),
                y: LANE_PADDING,
            },
        });
        y += height;
    }
    (lanes, lane_top, y)
}

/// Lays out `doc`. Never fails: connections to missing steps are ignored and steps in a missing
/// lane are drawn in the first lane (validated documents have neither).
pub fn layout(doc: &JourneyDoc) -> Layout {
    let Graph {
        lane_of,
        connected,
        edges,
    } = graph(doc);
    let (dag, reversed) = break_cycles(doc.steps.len(), &edges);
    let column = columns(doc.steps.len(), &dag);
    let mut cells = auto_cells(doc, &lane_of, &column);
    order_cells(&mut cells, &edges, &lane_of);
    let (placed, lane_bottom) = place(doc, &cells, &lane_of);
    let (mut lanes, lane_top, height) = bands(doc, &lane_bottom);

    let max_column = column.iter().copied().max().unwrap_or(0) as usize;
    let mut width = x_of_column(max_column) + STEP_WIDTH + LANE_PADDING;
    let steps: Vec<StepBox> = doc
        .steps
        .iter()
        .enumerate()
        .map(|(i, s)| {
            let (x, dy) = placed[i];
            width = width.max(x + STEP_WIDTH + LANE_PADDING);
            StepBox {
                id: s.id.clone(),
                lane: doc
                    .lanes
                    .get(lane_of[i])
                    .map(|l| l.id.clone())
                    .unwrap_or_default(),
                x,
                y: lane_top[lane_of[i]] + dy,
                width: STEP_WIDTH,
                height: STEP_HEIGHT,
                column: column[i],
                pinned: s.position.is_some(),
            }
        })
        .collect();
    for (i, b) in steps.iter().enumerate() {
        if let Some(band) = lanes.get_mut(lane_of[i]) {
            band.next.x = band.next.x.max(b.x + b.width + COLUMN_GAP);
        }
    }
    let mut edges: Vec<EdgeRoute> = connected
        .iter()
        .zip(&edges)
        .zip(&reversed)
        .map(|(((_, c), &(u, v)), &back)| route(c, &steps[u], &steps[v], back))
        .collect();
    let texts: Vec<&str> = connected.iter().map(|(_, c)| c.label.as_str()).collect();
    let labels_right = place_labels(&mut edges, &texts, &steps, height);
    width = width.max(labels_right + LANE_PADDING);
    Layout {
        width: width.max(MIN_WIDTH),
        height,
        lanes,
        steps,
        edges,
    }
}

/// Where a connection leaves and enters its steps: side to side when the target is to the right
/// (or left), top or bottom when they share a column.
fn route(c: &Connection, from: &StepBox, to: &StepBox, back: bool) -> EdgeRoute {
    let mid = |b: &StepBox| b.y + b.height / 2.0;
    let (start, end) = if to.x >= from.x + from.width {
        (
            Point {
                x: from.x + from.width,
                y: mid(from),
            },
            Point {
                x: to.x,
                y: mid(to),
            },
        )
    } else if to.x + to.width <= from.x {
        (
            Point {
                x: from.x,
                y: mid(from),
            },
            Point {
                x: to.x + to.width,
                y: mid(to),
            },
        )
    } else if to.y >= from.y {
        (
            Point {
                x: from.x + from.width / 2.0,
                y: from.y + from.height,
            },
            Point {
                x: to.x + to.width / 2.0,
                y: to.y,
            },
        )
    } else {
        (
            Point {
                x: from.x + from.width / 2.0,
                y: from.y,
            },
            Point {
                x: to.x + to.width / 2.0,
                y: to.y + to.height,
            },
        )
    };
    EdgeRoute {
        id: c.id.clone(),
        from: c.from.clone(),
        to: c.to.clone(),
        start,
        end,
        back,
        label: None,
    }
}
