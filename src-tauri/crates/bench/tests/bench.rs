//! Smoke runs of every benchmark on tiny sizes. No timing is asserted: only that every row is
//! there and that the files measured are left alone.
//!
//! `all` and these tests run `firstgoal-cli` (for demo files) from the folder `firstgoal-bench` is
//! built in: `cargo test -p firstgoal-cli -p firstgoal-bench` (as `make test-rust` runs it) builds
//! both there; `cargo test -p firstgoal-bench` alone runs whatever `firstgoal-cli` was built last.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn bench() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_firstgoal-bench"));
    cmd.env_remove("FIRSTGOAL_DB");
    cmd
}

/// The product CLI next to `firstgoal-bench` (cargo gives a crate's tests only its own binaries).
fn product_cli() -> PathBuf {
    let path = Path::new(env!("CARGO_BIN_EXE_firstgoal-bench"))
        .with_file_name(format!("firstgoal-cli{}", std::env::consts::EXE_SUFFIX));
    assert!(
        path.is_file(),
        "{} is missing: build it first (cargo build -p firstgoal-cli)",
        path.display()
    );
    path
}

#[track_caller]
fn success(out: &Output) -> String {
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        out.status.success(),
        "exit {:?}\nstdout: {text}\nstderr: {}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    text
}

const ROWS: &[&str] = &[
    "| generate a 50-project demo file",
    "| generate a 500-project demo file",
    "| open a 50-project file, portfolio figures + risk flags |",
    "|   the same with the facts cache empty (first open after an import) |",
    "| the same at 500 projects (per-project time ratio 500/50) |",
    "|   portfolio::get on the open file",
    "|   same aggregates as one SQL query, sqlite3 shell |",
    "|   same query in-process via sqlx (floor) |",
    "| \"this week\" on the open 50-project file (",
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
    product_cli();
    let out = bench()
        .args(["all", "--quick"])
        .output()
        .expect("run firstgoal-bench");
    let text = success(&out);
    assert!(
        text.starts_with("firstgoal-bench all — 50 + 500 projects, seed 1, 100 steps (--quick")
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
fn bench_open_times_every_phase_on_an_existing_file_and_leaves_its_data_alone() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("demo.sqlite");
    let cli = product_cli();
    let demo = Command::new(&cli)
        .env_remove("FIRSTGOAL_DB")
        .arg("--db")
        .arg(&path)
        .args(["demo", "--projects", "5", "--seed", "2"])
        .output()
        .expect("run the CLI");
    assert!(demo.status.success());
    let projects = || {
        let out = Command::new(&cli)
            .env_remove("FIRSTGOAL_DB")
            .arg("--db")
            .arg(&path)
            .args(["list", "--json"])
            .output()
            .expect("run the CLI");
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let before = projects();
    let out = bench()
        .args(["open", "--runs", "2", "--file"])
        .arg(&path)
        .output()
        .expect("run firstgoal-bench");
    let text = success(&out);
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
    let out = bench()
        .args(["startup", "--projects", "30", "--runs", "1"])
        .output()
        .expect("run firstgoal-bench");
    let text = success(&out);
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

#[test]
fn journey_reports_layout_png_and_graphviz() {
    let out = bench()
        .args(["journey", "--steps", "60", "--lanes", "4"])
        .output()
        .expect("run firstgoal-bench");
    let text = success(&out);
    assert!(text.contains("journey: 60 steps, 4 lanes"), "{text}");
    assert!(text.contains("layout + SVG:"), "{text}");
    assert!(text.contains("PNG (scale 1):"), "{text}");
    assert!(text.contains("Graphviz"), "{text}");
}

#[test]
fn portfolio_times_the_runs_it_was_asked_for() {
    let out = bench()
        .args([
            "portfolio",
            "--projects",
            "20",
            "--seed",
            "2",
            "--runs",
            "3",
        ])
        .output()
        .expect("run firstgoal-bench");
    let text = success(&out);
    assert!(
        text.contains("generated 20 demo projects (seed 2)"),
        "{text}"
    );
    assert!(
        text.contains("portfolio of 20 projects (load + figures + sorted rows), 3 runs: min "),
        "{text}"
    );
}

#[test]
fn week_times_the_runs_it_was_asked_for() {
    let out = bench()
        .args(["week", "--projects", "20", "--seed", "2", "--runs", "3"])
        .output()
        .expect("run firstgoal-bench");
    let text = success(&out);
    assert!(
        text.contains("generated 20 demo projects (seed 2)"),
        "{text}"
    );
    assert!(text.contains("this week as of 2026-01-01 ("), "{text}");
    assert!(text.contains("items), 3 runs: min "), "{text}");
}

#[test]
fn transfer_times_generation_export_and_import() {
    let out = bench()
        .args(["transfer", "--projects", "8", "--runs", "1"])
        .output()
        .expect("run firstgoal-bench");
    let text = success(&out);
    for line in [
        "load average before: ",
        "generate 8 demo projects (seed 1): ",
        "export: ",
        "import into a new file: ",
        "load average after: ",
    ] {
        assert!(
            text.lines().any(|l| l.starts_with(line)),
            "missing {line:?} in\n{text}"
        );
    }
}
