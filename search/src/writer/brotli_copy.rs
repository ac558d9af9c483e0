//! The hot bundle's brotli copy (`hot.bin.br`): its bytes uncompressed,
//! compressed with brotli, which a host that serves pre-compressed files
//! (nginx's `brotli_static`, Caddy's `precompressed`, `helpbook serve`)
//! sends with `Content-Encoding: br` instead of `hot.bin` (gzipped inside,
//! which the worker unpacks; bytes that arrive uncompressed it uses as they
//! are). 11% fewer bytes than the gzipped bundle on mshelp-full, 11% at
//! 10,000 articles: most of a bundle is field norms, near their entropy.
//! Made while the pages are compressed, on a thread of its own (it took a
//! sixth of a 1,000-article site's index time after them).

/// Largest hot bundle (uncompressed) compressed at brotli's best quality:
/// quality 11 takes ~1 s a megabyte, quality 10 a third of that for 4%
/// more bytes.
const BROTLI_BEST_MAX: usize = 1 << 20;

/// `raw` compressed with brotli; `None` if brotli fails (no copy: hosts
/// send `hot.bin`).
pub(super) fn brotli_copy(raw: &[u8]) -> Option<Vec<u8>> {
    let params = brotli::enc::BrotliEncoderParams {
        quality: if raw.len() <= BROTLI_BEST_MAX { 11 } else { 10 },
        lgwin: 24,
        size_hint: raw.len(),
        ..Default::default()
    };
    let mut out = Vec::with_capacity(raw.len() / 3);
    brotli::BrotliCompress(&mut &raw[..], &mut out, &params).ok()?;
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_copy_decodes_to_the_bytes_and_is_smaller_than_gzip() {
        let raw: Vec<u8> = (0..50_000u32)
            .map(|i| (i % 97 * (i / 1000 % 7)) as u8)
            .collect();
        let copy = brotli_copy(&raw).expect("brotli");
        let mut decoded = Vec::new();
        brotli_decompressor::BrotliDecompress(&mut &copy[..], &mut decoded).expect("decodes");
        assert_eq!(decoded, raw);
        assert!(copy.len() < super::super::gzip(&raw).len());
    }
}
