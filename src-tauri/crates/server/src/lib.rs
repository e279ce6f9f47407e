//! `firstgoal-server`: the FirstGoal team server. It keeps each team's changes in PostgreSQL, orders
//! them with one sequence and hands them to every enrolled replica; the wire format and the conflict
//! rule are in `firstgoal-protocol`. The server keeps no state of its own between requests, so several
//! processes on one database serve a team as one.

pub mod admin;
pub mod api;
pub mod bench;
pub mod db;
pub mod enrol;
pub mod error;
pub mod secret;
pub mod serve;
pub mod sync;

/// The HTTP client of the endpoints: the replica's own (`firstgoal-sync`), used by the benchmark and
/// the tests.
pub use firstgoal_sync::client;
