//! Emoji and other symbols outside the CJK and Latin fonts in PNG and PDF exports (journey,
//! stakeholder map, portfolio chart PNG): drawn in black and white from a font with outlines
//! (Symbola), never a failure even where a colour emoji font is installed, and kept as their
//! characters in the PDF's text; an emoji newer than every installed font is drawn as a box and
//! still kept in the text.

use std::path::Path;

use firstgoal_core::journey::{self, ExportFormat};
use firstgoal_core::portfolio::ChartFormat;
use firstgoal_core::render;
use firstgoal_core::settings::Language;
use firstgoal_core::stakeholders::map::{self, MapFormat};
use resvg::tiny_skia::Pixmap;

use crate::fresh_db;
use crate::journey::{handoff_doc, step};
use crate::stakeholders::{add, pid, project};
use crate::text_safety::pdftotext;

const SYMBOLS: &str = "🎉 ✅ 🚀 ★ ☎ ⚠ 👍";

/// How many pixels of `png` are not white.
fn inked(png: &[u8]) -> usize {
    let pixmap = Pixmap::decode_png(png).expect("a PNG");
    pixmap
        .pixels()
        .iter()
        .filter(|p| p.alpha() > 0 && (p.red() < 200 || p.green() < 200 || p.blue() < 200))
        .count()
}

/// A picture of `text` alone on white.
fn text_picture(text: &str) -> String {
    format!(
        r##"<svg xmlns="http://www.w3.org/2000/svg" width="400" height="60"><rect width="400" height="60" fill="#fff"/><text x="10" y="40" font-size="30" font-family="{}">{}</text></svg>"##,
        render::FONT_FAMILY,
        render::escape(text)
    )
}

fn pdf_text(dir: &Path, name: &str, pdf: &[u8]) -> String {
    let path = dir.join(name);
    std::fs::write(&path, pdf).expect("write");
    pdftotext(&path)
}

#[test]
fn each_symbol_is_drawn_and_kept_in_the_pdf_text() {
    let dir = tempfile::tempdir().expect("temp dir");
    for symbol in SYMBOLS.split(' ') {
        let svg = text_picture(symbol);
        let png = render::svg_to_png(&svg, 1.0).unwrap_or_else(|e| panic!("{symbol}: {e}"));
        assert!(inked(&png) > 30, "{symbol} is drawn, not left out");
        let pdf = render::svg_to_pdf(&svg).unwrap_or_else(|e| panic!("{symbol}: {e}"));
        let text = pdf_text(dir.path(), "one.pdf", &pdf);
        assert_eq!(text.trim(), symbol, "{symbol} reads back from the PDF");
    }
    // Newer than every installed font: a box, and the character in the text all the same.
    let newer = "🥲";
    let svg = text_picture(newer);
    assert!(inked(&render::svg_to_png(&svg, 1.0).expect("png")) > 0);
    let text = pdf_text(
        dir.path(),
        "newer.pdf",
        &render::svg_to_pdf(&svg).expect("pdf"),
    );
    assert_eq!(text.trim(), newer);
}

#[tokio::test]
async fn journey_map_and_chart_exports_with_emoji_render() {
    let (dir, db) = fresh_db().await;
    let (_, view) = crate::journey::project_journey(&db).await;
    let mut doc = handoff_doc(&view.journey.doc);
    doc.lanes[0].name = format!("CS {SYMBOLS}");
    doc.steps.push(step(
        "party",
        &doc.lanes[1].id.clone(),
        &format!("Go-live 🎉 {SYMBOLS}"),
    ));
    let saved = crate::journey::save(&db, &view, &doc).await;
    for format in [ExportFormat::Png, ExportFormat::Pdf] {
        let path = dir.path().join(format!("journey.{}", format.extension()));
        journey::export_journey(&db, saved.journey.id, None, format, 1.0, &path)
            .await
            .unwrap_or_else(|e| panic!("{format:?}: {e}"));
    }
    let text = pdftotext(&dir.path().join("journey.pdf"));
    for symbol in SYMBOLS.split(' ') {
        assert!(text.contains(symbol), "{symbol} in the journey PDF: {text}");
    }

    let board = project(&db).await;
    let board = add(&db, &board, &format!("山田 🎉 {SYMBOLS}"), |_| {}).await;
    let png = map::render(&db, pid(&board), Language::Ja, MapFormat::Png)
        .await
        .expect("map PNG");
    assert!(inked(&png) > 0);

    // A chart's SVG comes from the window; its PNG goes through the same renderer.
    let chart = text_picture(&format!("TTV 🚀 {SYMBOLS}"));
    let path = dir.path().join("chart.png");
    firstgoal_core::portfolio::export_chart(chart, ChartFormat::Png, &path)
        .await
        .expect("chart PNG");
    assert!(inked(&std::fs::read(&path).expect("chart")) > 0);
}
