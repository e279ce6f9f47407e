//! The kickoff summary (Markdown, HTML) and the stakeholder map (layout, SVG, PNG): content in
//! the chosen language, and user text escaped in every format.

use firstgoal_core::kickoff::{self, SummaryFormat};
use firstgoal_core::settings::Language;
use firstgoal_core::stakeholders::map::{self, MapFormat};
use firstgoal_core::stakeholders::{self, Board, Level, ProjectRole};
use firstgoal_core::{Db, milestones, render};

use crate::fresh_db;
use crate::stakeholders::{add, id_of, pid, project, version};

const EVIL: &str = "<img src=x onerror=alert(1)>";

async fn kicked_off(db: &Db) -> Board {
    let board = project(db).await;
    let board = add(db, &board, "山田 太郎", |p| {
        p.department = "情報システム部".into();
        p.level = Level::DepartmentHead;
        p.roles = vec![ProjectRole::DecisionMaker];
        p.attended_kickoff = false;
        p.influence = 5;
        p.heat = Some(4);
    })
    .await;
    let board = add(db, &board, EVIL, |p| {
        p.department = "営業 | 企画 **部**".into();
        p.key_person = true;
        p.roles = vec![ProjectRole::Executor];
        p.stated_role = "# 見出し\n- 箇条書き & <b>太字</b>".into();
    })
    .await;
    let board = kickoff::set_purpose(
        db,
        pid(&board),
        version(&board),
        "請求を<script>速く</script>する",
    )
    .await
    .expect("purpose");
    let board = kickoff::set_agreement(
        db,
        id_of(&board, "山田 太郎"),
        version(&board),
        Some("2026-04-15"),
    )
    .await
    .expect("agree");
    let m = &board.detail.milestones[0];
    milestones::set_goal(
        db,
        m.id,
        version(&board),
        "初回請求を<u>発行</u>",
        "10件の請求書",
    )
    .await
    .expect("goal");
    stakeholders::board(db, pid(&board)).await.expect("board")
}

#[tokio::test]
async fn markdown_summary_has_the_facts_and_no_live_markup() {
    let (_dir, db) = fresh_db().await;
    let board = kicked_off(&db).await;
    let md = kickoff::summary(&db, pid(&board), Language::Ja, SummaryFormat::Markdown)
        .await
        .expect("md");
    assert!(md.starts_with("# キックオフサマリー — さくら物流"), "{md}");
    for expected in [
        "## 導入目的",
        "山田 太郎 (2026/04/15)",
        "10件の請求書",
        "2026/05/15",
        "決裁権者",
        "決裁権者がキックオフに参加していません (山田 太郎)",
    ] {
        assert!(md.contains(expected), "missing {expected} in\n{md}");
    }
    assert!(
        !md.contains("<img")
            && !md.contains("<script")
            && !md.contains("<b>")
            && !md.contains("<u>")
    );
    assert!(md.contains("&lt;img src=x onerror=alert(1)&gt;"), "{md}");
    assert!(md.contains("営業 \\| 企画 \\*\\*部\\*\\*"));
    // The stated role's line break and heading mark stay inside the table cell.
    assert!(
        md.contains("\\# 見出し - 箇条書き &amp; &lt;b&gt;太字&lt;/b&gt;"),
        "{md}"
    );

    let en = kickoff::summary(&db, pid(&board), Language::En, SummaryFormat::Markdown)
        .await
        .expect("md");
    assert!(en.starts_with("# Kickoff summary"));
    assert!(en.contains("| 1 month | May 15, 2026 |"), "{en}");
    assert!(en.contains("A decision-maker did not attend the kickoff"));
}

#[tokio::test]
async fn html_summary_is_escaped_by_the_template() {
    let (_dir, db) = fresh_db().await;
    let board = kicked_off(&db).await;
    let html = kickoff::summary(&db, pid(&board), Language::En, SummaryFormat::Html)
        .await
        .expect("html");
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(html.contains("<html lang=\"en\">"));
    assert!(
        html.contains("&#60;img src=x onerror=alert(1)&#62;")
            || html.contains("&lt;img src=x onerror=alert(1)&gt;"),
        "{html}"
    );
    assert!(!html.contains("<img") && !html.contains("<script>") && !html.contains("<u>"));
    assert!(
        html.contains("山田 太郎")
            && html.contains("10件の請求書")
            && html.contains("Adoption purpose")
    );

    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("summary.html");
    kickoff::export_summary(&db, pid(&board), Language::Ja, SummaryFormat::Html, &path)
        .await
        .expect("export");
    let written = std::fs::read_to_string(&path).expect("read");
    assert!(written.contains("<html lang=\"ja\">") && written.contains("導入目的"));
}

#[tokio::test]
async fn the_map_places_people_by_department_and_level() {
    let (_dir, db) = fresh_db().await;
    let board = kicked_off(&db).await;
    let layout = &board.map;
    let depts: Vec<&str> = layout
        .columns
        .iter()
        .map(|c| c.department.as_str())
        .collect();
    assert_eq!(depts, ["情報システム部", "営業 | 企画 **部**"]);
    let levels: Vec<Level> = layout.rows.iter().map(|r| r.level).collect();
    assert_eq!(levels, Level::ALL);
    let boss = &layout.people[0];
    assert_eq!(boss.stakeholder_id, id_of(&board, "山田 太郎"));
    assert!(boss.decision_maker && !boss.key_person && !boss.executor);
    assert!(boss.x > layout.columns[0].x && boss.x < layout.columns[0].x + layout.columns[0].width);
    assert!(boss.y > layout.rows[1].y && boss.y < layout.rows[1].y + layout.rows[1].height);
    assert_eq!(boss.fill, map::heat_colour(Some(4)));
    let other = &layout.people[1];
    assert!(other.y > layout.rows[3].y, "staff sits in the bottom row");
    assert!(other.radius < boss.radius, "more influence, bigger circle");
    assert!(other.key_person && other.executor);
    assert_eq!(
        other.label.chars().count(),
        12,
        "long names are shortened on the map"
    );

    // Two people in one cell sit side by side and widen the column.
    let board = add(&db, &board, "鈴木", |p| {
        p.department = "情報システム部".into();
        p.level = Level::DepartmentHead;
    })
    .await;
    assert_eq!(board.map.columns[0].width, 2 * map::SLOT_WIDTH);
    assert!(board.map.people[1].x > board.map.people[0].x);
}

#[tokio::test]
async fn map_exports_escape_text_and_render_japanese() {
    let (_dir, db) = fresh_db().await;
    let board = kicked_off(&db).await;
    let svg = String::from_utf8(
        map::render(&db, pid(&board), Language::Ja, MapFormat::Svg)
            .await
            .expect("svg"),
    )
    .expect("utf8");
    assert!(
        svg.contains("ステークホルダーマップ — さくら物流")
            && svg.contains("山田 太郎")
            && svg.contains("部門長")
    );
    assert!(
        !svg.contains("<img") && svg.contains("&lt;img src=x"),
        "{svg}"
    );
    assert!(render::parse(&svg).is_ok(), "the SVG is well-formed");

    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("map.png");
    map::export(&db, pid(&board), Language::En, MapFormat::Png, &path)
        .await
        .expect("png");
    let png = std::fs::read(&path).expect("read");
    assert!(png.starts_with(b"\x89PNG\r\n\x1a\n"));
}
