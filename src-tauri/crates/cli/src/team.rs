//! `team enrol`, `team sync` and `team status`: the file as a replica of a team's workspace on a
//! `firstgoal-server` (firstgoal-sync). The credential is kept outside the file (see
//! `firstgoal_sync::credential`).

use clap::Subcommand;
use firstgoal_core::Db;
use firstgoal_protocol::MAX_PULL_LIMIT;
use firstgoal_sync::credential::CredentialStore;
use firstgoal_sync::replica::{self, Status, SyncError};

#[derive(Debug, Subcommand)]
pub enum TeamCommand {
    /// Enrol this file in a team with the one-time code from the team's admin.
    Enrol {
        /// The server, https:// (plain http:// only to this machine).
        #[arg(long)]
        server: String,
        #[arg(long)]
        code: String,
    },
    /// Push this file's changes, then pull the team's, once.
    Sync {
        /// Changes per pulled page (each page is applied in one transaction).
        #[arg(long, default_value_t = MAX_PULL_LIMIT, value_parser = clap::value_parser!(u32).range(1..=i64::from(MAX_PULL_LIMIT)))]
        page_size: u32,
    },
    /// Whether the file is synced, has changes waiting, is offline or needs attention.
    Status,
}

impl TeamCommand {
    pub fn only_reads(&self) -> bool {
        matches!(self, TeamCommand::Status)
    }
}

pub async fn run(db: &Db, command: TeamCommand) -> Result<(), SyncError> {
    let store = CredentialStore::for_user();
    match command {
        TeamCommand::Enrol { server, code } => {
            let (e, keeper) = replica::enrol(db, &store, &server, &code).await?;
            println!(
                "enrolled in team {} as {} ({}) at {}",
                e.team_id,
                e.person_id,
                e.role.as_str(),
                e.server_url
            );
            println!("credential kept in {keeper}");
        }
        TeamCommand::Sync { page_size } => {
            let report = replica::sync(db, &store, page_size, |page| {
                println!(
                    "pulled page: {} changes ({} fields set, {} records created, {} deleted, {} own, {} not applied), cursor {}",
                    page.changes, page.set, page.created, page.deleted, page.own, page.refused, page.cursor
                );
            })
            .await?;
            println!(
                "pushed {} changes ({} conflicts), pulled {} changes, cursor {}",
                report.push.stored + report.push.conflicts,
                report.push.conflicts,
                report.pages.iter().map(|p| p.changes).sum::<u64>(),
                report.cursor
            );
        }
        TeamCommand::Status => {
            print_status(&replica::status(db, &store).await?);
            if let Some(e) = replica::enrolment(db).await? {
                match store.kept(e.person_id) {
                    Some(keeper) => println!("credential kept in {keeper}"),
                    None => println!("no credential kept: enrol again"),
                }
            }
        }
    }
    Ok(())
}

fn print_status(status: &Status) {
    match status {
        Status::NotEnrolled => println!("not enrolled"),
        Status::Synced => println!("synced"),
        Status::Waiting { to_push, to_pull } => println!(
            "{to_push} changes waiting{}",
            if *to_pull {
                "; changes on the server to pull"
            } else {
                ""
            }
        ),
        Status::Offline { to_push, reason } => {
            println!("offline: {to_push} changes waiting ({reason})")
        }
        Status::NeedsAttention {
            conflicts,
            to_push,
            role,
        } => println!(
            "needs attention: {conflicts} conflicts, {to_push} changes waiting (role {})",
            role.as_str()
        ),
    }
}
