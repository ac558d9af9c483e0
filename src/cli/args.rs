//! The command line's arguments (clap derive): global options, the
//! commands and their options. The doc comments on fields and commands are
//! the `--help` text.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};
use helpbook::insights::report::Since;

/// Compile Markdown help articles into a static self-service help center.
#[derive(Parser, Debug)]
#[command(name = "helpbook", version, about, propagate_version = true)]
pub(crate) struct Cli {
    /// The help center's folder (where book.toml is).
    #[arg(long, global = true, value_name = "DIR", default_value = ".")]
    pub root: PathBuf,
    /// Print only errors.
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    pub quiet: bool,
    /// Print more detail (timings of each stage).
    #[arg(short, long, global = true)]
    pub verbose: bool,
    /// When to use colours in diagnostics.
    #[arg(long, global = true, value_enum, default_value_t = When::Auto)]
    pub color: When,
    /// The command to run.
    #[command(subcommand)]
    pub command: Command,
}

// The variants of the value enums carry no doc comments: clap would show
// them as help text of each possible value.

/// When to use colours (`--color`).
#[derive(Copy, Clone, Debug, ValueEnum)]
pub(crate) enum When {
    Auto,
    Always,
    Never,
}

/// How diagnostics and summaries are printed (`--format`).
#[derive(Copy, Clone, Debug, ValueEnum, PartialEq, Eq)]
pub(crate) enum Format {
    Human,
    Json,
}

/// The commands.
#[derive(Subcommand, Debug)]
pub(crate) enum Command {
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
        /// Print where each rebuild's time went, from the save seen to the tabs told (even with --quiet).
        #[arg(long)]
        timings: bool,
    },
    /// Validate everything a build validates, writing nothing (exit 1 on errors).
    Check {
        /// Include articles marked `draft = true`.
        #[arg(long)]
        drafts: bool,
        /// Output format.
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
        /// Print the time spent in each stage.
        #[arg(long)]
        timings: bool,
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
    /// Collect the events pages send when `[insights] endpoint` is set, into one SQLite file.
    Collect {
        /// The SQLite file to store events in (created when missing).
        #[arg(long, value_name = "FILE")]
        db: PathBuf,
        /// Port to listen on (0 for any free port).
        #[arg(long, short = 'p', default_value_t = 8787)]
        port: u16,
        /// Address to listen on. Behind a reverse proxy (for HTTPS), keep loopback.
        #[arg(long, default_value = "127.0.0.1")]
        bind: std::net::IpAddr,
        /// An origin whose pages may post events, as in the address bar without a path
        /// (https://help.example.com); repeat for several.
        #[arg(long = "allow-origin", value_name = "ORIGIN", required = true)]
        allow_origin: Vec<String>,
        /// Delete events older than this many days (checked at start and hourly; 0 keeps
        /// them all).
        #[arg(long, value_name = "DAYS", default_value_t = 180)]
        keep_days: u32,
        /// Requests a second each client address may make, in bursts of twice that
        /// (0: no limit). Addresses are kept in memory only, never written.
        #[arg(long, value_name = "N", default_value_t = 20)]
        rate_limit: u32,
        /// Count clients by the address a reverse proxy adds last to X-Forwarded-For
        /// (otherwise every reader shares the proxy's address and its rate limit).
        #[arg(long)]
        behind_proxy: bool,
    },
    /// Tools for troubleshooters and wizards.
    #[command(subcommand)]
    Tree(TreeCommand),
    /// Report what readers searched, found helpful and did in troubleshooters
    /// (from the events `helpbook collect` stored, or an events file).
    Insights(InsightsArgs),
    /// Create a new help center (book.toml, sample articles, a contact channel).
    Init {
        /// Folder to create it in.
        #[arg(default_value = ".")]
        dir: PathBuf,
    },
}

/// The commands of `helpbook tree`.
#[derive(Subcommand, Debug)]
pub(crate) enum TreeCommand {
    /// Print a troubleshooter as a diagram (Graphviz dot or Mermaid) on stdout.
    Graph {
        /// The troubleshooter's Markdown file (e.g. content/account/recover.md).
        file: PathBuf,
        /// Diagram language: `dot` for Graphviz (`| dot -Tsvg > tree.svg`), `mermaid`
        /// for Markdown that GitHub and many wikis draw.
        #[arg(long, value_enum, default_value_t = GraphFormat::Mermaid)]
        format: GraphFormat,
        /// Draw on each arrow how many readers took that answer, from the
        /// collector's database (or an events file ending in .jsonl).
        #[arg(long, value_name = "FILE")]
        insights: Option<PathBuf>,
        /// With --insights: the period, as for `helpbook insights`.
        #[arg(long, value_name = "WHEN", default_value = "30d", value_parser = parse_since, requires = "insights")]
        since: Since,
    },
}

/// The options of `helpbook insights`.
#[derive(clap::Args, Debug)]
pub(crate) struct InsightsArgs {
    /// The collector's database (`helpbook collect --db`).
    #[arg(long, value_name = "FILE", required_unless_present = "events")]
    pub db: Option<PathBuf>,
    /// An events file collected elsewhere: JSON Lines, one event with its `time` per line.
    #[arg(long, value_name = "FILE")]
    pub events: Option<PathBuf>,
    /// The period: the last N days (`30d`, `7d`, today included) or from a date
    /// (`2026-11-01`) to today; days are UTC. Trends compare with the period of
    /// the same length before.
    #[arg(long, value_name = "WHEN", default_value = "30d", value_parser = parse_since)]
    pub since: Since,
    /// Only events and pages in this language (`es`).
    #[arg(long, value_name = "CODE")]
    pub language: Option<String>,
    /// Output format: `text` for a terminal, `json` for scripts, `html` for one
    /// self-contained page.
    #[arg(long, value_enum, default_value_t = ReportFormat::Text)]
    pub format: ReportFormat,
    /// Write the report to this file instead of stdout.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Most rows in each list.
    #[arg(long, value_name = "N", default_value_t = 20, value_parser = clap::value_parser!(u32).range(1..=100_000))]
    pub top: u32,
    /// Print `[[search.expect]]` entries for book.toml (from popular searches whose
    /// opened result was consistent) instead of the report.
    #[arg(long)]
    pub suggest_tests: bool,
    /// With --suggest-tests: how many times a query must have been searched.
    #[arg(long, value_name = "N", default_value_t = 10, value_parser = clap::value_parser!(u64).range(1..))]
    pub min_searches: u64,
}

/// `--since`: `30d`, `7d` or a date.
fn parse_since(text: &str) -> Result<Since, String> {
    text.parse()
}

/// The formats of `helpbook insights`.
#[derive(Copy, Clone, Debug, ValueEnum, PartialEq, Eq)]
pub(crate) enum ReportFormat {
    Text,
    Json,
    Html,
}

/// The diagram languages of `helpbook tree graph`.
#[derive(Copy, Clone, Debug, ValueEnum, PartialEq, Eq)]
pub(crate) enum GraphFormat {
    Dot,
    Mermaid,
}
