//! Each record's current fields (`records`, migrations 0002 and 0003), kept in step with the
//! changes by the push that stores them, and read page by page as the snapshot a new replica
//! fills itself from. A record's fields are stored as the JSON object a page sends (each value
//! the JSON text it was pushed as), so a page is read as it is stored.

use std::collections::{BTreeMap, HashMap};

use firstgoal_protocol::{Change, Op};
use serde::Serialize;
use serde_json::value::RawValue;
use sqlx::{PgConnection, PgPool};
use uuid::Uuid;

/// What one push did to one record, its changes taken in order.
#[derive(Debug, Default)]
struct Effect<'a> {
    /// A change of the push deleted it: the fields below replace whatever it had.
    deleted: bool,
    /// Field → the JSON text of its value (the latest of the push).
    fields: BTreeMap<&'a str, String>,
    /// The record's latest change.
    seq: i64,
}

/// Brings `records` in step with the changes just stored (`applied`, in push order, with their
/// seq): a set merges its field into the record, a deletion removes the record (a set after it
/// in the same push starts the record again). The caller holds the team's lock, so the fields
/// read here to merge into are not changed by another push in between.
pub async fn apply(
    conn: &mut PgConnection,
    team: Uuid,
    applied: &[(&Change, i64)],
) -> Result<(), sqlx::Error> {
    let mut order: Vec<(&str, Uuid)> = Vec::new();
    let mut effects: HashMap<(&str, Uuid), Effect> = HashMap::new();
    for (change, seq) in applied {
        let key = (change.kind.as_str(), change.record_id);
        let effect = effects.entry(key).or_insert_with(|| {
            order.push(key);
            Effect::default()
        });
        effect.seq = *seq;
        match &change.op {
            Op::Delete => {
                effect.deleted = true;
                effect.fields.clear();
            }
            Op::Set { field, value } => {
                effect.fields.insert(field, value.to_string());
            }
        }
    }
    let (mut gone_kinds, mut gone_ids) = (Vec::new(), Vec::new());
    let (mut kept_kinds, mut kept_ids) = (Vec::new(), Vec::new());
    for key in &order {
        let effect = &effects[key];
        if effect.deleted {
            gone_kinds.push(key.0);
            gone_ids.push(key.1);
        } else if !effect.fields.is_empty() {
            kept_kinds.push(key.0);
            kept_ids.push(key.1);
        }
    }
    // The stored fields of the records the push sets fields of (a deleted one starts anew).
    // Planned for each push (not persistent): a plan kept from when the table was small would
    // scan the whole table to find a few records.
    let stored: Vec<(String, Uuid, String)> = if kept_ids.is_empty() {
        Vec::new()
    } else {
        sqlx::query_as(
            "SELECT r.kind, r.record_id, r.fields FROM records r \
             JOIN UNNEST($2::text[], $3::uuid[]) AS u(kind, record_id) \
             ON r.kind = u.kind AND r.record_id = u.record_id WHERE r.team_id = $1",
        )
        .persistent(false)
        .bind(team)
        .bind(&kept_kinds)
        .bind(&kept_ids)
        .fetch_all(&mut *conn)
        .await?
    };
    let mut stored: HashMap<(String, Uuid), String> = stored
        .into_iter()
        .map(|(kind, id, fields)| ((kind, id), fields))
        .collect();
    let decode = |e: serde_json::Error| sqlx::Error::Decode(Box::new(e));
    let (mut kinds, mut ids, mut fields, mut seqs) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for key in order {
        let effect = &effects[&key];
        if effect.fields.is_empty() {
            continue;
        }
        let mut merged: BTreeMap<&str, Box<RawValue>> = BTreeMap::new();
        let before = stored.remove(&(key.0.to_owned(), key.1));
        if let Some(before) = before.as_deref().filter(|_| !effect.deleted) {
            merged = serde_json::from_str(before).map_err(decode)?;
        }
        for (&field, value) in &effect.fields {
            merged.insert(field, RawValue::from_string(value.clone()).map_err(decode)?);
        }
        kinds.push(key.0);
        ids.push(key.1);
        fields.push(serde_json::to_string(&merged).map_err(decode)?);
        seqs.push(effect.seq);
    }
    if !gone_ids.is_empty() {
        sqlx::query(
            "DELETE FROM records r USING UNNEST($2::text[], $3::uuid[]) AS u(kind, record_id) \
             WHERE r.team_id = $1 AND r.kind = u.kind AND r.record_id = u.record_id",
        )
        .persistent(false)
        .bind(team)
        .bind(&gone_kinds)
        .bind(&gone_ids)
        .execute(&mut *conn)
        .await?;
    }
    if !ids.is_empty() {
        sqlx::query(
            "INSERT INTO records (team_id, kind, record_id, fields, seq) \
             SELECT $1, u.kind, u.record_id, u.fields, u.seq \
             FROM UNNEST($2::text[], $3::uuid[], $4::text[], $5::bigint[]) AS u(kind, record_id, fields, seq) \
             ON CONFLICT (team_id, kind, record_id) \
             DO UPDATE SET fields = EXCLUDED.fields, seq = EXCLUDED.seq",
        )
        .bind(team)
        .bind(&kinds)
        .bind(&ids)
        .bind(&fields)
        .bind(&seqs)
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

/// One record of a snapshot page; serialises as `firstgoal_protocol::SnapshotRecord`, its fields
/// the stored object, each value the JSON text it was pushed as.
#[derive(Debug, Serialize)]
pub struct Record {
    record_id: Uuid,
    fields: Box<RawValue>,
}

/// A snapshot page; serialises as `firstgoal_protocol::SnapshotPage`.
#[derive(Debug, Serialize)]
pub struct Page {
    as_of: i64,
    records: Vec<Record>,
    more: bool,
}

/// The team's records of `kind` after `after` (in record id order), at most `limit`, with the
/// team's last change before they were read.
pub async fn page(
    pool: &PgPool,
    team: Uuid,
    kind: &str,
    after: Option<Uuid>,
    limit: u32,
) -> Result<Page, sqlx::Error> {
    // Read before the records: every change up to it is committed (a team's pushes commit in
    // seq order), so the page holds it.
    let as_of: i64 =
        sqlx::query_scalar("SELECT COALESCE(max(seq), 0) FROM changes WHERE team_id = $1")
            .bind(team)
            .fetch_one(pool)
            .await?;
    let after_clause = if after.is_some() {
        "AND record_id > $4"
    } else {
        ""
    };
    let sql = format!(
        "SELECT record_id, fields FROM records WHERE team_id = $1 AND kind = $2 \
         {after_clause} ORDER BY record_id LIMIT $3"
    );
    let mut query = sqlx::query_as(&sql)
        .bind(team)
        .bind(kind)
        .bind(i64::from(limit) + 1);
    if let Some(after) = after {
        query = query.bind(after);
    }
    let rows: Vec<(Uuid, String)> = query.fetch_all(pool).await?;
    let more = rows.len() > limit as usize;
    let decode = |e: serde_json::Error| sqlx::Error::Decode(Box::new(e));
    let records = rows
        .into_iter()
        .take(limit as usize)
        .map(|(record_id, text)| {
            // Checked as JSON, not taken apart: the page sends it as stored.
            let fields = RawValue::from_string(text).map_err(decode)?;
            Ok(Record { record_id, fields })
        })
        .collect::<Result<_, sqlx::Error>>()?;
    Ok(Page {
        as_of,
        records,
        more,
    })
}
