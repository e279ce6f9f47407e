//! The fonts pictures are drawn with: the system's fonts, Japanese first, loaded once per process
//! and shared by the PNG and PDF renderers.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, OnceLock};

use resvg::usvg;

/// Font stack for every SVG the core writes: Japanese first, then Latin, then any sans-serif.
pub const FONT_FAMILY: &str = "Noto Sans CJK JP, Noto Sans JP, Noto Sans, DejaVu Sans, sans-serif";

/// A font database of the `fontdb` module `$fontdb` with the system fonts, where the files of
/// the families pictures use (regular and bold) are held in memory. Left as files, every text
/// span would open and map its font file again, which made a 1,000-step journey spend seconds
/// in text layout.
macro_rules! font_database {
    ($fontdb:path) => {{
        use $fontdb::{Database, Source, Weight};
        let mut db = Database::new();
        db.load_system_fonts();
        let wanted: Vec<&str> = FONT_FAMILY.split(',').map(str::trim).collect();
        let mut files: Vec<PathBuf> = Vec::new();
        for face in db.faces() {
            let used = face
                .families
                .iter()
                .any(|(name, _)| wanted.contains(&name.as_str()))
                && matches!(face.weight, Weight::NORMAL | Weight::BOLD);
            if let (true, Source::File(path)) = (used, &face.source)
                && !files.contains(path)
            {
                files.push(path.clone());
            }
        }
        for path in files {
            if let Some(data) = font_file(&path) {
                let same_file: Vec<_> = db
                    .faces()
                    .filter(|f| matches!(&f.source, Source::File(p) if *p == path))
                    .map(|f| f.id)
                    .collect();
                for id in same_file {
                    db.remove_face(id);
                }
                db.load_font_source(Source::Binary(data));
            }
        }
        db.set_sans_serif_family("Noto Sans CJK JP");
        Arc::new(db)
    }};
}

/// The system fonts for pictures (PNG), loaded once per process.
pub fn fonts() -> Arc<usvg::fontdb::Database> {
    static FONTS: OnceLock<Arc<usvg::fontdb::Database>> = OnceLock::new();
    FONTS.get_or_init(|| font_database!(usvg::fontdb)).clone()
}

/// The same fonts for PDF: `svg2pdf` reads an SVG tree of its own `usvg` version, which has its
/// own font database type. The font files kept in memory are shared with [`fonts`].
pub(super) fn pdf_fonts() -> Arc<svg2pdf::usvg::fontdb::Database> {
    static FONTS: OnceLock<Arc<svg2pdf::usvg::fontdb::Database>> = OnceLock::new();
    FONTS
        .get_or_init(|| font_database!(svg2pdf::usvg::fontdb))
        .clone()
}

/// Font files read so far (`None`: could not be read).
type FontFiles = HashMap<PathBuf, Option<Arc<Vec<u8>>>>;

/// The bytes of a font file, read once per process and shared by both font databases.
fn font_file(path: &std::path::Path) -> Option<Arc<Vec<u8>>> {
    static FILES: OnceLock<Mutex<FontFiles>> = OnceLock::new();
    let mut files = FILES
        .get_or_init(Mutex::default)
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    files
        .entry(path.to_owned())
        .or_insert_with(|| std::fs::read(path).ok().map(Arc::new))
        .clone()
}
