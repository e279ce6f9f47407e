//! Turning the SVG pictures the core draws (stakeholder maps, journeys, charts) into PNG and PDF,
//! in pure Rust, with the system's fonts so Japanese text renders. Also the escaping every SVG
//! writer uses: user text always goes into SVG as escaped text, never as markup.

use resvg::{tiny_skia, usvg};

use crate::error::{CoreError, FieldCode, Result};

mod fonts;
mod layers;
mod text;

use fonts::pdf_fonts;
pub use fonts::{FONT_FAMILY, fonts};
pub use text::{escape, is_xml_char, xml_text};

/// Largest PNG side in pixels; larger requests are refused rather than exhausting memory.
pub const MAX_PNG_SIDE: u32 = 16_384;

fn render_error(what: &str, detail: impl std::fmt::Display) -> CoreError {
    CoreError::Unavailable(format!("{what} failed: {detail}"))
}

/// Parses SVG text with the system fonts.
pub fn parse(svg: &str) -> Result<usvg::Tree> {
    let options = usvg::Options {
        fontdb: fonts(),
        ..usvg::Options::default()
    };
    usvg::Tree::from_str(svg, &options).map_err(|e| render_error("reading the SVG", e))
}

/// Renders SVG text to PNG bytes at `scale` (1.0 = one pixel per SVG unit).
fn check_png_size(width: f32, height: f32) -> Result<()> {
    if width > MAX_PNG_SIDE as f32 || height > MAX_PNG_SIDE as f32 {
        return Err(render_error(
            "rendering the PNG",
            format!(
                "{}×{} px is over the {MAX_PNG_SIDE} px limit; choose a smaller scale",
                width.ceil(),
                height.ceil()
            ),
        ));
    }
    Ok(())
}

/// The `width` and `height` of the root `<svg>` element when both are plain numbers (or pixels).
fn declared_size(svg: &str) -> Option<(f32, f32)> {
    let mut reader = quick_xml::Reader::from_str(svg);
    loop {
        match reader.read_event().ok()? {
            quick_xml::events::Event::Start(e) | quick_xml::events::Event::Empty(e) => {
                if e.local_name().as_ref() != "svg" {
                    return None;
                }
                let number = |name: &str| -> Option<f32> {
                    let attr = e.try_get_attribute(name).ok()??;
                    let value: f32 = attr.value.trim().trim_end_matches("px").parse().ok()?;
                    value.is_finite().then_some(value)
                };
                return Some((number("width")?, number("height")?));
            }
            quick_xml::events::Event::Eof => return None,
            _ => {}
        }
    }
}

pub fn svg_to_png(svg: &str, scale: f32) -> Result<Vec<u8>> {
    if !(scale.is_finite() && scale > 0.0 && scale <= 8.0) {
        return Err(CoreError::Validation(vec![crate::FieldError::new(
            "scale",
            FieldCode::OutOfRange,
        )]));
    }
    // The size is in the root element: a picture too large to draw is refused before it is read
    // (reading a large journey takes seconds, and was all wasted).
    if let Some((width, height)) = declared_size(svg) {
        check_png_size(width * scale, height * scale)?;
    }
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .clamp(1, 8);
    // Small pictures are read in one piece: threads would cost more than they save.
    let layers = if svg.len() >= 64 * 1024 {
        layers::split(svg, threads)
    } else {
        vec![svg.to_owned()]
    };
    let trees = std::thread::scope(|scope| {
        let readers: Vec<_> = layers
            .iter()
            .map(|layer| scope.spawn(move || parse(layer)))
            .collect();
        readers
            .into_iter()
            .map(|reader| {
                reader
                    .join()
                    .unwrap_or_else(|_| Err(render_error("reading the SVG", "a reader failed")))
            })
            .collect::<Result<Vec<_>>>()
    })?;
    let first = trees
        .first()
        .ok_or_else(|| render_error("reading the SVG", "empty picture"))?;
    let size = first
        .size()
        .to_int_size()
        .scale_by(scale)
        .ok_or_else(|| render_error("sizing the PNG", "empty picture"))?;
    check_png_size(size.width() as f32, size.height() as f32)?;
    let (width, height) = (size.width(), size.height());
    let mut out = Vec::new();
    let mut encoder = png::Encoder::new(&mut out, width, height);
    encoder.set_color(png::ColorType::Rgba);
    encoder.set_depth(png::BitDepth::Eight);
    // Opaque RGBA, Paeth-filtered: the constant alpha channel and flat areas become zeros that
    // fast compression packs well (no separate pass to drop the alpha channel).
    encoder.set_compression(png::Compression::Fast);
    encoder.set_filter(png::Filter::Paeth);
    let encoding = |e: png::EncodingError| render_error("encoding the PNG", e);
    let mut writer = encoder.write_header().map_err(encoding)?;
    let mut stream = writer.stream_writer().map_err(encoding)?;
    // Two strips per thread: the first strips are encoded while the last ones are drawn. More
    // would cost more than they save: every strip prepares every shape (tiny-skia clips late).
    let strip_rows = height.div_ceil(2 * threads as u32).max(MIN_STRIP_ROWS);
    render_strips(
        &trees,
        scale,
        (width, height),
        strip_rows,
        threads,
        |rows| {
            std::io::Write::write_all(&mut stream, rows)
                .map_err(|e| render_error("encoding the PNG", e))
        },
    )?;
    stream.finish().map_err(encoding)?;
    writer.finish().map_err(encoding)?;
    Ok(out)
}

/// Fewest rows of a strip: smaller pictures are drawn in fewer strips.
const MIN_STRIP_ROWS: u32 = 64;

/// Paints the picture in horizontal strips of `strip_rows` on `workers` threads, and hands the
/// strips' RGBA rows to `each` in order from top to bottom (on the calling thread, while the
/// workers draw the next strips).
fn render_strips(
    trees: &[usvg::Tree],
    scale: f32,
    (width, height): (u32, u32),
    strip_rows: u32,
    workers: usize,
    mut each: impl FnMut(&[u8]) -> Result<()>,
) -> Result<()> {
    use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};
    let strips = height.div_ceil(strip_rows.max(1));
    let next = AtomicU32::new(0);
    let stop = AtomicBool::new(false);
    std::thread::scope(|scope| {
        let (done, finished) = std::sync::mpsc::channel::<(u32, Option<Vec<u8>>)>();
        for _ in 0..workers.max(1) {
            let done = done.clone();
            let (next, stop) = (&next, &stop);
            scope.spawn(move || {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    if i >= strips || stop.load(Ordering::Relaxed) {
                        break;
                    }
                    let top = i * strip_rows;
                    let rows = strip_rows.min(height - top);
                    let strip = paint_strip(trees, scale, width, (top, rows));
                    if done.send((i, strip)).is_err() {
                        break;
                    }
                }
            });
        }
        drop(done);
        // Strips arrive in any order; they are handed on in order.
        let mut waiting: std::collections::BTreeMap<u32, Vec<u8>> = Default::default();
        let mut wanted = 0;
        let result = (|| {
            for (i, strip) in finished.iter() {
                let strip = strip.ok_or_else(|| {
                    render_error("rendering the PNG", "cannot allocate the image")
                })?;
                waiting.insert(i, strip);
                while let Some(strip) = waiting.remove(&wanted) {
                    each(&strip)?;
                    wanted += 1;
                }
            }
            Ok(())
        })();
        stop.store(true, Ordering::Relaxed);
        result
    })
}

/// One strip of the picture on white: rows `top..top + rows` at `scale`.
fn paint_strip(
    trees: &[usvg::Tree],
    scale: f32,
    width: u32,
    (top, rows): (u32, u32),
) -> Option<Vec<u8>> {
    let mut pixels = vec![0u8; width as usize * 4 * rows as usize];
    let mut strip = tiny_skia::PixmapMut::from_bytes(&mut pixels, width, rows)?;
    strip.fill(tiny_skia::Color::WHITE);
    let canvas = tiny_skia::Transform::from_scale(scale, scale).post_translate(0.0, -(top as f32));
    for tree in trees {
        resvg::render(tree, canvas, &mut strip);
    }
    Some(pixels)
}

/// Converts SVG text to a one-page PDF with the text embedded as text.
pub fn svg_to_pdf(svg: &str) -> Result<Vec<u8>> {
    let options = svg2pdf::usvg::Options {
        fontdb: pdf_fonts(),
        ..svg2pdf::usvg::Options::default()
    };
    let tree = svg2pdf::usvg::Tree::from_str(svg, &options)
        .map_err(|e| render_error("reading the SVG", e))?;
    svg2pdf::to_pdf(
        &tree,
        svg2pdf::ConversionOptions::default(),
        svg2pdf::PageOptions::default(),
    )
    .map_err(|e| render_error("writing the PDF", e))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn picture(text: &str) -> String {
        format!(
            r#"<svg xmlns="http://www.w3.org/2000/svg" width="200" height="40"><text x="4" y="28" font-family="{FONT_FAMILY}" font-size="20">{}</text></svg>"#,
            escape(text)
        )
    }

    /// The picture's RGBA pixels, drawn in strips of `strip_rows` on two threads.
    fn rgba(trees: &[usvg::Tree], scale: f32, size: (u32, u32), strip_rows: u32) -> Vec<u8> {
        let mut out = Vec::new();
        render_strips(trees, scale, size, strip_rows, 2, |rows| {
            out.extend_from_slice(rows);
            Ok(())
        })
        .expect("render");
        out
    }

    fn inked_pixels(png: &[u8]) -> usize {
        let pixmap = tiny_skia::Pixmap::decode_png(png).expect("decode png");
        pixmap.pixels().iter().filter(|p| p.red() < 128).count()
    }

    #[test]
    fn japanese_text_renders_with_a_cjk_font() {
        let has_cjk = fonts()
            .faces()
            .any(|f| f.families.iter().any(|(name, _)| name.contains("CJK")));
        assert!(has_cjk, "a CJK font (fonts-noto-cjk) must be installed");
        let png = svg_to_png(&picture("導入目的"), 1.0).expect("render");
        assert!(
            inked_pixels(&png) > 100,
            "the Japanese glyphs left ink on the picture"
        );
        let blank = svg_to_png(&picture(""), 1.0).expect("render");
        assert_eq!(inked_pixels(&blank), 0);
    }

    /// Overlapping shapes and texts, so painting order shows in the pixels.
    fn busy_picture(items: usize) -> String {
        let mut svg = String::from(
            r##"<svg xmlns="http://www.w3.org/2000/svg" width="400" height="300" font-family="Noto Sans CJK JP"><defs><marker id="a" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7"><path d="M0,0 L10,5 L0,10 z" fill="#57606a"/></marker></defs><rect width="400" height="20" fill="#ffffff"/><g transform="translate(0,20)">"##,
        );
        for i in 0..items {
            let (x, y) = ((i * 37) % 360, (i * 23) % 260);
            svg.push_str(&format!(
                r##"<g><rect x="{x}" y="{y}" width="60" height="30" rx="6" fill="#{:06x}" stroke="#57606a"/><text x="{}" y="{}" fill="#1f2328">ステップ {i}</text></g><path d="M{x},{y} C{},{} {},{} {},{}" fill="none" stroke="#cf222e" marker-end="url(#a)"/>"##,
                (i * 0x2f4b3d) % 0xffffff,
                x + 4,
                y + 18,
                x + 40,
                y,
                x + 60,
                y + 50,
                (x + 90) % 400,
                (y + 40) % 280
            ));
        }
        svg.push_str("</g></svg>");
        svg
    }

    #[test]
    fn layers_painted_in_order_make_the_same_picture_as_the_whole_document() {
        let svg = busy_picture(120);
        let layers = layers::split(&svg, 3);
        assert_eq!(layers.len(), 3);
        let whole = rgba(&[parse(&svg).expect("parse")], 1.5, (600, 450), 450);
        let trees: Vec<_> = layers.iter().map(|l| parse(l).expect("parse")).collect();
        let layered = rgba(&trees, 1.5, (600, 450), 450);
        assert!(
            whole == layered,
            "the layered picture differs from the whole one"
        );
        // And the picture is not blank: the comparison means something.
        assert!(whole.iter().filter(|b| **b < 128).count() > 10_000);
    }

    #[test]
    fn markup_in_text_stays_text() {
        let svg = picture("<script>alert(1)</script> & \"q\"");
        assert!(svg.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;q&quot;"));
        assert!(parse(&svg).is_ok());
    }

    #[test]
    fn a_picture_too_large_to_draw_is_refused_before_it_is_read() {
        // The body is not even well-formed: the refusal comes from the size in the root
        // element, before anything else is read.
        let huge = format!(
            r#"<svg xmlns="http://www.w3.org/2000/svg" width="12000px" height="400">{}<g"#,
            "<rect width=\"1\" height=\"1\"/>".repeat(1000)
        );
        let err = svg_to_png(&huge, 2.0).expect_err("too large");
        assert!(
            err.to_string()
                .contains("24000×800 px is over the 16384 px limit"),
            "{err}"
        );
        // At a scale that fits, the same root is read (and this body refused as not XML).
        let err = svg_to_png(&huge, 1.0).expect_err("not XML");
        assert!(err.to_string().contains("reading the SVG"), "{err}");
        assert_eq!(declared_size(&picture("x")), Some((200.0, 40.0)));
        assert_eq!(declared_size(r#"<svg width="50%" height="10"/>"#), None);
    }

    #[test]
    fn scale_is_checked() {
        assert!(matches!(
            svg_to_png(&picture("x"), 0.0),
            Err(CoreError::Validation(_))
        ));
        assert!(matches!(
            svg_to_png(&picture("x"), f32::NAN),
            Err(CoreError::Validation(_))
        ));
        let png = svg_to_png(&picture("x"), 2.0).expect("render");
        let pixmap = tiny_skia::Pixmap::decode_png(&png).expect("decode");
        assert_eq!((pixmap.width(), pixmap.height()), (400, 80));
    }

    /// Shapes, text, a translated group and a half-transparent one across strip edges.
    #[test]
    fn strips_join_into_the_same_picture_as_one_pass() {
        let svg = format!(
            r##"<svg xmlns="http://www.w3.org/2000/svg" width="120" height="203"><polygon points="0,0 120,203 0,203" fill="#123456"/><circle cx="60" cy="101" r="50" fill="none" stroke="red" stroke-width="3"/><text x="5" y="110" font-family="{FONT_FAMILY}" font-size="30">境界</text><g transform="translate(10,30)"><rect x="60" y="20" width="40" height="100" fill="#1a7f37"/><g opacity="0.5"><circle cx="40" cy="140" r="25" fill="#0969da"/></g></g></svg>"##
        );
        let tree = parse(&svg).expect("parse");
        // Strips of 64 rows: four edges between strips, the last strip shorter.
        let strips = rgba(std::slice::from_ref(&tree), 1.5, (180, 304), 64);
        let mut whole = tiny_skia::Pixmap::new(180, 304).expect("pixmap");
        whole.fill(tiny_skia::Color::WHITE);
        resvg::render(
            &tree,
            tiny_skia::Transform::from_scale(1.5, 1.5),
            &mut whole.as_mut(),
        );
        // Anti-aliased edge pixels come out a shade different with the picture moved up by a
        // strip's offset (tiny-skia's fixed-point rounding: 5 of these 54,720 pixels). A strip
        // drawn one row off, missing or twice would change hundreds.
        let off = strips
            .chunks_exact(4)
            .zip(whole.data().chunks_exact(4))
            .filter(|(a, b)| a.iter().zip(b.iter()).any(|(x, y)| x.abs_diff(*y) > 48))
            .count();
        assert!(
            off <= 10,
            "{off} pixels differ between the strips and one pass"
        );
        let inked = |px: &[u8]| px.chunks_exact(4).filter(|p| p[0] < 128).count();
        assert!(inked(whole.data()) > 5_000, "the picture is not blank");
        assert!(inked(&strips).abs_diff(inked(whole.data())) <= 10);
    }

    #[test]
    fn pdf_is_a_pdf() {
        let pdf = svg_to_pdf(&picture("ファーストゴール")).expect("pdf");
        assert!(pdf.starts_with(b"%PDF-"));
    }
}
