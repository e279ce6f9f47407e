//! Where new steps and connection labels go: a new step after the last step of its lane, labels
//! clear of steps and of each other, and every text of an exported picture inside the picture
//! (measured with the real fonts, as the PNG and PDF renderers draw it).

use firstgoal_core::journey::layout::{LANE_LABEL_WIDTH, LabelBox, Layout};
use firstgoal_core::journey::{JourneyDoc, Point, layout, to_svg};
use firstgoal_core::render;
use resvg::usvg;

use crate::journey::{conn, step};
use crate::journey_layout::{assert_inside_lanes_without_overlap, random_doc};

/// Labels as people write them: short, long, Japanese, capitals.
const LABELS: [&str; 6] = [
    "SO needed before the kickoff",
    "handoff: deal notes",
    "稟議が通ったら開始",
    "OK",
    "WAIT FOR THE SIGNED ORDER FORM AND THE PURCHASE ORDER NUMBER FROM PROCUREMENT",
    "利用データ (usage data) を共有",
];

/// A journey of `steps` with a label on every third connection.
fn labelled_doc(steps: usize, seed: u64) -> JourneyDoc {
    let mut doc = random_doc(steps, 5, seed, true);
    for (i, c) in doc.connections.iter_mut().enumerate() {
        if i % 3 == 0 {
            c.label = LABELS[i % LABELS.len()].to_owned();
        }
    }
    doc
}

fn overlaps(a: (f64, f64, f64, f64), b: (f64, f64, f64, f64)) -> bool {
    a.0 < b.0 + b.2 && b.0 < a.0 + a.2 && a.1 < b.1 + b.3 && b.1 < a.1 + a.3
}

fn rect(l: &LabelBox) -> (f64, f64, f64, f64) {
    (l.x, l.y, l.width, l.height)
}

fn labels(out: &Layout) -> Vec<&LabelBox> {
    out.edges.iter().filter_map(|e| e.label.as_ref()).collect()
}

#[test]
fn a_new_step_lands_after_the_last_step_of_its_lane() {
    let mut doc = random_doc(40, 4, 7, false);
    let before = layout(&doc);
    for band in &before.lanes {
        let rightmost = before
            .steps
            .iter()
            .filter(|s| s.lane == band.id)
            .map(|s| s.x + s.width)
            .fold(0.0, f64::max);
        assert!(
            band.next.x > rightmost,
            "{}: {} ≤ {rightmost}",
            band.id,
            band.next.x
        );
        assert!(band.next.x > LANE_LABEL_WIDTH);
    }
    // Add one step per lane where the layout says; each keeps that place and overlaps nothing.
    for (i, band) in before.lanes.iter().enumerate() {
        let mut s = step(&format!("new{i}"), &band.id, "New step");
        s.position = Some(band.next);
        doc.steps.push(s);
    }
    let after = layout(&doc);
    assert_inside_lanes_without_overlap(&doc, &after);
    for (i, band) in before.lanes.iter().enumerate() {
        let placed = after
            .steps
            .iter()
            .find(|s| s.id == format!("new{i}"))
            .expect("placed");
        let lane_top = after.lanes[i].y;
        assert_eq!(
            Point {
                x: placed.x,
                y: placed.y - lane_top
            },
            band.next
        );
    }
    // An empty lane takes its first step in the first column.
    let empty = JourneyDoc {
        steps: Vec::new(),
        connections: Vec::new(),
        ..doc
    };
    let first = layout(&empty).lanes[0].next;
    assert!(first.x > LANE_LABEL_WIDTH && first.x < LANE_LABEL_WIDTH + 40.0);
}

#[test]
fn labels_stay_clear_of_steps_and_each_other_at_40_and_500_steps() {
    for (steps, seed) in [(40, 3), (500, 11)] {
        let doc = labelled_doc(steps, seed);
        let out = layout(&doc);
        let placed = labels(&out);
        let expected = doc
            .connections
            .iter()
            .filter(|c| !c.label.is_empty())
            .count();
        assert_eq!(placed.len(), expected, "every label is placed");
        for (i, l) in placed.iter().enumerate() {
            assert!(
                l.x >= LANE_LABEL_WIDTH && l.y >= 0.0,
                "{l:?} left of the lanes"
            );
            assert!(
                l.x + l.width <= out.width && l.y + l.height <= out.height,
                "{l:?} outside"
            );
            for s in &out.steps {
                assert!(
                    !overlaps(rect(l), (s.x, s.y, s.width, s.height)),
                    "{l:?} covers {}",
                    s.id
                );
            }
            for other in &placed[i + 1..] {
                assert!(!overlaps(rect(l), rect(other)), "{l:?} covers {other:?}");
            }
        }
        // No label is cut: its lines hold every character.
        for (c, e) in doc
            .connections
            .iter()
            .zip(&out.edges)
            .filter(|(c, _)| !c.label.is_empty())
        {
            let lines = &e.label.as_ref().expect("label").lines;
            assert_eq!(
                lines.join(" ").split_whitespace().collect::<String>(),
                c.label.split_whitespace().collect::<String>()
            );
        }
    }
}

/// Every text node of the rendered picture with its font size and its box on the page.
fn texts(svg: &str) -> (usvg::Size, Vec<(f32, usvg::Rect)>) {
    fn walk(group: &usvg::Group, out: &mut Vec<(f32, usvg::Rect)>) {
        for node in group.children() {
            match node {
                usvg::Node::Group(g) => walk(g, out),
                usvg::Node::Text(t) => {
                    let size = t.chunks()[0].spans()[0].font_size().get();
                    out.push((size, t.abs_bounding_box()));
                }
                _ => {}
            }
        }
    }
    let tree = render::parse(svg).expect("the SVG renders");
    let mut out = Vec::new();
    walk(tree.root(), &mut out);
    (tree.size(), out)
}

#[test]
fn exported_texts_are_inside_the_picture_and_labels_inside_their_boxes() {
    // A vertical connection in the rightmost column: its label has no room between the steps
    // and goes beside them, where the picture grows to hold it.
    let mut doc = labelled_doc(40, 5);
    let lane = doc.lanes[0].id.clone();
    doc.steps.push(step("right-a", &lane, "Last but one"));
    doc.steps.push(step("right-b", &lane, "Last"));
    let last = doc.steps[doc.steps.len() - 3].id.clone();
    doc.connections.push(conn("to-a", &last, "right-a", ""));
    doc.connections.push(conn(
        "to-b",
        &last,
        "right-b",
        "SO needed before the kickoff",
    ));
    doc.connections
        .push(conn("a-b", "right-a", "right-b", "SO needed"));
    let out = layout(&doc);
    let svg = to_svg("Labels", &doc, &out);
    let (size, found) = texts(&svg);
    let header = f64::from(size.height()) - out.height;
    let label_boxes = labels(&out);
    let label_texts: Vec<usvg::Rect> = found
        .iter()
        .filter(|(s, _)| *s == 11.0)
        .map(|(_, r)| *r)
        .collect();
    assert_eq!(label_texts.len(), label_boxes.len(), "one text per label");
    for (_, r) in &found {
        assert!(
            r.left() >= 0.0 && r.top() >= 0.0,
            "{r:?} starts outside the picture"
        );
        assert!(
            r.right() <= size.width() && r.bottom() <= size.height(),
            "{r:?} ends outside {size:?}"
        );
    }
    for (r, l) in label_texts.iter().zip(&label_boxes) {
        let (x, y) = (f64::from(r.left()), f64::from(r.top()) - header);
        let (right, bottom) = (f64::from(r.right()), f64::from(r.bottom()) - header);
        assert!(
            x >= l.x - 0.5
                && y >= l.y - 0.5
                && right <= l.x + l.width + 0.5
                && bottom <= l.y + l.height + 0.5,
            "the text of {:?} ({x:.1},{y:.1})–({right:.1},{bottom:.1}) leaves its box",
            l.lines
        );
    }
    // The label of the rightmost connection is whole in the picture.
    assert!(
        svg.contains(">SO needed before the kickoff<") || svg.contains(">SO needed before the<")
    );
}
