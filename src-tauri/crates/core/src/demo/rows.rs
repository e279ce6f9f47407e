//! The rows of a demo file, queued per table and sent a few hundred per statement. Ids are given
//! here (the next free id of each table, what SQLite would give), so rows can refer to each other
//! before anything is sent and tables can be sent in any order (the generator's connection checks
//! foreign keys once, before its commit).

use sqlx::SqliteConnection;

use crate::db::bulk::{Bulk, SqlValue, quote};
use crate::error::Result;

/// The tables the generator writes per project.
pub(crate) const TABLES: &[&str] = &[
    "projects",
    "milestones",
    "stakeholders",
    "heat_entries",
    "touchpoints",
    "touchpoint_participants",
    "adoption_purposes",
    "purpose_agreements",
    "project_stages",
    "stage_actions",
    "project_team",
    "project_holds",
    "journeys",
    "journey_revisions",
];

/// A value to queue.
pub(crate) fn v<T: Into<SqlValue<'static>>>(value: T) -> SqlValue<'static> {
    value.into()
}

/// The queued rows of one table and its next id.
#[derive(Debug)]
pub(crate) struct Table {
    bulk: Bulk<'static>,
    last_id: i64,
}

impl Table {
    async fn new(conn: &mut SqliteConnection, name: &str, columns: &[&str]) -> Result<Self> {
        let sql = format!("SELECT COALESCE(MAX(rowid), 0) FROM {}", quote(name));
        let last_id = sqlx::query_scalar(&sql).fetch_one(&mut *conn).await?;
        Ok(Table {
            bulk: Bulk::new(name, columns, ""),
            last_id,
        })
    }

    /// The id of the next row of this table (call once per row that has an id).
    pub(crate) fn next_id(&mut self) -> i64 {
        self.last_id += 1;
        self.last_id
    }

    /// Queues a row; [`Rows::send_full`] sends it.
    pub(crate) fn push<const N: usize>(&mut self, row: [SqlValue<'static>; N]) {
        self.bulk.extend(row);
    }
}

/// Every table the generator writes per project.
#[derive(Debug)]
pub(crate) struct Rows {
    pub projects: Table,
    pub milestones: Table,
    pub stakeholders: Table,
    pub heat_entries: Table,
    pub touchpoints: Table,
    pub participants: Table,
    pub purposes: Table,
    pub agreements: Table,
    pub stages: Table,
    pub actions: Table,
    pub team: Table,
    pub holds: Table,
    pub journeys: Table,
    pub revisions: Table,
}

impl Rows {
    /// The column list of every table the generator writes: a long list, not long logic.
    pub(crate) async fn new(conn: &mut SqliteConnection) -> Result<Self> {
        Ok(Rows {
            projects: Table::new(
                conn,
                "projects",
                &[
                    "id",
                    "customer_name",
                    "contract_date",
                    "kickoff_date",
                    "segment",
                    "owner",
                    "created_at",
                    "updated_at",
                    "playbook_name",
                ],
            )
            .await?,
            milestones: Table::new(
                conn,
                "milestones",
                &[
                    "id",
                    "project_id",
                    "horizon",
                    "title",
                    "due_date",
                    "due_date_manual",
                    "goal",
                    "criterion",
                    "status",
                    "achieved_on",
                    "evidence",
                ],
            )
            .await?,
            stakeholders: Table::new(
                conn,
                "stakeholders",
                &[
                    "id",
                    "project_id",
                    "position",
                    "name",
                    "title",
                    "department",
                    "level",
                    "influence",
                    "roles",
                    "key_person",
                    "attended_kickoff",
                    "created_at",
                    "updated_at",
                ],
            )
            .await?,
            heat_entries: Table::new(
                conn,
                "heat_entries",
                &["id", "stakeholder_id", "recorded_on", "heat"],
            )
            .await?,
            touchpoints: Table::new(
                conn,
                "touchpoints",
                &["id", "project_id", "kind", "touched_on", "note"],
            )
            .await?,
            participants: Table::new(
                conn,
                "touchpoint_participants",
                &["touchpoint_id", "stakeholder_id"],
            )
            .await?,
            stages: Table::new(
                conn,
                "project_stages",
                &[
                    "id",
                    "project_id",
                    "position",
                    "name",
                    "definition",
                    "exit_criteria",
                    "entered_on",
                    "exited_on",
                ],
            )
            .await?,
            actions: Table::new(
                conn,
                "stage_actions",
                &[
                    "id",
                    "stage_id",
                    "position",
                    "title",
                    "department",
                    "due_date",
                    "done_on",
                ],
            )
            .await?,
            team: Table::new(conn, "project_team", &["project_id", "member_id"]).await?,
            holds: Table::new(
                conn,
                "project_holds",
                &["id", "project_id", "start_date", "end_date"],
            )
            .await?,
            purposes: Table::new(conn, "adoption_purposes", &["project_id", "purpose"]).await?,
            agreements: Table::new(
                conn,
                "purpose_agreements",
                &["project_id", "stakeholder_id", "agreed_on"],
            )
            .await?,
            journeys: Table::new(
                conn,
                "journeys",
                &[
                    "id",
                    "project_id",
                    "name",
                    "content",
                    "created_at",
                    "updated_at",
                ],
            )
            .await?,
            revisions: Table::new(
                conn,
                "journey_revisions",
                &["id", "journey_id", "name", "content", "created_at"],
            )
            .await?,
        })
    }

    /// Sends the full statements queued so far.
    pub(crate) async fn send_full(&mut self, conn: &mut SqliteConnection) -> Result<()> {
        for table in self.all() {
            table.bulk.send_full(&mut *conn).await?;
        }
        Ok(())
    }

    /// Sends every row still queued.
    pub(crate) async fn finish(mut self, conn: &mut SqliteConnection) -> Result<()> {
        for table in self.all() {
            table.bulk.flush(&mut *conn).await?;
        }
        Ok(())
    }

    fn all(&mut self) -> [&mut Table; 14] {
        [
            &mut self.projects,
            &mut self.milestones,
            &mut self.stakeholders,
            &mut self.heat_entries,
            &mut self.touchpoints,
            &mut self.participants,
            &mut self.purposes,
            &mut self.agreements,
            &mut self.stages,
            &mut self.actions,
            &mut self.team,
            &mut self.holds,
            &mut self.journeys,
            &mut self.revisions,
        ]
    }
}
