//! Demo journeys for the demo generator: one journey of 15–60 steps per project across the
//! default lanes, saved with two revisions (the kickoff review and a later one), queued with the
//! generator's other rows so a large demo file is written in one go. Deterministic per project.

use chrono::{DateTime, Duration, Utc};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use super::rows::{Rows, v};
use crate::error::Result;
use crate::journey::{Connection, JourneyDoc, Step, StepKind, StepStatus, default_doc, encode_doc};
use crate::settings::Language;

const JA_STEPS: &[&str] = &[
    "キックオフ準備",
    "契約内容の確認",
    "要件ヒアリング",
    "管理者アカウント発行",
    "データ移行計画",
    "トレーニング実施",
    "利用状況レビュー",
    "稟議承認",
    "社内展開",
    "定例ミーティング",
];
const EN_STEPS: &[&str] = &[
    "Prepare kickoff",
    "Review the contract",
    "Requirements interview",
    "Create admin accounts",
    "Plan the data migration",
    "Run the training",
    "Usage review",
    "Budget approval",
    "Roll out internally",
    "Weekly sync",
];
const KINDS: [StepKind; 5] = [
    StepKind::Action,
    StepKind::Touchpoint,
    StepKind::Document,
    StepKind::Decision,
    StepKind::Action,
];

/// The demo journey of one project: steps follow each other across the lanes, with a branch now
/// and then; the last step reaches the project's first milestone.
fn doc(rng: &mut ChaCha8Rng, language: Language, milestones: &[i64]) -> JourneyDoc {
    let mut doc = default_doc(language);
    let titles = match language {
        Language::Ja => JA_STEPS,
        Language::En => EN_STEPS,
    };
    let count = rng.random_range(15..=60usize);
    let done = rng.random_range(0..count);
    for i in 0..count {
        let lane = &doc.lanes[rng.random_range(0..doc.lanes.len())].id;
        let last = i + 1 == count;
        doc.steps.push(Step {
            id: format!("s{i}"),
            lane: lane.clone(),
            title: format!("{} {}", titles[rng.random_range(0..titles.len())], i + 1),
            description: String::new(),
            kind: if last {
                StepKind::Milestone
            } else {
                KINDS[rng.random_range(0..KINDS.len())]
            },
            status: match i.cmp(&done) {
                std::cmp::Ordering::Less => Some(StepStatus::Done),
                std::cmp::Ordering::Equal => Some(StepStatus::Current),
                std::cmp::Ordering::Greater => None,
            },
            milestone_id: if last {
                milestones.first().copied()
            } else {
                None
            },
            position: None,
        });
        if i > 0 {
            // Mostly the previous step; sometimes a step a little further back (a branch).
            let from = if i > 3 && rng.random_bool(0.2) {
                i - rng.random_range(2..=3)
            } else {
                i - 1
            };
            doc.connections.push(Connection {
                id: format!("c{i}"),
                from: format!("s{from}"),
                to: format!("s{i}"),
                label: String::new(),
            });
        }
    }
    doc
}

/// The first part of `doc`: the journey as it stood at an earlier review.
fn truncated(doc: &JourneyDoc, steps: usize) -> JourneyDoc {
    let steps: Vec<Step> = doc.steps.iter().take(steps).cloned().collect();
    let kept = |id: &str| steps.iter().any(|s| s.id == id);
    let connections = doc
        .connections
        .iter()
        .filter(|c| kept(&c.from) && kept(&c.to))
        .cloned()
        .collect();
    JourneyDoc {
        lanes: doc.lanes.clone(),
        steps,
        connections,
    }
}

/// Queues a demo journey with two revisions of a project (see [`crate::demo::Rows`]);
/// `milestones` are the project's milestone ids, the first one the 1-month first goal.
pub(crate) fn add(
    rows: &mut Rows,
    project_id: i64,
    japanese: bool,
    milestones: &[i64],
    at: DateTime<Utc>,
    seed: u64,
) -> Result<i64> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed ^ (project_id as u64).rotate_left(29) ^ 0x6a);
    let language = if japanese { Language::Ja } else { Language::En };
    let full = doc(&mut rng, language, milestones).validate(milestones)?;
    let early = truncated(&full, full.steps.len() * 2 / 3);
    let (name, first, second) = match language {
        Language::Ja => ("オンボーディング全体像", "キックオフ時点", "第2回レビュー"),
        Language::En => ("Onboarding journey", "At kickoff", "Second review"),
    };
    let id = rows.journeys.next_id();
    let content = encode_doc(&full);
    rows.journeys.push([
        v(id),
        v(project_id),
        v(name),
        v(content.clone()),
        v(at),
        v(at),
    ]);
    for (revision, doc, when) in [
        (first, encode_doc(&early), at - Duration::days(14)),
        (second, content, at),
    ] {
        let revision_id = rows.revisions.next_id();
        rows.revisions
            .push([v(revision_id), v(id), v(revision), v(doc), v(when)]);
    }
    Ok(id)
}
