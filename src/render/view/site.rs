//! `site`: what every page knows about the help center (its title, language,
//! top-level categories, support channels, search files and announcement).

use jiff::civil::Date;
use serde::Serialize;

use crate::base::html::escape_html;
use crate::config::{Config, SupportChannel};
use crate::model::search::Locations;
use crate::model::site::Announcement;
use crate::render::functions::StaticUrl;
use crate::render::view::date::iso_date;
use crate::render::view::hours::channel_hours;
use crate::render::view::listing::SectionSummary;
use crate::theme::{Image, Strings, Theme};

/// `site`: on every page.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct SiteView {
    /// `[book] title`.
    pub title: String,
    /// `[book] description`.
    pub description: String,
    /// The language of this site's pages (`[book] language`, or a
    /// translation's code).
    pub language: String,
    /// `rtl` for right-to-left languages, else `ltr`.
    pub dir: &'static str,
    /// Base path, ending in `/`.
    pub base_url: String,
    /// The home page URL.
    pub home_url: String,
    /// The contact page URL.
    pub contact_url: String,
    /// The search page URL.
    pub search_url: String,
    /// `auto`, `light` or `dark`.
    pub default_theme: &'static str,
    /// Top-level categories.
    pub sections: Vec<SectionSummary>,
    /// `[[support.channels]]`.
    pub support_channels: Vec<ChannelView>,
    /// `[support] intro`.
    pub support_intro: String,
    /// The channel whose reply time or opening hours the "Still need
    /// help?" band shows: the request channel when it has `reply-within`,
    /// else the first `live` one; `None` when neither.
    pub hours_channel: Option<ChannelView>,
    /// Whether any channel has a structured reply time (`reply-within` or
    /// `live`): pages then load `hours.js`.
    pub has_hours: bool,
    /// `[insights] endpoint` or empty: where pages send what readers do.
    pub insights_endpoint: String,
    /// The active announcement.
    pub announcement: Option<AnnouncementView>,
    /// `helpbook <version>`.
    pub generator: String,
    /// Where the search files are; `None` when search is off.
    pub search: Option<SearchView>,
    /// `[theme] logo`, shown in the header's link to the home page.
    pub logo: Option<ImageView>,
    /// The favicon: `[theme] favicon` or the theme's own.
    pub favicon: Option<ImageView>,
    /// `[theme] accent` as CSS custom properties (`--brand:#1a73e8;…`) for
    /// a `:root` rule, or empty: the theme's own colours.
    pub accent_css: String,
    /// The status page, its feed, `[status] live` and the search results'
    /// badges; `None` when the site has no known issues and no `[status]`.
    pub status: Option<crate::render::view::status::SiteStatusView>,
}

impl SiteView {
    /// The view of `config`'s site in the language of `t`: its top-level
    /// categories `sections`, where its search files are (`None` when
    /// search is off) and its active announcement.
    pub(crate) fn new(
        config: &Config,
        t: &Strings,
        sections: Vec<SectionSummary>,
        search: Option<&Locations>,
        announcement: Option<AnnouncementView>,
    ) -> SiteView {
        let base = &config.base_path;
        SiteView {
            title: config.title.clone(),
            description: config.description.clone(),
            language: config.language.clone(),
            dir: if config.rtl() { "rtl" } else { "ltr" },
            base_url: base.clone(),
            home_url: base.clone(),
            contact_url: config.url("contact/"),
            search_url: config.url("search/"),
            search: search.map(|l| SearchView::new(config, l)),
            default_theme: config.default_theme.as_str(),
            sections,
            support_channels: ordered_channels(config, t, None),
            hours_channel: hours_channel(config, t),
            has_hours: config
                .support_channels
                .iter()
                .any(|c| c.live || c.reply_within.is_some()),
            support_intro: config.support_intro.clone(),
            insights_endpoint: config.insights_endpoint.clone(),
            announcement,
            generator: format!("helpbook {}", env!("CARGO_PKG_VERSION")),
            logo: None,
            favicon: None,
            accent_css: String::new(),
            status: None,
        }
    }

    /// The view with the status page's `site.status` (see
    /// `render/view/status.rs`).
    pub(crate) fn with_status(
        mut self,
        status: Option<crate::render::view::status::SiteStatusView>,
    ) -> SiteView {
        self.status = status;
        self
    }

    /// The view with `[theme]`'s brand: the logo and favicon of `theme`
    /// (URLs with their content hash) and `config`'s accent.
    pub(crate) fn with_brand(mut self, config: &Config, theme: &Theme) -> SiteView {
        let statics = StaticUrl::new(theme, config);
        let view = |image: &Image| {
            let (width, height) = image.size.unwrap_or((0, 0));
            Some(ImageView {
                url: statics.url(&image.name)?,
                mime: image.mime,
                width,
                height,
            })
        };
        self.logo = theme.logo.as_ref().and_then(view);
        self.favicon = theme.favicon().as_ref().and_then(view);
        self.accent_css = config
            .brand
            .accent
            .as_ref()
            .map(|a| a.css_properties())
            .unwrap_or_default();
        self
    }
}

/// An image of the brand.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct ImageView {
    /// Its URL, with a hash of its content.
    pub url: String,
    /// Its MIME type (`image/svg+xml`).
    pub mime: &'static str,
    /// Its width in CSS pixels, 0 when unknown.
    pub width: u32,
    /// Its height in CSS pixels, 0 when unknown.
    pub height: u32,
}

/// URLs the search script needs (all include the base path).
#[derive(Clone, Debug, Serialize)]
pub(crate) struct SearchView {
    /// The worker script.
    pub worker_url: String,
    /// The wasm module.
    pub wasm_url: String,
    /// The hot bundle.
    pub hot_url: String,
    /// The folder of the index pages.
    pub dir_url: String,
    /// The original language's base path: a translation's results in the
    /// original's language (articles it lacks) are relative to it.
    pub root_url: String,
    /// The original language's direction (`ltr` or `rtl`), for those
    /// results' text.
    pub root_dir: &'static str,
}

impl SearchView {
    /// The URLs of the search files at `locations` (shared by every
    /// language, so below the site's root).
    pub(crate) fn new(config: &Config, locations: &Locations) -> SearchView {
        SearchView {
            worker_url: config.root_url(&locations.worker),
            wasm_url: config.root_url(&locations.wasm),
            hot_url: config.root_url(&locations.hot),
            dir_url: config.root_url(&locations.dir),
            root_url: config.root_url(""),
            root_dir: if crate::config::is_rtl(&config.default_language) {
                "rtl"
            } else {
                "ltr"
            },
        }
    }
}

/// A way to reach a human.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct ChannelView {
    /// "Email".
    pub name: String,
    /// The channel's name in `[[support.channels]]`, the same in every
    /// language (a translation may show another `name`): what `contact`
    /// events name it by.
    pub key: String,
    /// Where the link goes.
    pub url: String,
    /// "within 24 hours" or empty.
    pub response_time: String,
    /// When to use it, or empty.
    pub description: String,
    /// `urgent = true`: listed first and marked.
    pub urgent: bool,
    /// `live = true`: a chat or phone line, open in the team's hours.
    pub live: bool,
    /// The structured reply time in words, written at build time in the
    /// page's language ("Replies within 24 business hours, Monday to
    /// Friday 09:00–18:00 Madrid time", "Open Monday to Friday
    /// 09:00–18:00 Madrid time"); empty without `reply-within` or `live`
    /// (then `response_time` is the free text, if any).
    pub hours_text: String,
    /// The JSON `hours.js` reads from `data-hours` (the team's zone,
    /// weekly hours and holidays, and the reply time); empty with
    /// `hours_text`.
    pub hours_data: String,
    /// Where the address is shown on its card: the `mailto:` address or the
    /// `tel:` number, with `<wbr>` break points after `@` and dots (escaped
    /// text, safe to write as HTML); empty for other links.
    pub address_html: String,
}

/// The channels of `config` as readers see them listed (in the language of
/// `t`): urgent ones first, then the others, each group in book.toml's
/// order; without the channel named `except` (shown on its own before
/// the list).
pub(crate) fn ordered_channels(
    config: &Config,
    t: &Strings,
    except: Option<&str>,
) -> Vec<ChannelView> {
    let mut list: Vec<ChannelView> = config
        .support_channels
        .iter()
        .filter(|c| except != Some(c.key.as_str()))
        .map(|c| ChannelView::new(c, config, t))
        .collect();
    list.sort_by_key(|c| !c.urgent);
    list
}

/// A `mailto:` address or `tel:` number of `url`, escaped, with `<wbr>`
/// after `@` and before each dot, so a long address breaks there on a
/// phone, never inside a word.
fn address_html(url: &str) -> String {
    let address = if let Some(rest) = url.strip_prefix("mailto:") {
        rest.split('?').next().unwrap_or_default()
    } else if let Some(rest) = url.strip_prefix("tel:") {
        rest
    } else {
        return String::new();
    };
    let decoded = percent_encoding::percent_decode_str(address).decode_utf8_lossy();
    let mut out = String::new();
    for (i, part) in decoded.split('.').enumerate() {
        if i > 0 {
            out.push_str("<wbr>.");
        }
        out.push_str(&escape_html(part).replace('@', "@<wbr>"));
    }
    out
}

/// The channel the "Still need help?" band speaks for: the request
/// channel when it has `reply-within`, else the first `live` one.
fn hours_channel(config: &Config, t: &Strings) -> Option<ChannelView> {
    let channels = &config.support_channels;
    let request = config.request_channel.and_then(|i| channels.get(i));
    request
        .filter(|c| c.reply_within.is_some())
        .or_else(|| channels.iter().find(|c| c.live))
        .map(|c| ChannelView::new(c, config, t))
        .filter(|c| !c.hours_text.is_empty())
}

impl ChannelView {
    /// The view of channel `c` of `config`, its reply time in the words
    /// of `t`.
    pub(crate) fn new(c: &SupportChannel, config: &Config, t: &Strings) -> ChannelView {
        let (hours_text, hours_data) = channel_hours(c, config.support_hours.as_ref(), t);
        ChannelView {
            name: c.name.clone(),
            key: c.key.clone(),
            url: c.url.clone(),
            // A structured reply time is the original's (a translation's
            // `response-time` only words a free-text one).
            response_time: if hours_text.is_empty() {
                c.response_time.clone()
            } else {
                String::new()
            },
            description: c.description.clone(),
            urgent: c.urgent,
            live: c.live,
            hours_text,
            hours_data,
            address_html: address_html(&c.url),
        }
    }
}

/// The announcement banner.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct AnnouncementView {
    /// `info`, `warning` or `outage`.
    pub severity: &'static str,
    /// Headline.
    pub title: String,
    /// Rendered body.
    pub html: String,
    /// `YYYY-MM-DD` or empty.
    pub start: String,
    /// `YYYY-MM-DD` or empty.
    pub end: String,
}

impl AnnouncementView {
    /// The banner of `announcement` when it is active on `today` (between
    /// its start and end dates, both included), with its body rendered by
    /// `html` (called only then).
    pub(crate) fn active(
        announcement: &Announcement,
        today: Date,
        html: impl FnOnce() -> String,
    ) -> Option<AnnouncementView> {
        let meta = &announcement.meta;
        let active = meta.start.is_none_or(|s| s <= today) && meta.end.is_none_or(|e| today <= e);
        active.then(|| AnnouncementView {
            severity: meta.severity.as_str(),
            title: meta.title.clone(),
            html: html(),
            start: iso_date(meta.start),
            end: iso_date(meta.end),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_break_after_the_at_sign_and_before_dots_only() {
        assert_eq!(
            address_html("mailto:support@murmur.example?subject=Hi"),
            "support@<wbr>murmur<wbr>.example"
        );
        assert_eq!(
            address_html("mailto:a%2Bb@x.org"),
            "a+b@<wbr>x<wbr>.org",
            "percent-escapes read as the address"
        );
        assert_eq!(address_html("mailto:<b>@x"), "&lt;b&gt;@<wbr>x", "escaped");
        assert_eq!(address_html("tel:+1 555 0100"), "+1 555 0100");
        assert_eq!(address_html("https://example.com/form"), "");
    }
}
