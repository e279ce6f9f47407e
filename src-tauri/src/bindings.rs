//! The command list and the TypeScript bindings generated from it (`ui/src/lib/bindings.ts`).
//! A test fails when the committed file differs from what the Rust definitions produce.

use tauri_specta::{Builder, collect_commands, collect_events};

use crate::commands::{
    app, backups, calendar, csv_import, files, journeys, milestones, playbooks, portfolio,
    projects, stages, stakeholders, team, transfer, week,
};
use crate::menu::MenuRequest;
use crate::team::{TeamChanged, TeamErrorCode};

/// The command list, and the value lists of the enums the UI offers as choices (exported as
/// constants, so each list is written once, in the core).
pub fn specta_builder() -> Builder<tauri::Wry> {
    with_choices(Builder::<tauri::Wry>::new())
        .commands(collect_commands![
            app::app_status,
            app::get_settings,
            app::set_language,
            app::set_theme,
            backups::list_backups,
            backups::create_backup,
            backups::restore_backup,
            backups::get_backup_keep,
            backups::set_backup_keep,
            files::open_file,
            files::new_file,
            files::save_copy,
            transfer::export_all,
            transfer::import_all,
            projects::list_projects,
            projects::list_projects_page,
            projects::get_project,
            projects::create_project,
            projects::update_project,
            projects::set_project_archived,
            stakeholders::get_stakeholder_board,
            stakeholders::create_stakeholder,
            stakeholders::quick_add_stakeholder,
            stakeholders::update_stakeholder,
            stakeholders::delete_stakeholder,
            stakeholders::reorder_stakeholders,
            stakeholders::add_heat_entry,
            stakeholders::add_touchpoint,
            stakeholders::delete_touchpoint,
            stakeholders::set_adoption_purpose,
            stakeholders::set_purpose_agreement,
            stakeholders::set_untouched_days,
            stakeholders::project_risk_counts,
            stakeholders::project_risk_counts_for,
            stakeholders::export_kickoff_summary,
            stakeholders::export_stakeholder_map,
            journeys::list_journeys,
            journeys::create_journey,
            journeys::get_journey,
            journeys::save_journey,
            journeys::delete_journey,
            journeys::save_journey_revision,
            journeys::list_journey_revisions,
            journeys::get_journey_revision,
            journeys::compare_journey_revisions,
            journeys::restore_journey_revision,
            journeys::export_journey,
            journeys::export_journey_comparison,
            journeys::import_journey,
            milestones::set_milestone_goal,
            milestones::update_milestone,
            milestones::add_custom_milestone,
            milestones::delete_custom_milestone,
            milestones::override_milestone_due_date,
            milestones::follow_kickoff_due_date,
            stages::get_project_plan,
            stages::advance_stage,
            stages::set_action_done,
            stages::add_stage_action,
            stages::reorder_stages,
            stages::add_hold,
            stages::end_hold,
            stages::list_team_members,
            stages::create_team_member,
            stages::assign_team_member,
            stages::unassign_team_member,
            playbooks::list_playbooks,
            playbooks::get_playbook,
            playbooks::save_playbook,
            playbooks::duplicate_playbook,
            playbooks::delete_playbook,
            playbooks::export_playbook,
            playbooks::import_playbook,
            playbooks::create_project_from_playbook,
            portfolio::get_portfolio,
            portfolio::get_ttv_definition,
            portfolio::set_ttv_definition,
            portfolio::export_portfolio_csv,
            portfolio::export_chart,
            portfolio::export_project_report,
            calendar::export_calendar,
            csv_import::preview_stakeholder_csv,
            csv_import::import_stakeholder_csv,
            week::get_week,
            week::get_me,
            week::set_me,
            week::set_reminders,
            week::take_week_request,
            team::team_status,
            team::team_enrol,
            team::team_sync_now,
            team::team_conflicts,
            team::team_resolve,
            team::team_private_projects,
            team::team_share_project,
        ])
        .events(collect_events![MenuRequest, TeamChanged])
        .dangerously_cast_bigints_to_number()
        .disable_serde_phases()
}

fn with_choices(builder: Builder<tauri::Wry>) -> Builder<tauri::Wry> {
    use firstgoal_core as core;
    builder
        .constant("STAKEHOLDER_LEVELS", core::stakeholders::Level::ALL)
        .constant("PROJECT_ROLES", core::stakeholders::ProjectRole::ALL)
        .constant("STAKEHOLDER_STATUSES", core::stakeholders::Status::ALL)
        .constant("TOUCH_KINDS", core::stakeholders::TouchKind::ALL)
        .constant("MAX_SCORE", core::stakeholders::MAX_SCORE)
        .constant("TEAM_ROLES", core::team::TeamRole::ALL)
        .constant("SEGMENTS", core::projects::Segment::ALL)
        .constant("PORTFOLIO_SORTS", core::portfolio::PortfolioSort::ALL)
        .constant("MILESTONE_STATUSES", core::milestones::MilestoneStatus::ALL)
        .constant("HORIZONS", core::milestones::Horizon::ALL)
        .constant("TTV_STARTS", core::ttv::TtvStart::ALL)
        .constant("STEP_KINDS", core::journey::StepKind::ALL)
        .constant("LANE_COLORS", core::journey::LANE_COLORS)
        .constant("JOURNEY_EXPORT_FORMATS", core::journey::ExportFormat::ALL)
        .constant("CSV_FIELDS", core::csv_import::CsvField::ALL)
        .constant("IMPORT_MODES", core::csv_import::ImportMode::ALL)
        .constant("DEPARTMENTS", core::playbooks::DEPARTMENTS)
        .constant("LANGUAGES", core::settings::Language::ALL)
        .constant("THEMES", core::settings::Theme::ALL)
        .constant("WEEK_KINDS", core::week::WeekKind::ALL)
        .constant("TEAM_ERROR_CODES", TeamErrorCode::ALL)
}

#[cfg(test)]
mod tests {
    use super::*;
    use specta_typescript::Typescript;

    /// Path of the generated bindings, relative to this crate.
    const BINDINGS_PATH: &str = "../ui/src/lib/bindings.ts";

    fn export_bindings(path: &std::path::Path) -> Result<(), String> {
        specta_builder()
            .export(
                Typescript::default().header(
                    "// Generated from the Rust command definitions by `make bindings`. Do not edit.\n",
                ),
                path,
            )
            .map_err(|e| e.to_string())
    }

    /// The names between the first `open` and the following `close` on each line of `text` that
    /// has both, e.g. the command names in `TAURI_INVOKE("name"`.
    fn quoted(text: &str, open: &str, close: char) -> std::collections::BTreeSet<String> {
        text.lines()
            .filter_map(|line| {
                let start = line.find(open)? + open.len();
                let len = line[start..].find(close)?;
                Some(line[start..start + len].to_owned())
            })
            .collect()
    }

    /// The commands are named in three places: the generated bindings (from the list above),
    /// `build.rs` (which commands exist for the permission system) and the capability (which the
    /// window may call). A command missing from one of them is either unreachable or a
    /// permission granted for nothing.
    #[test]
    fn bindings_build_script_and_capability_name_the_same_commands() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let read = |p: &str| std::fs::read_to_string(root.join(p)).expect(p);
        // `__TAURI_INVOKE("name"` or `__TAURI_INVOKE<Type>("name"`.
        let generated: std::collections::BTreeSet<String> = read(BINDINGS_PATH)
            .lines()
            .filter_map(|line| line.split_once("__TAURI_INVOKE"))
            .filter_map(|(_, call)| quoted(call, "(\"", '"').into_iter().next())
            .collect();
        let build: std::collections::BTreeSet<String> = read("build.rs")
            .lines()
            .map(str::trim)
            .filter_map(|l| l.strip_prefix('"')?.strip_suffix("\","))
            .map(str::to_owned)
            .collect();
        let capability: std::collections::BTreeSet<String> =
            quoted(&read("capabilities/main.json"), "\"allow-", '"')
                .into_iter()
                .map(|p| p.replace('-', "_"))
                .collect();
        assert!(!generated.is_empty());
        assert_eq!(generated, build, "bindings.ts vs build.rs");
        assert_eq!(
            generated, capability,
            "bindings.ts vs capabilities/main.json"
        );
    }

    /// Regenerate with `UPDATE_BINDINGS=1 cargo test -p firstgoal bindings`.
    #[test]
    fn bindings_are_fresh() {
        let committed = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(BINDINGS_PATH);
        if std::env::var_os("UPDATE_BINDINGS").is_some() {
            export_bindings(&committed).expect("export bindings");
            return;
        }
        let dir = tempfile::tempdir().expect("temp dir");
        let fresh = dir.path().join("bindings.ts");
        export_bindings(&fresh).expect("export bindings");
        let fresh = std::fs::read_to_string(fresh).expect("read fresh bindings");
        let current = std::fs::read_to_string(&committed).unwrap_or_default();
        assert!(
            fresh == current,
            "ui/src/lib/bindings.ts is stale: run `make bindings` and commit the result"
        );
    }
}
