//! The HTTP endpoints: health, enrol (in [`crate::enrol`]), push, pull (waiting for news when
//! asked to), snapshot.

use std::sync::Arc;

use axum::extract::rejection::{JsonRejection, QueryRejection};
use axum::extract::{FromRef, Query, Request, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Extension, Json, Router};
use firstgoal_protocol::{
    self as protocol, Change, ErrorCode, Health, PullQuery, PullResponse, PushRequest,
    PushResponse, Role, SnapshotQuery, paths,
};
use sqlx::{PgPool, Row};
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::trace::TraceLayer;
use uuid::Uuid;

use crate::enrol::{self, EnrolGuard};
use crate::error::ApiError;
use crate::news::News;
use crate::records;
use crate::secret;
use crate::sync::{self, Caller};

/// What the handlers share: the database and the process's news of committed pushes.
#[derive(Debug, Clone)]
pub struct AppState {
    /// The database.
    pub pool: PgPool,
    /// Notifications of committed pushes, for pulls that wait.
    pub news: News,
}

impl FromRef<AppState> for PgPool {
    fn from_ref(state: &AppState) -> PgPool {
        state.pool.clone()
    }
}

impl FromRef<AppState> for News {
    fn from_ref(state: &AppState) -> News {
        state.news.clone()
    }
}

/// The router of the whole server over a database pool and the process's [`News`];
/// `behind_proxy`: a TLS-terminating proxy is in front (the enrolment limit then counts the address
/// it saw). Serve it with connect info (`into_make_service_with_connect_info::<SocketAddr>`):
/// enrolment needs the peer's address.
pub fn router(pool: PgPool, news: News, behind_proxy: bool) -> Router {
    let guard = Arc::new(EnrolGuard {
        behind_proxy,
        ..EnrolGuard::default()
    });
    let v1 = Router::new()
        .route(paths::ENROL, post(enrol::enrol))
        .route(paths::PUSH, post(push))
        .route(paths::PULL, get(pull))
        .route(paths::SNAPSHOT, get(snapshot))
        .route(paths::TEAM, get(team))
        .route_layer(middleware::from_fn(check_protocol));
    Router::new()
        .route(paths::HEALTH, get(health))
        .merge(v1)
        .fallback(|| async {
            ApiError::new(
                StatusCode::NOT_FOUND,
                ErrorCode::NotFound,
                "no such endpoint",
            )
        })
        .layer(Extension(guard))
        .layer(RequestBodyLimitLayer::new(protocol::MAX_BODY_BYTES))
        .layer(middleware::from_fn(json_errors))
        .layer(TraceLayer::new_for_http())
        .with_state(AppState { pool, news })
}

/// Refuses requests without the protocol header of this version.
async fn check_protocol(request: Request, next: Next) -> Response {
    let version = request
        .headers()
        .get(protocol::PROTOCOL_HEADER)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u32>().ok());
    if version != Some(protocol::PROTOCOL_VERSION) {
        let message = format!(
            "this server speaks protocol version {}; send it in the {} header",
            protocol::PROTOCOL_VERSION,
            protocol::PROTOCOL_HEADER
        );
        return ApiError::new(
            StatusCode::BAD_REQUEST,
            ErrorCode::UnsupportedProtocol,
            message,
        )
        .into_response();
    }
    next.run(request).await
}

/// Gives the refusals made outside the handlers (body limit, wrong method) a JSON body too.
async fn json_errors(request: Request, next: Next) -> Response {
    let response = next.run(request).await;
    let is_json = response
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|v| v.as_bytes().starts_with(b"application/json"));
    match response.status() {
        StatusCode::PAYLOAD_TOO_LARGE if !is_json => ApiError::too_large().into_response(),
        StatusCode::METHOD_NOT_ALLOWED if !is_json => ApiError::new(
            StatusCode::METHOD_NOT_ALLOWED,
            ErrorCode::InvalidRequest,
            "method not allowed here",
        )
        .into_response(),
        _ => response,
    }
}

/// The body of a request, or the refusal of a malformed or oversized one.
pub(crate) fn json_body<T>(body: Result<Json<T>, JsonRejection>) -> Result<T, ApiError> {
    match body {
        Ok(Json(value)) => Ok(value),
        Err(e) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => Err(ApiError::too_large()),
        Err(e) => Err(ApiError::invalid(format!(
            "the request body is not valid: {}",
            e.body_text()
        ))),
    }
}

async fn health(State(pool): State<PgPool>) -> Response {
    let up = sqlx::query("SELECT 1").execute(&pool).await.is_ok();
    let status = if up {
        StatusCode::OK
    } else {
        StatusCode::SERVICE_UNAVAILABLE
    };
    let body = Health {
        status: if up { "ok" } else { "database unavailable" }.into(),
        protocol: protocol::PROTOCOL_VERSION,
    };
    (status, Json(body)).into_response()
}

/// The caller named by the bearer credential, with their role; revoked people are refused.
async fn authenticate(pool: &PgPool, headers: &HeaderMap) -> Result<(Caller, Role), ApiError> {
    let token = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .ok_or_else(ApiError::unauthorized)?;
    let row = sqlx::query(
        "SELECT id, team_id, role FROM people WHERE credential_hash = $1 AND revoked_at IS NULL",
    )
    .bind(secret::hash(token.trim()))
    .fetch_optional(pool)
    .await?
    .ok_or_else(ApiError::unauthorized)?;
    let role: String = row.try_get("role")?;
    let caller = Caller {
        person: row.try_get("id")?,
        team: row.try_get("team_id")?,
    };
    Ok((caller, Role::parse(&role).unwrap_or(Role::Viewer)))
}

fn validate(changes: &[Change]) -> Result<(), ApiError> {
    if changes.len() > protocol::MAX_CHANGES_PER_PUSH {
        return Err(ApiError::invalid(format!(
            "at most {} changes per push",
            protocol::MAX_CHANGES_PER_PUSH
        )));
    }
    for c in changes {
        let field_ok = match &c.op {
            protocol::Op::Set { field, .. } => protocol::valid_name(field),
            protocol::Op::Delete => true,
        };
        if !protocol::valid_name(&c.kind) || !field_ok {
            return Err(ApiError::invalid(format!(
                "change {}: kinds and fields are 1 to {} characters of a-z, 0-9 and _",
                c.change_id,
                protocol::MAX_NAME_LEN
            )));
        }
        if c.base_seq < 0 {
            return Err(ApiError::invalid(format!(
                "change {}: base_seq is negative",
                c.change_id
            )));
        }
    }
    Ok(())
}

async fn push(
    State(pool): State<PgPool>,
    headers: HeaderMap,
    body: Result<Json<PushRequest>, JsonRejection>,
) -> Result<Json<PushResponse>, ApiError> {
    let (caller, role) = authenticate(&pool, &headers).await?;
    if !role.can_write() {
        return Err(ApiError::new(
            StatusCode::FORBIDDEN,
            ErrorCode::Forbidden,
            "viewers cannot change the team's data",
        ));
    }
    let request = json_body(body)?;
    validate(&request.changes)?;
    let results = sync::push(&pool, caller, &request.changes).await?;
    tracing::debug!(person = %caller.person, changes = results.len(), "push");
    Ok(Json(PushResponse { results }))
}

async fn pull(
    State(pool): State<PgPool>,
    State(news): State<News>,
    headers: HeaderMap,
    query: Result<Query<PullQuery>, QueryRejection>,
) -> Result<Json<PullResponse>, ApiError> {
    let (caller, _) = authenticate(&pool, &headers).await?;
    let Query(query) = query
        .map_err(|e| ApiError::invalid(format!("the query is not valid: {}", e.body_text())))?;
    let limit = query.limit.unwrap_or(protocol::MAX_PULL_LIMIT);
    let wait = query.wait.unwrap_or(0);
    if limit == 0
        || limit > protocol::MAX_PULL_LIMIT
        || query.after < 0
        || wait > protocol::MAX_PULL_WAIT_SECS
    {
        return Err(ApiError::invalid(format!(
            "after must be 0 or more, limit 1 to {} and wait 0 to {} seconds",
            protocol::MAX_PULL_LIMIT,
            protocol::MAX_PULL_WAIT_SECS
        )));
    }
    let wait = std::time::Duration::from_secs(wait.into());
    let page = sync::pull_waiting(&pool, &news, caller, query.after, limit, wait).await?;
    Ok(Json(page))
}

/// One page of the team's records of a kind, for a new replica to fill itself from.
async fn snapshot(
    State(pool): State<PgPool>,
    headers: HeaderMap,
    query: Result<Query<SnapshotQuery>, QueryRejection>,
) -> Result<Json<records::Page>, ApiError> {
    let (caller, _) = authenticate(&pool, &headers).await?;
    let Query(query) = query
        .map_err(|e| ApiError::invalid(format!("the query is not valid: {}", e.body_text())))?;
    let limit = query.limit.unwrap_or(protocol::MAX_SNAPSHOT_LIMIT);
    if limit == 0 || limit > protocol::MAX_SNAPSHOT_LIMIT || !protocol::valid_name(&query.kind) {
        return Err(ApiError::invalid(format!(
            "kind must be 1 to {} characters of a-z, 0-9 and _, and limit 1 to {}",
            protocol::MAX_NAME_LEN,
            protocol::MAX_SNAPSHOT_LIMIT
        )));
    }
    let page = records::page(&pool, caller.team, &query.kind, query.after, limit).await?;
    Ok(Json(page))
}

/// The caller's team and its people, by name.
async fn team(
    State(pool): State<PgPool>,
    headers: HeaderMap,
) -> Result<Json<protocol::TeamInfo>, ApiError> {
    let (caller, _) = authenticate(&pool, &headers).await?;
    let name: String = sqlx::query_scalar("SELECT name FROM teams WHERE id = $1")
        .bind(caller.team)
        .fetch_one(&pool)
        .await?;
    let rows: Vec<(Uuid, String, String, bool)> = sqlx::query_as(
        "SELECT id, name, role, revoked_at IS NOT NULL FROM people WHERE team_id = $1 \
         ORDER BY name, id",
    )
    .bind(caller.team)
    .fetch_all(&pool)
    .await?;
    let people = rows
        .into_iter()
        .map(|(person_id, name, role, revoked)| protocol::TeamPerson {
            person_id,
            name,
            role: Role::parse(&role).unwrap_or(Role::Viewer),
            revoked,
        })
        .collect();
    Ok(Json(protocol::TeamInfo {
        team_id: caller.team,
        name,
        people,
    }))
}
