//! What a reminder notification says: a title and one line per kind of new item, in the
//! interface language.

use super::{KindCount, WeekKind};
use crate::settings::Language;

/// The notification's title and body for `fresh` (kinds without new items left out); `None`
/// when there is nothing new.
pub fn reminder_text(fresh: &[KindCount], language: Language) -> Option<(String, String)> {
    let lines: Vec<String> = fresh
        .iter()
        .filter(|c| c.count > 0)
        .map(|c| line(c.kind, c.count, language))
        .collect();
    if lines.is_empty() {
        return None;
    }
    let title = match language {
        Language::Ja => "FirstGoal — 今週やること",
        Language::En => "FirstGoal — This week",
    };
    Some((title.to_owned(), lines.join("\n")))
}

fn line(kind: WeekKind, n: u32, language: Language) -> String {
    match language {
        Language::Ja => {
            let what = match kind {
                WeekKind::GoalOverdue => "期日を過ぎたファーストゴール",
                WeekKind::ActionOverdue => "期日を過ぎたアクション",
                WeekKind::GoalDueSoon => "7日以内に期日のファーストゴール",
                WeekKind::GoalUndecided => "判定待ちのファーストゴール",
                WeekKind::NoDecisionMaker => "決裁権者がいないプロジェクト",
                WeekKind::DecisionMakerAbsent => "キックオフに決裁権者が不在のプロジェクト",
                WeekKind::KeyPersonUntouched => "キーパーソンと接点がないプロジェクト",
                WeekKind::HeatFalling => "熱感が下がっているプロジェクト",
                WeekKind::LongHold => "長く保留中のプロジェクト",
                WeekKind::JourneyNotReviewed => "レビューされていないジャーニー図",
            };
            format!("{what}: {n}件")
        }
        Language::En => {
            let what = match kind {
                WeekKind::GoalOverdue => "first goals overdue",
                WeekKind::ActionOverdue => "stage actions overdue",
                WeekKind::GoalDueSoon => "first goals due within 7 days",
                WeekKind::GoalUndecided => "first goals waiting for a decision",
                WeekKind::NoDecisionMaker => "projects without a decision-maker",
                WeekKind::DecisionMakerAbsent => "projects whose decision-maker missed the kickoff",
                WeekKind::KeyPersonUntouched => "projects with key persons not touched",
                WeekKind::HeatFalling => "projects with heat falling",
                WeekKind::LongHold => "projects on hold for long",
                WeekKind::JourneyNotReviewed => "journeys not reviewed",
            };
            format!("{n} {what}")
        }
    }
}
