//! Ctrl-C (SIGINT), SIGTERM and SIGHUP during `build`: the unfinished site
//! and the build's temporary files are deleted before the process exits
//! with 128 + the signal's number (130, 143, 129), as shells expect. A
//! signal the process was started ignoring (`nohup`, a background job of
//! a script) stays ignored. `kill -9` cannot be caught: the next build
//! removes what such a build left.

use std::sync::atomic::{AtomicBool, Ordering};

/// Set when a signal arrived: the build is being cancelled.
static INTERRUPTED: AtomicBool = AtomicBool::new(false);

/// From now on, a termination signal cancels the build (see the module's
/// documentation). Does nothing where signals cannot be listened to.
#[cfg(unix)]
pub(crate) fn cancel_builds_on_signals() {
    use tokio::signal::unix::{signal, SignalKind};

    let Ok(runtime) = tokio::runtime::Builder::new_current_thread()
        .enable_io()
        .build()
    else {
        return;
    };
    let mut streams = Vec::new();
    {
        // Registered here, before the build starts, not in the thread.
        let _context = runtime.enter();
        for (kind, number) in [
            (SignalKind::interrupt(), libc::SIGINT),
            (SignalKind::terminate(), libc::SIGTERM),
            (SignalKind::hangup(), libc::SIGHUP),
        ] {
            if ignored(number) {
                continue;
            }
            if let Ok(stream) = signal(kind) {
                streams.push((stream, 128 + number));
            }
        }
    }
    if streams.is_empty() {
        return;
    }
    let _ = std::thread::Builder::new()
        .name("signals".into())
        .spawn(move || {
            let code = runtime.block_on(async move {
                let waits = streams.iter_mut().map(|(stream, code)| {
                    Box::pin(async move {
                        stream.recv().await;
                        *code
                    })
                });
                futures_util::future::select_all(waits).await.0
            });
            cancel_and_exit(code);
        });
}

/// Elsewhere: nothing (Ctrl-C ends the process; the next build removes
/// what it left).
#[cfg(not(unix))]
pub(crate) fn cancel_builds_on_signals() {}

/// Whether `signal` was ignored when the process started.
#[cfg(unix)]
fn ignored(signal: libc::c_int) -> bool {
    // SAFETY: sigaction with a null new action only reads the current one
    // into `current`, a zeroed plain C struct it fully owns.
    unsafe {
        let mut current: libc::sigaction = std::mem::zeroed();
        libc::sigaction(signal, std::ptr::null(), &mut current) == 0
            && current.sa_sigaction == libc::SIG_IGN
    }
}

/// Stops the build's writes, deletes what it made, says so, and exits.
fn cancel_and_exit(code: i32) -> ! {
    INTERRUPTED.store(true, Ordering::SeqCst);
    let stopped = helpbook::pipeline::cancel_builds();
    if stopped > 0 {
        eprintln!(
            "\nInterrupted: the unfinished site was deleted; the previous site is unchanged."
        );
    } else {
        eprintln!("\nInterrupted.");
    }
    std::process::exit(code);
}

/// Waits for the exit when a signal is being handled (the build's writes
/// failed because of it: their errors are not worth showing).
pub(crate) fn wait_if_interrupted() {
    while INTERRUPTED.load(Ordering::SeqCst) {
        std::thread::park();
    }
}
