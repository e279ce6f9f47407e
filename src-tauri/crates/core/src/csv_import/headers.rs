//! The mapping suggested from a file's header: the names CRM and Excel exports give their
//! columns, in English and Japanese, matched to the stakeholder fields.

use super::mapping::{CsvField, normalize};

/// Header names per field, compared after [`normalize`]. Checked in this order, so "氏名フリガナ"
/// is a reading before it could be a name.
const HEADER_NAMES: [(CsvField, &[&str]); 9] = [
    (
        CsvField::Email,
        &[
            "email",
            "mail",
            "emailaddress",
            "mailaddress",
            "メール",
            "メールアドレス",
            "eメール",
        ],
    ),
    (
        CsvField::Phone,
        &[
            "phone",
            "tel",
            "telephone",
            "phonenumber",
            "mobile",
            "電話",
            "電話番号",
            "携帯",
            "携帯電話",
        ],
    ),
    (
        CsvField::Reading,
        &[
            "reading",
            "furigana",
            "kana",
            "ふりがな",
            "フリガナ",
            "よみがな",
            "ヨミガナ",
            "読み",
            "カナ",
            "かな",
            "氏名カナ",
            "氏名フリガナ",
            "氏名かな",
        ],
    ),
    (
        CsvField::Name,
        &[
            "name",
            "fullname",
            "contactname",
            "氏名",
            "名前",
            "お名前",
            "担当者名",
            "担当者",
        ],
    ),
    (
        CsvField::Title,
        &[
            "title",
            "jobtitle",
            "position",
            "役職",
            "役職名",
            "肩書",
            "肩書き",
        ],
    ),
    (
        CsvField::Department,
        &[
            "department",
            "dept",
            "division",
            "部署",
            "部署名",
            "部門",
            "部門名",
            "所属",
            "所属部署",
        ],
    ),
    (CsvField::Level, &["level", "職位", "階層", "レベル"]),
    (CsvField::Influence, &["influence", "影響力", "影響度"]),
    (CsvField::StatedRole, &["statedrole", "role", "役割"]),
];

/// Header names of the name in parts, compared after [`normalize`], readings first (so
/// "姓カナ" is a reading before "姓" could match it). Sansan and Salesforce write 姓/名 and
/// セイ/メイ (or 姓（カナ）), English exports Last Name/First Name.
const SPLIT_HEADER_NAMES: [(CsvField, &[&str]); 4] = [
    (
        CsvField::FamilyReading,
        &[
            "セイ",
            "姓カナ",
            "姓かな",
            "姓フリガナ",
            "姓ふりがな",
            "姓(カナ)",
            "姓（カナ）",
            "姓(フリガナ)",
            "姓（フリガナ）",
            "lastnamekana",
            "lastnamefurigana",
            "familynamekana",
        ],
    ),
    (
        CsvField::GivenReading,
        &[
            "メイ",
            "名カナ",
            "名かな",
            "名フリガナ",
            "名ふりがな",
            "名(カナ)",
            "名（カナ）",
            "名(フリガナ)",
            "名（フリガナ）",
            "firstnamekana",
            "firstnamefurigana",
            "givennamekana",
        ],
    ),
    (
        CsvField::FamilyName,
        &["姓", "苗字", "名字", "lastname", "familyname", "surname"],
    ),
    (CsvField::GivenName, &["名", "firstname", "givenname"]),
];

/// A suggested field per column: exact header names first, then Japanese headers that contain a
/// known name ("会社メールアドレス"). Each field is suggested for one column at most.
pub fn suggest_mapping(header: &[String]) -> Vec<Option<CsvField>> {
    let names: Vec<String> = header.iter().map(|h| normalize(h)).collect();
    let mut mapping: Vec<Option<CsvField>> = vec![None; header.len()];
    place(&names, &mut mapping, |_, name, known| name == known);
    // Containment only for Japanese names of two characters or more ("companyname" must not
    // become a person's name, nor "部署名" a given name), and a company's name ("会社名前") is
    // not a person's either.
    place(&names, &mut mapping, |field, name, known| {
        !known.is_ascii()
            && known.chars().count() > 1
            && name.contains(known)
            && !(field == CsvField::Name && (name.contains("会社") || name.contains("企業")))
    });
    mapping
}

/// Gives each field not yet placed the first free column whose name `matches` one of its names.
fn place(
    names: &[String],
    mapping: &mut [Option<CsvField>],
    matches: impl Fn(CsvField, &str, &str) -> bool,
) {
    for &(field, known) in HEADER_NAMES.iter().chain(SPLIT_HEADER_NAMES.iter()) {
        if mapping.contains(&Some(field)) {
            continue;
        }
        let found = (0..names.len())
            .find(|&i| mapping[i].is_none() && known.iter().any(|k| matches(field, &names[i], k)));
        if let Some(i) = found {
            mapping[i] = Some(field);
        }
    }
}
