//! Compression of the index's pages and hot bundle: gzip, deterministic
//! (no name, no timestamp), with one compressor per level kept by each
//! thread; and its reverse for readers of a built index.

use std::io::Read;

/// The first two bytes of a gzip stream.
pub(super) const GZIP_MAGIC: [u8; 2] = [0x1f, 0x8b];

/// Gzips bytes at level 6 (deterministic: no name, no timestamp).
pub fn gzip(bytes: &[u8]) -> Vec<u8> {
    gzip_at(bytes, 6)
}

/// Gzips bytes at `level` (1 to 9). Each thread keeps a compressor per
/// level: making one allocates and clears a few hundred kilobytes of
/// tables, which for a large index's tens of thousands of small pages cost
/// as much as compressing them.
pub(super) fn gzip_at(bytes: &[u8], level: u32) -> Vec<u8> {
    /// What `flate2::GzBuilder` writes: no flags, no time, no extra flags,
    /// unknown operating system.
    const HEADER: [u8; 10] = [0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 255];
    thread_local! {
        static DEFLATE: std::cell::RefCell<Vec<Option<flate2::Compress>>> =
            const { std::cell::RefCell::new(Vec::new()) };
    }
    let level = level.clamp(1, 9);
    let mut out = Vec::with_capacity(bytes.len() / 2 + 64);
    out.extend_from_slice(&HEADER);
    DEFLATE.with(|deflaters| {
        let mut deflaters = deflaters.borrow_mut();
        if deflaters.len() <= level as usize {
            deflaters.resize_with(level as usize + 1, || None);
        }
        let deflate = deflaters[level as usize]
            .get_or_insert_with(|| flate2::Compress::new(flate2::Compression::new(level), false));
        deflate.reset();
        let start = deflate.total_in();
        loop {
            let done = (deflate.total_in() - start) as usize;
            // Compressing into a Vec with room left cannot fail; when the
            // room runs out, it doubles.
            match deflate.compress_vec(&bytes[done..], &mut out, flate2::FlushCompress::Finish) {
                Ok(flate2::Status::StreamEnd) | Err(_) => break,
                Ok(_) => out.reserve(out.capacity().max(64)),
            }
        }
    });
    let mut crc = flate2::Crc::new();
    crc.update(bytes);
    out.extend_from_slice(&crc.sum().to_le_bytes());
    out.extend_from_slice(&(bytes.len() as u32).to_le_bytes());
    out
}

/// Reverses [`gzip`]; bytes that are not gzipped are returned as they are
/// (a host may have decoded them already).
pub fn gunzip(bytes: &[u8]) -> std::io::Result<Vec<u8>> {
    if !bytes.starts_with(&GZIP_MAGIC) {
        return Ok(bytes.to_vec());
    }
    let mut out = Vec::new();
    flate2::read::GzDecoder::new(bytes).read_to_end(&mut out)?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use std::io::Write;

    use super::*;

    #[test]
    fn gzip_matches_flate2s_gzip_encoder_and_round_trips() {
        let text: Vec<u8> = (0..50_000u32)
            .flat_map(|i| format!("word{} ", i % 997).into_bytes())
            .collect();
        for input in [&b""[..], b"a", &text[..100], &text[..]] {
            let mut reference =
                flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::new(6));
            reference.write_all(input).unwrap();
            let reference = reference.finish().unwrap();
            // Twice: the second reuses the thread's compressor.
            assert_eq!(gzip(input), reference);
            assert_eq!(gzip(input), reference);
            assert_eq!(gunzip(&gzip(input)).unwrap(), input);
        }
    }
}
