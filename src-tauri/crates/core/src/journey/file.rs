//! The journey JSON file: the document with a format name and version, so another FirstGoal (or
//! a script) can read it back. Reading reports the exact place of a problem: the line, column
//! and path (`steps[2].kind`) of a syntax or type error, then the field of a rule it breaks.

use std::borrow::Cow;

use serde::{Deserialize, Serialize};

use super::{Connection, JourneyDoc, Lane, Step};
use crate::error::{CoreError, Result};
use crate::validation::{Lines, clean_controls};

pub const FILE_FORMAT: &str = "firstgoal-journey";
pub const FILE_VERSION: u32 = 1;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct JourneyFile {
    pub format: String,
    pub version: u32,
    pub name: String,
    pub lanes: Vec<Lane>,
    pub steps: Vec<Step>,
    pub connections: Vec<Connection>,
}

pub fn to_json(name: &str, doc: &JourneyDoc) -> String {
    let file = JourneyFile {
        format: FILE_FORMAT.to_owned(),
        version: FILE_VERSION,
        name: name.to_owned(),
        lanes: doc.lanes.clone(),
        steps: doc.steps.clone(),
        connections: doc.connections.clone(),
    };
    // Serialising plain data to a String cannot fail.
    serde_json::to_string_pretty(&file).unwrap_or_default()
}

fn invalid(place: String, detail: String) -> CoreError {
    CoreError::InvalidFile { place, detail }
}

/// Reads a journey file: its name and (not yet validated) document. Control characters are
/// normalised at the door ([`clean_doc`]; the name is one line).
pub fn from_json(text: &str) -> Result<(String, JourneyDoc)> {
    let de = &mut serde_json::Deserializer::from_str(text);
    let file: JourneyFile = serde_path_to_error::deserialize(de).map_err(|e| {
        let path = e.path().to_string();
        let inner = e.into_inner();
        let mut place = format!("line {}, column {}", inner.line(), inner.column());
        if path != "." {
            place.push_str(&format!(" ({path})"));
        }
        invalid(place, inner.to_string())
    })?;
    if file.format != FILE_FORMAT {
        return Err(invalid(
            "format".to_owned(),
            format!("expected \"{FILE_FORMAT}\", found {:?}", file.format),
        ));
    }
    if file.version == 0 || file.version > FILE_VERSION {
        return Err(invalid(
            "version".to_owned(),
            format!(
                "version {} is not supported (this FirstGoal reads version {FILE_VERSION})",
                file.version
            ),
        ));
    }
    let mut name = file.name;
    if let Cow::Owned(clean) = clean_controls(&name, Lines::One) {
        name = clean;
    }
    let mut doc = JourneyDoc {
        lanes: file.lanes,
        steps: file.steps,
        connections: file.connections,
    };
    clean_doc(&mut doc);
    Ok((name, doc))
}

/// Normalises the control characters of every text of `doc` ([`clean_controls`]): the step
/// description is the one text of several lines (the editor's text area); the ids, lane names,
/// step titles and connection labels are one line each, so a vertical tab in them becomes a
/// space.
pub fn clean_doc(doc: &mut JourneyDoc) {
    let one = |text: &mut String| {
        if let Cow::Owned(clean) = clean_controls(text, Lines::One) {
            *text = clean;
        }
    };
    for lane in &mut doc.lanes {
        one(&mut lane.id);
        one(&mut lane.name);
        one(&mut lane.color);
    }
    for step in &mut doc.steps {
        one(&mut step.id);
        one(&mut step.lane);
        one(&mut step.title);
        if let Cow::Owned(clean) = clean_controls(&step.description, Lines::Several) {
            step.description = clean;
        }
    }
    for c in &mut doc.connections {
        one(&mut c.id);
        one(&mut c.from);
        one(&mut c.to);
        one(&mut c.label);
    }
}
