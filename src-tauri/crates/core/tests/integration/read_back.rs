//! Every read path of a file, for the properties "whatever is accepted can be read back": the
//! project list, the portfolio (figures, risk flags, CSV), each project with everything its pages
//! load and its reports, the stakeholder map as SVG (well-formed XML) and PNG, every journey and
//! revision in every export format (SVG and draw.io well-formed, PNG and PDF rendered, JSON read
//! back), the playbooks and settings, the full export and its re-import into a new file. And no
//! stored text holds a control character that every door normalises.

use std::path::Path;

use firstgoal_core::journey::{self, ExportFormat, JourneyDoc};
use firstgoal_core::kickoff::{self, SummaryFormat};
use firstgoal_core::portfolio::{self, PortfolioQuery};
use firstgoal_core::settings::Language;
use firstgoal_core::stakeholders::map::{self, MapFormat};
use firstgoal_core::{
    CoreError, Db, backup, playbooks, projects, risks, stages, stakeholders, team, transfer, ttv,
};
use quick_xml::Reader;
use quick_xml::events::Event;
use serde_json::Value;

type Checked = Result<(), String>;

fn fail(what: &str) -> impl Fn(CoreError) -> String + '_ {
    move |e| format!("{what}: {e}")
}

/// Reads the file every way the app does; the first failure names what failed.
pub async fn read_everything(db: &Db, scratch: &Path) -> Checked {
    let today = firstgoal_core::today();
    let listed = projects::list(db, true).await.map_err(fail("list"))?;
    let figures = portfolio::get(db, &PortfolioQuery::default(), today)
        .await
        .map_err(fail("portfolio"))?;
    portfolio::csv_bytes(&figures.rows).map_err(fail("portfolio CSV"))?;
    risks::counts(db, true).await.map_err(fail("risk flags"))?;
    for project in &listed {
        read_project(db, project.id).await?;
    }
    journeys(db, None).await?;
    team::list(db).await.map_err(fail("team list"))?;
    for playbook in playbooks::list(db, Language::En)
        .await
        .map_err(fail("playbooks"))?
    {
        playbooks::get(db, &playbook.reference, Language::En)
            .await
            .map_err(fail("playbook"))?;
    }
    ttv::definition(db).await.map_err(fail("ttv definition"))?;
    risks::untouched_days(db)
        .await
        .map_err(fail("untouched days"))?;
    backup::keep(db).await.map_err(fail("backups kept"))?;
    let text = transfer::export_json(db).await.map_err(fail("export"))?;
    no_controls_stored(&text)?;
    let again = Db::open(&scratch.join("again.sqlite"))
        .await
        .map_err(fail("open"))?;
    let reimported = transfer::import_json(&again, &text).await;
    again.close().await;
    reimported.map_err(fail("re-import of the export"))?;
    Ok(())
}

/// One project: its pages, its reports and its stakeholder map.
async fn read_project(db: &Db, id: i64) -> Checked {
    let today = firstgoal_core::today();
    projects::get(db, id).await.map_err(fail("project"))?;
    stakeholders::board_on(db, id, today)
        .await
        .map_err(fail("board"))?;
    stages::plan(db, id, today).await.map_err(fail("plan"))?;
    team::members_of(db, id).await.map_err(fail("team"))?;
    for format in [SummaryFormat::Html, SummaryFormat::Markdown] {
        kickoff::summary(db, id, Language::Ja, format)
            .await
            .map_err(fail("kickoff summary"))?;
    }
    portfolio::report_markdown(db, id, Language::En, today)
        .await
        .map_err(fail("project report"))?;
    let svg = map::render(db, id, Language::Ja, MapFormat::Svg)
        .await
        .map_err(fail("map SVG"))?;
    well_formed("map SVG", &svg)?;
    let png = map::render(db, id, Language::En, MapFormat::Png)
        .await
        .map_err(fail("map PNG"))?;
    is_png("map PNG", &png)?;
    journeys(db, Some(id)).await
}

async fn journeys(db: &Db, project: Option<i64>) -> Checked {
    for summary in journey::list(db, project).await.map_err(fail("journeys"))? {
        let view = journey::get(db, summary.id)
            .await
            .map_err(fail("journey"))?;
        exports(&view.journey.name, &view.journey.doc, &ExportFormat::ALL)?;
        for revision in journey::list_revisions(db, summary.id)
            .await
            .map_err(fail("revisions"))?
        {
            let rev = journey::get_revision(db, revision.id)
                .await
                .map_err(fail("revision"))?;
            // A revision is drawn as the journey is; only its text formats are read here, which
            // keeps the property quick in debug builds.
            exports(&rev.revision.name, &rev.doc, &TEXT_FORMATS)?;
        }
    }
    Ok(())
}

const TEXT_FORMATS: [ExportFormat; 4] = [
    ExportFormat::Svg,
    ExportFormat::Mermaid,
    ExportFormat::Drawio,
    ExportFormat::Json,
];

/// The journey in `formats`, each read back as its format.
fn exports(name: &str, doc: &JourneyDoc, formats: &[ExportFormat]) -> Checked {
    for &format in formats {
        let what = format!("journey {}", format.as_str());
        let bytes =
            journey::render_doc(name, doc, format, 0.1).map_err(|e| format!("{what}: {e}"))?;
        match format {
            ExportFormat::Svg | ExportFormat::Drawio => well_formed(&what, &bytes)?,
            ExportFormat::Png => is_png(&what, &bytes)?,
            ExportFormat::Pdf if !bytes.starts_with(b"%PDF-") => {
                return Err(format!("{what}: not a PDF"));
            }
            ExportFormat::Json => {
                let text = String::from_utf8(bytes).map_err(|e| format!("{what}: {e}"))?;
                journey::from_json(&text).map_err(|e| format!("{what}: {e}"))?;
            }
            _ => {}
        }
    }
    Ok(())
}

fn is_png(what: &str, bytes: &[u8]) -> Checked {
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        Ok(())
    } else {
        Err(format!("{what}: not a PNG"))
    }
}

/// XML 1.0 that a parser reads to its end: every character one XML may hold, every element
/// closed by its own name.
pub fn well_formed(what: &str, bytes: &[u8]) -> Checked {
    let text = std::str::from_utf8(bytes).map_err(|e| format!("{what}: {e}"))?;
    let xml_char = |c: char| {
        matches!(c, '\t' | '\n' | '\r') || (c >= ' ' && !matches!(c, '\u{FFFE}' | '\u{FFFF}'))
    };
    if let Some(c) = text.chars().find(|&c| !xml_char(c)) {
        return Err(format!("{what}: {c:?} is not an XML character"));
    }
    let mut reader = Reader::from_str(text);
    loop {
        match reader.read_event() {
            Ok(Event::Eof) => return Ok(()),
            Ok(_) => {}
            Err(e) => return Err(format!("{what}: not XML: {e}")),
        }
    }
}

/// Whether `c` is one that every door normalises away (see `validation::clean_controls`).
fn normalised_away(c: char) -> bool {
    (c.is_ascii_control() && !matches!(c, '\t' | '\n' | '\u{7f}'))
        || matches!(c, '\u{FFFE}' | '\u{FFFF}')
}

/// No text of the export (nor of the journey documents and playbook bodies inside it) holds a
/// character the doors normalise. File settings are values for the program, not texts.
fn no_controls_stored(export: &str) -> Checked {
    let dump: Value = serde_json::from_str(export).map_err(|e| format!("export: {e}"))?;
    let tables = dump["tables"].as_object().ok_or("export: no tables")?;
    for (name, table) in tables.iter().filter(|(n, _)| *n != "file_settings") {
        let Some(rows) = table["rows"].as_array() else {
            continue;
        };
        for (r, row) in rows.iter().enumerate() {
            for cell in row.as_array().into_iter().flatten() {
                let Some(text) = cell.as_str() else {
                    continue;
                };
                let inner: Option<Value> = serde_json::from_str(text).ok();
                let texts = std::iter::once(text.to_owned()).chain(inner.iter().flat_map(strings));
                for t in texts {
                    if t.chars().any(normalised_away) {
                        return Err(format!("{name}.rows[{r}] stores {t:?}"));
                    }
                }
            }
        }
    }
    Ok(())
}

/// Every string inside a JSON value.
fn strings(value: &Value) -> Vec<String> {
    match value {
        Value::String(s) => vec![s.clone()],
        Value::Array(items) => items.iter().flat_map(strings).collect(),
        Value::Object(map) => map.values().flat_map(strings).collect(),
        _ => Vec::new(),
    }
}
