//! The two built-in playbooks — high-touch enterprise and low-touch — in Japanese and English.
//! They are code, not rows: they cannot be edited in place, only duplicated into the file.

use super::{ActionTemplate, MilestoneTemplate, PlaybookBody, StageTemplate};
use crate::milestones::Horizon;
use crate::projects::Segment;
use crate::settings::Language;

pub const BUILTIN_KEYS: [&str; 2] = ["enterprise_high_touch", "low_touch"];

/// Text in both languages.
type T = (&'static str, &'static str);
/// (title, department, due in days after the kickoff)
type A = (T, &'static str, u32);
/// (name, definition, exit criteria, actions)
type S = (T, T, T, &'static [A]);

const ENTERPRISE: (T, T, &[S], [(T, T); 3]) = (
    (
        "Enterprise onboarding (high-touch)",
        "エンタープライズ導入（ハイタッチ）",
    ),
    (
        "For large customers with many stakeholders: a named CSM, a kickoff with every department, and weekly reviews.",
        "ステークホルダーの多い大企業向け：専任CSM、全部門参加のキックオフ、毎週のレビュー。",
    ),
    &[
        (
            ("Contract", "契約"),
            (
                "The contract is signed and the adoption purpose is written down.",
                "契約が締結され、導入目的が文書化されている。",
            ),
            (
                "Kickoff held with the decision-maker and at least five stakeholders.",
                "決裁権者と5名以上のステークホルダーでキックオフを実施した。",
            ),
            &[
                (
                    (
                        "Hand over the deal notes and the adoption purpose",
                        "商談メモと導入目的を引き継ぐ",
                    ),
                    "sales",
                    0,
                ),
                (
                    (
                        "Run the kickoff and record each person's role",
                        "キックオフを実施し各自の役割を記録する",
                    ),
                    "cs",
                    7,
                ),
                (
                    (
                        "Confirm the sponsor's direction",
                        "決裁権者の方針を確認する",
                    ),
                    "management",
                    7,
                ),
            ],
        ),
        (
            ("Setup", "セットアップ"),
            (
                "Accounts, data and integrations are ready for the first team.",
                "最初のチームが使えるようアカウント・データ・連携が整っている。",
            ),
            (
                "The first team can log in and see its own data.",
                "最初のチームがログインし自分たちのデータを確認できる。",
            ),
            &[
                (
                    (
                        "Provide IT contacts and approvals",
                        "情報システム部門の窓口と承認を用意する",
                    ),
                    "customer",
                    10,
                ),
                (
                    (
                        "Configure the workspace and integrations",
                        "ワークスペースと連携を設定する",
                    ),
                    "cs",
                    14,
                ),
                (
                    ("Review integration gaps", "連携の課題をレビューする"),
                    "product",
                    21,
                ),
            ],
        ),
        (
            ("First value", "ファーストバリュー"),
            (
                "The first team reaches the first goal in daily work.",
                "最初のチームが日常業務でファーストゴールを達成している。",
            ),
            (
                "The 1-month first goal is achieved with evidence.",
                "1ヶ月のファーストゴールを根拠とともに達成した。",
            ),
            &[
                (
                    ("Train the first team", "最初のチームにトレーニングを行う"),
                    "cs",
                    21,
                ),
                (
                    (
                        "Use the product in one real process",
                        "実業務の1プロセスで使う",
                    ),
                    "customer",
                    28,
                ),
            ],
        ),
        (
            ("Team adoption", "チーム展開"),
            (
                "Every planned team uses the product every week.",
                "計画したすべてのチームが毎週使っている。",
            ),
            (
                "Weekly active users reach 70% of licences.",
                "週次アクティブユーザーがライセンスの70%に達した。",
            ),
            &[
                (
                    ("Roll out to the next departments", "次の部門へ展開する"),
                    "customer",
                    60,
                ),
                (
                    (
                        "Weekly review of the journey diagram",
                        "ジャーニー図を毎週レビューする",
                    ),
                    "cs",
                    60,
                ),
                (
                    (
                        "Share adoption figures with management",
                        "定着状況を経営層に共有する",
                    ),
                    "management",
                    75,
                ),
            ],
        ),
        (
            ("Business outcome", "ビジネス成果"),
            (
                "The customer sees the outcome they bought for.",
                "顧客が導入目的の成果を実感している。",
            ),
            (
                "The agreed business KPI has moved and the sponsor confirms it.",
                "合意したKPIが改善し、決裁権者が確認した。",
            ),
            &[
                (
                    ("Run the business review", "ビジネスレビューを実施する"),
                    "cs",
                    90,
                ),
                (("Discuss expansion", "拡大の提案を行う"), "sales", 120),
            ],
        ),
    ],
    [
        (
            (
                "The first team works in the product every day",
                "最初のチームが毎日製品で業務をしている",
            ),
            (
                "10 users active on 5 of the last 7 days",
                "直近7日のうち5日以上、10名がアクティブ",
            ),
        ),
        (
            (
                "Three departments run their process in the product",
                "3部門が業務プロセスを製品上で回している",
            ),
            (
                "Weekly active users ≥ 70% of licences",
                "週次アクティブユーザーがライセンスの70%以上",
            ),
        ),
        (
            (
                "The adoption purpose is reached",
                "導入目的が達成されている",
            ),
            (
                "The agreed KPI improved by the agreed amount",
                "合意したKPIが合意した幅で改善",
            ),
        ),
    ],
);

const LOW_TOUCH: (T, T, &[S], [(T, T); 3]) = (
    ("Low-touch onboarding", "ロータッチ導入"),
    (
        "For smaller customers served by a pooled CSM team: guided setup, webinars and checks at fixed points.",
        "プール型CSMが担当する中小規模の顧客向け：ガイド付きセットアップ、ウェビナー、定点チェック。",
    ),
    &[
        (
            ("Contract", "契約"),
            ("The contract is signed.", "契約が締結されている。"),
            (
                "The welcome mail is sent and the admin is named.",
                "ウェルカムメールを送り、管理者が決まった。",
            ),
            &[
                (
                    (
                        "Send the welcome mail and setup guide",
                        "ウェルカムメールとセットアップガイドを送る",
                    ),
                    "cs",
                    1,
                ),
                (("Name an admin", "管理者を決める"), "customer", 3),
            ],
        ),
        (
            ("Setup", "セットアップ"),
            (
                "The admin has configured the basics.",
                "管理者が基本設定を終えている。",
            ),
            (
                "The setup checklist is complete.",
                "セットアップチェックリストが完了した。",
            ),
            &[
                (
                    ("Join the setup webinar", "セットアップウェビナーに参加する"),
                    "customer",
                    7,
                ),
                (
                    ("Check the setup checklist", "チェックリストを確認する"),
                    "cs",
                    10,
                ),
            ],
        ),
        (
            ("First value", "ファーストバリュー"),
            (
                "The team uses the product for one real task.",
                "チームが実務の1つで製品を使っている。",
            ),
            (
                "The 1-month first goal is achieved.",
                "1ヶ月のファーストゴールを達成した。",
            ),
            &[(("30-day check-in call", "30日目のチェックイン"), "cs", 30)],
        ),
        (
            ("Team adoption", "チーム展開"),
            (
                "The whole team uses the product weekly.",
                "チーム全員が毎週使っている。",
            ),
            (
                "Weekly active users reach 60% of licences.",
                "週次アクティブユーザーがライセンスの60%に達した。",
            ),
            &[(
                (
                    "Send usage tips based on the data",
                    "利用データに基づくヒントを送る",
                ),
                "cs",
                60,
            )],
        ),
    ],
    [
        (
            (
                "The team finishes one real task in the product",
                "チームが製品で実務を1つ完了している",
            ),
            (
                "Five users active in the first 30 days",
                "最初の30日で5名がアクティブ",
            ),
        ),
        (
            (
                "The team uses the product weekly",
                "チームが毎週製品を使っている",
            ),
            (
                "Weekly active users ≥ 60% of licences",
                "週次アクティブユーザーがライセンスの60%以上",
            ),
        ),
        (
            ("The customer renews", "顧客が契約を更新する"),
            ("Renewal signed", "更新契約の締結"),
        ),
    ],
);

fn pick(text: T, lang: Language) -> String {
    match lang {
        Language::En => text.0,
        Language::Ja => text.1,
    }
    .to_owned()
}

/// The built-in playbook `key` in `lang`, or `None` for an unknown key.
pub fn builtin(key: &str, lang: Language) -> Option<PlaybookBody> {
    let (data, segment) = match key {
        "enterprise_high_touch" => (&ENTERPRISE, Segment::HighTouch),
        "low_touch" => (&LOW_TOUCH, Segment::LowTouch),
        _ => return None,
    };
    let (name, description, stages, goals) = data;
    Some(PlaybookBody {
        name: pick(*name, lang),
        description: pick(*description, lang),
        segment: Some(segment),
        stages: stages
            .iter()
            .map(|(name, definition, exit, actions)| StageTemplate {
                name: pick(*name, lang),
                definition: pick(*definition, lang),
                exit_criteria: pick(*exit, lang),
                actions: actions
                    .iter()
                    .map(|(title, department, days)| ActionTemplate {
                        title: pick(*title, lang),
                        department: (*department).to_owned(),
                        due_in_days: *days,
                    })
                    .collect(),
            })
            .collect(),
        milestones: Horizon::ALL
            .iter()
            .zip(goals.iter())
            .map(|(h, (goal, criterion))| MilestoneTemplate {
                horizon: Some(*h),
                title: String::new(),
                goal: pick(*goal, lang),
                criterion: pick(*criterion, lang),
                due_in_days: None,
            })
            .collect(),
    })
}
