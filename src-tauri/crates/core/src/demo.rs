//! Deterministic demo data: the same seed always writes the same projects, with Japanese and
//! English customer names mixed, so demos, screenshots and benchmarks are reproducible. Each
//! project follows a built-in playbook (stages, actions, first goals), has team members, and is
//! as far along as its dates allow on the demo's "today" (2026-01-01): some stages left, some
//! first goals achieved, some on-hold periods — and a journey with two revisions.

use chrono::{Days, NaiveDate, TimeZone, Utc};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use crate::db::Db;
use crate::error::{CoreError, Result};
use crate::milestones::Horizon;
use crate::playbooks::{self, PlaybookBody};
use crate::projects::{Segment, ValidProject, insert};
use crate::settings::Language;

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

/// Writes `projects` demo projects into an empty database. Refuses a file that already holds
/// projects, so demo data never mixes with real data.
pub async fn generate(db: &Db, projects: usize, seed: u64) -> Result<usize> {
    let mut tx = db.begin_write().await?;
    let existing: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM projects")
        .fetch_one(&mut *tx)
        .await?;
    if existing > 0 {
        return Err(CoreError::Unavailable(format!(
            "{} already holds {existing} projects; demo data is only written into a new or empty file",
            db.path().display()
        )));
    }
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
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
        .fetch_one(&mut *tx)
        .await?;
        member_ids.push(id);
    }
    let playbook = |key: &str, lang| {
        playbooks::builtin(key, lang)
            .ok_or_else(|| CoreError::Unavailable(format!("built-in playbook {key} is missing")))
    };
    let enterprise = [
        playbook("enterprise_high_touch", Language::En)?,
        playbook("enterprise_high_touch", Language::Ja)?,
    ];
    let low_touch = [
        playbook("low_touch", Language::En)?,
        playbook("low_touch", Language::Ja)?,
    ];
    let today = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap_or_default();
    let start = NaiveDate::from_ymd_opt(2024, 1, 1).unwrap_or_default();
    let now = Utc
        .with_ymd_and_hms(2026, 1, 1, 9, 0, 0)
        .single()
        .unwrap_or_default();
    for i in 0..projects {
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
        let id = insert(&mut tx, &valid, now).await?;
        crate::stakeholders::demo::add(&mut tx, id, &valid.customer_name, valid.kickoff_date, seed)
            .await?;
        let body = match valid.segment {
            Segment::HighTouch => &enterprise[usize::from(japanese)],
            _ => &low_touch[usize::from(japanese)],
        };
        crate::stages::apply_template(&mut tx, id, valid.contract_date, valid.kickoff_date, body)
            .await?;
        progress(&mut tx, &mut rng, id, &valid, body, &member_ids, today).await?;
        crate::journey::demo::add(&mut tx, id, japanese, now, seed).await?;
    }
    tx.commit().await?;
    Ok(projects)
}

/// Moves a demo project along as far as its dates allow on `today`: team, hold, first goals,
/// stages and the actions of the stages it has left.
async fn progress(
    conn: &mut sqlx::SqliteConnection,
    rng: &mut ChaCha8Rng,
    id: i64,
    valid: &ValidProject,
    body: &PlaybookBody,
    member_ids: &[i64],
    today: NaiveDate,
) -> Result<()> {
    // Strategic (high-touch) accounts keep one CSM; the others share the pool.
    let csms = &member_ids[..3];
    let mut team = vec![csms[rng.random_range(0..csms.len())]];
    if valid.segment != Segment::HighTouch && rng.random_bool(0.5) {
        team.push(csms[rng.random_range(0..csms.len())]);
    }
    team.push(member_ids[3 + rng.random_range(0..2)]);
    for member in team {
        sqlx::query("INSERT OR IGNORE INTO project_team (project_id, member_id) VALUES (?1, ?2)")
            .bind(id)
            .bind(member)
            .execute(&mut *conn)
            .await?;
    }
    if rng.random_bool(0.12) {
        let start = valid.kickoff_date + Days::new(rng.random_range(5..60));
        let end = (!rng.random_bool(0.2)).then(|| start + Days::new(rng.random_range(7..45)));
        if start < today {
            sqlx::query(
                "INSERT INTO project_holds (project_id, start_date, end_date) VALUES (?1, ?2, ?3)",
            )
            .bind(id)
            .bind(start)
            .bind(end.filter(|e| *e < today))
            .execute(&mut *conn)
            .await?;
        }
    }
    for (horizon, chance) in [(Horizon::OneMonth, 0.75), (Horizon::ThreeMonths, 0.55)] {
        let due = horizon.due_date(valid.kickoff_date);
        let early = i64::from(horizon.months()) * 30 - 10;
        let achieved = valid.kickoff_date
            + Days::new(u64::try_from(early).unwrap_or(20) + rng.random_range(0..25));
        let roll: f64 = rng.random();
        let (status, on) = if achieved < today && roll < chance {
            ("achieved", Some(achieved))
        } else if due < today && roll > 0.93 {
            ("missed", None)
        } else if valid.kickoff_date < today {
            ("in_progress", None)
        } else {
            ("planned", None)
        };
        sqlx::query(
            "UPDATE milestones SET status = ?3, achieved_on = ?4, \
             evidence = CASE WHEN ?4 IS NULL THEN '' ELSE 'Usage report' END \
             WHERE project_id = ?1 AND horizon = ?2",
        )
        .bind(id)
        .bind(horizon.as_str())
        .bind(status)
        .bind(on)
        .execute(&mut *conn)
        .await?;
    }
    let mut entered = valid.contract_date;
    for position in 1..body.stages.len() as i64 {
        let left = entered + Days::new(rng.random_range(7..50));
        if left >= today || rng.random_bool(0.15) {
            break;
        }
        sqlx::query(
            "UPDATE project_stages SET exited_on = ?3 WHERE project_id = ?1 AND position = ?2",
        )
        .bind(id)
        .bind(position)
        .bind(left)
        .execute(&mut *conn)
        .await?;
        sqlx::query(
            "UPDATE project_stages SET entered_on = ?3 WHERE project_id = ?1 AND position = ?2",
        )
        .bind(id)
        .bind(position + 1)
        .bind(left)
        .execute(&mut *conn)
        .await?;
        entered = left;
    }
    sqlx::query(
        "UPDATE stage_actions SET done_on = COALESCE(due_date, ?2) WHERE stage_id IN \
         (SELECT id FROM project_stages WHERE project_id = ?1 AND exited_on IS NOT NULL)",
    )
    .bind(id)
    .bind(entered)
    .execute(&mut *conn)
    .await?;
    Ok(())
}
