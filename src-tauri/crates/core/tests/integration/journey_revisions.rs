//! Revisions: snapshots listed newest first, viewed read-only, compared (added, removed, moved
//! and changed steps and connections, in a list and one marked picture) and restored as a new
//! revision without losing the work in progress.

use firstgoal_core::ErrorCode;
use firstgoal_core::journey::{
    self, ChangeKind, Mark, MarkLabels, RestoreInput, StepStatus, layout,
};
use quick_xml::Reader;
use quick_xml::events::Event;

use crate::journey::{conn, handoff_doc, project_journey, save, step};
use crate::{count, fresh_db};

fn labels() -> MarkLabels {
    MarkLabels {
        added: "Added".to_owned(),
        removed: "Removed".to_owned(),
        moved: "Moved".to_owned(),
        changed: "Changed".to_owned(),
    }
}

#[tokio::test]
async fn two_weekly_revisions_compare_and_restore() {
    let (dir, db) = fresh_db().await;
    let (_, view) = project_journey(&db).await;
    let week1 = save(&db, &view, &handoff_doc(&view.journey.doc)).await;
    let r1 = journey::save_revision(&db, week1.journey.id, "Week 1")
        .await
        .expect("revision 1");
    assert_eq!(r1.step_count, 3);

    // Week 2: CS owns the first login now, the kickoff title changes, the deal step goes,
    // Product adds a step and a connection.
    let mut doc = week1.journey.doc.clone();
    doc.steps[2].lane = "cs".to_owned();
    doc.steps[1].title = "Kickoff with key persons".to_owned();
    doc.steps[1].status = Some(StepStatus::Done);
    doc.steps.remove(0);
    doc.connections.remove(0);
    doc.steps
        .push(step("feedback", "product", "Feature feedback"));
    doc.connections
        .push(conn("c9", "login", "feedback", "usage data"));
    let week2 = save(&db, &week1, &doc).await;
    let r2 = journey::save_revision(&db, week2.journey.id, "Week 2")
        .await
        .expect("revision 2");

    let listed = journey::list_revisions(&db, week2.journey.id)
        .await
        .expect("list");
    assert_eq!(
        listed.iter().map(|r| r.name.as_str()).collect::<Vec<_>>(),
        ["Week 2", "Week 1"]
    );
    let summary = &journey::list(&db, week2.journey.project_id)
        .await
        .expect("journeys")[0];
    assert!(summary.last_revision_at.is_some());
    assert!(!summary.needs_review);

    let old = journey::get_revision(&db, r1.id)
        .await
        .expect("view revision");
    assert_eq!(old.doc, week1.journey.doc);
    assert_eq!(old.layout, layout(&week1.journey.doc));

    let cmp = journey::compare(&db, r1.id, r2.id, &labels())
        .await
        .expect("compare");
    let find = |kind: ChangeKind, id: &str| {
        cmp.comparison
            .changes
            .iter()
            .find(|c| c.kind == kind && c.id == id)
            .unwrap_or_else(|| panic!("no change for {id}: {:?}", cmp.comparison.changes))
    };
    assert_eq!(find(ChangeKind::Step, "deal").mark, Mark::Removed);
    assert_eq!(find(ChangeKind::Step, "feedback").mark, Mark::Added);
    let moved = find(ChangeKind::Step, "login");
    assert_eq!(moved.mark, Mark::Moved);
    assert_eq!(
        (moved.previous_lane.as_deref(), moved.lane.as_str()),
        (Some("Customer"), "CS")
    );
    let changed = find(ChangeKind::Step, "kickoff");
    assert_eq!(changed.mark, Mark::Changed);
    assert_eq!(changed.fields, ["title", "status"]);
    // The change list says what each field was and is now.
    let values: Vec<(&str, &str, &str)> = changed
        .values
        .iter()
        .map(|v| (v.field.as_str(), v.old.as_str(), v.new.as_str()))
        .collect();
    assert_eq!(
        values,
        [
            (
                "title",
                "Kickoff <meeting> & \"goals\"",
                "Kickoff with key persons"
            ),
            ("status", "", "done"),
        ]
    );
    let lane_values = &moved.values;
    assert_eq!(lane_values.len(), 1);
    assert_eq!(
        (
            lane_values[0].field.as_str(),
            lane_values[0].old.as_str(),
            lane_values[0].new.as_str()
        ),
        ("lane", "Customer", "CS")
    );
    assert_eq!(find(ChangeKind::Connection, "c1").mark, Mark::Removed);
    assert_eq!(find(ChangeKind::Connection, "c9").mark, Mark::Added);
    assert_eq!(
        cmp.comparison.changes.len(),
        6,
        "{:?}",
        cmp.comparison.changes
    );
    // One picture holds both versions: the removed step is still drawn.
    assert_eq!(cmp.comparison.merged.steps.len(), 4);
    assert_eq!(cmp.layout.steps.len(), 4);
    let mut reader = Reader::from_str(&cmp.svg);
    loop {
        match reader.read_event().expect("comparison SVG is XML") {
            Event::Eof => break,
            _ => continue,
        }
    }
    assert!(
        cmp.svg.contains("#cf222e") && cmp.svg.contains("#1a7f37"),
        "removed and added marks"
    );
    assert!(cmp.svg.contains(">Removed<"), "legend");

    let path = dir.path().join("compare.png");
    journey::export_comparison(
        &db,
        r1.id,
        r2.id,
        &labels(),
        journey::ExportFormat::Png,
        1.0,
        &path,
    )
    .await
    .expect("export comparison");
    assert!(std::fs::read(&path).expect("png").starts_with(b"\x89PNG"));

    // Restore week 1: the current state equals revision 2, so no backup is needed.
    let restore = |rev: i64, version: i64| RestoreInput {
        revision_id: rev,
        expected_version: version,
        name: "Restored Week 1".to_owned(),
        backup_name: "Work in progress".to_owned(),
    };
    let restored = journey::restore_revision(&db, &restore(r1.id, week2.journey.version))
        .await
        .expect("restore");
    assert_eq!(restored.journey.doc, week1.journey.doc);
    let names: Vec<String> = journey::list_revisions(&db, restored.journey.id)
        .await
        .expect("list")
        .into_iter()
        .map(|r| r.name)
        .collect();
    assert_eq!(names, ["Restored Week 1", "Week 2", "Week 1"]);

    // Unrevised work is kept as a revision before another restore replaces it.
    let mut wip = restored.journey.doc.clone();
    wip.steps
        .push(step("wip", "management", "Steering committee"));
    let wip_view = save(&db, &restored, &wip).await;
    let stale = journey::restore_revision(&db, &restore(r2.id, restored.journey.version))
        .await
        .expect_err("stale restore");
    assert_eq!(stale.code(), ErrorCode::Conflict);
    journey::restore_revision(&db, &restore(r2.id, wip_view.journey.version))
        .await
        .expect("restore 2");
    let revisions = journey::list_revisions(&db, wip_view.journey.id)
        .await
        .expect("list");
    assert_eq!(revisions[1].name, "Work in progress");
    let backup = journey::get_revision(&db, revisions[1].id)
        .await
        .expect("backup");
    assert_eq!(backup.doc, wip);
    assert_eq!(count(&db, "journey_revisions").await, 5);
}

#[tokio::test]
async fn revisions_of_different_journeys_do_not_compare() {
    let (_dir, db) = fresh_db().await;
    let (_, a) = project_journey(&db).await;
    let (_, b) = project_journey(&db).await;
    let ra = journey::save_revision(&db, a.journey.id, "A")
        .await
        .expect("a");
    let rb = journey::save_revision(&db, b.journey.id, "B")
        .await
        .expect("b");
    let err = journey::compare(&db, ra.id, rb.id, &labels())
        .await
        .expect_err("other journey");
    assert_eq!(err.code(), ErrorCode::Validation);
    let err = journey::save_revision(&db, a.journey.id, "  ")
        .await
        .expect_err("empty name");
    assert_eq!(err.code(), ErrorCode::Validation);
    let err = journey::get_revision(&db, 999).await.expect_err("missing");
    assert_eq!(err.code(), ErrorCode::NotFound);
}
