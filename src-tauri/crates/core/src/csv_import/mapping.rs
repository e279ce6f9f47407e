//! Which CSV column fills which stakeholder field: the fields, the checks on a chosen mapping
//! (the suggestion from the header is in `headers`), and each row turned into a
//! [`StakeholderInput`] and validated by the stakeholder rules themselves.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use specta::Type;

use super::CsvRowError;
use super::decode::CsvTable;
use super::names::join_name;
use crate::error::{CoreError, FieldCode, FieldError, Result};
use crate::stakeholders::{Level, MAX_SCORE, StakeholderInput, ValidStakeholder};
use crate::validation::{Lines, clean_controls};

/// A stakeholder field a CSV column can fill.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum CsvField {
    Name,
    Reading,
    Title,
    Department,
    Level,
    Influence,
    Email,
    Phone,
    StatedRole,
    /// The name in parts (姓 and 名, Last Name and First Name), joined in the order the name is
    /// written in; used when no column holds the whole name.
    FamilyName,
    GivenName,
    /// The reading in parts (セイ and メイ).
    FamilyReading,
    GivenReading,
}

impl CsvField {
    pub const ALL: [CsvField; 13] = [
        CsvField::Name,
        CsvField::FamilyName,
        CsvField::GivenName,
        CsvField::Reading,
        CsvField::FamilyReading,
        CsvField::GivenReading,
        CsvField::Title,
        CsvField::Department,
        CsvField::Level,
        CsvField::Influence,
        CsvField::Email,
        CsvField::Phone,
        CsvField::StatedRole,
    ];

    /// The field's name, as in [`StakeholderInput`] and in field errors.
    pub fn as_str(self) -> &'static str {
        match self {
            CsvField::Name => "name",
            CsvField::Reading => "reading",
            CsvField::Title => "title",
            CsvField::Department => "department",
            CsvField::Level => "level",
            CsvField::Influence => "influence",
            CsvField::Email => "email",
            CsvField::Phone => "phone",
            CsvField::StatedRole => "stated_role",
            CsvField::FamilyName => "family_name",
            CsvField::GivenName => "given_name",
            CsvField::FamilyReading => "family_reading",
            CsvField::GivenReading => "given_reading",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|f| f.as_str() == s)
    }
}

/// Lower case without spaces (incl. full-width), underscores, hyphens and dots; full-width
/// Latin letters folded to ASCII ("Ｅメール" = "eメール").
pub(super) fn normalize(header: &str) -> String {
    header
        .chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '_' | '-' | '.' | '・' | '－'))
        .map(|c| match c {
            'Ａ'..='Ｚ' | 'ａ'..='ｚ' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            _ => c,
        })
        .flat_map(char::to_lowercase)
        .collect()
}

/// Problems with the mapping itself: one per column, the name mapped, no field twice.
pub fn check_mapping(mapping: &[Option<CsvField>], columns: usize) -> Vec<FieldError> {
    if mapping.len() != columns {
        return vec![FieldError::new("mapping", FieldCode::Mismatch)];
    }
    let mut errors = Vec::new();
    let mut seen = Vec::new();
    for field in mapping.iter().flatten() {
        if seen.contains(field) {
            if !errors.is_empty() {
                continue;
            }
            errors.push(FieldError::new("mapping", FieldCode::MappedTwice));
        }
        seen.push(*field);
    }
    let named = [CsvField::Name, CsvField::FamilyName, CsvField::GivenName];
    if !named.iter().any(|f| seen.contains(f)) {
        errors.push(FieldError::new("mapping", FieldCode::NameNotMapped));
    }
    errors
}

/// A level written as stored (`department_head`) or as the app shows it in English or Japanese.
fn parse_level(text: &str) -> Option<Level> {
    let key = normalize(text);
    Level::ALL.into_iter().find(|level| {
        let words: &[&str] = match level {
            Level::Executive => &["executive", "経営層", "経営", "役員"],
            Level::DepartmentHead => &["departmenthead", "部門長", "部長", "本部長"],
            Level::Manager => &["manager", "マネージャー", "マネジャー", "課長"],
            Level::Staff => &["staff", "担当者", "担当", "一般", "スタッフ"],
        };
        normalize(level.as_str()) == key || words.contains(&key.as_str())
    })
}

/// A whole number, full-width digits allowed.
fn parse_number(text: &str) -> Option<i64> {
    let ascii: String = text
        .trim()
        .chars()
        .map(|c| match c {
            '０'..='９' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            _ => c,
        })
        .collect();
    ascii.parse().ok()
}

impl CsvField {
    /// The stated role is free text over several lines (the form's text area); every other field
    /// is one line. Decides what a vertical tab in a cell becomes, see [`clean_controls`].
    fn lines(self) -> Lines {
        match self {
            CsvField::StatedRole => Lines::Several,
            _ => Lines::One,
        }
    }
}

/// One row as form input, with the problems found while reading its level and influence.
/// Imported people are not marked as kickoff attendees: a CRM export says nothing about that.
/// Control characters in the cells are normalised per field ([`CsvField::lines`]).
fn row_input(
    cells: &[String],
    mapping: &[Option<CsvField>],
) -> (StakeholderInput, Vec<FieldError>) {
    let mut input = StakeholderInput::attendee("");
    input.attended_kickoff = false;
    let mut errors = Vec::new();
    let mut parts: [String; 4] = Default::default();
    for (i, field) in mapping.iter().enumerate() {
        let Some(field) = field else { continue };
        let cell = clean_controls(
            cells.get(i).map(String::as_str).unwrap_or_default(),
            field.lines(),
        );
        let cell = cell.as_ref();
        match field {
            CsvField::Name => input.name = cell.to_owned(),
            CsvField::Reading => input.reading = cell.to_owned(),
            CsvField::Title => input.title = cell.to_owned(),
            CsvField::Department => input.department = cell.to_owned(),
            CsvField::Email => input.email = cell.to_owned(),
            CsvField::Phone => input.phone = cell.to_owned(),
            CsvField::StatedRole => input.stated_role = cell.to_owned(),
            CsvField::FamilyName => parts[0] = cell.to_owned(),
            CsvField::GivenName => parts[1] = cell.to_owned(),
            CsvField::FamilyReading => parts[2] = cell.to_owned(),
            CsvField::GivenReading => parts[3] = cell.to_owned(),
            CsvField::Level if cell.trim().is_empty() => {}
            CsvField::Level => match parse_level(cell) {
                Some(level) => input.level = level,
                None => errors.push(FieldError::new("level", FieldCode::InvalidChoice)),
            },
            CsvField::Influence if cell.trim().is_empty() => {}
            CsvField::Influence => match parse_number(cell) {
                Some(n) => input.influence = n,
                None => errors.push(
                    FieldError::new("influence", FieldCode::OutOfScale)
                        .with_max(MAX_SCORE as usize),
                ),
            },
        }
    }
    // The whole name, when a column holds it, wins over its parts.
    if input.name.trim().is_empty() {
        input.name = join_name(&parts[0], &parts[1]);
    }
    if input.reading.trim().is_empty() {
        input.reading = join_name(&parts[2], &parts[3]);
    }
    (input, errors)
}

/// The rows that passed, in file order, and every problem of the others.
#[derive(Debug, Clone, Default)]
pub struct CheckedRows {
    pub valid: Vec<ValidStakeholder>,
    pub errors: Vec<CsvRowError>,
    pub invalid_rows: u32,
}

/// Validates every row under `mapping` (which must pass [`check_mapping`]). A row with more
/// cells than the header is refused: an unquoted comma would shift its values into wrong fields.
pub fn check_rows(
    table: &CsvTable,
    mapping: &[Option<CsvField>],
    kickoff: NaiveDate,
) -> Result<CheckedRows> {
    let problems = check_mapping(mapping, table.header.len());
    if !problems.is_empty() {
        return Err(CoreError::Validation(problems));
    }
    let mut out = CheckedRows::default();
    for row in &table.rows {
        let (input, mut errors) = row_input(&row.cells, mapping);
        if row.cells.len() > table.header.len() {
            errors
                .push(FieldError::new("row", FieldCode::TooManyCells).with_max(table.header.len()));
        }
        match input.validate(kickoff) {
            Ok(valid) if errors.is_empty() => out.valid.push(valid),
            Ok(_) => {}
            Err(CoreError::Validation(found)) => errors.extend(found),
            Err(other) => return Err(other),
        }
        if !errors.is_empty() {
            out.invalid_rows += 1;
            out.errors.extend(errors.into_iter().map(|e| CsvRowError {
                row: row.row,
                field: e.field,
                code: e.code,
                max: e.max,
            }));
        }
    }
    Ok(out)
}
