//! Malformed, oversized and unversioned requests get a clear status and a JSON error.

use firstgoal_protocol::{self as protocol, ErrorBody, ErrorCode, Role};
use reqwest::StatusCode;
use serde_json::json;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use uuid::Uuid;

use crate::common::{self, set};

async fn send(request: reqwest::RequestBuilder) -> (StatusCode, ErrorCode) {
    let response = request.send().await.expect("answered");
    let status = response.status();
    let text = response.text().await.expect("a body");
    let body: ErrorBody =
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("{status} {e}: {text}"));
    assert!(!body.message.is_empty());
    (status, body.code)
}

#[tokio::test]
async fn bad_requests_are_refused_with_a_clear_status_and_nothing_is_stored() {
    let (pool, server, team) = common::setup().await;
    let code = firstgoal_server::admin::add_person(&pool, &team, "Ann", Role::Member)
        .await
        .expect("succeeds");
    let credential = firstgoal_server::client::Client::new(&server.url)
        .enrol(&code)
        .await
        .expect("succeeds")
        .credential;
    let http = reqwest::Client::new();
    let push = || {
        http.post(format!("{}{}", server.url, protocol::paths::PUSH))
            .header(protocol::PROTOCOL_HEADER, "1")
            .header("content-type", "application/json")
            .bearer_auth(&credential)
    };
    let bad = StatusCode::BAD_REQUEST;

    let huge = json!({"changes": [set(Uuid::new_v4(), "notes", json!("x".repeat(protocol::MAX_BODY_BYTES)), 0)]});
    let huge = huge.to_string().into_bytes();
    let too_large = (StatusCode::PAYLOAD_TOO_LARGE, ErrorCode::TooLarge);
    assert_eq!(
        raw_push(&server.url, &credential, &huge, false).await,
        too_large
    );
    assert_eq!(
        raw_push(&server.url, &credential, &huge, true).await,
        too_large,
        "without a length"
    );
    assert_eq!(
        send(push().body("{\"changes\": [")).await,
        (bad, ErrorCode::InvalidRequest)
    );
    assert_eq!(
        send(push().body("not json")).await,
        (bad, ErrorCode::InvalidRequest)
    );
    let unknown_op = json!({"changes": [{"change_id": Uuid::new_v4(), "kind": "project",
        "record_id": Uuid::new_v4(), "base_seq": 0, "op": "truncate"}]});
    assert_eq!(
        send(push().json(&unknown_op)).await,
        (bad, ErrorCode::InvalidRequest)
    );
    let bad_kind = json!({"changes": [set(Uuid::new_v4(), "name", json!(1), 0)]})
        .to_string()
        .replace("\"project\"", "\"project; DROP TABLE changes\"");
    assert_eq!(
        send(push().body(bad_kind)).await,
        (bad, ErrorCode::InvalidRequest)
    );
    let too_many: Vec<_> = (0..=protocol::MAX_CHANGES_PER_PUSH)
        .map(|_| set(Uuid::new_v4(), "n", json!(0), 0))
        .collect();
    assert_eq!(
        send(push().json(&json!({ "changes": too_many }))).await,
        (bad, ErrorCode::InvalidRequest)
    );
    let negative = json!({"changes": [set(Uuid::new_v4(), "name", json!(1), -1)]});
    assert_eq!(
        send(push().json(&negative)).await,
        (bad, ErrorCode::InvalidRequest)
    );

    let unversioned = http
        .post(format!("{}{}", server.url, protocol::paths::PUSH))
        .bearer_auth(&credential);
    assert_eq!(
        send(unversioned.json(&json!({"changes": []}))).await,
        (bad, ErrorCode::UnsupportedProtocol)
    );
    let future = http
        .post(format!("{}{}", server.url, protocol::paths::PUSH))
        .header(protocol::PROTOCOL_HEADER, "2")
        .bearer_auth(&credential)
        .json(&json!({"changes": []}));
    assert_eq!(send(future).await.1, ErrorCode::UnsupportedProtocol);
    let anonymous = http
        .post(format!("{}{}", server.url, protocol::paths::PUSH))
        .header(protocol::PROTOCOL_HEADER, "1");
    assert_eq!(
        send(anonymous.json(&json!({"changes": []}))).await,
        (StatusCode::UNAUTHORIZED, ErrorCode::Unauthorized)
    );

    let pull = |query: &str| {
        http.get(format!("{}{}?{query}", server.url, protocol::paths::PULL))
            .header(protocol::PROTOCOL_HEADER, "1")
            .bearer_auth(&credential)
    };
    assert_eq!(
        send(pull("after=0&limit=0")).await,
        (bad, ErrorCode::InvalidRequest)
    );
    assert_eq!(
        send(pull("after=0&limit=100000")).await,
        (bad, ErrorCode::InvalidRequest)
    );
    assert_eq!(
        send(pull("after=abc")).await,
        (bad, ErrorCode::InvalidRequest)
    );
    assert_eq!(
        send(http.get(format!("{}/v1/nothing", server.url))).await,
        (StatusCode::NOT_FOUND, ErrorCode::NotFound)
    );

    assert_eq!(common::stored_counts(&pool, &team).await, (0, 0));
    let health: protocol::Health = http
        .get(format!("{}/health", server.url))
        .send()
        .await
        .expect("succeeds")
        .json()
        .await
        .expect("succeeds");
    assert_eq!(
        (health.status.as_str(), health.protocol),
        ("ok", protocol::PROTOCOL_VERSION)
    );
}

/// Sends an oversized push over a bare connection and reads the answer. With a Content-Length the
/// body is announced (`Expect: 100-continue`) but not sent: the server answers from the header.
/// Without one (`chunked`) the body streams in until just past the limit, which the server must
/// notice while reading; nothing more is sent, so the server has read all that was sent.
async fn raw_push(
    base: &str,
    credential: &str,
    body: &[u8],
    chunked: bool,
) -> (StatusCode, ErrorCode) {
    let addr = base.trim_start_matches("http://").to_owned();
    let mut stream = tokio::net::TcpStream::connect(&addr)
        .await
        .expect("connects");
    let length = if chunked {
        "Transfer-Encoding: chunked".to_owned()
    } else {
        format!("Content-Length: {}\r\nExpect: 100-continue", body.len())
    };
    let mut request = format!(
        "POST {} HTTP/1.1\r\nHost: {addr}\r\n{}: 1\r\nAuthorization: Bearer {credential}\r\n\
         Content-Type: application/json\r\n{length}\r\nConnection: close\r\n\r\n",
        protocol::paths::PUSH,
        protocol::PROTOCOL_HEADER
    )
    .into_bytes();
    if chunked {
        for chunk in body[..protocol::MAX_BODY_BYTES + 100].chunks(64 * 1024) {
            request.extend(format!("{:x}\r\n", chunk.len()).into_bytes());
            request.extend(chunk);
            request.extend(b"\r\n");
        }
    }
    stream.write_all(&request).await.expect("request sent");
    let mut answer = Vec::new();
    stream.read_to_end(&mut answer).await.expect("answer read");
    let text = String::from_utf8_lossy(&answer);
    let status: u16 = text
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("no status: {text}"));
    let (_, json) = text
        .split_once("\r\n\r\n")
        .unwrap_or_else(|| panic!("no body: {text}"));
    let body: ErrorBody = serde_json::from_str(json).unwrap_or_else(|e| panic!("{e}: {json}"));
    (StatusCode::from_u16(status).expect("succeeds"), body.code)
}
