//! User settings that travel with the user, not with a database file: interface language and
//! theme. The app persists them; the rules about them live here.

use serde::{Deserialize, Serialize};
use specta::Type;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Type, strum::VariantArray)]
#[serde(rename_all = "snake_case")]
pub enum Language {
    Ja,
    En,
}

impl Language {
    /// Every value, in the order the UI offers them.
    pub const ALL: &'static [Language] = <Language as strum::VariantArray>::VARIANTS;

    /// The language for an OS locale such as `ja-JP` or `en_US.UTF-8`; anything not Japanese is
    /// English.
    pub fn from_locale(locale: &str) -> Self {
        let lower = locale.trim().to_ascii_lowercase();
        let language = lower.split(['_', '-', '.', '@']).next().unwrap_or("");
        if language == "ja" {
            Language::Ja
        } else {
            Language::En
        }
    }
}

#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, Type, strum::VariantArray,
)]
#[serde(rename_all = "snake_case")]
pub enum Theme {
    #[default]
    System,
    Light,
    Dark,
}

impl Theme {
    /// Every value, in the order the UI offers them.
    pub const ALL: &'static [Theme] = <Theme as strum::VariantArray>::VARIANTS;
}

/// The settings as the UI sees them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Type)]
pub struct Settings {
    /// The language chosen in settings; `None` follows the OS.
    pub language_choice: Option<Language>,
    /// The OS locale's language.
    pub system_language: Language,
    /// What the interface uses: the choice, else the OS language.
    pub language: Language,
    pub theme: Theme,
}

impl Settings {
    pub fn new(
        language_choice: Option<Language>,
        system_locale: Option<&str>,
        theme: Theme,
    ) -> Self {
        let system_language = system_locale.map_or(Language::En, Language::from_locale);
        Self {
            language_choice,
            system_language,
            language: language_choice.unwrap_or(system_language),
            theme,
        }
    }
}
