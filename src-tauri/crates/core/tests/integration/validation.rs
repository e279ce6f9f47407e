//! The project form rules (`ProjectInput::validate`) and that `projects::create` applies them
//! before writing anything.

use firstgoal_core::projects::{self, ProjectInput, Segment, ValidProject};
use firstgoal_core::validation::{MAX_NAME_CHARS, max_date, min_date};
use firstgoal_core::{ErrorCode, ErrorPayload};

use crate::{count, d, fe, field_errors, fresh_db, input};
use firstgoal_core::FieldCode;

fn named(name: &str) -> ProjectInput {
    input(name, "2026-04-01", "2026-04-15")
}

fn with_dates(contract: &str, kickoff: &str) -> ProjectInput {
    input("Dates KK", contract, kickoff)
}

#[test]
fn a_valid_input_is_trimmed_and_parsed() {
    let raw = ProjectInput {
        customer_name: "  株式会社テスト  ".to_owned(),
        contract_date: " 2026-04-01 ".to_owned(),
        kickoff_date: "2026-04-15".to_owned(),
        segment: Segment::TechTouch,
        owner: "\tAlex Morgan\n".to_owned(),
    };
    let valid = raw.validate().expect("valid input");
    assert_eq!(
        valid,
        ValidProject {
            customer_name: "株式会社テスト".to_owned(),
            contract_date: d("2026-04-01"),
            kickoff_date: d("2026-04-15"),
            segment: Segment::TechTouch,
            owner: "Alex Morgan".to_owned(),
        }
    );
}

#[test]
fn an_empty_or_blank_customer_name_is_required() {
    for name in ["", "   ", "\t\n  \u{3000}"] {
        let errors = field_errors(named(name).validate());
        assert_eq!(
            errors,
            vec![fe("customer_name", FieldCode::Required)],
            "name {name:?}"
        );
        assert_eq!(FieldCode::Required.as_str(), "required");
    }
}

#[test]
fn the_owner_is_optional() {
    let mut raw = named("Owner-less KK");
    raw.owner = "   ".to_owned();
    assert_eq!(raw.validate().expect("valid").owner, "");
}

#[test]
fn names_are_limited_to_200_characters_not_bytes() {
    assert_eq!(MAX_NAME_CHARS, 200);

    let ascii_200 = "a".repeat(200);
    assert_eq!(
        named(&ascii_200)
            .validate()
            .expect("200 chars")
            .customer_name,
        ascii_200
    );
    let errors = field_errors(named(&"a".repeat(201)).validate());
    assert_eq!(
        errors,
        vec![fe("customer_name", FieldCode::TooLong).with_max(200)]
    );

    // 200 Japanese characters are 600 bytes of UTF-8 and still fit.
    let ja_200 = "株".repeat(200);
    assert_eq!(ja_200.len(), 600);
    assert_eq!(
        named(&ja_200)
            .validate()
            .expect("200 Japanese chars")
            .customer_name,
        ja_200
    );
    let errors = field_errors(named(&"株".repeat(201)).validate());
    assert_eq!(
        errors,
        vec![fe("customer_name", FieldCode::TooLong).with_max(200)]
    );

    // Surrounding blanks are trimmed before counting.
    let padded = format!("   {ascii_200}   ");
    assert_eq!(
        named(&padded)
            .validate()
            .expect("trimmed to 200")
            .customer_name,
        ascii_200
    );

    // The owner has the same limit.
    let mut raw = named("Owner KK");
    raw.owner = "o".repeat(201);
    assert_eq!(
        field_errors(raw.validate()),
        vec![fe("owner", FieldCode::TooLong).with_max(200)]
    );
}

#[test]
fn malformed_dates_are_invalid_date_on_their_field() {
    assert_eq!(
        field_errors(with_dates("2026-13-01", "2026-04-15").validate()),
        vec![fe("contract_date", FieldCode::InvalidDate)]
    );
    assert_eq!(
        field_errors(with_dates("2026-04-01", "abc").validate()),
        vec![fe("kickoff_date", FieldCode::InvalidDate)]
    );
    for bad in [
        "2026-02-30",
        "2026/04/01",
        "01-04-2026",
        "2026-04-01T00:00:00",
    ] {
        assert_eq!(
            field_errors(with_dates(bad, "2026-04-15").validate()),
            vec![fe("contract_date", FieldCode::InvalidDate)],
            "contract date {bad:?}"
        );
    }
    assert_eq!(
        field_errors(with_dates("", "2026-04-15").validate()),
        vec![fe("contract_date", FieldCode::Required)]
    );
}

#[test]
fn dates_outside_1970_to_2200_are_out_of_range() {
    assert_eq!(min_date(), d("1970-01-01"));
    assert_eq!(max_date(), d("2200-12-31"));

    assert_eq!(
        field_errors(with_dates("1969-12-31", "1970-01-01").validate()),
        vec![fe("contract_date", FieldCode::OutOfRange)]
    );
    assert_eq!(
        field_errors(with_dates("2200-12-31", "2201-01-01").validate()),
        vec![fe("kickoff_date", FieldCode::OutOfRange)]
    );
    assert_eq!(
        field_errors(with_dates("2201-01-01", "1969-12-31").validate()),
        vec![
            fe("contract_date", FieldCode::OutOfRange),
            fe("kickoff_date", FieldCode::OutOfRange)
        ]
    );

    let low = with_dates("1970-01-01", "1970-01-01")
        .validate()
        .expect("first day");
    assert_eq!(
        (low.contract_date, low.kickoff_date),
        (d("1970-01-01"), d("1970-01-01"))
    );
    let high = with_dates("2200-12-31", "2200-12-31")
        .validate()
        .expect("last day");
    assert_eq!(
        (high.contract_date, high.kickoff_date),
        (d("2200-12-31"), d("2200-12-31"))
    );
}

#[test]
fn a_kickoff_more_than_12_months_before_the_contract_is_too_early() {
    // Exactly 12 months before is the earliest allowed kickoff.
    with_dates("2026-04-15", "2025-04-15")
        .validate()
        .expect("exactly 12 months before");
    assert_eq!(
        field_errors(with_dates("2026-04-15", "2025-04-14").validate()),
        vec![fe("kickoff_date", FieldCode::KickoffTooEarly)]
    );
    assert_eq!(
        field_errors(with_dates("2026-04-15", "2020-01-01").validate()),
        vec![fe("kickoff_date", FieldCode::KickoffTooEarly)]
    );
    // Kickoffs after the contract are the normal case, whatever the distance.
    with_dates("2026-04-15", "2026-04-16")
        .validate()
        .expect("after contract");
    with_dates("2026-04-15", "2030-01-01")
        .validate()
        .expect("long after contract");
    // Month ends: 12 months before 2024-02-29 is 2023-02-28.
    with_dates("2024-02-29", "2023-02-28")
        .validate()
        .expect("clamped month end");
    assert_eq!(
        field_errors(with_dates("2024-02-29", "2023-02-27").validate()),
        vec![fe("kickoff_date", FieldCode::KickoffTooEarly)]
    );
}

#[test]
fn every_problem_is_reported_at_once() {
    let raw = ProjectInput {
        customer_name: " ".to_owned(),
        contract_date: "2026-02-30".to_owned(),
        kickoff_date: "1969-12-31".to_owned(),
        segment: Segment::LowTouch,
        owner: "x".repeat(201),
    };
    let mut errors = field_errors(raw.validate());
    errors.sort_by(|a, b| a.field.cmp(&b.field));
    assert_eq!(
        errors,
        vec![
            fe("contract_date", FieldCode::InvalidDate),
            fe("customer_name", FieldCode::Required),
            fe("kickoff_date", FieldCode::OutOfRange),
            fe("owner", FieldCode::TooLong).with_max(200),
        ]
    );

    // Name and kickoff rule together.
    let mut errors = field_errors(input("", "2026-04-15", "2024-01-01").validate());
    errors.sort_by(|a, b| a.field.cmp(&b.field));
    assert_eq!(
        errors,
        vec![
            fe("customer_name", FieldCode::Required),
            fe("kickoff_date", FieldCode::KickoffTooEarly)
        ]
    );
}

#[tokio::test]
async fn a_rejected_create_writes_nothing() {
    let (_dir, db) = fresh_db().await;
    let err = projects::create(&db, &input("", "abc", "2026-04-15"))
        .await
        .expect_err("invalid input");
    assert_eq!(err.code(), ErrorCode::Validation);
    let payload = ErrorPayload::from(&err);
    assert_eq!(
        payload.fields,
        vec![
            fe("customer_name", FieldCode::Required),
            fe("contract_date", FieldCode::InvalidDate)
        ]
    );
    assert_eq!(count(&db, "projects").await, 0);
    assert_eq!(count(&db, "milestones").await, 0);

    // Next to existing data, a rejected create adds nothing either.
    projects::create(&db, &named("Kept KK"))
        .await
        .expect("valid create");
    let err = projects::create(&db, &with_dates("2026-04-15", "2025-01-01"))
        .await
        .expect_err("kickoff too early");
    assert_eq!(
        field_errors::<()>(Err(err)),
        vec![fe("kickoff_date", FieldCode::KickoffTooEarly)]
    );
    assert_eq!(count(&db, "projects").await, 1);
    assert_eq!(count(&db, "milestones").await, 3);
    db.close().await;
}

#[tokio::test]
async fn markup_in_names_is_stored_verbatim_after_trimming() {
    let (_dir, db) = fresh_db().await;
    let name = "<script>alert('x')</script> & \"Bobby\"; DROP TABLE projects; --";
    let owner = "<b>佐藤</b> O'Brien";
    let mut raw = named(&format!("  {name}\t"));
    raw.owner = format!(" {owner} ");

    let created = projects::create(&db, &raw).await.expect("create");
    assert_eq!(created.project.customer_name, name);
    assert_eq!(created.project.owner, owner);

    let stored = projects::get(&db, created.project.id).await.expect("get");
    assert_eq!(stored.project.customer_name, name);
    assert_eq!(stored.project.owner, owner);
    let listed = projects::list(&db, false).await.expect("list");
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].customer_name, name);
    db.close().await;
}

#[test]
fn control_characters_are_cleaned_per_kind_of_field() {
    use firstgoal_core::validation::{Lines, clean_controls};
    let text = "a\u{B}b\r\nc\rd\u{0}e\u{1B}[1m\u{7}\u{C}f\tg\nh\u{FFFE}\u{FFFF}i\u{7F}";
    assert_eq!(
        clean_controls(text, Lines::Several),
        "a\nb\nc\nde[1mf\tg\nhi\u{7F}"
    );
    assert_eq!(
        clean_controls(text, Lines::One),
        "a b\nc de[1mf\tg\nhi\u{7F}"
    );
    // Clean text is passed through without a copy.
    assert!(matches!(
        clean_controls("導入目的\tof\nthe team", Lines::One),
        std::borrow::Cow::Borrowed(_)
    ));
}
