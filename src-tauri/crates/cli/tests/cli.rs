//! The built `firstgoal-cli` binary, run as a user would, against temporary SQLite files.

use std::fs;
use std::path::Path;
use std::process::{Command, Output};

use tempfile::TempDir;

/// A command for the binary that can never reach the user's real database: the env var is
/// cleared and the home and data folders point into the test's temporary folder.
fn cli(dir: &TempDir) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_firstgoal-cli"));
    cmd.env_remove("FIRSTGOAL_DB")
        .env("HOME", dir.path().join("home"))
        .env("XDG_DATA_HOME", dir.path().join("data"));
    cmd
}

fn run(cmd: &mut Command) -> Output {
    cmd.output().expect("run firstgoal-cli")
}

fn stdout(out: &Output) -> String {
    String::from_utf8(out.stdout.clone()).expect("UTF-8 stdout")
}

fn stderr(out: &Output) -> String {
    String::from_utf8(out.stderr.clone()).expect("UTF-8 stderr")
}

#[track_caller]
fn assert_success(out: &Output) {
    assert!(
        out.status.success(),
        "exit {:?}\nstdout: {}\nstderr: {}",
        out.status,
        stdout(out),
        stderr(out)
    );
}

/// Writes `n` demo projects with `seed` into `db` through the CLI.
fn demo(dir: &TempDir, db: &Path, n: usize, seed: u64) -> Output {
    let out = run(cli(dir).arg("--db").arg(db).args([
        "demo",
        "--projects",
        &n.to_string(),
        "--seed",
        &seed.to_string(),
    ]));
    assert_success(&out);
    out
}

fn list_json(cmd: &mut Command) -> Vec<serde_json::Value> {
    let out = run(cmd.args(["list", "--json"]));
    assert_success(&out);
    let value: serde_json::Value =
        serde_json::from_str(&stdout(&out)).expect("list --json is JSON");
    value.as_array().expect("a JSON array").clone()
}

/// The product binary offers product commands only: benchmarks and test-support commands live
/// in `firstgoal-bench`.
#[test]
fn help_lists_the_product_commands_and_no_benchmark_or_test_support_command() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = run(cli(&dir).arg("--help"));
    assert_success(&out);
    let help = stdout(&out);
    for command in [
        "list",
        "export",
        "import",
        "demo",
        "stakeholders",
        "map",
        "journey",
        "portfolio",
        "week",
        "calendar",
        "summary",
        "report",
        "team",
    ] {
        assert!(
            help.lines()
                .any(|l| l.trim_start().starts_with(&format!("{command} "))),
            "{command} missing from\n{help}"
        );
    }
    for word in ["bench", "stress"] {
        assert!(!help.to_lowercase().contains(word), "{word} in\n{help}");
    }
    for hidden in [["bench", "all"], ["stress-write", "--rounds"]] {
        let out = run(cli(&dir).args(hidden));
        assert!(!out.status.success(), "{hidden:?} must not be a command");
        assert!(
            stderr(&out).contains("unrecognized subcommand"),
            "{}",
            stderr(&out)
        );
    }
}

#[test]
fn demo_projects_have_touchpoints_and_a_journey_with_two_revisions() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("demo.sqlite");
    demo(&dir, &path, 6, 3);
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    rt.block_on(async {
        let db = firstgoal_core::Db::open(&path).await.expect("open");
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
fn demo_then_list_prints_one_row_per_project() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("demo.sqlite");

    let out = demo(&dir, &db, 3, 1);
    assert!(
        stdout(&out).contains("wrote 3 demo projects"),
        "{}",
        stdout(&out)
    );
    assert!(db.is_file());

    let out = run(cli(&dir).arg("--db").arg(&db).arg("list"));
    assert_success(&out);
    let text = stdout(&out);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 5, "header, 3 rows, total:\n{text}");
    assert!(
        lines[0].contains("contract") && lines[0].contains("customer"),
        "{}",
        lines[0]
    );
    assert_eq!(lines[4], "3 project(s)");
    let json = list_json(cli(&dir).arg("--db").arg(&db));
    for (row, project) in lines[1..4].iter().zip(&json) {
        let id = project["id"].as_i64().expect("id");
        let name = project["customer_name"].as_str().expect("name");
        let contract = project["contract_date"].as_str().expect("contract date");
        assert!(row.trim_start().starts_with(&id.to_string()), "{row}");
        assert!(row.ends_with(name), "{row} shows {name}");
        assert!(row.contains(contract), "{row} shows {contract}");
    }
}

#[test]
fn list_json_is_an_array_of_the_projects() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("json.sqlite");
    demo(&dir, &db, 3, 1);

    let projects = list_json(cli(&dir).arg("--db").arg(&db));
    assert_eq!(projects.len(), 3);
    for p in &projects {
        assert!(p["id"].is_i64());
        assert!(!p["customer_name"].as_str().expect("name").is_empty());
        assert_eq!(
            p["contract_date"].as_str().expect("date").len(),
            10,
            "ISO date"
        );
        assert_eq!(
            p["kickoff_date"].as_str().expect("date").len(),
            10,
            "ISO date"
        );
        let segment = p["segment"].as_str().expect("segment");
        assert!(
            ["high_touch", "low_touch", "tech_touch"].contains(&segment),
            "{segment}"
        );
        assert!(p["archived_at"].is_null());
        assert_eq!(p["version"], 1);
    }
    // Newest kickoff first.
    let kickoffs: Vec<&str> = projects
        .iter()
        .map(|p| p["kickoff_date"].as_str().expect("date"))
        .collect();
    let mut sorted = kickoffs.clone();
    sorted.sort_unstable_by(|a, b| b.cmp(a));
    assert_eq!(kickoffs, sorted);
}

#[test]
fn the_same_seed_lists_the_same_projects() {
    let dir = tempfile::tempdir().expect("temp dir");
    let a = dir.path().join("a.sqlite");
    let b = dir.path().join("b.sqlite");
    let c = dir.path().join("c.sqlite");
    demo(&dir, &a, 3, 1);
    demo(&dir, &b, 3, 1);
    demo(&dir, &c, 3, 2);
    let content = |db: &Path| -> Vec<(String, String, String)> {
        list_json(cli(&dir).arg("--db").arg(db))
            .iter()
            .map(|p| {
                let field = |k: &str| p[k].as_str().expect("string field").to_owned();
                (
                    field("customer_name"),
                    field("contract_date"),
                    field("kickoff_date"),
                )
            })
            .collect()
    };
    assert_eq!(content(&a), content(&b));
    assert_ne!(content(&a), content(&c));
}

#[test]
fn the_env_var_names_the_database_and_db_overrides_it() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("from-env.sqlite");
    demo(&dir, &db, 3, 1);

    let out = run(cli(&dir).env("FIRSTGOAL_DB", &db).arg("list"));
    assert_success(&out);
    assert_eq!(stdout(&out).lines().last(), Some("3 project(s)"));
    assert_eq!(list_json(cli(&dir).env("FIRSTGOAL_DB", &db)).len(), 3);

    // An explicit --db wins over the variable.
    let other = dir.path().join("explicit.sqlite");
    let out = run(cli(&dir)
        .env("FIRSTGOAL_DB", &db)
        .arg("--db")
        .arg(&other)
        .arg("list"));
    assert_success(&out);
    assert_eq!(stdout(&out).lines().last(), Some("0 project(s)"));
    assert!(other.is_file(), "the --db file was created");
}

#[cfg(target_os = "linux")]
#[test]
fn without_db_or_env_the_file_in_the_data_folder_is_used() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = run(cli(&dir).arg("list"));
    assert_success(&out);
    assert_eq!(stdout(&out).lines().last(), Some("0 project(s)"));
    assert!(
        dir.path()
            .join("data")
            .join("FirstGoal")
            .join("firstgoal.sqlite")
            .is_file()
    );
}

#[test]
fn demo_refuses_a_file_that_already_holds_projects() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("twice.sqlite");
    demo(&dir, &db, 3, 1);

    let out = run(cli(&dir)
        .arg("--db")
        .arg(&db)
        .args(["demo", "--projects", "5"]));
    assert!(!out.status.success(), "a second demo must fail");
    assert!(stderr(&out).contains("error[refused]"), "{}", stderr(&out));
    assert_eq!(list_json(cli(&dir).arg("--db").arg(&db)).len(), 3);
}

#[test]
fn a_non_sqlite_file_is_refused_and_left_unchanged() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("notes.txt");
    let text = "Shopping list: milk, eggs, bread.\n".repeat(50);
    fs::write(&path, &text).expect("write text file");

    for args in [
        &["list"][..],
        &["list", "--json"],
        &["demo", "--projects", "2"],
    ] {
        let out = run(cli(&dir).arg("--db").arg(&path).args(args));
        assert!(!out.status.success(), "{args:?} must fail");
        assert_eq!(out.status.code(), Some(1));
        let err = stderr(&out);
        assert!(err.contains("not_a_database"), "{args:?}: {err}");
        assert!(
            err.contains(&path.display().to_string()),
            "names the file: {err}"
        );
        assert!(
            stdout(&out).is_empty(),
            "nothing on stdout: {}",
            stdout(&out)
        );
        assert_eq!(
            fs::read(&path).expect("read"),
            text.as_bytes(),
            "{args:?} changed the file"
        );
    }
    let mut names: Vec<_> = fs::read_dir(dir.path())
        .expect("read dir")
        .map(|e| e.expect("entry").file_name())
        .collect();
    names.sort();
    assert_eq!(names, ["notes.txt"], "no -wal or -shm file appeared");

    // The same through the environment variable.
    let out = run(cli(&dir).env("FIRSTGOAL_DB", &path).arg("list"));
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("error[not_a_database]"),
        "{}",
        stderr(&out)
    );
    assert_eq!(fs::read(&path).expect("read"), text.as_bytes());
}

#[test]
fn map_writes_svg_and_png_of_a_demo_project() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("demo.sqlite");
    demo(&dir, &db, 2, 3);
    let svg = dir.path().join("map.svg");
    let out = run(cli(&dir)
        .arg("--db")
        .arg(&db)
        .args(["map", "--project", "1", "--format", "svg", "--out"])
        .arg(&svg));
    assert_success(&out);
    let text = fs::read_to_string(&svg).expect("svg written");
    assert!(text.starts_with("<svg") && text.contains("ステークホルダーマップ"));
    let png = dir.path().join("map.png");
    let out = run(cli(&dir)
        .arg("--db")
        .arg(&db)
        .args([
            "map",
            "--project",
            "2",
            "--format",
            "png",
            "--lang",
            "en",
            "--out",
        ])
        .arg(&png));
    assert_success(&out);
    assert!(
        fs::read(&png)
            .expect("png written")
            .starts_with(b"\x89PNG\r\n\x1a\n")
    );
    // A project that does not exist is an error and writes nothing.
    let missing = dir.path().join("none.svg");
    let out = run(cli(&dir)
        .arg("--db")
        .arg(&db)
        .args(["map", "--project", "99", "--format", "svg", "--out"])
        .arg(&missing));
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("error[not_found]"),
        "{}",
        stderr(&out)
    );
    assert!(!missing.exists());
}

#[test]
fn export_then_import_into_a_new_file_gives_the_same_projects() {
    let dir = tempfile::tempdir().expect("temp dir");
    let source = dir.path().join("source.sqlite");
    let target = dir.path().join("target.sqlite");
    let dump = dir.path().join("dump.json");
    demo(&dir, &source, 6, 11);
    let out = run(cli(&dir)
        .arg("--db")
        .arg(&source)
        .arg("export")
        .arg("--out")
        .arg(&dump));
    assert_success(&out);
    assert!(stdout(&out).starts_with("exported "));
    let out = run(cli(&dir)
        .arg("--db")
        .arg(&target)
        .arg("import")
        .arg("--in")
        .arg(&dump));
    assert_success(&out);
    assert_eq!(
        list_json(cli(&dir).arg("--db").arg(&source)),
        list_json(cli(&dir).arg("--db").arg(&target))
    );

    // A damaged export is refused with its place, and the target keeps what it had.
    std::fs::write(
        &dump,
        "{\"format\": \"firstgoal-export\", \"format_version\": \"one\"}",
    )
    .expect("write");
    let out = run(cli(&dir)
        .arg("--db")
        .arg(&target)
        .arg("import")
        .arg("--in")
        .arg(&dump));
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("error[invalid_import]"),
        "{}",
        stderr(&out)
    );
    assert!(stderr(&out).contains("format_version"), "{}", stderr(&out));
    assert_eq!(list_json(cli(&dir).arg("--db").arg(&target)).len(), 6);
}

/// A journey file as the app exports it: two lanes, markup and Japanese in a title.
const JOURNEY_JSON: &str = r##"{
  "format": "firstgoal-journey",
  "version": 1,
  "name": "Onboarding",
  "lanes": [
    { "id": "sales", "name": "Sales", "color": "#fdf0e3" },
    { "id": "cs", "name": "CS", "color": "#e6f6ec" }
  ],
  "steps": [
    { "id": "a", "lane": "sales", "title": "Close <deal> & \"go\"", "kind": "action" },
    { "id": "b", "lane": "cs", "title": "キックオフ", "kind": "touchpoint", "status": "current" }
  ],
  "connections": [{ "id": "c", "from": "a", "to": "b", "label": "handoff" }]
}"##;

#[test]
fn journey_import_then_export_in_every_format() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("j.sqlite");
    demo(&dir, &db, 1, 3);
    let file = dir.path().join("in.json");
    fs::write(&file, JOURNEY_JSON).expect("write json");
    let out = run(cli(&dir)
        .arg("--db")
        .arg(&db)
        .args(["journey", "import", "--project", "1", "--file"])
        .arg(&file));
    assert_success(&out);
    // The demo project already has its own journey (1): the imported one is the second.
    assert!(
        stdout(&out).contains("imported journey 2 \"Onboarding\" (2 steps)"),
        "{}",
        stdout(&out)
    );

    for format in ["svg", "png", "pdf", "mermaid", "drawio", "json"] {
        let target = dir.path().join(format!("out.{format}"));
        let out = run(cli(&dir)
            .arg("--db")
            .arg(&db)
            .args([
                "journey",
                "export",
                "--journey",
                "2",
                "--format",
                format,
                "--scale",
                "1.5",
                "--out",
            ])
            .arg(&target));
        assert_success(&out);
        assert!(
            fs::metadata(&target).expect("export written").len() > 50,
            "{format}"
        );
    }
    let svg = fs::read_to_string(dir.path().join("out.svg")).expect("svg");
    assert!(svg.contains("Close &lt;deal&gt; &amp; &quot;go&quot;"));
    let mermaid = fs::read_to_string(dir.path().join("out.mermaid")).expect("mermaid");
    assert_eq!(mermaid.matches("subgraph ").count(), 2);
    let json: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(dir.path().join("out.json")).expect("json"))
            .expect("valid json");
    assert_eq!(json["steps"][1]["title"], "キックオフ");
}

#[test]
fn a_mermaid_export_over_mermaids_limits_is_written_with_a_warning() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("j.sqlite");
    demo(&dir, &db, 1, 3);
    let steps: Vec<serde_json::Value> = (0..=501)
        .map(|i| serde_json::json!({ "id": format!("s{i}"), "lane": "cs", "title": format!("step {i}"), "kind": "action" }))
        .collect();
    let connections: Vec<serde_json::Value> = (1..=501)
        .map(|i| serde_json::json!({ "id": format!("c{i}"), "from": format!("s{}", i - 1), "to": format!("s{i}") }))
        .collect();
    let file = dir.path().join("big.json");
    let journey = serde_json::json!({
        "format": "firstgoal-journey", "version": 1, "name": "Big",
        "lanes": [{ "id": "cs", "name": "CS", "color": "#e6f6ec" }],
        "steps": steps, "connections": connections,
    });
    fs::write(&file, journey.to_string()).expect("write json");
    assert_success(&run(cli(&dir)
        .arg("--db")
        .arg(&db)
        .args(["journey", "import", "--project", "1", "--file"])
        .arg(&file)));
    let export = |format: &str| {
        run(cli(&dir)
            .arg("--db")
            .arg(&db)
            .args([
                "journey",
                "export",
                "--journey",
                "2",
                "--format",
                format,
                "--out",
            ])
            .arg(dir.path().join(format!("big.{format}"))))
    };
    let out = export("mermaid");
    assert_success(&out);
    assert!(stdout(&out).starts_with("wrote "), "{}", stdout(&out));
    let warning = stderr(&out);
    assert!(warning.starts_with("warning: "), "{warning}");
    for part in [
        "501 connections",
        "500 edges",
        "50000 characters",
        "as draw.io or SVG",
    ] {
        assert!(warning.contains(part), "{part} in {warning}");
    }
    let out = export("drawio");
    assert_success(&out);
    assert_eq!(stderr(&out), "", "no warning for draw.io");
}

#[test]
fn journey_errors_are_clear() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("j.sqlite");
    let file = dir.path().join("bad.json");
    fs::write(&file, JOURNEY_JSON.replace("\"touchpoint\"", "\"meeting\"")).expect("write json");
    let out = run(cli(&dir)
        .arg("--db")
        .arg(&db)
        .args(["journey", "import", "--file"])
        .arg(&file));
    assert!(!out.status.success());
    let err = stderr(&out);
    assert!(err.starts_with("error[invalid_file]"), "{err}");
    assert!(err.contains("steps[1].kind"), "{err}");

    let out = run(cli(&dir)
        .arg("--db")
        .arg(&db)
        .args([
            "journey",
            "export",
            "--journey",
            "9",
            "--format",
            "svg",
            "--out",
        ])
        .arg(dir.path().join("x.svg")));
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("journey 9 does not exist"),
        "{}",
        stderr(&out)
    );
    let out = run(cli(&dir)
        .arg("--db")
        .arg(&db)
        .args([
            "journey",
            "export",
            "--journey",
            "1",
            "--format",
            "gif",
            "--out",
        ])
        .arg(dir.path().join("x.gif")));
    assert!(!out.status.success());
}

/// `portfolio --json` prints the figures the core computes for the file (the same call the app
/// makes), filters narrow them, and the text output names each figure with its definition.
#[test]
fn portfolio_prints_the_core_figures_and_follows_filters() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("demo.sqlite");
    demo(&dir, &db, 60, 3);
    let json = |extra: &[&str]| -> serde_json::Value {
        let out = run(cli(&dir)
            .arg("--db")
            .arg(&db)
            .args(["portfolio", "--today", "2026-01-01", "--json"])
            .args(extra));
        assert_success(&out);
        serde_json::from_str(&stdout(&out)).expect("portfolio --json is JSON")
    };
    let all = json(&[]);
    assert_eq!(all["figures"]["projects"], 60);
    assert_eq!(all["rows"].as_array().expect("rows").len(), 60);
    let finished = all["figures"]["ttv_finished"].as_u64().expect("count");
    assert!(finished > 0 && finished < 60, "{finished}");
    let median = all["figures"]["ttv_median"].as_f64().expect("median");
    let p90 = all["figures"]["ttv_p90"].as_f64().expect("p90");
    assert!(median <= p90);
    // Deterministic: the same file and day give the same figures.
    assert_eq!(json(&[])["figures"], all["figures"]);
    let high = json(&["--segment", "high_touch"]);
    let high_rows = all["rows"]
        .as_array()
        .expect("rows")
        .iter()
        .filter(|r| r["segment"] == "high_touch")
        .count();
    assert_eq!(high["figures"]["projects"], high_rows);

    let out = run(cli(&dir)
        .arg("--db")
        .arg(&db)
        .args(["portfolio", "--today", "2026-01-01"]));
    assert_success(&out);
    let text = stdout(&out);
    assert!(text.contains("projects                      60"), "{text}");
    assert!(text.contains("linear interpolation"), "{text}");

    let bad = run(cli(&dir)
        .arg("--db")
        .arg(&db)
        .args(["portfolio", "--kickoff-month", "2026-13"]));
    assert!(!bad.status.success());
    assert!(stderr(&bad).contains("kickoff_month"), "{}", stderr(&bad));
}

/// `week` lists what the core finds for the file: counts per kind that add up to the total, the
/// most urgent items first, and `--mine` only once the user said who they are.
#[test]
fn week_lists_what_needs_attention_and_mine_needs_who_you_are() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("demo.sqlite");
    demo(&dir, &db, 40, 5);
    let week = |extra: &[&str]| -> Output {
        run(cli(&dir)
            .arg("--db")
            .arg(&db)
            .args(["week", "--today", "2026-03-01"])
            .args(extra))
    };
    let out = week(&["--json"]);
    assert_success(&out);
    let all: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("week --json is JSON");
    let counts = all["counts"].as_array().expect("counts");
    assert_eq!(counts.len(), 10);
    let sum: u64 = counts
        .iter()
        .map(|c| c["count"].as_u64().expect("count"))
        .sum();
    assert_eq!(all["total"].as_u64(), Some(sum));
    assert!(sum > 0, "a demo file has something to look at");
    let items = all["items"].as_array().expect("items");
    let first_kind = counts.iter().find(|c| c["count"] != 0).expect("a kind")["kind"].clone();
    assert_eq!(items[0]["kind"], first_kind);

    let text = week(&[]);
    assert_success(&text);
    let text = stdout(&text);
    assert!(
        text.starts_with("this week as of 2026-03-01 · every project"),
        "{text}"
    );
    assert!(
        text.contains(first_kind.as_str().expect("a name")),
        "{text}"
    );

    let refused = week(&["--mine"]);
    assert!(!refused.status.success());
    assert!(
        stderr(&refused).contains("error[refused]"),
        "{}",
        stderr(&refused)
    );
    assert!(
        stderr(&refused).contains("Settings"),
        "{}",
        stderr(&refused)
    );
}

/// The calendar of every open project or of one, and a project's summary and report as PDF;
/// an unknown project is refused with its code and nothing is written.
#[test]
fn calendar_summary_and_report_are_written_and_an_unknown_project_is_refused() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("docs.sqlite");
    demo(&dir, &db, 3, 5);
    let all = dir.path().join("all.ics");
    let one = dir.path().join("one.ics");
    let out = run(cli(&dir)
        .arg("--db")
        .arg(&db)
        .args(["calendar", "--lang", "en", "--out"])
        .arg(&all));
    assert_success(&out);
    assert!(stdout(&out).starts_with("wrote "), "{}", stdout(&out));
    let out = run(cli(&dir)
        .arg("--db")
        .arg(&db)
        .args(["calendar", "--project", "1", "--out"])
        .arg(&one));
    assert_success(&out);
    let all = fs::read_to_string(&all).expect("calendar");
    let one = fs::read_to_string(&one).expect("calendar");
    assert!(all.starts_with("BEGIN:VCALENDAR\r\n"));
    assert!(all.contains("SUMMARY:Kickoff: "), "English summaries");
    assert!(one.contains("SUMMARY:キックオフ："), "Japanese by default");
    let events = |text: &str| text.matches("BEGIN:VEVENT").count();
    assert!(events(&one) >= 4 && events(&all) > events(&one));
    for command in ["summary", "report"] {
        let pdf = dir.path().join(format!("{command}.pdf"));
        let out = run(cli(&dir)
            .arg("--db")
            .arg(&db)
            .args([command, "--project", "1", "--format", "pdf", "--out"])
            .arg(&pdf));
        assert_success(&out);
        assert!(fs::read(&pdf).expect("pdf").starts_with(b"%PDF-"));
        let missing = dir.path().join(format!("{command}-missing.pdf"));
        let out = run(cli(&dir)
            .arg("--db")
            .arg(&db)
            .args([command, "--project", "999", "--format", "pdf", "--out"])
            .arg(&missing));
        assert!(!out.status.success());
        assert!(
            stderr(&out).contains("error[not_found]"),
            "{}",
            stderr(&out)
        );
        assert!(!missing.exists());
    }
}
