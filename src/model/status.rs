//! Known issues: the files of `content/_status/` (`<name>.md`, translated
//! as `<name>.<code>.md`), each a problem readers may meet, with the pages
//! it affects (the issue itself, `Issue`, is in `site.rs` beside the other
//! documents). `load` reads them, `validate` resolves `affects` into
//! [`Affected`] pages, `render` shows each where it matters and lists them
//! all on the status page and its feed.

use jiff::civil::Date;

use crate::model::meta::{AnnouncementSeverity, Located};

/// The folder under `content/` that holds the known issues.
pub const STATUS_DIR: &str = "_status";

/// The front matter of a known issue.
#[derive(Clone, Debug)]
pub struct IssueMeta {
    /// Headline (`title`).
    pub title: String,
    /// How serious it is (`severity`, the announcement's values).
    pub severity: AnnouncementSeverity,
    /// The day it started (`start`; a date-time keeps its date).
    pub start: Date,
    /// The day it ended (`end`), when it is over or is planned to be.
    pub end: Option<Date>,
    /// `affects`: the articles, trees and tree steps
    /// (`account-access/recover-your-account.md#enter-code`) it concerns, as
    /// written; empty for an issue of the whole help center.
    pub affects: Vec<Located>,
}

/// A page an issue's `affects` names (filled by `validate`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Affected {
    /// `site.articles[i]`: an article, or a whole tree (every step).
    Article(usize),
    /// Step `.1` of the tree of `site.articles[.0]`.
    Step(usize, usize),
}
