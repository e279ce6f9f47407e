fn main() {
    // Only the commands listed here can be invoked, and only where a capability allows them.
    let manifest = tauri_build::AppManifest::new().commands(&[
        "app_status",
        "list_projects",
        "get_project",
        "create_project",
        "update_project",
        "set_project_archived",
        "set_milestone_due_date",
        "set_milestone_goal",
        "get_settings",
        "set_language",
        "set_theme",
        "list_backups",
        "create_backup",
        "restore_backup",
        "get_backup_keep",
        "set_backup_keep",
        "get_stakeholder_board",
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
        "set_untouched_days",
        "project_risk_counts",
        "export_kickoff_summary",
        "export_stakeholder_map",
    ]);
    tauri_build::try_build(tauri_build::Attributes::new().app_manifest(manifest))
        .expect("failed to run tauri-build");
}
