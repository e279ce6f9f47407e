//! Stakeholder CSV import: encodings (UTF-8, BOM, UTF-16, Shift_JIS), the mapping suggestion
//! from English and Japanese headers, per-row errors with row numbers, the two modes, markup kept
//! as text, the size and row limits, and conflicts.

use firstgoal_core::stakeholders::csv_import::{
    self, CsvEncoding, CsvField, CsvImportReport, CsvRowError, Delimiter, ImportMode,
    MAX_CSV_BYTES, MAX_CSV_ROWS, suggest_mapping,
};
use firstgoal_core::stakeholders::{Board, Level};
use firstgoal_core::{CoreError, Db, FieldError};

use crate::stakeholders::{add, pid, project, version};
use crate::{count, fe, field_errors, fresh_db};
use firstgoal_core::FieldCode;

const JA_CSV: &str = "氏名,フリガナ,部署,役職,メールアドレス,電話番号\n\
山田 太郎,ヤマダ タロウ,経営企画部,取締役,yamada@example.co.jp,03-1234-5678\n\
佐藤 花子,サトウ ハナコ,情報システム部,部長,sato@example.co.jp,\n";

fn names(board: &Board) -> Vec<&str> {
    board.stakeholders.iter().map(|s| s.name.as_str()).collect()
}

fn row_error(row: u32, field: &str, code: FieldCode) -> CsvRowError {
    CsvRowError {
        row,
        field: field.to_owned(),
        code,
        max: None,
    }
}

/// Imports with the suggested mapping.
async fn import(db: &Db, board: &Board, bytes: &[u8], mode: ImportMode) -> CsvImportReport {
    let mapping = csv_import::preview_bytes(db, pid(board), bytes, None)
        .await
        .expect("preview")
        .mapping;
    csv_import::import_bytes(db, pid(board), version(board), bytes, &mapping, mode)
        .await
        .expect("import")
}

async fn assert_imports_japanese(bytes: &[u8], encoding: CsvEncoding) {
    let (_dir, db) = fresh_db().await;
    let board = project(&db).await;
    let preview = csv_import::preview_bytes(&db, pid(&board), bytes, None)
        .await
        .expect("preview");
    assert_eq!(preview.encoding, encoding);
    assert_eq!(preview.rows[0].cells[0], "山田 太郎");
    let report = import(&db, &board, bytes, ImportMode::AllOrNothing).await;
    assert_eq!((report.imported, report.encoding), (2, encoding));
    assert_eq!(names(&report.board), ["山田 太郎", "佐藤 花子"]);
    let yamada = &report.board.stakeholders[0];
    assert_eq!(yamada.reading, "ヤマダ タロウ");
    assert_eq!(yamada.department, "経営企画部");
    assert_eq!(yamada.title, "取締役");
    assert_eq!(yamada.email, "yamada@example.co.jp");
    assert_eq!(yamada.phone, "03-1234-5678");
    assert_eq!(yamada.level, Level::Staff);
    assert!(!yamada.attended_kickoff);
    assert_eq!(report.board.detail.project.version, version(&board) + 1);
}

#[tokio::test]
async fn utf8_files_import_with_japanese_names() {
    assert_imports_japanese(JA_CSV.as_bytes(), CsvEncoding::Utf8).await;
}

#[tokio::test]
async fn utf8_files_with_a_bom_import_without_the_bom_in_the_first_header() {
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend_from_slice(JA_CSV.as_bytes());
    assert_imports_japanese(&bytes, CsvEncoding::Utf8Bom).await;
}

#[tokio::test]
async fn shift_jis_files_from_japanese_excel_import() {
    let text = JA_CSV.replace('\n', "\r\n");
    let (bytes, _, unmappable) = encoding_rs::SHIFT_JIS.encode(&text);
    assert!(!unmappable);
    assert!(std::str::from_utf8(&bytes).is_err(), "really not UTF-8");
    assert_imports_japanese(&bytes, CsvEncoding::ShiftJis).await;
}

#[tokio::test]
async fn utf16_tab_separated_unicode_text_imports() {
    let text = JA_CSV.replace(',', "\t");
    let mut bytes = vec![0xFF, 0xFE];
    bytes.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    let table = csv_import::parse(&bytes).expect("parse");
    assert_eq!(table.delimiter, Delimiter::Tab);
    assert_imports_japanese(&bytes, CsvEncoding::Utf16Le).await;
}

#[test]
fn bytes_that_are_neither_utf8_nor_shift_jis_are_refused() {
    // 0x85 0x40 is unassigned in Shift_JIS; the lone 0xFF cannot start a character.
    let result = csv_import::parse(b"name\n\x85\x40\xFF\n");
    assert_eq!(
        field_errors(result),
        [fe("file", FieldCode::UnknownEncoding)]
    );
    assert_eq!(
        field_errors(csv_import::parse(b" \n\n")),
        [fe("file", FieldCode::EmptyFile)]
    );
}

#[test]
fn quoted_cells_keep_commas_quotes_and_line_breaks_and_rows_are_numbered_by_line() {
    let table = csv_import::parse(
        "name,title\n\"Doe, Jane\",\"Head of \"\"Ops\"\"\nEMEA\"\n,\nSmith,CTO\n".as_bytes(),
    )
    .expect("parse");
    assert_eq!(table.delimiter, Delimiter::Comma);
    assert_eq!(table.rows.len(), 2, "the blank row is left out");
    assert_eq!(table.rows[0].cells, ["Doe, Jane", "Head of \"Ops\"\nEMEA"]);
    assert_eq!((table.rows[0].row, table.rows[1].row), (2, 5));
    let crlf = csv_import::parse(b"name\r\nA\r\n\"B\r\nC\"\r\n\r\nD\r\n").expect("parse");
    let rows: Vec<(u32, &str)> = crlf
        .rows
        .iter()
        .map(|r| (r.row, r.cells[0].as_str()))
        .collect();
    assert_eq!(rows, [(2, "A"), (3, "B\nC"), (6, "D")]);
    let semi = csv_import::parse(b"name;email\nA;a@example.com\n").expect("parse");
    assert_eq!(semi.delimiter, Delimiter::Semicolon);
    assert_eq!(semi.rows[0].cells, ["A", "a@example.com"]);
}

#[test]
fn the_mapping_is_suggested_from_english_and_japanese_headers() {
    let header = |cols: &[&str]| cols.iter().map(|c| (*c).to_owned()).collect::<Vec<_>>();
    use CsvField::*;
    assert_eq!(
        suggest_mapping(&header(&[
            "氏名",
            "ふりがな",
            "部門",
            "役職",
            "Eメール",
            "電話",
            "職位",
            "会社名",
            "備考"
        ])),
        [
            Some(Name),
            Some(Reading),
            Some(Department),
            Some(Title),
            Some(Email),
            Some(Phone),
            Some(Level),
            None,
            None
        ]
    );
    assert_eq!(
        suggest_mapping(&header(&[
            "Company Name",
            "Full Name",
            "Job Title",
            "Department",
            "E-mail",
            "Phone Number",
            "Influence",
        ])),
        [
            None,
            Some(Name),
            Some(Title),
            Some(Department),
            Some(Email),
            Some(Phone),
            Some(Influence)
        ]
    );
    // Containment for Japanese headers; each field goes to one column only.
    assert_eq!(
        suggest_mapping(&header(&["名前", "会社メールアドレス", "名前", "ＴＥＬ"])),
        [Some(Name), Some(Email), None, Some(Phone)]
    );
}

#[tokio::test]
async fn every_bad_row_is_reported_with_its_row_number_and_field() {
    let (_dir, db) = fresh_db().await;
    let board = project(&db).await;
    let long = "長".repeat(10_000);
    let csv = format!(
        "name,email,level,influence\nGood,good@example.com,部長,4\nBad Mail,not-an-email,,\n\
         {long},,,\n,x@example.com,boss,9\n"
    );
    let preview = csv_import::preview_bytes(&db, pid(&board), csv.as_bytes(), None)
        .await
        .expect("preview");
    assert_eq!((preview.valid_rows, preview.invalid_rows), (1, 3));
    let mut too_long = row_error(4, "name", FieldCode::TooLong);
    too_long.max = Some(200);
    let mut scale = row_error(5, "influence", FieldCode::OutOfScale);
    scale.max = Some(5);
    assert_eq!(
        preview.errors,
        [
            row_error(3, "email", FieldCode::InvalidEmail),
            too_long,
            row_error(5, "level", FieldCode::InvalidChoice),
            row_error(5, "name", FieldCode::Required),
            scale,
        ]
    );
}

#[tokio::test]
async fn all_or_nothing_writes_nothing_when_any_row_is_invalid() {
    let (_dir, db) = fresh_db().await;
    let board = project(&db).await;
    let board = add(&db, &board, "既存 一郎", |_| {}).await;
    let csv = "name,email\nA,a@example.com\nB,broken\n";
    let report = import(&db, &board, csv.as_bytes(), ImportMode::AllOrNothing).await;
    assert!(report.refused);
    assert_eq!((report.imported, report.invalid_rows), (0, 1));
    assert_eq!(
        report.errors,
        [row_error(3, "email", FieldCode::InvalidEmail)]
    );
    assert_eq!(names(&report.board), ["既存 一郎"]);
    assert_eq!(report.board.detail.project.version, version(&board));
    assert_eq!(count(&db, "stakeholders").await, 1);
}

#[tokio::test]
async fn skip_invalid_rows_appends_only_the_valid_rows_after_existing_people() {
    let (_dir, db) = fresh_db().await;
    let board = project(&db).await;
    let board = add(&db, &board, "既存 一郎", |_| {}).await;
    let csv = "name,email,level\nA,a@example.com,executive\nB,broken,\nC,,マネージャー\n";
    let report = import(&db, &board, csv.as_bytes(), ImportMode::SkipInvalidRows).await;
    assert!(!report.refused);
    assert_eq!((report.imported, report.invalid_rows), (2, 1));
    assert_eq!(names(&report.board), ["既存 一郎", "A", "C"]);
    assert_eq!(report.board.stakeholders[1].level, Level::Executive);
    assert_eq!(report.board.stakeholders[2].level, Level::Manager);
    let positions: Vec<i64> = report
        .board
        .stakeholders
        .iter()
        .map(|s| s.position)
        .collect();
    assert_eq!(positions, [1, 2, 3]);
}

#[tokio::test]
async fn markup_in_names_is_stored_as_text() {
    let (_dir, db) = fresh_db().await;
    let board = project(&db).await;
    let evil = "<img src=x onerror=alert(1)>";
    let csv = format!("氏名\n\"{evil}\"\n\"<b>太字</b>\"\n");
    let report = import(&db, &board, csv.as_bytes(), ImportMode::AllOrNothing).await;
    assert_eq!(names(&report.board), [evil, "<b>太字</b>"]);
}

#[tokio::test]
async fn a_row_with_more_cells_than_the_header_is_refused() {
    let (_dir, db) = fresh_db().await;
    let board = project(&db).await;
    let csv = "name,title\nDoe,Manager, Sales Ops\n";
    let report = import(&db, &board, csv.as_bytes(), ImportMode::SkipInvalidRows).await;
    let mut expected = row_error(2, "row", FieldCode::TooManyCells);
    expected.max = Some(2);
    assert_eq!((report.imported, report.errors), (0, vec![expected]));
}

#[tokio::test]
async fn mapping_problems_are_refused_and_shown_in_the_preview() {
    let (_dir, db) = fresh_db().await;
    let board = project(&db).await;
    let csv = b"Company,Mail\nACME,a@example.com\n";
    let preview = csv_import::preview_bytes(&db, pid(&board), csv, None)
        .await
        .expect("preview");
    assert_eq!(preview.mapping, [None, Some(CsvField::Email)]);
    assert_eq!(
        preview.mapping_errors,
        [fe("mapping", FieldCode::NameNotMapped)]
    );
    let twice = vec![Some(CsvField::Name), Some(CsvField::Name)];
    let result = csv_import::import_bytes(
        &db,
        pid(&board),
        version(&board),
        csv,
        &twice,
        Default::default(),
    )
    .await;
    assert_eq!(
        field_errors(result),
        [fe("mapping", FieldCode::MappedTwice)]
    );
    let short = vec![Some(CsvField::Name)];
    let result = csv_import::import_bytes(
        &db,
        pid(&board),
        version(&board),
        csv,
        &short,
        Default::default(),
    )
    .await;
    assert_eq!(field_errors(result), [fe("mapping", FieldCode::Mismatch)]);
    assert_eq!(count(&db, "stakeholders").await, 0);
}

#[tokio::test]
async fn files_over_the_size_or_row_limit_are_refused() {
    let (dir, db) = fresh_db().await;
    let board = project(&db).await;
    let big = dir.path().join("big.csv");
    let mut text = String::from("name\n");
    while (text.len() as u64) <= MAX_CSV_BYTES {
        text.push_str(&"x".repeat(99));
        text.push('\n');
    }
    std::fs::write(&big, &text).expect("write");
    let result = csv_import::preview(&db, pid(&board), &big, None).await;
    let mut expected = FieldError::new("file", FieldCode::FileTooLarge);
    expected.max = Some(5 * 1024 * 1024);
    assert_eq!(field_errors(result), [expected]);

    let rows = dir.path().join("rows.csv");
    let text = format!("name\n{}", "a\n".repeat(MAX_CSV_ROWS + 1));
    std::fs::write(&rows, &text).expect("write");
    let result = csv_import::import(
        &db,
        pid(&board),
        version(&board),
        &rows,
        &[Some(CsvField::Name)],
        ImportMode::SkipInvalidRows,
    )
    .await;
    let mut expected = FieldError::new("file", FieldCode::TooManyRows);
    expected.max = Some(5000);
    assert_eq!(field_errors(result), [expected]);
    // Exactly the limit is fine.
    let text = format!("name\n{}", "a\n".repeat(MAX_CSV_ROWS));
    std::fs::write(&rows, &text).expect("write");
    let report = csv_import::import(
        &db,
        pid(&board),
        version(&board),
        &rows,
        &[Some(CsvField::Name)],
        ImportMode::AllOrNothing,
    )
    .await
    .expect("import");
    assert_eq!(report.imported, 5000);
    assert_eq!(count(&db, "stakeholders").await, 5000);
}

#[tokio::test]
async fn an_import_on_a_stale_version_is_a_conflict_and_writes_nothing() {
    let (_dir, db) = fresh_db().await;
    let board = project(&db).await;
    let newer = add(&db, &board, "先に 追加", |_| {}).await;
    let csv = b"name\nA\n";
    let result = csv_import::import_bytes(
        &db,
        pid(&board),
        version(&board),
        csv,
        &[Some(CsvField::Name)],
        ImportMode::AllOrNothing,
    )
    .await;
    assert!(
        matches!(result, Err(CoreError::Conflict { current_version, .. }) if current_version == version(&newer))
    );
    assert_eq!(count(&db, "stakeholders").await, 1);
    let missing = csv_import::import_bytes(
        &db,
        999,
        1,
        csv,
        &[Some(CsvField::Name)],
        Default::default(),
    )
    .await;
    assert!(matches!(missing, Err(CoreError::NotFound { .. })));
}

/// Three people in a hand-made file, the first with a quote that is never closed: the reader
/// took the rest of the file into one cell and imported one person.
const UNCLOSED: &str = "name,title\n\"Yamada,Manager\nSato,Staff\nSuzuki,Lead\n";

#[tokio::test]
async fn a_quote_that_is_never_closed_is_refused_with_its_line() {
    let (_dir, db) = fresh_db().await;
    let board = project(&db).await;
    let mut expected = FieldError::new("file", FieldCode::UnclosedQuote);
    expected.max = Some(2);
    assert_eq!(
        field_errors(csv_import::parse(UNCLOSED.as_bytes())),
        [expected.clone()]
    );
    let result = csv_import::import_bytes(
        &db,
        pid(&board),
        version(&board),
        UNCLOSED.as_bytes(),
        &[Some(CsvField::Name), Some(CsvField::Title)],
        ImportMode::SkipInvalidRows,
    )
    .await;
    assert_eq!(field_errors(result), [expected]);
    assert_eq!(count(&db, "stakeholders").await, 0);
    // The line is the one where the quoted cell starts, after multi-line cells above it.
    let later = "name,title\n\"Doe\",\"Head\nof Ops\"\nSmith,\"CTO\n";
    let mut expected = FieldError::new("file", FieldCode::UnclosedQuote);
    expected.max = Some(4);
    assert_eq!(
        field_errors(csv_import::parse(later.as_bytes())),
        [expected]
    );
}

#[test]
fn a_quote_followed_by_more_text_in_its_cell_is_refused_with_its_line() {
    let stray = |csv: &str, line: u32| {
        let mut expected = FieldError::new("file", FieldCode::StrayQuote);
        expected.max = Some(line);
        assert_eq!(
            field_errors(csv_import::parse(csv.as_bytes())),
            [expected],
            "{csv:?}"
        );
    };
    stray("name,title\n\"Yamada\" Taro,Manager\nSato,Staff\n", 2);
    // A cell opened by mistake is closed by another cell's quote lines below: three rows would
    // have become one.
    stray(
        "name,title\nA,B\n\"Yamada,Manager\nSato,Staff\nSuzuki,\"Lead\"\n",
        3,
    );
    stray("name;title\nA;\"x\"y;z\n", 2);
    // Quotes inside an unquoted cell are text, and doubled quotes inside a quoted one.
    let table = csv_import::parse(
        "name,title\nBig 24\" screen,\"He said \"\"hi\"\"\"\n\"A\"\r\n\"B\",\"\"\n".as_bytes(),
    )
    .expect("parse");
    let cells: Vec<&[String]> = table.rows.iter().map(|r| r.cells.as_slice()).collect();
    assert_eq!(
        cells,
        [
            &["Big 24\" screen".to_owned(), "He said \"hi\"".to_owned()][..],
            &["A".to_owned()][..],
            &["B".to_owned(), String::new()][..],
        ]
    );
}

#[tokio::test]
async fn the_report_counts_every_data_row_read() {
    let (_dir, db) = fresh_db().await;
    let board = project(&db).await;
    let csv = "name,email\nYamada,y@example.com\nSato,broken\nSuzuki,\n";
    let report = import(&db, &board, csv.as_bytes(), ImportMode::SkipInvalidRows).await;
    assert_eq!(
        (report.total_rows, report.imported, report.invalid_rows),
        (3, 2, 1)
    );
}

fn sjis(text: &str) -> Vec<u8> {
    let (bytes, _, unmappable) = encoding_rs::SHIFT_JIS.encode(text);
    assert!(!unmappable);
    bytes.into_owned()
}

#[test]
fn a_file_that_mixes_utf8_and_shift_jis_is_refused_at_the_first_line_of_the_other() {
    let mixed = |bytes: &[u8], line: u32| {
        let mut expected = FieldError::new("file", FieldCode::MixedEncoding);
        expected.max = Some(line);
        assert_eq!(field_errors(csv_import::parse(bytes)), [expected]);
    };
    // UTF-8 header and rows, then rows pasted from a Shift_JIS export.
    let mut bytes = "氏名,部署\n山田 太郎,営業部\nASCII Only,Sales\n"
        .as_bytes()
        .to_vec();
    bytes.extend(sjis("佐藤 花子,情報システム部\n鈴木 一郎,経理部\n"));
    mixed(&bytes, 4);
    // Shift_JIS first (Japanese Excel), then UTF-8 rows: read whole as Shift_JIS, the UTF-8
    // names became mojibake.
    let mut bytes = sjis("氏名,部署\n佐藤 花子,情報システム部\n");
    bytes.extend("山田 太郎,営業部\n".as_bytes());
    mixed(&bytes, 3);
    // A byte-order mark says UTF-8: a Shift_JIS line is named too.
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend("氏名\n山田 太郎\n".as_bytes());
    bytes.extend(sjis("佐藤 花子\n"));
    mixed(&bytes, 3);
    // One encoding throughout is read as before, ASCII lines anywhere.
    let mut bytes = b"name,dept\nTaro,Sales\n".to_vec();
    bytes.extend(sjis("佐藤 花子,情報システム部\n"));
    let table = csv_import::parse(&bytes).expect("Shift_JIS with ASCII lines");
    assert_eq!(table.encoding, CsvEncoding::ShiftJis);
    assert_eq!(table.rows[1].cells[0], "佐藤 花子");
}

#[tokio::test]
async fn control_characters_in_cells_are_cleaned_per_field() {
    let (_dir, db) = fresh_db().await;
    let board = project(&db).await;
    let csv = "氏名,部署,役割\n\"山田\u{0}太郎\u{1B}\",\"営業部\u{B}第一課\",\"決裁\u{B}予算管理\u{FFFE}\"\n";
    let report = import(&db, &board, csv.as_bytes(), ImportMode::AllOrNothing).await;
    assert_eq!(report.imported, 1);
    let person = &report.board.stakeholders[0];
    assert_eq!(person.name, "山田太郎");
    assert_eq!(person.department, "営業部 第一課");
    assert_eq!(person.stated_role, "決裁\n予算管理");
}
