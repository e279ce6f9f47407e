//! Export files are the user's files: created with the permissions any new file of theirs gets
//! (0666 less the umask), not the private 0600 of a temporary file.

use std::os::unix::fs::PermissionsExt;

use firstgoal_core::export::write_atomic;

/// The process's umask, read without changing it (tests run in parallel threads).
fn umask() -> u32 {
    let status = std::fs::read_to_string("/proc/self/status").expect("read /proc/self/status");
    let line = status
        .lines()
        .find_map(|l| l.strip_prefix("Umask:"))
        .expect("a Umask line");
    u32::from_str_radix(line.trim(), 8).expect("an octal umask")
}

#[test]
fn an_export_gets_the_users_normal_permissions() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let path = dir.path().join("summary.html");
    write_atomic(&path, b"<p>ok</p>").expect("write");
    let mode = std::fs::metadata(&path)
        .expect("metadata")
        .permissions()
        .mode()
        & 0o777;
    assert_eq!(mode, 0o666 & !umask(), "mode {mode:o}");
    assert_ne!(mode, 0o600, "created private like a temporary file");
}

#[test]
fn replacing_an_export_gives_it_the_same_permissions() {
    let dir = tempfile::tempdir().expect("temporary folder");
    let path = dir.path().join("map.svg");
    std::fs::write(&path, "old").expect("an older export");
    write_atomic(&path, b"<svg/>").expect("write");
    let mode = std::fs::metadata(&path)
        .expect("metadata")
        .permissions()
        .mode()
        & 0o777;
    assert_eq!(mode, 0o666 & !umask(), "mode {mode:o}");
    assert_eq!(std::fs::read(&path).expect("read"), b"<svg/>");
}
