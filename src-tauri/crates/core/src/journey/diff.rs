//! Comparing two versions of a journey for the weekly review: which steps, connections and lanes
//! were added, removed, moved (to another lane or place) or changed, as a list and as one picture
//! that holds both versions (removed items kept, drawn dashed).

use std::collections::HashMap;

use serde::{Deserialize, Serialize};
use specta::Type;

use super::JourneyDoc;

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

/// What changed from `older` to `newer`.
pub fn compare_docs(older: &JourneyDoc, newer: &JourneyDoc) -> Comparison {
    let mut changes = Vec::new();
    let mut merged = newer.clone();
    let mut step_marks = Vec::new();
    let mut connection_marks = Vec::new();

    let old_lanes: HashMap<&str, &super::Lane> =
        older.lanes.iter().map(|l| (l.id.as_str(), l)).collect();
    let new_lanes: HashMap<&str, &super::Lane> =
        newer.lanes.iter().map(|l| (l.id.as_str(), l)).collect();
    for lane in &newer.lanes {
        let (mark, fields) = match old_lanes.get(lane.id.as_str()) {
            None => (Mark::Added, Vec::new()),
            Some(old) => {
                let mut fields = Vec::new();
                if old.name != lane.name {
                    fields.push("name".to_owned());
                }
                if old.color != lane.color {
                    fields.push("color".to_owned());
                }
                if fields.is_empty() {
                    continue;
                }
                (Mark::Changed, fields)
            }
        };
        changes.push(Change {
            kind: ChangeKind::Lane,
            mark,
            id: lane.id.clone(),
            title: lane.name.clone(),
            lane: lane.name.clone(),
            previous_lane: None,
            fields,
        });
    }
    for lane in &older.lanes {
        if !new_lanes.contains_key(lane.id.as_str()) {
            changes.push(Change {
                kind: ChangeKind::Lane,
                mark: Mark::Removed,
                id: lane.id.clone(),
                title: lane.name.clone(),
                lane: lane.name.clone(),
                previous_lane: None,
                fields: Vec::new(),
            });
            merged.lanes.push(lane.clone());
        }
    }

    let old_steps: HashMap<&str, &super::Step> =
        older.steps.iter().map(|s| (s.id.as_str(), s)).collect();
    let new_steps: HashMap<&str, &super::Step> =
        newer.steps.iter().map(|s| (s.id.as_str(), s)).collect();
    for step in &newer.steps {
        let mut previous_lane = None;
        let mark = match old_steps.get(step.id.as_str()) {
            None => Some((Mark::Added, Vec::new())),
            Some(old) => {
                let mut fields = Vec::new();
                let mut content = false;
                for (name, differs) in [
                    ("title", old.title != step.title),
                    ("description", old.description != step.description),
                    ("kind", old.kind != step.kind),
                    ("status", old.status != step.status),
                    ("milestone_id", old.milestone_id != step.milestone_id),
                ] {
                    if differs {
                        fields.push(name.to_owned());
                        content = true;
                    }
                }
                if old.lane != step.lane {
                    fields.push("lane".to_owned());
                    previous_lane = Some(lane_name(older, &old.lane));
                }
                if old.position != step.position {
                    fields.push("position".to_owned());
                }
                match (fields.is_empty(), content) {
                    (true, _) => None,
                    (false, true) => Some((Mark::Changed, fields)),
                    (false, false) => Some((Mark::Moved, fields)),
                }
            }
        };
        if let Some((mark, fields)) = mark {
            step_marks.push((step.id.clone(), mark));
            changes.push(Change {
                kind: ChangeKind::Step,
                mark,
                id: step.id.clone(),
                title: step.title.clone(),
                lane: lane_name(newer, &step.lane),
                previous_lane,
                fields,
            });
        }
    }
    for step in &older.steps {
        if !new_steps.contains_key(step.id.as_str()) {
            step_marks.push((step.id.clone(), Mark::Removed));
            changes.push(Change {
                kind: ChangeKind::Step,
                mark: Mark::Removed,
                id: step.id.clone(),
                title: step.title.clone(),
                lane: lane_name(older, &step.lane),
                previous_lane: None,
                fields: Vec::new(),
            });
            merged.steps.push(step.clone());
        }
    }

    let old_conns: HashMap<&str, &super::Connection> = older
        .connections
        .iter()
        .map(|c| (c.id.as_str(), c))
        .collect();
    let new_conns: HashMap<&str, &super::Connection> = newer
        .connections
        .iter()
        .map(|c| (c.id.as_str(), c))
        .collect();
    let title_of = |doc: &JourneyDoc, c: &super::Connection| {
        format!("{} → {}", step_title(doc, &c.from), step_title(doc, &c.to))
    };
    for c in &newer.connections {
        let found = match old_conns.get(c.id.as_str()) {
            None => Some((Mark::Added, Vec::new())),
            Some(old) => {
                let fields: Vec<String> = [
                    ("label", old.label != c.label),
                    ("from", old.from != c.from),
                    ("to", old.to != c.to),
                ]
                .into_iter()
                .filter(|(_, d)| *d)
                .map(|(f, _)| f.to_owned())
                .collect();
                (!fields.is_empty()).then_some((Mark::Changed, fields))
            }
        };
        if let Some((mark, fields)) = found {
            connection_marks.push((c.id.clone(), mark));
            changes.push(Change {
                kind: ChangeKind::Connection,
                mark,
                id: c.id.clone(),
                title: title_of(newer, c),
                lane: String::new(),
                previous_lane: None,
                fields,
            });
        }
    }
    for c in &older.connections {
        if !new_conns.contains_key(c.id.as_str()) {
            connection_marks.push((c.id.clone(), Mark::Removed));
            changes.push(Change {
                kind: ChangeKind::Connection,
                mark: Mark::Removed,
                id: c.id.clone(),
                title: title_of(older, c),
                lane: String::new(),
                previous_lane: None,
                fields: Vec::new(),
            });
            merged.connections.push(c.clone());
        }
    }
    Comparison {
        changes,
        merged,
        step_marks,
        connection_marks,
    }
}
