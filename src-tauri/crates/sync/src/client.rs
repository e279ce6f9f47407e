//! The client of the server's endpoints: the replica's (desktop app, CLI) and the server's load
//! benchmark and tests use this one. [`Client::checked`] is the door for a URL a person typed: it
//! refuses plain HTTP to anything but this machine (see [`crate::url`]).

use std::time::Duration;

use firstgoal_protocol::{
    self as protocol, Change, EnrolRequest, EnrolResponse, ErrorBody, ErrorCode, PullQuery,
    PullResponse, PushRequest, PushResponse, SnapshotPage, SnapshotQuery, paths,
};
use reqwest::StatusCode;
use serde::de::DeserializeOwned;

/// A failed call.
#[derive(Debug, thiserror::Error)]
pub enum ClientError {
    /// The server refused the request.
    #[error("{status}: {body:?}")]
    Refused {
        /// The HTTP status.
        status: StatusCode,
        /// The server's error.
        body: ErrorBody,
    },
    /// The server could not be reached or answered something unreadable.
    #[error("transport: {0}")]
    Transport(#[from] reqwest::Error),
    /// The server's address is not one the replica may talk to.
    #[error(transparent)]
    Url(#[from] crate::url::UrlError),
}

/// What a person is told when the server refuses enrolment for too many wrong codes from their
/// address (the server counts them per minute).
pub const TOO_MANY_ENROLMENTS: &str = "too many enrolment attempts; wait a minute";

/// How long a connection may take to open: past it the server counts as unreachable (offline).
const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
/// How long one request may take in all (a full push or pull page is at most 1 MiB).
const REQUEST_TIMEOUT: Duration = Duration::from_secs(60);

impl ClientError {
    /// Why the server cannot serve for now, when that is the failure: unreachable, or answering
    /// that it is unavailable (502, 503 — its database is down — or 504 from a proxy). The replica
    /// is then offline, not refused: its changes wait and the next sync sends them.
    pub fn unavailable(&self) -> Option<String> {
        match self {
            ClientError::Transport(e) => Some(e.to_string()),
            ClientError::Refused { status, body }
                if matches!(
                    *status,
                    StatusCode::BAD_GATEWAY
                        | StatusCode::SERVICE_UNAVAILABLE
                        | StatusCode::GATEWAY_TIMEOUT
                ) =>
            {
                Some(format!("{status}: {}", body.message))
            }
            _ => None,
        }
    }
}

/// A client of one server, with or without a credential.
#[derive(Debug, Clone)]
pub struct Client {
    http: reqwest::Client,
    base: String,
    credential: Option<String>,
}

impl Client {
    /// A client of the server at `base` (e.g. `http://127.0.0.1:8080`), as given: for the
    /// server's own tests and benchmark. A URL from a person goes through [`Client::checked`].
    pub fn new(base: &str) -> Client {
        // HTTPS through rustls with the ring provider (the one the server uses), the server's
        // certificate checked against the system's trust store. Installing fails harmlessly when
        // the process has its provider already.
        let _ = rustls::crypto::ring::default_provider().install_default();
        let http = reqwest::Client::builder()
            .connect_timeout(CONNECT_TIMEOUT)
            .timeout(REQUEST_TIMEOUT)
            .build()
            .unwrap_or_default();
        Client {
            http,
            base: base.trim_end_matches('/').to_owned(),
            credential: None,
        }
    }

    /// A client of the server at `url` once [`crate::url::check`] accepts it: HTTPS, or plain HTTP
    /// to a loopback address only.
    pub fn checked(url: &str) -> Result<Client, ClientError> {
        Ok(Client::new(crate::url::check(url)?.as_str()))
    }

    /// The server's address, as the client uses it.
    pub fn base(&self) -> &str {
        &self.base
    }

    /// The same client sending `credential`.
    pub fn with_credential(&self, credential: &str) -> Client {
        Client {
            credential: Some(credential.to_owned()),
            ..self.clone()
        }
    }

    fn request(&self, method: reqwest::Method, path: &str) -> reqwest::RequestBuilder {
        let mut r = self
            .http
            .request(method, format!("{}{path}", self.base))
            .header(
                protocol::PROTOCOL_HEADER,
                protocol::PROTOCOL_VERSION.to_string(),
            );
        if let Some(c) = &self.credential {
            r = r.bearer_auth(c);
        }
        r
    }

    async fn answer<T: DeserializeOwned>(response: reqwest::Response) -> Result<T, ClientError> {
        let status = response.status();
        if status.is_success() {
            return Ok(response.json().await?);
        }
        Err(ClientError::Refused {
            status,
            body: response.json().await?,
        })
    }

    /// The server's health and protocol version (no credential needed).
    pub async fn health(&self) -> Result<protocol::Health, ClientError> {
        Self::answer(
            self.http
                .get(format!("{}{}", self.base, paths::HEALTH))
                .send()
                .await?,
        )
        .await
    }

    /// Exchanges an enrolment code for a credential. Refused after too many wrong codes from this
    /// address, with [`TOO_MANY_ENROLMENTS`] as the message.
    pub async fn enrol(&self, code: &str) -> Result<EnrolResponse, ClientError> {
        let body = EnrolRequest {
            code: code.to_owned(),
        };
        let answer = Self::answer(
            self.request(reqwest::Method::POST, paths::ENROL)
                .json(&body)
                .send()
                .await?,
        )
        .await;
        answer.map_err(|e| match e {
            ClientError::Refused { status, body } if body.code == ErrorCode::TooManyRequests => {
                ClientError::Refused {
                    status,
                    body: ErrorBody {
                        code: body.code,
                        message: TOO_MANY_ENROLMENTS.to_owned(),
                    },
                }
            }
            other => other,
        })
    }

    /// Pushes changes.
    pub async fn push(&self, changes: &[Change]) -> Result<PushResponse, ClientError> {
        let body = PushRequest {
            changes: changes.to_vec(),
        };
        Self::answer(
            self.request(reqwest::Method::POST, paths::PUSH)
                .json(&body)
                .send()
                .await?,
        )
        .await
    }

    /// Pulls one page after `after`.
    pub async fn pull(&self, after: i64, limit: Option<u32>) -> Result<PullResponse, ClientError> {
        self.pull_waiting(after, limit, Duration::ZERO).await
    }

    /// Pulls one page after `after`; with nothing after it, the server holds the request up to
    /// `wait` (whole seconds, at most [`protocol::MAX_PULL_WAIT_SECS`]) until a change of the team
    /// is committed, then answers (a long poll).
    pub async fn pull_waiting(
        &self,
        after: i64,
        limit: Option<u32>,
        wait: Duration,
    ) -> Result<PullResponse, ClientError> {
        let secs = wait.as_secs().min(u64::from(protocol::MAX_PULL_WAIT_SECS)) as u32;
        let query = PullQuery {
            after,
            limit,
            wait: (secs > 0).then_some(secs),
        };
        Self::answer(
            self.request(reqwest::Method::GET, paths::PULL)
                .query(&query)
                .timeout(REQUEST_TIMEOUT + Duration::from_secs(secs.into()))
                .send()
                .await?,
        )
        .await
    }

    /// One snapshot page: the team's records of `kind` after the record `after`.
    pub async fn snapshot(
        &self,
        kind: &str,
        after: Option<uuid::Uuid>,
        limit: Option<u32>,
    ) -> Result<SnapshotPage, ClientError> {
        let query = SnapshotQuery {
            kind: kind.to_owned(),
            after,
            limit,
        };
        Self::answer(
            self.request(reqwest::Method::GET, paths::SNAPSHOT)
                .query(&query)
                .send()
                .await?,
        )
        .await
    }

    /// The caller's team and its people, by name.
    pub async fn team(&self) -> Result<protocol::TeamInfo, ClientError> {
        Self::answer(
            self.request(reqwest::Method::GET, paths::TEAM)
                .send()
                .await?,
        )
        .await
    }

    /// Pulls every page after `after`.
    pub async fn pull_all(
        &self,
        mut after: i64,
        limit: Option<u32>,
    ) -> Result<Vec<protocol::StoredChange>, ClientError> {
        let mut all = Vec::new();
        loop {
            let page = self.pull(after, limit).await?;
            all.extend(page.changes);
            after = page.next_cursor;
            if !page.more {
                return Ok(all);
            }
        }
    }
}
