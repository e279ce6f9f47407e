//! Comparing two versions of a journey for the weekly review: which steps, connections and lanes
//! were added, removed, moved (to another lane or place) or changed, as a list and as one picture
//! that holds both versions (removed items kept, drawn dashed).

use std::collections::HashMap;

use serde::{Deserialize, Serialize};
use specta::Type;

use super::{Connection, JourneyDoc, Lane, Step};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum Mark {
    Added,
    Removed,
    Moved,
    Changed,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum ChangeKind {
    Step,
    Connection,
    Lane,
}

/// One line of the change list.
#[derive(Debug, Clone, PartialEq, Serialize, Type)]
pub struct Change {
    pub kind: ChangeKind,
    pub mark: Mark,
    pub id: String,
    /// The step title, lane name, or "from → to" titles of a connection (newer version).
    pub title: String,
    /// The lane (name) of a step in the newer version, or in the older one if removed.
    pub lane: String,
    /// The step's previous lane name when it moved to another lane.
    pub previous_lane: Option<String>,
    /// The fields that changed: title, description, kind, status, milestone_id, lane, position,
    /// label, from, to, name, color.
    pub fields: Vec<String>,
    /// The old and new value of each changed field that has one to show (all but `position`).
    pub values: Vec<ValueChange>,
}

/// One changed field's value before and after. `kind` and `status` are codes (`action`,
/// `done`; empty for no status) for the reader's language; `lane`, `from` and `to` are the lane
/// name or step title; `milestone_id` the id, empty for none.
#[derive(Debug, Clone, PartialEq, Serialize, Type)]
pub struct ValueChange {
    pub field: String,
    pub old: String,
    pub new: String,
}

impl ValueChange {
    fn new(field: &str, old: impl Into<String>, new: impl Into<String>) -> Self {
        Self {
            field: field.to_owned(),
            old: old.into(),
            new: new.into(),
        }
    }
}

/// A value as the code serde writes for it (`"action"` without the quotes), empty for `None`.
fn code<T: Serialize>(value: &Option<T>) -> String {
    value
        .as_ref()
        .and_then(|v| serde_json::to_value(v).ok())
        .map(|v| match v {
            serde_json::Value::String(s) => s,
            other => other.to_string(),
        })
        .unwrap_or_default()
}

/// The comparison of two documents.
#[derive(Debug, Clone, PartialEq, Serialize, Type)]
pub struct Comparison {
    pub changes: Vec<Change>,
    /// Both versions in one document: the newer one plus what was removed from the older.
    pub merged: JourneyDoc,
    pub step_marks: Vec<(String, Mark)>,
    pub connection_marks: Vec<(String, Mark)>,
}

fn lane_name(doc: &JourneyDoc, id: &str) -> String {
    doc.lanes
        .iter()
        .find(|l| l.id == id)
        .map(|l| l.name.clone())
        .unwrap_or_default()
}

fn step_title(doc: &JourneyDoc, id: &str) -> String {
    doc.steps
        .iter()
        .find(|s| s.id == id)
        .map(|s| s.title.clone())
        .unwrap_or_default()
}

/// What changed from `older` to `newer`: lanes, then steps, then connections, each listed in the
/// newer version's order with the removed ones after.
pub fn compare_docs(older: &JourneyDoc, newer: &JourneyDoc) -> Comparison {
    let mut out = Comparison {
        changes: Vec::new(),
        merged: newer.clone(),
        step_marks: Vec::new(),
        connection_marks: Vec::new(),
    };
    compare_lanes(older, newer, &mut out);
    compare_steps(older, newer, &mut out);
    compare_connections(older, newer, &mut out);
    out
}

/// A line for something that is only in the older version.
fn removed(kind: ChangeKind, id: &str, title: String, lane: String) -> Change {
    Change {
        kind,
        mark: Mark::Removed,
        id: id.to_owned(),
        title,
        lane,
        previous_lane: None,
        fields: Vec::new(),
        values: Vec::new(),
    }
}

fn names(values: &[ValueChange]) -> Vec<String> {
    values.iter().map(|v| v.field.clone()).collect()
}

/// The fields whose values differ, with both values.
fn differing<const N: usize>(fields: [ValueChange; N]) -> Vec<ValueChange> {
    fields.into_iter().filter(|v| v.old != v.new).collect()
}

fn compare_lanes(older: &JourneyDoc, newer: &JourneyDoc, out: &mut Comparison) {
    let old_lanes: HashMap<&str, &Lane> = older.lanes.iter().map(|l| (l.id.as_str(), l)).collect();
    let new_lanes: HashMap<&str, &Lane> = newer.lanes.iter().map(|l| (l.id.as_str(), l)).collect();
    for lane in &newer.lanes {
        let (mark, values) = match old_lanes.get(lane.id.as_str()) {
            None => (Mark::Added, Vec::new()),
            Some(old) => {
                let values = differing([
                    ValueChange::new("name", &old.name, &lane.name),
                    ValueChange::new("color", &old.color, &lane.color),
                ]);
                if values.is_empty() {
                    continue;
                }
                (Mark::Changed, values)
            }
        };
        out.changes.push(Change {
            kind: ChangeKind::Lane,
            mark,
            id: lane.id.clone(),
            title: lane.name.clone(),
            lane: lane.name.clone(),
            previous_lane: None,
            fields: names(&values),
            values,
        });
    }
    for lane in &older.lanes {
        if !new_lanes.contains_key(lane.id.as_str()) {
            let line = removed(
                ChangeKind::Lane,
                &lane.id,
                lane.name.clone(),
                lane.name.clone(),
            );
            out.changes.push(line);
            out.merged.lanes.push(lane.clone());
        }
    }
}

/// A change line for step `step` of `newer`, its fields and values still empty.
fn step_line(newer: &JourneyDoc, step: &Step, mark: Mark) -> Change {
    Change {
        kind: ChangeKind::Step,
        mark,
        id: step.id.clone(),
        title: step.title.clone(),
        lane: lane_name(newer, &step.lane),
        previous_lane: None,
        fields: Vec::new(),
        values: Vec::new(),
    }
}

/// How a step that is in both versions changed: the changed fields with their values and, when
/// it moved to another lane, the older lane's name; `None` when it did not change. A step whose
/// content changed is `Changed`; one that only changed lane or place is `Moved`.
fn step_change(older: &JourneyDoc, newer: &JourneyDoc, old: &Step, step: &Step) -> Option<Change> {
    let mut values = differing([
        ValueChange::new("title", &old.title, &step.title),
        ValueChange::new("description", &old.description, &step.description),
        ValueChange::new("kind", code(&Some(old.kind)), code(&Some(step.kind))),
        ValueChange::new("status", code(&old.status), code(&step.status)),
        ValueChange::new(
            "milestone_id",
            code(&old.milestone_id),
            code(&step.milestone_id),
        ),
    ]);
    let mark = if values.is_empty() {
        Mark::Moved
    } else {
        Mark::Changed
    };
    let mut line = step_line(newer, step, mark);
    if old.lane != step.lane {
        let before = lane_name(older, &old.lane);
        values.push(ValueChange::new("lane", before.clone(), line.lane.clone()));
        line.previous_lane = Some(before);
    }
    line.fields = names(&values);
    if old.position != step.position {
        line.fields.push("position".to_owned());
    }
    line.values = values;
    (!line.fields.is_empty()).then_some(line)
}

fn compare_steps(older: &JourneyDoc, newer: &JourneyDoc, out: &mut Comparison) {
    let old_steps: HashMap<&str, &Step> = older.steps.iter().map(|s| (s.id.as_str(), s)).collect();
    let new_steps: HashMap<&str, &Step> = newer.steps.iter().map(|s| (s.id.as_str(), s)).collect();
    for step in &newer.steps {
        let found = match old_steps.get(step.id.as_str()) {
            None => Some(step_line(newer, step, Mark::Added)),
            Some(old) => step_change(older, newer, old, step),
        };
        if let Some(line) = found {
            out.step_marks.push((step.id.clone(), line.mark));
            out.changes.push(line);
        }
    }
    for step in &older.steps {
        if !new_steps.contains_key(step.id.as_str()) {
            out.step_marks.push((step.id.clone(), Mark::Removed));
            let lane = lane_name(older, &step.lane);
            out.changes.push(removed(
                ChangeKind::Step,
                &step.id,
                step.title.clone(),
                lane,
            ));
            out.merged.steps.push(step.clone());
        }
    }
}

/// "from → to" by the steps' titles in `doc`.
fn connection_title(doc: &JourneyDoc, c: &Connection) -> String {
    format!("{} → {}", step_title(doc, &c.from), step_title(doc, &c.to))
}

fn compare_connections(older: &JourneyDoc, newer: &JourneyDoc, out: &mut Comparison) {
    let old_conns: HashMap<&str, &Connection> = older
        .connections
        .iter()
        .map(|c| (c.id.as_str(), c))
        .collect();
    let new_conns: HashMap<&str, &Connection> = newer
        .connections
        .iter()
        .map(|c| (c.id.as_str(), c))
        .collect();
    for c in &newer.connections {
        let found = match old_conns.get(c.id.as_str()) {
            None => Some((Mark::Added, Vec::new())),
            Some(old) => {
                let mut values = differing([ValueChange::new("label", &old.label, &c.label)]);
                // An end moved to another step (compared by id, shown by title).
                for (field, was, is) in [("from", &old.from, &c.from), ("to", &old.to, &c.to)] {
                    if was != is {
                        let titles = (step_title(older, was), step_title(newer, is));
                        values.push(ValueChange::new(field, titles.0, titles.1));
                    }
                }
                (!values.is_empty()).then_some((Mark::Changed, values))
            }
        };
        if let Some((mark, values)) = found {
            out.connection_marks.push((c.id.clone(), mark));
            out.changes.push(Change {
                kind: ChangeKind::Connection,
                mark,
                id: c.id.clone(),
                title: connection_title(newer, c),
                lane: String::new(),
                previous_lane: None,
                fields: names(&values),
                values,
            });
        }
    }
    for c in &older.connections {
        if !new_conns.contains_key(c.id.as_str()) {
            out.connection_marks.push((c.id.clone(), Mark::Removed));
            let title = connection_title(older, c);
            out.changes
                .push(removed(ChangeKind::Connection, &c.id, title, String::new()));
            out.merged.connections.push(c.clone());
        }
    }
}
