//! Reading the file within the size limit, the preview, and the import's one write transaction
//! (which claims the project's version, so an import on a stale screen is a conflict).

use std::path::Path;

use chrono::Utc;
use tokio::io::AsyncReadExt;

use super::mapping::{check_mapping, check_rows, suggest_mapping};
use super::{
    CsvField, CsvImportReport, CsvPreview, ImportMode, MAX_CSV_BYTES, PREVIEW_ROWS, count, parse,
};
use crate::board::board;
use crate::db::Db;
use crate::db::rows::claim_version;
use crate::error::{CoreError, FieldCode, FieldError, Result};
use crate::stakeholders::{insert_stakeholder, kickoff_of};

fn too_large() -> CoreError {
    CoreError::Validation(vec![
        FieldError::new("file", FieldCode::FileTooLarge)
            .with_max(usize::try_from(MAX_CSV_BYTES).unwrap_or(usize::MAX)),
    ])
}

/// The file's bytes; a file over [`MAX_CSV_BYTES`] is refused before it is read.
pub async fn read_file(path: &Path) -> Result<Vec<u8>> {
    let io = |source| CoreError::Io {
        context: format!("cannot read {}", path.display()),
        source,
    };
    crate::db::files::check_input_file(path)?;
    let file = tokio::fs::File::open(path).await.map_err(io)?;
    if file.metadata().await.map_err(io)?.len() > MAX_CSV_BYTES {
        return Err(too_large());
    }
    // Read at most one byte past the limit, in case the file grows meanwhile.
    let mut bytes = Vec::new();
    file.take(MAX_CSV_BYTES + 1)
        .read_to_end(&mut bytes)
        .await
        .map_err(io)?;
    if bytes.len() as u64 > MAX_CSV_BYTES {
        return Err(too_large());
    }
    Ok(bytes)
}

/// Previews a file for a project: `mapping` or, when `None`, the suggestion from the header.
pub async fn preview(
    db: &Db,
    project_id: i64,
    path: &Path,
    mapping: Option<Vec<Option<CsvField>>>,
) -> Result<CsvPreview> {
    let bytes = read_file(path).await?;
    preview_bytes(db, project_id, &bytes, mapping).await
}

/// [`preview`] of bytes already read.
pub async fn preview_bytes(
    db: &Db,
    project_id: i64,
    bytes: &[u8],
    mapping: Option<Vec<Option<CsvField>>>,
) -> Result<CsvPreview> {
    let table = parse(bytes)?;
    let kickoff = {
        let mut conn = db.pool().acquire().await?;
        kickoff_of(&mut conn, project_id).await?
    };
    let mapping = mapping.unwrap_or_else(|| suggest_mapping(&table.header));
    let mapping_errors = check_mapping(&mapping, table.header.len());
    let checked = if mapping_errors.is_empty() {
        check_rows(&table, &mapping, kickoff)?
    } else {
        Default::default()
    };
    Ok(CsvPreview {
        encoding: table.encoding,
        delimiter: table.delimiter,
        header: table.header.clone(),
        rows: table.rows.iter().take(PREVIEW_ROWS).cloned().collect(),
        total_rows: count(table.rows.len()),
        mapping,
        mapping_errors,
        valid_rows: count(checked.valid.len()),
        invalid_rows: checked.invalid_rows,
        errors: checked.errors,
    })
}

/// Imports a file into a project (see the module docs for the modes).
pub async fn import(
    db: &Db,
    project_id: i64,
    expected_version: i64,
    path: &Path,
    mapping: &[Option<CsvField>],
    mode: ImportMode,
) -> Result<CsvImportReport> {
    let bytes = read_file(path).await?;
    import_bytes(db, project_id, expected_version, &bytes, mapping, mode).await
}

/// [`import`] of bytes already read. The new stakeholders follow the existing ones in file order.
pub async fn import_bytes(
    db: &Db,
    project_id: i64,
    expected_version: i64,
    bytes: &[u8],
    mapping: &[Option<CsvField>],
    mode: ImportMode,
) -> Result<CsvImportReport> {
    let table = parse(bytes)?;
    let mut tx = db.begin_write().await?;
    let kickoff = kickoff_of(&mut tx, project_id).await?;
    let checked = check_rows(&table, mapping, kickoff)?;
    let refused = mode == ImportMode::AllOrNothing && checked.invalid_rows > 0;
    let imported = if refused || checked.valid.is_empty() {
        0
    } else {
        claim_version(&mut tx, project_id, expected_version, Utc::now()).await?;
        for person in &checked.valid {
            insert_stakeholder(&mut tx, project_id, person).await?;
        }
        tx.commit().await?;
        count(checked.valid.len())
    };
    Ok(CsvImportReport {
        encoding: table.encoding,
        mode,
        total_rows: count(table.rows.len()),
        imported,
        invalid_rows: checked.invalid_rows,
        refused,
        errors: checked.errors,
        board: board(db, project_id).await?,
    })
}
