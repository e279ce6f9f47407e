//! The file setting behind the "not touched for N days" rule.

use super::{DEFAULT_UNTOUCHED_DAYS, MAX_UNTOUCHED_DAYS};
use crate::db::Db;
use crate::error::Result;
use crate::validation::Checker;

pub(crate) const UNTOUCHED_DAYS_KEY: &str = "risks.untouched_days";

pub async fn untouched_days(db: &Db) -> Result<u32> {
    Ok(crate::db::file_settings::get(db, UNTOUCHED_DAYS_KEY)
        .await?
        .unwrap_or(DEFAULT_UNTOUCHED_DAYS))
}

/// Sets N of "a key person has not been touched for N days" for the whole file (1–365).
pub async fn set_untouched_days(db: &Db, days: i64) -> Result<u32> {
    let mut check = Checker::new();
    check.score("untouched_days", days, i64::from(MAX_UNTOUCHED_DAYS));
    check.finish(|| ())?;
    let days = u32::try_from(days).unwrap_or(DEFAULT_UNTOUCHED_DAYS);
    crate::db::file_settings::set(db, UNTOUCHED_DAYS_KEY, &days).await?;
    Ok(days)
}
