//! Short content hashes for file names and cache-busting URLs.

use sha2::{Digest, Sha256};

/// The first `bytes` bytes of the SHA-256 of `data`, in lower-case hex
/// (`2 * bytes` digits).
pub(crate) fn short_hash(data: &[u8], bytes: usize) -> String {
    let digest = Sha256::digest(data);
    digest
        .iter()
        .take(bytes)
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hex_prefix_of_sha256() {
        // SHA-256("") = e3b0c442 98fc1c14…
        assert_eq!(short_hash(b"", 5), "e3b0c44298");
        assert_eq!(short_hash(b"", 6), "e3b0c44298fc");
    }
}
