//! Faults and transport: SIGKILL in the middle of pushes; SIGTERM; HTTPS; plain HTTP on a
//! reachable address.

use std::process::Stdio;
use std::sync::Arc;
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio_rustls::rustls::{self, ClientConfig, RootCertStore, pki_types::ServerName};

use firstgoal_server::bench;

use crate::common;

#[tokio::test]
async fn the_server_killed_mid_push_loses_and_duplicates_nothing_after_a_resend() {
    let pool = common::pool().await;
    for trial in 0..20 {
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

async fn get_health(
    stream: &mut (impl AsyncReadExt + AsyncWriteExt + Unpin),
) -> std::io::Result<String> {
    stream
        .write_all(b"GET /health HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
        .await?;
    let mut answer = Vec::new();
    stream.read_to_end(&mut answer).await?;
    Ok(String::from_utf8_lossy(&answer).into_owned())
}

#[tokio::test]
async fn https_with_a_certificate_and_key_given_on_the_command_line() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let (certified, cert, key) = common::tls_files(dir.path());
    let args = [
        "--tls-cert",
        cert.to_str().expect("utf-8"),
        "--tls-key",
        key.to_str().expect("utf-8"),
    ];
    let server = bench::spawn_server_with(common::exe(), &common::database_url(), &args)
        .await
        .expect("starts");
    let addr = server
        .url
        .strip_prefix("https://")
        .expect("an https URL")
        .to_owned();

    let mut roots = RootCertStore::empty();
    roots.add(certified.cert.der().clone()).expect("root added");
    let config =
        ClientConfig::builder_with_provider(Arc::new(rustls::crypto::ring::default_provider()))
            .with_safe_default_protocol_versions()
            .expect("protocol versions")
            .with_root_certificates(roots)
            .with_no_client_auth();
    let tcp = tokio::net::TcpStream::connect(&addr)
        .await
        .expect("connects");
    let name = ServerName::try_from("localhost").expect("a name");
    let mut tls = tokio_rustls::TlsConnector::from(Arc::new(config))
        .connect(name, tcp)
        .await
        .expect("TLS handshake");
    let answer = get_health(&mut tls).await.expect("answered over TLS");
    assert!(
        answer.starts_with("HTTP/1.1 200") && answer.contains("\"status\":\"ok\""),
        "{answer}"
    );

    let mut plain = tokio::net::TcpStream::connect(&addr)
        .await
        .expect("connects");
    let answer = get_health(&mut plain).await.unwrap_or_default();
    assert!(
        !answer.contains("200"),
        "plain HTTP is not served on the TLS port: {answer}"
    );
}
