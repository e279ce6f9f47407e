//! From the bytes of a CSV file to a table of text cells: the encoding is detected (a byte-order
//! mark, else UTF-8 when the bytes are valid UTF-8, else Shift_JIS as Japanese Excel writes it),
//! the separator guessed from the header line, and the rows parsed with the `csv` crate.

use encoding_rs::{Encoding, SHIFT_JIS, UTF_8, UTF_16BE, UTF_16LE};
use serde::{Deserialize, Serialize};
use specta::Type;

use super::{MAX_CSV_ROWS, codes};
use crate::error::{CoreError, FieldError, Result};

/// The text encoding a file was read with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum CsvEncoding {
    Utf8,
    /// UTF-8 with a byte-order mark (Excel's "CSV UTF-8").
    Utf8Bom,
    /// UTF-16 with a byte-order mark (Excel's "Unicode text").
    Utf16Le,
    Utf16Be,
    /// Shift_JIS as Windows writes it (CP932), the default of Japanese Excel.
    ShiftJis,
}

/// The character between cells.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum Delimiter {
    Comma,
    Tab,
    Semicolon,
}

impl Delimiter {
    fn byte(self) -> u8 {
        match self {
            Delimiter::Comma => b',',
            Delimiter::Tab => b'\t',
            Delimiter::Semicolon => b';',
        }
    }
}

/// One data row with its number in the file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct CsvRow {
    /// The line of the file where the row starts; the header is line 1. It is the spreadsheet's
    /// row number too unless a cell above holds a line break.
    pub row: u32,
    pub cells: Vec<String>,
}

/// A parsed file: its header and every non-blank data row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CsvTable {
    pub encoding: CsvEncoding,
    pub delimiter: Delimiter,
    pub header: Vec<String>,
    pub rows: Vec<CsvRow>,
}

fn file_error(code: &str) -> CoreError {
    CoreError::Validation(vec![FieldError::new("file", code)])
}

/// Decodes the whole file. Bytes that are neither UTF-8 nor Shift_JIS are refused rather than
/// imported as replacement characters.
pub fn decode(bytes: &[u8]) -> Result<(String, CsvEncoding)> {
    if let Some((encoding, bom_len)) = Encoding::for_bom(bytes) {
        let body = &bytes[bom_len..];
        let kind = if encoding == UTF_8 {
            CsvEncoding::Utf8Bom
        } else if encoding == UTF_16LE {
            CsvEncoding::Utf16Le
        } else if encoding == UTF_16BE {
            CsvEncoding::Utf16Be
        } else {
            return Err(file_error(codes::UNKNOWN_ENCODING));
        };
        return encoding
            .decode_without_bom_handling_and_without_replacement(body)
            .map(|text| (text.into_owned(), kind))
            .ok_or_else(|| file_error(codes::UNKNOWN_ENCODING));
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Ok((text.to_owned(), CsvEncoding::Utf8));
    }
    SHIFT_JIS
        .decode_without_bom_handling_and_without_replacement(bytes)
        .map(|text| (text.into_owned(), CsvEncoding::ShiftJis))
        .ok_or_else(|| file_error(codes::UNKNOWN_ENCODING))
}

/// The most frequent of comma, tab and semicolon on the first line (comma when none or tied).
fn guess_delimiter(text: &str) -> Delimiter {
    let first = text.lines().next().unwrap_or_default();
    let count = |c: char| first.chars().filter(|x| *x == c).count();
    let (commas, tabs, semicolons) = (count(','), count('\t'), count(';'));
    if tabs > commas && tabs >= semicolons {
        Delimiter::Tab
    } else if semicolons > commas && semicolons > tabs {
        Delimiter::Semicolon
    } else {
        Delimiter::Comma
    }
}

/// Line numbers of record starts, counted incrementally (records come in file order).
#[derive(Debug)]
struct LineCounter {
    offset: usize,
    line: u32,
}

impl Default for LineCounter {
    fn default() -> Self {
        Self { offset: 0, line: 1 }
    }
}

impl LineCounter {
    /// The line of the record whose position is `start`. The reader reports the position before
    /// the blank lines it skips (and before the `\n` of a CRLF), so those are passed over first.
    fn line_of(&mut self, text: &[u8], start: usize) -> u32 {
        let start = start.min(text.len());
        let skipped = text[start..]
            .iter()
            .take_while(|b| matches!(b, b'\n' | b'\r'))
            .count();
        let start = (start + skipped).max(self.offset);
        let newlines = text[self.offset..start]
            .iter()
            .filter(|b| **b == b'\n')
            .count();
        self.line = self
            .line
            .saturating_add(u32::try_from(newlines).unwrap_or(u32::MAX));
        self.offset = start;
        self.line
    }
}

/// Decodes and parses a file. The first record is the header; rows whose cells are all blank
/// (spreadsheets often end with a few) are left out. More than [`MAX_CSV_ROWS`] rows are refused.
pub fn parse(bytes: &[u8]) -> Result<CsvTable> {
    let (text, encoding) = decode(bytes)?;
    // Windows line ends become plain ones, so a line break inside a cell is stored the same
    // whichever system wrote the file.
    let text = text.replace("\r\n", "\n");
    let delimiter = guess_delimiter(&text);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter.byte())
        .from_reader(text.as_bytes());
    let mut header: Option<Vec<String>> = None;
    let mut rows = Vec::new();
    let mut record = csv::StringRecord::new();
    let mut lines = LineCounter::default();
    loop {
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(_) => return Err(file_error(codes::UNREADABLE_CSV)),
        }
        let cells: Vec<String> = record.iter().map(str::to_owned).collect();
        if cells.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        if header.is_none() {
            header = Some(cells.iter().map(|c| c.trim().to_owned()).collect());
            continue;
        }
        if rows.len() == MAX_CSV_ROWS {
            return Err(CoreError::Validation(vec![
                FieldError::new("file", codes::TOO_MANY_ROWS).with_max(MAX_CSV_ROWS),
            ]));
        }
        let start = record.position().map_or(0, csv::Position::byte);
        rows.push(CsvRow {
            row: lines.line_of(
                text.as_bytes(),
                usize::try_from(start).unwrap_or(usize::MAX),
            ),
            cells,
        });
    }
    let header = header.ok_or_else(|| file_error(codes::EMPTY_FILE))?;
    Ok(CsvTable {
        encoding,
        delimiter,
        header,
        rows,
    })
}
