//! The enrolment guessing limit: too many wrong codes from one address are answered 429, before the
//! code is looked at; other addresses and right codes are not held back.

use std::net::IpAddr;

use firstgoal_protocol::{self as protocol, ErrorBody, ErrorCode, Role};
use firstgoal_server::admin;
use firstgoal_server::bench;
use firstgoal_server::client::{self, Client, ClientError};
use firstgoal_server::enrol::MAX_FAILURES;
use firstgoal_sync::replica::SyncError;
use reqwest::StatusCode;
use serde_json::json;
use sqlx::PgPool;

use crate::common;

/// Sends `code` to `POST /v1/enrol` from `from` (a loopback address), with an `X-Forwarded-For`
/// when given; returns the status and the code of a refusal.
async fn enrol(
    url: &str,
    from: &str,
    forwarded: Option<&str>,
    code: &str,
) -> (StatusCode, Option<ErrorCode>) {
    let local: IpAddr = from.parse().expect("an address");
    // As the crate's own client does: rustls with ring (fails harmlessly once installed).
    let _ = rustls::crypto::ring::default_provider().install_default();
    let http = reqwest::Client::builder()
        .local_address(local)
        .build()
        .expect("a client");
    let mut request = http
        .post(format!("{url}{}", protocol::paths::ENROL))
        .header(protocol::PROTOCOL_HEADER, "1")
        .json(&json!({ "code": code }));
    if let Some(f) = forwarded {
        request = request.header("x-forwarded-for", f);
    }
    let response = request.send().await.expect("answered");
    let status = response.status();
    if status == StatusCode::TOO_MANY_REQUESTS {
        let wait: u64 = response.headers()["retry-after"]
            .to_str()
            .ok()
            .and_then(|s| s.parse().ok())
            .expect("a Retry-After in seconds");
        assert!((1..=60).contains(&wait), "{wait}");
    }
    let text = response.text().await.expect("a body");
    let code = (!status.is_success()).then(|| {
        serde_json::from_str::<ErrorBody>(&text)
            .unwrap_or_else(|e| panic!("{status} {e}: {text}"))
            .code
    });
    (status, code)
}

const WRONG: (StatusCode, Option<ErrorCode>) =
    (StatusCode::UNAUTHORIZED, Some(ErrorCode::InvalidCode));
const LIMITED: (StatusCode, Option<ErrorCode>) = (
    StatusCode::TOO_MANY_REQUESTS,
    Some(ErrorCode::TooManyRequests),
);
const ENROLLED: (StatusCode, Option<ErrorCode>) = (StatusCode::OK, None);

async fn status_of(pool: &PgPool, team: &str, name: &str) -> String {
    let people = admin::list_people(pool, team).await.expect("listed");
    let person = people.iter().find(|p| p.name == name).expect("listed");
    person.status.clone()
}

#[tokio::test]
async fn eleven_wrong_codes_are_limited_and_another_address_still_enrols() {
    let (pool, server, team) = common::setup().await;
    let code = admin::add_person(&pool, &team, "Ann", Role::Member)
        .await
        .expect("added");
    for i in 0..MAX_FAILURES {
        let wrong = format!("0000-0000-{i:04}");
        assert_eq!(
            enrol(&server.url, "127.0.0.1", None, &wrong).await,
            WRONG,
            "{i}"
        );
    }
    assert_eq!(
        enrol(&server.url, "127.0.0.1", None, "0000-0000-9999").await,
        LIMITED
    );
    assert_eq!(
        enrol(&server.url, "127.0.0.1", None, &code).await,
        LIMITED,
        "a limited address is refused before its code is looked at"
    );
    assert_eq!(status_of(&pool, &team, "Ann").await, "invited");

    // The sync client tells the person what to do.
    let refused = Client::new(&server.url).enrol("0000-0000-0000").await;
    let Err(e @ ClientError::Refused { .. }) = refused else {
        panic!("expected a refusal: {refused:?}");
    };
    let said = SyncError::from(e).to_string();
    assert!(said.contains(client::TOO_MANY_ENROLMENTS), "{said}");

    assert_eq!(enrol(&server.url, "127.0.0.2", None, &code).await, ENROLLED);
    assert_eq!(status_of(&pool, &team, "Ann").await, "enrolled");

    // Right codes spend nothing: a whole team enrols from one address.
    for i in 0..MAX_FAILURES + 2 {
        let name = format!("Member {i}");
        let code = admin::add_person(&pool, &team, &name, Role::Member)
            .await
            .expect("added");
        assert_eq!(
            enrol(&server.url, "127.0.0.3", None, &code).await,
            ENROLLED,
            "{i}"
        );
    }
    assert_eq!(
        enrol(&server.url, "127.0.0.3", None, "0000-0000-0000").await,
        WRONG
    );
}

#[tokio::test]
async fn behind_a_proxy_the_address_the_proxy_saw_is_limited() {
    let pool = common::pool().await;
    let server =
        bench::spawn_server_with(common::exe(), &common::database_url(), &["--behind-proxy"])
            .await
            .expect("starts");
    let team = common::team(&pool).await;
    let code = admin::add_person(&pool, &team, "Bob", Role::Member)
        .await
        .expect("added");
    let guesser = Some("198.51.100.7");
    for _ in 0..MAX_FAILURES {
        assert_eq!(
            enrol(&server.url, "127.0.0.1", guesser, "0000-0000").await,
            WRONG
        );
    }
    assert_eq!(
        enrol(&server.url, "127.0.0.1", guesser, "0000-0000").await,
        LIMITED
    );
    assert_eq!(
        enrol(
            &server.url,
            "127.0.0.1",
            Some("203.0.113.1, 198.51.100.7"),
            &code
        )
        .await,
        LIMITED,
        "an entry the client put first does not hide the address the proxy saw"
    );
    assert_eq!(
        enrol(&server.url, "127.0.0.1", Some("198.51.100.8"), &code).await,
        ENROLLED,
        "another client behind the same proxy"
    );
}
