//! `helpbook serve`: a live preview for writers.
//!
//! The site is built in memory ([`live::LiveSite`]) and served over HTTP
//! ([`http`], axum on tokio) from an immutable snapshot ([`shared`]) that
//! each rebuild replaces in one swap, so a request gets the old page or the
//! new one, never half of either. A watcher ([`watch`], notify, debounced)
//! feeds changed paths to one rebuild thread; the search index is rebuilt
//! on its own thread after the pages ([`search`]), so saving an article
//! never waits for it. Open tabs learn about rebuilds over Server-Sent
//! Events from a small script injected into HTML in serve mode only: they
//! reload when their page changed (keeping the scroll position) and show
//! the build's errors in an overlay until they are fixed.
//!
//! Nothing here prints: what the preview has to say goes to the [`Log`]
//! the caller passes in, as [`ServeEvent`] values.

mod http;
pub mod live;
mod log;
mod search;
mod shared;
mod watch;

use std::net::IpAddr;
use std::path::Path;
use std::sync::Arc;
use std::time::Instant;

use crate::pipeline::BuildOptions;
use crate::serve::live::{Files, LiveSite};
use crate::serve::search::Indexer;
use crate::serve::shared::{Shared, Status};
use crate::serve::watch::Rebuilder;

pub use crate::serve::log::{FirstBuild, Log, Rebuild, ServeEvent, SiteSummary, Timings};

/// Options of `helpbook serve`.
#[derive(Clone, Debug)]
pub struct ServeOptions {
    /// Port; `None` tries 8000 and the next few when it is taken.
    pub port: Option<u16>,
    /// Address to listen on (loopback unless asked).
    pub bind: IpAddr,
    /// Open the site in the default browser.
    pub open: bool,
    /// Include drafts.
    pub drafts: bool,
}

/// Runs the preview of the help center at `root` until Ctrl-C, telling
/// `log` what happens. `Err` is a problem that stops it from starting
/// (exit 2): not a help center, the port is taken.
pub fn run(root: &Path, options: ServeOptions, log: Log) -> Result<(), String> {
    let (mut live, files) = first_build(root, &options, &log)?;
    let listener = http::listen(options.bind, options.port)?;
    let address = listener.local_addr().map_err(|e| e.to_string())?;
    let base = live
        .site()
        .map(|s| s.config.base_path.clone())
        .unwrap_or_else(|| "/".into());
    let shared = Arc::new(Shared::new(files.clone(), base.clone()));
    shared.announce(&Status::new(
        &live.errors(),
        live.counts(),
        1,
        vec!["*".into()],
        true,
    ));
    let indexer = Indexer::start(shared.clone(), log.clone());
    indexer.rebuild(live.take_search_jobs());
    Rebuilder {
        live,
        files,
        shared: shared.clone(),
        indexer,
        log: log.clone(),
        root: root.to_path_buf(),
    }
    .start()?;

    let url = format!("http://{address}{base}");
    log.send(ServeEvent::Listening {
        address,
        url: url.clone(),
    });
    if options.open {
        if let Err(e) = opener::open(&url) {
            log.send(ServeEvent::OpenFailed(e.to_string()));
        }
    }
    let result = http::serve(listener, shared);
    log.send(ServeEvent::Stopped);
    result
}

/// The first build, in memory. `Err` when the root is not a help center;
/// content errors leave the site empty (the server shows them).
fn first_build(
    root: &Path,
    options: &ServeOptions,
    log: &Log,
) -> Result<(LiveSite, Files), String> {
    let today = crate::pipeline::build_date().map_err(|d| d.message)?;
    let build_options = BuildOptions {
        drafts: options.drafts,
        today,
        live: true,
    };
    let started = Instant::now();
    log.send(ServeEvent::Building);
    let (live, files) = LiveSite::build(root, build_options).map_err(|e| e.to_string())?;
    let search = live.site().is_some_and(|site| site.config.search_enabled);
    let site = live.contents().map(|(counts, pages)| SiteSummary {
        pages: *pages,
        counts: counts.clone(),
        started,
        search,
    });
    log.send(ServeEvent::Built(FirstBuild {
        diagnostics: live.report(),
        site,
    }));
    Ok((live, files))
}
