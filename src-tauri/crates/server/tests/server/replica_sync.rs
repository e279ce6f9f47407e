//! Client files and a real server: offline edits on each, then `team sync`, and the replicas
//! compared record by record; a sync killed mid-pull that resumes from its cursor, a resend after a
//! lost answer, HTTPS, and a server that cannot be reached.

use std::os::unix::fs::PermissionsExt;

use firstgoal_core::milestones;
use firstgoal_core::projects;
use firstgoal_protocol::Role;

use firstgoal_server::client::Client;
use firstgoal_sync::credential::Keeper;
use firstgoal_sync::replica;

use crate::common;
use crate::replicas::{
    Replica, a_failed_sync_keeps_the_outbox, acme_shared, checked_cursor, input,
    outbox_and_conflicts, project_id, project_names, rename, succeeded, sync_until_first_page,
};

#[tokio::test]
async fn offline_edits_on_two_replicas_meet_without_conflicts() {
    let (pool, server, team) = common::setup().await;
    let ann = Replica::enrolled(&pool, &server.url, &team, Role::Member).await;
    // Ann's file gets demo data (the bulk writer) and a project by hand, then syncs.
    ann.ok(&[
        "demo",
        "--projects",
        "3",
        "--seed",
        "5",
        "--today",
        "2026-11-16",
    ]);
    let db = ann.db().await;
    projects::create(&db, &input("Acme", "Ann"))
        .await
        .expect("created");
    db.close().await;
    assert!(ann.status().contains("changes waiting"), "{}", ann.status());
    ann.sync();
    assert_eq!(ann.status().trim(), "synced");

    let bob = Replica::enrolled(&pool, &server.url, &team, Role::Member).await;
    let out = bob.sync();
    assert!(out.contains("records created"), "{out}");
    assert_eq!(ann.records().await, bob.records().await);

    // Offline: Ann renames Acme and adds a milestone; Bob sets a goal on Acme's first milestone,
    // adds a project and deletes one of the demo projects' custom milestone... different records
    // or fields.
    let db = ann.db().await;
    rename(&db, "Acme", "Acme Japan", "Ann").await;
    let (acme, version) = project_id(&db, "Acme Japan").await;
    milestones::add_custom(&db, acme, version, "Go-live", "2026-12-24")
        .await
        .expect("added");
    db.close().await;
    let db = bob.db().await;
    let (acme_b, version) = project_id(&db, "Acme").await;
    let detail = projects::get(&db, acme_b).await.expect("detail");
    milestones::set_goal(
        &db,
        detail.milestones[0].id,
        version,
        "All staff log in",
        "80% weekly",
    )
    .await
    .expect("goal set");
    projects::create(&db, &input("Bolt", "Bob"))
        .await
        .expect("created");
    let demo = projects::list(&db, true).await.expect("listed");
    let gone = demo
        .iter()
        .find(|p| p.customer_name != "Acme" && p.customer_name != "Bolt");
    let gone = gone.expect("a demo project").customer_name.clone();
    sqlx::query("DELETE FROM projects WHERE customer_name = ?1")
        .bind(&gone)
        .execute(db.pool())
        .await
        .expect("deleted");
    db.close().await;

    ann.sync();
    bob.sync();
    ann.sync();
    assert_eq!(ann.status().trim(), "synced");
    assert_eq!(bob.status().trim(), "synced");
    let (a, b) = (ann.records().await, bob.records().await);
    assert_eq!(a, b);
    let names = project_names(&a);
    assert!(
        names.contains(&"Acme Japan") && names.contains(&"Bolt"),
        "{names:?}"
    );
    assert!(!names.contains(&gone.as_str()), "{names:?}");
    assert!(
        a["milestones"]
            .values()
            .any(|m| m["goal"] == "All staff log in")
            && a["milestones"].values().any(|m| m["title"] == "Go-live")
    );
    let db = bob.db().await;
    db.check_integrity().await.expect("integrity_check ok");
    assert_eq!(outbox_and_conflicts(&db).await, (0, 0));
    db.close().await;

    // The portfolio of either replica is the team's: figures, rows and filters alike.
    assert_eq!(portfolio(&ann, &[]), portfolio(&bob, &[]));
    assert_eq!(
        portfolio(&ann, &["--owner", "Ann"]),
        portfolio(&bob, &["--owner", "Ann"])
    );
    let member = |r: &Replica| -> String {
        let all = portfolio(r, &[]);
        let rows = all["rows"].as_array().expect("rows");
        let team = rows
            .iter()
            .find_map(|p| p["team"].as_array().filter(|t| !t.is_empty()));
        let id = member_id(
            r,
            team.expect("a project with a team")[0]
                .as_str()
                .expect("name"),
        );
        id.to_string()
    };
    let (ma, mb) = (member(&ann), member(&bob));
    let by_member = portfolio(&ann, &["--member", &ma]);
    assert!(
        by_member["figures"]["projects"].as_i64() > Some(0),
        "{by_member}"
    );
    assert_eq!(by_member, portfolio(&bob, &["--member", &mb]));
}

/// `portfolio --json` of the file (with `filters`), local ids left out.
fn portfolio(replica: &Replica, filters: &[&str]) -> serde_json::Value {
    let mut args = vec!["portfolio", "--json", "--today", "2026-11-30"];
    args.extend_from_slice(filters);
    let mut v: serde_json::Value = serde_json::from_str(&replica.ok(&args)).expect("JSON");
    fn strip(v: &mut serde_json::Value) {
        match v {
            serde_json::Value::Object(o) => {
                o.remove("id");
                o.values_mut().for_each(strip);
            }
            serde_json::Value::Array(a) => a.iter_mut().for_each(strip),
            _ => {}
        }
    }
    strip(&mut v);
    v
}

/// The local id of the team member named `name` in the file.
fn member_id(replica: &Replica, name: &str) -> i64 {
    let all: serde_json::Value =
        serde_json::from_str(&replica.ok(&["portfolio", "--json"])).expect("JSON");
    let members = all["members"].as_array().expect("members");
    let m = members.iter().find(|m| m["name"] == name).expect("member");
    m["id"].as_i64().expect("id")
}

#[tokio::test]
async fn a_sync_killed_mid_pull_resumes_from_its_cursor() {
    let (pool, server, team) = common::setup().await;
    let ann = Replica::enrolled(&pool, &server.url, &team, Role::Member).await;
    ann.ok(&[
        "demo",
        "--projects",
        "4",
        "--seed",
        "9",
        "--today",
        "2026-11-16",
    ]);
    ann.sync();
    let bob = Replica::enrolled(&pool, &server.url, &team, Role::Member).await;
    let (mut child, rest) = sync_until_first_page(&bob, "100");
    child.kill().expect("SIGKILL");
    child.wait().expect("ended");
    rest.join().expect("read");

    let cursor = checked_cursor(&bob).await;
    assert!(cursor > 0, "the first page was kept with its cursor");
    let out = bob.sync();
    let resumed: u64 = out
        .lines()
        .last()
        .and_then(|l| l.split("pulled ").nth(1))
        .and_then(|l| l.split(' ').next())
        .and_then(|n| n.parse().ok())
        .expect("pulled count");
    let (total, _) = common::stored_counts(&pool, &team).await;
    assert!(
        resumed > 0 && (resumed as i64) < total,
        "resumed from the cursor, not from the start: {resumed} of {total}\n{out}"
    );
    assert_eq!(ann.records().await, bob.records().await);
    // Applying every change again (the cursor back at the start) gives the same file.
    let db = bob.db().await;
    sqlx::query("UPDATE sync_state SET cursor = 0")
        .execute(db.pool())
        .await
        .expect("cursor reset");
    db.close().await;
    bob.ok(&["team", "sync", "--no-snapshot"]);
    assert_eq!(ann.records().await, bob.records().await);
    let db = bob.db().await;
    db.check_integrity().await.expect("integrity_check ok");
    db.close().await;
}

#[tokio::test]
async fn the_replica_talks_https_to_a_trusted_server_and_never_plain_http_to_another_host() {
    let pool = common::pool().await;
    let team = common::team(&pool).await;
    let dir = tempfile::tempdir().expect("temporary folder");
    let (_, cert, key) = common::tls_files(dir.path());
    let args = [
        "--tls-cert",
        cert.to_str().expect("utf-8"),
        "--tls-key",
        key.to_str().expect("utf-8"),
    ];
    let server =
        firstgoal_server::bench::spawn_server_with(common::exe(), &common::database_url(), &args)
            .await
            .expect("starts");
    let port = server.url.rsplit(':').next().expect("a port");
    let url = format!("https://localhost:{port}");
    let code = firstgoal_server::admin::add_person(&pool, &team, "Tess", Role::Member)
        .await
        .expect("added");
    let ann = Replica::new();
    let enrol = [
        "team",
        "enrol",
        "--server",
        url.as_str(),
        "--code",
        code.as_str(),
    ];

    // A certificate the system does not trust: refused before anything is kept.
    let untrusted = ann.run(&enrol);
    assert!(!untrusted.status.success());
    let stderr = String::from_utf8_lossy(&untrusted.stderr);
    assert!(stderr.contains("error[offline]"), "{stderr}");
    // Plain HTTP to another machine: refused before any request.
    let plain = ann.run(&[
        "team",
        "enrol",
        "--server",
        "http://192.0.2.1:8080",
        "--code",
        &code,
    ]);
    let stderr = String::from_utf8_lossy(&plain.stderr);
    assert!(stderr.contains("error[server_url]"), "{stderr}");
    assert_eq!(ann.status().trim(), "not enrolled");
    let sync = ann.run(&["team", "sync"]);
    let stderr = String::from_utf8_lossy(&sync.stderr);
    assert!(
        !sync.status.success() && stderr.contains("error[not_enrolled]"),
        "{stderr}"
    );

    // Trusted (the system's roots replaced by the test certificate): enrol and sync over TLS.
    let trusted = |args: &[&str]| {
        let mut command = ann.command(args);
        command.env("SSL_CERT_FILE", &cert);
        succeeded(command, &format!("{args:?}"))
    };
    trusted(&enrol);
    let db = ann.db().await;
    projects::create(&db, &input("Acme", ""))
        .await
        .expect("created");
    db.close().await;
    let out = trusted(&["team", "sync"]);
    assert!(
        out.contains("pushed 47 changes"),
        "a project and its three goals: {out}"
    );
    assert_eq!(trusted(&["team", "status"]).lines().next(), Some("synced"));
}

#[tokio::test]
async fn without_a_secret_service_the_credential_is_kept_in_a_file_only_the_user_reads() {
    let (pool, server, team) = common::setup().await;
    let ann = Replica::enrolled(&pool, &server.url, &team, Role::Member).await;
    let person = ann.person().await;
    let store = ann.credentials();
    let path = ann
        .config
        .join("FirstGoal")
        .join("team")
        .join(person.to_string());
    let (credential, keeper) = store.load(person).expect("kept in its file");
    assert_eq!(keeper, Keeper::File(path.clone()));
    let status = ann.ok(&["team", "status"]);
    assert!(
        status
            .lines()
            .nth(1)
            .is_some_and(|l| l.starts_with(&format!("team \"{team}\"")) && l.contains("(member)")),
        "the team by name, then the person: {status}"
    );
    assert_eq!(
        status.lines().nth(2),
        Some(format!("credential kept in {keeper}").as_str()),
        "{status}"
    );
    let mode = std::fs::metadata(&path).expect("file").permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);
    let file = std::fs::read(&ann.file).expect("the FirstGoal file");
    assert!(
        !file
            .windows(credential.len())
            .any(|w| w == credential.as_bytes()),
        "the credential is not in the FirstGoal file"
    );
}

#[tokio::test]
async fn a_push_whose_answer_was_lost_is_stored_once() {
    let (pool, server, team) = common::setup().await;
    let ann = Replica::enrolled(&pool, &server.url, &team, Role::Member).await;
    let db = ann.db().await;
    projects::create(&db, &input("Acme", ""))
        .await
        .expect("created");
    let waiting = replica::waiting(&db, 500).await.expect("outbox");
    db.close().await;
    // The push reaches the server, the answer never reaches the file.
    let credential = ann
        .credentials()
        .load(ann.person().await)
        .expect("credential kept outside the file")
        .0;
    let client = Client::new(&server.url).with_credential(&credential);
    client.push(&waiting).await.expect("stored");
    let (stored, _) = common::stored_counts(&pool, &team).await;
    assert_eq!(stored, waiting.len() as i64);

    let out = ann.sync();
    assert!(
        out.contains(&format!("pushed {} changes (0 conflicts)", waiting.len())),
        "{out}"
    );
    assert_eq!(
        common::stored_counts(&pool, &team).await.0,
        stored,
        "stored once"
    );
    assert_eq!(ann.status().trim(), "synced");
}

#[tokio::test]
async fn without_the_server_the_file_is_offline_and_keeps_its_changes() {
    let (pool, mut server, team) = common::setup().await;
    let (ann, _bob) = acme_shared(&pool, &server.url, &team, Role::Member).await;
    let db = ann.db().await;
    rename(&db, "Acme", "Acme KK", "Ann").await;
    db.close().await;
    server.child.kill().await.expect("server stopped");

    let status = ann.status();
    assert!(status.starts_with("offline: 2 changes waiting"), "{status}");
    a_failed_sync_keeps_the_outbox(&ann, "error[offline]").await;
}
