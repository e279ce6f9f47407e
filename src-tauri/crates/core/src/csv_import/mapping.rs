//! Which CSV column fills which stakeholder field: a suggestion from the header names (English
//! and Japanese, as CRM and Excel exports name them), the checks on a chosen mapping, and each
//! row turned into a [`StakeholderInput`] and validated by the stakeholder rules themselves.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use specta::Type;

use super::CsvRowError;
use super::decode::CsvTable;
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
}

impl CsvField {
    pub const ALL: [CsvField; 9] = [
        CsvField::Name,
        CsvField::Reading,
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
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|f| f.as_str() == s)
    }
}

/// Header names per field, compared after [`normalize`]. Checked in this order, so "氏名フリガナ"
/// is a reading before it could be a name.
const HEADER_NAMES: [(CsvField, &[&str]); 9] = [
    (
        CsvField::Email,
        &[
            "email",
            "mail",
            "emailaddress",
            "mailaddress",
            "メール",
            "メールアドレス",
            "eメール",
        ],
    ),
    (
        CsvField::Phone,
        &[
            "phone",
            "tel",
            "telephone",
            "phonenumber",
            "mobile",
            "電話",
            "電話番号",
            "携帯",
            "携帯電話",
        ],
    ),
    (
        CsvField::Reading,
        &[
            "reading",
            "furigana",
            "kana",
            "ふりがな",
            "フリガナ",
            "よみがな",
            "ヨミガナ",
            "読み",
            "カナ",
            "かな",
            "氏名カナ",
            "氏名フリガナ",
            "氏名かな",
        ],
    ),
    (
        CsvField::Name,
        &[
            "name",
            "fullname",
            "contactname",
            "氏名",
            "名前",
            "お名前",
            "担当者名",
            "担当者",
        ],
    ),
    (
        CsvField::Title,
        &[
            "title",
            "jobtitle",
            "position",
            "役職",
            "役職名",
            "肩書",
            "肩書き",
        ],
    ),
    (
        CsvField::Department,
        &[
            "department",
            "dept",
            "division",
            "部署",
            "部署名",
            "部門",
            "部門名",
            "所属",
            "所属部署",
        ],
    ),
    (CsvField::Level, &["level", "職位", "階層", "レベル"]),
    (CsvField::Influence, &["influence", "影響力", "影響度"]),
    (CsvField::StatedRole, &["statedrole", "role", "役割"]),
];

/// Lower case without spaces (incl. full-width), underscores, hyphens and dots; full-width
/// Latin letters folded to ASCII ("Ｅメール" = "eメール").
fn normalize(header: &str) -> String {
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

/// A suggested field per column: exact header names first, then Japanese headers that contain a
/// known name ("会社メールアドレス"). Each field is suggested for one column at most.
pub fn suggest_mapping(header: &[String]) -> Vec<Option<CsvField>> {
    let names: Vec<String> = header.iter().map(|h| normalize(h)).collect();
    let mut mapping: Vec<Option<CsvField>> = vec![None; header.len()];
    place(&names, &mut mapping, |_, name, known| name == known);
    // Containment only for Japanese names ("companyname" must not become a person's name), and
    // a company's name ("会社名前") is not a person's either.
    place(&names, &mut mapping, |field, name, known| {
        !known.is_ascii()
            && name.contains(known)
            && !(field == CsvField::Name && (name.contains("会社") || name.contains("企業")))
    });
    mapping
}

/// Gives each field not yet placed the first free column whose name `matches` one of its names.
fn place(
    names: &[String],
    mapping: &mut [Option<CsvField>],
    matches: impl Fn(CsvField, &str, &str) -> bool,
) {
    for (field, known) in HEADER_NAMES {
        if mapping.contains(&Some(field)) {
            continue;
        }
        let found = (0..names.len())
            .find(|&i| mapping[i].is_none() && known.iter().any(|k| matches(field, &names[i], k)));
        if let Some(i) = found {
            mapping[i] = Some(field);
        }
    }
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
    if !seen.contains(&CsvField::Name) {
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
