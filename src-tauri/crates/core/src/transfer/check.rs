//! Checks one parsed table of an export against the file's schema before its rows are sent: its
//! columns, every value (see [`rules`](super::rules)), the keys that must be unique within the
//! table, and the rules that tie the values of one row together. Runs on values already parsed,
//! one row at a time, on the thread that parses the tables while SQLite writes the one before.

use std::collections::HashMap;
use std::collections::hash_map::Entry;

use super::Table;
use super::cell::Cell;
use super::rules::{self, Bounds, Kind};
use crate::error::{CoreError, Result};
use crate::milestones::MilestoneStatus;
use crate::stakeholders::Status;

/// A column of the file's schema.
#[derive(Debug)]
pub(super) struct Column {
    pub name: String,
    pub declared: String,
    pub not_null: bool,
    pub has_default: bool,
    /// Position in the primary key, from 1; 0 when not part of it.
    pub pk: i64,
    /// A reference to another table (or this one).
    pub reference: bool,
}

fn refuse(place: impl Into<String>, reason: impl Into<String>) -> CoreError {
    CoreError::InvalidImport {
        place: place.into(),
        reason: reason.into(),
    }
}

/// One value of a key, hashed to find a row given twice.
#[derive(Debug, PartialEq, Eq, Hash)]
enum KeyPart<'t> {
    Null,
    Int(i64),
    Text(&'t str),
    /// A value no key column accepts: refused by the column checks before keys are compared.
    Other,
}

impl<'t> KeyPart<'t> {
    fn of(cell: &'t Cell<'_>) -> Self {
        match cell {
            Cell::Null => KeyPart::Null,
            Cell::Int(n) => KeyPart::Int(*n),
            Cell::Bool(b) => KeyPart::Int(i64::from(*b)),
            Cell::Text(t) => KeyPart::Text(t),
            Cell::Real(_) | Cell::Nested => KeyPart::Other,
        }
    }
}

/// Checks `table` (named `name`) against `schema`; the first problem is refused with its place.
pub(super) fn table(
    name: &str,
    table: &Table<Cell<'_>>,
    schema: &[Column],
    bounds: &Bounds,
) -> Result<()> {
    let place = |rest: &str| format!("tables.{name}{rest}");
    let mut columns: Vec<&Column> = Vec::with_capacity(table.columns.len());
    for (i, column) in table.columns.iter().enumerate() {
        let Some(found) = schema.iter().find(|c| &c.name == column) else {
            return Err(refuse(
                place(&format!(".columns[{i}]")),
                format!("no column {column:?}"),
            ));
        };
        if table.columns[..i].contains(column) {
            return Err(refuse(
                place(&format!(".columns[{i}]")),
                format!("column {column:?} is listed twice"),
            ));
        }
        columns.push(found);
    }
    // A key column left out would leave rows that others cannot refer to; a required column
    // without a default cannot be filled in.
    let required = |c: &&Column| c.pk > 0 || (c.not_null && !c.has_default);
    if let Some(missing) = schema
        .iter()
        .filter(required)
        .find(|c| !table.rows.is_empty() && !table.columns.contains(&c.name))
    {
        let reason = if missing.pk > 0 {
            format!("the key column {:?} is missing", missing.name)
        } else {
            format!(
                "the column {:?} is missing and has no default",
                missing.name
            )
        };
        return Err(refuse(place(".columns"), reason));
    }

    let kinds: Vec<Kind> = columns
        .iter()
        .map(|c| rules::kind(name, &c.name, &c.declared, c.reference))
        .collect();
    let nullable: Vec<bool> = columns.iter().map(|c| !c.not_null && c.pk == 0).collect();
    let mut key: Vec<(i64, usize)> = columns
        .iter()
        .enumerate()
        .filter(|(_, c)| c.pk > 0)
        .map(|(i, c)| (c.pk, i))
        .collect();
    key.sort_unstable();
    let key: Vec<usize> = key.into_iter().map(|(_, i)| i).collect();
    let mut seen_one: HashMap<KeyPart<'_>, usize> = HashMap::new();
    let mut seen_many: HashMap<Vec<KeyPart<'_>>, usize> = HashMap::new();
    let row_rule = row_rule(name);
    let width = columns.len();

    for (r, row) in table.rows.iter().enumerate() {
        if row.len() != width {
            return Err(refuse(
                place(&format!(".rows[{r}]")),
                format!("{} values for {width} columns", row.len()),
            ));
        }
        for (c, cell) in row.iter().enumerate() {
            let checked = if matches!(cell, Cell::Null) {
                if nullable[c] {
                    Ok(())
                } else {
                    Err("a value is required".to_owned())
                }
            } else {
                rules::check(kinds[c], cell, bounds)
            };
            checked.map_err(|reason| {
                refuse(place(&format!(".rows[{r}].{}", columns[c].name)), reason)
            })?;
        }
        let first = match key.as_slice() {
            [] => None,
            [one] => match seen_one.entry(KeyPart::of(&row[*one])) {
                Entry::Occupied(e) => Some(*e.get()),
                Entry::Vacant(e) => {
                    e.insert(r);
                    None
                }
            },
            many => match seen_many.entry(many.iter().map(|&c| KeyPart::of(&row[c])).collect()) {
                Entry::Occupied(e) => Some(*e.get()),
                Entry::Vacant(e) => {
                    e.insert(r);
                    None
                }
            },
        };
        if let Some(first) = first {
            let named: Vec<String> = key
                .iter()
                .map(|&c| format!("{} {}", columns[c].name, rules::shown(&row[c])))
                .collect();
            return Err(refuse(
                place(&format!(".rows[{r}]")),
                format!(
                    "the same {} as rows[{first}]: a row may be given once",
                    named.join(", ")
                ),
            ));
        }
        if let Some(rule) = row_rule {
            rule(&Row {
                columns: &table.columns,
                cells: row,
            })
            .map_err(|(column, reason)| refuse(place(&format!(".rows[{r}].{column}")), reason))?;
        }
    }
    Ok(())
}

/// One row, its values found by column name.
struct Row<'r, 'c> {
    columns: &'r [String],
    cells: &'r [Cell<'c>],
}

impl Row<'_, '_> {
    fn get(&self, column: &str) -> Option<&Cell<'_>> {
        self.columns
            .iter()
            .position(|c| c == column)
            .map(|i| &self.cells[i])
    }

    fn text(&self, column: &str) -> Option<&str> {
        match self.get(column) {
            Some(Cell::Text(t)) => Some(t),
            _ => None,
        }
    }

    fn is_null(&self, column: &str) -> bool {
        matches!(self.get(column), None | Some(Cell::Null))
    }
}

type RowRule = fn(&Row<'_, '_>) -> std::result::Result<(), (&'static str, String)>;

/// The rules of the forms that tie the values of one row together (each value is already known
/// to be of its column's kind).
fn row_rule(table: &str) -> Option<RowRule> {
    Some(match table {
        "milestones" => |row| {
            let custom = row.is_null("horizon");
            if custom && row.text("title").is_some_and(|t| t.trim().is_empty()) {
                return Err(("title", "a milestone of its own needs a title".into()));
            }
            let achieved = row.text("status") == Some(MilestoneStatus::Achieved.as_str());
            if achieved && row.is_null("achieved_on") {
                return Err(("achieved_on", "an achieved milestone needs its date".into()));
            }
            Ok(())
        },
        "stakeholders" => |row| {
            let active = row
                .text("status")
                .is_none_or(|s| s == Status::Active.as_str());
            if !active && row.is_null("status_date") {
                return Err((
                    "status_date",
                    "a person who changed role or left needs the date".into(),
                ));
            }
            Ok(())
        },
        "project_holds" => |row| match (row.text("start_date"), row.text("end_date")) {
            // Both are ISO dates by now, so they compare as text.
            (Some(start), Some(end)) if end < start => {
                Err(("end_date", format!("{end} is before the start {start}")))
            }
            _ => Ok(()),
        },
        "file_settings" => |row| match (row.text("key"), row.text("value")) {
            (Some(key), Some(value)) => setting(key, value).map_err(|reason| ("value", reason)),
            _ => Ok(()),
        },
        _ => return None,
    })
}

/// The settings whose value a feature reads back as a type of its own.
fn setting(key: &str, value: &str) -> std::result::Result<(), String> {
    let days = |what: &str, max: u32| match serde_json::from_str::<u32>(value) {
        Ok(n) if (1..=max).contains(&n) => Ok(()),
        _ => Err(format!("{what} must be a whole number from 1 to {max}")),
    };
    match key {
        crate::backup::KEEP_SETTING => days("the number of backups kept", 365),
        crate::risks::UNTOUCHED_DAYS_KEY => {
            days("the days without touch", crate::risks::MAX_UNTOUCHED_DAYS)
        }
        crate::ttv::SETTING_KEY => serde_json::from_str::<crate::ttv::TtvDefinition>(value)
            .map(|_| ())
            .map_err(|e| format!("not a time-to-value definition: {e}")),
        _ => Ok(()),
    }
}
