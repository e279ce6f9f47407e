//! The read-back property for text with control characters at every door but the full import
//! (which `transfer_fuzz` covers): random texts of controls, U+FFFE/U+FFFF, markup, Japanese and
//! emoji go through the project and stakeholder forms, the stakeholder CSV import, the journey
//! file import and the playbook file import. Each door accepts or refuses; whatever it accepted,
//! every read path works on the file afterwards (`read_back`: list, portfolio, pages, reports,
//! the map as SVG and PNG, every journey export) and no control character is stored.
//!
//! Fixed seed; `FUZZ_CASES` sets the number of cases (default 12).

use std::cell::Cell;

use firstgoal_core::journey;
use firstgoal_core::playbooks::{self, PlaybookRef};
use firstgoal_core::settings::Language;
use firstgoal_core::stakeholders::csv_import::{self, ImportMode};
use firstgoal_core::stakeholders::{self, StakeholderInput};
use firstgoal_core::{Db, projects};
use proptest::prelude::*;
use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};

use crate::input;
use crate::read_back::read_everything;

const PIECES: &[&str] = &[
    "\u{0}",
    "\u{7}",
    "\u{8}",
    "\u{B}",
    "\u{C}",
    "\r",
    "\r\n",
    "\n",
    "\t",
    "\u{1B}[31m",
    "\u{7F}",
    "\u{FFFE}",
    "\u{FFFF}",
    "\u{FEFF}",
    " ",
    "a",
    "Z",
    "山田",
    "ｶﾅ",
    "🎉",
    "<b>",
    "&amp;",
    "\"",
    "'",
    ",",
    "%%",
    "\\n",
    "`",
    "#",
];

fn text() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(PIECES), 0..12).prop_map(|p| p.concat())
}

/// Sends `text` through every door but the full import; returns how many accepted it.
async fn through_every_door(db: &Db, text: &str) -> u32 {
    let mut accepted = 0;
    let created = projects::create(db, &input(text, "2026-04-01", "2026-04-15")).await;
    accepted += u32::from(created.is_ok());
    let project = match created {
        Ok(detail) => detail.project,
        Err(_) => {
            projects::create(db, &input("Door", "2026-04-01", "2026-04-15"))
                .await
                .expect("a plain project")
                .project
        }
    };
    let mut person = StakeholderInput::attendee(text);
    person.stated_role = text.to_owned();
    person.department = text.to_owned();
    let board = stakeholders::create(db, project.id, project.version, &person).await;
    accepted += u32::from(board.is_ok());
    let board = stakeholders::board(db, project.id).await.expect("board");

    let quoted = text.replace('"', "\"\"");
    let csv = format!("氏名,部署,役割\n\"{quoted}x\",\"{quoted}\",\"{quoted}\"\n");
    let mapping = csv_import::suggest_mapping(&["氏名".into(), "部署".into(), "役割".into()]);
    let version = board.detail.project.version;
    let mode = ImportMode::AllOrNothing;
    let imported =
        csv_import::import_bytes(db, project.id, version, csv.as_bytes(), &mapping, mode).await;
    accepted += u32::from(imported.is_ok_and(|r| r.imported > 0));

    let mut doc = journey::default_doc(Language::Ja);
    doc.lanes[0].name = format!("{text}L");
    let mut step = crate::journey::step("s1", &doc.lanes[0].id.clone(), &format!("{text}S"));
    step.description = text.to_owned();
    doc.steps.push(step);
    let file = journey::to_json(&format!("{text}J"), &doc);
    accepted += u32::from(
        journey::import_json(db, Some(project.id), &file)
            .await
            .is_ok(),
    );

    let builtin = PlaybookRef::Builtin {
        key: "low_touch".into(),
    };
    let mut body = playbooks::resolve(db, &builtin, Language::En)
        .await
        .expect("built-in");
    body.name = format!("{text}P");
    body.stages[0].definition = text.to_owned();
    let file = playbooks::export_json(&body);
    accepted += u32::from(playbooks::import(db, &file).await.is_ok());
    accepted
}

#[test]
fn whatever_any_door_accepts_reads_back() {
    let rt = crate::fuzz_runtime();
    let cases = crate::fuzz_cases(12);
    let mut runner = TestRunner::new_with_rng(
        Config {
            cases,
            failure_persistence: None,
            ..Config::default()
        },
        TestRng::deterministic_rng(RngAlgorithm::ChaCha),
    );
    let (accepted, offered) = (Cell::new(0u32), Cell::new(0u32));
    runner
        .run(&text(), |text| {
            let dir = tempfile::tempdir().expect("temp dir");
            rt.block_on(async {
                let db = Db::open(&dir.path().join("doors.sqlite"))
                    .await
                    .expect("open");
                accepted.set(accepted.get() + through_every_door(&db, &text).await);
                offered.set(offered.get() + 5);
                let outcome = read_everything(&db, dir.path()).await;
                db.close().await;
                if let Err(failure) = outcome {
                    prop_assert!(false, "{:?}: {}", text, failure);
                }
                Ok(())
            })
        })
        .expect("property holds");
    eprintln!(
        "fuzz doors read-back: {cases} texts, {} of {} door passes accepted",
        accepted.get(),
        offered.get()
    );
    assert!(accepted.get() > 0);
}
