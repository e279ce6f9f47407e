//! The HTTP endpoints: health, enrol (in [`crate::enrol`]), push, pull.

use std::sync::Arc;

use axum::extract::rejection::{JsonRejection, QueryRejection};
use axum::extract::{Query, Request, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Extension, Json, Router};
use firstgoal_protocol::{
    self as protocol, Change, ErrorCode, Health, PullQuery, PullResponse, PushRequest,
    PushResponse, Role, paths,
};
use sqlx::{PgPool, Row};
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::trace::TraceLayer;

use crate::enrol::{self, EnrolGuard};
use crate::error::ApiError;
use crate::secret;
use crate::sync::{self, Caller};

/// The router of the whole server over a database pool; `behind_proxy`: a TLS-terminating proxy is
/// in front (the enrolment limit then counts the address it saw). Serve it with connect info
/// (`into_make_service_with_connect_info::<SocketAddr>`): enrolment needs the peer's address.
pub fn router(pool: PgPool, behind_proxy: bool) -> Router {
    let guard = Arc::new(EnrolGuard {
        behind_proxy,
        ..EnrolGuard::default()
    });
    let v1 = Router::new()
        .route(paths::ENROL, post(enrol::enrol))
        .route(paths::PUSH, post(push))
        .route(paths::PULL, get(pull))
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
        .with_state(pool)
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
    headers: HeaderMap,
    query: Result<Query<PullQuery>, QueryRejection>,
) -> Result<Json<PullResponse>, ApiError> {
    let (caller, _) = authenticate(&pool, &headers).await?;
    let Query(query) = query
        .map_err(|e| ApiError::invalid(format!("the query is not valid: {}", e.body_text())))?;
    let limit = query.limit.unwrap_or(protocol::MAX_PULL_LIMIT);
    if limit == 0 || limit > protocol::MAX_PULL_LIMIT || query.after < 0 {
        return Err(ApiError::invalid(format!(
            "after must be 0 or more and limit 1 to {}",
            protocol::MAX_PULL_LIMIT
        )));
    }
    Ok(Json(sync::pull(&pool, caller, query.after, limit).await?))
}
