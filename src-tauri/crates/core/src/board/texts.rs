//! The fixed words of the kickoff summary and the stakeholder map, in Japanese and English.
//! The UI picks the language; the core owns these texts so the CLI writes the same files.

use chrono::NaiveDate;

use crate::milestones::Horizon;
use crate::risks::RiskCode;
use crate::settings::Language;
use crate::stakeholders::{Level, ProjectRole};

#[derive(Debug)]
pub struct Texts {
    pub lang: &'static str,
    pub title: &'static str,
    pub customer: &'static str,
    pub kickoff: &'static str,
    pub purpose: &'static str,
    pub not_recorded: &'static str,
    pub agreed_by: &'static str,
    pub nobody_agreed: &'static str,
    pub goals: &'static str,
    pub horizon: &'static str,
    pub due: &'static str,
    pub goal: &'static str,
    pub criterion: &'static str,
    pub people: &'static str,
    pub name: &'static str,
    pub department: &'static str,
    pub job_title: &'static str,
    pub level: &'static str,
    pub roles: &'static str,
    pub key_person: &'static str,
    pub attended: &'static str,
    pub stated_role: &'static str,
    pub risks: &'static str,
    pub no_risks: &'static str,
    pub yes: &'static str,
    pub no_department: &'static str,
    pub map_title: &'static str,
    pub map_legend: &'static str,
    /// Badge letters: key person, decision-maker, executor.
    pub badges: [&'static str; 3],
}

const JA: Texts = Texts {
    lang: "ja",
    title: "キックオフサマリー",
    customer: "顧客",
    kickoff: "キックオフ日",
    purpose: "導入目的",
    not_recorded: "未記録",
    agreed_by: "合意者",
    nobody_agreed: "まだ誰も合意していません",
    goals: "ファーストゴール",
    horizon: "期間",
    due: "期日",
    goal: "ゴール (オブジェクトレベル)",
    criterion: "達成基準 (アチーブメントレベル)",
    people: "ステークホルダー",
    name: "氏名",
    department: "部門",
    job_title: "役職",
    level: "職位",
    roles: "プロジェクトでの役割",
    key_person: "キーパーソン",
    attended: "キックオフ参加",
    stated_role: "本人が語った役割",
    risks: "未解決のリスク",
    no_risks: "未解決のリスクはありません",
    yes: "✓",
    no_department: "部門未設定",
    map_title: "ステークホルダーマップ",
    map_legend: "円の大きさ = 影響力、色 = 熱感 (青: 低 → 赤: 高)、キ = キーパーソン、決 = 決裁権者、実 = 実行者",
    badges: ["キ", "決", "実"],
};

const EN: Texts = Texts {
    lang: "en",
    title: "Kickoff summary",
    customer: "Customer",
    kickoff: "Kickoff date",
    purpose: "Adoption purpose",
    not_recorded: "Not recorded",
    agreed_by: "Agreed by",
    nobody_agreed: "Nobody has agreed yet",
    goals: "First goals",
    horizon: "Horizon",
    due: "Due",
    goal: "Goal (object level)",
    criterion: "Success criterion (achievement level)",
    people: "Stakeholders",
    name: "Name",
    department: "Department",
    job_title: "Job title",
    level: "Level",
    roles: "Project roles",
    key_person: "Key person",
    attended: "At kickoff",
    stated_role: "Role in their own words",
    risks: "Open risks",
    no_risks: "No open risks",
    yes: "✓",
    no_department: "No department",
    map_title: "Stakeholder map",
    map_legend: "Size = influence, colour = heat (blue: low → red: high), K = key person, D = decision-maker, E = executor",
    badges: ["K", "D", "E"],
};

pub fn texts(lang: Language) -> &'static Texts {
    match lang {
        Language::Ja => &JA,
        Language::En => &EN,
    }
}

pub fn date(lang: Language, d: NaiveDate) -> String {
    match lang {
        Language::Ja => d.format("%Y/%m/%d").to_string(),
        Language::En => d.format("%b %-d, %Y").to_string(),
    }
}

pub fn horizon(lang: Language, h: Horizon) -> &'static str {
    match (lang, h) {
        (Language::Ja, Horizon::OneMonth) => "1ヶ月",
        (Language::Ja, Horizon::ThreeMonths) => "3ヶ月",
        (Language::Ja, Horizon::OneYear) => "1年",
        (Language::En, Horizon::OneMonth) => "1 month",
        (Language::En, Horizon::ThreeMonths) => "3 months",
        (Language::En, Horizon::OneYear) => "1 year",
    }
}

pub fn level(lang: Language, l: Level) -> &'static str {
    match (lang, l) {
        (Language::Ja, Level::Executive) => "経営層",
        (Language::Ja, Level::DepartmentHead) => "部門長",
        (Language::Ja, Level::Manager) => "マネージャー",
        (Language::Ja, Level::Staff) => "担当者",
        (Language::En, Level::Executive) => "Executive",
        (Language::En, Level::DepartmentHead) => "Department head",
        (Language::En, Level::Manager) => "Manager",
        (Language::En, Level::Staff) => "Staff",
    }
}

pub fn role(lang: Language, r: ProjectRole) -> &'static str {
    use ProjectRole::*;
    match (lang, r) {
        (Language::Ja, DecisionMaker) => "決裁権者",
        (Language::Ja, Executor) => "実行者",
        (Language::Ja, Champion) => "推進者",
        (Language::Ja, Sponsor) => "スポンサー",
        (Language::Ja, ItSecurity) => "情報システム/セキュリティ",
        (Language::Ja, EndUser) => "エンドユーザー",
        (Language::Ja, ProcurementLegal) => "購買/法務",
        (Language::Ja, Blocker) => "反対者",
        (Language::En, DecisionMaker) => "Decision-maker",
        (Language::En, Executor) => "Executor",
        (Language::En, Champion) => "Champion",
        (Language::En, Sponsor) => "Sponsor",
        (Language::En, ItSecurity) => "IT/security",
        (Language::En, EndUser) => "End user",
        (Language::En, ProcurementLegal) => "Procurement/legal",
        (Language::En, Blocker) => "Blocker",
    }
}

pub fn risk(lang: Language, code: RiskCode) -> &'static str {
    use RiskCode::*;
    match (lang, code) {
        (Language::Ja, NoDecisionMaker) => "決裁権者が特定されていません",
        (Language::Ja, DecisionMakerAbsent) => "決裁権者がキックオフに参加していません",
        (Language::Ja, FewKeyPersons) => "キーパーソンが2人未満です",
        (Language::Ja, KeyPersonLost) => "キーパーソンが退職または異動しました",
        (Language::Ja, PurposeMissing) => "導入目的が記録されていません",
        (Language::Ja, PurposeNotAgreed) => "導入目的に決裁権者が合意していません",
        (Language::Ja, GoalWithoutCriterion) => "達成基準のないファーストゴールがあります",
        (Language::Ja, KeyPersonUntouched) => "しばらく接点のないキーパーソンがいます",
        (Language::Ja, HeatFalling) => "熱感が下がっています",
        (Language::En, NoDecisionMaker) => "No decision-maker identified",
        (Language::En, DecisionMakerAbsent) => "A decision-maker did not attend the kickoff",
        (Language::En, FewKeyPersons) => "Fewer than two key persons",
        (Language::En, KeyPersonLost) => "A key person left the company or changed role",
        (Language::En, PurposeMissing) => "The adoption purpose is not recorded",
        (Language::En, PurposeNotAgreed) => "No decision-maker agreed to the adoption purpose",
        (Language::En, GoalWithoutCriterion) => "A first goal has no success criterion",
        (Language::En, KeyPersonUntouched) => "A key person has not been touched recently",
        (Language::En, HeatFalling) => "Heat is falling",
    }
}
