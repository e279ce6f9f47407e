//! A PostgreSQL cluster of one test alone (restarting the shared one would upset the others):
//! started, halted (data kept) and started again with `scripts/pg-cluster.sh`, removed when dropped.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::replicas::succeeded;

pub struct Cluster {
    dir: PathBuf,
    pub url: String,
}

fn pg_cluster(cmd: &str, dir: &Path) -> String {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../scripts/pg-cluster.sh");
    let mut command = Command::new(script);
    command.arg(cmd).arg(dir);
    succeeded(command, &format!("pg-cluster.sh {cmd}"))
        .trim()
        .to_owned()
}

impl Cluster {
    pub fn start() -> Cluster {
        // In /tmp: as root the cluster runs as `nobody`, who must be able to enter the folder.
        let dir = tempfile::Builder::new()
            .prefix("firstgoal-pg.")
            .tempdir_in("/tmp")
            .expect("temp dir")
            .keep();
        let url = pg_cluster("start", &dir);
        Cluster { dir, url }
    }

    /// Stops the cluster (`pg_ctl stop -m fast`: open connections are cut), keeping its data.
    pub fn halt(&self) {
        pg_cluster("halt", &self.dir);
    }

    /// Starts the halted cluster again, on the same socket.
    pub fn resume(&self) {
        assert_eq!(pg_cluster("start", &self.dir), self.url);
    }
}

impl Drop for Cluster {
    fn drop(&mut self) {
        pg_cluster("stop", &self.dir);
    }
}
