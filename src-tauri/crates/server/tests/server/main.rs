//! Integration tests of firstgoal-server: real PostgreSQL (`FIRSTGOAL_TEST_DATABASE_URL`, set by
//! `make test-server`, which starts a throwaway cluster with scripts/pg-cluster.sh) and real server
//! processes over HTTP on loopback.

mod admin_conflicts;
mod cluster;
mod common;
mod conflicts;
mod enrol_limit;
mod enrolment;
mod faults;
mod fuzz;
mod load_faults;
mod push_pull;
mod replica_conflicts;
mod replica_faults;
mod replica_private;
mod replica_sync;
mod replicas;
mod requests;
