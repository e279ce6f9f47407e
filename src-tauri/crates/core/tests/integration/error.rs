//! Every code the core can return reaches the user translated: both message files of the UI have
//! a message for each error code, each refusal and each field code.

use firstgoal_core::{ErrorCode, FieldCode, Refusal};

fn message_file(lang: &str) -> String {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../../ui/src/lib/i18n")
        .join(format!("{lang}.ts"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The keys of the object literal that starts at `heading` (`    code: {`) in a message file.
fn keys_under(text: &str, heading: &str) -> Vec<String> {
    let start = text
        .find(heading)
        .unwrap_or_else(|| panic!("no {heading:?}"));
    text[start + heading.len()..]
        .lines()
        .skip(1)
        .take_while(|line| !line.trim_start().starts_with('}'))
        .filter_map(|line| Some(line.trim().split_once(':')?.0.to_owned()))
        .collect()
}

fn wire_name<T: serde::Serialize>(value: T) -> String {
    serde_json::to_value(value)
        .expect("serialise")
        .as_str()
        .expect("a string")
        .to_owned()
}

/// Fails unless the message file `lang` has a message under `errors.<group>` for each code.
fn assert_translated<T: serde::Serialize>(lang: &str, text: &str, group: &str, codes: &[T]) {
    let keys = keys_under(text, &format!("\n    {group}: {{"));
    for code in codes {
        let name = wire_name(code);
        assert!(
            keys.contains(&name),
            "{lang}.ts has no errors.{group}.{name}"
        );
    }
}

#[test]
fn both_languages_translate_every_error_code_refusal_and_field_code() {
    for lang in ["en", "ja"] {
        let text = message_file(lang);
        assert_translated(lang, &text, "code", ErrorCode::ALL);
        assert_translated(lang, &text, "refusal", Refusal::ALL);
        assert_translated(lang, &text, "field", FieldCode::ALL);
    }
}

/// The field codes keep the wire names the UI, the CLI and saved reports read, and the name the
/// core prints (CLI, logs) is the same one.
#[test]
fn field_codes_keep_their_wire_names() {
    for &code in FieldCode::ALL {
        assert_eq!(wire_name(code), code.as_str());
        assert_eq!(code.to_string(), code.as_str());
    }
    let names: Vec<&str> = FieldCode::ALL.iter().map(|c| c.as_str()).collect();
    for expected in [
        "required",
        "too_long",
        "invalid_date",
        "out_of_range",
        "kickoff_too_early",
        "out_of_scale",
        "duplicate",
        "invalid_email",
        "status_date_too_early",
        "no_participants",
        "mismatch",
        "unknown_member",
        "before_start",
        "criterion_required",
        "before_kickoff",
        "duplicate_id",
        "unknown_lane",
        "unknown_step",
        "unknown_milestone",
        "invalid_color",
        "self_connection",
        "too_many",
        "other_journey",
        "empty",
        "invalid_choice",
        "file_too_large",
        "too_many_rows",
        "empty_file",
        "unknown_encoding",
        "unreadable_csv",
        "name_not_mapped",
        "mapped_twice",
        "too_many_cells",
        "unclosed_quote",
        "stray_quote",
        "mixed_encoding",
        "invalid_import",
        "in_use",
    ] {
        assert!(names.contains(&expected), "no field code {expected}");
    }
    assert_eq!(names.len(), 38);
}

/// `ALL` lists every code: serialising a payload of each variant the core builds gives a code
/// from the list (checked through the refusals, whose variants all cross the IPC edge).
#[test]
fn refusals_cross_the_edge_with_their_code() {
    for &refusal in Refusal::ALL {
        let payload =
            firstgoal_core::ErrorPayload::from(firstgoal_core::CoreError::Refused(refusal));
        assert_eq!(payload.code, ErrorCode::Refused);
        assert_eq!(payload.refusal, Some(refusal));
        assert!(ErrorCode::ALL.contains(&payload.code));
        assert!(!payload.message.is_empty());
    }
}
