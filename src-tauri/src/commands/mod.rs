//! IPC commands, one file per feature. Each command calls one core function and returns its
//! result; errors cross as `{ code, message, fields }`.

pub mod app;
pub mod backups;
pub mod journeys;
pub mod projects;
pub mod stakeholders;
pub mod transfer;
