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
                println!(
                    "  helpbook serve --root {}   (a live preview at the address it prints, http://127.0.0.1:8000/ when free; edit the articles in {}/content/)",
                    dir.display(),
                    dir.display()
                );
                println!(
                    "  helpbook build --root {}   (the site in {}/site/, for any static web server)",
                    dir.display(),
                    dir.display()
                );
            }
            ExitCode::SUCCESS
        }
        Err(e) => fatal(e),
    }
}
