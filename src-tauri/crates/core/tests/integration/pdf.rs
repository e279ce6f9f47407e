//! The kickoff summary and the project report as PDF, read back by poppler (`pdfinfo`,
//! `pdftotext`, not our code): A4 pages, the names in Japanese and English as text, a summary
//! long enough for several pages, and no table row cut in two by a page break.

use std::path::Path;

use firstgoal_core::kickoff::{self, SummaryFormat};
use firstgoal_core::portfolio::{self, ReportFormat};
use firstgoal_core::projects;
use firstgoal_core::settings::Language;

use crate::stakeholders::{add, pid};
use crate::text_safety::{pdftotext, tool};
use crate::{d, fresh_db, input};

const CUSTOMER: &str = "さくら物流 Sakura Logistics";

fn pages(path: &Path) -> (usize, String) {
    let out = tool("pdfinfo", "poppler-utils")
        .arg(path)
        .output()
        .expect("run pdfinfo");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let info = String::from_utf8_lossy(&out.stdout).into_owned();
    let field = |name: &str| {
        info.lines()
            .find_map(|l| l.strip_prefix(name))
            .map(|v| v.trim().to_owned())
            .unwrap_or_default()
    };
    let n = field("Pages:").parse().expect("a page count");
    (n, field("Page size:"))
}

fn page_text(path: &Path, page: usize) -> String {
    let out = tool("pdftotext", "poppler-utils")
        .args(["-f", &page.to_string(), "-l", &page.to_string()])
        .arg(path)
        .arg("-")
        .output()
        .expect("run pdftotext");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[tokio::test]
async fn a_long_kickoff_summary_runs_over_pages_without_cutting_a_row() {
    let (dir, db) = fresh_db().await;
    let detail = projects::create(&db, &input(CUSTOMER, "2026-04-01", "2026-04-15"))
        .await
        .expect("project");
    let mut board = firstgoal_core::stakeholders::board(&db, detail.project.id)
        .await
        .expect("board");
    for i in 0..45 {
        board = add(&db, &board, &format!("担当者{i} Person{i}"), |p| {
            p.department = "情報システム部 IT".into();
            p.stated_role = format!("role{i}x 全社展開の推進と定着 ").repeat(1 + i % 4);
        })
        .await;
    }
    for (lang, name, heading) in [
        (Language::Ja, "ja.pdf", "キックオフサマリー"),
        (Language::En, "en.pdf", "Kickoff summary"),
    ] {
        let path = dir.path().join(name);
        kickoff::export_summary(&db, pid(&board), lang, SummaryFormat::Pdf, &path)
            .await
            .expect("export");
        let (n, size) = pages(&path);
        assert!(n >= 2, "{name}: {n} page(s)");
        assert!(size.contains("595.28 x 841.89"), "{name}: A4, got {size}");
        let text = pdftotext(&path);
        for expected in [
            "さくら物流",
            "Sakura Logistics",
            heading,
            "担当者44",
            "Person0",
        ] {
            assert!(
                text.contains(expected),
                "{name}: {expected:?} missing in {text}"
            );
        }
        let texts: Vec<String> = (1..=n).map(|p| page_text(&path, p)).collect();
        for i in 0..45 {
            let on: Vec<usize> = (0..n)
                .filter(|p| texts[*p].contains(&format!("role{i}x")))
                .collect();
            assert_eq!(on.len(), 1, "{name}: row {i} on pages {on:?}");
            assert!(
                texts[on[0]].contains(&format!("Person{i}")),
                "{name}: row {i}'s name and role on one page"
            );
        }
    }
}

#[tokio::test]
async fn the_project_report_as_pdf_has_its_names_in_both_languages() {
    let (dir, db) = fresh_db().await;
    let detail = projects::create(&db, &input(CUSTOMER, "2026-04-01", "2026-04-15"))
        .await
        .expect("project");
    firstgoal_core::milestones::set_goal(
        &db,
        detail.milestones[0].id,
        detail.project.version,
        "初回請求を発行 First invoice",
        "10件の請求書 10 invoices",
    )
    .await
    .expect("goal");
    for (lang, name, title) in [
        (Language::Ja, "ja.pdf", "オンボーディングレポート"),
        (Language::En, "en.pdf", "Onboarding report"),
    ] {
        let path = dir.path().join(name);
        portfolio::export_report(
            &db,
            detail.project.id,
            lang,
            ReportFormat::Pdf,
            &path,
            d("2026-05-01"),
        )
        .await
        .expect("export");
        let (n, size) = pages(&path);
        assert_eq!(n, 1, "{name}: one page");
        assert!(size.contains("(A4)"), "{name}: {size}");
        let text = pdftotext(&path);
        for expected in [
            "さくら物流",
            "Sakura Logistics",
            title,
            "初回請求を発行",
            "10 invoices",
        ] {
            assert!(
                text.contains(expected),
                "{name}: {expected:?} missing in {text}"
            );
        }
    }
}
