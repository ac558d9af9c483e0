//! What a hot bundle holds, for size work: `cargo run --release --example
//! hot_bundle -- site/search/<hash>/hot.bin`. Prints the manifest's parts and
//! each span with the segment file it comes from, raw and gzipped alone.

use helpbook_search::pack::HotBundle;
use helpbook_search::writer::{gunzip, gzip};

/// LEB128, as the manifest encodes its tables.
#[derive(Default)]
struct Encoder {
    bytes: Vec<u8>,
}

impl Encoder {
    fn uint(&mut self, mut value: u64) {
        while value >= 0x80 {
            self.bytes.push(value as u8 | 0x80);
            value >>= 7;
        }
        self.bytes.push(value as u8);
    }

    fn str(&mut self, value: &str) {
        self.blob(value.as_bytes());
    }

    fn blob(&mut self, value: &[u8]) {
        self.uint(value.len() as u64);
        self.bytes.extend_from_slice(value);
    }
}

fn main() {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: hot_bundle <hot.bin>");
        std::process::exit(2);
    };
    let stored = std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let raw = gunzip(&stored).expect("gzip");
    let bundle = HotBundle::decode(&raw).expect("a hot bundle");
    let m = &bundle.manifest;
    println!("hot.bin: {} bytes stored, {} raw", stored.len(), raw.len());
    let sized = |name: &str, encode: &dyn Fn(&mut Encoder)| {
        let mut e = Encoder::default();
        encode(&mut e);
        println!(
            "  {name:<22} {:>9} raw {:>9} gzipped",
            e.bytes.len(),
            gzip(&e.bytes).len()
        );
    };
    sized("stop words", &|e| {
        for word in &m.stop_words {
            e.str(word);
        }
    });
    sized("stemmer module", &|e| e.blob(&m.stemmer));
    sized("groups", &|e| {
        let mut previous = 0;
        for &g in &m.groups {
            e.uint(u64::from(g - previous));
            previous = g;
        }
    });
    for file in &m.files {
        let end = file.offset + file.len;
        let mut bytes = Vec::new();
        for (start, data) in &bundle.spans {
            let stop = start + data.len() as u64;
            if *start < end && stop > file.offset {
                let from = file.offset.max(*start) - start;
                let to = end.min(stop) - start;
                bytes.extend_from_slice(&data[from as usize..to as usize]);
            }
        }
        if file.name.ends_with(".fieldnorm") {
            // One byte per document per field, field after field.
            let docs = m.cards.count as usize;
            for (n, chunk) in bytes.chunks(docs.max(1)).enumerate() {
                println!(
                    "    field {n}: {:>9} raw {:>9} gzipped",
                    chunk.len(),
                    gzip(chunk).len()
                );
            }
        }
        println!(
            "  span of {:<14} {:>9} raw {:>9} gzipped (file {} bytes)",
            file.name.rsplit('.').next().unwrap_or(""),
            bytes.len(),
            gzip(&bytes).len(),
            file.len
        );
    }
}
