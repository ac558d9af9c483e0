//! What templates call besides tera's built-ins, each a struct implementing
//! tera's [`Function`] or [`Filter`] (as Zola's global functions are), made
//! once per site: `static_url`, `tr`, `tr_json`, `icon` and the `json_script`
//! filter.

use std::collections::HashMap;
use std::sync::Arc;

use tera::{Filter, Function, Value};

use crate::config::Config;
use crate::model::urls::STATIC_DIR;
use crate::theme::{is_icon_name, Strings, Theme};

/// Registers the functions and the filter in `tera`, for the site of
/// `config` with the theme's strings `strings` in its language.
pub(crate) fn register(tera: &mut tera::Tera, theme: &Theme, config: &Config, strings: &Strings) {
    let strings = Arc::new(strings.clone());
    tera.register_filter("json_script", JsonScript);
    tera.register_function("tr_json", TrJson(strings.clone()));
    tera.register_function("tr", Tr(strings));
    tera.register_function("static_url", StaticUrl::new(theme, config));
    tera.register_function("icon", Icon(Arc::new(theme.icons.clone())));
}

/// `{{ icon(name=section.icon) | safe }}`: a category's icon as markup. A
/// name (`lock`) gives the theme's inline SVG (hidden from assistive
/// technology, drawn in the text colour); other text, such as an emoji,
/// is given back escaped; an unknown name is an error (`check` reports
/// one written in content at its line, with did-you-mean).
pub(crate) struct Icon(Arc<std::collections::BTreeMap<String, String>>);

impl Function for Icon {
    fn call(&self, args: &HashMap<String, Value>) -> tera::Result<Value> {
        let name = args
            .get("name")
            .and_then(|v| v.as_str())
            .ok_or_else(|| tera::Error::msg("icon needs name=\"lock\""))?;
        if !is_icon_name(name) {
            return Ok(Value::String(crate::base::html::escape_html(name)));
        }
        self.0
            .get(name)
            .map(|svg| Value::String(svg.clone()))
            .ok_or_else(|| tera::Error::msg(format!("icon: the theme has no icon `{name}`")))
    }
}

/// `{{ value | json_script | safe }}` inside a `<script>` element: JSON with
/// `<` escaped, so no string can close the element.
pub(crate) struct JsonScript;

impl Filter for JsonScript {
    fn filter(&self, value: &Value, _: &HashMap<String, Value>) -> tera::Result<Value> {
        json_script(value).map(Value::String)
    }
}

/// `tr(key="…")`: a theme string, for macros (which do not see the page's
/// `t`, and would copy it on every call if it were passed).
pub(crate) struct Tr(Arc<Strings>);

impl Function for Tr {
    fn call(&self, args: &HashMap<String, Value>) -> tera::Result<Value> {
        let key = args
            .get("key")
            .and_then(|v| v.as_str())
            .ok_or_else(|| tera::Error::msg("tr needs key=\"name\""))?;
        Ok(Value::String(self.0.get(key)))
    }
}

/// `tr_json(keys=[…])`: the theme strings the scripts read, as one JSON
/// object safe inside `<script>` (a loop over the keys in the template cost
/// more than the rest of a page).
pub(crate) struct TrJson(Arc<Strings>);

impl Function for TrJson {
    fn call(&self, args: &HashMap<String, Value>) -> tera::Result<Value> {
        let keys = args
            .get("keys")
            .and_then(|v| v.as_array())
            .ok_or_else(|| tera::Error::msg("tr_json needs keys=[\"name\", …]"))?;
        strings_json(&self.0, keys).map(Value::String)
    }
}

/// `static_url(path="helpbook.css")`: the URL of a theme static file with a
/// hash of its content as the query (`/static/helpbook.css?v=1a2b3`), so a
/// changed file is never hidden by a cache.
pub(crate) struct StaticUrl {
    /// Where the theme's static files are (`/static/`).
    base: String,
    /// File name → short hash of its bytes.
    hashes: HashMap<String, String>,
}

impl StaticUrl {
    /// The URLs of `theme`'s static files, at the root of `config`'s help
    /// center (every language shares them).
    pub(crate) fn new(theme: &Theme, config: &Config) -> StaticUrl {
        StaticUrl {
            base: config.root_url(STATIC_DIR),
            hashes: theme
                .statics
                .iter()
                .map(|(name, bytes)| (name.clone(), crate::base::hash::short_hash(bytes, 5)))
                .collect(),
        }
    }
}

impl StaticUrl {
    /// The URL of static file `path` with its hash, `None` when the theme
    /// has no such file.
    pub(crate) fn url(&self, path: &str) -> Option<String> {
        let hash = self.hashes.get(path)?;
        Some(format!("{}{path}?v={hash}", self.base))
    }
}

impl Function for StaticUrl {
    fn call(&self, args: &HashMap<String, Value>) -> tera::Result<Value> {
        let path = args
            .get("path")
            .and_then(|v| v.as_str())
            .ok_or_else(|| tera::Error::msg("static_url needs path=\"file\""))?;
        self.url(path).map(Value::String).ok_or_else(|| {
            tera::Error::msg(format!("static_url: the theme has no static file `{path}`"))
        })
    }
}

/// `value` as JSON safe inside a `<script>` element (`<` escaped, so no
/// string can close the element).
fn json_script(value: &Value) -> tera::Result<String> {
    let json =
        serde_json::to_string(value).map_err(|e| tera::Error::msg(format!("json_script: {e}")))?;
    Ok(json.replace('<', "\\u003c"))
}

/// `{"key":"string",…}` for `keys` in their order, each as [`json_script`]
/// writes it: what `tr_json(keys=…)` returns.
fn strings_json(strings: &Strings, keys: &[Value]) -> tera::Result<String> {
    let mut out = String::from("{");
    for (i, key) in keys.iter().enumerate() {
        let name = key
            .as_str()
            .ok_or_else(|| tera::Error::msg(format!("tr_json: keys must be text, found {key}")))?;
        let text = strings.0.get(name).ok_or_else(|| {
            tera::Error::msg(format!("tr_json: the theme has no string `{name}`"))
        })?;
        if i > 0 {
            out.push(',');
        }
        out.push_str(&json_script(key)?);
        out.push(':');
        out.push_str(&json_script(&Value::String(text.clone()))?);
    }
    out.push('}');
    Ok(out)
}
