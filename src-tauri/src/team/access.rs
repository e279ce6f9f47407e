//! Which commands change the records that travel to the team. After one of them the background
//! sync pushes soon; in a file enrolled as a viewer they are refused before they run, since the
//! server would refuse the change anyway (and a viewer's refused push stops its pulls).
//! Every command is named in one of the two lists; a test checks none is forgotten.

/// Commands that write travelling records.
pub const WRITES: &[&str] = &[
    "create_project",
    "update_project",
    "set_project_archived",
    "set_milestone_goal",
    "import_all",
    "create_stakeholder",
    "quick_add_stakeholder",
    "update_stakeholder",
    "delete_stakeholder",
    "reorder_stakeholders",
    "add_heat_entry",
    "add_touchpoint",
    "delete_touchpoint",
    "set_adoption_purpose",
    "set_purpose_agreement",
    "create_journey",
    "save_journey",
    "delete_journey",
    "save_journey_revision",
    "restore_journey_revision",
    "import_journey",
    "update_milestone",
    "add_custom_milestone",
    "delete_custom_milestone",
    "override_milestone_due_date",
    "follow_kickoff_due_date",
    "advance_stage",
    "set_action_done",
    "add_stage_action",
    "reorder_stages",
    "add_hold",
    "end_hold",
    "create_team_member",
    "assign_team_member",
    "unassign_team_member",
    "save_playbook",
    "duplicate_playbook",
    "delete_playbook",
    "import_playbook",
    "create_project_from_playbook",
    "import_stakeholder_csv",
    "team_share_project",
];

/// Commands that read, export, or change only what stays on this machine (app settings, file
/// settings that do not travel, backups, the team commands themselves). Named for the test only.
#[cfg(test)]
const LOCAL: &[&str] = &[
    "app_status",
    "get_settings",
    "set_language",
    "set_theme",
    "list_backups",
    "create_backup",
    "restore_backup",
    "get_backup_keep",
    "set_backup_keep",
    "open_file",
    "new_file",
    "save_copy",
    "export_all",
    "list_projects",
    "list_projects_page",
    "get_project",
    "get_stakeholder_board",
    "set_untouched_days",
    "project_risk_counts",
    "project_risk_counts_for",
    "export_kickoff_summary",
    "export_stakeholder_map",
    "list_journeys",
    "get_journey",
    "list_journey_revisions",
    "get_journey_revision",
    "compare_journey_revisions",
    "export_journey",
    "export_journey_comparison",
    "get_project_plan",
    "list_team_members",
    "list_playbooks",
    "get_playbook",
    "export_playbook",
    "get_portfolio",
    "get_ttv_definition",
    "set_ttv_definition",
    "export_portfolio_csv",
    "export_chart",
    "export_project_report",
    "export_calendar",
    "preview_stakeholder_csv",
    "get_week",
    "get_me",
    "set_me",
    "set_reminders",
    "take_week_request",
    "team_status",
    "team_enrol",
    "team_sync_now",
    "team_conflicts",
    "team_resolve",
    "team_private_projects",
];

/// Whether the command `name` writes travelling records.
pub fn writes(name: &str) -> bool {
    WRITES.contains(&name)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A new command must be put in one list: forgotten, a viewer could edit through it, or an
    /// edit would wait for the next news from the server to be pushed.
    #[test]
    fn every_command_is_classified_once() {
        let build = std::fs::read_to_string(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("build.rs"),
        )
        .expect("build.rs");
        let mut commands: Vec<&str> = build
            .lines()
            .map(str::trim)
            .filter_map(|l| l.strip_prefix('"')?.strip_suffix("\","))
            .collect();
        let mut classified: Vec<&str> = WRITES.iter().chain(LOCAL).copied().collect();
        commands.sort_unstable();
        classified.sort_unstable();
        assert_eq!(classified, commands);
    }
}
