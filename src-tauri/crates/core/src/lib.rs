//! FirstGoal core: the domain of onboarding projects, its validation rules and its storage in one
//! SQLite file. Everything here is usable without a UI; the Tauri app and the CLI are thin callers.

pub mod backup;
pub mod db;
pub mod demo;
pub mod error;
pub mod export;
pub mod file_settings;
pub mod journey;
pub mod kickoff;
pub mod milestones;
pub mod projects;
pub mod render;
pub mod risks;
pub mod settings;
pub mod stakeholders;
pub mod transfer;
pub mod validation;

pub use db::Db;
pub use error::{CoreError, ErrorCode, ErrorPayload, FieldError};
