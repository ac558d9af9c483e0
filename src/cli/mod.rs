//! The command line's own modules: the binary is the only part of helpbook
//! that prints. [`args`] defines the arguments; each command has a module
//! that runs it through the library and prints what it returns; [`print`]
//! holds what they print alike (diagnostics, failures, exit codes).

pub(crate) mod args;
pub(crate) mod build;
pub(crate) mod check;
pub(crate) mod collect;
pub(crate) mod init;
pub(crate) mod insights;
pub(crate) mod interrupt;
pub(crate) mod malloc;
pub(crate) mod pipeline;
pub(crate) mod print;
pub(crate) mod progress;
pub(crate) mod search;
pub(crate) mod serve;
pub(crate) mod tree;
