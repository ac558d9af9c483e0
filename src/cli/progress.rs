//! Progress on long builds: a spinner with the current stage on a terminal
//! (indicatif), nothing at all when stderr is not a terminal or with `-q`.

use std::io::IsTerminal;
use std::time::Duration;

use indicatif::{ProgressBar, ProgressStyle};

/// A spinner on stderr, or nothing.
pub(crate) struct Spinner(Option<ProgressBar>);

impl Spinner {
    /// Starts a spinner saying `message`, unless `quiet` or stderr is not a
    /// terminal.
    pub fn start(quiet: bool, message: &str) -> Spinner {
        if quiet || !std::io::stderr().is_terminal() {
            return Spinner(None);
        }
        let bar = ProgressBar::new_spinner();
        if let Ok(style) = ProgressStyle::with_template("{spinner} {msg} {elapsed}") {
            bar.set_style(style);
        }
        bar.set_message(message.to_string());
        bar.enable_steady_tick(Duration::from_millis(100));
        Spinner(Some(bar))
    }

    /// Says what is happening now.
    pub fn set(&self, message: &str) {
        if let Some(bar) = &self.0 {
            bar.set_message(message.to_string());
        }
    }

    /// Removes the spinner (the summary line follows).
    pub fn finish(self) {
        if let Some(bar) = self.0 {
            bar.finish_and_clear();
        }
    }
}
