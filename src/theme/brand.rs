//! The brand's images: `[theme] logo` and `favicon` read from the help
//! center (regular files inside it, under the size limit of a theme's
//! static file) into the theme's static files, where they are published
//! with a content hash like the theme's own; the default favicon is the
//! theme's `favicon.svg`.

use std::path::Path;

use crate::base::diagnostic::Diagnostic;
use crate::base::files::{read_limited, FileProblem, LinkGuard};
use crate::config::{BrandFile, Config, CONFIG_FILE};

/// The theme's own favicon (`static/favicon.svg`), used unless `[theme]
/// favicon` names another.
pub const DEFAULT_FAVICON: &str = "favicon.svg";

/// An image of the brand, among the theme's static files.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Image {
    /// Its name among the theme's statics (`brand/logo.svg`).
    pub name: String,
    /// Its MIME type (`image/svg+xml`).
    pub mime: &'static str,
    /// Its width and height in CSS pixels, when they could be read (the
    /// header reserves the logo's space with them).
    pub size: Option<(u32, u32)>,
}

/// What `[theme]` brings into the theme: its images' bytes by static
/// name, and the logo and favicon among them.
#[derive(Debug, Default)]
pub(crate) struct BrandFiles {
    /// Static name → bytes.
    pub statics: Vec<(String, Vec<u8>)>,
    /// `[theme] logo`.
    pub logo: Option<Image>,
    /// `[theme] favicon`.
    pub favicon: Option<Image>,
    /// Files that are missing, unreadable or outside the help center, each
    /// an error at its line in book.toml.
    pub diagnostics: Vec<Diagnostic>,
}

/// Reads `config`'s `[theme] logo` and `favicon` (paths from `root`, at
/// most `limit` bytes each).
pub(crate) fn read_brand(
    root: &Path,
    config: &Config,
    config_text: &str,
    limit: u64,
) -> BrandFiles {
    let guard = config.link_guard(root);
    let mut out = BrandFiles::default();
    for file in [&config.brand.logo, &config.brand.favicon]
        .into_iter()
        .flatten()
    {
        match read_image(root, &guard, file, config_text, limit) {
            Ok(bytes) => {
                let name = format!("brand/{}.{}", file.key, file.extension);
                let image = Image {
                    mime: mime_of(&file.extension),
                    size: size_of(&bytes, &file.extension),
                    name: name.clone(),
                };
                out.statics.push((name, bytes));
                if file.key == "logo" {
                    out.logo = Some(image);
                } else {
                    out.favicon = Some(image);
                }
            }
            Err(d) => out.diagnostics.push(d),
        }
    }
    out
}

/// The bytes of `file`, or the error at its line in book.toml.
fn read_image(
    root: &Path,
    guard: &LinkGuard,
    file: &BrandFile,
    config_text: &str,
    limit: u64,
) -> Result<Vec<u8>, Diagnostic> {
    let path = root.join(&file.path);
    let located = |message: String, help: String| {
        Diagnostic::error(message)
            .in_file(CONFIG_FILE)
            .at(config_text, file.span.clone())
            .with_help(help)
    };
    if let Some(target) = guard
        .refuses(&path)
        .or_else(|| guard.refuses_on_the_way(&path))
    {
        return Err(located(
            format!(
                "`{}` in [theme] is a symbolic link to {}, outside the help center",
                file.key,
                target.display()
            ),
            "copy the image into the help center's folder".into(),
        ));
    }
    let bytes = read_limited(&path, limit).map_err(|problem| {
        let help = match problem {
            FileProblem::Io(ref e) if e.kind() == std::io::ErrorKind::NotFound => format!(
                "the path is read from the folder of book.toml; put the image there (e.g. {}) or correct the path",
                file.path
            ),
            _ => format!(
                "check that the file is a regular file you can read, at most {} MB",
                limit / 1_048_576
            ),
        };
        located(format!("cannot read the `{}` of [theme], \"{}\": {problem}", file.key, file.path), help)
    })?;
    if file.extension != "svg" && imagesize::blob_size(&bytes).is_err() {
        return Err(located(
            format!(
                "the `{}` of [theme], \"{}\", is not a readable {} image",
                file.key,
                file.path,
                file.extension.to_uppercase()
            ),
            "export the image again, or use an SVG or PNG file".into(),
        ));
    }
    Ok(bytes)
}

/// The MIME type of an image file extension.
fn mime_of(extension: &str) -> &'static str {
    match extension {
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "webp" => "image/webp",
        "gif" => "image/gif",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        _ => "application/octet-stream",
    }
}

/// An image's intrinsic size: raster formats through `imagesize`, an SVG
/// from its root element's `width` and `height` or `viewBox`.
fn size_of(bytes: &[u8], extension: &str) -> Option<(u32, u32)> {
    if extension != "svg" {
        let size = imagesize::blob_size(bytes).ok()?;
        return Some((
            u32::try_from(size.width).ok()?,
            u32::try_from(size.height).ok()?,
        ));
    }
    let text = std::str::from_utf8(bytes).ok()?;
    let start = text.find("<svg")?;
    let tag = &text[start..start + text[start..].find('>')?];
    let number = |name: &str| -> Option<f64> {
        let value = attribute(tag, name)?;
        let digits = value.trim().trim_end_matches("px");
        digits.parse::<f64>().ok().filter(|v| *v > 0.0)
    };
    let (width, height) = match (number("width"), number("height")) {
        (Some(w), Some(h)) => (w, h),
        _ => {
            let view_box = attribute(tag, "viewBox")?;
            let parts: Vec<f64> = view_box
                .split(|c: char| c == ',' || c.is_whitespace())
                .filter(|p| !p.is_empty())
                .filter_map(|p| p.parse().ok())
                .collect();
            match parts[..] {
                [_, _, w, h] if w > 0.0 && h > 0.0 => (w, h),
                _ => return None,
            }
        }
    };
    Some((
        width.round().max(1.0) as u32,
        height.round().max(1.0) as u32,
    ))
}

/// The value of attribute `name` in an element's start tag.
fn attribute<'t>(tag: &'t str, name: &str) -> Option<&'t str> {
    let mut rest = tag;
    while let Some(at) = rest.find(name) {
        let before = rest[..at].chars().next_back();
        let after = rest[at + name.len()..].trim_start();
        if before.is_some_and(char::is_whitespace) {
            if let Some(value) = after.strip_prefix('=') {
                let value = value.trim_start();
                let quote = value.chars().next()?;
                if quote == '"' || quote == '\'' {
                    let inner = &value[1..];
                    return inner.find(quote).map(|end| &inner[..end]);
                }
            }
        }
        rest = &rest[at + name.len()..];
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn svg_sizes_from_attributes_or_view_box() {
        let svg = |s: &str| size_of(s.as_bytes(), "svg");
        assert_eq!(
            svg(r#"<svg xmlns="http://www.w3.org/2000/svg" width="120" height="32">"#),
            Some((120, 32))
        );
        assert_eq!(
            svg(r#"<?xml version="1.0"?><svg viewBox="0 0 240 64">"#),
            Some((240, 64))
        );
        assert_eq!(
            svg(r#"<svg width="100%" viewBox="0,0,48,48">"#),
            Some((48, 48))
        );
        assert_eq!(svg(r#"<svg stroke-width="2">"#), None);
        assert_eq!(svg("not an svg"), None);
    }
}
