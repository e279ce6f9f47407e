//! Control characters in the full import, normalised as at every other door
//! ([`clean_controls`]) before the values are checked and written: in free texts (several lines),
//! one-line texts and e-mail addresses, and in the texts inside journey documents and playbook
//! bodies. Values of other kinds (dates, codes, numbers) are left as they are, so a control
//! character there is refused by their check rather than turned into a valid value.

use std::borrow::Cow;

use super::cell::Cell;
use super::journey_doc;
use super::rules::Kind;
use crate::playbooks::PlaybookBody;
use crate::validation::{Lines, clean_controls};

/// Normalises the value `cell` of a column of `kind`, in place.
pub(super) fn clean(kind: Kind, cell: &mut Cell<'_>) {
    let Cell::Text(text) = cell else {
        return;
    };
    let replaced = match kind {
        Kind::Text { max, .. } => match clean_controls(text, Lines::for_limit(max)) {
            Cow::Owned(clean) => Some(clean),
            Cow::Borrowed(_) => None,
        },
        Kind::Email => match clean_controls(text, Lines::One) {
            Cow::Owned(clean) => Some(clean),
            Cow::Borrowed(_) => None,
        },
        Kind::Journey => journey_doc::cleaned(text),
        Kind::Playbook => playbook(text),
        _ => None,
    };
    if let Some(clean) = replaced {
        *text = Cow::Owned(clean);
    }
}

/// A playbook body with its texts as the playbook form keeps them, when it held controls.
fn playbook(json: &str) -> Option<String> {
    if !journey_doc::may_hold_controls(json) {
        return None;
    }
    let body: PlaybookBody = serde_json::from_str(json).ok()?;
    let valid = body.validate().ok()?;
    (valid != body).then(|| serde_json::to_string(&valid).ok())?
}
