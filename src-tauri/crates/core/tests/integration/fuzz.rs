//! Property-based fuzzing of the JSON importer and the project validation: arbitrary and mutated
//! input never panics, and whatever is refused leaves the file exactly as it was.
//!
//! `FUZZ_CASES` sets the number of cases per property (default 300).

use std::cell::Cell;

use firstgoal_core::projects::{self, ProjectInput, Segment};
use firstgoal_core::validation::{MAX_NAME_CHARS, max_date, min_date};
use firstgoal_core::{Db, demo, transfer};
use proptest::prelude::*;
use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};

fn cases() -> u32 {
    crate::fuzz_cases(300)
}

use crate::fuzz_runtime as runtime;
use crate::pointers;

/// Every row of every table, as JSON, to compare a file before and after a refused import.
async fn snapshot(db: &Db) -> serde_json::Value {
    let mut dump = transfer::export(db).await.expect("export");
    dump.exported_at.clear();
    serde_json::to_value(dump).expect("to json")
}

fn arb_json() -> impl Strategy<Value = serde_json::Value> {
    let leaf = prop_oneof![
        Just(serde_json::Value::Null),
        any::<bool>().prop_map(serde_json::Value::from),
        any::<i64>().prop_map(serde_json::Value::from),
        any::<f64>()
            .prop_filter("finite", |f| f.is_finite())
            .prop_map(serde_json::Value::from),
        ".{0,40}".prop_map(serde_json::Value::from),
        Just(serde_json::Value::from("<script>alert(1)</script>")),
    ];
    leaf.prop_recursive(3, 24, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(serde_json::Value::from),
            prop::collection::btree_map("[a-z_]{1,8}", inner, 0..4)
                .prop_map(|m| serde_json::Value::Object(m.into_iter().collect())),
        ]
    })
}

#[test]
fn importing_mutated_exports_never_panics_and_refusals_write_nothing() {
    let rt = runtime();
    let dir = tempfile::tempdir().expect("temp dir");
    let (valid, target) = rt.block_on(async {
        let source = Db::open(&dir.path().join("source.sqlite"))
            .await
            .expect("open");
        demo::generate(&source, 3, 5).await.expect("demo");
        let valid =
            serde_json::to_value(transfer::export(&source).await.expect("export")).expect("json");
        let target = Db::open(&dir.path().join("target.sqlite"))
            .await
            .expect("open");
        projects::create(
            &target,
            &ProjectInput {
                customer_name: "Existing".into(),
                contract_date: "2026-01-01".into(),
                kickoff_date: "2026-01-10".into(),
                segment: Segment::LowTouch,
                owner: String::new(),
            },
        )
        .await
        .expect("create");
        (valid, target)
    });
    let mut all = Vec::new();
    pointers(&valid, String::new(), &mut all);

    let mut runner = TestRunner::new(Config {
        cases: cases(),
        failure_persistence: None,
        ..Config::default()
    });
    let (accepted, refused) = (Cell::new(0u32), Cell::new(0u32));
    runner
        .run(
            &(any::<prop::sample::Index>(), arb_json()),
            |(at, replacement)| {
                let mut doc = valid.clone();
                let pointer = &all[at.index(all.len())];
                if pointer.is_empty() {
                    doc = replacement;
                } else if let Some(slot) = doc.pointer_mut(pointer) {
                    *slot = replacement;
                }
                let text = doc.to_string();
                rt.block_on(async {
                    let before = snapshot(&target).await;
                    match transfer::import_json(&target, &text).await {
                        Ok(_) => accepted.set(accepted.get() + 1),
                        Err(_) => {
                            refused.set(refused.get() + 1);
                            prop_assert_eq!(
                                snapshot(&target).await,
                                before,
                                "a refused import changed the file"
                            );
                        }
                    }
                    Ok(())
                })
            },
        )
        .expect("property holds");
    let (accepted, refused) = (accepted.get(), refused.get());
    eprintln!(
        "fuzz import (mutated exports): {} cases, {accepted} accepted, {refused} refused",
        cases()
    );
    assert!(refused > 0, "mutations must hit refusals");
}

#[test]
fn importing_arbitrary_text_never_panics_and_writes_nothing() {
    let rt = runtime();
    let dir = tempfile::tempdir().expect("temp dir");
    let db = rt
        .block_on(Db::open(&dir.path().join("f.sqlite")))
        .expect("open");
    let mut runner = TestRunner::new(Config {
        cases: cases(),
        failure_persistence: None,
        ..Config::default()
    });
    runner
        .run(&prop::collection::vec(any::<u8>(), 0..300), |bytes| {
            let text = String::from_utf8_lossy(&bytes).into_owned();
            rt.block_on(async {
                let before = snapshot(&db).await;
                prop_assert!(transfer::import_json(&db, &text).await.is_err());
                prop_assert_eq!(snapshot(&db).await, before);
                Ok(())
            })
        })
        .expect("property holds");
    eprintln!("fuzz import (arbitrary text): {} cases", cases());
}

#[test]
fn project_validation_accepts_only_what_the_rules_allow() {
    let rt = runtime();
    let dir = tempfile::tempdir().expect("temp dir");
    let db = rt
        .block_on(Db::open(&dir.path().join("v.sqlite")))
        .expect("open");
    let text = prop_oneof![".{0,260}", "[ 　\\t]{0,5}", "<[a-z]{1,6}>.{0,20}"];
    // Weighted so that valid dates (and so accepted projects) come up often enough for both
    // outcomes to be exercised in every run.
    let date = prop_oneof![
        1 => "[0-9]{4}-[0-9]{2}-[0-9]{2}",
        1 => "(19[6-9][0-9]|2[0-2][0-9]{2})-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])",
        4 => "20[2-3][0-9]-(0[1-9]|1[0-2])-(0[1-9]|1[0-9]|2[0-8])",
        1 => ".{0,12}",
    ];
    let segment = prop_oneof![
        Just(Segment::HighTouch),
        Just(Segment::LowTouch),
        Just(Segment::TechTouch)
    ];
    // A fixed seed: the same cases on every run, so a CI run cannot fail by chance.
    let mut runner = TestRunner::new_with_rng(
        Config {
            cases: cases(),
            failure_persistence: None,
            ..Config::default()
        },
        TestRng::deterministic_rng(RngAlgorithm::ChaCha),
    );
    let (ok, refused) = (Cell::new(0u32), Cell::new(0u32));
    runner
        .run(
            &(text.clone(), date.clone(), date, segment, text),
            |(name, contract, kickoff, segment, owner)| {
                let input = ProjectInput {
                    customer_name: name,
                    contract_date: contract,
                    kickoff_date: kickoff,
                    segment,
                    owner,
                };
                rt.block_on(async {
                    let count_before = projects::list(&db, true).await.expect("list").len();
                    match projects::create(&db, &input).await {
                        Ok(created) => {
                            ok.set(ok.get() + 1);
                            let p = created.project;
                            prop_assert!(!p.customer_name.is_empty());
                            prop_assert!(p.customer_name.chars().count() <= MAX_NAME_CHARS);
                            prop_assert!(p.owner.chars().count() <= MAX_NAME_CHARS);
                            for d in [p.contract_date, p.kickoff_date] {
                                prop_assert!(d >= min_date() && d <= max_date());
                            }
                            prop_assert_eq!(created.milestones.len(), 3);
                        }
                        Err(_) => {
                            refused.set(refused.get() + 1);
                            prop_assert_eq!(
                                projects::list(&db, true).await.expect("list").len(),
                                count_before
                            );
                        }
                    }
                    Ok(())
                })
            },
        )
        .expect("property holds");
    let (ok, refused) = (ok.get(), refused.get());
    eprintln!(
        "fuzz validation: {} cases, {ok} accepted, {refused} refused",
        cases()
    );
    assert!(ok > 0 && refused > 0, "both outcomes must be exercised");
}
