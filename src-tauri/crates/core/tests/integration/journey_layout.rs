//! Layout invariants: every step inside its lane band, no two steps overlapping, columns that
//! follow the connections when there is no cycle, cycles and bad references still laid out, and
//! hand-placed steps kept where the user put them.

use std::collections::HashMap;

use firstgoal_core::journey::layout::{Layout, StepBox};
use firstgoal_core::journey::{JourneyDoc, Lane, Point, layout};

use crate::journey::{conn, step};

fn lanes(n: usize) -> Vec<Lane> {
    (0..n)
        .map(|i| Lane {
            id: format!("l{i}"),
            name: format!("Lane {i}"),
            color: "#eeeeee".to_owned(),
        })
        .collect()
}

/// A deterministic pseudo-random journey: connections only go forward (no cycle) unless
/// `cycles` adds some backwards.
pub fn random_doc(steps: usize, lane_count: usize, seed: u64, cycles: bool) -> JourneyDoc {
    let mut state = seed
        .wrapping_mul(6364136223846793005)
        .wrapping_add(1442695040888963407);
    let mut next = move |n: usize| {
        state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((state >> 33) as usize) % n.max(1)
    };
    let mut doc = JourneyDoc {
        lanes: lanes(lane_count),
        ..JourneyDoc::default()
    };
    for i in 0..steps {
        doc.steps.push(step(
            &format!("s{i}"),
            &format!("l{}", next(lane_count)),
            &format!("Step {i}"),
        ));
    }
    for i in 1..steps {
        let from = i.saturating_sub(1 + next(5));
        doc.connections.push(conn(
            &format!("c{i}"),
            &format!("s{from}"),
            &format!("s{i}"),
            "",
        ));
        if cycles && next(10) == 0 {
            let back = i.saturating_sub(1 + next(8));
            if back != i {
                doc.connections.push(conn(
                    &format!("b{i}"),
                    &format!("s{i}"),
                    &format!("s{back}"),
                    "",
                ));
            }
        }
    }
    doc
}

fn boxes(layout: &Layout) -> HashMap<&str, &StepBox> {
    layout.steps.iter().map(|b| (b.id.as_str(), b)).collect()
}

#[track_caller]
pub fn assert_inside_lanes_without_overlap(doc: &JourneyDoc, layout: &Layout) {
    assert_eq!(layout.steps.len(), doc.steps.len());
    let bands: HashMap<&str, (f64, f64)> = layout
        .lanes
        .iter()
        .map(|b| (b.id.as_str(), (b.y, b.y + b.height)))
        .collect();
    for (s, b) in doc.steps.iter().zip(&layout.steps) {
        assert_eq!(s.id, b.id);
        let (top, bottom) = bands[s.lane.as_str()];
        assert!(
            b.y >= top && b.y + b.height <= bottom,
            "{} outside lane {}",
            s.id,
            s.lane
        );
        assert!(
            b.x >= 0.0 && b.x + b.width <= layout.width,
            "{} outside the picture",
            s.id
        );
    }
    // Sort by x so only neighbours in x need comparing.
    let mut sorted: Vec<&StepBox> = layout.steps.iter().collect();
    sorted.sort_by(|a, b| a.x.total_cmp(&b.x));
    for (i, a) in sorted.iter().enumerate() {
        for b in sorted[i + 1..].iter().take_while(|b| b.x < a.x + a.width) {
            let apart = b.y >= a.y + a.height || a.y >= b.y + b.height;
            assert!(apart, "{} overlaps {}", a.id, b.id);
        }
    }
}

#[test]
fn steps_stay_in_their_lanes_without_overlap_and_columns_follow_connections() {
    for (steps, lane_count, seed) in [(1, 1, 1), (12, 3, 2), (300, 5, 3), (1000, 8, 4)] {
        let doc = random_doc(steps, lane_count, seed, false);
        let out = layout(&doc);
        assert_inside_lanes_without_overlap(&doc, &out);
        let at = boxes(&out);
        for c in &doc.connections {
            let (from, to) = (at[c.from.as_str()], at[c.to.as_str()]);
            assert!(to.column > from.column, "{} -> {} goes back", c.from, c.to);
            assert!(to.x > from.x);
        }
        // Lane bands tile the picture from the top without gaps.
        let mut y = 0.0;
        for band in &out.lanes {
            assert_eq!(band.y, y);
            y += band.height;
        }
        assert_eq!(out.height, y);
    }
}

#[test]
fn a_cycle_still_lays_out() {
    let mut doc = random_doc(3, 2, 9, false);
    doc.connections = vec![
        conn("a", "s0", "s1", ""),
        conn("b", "s1", "s2", ""),
        conn("c", "s2", "s0", ""),
    ];
    let out = layout(&doc);
    assert_inside_lanes_without_overlap(&doc, &out);
    assert_eq!(
        out.edges.iter().filter(|e| e.back).count(),
        1,
        "one edge breaks the cycle"
    );
    let many = random_doc(500, 6, 5, true);
    assert_inside_lanes_without_overlap(&many, &layout(&many));
}

#[test]
fn a_lane_with_200_steps_grows_to_hold_them() {
    let mut doc = random_doc(200, 3, 11, false);
    doc.connections.clear();
    for s in &mut doc.steps {
        s.lane = "l1".to_owned();
    }
    let out = layout(&doc);
    assert_inside_lanes_without_overlap(&doc, &out);
    assert!(out.lanes[1].height > 200.0 * 64.0);
}

#[test]
fn connections_to_missing_steps_are_ignored_by_the_picture() {
    let mut doc = random_doc(4, 2, 3, false);
    doc.connections.push(conn("x", "s0", "missing", ""));
    doc.steps[1].lane = "no-such-lane".to_owned();
    let out = layout(&doc);
    assert_eq!(out.steps.len(), 4);
    assert!(out.edges.iter().all(|e| e.id != "x"));
}

#[test]
fn hand_placed_steps_keep_their_place_and_others_move_aside() {
    let mut doc = random_doc(6, 2, 7, false);
    doc.connections.clear();
    for s in &mut doc.steps {
        s.lane = "l0".to_owned();
    }
    // Put s5 exactly where the first auto-placed step of the lane would go.
    doc.steps[5].position = Some(Point { x: 166.0, y: 16.0 });
    let out = layout(&doc);
    assert_inside_lanes_without_overlap(&doc, &out);
    let s5 = boxes(&out)["s5"];
    assert!(s5.pinned);
    assert_eq!((s5.x, s5.y), (166.0, out.lanes[0].y + 16.0));

    // A step placed far down its lane makes the lane taller; it stays inside it.
    doc.steps[0].position = Some(Point { x: 900.0, y: 700.0 });
    doc.steps[0].lane = "l1".to_owned();
    let out = layout(&doc);
    assert_inside_lanes_without_overlap(&doc, &out);
    let s0 = boxes(&out)["s0"];
    assert_eq!((s0.x, s0.y), (900.0, out.lanes[1].y + 700.0));
    assert!(out.width >= 900.0 + s0.width);
}
