//! [`render_site`]: every page of a site rendered in parallel into a
//! [`Sink`], each leaving memory as soon as it is written; then, for the
//! site at the help center's root, the sitemap, robots.txt, the theme's
//! static files and the content assets.

use std::collections::BTreeMap;

use jiff::civil::Date;
use rayon::prelude::*;

use crate::base::diagnostic::{Diagnostic, Report};
use crate::model::search::Locations;
use crate::model::site::Site;
use crate::model::urls::{Redirect, STATIC_DIR};
use crate::render::jobs::Job;
use crate::render::output::{Output, Stats};
use crate::render::place::Place;
use crate::render::renderer::Renderer;
use crate::theme::Theme;
use crate::write::{Sink, WriteError};

/// A rendered file after the sink took it: the bytes when kept in memory,
/// or why the page could not be rendered.
type Kept = Result<Option<Vec<u8>>, Diagnostic>;

/// Renders every page of `site` into `sink`. Template errors go to
/// `report`; the first file that cannot be written is returned as `Err`.
#[allow(clippy::too_many_arguments)]
pub fn render_site(
    site: &Site,
    theme: &Theme,
    tera: &tera::Tera,
    redirects: &[Redirect],
    search: Option<&Locations>,
    today: Date,
    place: Place<'_>,
    sink: Sink<'_>,
    report: &mut Report,
) -> Result<Output, WriteError> {
    let renderer = match Renderer::new(site, theme, tera, redirects, search, today, place) {
        Ok(r) => r,
        Err(d) => {
            report.push(d);
            return Ok(Output::default());
        }
    };
    let jobs = renderer.jobs();
    let mut files = render_pages(&renderer, &jobs, place.prefix, sink)?;
    // The sitemap, robots.txt, the theme's files and content assets are the
    // whole site's, written once at its root.
    if place.is_root() {
        files.extend(render_extras(&renderer, sink)?);
    }
    let mut output = Output::default();
    // A broken template fails every page the same way: report it once.
    let mut errors: BTreeMap<String, Diagnostic> = BTreeMap::new();
    for (path, result) in files {
        match result {
            Ok(Some(bytes)) => {
                output.files.insert(path, bytes);
            }
            Ok(None) => {}
            Err(d) => {
                errors.entry(d.message.clone()).or_insert(d);
            }
        }
    }
    if place.is_root() {
        copy_shared_files(site, theme, sink, &mut output)?;
    }
    report.extend(errors.into_values());
    // Every job but the redirects is a page of the summary's count.
    output.stats = Stats::of(site, jobs.len() - redirects.len(), redirects.len());
    Ok(output)
}

/// Renders `jobs` on every core into `sink`, under the site's folder
/// `prefix`. Each page leaves memory as soon as it is written (unless the
/// sink keeps pages in memory); only those kept and failures are returned.
fn render_pages(
    renderer: &Renderer<'_>,
    jobs: &[(String, Job)],
    prefix: &str,
    sink: Sink<'_>,
) -> Result<Vec<(String, Kept)>, WriteError> {
    jobs.par_iter()
        .map_init(
            || renderer.context(),
            |ctx, (path, job)| {
                let path = format!("{prefix}{path}");
                let result = match renderer.render_in(ctx, job) {
                    Ok(bytes) => sink.put(&path, bytes).map(Ok)?,
                    Err(d) => Err(d),
                };
                Ok((path, result))
            },
        )
        .filter(|r: &Result<_, WriteError>| !matches!(r, Ok((_, Ok(None)))))
        .collect()
}

/// Renders the sitemap and robots.txt into `sink`.
fn render_extras(
    renderer: &Renderer<'_>,
    sink: Sink<'_>,
) -> Result<Vec<(String, Kept)>, WriteError> {
    let mut out = Vec::new();
    for (path, result) in renderer.extras() {
        let result = match result {
            Ok(bytes) => Ok(sink.put(&path, bytes)?),
            Err(d) => Err(d),
        };
        out.push((path, result));
    }
    Ok(out)
}

/// Writes the theme's static files and copies the content assets into
/// `sink`, noting in `output` what it keeps.
fn copy_shared_files(
    site: &Site,
    theme: &Theme,
    sink: Sink<'_>,
    output: &mut Output,
) -> Result<(), WriteError> {
    for (name, bytes) in &theme.statics {
        let path = format!("{STATIC_DIR}{name}");
        if let Some(bytes) = sink.put(&path, bytes.clone())? {
            output.files.insert(path, bytes);
        }
    }
    for asset in &site.assets {
        if sink.copy(&asset.key, &asset.source)? {
            output
                .copies
                .insert(asset.key.clone(), asset.source.clone());
        }
    }
    Ok(())
}
