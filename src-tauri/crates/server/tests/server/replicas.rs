//! Client replicas: FirstGoal files driven through `firstgoal-cli team …` against a real server
//! process, compared record by record through `firstgoal-cli export`.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Output, Stdio};
use std::thread::JoinHandle;

use firstgoal_core::Db;
use firstgoal_core::projects::{self, ProjectInput, Segment};
use firstgoal_protocol::Role;
use firstgoal_server::admin;
use firstgoal_sync::replica::tables::{self, LOCAL_COLUMNS, TRAVELLING};
use serde_json::Value;
use sqlx::PgPool;
use tempfile::TempDir;

/// The CLI built next to this test binary (`make test-server` builds it).
pub fn cli() -> PathBuf {
    let exe = std::env::current_exe().expect("test binary path");
    let dir = exe.parent().and_then(Path::parent).expect("target dir");
    let cli = dir.join("firstgoal-cli");
    assert!(
        cli.exists(),
        "{} is missing: build it (`make test-server` does)",
        cli.display()
    );
    cli
}

/// One person's FirstGoal file and user config folder (where the credential is kept).
pub struct Replica {
    _dir: TempDir,
    pub file: PathBuf,
    /// The user's config folder (`XDG_CONFIG_HOME`), where the credential is kept.
    pub config: PathBuf,
}

impl Replica {
    pub fn new() -> Replica {
        let dir = tempfile::tempdir().expect("temp dir");
        Replica {
            file: dir.path().join("team.sqlite"),
            config: dir.path().join("config"),
            _dir: dir,
        }
    }

    pub fn command(&self, args: &[&str]) -> Command {
        let mut c = Command::new(cli());
        // No session bus, so no Secret Service: the credential goes to its file in `config`
        // (and a developer's own keyring is never written by the tests).
        let no_bus = format!("unix:path={}", self.config.join("no-bus").display());
        c.env("XDG_CONFIG_HOME", &self.config)
            .env("DBUS_SESSION_BUS_ADDRESS", no_bus)
            .env_remove("FIRSTGOAL_DB")
            .arg("--db")
            .arg(&self.file)
            .args(args);
        c
    }

    pub fn run(&self, args: &[&str]) -> Output {
        self.command(args).output().expect("the CLI runs")
    }

    /// Runs and expects success; returns stdout.
    pub fn ok(&self, args: &[&str]) -> String {
        succeeded(self.command(args), &format!("{args:?}"))
    }

    /// A person added to `team` with `role`, this file enrolled with their code.
    pub async fn enrolled(pool: &PgPool, url: &str, team: &str, role: Role) -> Replica {
        let replica = Replica::new();
        replica.enrol(pool, url, team, role, &[]).await;
        replica
    }

    /// Adds a person to `team` with `role` and enrols this file with their code (and `extra`
    /// arguments of `team enrol`).
    pub async fn enrol(&self, pool: &PgPool, url: &str, team: &str, role: Role, extra: &[&str]) {
        let name = format!("person {}", uuid::Uuid::new_v4());
        let code = admin::add_person(pool, team, &name, role)
            .await
            .expect("person added");
        let mut args = vec!["team", "enrol", "--server", url, "--code", &code];
        args.extend_from_slice(extra);
        let out = self.ok(&args);
        assert!(out.contains("enrolled in team"), "{out}");
    }

    pub fn sync(&self) -> String {
        self.ok(&["team", "sync"])
    }

    /// The first line of `team status` (then the team, and where the credential is kept).
    pub fn status(&self) -> String {
        let out = self.ok(&["team", "status"]);
        out.lines().next().unwrap_or_default().to_owned()
    }

    /// The person this file is enrolled as.
    pub async fn person(&self) -> uuid::Uuid {
        let db = self.db().await;
        let person = firstgoal_sync::replica::enrolment(&db)
            .await
            .expect("read")
            .expect("enrolled")
            .person_id;
        db.close().await;
        person
    }

    /// The credential files of this user (kept there: the tests run without a Secret Service).
    pub fn credentials(&self) -> firstgoal_sync::credential::CredentialStore {
        firstgoal_sync::credential::CredentialStore::at(&self.config.join("FirstGoal").join("team"))
    }

    pub async fn db(&self) -> Db {
        Db::open(&self.file).await.expect("the file opens")
    }

    /// The records of the file as `firstgoal-cli export` writes them, without what stays local:
    /// per travelling table, rows by uid, each column by name, references as the uid referred to.
    pub async fn records(&self) -> BTreeMap<String, BTreeMap<String, BTreeMap<String, Value>>> {
        let db = self.db().await;
        let mut conn = db.pool().acquire().await.expect("connection");
        let kinds = tables::kinds(&mut conn).await.expect("kinds");
        drop(conn);
        db.close().await;
        let references: HashMap<&str, HashMap<String, &str>> =
            kinds.into_iter().map(|k| (k.table, k.refs)).collect();
        let out = tempfile::NamedTempFile::new().expect("temp file");
        let path = out.path().to_str().expect("UTF-8 path").to_owned();
        self.ok(&["export", "--out", &path]);
        let dump: Value =
            serde_json::from_slice(&std::fs::read(&path).expect("export read")).expect("JSON");
        let tables = &dump["tables"];
        let rows_of = |t: &str| -> Vec<BTreeMap<String, Value>> {
            let columns: Vec<String> =
                serde_json::from_value(tables[t]["columns"].clone()).expect("columns");
            let rows: Vec<Vec<Value>> =
                serde_json::from_value(tables[t]["rows"].clone()).expect("rows");
            rows.into_iter()
                .map(|r| columns.iter().cloned().zip(r).collect())
                .collect()
        };
        let uids: HashMap<&str, HashMap<i64, Value>> = TRAVELLING
            .iter()
            .map(|&t| {
                let by_id = rows_of(t)
                    .into_iter()
                    .filter_map(|r| Some((r.get("id")?.as_i64()?, r["uid"].clone())))
                    .collect();
                (t, by_id)
            })
            .collect();
        TRAVELLING
            .iter()
            .map(|&t| {
                let rows = rows_of(t)
                    .into_iter()
                    .map(|mut r| {
                        let uid = r["uid"].as_str().expect("every row has a uid").to_owned();
                        r.retain(|c, _| !LOCAL_COLUMNS.contains(&c.as_str()));
                        for (column, parent) in &references[t] {
                            if let Some(id) = r.get(column).and_then(Value::as_i64) {
                                r.insert(column.clone(), uids[parent][&id].clone());
                            }
                        }
                        (uid, r)
                    })
                    .collect();
                (t.to_owned(), rows)
            })
            .collect()
    }
}

/// How many changes wait in the file's outbox, and conflicts it keeps.
pub async fn outbox_and_conflicts(db: &Db) -> (i64, i64) {
    sqlx::query_as(
        "SELECT (SELECT COUNT(*) FROM sync_outbox), (SELECT COUNT(*) FROM sync_conflicts)",
    )
    .fetch_one(db.pool())
    .await
    .expect("counted")
}

/// Runs `command` (described as `what`) and expects success; returns stdout.
pub fn succeeded(mut command: Command, what: &str) -> String {
    let out = command.output().expect("the command runs");
    assert!(
        out.status.success(),
        "{what} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("UTF-8")
}

/// Starts `team sync --no-snapshot --page-size N` (a first sync pulling page by page) and waits for its first applied page; the rest of its output
/// is read by a thread (joined with the process).
pub fn sync_until_first_page(replica: &Replica, page_size: &str) -> (Child, JoinHandle<String>) {
    let mut child = replica
        .command(&["team", "sync", "--no-snapshot", "--page-size", page_size])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("sync starts");
    let mut lines = BufReader::new(child.stdout.take().expect("stdout")).lines();
    let first = lines.next().expect("a line").expect("read");
    assert!(first.starts_with("pulled page"), "{first}");
    let rest = std::thread::spawn(move || lines.map_while(Result::ok).count().to_string());
    (child, rest)
}

/// The customer names of the projects in `records` (as [`Replica::records`] gives them).
pub fn project_names(
    records: &BTreeMap<String, BTreeMap<String, BTreeMap<String, Value>>>,
) -> Vec<&str> {
    records["projects"]
        .values()
        .map(|p| p["customer_name"].as_str().expect("name"))
        .collect()
}

/// The file passes `PRAGMA integrity_check`; returns its cursor.
pub async fn checked_cursor(replica: &Replica) -> i64 {
    let db = replica.db().await;
    db.check_integrity().await.expect("integrity_check ok");
    let cursor = sqlx::query_scalar("SELECT cursor FROM sync_state")
        .fetch_one(db.pool())
        .await
        .expect("cursor");
    db.close().await;
    cursor
}

/// `team sync` fails with `error` in its message, and the file keeps its outbox and conflicts.
pub async fn a_failed_sync_keeps_the_outbox(replica: &Replica, error: &str) {
    let db = replica.db().await;
    let waiting = outbox_and_conflicts(&db).await;
    db.close().await;
    let out = replica.run(&["team", "sync"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success() && stderr.contains(error), "{stderr}");
    let db = replica.db().await;
    assert_eq!(outbox_and_conflicts(&db).await, waiting, "nothing lost");
    db.check_integrity().await.expect("integrity_check ok");
    db.close().await;
}

pub fn input(name: &str, owner: &str) -> ProjectInput {
    ProjectInput {
        customer_name: name.to_owned(),
        contract_date: "2026-09-01".to_owned(),
        kickoff_date: "2026-09-15".to_owned(),
        segment: Segment::HighTouch,
        owner: owner.to_owned(),
    }
}

/// Renames the project named `from` (and sets its owner), as the project form does.
pub async fn rename(db: &Db, from: &str, to: &str, owner: &str) {
    let all = projects::list(db, true).await.expect("listed");
    let p = all
        .iter()
        .find(|p| p.customer_name == from)
        .unwrap_or_else(|| panic!("{from} is in the file"));
    projects::update(db, p.id, p.version, &input(to, owner))
        .await
        .expect("updated");
}

pub async fn project_id(db: &Db, name: &str) -> (i64, i64) {
    let all = projects::list(db, true).await.expect("listed");
    let p = all.iter().find(|p| p.customer_name == name).expect("found");
    (p.id, p.version)
}

/// Ann's file with the project Acme, synced; a second person with `role` enrolled and synced.
pub async fn acme_shared(
    pool: &sqlx::PgPool,
    url: &str,
    team: &str,
    role: Role,
) -> (Replica, Replica) {
    let ann = Replica::enrolled(pool, url, team, Role::Member).await;
    let db = ann.db().await;
    projects::create(&db, &input("Acme", ""))
        .await
        .expect("created");
    db.close().await;
    ann.sync();
    let other = Replica::enrolled(pool, url, team, role).await;
    other.sync();
    (ann, other)
}
