//! Hostile push bodies, generated and mutated (seeded, so a failure repeats): the server answers each
//! with an accepted push or a JSON refusal with a 4xx status, never a 5xx, and stores nothing for a
//! refusal. `FUZZ_CASES` sets the number of cases (default 1000).

use std::cell::Cell;

use firstgoal_protocol::{self as protocol, ErrorBody, Outcome, PushResponse, Role};
use proptest::prelude::*;
use proptest::test_runner::{Config, RngAlgorithm, TestCaseError, TestRng, TestRunner};
use reqwest::StatusCode;
use serde_json::{Value, json};
use sqlx::PgPool;
use uuid::Uuid;

use crate::common;

fn cases() -> u32 {
    std::env::var("FUZZ_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(1000)
}

fn arb_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<f64>()
            .prop_filter("finite", |f| f.is_finite())
            .prop_map(Value::from),
        ".{0,40}".prop_map(Value::from),
        Just(Value::from("\u{0}'; DROP TABLE changes; --<script>")),
    ];
    leaf.prop_recursive(3, 24, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::from),
            prop::collection::btree_map("[a-z_]{1,8}", inner, 0..4)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

/// A name as a client might send it: valid, too long, of other characters, or not a string.
fn arb_name() -> impl Strategy<Value = Value> {
    prop_oneof![
        4 => "[a-z0-9_]{1,64}".prop_map(Value::from),
        1 => "[a-z_]{65,80}".prop_map(Value::from),
        1 => ".{0,12}".prop_map(Value::from),
        1 => arb_json(),
    ]
}

/// An id: new, one of a few (so records meet again and change ids repeat, within a push, across
/// pushes and across the two people), or not an id.
fn arb_uuid() -> impl Strategy<Value = Value> {
    let id = |n: u128| Value::from(Uuid::from_u128(n).to_string());
    prop_oneof![
        3 => any::<u128>().prop_map(id),
        2 => (1u128..6).prop_map(id),
        1 => arb_json(),
    ]
}

/// A well-formed change, of one of a few records, so that the two people's changes meet.
fn valid_change() -> impl Strategy<Value = Value> {
    let id = |n: u128| Uuid::from_u128(n).to_string();
    let change_id = prop_oneof![3 => any::<u128>(), 1 => 1u128..6].prop_map(id);
    let field = prop_oneof![Just("name".to_owned()), "[a-z_]{1,64}"];
    let op = prop_oneof![
        4 => (field, arb_json()).prop_map(|(f, v)| json!({"op": "set", "field": f, "value": v})),
        1 => Just(json!({"op": "delete"})),
    ];
    (change_id, 1u128..4, 0i64..60, op).prop_map(move |(change_id, record, base_seq, op)| {
        let mut change = json!({
            "change_id": change_id,
            "kind": "project",
            "record_id": id(record),
            "base_seq": base_seq,
        });
        if let (Some(c), Value::Object(op)) = (change.as_object_mut(), op) {
            c.extend(op);
        }
        change
    })
}

/// A change: well-formed, or of the right shape with any key possibly missing, mistyped or out of
/// range.
fn arb_change() -> impl Strategy<Value = Value> {
    prop_oneof![3 => valid_change(), 2 => hostile_change()]
}

/// Text that a name, an id or a number must not be.
fn hostile_text() -> impl Strategy<Value = Value> {
    let long = "x".repeat(protocol::MAX_NAME_LEN + 1);
    prop::sample::select(vec![
        String::new(),
        "na\u{0}me".to_owned(),
        "Name".to_owned(),
        "name'; DROP TABLE changes; --".to_owned(),
        "名前".to_owned(),
        "\u{202e}eman".to_owned(),
        long,
    ])
    .prop_map(Value::from)
}

/// The keys of a change.
const KEYS: [&str; 7] = [
    "change_id",
    "kind",
    "record_id",
    "base_seq",
    "op",
    "field",
    "value",
];

/// A well-formed change with one key removed or given a hostile value.
fn hostile_change() -> impl Strategy<Value = Value> {
    let bad = prop_oneof![
        3 => hostile_text(),
        1 => arb_name(),
        1 => arb_uuid(),
        1 => any::<i64>().prop_map(Value::from),
        1 => Just(Value::from(-1)),
    ];
    let change = (
        valid_change(),
        // The names, which the server checks itself, more often than what serde checks.
        prop_oneof![2 => Just("kind"), 2 => Just("field"), 3 => prop::sample::select(&KEYS[..])],
        prop::option::weighted(0.8, bad),
    );
    change.prop_map(|(mut change, key, bad)| {
        if let Some(c) = change.as_object_mut() {
            match bad {
                Some(v) => c.insert(key.to_owned(), v),
                None => c.remove(key),
            };
        }
        change
    })
}

/// A body: a well-formed push, mutated byte by byte, or any JSON at all.
fn arb_body() -> impl Strategy<Value = Vec<u8>> {
    let push = || prop::collection::vec(arb_change(), 0..4).prop_map(|c| json!({ "changes": c }));
    let mutation = (
        any::<prop::sample::Index>(),
        0u8..4,
        any::<u8>(),
        1usize..16,
    );
    prop_oneof![
        3 => push().prop_map(|v| v.to_string().into_bytes()),
        3 => (push(), prop::collection::vec(mutation, 1..5)).prop_map(|(v, mutations)| {
            let mut bytes = v.to_string().into_bytes();
            for (at, how, byte, len) in mutations {
                mutate(&mut bytes, at, how, byte, len);
            }
            bytes
        }),
        1 => arb_json().prop_map(|v| v.to_string().into_bytes()),
        1 => prop::collection::vec(any::<u8>(), 0..64),
    ]
}

fn mutate(bytes: &mut Vec<u8>, at: prop::sample::Index, how: u8, byte: u8, len: usize) {
    if bytes.is_empty() {
        bytes.push(byte);
        return;
    }
    let i = at.index(bytes.len());
    match how {
        0 => bytes[i] = byte,
        1 => {
            bytes.drain(i..(i + len).min(bytes.len()));
        }
        2 => bytes
            .splice(i..i, std::iter::repeat_n(byte, len))
            .for_each(drop),
        _ => {
            let copy: Vec<u8> = bytes[i..(i + len).min(bytes.len())].to_vec();
            bytes.splice(i..i, copy).for_each(drop);
        }
    }
}

async fn stored(pool: &PgPool, team: &str) -> (i64, i64) {
    common::stored_counts(pool, team).await
}

/// Sends one body; checks the answer; returns the accepted push's answer.
async fn send(
    http: &reqwest::Client,
    url: &str,
    credential: &str,
    body: Vec<u8>,
) -> Result<Option<PushResponse>, TestCaseError> {
    let sent = String::from_utf8_lossy(&body).into_owned();
    let response = http
        .post(format!("{url}{}", protocol::paths::PUSH))
        .header(protocol::PROTOCOL_HEADER, "1")
        .header("content-type", "application/json")
        .bearer_auth(credential)
        .body(body)
        .send()
        .await
        .map_err(|e| TestCaseError::fail(format!("no answer: {e}")))?;
    let status = response.status();
    let text = response.text().await.unwrap_or_default();
    prop_assert!(!status.is_server_error(), "{status} {text} for {sent}");
    if status == StatusCode::OK {
        let answer: Result<PushResponse, _> = serde_json::from_str(&text);
        prop_assert!(answer.is_ok(), "an unreadable answer {text} for {sent}");
        return Ok(answer.ok());
    }
    prop_assert!(status.is_client_error(), "{status} {text} for {sent}");
    let refusal: Result<ErrorBody, _> = serde_json::from_str(&text);
    prop_assert!(
        refusal.is_ok_and(|r| !r.message.is_empty()),
        "{status} without a JSON error: {text} for {sent}"
    );
    Ok(None)
}

#[test]
fn hostile_push_bodies_get_a_4xx_json_refusal_or_are_accepted_never_a_5xx() {
    let rt = tokio::runtime::Runtime::new().expect("a runtime");
    let (pool, server, team, credentials) = rt.block_on(async {
        let (pool, server, team) = common::setup().await;
        let client = firstgoal_server::client::Client::new(&server.url);
        let mut credentials = Vec::new();
        for name in ["Ann", "Bob"] {
            let code = firstgoal_server::admin::add_person(&pool, &team, name, Role::Member)
                .await
                .expect("added");
            credentials.push(client.enrol(&code).await.expect("enrolled").credential);
        }
        (pool, server, team, credentials)
    });
    let http = reqwest::Client::new();
    let mut runner = TestRunner::new_with_rng(
        Config {
            cases: cases(),
            failure_persistence: None,
            ..Config::default()
        },
        TestRng::deterministic_rng(RngAlgorithm::ChaCha),
    );
    let (accepted, refused) = (Cell::new(0), Cell::new(0));
    let result = runner.run(&(arb_body(), any::<bool>()), |(body, bob)| {
        rt.block_on(async {
            let before = stored(&pool, &team).await;
            let credential = &credentials[usize::from(bob)];
            match send(&http, &server.url, credential, body).await? {
                Some(answer) => {
                    accepted.set(accepted.get() + 1);
                    let applied = answer
                        .results
                        .iter()
                        .filter(|r| matches!(r.outcome, Outcome::Applied { .. }))
                        .count() as i64;
                    let added = stored(&pool, &team).await.0 - before.0;
                    prop_assert_eq!(added, applied, "what was answered applied was stored");
                }
                None => {
                    refused.set(refused.get() + 1);
                    let after = stored(&pool, &team).await;
                    prop_assert_eq!(after, before, "a refusal stored nothing");
                }
            }
            Ok(())
        })
    });
    if let Err(e) = result {
        panic!("{e}");
    }
    let (accepted, refused) = (accepted.get(), refused.get());
    assert!(
        accepted > 10 && refused > 10,
        "both sides exercised: {accepted} accepted, {refused} refused"
    );
}
