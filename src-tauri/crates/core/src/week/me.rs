//! Who the user is among the file's team members, for the "mine" filter. Kept as a file setting:
//! team members are the file's own records, and the CLI reads it as the app does.

use crate::db::Db;
use crate::error::Result;
use crate::team::{self, TeamMember};

const ME_KEY: &str = "week.me";

/// The team member the user said they are; `None` when never said (or that member is gone).
pub async fn me(db: &Db) -> Result<Option<TeamMember>> {
    let Some(id) = crate::db::file_settings::get::<i64>(db, ME_KEY).await? else {
        return Ok(None);
    };
    Ok(team::list(db).await?.into_iter().find(|m| m.id == id))
}

/// Says who the user is (`None`: nobody in particular). An unknown member is refused with
/// `unknown_member` on `member_id`, and nothing is stored.
pub async fn set_me(db: &Db, member_id: Option<i64>) -> Result<Option<TeamMember>> {
    match member_id {
        Some(id) => {
            let mut conn = db.pool().acquire().await?;
            team::ensure_member(&mut conn, id, "member_id").await?;
            drop(conn);
            crate::db::file_settings::set(db, ME_KEY, &id).await?;
        }
        None => crate::db::file_settings::remove(db, ME_KEY).await?,
    }
    me(db).await
}
