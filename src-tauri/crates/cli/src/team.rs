//! `team enrol`, `team sync`, `team status`, `team conflicts`, `team resolve`, `team share` and
//! `team private`: the file as a
//! replica of a team's workspace on a `firstgoal-server` (firstgoal-sync). The credential is kept
//! outside the file (see `firstgoal_sync::credential`).

use clap::Subcommand;
use firstgoal_core::Db;
use firstgoal_protocol::MAX_PULL_LIMIT;
use firstgoal_sync::credential::CredentialStore;
use firstgoal_sync::replica::resolve::{self, Choice, Conflict, Side};
use firstgoal_sync::replica::{self, Existing, Status, SyncError, share};

#[derive(Debug, Subcommand)]
pub enum TeamCommand {
    /// Enrol this file in a team with the one-time code from the team's admin.
    Enrol {
        /// The server, https:// (plain http:// only to this machine).
        #[arg(long)]
        server: String,
        #[arg(long)]
        code: String,
        /// Keep the projects this file holds now private (share them later with `team share`);
        /// without it they become the team's.
        #[arg(long)]
        keep_private: bool,
    },
    /// Share a project kept private with the team (the next sync sends it whole).
    Share {
        /// The project's id (`list`).
        project: i64,
    },
    /// List the projects kept private in this file.
    Private,
    /// Push this file's changes, then pull the team's, once.
    Sync {
        /// Changes per pulled page (each page is applied in one transaction).
        #[arg(long, default_value_t = MAX_PULL_LIMIT, value_parser = clap::value_parser!(u32).range(1..=i64::from(MAX_PULL_LIMIT)))]
        page_size: u32,
        /// On a first sync, pull every change since the team began instead of filling the file
        /// from the server's snapshot of the records (slower; the same records).
        #[arg(long)]
        no_snapshot: bool,
    },
    /// Whether the file is synced, has changes waiting, is offline or needs attention.
    Status,
    /// List the conflicts kept in this file: fields you and someone else changed at the same time.
    Conflicts,
    /// Resolve a conflict (its number from `team conflicts`) with your value or theirs, then sync.
    Resolve {
        id: i64,
        /// Keep your value: it is sent to the team over theirs.
        #[arg(long, required_unless_present = "theirs", conflicts_with = "theirs")]
        mine: bool,
        /// Keep the team's value (the file holds it already); nothing is sent.
        #[arg(long)]
        theirs: bool,
    },
}

impl TeamCommand {
    pub fn only_reads(&self) -> bool {
        matches!(
            self,
            TeamCommand::Status | TeamCommand::Conflicts | TeamCommand::Private
        )
    }
}

pub async fn run(db: &Db, command: TeamCommand) -> Result<(), SyncError> {
    let store = CredentialStore::for_user();
    match command {
        TeamCommand::Enrol {
            server,
            code,
            keep_private,
        } => {
            let existing = if keep_private {
                Existing::KeepPrivate
            } else {
                Existing::Share
            };
            let (e, keeper) = replica::enrol(db, &store, &server, &code, existing).await?;
            let team = replica::team(db).await?;
            println!(
                "enrolled in team {} as {} ({}) at {}",
                named(team.as_ref().map(|t| t.name.as_str()), e.team_id),
                named(
                    team.as_ref().and_then(|t| t.name_of(e.person_id)),
                    e.person_id
                ),
                e.role.as_str(),
                e.server_url
            );
            println!("credential kept in {keeper}");
        }
        TeamCommand::Share { project } => {
            let n = share::share_project(db, project).await?;
            println!("project {project} shared: {n} records to send with the next sync");
        }
        TeamCommand::Private => {
            for id in share::private_projects(db).await? {
                println!("{id}");
            }
        }
        TeamCommand::Sync {
            page_size,
            no_snapshot,
        } => {
            let options = replica::PullOptions {
                page_size,
                snapshot: !no_snapshot,
            };
            sync(db, &store, options).await?
        }
        TeamCommand::Status => {
            print_status(&replica::status(db, &store).await?);
            if let Some(e) = replica::enrolment(db).await? {
                let team = replica::team(db).await?;
                println!(
                    "team {}, as {} ({})",
                    named(team.as_ref().map(|t| t.name.as_str()), e.team_id),
                    named(
                        team.as_ref().and_then(|t| t.name_of(e.person_id)),
                        e.person_id
                    ),
                    e.role.as_str()
                );
                match store.kept(e.person_id) {
                    Some(keeper) => println!("credential kept in {keeper}"),
                    None => println!("no credential kept: enrol again"),
                }
            }
            let incoming = replica::incoming(db).await?;
            if incoming > 0 {
                println!(
                    "{incoming} records received in part, waiting for their other fields or the records they refer to"
                );
            }
        }
        TeamCommand::Conflicts => print_conflicts(&resolve::list(db).await?),
        TeamCommand::Resolve { id, mine, .. } => {
            let choice = if mine { Choice::Mine } else { Choice::Theirs };
            let c = resolve::resolve(db, id, choice).await?;
            let side = if mine { "mine" } else { "theirs" };
            println!("conflict {} resolved with {side}", c.id);
            let options = replica::PullOptions {
                page_size: MAX_PULL_LIMIT,
                snapshot: true,
            };
            sync(db, &store, options).await?;
        }
    }
    Ok(())
}

/// Pushes, then fills a new file from the snapshot and pulls, printing what moved.
async fn sync(
    db: &Db,
    store: &CredentialStore,
    options: replica::PullOptions,
) -> Result<(), SyncError> {
    let report = replica::sync_with(db, store, options, |page| {
        if page.snapshot {
            println!(
                "snapshot page: {} records ({} written, {} held already), as of {}",
                page.changes, page.created, page.own, page.cursor
            );
        } else {
            println!(
                "pulled page: {} changes ({} fields set, {} records created, {} deleted, {} own, {} not applied), cursor {}",
                page.changes, page.set, page.created, page.deleted, page.own, page.refused, page.cursor
            );
        }
    })
    .await?;
    let (snapshot, pulled): (Vec<_>, Vec<_>) = report.pages.iter().partition(|p| p.snapshot);
    if !snapshot.is_empty() {
        println!(
            "filled from the snapshot: {} records written",
            snapshot.iter().map(|p| p.created).sum::<u64>()
        );
    }
    println!(
        "pushed {} changes ({} conflicts), pulled {} changes, cursor {}",
        report.push.stored + report.push.conflicts,
        report.push.conflicts,
        pulled.iter().map(|p| p.changes).sum::<u64>(),
        report.cursor
    );
    Ok(())
}

/// A side of a conflict; values as JSON, so any text typed by a person is printed quoted and
/// escaped.
fn side_text(side: &Side) -> String {
    match side {
        Side::Set(value) => value.to_string(),
        Side::Delete => "deleted the record".to_owned(),
        Side::NotApplied(reason) => format!(
            "not applied in this file: {}",
            serde_json::Value::from(reason.as_str())
        ),
    }
}

fn print_conflicts(list: &[Conflict]) {
    if list.is_empty() {
        println!("no conflicts");
    }
    for c in list {
        let label = c
            .label
            .as_deref()
            .map(|l| format!(" ({})", serde_json::Value::from(l)))
            .unwrap_or_default();
        println!("conflict {}: {} {}{label}", c.id, c.kind, c.record);
        println!(
            "  field:    {}",
            c.field.as_deref().unwrap_or("(the whole record)")
        );
        println!("  mine:     {}", side_text(&c.mine));
        println!(
            "  theirs:   {} (by {}, server change {})",
            side_text(&c.theirs),
            named(c.author_name.as_deref(), c.author),
            c.theirs_seq
        );
        println!("  reported: {}", c.reported_at);
    }
}

/// A team or person by name, with its id; by id alone when the name is not known.
fn named(name: Option<&str>, id: impl std::fmt::Display) -> String {
    match name {
        Some(name) => format!("{} ({id})", serde_json::Value::from(name)),
        None => id.to_string(),
    }
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
