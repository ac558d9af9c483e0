//! The pipeline as `build` and `check` run it, with a spinner naming the
//! stage on a terminal.

use std::path::Path;

use helpbook::base::diagnostic::Report;
use helpbook::pipeline::{self, BuildOptions, Built, Target};

use crate::cli::progress::Spinner;

/// Runs the pipeline on the help center at `root` into `target`; content
/// problems go to `report`, `Err` is a usage or I/O failure. A spinner
/// names the stage on a terminal (unless `quiet`).
pub(crate) fn run(
    root: &Path,
    drafts: bool,
    target: Target,
    report: &mut Report,
    quiet: bool,
) -> Result<Built, String> {
    let options = BuildOptions {
        drafts,
        today: pipeline::build_date().map_err(|d| d.message)?,
        live: false,
    };
    let spinner = Spinner::start(quiet, "Starting");
    let built =
        pipeline::run_with_progress(root, options, target, report, &|stage| spinner.set(stage))
            .map_err(|f| f.to_string());
    spinner.finish();
    built
}
