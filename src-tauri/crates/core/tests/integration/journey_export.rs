//! Exports: SVG that parses as XML with user text escaped, PNG and PDF rendered from it
//! (Japanese included), Mermaid with one subgraph per lane, draw.io with one swimlane per lane
//! and one cell per step, and JSON that round-trips.

use firstgoal_core::journey::{self, ExportFormat, JourneyDoc, StepKind, layout};
use firstgoal_core::settings::Language;
use quick_xml::Reader;
use quick_xml::XmlVersion;
use quick_xml::events::Event;

use crate::fresh_db;
use crate::journey::{conn, handoff_doc, project_journey, save, step};

const NASTY: &str = "<script>alert('x')</script> & \"quotes\" 🎉 導入目的";

fn nasty_doc() -> JourneyDoc {
    let mut doc = handoff_doc(&journey::default_doc(Language::En));
    doc.lanes[1].name = "<team> & \"co\"".to_owned();
    doc.steps.push(step("nasty", "product", NASTY));
    doc.steps[3].kind = StepKind::Decision;
    doc.steps
        .push(step("long", "management", &"長い".repeat(250)));
    doc.connections
        .push(conn("c3", "login", "nasty", "a|b \"c\" #1 <x>"));
    doc
}

type Attributes = Vec<(String, String)>;

/// Every element name (with its attributes) and every text node of an XML document, with
/// entities resolved.
fn read_xml(text: &str) -> (Vec<String>, Vec<String>, Vec<Attributes>) {
    let mut reader = Reader::from_str(text);
    let (mut names, mut texts, mut attrs) = (Vec::new(), Vec::<String>::new(), Vec::new());
    // Text arrives in pieces around entity references; consecutive pieces form one text node.
    let mut in_text = false;
    let push_text = |texts: &mut Vec<String>, piece: &str, in_text: &mut bool| {
        match texts.last_mut() {
            Some(last) if *in_text => last.push_str(piece),
            _ => texts.push(piece.to_owned()),
        }
        *in_text = true;
    };
    loop {
        let event = reader.read_event().expect("well-formed XML");
        let text_event = matches!(event, Event::Text(_) | Event::GeneralRef(_));
        if !text_event {
            in_text = false;
        }
        match event {
            Event::Start(e) | Event::Empty(e) => {
                names.push(e.name().as_ref().to_owned());
                attrs.push(
                    e.attributes()
                        .map(|a| {
                            let a = a.expect("attribute");
                            (
                                a.key.as_ref().to_owned(),
                                a.normalized_value(XmlVersion::Implicit1_0)
                                    .expect("unescape")
                                    .into_owned(),
                            )
                        })
                        .collect(),
                );
            }
            Event::Text(t) => push_text(&mut texts, &t.xml10_content(), &mut in_text),
            Event::GeneralRef(r) => {
                let name: &str = &r;
                let c = match name {
                    "lt" => "<",
                    "gt" => ">",
                    "amp" => "&",
                    "quot" => "\"",
                    "apos" => "'",
                    other => panic!("unexpected entity {other}"),
                };
                push_text(&mut texts, c, &mut in_text);
            }
            Event::Eof => break,
            _ => {}
        }
    }
    (names, texts, attrs)
}

#[test]
fn svg_parses_as_xml_with_user_text_as_escaped_text() {
    let doc = nasty_doc();
    let svg = journey::to_svg("Journey & <co>", &doc, &layout(&doc));
    assert!(svg.contains("&lt;script&gt;"));
    assert!(!svg.contains("<script"));
    let (names, texts, _) = read_xml(&svg);
    assert!(!names.iter().any(|n| n == "script" || n == "foreignObject"));
    let all = texts.concat();
    assert!(all.contains("Journey & <co>"), "title as text");
    assert!(all.contains("<team> & \"co\""), "lane name as text");
    assert!(
        all.contains("導入目的"),
        "full title kept in the step's <title>"
    );
    assert!(
        texts.iter().any(|t| t == NASTY),
        "the step's tooltip holds the exact title"
    );
    // The 500-character title is cut in the picture, with an ellipsis.
    assert!(all.contains('…'));
}

#[test]
fn png_and_pdf_render_from_the_svg() {
    let doc = nasty_doc();
    let png = journey::render_doc("導入ジャーニー", &doc, ExportFormat::Png, 2.0).expect("png");
    let pixmap = resvg::tiny_skia::Pixmap::decode_png(&png).expect("a PNG");
    let out = layout(&doc);
    assert_eq!(pixmap.width() as f64, (out.width * 2.0).round());
    let inked = pixmap.pixels().iter().filter(|p| p.red() < 100).count();
    assert!(inked > 1000, "text and shapes left ink");
    let pdf = journey::render_doc("導入", &doc, ExportFormat::Pdf, 1.0).expect("pdf");
    assert!(pdf.starts_with(b"%PDF-"));
    let err = journey::render_doc("x", &doc, ExportFormat::Png, 0.0).expect_err("scale 0");
    assert_eq!(err.code(), firstgoal_core::ErrorCode::Validation);
}

#[test]
fn mermaid_has_one_subgraph_per_lane_and_quoted_labels() {
    let doc = nasty_doc();
    let text = journey::to_mermaid("J", &doc);
    assert!(text.contains("flowchart LR"));
    let subgraphs = text
        .lines()
        .filter(|l| l.trim_start().starts_with("subgraph "))
        .count();
    assert_eq!(subgraphs, doc.lanes.len());
    assert_eq!(
        text.lines().filter(|l| l.trim() == "end").count(),
        doc.lanes.len()
    );
    assert!(text.contains("lane1[\"#lt;team#gt; #amp; #quot;co#quot;\"]"));
    assert!(text.contains(
        "{\"#lt;script#gt;alert('x')#lt;/script#gt; #amp; #quot;quotes#quot; 🎉 導入目的\"}"
    ));
    assert!(text.contains("-->|\"a#124;b #quot;c#quot; #35;1 #lt;x#gt;\"|"));
    assert!(text.contains("s0 -->|\"handoff: deal notes\"| s1"));
    // No user text outside quotes: every line with a label has an even number of quotes.
    for line in text.lines() {
        assert_eq!(line.matches('"').count() % 2, 0, "{line}");
    }
}

#[test]
fn drawio_has_one_swimlane_per_lane_and_one_cell_per_step() {
    let doc = nasty_doc();
    let xml = journey::to_drawio("J", &doc, &layout(&doc)).expect("drawio");
    let (names, _, attrs) = read_xml(&xml);
    assert_eq!(names[0], "mxfile");
    let cells: Vec<&Attributes> = names
        .iter()
        .zip(&attrs)
        .filter(|(n, _)| *n == "mxCell")
        .map(|(_, a)| a)
        .collect();
    let get = |a: &Attributes, k: &str| {
        a.iter()
            .find(|(key, _)| key == k)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    let lanes: Vec<_> = cells
        .iter()
        .filter(|a| get(a, "style").starts_with("swimlane"))
        .collect();
    assert_eq!(lanes.len(), doc.lanes.len());
    assert_eq!(get(lanes[1], "value"), "<team> & \"co\"");
    let steps: Vec<_> = cells
        .iter()
        .filter(|a| get(a, "vertex") == "1" && get(a, "parent").starts_with("lane-"))
        .collect();
    assert_eq!(steps.len(), doc.steps.len());
    assert!(steps.iter().any(|a| get(a, "value") == NASTY));
    let edges: Vec<_> = cells.iter().filter(|a| get(a, "edge") == "1").collect();
    assert_eq!(edges.len(), doc.connections.len());
    assert!(edges.iter().all(|a| get(a, "source").starts_with("step-") && get(a, "target").starts_with("step-")));
}

#[test]
fn json_round_trips() {
    let doc = nasty_doc();
    let text = journey::to_json("名前 & <x>", &doc);
    let (name, back) = journey::from_json(&text).expect("read back");
    assert_eq!(name, "名前 & <x>");
    assert_eq!(back, doc);
    let value: serde_json::Value = serde_json::from_str(&text).expect("json");
    assert_eq!(value["format"], "firstgoal-journey");
    assert_eq!(value["version"], 1);
}

#[tokio::test]
async fn export_writes_each_format_to_a_file() {
    let (dir, db) = fresh_db().await;
    let (_, view) = project_journey(&db).await;
    let saved = save(&db, &view, &handoff_doc(&view.journey.doc)).await;
    for format in ExportFormat::ALL {
        let path = dir.path().join(format!("out.{}", format.extension()));
        let written = journey::export_journey(&db, saved.journey.id, None, format, 1.0, &path)
            .await
            .expect("export");
        assert_eq!(written, path);
        let bytes = std::fs::read(&path).expect("read export");
        assert!(bytes.len() > 100, "{format:?} is not empty");
    }
    let json = std::fs::read_to_string(dir.path().join("out.json")).expect("json");
    assert_eq!(
        journey::from_json(&json).expect("parse").1,
        saved.journey.doc
    );
}

/// What the app's export command returns: the path, and for a Mermaid file over Mermaid's
/// default limits those limits, which the window shows as a warning.
#[tokio::test]
async fn a_mermaid_export_over_the_limits_returns_its_warning_with_the_path() {
    let (dir, db) = fresh_db().await;
    let (_, view) = project_journey(&db).await;
    let mut doc = view.journey.doc.clone();
    let lane = doc.lanes[0].id.clone();
    for i in 0..=journey::MERMAID_MAX_EDGES + 1 {
        doc.steps
            .push(step(&format!("m{i}"), &lane, &format!("step {i}")));
        if i > 0 {
            let (from, to) = (format!("m{}", i - 1), format!("m{i}"));
            doc.connections.push(conn(&format!("e{i}"), &from, &to, ""));
        }
    }
    let saved = save(&db, &view, &doc).await;
    let id = saved.journey.id;
    let path = dir.path().join("big.mmd");
    let exported =
        journey::export_journey_checked(&db, id, None, ExportFormat::Mermaid, 1.0, &path)
            .await
            .expect("export");
    let edges = doc.connections.len();
    assert!(edges > journey::MERMAID_MAX_EDGES);
    let ipc = serde_json::to_value(&exported).expect("serialises");
    assert_eq!(ipc["path"], path.display().to_string());
    assert_eq!(ipc["mermaid_limits"]["edges"], edges);
    assert_eq!(ipc["mermaid_limits"]["max_edges"], 500);
    assert_eq!(ipc["mermaid_limits"]["max_text_size"], 50_000);
    assert!(ipc["mermaid_limits"]["text_size"].as_u64() > Some(0));
    assert!(
        std::fs::read_to_string(&path)
            .expect("written")
            .contains("%% Note")
    );

    // Other formats, and a journey within the limits, carry no warning.
    let svg = dir.path().join("big.svg");
    let exported = journey::export_journey_checked(&db, id, None, ExportFormat::Svg, 1.0, &svg)
        .await
        .expect("export");
    assert_eq!(
        serde_json::to_value(&exported).expect("json")["mermaid_limits"],
        serde_json::Value::Null
    );
    let small = journey::create(
        &db,
        &journey::NewJourney {
            project_id: None,
            name: "small".into(),
            template_id: None,
            language: Language::En,
        },
    )
    .await
    .expect("create");
    let exported = journey::export_journey_checked(
        &db,
        small.journey.id,
        None,
        ExportFormat::Mermaid,
        1.0,
        &dir.path().join("small.mmd"),
    )
    .await
    .expect("export");
    assert_eq!(exported.mermaid_limits, None);
}
