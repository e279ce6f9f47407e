//! Writing export files: to a temporary file beside the target, then renamed over it, so a
//! failed or interrupted export never leaves a half-written file behind.

use std::io::Write;
use std::path::Path;

use crate::error::{CoreError, Result};

pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    let io = |context: &str, source| CoreError::Io {
        context: format!("{context} {}", path.display()),
        source,
    };
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let mut file =
        tempfile::NamedTempFile::new_in(dir).map_err(|e| io("cannot write to the folder of", e))?;
    file.write_all(bytes).map_err(|e| io("cannot write", e))?;
    file.as_file()
        .sync_all()
        .map_err(|e| io("cannot write", e))?;
    file.persist(path).map_err(|e| io("cannot save", e.error))?;
    Ok(())
}
