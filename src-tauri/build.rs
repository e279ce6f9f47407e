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
        "list_journeys",
        "create_journey",
        "get_journey",
        "save_journey",
        "delete_journey",
        "save_journey_revision",
        "list_journey_revisions",
        "get_journey_revision",
        "compare_journey_revisions",
        "restore_journey_revision",
        "export_journey",
        "export_journey_comparison",
        "import_journey",
    ]);
    tauri_build::try_build(tauri_build::Attributes::new().app_manifest(manifest))
        .expect("failed to run tauri-build");
}
