//! `POST /v1/enrol`: a one-time code exchanged for a credential, with a limit on guessing. An address
//! that sent [`MAX_FAILURES`] unknown codes within a minute is refused (429 `too_many_requests`)
//! until that minute is over, before its code is looked at; successful enrolments spend nothing, so
//! a whole team enrolling from one office address is never held back.
//!
//! The limiter is a small counter rather than `governor`: governor's checks always spend a cell and
//! give none back, while here every attempt must reserve its place *before* the code is checked
//! (else many concurrent guesses all pass) and hand it back when the code was right.

use std::collections::HashMap;
use std::net::{IpAddr, Ipv6Addr, SocketAddr};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use axum::extract::rejection::JsonRejection;
use axum::extract::{ConnectInfo, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::{Extension, Json};
use firstgoal_protocol::{EnrolRequest, EnrolResponse, ErrorCode, Role};
use sqlx::{PgPool, Row};

use crate::error::ApiError;
use crate::secret;

/// Failed attempts an address may make within [`WINDOW`].
pub const MAX_FAILURES: u32 = 10;
/// The window the failures are counted in.
pub const WINDOW: Duration = Duration::from_secs(60);
/// Past this many addresses, the ones whose window is over are forgotten.
const PRUNE_ABOVE: usize = 10_000;

/// The failed enrolment attempts of each address in its current window.
#[derive(Debug, Default)]
pub struct EnrolLimit {
    windows: Mutex<HashMap<IpAddr, Window>>,
}

#[derive(Debug, Clone, Copy)]
struct Window {
    start: Instant,
    failures: u32,
}

/// One attempt's reserved place, handed back with [`EnrolLimit::succeeded`].
#[derive(Debug)]
pub struct Attempt {
    addr: IpAddr,
    window: Instant,
}

impl EnrolLimit {
    fn lock(&self) -> MutexGuard<'_, HashMap<IpAddr, Window>> {
        // A panic while the map was held leaves counts, never a broken invariant: keep using it.
        self.windows.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Counts an attempt of `addr` as failed until it succeeds; or, when the address has used up its
    /// failures, how long it must wait.
    pub fn begin(&self, addr: IpAddr) -> Result<Attempt, Duration> {
        let now = Instant::now();
        let mut windows = self.lock();
        if windows.len() > PRUNE_ABOVE {
            windows.retain(|_, w| now.duration_since(w.start) < WINDOW);
        }
        let w = windows.entry(addr).or_insert(Window {
            start: now,
            failures: 0,
        });
        if now.duration_since(w.start) >= WINDOW {
            *w = Window {
                start: now,
                failures: 0,
            };
        }
        if w.failures >= MAX_FAILURES {
            return Err(WINDOW.saturating_sub(now.duration_since(w.start)));
        }
        w.failures += 1;
        Ok(Attempt {
            addr,
            window: w.start,
        })
    }

    /// Gives an attempt that was not a wrong code its place back.
    pub fn succeeded(&self, attempt: Attempt) {
        if let Some(w) = self.lock().get_mut(&attempt.addr)
            && w.start == attempt.window
        {
            w.failures = w.failures.saturating_sub(1);
        }
    }
}

/// The enrolment limit and how to tell who is asking.
#[derive(Debug, Default)]
pub struct EnrolGuard {
    /// The failures per address.
    pub limit: EnrolLimit,
    /// A TLS-terminating proxy is in front: the client's address is the one it saw.
    pub behind_proxy: bool,
}

impl EnrolGuard {
    /// The address an attempt is counted against: the peer, or behind a proxy the last
    /// `X-Forwarded-For` entry (the one the proxy added; earlier ones are whatever the client sent).
    /// An IPv6 address counts as its /64, which one host usually holds whole.
    pub fn client_addr(&self, peer: SocketAddr, headers: &HeaderMap) -> IpAddr {
        let forwarded = self
            .behind_proxy
            .then(|| headers.get_all("x-forwarded-for").iter().next_back())
            .flatten()
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.rsplit(',').next())
            .and_then(|v| v.trim().parse::<IpAddr>().ok());
        match forwarded.unwrap_or(peer.ip()).to_canonical() {
            IpAddr::V6(v6) => {
                let s = v6.segments();
                IpAddr::V6(Ipv6Addr::new(s[0], s[1], s[2], s[3], 0, 0, 0, 0))
            }
            v4 => v4,
        }
    }
}

fn too_many(wait: Duration) -> Response {
    let seconds = wait.as_secs() + u64::from(wait.subsec_nanos() > 0);
    let error = ApiError::new(
        StatusCode::TOO_MANY_REQUESTS,
        ErrorCode::TooManyRequests,
        format!("too many enrolment attempts from this address; wait a minute ({seconds} s)"),
    );
    ([(header::RETRY_AFTER, seconds.max(1))], error).into_response()
}

/// The handler: refused at once when the address is over its limit, else the code is exchanged.
pub async fn enrol(
    State(pool): State<PgPool>,
    Extension(guard): Extension<Arc<EnrolGuard>>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    body: Result<Json<EnrolRequest>, JsonRejection>,
) -> Response {
    let addr = guard.client_addr(peer, &headers);
    let attempt = match guard.limit.begin(addr) {
        Ok(attempt) => attempt,
        Err(wait) => {
            tracing::warn!(%addr, "enrolment refused: too many wrong codes");
            return too_many(wait);
        }
    };
    let answer = exchange(&pool, body).await;
    if !matches!(&answer, Err(e) if e.body.code == ErrorCode::InvalidCode) {
        guard.limit.succeeded(attempt);
    }
    answer.map(Json).into_response()
}

async fn exchange(
    pool: &PgPool,
    body: Result<Json<EnrolRequest>, JsonRejection>,
) -> Result<EnrolResponse, ApiError> {
    let request = crate::api::json_body(body)?;
    let credential = secret::new_credential();
    let row = sqlx::query(
        "UPDATE people SET credential_hash = $1, enrol_code_hash = NULL, enrolled_at = now() \
         WHERE enrol_code_hash = $2 AND revoked_at IS NULL RETURNING id, team_id, role",
    )
    .bind(secret::hash(&credential))
    .bind(secret::hash(&secret::normalise_code(&request.code)))
    .fetch_optional(pool)
    .await?;
    let Some(row) = row else {
        return Err(ApiError::new(
            StatusCode::UNAUTHORIZED,
            ErrorCode::InvalidCode,
            "this enrolment code is unknown, already used or revoked",
        ));
    };
    let role: String = row.try_get("role")?;
    let person_id = row.try_get("id")?;
    tracing::info!(person = %person_id, "enrolled");
    Ok(EnrolResponse {
        credential,
        team_id: row.try_get("team_id")?,
        person_id,
        role: Role::parse(&role).unwrap_or(Role::Viewer),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn addr(s: &str) -> IpAddr {
        s.parse().expect("an address")
    }

    #[test]
    fn only_wrong_codes_spend_and_each_address_counts_alone() {
        let limit = EnrolLimit::default();
        for _ in 0..25 {
            let attempt = limit
                .begin(addr("10.0.0.1"))
                .expect("a right code is never held back");
            limit.succeeded(attempt);
        }
        for _ in 0..MAX_FAILURES {
            limit.begin(addr("10.0.0.1")).expect("within the limit");
        }
        let wait = limit.begin(addr("10.0.0.1")).expect_err("over the limit");
        assert!(wait > Duration::from_secs(55) && wait <= WINDOW, "{wait:?}");
        limit
            .begin(addr("10.0.0.2"))
            .expect("another address is not held back");
    }

    #[test]
    fn behind_a_proxy_the_address_it_saw_counts_and_ipv6_by_its_64() {
        let peer: SocketAddr = "127.0.0.1:5000".parse().expect("an address");
        let mut headers = HeaderMap::new();
        headers.insert(
            "x-forwarded-for",
            "6.6.6.6, 203.0.113.9".parse().expect("a header"),
        );
        let direct = EnrolGuard::default();
        assert_eq!(direct.client_addr(peer, &headers), addr("127.0.0.1"));
        let proxied = EnrolGuard {
            behind_proxy: true,
            ..EnrolGuard::default()
        };
        assert_eq!(proxied.client_addr(peer, &headers), addr("203.0.113.9"));
        headers.insert("x-forwarded-for", "garbage".parse().expect("a header"));
        assert_eq!(proxied.client_addr(peer, &headers), addr("127.0.0.1"));
        headers.insert(
            "x-forwarded-for",
            "2001:db8:1:2:aaaa::1".parse().expect("a header"),
        );
        assert_eq!(proxied.client_addr(peer, &headers), addr("2001:db8:1:2::"));
    }
}
