//! Exporting a journey (now or at a revision) or a comparison of two revisions to a file: SVG,
//! PNG, PDF, Mermaid, draw.io or JSON. Drawing and rendering run on a blocking thread so the
//! caller's async runtime (and the app window) stays responsive during a large PNG or PDF.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use specta::Type;

use super::layout::layout;
use super::mermaid::MermaidLimits;
use super::revisions::{MarkLabels, compare, get_revision};
use super::store::get;
use super::{JourneyDoc, drawio, file, mermaid, svg};
use crate::db::Db;
use crate::db::files::write_atomic;
use crate::error::{CoreError, FieldCode, FieldError, Result};
use crate::render;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum ExportFormat {
    Svg,
    Png,
    Pdf,
    Mermaid,
    Drawio,
    Json,
}

impl ExportFormat {
    pub const ALL: [ExportFormat; 6] = [
        ExportFormat::Svg,
        ExportFormat::Png,
        ExportFormat::Pdf,
        ExportFormat::Mermaid,
        ExportFormat::Drawio,
        ExportFormat::Json,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ExportFormat::Svg => "svg",
            ExportFormat::Png => "png",
            ExportFormat::Pdf => "pdf",
            ExportFormat::Mermaid => "mermaid",
            ExportFormat::Drawio => "drawio",
            ExportFormat::Json => "json",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|f| f.as_str() == s)
    }

    /// The usual file extension.
    pub fn extension(self) -> &'static str {
        match self {
            ExportFormat::Mermaid => "mmd",
            other => other.as_str(),
        }
    }
}

/// The bytes of `doc` in `format`. PNG uses `scale` (1.0 = one pixel per diagram unit).
pub fn render_doc(
    name: &str,
    doc: &JourneyDoc,
    format: ExportFormat,
    scale: f32,
) -> Result<Vec<u8>> {
    let picture = || svg::to_svg(name, doc, &layout(doc));
    Ok(match format {
        ExportFormat::Svg => picture().into_bytes(),
        ExportFormat::Png => render::svg_to_png(&picture(), scale)?,
        ExportFormat::Pdf => render::svg_to_pdf(&picture())?,
        ExportFormat::Mermaid => mermaid::to_mermaid(name, doc).into_bytes(),
        ExportFormat::Drawio => drawio::to_drawio(name, doc, &layout(doc))?.into_bytes(),
        ExportFormat::Json => file::to_json(name, doc).into_bytes(),
    })
}

/// The comparison picture in `format` (SVG, PNG or PDF).
pub fn render_comparison(svg: &str, format: ExportFormat, scale: f32) -> Result<Vec<u8>> {
    match format {
        ExportFormat::Svg => Ok(svg.as_bytes().to_vec()),
        ExportFormat::Png => render::svg_to_png(svg, scale),
        ExportFormat::Pdf => render::svg_to_pdf(svg),
        _ => Err(CoreError::Validation(vec![FieldError::new(
            "format",
            FieldCode::OutOfRange,
        )])),
    }
}

async fn write_blocking(
    path: &Path,
    work: impl FnOnce() -> Result<Vec<u8>> + Send + 'static,
) -> Result<PathBuf> {
    let path = path.to_path_buf();
    crate::db::files::off_thread(move || {
        let bytes = work()?;
        write_atomic(&path, &bytes)?;
        Ok(path)
    })
    .await
}

/// What an export wrote, and what whoever opens it should know.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Exported {
    pub path: PathBuf,
    /// A Mermaid file over Mermaid's default limits: written, but most viewers will not draw it.
    pub mermaid_limits: Option<MermaidLimits>,
}

/// Writes a journey (its current state, or `revision` of it) to `path` in `format`.
pub async fn export_journey(
    db: &Db,
    journey_id: i64,
    revision: Option<i64>,
    format: ExportFormat,
    scale: f32,
    path: &Path,
) -> Result<PathBuf> {
    export_journey_checked(db, journey_id, revision, format, scale, path)
        .await
        .map(|exported| exported.path)
}

/// [`export_journey`], with what the reader should be told about the file.
pub async fn export_journey_checked(
    db: &Db,
    journey_id: i64,
    revision: Option<i64>,
    format: ExportFormat,
    scale: f32,
    path: &Path,
) -> Result<Exported> {
    let (name, doc) = match revision {
        None => {
            let view = get(db, journey_id).await?;
            (view.journey.name, view.journey.doc)
        }
        Some(id) => {
            let rev = get_revision(db, id).await?;
            if rev.revision.journey_id != journey_id {
                return Err(CoreError::NotFound {
                    entity: "revision",
                    id,
                });
            }
            (
                format!("{} — {}", rev.journey_name, rev.revision.name),
                rev.doc,
            )
        }
    };
    if format == ExportFormat::Mermaid {
        let (text, mermaid_limits) = mermaid::to_mermaid_checked(&name, &doc);
        let path = write_blocking(path, move || Ok(text.into_bytes())).await?;
        return Ok(Exported {
            path,
            mermaid_limits,
        });
    }
    let path = write_blocking(path, move || render_doc(&name, &doc, format, scale)).await?;
    Ok(Exported {
        path,
        mermaid_limits: None,
    })
}

/// Writes the comparison of two revisions, with its change marks, to `path` (SVG, PNG or PDF).
pub async fn export_comparison(
    db: &Db,
    from: i64,
    to: i64,
    labels: &MarkLabels,
    format: ExportFormat,
    scale: f32,
    path: &Path,
) -> Result<PathBuf> {
    let view = compare(db, from, to, labels).await?;
    write_blocking(path, move || render_comparison(&view.svg, format, scale)).await
}
