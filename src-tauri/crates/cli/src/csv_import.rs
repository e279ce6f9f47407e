//! `firstgoal-cli stakeholders import`: imports stakeholders from a CSV file into a project, with
//! the mapping the app would suggest, changed by `--map COLUMN=FIELD`; prints every invalid row.

use std::path::{Path, PathBuf};

use clap::Subcommand;
use firstgoal_core::FieldCode;
use firstgoal_core::stakeholders::csv_import::{
    self, CsvField, CsvImportReport, CsvRowError, ImportMode,
};
use firstgoal_core::{CoreError, Db, projects};

#[derive(Debug, Subcommand)]
pub enum StakeholdersCommand {
    /// Import stakeholders from a CSV file (UTF-8, UTF-8 with BOM, UTF-16 with BOM or Shift_JIS).
    /// Without --skip-invalid nothing is imported when any row is invalid.
    Import {
        #[arg(long)]
        project: i64,
        #[arg(long)]
        csv: PathBuf,
        /// Maps a column (header name or 1-based number) to a field: name, reading, title,
        /// department, level, influence, email, phone, stated_role, or ignore. Repeatable;
        /// columns not named keep the suggestion from the header.
        #[arg(long = "map", value_name = "COLUMN=FIELD")]
        map: Vec<String>,
        /// Import the valid rows and skip the invalid ones.
        #[arg(long)]
        skip_invalid: bool,
    },
}

pub async fn run(db: &Db, command: StakeholdersCommand) -> Result<(), CoreError> {
    match command {
        StakeholdersCommand::Import {
            project,
            csv,
            map,
            skip_invalid,
        } => import(db, project, &csv, &map, skip_invalid).await,
    }
}

fn refused(place: String, reason: String) -> CoreError {
    CoreError::InvalidImport { place, reason }
}

/// Applies one `COLUMN=FIELD` to the mapping.
fn apply_map(
    header: &[String],
    mapping: &mut [Option<CsvField>],
    arg: &str,
) -> Result<(), CoreError> {
    let place = || format!("--map {arg}");
    let (column, field) = arg
        .rsplit_once('=')
        .ok_or_else(|| refused(place(), "expected COLUMN=FIELD".to_owned()))?;
    let index = header
        .iter()
        .position(|h| h == column.trim())
        .or_else(|| {
            column
                .trim()
                .parse::<usize>()
                .ok()
                .filter(|n| (1..=header.len()).contains(n))
                .map(|n| n - 1)
        })
        .ok_or_else(|| refused(place(), format!("the file has no column {column:?}")))?;
    let field = match field.trim() {
        "ignore" | "-" => None,
        name => Some(
            CsvField::parse(name)
                .ok_or_else(|| refused(place(), format!("{name:?} is not a stakeholder field")))?,
        ),
    };
    // A field chosen by hand moves away from the column the suggestion gave it.
    if field.is_some() {
        for slot in mapping.iter_mut().filter(|slot| **slot == field) {
            *slot = None;
        }
    }
    mapping[index] = field;
    Ok(())
}

/// A refusal of the file at one line (bad quoting, mixed encodings) in words, with the line.
fn at_line(err: CoreError) -> CoreError {
    let CoreError::Validation(fields) = &err else {
        return err;
    };
    let [field] = fields.as_slice() else {
        return err;
    };
    let reason = match field.code {
        FieldCode::UnclosedQuote => {
            "a quoted cell starts here and is never closed, so every row after it would become \
             part of that cell; close the quote or remove it"
        }
        FieldCode::StrayQuote => {
            "a quoted cell starts here and its closing quote is followed by more text, so rows \
             or cells would be joined; double a quote inside a cell (\"\") or remove it"
        }
        FieldCode::MixedEncoding => {
            "this line is not in the text encoding of the lines above it (UTF-8 and Shift_JIS \
             mixed); save the whole file again in one encoding"
        }
        _ => return err,
    };
    match field.max {
        Some(line) => refused(format!("line {line}"), reason.to_owned()),
        None => err,
    }
}

fn describe(e: &CsvRowError) -> String {
    match e.max {
        Some(max) => format!("row {}, {}: {} (max {max})", e.row, e.field, e.code),
        None => format!("row {}, {}: {}", e.row, e.field, e.code),
    }
}

async fn import(
    db: &Db,
    project: i64,
    csv: &Path,
    map: &[String],
    skip_invalid: bool,
) -> Result<(), CoreError> {
    let preview = csv_import::preview(db, project, csv, None)
        .await
        .map_err(at_line)?;
    let mut mapping = preview.mapping.clone();
    for arg in map {
        apply_map(&preview.header, &mut mapping, arg)?;
    }
    let problems = csv_import::check_mapping(&mapping, preview.header.len());
    if !problems.is_empty() {
        return Err(CoreError::Validation(problems));
    }
    println!(
        "encoding: {}",
        serde_json::to_string(&preview.encoding)
            .unwrap_or_default()
            .trim_matches('"')
    );
    for (column, field) in preview.header.iter().zip(&mapping) {
        println!(
            "  {column:?} -> {}",
            field.map_or("(ignored)", CsvField::as_str)
        );
    }
    let version = projects::get(db, project).await?.project.version;
    let mode = if skip_invalid {
        ImportMode::SkipInvalidRows
    } else {
        ImportMode::AllOrNothing
    };
    let report: CsvImportReport =
        csv_import::import(db, project, version, csv, &mapping, mode).await?;
    for e in &report.errors {
        println!("{}", describe(e));
    }
    if report.refused {
        let first = report.errors.first().map_or(0, |e| e.row);
        return Err(refused(
            format!("row {first}"),
            format!(
                "{} of {} rows are invalid (add --skip-invalid to import the valid rows)",
                report.invalid_rows, report.total_rows
            ),
        ));
    }
    println!(
        "read {} data row(s); imported {} stakeholder(s) into project {project}; {} invalid row(s) skipped",
        report.total_rows, report.imported, report.invalid_rows
    );
    Ok(())
}
