//! Deterministic demo data: the same seed always writes the same projects, with Japanese and
//! English customer names mixed, so demos, screenshots and benchmarks are reproducible. Each
//! project follows a built-in playbook (stages, actions, first goals), has team members, and is
//! as far along as its dates allow on the demo's "today" (2026-01-01, or the day given to
//! [`generate_on`]): some stages left, most first goals that are due decided (achieved, now and
//! then missed, a few recent ones still open), some on-hold periods — and a journey with two
//! revisions. The rows are
//! computed here and written many per statement (see [`rows`]), so 100,000 projects take minutes.

use chrono::{Days, NaiveDate, TimeZone, Utc};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use sqlx::SqliteConnection;

use crate::db::{Db, bulk, indexes, triggers};
use crate::error::{CoreError, Refusal, Result};
use crate::milestones::Horizon;
use crate::playbooks::{self, PlaybookBody};
use crate::projects::{Segment, ValidProject};
use crate::settings::Language;
use crate::stages::after;
use goals::{decided, first_goal};

mod goals;
mod journey;
mod rows;
mod stakeholders;

pub(crate) use rows::{Rows, v};

const JA_COMPANIES: &[&str] = &[
    "株式会社さくら物流",
    "東都システム株式会社",
    "みなと製薬",
    "北斗フィナンシャル",
    "あおば建設",
    "ひかり電機",
    "山河食品株式会社",
    "大和ロジスティクス",
    "つばさ航空サービス",
    "こだま通信",
];
const EN_COMPANIES: &[&str] = &[
    "Northwind Traders",
    "Contoso Retail",
    "Fabrikam Health",
    "Globex Energy",
    "Initech Systems",
    "Umbrella Logistics",
    "Stark Manufacturing",
    "Wayne Analytics",
    "Acme Insurance",
    "Tyrell Bio",
];
/// (name, role) of the demo team: a pool of CSMs, implementation leads, sales and support.
const TEAM: &[(&str, &str)] = &[
    ("佐藤 花子", "csm"),
    ("Jamie Chen", "csm"),
    ("高橋 美咲", "csm"),
    ("Alex Morgan", "implementation_lead"),
    ("鈴木 一郎", "implementation_lead"),
    ("Riley Tanaka", "sales"),
    ("中村 健", "sales"),
    ("Sam Lee", "support"),
];
const OWNERS: &[&str] = &[
    "佐藤 花子",
    "鈴木 一郎",
    "高橋 美咲",
    "Alex Morgan",
    "Jamie Chen",
    "Riley Tanaka",
];

/// Writes `projects` demo projects into an empty database, as of the fixed demo day 2026-01-01
/// (contracts from 2024-01-01 on). Refuses a file that already holds projects, so demo data never
/// mixes with real data.
pub async fn generate(db: &Db, projects: usize, seed: u64) -> Result<usize> {
    let today = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap_or_default();
    let start = NaiveDate::from_ymd_opt(2024, 1, 1).unwrap_or_default();
    generate_between(db, projects, seed, start, today).await
}

/// As [`generate`], with the projects contracted in the 1,000 days before `today` and as far
/// along as `today` allows: what a demo opened on that day looks like.
pub async fn generate_on(db: &Db, projects: usize, seed: u64, today: NaiveDate) -> Result<usize> {
    let start = today - Days::new(1000);
    generate_between(db, projects, seed, start, today).await
}

async fn generate_between(
    db: &Db,
    projects: usize,
    seed: u64,
    start: NaiveDate,
    today: NaiveDate,
) -> Result<usize> {
    let mut conn = bulk::connection(db).await?;
    let mut tx = sqlx::Connection::begin_with(&mut *conn, "BEGIN IMMEDIATE").await?;
    let existing: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM projects")
        .fetch_one(&mut *tx)
        .await?;
    if existing > 0 {
        return Err(CoreError::Refused(Refusal::FileNotEmpty));
    }
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let member_ids = add_team(&mut tx).await?;
    let enterprise = builtin_pair("enterprise_high_touch")?;
    let low_touch = builtin_pair("low_touch")?;
    let now = Utc.from_utc_datetime(&today.and_hms_opt(9, 0, 0).unwrap_or_default());
    // The last-touch trigger would run for every participant row: set aside, redone once; the
    // indexes of the tables written are built once at the end.
    let suspended = triggers::suspend(&mut tx).await?;
    let set_aside = indexes::set_aside(
        &mut tx,
        rows::TABLES.iter().map(|t| (*t).to_owned()).collect(),
    )
    .await?;
    let mut rows = Rows::new(&mut tx).await?;
    for i in 0..projects {
        let (valid, japanese) = demo_project(&mut rng, i, start);
        let body = match valid.segment {
            Segment::HighTouch => &enterprise[usize::from(japanese)],
            _ => &low_touch[usize::from(japanese)],
        };
        let id = rows.projects.next_id();
        rows.projects.push([
            v(id),
            v(valid.customer_name.clone()),
            v(valid.contract_date),
            v(valid.kickoff_date),
            v(valid.segment.as_str()),
            v(valid.owner.clone()),
            v(now),
            v(now),
            v(body.name.clone()),
        ]);
        stakeholders::add(
            &mut rows,
            id,
            &valid.customer_name,
            valid.kickoff_date,
            seed,
            today,
        );
        let milestones = progress(&mut rows, &mut rng, id, &valid, body, &member_ids, today);
        journey::add(&mut rows, id, japanese, &milestones, now, seed)?;
        rows.send_full(&mut tx).await?;
    }
    rows.finish(&mut tx).await?;
    indexes::restore(&mut tx, set_aside).await?;
    triggers::restore(&mut tx, suspended).await?;
    if let Some((table, rowid, parent)) = bulk::broken_reference(&mut tx).await? {
        return Err(CoreError::Unavailable(format!(
            "demo row {rowid} of {table} refers to a missing {parent} row"
        )));
    }
    tx.commit().await?;
    Ok(projects)
}

/// The demo team, written first; their ids in [`TEAM`] order.
async fn add_team(conn: &mut SqliteConnection) -> Result<Vec<i64>> {
    let mut member_ids = Vec::with_capacity(TEAM.len());
    for (name, role) in TEAM {
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO team_members (name, role, created_at) VALUES (?1, ?2, ?3) RETURNING id",
        )
        .bind(name)
        .bind(role)
        .bind(
            Utc.with_ymd_and_hms(2024, 1, 1, 9, 0, 0)
                .single()
                .unwrap_or_default(),
        )
        .fetch_one(&mut *conn)
        .await?;
        member_ids.push(id);
    }
    Ok(member_ids)
}

/// A built-in playbook in English and in Japanese (indexed by "is Japanese").
fn builtin_pair(key: &str) -> Result<[PlaybookBody; 2]> {
    let playbook = |lang| {
        playbooks::builtin(key, lang)
            .ok_or_else(|| CoreError::Unavailable(format!("built-in playbook {key} is missing")))
    };
    Ok([playbook(Language::En)?, playbook(Language::Ja)?])
}

/// The `i`-th demo project, contracted in the 1,000 days from `start`, and whether it is a
/// Japanese customer.
fn demo_project(rng: &mut ChaCha8Rng, i: usize, start: NaiveDate) -> (ValidProject, bool) {
    let japanese = rng.random_bool(0.5);
    let pool = if japanese { JA_COMPANIES } else { EN_COMPANIES };
    let base = pool[rng.random_range(0..pool.len())];
    let contract_date = start + Days::new(rng.random_range(0..1000));
    let valid = ValidProject {
        customer_name: format!("{base} #{}", i + 1),
        contract_date,
        kickoff_date: contract_date + Days::new(rng.random_range(3..40)),
        segment: Segment::ALL[rng.random_range(0..Segment::ALL.len())],
        owner: OWNERS[rng.random_range(0..OWNERS.len())].to_owned(),
    };
    (valid, japanese)
}

/// The playbook's plan for a demo project, moved along as far as its dates allow on `today`:
/// team, hold, first goals (and the playbook's own milestones), stages and the actions of the
/// stages it has left. Returns the project's milestone ids by due date (as the journey editor
/// lists them: its demo journey links the first).
fn progress(
    rows: &mut Rows,
    rng: &mut ChaCha8Rng,
    id: i64,
    valid: &ValidProject,
    body: &PlaybookBody,
    member_ids: &[i64],
    today: NaiveDate,
) -> Vec<i64> {
    add_team_and_hold(rows, rng, id, valid, member_ids, today);
    let milestone_ids = add_milestones(rows, rng, id, valid, body, today);
    add_stages(rows, rng, id, valid, body, today);
    milestone_ids
}

/// The project's team, and now and then a hold (ended or not).
fn add_team_and_hold(
    rows: &mut Rows,
    rng: &mut ChaCha8Rng,
    id: i64,
    valid: &ValidProject,
    member_ids: &[i64],
    today: NaiveDate,
) {
    let kickoff = valid.kickoff_date;
    // Strategic (high-touch) accounts keep one CSM; the others share the pool.
    let csms = &member_ids[..3];
    let mut team = vec![csms[rng.random_range(0..csms.len())]];
    if valid.segment != Segment::HighTouch && rng.random_bool(0.5) {
        team.push(csms[rng.random_range(0..csms.len())]);
    }
    team.push(member_ids[3 + rng.random_range(0..2)]);
    team.dedup();
    for member in team {
        rows.team.push([v(id), v(member)]);
    }
    if rng.random_bool(0.12) {
        let start = kickoff + Days::new(rng.random_range(5..60));
        let end = (!rng.random_bool(0.2)).then(|| start + Days::new(rng.random_range(7..45)));
        if start < today {
            let hold = rows.holds.next_id();
            rows.holds
                .push([v(hold), v(id), v(start), v(end.filter(|e| *e < today))]);
        }
    }
}

/// The three first goals (moved along as far as `today` allows) and the playbook's own
/// milestones; their ids by due date.
fn add_milestones(
    rows: &mut Rows,
    rng: &mut ChaCha8Rng,
    id: i64,
    valid: &ValidProject,
    body: &PlaybookBody,
    today: NaiveDate,
) -> Vec<i64> {
    let kickoff = valid.kickoff_date;
    let mut goals = Vec::new();
    for (horizon, chance) in [
        (Horizon::OneMonth, 0.85),
        (Horizon::ThreeMonths, 0.75),
        (Horizon::OneYear, 0.7),
    ] {
        goals.push((horizon, first_goal(rng, horizon, chance, valid, today)));
    }
    let mut milestone_ids = Vec::new();
    for horizon in Horizon::ALL {
        // The playbook's goal for the horizon (the last one given wins, as when it is applied).
        let template = body.milestones.iter().rfind(|m| m.horizon == Some(horizon));
        let (status, on) = goals
            .iter()
            .find(|(h, _)| *h == horizon)
            .map_or(("planned", None), |(_, g)| *g);
        let goal = template.map(|m| m.goal.clone()).unwrap_or_default();
        let criterion = template.map(|m| m.criterion.clone()).unwrap_or_default();
        let milestone = rows.milestones.next_id();
        milestone_ids.push((horizon.due_date(kickoff), milestone));
        rows.milestones.push([
            v(milestone),
            v(id),
            v(horizon.as_str()),
            v(""),
            v(horizon.due_date(kickoff)),
            v(false),
            v(goal),
            v(criterion),
            v(status),
            v(on),
            v(if on.is_some() { "Usage report" } else { "" }),
        ]);
    }
    for m in &body.milestones {
        if m.horizon.is_some() {
            continue;
        }
        let milestone = rows.milestones.next_id();
        let due = after(kickoff, m.due_in_days.unwrap_or(0));
        let early = due - Days::new(rng.random_range(0..10));
        // Only a goal with a criterion can be marked achieved.
        let chance = if m.criterion.is_empty() { 0.0 } else { 0.8 };
        let (status, on) = decided(rng, due, early.max(kickoff), chance, kickoff, today);
        milestone_ids.push((due, milestone));
        rows.milestones.push([
            v(milestone),
            v(id),
            v(None::<i64>),
            v(m.title.clone()),
            v(due),
            v(true),
            v(m.goal.clone()),
            v(m.criterion.clone()),
            v(status),
            v(on),
            v(if on.is_some() { "Usage report" } else { "" }),
        ]);
    }
    milestone_ids.sort_unstable();
    milestone_ids.into_iter().map(|(_, id)| id).collect()
}

/// The playbook's stages, entered one after the other up to `today`, with their actions (done in
/// the stages left).
fn add_stages(
    rows: &mut Rows,
    rng: &mut ChaCha8Rng,
    id: i64,
    valid: &ValidProject,
    body: &PlaybookBody,
    today: NaiveDate,
) {
    let kickoff = valid.kickoff_date;
    // Stage 1 is entered on the contract date; each later one the day the previous one is left.
    let mut entered_on = vec![None; body.stages.len()];
    let mut exited_on = vec![None; body.stages.len()];
    if let Some(first) = entered_on.first_mut() {
        *first = Some(valid.contract_date);
    }
    let mut entered = valid.contract_date;
    for position in 1..body.stages.len() {
        let left = entered + Days::new(rng.random_range(7..50));
        if left >= today || rng.random_bool(0.15) {
            break;
        }
        exited_on[position - 1] = Some(left);
        entered_on[position] = Some(left);
        entered = left;
    }
    for (i, stage) in body.stages.iter().enumerate() {
        let stage_id = rows.stages.next_id();
        rows.stages.push([
            v(stage_id),
            v(id),
            v(i as i64 + 1),
            v(stage.name.clone()),
            v(stage.definition.clone()),
            v(stage.exit_criteria.clone()),
            v(entered_on[i]),
            v(exited_on[i]),
        ]);
        for (j, action) in stage.actions.iter().enumerate() {
            let due = after(kickoff, action.due_in_days);
            let done = exited_on[i].map(|_| due);
            let action_id = rows.actions.next_id();
            rows.actions.push([
                v(action_id),
                v(stage_id),
                v(j as i64 + 1),
                v(action.title.clone()),
                v(action.department.clone()),
                v(due),
                v(done),
            ]);
        }
    }
}
