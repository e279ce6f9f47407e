//! The escaping every SVG writer uses: user text always goes into SVG as escaped text, never as
//! markup, and characters XML cannot hold never reach a picture.

use std::borrow::Cow;

/// Whether XML 1.0 can hold the character at all, escaped or not: not the C0 controls other than
/// tab, line feed and carriage return, nor U+FFFE and U+FFFF. (Surrogates cannot occur in a Rust
/// string.)
pub fn is_xml_char(c: char) -> bool {
    !matches!(c, '\u{0}'..='\u{8}' | '\u{B}' | '\u{C}' | '\u{E}'..='\u{1F}' | '\u{FFFE}' | '\u{FFFF}')
}

/// Stored text made fit for XML: a vertical tab or form feed (a line or page break where a file
/// came from) becomes a space, the other characters XML cannot hold are dropped. Imports clean
/// these at the door, but files written before that, and any text the core did not check, may
/// still hold them; one such character would make the whole picture unreadable.
pub fn xml_text(text: &str) -> Cow<'_, str> {
    if text.chars().all(is_xml_char) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(
        text.chars()
            .filter_map(|c| match c {
                '\u{B}' | '\u{C}' => Some(' '),
                c if is_xml_char(c) => Some(c),
                _ => None,
            })
            .collect(),
    )
}

/// Escapes text for XML/SVG content and attribute values (`<`, `>`, `&`, `'`, `"`), after
/// [`xml_text`].
pub fn escape(text: &str) -> Cow<'_, str> {
    match xml_text(text) {
        Cow::Borrowed(text) => quick_xml::escape::escape(text),
        Cow::Owned(text) => Cow::Owned(quick_xml::escape::escape(&text).into_owned()),
    }
}
