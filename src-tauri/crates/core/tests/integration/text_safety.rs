//! Exports that survive any text: a table of hostile texts (control characters FileMaker or a
//! hand-edited file may carry, U+FFFE/U+FFFF, Mermaid syntax, markup, backslashes) put in every
//! text of a journey and of a stakeholder map, exported in every format and read back by parsers
//! that are not ours: `xmllint` and quick-xml for SVG and draw.io, resvg for PNG, poppler's
//! `pdftotext` for PDF, and Mermaid itself (`tests/mermaid/read.mjs`, under jsdom) for Mermaid.

use std::path::{Path, PathBuf};
use std::process::Command;

use firstgoal_core::journey::{self, ExportFormat, JourneyDoc, layout};
use firstgoal_core::settings::Language;
use firstgoal_core::stakeholders::map::{self, MapFormat};
use quick_xml::Reader;
use quick_xml::XmlVersion;
use quick_xml::events::Event;

use crate::journey::{conn, project_journey, save, step};
use crate::stakeholders::{add, pid};
use crate::{fresh_db, input};

/// Texts that broke an export, each in the words of the defect it stands for.
const HOSTILE: &[&str] = &[
    "NUL \u{0} inside",
    "bell \u{7} and ESC \u{1B}[31m red",
    "FileMaker\u{B}line break",
    "form\u{C}feed",
    "nonchar \u{FFFE} and \u{FFFF} end",
    "`**bold** in backticks`",
    "%%{init: {'theme':'dark'}}%% themed",
    "50%%{oops and the rest",
    "C:\\temp\\new",
    "\"q\" #1 <b>x</b> & a|b",
    "#quot; typed #35;",
    "fa:fa-car icon",
    "¶ß and ﬂ° placeholders",
    "%% not a comment",
    "A & B > C; end",
    "導入目的 [x] (y) {z}",
];

/// What an XML export must hold for `text`: vertical tab and form feed as spaces, the other
/// characters XML 1.0 cannot hold dropped.
fn xml_expected(text: &str) -> String {
    text.chars()
        .filter_map(|c| match c {
            '\u{B}' | '\u{C}' => Some(' '),
            '\t' | '\n' | '\r' => Some(c),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => None,
            c => Some(c),
        })
        .collect()
}

/// The same words, whatever the spaces between them (a picture wraps its lines), and a text cut
/// with "…" counts when it is the start of the expected one.
fn same_words(got: &str, expected: &str) -> bool {
    let squeeze = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
    let (got, expected) = (squeeze(got), squeeze(expected));
    match got.strip_suffix('…') {
        Some(start) => expected.starts_with(start),
        None => got == expected,
    }
}

/// Every text node with the element it is in, and every element's attributes, entities
/// resolved, read with quick-xml.
struct XmlDoc {
    texts: Vec<(String, String)>,
    elements: Vec<(String, Vec<(String, String)>)>,
}

fn read_xml(xml: &str) -> XmlDoc {
    let mut reader = Reader::from_str(xml);
    let mut open: Vec<String> = Vec::new();
    let mut doc = XmlDoc {
        texts: Vec::new(),
        elements: Vec::new(),
    };
    let mut in_text = false;
    loop {
        let event = reader.read_event().expect("well-formed XML");
        let piece = match &event {
            Event::Text(t) => Some(t.xml10_content().into_owned()),
            Event::GeneralRef(r) => {
                let name: &str = r;
                Some(
                    match name {
                        "lt" => "<",
                        "gt" => ">",
                        "amp" => "&",
                        "quot" => "\"",
                        "apos" => "'",
                        other => panic!("unexpected entity {other}"),
                    }
                    .to_owned(),
                )
            }
            _ => None,
        };
        if let Some(piece) = piece {
            let parent = open.last().cloned().unwrap_or_default();
            match doc.texts.last_mut() {
                Some((_, last)) if in_text => last.push_str(&piece),
                _ => doc.texts.push((parent, piece)),
            }
            in_text = true;
            continue;
        }
        in_text = false;
        let starts = matches!(event, Event::Start(_));
        match event {
            Event::Start(e) | Event::Empty(e) => {
                let name = e.name().as_ref().to_owned();
                let attributes = e
                    .attributes()
                    .map(|a| {
                        let a = a.expect("attribute");
                        (
                            a.key.as_ref().to_owned(),
                            a.normalized_value(XmlVersion::Implicit1_0)
                                .expect("attribute value")
                                .into_owned(),
                        )
                    })
                    .collect();
                doc.elements.push((name.clone(), attributes));
                if starts {
                    open.push(name);
                }
            }
            Event::End(_) => {
                open.pop();
            }
            Event::Eof => break,
            _ => {}
        }
    }
    doc
}

impl XmlDoc {
    fn texts_in(&self, element: &str) -> Vec<&str> {
        self.texts
            .iter()
            .filter(|(parent, _)| parent == element)
            .map(|(_, t)| t.as_str())
            .collect()
    }
}

/// A tool the tests need, with how to install it when it is missing.
pub fn tool(name: &str, package: &str) -> Command {
    let probe = Command::new(name).arg("--version").output();
    assert!(
        probe.is_ok(),
        "`{name}` is needed to read exports back: install the Debian package {package} \
         (scripts/install-deps.sh --test)"
    );
    Command::new(name)
}

/// `xmllint --noout`: libxml2's verdict on whether the file is XML.
fn assert_xmllint(path: &Path) {
    let out = tool("xmllint", "libxml2-utils")
        .arg("--noout")
        .arg(path)
        .output()
        .expect("run xmllint");
    assert!(
        out.status.success(),
        "xmllint refuses {}: {}",
        path.display(),
        String::from_utf8_lossy(&out.stderr)
    );
}

pub fn pdftotext(path: &Path) -> String {
    let out = tool("pdftotext", "poppler-utils")
        .arg(path)
        .arg("-")
        .output()
        .expect("run pdftotext");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// A journey with `text` as a lane name, a step's title and description and a connection label.
fn hostile_doc(text: &str) -> JourneyDoc {
    let mut doc = journey::default_doc(Language::En);
    doc.lanes[0].name = text.to_owned();
    let mut first = step("s-a", "customer", text);
    first.description = text.to_owned();
    doc.steps.push(first);
    doc.steps.push(step("s-b", "sales", "next"));
    doc.steps.push(step("s-c", "cs", "last"));
    doc.connections.push(conn("c-1", "s-a", "s-b", text));
    doc.connections.push(conn("c-2", "s-b", "s-c", ""));
    doc
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).expect("write export");
    path
}

#[test]
fn svg_of_any_text_is_xml_with_every_text_kept() {
    let dir = tempfile::tempdir().expect("temp dir");
    for (i, text) in HOSTILE.iter().enumerate() {
        let doc = hostile_doc(text);
        let svg = journey::to_svg(text, &doc, &layout(&doc));
        assert_xmllint(&write(dir.path(), &format!("j{i}.svg"), svg.as_bytes()));
        let expected = xml_expected(text);
        let xml = read_xml(&svg);
        let texts = xml.texts_in("text");
        assert_eq!(
            texts.first(),
            Some(&expected.as_str()),
            "the title of {text:?}"
        );
        assert!(
            xml.texts_in("title").contains(&expected.as_str()),
            "the step's full title {text:?}"
        );
        // The lane name is wrapped into at most three lines; the label into as many as it
        // needs, and never cut.
        let lines = xml.texts_in("tspan");
        assert!(
            (1..=3.min(lines.len())).any(|k| same_words(&lines[..k].join(" "), &expected)),
            "the lane name {text:?} in {lines:?}"
        );
        let whole = |k: usize| {
            lines.windows(k).any(|w| {
                let joined = w.join(" ");
                !joined.ends_with('…') && same_words(&joined, &expected)
            })
        };
        assert!(
            (1..=lines.len()).any(whole),
            "the connection label {text:?} whole in {lines:?}"
        );
    }
}

#[test]
fn png_and_pdf_of_any_text_render_and_pdf_text_reads_back() {
    let dir = tempfile::tempdir().expect("temp dir");
    for (i, text) in HOSTILE.iter().enumerate() {
        let doc = hostile_doc(text);
        let png = journey::render_doc(text, &doc, ExportFormat::Png, 1.0)
            .unwrap_or_else(|e| panic!("PNG of {text:?}: {e}"));
        let pixmap = resvg::tiny_skia::Pixmap::decode_png(&png).expect("a PNG");
        assert!(pixmap.pixels().iter().any(|p| p.red() < 100), "{text:?}");
        let pdf = journey::render_doc(text, &doc, ExportFormat::Pdf, 1.0)
            .unwrap_or_else(|e| panic!("PDF of {text:?}: {e}"));
        let extracted = pdftotext(&write(dir.path(), &format!("j{i}.pdf"), &pdf));
        // The title is one line of text at the top: every word of it is in the text layer.
        for word in xml_expected(text).split_whitespace() {
            assert!(
                extracted.contains(word),
                "{word:?} of {text:?} not in the PDF text:\n{extracted}"
            );
        }
    }
}

#[test]
fn drawio_of_any_text_is_xml_with_every_text_kept() {
    let dir = tempfile::tempdir().expect("temp dir");
    for (i, text) in HOSTILE.iter().enumerate() {
        let doc = hostile_doc(text);
        let file = journey::render_doc(text, &doc, ExportFormat::Drawio, 1.0).expect("drawio");
        assert_xmllint(&write(dir.path(), &format!("j{i}.drawio"), &file));
        let xml = read_xml(std::str::from_utf8(&file).expect("UTF-8"));
        let expected = xml_expected(text);
        let attr = |element: &str, id: &str, key: &str| -> String {
            xml.elements
                .iter()
                .filter(|(name, _)| name == element)
                .find(|(_, attrs)| attrs.iter().any(|(k, v)| k == "id" && v == id))
                .and_then(|(_, attrs)| attrs.iter().find(|(k, _)| k == key))
                .map(|(_, v)| v.clone())
                .unwrap_or_else(|| panic!("{element} {id} has no {key}"))
        };
        assert_eq!(attr("diagram", "journey", "name"), expected, "title");
        assert_eq!(attr("mxCell", "lane-0", "value"), expected, "lane");
        assert_eq!(attr("mxCell", "step-0", "value"), expected, "step title");
        assert_eq!(attr("mxCell", "step-0", "tooltip"), expected, "description");
        assert_eq!(attr("mxCell", "edge-0", "value"), expected, "label");
    }
}

/// What Mermaid shows for `text`: the characters no export can hold are gone as in XML, and the
/// label is one line. Mermaid's own placeholders `ﬂ°` and `¶ß` are kept apart by an invisible
/// word joiner (Mermaid would turn them into `&` and `;`).
fn mermaid_expected(text: &str) -> String {
    xml_expected(text)
        .chars()
        .map(|c| if c.is_whitespace() { ' ' } else { c })
        .collect::<String>()
        .replace("ﬂ°", "ﬂ\u{2060}°")
        .replace("¶ß", "¶\u{2060}ß")
}

/// Each file read back by `tests/mermaid/read.mjs` (Mermaid's own parser and renderer).
fn read_mermaid(files: &[PathBuf]) -> Vec<serde_json::Value> {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../tests/mermaid/read.mjs");
    let modules = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../tests/node_modules/mermaid");
    assert!(
        modules.exists(),
        "Mermaid is needed to read Mermaid exports back: run `npm ci` in tests/ \
         (scripts/install-deps.sh --test)"
    );
    let out = tool("node", "nodejs")
        .arg(script)
        .args(files)
        .output()
        .expect("run node");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|line| serde_json::from_str(line).expect("one JSON object per file"))
        .collect()
}

#[test]
fn mermaid_of_any_text_reads_back_as_the_text_typed() {
    let dir = tempfile::tempdir().expect("temp dir");
    let files: Vec<PathBuf> = HOSTILE
        .iter()
        .enumerate()
        .map(|(i, text)| {
            let doc = hostile_doc(text);
            write(
                dir.path(),
                &format!("j{i}.mmd"),
                journey::to_mermaid(text, &doc).as_bytes(),
            )
        })
        .collect();
    let read = read_mermaid(&files);
    assert_eq!(read.len(), HOSTILE.len());
    for (text, back) in HOSTILE.iter().zip(&read) {
        assert!(back.get("error").is_none(), "{text:?}: {back}");
        let expected = mermaid_expected(text);
        // No directive in a label reached the configuration.
        assert_eq!(back["config"], serde_json::json!({}), "{text:?}");
        // No spelling of `<` reaches Mermaid's title (see `yaml_title`).
        assert_eq!(
            back["title"],
            expected.replace('<', "＜"),
            "title of {text:?}"
        );
        assert_eq!(back["lanes"]["lane0"], expected, "lane of {text:?}");
        assert_eq!(back["steps"]["s0"], expected, "step of {text:?}");
        // Every step drawn once (empty lanes are drawn as boxes of their own, named `lane…`).
        let steps = back["steps"].as_object().expect("steps");
        assert_eq!(steps.keys().filter(|k| k.starts_with('s')).count(), 3);
        assert_eq!(
            (&steps["s1"], &steps["s2"]),
            (&"next".into(), &"last".into())
        );
        assert_eq!(
            back["edges"],
            serde_json::json!([expected, ""]),
            "label of {text:?}"
        );
    }
}

#[test]
fn a_journey_over_mermaids_limits_is_written_with_a_warning() {
    let mut doc = journey::default_doc(Language::En);
    for i in 0..=journey::MERMAID_MAX_EDGES + 1 {
        doc.steps
            .push(step(&format!("s{i}"), "cs", &format!("step {i}")));
        if i > 0 {
            doc.connections.push(conn(
                &format!("c{i}"),
                &format!("s{}", i - 1),
                &format!("s{i}"),
                "",
            ));
        }
    }
    let (text, limits) = journey::to_mermaid_checked("big", &doc);
    let limits = limits.expect("over the edge limit");
    assert_eq!(limits.edges as usize, journey::MERMAID_MAX_EDGES + 1);
    assert_eq!((limits.max_edges, limits.max_text_size), (500, 50_000));
    let warning = limits.describe();
    for part in [
        "501 connections",
        "500 edges",
        "50000 characters",
        "as draw.io or SVG",
    ] {
        assert!(warning.contains(part), "{part} in {warning}");
    }
    assert!(
        text.contains(&format!("%% Note: {warning}.")),
        "the file says so too"
    );
    assert_eq!(text.matches("-->").count(), 501);
    let dir = tempfile::tempdir().expect("temp dir");
    let edges = write(dir.path(), "edges.mmd", text.as_bytes());

    // Text alone can pass the limit too, counted as JavaScript counts it (UTF-16 units).
    let mut wordy = journey::default_doc(Language::En);
    for i in 0..120 {
        wordy
            .steps
            .push(step(&format!("w{i}"), "cs", &"長い説明".repeat(110)));
    }
    let (text, limits) = journey::to_mermaid_checked("wordy", &wordy);
    let limits = limits.expect("over the text limit");
    assert!(limits.text_size as usize > journey::MERMAID_MAX_TEXT);
    assert!(text.starts_with("---\n"), "the front matter stays first");
    let size = write(dir.path(), "size.mmd", text.as_bytes());
    // Mermaid itself, with its default settings, refuses both: the warning is not a guess.
    let read = read_mermaid(&[edges, size]);
    let error = read[0]["error"].as_str().unwrap_or_default();
    assert!(error.contains("Edge limit exceeded"), "{}", read[0]);
    assert!(
        read[1]["steps"].as_object().is_some_and(|s| s
            .values()
            .any(|t| t == "Maximum text size in diagram exceeded")),
        "{}",
        read[1]
    );

    let small = crate::journey::handoff_doc(&journey::default_doc(Language::En));
    let (text, limits) = journey::to_mermaid_checked("small", &small);
    assert_eq!(limits, None);
    assert!(!text.contains("%% Note"));
}

#[tokio::test]
async fn stored_text_with_control_characters_exports_in_every_format() {
    // Text stored by an older FirstGoal, or by another program writing the file: every door of
    // this one normalises it (the editor's save too), so it is written with SQL here.
    let (dir, db) = fresh_db().await;
    let (_, view) = project_journey(&db).await;
    let nasty = "Kick\u{0}off\u{B}2 \u{1B}\u{FFFE}";
    let mut doc = view.journey.doc.clone();
    doc.lanes[0].name = nasty.to_owned();
    doc.steps.push(step("x", &doc.lanes[0].id.clone(), nasty));
    doc.steps.push(step("y", &doc.lanes[1].id.clone(), "y"));
    doc.connections.push(conn("c", "x", "y", nasty));
    let through_the_editor = save(&db, &view, &doc).await;
    assert_eq!(through_the_editor.journey.doc.lanes[0].name, "Kickoff 2");
    sqlx::query("UPDATE journeys SET content = ? WHERE id = ?")
        .bind(serde_json::to_string(&doc).expect("json"))
        .bind(view.journey.id)
        .execute(db.pool())
        .await
        .expect("store raw text");
    let saved = journey::get(&db, view.journey.id).await.expect("get");
    assert!(
        saved
            .journey
            .doc
            .steps
            .iter()
            .any(|s| s.title.contains('\u{0}'))
    );
    for format in ExportFormat::ALL {
        let path = dir.path().join(format!("stored.{}", format.extension()));
        journey::export_journey(&db, saved.journey.id, None, format, 1.0, &path)
            .await
            .unwrap_or_else(|e| panic!("{format:?}: {e}"));
        if matches!(format, ExportFormat::Svg | ExportFormat::Drawio) {
            assert_xmllint(&path);
        }
    }
}

#[tokio::test]
async fn the_stakeholder_map_of_any_text_is_xml_and_renders() {
    let (dir, db) = fresh_db().await;
    let customer = "Customer \u{0}\u{B}\u{1B}\u{FFFE} <&> \"q\"";
    let detail =
        firstgoal_core::projects::create(&db, &input(customer, "2026-04-01", "2026-04-15"))
            .await
            .expect("create project");
    let mut board = firstgoal_core::stakeholders::board(&db, detail.project.id)
        .await
        .expect("board");
    for text in HOSTILE {
        board = add(&db, &board, text, |p| p.department = (*text).to_owned()).await;
    }
    for lang in [Language::En, Language::Ja] {
        let svg = map::render(&db, pid(&board), lang, MapFormat::Svg)
            .await
            .expect("map SVG");
        let path = write(dir.path(), &format!("map-{lang:?}.svg"), &svg);
        assert_xmllint(&path);
        let xml = read_xml(std::str::from_utf8(&svg).expect("UTF-8"));
        let texts = xml.texts_in("text");
        assert!(
            texts[0].ends_with(&xml_expected(customer)),
            "map title {:?}",
            texts[0]
        );
        for text in HOSTILE {
            let expected = xml_expected(text);
            assert!(
                texts.iter().filter(|t| same_words(t, &expected)).count() >= 2,
                "name and department of {text:?} in {texts:?}"
            );
        }
        let png = map::render(&db, pid(&board), lang, MapFormat::Png)
            .await
            .unwrap_or_else(|e| panic!("map PNG: {e}"));
        assert!(png.starts_with(b"\x89PNG"));
    }
}
