//! FirstGoal core: the domain of onboarding projects, its validation rules and its storage in one
//! SQLite file. Everything here is usable without a UI; the Tauri app and the CLI are thin callers.

pub mod board;
pub mod csv_import;
pub mod db;
pub mod demo;
pub mod error;
pub mod facts;
pub mod journey;
pub mod kickoff;
pub mod milestones;
pub mod playbooks;
pub mod portfolio;
pub mod projects;
pub mod render;
pub mod risks;
pub mod settings;
pub mod stages;
pub mod stakeholders;
pub mod team;
pub mod transfer;
pub mod ttv;
pub mod validation;

pub use db::Db;
/// Storage modules also reachable at the crate root, under the names their callers use.
pub use db::{backup, file_settings, files as export};

/// Today's date in the user's time zone: the one "today" of the core — the day overdue
/// milestones, TTV so far, touch and heat rules count to.
pub fn today() -> chrono::NaiveDate {
    chrono::Local::now().date_naive()
}
pub use error::{CoreError, ErrorCode, ErrorPayload, FieldCode, FieldError, Refusal};
