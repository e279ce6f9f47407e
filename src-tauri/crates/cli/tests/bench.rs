//! `bench all --quick` and `bench startup` (smoke runs of the benchmarks) and the demo data they measure.
//! No timing is asserted: only that every row is there and the generated data is complete.

use std::process::Command;

use firstgoal_core::Db;

const ROWS: &[&str] = &[
    "| generate a 50-project demo file",
    "| generate a 500-project demo file",
    "| open a 50-project file, portfolio figures + risk flags |",
    "|   the same with the facts cache empty (first open after an import) |",
    "| the same at 500 projects (per-project time ratio 500/50) |",
    "|   portfolio::get on the open file",
    "|   same aggregates as one SQL query, sqlite3 shell |",
    "|   same query in-process via sqlx (floor) |",
    "| load one project (detail, stakeholders, plan, journeys, one journey) |",
    "| save one edit (projects::update, committed) |",
    "|   portfolio figures + risk flags right after one edit (open file) |",
    "| journey layout + SVG, 100 steps, 8 lanes |",
    "| journey PNG, 100 steps, 8 lanes |",
    "|   Graphviz dot -Tsvg on the same graph |",
    "| full JSON export of the 50-project file",
    "| full JSON import of that export into a new file |",
    "|   then the WAL checkpoint (in the background in the app) |",
];

#[test]
fn bench_all_quick_prints_every_row_of_the_table() {
    let out = Command::new(env!("CARGO_BIN_EXE_firstgoal-cli"))
        .args(["bench", "all", "--quick"])
        .output()
        .expect("run the CLI");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{text}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(text.contains("| what | measured (median) | target | met? |"));
    for row in ROWS {
        let line = text
            .lines()
            .find(|l| l.starts_with(row))
            .unwrap_or_else(|| panic!("missing row {row:?} in\n{text}"));
        // --quick judges no target, and every row has a figure.
        assert!(line.ends_with("| – |"), "{line}");
        assert_eq!(line.matches('|').count(), 5, "{line}");
    }
    assert_eq!(
        text.lines().filter(|l| l.starts_with("| ")).count(),
        ROWS.len() + 1
    );
}

#[test]
fn demo_projects_have_touchpoints_and_a_journey_with_two_revisions() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("demo.sqlite");
    let out = Command::new(env!("CARGO_BIN_EXE_firstgoal-cli"))
        .arg("--db")
        .arg(&path)
        .args(["demo", "--projects", "6", "--seed", "3"])
        .output()
        .expect("run the CLI");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    rt.block_on(async {
        let db = Db::open(&path).await.expect("open");
        let touchpoints: Vec<i64> = sqlx::query_scalar(
            "SELECT COUNT(t.id) FROM projects p LEFT JOIN touchpoints t ON t.project_id = p.id \
             GROUP BY p.id",
        )
        .fetch_all(db.pool())
        .await
        .expect("count");
        assert_eq!(touchpoints.len(), 6);
        assert!(
            touchpoints.iter().all(|n| (20..=80).contains(n)),
            "{touchpoints:?}"
        );
        for id in 1..=6 {
            let journeys = firstgoal_core::journey::list(&db, Some(id))
                .await
                .expect("list");
            assert_eq!(journeys.len(), 1, "project {id}");
            let j = &journeys[0];
            assert!((15..=60).contains(&j.step_count), "{}", j.step_count);
            let revisions = firstgoal_core::journey::list_revisions(&db, j.id)
                .await
                .expect("revisions");
            assert_eq!(revisions.len(), 2);
            // The older revision is the journey as it stood earlier: fewer steps.
            let counts: Vec<u32> = revisions.iter().map(|r| r.step_count).collect();
            assert!(counts.contains(&j.step_count), "{counts:?}");
            assert!(counts.iter().any(|c| *c < j.step_count), "{counts:?}");
        }
        db.close().await;
    });
}

#[test]
fn bench_open_times_every_phase_on_an_existing_file_and_leaves_its_data_alone() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("demo.sqlite");
    let cli = env!("CARGO_BIN_EXE_firstgoal-cli");
    let demo = Command::new(cli)
        .arg("--db")
        .arg(&path)
        .args(["demo", "--projects", "5", "--seed", "2"])
        .output()
        .expect("run the CLI");
    assert!(demo.status.success());
    let projects = || {
        let out = Command::new(cli)
            .arg("--db")
            .arg(&path)
            .args(["list", "--json"])
            .output()
            .expect("run the CLI");
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let before = projects();
    let out = Command::new(cli)
        .args(["bench", "open", "--runs", "2", "--file"])
        .arg(&path)
        .output()
        .expect("run the CLI");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{text}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(text.contains("5 projects, 2 runs"), "{text}");
    for phase in [
        "| open |",
        "| portfolio snapshot |",
        "| figures + rows |",
        "| risk flags |",
        "| open + portfolio + risk flags |",
        "| load one project |",
    ] {
        assert!(text.contains(phase), "missing {phase} in\n{text}");
    }
    assert_eq!(projects(), before);
}

#[test]
fn bench_startup_prints_every_step() {
    let out = Command::new(env!("CARGO_BIN_EXE_firstgoal-cli"))
        .args(["bench", "startup", "--projects", "30", "--runs", "1"])
        .output()
        .expect("run the CLI");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{text}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    for step in [
        "| open the file (checks, WAL, migrations) | ",
        "| daily backup (VACUUM INTO, once) | ",
        "| every project + every risk count (before) | ",
        "| first page of 100 + its risk counts | ",
        "| last page of 100 + its risk counts | ",
        "| search \"7\", first page of 100 + its risk counts | ",
        "| first page of 100 alone (of 30) | ",
    ] {
        let line = text
            .lines()
            .find(|l| l.starts_with(step))
            .unwrap_or_else(|| panic!("missing step {step:?} in\n{text}"));
        assert!(line.ends_with(" ms |"), "{line}");
    }
}
