//! `stress-write`: a writer that commits changes through the core as fast as it can and reports
//! each one on stdout only after its transaction committed. The crash-safety test kills it at
//! random moments and checks that everything it reported is in the file.

use std::io::Write;

use firstgoal_core::projects::{self, ProjectInput, Segment};
use firstgoal_core::{CoreError, Db, milestones};

pub async fn run(db: &Db, limit: Option<u64>) -> Result<(), CoreError> {
    let mut out = std::io::stdout().lock();
    let mut i: u64 = 0;
    while limit.is_none_or(|n| i < n) {
        let input = ProjectInput {
            customer_name: format!("負荷テスト {i}"),
            contract_date: "2026-01-05".to_owned(),
            kickoff_date: "2026-01-20".to_owned(),
            segment: Segment::ALL[(i % 3) as usize],
            owner: "stress".to_owned(),
        };
        let created = projects::create(db, &input).await?;
        let id = created.project.id;
        report(&mut out, &format!("created {id} 1"));
        let renamed = ProjectInput {
            customer_name: format!("負荷テスト {i} (edited)"),
            ..input
        };
        let updated = projects::update(db, id, 1, &renamed).await?;
        report(
            &mut out,
            &format!("updated {id} {}", updated.project.version),
        );
        let goal = milestones::set_goal(
            db,
            updated.milestones[0].id,
            updated.project.version,
            "first value",
            "10 users active",
        )
        .await?;
        report(&mut out, &format!("goal {id} {}", goal.project.version));
        i += 1;
    }
    Ok(())
}

fn report(out: &mut impl Write, line: &str) {
    // If stdout is gone the parent stopped listening; the writes themselves still count.
    let _ = writeln!(out, "{line}").and_then(|()| out.flush());
}
