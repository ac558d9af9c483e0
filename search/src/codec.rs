//! A tiny binary encoding (LEB128 integers, length-prefixed strings) for the
//! manifest and the result cards. Hand-written to keep the wasm module small;
//! a decoder never panics on malformed input, it returns `None`.

/// Appends values to a byte buffer.
#[derive(Default)]
pub(crate) struct Encoder {
    /// The bytes written so far.
    pub bytes: Vec<u8>,
}

impl Encoder {
    /// An unsigned LEB128 integer.
    pub(crate) fn uint(&mut self, mut value: u64) {
        loop {
            let byte = (value & 0x7f) as u8;
            value >>= 7;
            if value == 0 {
                self.bytes.push(byte);
                return;
            }
            self.bytes.push(byte | 0x80);
        }
    }

    /// A length-prefixed byte string.
    pub(crate) fn blob(&mut self, value: &[u8]) {
        self.uint(value.len() as u64);
        self.bytes.extend_from_slice(value);
    }

    /// A length-prefixed UTF-8 string.
    pub(crate) fn str(&mut self, value: &str) {
        self.blob(value.as_bytes());
    }
}

/// Reads values written by [`Encoder`].
pub(crate) struct Decoder<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl<'a> Decoder<'a> {
    /// Starts reading at the beginning of `bytes`.
    pub(crate) fn new(bytes: &'a [u8]) -> Self {
        Decoder { bytes, pos: 0 }
    }

    /// Whether every byte has been read.
    #[cfg(test)]
    pub(crate) fn is_empty(&self) -> bool {
        self.pos >= self.bytes.len()
    }

    /// An unsigned LEB128 integer.
    pub(crate) fn uint(&mut self) -> Option<u64> {
        let mut value = 0u64;
        let mut shift = 0u32;
        loop {
            let byte = *self.bytes.get(self.pos)?;
            self.pos += 1;
            if shift > 63 {
                return None;
            }
            value |= u64::from(byte & 0x7f) << shift;
            if byte & 0x80 == 0 {
                return Some(value);
            }
            shift += 7;
        }
    }

    /// An integer that must fit in `usize`.
    pub(crate) fn usize(&mut self) -> Option<usize> {
        usize::try_from(self.uint()?).ok()
    }

    /// A length-prefixed byte string.
    pub(crate) fn blob(&mut self) -> Option<&'a [u8]> {
        let len = self.usize()?;
        let end = self.pos.checked_add(len)?;
        let slice = self.bytes.get(self.pos..end)?;
        self.pos = end;
        Some(slice)
    }

    /// A length-prefixed UTF-8 string.
    pub(crate) fn str(&mut self) -> Option<&'a str> {
        std::str::from_utf8(self.blob()?).ok()
    }

    /// A fixed number of raw bytes.
    pub(crate) fn raw(&mut self, len: usize) -> Option<&'a [u8]> {
        let end = self.pos.checked_add(len)?;
        let slice = self.bytes.get(self.pos..end)?;
        self.pos = end;
        Some(slice)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip() {
        let mut e = Encoder::default();
        e.uint(0);
        e.uint(300);
        e.uint(u64::MAX);
        e.str("héllo");
        let mut d = Decoder::new(&e.bytes);
        assert_eq!(d.uint(), Some(0));
        assert_eq!(d.uint(), Some(300));
        assert_eq!(d.uint(), Some(u64::MAX));
        assert_eq!(d.str(), Some("héllo"));
        assert!(d.is_empty());
        assert_eq!(d.uint(), None);
    }

    #[test]
    fn truncated_input_is_none() {
        let mut d = Decoder::new(&[0x80]);
        assert_eq!(d.uint(), None);
        let mut d = Decoder::new(&[5, b'a']);
        assert_eq!(d.str(), None);
    }
}
