//! Checks one parsed table of an export against the file's schema: its columns, the keys that must
//! be unique within the table, every value (see [`rules`](super::rules)) and the rules that tie
//! the values of one row together. Runs on values already parsed: the table as a whole on the
//! thread that parses the tables, the values of each batch of rows just before it is sent.

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

/// One value of a key, compared to find a row given twice.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
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

/// The values of the key columns `key` of `row`, to compare.
fn key_of<'t>(key: &[usize], row: &'t [Cell<'_>]) -> impl Iterator<Item = KeyPart<'t>> {
    key.iter().map(move |&c| KeyPart::of(&row[c]))
}

/// The first row (in table order) whose key an earlier row has, and that earlier row. Rows whose
/// keys ascend, as an export lists them, have none and cost no more than that comparison;
/// otherwise the rows are sorted by key to find it.
fn repeated_key(key: &[usize], rows: &[Vec<Cell<'_>>]) -> Option<(usize, usize)> {
    if key.is_empty() {
        return None;
    }
    let ascending = rows
        .windows(2)
        .all(|pair| key_of(key, &pair[0]).lt(key_of(key, &pair[1])));
    if ascending {
        return None;
    }
    // Every key of the schema is one or two whole numbers (a link table's pair of ids, listed in
    // the order its rows were added): sorted as plain numbers, a large table takes milliseconds.
    if key.len() <= 2 {
        let numbers: Option<Vec<([i64; 2], usize)>> = rows
            .iter()
            .enumerate()
            .map(|(r, row)| {
                let mut k = [0; 2];
                for (slot, &c) in k.iter_mut().zip(key) {
                    *slot = match row[c] {
                        Cell::Int(n) => n,
                        _ => return None,
                    };
                }
                Some((k, r))
            })
            .collect();
        if let Some(mut numbers) = numbers {
            numbers.sort_unstable();
            return first_repeat(
                numbers.len(),
                |i| numbers[i].1,
                |i, j| numbers[i].0 == numbers[j].0,
            );
        }
    }
    let mut order: Vec<usize> = (0..rows.len()).collect();
    let compare = |a: usize, b: usize| key_of(key, &rows[a]).cmp(key_of(key, &rows[b]));
    order.sort_unstable_by(|&a, &b| compare(a, b).then(a.cmp(&b)));
    first_repeat(
        order.len(),
        |i| order[i],
        |i, j| compare(order[i], order[j]).is_eq(),
    )
}

/// In rows sorted by key and then by row (`row(i)` is the i-th), the first repeat in table order:
/// the second row of a run of equal keys, with the smallest row number, and the run's first row.
fn first_repeat(
    len: usize,
    row: impl Fn(usize) -> usize,
    same: impl Fn(usize, usize) -> bool,
) -> Option<(usize, usize)> {
    let mut found: Option<(usize, usize)> = None;
    let mut start = 0;
    for i in 1..len {
        if !same(start, i) {
            start = i;
        } else if i == start + 1 && found.is_none_or(|(r, _)| row(i) < r) {
            found = Some((row(i), row(start)));
        }
    }
    found
}

/// Checks what concerns `table` (named `name`) as a whole against `schema` — its columns, the
/// number of values of each row, the keys given twice — and returns the check of its rows' values,
/// which the writer runs on each batch of rows while SQLite writes the batch before. The first
/// problem is refused with its place.
pub(super) fn table(
    name: &str,
    table: &Table<Cell<'_>>,
    schema: &[Column],
    bounds: Bounds,
) -> Result<RowCheck> {
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
    let width = columns.len();
    if let Some(r) = table.rows.iter().position(|row| row.len() != width) {
        return Err(refuse(
            place(&format!(".rows[{r}]")),
            format!("{} values for {width} columns", table.rows[r].len()),
        ));
    }

    let mut key: Vec<(i64, usize)> = columns
        .iter()
        .enumerate()
        .filter(|(_, c)| c.pk > 0)
        .map(|(i, c)| (c.pk, i))
        .collect();
    key.sort_unstable();
    let key: Vec<usize> = key.into_iter().map(|(_, i)| i).collect();
    if let Some((r, first)) = repeated_key(&key, &table.rows) {
        let named: Vec<String> = key
            .iter()
            .map(|&c| format!("{} {}", columns[c].name, rules::shown(&table.rows[r][c])))
            .collect();
        return Err(refuse(
            place(&format!(".rows[{r}]")),
            format!(
                "the same {} as rows[{first}]: a row may be given once",
                named.join(", ")
            ),
        ));
    }
    Ok(RowCheck {
        table: name.to_owned(),
        kinds: columns
            .iter()
            .map(|c| rules::kind(name, &c.name, &c.declared, c.reference))
            .collect(),
        nullable: columns.iter().map(|c| !c.not_null && c.pk == 0).collect(),
        row_rule: row_rule(name),
        bounds,
    })
}

/// The check of the values of one table's rows (see [`table`]).
pub(super) struct RowCheck {
    table: String,
    /// Per column of the export's table.
    kinds: Vec<Kind>,
    nullable: Vec<bool>,
    row_rule: Option<RowRule>,
    bounds: Bounds,
}

impl RowCheck {
    /// Normalises the control characters of the table's texts in place (see [`super::clean`]),
    /// before its values are checked.
    pub(super) fn clean(&self, table: &mut Table<Cell<'_>>) {
        for row in &mut table.rows {
            for (cell, &kind) in row.iter_mut().zip(&self.kinds) {
                super::clean::clean(kind, cell);
            }
        }
    }

    /// Checks row `r` of the table, whose columns are `columns` (as many as its values).
    pub(super) fn row(&self, r: usize, columns: &[String], row: &[Cell<'_>]) -> Result<()> {
        self.broken(columns, row).map_err(|(column, reason)| {
            refuse(format!("tables.{}.rows[{r}].{column}", self.table), reason)
        })
    }

    /// The first value of `row` (whose columns are `columns`) that breaks its column's rule or
    /// the rules of the row, and why.
    pub(super) fn broken<'r>(
        &self,
        columns: &'r [String],
        row: &[Cell<'_>],
    ) -> std::result::Result<(), (&'r str, String)> {
        for (c, cell) in row.iter().enumerate() {
            self.value(c, cell)
                .map_err(|reason| (columns[c].as_str(), reason))?;
        }
        if let Some(rule) = self.row_rule {
            let row = Row {
                columns,
                cells: row,
            };
            rule(&row).map_err(|(column, reason)| {
                let named = columns.iter().find(|c| *c == column);
                (named.map_or("", String::as_str), reason)
            })?;
        }
        Ok(())
    }

    /// Checks the value `cell` of column `c`.
    pub(super) fn value(&self, c: usize, cell: &Cell<'_>) -> std::result::Result<(), String> {
        if matches!(cell, Cell::Null) {
            return if self.nullable[c] {
                Ok(())
            } else {
                Err("a value is required".to_owned())
            };
        }
        rules::check(self.kinds[c], cell, &self.bounds)
    }

    /// Normalises the control characters of the value `cell` of column `c` (see [`Self::clean`]).
    pub(super) fn clean_value(&self, c: usize, cell: &mut Cell<'_>) {
        super::clean::clean(self.kinds[c], cell);
    }
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
