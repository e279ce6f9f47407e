//! `firstgoal-cli stakeholders import` run as a user would: per-row errors, all-or-nothing by
//! default, --skip-invalid, --map overrides and a Shift_JIS file.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use tempfile::TempDir;

fn cli(dir: &TempDir, db: &Path) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_firstgoal-cli"));
    cmd.env_remove("FIRSTGOAL_DB")
        .env("HOME", dir.path().join("home"))
        .env("XDG_DATA_HOME", dir.path().join("data"))
        .arg("--db")
        .arg(db);
    cmd
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// A file with one demo project (id 1) and its stakeholder count.
fn setup() -> (TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("cli.sqlite");
    let out = cli(&dir, &db)
        .args(["demo", "--projects", "1", "--seed", "3"])
        .output()
        .expect("run");
    assert!(out.status.success(), "{}", text(&out.stderr));
    (dir, db)
}

fn import(dir: &TempDir, db: &Path, csv: &[u8], extra: &[&str]) -> Output {
    let path = dir.path().join("people.csv");
    std::fs::write(&path, csv).expect("write csv");
    cli(dir, db)
        .args(["stakeholders", "import", "--project", "1", "--csv"])
        .arg(&path)
        .args(extra)
        .output()
        .expect("run")
}

fn stakeholders(db: &Path) -> Vec<String> {
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    rt.block_on(async {
        let db = firstgoal_core::Db::open(db).await.expect("open");
        let board = firstgoal_core::stakeholders::board(&db, 1)
            .await
            .expect("board");
        board.stakeholders.into_iter().map(|s| s.name).collect()
    })
}

const CSV: &str = "氏名,メール,備考\n山田 太郎,yamada@example.com,x\n佐藤 花子,broken,y\n";

#[test]
fn an_invalid_row_refuses_the_whole_file_unless_skip_invalid() {
    let (dir, db) = setup();
    let before = stakeholders(&db);
    let out = import(&dir, &db, CSV.as_bytes(), &[]);
    assert!(!out.status.success());
    assert!(
        text(&out.stdout).contains("row 3, email: invalid_email"),
        "{}",
        text(&out.stdout)
    );
    assert!(
        text(&out.stderr).contains("error[invalid_import]"),
        "{}",
        text(&out.stderr)
    );
    assert!(text(&out.stderr).contains("1 of 2 rows are invalid"));
    assert_eq!(stakeholders(&db), before);

    let out = import(&dir, &db, CSV.as_bytes(), &["--skip-invalid"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout)
            .contains("imported 1 stakeholder(s) into project 1; 1 invalid row(s) skipped")
    );
    let after = stakeholders(&db);
    assert_eq!(after.len(), before.len() + 1);
    assert_eq!(after.last().map(String::as_str), Some("山田 太郎"));
}

#[test]
fn map_overrides_the_suggestion_and_shift_jis_is_read() {
    let (dir, db) = setup();
    let before = stakeholders(&db).len();
    let (sjis, _, _) = encoding_rs::SHIFT_JIS.encode(CSV);
    let out = import(
        &dir,
        &db,
        &sjis,
        &["--map", "メール=ignore", "--map", "3=department"],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert!(stdout.contains("encoding: shift_jis"), "{stdout}");
    assert!(stdout.contains("\"備考\" -> department"), "{stdout}");
    assert!(stdout.contains("imported 2 stakeholder(s)"), "{stdout}");
    let after = stakeholders(&db);
    assert_eq!(&after[before..], ["山田 太郎", "佐藤 花子"]);

    let out = import(&dir, &db, CSV.as_bytes(), &["--map", "Nope=name"]);
    assert!(!out.status.success());
    assert!(text(&out.stderr).contains("the file has no column \"Nope\""));
    let out = import(&dir, &db, CSV.as_bytes(), &["--map", "氏名=ignore"]);
    assert!(
        text(&out.stderr).contains("no column holds the name"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn the_result_says_how_many_rows_were_read_and_bad_quoting_is_refused_at_its_line() {
    let (dir, db) = setup();
    let before = stakeholders(&db);
    // Three people; the first cell's quote is never closed, which used to import one person
    // holding the other two in their name.
    let out = import(
        &dir,
        &db,
        "氏名,役職\n\"山田 太郎,部長\n佐藤 花子,課長\n鈴木 一郎,担当\n".as_bytes(),
        &["--skip-invalid"],
    );
    assert!(!out.status.success(), "{}", text(&out.stdout));
    let err = text(&out.stderr);
    assert!(err.starts_with("error[invalid_import]"), "{err}");
    assert!(err.contains("refused at line 2"), "{err}");
    assert!(err.contains("never closed"), "{err}");
    assert_eq!(stakeholders(&db), before);

    let out = import(
        &dir,
        &db,
        "氏名,役職\n山田 太郎,部長\n佐藤 花子,課長\n鈴木 一郎,担当\n".as_bytes(),
        &[],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).contains("read 3 data row(s); imported 3 stakeholder(s)"),
        "{}",
        text(&out.stdout)
    );
}

#[test]
fn without_a_name_column_the_refusal_lists_the_columns_and_how_to_map_them() {
    let (dir, db) = setup();
    let before = stakeholders(&db);
    let out = import(
        &dir,
        &db,
        "会社名,部署名,メール\nさくら,IT,a@b.co\n".as_bytes(),
        &[],
    );
    assert!(!out.status.success());
    let err = text(&out.stderr);
    for part in [
        "1: \"会社名\"",
        "2: \"部署名\"",
        "3: \"メール\"",
        "--map COLUMN=name",
        "--map 姓=family_name --map 名=given_name",
    ] {
        assert!(err.contains(part), "{part} in {err}");
    }
    assert_eq!(stakeholders(&db), before);

    // The name in two columns, mapped by hand, is joined in the order it is written in.
    let csv = "苗字っぽい列,名前っぽい列\n山田,太郎\n";
    let out = import(
        &dir,
        &db,
        csv.as_bytes(),
        &["--map", "1=family_name", "--map", "2=given_name"],
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(stakeholders(&db).contains(&"山田 太郎".to_owned()));
}
