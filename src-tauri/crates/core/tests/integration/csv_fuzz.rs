//! Fuzzing the stakeholder CSV import with proptest: arbitrary bytes and CSV-like text (quotes,
//! separators, line breaks, Japanese, markup, realistic headers) in UTF-8, UTF-8 with BOM or
//! Shift_JIS go through decode, parse, preview and import on a real SQLite file. Nothing panics;
//! an import that fails or is refused writes nothing and leaves the version alone; a successful
//! one writes exactly the rows it reports.

use std::sync::atomic::{AtomicU32, Ordering};

use firstgoal_core::projects;
use firstgoal_core::stakeholders::csv_import::{self, CsvField, ImportMode};
use proptest::prelude::*;
use proptest::test_runner::{Config, TestCaseError, TestRunner};

use crate::{count, fresh_db, input};

/// Enough to cover the interesting shapes while the test stays well under 20 s in debug builds.
const CASES: u32 = 2_000;

fn token() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(",".to_owned()),
        Just("\"".to_owned()),
        Just("\n".to_owned()),
        Just("\r\n".to_owned()),
        Just("\t".to_owned()),
        Just(";".to_owned()),
        Just("山田 太郎".to_owned()),
        Just("a@example.com".to_owned()),
        Just("not-mail".to_owned()),
        Just("<img src=x>".to_owned()),
        Just("部長".to_owned()),
        Just("9".to_owned()),
        Just("3".to_owned()),
        Just("\u{feff}".to_owned()),
        "[a-zA-Z ]{1,8}",
        any::<char>().prop_map(String::from),
        (0usize..3).prop_map(|n| "長".repeat(200 + n)),
    ]
}

fn header() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        Just("氏名,メールアドレス,職位,影響力\n".to_owned()),
        Just("name\temail\tphone\n".to_owned()),
        Just("Name;Title;Department\n".to_owned()),
    ]
}

/// CSV-like text, then encoded: 0 = UTF-8, 1 = with BOM, 2 = Shift_JIS.
fn csvish() -> impl Strategy<Value = Vec<u8>> {
    (header(), prop::collection::vec(token(), 0..40), 0u8..3).prop_map(|(head, body, enc)| {
        let text = head + &body.concat();
        match enc {
            0 => text.into_bytes(),
            1 => [b"\xEF\xBB\xBF".as_slice(), text.as_bytes()].concat(),
            _ => encoding_rs::SHIFT_JIS.encode(&text).0.into_owned(),
        }
    })
}

fn any_input() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![prop::collection::vec(any::<u8>(), 0..300), csvish()]
}

fn mapping() -> impl Strategy<Value = Option<Vec<Option<CsvField>>>> {
    let field = prop::sample::select(CsvField::ALL.to_vec());
    prop_oneof![
        3 => Just(None),
        1 => prop::collection::vec(prop::option::of(field), 0..6).prop_map(Some),
    ]
}

#[test]
fn decode_parse_validate_import_never_panics_and_failures_write_nothing() {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let (_dir, db) = rt.block_on(fresh_db());
    let cases = AtomicU32::new(0);
    let written = AtomicU32::new(0);
    let mut runner = TestRunner::new(Config {
        cases: CASES,
        failure_persistence: None,
        ..Config::default()
    });
    let outcome = runner.run(
        &(any_input(), mapping(), any::<bool>()),
        |(bytes, mapping, skip)| {
            cases.fetch_add(1, Ordering::Relaxed);
            rt.block_on(async {
                let detail = projects::create(&db, &input("Fuzz", "2026-04-01", "2026-04-15"))
                    .await
                    .map_err(|e| TestCaseError::fail(e.to_string()))?;
                let (id, v) = (detail.project.id, detail.project.version);
                let before = count(&db, "stakeholders").await;
                let preview = csv_import::preview_bytes(&db, id, &bytes, mapping.clone()).await;
                let mapping = match (mapping, &preview) {
                    (Some(m), _) => m,
                    (None, Ok(p)) => p.mapping.clone(),
                    (None, Err(_)) => vec![Some(CsvField::Name)],
                };
                let mode = if skip {
                    ImportMode::SkipInvalidRows
                } else {
                    ImportMode::AllOrNothing
                };
                let result = csv_import::import_bytes(&db, id, v, &bytes, &mapping, mode).await;
                let after = count(&db, "stakeholders").await;
                let version = projects::get(&db, id)
                    .await
                    .map_err(|e| TestCaseError::fail(e.to_string()))?
                    .project
                    .version;
                match result {
                    Err(_) => {
                        prop_assert_eq!(after, before);
                        prop_assert_eq!(version, v);
                        prop_assert!(
                            preview.is_err()
                                || preview.is_ok_and(
                                    |p| p.mapping != mapping || !p.mapping_errors.is_empty()
                                )
                        );
                    }
                    Ok(report) => {
                        prop_assert_eq!(after - before, i64::from(report.imported));
                        if report.imported > 0 {
                            written.fetch_add(1, Ordering::Relaxed);
                        }
                        prop_assert_eq!(version, v + i64::from(report.imported > 0));
                        prop_assert!(!report.refused || report.imported == 0);
                        if let Ok(p) = preview {
                            prop_assert_eq!(p.valid_rows + p.invalid_rows, report.total_rows);
                        }
                    }
                }
                Ok(())
            })
        },
    );
    println!(
        "csv import fuzz: {} cases run, {} of them wrote stakeholders",
        cases.load(Ordering::Relaxed),
        written.load(Ordering::Relaxed)
    );
    if let Err(e) = outcome {
        panic!("{e}");
    }
}
