//! The calendar export read back by ical.js (`tests/ical/read.mjs`, not our code): every event's
//! UID, date, summary and description, hostile text included (commas, semicolons, backslashes,
//! line breaks, 200-character Japanese names), folded lines of at most 75 octets, UIDs that stay
//! the same from one export to the next, and which projects each scope holds.

use std::path::{Path, PathBuf};
use std::process::Command;

use firstgoal_core::calendar::{self, CalendarEvent, CalendarScope};
use firstgoal_core::milestones::{self, MilestoneInput, MilestoneStatus};
use firstgoal_core::playbooks::{self, PlaybookRef};
use firstgoal_core::projects::{self, ProjectDetail};
use firstgoal_core::settings::Language;
use firstgoal_core::{CoreError, Db, stages};
use serde_json::Value;

use crate::{d, fresh_db, input};

const HOSTILE: &str = "Acme, Inc.; \"R&D\" \\ <b>x</b>";

/// ical.js's reading of each file, one JSON object per file.
fn read_ics(files: &[PathBuf]) -> Vec<Value> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../tests");
    assert!(
        root.join("node_modules/ical.js").exists(),
        "ical.js is needed to read calendars back: run `npm ci` in tests/ \
         (scripts/install-deps.sh --test)"
    );
    let out = Command::new("node")
        .arg(root.join("ical/read.mjs"))
        .args(files)
        .output()
        .expect("run node (Debian package nodejs)");
    assert!(
        out.status.success(),
        "ical.js refused the file: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).expect("one JSON object per file"))
        .collect()
}

async fn set_goal(db: &Db, detail: &ProjectDetail, i: usize, goal: &str, criterion: &str) -> i64 {
    let m = &detail.milestones[i];
    let input = MilestoneInput {
        title: String::new(),
        goal: goal.to_owned(),
        criterion: criterion.to_owned(),
        status: MilestoneStatus::Planned,
        achieved_on: String::new(),
        evidence: String::new(),
        customer_owner: String::new(),
        internal_owner_id: None,
    };
    let current = projects::get(db, detail.project.id).await.expect("project");
    milestones::update(db, m.id, current.project.version, &input)
        .await
        .expect("set the goal")
        .project
        .version
}

/// Two open projects (one with a hostile English name, one with a 200-character Japanese name)
/// and one archived project. Returns the first two.
async fn sample(db: &Db) -> (ProjectDetail, ProjectDetail) {
    let playbook = PlaybookRef::Builtin {
        key: "low_touch".to_owned(),
    };
    let a = playbooks::create_project(
        db,
        &input(HOSTILE, "2026-01-05", "2026-01-31"),
        &playbook,
        Language::En,
    )
    .await
    .expect("project a");
    set_goal(
        db,
        &a,
        0,
        "Line one,\r\nline two; three",
        "10 users; 3 teams, \\ done",
    )
    .await;
    let long_name = "株式会社長い名前の顧客".repeat(20);
    assert_eq!(long_name.chars().count(), 220);
    let long_name: String = long_name.chars().take(200).collect();
    let b = projects::create(db, &input(&long_name, "2026-02-01", "2026-02-10"))
        .await
        .expect("project b");
    set_goal(db, &b, 1, &"目標、；\n".repeat(30), "達成基準：全社展開").await;
    let plan = stages::plan(db, a.project.id, d("2026-02-01"))
        .await
        .expect("plan");
    let stage = plan.stages[0].id;
    let plan = stages::add_action(
        db,
        stage,
        plan.version,
        "Send, the; plan",
        "cs",
        "2026-02-03",
        d("2026-02-01"),
    )
    .await
    .expect("action");
    stages::add_action(
        db,
        stage,
        plan.version,
        "Undated",
        "sales",
        "",
        d("2026-02-01"),
    )
    .await
    .expect("undated action");
    let c = projects::create(db, &input("Archived Co", "2026-01-01", "2026-01-02"))
        .await
        .expect("project c");
    projects::set_archived(db, c.project.id, c.project.version, true)
        .await
        .expect("archive");
    (a, b)
}

fn assert_same_events(read: &Value, expected: &[CalendarEvent]) {
    let events = read["events"].as_array().expect("events");
    assert_eq!(events.len(), expected.len(), "event count");
    for (got, want) in events.iter().zip(expected) {
        assert_eq!(got["uid"], want.uid.as_str());
        assert_eq!(got["start"], want.date.to_string().as_str(), "{}", want.uid);
        assert_eq!(got["start_type"], "date", "all-day: {}", want.uid);
        assert_eq!(got["end_type"], "date", "all-day: {}", want.uid);
        let next = want.date.succ_opt().expect("a next day").to_string();
        assert_eq!(got["end"], next.as_str(), "one day long: {}", want.uid);
        assert_eq!(got["summary"], want.summary.as_str(), "{}", want.uid);
        assert_eq!(
            got["description"],
            want.description.replace("\r\n", "\n").as_str(),
            "{}",
            want.uid
        );
    }
    assert!(
        read["longest_line"].as_u64().expect("length") <= 75,
        "lines folded at 75 octets"
    );
    assert_eq!(read["bare_newlines"], false, "every line ends in CRLF");
    assert_eq!(read["version"], "2.0");
}

#[tokio::test]
async fn every_event_reads_back_with_its_text_in_both_languages() {
    let (dir, db) = fresh_db().await;
    let (a, b) = sample(&db).await;
    let mut files = Vec::new();
    let mut expected = Vec::new();
    for (lang, name) in [(Language::En, "en.ics"), (Language::Ja, "ja.ics")] {
        let path = dir.path().join(name);
        let n = calendar::export(&db, CalendarScope::OpenProjects, lang, &path)
            .await
            .expect("export");
        let events = calendar::events(&db, CalendarScope::OpenProjects, lang)
            .await
            .expect("events");
        assert_eq!(n, events.len());
        files.push(path);
        expected.push(events);
    }
    let read = read_ics(&files);
    for (r, e) in read.iter().zip(&expected) {
        assert_same_events(r, e);
    }
    let en = &expected[0];
    // 2 kickoffs, 3 + 3 milestones and the dated actions; the archived project and undated
    // actions are left out.
    let kinds = |kind: &str| en.iter().filter(|e| e.uid.starts_with(kind)).count();
    assert_eq!(kinds("firstgoal-project-"), 2);
    assert_eq!(kinds("firstgoal-milestone-"), 6);
    let dated: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM stage_actions a JOIN project_stages s ON s.id = a.stage_id \
         JOIN projects p ON p.id = s.project_id \
         WHERE a.due_date IS NOT NULL AND p.archived_at IS NULL",
    )
    .fetch_one(db.pool())
    .await
    .expect("count");
    assert_eq!(kinds("firstgoal-action-") as i64, dated);
    let kickoff = &en[0];
    assert_eq!(
        kickoff.uid,
        format!("firstgoal-project-{}-kickoff@firstgoal", a.project.id)
    );
    assert_eq!(kickoff.summary, format!("Kickoff: {HOSTILE}"));
    assert_eq!(kickoff.date, d("2026-01-31"));
    let first_goal = en
        .iter()
        .find(|e| e.uid == format!("firstgoal-milestone-{}@firstgoal", a.milestones[0].id))
        .expect("1 month");
    assert_eq!(
        first_goal.summary,
        format!("First goal (1 month): {HOSTILE}")
    );
    assert_eq!(first_goal.date, d("2026-02-28"));
    assert_eq!(
        first_goal.description,
        format!(
            "Project: {HOSTILE}\nGoal: Line one,\nline two; three\nCriterion: 10 users; 3 teams, \\ done"
        )
    );
    let action = en
        .iter()
        .find(|e| e.summary.starts_with("Action: Send, the; plan"))
        .expect("action");
    assert_eq!(
        action.summary,
        format!("Action: Send, the; plan — {HOSTILE}")
    );
    assert_eq!(action.date, d("2026-02-03"));
    let ja = &expected[1];
    let b_name = &b.project.customer_name;
    let three = ja
        .iter()
        .find(|e| e.uid == format!("firstgoal-milestone-{}@firstgoal", b.milestones[1].id))
        .expect("3 months");
    assert_eq!(
        three.summary,
        format!("ファーストゴール（3ヶ月）：{b_name}")
    );
    assert_eq!(
        three.description,
        format!(
            "プロジェクト：{b_name}\nゴール：{}\n達成基準：達成基準：全社展開",
            "目標、；\n".repeat(30).trim()
        )
    );
}

#[tokio::test]
async fn uids_stay_while_dates_follow_the_data() {
    let (dir, db) = fresh_db().await;
    let (a, _) = sample(&db).await;
    let scope = CalendarScope::Project(a.project.id);
    let before = calendar::events(&db, scope, Language::En)
        .await
        .expect("events");
    let current = projects::get(&db, a.project.id).await.expect("project");
    let mut moved = input(HOSTILE, "2026-01-05", "2026-03-02");
    moved.owner = current.project.owner.clone();
    projects::update(&db, a.project.id, current.project.version, &moved)
        .await
        .expect("move the kickoff");
    let path = dir.path().join("a.ics");
    calendar::export(&db, scope, Language::En, &path)
        .await
        .expect("export");
    let after = calendar::events(&db, scope, Language::En)
        .await
        .expect("events");
    let uids = |events: &[CalendarEvent]| events.iter().map(|e| e.uid.clone()).collect::<Vec<_>>();
    assert_eq!(uids(&before), uids(&after), "same records, same UIDs");
    assert_eq!(after[0].date, d("2026-03-02"));
    assert_ne!(
        before[1].date, after[1].date,
        "the 1-month goal follows the kickoff"
    );
    assert_same_events(&read_ics(&[path])[0], &after);
}

#[tokio::test]
async fn scopes_hold_their_projects_and_an_unknown_project_is_refused() {
    let (_dir, db) = fresh_db().await;
    sample(&db).await;
    let archived = projects::list(&db, true)
        .await
        .expect("list")
        .into_iter()
        .find(|p| p.archived_at.is_some())
        .expect("archived project");
    let events = calendar::events(&db, CalendarScope::Project(archived.id), Language::En)
        .await
        .expect("an archived project on its own");
    assert_eq!(events.len(), 4);
    assert!(
        events
            .iter()
            .all(|e| e.description.starts_with("Project: Archived Co"))
    );
    let open = calendar::events(&db, CalendarScope::OpenProjects, Language::En)
        .await
        .expect("open");
    assert!(open.iter().all(|e| !e.description.contains("Archived Co")));
    let missing = calendar::events(&db, CalendarScope::Project(999), Language::En).await;
    assert!(
        matches!(
            missing,
            Err(CoreError::NotFound {
                entity: "project",
                id: 999
            })
        ),
        "{missing:?}"
    );
}
