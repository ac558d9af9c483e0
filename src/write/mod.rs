//! Writing a built site atomically: everything goes into a staging folder
//! next to the destination as it is rendered ([`sink`], [`staging`]), and
//! replaces the old site only once complete. A failed build leaves the
//! previous site untouched, an interrupted one nothing that outlives the
//! next build ([`leftovers`]).

pub(crate) mod error;
pub(crate) mod leftovers;
pub(crate) mod sink;
pub(crate) mod staging;

pub(crate) use error::WriteError;
pub(crate) use sink::Sink;
pub(crate) use staging::Staging;
