//! Documents as PDF with krilla (the maintained high-level PDF writer from the authors of
//! svg2pdf and resvg): A4 pages laid out by [`super::layout`], text in the first of the picture
//! fonts found (Noto Sans CJK JP for Japanese and English), embedded as a subset with its
//! Unicode mapping, so the text can be selected, searched and extracted.

use std::sync::Arc;

use krilla::Document;
use krilla::geom::{PathBuilder, Point, Rect};
use krilla::metadata::Metadata;
use krilla::page::PageSettings;
use krilla::paint::{Fill, Stroke};
use krilla::text::{Font, TextDirection};
use resvg::usvg::fontdb::{Family, Query, Source, Weight};

use super::layout::{self, Block, Item, Measure};
use super::{FONT_FAMILY, fonts, render_error};
use crate::error::{CoreError, Result};

type Bytes = Arc<dyn AsRef<[u8]> + Send + Sync>;

/// The bytes and face index of the first picture font family with this weight.
fn face_data(weight: Weight) -> Option<(Bytes, u32)> {
    let db = fonts();
    let families: Vec<Family> = FONT_FAMILY
        .split(',')
        .map(str::trim)
        .filter(|f| *f != "sans-serif")
        .map(Family::Name)
        .collect();
    let id = db.query(&Query {
        families: &families,
        weight,
        ..Query::default()
    })?;
    let face = db.face(id)?;
    let bytes: Bytes = match &face.source {
        Source::Binary(data) => data.clone(),
        Source::File(path) => Arc::new(std::fs::read(path).ok()?),
        Source::SharedFile(_, data) => data.clone(),
    };
    Some((bytes, face.index))
}

struct Face {
    bytes: Bytes,
    index: u32,
}

impl Face {
    fn load(weight: Weight) -> Result<Self> {
        let (bytes, index) = face_data(weight).ok_or_else(|| {
            CoreError::Unavailable(format!("no font for PDF text found (wanted {FONT_FAMILY})"))
        })?;
        Ok(Self { bytes, index })
    }

    fn parsed(&self) -> Result<ttf_parser::Face<'_>> {
        ttf_parser::Face::parse((*self.bytes).as_ref(), self.index)
            .map_err(|e| render_error("reading the font", e))
    }

    fn font(&self) -> Result<Font> {
        Font::new(krilla::Data::from(self.bytes.clone()), self.index)
            .ok_or_else(|| render_error("reading the font", "not a usable font"))
    }
}

struct Metrics<'a> {
    regular: ttf_parser::Face<'a>,
    bold: ttf_parser::Face<'a>,
}

impl Measure for Metrics<'_> {
    fn advance(&self, c: char, bold: bool) -> f32 {
        let face = if bold { &self.bold } else { &self.regular };
        let glyph = face.glyph_index(c).unwrap_or(ttf_parser::GlyphId(0));
        let advance = face.glyph_hor_advance(glyph).unwrap_or(0);
        f32::from(advance) / f32::from(face.units_per_em())
    }
}

fn draw(surface: &mut krilla::surface::Surface, items: &[Item], regular: &Font, bold: &Font) {
    let grey = Fill {
        paint: krilla::color::rgb::Color::new(232, 236, 241).into(),
        ..Fill::default()
    };
    let rule = Stroke {
        paint: krilla::color::rgb::Color::new(150, 158, 168).into(),
        width: 0.5,
        ..Stroke::default()
    };
    for item in items {
        match item {
            Item::Shade { x, y, w, h } => {
                let mut path = PathBuilder::new();
                if let Some(rect) = Rect::from_xywh(*x, *y, *w, *h) {
                    path.push_rect(rect);
                }
                if let Some(path) = path.finish() {
                    surface.set_stroke(None);
                    surface.set_fill(Some(grey.clone()));
                    surface.draw_path(&path);
                }
            }
            Item::Rule { x1, y1, x2, y2 } => {
                let mut path = PathBuilder::new();
                path.move_to(*x1, *y1);
                path.line_to(*x2, *y2);
                if let Some(path) = path.finish() {
                    surface.set_fill(None);
                    surface.set_stroke(Some(rule.clone()));
                    surface.draw_path(&path);
                }
            }
            Item::Text {
                x,
                y,
                size,
                bold: b,
                text,
            } => {
                surface.set_stroke(None);
                surface.set_fill(Some(Fill::default()));
                let font = if *b { bold } else { regular };
                surface.draw_text(
                    Point::from_xy(*x, *y),
                    font.clone(),
                    *size,
                    text,
                    false,
                    TextDirection::Auto,
                );
            }
        }
    }
}

/// `blocks` as an A4 PDF document titled `title`, in language `lang` (`ja`, `en`).
pub fn document_pdf(title: &str, lang: &str, blocks: &[Block]) -> Result<Vec<u8>> {
    let regular = Face::load(Weight::NORMAL)?;
    let bold = Face::load(Weight::BOLD)?;
    let pages = layout::lay_out(
        &Metrics {
            regular: regular.parsed()?,
            bold: bold.parsed()?,
        },
        blocks,
    );
    let (regular, bold) = (regular.font()?, bold.font()?);
    let mut document = Document::new();
    document.set_metadata(
        Metadata::new()
            .title(title.to_owned())
            .language(lang.to_owned())
            .creator("FirstGoal".to_owned()),
    );
    let settings = PageSettings::from_wh(layout::PAGE_WIDTH, layout::PAGE_HEIGHT)
        .ok_or_else(|| render_error("writing the PDF", "bad page size"))?;
    for items in &pages {
        let mut page = document.start_page_with(settings.clone());
        let mut surface = page.surface();
        draw(&mut surface, items, &regular, &bold);
        surface.finish();
        page.finish();
    }
    document
        .finish()
        .map_err(|e| render_error("writing the PDF", format!("{e:?}")))
}
