//! The kickoff: the adoption purpose (導入目的) and who agreed to it. The kickoff summary the
//! lead mails to the customer team afterwards is an output of the board
//! ([`crate::board::summary`]).

use std::collections::HashMap;

use chrono::{NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use specta::Type;
use sqlx::{Row, SqliteConnection};

use crate::db::Db;
use crate::db::rows::{Scope, claim_version};
use crate::error::Result;
use crate::validation::{Checker, MAX_TEXT_CHARS};

/// The changes that answer with the board, and the summary, where callers of kickoff look for
/// them.
pub use crate::board::changes::{set_agreement, set_purpose};
pub use crate::board::summary::{summary_html, summary_markdown};
pub use crate::board::{export_summary, summary};

/// A stakeholder's agreement to the adoption purpose.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct Agreement {
    pub project_id: i64,
    pub stakeholder_id: i64,
    pub agreed_on: NaiveDate,
}

/// The summary's file formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum SummaryFormat {
    Markdown,
    Html,
    /// A4, text selectable.
    Pdf,
}

pub(crate) async fn load_purposes(
    conn: &mut SqliteConnection,
    scope: Scope<'_>,
) -> Result<HashMap<i64, String>> {
    let sql = format!(
        "SELECT project_id, purpose FROM adoption_purposes WHERE {}",
        scope.condition("project_id")
    );
    let rows: Vec<(i64, String)> = sqlx::query_as(&sql)
        .bind(scope.param())
        .fetch_all(&mut *conn)
        .await?;
    Ok(rows.into_iter().collect())
}

pub(crate) async fn load_agreements(
    conn: &mut SqliteConnection,
    scope: Scope<'_>,
) -> Result<Vec<Agreement>> {
    let sql = format!(
        "SELECT a.project_id, a.stakeholder_id, a.agreed_on FROM purpose_agreements a \
         JOIN stakeholders s ON s.id = a.stakeholder_id WHERE {} \
         ORDER BY a.project_id, s.position, s.id",
        scope.condition("a.project_id")
    );
    let rows = sqlx::query(&sql)
        .bind(scope.param())
        .fetch_all(&mut *conn)
        .await?;
    rows.iter()
        .map(|row| {
            Ok(Agreement {
                project_id: row.try_get("project_id")?,
                stakeholder_id: row.try_get("stakeholder_id")?,
                agreed_on: row.try_get("agreed_on")?,
            })
        })
        .collect()
}

/// Records the adoption purpose ("you adopted this because…"); empty clears it.
/// Returns the project whose board changed.
pub(crate) async fn record_purpose(
    db: &Db,
    project_id: i64,
    expected_version: i64,
    purpose: &str,
) -> Result<i64> {
    let mut check = Checker::new();
    let purpose = check.text("purpose", purpose, MAX_TEXT_CHARS, false);
    check.finish(|| ())?;
    let mut tx = db.begin_write().await?;
    claim_version(&mut tx, project_id, expected_version, Utc::now()).await?;
    sqlx::query(
        "INSERT INTO adoption_purposes (project_id, purpose) VALUES (?1, ?2) \
         ON CONFLICT (project_id) DO UPDATE SET purpose = excluded.purpose",
    )
    .bind(project_id)
    .bind(&purpose)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(project_id)
}

/// Records that a stakeholder agreed to the purpose on a date, or with `None` withdraws it.
/// Returns the project whose board changed.
pub(crate) async fn record_agreement(
    db: &Db,
    stakeholder_id: i64,
    expected_version: i64,
    agreed_on: Option<&str>,
) -> Result<i64> {
    let date = match agreed_on {
        Some(text) => {
            let mut check = Checker::new();
            let date = check.date("agreed_on", text);
            Some(check.finish(|| date.unwrap_or_default())?)
        }
        None => None,
    };
    let mut tx = db.begin_write().await?;
    let project_id = crate::stakeholders::stakeholder_project(&mut tx, stakeholder_id).await?;
    claim_version(&mut tx, project_id, expected_version, Utc::now()).await?;
    match date {
        Some(date) => {
            sqlx::query(
                "INSERT INTO purpose_agreements (project_id, stakeholder_id, agreed_on) \
                 VALUES (?1, ?2, ?3) ON CONFLICT (project_id, stakeholder_id) \
                 DO UPDATE SET agreed_on = excluded.agreed_on",
            )
            .bind(project_id)
            .bind(stakeholder_id)
            .bind(date)
            .execute(&mut *tx)
            .await?;
        }
        None => {
            sqlx::query("DELETE FROM purpose_agreements WHERE stakeholder_id = ?1")
                .bind(stakeholder_id)
                .execute(&mut *tx)
                .await?;
        }
    }
    tx.commit().await?;
    Ok(project_id)
}
