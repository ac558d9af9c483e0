//! `rayon` for the browser build of the search engine: the part of the API
//! tantivy names (thread pools for its executor, segment updater and
//! merges), with no pool ever built. [`ThreadPoolBuilder::build`] always
//! fails and [`ThreadPool`] has no values, so tantivy searches on the
//! calling thread (its `Executor::SingleThread`, the default) and the
//! compiler drops every use of a pool.

use std::any::Any;
use std::fmt;
use std::marker::PhantomData;

/// A thread pool; none can exist in the browser build.
pub enum ThreadPool {}

impl ThreadPool {
    /// Never called: there is no pool.
    pub fn spawn<F>(&self, _op: F)
    where
        F: FnOnce() + Send + 'static,
    {
        match *self {}
    }

    /// Never called: there is no pool.
    pub fn scope<'scope, OP, R>(&self, _op: OP) -> R
    where
        OP: FnOnce(&Scope<'scope>) -> R + Send,
        R: Send,
    {
        match *self {}
    }
}

/// The scope of [`ThreadPool::scope`]; never handed out.
pub struct Scope<'scope> {
    _marker: PhantomData<&'scope ()>,
}

impl<'scope> Scope<'scope> {
    /// Never called: there is no scope.
    pub fn spawn<BODY>(&self, _body: BODY)
    where
        BODY: FnOnce(&Scope<'scope>) + Send + 'scope,
    {
    }
}

/// Builds nothing: see [`ThreadPoolBuilder::build`].
#[derive(Default)]
pub struct ThreadPoolBuilder;

impl ThreadPoolBuilder {
    /// A builder.
    pub fn new() -> ThreadPoolBuilder {
        ThreadPoolBuilder
    }

    /// Ignored.
    pub fn num_threads(self, _num_threads: usize) -> ThreadPoolBuilder {
        self
    }

    /// Ignored.
    pub fn thread_name<F>(self, _closure: F) -> ThreadPoolBuilder
    where
        F: FnMut(usize) -> String + 'static,
    {
        self
    }

    /// Ignored.
    pub fn panic_handler<H>(self, _panic_handler: H) -> ThreadPoolBuilder
    where
        H: Fn(Box<dyn Any + Send>) + Send + Sync + 'static,
    {
        self
    }

    /// Always fails: the browser build has no threads.
    pub fn build(self) -> Result<ThreadPool, ThreadPoolBuildError> {
        Err(ThreadPoolBuildError)
    }
}

/// Why no pool was built.
#[derive(Debug)]
pub struct ThreadPoolBuildError;

impl fmt::Display for ThreadPoolBuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("no thread pools in the browser build")
    }
}

impl std::error::Error for ThreadPoolBuildError {}
