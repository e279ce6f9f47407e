//! Demo stakeholders for the demo generator: 5–12 people per project across departments and
//! levels, with roles, key persons, heat entries and 20–80 touchpoints. Deterministic per project.

use chrono::{Days, NaiveDate};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use sqlx::SqliteConnection;

use super::{Level, ProjectRole, TouchKind};
use crate::error::Result;

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

/// Adds demo stakeholders and touchpoints to a project on the caller's transaction.
pub async fn add(
    conn: &mut SqliteConnection,
    project_id: i64,
    customer_name: &str,
    kickoff: NaiveDate,
    seed: u64,
) -> Result<()> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed ^ (project_id as u64).rotate_left(17));
    let japanese = !customer_name.is_ascii();
    let (names, departments) = if japanese {
        (JA_NAMES, JA_DEPARTMENTS)
    } else {
        (EN_NAMES, EN_DEPARTMENTS)
    };
    let count = rng.random_range(5..=12usize);
    let start = rng.random_range(0..names.len());
    let mut ids = Vec::with_capacity(count);
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
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO stakeholders (project_id, position, name, title, department, level, \
             influence, roles, key_person, attended_kickoff, created_at, updated_at) \
             VALUES (?1, ?2, ?3, '', ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?10) RETURNING id",
        )
        .bind(project_id)
        .bind(i as i64 + 1)
        .bind(names[(start + i) % names.len()])
        .bind(
            departments[if i == 0 {
                0
            } else {
                rng.random_range(0..departments.len())
            }],
        )
        .bind(level.as_str())
        .bind(if i == 0 {
            5
        } else {
            rng.random_range(1..=5i64)
        })
        .bind(roles)
        .bind(i == 1 || rng.random_bool(0.15))
        .bind(i != 0 || rng.random_bool(0.5))
        .bind(kickoff)
        .fetch_one(&mut *conn)
        .await?;
        for week in 0..2u64 {
            sqlx::query(
                "INSERT INTO heat_entries (stakeholder_id, recorded_on, heat) VALUES (?1, ?2, ?3)",
            )
            .bind(id)
            .bind(kickoff + Days::new(week * 14))
            .bind(rng.random_range(1..=5i64))
            .execute(&mut *conn)
            .await?;
        }
        ids.push(id);
    }
    for _ in 0..rng.random_range(20..=80) {
        let touchpoint: i64 = sqlx::query_scalar(
            "INSERT INTO touchpoints (project_id, kind, touched_on, note) VALUES (?1, ?2, ?3, '') \
             RETURNING id",
        )
        .bind(project_id)
        .bind(TouchKind::ALL[rng.random_range(0..TouchKind::ALL.len())].as_str())
        .bind(kickoff + Days::new(rng.random_range(0..60)))
        .fetch_one(&mut *conn)
        .await?;
        // One to three people per touchpoint (a call, a meeting), distinct.
        let first = rng.random_range(0..ids.len());
        for k in 0..rng.random_range(1..=3usize).min(ids.len()) {
            sqlx::query(
                "INSERT INTO touchpoint_participants (touchpoint_id, stakeholder_id) VALUES (?1, ?2)",
            )
            .bind(touchpoint)
            .bind(ids[(first + k) % ids.len()])
            .execute(&mut *conn)
            .await?;
        }
    }
    Ok(())
}
