//! The portfolio on a small file whose figures are computed by hand, its filters, search and
//! sort, the CSV export (formula injection neutralised) and the project report (escaped).

use firstgoal_core::milestones::{self, MilestoneInput, MilestoneStatus};
use firstgoal_core::playbooks::{self, PlaybookRef};
use firstgoal_core::portfolio::{
    self, PortfolioFilter, PortfolioFlag, PortfolioQuery, PortfolioSort, ReportFormat,
};
use firstgoal_core::projects::{self, ProjectDetail, ProjectInput, Segment};
use firstgoal_core::settings::Language;
use firstgoal_core::team::{self, TeamRole};
use firstgoal_core::{Db, FieldCode, stages};

use crate::{d, fe, field_errors, fresh_db};

fn project(
    name: &str,
    segment: Segment,
    owner: &str,
    contract: &str,
    kickoff: &str,
) -> ProjectInput {
    ProjectInput {
        customer_name: name.to_owned(),
        contract_date: contract.to_owned(),
        kickoff_date: kickoff.to_owned(),
        segment,
        owner: owner.to_owned(),
    }
}

async fn achieve_first_goal(db: &Db, detail: &ProjectDetail, on: &str) -> i64 {
    let input = MilestoneInput {
        title: String::new(),
        goal: "First value".to_owned(),
        criterion: "5 users active".to_owned(),
        status: MilestoneStatus::Achieved,
        achieved_on: on.to_owned(),
        evidence: String::new(),
        customer_owner: String::new(),
        internal_owner_id: None,
    };
    milestones::update(db, detail.milestones[0].id, detail.project.version, &input)
        .await
        .expect("achieve")
        .project
        .version
}

/// Four projects, as of 1 April 2026 (TTV from the contract to the 1-month goal):
/// - Alpha: contract 1 Jan, achieved 31 Jan (due 10 Feb) → 30 days, on time; 4 stages, the
///   last entered 15 Feb → onboarding complete in 45 days.
/// - Beta: contract 5 Jan, achieved 1 Mar (due 20 Feb, late), on hold 1–11 Feb → 55 − 10 = 45.
/// - Gamma: contract 1 Feb, not achieved, due 10 Mar (overdue) → 59 days so far.
/// - =Delta: contract 1 Mar, achieved 31 Mar (due 15 Apr) → 30 days, on time.
async fn sample(db: &Db) -> i64 {
    let low_touch = PlaybookRef::Builtin {
        key: "low_touch".to_owned(),
    };
    let alpha = playbooks::create_project(
        db,
        &project(
            "Alpha <script>",
            Segment::HighTouch,
            "Aki",
            "2026-01-01",
            "2026-01-10",
        ),
        &low_touch,
        Language::En,
    )
    .await
    .expect("alpha");
    let mut v = achieve_first_goal(db, &alpha, "2026-01-31").await;
    for date in ["2026-01-10", "2026-01-20", "2026-02-15"] {
        v = stages::advance(db, alpha.project.id, v, date, d("2026-04-01"))
            .await
            .expect("advance")
            .version;
    }
    let beta = playbooks::create_project(
        db,
        &project(
            "Beta, \"Inc\"",
            Segment::LowTouch,
            "Ben",
            "2026-01-05",
            "2026-01-20",
        ),
        &low_touch,
        Language::En,
    )
    .await
    .expect("beta");
    let v = achieve_first_goal(db, &beta, "2026-03-01").await;
    let plan = stages::add_hold(db, beta.project.id, v, "2026-02-01", "", d("2026-04-01"))
        .await
        .expect("hold");
    let plan = stages::end_hold(
        db,
        plan.holds[0].id,
        plan.version,
        "2026-02-11",
        d("2026-04-01"),
    )
    .await
    .expect("end hold");
    let member = team::create(db, "Jamie Chen", TeamRole::Csm)
        .await
        .expect("member");
    team::assign(db, beta.project.id, plan.version, member.id)
        .await
        .expect("assign");
    projects::create(
        db,
        &project(
            "Gamma",
            Segment::HighTouch,
            "Aki",
            "2026-02-01",
            "2026-02-10",
        ),
    )
    .await
    .expect("gamma");
    let delta = projects::create(
        db,
        &project(
            "=Delta",
            Segment::TechTouch,
            "@Dee",
            "2026-03-01",
            "2026-03-15",
        ),
    )
    .await
    .expect("delta");
    achieve_first_goal(db, &delta, "2026-03-31").await;
    member.id
}

fn query(filter: PortfolioFilter) -> PortfolioQuery {
    PortfolioQuery {
        filter,
        ..PortfolioQuery::default()
    }
}

#[tokio::test]
async fn figures_match_the_hand_computed_values() {
    let (_dir, db) = fresh_db().await;
    sample(&db).await;
    let today = d("2026-04-01");
    let p = portfolio::get(&db, &PortfolioQuery::default(), today)
        .await
        .expect("portfolio");
    let f = &p.figures;
    assert_eq!((f.projects, f.ttv_finished), (4, 3));
    // Finished TTVs [30, 30, 45]: median 30; p75 rank 1.5 → 37.5; p90 rank 1.8 → 42.
    assert_eq!(f.ttv_median, Some(30.0));
    assert_eq!(f.ttv_p75, Some(37.5));
    assert!((f.ttv_p90.expect("p90") - 42.0).abs() < 1e-9);
    assert_eq!((f.with_stages, f.completed), (2, 1));
    assert_eq!(f.completion_rate, Some(0.5));
    assert_eq!(f.completion_median_days, Some(45.0));
    // Decided first goals: Alpha (on time), Beta (late), Gamma (overdue), Delta (on time).
    assert_eq!((f.first_goals_decided, f.first_goals_on_time), (4, 2));
    assert_eq!(f.on_time_share, Some(0.5));

    let ttv: Vec<(&str, i64, bool)> = p
        .rows
        .iter()
        .map(|r| (r.customer_name.as_str(), r.ttv_days, r.ttv_finished))
        .collect();
    assert_eq!(
        ttv,
        [
            ("=Delta", 30, true),
            ("Alpha <script>", 30, true),
            ("Beta, \"Inc\"", 45, true),
            ("Gamma", 59, false)
        ]
    );
    let gamma = &p.rows[3];
    assert_eq!(gamma.flags, [PortfolioFlag::OverdueMilestone]);
    assert_eq!(gamma.next_milestone.as_ref().map(|m| m.days_to), Some(-22));
    assert_eq!(p.rows[1].stage_name.as_deref(), Some("Team adoption"));
    assert_eq!(
        (p.rows[1].stage_position, p.rows[1].stage_count),
        (Some(4), 4)
    );

    // Plots: 7-day bars up to the longest finished TTV (45 → 7 bars), cohorts by kickoff month.
    let counts: Vec<u32> = p.charts.ttv_distribution.iter().map(|b| b.count).collect();
    assert_eq!(counts, [0, 0, 0, 0, 2, 0, 1]);
    let cohorts: Vec<(&str, u32, Option<f64>)> = p
        .charts
        .ttv_by_cohort
        .iter()
        .map(|c| (c.month.as_str(), c.projects, c.median_ttv))
        .collect();
    assert_eq!(
        cohorts,
        [
            ("2026-01", 2, Some(37.5)),
            ("2026-02", 1, None),
            ("2026-03", 1, Some(30.0))
        ]
    );
    db.close().await;
}

#[tokio::test]
async fn filters_search_and_sort() {
    let (_dir, db) = fresh_db().await;
    let member = sample(&db).await;
    let today = d("2026-04-01");
    let get = |q: PortfolioQuery| {
        let db = db.clone();
        async move { portfolio::get(&db, &q, today).await.expect("portfolio") }
    };
    let high = get(query(PortfolioFilter {
        segment: Some(Segment::HighTouch),
        ..PortfolioFilter::default()
    }))
    .await;
    assert_eq!(
        (high.figures.projects, high.figures.ttv_median),
        (2, Some(30.0))
    );
    let january = get(query(PortfolioFilter {
        kickoff_month: Some("2026-01".to_owned()),
        ..PortfolioFilter::default()
    }))
    .await;
    assert_eq!(january.figures.ttv_median, Some(37.5));
    let csm = get(query(PortfolioFilter {
        member_id: Some(member),
        ..PortfolioFilter::default()
    }))
    .await;
    assert_eq!(csm.rows.len(), 1);
    assert_eq!(csm.rows[0].team, ["Jamie Chen"]);
    let aki = get(query(PortfolioFilter {
        owner: Some("Aki".to_owned()),
        ..PortfolioFilter::default()
    }))
    .await;
    assert_eq!(aki.figures.projects, 2);

    // Search narrows the list, not the figures.
    let found = get(PortfolioQuery {
        search: "GAM".to_owned(),
        ..PortfolioQuery::default()
    })
    .await;
    assert_eq!(found.rows.len(), 1);
    assert_eq!(found.figures.projects, 4);

    let by_ttv = get(PortfolioQuery {
        sort: PortfolioSort::Ttv,
        descending: true,
        ..PortfolioQuery::default()
    })
    .await;
    let names: Vec<&str> = by_ttv
        .rows
        .iter()
        .map(|r| r.customer_name.as_str())
        .collect();
    assert_eq!(
        names,
        ["Gamma", "Beta, \"Inc\"", "Alpha <script>", "=Delta"]
    );

    let bad = PortfolioQuery {
        filter: PortfolioFilter {
            kickoff_month: Some("2026-13".to_owned()),
            ..PortfolioFilter::default()
        },
        ..PortfolioQuery::default()
    };
    assert_eq!(
        field_errors(portfolio::get(&db, &bad, today).await),
        vec![fe("kickoff_month", FieldCode::InvalidDate)]
    );
    db.close().await;
}

#[tokio::test]
async fn csv_escapes_text_and_neutralises_formulas() {
    let (dir, db) = fresh_db().await;
    sample(&db).await;
    let p = portfolio::get(&db, &PortfolioQuery::default(), d("2026-04-01"))
        .await
        .expect("portfolio");
    let path = dir.path().join("portfolio.csv");
    portfolio::export_csv(&p.rows, &path).expect("csv");
    let bytes = std::fs::read(&path).expect("read");
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"), "UTF-8 BOM");
    let mut reader = csv::Reader::from_reader(&bytes[3..]);
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.expect("record")).collect();
    assert_eq!(rows.len(), 4);
    assert_eq!(&rows[0][1], "'=Delta");
    assert_eq!(&rows[0][3], "'@Dee");
    assert_eq!(
        &rows[2][1], "Beta, \"Inc\"",
        "commas and quotes survive the round trip"
    );
    // Numbers are not text: a negative day count stays a number.
    assert_eq!(&rows[3][11], "-22");
    assert_eq!(portfolio::neutralise("+1"), "'+1");
    assert_eq!(portfolio::neutralise("-x"), "'-x");
    assert_eq!(portfolio::neutralise("plain"), "plain");
    db.close().await;
}

#[tokio::test]
async fn the_project_report_escapes_user_text() {
    let (dir, db) = fresh_db().await;
    sample(&db).await;
    let html = portfolio::report_html(&db, 1, Language::En, d("2026-04-01"))
        .await
        .expect("html");
    assert!(
        html.contains("Alpha &#60;script&#62;") || html.contains("Alpha &lt;script&gt;"),
        "{html}"
    );
    assert!(!html.contains("<script>"));
    assert!(html.contains("Team adoption"));
    let md = portfolio::report_markdown(&db, 1, Language::Ja, d("2026-04-01"))
        .await
        .expect("md");
    assert!(md.starts_with("# Alpha &lt;script&gt;"), "{md}");
    assert!(md.contains("オンボーディングレポート"));
    let path = dir.path().join("report.md");
    portfolio::export_report(
        &db,
        2,
        Language::En,
        ReportFormat::Markdown,
        &path,
        d("2026-04-01"),
    )
    .await
    .expect("export");
    let text = std::fs::read_to_string(path).expect("read");
    assert!(text.contains("Beta, \"Inc\""));
    db.close().await;
}

/// A chart PNG is drawn off the calling thread: on a single-threaded runtime (the worst case of
/// the app's async workers) another task keeps running while the picture renders, instead of
/// waiting for the whole render as it did when the export ran on the caller's thread.
#[tokio::test(flavor = "current_thread")]
async fn a_chart_png_renders_without_holding_up_the_runtime() {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicU64, Ordering};
    use std::time::{Duration, Instant};

    let mut svg = String::from(
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="2400" height="2400" viewBox="0 0 2400 2400">"#,
    );
    for i in 0..3000 {
        let (x, y) = ((i * 37) % 2400, (i * 91) % 2400);
        svg.push_str(&format!(
            r##"<circle cx="{x}" cy="{y}" r="40" fill="#2563eb" fill-opacity="0.3"/>"##
        ));
    }
    svg.push_str("</svg>");
    let direct = Instant::now();
    firstgoal_core::render::svg_to_png(&svg, 2.0).expect("render");
    let render_time = direct.elapsed();

    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("chart.png");
    let longest_gap_us = Arc::new(AtomicU64::new(0));
    let ticker = tokio::spawn({
        let longest = Arc::clone(&longest_gap_us);
        async move {
            let mut last = Instant::now();
            loop {
                tokio::time::sleep(Duration::from_millis(1)).await;
                let gap = last.elapsed().as_micros() as u64;
                longest.fetch_max(gap, Ordering::Relaxed);
                last = Instant::now();
            }
        }
    });
    tokio::task::yield_now().await;
    firstgoal_core::portfolio::export_chart(
        svg,
        firstgoal_core::portfolio::ChartFormat::Png,
        &path,
    )
    .await
    .expect("export");
    ticker.abort();
    assert!(
        std::fs::read(&path)
            .expect("written")
            .starts_with(b"\x89PNG")
    );
    let longest = Duration::from_micros(longest_gap_us.load(Ordering::Relaxed));
    assert!(
        longest < render_time / 2,
        "the runtime stalled {longest:?} during a {render_time:?} render"
    );
}
