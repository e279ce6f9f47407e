//! `stress-write` opens its file as the app and the CLI's writing commands do: while another
//! FirstGoal process (here, this test process) has the file open, it is refused and writes nothing.

use std::path::Path;
use std::process::{Command, Output};

use firstgoal_core::Db;
use firstgoal_core::projects::{self, ProjectInput, Segment};

/// Runs one round of `stress-write` off the async workers: this process owns the file and
/// answers on them while the child runs.
async fn stress_write_once(path: &Path) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_firstgoal-bench"));
    cmd.env_remove("FIRSTGOAL_DB")
        .args(["stress-write", "--rounds", "1", "--db"])
        .arg(path);
    tokio::task::spawn_blocking(move || cmd.output().expect("run firstgoal-bench"))
        .await
        .expect("join")
}

async fn names(db: &Db) -> Vec<String> {
    let mut names: Vec<String> = projects::list(db, true)
        .await
        .expect("list")
        .into_iter()
        .map(|p| p.customer_name)
        .collect();
    names.sort();
    names
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn stress_write_on_a_file_another_process_owns_is_refused_with_in_use() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("projects.sqlite");
    let db = Db::open(&path).await.expect("open");
    let input = ProjectInput {
        customer_name: "Owned".to_owned(),
        contract_date: "2026-01-05".to_owned(),
        kickoff_date: "2026-01-20".to_owned(),
        segment: Segment::HighTouch,
        owner: "佐藤".to_owned(),
    };
    projects::create(&db, &input).await.expect("create");

    let out = stress_write_once(&path).await;
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "stress-write must be refused");
    assert!(
        err.contains("error[in_use]")
            && err.contains(&format!(
                "open in FirstGoal (process {})",
                std::process::id()
            )),
        "{err}"
    );
    assert!(
        out.stdout.is_empty(),
        "it reported a commit it cannot have made"
    );
    assert_eq!(names(&db).await, ["Owned"]);
    db.close().await;

    // Once the owner lets go, the same command writes its round.
    let out = stress_write_once(&path).await;
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let reported: Vec<String> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| l.split_whitespace().next().unwrap_or_default().to_owned())
        .collect();
    assert_eq!(reported, ["created", "updated", "goal"]);
    let db = Db::open(&path).await.expect("reopen");
    assert_eq!(names(&db).await, ["Owned", "負荷テスト 0 (edited)"]);
    db.close().await;
}
