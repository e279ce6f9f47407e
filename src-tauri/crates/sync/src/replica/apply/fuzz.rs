//! Hostile pulled pages (proptest, fixed seed): a replica of a small demo file applies pages of
//! changes a buggy or hostile team member could have pushed (see [`hostile`]). After each page:
//! (a) the refused changes wrote nothing — the same page without them, applied to a copy of the
//! file as it was before, gives the same records and the same records waiting for fields — and
//! each is kept in `sync_conflicts` with a reason; the file passes `integrity_check` and
//! `foreign_key_check`. After the pages, (b) every read path reads the file: the project list,
//! each project's pages, reports and stakeholder map, the journeys, the portfolio (through the
//! facts cache and derived again, with filters), the week view, the calendar, the export and its
//! import into an empty file (the core's `read_back`, shared with the import's own property).
//!
//! Lives in the crate to reach [`apply_page`]. `FUZZ_CASES` sets the number of cases (default 4).

mod hostile;
#[path = "../../../../core/tests/integration/read_back.rs"]
#[allow(dead_code)]
mod read_back;

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use firstgoal_core::calendar::{self, CalendarScope};
use firstgoal_core::journey::{self, NewJourney};
use firstgoal_core::playbooks::{self, PlaybookRef};
use firstgoal_core::portfolio::{self, PortfolioFilter, PortfolioQuery};
use firstgoal_core::settings::Language;
use firstgoal_core::week::{self, WeekQuery};
use firstgoal_core::{Db, demo, kickoff, projects, team, transfer};
use firstgoal_protocol::{PullResponse, Role, StoredChange};
use proptest::test_runner::{Config, RngAlgorithm, TestCaseError, TestRng, TestRunner};
use serde_json::Value;
use uuid::Uuid;

use super::super::state::{self, Enrolment, Existing};
use super::super::tables::{self, Kind};
use super::{PageReport, apply_page};
use hostile::Catalogue;

const SEED: [u8; 32] = *b"firstgoal replica hostile pages!";

fn cases() -> u32 {
    std::env::var("FUZZ_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(4)
}

/// This replica's person.
fn me() -> Uuid {
    Uuid::from_u128(0xbeef)
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime")
}

/// A replica of a small file with something in every travelling table, every record named.
pub(super) async fn replica(path: &Path) -> Db {
    let db = Db::open(path).await.expect("open");
    demo::generate(&db, 3, 11).await.expect("demo");
    let project = projects::get(&db, 1).await.expect("project");
    let board = kickoff::set_purpose(&db, 1, project.project.version, "Why they bought")
        .await
        .expect("purpose");
    if let Some(person) = board.stakeholders.first() {
        kickoff::set_agreement(
            &db,
            person.id,
            board.detail.project.version,
            Some("2026-01-10"),
        )
        .await
        .expect("agreement");
    }
    let builtin = PlaybookRef::Builtin {
        key: "low_touch".into(),
    };
    playbooks::duplicate(&db, &builtin, Language::Ja)
        .await
        .expect("stored playbook");
    let template = NewJourney {
        project_id: None,
        name: "Template".into(),
        template_id: None,
        language: Language::En,
    };
    journey::create(&db, &template).await.expect("template");
    let member = team::list(&db).await.expect("team").first().map(|m| m.id);
    week::set_me(&db, member).await.expect("me");
    let enrolment = Enrolment {
        server_url: "http://127.0.0.1:9".into(),
        team_id: Uuid::from_u128(7),
        person_id: me(),
        role: Role::Member,
        replica_id: Uuid::from_u128(8),
        cursor: 0,
    };
    state::enrol(&db, &enrolment, Existing::Share)
        .await
        .expect("enrolled");
    db
}

pub(super) async fn kinds(db: &Db) -> Vec<Kind> {
    let mut conn = db.pool().acquire().await.expect("connection");
    tables::kinds(&mut conn).await.expect("kinds")
}

/// The records of `db` as they travel: every field of every record enrolment put in the outbox.
async fn catalogue(db: &Db) -> Catalogue {
    let kinds = kinds(db).await;
    let rows: Vec<(String, String, String, String)> = sqlx::query_as(
        "SELECT kind, record_uid, field, value FROM sync_outbox WHERE op = 'set' ORDER BY id",
    )
    .fetch_all(db.pool())
    .await
    .expect("outbox");
    let mut records: hostile::Records = kinds.iter().map(|k| (k.table, Vec::new())).collect();
    let mut uids = Vec::new();
    for (kind, uid, field, value) in rows {
        let Some(kind) = kinds.iter().find(|k| k.table == kind) else {
            continue;
        };
        let list = records.get_mut(kind.table).expect("a kind");
        if list.last().is_none_or(|(u, _)| *u != uid) {
            list.push((uid.clone(), HashMap::new()));
            uids.push(uid);
        }
        let value = serde_json::from_str(&value).expect("outbox JSON");
        list.last_mut().expect("a record").1.insert(field, value);
    }
    Catalogue {
        kinds,
        records,
        uids,
    }
}

/// Everything a pulled change may write: every record of the file (but its local edit time), the
/// fields waiting in `sync_incoming`, and the cursor.
async fn written(db: &Db) -> Value {
    let mut dump = serde_json::to_value(transfer::export(db).await.expect("export")).expect("json");
    for table in dump["tables"].as_object_mut().expect("tables").values_mut() {
        let columns = table["columns"].clone();
        let Some(at) = columns
            .as_array()
            .and_then(|c| c.iter().position(|c| c == "updated_at"))
        else {
            continue;
        };
        for row in table["rows"].as_array_mut().expect("rows") {
            row[at] = Value::Null;
        }
    }
    let incoming: Vec<(String, String, String, String)> = sqlx::query_as(
        "SELECT kind, record_uid, field, value FROM sync_incoming ORDER BY kind, record_uid, field",
    )
    .fetch_all(db.pool())
    .await
    .expect("incoming");
    let cursor: i64 = sqlx::query_scalar("SELECT cursor FROM sync_state")
        .fetch_one(db.pool())
        .await
        .expect("cursor");
    serde_json::json!({ "tables": dump["tables"], "incoming": incoming, "cursor": cursor })
}

/// The pulled changes refused since conflict `after`: (seq, reason).
pub(super) async fn refusals(db: &Db, after: i64) -> Vec<(i64, String)> {
    let rows: Vec<(String, String)> =
        sqlx::query_as("SELECT mine, theirs FROM sync_conflicts WHERE id > ?1 ORDER BY id")
            .bind(after)
            .fetch_all(db.pool())
            .await
            .expect("conflicts");
    rows.into_iter()
        .map(|(mine, theirs)| {
            let mine: Value = serde_json::from_str(&mine).expect("mine");
            let theirs: StoredChange = serde_json::from_str(&theirs).expect("theirs");
            let reason = mine["not_applied"].as_str().unwrap_or_default();
            (theirs.seq, reason.to_owned())
        })
        .collect()
}

pub(super) async fn last_conflict(db: &Db) -> i64 {
    sqlx::query_scalar("SELECT COALESCE(MAX(id), 0) FROM sync_conflicts")
        .fetch_one(db.pool())
        .await
        .expect("conflicts")
}

/// `PRAGMA integrity_check` is ok and `foreign_key_check` finds nothing.
pub(super) async fn sound(db: &Db) -> Result<(), String> {
    let integrity: Vec<String> = sqlx::query_scalar("PRAGMA integrity_check")
        .fetch_all(db.pool())
        .await
        .map_err(|e| e.to_string())?;
    if integrity != ["ok"] {
        return Err(format!("integrity_check: {integrity:?}"));
    }
    let broken: Vec<(String, Option<i64>, String)> =
        sqlx::query_as("SELECT \"table\", rowid, parent FROM pragma_foreign_key_check")
            .fetch_all(db.pool())
            .await
            .map_err(|e| e.to_string())?;
    if !broken.is_empty() {
        return Err(format!("foreign_key_check: {broken:?}"));
    }
    Ok(())
}

async fn copy(db: &Db, to: &Path) {
    let _ = std::fs::remove_file(to);
    sqlx::query("VACUUM INTO ?1")
        .bind(to.to_string_lossy().into_owned())
        .execute(db.pool())
        .await
        .expect("copy");
}

/// Applies `page` to `db` and checks (a); returns its report.
async fn apply_checked(
    db: &Db,
    kinds: &[Kind],
    page: &PullResponse,
    scratch: &Path,
) -> Result<PageReport, String> {
    let before_path = scratch.join("before.sqlite");
    copy(db, &before_path).await;
    let since = last_conflict(db).await;
    let report = apply_page(db, kinds, me(), page)
        .await
        .map_err(|e| format!("apply: {e}"))?;
    let refused = refusals(db, since).await;
    if refused.len() as u64 != report.refused {
        return Err(format!(
            "{} refused, {} kept",
            report.refused,
            refused.len()
        ));
    }
    if let Some((seq, _)) = refused.iter().find(|(_, r)| r.trim().is_empty()) {
        return Err(format!("change {seq} refused without a reason"));
    }
    let seqs: HashSet<i64> = refused.iter().map(|(s, _)| *s).collect();
    let without = PullResponse {
        changes: (page.changes.iter())
            .filter(|c| !seqs.contains(&c.seq))
            .cloned()
            .collect(),
        ..page.clone()
    };
    let before = Db::open(&before_path).await.map_err(|e| e.to_string())?;
    let again = apply_page(&before, kinds, me(), &without).await;
    let expected = written(&before).await;
    before.close().await;
    remove(&before_path);
    let again = again.map_err(|e| format!("apply without the refused: {e}"))?;
    if again.refused != 0 {
        return Err(format!("without the refused, {} refused", again.refused));
    }
    if written(db).await != expected {
        return Err(format!("the refused changes {refused:?} wrote something"));
    }
    sound(db).await?;
    Ok(report)
}

/// A change, one line, for the failure message.
fn shown(c: &StoredChange) -> String {
    let op = match &c.change.op {
        firstgoal_protocol::Op::Set { field, value } => {
            let mut v = value.to_string();
            if v.len() > 120 {
                v = format!("{}… ({} bytes)", &v[..v.floor_char_boundary(120)], v.len());
            }
            format!("{field} = {v}")
        }
        firstgoal_protocol::Op::Delete => "delete".to_owned(),
    };
    format!("  {} {} {} {op}", c.seq, c.change.kind, c.change.record_id)
}

fn remove(path: &Path) {
    for suffix in ["", "-wal", "-shm", "-lock"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
    }
}

/// (b): every read path reads the file.
pub(super) async fn readable(db: &Db, scratch: &Path) -> Result<(), String> {
    read_back::read_everything(db, scratch).await?;
    let today = firstgoal_core::today();
    let fail = |what: &'static str| move |e: firstgoal_core::CoreError| format!("{what}: {e}");
    let cached = portfolio::get(db, &PortfolioQuery::default(), today)
        .await
        .map_err(fail("portfolio"))?;
    sqlx::query("DELETE FROM project_facts_cache")
        .execute(db.pool())
        .await
        .map_err(|e| e.to_string())?;
    let derived = portfolio::get(db, &PortfolioQuery::default(), today)
        .await
        .map_err(fail("portfolio derived"))?;
    if cached != derived {
        return Err("the facts cache disagrees with the data".into());
    }
    let member = team::list(db)
        .await
        .map_err(fail("team"))?
        .first()
        .map(|m| m.id);
    for row in &cached.rows {
        let filter = PortfolioFilter {
            segment: Some(row.segment),
            owner: Some(row.owner.clone()),
            member_id: member,
            kickoff_month: Some(row.kickoff_date.format("%Y-%m").to_string()),
        };
        let query = PortfolioQuery {
            filter,
            ..PortfolioQuery::default()
        };
        portfolio::get(db, &query, today)
            .await
            .map_err(fail("portfolio filtered"))?;
    }
    for mine in [false, true] {
        week::get_on(db, WeekQuery { mine, kind: None }, today)
            .await
            .map_err(fail("week"))?;
    }
    let events = calendar::events(db, CalendarScope::OpenProjects, Language::Ja)
        .await
        .map_err(fail("calendar"))?;
    calendar::ics(&events);
    Ok(())
}

#[test]
fn whatever_a_replica_accepts_every_read_path_reads() {
    let rt = runtime();
    let dir = tempfile::tempdir().expect("temp dir");
    let base = rt.block_on(replica(&dir.path().join("base.sqlite")));
    let catalogue = rt.block_on(catalogue(&base));
    let config = Config {
        cases: cases(),
        failure_persistence: None,
        ..Config::default()
    };
    let mut runner =
        TestRunner::new_with_rng(config, TestRng::from_seed(RngAlgorithm::ChaCha, &SEED));
    let case = std::cell::Cell::new(0u32);
    let result = runner.run(&hostile::pages(), |pages| {
        case.set(case.get() + 1);
        let scratch: PathBuf = dir.path().join(format!("case{}", case.get()));
        std::fs::create_dir_all(&scratch).expect("scratch");
        let outcome = rt.block_on(async {
            let path = scratch.join("replica.sqlite");
            copy(&base, &path).await;
            let db = Db::open(&path).await.map_err(|e| e.to_string())?;
            let mut seq = 0;
            let mut checked = Ok(());
            let mut applied = Vec::new();
            for planned in &pages {
                let page = catalogue.page(planned, &mut seq);
                applied.extend(page.changes.iter().map(shown));
                if let Err(e) = apply_checked(&db, &catalogue.kinds, &page, &scratch).await {
                    checked = Err(e);
                    break;
                }
            }
            if checked.is_ok() {
                checked = readable(&db, &scratch).await;
            }
            db.close().await;
            checked.map_err(|e| format!("{e}\nafter the changes:\n{}", applied.join("\n")))
        });
        let _ = std::fs::remove_dir_all(&scratch);
        outcome.map_err(TestCaseError::fail)
    });
    if let Err(e) = result {
        panic!("{e}");
    }
}
