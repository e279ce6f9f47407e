//! The connection pool and the schema migrations.

use sqlx::PgPool;
use sqlx::postgres::PgPoolOptions;

/// Connects to `url` with at most `max_connections` and brings the schema up to date (concurrent
/// starts are safe: sqlx takes an advisory lock while migrating).
pub async fn connect(url: &str, max_connections: u32) -> Result<PgPool, sqlx::Error> {
    let pool = PgPoolOptions::new()
        .max_connections(max_connections)
        .connect(url)
        .await?;
    sqlx::migrate!("./migrations").run(&pool).await?;
    Ok(pool)
}
