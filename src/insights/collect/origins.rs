//! The origins whose pages may post events (`--allow-origin`): checked and
//! written the way browsers send them in the `Origin` header, so that a
//! request's origin is allowed exactly when it is in the list.

/// The allowed origins, as browsers write them (`https://help.example.com`,
/// `http://127.0.0.1:8000`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Origins(Vec<String>);

impl Origins {
    /// Checks each `--allow-origin` value: `http` or `https`, a host, an
    /// optional port, nothing after (a trailing `/` is dropped; letters are
    /// lowered and a default port left out, as browsers do). `Err` says
    /// what is wrong.
    pub fn parse(values: &[String]) -> Result<Origins, String> {
        if values.is_empty() {
            return Err(
                "give the help center's address with --allow-origin (e.g. --allow-origin https://help.example.com): pages elsewhere may not post events".into(),
            );
        }
        let mut origins = Vec::new();
        for value in values {
            let origin = normalize(value).map_err(|why| {
                format!("--allow-origin {value:?}: {why}; write an origin such as https://help.example.com or http://127.0.0.1:8000")
            })?;
            if !origins.contains(&origin) {
                origins.push(origin);
            }
        }
        Ok(Origins(origins))
    }

    /// Whether a request's `Origin` header is one of them.
    pub fn allows(&self, origin: &str) -> bool {
        self.0.iter().any(|o| o == origin)
    }

    /// The origins, as given (normalised).
    pub fn list(&self) -> &[String] {
        &self.0
    }
}

/// An origin as a browser serialises it, or why `value` is not one.
fn normalize(value: &str) -> Result<String, String> {
    let (scheme, rest) = value
        .split_once("://")
        .ok_or("it has no scheme (http:// or https://)")?;
    let scheme = scheme.to_ascii_lowercase();
    let default_port = match scheme.as_str() {
        "http" => "80",
        "https" => "443",
        _ => return Err(format!("the scheme is {scheme:?}, not http or https")),
    };
    let authority = rest.strip_suffix('/').unwrap_or(rest);
    if authority.contains(['/', '?', '#']) {
        return Err("an origin has no path, query or fragment".into());
    }
    if authority.contains('@') {
        return Err("an origin has no user name".into());
    }
    let (host, port) = match authority.rsplit_once(':') {
        // `[::1]` alone: the colon belongs to the IPv6 address.
        Some((host, port)) if !port.contains(']') => (host, Some(port)),
        _ => (authority, None),
    };
    if host.is_empty()
        || !host
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-.[]:".contains(c))
    {
        return Err("the host name is empty or has characters a host name cannot have".into());
    }
    let host = host.to_ascii_lowercase();
    match port {
        None => Ok(format!("{scheme}://{host}")),
        Some(port) if port.parse::<u16>().is_err() => Err(format!("{port:?} is not a port")),
        Some(port) if port == default_port => Ok(format!("{scheme}://{host}")),
        Some(port) => Ok(format!("{scheme}://{host}:{port}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(value: &str) -> Result<String, String> {
        Origins::parse(&[value.to_string()]).map(|o| o.0[0].clone())
    }

    #[test]
    fn origins_are_written_as_browsers_send_them() {
        assert_eq!(
            one("https://help.example.com").unwrap(),
            "https://help.example.com"
        );
        assert_eq!(
            one("https://Help.Example.com/").unwrap(),
            "https://help.example.com"
        );
        assert_eq!(
            one("https://help.example.com:443").unwrap(),
            "https://help.example.com"
        );
        assert_eq!(
            one("http://127.0.0.1:8000").unwrap(),
            "http://127.0.0.1:8000"
        );
        assert_eq!(one("http://[::1]:8000").unwrap(), "http://[::1]:8000");
        assert_eq!(one("http://[::1]").unwrap(), "http://[::1]");
        let origins = Origins::parse(&["http://localhost:8000/".into()]).unwrap();
        assert!(origins.allows("http://localhost:8000"));
        assert!(!origins.allows("http://localhost:8001"));
        assert!(!origins.allows("null"));
    }

    #[test]
    fn what_is_not_an_origin_says_why() {
        for (value, says) in [
            ("help.example.com", "no scheme"),
            ("ftp://help.example.com", "not http or https"),
            ("https://help.example.com/help/", "no path"),
            ("https://user@help.example.com", "no user name"),
            ("https://help.example.com:99999", "not a port"),
            ("https://", "host name is empty"),
            ("https://exa mple.com", "host name"),
        ] {
            let err = one(value).unwrap_err();
            assert!(err.contains(says), "{value}: {err}");
            assert!(err.contains("such as https://"), "{err}");
        }
        assert!(Origins::parse(&[]).unwrap_err().contains("--allow-origin"));
    }
}
