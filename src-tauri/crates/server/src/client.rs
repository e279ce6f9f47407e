//! A minimal client of the server's endpoints (used by the load benchmark and the tests; the
//! desktop/CLI replica builds on the same calls).

use firstgoal_protocol::{
    self as protocol, Change, EnrolRequest, EnrolResponse, ErrorBody, PullQuery, PullResponse,
    PushRequest, PushResponse, paths,
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
}

/// A client of one server, with or without a credential.
#[derive(Debug, Clone)]
pub struct Client {
    http: reqwest::Client,
    base: String,
    credential: Option<String>,
}

impl Client {
    /// A client of the server at `base` (e.g. `http://127.0.0.1:8080`).
    pub fn new(base: &str) -> Client {
        Client {
            http: reqwest::Client::new(),
            base: base.trim_end_matches('/').to_owned(),
            credential: None,
        }
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

    /// Exchanges an enrolment code for a credential.
    pub async fn enrol(&self, code: &str) -> Result<EnrolResponse, ClientError> {
        let body = EnrolRequest {
            code: code.to_owned(),
        };
        Self::answer(
            self.request(reqwest::Method::POST, paths::ENROL)
                .json(&body)
                .send()
                .await?,
        )
        .await
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
        let query = PullQuery { after, limit };
        Self::answer(
            self.request(reqwest::Method::GET, paths::PULL)
                .query(&query)
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
