//! The check of a journey document in the full import, which meets one per journey and revision
//! (tens of thousands in a large file): the rules of [`JourneyDoc::validate`] applied to the
//! strings of the text itself, without the owned copy, trimmed copy and field names the editor's
//! validation builds. Only a document that fails is read again by `JourneyDoc::validate`, which
//! then names the problem; a test holds the two to the same verdict.

use std::borrow::Cow;

use serde::Deserialize;

use crate::journey::{
    JourneyDoc, MAX_CONNECTIONS, MAX_COORDINATE, MAX_DESCRIPTION_CHARS, MAX_ID_CHARS,
    MAX_LABEL_CHARS, MAX_LANES, MAX_STEPS, MAX_TITLE_CHARS, Point, StepKind, StepStatus,
};
use crate::validation::{Lines, MAX_NAME_CHARS, clean_controls};

// The same shape as `JourneyDoc`, field for field, with borrowed strings.
#[derive(Deserialize)]
struct Doc<'a> {
    #[serde(borrow)]
    lanes: Vec<Lane<'a>>,
    #[serde(borrow)]
    steps: Vec<Step<'a>>,
    #[serde(borrow)]
    connections: Vec<Connection<'a>>,
}

#[derive(Deserialize)]
struct Lane<'a> {
    #[serde(borrow)]
    id: Cow<'a, str>,
    #[serde(borrow)]
    name: Cow<'a, str>,
    #[serde(borrow)]
    color: Cow<'a, str>,
}

#[derive(Deserialize)]
#[allow(dead_code)] // kind and status are read only to be checked as their types
struct Step<'a> {
    #[serde(borrow)]
    id: Cow<'a, str>,
    #[serde(borrow)]
    lane: Cow<'a, str>,
    #[serde(borrow)]
    title: Cow<'a, str>,
    #[serde(default, borrow)]
    description: Cow<'a, str>,
    kind: StepKind,
    #[serde(default)]
    status: Option<StepStatus>,
    #[serde(default)]
    milestone_id: Option<i64>,
    #[serde(default)]
    position: Option<Point>,
}

#[derive(Deserialize)]
struct Connection<'a> {
    #[serde(borrow)]
    id: Cow<'a, str>,
    #[serde(borrow)]
    from: Cow<'a, str>,
    #[serde(borrow)]
    to: Cow<'a, str>,
    #[serde(default, borrow)]
    label: Cow<'a, str>,
}

/// `Checker::text`: not blank when required, at most `max` characters once its controls are
/// normalised and it is trimmed.
fn text_ok(value: &str, max: usize, required: bool) -> bool {
    let value = clean_controls(value, Lines::One);
    let trimmed = value.trim();
    if required && trimmed.is_empty() {
        return false;
    }
    trimmed.len() <= max || trimmed.chars().count() <= max
}

/// An id or a reference as the editor's validation keeps it: controls normalised, trimmed.
fn id_of(value: &str) -> Cow<'_, str> {
    match clean_controls(value, Lines::One) {
        Cow::Borrowed(text) => Cow::Borrowed(text.trim()),
        Cow::Owned(text) => Cow::Owned(text.trim().to_owned()),
    }
}

fn is_color(value: &str) -> bool {
    value.len() == 7 && value.starts_with('#') && value[1..].bytes().all(|b| b.is_ascii_hexdigit())
}

/// Whether `doc` passes the editor's validation, every milestone link allowed. Ids are kept in
/// sorted lists rather than hash sets: a document has a few dozen of each, and the import meets
/// tens of thousands of documents.
fn passes(doc: &Doc<'_>) -> bool {
    if doc.lanes.is_empty()
        || doc.lanes.len() > MAX_LANES
        || doc.steps.len() > MAX_STEPS
        || doc.connections.len() > MAX_CONNECTIONS
    {
        return false;
    }
    // `check_id`: a required short text, unique among the ids of its kind.
    let id_ok = |id: &str| text_ok(id, MAX_ID_CHARS, true);
    let unique = |ids: &mut Vec<Cow<'_, str>>| {
        ids.sort_unstable();
        ids.windows(2).all(|w| w[0] != w[1])
    };
    let mut lanes = Vec::with_capacity(doc.lanes.len());
    for lane in &doc.lanes {
        if !id_ok(&lane.id) || !text_ok(&lane.name, MAX_NAME_CHARS, true) || !is_color(&lane.color)
        {
            return false;
        }
        lanes.push(id_of(&lane.id));
    }
    if !unique(&mut lanes) {
        return false;
    }
    let mut steps = Vec::with_capacity(doc.steps.len());
    for step in &doc.steps {
        let placed = step.position.is_none_or(|p| {
            let ok = |v: f64| v.is_finite() && (0.0..=MAX_COORDINATE).contains(&v);
            ok(p.x) && ok(p.y)
        });
        if !id_ok(&step.id)
            || lanes.binary_search(&id_of(&step.lane)).is_err()
            || !text_ok(&step.title, MAX_TITLE_CHARS, true)
            || !text_ok(&step.description, MAX_DESCRIPTION_CHARS, false)
            || !placed
        {
            return false;
        }
        steps.push(id_of(&step.id));
    }
    if !unique(&mut steps) {
        return false;
    }
    let mut connections = Vec::with_capacity(doc.connections.len());
    for c in &doc.connections {
        let (from, to) = (id_of(&c.from), id_of(&c.to));
        if !id_ok(&c.id)
            || steps.binary_search(&from).is_err()
            || steps.binary_search(&to).is_err()
            || from == to
            || !text_ok(&c.label, MAX_LABEL_CHARS, false)
        {
            return false;
        }
        connections.push(id_of(&c.id));
    }
    unique(&mut connections)
}

/// Whether JSON text may hold a character [`clean_controls`] changes: a control or U+FFFE/U+FFFF
/// can only be written as an escape (`\u0000`, `\b`, `\f`, `\r`) or as the noncharacter
/// itself. A false alarm (an escaped backslash) only costs a parse.
pub(super) fn may_hold_controls(json: &str) -> bool {
    json.contains(['\u{FFFE}', '\u{FFFF}'])
        || json.match_indices('\\').any(|(at, _)| {
            let rest = &json[at + 1..];
            rest.starts_with(['b', 'f', 'r'])
                || rest.starts_with("u00")
                || rest
                    .get(..4)
                    .is_some_and(|u| u.eq_ignore_ascii_case("ufff"))
        })
}

/// A stored journey document with its controls normalised as the journey file import does
/// ([`crate::journey::clean_doc`]), when it had any; `None` when it had none or is not a journey
/// document (the check then says why).
pub(super) fn cleaned(json: &str) -> Option<String> {
    if !may_hold_controls(json) {
        return None;
    }
    let mut doc: JourneyDoc = serde_json::from_str(json).ok()?;
    let before = doc.clone();
    crate::journey::clean_doc(&mut doc);
    (doc != before).then(|| serde_json::to_string(&doc).ok())?
}

/// Checks a stored journey document; the error is the reason.
pub(super) fn check(text: &str) -> Result<(), String> {
    if serde_json::from_str::<Doc<'_>>(text).is_ok_and(|doc| passes(&doc)) {
        return Ok(());
    }
    let doc: JourneyDoc =
        serde_json::from_str(text).map_err(|e| format!("not a journey document: {e}"))?;
    // The milestone ids inside a document are not renumbered with the rows, and a step whose
    // milestone is not its project's is shown unlinked: whether they point anywhere is not this
    // check's business, so every id the document names is allowed.
    let linked: Vec<i64> = doc.steps.iter().filter_map(|s| s.milestone_id).collect();
    match doc.validate(&linked) {
        Err(crate::CoreError::Validation(errors)) => Err(format!(
            "not a valid journey document: {}",
            errors
                .iter()
                .take(5)
                .map(|e| match e.max {
                    Some(max) => format!("{}: {} (at most {max})", e.field, e.code),
                    None => format!("{}: {}", e.field, e.code),
                })
                .collect::<Vec<_>>()
                .join(", ")
        )),
        Err(other) => Err(format!("not a valid journey document: {other}")),
        // Only if the two checks disagreed; the test below holds them to the same verdict.
        Ok(_) => Err("not a valid journey document".into()),
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;
    use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};
    use serde_json::{Value, json};

    use super::*;
    use crate::journey::{Connection as C, Step as S, default_doc};
    use crate::settings::Language;

    fn sample() -> Value {
        let mut doc = default_doc(Language::Ja);
        for i in 0..6 {
            doc.steps.push(S {
                id: format!("s{i}"),
                lane: doc.lanes[i % doc.lanes.len()].id.clone(),
                title: format!("手順 {i}"),
                description: if i % 2 == 0 {
                    "説明".into()
                } else {
                    String::new()
                },
                kind: StepKind::Action,
                status: (i < 3).then_some(StepStatus::Done),
                milestone_id: (i == 5).then_some(7),
                position: (i == 4).then_some(Point { x: 10.0, y: 20.0 }),
            });
        }
        for i in 0..5 {
            doc.connections.push(C {
                id: format!("c{i}"),
                from: format!("s{i}"),
                to: format!("s{}", i + 1),
                label: if i == 2 {
                    "はい".into()
                } else {
                    String::new()
                },
            });
        }
        serde_json::to_value(doc).expect("json")
    }

    fn pointers(value: &Value, here: String, out: &mut Vec<String>) {
        match value {
            Value::Array(items) => {
                for (i, v) in items.iter().enumerate() {
                    pointers(v, format!("{here}/{i}"), out);
                }
            }
            Value::Object(map) => {
                for (k, v) in map {
                    pointers(v, format!("{here}/{k}"), out);
                }
            }
            _ => {}
        }
        out.push(here);
    }

    fn slow(text: &str) -> bool {
        serde_json::from_str::<JourneyDoc>(text).is_ok_and(|doc| {
            let linked: Vec<i64> = doc.steps.iter().filter_map(|s| s.milestone_id).collect();
            doc.validate(&linked).is_ok()
        })
    }

    #[test]
    fn the_quick_check_agrees_with_the_journey_validation() {
        let valid = sample();
        assert!(check(&valid.to_string()).is_ok());
        let mut all = Vec::new();
        pointers(&valid, String::new(), &mut all);
        let replacement = prop_oneof![
            Just(Value::Null),
            Just(json!("")),
            Just(json!("  ")),
            Just(json!(" s1 ")),
            Just(json!("s1")),
            Just(json!("s2")),
            Just(json!("cs")),
            Just(json!("#12345g")),
            Just(json!("#A0b0C0")),
            Just(json!("action")),
            Just(json!("done")),
            Just(json!({ "x": -1.0, "y": 0.0 })),
            Just(json!({ "x": 1.0e7, "y": 0.0 })),
            Just(json!({ "x": 5 })),
            Just(json!([])),
            Just(json!(3)),
            (60usize..6000).prop_map(|n| Value::from("x".repeat(n))),
            ".{0,8}".prop_map(Value::from),
        ];
        let mut runner = TestRunner::new_with_rng(
            Config {
                cases: 2000,
                failure_persistence: None,
                ..Config::default()
            },
            TestRng::deterministic_rng(RngAlgorithm::ChaCha),
        );
        runner
            .run(
                &(any::<prop::sample::Index>(), replacement, any::<bool>()),
                |(at, value, remove)| {
                    let mut doc = valid.clone();
                    let pointer = &all[at.index(all.len())];
                    let (parent, key) = pointer.rsplit_once('/').unwrap_or(("", ""));
                    match (remove, doc.pointer_mut(parent)) {
                        (true, Some(Value::Object(map))) => {
                            map.remove(key);
                        }
                        (true, Some(Value::Array(items))) => {
                            if let Ok(i) = key.parse::<usize>() {
                                items.remove(i);
                            }
                        }
                        _ => {
                            if let Some(slot) = doc.pointer_mut(pointer) {
                                *slot = value;
                            }
                        }
                    }
                    let text = doc.to_string();
                    prop_assert_eq!(check(&text).is_ok(), slow(&text), "{}", text);
                    Ok(())
                },
            )
            .expect("the two checks agree");
    }
}
