//! IPC commands, one file per feature. Each command calls one core function and returns its
//! result; errors cross as `{ code, message, fields }`.

pub mod app;
pub mod backups;
pub mod csv_import;
pub mod projects;
pub mod stakeholders;
