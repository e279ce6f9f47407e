//! A project made from a built-in playbook shows the playbook's stage names, definitions, exit
//! criteria and actions in the language the user reads, not the one the project was created in.
//! Only texts still exactly as the built-in playbook wrote them are swapped: what the user typed
//! or edited stays as typed.

use std::collections::HashMap;

use super::ProjectPlan;
use crate::playbooks::{BUILTIN_KEYS, PlaybookBody, builtin};
use crate::settings::Language;

/// Every text of `from` mapped to the same text of `to` (the same built-in in two languages).
fn texts<'a>(from: &'a PlaybookBody, to: &'a PlaybookBody) -> HashMap<&'a str, &'a str> {
    let mut map = HashMap::new();
    map.insert(from.name.as_str(), to.name.as_str());
    for (a, b) in from.stages.iter().zip(&to.stages) {
        map.insert(a.name.as_str(), b.name.as_str());
        map.insert(a.definition.as_str(), b.definition.as_str());
        map.insert(a.exit_criteria.as_str(), b.exit_criteria.as_str());
        for (x, y) in a.actions.iter().zip(&b.actions) {
            map.insert(x.title.as_str(), y.title.as_str());
        }
    }
    map.remove("");
    map
}

/// The built-in playbook (in another language than `lang`) whose name the project keeps.
fn source(playbook_name: &str, lang: Language) -> Option<(PlaybookBody, PlaybookBody)> {
    BUILTIN_KEYS.into_iter().find_map(|key| {
        let from = builtin(key, other(lang))?;
        (from.name == playbook_name).then_some(())?;
        Some((from, builtin(key, lang)?))
    })
}

/// Every built-in playbook text in the other language than `lang`, mapped to the same text in
/// `lang`: for views that show stage names without their playbook (the portfolio).
pub fn builtin_texts(lang: Language) -> HashMap<String, String> {
    let other = other(lang);
    BUILTIN_KEYS
        .into_iter()
        .filter_map(|key| Some((builtin(key, other)?, builtin(key, lang)?)))
        .flat_map(|(from, to)| {
            texts(&from, &to)
                .into_iter()
                .map(|(a, b)| (a.to_owned(), b.to_owned()))
                .collect::<Vec<_>>()
        })
        .collect()
}

fn other(lang: Language) -> Language {
    match lang {
        Language::Ja => Language::En,
        Language::En => Language::Ja,
    }
}

/// Shows the plan's built-in playbook texts in `lang` (a plan from a playbook stored in the
/// file, or already in `lang`, is left as it is).
pub fn localize(plan: &mut ProjectPlan, lang: Language) {
    let Some((from, to)) = source(&plan.playbook_name, lang) else {
        return;
    };
    let map = texts(&from, &to);
    let swap = |text: &mut String| {
        if let Some(found) = map.get(text.as_str()) {
            *text = (*found).to_owned();
        }
    };
    swap(&mut plan.playbook_name);
    for stage in &mut plan.stages {
        swap(&mut stage.name);
        swap(&mut stage.definition);
        swap(&mut stage.exit_criteria);
        stage.actions.iter_mut().for_each(|a| swap(&mut a.title));
    }
    plan.next_actions
        .iter_mut()
        .for_each(|a| swap(&mut a.title));
}
