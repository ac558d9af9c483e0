//! `helpbook collect`: the optional collector, one process and one SQLite
//! file. Pages post batches of events to `/events` ([`http`], axum on
//! tokio); each is checked against the event format, limited by origin,
//! size and rate per client, and answered only once a single writer thread
//! has committed it ([`writer`], group commit), so an acknowledged event
//! survives even a SIGKILL. Old events are deleted after the retention
//! period.
//!
//! Nothing here prints: what the collector has to say goes to the [`Log`]
//! the caller passes in, as [`CollectEvent`] values.

mod http;
mod limit;
mod log;
mod origins;
mod server;
mod writer;

pub use crate::insights::collect::log::{Activity, CollectEvent, Log, KINDS};
pub use crate::insights::collect::origins::Origins;
pub use crate::insights::collect::server::{run, CollectOptions};
