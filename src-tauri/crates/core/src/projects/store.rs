//! SQL for projects and their milestones. Every statement binds its parameters; writes that
//! belong together run in one transaction.

use chrono::{DateTime, NaiveDate, Utc};
use sqlx::sqlite::SqliteRow;
use sqlx::{Row, SqliteConnection};

use super::{Project, ProjectDetail, ProjectInput, Segment, ValidProject};
use crate::db::Db;
use crate::db::rows::claim_version;
use crate::db::rows::corrupt;
use crate::error::{CoreError, Result};
use crate::milestones::{Horizon, Milestone, MilestoneStatus};

pub(super) const PROJECT_COLUMNS: &str = "id, customer_name, contract_date, kickoff_date, segment, owner, \
     archived_at, created_at, updated_at, version";

pub(super) fn project_from_row(row: &SqliteRow) -> Result<Project> {
    let segment: String = row.try_get("segment")?;
    Ok(Project {
        id: row.try_get("id")?,
        customer_name: row.try_get("customer_name")?,
        contract_date: row.try_get("contract_date")?,
        kickoff_date: row.try_get("kickoff_date")?,
        segment: Segment::parse(&segment).ok_or_else(|| corrupt("segment", &segment))?,
        owner: row.try_get("owner")?,
        archived_at: row.try_get("archived_at")?,
        created_at: row.try_get("created_at")?,
        updated_at: row.try_get("updated_at")?,
        version: row.try_get("version")?,
    })
}

/// The milestone columns [`milestone_from_row`] reads.
pub(crate) const MILESTONE_COLUMNS: &str = "id, project_id, horizon, title, due_date, \
     due_date_manual, due_date_reason, goal, criterion, status, achieved_on, evidence, \
     customer_owner, internal_owner_id";

pub(crate) fn milestone_from_row(row: &SqliteRow) -> Result<Milestone> {
    let horizon: Option<String> = row.try_get("horizon")?;
    let horizon = match horizon {
        Some(h) => Some(Horizon::parse(&h).ok_or_else(|| corrupt("horizon", &h))?),
        None => None,
    };
    let status: String = row.try_get("status")?;
    Ok(Milestone {
        id: row.try_get("id")?,
        project_id: row.try_get("project_id")?,
        horizon,
        title: row.try_get("title")?,
        due_date: row.try_get("due_date")?,
        due_date_manual: row.try_get("due_date_manual")?,
        due_date_reason: row.try_get("due_date_reason")?,
        goal: row.try_get("goal")?,
        criterion: row.try_get("criterion")?,
        status: MilestoneStatus::parse(&status).ok_or_else(|| corrupt("status", &status))?,
        achieved_on: row.try_get("achieved_on")?,
        evidence: row.try_get("evidence")?,
        customer_owner: row.try_get("customer_owner")?,
        internal_owner_id: row.try_get("internal_owner_id")?,
    })
}

/// Horizons first (1 month, 3 months, 1 year), then custom milestones by due date.
pub(crate) fn milestone_order(m: &Milestone) -> (u32, NaiveDate, i64) {
    (m.horizon.map_or(u32::MAX, |h| h.months()), m.due_date, m.id)
}

/// Projects ordered by kickoff date, newest first; archived ones only when asked.
pub async fn list(db: &Db, include_archived: bool) -> Result<Vec<Project>> {
    let sql = format!(
        "SELECT {PROJECT_COLUMNS} FROM projects WHERE ?1 OR archived_at IS NULL \
         ORDER BY kickoff_date DESC, id DESC"
    );
    let rows = sqlx::query(&sql)
        .bind(include_archived)
        .fetch_all(db.pool())
        .await?;
    rows.iter().map(project_from_row).collect()
}

pub async fn get(db: &Db, id: i64) -> Result<ProjectDetail> {
    let mut conn = db.pool().acquire().await?;
    load_detail(&mut conn, id).await
}

pub(crate) async fn load_project(conn: &mut SqliteConnection, id: i64) -> Result<Project> {
    let sql = format!("SELECT {PROJECT_COLUMNS} FROM projects WHERE id = ?1");
    let row = sqlx::query(&sql)
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?
        .ok_or(CoreError::NotFound {
            entity: "project",
            id,
        })?;
    project_from_row(&row)
}

pub(crate) async fn load_detail(conn: &mut SqliteConnection, id: i64) -> Result<ProjectDetail> {
    let project = load_project(conn, id).await?;
    let sql = format!("SELECT {MILESTONE_COLUMNS} FROM milestones WHERE project_id = ?1");
    let rows = sqlx::query(&sql).bind(id).fetch_all(&mut *conn).await?;
    let mut milestones = rows
        .iter()
        .map(milestone_from_row)
        .collect::<Result<Vec<_>>>()?;
    milestones.sort_by_key(milestone_order);
    Ok(ProjectDetail {
        project,
        milestones,
    })
}

/// Creates a project and its three milestones in one transaction.
pub async fn create(db: &Db, input: &ProjectInput) -> Result<ProjectDetail> {
    let valid = input.validate()?;
    let mut tx = db.begin_write().await?;
    let id = insert(&mut tx, &valid, Utc::now()).await?;
    let detail = load_detail(&mut tx, id).await?;
    tx.commit().await?;
    Ok(detail)
}

/// Inserts a validated project and its milestones on the caller's connection (or transaction).
pub(crate) async fn insert(
    conn: &mut SqliteConnection,
    valid: &ValidProject,
    now: DateTime<Utc>,
) -> Result<i64> {
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO projects (customer_name, contract_date, kickoff_date, segment, owner, \
         created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6) RETURNING id",
    )
    .bind(&valid.customer_name)
    .bind(valid.contract_date)
    .bind(valid.kickoff_date)
    .bind(valid.segment.as_str())
    .bind(&valid.owner)
    .bind(now)
    .fetch_one(&mut *conn)
    .await?;
    for horizon in Horizon::ALL {
        sqlx::query("INSERT INTO milestones (project_id, horizon, due_date) VALUES (?1, ?2, ?3)")
            .bind(id)
            .bind(horizon.as_str())
            .bind(horizon.due_date(valid.kickoff_date))
            .execute(&mut *conn)
            .await?;
    }
    Ok(id)
}

/// Saves an edit made on `expected_version`. Milestones whose date was not set by hand follow a
/// changed kickoff date.
pub async fn update(
    db: &Db,
    id: i64,
    expected_version: i64,
    input: &ProjectInput,
) -> Result<ProjectDetail> {
    let valid = input.validate()?;
    let mut tx = db.begin_write().await?;
    claim_version(&mut tx, id, expected_version, Utc::now()).await?;
    sqlx::query(
        "UPDATE projects SET customer_name = ?2, contract_date = ?3, kickoff_date = ?4, \
         segment = ?5, owner = ?6 WHERE id = ?1",
    )
    .bind(id)
    .bind(&valid.customer_name)
    .bind(valid.contract_date)
    .bind(valid.kickoff_date)
    .bind(valid.segment.as_str())
    .bind(&valid.owner)
    .execute(&mut *tx)
    .await?;
    for horizon in Horizon::ALL {
        sqlx::query(
            "UPDATE milestones SET due_date = ?3 \
             WHERE project_id = ?1 AND horizon = ?2 AND due_date_manual = 0",
        )
        .bind(id)
        .bind(horizon.as_str())
        .bind(horizon.due_date(valid.kickoff_date))
        .execute(&mut *tx)
        .await?;
    }
    let detail = load_detail(&mut tx, id).await?;
    tx.commit().await?;
    Ok(detail)
}

/// Archives (or restores) a project. Archived projects leave the default list but keep all data.
pub async fn set_archived(
    db: &Db,
    id: i64,
    expected_version: i64,
    archived: bool,
) -> Result<ProjectDetail> {
    let now = Utc::now();
    let mut tx = db.begin_write().await?;
    claim_version(&mut tx, id, expected_version, now).await?;
    sqlx::query("UPDATE projects SET archived_at = ?2 WHERE id = ?1")
        .bind(id)
        .bind(archived.then_some(now))
        .execute(&mut *tx)
        .await?;
    let detail = load_detail(&mut tx, id).await?;
    tx.commit().await?;
    Ok(detail)
}
