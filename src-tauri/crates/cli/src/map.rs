//! `firstgoal-cli map`: writes a project's stakeholder map as SVG or PNG, the same picture the
//! app exports.

use std::path::Path;

use clap::ValueEnum;
use firstgoal_core::settings::Language;
use firstgoal_core::stakeholders::map::{self, MapFormat};
use firstgoal_core::{CoreError, Db};

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum Format {
    Svg,
    Png,
}

/// The language of an output's words (`--lang`).
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum Lang {
    Ja,
    En,
}

impl Lang {
    pub fn language(self) -> Language {
        match self {
            Lang::Ja => Language::Ja,
            Lang::En => Language::En,
        }
    }
}

pub async fn run(
    db: &Db,
    project: i64,
    format: Format,
    lang: Lang,
    out: &Path,
) -> Result<(), CoreError> {
    let format = match format {
        Format::Svg => MapFormat::Svg,
        Format::Png => MapFormat::Png,
    };
    map::export(db, project, lang.language(), format, out).await?;
    println!(
        "wrote the stakeholder map of project {project} to {}",
        out.display()
    );
    Ok(())
}
