//! `helpbook tree graph`: prints a troubleshooter as a diagram on stdout,
//! with `--insights` how many readers took each answer.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use helpbook::base::diagnostic::Report;
use helpbook::insights::report::{period, trees, Period, Since};
use helpbook::tools::tree_graph::{self, AnswerCounts, GraphFailure};

use crate::cli::args::GraphFormat;
use crate::cli::insights::load;
use crate::cli::print::{fatal, Terminal};

/// Runs the command on the tree in `file` of the help center at `root`;
/// `insights` is the events (a database, or an events file ending in
/// `.jsonl`) and the period to count answers in.
pub(crate) fn graph(
    root: &Path,
    file: &Path,
    format: GraphFormat,
    insights: Option<(&Path, Since)>,
    terminal: Terminal,
) -> ExitCode {
    let counts = match insights {
        None => None,
        Some((events, since)) => match answer_counts(root, file, events, since, terminal) {
            Ok(counts) => Some(counts),
            Err(message) => return fatal(message),
        },
    };
    let mut report = Report::default();
    let format = match format {
        GraphFormat::Dot => tree_graph::GraphFormat::Dot,
        GraphFormat::Mermaid => tree_graph::GraphFormat::Mermaid,
    };
    let diagram = tree_graph::graph(root, file, format, counts.as_ref(), &mut report);
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

/// How many readers took each answer of the tree in `file`, from the
/// events in `source` over the period `since` describes.
fn answer_counts(
    root: &Path,
    file: &Path,
    source: &Path,
    since: Since,
    terminal: Terminal,
) -> Result<AnswerCounts, String> {
    let period = Period::new(since, period::now()?)?;
    let is_file = source
        .extension()
        .is_some_and(|x| x == "jsonl" || x == "json");
    let sources = if is_file {
        (None, Some(source))
    } else {
        (Some(source), None)
    };
    let (content, events, _) = load(root, sources, &period, terminal)?;
    let relative = relative_to(root, file).ok_or_else(|| {
        format!(
            "{} is not a file of the help center in {}",
            file.display(),
            root.display()
        )
    })?;
    let stats = trees::for_file(&content, &relative, &events, &period).ok_or_else(|| {
        format!(
            "{} is not a troubleshooter or wizard of the help center (or it has errors: `helpbook check`)",
            file.display()
        )
    })?;
    let mut counts = AnswerCounts {
        period: format!(
            "{} to {}",
            period::date_of(period.first),
            period::date_of(period.last)
        ),
        starts: stats.starts,
        answers: Default::default(),
    };
    for answer in stats.answers {
        counts
            .answers
            .insert((answer.step, answer.choice), answer.count);
    }
    Ok(counts)
}

/// `file` (given as `tree graph` takes it: relative to the working folder
/// or to `root`, or absolute) as a path from `root`.
fn relative_to(root: &Path, file: &Path) -> Option<PathBuf> {
    let path = if file.is_absolute() || file.exists() {
        file.to_path_buf()
    } else {
        root.join(file)
    };
    let path = path.canonicalize().ok()?;
    let root = root.canonicalize().ok()?;
    path.strip_prefix(root).ok().map(Path::to_path_buf)
}
