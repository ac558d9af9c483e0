//! Runs the collector: opens the database (deleting old events), starts
//! the writer thread, listens, reports once a second what was stored and
//! refused, and on SIGINT or SIGTERM stops accepting connections, lets the
//! requests under way finish, commits every accepted batch and returns.

use std::net::{IpAddr, SocketAddr, TcpListener};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use tokio::sync::watch;

use crate::insights::collect::http::{self, App};
use crate::insights::collect::limit::RateLimiter;
use crate::insights::collect::log::{CollectEvent, Log, Tally};
use crate::insights::collect::origins::Origins;
use crate::insights::collect::writer::{self, now, Retention};
use crate::insights::store::Store;

/// How often old events are deleted.
const DELETE_EVERY: Duration = Duration::from_secs(60 * 60);
/// How often what happened is reported.
const REPORT_EVERY: Duration = Duration::from_secs(1);
/// How long requests under way may take to finish after a signal to stop.
const GRACE: Duration = Duration::from_secs(10);

/// Options of `helpbook collect`.
#[derive(Clone, Debug)]
pub struct CollectOptions {
    /// The SQLite file (created when missing).
    pub db: PathBuf,
    /// Address to listen on.
    pub bind: IpAddr,
    /// Port (0 for any free one).
    pub port: u16,
    /// Who may post.
    pub origins: Origins,
    /// Days to keep events (0: forever).
    pub keep_days: u32,
    /// Requests a second per client (bursts of twice that); 0 turns the
    /// limit off.
    pub rate_limit: u32,
    /// Behind a reverse proxy: count clients by the address the proxy put
    /// last in `X-Forwarded-For`.
    pub behind_proxy: bool,
}

/// Collects events until SIGINT or SIGTERM, telling `log` what happens.
/// `Err` is a problem that stops it from starting or running (exit 2): the
/// database cannot be opened or is not an events database, the port is
/// taken.
pub fn run(options: CollectOptions, log: Log) -> Result<(), String> {
    let mut store = Store::open(&options.db).map_err(|e| e.to_string())?;
    let retention = Retention {
        keep_days: options.keep_days,
        every: DELETE_EVERY,
    };
    let deleted = retention
        .delete_old(&mut store, now())
        .map_err(|e| format!("{}: {e}", options.db.display()))?;
    if deleted > 0 {
        log.send(CollectEvent::Deleted {
            events: deleted,
            keep_days: options.keep_days,
        });
    }
    let total = store.count().map_err(|e| e.to_string())?;
    log.send(CollectEvent::Opened {
        db: options.db.clone(),
        events: total,
    });
    let listener = listen(options.bind, options.port)?;
    let address = listener.local_addr().map_err(|e| e.to_string())?;
    let tally = Tally::default();
    let (inbox, writer) = writer::start(store, total, retention, tally.clone(), log.clone())?;
    let limiter = (options.rate_limit > 0).then(|| {
        let rate = f64::from(options.rate_limit);
        Arc::new(RateLimiter::new(rate, 2.0 * rate))
    });
    let app = App {
        inbox,
        origins: Arc::new(options.origins.clone()),
        limiter,
        behind_proxy: options.behind_proxy,
        tally: tally.clone(),
    };
    let listening = CollectEvent::Listening {
        address,
        url: format!("http://{address}/events"),
        db: options.db.clone(),
    };
    let served = serve(listener, app, &tally, &log, listening);
    // Every handler is gone: the writer commits what is queued and ends.
    let total = writer
        .join()
        .map_err(|_| "the database writer failed".to_string())?;
    if let Some(activity) = tally.take() {
        log.send(CollectEvent::Activity(activity));
    }
    served?;
    log.send(CollectEvent::Stopped { events: total });
    Ok(())
}

/// Binds the listening socket.
fn listen(bind: IpAddr, port: u16) -> Result<TcpListener, String> {
    TcpListener::bind(SocketAddr::new(bind, port)).map_err(|e| {
        if e.kind() == std::io::ErrorKind::AddrInUse {
            format!("port {port} is already in use on {bind}: choose another with --port N (and the same port in [insights] endpoint)")
        } else {
            format!("cannot listen on {bind}:{port}: {e}")
        }
    })
}

/// Serves `app` on `listener` until a signal to stop, on a small tokio
/// runtime of its own, sending `listening` once signals are caught; returns
/// when every request has finished (or the grace period is over) and the
/// runtime is down.
fn serve(
    listener: TcpListener,
    app: App,
    tally: &Tally,
    log: &Log,
    listening: CollectEvent,
) -> Result<(), String> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| format!("cannot start the server: {e}"))?;
    let result = runtime.block_on(async move {
        listener
            .set_nonblocking(true)
            .map_err(|e| format!("cannot listen: {e}"))?;
        let listener = tokio::net::TcpListener::from_std(listener)
            .map_err(|e| format!("cannot listen: {e}"))?;
        let (stop, stopping) = watch::channel(false);
        let signals = Signals::catch()?;
        tokio::spawn(async move {
            signals.wait().await;
            let _ = stop.send(true);
        });
        log.send(listening);
        tokio::spawn(report(tally.clone(), log.clone()));
        let graceful = {
            let mut stopping = stopping.clone();
            async move {
                let _ = stopping.wait_for(|s| *s).await;
            }
        };
        let server = axum::serve(
            listener,
            http::router(app).into_make_service_with_connect_info::<SocketAddr>(),
        )
        .with_graceful_shutdown(graceful);
        let mut stopping = stopping;
        tokio::select! {
            served = server => served.map_err(|e| format!("server error: {e}")),
            // A connection that never finishes its request does not hold
            // the shutdown up for long.
            _ = async {
                let _ = stopping.wait_for(|s| *s).await;
                tokio::time::sleep(GRACE).await;
            } => Ok(()),
        }
    });
    // Ends what is left (connections past the grace period) and with them
    // the last ways to the writer.
    runtime.shutdown_timeout(Duration::from_secs(1));
    result
}

/// Reports what happened once a second (when anything did).
async fn report(tally: Tally, log: Log) {
    let mut every = tokio::time::interval(REPORT_EVERY);
    every.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        every.tick().await;
        if let Some(activity) = tally.take() {
            log.send(CollectEvent::Activity(activity));
        }
    }
}

/// SIGINT (Ctrl-C) and SIGTERM, caught from the moment [`Signals::catch`]
/// returns (a signal before that would end the process at once).
struct Signals {
    #[cfg(unix)]
    interrupt: tokio::signal::unix::Signal,
    #[cfg(unix)]
    terminate: tokio::signal::unix::Signal,
}

impl Signals {
    /// Starts catching them (inside the runtime).
    fn catch() -> Result<Signals, String> {
        #[cfg(unix)]
        {
            use tokio::signal::unix::{signal, SignalKind};
            let catch = |kind| signal(kind).map_err(|e| format!("cannot catch signals: {e}"));
            Ok(Signals {
                interrupt: catch(SignalKind::interrupt())?,
                terminate: catch(SignalKind::terminate())?,
            })
        }
        #[cfg(not(unix))]
        Ok(Signals {})
    }

    /// Waits for one of them.
    async fn wait(self) {
        #[cfg(unix)]
        {
            let Signals {
                mut interrupt,
                mut terminate,
            } = self;
            tokio::select! {
                _ = interrupt.recv() => {}
                _ = terminate.recv() => {}
            }
        }
        #[cfg(not(unix))]
        {
            let _ = tokio::signal::ctrl_c().await;
        }
    }
}
