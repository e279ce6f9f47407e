//! Faults: SIGKILL in the middle of pushes; SIGTERM; plain HTTP on a reachable address.

use std::process::Stdio;
use std::time::Duration;

use firstgoal_server::bench;

use crate::common;

#[tokio::test]
async fn the_server_killed_mid_push_loses_and_duplicates_nothing_after_a_resend() {
    let pool = common::pool().await;
    for trial in 0..3 {
        let report = bench::kill_trial(common::exe(), &common::database_url(), &pool)
            .await
            .expect("trial ran");
        assert_eq!(
            (report.lost, report.duplicated),
            (0, 0),
            "trial {trial}: {report:?}"
        );
    }
}

#[tokio::test]
async fn sigterm_stops_the_server_cleanly() {
    let mut server = common::server().await;
    let pid = server.child.id().expect("running").to_string();
    let killed = std::process::Command::new("kill")
        .args(["-TERM", &pid])
        .status()
        .expect("kill runs");
    assert!(killed.success());
    let status = tokio::time::timeout(Duration::from_secs(15), server.child.wait())
        .await
        .expect("stops")
        .expect("succeeds");
    assert!(status.success(), "{status:?}");
}

#[tokio::test]
async fn plain_http_on_a_reachable_address_is_refused() {
    let out = tokio::process::Command::new(common::exe())
        .args([
            "--database-url",
            &common::database_url(),
            "serve",
            "--listen",
            "0.0.0.0:0",
        ])
        .stdout(Stdio::null())
        .output()
        .await
        .expect("succeeds");
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("refusing plain HTTP") && stderr.contains("--tls-cert"),
        "{stderr}"
    );
}
