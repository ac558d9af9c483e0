//! `helpbook init`: writes the starter help center and says what to do next.

use std::path::Path;
use std::process::ExitCode;

use helpbook::tools::init;

use crate::cli::print::fatal;

/// Runs the command: creates a help center in `dir`.
pub(crate) fn run(dir: &Path, quiet: bool) -> ExitCode {
    match init::init(dir) {
        Ok(files) => {
            if !quiet {
                println!(
                    "Created a help center in {} ({} files).",
                    dir.display(),
                    files.len()
                );
                println!("Next:");
                println!("  helpbook build --root {}", dir.display());
                println!(
                    "  then open {}/site/index.html, or edit the articles in {}/content/",
                    dir.display(),
                    dir.display()
                );
            }
            ExitCode::SUCCESS
        }
        Err(e) => fatal(e),
    }
}
