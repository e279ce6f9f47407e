//! The conflicts a team's server keeps (pushed changes not applied because someone else's change was
//! newer): listed for an admin, and cleared before a date, since they are kept forever otherwise.

use chrono::{DateTime, NaiveDate, Utc};
use sqlx::{PgPool, Row};
use uuid::Uuid;

use super::{AdminError, team_id};

/// One kept conflict as `conflicts list` shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeptConflict {
    /// When the server received the refused change.
    pub received_at: DateTime<Utc>,
    /// Who pushed it (their name).
    pub who: String,
    /// The record's kind, e.g. `project`.
    pub kind: String,
    /// The record's id.
    pub record_id: Uuid,
    /// The field it set, or `None` for a deletion.
    pub field: Option<String>,
    /// The sequence number of the newer change it conflicted with (theirs).
    pub theirs_seq: i64,
    /// Who made theirs (their name).
    pub theirs_by: String,
    /// The refused change's id.
    pub change_id: Uuid,
}

/// The team's kept conflicts, oldest first.
pub async fn list(pool: &PgPool, team: &str) -> Result<Vec<KeptConflict>, AdminError> {
    let team_id = team_id(pool, team).await?;
    let rows = sqlx::query(
        "SELECT k.received_at, mine.name AS who, k.kind, k.record_id, k.field, k.theirs_seq, \
         theirs_by.name AS theirs_by, k.change_id FROM conflicts k \
         JOIN people mine ON mine.id = k.author \
         JOIN changes c ON c.seq = k.theirs_seq \
         JOIN people theirs_by ON theirs_by.id = c.author \
         WHERE k.team_id = $1 ORDER BY k.received_at, k.change_id",
    )
    .bind(team_id)
    .fetch_all(pool)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(KeptConflict {
                received_at: r.try_get("received_at")?,
                who: r.try_get("who")?,
                kind: r.try_get("kind")?,
                record_id: r.try_get("record_id")?,
                field: r.try_get("field")?,
                theirs_seq: r.try_get("theirs_seq")?,
                theirs_by: r.try_get("theirs_by")?,
                change_id: r.try_get("change_id")?,
            })
        })
        .collect()
}

/// Removes the team's conflicts received before `before`; returns how many. A refused change that
/// is sent again afterwards is judged again (theirs is still newer, so it is kept again).
pub async fn clear(pool: &PgPool, team: &str, before: DateTime<Utc>) -> Result<u64, AdminError> {
    let team_id = team_id(pool, team).await?;
    let done = sqlx::query("DELETE FROM conflicts WHERE team_id = $1 AND received_at < $2")
        .bind(team_id)
        .bind(before)
        .execute(pool)
        .await?;
    Ok(done.rows_affected())
}

/// Reads `--before`: a date (`2025-01-31`, its start in UTC) or an RFC 3339 time
/// (`2025-01-31T09:00:00+09:00`).
pub fn parse_before(text: &str) -> Result<DateTime<Utc>, String> {
    let text = text.trim();
    if let Ok(day) = NaiveDate::parse_from_str(text, "%Y-%m-%d") {
        return Ok(day.and_time(chrono::NaiveTime::MIN).and_utc());
    }
    DateTime::parse_from_rfc3339(text)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|_| {
            format!(
                "{text:?} is not a date: give one like 2025-01-31 (UTC) or a time like 2025-01-31T09:00:00+09:00"
            )
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn before_is_a_date_in_utc_or_an_rfc3339_time() {
        let day = parse_before("2025-01-31").expect("a date");
        assert_eq!(day.to_rfc3339(), "2025-01-31T00:00:00+00:00");
        let time = parse_before("2025-01-31T09:00:00+09:00").expect("a time");
        assert_eq!(time.to_rfc3339(), "2025-01-31T00:00:00+00:00");
        for bad in [
            "",
            "31/01/2025",
            "2025-02-30",
            "yesterday; DROP TABLE conflicts",
        ] {
            let e = parse_before(bad).expect_err(bad);
            assert!(e.contains("is not a date"), "{e}");
        }
    }
}
