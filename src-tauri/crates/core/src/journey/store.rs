//! SQL for journeys. The document is stored as JSON in one column: the editor saves it whole,
//! revisions snapshot it whole, and its integrity (lanes, steps, connections, milestone links) is
//! checked by [`JourneyDoc::validate`] before every write. Each save claims the journey's own
//! version, so a stale editor gets a conflict instead of overwriting a newer diagram.

use std::collections::HashMap;

use chrono::{DateTime, Duration, NaiveDate, Utc};
use sqlx::sqlite::SqliteRow;
use sqlx::{Row, SqliteConnection};

use super::{
    Journey, JourneyDoc, JourneySummary, JourneyView, NewJourney, REVIEW_AFTER_DAYS, check_name,
    default_doc, file, layout,
};
use crate::db::Db;
use crate::error::{CoreError, Result};

const COLUMNS: &str = "j.id, j.project_id, j.name, j.content, j.version, j.created_at, \
     j.updated_at, (SELECT MAX(r.created_at) FROM journey_revisions r WHERE r.journey_id = j.id) \
     AS last_revision_at";

pub(super) fn decode_doc(text: &str) -> Result<JourneyDoc> {
    serde_json::from_str(text).map_err(|e| {
        CoreError::Storage(sqlx::Error::Decode(
            format!("stored journey content: {e}").into(),
        ))
    })
}

pub(crate) fn encode_doc(doc: &JourneyDoc) -> String {
    serde_json::to_string(doc).unwrap_or_default()
}

fn journey_from_row(row: &SqliteRow) -> Result<Journey> {
    let content: String = row.try_get("content")?;
    Ok(Journey {
        id: row.try_get("id")?,
        project_id: row.try_get("project_id")?,
        name: row.try_get("name")?,
        doc: decode_doc(&content)?,
        version: row.try_get("version")?,
        created_at: row.try_get("created_at")?,
        updated_at: row.try_get("updated_at")?,
        last_revision_at: row.try_get("last_revision_at")?,
    })
}

pub(super) async fn load(conn: &mut SqliteConnection, id: i64) -> Result<Journey> {
    let sql = format!("SELECT {COLUMNS} FROM journeys j WHERE j.id = ?1");
    let row = sqlx::query(&sql)
        .bind(id)
        .fetch_optional(&mut *conn)
        .await?
        .ok_or(CoreError::NotFound {
            entity: "journey",
            id,
        })?;
    journey_from_row(&row)
}

pub(super) fn view(journey: Journey) -> JourneyView {
    let layout = layout(&journey.doc);
    JourneyView { journey, layout }
}

/// The milestone ids a step of a journey in `project_id` may link to (none for templates).
pub(super) async fn milestone_ids(
    conn: &mut SqliteConnection,
    project_id: Option<i64>,
) -> Result<Vec<i64>> {
    let Some(project_id) = project_id else {
        return Ok(Vec::new());
    };
    Ok(
        sqlx::query_scalar("SELECT id FROM milestones WHERE project_id = ?1")
            .bind(project_id)
            .fetch_all(&mut *conn)
            .await?,
    )
}

async fn check_project(conn: &mut SqliteConnection, project_id: Option<i64>) -> Result<()> {
    if let Some(id) = project_id {
        let found: Option<i64> = sqlx::query_scalar("SELECT id FROM projects WHERE id = ?1")
            .bind(id)
            .fetch_optional(&mut *conn)
            .await?;
        found.ok_or(CoreError::NotFound {
            entity: "project",
            id,
        })?;
    }
    Ok(())
}

pub(super) async fn insert(
    conn: &mut SqliteConnection,
    project_id: Option<i64>,
    name: &str,
    doc: &JourneyDoc,
    at: DateTime<Utc>,
) -> Result<i64> {
    Ok(sqlx::query_scalar(
        "INSERT INTO journeys (project_id, name, content, created_at, updated_at) \
         VALUES (?1, ?2, ?3, ?4, ?4) RETURNING id",
    )
    .bind(project_id)
    .bind(name)
    .bind(encode_doc(doc))
    .bind(at)
    .fetch_one(&mut *conn)
    .await?)
}

/// Creates a journey in a project (or a template), with the default lanes or a template's
/// content. Milestone links are dropped when copying: they belong to the template's project.
pub async fn create(db: &Db, input: &NewJourney) -> Result<JourneyView> {
    let name = check_name("name", &input.name)?;
    let mut tx = db.begin_write().await?;
    check_project(&mut tx, input.project_id).await?;
    let doc = match input.template_id {
        Some(template) => {
            let mut doc = load(&mut tx, template).await?.doc;
            for step in &mut doc.steps {
                step.milestone_id = None;
            }
            doc
        }
        None => default_doc(input.language),
    };
    let id = insert(&mut tx, input.project_id, &name, &doc, Utc::now()).await?;
    let journey = load(&mut tx, id).await?;
    tx.commit().await?;
    Ok(view(journey))
}

pub async fn get(db: &Db, id: i64) -> Result<JourneyView> {
    let mut conn = db.pool().acquire().await?;
    Ok(view(load(&mut conn, id).await?))
}

/// Whether a journey last revised at `last_revision_at` (or created at `created_at`, if never
/// revised) is due for its weekly review at `now`.
pub fn needs_review(
    last_revision_at: Option<DateTime<Utc>>,
    created_at: DateTime<Utc>,
    now: DateTime<Utc>,
) -> bool {
    now - last_revision_at.unwrap_or(created_at) > Duration::days(REVIEW_AFTER_DAYS)
}

/// The same rule counted in local days, for views that judge everything on one `today`: a
/// journey last reviewed (or created, if never revised) on `last_reviewed` is due for its weekly
/// review when that was more than [`REVIEW_AFTER_DAYS`] days before `today`.
pub fn review_overdue_on(last_reviewed: NaiveDate, today: NaiveDate) -> bool {
    (today - last_reviewed).num_days() > REVIEW_AFTER_DAYS
}

/// The names of the journeys `ids`, by id (unknown ids left out).
pub async fn names_of(db: &Db, ids: &[i64]) -> Result<HashMap<i64, String>> {
    let ids = serde_json::to_string(ids).unwrap_or_else(|_| "[]".to_owned());
    let rows =
        sqlx::query("SELECT id, name FROM journeys WHERE id IN (SELECT value FROM json_each(?1))")
            .bind(ids)
            .fetch_all(db.pool())
            .await?;
    rows.iter()
        .map(|row| Ok((row.try_get("id")?, row.try_get("name")?)))
        .collect()
}

/// The journeys of a project, or the templates when `project_id` is `None`, by name.
pub async fn list(db: &Db, project_id: Option<i64>) -> Result<Vec<JourneySummary>> {
    let sql =
        format!("SELECT {COLUMNS} FROM journeys j WHERE j.project_id IS ?1 ORDER BY j.name, j.id");
    let rows = sqlx::query(&sql)
        .bind(project_id)
        .fetch_all(db.pool())
        .await?;
    let now = Utc::now();
    rows.iter()
        .map(|row| {
            let j = journey_from_row(row)?;
            Ok(JourneySummary {
                id: j.id,
                project_id: j.project_id,
                name: j.name,
                step_count: u32::try_from(j.doc.steps.len()).unwrap_or(u32::MAX),
                updated_at: j.updated_at,
                last_revision_at: j.last_revision_at,
                needs_review: needs_review(j.last_revision_at, j.created_at, now),
            })
        })
        .collect()
}

/// Saves the whole diagram as edited on `expected_version`.
pub async fn save(
    db: &Db,
    id: i64,
    expected_version: i64,
    name: &str,
    doc: &JourneyDoc,
) -> Result<JourneyView> {
    let name = check_name("name", name)?;
    let mut tx = db.begin_write().await?;
    let current = load(&mut tx, id).await?;
    let milestones = milestone_ids(&mut tx, current.project_id).await?;
    let doc = doc.validate(&milestones)?;
    claim_version(&mut tx, id, expected_version).await?;
    sqlx::query("UPDATE journeys SET name = ?2, content = ?3 WHERE id = ?1")
        .bind(id)
        .bind(&name)
        .bind(encode_doc(&doc))
        .execute(&mut *tx)
        .await?;
    let journey = load(&mut tx, id).await?;
    tx.commit().await?;
    Ok(view(journey))
}

/// Bumps the journey's version if it is still at `expected_version`, else reports a conflict.
pub(super) async fn claim_version(
    conn: &mut SqliteConnection,
    id: i64,
    expected_version: i64,
) -> Result<()> {
    let done = sqlx::query(
        "UPDATE journeys SET version = version + 1, updated_at = ?3 WHERE id = ?1 AND version = ?2",
    )
    .bind(id)
    .bind(expected_version)
    .bind(Utc::now())
    .execute(&mut *conn)
    .await?;
    if done.rows_affected() == 1 {
        return Ok(());
    }
    let current = load(conn, id).await?;
    Err(CoreError::Conflict {
        entity: "journey",
        id,
        current_version: current.version,
    })
}

/// Deletes a journey and its revisions.
pub async fn delete(db: &Db, id: i64) -> Result<()> {
    let done = sqlx::query("DELETE FROM journeys WHERE id = ?1")
        .bind(id)
        .execute(db.pool())
        .await?;
    if done.rows_affected() == 0 {
        return Err(CoreError::NotFound {
            entity: "journey",
            id,
        });
    }
    Ok(())
}

/// Creates a journey from a JSON file's text. A malformed file is refused with the place of the
/// problem and nothing is written. Milestone links that do not belong to the target project (the
/// file came from another project or file) are dropped.
pub async fn import_json(db: &Db, project_id: Option<i64>, text: &str) -> Result<JourneyView> {
    let (name, mut doc) = file::from_json(text)?;
    let name = check_name("name", &name)?;
    let mut tx = db.begin_write().await?;
    check_project(&mut tx, project_id).await?;
    let milestones = milestone_ids(&mut tx, project_id).await?;
    for step in &mut doc.steps {
        step.milestone_id = step.milestone_id.filter(|m| milestones.contains(m));
    }
    let doc = doc.validate(&milestones)?;
    let id = insert(&mut tx, project_id, &name, &doc, Utc::now()).await?;
    let journey = load(&mut tx, id).await?;
    tx.commit().await?;
    Ok(view(journey))
}

/// Creates a journey from a JSON file on disk (see [`import_json`]).
pub async fn import_json_file(
    db: &Db,
    project_id: Option<i64>,
    path: &std::path::Path,
) -> Result<JourneyView> {
    crate::db::files::check_input_file(path)?;
    let text = tokio::fs::read_to_string(path)
        .await
        .map_err(|source| CoreError::Io {
            context: format!("cannot read {}", path.display()),
            source,
        })?;
    import_json(db, project_id, &text).await
}
