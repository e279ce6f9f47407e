//! Where the replica keeps its credential: never in the FirstGoal file (which people copy, mail
//! and back up), but in a file only the user can read — `<config dir>/FirstGoal/team/<person id>`,
//! mode 0600 in a 0700 folder (on Linux `~/.config/FirstGoal/team/`; `XDG_CONFIG_HOME` moves it).
//! The file is written beside its final name and renamed, so it is whole or absent.

use std::io::Write;
use std::path::{Path, PathBuf};

use uuid::Uuid;

/// A credential could not be kept or read.
#[derive(Debug, thiserror::Error)]
pub enum CredentialError {
    /// No credential is kept for this person (removed, or enrolled under another user account).
    #[error("no credential is kept for this file's enrolment in {0}; enrol again")]
    Missing(String),
    /// The folder or file could not be written or read.
    #[error("{context}: {source}")]
    Io {
        context: String,
        source: std::io::Error,
    },
}

/// The folder of kept credentials.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CredentialStore {
    dir: PathBuf,
}

impl CredentialStore {
    /// The user's store: `<config dir>/FirstGoal/team`.
    pub fn for_user() -> CredentialStore {
        let base = dirs::config_dir().unwrap_or_else(std::env::temp_dir);
        CredentialStore::at(&base.join("FirstGoal").join("team"))
    }

    /// A store in `dir`.
    pub fn at(dir: &Path) -> CredentialStore {
        CredentialStore {
            dir: dir.to_path_buf(),
        }
    }

    /// The folder.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    fn path(&self, person: Uuid) -> PathBuf {
        self.dir.join(person.to_string())
    }

    /// Keeps `secret` as the credential of `person`.
    pub fn save(&self, person: Uuid, secret: &str) -> Result<(), CredentialError> {
        let io = |context: &str| {
            let context = format!("{context} {}", self.dir.display());
            move |source| CredentialError::Io { context, source }
        };
        std::fs::create_dir_all(&self.dir).map_err(io("cannot create"))?;
        restrict(&self.dir, 0o700).map_err(io("cannot protect"))?;
        // tempfile creates its file with mode 0600 on Unix.
        let mut file = tempfile::NamedTempFile::new_in(&self.dir).map_err(io("cannot write in"))?;
        file.write_all(secret.as_bytes())
            .and_then(|()| file.as_file().sync_all())
            .map_err(io("cannot write in"))?;
        file.persist(self.path(person))
            .map_err(|e| e.error)
            .map_err(io("cannot write in"))?;
        Ok(())
    }

    /// The credential kept for `person`.
    pub fn load(&self, person: Uuid) -> Result<String, CredentialError> {
        match std::fs::read_to_string(self.path(person)) {
            Ok(secret) => Ok(secret.trim().to_owned()),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                Err(CredentialError::Missing(self.dir.display().to_string()))
            }
            Err(source) => Err(CredentialError::Io {
                context: format!("cannot read {}", self.path(person).display()),
                source,
            }),
        }
    }
}

#[cfg(unix)]
fn restrict(path: &Path, mode: u32) -> std::io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode))
}

#[cfg(not(unix))]
fn restrict(_path: &Path, _mode: u32) -> std::io::Result<()> {
    Ok(())
}

#[cfg(all(test, unix))]
mod tests {
    use std::os::unix::fs::PermissionsExt;

    use super::*;

    #[test]
    fn the_credential_is_readable_by_the_user_only() {
        let dir = tempfile::tempdir().expect("temp dir");
        let store = CredentialStore::at(&dir.path().join("team"));
        let person = Uuid::new_v4();
        assert!(matches!(
            store.load(person),
            Err(CredentialError::Missing(_))
        ));
        store.save(person, "s3cret").expect("saved");
        store.save(person, "newer").expect("saved again");
        assert_eq!(store.load(person).expect("read"), "newer");
        let mode = |p: &Path| std::fs::metadata(p).expect("meta").permissions().mode() & 0o777;
        assert_eq!(mode(&store.path(person)), 0o600);
        assert_eq!(mode(&dir.path().join("team")), 0o700);
        let names: Vec<_> = std::fs::read_dir(dir.path().join("team"))
            .expect("listed")
            .map(|e| e.expect("entry").file_name())
            .collect();
        assert_eq!(
            names,
            [std::ffi::OsString::from(person.to_string())],
            "no temporary file left"
        );
    }
}
