//! Deterministic demo data: the same seed always writes the same projects, with Japanese and
//! English customer names mixed, so demos, screenshots and benchmarks are reproducible.

use chrono::{Days, NaiveDate, TimeZone, Utc};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

use crate::db::Db;
use crate::error::{CoreError, Result};
use crate::projects::{Segment, ValidProject, insert};

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
    let start = NaiveDate::from_ymd_opt(2024, 1, 1).unwrap_or_default();
    let now = Utc
        .with_ymd_and_hms(2026, 1, 1, 9, 0, 0)
        .single()
        .unwrap_or_default();
    for i in 0..projects {
        let pool = if rng.random_bool(0.5) {
            JA_COMPANIES
        } else {
            EN_COMPANIES
        };
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
    }
    tx.commit().await?;
    Ok(projects)
}
