//! Enrolment codes and credentials: random secrets of which the server stores only a SHA-256 hash
//! (they carry 80 and 256 random bits, so a fast hash is enough: there is nothing to guess).

use rand::RngCore;
use sha2::{Digest, Sha256};

/// A new credential: 32 random bytes, hex.
pub fn new_credential() -> String {
    random_hex(32)
}

/// A new one-time enrolment code: 10 random bytes, hex in groups of four (`1a2b-3c4d-...`).
pub fn new_code() -> String {
    let hex = random_hex(10);
    let groups: Vec<&str> = hex
        .as_bytes()
        .chunks(4)
        .map(|c| std::str::from_utf8(c).unwrap_or_default())
        .collect();
    groups.join("-")
}

/// The code as typed, without dashes, spaces or upper case.
pub fn normalise_code(code: &str) -> String {
    code.chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .flat_map(char::to_lowercase)
        .collect()
}

/// The stored form of a secret.
pub fn hash(secret: &str) -> Vec<u8> {
    Sha256::digest(secret.as_bytes()).to_vec()
}

fn random_hex(bytes: usize) -> String {
    let mut buf = vec![0u8; bytes];
    rand::rng().fill_bytes(&mut buf);
    buf.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_random_and_typed_codes_normalise() {
        let code = new_code();
        assert_eq!(code.len(), 24, "{code}");
        assert_ne!(code, new_code());
        assert_eq!(
            normalise_code(&code.to_uppercase().replace('-', " - ")),
            code.replace('-', "")
        );
        assert_ne!(hash("a"), hash("b"));
        assert_eq!(new_credential().len(), 64);
    }
}
