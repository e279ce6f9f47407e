//! One file, several FirstGoal processes: the file is open in this test process "as the app has
//! it" while something else in the process opens and closes the database's files (what a GTK
//! file dialog does when it lists the file's folder, which drops SQLite's POSIX locks), and
//! `firstgoal-cli` runs on the same file meanwhile. No committed change may be lost.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use firstgoal_core::Db;
use firstgoal_core::projects::{self, ProjectInput, Segment};
use tempfile::TempDir;

fn cli(dir: &TempDir) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_firstgoal-cli"));
    cmd.env_remove("FIRSTGOAL_DB")
        .env("HOME", dir.path().join("home"))
        .env("XDG_DATA_HOME", dir.path().join("data"));
    cmd
}

/// Runs the CLI off the async workers: this process owns the file and answers the CLI's request
/// for a snapshot on them while the CLI runs.
async fn run(mut cmd: Command) -> Output {
    tokio::task::spawn_blocking(move || cmd.output().expect("run firstgoal-cli"))
        .await
        .expect("join")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[track_caller]
fn assert_success(out: &Output) {
    assert!(
        out.status.success(),
        "exit {:?}\nstdout: {}\nstderr: {}",
        out.status,
        text(&out.stdout),
        text(&out.stderr)
    );
}

fn input(name: &str) -> ProjectInput {
    ProjectInput {
        customer_name: name.to_owned(),
        contract_date: "2026-01-05".to_owned(),
        kickoff_date: "2026-01-20".to_owned(),
        segment: Segment::HighTouch,
        owner: "佐藤".to_owned(),
    }
}

fn sidecar(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

/// Opens and closes a descriptor of the database file and of its `-wal` and `-shm`, as GIO does
/// in the app's process to sniff file types for a dialog's listing.
fn touch_like_a_dialog(path: &Path) {
    for suffix in ["", "-wal", "-shm"] {
        if let Ok(file) = fs::File::open(sidecar(path, suffix)) {
            drop(file);
        }
    }
}

/// The locks this process holds on `path` according to the kernel.
#[cfg(target_os = "linux")]
fn posix_locks_held(path: &Path) -> usize {
    use std::os::unix::fs::MetadataExt;
    let meta = fs::metadata(path).expect("stat");
    let inode = format!(":{}", meta.ino());
    let pid = std::process::id().to_string();
    fs::read_to_string("/proc/locks")
        .expect("/proc/locks")
        .lines()
        .filter(|l| l.contains("POSIX") && l.split_whitespace().any(|w| w == pid))
        .filter(|l| l.split_whitespace().any(|w| w.ends_with(&inode)))
        .count()
}

/// The names of the projects in what is on disk now, read from a copy of the file and its WAL:
/// what a user would find if the app were quit (or killed) at this moment.
async fn names_on_disk(path: &Path) -> Vec<String> {
    let copy = tempfile::tempdir().expect("temp dir");
    let target = copy.path().join("copy.sqlite");
    fs::copy(path, &target).expect("copy the file");
    if let Ok(wal) = fs::read(sidecar(path, "-wal")) {
        fs::write(sidecar(&target, "-wal"), wal).expect("copy the WAL");
    }
    let db = Db::open(&target).await.expect("open the copy");
    db.check_integrity().await.expect("integrity of the copy");
    let names = names(&db).await;
    db.close().await;
    names
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
async fn a_cli_run_after_a_dialog_loses_no_later_change() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("projects.sqlite");
    let db = Db::open(&path).await.expect("open");
    projects::create(&db, &input("Project A"))
        .await
        .expect("create A");

    touch_like_a_dialog(&path);
    #[cfg(target_os = "linux")]
    assert_eq!(
        posix_locks_held(&path),
        0,
        "closing any descriptor drops the process's SQLite locks (the cause this guards against)"
    );

    let mut list = cli(&dir);
    list.arg("--db").arg(&path).args(["list", "--json"]);
    let out = run(list).await;
    assert_success(&out);
    let listed: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(listed.as_array().map(Vec::len), Some(1), "{listed}");
    assert!(
        text(&out.stderr).contains(&format!(
            "open in FirstGoal (process {})",
            std::process::id()
        )),
        "the CLI says which process has the file: {}",
        text(&out.stderr)
    );

    projects::create(&db, &input("Project B"))
        .await
        .expect("create B");
    assert_eq!(
        names_on_disk(&path).await,
        ["Project A", "Project B"],
        "B is on disk, not only in a WAL someone deleted"
    );

    // A second run on the same file, then the app quits and the file is opened again.
    touch_like_a_dialog(&path);
    let mut list = cli(&dir);
    list.arg("--db").arg(&path).arg("list");
    assert_success(&run(list).await);
    projects::create(&db, &input("Project C"))
        .await
        .expect("create C");
    db.close().await;
    let db = Db::open(&path).await.expect("reopen");
    db.check_integrity().await.expect("integrity");
    assert_eq!(names(&db).await, ["Project A", "Project B", "Project C"]);
    db.close().await;
}

const JOURNEY_JSON: &str = r##"{
  "format": "firstgoal-journey",
  "version": 1,
  "name": "Onboarding",
  "lanes": [{ "id": "cs", "name": "CS", "color": "#e6f6ec" }],
  "steps": [{ "id": "a", "lane": "cs", "title": "Kickoff", "kind": "action" }],
  "connections": []
}"##;

/// Every command of the CLI that opens a file, run while another process has it open after a
/// dialog: the ones that read get a snapshot and succeed, the ones that write are refused with
/// the process that has it, and nothing of the file changes either way.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_cli_command_on_an_open_file_reads_a_snapshot_or_is_refused() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("projects.sqlite");
    // A file with a project that has stakeholders and a journey (for map and journey export).
    let mut demo = cli(&dir);
    demo.arg("--db")
        .arg(&path)
        .args(["demo", "--projects", "2", "--seed", "4"]);
    assert_success(&run(demo).await);
    let db = Db::open(&path).await.expect("open");
    let before = names(&db).await;
    touch_like_a_dialog(&path);

    let export = dir.path().join("all.json");
    let csv = dir.path().join("people.csv");
    fs::write(&csv, "氏名,部署\n山田 太郎,情報システム部\n").expect("csv");
    let journey = dir.path().join("journey.json");
    fs::write(&journey, JOURNEY_JSON).expect("journey");
    let out_file = |name: &str| dir.path().join(name).display().to_string();
    let reads: Vec<Vec<String>> = vec![
        vec!["list".into()],
        vec![
            "export".into(),
            "--out".into(),
            export.display().to_string(),
        ],
        vec!["portfolio".into()],
        vec![
            "map".into(),
            "--project".into(),
            "1".into(),
            "--format".into(),
            "svg".into(),
            "--out".into(),
            out_file("map.svg"),
        ],
        vec![
            "journey".into(),
            "export".into(),
            "--journey".into(),
            "1".into(),
            "--format".into(),
            "svg".into(),
            "--out".into(),
            out_file("journey.svg"),
        ],
        vec!["calendar".into(), "--out".into(), out_file("all.ics")],
        vec![
            "summary".into(),
            "--project".into(),
            "1".into(),
            "--format".into(),
            "pdf".into(),
            "--out".into(),
            out_file("summary.pdf"),
        ],
        vec![
            "report".into(),
            "--project".into(),
            "1".into(),
            "--format".into(),
            "pdf".into(),
            "--out".into(),
            out_file("report.pdf"),
        ],
    ];
    for args in &reads {
        let mut cmd = cli(&dir);
        cmd.arg("--db").arg(&path).args(args);
        let out = run(cmd).await;
        assert_success(&out);
        assert!(
            text(&out.stderr).contains("reading a snapshot"),
            "{args:?}: {}",
            text(&out.stderr)
        );
    }
    assert!(fs::metadata(&export).expect("export written").len() > 100);
    assert!(
        fs::read_to_string(out_file("map.svg"))
            .expect("map")
            .starts_with("<svg")
    );

    let writes: Vec<Vec<String>> = vec![
        vec!["import".into(), "--in".into(), export.display().to_string()],
        vec!["demo".into(), "--projects".into(), "1".into()],
        vec![
            "stakeholders".into(),
            "import".into(),
            "--project".into(),
            "1".into(),
            "--csv".into(),
            csv.display().to_string(),
        ],
        vec![
            "journey".into(),
            "import".into(),
            "--project".into(),
            "1".into(),
            "--file".into(),
            journey.display().to_string(),
        ],
    ];
    let refusal = format!("open in FirstGoal (process {})", std::process::id());
    for args in &writes {
        let mut cmd = cli(&dir);
        cmd.arg("--db").arg(&path).args(args);
        let out = run(cmd).await;
        assert!(!out.status.success(), "{args:?} must be refused");
        let err = text(&out.stderr);
        assert!(
            err.contains("error[in_use]") && err.contains(&refusal),
            "{args:?}: {err}"
        );
    }

    // Nothing changed, nothing was lost, and this process still writes to a file on disk.
    assert_eq!(names(&db).await, before);
    projects::create(&db, &input("After the commands"))
        .await
        .expect("create");
    let mut expected = before.clone();
    expected.push("After the commands".to_owned());
    expected.sort();
    assert_eq!(names_on_disk(&path).await, expected);
    db.close().await;
    let db = Db::open(&path).await.expect("reopen");
    db.check_integrity().await.expect("integrity");
    assert_eq!(names(&db).await, expected);
    db.close().await;
}

/// A second FirstGoal process that opens the file the way the app does (`Db::open`, as every
/// writing command does) waits for the first to let go, then works on it as usual.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn once_the_owner_closes_the_file_another_process_opens_it_as_usual() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("projects.sqlite");
    let db = Db::open(&path).await.expect("open");
    projects::create(&db, &input("First"))
        .await
        .expect("create");
    db.close().await;

    let mut demo = cli(&dir);
    demo.arg("--db")
        .arg(&path)
        .args(["stakeholders", "import", "--project", "1", "--csv"])
        .arg(dir.path().join("missing.csv"));
    let out = run(demo).await;
    // Refused for the missing CSV, not for the file being in use.
    assert!(
        !text(&out.stderr).contains("in_use"),
        "{}",
        text(&out.stderr)
    );

    let mut list = cli(&dir);
    list.arg("--db").arg(&path).arg("list");
    let out = run(list).await;
    assert_success(&out);
    assert!(!text(&out.stderr).contains("snapshot"));
    assert!(text(&out.stdout).contains("First"));
}

/// The snapshot a reader got is deleted by its owner when the reader is done.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn snapshots_for_readers_are_removed_afterwards() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("projects.sqlite");
    let db = Db::open(&path).await.expect("open");
    projects::create(&db, &input("Snap")).await.expect("create");
    let mut list = cli(&dir);
    list.arg("--db")
        .arg(&path)
        .arg("list")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped());
    let child = list.spawn().expect("spawn");
    let reader = child.id();
    let out = tokio::task::spawn_blocking(move || child.wait_with_output().expect("wait"))
        .await
        .expect("join");
    assert_success(&out);
    assert!(text(&out.stderr).contains("reading a snapshot"));
    let holder = firstgoal_core::db::owner::read_holder(&path);
    assert_eq!(holder.pid, Some(std::process::id()));
    let socket = holder.socket.expect("the owner serves snapshots");
    assert!(socket.exists());
    // The owner removes the snapshot once the reader's connection ends; give it a moment.
    let snapshots = dirs_snapshots();
    for _ in 0..100 {
        if leftover(&snapshots, reader) == 0 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    assert_eq!(leftover(&snapshots, reader), 0, "{}", snapshots.display());
    db.close().await;
}

/// Where this process (the owner) writes snapshots: the user's cache folder.
fn dirs_snapshots() -> PathBuf {
    let cache = std::env::var_os("XDG_CACHE_HOME")
        .map(PathBuf::from)
        .filter(|p| p.is_absolute())
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cache")))
        .unwrap_or_else(std::env::temp_dir);
    cache.join("FirstGoal").join("snapshots")
}

/// Snapshot folders made for the reader `pid` that are still there.
fn leftover(dir: &Path, pid: u32) -> usize {
    let prefix = format!("snapshot-{pid}-");
    fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .filter(|e| e.file_name().to_string_lossy().starts_with(&prefix))
                .count()
        })
        .unwrap_or(0)
}

/// Three FirstGoal processes on one brand-new file at the same moment: creating and migrating it
/// is one process's work, the others wait for it or read from it; none fails ("table projects
/// already exists" used to break most such runs).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn three_processes_creating_one_new_file_at_once_all_succeed() {
    for round in 0..3 {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join(format!("new-{round}.sqlite"));
        let runs = (0..3).map(|_| {
            let mut cmd = cli(&dir);
            cmd.arg("--db").arg(&path).args(["list", "--json"]);
            run(cmd)
        });
        for out in futures_join(runs).await {
            assert_success(&out);
        }
        let db = Db::open(&path).await.expect("open");
        db.check_integrity().await.expect("integrity");
        assert!(names(&db).await.is_empty());
        db.close().await;
    }
}

/// Waits for every future (the CLI runs are on the blocking pool, so they overlap).
async fn futures_join<F: std::future::Future<Output = Output> + Send + 'static>(
    runs: impl Iterator<Item = F>,
) -> Vec<Output> {
    let handles: Vec<_> = runs.map(tokio::spawn).collect();
    let mut outs = Vec::new();
    for handle in handles {
        outs.push(handle.await.expect("join"));
    }
    outs
}
