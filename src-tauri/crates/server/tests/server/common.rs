//! Shared set-up: the database, server processes, enrolled people, changes.

use std::path::{Path, PathBuf};

use firstgoal_protocol::{Change, Op, Role};
use firstgoal_server::bench::{self, ServerProcess};
use firstgoal_server::client::Client;
use firstgoal_server::{admin, db};
use serde_json::Value;
use sqlx::PgPool;
use uuid::Uuid;

pub fn exe() -> &'static Path {
    Path::new(env!("CARGO_BIN_EXE_firstgoal-server"))
}

pub fn database_url() -> String {
    std::env::var("FIRSTGOAL_TEST_DATABASE_URL").expect(
        "FIRSTGOAL_TEST_DATABASE_URL is not set: run these tests with `make test-server`, which starts a PostgreSQL cluster",
    )
}

pub async fn pool() -> PgPool {
    db::connect(&database_url(), 4)
        .await
        .expect("the test database answers")
}

pub async fn server() -> ServerProcess {
    bench::spawn_server(exe(), &database_url())
        .await
        .expect("the server starts")
}

/// A new team; returns its name.
pub async fn team(pool: &PgPool) -> String {
    let name = format!("team {}", Uuid::new_v4());
    admin::create_team(pool, &name).await.expect("team created");
    name
}

/// Adds and enrols a person; returns their client.
pub async fn person(pool: &PgPool, url: &str, team: &str, name: &str, role: Role) -> Client {
    let code = admin::add_person(pool, team, name, role)
        .await
        .expect("person added");
    let enrolled = Client::new(url).enrol(&code).await.expect("enrolled");
    Client::new(url).with_credential(&enrolled.credential)
}

pub fn set(record: Uuid, field: &str, value: Value, base_seq: i64) -> Change {
    Change {
        change_id: Uuid::new_v4(),
        kind: "project".into(),
        record_id: record,
        base_seq,
        op: Op::Set {
            field: field.into(),
            value,
        },
    }
}

pub fn delete(record: Uuid, base_seq: i64) -> Change {
    Change {
        change_id: Uuid::new_v4(),
        kind: "project".into(),
        record_id: record,
        base_seq,
        op: Op::Delete,
    }
}

/// How many changes and kept conflicts the team has in the database.
pub async fn stored_counts(pool: &PgPool, team: &str) -> (i64, i64) {
    sqlx::query_as(
        "SELECT (SELECT count(*) FROM changes WHERE team_id = t.id), \
         (SELECT count(*) FROM conflicts WHERE team_id = t.id) FROM teams t WHERE t.name = $1",
    )
    .bind(team)
    .fetch_one(pool)
    .await
    .expect("counted")
}

/// The database, one server process and a new team.
pub async fn setup() -> (PgPool, ServerProcess, String) {
    let pool = pool().await;
    let server = server().await;
    let team = team(&pool).await;
    (pool, server, team)
}

/// A self-signed certificate for `localhost` and its key, written as PEM files into `dir`.
pub fn tls_files(dir: &Path) -> (rcgen::CertifiedKey<rcgen::KeyPair>, PathBuf, PathBuf) {
    let certified =
        rcgen::generate_simple_self_signed(vec!["localhost".to_owned()]).expect("certificate");
    let (cert, key) = (dir.join("cert.pem"), dir.join("key.pem"));
    std::fs::write(&cert, certified.cert.pem()).expect("written");
    std::fs::write(&key, certified.signing_key.serialize_pem()).expect("written");
    (certified, cert, key)
}

/// Sends SIGTERM to the server process.
pub fn sigterm(server: &ServerProcess) {
    let pid = server.child.id().expect("running").to_string();
    let killed = std::process::Command::new("kill")
        .args(["-TERM", &pid])
        .status()
        .expect("kill runs");
    assert!(killed.success());
}
