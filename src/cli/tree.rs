//! `helpbook tree graph`: prints a troubleshooter as a diagram on stdout.

use std::path::Path;
use std::process::ExitCode;

use helpbook::base::diagnostic::Report;
use helpbook::tools::tree_graph::{self, GraphFailure};

use crate::cli::args::GraphFormat;
use crate::cli::print::Terminal;

/// Runs the command on the tree in `file` of the help center at `root`.
pub(crate) fn graph(root: &Path, file: &Path, format: GraphFormat, terminal: Terminal) -> ExitCode {
    let mut report = Report::default();
    let format = match format {
        GraphFormat::Dot => tree_graph::GraphFormat::Dot,
        GraphFormat::Mermaid => tree_graph::GraphFormat::Mermaid,
    };
    let diagram = tree_graph::graph(root, file, format, &mut report);
    terminal.diagnostics(&report);
    match diagram {
        Ok(diagram) => {
            print!("{diagram}");
            ExitCode::SUCCESS
        }
        Err(GraphFailure::Unreadable) => ExitCode::from(2),
        Err(GraphFailure::Invalid) => ExitCode::from(1),
    }
}
