//! IPC commands, one file per feature. Each command calls one core function and returns its
//! result; errors cross as `{ code, message, fields }`.

pub mod app;
pub mod backups;
pub mod calendar;
pub mod csv_import;
pub mod files;
pub mod journeys;
pub mod milestones;
pub mod playbooks;
pub mod portfolio;
pub mod projects;
pub mod stages;
pub mod stakeholders;
pub mod team;
pub mod transfer;
pub mod week;
