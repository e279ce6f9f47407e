//! Where the replica keeps its credential: never in the FirstGoal file (which people copy, mail
//! and back up). First the OS credential store through the `keyring` crate — the Secret Service
//! on Linux (GNOME Keyring, KWallet), the Keychain on macOS, the Credential Manager on Windows —
//! under the service [`SERVICE`] and the person's id. Where none answers (a server, a CI runner,
//! a desktop session without a keyring), a file only the user can read —
//! `<config dir>/FirstGoal/team/<person id>`, mode 0600 in a 0700 folder (on Linux
//! `~/.config/FirstGoal/team/`; `XDG_CONFIG_HOME` moves it), written beside its final name and
//! renamed, so it is whole or absent. [`CredentialStore::kept`] says which one holds it.

use std::fmt;
use std::io::Write;
use std::path::{Path, PathBuf};

use uuid::Uuid;

/// The service name of the credentials in the OS credential store.
pub const SERVICE: &str = "FirstGoal team sync";

/// A credential could not be kept or read.
#[derive(Debug, thiserror::Error)]
pub enum CredentialError {
    /// No credential is kept for this person (removed, or enrolled under another user account).
    #[error(
        "no credential is kept for this file's enrolment (OS credential store or {0}); enrol again"
    )]
    Missing(String),
    /// The folder or file could not be written or read.
    #[error("{context}: {source}")]
    Io {
        context: String,
        source: std::io::Error,
    },
}

/// Which store holds a credential.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Keeper {
    /// The OS credential store (the Secret Service on Linux).
    Os,
    /// The file at this path (no OS credential store answered).
    File(PathBuf),
}

impl fmt::Display for Keeper {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Keeper::Os => write!(f, "the OS credential store (Secret Service on Linux)"),
            Keeper::File(path) => write!(f, "the file {} (no OS credential store)", path.display()),
        }
    }
}

/// The stores of credentials: the OS one if asked and it answers, else the folder of files.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CredentialStore {
    dir: PathBuf,
    os: bool,
}

impl CredentialStore {
    /// The user's stores: the OS credential store, else `<config dir>/FirstGoal/team`.
    pub fn for_user() -> CredentialStore {
        let base = dirs::config_dir().unwrap_or_else(std::env::temp_dir);
        CredentialStore {
            dir: base.join("FirstGoal").join("team"),
            os: true,
        }
    }

    /// Files in `dir` only.
    pub fn at(dir: &Path) -> CredentialStore {
        CredentialStore {
            dir: dir.to_path_buf(),
            os: false,
        }
    }

    /// The folder of the files.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    fn path(&self, person: Uuid) -> PathBuf {
        self.dir.join(person.to_string())
    }

    /// The OS store's entry of `person`, when the OS store is used.
    fn entry(&self, person: Uuid) -> Option<keyring::Entry> {
        if !self.os {
            return None;
        }
        keyring::Entry::new(SERVICE, &person.to_string()).ok()
    }

    /// Keeps `secret` as the credential of `person`; says where.
    pub fn save(&self, person: Uuid, secret: &str) -> Result<Keeper, CredentialError> {
        if let Some(entry) = self.entry(person)
            && entry.set_password(secret).is_ok()
        {
            // An older copy in a file would only be a second place to steal it from.
            match std::fs::remove_file(self.path(person)) {
                Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
                    return Err(CredentialError::Io {
                        context: format!("cannot remove {}", self.path(person).display()),
                        source: e,
                    });
                }
                _ => return Ok(Keeper::Os),
            }
        }
        self.save_file(person, secret)?;
        Ok(Keeper::File(self.path(person)))
    }

    fn save_file(&self, person: Uuid, secret: &str) -> Result<(), CredentialError> {
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

    /// The credential kept for `person`, and where it is kept.
    pub fn load(&self, person: Uuid) -> Result<(String, Keeper), CredentialError> {
        if let Some(secret) = self.entry(person).and_then(|e| e.get_password().ok()) {
            return Ok((secret, Keeper::Os));
        }
        let path = self.path(person);
        match std::fs::read_to_string(&path) {
            Ok(secret) => Ok((secret.trim().to_owned(), Keeper::File(path))),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                Err(CredentialError::Missing(self.dir.display().to_string()))
            }
            Err(source) => Err(CredentialError::Io {
                context: format!("cannot read {}", path.display()),
                source,
            }),
        }
    }

    /// Where the credential of `person` is kept, if anywhere.
    pub fn kept(&self, person: Uuid) -> Option<Keeper> {
        self.load(person).ok().map(|(_, keeper)| keeper)
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
        assert_eq!(store.kept(person), None);
        let file = Keeper::File(store.path(person));
        assert_eq!(store.save(person, "s3cret").expect("saved"), file);
        assert_eq!(store.save(person, "newer").expect("saved again"), file);
        assert_eq!(
            store.load(person).expect("read"),
            ("newer".to_owned(), file.clone())
        );
        assert_eq!(store.kept(person), Some(file));
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
