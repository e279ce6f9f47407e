//! Field-level validation shared by every feature: text lengths, ISO dates and the supported date
//! range. Each rule reports a stable code the UI translates.

use chrono::NaiveDate;

use crate::error::{FieldCode, FieldError};

/// Longest name-like text (customer, owner) in characters.
pub const MAX_NAME_CHARS: usize = 200;
/// Longest free text (goals, criteria, notes) in characters.
pub const MAX_TEXT_CHARS: usize = 2000;
/// First and last dates the app accepts.
pub const MIN_DATE: (i32, u32, u32) = (1970, 1, 1);
pub const MAX_DATE: (i32, u32, u32) = (2200, 12, 31);

/// The date written exactly as `YYYY-MM-DD` (ASCII digits, nothing around it), in any year;
/// `None` for any other text. This is the only form the storage reads a date in, so values that
/// arrive without a form (the full import) are held to it.
pub fn iso_date(value: &str) -> Option<NaiveDate> {
    let b = value.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let number = |digits: &[u8]| {
        digits.iter().try_fold(0u32, |n, &c| {
            c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0'))
        })
    };
    let year = i32::try_from(number(&b[0..4])?).ok()?;
    NaiveDate::from_ymd_opt(year, number(&b[5..7])?, number(&b[8..10])?)
}

pub fn min_date() -> NaiveDate {
    NaiveDate::from_ymd_opt(MIN_DATE.0, MIN_DATE.1, MIN_DATE.2).unwrap_or(NaiveDate::MIN)
}

pub fn max_date() -> NaiveDate {
    NaiveDate::from_ymd_opt(MAX_DATE.0, MAX_DATE.1, MAX_DATE.2).unwrap_or(NaiveDate::MAX)
}

/// Collects field errors while a whole input is checked, so the user sees every problem at once.
#[derive(Debug, Default)]
pub struct Checker {
    errors: Vec<FieldError>,
}

impl Checker {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn fail(&mut self, field: &str, code: FieldCode) {
        self.errors.push(FieldError::new(field, code));
    }

    /// Records a prepared field error (for codes that carry a limit).
    pub fn push(&mut self, error: FieldError) {
        self.errors.push(error);
    }

    /// A whole-number score from 1 to `max` (influence, heat, day counts).
    pub fn score(&mut self, field: &str, value: i64, max: i64) {
        if !(1..=max).contains(&value) {
            self.push(FieldError::new(field, FieldCode::OutOfScale).with_max(max as usize));
        }
    }

    /// A trimmed text of at most `max` characters; `required` rejects an empty one.
    pub fn text(&mut self, field: &str, value: &str, max: usize, required: bool) -> String {
        let trimmed = value.trim();
        if required && trimmed.is_empty() {
            self.fail(field, FieldCode::Required);
        } else if trimmed.chars().count() > max {
            self.errors
                .push(FieldError::new(field, FieldCode::TooLong).with_max(max));
        }
        trimmed.to_owned()
    }

    /// An ISO `YYYY-MM-DD` date between 1970-01-01 and 2200-12-31.
    pub fn date(&mut self, field: &str, value: &str) -> Option<NaiveDate> {
        let value = value.trim();
        if value.is_empty() {
            self.fail(field, FieldCode::Required);
            return None;
        }
        let iso_shape = value.len() == 10
            && value.bytes().enumerate().all(|(i, b)| {
                if i == 4 || i == 7 {
                    b == b'-'
                } else {
                    b.is_ascii_digit()
                }
            });
        if !iso_shape {
            self.fail(field, FieldCode::InvalidDate);
            return None;
        }
        match NaiveDate::parse_from_str(value, "%Y-%m-%d") {
            Ok(d) if d < min_date() || d > max_date() => {
                self.fail(field, FieldCode::OutOfRange);
                None
            }
            Ok(d) => Some(d),
            Err(_) => {
                self.fail(field, FieldCode::InvalidDate);
                None
            }
        }
    }

    pub fn has_errors(&self) -> bool {
        !self.errors.is_empty()
    }

    /// `Ok(value)` when nothing failed, else every collected field error.
    pub fn finish<T>(self, value: impl FnOnce() -> T) -> Result<T, crate::CoreError> {
        if self.errors.is_empty() {
            Ok(value())
        } else {
            Err(crate::CoreError::Validation(self.errors))
        }
    }
}

/// Whether a field holds one line (names, titles, labels) or several (free text such as a
/// stated role or a step description), for [`clean_controls`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lines {
    One,
    Several,
}

/// Text from an imported file as a form would have received it. Control characters that no one
/// types but files carry are normalised at the door, so they are never stored and every export
/// (XML above all, which cannot hold them) reads the same text back:
/// - a vertical tab (FileMaker's line break inside a cell) and a lone carriage return (old Mac
///   line ends) become a line break in a [`Lines::Several`] field and a space in a
///   [`Lines::One`] field, so the words on either side stay apart;
/// - a carriage return before a line feed is dropped (Windows line ends become plain ones);
/// - every other C0 control except tab and line feed (NUL, BEL, ESC, form feed…) and the
///   noncharacters U+FFFE and U+FFFF are removed.
///
/// Tabs and line feeds are kept as they are: the field rules (trimming, lengths) see the rest.
pub fn clean_controls(text: &str, lines: Lines) -> std::borrow::Cow<'_, str> {
    let keep = |c: char| !(c.is_ascii_control() && c != '\t' && c != '\n' && c != '\u{7f}');
    if text
        .chars()
        .all(|c| keep(c) && c != '\u{FFFE}' && c != '\u{FFFF}')
    {
        return std::borrow::Cow::Borrowed(text);
    }
    let line_break = match lines {
        Lines::One => ' ',
        Lines::Several => '\n',
    };
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' if chars.peek() == Some(&'\n') => {}
            '\r' | '\u{0B}' => out.push(line_break),
            '\u{FFFE}' | '\u{FFFF}' => {}
            c if !keep(c) => {}
            c => out.push(c),
        }
    }
    std::borrow::Cow::Owned(out)
}
