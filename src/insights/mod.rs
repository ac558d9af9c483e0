//! Closing the loop: what readers did on the site, as events pages send
//! when `[insights] endpoint` is set ([`event`]: the format, version 1),
//! kept by the optional collector ([`collect`]) in one SQLite file
//! ([`store`]), and the report on them ([`report`]).

pub mod collect;
pub mod event;
pub mod report;
pub mod store;
