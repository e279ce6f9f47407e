//! FirstGoal team sync, the client side. [`client`] talks to `firstgoal-server` (the wire format is
//! `firstgoal-protocol`); [`url`] decides which servers it may talk to. With the `replica` feature
//! (the default), [`replica`] makes a FirstGoal file a replica of the team's workspace: enrolment,
//! the outbox the file's triggers fill (migration 0014), push, pull and apply, and the status; and
//! [`credential`] keeps the credential outside the file.

pub mod client;
#[cfg(feature = "replica")]
pub mod credential;
#[cfg(feature = "replica")]
pub mod replica;
pub mod url;
