//! Demo stakeholders for the demo generator: 5–12 people per project across departments and
//! levels, with roles, key persons, heat entries (now and then falling), 20–80 touchpoints after
//! the kickoff and a few recent ones with the key persons, and mostly an adoption purpose agreed
//! by the decision-maker: a team that keeps its file up to date, with some risks, not all of them
//! everywhere. Deterministic per project.

use chrono::{Days, NaiveDate};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use super::rows::{Rows, v};
use crate::stakeholders::{Level, ProjectRole, TouchKind};

const JA_NAMES: &[&str] = &[
    "山田 太郎",
    "佐藤 花子",
    "鈴木 一郎",
    "高橋 美咲",
    "田中 健",
    "伊藤 由美",
    "渡辺 翔",
    "中村 あおい",
    "小林 誠",
    "加藤 さくら",
    "吉田 大輔",
    "山本 恵",
];
const EN_NAMES: &[&str] = &[
    "Alex Morgan",
    "Jamie Chen",
    "Riley Parker",
    "Sam Patel",
    "Jordan Lee",
    "Casey Kim",
    "Taylor Brooks",
    "Morgan Diaz",
    "Drew Evans",
    "Avery Scott",
    "Quinn Harper",
    "Robin Ellis",
];
const JA_DEPARTMENTS: &[&str] = &[
    "経営企画部",
    "情報システム部",
    "営業部",
    "経理部",
    "カスタマーサポート部",
];
const EN_DEPARTMENTS: &[&str] = &["Strategy", "IT", "Sales", "Finance", "Support"];

/// Queues demo stakeholders and touchpoints of a project (see [`crate::demo::Rows`]).
pub(crate) fn add(
    rows: &mut Rows,
    project_id: i64,
    customer_name: &str,
    kickoff: NaiveDate,
    seed: u64,
    today: NaiveDate,
) {
    let mut rng = ChaCha8Rng::seed_from_u64(seed ^ (project_id as u64).rotate_left(17));
    let japanese = !customer_name.is_ascii();
    let (names, departments) = if japanese {
        (JA_NAMES, JA_DEPARTMENTS)
    } else {
        (EN_NAMES, EN_DEPARTMENTS)
    };
    let (ids, keys) = add_people(rows, &mut rng, project_id, names, departments, kickoff);
    add_touchpoints(rows, &mut rng, project_id, &ids, kickoff);
    add_recent_touches(rows, &mut rng, project_id, &keys, kickoff, today);
    if rng.random_bool(0.85) {
        let purpose = if japanese { JA_PURPOSE } else { EN_PURPOSE };
        rows.purposes.push([v(project_id), v(purpose)]);
        // The first person is the decision-maker.
        if let (Some(&decider), true) = (ids.first(), rng.random_bool(0.85)) {
            rows.agreements
                .push([v(project_id), v(decider), v(kickoff)]);
        }
    }
}

const JA_PURPOSE: &str = "手作業を減らし、月次の締めを3日短くするため";
const EN_PURPOSE: &str = "Cut manual work so the monthly close takes three days less";

/// Now and then, in the last two weeks before `today`, a call with the key persons (for a
/// project that kicked off more than a month before).
fn add_recent_touches(
    rows: &mut Rows,
    rng: &mut ChaCha8Rng,
    project_id: i64,
    keys: &[i64],
    kickoff: NaiveDate,
    today: NaiveDate,
) {
    if keys.is_empty() || kickoff + Days::new(30) > today || !rng.random_bool(0.7) {
        return;
    }
    let touchpoint = rows.touchpoints.next_id();
    let on = today - Days::new(rng.random_range(1..14));
    rows.touchpoints
        .push([v(touchpoint), v(project_id), v("call"), v(on), v("")]);
    for key in keys {
        rows.participants.push([v(touchpoint), v(*key)]);
    }
}

/// 5–12 people with their heat entries, the first an executive decision-maker and the second
/// the executor and champion; their ids, and those of the key persons.
fn add_people(
    rows: &mut Rows,
    rng: &mut ChaCha8Rng,
    project_id: i64,
    names: &[&'static str],
    departments: &[&'static str],
    kickoff: NaiveDate,
) -> (Vec<i64>, Vec<i64>) {
    let count = rng.random_range(5..=12usize);
    let start = rng.random_range(0..names.len());
    let mut ids = Vec::with_capacity(count);
    let mut keys = Vec::new();
    for i in 0..count {
        let level = if i == 0 {
            Level::Executive
        } else {
            Level::ALL[rng.random_range(1..Level::ALL.len())]
        };
        let mut roles = Vec::new();
        match i {
            0 => roles.push(ProjectRole::DecisionMaker),
            1 => roles.extend([ProjectRole::Executor, ProjectRole::Champion]),
            _ if rng.random_bool(0.3) => roles.push(ProjectRole::ALL[rng.random_range(1..8)]),
            _ => roles.push(ProjectRole::EndUser),
        }
        let roles = serde_json::to_string(&roles).unwrap_or_else(|_| "[]".to_owned());
        // Drawn in this order so a seed keeps giving the same people.
        let department = departments[if i == 0 {
            0
        } else {
            rng.random_range(0..departments.len())
        }];
        let influence = if i == 0 {
            5
        } else {
            rng.random_range(1..=5i64)
        };
        let key_person = i == 1 || rng.random_bool(0.15);
        let attended = i != 0 || rng.random_bool(0.5);
        let id = rows.stakeholders.next_id();
        rows.stakeholders.push([
            v(id),
            v(project_id),
            v(i as i64 + 1),
            v(names[(start + i) % names.len()]),
            v(""),
            v(department),
            v(level.as_str()),
            v(influence),
            v(roles),
            v(key_person),
            v(attended),
            v(kickoff),
            v(kickoff),
        ]);
        // Heat at the kickoff, and two weeks later: mostly held or warmer, now and then cooler.
        let first = rng.random_range(2..=5i64);
        let later = if rng.random_bool(0.03) {
            first - 1
        } else {
            (first + rng.random_range(0..=1)).min(5)
        };
        for (week, value) in [(0u64, first), (2, later)] {
            let heat = rows.heat_entries.next_id();
            rows.heat_entries
                .push([v(heat), v(id), v(kickoff + Days::new(week * 7)), v(value)]);
        }
        if key_person {
            keys.push(id);
        }
        ids.push(id);
    }
    (ids, keys)
}

/// 20–80 touchpoints in the 60 days after the kickoff, with one to three of `ids` each.
fn add_touchpoints(
    rows: &mut Rows,
    rng: &mut ChaCha8Rng,
    project_id: i64,
    ids: &[i64],
    kickoff: NaiveDate,
) {
    for _ in 0..rng.random_range(20..=80) {
        let touchpoint = rows.touchpoints.next_id();
        let kind = TouchKind::ALL[rng.random_range(0..TouchKind::ALL.len())].as_str();
        let on = kickoff + Days::new(rng.random_range(0..60));
        rows.touchpoints
            .push([v(touchpoint), v(project_id), v(kind), v(on), v("")]);
        // One to three people per touchpoint (a call, a meeting), distinct.
        let first = rng.random_range(0..ids.len());
        for k in 0..rng.random_range(1..=3usize).min(ids.len()) {
            rows.participants
                .push([v(touchpoint), v(ids[(first + k) % ids.len()])]);
        }
    }
}
