//! The journey as a draw.io / diagrams.net file: each lane a swimlane container, each step an
//! editable shape inside its lane, each connection an edge between the shapes. Written with
//! quick-xml, which escapes every attribute value; labels are plain text (`html=0`).

use std::collections::HashMap;

use quick_xml::Writer;

use super::layout::Layout;
use super::{JourneyDoc, StepKind};
use crate::error::{CoreError, Result};
use crate::render::xml_text;

fn style_of(kind: StepKind) -> &'static str {
    match kind {
        StepKind::Action => "rounded=1;whiteSpace=wrap;html=0;",
        StepKind::Touchpoint => "rounded=1;arcSize=50;whiteSpace=wrap;html=0;",
        StepKind::Document => "shape=document;whiteSpace=wrap;html=0;boundedLbl=1;",
        StepKind::Decision => "shape=hexagon;perimeter=hexagonPerimeter2;whiteSpace=wrap;html=0;",
        StepKind::Milestone => "rounded=0;strokeWidth=3;whiteSpace=wrap;html=0;",
    }
}

/// Text XML can hold ([`xml_text`]: as in the SVG), on one line: line breaks inside attribute
/// values would be folded by XML readers, so they and the remaining controls become spaces.
fn one_line(text: &str) -> String {
    xml_text(text)
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

fn num(v: f64) -> String {
    format!("{v:.0}")
}

pub fn to_drawio(title: &str, doc: &JourneyDoc, layout: &Layout) -> Result<String> {
    let mut w = Writer::new_with_indent(Vec::new(), b' ', 2);
    write(&mut w, title, doc, layout).map_err(|e| CoreError::Io {
        context: "cannot write the draw.io file".to_owned(),
        source: e,
    })?;
    let body = String::from_utf8(w.into_inner()).unwrap_or_default();
    Ok(format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n{body}\n"
    ))
}

/// The draw.io envelope (file, diagram, graph model) around the journey's cells.
fn write(
    w: &mut Writer<Vec<u8>>,
    title: &str,
    doc: &JourneyDoc,
    layout: &Layout,
) -> std::io::Result<()> {
    let title = one_line(title);
    w.create_element("mxfile")
        .with_attribute(("host", "FirstGoal"))
        .write_inner_content(|w| {
            w.create_element("diagram")
                .with_attributes([("id", "journey"), ("name", title.as_str())])
                .write_inner_content(|w| {
                    w.create_element("mxGraphModel")
                        .with_attributes([("grid", "1"), ("gridSize", "10"), ("page", "0")])
                        .write_inner_content(|w| {
                            w.create_element("root")
                                .write_inner_content(|w| cells(w, doc, layout))?;
                            Ok(())
                        })?;
                    Ok(())
                })?;
            Ok(())
        })?;
    Ok(())
}

/// The two cells draw.io expects at the root, then one swimlane per lane, one cell per step
/// (inside its lane) and one edge per connection.
fn cells(w: &mut Writer<Vec<u8>>, doc: &JourneyDoc, layout: &Layout) -> std::io::Result<()> {
    w.create_element("mxCell")
        .with_attribute(("id", "0"))
        .write_empty()?;
    w.create_element("mxCell")
        .with_attributes([("id", "1"), ("parent", "0")])
        .write_empty()?;
    lane_cells(w, doc, layout)?;
    step_cells(w, doc, layout)?;
    edge_cells(w, doc)
}

fn lane_cells(w: &mut Writer<Vec<u8>>, doc: &JourneyDoc, layout: &Layout) -> std::io::Result<()> {
    for (i, band) in layout.lanes.iter().enumerate() {
        let Some(lane) = doc.lanes.get(i) else {
            continue;
        };
        let style = format!(
            "swimlane;horizontal=0;startSize=40;html=0;fillColor={};",
            lane.color
        );
        w.create_element("mxCell")
            .with_attributes([
                ("id", format!("lane-{i}").as_str()),
                ("value", one_line(&lane.name).as_str()),
                ("style", style.as_str()),
                ("vertex", "1"),
                ("parent", "1"),
            ])
            .write_inner_content(|w| geometry(w, 0.0, band.y, layout.width, band.height))?;
    }
    Ok(())
}

fn step_cells(w: &mut Writer<Vec<u8>>, doc: &JourneyDoc, layout: &Layout) -> std::io::Result<()> {
    let lane_cell: HashMap<&str, usize> = doc
        .lanes
        .iter()
        .enumerate()
        .map(|(i, l)| (l.id.as_str(), i))
        .collect();
    let band_top: HashMap<&str, f64> = layout.lanes.iter().map(|b| (b.id.as_str(), b.y)).collect();
    for (i, b) in layout.steps.iter().enumerate() {
        let Some(step) = doc.steps.get(i) else {
            continue;
        };
        let lane = lane_cell.get(step.lane.as_str()).copied().unwrap_or(0);
        let top = band_top.get(step.lane.as_str()).copied().unwrap_or(0.0);
        w.create_element("mxCell")
            .with_attributes([
                ("id", format!("step-{i}").as_str()),
                ("value", one_line(&step.title).as_str()),
                ("tooltip", one_line(&step.description).as_str()),
                ("style", style_of(step.kind)),
                ("vertex", "1"),
                ("parent", format!("lane-{lane}").as_str()),
            ])
            .write_inner_content(|w| geometry(w, b.x, b.y - top, b.width, b.height))?;
    }
    Ok(())
}

fn edge_cells(w: &mut Writer<Vec<u8>>, doc: &JourneyDoc) -> std::io::Result<()> {
    let step_cell: HashMap<&str, usize> = doc
        .steps
        .iter()
        .enumerate()
        .map(|(i, s)| (s.id.as_str(), i))
        .collect();
    for (i, c) in doc.connections.iter().enumerate() {
        let (Some(from), Some(to)) = (step_cell.get(c.from.as_str()), step_cell.get(c.to.as_str()))
        else {
            continue;
        };
        w.create_element("mxCell")
            .with_attributes([
                ("id", format!("edge-{i}").as_str()),
                ("value", one_line(&c.label).as_str()),
                (
                    "style",
                    "edgeStyle=orthogonalEdgeStyle;rounded=1;html=0;endArrow=block;",
                ),
                ("edge", "1"),
                ("parent", "1"),
                ("source", format!("step-{from}").as_str()),
                ("target", format!("step-{to}").as_str()),
            ])
            .write_inner_content(|w| {
                w.create_element("mxGeometry")
                    .with_attributes([("relative", "1"), ("as", "geometry")])
                    .write_empty()?;
                Ok(())
            })?;
    }
    Ok(())
}

fn geometry(
    w: &mut Writer<Vec<u8>>,
    x: f64,
    y: f64,
    width: f64,
    height: f64,
) -> std::io::Result<()> {
    w.create_element("mxGeometry")
        .with_attributes([
            ("x", num(x).as_str()),
            ("y", num(y).as_str()),
            ("width", num(width).as_str()),
            ("height", num(height).as_str()),
            ("as", "geometry"),
        ])
        .write_empty()?;
    Ok(())
}
