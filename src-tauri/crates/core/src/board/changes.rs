//! Every change of the stakeholder and kickoff screens, answered with the project's new board so
//! the screens show the result of the change and nothing half-updated.

use super::{Board, board};
use crate::db::Db;
use crate::error::Result;
use crate::kickoff;
use crate::stakeholders::{StakeholderInput, TouchpointInput, store, touchpoints};

/// Adds a stakeholder at the end of the project's list.
pub async fn create(
    db: &Db,
    project_id: i64,
    expected_version: i64,
    input: &StakeholderInput,
) -> Result<Board> {
    let project_id = store::create(db, project_id, expected_version, input).await?;
    board(db, project_id).await
}

/// Adds an attendee from one typed line: `name, department, title` (see [`crate::stakeholders::parse_line`]).
pub async fn quick_add(
    db: &Db,
    project_id: i64,
    expected_version: i64,
    line: &str,
) -> Result<Board> {
    let project_id = store::quick_add(db, project_id, expected_version, line).await?;
    board(db, project_id).await
}

/// Saves an edit of a stakeholder. A changed heat score adds a heat entry dated today.
pub async fn update(
    db: &Db,
    stakeholder_id: i64,
    expected_version: i64,
    input: &StakeholderInput,
) -> Result<Board> {
    let project_id = store::update(db, stakeholder_id, expected_version, input).await?;
    board(db, project_id).await
}

/// Removes a stakeholder with their heat history, touchpoint participations and agreements.
pub async fn delete(db: &Db, stakeholder_id: i64, expected_version: i64) -> Result<Board> {
    let project_id = store::delete(db, stakeholder_id, expected_version).await?;
    board(db, project_id).await
}

/// Puts the project's stakeholders in the given order; `ids` must name each of them once.
pub async fn reorder(
    db: &Db,
    project_id: i64,
    expected_version: i64,
    ids: &[i64],
) -> Result<Board> {
    let project_id = store::reorder(db, project_id, expected_version, ids).await?;
    board(db, project_id).await
}

/// Records a heat score on a date (the history behind the "heat falling" risk).
pub async fn add_heat_entry(
    db: &Db,
    stakeholder_id: i64,
    expected_version: i64,
    recorded_on: &str,
    heat: i64,
) -> Result<Board> {
    let project_id =
        touchpoints::add_heat_entry(db, stakeholder_id, expected_version, recorded_on, heat)
            .await?;
    board(db, project_id).await
}

/// Records a meeting, call or mail with some of the project's stakeholders.
pub async fn add_touchpoint(
    db: &Db,
    project_id: i64,
    expected_version: i64,
    input: &TouchpointInput,
) -> Result<Board> {
    let project_id = touchpoints::add_touchpoint(db, project_id, expected_version, input).await?;
    board(db, project_id).await
}

pub async fn delete_touchpoint(
    db: &Db,
    touchpoint_id: i64,
    expected_version: i64,
) -> Result<Board> {
    let project_id = touchpoints::delete_touchpoint(db, touchpoint_id, expected_version).await?;
    board(db, project_id).await
}

/// Records the adoption purpose ("you adopted this because…"); empty clears it.
pub async fn set_purpose(
    db: &Db,
    project_id: i64,
    expected_version: i64,
    purpose: &str,
) -> Result<Board> {
    let project_id = kickoff::record_purpose(db, project_id, expected_version, purpose).await?;
    board(db, project_id).await
}

/// Records that a stakeholder agreed to the purpose on a date, or with `None` withdraws it.
pub async fn set_agreement(
    db: &Db,
    stakeholder_id: i64,
    expected_version: i64,
    agreed_on: Option<&str>,
) -> Result<Board> {
    let project_id =
        kickoff::record_agreement(db, stakeholder_id, expected_version, agreed_on).await?;
    board(db, project_id).await
}
