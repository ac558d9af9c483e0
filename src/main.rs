//! The `helpbook` command line: parses arguments (clap), runs one command,
//! prints diagnostics once at the edge, and maps the outcome to an exit code
//! (0 ok, 1 content errors, 2 usage or I/O errors).

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use clap::{Parser, Subcommand, ValueEnum};
use codespan_reporting::term::termcolor::{ColorChoice, StandardStream};

use helpbook::base::diagnostic::{self, Report};
use helpbook::pipeline::{self, BuildOptions, Built, Target};
use helpbook::tools::init;

mod cli;

use cli::search;

/// Compile Markdown help articles into a static self-service help center.
#[derive(Parser, Debug)]
#[command(name = "helpbook", version, about, propagate_version = true)]
struct Cli {
    /// The help center's folder (where book.toml is).
    #[arg(long, global = true, value_name = "DIR", default_value = ".")]
    root: PathBuf,
    /// Print only errors.
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    quiet: bool,
    /// Print more detail (timings of each stage).
    #[arg(short, long, global = true)]
    verbose: bool,
    /// When to use colours in diagnostics.
    #[arg(long, global = true, value_enum, default_value_t = When::Auto)]
    color: When,
    #[command(subcommand)]
    command: Command,
}

#[derive(Copy, Clone, Debug, ValueEnum)]
enum When {
    Auto,
    Always,
    Never,
}

#[derive(Copy, Clone, Debug, ValueEnum, PartialEq, Eq)]
enum Format {
    Human,
    Json,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Build the site (atomically: the old site stays until the new one is complete).
    Build {
        /// Where to write the site [default: build-dir from book.toml, "site"].
        #[arg(long, value_name = "DIR")]
        dest: Option<PathBuf>,
        /// Include articles marked `draft = true`.
        #[arg(long)]
        drafts: bool,
        /// Output format of diagnostics and the summary.
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
        /// Print the time spent in each stage.
        #[arg(long)]
        timings: bool,
    },
    /// Preview the help center with live reload: rebuilds what changed on every save.
    Serve {
        /// Port to listen on [default: 8000, or the next free one up to 8009; 0 for any free port].
        #[arg(long, short = 'p')]
        port: Option<u16>,
        /// Address to listen on. Loopback by default: use 0.0.0.0 only on a trusted network.
        #[arg(long, default_value = "127.0.0.1")]
        bind: std::net::IpAddr,
        /// Open the site in your browser.
        #[arg(long)]
        open: bool,
        /// Include articles marked `draft = true`.
        #[arg(long)]
        drafts: bool,
    },
    /// Validate everything a build validates, writing nothing (exit 1 on errors).
    Check {
        /// Include articles marked `draft = true`.
        #[arg(long)]
        drafts: bool,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
    },
    /// Search a built site from the terminal (the same engine the browser runs).
    Search {
        /// What to search for, as a reader would type it.
        query: String,
        /// The built site [default: build-dir from book.toml, "site"].
        #[arg(long, value_name = "DIR")]
        site: Option<PathBuf>,
        /// Print the results as JSON.
        #[arg(long)]
        json: bool,
        /// Most results to print.
        #[arg(long, default_value_t = 10, value_parser = clap::value_parser!(u32).range(1..=100))]
        limit: u32,
        /// Only results in this category (its folder, such as `account-access`).
        #[arg(long, value_name = "KEY")]
        category: Option<String>,
        /// Search the index of this translation (`es`) instead of the
        /// original language's.
        #[arg(long, value_name = "CODE")]
        language: Option<String>,
    },
    /// Tools for troubleshooters and wizards.
    #[command(subcommand)]
    Tree(TreeCommand),
    /// Create a new help center (book.toml, sample articles, a contact channel).
    Init {
        /// Folder to create it in.
        #[arg(default_value = ".")]
        dir: PathBuf,
    },
}

#[derive(Subcommand, Debug)]
enum TreeCommand {
    /// Print a troubleshooter as a diagram (Graphviz dot or Mermaid) on stdout.
    Graph {
        /// The troubleshooter's Markdown file (e.g. content/account/recover.md).
        file: PathBuf,
        /// Diagram language: `dot` for Graphviz (`| dot -Tsvg > tree.svg`), `mermaid`
        /// for Markdown that GitHub and many wikis draw.
        #[arg(long, value_enum, default_value_t = GraphFormat::Mermaid)]
        format: GraphFormat,
    },
}

#[derive(Copy, Clone, Debug, ValueEnum, PartialEq, Eq)]
enum GraphFormat {
    Dot,
    Mermaid,
}

fn main() -> ExitCode {
    limit_malloc_arenas();
    let cli = Cli::parse();
    let color = match cli.color {
        When::Always => ColorChoice::Always,
        When::Never => ColorChoice::Never,
        When::Auto if std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none() => {
            ColorChoice::Auto
        }
        When::Auto => ColorChoice::Never,
    };
    match &cli.command {
        Command::Build {
            dest,
            drafts,
            format,
            timings,
        } => build(
            &cli,
            dest.as_deref(),
            *drafts,
            *format,
            *timings || cli.verbose,
            color,
        ),
        Command::Check { drafts, format } => check(&cli, *drafts, *format, color),
        Command::Serve {
            port,
            bind,
            open,
            drafts,
        } => {
            let options = helpbook::serve::ServeOptions {
                port: *port,
                bind: *bind,
                open: *open,
                drafts: *drafts,
                color,
                quiet: cli.quiet,
            };
            match helpbook::serve::run(&cli.root, options) {
                Ok(()) => ExitCode::SUCCESS,
                Err(message) => fatal(message),
            }
        }
        Command::Init { dir } => run_init(&cli, dir),
        Command::Tree(TreeCommand::Graph { file, format }) => {
            tree_graph(&cli, file, *format, color)
        }
        Command::Search {
            query,
            site,
            json,
            limit,
            category,
            language,
        } => search::run(
            &cli.root,
            site.as_deref(),
            &search::Query {
                text: query,
                category: category.as_deref(),
                language: language.as_deref(),
                limit: *limit as usize,
            },
            *json,
            cli.verbose,
        ),
    }
}

fn tree_graph(cli: &Cli, file: &Path, format: GraphFormat, color: ColorChoice) -> ExitCode {
    let mut report = Report::default();
    let format = match format {
        GraphFormat::Dot => helpbook::tools::tree_graph::GraphFormat::Dot,
        GraphFormat::Mermaid => helpbook::tools::tree_graph::GraphFormat::Mermaid,
    };
    let diagram = helpbook::tools::tree_graph::graph(&cli.root, file, format, &mut report);
    print_human(&report, color, cli.quiet);
    match diagram {
        Ok(diagram) => {
            print!("{diagram}");
            ExitCode::SUCCESS
        }
        Err(helpbook::tools::tree_graph::GraphFailure::Unreadable) => ExitCode::from(2),
        Err(helpbook::tools::tree_graph::GraphFailure::Invalid) => ExitCode::from(1),
    }
}

/// Exit code for a run whose content problems are in `report`.
fn content_exit(report: &Report) -> ExitCode {
    if report.has_errors() {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

fn fatal(message: impl std::fmt::Display) -> ExitCode {
    eprintln!("error: {message}");
    ExitCode::from(2)
}

/// A usage or I/O failure (exit 2); with `--format json` it is also printed
/// as a JSON document on stdout, so a machine reading stdout always gets one.
fn fatal_as(format: Format, message: impl std::fmt::Display) -> ExitCode {
    if format == Format::Json {
        let json = serde_json::json!({
            "ok": false,
            "errors": 1,
            "warnings": 0,
            "fatal": message.to_string(),
            "diagnostics": [],
        });
        println!("{json:#}");
    }
    fatal(message)
}

fn print_human(report: &Report, color: ColorChoice, quiet: bool) {
    let mut stream = StandardStream::stderr(color);
    let result = if quiet {
        diagnostic::render_human(&report.errors_only(), &mut stream)
    } else {
        diagnostic::render_human(report, &mut stream)
    };
    if let Err(e) = result {
        eprintln!("error: cannot print diagnostics: {e}");
    }
}

/// Runs the pipeline for `build` and `check`; `Err` is a usage or I/O
/// failure. A spinner names the stage on a terminal (unless `quiet`).
fn run_pipeline(
    cli: &Cli,
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
    let spinner = helpbook::progress::Spinner::start(quiet, "Starting");
    let built = pipeline::run_with_progress(&cli.root, options, target, report, &|stage| {
        spinner.set(stage)
    })
    .map_err(|f| f.to_string());
    spinner.finish();
    built
}

fn build(
    cli: &Cli,
    dest: Option<&Path>,
    drafts: bool,
    format: Format,
    timings: bool,
    color: ColorChoice,
) -> ExitCode {
    let start = Instant::now();
    let mut report = Report::default();
    let built = match run_pipeline(
        cli,
        drafts,
        Target::Folder(dest.map(Path::to_path_buf)),
        &mut report,
        cli.quiet || format == Format::Json,
    ) {
        Ok(built) => built,
        Err(message) => return fatal_as(format, message),
    };
    let Built {
        output,
        timings: phases,
        written,
        ..
    } = built;
    let (written_to, write_error) = match written {
        Some(Ok(dest)) => (Some(dest), None),
        Some(Err(e)) => (None, Some(e)),
        None => (None, None),
    };
    let elapsed = start.elapsed();
    let summary = output.as_ref().map(|o| {
        serde_json::json!({
            "pages": o.stats.pages,
            "articles": o.stats.articles,
            "trees": o.stats.trees,
            "sections": o.stats.sections,
            "redirects": o.stats.redirects,
            "assets": o.stats.assets,
            "dest": written_to.as_ref().map(|d| d.display().to_string()),
            "search": o.search.as_ref().map(|s| serde_json::json!({
                "documents": s.documents,
                "index_bytes": s.raw_bytes,
                "hot_bytes": s.hot_bytes,
                "page_bytes": s.page_bytes,
                "inline": s.inline,
            })),
            "seconds": elapsed.as_secs_f64(),
        })
    });
    match format {
        Format::Json => {
            let fatal = write_error.as_ref().map(|e| e.to_string());
            println!(
                "{}",
                diagnostic::render_json(&report, summary.as_ref(), fatal.as_deref())
            );
        }
        Format::Human => {
            print_human(&report, color, cli.quiet);
            if timings {
                for (name, duration, peak) in &phases.phases {
                    let peak = peak
                        .map(|bytes| format!("   peak memory {}", human_bytes(bytes)))
                        .unwrap_or_default();
                    eprintln!(
                        "  {name:<16} {:>8.1} ms{peak}",
                        duration.as_secs_f64() * 1000.0
                    );
                }
            }
            if let (Some(o), Some(dest)) = (&output, &written_to) {
                if !cli.quiet {
                    let mut out = std::io::stdout().lock();
                    let index = o
                        .search
                        .as_ref()
                        .map(|s| {
                            format!(", search index {}", human_bytes(s.hot_bytes + s.page_bytes))
                        })
                        .unwrap_or_default();
                    let _ = writeln!(
                        out,
                        "Built {} pages ({} articles, {} troubleshooters, {} categories, {} redirects){index} in {:.2} s → {}",
                        o.stats.pages,
                        o.stats.articles,
                        o.stats.trees,
                        o.stats.sections,
                        o.stats.redirects,
                        elapsed.as_secs_f64(),
                        dest.display()
                    );
                }
            } else if report.has_errors() {
                eprintln!(
                    "Build failed: {} error(s), {} warning(s). Nothing was written; the previous site is unchanged.",
                    report.error_count(),
                    report.warning_count()
                );
            }
        }
    }
    if let Some(e) = write_error {
        return fatal(e);
    }
    content_exit(&report)
}

/// `73.4 KiB`.
fn human_bytes(bytes: u64) -> String {
    if bytes < 1024 {
        format!("{bytes} B")
    } else if bytes < 1024 * 1024 {
        format!("{:.1} KiB", bytes as f64 / 1024.0)
    } else {
        format!("{:.1} MiB", bytes as f64 / 1_048_576.0)
    }
}

fn check(cli: &Cli, drafts: bool, format: Format, color: ColorChoice) -> ExitCode {
    let mut report = Report::default();
    let built = match run_pipeline(
        cli,
        drafts,
        Target::Check,
        &mut report,
        cli.quiet || format == Format::Json,
    ) {
        Ok(built) => built,
        Err(message) => return fatal_as(format, message),
    };
    match format {
        Format::Json => {
            let summary = built.site.as_ref().map(|site| {
                serde_json::json!({
                    "articles": site.articles.len(),
                    "sections": site.sections.len().saturating_sub(1),
                })
            });
            println!(
                "{}",
                diagnostic::render_json(&report, summary.as_ref(), None)
            );
        }
        Format::Human => {
            print_human(&report, color, cli.quiet);
            if !cli.quiet {
                if let Some(site) = &built.site {
                    let translated: usize =
                        built.translations.iter().map(|t| t.articles.len()).sum();
                    let translations = if built.translations.is_empty() {
                        String::new()
                    } else {
                        format!(
                            " and {translated} translation(s) into {} language(s)",
                            built.translations.len()
                        )
                    };
                    eprintln!(
                        "Checked {} articles{translations} in {} categories: {} error(s), {} warning(s).",
                        site.articles.len(),
                        site.sections.len().saturating_sub(1),
                        report.error_count(),
                        report.warning_count()
                    );
                }
            }
        }
    }
    content_exit(&report)
}

fn run_init(cli: &Cli, dir: &Path) -> ExitCode {
    match init::init(dir) {
        Ok(files) => {
            if !cli.quiet {
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

/// Caps glibc's malloc at one heap ("arena") per core. By default every
/// thread that allocates gets its own, up to eight per core, and memory
/// freed in one is never reused by another: a 50,000-article build (render
/// and index threads side by side) peaked about 200 MB higher that way,
/// for ~3% less time. `MALLOC_ARENA_MAX`, when set, still decides.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn limit_malloc_arenas() {
    extern "C" {
        fn mallopt(param: std::ffi::c_int, value: std::ffi::c_int) -> std::ffi::c_int;
    }
    const M_ARENA_MAX: std::ffi::c_int = -8;
    if std::env::var_os("MALLOC_ARENA_MAX").is_some() {
        return;
    }
    let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
    let arenas = std::ffi::c_int::try_from(cores.max(2)).unwrap_or(std::ffi::c_int::MAX);
    // SAFETY: mallopt only sets one of the allocator's tunables; it is
    // called first thing in main, before any other thread exists.
    unsafe {
        mallopt(M_ARENA_MAX, arenas);
    }
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn limit_malloc_arenas() {}
