//! A source file's text, shared by the model and the report, that can be
//! packed (zstd) once nothing needs it often any more: a full build packs
//! every Markdown text once it is parsed, and validation, rendering and
//! the index unpack one when they replay its events (issue 22: at 100,000
//! articles the texts were ~440 MiB held from loading to the end of the
//! build).

use std::cell::RefCell;
use std::fmt;
use std::sync::{Arc, RwLock};

use zstd::bulk::{Compressor, Decompressor};

/// zstd's level for packed texts: its fastest ordinary level (~2.3x on
/// help articles of random words, more on real ones).
const LEVEL: i32 = 1;

/// A file's whole text, plain or packed; clones share it, so packing it
/// once packs it for every holder (the model, the report's excerpts).
#[derive(Clone)]
pub struct SourceText(Arc<RwLock<Form>>);

enum Form {
    Plain(Arc<str>),
    /// zstd frame of the text and its length in bytes.
    Packed(Box<[u8]>, usize),
}

impl SourceText {
    /// The text, plain.
    pub fn new(text: impl Into<Arc<str>>) -> Self {
        SourceText(Arc::new(RwLock::new(Form::Plain(text.into()))))
    }

    /// The text: shared when plain, unpacked when packed.
    pub fn get(&self) -> Arc<str> {
        let form = self.0.read().unwrap_or_else(|e| e.into_inner());
        match &*form {
            Form::Plain(text) => text.clone(),
            Form::Packed(bytes, len) => unpack(bytes, *len),
        }
    }

    /// Its length in bytes.
    pub fn len(&self) -> usize {
        let form = self.0.read().unwrap_or_else(|e| e.into_inner());
        match &*form {
            Form::Plain(text) => text.len(),
            Form::Packed(_, len) => *len,
        }
    }

    /// Whether the text is empty.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Packs the text, unless it is packed already or packing would not
    /// make it smaller; [`SourceText::get`] gives the same text after.
    pub fn pack(&self) {
        let mut form = self.0.write().unwrap_or_else(|e| e.into_inner());
        let Form::Plain(text) = &*form else {
            return;
        };
        // One context per thread: making one per text took longer than
        // packing the text.
        thread_local! {
            static PACKER: RefCell<Option<Compressor<'static>>> =
                RefCell::new(Compressor::new(LEVEL).ok());
        }
        let packed = PACKER.with_borrow_mut(|packer| {
            packer
                .as_mut()
                .and_then(|p| p.compress(text.as_bytes()).ok())
        });
        let Some(bytes) = packed else {
            return;
        };
        if bytes.len() < text.len() {
            *form = Form::Packed(bytes.into_boxed_slice(), text.len());
        }
    }
}

/// The text of a frame [`SourceText::pack`] made from a valid `&str` of
/// `len` bytes.
fn unpack(bytes: &[u8], len: usize) -> Arc<str> {
    thread_local! {
        static UNPACKER: RefCell<Option<Decompressor<'static>>> =
            RefCell::new(Decompressor::new().ok());
    }
    let bytes = UNPACKER
        .with_borrow_mut(|unpacker| unpacker.as_mut().map(|u| u.decompress(bytes, len)))
        .unwrap_or_else(|| zstd::bulk::decompress(bytes, len))
        .unwrap_or_else(|e| unreachable!("a frame packed in this process: {e}"));
    String::from_utf8(bytes)
        .unwrap_or_else(|e| unreachable!("packed from a str: {e}"))
        .into()
}

impl From<Arc<str>> for SourceText {
    fn from(text: Arc<str>) -> Self {
        SourceText::new(text)
    }
}

impl From<&str> for SourceText {
    fn from(text: &str) -> Self {
        SourceText::new(text)
    }
}

impl From<String> for SourceText {
    fn from(text: String) -> Self {
        SourceText::new(text)
    }
}

impl Default for SourceText {
    fn default() -> Self {
        SourceText::new("")
    }
}

impl fmt::Debug for SourceText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("SourceText").field(&self.len()).finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn packed_text_is_the_text() {
        let text: String = (0..2000).map(|i| format!("word{} ", i % 37)).collect();
        let text = format!("é ü {text} 日本語");
        let shared = SourceText::new(text.clone());
        let holder = shared.clone();
        shared.pack();
        assert!(matches!(&*holder.0.read().unwrap(), Form::Packed(..)));
        assert_eq!(&*holder.get(), text.as_str());
        assert_eq!(holder.len(), text.len());
        shared.pack();
        assert_eq!(&*shared.get(), text.as_str());
    }

    #[test]
    fn short_text_stays_plain() {
        let shared = SourceText::new("ab");
        shared.pack();
        assert!(matches!(&*shared.0.read().unwrap(), Form::Plain(_)));
        assert_eq!(&*shared.get(), "ab");
    }
}
