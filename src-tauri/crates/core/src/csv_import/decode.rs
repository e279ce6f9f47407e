//! From the bytes of a CSV file to a table of text cells: the encoding is detected (a byte-order
//! mark, else UTF-8 when the bytes are valid UTF-8, else Shift_JIS as Japanese Excel writes it),
//! the separator guessed from the header line, and the rows parsed with the `csv` crate.

use encoding_rs::{Encoding, SHIFT_JIS, UTF_8, UTF_16BE, UTF_16LE};
use serde::{Deserialize, Serialize};
use specta::Type;

use super::MAX_CSV_ROWS;
use crate::error::{CoreError, FieldCode, FieldError, Result};

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

fn file_error(code: FieldCode) -> CoreError {
    CoreError::Validation(vec![FieldError::new("file", code)])
}

/// A refusal that names the line of the file (in `max`: the header is line 1).
fn line_error(code: FieldCode, line: u32) -> CoreError {
    CoreError::Validation(vec![
        FieldError::new("file", code).with_max(usize::try_from(line).unwrap_or(usize::MAX)),
    ])
}

/// How one line without a byte-order mark reads: plain ASCII reads the same in both encodings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum LineEncoding {
    Ascii,
    Utf8,
    ShiftJis,
    Neither,
}

fn line_encoding(line: &[u8]) -> LineEncoding {
    if line.is_ascii() {
        LineEncoding::Ascii
    } else if std::str::from_utf8(line).is_ok() {
        LineEncoding::Utf8
    } else if SHIFT_JIS
        .decode_without_bom_handling_and_without_replacement(line)
        .is_some()
    {
        LineEncoding::ShiftJis
    } else {
        LineEncoding::Neither
    }
}

/// Decodes the whole file. Bytes that are neither UTF-8 nor Shift_JIS are refused rather than
/// imported as replacement characters.
///
/// Without a byte-order mark the encoding is the one of the first line that is not plain ASCII,
/// and every other line must be in it too: a file pasted together from a UTF-8 and a Shift_JIS
/// export would otherwise be read as Shift_JIS whole, and its UTF-8 names stored as mojibake.
/// (Line feeds are never part of a Shift_JIS character, so the file can be split on them before
/// it is decoded. A Shift_JIS line is almost never valid UTF-8 by chance: its usual lead bytes,
/// 0x81–0x9F, cannot start a UTF-8 character.)
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
            return Err(file_error(FieldCode::UnknownEncoding));
        };
        if kind == CsvEncoding::Utf8Bom
            && let Err(e) = std::str::from_utf8(body)
        {
            let line = body[..e.valid_up_to()]
                .iter()
                .filter(|b| **b == b'\n')
                .count();
            return Err(line_error(
                FieldCode::MixedEncoding,
                u32::try_from(line + 1).unwrap_or(u32::MAX),
            ));
        }
        return encoding
            .decode_without_bom_handling_and_without_replacement(body)
            .map(|text| (text.into_owned(), kind))
            .ok_or_else(|| file_error(FieldCode::UnknownEncoding));
    }
    let mut detected = None;
    for (i, line) in bytes.split(|b| *b == b'\n').enumerate() {
        let number = || u32::try_from(i + 1).unwrap_or(u32::MAX);
        match (detected, line_encoding(line)) {
            (_, LineEncoding::Ascii) => {}
            (None, LineEncoding::Neither) => return Err(file_error(FieldCode::UnknownEncoding)),
            (None, found) => detected = Some(found),
            (Some(expected), found) if found != expected => {
                return Err(line_error(FieldCode::MixedEncoding, number()));
            }
            _ => {}
        }
    }
    if detected == Some(LineEncoding::ShiftJis) {
        return SHIFT_JIS
            .decode_without_bom_handling_and_without_replacement(bytes)
            .map(|text| (text.into_owned(), CsvEncoding::ShiftJis))
            .ok_or_else(|| file_error(FieldCode::UnknownEncoding));
    }
    std::str::from_utf8(bytes)
        .map(|text| (text.to_owned(), CsvEncoding::Utf8))
        .map_err(|_| file_error(FieldCode::UnknownEncoding))
}

/// Refuses quoting the CSV reader would accept by swallowing text: a quoted cell that is never
/// closed takes every later row into itself, and a quote that closes a cell in the middle of
/// its text (`"Doe" Jane`, or a cell opened by mistake and closed by another cell's quote lines
/// below) joins what follows into the same cell. Either is refused with the line where the
/// quoted cell starts. A quote inside an unquoted cell (`24" monitor`) is plain text, as the
/// reader takes it.
fn check_quotes(text: &str, delimiter: u8) -> Result<()> {
    let bytes = text.as_bytes();
    let mut line: u32 = 1;
    let mut at_cell_start = true;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if at_cell_start && b == b'"' {
            let start = line;
            i += 1;
            loop {
                match bytes.get(i) {
                    None => return Err(line_error(FieldCode::UnclosedQuote, start)),
                    Some(b'"') if bytes.get(i + 1) == Some(&b'"') => i += 2,
                    Some(b'"') => {
                        i += 1;
                        match bytes.get(i) {
                            None | Some(b'\n' | b'\r') => {}
                            Some(&next) if next == delimiter => {}
                            Some(_) => return Err(line_error(FieldCode::StrayQuote, start)),
                        }
                        break;
                    }
                    Some(b'\n') => {
                        line = line.saturating_add(1);
                        i += 1;
                    }
                    Some(_) => i += 1,
                }
            }
            at_cell_start = false;
            continue;
        }
        at_cell_start = b == delimiter || b == b'\n';
        if b == b'\n' {
            line = line.saturating_add(1);
        }
        i += 1;
    }
    Ok(())
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
    check_quotes(&text, delimiter.byte())?;
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
            Err(_) => return Err(file_error(FieldCode::UnreadableCsv)),
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
                FieldError::new("file", FieldCode::TooManyRows).with_max(MAX_CSV_ROWS),
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
    let header = header.ok_or_else(|| file_error(FieldCode::EmptyFile))?;
    Ok(CsvTable {
        encoding,
        delimiter,
        header,
        rows,
    })
}
