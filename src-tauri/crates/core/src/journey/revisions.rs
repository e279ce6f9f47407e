//! Named revisions of a journey: snapshots taken at each review, viewable read-only, comparable
//! with each other, and restorable as a new state (nothing is overwritten: the work in progress
//! is kept as a revision of its own before a restore replaces it).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use specta::Type;
use sqlx::sqlite::SqliteRow;
use sqlx::{Row, SqliteConnection};

use super::diff::{Comparison, Mark, compare_docs};
use super::layout::{Layout, layout};
use super::store::{claim_version, decode_doc, encode_doc, load, view};
use super::svg::{Marks, to_svg, to_svg_marked};
use super::{JourneyDoc, JourneyView, check_name};
use crate::db::Db;
use crate::error::{CoreError, FieldCode, Result};

#[derive(Debug, Clone, PartialEq, Serialize, Type)]
pub struct Revision {
    pub id: i64,
    pub journey_id: i64,
    pub name: String,
    pub created_at: DateTime<Utc>,
    pub step_count: u32,
}

/// A revision opened read-only, with its picture.
#[derive(Debug, Clone, PartialEq, Serialize, Type)]
pub struct RevisionView {
    pub revision: Revision,
    pub journey_name: String,
    pub doc: JourneyDoc,
    pub layout: Layout,
    /// The picture, as exported.
    pub svg: String,
}

/// What restoring a revision asks for: the names of the revision made from the restored content
/// and of the one that keeps the work in progress (in the user's language).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct RestoreInput {
    pub revision_id: i64,
    pub expected_version: i64,
    pub name: String,
    pub backup_name: String,
}

fn revision_from_row(row: &SqliteRow) -> Result<(Revision, JourneyDoc)> {
    let content: String = row.try_get("content")?;
    let doc = decode_doc(&content)?;
    Ok((
        Revision {
            id: row.try_get("id")?,
            journey_id: row.try_get("journey_id")?,
            name: row.try_get("name")?,
            created_at: row.try_get("created_at")?,
            step_count: u32::try_from(doc.steps.len()).unwrap_or(u32::MAX),
        },
        doc,
    ))
}

async fn load_revision(conn: &mut SqliteConnection, id: i64) -> Result<(Revision, JourneyDoc)> {
    let row = sqlx::query(
        "SELECT id, journey_id, name, content, created_at FROM journey_revisions WHERE id = ?1",
    )
    .bind(id)
    .fetch_optional(&mut *conn)
    .await?
    .ok_or(CoreError::NotFound {
        entity: "revision",
        id,
    })?;
    revision_from_row(&row)
}

pub(super) async fn insert(
    conn: &mut SqliteConnection,
    journey_id: i64,
    name: &str,
    doc: &JourneyDoc,
    at: DateTime<Utc>,
) -> Result<i64> {
    Ok(sqlx::query_scalar(
        "INSERT INTO journey_revisions (journey_id, name, content, created_at) \
         VALUES (?1, ?2, ?3, ?4) RETURNING id",
    )
    .bind(journey_id)
    .bind(name)
    .bind(encode_doc(doc))
    .bind(at)
    .fetch_one(&mut *conn)
    .await?)
}

/// When a new revision of the journey is made: now, but never before its newest revision, so the
/// list (newest first, and of two made at the same moment the later one first) keeps the order
/// they were made in even if the clock steps back.
async fn next_stamp(conn: &mut SqliteConnection, journey_id: i64) -> Result<DateTime<Utc>> {
    let newest: Option<DateTime<Utc>> = sqlx::query_scalar(
        "SELECT created_at FROM journey_revisions WHERE journey_id = ?1 \
         ORDER BY created_at DESC, id DESC LIMIT 1",
    )
    .bind(journey_id)
    .fetch_optional(conn)
    .await?;
    let now = Utc::now();
    Ok(newest.map_or(now, |newest| newest.max(now)))
}

/// Snapshots the journey as it is now under `name`.
pub async fn save_revision(db: &Db, journey_id: i64, name: &str) -> Result<Revision> {
    let name = check_name("name", name)?;
    let mut tx = db.begin_write().await?;
    let journey = load(&mut tx, journey_id).await?;
    let at = next_stamp(&mut tx, journey_id).await?;
    let id = insert(&mut tx, journey_id, &name, &journey.doc, at).await?;
    let (revision, _) = load_revision(&mut tx, id).await?;
    tx.commit().await?;
    Ok(revision)
}

/// The revisions of a journey, newest first.
pub async fn list_revisions(db: &Db, journey_id: i64) -> Result<Vec<Revision>> {
    let mut conn = db.pool().acquire().await?;
    load(&mut conn, journey_id).await?;
    let rows = sqlx::query(
        "SELECT id, journey_id, name, content, created_at FROM journey_revisions \
         WHERE journey_id = ?1 ORDER BY created_at DESC, id DESC",
    )
    .bind(journey_id)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter()
        .map(|r| revision_from_row(r).map(|(rev, _)| rev))
        .collect()
}

pub async fn get_revision(db: &Db, id: i64) -> Result<RevisionView> {
    let mut conn = db.pool().acquire().await?;
    let (revision, doc) = load_revision(&mut conn, id).await?;
    let journey = load(&mut conn, revision.journey_id).await?;
    let layout = layout(&doc);
    let svg = to_svg(
        &format!("{} — {}", journey.name, revision.name),
        &doc,
        &layout,
    );
    Ok(RevisionView {
        layout,
        revision,
        journey_name: journey.name,
        doc,
        svg,
    })
}

/// Makes a revision's content the journey's content again, recorded as a new revision named
/// `input.name`. Work in progress that no revision holds is first kept as `input.backup_name`.
pub async fn restore_revision(db: &Db, input: &RestoreInput) -> Result<JourneyView> {
    let name = check_name("name", &input.name)?;
    let backup_name = check_name("backup_name", &input.backup_name)?;
    let mut tx = db.begin_write().await?;
    let (revision, doc) = load_revision(&mut tx, input.revision_id).await?;
    let journey = load(&mut tx, revision.journey_id).await?;
    claim_version(&mut tx, journey.id, input.expected_version).await?;
    let newest: Option<String> = sqlx::query_scalar(
        "SELECT content FROM journey_revisions WHERE journey_id = ?1 \
         ORDER BY created_at DESC, id DESC LIMIT 1",
    )
    .bind(journey.id)
    .fetch_optional(&mut *tx)
    .await?;
    let now = next_stamp(&mut tx, journey.id).await?;
    let unsaved = match newest {
        Some(text) => decode_doc(&text)? != journey.doc,
        None => true,
    };
    if unsaved {
        insert(&mut tx, journey.id, &backup_name, &journey.doc, now).await?;
    }
    sqlx::query("UPDATE journeys SET content = ?2 WHERE id = ?1")
        .bind(journey.id)
        .bind(encode_doc(&doc))
        .execute(&mut *tx)
        .await?;
    // Made after the backup at the same moment: the restored state is the newest revision.
    insert(&mut tx, journey.id, &name, &doc, now).await?;
    let journey = load(&mut tx, journey.id).await?;
    tx.commit().await?;
    Ok(view(journey))
}

/// The words of a comparison picture's legend, in the reader's language.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type)]
pub struct MarkLabels {
    pub added: String,
    pub removed: String,
    pub moved: String,
    pub changed: String,
}

/// Two revisions compared: the change list, both versions in one picture, and that picture as
/// SVG with the change marks (what the export writes, too).
#[derive(Debug, Clone, PartialEq, Serialize, Type)]
pub struct ComparisonView {
    pub journey_name: String,
    pub from: Revision,
    pub to: Revision,
    pub comparison: Comparison,
    pub layout: Layout,
    pub svg: String,
}

impl ComparisonView {
    pub fn title(&self) -> String {
        format!(
            "{}: {} → {}",
            self.journey_name, self.from.name, self.to.name
        )
    }
}

/// The change marks and legend of a comparison picture.
pub(super) fn marks(comparison: &Comparison, labels: &MarkLabels) -> Marks {
    Marks {
        steps: comparison.step_marks.iter().cloned().collect(),
        connections: comparison.connection_marks.iter().cloned().collect(),
        legend: vec![
            (Mark::Added, labels.added.clone()),
            (Mark::Removed, labels.removed.clone()),
            (Mark::Moved, labels.moved.clone()),
            (Mark::Changed, labels.changed.clone()),
        ],
    }
}

/// Compares two revisions of the same journey, `from` the older and `to` the newer.
pub async fn compare(db: &Db, from: i64, to: i64, labels: &MarkLabels) -> Result<ComparisonView> {
    let a = get_revision(db, from).await?;
    let b = get_revision(db, to).await?;
    if a.revision.journey_id != b.revision.journey_id {
        return Err(CoreError::Validation(vec![crate::FieldError::new(
            "to",
            FieldCode::OtherJourney,
        )]));
    }
    let comparison = compare_docs(&a.doc, &b.doc);
    let layout = layout(&comparison.merged);
    let mut view = ComparisonView {
        journey_name: b.journey_name,
        from: a.revision,
        to: b.revision,
        comparison,
        layout,
        svg: String::new(),
    };
    view.svg = to_svg_marked(
        &view.title(),
        &view.comparison.merged,
        &view.layout,
        &marks(&view.comparison, labels),
    );
    Ok(view)
}
