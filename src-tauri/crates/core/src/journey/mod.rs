//! Journey diagrams: swimlanes across departments (Customer, Sales, CS, Product, Management…),
//! the steps each one takes and how the steps connect. A journey belongs to a project or is a
//! template for the whole file. It is edited and versioned as one document ([`JourneyDoc`]):
//! the editor saves the whole document, revisions are snapshots of it, and the JSON export is the
//! same document with a format header.

mod diff;
mod drawio;
mod export;
mod file;
pub mod layout;
mod mermaid;
mod revisions;
mod store;
mod svg;
mod text;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use specta::Type;

use crate::error::{FieldCode, FieldError, Result};
use crate::settings::Language;
use crate::validation::{Checker, MAX_NAME_CHARS};

pub use diff::{Change, ChangeKind, Comparison, Mark, ValueChange, compare_docs};
pub use drawio::to_drawio;
pub use export::{
    ExportFormat, Exported, export_comparison, export_journey, export_journey_checked,
    render_comparison, render_doc,
};
pub use file::{FILE_FORMAT, FILE_VERSION, JourneyFile, clean_doc, from_json, to_json};
pub use layout::{Layout, layout};
pub use mermaid::{
    MERMAID_MAX_EDGES, MERMAID_MAX_TEXT, MermaidLimits, to_mermaid, to_mermaid_checked,
};
pub use revisions::{
    ComparisonView, MarkLabels, RestoreInput, Revision, RevisionView, compare, get_revision,
    list_revisions, restore_revision, save_revision,
};
pub(crate) use store::encode_doc;
pub use store::{
    create, delete, get, import_json, import_json_file, list, names_of, needs_review,
    review_overdue_on, save,
};
pub use svg::{Marks, to_svg, to_svg_marked};

/// Longest step title in characters: long enough for a sentence, short enough for a picture.
pub const MAX_TITLE_CHARS: usize = 500;
/// Longest step description in characters.
pub const MAX_DESCRIPTION_CHARS: usize = 5000;
/// Longest connection label in characters.
pub const MAX_LABEL_CHARS: usize = 200;
/// Longest id of a lane, step or connection.
pub const MAX_ID_CHARS: usize = 64;
pub const MAX_LANES: usize = 40;
pub const MAX_STEPS: usize = 5000;
pub const MAX_CONNECTIONS: usize = 20_000;
/// Largest coordinate of a hand-placed step (keeps pictures within what can be rendered).
pub const MAX_COORDINATE: f64 = 1_000_000.0;
/// Days after which a journey without a new revision shows a review reminder.
pub const REVIEW_AFTER_DAYS: i64 = 7;

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Type, strum::VariantArray,
)]
#[serde(rename_all = "snake_case")]
pub enum StepKind {
    Action,
    Touchpoint,
    Document,
    Decision,
    Milestone,
}

impl StepKind {
    /// Every value, in the order the UI offers them.
    pub const ALL: &'static [StepKind] = <StepKind as strum::VariantArray>::VARIANTS;
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum StepStatus {
    Done,
    Current,
    Next,
}

/// One department's horizontal band.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct Lane {
    pub id: String,
    pub name: String,
    /// `#rrggbb`.
    pub color: String,
}

/// Where the user put a step by hand: `x` from the diagram's left edge, `y` from the top of the
/// step's lane band (so the step stays in its lane whatever height the bands get).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, Type)]
pub struct Point {
    pub x: f64,
    pub y: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct Step {
    pub id: String,
    pub lane: String,
    pub title: String,
    #[serde(default)]
    pub description: String,
    pub kind: StepKind,
    #[serde(default)]
    pub status: Option<StepStatus>,
    /// A first-goal milestone of the journey's project this step reaches.
    #[serde(default)]
    pub milestone_id: Option<i64>,
    /// Set when the user placed the step by hand; `None` lets the auto-layout place it.
    #[serde(default)]
    pub position: Option<Point>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct Connection {
    pub id: String,
    pub from: String,
    pub to: String,
    #[serde(default)]
    pub label: String,
}

/// The diagram itself: what the editor saves and a revision snapshots.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, Type)]
pub struct JourneyDoc {
    pub lanes: Vec<Lane>,
    pub steps: Vec<Step>,
    pub connections: Vec<Connection>,
}

/// A stored journey. `project_id: None` marks a template.
#[derive(Debug, Clone, PartialEq, Serialize, Type)]
pub struct Journey {
    pub id: i64,
    pub project_id: Option<i64>,
    pub name: String,
    pub doc: JourneyDoc,
    /// Incremented by every save; a save names the version it was based on.
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub last_revision_at: Option<DateTime<Utc>>,
}

/// A journey with the picture the core lays out for it.
#[derive(Debug, Clone, PartialEq, Serialize, Type)]
pub struct JourneyView {
    pub journey: Journey,
    pub layout: Layout,
}

/// A line in a list of journeys.
#[derive(Debug, Clone, PartialEq, Serialize, Type)]
pub struct JourneySummary {
    pub id: i64,
    pub project_id: Option<i64>,
    pub name: String,
    pub step_count: u32,
    pub updated_at: DateTime<Utc>,
    pub last_revision_at: Option<DateTime<Utc>>,
    /// No revision for more than [`REVIEW_AFTER_DAYS`] days: time for the weekly review.
    pub needs_review: bool,
}

/// What the "new journey" form sends.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct NewJourney {
    /// `None` creates a template.
    pub project_id: Option<i64>,
    pub name: String,
    /// Start from this template (or any journey) instead of the default lanes.
    pub template_id: Option<i64>,
    /// Language of the default lane names.
    pub language: Language,
}

/// The lane colours, in the order new lanes take them (the default lanes take the first five).
pub const LANE_COLORS: [&str; 8] = [
    "#e8f1fb", "#fdf0e3", "#e6f6ec", "#f1ebfa", "#f4f4f4", "#fff8d6", "#fde8ec", "#e3f5f7",
];

const DEFAULT_LANES: [(&str, &str, &str, &str); 5] = [
    ("customer", "Customer", "顧客", LANE_COLORS[0]),
    ("sales", "Sales", "営業", LANE_COLORS[1]),
    ("cs", "CS", "CS", LANE_COLORS[2]),
    ("product", "Product", "プロダクト", LANE_COLORS[3]),
    ("management", "Management", "経営", LANE_COLORS[4]),
];

/// The empty journey: the five default lanes named in `language`.
pub fn default_doc(language: Language) -> JourneyDoc {
    JourneyDoc {
        lanes: DEFAULT_LANES
            .iter()
            .map(|(id, en, ja, color)| Lane {
                id: (*id).to_owned(),
                name: match language {
                    Language::En => (*en).to_owned(),
                    Language::Ja => (*ja).to_owned(),
                },
                color: (*color).to_owned(),
            })
            .collect(),
        steps: Vec::new(),
        connections: Vec::new(),
    }
}

fn is_color(value: &str) -> bool {
    value.len() == 7 && value.starts_with('#') && value[1..].bytes().all(|b| b.is_ascii_hexdigit())
}

/// An id or a reference to one as [`Checker::text`] keeps it: controls normalised, trimmed.
fn id_text(id: &str) -> String {
    crate::validation::clean_controls(id, crate::validation::Lines::One)
        .trim()
        .to_owned()
}

fn check_id(
    check: &mut Checker,
    field: &str,
    id: &str,
    seen: &mut std::collections::HashSet<String>,
) {
    let id = check.text(field, id, MAX_ID_CHARS, true);
    if !id.is_empty() && !seen.insert(id) {
        check.fail(field, FieldCode::DuplicateId);
    }
}

fn check_count(check: &mut Checker, field: &str, count: usize, max: usize) {
    if count > max {
        check.push(FieldError::new(field, FieldCode::TooMany).with_max(max));
    }
}

impl JourneyDoc {
    /// Checks the whole document and returns it with its texts trimmed. Field names point at the
    /// place, e.g. `steps[3].title`. `milestones` are the ids a step may link to (the project's).
    pub fn validate(&self, milestones: &[i64]) -> Result<JourneyDoc> {
        let mut check = Checker::new();
        check_count(&mut check, "lanes", self.lanes.len(), MAX_LANES);
        check_count(&mut check, "steps", self.steps.len(), MAX_STEPS);
        check_count(
            &mut check,
            "connections",
            self.connections.len(),
            MAX_CONNECTIONS,
        );
        if self.lanes.is_empty() {
            check.fail("lanes", FieldCode::Required);
        }
        let (lanes, lane_ids) = check_lanes(&mut check, &self.lanes);
        let (steps, step_ids) = check_steps(&mut check, &self.steps, &lane_ids, milestones);
        let connections = check_connections(&mut check, &self.connections, &step_ids);
        check.finish(|| JourneyDoc {
            lanes,
            steps,
            connections,
        })
    }
}

type Ids = std::collections::HashSet<String>;

/// The lanes, trimmed, and their ids.
fn check_lanes(check: &mut Checker, given: &[Lane]) -> (Vec<Lane>, Ids) {
    let mut lanes = Vec::with_capacity(given.len());
    let mut lane_ids = std::collections::HashSet::new();
    for (i, lane) in given.iter().enumerate() {
        check_id(check, &format!("lanes[{i}].id"), &lane.id, &mut lane_ids);
        let name = check.text(
            &format!("lanes[{i}].name"),
            &lane.name,
            MAX_NAME_CHARS,
            true,
        );
        if !is_color(&lane.color) {
            check.fail(&format!("lanes[{i}].color"), FieldCode::InvalidColor);
        }
        lanes.push(Lane {
            id: id_text(&lane.id),
            name,
            color: lane.color.to_ascii_lowercase(),
        });
    }
    (lanes, lane_ids)
}

/// The steps, trimmed, and their ids: each in a known lane, linked to one of `milestones` if any.
fn check_steps(
    check: &mut Checker,
    given: &[Step],
    lane_ids: &Ids,
    milestones: &[i64],
) -> (Vec<Step>, Ids) {
    let mut steps = Vec::with_capacity(given.len());
    let mut step_ids = std::collections::HashSet::new();
    for (i, step) in given.iter().enumerate() {
        let at = |f: &str| format!("steps[{i}].{f}");
        check_id(check, &at("id"), &step.id, &mut step_ids);
        let lane = id_text(&step.lane);
        if !lane_ids.contains(&lane) {
            check.fail(&at("lane"), FieldCode::UnknownLane);
        }
        let title = check.text(&at("title"), &step.title, MAX_TITLE_CHARS, true);
        let description = check.text(
            &at("description"),
            &step.description,
            MAX_DESCRIPTION_CHARS,
            false,
        );
        if let Some(m) = step.milestone_id
            && !milestones.contains(&m)
        {
            check.fail(&at("milestone_id"), FieldCode::UnknownMilestone);
        }
        if let Some(p) = step.position {
            let ok = |v: f64| v.is_finite() && (0.0..=MAX_COORDINATE).contains(&v);
            if !ok(p.x) || !ok(p.y) {
                check.fail(&at("position"), FieldCode::OutOfRange);
            }
        }
        steps.push(Step {
            id: id_text(&step.id),
            lane,
            title,
            description,
            ..step.clone()
        });
    }
    (steps, step_ids)
}

/// The connections, trimmed: each between two different known steps.
fn check_connections(check: &mut Checker, given: &[Connection], step_ids: &Ids) -> Vec<Connection> {
    let mut connections = Vec::with_capacity(given.len());
    let mut connection_ids = std::collections::HashSet::new();
    for (i, c) in given.iter().enumerate() {
        let at = |f: &str| format!("connections[{i}].{f}");
        check_id(check, &at("id"), &c.id, &mut connection_ids);
        let (from, to) = (id_text(&c.from), id_text(&c.to));
        for (field, end) in [("from", &from), ("to", &to)] {
            if !step_ids.contains(end) {
                check.fail(&at(field), FieldCode::UnknownStep);
            }
        }
        if from == to {
            check.fail(&at("to"), FieldCode::SelfConnection);
        }
        let label = check.text(&at("label"), &c.label, MAX_LABEL_CHARS, false);
        connections.push(Connection {
            id: id_text(&c.id),
            from,
            to,
            label,
        });
    }
    connections
}

/// Checks a journey or revision name.
pub(crate) fn check_name(field: &str, name: &str) -> Result<String> {
    let mut check = Checker::new();
    let name = check.text(field, name, MAX_NAME_CHARS, true);
    check.finish(|| name)
}
