//! The command line's own modules.

pub(crate) mod search;
