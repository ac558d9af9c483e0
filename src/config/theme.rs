//! `[theme]`: the help center's brand. A `logo` and a `favicon` (image
//! files of the help center, read and published by the theme stage), and
//! an `accent` colour whose contrast is checked here, when book.toml is
//! read: links and buttons use it as text on white and as a background
//! under white text, so below 4.5:1 on white it is an error. Dark mode
//! uses a lighter variant (`accent-dark`, or one derived from `accent`),
//! checked against the theme's dark background the same way.

use std::ops::Range;

use crate::base::data::Fields;

/// The least contrast (WCAG 2.x) of text colours: 4.5:1.
pub(crate) const MIN_CONTRAST: f64 = 4.5;

/// The default theme's light background (`--bg`): white.
pub(crate) const LIGHT_BACKGROUND: &str = "#ffffff";

/// The default theme's light grey panels (`--surface`): accent-coloured
/// links sit on it too (search suggestions), so an accent that passes on
/// white but not here is a warning.
pub(crate) const LIGHT_SURFACE: &str = "#f3f5f8";

/// The light highlight of matched words (`--mark`): a suggestion's title,
/// accent-coloured, may be highlighted.
pub(crate) const LIGHT_MARK: &str = "#fff0a0";

/// The default theme's dark background (`--bg` in dark mode).
pub(crate) const DARK_BACKGROUND: &str = "#111418";

/// The dark panels accent text sits on in dark mode (`--surface`, and
/// `--mark`, the highlight of matched words, the lightest): a derived dark
/// variant is made light enough for all of them.
pub(crate) const DARK_PANELS: [&str; 2] = ["#1a1f26", "#4d3d00"];

/// The file types a logo may be.
pub(crate) const LOGO_TYPES: [&str; 7] = ["svg", "png", "jpg", "jpeg", "webp", "gif", "avif"];

/// The file types a favicon may be.
pub(crate) const FAVICON_TYPES: [&str; 3] = ["svg", "png", "ico"];

/// `[theme]`: the brand of the help center.
#[derive(Clone, Debug, Default)]
pub struct Brand {
    /// `logo`: shown in the header's link to the home page.
    pub logo: Option<BrandFile>,
    /// `favicon`: replaces the theme's default favicon.
    pub favicon: Option<BrandFile>,
    /// `accent` (and `accent-dark`): the colours of links and buttons.
    pub accent: Option<Accent>,
}

/// An image file `[theme]` names, relative to the help center's root.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BrandFile {
    /// The key that names it (`logo`, `favicon`).
    pub key: &'static str,
    /// The path as written (`/`-separated, relative to the root).
    pub path: String,
    /// Its extension, lower-case (`svg`).
    pub extension: String,
    /// Where the value is in book.toml.
    pub span: Range<usize>,
}

/// The accent colours the theme's CSS custom properties get, as `#rrggbb`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Accent {
    /// Links and buttons on the light palette (`accent`).
    pub light: String,
    /// Their hover colour: `accent` darkened.
    pub light_hover: String,
    /// Links and buttons on the dark palette: `accent-dark`, or `accent`
    /// lightened until it reads on the dark panels.
    pub dark: String,
    /// Their hover colour: the dark variant lightened.
    pub dark_hover: String,
    /// The tinted background of the home page's search (`--hero`): 9% of
    /// `accent` over white.
    pub light_tint: String,
    /// The same in dark mode: 12% of the dark variant over the dark background.
    pub dark_tint: String,
}

impl Accent {
    /// The CSS custom properties the default theme reads (`--brand`,
    /// `--brand-hover`, `--brand-dark`, `--brand-dark-hover`), as one
    /// declaration list.
    pub fn css_properties(&self) -> String {
        format!(
            "--brand:{};--brand-hover:{};--brand-tint:{};--brand-dark:{};--brand-dark-hover:{};--brand-dark-tint:{}",
            self.light, self.light_hover, self.light_tint, self.dark, self.dark_hover, self.dark_tint
        )
    }
}

/// Reads `[theme]` from `f`.
pub(crate) fn read_brand(f: &mut Fields<'_>) -> Brand {
    let logo = read_file(f, "logo", &LOGO_TYPES, "logo = \"images/logo.svg\"");
    let favicon = read_file(
        f,
        "favicon",
        &FAVICON_TYPES,
        "favicon = \"images/icon.svg\"",
    );
    let has_accent = f.span_of("accent").is_some();
    let accent = read_colour(f, "accent");
    let dark_span = f.span_of("accent-dark");
    let accent_dark = read_colour(f, "accent-dark");
    if let (false, Some(span)) = (has_accent, dark_span) {
        f.error_at(
            &span,
            "`accent-dark` in [theme] needs an `accent`".into(),
            Some("add the light colour too: accent = \"#1a73e8\"".into()),
        );
    }
    let accent = accent.map(|(light, span)| {
        let dark = accent_dark.map(|(dark, span)| {
            check_dark(f, dark, &span);
            dark
        });
        check_light(f, light, dark, &span)
    });
    Brand {
        logo,
        favicon,
        accent,
    }
}

/// A path to an image file: relative, inside the help center, of one of `types`.
fn read_file(
    f: &mut Fields<'_>,
    key: &'static str,
    types: &[&str],
    example: &str,
) -> Option<BrandFile> {
    let span = f.span_of(key).unwrap_or(0..0);
    let path = f.take_string(key)?;
    let trimmed = path.trim().replace('\\', "/");
    let escapes = trimmed.starts_with('/')
        || trimmed.contains(':')
        || trimmed.split('/').any(|part| part == "..");
    if trimmed.is_empty() || escapes {
        f.error_at(
            &span,
            format!("`{key}` in [theme] must be a path inside the help center, not \"{path}\""),
            Some(format!(
                "write the path from the folder of book.toml: {example}"
            )),
        );
        return None;
    }
    let extension = trimmed
        .rsplit_once('.')
        .map(|(_, ext)| ext.to_ascii_lowercase())
        .filter(|ext| !ext.contains('/'))
        .unwrap_or_default();
    if !types.contains(&extension.as_str()) {
        f.error_at(
            &span,
            format!("`{key}` in [theme] is not an image type it can be: \"{path}\""),
            Some(format!("use a file ending in .{}", types.join(", ."))),
        );
        return None;
    }
    Some(BrandFile {
        key,
        path: trimmed,
        extension,
        span,
    })
}

/// An sRGB colour, components in 0..=1.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Rgb(pub [f64; 3]);

impl Rgb {
    /// Parses any CSS colour (`#1a73e8`, `rgb(26 115 232)`, `hsl(…)`, a
    /// name); `Err` says why not. Transparent colours are refused: their
    /// contrast depends on what is under them.
    pub fn parse(text: &str) -> Result<Rgb, String> {
        let colour = csscolorparser::parse(text.trim()).map_err(|e| e.to_string())?;
        if colour.a < 1.0 {
            return Err("it is transparent".into());
        }
        Ok(Rgb([
            f64::from(colour.r),
            f64::from(colour.g),
            f64::from(colour.b),
        ]))
    }

    /// `#rrggbb`.
    pub fn hex(self) -> String {
        let [r, g, b] = self.0.map(|c| (c.clamp(0.0, 1.0) * 255.0).round() as u8);
        format!("#{r:02x}{g:02x}{b:02x}")
    }

    /// `self` over `other` at `amount` (0 to 1), mixed in sRGB as CSS's
    /// `color-mix(in srgb, …)` does, rounded to 8 bits.
    pub fn mix(self, other: Rgb, amount: f64) -> Rgb {
        let mut out = [0.0; 3];
        for (i, c) in out.iter_mut().enumerate() {
            let v = self.0[i] * amount + other.0[i] * (1.0 - amount);
            *c = (v * 255.0).round() / 255.0;
        }
        Rgb(out)
    }

    /// WCAG 2.x relative luminance.
    pub fn luminance(self) -> f64 {
        let [r, g, b] = self.0.map(|c| {
            if c <= 0.04045 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        });
        0.2126 * r + 0.7152 * g + 0.0722 * b
    }

    /// The WCAG 2.x contrast ratio of two colours (1 to 21).
    pub fn contrast(self, other: Rgb) -> f64 {
        let (a, b) = (self.luminance(), other.luminance());
        (a.max(b) + 0.05) / (a.min(b) + 0.05)
    }

    /// The colour with its OKLCH lightness moved by `delta` (hue kept,
    /// brought back into sRGB), rounded to 8 bits as CSS will show it.
    pub fn shift_lightness(self, delta: f64) -> Rgb {
        let [r, g, b] = self.0.map(|c| c as f32);
        let [l, c, h, _] = csscolorparser::Color::new(r, g, b, 1.0).to_oklcha();
        let l = (f64::from(l) + delta).clamp(0.0, 1.0) as f32;
        // Less chroma until the colour fits sRGB, so the hue does not drift.
        let mut chroma = c;
        loop {
            let colour = csscolorparser::Color::from_oklcha(l, chroma, h, 1.0);
            let fits = [colour.r, colour.g, colour.b]
                .iter()
                .all(|v| (-0.001..=1.001).contains(v));
            if fits || chroma <= 0.0 {
                return Rgb([colour.r, colour.g, colour.b]
                    .map(|v| (f64::from(v).clamp(0.0, 1.0) * 255.0).round() / 255.0));
            }
            chroma = (chroma - 0.005).max(0.0);
        }
    }

    /// The colour lightened (`step` > 0) or darkened (`step` < 0) in OKLCH
    /// until its contrast with `background` reaches `target` (or it cannot
    /// move further).
    pub fn until_contrast(self, background: Rgb, target: f64, step: f64) -> Rgb {
        let mut colour = self;
        for i in 0..200 {
            if colour.contrast(background) >= target {
                return colour;
            }
            colour = self.shift_lightness(step * f64::from(i + 1));
        }
        colour
    }
}

/// The built-in colour `hex` (one of the constants above).
pub(crate) fn theme_colour(hex: &str) -> Rgb {
    Rgb::parse(hex).unwrap_or(Rgb([1.0, 1.0, 1.0]))
}

/// A colour key of `[theme]` and where its value is.
fn read_colour(f: &mut Fields<'_>, key: &'static str) -> Option<(Rgb, Range<usize>)> {
    let span = f.span_of(key).unwrap_or(0..0);
    let text = f.take_string(key)?;
    match Rgb::parse(&text) {
        Ok(colour) => Some((colour, span)),
        Err(why) => {
            f.error_at(
                &span,
                format!("`{key}` in [theme] is not a CSS colour: \"{text}\" ({why})"),
                Some(format!(
                    "write a hex colour such as {key} = \"#1a73e8\" (rgb(), hsl() and colour names work too)"
                )),
            );
            None
        }
    }
}

/// Two decimals, as contrast checkers show ratios.
fn ratio(value: f64) -> String {
    format!("{:.2}:1", (value * 100.0).floor() / 100.0)
}

/// `accent` on white: an error below 4.5:1 (with the dark variant's
/// ratio), a warning below 4.5:1 on the light grey panels. Returns the
/// accent's colours, the dark variant derived when `dark` is `None`.
fn check_light(f: &mut Fields<'_>, light: Rgb, dark: Option<Rgb>, span: &Range<usize>) -> Accent {
    let white = theme_colour(LIGHT_BACKGROUND);
    let night = theme_colour(DARK_BACKGROUND);
    let dark = dark.unwrap_or_else(|| derive_dark(light));
    let on_white = light.contrast(white);
    if on_white < MIN_CONTRAST {
        let fixed = light.until_contrast(white, MIN_CONTRAST + 0.1, -0.01);
        f.error_at(
            span,
            format!(
                "`accent` {} has a contrast of {} on white, below {MIN_CONTRAST}:1 (in dark mode, {} has {} on the dark background {DARK_BACKGROUND})",
                light.hex(),
                ratio(on_white),
                dark.hex(),
                ratio(dark.contrast(night)),
            ),
            Some(format!(
                "links and buttons show the accent as text on white and under white text: use a darker shade, such as accent = \"{}\" ({} on white)",
                fixed.hex(),
                ratio(fixed.contrast(white)),
            )),
        );
    } else {
        // The darkest of the grey panels, the highlight and the tinted band.
        let surface = [
            theme_colour(LIGHT_SURFACE),
            theme_colour(LIGHT_MARK),
            light_tint(light),
        ]
        .into_iter()
        .min_by(|a, b| a.luminance().total_cmp(&b.luminance()))
        .unwrap_or(white);
        let on_surface = light.contrast(surface);
        if on_surface < MIN_CONTRAST {
            let fixed = light.until_contrast(surface, MIN_CONTRAST + 0.05, -0.01);
            f.warning_at(
                span,
                format!(
                    "`accent` {} has {} on white but {} on the theme's light panels ({}), below {MIN_CONTRAST}:1",
                    light.hex(),
                    ratio(on_white),
                    ratio(on_surface),
                    surface.hex(),
                ),
                format!(
                    "search suggestions show accent-coloured titles on them: a slightly darker shade reads everywhere, such as accent = \"{}\"",
                    fixed.hex()
                ),
            );
        }
    }
    Accent {
        light: light.hex(),
        light_hover: light.shift_lightness(-0.08).hex(),
        dark: dark.hex(),
        dark_hover: dark.shift_lightness(0.08).hex(),
        light_tint: light_tint(light).hex(),
        dark_tint: dark.mix(night, 0.12).hex(),
    }
}

/// The light palette's tinted panel (`--hero`) for `accent`.
fn light_tint(accent: Rgb) -> Rgb {
    accent.mix(theme_colour(LIGHT_BACKGROUND), 0.09)
}

/// The lightest of the dark panels accent text sits on.
fn lightest_dark_panel() -> Rgb {
    DARK_PANELS
        .into_iter()
        .map(theme_colour)
        .max_by(|a, b| a.luminance().total_cmp(&b.luminance()))
        .unwrap_or_else(|| theme_colour(DARK_BACKGROUND))
}

/// `accent-dark` on the dark background: an error below 4.5:1; a warning
/// below 4.5:1 on the lightest dark panel.
fn check_dark(f: &mut Fields<'_>, dark: Rgb, span: &Range<usize>) {
    let night = theme_colour(DARK_BACKGROUND);
    let on_night = dark.contrast(night);
    let fixed = derive_dark(dark);
    if on_night < MIN_CONTRAST {
        f.error_at(
            span,
            format!(
                "`accent-dark` {} has a contrast of {} on the dark background {DARK_BACKGROUND}, below {MIN_CONTRAST}:1",
                dark.hex(),
                ratio(on_night),
            ),
            Some(format!(
                "use a lighter shade, such as accent-dark = \"{}\" ({}), or remove it to have one derived from `accent`",
                fixed.hex(),
                ratio(fixed.contrast(night)),
            )),
        );
        return;
    }
    let panel = lightest_dark_panel();
    let on_panel = dark.contrast(panel);
    if on_panel < MIN_CONTRAST {
        f.warning_at(
            span,
            format!(
                "`accent-dark` {} has {} on the dark background but {} on the theme's lightest dark panel ({}), below {MIN_CONTRAST}:1",
                dark.hex(),
                ratio(on_night),
                ratio(on_panel),
                panel.hex(),
            ),
            format!(
                "search suggestions show accent-coloured titles on it: a lighter shade reads everywhere, such as accent-dark = \"{}\"",
                fixed.hex()
            ),
        );
    }
}

/// The dark-mode variant of `accent`: lightened (hue kept) until it has
/// 4.5:1 on the theme's lightest dark panel (with a small margin), so it
/// reads on every dark background; an accent already that light is kept.
pub(crate) fn derive_dark(accent: Rgb) -> Rgb {
    accent.until_contrast(lightest_dark_panel(), MIN_CONTRAST + 0.2, 0.01)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn contrast_matches_wcag() {
        let white = theme_colour("#fff");
        let black = theme_colour("#000");
        assert!((white.contrast(black) - 21.0).abs() < 1e-9);
        // The default theme's tint of its own accent.
        assert_eq!(light_tint(Rgb::parse("#0b57d0").unwrap()).hex(), "#e9f0fb");
        // The example: Google's blue, just above 4.5:1 on white.
        let blue = Rgb::parse("#1a73e8").unwrap();
        assert_eq!(ratio(blue.contrast(white)), "4.50:1");
        assert!(blue.contrast(white) >= MIN_CONTRAST);
        assert_eq!(Rgb::parse("rgb(26 115 232)").unwrap().hex(), "#1a73e8");
        assert!(Rgb::parse("#1a73e880").is_err(), "transparent");
        assert!(Rgb::parse("bluish").is_err());
    }

    #[test]
    fn derived_variants_read_on_their_backgrounds() {
        for hex in [
            "#1a73e8", "#0b57d0", "#6b35b8", "#b3261e", "#17692e", "#000000", "#7a4f00",
        ] {
            let accent = Rgb::parse(hex).unwrap();
            let dark = derive_dark(accent);
            for panel in DARK_PANELS {
                assert!(
                    dark.contrast(theme_colour(panel)) >= MIN_CONTRAST,
                    "{hex} → {} on {panel}",
                    dark.hex()
                );
            }
            assert!(dark.contrast(theme_colour(DARK_BACKGROUND)) >= MIN_CONTRAST);
            assert!(dark.contrast(dark.mix(theme_colour(DARK_BACKGROUND), 0.12)) >= MIN_CONTRAST);
            let hover = accent.shift_lightness(-0.08);
            assert!(
                hover.contrast(theme_colour(LIGHT_BACKGROUND))
                    >= accent.contrast(theme_colour(LIGHT_BACKGROUND))
            );
        }
    }
}
