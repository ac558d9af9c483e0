//! Searching a built site from disk (native): `helpbook search`, the
//! benchmarks and the tests use the very same engine as the browser, feeding
//! it pages from files instead of `fetch`.

use std::fs;
use std::path::{Path, PathBuf};

use crate::engine::{Attempt, Engine, Error, Request, Results};
use crate::writer::gunzip;

/// How a search went: the rounds of page loads it needed.
#[derive(Clone, Debug, Default)]
pub struct Trace {
    /// Pages loaded in each round.
    pub rounds: Vec<Vec<u32>>,
    /// Bytes of the loaded pages as stored (gzipped).
    pub bytes: u64,
}

/// An index in a built site's `search/<hash>/` folder.
pub struct LocalIndex {
    engine: Engine,
    dir: PathBuf,
    /// Size of the hot bundle as stored.
    pub hot_bytes: u64,
}

impl LocalIndex {
    /// Opens the index in `dir` (the folder holding `hot.bin`).
    pub fn open(dir: &Path) -> Result<LocalIndex, Error> {
        let path = dir.join("hot.bin");
        let stored = fs::read(&path).map_err(|e| Error(format!("{}: {e}", path.display())))?;
        let engine = Engine::open(&gunzip(&stored)?)?;
        Ok(LocalIndex {
            engine,
            dir: dir.to_path_buf(),
            hot_bytes: stored.len() as u64,
        })
    }

    /// The engine.
    pub fn engine(&self) -> &Engine {
        &self.engine
    }

    /// Runs a search to the end, loading pages as the engine asks.
    pub fn search(&self, request: &Request) -> Result<(Results, Trace), Error> {
        let mut trace = Trace::default();
        loop {
            match self.engine.search(request)? {
                Attempt::Done(results) => return Ok((results, trace)),
                Attempt::NeedPages(pages) => {
                    if trace.rounds.len() > 16 {
                        return Err(Error("the search kept asking for more pages".into()));
                    }
                    trace.bytes += self.load(&pages)?;
                    trace.rounds.push(pages);
                }
            }
        }
    }

    /// Loads `pages` from their files into the engine; their bytes as
    /// stored.
    pub fn load(&self, pages: &[u32]) -> Result<u64, Error> {
        let mut bytes = 0;
        for &page in pages {
            let path = self.dir.join(format!("{page}.bin"));
            let stored = fs::read(&path).map_err(|e| Error(format!("{}: {e}", path.display())))?;
            bytes += stored.len() as u64;
            if !self.engine.insert_page(page, gunzip(&stored)?) {
                return Err(Error(format!("{} does not fit the index", path.display())));
            }
        }
        Ok(bytes)
    }
}
