//! The `helpbook` command line: parses arguments (clap), runs one command
//! (each in its module of `cli/`), and returns its exit code (0 ok, 1
//! content errors, 2 usage or I/O errors). Only the binary prints: the
//! library returns diagnostics, summaries and the preview's events as
//! values.

use std::process::ExitCode;

use clap::Parser;

mod cli;

use cli::args::{Cli, Command, TreeCommand};
use cli::print::Terminal;
use cli::{build, check, collect, init, insights, search, serve, tree};

fn main() -> ExitCode {
    let cli = Cli::parse();
    let terminal = Terminal::new(cli.color, cli.quiet);
    let root = cli.root.as_path();
    match &cli.command {
        Command::Build {
            dest,
            drafts,
            format,
            timings,
        } => build::run(
            &build::BuildArgs {
                root,
                dest: dest.as_deref(),
                drafts: *drafts,
                format: *format,
                timings: *timings || cli.verbose,
            },
            terminal,
        ),
        Command::Check {
            drafts,
            format,
            timings,
        } => check::run(root, *drafts, *format, *timings || cli.verbose, terminal),
        Command::Serve {
            port,
            bind,
            open,
            drafts,
            timings,
        } => {
            let options = helpbook::serve::ServeOptions {
                port: *port,
                bind: *bind,
                open: *open,
                drafts: *drafts,
            };
            serve::run(root, options, terminal, *timings)
        }
        Command::Collect {
            db,
            port,
            bind,
            allow_origin,
            keep_days,
            rate_limit,
            behind_proxy,
        } => collect::run(
            &collect::Args {
                db,
                port: *port,
                bind: *bind,
                allow_origin,
                keep_days: *keep_days,
                rate_limit: *rate_limit,
                behind_proxy: *behind_proxy,
            },
            terminal,
        ),
        Command::Init { dir } => init::run(dir, cli.quiet),
        Command::Tree(TreeCommand::Graph {
            file,
            format,
            insights,
            since,
        }) => tree::graph(
            root,
            file,
            *format,
            insights.as_deref().map(|events| (events, *since)),
            terminal,
        ),
        Command::Insights(args) => insights::run(root, args, terminal),
        Command::Search {
            query,
            site,
            json,
            limit,
            category,
            language,
        } => search::run(
            root,
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
