//! The overdue actions of many projects at once, for the views that look across projects ("this
//! week"): they count the overdue actions from the facts cache's due dates and read here only the
//! few they list, from the index of open actions by due date (`stage_actions_open_due`).

use chrono::NaiveDate;
use sqlx::Row;

use super::StageAction;
use crate::db::Db;
use crate::error::Result;

/// An open action with a due date, and its project.
#[derive(Debug, Clone)]
pub struct DatedAction {
    pub project_id: i64,
    pub action: StageAction,
}

/// The actions of `projects` overdue on `today` ([`super::action_overdue`]: open, due before
/// `today`, the rule written as SQL below) and due on or before `due_until`, by due date, then
/// project, then action.
pub async fn overdue_actions_of(
    db: &Db,
    projects: &[i64],
    due_until: NaiveDate,
    today: NaiveDate,
) -> Result<Vec<DatedAction>> {
    if projects.is_empty() {
        return Ok(Vec::new());
    }
    let ids = serde_json::to_string(projects).unwrap_or_else(|_| "[]".to_owned());
    let rows = sqlx::query(
        "SELECT s.project_id, a.id, a.stage_id, a.title, a.department, a.due_date \
         FROM stage_actions a JOIN project_stages s ON s.id = a.stage_id \
         WHERE a.done_on IS NULL AND a.due_date IS NOT NULL AND a.due_date < ?1 \
         AND a.due_date <= ?2 AND s.project_id IN (SELECT value FROM json_each(?3)) \
         ORDER BY a.due_date, s.project_id, a.id",
    )
    .bind(today)
    .bind(due_until)
    .bind(ids)
    .fetch_all(db.pool())
    .await?;
    rows.iter()
        .map(|row| {
            let due_date: Option<NaiveDate> = row.try_get("due_date")?;
            Ok(DatedAction {
                project_id: row.try_get("project_id")?,
                action: StageAction {
                    id: row.try_get("id")?,
                    stage_id: row.try_get("stage_id")?,
                    title: row.try_get("title")?,
                    department: row.try_get("department")?,
                    due_date,
                    done_on: None,
                    overdue: super::action_overdue(due_date, None, today),
                },
            })
        })
        .collect()
}
