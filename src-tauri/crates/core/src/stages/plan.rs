//! Reading a project's plan: stages with their actions and time in stage, the current stage and
//! its open actions, holds, milestone timing, the team and time-to-value so far.

use chrono::NaiveDate;
use sqlx::{Row, SqliteConnection};

use super::{Hold, MilestoneTiming, ProjectPlan, ProjectStage, StageAction};
use crate::db::Db;
use crate::error::Result;
use crate::milestones::MilestoneStatus;
use crate::projects::{self, ProjectDetail};
use crate::{team, ttv};

fn days_between(from: Option<NaiveDate>, to: NaiveDate) -> Option<i64> {
    from.map(|f| (to - f).num_days().max(0))
}

/// The plan of `project_id` as of `today`, its built-in playbook texts in `lang`.
pub async fn plan_in(
    db: &Db,
    project_id: i64,
    today: NaiveDate,
    lang: crate::settings::Language,
) -> Result<ProjectPlan> {
    let mut plan = plan(db, project_id, today).await?;
    super::localize(&mut plan, lang);
    Ok(plan)
}

/// The plan of `project_id` as of `today`.
pub async fn plan(db: &Db, project_id: i64, today: NaiveDate) -> Result<ProjectPlan> {
    let mut conn = db.pool().acquire().await?;
    let detail = projects::load_detail(&mut conn, project_id).await?;
    let playbook_name: String =
        sqlx::query_scalar("SELECT playbook_name FROM projects WHERE id = ?1")
            .bind(project_id)
            .fetch_one(&mut *conn)
            .await?;
    let actions = load_actions(&mut conn, project_id, today).await?;
    let (stages, current_stage_id) = load_stages(&mut conn, project_id, &actions, today).await?;
    let holds = load_holds(&mut conn, project_id).await?;
    drop(conn);

    let mut next_actions: Vec<StageAction> = actions
        .into_iter()
        .filter(|a| Some(a.stage_id) == current_stage_id && a.done_on.is_none())
        .collect();
    next_actions.sort_by_key(|a| (a.due_date.is_none(), a.due_date, a.id));
    let on_hold = holds
        .iter()
        .any(|h| h.start_date <= today && h.end_date.is_none_or(|e| e > today));
    let ttv = ttv_so_far(db, &detail, &holds, today).await?;
    // Onboarding is finished once the last stage is entered: open goals past due then need a
    // decision rather than more work.
    let finished = stages.last().is_some_and(|s| s.entered_on.is_some());
    Ok(ProjectPlan {
        project_id,
        version: detail.project.version,
        today,
        playbook_name,
        stages,
        current_stage_id,
        next_actions,
        holds,
        on_hold,
        ttv,
        milestone_timing: detail
            .milestones
            .iter()
            .map(|m| MilestoneTiming {
                milestone_id: m.id,
                timing: m.timing(today, finished),
            })
            .collect(),
        team: team::members_of(db, project_id).await?,
    })
}

/// Every action of the project's stages, by stage and position, marked overdue as of `today`.
async fn load_actions(
    conn: &mut SqliteConnection,
    project_id: i64,
    today: NaiveDate,
) -> Result<Vec<StageAction>> {
    let rows = sqlx::query(
        "SELECT a.id, a.stage_id, a.title, a.department, a.due_date, a.done_on \
         FROM stage_actions a JOIN project_stages s ON s.id = a.stage_id \
         WHERE s.project_id = ?1 ORDER BY a.stage_id, a.position, a.id",
    )
    .bind(project_id)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter()
        .map(|row| {
            let due_date = row.try_get("due_date")?;
            let done_on = row.try_get("done_on")?;
            Ok(StageAction {
                id: row.try_get("id")?,
                stage_id: row.try_get("stage_id")?,
                title: row.try_get("title")?,
                department: row.try_get("department")?,
                due_date,
                done_on,
                overdue: super::action_overdue(due_date, done_on, today),
            })
        })
        .collect()
}

/// The project's stages in order, each with its actions and time in stage as of `today`, and
/// the current stage (entered and not left), if any.
async fn load_stages(
    conn: &mut SqliteConnection,
    project_id: i64,
    actions: &[StageAction],
    today: NaiveDate,
) -> Result<(Vec<ProjectStage>, Option<i64>)> {
    let rows = sqlx::query(
        "SELECT id, position, name, definition, exit_criteria, entered_on, exited_on \
         FROM project_stages WHERE project_id = ?1 ORDER BY position",
    )
    .bind(project_id)
    .fetch_all(&mut *conn)
    .await?;
    let mut stages = Vec::with_capacity(rows.len());
    let mut current_stage_id = None;
    for row in &rows {
        let id: i64 = row.try_get("id")?;
        let entered_on: Option<NaiveDate> = row.try_get("entered_on")?;
        let exited_on: Option<NaiveDate> = row.try_get("exited_on")?;
        if entered_on.is_some() && exited_on.is_none() {
            current_stage_id = Some(id);
        }
        stages.push(ProjectStage {
            id,
            position: row.try_get("position")?,
            name: row.try_get("name")?,
            definition: row.try_get("definition")?,
            exit_criteria: row.try_get("exit_criteria")?,
            entered_on,
            exited_on,
            days_in_stage: days_between(entered_on, exited_on.unwrap_or(today)),
            actions: actions
                .iter()
                .filter(|a| a.stage_id == id)
                .cloned()
                .collect(),
        });
    }
    Ok((stages, current_stage_id))
}

/// The project's on-hold periods, oldest first.
async fn load_holds(conn: &mut SqliteConnection, project_id: i64) -> Result<Vec<Hold>> {
    let rows = sqlx::query(
        "SELECT id, start_date, end_date, note FROM project_holds WHERE project_id = ?1 \
         ORDER BY start_date, id",
    )
    .bind(project_id)
    .fetch_all(&mut *conn)
    .await?;
    rows.iter()
        .map(|row| {
            Ok(Hold {
                id: row.try_get("id")?,
                start_date: row.try_get("start_date")?,
                end_date: row.try_get("end_date")?,
                note: row.try_get("note")?,
            })
        })
        .collect()
}

/// Time to value as of `today` by the file's definition, the holds taken out.
async fn ttv_so_far(
    db: &Db,
    detail: &ProjectDetail,
    holds: &[Hold],
    today: NaiveDate,
) -> Result<ttv::Ttv> {
    let pauses: Vec<ttv::Pause> = holds
        .iter()
        .map(|h| ttv::Pause {
            start: h.start_date,
            end: h.end_date,
        })
        .collect();
    let definition = ttv::definition(db).await?;
    let achieved = detail
        .milestones
        .iter()
        .find(|m| m.horizon == Some(definition.end) && m.status == MilestoneStatus::Achieved)
        .and_then(|m| m.achieved_on);
    let project = &detail.project;
    Ok(ttv::for_project(
        definition,
        project.contract_date,
        project.kickoff_date,
        achieved,
        &pauses,
        today,
    ))
}
