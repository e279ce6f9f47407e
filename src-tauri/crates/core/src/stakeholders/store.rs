//! SQL for stakeholders, their heat entries and touchpoints. Every change runs in one write
//! transaction that first claims the project's version, so a stale edit is a conflict.

use std::collections::HashMap;

use chrono::{NaiveDate, Utc};
use sqlx::sqlite::SqliteRow;
use sqlx::{Row, SqliteConnection};

use super::{
    HeatEntry, Level, ProjectRole, Stakeholder, StakeholderInput, Status, ValidStakeholder,
    parse_line,
};
use crate::db::Db;
use crate::db::rows::claim_version;
use crate::db::rows::{Scope, corrupt};
use crate::error::{CoreError, FieldCode, Result};

fn stakeholder_from_row(row: &SqliteRow) -> Result<Stakeholder> {
    let level: String = row.try_get("level")?;
    let status: String = row.try_get("status")?;
    let roles: String = row.try_get("roles")?;
    let roles: Vec<ProjectRole> =
        serde_json::from_str(&roles).map_err(|_| corrupt("roles", &roles))?;
    Ok(Stakeholder {
        id: row.try_get("id")?,
        project_id: row.try_get("project_id")?,
        position: row.try_get("position")?,
        name: row.try_get("name")?,
        reading: row.try_get("reading")?,
        title: row.try_get("title")?,
        department: row.try_get("department")?,
        level: Level::parse(&level).ok_or_else(|| corrupt("level", &level))?,
        influence: row.try_get("influence")?,
        roles,
        key_person: row.try_get("key_person")?,
        attended_kickoff: row.try_get("attended_kickoff")?,
        stated_role: row.try_get("stated_role")?,
        email: row.try_get("email")?,
        phone: row.try_get("phone")?,
        status: Status::parse(&status).ok_or_else(|| corrupt("status", &status))?,
        status_date: row.try_get("status_date")?,
        heat: None,
        heat_history: Vec::new(),
        // Kept up to date by triggers on touchpoints (migration 0008).
        last_touch: row.try_get("last_touch")?,
        duplicate_name: false,
    })
}

/// The stakeholders of the scope in list order, with heat history, last touch and the duplicate
/// flag filled in. Two queries whatever the number of projects.
pub(crate) async fn load_stakeholders(
    conn: &mut SqliteConnection,
    scope: Scope<'_>,
) -> Result<Vec<Stakeholder>> {
    let sql = format!(
        "SELECT id, project_id, position, name, reading, title, department, level, influence, \
         roles, key_person, attended_kickoff, stated_role, email, phone, status, status_date, \
         last_touch \
         FROM stakeholders WHERE {} ORDER BY project_id, position, id",
        scope.condition("project_id")
    );
    let rows = sqlx::query(&sql)
        .bind(scope.param())
        .fetch_all(&mut *conn)
        .await?;
    let mut people = rows
        .iter()
        .map(stakeholder_from_row)
        .collect::<Result<Vec<_>>>()?;

    let sql = format!(
        "SELECT h.stakeholder_id, h.recorded_on, h.heat FROM heat_entries h \
         JOIN stakeholders s ON s.id = h.stakeholder_id WHERE {} \
         ORDER BY h.recorded_on, h.id",
        scope.condition("s.project_id")
    );
    let mut heat: HashMap<i64, Vec<HeatEntry>> = HashMap::new();
    for row in sqlx::query(&sql)
        .bind(scope.param())
        .fetch_all(&mut *conn)
        .await?
    {
        heat.entry(row.try_get("stakeholder_id")?)
            .or_default()
            .push(HeatEntry {
                recorded_on: row.try_get("recorded_on")?,
                heat: row.try_get("heat")?,
            });
    }

    let mut names: HashMap<(i64, String), usize> = HashMap::new();
    for p in &people {
        *names
            .entry((p.project_id, super::name_key(&p.name)))
            .or_default() += 1;
    }
    for p in &mut people {
        p.heat_history = heat.remove(&p.id).unwrap_or_default();
        p.heat = p.heat_history.last().map(|h| h.heat);
        p.duplicate_name = names
            .get(&(p.project_id, super::name_key(&p.name)))
            .is_some_and(|n| *n > 1);
    }
    Ok(people)
}

pub(crate) async fn kickoff_of(conn: &mut SqliteConnection, project_id: i64) -> Result<NaiveDate> {
    sqlx::query_scalar("SELECT kickoff_date FROM projects WHERE id = ?1")
        .bind(project_id)
        .fetch_optional(&mut *conn)
        .await?
        .ok_or(CoreError::NotFound {
            entity: "project",
            id: project_id,
        })
}

/// The project a stakeholder belongs to.
pub(crate) async fn stakeholder_project(
    conn: &mut SqliteConnection,
    stakeholder_id: i64,
) -> Result<i64> {
    sqlx::query_scalar("SELECT project_id FROM stakeholders WHERE id = ?1")
        .bind(stakeholder_id)
        .fetch_optional(&mut *conn)
        .await?
        .ok_or(CoreError::NotFound {
            entity: "stakeholder",
            id: stakeholder_id,
        })
}

fn roles_json(roles: &[ProjectRole]) -> String {
    serde_json::to_string(roles).unwrap_or_else(|_| "[]".to_owned())
}

/// Appends one validated stakeholder after the project's last one.
pub(crate) async fn insert_stakeholder(
    conn: &mut SqliteConnection,
    project_id: i64,
    v: &ValidStakeholder,
) -> Result<i64> {
    let now = Utc::now();
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO stakeholders (project_id, position, name, reading, title, department, level, \
         influence, roles, key_person, attended_kickoff, stated_role, email, phone, status, \
         status_date, created_at, updated_at) VALUES (?1, \
         (SELECT COALESCE(MAX(position), 0) + 1 FROM stakeholders WHERE project_id = ?1), \
         ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?16) RETURNING id",
    )
    .bind(project_id)
    .bind(&v.name)
    .bind(&v.reading)
    .bind(&v.title)
    .bind(&v.department)
    .bind(v.level.as_str())
    .bind(v.influence)
    .bind(roles_json(&v.roles))
    .bind(v.key_person)
    .bind(v.attended_kickoff)
    .bind(&v.stated_role)
    .bind(&v.email)
    .bind(&v.phone)
    .bind(v.status.as_str())
    .bind(v.status_date)
    .bind(now)
    .fetch_one(&mut *conn)
    .await?;
    if let Some(heat) = v.heat {
        insert_heat(conn, id, crate::today(), heat).await?;
    }
    Ok(id)
}

pub(crate) async fn insert_heat(
    conn: &mut SqliteConnection,
    stakeholder_id: i64,
    on: NaiveDate,
    heat: i64,
) -> Result<()> {
    sqlx::query("INSERT INTO heat_entries (stakeholder_id, recorded_on, heat) VALUES (?1, ?2, ?3)")
        .bind(stakeholder_id)
        .bind(on)
        .bind(heat)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// Adds a stakeholder at the end of the project's list.
/// Returns the project whose board changed.
pub(crate) async fn create(
    db: &Db,
    project_id: i64,
    expected_version: i64,
    input: &StakeholderInput,
) -> Result<i64> {
    let mut tx = db.begin_write().await?;
    let kickoff = kickoff_of(&mut tx, project_id).await?;
    let valid = input.validate(kickoff)?;
    claim_version(&mut tx, project_id, expected_version, Utc::now()).await?;
    insert_stakeholder(&mut tx, project_id, &valid).await?;
    tx.commit().await?;
    Ok(project_id)
}

/// Adds an attendee from one typed line: `name, department, title` (see [`parse_line`]).
/// Returns the project whose board changed.
pub(crate) async fn quick_add(
    db: &Db,
    project_id: i64,
    expected_version: i64,
    line: &str,
) -> Result<i64> {
    let parsed = parse_line(line);
    let mut input = StakeholderInput::attendee(&parsed.name);
    input.department = parsed.department;
    input.title = parsed.title;
    create(db, project_id, expected_version, &input).await
}

/// Saves an edit of a stakeholder. A changed heat score adds a heat entry dated today.
/// Returns the project whose board changed.
pub(crate) async fn update(
    db: &Db,
    stakeholder_id: i64,
    expected_version: i64,
    input: &StakeholderInput,
) -> Result<i64> {
    let mut tx = db.begin_write().await?;
    let project_id = stakeholder_project(&mut tx, stakeholder_id).await?;
    let kickoff = kickoff_of(&mut tx, project_id).await?;
    let v = input.validate(kickoff)?;
    claim_version(&mut tx, project_id, expected_version, Utc::now()).await?;
    sqlx::query(
        "UPDATE stakeholders SET name = ?2, reading = ?3, title = ?4, department = ?5, \
         level = ?6, influence = ?7, roles = ?8, key_person = ?9, attended_kickoff = ?10, \
         stated_role = ?11, email = ?12, phone = ?13, status = ?14, status_date = ?15, \
         updated_at = ?16 WHERE id = ?1",
    )
    .bind(stakeholder_id)
    .bind(&v.name)
    .bind(&v.reading)
    .bind(&v.title)
    .bind(&v.department)
    .bind(v.level.as_str())
    .bind(v.influence)
    .bind(roles_json(&v.roles))
    .bind(v.key_person)
    .bind(v.attended_kickoff)
    .bind(&v.stated_role)
    .bind(&v.email)
    .bind(&v.phone)
    .bind(v.status.as_str())
    .bind(v.status_date)
    .bind(Utc::now())
    .execute(&mut *tx)
    .await?;
    if let Some(heat) = v.heat {
        let latest: Option<i64> = sqlx::query_scalar(
            "SELECT heat FROM heat_entries WHERE stakeholder_id = ?1 \
             ORDER BY recorded_on DESC, id DESC LIMIT 1",
        )
        .bind(stakeholder_id)
        .fetch_optional(&mut *tx)
        .await?;
        if latest != Some(heat) {
            insert_heat(&mut tx, stakeholder_id, crate::today(), heat).await?;
        }
    }
    tx.commit().await?;
    Ok(project_id)
}

/// Removes a stakeholder with their heat history, touchpoint participations and agreements.
/// Returns the project whose board changed.
pub(crate) async fn delete(db: &Db, stakeholder_id: i64, expected_version: i64) -> Result<i64> {
    let mut tx = db.begin_write().await?;
    let project_id = stakeholder_project(&mut tx, stakeholder_id).await?;
    claim_version(&mut tx, project_id, expected_version, Utc::now()).await?;
    sqlx::query("DELETE FROM stakeholders WHERE id = ?1")
        .bind(stakeholder_id)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(project_id)
}

/// Puts the project's stakeholders in the given order; `ids` must name each of them once.
/// Returns the project whose board changed.
pub(crate) async fn reorder(
    db: &Db,
    project_id: i64,
    expected_version: i64,
    ids: &[i64],
) -> Result<i64> {
    let mut tx = db.begin_write().await?;
    let mut current: Vec<i64> =
        sqlx::query_scalar("SELECT id FROM stakeholders WHERE project_id = ?1")
            .bind(project_id)
            .fetch_all(&mut *tx)
            .await?;
    let mut wanted = ids.to_vec();
    current.sort_unstable();
    wanted.sort_unstable();
    if current != wanted {
        return Err(CoreError::Validation(vec![crate::FieldError::new(
            "ids",
            FieldCode::Mismatch,
        )]));
    }
    claim_version(&mut tx, project_id, expected_version, Utc::now()).await?;
    for (position, id) in ids.iter().enumerate() {
        sqlx::query("UPDATE stakeholders SET position = ?2 WHERE id = ?1")
            .bind(id)
            .bind(i64::try_from(position).unwrap_or(i64::MAX) + 1)
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await?;
    Ok(project_id)
}
