//! CRM exports as the Japanese market saves them: a Salesforce report (Japanese and English
//! headers, Shift_JIS from Excel) and a Sansan business-card export, with the name split into
//! 姓/名 (and セイ/メイ) and the report's footer lines (総計, 機密情報, Copyright) after the data.

use firstgoal_core::FieldCode;
use firstgoal_core::stakeholders::csv_import::{self, CsvEncoding, CsvField, ImportMode};
use firstgoal_core::stakeholders::{Board, Stakeholder};

use crate::fresh_db;
use crate::stakeholders::{pid, project, version};

/// A Salesforce contact report saved by Japanese Excel, as Salesforce writes it: every cell
/// quoted, blank lines around the footer.
const SALESFORCE_JA: &str = "\"姓\",\"名\",\"姓（カナ）\",\"名（カナ）\",\"会社名\",\"部署\",\"役職\",\"メール\"\r\n\
\"山田\",\"太郎\",\"ヤマダ\",\"タロウ\",\"さくら物流\",\"情報システム部\",\"部長\",\"yamada@example.co.jp\"\r\n\
\"佐藤\",\"花子\",\"サトウ\",\"ハナコ\",\"さくら物流\",\"経営企画部\",\"取締役\",\"sato@example.co.jp\"\r\n\
\"Smith\",\"Jane\",\"\",\"\",\"さくら物流\",\"IT\",\"Manager\",\"jane@example.com\"\r\n\
\"\"\r\n\
\"総計 (3 件のレコード)\"\r\n\
\"\"\r\n\
\"機密情報 - 配布禁止\"\r\n\
\"Copyright (c) 2000-2025 salesforce.com, inc. All rights reserved.\"\r\n";

/// The same report from an English Salesforce.
const SALESFORCE_EN: &str = "\"First Name\",\"Last Name\",\"Title\",\"Account Name\",\"Email\"\n\
\"Jane\",\"Smith\",\"CIO\",\"Acme\",\"jane@example.com\"\n\
\"太郎\",\"山田\",\"部長\",\"Acme\",\"yamada@example.co.jp\"\n\
\n\
\"Grand Totals (2 records)\"\n\
\n\
\"Confidential Information - Do Not Distribute\"\n\
\"Copyright (c) 2000-2025 salesforce.com, inc. All rights reserved.\"\n";

/// A Sansan business-card export: company, department, title, 姓, 名, readings and contacts.
const SANSAN: &str = "会社名,部署名,役職,姓,名,姓カナ,名カナ,E-mail,TEL会社,携帯電話\n\
さくら物流株式会社,情報システム部,課長,鈴木,一郎,スズキ,イチロウ,suzuki@example.co.jp,03-1111-2222,090-1111-2222\n\
さくら物流株式会社,総務部,担当,高橋,,タカハシ,,takahashi@example.co.jp,,\n";

async fn import(bytes: &[u8]) -> (Vec<Option<CsvField>>, csv_import::CsvImportReport) {
    let (_dir, db) = fresh_db().await;
    let board: Board = project(&db).await;
    let preview = csv_import::preview_bytes(&db, pid(&board), bytes, None)
        .await
        .expect("preview");
    assert!(
        preview.mapping_errors.is_empty(),
        "{:?}",
        preview.mapping_errors
    );
    let report = csv_import::import_bytes(
        &db,
        pid(&board),
        version(&board),
        bytes,
        &preview.mapping,
        ImportMode::AllOrNothing,
    )
    .await
    .expect("import");
    assert!(report.errors.is_empty(), "{:?}", report.errors);
    (preview.mapping, report)
}

fn people(report: &csv_import::CsvImportReport) -> Vec<(&str, &str)> {
    let imported = &report.board.stakeholders;
    imported
        .iter()
        .map(|s: &Stakeholder| (s.name.as_str(), s.reading.as_str()))
        .collect()
}

#[tokio::test]
async fn a_salesforce_report_from_japanese_excel_joins_the_names_and_leaves_the_footer_out() {
    let (bytes, _, unmappable) = encoding_rs::SHIFT_JIS.encode(SALESFORCE_JA);
    assert!(!unmappable);
    let (mapping, report) = import(&bytes).await;
    use CsvField::{Department, Email, FamilyName, FamilyReading, GivenName, GivenReading, Title};
    assert_eq!(
        mapping,
        vec![
            Some(FamilyName),
            Some(GivenName),
            Some(FamilyReading),
            Some(GivenReading),
            None,
            Some(Department),
            Some(Title),
            Some(Email),
        ]
    );
    assert_eq!(report.encoding, CsvEncoding::ShiftJis);
    assert_eq!(
        (report.total_rows, report.imported),
        (3, 3),
        "the footer is not people"
    );
    assert_eq!(
        people(&report),
        [
            ("山田 太郎", "ヤマダ タロウ"),
            ("佐藤 花子", "サトウ ハナコ"),
            ("Jane Smith", ""),
        ]
    );
}

#[tokio::test]
async fn an_english_salesforce_report_joins_each_name_in_its_own_order() {
    let (mapping, report) = import(SALESFORCE_EN.as_bytes()).await;
    assert_eq!(
        mapping[..2],
        [Some(CsvField::GivenName), Some(CsvField::FamilyName)]
    );
    assert_eq!(mapping[3], None, "an account's name is not a person's");
    assert_eq!((report.total_rows, report.imported), (2, 2));
    assert_eq!(people(&report), [("Jane Smith", ""), ("山田 太郎", "")]);
}

#[tokio::test]
async fn a_sansan_export_joins_the_names_and_keeps_a_family_name_alone() {
    let (mapping, report) = import(SANSAN.as_bytes()).await;
    assert_eq!(mapping[0], None, "the company's name is not a person's");
    assert_eq!(mapping[1], Some(CsvField::Department));
    assert_eq!(mapping[9], Some(CsvField::Phone));
    assert_eq!(
        people(&report),
        [("鈴木 一郎", "スズキ イチロウ"), ("高橋", "タカハシ")]
    );
    let first = &report.board.stakeholders[0];
    assert_eq!(
        (first.department.as_str(), first.title.as_str()),
        ("情報システム部", "課長")
    );
}

#[tokio::test]
async fn a_footer_like_line_with_people_after_it_is_data() {
    let csv = "氏名,メール\n合計 太郎,\n山田 太郎,yamada@example.co.jp\n";
    let (_, report) = import(csv.as_bytes()).await;
    assert_eq!(report.imported, 2);
}

#[test]
fn without_a_name_column_the_mapping_is_refused() {
    let header: Vec<String> = ["会社名", "部署名", "メール"]
        .iter()
        .map(|s| (*s).to_owned())
        .collect();
    let mapping = csv_import::suggest_mapping(&header);
    let problems = csv_import::check_mapping(&mapping, header.len());
    assert_eq!(problems.len(), 1);
    assert_eq!(problems[0].code, FieldCode::NameNotMapped);
}
