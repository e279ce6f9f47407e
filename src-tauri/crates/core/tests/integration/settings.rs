//! Interface language from the OS locale and the explicit choice, and the theme.

use firstgoal_core::settings::{Language, Settings, Theme};

#[test]
fn the_os_locale_picks_japanese_only_for_japanese_locales() {
    let cases = [
        ("ja_JP.UTF-8", Language::Ja),
        ("ja-JP", Language::Ja),
        ("ja", Language::Ja),
        ("JA_jp", Language::Ja),
        ("  ja-JP  ", Language::Ja),
        ("en-US", Language::En),
        ("en_GB.UTF-8", Language::En),
        ("fr-FR", Language::En),
        ("C", Language::En),
        ("POSIX", Language::En),
        ("", Language::En),
    ];
    for (locale, expected) in cases {
        assert_eq!(Language::from_locale(locale), expected, "locale {locale:?}");
    }
}

#[test]
fn without_a_choice_the_interface_follows_the_os() {
    let s = Settings::new(None, Some("ja-JP"), Theme::System);
    assert_eq!(s.language, Language::Ja);
    assert_eq!(s.system_language, Language::Ja);
    assert_eq!(s.language_choice, None);

    let s = Settings::new(None, Some("en-US"), Theme::System);
    assert_eq!(s.language, Language::En);

    // No locale known at all: English.
    let s = Settings::new(None, None, Theme::Dark);
    assert_eq!(
        (s.language, s.system_language),
        (Language::En, Language::En)
    );
    assert_eq!(s.theme, Theme::Dark);
}

#[test]
fn an_explicit_choice_wins_over_the_os_locale() {
    let s = Settings::new(Some(Language::En), Some("ja-JP"), Theme::Light);
    assert_eq!(s.language, Language::En);
    assert_eq!(s.system_language, Language::Ja);
    assert_eq!(s.language_choice, Some(Language::En));
    assert_eq!(s.theme, Theme::Light);

    let s = Settings::new(Some(Language::Ja), Some("en_US.UTF-8"), Theme::System);
    assert_eq!(s.language, Language::Ja);
    assert_eq!(s.system_language, Language::En);
}

#[test]
fn the_default_theme_follows_the_system() {
    assert_eq!(Theme::default(), Theme::System);
}
